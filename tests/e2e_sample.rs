//! End to end on the bundled synthetic district: validation passes, every computable
//! indicator with data is computed, the generator's true parameters fall inside the reported
//! intervals at about the nominal rate, and results do not depend on the number of threads.

use gds_compute::writers::read_results;
use gds_core::ResultTable;
use std::path::Path;
use std::process::Command;

const SAMPLE: &str = "data-samples/minh-lam/gds.toml";

fn gds(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gds"));
    c.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().expect("run gds");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn compute(dir: &Path, name: &str, env: &[(&str, &str)]) -> ResultTable {
    let out = dir.join(name);
    let (code, _, err) = gds(&["compute", SAMPLE, "--by", "sex", "--out", out.to_str().unwrap()], env);
    assert_eq!(code, 0, "{err}");
    read_results(&out).unwrap()
}

#[test]
fn sample_validates_clean() {
    let (code, out, _) = gds(&["validate", SAMPLE], &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 error(s)"), "{out}");
}

#[test]
fn sample_computes_every_indicator_and_covers_the_true_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let t = compute(dir.path(), "r.parquet", &[]);
    let cat = gds_indicators::Catalogue::embedded().unwrap();
    // Every computable indicator whose datasets the sample provides has rows (a few rare
    // events, e.g. maternal deaths, are withheld by their small-number rule: rows, no value).
    let computed: std::collections::BTreeSet<&str> = t.rows.iter().map(|r| r.indicator.as_str()).collect();
    let with_value = t
        .rows
        .iter()
        .filter(|r| r.value.is_some())
        .map(|r| r.indicator.as_str())
        .collect::<std::collections::BTreeSet<_>>();
    let provided = [
        "persons",
        "labour-force",
        "births",
        "deaths",
        "marriages",
        "leaders",
        "council-deputies",
        "party-committee",
        "gov-bodies",
        "enterprises",
        "gbv-cases",
        "population-counts",
        "composite-inputs",
    ];
    let mut missing = Vec::new();
    for i in cat.indicators.values().filter(|i| i.computable()) {
        let m = i.measure.as_ref().unwrap();
        // A derived measure reads its base indicator's datasets.
        let datasets = match m {
            gds_indicators::Measure::Derived { base, .. } => {
                cat.indicator(base).and_then(|b| b.measure.as_ref()).map(|b| b.datasets()).unwrap_or_default()
            }
            _ => m.datasets(),
        };
        if datasets.iter().all(|d| provided.contains(d)) && !computed.contains(i.id.as_str()) {
            missing.push(i.id.clone());
        }
    }
    assert!(missing.is_empty(), "computable indicators without a value: {missing:?}");
    assert!(with_value.len() >= 50, "{} indicators with values", with_value.len());

    // True parameters of the generator (gds_synth::TARGETS) against the district intervals.
    let tr = gds_synth::TARGETS;
    let checks: Vec<(&str, &str, f64)> = vec![
        ("literacy-15plus", "F", tr.literacy[0]),
        ("literacy-15plus", "M", tr.literacy[1]),
        ("lfpr", "F", tr.lfpr[0]),
        ("lfpr", "M", tr.lfpr[1]),
        ("unemployment-rate", "F", tr.unemployment[0]),
        ("unemployment-rate", "M", tr.unemployment[1]),
        ("wage-workers-share-female", "F", tr.wage_share[0]),
        ("wage-workers-share-female", "M", tr.wage_share[1]),
        ("female-agri-employment-share", "F", tr.agri_share[0]),
        ("female-agri-employment-share", "M", tr.agri_share[1]),
        ("women-managers-isco1", "_T", tr.women_managers),
        ("mean-monthly-income", "F", tr.income[0]),
        ("mean-monthly-income", "M", tr.income[1]),
        ("unpaid-care-hours", "F", tr.care_hours[0]),
        ("unpaid-care-hours", "M", tr.care_hours[1]),
        ("adolescent-birth-rate", "_T", tr.abr),
        ("crude-birth-rate", "_T", tr.cbr),
        ("srb", "_T", tr.srb),
        ("skilled-birth-attendance", "_T", tr.skilled_attendant),
        ("child-marriage-18", "_T", tr.child_marriage_18),
    ];
    let mut inside = 0;
    let mut total = 0;
    let mut report = String::new();
    for period in ["2023", "2024"] {
        for (id, sex, truth) in &checks {
            let r = t
                .rows
                .iter()
                .find(|r| {
                    r.indicator == *id
                        && r.area == gds_synth::DISTRICT_CODE
                        && r.period == period
                        && t.key(r, "sex").unwrap_or("_T") == *sex
                })
                .unwrap_or_else(|| panic!("no district row for {id} {sex} {period}"));
            let (lo, hi) = (r.lower.unwrap(), r.upper.unwrap());
            total += 1;
            if (lo..=hi).contains(truth) {
                inside += 1;
            } else {
                report.push_str(&format!(
                    "{period} {id} {sex}: true {truth} outside [{lo:.2}, {hi:.2}] (value {:.2})\n",
                    r.value.unwrap()
                ));
            }
        }
    }
    // 95 % intervals: about 38 of 40 should cover; allow sampling variation (P(≥ 6 misses) < 2 %).
    assert!(total - inside <= 5, "{inside} of {total} intervals cover the truth:\n{report}");
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let one = compute(dir.path(), "one.csv", &[("POLARS_MAX_THREADS", "1")]);
    let two = compute(dir.path(), "two.csv", &[("POLARS_MAX_THREADS", "2")]);
    assert_eq!(one, two);
    assert_eq!(
        std::fs::read(dir.path().join("one.csv")).unwrap(),
        std::fs::read(dir.path().join("two.csv")).unwrap()
    );
}

#[test]
fn every_output_format_is_written() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["csv", "parquet", "arrow", "json", "xlsx", "sdmx.csv"] {
        let out = dir.path().join(format!("r.{ext}"));
        let (code, _, err) = gds(
            &[
                "compute",
                SAMPLE,
                "--period",
                "2024",
                "--indicators",
                "srb,lfpr,lfpr-gap",
                "--out",
                out.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(code, 0, "{ext}: {err}");
        assert!(std::fs::metadata(&out).unwrap().len() > 100, "{ext}");
    }
    let sdmx = std::fs::read_to_string(dir.path().join("r.sdmx.csv")).unwrap();
    assert!(
        sdmx.starts_with("STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,INDICATOR,SEX,TIME_PERIOD,OBS_VALUE"),
        "{sdmx}"
    );
    assert!(sdmx.contains(",SRB,_T,2024,"), "{sdmx}");
    // No temporary files are left behind.
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".gds-"))
    );
}

/// The sample's Excel sources are read as the office laid them out: the wide population
/// sheet (merged headers, a column per sex, a "Toàn huyện" total row, signatures) gives the
/// same figures as its long CSV twin, and the commune's roster sheet (titles as written,
/// years of birth, constants) adds its People's Committee to the leaders of 2024.
#[test]
fn the_sample_excel_sheets_read_as_their_twins() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("data-samples/minh-lam");
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let toml = std::fs::read_to_string(src.join("gds.toml")).unwrap();
    let start = toml.find("path = \"population-counts-2024-synthetic.xlsx\"").expect("the sheet is a source");
    let end = start + toml[start..].find("\n\n").unwrap();
    let twin = toml[..start].to_string() + "path = \"population-counts-2024-synthetic.csv\"" + &toml[end..];
    std::fs::write(dir.path().join("twin.toml"), twin).unwrap();
    let run = |project: &str| {
        let out = dir.path().join(format!("{project}.csv"));
        let (code, _, err) = gds(
            &[
                "compute",
                dir.path().join(project).to_str().unwrap(),
                "--indicators",
                "population,sex-ratio-population,women-key-leaders",
                "--period",
                "2024",
                "--out",
                out.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(code, 0, "{project}: {err}");
        std::fs::read_to_string(out).unwrap()
    };
    let (sheet, csv) = (run("gds.toml"), run("twin.toml"));
    let pop = |t: &str| t.lines().filter(|l| l.starts_with("population,")).collect::<Vec<_>>().join("\n");
    assert!(!pop(&sheet).is_empty());
    assert_eq!(pop(&sheet), pop(&csv), "the wide sheet and its long twin differ");
    // The township's People's Committee (chair and two vice-chairs) is only in the roster sheet.
    let key = sheet
        .lines()
        .find(|l| l.starts_with("women-key-leaders,02101,commune,2024,_T,"))
        .unwrap_or_else(|| panic!("no key-leader row of 02101 in\n{sheet}"));
    let n: u64 = key.split(',').nth(8).unwrap().parse().unwrap();
    assert_eq!(n, 9, "6 key leaders in the CSV and 3 in the sheet: {key}");
}
