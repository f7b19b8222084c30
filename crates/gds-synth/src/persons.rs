//! Census persons and the labour force survey sample drawn from them, one chunk at a time.

use crate::communes::{COMMUNES, Commune};
use crate::model::{
    AGE_MAX, EDU, EDU_YEARS, EMP_TYPES, INCOME_SIGMA, INDUSTRY_SHARE, Model, SECTORS, Traits,
};
use crate::rng::{Stream, stream};
use polars::prelude::*;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Gamma, Normal, StandardNormal};

/// Persons per chunk (one Parquet row group each). Fixed: part of the output's definition.
pub const CHUNK: u64 = 65_536;

/// One unit of work: a run of persons of one commune.
#[derive(Debug, Clone, Copy)]
pub struct Job {
    /// Year.
    pub year: i32,
    /// Commune index.
    pub commune: usize,
    /// Chunk number within the commune.
    pub chunk: u64,
    /// Sequence number of the first person (1-based).
    pub first: u64,
    /// Persons in the chunk.
    pub n: u64,
    /// Digits of the commune's sequence numbers: one width for the whole commune, so that its
    /// identifiers sort as its rows are written (7, or more for a commune of 10⁷ persons or more).
    pub width: usize,
}

/// Counts of one commune and year, from the persons.
#[derive(Debug, Clone)]
pub struct CommuneCounts {
    /// `[age][sex][urban]` (sex 0 = F; urban 0 = R, 1 = U).
    pub by_age: Vec<[[u64; 2]; 2]>,
}

impl Default for CommuneCounts {
    fn default() -> Self {
        CommuneCounts { by_age: vec![[[0; 2]; 2]; AGE_MAX + 1] }
    }
}

impl CommuneCounts {
    /// Add another chunk's counts.
    pub fn add(&mut self, o: &CommuneCounts) {
        for (a, b) in self.by_age.iter_mut().zip(&o.by_age) {
            for s in 0..2 {
                for u in 0..2 {
                    a[s][u] += b[s][u];
                }
            }
        }
    }

    /// Women of a single age.
    pub fn women(&self, age: usize) -> u64 {
        self.by_age[age][0][0] + self.by_age[age][0][1]
    }

    /// Persons of sex `s` and age.
    pub fn of(&self, s: usize, age: usize) -> u64 {
        self.by_age[age][s][0] + self.by_age[age][s][1]
    }

    /// Total persons.
    pub fn total(&self) -> u64 {
        self.by_age.iter().map(|a| a[0][0] + a[0][1] + a[1][0] + a[1][1]).sum()
    }
}

/// District-wide sums used for the composite inputs.
#[derive(Debug, Clone, Default)]
pub struct Sums {
    /// Persons 25+ (F, M).
    pub n25: [u64; 2],
    /// Years of schooling of persons 25+ (F, M).
    pub years25: [f64; 2],
    /// Persons 25+ with at least lower secondary (F, M).
    pub secondary25: [u64; 2],
    /// LFS: weighted persons 15+ (F, M).
    pub w_pop: [f64; 2],
    /// LFS: weighted labour force (F, M).
    pub w_lf: [f64; 2],
    /// LFS: weighted wage workers with an income (F, M).
    pub w_wage: [f64; 2],
    /// LFS: weighted income sum (F, M).
    pub w_income: [f64; 2],
}

impl Sums {
    /// Add another chunk's sums (in a fixed order, so float sums are reproducible).
    pub fn add(&mut self, o: &Sums) {
        for s in 0..2 {
            self.n25[s] += o.n25[s];
            self.years25[s] += o.years25[s];
            self.secondary25[s] += o.secondary25[s];
            self.w_pop[s] += o.w_pop[s];
            self.w_lf[s] += o.w_lf[s];
            self.w_wage[s] += o.w_wage[s];
            self.w_income[s] += o.w_income[s];
        }
    }
}

/// Column buffers of persons.
#[derive(Debug, Default)]
struct PersonCols {
    id: Vec<String>,
    sex: Vec<&'static str>,
    age: Vec<i64>,
    urban: Vec<&'static str>,
    eth: Vec<&'static str>,
    edu: Vec<&'static str>,
    literate: Vec<Option<bool>>,
    marital: Vec<&'static str>,
    afm: Vec<Option<i64>>,
    account: Vec<Option<bool>>,
    internet: Vec<Option<bool>>,
    mobile: Vec<Option<bool>>,
    disability: Vec<bool>,
}

/// Column buffers of labour force survey rows (kept across chunks until a row group is full).
#[derive(Debug, Default)]
pub struct LfsRows {
    id: Vec<String>,
    period: Vec<i64>,
    area: Vec<&'static str>,
    sex: Vec<&'static str>,
    age: Vec<i64>,
    urban: Vec<&'static str>,
    eth: Vec<&'static str>,
    status: Vec<&'static str>,
    emp_type: Vec<Option<&'static str>>,
    sector: Vec<Option<&'static str>>,
    isco: Vec<Option<&'static str>>,
    isco2: Vec<Option<i64>>,
    income: Vec<Option<f64>>,
    hours: Vec<Option<f64>>,
    care: Vec<Option<f64>>,
    informal: Vec<Option<bool>>,
    part_time: Vec<Option<bool>>,
    weight: Vec<f64>,
}

impl LfsRows {
    /// Rows held.
    pub fn len(&self) -> usize {
        self.id.len()
    }

    /// Whether no rows are held.
    pub fn is_empty(&self) -> bool {
        self.id.is_empty()
    }

    /// Move the rows of `o` to the end of `self`.
    pub fn append(&mut self, o: &mut LfsRows) {
        self.id.append(&mut o.id);
        self.period.append(&mut o.period);
        self.area.append(&mut o.area);
        self.sex.append(&mut o.sex);
        self.age.append(&mut o.age);
        self.urban.append(&mut o.urban);
        self.eth.append(&mut o.eth);
        self.status.append(&mut o.status);
        self.emp_type.append(&mut o.emp_type);
        self.sector.append(&mut o.sector);
        self.isco.append(&mut o.isco);
        self.isco2.append(&mut o.isco2);
        self.income.append(&mut o.income);
        self.hours.append(&mut o.hours);
        self.care.append(&mut o.care);
        self.informal.append(&mut o.informal);
        self.part_time.append(&mut o.part_time);
        self.weight.append(&mut o.weight);
    }

    /// Take the rows as a data frame (leaves `self` empty).
    pub fn take_frame(&mut self) -> PolarsResult<DataFrame> {
        let o = std::mem::take(self);
        let n = o.id.len();
        DataFrame::new(
            n,
            vec![
                Column::new("person_id".into(), o.id),
                Column::new("period".into(), o.period),
                Column::new("area".into(), o.area),
                Column::new("sex".into(), o.sex),
                Column::new("age".into(), o.age),
                Column::new("urban_rural".into(), o.urban),
                Column::new("ethnicity".into(), o.eth),
                Column::new("labour_status".into(), o.status),
                Column::new("employment_type".into(), o.emp_type),
                Column::new("sector".into(), o.sector),
                Column::new("isco_major".into(), o.isco),
                Column::new("isco_submajor".into(), o.isco2),
                Column::new("monthly_income".into(), o.income),
                Column::new("hours_worked".into(), o.hours),
                Column::new("unpaid_care_hours".into(), o.care),
                Column::new("informal".into(), o.informal),
                Column::new("part_time".into(), o.part_time),
                Column::new("weight".into(), o.weight),
            ],
        )
    }
}

/// What one chunk produces.
pub struct ChunkOut {
    /// The persons.
    pub persons: DataFrame,
    /// Labour force survey rows of the sampled persons.
    pub lfs: LfsRows,
    /// Counts by age, sex and urban/rural.
    pub counts: CommuneCounts,
    /// Sums for the composite inputs.
    pub sums: Sums,
}

/// Cumulative (age, sex) table of a commune type, for inverse-CDF draws.
pub struct AgeSexTable {
    cum: Vec<f64>,
}

impl AgeSexTable {
    /// Build from the model's pyramid.
    pub fn new(model: &Model, mountain: bool) -> Self {
        let mut cum = Vec::with_capacity(2 * (AGE_MAX + 1));
        let mut acc = 0.0;
        for a in &model.pyramid[usize::from(mountain)] {
            for p in a {
                acc += p;
                cum.push(acc);
            }
        }
        let last = acc;
        for c in cum.iter_mut() {
            *c /= last;
        }
        AgeSexTable { cum }
    }

    /// (age, sex index) for a uniform number.
    pub fn draw(&self, u: f64) -> (usize, usize) {
        let i = self.cum.partition_point(|c| *c <= u).min(self.cum.len() - 1);
        (i / 2, i % 2)
    }
}

/// Pick from a list of (item, weight) with weights summing to ~1.
pub fn pick<T: Copy>(items: &[(T, f64)], u: f64) -> T {
    let total: f64 = items.iter().map(|(_, w)| w).sum();
    let mut acc = 0.0;
    for (x, w) in items {
        acc += w / total;
        if u < acc {
            return *x;
        }
    }
    items[items.len() - 1].0
}

/// Person identifier, its sequence number `width` digits wide.
pub fn person_id(c: &Commune, year: i32, seq: u64, width: usize) -> String {
    format!("{}-{}-{:0width$}", c.code, year, seq)
}

/// Generate one chunk of persons and its LFS sample.
pub fn generate_chunk(
    model: &Model,
    tables: &[AgeSexTable; 2],
    seed: u64,
    job: Job,
) -> PolarsResult<ChunkOut> {
    let c = &COMMUNES[job.commune];
    let mut rng = stream(seed, job.year, job.commune + 1, Stream::Persons, job.chunk);
    let mut lrng = stream(seed, job.year, job.commune + 1, Stream::LabourForce, job.chunk);
    let n = job.n as usize;
    let mut p = PersonCols::default();
    let mut lfs = LfsRows::default();
    let mut counts = CommuneCounts::default();
    let mut sums = Sums::default();
    let table = &tables[usize::from(c.mountain)];
    let weight = 1.0 / c.lfs_fraction;
    for i in 0..n {
        let (age, s) = table.draw(rng.random::<f64>());
        let female = s == 0;
        let urban = rng.random::<f64>() < c.urban;
        let eth = pick(c.ethnic, rng.random::<f64>());
        let minority = eth != "kinh" && eth != "hoa";
        let mut t = Traits { female, age, urban, minority, mountain: c.mountain, edu: 0 };
        t.edu = Model::edu_draw(&t, rng.random::<f64>());
        let literate = model.p_literate(&t).map(|q| rng.random::<f64>() < q);
        let afm = model.afm[s][usize::from(c.mountain)].sample(rng.random::<f64>(), rng.random::<f64>());
        let (marital, afm) = match afm {
            Some(m) if m <= age => {
                let u = rng.random::<f64>();
                let pw = Model::p_widowed(&t);
                let (pd, ps) = Model::p_divorced_separated(&t);
                let st = if u < pw {
                    "widowed"
                } else if u < pw + (1.0 - pw) * pd {
                    "divorced"
                } else if u < pw + (1.0 - pw) * (pd + ps) {
                    "separated"
                } else {
                    "married"
                };
                (st, Some(m as i64))
            }
            _ => ("never-married", None),
        };
        let account = Model::p_account(&t).map(|q| rng.random::<f64>() < q);
        let internet = Model::p_internet(&t).map(|q| rng.random::<f64>() < q);
        let mobile = Model::p_mobile(&t).map(|q| rng.random::<f64>() < q);
        let disability = rng.random::<f64>() < model.p_disability(&t);
        let seq = job.first + i as u64;
        let id = person_id(c, job.year, seq, job.width);
        counts.by_age[age][s][usize::from(urban)] += 1;
        if age >= 25 {
            sums.n25[s] += 1;
            sums.years25[s] += EDU_YEARS[t.edu];
            if t.edu >= 2 {
                sums.secondary25[s] += 1;
            }
        }
        if age >= 15 && lrng.random::<f64>() < c.lfs_fraction {
            labour(model, &t, &mut lrng, &mut lfs, &mut sums, weight);
            lfs.id.push(id.clone());
            lfs.period.push(i64::from(job.year));
            lfs.area.push(c.code);
            lfs.sex.push(crate::model::SEX[s]);
            lfs.age.push(age as i64);
            lfs.urban.push(if urban { "U" } else { "R" });
            lfs.eth.push(eth);
            lfs.weight.push(weight);
        }
        p.id.push(id);
        p.sex.push(crate::model::SEX[s]);
        p.age.push(age as i64);
        p.urban.push(if urban { "U" } else { "R" });
        p.eth.push(eth);
        p.edu.push(EDU[t.edu]);
        p.literate.push(literate);
        p.marital.push(marital);
        p.afm.push(afm);
        p.account.push(account);
        p.internet.push(internet);
        p.mobile.push(mobile);
        p.disability.push(disability);
    }
    let persons = DataFrame::new(
        n,
        vec![
            Column::new("person_id".into(), p.id),
            Column::new("period".into(), vec![i64::from(job.year); n]),
            Column::new("area".into(), vec![c.code; n]),
            Column::new("sex".into(), p.sex),
            Column::new("age".into(), p.age),
            Column::new("urban_rural".into(), p.urban),
            Column::new("ethnicity".into(), p.eth),
            Column::new("education".into(), p.edu),
            Column::new("literate".into(), p.literate),
            Column::new("marital_status".into(), p.marital),
            Column::new("age_first_marriage".into(), p.afm),
            Column::new("has_account".into(), p.account),
            Column::new("uses_internet".into(), p.internet),
            Column::new("owns_mobile".into(), p.mobile),
            Column::new("disability".into(), p.disability),
        ],
    )?;
    Ok(ChunkOut { persons, lfs, counts, sums })
}

const SUBMAJORS: [&[i64]; 10] = [
    &[1, 2, 3],
    &[11, 12, 13, 14],
    &[21, 22, 23, 24, 25, 26],
    &[31, 32, 33, 34, 35],
    &[41, 42, 43, 44],
    &[51, 52, 53, 54],
    &[61, 62, 63],
    &[71, 72, 73, 74, 75],
    &[81, 82, 83],
    &[91, 92, 93, 94, 95, 96],
];
const MAJORS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// Occupation (major group index) of a non-manager.
fn occupation(t: &Traits, ty: usize, sector: usize, u: f64) -> usize {
    let level = match t.edu {
        0..=2 => 0,
        3 | 4 => 1,
        _ => 2,
    };
    let table: &[(usize, f64)] = match (sector, level) {
        (0, 2) => &[(2, 0.15), (3, 0.25), (6, 0.50), (9, 0.10)],
        (0, _) if ty == 0 => &[(6, 0.35), (9, 0.65)],
        (0, _) => &[(6, 0.88), (9, 0.12)],
        (1, 0) if t.female => &[(7, 0.25), (8, 0.45), (9, 0.30)],
        (1, 0) => &[(7, 0.50), (8, 0.30), (9, 0.20)],
        (1, 1) => &[(3, 0.12), (7, 0.40), (8, 0.38), (9, 0.10)],
        (1, _) => &[(2, 0.45), (3, 0.35), (4, 0.05), (7, 0.10), (8, 0.05)],
        (_, 0) => &[(5, 0.62), (9, 0.28), (4, 0.06), (3, 0.04)],
        (_, 1) if t.female => &[(3, 0.18), (4, 0.17), (5, 0.55), (9, 0.10)],
        (_, 1) => &[(3, 0.18), (4, 0.14), (5, 0.55), (9, 0.10), (0, 0.03)],
        (_, _) if t.female => &[(2, 0.52), (3, 0.20), (4, 0.15), (5, 0.13)],
        (_, _) => &[(2, 0.52), (3, 0.20), (4, 0.12), (5, 0.13), (0, 0.03)],
    };
    pick(table, u)
}

fn submajor(major: usize, sector: usize, u: f64) -> i64 {
    match (major, sector) {
        (1, _) => pick(&[(11, 0.10), (12, 0.25), (13, 0.35), (14, 0.30)], u),
        (6, _) => pick(&[(61, 0.80), (62, 0.15), (63, 0.05)], u),
        (9, 0) => 92,
        (9, 1) => 93,
        _ => {
            let l = SUBMAJORS[major];
            l[((u * l.len() as f64) as usize).min(l.len() - 1)]
        }
    }
}

/// The labour force answers of a sampled person (everything but the identifying columns).
fn labour(model: &Model, t: &Traits, rng: &mut ChaCha8Rng, out: &mut LfsRows, sums: &mut Sums, w: f64) {
    let s = usize::from(!t.female);
    let in_lf = rng.random::<f64>() < model.p_lf(t);
    let unemployed = in_lf && rng.random::<f64>() < model.p_unemployed(t);
    sums.w_pop[s] += w;
    if in_lf {
        sums.w_lf[s] += w;
    }
    let care_mean = model.care_scale[s] * Model::care_factor(t, in_lf && !unemployed);
    let gamma = Gamma::new(2.0, 0.5).expect("valid gamma");
    let care = (care_mean * gamma.sample(rng) * 10.0).round().min(1050.0) / 10.0;
    out.care.push(Some(care));
    if !in_lf || unemployed {
        out.status.push(if in_lf { "unemployed" } else { "outside-labour-force" });
        out.emp_type.push(None);
        out.sector.push(None);
        out.isco.push(None);
        out.isco2.push(None);
        out.income.push(None);
        out.hours.push(None);
        out.informal.push(None);
        out.part_time.push(None);
        return;
    }
    out.status.push("employed");
    let d = model.emp_type_dist(t);
    let ty = pick(&[(0usize, d[0]), (1, d[1]), (2, d[2]), (3, d[3]), (4, d[4])], rng.random::<f64>());
    let agri = rng.random::<f64>() < model.p_agri(t, ty);
    let sector = if agri {
        0
    } else if rng.random::<f64>() < INDUSTRY_SHARE[s][usize::from(ty == 0)] {
        1
    } else {
        2
    };
    let manager = rng.random::<f64>() < model.p_manager(t, ty, agri);
    let major = if manager { 1 } else { occupation(t, ty, sector, rng.random::<f64>()) };
    let sub = submajor(major, sector, rng.random::<f64>());
    let income = if ty == 0 {
        let z: f64 = StandardNormal.sample(rng);
        let v = (model.income_mu[s] + Model::income_x(t, manager, agri) + INCOME_SIGMA * z).exp().round();
        sums.w_wage[s] += w;
        sums.w_income[s] += w * v;
        Some(v)
    } else {
        None
    };
    let part = rng.random::<f64>() < Model::p_part_time(t, agri);
    let hours = if part {
        rng.random_range(8..=34) as f64
    } else {
        let n = Normal::new(if t.female { 45.0 } else { 47.0 }, 6.0).expect("valid normal");
        Distribution::<f64>::sample(&n, rng).round().clamp(35.0, 84.0)
    };
    let informal = rng.random::<f64>() < Model::p_informal(t, ty, agri);
    out.emp_type.push(Some(EMP_TYPES[ty]));
    out.sector.push(Some(SECTORS[sector]));
    out.isco.push(Some(MAJORS[major]));
    out.isco2.push(Some(sub));
    out.income.push(income);
    out.hours.push(Some(hours));
    out.informal.push(Some(informal));
    out.part_time.push(Some(part));
}

/// The jobs of one year, in output order.
pub fn jobs(year: i32, per_commune: &[u64]) -> Vec<Job> {
    let mut out = Vec::new();
    for (ci, n) in per_commune.iter().enumerate() {
        let mut first = 1;
        let mut chunk = 0;
        let width = n.to_string().len().max(7);
        while first <= *n {
            let m = CHUNK.min(n - first + 1);
            out.push(Job { year, commune: ci, chunk, first, n: m, width });
            first += m;
            chunk += 1;
        }
    }
    out
}
