//! A Parquet file's own metadata answers the screening's checks exactly as reading every value
//! does: the same counts for clean files and for files with missing, unknown, total and
//! out-of-range values, over several row groups and pages; and only the checks the metadata
//! settles are answered by it (a file without statistics, missing values, a bad spelling or a
//! range the minima and maxima do not settle is read value by value).

use gds_compute::project::Project;
use gds_compute::sources::{footer, screen};
use gds_indicators::Catalogue;
use polars::prelude::*;
use std::path::Path;

/// A council roster in the shape a province's office exports it: official zero-padded commune
/// codes, Vietnamese and coded spellings, several row groups.
fn roster(rows: usize) -> DataFrame {
    roster_with(rows, false)
}

/// The roster; with `bad`, an unknown sex in row 1234, the total code as an ethnicity in row
/// 3001 and an age of 250 in row 4400 (each in another row group).
fn roster_with(rows: usize, bad: bool) -> DataFrame {
    let sexes = ["F", "M", "Nữ", "Nam"];
    let eth = ["kinh", "tay", "muong", "kinh"];
    let edu = ["tertiary", "upper-secondary", "lower-secondary", "tertiary", "primary"];
    let sex: Vec<&str> = (0..rows).map(|i| if bad && i == 1234 { "X" } else { sexes[i % 4] }).collect();
    let ethnicity: Vec<&str> =
        (0..rows).map(|i| if bad && i == 3001 { "_T" } else { eth[(i / 3) % 4] }).collect();
    let age: Vec<Option<i64>> = (0..rows)
        .map(
            |i| if bad && i == 4400 { Some(250) } else { Some(25 + (i % 40) as i64).filter(|_| i % 97 != 5) },
        )
        .collect();
    df! {
        "deputy_id" => (0..rows).map(|i| format!("DB{i:06}")).collect::<Vec<_>>(),
        "term" => vec!["2021-2026"; rows],
        "period" => vec![2024i64; rows],
        "area" => (0..rows).map(|i| format!("{:05}", 26734 + (i / 700) * 3)).collect::<Vec<_>>(),
        "level" => (0..rows).map(|i| if i % 9 == 0 { "district" } else { "commune" }).collect::<Vec<_>>(),
        "sex" => sex,
        "age" => age,
        "ethnicity" => ethnicity,
        "education" => (0..rows).map(|i| Some(edu[i % 5]).filter(|_| i % 50 != 7)).collect::<Vec<_>>(),
    }
    .unwrap()
}

fn write(df: &mut DataFrame, path: &Path, statistics: bool) {
    write_paged(df, path, statistics, None)
}

/// With `page`, data pages of at most that many bytes (several pages per chunk).
fn write_paged(df: &mut DataFrame, path: &Path, statistics: bool, page: Option<usize>) {
    let mut w = ParquetWriter::new(std::fs::File::create(path).unwrap())
        .with_row_group_size(Some(1000))
        .with_data_page_size(page);
    if !statistics {
        w = w.with_statistics(StatisticsOptions::empty());
    }
    w.finish(df).unwrap();
}

/// The screening of the roster at `path` value by value, and with the metadata's answers; and
/// the names of the checks the metadata answered.
fn screenings(dir: &Path, file: &str) -> (screen::Screened, screen::Screened, Vec<String>) {
    let toml = dir.join(format!("{file}.toml"));
    std::fs::write(
        &toml,
        format!(
            "schema-version = 1\nname = {{ vi = \"x\", en = \"x\" }}\n[[sources]]\ndataset = \"council-deputies\"\npath = \"{file}\"\n"
        ),
    )
    .unwrap();
    let cat = Catalogue::embedded().unwrap();
    let project = Project::load(&toml, &cat).unwrap();
    let src = &project.sources[0];
    let ds = &cat.datasets[&src.def.dataset];
    let mut scan = gds_compute::read::scan_raw(src).unwrap();
    let schema = scan.frame.collect_schema().unwrap();
    let names: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let resolved = gds_compute::mapping::resolve_columns(src, ds, &names);
    let checks = gds_compute::validate::screen_checks(src, &cat, ds, &resolved, &schema);
    assert!(checks.len() >= 8, "every column of the roster is screened");
    let (_, proven) = footer::split(src, footer::Footer::read(src).as_ref(), &schema, checks.clone());
    let answered = proven.counts.iter().map(|(n, _)| n.clone()).collect();
    let every = screen::screen(scan.frame.clone(), checks.clone(), "test").unwrap();
    let with = screen::screen_source(src, &schema, scan.frame.clone(), checks, "test").unwrap();
    (every, with, answered)
}

#[test]
fn the_footer_answers_exactly_what_reading_every_value_finds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let n = 4500;

    // Clean: missing ages and education counted from the statistics, codes from dictionaries.
    write(&mut roster(n), &d.join("clean.parquet"), true);
    let (every, with, answered) = screenings(d, "clean.parquet");
    assert_eq!(every, with);
    assert_eq!(every.rows, n as u64);
    assert_eq!(every.counts["null:age"], (0..n).filter(|i| i % 97 == 5).count() as u64);
    assert_eq!(every.counts["null:education"], (0..n).filter(|i| i % 50 == 7).count() as u64);
    for c in ["sex", "ethnicity", "level"] {
        assert!(answered.iter().any(|a| a == c), "{c} answered by the footer: {answered:?}");
    }
    // Columns with missing values are read: a writer's count of them is not taken (polars
    // counts a dictionary chunk's once per page), only "none missing".
    for c in ["age", "education"] {
        assert!(!answered.iter().any(|a| a == c), "{c} read value by value: {answered:?}");
    }
    // Keys are read value by value (their uniqueness is no statistic).
    assert!(!answered.iter().any(|a| a == "deputy_id" || a == "term"), "{answered:?}");

    // An unknown spelling in one row group, the total code in another, and an age of 250: those
    // checks are read value by value and counted exactly; the others still by the footer.
    let mut bad = roster_with(n, true);
    write(&mut bad, &d.join("bad.parquet"), true);
    let (every, with, answered) = screenings(d, "bad.parquet");
    assert_eq!(every, with);
    assert_eq!(every.counts["bad:sex"], 1);
    assert_eq!(every.counts["range:age"], 1);
    assert!(every.counts["bad:ethnicity"] + every.counts["total:ethnicity"] >= 1, "{:?}", every.counts);
    for c in ["sex", "age", "ethnicity"] {
        assert!(!answered.iter().any(|a| a == c), "{c} read value by value: {answered:?}");
    }
    assert!(answered.iter().any(|a| a == "level"), "{answered:?}");

    // Many small pages per chunk (polars then writes a dictionary chunk's missing values once
    // per page in its statistics): the counts are still those of the values.
    write_paged(&mut roster(n), &d.join("paged.parquet"), true, Some(256));
    let (every, with, answered) = screenings(d, "paged.parquet");
    assert_eq!(every, with);
    assert_eq!(every.counts["null:education"], (0..n).filter(|i| i % 50 == 7).count() as u64);
    assert!(answered.iter().any(|a| a == "sex"), "{answered:?}");

    // No statistics in the file: nothing is answered by the footer, the counts are the same.
    write(&mut roster(n), &d.join("bare.parquet"), false);
    let (every, with, answered) = screenings(d, "bare.parquet");
    assert_eq!(every, with);
    assert!(answered.is_empty(), "{answered:?}");

    // A column with no value at all (every cell missing) is counted as missing, in every group.
    let mut empty = roster(n);
    empty.with_column(Column::full_null("education".into(), n, &DataType::String)).unwrap();
    write(&mut empty, &d.join("empty.parquet"), true);
    let (every, with, _) = screenings(d, "empty.parquet");
    assert_eq!(every, with);
    assert_eq!(every.counts["null:education"], n as u64);
}
