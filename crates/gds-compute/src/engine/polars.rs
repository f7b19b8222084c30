//! The polars engine: polars streams and decodes each source; gds encodes and accumulates.
//!
//! Per source, polars reads only the columns the cube needs, in batches, on its streaming
//! engine (numbers parsed as the source declares). Each batch is then, in gds:
//!
//! 1. **encoded once per distinct value**: a code column's raw text is normalised and mapped
//!    (explicit `codes`, the code list's aliases, zero-padding) the first time a spelling is
//!    seen; every later row costs one hash lookup to a small integer;
//! 2. **filtered by compiled predicates**: each distinct filter of the request, compiled once,
//!    is evaluated column-wise into one bit of the row's signature;
//! 3. **accumulated exactly**: one hash map keyed by (period, area, breakdown codes, signature)
//!    adds n and the fixed-point weighted moments as integers.
//!
//! Batches go to a small pool of accumulators (one per thread that delivers batches); their
//! cubes are merged at the end. Integer sums make the result independent of batch order,
//! thread count and chunking. Memory is bounded by the cube, never by the rows.

use super::CubeSpec;
use super::predicate::{self, BatchColumn, Bound, Held, NULL_ID, Pred, Signer};
use super::spelling::Spellings;
use crate::error::ComputeError;
use crate::plan::Dim;
use crate::project::{Project, Source};
use gds_core::TOTAL_CODE;
use gds_cube::{CellKey, Cube, Moment};
use gds_indicators::{Catalogue, ColumnType, Dataset};
use polars::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The axis id of a row whose period is none the request asks for (another granularity, an
/// impossible date): the row is skipped.
const NO_PERIOD: u32 = u32::MAX;

/// Label of a missing or unknown code on a cube axis.
pub const UNKNOWN: &str = "?";

/// One column the cube needs.
#[derive(Debug, Clone)]
pub(super) struct Needed {
    pub(super) name: String,
    pub(super) held: Held,
    pub(super) kind: ColumnType,
    pub(super) codelist: Option<Vec<String>>,
    /// A column of the file that is no declared column (a count table's count of units).
    pub(super) file: Option<String>,
}

/// How a breakdown axis gets its code.
#[derive(Debug, Clone)]
pub(super) enum AxisFrom {
    /// The code of column `col` (dictionary id; `?` for missing).
    Column(usize),
    /// The bin of number column `col`: `table[age]` for whole ages, else the bins in order.
    Bins { col: usize, bins: Vec<(Option<u16>, Option<u16>)>, table: Vec<u32> },
    /// The period (numbers → text).
    Period(usize),
}

/// Everything a source's accumulators share.
pub(super) struct Shared {
    pub(super) needed: Vec<Needed>,
    pub(super) axes: Vec<(String, AxisFrom)>,
    pub(super) preds: Vec<Pred>,
    pub(super) weight: Option<usize>,
    /// The count column of a count table: each row stands for that many units, each of
    /// weight one (so n is the number of units counted, not of cells).
    pub(super) frequency: Option<usize>,
    pub(super) values: Vec<(usize, Moment)>,
    pub(super) moments: Vec<(Moment, u32)>,
    pub(super) drop_total: Vec<usize>,
    pub(super) periods: Option<Vec<i64>>,
    /// How the period column's codes (years, halves, quarters, dates) become the cube's
    /// periods: the request's granularity and the project's calendar.
    pub(super) regroup: (Option<gds_core::Granularity>, gds_core::Calendar),
    /// Per needed column: aliases (folded spelling → code), explicit map, pad width.
    pub(super) aliases: Vec<BTreeMap<String, String>>,
    pub(super) explicit: Vec<Option<BTreeMap<String, String>>>,
    pub(super) pad: Vec<Option<usize>>,
    pub(super) dataset: String,
    /// Per bins axis: the bins' codes.
    pub(super) bin_codes: BTreeMap<usize, Vec<String>>,
}

/// A growing or fixed dictionary of codes.
#[derive(Debug, Clone, Default)]
struct Dict {
    codes: Vec<String>,
    index: FxHashMap<String, u32>,
    fixed: bool,
}

impl Dict {
    fn fixed(codes: &[String]) -> Dict {
        let mut d = Dict::default();
        for c in codes {
            d.insert(c);
        }
        d.fixed = true;
        d
    }

    fn insert(&mut self, c: &str) -> u32 {
        if let Some(i) = self.index.get(c) {
            return *i;
        }
        let i = self.codes.len() as u32;
        self.codes.push(c.to_string());
        self.index.insert(c.to_string(), i);
        i
    }

    fn id(&mut self, c: &str) -> Option<u32> {
        if self.fixed { self.index.get(c).copied() } else { Some(self.insert(c)) }
    }
}

/// One accumulator: dictionaries, the raw-spelling caches of this source, bound predicates
/// and the exact sums.
struct Acc {
    shared: Arc<Shared>,
    dicts: Vec<Dict>,
    raw: Vec<Spellings<u32>>,
    signer: Signer,
    axis_dicts: Vec<Dict>,
    slots: FxHashMap<(u128, u128), u32>,
    sums: Vec<i128>,
    /// The first value with more decimals than its column declares: (column, value, decimals).
    excess: Option<(String, f64, u32)>,
    /// The first count of a count table that is not a whole number ≥ 0: (column, value).
    bad_count: Option<(String, f64)>,
    /// Per-batch buffers, kept from batch to batch (fresh memory per batch costs page faults).
    buf: Buffers,
}

/// The per-row vectors of one batch: codes and numbers per needed column, signatures, axis
/// codes.
#[derive(Default)]
struct Buffers {
    codes: Vec<Vec<u32>>,
    nums: Vec<Vec<f64>>,
    sig: Vec<u128>,
    axis_ids: Vec<Vec<u32>>,
    /// Rows per cell slot in this batch (records without weights or values).
    counts: Vec<u64>,
}

fn zfill(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        return s.to_string();
    }
    let (sign, digits) = match s.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", s),
    };
    format!("{sign}{}{digits}", "0".repeat(w - n))
}

/// The canonical value of a raw spelling, as the mapping defines it (`None`: not a value of
/// the column): trimmed, zero-padded to `pad`; codes through the source's explicit `codes`
/// map, then the code list's aliases (NFC, lower case); booleans from yes/no words; text NFC.
pub fn canonical(
    raw: &str,
    held: Held,
    kind: ColumnType,
    pad: Option<usize>,
    explicit: Option<&BTreeMap<String, String>>,
    aliases: &BTreeMap<String, String>,
) -> Option<String> {
    let mut s = raw.trim().to_string();
    if let Some(w) = pad {
        s = zfill(&s, w);
    }
    match (held, kind) {
        (Held::Booleans, _) => {
            let l = s.to_lowercase();
            if crate::mapping::TRUE_WORDS.contains(&l.as_str()) {
                Some("true".into())
            } else if crate::mapping::FALSE_WORDS.contains(&l.as_str()) {
                Some("false".into())
            } else {
                None
            }
        }
        (_, ColumnType::Code) => explicit
            .and_then(|m| m.get(&s).cloned())
            .or_else(|| aliases.get(&gds_core::nfc(&s).to_lowercase()).cloned()),
        _ if s.is_ascii() => Some(s),
        _ => Some(gds_core::nfc(&s)),
    }
}

impl Acc {
    fn new(shared: Arc<Shared>) -> Acc {
        let mut dicts: Vec<Dict> = shared
            .needed
            .iter()
            .map(|n| match (&n.codelist, n.held) {
                (_, Held::Booleans) => Dict::fixed(&["false".into(), "true".into()]),
                (Some(cl), _) => Dict::fixed(cl),
                (None, _) => Dict::default(),
            })
            .collect();
        let bound: Vec<Bound> =
            shared.preds.iter().map(|p| p.bind(&mut |col, code| dicts[col].id(code))).collect();
        let held: Vec<Held> = shared.needed.iter().map(|n| n.held).collect();
        let signer = Signer::new(&bound, &held);
        let axis_dicts = vec![Dict::default(); shared.axes.len()];
        let raw = vec![Spellings::default(); shared.needed.len()];
        Acc {
            shared,
            dicts,
            raw,
            signer,
            axis_dicts,
            slots: FxHashMap::default(),
            sums: Vec::new(),
            excess: None,
            bad_count: None,
            buf: Buffers::default(),
        }
    }

    /// The canonical code of a raw spelling of needed column `j`, as a dictionary id.
    fn encode_new(&mut self, j: usize, raw: &str) -> u32 {
        let sh = &self.shared;
        let n = &sh.needed[j];
        let canonical = canonical(raw, n.held, n.kind, sh.pad[j], sh.explicit[j].as_ref(), &sh.aliases[j]);
        canonical.and_then(|c| self.dicts[j].id(&c)).unwrap_or(NULL_ID)
    }

    /// The dictionary ids of text column `col` (needed column `j`) into `out`.
    fn encode(&mut self, j: usize, col: &Column, out: &mut Vec<u32>) -> Result<(), ComputeError> {
        let ca = col.str().map_err(ComputeError::polars("reading a batch"))?;
        out.clear();
        out.resize(ca.len(), NULL_ID);
        let mut raw = std::mem::take(&mut self.raw[j]);
        raw.each(ca, |s| self.encode_new(j, s), |i, id| out[i] = id.unwrap_or(NULL_ID));
        self.raw[j] = raw;
        Ok(())
    }

    fn process(&mut self, df: &DataFrame) -> Result<(), ComputeError> {
        let n = df.height();
        if n == 0 {
            return Ok(());
        }
        let sh = self.shared.clone();
        let mut buf = std::mem::take(&mut self.buf);
        let result = self.process_into(&sh, df, n, &mut buf);
        self.buf = buf;
        result
    }

    /// [`Acc::process`] with the batch's vectors in `buf`.
    fn process_into(
        &mut self,
        sh: &Shared,
        df: &DataFrame,
        n: usize,
        buf: &mut Buffers,
    ) -> Result<(), ComputeError> {
        let k = sh.needed.len();
        buf.codes.resize_with(k, Vec::new);
        buf.nums.resize_with(k, Vec::new);
        for (j, need) in sh.needed.iter().enumerate() {
            let c = df.column(&format!("__c{j}")).map_err(ComputeError::polars("reading a batch"))?;
            match need.held {
                Held::Numbers => {
                    let c = c.cast(&DataType::Float64).map_err(ComputeError::polars("reading a batch"))?;
                    let ca = c.f64().map_err(ComputeError::polars("reading a batch"))?;
                    super::spelling::numbers(ca, &mut buf.nums[j]);
                }
                Held::Booleans if c.dtype() == &DataType::Boolean => {
                    let ca = c.bool().map_err(ComputeError::polars("reading a batch"))?;
                    let (f, t) = (self.dicts[j].index["false"], self.dicts[j].index["true"]);
                    super::spelling::booleans(ca, f, t, NULL_ID, &mut buf.codes[j]);
                }
                _ => self.encode(j, c, &mut buf.codes[j])?,
            }
        }
        let (codes, nums) = (&buf.codes, &buf.nums);
        let cols: Vec<BatchColumn<'_>> = sh
            .needed
            .iter()
            .enumerate()
            .map(|(j, need)| match need.held {
                Held::Numbers => BatchColumn::Numbers(&nums[j]),
                _ => BatchColumn::Codes(&codes[j]),
            })
            .collect();
        // Signatures.
        let sig = &mut buf.sig;
        sig.clear();
        sig.resize(n, 0);
        self.signer.sign(&cols, n, sig);
        // Rows kept: a period, one of the requested ones, and not a `_T` total row.
        let period_col = match &sh.axes[0].1 {
            AxisFrom::Period(c) => *c,
            _ => unreachable!("the first axis is the period"),
        };
        let total_ids: Vec<(usize, u32)> = sh
            .drop_total
            .iter()
            .filter_map(|c| self.dicts[*c].index.get(TOTAL_CODE).map(|t| (*c, *t)))
            .collect();
        // Axis codes per row.
        buf.axis_ids.resize_with(sh.axes.len(), Vec::new);
        for (a, (_, from)) in sh.axes.iter().enumerate() {
            let d = &mut self.axis_dicts[a];
            let unknown = d.insert(UNKNOWN);
            let ids = &mut buf.axis_ids[a];
            ids.clear();
            match from {
                AxisFrom::Period(c) => {
                    // Per distinct value: a year, half or quarter, or a date the calendar
                    // assigns; a period of another granularity is no period of this request.
                    let (g, calendar) = sh.regroup;
                    let mut cache: FxHashMap<i64, u32> = FxHashMap::default();
                    ids.extend(nums[*c].iter().map(|x| {
                        if x.is_nan() {
                            unknown
                        } else {
                            let p = *x as i64;
                            *cache.entry(p).or_insert_with(|| match gds_core::regroup(p, g, calendar) {
                                Some(code) => d.insert(&gds_core::Period::label(code)),
                                None => NO_PERIOD,
                            })
                        }
                    }))
                }
                AxisFrom::Column(c) => {
                    let dict = &self.dicts[*c];
                    let mut map: Vec<u32> = Vec::new();
                    ids.extend(codes[*c].iter().map(|id| {
                        if *id == NULL_ID {
                            return unknown;
                        }
                        let i = *id as usize;
                        if i >= map.len() {
                            map.resize(dict.codes.len().max(i + 1), u32::MAX);
                        }
                        if map[i] == u32::MAX {
                            map[i] = d.insert(&dict.codes[i]);
                        }
                        map[i]
                    }))
                }
                AxisFrom::Bins { col, bins, table } => {
                    let mut by_bin: Vec<u32> = Vec::new();
                    let codes_of: &[String] = sh.bin_codes.get(&a).map_or(&[], |v| v.as_slice());
                    ids.extend(nums[*col].iter().map(|x| {
                        let b = if x.is_nan() {
                            u32::MAX
                        } else if *x >= 0.0 && x.fract() == 0.0 && (*x as usize) < table.len() {
                            table[*x as usize]
                        } else {
                            bins.iter()
                                .position(|(lo, hi)| {
                                    lo.is_none_or(|l| *x >= l as f64) && hi.is_none_or(|h| *x <= h as f64)
                                })
                                .map_or(u32::MAX, |p| p as u32)
                        };
                        if b == u32::MAX {
                            return unknown;
                        }
                        let b = b as usize;
                        if b >= by_bin.len() {
                            by_bin.resize(b + 1, u32::MAX);
                        }
                        if by_bin[b] == u32::MAX {
                            by_bin[b] = d.insert(&codes_of[b]);
                        }
                        by_bin[b]
                    }))
                }
            };
            if d.codes.len() > u16::MAX as usize {
                return Err(ComputeError::request(
                    format!("dataset {}: more than 65535 codes on axis {}", sh.dataset, sh.axes[a].0),
                    None,
                ));
            }
        }
        let axis_ids = &buf.axis_ids;
        let m = sh.moments.len();
        let dw = sh.moments.iter().find(|(x, _)| *x == Moment::Weight).map_or(0, |(_, d)| *d);
        // Per value: its column, the scale 10^d of its fixed point, whether it is squared,
        // and the moment it adds to.
        let values: Vec<(usize, u32, f64, bool, usize)> = sh
            .values
            .iter()
            .map(|(c, mo)| {
                let d = sh.moments.iter().find(|(x, _)| x == mo).map_or(0, |(_, d)| *d);
                let squared = matches!(mo, Moment::WeightValueSquared(_));
                let d = if squared { (d - dw) / 2 } else { d - dw };
                let p = sh.moments.iter().position(|(x, _)| x == mo).unwrap_or(0);
                (*c, d, 10f64.powi(d as i32), squared, p)
            })
            .collect();
        let pos = |mo: &Moment| sh.moments.iter().position(|(x, _)| x == mo);
        let (p_rows, p_w, p_w2) = (pos(&Moment::Rows), pos(&Moment::Weight), pos(&Moment::WeightSquared));
        let overflow = || {
            ComputeError::request(
                format!("dataset {}: a weighted sum leaves the exact range", sh.dataset),
                Some("declare fewer decimals for the weight or value column in the dataset file".into()),
            )
        };
        let wanted: Option<Vec<bool>> = sh.periods.as_ref().map(|ps| {
            self.axis_dicts[0]
                .codes
                .iter()
                .map(|c| super::period_code(c).is_some_and(|p| ps.contains(&p)))
                .collect()
        });
        let scale_w = 10f64.powi(dw as i32);
        let one = gds_cube::fixed(1.0, dw).ok_or_else(overflow)?;
        let mut vals = vec![0i128; m];
        // Records without weights or values: every row adds the same moments (n, and the
        // unit weight's), so a row only counts into its cell; the counts are folded into the
        // sums after the batch.
        let constant = sh.frequency.is_none() && sh.weight.is_none() && values.is_empty();
        if constant {
            vals.fill(0);
            if let Some(p) = p_rows {
                vals[p] = 1;
            }
            if let Some(p) = p_w {
                vals[p] = 1;
            }
            if let Some(p) = p_w2 {
                vals[p] = 1;
            }
        }
        let mut counts = std::mem::take(&mut buf.counts);
        'rows: for r in 0..n {
            if nums[period_col][r].is_nan() || axis_ids[0][r] == NO_PERIOD {
                continue;
            }
            if let Some(w) = &wanted
                && !w.get(axis_ids[0][r] as usize).copied().unwrap_or(false)
            {
                continue;
            }
            for (c, t) in &total_ids {
                if codes[*c][r] == *t {
                    continue 'rows;
                }
            }
            let mut key: u128 = 0;
            for ids in axis_ids {
                key = (key << 16) | ids[r] as u128;
            }
            if constant {
                let next = self.slots.len() as u32;
                let slot = *self.slots.entry((key, sig[r])).or_insert(next) as usize;
                if slot >= counts.len() {
                    counts.resize(slot + 1, 0u64);
                }
                counts[slot] += 1;
                continue;
            }
            // Units the row stands for: one record, or a count table's count.
            let units: i128 = match sh.frequency {
                None => 1,
                Some(c) => {
                    let x = nums[c][r];
                    if x.is_nan() || x < 0.0 || x.fract() != 0.0 || x > 1e15 {
                        if self.bad_count.is_none() {
                            let n = &sh.needed[c];
                            self.bad_count = Some((n.file.clone().unwrap_or_else(|| n.name.clone()), x));
                        }
                        continue;
                    }
                    x as i128
                }
            };
            let w: i128 = match (sh.weight, sh.frequency) {
                (None, None) => 1,
                (None, Some(_)) => one,
                (Some(c), _) => {
                    let x = nums[c][r];
                    if x.is_nan() { 0 } else { gds_cube::fixed_scaled(x, scale_w).ok_or_else(overflow)? }
                }
            };
            vals.fill(0);
            if let Some(p) = p_rows {
                vals[p] = 1;
            }
            if let Some(p) = p_w {
                vals[p] = w;
            }
            if let Some(p) = p_w2 {
                vals[p] = w.checked_mul(w).ok_or_else(overflow)?;
            }
            for (c, d, scale, squared, p) in &values {
                let x = nums[*c][r];
                if x.is_nan() {
                    continue;
                }
                let scaled = x * scale;
                let xq = gds_cube::fixed_scaled(x, *scale).ok_or_else(overflow)?;
                // A value with more decimals than declared would be rounded inside a sum: refuse
                // it (weights are read at their declared decimals by design, values are not).
                let nearest = if scaled.abs() < 4.5e15 { xq as i64 as f64 } else { scaled.round() };
                if (scaled - nearest).abs() > 1e-6 && self.excess.is_none() {
                    self.excess = Some((sh.needed[*c].name.clone(), x, *d));
                }
                let mut v = w.checked_mul(xq).ok_or_else(overflow)?;
                if *squared {
                    v = v.checked_mul(xq).ok_or_else(overflow)?;
                }
                vals[*p] = v;
            }
            if units != 1 {
                for v in vals.iter_mut() {
                    *v = v.checked_mul(units).ok_or_else(overflow)?;
                }
            }
            let next = self.slots.len() as u32;
            let slot = *self.slots.entry((key, sig[r])).or_insert(next) as usize;
            if slot == self.sums.len() / m.max(1) {
                self.sums.extend(std::iter::repeat_n(0, m));
            }
            for (s, v) in self.sums[slot * m..slot * m + m].iter_mut().zip(&vals) {
                *s = s.checked_add(*v).ok_or_else(overflow)?;
            }
        }
        if constant {
            let slots = self.slots.len();
            if self.sums.len() < slots * m {
                self.sums.resize(slots * m, 0);
            }
            for (slot, c) in counts.iter_mut().enumerate().filter(|(_, c)| **c > 0) {
                for (s, v) in self.sums[slot * m..slot * m + m].iter_mut().zip(&vals) {
                    *s = s.checked_add(*v * i128::from(*c)).ok_or_else(overflow)?;
                }
                *c = 0;
            }
        }
        buf.counts = counts;
        Ok(())
    }

    fn into_cube(self, spec: &CubeSpec) -> Result<Cube, ComputeError> {
        let mut cube = spec.empty().map_err(|e| ComputeError::request(e.to_string(), None))?;
        for (axis, d) in cube.axes.iter_mut().zip(&self.axis_dicts) {
            axis.codes = d.codes.clone();
        }
        let m = spec.moments.len();
        let k = cube.axes.len();
        for ((key, sig), slot) in &self.slots {
            let codes: Vec<u32> = (0..k).map(|a| ((key >> (16 * (k - 1 - a))) & 0xffff) as u32).collect();
            let s = *slot as usize;
            cube.add_ids(CellKey { codes, signature: *sig }, &self.sums[s * m..s * m + m])
                .map_err(|e| ComputeError::request(e.to_string(), None))?;
        }
        cube.canonicalize();
        Ok(cube)
    }
}

/// The polars expression that delivers needed column `need` of `src` as the engine reads it.
fn source_expr(
    src: &Source,
    cat: &Catalogue,
    ds: &Dataset,
    need: &Needed,
    resolved: &BTreeMap<String, Option<String>>,
    schema: &Schema,
) -> Expr {
    if let Some(file) = &need.file {
        return crate::mapping::units_expr(src, cat, file, schema);
    }
    let decl = ds.column(&need.name);
    let sc = resolved.get(&need.name).cloned().flatten();
    let dtype = sc.as_deref().and_then(|s| schema.get(s));
    let Some(decl) = decl else { return lit(NULL).cast(DataType::String) };
    match (need.held, sc) {
        (Held::Numbers, sc) => {
            crate::mapping::column_expr(src, cat, decl, sc.as_deref(), dtype).cast(DataType::Float64)
        }
        (_, None) => match crate::mapping::when_absent_expr(src, cat, ds, decl, resolved) {
            // A yes/no column the file leaves out, from the code column it derives from.
            Some(e) => e,
            None => crate::mapping::column_expr(src, cat, decl, None, None).cast(DataType::String),
        },
        (Held::Booleans, Some(sc)) => match dtype {
            // Booleans stay booleans: no text to map.
            Some(DataType::Boolean) => col(sc.as_str()),
            Some(d) if d.is_primitive_numeric() => col(sc.as_str()).neq(lit(0)),
            _ => col(sc.as_str()).cast(DataType::String),
        },
        (Held::Codes, Some(sc)) => {
            let numeric = dtype.is_some_and(|d| d.is_primitive_numeric());
            match src.def.pad.get(&need.name) {
                // Numbers stored for codes, padded as the project says.
                Some(w) if numeric => {
                    col(sc.as_str()).cast(DataType::Int64).cast(DataType::String).str().zfill(lit(*w as u64))
                }
                _ => col(sc.as_str()).cast(DataType::String),
            }
        }
    }
}

/// The distinct raw spellings of needed column `need` in `src` (read by `raw`, the source's
/// scan), as the engine sees them before mapping.
pub(super) fn spellings(
    src: &Source,
    cat: &Catalogue,
    ds: &Dataset,
    need: &Needed,
    raw: &mut LazyFrame,
    schema: &Schema,
) -> Result<Vec<Option<String>>, ComputeError> {
    let file_columns: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let resolved = crate::mapping::resolve_columns(src, ds, &file_columns);
    let e = source_expr(src, cat, ds, need, &resolved, schema).cast(DataType::String).alias("raw");
    let df = raw
        .clone()
        .select([e])
        .unique(None, UniqueKeepStrategy::Any)
        .collect()
        .map_err(ComputeError::polars(format!("reading {}", src.display)))?;
    let ca = df
        .column("raw")
        .and_then(|c| c.str().cloned())
        .map_err(ComputeError::polars(format!("reading {}", src.display)))?;
    Ok(ca.iter().map(|s| s.map(str::to_string)).collect())
}

/// The leaves of `p` that read column `col`.
fn leaves_on<'a>(p: &'a Pred, col: usize, out: &mut Vec<&'a Pred>) {
    match p {
        Pred::Num { col: c, .. }
        | Pred::NumIn { col: c, .. }
        | Pred::Between { col: c, .. }
        | Pred::IsNull { col: c, .. }
        | Pred::CodeIn { col: c, .. }
            if *c == col =>
        {
            out.push(p)
        }
        Pred::And(a, b) | Pred::Or(a, b) => {
            leaves_on(a, col, out);
            leaves_on(b, col, out);
        }
        Pred::Not(a) => leaves_on(a, col, out),
        _ => {}
    }
}

/// A leaf's truth for the (known) number `x`; `None` for a leaf that is no number test.
fn leaf_holds(p: &Pred, x: f64) -> Option<bool> {
    Some(match p {
        Pred::Num { op, value, .. } => op.holds(x, *value),
        Pred::NumIn { values, negate, .. } => values.contains(&x) != *negate,
        Pred::Between { lo, hi, negate, .. } => (*lo <= x && x <= *hi) != *negate,
        Pred::IsNull { negate, .. } => *negate,
        _ => return None,
    })
}

/// Whether every leaf of `p` over column `base` gives one answer for all whole values from
/// `lo` to `hi` (a leaf that is no number test over it cannot be answered by groups).
fn answers_alike(p: &Pred, base: usize, lo: u16, hi: u16) -> bool {
    let mut leaves = Vec::new();
    leaves_on(p, base, &mut leaves);
    leaves.iter().all(|leaf| match leaf_holds(leaf, f64::from(lo)) {
        None => false,
        Some(first) => (lo..=hi).all(|x| leaf_holds(leaf, f64::from(x)) == Some(first)),
    })
}

/// A table that gives groups (`age_group`) for a column (`age`) is exact only when every
/// filter and bin over the column answers alike for all the values of each group the table
/// has (women 15–19 from the group 15–19 is; women 18+ from the group 15–19 is not).
#[allow(clippy::too_many_arguments)]
fn check_groups(
    spec: &CubeSpec,
    src: &Source,
    cat: &Catalogue,
    shared: &Shared,
    raw: &LazyFrame,
    d: &gds_indicators::Derived,
    fc: &str,
    base: usize,
) -> Result<(), ComputeError> {
    let present = raw
        .clone()
        .select([crate::mapping::group_code_expr(src, cat, d, fc).alias("g")])
        .unique(None, UniqueKeepStrategy::Any)
        .collect()
        .map_err(ComputeError::polars(format!("reading the {} column of {}", d.name, src.display)))?;
    let present: std::collections::BTreeSet<String> = present
        .column("g")
        .ok()
        .and_then(|c| c.str().ok().map(|s| s.iter().flatten().map(str::to_string).collect()))
        .unwrap_or_default();
    let refuse = |what: String, code: &str| {
        ComputeError::Data(crate::error::Located {
            file: src.display.clone(),
            line: 0,
            column: Some(fc.to_string()),
            value: Some(code.to_string()),
            message: format!(
                "the table gives {} ({fc:?}) instead of {}, but {what} is not the same for every {} of the group {code}",
                d.name, d.from, d.from
            ),
            hint: Some(format!(
                "give the table by single {} (or by groups the indicator's filter does not split)",
                d.from
            )),
        })
    };
    // A mean over the grouped column (a mean age) cannot come from groups.
    if shared.values.iter().any(|(c, _)| *c == base) {
        return Err(refuse(format!("a mean of {}", d.from), "(any)"));
    }
    for (code, lo, hi) in crate::mapping::group_ranges(cat, d) {
        if !present.contains(&code) {
            continue;
        }
        for (p, sql) in shared.preds.iter().zip(&spec.predicates) {
            if !answers_alike(p, base, lo, hi) {
                return Err(refuse(format!("the filter `{sql}`"), &code));
            }
        }
        for (name, axis) in &shared.axes {
            if let AxisFrom::Bins { col, table, .. } = axis
                && *col == base
            {
                let bin = |x: u16| table.get(usize::from(x)).or(table.last()).copied();
                if (lo..=hi).any(|x| bin(x) != bin(lo)) {
                    return Err(refuse(format!("the breakdown {name}"), &code));
                }
            }
        }
    }
    Ok(())
}

/// Build the cube of `spec` from the project's sources with polars. With `screens`, each
/// source not yet in it (by its index in the project) is also screened for the gate in the
/// same read, and its counts added.
pub fn build(
    spec: &CubeSpec,
    project: &Project,
    cat: &Catalogue,
    periods: &[i64],
    carry_forward: bool,
    mut screens: Option<&mut BTreeMap<usize, crate::sources::screen::Screened>>,
    engine: Option<&super::sql::SqlEngine>,
) -> Result<Cube, ComputeError> {
    let ds = cat
        .datasets
        .get(&spec.dataset)
        .ok_or_else(|| ComputeError::request(format!("unknown dataset {:?}", spec.dataset), None))?;
    // The columns the cube needs, in a stable order.
    let mut needed: Vec<Needed> = Vec::new();
    let mut need = |name: &str| -> Option<(usize, Held)> {
        if let Some(i) = needed.iter().position(|n| n.name == name) {
            return Some((i, needed[i].held));
        }
        let c = ds.column(name)?;
        let held = Held::of(c.kind);
        let codelist = c
            .codelist
            .as_deref()
            .and_then(|cl| cat.codelists.get(cl))
            .map(|cl| cl.codes.iter().map(|c| c.code.clone()).collect());
        needed.push(Needed { name: name.to_string(), held, kind: c.kind, codelist, file: None });
        Some((needed.len() - 1, held))
    };
    let period_col = need(&spec.period).map(|x| x.0).ok_or_else(|| {
        ComputeError::request(
            format!("dataset {} has no period column {:?}", spec.dataset, spec.period),
            None,
        )
    })?;
    let area_col = need(&spec.area).map(|x| x.0).ok_or_else(|| {
        ComputeError::request(format!("dataset {} has no area column {:?}", spec.dataset, spec.area), None)
    })?;
    let mut axes = vec![
        ("period".to_string(), AxisFrom::Period(period_col)),
        ("area".into(), AxisFrom::Column(area_col)),
    ];
    let mut bin_codes: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for d in &spec.dims {
        match d {
            Dim::Column { name, column } => {
                let (c, _) = need(column).ok_or_else(|| {
                    ComputeError::request(format!("dataset {} has no column {column:?}", spec.dataset), None)
                })?;
                axes.push((name.clone(), AxisFrom::Column(c)));
            }
            Dim::Bins { name, column, bins } => {
                let (c, _) = need(column).ok_or_else(|| {
                    ComputeError::request(format!("dataset {} has no column {column:?}", spec.dataset), None)
                })?;
                let ranges: Vec<(Option<u16>, Option<u16>)> =
                    bins.iter().map(|(_, lo, hi)| (*lo, *hi)).collect();
                let table: Vec<u32> = (0..=150u16)
                    .map(|age| {
                        ranges
                            .iter()
                            .position(|(lo, hi)| lo.is_none_or(|l| age >= l) && hi.is_none_or(|h| age <= h))
                            .map_or(u32::MAX, |p| p as u32)
                    })
                    .collect();
                bin_codes.insert(axes.len(), bins.iter().map(|(c, _, _)| c.clone()).collect());
                axes.push((name.clone(), AxisFrom::Bins { col: c, bins: ranges, table }));
            }
        }
    }
    if axes.len() > 8 {
        return Err(ComputeError::request(
            format!("dataset {}: at most 6 breakdowns at once", spec.dataset),
            None,
        ));
    }
    let mut preds = Vec::new();
    for p in &spec.predicates {
        preds.push(predicate::compile(p, &mut need).map_err(|e| ComputeError::request(e, None))?);
    }
    let weight = match &spec.weight {
        Some(w) => Some(need(w).map(|x| x.0).ok_or_else(|| {
            ComputeError::request(format!("dataset {} has no weight column {w:?}", spec.dataset), None)
        })?),
        None => None,
    };
    let mut values = Vec::new();
    for (m, _) in &spec.moments {
        if let Moment::WeightValue(v) | Moment::WeightValueSquared(v) = m {
            let (c, _) = need(v).ok_or_else(|| {
                ComputeError::request(format!("dataset {} has no column {v:?}", spec.dataset), None)
            })?;
            values.push((c, m.clone()));
        }
    }
    let mut drop_total = Vec::new();
    for c in &spec.drop_total_rows {
        if let Some((i, _)) = need(c) {
            drop_total.push(i);
        }
    }
    let mut whole = spec.empty().map_err(|e| ComputeError::request(e.to_string(), None))?;
    for (index, src) in project.sources.iter().enumerate().filter(|(_, s)| s.def.dataset == spec.dataset) {
        let screen = screens.as_ref().is_some_and(|s| !s.contains_key(&index));
        // A count table: its count column counts units (each of weight one), it is no weight.
        let mut needed = needed.clone();
        let (weight, frequency) = match (&src.units, src.aggregate) {
            (Some(file), _) => {
                needed.push(Needed {
                    name: format!("count of units ({file})"),
                    held: Held::Numbers,
                    kind: ColumnType::Integer,
                    codelist: None,
                    file: Some(file.clone()),
                });
                (None, Some(needed.len() - 1))
            }
            (None, true) => (None, weight),
            (None, false) => (weight, None),
        };
        let shared = Shared {
            needed: needed.clone(),
            axes: axes.clone(),
            preds: preds.clone(),
            weight,
            frequency,
            values: values.clone(),
            moments: spec.moments.clone(),
            drop_total: drop_total.clone(),
            periods: if periods.is_empty() || carry_forward { None } else { Some(periods.to_vec()) },
            regroup: (if carry_forward { None } else { super::granularity(periods) }, project.calendar),
            aliases: needed
                .iter()
                .map(|n| {
                    ds.column(&n.name)
                        .and_then(|c| c.codelist.as_deref())
                        .map(|cl| crate::mapping::alias_table(cat, cl))
                        .unwrap_or_default()
                })
                .collect(),
            explicit: needed.iter().map(|n| src.def.codes.get(&n.name).cloned()).collect(),
            pad: needed.iter().map(|n| src.def.pad.get(&n.name).copied()).collect(),
            dataset: spec.dataset.clone(),
            bin_codes: bin_codes.clone(),
        };
        // A SQL engine computes the cube where it can read the source, and screens it for
        // the gate there too.
        if let Some(engine) = engine
            && let Some((cube, screened)) =
                super::sql::build_source(spec, src, ds, cat, &shared, engine, screen)?
        {
            if let (Some(screens), Some(screened)) = (screens.as_deref_mut(), screened) {
                screens.insert(index, screened);
            }
            whole.merge(&cube).map_err(|e| ComputeError::request(e.to_string(), None))?;
            continue;
        }
        let (cube, screened) = build_source(spec, src, cat, ds, shared, screen)?;
        if let (Some(screens), Some(screened)) = (screens.as_deref_mut(), screened) {
            screens.insert(index, screened);
        }
        whole.merge(&cube).map_err(|e| ComputeError::request(e.to_string(), None))?;
    }
    whole.canonicalize();
    Ok(whole)
}

/// The error of a count table's row whose count (`value`; `missing`: none at all) is no whole
/// number of units.
pub(super) fn not_a_count(src: &Source, column: &str, value: String, missing: bool) -> ComputeError {
    ComputeError::Data(crate::error::Located {
        file: src.display.clone(),
        line: 0,
        column: Some(column.to_string()),
        message: if missing {
            "a row of the count table has no count (empty or not a number): it would be left out".to_string()
        } else {
            format!(
                "{value} is not a count: each row of a count table stands for a whole number of units (0 or more)"
            )
        },
        value: Some(value),
        hint: Some(format!(
            "fix the value of {column:?} in the file; a table of weighted estimates is not a count table"
        )),
    })
}

/// The error of a value with more decimals than the `d` its sums are kept at.
pub(super) fn too_many_decimals(
    src: &Source,
    dataset: &str,
    column: &str,
    value: String,
    d: u32,
) -> ComputeError {
    ComputeError::Data(crate::error::Located {
        file: src.display.clone(),
        line: 0,
        column: Some(column.to_string()),
        message: format!(
            "{value} has more than the {d} decimals its sums are kept at in dataset {dataset:?}: it would be rounded"
        ),
        value: Some(value),
        hint: Some(format!(
            "declare decimals = <places> for column {column:?} in the dataset's definition (a catalogue folder given with --catalogue), or round the values in the file"
        )),
    })
}

/// The cube of one source, and its screening counts when `screen` (the gate's per-value
/// checks, counted in the same read).
fn build_source(
    spec: &CubeSpec,
    src: &Source,
    cat: &Catalogue,
    ds: &Dataset,
    shared: Shared,
    screen: bool,
) -> Result<(Cube, Option<crate::sources::screen::Screened>), ComputeError> {
    // A file modified after this moment may not be the bytes its stored screening was hashed from.
    let read_started = std::time::SystemTime::now();
    let mut scan = crate::read::scan_raw(src)?;
    let mut raw = std::mem::take(&mut scan.frame);
    let schema = raw
        .collect_schema()
        .map_err(ComputeError::polars(format!("reading the columns of {}", src.display)))?;
    let file_columns: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let resolved = crate::mapping::resolve_columns(src, ds, &file_columns);
    // A table by group (age group) without the single values (age) stands each group in by
    // its lowest value, after checking that this changes no answer.
    let groups = crate::mapping::group_columns(src, ds, &file_columns, &resolved);
    for (d, fc) in &groups {
        if let Some(base) = shared.needed.iter().position(|n| n.name == d.from) {
            check_groups(spec, src, cat, &shared, &raw, d, fc, base)?;
        }
    }
    let exprs: Vec<Expr> = shared
        .needed
        .iter()
        .enumerate()
        .map(|(j, n)| match groups.iter().find(|(d, _)| d.from == n.name) {
            Some((d, fc)) => crate::mapping::group_low_expr(src, cat, d, fc).alias(format!("__c{j}")),
            None => source_expr(src, cat, ds, n, &resolved, &schema).alias(format!("__c{j}")),
        })
        .collect();
    let shared = Arc::new(shared);
    // The screening pass of the gate, in the same read (the file's own columns, beside the
    // cube's).
    let checks = screen.then(|| crate::sources::validate::screen_checks(src, cat, ds, &resolved, &schema));
    // A screening stored for these bytes, this declaration, these checks and this build of
    // gds stands for this read's: the columns only the gate needs are then not read.
    let stored_key = checks.as_deref().and_then(|c| crate::sources::screened_store::key(src, ds, c));
    let stored = stored_key.as_ref().and_then(crate::sources::screened_store::load);
    let checks = if stored.is_some() { None } else { checks };
    // The checks the file's own metadata answers are not read value by value (a column only
    // they need is then not read at all).
    let footer_started = std::time::Instant::now();
    let (checks, proven, keys) = match checks {
        Some(c) => {
            let footer = crate::sources::footer::Footer::read(src);
            let (mut rest, mut proven) = crate::sources::footer::split(src, footer.as_ref(), &schema, c);
            let keys =
                crate::sources::footer::plan_keys(src, footer.as_ref(), &schema, &mut rest, &mut proven);
            (Some(rest), proven, keys)
        }
        None => (None, Default::default(), crate::sources::footer::Keys::Hashed),
    };
    let footer_time = footer_started.elapsed();
    let mut exprs = exprs;
    if let Some(checks) = &checks {
        exprs.extend(crate::sources::screen::exprs(checks));
    }
    // A file that looks sorted by its key has the order of its keys checked, not their hashes.
    let sorted = keys == crate::sources::footer::Keys::Ordered;
    let raw_again = raw.clone();
    let started = std::time::Instant::now();
    let what = format!("computing over {} ({})", src.display, spec.dataset);
    let done = super::stream::for_each_batch(
        raw.select(exprs),
        || {
            let local = if sorted {
                crate::sources::screen::Local::sorted_keys()
            } else {
                crate::sources::screen::Local::default()
            };
            (Acc::new(shared.clone()), local)
        },
        |(acc, local), df| {
            acc.process(df)?;
            match &checks {
                Some(checks) => crate::sources::screen::process(checks, local, df),
                None => Ok(()),
            }
        },
        &what,
    )?;
    if std::env::var_os("GDS_PROFILE").is_some() {
        if let Some(c) = &checks {
            let names = |v: Vec<&str>| v.join(", ");
            eprintln!(
                "{:>8.3} s  the footer of {} answers: {}; screened value by value: {}",
                footer_time.as_secs_f64(),
                src.display,
                names(proven.counts.iter().map(|(n, _)| n.as_str()).collect()),
                names(c.iter().map(|c| c.name.as_str()).collect())
            );
        }
        eprintln!(
            "{:>8.3} s  cube of {} from {}{} ({:.3} s in gds's {} worker(s); {} cells, {} moments)",
            started.elapsed().as_secs_f64(),
            spec.dataset,
            src.display,
            if checks.is_some() && !proven.counts.is_empty() && sorted {
                ", screened (some checks by the file's metadata, keys by their order)"
            } else if checks.is_some() && keys == crate::sources::footer::Keys::Pages {
                ", screened (some checks by the file's metadata, keys by its pages)"
            } else if checks.is_some() && !proven.counts.is_empty() {
                ", screened (some checks by the file's metadata)"
            } else if checks.is_some() {
                ", screened"
            } else if stored.is_some() {
                ", screening stored"
            } else {
                ""
            },
            done.busy.as_secs_f64(),
            done.states.len(),
            done.states.iter().map(|(a, _)| a.slots.len()).max().unwrap_or(0),
            shared.moments.len()
        );
    }
    let (accs, locals): (Vec<Acc>, Vec<crate::sources::screen::Local>) = done.states.into_iter().unzip();
    let mut screened = checks.as_ref().map(|c| crate::sources::screen::finish_with(c, locals, &proven));
    if let (Some(s), Some(checks)) = (screened.as_mut(), &checks) {
        crate::sources::screen::settle_keys(s, raw_again, checks)?;
    }
    if let Some((column, x)) = accs.iter().find_map(|a| a.bad_count.clone()) {
        return Err(not_a_count(src, &column, format!("{x}"), x.is_nan()));
    }
    if let Some((column, x, d)) = accs.iter().find_map(|a| a.excess.clone()) {
        return Err(too_many_decimals(src, &spec.dataset, &column, format!("{x}"), d));
    }
    let mut cube = spec.empty().map_err(|e| ComputeError::request(e.to_string(), None))?;
    for acc in accs {
        cube.merge(&acc.into_cube(spec)?).map_err(|e| ComputeError::request(e.to_string(), None))?;
    }
    if let (Some(key), Some(screened)) = (&stored_key, &screened) {
        crate::sources::screened_store::store(key, screened, read_started);
    }
    Ok((cube, stored.or(screened)))
}

#[cfg(test)]
mod group_tests {
    use super::*;

    #[test]
    fn groups_answer_a_filter_only_when_it_does_not_split_them() {
        let mut cols = |name: &str| match name {
            "sex" => Some((0, Held::Codes)),
            "age" => Some((1, Held::Numbers)),
            _ => None,
        };
        let p = predicate::compile("sex = 'F' and age between 15 and 19", &mut cols).unwrap();
        assert!(answers_alike(&p, 1, 15, 19));
        assert!(answers_alike(&p, 1, 10, 14));
        assert!(!answers_alike(&p, 1, 15, 24), "15–24 is split by 15–19");
        let adult = predicate::compile("age >= 18", &mut cols).unwrap();
        assert!(!answers_alike(&adult, 1, 15, 19));
        assert!(answers_alike(&adult, 1, 20, 24));
        assert!(answers_alike(&adult, 1, 80, 150), "an open group above the cut");
        let known = predicate::compile("age is not null", &mut cols).unwrap();
        assert!(answers_alike(&known, 1, 0, 4));
        // A filter not on age says nothing about the groups.
        let women = predicate::compile("sex = 'F'", &mut cols).unwrap();
        assert!(answers_alike(&women, 1, 15, 24));
    }
}
