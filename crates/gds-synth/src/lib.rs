//! `gds-synth`: synthetic data for a fictional district, *Huyện Minh Lâm (dữ liệu tổng hợp)*
//! / *Minh Lam district (synthetic data)* in *Tỉnh Sơn Hà (tổng hợp)*: census persons, a
//! labour force survey sample, births, deaths, marriages, leaders, People's Council deputies,
//! Party committee members, government bodies, enterprises, gender-based violence cases,
//! population tables (CSV and Excel) and composite-index inputs, with the area list and the
//! 1 July 2025 crosswalk, a `gds.toml` project file and a README listing the true parameters.
//!
//! Every random draw comes from a ChaCha8 stream keyed by (seed, year, commune, dataset,
//! chunk), so the same seed gives byte-identical files whatever the number of threads.
//! Persons are generated and written chunk by chunk (one Parquet row group per chunk), so
//! memory stays bounded for 10^7–10^8 persons. Files are written under temporary names and
//! renamed into place only when everything succeeded.
//!
//! ```no_run
//! let cfg = gds_synth::SynthConfig { persons: 20_000, ..gds_synth::SynthConfig::new("out/ml") };
//! let summary = gds_synth::generate(&cfg, &mut |stage, done, total| eprintln!("{stage} {done}/{total}"))?;
//! println!("{} files", summary.files.len());
//! # Ok::<(), gds_synth::SynthError>(())
//! ```
#![forbid(unsafe_code)]
// Demographic code indexes several parallel tables by age, sex and group at once.
#![allow(clippy::needless_range_loop)]

mod communes;
mod docs;
mod events;
mod gov;
mod model;
mod out;
mod persons;
mod rng;
mod tables;

pub use communes::{
    COMMUNES, Commune, DISTRICT_CODE, DISTRICT_EN, DISTRICT_VI, NEW_COMMUNES, NewCommune, PROVINCE_CODE,
    PROVINCE_EN, PROVINCE_VI, REFORM_DATE,
};
pub use gov::{COUNCIL_PERIOD, COUNCIL_TERM, PARTY_PERIOD, PARTY_TERM};
pub use model::{AGE_GROUPS, Afm, CommuneTruth, EDU, Expected, Model, TARGETS, Targets};
pub use out::MicroFormat;
pub use tables::{XLSX_HEADERS, XLSX_SHEET};

use std::path::{Path, PathBuf};

/// Which formats to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// Format of persons and labour-force (Parquet by default; CSV possible).
    pub microdata: MicroFormat,
    /// Also write the last year's population table as an Excel workbook (default true).
    pub xlsx: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Formats { microdata: MicroFormat::Parquet, xlsx: true }
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthConfig {
    /// Seed of all random streams.
    pub seed: u64,
    /// Persons (census records) per year, shared out over the 17 communes.
    pub persons: u64,
    /// Years to generate.
    pub years: Vec<i32>,
    /// Output folder (created if missing; files in it with the same names are replaced).
    pub out_dir: PathBuf,
    /// Output formats.
    pub formats: Formats,
    /// Worker threads for the persons (0 = all cores). The output does not depend on it.
    pub threads: usize,
}

/// Default persons per year.
pub const DEFAULT_PERSONS: u64 = 150_000;
/// Default seed of the sample.
pub const DEFAULT_SEED: u64 = 42;

impl SynthConfig {
    /// The default configuration (seed 42, 150,000 persons per year, 2023 and 2024,
    /// Parquet + xlsx, all cores) writing to `out_dir`.
    pub fn new(out_dir: impl Into<PathBuf>) -> SynthConfig {
        SynthConfig {
            seed: DEFAULT_SEED,
            persons: DEFAULT_PERSONS,
            years: vec![2023, 2024],
            out_dir: out_dir.into(),
            formats: Formats::default(),
            threads: 0,
        }
    }
}

/// A file written by [`generate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    /// File name inside the output folder.
    pub name: String,
    /// Logical dataset, if the file is a data source (`None` for areas, crosswalk, gds.toml, README).
    pub dataset: Option<&'static str>,
    /// Period of the file (None when it spans years).
    pub period: Option<i32>,
    /// Data rows (without header).
    pub rows: u64,
    /// Size in bytes.
    pub bytes: u64,
    /// Listed as a source in gds.toml?
    pub listed: bool,
    /// Further keys of its `[[sources]]` entry in gds.toml (sheet, layout, constants), one
    /// `key = value` line each.
    pub keys: Vec<String>,
}

/// What [`generate`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthSummary {
    /// Output folder.
    pub out_dir: PathBuf,
    /// The files, in the order written.
    pub files: Vec<WrittenFile>,
    /// Persons over all years.
    pub persons: u64,
    /// Labour force survey rows over all years.
    pub lfs_rows: u64,
    /// Births over all years.
    pub births: u64,
    /// Deaths over all years.
    pub deaths: u64,
}

impl SynthSummary {
    /// Total bytes written.
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }
}

/// Errors of the generator, naming the file that failed.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Writing a Parquet or CSV table with polars failed.
    #[error("{}: {source}", path.display())]
    Polars {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: polars::prelude::PolarsError,
    },
    /// Writing a CSV table failed.
    #[error("{}: {source}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: csv::Error,
    },
    /// Writing the Excel workbook failed.
    #[error("{}: {message}", path.display())]
    Xlsx {
        /// The file.
        path: PathBuf,
        /// The cause.
        message: String,
    },
    /// The configuration cannot be generated.
    #[error("invalid synth configuration: {0}")]
    Config(String),
}

impl SynthError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> SynthError {
        SynthError::Io { path: path.to_path_buf(), source }
    }
}

/// Write the default sample (seed 42, 150,000 persons per year, 2023 and 2024) into `dir`.
pub fn write_sample(dir: &Path) -> Result<SynthSummary, SynthError> {
    generate(&SynthConfig::new(dir), &mut |_, _, _| {})
}

/// The file name of a dataset file: `<dataset>-<tag>-synthetic.<ext>`.
pub fn file_name(dataset: &str, tag: &str, ext: &str) -> String {
    format!("{dataset}-{tag}-synthetic.{ext}")
}

/// Generate every dataset into `cfg.out_dir`. `progress(stage, done, total)` is called from
/// the calling thread as work completes.
pub fn generate(
    cfg: &SynthConfig,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<SynthSummary, SynthError> {
    check(cfg)?;
    let model = Model::new();
    let mut run = run::Run::new(cfg, &model)?;
    run.all(progress)?;
    run.finish()
}

fn check(cfg: &SynthConfig) -> Result<(), SynthError> {
    if cfg.persons == 0 {
        return Err(SynthError::Config("persons must be at least 1".into()));
    }
    if cfg.persons > 10_000_000_000 {
        return Err(SynthError::Config("persons must be at most 10^10 per year".into()));
    }
    if cfg.years.is_empty() {
        return Err(SynthError::Config("give at least one year".into()));
    }
    let mut ys = cfg.years.clone();
    ys.sort_unstable();
    ys.dedup();
    if ys.len() != cfg.years.len() {
        return Err(SynthError::Config("a year is listed twice".into()));
    }
    if ys.iter().any(|y| !(2000..=2100).contains(y)) {
        return Err(SynthError::Config("years must be between 2000 and 2100".into()));
    }
    Ok(())
}

mod run;
