//! Screening: one streaming pass over a source that counts what every per-value check of
//! `validate` would find — missing values, unknown codes and unparsable values, `_T` in
//! records, numbers that are not finite or out of range, duplicated keys — so that clean data
//! cost one pass. Codes are mapped once per distinct spelling, as in the cube engine; a check
//! with a count above zero then runs its own query for the rows and values to report.

use crate::engine::polars::canonical;
use crate::engine::predicate::Held;
use crate::engine::spelling::Spellings;
use crate::error::ComputeError;
use gds_indicators::ColumnType;
use polars::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

/// One present column to screen.
#[derive(Debug, Clone)]
pub struct Check {
    /// Declared column name (the key of its counts).
    pub name: String,
    /// Declared type.
    pub kind: ColumnType,
    /// How it is held.
    pub held: Held,
    /// Zero-padding width from gds.toml.
    pub pad: Option<usize>,
    /// The source's explicit code map.
    pub explicit: Option<BTreeMap<String, String>>,
    /// Code-list spellings → code.
    pub aliases: BTreeMap<String, String>,
    /// Count `_T` (records only).
    pub total: bool,
    /// Count NaN and infinities.
    pub nan: bool,
    /// Range (lo, hi) and whether a value ≤ 0 is also out (survey weights).
    pub range: Option<(f64, f64, bool)>,
    /// Part of the dataset's key.
    pub key: bool,
    /// The raw text of the column, as written.
    pub raw: Expr,
    /// The file's column, when `raw` is that column as the file holds it (the file's own
    /// metadata may then answer the check: see [`super::footer`]).
    pub file_column: Option<String>,
    /// The parsed number (number columns).
    pub number: Option<Expr>,
    /// Whether the file holds the column as text (else only its missing values are read, and
    /// numbers as numbers).
    pub text_source: bool,
    /// A typed column whose number is missing exactly where the cell is (integers, or
    /// numbers read as numbers): no separate missing-value column is read. A whole-number
    /// column stored as floats is not (16.5 is no age: unparsable, not missing).
    pub nulls_from_number: bool,
    /// Collect the distinct spellings of this column with the row's period (the area column:
    /// the area check maps each pair once instead of grouping the file again).
    pub distinct: bool,
}

/// What a screening pass found.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Screened {
    /// Rows read.
    pub rows: u64,
    /// `null:<col>`, `bad:<col>`, `total:<col>`, `nan:<col>`, `range:<col>` → rows.
    pub counts: BTreeMap<String, u64>,
    /// Rows whose key (its hash) was seen before: 0 proves the keys unique; above 0 the exact
    /// query confirms (a 64-bit hash can collide).
    pub repeated_keys: u64,
    /// The distinct (trimmed spelling, period) pairs of the `distinct` column (the period
    /// `None` when missing, not whole, or the file has no period column); `None` when no
    /// column was collected.
    pub distinct: Option<Vec<(String, Option<i64>)>>,
    /// Per code or yes/no column, its spellings that are no value of it, with their rows
    /// (filled by a SQL engine's screening of a relation, whose rows gds cannot query).
    pub values: BTreeMap<String, Vec<(String, u64)>>,
    /// A pass that expected the keys in order ([`Local::sorted_keys`]) found them out of
    /// order: `repeated_keys` says nothing, and the keys are to be hashed in a pass of their
    /// own. Never stored.
    #[serde(skip)]
    pub keys_unchecked: bool,
}

/// What one worker counted.
#[derive(Default)]
pub struct Local {
    rows: u64,
    counts: Vec<[u64; 5]>,
    /// Per column: raw spelling → (verdict, hash of its canonical value, spelling number of a
    /// `distinct` column).
    cache: Vec<Spellings<(u8, u64, u32)>>,
    /// The `distinct` column's trimmed spellings, numbered.
    spellings: Vec<String>,
    spelling_ids: FxHashMap<String, u32>,
    /// (spelling number, period) pairs seen.
    pairs: FxHashSet<(u32, Option<i64>)>,
    /// The hash of every key, partitioned by its top bits (appends are cache-friendly; each
    /// partition is small enough to check in cache at the end).
    keys: Vec<Vec<u64>>,
    /// The numbers of the column being screened (memory reused from batch to batch).
    numbers: Vec<Option<f64>>,
    /// The rows' key hashes, the `distinct` column's spelling numbers and the rows' periods
    /// (memory reused from batch to batch: a fresh large vector per batch costs page faults).
    hashes: Vec<FxHasher>,
    spelling_of: Vec<u32>,
    period_of: Vec<Option<i64>>,
    /// Keys expected in strictly increasing order (no hashing): each batch's first and last
    /// key when its keys are, and whether a batch's were not.
    sorted_keys: bool,
    runs: Vec<Run>,
    out_of_order: bool,
    /// The checks with no key, for counting when the keys are checked by their order.
    unkeyed: Option<Vec<Check>>,
}

impl Local {
    /// A worker of a pass that expects the keys in strictly increasing order, as a file sorted
    /// by its key holds them (see [`super::footer::plan_keys`]): each batch is checked to
    /// be in order and only its first and last key are kept; batches in order whose ranges do
    /// not overlap prove the keys unique without hashing them. Any batch out of order leaves
    /// the keys to a pass of their own ([`Screened::keys_unchecked`]).
    pub fn sorted_keys() -> Local {
        Local { sorted_keys: true, ..Local::default() }
    }
}

/// The first and last key of a batch in order.
type Run = (Vec<KeyVal>, Vec<KeyVal>);

/// One value of a key, in the order the keys are checked in: numbers by their total order,
/// text (trimmed ASCII) by its bytes. Equal exactly when the hashes of the screening are.
#[derive(Debug, Clone, PartialEq)]
enum KeyVal {
    Num(f64),
    Text(String),
}

fn cmp_key(a: &[KeyVal], b: &[KeyVal]) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    for (x, y) in a.iter().zip(b) {
        let o = match (x, y) {
            (KeyVal::Num(x), KeyVal::Num(y)) => x.total_cmp(y),
            (KeyVal::Text(x), KeyVal::Text(y)) => x.as_str().cmp(y.as_str()),
            (KeyVal::Num(_), KeyVal::Text(_)) => Ordering::Less,
            (KeyVal::Text(_), KeyVal::Num(_)) => Ordering::Greater,
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

/// A key column of one batch, for checking the order of its rows.
enum KeyCol<'a> {
    Num(Vec<f64>),
    Text(Vec<&'a str>),
}

/// The first and last key of a batch (rows ≥ 1) whose keys are in strictly increasing order;
/// `None` when they are not, or a key is missing, not ASCII text, a code or padded (the
/// hashing pass decides those).
fn run_in_order(checks: &[Check], df: &DataFrame) -> Result<Option<Run>, ComputeError> {
    let e = || ComputeError::polars("screening a batch's keys");
    let mut cols = Vec::new();
    for (j, c) in checks.iter().enumerate().filter(|(_, c)| c.key) {
        if c.number.is_some() {
            let x = df.column(&format!("__n{j}")).and_then(|x| x.cast(&DataType::Float64)).map_err(e())?;
            let ca = x.f64().map_err(e())?;
            if ca.null_count() > 0 {
                return Ok(None);
            }
            let mut v = Vec::new();
            crate::engine::spelling::numbers(ca, &mut v);
            if v.iter().any(|x| x.is_nan()) {
                return Ok(None);
            }
            cols.push(KeyCol::Num(v));
        } else {
            if c.pad.is_some() || c.kind == ColumnType::Code || c.held != Held::Codes || !c.text_source {
                return Ok(None);
            }
            let Ok(ca) = df.column(&format!("__r{j}")).map_err(e())?.str() else { return Ok(None) };
            if ca.null_count() > 0 {
                return Ok(None);
            }
            let mut v: Vec<&str> = Vec::with_capacity(ca.len());
            for arr in ca.downcast_iter() {
                for k in 0..arr.len() {
                    let t = arr.value(k).trim();
                    if !t.is_ascii() {
                        return Ok(None);
                    }
                    v.push(t);
                }
            }
            cols.push(KeyCol::Text(v));
        }
    }
    let n = df.height();
    for i in 1..n {
        let mut o = std::cmp::Ordering::Equal;
        for c in &cols {
            o = match c {
                KeyCol::Num(v) => v[i - 1].total_cmp(&v[i]),
                KeyCol::Text(v) => v[i - 1].cmp(v[i]),
            };
            if o.is_ne() {
                break;
            }
        }
        if o.is_ge() {
            return Ok(None);
        }
    }
    let key = |i: usize| -> Vec<KeyVal> {
        cols.iter()
            .map(|c| match c {
                KeyCol::Num(v) => KeyVal::Num(v[i]),
                KeyCol::Text(v) => KeyVal::Text(v[i].to_string()),
            })
            .collect()
    };
    Ok(Some((key(0), key(n - 1))))
}

/// Key partitions (by the top `PART_BITS` bits of the hash).
const PART_BITS: u32 = 7;

const NULL: usize = 0;
const BAD: usize = 1;
const TOTAL: usize = 2;
const NAN: usize = 3;
const RANGE: usize = 4;

/// Count one number of column `c`: unparsable (`x` missing though something was `written`),
/// not finite, out of range; and add it to the row's key hash.
fn number(c: &Check, counts: &mut [u64; 5], x: Option<f64>, written: bool, hash: Option<&mut FxHasher>) {
    match x {
        None if written => counts[BAD] += 1,
        Some(x) if !x.is_finite() && c.nan => counts[NAN] += 1,
        Some(x) if !x.is_finite() => {}
        Some(x) => {
            if let Some((lo, hi, positive)) = c.range
                && (x < lo || x > hi || (positive && x <= 0.0))
            {
                counts[RANGE] += 1;
            }
        }
        None => {}
    }
    if c.key
        && let Some(h) = hash
    {
        x.map(f64::to_bits).hash(h);
    }
}

/// Count the typed numbers of column `c` (missing where the number is): missing, not finite,
/// out of range — as [`number`] would, value by value — and add each to its row's key hash.
fn typed_numbers(
    c: &Check,
    ca: &Float64Chunked,
    counts: &mut [u64; 5],
    mut hashes: Option<&mut Vec<FxHasher>>,
) {
    let (mut nulls, mut nan, mut out) = (0u64, 0u64, 0u64);
    let (lo, hi, positive) = c.range.unwrap_or((f64::NEG_INFINITY, f64::INFINITY, false));
    let mut i = 0;
    for (chunk, arr) in ca.chunks().iter().zip(ca.downcast_iter()) {
        let values: &[f64] = arr.values();
        let validity = chunk.validity().filter(|b| b.unset_bits() > 0);
        for (k, x) in values.iter().enumerate() {
            let present = validity.is_none_or(|b| b.get_bit(k));
            if !present {
                nulls += 1;
            } else if !x.is_finite() {
                nan += u64::from(c.nan);
            } else {
                out += u64::from(c.range.is_some() && (*x < lo || *x > hi || (positive && *x <= 0.0)));
            }
            if let Some(h) = hashes.as_deref_mut() {
                if present {
                    Some(x.to_bits()).hash(&mut h[i]);
                } else {
                    0u8.hash(&mut h[i]);
                }
            }
            i += 1;
        }
    }
    counts[NULL] += nulls;
    counts[NAN] += nan;
    counts[RANGE] += out;
}

/// The verdict on one spelling of a code or boolean column (0 a value or empty, 1 not a
/// value of the column, 2 the total code) and the hash of its canonical value (for keys).
pub(crate) fn verdict(c: &Check, s: &str) -> (u8, u64, u32) {
    let code = canonical(s, c.held, c.kind, c.pad, c.explicit.as_ref(), &c.aliases);
    let v = if s.trim().is_empty() {
        0
    } else {
        match &code {
            None => 1,
            Some(code) if code == gds_core::TOTAL_CODE => 2,
            Some(_) => 0,
        }
    };
    let mut h = FxHasher::default();
    code.hash(&mut h);
    (v, h.finish(), 0)
}

/// Screen one batch (with the columns of [`exprs`]) into a worker's counts and the shared keys.
pub fn process(checks: &[Check], st: &mut Local, df: &DataFrame) -> Result<(), ComputeError> {
    if st.sorted_keys && checks.iter().any(|c| c.key) {
        if !st.out_of_order && df.height() > 0 {
            match run_in_order(checks, df)? {
                Some(run) => st.runs.push(run),
                None => st.out_of_order = true,
            }
        }
        // Every other count as usual; the keys are not hashed.
        let unkeyed = match st.unkeyed.take() {
            Some(u) => u,
            None => checks.iter().cloned().map(|c| Check { key: false, ..c }).collect(),
        };
        let done = count(&unkeyed, st, df);
        st.unkeyed = Some(unkeyed);
        return done;
    }
    count(checks, st, df)
}

fn count(checks: &[Check], st: &mut Local, df: &DataFrame) -> Result<(), ComputeError> {
    let n = df.height();
    st.rows += n as u64;
    if st.counts.is_empty() {
        st.counts = vec![[0; 5]; checks.len()];
        st.cache = vec![Spellings::default(); checks.len()];
    }
    let has_keys = checks.iter().any(|c| c.key);
    let mut hashes = std::mem::take(&mut st.hashes);
    hashes.clear();
    if has_keys {
        hashes.resize(n, FxHasher::default());
    }
    let collect_distinct = checks.iter().any(|c| c.distinct);
    let mut spelling_of = std::mem::take(&mut st.spelling_of);
    spelling_of.clear();
    let mut period_of = std::mem::take(&mut st.period_of);
    period_of.clear();
    for (j, c) in checks.iter().enumerate() {
        let e = || ComputeError::polars("screening a batch");
        let rc = df.column(&format!("__r{j}")).ok();
        // Typed numbers, missing exactly where the number is: counted straight off the
        // arrays, in local counters (the common case: ages, years, amounts).
        if rc.is_none() && c.number.is_some() && !(collect_distinct && c.kind == ColumnType::Period) {
            let x = df.column(&format!("__n{j}")).and_then(|x| x.cast(&DataType::Float64)).map_err(e())?;
            let ca = x.f64().map_err(e())?;
            typed_numbers(c, ca, &mut st.counts[j], if c.key { Some(&mut hashes) } else { None });
            continue;
        }
        let numbers: Option<&[Option<f64>]> = match &c.number {
            Some(_) => {
                let x = df.column(&format!("__n{j}")).and_then(|x| x.cast(&DataType::Float64)).map_err(e())?;
                let ca = x.f64().map_err(e())?;
                // Missing (`None`) and not-finite values are told apart: NaN is a value here.
                crate::engine::spelling::optional_numbers(ca, &mut st.numbers);
                Some(&st.numbers)
            }
            None => None,
        };
        if collect_distinct && c.kind == ColumnType::Period {
            period_of.clear();
            match &numbers {
                Some(num) => period_of.extend(
                    num.iter().map(|x| x.filter(|x| x.is_finite() && x.fract() == 0.0).map(|x| x as i64)),
                ),
                None => period_of.resize(n, None),
            }
        }
        let counts = &mut st.counts[j];
        let Some(rc) = rc else {
            // Typed numbers: missing exactly where the number is (never unparsable).
            let num = numbers.as_ref().ok_or_else(|| {
                ComputeError::request(format!("screening column {:?}: no values read", c.name), None)
            })?;
            for (i, x) in num.iter().enumerate() {
                match x {
                    None => {
                        counts[NULL] += 1;
                        if c.key {
                            0u8.hash(&mut hashes[i]);
                        }
                    }
                    Some(_) => number(c, counts, *x, true, hashes.get_mut(i)),
                }
            }
            continue;
        };
        if rc.dtype() == &DataType::Boolean {
            // Not a text source: only whether the value is missing (typed numbers are checked
            // as numbers; typed booleans and numbers cannot be unparsable).
            let is_null = rc.bool().map_err(e())?;
            if numbers.is_none() && !c.key {
                counts[NULL] += is_null.sum().unwrap_or(0) as u64;
                continue;
            }
            for (i, is_null) in is_null.iter().enumerate() {
                if is_null == Some(true) {
                    counts[NULL] += 1;
                    if c.key {
                        0u8.hash(&mut hashes[i]);
                    }
                } else if let Some(num) = &numbers {
                    number(c, counts, num[i], true, hashes.get_mut(i));
                }
            }
            continue;
        }
        let raw = rc.str().map_err(e())?.clone();
        if c.distinct {
            spelling_of.clear();
            spelling_of.resize(n, u32::MAX);
            let (spellings, ids) = (&mut st.spellings, &mut st.spelling_ids);
            st.cache[j].each(
                &raw,
                |s| {
                    let t = s.trim();
                    let id = match ids.get(t) {
                        Some(id) => *id,
                        None => {
                            let id = spellings.len() as u32;
                            spellings.push(t.to_string());
                            ids.insert(t.to_string(), id);
                            id
                        }
                    };
                    (0, 0, if t.is_empty() { u32::MAX } else { id })
                },
                |i, v| {
                    if let Some((_, _, id)) = v {
                        spelling_of[i] = id;
                    }
                },
            );
        }
        if numbers.is_none() && (c.held != Held::Codes || matches!(c.kind, ColumnType::Code)) {
            // Codes and booleans as text: one verdict per distinct spelling.
            st.cache[j].each(
                &raw,
                |s| verdict(c, s),
                |i, v| match v {
                    None => {
                        counts[NULL] += 1;
                        if c.key {
                            0u8.hash(&mut hashes[i]);
                        }
                    }
                    Some((verdict, key_hash, _)) => {
                        match verdict {
                            1 => counts[BAD] += 1,
                            2 if c.total => counts[TOTAL] += 1,
                            _ => {}
                        }
                        if c.key {
                            hashes[i].write_u64(key_hash);
                        }
                    }
                },
            );
            continue;
        }
        if numbers.is_none() && !c.key {
            // Text and area columns: any value is a value; only missing ones are counted.
            counts[NULL] += raw.null_count() as u64;
            continue;
        }
        crate::engine::spelling::each_text(&raw, |i, v| {
            let Some(s) = v else {
                counts[NULL] += 1;
                if c.key {
                    0u8.hash(&mut hashes[i]);
                }
                return;
            };
            if let Some(num) = &numbers {
                number(c, counts, num[i], !s.trim().is_empty(), hashes.get_mut(i));
                return;
            }
            // Text and area key columns: the canonical text without allocating (trimmed,
            // NFC only when not ASCII).
            let t = s.trim();
            match c.pad {
                None if t.is_ascii() => Some(t).hash(&mut hashes[i]),
                _ => canonical(s, c.held, c.kind, c.pad, None, &c.aliases).hash(&mut hashes[i]),
            }
        });
    }
    if collect_distinct && !spelling_of.is_empty() {
        let mut last = None;
        for (r, id) in spelling_of.iter().enumerate() {
            if *id == u32::MAX {
                continue;
            }
            let pair = (*id, period_of.get(r).copied().flatten());
            if last != Some(pair) {
                st.pairs.insert(pair);
                last = Some(pair);
            }
        }
    }
    if has_keys {
        if st.keys.is_empty() {
            st.keys = vec![Vec::new(); 1 << PART_BITS];
        }
        for h in &hashes {
            let h = h.finish();
            st.keys[(h >> (64 - PART_BITS)) as usize].push(h);
        }
    }
    (st.hashes, st.spelling_of, st.period_of) = (hashes, spelling_of, period_of);
    Ok(())
}

/// The columns a screening pass reads, named for [`process`].
pub fn exprs(checks: &[Check]) -> Vec<Expr> {
    let mut exprs = Vec::new();
    for (j, c) in checks.iter().enumerate() {
        match (c.text_source, &c.number) {
            (true, _) => exprs.push(c.raw.clone().cast(DataType::String).alias(format!("__r{j}"))),
            // Typed numbers are missing where their number is: no second column.
            (false, Some(_)) if c.nulls_from_number => {}
            (false, _) => exprs.push(c.raw.clone().is_null().alias(format!("__r{j}"))),
        }
        if let Some(nu) = &c.number {
            exprs.push(nu.clone().cast(DataType::Float64).alias(format!("__n{j}")));
        }
    }
    exprs
}

/// What the workers of one pass found, together.
pub fn finish(checks: &[Check], mut locals: Vec<Local>) -> Screened {
    let (repeated_keys, keys_unchecked) = if locals.iter().any(|l| l.sorted_keys) {
        (0, !runs_apart(&mut locals))
    } else {
        (repeated(&mut locals), false)
    };
    let distinct = checks.iter().any(|c| c.distinct).then(|| {
        let mut all: std::collections::BTreeSet<(String, Option<i64>)> = Default::default();
        for l in &locals {
            for (id, p) in &l.pairs {
                all.insert((l.spellings[*id as usize].clone(), *p));
            }
        }
        all.into_iter().collect()
    });
    let mut rows = 0;
    let mut totals = vec![[0u64; 5]; checks.len()];
    for l in locals {
        rows += l.rows;
        for (t, k) in totals.iter_mut().zip(&l.counts) {
            for (a, b) in t.iter_mut().zip(k) {
                *a += b;
            }
        }
    }
    let mut counts = BTreeMap::new();
    for (c, k) in checks.iter().zip(&totals) {
        insert_counts(&mut counts, &c.name, k);
    }
    Screened { rows, counts, repeated_keys, distinct, values: BTreeMap::new(), keys_unchecked }
}

fn insert_counts(counts: &mut BTreeMap<String, u64>, name: &str, k: &[u64; 5]) {
    for (i, label) in ["null", "bad", "total", "nan", "range"].iter().enumerate() {
        counts.insert(format!("{label}:{name}"), k[i]);
    }
}

/// What a pass over `checks` found (`locals`, none when `checks` is empty and nothing was
/// read), with the counts of the checks the file's metadata answered (`proven`): the same
/// [`Screened`] as a pass over every check.
pub fn finish_with(checks: &[Check], locals: Vec<Local>, proven: &super::footer::Proven) -> Screened {
    let mut s = finish(checks, locals);
    if checks.is_empty()
        && let Some(rows) = proven.rows
    {
        s.rows = rows;
    }
    for (name, k) in &proven.counts {
        insert_counts(&mut s.counts, name, k);
    }
    s
}

/// Whether every batch of every worker had its keys in order and no two batches' ranges of
/// keys overlap: then no key is repeated.
fn runs_apart(locals: &mut [Local]) -> bool {
    if locals.iter().any(|l| l.out_of_order) {
        return false;
    }
    let mut runs: Vec<Run> = locals.iter_mut().flat_map(|l| std::mem::take(&mut l.runs)).collect();
    runs.sort_by(|a, b| cmp_key(&a.0, &b.0));
    runs.windows(2).all(|w| cmp_key(&w[0].1, &w[1].0).is_lt())
}

/// Keys whose hash was seen before, over every worker: each partition sorted on its own.
fn repeated(locals: &mut [Local]) -> u64 {
    let parts = locals.iter().map(|l| l.keys.len()).max().unwrap_or(0);
    let mut repeated = 0;
    let mut all: Vec<u64> = Vec::new();
    for p in 0..parts {
        all.clear();
        for l in locals.iter_mut() {
            if let Some(k) = l.keys.get_mut(p) {
                all.append(k);
                *k = Vec::new();
            }
        }
        all.sort_unstable();
        repeated += all.windows(2).filter(|w| w[0] == w[1]).count() as u64;
    }
    repeated
}

/// Screen `frame` (the file's own columns of `src`, whose polars schema is `schema`) with
/// `checks`, on the engine's worker threads: the checks the file's own metadata answers
/// ([`super::footer`]) are not read value by value. The same [`Screened`] as [`screen`].
pub fn screen_source(
    src: &crate::project::Source,
    schema: &Schema,
    frame: LazyFrame,
    checks: Vec<Check>,
    what: &str,
) -> Result<Screened, ComputeError> {
    let footer = super::footer::Footer::read(src);
    let (mut checks, mut proven) = super::footer::split(src, footer.as_ref(), schema, checks);
    let keys = super::footer::plan_keys(src, footer.as_ref(), schema, &mut checks, &mut proven);
    if checks.is_empty() && proven.rows.is_some() {
        return Ok(finish_with(&checks, Vec::new(), &proven));
    }
    let make = if keys == super::footer::Keys::Ordered { Local::sorted_keys } else { Local::default };
    let locals = pass(frame.clone(), &checks, what, make)?;
    let mut s = finish_with(&checks, locals, &proven);
    settle_keys(&mut s, frame, &checks)?;
    Ok(s)
}

/// Keys a pass expected in order and found out of order ([`Screened::keys_unchecked`]):
/// hashed in a pass of their own over `frame` (the file's own columns).
pub fn settle_keys(s: &mut Screened, frame: LazyFrame, checks: &[Check]) -> Result<(), ComputeError> {
    if s.keys_unchecked {
        let keys: Vec<Check> = checks.iter().filter(|c| c.key).cloned().collect();
        s.repeated_keys = screen(frame, keys, "checking keys")?.repeated_keys;
        s.keys_unchecked = false;
    }
    Ok(())
}

/// One pass of `checks` over `frame` on the engine's worker threads, each worker made by `make`.
fn pass(
    frame: LazyFrame,
    checks: &[Check],
    what: &str,
    make: fn() -> Local,
) -> Result<Vec<Local>, ComputeError> {
    let t = std::time::Instant::now();
    let done = crate::engine::stream::for_each_batch(
        frame.select(exprs(checks)),
        make,
        |st, df| process(checks, st, df),
        what,
    )?;
    if std::env::var_os("GDS_PROFILE").is_some() {
        eprintln!(
            "{:>8.3} s  {what} ({:.3} s in the workers)",
            t.elapsed().as_secs_f64(),
            done.busy.as_secs_f64()
        );
    }
    Ok(done.states)
}

/// Screen `frame` (the file's own columns) with `checks`, value by value, on the engine's
/// worker threads.
pub fn screen(frame: LazyFrame, checks: Vec<Check>, what: &str) -> Result<Screened, ComputeError> {
    let locals = pass(frame, &checks, what, Local::default)?;
    Ok(finish(&checks, locals))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str) -> Vec<KeyVal> {
        vec![KeyVal::Text(id.into()), KeyVal::Num(2024.0)]
    }

    fn worker(runs: &[(&str, &str)]) -> Local {
        let mut l = Local::sorted_keys();
        l.runs = runs.iter().map(|(a, b)| (key(a), key(b))).collect();
        l
    }

    #[test]
    fn ordered_batches_prove_unique_keys_only_when_their_ranges_are_apart() {
        // Two workers, batches in any order: ranges apart.
        let mut ok = vec![worker(&[("P005", "P009"), ("P000", "P004")]), worker(&[("P010", "P012")])];
        assert!(runs_apart(&mut ok));
        // A batch starting at the key another ended with: a possible repeat.
        let mut touching = vec![worker(&[("P000", "P004")]), worker(&[("P004", "P008")])];
        assert!(!runs_apart(&mut touching));
        // Overlapping ranges (the same key may be in both).
        let mut overlap = vec![worker(&[("P000", "P006"), ("P005", "P009")])];
        assert!(!runs_apart(&mut overlap));
        // A batch out of order anywhere: unchecked.
        let mut unordered = vec![worker(&[("P000", "P004")]), Local { out_of_order: true, ..worker(&[]) }];
        assert!(!runs_apart(&mut unordered));
        // Numbers by their value, then text.
        assert!(cmp_key(&[KeyVal::Num(9.0)], &[KeyVal::Num(10.0)]).is_lt());
        assert!(cmp_key(&key("P1"), &key("P1")).is_eq());
    }

    #[test]
    fn a_batch_is_in_order_only_when_every_key_rises() {
        let check = |name: &str, number: bool| Check {
            name: name.into(),
            kind: if number { ColumnType::Period } else { ColumnType::Text },
            held: if number { Held::Numbers } else { Held::Codes },
            pad: None,
            explicit: None,
            aliases: BTreeMap::new(),
            total: false,
            nan: false,
            range: None,
            key: true,
            raw: col(name),
            file_column: Some(name.into()),
            number: number.then(|| col(name)),
            text_source: !number,
            nulls_from_number: number,
            distinct: false,
        };
        let checks = vec![check("person_id", false), check("period", true)];
        let batch = |ids: &[&str], periods: &[f64]| {
            df! { "__r0" => ids.to_vec(), "__n1" => periods.to_vec() }.unwrap()
        };
        let run = run_in_order(&checks, &batch(&["A1", " A2", "B0"], &[2024.0, 2024.0, 2024.0])).unwrap();
        assert_eq!(
            run,
            Some((
                vec![KeyVal::Text("A1".into()), KeyVal::Num(2024.0)],
                vec![KeyVal::Text("B0".into()), KeyVal::Num(2024.0)]
            ))
        );
        // The same person in two periods, in order of (id, period).
        assert!(run_in_order(&checks, &batch(&["A1", "A1"], &[2023.0, 2024.0])).unwrap().is_some());
        // A repeated key, a key lower than the one before, text not ASCII: not in order.
        assert_eq!(run_in_order(&checks, &batch(&["A1", "A1 "], &[2024.0, 2024.0])).unwrap(), None);
        assert_eq!(run_in_order(&checks, &batch(&["A2", "A1"], &[2024.0, 2024.0])).unwrap(), None);
        assert_eq!(run_in_order(&checks, &batch(&["Á1", "Á2"], &[2024.0, 2024.0])).unwrap(), None);
    }
}
