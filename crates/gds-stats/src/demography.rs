//! Demographic summary measures: singulate mean age at marriage and total fertility rate.

/// Hajnal (1953) singulate mean age at marriage (SMAM), in years.
///
/// `proportion_single` holds the proportions never married (0–1) in the 5-year age groups
/// 15–19, 20–24, …, 45–49 (7 values) and optionally 50–54 (8th value). The exact variant
/// follows the UN World Marriage Data metadata (indicators.md §5;
/// www.un.org/esa/population/publications/WMD2008/Metadata/SMAM.html):
///
/// * A = 15 + 5 · Σ S(15–19 … 45–49) — person-years lived single before age 50 (everyone
///   is assumed single below 15);
/// * B = proportion single at 50 = mean of S(45–49) and S(50–54) when the 8th value is
///   given, otherwise S(45–49) alone;
/// * C = 1 − B; D = 50 · B;
/// * SMAM = (A − D) / C.
///
/// `None` unless there are 7 or 8 finite values in [0, 1] and B < 1.
///
/// ```
/// let s = [0.9, 0.6, 0.3, 0.15, 0.08, 0.05, 0.04, 0.03];
/// let smam = gds_stats::smam(&s).unwrap();
/// assert!((smam - 23.85 / 0.965).abs() < 1e-12);
/// ```
pub fn smam(proportion_single: &[f64]) -> Option<f64> {
    if !matches!(proportion_single.len(), 7 | 8) {
        return None;
    }
    if proportion_single.iter().any(|s| !s.is_finite() || !(0.0..=1.0).contains(s)) {
        return None;
    }
    let a = 15.0 + 5.0 * proportion_single[..7].iter().sum::<f64>();
    let b = match proportion_single.get(7) {
        Some(s50) => (proportion_single[6] + s50) / 2.0,
        None => proportion_single[6],
    };
    let c = 1.0 - b;
    if c <= 0.0 {
        return None;
    }
    let d = 50.0 * b;
    Some((a - d) / c)
}

/// Total fertility rate `5 · Σ ASFR` (children per woman) from the seven 5-year
/// age-specific fertility rates 15–19 … 45–49, each given *per woman* (divide rates
/// published per 1,000 women by 1,000 first). Standard period TFR (UN DESA, *Methods for
/// estimating fertility*; the factor 5 is the width of each age group).
///
/// `None` unless there are exactly 7 finite, non-negative rates.
///
/// ```
/// let tfr = gds_stats::total_fertility_rate(&[0.02, 0.10, 0.12, 0.08, 0.04, 0.01, 0.002]).unwrap();
/// assert!((tfr - 1.86).abs() < 1e-12);
/// ```
pub fn total_fertility_rate(asfr_per_woman: &[f64]) -> Option<f64> {
    if asfr_per_woman.len() != 7 || asfr_per_woman.iter().any(|r| !r.is_finite() || *r < 0.0) {
        return None;
    }
    Some(5.0 * asfr_per_woman.iter().sum::<f64>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smam_hand_computed() {
        // S = 0.90 0.60 0.30 0.15 0.08 0.05 0.04 | 0.03 (50–54)
        // Σ S(15–19 … 45–49) = 0.90 + 0.60 + 0.30 + 0.15 + 0.08 + 0.05 + 0.04 = 2.12
        // A = 15 + 5 × 2.12 = 25.60
        // B = (0.04 + 0.03) / 2 = 0.035        C = 1 − 0.035 = 0.965
        // D = 50 × 0.035 = 1.75
        // SMAM = (25.60 − 1.75) / 0.965 = 23.85 / 0.965 = 24.7150…
        let s = [0.90, 0.60, 0.30, 0.15, 0.08, 0.05, 0.04, 0.03];
        let v = smam(&s).unwrap();
        assert!((v - 24.715_025_906_735_75).abs() < 1e-9, "{v}");
        assert_eq!(format!("{v:.2}"), "24.72");

        // Without the 50–54 group B = S(45–49) = 0.04:
        // D = 2.0, C = 0.96, SMAM = (25.60 − 2.0) / 0.96 = 23.60 / 0.96 = 24.5833…
        let v7 = smam(&s[..7]).unwrap();
        assert!((v7 - 23.6 / 0.96).abs() < 1e-9, "{v7}");
    }

    #[test]
    fn smam_nobody_marries_early() {
        // Everyone single until 30, everyone married from 30 on: SMAM = 15 + 5·3 = 30.
        let s = [1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        assert_eq!(smam(&s), Some(30.0));
    }

    #[test]
    fn smam_invalid() {
        assert_eq!(smam(&[0.5; 6]), None);
        assert_eq!(smam(&[0.5; 9]), None);
        assert_eq!(smam(&[1.0; 7]), None); // B = 1: nobody ever marries
        assert_eq!(smam(&[0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.2]), None);
        assert_eq!(smam(&[0.5, 0.5, 0.5, f64::NAN, 0.5, 0.5, 0.5]), None);
    }

    #[test]
    fn tfr_example() {
        // 5 × (0.020 + 0.100 + 0.120 + 0.080 + 0.040 + 0.010 + 0.002) = 5 × 0.372 = 1.86
        let v = total_fertility_rate(&[0.02, 0.10, 0.12, 0.08, 0.04, 0.01, 0.002]).unwrap();
        assert!((v - 1.86).abs() < 1e-12);
        assert_eq!(total_fertility_rate(&[0.1; 6]), None);
        assert_eq!(total_fertility_rate(&[0.1, 0.1, 0.1, -0.1, 0.1, 0.1, 0.1]), None);
    }
}
