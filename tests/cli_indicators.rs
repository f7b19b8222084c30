//! End to end: the `gds indicators` commands on the real binary.

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
