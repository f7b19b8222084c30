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

/// Split `checks` into those the metadata of `src` (a Parquet file, with polars' `schema` of
/// it) answers and the rest, to screen value by value. Any other source, or a file whose footer
/// cannot be read, keeps every check (the read reports what is wrong with it).
pub fn split(src: &Source, schema: &Schema, checks: Vec<Check>) -> (Vec<Check>, Proven) {
    let mut proven = Proven::default();
    if !one_parquet_file(src) {
        return (checks, proven);
    }
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
    let Ok(mut file) = std::fs::File::open(&src.path) else { return (checks, proven) };
    let Ok(meta) = read_metadata(&mut file) else { return (checks, proven) };
    proven.rows = Some(meta.num_rows as u64);
    let mut rest = Vec::new();
    for (c, w) in checks.into_iter().zip(wants) {
        let answer = w.and_then(|w| prove(&mut file, &meta, &c, w));
        match answer {
            Some(counts) => proven.counts.push((c.name.clone(), counts)),
            None => rest.push(c),
        }
    }
    (rest, proven)
}

/// Whether the key of `src` (a Parquet file) looks sorted by its row groups' statistics: every
/// key column but at most one holds one value throughout, and the ranges of that one rise from
/// row group to row group without overlapping. Only a hint for choosing how the screening
/// checks the keys ([`super::screen::Local::sorted_keys`]): that pass checks the order of every
/// row, and keys out of order are hashed in a pass of their own.
pub fn keys_in_order(src: &Source, schema: &Schema, checks: &[Check]) -> bool {
    let keys: Vec<&Check> = checks.iter().filter(|c| c.key).collect();
    if keys.is_empty() || !one_parquet_file(src) {
        return false;
    }
    // Only keys the ordered pass compares: integers, and text or area columns as written.
    let comparable = keys.iter().all(|c| {
        let dtype = c.file_column.as_deref().and_then(|f| schema.get(f));
        match (&c.number, dtype) {
            (Some(_), Some(d)) => !c.text_source && d.is_signed_integer(),
            (None, Some(DataType::String)) => {
                c.text_source && c.held == Held::Codes && c.kind != ColumnType::Code && c.pad.is_none()
            }
            _ => false,
        }
    });
    if !comparable {
        return false;
    }
    let Ok(mut file) = std::fs::File::open(&src.path) else { return false };
    let Ok(meta) = read_metadata(&mut file) else { return false };
    let mut moving = 0;
    for c in keys {
        let Some(ranges) = c.file_column.as_deref().and_then(|f| ranges(&meta, f)) else { return false };
        let constant = ranges.iter().all(|(lo, hi)| lo == hi && *lo == ranges[0].0);
        if constant {
            continue;
        }
        moving += 1;
        if moving > 1 || !ranges.windows(2).all(|w| w[0].1 < w[1].0) {
            return false;
        }
    }
    true
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
pub fn plan_keys(src: &Source, schema: &Schema, checks: &mut Vec<Check>, proven: &mut Proven) -> Keys {
    if !checks.iter().any(|c| c.key) || std::env::var_os("GDS_NO_FOOTER").is_some() {
        return Keys::Hashed;
    }
    let t = std::time::Instant::now();
    let rising = key_rising_in_pages(src, schema, checks);
    if std::env::var_os("GDS_PROFILE").is_some() {
        eprintln!(
            "{:>8.3} s  the key of {} by its pages: {rising:?}",
            t.elapsed().as_secs_f64(),
            src.display
        );
    }
    if let Some(rising) = rising {
        for c in checks.iter_mut() {
            c.key = false;
        }
        if let Some(i) = checks.iter().position(|c| c.name == rising && c.number.is_none() && !c.distinct) {
            let c = checks.remove(i);
            proven.counts.push((c.name, [0; 5]));
        }
        if proven.rows.is_none()
            && let Ok(meta) = std::fs::File::open(&src.path)
                .map_err(|_| ())
                .and_then(|mut f| read_metadata(&mut f).map_err(|_| ()))
        {
            proven.rows = Some(meta.num_rows as u64);
        }
        return Keys::Pages;
    }
    if keys_in_order(src, schema, checks) { Keys::Ordered } else { Keys::Hashed }
}

/// The key column whose values, read straight from the file's pages, prove the key unique:
/// the statistics show every other key column holding one value throughout (and none
/// missing), and this one's values, text written plainly, rise strictly through the whole file
/// (trimmed ASCII text by its bytes, as the hashes of the screening tell keys apart). Then no key repeats, without polars decoding the column.
/// `None` when that is not shown (the screening then checks the keys itself).
pub fn key_rising_in_pages(src: &Source, schema: &Schema, checks: &[Check]) -> Option<String> {
    // Missing-value tokens make some written identifiers empty cells (missing, and equal to
    // each other) before the checks see them: the pages would not tell.
    if !src.def.missing.is_empty() || !keys_in_order(src, schema, checks) {
        return None;
    }
    let mut file = std::fs::File::open(&src.path).ok()?;
    let meta = read_metadata(&mut file).ok()?;
    let mut moving = None;
    for c in checks.iter().filter(|c| c.key) {
        let name = c.file_column.as_deref()?;
        let r = ranges(&meta, name)?;
        if !r.iter().all(|(lo, hi)| lo == hi && *lo == r[0].0) {
            moving = Some(c);
        }
    }
    let c = moving?;
    let name = c.file_column.as_deref()?;
    let chunks: Vec<&ColumnChunkMetadata> =
        meta.row_groups.iter().map(|rg| rg.columns_under_root_iter(name)?.next()).collect::<Option<_>>()?;
    // The row groups on the engine's workers, each group's values checked to rise within it;
    // then each group's first value above the last of the group before.
    let workers = crate::engine::stream::worker_threads().min(chunks.len()).max(1);
    let path = &src.path;
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
        groups.extend(p?);
    }
    groups.sort_by_key(|g| g.0);
    let mut last: Option<Rising> = None;
    let mut rows = 0usize;
    for (_, ends, n) in groups {
        rows += n;
        let Some((first, end)) = ends else { continue };
        if last.as_ref().is_some_and(|l| !rises(l, &first)) {
            return None;
        }
        last = Some(end);
    }
    (rows == meta.num_rows).then(|| c.name.clone())
}

/// A row group by its place in the file: its first and last key (none without a value) and
/// its number of values.
type Group = (usize, Option<(Rising, Rising)>, usize);

/// A value of a rising key column.
#[derive(Debug, Clone, PartialEq)]
enum Rising {
    Text(Vec<u8>),
}

/// Whether `b` is above `a`.
fn rises(a: &Rising, b: &Rising) -> bool {
    match (a, b) {
        (Rising::Text(a), Rising::Text(b)) => a < b,
    }
}

/// The whitespace `str::trim` removes from ASCII text.
fn trim_ascii(v: &[u8]) -> &[u8] {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let start = v.iter().position(|b| !ws(b)).unwrap_or(v.len());
    let end = v.iter().rposition(|b| !ws(b)).map_or(start, |e| e + 1);
    &v[start..end]
}

/// Check that a chunk's text values (none missing) rise strictly: its first and last value (none
/// when it has no value) and the number of values, or `None` when a page is not plainly encoded,
/// a value does not rise or is not ASCII text.
fn rising_chunk(
    file: &mut std::fs::File,
    chunk: &ColumnChunkMetadata,
) -> Option<(Option<(Rising, Rising)>, usize)> {
    let range = chunk.byte_range();
    let len = usize::try_from(range.end.checked_sub(range.start)?).ok()?;
    let mut bytes = vec![0u8; len];
    file.seek(SeekFrom::Start(range.start)).ok()?;
    file.read_exact(&mut bytes).ok()?;
    let d = &chunk.descriptor().descriptor;
    let physical = d.primitive_type.physical_type;
    let pages = PageReader::new_with_page_meta(
        std::io::Cursor::new(bytes.into()),
        PageMetaData::new(0, chunk.num_values(), chunk.compression(), d.clone()),
        Vec::new(),
        len.max(1 << 20),
    );
    let (mut context, mut buffer, mut n) = (DecompressionContext::Unset, Vec::new(), 0usize);
    let (mut first, mut last): (Option<Rising>, Option<Rising>) = (None, None);
    use polars_parquet::parquet::schema::types::PhysicalType as P;
    for page in pages {
        let page = page.ok()?;
        if matches!(page, CompressedPage::Dict(_)) {
            return None;
        }
        let Page::Data(page) = decompress(page, &mut buffer, &mut context).ok()? else { return None };
        if page.encoding() != Encoding::Plain || page.null_count().is_some_and(|k| k > 0) {
            return None;
        }
        let values = split_buffer(&page).ok()?.values;
        let count = page.num_values();
        if count == 0 {
            continue;
        }
        let (lo, hi) = match physical {
            P::ByteArray => {
                // Within the page, each value against the one before it, in place.
                let mut b = values;
                let mut prev: Option<&[u8]> = None;
                let mut head: Option<&[u8]> = None;
                for _ in 0..count {
                    let (l, rest) = b.split_first_chunk::<4>()?;
                    let l = u32::from_le_bytes(*l) as usize;
                    let v = rest.get(..l)?;
                    b = &rest[l..];
                    if !v.is_ascii() {
                        return None;
                    }
                    let t = trim_ascii(v);
                    if prev.is_some_and(|p| p >= t) {
                        return None;
                    }
                    head.get_or_insert(t);
                    prev = Some(t);
                }
                (Rising::Text(head?.to_vec()), Rising::Text(prev?.to_vec()))
            }
            _ => return None,
        };
        if last.as_ref().is_some_and(|l| !rises(l, &lo)) {
            return None;
        }
        first.get_or_insert(lo);
        last = Some(hi);
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
    let range = chunk.byte_range();
    let len = usize::try_from(range.end.checked_sub(range.start)?).ok()?;
    let mut bytes = vec![0u8; len];
    file.seek(SeekFrom::Start(range.start)).ok()?;
    file.read_exact(&mut bytes).ok()?;
    let pages = PageReader::new_with_page_meta(
        std::io::Cursor::new(bytes.into()),
        PageMetaData::new(0, chunk.num_values(), chunk.compression(), chunk.descriptor().descriptor.clone()),
        Vec::new(),
        len.max(1 << 20),
    );
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
                entries = Some(plain_byte_arrays(&d.buffer, d.num_values)?);
            }
        }
    }
    entries
}

/// `n` values of Parquet's PLAIN encoding of byte arrays (each a 4-byte little-endian length,
/// then its bytes), exactly filling `b`.
fn plain_byte_arrays(mut b: &[u8], n: usize) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::with_capacity(n.min(1 << 16));
    for _ in 0..n {
        let (len, rest) = b.split_first_chunk::<4>()?;
        let len = u32::from_le_bytes(*len) as usize;
        if rest.len() < len {
            return None;
        }
        out.push(rest[..len].to_vec());
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
