//! Confidence intervals for proportions, sex ratios, differences and ratios of
//! proportions, and Poisson counts.
//!
//! Method references (all cited again next to the code that implements them):
//!
//! * Wilson (1927), "Probable inference, the law of succession, and statistical
//!   inference", JASA 22:209–212 — score interval for a binomial proportion.
//! * Clopper & Pearson (1934), Biometrika 26:404–413 — "exact" interval from Beta
//!   quantiles (the interval R's `binom.test` prints).
//! * Jeffreys interval with the boundary convention of Brown, Cai & DasGupta (2001),
//!   "Interval estimation for a binomial proportion", Statistical Science 16:101–133.
//! * Wald: the textbook normal approximation p ± z·sqrt(p(1−p)/n).
//! * Newcombe (1998), "Interval estimation for the difference between independent
//!   proportions", Statistics in Medicine 17:873–890, method 10 (hybrid score).
//! * Katz, Baptista, Azen & Pike (1978), Biometrics 34:469–474 — log interval for a
//!   ratio of two independent proportions.
//! * Garwood (1936), Biometrika 28:437–442 — exact Poisson interval via chi-square
//!   (equivalently Gamma) quantiles.
//! * Sex ratio at birth intervals: methods.md §5.1 (monotone map p/(1−p) of the
//!   interval for p = M/(M+F); log-ratio interval ln(M/F) ± z·sqrt(1/M + 1/F)).

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Gamma, Normal};
use statrs::function::beta::checked_beta_reg;

/// The interval method used for an estimate.
///
/// Not every method applies to every estimator: the functions of this crate return
/// `None` when they are asked for a method that does not fit them (for example
/// [`IntervalMethod::Katz`] in [`proportion_interval`]). Serialised in kebab-case
/// (`"clopper-pearson"`, `"log-ratio"`, `"poisson-exact"`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IntervalMethod {
    /// Wilson (1927) score interval for a proportion.
    Wilson,
    /// Clopper–Pearson (1934) "exact" interval from Beta quantiles.
    ClopperPearson,
    /// Jeffreys interval: equal-tailed Beta(x+½, n−x+½) quantiles (Brown, Cai & DasGupta 2001).
    Jeffreys,
    /// Wald (normal approximation) interval p ± z·sqrt(p(1−p)/n), truncated to [0, 1].
    Wald,
    /// Log-ratio interval for a ratio of two counts: ln(a/b) ± z·sqrt(1/a + 1/b).
    LogRatio,
    /// Newcombe (1998) hybrid score interval (method 10) for a difference of proportions.
    Newcombe,
    /// Katz et al. (1978) log interval for a ratio of two proportions.
    Katz,
    /// Garwood (1936) exact Poisson interval for an event count.
    PoissonExact,
    /// Normal approximation (estimate ± z·SE); for proportions this is the Wald interval.
    Normal,
    /// No interval is computed.
    None,
}

/// A two-sided confidence interval `[lower, upper]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower confidence limit.
    pub lower: f64,
    /// Upper confidence limit.
    pub upper: f64,
}

impl Interval {
    /// Builds an interval, returning `None` unless both limits are non-NaN and
    /// `lower <= upper`.
    pub fn new(lower: f64, upper: f64) -> Option<Self> {
        if lower.is_nan() || upper.is_nan() || lower > upper {
            return None;
        }
        Some(Self { lower, upper })
    }

    /// Width `upper − lower`.
    pub fn width(&self) -> f64 {
        self.upper - self.lower
    }

    /// Whether `x` lies in the closed interval.
    pub fn contains(&self, x: f64) -> bool {
        self.lower <= x && x <= self.upper
    }

    /// Applies a monotone non-decreasing map to both limits.
    fn map(self, f: impl Fn(f64) -> f64) -> Option<Self> {
        Self::new(f(self.lower), f(self.upper))
    }
}

/// The standard normal quantile for a two-sided 95 % interval, Φ⁻¹(0.975).
pub const Z95: f64 = 1.959963984540054;

/// Two-sided standard normal critical value for `confidence` (e.g. `0.95` → 1.959964),
/// i.e. Φ⁻¹(1 − α/2) with α = 1 − confidence, via the statrs normal inverse CDF.
///
/// Returns `NaN` when `confidence` is not strictly between 0 and 1.
pub fn z_for(confidence: f64) -> f64 {
    if !valid_confidence(confidence) {
        return f64::NAN;
    }
    match Normal::new(0.0, 1.0) {
        Ok(n) => n.inverse_cdf(1.0 - (1.0 - confidence) / 2.0),
        Err(_) => f64::NAN,
    }
}

/// `true` when `confidence` is a usable confidence level (strictly between 0 and 1).
pub(crate) fn valid_confidence(confidence: f64) -> bool {
    confidence.is_finite() && confidence > 0.0 && confidence < 1.0
}

/// z for a confidence level, `None` if the level is unusable.
pub(crate) fn z_checked(confidence: f64) -> Option<f64> {
    let z = z_for(confidence);
    z.is_finite().then_some(z)
}

/// `q`-quantile of Beta(a, b), `None` if the parameters are invalid or the result is not finite.
///
/// Solved by bisection on the regularised incomplete beta function `I_x(a, b)` (statrs
/// `checked_beta_reg`) rather than with statrs' `inv_beta_reg` (AS 64/AS 109 Newton
/// iteration), whose unbounded loop did not terminate for Clopper–Pearson limits with very
/// unbalanced shapes (e.g. x = 3 of n = 10⁹). Bisection always terminates: at most
/// [`BISECTION_MAX_ITER`] halvings, stopping once the bracket is within a few ulps
/// (relative) of the quantile.
fn beta_quantile(a: f64, b: f64, q: f64) -> Option<f64> {
    let valid = a.is_finite() && b.is_finite() && a > 0.0 && b > 0.0 && (0.0..=1.0).contains(&q);
    if !valid {
        return None;
    }
    if q == 0.0 {
        return Some(0.0);
    }
    if q == 1.0 {
        return Some(1.0);
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..BISECTION_MAX_ITER {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi || hi - lo <= 4.0 * f64::EPSILON * hi {
            break;
        }
        let cdf = checked_beta_reg(a, b, mid).ok()?;
        if !cdf.is_finite() {
            return None;
        }
        if cdf < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let v = 0.5 * (lo + hi);
    v.is_finite().then(|| v.clamp(0.0, 1.0))
}

/// Upper bound on bisection steps in [`beta_quantile`]: enough to resolve any quantile down
/// to the smallest subnormal `f64` (≈ 2⁻¹⁰⁷⁴) while keeping the cost bounded.
const BISECTION_MAX_ITER: usize = 1100;

/// `q`-quantile of Gamma(shape, rate = 1), `None` on invalid parameters.
fn gamma_quantile(shape: f64, q: f64) -> Option<f64> {
    if !(0.0..=1.0).contains(&q) {
        return None;
    }
    let d = Gamma::new(shape, 1.0).ok()?;
    let v = d.inverse_cdf(q);
    (v.is_finite() && v >= 0.0).then_some(v)
}

/// Interval for a binomial proportion: `x` successes out of `n` trials.
///
/// `x` and `n` may be non-integer: a weighted survey estimate passes `p·n_eff` and the
/// Kish effective sample size `n_eff` (see [`kish_effective_n`](crate::kish_effective_n)),
/// the usual "effective n" substitution (Korn & Graubard 1998; methods.md §5.3).
///
/// Supported methods: [`Wilson`](IntervalMethod::Wilson),
/// [`ClopperPearson`](IntervalMethod::ClopperPearson) (x = 0 → lower 0, x = n → upper 1),
/// [`Jeffreys`](IntervalMethod::Jeffreys) (same boundary convention),
/// [`Wald`](IntervalMethod::Wald) and its alias [`Normal`](IntervalMethod::Normal)
/// (truncated to [0, 1]). Other methods return `None`.
///
/// Returns `None` when `n <= 0`, `x < 0`, `x > n`, any input is not finite, or the
/// confidence level is not in (0, 1).
///
/// ```
/// use gds_stats::{proportion_interval, IntervalMethod};
/// // R: binom.test(682, 925)$conf.int -> 0.7076683 0.7654066
/// let iv = proportion_interval(682.0, 925.0, IntervalMethod::ClopperPearson, 0.95).unwrap();
/// assert!((iv.lower - 0.7076683).abs() < 1e-6 && (iv.upper - 0.7654066).abs() < 1e-6);
/// ```
pub fn proportion_interval(x: f64, n: f64, method: IntervalMethod, confidence: f64) -> Option<Interval> {
    if !x.is_finite() || !n.is_finite() || n <= 0.0 || x < 0.0 || x > n {
        return None;
    }
    let alpha = 1.0 - confidence;
    let z = z_checked(confidence)?;
    let p = x / n;
    let iv = match method {
        // Wilson (1927) score interval, methods.md §5.1:
        // centre (p + z²/2n)/(1 + z²/n), half-width z·sqrt(p(1−p)/n + z²/4n²)/(1 + z²/n).
        IntervalMethod::Wilson => wilson(p, n, z),
        // Clopper & Pearson (1934): p_L = Beta⁻¹(α/2; x, n−x+1), p_U = Beta⁻¹(1−α/2; x+1, n−x),
        // with the conventional limits 0 at x = 0 and 1 at x = n.
        IntervalMethod::ClopperPearson => {
            let lower = if x <= 0.0 { 0.0 } else { beta_quantile(x, n - x + 1.0, alpha / 2.0)? };
            let upper = if x >= n { 1.0 } else { beta_quantile(x + 1.0, n - x, 1.0 - alpha / 2.0)? };
            Interval { lower, upper }
        }
        // Jeffreys: equal-tailed quantiles of the Beta(x+½, n−x+½) posterior; Brown, Cai &
        // DasGupta (2001, §4.1.2) set the lower limit to 0 when x = 0 and the upper to 1 when x = n.
        IntervalMethod::Jeffreys => {
            let (a, b) = (x + 0.5, n - x + 0.5);
            let lower = if x <= 0.0 { 0.0 } else { beta_quantile(a, b, alpha / 2.0)? };
            let upper = if x >= n { 1.0 } else { beta_quantile(a, b, 1.0 - alpha / 2.0)? };
            Interval { lower, upper }
        }
        // Wald / normal approximation p ± z·sqrt(p(1−p)/n), truncated to the parameter space.
        IntervalMethod::Wald | IntervalMethod::Normal => {
            let h = z * (p * (1.0 - p) / n).sqrt();
            Interval { lower: (p - h).max(0.0), upper: (p + h).min(1.0) }
        }
        _ => return None,
    };
    // Guard against rounding pushing a limit a hair past the estimate or the [0, 1] range.
    Interval::new(iv.lower.clamp(0.0, 1.0).min(p), iv.upper.clamp(0.0, 1.0).max(p))
}

/// Wilson (1927) score interval for proportion `p` with `n` trials and critical value `z`.
fn wilson(p: f64, n: f64, z: f64) -> Interval {
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    Interval { lower: (centre - half).max(0.0), upper: (centre + half).min(1.0) }
}

/// Sex ratio `scale · males / females` (e.g. `scale = 100` for boys per 100 girls).
///
/// Returns `None` when `females <= 0`, `males < 0`, `scale <= 0` or an input is not finite.
pub fn sex_ratio(males: f64, females: f64, scale: f64) -> Option<f64> {
    if !males.is_finite() || !females.is_finite() || !scale.is_finite() {
        return None;
    }
    if females <= 0.0 || males < 0.0 || scale <= 0.0 {
        return None;
    }
    Some(scale * males / females)
}

/// Confidence interval for the sex ratio `scale · males / females` (methods.md §5.1).
///
/// For [`Wilson`](IntervalMethod::Wilson), [`ClopperPearson`](IntervalMethod::ClopperPearson),
/// [`Jeffreys`](IntervalMethod::Jeffreys) and [`Wald`](IntervalMethod::Wald) /
/// [`Normal`](IntervalMethod::Normal), the interval `[p_L, p_U]` of the male proportion
/// `p = M/(M+F)` is mapped through the monotone function `scale · p/(1−p)`.
/// [`LogRatio`](IntervalMethod::LogRatio) uses `scale · exp(ln(M/F) ± z·sqrt(1/M + 1/F))`
/// and needs both counts positive. Other methods return `None`.
///
/// ```
/// use gds_stats::{sex_ratio_interval, IntervalMethod};
/// let iv = sex_ratio_interval(1060.0, 1000.0, IntervalMethod::Wilson, 0.95, 100.0).unwrap();
/// assert_eq!(format!("{:.2}–{:.2}", iv.lower, iv.upper), "97.23–115.56");
/// ```
pub fn sex_ratio_interval(
    males: f64,
    females: f64,
    method: IntervalMethod,
    confidence: f64,
    scale: f64,
) -> Option<Interval> {
    // Validates females > 0, males >= 0, finite inputs, scale > 0.
    sex_ratio(males, females, scale)?;
    match method {
        // Log-ratio (Poisson/Katz-type) interval, methods.md §5.1: ln(M/F) ± z·sqrt(1/M + 1/F).
        IntervalMethod::LogRatio => {
            if males <= 0.0 {
                return None;
            }
            let z = z_checked(confidence)?;
            let centre = (males / females).ln();
            let half = z * (1.0 / males + 1.0 / females).sqrt();
            Interval::new(scale * (centre - half).exp(), scale * (centre + half).exp())
        }
        IntervalMethod::Wilson
        | IntervalMethod::ClopperPearson
        | IntervalMethod::Jeffreys
        | IntervalMethod::Wald
        | IntervalMethod::Normal => {
            let n = males + females;
            let p_iv = proportion_interval(males, n, method, confidence)?;
            // Monotone map p -> p/(1-p) (methods.md §5.1). With F > 0 the upper limit p_U < 1
            // for all supported methods, but guard against p_U == 1 anyway.
            if p_iv.upper >= 1.0 {
                return None;
            }
            p_iv.map(|p| scale * p / (1.0 - p))
        }
        _ => None,
    }
}

/// Newcombe (1998) hybrid score interval (his method 10) for the difference `p1 − p2`
/// of two independent proportions `x1/n1` and `x2/n2`.
///
/// With Wilson limits `(l_i, u_i)` for each proportion and `d = p1 − p2`:
/// `L = d − sqrt((p1 − l1)² + (u2 − p2)²)`, `U = d + sqrt((u1 − p1)² + (p2 − l2)²)`.
///
/// Returns `None` for invalid counts (see [`proportion_interval`]) or confidence.
///
/// ```
/// use gds_stats::newcombe_difference;
/// let iv = newcombe_difference(300.0, 1000.0, 600.0, 1000.0, 0.95).unwrap();
/// assert!((iv.lower + 0.3407).abs() < 5e-5 && (iv.upper + 0.2577).abs() < 5e-5);
/// ```
pub fn newcombe_difference(x1: f64, n1: f64, x2: f64, n2: f64, confidence: f64) -> Option<Interval> {
    let w1 = proportion_interval(x1, n1, IntervalMethod::Wilson, confidence)?;
    let w2 = proportion_interval(x2, n2, IntervalMethod::Wilson, confidence)?;
    let (p1, p2) = (x1 / n1, x2 / n2);
    let d = p1 - p2;
    // Newcombe (1998), method 10: square-and-add the Wilson distances on each side.
    let lower = d - ((p1 - w1.lower).powi(2) + (w2.upper - p2).powi(2)).sqrt();
    let upper = d + ((w1.upper - p1).powi(2) + (p2 - w2.lower).powi(2)).sqrt();
    Interval::new(lower.max(-1.0), upper.min(1.0))
}

/// Katz et al. (1978) log interval for the ratio `(x1/n1) / (x2/n2)` of two independent
/// proportions: `ln RR ± z·sqrt(1/x1 − 1/n1 + 1/x2 − 1/n2)` (methods.md §5.2).
///
/// Returns `None` when either count of successes is zero (the log ratio is undefined; no
/// continuity correction is applied), or for invalid counts/confidence.
///
/// ```
/// use gds_stats::katz_ratio;
/// let iv = katz_ratio(300.0, 1000.0, 600.0, 1000.0, 0.95).unwrap();
/// assert!((iv.lower - 0.4491).abs() < 5e-5 && (iv.upper - 0.5567).abs() < 5e-5);
/// ```
pub fn katz_ratio(x1: f64, n1: f64, x2: f64, n2: f64, confidence: f64) -> Option<Interval> {
    for (x, n) in [(x1, n1), (x2, n2)] {
        if !x.is_finite() || !n.is_finite() || x <= 0.0 || n <= 0.0 || x > n {
            return None;
        }
    }
    let z = z_checked(confidence)?;
    let rr = (x1 / n1) / (x2 / n2);
    // Katz log method: SE(ln RR) = sqrt(1/x1 − 1/n1 + 1/x2 − 1/n2).
    let var = (1.0 / x1 - 1.0 / n1 + 1.0 / x2 - 1.0 / n2).max(0.0);
    let half = z * var.sqrt();
    let l = rr.ln();
    Interval::new((l - half).exp(), (l + half).exp())
}

/// Exact (Garwood 1936) Poisson interval for an observed event count, on the count scale
/// (divide both limits by the exposure to get a rate interval).
///
/// Lower = Gamma⁻¹(α/2; shape = events) (0 when events = 0), upper = Gamma⁻¹(1 − α/2; shape =
/// events + 1), which equals the classical χ²(2x)/2, χ²(2x+2)/2 form. Non-integer counts are
/// accepted (the Gamma form is continuous in the count).
///
/// ```
/// use gds_stats::poisson_exact;
/// let iv = poisson_exact(10.0, 0.95).unwrap();
/// assert_eq!(format!("{:.3} {:.3}", iv.lower, iv.upper), "4.795 18.390");
/// ```
pub fn poisson_exact(events: f64, confidence: f64) -> Option<Interval> {
    if !events.is_finite() || events < 0.0 || !valid_confidence(confidence) {
        return None;
    }
    let alpha = 1.0 - confidence;
    let lower = if events == 0.0 { 0.0 } else { gamma_quantile(events, alpha / 2.0)? };
    let upper = gamma_quantile(events + 1.0, 1.0 - alpha / 2.0)?;
    Interval::new(lower.min(events), upper.max(events))
}

/// Where an interval lies relative to a reference range (see [`compare_to_range`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RangeVerdict {
    /// The whole interval lies above the range (`lower > hi`).
    Above,
    /// The whole interval lies below the range (`upper < lo`).
    Below,
    /// The interval and the range share at least one point.
    Overlaps,
}

/// Does the interval `[iv.lower, iv.upper]` exclude the reference range `[lo, hi]`?
///
/// Used, for example, to flag a sex ratio at birth whose interval lies entirely above
/// the natural 103–107 range (methods.md §5.1; Qiao & Suchindran 2008 test against
/// 103/107). Touching endpoints count as overlapping. If `lo > hi` the bounds are swapped.
///
/// ```
/// use gds_stats::{compare_to_range, Interval, RangeVerdict};
/// let iv = Interval { lower: 108.2, upper: 115.0 };
/// assert_eq!(compare_to_range(&iv, 103.0, 107.0), RangeVerdict::Above);
/// ```
pub fn compare_to_range(iv: &Interval, lo: f64, hi: f64) -> RangeVerdict {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if iv.lower > hi {
        RangeVerdict::Above
    } else if iv.upper < lo {
        RangeVerdict::Below
    } else {
        RangeVerdict::Overlaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_values() {
        assert!((z_for(0.95) - Z95).abs() < 1e-12);
        assert!((z_for(0.90) - 1.6448536269514722).abs() < 1e-12);
        assert!((z_for(0.99) - 2.5758293035489004).abs() < 1e-12);
        assert!(z_for(1.0).is_nan());
        assert!(z_for(0.0).is_nan());
        assert!(z_for(f64::NAN).is_nan());
    }

    #[test]
    fn binom_test_example() {
        // R: binom.test(682, 925, p = 0.75) prints 95 percent CI 0.7076683 0.7654066.
        let iv = proportion_interval(682.0, 925.0, IntervalMethod::ClopperPearson, 0.95).unwrap();
        assert_eq!(format!("{:.4}", iv.lower), "0.7077");
        assert_eq!(format!("{:.4}", iv.upper), "0.7654");
        assert!((iv.lower - 0.7076683).abs() < 1e-7);
        assert!((iv.upper - 0.7654066).abs() < 1e-7);
    }

    #[test]
    fn wilson_300_of_1000() {
        // methods.md §5.2: Wilson CI for 300/1000 = (0.2724, 0.3291).
        let iv = proportion_interval(300.0, 1000.0, IntervalMethod::Wilson, 0.95).unwrap();
        assert_eq!(format!("{:.4} {:.4}", iv.lower, iv.upper), "0.2724 0.3291");
    }

    #[test]
    fn boundaries() {
        for m in [IntervalMethod::ClopperPearson, IntervalMethod::Jeffreys, IntervalMethod::Wilson] {
            let iv = proportion_interval(0.0, 20.0, m, 0.95).unwrap();
            assert_eq!(iv.lower, 0.0, "{m:?}");
            assert!(iv.upper > 0.0 && iv.upper < 1.0);
            let iv = proportion_interval(20.0, 20.0, m, 0.95).unwrap();
            assert_eq!(iv.upper, 1.0, "{m:?}");
        }
        // Clopper–Pearson x = 0: upper = 1 − (α/2)^(1/n) (the "rule of three" family).
        let iv = proportion_interval(0.0, 20.0, IntervalMethod::ClopperPearson, 0.95).unwrap();
        assert!((iv.upper - (1.0 - 0.025f64.powf(1.0 / 20.0))).abs() < 1e-9);
    }

    #[test]
    fn invalid_inputs_are_none() {
        let m = IntervalMethod::Wilson;
        assert!(proportion_interval(1.0, 0.0, m, 0.95).is_none());
        assert!(proportion_interval(-1.0, 10.0, m, 0.95).is_none());
        assert!(proportion_interval(11.0, 10.0, m, 0.95).is_none());
        assert!(proportion_interval(f64::NAN, 10.0, m, 0.95).is_none());
        assert!(proportion_interval(1.0, 10.0, m, 1.5).is_none());
        assert!(proportion_interval(1.0, 10.0, IntervalMethod::Katz, 0.95).is_none());
        assert!(proportion_interval(1.0, 10.0, IntervalMethod::None, 0.95).is_none());
        assert!(sex_ratio(10.0, 0.0, 100.0).is_none());
        assert!(sex_ratio_interval(10.0, 0.0, m, 0.95, 100.0).is_none());
        assert!(sex_ratio_interval(0.0, 10.0, IntervalMethod::LogRatio, 0.95, 100.0).is_none());
        assert!(katz_ratio(0.0, 10.0, 5.0, 10.0, 0.95).is_none());
        assert!(newcombe_difference(1.0, 0.0, 5.0, 10.0, 0.95).is_none());
        assert!(poisson_exact(-1.0, 0.95).is_none());
        assert!(poisson_exact(f64::INFINITY, 0.95).is_none());
    }

    #[test]
    fn extreme_counts_terminate() {
        // statrs' inv_beta_reg never returned for Clopper–Pearson at x = 3 of n ≈ 10⁹; the
        // bisection solver must terminate and stay ordered for national-scale counts.
        for (x, n) in [(3.0, 1.0e9 + 3.0), (8.0e6, 15.6e6), (1.0e9, 1.95e9), (1.0, 1.0e12)] {
            for m in [IntervalMethod::ClopperPearson, IntervalMethod::Jeffreys] {
                let iv = proportion_interval(x, n, m, 0.95).unwrap();
                assert!(iv.lower < x / n && x / n < iv.upper, "{m:?} {x}/{n}: {iv:?}");
                let w = proportion_interval(x, n, IntervalMethod::Wilson, 0.95).unwrap();
                assert!((iv.upper - w.upper).abs() < 0.5 * w.upper, "{m:?} {x}/{n}: {iv:?} vs Wilson {w:?}");
            }
        }
        assert!(poisson_exact(1.0e7, 0.95).unwrap().contains(1.0e7));
    }

    #[test]
    fn poisson_garwood() {
        // 0 events: upper = −ln(0.025) = 3.689; 10 events: 4.795–18.390 (95 %).
        let iv = poisson_exact(0.0, 0.95).unwrap();
        assert_eq!(iv.lower, 0.0);
        assert!((iv.upper - (-(0.025f64).ln())).abs() < 1e-9);
        assert_eq!(format!("{:.3}", iv.upper), "3.689");
        let iv = poisson_exact(10.0, 0.95).unwrap();
        assert_eq!(format!("{:.3} {:.3}", iv.lower, iv.upper), "4.795 18.390");
    }

    #[test]
    fn range_verdicts() {
        let r = |l, u| compare_to_range(&Interval { lower: l, upper: u }, 103.0, 107.0);
        assert_eq!(r(108.0, 112.0), RangeVerdict::Above);
        assert_eq!(r(95.0, 102.9), RangeVerdict::Below);
        assert_eq!(r(100.0, 103.0), RangeVerdict::Overlaps);
        assert_eq!(r(107.0, 110.0), RangeVerdict::Overlaps);
        assert_eq!(r(104.0, 105.0), RangeVerdict::Overlaps);
    }
}
