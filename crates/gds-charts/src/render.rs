//! Replay a [`Figure`] on plotters' SVG or bitmap backend.

use crate::ChartError;
use crate::figure::{Align, Figure, Item, Rgb, Stroke};
use crate::fonts::{FAMILY, ensure_registered, glyph_pixels, svg_font_style};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontFamily, FontStyle};

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

fn px(v: f64, s: f64) -> i32 {
    (v * s).round() as i32
}

fn width(w: f64, s: f64) -> u32 {
    (w * s).round().max(1.0) as u32
}

/// Split a polyline into the visible pieces of its dash pattern (lengths in device pixels).
fn dash_pieces(pts: &[(f64, f64)], pattern: &[f64]) -> Vec<Vec<(f64, f64)>> {
    if pattern.is_empty() || pts.len() < 2 {
        return vec![pts.to_vec()];
    }
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut idx = 0usize; // position in the pattern
    let mut left = pattern[0]; // length left in the current dash or gap
    let mut on = true;
    let mut cur: Vec<(f64, f64)> = vec![pts[0]];
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut t = 0.0;
        while len - t > 1e-9 {
            let step = left.min(len - t);
            t += step;
            left -= step;
            let p = (a.0 + (b.0 - a.0) * t / len, a.1 + (b.1 - a.1) * t / len);
            if on {
                cur.push(p);
            }
            if left <= 1e-9 {
                if on && cur.len() >= 2 {
                    out.push(std::mem::take(&mut cur));
                }
                on = !on;
                idx = (idx + 1) % pattern.len();
                left = pattern[idx];
                cur = if on { vec![p] } else { Vec::new() };
            }
        }
    }
    if on && cur.len() >= 2 {
        out.push(cur);
    }
    out
}

/// Replay `fig` at scale `s`; `own_text` draws text glyph by glyph (bitmaps) instead of
/// through plotters (SVG, where the viewer lays text out).
fn draw_figure<DB: DrawingBackend>(
    fig: &Figure,
    root: &DrawingArea<DB, Shift>,
    s: f64,
    own_text: bool,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let stroke_path = |pts: &[(f64, f64)], st: &Stroke| -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let scaled: Vec<(f64, f64)> = pts.iter().map(|p| (p.0 * s, p.1 * s)).collect();
        let pattern: Vec<f64> = st.dash.pattern().iter().map(|d| d * s).collect();
        let style =
            ShapeStyle { color: rgb(st.color).to_rgba(), filled: false, stroke_width: width(st.width, s) };
        for piece in dash_pieces(&scaled, &pattern) {
            let ipts: Vec<(i32, i32)> =
                piece.iter().map(|p| (p.0.round() as i32, p.1.round() as i32)).collect();
            root.draw(&PathElement::new(ipts, style))?;
        }
        Ok(())
    };
    for item in &fig.items {
        match item {
            Item::Rect { r, fill, stroke } => {
                if let Some(f) = fill {
                    root.draw(&Rectangle::new(
                        [(px(r.x0, s), px(r.y0, s)), (px(r.x1, s), px(r.y1, s))],
                        rgb(*f).filled(),
                    ))?;
                }
                if let Some(st) = stroke {
                    let pts = [(r.x0, r.y0), (r.x1, r.y0), (r.x1, r.y1), (r.x0, r.y1), (r.x0, r.y0)];
                    stroke_path(&pts, st)?;
                }
            }
            Item::Line { pts, stroke } => stroke_path(pts, stroke)?,
            Item::Polygon { pts, fill, stroke } => {
                let ipts: Vec<(i32, i32)> = pts.iter().map(|p| (px(p.0, s), px(p.1, s))).collect();
                root.draw(&Polygon::new(ipts, rgb(*fill).filled()))?;
                if let Some(st) = stroke {
                    let mut closed = pts.clone();
                    closed.push(pts[0]);
                    stroke_path(&closed, st)?;
                }
            }
            Item::Circle { c, r, fill, stroke } => {
                let center = (px(c.0, s), px(c.1, s));
                let outer = (r * s).round().max(1.0) as i32;
                match stroke {
                    Some(st) => {
                        root.draw(&Circle::new(center, outer, rgb(st.color).filled()))?;
                        let inner = (outer - width(st.width, s) as i32).max(0);
                        if inner > 0 {
                            root.draw(&Circle::new(
                                center,
                                inner,
                                rgb(fill.unwrap_or(crate::figure::WHITE)).filled(),
                            ))?;
                        }
                    }
                    None => {
                        root.draw(&Circle::new(
                            center,
                            outer,
                            rgb(fill.unwrap_or(crate::figure::WHITE)).filled(),
                        ))?;
                    }
                }
            }
            Item::Text(t) => {
                if t.text.is_empty() {
                    continue;
                }
                let style = if t.bold { FontStyle::Bold } else { FontStyle::Normal };
                // (family, size, style) from the start: `.style(Bold)` afterwards keeps the
                // regular glyphs in bitmaps (rust-stack.md §2.2).
                let font = FontDesc::new(FontFamily::Name(FAMILY), t.size * s, style);
                let h = match t.align {
                    Align::Left => HPos::Left,
                    Align::Center => HPos::Center,
                    Align::Right => HPos::Right,
                };
                let color = rgb(t.color);
                if own_text {
                    // Bitmaps: the glyphs at their exact pen positions (fonts::glyph_pixels).
                    let align_x = match t.align {
                        Align::Left => 0.0,
                        Align::Center => 0.5,
                        Align::Right => 1.0,
                    };
                    for (x, y, cov) in glyph_pixels(&t.text, t.size * s, t.bold, t.x * s, px(t.y, s), align_x)
                    {
                        root.draw_pixel((x, y), &color.mix(f64::from(cov.min(1.0))))?;
                    }
                    continue;
                }
                let ts = TextStyle::from(font).color(&color).pos(Pos::new(h, VPos::Center));
                root.draw_text(&t.text, &ts, (px(t.x, s), px(t.y, s)))?;
            }
        }
    }
    root.present()?;
    Ok(())
}

fn device_size(fig: &Figure, s: f64) -> (u32, u32) {
    ((fig.width * s).round() as u32, (fig.height * s).round() as u32)
}

/// SVG text: plotters' `dy="0.5ex"` for a centred anchor puts the baseline lower than its
/// bitmap renderer does; use the bitmap's offset (0.097 × size = 0.12 em) so both agree.
const SVG_CENTER_DY: &str = "dy=\"0.12em\"";

pub(crate) fn to_svg(fig: &Figure, s: f64) -> Result<String, ChartError> {
    ensure_registered().map_err(ChartError::Render)?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, device_size(fig, s)).into_drawing_area();
        draw_figure(fig, &root, s, false).map_err(|e| ChartError::Render(format!("SVG backend: {e}")))?;
    }
    let out = out.replace("dy=\"0.5ex\"", SVG_CENTER_DY);
    // Embed the fonts right after the opening <svg ...> tag.
    let Some(start) = out.find("<svg") else {
        return Err(ChartError::Render("plotters wrote no <svg> element".into()));
    };
    let Some(end) = out[start..].find('>').map(|i| start + i + 1) else {
        return Err(ChartError::Render("plotters wrote an unterminated <svg> tag".into()));
    };
    let mut svg = String::with_capacity(out.len() + svg_font_style().len() + 1);
    svg.push_str(&out[..end]);
    svg.push('\n');
    svg.push_str(svg_font_style());
    svg.push_str(&out[end..]);
    Ok(svg)
}

pub(crate) fn to_png(fig: &Figure, s: f64) -> Result<Vec<u8>, ChartError> {
    ensure_registered().map_err(ChartError::Render)?;
    let (w, h) = device_size(fig, s);
    let mut buf = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        draw_figure(fig, &root, s, true).map_err(|e| ChartError::Render(format!("bitmap backend: {e}")))?;
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        // Charts are large flat areas: the best deflate level with adaptive filtering
        // makes the PNGs several times smaller (a report embeds dozens).
        enc.set_compression(png::Compression::Best);
        enc.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
        // Physical size: 96 dpi × scale, so a print-scale chart keeps the screen chart's size.
        let ppm = (96.0 * s / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions { xppu: ppm, yppu: ppm, unit: png::Unit::Meter }));
        let mut wr = enc.write_header().map_err(|e| ChartError::Render(format!("PNG encoder: {e}")))?;
        wr.write_image_data(&buf).map_err(|e| ChartError::Render(format!("PNG encoder: {e}")))?;
        wr.finish().map_err(|e| ChartError::Render(format!("PNG encoder: {e}")))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_cover_the_pattern() {
        let pieces = dash_pieces(&[(0.0, 0.0), (22.0, 0.0)], &[7.0, 4.0]);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0], vec![(0.0, 0.0), (7.0, 0.0)]);
        assert_eq!(pieces[1], vec![(11.0, 0.0), (18.0, 0.0)]);
        assert_eq!(dash_pieces(&[(0.0, 0.0), (5.0, 0.0)], &[]).len(), 1);
    }
}
