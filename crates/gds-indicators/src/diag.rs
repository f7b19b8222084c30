//! Diagnostics: every problem of a catalogue, with file, line, column and a hint.

use std::fmt;

/// One problem found while loading a catalogue.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// File, relative to the catalogue root.
    pub file: String,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " — hint: {h}")?;
        }
        Ok(())
    }
}

/// 1-based line and column of byte offset `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// "did you mean" among `candidates`: the most similar by Jaro–Winkler (typing slips, shared
/// prefixes) or by edit distance with transpositions (short ids: `sbr` for `srb`), on folded
/// lower-case text (Vietnamese without diacritics matches too); `None` when nothing is close.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let w = gds_core::fold(word).to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let folded = gds_core::fold(c).to_lowercase();
        let jw = strsim::jaro_winkler(&w, &folded);
        let edits = strsim::normalized_damerau_levenshtein(&w, &folded);
        let score = if jw > 0.8 || edits >= 0.6 { jw.max(edits) } else { continue };
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean {c:?}?"))
}

/// The problems found in a catalogue; displayed one per line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        write!(f, "{} problem(s) found", self.0.len())
    }
}

impl std::error::Error for Diagnostics {}
