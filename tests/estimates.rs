//! Tables of published estimates (`table = "estimates"`): a survey office's rates by area and
//! sex with their standard errors and numbers of observations go in as the results of their
//! indicator — intervals from the standard errors, reliability from the coefficient of
//! variation and n, gaps between two estimates with the standard error of a difference —
//! and a table that cannot say how reliable its numbers are is refused.

use std::path::Path;
use std::process::{Command, Output};

fn gds(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gds")).args(args).current_dir(dir).output().expect("run gds")
}

const AREAS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/layouts/areas.csv");

/// A provincial LFS table as published: a title, then code, name, sex, rate, SE, n.
const TABLE: &str = "Biểu 3. Tỷ lệ tham gia lực lượng lao động năm 2024 (%)
Mã,Đơn vị,Giới tính,Tỷ lệ (%),Sai số chuẩn,Số quan sát
42,Tỉnh Mẫu Sơn,Tổng số,68.2,0.9,2400
42,Tỉnh Mẫu Sơn,Nam,74.5,1.1,1150
42,Tỉnh Mẫu Sơn,Nữ,62.3,1.2,1250
436,Huyện Đồng Mẫu,Nam,73.0,2.5,400
436,Huyện Đồng Mẫu,Nữ,60.0,2.6,420
18001,Xã Đồng Tâm,Nữ,55.0,9.8,40
18001,Xã Đồng Tâm,Nam,70.0,25.0,35
";

const SOURCE: &str = "[[sources]]
dataset = \"labour-force\"
path = \"lfs.csv\"
table = \"estimates\"
indicator = \"lfpr\"
estimate = \"Tỷ lệ (%)\"
se = \"Sai số chuẩn\"
n = \"Số quan sát\"
period = 2024
header-row = 2
rename = { \"Mã\" = \"area\" }
";

fn project(dir: &Path, table: &str, source: &str) {
    std::fs::copy(AREAS, dir.join("areas.csv")).unwrap();
    std::fs::write(dir.join("lfs.csv"), table).unwrap();
    std::fs::write(
        dir.join("gds.toml"),
        format!("schema-version = 1\nname = {{ vi = \"Tỉnh Mẫu Sơn (mẫu)\", en = \"Mau Son (sample)\" }}\nsynthetic = true\nareas = \"areas.csv\"\n\n{source}"),
    )
    .unwrap();
}

/// The fields of the result row that starts with `prefix`.
fn row(r: &str, prefix: &str) -> Vec<String> {
    r.lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no row {prefix} in\n{r}"))
        .split(',')
        .map(str::to_string)
        .collect()
}

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

#[test]
fn published_estimates_are_results_with_their_own_intervals() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    project(dir, TABLE, SOURCE);
    let o = gds(dir, &["validate", "gds.toml"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let out = dir.join("r.csv");
    let o =
        gds(dir, &["compute", "gds.toml", "--indicators", "lfpr,lfpr-gap", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = std::fs::read_to_string(&out).unwrap();
    let z = 1.959963984540054;
    // The province's women: 62.3 ± z · 1.2, n = 1250, as published.
    let f = row(&r, "lfpr,42,province,2024,F,");
    assert_eq!(num(&f[5]), 62.3);
    assert!((num(&f[9]) - (62.3 - z * 1.2)).abs() < 1e-9 && (num(&f[10]) - (62.3 + z * 1.2)).abs() < 1e-9);
    assert_eq!((f[8].as_str(), f[12].as_str(), f[13].as_str()), ("1250", "published-se", "ok"));
    // "Tổng số" is the total of both sexes.
    assert_eq!(num(&row(&r, "lfpr,42,province,2024,_T,")[5]), 68.2);
    // The gap F − M, with the standard error of a difference of independent estimates.
    let g = row(&r, "lfpr-gap,42,province,2024,_T,");
    let se = (1.2f64.powi(2) + 1.1f64.powi(2)).sqrt();
    assert!((num(&g[5]) + 12.2).abs() < 1e-9);
    assert!((num(&g[9]) - (-12.2 - z * se)).abs() < 1e-9 && (num(&g[10]) - (-12.2 + z * se)).abs() < 1e-9);
    // CV 9.8 / 55 = 17.8 %: published with caution; 25 / 70 = 35.7 %: withheld, and so is
    // the gap that would reveal it.
    let c = row(&r, "lfpr,18001,commune,2024,F,");
    assert_eq!((c[5].as_str(), c[13].as_str()), ("55", "low-n"), "{c:?}");
    assert!(c[14].contains("CV = 17.8 %"), "{c:?}");
    let w = row(&r, "lfpr,18001,commune,2024,M,");
    assert_eq!((w[5].as_str(), w[13].as_str()), ("", "suppressed"), "{w:?}");
    let wg = row(&r, "lfpr-gap,18001,commune,2024,_T,");
    assert_eq!(
        (wg[5].as_str(), wg[6].as_str(), wg[7].as_str(), wg[13].as_str()),
        ("", "", "", "suppressed"),
        "{wg:?}"
    );
    // Nothing is rolled up: the table has no estimate of the district's total.
    assert!(!r.contains("lfpr,436,district,2024,_T,"), "{r}");
    // A CV in the caution band does not waive the n rule: n = 20 < 25 is withheld.
    project(dir, &TABLE.replace("55.0,9.8,40", "55.0,9.8,20"), SOURCE);
    let o = gds(dir, &["compute", "gds.toml", "--indicators", "lfpr", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = std::fs::read_to_string(&out).unwrap();
    let c = row(&r, "lfpr,18001,commune,2024,F,");
    assert_eq!((c[5].as_str(), c[13].as_str()), ("", "suppressed"), "{c:?}");
    // Under --as-of the estimates are skipped with the reason, not an error for all.
    let o = gds(dir, &["explain", "gds.toml", "--indicators", "lfpr,lfpr-gap", "--as-of", "2025-07-01"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("cannot be mapped to the units of another date"), "{text}");
}

#[test]
fn a_table_of_estimates_must_say_how_reliable_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let check = |source: &str, table: &str, needles: &[&str]| {
        project(dir, table, source);
        let o = gds(dir, &["validate", "gds.toml"]);
        let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
        assert!(!o.status.success(), "accepted:\n{source}\n{text}");
        for n in needles {
            assert!(text.contains(n), "{n:?} not in\n{text}");
        }
    };
    // Neither standard errors nor n.
    let bare = SOURCE.replace("se = \"Sai số chuẩn\"\n", "").replace("n = \"Số quan sát\"\n", "");
    check(&bare, TABLE, &["gds.toml", "standard errors or its numbers of observations"]);
    // A negative standard error, an estimate that is no number: at their lines.
    check(
        SOURCE,
        &TABLE.replace("62.3,1.2,1250", "62.3,-1.2,1250"),
        &["lfs.csv:5", "\"-1.2\" is not a standard error"],
    );
    check(SOURCE, &TABLE.replace("60.0,2.6,420", "sáu mươi,2.6,420"), &["lfs.csv:7", "is not an estimate"]);
    // A derived indicator is computed from its base, never read as estimates.
    check(
        &SOURCE.replace("indicator = \"lfpr\"", "indicator = \"lfpr-gap\""),
        TABLE,
        &["computed from other results"],
    );
    // Estimate keys on a source of records are refused, not ignored.
    let records = SOURCE.replace("table = \"estimates\"\n", "");
    check(&records, TABLE, &["belongs to a table of published estimates"]);
    // One result twice.
    check(SOURCE, &format!("{TABLE}42,Tỉnh Mẫu Sơn,Nữ,62.0,1.2,1250\n"), &["appear more than once"]);
}
