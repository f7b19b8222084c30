//! Languages, bilingual text, NFC normalisation and sex codes.

use serde::{Deserialize, Serialize};
use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// A language of the catalogue and of outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese (the default: reports are written in Vietnamese).
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// Parse `vi` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's code, `vi` or `en` (file-name suffixes: `report-vi.html`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

/// A text in Vietnamese and English.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Text {
    /// Vietnamese, NFC-normalised.
    pub vi: String,
    /// English.
    pub en: String,
}

impl Text {
    /// Build a text from both languages (normalising to NFC).
    pub fn new(vi: impl AsRef<str>, en: impl AsRef<str>) -> Text {
        Text { vi: nfc(vi.as_ref()), en: nfc(en.as_ref()) }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// Normalise to Unicode NFC (decomposed Vietnamese marks draw misplaced and compare unequal).
pub fn nfc(s: &str) -> String {
    if is_nfc(s) { s.to_string() } else { s.nfc().collect() }
}

/// Whether `s` is already in NFC.
pub fn is_nfc(s: &str) -> bool {
    match is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => true,
        _ => s.nfc().eq(s.chars()),
    }
}

/// Format a number for presentation in `lang`: Vietnamese uses `.` for thousands and `,` for
/// decimals (`1.234,5`), English the reverse (`1,234.5`).
pub fn format_number(value: f64, decimals: usize, lang: Lang) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    // Round half away from zero, as statistics offices publish (6.25 → 6.3), not the
    // round-half-to-even of Rust's formatter; the tiny relative nudge absorbs binary
    // representation error (0.15 is stored as 0.1499…).
    let factor = 10f64.powi(decimals as i32);
    let scaled = value.abs() * factor;
    let rounded = (scaled * (1.0 + 1e-12) + 0.5).floor() / factor;
    let s = format!("{:.*}", decimals, rounded);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let (thousands, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let negative = value < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push(point);
        out.push_str(&f);
    }
    out
}

/// Sex as a dimension of results: female, male, or the total over both (`_T`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Sex {
    /// Female (`F`).
    Female,
    /// Male (`M`).
    Male,
    /// Both sexes (`_T`, SDMX convention).
    Total,
}

impl Sex {
    /// The SDMX code: `F`, `M` or `_T`.
    pub fn code(self) -> &'static str {
        match self {
            Sex::Female => "F",
            Sex::Male => "M",
            Sex::Total => "_T",
        }
    }

    /// Parse an SDMX code.
    pub fn from_code(code: &str) -> Option<Sex> {
        match code {
            "F" => Some(Sex::Female),
            "M" => Some(Sex::Male),
            "_T" => Some(Sex::Total),
            _ => None,
        }
    }

    /// Label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Sex::Female, Lang::Vi) => "Nữ",
            (Sex::Male, Lang::Vi) => "Nam",
            (Sex::Total, Lang::Vi) => "Chung",
            (Sex::Female, Lang::En) => "Female",
            (Sex::Male, Lang::En) => "Male",
            (Sex::Total, Lang::En) => "Total",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_vietnamese_marks() {
        let decomposed = "Nu\u{031b}\u{0303}"; // N u + horn + tilde
        assert!(!is_nfc(decomposed));
        assert_eq!(nfc(decomposed), "Nữ");
        assert!(is_nfc("Nữ Đà Nẵng"));
    }

    #[test]
    fn numbers_follow_the_locale() {
        assert_eq!(format_number(111.5, 1, Lang::Vi), "111,5");
        assert_eq!(format_number(111.5, 1, Lang::En), "111.5");
        assert_eq!(format_number(1234567.891, 2, Lang::Vi), "1.234.567,89");
        assert_eq!(format_number(1234567.891, 2, Lang::En), "1,234,567.89");
        assert_eq!(format_number(-0.3, 1, Lang::En), "−0.3");
        assert_eq!(format_number(-0.01, 1, Lang::En), "0.0");
        assert_eq!(format_number(f64::NAN, 1, Lang::En), "–");
        assert_eq!(format_number(6.25, 1, Lang::Vi), "6,3");
        assert_eq!(format_number(0.15, 1, Lang::En), "0.2");
        assert_eq!(format_number(-2.5, 0, Lang::En), "−3");
        assert_eq!(format_number(111.449, 1, Lang::En), "111.4");
    }
}

/// Fold text for matching: lowercase, Vietnamese marks removed (`đ` → `d`), whitespace
/// collapsed. `"Nữ"`, `"NU"` and `"nu"` fold to the same key.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        for l in c.to_lowercase() {
            out.push(l);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod fold_tests {
    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(super::fold("Nữ"), "nu");
        assert_eq!(super::fold(" ĐÀ  Nẵng "), "da nang");
        assert_eq!(super::fold("Nam"), super::fold("NAM"));
    }
}
