//! A default-size run (150,000 persons a year, 2023 and 2024) recovers the true parameters
//! within sampling error, and its files are consistent with each other.

use gds_synth::{Model, SynthConfig, SynthSummary, generate};
use polars::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

/// z for a two-sided 99 % interval.
const Z99: f64 = 2.576;

struct Run {
    dir: tempfile::TempDir,
    summary: SynthSummary,
    model: Model,
}

fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        // GDS_SYNTH_TEST_SEED re-runs the checks on another seed (default: the sample's 42).
        let seed = std::env::var("GDS_SYNTH_TEST_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(42);
        let cfg = SynthConfig { seed, ..SynthConfig::new(dir.path()) };
        let summary = generate(&cfg, &mut |_, _, _| {}).unwrap();
        Run { dir, summary, model: Model::new() }
    })
}

fn path(name: &str) -> std::path::PathBuf {
    run().dir.path().join(name)
}

fn parquet(name: &str) -> DataFrame {
    let p = path(name);
    LazyFrame::scan_parquet(PlRefPath::new(p.to_str().unwrap()), ScanArgsParquet::default())
        .unwrap()
        .collect()
        .unwrap()
}

fn strs(df: &DataFrame, c: &str) -> Vec<Option<String>> {
    df.column(c)
        .unwrap()
        .as_materialized_series()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

fn ints(df: &DataFrame, c: &str) -> Vec<Option<i64>> {
    df.column(c).unwrap().as_materialized_series().i64().unwrap().iter().collect()
}

fn floats(df: &DataFrame, c: &str) -> Vec<Option<f64>> {
    df.column(c).unwrap().as_materialized_series().f64().unwrap().iter().collect()
}

fn bools(df: &DataFrame, c: &str) -> Vec<Option<bool>> {
    df.column(c).unwrap().as_materialized_series().bool().unwrap().iter().collect()
}

fn csv_rows(name: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path(name)).unwrap();
    r.deserialize().map(|x| x.unwrap()).collect()
}

/// A weighted share with its 99 % half-width (design effect of unequal weights via n_eff).
fn weighted_share(pairs: &[(f64, bool)]) -> (f64, f64) {
    let sw: f64 = pairs.iter().map(|p| p.0).sum();
    let sw2: f64 = pairs.iter().map(|p| p.0 * p.0).sum();
    let p = pairs.iter().filter(|p| p.1).map(|p| p.0).sum::<f64>() / sw;
    let n_eff = sw * sw / sw2;
    (p, Z99 * (p * (1.0 - p) / n_eff).sqrt())
}

/// A weighted mean with its standard error.
fn weighted_mean(pairs: &[(f64, f64)]) -> (f64, f64) {
    let sw: f64 = pairs.iter().map(|p| p.0).sum();
    let sw2: f64 = pairs.iter().map(|p| p.0 * p.0).sum();
    let m = pairs.iter().map(|p| p.0 * p.1).sum::<f64>() / sw;
    let var = pairs.iter().map(|p| p.0 * (p.1 - m).powi(2)).sum::<f64>() / sw;
    (m, (var / (sw * sw / sw2)).sqrt())
}

struct Lfs {
    sex: Vec<String>,
    status: Vec<String>,
    isco: Vec<Option<String>>,
    income: Vec<Option<f64>>,
    care: Vec<f64>,
    weight: Vec<f64>,
}

fn lfs() -> &'static Lfs {
    static L: OnceLock<Lfs> = OnceLock::new();
    L.get_or_init(|| {
        let mut l =
            Lfs { sex: vec![], status: vec![], isco: vec![], income: vec![], care: vec![], weight: vec![] };
        for y in [2023, 2024] {
            let df = parquet(&format!("labour-force-{y}-synthetic.parquet"));
            l.sex.extend(strs(&df, "sex").into_iter().map(Option::unwrap));
            l.status.extend(strs(&df, "labour_status").into_iter().map(Option::unwrap));
            l.isco.extend(strs(&df, "isco_major"));
            l.income.extend(floats(&df, "monthly_income"));
            l.care.extend(floats(&df, "unpaid_care_hours").into_iter().map(Option::unwrap));
            l.weight.extend(floats(&df, "weight").into_iter().map(Option::unwrap));
        }
        l
    })
}

#[test]
fn files_and_row_counts() {
    let s = &run().summary;
    assert_eq!(s.persons, 300_000);
    let lfs_share = s.lfs_rows as f64 / (300_000.0 * 0.76);
    assert!((0.085..0.115).contains(&lfs_share), "LFS sample is {lfs_share} of persons 15+");
    let total: u64 = s.total_bytes();
    assert!(total < 25_000_000, "{total} bytes");
    let toml = std::fs::read_to_string(path("gds.toml")).unwrap();
    for f in &s.files {
        assert!(path(&f.name).exists(), "{} missing", f.name);
        assert_eq!(toml.contains(&format!("path = \"{}\"", f.name)), f.listed, "{}", f.name);
    }
    assert!(toml.contains("synthetic = true"));
    let readme = std::fs::read_to_string(path("README.md")).unwrap();
    assert!(readme.contains("gds synth --seed"));
    assert!(readme.contains("SYNTHETIC DATA"));
}

#[test]
fn sex_ratio_at_birth_within_its_99_percent_interval() {
    let m = &run().model;
    let mut boys = 0.0;
    let mut n = 0.0;
    let mut third = (0.0, 0.0);
    for y in [2023, 2024] {
        for r in csv_rows(&format!("births-{y}-synthetic.csv")) {
            let boy = r["sex"] == "M";
            n += 1.0;
            boys += f64::from(u8::from(boy));
            if r["birth_order"].parse::<u32>().unwrap() >= 3 {
                third.0 += 1.0;
                third.1 += f64::from(u8::from(boy));
            }
        }
    }
    let p0 = m.expected.p_boy;
    let half = Z99 * (p0 * (1.0 - p0) / n).sqrt();
    let p = boys / n;
    assert!(
        (p - p0).abs() < half,
        "share of boys {p:.4}, expected {p0:.4} ± {half:.4} (SRB {:.1})",
        100.0 * p / (1.0 - p)
    );
    // Orders 3+: SRB ≈ 120.
    let p3 = third.1 / third.0;
    let e3 = m.expected.srb_by_order[1] / (100.0 + m.expected.srb_by_order[1]);
    assert!((p3 - e3).abs() < Z99 * (e3 * (1.0 - e3) / third.0).sqrt(), "order 3+: {p3} vs {e3}");
}

#[test]
fn labour_force_participation_by_sex() {
    let l = lfs();
    let x = &run().model.expected;
    for (s, code) in ["F", "M"].iter().enumerate() {
        let pairs: Vec<(f64, bool)> = (0..l.sex.len())
            .filter(|&i| l.sex[i] == *code)
            .map(|i| (l.weight[i], l.status[i] != "outside-labour-force"))
            .collect();
        let (p, half) = weighted_share(&pairs);
        assert!(
            (100.0 * p - x.lfpr[s]).abs() < 100.0 * half,
            "LFPR {code}: {:.2} vs {:.2} ± {:.2}",
            100.0 * p,
            x.lfpr[s],
            100.0 * half
        );
    }
}

#[test]
fn women_share_of_managers() {
    let l = lfs();
    let x = &run().model.expected;
    let pairs: Vec<(f64, bool)> = (0..l.sex.len())
        .filter(|&i| l.isco[i].as_deref() == Some("1"))
        .map(|i| (l.weight[i], l.sex[i] == "F"))
        .collect();
    assert!(pairs.len() > 150, "{} managers", pairs.len());
    let (p, half) = weighted_share(&pairs);
    assert!(
        (100.0 * p - x.women_managers).abs() < 100.0 * half,
        "{:.2} vs {:.2} ± {:.2}",
        100.0 * p,
        x.women_managers,
        100.0 * half
    );
}

#[test]
fn unpaid_care_hours_and_ratio() {
    let l = lfs();
    let x = &run().model.expected;
    let mut means = [(0.0, 0.0); 2];
    for (s, code) in ["F", "M"].iter().enumerate() {
        let pairs: Vec<(f64, f64)> =
            (0..l.sex.len()).filter(|&i| l.sex[i] == *code).map(|i| (l.weight[i], l.care[i])).collect();
        means[s] = weighted_mean(&pairs);
        assert!(
            (means[s].0 - x.care_hours[s]).abs() < Z99 * means[s].1,
            "care {code}: {:?} vs {}",
            means[s],
            x.care_hours[s]
        );
    }
    let ratio = means[0].0 / means[1].0;
    let se = ratio * ((means[0].1 / means[0].0).powi(2) + (means[1].1 / means[1].0).powi(2)).sqrt();
    let truth = x.care_hours[0] / x.care_hours[1];
    assert!((ratio - truth).abs() < Z99 * se, "ratio {ratio:.3} vs {truth:.3} ± {:.3}", Z99 * se);
}

#[test]
fn mean_income_of_wage_workers_by_sex() {
    let l = lfs();
    let x = &run().model.expected;
    for (s, code) in ["F", "M"].iter().enumerate() {
        let pairs: Vec<(f64, f64)> = (0..l.sex.len())
            .filter(|&i| l.sex[i] == *code)
            .filter_map(|i| l.income[i].map(|v| (l.weight[i], v)))
            .collect();
        let (m, se) = weighted_mean(&pairs);
        assert!(
            (m - x.income[s]).abs() < Z99 * se,
            "income {code}: {m:.0} ± {:.0} vs {}",
            Z99 * se,
            x.income[s]
        );
    }
}

#[test]
fn persons_literacy_child_marriage_and_smam() {
    let x = &run().model.expected;
    let (mut lit, mut adults) = ([0.0; 2], [0.0; 2]);
    let (mut cm, mut w2024) = (0.0, 0.0);
    let mut single = [[0.0; 8]; 2];
    let mut count = [[0.0; 8]; 2];
    for y in [2023, 2024] {
        let df = parquet(&format!("persons-{y}-synthetic.parquet"));
        let (sex, age, literate, marital, afm) = (
            strs(&df, "sex"),
            ints(&df, "age"),
            bools(&df, "literate"),
            strs(&df, "marital_status"),
            ints(&df, "age_first_marriage"),
        );
        for i in 0..df.height() {
            let s = usize::from(sex[i].as_deref() == Some("M"));
            let a = age[i].unwrap();
            if let (Some(m), Some(first)) = (marital[i].as_deref(), afm[i]) {
                assert_ne!(m, "never-married");
                assert!(first <= a, "married at {first} but aged {a}");
            } else {
                assert_eq!(marital[i].as_deref(), Some("never-married"));
            }
            if a >= 15 {
                adults[s] += 1.0;
                lit[s] += f64::from(u8::from(literate[i].unwrap()));
            }
            if s == 0 && (20..=24).contains(&a) {
                w2024 += 1.0;
                cm += f64::from(u8::from(afm[i].is_some_and(|m| m < 18)));
            }
            if (15..55).contains(&a) {
                let g = (a as usize - 15) / 5;
                count[s][g] += 1.0;
                single[s][g] += f64::from(u8::from(marital[i].as_deref() == Some("never-married")));
            }
        }
    }
    for s in 0..2 {
        let p = lit[s] / adults[s];
        let e = x.literacy[s] / 100.0;
        assert!((p - e).abs() < Z99 * (e * (1.0 - e) / adults[s]).sqrt(), "literacy {s}: {p} vs {e}");
        let sg: Vec<f64> = (0..8).map(|g| single[s][g] / count[s][g]).collect();
        let p50 = 0.5 * (sg[6] + sg[7]);
        let smam = (15.0 + 5.0 * sg[..7].iter().sum::<f64>() - 50.0 * p50) / (1.0 - p50);
        assert!((smam - x.smam[s]).abs() < 0.4, "SMAM {s}: {smam:.2} vs {:.2}", x.smam[s]);
    }
    let p = cm / w2024;
    let e = x.child_marriage_18[0] / 100.0;
    assert!((p - e).abs() < Z99 * (e * (1.0 - e) / w2024).sqrt(), "child marriage {p} vs {e}");
}

#[test]
fn births_give_abr_and_cbr() {
    let x = &run().model.expected;
    let (mut teen, mut births) = (0.0, 0.0);
    for y in [2023, 2024] {
        for r in csv_rows(&format!("births-{y}-synthetic.csv")) {
            births += 1.0;
            let a: u32 = r["mother_age"].parse().unwrap();
            if (15..20).contains(&a) {
                teen += 1.0;
            }
        }
    }
    let mut women = 0.0;
    for y in [2023, 2024] {
        for r in csv_rows(&format!("population-counts-{y}-synthetic.csv")) {
            if r["sex"] == "F" && r["age_group"] == "15-19" {
                women += r["count"].parse::<f64>().unwrap();
            }
        }
    }
    let abr = 1000.0 * teen / women;
    assert!((abr - x.abr[0]).abs() < Z99 * 1000.0 * teen.sqrt() / women, "ABR {abr:.1} vs {:.1}", x.abr[0]);
    let cbr = 1000.0 * births / 300_000.0;
    assert!((cbr - x.cbr).abs() < Z99 * 1000.0 * births.sqrt() / 300_000.0, "CBR {cbr:.2} vs {:.2}", x.cbr);
}

#[test]
fn population_counts_add_up_and_match_persons() {
    for y in [2023, 2024] {
        let rows = csv_rows(&format!("population-counts-{y}-synthetic.csv"));
        let mut cells: HashMap<(String, String, String), [u64; 3]> = HashMap::new();
        let mut by_area: HashMap<String, u64> = HashMap::new();
        for r in &rows {
            let k = (r["area"].clone(), r["age_group"].clone(), r["urban_rural"].clone());
            let i = match r["sex"].as_str() {
                "F" => 0,
                "M" => 1,
                "_T" => 2,
                other => panic!("sex {other}"),
            };
            let n: u64 = r["count"].parse().unwrap();
            cells.entry(k).or_default()[i] += n;
            if i == 2 {
                *by_area.entry(r["area"].clone()).or_default() += n;
            }
        }
        for (k, v) in &cells {
            assert_eq!(v[0] + v[1], v[2], "F + M != _T for {k:?} in {y}");
        }
        let df = parquet(&format!("persons-{y}-synthetic.parquet"));
        let mut from_persons: HashMap<String, u64> = HashMap::new();
        for a in strs(&df, "area") {
            *from_persons.entry(a.unwrap()).or_default() += 1;
        }
        assert_eq!(by_area, from_persons, "{y}");
    }
}

#[test]
fn xlsx_matches_its_csv_twin() {
    use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path("population-counts-2024-synthetic.xlsx")).unwrap();
    let range = wb.worksheet_range("Dân số").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let text = |r: &[Data]| -> Vec<String> { r.iter().map(|d| d.to_string()).collect() };
    assert!(rows[0][0].to_string().contains("dữ liệu tổng hợp"));
    // A header over two rows: "Chia ra" merged over Nam and Nữ; then the column numbers.
    assert_eq!(
        text(rows[2]),
        ["Mã xã", "Tên xã", "Nhóm tuổi", "Thành thị/nông thôn", "Tổng số", "Chia ra", ""]
    );
    assert_eq!(text(rows[3]), ["", "", "", "", "", "Nam", "Nữ"]);
    assert_eq!(text(rows[4]), ["A", "B", "C", "D", "1", "2", "3"]);
    // The CSV twin is long: one row per sex (F, M, _T) of each commune × age group × U/R.
    let csv = csv_rows("population-counts-2024-synthetic.csv");
    let mut long: BTreeMap<(String, String, String), [u64; 3]> = BTreeMap::new();
    for c in &csv {
        let s = ["F", "M", "_T"].iter().position(|x| *x == c["sex"]).unwrap();
        let key = (c["area"].clone(), c["age_group"].replace('-', "–"), c["urban_rural"].clone());
        long.entry(key).or_default()[s] = c["count"].parse().unwrap();
    }
    let data: Vec<&&[Data]> = rows[5..].iter().take_while(|r| !r[0].to_string().is_empty()).collect();
    assert_eq!(data.len(), long.len());
    assert_eq!(data.len() * 3, csv.len());
    let mut all = [0u64; 3];
    for x in &data {
        let group = x[2].to_string();
        let ur = if x[3] == "Thành thị" { "U" } else { "R" };
        let (_, v) = long
            .iter()
            .find(|((a, g, u), _)| {
                *a == x[0].to_string()
                    && u == ur
                    && (group.starts_with(g.as_str()) || (g == "80+" && group == "80 tuổi trở lên"))
            })
            .unwrap_or_else(|| panic!("no CSV rows for {:?}", text(x)));
        let n = |i: usize| x[i].as_f64().unwrap() as u64;
        assert_eq!([n(6), n(5), n(4)], *v, "{:?}", text(x));
        for s in 0..3 {
            all[s] += v[s];
        }
    }
    // The district's total row, then a signature block.
    let total = rows[5 + data.len()];
    assert_eq!(total[1].to_string(), "Toàn huyện");
    let n = |i: usize| total[i].as_f64().unwrap() as u64;
    assert_eq!([n(6), n(5), n(4)], all);
    assert!(rows[5 + data.len() + 2..].iter().any(|r| text(r).iter().any(|c| c == "Người lập biểu")));
}

/// The leaders of a year: the CSV, and in the last year the commune's roster sheet read back
/// into the CSV's columns.
fn leaders_of(y: i32) -> Vec<BTreeMap<String, String>> {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut rows = csv_rows(&format!("leaders-{y}-synthetic.csv"));
    let sheet = path(&format!("leaders-ubnd-02101-{y}-synthetic.xlsx"));
    if !sheet.exists() {
        return rows;
    }
    let mut wb: Xlsx<_> = open_workbook(sheet).unwrap();
    let range = wb.worksheet_range("Danh sách").unwrap();
    let sheet_rows: Vec<&[Data]> = range.rows().collect();
    let head: Vec<String> = sheet_rows[2].iter().map(|d| d.to_string()).collect();
    assert_eq!(
        head,
        ["STT", "Họ và tên", "Chức vụ", "Giới tính", "Năm sinh", "Dân tộc", "Lãnh đạo chủ chốt"]
    );
    for r in sheet_rows[3..].iter().take_while(|r| !r[0].to_string().is_empty()) {
        let cell = |i: usize| r[i].to_string();
        assert!(cell(2).ends_with("UBND thị trấn"), "{}", cell(2));
        let m: BTreeMap<String, String> = [
            ("body_id", "02101-UBND".to_string()),
            ("key_leader", (cell(6) == "Có").to_string()),
            ("sex", if cell(3) == "Nữ" { "F" } else { "M" }.to_string()),
            ("age", (y - cell(4).parse::<i32>().unwrap()).to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        rows.push(m);
    }
    rows
}

#[test]
fn labour_force_is_a_weighted_sample_of_the_persons() {
    for y in [2023, 2024] {
        let p = parquet(&format!("persons-{y}-synthetic.parquet"));
        let l = parquet(&format!("labour-force-{y}-synthetic.parquet"));
        let key = |df: &DataFrame,
                   i: usize,
                   ids: &[Option<String>],
                   sex: &[Option<String>],
                   age: &[Option<i64>]| {
            let _ = df;
            (ids[i].clone().unwrap(), sex[i].clone().unwrap(), age[i].unwrap())
        };
        let (pid, psex, page, parea) =
            (strs(&p, "person_id"), strs(&p, "sex"), ints(&p, "age"), strs(&p, "area"));
        let persons: HashSet<(String, String, i64)> =
            (0..p.height()).map(|i| key(&p, i, &pid, &psex, &page)).collect();
        let (lid, lsex, lage, larea, w) =
            (strs(&l, "person_id"), strs(&l, "sex"), ints(&l, "age"), strs(&l, "area"), floats(&l, "weight"));
        let mut wsum: HashMap<String, f64> = HashMap::new();
        for i in 0..l.height() {
            assert!(persons.contains(&key(&l, i, &lid, &lsex, &lage)), "{:?} is not a person of {y}", lid[i]);
            assert!(lage[i].unwrap() >= 15);
            *wsum.entry(larea[i].clone().unwrap()).or_default() += w[i].unwrap();
        }
        // The weights gross the sample up to the commune's population 15+ (within 5 standard errors).
        let mut adults: HashMap<String, f64> = HashMap::new();
        for i in 0..p.height() {
            if page[i].unwrap() >= 15 {
                *adults.entry(parea[i].clone().unwrap()).or_default() += 1.0;
            }
        }
        for (area, n) in &adults {
            let c = gds_synth::COMMUNES.iter().find(|c| c.code == area).unwrap();
            let se = (n * (1.0 - c.lfs_fraction) / c.lfs_fraction).sqrt();
            let got = wsum.get(area).copied().unwrap_or(0.0);
            assert!((got - n).abs() < 5.0 * se, "{area} {y}: weights sum to {got:.0}, population 15+ {n}");
        }
        // Labour variables are empty exactly for those not employed.
        let status = strs(&l, "labour_status");
        let ty = strs(&l, "employment_type");
        let income = floats(&l, "monthly_income");
        for i in 0..l.height() {
            let employed = status[i].as_deref() == Some("employed");
            assert_eq!(ty[i].is_some(), employed);
            assert_eq!(income[i].is_some(), ty[i].as_deref() == Some("wage-worker"));
        }
    }
}

#[test]
fn bodies_follow_the_leaders_roster() {
    // In the last year, one commune's People's Committee is in a sheet of its own.
    assert!(path("leaders-ubnd-02101-2024-synthetic.xlsx").exists());
    assert!(csv_rows("leaders-2024-synthetic.csv").iter().all(|l| l["body_id"] != "02101-UBND"));
    assert!(csv_rows("leaders-2023-synthetic.csv").iter().any(|l| l["body_id"] == "02101-UBND"));
    for y in [2023, 2024] {
        let leaders = leaders_of(y);
        let bodies = csv_rows(&format!("gov-bodies-{y}-synthetic.csv"));
        assert_eq!(bodies.len(), 36);
        for b in &bodies {
            let woman = leaders
                .iter()
                .any(|l| l["body_id"] == b["body_id"] && l["key_leader"] == "true" && l["sex"] == "F");
            assert_eq!(b["female_key_leader"], woman.to_string(), "{}", b["body_id"]);
        }
    }
    let deputies = csv_rows("council-deputies-2021-2026-synthetic.csv");
    let share = |level: &str| {
        let d: Vec<_> = deputies.iter().filter(|r| r["level"] == level).collect();
        100.0 * d.iter().filter(|r| r["sex"] == "F").count() as f64 / d.len() as f64
    };
    assert!((share("district") - 29.0).abs() < 1.0, "{}", share("district"));
    assert!((share("commune") - 27.0).abs() < 0.5, "{}", share("commune"));
}
