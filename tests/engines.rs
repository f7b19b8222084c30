//! The SQL engines (`--engine duckdb`, `--engine spark`) give the cubes of gds's own engine
//! bit for bit, and so the same published results, byte for byte.
//!
//! They need Python with the engine's package (`GDS_PYTHON`, else `target/engines-venv`, else
//! `python3`). Without it a test says so and passes, unless `GDS_REQUIRE_ENGINES` is set, as
//! CI sets it (`.ci/run` installs the packages): there a missing engine fails the test.

use std::path::{Path, PathBuf};
use std::process::Command;

fn python_with(package: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates: Vec<PathBuf> = std::env::var_os("GDS_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain([root.join("target/engines-venv/bin/python"), PathBuf::from("python3")])
        .collect();
    let found = candidates.into_iter().find(|py| {
        Command::new(py).args(["-c", &format!("import {package}")]).output().is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("GDS_REQUIRE_ENGINES").is_none(),
            "GDS_REQUIRE_ENGINES is set but no Python has {package}"
        );
        eprintln!("skipped: no Python with {package} (pip install {package}, or set GDS_PYTHON)");
    }
    found
}

fn gds(args: &[&str], python: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(args)
        .env("POLARS_MAX_THREADS", "2")
        .env("GDS_PYTHON", python)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run gds")
}

fn ok(o: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(o.status.success(), "{err}");
    err
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

/// The cubes and results of `engine` on the sample district equal gds's own, bit for bit.
fn same_as_polars(engine: &str, python: &Path, extra: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let project = "data-samples/minh-lam/gds.toml";
    let (own, other) = (tmp.path().join("own"), tmp.path().join("other"));
    let mut args = vec!["cube", project, "--out", own.to_str().unwrap()];
    ok(&gds(&args, python));
    args[3] = other.to_str().unwrap();
    args.extend(["--engine", engine]);
    args.extend(extra);
    let err = ok(&gds(&args, python));
    assert!(err.contains(&format!("engine: {engine} ")), "{err}");
    // The Excel sheets of the sample are read by polars, and said to be.
    assert!(err.contains("population-counts-2024-synthetic.xlsx"), "{err}");
    let (a, b) = (files(&own), files(&other));
    assert!(a.len() > 5, "{:?}", a.iter().map(|x| &x.0).collect::<Vec<_>>());
    assert_eq!(a.iter().map(|x| &x.0).collect::<Vec<_>>(), b.iter().map(|x| &x.0).collect::<Vec<_>>());
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name}: the cube of {engine} differs from gds's own");
    }
    // The published results, byte for byte (every period, by sex and age group).
    let (x, y) = (tmp.path().join("own.csv"), tmp.path().join("other.csv"));
    let mut args = vec!["compute", project, "--by", "sex,age_group", "--out", x.to_str().unwrap()];
    ok(&gds(&args, python));
    args[5] = y.to_str().unwrap();
    args.extend(["--engine", engine]);
    args.extend(extra);
    ok(&gds(&args, python));
    let (x, y) = (std::fs::read(&x).unwrap(), std::fs::read(&y).unwrap());
    assert!(x.len() > 10_000);
    assert!(x == y, "the results of {engine} differ from gds's own");
}

#[test]
fn duckdb_gives_the_cubes_and_results_of_gds_own_engine() {
    let Some(py) = python_with("duckdb") else { return };
    same_as_polars("duckdb", &py, &[]);
}

/// Official codes as text with leading zeros and as numbers (Parquet), sex coded 1/2, a
/// CSV, and a count table beside an Excel sheet: the same cubes.
#[test]
fn duckdb_gives_the_cubes_of_gds_own_engine_on_official_codes_and_count_tables() {
    let Some(py) = python_with("duckdb") else { return };
    for (project, period) in [
        ("tests/fixtures/official-codes/gds-parquet.toml", None),
        ("tests/fixtures/official-codes/gds-csv.toml", None),
        ("tests/fixtures/layouts/gds-rates.toml", None),
        ("tests/fixtures/layouts/gds-csv.toml", None),
        // Dated births and six-month forms, in the windows of Decree 09/2019 and of the
        // calendar: every date goes to the same period on both engines.
        ("tests/fixtures/periods/gds-decree.toml", None),
        ("tests/fixtures/periods/gds-decree.toml", Some("2023-H1,2024-H1")),
        ("tests/fixtures/periods/gds-decree.toml", Some("2023,2024")),
        ("tests/fixtures/periods/gds-calendar.toml", Some("2024-Q2,2024-Q3")),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let (own, other) = (tmp.path().join("own"), tmp.path().join("other"));
        let mut args = vec!["cube", project, "--out", own.to_str().unwrap()];
        if let Some(p) = period {
            args.extend(["--period", p]);
        }
        ok(&gds(&args, &py));
        args[3] = other.to_str().unwrap();
        args.extend(["--engine", "duckdb"]);
        ok(&gds(&args, &py));
        let (a, b) = (files(&own), files(&other));
        assert!(a.len() >= 2, "{project}");
        assert!(a == b, "{project} {period:?}: the cubes of duckdb differ from gds's own");
    }
}

/// A synthetic district of 10^6 persons: the cubes of polars, DuckDB and Spark (local[2])
/// are bit-identical, and DuckDB's published results byte-identical.
#[test]
fn a_million_persons_give_the_same_cubes_on_every_engine() {
    let Some(py) = python_with("duckdb") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("district");
    let d = data.to_str().unwrap();
    ok(&gds(&["synth", "--seed", "7", "--persons", "1000000", "--years", "2024", "--out", d], &py));
    let project = data.join("gds.toml");
    let project = project.to_str().unwrap();
    let cube = |engine: &str| {
        let out = tmp.path().join(engine);
        ok(&gds(&["cube", project, "--out", out.to_str().unwrap(), "--engine", engine], &py));
        files(&out)
    };
    let own = cube("polars");
    assert!(own.len() > 5);
    assert!(own == cube("duckdb"), "the cubes of duckdb differ from gds's own");
    if python_with("pyspark").is_some() {
        assert!(own == cube("spark"), "the cubes of spark differ from gds's own");
    }
    let (x, y) = (tmp.path().join("own.csv"), tmp.path().join("duckdb.csv"));
    ok(&gds(&["compute", project, "--out", x.to_str().unwrap()], &py));
    ok(&gds(&["compute", project, "--out", y.to_str().unwrap(), "--engine", "duckdb"], &py));
    assert!(std::fs::read(&x).unwrap() == std::fs::read(&y).unwrap(), "the results of duckdb differ");
}

/// The results say what computed them: gds's version and the engine's, in the JSON
/// `metadata` (and the Parquet key-value metadata), while the rows are the same.
#[test]
fn the_results_record_the_engine_and_its_version() {
    let Some(py) = python_with("duckdb") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let project = "tests/fixtures/official-codes/gds-csv.toml";
    let json = |engine: &str| {
        let out = tmp.path().join(format!("{engine}.json"));
        ok(&gds(&["compute", project, "--out", out.to_str().unwrap(), "--engine", engine], &py));
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        v
    };
    let (own, duck) = (json("polars"), json("duckdb"));
    let engine = |v: &serde_json::Value| v["metadata"]["gds.engine"].as_str().unwrap_or_default().to_string();
    assert!(engine(&own).starts_with("polars 0."), "{}", own["metadata"]);
    let e = engine(&duck);
    assert!(e.starts_with("duckdb ") && e.len() > "duckdb ".len() && !e.contains('?'), "{e}");
    assert_eq!(own["metadata"]["gds.version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(own["rows"], duck["rows"]);
    assert!(own["rows"].as_array().is_some_and(|r| !r.is_empty()));
}

/// `gds report --engine duckdb` publishes the sample district's report from DuckDB's cubes:
/// the same results, byte for byte.
#[test]
fn the_report_on_duckdb_publishes_the_same_results() {
    let Some(py) = python_with("duckdb") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let report = |engine: &str| {
        let out = tmp.path().join(engine);
        let args = [
            "report",
            "data-samples/minh-lam/gds.toml",
            "--period",
            "2024",
            "--no-timestamp",
            "--out",
            out.to_str().unwrap(),
            "--engine",
            engine,
        ];
        ok(&gds(&args, &py));
        std::fs::read(out.join("results.csv")).unwrap()
    };
    let own = report("polars");
    assert!(own.len() > 10_000);
    assert!(own == report("duckdb"), "the report's results on duckdb differ from gds's own");
}

#[test]
fn an_engine_that_cannot_start_is_a_clear_error() {
    let o = gds(
        &["compute", "data-samples/minh-lam/gds.toml", "--engine", "duckdb"],
        Path::new("/nonexistent/python"),
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("cannot start /nonexistent/python") && err.contains("pip install duckdb"), "{err}");
}

/// DuckDB prints a progress bar on stdout once a query runs longer than its threshold (at
/// 10⁸ persons the bar was read as an answer and the run hung). Whatever an engine prints goes
/// to stderr; the answers still arrive, and an engine that fails mid-run does not hang gds.
#[test]
fn what_an_engine_prints_is_never_read_as_an_answer() {
    use gds_compute::engine::sql::{Dialect, SqlEngine};
    let Some(py) = python_with("duckdb") else { return };
    let engine =
        SqlEngine::start_with(&py.to_string_lossy(), Dialect::DuckDb, None, 2).expect("duckdb starts");
    let answers = engine
        .run(&[
            "SET enable_progress_bar = true".into(),
            "SET enable_progress_bar_print = true".into(),
            "SET progress_bar_time = 0".into(),
            "SELECT count(*) FROM range(30000000) t(x) WHERE x % 7 = 3".into(),
        ])
        .expect("the answer is read past the progress bar");
    assert_eq!(answers[3], vec![vec![Some("4285714".to_string())]]);
    let refused = engine.run(&["SELECT no_such_column FROM range(3)".into()]).unwrap_err().to_string();
    assert!(refused.contains("no_such_column"), "{refused}");
    drop(engine);
}

/// A Parquet period column of dates (date32) is read as its dates on DuckDB too.
#[test]
fn duckdb_reads_date_columns_as_dates() {
    let Some(py) = python_with("duckdb") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let run = |engine: &str| {
        let out = tmp.path().join(format!("{engine}.csv"));
        ok(&gds(
            &[
                "compute",
                "tests/fixtures/periods/gds-dated-parquet.toml",
                "--period",
                "2023-H1,2023-H2,2024-H1,2024-H2",
                "--indicators",
                "live-births",
                "--engine",
                engine,
                "--out",
                out.to_str().unwrap(),
            ],
            &py,
        ));
        std::fs::read(&out).unwrap()
    };
    let own = run("polars");
    assert!(own.len() > 200);
    assert!(own == run("duckdb"), "dates on duckdb differ from gds's own");
}

#[test]
fn spark_in_local_mode_gives_the_cubes_and_results_of_gds_own_engine() {
    let Some(py) = python_with("pyspark") else { return };
    same_as_polars("spark", &py, &["--spark-master", "local[2]"]);
}

#[test]
fn sql_prints_each_sources_cube_query_in_every_dialect() {
    for dialect in ["duckdb", "spark", "postgres"] {
        let o = Command::new(env!("CARGO_BIN_EXE_gds"))
            .args(["sql", "data-samples/minh-lam/gds.toml", "--period", "2024", "--dialect", dialect])
            .args(["--dataset", "persons"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(out.contains("persons-2024-synthetic.parquet"), "{out}");
        assert!(out.contains("SELECT DISTINCT"), "{out}");
        assert!(out.contains("GROUP BY"), "{out}");
        // Sums in exact integers, spellings mapped by gds: the commune codes keep their zeros.
        let wide = match dialect {
            "duckdb" => "HUGEINT",
            "spark" => "DECIMAL(38,0)",
            _ => "NUMERIC",
        };
        assert!(out.contains(wide), "{out}");
        assert!(out.contains("'02101'"), "{out}");
        let quote = if dialect == "spark" { "`r0`" } else { "\"r0\"" };
        assert!(out.contains(quote), "{out}");
    }
    let o = Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(["sql", "data-samples/minh-lam/gds.toml", "--dialect", "oracle"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("duckdb, spark or postgres"));
}

/// The projects whose sources the screening checks compare: the sample district, official
/// codes, dated periods, the plan tables (with `fixtures`), and the bad inputs of the corpus
/// whose folder names start with one of `classes`.
fn screening_projects(fixtures: bool, classes: &[&str]) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut projects: Vec<PathBuf> = [
        "data-samples/minh-lam/gds.toml",
        "tests/fixtures/official-codes/gds-parquet.toml",
        "tests/fixtures/official-codes/gds-csv.toml",
        "tests/fixtures/periods/gds-decree.toml",
        "tests/fixtures/periods/gds-dated-parquet.toml",
        "tests/fixtures/plan-tables/gds.toml",
    ]
    .iter()
    .filter(|_| fixtures)
    .map(|p| root.join(p))
    .collect();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root.join("tests/bad-inputs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            classes.iter().any(|c| name.starts_with(&format!("{c}--")))
        })
        .map(|p| p.join("gds.toml"))
        .filter(|p| p.is_file())
        .collect();
    cases.sort();
    projects.extend(cases);
    projects
}

/// The screening counts of every source `engine` reads equal gds's own pass's, source by
/// source; returns (sources compared, sources with findings).
fn screens_alike(engine: &gds_compute::engine::sql::SqlEngine, projects: &[PathBuf]) -> (usize, usize) {
    use gds_compute::exec::{Screens, plan_cubes_screened};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cat = gds_indicators::Catalogue::load(&root.join("indicators")).unwrap();
    let (mut compared, mut dirty) = (0, 0);
    for p in projects {
        let Ok(project) = gds_compute::project::Project::load(p, &cat) else { continue };
        let Ok(plan) = gds_compute::plan::plan(&cat, &project, &Default::default()) else { continue };
        let mut own = Screens::new();
        let mut theirs = Screens::new();
        if plan_cubes_screened(&plan, &project, &cat, Some(&mut own), None).is_err()
            || plan_cubes_screened(&plan, &project, &cat, Some(&mut theirs), Some(engine)).is_err()
        {
            continue;
        }
        for (i, s) in &theirs {
            // A CSV whose structure the gate refuses (CR-only line endings, ragged rows) is
            // refused before any screening; engines may read such a file differently.
            let src = &project.sources[*i];
            if src.format == gds_compute::project::Format::Csv
                && gds_compute::read::check_csv_structure(src).is_err()
            {
                continue;
            }
            let o =
                own.get(i).unwrap_or_else(|| panic!("{}: source {i} not screened by polars", p.display()));
            assert!(!s.counts.is_empty(), "{}: a source with nothing to screen was screened", p.display());
            let name = &src.display;
            let e = engine.dialect.name();
            assert_eq!(s.rows, o.rows, "{e}: {}: {name}: rows", p.display());
            assert_eq!(s.counts, o.counts, "{e}: {}: {name}: counts", p.display());
            assert_eq!(s.distinct, o.distinct, "{e}: {}: {name}: areas", p.display());
            assert_eq!(s.repeated_keys, o.repeated_keys, "{e}: {}: {name}: repeated keys", p.display());
            compared += 1;
            dirty += usize::from(s.counts.values().any(|n| *n > 0) || s.repeated_keys > 0);
        }
    }
    eprintln!(
        "{compared} sources screened alike on {}, {dirty} of them with findings",
        engine.dialect.name()
    );
    (compared, dirty)
}

/// The gate's screening on DuckDB counts what gds's own pass counts, source by source
/// (missing values, unknown codes, `_T` in records, numbers not finite or out of range,
/// repeated keys, the areas with their periods), on every bad input of the corpus that a SQL
/// engine reads. So a clean source is never read by polars for the gate, and a dirty one
/// still gets the gate's exact findings.
#[test]
fn duckdb_screens_every_source_as_gds_own_pass_does() {
    use gds_compute::engine::sql::{Dialect, SqlEngine};
    let Some(py) = python_with("duckdb") else { return };
    let engine = SqlEngine::start_with(py.to_str().unwrap(), Dialect::DuckDb, None, 2).unwrap();
    let all = [
        "areas-graph",
        "codes-as-text",
        "double-count",
        "folder-boundary",
        "gate",
        "ignored-keys",
        "missing-not-no",
        "parse-errors",
    ];
    let (compared, dirty) = screens_alike(&engine, &screening_projects(true, &all));
    assert!(compared > 60 && dirty > 20, "{compared} sources compared, {dirty} dirty");
}

/// Whole numbers stored as floats (an age column exported as DOUBLE) with NaN, infinities
/// and a fraction: every engine reads only the finite whole numbers as ages (the others are
/// unparsable for the gate, missing in the cube), as gds's own pass does, and the cubes agree.
#[test]
fn duckdb_screens_non_finite_whole_numbers_as_gds_does() {
    use gds_compute::engine::sql::{Dialect, SqlEngine};
    let Some(py) = python_with("duckdb") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data-samples/minh-lam");
    std::fs::copy(sample.join("areas.csv"), tmp.path().join("areas.csv")).unwrap();
    let parquet = tmp.path().join("persons.parquet");
    let script = format!(
        "import duckdb\nduckdb.sql(\"COPY (SELECT 'P' || i AS person_id, 2024 AS period, '02101' AS area, CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END AS sex, CASE i % 7 WHEN 0 THEN CAST('NaN' AS DOUBLE) WHEN 1 THEN CAST('Infinity' AS DOUBLE) WHEN 2 THEN 16.5 WHEN 3 THEN CAST('-Infinity' AS DOUBLE) ELSE CAST(20 + i % 50 AS DOUBLE) END AS age FROM range(1, 300) t(i)) TO '{}' (FORMAT PARQUET)\")\n",
        parquet.display()
    );
    let o = Command::new(&py).args(["-c", &script]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let project = tmp.path().join("gds.toml");
    std::fs::write(
        &project,
        "schema-version = 1\nname = { vi = \"Thử\", en = \"Test\" }\nsynthetic = true\nareas = \"areas.csv\"\n\n[[sources]]\ndataset = \"persons\"\npath = \"persons.parquet\"\n",
    )
    .unwrap();
    let engine = SqlEngine::start_with(py.to_str().unwrap(), Dialect::DuckDb, None, 2).unwrap();
    let (compared, dirty) = screens_alike(&engine, std::slice::from_ref(&project));
    assert_eq!((compared, dirty), (1, 1));
    let cube = |engine: &str| {
        let out = tmp.path().join(engine);
        ok(&gds(
            &[
                "cube",
                project.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--engine",
                engine,
                "--force",
            ],
            &py,
        ));
        files(&out)
    };
    let own = cube("polars");
    assert!(!own.is_empty());
    assert!(own == cube("duckdb"), "the cubes of duckdb differ from gds's own on non-finite ages");
}

/// The same on Spark in local mode, over the gate's and the missing values' bad inputs (a
/// Spark query costs far more than DuckDB's on tiny files; the sample district's screening
/// runs on Spark in `spark_in_local_mode_gives_the_cubes_and_results_of_gds_own_engine`).
#[test]
fn spark_screens_sources_as_gds_own_pass_does() {
    use gds_compute::engine::sql::{Dialect, SqlEngine};
    let Some(py) = python_with("pyspark") else { return };
    let engine = SqlEngine::start_with(py.to_str().unwrap(), Dialect::Spark, Some("local[2]"), 2).unwrap();
    let (compared, dirty) = screens_alike(&engine, &screening_projects(false, &["gate", "missing-not-no"]));
    assert!(compared > 20 && dirty > 10, "{compared} sources compared, {dirty} dirty");
}

/// On DuckDB the gate screens each source the engine read where the data are: polars reads
/// no such source again for the gate (`GDS_PROFILE` names each polars screening pass), and
/// dirty data get the gate's own findings, refused as on gds's engine.
#[test]
fn on_duckdb_the_gate_screens_where_the_data_are() {
    let Some(py) = python_with("duckdb") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r.csv");
    let o = Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(["compute", "data-samples/minh-lam/gds.toml", "--engine", "duckdb", "--out"])
        .arg(&out)
        .env("GDS_PROFILE", "1")
        // A stored screening would hide a polars pass that should not have run.
        .env("GDS_NO_CACHE", "1")
        .env("GDS_PYTHON", &py)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let err = ok(&o);
    assert!(err.contains("duckdb: cube of persons"), "{err}");
    assert!(!err.contains("screening every value"), "polars screened a source again:\n{err}");
    // Dirty data: the same findings, exit 1 and nothing written, on both engines.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs");
    for case in [
        "codes-as-text--commune-4-without-zeros",
        "missing-not-no--parquet-weight-NaN",
        "gate--duplicate-person-id",
        "double-count--duplicate-cell-other-count",
    ] {
        let project = root.join(case).join("gds.toml");
        assert!(project.is_file(), "{case}");
        let run = |engine: &str| {
            let out = tmp.path().join(format!("{case}-{engine}.csv"));
            let o = gds(
                &[
                    "compute",
                    project.to_str().unwrap(),
                    "--period",
                    "2024",
                    "--engine",
                    engine,
                    "--out",
                    out.to_str().unwrap(),
                ],
                &py,
            );
            assert_eq!(
                o.status.code(),
                Some(1),
                "{case} on {engine}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(!out.exists(), "{case} on {engine}: results written");
            // The findings, without the engine's own lines.
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .filter(|l| {
                    !l.starts_with('[')
                        && !l.starts_with("engine: ")
                        && !l.starts_with(&format!("{engine}: "))
                        && !l.contains("which polars reads")
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let (own, theirs) = (run("polars"), run("duckdb"));
        assert!(own.contains("error"), "{case}: {own}");
        assert_eq!(own, theirs, "{case}: the gate's findings differ on duckdb");
    }
}

/// A project of the sample's areas whose persons of 2024 are relation `relation` of a SQL
/// engine (and, with `file`, the same persons as a file), in a fresh folder.
fn relation_project(relation: &str, file: bool) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data-samples/minh-lam");
    for f in ["areas.csv", "crosswalk.csv", "persons-2024-synthetic.parquet"] {
        std::fs::copy(sample.join(f), tmp.path().join(f)).unwrap();
    }
    let source = if file {
        "path = \"persons-2024-synthetic.parquet\"".to_string()
    } else {
        format!("relation = {relation:?}")
    };
    let toml = format!(
        "schema-version = 1\nname = {{ vi = \"Minh Lâm\", en = \"Minh Lam\" }}\nsynthetic = true\nareas = \"areas.csv\"\ncrosswalk = \"crosswalk.csv\"\n\n[[sources]]\ndataset = \"persons\"\n{source}\n"
    );
    let project = tmp.path().join("gds.toml");
    std::fs::write(&project, toml).unwrap();
    (tmp, project)
}

/// The persons as a relation of DuckDB (here a query over the Parquet file; on a server, a
/// table or `read_parquet('s3://…')`) publish the results of the file, byte for byte; a
/// dirty relation is refused by the gate from the engine's counts, with the values, and
/// nothing is written; gds's own engine refuses a relation at its line of gds.toml.
#[test]
fn a_relation_of_duckdb_is_read_and_checked_where_it_lives() {
    let Some(py) = python_with("duckdb") else { return };
    let parquet =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data-samples/minh-lam/persons-2024-synthetic.parquet");
    let scan = format!("read_parquet('{}')", parquet.display());
    let compute = |project: &Path, engine: &str, out: &Path| {
        gds(&["compute", project.to_str().unwrap(), "--engine", engine, "--out", out.to_str().unwrap()], &py)
    };
    let (dir, file) = relation_project(&scan, true);
    let own = dir.path().join("own.csv");
    ok(&compute(&file, "polars", &own));
    let (dir2, rel) = relation_project(&scan, false);
    let theirs = dir2.path().join("theirs.csv");
    let err = ok(&compute(&rel, "duckdb", &theirs));
    assert!(err.contains("duckdb: cube of persons from read_parquet("), "{err}");
    let own = std::fs::read(&own).unwrap();
    assert!(own.len() > 2_000);
    assert!(own == std::fs::read(&theirs).unwrap(), "the relation's results differ from the file's");
    // On gds's own engine: a clear error at the relation's line, nothing written.
    let none = dir2.path().join("none.csv");
    let o = compute(&rel, "polars", &none);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("gds.toml:9") && err.contains("read only by that engine"), "{err}");
    assert!(!none.exists());
    // A dirty relation: an unknown sex code on the rows of age 30, three persons twice.
    let dirty = format!(
        "(SELECT * REPLACE (CASE WHEN age = 30 THEN 'X' ELSE sex END AS sex) FROM {scan} UNION ALL (SELECT * FROM {scan} LIMIT 3))"
    );
    let (dir3, bad) = relation_project(&dirty, false);
    let out = dir3.path().join("bad.csv");
    let o = compute(&bad, "duckdb", &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("unknown sex code \"X\""), "{err}");
    assert!(err.contains("3 rows repeat the key (period, person_id)"), "{err}");
    assert!(!out.exists(), "results written from a dirty relation");
    // A relation declared with a file's keys is refused at the key's line.
    let toml = std::fs::read_to_string(&rel).unwrap() + "delimiter = \";\"\n";
    std::fs::write(&rel, toml).unwrap();
    let o = compute(&rel, "duckdb", &none);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("gds.toml:10") && err.contains("delimiter"), "{err}");
}

/// The persons as a table of Spark's catalogue (a Hive metastore, configured as a cluster
/// would be, in `spark-defaults.conf`): the results of the file, byte for byte.
#[test]
fn a_hive_table_on_spark_gives_the_results_of_the_file() {
    let Some(py) = python_with("pyspark") else { return };
    let (dir, file) = relation_project("census.persons_2024", true);
    let conf = dir.path().join("spark-conf");
    std::fs::create_dir_all(&conf).unwrap();
    let hive = dir.path().join("hive");
    std::fs::write(
        conf.join("spark-defaults.conf"),
        format!(
            "spark.sql.catalogImplementation hive\nspark.sql.warehouse.dir {}\nspark.hadoop.javax.jdo.option.ConnectionURL jdbc:derby:;databaseName={};create=true\n",
            hive.join("warehouse").display(),
            hive.join("metastore_db").display()
        ),
    )
    .unwrap();
    let parquet = dir.path().join("persons-2024-synthetic.parquet");
    let script = format!(
        "from pyspark.sql import SparkSession\ns = SparkSession.builder.master('local[2]').getOrCreate()\ns.sql('CREATE DATABASE IF NOT EXISTS census')\ns.read.parquet({:?}).write.mode('overwrite').saveAsTable('census.persons_2024')\n",
        parquet.display().to_string()
    );
    let o = Command::new(&py)
        .args(["-c", &script])
        .env("SPARK_CONF_DIR", &conf)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let own = dir.path().join("own.csv");
    ok(&gds(&["compute", file.to_str().unwrap(), "--out", own.to_str().unwrap()], &py));
    let (dir2, rel) = relation_project("census.persons_2024", false);
    let theirs = dir2.path().join("theirs.csv");
    let o = Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(["compute", rel.to_str().unwrap(), "--engine", "spark", "--out", theirs.to_str().unwrap()])
        .env("POLARS_MAX_THREADS", "2")
        .env("GDS_PYTHON", &py)
        .env("SPARK_CONF_DIR", &conf)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = ok(&o);
    assert!(err.contains("spark: cube of persons from census.persons_2024"), "{err}");
    assert!(
        std::fs::read(&own).unwrap() == std::fs::read(&theirs).unwrap(),
        "the Hive table's results differ"
    );
}
