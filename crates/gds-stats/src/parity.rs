//! Gender parity indices (UNESCO UIS, SDG 4.5.1; methods.md §5.2).

/// Gender parity index `female / male` (UIS: the disadvantaged group in the numerator).
///
/// `None` when `male <= 0`, `female < 0` or an input is not finite.
///
/// ```
/// assert_eq!(gds_stats::gender_parity_index(0.45, 0.5), Some(0.9));
/// ```
pub fn gender_parity_index(female: f64, male: f64) -> Option<f64> {
    if !female.is_finite() || !male.is_finite() || male <= 0.0 || female < 0.0 {
        return None;
    }
    Some(female / male)
}

/// Adjusted gender parity index (UIS, SDG 4.5.1): `F/M` if `F/M <= 1`, else `2 − M/F`.
///
/// Symmetric around 1 and bounded in [0, 2]; 0.97–1.03 is read as parity
/// (http://uis.unesco.org/node/3297552, methods.md §5.2). `None` when the plain GPI is
/// undefined (see [`gender_parity_index`]).
///
/// ```
/// let a = gds_stats::adjusted_gender_parity_index(0.6, 0.5).unwrap();
/// assert!((a - 1.1667).abs() < 5e-5); // 2 - 0.5/0.6
/// ```
pub fn adjusted_gender_parity_index(female: f64, male: f64) -> Option<f64> {
    let gpi = gender_parity_index(female, male)?;
    if gpi <= 1.0 {
        Some(gpi)
    } else {
        // female > male > 0 here, so the division is defined.
        Some(2.0 - male / female)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_vectors() {
        // methods.md §5.2: 0.5/0.6 → 0.8333; 0.6/0.5 → 1.1667; 1.2/1.0 → 1.1667.
        let r = |f, m| format!("{:.4}", adjusted_gender_parity_index(f, m).unwrap());
        assert_eq!(r(0.5, 0.6), "0.8333");
        assert_eq!(r(0.6, 0.5), "1.1667");
        assert_eq!(r(1.2, 1.0), "1.1667");
        assert_eq!(adjusted_gender_parity_index(1.0, 1.0), Some(1.0));
        assert_eq!(adjusted_gender_parity_index(0.0, 1.0), Some(0.0));
    }

    #[test]
    fn undefined() {
        assert_eq!(gender_parity_index(1.0, 0.0), None);
        assert_eq!(gender_parity_index(-1.0, 1.0), None);
        assert_eq!(gender_parity_index(f64::NAN, 1.0), None);
        assert_eq!(adjusted_gender_parity_index(1.0, 0.0), None);
    }
}
