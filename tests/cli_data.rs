//! End to end: `gds validate` on broken data lists every problem with file, row, column,
//! value and hint, exits 1, and never touches the inputs.

use std::process::Command;

fn gds(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run gds");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn digest(dir: &str) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

#[test]
fn validate_reports_every_class_of_problem() {
    let before = digest("tests/fixtures/broken-data");
    let (code, out, err) = gds(&["validate", "tests/fixtures/broken-data/gds.toml"]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!(out);
    for needle in [
        "persons.csv:3: column \"sex\": unknown sex code \"Nư\" — hint: did you mean \"Nữ\"?",
        "numeric codes are never guessed",
        "value \"130\" is outside the possible range",
        "appear more than once",
        "area \"X9\" is not in the area list",
        "did not exist in 2024",
        "have no person_id",
        "weight \"0\" is not positive",
        "\"abc\" is not a number",
        "female + male exceeds the total",
        "sub-areas do not sum to their parent",
        "legacy Vietnamese encoding Windows-1258",
        "required column \"sex\" of dataset \"council-deputies\" is missing",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
    assert_eq!(before, digest("tests/fixtures/broken-data"), "inputs must not be modified");
    let (code, out, _) = gds(&["validate", "tests/fixtures/broken-data/gds.toml", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["findings"].as_array().unwrap().len() >= 13);
}

#[test]
fn a_bad_project_file_is_a_clear_error() {
    let (code, _, err) = gds(&["validate", "tests/fixtures/does-not-exist.toml"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read the project file"), "{err}");
}

/// Found by fuzzing (results_file target, crash 58ddda61): a "results.csv" that starts with the
/// zlib magic bytes made polars' CSV reader panic ("activate 'decompress' feature"). It is an
/// error naming the file now.
#[test]
fn a_compressed_results_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("results.csv");
    std::fs::write(&f, b"x\x01:\x9a\xca\x00\x03").unwrap();
    let out = dir.path().join("srb.png");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(["chart", "--results"])
        .arg(&f)
        .args(["--indicator", "srb", "--kind", "srb", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("results.csv") && err.contains("zlib-compressed"), "{err}");
    assert!(!out.exists());
}

#[test]
fn validate_speaks_vietnamese_when_asked() {
    let (code, out, _) = gds(&["validate", "tests/fixtures/broken-data/gds.toml", "--lang", "vi"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() > 10, "{out}");
    for line in &lines[..lines.len() - 1] {
        assert!(line.starts_with("lỗi: ") || line.starts_with("cảnh báo: "), "{line}");
        // Every message and hint of this corpus has its Vietnamese text.
        for english in
            [" of ", " is ", " not ", " the ", " must ", "have no", "hint:", " rows", "did you mean"]
        {
            assert!(!line.contains(english), "English {english:?} in: {line}");
        }
    }
    assert!(out.contains("mã \"Nư\" không có trong danh mục sex — gợi ý: có phải là \"Nữ\"?"), "{out}");
    assert!(lines.last().unwrap().ends_with("đã kiểm tra 3 tệp, 20 dòng; 14 lỗi, 1 cảnh báo"), "{out}");
    // The environment asks the same way.
    let o = Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(["validate", "tests/fixtures/broken-data/gds.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("GDS_LANG", "vi")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(o.stdout).unwrap(), out);
}
