//! The embedded font draws every character the catalogue can put on a chart.

use ab_glyph::{Font, FontRef, GlyphId};
use gds_charts::{BOLD_TTF, FAMILY, FONT_LICENSE, REGULAR_TTF};
use gds_indicators::Catalogue;

fn missing(font: &FontRef, text: &str) -> Vec<char> {
    text.chars().filter(|c| !c.is_whitespace() && font.glyph_id(*c) == GlyphId(0)).collect()
}

#[test]
fn the_font_covers_every_catalogue_label_in_both_languages() {
    let cat = Catalogue::embedded().unwrap();
    let regular = FontRef::try_from_slice(REGULAR_TTF).unwrap();
    let bold = FontRef::try_from_slice(BOLD_TTF).unwrap();
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut add = |what: String, t: &gds_core::Text| {
        texts.push((what.clone(), t.vi.clone()));
        texts.push((what, t.en.clone()));
    };
    add("catalogue name".into(), &cat.name);
    for i in cat.indicators.values() {
        add(format!("indicator {}", i.id), &i.name);
    }
    for u in &cat.units {
        add(format!("unit {}", u.id), &u.name);
        if let Some(s) = &u.symbol {
            add(format!("unit symbol {}", u.id), s);
        }
    }
    for t in &cat.themes {
        add(format!("theme {}", t.id), &t.name);
    }
    for l in &cat.levels {
        add(format!("level {}", l.id), &l.name);
    }
    for f in &cat.frameworks {
        add(format!("framework {}", f.id), &f.name);
    }
    for cl in cat.codelists.values() {
        add(format!("code list {}", cl.id), &cl.name);
        for c in &cl.codes {
            add(format!("code {}/{}", cl.id, c.code), &c.name);
        }
    }
    // Characters the charts add themselves.
    texts.push(("chart punctuation".into(), "−–—…·≥≤<>×‰% (*) x 0123456789,.:/".into()));
    assert!(texts.len() > 400, "the catalogue was read ({} texts)", texts.len());
    let mut problems = Vec::new();
    for (what, t) in &texts {
        for (name, font) in [("regular", &regular), ("bold", &bold)] {
            let m = missing(font, t);
            if !m.is_empty() {
                problems.push(format!("{what} ({name}): {t:?} lacks {m:?}"));
            }
        }
        for c in t.chars() {
            assert!(gds_charts::has_glyph(c), "{what}: {c:?}");
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_font_is_shipped_with_its_licence() {
    assert!(FONT_LICENSE.contains("SIL OPEN FONT LICENSE Version 1.1"));
    assert!(FONT_LICENSE.contains("Be Vietnam Pro"));
    assert!(FAMILY.starts_with("Be Vietnam Pro,"));
    assert!(REGULAR_TTF.len() > 100_000 && BOLD_TTF.len() > 100_000);
}
