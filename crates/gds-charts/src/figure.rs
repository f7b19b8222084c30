//! A backend-free display list in logical pixels (the chart at scale 1). Every chart kind
//! builds a [`Figure`]; `render` replays it on plotters' SVG or bitmap backend at any scale.
//! Keeping the layout here makes it testable: every text box is known before drawing, so
//! overlaps and clipping can be checked (and avoided with [`Placer`]).

use crate::fonts::text_width;
use unicode_normalization::UnicodeNormalization;

/// An opaque colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

/// Line pattern (grayscale-safe: series differ by pattern, not only by colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dash {
    Solid,
    Dashed,
    Dotted,
    LongShort,
}

impl Dash {
    /// On/off lengths in logical pixels.
    pub(crate) fn pattern(self) -> &'static [f64] {
        match self {
            Dash::Solid => &[],
            Dash::Dashed => &[7.0, 4.0],
            Dash::Dotted => &[2.0, 3.0],
            Dash::LongShort => &[9.0, 3.0, 2.0, 3.0],
        }
    }
}

/// A stroke.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Stroke {
    pub color: Rgb,
    pub width: f64,
    pub dash: Dash,
}

impl Stroke {
    pub(crate) fn solid(color: Rgb, width: f64) -> Stroke {
        Stroke { color, width, dash: Dash::Solid }
    }
    pub(crate) fn dashed(color: Rgb, width: f64, dash: Dash) -> Stroke {
        Stroke { color, width, dash }
    }
}

/// Horizontal anchor of a text (the vertical anchor is always the middle of the line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// A rectangle `x0 ≤ x ≤ x1`, `y0 ≤ y ≤ y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl BBox {
    pub(crate) fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> BBox {
        BBox { x0: x0.min(x1), y0: y0.min(y1), x1: x0.max(x1), y1: y0.max(y1) }
    }
    pub(crate) fn w(&self) -> f64 {
        self.x1 - self.x0
    }
    pub(crate) fn h(&self) -> f64 {
        self.y1 - self.y0
    }
    pub(crate) fn intersects(&self, o: &BBox) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
    pub(crate) fn contains(&self, o: &BBox) -> bool {
        o.x0 >= self.x0 - 0.5 && o.x1 <= self.x1 + 0.5 && o.y0 >= self.y0 - 0.5 && o.y1 <= self.y1 + 0.5
    }
    pub(crate) fn pad(&self, p: f64) -> BBox {
        BBox { x0: self.x0 - p, y0: self.y0 - p, x1: self.x1 + p, y1: self.y1 + p }
    }
}

/// Glyph extent above / below the anchor line, as a fraction of the plotters font size.
/// (plotters puts the baseline 0.097 × size below a vertically centred anchor; Vietnamese
/// stacked marks reach one em, 0.79 × size, above the baseline; descenders 0.21 × size.)
pub(crate) const ASCENT: f64 = 0.74;
/// See [`ASCENT`].
pub(crate) const DESCENT: f64 = 0.34;
/// Line spacing as a multiple of the font size.
pub(crate) const LINE: f64 = 1.22;

/// One text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextItem {
    pub x: f64,
    pub y: f64,
    pub text: String,
    pub size: f64,
    pub bold: bool,
    pub color: Rgb,
    pub align: Align,
}

impl TextItem {
    pub(crate) fn new(text: impl AsRef<str>, x: f64, y: f64, size: f64) -> TextItem {
        TextItem { x, y, text: nfc(text.as_ref()), size, bold: false, color: INK, align: Align::Left }
    }
    pub(crate) fn bold(mut self) -> TextItem {
        self.bold = true;
        self
    }
    pub(crate) fn color(mut self, c: Rgb) -> TextItem {
        self.color = c;
        self
    }
    pub(crate) fn align(mut self, a: Align) -> TextItem {
        self.align = a;
        self
    }
    /// The box the glyphs occupy.
    pub(crate) fn bbox(&self) -> BBox {
        let w = text_width(&self.text, self.size, self.bold);
        let x0 = match self.align {
            Align::Left => self.x,
            Align::Center => self.x - w / 2.0,
            Align::Right => self.x - w,
        };
        BBox::new(x0, self.y - ASCENT * self.size, x0 + w, self.y + DESCENT * self.size)
    }
}

/// One drawing primitive.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Rect { r: BBox, fill: Option<Rgb>, stroke: Option<Stroke> },
    Line { pts: Vec<(f64, f64)>, stroke: Stroke },
    Polygon { pts: Vec<(f64, f64)>, fill: Rgb, stroke: Option<Stroke> },
    Circle { c: (f64, f64), r: f64, fill: Option<Rgb>, stroke: Option<Stroke> },
    Text(TextItem),
}

/// A chart as a list of primitives in logical pixels.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figure {
    pub width: f64,
    pub height: f64,
    pub items: Vec<Item>,
}

impl Figure {
    pub(crate) fn new(width: f64, height: f64) -> Figure {
        Figure { width, height, items: Vec::new() }
    }
    pub(crate) fn rect(&mut self, r: BBox, fill: Option<Rgb>, stroke: Option<Stroke>) {
        self.items.push(Item::Rect { r, fill, stroke });
    }
    pub(crate) fn line(&mut self, pts: Vec<(f64, f64)>, stroke: Stroke) {
        self.items.push(Item::Line { pts, stroke });
    }
    pub(crate) fn seg(&mut self, a: (f64, f64), b: (f64, f64), stroke: Stroke) {
        self.line(vec![a, b], stroke);
    }
    pub(crate) fn polygon(&mut self, pts: Vec<(f64, f64)>, fill: Rgb, stroke: Option<Stroke>) {
        self.items.push(Item::Polygon { pts, fill, stroke });
    }
    pub(crate) fn circle(&mut self, c: (f64, f64), r: f64, fill: Option<Rgb>, stroke: Option<Stroke>) {
        self.items.push(Item::Circle { c, r, fill, stroke });
    }
    /// Add a text; returns its box.
    pub(crate) fn text(&mut self, t: TextItem) -> BBox {
        let b = t.bbox();
        self.items.push(Item::Text(t));
        b
    }
    /// Every text with its box (for layout checks).
    pub(crate) fn texts(&self) -> Vec<(&TextItem, BBox)> {
        self.items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some((t, t.bbox())),
                _ => None,
            })
            .collect()
    }

    /// Fill `r` with 45° hatch lines (a grayscale-safe pattern).
    pub(crate) fn hatch(&mut self, r: BBox, color: Rgb, spacing: f64) {
        if r.w() <= 0.5 || r.h() <= 0.5 {
            return;
        }
        // Lines y = x + c (screen coordinates: rising to the left), clipped to r.
        let stroke = Stroke::solid(color, 1.0);
        let c_min = r.y0 - r.x1;
        let c_max = r.y1 - r.x0;
        let mut c = (c_min / spacing).ceil() * spacing;
        while c <= c_max {
            // Intersections with the rectangle edges.
            let mut pts: Vec<(f64, f64)> = Vec::with_capacity(4);
            for x in [r.x0, r.x1] {
                let y = x + c;
                if y >= r.y0 - 1e-9 && y <= r.y1 + 1e-9 {
                    pts.push((x, y));
                }
            }
            for y in [r.y0, r.y1] {
                let x = y - c;
                if x > r.x0 + 1e-9 && x < r.x1 - 1e-9 {
                    pts.push((x, y));
                }
            }
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            if pts.len() >= 2 {
                let (a, b) = (pts[0], pts[pts.len() - 1]);
                if (a.0 - b.0).abs() > 0.5 {
                    self.seg(a, b, stroke);
                }
            }
            c += spacing;
        }
    }
}

/// Keeps track of the boxes already used, so optional labels go where nothing else is.
#[derive(Debug, Clone, Default)]
pub(crate) struct Placer {
    pub taken: Vec<BBox>,
}

impl Placer {
    pub(crate) fn take(&mut self, b: BBox) {
        self.taken.push(b);
    }
    pub(crate) fn free(&self, b: &BBox, within: &BBox) -> bool {
        within.contains(b) && !self.taken.iter().any(|t| t.intersects(&b.pad(1.0)))
    }
    /// The first candidate whose box is free; it is then taken.
    pub(crate) fn place(&mut self, candidates: Vec<TextItem>, within: &BBox) -> Option<TextItem> {
        for c in candidates {
            let b = c.bbox();
            if self.free(&b, within) {
                self.take(b);
                return Some(c);
            }
        }
        None
    }
}

/// NFC-normalise a label (plotters' glyph backend does no mark positioning).
pub(crate) fn nfc(s: &str) -> String {
    if unicode_normalization::is_nfc(s) { s.to_string() } else { s.nfc().collect() }
}

/// Break `text` into lines no wider than `max_w` (words longer than a line are cut with "…").
pub(crate) fn wrap(text: &str, size: f64, bold: bool, max_w: f64) -> Vec<String> {
    let text = nfc(text);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() { word.to_string() } else { format!("{cur} {word}") };
        if text_width(&candidate, size, bold) <= max_w || cur.is_empty() {
            cur = candidate;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines.into_iter().map(|l| ellipsize(&l, size, bold, max_w)).collect()
}

/// Shorten `text` with "…" until it fits in `max_w`.
pub(crate) fn ellipsize(text: &str, size: f64, bold: bool, max_w: f64) -> String {
    if text_width(text, size, bold) <= max_w {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    for n in (1..chars.len()).rev() {
        let s: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if text_width(&s, size, bold) <= max_w {
            return s;
        }
    }
    "…".to_string()
}

/// Wrap into at most `max_lines` lines; the last line is shortened with "…" if needed.
pub(crate) fn wrap_max(text: &str, size: f64, bold: bool, max_w: f64, max_lines: usize) -> Vec<String> {
    let mut lines = wrap(text, size, bold, max_w);
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        lines.push(ellipsize(&rest, size, bold, max_w));
    }
    lines
}

// Palette. Female / male / both sexes differ in lightness and pattern, so they stay apart
// when a report is printed in grayscale.
pub(crate) const INK: Rgb = Rgb(0x1f, 0x1f, 0x1f);
pub(crate) const MUTED: Rgb = Rgb(0x4d, 0x4d, 0x4d);
pub(crate) const FAINT: Rgb = Rgb(0x75, 0x75, 0x75);
pub(crate) const GRID: Rgb = Rgb(0xe4, 0xe4, 0xe4);
pub(crate) const AXIS: Rgb = Rgb(0x59, 0x59, 0x59);
pub(crate) const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
pub(crate) const PRIMARY: Rgb = Rgb(0x1f, 0x5f, 0x8b);
pub(crate) const PRIMARY_LIGHT: Rgb = Rgb(0xb9, 0xd0, 0xe0);
pub(crate) const FEMALE: Rgb = Rgb(0x5b, 0x2a, 0x86);
pub(crate) const FEMALE_LIGHT: Rgb = Rgb(0xd4, 0xc4, 0xe3);
pub(crate) const MALE: Rgb = Rgb(0x8f, 0xcf, 0xbd);
pub(crate) const MALE_DARK: Rgb = Rgb(0x1d, 0x6b, 0x57);
pub(crate) const MALE_LIGHT: Rgb = Rgb(0xdc, 0xf0, 0xea);
pub(crate) const TOTAL: Rgb = Rgb(0x9a, 0x9a, 0x9a);
pub(crate) const TOTAL_LIGHT: Rgb = Rgb(0xdd, 0xdd, 0xdd);
pub(crate) const TARGET: Rgb = Rgb(0xb0, 0x1c, 0x1c);
pub(crate) const BAND: Rgb = Rgb(0xe6, 0xe6, 0xe6);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_lines_within_width() {
        let lines = wrap("Tỷ lệ cơ quan quản lý nhà nước có lãnh đạo chủ chốt là nữ", 14.0, false, 150.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(text_width(l, 14.0, false) <= 150.0, "{l}");
        }
        assert_eq!(wrap_max("a b c d e f g h", 14.0, false, 20.0, 2).len(), 2);
    }

    #[test]
    fn hatch_lines_stay_inside_the_rectangle() {
        let mut f = Figure::new(100.0, 100.0);
        let r = BBox::new(10.0, 20.0, 60.0, 35.0);
        f.hatch(r, INK, 5.0);
        assert!(!f.items.is_empty());
        for i in &f.items {
            if let Item::Line { pts, .. } = i {
                for p in pts {
                    assert!(
                        p.0 >= r.x0 - 1e-6 && p.0 <= r.x1 + 1e-6 && p.1 >= r.y0 - 1e-6 && p.1 <= r.y1 + 1e-6
                    );
                }
            }
        }
    }

    #[test]
    fn decomposed_text_is_composed() {
        let t = TextItem::new("Nu\u{031b}\u{0303}", 0.0, 0.0, 12.0);
        assert_eq!(t.text, "Nữ");
    }
}
