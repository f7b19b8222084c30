//! Official codes are reused after the July 2025 reform: a new commune can carry the code an
//! old one had. The area list holds both units under one code, each with its dates; every
//! lookup (validation, roll-up to parents, levels) resolves the code at the data's year.

use std::path::Path;
use std::process::{Command, Output};

fn gds(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gds")).args(args).current_dir(dir).output().expect("run gds")
}

const AREAS: &str = "code,name_vi,name_en,level,parent,valid_from,valid_to
42,Tỉnh Mẫu Sơn (mẫu),Mau Son province (sample),province,,,
436,Huyện Đồng Mẫu (mẫu),Dong Mau district (sample),district,42,,2025-06-30
18001,Xã Đồng Tâm (mẫu),Dong Tam commune (sample),commune,436,,2025-06-30
18004,Xã Hòa Bình (mẫu),Hoa Binh commune (sample),commune,436,,2025-06-30
18001,Xã Đồng Tâm mới (mẫu),New Dong Tam commune (sample),commune,42,2025-07-01,
";

const CROSSWALK: &str = "from,to,share,date
18001,18001,1,2025-07-01
18004,18001,1,2025-07-01
";

fn project(dir: &Path, data: &str) {
    std::fs::write(dir.join("areas.csv"), AREAS).unwrap();
    std::fs::write(dir.join("crosswalk.csv"), CROSSWALK).unwrap();
    std::fs::write(dir.join("dan-so.csv"), data).unwrap();
    std::fs::write(
        dir.join("gds.toml"),
        "schema-version = 1\nname = { vi = \"Tỉnh Mẫu Sơn (mẫu)\", en = \"Mau Son (sample)\" }\nsynthetic = true\nareas = \"areas.csv\"\ncrosswalk = \"crosswalk.csv\"\n\n[[sources]]\ndataset = \"persons\"\npath = \"dan-so.csv\"\ntable = \"aggregate\"\ncount = \"count\"\n",
    )
    .unwrap();
}

fn row<'a>(r: &'a str, prefix: &str) -> Option<&'a str> {
    r.lines().find(|l| l.starts_with(prefix))
}

#[test]
fn a_reused_code_is_each_unit_in_its_own_year() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // 2024: the old communes 18001 and 18004 under district 436. 2026: the new 18001 (the
    // two merged) directly under the province.
    project(
        dir,
        "period,area,sex,count\n2024,18001,M,590\n2024,18001,F,610\n2024,18004,M,410\n2024,18004,F,390\n2026,18001,M,1000\n2026,18001,F,1010\n",
    );
    let o = gds(dir, &["validate", "gds.toml"]);
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let out = dir.join("r.csv");
    let o = gds(dir, &["compute", "gds.toml", "--indicators", "population", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = std::fs::read_to_string(&out).unwrap();
    let value = |prefix: &str| -> f64 {
        let l = row(&r, prefix).unwrap_or_else(|| panic!("no row {prefix} in\n{r}"));
        l.split(',').nth(5).unwrap().parse().unwrap()
    };
    // 2024: the old unit, under its district.
    assert_eq!(value("population,18001,commune,2024,_T,"), 1200.0);
    assert_eq!(value("population,436,district,2024,_T,"), 2000.0);
    assert_eq!(value("population,42,province,2024,_T,"), 2000.0);
    // 2026: the new unit under the same code, under the province; no district that year.
    assert_eq!(value("population,18001,commune,2026,_T,"), 2010.0);
    assert_eq!(value("population,42,province,2026,_T,"), 2010.0);
    assert!(row(&r, "population,436,district,2026,").is_none(), "{r}");
}

#[test]
fn a_code_of_a_unit_that_no_longer_exists_is_refused_in_that_year() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir, "period,area,sex,count\n2026,18004,M,410\n2026,18004,F,390\n");
    let o = gds(dir, &["validate", "gds.toml"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success(), "{text}");
    assert!(text.contains("area \"18004\" did not exist in 2026"), "{text}");
}

#[test]
fn two_units_of_one_code_at_the_same_time_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir, "period,area,sex,count\n2024,18001,M,590\n");
    // The new unit starts before the old one ends.
    std::fs::write(dir.join("areas.csv"), AREAS.replace("2025-07-01,\n", "2025-06-01,\n")).unwrap();
    let o = gds(dir, &["validate", "gds.toml"]);
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(!o.status.success(), "{text}");
    assert!(
        text.contains("areas.csv:6") && text.contains("appears twice (first on line 4) for the same time"),
        "{text}"
    );
}

#[test]
fn gds_areas_shows_the_hierarchy_of_each_date_and_the_reused_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir, "period,area,sex,count\n2024,18001,M,590\n");
    let before = gds(dir, &["areas", "gds.toml", "--on", "2024-12-31"]);
    let text = String::from_utf8_lossy(&before.stdout);
    assert!(before.status.success(), "{text}");
    assert!(text.contains("Areas on 2024-12-31: 4 units"), "{text}");
    assert!(text.contains("    436 Huyện Đồng Mẫu (mẫu) (district, … – 2025-06-30)"), "{text}");
    assert!(text.contains("      18001 Xã Đồng Tâm (mẫu) (commune, … – 2025-06-30)"), "{text}");
    let after = gds(dir, &["areas", "gds.toml", "--on", "2025-07-01"]);
    let text = String::from_utf8_lossy(&after.stdout);
    assert!(text.contains("Areas on 2025-07-01: 2 units"), "{text}");
    assert!(text.contains("    18001 Xã Đồng Tâm mới (mẫu) (commune, 2025-07-01 – …)"), "{text}");
    assert!(!text.contains("436 "), "{text}");
    assert!(text.contains("code 18001 names 2 units over time"), "{text}");
    let bad = gds(dir, &["areas", "gds.toml", "--on", "2025-7-1"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn a_reused_code_is_named_as_the_unit_of_its_period() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(
        dir,
        "period,area,sex,count\n2024,18001,M,590\n2024,18001,F,610\n2024,18004,M,410\n2024,18004,F,390\n2026,18001,M,1000\n2026,18001,F,1010\n",
    );
    // The printed summary and the spreadsheet both name each row's unit of its own year.
    let o = gds(dir, &["compute", "gds.toml", "--indicators", "population", "--level", "commune"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    let line = |year: &str| {
        text.lines()
            .find(|l| l.contains(year) && (l.contains("Xã Đồng Tâm")))
            .unwrap_or_else(|| panic!("no 18001 row of {year} in\n{text}"))
            .to_string()
    };
    assert!(!line("2024").contains("Xã Đồng Tâm mới"), "2024 is the old unit: {}", line("2024"));
    assert!(line("2026").contains("Xã Đồng Tâm mới"), "2026 is the new unit: {}", line("2026"));

    let out = dir.join("r.xlsx");
    let o = gds(dir, &["compute", "gds.toml", "--indicators", "population", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let mut names = std::collections::BTreeMap::new();
    for sheet in wb.sheet_names() {
        let range = wb.worksheet_range(&sheet).unwrap();
        for r in range.rows() {
            let cells: Vec<String> = r.iter().map(|c| c.to_string()).collect();
            for year in ["2024", "2026"] {
                if cells.iter().any(|c| c == year) && cells.iter().any(|c| c.starts_with("Xã Đồng Tâm"))
                {
                    let name = cells.iter().find(|c| c.starts_with("Xã Đồng Tâm")).unwrap().clone();
                    names.entry(year).or_insert_with(std::collections::BTreeSet::new).insert(name);
                }
            }
        }
    }
    assert_eq!(names["2024"].iter().collect::<Vec<_>>(), ["Xã Đồng Tâm (mẫu)"], "{names:?}");
    assert_eq!(names["2026"].iter().collect::<Vec<_>>(), ["Xã Đồng Tâm mới (mẫu)"], "{names:?}");
}
