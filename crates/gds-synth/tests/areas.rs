//! The fictional district's area list, crosswalk and names.

use gds_synth::{COMMUNES, NEW_COMMUNES};
use std::collections::BTreeMap;
use unicode_normalization::is_nfc;

#[test]
fn names_are_nfc_and_labelled_synthetic() {
    for c in &COMMUNES {
        assert!(is_nfc(c.name_vi), "{} is not NFC", c.name_vi);
        assert!(c.code.len() == 5 && c.code.bytes().all(|b| b.is_ascii_digit()), "{}", c.code);
        assert!(c.code.starts_with('0'), "official codes keep their leading zeros");
    }
    for c in &NEW_COMMUNES {
        assert!(is_nfc(c.name_vi));
        // As in the 2025 reform, a merged commune carries the code of one of the communes it
        // merged, and that commune goes to it.
        let old = COMMUNES.iter().find(|o| o.code == c.code).expect("a reused code");
        assert!(old.successors.iter().any(|(to, _)| *to == c.code), "{} does not go to itself", c.code);
        assert_ne!(old.name_vi, c.name_vi, "the reused code names another unit");
    }
    assert_eq!(gds_synth::PROVINCE_CODE.len(), 2);
    assert_eq!(gds_synth::DISTRICT_CODE.len(), 3);
    assert!(is_nfc(gds_synth::DISTRICT_VI) && gds_synth::DISTRICT_VI.contains("tổng hợp"));
    assert!(is_nfc(gds_synth::PROVINCE_VI) && gds_synth::PROVINCE_VI.contains("tổng hợp"));
    assert!(COMMUNES.iter().filter(|c| c.mountain).count() >= 3);
    assert!(COMMUNES[0].urban > 0.8, "the township is mostly urban");
}

#[test]
fn area_files_are_consistent() {
    let d = tempfile::tempdir().unwrap();
    let mut cfg = gds_synth::SynthConfig::new(d.path());
    cfg.persons = 500;
    cfg.years = vec![2024];
    gds_synth::generate(&cfg, &mut |_, _, _| {}).unwrap();
    let mut areas = csv::Reader::from_path(d.path().join("areas.csv")).unwrap();
    let rows: Vec<BTreeMap<String, String>> = areas.deserialize().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2 + 17 + NEW_COMMUNES.len());
    let codes: Vec<&str> = rows.iter().map(|r| r["code"].as_str()).collect();
    for r in &rows {
        if !r["parent"].is_empty() {
            assert!(codes.contains(&r["parent"].as_str()), "{r:?}");
        }
        match r["level"].as_str() {
            "district" => assert_eq!(r["valid_to"], "2025-06-30"),
            "commune" if !r["valid_to"].is_empty() => assert_eq!(
                (r["parent"].as_str(), r["valid_to"].as_str()),
                (gds_synth::DISTRICT_CODE, "2025-06-30")
            ),
            "commune" => assert_eq!(
                (r["parent"].as_str(), r["valid_from"].as_str()),
                (gds_synth::PROVINCE_CODE, "2025-07-01")
            ),
            "province" => assert!(r["parent"].is_empty()),
            other => panic!("level {other}"),
        }
    }
    let mut cw = csv::Reader::from_path(d.path().join("crosswalk.csv")).unwrap();
    let mut sums: BTreeMap<String, f64> = BTreeMap::new();
    let mut split = 0;
    for r in cw.deserialize::<BTreeMap<String, String>>() {
        let r = r.unwrap();
        assert!(codes.contains(&r["from"].as_str()) && codes.contains(&r["to"].as_str()));
        assert_eq!(r["date"], "2025-07-01");
        let share: f64 = r["share"].parse().unwrap();
        if share < 1.0 {
            split += 1;
        }
        *sums.entry(r["from"].clone()).or_default() += share;
    }
    assert_eq!(sums.len(), 17);
    assert!(sums.values().all(|s| (s - 1.0).abs() < 1e-9));
    assert_eq!(split, 2, "one commune is split 0.6 / 0.4");
}
