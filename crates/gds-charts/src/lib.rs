//! Charts of gender-disaggregated statistics for Vietnamese gender-equality reports: a
//! [`ResultTable`] and the indicator [`Catalogue`] in, SVG text or PNG bytes out.
//!
//! Every chart carries a title (the indicator's name in the chosen language), a subtitle
//! (place, area level, period), axis labels with units, a legend that reads in grayscale
//! (fill patterns, line styles and marker shapes, not colour alone), footnotes (interval
//! method, withheld and low-n values, synthetic data) and the source line. Text is drawn with
//! the embedded Be Vietnam Pro font (OFL-1.1) after NFC normalisation; SVG output embeds the
//! font as `@font-face` data so browsers draw the same glyphs. Output is deterministic: the
//! same input gives the same bytes.
//!
//! No polars here: charts work on the polars-free [`ResultTable`].
//!
//! ```
//! use gds_charts::{ChartContext, ChartKind, RenderOptions, render_svg};
//! use gds_core::{Lang, ObsStatus, ResultRow, ResultTable, TargetStatus};
//!
//! let cat = gds_indicators::Catalogue::embedded().unwrap();
//! let mut table = ResultTable::new(vec![]);
//! for (area, level, v) in [("D1", "district", 105.9), ("C1", "commune", 112.4), ("C2", "commune", 104.1)] {
//!     table.rows.push(ResultRow {
//!         indicator: "srb".into(), area: area.into(), level: level.into(), period: "2024".into(),
//!         keys: vec![], value: Some(v), numerator: None, denominator: None, n: 900,
//!         lower: Some(v - 6.0), upper: Some(v + 6.0), unit: "boys-per-100-girls".into(),
//!         method: "wilson".into(), status: ObsStatus::Ok, reason: None, target: None,
//!         target_op: None, target_year: None, target_status: TargetStatus::NoTarget,
//!     });
//! }
//! let names = |code: &str, _period: &str| match code { "D1" => "Huyện A", "C1" => "Xã Bình Minh", _ => "Xã Đông Hải" }.to_string();
//! let ctx = ChartContext {
//!     catalogue: &cat, lang: Lang::Vi, area_name: &names,
//!     source: "Nguồn: Chi cục Thống kê".into(), synthetic: false, period: None, place: "Huyện A".into(), focus: None,
//! };
//! let svg = render_svg(&table, "srb", ChartKind::Srb, &ctx, &RenderOptions::default()).unwrap();
//! assert!(svg.contains("Tỷ số giới tính khi sinh"));
//! assert!(svg.contains("@font-face"));
//! ```
#![forbid(unsafe_code)]

mod data;
mod figure;
mod fonts;
mod kinds;
mod layout;
mod render;

pub use fonts::{BOLD_TTF, FAMILY, FONT_LICENSE, REGULAR_TTF, has_glyph};

use gds_core::{Lang, ResultTable};
use gds_indicators::{Catalogue, Measure};
use std::collections::BTreeSet;

/// The kinds of chart (the `chart` key of an indicator definition).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChartKind {
    /// One bar per area of the lowest level, sorted, with intervals, target and parent line.
    BarByArea,
    /// Values over periods for the top area, with interval bands and the target.
    Trend,
    /// Population pyramid: age groups × sex (men left, women right), percent of the total.
    Pyramid,
    /// Grouped bars for women, men (and both sexes) by a category (age group, urban/rural, area).
    SexComparison,
    /// Women vs men per area, joined by a line, with the gap labelled.
    Dumbbell,
    /// Sex ratio (at birth) by area with intervals against the reference range.
    Srb,
    /// 100 % bars of women's and men's shares by level or area.
    StackedShare,
}

impl ChartKind {
    /// Every kind, in declaration order.
    pub const ALL: [ChartKind; 7] = [
        ChartKind::BarByArea,
        ChartKind::Trend,
        ChartKind::Pyramid,
        ChartKind::SexComparison,
        ChartKind::Dumbbell,
        ChartKind::Srb,
        ChartKind::StackedShare,
    ];

    /// The kebab-case name used in definition files (`bar-by-area`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::BarByArea => "bar-by-area",
            ChartKind::Trend => "trend",
            ChartKind::Pyramid => "pyramid",
            ChartKind::SexComparison => "sex-comparison",
            ChartKind::Dumbbell => "dumbbell",
            ChartKind::Srb => "srb",
            ChartKind::StackedShare => "stacked-share",
        }
    }

    /// Parse a kebab-case name.
    pub fn from_name(name: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl std::fmt::Display for ChartKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a chart needs besides the table: the catalogue, the language, area names and the
/// lines printed around the plot.
pub struct ChartContext<'a> {
    /// The indicator catalogue (names, units, code labels, targets, reference ranges).
    pub catalogue: &'a Catalogue,
    /// Language of every label.
    pub lang: Lang,
    /// Name of an area code in a period (`_T` = the whole area of the report; a reused code
    /// names another unit in another period).
    pub area_name: &'a dyn Fn(&str, &str) -> String,
    /// The source line, e.g. "Nguồn: Chi cục Thống kê huyện — DỮ LIỆU TỔNG HỢP".
    pub source: String,
    /// Whether the data are synthetic (adds "Dữ liệu tổng hợp" / "Synthetic data").
    pub synthetic: bool,
    /// Period to draw for single-period kinds (default: the latest in the table).
    pub period: Option<String>,
    /// District or project name for subtitles.
    pub place: String,
    /// The area the document is about (a district report's district, though the table holds
    /// its province too): single-area charts (trend, pyramid) draw it when it has rows.
    /// `None`: the table's top area.
    pub focus: Option<String>,
}

/// Size of the output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderOptions {
    /// Width in CSS pixels (default 1200).
    pub width: u32,
    /// Height in CSS pixels (default 750).
    pub height: u32,
    /// Pixels per CSS pixel: 1.0 for screens, dpi / 96 for print (300 dpi → 3.125). PNG
    /// output is `width × scale` by `height × scale` pixels; SVG is drawn at the same scale.
    pub scale: f64,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { width: 1200, height: 750, scale: 1.0 }
    }
}

/// The width a chart has in a Word report: 16 cm, the text width of an A4 page with the
/// margins of Decree 30/2020 (3–3.5 cm left, 1.5–2 cm right).
pub const WORD_WIDTH_CM: f64 = 16.0;

/// The layout width of a chart for Word (see [`RenderOptions::word`]).
pub const WORD_WIDTH_PX: u32 = 488;

impl RenderOptions {
    /// Print resolution: the default layout at `dpi` (e.g. 300).
    pub fn print(dpi: f64) -> RenderOptions {
        RenderOptions { scale: dpi / 96.0, ..RenderOptions::default() }
    }

    /// A chart laid out for the page it lands on in Word, [`WORD_WIDTH_CM`] wide: 488 layout
    /// pixels, so that text of plotters size 12 (an em of 12 / 1.24 px) prints at 9 pt and the
    /// title at 16 pt, 600 pixels high (19.7 cm: room for a row per commune), drawn at `dpi`.
    /// (A 1200 px layout shrunk to 16 cm printed its labels at 4–5 pt.)
    pub fn word(dpi: f64) -> RenderOptions {
        RenderOptions { width: WORD_WIDTH_PX, height: 600, scale: dpi / 96.0 }
    }

    /// Points per layout pixel once the chart is `width_cm` wide on paper.
    pub fn points_per_pixel(&self, width_cm: f64) -> f64 {
        width_cm / 2.54 * 72.0 / f64::from(self.width)
    }
}

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChartError {
    /// The table has nothing drawable for the indicator and chart kind.
    #[error("no chart for indicator {indicator:?}: {reason}")]
    NoData {
        /// Indicator id.
        indicator: String,
        /// What is missing, with a hint.
        reason: String,
    },
    /// The indicator is not in the catalogue.
    #[error(
        "unknown indicator {0:?} — hint: use an id from the catalogue (`gds list` shows them), \
         e.g. \"srb\" or \"lfpr\""
    )]
    UnknownIndicator(String),
    /// Drawing failed or the options are unusable.
    #[error("cannot draw the chart: {0}")]
    Render(String),
}

/// The title of an indicator's chart: its name in `lang`, NFC-normalised.
pub fn chart_title(catalogue: &Catalogue, indicator: &str, lang: Lang) -> Result<String, ChartError> {
    catalogue
        .indicator(indicator)
        .map(|d| figure::nfc(d.name.get(lang)))
        .ok_or_else(|| ChartError::UnknownIndicator(indicator.to_string()))
}

/// The chart kind an indicator gets when its definition names none.
pub fn default_kind(catalogue: &Catalogue, indicator: &str) -> Option<ChartKind> {
    let def = catalogue.indicator(indicator)?;
    if let Some(k) = def.chart.as_deref().and_then(ChartKind::from_name) {
        return Some(k);
    }
    Some(match &def.measure {
        Some(Measure::SexRatio { .. }) => ChartKind::Srb,
        Some(Measure::RateBySex { .. } | Measure::MeanBySex { .. } | Measure::Smam { .. }) => {
            ChartKind::SexComparison
        }
        Some(Measure::Derived { kind: gds_indicators::DerivedKind::Gap, .. }) => ChartKind::Dumbbell,
        Some(Measure::Gdi { .. } | Measure::Gii { .. }) => ChartKind::Trend,
        _ => ChartKind::BarByArea,
    })
}

fn check_options(opts: &RenderOptions) -> Result<(), ChartError> {
    if opts.width < 480 || opts.height < 320 || opts.width > 4000 || opts.height > 4000 {
        return Err(ChartError::Render(format!(
            "size {}×{} is outside 480×320 … 4000×4000 CSS pixels — hint: use the default 1200×750 \
             and raise `scale` for print",
            opts.width, opts.height
        )));
    }
    if !(opts.scale.is_finite() && (0.25..=8.0).contains(&opts.scale)) {
        return Err(ChartError::Render(format!(
            "scale {} is outside 0.25 … 8 — hint: 1.0 for screens, dpi / 96 for print (300 dpi → 3.125)",
            opts.scale
        )));
    }
    Ok(())
}

/// Lay a chart out (no drawing yet).
fn build(
    table: &ResultTable,
    indicator: &str,
    kind: ChartKind,
    ctx: &ChartContext,
    opts: &RenderOptions,
) -> Result<figure::Figure, ChartError> {
    check_options(opts)?;
    let ind = data::Ind::new(table, ctx.catalogue, indicator)?;
    let env =
        kinds::Env { ind, ctx, lang: ctx.lang, width: f64::from(opts.width), height: f64::from(opts.height) };
    match kind {
        ChartKind::BarByArea => kinds::bar_by_area(&env),
        ChartKind::Trend => kinds::trend(&env),
        ChartKind::Pyramid => kinds::pyramid(&env),
        ChartKind::SexComparison => kinds::sex_comparison(&env),
        ChartKind::Dumbbell => kinds::dumbbell(&env),
        ChartKind::Srb => kinds::srb(&env),
        ChartKind::StackedShare => kinds::stacked_share(&env),
    }
}

/// Draw `indicator` from `table` as an SVG document (fonts embedded as `@font-face`).
pub fn render_svg(
    table: &ResultTable,
    indicator: &str,
    kind: ChartKind,
    ctx: &ChartContext,
    opts: &RenderOptions,
) -> Result<String, ChartError> {
    let fig = build(table, indicator, kind, ctx, opts)?;
    render::to_svg(&fig, opts.scale)
}

/// Draw `indicator` from `table` as PNG bytes (`width × scale` by `height × scale` pixels,
/// with the matching dpi recorded in the file).
pub fn render_png(
    table: &ResultTable,
    indicator: &str,
    kind: ChartKind,
    ctx: &ChartContext,
    opts: &RenderOptions,
) -> Result<Vec<u8>, ChartError> {
    let fig = build(table, indicator, kind, ctx, opts)?;
    render::to_png(&fig, opts.scale)
}

/// The text boxes of a laid-out chart in CSS pixels: `(text, [x0, y0, x1, y1])`. For layout
/// checks (overlaps, clipping) without rasterising.
pub fn text_boxes(
    table: &ResultTable,
    indicator: &str,
    kind: ChartKind,
    ctx: &ChartContext,
    opts: &RenderOptions,
) -> Result<Vec<(String, [f64; 4])>, ChartError> {
    let fig = build(table, indicator, kind, ctx, opts)?;
    Ok(fig.texts().into_iter().map(|(t, b)| (t.text.clone(), [b.x0, b.y0, b.x1, b.y1])).collect())
}

/// The charts a report shows for `table`: every indicator present (known to the catalogue)
/// with its default kind — or, when the data cannot carry that kind (e.g. a trend with one
/// period), the first of bar-by-area, sex-comparison, trend that can be drawn — plus a
/// pyramid for population counts by sex and age group. Indicators with nothing drawable are
/// left out. Sorted by indicator id.
pub fn standard_charts(table: &ResultTable, catalogue: &Catalogue) -> Vec<(String, ChartKind)> {
    let names = |code: &str, _: &str| code.to_string();
    let ctx = ChartContext {
        catalogue,
        lang: Lang::Vi,
        area_name: &names,
        source: String::new(),
        synthetic: false,
        period: None,
        place: String::new(),
        focus: None,
    };
    let opts = RenderOptions::default();
    let ok = |id: &str, k: ChartKind| build(table, id, k, &ctx, &opts).is_ok();
    let ids: BTreeSet<&str> = table.rows.iter().map(|r| r.indicator.as_str()).collect();
    let mut out = Vec::new();
    for id in ids {
        let Some(default) = default_kind(catalogue, id) else { continue };
        let chosen = std::iter::once(default)
            .chain([ChartKind::BarByArea, ChartKind::SexComparison, ChartKind::Trend])
            .find(|k| ok(id, *k));
        if let Some(k) = chosen {
            out.push((id.to_string(), k));
        }
        let is_count =
            matches!(catalogue.indicator(id).and_then(|d| d.measure.as_ref()), Some(Measure::Count { .. }));
        if is_count && chosen != Some(ChartKind::Pyramid) && kinds::has_pyramid_data(table, catalogue, id) {
            out.push((id.to_string(), ChartKind::Pyramid));
        }
    }
    out
}

/// The SVG without its embedded `@font-face` block. Inline SVGs in one HTML page share their
/// CSS, so a page needs the fonts once: keep them in the first chart and strip the rest.
pub fn without_embedded_fonts(svg: &str) -> String {
    svg.replacen(fonts::svg_font_style(), "", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip_and_match_the_catalogue_vocabulary() {
        for k in ChartKind::ALL {
            assert_eq!(ChartKind::from_name(k.name()), Some(k));
        }
        let names: Vec<&str> = ChartKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names, gds_indicators::CHARTS);
        assert_eq!(ChartKind::from_name("pie"), None);
    }

    #[test]
    fn options_are_checked() {
        assert!(check_options(&RenderOptions::default()).is_ok());
        assert!(check_options(&RenderOptions::print(300.0)).is_ok());
        let e = check_options(&RenderOptions { width: 100, ..Default::default() }).unwrap_err();
        assert!(e.to_string().contains("hint"), "{e}");
        assert!(check_options(&RenderOptions { scale: f64::NAN, ..Default::default() }).is_err());
    }
}
