//! Fault tests: a run killed with SIGKILL at any moment leaves either the previous outputs or
//! the new ones, whole — never a half-written file, never a mix of old and new files. The
//! temporary files a killed run leaves beside the target (`.gds-<pid>-…`) are removed by the
//! next run that writes there.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PROJECT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data-samples/fixtures/tiny/gds.toml");

fn gds() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gds"));
    c.stdout(Stdio::null()).stderr(Stdio::null());
    c
}

/// Every file under `dir` with its bytes, relative paths, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push((p.strip_prefix(root).unwrap().to_path_buf(), std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Run `cmd` and kill it after `after` (or let it finish first).
fn run_and_kill(mut cmd: Command, after: Duration) {
    let mut child = cmd.spawn().expect("spawn gds");
    let start = Instant::now();
    while start.elapsed() < after {
        if child.try_wait().expect("wait").is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Delays from 0 to about the length of a whole run, so that kills land in every stage.
fn delays(whole: Duration) -> Vec<Duration> {
    let steps = 12u32;
    (0..=steps).map(|i| whole * i / steps).collect()
}

#[test]
fn a_killed_compute_leaves_the_old_file_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    // The complete new output, for comparison.
    let reference = dir.path().join("reference.parquet");
    let t = Instant::now();
    let ok = gds().args(["compute", PROJECT, "--out"]).arg(&reference).status().unwrap();
    assert!(ok.success());
    let whole = t.elapsed();
    let new = std::fs::read(&reference).unwrap();
    for (i, d) in delays(whole).into_iter().enumerate() {
        let target_dir = dir.path().join(format!("run{i}"));
        std::fs::create_dir_all(&target_dir).unwrap();
        let target = target_dir.join("x.parquet");
        std::fs::write(&target, b"the previous results").unwrap();
        let mut cmd = gds();
        cmd.args(["compute", PROJECT, "--out"]).arg(&target);
        run_and_kill(cmd, d);
        let now = std::fs::read(&target).unwrap();
        assert!(
            now == b"the previous results" || now == new,
            "kill after {d:?}: {} bytes, neither old nor new",
            now.len()
        );
        // The next run removes what the killed one left behind.
        let ok = gds().args(["compute", PROJECT, "--out"]).arg(&target).status().unwrap();
        assert!(ok.success());
        let names: Vec<String> = std::fs::read_dir(&target_dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into())
            .collect();
        assert_eq!(names, vec!["x.parquet".to_string()], "kill after {d:?}: leftovers {names:?}");
    }
}

#[test]
fn a_killed_report_leaves_the_old_package_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let report = |out: &Path| {
        let mut c = gds();
        c.args([
            "report",
            PROJECT,
            "--period",
            "2024",
            "--no-timestamp",
            "--dpi",
            "96",
            "--overwrite",
            "--out",
        ])
        .arg(out);
        c
    };
    let reference = dir.path().join("reference");
    let t = Instant::now();
    assert!(report(&reference).status().unwrap().success());
    let whole = t.elapsed();
    let new = snapshot(&reference);
    assert!(new.iter().any(|(p, _)| p.ends_with("report-vi.docx")));
    for (i, d) in delays(whole).into_iter().enumerate() {
        for earlier in [false, true] {
            let parent = dir.path().join(format!("run{i}-{earlier}"));
            let target = parent.join("report");
            std::fs::create_dir_all(&parent).unwrap();
            let old = if earlier {
                std::fs::create_dir_all(target.join("charts")).unwrap();
                std::fs::write(target.join("report.html"), b"the previous report").unwrap();
                std::fs::write(target.join("results.csv"), b"the previous results").unwrap();
                std::fs::write(target.join("charts/srb.png"), b"the previous chart").unwrap();
                Some(snapshot(&target))
            } else {
                None
            };
            run_and_kill(report(&target), d);
            let now = snapshot(&target);
            let whole_old = old.as_ref().is_some_and(|o| *o == now) || (old.is_none() && !target.exists());
            assert!(
                whole_old || now == new,
                "kill after {d:?} (earlier package: {earlier}): a mix of {} files",
                now.len()
            );
        }
    }
}
