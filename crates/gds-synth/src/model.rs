//! The generator's true parameters and the person-level probability model.
//!
//! Every probability the generator draws from is a method of [`Model`], and the same methods
//! are summed over the *expected* population (the age pyramid of each commune type, its urban
//! share and ethnic mix, and the closed-form education distribution) to calibrate the
//! intercepts so that the district-wide expected values hit the targets exactly (LFPR by sex,
//! literacy, SMAM, child marriage, SRB, ABR, CBR, life expectancy, ...). The calibration is a
//! pure function of the constants below: it does not depend on the seed or the sample size.

use crate::communes::{COMMUNES, Commune};

/// Sex codes by index (0 = women, 1 = men).
pub const SEX: [&str; 2] = ["F", "M"];
/// Oldest single age generated (the top of the open group 80+).
pub const AGE_MAX: usize = 100;
/// Codes of the 5-year age groups (code list `age-group`, scheme `5y`).
pub const AGE_GROUPS: [&str; 17] = [
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59",
    "60-64", "65-69", "70-74", "75-79", "80+",
];
/// Vietnamese labels of the age groups (names in the code list), used in the xlsx table.
pub const AGE_GROUPS_VI: [&str; 17] = [
    "0–4 tuổi",
    "5–9 tuổi",
    "10–14 tuổi",
    "15–19 tuổi",
    "20–24 tuổi",
    "25–29 tuổi",
    "30–34 tuổi",
    "35–39 tuổi",
    "40–44 tuổi",
    "45–49 tuổi",
    "50–54 tuổi",
    "55–59 tuổi",
    "60–64 tuổi",
    "65–69 tuổi",
    "70–74 tuổi",
    "75–79 tuổi",
    "80 tuổi trở lên",
];
/// Education codes (code list `education-level`), in order.
pub const EDU: [&str; 6] =
    ["none", "primary", "lower-secondary", "upper-secondary", "vocational", "tertiary"];
/// Years of schooling credited to each education level (for mean years of schooling).
pub const EDU_YEARS: [f64; 6] = [2.0, 5.0, 9.0, 12.0, 13.5, 16.0];
/// Employment type codes (code list `employment-type`), in the model's order.
pub const EMP_TYPES: [&str; 5] =
    ["wage-worker", "employer", "own-account", "contributing-family", "coop-member"];
/// Sector codes.
pub const SECTORS: [&str; 3] = ["agriculture", "industry", "services"];

/// 5-year age group index of a single age.
pub fn age_group(age: usize) -> usize {
    (age / 5).min(16)
}

/// Logistic function.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Log-odds.
pub fn logit(p: f64) -> f64 {
    (p / (1.0 - p)).ln()
}

/// Bisection for a monotone function: the `x` in `[lo, hi]` with `f(x) = target`.
fn solve(mut lo: f64, mut hi: f64, target: f64, f: impl Fn(f64) -> f64) -> f64 {
    let increasing = f(hi) > f(lo);
    for _ in 0..64 {
        let mid = 0.5 * (lo + hi);
        let v = f(mid);
        if (v < target) == increasing {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

// ----------------------------------------------------------------------------------------
// Targets (the numbers of the brief).

/// The district-wide targets the calibration hits in expectation.
#[derive(Debug, Clone, Copy)]
pub struct Targets {
    /// Literacy rate 15+, percent (F, M).
    pub literacy: [f64; 2],
    /// Singulate mean age at marriage (F, M).
    pub smam: [f64; 2],
    /// Women 20–24 first married before 18, percent.
    pub child_marriage_18: f64,
    /// Persons with disability, percent of all ages.
    pub disability: f64,
    /// Labour force participation 15+, percent (F, M).
    pub lfpr: [f64; 2],
    /// Unemployment rate, percent of the labour force (F, M).
    pub unemployment: [f64; 2],
    /// Wage workers, percent of the employed (F, M).
    pub wage_share: [f64; 2],
    /// Agriculture, percent of the employed (F, M).
    pub agri_share: [f64; 2],
    /// Managers (ISCO 1), percent of the employed (both sexes).
    pub managers_share: f64,
    /// Women, percent of managers.
    pub women_managers: f64,
    /// Mean monthly income of wage workers, thousand VND (F, M).
    pub income: [f64; 2],
    /// Mean weekly hours of unpaid care and domestic work, 15+ (F, M).
    pub care_hours: [f64; 2],
    /// Crude birth rate per 1,000.
    pub cbr: f64,
    /// Adolescent birth rate 15–19 per 1,000 women.
    pub abr: f64,
    /// Sex ratio at birth (boys per 100 girls).
    pub srb: f64,
    /// Births attended by skilled personnel, percent.
    pub skilled_attendant: f64,
    /// Maternal deaths per 100,000 live births.
    pub mmr: f64,
    /// Life expectancy at birth (F, M).
    pub life_expectancy: [f64; 2],
}

/// The targets used.
pub const TARGETS: Targets = Targets {
    literacy: [95.0, 97.5],
    smam: [25.2, 29.4],
    child_marriage_18: 9.0,
    disability: 3.0,
    lfpr: [62.0, 75.0],
    unemployment: [1.9, 2.1],
    wage_share: [48.0, 57.0],
    agri_share: [30.0, 27.0],
    managers_share: 1.6,
    women_managers: 28.0,
    income: [6500.0, 8700.0],
    care_hours: [15.5, 8.6],
    cbr: 15.0,
    abr: 35.0,
    srb: 111.0,
    skilled_attendant: 97.0,
    mmr: 46.0,
    life_expectancy: [76.5, 71.2],
};

// ----------------------------------------------------------------------------------------
// Fixed structural parameters.

/// Shares of the 5-year age groups, lowland communes (Viet Nam 2019–2024 shape).
pub const GROUP_SHARES: [f64; 17] =
    [7.3, 8.0, 7.8, 6.9, 6.5, 7.3, 8.0, 8.0, 7.3, 6.8, 6.2, 5.5, 4.8, 3.8, 2.6, 1.5, 1.5];
/// Multipliers of the group shares in mountain communes (younger population).
pub const MOUNTAIN_TILT: [f64; 17] =
    [1.30, 1.28, 1.22, 1.12, 1.05, 1.0, 1.0, 0.97, 0.94, 0.92, 0.9, 0.86, 0.82, 0.78, 0.74, 0.7, 0.65];
/// Males per 100 females by age group.
pub const GROUP_SEX_RATIO: [f64; 17] = [
    110.5, 110.0, 109.0, 107.0, 104.0, 102.0, 101.0, 100.5, 100.5, 100.0, 97.0, 93.0, 89.0, 82.0, 75.0, 66.0,
    52.0,
];
/// Within the open group 80+, each further year of age is this much smaller.
pub const OLD_AGE_DECAY: f64 = 0.78;

/// Education: latent-score thresholds of the ordered logit (none | primary | LS | US | VET | tertiary).
pub const EDU_THRESHOLDS: [f64; 5] = [-1.8, -0.6, 0.6, 1.8, 2.7];

/// Labour force participation by age group (15–19 … 80+) before calibration (F, M).
pub const LF_BASE: [[f64; 14]; 2] = [
    [0.22, 0.66, 0.85, 0.88, 0.89, 0.89, 0.87, 0.80, 0.62, 0.42, 0.30, 0.18, 0.09, 0.03],
    [0.26, 0.74, 0.93, 0.97, 0.97, 0.97, 0.96, 0.93, 0.86, 0.62, 0.45, 0.28, 0.15, 0.06],
];
/// Split of the non-wage employed into employer / own-account / contributing family / coop (F, M).
pub const NON_WAGE_SPLIT: [[f64; 4]; 2] = [[0.025, 0.600, 0.370, 0.005], [0.075, 0.740, 0.180, 0.005]];
/// Share of industry among the non-agricultural employed: [sex][wage worker or not].
pub const INDUSTRY_SHARE: [[f64; 2]; 2] = [[0.22, 0.45], [0.42, 0.55]];
/// Log-normal spread (sigma of log income) of wage workers' monthly income.
pub const INCOME_SIGMA: f64 = 0.5;
/// Fertility by single age 20–49 before scaling, per woman and year (lowland).
const ASFR_20_49: [f64; 6] = [0.105, 0.125, 0.088, 0.045, 0.012, 0.002];
/// Relative adolescent fertility by single age 15..19 (mean 1).
const ASFR_TEEN_REL: [f64; 5] = [0.15, 0.45, 0.85, 1.40, 2.15];
/// Fertility at ages 12, 13, 14 (lowland).
const ASFR_UNDER_15: [f64; 3] = [0.0001, 0.0003, 0.0012];
/// Mountain multiplier of fertility under 20.
pub const MOUNTAIN_TEEN_FERTILITY: f64 = 3.0;
/// Mountain multiplier of fertility 20–49.
pub const MOUNTAIN_ADULT_FERTILITY: f64 = 1.25;
/// Extra SRB points for birth order 3+.
pub const SRB_ORDER3_EXTRA: f64 = 10.0;
/// Mountain multiplier of the maternal mortality ratio.
pub const MOUNTAIN_MMR: f64 = 2.5;
/// Gompertz slope of adult mortality (the level is calibrated to life expectancy).
pub const GOMPERTZ_B: f64 = 0.085;
/// Infant mortality (age 0 death rate) (F, M).
pub const M0: [f64; 2] = [0.0105, 0.0130];
/// Death rate ages 1–4 (F, M).
pub const M1_4: [f64; 2] = [0.0005, 0.0006];
/// Age-independent (Makeham) death rate from age 5 (F, M).
pub const MAKEHAM: [f64; 2] = [0.0002, 0.0008];
/// Never married by 50 (F, M).
pub const NEVER_MARRY: [f64; 2] = [0.035, 0.025];
/// Mountain communes: the age-at-first-marriage scale (years after 12) is multiplied by this (F, M).
pub const MOUNTAIN_AFM_SCALE: [f64; 2] = [0.72, 0.85];
/// Shape of the log-logistic age at first marriage, men (women's is calibrated).
pub const AFM_BETA_M: f64 = 5.0;
/// Crude marriage rate, registered marriages per 1,000 residents.
pub const CRUDE_MARRIAGE_RATE: f64 = 6.8;
/// Gender-based violence cases detected per year in the district (Poisson mean, for 150,000 residents).
pub const GBV_CASES_PER_150K: f64 = 36.0;
/// Share of detected victims reached by at least one basic service.
pub const GBV_ANY_SERVICE: f64 = 0.85;
/// Women among People's Council deputies (district, commune).
pub const WOMEN_DEPUTIES: [f64; 2] = [0.29, 0.27];
/// Women among Party committee members (district and commune).
pub const WOMEN_PARTY: f64 = 0.19;
/// Women among enterprise and cooperative directors.
pub const WOMEN_DIRECTORS: f64 = 0.26;

// ----------------------------------------------------------------------------------------

/// The attributes a person's probabilities depend on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Traits {
    /// Woman?
    pub female: bool,
    /// Age in completed years.
    pub age: usize,
    /// Lives in an urban part?
    pub urban: bool,
    /// Ethnic minority (not Kinh or Hoa)?
    pub minority: bool,
    /// Lives in a mountain commune?
    pub mountain: bool,
    /// Education level index into [`EDU`].
    pub edu: usize,
}

impl Traits {
    fn s(&self) -> usize {
        usize::from(!self.female)
    }
}

/// Log-logistic age at first marriage: `m = floor(12 + X)`, `X ~ LogLogistic(alpha, beta)`
/// truncated to `m <= 49`; a share `never` never marries (by 50).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Afm {
    /// Scale (median of X, years after age 12).
    pub alpha: f64,
    /// Shape.
    pub beta: f64,
    /// Never married by 50.
    pub never: f64,
}

impl Afm {
    const BASE: f64 = 12.0;
    const SPAN: f64 = 38.0; // m <= 49 ⇔ X < 38

    fn cdf_x(&self, x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else {
            let r = (x / self.alpha).powf(self.beta);
            r / (1.0 + r)
        }
    }

    /// P(m <= a | ever marries by 50).
    pub fn cdf(&self, a: i64) -> f64 {
        if a < 12 {
            0.0
        } else if a >= 49 {
            1.0
        } else {
            self.cdf_x(a as f64 + 1.0 - Self::BASE) / self.cdf_x(Self::SPAN)
        }
    }

    /// Probability of being never married at completed age `a`.
    pub fn p_single(&self, a: usize) -> f64 {
        self.never + (1.0 - self.never) * (1.0 - self.cdf(a as i64))
    }

    /// Mean age at first marriage of those who marry by 50.
    pub fn mean(&self) -> f64 {
        (12..=49).map(|k| k as f64 * (self.cdf(k) - self.cdf(k - 1))).sum()
    }

    /// Draw: `None` = never married (by 50), else the age at first marriage.
    pub fn sample(&self, u: f64, v: f64) -> Option<usize> {
        if u < self.never {
            return None;
        }
        let p = (v * self.cdf_x(Self::SPAN)).min(1.0 - 1e-12);
        let x = self.alpha * (p / (1.0 - p)).powf(1.0 / self.beta);
        Some(((Self::BASE + x).floor() as usize).clamp(12, 49))
    }
}

/// Expected values of the model for the district (what an infinitely large sample would show).
#[derive(Debug, Clone, Default)]
pub struct Expected {
    /// Males per 100 females, all ages.
    pub sex_ratio: f64,
    /// Males per 100 females, 0–14.
    pub sex_ratio_0_14: f64,
    /// Males per 100 females, 65+.
    pub sex_ratio_65plus: f64,
    /// Percent aged 0–14.
    pub share_0_14: f64,
    /// Percent aged 65+.
    pub share_65plus: f64,
    /// Mean age.
    pub mean_age: f64,
    /// Percent urban.
    pub urban: f64,
    /// Percent ethnic minority.
    pub minority: f64,
    /// Literacy 15+ (F, M), percent.
    pub literacy: [f64; 2],
    /// Percent of 25+ with at least lower-secondary completed (F, M).
    pub secondary_25plus: [f64; 2],
    /// Mean years of schooling 25+ (F, M).
    pub mys: [f64; 2],
    /// Percent of 25+ with tertiary education (F, M).
    pub tertiary_25plus: [f64; 2],
    /// Hajnal SMAM (F, M).
    pub smam: [f64; 2],
    /// Mean age at first marriage of the ever married by 50, lowland (F, M).
    pub afm_mean_lowland: [f64; 2],
    /// Mean age at first marriage of the ever married by 50, mountain (F, M).
    pub afm_mean_mountain: [f64; 2],
    /// Women 20–24 married before 18, percent: district, lowland, mountain.
    pub child_marriage_18: [f64; 3],
    /// Women 20–24 married before 15, percent (district).
    pub child_marriage_15: f64,
    /// Disability, percent of all ages.
    pub disability: f64,
    /// Account ownership 15+ (F, M).
    pub has_account: [f64; 2],
    /// Internet use 15+ (F, M).
    pub internet: [f64; 2],
    /// Mobile ownership 15+ (F, M).
    pub mobile: [f64; 2],
    /// LFPR 15+ (F, M).
    pub lfpr: [f64; 2],
    /// Unemployment rate (F, M).
    pub unemployment: [f64; 2],
    /// Wage workers % of employed (F, M).
    pub wage_share: [f64; 2],
    /// Employers % of employed (F, M).
    pub employer_share: [f64; 2],
    /// Own-account % of employed (F, M).
    pub own_account_share: [f64; 2],
    /// Contributing family workers % of employed (F, M).
    pub family_share: [f64; 2],
    /// Agriculture % of employed (F, M).
    pub agri_share: [f64; 2],
    /// Industry % of employed (F, M).
    pub industry_share: [f64; 2],
    /// Managers % of employed (both sexes).
    pub managers_share: f64,
    /// Women % of managers.
    pub women_managers: f64,
    /// Mean monthly income of wage workers (F, M), thousand VND.
    pub income: [f64; 2],
    /// Gender pay gap (M − F) / M, percent.
    pub pay_gap: f64,
    /// Part-time (< 35 h) % of employed (F, M).
    pub part_time: [f64; 2],
    /// Informal % of employed (F, M).
    pub informal: [f64; 2],
    /// Mean unpaid care hours per week, 15+ (F, M).
    pub care_hours: [f64; 2],
    /// Crude birth rate per 1,000.
    pub cbr: f64,
    /// Total fertility rate (lowland, mountain).
    pub tfr: [f64; 2],
    /// ABR per 1,000 women 15–19: district, lowland, mountain.
    pub abr: [f64; 3],
    /// SRB (district).
    pub srb: f64,
    /// SRB of birth orders 1–2 and 3+ (district).
    pub srb_by_order: [f64; 2],
    /// Probability a birth is a boy (district).
    pub p_boy: f64,
    /// Percent of births of order 3+.
    pub order3_share: f64,
    /// Skilled attendance percent.
    pub skilled_attendant: f64,
    /// MMR per 100,000.
    pub mmr: f64,
    /// Crude death rate per 1,000.
    pub cdr: f64,
    /// Life expectancy (F, M).
    pub life_expectancy: [f64; 2],
    /// LFS sample share of residents 15+ (expected), percent.
    pub lfs_fraction: f64,
}

/// Per-commune true parameters.
#[derive(Debug, Clone)]
pub struct CommuneTruth {
    /// Commune code.
    pub code: &'static str,
    /// Population share, percent.
    pub pop_share: f64,
    /// SRB for birth orders 1–2.
    pub srb_12: f64,
    /// SRB for birth orders 3+.
    pub srb_3plus: f64,
    /// Expected overall SRB (mixing orders as expected in the commune).
    pub srb: f64,
    /// Expected births per 1,000 residents.
    pub cbr: f64,
    /// Skilled attendance, percent (expected).
    pub skilled_attendant: f64,
    /// LFS sampling fraction.
    pub lfs_fraction: f64,
    /// LFS weight (inverse fraction).
    pub weight: f64,
}

/// A cell of the expected population (commune type × sex × age × urban × minority).
#[derive(Debug, Clone, Copy)]
struct Cell {
    w: f64,
    t: Traits,
}

/// The calibrated model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Joint distribution of (age, sex) for lowland [0] and mountain [1] communes.
    pub pyramid: [Vec<[f64; 2]>; 2],
    /// Literacy intercept for persons with no schooling (F, M).
    pub literacy_a: [f64; 2],
    /// Disability intercept.
    pub disability_a: f64,
    /// Age at first marriage: `[sex][mountain]`.
    pub afm: [[Afm; 2]; 2],
    /// LFPR logit shift (F, M).
    pub lf_shift: [f64; 2],
    /// Unemployment intercept (F, M).
    pub unemp_a: [f64; 2],
    /// Wage work intercept (F, M).
    pub wage_a: [f64; 2],
    /// Agriculture intercept (F, M).
    pub agri_a: [f64; 2],
    /// Manager intercept.
    pub mgr_a: f64,
    /// Manager log-odds for women.
    pub mgr_female: f64,
    /// Log-income intercept (F, M).
    pub income_mu: [f64; 2],
    /// Unpaid care hours scale (F, M).
    pub care_scale: [f64; 2],
    /// Fertility by single age 0..=49: `[mountain][age]`.
    pub asfr: [[f64; 50]; 2],
    /// Fertility scale applied to ages 20–49.
    pub asfr_scale: f64,
    /// District SRB shift (SRB orders 1–2 = 109.5 + offset + shift).
    pub srb_shift: f64,
    /// Gompertz level (F, M).
    pub mort_a: [f64; 2],
    /// Gompertz slope (both sexes).
    pub mort_b: f64,
    /// Skilled attendance, lowland Kinh mothers.
    pub skilled_lowland: f64,
    /// MMR per 100,000, lowland.
    pub mmr_lowland: f64,
    /// District-wide expected values.
    pub expected: Expected,
    /// Per-commune truths.
    pub communes: Vec<CommuneTruth>,
    cells: Vec<Cell>,
}

fn base_pyramid(mountain: bool) -> Vec<[f64; 2]> {
    let mut out = vec![[0.0; 2]; AGE_MAX + 1];
    let mut total = 0.0;
    for (g, share) in GROUP_SHARES.iter().enumerate() {
        let share = if mountain { share * MOUNTAIN_TILT[g] } else { *share };
        let ratio = GROUP_SEX_RATIO[g] / 100.0;
        let (pf, pm) = (1.0 / (1.0 + ratio), ratio / (1.0 + ratio));
        let ages: Vec<(usize, f64)> = if g < 16 {
            (g * 5..g * 5 + 5).map(|a| (a, 1.0)).collect()
        } else {
            (80..=AGE_MAX).map(|a| (a, OLD_AGE_DECAY.powi((a - 80) as i32))).collect()
        };
        let wsum: f64 = ages.iter().map(|(_, w)| w).sum();
        for (a, w) in ages {
            out[a][0] = share * w / wsum * pf;
            out[a][1] = share * w / wsum * pm;
            total += share * w / wsum;
        }
    }
    for a in out.iter_mut() {
        a[0] /= total;
        a[1] /= total;
    }
    out
}

/// Population shares of the communes.
pub fn commune_shares() -> Vec<f64> {
    let sum: f64 = COMMUNES.iter().map(|c| c.weight).sum();
    COMMUNES.iter().map(|c| c.weight / sum).collect()
}

impl Default for Model {
    fn default() -> Self {
        Self::new()
    }
}

impl Model {
    // ---------------- person-level model ----------------

    /// Mean of the latent education score.
    pub fn edu_mu(t: &Traits) -> f64 {
        let a = t.age as f64;
        let mut mu = 1.6 - 0.045 * (a - 25.0);
        if t.female {
            mu += if a < 35.0 { 0.1 } else { -0.018 * (a - 35.0) };
        }
        if t.urban {
            mu += 0.9;
        }
        if t.minority {
            mu -= 1.0;
        }
        if t.mountain {
            mu -= 0.4;
        }
        mu
    }

    /// Highest level an age allows.
    pub fn edu_cap(age: usize) -> usize {
        match age {
            0..=10 => 0,
            11..=14 => 1,
            15..=17 => 2,
            18..=19 => 3,
            20..=21 => 4,
            _ => 5,
        }
    }

    /// Distribution of education levels (ignores `t.edu`).
    pub fn edu_dist(t: &Traits) -> [f64; 6] {
        let mu = Self::edu_mu(t);
        let mut cdf = [1.0; 6];
        for (k, th) in EDU_THRESHOLDS.iter().enumerate() {
            cdf[k] = sigmoid(th - mu);
        }
        let mut p = [0.0; 6];
        let mut prev = 0.0;
        for k in 0..6 {
            p[k] = cdf[k] - prev;
            prev = cdf[k];
        }
        let cap = Self::edu_cap(t.age);
        let above: f64 = p[cap + 1..].iter().sum();
        p[cap] += above;
        for x in p[cap + 1..].iter_mut() {
            *x = 0.0;
        }
        p
    }

    /// Draw an education level from a uniform number.
    pub fn edu_draw(t: &Traits, u: f64) -> usize {
        let mu = Self::edu_mu(t);
        let level = EDU_THRESHOLDS.iter().position(|th| u < sigmoid(th - mu)).unwrap_or(5);
        level.min(Self::edu_cap(t.age))
    }

    /// Probability of being literate (None below age 5: not asked).
    pub fn p_literate(&self, t: &Traits) -> Option<f64> {
        let m = if t.minority { 0.85 } else { 1.0 };
        match t.age {
            0..=4 => None,
            5..=10 => Some([0.05, 0.3, 0.75, 0.9, 0.95, 0.97][t.age - 5] * m),
            _ => Some(match t.edu {
                0 => sigmoid(
                    self.literacy_a[t.s()]
                        - 0.04 * (t.age as f64 - 40.0)
                        - if t.minority { 0.8 } else { 0.0 },
                ),
                1 => {
                    if t.minority {
                        0.92
                    } else {
                        0.97
                    }
                }
                2 => 0.995,
                _ => 0.999,
            }),
        }
    }

    /// Probability of a disability.
    pub fn p_disability(&self, t: &Traits) -> f64 {
        sigmoid(self.disability_a + 0.055 * (t.age as f64 - 60.0) + if t.female { 0.1 } else { 0.0 })
    }

    const EDU_ICT: [f64; 6] = [-1.5, -0.8, -0.2, 0.3, 0.8, 1.8];

    /// Probability of owning an account (None under 15).
    pub fn p_account(t: &Traits) -> Option<f64> {
        if t.age < 15 {
            return None;
        }
        let a = t.age as f64;
        Some(sigmoid(
            1.3 + Self::EDU_ICT[t.edu] + if t.urban { 0.5 } else { 0.0 }
                - if t.minority { 0.8 } else { 0.0 }
                - 0.03 * (a - 45.0).max(0.0)
                - if t.age < 20 { 0.8 } else { 0.0 }
                - if t.female { 0.12 } else { 0.0 },
        ))
    }

    /// Probability of using the internet (None under 6).
    pub fn p_internet(t: &Traits) -> Option<f64> {
        let a = t.age as f64;
        let adj = if t.urban { 0.6 } else { 0.0 } - if t.minority { 0.7 } else { 0.0 };
        match t.age {
            0..=5 => None,
            6..=14 => Some(sigmoid(1.0 + 0.15 * (a - 10.0) + adj)),
            _ => Some(sigmoid(
                2.3 + Self::EDU_ICT[t.edu] + adj
                    - 0.07 * (a - 35.0).max(0.0)
                    - if t.female { 0.1 } else { 0.0 },
            )),
        }
    }

    /// Probability of owning a mobile phone (None under 10).
    pub fn p_mobile(t: &Traits) -> Option<f64> {
        let a = t.age as f64;
        let adj = if t.urban { 0.5 } else { 0.0 } - if t.minority { 0.6 } else { 0.0 };
        match t.age {
            0..=9 => None,
            10..=14 => Some(sigmoid(-1.5 + 0.45 * (a - 10.0) + adj)),
            _ => Some(sigmoid(
                3.2 + 0.5 * Self::EDU_ICT[t.edu] + adj
                    - 0.05 * (a - 55.0).max(0.0)
                    - if t.female { 0.15 } else { 0.0 },
            )),
        }
    }

    /// Probability of being widowed, given ever married.
    pub fn p_widowed(t: &Traits) -> f64 {
        sigmoid(if t.female { -8.5 } else { -10.0 } + 0.11 * t.age as f64)
    }

    /// Probability of being divorced / separated, given ever married and not widowed.
    pub fn p_divorced_separated(t: &Traits) -> (f64, f64) {
        if t.age < 20 {
            (0.005, 0.003)
        } else if t.female {
            (0.025, 0.006)
        } else {
            (0.015, 0.004)
        }
    }

    /// Labour force participation.
    pub fn p_lf(&self, t: &Traits) -> f64 {
        if t.age < 15 {
            return 0.0;
        }
        let g = age_group(t.age) - 3;
        let mut x = logit(LF_BASE[t.s()][g]) + self.lf_shift[t.s()];
        if t.mountain {
            x += 0.3;
        }
        if t.urban {
            x -= 0.25;
        }
        if t.edu == 5 {
            x += if t.female { 0.3 } else { 0.1 };
        }
        if t.age < 25 && t.edu >= 3 {
            x -= 0.4;
        }
        sigmoid(x)
    }

    /// Unemployment, given in the labour force.
    pub fn p_unemployed(&self, t: &Traits) -> f64 {
        let youth = match t.age {
            15..=19 => 1.4,
            20..=24 => 1.0,
            25..=29 => 0.4,
            30..=54 => 0.0,
            _ => -0.6,
        };
        sigmoid(
            self.unemp_a[t.s()]
                + youth
                + if t.urban { 0.5 } else { 0.0 }
                + if t.edu == 5 { 0.3 } else { 0.0 },
        )
    }

    /// Distribution of employment types, given employed.
    pub fn emp_type_dist(&self, t: &Traits) -> [f64; 5] {
        const EDU_W: [f64; 6] = [-1.2, -0.7, -0.2, 0.2, 0.8, 1.3];
        let age = match t.age {
            0..=24 => 0.4,
            25..=39 => 0.2,
            40..=54 => -0.2,
            _ => -1.2,
        };
        let pw = sigmoid(
            self.wage_a[t.s()] + if t.urban { 1.0 } else { 0.0 }
                - if t.mountain { 1.0 } else { 0.0 }
                - if t.minority { 0.5 } else { 0.0 }
                + EDU_W[t.edu]
                + age,
        );
        let split = NON_WAGE_SPLIT[t.s()];
        [pw, (1.0 - pw) * split[0], (1.0 - pw) * split[1], (1.0 - pw) * split[2], (1.0 - pw) * split[3]]
    }

    /// Agriculture, given employed with employment type `ty`.
    pub fn p_agri(&self, t: &Traits, ty: usize) -> f64 {
        const TYPE: [f64; 5] = [-1.5, -0.8, 0.0, 0.8, 1.0];
        const EDU_A: [f64; 6] = [0.8, 0.5, 0.3, -0.3, -1.0, -2.2];
        sigmoid(
            self.agri_a[t.s()] + TYPE[ty] + EDU_A[t.edu] - if t.urban { 2.0 } else { 0.0 }
                + if t.mountain { 1.3 } else { 0.0 }
                + if t.age >= 55 { 0.5 } else { 0.0 },
        )
    }

    /// Manager (ISCO 1), given employed, type and sector.
    pub fn p_manager(&self, t: &Traits, ty: usize, agri: bool) -> f64 {
        const EDU_M: [f64; 6] = [-1.5, -1.0, -0.5, 0.0, 0.5, 1.8];
        const TYPE: [f64; 5] = [0.6, 2.5, -0.5, -3.0, 0.3];
        let age = match t.age {
            0..=24 => -1.5,
            25..=39 => 0.0,
            _ => 0.4,
        };
        sigmoid(
            self.mgr_a + if t.female { self.mgr_female } else { 0.0 } + EDU_M[t.edu] + TYPE[ty]
                - if agri { 1.5 } else { 0.0 }
                + age,
        )
    }

    /// Log-income location (before the intercept) of a wage worker.
    pub fn income_x(t: &Traits, manager: bool, agri: bool) -> f64 {
        const EDU_I: [f64; 6] = [-0.35, -0.25, -0.12, 0.0, 0.12, 0.45];
        let age = match t.age {
            0..=24 => -0.2,
            25..=34 => 0.0,
            35..=54 => 0.08,
            _ => -0.05,
        };
        EDU_I[t.edu] + if t.urban { 0.18 } else { 0.0 } - if t.mountain { 0.2 } else { 0.0 }
            + age
            + if manager { 0.55 } else { 0.0 }
            - if agri { 0.25 } else { 0.0 }
    }

    /// Part-time (< 35 hours), given employed.
    pub fn p_part_time(t: &Traits, agri: bool) -> f64 {
        let age = match t.age {
            0..=24 => 0.3,
            25..=54 => 0.0,
            55..=64 => 0.4,
            _ => 1.2,
        };
        sigmoid(-2.3 + if t.female { 0.35 } else { 0.0 } + if agri { 0.9 } else { 0.0 } + age)
    }

    /// Informal employment, given employed with type and sector.
    pub fn p_informal(t: &Traits, ty: usize, agri: bool) -> f64 {
        match ty {
            0 => {
                const EDU_F: [f64; 6] = [0.6, 0.4, 0.2, -0.2, -0.8, -1.5];
                sigmoid(-0.3 + EDU_F[t.edu] + if agri { 1.5 } else { 0.0 } - if t.urban { 0.3 } else { 0.0 })
            }
            1 => 0.55,
            2 => 0.95,
            3 => 1.0,
            _ => 0.5,
        }
    }

    /// Unpaid care hours: relative level by age and labour status (scaled by `care_scale`).
    pub fn care_factor(t: &Traits, employed: bool) -> f64 {
        let age = match t.age {
            0..=24 => 0.55,
            25..=34 => 1.25,
            35..=44 => 1.2,
            45..=54 => 1.0,
            55..=64 => 0.95,
            _ => 0.8,
        };
        let status = if employed {
            0.9
        } else if t.female {
            1.3
        } else {
            1.1
        };
        age * status
    }

    /// Fertility rate of a woman of `age`.
    pub fn asfr(&self, mountain: bool, age: usize) -> f64 {
        if age < 50 { self.asfr[usize::from(mountain)][age] } else { 0.0 }
    }

    /// Birth order distribution (1, 2, 3+) by mother's age.
    pub fn order_dist(mountain: bool, mother_age: usize) -> [f64; 3] {
        let (p1, p3): (f64, f64) = match mother_age {
            0..=19 => (0.86, 0.01),
            20..=24 => (0.58, 0.08),
            25..=29 => (0.40, 0.16),
            30..=34 => (0.24, 0.26),
            _ => (0.15, 0.40),
        };
        let p3 = if mountain { (p3 * 1.6).min(1.0 - p1) } else { p3 };
        [p1, 1.0 - p1 - p3, p3]
    }

    /// SRB of a commune for orders 1–2 and 3+.
    pub fn srb(&self, c: &Commune) -> (f64, f64) {
        let b = 109.5 + c.srb_offset + self.srb_shift;
        (b, b + SRB_ORDER3_EXTRA)
    }

    /// Skilled attendance probability.
    pub fn p_skilled(&self, mountain: bool, minority: bool) -> f64 {
        match (mountain, minority) {
            (false, false) => self.skilled_lowland,
            (false, true) => self.skilled_lowland - 0.04,
            (true, false) => 0.95,
            (true, true) => 0.86,
        }
    }

    /// MMR (per 100,000) of a commune type.
    pub fn mmr(&self, mountain: bool) -> f64 {
        if mountain { self.mmr_lowland * MOUNTAIN_MMR } else { self.mmr_lowland }
    }

    /// Death rate at `age` for sex index `s`.
    pub fn death_rate(&self, s: usize, age: usize) -> f64 {
        match age {
            0 => M0[s],
            1..=4 => M1_4[s],
            _ => MAKEHAM[s] + self.mort_a[s] * (self.mort_b * age as f64).exp(),
        }
    }

    /// Probability a death is from a non-communicable disease.
    pub fn p_ncd(age: usize) -> f64 {
        sigmoid(-4.0 + 0.075 * age as f64)
    }

    // ---------------- calibration ----------------

    /// Build and calibrate the model.
    pub fn new() -> Model {
        let pyramid = [base_pyramid(false), base_pyramid(true)];
        let shares = commune_shares();
        // Expected cells, merged over communes with the same profile.
        let mut cells: Vec<Cell> = Vec::new();
        for (c, share) in COMMUNES.iter().zip(&shares) {
            let pyr = &pyramid[usize::from(c.mountain)];
            let minority = c.minority_share();
            for (age, ps) in pyr.iter().enumerate() {
                for (s, p) in ps.iter().enumerate() {
                    for (urban, pu) in [(false, 1.0 - c.urban), (true, c.urban)] {
                        for (min, pm) in [(false, 1.0 - minority), (true, minority)] {
                            let w = share * p * pu * pm;
                            if w <= 0.0 {
                                continue;
                            }
                            let t = Traits {
                                female: s == 0,
                                age,
                                urban,
                                minority: min,
                                mountain: c.mountain,
                                edu: 0,
                            };
                            match cells.iter_mut().find(|x| x.t == t) {
                                Some(x) => x.w += w,
                                None => cells.push(Cell { w, t }),
                            }
                        }
                    }
                }
            }
        }
        let mut m = Model {
            pyramid,
            literacy_a: [0.0; 2],
            disability_a: 0.0,
            afm: [[Afm { alpha: 10.0, beta: 4.0, never: 0.0 }; 2]; 2],
            lf_shift: [0.0; 2],
            unemp_a: [0.0; 2],
            wage_a: [0.0; 2],
            agri_a: [0.0; 2],
            mgr_a: 0.0,
            mgr_female: 0.0,
            income_mu: [0.0; 2],
            care_scale: [0.0; 2],
            asfr: [[0.0; 50]; 2],
            asfr_scale: 1.0,
            srb_shift: 0.0,
            mort_a: [0.0; 2],
            mort_b: GOMPERTZ_B,
            skilled_lowland: 0.0,
            mmr_lowland: 0.0,
            expected: Expected::default(),
            communes: Vec::new(),
            cells,
        };
        m.calibrate_persons();
        m.calibrate_marriage();
        m.calibrate_labour();
        m.calibrate_vital();
        m.compute_expected();
        m
    }

    /// Σ w·num / Σ w·den over the expected population with its education distribution.
    fn expect(&self, f: impl Fn(&Traits) -> (f64, f64)) -> f64 {
        let (mut num, mut den) = (0.0, 0.0);
        for c in &self.cells {
            let p = Self::edu_dist(&c.t);
            for (e, pe) in p.iter().enumerate() {
                if *pe <= 0.0 {
                    continue;
                }
                let t = Traits { edu: e, ..c.t };
                let (n, d) = f(&t);
                num += c.w * pe * n;
                den += c.w * pe * d;
            }
        }
        num / den
    }

    fn calibrate_persons(&mut self) {
        for s in 0..2 {
            let target = TARGETS.literacy[s] / 100.0;
            let a = solve(-10.0, 10.0, target, |a| {
                let mut m = self.clone();
                m.literacy_a[s] = a;
                m.expect(|t| {
                    if t.s() != s || t.age < 15 {
                        return (0.0, 0.0);
                    }
                    (m.p_literate(t).unwrap_or(0.0), 1.0)
                })
            });
            self.literacy_a[s] = a;
        }
        let target = TARGETS.disability / 100.0;
        self.disability_a = solve(-10.0, 5.0, target, |a| {
            let mut m = self.clone();
            m.disability_a = a;
            m.expect(|t| (m.p_disability(t), 1.0))
        });
    }

    /// Expected (age, sex) weights by commune type (summed over communes).
    fn type_weights(&self) -> [Vec<[f64; 2]>; 2] {
        let mut out = [vec![[0.0; 2]; AGE_MAX + 1], vec![[0.0; 2]; AGE_MAX + 1]];
        for (c, share) in COMMUNES.iter().zip(commune_shares()) {
            let k = usize::from(c.mountain);
            for a in 0..=AGE_MAX {
                for s in 0..2 {
                    out[k][a][s] += share * self.pyramid[k][a][s];
                }
            }
        }
        out
    }

    /// Hajnal SMAM from pooled proportions single.
    fn smam_of(w: &[Vec<[f64; 2]>; 2], s: usize, afm: &[Afm; 2]) -> f64 {
        let single = |lo: usize| -> f64 {
            let (mut n, mut d) = (0.0, 0.0);
            for k in 0..2 {
                for a in lo..lo + 5 {
                    n += w[k][a][s] * afm[k].p_single(a);
                    d += w[k][a][s];
                }
            }
            n / d
        };
        let groups: Vec<f64> = (15..=45).step_by(5).map(single).collect();
        let p50 = 0.5 * (single(45) + single(50));
        (15.0 + 5.0 * groups.iter().sum::<f64>() - 50.0 * p50) / (1.0 - p50)
    }

    fn child_marriage_of(w: &[Vec<[f64; 2]>; 2], afm: &[Afm; 2], before: i64) -> [f64; 3] {
        let mut out = [0.0; 3];
        let (mut n, mut d) = (0.0, 0.0);
        for k in 0..2 {
            let (mut nk, mut dk) = (0.0, 0.0);
            for a in 20..25 {
                let p = (1.0 - afm[k].never) * afm[k].cdf(before - 1);
                nk += w[k][a][0] * p;
                dk += w[k][a][0];
            }
            out[k + 1] = 100.0 * nk / dk;
            n += nk;
            d += dk;
        }
        out[0] = 100.0 * n / d;
        out
    }

    fn calibrate_marriage(&mut self) {
        let w = self.type_weights();
        // Women: beta and alpha so that child marriage (pooled) and SMAM (pooled) hit targets.
        let make = |alpha: f64, beta: f64, s: usize| -> [Afm; 2] {
            [
                Afm { alpha, beta, never: NEVER_MARRY[s] },
                Afm { alpha: alpha * MOUNTAIN_AFM_SCALE[s], beta, never: NEVER_MARRY[s] },
            ]
        };
        let alpha_for = |beta: f64| -> f64 {
            solve(1.0, 80.0, TARGETS.child_marriage_18, |a| {
                Self::child_marriage_of(&w, &make(a, beta, 0), 18)[0]
            })
        };
        let beta = solve(2.0, 15.0, TARGETS.smam[0], |b| Self::smam_of(&w, 0, &make(alpha_for(b), b, 0)));
        let f = make(alpha_for(beta), beta, 0);
        let alpha_m = solve(1.0, 80.0, TARGETS.smam[1], |a| Self::smam_of(&w, 1, &make(a, AFM_BETA_M, 1)));
        let m = make(alpha_m, AFM_BETA_M, 1);
        self.afm = [f, m];
    }

    fn calibrate_labour(&mut self) {
        for s in 0..2 {
            self.lf_shift[s] = solve(-5.0, 5.0, TARGETS.lfpr[s] / 100.0, |x| {
                let mut m = self.clone();
                m.lf_shift[s] = x;
                m.expect(|t| if t.s() != s || t.age < 15 { (0.0, 0.0) } else { (m.p_lf(t), 1.0) })
            });
        }
        for s in 0..2 {
            self.unemp_a[s] = solve(-12.0, 2.0, TARGETS.unemployment[s] / 100.0, |x| {
                let mut m = self.clone();
                m.unemp_a[s] = x;
                m.expect(|t| {
                    if t.s() != s || t.age < 15 {
                        return (0.0, 0.0);
                    }
                    let lf = m.p_lf(t);
                    (lf * m.p_unemployed(t), lf)
                })
            });
        }
        let employed = |m: &Model, t: &Traits| m.p_lf(t) * (1.0 - m.p_unemployed(t));
        for s in 0..2 {
            self.wage_a[s] = solve(-8.0, 8.0, TARGETS.wage_share[s] / 100.0, |x| {
                let mut m = self.clone();
                m.wage_a[s] = x;
                m.expect(|t| {
                    if t.s() != s || t.age < 15 {
                        return (0.0, 0.0);
                    }
                    let e = employed(&m, t);
                    (e * m.emp_type_dist(t)[0], e)
                })
            });
        }
        for s in 0..2 {
            self.agri_a[s] = solve(-8.0, 8.0, TARGETS.agri_share[s] / 100.0, |x| {
                let mut m = self.clone();
                m.agri_a[s] = x;
                m.expect(|t| {
                    if t.s() != s || t.age < 15 {
                        return (0.0, 0.0);
                    }
                    let e = employed(&m, t);
                    let d = m.emp_type_dist(t);
                    let pa: f64 = (0..5).map(|ty| d[ty] * m.p_agri(t, ty)).sum();
                    (e * pa, e)
                })
            });
        }
        // Managers: buckets of (sex, edu, type, agri, age class) with their employed weight.
        let mut buckets: Vec<(Traits, usize, bool, f64)> = Vec::new();
        {
            let mut acc = std::collections::BTreeMap::<(usize, usize, usize, bool, usize), f64>::new();
            let m = self.clone();
            for c in &self.cells {
                if c.t.age < 15 {
                    continue;
                }
                let pe = Self::edu_dist(&c.t);
                for (edu, p_edu) in pe.iter().enumerate() {
                    if *p_edu <= 0.0 {
                        continue;
                    }
                    let t = Traits { edu, ..c.t };
                    let e = employed(&m, &t);
                    let d = m.emp_type_dist(&t);
                    let class = match t.age {
                        0..=24 => 20,
                        25..=39 => 30,
                        _ => 45,
                    };
                    for (ty, pt) in d.iter().enumerate() {
                        let pa = m.p_agri(&t, ty);
                        for (agri, p) in [(true, pa), (false, 1.0 - pa)] {
                            *acc.entry((t.s(), edu, ty, agri, class)).or_default() +=
                                c.w * p_edu * e * pt * p;
                        }
                    }
                }
            }
            for ((s, edu, ty, agri, class), w) in acc {
                let t = Traits {
                    female: s == 0,
                    age: class,
                    urban: false,
                    minority: false,
                    mountain: false,
                    edu,
                };
                buckets.push((t, ty, agri, w));
            }
        }
        let total: f64 = buckets.iter().map(|b| b.3).sum();
        let share_with = |m: &Model| -> (f64, f64) {
            let (mut all, mut f) = (0.0, 0.0);
            for (t, ty, agri, w) in &buckets {
                let p = w * m.p_manager(t, *ty, *agri);
                all += p;
                if t.female {
                    f += p;
                }
            }
            (all / total, f / all)
        };
        for _ in 0..30 {
            self.mgr_a = solve(-15.0, 5.0, TARGETS.managers_share / 100.0, |x| {
                let mut m = self.clone();
                m.mgr_a = x;
                share_with(&m).0
            });
            self.mgr_female = solve(-5.0, 5.0, TARGETS.women_managers / 100.0, |x| {
                let mut m = self.clone();
                m.mgr_female = x;
                share_with(&m).1
            });
        }
        // Income: closed form.
        for s in 0..2 {
            let m = self.clone();
            let base = m.expect(|t| {
                if t.s() != s || t.age < 15 {
                    return (0.0, 0.0);
                }
                let e = employed(&m, t);
                let pw = m.emp_type_dist(t)[0];
                let pa = m.p_agri(t, 0);
                let mut n = 0.0;
                for (agri, p) in [(true, pa), (false, 1.0 - pa)] {
                    let pm = m.p_manager(t, 0, agri);
                    for (mgr, q) in [(true, pm), (false, 1.0 - pm)] {
                        n += p * q * (Self::income_x(t, mgr, agri) + INCOME_SIGMA * INCOME_SIGMA / 2.0).exp();
                    }
                }
                (e * pw * n, e * pw)
            });
            self.income_mu[s] = (TARGETS.income[s] / base).ln();
        }
        // Unpaid care: closed form.
        for s in 0..2 {
            let m = self.clone();
            let base = m.expect(|t| {
                if t.s() != s || t.age < 15 {
                    return (0.0, 0.0);
                }
                let e = employed(&m, t);
                (e * Self::care_factor(t, true) + (1.0 - e) * Self::care_factor(t, false), 1.0)
            });
            self.care_scale[s] = TARGETS.care_hours[s] / base;
        }
    }

    /// Expected births per unit population share, by commune (with current fertility).
    fn births_by_commune(&self) -> Vec<f64> {
        COMMUNES
            .iter()
            .zip(commune_shares())
            .map(|(c, share)| {
                let k = usize::from(c.mountain);
                share * (0..50).map(|a| self.pyramid[k][a][0] * self.asfr(c.mountain, a)).sum::<f64>()
            })
            .collect()
    }

    fn calibrate_vital(&mut self) {
        let w = self.type_weights();
        // Adolescent fertility: lowland level r, mountain 3r; pooled ABR = target.
        let (mut wsum, mut rel) = (0.0, 0.0);
        for k in 0..2 {
            let mult = if k == 1 { MOUNTAIN_TEEN_FERTILITY } else { 1.0 };
            for a in 15..20 {
                wsum += w[k][a][0];
                rel += w[k][a][0] * ASFR_TEEN_REL[a - 15] * mult;
            }
        }
        let r = TARGETS.abr / 1000.0 * wsum / rel;
        for k in 0..2 {
            let teen = if k == 1 { MOUNTAIN_TEEN_FERTILITY } else { 1.0 };
            for a in 12..15 {
                self.asfr[k][a] = ASFR_UNDER_15[a - 12] * teen;
            }
            for a in 15..20 {
                self.asfr[k][a] = r * ASFR_TEEN_REL[a - 15] * teen;
            }
        }
        // Adult fertility scaled so the pooled CBR is the target.
        let (mut young, mut adult) = (0.0, 0.0);
        for k in 0..2 {
            let mult = if k == 1 { MOUNTAIN_ADULT_FERTILITY } else { 1.0 };
            for a in 0..20 {
                young += w[k][a][0] * self.asfr[k][a];
            }
            for a in 20..50 {
                adult += w[k][a][0] * ASFR_20_49[(a - 20) / 5] * mult;
            }
        }
        self.asfr_scale = (TARGETS.cbr / 1000.0 - young) / adult;
        for k in 0..2 {
            let mult = if k == 1 { MOUNTAIN_ADULT_FERTILITY } else { 1.0 };
            for a in 20..50 {
                self.asfr[k][a] = self.asfr_scale * ASFR_20_49[(a - 20) / 5] * mult;
            }
        }
        // SRB: district shift so the expected pooled SRB is the target.
        let order_mix: Vec<[f64; 3]> = COMMUNES
            .iter()
            .zip(commune_shares())
            .map(|(c, share)| {
                let k = usize::from(c.mountain);
                let mut mix = [0.0; 3];
                for a in 0..50 {
                    let b = share * self.pyramid[k][a][0] * self.asfr[k][a];
                    let d = Self::order_dist(c.mountain, a);
                    for o in 0..3 {
                        mix[o] += b * d[o];
                    }
                }
                mix
            })
            .collect();
        let pooled_srb = |m: &Model| -> f64 {
            let (mut boys, mut girls) = (0.0, 0.0);
            for (c, mix) in COMMUNES.iter().zip(&order_mix) {
                let (s12, s3) = m.srb(c);
                let (p12, p3) = (s12 / (100.0 + s12), s3 / (100.0 + s3));
                boys += (mix[0] + mix[1]) * p12 + mix[2] * p3;
                girls += (mix[0] + mix[1]) * (1.0 - p12) + mix[2] * (1.0 - p3);
            }
            100.0 * boys / girls
        };
        self.srb_shift = solve(-20.0, 20.0, TARGETS.srb, |x| {
            let mut m = self.clone();
            m.srb_shift = x;
            pooled_srb(&m)
        });
        // Skilled attendance and MMR over expected births.
        let births = self.births_by_commune();
        let (mut mtn, mut low_min, mut low_kinh, mut total) = (0.0, 0.0, 0.0, 0.0);
        let (mut mmr_w, mut bsum) = (0.0, 0.0);
        for (c, b) in COMMUNES.iter().zip(&births) {
            let ms = c.minority_share();
            if c.mountain {
                mtn += b * ((1.0 - ms) * self.p_skilled(true, false) + ms * self.p_skilled(true, true));
            } else {
                low_kinh += b * (1.0 - ms);
                low_min += b * ms;
            }
            total += b;
            mmr_w += b * if c.mountain { MOUNTAIN_MMR } else { 1.0 };
            bsum += b;
        }
        // target*total = mtn + low_kinh*p + low_min*(p-0.04)
        let p = (TARGETS.skilled_attendant / 100.0 * total - mtn + 0.04 * low_min) / (low_kinh + low_min);
        self.skilled_lowland = p.min(0.999);
        self.mmr_lowland = TARGETS.mmr * bsum / mmr_w;
        // Mortality: Gompertz level of each sex so its life expectancy hits the target.
        for s in 0..2 {
            self.mort_a[s] = solve(1e-9, 1e-2, TARGETS.life_expectancy[s], |a| {
                let mut m = self.clone();
                m.mort_a[s] = a;
                m.life_expectancy(s)
            });
        }
    }

    /// Life expectancy at birth of sex `s` from the death rates (single-year life table to 110).
    pub fn life_expectancy(&self, s: usize) -> f64 {
        let mut l = 1.0;
        let mut e = 0.0;
        for age in 0..=110 {
            let q = 1.0 - (-self.death_rate(s, age)).exp();
            let d = l * q;
            e += l - if age == 0 { 0.9 } else { 0.5 } * d;
            l -= d;
        }
        e
    }

    fn compute_expected(&mut self) {
        let m = self.clone();
        let mut x = Expected::default();
        let pct = |v: f64| 100.0 * v;
        let sexed = |f: &dyn Fn(&Traits) -> (f64, f64), s: usize| {
            m.expect(|t| if t.s() == s { f(t) } else { (0.0, 0.0) })
        };
        let ratio = |lo: usize, hi: usize| {
            let (mut mm, mut ff) = (0.0, 0.0);
            for c in &m.cells {
                if (lo..=hi).contains(&c.t.age) {
                    if c.t.female {
                        ff += c.w;
                    } else {
                        mm += c.w;
                    }
                }
            }
            100.0 * mm / ff
        };
        x.sex_ratio = ratio(0, AGE_MAX);
        x.sex_ratio_0_14 = ratio(0, 14);
        x.sex_ratio_65plus = ratio(65, AGE_MAX);
        x.share_0_14 = pct(m.expect(|t| (f64::from(t.age < 15), 1.0)));
        x.share_65plus = pct(m.expect(|t| (f64::from(t.age >= 65), 1.0)));
        x.mean_age = m.expect(|t| (t.age as f64, 1.0));
        x.urban = pct(m.expect(|t| (f64::from(t.urban), 1.0)));
        x.minority = pct(m.expect(|t| (f64::from(t.minority), 1.0)));
        x.disability = pct(m.expect(|t| (m.p_disability(t), 1.0)));
        let employed = |t: &Traits| m.p_lf(t) * (1.0 - m.p_unemployed(t));
        for s in 0..2 {
            let adult = |f: &dyn Fn(&Traits) -> f64| {
                sexed(&|t: &Traits| if t.age >= 15 { (f(t), 1.0) } else { (0.0, 0.0) }, s)
            };
            let over25 = |f: &dyn Fn(&Traits) -> f64| {
                sexed(&|t: &Traits| if t.age >= 25 { (f(t), 1.0) } else { (0.0, 0.0) }, s)
            };
            x.literacy[s] = pct(adult(&|t| m.p_literate(t).unwrap_or(0.0)));
            x.has_account[s] = pct(adult(&|t| Self::p_account(t).unwrap_or(0.0)));
            x.internet[s] = pct(adult(&|t| Self::p_internet(t).unwrap_or(0.0)));
            x.mobile[s] = pct(adult(&|t| Self::p_mobile(t).unwrap_or(0.0)));
            x.secondary_25plus[s] = pct(over25(&|t| f64::from(t.edu >= 2)));
            x.tertiary_25plus[s] = pct(over25(&|t| f64::from(t.edu == 5)));
            x.mys[s] = over25(&|t| EDU_YEARS[t.edu]);
            x.lfpr[s] = pct(adult(&|t| m.p_lf(t)));
            let over_lf = |f: &dyn Fn(&Traits) -> f64| {
                sexed(&|t: &Traits| if t.age >= 15 { (m.p_lf(t) * f(t), m.p_lf(t)) } else { (0.0, 0.0) }, s)
            };
            x.unemployment[s] = pct(over_lf(&|t| m.p_unemployed(t)));
            let over_emp = |f: &dyn Fn(&Traits) -> f64| {
                sexed(
                    &|t: &Traits| if t.age >= 15 { (employed(t) * f(t), employed(t)) } else { (0.0, 0.0) },
                    s,
                )
            };
            x.wage_share[s] = pct(over_emp(&|t| m.emp_type_dist(t)[0]));
            x.employer_share[s] = pct(over_emp(&|t| m.emp_type_dist(t)[1]));
            x.own_account_share[s] = pct(over_emp(&|t| m.emp_type_dist(t)[2]));
            x.family_share[s] = pct(over_emp(&|t| m.emp_type_dist(t)[3]));
            let by_type = |f: &dyn Fn(&Traits, usize, bool) -> f64| {
                over_emp(&|t: &Traits| {
                    let d = m.emp_type_dist(t);
                    let mut v = 0.0;
                    for (ty, pt) in d.iter().enumerate() {
                        let pa = m.p_agri(t, ty);
                        v += pt * (pa * f(t, ty, true) + (1.0 - pa) * f(t, ty, false));
                    }
                    v
                })
            };
            x.agri_share[s] = pct(by_type(&|_, _, agri| f64::from(agri)));
            x.industry_share[s] = pct(by_type(&|_, ty, agri| {
                if agri { 0.0 } else { INDUSTRY_SHARE[usize::from(s == 1)][usize::from(ty == 0)] }
            }));
            x.part_time[s] = pct(by_type(&|t, _, agri| Self::p_part_time(t, agri)));
            x.informal[s] = pct(by_type(&|t, ty, agri| Self::p_informal(t, ty, agri)));
            x.income[s] = TARGETS.income[s];
            x.care_hours[s] = TARGETS.care_hours[s];
        }
        let (mut mgr_all, mut mgr_f, mut emp) = (0.0, 0.0, 0.0);
        for s in 0..2 {
            let e = sexed(&|t: &Traits| if t.age >= 15 { (employed(t), 1.0) } else { (0.0, 0.0) }, s);
            let share_sex = m.expect(|t| (f64::from(t.s() == s && t.age >= 15), f64::from(t.age >= 15)));
            let mgr = sexed(
                &|t: &Traits| {
                    if t.age < 15 {
                        return (0.0, 0.0);
                    }
                    let d = m.emp_type_dist(t);
                    let mut v = 0.0;
                    for (ty, pt) in d.iter().enumerate() {
                        let pa = m.p_agri(t, ty);
                        v += pt * (pa * m.p_manager(t, ty, true) + (1.0 - pa) * m.p_manager(t, ty, false));
                    }
                    (employed(t) * v, 1.0)
                },
                s,
            );
            mgr_all += mgr * share_sex;
            emp += e * share_sex;
            if s == 0 {
                mgr_f += mgr * share_sex;
            }
        }
        x.managers_share = pct(mgr_all / emp);
        x.women_managers = pct(mgr_f / mgr_all);
        x.pay_gap = 100.0 * (x.income[1] - x.income[0]) / x.income[1];
        // Marriage.
        let w = m.type_weights();
        x.smam = [Self::smam_of(&w, 0, &m.afm[0]), Self::smam_of(&w, 1, &m.afm[1])];
        x.afm_mean_lowland = [m.afm[0][0].mean(), m.afm[1][0].mean()];
        x.afm_mean_mountain = [m.afm[0][1].mean(), m.afm[1][1].mean()];
        x.child_marriage_18 = Self::child_marriage_of(&w, &m.afm[0], 18);
        x.child_marriage_15 = Self::child_marriage_of(&w, &m.afm[0], 15)[0];
        // Vital.
        let births = m.births_by_commune();
        let btotal: f64 = births.iter().sum();
        x.cbr = 1000.0 * btotal;
        x.tfr = [(0..50).map(|a| m.asfr[0][a]).sum(), (0..50).map(|a| m.asfr[1][a]).sum()];
        let abr_of = |ks: &[usize]| {
            let (mut b, mut n) = (0.0, 0.0);
            for &k in ks {
                for a in 15..20 {
                    b += w[k][a][0] * m.asfr[k][a];
                    n += w[k][a][0];
                }
            }
            1000.0 * b / n
        };
        x.abr = [abr_of(&[0, 1]), abr_of(&[0]), abr_of(&[1])];
        let (mut boys, mut girls, mut o3, mut sa) = (0.0, 0.0, 0.0, 0.0);
        let mut by_order = [[0.0; 2]; 2];
        let mut communes = Vec::new();
        for ((c, share), b) in COMMUNES.iter().zip(commune_shares()).zip(&births) {
            let k = usize::from(c.mountain);
            let mut mix = [0.0; 3];
            for a in 0..50 {
                let bb = share * m.pyramid[k][a][0] * m.asfr[k][a];
                let d = Self::order_dist(c.mountain, a);
                for o in 0..3 {
                    mix[o] += bb * d[o];
                }
            }
            let (s12, s3) = m.srb(c);
            let (p12, p3) = (s12 / (100.0 + s12), s3 / (100.0 + s3));
            let cb = (mix[0] + mix[1]) * p12 + mix[2] * p3;
            let cg = (mix[0] + mix[1]) * (1.0 - p12) + mix[2] * (1.0 - p3);
            boys += cb;
            girls += cg;
            by_order[0][0] += (mix[0] + mix[1]) * p12;
            by_order[0][1] += (mix[0] + mix[1]) * (1.0 - p12);
            by_order[1][0] += mix[2] * p3;
            by_order[1][1] += mix[2] * (1.0 - p3);
            o3 += mix[2];
            let ms = c.minority_share();
            let csa = (1.0 - ms) * m.p_skilled(c.mountain, false) + ms * m.p_skilled(c.mountain, true);
            sa += b * csa;
            communes.push(CommuneTruth {
                code: c.code,
                pop_share: 100.0 * share,
                srb_12: s12,
                srb_3plus: s3,
                srb: 100.0 * cb / cg,
                cbr: 1000.0 * b / share,
                skilled_attendant: 100.0 * csa,
                lfs_fraction: c.lfs_fraction,
                weight: 1.0 / c.lfs_fraction,
            });
        }
        x.srb = 100.0 * boys / girls;
        x.p_boy = boys / (boys + girls);
        x.srb_by_order = [100.0 * by_order[0][0] / by_order[0][1], 100.0 * by_order[1][0] / by_order[1][1]];
        x.order3_share = 100.0 * o3 / btotal;
        x.skilled_attendant = 100.0 * sa / btotal;
        x.mmr = {
            let mut v = 0.0;
            for (c, b) in COMMUNES.iter().zip(&births) {
                v += b * m.mmr(c.mountain);
            }
            v / btotal
        };
        x.cdr = 1000.0 * m.expect(|t| (m.death_rate(t.s(), t.age), 1.0));
        x.life_expectancy = [m.life_expectancy(0), m.life_expectancy(1)];
        x.lfs_fraction = 100.0
            * COMMUNES
                .iter()
                .zip(commune_shares())
                .map(|(c, s)| {
                    s * c.lfs_fraction
                        * (1.0
                            - m.pyramid[usize::from(c.mountain)][..15]
                                .iter()
                                .map(|p| p[0] + p[1])
                                .sum::<f64>())
                })
                .sum::<f64>()
            / COMMUNES
                .iter()
                .zip(commune_shares())
                .map(|(c, s)| {
                    s * (1.0
                        - m.pyramid[usize::from(c.mountain)][..15].iter().map(|p| p[0] + p[1]).sum::<f64>())
                })
                .sum::<f64>();
        self.expected = x;
        self.communes = communes;
    }
}
