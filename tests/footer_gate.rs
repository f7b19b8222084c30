//! The gate on a Parquet census file whose checks the file's footer answers: a clean file is
//! computed (the same results as from its CSV copy); an unknown code in a column the requested
//! indicator does not use, or an age out of range, is still refused, with the same findings as
//! when every value is read (`GDS_NO_FOOTER`), and nothing is written. The key is proven unique
//! by the identifiers rising in the file's pages, else by their order in the pass, else by
//! their hashes; a person written twice is refused.

use polars::prelude::*;
use std::path::Path;
use std::process::Command;

const AREAS: &str = "code,name_vi,name_en,level,parent,valid_from,valid_to
26,Tỉnh Vĩnh Phúc,Vinh Phuc province,province,,,2025-06-30
247,Huyện Lập Thạch,Lap Thach district,district,26,,2025-06-30
08995,Xã Liên Hòa,Lien Hoa commune,commune,247,,2025-06-30
09001,Xã Bàn Giản,Ban Gian commune,commune,247,,2025-06-30
";

/// 3 000 persons in two communes (zero-padded official codes), written in row groups of 500;
/// `ethnicity_of` and `age_of` give a row's values.
fn persons(ethnicity_of: impl Fn(usize) -> &'static str, age_of: impl Fn(usize) -> i64) -> DataFrame {
    persons_with_ids(id, ethnicity_of, age_of)
}

/// Person `i`'s identifier: the commune's code and a running number, sorted as the rows are.
fn id(i: usize) -> String {
    format!("{}-{i:06}", if i < 1800 { "08995" } else { "09001" })
}

fn persons_with_ids(
    id_of: impl Fn(usize) -> String,
    ethnicity_of: impl Fn(usize) -> &'static str,
    age_of: impl Fn(usize) -> i64,
) -> DataFrame {
    let n = 3000;
    df! {
        "person_id" => (0..n).map(id_of).collect::<Vec<_>>(),
        "period" => vec![2024i64; n],
        "area" => (0..n).map(|i| if i < 1800 { "08995" } else { "09001" }).collect::<Vec<_>>(),
        "sex" => (0..n).map(|i| if i % 5 < 2 { "Nam" } else { "Nữ" }).collect::<Vec<_>>(),
        "age" => (0..n).map(&age_of).collect::<Vec<_>>(),
        "ethnicity" => (0..n).map(&ethnicity_of).collect::<Vec<_>>(),
        "literate" => (0..n).map(|i| Some(i % 7 != 0).filter(|_| i % 100 != 3)).collect::<Vec<_>>(),
    }
    .unwrap()
}

fn ethnicity(i: usize) -> &'static str {
    ["kinh", "tay", "muong"][i % 3]
}

fn age(i: usize) -> i64 {
    (i % 90) as i64
}

fn project(dir: &Path, df: DataFrame) -> std::path::PathBuf {
    project_with(dir, df, "")
}

/// The project, with `extra` lines in its source's table.
fn project_with(dir: &Path, mut df: DataFrame, extra: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("areas.csv"), AREAS).unwrap();
    ParquetWriter::new(std::fs::File::create(dir.join("persons.parquet")).unwrap())
        .with_row_group_size(Some(500))
        .finish(&mut df)
        .unwrap();
    CsvWriter::new(std::fs::File::create(dir.join("persons.csv")).unwrap()).finish(&mut df).unwrap();
    for (file, name) in [("persons.parquet", "gds.toml"), ("persons.csv", "gds-csv.toml")] {
        std::fs::write(
            dir.join(name),
            format!(
                "schema-version = 1\nname = {{ vi = \"Huyện Lập Thạch\", en = \"Lap Thach\" }}\nareas = \"areas.csv\"\n\
                 [[sources]]\ndataset = \"persons\"\npath = \"{file}\"\n{extra}"
            ),
        )
        .unwrap();
    }
    dir.join("gds.toml")
}

/// `gds compute` of the population by sex and literacy: exit code, the results' bytes (empty
/// when none were written) and stderr.
fn compute(project: &Path, env: &[(&str, &str)]) -> (i32, Vec<u8>, String) {
    let out = project.parent().unwrap().join("r.csv");
    let _ = std::fs::remove_file(&out);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gds"));
    cmd.args(["compute", project.to_str().unwrap(), "--period", "2024"])
        .args(["--indicators", "population,literacy-15plus", "--no-suppress", "--out", out.to_str().unwrap()])
        .env("GDS_NO_CACHE", "1")
        .env("GDS_PROFILE", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run gds");
    (
        o.status.code().unwrap_or(-1),
        std::fs::read(&out).unwrap_or_default(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The findings of a refusal: stderr without the timing lines of `GDS_PROFILE`.
fn findings(err: &str) -> String {
    err.lines()
        .filter(|l| !l.trim_start().starts_with(|c: char| c.is_ascii_digit() || c == '['))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_footer_answers_clean_files_and_bad_values_are_still_refused() {
    let tmp = tempfile::tempdir().unwrap();

    // Clean: the footer answers the codes and the ages; the results are
    // those of the CSV copy (read value by value), and those of reading every value.
    let clean = project(&tmp.path().join("clean"), persons(ethnicity, age));
    let (code, parquet, err) = compute(&clean, &[]);
    assert_eq!(code, 0, "{err}");
    // Literacy has missing values: read value by value.
    assert!(err.contains("answers: sex, age, ethnicity, person_id"), "{err}");
    let (code, csv, err_csv) = compute(&clean.with_file_name("gds-csv.toml"), &[]);
    assert_eq!(code, 0, "{err_csv}");
    assert_eq!(String::from_utf8_lossy(&parquet), String::from_utf8_lossy(&csv));
    let (code, every, _) = compute(&clean, &[("GDS_NO_FOOTER", "1")]);
    assert_eq!((code, &every), (0, &parquet));
    // Hand-counted: 1800 persons in 08995, of whom 720 men (i % 5 < 2); 3000 in the district.
    let text = String::from_utf8_lossy(&parquet).into_owned();
    for line in [
        "population,08995,commune,2024,M,720,",
        "population,08995,commune,2024,F,1080,",
        "population,09001,commune,2024,M,480,",
        "population,247,district,2024,_T,3000,",
    ] {
        assert!(text.lines().any(|l| l.starts_with(line)), "{line} in {text}");
    }

    // An unknown ethnicity in one row (the indicators do not use the column) and an age of
    // 130: refused, nothing written, the same findings as reading every value.
    let bad = project(
        &tmp.path().join("bad"),
        persons(|i| if i == 2222 { "X" } else { ethnicity(i) }, |i| if i == 777 { 130 } else { age(i) }),
    );
    let (code, out, err) = compute(&bad, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "nothing written");
    assert!(err.contains("ethnicity") && err.contains("\"X\""), "{err}");
    assert!(err.contains("130"), "{err}");
    assert!(err.contains("answers: sex, person_id"), "{err}");
    let (code, out, err_every) = compute(&bad, &[("GDS_NO_FOOTER", "1")]);
    assert_eq!((code, out.is_empty()), (1, true));
    assert_eq!(findings(&err), findings(&err_every));

    assert!(err.contains("keys by its pages"), "{err}");
}

#[test]
fn keys_are_proven_by_the_pages_or_their_order_and_hashed_when_out_of_order() {
    let tmp = tempfile::tempdir().unwrap();
    // Sorted by the key and written plainly: the identifiers, read from the file's pages, rise
    // through the file, which proves them unique; polars decodes none of them.
    let clean = project(&tmp.path().join("clean"), persons(ethnicity, age));
    let (code, want, err) = compute(&clean, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("keys by its pages") && !err.contains("checking keys"), "{err}");
    assert!(err.contains("by its pages: Some(\"person_id\")"), "{err}");
    // (The same results as reading every value: the first test.)

    // Shuffled within each row group of 500 (the groups' ranges still apart): the pages do not
    // rise, the pass finds a batch out of order, and the keys are hashed in a pass of their
    // own; unique, the same results.
    let shuffled = persons_with_ids(|i| id(i / 500 * 500 + (i % 500) * 7 % 500), ethnicity, age);
    let shuffled = project(&tmp.path().join("shuffled"), shuffled);
    let (code, got, err) = compute(&shuffled, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("by its pages: None") && err.contains("keys by their order"), "{err}");
    assert!(err.contains("checking keys"), "{err}");
    assert_eq!(got, want);

    // A person written twice in one row group: found in the keys' own pass and refused, with
    // the key named; nothing written.
    let twice = persons_with_ids(|i| id(if i == 1601 { 1600 } else { i }), ethnicity, age);
    let twice = project(&tmp.path().join("twice"), twice);
    let (code, out, err) = compute(&twice, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("by its pages: None") && err.contains("checking keys"), "{err}");
    assert!(err.contains("08995-001600"), "{err}");
}

#[test]
fn identifiers_that_are_missing_value_tokens_are_not_proven_by_the_pages() {
    // The last two identifiers are the source's missing-value tokens: written, they rise in the
    // pages, but read they are two missing identifiers (and the same key). Refused, as when
    // every value is read.
    let tmp = tempfile::tempdir().unwrap();
    let df = persons_with_ids(
        |i| match i {
            2998 => "NA".into(),
            2999 => "NB".into(),
            _ => id(i),
        },
        ethnicity,
        age,
    );
    let p = project_with(&tmp.path().join("tokens"), df, "missing = [\"NA\", \"NB\"]\n");
    let (code, out, err) = compute(&p, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("by its pages: None"), "{err}");
    assert!(err.contains("person_id"), "{err}");
    let (code, _, every) = compute(&p, &[("GDS_NO_FOOTER", "1")]);
    assert_eq!(code, 1);
    assert_eq!(findings(&err), findings(&every));
}
