//! Weighted means, Kish effective sample size, ratios of means and the gender pay gap.
//!
//! Variance estimation here is the *weighting-only* approximation recommended in
//! methods.md §5.3 for data without design variables: the weighted variance of the
//! observations combined with the Kish (1965, *Survey Sampling*, §11.7) effective sample
//! size `n_eff = (Σw)² / Σw²`. Designs with strata and PSUs need linearisation or
//! replication, which belongs to the survey layer, not to this crate.

use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

use crate::interval::{Interval, z_checked};

/// Kish (1965) effective sample size `(Σw)² / Σw²`.
///
/// With equal weights this is the number of observations; unequal weights lower it
/// (`n_eff = n / deff_w`, the weighting design effect of methods.md §5.3).
/// Returns `0.0` when `sum_w2 <= 0` or an input is not finite (no information).
///
/// ```
/// assert_eq!(gds_stats::kish_effective_n(10.0, 10.0), 10.0); // ten unit weights
/// assert_eq!(gds_stats::kish_effective_n(4.0, 10.0), 1.6);   // weights 1 and 3
/// ```
pub fn kish_effective_n(sum_w: f64, sum_w2: f64) -> f64 {
    if !sum_w.is_finite() || !sum_w2.is_finite() || sum_w2 <= 0.0 {
        return 0.0;
    }
    sum_w * sum_w / sum_w2
}

/// Additive accumulator of weighted first and second moments of a variable.
///
/// Accumulators for disjoint parts can be added (`+`, `+=`) to give the accumulator of
/// the whole, so they can be computed in parallel per chunk and merged.
///
/// ```
/// use gds_stats::WeightedMoments;
/// let mut m = WeightedMoments::default();
/// for (x, w) in [(2.0, 1.0), (4.0, 1.0), (6.0, 2.0)] {
///     m.push(x, w);
/// }
/// assert_eq!(m.mean(), Some(4.5));
/// assert_eq!(m.n, 3);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeightedMoments {
    /// Unweighted number of observations pushed with a positive weight.
    pub n: u64,
    /// Σw.
    pub sum_w: f64,
    /// Σw².
    pub sum_w2: f64,
    /// Σw·x.
    pub sum_wx: f64,
    /// Σw·x².
    pub sum_wx2: f64,
}

impl WeightedMoments {
    /// Adds one observation `x` with weight `w`.
    ///
    /// Observations with a non-finite `x` or `w`, or a weight `<= 0`, are ignored: a zero
    /// weight is how domain estimation removes out-of-domain units (methods.md §5.3), and a
    /// negative or missing weight carries no usable information.
    pub fn push(&mut self, x: f64, w: f64) {
        if !x.is_finite() || !w.is_finite() || w <= 0.0 {
            return;
        }
        self.n += 1;
        self.sum_w += w;
        self.sum_w2 += w * w;
        self.sum_wx += w * x;
        self.sum_wx2 += w * x * x;
    }

    /// Weighted mean `Σwx / Σw`; `None` when `Σw <= 0`.
    pub fn mean(&self) -> Option<f64> {
        if self.sum_w.is_nan() || self.sum_w <= 0.0 {
            return None;
        }
        let m = self.sum_wx / self.sum_w;
        m.is_finite().then_some(m)
    }

    /// Weighted variance of the variable with the effective-n Bessel correction:
    /// `s² = [Σw(x − x̄)² / Σw] · n_eff / (n_eff − 1)`, with `n_eff` the Kish effective
    /// sample size. With unit weights this is the ordinary sample variance (divisor n − 1).
    ///
    /// `None` when `n_eff <= 1` (variance not estimable).
    pub fn variance(&self) -> Option<f64> {
        let mean = self.mean()?;
        let n_eff = self.effective_n();
        if n_eff.is_nan() || n_eff <= 1.0 {
            return None;
        }
        // Σw(x − x̄)²/Σw = Σwx²/Σw − x̄²; clamp tiny negative values produced by cancellation.
        let pop_var = (self.sum_wx2 / self.sum_w - mean * mean).max(0.0);
        let v = pop_var * n_eff / (n_eff - 1.0);
        v.is_finite().then_some(v)
    }

    /// Kish effective sample size of the accumulated weights (see [`kish_effective_n`]).
    pub fn effective_n(&self) -> f64 {
        kish_effective_n(self.sum_w, self.sum_w2)
    }

    /// Standard error of the weighted mean, `sqrt(s² / n_eff)`.
    pub fn standard_error(&self) -> Option<f64> {
        let v = self.variance()?;
        Some((v / self.effective_n()).sqrt())
    }

    /// Normal-approximation interval for the weighted mean: `x̄ ± z·sqrt(s²/n_eff)`
    /// (weighted variance and Kish effective n, methods.md §5.3).
    ///
    /// `None` when the variance is not estimable or the confidence level is not in (0, 1).
    pub fn mean_interval(&self, confidence: f64) -> Option<Interval> {
        let z = z_checked(confidence)?;
        let mean = self.mean()?;
        let se = self.standard_error()?;
        Interval::new(mean - z * se, mean + z * se)
    }
}

impl Add for WeightedMoments {
    type Output = WeightedMoments;

    fn add(mut self, rhs: WeightedMoments) -> WeightedMoments {
        self += rhs;
        self
    }
}

impl AddAssign for WeightedMoments {
    fn add_assign(&mut self, rhs: WeightedMoments) {
        self.n += rhs.n;
        self.sum_w += rhs.sum_w;
        self.sum_w2 += rhs.sum_w2;
        self.sum_wx += rhs.sum_wx;
        self.sum_wx2 += rhs.sum_wx2;
    }
}

/// Mean and squared relative standard error `(SE/mean)²` of a positive weighted mean.
fn mean_and_rel_var(m: &WeightedMoments) -> Option<(f64, f64)> {
    let mean = m.mean()?;
    if mean.is_nan() || mean <= 0.0 {
        return None;
    }
    let se = m.standard_error()?;
    Some((mean, (se / mean).powi(2)))
}

/// Interval for the ratio `mean(f) / mean(m)` of two independent weighted means (e.g.
/// unpaid care hours of women relative to men, indicators.md §5).
///
/// Delta method on the log scale (methods.md §5.2, "survey version: delta method on
/// ln(F) − ln(M)"): `Var(ln R) ≈ SE_f²/x̄_f² + SE_m²/x̄_m²` for independent samples, and the
/// interval is `exp(ln R ± z·sqrt(Var))`.
///
/// `None` unless both means are positive and both variances estimable.
pub fn ratio_of_means_interval(
    f: &WeightedMoments,
    m: &WeightedMoments,
    confidence: f64,
) -> Option<Interval> {
    let z = z_checked(confidence)?;
    let (mf, rvf) = mean_and_rel_var(f)?;
    let (mm, rvm) = mean_and_rel_var(m)?;
    let ln_r = (mf / mm).ln();
    let half = z * (rvf + rvm).sqrt();
    Interval::new((ln_r - half).exp(), (ln_r + half).exp())
}

/// Unadjusted gender pay gap `(M − F) / M · 100` in percent of men's mean earnings
/// (Eurostat / ILO definition, methods.md §5.2, indicators.md §5).
///
/// `None` when `mean_m <= 0` or an input is not finite. Note the argument order: men first.
///
/// ```
/// assert_eq!(gds_stats::pay_gap(20.0, 17.0), Some(15.0));
/// ```
pub fn pay_gap(mean_m: f64, mean_f: f64) -> Option<f64> {
    if !mean_m.is_finite() || !mean_f.is_finite() || mean_m <= 0.0 {
        return None;
    }
    Some((mean_m - mean_f) / mean_m * 100.0)
}

/// Delta-method interval for the pay gap `G = 100·(1 − F/M)` from independent weighted
/// means of women's (`f`) and men's (`m`) earnings.
///
/// `Var(G) ≈ 100²·R²·(SE_f²/F² + SE_m²/M²)` with `R = F/M` (first-order Taylor expansion of
/// the ratio; cf. the linearised variance of convey `svygpg` / vardpoor `lingpg`, which also
/// handle design covariance that is ignored here because the samples are independent).
/// The interval is symmetric, `G ± z·SE(G)`.
///
/// `None` unless both means are positive and both variances estimable.
pub fn pay_gap_interval(f: &WeightedMoments, m: &WeightedMoments, confidence: f64) -> Option<Interval> {
    let z = z_checked(confidence)?;
    let (mf, rvf) = mean_and_rel_var(f)?;
    let (mm, rvm) = mean_and_rel_var(m)?;
    let gap = pay_gap(mm, mf)?;
    let r = mf / mm;
    let se = 100.0 * r * (rvf + rvm).sqrt();
    Interval::new(gap - z * se, gap + z * se)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(xs: &[(f64, f64)]) -> WeightedMoments {
        let mut m = WeightedMoments::default();
        for &(x, w) in xs {
            m.push(x, w);
        }
        m
    }

    #[test]
    fn unit_weights_match_textbook() {
        // x = 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7.
        let m = from(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0].map(|x| (x, 1.0)));
        assert_eq!(m.n, 8);
        assert_eq!(m.mean(), Some(5.0));
        assert!((m.variance().unwrap() - 32.0 / 7.0).abs() < 1e-12);
        assert_eq!(m.effective_n(), 8.0);
        let iv = m.mean_interval(0.95).unwrap();
        let se = (32.0f64 / 7.0 / 8.0).sqrt();
        assert!((iv.lower - (5.0 - crate::Z95 * se)).abs() < 1e-12);
        assert!((iv.upper - (5.0 + crate::Z95 * se)).abs() < 1e-12);
    }

    #[test]
    fn scaling_weights_changes_nothing() {
        let a = from(&[(1.0, 1.0), (3.0, 2.0), (10.0, 0.5)]);
        let b = from(&[(1.0, 7.0), (3.0, 14.0), (10.0, 3.5)]);
        assert!((a.mean().unwrap() - b.mean().unwrap()).abs() < 1e-12);
        assert!((a.variance().unwrap() - b.variance().unwrap()).abs() < 1e-9);
        assert!((a.effective_n() - b.effective_n()).abs() < 1e-12);
    }

    #[test]
    fn kish() {
        // weights 1, 3: (4)^2 / 10 = 1.6
        assert_eq!(kish_effective_n(4.0, 10.0), 1.6);
        assert_eq!(kish_effective_n(4.0, 0.0), 0.0);
        assert_eq!(kish_effective_n(f64::NAN, 1.0), 0.0);
    }

    #[test]
    fn ignored_observations() {
        let m = from(&[(1.0, 0.0), (f64::NAN, 1.0), (2.0, -1.0), (3.0, f64::INFINITY)]);
        assert_eq!(m, WeightedMoments::default());
        assert_eq!(m.mean(), None);
        assert_eq!(m.variance(), None);
        assert_eq!(m.mean_interval(0.95), None);
        let one = from(&[(1.0, 1.0)]);
        assert_eq!(one.variance(), None);
    }

    #[test]
    fn pay_gap_values() {
        assert_eq!(pay_gap(20.0, 17.0), Some(15.0));
        assert_eq!(pay_gap(0.0, 17.0), None);
        assert_eq!(pay_gap(f64::NAN, 17.0), None);
        let m = from(&[(18.0, 1.0), (20.0, 1.0), (22.0, 1.0)]);
        let f = from(&[(16.0, 1.0), (17.0, 1.0), (18.0, 1.0)]);
        let iv = pay_gap_interval(&f, &m, 0.95).unwrap();
        assert!(iv.contains(15.0));
        // by hand: R = 0.85, rel var f = (1/3)/289, m = (4/3)/400
        let se = 100.0 * 0.85 * ((1.0 / 3.0) / 289.0 + (4.0 / 3.0) / 400.0f64).sqrt();
        assert!((iv.upper - iv.lower - 2.0 * crate::Z95 * se).abs() < 1e-9);
    }

    #[test]
    fn ratio_of_means() {
        let f = from(&[(4.0, 1.0), (5.0, 1.0), (6.0, 1.0)]);
        let m = from(&[(1.0, 1.0), (2.0, 1.0), (3.0, 1.0)]);
        let iv = ratio_of_means_interval(&f, &m, 0.95).unwrap();
        assert!(iv.contains(2.5));
        // log-scale symmetric: sqrt(lower*upper) == ratio
        assert!(((iv.lower * iv.upper).sqrt() - 2.5).abs() < 1e-12);
        let zero = from(&[(0.0, 1.0), (0.0, 1.0)]);
        assert!(ratio_of_means_interval(&f, &zero, 0.95).is_none());
    }
}
