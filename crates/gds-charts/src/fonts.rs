//! The embedded font (Be Vietnam Pro, SIL OFL 1.1): registration with plotters, text
//! measurement for layout, and the `@font-face` block embedded in SVG output.

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};
use plotters::style::{FontStyle, register_font};
use std::sync::OnceLock;

/// Be Vietnam Pro Regular (OFL-1.1, from npm `@expo-google-fonts/be-vietnam-pro@0.4.1`).
pub const REGULAR_TTF: &[u8] = include_bytes!("../assets/BeVietnamPro_400Regular.ttf");
/// Be Vietnam Pro Bold (OFL-1.1, same package).
pub const BOLD_TTF: &[u8] = include_bytes!("../assets/BeVietnamPro_700Bold.ttf");
/// The licence of the embedded fonts (SIL Open Font License 1.1).
pub const FONT_LICENSE: &str = include_str!("../assets/OFL.txt");

/// The font family every chart text uses. plotters looks the embedded font up under this
/// exact string; SVG viewers read it as a CSS family list and fall back along it.
pub const FAMILY: &str = "Be Vietnam Pro, DejaVu Sans, sans-serif";

/// Register the embedded fonts with plotters (once per process).
pub(crate) fn ensure_registered() -> Result<(), String> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        register_font(FAMILY, FontStyle::Normal, REGULAR_TTF)
            .map_err(|_| "the embedded regular font could not be read".to_string())?;
        register_font(FAMILY, FontStyle::Bold, BOLD_TTF)
            .map_err(|_| "the embedded bold font could not be read".to_string())?;
        Ok(())
    })
    .clone()
}

fn font(bold: bool) -> &'static FontRef<'static> {
    static FONTS: OnceLock<(FontRef<'static>, FontRef<'static>)> = OnceLock::new();
    let (r, b) = FONTS.get_or_init(|| {
        (
            FontRef::try_from_slice(REGULAR_TTF).expect("embedded regular font parses"),
            FontRef::try_from_slice(BOLD_TTF).expect("embedded bold font parses"),
        )
    });
    if bold { b } else { r }
}

/// Width in pixels of `text` drawn at plotters size `size` (the same formula plotters uses to
/// lay text out: advances plus kerning at a pixel height of `size`).
pub(crate) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let f = font(bold).as_scaled(PxScale::from(size as f32));
    let mut w = 0f32;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let g = f.glyph_id(c);
        w += f.h_advance(g);
        if let Some(p) = prev {
            w += f.kern(p, g);
        }
        prev = Some(g);
    }
    f64::from(w)
}

/// The pixels of `text` laid out as plotters lays it out (the same width, the same vertical
/// placement for a centred anchor at `(x, y)`), but with each glyph rasterised at its exact
/// sub-pixel pen position, its left side bearing kept: plotters' bitmap text drops every
/// glyph's bearing and truncates its pen position, so letters of unlike bearings sit unevenly
/// ("B ình", "Ph ân"). Each pixel is `(x, y, coverage)`.
pub(crate) fn glyph_pixels(
    text: &str,
    size: f64,
    bold: bool,
    x: f64,
    y: i32,
    align_x: f64,
) -> Vec<(i32, i32, f32)> {
    let f = font(bold).as_scaled(PxScale::from(size as f32));
    // plotters' layout box: width truncated, height size / 1.24, centred anchor.
    let width = text_width(text, size, bold) as i32;
    let height = (size / 1.24) as i32;
    let left = x as f32 - (f64::from(width) * align_x) as i32 as f32;
    let top = y - height / 2;
    let mut out = Vec::new();
    let mut pen = 0f32;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let g = f.glyph_id(c);
        if let Some(p) = prev {
            pen += f.kern(p, g);
        }
        prev = Some(g);
        let glyph = g.with_scale_and_position(f.scale(), ab_glyph::point(left + pen, 0.0));
        if let Some(q) = f.outline_glyph(glyph) {
            let rect = q.px_bounds();
            let y_shift = ((size as f32) / 2.0 + rect.min.y) as i32;
            let x0 = rect.min.x as i32;
            q.draw(|gx, gy, cov| {
                if cov > 0.0 {
                    out.push((x0 + gx as i32, top + y_shift + gy as i32, cov));
                }
            });
        }
        pen += f.h_advance(g);
    }
    out
}

/// Whether the embedded regular and bold fonts both have a glyph for `c`.
pub fn has_glyph(c: char) -> bool {
    c.is_whitespace() || (font(false).glyph_id(c) != GlyphId(0) && font(true).glyph_id(c) != GlyphId(0))
}

/// Standard base64 (RFC 4648, with padding).
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(ALPHABET[(n >> 18) as usize & 63] as char);
        out.push(ALPHABET[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 { ALPHABET[(n >> 6) as usize & 63] as char } else { '=' });
        out.push(if chunk.len() > 2 { ALPHABET[n as usize & 63] as char } else { '=' });
    }
    out
}

/// The `<style>` block with both fonts as `@font-face` data URLs (inserted right after the
/// `<svg>` tag so browsers draw the same glyphs as the PNG).
pub(crate) fn svg_font_style() -> &'static str {
    static STYLE: OnceLock<String> = OnceLock::new();
    STYLE.get_or_init(|| {
        let face = |weight: u32, bytes: &[u8]| {
            format!(
                "@font-face{{font-family:\"Be Vietnam Pro\";font-style:normal;font-weight:{weight};\
                 src:url(data:font/ttf;base64,{}) format(\"truetype\");}}",
                base64(bytes)
            )
        };
        format!(
            "<style type=\"text/css\">/* Be Vietnam Pro, SIL Open Font License 1.1 */{}{}</style>",
            face(400, REGULAR_TTF),
            face(700, BOLD_TTF)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn bold_text_is_wider_than_regular() {
        let r = text_width("Tỷ số giới tính khi sinh", 20.0, false);
        let b = text_width("Tỷ số giới tính khi sinh", 20.0, true);
        assert!(r > 100.0 && b > r, "{r} {b}");
    }
}

#[cfg(test)]
mod bearing_tests {
    use super::*;

    /// The ink columns of `text` drawn by [`glyph_pixels`] at `size`.
    fn ink(text: &str, size: f64) -> Vec<i32> {
        let mut xs: Vec<i32> = glyph_pixels(text, size, false, 0.0, 0, 0.0)
            .into_iter()
            .filter(|p| p.2 > 0.05)
            .map(|p| p.0)
            .collect();
        xs.sort_unstable();
        xs.dedup();
        xs
    }

    #[test]
    fn glyphs_keep_their_side_bearings() {
        // "B" then "ì" (as in "Bình"): the white between them is B's right bearing plus ì's
        // left bearing, from the font's own metrics. Dropping each glyph's left bearing, as
        // plotters' bitmap text does, makes it B's two bearings instead.
        let size = 80.0;
        let f = font(false).as_scaled(PxScale::from(size as f32));
        let (b, i) = (f.glyph_id('B'), f.glyph_id('ì'));
        let bounds = |g: GlyphId| {
            let o = f.outline_glyph(g.with_scale_and_position(f.scale(), ab_glyph::point(0.0, 0.0))).unwrap();
            o.px_bounds()
        };
        let (bb, ib) = (bounds(b), bounds(i));
        let pen = f.h_advance(b) + f.kern(b, i);
        let right_b = f.h_advance(b) - bb.max.x;
        let want = f64::from(pen - bb.max.x + ib.min.x);
        let dropped = f64::from(pen - (bb.max.x - bb.min.x));
        assert!((want - dropped).abs() > 2.0, "the pair tells the two layouts apart ({want} vs {dropped})");
        let cols = ink("Bì", size);
        // The widest run of empty columns inside the text is the gap between the letters.
        let gap = cols.windows(2).map(|w| w[1] - w[0] - 1).max().unwrap();
        assert!(
            (f64::from(gap) - want).abs() <= 2.0,
            "gap {gap} px, bearings say {want:.1} (B's right {right_b:.1})"
        );
    }
}
