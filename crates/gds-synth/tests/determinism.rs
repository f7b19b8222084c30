//! Same seed → byte-identical files (whatever the number of threads); another seed → other
//! files; failures name the file and leave no temporary files behind.

use gds_synth::{MicroFormat, SynthConfig, SynthError, generate};
use std::collections::BTreeMap;
use std::path::Path;

fn read_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn cfg(dir: &Path, seed: u64, persons: u64, threads: usize) -> SynthConfig {
    SynthConfig { seed, persons, threads, ..SynthConfig::new(dir) }
}

#[test]
fn same_seed_gives_identical_bytes_whatever_the_threads() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let sa = generate(&cfg(a.path(), 7, 6_000, 1), &mut |_, _, _| {}).unwrap();
    let sb = generate(&cfg(b.path(), 7, 6_000, 3), &mut |_, _, _| {}).unwrap();
    assert_eq!(sa, SynthSummaryPathFix::with_dir(sb, a.path()));
    let (fa, fb) = (read_dir(a.path()), read_dir(b.path()));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    assert!(fa.len() >= 28, "{:?}", fa.keys());
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs between runs with the same seed");
        assert!(!name.contains("gds-synth-tmp"), "temporary file {name} left behind");
    }
}

#[test]
fn chunked_communes_are_identical_with_one_or_two_threads() {
    // 560,000 persons: the district town (13.8 %) spans two chunks of 65,536 persons.
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut ca = cfg(a.path(), 11, 560_000, 1);
    ca.years = vec![2024];
    ca.formats.xlsx = false;
    let mut cb = ca.clone();
    cb.out_dir = b.path().to_path_buf();
    cb.threads = 2;
    generate(&ca, &mut |_, _, _| {}).unwrap();
    generate(&cb, &mut |_, _, _| {}).unwrap();
    let (fa, fb) = (read_dir(a.path()), read_dir(b.path()));
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs between 1 and 2 threads");
    }
}

#[test]
fn another_seed_gives_other_data() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(&cfg(a.path(), 1, 3_000, 0), &mut |_, _, _| {}).unwrap();
    generate(&cfg(b.path(), 2, 3_000, 0), &mut |_, _, _| {}).unwrap();
    let (fa, fb) = (read_dir(a.path()), read_dir(b.path()));
    for name in
        ["persons-2023-synthetic.parquet", "labour-force-2024-synthetic.parquet", "births-2023-synthetic.csv"]
    {
        assert!(fa[name] != fb[name], "{name} is the same for seeds 1 and 2");
    }
    // The area list does not depend on the seed.
    assert_eq!(fa["areas.csv"], fb["areas.csv"]);
}

#[test]
fn csv_microdata_format() {
    let d = tempfile::tempdir().unwrap();
    let mut c = cfg(d.path(), 3, 2_000, 0);
    c.formats.microdata = MicroFormat::Csv;
    c.years = vec![2023];
    let s = generate(&c, &mut |_, _, _| {}).unwrap();
    let text = std::fs::read_to_string(d.path().join("persons-2023-synthetic.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "person_id,period,area,sex,age,urban_rural,ethnicity,education,literate,marital_status,age_first_marriage,has_account,uses_internet,owns_mobile,disability"
    );
    assert_eq!(lines.count() as u64, 2_000);
    assert!(s.files.iter().any(|f| f.name == "labour-force-2023-synthetic.csv" && f.rows > 0));
    let toml = std::fs::read_to_string(d.path().join("gds.toml")).unwrap();
    assert!(toml.contains("path = \"persons-2023-synthetic.csv\""));
}

#[test]
fn a_failure_names_the_file_and_leaves_nothing_half_written() {
    let d = tempfile::tempdir().unwrap();
    // A directory where the temporary births file would go makes its creation fail.
    std::fs::create_dir(d.path().join(".births-2023-synthetic.csv.gds-synth-tmp")).unwrap();
    let err = generate(&cfg(d.path(), 5, 2_000, 0), &mut |_, _, _| {}).unwrap_err();
    assert!(matches!(err, SynthError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("births-2023-synthetic.csv"), "{err}");
    let left: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(left, vec![".births-2023-synthetic.csv.gds-synth-tmp".to_string()], "files left: {left:?}");
}

#[test]
fn bad_configurations_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let mut c = cfg(d.path(), 1, 0, 0);
    assert!(matches!(generate(&c, &mut |_, _, _| {}), Err(SynthError::Config(_))));
    c.persons = 10;
    c.years = vec![2023, 2023];
    assert!(matches!(generate(&c, &mut |_, _, _| {}), Err(SynthError::Config(_))));
    c.years = vec![];
    assert!(matches!(generate(&c, &mut |_, _, _| {}), Err(SynthError::Config(_))));
}

/// Summaries of two runs differ only in their output folder.
struct SynthSummaryPathFix;

impl SynthSummaryPathFix {
    fn with_dir(mut s: gds_synth::SynthSummary, dir: &Path) -> gds_synth::SynthSummary {
        s.out_dir = dir.to_path_buf();
        s
    }
}
