//! Shared layout: the frame every chart carries (title, subtitle, legend, footnotes, source),
//! value scales with round ticks, and the horizontal category layout most kinds use (labels
//! on the left, so long Vietnamese commune names never rotate, overlap or clip).

use crate::figure::{
    ASCENT, AXIS, Align, BBox, DESCENT, Dash, FAINT, Figure, GRID, INK, LINE, MUTED, Placer, Rgb, Stroke,
    TextItem, WHITE, wrap, wrap_max,
};
use crate::fonts::text_width;
use gds_core::{Lang, format_number};

/// Outer margin.
pub(crate) const MARGIN: f64 = 24.0;
pub(crate) const TITLE_SIZE: f64 = 21.0;
pub(crate) const SUBTITLE_SIZE: f64 = 14.5;
pub(crate) const LEGEND_SIZE: f64 = 13.0;
pub(crate) const NOTE_SIZE: f64 = 12.0;
pub(crate) const TICK_SIZE: f64 = 12.0;
pub(crate) const AXIS_TITLE_SIZE: f64 = 12.5;
pub(crate) const LABEL_SIZE: f64 = 13.0;
pub(crate) const VALUE_SIZE: f64 = 12.0;
/// Value labels are drawn at [`VALUE_SIZE`] or not at all: where the rows are too close for
/// it, a shrunk label would print below 9 pt on a Word page (the axis, and the report's
/// table, give the values).
pub(crate) fn value_labels_fit(room: f64) -> bool {
    room >= VALUE_SIZE
}

/// A marker shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Circle,
    Square,
    Diamond,
    Triangle,
}

/// A point marker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Marker {
    pub shape: Shape,
    /// Fill (None: hollow, drawn white so lines behind it do not show).
    pub fill: Option<Rgb>,
    pub stroke: Rgb,
    pub r: f64,
}

/// Draw a marker centred on `c`.
pub(crate) fn marker(fig: &mut Figure, c: (f64, f64), m: &Marker) {
    let st = Some(Stroke::solid(m.stroke, 1.6));
    let fill = m.fill.unwrap_or(WHITE);
    let r = m.r;
    match m.shape {
        Shape::Circle => fig.circle(c, r, Some(fill), st),
        Shape::Square => {
            let k = r * 0.9;
            fig.polygon(
                vec![(c.0 - k, c.1 - k), (c.0 + k, c.1 - k), (c.0 + k, c.1 + k), (c.0 - k, c.1 + k)],
                fill,
                st,
            )
        }
        Shape::Diamond => {
            let k = r * 1.25;
            fig.polygon(vec![(c.0, c.1 - k), (c.0 + k, c.1), (c.0, c.1 + k), (c.0 - k, c.1)], fill, st)
        }
        Shape::Triangle => {
            let k = r * 1.2;
            fig.polygon(vec![(c.0, c.1 - k), (c.0 + k, c.1 + k * 0.75), (c.0 - k, c.1 + k * 0.75)], fill, st)
        }
    }
}

/// What a legend entry shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Swatch {
    /// A bar: fill, optional hatch, optional outline.
    Fill { fill: Rgb, hatch: Option<Rgb>, outline: Option<Stroke> },
    /// A line.
    Line(Stroke),
    /// A marker.
    Marker(Marker),
    /// A line through a marker.
    LineMarker(Stroke, Marker),
    /// An interval whisker.
    Whisker,
    /// A shaded band.
    Band(Rgb),
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LegendEntry {
    pub swatch: Swatch,
    pub label: String,
}

impl LegendEntry {
    pub(crate) fn new(swatch: Swatch, label: impl Into<String>) -> LegendEntry {
        LegendEntry { swatch, label: label.into() }
    }
}

const SWATCH_W: f64 = 26.0;
const SWATCH_H: f64 = 13.0;

fn draw_swatch(fig: &mut Figure, x: f64, cy: f64, s: &Swatch) {
    let r = BBox::new(x, cy - SWATCH_H / 2.0, x + SWATCH_W, cy + SWATCH_H / 2.0);
    match s {
        Swatch::Fill { fill, hatch, outline } => {
            fig.rect(r, Some(*fill), None);
            if let Some(h) = hatch {
                fig.hatch(r, *h, 4.5);
            }
            fig.rect(r, None, Some(outline.unwrap_or(Stroke::solid(crate::figure::AXIS, 0.8))));
        }
        Swatch::Line(st) => fig.seg((x, cy), (x + SWATCH_W, cy), *st),
        Swatch::Marker(m) => marker(fig, (x + SWATCH_W / 2.0, cy), m),
        Swatch::LineMarker(st, m) => {
            fig.seg((x, cy), (x + SWATCH_W, cy), *st);
            marker(fig, (x + SWATCH_W / 2.0, cy), m);
        }
        Swatch::Whisker => {
            let st = Stroke::solid(INK, 1.3);
            fig.seg((x + 2.0, cy), (x + SWATCH_W - 2.0, cy), st);
            fig.seg((x + 2.0, cy - 5.0), (x + 2.0, cy + 5.0), st);
            fig.seg((x + SWATCH_W - 2.0, cy - 5.0), (x + SWATCH_W - 2.0, cy + 5.0), st);
        }
        Swatch::Band(c) => {
            fig.rect(r, Some(*c), Some(Stroke::solid(crate::figure::FAINT, 0.6)));
        }
    }
}

/// Title, subtitle, legend, footnotes and source of a chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Frame {
    pub title: String,
    pub subtitle: String,
    pub legend: Vec<LegendEntry>,
    pub notes: Vec<String>,
    pub source: String,
    /// "Dữ liệu tổng hợp" when the data are synthetic (drawn bold).
    pub synthetic: Option<String>,
}

/// Draw `lines` from `top` down; returns the bottom of the last line.
pub(crate) fn text_lines(
    fig: &mut Figure,
    lines: &[String],
    x: f64,
    top: f64,
    size: f64,
    style: (bool, Rgb),
) -> f64 {
    let mut y = top;
    for l in lines {
        fig.text(
            TextItem::new(l, x, y + ASCENT * size, size).color(style.1).align(Align::Left).bold_if(style.0),
        );
        y += LINE * size;
    }
    if lines.is_empty() { top } else { y - LINE * size + (ASCENT + DESCENT) * size }
}

impl TextItem {
    pub(crate) fn bold_if(self, b: bool) -> TextItem {
        if b { self.bold() } else { self }
    }
}

/// Pack footnotes into lines: several short notes share a line, long ones wrap.
fn pack_notes(notes: &[String], size: f64, max_w: f64) -> Vec<String> {
    let sep = "    ";
    let mut lines = Vec::new();
    let mut cur = String::new();
    for n in notes {
        let cand = if cur.is_empty() { n.clone() } else { format!("{cur}{sep}{n}") };
        if text_width(&cand, size, false) <= max_w {
            cur = cand;
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        let mut w = wrap(n, size, false, max_w);
        cur = w.pop().unwrap_or_default();
        lines.extend(w);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Draw the frame; returns the area left for the plot and the placer holding the frame's
/// text boxes.
pub(crate) fn draw_frame(fig: &mut Figure, f: &Frame) -> (BBox, Placer) {
    let mut placer = Placer::default();
    let w = fig.width - 2.0 * MARGIN;
    let x = MARGIN;
    // Title and subtitle.
    let title = wrap_max(&f.title, TITLE_SIZE, true, w, 3);
    let mut y = text_lines(fig, &title, x, MARGIN * 0.75, TITLE_SIZE, (true, INK));
    if !f.subtitle.is_empty() {
        let sub = wrap_max(&f.subtitle, SUBTITLE_SIZE, false, w, 2);
        y = text_lines(fig, &sub, x, y + 6.0, SUBTITLE_SIZE, (false, MUTED));
    }
    // Legend: entries flow left to right and wrap.
    if !f.legend.is_empty() {
        y += 10.0;
        let row_h = LEGEND_SIZE * 1.6;
        let mut lx = x;
        let mut cy = y + row_h / 2.0;
        for e in &f.legend {
            let label = crate::figure::ellipsize(&e.label, LEGEND_SIZE, false, w - SWATCH_W - 8.0);
            let ew = SWATCH_W + 7.0 + text_width(&label, LEGEND_SIZE, false);
            if lx > x && lx + ew > x + w {
                lx = x;
                cy += row_h;
            }
            draw_swatch(fig, lx, cy, &e.swatch);
            fig.text(TextItem::new(&label, lx + SWATCH_W + 7.0, cy, LEGEND_SIZE).color(INK));
            lx += ew + 22.0;
        }
        y = cy + row_h / 2.0;
    }
    for (t, b) in fig.texts() {
        let _ = t;
        placer.take(b);
    }
    // Footer, from the bottom up: source (+ synthetic flag), notes, a rule.
    let bottom = fig.height - MARGIN * 0.6;
    let mut foot_top = bottom;
    let src = if f.source.is_empty() { Vec::new() } else { wrap_max(&f.source, NOTE_SIZE, false, w, 2) };
    let synth_w = f.synthetic.as_ref().map(|s| text_width(s, NOTE_SIZE, true)).unwrap_or(0.0);
    let synth_inline = match (&f.synthetic, src.last()) {
        (Some(_), Some(last)) => src.len() == 1 && text_width(last, NOTE_SIZE, false) + synth_w + 24.0 <= w,
        _ => false,
    };
    let mut lines: Vec<(String, bool)> =
        pack_notes(&f.notes, NOTE_SIZE, w).into_iter().map(|l| (l, false)).collect();
    if let (Some(s), false) = (&f.synthetic, synth_inline) {
        lines.push((s.clone(), true));
    }
    lines.extend(src.iter().map(|l| (l.clone(), false)));
    let n = lines.len();
    if n > 0 {
        foot_top = bottom - (n as f64 - 1.0) * LINE * NOTE_SIZE - (ASCENT + DESCENT) * NOTE_SIZE;
        let mut ty = foot_top;
        for (i, (l, bold)) in lines.iter().enumerate() {
            let color = if i + src.len() >= n { MUTED } else { INK };
            let b =
                fig.text(TextItem::new(l, x, ty + ASCENT * NOTE_SIZE, NOTE_SIZE).color(color).bold_if(*bold));
            placer.take(b);
            if synth_inline && i == n - 1 {
                let s = f.synthetic.as_deref().unwrap_or_default();
                let b = fig.text(
                    TextItem::new(s, x + w, ty + ASCENT * NOTE_SIZE, NOTE_SIZE)
                        .bold()
                        .align(Align::Right)
                        .color(INK),
                );
                placer.take(b);
            }
            ty += LINE * NOTE_SIZE;
        }
        foot_top -= 8.0;
        fig.seg((x, foot_top), (x + w, foot_top), Stroke::solid(GRID, 1.0));
    }
    (BBox::new(x, y + 12.0, x + w, foot_top - 8.0), placer)
}

/// A linear map from values to pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Linear {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Linear {
    pub(crate) fn map(&self, v: f64) -> f64 {
        if (self.d1 - self.d0).abs() < f64::EPSILON {
            return self.r0;
        }
        self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }
}

/// Round tick values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    pub lo: f64,
    pub hi: f64,
    pub values: Vec<f64>,
    pub decimals: usize,
}

impl Ticks {
    pub(crate) fn label(&self, v: f64, lang: Lang) -> String {
        format_number(v, self.decimals, lang)
    }
}

/// Ticks covering [lo, hi] with about `n` steps of 1, 2, 2.5 or 5 × 10^k.
pub(crate) fn nice_ticks(lo: f64, hi: f64, n: usize) -> Ticks {
    let (mut lo, mut hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if !lo.is_finite() || !hi.is_finite() {
        lo = 0.0;
        hi = 1.0;
    }
    if hi - lo < 1e-12 {
        let d = if lo.abs() > 1e-12 { lo.abs() * 0.1 } else { 1.0 };
        lo -= d;
        hi += d;
    }
    let raw = (hi - lo) / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = 10.0 * mag;
    let mut extra = 0;
    for (m, e) in [(1.0, 0), (2.0, 0), (2.5, 1), (5.0, 0), (10.0, 0)] {
        if m * mag >= raw - 1e-12 {
            step = m * mag;
            extra = e;
            break;
        }
    }
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    let values: Vec<f64> = (first..=last).map(|i| clean(i as f64 * step)).collect();
    let decimals = ((-step.log10().floor()).max(0.0) as usize) + extra;
    Ticks { lo: clean(first as f64 * step), hi: clean(last as f64 * step), values, decimals }
}

fn clean(v: f64) -> f64 {
    let r = (v * 1e9).round() / 1e9;
    if r == 0.0 { 0.0 } else { r }
}

/// One group of rows in a horizontal category chart (an area, an age group...).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    pub label: String,
    pub bold: bool,
    /// Rows (bars) in the group.
    pub rows: usize,
    /// Small labels per row, between the group label and the bars (may be empty).
    pub sublabels: Vec<String>,
    /// Draw a rule and a gap after this group (separates the parent area from its parts).
    pub separator_after: bool,
}

impl Group {
    pub(crate) fn one(label: impl Into<String>) -> Group {
        Group { label: label.into(), bold: false, rows: 1, sublabels: Vec::new(), separator_after: false }
    }
}

/// What the horizontal category layout needs to know.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HSpec {
    pub groups: Vec<Group>,
    /// Rows of line labels above the plot (target, reference...).
    pub band_rows: usize,
    /// Width kept right of the data area (value labels, gap column).
    pub right: f64,
    /// Width kept left of the data area, after the labels.
    pub left: f64,
}

/// Positions computed by [`hlayout`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HLayout {
    /// Data area: x = value range, y = rows.
    pub data: BBox,
    /// Band above the data area for line labels.
    pub band: BBox,
    /// Centre y of each row, per group.
    pub rows: Vec<Vec<f64>>,
    /// Height of one row slot.
    pub slot: f64,
    /// Bar thickness.
    pub bar: f64,
    /// Label size used.
    pub label_size: f64,
    /// Size of the row sublabels.
    pub sub_size: f64,
    /// y of the value axis.
    pub axis_y: f64,
    /// Right edge available for labels right of the data area.
    pub right_edge: f64,
    label_x: f64,
    sub_x: f64,
    /// Whole plot region.
    pub area: BBox,
}

const BAND_ROW: f64 = AXIS_TITLE_SIZE * LINE + 3.0;

/// Lay out a horizontal category chart in `area`.
pub(crate) fn hlayout(area: BBox, spec: &HSpec) -> HLayout {
    let axis_h = 5.0 + TICK_SIZE * LINE + 6.0 + AXIS_TITLE_SIZE * LINE + 2.0;
    let band_h = if spec.band_rows > 0 { spec.band_rows as f64 * BAND_ROW + 6.0 } else { 4.0 };
    let rows_h = (area.h() - axis_h - band_h).max(40.0);
    let n_rows: usize = spec.groups.iter().map(|g| g.rows).sum::<usize>().max(1);
    let n_groups = spec.groups.len().max(1);
    let multi = spec.groups.iter().any(|g| g.rows > 1);
    let seps = spec.groups.iter().filter(|g| g.separator_after).count();
    let gap_f = if multi { 0.8 } else { 0.0 };
    let units = n_rows as f64 + (n_groups as f64 - 1.0) * gap_f + seps as f64 * 0.6;
    let max_slot = if multi { 34.0 } else { 90.0 };
    let slot = (rows_h / units).min(max_slot);
    let bar = if multi { (slot * 0.86).min(26.0) } else { (slot * 0.66).min(38.0) };
    let label_size =
        if multi { LABEL_SIZE.min((slot * 1.6).max(8.0)) } else { LABEL_SIZE.min((slot * 0.8).max(8.0)) };
    // Label columns.
    let max_label = spec.groups.iter().map(|g| text_width(&g.label, label_size, g.bold)).fold(0.0, f64::max);
    let label_w = max_label.min(area.w() * 0.34).max(20.0);
    let sub_size = (label_size * 0.92).min(slot / (ASCENT + DESCENT + 0.04)).max(6.0);
    let sub_w = spec
        .groups
        .iter()
        .flat_map(|g| g.sublabels.iter())
        .map(|s| text_width(s, sub_size, false) + 10.0)
        .fold(0.0, f64::max);
    let label_x = area.x0 + label_w;
    let sub_x = label_x + 8.0 + sub_w;
    let x0 = sub_x + 10.0 + spec.left;
    let x1 = (area.x1 - spec.right).max(x0 + 60.0);
    // Rows.
    let top = area.y0 + band_h;
    let mut y = top;
    let mut rows = Vec::with_capacity(spec.groups.len());
    for (gi, g) in spec.groups.iter().enumerate() {
        let mut centres = Vec::with_capacity(g.rows);
        for _ in 0..g.rows {
            centres.push(y + slot / 2.0);
            y += slot;
        }
        rows.push(centres);
        if gi + 1 < spec.groups.len() {
            y += slot * gap_f;
            if g.separator_after {
                y += slot * 0.6;
            }
        }
    }
    let bottom = y;
    HLayout {
        data: BBox::new(x0, top, x1, bottom),
        band: BBox::new(x0, area.y0, x1, top),
        rows,
        slot,
        bar,
        label_size,
        sub_size,
        axis_y: bottom,
        right_edge: area.x1,
        label_x,
        sub_x,
        area: BBox::new(area.x0, area.y0, area.x1, bottom + axis_h),
    }
}

/// Draw the group labels (right-aligned, wrapped), sublabels and separators.
pub(crate) fn draw_hlabels(fig: &mut Figure, l: &HLayout, groups: &[Group], placer: &mut Placer) {
    let label_w = l.label_x - l.area.x0;
    for (g, centres) in groups.iter().zip(&l.rows) {
        let (Some(first), Some(last)) = (centres.first(), centres.last()) else { continue };
        let group_h = last - first + l.slot;
        let base = if g.bold { l.label_size * 1.02 } else { l.label_size };
        // One line at full size; else wrapped (up to three lines) at a slightly smaller size
        // when the group is tall enough; else shortened with "…".
        let mut pick = None;
        for size in [base, base * 0.92, base * 0.84] {
            let lines = wrap(&g.label, size, g.bold, label_w);
            let h = (lines.len() as f64 - 1.0) * size * LINE + (ASCENT + DESCENT) * size;
            if lines.len() <= 3 && h <= group_h.max(size * LINE) {
                pick = Some((size, lines));
                break;
            }
        }
        let (size, lines) = pick.unwrap_or_else(|| {
            let size = base * 0.84;
            let max_lines = ((group_h / (size * LINE)).floor() as usize).clamp(1, 3);
            (size, wrap_max(&g.label, size, g.bold, label_w, max_lines))
        });
        let cy = (first + last) / 2.0;
        let y0 = cy - (lines.len() as f64 - 1.0) * size * LINE / 2.0;
        for (i, line) in lines.iter().enumerate() {
            let b = fig.text(
                TextItem::new(line, l.label_x, y0 + i as f64 * size * LINE, size)
                    .align(Align::Right)
                    .bold_if(g.bold),
            );
            placer.take(b);
        }
        for (s, y) in g.sublabels.iter().zip(centres) {
            let b = fig.text(TextItem::new(s, l.sub_x, *y, l.sub_size).align(Align::Right).color(MUTED));
            placer.take(b);
        }
        if g.separator_after {
            let y = last + l.slot / 2.0 + l.slot * 0.3;
            fig.seg((l.area.x0, y), (l.data.x1, y), Stroke::solid(GRID, 1.0));
        }
    }
}

/// Vertical grid lines, the value axis under the rows, tick labels and the axis title.
pub(crate) fn draw_haxis(
    fig: &mut Figure,
    l: &HLayout,
    scale: &Linear,
    ticks: &Ticks,
    title: &str,
    lang: Lang,
) {
    for v in &ticks.values {
        let x = scale.map(*v);
        if x < l.data.x0 - 0.5 || x > l.data.x1 + 0.5 {
            continue;
        }
        fig.seg((x, l.data.y0), (x, l.data.y1), Stroke::solid(GRID, 1.0));
    }
    fig.seg((l.data.x0, l.axis_y), (l.data.x1, l.axis_y), Stroke::solid(AXIS, 1.0));
    let ty = l.axis_y + 5.0 + ASCENT * TICK_SIZE + 1.0;
    let mut last_right = f64::NEG_INFINITY;
    for v in &ticks.values {
        let x = scale.map(*v);
        if x < l.data.x0 - 0.5 || x > l.data.x1 + 0.5 {
            continue;
        }
        fig.seg((x, l.axis_y), (x, l.axis_y + 4.0), Stroke::solid(AXIS, 1.0));
        let t = TextItem::new(ticks.label(v.abs(), lang), x, ty, TICK_SIZE).align(Align::Center).color(MUTED);
        let t = if *v < 0.0 { TextItem { text: ticks.label(*v, lang), ..t } } else { t };
        let b = t.bbox();
        if b.x0 > last_right + 4.0 {
            last_right = b.x1;
            fig.text(t);
        }
    }
    let title_y = ty + DESCENT * TICK_SIZE + 6.0 + ASCENT * AXIS_TITLE_SIZE;
    let t = crate::figure::ellipsize(title, AXIS_TITLE_SIZE, false, l.data.w());
    fig.text(
        TextItem::new(t, (l.data.x0 + l.data.x1) / 2.0, title_y, AXIS_TITLE_SIZE)
            .align(Align::Center)
            .color(INK),
    );
}

/// A vertical line across the rows with its label in the band above.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VLine {
    pub x: f64,
    pub stroke: Stroke,
    pub label: String,
}

/// Label positions for vertical lines: each label sits centred over its line or beside it,
/// in one of the band rows; no label overlaps another and no line runs through another
/// line's label. The placement using the fewest rows (then the fewest side labels) wins.
fn plan_vlines(l: &HLayout, lines: &[&VLine], max_rows: usize) -> Option<Vec<(TextItem, f64)>> {
    let size = AXIS_TITLE_SIZE;
    let mut options: Vec<Vec<(usize, TextItem, f64)>> = Vec::new();
    for v in lines {
        let w = text_width(&v.label, size, false);
        let mut opts = Vec::new();
        for row in 0..max_rows {
            let cy = l.data.y0 - 5.0 - DESCENT * size - row as f64 * BAND_ROW;
            let cx = v.x.clamp(l.area.x0 + w / 2.0, l.right_edge - w / 2.0);
            let centre = TextItem::new(&v.label, cx, cy, size).align(Align::Center).color(v.stroke.color);
            let top_c = centre.bbox().y1 + 1.0;
            opts.push((row * 10, centre, top_c));
            if v.x + 5.0 + w <= l.right_edge {
                let t = TextItem::new(&v.label, v.x + 5.0, cy, size).color(v.stroke.color);
                opts.push((row * 10 + 1, t, cy));
            }
            if v.x - 5.0 - w >= l.area.x0 {
                let t =
                    TextItem::new(&v.label, v.x - 5.0, cy, size).align(Align::Right).color(v.stroke.color);
                opts.push((row * 10 + 1, t, cy));
            }
        }
        options.push(opts);
    }
    struct Search<'s> {
        lines: &'s [&'s VLine],
        options: &'s [Vec<(usize, TextItem, f64)>],
        bottom: f64,
        chosen: Vec<(BBox, f64, f64)>,
        picks: Vec<usize>,
        best: Option<(usize, Vec<usize>)>,
    }
    fn search(s: &mut Search, i: usize, cost: usize) {
        if s.best.as_ref().is_some_and(|b| b.0 <= cost) {
            return;
        }
        if i == s.lines.len() {
            s.best = Some((cost, s.picks.clone()));
            return;
        }
        let bottom = s.bottom;
        for (k, (c, t, top)) in s.options[i].iter().enumerate() {
            let b = t.bbox();
            let x = s.lines[i].x;
            let ok = s.chosen.iter().all(|(ob, ox, otop)| {
                let overlaps = ob.intersects(&b.pad(3.0));
                // This line must not cross an earlier label, nor an earlier line this label.
                let crosses_label = x > ob.x0 - 2.0 && x < ob.x1 + 2.0 && ob.y1 > *top && ob.y0 < bottom;
                let crossed_by_line = *ox > b.x0 - 2.0 && *ox < b.x1 + 2.0 && b.y1 > *otop && b.y0 < bottom;
                !(overlaps || crosses_label || crossed_by_line)
            });
            if ok {
                s.chosen.push((b, x, *top));
                s.picks.push(k);
                search(s, i + 1, cost + c);
                s.picks.pop();
                s.chosen.pop();
            }
        }
    }
    let mut st = Search {
        lines,
        options: &options,
        bottom: l.data.y0,
        chosen: Vec::new(),
        picks: Vec::new(),
        best: None,
    };
    search(&mut st, 0, 0);
    let best = st.best;
    let (_, picks) = best?;
    Some(picks.iter().zip(&options).map(|(k, o)| (o[*k].1.clone(), o[*k].2)).collect())
}

/// Lay out a horizontal category chart whose vertical lines (`(value, stroke, label)`) carry
/// labels above the plot: the band gets just the rows the labels need.
pub(crate) fn hlayout_with_lines(
    area: BBox,
    spec: &mut HSpec,
    ticks: &Ticks,
    values: &[(f64, Stroke, String)],
) -> (HLayout, Linear, Vec<VLine>) {
    spec.band_rows = values.len().min(3);
    let mut l = hlayout(area, spec);
    let scale = Linear { d0: ticks.lo, d1: ticks.hi, r0: l.data.x0, r1: l.data.x1 };
    let lines: Vec<VLine> = values
        .iter()
        .map(|(v, stroke, label)| VLine { x: scale.map(*v), stroke: *stroke, label: label.clone() })
        .collect();
    let rows = vline_rows(&l, &lines);
    if rows != spec.band_rows {
        spec.band_rows = rows;
        l = hlayout(area, spec);
    }
    (l, scale, lines)
}

/// How many band rows the labels of `lines` need (at most 3).
pub(crate) fn vline_rows(l: &HLayout, lines: &[VLine]) -> usize {
    let inside: Vec<&VLine> =
        lines.iter().filter(|v| v.x >= l.data.x0 - 0.5 && v.x <= l.data.x1 + 0.5).collect();
    if inside.is_empty() {
        return 0;
    }
    for rows in 1..=3 {
        if plan_vlines(l, &inside, rows).is_some() {
            return rows;
        }
    }
    inside.len().min(3)
}

/// Draw vertical reference lines and their labels in the band above the data area.
pub(crate) fn draw_vlines(fig: &mut Figure, l: &HLayout, lines: &[VLine], placer: &mut Placer) {
    let inside: Vec<&VLine> =
        lines.iter().filter(|v| v.x >= l.data.x0 - 0.5 && v.x <= l.data.x1 + 0.5).collect();
    let rows = (((l.data.y0 - l.area.y0 - 6.0) / BAND_ROW).floor() as usize).clamp(1, 3);
    let plan = plan_vlines(l, &inside, rows);
    for (i, v) in inside.iter().enumerate() {
        match plan.as_ref().map(|p| &p[i]) {
            Some((t, top)) => {
                fig.seg((v.x, *top), (v.x, l.data.y1), v.stroke);
                placer.take(t.bbox());
                fig.text(t.clone());
            }
            None => fig.seg((v.x, l.data.y0), (v.x, l.data.y1), v.stroke),
        }
    }
}

/// A horizontal interval whisker with caps.
pub(crate) fn hwhisker(fig: &mut Figure, x0: f64, x1: f64, y: f64, cap: f64) {
    let st = Stroke::solid(INK, 1.3);
    fig.seg((x0, y), (x1, y), st);
    fig.seg((x0, y - cap), (x0, y + cap), st);
    fig.seg((x1, y - cap), (x1, y + cap), st);
}

/// A vertical interval whisker with caps.
pub(crate) fn vwhisker(fig: &mut Figure, x: f64, y0: f64, y1: f64, cap: f64) {
    let st = Stroke::solid(INK, 1.3);
    fig.seg((x, y0), (x, y1), st);
    fig.seg((x - cap, y0), (x + cap, y0), st);
    fig.seg((x - cap, y1), (x + cap, y1), st);
}

/// A bar (fill, optional hatch, outline).
pub(crate) fn bar(fig: &mut Figure, r: BBox, fill: Rgb, hatch: Option<Rgb>, outline: Rgb) {
    fig.rect(r, Some(fill), None);
    if let Some(h) = hatch {
        fig.hatch(r, h, 4.5);
    }
    fig.rect(r, None, Some(Stroke::solid(outline, 0.8)));
}

/// The marker of a withheld value: an empty dashed box with "x".
pub(crate) fn suppressed_box(fig: &mut Figure, x: f64, y: f64, h: f64, size: f64) -> BBox {
    let r = BBox::new(x, y - h / 2.0, x + h * 1.4, y + h / 2.0);
    fig.rect(r, Some(WHITE), Some(Stroke::dashed(FAINT, 1.0, Dash::Dashed)));
    let t = fig.text(TextItem::new("x", x + h * 0.7, y, size).align(Align::Center).bold().color(INK));
    BBox::new(r.x0.min(t.x0), r.y0.min(t.y0), r.x1.max(t.x1), r.y1.max(t.y1))
}

/// A value label with a white backing (so lines crossing it do not hide digits).
pub(crate) fn backed_text(fig: &mut Figure, t: TextItem) -> BBox {
    let b = t.bbox();
    fig.rect(BBox::new(b.x0 - 2.0, b.y0 + 1.0, b.x1 + 2.0, b.y1 - 1.0), Some(WHITE), None);
    fig.text(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        let t = nice_ticks(0.0, 87.0, 5);
        assert_eq!(t.values, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(t.decimals, 0);
        let t = nice_ticks(101.3, 118.2, 6);
        assert_eq!(t.lo, 100.0);
        assert!(t.hi >= 118.2);
        let t = nice_ticks(0.0, 0.9, 4);
        assert_eq!(t.decimals, 2);
        assert!(t.values.contains(&0.25));
    }

    #[test]
    fn notes_share_lines_when_short() {
        let lines = pack_notes(&["a".into(), "b".into()], 12.0, 500.0);
        assert_eq!(lines.len(), 1);
    }
}
