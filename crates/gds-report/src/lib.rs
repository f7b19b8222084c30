//! The gender-statistics report: computed indicators ([`ResultTable`]) and rendered charts
//! ([`ChartAsset`]) → a self-contained `report.html` and an editable `report.docx`.
//!
//! A district labour office sends a six-month (by 05/06) and an annual (by 05/12)
//! gender-equality report. This crate writes the statistical part of it, in Vietnamese by
//! default: per theme a table of the headline indicators (value, 95 % interval, change from the
//! previous period with a judgement, target and its status, quality marks), the theme's charts
//! and notes (methods, sources, suppression rules), then an annex on data quality.
//!
//! Both formats are built from one format-neutral document model, so they say the same thing.
//! The caller renders the charts (SVG for HTML, PNG for Word) and writes the files; this crate
//! does no I/O and never needs polars or plotters.
//!
//! Output is deterministic: the same input gives the same bytes (set
//! [`ReportInput::generated`] to `None` to leave the timestamp out).
//!
//! ```
//! use gds_core::{Lang, ObsStatus, ResultRow, ResultTable, TargetStatus};
//! use gds_report::{ReportInput, html};
//!
//! let catalogue = gds_indicators::Catalogue::embedded().expect("the shipped catalogue is valid");
//! let mut table = ResultTable::new(vec![]);
//! table.rows.push(ResultRow {
//!     indicator: "srb".into(), area: "D".into(), level: "district".into(), period: "2024".into(),
//!     keys: vec![], value: Some(111.5), numerator: Some(1115.0), denominator: Some(1000.0),
//!     n: 2115, lower: Some(109.9), upper: Some(113.1), unit: "boys-per-100-girls".into(),
//!     method: "wilson".into(), status: ObsStatus::Ok, reason: None, target: None,
//!     target_op: None, target_year: None, target_status: TargetStatus::NoTarget,
//! });
//! let names = |code: &str, _period: &str| if code == "D" { "Huyện Minh Lâm".to_string() } else { code.to_string() };
//! let input = ReportInput {
//!     catalogue: &catalogue, table: &table, lang: Lang::Vi,
//!     period: "2024".into(), previous_period: None,
//!     title: "Báo cáo thống kê giới năm 2024".into(), place: "Huyện Minh Lâm".into(),
//!     area_name: &names, headline_area: "D".into(),
//!     source_note: "Sổ hộ tịch của huyện".into(), synthetic: false,
//!     charts: vec![], quality: vec![], coverage: vec![], generated: None, letterhead: None,
//! };
//! let page = html(&input);
//! assert!(page.contains("Tỷ số giới tính khi sinh"));
//! assert!(page.contains("111,5"));
//! assert!(page.contains("109,9 – 113,1"));
//! ```
#![forbid(unsafe_code)]

mod content;
mod docx;
mod html;
mod png;

use gds_core::{Lang, ResultRow, ResultTable};
use gds_indicators::Catalogue;

/// A chart rendered by the caller, in both formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartAsset {
    /// Indicator id the chart shows (places it in that indicator's theme).
    pub indicator: String,
    /// Chart kind (`bar-by-area`, `trend`, `srb`, ...).
    pub kind: String,
    /// Caption, without the "Hình N:" prefix (added here).
    pub caption: String,
    /// SVG document (inlined in the HTML report; empty: the PNG is used instead).
    pub svg: String,
    /// PNG bytes (embedded in the Word report; empty: the Word report says the figure is in
    /// the HTML report only).
    pub png: Vec<u8>,
    /// File name without extension the caller writes the chart to, e.g. `srb-bar-by-area`.
    pub file_stem: String,
}

/// Whether an indicator of the official set could be reported, and why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coverage {
    /// Computed from the data.
    Computed,
    /// Computable, but the data has nothing for it (the text says what is missing).
    NoData(String),
    /// Not computable from the declared datasets (the text says why).
    NotComputable(String),
    /// Not compiled at the report's administrative level (the text says where it is).
    NotAtThisLevel(String),
}

/// A validation finding to list in the data-quality annex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualityNote {
    /// `error`, `warning` or `derived` (cells derived from the others; any other text is
    /// shown as is).
    pub severity: String,
    /// The finding, in the report's language.
    pub text: String,
}

/// Who issues the report and who signs it: the blocks of an administrative document
/// (Nghị định 30/2020/NĐ-CP, Phụ lục I), in the report's language. Project data, never code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letterhead {
    /// The superior body (`UBND HUYỆN MINH LÂM`), printed above the issuing body.
    pub superior: Option<String>,
    /// The issuing body (`PHÒNG VĂN HÓA - XÃ HỘI`).
    pub body: String,
    /// The document symbol (`BC-VHXH`); the number is left for the office ("Số: …/BC-VHXH").
    pub symbol: String,
    /// The place of the date line (`Minh Lâm`); the day and month are left for the office.
    pub place: String,
    /// The year of the date line.
    pub year: i32,
    /// The authority signed for (`KT. TRƯỞNG PHÒNG`).
    pub sign_for: Option<String>,
    /// The signer's title (`TRƯỞNG PHÒNG`).
    pub signer_title: String,
    /// The signer's name (`None`: a line for the office to write it).
    pub signer: Option<String>,
    /// Recipients ("Nơi nhận"); "Lưu: VT" is added.
    pub recipients: Vec<String>,
}

/// Everything a report is made from.
pub struct ReportInput<'a> {
    /// The indicator catalogue (names, units, polarity, sources, rules).
    pub catalogue: &'a Catalogue,
    /// The computed results (all areas and periods; the report picks what it shows).
    pub table: &'a ResultTable,
    /// Language of the report (Vietnamese by default).
    pub lang: Lang,
    /// The reported period, as in the table (`2024`).
    pub period: String,
    /// The period to compare with (`2023`); `None`: no change column.
    pub previous_period: Option<String>,
    /// Title, e.g. `Báo cáo thống kê giới năm 2024`.
    pub title: String,
    /// Place line, e.g. `Huyện Minh Lâm (dữ liệu tổng hợp)`.
    pub place: String,
    /// Name of an area code (`_T` included) in a period, in the report's language (a reused
    /// code names another unit in another period).
    pub area_name: &'a dyn Fn(&str, &str) -> String,
    /// Area code of the report's own level (the district for a district report): the theme
    /// tables show this area.
    pub headline_area: String,
    /// Where the data comes from (one line under the title).
    pub source_note: String,
    /// The data is synthetic: a banner says so on the first page.
    pub synthetic: bool,
    /// Charts, in the order they should appear within their themes.
    pub charts: Vec<ChartAsset>,
    /// Validation findings for the annex.
    pub quality: Vec<QualityNote>,
    /// Coverage of the official indicator set, by indicator id.
    pub coverage: Vec<(String, Coverage)>,
    /// Timestamp text shown under the title; `None` leaves it out (reproducible bytes).
    pub generated: Option<String>,
    /// The issuing body and signer (`None`: the document has no letterhead or signature).
    pub letterhead: Option<Letterhead>,
}

/// Problems writing a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A chart's PNG bytes are not a PNG image.
    #[error(
        "chart {file_stem:?} (indicator {indicator}): the PNG is not valid ({problem}) — hint: render the chart again"
    )]
    InvalidPng {
        /// File stem of the chart.
        file_stem: String,
        /// Indicator of the chart.
        indicator: String,
        /// What is wrong.
        problem: String,
    },
    /// docx-rs could not write the document.
    #[error("could not write the Word document: {source}")]
    Docx {
        /// The archive writer's error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The archive docx-rs wrote could not be normalised (a bug in gds).
    #[error("internal error: the Word archive could not be normalised: {0}")]
    Archive(String),
}

/// The self-contained `report.html` (UTF-8, inline CSS and SVG, no external resources).
pub fn html(input: &ReportInput) -> String {
    html::render(&content::build(input))
}

/// The `report.docx` bytes (A4 portrait; Heading 1/Heading 2 styles; PNG charts embedded).
pub fn docx(input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    docx::render(&content::build(input))
}

/// The rows shown for `indicator` in its theme table: the headline area and the reported
/// period, every breakdown at its total; for indicators computed by sex, and counts by sex,
/// one row each for female, male and both sexes (in that order), otherwise the both-sexes
/// row; for an indicator defined for one sex (`reported-sex`), that sex's row only.
pub fn headline_rows<'a>(input: &ReportInput<'a>, indicator: &str) -> Vec<&'a ResultRow> {
    let shown = input.catalogue.indicator(indicator).map_or((false, None), content::sexes_shown);
    content::rows_at(input.table, indicator, &input.headline_area, &input.period, shown)
}
