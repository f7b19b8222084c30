//! A screening stored for a file's bytes stands for the next read of the same bytes, and for
//! nothing else: a changed byte is screened again (and refused when it is wrong), and
//! `GDS_NO_CACHE` neither reads nor writes the store.

use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// `gds compute` of the population on `project` with the store in `store`: exit code, the
/// result file's bytes (empty when none was written) and stderr.
fn compute(project: &Path, store: &Path, extra_env: &[(&str, &str)]) -> (i32, Vec<u8>, String) {
    let out = project.parent().unwrap().join("r.csv");
    let _ = std::fs::remove_file(&out);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gds"));
    cmd.args(["compute", project.to_str().unwrap(), "--period", "2024", "--indicators", "population"])
        .args(["--no-suppress", "--out", out.to_str().unwrap()])
        .env("GDS_CACHE_DIR", store)
        .env("GDS_PROFILE", "1")
        .env_remove("GDS_NO_CACHE");
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run gds");
    let bytes = std::fs::read(&out).unwrap_or_default();
    (o.status.code().unwrap_or(-1), bytes, String::from_utf8_lossy(&o.stderr).into_owned())
}

/// A copy of the tiny fixture in a temporary folder: (the folder, the project's folder, its
/// gds.toml, a store beside it not yet created).
fn tiny() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tiny");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data-samples/fixtures/tiny"), &dir);
    let (project, store) = (dir.join("gds.toml"), tmp.path().join("store"));
    (tmp, dir, project, store)
}

fn stored(store: &Path) -> usize {
    std::fs::read_dir(store).map_or(0, |d| d.filter(|e| e.as_ref().is_ok_and(|e| e.path().is_file())).count())
}

#[test]
fn a_stored_screening_stands_only_for_the_same_bytes() {
    let (_tmp, dir, project, store) = tiny();

    // First read: the persons file is screened in the cube's read, and its counts stored
    // (with those of the project's other sources, which the gate screens too).
    let (code, first, err) = compute(&project, &store, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("cube of persons from persons.csv, screened"), "{err}");
    let sources = stored(&store);
    assert!(sources >= 1, "nothing stored");

    // Same bytes: the stored screening stands for the read, with the same results.
    let (code, second, err) = compute(&project, &store, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("cube of persons from persons.csv, screening stored"), "{err}");
    assert_eq!(first, second, "results differ with a stored screening");
    assert!(!err.contains("screening every value"), "no source screened again: {err}");
    assert_eq!(stored(&store), sources);

    // Switched off: screened again, nothing more stored.
    let (code, third, err) = compute(&project, &store, &[("GDS_NO_CACHE", "1")]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("cube of persons from persons.csv, screened"), "{err}");
    assert_eq!(first, third);
    assert_eq!(stored(&store), sources);

    // One byte changed (a woman's sex F → X, same length and the same file size): a new
    // key, screened again, and refused with the value named; nothing written.
    let persons = dir.join("persons.csv");
    let text = std::fs::read_to_string(&persons).unwrap();
    let changed = text.replacen("P02,2024,T01,F,", "P02,2024,T01,X,", 1);
    assert_ne!(text, changed);
    assert_eq!(text.len(), changed.len());
    std::fs::write(&persons, changed).unwrap();
    let (code, bytes, err) = compute(&project, &store, &[]);
    assert_eq!(code, 1, "a changed file must be screened again: {err}");
    assert!(err.contains("cube of persons from persons.csv, screened"), "{err}");
    assert!(err.contains("\"X\""), "the unknown code is named: {err}");
    assert!(bytes.is_empty(), "nothing is published from data that fail the gate");
    assert_eq!(stored(&store), sources + 1, "only the changed file is screened again");

    // Back to the first bytes: the first screening is found again.
    std::fs::write(&persons, text).unwrap();
    let (code, again, err) = compute(&project, &store, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("screening stored"), "{err}");
    assert_eq!(first, again);
}

/// The lines of a run's stderr that say what gds found (not its timings).
fn findings(err: &str) -> Vec<&str> {
    err.lines().filter(|l| !l.trim_start().starts_with('[') && !l.contains(" s  ")).collect()
}

#[test]
fn a_stored_screening_changes_nothing_gds_says_and_a_broken_store_is_no_error() {
    let (tmp, dir, project, store) = tiny();
    let (code, clean, err) = compute(&project, &store, &[]);
    assert_eq!(code, 0, "{err}");

    // Bad bytes, twice: the second run takes the stored counts (above zero) and says exactly
    // what the first said.
    let persons = dir.join("persons.csv");
    let text = std::fs::read_to_string(&persons).unwrap();
    std::fs::write(&persons, text.replacen("P02,2024,T01,F,", "P02,2024,T01,X,", 1)).unwrap();
    let (code, _, first) = compute(&project, &store, &[]);
    assert_eq!(code, 1, "{first}");
    let (code, bytes, second) = compute(&project, &store, &[]);
    assert_eq!(code, 1, "{second}");
    assert!(second.contains("screening stored"), "{second}");
    assert!(bytes.is_empty());
    assert_eq!(findings(&first), findings(&second));

    // Same bytes, another declaration: X declared a spelling of F is screened again, and the
    // results are those of the clean file.
    let toml = std::fs::read_to_string(&project).unwrap();
    let declared = toml.replacen(
        "path = \"persons.csv\"\n",
        "path = \"persons.csv\"\ncodes = { sex = { X = \"F\", F = \"F\", M = \"M\" } }\n",
        1,
    );
    assert_ne!(toml, declared);
    std::fs::write(&project, declared).unwrap();
    let (code, bytes, err) = compute(&project, &store, &[]);
    assert_eq!(code, 0, "a changed declaration must be screened again: {err}");
    assert!(err.contains("cube of persons from persons.csv, screened"), "{err}");
    assert_eq!(bytes, clean);
    std::fs::write(&project, toml).unwrap();
    std::fs::write(&persons, text).unwrap();

    // A store whose entries are broken is a miss; a store that is a file is none.
    for e in std::fs::read_dir(&store).unwrap() {
        std::fs::write(e.unwrap().path(), "{").unwrap();
    }
    let (code, bytes, err) = compute(&project, &store, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("cube of persons from persons.csv, screened"), "{err}");
    assert_eq!(bytes, clean);
    let not_a_folder = tmp.path().join("a-file");
    std::fs::write(&not_a_folder, "x").unwrap();
    let (code, bytes, err) = compute(&project, &not_a_folder, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(bytes, clean);
}
