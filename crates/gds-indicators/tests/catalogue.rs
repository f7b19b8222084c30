//! The shipped catalogue is valid and complete; every validation rule reports with file:line.

use gds_indicators::{Catalogue, embedded_files, read_dir_files};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn shipped_catalogue_is_valid_and_covers_the_official_sets() {
    let cat = Catalogue::load(&root().join("indicators")).unwrap_or_else(|d| panic!("{d}"));
    assert!(cat.indicators.len() >= 80, "{} indicators", cat.indicators.len());
    let computable = cat.indicators.values().filter(|i| i.computable()).count();
    assert!(computable >= 25, "{computable} computable");
    let msgi: BTreeSet<u32> = cat
        .indicators
        .values()
        .flat_map(|i| {
            i.codes.iter().filter(|c| c.framework == "msgi").map(|c| c.code.parse::<u32>().unwrap())
        })
        .collect();
    assert_eq!(msgi, (1..=52).collect(), "every UN Minimum Set indicator has exactly one entry");
    let sdg5: BTreeSet<&str> = cat
        .indicators
        .values()
        .flat_map(|i| i.codes.iter().filter(|c| c.framework == "sdg5").map(|c| c.code.as_str()))
        .collect();
    for code in [
        "5.1.1", "5.2.1", "5.2.2", "5.3.1", "5.3.2", "5.4.1", "5.5.1", "5.5.2", "5.6.1", "5.6.2", "5.a.1",
        "5.a.2", "5.b.1", "5.c.1",
    ] {
        assert!(sdg5.contains(code), "SDG {code} missing");
    }
    // The one TT 10/2019 code verified in official sources.
    let smam = cat
        .indicators
        .values()
        .find(|i| i.codes.iter().any(|c| c.framework == "tt10-2019" && c.code == "0107"))
        .unwrap();
    assert!(smam.codes.iter().all(|c| c.framework != "tt10-2019" || c.verified));
    // Names in both languages, NFC.
    for i in cat.indicators.values() {
        assert!(!i.name.vi.is_empty() && !i.name.en.is_empty(), "{}", i.id);
        assert!(gds_core::is_nfc(&i.name.vi), "{}", i.id);
    }
    // NQ 28 targets as published.
    let t = &cat.indicator("gov-bodies-female-key-leader").unwrap().targets;
    assert_eq!(t.iter().map(|t| (t.year, t.value)).collect::<Vec<_>>(), vec![(2025, 60.0), (2030, 75.0)]);
}

#[test]
fn embedded_catalogue_equals_the_folder() {
    let on_disk = read_dir_files(&root().join("indicators")).unwrap();
    assert_eq!(embedded_files(), on_disk, "rebuild: the embedded catalogue is stale");
    assert_eq!(Catalogue::embedded().unwrap(), Catalogue::from_files(&on_disk).unwrap());
}

#[test]
fn broken_catalogue_reports_every_problem_with_file_and_line() {
    let dir = root().join("tests/fixtures/broken-catalogue");
    let files = read_dir_files(&dir).unwrap();
    let diags = Catalogue::from_files(&files).unwrap_err();
    let text = diags.to_string();
    insta::assert_snapshot!(text);
    for needle in [
        "demo/malformed.toml:3",
        "unknown field `colour`",
        "filter names column \"agee\"",
        "did you mean \"age\"?",
        "code \"X\" is not in the code list of column \"sex\"",
        "duplicate indicator id \"dup-a\"",
        "unknown dataset \"peoples\"",
        "unknown theme \"demgraphy\"",
        "unknown unit \"percnt\"",
        "demo/not-nfc.toml:3: text is not in Unicode NFC",
        "targets are inconsistent",
        "flag-below 25 is below suppress-below 50",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert!(diags.0.iter().all(|d| d.line > 0), "every diagnostic has a line:\n{text}");
}

/// An event rate by sex needs a sex column on both sides: a side without one is an error at
/// the `by-sex` key, and the derived measures take an event rate by sex as their base.
#[test]
fn an_event_rate_by_sex_needs_sex_on_both_sides() {
    let mut files = read_dir_files(&root().join("indicators")).unwrap();
    let rate = |id: &str, population: &str| {
        format!(
            "schema-version = 1\nid = \"{id}\"\nname = {{ vi = \"Thử\", en = \"Test\" }}\nconcept = {{ vi = \"Thử\", en = \"Test\" }}\ntheme = \"education\"\nframeworks = [\"local\"]\nunit = \"percent\"\npolarity = \"neutral\"\nperiodicity = \"annual\"\ndata-source = {{ vi = \"Thử\", en = \"Test\" }}\nlead-agency = {{ vi = \"Thử\", en = \"Test\" }}\nbreakdowns = [\"sex\", \"area\"]\n\n[[levels]]\nlevel = \"commune\"\n\n[measure]\nkind = \"event-rate\"\nevents = {{ dataset = \"education-statistics\", filter = \"item = 'enrolled'\" }}\npopulation = {{ dataset = \"{population}\", filter = \"true\" }}\nscale = 100\nby-sex = true\n\n[verification]\nstatus = \"I\"\nsource = \"test\"\n"
        )
    };
    files.push(("education/test-by-sex-ok.toml".into(), rate("test-by-sex-ok", "education-statistics")));
    files.push((
        "education/test-by-sex-gpi.toml".into(),
        "schema-version = 1\nid = \"test-by-sex-gpi\"\nname = { vi = \"Thử\", en = \"Test\" }\nconcept = { vi = \"Thử\", en = \"Test\" }\ntheme = \"education\"\nframeworks = [\"local\"]\nunit = \"ratio\"\npolarity = \"closer-to-parity\"\nperiodicity = \"annual\"\ndata-source = { vi = \"Thử\", en = \"Test\" }\nlead-agency = { vi = \"Thử\", en = \"Test\" }\nbreakdowns = [\"area\"]\n\n[[levels]]\nlevel = \"commune\"\n\n[measure]\nkind = \"gpi\"\nbase = \"test-by-sex-ok\"\n\n[verification]\nstatus = \"I\"\nsource = \"test\"\n".into(),
    ));
    let cat = Catalogue::from_files(&files).unwrap_or_else(|d| panic!("{d}"));
    assert!(cat.indicator("test-by-sex-ok").unwrap().measure.as_ref().unwrap().by_sex());
    files.push(("education/test-by-sex-bad.toml".into(), rate("test-by-sex-bad", "new-rural-assessments")));
    let text = Catalogue::from_files(&files).unwrap_err().to_string();
    assert!(
        text.contains("education/test-by-sex-bad.toml:22")
            && text.contains(
                "by-sex = true, but dataset \"new-rural-assessments\" of `population` has no sex column"
            ),
        "{text}"
    );
}
