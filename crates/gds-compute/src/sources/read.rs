//! Readers: CSV (UTF-8 with or without BOM, `,` or `;`, quoted fields), Parquet, Arrow IPC
//! and Excel `.xlsx`, all as polars lazy frames of the file's own columns. Legacy Vietnamese
//! encodings are detected and either converted (Windows-1258) or refused with a hint.

use crate::error::{ComputeError, Located};
use crate::project::{Format, Source};
use calamine::{Data, Reader};
use polars::prelude::*;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A raw scan of one source.
pub struct RawScan {
    /// The file's columns, lazily.
    pub frame: LazyFrame,
    /// Add this to a 0-based data-row index to get the file's line (CSV), or the sheet row
    /// (xlsx); 0 for Parquet/IPC, where rows are numbered from 1.
    pub line_offset: usize,
    /// Whether row numbers are file lines (`:line`) or row numbers (`row N`).
    pub kind: RowKind,
    /// A temporary converted copy that must live as long as the scan.
    pub _temp: Option<tempfile::TempPath>,
    /// Sheets only: per column, the cells that hold numbers (sheet row, cell reference,
    /// value), so that a number in a code column can be reported by its cell.
    pub numeric_cells: std::collections::BTreeMap<String, Vec<(usize, String, String)>>,
    /// Tables read through a layout: per row, its line or sheet row (rows left out between
    /// them, or a wide row split in several).
    pub lines: Option<std::sync::Arc<Vec<usize>>>,
    /// Rows left out of the data, and why (titles, header rows, totals, footer).
    pub skipped: Vec<crate::layout::Skipped>,
    /// Total rows, kept to check the rows against.
    pub totals: Vec<crate::layout::TotalRow>,
    /// Rows of cells derived by the layout (`derive`).
    pub derived: Vec<crate::layout::DerivedRow>,
}

impl RawScan {
    /// The line (or sheet row, or record number) of 0-based data row `row`.
    pub fn line_of(&self, row: usize) -> usize {
        match &self.lines {
            Some(l) => l.get(row).copied().unwrap_or(0),
            None => row + self.line_offset,
        }
    }

    fn from_table(t: crate::layout::Table, kind: RowKind, temp: Option<tempfile::TempPath>) -> RawScan {
        RawScan {
            frame: t.frame.lazy(),
            line_offset: 0,
            kind,
            _temp: temp,
            numeric_cells: t.numeric_cells,
            lines: Some(std::sync::Arc::new(t.lines)),
            skipped: t.skipped,
            totals: t.totals,
            derived: t.derived,
        }
    }
}

impl RawScan {
    /// A scan of a binary table (Parquet, IPC), whose rows are numbered as records from 1.
    fn records(frame: LazyFrame) -> RawScan {
        RawScan {
            frame,
            line_offset: 1,
            kind: RowKind::Record,
            _temp: None,
            numeric_cells: Default::default(),
            lines: None,
            skipped: Vec::new(),
            totals: Vec::new(),
            derived: Vec::new(),
        }
    }
}

/// How rows of a source are numbered in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// Line of a text file.
    Line,
    /// Row of a sheet.
    SheetRow,
    /// Record number of a binary table.
    Record,
}

fn data_err(src: &Source, line: usize, message: String, hint: Option<&str>) -> ComputeError {
    ComputeError::Data(Located {
        file: src.display.clone(),
        line,
        column: None,
        value: None,
        message,
        hint: hint.map(str::to_string),
    })
}

/// Which legacy Vietnamese encoding a non-UTF-8 byte sample most resembles.
pub fn guess_legacy_encoding(bytes: &[u8]) -> &'static str {
    // Signature bytes: VNI writes marks as separate bytes after the vowel (e.g. "a\xf9" = á,
    // "e\xe4" = ệ); TCVN3 (ABC) uses single bytes 0xA1–0xFE for precomposed letters such as
    // 0xB8 á, 0xB5 à, 0xAE đ; Windows-1258 uses combining marks 0xEC, 0xCC, 0xD2, 0xDE, 0xF2
    // after a base letter and 0xF0 đ, 0xFD ư, 0xF5 ơ.
    let (mut vni, mut tcvn, mut cp) = (0usize, 0usize, 0usize);
    for w in bytes.windows(2) {
        let (a, b) = (w[0], w[1]);
        let vowel = b"aeiouyAEIOUY".contains(&a);
        if vowel && matches!(b, 0xF9 | 0xF8 | 0xFB | 0xF5 | 0xEF | 0xE4 | 0xE2 | 0xE1 | 0xE0 | 0xE3) {
            vni += 1;
        }
        if (a.is_ascii_alphabetic() || a >= 0xC0) && matches!(b, 0xEC | 0xCC | 0xD2 | 0xDE | 0xF2) {
            cp += 1;
        }
        if matches!(a, 0xB5..=0xBE | 0xC6..=0xCF | 0xD1..=0xD9 | 0xAE | 0xA7) && (b.is_ascii() || b >= 0xA1) {
            tcvn += 1;
        }
    }
    if cp >= vni && cp >= tcvn && cp > 0 {
        "Windows-1258"
    } else if vni >= tcvn && vni > 0 {
        "VNI"
    } else if tcvn > 0 {
        "TCVN3 (ABC)"
    } else {
        "an unknown 8-bit encoding"
    }
}

/// First position of an invalid UTF-8 sequence, as (1-based line, byte offset).
fn first_invalid_utf8(bytes: &[u8]) -> Option<(usize, usize)> {
    match std::str::from_utf8(bytes) {
        Ok(_) => None,
        // A sequence cut at the end of a sample is not an error.
        Err(e) if e.error_len().is_none() => None,
        Err(e) => {
            let at = e.valid_up_to();
            Some((bytes[..at].iter().filter(|b| **b == b'\n').count() + 1, at))
        }
    }
}

/// The declared 8-bit encoding of a text file, if gds converts it: Windows-1258 (Vietnamese),
/// Windows-1252 / Latin-1 (Western European exports).
fn declared_8bit(src: &Source) -> Option<&'static encoding_rs::Encoding> {
    match src.def.encoding.as_deref().unwrap_or("utf-8").to_ascii_lowercase().as_str() {
        "windows-1258" | "cp1258" => Some(encoding_rs::WINDOWS_1258),
        "windows-1252" | "cp1252" | "latin-1" | "latin1" | "iso-8859-1" => Some(encoding_rs::WINDOWS_1252),
        _ => None,
    }
}

/// UTF-16 text (Excel's "Unicode Text"): by its byte-order mark, or by the zero bytes of
/// ASCII letters in 16 bits.
fn utf16(sample: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if sample.starts_with(&[0xFF, 0xFE]) {
        return Some(encoding_rs::UTF_16LE);
    }
    if sample.starts_with(&[0xFE, 0xFF]) {
        return Some(encoding_rs::UTF_16BE);
    }
    let head = &sample[..sample.len().min(4096)];
    let zeros = |odd: usize| head.iter().skip(odd).step_by(2).filter(|b| **b == 0).count();
    let half = head.len() / 2;
    if half >= 2 && zeros(1) * 2 > half {
        Some(encoding_rs::UTF_16LE)
    } else if half >= 2 && zeros(0) * 2 > half {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

pub(crate) fn detect_delimiter(header: &str) -> u8 {
    let count = |c: char| header.chars().filter(|x| *x == c).count();
    let (comma, semi, tab) = (count(','), count(';'), count('\t'));
    if semi > comma && semi >= tab {
        b';'
    } else if tab > comma && tab > semi {
        b'\t'
    } else {
        b','
    }
}

/// Scan a source's raw columns.
pub fn scan_raw(src: &Source) -> Result<RawScan, ComputeError> {
    let mut scan = scan_file(src)?;
    if src.def.missing.is_empty() && src.def.year_of_birth.is_none() && src.def.constants.is_empty() {
        return Ok(scan);
    }
    // The file's own columns; the steps below add to them.
    let schema = scan
        .frame
        .collect_schema()
        .map_err(ComputeError::polars(format!("reading the columns of {}", src.display)))?;
    let same = |a: &str, b: &str| crate::mapping::norm_name(a) == crate::mapping::norm_name(b);
    if !src.def.missing.is_empty() {
        // The source's missing-value tokens become empty cells in every text column (trimmed
        // first), before any mapping or check sees them.
        let tokens = Series::new("missing".into(), src.def.missing.clone());
        let exprs: Vec<Expr> = schema
            .iter()
            .filter(|(_, d)| **d == DataType::String)
            .map(|(name, _)| {
                let c = col(name.clone());
                when(c.clone().str().strip_chars(lit(NULL)).is_in(lit(tokens.clone()).implode(false), false))
                    .then(lit(NULL).cast(DataType::String))
                    .otherwise(c)
                    .alias(name.clone())
            })
            .collect();
        if !exprs.is_empty() {
            scan.frame = scan.frame.with_columns(exprs);
        }
    }
    let mut added: Vec<&str> = Vec::new();
    if let (Some(yob), Some(period)) = (&src.def.year_of_birth, src.def.period) {
        // The age reached in the period's year, from the year of birth as written.
        if schema.get(yob).is_none() {
            let hint = crate::hint(yob, schema.iter_names().map(|n| n.as_str())).unwrap_or_else(|| {
                format!(
                    "the file has: {}",
                    schema.iter_names().map(|n| n.as_str()).collect::<Vec<_>>().join(", ")
                )
            });
            return Err(src.key_error(
                "year-of-birth",
                format!("year-of-birth = {yob:?} is not a column of the file"),
                Some(hint),
            ));
        }
        if let Some(age) = schema.iter_names().find(|n| same(n, "age")) {
            return Err(src.key_error(
                "year-of-birth",
                format!("year-of-birth is set, but the file also has an age column {age:?}"),
                Some("remove year-of-birth, or drop the column from the file".into()),
            ));
        }
        let year =
            col(yob.as_str()).cast(DataType::String).str().strip_chars(lit(NULL)).cast(DataType::Int64);
        scan.frame = scan.frame.with_column((lit(period) - year).cast(DataType::String).alias("age"));
        added.push("age");
    }
    if !src.def.constants.is_empty() {
        // A constant is a column of the file with one value in every row; the file's own
        // column of that name would make two answers.
        let mut exprs = Vec::new();
        for (name, v) in &src.def.constants {
            let names = schema.iter_names().map(|n| n.as_str()).chain(added.iter().copied());
            if let Some(fc) = names.into_iter().find(|n| same(n, name)) {
                return Err(src.key_error(
                    "constants",
                    format!("constants = {{ {name} = ... }} is set, but the file also has a column {fc:?}"),
                    Some("remove the constant, or drop the column from the file".into()),
                ));
            }
            exprs.push(lit(v.text()).alias(name.as_str()));
        }
        scan.frame = scan.frame.with_columns(exprs);
    }
    Ok(scan)
}

fn scan_file(src: &Source) -> Result<RawScan, ComputeError> {
    match src.format {
        Format::Csv => {
            if let Some(kind) = compressed(&src.path) {
                return Err(data_err(
                    src,
                    0,
                    format!("the file is {kind}-compressed, not text"),
                    Some("decompress it first (e.g. gunzip) and point gds.toml at the .csv"),
                ));
            }
            scan_csv(src)
        }
        Format::Parquet => {
            let lf = LazyFrame::scan_parquet(pl_path(&src.path)?, ScanArgsParquet::default())
                .map_err(ComputeError::polars(format!("reading {}", src.display)))?;
            Ok(RawScan::records(lf))
        }
        Format::Ipc => {
            let lf = LazyFrame::scan_ipc(
                pl_path(&src.path)?,
                IpcScanOptions::default(),
                UnifiedScanArgs::default(),
            )
            .map_err(ComputeError::polars(format!("reading {}", src.display)))?;
            Ok(RawScan::records(lf))
        }
        Format::Xlsx => read_xlsx(src),
        Format::Relation => Err(relation_only(src)),
    }
}

/// The error of reading a relation of a SQL engine with gds's own engine.
pub fn relation_only(src: &Source) -> ComputeError {
    src.key_error(
        "relation",
        "a relation of a SQL engine is read only by that engine".into(),
        Some("run the command with --engine spark (or --engine duckdb) where the relation lives".into()),
    )
}

fn pl_path(p: &Path) -> Result<PlRefPath, ComputeError> {
    let s = p
        .to_str()
        .ok_or_else(|| ComputeError::request(format!("path {} is not UTF-8", p.display()), None))?;
    Ok(PlRefPath::new(s))
}

fn scan_csv(src: &Source) -> Result<RawScan, ComputeError> {
    let mut file = std::fs::File::open(&src.path)
        .map_err(|e| data_err(src, 0, format!("cannot open: {e}"), Some("check the path in gds.toml")))?;
    let mut sample = Vec::with_capacity(1 << 20);
    file.by_ref()
        .take(1 << 20)
        .read_to_end(&mut sample)
        .map_err(|e| data_err(src, 0, format!("cannot read: {e}"), None))?;
    let mut temp = None;
    let mut path: PathBuf = src.path.clone();
    let wide_text = utf16(&sample);
    if wide_text.is_none() && sample.iter().take(4096).any(|b| *b == 0) {
        return Err(data_err(
            src,
            0,
            "the file holds zero bytes: it is not text".into(),
            Some("point gds.toml at the CSV, TSV or Excel file"),
        ));
    }
    let eight_bit = declared_8bit(src);
    let legacy = eight_bit.is_some() || wide_text.is_some();
    if eight_bit.is_some() && !sample.is_ascii() && first_invalid_utf8(&sample).is_none() {
        let first = sample.iter().position(|b| !b.is_ascii()).unwrap_or(0);
        let line = sample[..first].iter().filter(|b| **b == b'\n').count() + 1;
        return Err(data_err(
            src,
            line,
            format!(
                "encoding = {:?} is set, but the file is already UTF-8 text; converting it would garble every Vietnamese letter",
                src.def.encoding.as_deref().unwrap_or_default()
            ),
            Some("remove encoding = ... from this source"),
        ));
    }
    if legacy {
        // Convert the whole file to UTF-8 NFC in a temporary copy (Windows-1258 composes
        // Vietnamese letters from base letters and combining marks, hence the NFC step).
        let bytes =
            std::fs::read(&src.path).map_err(|e| data_err(src, 0, format!("cannot read: {e}"), None))?;
        // UTF-16 by its mark (or the zero bytes), else the declared 8-bit encoding.
        let enc = wide_text.or(eight_bit).unwrap_or(encoding_rs::WINDOWS_1258);
        let (text, _, _) = enc.decode(&bytes);
        let text = gds_core::nfc(&text);
        // A private copy (0600) in the system's temporary folder, removed when the scan is
        // dropped; the copies of killed runs are swept by the next run.
        let tmp_dir = std::env::temp_dir();
        crate::writers::sweep_stale(&tmp_dir);
        let mut t = tempfile::Builder::new()
            .prefix(&format!(".gds-{}-", std::process::id()))
            .suffix(".csv")
            .tempfile_in(&tmp_dir)
            .map_err(|e| data_err(src, 0, format!("cannot create a temporary file: {e}"), None))?;
        std::io::Write::write_all(&mut t, text.as_bytes())
            .map_err(|e| data_err(src, 0, format!("cannot convert: {e}"), None))?;
        let tp = t.into_temp_path();
        path = tp.to_path_buf();
        sample = text.as_bytes().iter().take(1 << 20).copied().collect();
        temp = Some(tp);
    } else if let Some((line, _)) = first_invalid_utf8(&sample) {
        let guess = guess_legacy_encoding(&sample);
        let hint = if guess == "Windows-1258" {
            "add encoding = \"windows-1258\" to this source in gds.toml, or save the file as CSV UTF-8"
                .to_string()
        } else if guess.starts_with("an unknown") {
            "convert the file to Unicode (UTF-8) first, e.g. with Unikey's converter (from TCVN3 or VNI), then save as CSV UTF-8".to_string()
        } else {
            format!(
                "convert the file to Unicode (UTF-8) first, e.g. with Unikey's converter from {guess}, then save as CSV UTF-8"
            )
        };
        return Err(ComputeError::Data(Located {
            file: src.display.clone(),
            line,
            column: None,
            value: None,
            message: if guess.starts_with("an unknown") {
                "the file is not UTF-8 text, and its encoding is not one gds recognises".to_string()
            } else {
                format!("the file is not UTF-8 text; it looks like the legacy Vietnamese encoding {guess}")
            },
            hint: Some(hint),
        }));
    }
    let text = String::from_utf8_lossy(&sample);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let skip = src.def.header_row.unwrap_or(1).saturating_sub(1);
    let header = text.lines().nth(skip).unwrap_or("");
    let delimiter = match src.def.delimiter.as_deref() {
        Some(d) if d.len() == 1 => d.as_bytes()[0],
        Some("\\t") | Some("tab") => b'\t',
        Some(d) => {
            return Err(data_err(
                src,
                0,
                format!("delimiter {d:?} must be one character"),
                Some("use \",\" or \";\""),
            ));
        }
        None => detect_delimiter(header),
    };
    if src.has_layout() {
        let grid = csv_grid(src, &path, delimiter)?;
        let t = crate::layout::table(src, grid, src.wide_value.as_deref())?;
        return Ok(RawScan::from_table(t, RowKind::Line, temp));
    }
    let lf = LazyCsvReader::new(pl_path(&path)?)
        .with_has_header(true)
        .with_separator(delimiter)
        .with_skip_rows(skip)
        // Codes are text: every column is read as written (`00004` stays `00004`); the
        // dataset definition gives the types, never type guessing.
        .with_infer_schema_length(Some(0))
        .with_missing_is_null(true)
        .finish()
        .map_err(ComputeError::polars(format!("reading {}", src.display)))?;
    // Data row i (0-based) sits on line skip + 2 + i.
    Ok(RawScan {
        frame: lf,
        line_offset: skip + 2,
        kind: RowKind::Line,
        _temp: temp,
        numeric_cells: Default::default(),
        lines: None,
        skipped: Vec::new(),
        totals: Vec::new(),
        derived: Vec::new(),
    })
}

/// A text file as a grid of cells, each record with its first line (quoted fields may span
/// lines).
fn csv_grid(src: &Source, path: &Path, delimiter: u8) -> Result<crate::layout::Grid, ComputeError> {
    let bytes = std::fs::read(path).map_err(|e| data_err(src, 0, format!("cannot read: {e}"), None))?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(&bytes);
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(bytes);
    let mut rows = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = rec.position().map_or(0, |p| p.line() as usize);
                rows.push((line, rec.iter().map(crate::layout::Cell::text).collect()));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                return Err(data_err(src, line, format!("cannot read the line: {e}"), None));
            }
        }
    }
    Ok(crate::layout::Grid { rows, first_col: 0, sheet: false })
}

fn read_xlsx(src: &Source) -> Result<RawScan, ComputeError> {
    let mut wb = calamine::open_workbook_auto(&src.path)
        .map_err(|e| data_err(src, 0, format!("cannot open the workbook: {e}"), Some("save it as .xlsx")))?;
    let names = wb.sheet_names();
    let sheet = match &src.def.sheet {
        Some(s) => s.clone(),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| data_err(src, 0, "the workbook has no sheet".into(), None))?,
    };
    if !names.contains(&sheet) {
        let hint = crate::hint(&sheet, names.iter().map(String::as_str))
            .unwrap_or_else(|| format!("sheets: {}", names.join(", ")));
        return Err(data_err(src, 0, format!("no sheet {sheet:?}"), Some(&hint)));
    }
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|e| data_err(src, 0, format!("cannot read sheet {sheet:?}: {e}"), None))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    // Every cell as text, as written: the dataset definition gives the types. Numbers are
    // written without a spurious ".0"; the cells that held numbers are remembered.
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, r)| {
            let cells = r
                .iter()
                .map(|cell| {
                    let text = match cell {
                        Data::Empty => None,
                        Data::Int(v) => Some(v.to_string()),
                        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => {
                            Some(format!("{}", *f as i64))
                        }
                        Data::Float(f) => Some(format!("{f}")),
                        Data::Bool(b) => Some(b.to_string()),
                        // A date cell is a date, not its serial number (45352 is 1 March 2024):
                        // written as ISO text, the form every date column reads.
                        Data::DateTime(d) if d.is_datetime() => {
                            let (y, m, day, ..) = d.to_ymd_hms_milli();
                            Some(format!("{y:04}-{m:02}-{day:02}"))
                        }
                        Data::Error(e) => Some(format!("#{e:?}")),
                        other => Some(gds_core::nfc(other.to_string().trim())).filter(|t| !t.is_empty()),
                    };
                    crate::layout::Cell { text, number: matches!(cell, Data::Int(_) | Data::Float(_)) }
                })
                .collect();
            (first_row as usize + 1 + i, cells)
        })
        .collect();
    let grid = crate::layout::Grid { rows, first_col: first_col as usize, sheet: true };
    let t = crate::layout::table(src, grid, src.wide_value.as_deref())?;
    Ok(RawScan::from_table(t, RowKind::SheetRow, None))
}

/// Spreadsheet column letters of a 0-based column index (0 → A, 26 → AA).
pub fn column_letters(mut j: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (j % 26) as u8);
        if j < 26 {
            break;
        }
        j = j / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// What a structural pass over a CSV file found: the number of data rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvShape {
    /// Data rows below the header.
    pub rows: u64,
}

/// The compression a file's first bytes announce (gzip, zlib, zstd), if any: such a file is
/// not a text table, and the CSV reader must never see it.
pub fn compressed(path: &std::path::Path) -> Option<&'static str> {
    let mut head = [0u8; 4];
    let mut f = std::fs::File::open(path).ok()?;
    f.read_exact(&mut head).ok()?;
    match head {
        [0x1f, 0x8b, _, _] => Some("gzip"),
        [0x78, 0x01 | 0x5e | 0x9c | 0xda, _, _] => Some("zlib"),
        [0x28, 0xb5, 0x2f, 0xfd] => Some("zstd"),
        _ => None,
    }
}

/// Check the structure of a CSV source before polars reads it: every record has as many
/// fields as the header (an unbalanced quote or a stray delimiter is reported with its line),
/// the file has data rows, and its lines end in LF or CRLF (not CR alone).
pub fn check_csv_structure(src: &Source) -> Result<CsvShape, ComputeError> {
    if let Some(kind) = compressed(&src.path) {
        return Err(data_err(
            src,
            0,
            format!("the file is {kind}-compressed, not text"),
            Some("decompress it first (e.g. gunzip) and point gds.toml at the .csv"),
        ));
    }
    let cannot_read = |e: std::io::Error| data_err(src, 0, format!("cannot read: {e}"), None);
    // A UTF-8 file is streamed (census-size files never sit in memory): the first MiB is the
    // sample for the checks below, then the rest of the file follows it. Legacy files, small
    // by nature, are decoded whole.
    let mut file = std::fs::File::open(&src.path).map_err(cannot_read)?;
    let mut sample = Vec::with_capacity(1 << 20);
    file.by_ref().take(1 << 20).read_to_end(&mut sample).map_err(cannot_read)?;
    let enc = utf16(&sample).or(declared_8bit(src));
    if let Some(enc) = enc {
        file.read_to_end(&mut sample).map_err(cannot_read)?;
        let (t, _, _) = enc.decode(&sample);
        sample = t.into_owned().into_bytes();
    }
    if sample.starts_with(b"\xef\xbb\xbf") {
        sample.drain(..3);
    }
    let text = &sample[..];
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(data_err(
            src,
            0,
            "the file is empty".into(),
            Some("export the table again, with its header row"),
        ));
    }
    if text.contains(&b'\r') && !text.contains(&b'\n') {
        return Err(data_err(
            src,
            0,
            "lines end in CR only (old Mac line endings), so the whole file reads as one line".into(),
            Some("save the file again as CSV UTF-8 with Windows (CRLF) or Unix (LF) line endings"),
        ));
    }
    let skip = src.def.header_row.unwrap_or(1).saturating_sub(1);
    let header_text = String::from_utf8_lossy(text);
    let header_line = header_text.lines().nth(skip).unwrap_or("");
    let delimiter = match src.def.delimiter.as_deref() {
        Some(d) if d.len() == 1 => d.as_bytes()[0],
        Some("\\t") | Some("tab") => b'\t',
        _ => detect_delimiter(header_line),
    };
    let rest: Box<dyn Read> = if enc.is_some() { Box::new(std::io::empty()) } else { Box::new(file) };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(std::io::BufReader::new(text.chain(rest)));
    let mut header_fields: Option<usize> = None;
    let mut rows = 0u64;
    let mut record = csv::ByteRecord::new();
    let mut index = 0usize;
    loop {
        let line = reader.position().line() as usize;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line() as usize);
                return Err(data_err(src, line, format!("the CSV cannot be parsed: {e}"), None));
            }
        }
        let start = record.position().map_or(line, |p| p.line() as usize);
        index += 1;
        if index <= skip {
            continue;
        }
        let Some(h) = header_fields else {
            header_fields = Some(record.len());
            let mut seen = std::collections::BTreeSet::new();
            for (j, name) in record.iter().enumerate() {
                let name = String::from_utf8_lossy(name).trim().to_string();
                if !name.is_empty() && !seen.insert(name.clone()) {
                    return Err(ComputeError::Data(Located {
                        file: src.display.clone(),
                        line: start,
                        column: Some(name.clone()),
                        value: Some(name.clone()),
                        message: format!("the header names column {name:?} twice (field {})", j + 1),
                        hint: Some("give every column its own name".into()),
                    }));
                }
            }
            continue;
        };
        if record.len() == 1 && record.get(0).is_some_and(|f| f.iter().all(|b| b.is_ascii_whitespace())) {
            continue;
        }
        if record.len() != h {
            let spans_lines = record.iter().any(|f| f.contains(&b'\n'));
            let hint = if spans_lines {
                "a quote (\") opened on this line is never closed; close it or remove it"
            } else if record.len() > h {
                "a value contains the delimiter: quote it (\"1,5\"), or check the delimiter"
            } else {
                "the row is short: a value is missing or the row was cut"
            };
            return Err(ComputeError::Data(Located {
                file: src.display.clone(),
                line: start,
                column: None,
                value: Some(String::from_utf8_lossy(record.as_slice()).chars().take(60).collect()),
                message: format!("this row has {} fields but the header has {h}", record.len()),
                hint: Some(hint.into()),
            }));
        }
        rows += 1;
    }
    if header_fields.is_none() {
        return Err(data_err(
            src,
            0,
            "the file has no header row".into(),
            Some("check header-row in gds.toml"),
        ));
    }
    Ok(CsvShape { rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_encodings_are_told_apart() {
        // "Nữ" in Windows-1258: N u+horn (0xFD) combining tilde (0xDE).
        assert_eq!(guess_legacy_encoding(b"gioi tinh,Nam\nN\xfd\xde,Vi\xeaet"), "Windows-1258");
        // VNI: "Vieät Nam" style — vowel followed by a mark byte.
        assert_eq!(guess_legacy_encoding(b"Vie\xe4t Nam, Na\xf9m"), "VNI");
        assert_eq!(first_invalid_utf8("Nữ\nNam".as_bytes()), None);
        assert_eq!(first_invalid_utf8(b"ok\nN\xfd"), Some((2, 4)));
    }

    #[test]
    fn delimiters_are_detected() {
        assert_eq!(detect_delimiter("a;b;c"), b';');
        assert_eq!(detect_delimiter("a,b,c"), b',');
        assert_eq!(detect_delimiter("\"x;y\",b,c"), b',');
    }
}

#[cfg(test)]
mod column_letter_tests {
    use super::column_letters;

    #[test]
    fn spreadsheet_columns_are_lettered_like_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
