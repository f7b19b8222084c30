//! Every measure kind on `data-samples/fixtures/tiny`, against the values worked out on paper
//! in its README.

use gds_compute::exec::{Strategy, execute};
use gds_compute::plan::{Request, plan};
use gds_compute::project::Project;
use gds_core::ResultTable;
use gds_indicators::Catalogue;
use std::path::PathBuf;

fn table(ids: &[&str], breakdowns: &[&str], period: i64) -> ResultTable {
    let cat = Catalogue::embedded().unwrap();
    let toml = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data-samples/fixtures/tiny/gds.toml");
    let p = Project::load(&toml, &cat).unwrap();
    let req = Request {
        indicators: ids.iter().map(|s| s.to_string()).collect(),
        breakdowns: breakdowns.iter().map(|s| s.to_string()).collect(),
        periods: vec![period],
        // A hand-computable fixture is tiny: small-number rules are tested elsewhere.
        suppress: false,
        ..Request::default()
    };
    let pl = plan(&cat, &p, &req).unwrap();
    execute(&pl, &p, &cat, Strategy::Fused, &mut |_| {}).unwrap().0
}

fn value(t: &ResultTable, id: &str, area: &str, keys: &[(&str, &str)]) -> f64 {
    t.rows
        .iter()
        .find(|r| {
            r.indicator == id
                && r.area == area
                && t.dimensions
                    .iter()
                    .zip(&r.keys)
                    .all(|(d, k)| keys.iter().find(|(kd, _)| kd == d).map_or(k == "_T", |(_, v)| k == v))
        })
        .and_then(|r| r.value)
        .unwrap_or_else(|| panic!("no value for {id} {area} {keys:?}"))
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-6 * b.abs().max(1.0), "{a} ≠ {b}");
}

#[test]
fn births_sex_ratio_and_event_rates() {
    let t = table(
        &["srb", "skilled-birth-attendance", "live-births", "adolescent-birth-rate"],
        &["sex", "urban_rural", "birth_order_group"],
        2024,
    );
    // Event rate across two datasets: 2 births to mothers 15–19 over 1 woman aged 15–19 in
    // the persons file, × 1,000 (degenerate but hand-checkable).
    close(value(&t, "adolescent-birth-rate", "TD", &[]), 2000.0);
    close(value(&t, "srb", "TD", &[]), 140.0);
    close(value(&t, "srb", "T01", &[]), 100.0 * 4.0 / 3.0);
    close(value(&t, "srb", "T02", &[]), 150.0);
    close(value(&t, "srb", "TD", &[("urban_rural", "U")]), 200.0);
    close(value(&t, "srb", "TD", &[("urban_rural", "R")]), 125.0);
    close(value(&t, "srb", "TD", &[("birth_order_group", "3+")]), 200.0);
    close(value(&t, "skilled-birth-attendance", "TD", &[]), 100.0 * 11.0 / 12.0);
    close(value(&t, "skilled-birth-attendance", "T02", &[]), 80.0);
    close(value(&t, "live-births", "TD", &[("sex", "M")]), 7.0);
}

#[test]
fn persons_rates_sex_ratio_marriage_and_smam() {
    let t = table(
        &[
            "sex-ratio-population",
            "literacy-15plus",
            "literacy-gpi",
            "child-marriage-18",
            "child-marriage-15",
            "smam",
            "account-ownership",
        ],
        &["sex"],
        2024,
    );
    close(value(&t, "sex-ratio-population", "TD", &[]), 100.0 * 9.0 / 11.0);
    close(value(&t, "literacy-15plus", "TD", &[("sex", "F")]), 80.0);
    close(value(&t, "literacy-15plus", "TD", &[("sex", "M")]), 87.5);
    close(value(&t, "literacy-gpi", "TD", &[]), 0.8 / 0.875);
    close(value(&t, "child-marriage-18", "TD", &[]), 50.0);
    close(value(&t, "child-marriage-15", "TD", &[]), 0.0);
    close(value(&t, "smam", "TD", &[("sex", "F")]), 22.5);
    close(value(&t, "smam", "TD", &[("sex", "M")]), 30.0);
    close(value(&t, "account-ownership", "TD", &[("sex", "F")]), 50.0);
    close(value(&t, "account-ownership", "TD", &[("sex", "M")]), 75.0);
}

#[test]
fn weighted_labour_measures_gaps_ratios_and_pay_gap() {
    let ids = [
        "lfpr",
        "lfpr-gap",
        "unemployment-rate",
        "wage-workers-share-female",
        "female-agri-employment-share",
        "mean-monthly-income",
        "gender-pay-gap",
        "women-managers-isco1",
        "unpaid-care-hours",
        "unpaid-care-ratio",
    ];
    let t = table(&ids, &["sex"], 2024);
    close(value(&t, "lfpr", "TD", &[("sex", "F")]), 60.0);
    close(value(&t, "lfpr", "TD", &[("sex", "M")]), 80.0);
    close(value(&t, "lfpr-gap", "TD", &[]), -20.0);
    close(value(&t, "unemployment-rate", "TD", &[("sex", "F")]), 25.0);
    close(value(&t, "unemployment-rate", "TD", &[("sex", "M")]), 12.5);
    close(value(&t, "wage-workers-share-female", "TD", &[("sex", "F")]), 100.0 * 400.0 / 450.0);
    close(value(&t, "female-agri-employment-share", "TD", &[("sex", "M")]), 100.0 * 100.0 / 700.0);
    close(value(&t, "mean-monthly-income", "TD", &[("sex", "F")]), 6000.0);
    close(value(&t, "mean-monthly-income", "TD", &[("sex", "M")]), 8000.0);
    close(value(&t, "gender-pay-gap", "TD", &[]), 25.0);
    close(value(&t, "women-managers-isco1", "TD", &[]), 100.0 / 3.0);
    close(value(&t, "unpaid-care-hours", "TD", &[("sex", "F")]), 21.75);
    close(value(&t, "unpaid-care-hours", "TD", &[("sex", "M")]), 7.5);
    close(value(&t, "unpaid-care-ratio", "TD", &[]), 2.9);
}

#[test]
fn rosters_bodies_enterprises_and_services() {
    let t = table(
        &["women-council-deputies", "women-enterprise-directors", "gbv-support-services"],
        &["sex", "level"],
        2024,
    );
    close(value(&t, "women-council-deputies", "TD", &[]), 30.0);
    close(value(&t, "women-council-deputies", "TD", &[("level", "commune")]), 100.0 * 2.0 / 6.0);
    close(value(&t, "women-enterprise-directors", "TD", &[]), 100.0 * 3.0 / 11.0);
    close(value(&t, "women-enterprise-directors", "T01", &[]), 40.0);
    close(value(&t, "gbv-support-services", "TD", &[]), 100.0 * 10.0 / 12.0);
    let b2023 = table(&["gov-bodies-female-key-leader"], &["sex"], 2023);
    close(value(&b2023, "gov-bodies-female-key-leader", "TD", &[]), 100.0 / 6.0);
    let b2024 = table(&["gov-bodies-female-key-leader"], &["sex", "level"], 2024);
    close(value(&b2024, "gov-bodies-female-key-leader", "TD", &[]), 100.0 * 2.0 / 6.0);
    close(value(&b2024, "gov-bodies-female-key-leader", "TD", &[("level", "district")]), 50.0);
}
