//! `gds cube` and `gds compute --from-cubes` on the bundled sample: the cubes do not depend on
//! the number of threads, and computing from them gives the results of the data, byte for byte.

use std::path::Path;
use std::process::Command;

fn gds(args: &[&str], threads: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(args)
        .env("POLARS_MAX_THREADS", threads)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run gds")
}

fn ok(o: &std::process::Output) {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

#[test]
fn cubes_are_bit_identical_on_one_and_two_threads_and_give_the_results_of_the_data() {
    let tmp = tempfile::tempdir().unwrap();
    let project = "data-samples/minh-lam/gds.toml";
    let one = tmp.path().join("one");
    let two = tmp.path().join("two");
    let (one_s, two_s) = (one.to_str().unwrap(), two.to_str().unwrap());
    ok(&gds(&["cube", project, "--period", "2024", "--out", one_s], "1"));
    ok(&gds(&["cube", project, "--period", "2024", "--out", two_s], "2"));
    let (a, b) = (files(&one), files(&two));
    assert!(a.len() > 5, "{:?}", a.iter().map(|x| &x.0).collect::<Vec<_>>());
    assert_eq!(a.iter().map(|x| &x.0).collect::<Vec<_>>(), b.iter().map(|x| &x.0).collect::<Vec<_>>());
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between 1 and 2 threads");
    }
    // Computing from the cubes gives the results of the data, byte for byte.
    let from_data = tmp.path().join("data.csv");
    let from_cubes = tmp.path().join("cubes.csv");
    ok(&gds(&["compute", project, "--period", "2024", "--out", from_data.to_str().unwrap()], "2"));
    ok(&gds(
        &[
            "compute",
            project,
            "--period",
            "2024",
            "--from-cubes",
            two_s,
            "--out",
            from_cubes.to_str().unwrap(),
        ],
        "2",
    ));
    let (d, c) = (std::fs::read(&from_data).unwrap(), std::fs::read(&from_cubes).unwrap());
    assert!(d.len() > 10_000);
    assert!(d == c, "results from the cubes differ from the results of the data");
}

#[test]
fn cubes_from_data_that_fail_checks_need_force_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/official-codes");
    for f in ["areas.csv", "persons.csv"] {
        std::fs::copy(fx.join(f), tmp.path().join(f)).unwrap();
    }
    // An age of 250 fails the range check.
    let text = std::fs::read_to_string(tmp.path().join("persons.csv")).unwrap();
    std::fs::write(tmp.path().join("persons.csv"), text.replacen(",60,", ",250,", 1)).unwrap();
    std::fs::copy(fx.join("gds-csv.toml"), tmp.path().join("gds.toml")).unwrap();
    let p = tmp.path().join("gds.toml");
    let cubes = tmp.path().join("cubes");
    let (p, cubes_s) = (p.to_str().unwrap(), cubes.to_str().unwrap());
    let o = gds(&["cube", p, "--out", cubes_s], "2");
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!cubes.exists());
    ok(&gds(&["cube", p, "--force", "--out", cubes_s], "2"));
    let out = tmp.path().join("r.csv");
    let o = gds(&["compute", p, "--from-cubes", cubes_s, "--out", out.to_str().unwrap()], "2");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert!(!out.exists());
    ok(&gds(&["compute", p, "--from-cubes", cubes_s, "--force", "--out", out.to_str().unwrap()], "2"));
    let r = std::fs::read_to_string(&out).unwrap();
    assert!(r.contains(",unverified,"), "{}", &r[..r.len().min(600)]);
    assert!(!r.contains(",ok,"));
}
