//! The gds indicator catalogue: definition files (TOML) parsed, validated and resolved.
//!
//! Every computation in gds reads indicator definitions from here. The default catalogue
//! (the `indicators/` folder of the repository) is embedded in the library; a province can
//! load its own folder with [`Catalogue::load`].
//!
//! ```
//! let cat = gds_indicators::Catalogue::embedded().expect("the shipped catalogue is valid");
//! let srb = cat.indicator("srb").unwrap();
//! assert_eq!(srb.name.vi, "Tỷ số giới tính khi sinh");
//! assert_eq!(srb.reference_range, Some([103.0, 107.0]));
//! ```
#![forbid(unsafe_code)]

pub mod def;
mod diag;
pub mod filter;
mod model;
mod validate;

pub use diag::{Diagnostic, Diagnostics, did_you_mean};
pub use filter::Filter;
pub use model::*;
pub use validate::{CHARTS, COMPOSITE_COLUMNS, INTERVALS, MEASURE_KINDS, PERIODICITIES, POLARITIES};

use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The catalogue files embedded at build time: (path relative to `indicators/`, text).
pub fn embedded_files() -> Vec<(String, String)> {
    embedded::EMBEDDED.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect()
}

/// Read every `.toml` file under `dir` as (relative path, text), sorted by path.
pub fn read_dir_files(dir: &Path) -> Result<Vec<(String, String)>, Diagnostics> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>, errs: &mut Vec<Diagnostic>) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                errs.push(Diagnostic {
                    file: dir.display().to_string(),
                    line: 0,
                    column: 0,
                    message: format!("cannot read the folder: {e}"),
                    hint: Some("check the path given with --catalogue".into()),
                });
                return;
            }
        };
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, root, out, errs);
            } else if p.extension().is_some_and(|e| e == "toml") {
                let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().replace('\\', "/");
                match std::fs::read(&p) {
                    Ok(bytes) => match String::from_utf8(bytes) {
                        Ok(s) => out.push((rel, s)),
                        Err(e) => errs.push(Diagnostic {
                            file: rel,
                            line: 0,
                            column: 0,
                            message: format!(
                                "not UTF-8 text (invalid byte at offset {})",
                                e.utf8_error().valid_up_to()
                            ),
                            hint: Some("save definition files as UTF-8".into()),
                        }),
                    },
                    Err(e) => errs.push(Diagnostic {
                        file: rel,
                        line: 0,
                        column: 0,
                        message: format!("cannot read: {e}"),
                        hint: None,
                    }),
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut errs = Vec::new();
    walk(dir, dir, &mut out, &mut errs);
    if errs.is_empty() { Ok(out) } else { Err(Diagnostics(errs)) }
}

impl Catalogue {
    /// The default catalogue embedded in the binary.
    pub fn embedded() -> Result<Catalogue, Diagnostics> {
        Catalogue::from_files(&embedded_files())
    }

    /// Load and validate the catalogue in folder `dir`.
    pub fn load(dir: &Path) -> Result<Catalogue, Diagnostics> {
        Catalogue::from_files(&read_dir_files(dir)?).map_err(|mut d| {
            for x in &mut d.0 {
                x.file = dir.join(&x.file).display().to_string();
            }
            d
        })
    }

    /// Validate a catalogue given as (relative path, text) pairs; returns every problem.
    pub fn from_files(files: &[(String, String)]) -> Result<Catalogue, Diagnostics> {
        validate::build(files)
    }
}
