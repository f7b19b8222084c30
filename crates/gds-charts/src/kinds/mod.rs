//! The chart kinds. Each reads the rows of one indicator and lays out a [`Figure`].

mod bar;
mod dumbbell;
mod pyramid;
mod sexcomp;
mod srb;
mod stacked;
mod trend;

pub(crate) use bar::bar_by_area;
pub(crate) use dumbbell::dumbbell;
pub(crate) use pyramid::{has_pyramid_data, pyramid};
pub(crate) use sexcomp::sex_comparison;
pub(crate) use srb::srb;
pub(crate) use stacked::stacked_share;
pub(crate) use trend::trend;

use crate::data::{
    Flag, Ind, Target, area_label, capitalise, decapitalise, drawable, flag, interval, interval_note,
    level_name, period_label, tr,
};
use crate::figure::{
    FEMALE, FEMALE_LIGHT, Figure, INK, MALE, MALE_DARK, MALE_LIGHT, PRIMARY, PRIMARY_LIGHT, Rgb, Stroke,
    TOTAL, TOTAL_LIGHT,
};
use crate::layout::{Frame, LegendEntry, Swatch};
use crate::{ChartContext, ChartError};
use gds_core::{Lang, ResultRow};

/// Everything a chart kind reads.
pub(crate) struct Env<'a> {
    pub ind: Ind<'a>,
    pub ctx: &'a ChartContext<'a>,
    pub lang: Lang,
    pub width: f64,
    pub height: f64,
}

impl Env<'_> {
    pub(crate) fn tr(&self, vi: &'static str, en: &'static str) -> &'static str {
        tr(self.lang, vi, en)
    }

    pub(crate) fn no_data(&self, reason: impl Into<String>) -> ChartError {
        ChartError::NoData { indicator: self.ind.id.clone(), reason: reason.into() }
    }

    pub(crate) fn figure(&self) -> Figure {
        Figure::new(self.width, self.height)
    }

    /// The indicator's name in the chart language.
    pub(crate) fn title(&self) -> String {
        crate::figure::nfc(self.ind.def.name.get(self.lang))
    }

    /// "Huyện A · Theo xã/phường/đặc khu · Năm 2024 · …".
    pub(crate) fn subtitle(&self, parts: &[String]) -> String {
        let mut v: Vec<String> = Vec::new();
        if !self.ctx.place.trim().is_empty() {
            v.push(crate::figure::nfc(self.ctx.place.trim()));
        }
        v.extend(parts.iter().filter(|p| !p.is_empty()).cloned());
        v.join(" · ")
    }

    /// "Theo xã/phường/đặc khu" / "By commune/ward".
    pub(crate) fn by_level(&self, level: &str) -> String {
        let name = level_name(self.ind.cat, level, self.lang);
        match self.lang {
            Lang::Vi => format!("Theo {}", decapitalise(&name)),
            Lang::En => format!("By {}", decapitalise(&name)),
        }
    }

    pub(crate) fn period_label(&self, period: &str) -> String {
        period_label(period, self.lang)
    }

    /// Axis title for values: "Phần trăm (%)".
    pub(crate) fn value_axis(&self) -> String {
        crate::data::unit_axis_label(self.ind.cat, self.ind.unit(), self.lang)
    }

    /// The unit written after a number in a label ("%", "điểm %", "người").
    pub(crate) fn suffix(&self) -> String {
        crate::data::unit_suffix(self.ind.cat, self.ind.unit(), self.lang)
    }

    /// A value with its unit when the unit is a symbol ("52,3 %"), else the number only.
    pub(crate) fn value_text(&self, v: f64) -> String {
        let n = self.ind.fmt(v, self.lang);
        let has_symbol = self.ind.cat.unit(self.ind.unit()).is_some_and(|u| u.symbol.is_some());
        if has_symbol { crate::data::with_unit(&n, &self.suffix()) } else { n }
    }

    pub(crate) fn area_label(&self, r: &ResultRow) -> String {
        area_label(self.ctx, r)
    }

    /// Build the frame from the parts every chart carries.
    pub(crate) fn frame(&self, subtitle: &[String], legend: Vec<LegendEntry>, notes: &Notes) -> Frame {
        Frame {
            title: self.title(),
            subtitle: self.subtitle(subtitle),
            legend,
            notes: self.notes(notes),
            source: crate::figure::nfc(self.ctx.source.trim()),
            synthetic: self.ctx.synthetic.then(|| self.tr("Dữ liệu tổng hợp", "Synthetic data").to_string()),
        }
    }

    fn notes(&self, n: &Notes) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(m) = &n.method {
            out.extend(interval_note(m, self.lang));
        }
        let (suppress, flag) = self.ind.def.small_numbers.unwrap_or((0, 0));
        if n.suppressed {
            out.push(match (self.lang, suppress) {
                (Lang::Vi, 0) => "x: không công bố (quá ít quan sát)".to_string(),
                (Lang::Vi, s) => format!("x: không công bố (n < {s})"),
                (Lang::En, 0) => "x: not published (too few observations)".to_string(),
                (Lang::En, s) => format!("x: not published (n < {s})"),
            });
        }
        if n.low_n {
            out.push(match (self.lang, flag) {
                (Lang::Vi, 0) => "(*) ít quan sát, cần thận trọng".to_string(),
                (Lang::Vi, f) => format!("(*) ít quan sát (n < {f}), cần thận trọng"),
                (Lang::En, 0) => "(*) few observations, use with care".to_string(),
                (Lang::En, f) => format!("(*) few observations (n < {f}), use with care"),
            });
        }
        if n.missing {
            out.push(self.tr("–: không có số liệu", "–: no data").to_string());
        }
        out.extend(n.extra.iter().cloned());
        if let Some(src) = n.target.as_ref().and_then(|t| t.source.as_ref()) {
            out.push(format!("{}: {}", self.tr("Mục tiêu", "Target"), crate::figure::nfc(src)));
        }
        out
    }
}

/// Which footnotes a chart needs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Notes {
    /// Interval method (when whiskers or bands are drawn).
    pub method: Option<String>,
    pub suppressed: bool,
    pub low_n: bool,
    pub missing: bool,
    pub target: Option<Target>,
    pub extra: Vec<String>,
}

impl Notes {
    pub(crate) fn see(&mut self, f: Flag) {
        match f {
            Flag::Suppressed => self.suppressed = true,
            Flag::LowN => self.low_n = true,
            Flag::Missing => self.missing = true,
            Flag::Ok => {}
        }
    }
}

/// One value to draw, with its label and flags.
#[derive(Debug, Clone)]
pub(crate) struct Obs<'a> {
    pub label: String,
    pub row: &'a ResultRow,
    pub value: Option<f64>,
    pub ci: Option<(f64, f64)>,
    pub flag: Flag,
}

impl<'a> Obs<'a> {
    pub(crate) fn new(label: String, row: &'a ResultRow) -> Obs<'a> {
        Obs { label, row, value: drawable(row), ci: interval(row), flag: flag(row) }
    }
}

/// Drawable values first, largest first (ties by label); withheld and missing last, by label.
pub(crate) fn sort_desc(items: &mut [Obs]) {
    items.sort_by(|a, b| match (a.value, b.value) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.label.cmp(&b.label)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.label.cmp(&b.label),
    });
}

/// Fill, light fill (low n) and pattern colour of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Look {
    pub fill: Rgb,
    pub light: Rgb,
    /// Hatch drawn on every bar of the series (None: solid).
    pub hatch: Option<Rgb>,
    /// Colour of the hatch on low-n bars and of outlines.
    pub ink: Rgb,
}

pub(crate) const LOOK_PRIMARY: Look = Look { fill: PRIMARY, light: PRIMARY_LIGHT, hatch: None, ink: PRIMARY };
pub(crate) const LOOK_FEMALE: Look = Look { fill: FEMALE, light: FEMALE_LIGHT, hatch: None, ink: FEMALE };
pub(crate) const LOOK_MALE: Look =
    Look { fill: MALE, light: MALE_LIGHT, hatch: Some(MALE_DARK), ink: MALE_DARK };
pub(crate) const LOOK_TOTAL: Look = Look { fill: TOTAL, light: TOTAL_LIGHT, hatch: None, ink: INK };
/// The legend look of "low n" in charts with several series (lighter and hatched, no series colour).
pub(crate) const LOOK_NEUTRAL: Look =
    Look { fill: TOTAL, light: Rgb(0xf0, 0xf0, 0xf0), hatch: None, ink: crate::figure::MUTED };

impl Look {
    /// Draw a bar of this series; low-n bars are lighter and hatched.
    pub(crate) fn bar(&self, fig: &mut Figure, r: crate::figure::BBox, f: Flag) {
        if f == Flag::LowN {
            crate::layout::bar(fig, r, self.light, Some(self.ink), self.ink);
        } else {
            crate::layout::bar(fig, r, self.fill, self.hatch, self.ink);
        }
    }

    pub(crate) fn swatch(&self) -> Swatch {
        Swatch::Fill { fill: self.fill, hatch: self.hatch, outline: Some(Stroke::solid(self.ink, 0.8)) }
    }

    pub(crate) fn low_n_swatch(&self) -> Swatch {
        Swatch::Fill { fill: self.light, hatch: Some(self.ink), outline: Some(Stroke::solid(self.ink, 0.8)) }
    }

    /// Colour of text drawn on the bar.
    pub(crate) fn on_fill(&self) -> Rgb {
        let Rgb(r, g, b) = self.fill;
        let luma = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
        if luma < 140.0 && self.hatch.is_none() { crate::figure::WHITE } else { INK }
    }
}

/// Legend entries for the flags seen.
pub(crate) fn flag_legend(env: &Env, look: &Look, notes: &Notes) -> Vec<LegendEntry> {
    let mut v = Vec::new();
    if notes.low_n {
        v.push(LegendEntry::new(look.low_n_swatch(), env.tr("Ít quan sát (*)", "Few observations (*)")));
    }
    if notes.suppressed {
        v.push(LegendEntry::new(
            Swatch::Fill {
                fill: crate::figure::WHITE,
                hatch: None,
                outline: Some(Stroke::dashed(crate::figure::FAINT, 1.0, crate::figure::Dash::Dashed)),
            },
            env.tr("Không công bố (x)", "Not published (x)"),
        ));
    }
    v
}

/// Target line stroke.
pub(crate) fn target_stroke() -> Stroke {
    Stroke::dashed(crate::figure::TARGET, 1.8, crate::figure::Dash::Dashed)
}

/// Parent / reference line stroke.
pub(crate) fn reference_stroke() -> Stroke {
    Stroke::dashed(INK, 1.4, crate::figure::Dash::LongShort)
}

/// The labels of women, men, both sexes.
pub(crate) fn sex_label(lang: Lang, code: &str) -> String {
    match gds_core::Sex::from_code(code) {
        Some(s) => s.label(lang).to_string(),
        None => capitalise(code),
    }
}

/// Value range of observations (values and interval bounds) plus extra values.
pub(crate) fn extent<'x>(items: impl Iterator<Item = &'x Obs<'x>>, extra: &[f64]) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for o in items {
        for v in o.value.into_iter().chain(o.ci.map(|c| c.0)).chain(o.ci.map(|c| c.1)) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    for v in extra {
        lo = lo.min(*v);
        hi = hi.max(*v);
    }
    (lo.is_finite() && hi.is_finite()).then_some((lo, hi))
}
