//! # gds-stats
//!
//! Statistical building blocks of the *gds* engine for gender-disaggregated statistics:
//! confidence intervals for proportions, sex ratios, gaps and ratios; weighted means with
//! Kish effective sample sizes; parity indices; the pay gap; Hajnal's singulate mean age
//! at marriage and the total fertility rate; UNDP's composite gender indices (GDI, GII);
//! and small-number reliability rules.
//!
//! The crate has no dataframe dependency: every function works on plain `f64` inputs, so
//! the compute layer can call it per group. Undefined inputs (zero denominators, negative
//! counts, NaN, invalid confidence levels) give `None`; nothing here panics on user data.
//!
//! Every method is cited next to its implementation; the project's reference notes are
//! `methods.md` §4 (composite indices) and §5 (interval methods), and `indicators.md` §5
//! (formula reference, SMAM).
//!
//! ## Example
//!
//! ```
//! use gds_stats::{sex_ratio, sex_ratio_interval, compare_to_range, IntervalMethod, RangeVerdict};
//!
//! // 1,060 boys and 1,000 girls born in a district in one year.
//! let srb = sex_ratio(1060.0, 1000.0, 100.0).unwrap();
//! assert!((srb - 106.0).abs() < 1e-12);
//!
//! // 95 % Wilson interval mapped to the SRB scale (methods.md §5.1): 97.23–115.56.
//! let iv = sex_ratio_interval(1060.0, 1000.0, IntervalMethod::Wilson, 0.95, 100.0).unwrap();
//! assert_eq!(format!("{:.2}–{:.2}", iv.lower, iv.upper), "97.23–115.56");
//!
//! // One year of 2,060 births cannot be told apart from the natural 103–107 range.
//! assert_eq!(compare_to_range(&iv, 103.0, 107.0), RangeVerdict::Overlaps);
//!
//! // Gender Development Index for Norway 2022 (HDR 2023/24 publishes 0.986, group 1).
//! use gds_stats::composite::{gdi, GdiInputs};
//! let r = gdi(&GdiInputs {
//!     le_f: 85.055, le_m: 81.718, eys_f: 19.521, eys_m: 17.804,
//!     mys_f: 13.210, mys_m: 12.913, gni_f: 61067.477, gni_m: 77164.330,
//! })
//! .unwrap();
//! assert_eq!((format!("{:.3}", r.gdi), r.group), ("0.986".to_string(), 1));
//! ```
#![forbid(unsafe_code)]

pub mod composite;
mod demography;
mod interval;
mod moments;
mod parity;
pub mod suppression;

pub use demography::{smam, total_fertility_rate};
pub use interval::{
    Interval, IntervalMethod, RangeVerdict, Z95, compare_to_range, katz_ratio, newcombe_difference,
    poisson_exact, proportion_interval, sex_ratio, sex_ratio_interval, z_for,
};
pub use moments::{WeightedMoments, kish_effective_n, pay_gap, pay_gap_interval, ratio_of_means_interval};
pub use parity::{adjusted_gender_parity_index, gender_parity_index};
