//! Property tests (proptest) for the interval methods, weighted moments and the GII.

use gds_stats::composite::{GiiInputs, gii};
use gds_stats::{
    IntervalMethod, WeightedMoments, adjusted_gender_parity_index, katz_ratio, newcombe_difference,
    poisson_exact, proportion_interval, ratio_of_means_interval, sex_ratio, sex_ratio_interval,
};
use proptest::prelude::*;

const PROPORTION_METHODS: [IntervalMethod; 4] =
    [IntervalMethod::Wilson, IntervalMethod::ClopperPearson, IntervalMethod::Jeffreys, IntervalMethod::Wald];

fn check_proportion(x: f64, n: f64, conf: f64) -> Result<(), TestCaseError> {
    let p = x / n;
    for m in PROPORTION_METHODS {
        let iv = proportion_interval(x, n, m, conf);
        prop_assert!(iv.is_some(), "{m:?} {x}/{n} at {conf}: no interval");
        let iv = iv.unwrap();
        prop_assert!(0.0 <= iv.lower && iv.upper <= 1.0, "{m:?} {x}/{n}: {iv:?} outside [0,1]");
        prop_assert!(iv.lower <= p && p <= iv.upper, "{m:?} {x}/{n}: {iv:?} misses p = {p}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Integer counts: every proportion interval contains x/n and lies in [0, 1].
    #[test]
    fn proportion_intervals_contain_estimate(n in 1u32..20_000, frac in 0.0f64..=1.0, conf in 0.5f64..0.999) {
        let x = (frac * f64::from(n)).round();
        check_proportion(x, f64::from(n), conf)?;
    }

    /// Non-integer (weighted, effective-n) counts behave the same way.
    #[test]
    fn weighted_proportion_intervals_contain_estimate(n in 0.5f64..50_000.0, frac in 0.0f64..=1.0, conf in 0.5f64..0.999) {
        check_proportion(frac * n, n, conf)?;
    }

    /// The sex-ratio interval contains the sex ratio, for every supported method.
    #[test]
    fn sex_ratio_interval_contains_srb(m in 1u32..200_000, f in 1u32..200_000, conf in 0.5f64..0.999) {
        let (m, f) = (f64::from(m), f64::from(f));
        let srb = sex_ratio(m, f, 100.0).unwrap();
        for method in [
            IntervalMethod::Wilson,
            IntervalMethod::ClopperPearson,
            IntervalMethod::Jeffreys,
            IntervalMethod::Wald,
            IntervalMethod::LogRatio,
        ] {
            let iv = sex_ratio_interval(m, f, method, conf, 100.0);
            prop_assert!(iv.is_some(), "{method:?} {m}/{f}");
            let iv = iv.unwrap();
            prop_assert!(iv.lower >= 0.0 && iv.contains(srb), "{method:?} {m}/{f}: {iv:?} misses {srb}");
        }
    }

    /// Newcombe contains the difference, Katz contains the ratio.
    #[test]
    fn difference_and_ratio_intervals_contain_estimates(
        n1 in 1u32..10_000, n2 in 1u32..10_000, a in 0.0f64..=1.0, b in 0.0f64..=1.0,
    ) {
        let (n1, n2) = (f64::from(n1), f64::from(n2));
        let (x1, x2) = ((a * n1).round(), (b * n2).round());
        let d = newcombe_difference(x1, n1, x2, n2, 0.95).unwrap();
        let diff = x1 / n1 - x2 / n2;
        prop_assert!(d.contains(diff) && d.lower >= -1.0 && d.upper <= 1.0, "{d:?} vs {diff}");
        if x1 > 0.0 && x2 > 0.0 {
            let r = katz_ratio(x1, n1, x2, n2, 0.95).unwrap();
            let rr = (x1 / n1) / (x2 / n2);
            prop_assert!(r.lower <= rr * (1.0 + 1e-12) && rr <= r.upper * (1.0 + 1e-12), "{r:?} vs {rr}");
        }
    }

    /// The Garwood interval contains the observed count.
    #[test]
    fn poisson_interval_contains_count(k in 0u32..100_000, conf in 0.5f64..0.999) {
        let iv = poisson_exact(f64::from(k), conf).unwrap();
        prop_assert!(iv.contains(f64::from(k)), "{iv:?}");
    }

    /// Weighted moments are additive: the sum of the parts equals the whole, in any order.
    #[test]
    fn weighted_moments_addition_is_order_independent(
        obs in prop::collection::vec((-1_000.0f64..1_000.0, 0.001f64..100.0), 0..200),
        split in 0usize..200,
        shuffle_seed in any::<u64>(),
    ) {
        let split = split.min(obs.len());
        let acc = |xs: &[(f64, f64)]| {
            let mut m = WeightedMoments::default();
            for &(x, w) in xs {
                m.push(x, w);
            }
            m
        };
        let whole = acc(&obs);
        let (a, b) = (acc(&obs[..split]), acc(&obs[split..]));
        // A deterministic permutation of the observations, accumulated one by one.
        let mut perm = obs.clone();
        let len = perm.len();
        if len > 1 {
            let mut s = shuffle_seed;
            for i in (1..len).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                perm.swap(i, (s >> 33) as usize % (i + 1));
            }
        }
        let mut pieces = WeightedMoments::default();
        for chunk in perm.chunks(7) {
            pieces += acc(chunk);
        }
        for other in [a + b, b + a, pieces] {
            prop_assert_eq!(other.n, whole.n);
            for (u, v) in [
                (other.sum_w, whole.sum_w),
                (other.sum_w2, whole.sum_w2),
                (other.sum_wx, whole.sum_wx),
                (other.sum_wx2, whole.sum_wx2),
            ] {
                prop_assert!((u - v).abs() <= 1e-9 * (1.0 + v.abs()), "{u} vs {v}");
            }
            if let (Some(m1), Some(m2)) = (other.mean(), whole.mean()) {
                prop_assert!((m1 - m2).abs() <= 1e-9 * (1.0 + m2.abs()));
            }
        }
    }

    /// The ratio-of-means interval contains the ratio (log-symmetric delta method).
    #[test]
    fn ratio_of_means_contains_ratio(
        f in prop::collection::vec((0.1f64..20.0, 0.5f64..5.0), 2..50),
        m in prop::collection::vec((0.1f64..20.0, 0.5f64..5.0), 2..50),
    ) {
        let acc = |xs: &[(f64, f64)]| {
            let mut w = WeightedMoments::default();
            for &(x, wt) in xs {
                w.push(x, wt);
            }
            w
        };
        let (fa, ma) = (acc(&f), acc(&m));
        let r = fa.mean().unwrap() / ma.mean().unwrap();
        let iv = ratio_of_means_interval(&fa, &ma, 0.95).unwrap();
        prop_assert!(iv.lower <= r * (1.0 + 1e-12) && r <= iv.upper * (1.0 + 1e-12), "{iv:?} vs {r}");
    }

    /// Adjusted GPI is symmetric around parity: agpi(f, m) − 1 = 1 − agpi(m, f), within [0, 2].
    #[test]
    fn adjusted_gpi_symmetric(f in 0.001f64..1_000.0, m in 0.001f64..1_000.0) {
        let a = adjusted_gender_parity_index(f, m).unwrap();
        let b = adjusted_gender_parity_index(m, f).unwrap();
        prop_assert!((0.0..=2.0).contains(&a));
        prop_assert!(((a - 1.0) + (b - 1.0)).abs() < 1e-12);
    }

    /// methods.md §4.2: the GII is scale-invariant in the non-health terms. Through the public
    /// (percentage) API: multiplying both sexes' SE by k, or both sexes' LFPR by k', leaves the
    /// GII unchanged (each term enters G_F, G_M and G_F,M with the same power). The
    /// proportion-vs-percentage form of the invariance is tested in `composite`'s unit tests.
    #[test]
    fn gii_invariant_to_scaling(
        mmr in 0.0f64..1500.0,
        abr in 0.5f64..200.0,
        pr_f in 0.5f64..70.0,
        se in (1.0f64..100.0, 1.0f64..100.0),
        lfpr in (1.0f64..100.0, 1.0f64..100.0),
        k_se in 0.05f64..1.0,
        k_lfpr in 0.05f64..1.0,
    ) {
        let base = GiiInputs { mmr, abr, pr_f, se_f: se.0, se_m: se.1, lfpr_f: lfpr.0, lfpr_m: lfpr.1 };
        let g0 = gii(&base).unwrap().gii;
        let g1 = gii(&GiiInputs { se_f: k_se * se.0, se_m: k_se * se.1, ..base }).unwrap().gii;
        let g2 = gii(&GiiInputs { lfpr_f: k_lfpr * lfpr.0, lfpr_m: k_lfpr * lfpr.1, ..base }).unwrap().gii;
        prop_assert!((g0 - g1).abs() < 1e-9, "SE scaling: {g0} vs {g1}");
        prop_assert!((g0 - g2).abs() < 1e-9, "LFPR scaling: {g0} vs {g2}");
        prop_assert!(g0 < 1.0);
    }
}
