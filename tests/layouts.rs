//! Tables as offices write them (tests/fixtures/layouts): title rows, a header over two rows
//! with a merged "Chia ra" group, a row of column numbers, a "Tổng cộng" total row and a
//! signature block, in XLSX and CSV; a yearbook table with a column per sex and year. Each
//! gives the hand-computed population and sex ratio, and the total rows are checks: a
//! total that disagrees with its rows stops the run.

use std::path::Path;
use std::process::{Command, Output};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/layouts");

fn gds(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gds")).args(args).current_dir(dir).output().expect("run gds")
}

fn compute(dir: &Path, project: &str, out: &Path) -> String {
    results(dir, project, "population,sex-ratio-population", &[], out)
}

/// `gds compute` of `indicators` (and `extra` arguments) into `out`, which must succeed: the
/// results as CSV text.
fn results(dir: &Path, project: &str, indicators: &str, extra: &[&str], out: &Path) -> String {
    let mut args = vec!["compute", project, "--indicators", indicators, "--out", out.to_str().unwrap()];
    args.extend(extra);
    let o = gds(dir, &args);
    assert!(o.status.success(), "{project}: {}", String::from_utf8_lossy(&o.stderr));
    std::fs::read_to_string(out).expect("results")
}

/// The value column of the row that starts with `prefix`.
fn value(results: &str, prefix: &str) -> f64 {
    let line = results.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no row {prefix}"));
    let f: Vec<&str> = line.split(',').collect();
    // Indicators by sex have a sex column before the value.
    let k = if prefix.split(',').count() > 5 { 5 } else { 4 };
    f[k].parse().unwrap()
}

#[test]
fn an_office_sheet_and_its_csv_give_the_hand_computed_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = Path::new(FIXTURE);
    let xlsx = compute(dir, "gds-xlsx.toml", &tmp.path().join("x.csv"));
    let csv = compute(dir, "gds-csv.toml", &tmp.path().join("c.csv"));
    assert_eq!(xlsx, csv, "the sheet and its CSV differ");
    // The same sheet as OpenDocument (merged cells as spanned and covered cells).
    let ods = compute(dir, "gds-ods.toml", &tmp.path().join("o.csv"));
    assert_eq!(ods, csv, "the .ods sheet and its CSV differ");
    // Xã Đồng Tâm: 590 men, 610 women.
    assert_eq!(value(&csv, "population,18001,commune,2024,_T,"), 1200.0);
    assert_eq!(value(&csv, "population,18001,commune,2024,F,"), 610.0);
    assert!(
        (value(&csv, "sex-ratio-population,18001,commune,2024,_T,") - 590.0 / 610.0 * 100.0).abs() < 1e-9
    );
    // The district: the three communes, the "Tổng cộng" row not added in (2500, not 5000).
    assert_eq!(value(&csv, "population,436,district,2024,_T,"), 2500.0);
    assert!(
        (value(&csv, "sex-ratio-population,436,district,2024,_T,") - 1260.0 / 1240.0 * 100.0).abs() < 1e-9
    );
    // n is the persons counted, not the cells.
    let sr = csv.lines().find(|l| l.starts_with("sex-ratio-population,436,")).unwrap();
    assert_eq!(sr.split(',').nth(8), Some("2500"), "{sr}");
}

#[test]
fn validate_says_which_rows_are_not_data() {
    for project in ["gds-xlsx.toml", "gds-csv.toml"] {
        let o = gds(Path::new(FIXTURE), &["validate", project]);
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{project}: {text}");
        for part in [
            "1 (title: \"UBND HUYỆN ĐỒNG MẪU\")",
            "5 (header: \"Nam\")",
            "6 (column numbers: \"A\")",
            "10 (total: \"Tổng cộng\")",
            "12 (footer: \"Người lập biểu\")",
            "13 (footer: \"(Ký, ghi rõ họ tên)\")",
            "6 rows checked",
        ] {
            assert!(text.contains(part), "{project}: no {part:?} in\n{text}");
        }
    }
}

#[test]
fn a_yearbook_table_with_a_column_per_sex_and_year() {
    let tmp = tempfile::tempdir().unwrap();
    let r = compute(Path::new(FIXTURE), "gds-years.toml", &tmp.path().join("y.csv"));
    assert_eq!(value(&r, "population,18001,commune,2023,_T,"), 1185.0);
    assert_eq!(value(&r, "population,18001,commune,2024,_T,"), 1200.0);
    assert_eq!(value(&r, "population,436,district,2023,M,"), 1235.0);
    assert!((value(&r, "sex-ratio-population,436,district,2023,_T,") - 1235.0 / 1236.0 * 100.0).abs() < 1e-9);
}

fn copy_fixture() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(FIXTURE).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, tmp.path().join(p.file_name().unwrap())).unwrap();
    }
    tmp
}

/// Replace `from` by `to` in `file` of `dir` (a fixture copy), which must contain it.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(dir.join(file), text.replace(from, to)).unwrap();
}

/// The fixture's project file above its sources (name, area list), for a project of one's own.
fn project_head(dir: &Path) -> String {
    let toml = std::fs::read_to_string(dir.join("gds-csv.toml")).unwrap();
    toml[..toml.find("[[sources]]").unwrap()].to_string()
}

#[test]
fn a_total_row_that_disagrees_with_its_rows_stops_the_run() {
    let tmp = copy_fixture();
    let dir = tmp.path();
    // The women's total says 1250; the communes sum to 1240.
    edit(dir, "dan-so-2024.csv", ",Tổng cộng,,2500,1260,1240", ",Tổng cộng,,2510,1260,1250");
    let o = gds(dir, &["validate", "gds-csv.toml"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success(), "{text}");
    assert!(text.contains("dan-so-2024.csv:10"), "{text}");
    assert!(text.contains("says 1250, but the rows it totals sum to 1240"), "{text}");
    // The men's total is right: one finding only.
    assert_eq!(text.matches(" says ").count(), 1, "{text}");
    let out = dir.join("r.csv");
    let o = gds(dir, &["compute", "gds-csv.toml", "--out", out.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(!out.exists(), "nothing is written when the gate fails");
    // In the yearbook, the total comes first: the 2024 women's total disagrees.
    edit(dir, "dan-so-nien-giam.csv", "Toàn huyện,,1235,1236,1260,1240", "Toàn huyện,,1235,1236,1260,1241");
    let o = gds(dir, &["validate", "gds-years.toml"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success(), "{text}");
    assert!(text.contains("sex = Nữ, period = 2024") && text.contains("says 1241"), "{text}");
    assert_eq!(text.matches(" says ").count(), 1, "{text}");
}

#[test]
fn a_constant_gives_a_column_the_file_does_not_have() {
    let tmp = copy_fixture();
    let dir = tmp.path();
    // A table of women only: the sex is the file's, not a column's.
    std::fs::write(dir.join("nu.csv"), "Mã đơn vị,Số nữ\n18001,610\n18004,390\n18007,240\n").unwrap();
    let head = project_head(dir);
    let project = format!(
        "{head}[[sources]]\ndataset = \"persons\"\npath = \"nu.csv\"\ntable = \"aggregate\"\ncount = \"Số nữ\"\nperiod = 2024\nrename = {{ \"Mã đơn vị\" = \"area\" }}\nconstants = {{ sex = \"F\" }}\n"
    );
    std::fs::write(dir.join("gds-nu.toml"), project).unwrap();
    let r = results(dir, "gds-nu.toml", "population", &[], &dir.join("r.csv"));
    assert_eq!(value(&r, "population,436,district,2024,F,"), 1240.0);
    assert!(
        !r.contains("population,436,district,2024,M,") || value(&r, "population,436,district,2024,M,") == 0.0
    );
    // A constant for a column the file has is refused, naming both.
    std::fs::write(dir.join("nu.csv"), "Mã đơn vị,Số nữ,sex\n18001,610,F\n").unwrap();
    let o = gds(dir, &["validate", "gds-nu.toml"]);
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(!o.status.success(), "{text}");
    assert!(
        text.contains("constants = { sex = ... } is set, but the file also has a column \"sex\""),
        "{text}"
    );
}

#[test]
fn a_table_of_the_total_and_the_women_derives_the_men_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = Path::new(FIXTURE);
    let r = compute(dir, "gds-derive.toml", &tmp.path().join("d.csv"));
    // Xã Đồng Tâm: 1.200 in all, 610 women: 590 men.
    assert_eq!(value(&r, "population,18001,commune,2024,M,"), 590.0);
    assert!((value(&r, "sex-ratio-population,18001,commune,2024,_T,") - 590.0 / 610.0 * 100.0).abs() < 1e-9);
    assert_eq!(value(&r, "population,436,district,2024,_T,"), 2500.0);
    // The results that include derived cells say so; the women's do not.
    let reason = |prefix: &str| -> String {
        let line = r.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no row {prefix}"));
        line.split(',').nth(14).unwrap_or_default().to_string()
    };
    let note = "includes cells sex M derived as the total minus the other codes (dan-so-tong-nu.csv)";
    for prefix in [
        "population,18001,commune,2024,M,",
        "population,18001,commune,2024,_T,",
        "population,436,district,2024,M,",
        "sex-ratio-population,18001,commune,2024,_T,",
        "sex-ratio-population,42,province,2024,_T,",
    ] {
        assert_eq!(reason(prefix), note, "{prefix}");
    }
    assert_eq!(reason("population,18001,commune,2024,F,"), "", "the women are as published");
    let plain = compute(dir, "gds-csv.toml", &tmp.path().join("p.csv"));
    assert!(!plain.contains("derived"), "no derived cells, no note");
    // The report's data-quality annex lists them.
    let out = tmp.path().join("report");
    let o = gds(
        dir,
        &[
            "report",
            "gds-derive.toml",
            "--period",
            "2024",
            "--level",
            "commune",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(out.join("report-vi.html")).unwrap();
    assert!(
        html.contains("Số suy ra") && html.contains("dan-so-tong-nu.csv: 3 ô sex = M được suy ra"),
        "the annex lists the derived cells"
    );
    let o = gds(dir, &["validate", "gds-derive.toml"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{text}");
    assert!(text.contains("derived: 3: sex M = 1200 − 610 = 590"), "{text}");
    assert!(text.contains("6 (total: \"Cộng\")"), "{text}");
}

#[test]
fn a_count_table_with_a_total_and_one_sex_is_refused_not_a_sex_ratio_of_zero() {
    let tmp = copy_fixture();
    let dir = tmp.path();
    // A long table: total and women per commune, no men, nothing declared.
    std::fs::write(
        dir.join("t.csv"),
        "area,sex,count\n18001,_T,1200\n18001,F,610\n18004,_T,800\n18004,F,390\n",
    )
    .unwrap();
    let head = project_head(dir);
    let source = "[[sources]]\ndataset = \"persons\"\npath = \"t.csv\"\ntable = \"aggregate\"\ncount = \"count\"\nperiod = 2024\n";
    std::fs::write(dir.join("gds-t.toml"), format!("{head}{source}")).unwrap();
    let out = dir.join("r.csv");
    let o = gds(
        dir,
        &[
            "compute",
            "gds-t.toml",
            "--indicators",
            "population,sex-ratio-population",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let text = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{text}");
    assert!(!out.exists());
    assert!(text.contains("t.csv:2") && text.contains("parts sum to 610"), "{text}");
    assert!(text.contains("derive = { sex = \"M\" }"), "{text}");
    // Declared, the men are derived per commune; the total rows are never added in.
    std::fs::write(dir.join("gds-t.toml"), format!("{head}{source}derive = {{ sex = \"M\" }}\n")).unwrap();
    let o = gds(
        dir,
        &[
            "compute",
            "gds-t.toml",
            "--indicators",
            "population,sex-ratio-population",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = std::fs::read_to_string(&out).unwrap();
    assert_eq!(value(&r, "population,18001,commune,2024,_T,"), 1200.0);
    assert_eq!(value(&r, "population,436,district,2024,M,"), 590.0 + 410.0);
}

#[test]
fn utf16_and_latin1_text_files_are_read() {
    let tmp = copy_fixture();
    let dir = tmp.path();
    let head = project_head(dir);
    let table =
        "Mã đơn vị\tGiới tính\tSố người\n18001\tNam\t590\n18001\tNữ\t610\n18004\tNam\t410\n18004\tNữ\t390\n";
    let source = |path: &str, extra: &str| {
        format!(
            "{head}[[sources]]\ndataset = \"persons\"\npath = \"{path}\"\ntable = \"aggregate\"\ncount = \"Số người\"\nperiod = 2024\nrename = {{ \"Mã đơn vị\" = \"area\", \"Giới tính\" = \"sex\" }}\n{extra}"
        )
    };
    // Excel's "Unicode text": UTF-16LE, tab-separated, with and without its byte-order mark.
    let utf16: Vec<u8> = table.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let mut with_bom = vec![0xFF, 0xFE];
    with_bom.extend(&utf16);
    for (name, bytes) in [("bom.txt", with_bom), ("nobom.txt", utf16)] {
        std::fs::write(dir.join(name), bytes).unwrap();
        std::fs::write(dir.join("gds-e.toml"), source(name, "")).unwrap();
        let r = results(dir, "gds-e.toml", "population", &[], &dir.join("r.csv"));
        assert_eq!(value(&r, "population,436,district,2024,_T,"), 2000.0, "{name}");
        assert_eq!(value(&r, "population,18001,commune,2024,F,"), 610.0, "{name}");
    }
    // A Western European export in Windows-1252: a note column "Unité" ("é" is one byte).
    let latin: Vec<u8> = b"area,sex,count,Unit\xe9\n18001,M,590,caf\xe9\n18001,F,610,\n".to_vec();
    std::fs::write(dir.join("latin.csv"), latin).unwrap();
    let src = format!(
        "{head}[[sources]]\ndataset = \"persons\"\npath = \"latin.csv\"\ntable = \"aggregate\"\ncount = \"count\"\nperiod = 2024\n"
    );
    std::fs::write(dir.join("gds-l.toml"), &src).unwrap();
    let o = gds(dir, &["validate", "gds-l.toml"]);
    assert!(!o.status.success(), "undeclared, an 8-bit file is refused");
    std::fs::write(dir.join("gds-l.toml"), format!("{src}encoding = \"windows-1252\"\n")).unwrap();
    let r = results(dir, "gds-l.toml", "population", &[], &dir.join("r.csv"));
    assert_eq!(value(&r, "population,18001,commune,2024,_T,"), 1200.0);
}

#[test]
fn a_commune_roster_of_leaders_goes_in_as_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = Path::new(FIXTURE);
    // No leader id, level or body columns; positions as written ("Phó Chủ tịch UBND xã");
    // year of birth, not age.
    let o = gds(dir, &["validate", "gds-leaders.toml"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{text}");
    assert!(text.contains("5 rows checked") && text.contains("10 (footer: \"Người lập\")"), "{text}");
    let r = results(dir, "gds-leaders.toml", "women-key-leaders", &[], &tmp.path().join("l.csv"));
    // Key leaders: the chair and two vice-chairs, one of them a woman.
    let row = r.lines().find(|l| l.starts_with("women-key-leaders,18001,")).expect("commune row");
    let f: Vec<&str> = row.split(',').collect();
    assert_eq!((f[5], f[6], f[7]), ("1", "3", "3"), "{row}");
    assert!((f[4].parse::<f64>().unwrap() - 100.0 / 3.0).abs() < 1e-9, "{row}");
}

#[test]
fn a_year_of_birth_gives_ages_checked_like_any_age() {
    let tmp = copy_fixture();
    let dir = tmp.path();
    // An age of 2024 - 2015 = 9 is out of the leaders' range (18 to 100): reported at its line.
    edit(dir, "gds-leaders.toml", "period = 2024", "period = 2024\nheader-row = 3");
    let csv = "STT,Họ và tên,Chức vụ,Giới tính,Năm sinh,Lãnh đạo chủ chốt\n1,A,Chủ tịch UBND xã,Nam,1975,Có\n2,B,Phó Chủ tịch UBND xã,Nữ,2015,Có\n";
    std::fs::write(dir.join("l.csv"), format!("Danh sách\n\n{csv}")).unwrap();
    std::fs::write(
        dir.join("gds-l.toml"),
        std::fs::read_to_string(dir.join("gds-leaders.toml"))
            .unwrap()
            .replace("lanh-dao-xa-2024.xlsx", "l.csv"),
    )
    .unwrap();
    let o = gds(dir, &["validate", "gds-l.toml"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success(), "{text}");
    assert!(text.contains("l.csv:5") && text.contains("age") && text.contains('9'), "{text}");
}

#[test]
fn an_event_rate_over_two_count_tables() {
    // Births as a count table (Năm, Mã xã, Giới tính, Số trẻ sinh) over the persons of the
    // district's sheet: the crude birth rate with the commune's own denominator.
    let tmp = tempfile::tempdir().unwrap();
    let dir = Path::new(FIXTURE);
    let r = results(dir, "gds-rates.toml", "crude-birth-rate", &[], &tmp.path().join("r.csv"));
    assert!((value(&r, "crude-birth-rate,18001,commune,2024,") - 21.0 / 1200.0 * 1000.0).abs() < 1e-9);
    assert!((value(&r, "crude-birth-rate,436,district,2024,") - 43.0 / 2500.0 * 1000.0).abs() < 1e-9);
}

#[test]
fn a_file_without_a_header_names_its_columns_in_gds_toml() {
    let tmp = copy_fixture();
    let dir = tmp.path();
    // As exported from an old system: a title, then the rows, no header; a name column left out.
    std::fs::write(
        dir.join("khong-tieu-de.csv"),
        "Dân số theo giới tính năm 2024\n18001,Xã Đồng Tâm,M,590\n18001,Xã Đồng Tâm,F,610\n18004,Xã Hòa Bình,M,410\n18004,Xã Hòa Bình,F,390\n18007,Thị trấn Mẫu,M,260\n18007,Thị trấn Mẫu,F,240\n",
    )
    .unwrap();
    let head = project_head(dir);
    let toml = format!(
        "{head}[[sources]]\ndataset = \"persons\"\npath = \"khong-tieu-de.csv\"\ntable = \"aggregate\"\ncount = \"count\"\nperiod = 2024\ncolumn-names = [\"area\", \"\", \"sex\", \"count\"]\n"
    );
    std::fs::write(dir.join("gds-headerless.toml"), &toml).unwrap();
    let r = compute(dir, "gds-headerless.toml", &dir.join("r.csv"));
    assert_eq!(value(&r, "population,18001,commune,2024,_T,"), 1200.0);
    assert_eq!(value(&r, "population,436,district,2024,_T,"), 2500.0);
    // The first data row is data, not a header: 18001's men are counted.
    assert_eq!(value(&r, "population,18001,commune,2024,M,"), 590.0);
    let o = gds(dir, &["validate", "gds-headerless.toml"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("1 (title"), "the title row is listed as left out: {out}");

    // A value in a column the names do not cover is refused at its row.
    std::fs::write(
        dir.join("gds-short.toml"),
        toml.replace("[\"area\", \"\", \"sex\", \"count\"]", "[\"area\", \"\", \"sex\"]"),
    )
    .unwrap();
    let o = gds(dir, &["validate", "gds-short.toml"]);
    let out = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(!o.status.success(), "{out}");
    assert!(
        out.contains("khong-tieu-de.csv") && out.contains("column 4") && out.contains("column-names"),
        "{out}"
    );
    // A name given twice is refused at the key.
    std::fs::write(
        dir.join("gds-twice.toml"),
        toml.replace("[\"area\", \"\", \"sex\", \"count\"]", "[\"area\", \"sex\", \"sex\", \"count\"]"),
    )
    .unwrap();
    let o = gds(dir, &["validate", "gds-twice.toml"]);
    let out = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(
        !o.status.success() && out.contains("gds-twice.toml") && out.contains("names \"sex\" twice"),
        "{out}"
    );
    // With a header row too, the keys contradict each other.
    std::fs::write(
        dir.join("gds-both.toml"),
        toml.replace("period = 2024\n", "period = 2024\nheader-row = 2\n"),
    )
    .unwrap();
    let o = gds(dir, &["validate", "gds-both.toml"]);
    let out = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(!o.status.success() && out.contains("column-names"), "{out}");
}

#[test]
fn rates_over_count_tables_by_age_group() {
    let tmp = copy_fixture();
    let dir = tmp.path();
    // A commune report of persons by sex and age group (no single ages), and births by the
    // mother's age group: the adolescent birth rate over women 15–19 of the table.
    std::fs::write(
        dir.join("dan-so-nhom-tuoi.csv"),
        "Mã xã,Giới tính,Nhóm tuổi,Số người\n18001,Nữ,15-19,120\n18001,Nữ,20-24,130\n18001,Nam,15-19,125\n18004,Nữ,15–19 tuổi,80\n18004,Nữ,10-14,90\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("sinh-nhom-tuoi.csv"),
        "Mã xã,Nhóm tuổi của mẹ,Số trẻ sinh\n18001,15-19,6\n18001,20-24,20\n18004,15-19,2\n",
    )
    .unwrap();
    let head = project_head(dir);
    let toml = format!(
        "{head}[[sources]]\ndataset = \"persons\"\npath = \"dan-so-nhom-tuoi.csv\"\ntable = \"aggregate\"\ncount = \"Số người\"\nperiod = 2024\n\n[[sources]]\ndataset = \"births\"\npath = \"sinh-nhom-tuoi.csv\"\ntable = \"aggregate\"\ncount = \"Số trẻ sinh\"\nperiod = 2024\nrename = {{ \"Nhóm tuổi của mẹ\" = \"mother_age_group\" }}\n"
    );
    std::fs::write(dir.join("gds-groups.toml"), &toml).unwrap();
    let o = gds(dir, &["validate", "gds-groups.toml"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let out = dir.join("r.csv");
    let r =
        results(dir, "gds-groups.toml", "adolescent-birth-rate,crude-birth-rate", &["--no-suppress"], &out);
    // 6 births to mothers 15–19 over 120 women 15–19; 2 over 80; the district 8 over 200.
    assert_eq!(value(&r, "adolescent-birth-rate,18001,commune,2024,"), 50.0);
    assert_eq!(value(&r, "adolescent-birth-rate,18004,commune,2024,"), 25.0);
    assert_eq!(value(&r, "adolescent-birth-rate,436,district,2024,"), 40.0);
    // Every birth over every person: 28 over 545.
    assert!((value(&r, "crude-birth-rate,436,district,2024,") - 28.0 / 545.0 * 1000.0).abs() < 1e-9);

    // A group of another partition (15–24, youth) is refused at its row, not read as women
    // 15–19 (the engine also refuses any group that a filter or breakdown would split).
    edit(dir, "dan-so-nhom-tuoi.csv", "18001,Nữ,15-19,120", "18001,Nữ,15-24,120");
    let o = gds(
        dir,
        &[
            "compute",
            "gds-groups.toml",
            "--indicators",
            "adolescent-birth-rate",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("dan-so-nhom-tuoi.csv:2") && err.contains("\"15-24\" is no group"), "{err}");
    // An unknown group and a cell given twice stop the gate at their rows.
    edit(dir, "dan-so-nhom-tuoi.csv", "18001,Nữ,15-24,120", "18001,Nữ,15 đến 19,120");
    edit(dir, "dan-so-nhom-tuoi.csv", "18004,Nữ,10-14,90", "18004,Nữ,15-19,90");
    let o = gds(dir, &["validate", "gds-groups.toml"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success(), "{text}");
    assert!(text.contains("dan-so-nhom-tuoi.csv:2") && text.contains("\"15 đến 19\" is no group"), "{text}");
    assert!(text.contains("dan-so-nhom-tuoi.csv:5") && text.contains("appear more than once"), "{text}");
    // A subtotal row ("Trong đó: 15–49 tuổi") is no 5-year group: refused, never counted twice.
    std::fs::write(
        dir.join("dan-so-nhom-tuoi.csv"),
        "Mã xã,Giới tính,Nhóm tuổi,Số người\n18001,Nữ,15-19,120\n18001,Nữ,20-24,130\n18001,Nữ,15-49,250\n",
    )
    .unwrap();
    let o = gds(dir, &["validate", "gds-groups.toml"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        !o.status.success()
            && text.contains("dan-so-nhom-tuoi.csv:4")
            && text.contains("\"15-49\" is no group"),
        "{text}"
    );
    // The row-wise baseline reads single ages only: it refuses the table instead of zeros.
    edit(dir, "dan-so-nhom-tuoi.csv", "18001,Nữ,15-49,250\n", "");
    let o = gds(
        dir,
        &[
            "compute",
            "gds-groups.toml",
            "--indicators",
            "adolescent-birth-rate",
            "--naive",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("--naive"), "{err}");
}

#[test]
fn a_roster_without_key_leaders_takes_them_from_the_positions() {
    let tmp = copy_fixture();
    let dir = tmp.path();
    // The same roster as a CSV without the "Lãnh đạo chủ chốt" column: chairs and
    // vice-chairs are key leaders, members are not (the dataset's when-absent).
    std::fs::write(
        dir.join("lanh-dao.csv"),
        "STT,Họ và tên,Chức vụ,Giới tính,Năm sinh\n1,Nguyễn Văn An,Chủ tịch UBND xã,Nam,1975\n2,Trần Thị Bình,Phó Chủ tịch UBND xã,Nữ,1982\n3,Lê Văn Cường,Phó Chủ tịch UBND xã,Nam,1979\n4,Phạm Thị Dung,Ủy viên UBND xã,Nữ,1990\n5,Hoàng Văn Em,Ủy viên UBND xã,Nam,1988\n",
    )
    .unwrap();
    let toml = std::fs::read_to_string(dir.join("gds-leaders.toml"))
        .unwrap()
        .replace("lanh-dao-xa-2024.xlsx", "lanh-dao.csv");
    std::fs::write(dir.join("gds-positions.toml"), toml).unwrap();
    for (project, naive) in
        [("gds-positions.toml", false), ("gds-positions.toml", true), ("gds-leaders.toml", false)]
    {
        let extra: &[&str] = if naive { &["--naive"] } else { &[] };
        let r = results(dir, project, "women-key-leaders", extra, &dir.join("l.csv"));
        let row = r.lines().find(|l| l.starts_with("women-key-leaders,18001,")).expect("commune row");
        let f: Vec<&str> = row.split(',').collect();
        assert_eq!((f[5], f[6], f[7]), ("1", "3", "3"), "{project} (naive {naive}): {row}");
    }
}
