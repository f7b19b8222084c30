//! Real-shaped data: Vietnam's official area codes are text with leading zeros (2-digit
//! province, 3-digit district, 5-digit commune). The same persons in CSV, XLSX (text cells
//! under a title row) and Parquet must give byte-identical results, with the commune,
//! district and province rows all present under their official codes.

use std::process::Command;

fn compute(project: &str, out: &std::path::Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(["compute", project, "--period", "2024", "--out"])
        .arg(out)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/official-codes"))
        .output()
        .expect("run gds");
    assert!(o.status.success(), "{project}: {}", String::from_utf8_lossy(&o.stderr));
    std::fs::read_to_string(out).expect("results")
}

#[test]
fn zero_padded_codes_survive_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let csv = compute("gds-csv.toml", &dir.path().join("csv.csv"));
    let xlsx = compute("gds-xlsx.toml", &dir.path().join("xlsx.csv"));
    let parquet = compute("gds-parquet.toml", &dir.path().join("parquet.csv"));
    assert_eq!(csv, xlsx, "CSV and XLSX differ");
    assert_eq!(csv, parquet, "CSV and Parquet differ");
    for (code, level) in [
        ("01", "province"),
        ("001", "district"),
        ("002", "district"),
        ("00001", "commune"),
        ("00040", "commune"),
    ] {
        let needle = format!("\npopulation,{code},{level},2024,");
        assert!(csv.contains(&needle), "no {level} row {code:?} in\n{}", &csv[..csv.len().min(2000)]);
    }
    // No code lost its zeros: no area column holds "1", "4" or "40".
    for line in csv.lines().skip(1) {
        let area = line.split(',').nth(1).unwrap_or_default();
        assert!(area == "_T" || matches!(area.len(), 2 | 3 | 5), "area {area:?} in {line}");
    }
    // The province is the sum of its districts: 5 communes × 40 persons.
    let province =
        csv.lines().find(|l| l.starts_with("population,01,province,2024,_T,")).expect("province total");
    assert!(province.contains(",200,"), "{province}");
}
