//! The cube engine: bit-identical cubes whatever the row order, the file format or the
//! sharding; stored cubes give the same results as the data; and the results agree with the
//! row-wise polars-expression engine (`Strategy::Naive`), exactly where sums are integers.

use gds_compute::engine::store;
use gds_compute::exec::{Strategy, execute, execute_stored, plan_cubes};
use gds_compute::plan::{Plan, Request, plan};
use gds_compute::project::Project;
use gds_cube::Cube;
use gds_indicators::Catalogue;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/official-codes")
}

fn request() -> Request {
    Request { breakdowns: vec!["sex".into()], ..Request::default() }
}

fn cubes_of(toml: &Path, cat: &Catalogue) -> (Vec<Cube>, Plan, Project) {
    let p = Project::load(toml, cat).unwrap();
    let pl = plan(cat, &p, &request()).unwrap();
    (plan_cubes(&pl, &p, cat).unwrap(), pl, p)
}

/// A copy of the official-codes project whose persons file is `files` (name, text).
fn project_with(dir: &Path, files: &[(String, String)]) -> PathBuf {
    std::fs::copy(fixture().join("areas.csv"), dir.join("areas.csv")).unwrap();
    let mut toml = String::from(
        "schema-version = 1\nname = { vi = \"Mẫu\", en = \"Sample\" }\nsynthetic = true\nareas = \"areas.csv\"\n",
    );
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
        toml.push_str(&format!(
            "\n[[sources]]\ndataset = \"persons\"\npath = \"{name}\"\ncodes = {{ sex = {{ \"1\" = \"M\", \"2\" = \"F\" }} }}\n"
        ));
    }
    let p = dir.join("gds.toml");
    std::fs::write(&p, toml).unwrap();
    p
}

fn persons() -> (String, Vec<String>) {
    let text = std::fs::read_to_string(fixture().join("persons.csv")).unwrap();
    let mut lines = text.lines().map(str::to_string);
    let header = lines.next().unwrap();
    (header, lines.collect())
}

#[test]
fn csv_xlsx_and_parquet_give_the_same_cube_bit_for_bit() {
    let cat = Catalogue::embedded().unwrap();
    let (csv, _, _) = cubes_of(&fixture().join("gds-csv.toml"), &cat);
    let (xlsx, _, _) = cubes_of(&fixture().join("gds-xlsx.toml"), &cat);
    let (parquet, _, _) = cubes_of(&fixture().join("gds-parquet.toml"), &cat);
    assert!(!csv.is_empty() && csv.iter().all(|c| !c.is_empty()));
    assert_eq!(csv, xlsx);
    assert_eq!(csv, parquet);
    // Codes keep their zeros on the area axis.
    let areas = &csv[0].axes[1].codes;
    assert!(areas.iter().all(|a| a.len() == 5), "{areas:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Shuffled rows and any split of the file into shards (several sources of the dataset,
    /// or cubes of separate projects merged) give the cube of the whole, bit for bit.
    #[test]
    fn shuffled_and_sharded_rows_give_the_same_cube(seed in any::<u64>(), cut in 1usize..199) {
        let cat = Catalogue::embedded().unwrap();
        let (header, rows) = persons();
        let (whole, _, _) = cubes_of(&fixture().join("gds-csv.toml"), &cat);
        let mut shuffled = rows.clone();
        let mut s = seed;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        let file = |rows: &[String]| format!("{header}\n{}\n", rows.join("\n"));
        let d1 = tempfile::tempdir().unwrap();
        let p1 = project_with(d1.path(), &[("persons.csv".into(), file(&shuffled))]);
        prop_assert_eq!(&cubes_of(&p1, &cat).0, &whole);
        let cut = cut.min(shuffled.len() - 1);
        let (a, b) = shuffled.split_at(cut);
        let d2 = tempfile::tempdir().unwrap();
        let p2 = project_with(d2.path(), &[("a.csv".into(), file(a)), ("b.csv".into(), file(b))]);
        prop_assert_eq!(&cubes_of(&p2, &cat).0, &whole);
        let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (ca, _, _) = cubes_of(&project_with(da.path(), &[("a.csv".into(), file(a))]), &cat);
        let (cb, _, _) = cubes_of(&project_with(db.path(), &[("b.csv".into(), file(b))]), &cat);
        let mut merged = cb.clone();
        for (m, x) in merged.iter_mut().zip(&ca) {
            m.merge(x).unwrap();
        }
        prop_assert_eq!(&merged, &whole);
    }
}

#[test]
fn stored_cubes_give_the_results_of_the_data() {
    let cat = Catalogue::embedded().unwrap();
    let (cubes, pl, p) = cubes_of(&fixture().join("gds-csv.toml"), &cat);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cubes");
    store::write(&out, &cubes, true).unwrap();
    let (back, validated) = store::read(&out).unwrap();
    assert!(validated);
    assert_eq!(back, cubes);
    let from_data = execute(&pl, &p, &cat, Strategy::Fused, &mut |_| {}).unwrap().0;
    let from_cubes = execute_stored(&pl, &p, &cat, &back).unwrap().0;
    assert_eq!(from_cubes, from_data);
    // A coarser request (province level, one indicator) from the same cubes.
    let coarse = Request { level: "province".into(), indicators: vec!["population".into()], ..request() };
    let pl2 = plan(&cat, &p, &coarse).unwrap();
    assert_eq!(
        execute_stored(&pl2, &p, &cat, &back).unwrap().0,
        execute(&pl2, &p, &cat, Strategy::Fused, &mut |_| {}).unwrap().0
    );
    // A breakdown the cubes were not built for is an error, not a silent total.
    let finer = Request { breakdowns: vec!["sex".into(), "age_group".into()], ..request() };
    let pl3 = plan(&cat, &p, &finer).unwrap();
    let e = execute_stored(&pl3, &p, &cat, &back).unwrap_err().to_string();
    assert!(e.contains("age_group") && e.contains("gds cube"), "{e}");
}

#[test]
fn a_tampered_cube_file_is_refused() {
    let cat = Catalogue::embedded().unwrap();
    let (cubes, _, _) = cubes_of(&fixture().join("gds-csv.toml"), &cat);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cubes");
    store::write(&out, &cubes, true).unwrap();
    let m = out.join(store::MANIFEST);
    let text = std::fs::read_to_string(&m).unwrap();
    std::fs::write(&m, text.replacen("\"cells\": ", "\"cells\": 1", 1)).unwrap();
    let e = store::read(&out).unwrap_err().to_string();
    assert!(e.contains("cells") && e.contains("manifest"), "{e}");
}

#[test]
fn unweighted_results_equal_the_row_wise_engine_exactly() {
    let cat = Catalogue::embedded().unwrap();
    let p = Project::load(&fixture().join("gds-csv.toml"), &cat).unwrap();
    for breakdowns in [vec!["sex"], vec!["sex", "age_group"]] {
        let req =
            Request { breakdowns: breakdowns.iter().map(|s| s.to_string()).collect(), ..Request::default() };
        let pl = plan(&cat, &p, &req).unwrap();
        let cube = execute(&pl, &p, &cat, Strategy::Fused, &mut |_| {}).unwrap().0;
        let rows = execute(&pl, &p, &cat, Strategy::Naive, &mut |_| {}).unwrap().0;
        assert_eq!(cube, rows, "{breakdowns:?}");
    }
}

/// The one named difference from the row-wise engine: weighted sums are exact sums of weights
/// read at 9 decimals (a weight of 20/3 adds 6.666666667), where floats summed 6.666…67 in
/// streaming order (and so could differ between runs). Values agree within 1e-10 relative.
#[test]
fn weighted_results_differ_from_float_sums_only_below_1e_10() {
    let cat = Catalogue::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture().join("areas.csv"), dir.path().join("areas.csv")).unwrap();
    let mut csv =
        String::from("person_id,period,area,sex,age,labour_status,employment_type,monthly_income,weight\n");
    let statuses = ["employed", "unemployed", "outside-labour-force"];
    for i in 0..300 {
        let area = format!("{:05}", 1 + i % 4);
        let sex = if i % 3 == 0 { "F" } else { "M" };
        let status = statuses[i % 3];
        let (emp, income) = if status == "employed" {
            ("wage-worker", format!("{}.37", 3000 + 17 * i))
        } else {
            ("", String::new())
        };
        // Survey weights are inverse probabilities (≥ 1): read at 9 decimals, each moves by at
        // most 5e-10, i.e. below 1e-10 of itself.
        let w = [20.0 / 3.0, 100.0 / 7.0, 12.5, 1000.0 / 3.0][i % 4];
        csv.push_str(&format!("L{i:04},2024,{area},{sex},{},{status},{emp},{income},{w:?}\n", 15 + i % 50));
    }
    std::fs::write(dir.path().join("lfs.csv"), csv).unwrap();
    std::fs::write(
        dir.path().join("gds.toml"),
        "schema-version = 1\nname = { vi = \"Mẫu\", en = \"Sample\" }\nsynthetic = true\nareas = \"areas.csv\"\n\n[[sources]]\ndataset = \"labour-force\"\npath = \"lfs.csv\"\n",
    )
    .unwrap();
    let p = Project::load(&dir.path().join("gds.toml"), &cat).unwrap();
    let req = Request {
        indicators: vec!["lfpr".into(), "unemployment-rate".into(), "mean-monthly-income".into()],
        suppress: false,
        ..Request::default()
    };
    let pl = plan(&cat, &p, &req).unwrap();
    let cube = execute(&pl, &p, &cat, Strategy::Fused, &mut |_| {}).unwrap().0;
    let rows = execute(&pl, &p, &cat, Strategy::Naive, &mut |_| {}).unwrap().0;
    assert_eq!(cube.rows.len(), rows.rows.len());
    let mut compared = 0;
    for (a, b) in cube.rows.iter().zip(&rows.rows) {
        assert_eq!((&a.indicator, &a.area, &a.keys, a.status), (&b.indicator, &b.area, &b.keys, b.status));
        for (x, y) in [(a.value, b.value), (a.numerator, b.numerator), (a.denominator, b.denominator)] {
            match (x, y) {
                (Some(x), Some(y)) => {
                    assert!(
                        (x - y).abs() <= 1e-10 * y.abs().max(1.0),
                        "{} {}: {x} vs {y}",
                        a.indicator,
                        a.area
                    );
                    compared += 1;
                }
                (x, y) => assert_eq!(x, y),
            }
        }
    }
    assert!(compared > 30, "{compared}");
}

/// Values are summed at their declared decimals (2 by default): a value with more is refused,
/// never rounded silently inside a mean.
#[test]
fn a_value_with_more_decimals_than_declared_is_refused() {
    let cat = Catalogue::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture().join("areas.csv"), dir.path().join("areas.csv")).unwrap();
    let mut csv =
        String::from("person_id,period,area,sex,age,labour_status,employment_type,monthly_income,weight\n");
    for i in 0..20 {
        let income = if i == 7 { "4321.125".to_string() } else { format!("{}.5", 4000 + i) };
        csv.push_str(&format!(
            "L{i:03},2024,00001,{},30,employed,wage-worker,{income},10\n",
            if i % 2 == 0 { "F" } else { "M" }
        ));
    }
    std::fs::write(dir.path().join("lfs.csv"), csv).unwrap();
    std::fs::write(
        dir.path().join("gds.toml"),
        "schema-version = 1\nname = { vi = \"Mẫu\", en = \"Sample\" }\nsynthetic = true\nareas = \"areas.csv\"\n\n[[sources]]\ndataset = \"labour-force\"\npath = \"lfs.csv\"\n",
    )
    .unwrap();
    let p = Project::load(&dir.path().join("gds.toml"), &cat).unwrap();
    let req = Request { indicators: vec!["mean-monthly-income".into()], ..Request::default() };
    let pl = plan(&cat, &p, &req).unwrap();
    let e = execute(&pl, &p, &cat, Strategy::Fused, &mut |_| {}).unwrap_err().to_string();
    assert!(e.contains("4321.125") && e.contains("monthly_income") && e.contains("decimals"), "{e}");
}

/// A project whose population-counts source is `text` (a count table), on the official codes.
fn count_table_project(dir: &Path, text: &str) -> PathBuf {
    std::fs::copy(fixture().join("areas.csv"), dir.join("areas.csv")).unwrap();
    std::fs::write(dir.join("counts.csv"), text).unwrap();
    let toml = "schema-version = 1\nname = { vi = \"Mẫu\", en = \"Sample\" }\nsynthetic = true\nareas = \"areas.csv\"\n\n[[sources]]\ndataset = \"population-counts\"\npath = \"counts.csv\"\n";
    let p = dir.join("gds.toml");
    std::fs::write(&p, toml).unwrap();
    p
}

const COMMUNES: [&str; 3] = ["00001", "00004", "00037"];
const AGES: [&str; 3] = ["0-4", "15-19", "80+"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// A count table counts units: n is the number of people counted, not of cells, and a cell
    /// split over several rows (or its units listed one per row) gives the same cube, bit for
    /// bit; the row-wise engine agrees.
    #[test]
    fn a_count_table_counts_units_not_cells(
        cells in proptest::collection::vec((0usize..3, 0usize..2, 0usize..3, 0usize..2, 0u32..9), 1..12),
    ) {
        let cat = Catalogue::embedded().unwrap();
        let mut seen = std::collections::BTreeMap::new();
        for (a, s, g, u, c) in &cells {
            seen.insert((*a, *s, *g, *u), *c);
        }
        let header = "period,area,sex,age_group,urban_rural,count\n";
        let line = |k: &(usize, usize, usize, usize), c: u32| {
            format!("2024,{},{},{},{},{c}\n", COMMUNES[k.0], ["F", "M"][k.1], AGES[k.2], ["U", "R"][k.3])
        };
        let whole: String = seen.iter().map(|(k, c)| line(k, *c)).collect();
        // Each cell split: its count as units of one (and a zero row).
        let split: String = seen
            .iter()
            .rev()
            .flat_map(|(k, c)| (0..*c).map(move |_| (*k, 1)).chain(std::iter::once((*k, 0))))
            .map(|(k, c)| line(&k, c))
            .collect();
        let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let p1 = count_table_project(d1.path(), &format!("{header}{whole}"));
        let p2 = count_table_project(d2.path(), &format!("{header}{split}"));
        let (c1, pl, proj) = cubes_of(&p1, &cat);
        let (c2, _, _) = cubes_of(&p2, &cat);
        prop_assert_eq!(&c1, &c2);
        let pl = plan(&cat, &proj, &Request { indicators: vec!["population-reported".into()], ..pl.request.clone() }).unwrap();
        let fused = execute(&pl, &proj, &cat, Strategy::Fused, &mut |_| {}).unwrap().0;
        let naive = execute(&pl, &proj, &cat, Strategy::Naive, &mut |_| {}).unwrap().0;
        let total: u32 = seen.values().sum();
        let f = |t: &gds_core::ResultTable| -> Vec<(String, Vec<String>, Option<f64>, u64)> {
            t.rows.iter().map(|r| (r.area.clone(), r.keys.clone(), r.value, r.n)).collect()
        };
        prop_assert_eq!(f(&fused), f(&naive));
        // The province (the parent of every commune here): n and value are the people counted.
        let province = fused.rows.iter().find(|r| r.area == "01" && r.keys == ["_T"]);
        if total > 0 {
            let d = province.expect("a province total");
            prop_assert_eq!(d.value, Some(total as f64));
            prop_assert_eq!(d.n, total as u64);
        }
    }
}

/// A births project on the official codes: one row per birth, or a count table.
fn births_project(dir: &Path, text: &str, count_table: bool) -> PathBuf {
    std::fs::copy(fixture().join("areas.csv"), dir.join("areas.csv")).unwrap();
    std::fs::write(dir.join("births.csv"), text).unwrap();
    let extra = if count_table { "table = \"aggregate\"\ncount = \"Số trẻ\"\n" } else { "" };
    let toml = format!(
        "schema-version = 1\nname = {{ vi = \"Mẫu\", en = \"Sample\" }}\nsynthetic = true\nareas = \"areas.csv\"\n\n[[sources]]\ndataset = \"births\"\npath = \"births.csv\"\n{extra}"
    );
    let p = dir.join("gds.toml");
    std::fs::write(&p, toml).unwrap();
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10))]

    /// The sex ratio at birth from a births-by-sex count table has the value, n and interval
    /// of the same births as one row per birth; both pass the checks; and an indicator that
    /// needs a column the count table lacks (skilled attendance) is "no data", never 0 %.
    #[test]
    fn srb_from_a_count_table_equals_srb_from_birth_records(
        cells in proptest::collection::vec((0usize..3, 0usize..2, 1u32..40), 1..8),
    ) {
        let cat = Catalogue::embedded().unwrap();
        let mut seen = std::collections::BTreeMap::new();
        for (a, s, c) in &cells {
            seen.insert((*a, *s), *c);
        }
        let mut table = String::from("Năm,Mã xã,Giới tính,Số trẻ\n");
        let mut records = String::from("birth_id,period,area,sex,mother_age\n");
        let mut id = 0;
        for ((a, s), c) in &seen {
            table.push_str(&format!("2024,{},{},{c}\n", COMMUNES[*a], ["F", "M"][*s]));
            for _ in 0..*c {
                id += 1;
                records.push_str(&format!("b{id},2024,{},{},25\n", COMMUNES[*a], ["F", "M"][*s]));
            }
        }
        let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let p1 = births_project(d1.path(), &records, false);
        let p2 = births_project(d2.path(), &table.replace("Năm", "period").replace("Mã xã", "area").replace("Giới tính", "sex"), true);
        let req = Request { indicators: vec!["srb".into(), "skilled-birth-attendance".into()], ..request() };
        let mut out = Vec::new();
        for p in [&p1, &p2] {
            let proj = Project::load(p, &cat).unwrap();
            let report = gds_compute::validate::validate(&proj, &cat, &mut |_| {});
            prop_assert!(!report.has_errors(), "{:?}", report.findings);
            let pl = plan(&cat, &proj, &req).unwrap();
            let t = execute(&pl, &proj, &cat, Strategy::Fused, &mut |_| {}).unwrap().0;
            let rows: Vec<_> = t
                .rows
                .iter()
                .filter(|r| r.indicator == "srb")
                .map(|r| (r.area.clone(), r.keys.clone(), r.value, r.n, r.lower, r.upper, r.status))
                .collect();
            out.push((rows, pl.skipped.clone()));
        }
        prop_assert!(!out[0].0.is_empty());
        prop_assert_eq!(&out[0].0, &out[1].0);
        prop_assert!(out[0].1.iter().all(|s| s.id != "skilled-birth-attendance"));
        let skipped = out[1].1.iter().find(|s| s.id == "skilled-birth-attendance").expect("skipped");
        prop_assert!(
            skipped.reason.contains("count table without a \"skilled_attendant\" column"),
            "{}",
            skipped.reason
        );
    }
}

/// Missing-value tokens (`missing = ["?", "-", ".."]`) are empty cells: the results equal those
/// of the same file with the cells left empty, and without the key the tokens are errors.
#[test]
fn missing_value_tokens_are_empty_cells() {
    let cat = Catalogue::embedded().unwrap();
    let (header, lines) = persons();
    let tokens = ["?", " - ", ".."];
    let mut with_tokens = vec![header.clone()];
    let mut with_empty = vec![header.clone()];
    for (i, l) in lines.iter().enumerate() {
        let mut cells: Vec<String> = l.split(',').map(String::from).collect();
        if i % 7 == 3 {
            // literate (column 5) and has_account (column 6) unknown.
            cells[5] = tokens[i % 3].to_string();
            cells[6] = tokens[(i + 1) % 3].to_string();
            with_tokens.push(cells.join(","));
            cells[5].clear();
            cells[6].clear();
            with_empty.push(cells.join(","));
        } else {
            with_tokens.push(l.clone());
            with_empty.push(l.clone());
        }
    }
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let p1 = project_with(d1.path(), &[("persons.csv".into(), with_tokens.join("\n") + "\n")]);
    let p2 = project_with(d2.path(), &[("persons.csv".into(), with_empty.join("\n") + "\n")]);
    let bare = Project::load(&p1, &cat).unwrap();
    assert!(gds_compute::validate::validate(&bare, &cat, &mut |_| {}).has_errors(), "tokens undeclared");
    let text = std::fs::read_to_string(&p1).unwrap() + "missing = [\"?\", \"-\", \"..\"]\n";
    std::fs::write(&p1, text).unwrap();
    let req = Request { indicators: vec!["literacy-15plus".into(), "account-ownership".into()], ..request() };
    let mut results = Vec::new();
    for p in [&p1, &p2] {
        let proj = Project::load(p, &cat).unwrap();
        assert!(!gds_compute::validate::validate(&proj, &cat, &mut |_| {}).has_errors());
        let pl = plan(&cat, &proj, &req).unwrap();
        let t = execute(&pl, &proj, &cat, Strategy::Fused, &mut |_| {}).unwrap().0;
        let rows: Vec<_> = t
            .rows
            .iter()
            .map(|r| (r.indicator.clone(), r.area.clone(), r.keys.clone(), r.value, r.n, r.reason.clone()))
            .collect();
        results.push(rows);
    }
    assert!(!results[0].is_empty());
    assert!(
        results[0].iter().any(|r| r.5.as_deref().is_some_and(|s| s.contains("unknown"))),
        "{:?}",
        results[0]
    );
    assert_eq!(results[0], results[1]);
}
