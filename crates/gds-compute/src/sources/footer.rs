//! What a Parquet file's own metadata proves of the screening's checks, without decoding the
//! values: that a column has no missing value, from its column chunks' statistics (`null_count`
//! 0 with a minimum and maximum),
//! the range of an integer column from their minima and maxima, and the spellings of a
//! dictionary-encoded text column from its dictionary pages (every value of such a chunk is one
//! of its dictionary's entries).
//!
//! A check is answered here only when the metadata settles it exactly: every chunk has the
//! statistics it needs, every dictionary entry is a value of the column (or empty) and every
//! data page of the chunk is dictionary-encoded. Anything else (a statistic missing, a range
//! the minima and maxima do not settle, a spelling that is no value, a page written plainly) is
//! screened value by value as before, and a count above zero still sends its check to the file
//! for the rows. A column the cube does not need and the metadata answers is then never
//! decoded.
//!
//! The statistics are the writer's: gds trusts them as the Parquet readers that skip row groups
//! by them do (DuckDB, Spark, polars).

use super::project::{Format, Source};
use super::screen::{Check, verdict};
use crate::engine::predicate::Held;
use gds_indicators::ColumnType;
use polars::prelude::{DataType, Schema};
use polars_parquet::parquet::compression::DecompressionContext;
use polars_parquet::parquet::encoding::Encoding;
use polars_parquet::parquet::metadata::{ColumnChunkMetadata, FileMetadata};
use polars_parquet::parquet::page::{CompressedPage, Page, split_buffer};
use polars_parquet::parquet::read::{PageMetaData, PageReader, decompress, read_metadata};
use polars_parquet::parquet::statistics::Statistics;
use rustc_hash::FxHashSet;
use std::io::{Read, Seek, SeekFrom};

/// What the metadata answered: per check (by name) its counts in [`super::screen`]'s order
/// (missing, not a value, `_T`, not finite, out of range), and the file's rows.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Proven {
    /// Answered checks: declared column name → counts.
    pub counts: Vec<(String, [u64; 5])>,
    /// Rows of the file (from its footer), when it was read.
    pub rows: Option<u64>,
}

/// What a check needs from the metadata.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Want {
    /// Only its missing values (typed booleans, text and area columns that are no key).
    Nulls,
    /// Missing values and whether any integer is out of range (typed integers).
    Integers,
    /// Missing values, and a verdict on every spelling (codes and yes/no written as text).
    Spellings,
}

/// What check `c` of a file column typed `dtype` needs from the metadata, if it can answer it.
fn want(c: &Check, dtype: &DataType, missing_tokens: bool) -> Option<Want> {
    if c.key || c.distinct || c.file_column.is_none() {
        return None;
    }
    let signed = matches!(dtype, DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64);
    match (c.text_source, &c.number) {
        (false, Some(_)) if c.nulls_from_number && signed && c.kind != ColumnType::Period => {
            Some(Want::Integers)
        }
        // Typed booleans (and numbers held as yes/no): only whether the value is missing.
        (false, None) => Some(Want::Nulls),
        // Missing-value tokens turn text into empty cells before the checks see it.
        (true, None) if *dtype == DataType::String && !missing_tokens => {
            if c.held != Held::Codes || c.kind == ColumnType::Code {
                Some(Want::Spellings)
            } else {
                Some(Want::Nulls)
            }
        }
        _ => None,
    }
}

/// A Parquet file's footer, read once for every answer of this module.
pub struct Footer {
    path: std::path::PathBuf,
    meta: FileMetadata,
}

impl Footer {
    /// The footer of `src`, when it is one Parquet file named as it is and its footer reads
    /// (anything else keeps every check: the read reports what is wrong with the file).
    pub fn read(src: &Source) -> Option<Footer> {
        if !one_parquet_file(src) {
            return None;
        }
        let mut file = std::fs::File::open(&src.path).ok()?;
        let meta = read_metadata(&mut file).ok()?;
        Some(Footer { path: src.path.clone(), meta })
    }
}

/// Split `checks` into those the `footer` of `src` (with polars' `schema` of the file)
/// answers and the rest, to screen value by value. Without a footer every check is kept.
pub fn split(
    src: &Source,
    footer: Option<&Footer>,
    schema: &Schema,
    checks: Vec<Check>,
) -> (Vec<Check>, Proven) {
    let mut proven = Proven::default();
    let Some(footer) = footer else { return (checks, proven) };
    let wants: Vec<Option<Want>> = checks
        .iter()
        .map(|c| {
            let dtype = schema.get(c.file_column.as_deref()?)?;
            want(c, dtype, !src.def.missing.is_empty())
        })
        .collect();
    if wants.iter().all(Option::is_none) {
        return (checks, proven);
    }
    let Ok(mut file) = std::fs::File::open(&footer.path) else { return (checks, proven) };
    proven.rows = Some(footer.meta.num_rows as u64);
    let mut rest = Vec::new();
    for (c, w) in checks.into_iter().zip(wants) {
        let answer = w.and_then(|w| prove(&mut file, &footer.meta, &c, w));
        match answer {
            Some(counts) => proven.counts.push((c.name.clone(), counts)),
            None => rest.push(c),
        }
    }
    (rest, proven)
}

/// Whether the key looks sorted by the row groups' statistics: every key column but at most one
/// holds one value throughout, and the ranges of that one rise from row group to row group
/// without overlapping. `Some` with the index in `checks` of the rising column (none when every
/// key column is constant). Only a hint for choosing how the keys are checked: the ordered pass
/// ([`super::screen::Local::sorted_keys`]) checks the order of every row, and keys out of order
/// are hashed in a pass of their own.
fn sorted_key(meta: &FileMetadata, schema: &Schema, checks: &[Check]) -> Option<Option<usize>> {
    let mut moving = None;
    for (i, c) in checks.iter().enumerate().filter(|(_, c)| c.key) {
        // Only keys the ordered pass compares: integers, and text or area columns as written.
        let dtype = c.file_column.as_deref().and_then(|f| schema.get(f));
        let comparable = match (&c.number, dtype) {
            (Some(_), Some(d)) => !c.text_source && d.is_signed_integer(),
            (None, Some(DataType::String)) => {
                c.text_source && c.held == Held::Codes && c.kind != ColumnType::Code && c.pad.is_none()
            }
            _ => false,
        };
        if !comparable {
            return None;
        }
        let ranges = ranges(meta, c.file_column.as_deref()?)?;
        if ranges.iter().all(|(lo, hi)| lo == hi && *lo == ranges[0].0) {
            continue;
        }
        if moving.is_some() || !ranges.windows(2).all(|w| w[0].1 < w[1].0) {
            return None;
        }
        moving = Some(i);
    }
    Some(moving)
}

/// How a screening pass proves the keys of a source unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// Read from the file's pages ([`key_rising_in_pages`]): the pass hashes no key.
    Pages,
    /// By their order in the pass ([`super::screen::Local::sorted_keys`]).
    Ordered,
    /// By their hashes (and, when one repeats, the exact query).
    Hashed,
}

/// Choose how the pass over `checks` (the rest of [`split`]) proves the keys of `src` unique.
/// With [`Keys::Pages`] the key checks are no longer keys, and the rising column's own check
/// (text, its missing values none by the statistics) is answered into `proven`.
pub fn plan_keys(
    src: &Source,
    footer: Option<&Footer>,
    schema: &Schema,
    checks: &mut Vec<Check>,
    proven: &mut Proven,
) -> Keys {
    let Some(footer) = footer else { return Keys::Hashed };
    if !checks.iter().any(|c| c.key) {
        return Keys::Hashed;
    }
    let Some(moving) = sorted_key(&footer.meta, schema, checks) else { return Keys::Hashed };
    let t = std::time::Instant::now();
    // Missing-value tokens make some written identifiers empty cells (missing, and equal to
    // each other) before the checks see them: the pages would not tell.
    let rising = moving
        .filter(|_| src.def.missing.is_empty())
        .map(|i| &checks[i])
        .filter(|c| key_rising_in_pages(footer, c))
        .map(|c| c.name.clone());
    if std::env::var_os("GDS_PROFILE").is_some() {
        eprintln!(
            "{:>8.3} s  the key of {} by its pages: {rising:?}",
            t.elapsed().as_secs_f64(),
            src.display
        );
    }
    let Some(rising) = rising else { return Keys::Ordered };
    for c in checks.iter_mut() {
        c.key = false;
    }
    if let Some(i) = checks.iter().position(|c| c.name == rising && c.number.is_none() && !c.distinct) {
        let c = checks.remove(i);
        proven.counts.push((c.name, [0; 5]));
    }
    proven.rows.get_or_insert(footer.meta.num_rows as u64);
    Keys::Pages
}

/// Whether the values of key column `c`, read straight from the file's pages, prove the key
/// unique: text written plainly that rises strictly through the whole file (trimmed ASCII text
/// by its bytes, as the hashes of the screening tell keys apart; the statistics showed the other
/// key columns constant and none missing). Then no key repeats, without polars decoding the
/// column.
fn key_rising_in_pages(footer: &Footer, c: &Check) -> bool {
    let Some(name) = c.file_column.as_deref() else { return false };
    let Some(chunks) = footer
        .meta
        .row_groups
        .iter()
        .map(|rg| rg.columns_under_root_iter(name)?.next())
        .collect::<Option<Vec<&ColumnChunkMetadata>>>()
    else {
        return false;
    };
    // The row groups on the engine's workers, each group's values checked to rise within it;
    // then each group's first value above the last of the group before.
    let workers = crate::engine::stream::worker_threads().min(chunks.len()).max(1);
    let path = &footer.path;
    let parts: Vec<Option<Vec<Group>>> = std::thread::scope(|scope| {
        let chunks = &chunks;
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                scope.spawn(move || {
                    let mut file = std::fs::File::open(path).ok()?;
                    let mut out = Vec::new();
                    for (i, chunk) in chunks.iter().enumerate().filter(|(i, _)| i % workers == w) {
                        let (ends, n) = rising_chunk(&mut file, chunk)?;
                        out.push((i, ends, n));
                    }
                    Some(out)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().ok().flatten()).collect()
    });
    let mut groups: Vec<Group> = Vec::new();
    for p in parts {
        let Some(p) = p else { return false };
        groups.extend(p);
    }
    groups.sort_by_key(|g| g.0);
    let mut last: Option<Vec<u8>> = None;
    let mut rows = 0usize;
    for (_, ends, n) in groups {
        rows += n;
        let Some((first, end)) = ends else { continue };
        if last.as_ref().is_some_and(|l| *l >= first) {
            return false;
        }
        last = Some(end);
    }
    rows == footer.meta.num_rows
}

/// A chunk's first and last key, none when it has no value.
type Ends = Option<(Vec<u8>, Vec<u8>)>;

/// A row group by its place in the file, its first and last key and its number of values.
type Group = (usize, Ends, usize);

/// The whitespace `str::trim` removes from ASCII text.
fn trim_ascii(v: &[u8]) -> &[u8] {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let start = v.iter().position(|b| !ws(b)).unwrap_or(v.len());
    let end = v.iter().rposition(|b| !ws(b)).map_or(start, |e| e + 1);
    &v[start..end]
}

/// The pages of a column chunk, its bytes read from `file`.
fn chunk_pages(file: &mut std::fs::File, chunk: &ColumnChunkMetadata) -> Option<PageReader> {
    let range = chunk.byte_range();
    let len = usize::try_from(range.end.checked_sub(range.start)?).ok()?;
    let mut bytes = vec![0u8; len];
    file.seek(SeekFrom::Start(range.start)).ok()?;
    file.read_exact(&mut bytes).ok()?;
    Some(PageReader::new_with_page_meta(
        std::io::Cursor::new(bytes.into()),
        PageMetaData::new(0, chunk.num_values(), chunk.compression(), chunk.descriptor().descriptor.clone()),
        Vec::new(),
        len.max(1 << 20),
    ))
}

/// Check that a chunk's text values (none missing) rise strictly: its first and last value (none
/// when it has no value) and the number of values, or `None` when a page is not plainly encoded,
/// a value does not rise or is not ASCII text.
fn rising_chunk(file: &mut std::fs::File, chunk: &ColumnChunkMetadata) -> Option<(Ends, usize)> {
    use polars_parquet::parquet::schema::types::PhysicalType as P;
    if chunk.descriptor().descriptor.primitive_type.physical_type != P::ByteArray {
        return None;
    }
    let (mut context, mut buffer, mut n) = (DecompressionContext::Unset, Vec::new(), 0usize);
    let (mut first, mut last): (Option<Vec<u8>>, Option<Vec<u8>>) = (None, None);
    for page in chunk_pages(file, chunk)? {
        let page = page.ok()?;
        if matches!(page, CompressedPage::Dict(_)) {
            return None;
        }
        let Page::Data(page) = decompress(page, &mut buffer, &mut context).ok()? else { return None };
        if page.encoding() != Encoding::Plain || page.null_count().is_some_and(|k| k > 0) {
            return None;
        }
        let count = page.num_values();
        if count == 0 {
            continue;
        }
        // Within the page, each value against the one before it, in place; the page against
        // the chunk's values before it.
        let values = plain_byte_arrays(split_buffer(&page).ok()?.values, count)?;
        let mut prev: Option<&[u8]> = last.as_deref();
        for v in &values {
            if !v.is_ascii() {
                return None;
            }
            let t = trim_ascii(v);
            if prev.is_some_and(|p| p >= t) {
                return None;
            }
            prev = Some(t);
        }
        first.get_or_insert_with(|| trim_ascii(values[0]).to_vec());
        last = prev.map(<[u8]>::to_vec);
        n += count;
    }
    if n as i64 != chunk.num_values() {
        return None;
    }
    Some((first.zip(last), n))
}

/// A value of a statistic, comparable within one column.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
enum Bound {
    Int(i64),
    Bytes(Vec<u8>),
}

/// Each row group's (minimum, maximum) of column `name`, when every group has them and no
/// missing value.
fn ranges(meta: &FileMetadata, name: &str) -> Option<Vec<(Bound, Bound)>> {
    let mut out = Vec::new();
    for rg in &meta.row_groups {
        let mut chunks = rg.columns_under_root_iter(name)?;
        if chunks.len() != 1 {
            return None;
        }
        let stats = chunks.next()?.statistics(&meta.footer_buf)?.ok()?;
        if null_count(&stats)? > 0 {
            return None;
        }
        out.push(match stats {
            Statistics::Int32(s) => (Bound::Int(s.min_value?.into()), Bound::Int(s.max_value?.into())),
            Statistics::Int64(s) => (Bound::Int(s.min_value?), Bound::Int(s.max_value?)),
            Statistics::Binary(s) => (Bound::Bytes(s.min_value?), Bound::Bytes(s.max_value?)),
            _ => return None,
        });
    }
    Some(out)
}

/// The counts of check `c` over every row group of the file, if the metadata settles them.
fn prove(file: &mut std::fs::File, meta: &FileMetadata, c: &Check, w: Want) -> Option<[u64; 5]> {
    let name = c.file_column.as_deref()?;
    let mut seen: FxHashSet<Vec<u8>> = FxHashSet::default();
    let mut rows = 0u64;
    for rg in &meta.row_groups {
        let mut chunks = rg.columns_under_root_iter(name)?;
        if chunks.len() != 1 {
            return None;
        }
        let chunk = chunks.next()?;
        let d = &chunk.descriptor().descriptor;
        if d.max_rep_level != 0 || chunk.num_values() != rg.num_rows() as i64 {
            return None;
        }
        rows += rg.num_rows() as u64;
        let stats = chunk.statistics(&meta.footer_buf)?.ok()?;
        // Only "none missing" is taken from a writer, and only from a chunk whose minimum and
        // maximum show it holds values: writers have counted missing values wrong both ways
        // (polars 0.55 counts a dictionary chunk's once per page; old arrow-rs wrote 0 for a
        // chunk of nothing but missing values). A count above zero reads the file, which it
        // needs for the rows anyway.
        if null_count(&stats)? != 0 || !has_min_max(&stats) || rg.num_rows() == 0 {
            return None;
        }
        match w {
            Want::Nulls => {}
            Want::Integers => {
                let (lo, hi) = match &stats {
                    Statistics::Int32(s) => (i64::from(s.min_value?), i64::from(s.max_value?)),
                    Statistics::Int64(s) => (s.min_value?, s.max_value?),
                    _ => return None,
                };
                // Every value lies in [lo, hi], and so does its float (the conversion keeps order).
                if let Some((min, max, positive)) = c.range
                    && ((lo as f64) < min || (hi as f64) > max || (positive && lo as f64 <= 0.0))
                {
                    return None;
                }
            }
            Want::Spellings => {
                if !matches!(stats, Statistics::Binary(_)) {
                    return None;
                }
                let entries = dictionary(file, chunk)?;
                if entries.is_empty() {
                    return None;
                }
                for s in entries {
                    if seen.insert(s.clone()) {
                        let s = std::str::from_utf8(&s).ok()?;
                        if verdict(c, s).0 != 0 {
                            return None;
                        }
                    }
                }
            }
        }
    }
    // Answered: nothing missing, unknown, total, not finite or out of range.
    (rows == meta.num_rows as u64).then_some([0; 5])
}

/// Whether a chunk's statistics give its minimum and maximum.
fn has_min_max(s: &Statistics) -> bool {
    match s {
        Statistics::Binary(s) => s.min_value.is_some() && s.max_value.is_some(),
        Statistics::Boolean(s) => s.min_value.is_some() && s.max_value.is_some(),
        Statistics::FixedLen(s) => s.min_value.is_some() && s.max_value.is_some(),
        Statistics::Int32(s) => s.min_value.is_some() && s.max_value.is_some(),
        Statistics::Int64(s) => s.min_value.is_some() && s.max_value.is_some(),
        Statistics::Int96(s) => s.min_value.is_some() && s.max_value.is_some(),
        Statistics::Float(s) => s.min_value.is_some() && s.max_value.is_some(),
        Statistics::Double(s) => s.min_value.is_some() && s.max_value.is_some(),
    }
}

/// A source the footer may speak for: one Parquet file, named as it is (polars reads a path
/// with glob characters as a pattern, which may match other files).
fn one_parquet_file(src: &Source) -> bool {
    src.format == Format::Parquet
        && src.path.is_file()
        && !src.path.to_string_lossy().contains(['*', '?', '['])
        && std::env::var_os("GDS_NO_FOOTER").is_none()
}

/// The missing values a chunk's statistics count.
fn null_count(s: &Statistics) -> Option<u64> {
    let n = match s {
        Statistics::Binary(s) => s.null_count,
        Statistics::Boolean(s) => s.null_count,
        Statistics::FixedLen(s) => s.null_count,
        Statistics::Int32(s) => s.null_count,
        Statistics::Int64(s) => s.null_count,
        Statistics::Int96(s) => s.null_count,
        Statistics::Float(s) => s.null_count,
        Statistics::Double(s) => s.null_count,
    }?;
    u64::try_from(n).ok()
}

/// The entries of a column chunk's dictionary, when every data page of it is dictionary-encoded
/// (its values are then entries of the dictionary); `None` otherwise.
fn dictionary(file: &mut std::fs::File, chunk: &ColumnChunkMetadata) -> Option<Vec<Vec<u8>>> {
    let pages = chunk_pages(file, chunk)?;
    let mut entries = None;
    let mut context = DecompressionContext::Unset;
    let mut buffer = Vec::new();
    for page in pages {
        match page.ok()? {
            CompressedPage::Data(p) => {
                if !p.header().is_dictionary_encoded() {
                    return None;
                }
            }
            dict @ CompressedPage::Dict(_) => {
                if entries.is_some() {
                    return None;
                }
                let Page::Dict(d) = decompress(dict, &mut buffer, &mut context).ok()? else { return None };
                entries = Some(
                    plain_byte_arrays(&d.buffer, d.num_values)?.into_iter().map(<[u8]>::to_vec).collect(),
                );
            }
        }
    }
    entries
}

/// `n` values of Parquet's PLAIN encoding of byte arrays (each a 4-byte little-endian length,
/// then its bytes), exactly filling `b`.
fn plain_byte_arrays(mut b: &[u8], n: usize) -> Option<Vec<&[u8]>> {
    let mut out = Vec::with_capacity(n.min(1 << 16));
    for _ in 0..n {
        let (len, rest) = b.split_first_chunk::<4>()?;
        let len = u32::from_le_bytes(*len) as usize;
        if rest.len() < len {
            return None;
        }
        out.push(&rest[..len]);
        b = &rest[len..];
    }
    b.is_empty().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_trimmed_as_text_is() {
        let ws = [" ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{1c}", "\u{1f}", ""];
        for a in ws {
            for b in ws {
                for core in ["", "P01", "a b", "\u{1c}x"] {
                    let s = format!("{a}{b}{core}{b}{a}");
                    assert_eq!(trim_ascii(s.as_bytes()), s.trim().as_bytes(), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn plain_byte_arrays_are_read_exactly() {
        let mut b = Vec::new();
        for s in ["F", "", "never-married"] {
            b.extend_from_slice(&(s.len() as u32).to_le_bytes());
            b.extend_from_slice(s.as_bytes());
        }
        let got = plain_byte_arrays(&b, 3).unwrap();
        assert_eq!(got, vec![b"F".to_vec(), Vec::new(), b"never-married".to_vec()]);
        assert_eq!(plain_byte_arrays(&b, 2), None, "bytes left over");
        assert_eq!(plain_byte_arrays(&b[..b.len() - 1], 3), None, "a value cut short");
        assert_eq!(plain_byte_arrays(&b, 4), None, "fewer values than the page says");
    }
}
