//! Shared set-up of the fuzz targets: a project folder in a temporary directory with one
//! file replaced by the fuzzer's bytes, then the same calls `gds validate` / `gds compute`
//! make. Errors are expected; a panic is a bug.

use gds_compute::exec::{Strategy, execute};
use gds_compute::plan::{Request, plan};
use gds_compute::project::Project;
use gds_indicators::Catalogue;
use std::path::Path;
use std::sync::OnceLock;

/// The embedded catalogue, loaded once.
pub fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| Catalogue::embedded().expect("the embedded catalogue is valid"))
}

/// A valid area list with official zero-padded codes.
pub const AREAS: &str = "code,name_vi,name_en,level,parent,valid_from,valid_to\n01,Tỉnh,Province,province,,,\n001,Huyện,District,district,01,,2025-06-30\n00001,Xã A,Commune A,commune,001,,2025-06-30\n00004,Xã B,Commune B,commune,001,,2025-06-30\n00007,Xã C,Commune C,commune,01,2025-07-01,\n";
/// A valid crosswalk for [`AREAS`].
pub const CROSSWALK: &str = "from,to,share,date\n00001,00007,1,2025-07-01\n00004,00007,1,2025-07-01\n";
/// A valid persons CSV.
pub const PERSONS: &str = "person_id,period,area,sex,age,literate\nP1,2024,00001,F,30,1\nP2,2024,00004,M,41,0\nP3,2024,00004,F,17,\n";

/// Write `files` into a fresh folder and return it.
pub fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    dir
}

/// A project file over the given persons file, areas and crosswalk.
pub fn project_toml(persons: &str, extra: &str) -> String {
    format!(
        "schema-version = 1\nname = {{ vi = \"Thử\", en = \"Test\" }}\nareas = \"areas.csv\"\ncrosswalk = \"crosswalk.csv\"\n\n[[sources]]\ndataset = \"persons\"\npath = \"{persons}\"\n{extra}"
    )
}

/// Load the project, validate it, and compute when the gate lets it through.
pub fn run(project: &Path) {
    let cat = catalogue();
    let Ok(p) = Project::load(project, cat) else { return };
    let report = gds_compute::validate::validate(&p, cat, &mut |_| {});
    if report.has_errors() {
        return;
    }
    let Ok(pl) = plan(cat, &p, &Request::default()) else { return };
    let _ = execute(&pl, &p, cat, Strategy::Fused, &mut |_| {});
}
