//! The shared vocabulary of gds: languages and bilingual text, sex codes, observation and
//! target status, administrative areas over time, and the polars-free [`ResultTable`].
//!
//! This crate does no I/O. Everything here can be understood and tested without polars.
//!
//! ```
//! use gds_core::{Sex, Text, Lang};
//! let name = Text::new("Nữ", "Female");
//! assert_eq!(name.get(Lang::Vi), "Nữ");
//! assert_eq!(Sex::from_code("_T"), Some(Sex::Total));
//! ```
#![forbid(unsafe_code)]

mod area;
mod period;
mod result;
mod text;

pub use area::{Area, AreaError, AreaList, CrosswalkEntry};
pub use period::{Calendar, Granularity, Period, is_date_code, regroup, split_date};
pub use result::{
    ObsStatus, ResultRow, ResultTable, ResultTableError, TOTAL_CODE, TargetOp, TargetStatus, reason_in,
};
pub use text::{Lang, Sex, Text, fold, format_number, is_nfc, nfc};
