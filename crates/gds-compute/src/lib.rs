//! gds-compute: data sources and column mapping, validation, the fused plan on polars, the
//! statistics of each measure kind, and the table writers.
//!
//! Data flow: `gds.toml` ([`project::Project`]) → readers ([`read`]) → mapping onto the
//! catalogue's datasets ([`mapping`]) → [`plan::Plan`] → polars execution → [`gds_core::ResultTable`].
#![forbid(unsafe_code)]
// Errors carry the file, line, column, value and hint a user needs; they are built once per
// failed run, never on a hot path, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod engine;
pub mod error;
pub mod exec;
pub mod messages;
pub mod plan;
pub mod sources;
pub mod statistics;
pub mod writers;
pub mod xlsx;

pub use sources::{forms, layout, mapping, project, read, validate};

/// The version of polars gds's own engine runs on (recorded in results' metadata).
pub const POLARS_VERSION: &str = polars::VERSION;
pub use statistics::{stats, suppress};

pub use error::{ComputeError, Located};

/// "did you mean" among candidates ([`gds_indicators::did_you_mean`]).
pub fn hint<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    gds_indicators::did_you_mean(word, candidates)
}
