//! Leadership and institutions: the leaders roster (followed from year to year), the bodies
//! derived from it, People's Council deputies, Party committee members, enterprises and
//! detected cases of gender-based violence.

use crate::SynthError;
use crate::communes::{COMMUNES, Commune, DISTRICT_CODE};
use crate::model::{GBV_ANY_SERVICE, GBV_CASES_PER_150K, SEX, WOMEN_DEPUTIES, WOMEN_DIRECTORS, WOMEN_PARTY};
use crate::out::{CsvTable, b};
use crate::persons::pick;
use crate::rng::{Stream, stream};
use rand::RngExt;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp, Normal, Poisson};

/// Term of the People's Councils.
pub const COUNCIL_TERM: &str = "2021-2026";
/// Reference year of the council roster (election year).
pub const COUNCIL_PERIOD: i32 = 2021;
/// Term of the Party committees.
pub const PARTY_TERM: &str = "2020-2025";
/// Reference year of the Party committee roster (congress year).
pub const PARTY_PERIOD: i32 = 2020;
/// District People's Council seats.
pub const DISTRICT_COUNCIL: usize = 31;
/// District Party committee members (of whom 11 standing).
pub const DISTRICT_PARTY: usize = 33;
/// First year of the simulated leader careers.
const LEADERS_FROM: i32 = 2000;
/// Yearly chance a post changes hands.
pub const LEADER_TURNOVER: f64 = 0.12;

/// An administrative unit that has bodies: the district (index 0) or a commune.
#[derive(Debug, Clone, Copy)]
struct Unit {
    code: &'static str,
    level: &'static str,
    stream: usize,
    commune: Option<&'static Commune>,
}

fn units() -> Vec<Unit> {
    let mut v = vec![Unit { code: DISTRICT_CODE, level: "district", stream: 0, commune: None }];
    for (i, c) in COMMUNES.iter().enumerate() {
        v.push(Unit { code: c.code, level: "commune", stream: i + 1, commune: Some(c) });
    }
    v
}

/// District ethnic mix: population-weighted over communes.
fn district_mix() -> Vec<(&'static str, f64)> {
    let mut mix: Vec<(&'static str, f64)> = Vec::new();
    for c in &COMMUNES {
        for (e, s) in c.ethnic {
            match mix.iter_mut().find(|(x, _)| x == e) {
                Some(m) => m.1 += s * c.weight,
                None => mix.push((e, s * c.weight)),
            }
        }
    }
    mix
}

fn ethnicity(u: Unit, x: f64) -> &'static str {
    match u.commune {
        Some(c) => pick(c.ethnic, x),
        None => pick(&district_mix(), x),
    }
}

/// A post: body, position, key leader?, number of holders, chance a holder is a woman.
struct Post {
    body: &'static str,
    suffix: &'static str,
    position: &'static str,
    key: bool,
    n: usize,
    p_female: f64,
}

const fn post(body: &'static str, suffix: &'static str, position: &'static str, n: usize, p: f64) -> Post {
    Post { body, suffix, position, key: true, n, p_female: p }
}

fn district_posts() -> Vec<Post> {
    vec![
        post("party-committee", "DU", "secretary", 1, 0.10),
        post("party-committee", "DU", "deputy-secretary", 2, 0.18),
        post("peoples-council", "HDND", "chair", 1, 0.12),
        post("peoples-council", "HDND", "vice-chair", 2, 0.22),
        post("peoples-committee", "UBND", "chair", 1, 0.08),
        post("peoples-committee", "UBND", "vice-chair", 3, 0.15),
        post("mass-organisation", "MTTQ", "chair", 1, 0.30),
        post("mass-organisation", "HLHPN", "chair", 1, 1.0),
        post("mass-organisation", "DTN", "secretary", 1, 0.35),
        post("mass-organisation", "HND", "chair", 1, 0.10),
        post("mass-organisation", "HCCB", "chair", 1, 0.0),
    ]
}

fn commune_posts(c: &Commune) -> Vec<Post> {
    vec![
        post("party-committee", "DU", "secretary", 1, 0.08),
        post("party-committee", "DU", "deputy-secretary", 1, 0.20),
        post("peoples-council", "HDND", "chair", 1, 0.10),
        post("peoples-council", "HDND", "vice-chair", 1, 0.25),
        post("peoples-committee", "UBND", "chair", 1, 0.08),
        post("peoples-committee", "UBND", "vice-chair", if c.weight >= 8.0 { 2 } else { 1 }, 0.15),
        post("mass-organisation", "MTTQ", "chair", 1, 0.30),
        post("mass-organisation", "HLHPN", "chair", 1, 1.0),
    ]
}

/// Expected percentage of People's Councils and Committees with at least one woman key leader.
pub fn expected_female_key_leader() -> f64 {
    let mut sum = 0.0;
    let mut n = 0.0;
    for u in units() {
        let posts = match u.commune {
            Some(c) => commune_posts(c),
            None => district_posts(),
        };
        for body in ["peoples-council", "peoples-committee"] {
            let none: f64 = posts
                .iter()
                .filter(|p| p.body == body && p.key)
                .map(|p| (1.0 - p.p_female).powi(p.n as i32))
                .product();
            sum += 1.0 - none;
            n += 1.0;
        }
    }
    100.0 * sum / n
}

/// A leader in a year.
#[derive(Debug, Clone)]
pub struct Leader {
    /// Identifier (stable while the person holds the post).
    pub id: String,
    /// Area code.
    pub area: &'static str,
    /// Level.
    pub level: &'static str,
    /// Body identifier.
    pub body_id: String,
    /// Body kind.
    pub body_kind: &'static str,
    /// Position.
    pub position: &'static str,
    /// Key leader?
    pub key: bool,
    /// Sex index.
    pub sex: usize,
    /// Age in the year.
    pub age: i32,
    /// Ethnicity.
    pub ethnicity: &'static str,
}

/// The leaders holding office in `year`.
pub fn leaders(seed: u64, year: i32) -> Vec<Leader> {
    let mut out = Vec::new();
    for u in units() {
        let posts = match u.commune {
            Some(c) => commune_posts(c),
            None => district_posts(),
        };
        let mut slot = 0u64;
        for p in &posts {
            for _ in 0..p.n {
                slot += 1;
                // One stream per post, followed from LEADERS_FROM to `year`.
                let mut rng = stream(seed, 0, u.stream, Stream::Leaders, slot);
                let new_holder = |rng: &mut ChaCha8Rng, from: i32| -> (usize, i32, &'static str) {
                    let female = rng.random::<f64>() < p.p_female;
                    let lo = if u.commune.is_some() { 32 } else { 38 };
                    let age0 = rng.random_range(lo..=52);
                    (usize::from(!female), from - age0, ethnicity(u, rng.random::<f64>()))
                };
                let mut holder = new_holder(&mut rng, LEADERS_FROM);
                let mut k = 1u32;
                for y in LEADERS_FROM + 1..=year {
                    let age = y - holder.1;
                    if age >= 60 || rng.random::<f64>() < LEADER_TURNOVER {
                        holder = new_holder(&mut rng, y);
                        k += 1;
                    }
                }
                out.push(Leader {
                    id: format!("{}-L{:02}{:02}", u.code, slot, k),
                    area: u.code,
                    level: u.level,
                    body_id: format!("{}-{}", u.code, p.suffix),
                    body_kind: p.body,
                    position: p.position,
                    key: p.key,
                    sex: holder.0,
                    age: year - holder.1,
                    ethnicity: holder.2,
                });
            }
        }
    }
    out
}

/// Header of the leaders file.
pub const LEADERS_HEADER: [&str; 11] = [
    "leader_id",
    "period",
    "area",
    "level",
    "body_id",
    "body_kind",
    "position",
    "key_leader",
    "sex",
    "age",
    "ethnicity",
];

/// Write the leaders of a year.
pub fn write_leaders<'a>(
    t: &mut CsvTable,
    year: i32,
    l: impl IntoIterator<Item = &'a Leader>,
) -> Result<(), SynthError> {
    for x in l {
        t.row([
            x.id.clone(),
            year.to_string(),
            x.area.to_string(),
            x.level.to_string(),
            x.body_id.clone(),
            x.body_kind.to_string(),
            x.position.to_string(),
            b(x.key).to_string(),
            SEX[x.sex].to_string(),
            x.age.to_string(),
            x.ethnicity.to_string(),
        ])?;
    }
    Ok(())
}

/// Header of the bodies file.
pub const BODIES_HEADER: [&str; 6] = ["body_id", "period", "area", "level", "body_kind", "female_key_leader"];

/// Write the People's Councils and Committees of a year, with `female_key_leader` derived
/// from the leaders roster. Returns (bodies, bodies with a woman key leader).
pub fn write_bodies(t: &mut CsvTable, year: i32, l: &[Leader]) -> Result<(u64, u64), SynthError> {
    let (mut n, mut f) = (0, 0);
    for u in units() {
        for (suffix, kind) in [("HDND", "peoples-council"), ("UBND", "peoples-committee")] {
            let id = format!("{}-{}", u.code, suffix);
            let woman = l.iter().any(|x| x.body_id == id && x.key && x.sex == 0);
            n += 1;
            f += u64::from(woman);
            t.row([
                id,
                year.to_string(),
                u.code.to_string(),
                u.level.to_string(),
                kind.to_string(),
                b(woman).to_string(),
            ])?;
        }
    }
    Ok((n, f))
}

/// Exactly `round(share × n)` women, placed at random.
fn women_flags(rng: &mut ChaCha8Rng, n: usize, share: f64) -> Vec<bool> {
    let w = (share * n as f64).round() as usize;
    let mut v: Vec<bool> = (0..n).map(|i| i < w).collect();
    v.shuffle(rng);
    v
}

fn education(rng: &mut ChaCha8Rng, district: bool, mountain: bool) -> &'static str {
    let table: &[(&str, f64)] = if district {
        &[("tertiary", 0.92), ("vocational", 0.05), ("upper-secondary", 0.03)]
    } else if mountain {
        &[("tertiary", 0.35), ("vocational", 0.20), ("upper-secondary", 0.35), ("lower-secondary", 0.10)]
    } else {
        &[("tertiary", 0.55), ("vocational", 0.15), ("upper-secondary", 0.25), ("lower-secondary", 0.05)]
    };
    pick(table, rng.random::<f64>())
}

/// Header of the council deputies file.
pub const DEPUTIES_HEADER: [&str; 9] =
    ["deputy_id", "term", "period", "area", "level", "sex", "age", "ethnicity", "education"];

/// Write the People's Council deputies of the 2021–2026 term; returns (deputies, women) by
/// level (district, commune).
pub fn write_deputies(t: &mut CsvTable, seed: u64) -> Result<[(u64, u64); 2], SynthError> {
    let mut rng = stream(seed, COUNCIL_PERIOD, 0, Stream::Council, 0);
    let units = units();
    let commune_total: usize = COMMUNES.iter().map(|c| c.council_size as usize).sum();
    let district_flags = women_flags(&mut rng, DISTRICT_COUNCIL, WOMEN_DEPUTIES[0]);
    let commune_flags = women_flags(&mut rng, commune_total, WOMEN_DEPUTIES[1]);
    let mut counts = [(0u64, 0u64); 2];
    let mut k = 0;
    for u in &units {
        let (n, flags): (usize, &[bool]) = match u.commune {
            None => (DISTRICT_COUNCIL, &district_flags),
            Some(c) => {
                let n = c.council_size as usize;
                k += n;
                (n, &commune_flags[k - n..k])
            }
        };
        let li = usize::from(u.commune.is_some());
        for (i, woman) in flags.iter().enumerate().take(n) {
            let age = rng.random_range(if u.commune.is_some() { 25..=64 } else { 32..=60 });
            let eth = ethnicity(*u, rng.random::<f64>());
            let edu = education(&mut rng, u.commune.is_none(), u.commune.is_some_and(|c| c.mountain));
            counts[li].0 += 1;
            counts[li].1 += u64::from(*woman);
            t.row([
                format!("{}-DB{:03}", u.code, i + 1),
                COUNCIL_TERM.to_string(),
                COUNCIL_PERIOD.to_string(),
                u.code.to_string(),
                u.level.to_string(),
                SEX[usize::from(!woman)].to_string(),
                age.to_string(),
                eth.to_string(),
                edu.to_string(),
            ])?;
        }
    }
    Ok(counts)
}

/// Members of a commune Party committee.
fn party_size(c: &Commune) -> usize {
    match c.weight {
        w if w >= 12.0 => 15,
        w if w >= 7.0 => 13,
        w if w >= 5.0 => 11,
        _ => 9,
    }
}

/// Header of the party committee file.
pub const PARTY_HEADER: [&str; 9] =
    ["member_id", "term", "period", "area", "level", "sex", "age", "ethnicity", "standing_member"];

/// Write the Party committee members of the 2020–2025 term; returns (members, women).
pub fn write_party(t: &mut CsvTable, seed: u64) -> Result<(u64, u64), SynthError> {
    let mut rng = stream(seed, PARTY_PERIOD, 0, Stream::Party, 0);
    let commune_total: usize = COMMUNES.iter().map(party_size).sum();
    let district_flags = women_flags(&mut rng, DISTRICT_PARTY, WOMEN_PARTY);
    let commune_flags = women_flags(&mut rng, commune_total, WOMEN_PARTY);
    let (mut n_all, mut f_all) = (0, 0);
    let mut k = 0;
    for u in units() {
        let (n, standing, flags): (usize, usize, &[bool]) = match u.commune {
            None => (DISTRICT_PARTY, 11, &district_flags),
            Some(c) => {
                let n = party_size(c);
                k += n;
                (n, 5, &commune_flags[k - n..k])
            }
        };
        for (i, woman) in flags.iter().enumerate().take(n) {
            let age = rng.random_range(30..=59);
            let eth = ethnicity(u, rng.random::<f64>());
            n_all += 1;
            f_all += u64::from(*woman);
            t.row([
                format!("{}-UV{:03}", u.code, i + 1),
                PARTY_TERM.to_string(),
                PARTY_PERIOD.to_string(),
                u.code.to_string(),
                u.level.to_string(),
                SEX[usize::from(!woman)].to_string(),
                age.to_string(),
                eth.to_string(),
                b(i < standing).to_string(),
            ])?;
        }
    }
    Ok((n_all, f_all))
}

/// An enterprise or cooperative of the pool.
#[derive(Debug, Clone)]
pub struct Firm {
    id: String,
    area: &'static str,
    coop: bool,
    director: Option<usize>,
    sector: &'static str,
    from: i32,
    to: i32,
    base_size: f64,
}

/// Enterprises and cooperatives that ever exist (1995–2030), scaled with the population.
pub fn firms(seed: u64, persons: u64) -> Vec<Firm> {
    let scale = persons as f64 / 150_000.0;
    let total_w: f64 = COMMUNES.iter().map(|c| c.weight).sum();
    let mut out = Vec::new();
    for (ci, c) in COMMUNES.iter().enumerate() {
        let mut rng = stream(seed, 0, ci + 1, Stream::Enterprises, 0);
        let town = if c.urban > 0.5 { 2.5 } else { 1.0 };
        let n = (1000.0 * scale * c.weight / total_w * town / 1.2).round().max(1.0) as usize;
        let life = Exp::new(1.0 / 15.0).expect("valid exp");
        for i in 0..n {
            let coop = rng.random::<f64>() < if c.mountain { 0.15 } else { 0.07 };
            let from = 1995 + (35.0 * rng.random::<f64>().sqrt()).floor() as i32;
            let to = from + 1 + Distribution::<f64>::sample(&life, &mut rng).floor() as i32;
            let director = if rng.random::<f64>() < 0.01 {
                None
            } else {
                Some(usize::from(rng.random::<f64>() >= WOMEN_DIRECTORS))
            };
            let sector = if coop {
                pick(&[("agriculture", 0.70), ("industry", 0.10), ("services", 0.20)], rng.random::<f64>())
            } else {
                pick(&[("agriculture", 0.08), ("industry", 0.32), ("services", 0.60)], rng.random::<f64>())
            };
            let (mu, sd) = if coop { (12f64.ln(), 0.6) } else { (7f64.ln(), 1.0) };
            let base_size = Normal::new(mu, sd).expect("valid normal").sample(&mut rng).exp();
            let id = if coop {
                format!("HTX-{}-{:04}", c.code, i + 1)
            } else {
                format!("DN-{}-{:04}", c.code, i + 1)
            };
            out.push(Firm { id, area: c.code, coop, director, sector, from, to, base_size });
        }
    }
    out
}

/// Header of the enterprises file.
pub const FIRMS_HEADER: [&str; 7] =
    ["enterprise_id", "period", "area", "kind", "director_sex", "sector", "employees"];

/// Write the enterprises active in `year`; returns (active, with a woman director, with a known director).
pub fn write_firms(
    t: &mut CsvTable,
    seed: u64,
    year: i32,
    firms: &[Firm],
) -> Result<(u64, u64, u64), SynthError> {
    let mut rng = stream(seed, year, 0, Stream::Enterprises, 1);
    let jitter = Normal::new(0.0, 0.1).expect("valid normal");
    let (mut n, mut f, mut known) = (0, 0, 0);
    for x in firms {
        let j: f64 = jitter.sample(&mut rng);
        if !(x.from <= year && year < x.to) {
            continue;
        }
        let size = (x.base_size * j.exp()).round().max(1.0);
        n += 1;
        if let Some(d) = x.director {
            known += 1;
            f += u64::from(d == 0);
        }
        t.row([
            x.id.clone(),
            year.to_string(),
            x.area.to_string(),
            (if x.coop { "cooperative" } else { "enterprise" }).to_string(),
            x.director.map_or(String::new(), |d| SEX[d].to_string()),
            x.sector.to_string(),
            format!("{size}"),
        ])?;
    }
    Ok((n, f, known))
}

/// Header of the GBV cases file.
pub const GBV_HEADER: [&str; 12] = [
    "case_id",
    "period",
    "area",
    "victim_sex",
    "victim_age",
    "violence_type",
    "perpetrator",
    "received_any_service",
    "service_health",
    "service_legal",
    "service_shelter",
    "service_counselling",
];

/// Write the detected GBV cases of a year; returns (cases, reached by a service).
pub fn write_gbv(t: &mut CsvTable, seed: u64, year: i32, persons: u64) -> Result<(u64, u64), SynthError> {
    let mut rng = stream(seed, year, 0, Stream::Gbv, 0);
    let lambda = GBV_CASES_PER_150K * persons as f64 / 150_000.0;
    let n = Poisson::new(lambda.max(1e-9)).map(|p| p.sample(&mut rng) as u64).unwrap_or(0);
    let areas: Vec<(&str, f64)> = COMMUNES.iter().map(|c| (c.code, c.weight)).collect();
    let mut reached = 0;
    for i in 0..n {
        let area = pick(&areas, rng.random::<f64>());
        let female = rng.random::<f64>() < 0.88;
        let group = pick(&[(0, 0.06), (1, 0.04), (2, 0.80), (3, 0.10)], rng.random::<f64>());
        let age = match group {
            0 => rng.random_range(3..=14),
            1 => rng.random_range(15..=17),
            2 => rng.random_range(18..=59),
            _ => rng.random_range(60..=85),
        };
        let perp = match group {
            0 | 1 => pick(&[("family-member", 0.70), ("other", 0.30)], rng.random::<f64>()),
            2 => pick(
                &[("intimate-partner", 0.75), ("family-member", 0.18), ("other", 0.07)],
                rng.random::<f64>(),
            ),
            _ => pick(
                &[("family-member", 0.70), ("intimate-partner", 0.20), ("other", 0.10)],
                rng.random::<f64>(),
            ),
        };
        let sexual = if group <= 1 { 0.25 } else { 0.10 };
        let kind = pick(
            &[("psychological", 0.38), ("physical", 0.37), ("economic", 0.15), ("sexual", sexual)],
            rng.random::<f64>(),
        );
        let any = rng.random::<f64>() < GBV_ANY_SERVICE;
        let mut s = [false; 4];
        if any {
            for (x, p) in s.iter_mut().zip([0.45, 0.50, 0.15, 0.60]) {
                *x = rng.random::<f64>() < p;
            }
            if !s.iter().any(|x| *x) {
                s[rng.random_range(0..4)] = true;
            }
            reached += 1;
        }
        t.row([
            format!("BL{year}-{:04}", i + 1),
            year.to_string(),
            area.to_string(),
            SEX[usize::from(!female)].to_string(),
            age.to_string(),
            kind.to_string(),
            perp.to_string(),
            b(any).to_string(),
            b(s[0]).to_string(),
            b(s[1]).to_string(),
            b(s[2]).to_string(),
            b(s[3]).to_string(),
        ])?;
    }
    Ok((n, reached))
}

/// The commune whose People's Committee keeps its roster in Excel in the last year (the
/// district town).
pub const ROSTER_COMMUNE: usize = 0;
/// Sheet name of the commune's roster.
pub const ROSTER_SHEET: &str = "Danh sách";
/// Column headers of the commune's roster (row 3).
pub const ROSTER_HEADERS: [&str; 7] =
    ["STT", "Họ và tên", "Chức vụ", "Giới tính", "Năm sinh", "Dân tộc", "Lãnh đạo chủ chốt"];

/// The body whose roster the commune keeps in Excel: its People's Committee.
pub fn roster_body() -> String {
    format!("{}-UBND", COMMUNES[ROSTER_COMMUNE].code)
}

/// A fictional name for a leader, fixed by the leader's id (no random stream is used, so
/// the other files do not change).
fn fictional_name(id: &str, female: bool) -> String {
    const FAMILY: [&str; 10] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"];
    const WOMEN: [&str; 8] = ["Lan", "Hương", "Mai", "Thảo", "Ngọc", "Hạnh", "Linh", "Yến"];
    const MEN: [&str; 8] = ["Hùng", "Dũng", "Minh", "Tuấn", "Sơn", "Long", "Quang", "Thắng"];
    let h =
        id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let family = FAMILY[(h % 10) as usize];
    let given = if female { WOMEN[((h >> 8) % 8) as usize] } else { MEN[((h >> 8) % 8) as usize] };
    format!("{family} {} {given}", if female { "Thị" } else { "Văn" })
}

/// The Vietnamese name of an ethnicity code, as a commune writes it.
fn ethnicity_vi(code: &str) -> &'static str {
    match code {
        "kinh" => "Kinh",
        "hoa" => "Hoa",
        "tay" => "Tày",
        "nung" => "Nùng",
        "muong" => "Mường",
        "dao" => "Dao",
        "hmong" => "Mông",
        _ => "Dân tộc khác",
    }
}

/// The title a commune writes for a People's Committee position.
fn committee_title(position: &str, town: bool) -> String {
    let unit = if town { "thị trấn" } else { "xã" };
    match position {
        "chair" => format!("Chủ tịch UBND {unit}"),
        "vice-chair" => format!("Phó Chủ tịch UBND {unit}"),
        _ => format!("Ủy viên UBND {unit}"),
    }
}

/// Write the commune's People's Committee roster as the commune keeps it: two title rows,
/// Vietnamese headers, positions as written ("Chủ tịch UBND thị trấn"), sex as Nam/Nữ, the
/// year of birth instead of the age, "Có"/"Không" for key leaders, a signature block; no
/// id, level, area or body column (gds.toml gives them as constants). Returns the rows.
pub fn write_roster_xlsx(
    stage: &mut crate::out::Staging,
    name: &str,
    year: i32,
    seed: u64,
    leaders: &[&Leader],
) -> Result<u64, SynthError> {
    use rust_xlsxwriter::{Format, XlsxError};
    let path = stage.final_path(name);
    let file = stage.create(name)?;
    let err = |e: XlsxError| SynthError::Xlsx { path: path.clone(), message: e.to_string() };
    let c = &COMMUNES[ROSTER_COMMUNE];
    let town = c.name_vi.starts_with("Thị trấn");
    let unit = c.name_vi.to_uppercase();
    let mut wb = crate::tables::synthetic_workbook(
        format!("Danh sách lãnh đạo UBND năm {year} — {}", c.name_vi),
        seed,
    )
    .map_err(err)?;
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(ROSTER_SHEET).map_err(err)?;
    ws.merge_range(0, 0, 0, 6, &format!("UBND {unit}"), &bold).map_err(err)?;
    ws.merge_range(
        1,
        0,
        1,
        6,
        &format!("DANH SÁCH LÃNH ĐẠO ỦY BAN NHÂN DÂN NĂM {year} (DỮ LIỆU TỔNG HỢP, seed {seed})"),
        &bold,
    )
    .map_err(err)?;
    for (i, h) in ROSTER_HEADERS.iter().enumerate() {
        ws.write_string_with_format(2, i as u16, *h, &bold).map_err(err)?;
    }
    for (i, l) in leaders.iter().enumerate() {
        let row = 3 + i as u32;
        let female = l.sex == 0;
        ws.write_number(row, 0, (i + 1) as f64).map_err(err)?;
        ws.write_string(row, 1, fictional_name(&l.id, female)).map_err(err)?;
        ws.write_string(row, 2, committee_title(l.position, town)).map_err(err)?;
        ws.write_string(row, 3, if female { "Nữ" } else { "Nam" }).map_err(err)?;
        ws.write_number(row, 4, f64::from(year - l.age)).map_err(err)?;
        ws.write_string(row, 5, ethnicity_vi(l.ethnicity)).map_err(err)?;
        ws.write_string(row, 6, if l.key { "Có" } else { "Không" }).map_err(err)?;
    }
    let end = 3 + leaders.len() as u32;
    ws.write_string(end + 1, 1, "Người lập").map_err(err)?;
    ws.write_string_with_format(end + 1, 5, "CHỦ TỊCH", &bold).map_err(err)?;
    ws.write_string(end + 2, 1, "(Ký, ghi rõ họ tên)").map_err(err)?;
    ws.set_column_width(1, 22).map_err(err)?;
    ws.set_column_width(2, 28).map_err(err)?;
    ws.set_column_width(6, 18).map_err(err)?;
    wb.save_to_writer(file).map_err(err)?;
    Ok(leaders.len() as u64)
}

/// The gds.toml keys of the commune's roster: the sheet, the period, and what the sheet does
/// not say (area, level, body) as constants; ages from the year of birth.
pub fn roster_keys(year: i32) -> Vec<String> {
    let code = COMMUNES[ROSTER_COMMUNE].code;
    vec![
        format!("sheet = \"{ROSTER_SHEET}\""),
        format!("period = {year}"),
        format!("area = \"{code}\""),
        "year-of-birth = \"Năm sinh\"".to_string(),
        format!(
            "constants = {{ level = \"commune\", body_kind = \"peoples-committee\", body_id = \"{}\" }}",
            roster_body()
        ),
    ]
}
