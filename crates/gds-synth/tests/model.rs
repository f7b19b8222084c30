//! The calibrated model hits its targets in expectation.

use gds_synth::{Model, TARGETS};

#[test]
fn calibration_hits_targets() {
    let m = Model::new();
    let x = &m.expected;
    let close = |a: f64, b: f64, tol: f64, what: &str| assert!((a - b).abs() < tol, "{what}: {a} vs {b}");
    for s in 0..2 {
        close(x.literacy[s], TARGETS.literacy[s], 0.01, "literacy");
        close(x.smam[s], TARGETS.smam[s], 0.01, "smam");
        close(x.lfpr[s], TARGETS.lfpr[s], 0.01, "lfpr");
        close(x.unemployment[s], TARGETS.unemployment[s], 0.01, "unemployment");
        close(x.wage_share[s], TARGETS.wage_share[s], 0.01, "wage share");
        close(x.agri_share[s], TARGETS.agri_share[s], 0.01, "agri share");
        close(x.income[s], TARGETS.income[s], 0.01, "income");
        close(x.care_hours[s], TARGETS.care_hours[s], 0.01, "care hours");
        close(x.life_expectancy[s], TARGETS.life_expectancy[s], 0.01, "life expectancy");
    }
    close(x.child_marriage_18[0], TARGETS.child_marriage_18, 0.01, "child marriage");
    close(x.managers_share, TARGETS.managers_share, 0.01, "managers");
    close(x.women_managers, TARGETS.women_managers, 0.01, "women managers");
    close(x.cbr, TARGETS.cbr, 0.01, "cbr");
    close(x.abr[0], TARGETS.abr, 0.01, "abr");
    close(x.srb, TARGETS.srb, 0.01, "srb");
    close(x.skilled_attendant, TARGETS.skilled_attendant, 0.01, "skilled attendance");
    close(x.mmr, TARGETS.mmr, 0.01, "mmr");
    close(x.disability, TARGETS.disability, 0.01, "disability");
    // Shapes the brief asks for.
    assert!(
        x.child_marriage_18[2] > 2.0 * x.child_marriage_18[1],
        "child marriage higher in mountain communes"
    );
    assert!(x.abr[2] > 2.0 * x.abr[1], "adolescent births higher in mountain communes");
    assert!((98.0..100.5).contains(&x.sex_ratio), "sex ratio {}", x.sex_ratio);
    assert!(x.sex_ratio_0_14 > 105.0 && x.sex_ratio_65plus < 85.0);
    assert!((118.0..122.0).contains(&x.srb_by_order[1]), "SRB 3+ {}", x.srb_by_order[1]);
    assert!((1.75..1.85).contains(&(x.care_hours[0] / x.care_hours[1])));
    assert!((9.0..11.0).contains(&x.lfs_fraction));
    for c in &m.communes {
        assert!((105.0..=117.0).contains(&c.srb), "{} SRB {}", c.code, c.srb);
        assert!((0.06..=0.15).contains(&c.lfs_fraction));
    }
    let (lo, hi) = m.communes.iter().fold((f64::MAX, f64::MIN), |a, c| (a.0.min(c.srb), a.1.max(c.srb)));
    assert!(lo < 108.0 && hi > 114.0, "communes' SRB should vary: {lo}..{hi}");
}

#[test]
fn calibration_is_deterministic() {
    let (a, b) = (Model::new(), Model::new());
    assert_eq!(format!("{:?}", a.expected), format!("{:?}", b.expected));
    assert_eq!(a.afm, b.afm);
}
