//! UNDP composite indices: Human Development Index (HDI), Gender Development Index (GDI)
//! and Gender Inequality Index (GII), as specified in methods.md §4.1–4.2 (HDR 2023/24
//! technical notes) and validated against the published HDR 2023/24 time series (see the
//! crate's `tests/hdr_full.rs`).

use serde::{Deserialize, Serialize};

/// Goalposts `(min, max)` of the HDI dimension indices (methods.md §4.1).
mod goalposts {
    /// Life expectancy at birth, both sexes (HDI).
    pub const LE: (f64, f64) = (20.0, 85.0);
    /// Female life expectancy (GDI): HDI goalposts shifted up by the 2.5-year half of the
    /// assumed 5-year female biological advantage.
    pub const LE_F: (f64, f64) = (22.5, 87.5);
    /// Male life expectancy (GDI): shifted down by 2.5 years.
    pub const LE_M: (f64, f64) = (17.5, 82.5);
    /// Expected years of schooling.
    pub const EYS: (f64, f64) = (0.0, 18.0);
    /// Mean years of schooling (25+).
    pub const MYS: (f64, f64) = (0.0, 15.0);
    /// GNI per capita, 2017 PPP $ (log scale).
    pub const GNI: (f64, f64) = (100.0, 75_000.0);
}

/// Dimension index `(min(max(x, lo), hi) − lo) / (hi − lo)` (methods.md §4.1: values
/// outside the goalposts are capped).
fn dimension_index(x: f64, (lo, hi): (f64, f64)) -> f64 {
    (x.clamp(lo, hi) - lo) / (hi - lo)
}

/// HDI from its inputs with explicit life-expectancy goalposts.
fn hdi_with_le_goalposts(le: f64, eys: f64, mys: f64, gni: f64, le_goalposts: (f64, f64)) -> Option<f64> {
    if [le, eys, mys, gni].iter().any(|v| !v.is_finite() || *v < 0.0) {
        return None;
    }
    let health = dimension_index(le, le_goalposts);
    // Education index = mean of the EYS and MYS indices.
    let education = (dimension_index(eys, goalposts::EYS) + dimension_index(mys, goalposts::MYS)) / 2.0;
    // Income index = (ln GNIpc − ln 100)/(ln 75,000 − ln 100), GNIpc capped to the goalposts first.
    let (lo, hi) = goalposts::GNI;
    let income = (gni.clamp(lo, hi).ln() - lo.ln()) / (hi.ln() - lo.ln());
    // HDI = geometric mean of the three dimension indices.
    Some((health * education * income).cbrt())
}

/// Human Development Index from life expectancy at birth `le` (years), expected and mean
/// years of schooling `eys`, `mys` (years) and GNI per capita `gni` (2017 PPP $), with the
/// HDI goalposts LE 20–85, EYS 0–18, MYS 0–15, GNIpc 100–75,000 (log) (methods.md §4.1).
///
/// `None` if an input is negative or not finite.
pub fn hdi(le: f64, eys: f64, mys: f64, gni: f64) -> Option<f64> {
    hdi_with_le_goalposts(le, eys, mys, gni, goalposts::LE)
}

/// Sex-specific inputs of the Gender Development Index (units as published by UNDP).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GdiInputs {
    /// Female life expectancy at birth (years).
    pub le_f: f64,
    /// Male life expectancy at birth (years).
    pub le_m: f64,
    /// Female expected years of schooling.
    pub eys_f: f64,
    /// Male expected years of schooling.
    pub eys_m: f64,
    /// Female mean years of schooling (25+).
    pub mys_f: f64,
    /// Male mean years of schooling (25+).
    pub mys_m: f64,
    /// Estimated female GNI per capita (2017 PPP $).
    pub gni_f: f64,
    /// Estimated male GNI per capita (2017 PPP $).
    pub gni_m: f64,
}

/// Result of [`gdi`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GdiResult {
    /// Female HDI (female life-expectancy goalposts 22.5–87.5).
    pub hdi_f: f64,
    /// Male HDI (male life-expectancy goalposts 17.5–82.5).
    pub hdi_m: f64,
    /// GDI = HDI_f / HDI_m.
    pub gdi: f64,
    /// GDI group 1–5 (see [`gdi_group`]).
    pub group: u8,
}

/// GDI group (1–5) from the absolute deviation from parity `d = |1 − GDI|`, with GDI
/// rounded to 3 decimals and inclusive upper bounds: 1: d ≤ 0.025; 2: ≤ 0.050;
/// 3: ≤ 0.075; 4: ≤ 0.100; 5: > 0.100 (methods.md §4.1 — this rule reproduces all 182
/// published 2022 groups, whereas strict bounds or the unrounded ratio do not).
///
/// The comparison is done in integer thousandths, so values sitting exactly on a bound
/// (e.g. 0.975) are classified without floating-point ambiguity. `None` if `gdi` is
/// negative or not finite.
///
/// ```
/// use gds_stats::composite::gdi_group;
/// assert_eq!(gdi_group(0.975), Some(1));
/// assert_eq!(gdi_group(0.9749), Some(1)); // rounds to 0.975, on the bound: group 1
/// assert_eq!(gdi_group(0.9744), Some(2)); // rounds to 0.974
/// ```
pub fn gdi_group(gdi: f64) -> Option<u8> {
    if !gdi.is_finite() || gdi < 0.0 {
        return None;
    }
    let thousandths = (gdi * 1000.0).round() as i64;
    let d = (1000 - thousandths).abs();
    Some(match d {
        0..=25 => 1,
        26..=50 => 2,
        51..=75 => 3,
        76..=100 => 4,
        _ => 5,
    })
}

/// Gender Development Index `HDI_f / HDI_m` with sex-specific life-expectancy goalposts
/// (female 22.5–87.5, male 17.5–82.5) and the common HDI goalposts for schooling and
/// income, all capped at the goalposts (methods.md §4.1).
///
/// `None` if an input is negative or not finite, or `HDI_m` is 0.
///
/// ```
/// use gds_stats::composite::{gdi, GdiInputs};
/// // Norway 2022 (HDR 2023/24): published GDI 0.986, group 1.
/// let r = gdi(&GdiInputs {
///     le_f: 85.055, le_m: 81.718, eys_f: 19.521, eys_m: 17.804,
///     mys_f: 13.210, mys_m: 12.913, gni_f: 61067.477, gni_m: 77164.330,
/// }).unwrap();
/// assert_eq!(format!("{:.3}", r.gdi), "0.986");
/// assert_eq!(r.group, 1);
/// ```
pub fn gdi(i: &GdiInputs) -> Option<GdiResult> {
    let hdi_f = hdi_with_le_goalposts(i.le_f, i.eys_f, i.mys_f, i.gni_f, goalposts::LE_F)?;
    let hdi_m = hdi_with_le_goalposts(i.le_m, i.eys_m, i.mys_m, i.gni_m, goalposts::LE_M)?;
    if hdi_m.is_nan() || hdi_m <= 0.0 {
        return None;
    }
    let gdi = hdi_f / hdi_m;
    let group = gdi_group(gdi)?;
    Some(GdiResult { hdi_f, hdi_m, gdi, group })
}

/// Inputs of the Gender Inequality Index, in the units UNDP publishes them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GiiInputs {
    /// Maternal mortality ratio (deaths per 100,000 live births).
    pub mmr: f64,
    /// Adolescent birth rate (births per 1,000 women aged 15–19).
    pub abr: f64,
    /// Share of parliamentary seats held by women (%); men's share is `100 − pr_f`.
    pub pr_f: f64,
    /// Women 25+ with at least some secondary education (%).
    pub se_f: f64,
    /// Men 25+ with at least some secondary education (%).
    pub se_m: f64,
    /// Female labour-force participation rate, 15+ (%).
    pub lfpr_f: f64,
    /// Male labour-force participation rate, 15+ (%).
    pub lfpr_m: f64,
}

/// Intermediate and final values of the GII (G values on the proportion scale).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GiiResult {
    /// Female geometric mean G_F.
    pub g_f: f64,
    /// Male geometric mean G_M.
    pub g_m: f64,
    /// Harmonic mean of G_F and G_M.
    pub harm: f64,
    /// Reference standard G_F,M (geometric mean of the arithmetic means of the dimensions).
    pub g_fm: f64,
    /// GII = 1 − HARM / G_F,M.
    pub gii: f64,
}

/// MMR truncation bounds (methods.md §4.2 step 1).
const MMR_BOUNDS: (f64, f64) = (10.0, 1000.0);
/// Replacement for zeros, on the percentage (and ABR) scale (methods.md §4.2 step 1).
const ZERO_REPLACEMENT: f64 = 0.1;

/// GII core formula (methods.md §4.2 steps 2–5) on already-treated inputs. PR/SE/LFPR may be
/// on any common scale (proportions or percentages): the result is invariant to that choice.
#[allow(clippy::too_many_arguments)]
fn gii_core(
    mmr: f64,
    abr: f64,
    pr_f: f64,
    pr_m: f64,
    se_f: f64,
    se_m: f64,
    lfpr_f: f64,
    lfpr_m: f64,
) -> Option<GiiResult> {
    // Health (female only; the male reference is 1): sqrt(10/MMR · 1/ABR).
    let health_f = (10.0 / mmr * (1.0 / abr)).sqrt();
    // Empowerment: sqrt(PR · SE) per sex.
    let emp_f = (pr_f * se_f).sqrt();
    let emp_m = (pr_m * se_m).sqrt();
    // Step 2: within-sex geometric means.
    let g_f = (health_f * emp_f * lfpr_f).cbrt();
    let g_m = (emp_m * lfpr_m).cbrt();
    // Step 3: harmonic mean across sexes.
    let harm = 2.0 / (1.0 / g_f + 1.0 / g_m);
    // Step 4: reference standard from the arithmetic means of each dimension.
    let health_bar = (health_f + 1.0) / 2.0;
    let emp_bar = (emp_f + emp_m) / 2.0;
    let lfpr_bar = (lfpr_f + lfpr_m) / 2.0;
    let g_fm = (health_bar * emp_bar * lfpr_bar).cbrt();
    // Step 5.
    let gii = 1.0 - harm / g_fm;
    [g_f, g_m, harm, g_fm, gii].iter().all(|v| v.is_finite()).then_some(GiiResult {
        g_f,
        g_m,
        harm,
        g_fm,
        gii,
    })
}

/// Gender Inequality Index (methods.md §4.2; Gaye et al. 2010, HDRP 2010/46).
///
/// Treatment of extremes as in the HDR technical notes: MMR truncated to [10, 1000];
/// zeros (ABR, PR, SE, LFPR) replaced by 0.1 on the published percentage scale
/// (i.e. 0.001 as a proportion, which reproduces Qatar and Tonga 2014 with PR_F = 0);
/// PR_M = 100 − PR_F, computed after that replacement. PR/SE/LFPR are then converted to proportions, so the G values
/// of the result are on the proportion scale.
///
/// `None` if an input is negative or not finite, or a percentage exceeds 100.
///
/// ```
/// use gds_stats::composite::{gii, GiiInputs};
/// // India 2022 (HDR 2023/24): published GII 0.437.
/// let r = gii(&GiiInputs {
///     mmr: 102.654, abr: 16.299, pr_f: 14.634, se_f: 40.959, se_m: 58.663,
///     lfpr_f: 28.26, lfpr_m: 76.14,
/// }).unwrap();
/// assert_eq!(format!("{:.3}", r.gii), "0.437");
/// ```
pub fn gii(i: &GiiInputs) -> Option<GiiResult> {
    let all = [i.mmr, i.abr, i.pr_f, i.se_f, i.se_m, i.lfpr_f, i.lfpr_m];
    if all.iter().any(|v| !v.is_finite() || *v < 0.0) {
        return None;
    }
    if [i.pr_f, i.se_f, i.se_m, i.lfpr_f, i.lfpr_m].iter().any(|v| *v > 100.0) {
        return None;
    }
    let zero_fix = |v: f64| if v == 0.0 { ZERO_REPLACEMENT } else { v };
    let mmr = i.mmr.clamp(MMR_BOUNDS.0, MMR_BOUNDS.1);
    let abr = zero_fix(i.abr);
    // PR_M is derived from the *treated* PR_F, as in the HDR 2023/24 file (zero-women
    // parliaments stored as PR_F 0.01 / PR_M 99.99) and the recomputed Qatar 2014 value
    // 0.5239 of methods.md §4.3.
    let pr_f = zero_fix(i.pr_f);
    let pr_m = zero_fix(100.0 - pr_f);
    gii_core(
        mmr,
        abr,
        pr_f / 100.0,
        pr_m / 100.0,
        zero_fix(i.se_f) / 100.0,
        zero_fix(i.se_m) / 100.0,
        zero_fix(i.lfpr_f) / 100.0,
        zero_fix(i.lfpr_m) / 100.0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn dimension_index_caps() {
        assert_eq!(dimension_index(19.5, goalposts::EYS), 1.0);
        assert_eq!(dimension_index(-1.0, goalposts::EYS), 0.0);
        assert_eq!(dimension_index(9.0, goalposts::EYS), 0.5);
    }

    #[test]
    fn hdi_norway_2022() {
        // HDR 2023/24 published HDI for Norway 2022: 0.966 (le 83.393, eys 18.660, mys 13.064,
        // gnipc 69189.76).
        let v = hdi(83.393, 18.660, 13.064, 69189.76).unwrap();
        assert!(close(v, 0.966, 0.0005), "{v}");
        assert_eq!(hdi(-1.0, 1.0, 1.0, 1000.0), None);
        // GNI at or below the floor gives an income index of 0 and thus HDI 0.
        assert_eq!(hdi(70.0, 10.0, 5.0, 50.0), Some(0.0));
    }

    #[test]
    fn gdi_group_bounds() {
        // methods.md §4.1: BEL, ISL, KGZ, TUV at 0.975 and FSM, MKD at 0.950 sit on a bound.
        assert_eq!(gdi_group(0.975), Some(1));
        assert_eq!(gdi_group(1.025), Some(1));
        assert_eq!(gdi_group(0.950), Some(2));
        assert_eq!(gdi_group(0.9744), Some(2));
        assert_eq!(gdi_group(0.925), Some(3));
        assert_eq!(gdi_group(0.900), Some(4));
        assert_eq!(gdi_group(0.8995), Some(4)); // rounds to 0.900 (half away from zero)
        assert_eq!(gdi_group(0.899), Some(5));
        assert_eq!(gdi_group(1.101), Some(5));
        assert_eq!(gdi_group(f64::NAN), None);
    }

    #[test]
    fn gii_zero_handling() {
        // PR_F = 0 is treated as 0.1 % (Qatar 2014 in methods.md §4.3).
        let a = gii(&GiiInputs {
            mmr: 6.0,
            abr: 9.5,
            pr_f: 0.0,
            se_f: 66.7,
            se_m: 59.0,
            lfpr_f: 50.8,
            lfpr_m: 95.5,
        });
        let b = gii(&GiiInputs {
            mmr: 6.0,
            abr: 9.5,
            pr_f: 0.1,
            se_f: 66.7,
            se_m: 59.0,
            lfpr_f: 50.8,
            lfpr_m: 95.5,
        });
        assert_eq!(a, b);
        assert!(close(a.unwrap().gii, 0.5239, 0.00005), "{:?}", a);
        assert!(
            gii(&GiiInputs {
                mmr: 6.0,
                abr: 9.5,
                pr_f: 101.0,
                se_f: 66.7,
                se_m: 59.0,
                lfpr_f: 50.8,
                lfpr_m: 95.5
            })
            .is_none()
        );
        assert!(
            gii(&GiiInputs {
                mmr: -6.0,
                abr: 9.5,
                pr_f: 1.0,
                se_f: 66.7,
                se_m: 59.0,
                lfpr_f: 50.8,
                lfpr_m: 95.5
            })
            .is_none()
        );
    }

    proptest! {
        /// methods.md §4.2: the GII does not depend on whether PR/SE/LFPR are expressed as
        /// proportions or percentages (or any other common scale); the health term is scale-free.
        #[test]
        fn gii_invariant_to_common_scale(
            mmr in 10.0f64..1000.0,
            abr in 0.1f64..200.0,
            pr_f in 0.001f64..0.999,
            se_f in 0.001f64..1.0,
            se_m in 0.001f64..1.0,
            lfpr_f in 0.001f64..1.0,
            lfpr_m in 0.001f64..1.0,
            k in 0.01f64..1000.0,
        ) {
            let base = gii_core(mmr, abr, pr_f, 1.0 - pr_f, se_f, se_m, lfpr_f, lfpr_m).unwrap();
            let scaled = gii_core(
                mmr, abr, k * pr_f, k * (1.0 - pr_f), k * se_f, k * se_m, k * lfpr_f, k * lfpr_m,
            ).unwrap();
            prop_assert!((base.gii - scaled.gii).abs() < 1e-9, "{} vs {}", base.gii, scaled.gii);
        }
    }
}
