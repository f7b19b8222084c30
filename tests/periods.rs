//! Reporting periods as data: six-month and quarterly periods, dated records assigned to
//! them by the project's calendar (calendar months, or the cut-off windows of Decree
//! 09/2019/NĐ-CP, Điều 12), six-month forms, the same period of the previous year, and term
//! rosters that end with their term. Expectations are counted by hand from
//! `tests/fixtures/periods/` (see each test).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const DIR: &str = "tests/fixtures/periods";

fn gds(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run gds")
}

/// `(indicator, area, period, sex) → (value, status)` of `gds compute` on one of the
/// fixture's projects.
fn compute(project: &str, extra: &[&str]) -> BTreeMap<(String, String, String, String), (String, String)> {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r.csv");
    let project = format!("{DIR}/{project}");
    let mut args = vec!["compute", project.as_str(), "--out", out.to_str().unwrap()];
    args.extend(extra);
    let o = gds(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut r = csv::Reader::from_path(&out).unwrap();
    let head = r.headers().unwrap().clone();
    let at = |n: &str| head.iter().position(|h| h.trim_start_matches('\u{feff}') == n).unwrap();
    let (i, a, p, v, st) = (at("indicator"), at("area"), at("period"), at("value"), at("status"));
    // Not broken down by sex: the rows are the totals.
    let s = head.iter().position(|h| h == "sex");
    r.records()
        .map(|x| x.unwrap())
        .map(|x| {
            let sex = s.map_or("_T".to_string(), |s| x[s].to_string());
            ((x[i].into(), x[a].into(), x[p].into(), sex), (x[v].to_string(), x[st].to_string()))
        })
        .collect()
}

/// Live births in the city (`01`) by sex: (F, M, total).
fn births(
    t: &BTreeMap<(String, String, String, String), (String, String)>,
    period: &str,
) -> (String, String, String) {
    let get = |sex: &str| {
        t.get(&("live-births".into(), "01".into(), period.into(), sex.into()))
            .map_or_else(|| "absent".to_string(), |x| x.0.clone())
    };
    (get("F"), get("M"), get("_T"))
}

fn three(f: u32, m: u32, t: u32) -> (String, String, String) {
    (f.to_string(), m.to_string(), t.to_string())
}

/// Decree 09/2019/NĐ-CP: the first six months run from 15 December of the year before to
/// 14 June. 2024-H1 holds D05 (15 Dec 2023, F), D06 (31 Dec 2023, M), D07 (2 Jan, M), D08
/// (14 Jun, F) and the commune forms F01 (F), F02 (M), F03 (M): 3 girls, 4 boys. D09 (15
/// June) is the second half's. The same period of 2023: D01 (F), D02 (14 Jun, M), F04 (F).
#[test]
fn decree_09_windows_put_births_across_the_cut_off_days_in_the_right_half() {
    let t = compute("gds-decree.toml", &["--period", "2023-H1,2024-H1", "--indicators", "live-births"]);
    assert_eq!(births(&t, "2024-H1"), three(3, 4, 7), "{t:?}");
    assert_eq!(births(&t, "2023-H1"), three(2, 1, 3));
    // Communes: 00001 has D05 (F), F01 (F), F02 (M); 00004 has D06, D07, F03 (M) and D08 (F).
    let commune =
        |a: &str, s: &str| t[&("live-births".into(), a.into(), "2024-H1".into(), s.into())].0.clone();
    assert_eq!((commune("00001", "F"), commune("00001", "M")), ("2".into(), "1".into()));
    assert_eq!((commune("00004", "F"), commune("00004", "M")), ("1".into(), "3".into()));
    // Nothing else was asked for.
    assert!(
        t.keys().all(|k| k.2 == "2023-H1" || k.2 == "2024-H1"),
        "{:?}",
        t.keys().map(|k| &k.2).collect::<Vec<_>>()
    );
}

/// The annual window of the decree runs from 15 December of the year before to 14
/// December: 2024 holds D05–D12 (F: D05, D08, D11, D12; M: D06, D07, D09, D10), not D13 (15
/// Dec 2024, next year's), and not the six-month forms (a half is not a year).
#[test]
fn decree_09_annual_window_and_six_month_forms_are_not_a_year() {
    let t = compute("gds-decree.toml", &["--period", "2023,2024", "--indicators", "live-births"]);
    assert_eq!(births(&t, "2024"), three(4, 4, 8), "{t:?}");
    assert_eq!(births(&t, "2023"), three(2, 2, 4));
}

/// Calendar periods: 2024-H1 is 1 January to 30 June, so D09 (15 June) and D10 (30 June)
/// are in it and D05, D06 (December 2023) are not: F: D08, F01; M: D07, D09, D10, F02, F03.
#[test]
fn calendar_halves_are_january_to_june() {
    let t = compute("gds-calendar.toml", &["--period", "2023-H1,2024-H1", "--indicators", "live-births"]);
    assert_eq!(births(&t, "2024-H1"), three(2, 5, 7), "{t:?}");
    assert_eq!(births(&t, "2023-H1"), three(3, 1, 4));
    let t = compute("gds-calendar.toml", &["--period", "2024", "--indicators", "live-births"]);
    assert_eq!(births(&t, "2024"), three(3, 4, 7));
    let t = compute("gds-calendar.toml", &["--period", "2024-Q2", "--indicators", "live-births"]);
    // April–June 2024: D08 (F), D09 (M), D10 (M).
    assert_eq!(births(&t, "2024-Q2"), three(1, 2, 3));
}

/// The 2016–2021 council serves 2021 (and its halves) but no later period: past its term
/// the roster is no data, never the old council's share.
#[test]
fn a_roster_past_its_term_gives_no_data() {
    let share = |period: &str| {
        let t = compute("gds-calendar.toml", &["--period", period, "--indicators", "women-council-deputies"]);
        t.iter()
            .filter(|(k, _)| k.0 == "women-council-deputies" && k.1 == "01" && k.2 == period && k.3 == "_T")
            .map(|(_, v)| v.0.clone())
            .next()
    };
    assert_eq!(share("2021").as_deref(), Some("50"));
    assert_eq!(share("2021-H1").as_deref(), Some("50"));
    assert!(share("2022").is_none_or(|v| v.is_empty()), "{:?}", share("2022"));
}

#[test]
fn periods_of_two_kinds_or_an_unknown_spelling_are_clear_errors() {
    let p = format!("{DIR}/gds-calendar.toml");
    let o = gds(&["compute", &p, "--period", "2024,2024-H1"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("mix annual and six-month") && err.contains("hint"), "{err}");
    let o = gds(&["compute", &p, "--period", "2024-H3"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("\"2024-H3\" is not a period") && err.contains("2024-Q3"), "{err}");
}

/// An impossible date in a period column is named by the checks (file, line, value), never
/// dropped in silence.
#[test]
fn an_impossible_date_is_a_finding_naming_file_line_and_value() {
    let tmp = tempfile::tempdir().unwrap();
    for f in ["areas.csv", "births-h1-forms.csv", "council-2016.csv", "gds-decree.toml"] {
        std::fs::copy(Path::new(DIR).join(f), tmp.path().join(f)).unwrap();
    }
    let dated = std::fs::read_to_string(Path::new(DIR).join("births-dated.csv")).unwrap();
    std::fs::write(tmp.path().join("births-dated.csv"), dated.replace("2024-01-02", "2024-02-30")).unwrap();
    let p = tmp.path().join("gds-decree.toml");
    let o = gds(&["compute", p.to_str().unwrap(), "--period", "2024-H1"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("births-dated.csv") && err.contains("2024-02-30") && err.contains(":8"), "{err}");
}

/// A period column that Parquet holds as dates (date32), or Excel as date cells, is read as
/// the dates it holds, and
/// the calendar assigns them as it assigns written dates: the Parquet and Excel twins of
/// `births-dated.csv` give the same results, byte for byte. (Read as a number, a date was a
/// count of days since 1970: no period at all, and a report of nothing with exit 0.)
#[test]
fn dates_stored_as_dates_fall_in_the_same_periods_as_written_dates() {
    let run = |project: &str, period: &str| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("r.csv");
        let project = format!("{DIR}/{project}");
        let o = gds(&[
            "compute",
            project.as_str(),
            "--period",
            period,
            "--indicators",
            "live-births",
            "--no-suppress",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read_to_string(&out).unwrap()
    };
    for period in ["2023-H1,2023-H2,2024-H1,2024-H2", "2023,2024", "2024-Q2,2024-Q3"] {
        let (text, dates) = (run("gds-dated-csv.toml", period), run("gds-dated-parquet.toml", period));
        assert!(text.lines().count() > 3, "{text}");
        assert_eq!(text, dates, "periods {period}");
        // Excel date cells likewise (a date cell holds a serial number of days since 1900).
        assert_eq!(text, run("gds-dated-xlsx.toml", period), "periods {period}, Excel date cells");
    }
}
