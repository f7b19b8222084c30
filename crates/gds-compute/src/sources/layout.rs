//! Layouts: a table as offices write it — title rows above the header, a header over several
//! rows with merged groups ("Chia ra" over "Nam" and "Nữ"), a row of column numbers
//! `(1) (2) …`, total rows ("Tổng cộng", "Toàn huyện"), a footer of notes and signatures, and
//! a column per sex or per year — turned into the table of records or cells that the dataset
//! declares, every row keeping the line (or sheet row) it came from.
//!
//! Sheets always pass through here; a text file does when its source declares a layout
//! (`header-rows`, `footer-rows` or `wide`), since a plain CSV is read lazily at any size.

use crate::error::{ComputeError, Located};
use crate::project::Source;
use polars::prelude::*;
use std::collections::BTreeMap;

/// One cell as read: its text (`None` when empty) and whether the file held a number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// The text, trimmed and NFC (numbers without a spurious `.0`).
    pub text: Option<String>,
    /// Whether the cell held a number (sheets).
    pub number: bool,
}

impl Cell {
    /// A text cell (`None` for an empty text).
    pub fn text(s: &str) -> Cell {
        let t = s.trim();
        Cell { text: (!t.is_empty()).then(|| gds_core::nfc(t)), number: false }
    }
}

/// A sheet or a text file as rows of cells, each with its line (text) or row (sheet), from 1.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// (line, cells).
    pub rows: Vec<(usize, Vec<Cell>)>,
    /// The sheet column of the first cell (0 = A), for cell references.
    pub first_col: usize,
    /// Rows are sheet rows (cells are referenced as `B7`), not text lines.
    pub sheet: bool,
}

/// A row left out of the data, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Skipped {
    /// Line or sheet row.
    pub line: usize,
    /// `title`, `header`, `column numbers`, `empty`, `total`, `footer`.
    pub why: &'static str,
    /// The row's first text, to recognise it by.
    pub text: String,
}

/// A total row, kept to check the rows it totals ("used as a check, never added in").
#[derive(Debug, Clone)]
pub struct TotalRow {
    /// Line or sheet row.
    pub line: usize,
    /// Its label ("Tổng cộng").
    pub label: String,
    /// The row in the table's columns (after a wide layout, one per cell group).
    pub cells: Vec<(String, Option<String>)>,
    /// The texts that say which rows it totals: a wide layout's dimension values and the
    /// row's texts that are neither numbers nor the total's label (a total of women totals
    /// the rows of women).
    pub keys: Vec<(String, String)>,
}

/// A table read through its layout.
pub struct Table {
    /// The columns, as text.
    pub frame: DataFrame,
    /// Per row of `frame`, its line or sheet row.
    pub lines: Vec<usize>,
    /// Per column, the cells that held numbers: (row, cell reference, text).
    pub numeric_cells: BTreeMap<String, Vec<(usize, String, String)>>,
    /// Rows left out, and why.
    pub skipped: Vec<Skipped>,
    /// Total rows, in the table's columns.
    pub totals: Vec<TotalRow>,
    /// Cells derived by `derive` (male = total − female), with their rows.
    pub derived: Vec<DerivedRow>,
}

/// A row `derive` added: the code it gives a column, and the row's cells (column → text).
#[derive(Debug, Clone, PartialEq)]
pub struct DerivedRow {
    /// Line or sheet row of the total it was derived from.
    pub line: usize,
    /// The derived column (declared name, e.g. `sex`).
    pub column: String,
    /// The code derived (`M`).
    pub code: String,
    /// The row's cells by the table's column names.
    pub cells: BTreeMap<String, String>,
}

/// The `{name}` parts of a wide pattern.
pub fn placeholders(pattern: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(i) = rest.find('{') {
        let Some(j) = rest[i..].find('}') else { break };
        out.push(rest[i + 1..i + j].trim().to_string());
        rest = &rest[i + j + 1..];
    }
    out
}

/// Accent- and case-insensitive form of a label (`Tổng cộng:` → `tong cong`).
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a row label names a total ("Tổng số", "Tổng cộng", "Cộng", "Toàn huyện", "Total").
pub fn is_total_label(s: &str) -> bool {
    let f = fold(s);
    const EXACT: [&str; 7] = ["tong", "tong so", "tong cong", "cong", "total", "grand total", "ca nuoc"];
    const PREFIX: [&str; 9] = [
        "tong so ",
        "tong cong ",
        "toan huyen",
        "toan xa",
        "toan tinh",
        "toan thanh pho",
        "toan quoc",
        "toan phuong",
        "total ",
    ];
    EXACT.contains(&f.as_str()) || PREFIX.iter().any(|p| f.starts_with(p))
}

fn filled(cells: &[Cell]) -> usize {
    cells.iter().filter(|c| c.text.is_some()).count()
}

/// A row of column numbers under a header: `(1) (2) (3)`, `A B 1 2 3`, `1 2 3 4`, `3=1+2`.
fn is_number_row(cells: &[Cell]) -> bool {
    let texts: Vec<&str> = cells.iter().filter_map(|c| c.text.as_deref()).collect();
    if texts.len() < 2 {
        return false;
    }
    let bracketed = |t: &str| t.starts_with('(') && t.ends_with(')') && t.len() <= 8;
    if texts.iter().all(|t| bracketed(t)) {
        return true;
    }
    // Letters for the label columns, then 1, 2, 3, ... (a formula such as 3=1+2 allowed).
    let mut expect = 1;
    for t in &texts {
        if t.len() == 1 && t.chars().all(|c| c.is_ascii_uppercase()) && expect == 1 {
            continue;
        }
        let head = t.split('=').next().unwrap_or("").trim();
        if head.parse::<u32>().ok() != Some(expect) {
            return false;
        }
        expect += 1;
    }
    expect > 2
}

fn text_of(cells: &[Cell]) -> String {
    cells.iter().filter_map(|c| c.text.as_deref()).next().unwrap_or("").chars().take(60).collect()
}

fn err(src: &Source, line: usize, message: String, hint: Option<String>) -> ComputeError {
    ComputeError::Data(Located { file: src.display.clone(), line, column: None, value: None, message, hint })
}

/// The first cell of a row that is text, not a number or a row number ("1", "I", "a)").
fn label(cells: &[Cell]) -> Option<&str> {
    cells
        .iter()
        .filter_map(|c| c.text.as_deref().filter(|_| !c.number))
        .find(|t| t.parse::<f64>().is_err() && !t.chars().all(|c| "IVXLivxl.)".contains(c)))
}

/// Read `grid` through the source's layout.
pub fn table(src: &Source, grid: Grid, wide_value: Option<&str>) -> Result<Table, ComputeError> {
    let rows = &grid.rows;
    let mut skipped = Vec::new();
    // The header: the row the source names, else the first row that fills at least half as
    // many cells as the fullest of the first rows (a title is one merged cell).
    let header_at = match src.def.header_row {
        Some(h) => rows.iter().position(|(line, _)| *line == h).ok_or_else(|| {
            err(src, h, format!("there is no header on row {h}"), Some("set header-row in gds.toml".into()))
        })?,
        // Without a header (column-names), the data begin at the first row of two or more
        // cells (a title is one cell); a sparse data row is still data.
        None if src.def.column_names.is_some() => {
            let one = src.def.column_names.as_ref().is_some_and(|n| n.len() == 1);
            rows.iter()
                .position(|(_, c)| filled(c) >= 2 || (one && filled(c) == 1))
                .ok_or_else(|| err(src, 0, "the table has no data rows".into(), None))?
        }
        None => {
            let widest = rows.iter().take(30).map(|(_, c)| filled(c)).max().unwrap_or(0);
            rows.iter()
                .take(30)
                .position(|(_, c)| filled(c) >= 2.max(widest.div_ceil(2)) || (widest == 1 && filled(c) == 1))
                .ok_or_else(|| err(src, 0, "the table has no header row".into(), None))?
        }
    };
    for (line, cells) in &rows[..header_at] {
        if filled(cells) > 0 {
            skipped.push(Skipped { line: *line, why: "title", text: text_of(cells) });
        }
    }
    // Header rows: as declared, else the header continues while the next row is text only
    // and fills a cell under an empty header cell (the "Nam", "Nữ" under a merged "Chia ra").
    // A file without a header (column-names) has none: its first full row is data.
    let width = rows.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    let given = src.def.column_names.as_deref();
    if let Some(given) = given {
        let mut seen = std::collections::BTreeSet::new();
        if let Some(dup) = given.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).find(|n| !seen.insert(*n))
        {
            return Err(src.key_error(
                "column-names",
                format!("column-names names {dup:?} twice"),
                Some("give every column its own name (\"\" for one to leave out)".into()),
            ));
        }
    }
    let mut n_header = if given.is_some() { 0 } else { src.def.header_rows.unwrap_or(0).max(1) };
    if src.def.header_rows.is_none() && given.is_none() {
        while n_header < 4 {
            let Some((_, next)) = rows.get(header_at + n_header) else { break };
            let above: Vec<bool> = (0..width)
                .map(|j| {
                    (0..n_header).any(|r| rows[header_at + r].1.get(j).is_some_and(|c| c.text.is_some()))
                })
                .collect();
            let text_only =
                next.iter().all(|c| !c.number && c.text.as_deref().is_none_or(|t| t.parse::<f64>().is_err()));
            let under_empty = next.iter().enumerate().any(|(j, c)| c.text.is_some() && !above[j]);
            let under_group =
                next.iter().enumerate().any(|(j, c)| c.text.is_some() && j > 0 && !above[j] && above[j - 1]);
            if filled(next) > 0 && text_only && under_empty && under_group && !is_number_row(next) {
                n_header += 1;
            } else {
                break;
            }
        }
    }
    let header: Vec<Vec<Option<String>>> = (0..n_header)
        .map(|r| {
            let cells = rows.get(header_at + r).map(|(_, c)| c.as_slice()).unwrap_or(&[]);
            (0..width).map(|j| cells.get(j).and_then(|c| c.text.clone())).collect()
        })
        .collect();
    // A merged group's text sits in its first cell: carried right over the cells it spans
    // (an empty cell with a sub-header below, whose left neighbour also has one).
    let mut header = header;
    for r in 0..n_header.saturating_sub(1) {
        for j in 1..width {
            let below = |j: usize| (r + 1..n_header).any(|k| header[k][j].is_some());
            if header[r][j].is_none() && header[r][j - 1].is_some() && below(j) && below(j - 1) {
                header[r][j] = header[r][j - 1].clone();
            }
        }
    }
    if let Some(given) = given
        && let Some((line, cells)) = rows[header_at..].iter().find(|(_, c)| {
            c.iter().enumerate().any(|(j, c)| j >= given.len() && (c.text.is_some() || c.number))
        })
    {
        return Err(err(
            src,
            *line,
            format!(
                "the row has a value in column {}, but column-names names {} column(s)",
                cells.iter().rposition(|c| c.text.is_some() || c.number).map_or(0, |j| j + 1),
                given.len()
            ),
            Some("name every column in column-names (\"\" for one to leave out)".into()),
        ));
    }
    let names: Vec<String> = (0..width)
        .map(|j| {
            if let Some(given) = given {
                return given.get(j).map_or(String::new(), |n| gds_core::nfc(n.trim()));
            }
            let mut parts: Vec<&str> = Vec::new();
            for row in &header {
                if let Some(t) = row[j].as_deref()
                    && parts.last() != Some(&t)
                {
                    parts.push(t);
                }
            }
            parts.join(" / ")
        })
        .collect();
    let header_line = rows[header_at].0;
    for (line, cells) in &rows[(header_at + 1).min(rows.len())..(header_at + n_header.max(1)).min(rows.len())]
    {
        skipped.push(Skipped { line: *line, why: "header", text: text_of(cells) });
    }
    let mut body_from = (header_at + n_header).min(rows.len());
    if let Some((line, cells)) = rows.get(body_from)
        && is_number_row(cells)
    {
        skipped.push(Skipped { line: *line, why: "column numbers", text: text_of(cells) });
        body_from += 1;
    }
    // The footer: trailing empty rows; after the last empty row, rows that fill few cells
    // (notes, a date, signatures); rows of one text and no number at the end (notes); and
    // the rows the source declares.
    let mut body_to = rows.len();
    while body_to > body_from && filled(&rows[body_to - 1].1) == 0 {
        body_to -= 1;
    }
    let named = names.iter().filter(|n| !n.is_empty()).count();
    let sparse = |cells: &[Cell]| filled(cells) <= (named / 3).max(1) && !cells.iter().any(|c| c.number);
    // A form made by gds has no footer (its signatures are above the table): every row below
    // the header is data, and a row half filled in is the gate's to report, never a footer.
    let guess = src.def.form.is_none();
    if guess
        && let Some(e) = (body_from..body_to).rev().find(|i| filled(&rows[*i].1) == 0)
        && rows[e + 1..body_to].iter().all(|(_, c)| sparse(c))
        && rows[body_from..e].iter().any(|(_, c)| filled(c) > 0)
    {
        for (line, cells) in &rows[e + 1..body_to] {
            skipped.push(Skipped { line: *line, why: "footer", text: text_of(cells) });
        }
        body_to = e;
    }
    while guess
        && body_to > body_from
        && named >= 3
        && filled(&rows[body_to - 1].1) == 1
        && sparse(&rows[body_to - 1].1)
    {
        let (line, cells) = &rows[body_to - 1];
        skipped.push(Skipped { line: *line, why: "footer", text: text_of(cells) });
        body_to -= 1;
        while body_to > body_from && filled(&rows[body_to - 1].1) == 0 {
            body_to -= 1;
        }
    }
    for _ in 0..src.def.footer_rows.unwrap_or(0) {
        while body_to > body_from && filled(&rows[body_to - 1].1) == 0 {
            body_to -= 1;
        }
        if body_to > body_from {
            let (line, cells) = &rows[body_to - 1];
            skipped.push(Skipped { line: *line, why: "footer", text: text_of(cells) });
            body_to -= 1;
        }
    }
    // Columns: named ones only; two of one name cannot be told apart.
    let mut seen = std::collections::BTreeSet::new();
    let mut kept: Vec<(usize, String)> = Vec::new();
    for (j, name) in names.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if !seen.insert(name.clone()) {
            return Err(err(
                src,
                header_line,
                format!("the header has two columns named {name:?}"),
                Some("give every column its own name, or set header-row (and header-rows) to the rows that have them".into()),
            ));
        }
        kept.push((j, name.clone()));
    }
    let mut data: Vec<(usize, Vec<Cell>)> = Vec::new();
    let mut total_rows: Vec<(usize, Vec<Cell>)> = Vec::new();
    let mut labels: BTreeMap<usize, String> = BTreeMap::new();
    for (line, cells) in &rows[body_from..body_to] {
        if filled(cells) == 0 {
            skipped.push(Skipped { line: *line, why: "empty", text: String::new() });
            continue;
        }
        let row: Vec<Cell> = kept.iter().map(|(j, _)| cells.get(*j).cloned().unwrap_or_default()).collect();
        if let Some(l) = label(cells).filter(|l| is_total_label(l)) {
            skipped.push(Skipped { line: *line, why: "total", text: l.to_string() });
            labels.insert(*line, l.to_string());
            total_rows.push((*line, row));
            continue;
        }
        data.push((*line, row));
    }
    let col_names: Vec<String> = kept.iter().map(|(_, n)| n.clone()).collect();
    // A wide layout's dimension columns are also what a total row totals by.
    let (col_names, data, total_rows, dims) = match &src.def.wide {
        Some(w) => {
            let spec = WideSpec::new(src, w, &col_names, wide_value, header_line)?;
            (spec.out_names(), spec.apply(&data), spec.apply(&total_rows), spec.dims)
        }
        None => (col_names, data, total_rows, Vec::new()),
    };
    let mut derived = Vec::new();
    let data = derive(src, &col_names, data, wide_value, &mut skipped, &mut derived)?;
    let mut numeric_cells: BTreeMap<String, Vec<(usize, String, String)>> = BTreeMap::new();
    if grid.sheet && src.def.wide.is_none() {
        for (k, (j, name)) in kept.iter().enumerate() {
            for (line, row) in &data {
                if row[k].number {
                    let cell_ref = format!("{}{line}", crate::read::column_letters(grid.first_col + j));
                    numeric_cells.entry(name.clone()).or_default().push((
                        *line,
                        cell_ref,
                        row[k].text.clone().unwrap_or_default(),
                    ));
                }
            }
        }
    }
    let columns: Vec<Column> = col_names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let vals: Vec<Option<String>> = data.iter().map(|(_, r)| r[k].text.clone()).collect();
            Column::new(name.as_str().into(), vals)
        })
        .collect();
    let frame = DataFrame::new(data.len(), columns)
        .map_err(ComputeError::polars(format!("reading {}", src.display)))?;
    let totals = total_rows
        .into_iter()
        .map(|(line, r)| {
            let cells: Vec<(String, Option<String>)> =
                col_names.iter().cloned().zip(r.into_iter().map(|c| c.text)).collect();
            let keys = cells
                .iter()
                .filter(|(n, _)| Some(n.as_str()) != wide_value || src.def.wide.is_none())
                .filter_map(|(n, v)| Some((n.clone(), v.clone()?)))
                .filter(|(n, v)| {
                    dims.contains(n)
                        || (!is_total_label(v) && v.replace([',', '.', ' '], "").parse::<f64>().is_err())
                })
                .collect();
            TotalRow { line, label: labels.get(&line).cloned().unwrap_or_default(), cells, keys }
        })
        .collect();
    skipped.sort_by_key(|s| s.line);
    Ok(Table {
        frame,
        lines: data.iter().map(|(l, _)| *l).collect(),
        numeric_cells,
        skipped,
        totals,
        derived,
    })
}

/// One wide column: its index, the dimension values its name gives, the column its cells go to.
type WideColumn = (usize, Vec<(String, String)>, String);

/// A number as the source writes it (its thousands and decimal separators).
pub fn number(src: &Source, t: &str) -> Option<f64> {
    let mut s: String = t.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if let Some(th) = src.def.thousands.as_deref().filter(|t| !t.trim().is_empty()) {
        s = s.replace(th, "");
    }
    if src.def.decimal.as_deref() == Some(",") {
        s = s.replace(',', ".");
    }
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Whether a code cell names the total (`_T`, "Tổng số", "Chung").
fn is_total_code(t: &str) -> bool {
    t == gds_core::TOTAL_CODE || is_total_label(t) || matches!(fold(t).as_str(), "chung" | "t")
}

/// The cells `derive = { column = "code" }` asks for: per group of rows that differ only in
/// that column, the total minus the other codes (a table of the total and the women gives
/// the men). Row-number columns ("STT") do not make a group.
fn derive(
    src: &Source,
    names: &[String],
    mut data: Vec<(usize, Vec<Cell>)>,
    wide_value: Option<&str>,
    notes: &mut Vec<Skipped>,
    derived: &mut Vec<DerivedRow>,
) -> Result<Vec<(usize, Vec<Cell>)>, ComputeError> {
    let declared = |n: &str| src.def.rename.get(n).map_or(n, String::as_str).to_string();
    let Some(value) = wide_value.map(str::to_string).or_else(|| src.def.count.clone()) else {
        return Ok(data);
    };
    let Some(v) = names.iter().position(|n| *n == value) else { return Ok(data) };
    for (column, code) in &src.def.derive {
        let Some(d) = names.iter().position(|n| declared(n) == *column) else {
            return Err(err(
                src,
                0,
                format!("derive = {{ {column} = ... }}: the table has no column {column:?}"),
                Some(format!("the table has: {}", names.join(", "))),
            ));
        };
        let group_cols: Vec<usize> = (0..names.len())
            .filter(|k| *k != d && *k != v && !matches!(fold(&names[*k]).as_str(), "stt" | "tt" | "so tt"))
            .collect();
        let key = |row: &[Cell]| -> Vec<Option<String>> {
            group_cols.iter().map(|k| row[*k].text.clone()).collect()
        };
        let mut groups: BTreeMap<Vec<Option<String>>, Vec<usize>> = BTreeMap::new();
        for (i, (_, row)) in data.iter().enumerate() {
            groups.entry(key(row)).or_default().push(i);
        }
        let mut added: Vec<(usize, (usize, Vec<Cell>))> = Vec::new();
        for rows in groups.values() {
            let text = |i: usize| data[i].1[d].text.clone().unwrap_or_default();
            let Some(&t) = rows.iter().find(|i| is_total_code(&text(**i))) else { continue };
            if rows.iter().any(|i| text(*i) == *code) {
                continue;
            }
            let Some(total) = data[t].1[v].text.as_deref().and_then(|x| number(src, x)) else { continue };
            let parts: Option<Vec<f64>> = rows
                .iter()
                .filter(|i| **i != t && !is_total_code(&text(**i)))
                .map(|i| data[*i].1[v].text.as_deref().and_then(|x| number(src, x)))
                .collect();
            let Some(parts) = parts else { continue };
            let rest: f64 = parts.iter().sum();
            let x = total - rest;
            let line = data[t].0;
            if x < 0.0 {
                return Err(ComputeError::Data(Located {
                    file: src.display.clone(),
                    line,
                    column: Some(column.clone()),
                    value: Some(format!("{total}")),
                    message: format!(
                        "{column} {code} would be {total} − {rest} = {x}: the parts exceed the total"
                    ),
                    hint: Some("correct the total or its parts".into()),
                }));
            }
            let mut row = data[t].1.clone();
            row[d] = Cell::text(code);
            row[v] = Cell {
                text: Some(if x.fract() == 0.0 { format!("{}", x as i64) } else { x.to_string() }),
                number: false,
            };
            notes.push(Skipped {
                line,
                why: "derived",
                text: format!("{column} {code} = {total} − {rest} = {x}"),
            });
            derived.push(DerivedRow {
                line,
                column: column.clone(),
                code: code.clone(),
                cells: names
                    .iter()
                    .zip(&row)
                    .filter_map(|(n, c)| Some((n.clone(), c.text.clone()?)))
                    .collect(),
            });
            added.push((t, (line, row)));
        }
        // Each derived row right after its total.
        added.sort_by_key(|(t, _)| std::cmp::Reverse(*t));
        for (t, row) in added {
            data.insert(t + 1, row);
        }
    }
    Ok(data)
}

/// A wide layout resolved against a header.
struct WideSpec {
    /// Columns kept as they are (by index in the table's columns).
    ids: Vec<(usize, String)>,
    /// Per wide column: (index, its dimension values, the column its cell goes to).
    cells: Vec<WideColumn>,
    /// The dimension columns, in order.
    dims: Vec<String>,
    /// The value columns, in order.
    values: Vec<String>,
}

impl WideSpec {
    fn new(
        src: &Source,
        w: &crate::project::WideDef,
        names: &[String],
        value: Option<&str>,
        header_line: usize,
    ) -> Result<WideSpec, ComputeError> {
        let mut cells = Vec::new();
        let value = value.unwrap_or("count").to_string();
        if let Some(p) = &w.pattern {
            let holes = placeholders(p);
            let mut re = String::from("^");
            let mut rest = p.as_str();
            while let Some(i) = rest.find('{') {
                let Some(j) = rest[i..].find('}') else { break };
                re.push_str(&regex::escape(&rest[..i]));
                // A period is a number (so that "{sex} {period}" does not take "Đơn vị").
                re.push_str(if rest[i + 1..i + j].trim() == "period" { r"(\d+)" } else { "(.+?)" });
                rest = &rest[i + j + 1..];
            }
            re.push_str(&regex::escape(rest));
            re.push('$');
            let re = regex::RegexBuilder::new(&re)
                .case_insensitive(true)
                .build()
                .map_err(|e| err(src, 0, format!("wide: pattern {p:?} cannot be used: {e}"), None))?;
            for (k, name) in names.iter().enumerate() {
                if let Some(m) = re.captures(name) {
                    let mut dims = Vec::new();
                    let mut to = value.clone();
                    for (h, hole) in holes.iter().enumerate() {
                        let v = m.get(h + 1).map_or("", |x| x.as_str()).to_string();
                        if hole == "column" {
                            to = v;
                        } else {
                            dims.push((hole.clone(), v));
                        }
                    }
                    cells.push((k, dims, to));
                }
            }
            if cells.is_empty() {
                return Err(err(
                    src,
                    header_line,
                    format!("wide: no column of the header matches the pattern {p:?}"),
                    Some(format!("the header has: {}", names.join(", "))),
                ));
            }
        } else {
            for (header, dims) in &w.columns {
                let f = fold(header);
                let k = names.iter().position(|n| fold(n) == f).or_else(|| {
                    // A column under a merged group may be named by its own cell alone.
                    let last: Vec<usize> = names
                        .iter()
                        .enumerate()
                        .filter(|(_, n)| n.rsplit(" / ").next().is_some_and(|l| fold(l) == f))
                        .map(|(i, _)| i)
                        .collect();
                    (last.len() == 1).then(|| last[0])
                });
                let Some(k) = k else {
                    let hint = crate::hint(header, names.iter().map(String::as_str))
                        .unwrap_or_else(|| format!("the header has: {}", names.join(", ")));
                    return Err(err(
                        src,
                        header_line,
                        format!("wide: the header has no column {header:?}"),
                        Some(hint),
                    ));
                };
                cells.push((k, dims.iter().map(|(a, b)| (a.clone(), b.clone())).collect(), value.clone()));
            }
            cells.sort_by_key(|c| c.0);
        }
        let wide: std::collections::BTreeSet<usize> = cells.iter().map(|c| c.0).collect();
        let ids: Vec<(usize, String)> = names
            .iter()
            .enumerate()
            .filter(|(k, _)| !wide.contains(k))
            .map(|(k, n)| (k, n.clone()))
            .collect();
        let mut dims: Vec<String> = Vec::new();
        let mut values: Vec<String> = Vec::new();
        for (_, ds, to) in &cells {
            for (d, _) in ds {
                if !dims.contains(d) {
                    dims.push(d.clone());
                }
            }
            if !values.contains(to) {
                values.push(to.clone());
            }
        }
        for n in dims.iter().chain(&values) {
            if ids.iter().any(|(_, i)| i == n) {
                return Err(err(
                    src,
                    header_line,
                    format!("wide: the table has a column {n:?} besides the wide columns that give it"),
                    Some("rename the table's column, or leave it out of wide".into()),
                ));
            }
        }
        Ok(WideSpec { ids, cells, dims, values })
    }

    fn out_names(&self) -> Vec<String> {
        self.ids
            .iter()
            .map(|(_, n)| n.clone())
            .chain(self.dims.iter().cloned())
            .chain(self.values.iter().cloned())
            .collect()
    }

    /// One row per (table row, distinct dimension values), in the rows' order.
    fn apply(&self, rows: &[(usize, Vec<Cell>)]) -> Vec<(usize, Vec<Cell>)> {
        let mut out = Vec::new();
        for (line, row) in rows {
            let mut groups: Vec<(Vec<&str>, Vec<Cell>)> = Vec::new();
            for (k, dims, to) in &self.cells {
                let key: Vec<&str> = self
                    .dims
                    .iter()
                    .map(|d| dims.iter().find(|(n, _)| n == d).map_or("", |(_, v)| v.as_str()))
                    .collect();
                let g = match groups.iter().position(|(gk, _)| *gk == key) {
                    Some(g) => g,
                    None => {
                        groups.push((key, vec![Cell::default(); self.values.len()]));
                        groups.len() - 1
                    }
                };
                let v = self.values.iter().position(|x| x == to).unwrap_or(0);
                groups[g].1[v] = row[*k].clone();
            }
            for (key, vals) in groups {
                let mut cells: Vec<Cell> = self.ids.iter().map(|(k, _)| row[*k].clone()).collect();
                cells.extend(key.iter().map(|v| Cell::text(v)));
                cells.extend(vals);
                out.push((*line, cells));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_labels_are_recognised_without_accents_and_names_are_not() {
        for t in
            ["Tổng số", "TỔNG CỘNG:", "Cộng", "Toàn huyện", "Tong cong", "Total", "Tổng số (A)", "Cả nước"]
        {
            assert!(is_total_label(t), "{t}");
        }
        for t in ["Xã Cộng Hòa", "Toàn Thắng", "Phường 1", "Nam", "Tổ dân phố"] {
            assert!(!is_total_label(t), "{t}");
        }
    }

    #[test]
    fn column_number_rows_are_told_from_data() {
        let row = |xs: &[&str]| xs.iter().map(|x| Cell::text(x)).collect::<Vec<_>>();
        assert!(is_number_row(&row(&["(1)", "(2)", "(3)"])));
        assert!(is_number_row(&row(&["A", "B", "1", "2", "3=1+2"])));
        assert!(is_number_row(&row(&["1", "2", "3", "4"])));
        assert!(!is_number_row(&row(&["1", "Xã A", "120", "60"])));
        assert!(!is_number_row(&row(&["1", "2", "5", "4"])));
    }

    #[test]
    fn placeholders_are_listed_in_order() {
        assert_eq!(placeholders("{column}_{sex}_{period}"), vec!["column", "sex", "period"]);
        assert_eq!(placeholders("gdi_{period}"), vec!["period"]);
    }
}
