//! End to end: the `gds indicators` commands on the real binary.

use std::process::Command;

fn gds(args: &[&str]) -> (i32, String, String) {
    gds_in("en", args)
}

/// gds with its messages in `lang` (`GDS_LANG`).
fn gds_in(lang: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(args)
        .env("GDS_LANG", lang)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run gds");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn check_passes_on_the_shipped_catalogue_and_fails_on_the_broken_one() {
    let (code, out, _) = gds(&["indicators", "check"]);
    assert_eq!(code, 0);
    assert!(out.contains("OK"), "{out}");
    let (code, _, err) = gds(&["indicators", "check", "tests/fixtures/broken-catalogue"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("tests/fixtures/broken-catalogue/demo/bad-filter.toml:16:12"), "{err}");
    assert!(err.contains("10 problem(s) found") || err.contains("problem(s) found"), "{err}");
    assert!(err.contains("when-absent: \"X\" is not a code of \"sex\""), "{err}");
    // In Vietnamese: every diagnostic, its hint, the count and the verdict.
    let (code, out, _) = gds_in("vi", &["indicators", "check"]);
    assert_eq!(code, 0);
    assert!(out.contains("bộ chỉ tiêu có sẵn: ĐẠT — ") && out.contains(" chỉ tiêu ("), "{out}");
    let (code, _, err) = gds_in("vi", &["indicators", "check", "tests/fixtures/broken-catalogue"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("lỗi: tests/fixtures/broken-catalogue/demo/bad-filter.toml:16:12: "), "{err}");
    assert!(err.contains("when-absent: \"X\" không phải là mã của \"sex\""), "{err}");
    assert!(err.contains("tìm thấy ") && err.contains("KHÔNG HỢP LỆ"), "{err}");
    for english in ["error:", " is not ", "problem(s)", "hint:", "INVALID"] {
        assert!(!err.contains(english), "{english:?} in\n{err}");
    }
}

#[test]
fn list_filters_and_formats() {
    let (code, out, _) = gds(&["indicators", "list", "--format", "json", "--lang", "en"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v.as_array().unwrap().len() >= 80);
    let (_, out, _) = gds(&["indicators", "list", "--framework", "sdg5", "--format", "csv"]);
    assert!(out.lines().count() >= 15, "{out}");
    assert!(out.starts_with("id,name,theme"));
    // Accent-insensitive search in both languages.
    let (_, a, _) = gds(&["indicators", "list", "--search", "gioi tinh khi sinh", "--format", "csv"]);
    let (_, b, _) = gds(&["indicators", "list", "--search", "giới tính khi sinh", "--format", "csv"]);
    assert_eq!(a, b);
    assert!(a.contains("srb,"), "{a}");
    let (_, c, _) = gds(&["indicators", "list", "--computable", "--format", "json"]);
    let c: serde_json::Value = serde_json::from_str(&c).unwrap();
    assert!(c.as_array().unwrap().iter().all(|i| i["computable"] == true));
    let (code, _, err) = gds(&["indicators", "list", "--theme", "labor"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown theme \"labor\""), "{err}");
}

#[test]
fn show_gives_the_resolved_definition() {
    let (code, out, _) = gds(&["indicators", "show", "srb"]);
    assert_eq!(code, 0);
    assert!(out.contains("Tỷ số giới tính khi sinh"), "{out}");
    assert!(out.contains("103 – 107"), "{out}");
    let (_, out, _) = gds(&["indicators", "show", "srb", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["measure"]["kind"], "sex-ratio");
    let (code, _, err) = gds(&["indicators", "show", "srbb"]);
    assert_eq!(code, 1);
    assert!(err.contains("did you mean \"srb\"?"), "{err}");
    let (code, out, _) = gds(&["--version"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("gds "));
}

/// Every command that takes an indicator id suggests the nearest one (a transposed short id,
/// a missing letter).
#[test]
fn a_mistyped_id_gets_a_suggestion_in_every_command() {
    let (code, _, err) = gds(&["indicators", "show", "sbr"]);
    assert_eq!(code, 1);
    assert!(err.contains(r#"did you mean "srb"?"#), "{err}");
    let (_, _, err) = gds(&["indicators", "show", "lfp"]);
    assert!(err.contains(r#"did you mean "lfpr"?"#), "{err}");
    let (code, _, err) = gds(&[
        "compute",
        "data-samples/minh-lam/gds.toml",
        "--indicators",
        "sbr",
        "--out",
        "/nonexistent/x.csv",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains(r#"did you mean "srb"?"#), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("r.csv");
    let r = results.to_str().unwrap();
    let (code, _, err) = gds(&[
        "compute",
        "data-samples/minh-lam/gds.toml",
        "--period",
        "2024",
        "--indicators",
        "srb",
        "--out",
        r,
    ]);
    assert_eq!(code, 0, "{err}");
    let out = dir.path().join("c.svg");
    let (code, _, err) =
        gds(&["chart", "--results", r, "--indicator", "sbr", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains(r#"did you mean "srb"?"#), "{err}");
    let (_, _, err) = gds(&["indicators", "show", "zzzz-nothing"]);
    assert!(err.contains("gds indicators list"), "{err}");
}

/// `indicators list` fits the terminal's width (`COLUMNS`), ids unbroken; a closed pipe
/// (`| head`) is no error.
#[test]
fn the_list_fits_the_terminal() {
    let out = Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(["indicators", "list", "--lang", "vi"])
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest <= 100, "{widest} characters wide");
    assert!(text.lines().any(|l| l.trim_start().starts_with("account-ownership ")), "ids are never wrapped");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(["indicators", "list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("internal error"), "{err}");
}
