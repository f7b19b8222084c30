//! Published test vectors for the interval methods (methods.md §5.1 and §5.2).

use gds_stats::{
    IntervalMethod, adjusted_gender_parity_index, gender_parity_index, katz_ratio, newcombe_difference,
    poisson_exact, proportion_interval, sex_ratio, sex_ratio_interval,
};

/// One row of the SRB test-vector table of methods.md §5.1 (z = 1.959964, 95 %).
struct SrbRow {
    males: f64,
    females: f64,
    srb: &'static str,
    wald: (&'static str, &'static str),
    wilson: (&'static str, &'static str),
    clopper_pearson: (&'static str, &'static str),
    jeffreys: (&'static str, &'static str),
    log_ratio: (&'static str, &'static str),
}

#[rustfmt::skip]
const SRB_TABLE: &[SrbRow] = &[
    SrbRow { males: 1060.0, females: 1000.0, srb: "106.00", wald: ("97.23", "115.58"), wilson: ("97.23", "115.56"), clopper_pearson: ("97.13", "115.68"), jeffreys: ("97.23", "115.57"), log_ratio: ("97.23", "115.57") },
    SrbRow { males: 512.0, females: 488.0, srb: "104.92", wald: ("92.69", "118.81"), wilson: ("92.69", "118.76"), clopper_pearson: ("92.50", "119.01"), jeffreys: ("92.69", "118.77"), log_ratio: ("92.68", "118.77") },
    SrbRow { males: 1024.0, females: 976.0, srb: "104.92", wald: ("96.11", "114.55"), wilson: ("96.11", "114.53"), clopper_pearson: ("96.02", "114.65"), jeffreys: ("96.11", "114.54"), log_ratio: ("96.11", "114.53") },
    SrbRow { males: 1537.0, females: 1463.0, srb: "105.06", wald: ("97.80", "112.87"), wilson: ("97.80", "112.85"), clopper_pearson: ("97.74", "112.93"), jeffreys: ("97.80", "112.86"), log_ratio: ("97.80", "112.85") },
    SrbRow { males: 5122.0, females: 4878.0, srb: "105.00", wald: ("100.97", "109.20"), wilson: ("100.96", "109.20"), clopper_pearson: ("100.94", "109.22"), jeffreys: ("100.96", "109.20"), log_ratio: ("100.96", "109.20") },
    SrbRow { males: 51220.0, females: 48780.0, srb: "105.00", wald: ("103.71", "106.31"), wilson: ("103.71", "106.31"), clopper_pearson: ("103.71", "106.31"), jeffreys: ("103.71", "106.31"), log_ratio: ("103.71", "106.31") },
    SrbRow { males: 26.0, females: 24.0, srb: "108.33", wald: ("61.69", "192.81"), wilson: ("62.63", "187.38"), clopper_pearson: ("59.78", "197.08"), jeffreys: ("62.25", "189.09"), log_ratio: ("62.20", "188.67") },
];

fn f2(x: f64) -> String {
    format!("{x:.2}")
}

#[test]
fn srb_table_every_row_every_method() {
    let mut checked = 0;
    for row in SRB_TABLE {
        let (m, f) = (row.males, row.females);
        assert_eq!(f2(sex_ratio(m, f, 100.0).unwrap()), row.srb, "SRB {m}/{f}");
        for (method, expected) in [
            (IntervalMethod::Wald, row.wald),
            (IntervalMethod::Wilson, row.wilson),
            (IntervalMethod::ClopperPearson, row.clopper_pearson),
            (IntervalMethod::Jeffreys, row.jeffreys),
            (IntervalMethod::LogRatio, row.log_ratio),
        ] {
            let iv = sex_ratio_interval(m, f, method, 0.95, 100.0)
                .unwrap_or_else(|| panic!("no interval for {m}/{f} {method:?}"));
            assert_eq!(
                (f2(iv.lower), f2(iv.upper)),
                (expected.0.to_string(), expected.1.to_string()),
                "{method:?} for {m} males / {f} females"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 35);
}

#[test]
fn srb_scale_one_is_world_bank_convention() {
    // indicators.md §5: WDI SP.POP.BRTH.MF is the unscaled ratio (males per female).
    let a = sex_ratio_interval(1060.0, 1000.0, IntervalMethod::Wilson, 0.95, 1.0).unwrap();
    let b = sex_ratio_interval(1060.0, 1000.0, IntervalMethod::Wilson, 0.95, 100.0).unwrap();
    assert!((a.lower * 100.0 - b.lower).abs() < 1e-9 && (a.upper * 100.0 - b.upper).abs() < 1e-9);
}

#[test]
fn r_binom_test_682_of_925() {
    // R documentation example: binom.test(682, 925, p = 3/4) → 95 % CI 0.7076683 0.7654066.
    let iv = proportion_interval(682.0, 925.0, IntervalMethod::ClopperPearson, 0.95).unwrap();
    assert_eq!((format!("{:.4}", iv.lower), format!("{:.4}", iv.upper)), ("0.7077".into(), "0.7654".into()));
}

#[test]
fn section_5_2_vectors() {
    // women 300/1000 vs men 600/1000 → gap −0.300, Newcombe 95 % CI (−0.3407, −0.2577).
    let d = newcombe_difference(300.0, 1000.0, 600.0, 1000.0, 0.95).unwrap();
    assert_eq!((format!("{:.4}", d.lower), format!("{:.4}", d.upper)), ("-0.3407".into(), "-0.2577".into()));
    // ratio 0.500, Katz CI (0.4491, 0.5567).
    let r = katz_ratio(300.0, 1000.0, 600.0, 1000.0, 0.95).unwrap();
    assert_eq!((format!("{:.4}", r.lower), format!("{:.4}", r.upper)), ("0.4491".into(), "0.5567".into()));
    assert_eq!(gender_parity_index(300.0 / 1000.0, 600.0 / 1000.0), Some(0.5));
    // Wilson CI for 300/1000 (0.2724, 0.3291).
    let w = proportion_interval(300.0, 1000.0, IntervalMethod::Wilson, 0.95).unwrap();
    assert_eq!((format!("{:.4}", w.lower), format!("{:.4}", w.upper)), ("0.2724".into(), "0.3291".into()));
    // Adjusted GPI: 0.5/0.6 → 0.8333; 0.6/0.5 → 1.1667; 1.2/1.0 → 1.1667.
    let agpi = |f, m| format!("{:.4}", adjusted_gender_parity_index(f, m).unwrap());
    assert_eq!(agpi(0.5, 0.6), "0.8333");
    assert_eq!(agpi(0.6, 0.5), "1.1667");
    assert_eq!(agpi(1.2, 1.0), "1.1667");
}

#[test]
fn poisson_exact_garwood() {
    // 0 events → [0, 3.689]; 10 events → [4.795, 18.390] (95 %).
    let iv = poisson_exact(0.0, 0.95).unwrap();
    assert_eq!((iv.lower, format!("{:.3}", iv.upper)), (0.0, "3.689".into()));
    let iv = poisson_exact(10.0, 0.95).unwrap();
    assert_eq!((format!("{:.3}", iv.lower), format!("{:.3}", iv.upper)), ("4.795".into(), "18.390".into()));
}

#[test]
fn interval_method_serde_kebab_case() {
    let names = [
        (IntervalMethod::Wilson, "wilson"),
        (IntervalMethod::ClopperPearson, "clopper-pearson"),
        (IntervalMethod::Jeffreys, "jeffreys"),
        (IntervalMethod::Wald, "wald"),
        (IntervalMethod::LogRatio, "log-ratio"),
        (IntervalMethod::Newcombe, "newcombe"),
        (IntervalMethod::Katz, "katz"),
        (IntervalMethod::PoissonExact, "poisson-exact"),
        (IntervalMethod::Normal, "normal"),
        (IntervalMethod::None, "none"),
    ];
    for (m, name) in names {
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, format!("\"{name}\""));
        let back: IntervalMethod = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
    }
}
