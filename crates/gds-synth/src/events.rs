//! Vital events of a year: births (from the women counted in the persons file and the
//! age-specific fertility rates), deaths (from the persons counts and the death rates) and
//! registered marriages.

use crate::SynthError;
use crate::communes::Commune;
use crate::model::{AGE_MAX, CRUDE_MARRIAGE_RATE, Model, SEX};
use crate::out::{CsvTable, b};
use crate::persons::{CommuneCounts, pick};
use crate::rng::{Stream, stream};
use rand::RngExt;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Gamma, Normal, Poisson};

/// Header of the births file.
pub const BIRTHS_HEADER: [&str; 9] = [
    "birth_id",
    "period",
    "area",
    "sex",
    "mother_age",
    "birth_order",
    "urban_rural",
    "mother_ethnicity",
    "skilled_attendant",
];
/// Header of the deaths file.
pub const DEATHS_HEADER: [&str; 7] = ["death_id", "period", "area", "sex", "age", "maternal", "cause_ncd"];
/// Header of the marriages file.
pub const MARRIAGES_HEADER: [&str; 7] = [
    "marriage_id",
    "period",
    "area",
    "husband_age",
    "wife_age",
    "first_marriage_husband",
    "first_marriage_wife",
];

fn poisson(rng: &mut ChaCha8Rng, lambda: f64) -> u64 {
    if lambda <= 0.0 {
        return 0;
    }
    Poisson::new(lambda).map(|p| p.sample(rng) as u64).unwrap_or(0)
}

/// A birth.
#[derive(Debug, Clone)]
pub struct Birth {
    /// Sex index (0 = F).
    pub sex: usize,
    /// Mother's age.
    pub mother_age: usize,
    /// Birth order.
    pub order: u32,
    /// Urban?
    pub urban: bool,
    /// Mother's ethnicity.
    pub ethnicity: &'static str,
    /// Skilled attendant?
    pub skilled: bool,
}

/// Births of one commune and year.
pub fn births(
    model: &Model,
    seed: u64,
    year: i32,
    ci: usize,
    c: &Commune,
    counts: &CommuneCounts,
) -> Vec<Birth> {
    let mut rng = stream(seed, year, ci + 1, Stream::Births, 0);
    let (s12, s3) = model.srb(c);
    let (p12, p3) = (s12 / (100.0 + s12), s3 / (100.0 + s3));
    let mut out = Vec::new();
    for age in 10..50 {
        let n = poisson(&mut rng, counts.women(age) as f64 * model.asfr(c.mountain, age));
        for _ in 0..n {
            let d = Model::order_dist(c.mountain, age);
            let order = match pick(&[(1u32, d[0]), (2, d[1]), (3, d[2])], rng.random::<f64>()) {
                3 => {
                    let tail: &[(u32, f64)] = if c.mountain {
                        &[(3, 0.55), (4, 0.25), (5, 0.12), (6, 0.08)]
                    } else {
                        &[(3, 0.75), (4, 0.18), (5, 0.05), (6, 0.02)]
                    };
                    pick(tail, rng.random::<f64>())
                }
                o => o,
            };
            let pm = if order >= 3 { p3 } else { p12 };
            let sex = usize::from(rng.random::<f64>() < pm);
            let urban = rng.random::<f64>() < c.urban;
            let ethnicity = pick(c.ethnic, rng.random::<f64>());
            let minority = ethnicity != "kinh" && ethnicity != "hoa";
            let skilled = rng.random::<f64>() < model.p_skilled(c.mountain, minority);
            out.push(Birth { sex, mother_age: age, order, urban, ethnicity, skilled });
        }
    }
    out.shuffle(&mut rng);
    out
}

/// Write the births of a commune.
pub fn write_births(t: &mut CsvTable, year: i32, c: &Commune, births: &[Birth]) -> Result<(), SynthError> {
    for (i, x) in births.iter().enumerate() {
        t.row([
            format!("B{year}-{}-{:05}", c.code, i + 1),
            year.to_string(),
            c.code.to_string(),
            SEX[x.sex].to_string(),
            x.mother_age.to_string(),
            x.order.to_string(),
            (if x.urban { "U" } else { "R" }).to_string(),
            x.ethnicity.to_string(),
            b(x.skilled).to_string(),
        ])?;
    }
    Ok(())
}

/// Deaths of one commune and year (written directly); returns (deaths, maternal deaths).
#[allow(clippy::too_many_arguments)]
pub fn write_deaths(
    t: &mut CsvTable,
    model: &Model,
    seed: u64,
    year: i32,
    ci: usize,
    c: &Commune,
    counts: &CommuneCounts,
    births: &[Birth],
) -> Result<(u64, u64), SynthError> {
    let mut rng = stream(seed, year, ci + 1, Stream::Deaths, 0);
    // (sex, age, maternal, ncd)
    let mut rows: Vec<(usize, usize, bool, bool)> = Vec::new();
    for s in 0..2 {
        for age in 0..=AGE_MAX {
            let n = poisson(&mut rng, counts.of(s, age) as f64 * model.death_rate(s, age));
            for _ in 0..n {
                let ncd = rng.random::<f64>() < Model::p_ncd(age);
                rows.push((s, age, false, ncd));
            }
        }
    }
    let maternal = poisson(&mut rng, births.len() as f64 * model.mmr(c.mountain) / 100_000.0);
    for _ in 0..maternal {
        if births.is_empty() {
            break;
        }
        let k = rng.random_range(0..births.len());
        rows.push((0, births[k].mother_age, true, false));
    }
    rows.shuffle(&mut rng);
    let mut m = 0;
    for (i, (s, age, mat, ncd)) in rows.iter().enumerate() {
        if *mat {
            m += 1;
        }
        t.row([
            format!("D{year}-{}-{:05}", c.code, i + 1),
            year.to_string(),
            c.code.to_string(),
            SEX[*s].to_string(),
            age.to_string(),
            b(*mat).to_string(),
            b(*ncd).to_string(),
        ])?;
    }
    Ok((rows.len() as u64, m))
}

/// Registered marriages of one commune and year (legal ages: wife 18+, husband 20+).
pub fn write_marriages(
    t: &mut CsvTable,
    model: &Model,
    seed: u64,
    year: i32,
    ci: usize,
    c: &Commune,
    population: u64,
) -> Result<u64, SynthError> {
    let mut rng = stream(seed, year, ci + 1, Stream::Marriages, 0);
    let n = poisson(&mut rng, population as f64 * CRUDE_MARRIAGE_RATE / 1000.0);
    let afm_f = model.afm[0][usize::from(c.mountain)];
    let later = Gamma::new(3.0, 4.0).expect("valid gamma");
    for i in 0..n {
        let first_w = rng.random::<f64>() < 0.93;
        let first_h = rng.random::<f64>() < if first_w { 0.95 } else { 0.55 };
        let wife = if first_w {
            let mut a = 18;
            for _ in 0..100 {
                if let Some(m) = afm_f.sample(0.5 + 0.5 * rng.random::<f64>(), rng.random::<f64>())
                    && m >= 18
                {
                    a = m;
                    break;
                }
            }
            a as f64
        } else {
            (26.0 + Distribution::<f64>::sample(&later, &mut rng)).round().min(70.0)
        };
        let (mean, sd) = match (first_h, first_w) {
            (true, true) => (3.2, 2.8),
            (true, false) => (0.0, 5.0),
            (false, _) => (5.0, 5.0),
        };
        let gap = Normal::new(mean, sd).expect("valid normal").sample(&mut rng);
        let husband = (wife + gap).round().clamp(20.0, 85.0);
        t.row([
            format!("K{year}-{}-{:04}", c.code, i + 1),
            year.to_string(),
            c.code.to_string(),
            format!("{husband}"),
            format!("{wife}"),
            b(first_h).to_string(),
            b(first_w).to_string(),
        ])?;
    }
    Ok(n)
}
