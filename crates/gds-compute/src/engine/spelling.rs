//! Work once per distinct spelling of a text column, not once per row.
//!
//! polars holds text as views: a string of at most 12 bytes lives inside its 16-byte view,
//! so the view itself (one `u128`) identifies the spelling and a lookup hashes one integer
//! instead of the text. Longer strings are looked up by their view within one array (the
//! views of a dictionary-decoded column point at the dictionary's values), else by their text.

use polars::prelude::*;
use rustc_hash::FxHashMap;

/// A cache from spellings to a value computed once per spelling.
#[derive(Debug, Clone)]
pub struct Spellings<T> {
    /// A direct-mapped cache in front of `short`: slot by a multiplicative hash of the view,
    /// holding the view and its value (a code column has a few spellings, so nearly every row
    /// is one probe of one slot, no hash-table search).
    cache: Vec<Option<(u128, T)>>,
    short: FxHashMap<u128, T>,
    long: FxHashMap<String, T>,
    /// Long strings by view, within the current array (views into one array's buffers:
    /// a dictionary-decoded column repeats the view of each dictionary value).
    views: FxHashMap<u128, T>,
}

impl<T> Default for Spellings<T> {
    fn default() -> Self {
        Spellings {
            cache: Vec::new(),
            short: FxHashMap::default(),
            long: FxHashMap::default(),
            views: FxHashMap::default(),
        }
    }
}

/// Long-string views remembered per array (a column of distinct long texts, such as names,
/// would otherwise fill the map with views never seen again).
const MAX_VIEWS: usize = 4096;

/// Longest text held inside a view.
const INLINE: u32 = 12;

/// Slots of the direct-mapped cache (a power of two).
const SLOTS: usize = 256;

/// The cache slot of a view.
#[inline(always)]
fn slot(bits: u128) -> usize {
    let folded = (bits as u64) ^ ((bits >> 64) as u64).rotate_left(29);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize
}

impl<T: Copy> Spellings<T> {
    /// Call `row(i, value)` for every row `i` of `ca`: `None` for a missing value, else the
    /// value of the row's spelling, computed by `new` the first time a spelling is seen.
    pub fn each(
        &mut self,
        ca: &StringChunked,
        mut new: impl FnMut(&str) -> T,
        mut row: impl FnMut(usize, Option<T>),
    ) {
        let mut i = 0;
        if self.cache.is_empty() {
            self.cache = vec![None; SLOTS];
        }
        for (chunk, arr) in ca.chunks().iter().zip(ca.downcast_iter()) {
            // No per-row bit test where no value is missing.
            let validity = chunk.validity().filter(|b| b.unset_bits() > 0);
            self.views.clear();
            let mut last: Option<(u128, T)> = None;
            for (k, v) in arr.views().iter().enumerate() {
                if validity.is_some_and(|b| !b.get_bit(k)) {
                    row(i, None);
                    i += 1;
                    continue;
                }
                let bits = v.as_u128();
                let t = match last {
                    // Equal views are equal strings within one array.
                    Some((b, t)) if b == bits => t,
                    _ => {
                        let t = if v.length <= INLINE {
                            let at = slot(bits);
                            match self.cache[at] {
                                Some((b, t)) if b == bits => t,
                                _ => {
                                    let t = match self.short.get(&bits) {
                                        Some(t) => *t,
                                        None => {
                                            let t = self.by_text(arr.value(k), &mut new);
                                            self.short.insert(bits, t);
                                            t
                                        }
                                    };
                                    self.cache[at] = Some((bits, t));
                                    t
                                }
                            }
                        } else {
                            match self.views.get(&bits) {
                                Some(t) => *t,
                                None => {
                                    let t = self.by_text(arr.value(k), &mut new);
                                    if self.views.len() < MAX_VIEWS {
                                        self.views.insert(bits, t);
                                    }
                                    t
                                }
                            }
                        };
                        last = Some((bits, t));
                        t
                    }
                };
                row(i, Some(t));
                i += 1;
            }
        }
    }

    fn by_text(&mut self, s: &str, new: &mut impl FnMut(&str) -> T) -> T {
        match self.long.get(s) {
            Some(t) => *t,
            None => {
                let t = new(s);
                self.long.insert(s.to_string(), t);
                t
            }
        }
    }
}

/// The numbers of `ca` into `out` (cleared first; its memory is reused from batch to batch),
/// missing values as `NaN`, copied chunk by chunk (no per-value iterator).
pub fn numbers(ca: &Float64Chunked, out: &mut Vec<f64>) {
    out.clear();
    out.reserve(ca.len());
    for (chunk, arr) in ca.chunks().iter().zip(ca.downcast_iter()) {
        let values: &[f64] = arr.values();
        match chunk.validity() {
            Some(v) if v.unset_bits() > 0 => {
                out.extend(values.iter().zip(v.iter()).map(|(x, ok)| if ok { *x } else { f64::NAN }))
            }
            _ => out.extend_from_slice(values),
        }
    }
}

/// The numbers of `ca` into `out` (cleared first), missing values as `None` (a NaN stays a
/// value), chunk by chunk.
pub fn optional_numbers(ca: &Float64Chunked, out: &mut Vec<Option<f64>>) {
    out.clear();
    out.reserve(ca.len());
    for (chunk, arr) in ca.chunks().iter().zip(ca.downcast_iter()) {
        let values: &[f64] = arr.values();
        match chunk.validity() {
            Some(v) if v.unset_bits() > 0 => {
                out.extend(values.iter().zip(v.iter()).map(|(x, ok)| ok.then_some(*x)))
            }
            _ => out.extend(values.iter().map(|x| Some(*x))),
        }
    }
}

/// The booleans of `ca` as codes into `out` (cleared first): `f` for false, `t` for true,
/// `null` for missing.
pub fn booleans(ca: &BooleanChunked, f: u32, t: u32, null: u32, out: &mut Vec<u32>) {
    out.clear();
    out.reserve(ca.len());
    for (chunk, arr) in ca.chunks().iter().zip(ca.downcast_iter()) {
        let values = arr.values().iter();
        match chunk.validity() {
            Some(v) if v.unset_bits() > 0 => out.extend(values.zip(v.iter()).map(|(b, ok)| match (ok, b) {
                (false, _) => null,
                (true, true) => t,
                (true, false) => f,
            })),
            _ => out.extend(values.map(|b| if b { t } else { f })),
        }
    }
}

/// Call `row(i, text)` for every row of `ca` (`None` for a missing value), chunk by chunk.
pub fn each_text(ca: &StringChunked, mut row: impl FnMut(usize, Option<&str>)) {
    let mut i = 0;
    for (chunk, arr) in ca.chunks().iter().zip(ca.downcast_iter()) {
        let validity = chunk.validity();
        for k in 0..arr.len() {
            if validity.is_some_and(|b| !b.get_bit(k)) {
                row(i, None);
            } else {
                row(i, Some(arr.value(k)));
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_booleans_and_text_by_chunk() {
        let mut a = Float64Chunked::new("x".into(), &[Some(1.5), None, Some(3.0)]);
        a.append(&Float64Chunked::new("x".into(), &[4.0, 5.0])).unwrap();
        let mut n = vec![7.0];
        numbers(&a, &mut n);
        assert_eq!(n.len(), 5);
        assert!(n[1].is_nan());
        assert_eq!((n[0], n[2], n[3], n[4]), (1.5, 3.0, 4.0, 5.0));
        let mut with_nan = Float64Chunked::new("x".into(), &[Some(f64::NAN), None]);
        with_nan.append(&Float64Chunked::new("x".into(), &[2.0])).unwrap();
        let mut o = Vec::new();
        optional_numbers(&with_nan, &mut o);
        assert!(o[0].is_some_and(f64::is_nan));
        assert_eq!((o[1], o[2]), (None, Some(2.0)));
        let mut b = BooleanChunked::new("b".into(), &[Some(true), None, Some(false)]);
        b.append(&BooleanChunked::new("b".into(), &[false, true])).unwrap();
        let mut bs = vec![4, 4, 4, 4, 4, 4, 4];
        booleans(&b, 0, 1, 9, &mut bs);
        assert_eq!(bs, vec![1, 9, 0, 0, 1]);
        let mut t = StringChunked::new("t".into(), &[Some("a"), None]);
        t.append(&StringChunked::new("t".into(), &["bb"])).unwrap();
        let mut got = Vec::new();
        each_text(&t, |i, s| got.push((i, s.map(String::from))));
        assert_eq!(got, vec![(0, Some("a".to_string())), (1, None), (2, Some("bb".to_string()))]);
    }

    #[test]
    fn the_cache_in_front_never_gives_another_spellings_value() {
        // Far more spellings than cache slots, revisited in another order: every row gets its
        // own spelling's value, and each spelling is computed once.
        let spellings: Vec<String> = (0..2000).map(|i| format!("{i:05}")).collect();
        let rows: Vec<&str> = (0..20_000).map(|i| spellings[(i * 7919) % 2000].as_str()).collect();
        let ca = StringChunked::new("x".into(), &rows);
        let mut sp: Spellings<usize> = Spellings::default();
        let mut calls = 0;
        let mut out = vec![usize::MAX; rows.len()];
        sp.each(
            &ca,
            |s| {
                calls += 1;
                s.parse().unwrap()
            },
            |i, t| out[i] = t.unwrap(),
        );
        assert_eq!(calls, 2000);
        assert!(out.iter().zip(&rows).all(|(v, s)| *v == s.parse::<usize>().unwrap()));
    }

    #[test]
    fn one_value_per_spelling_across_chunks_and_nulls() {
        let long = "a spelling longer than twelve bytes";
        let mut a = StringChunked::new("x".into(), &[Some("F"), Some("M"), None, Some("F"), Some(long)]);
        let b = StringChunked::new("x".into(), &[Some(long), Some("M"), Some(long), None]);
        a.append(&b).unwrap();
        assert_eq!(a.chunks().len(), 2);
        let mut sp: Spellings<usize> = Spellings::default();
        let mut calls = Vec::new();
        let mut out = Vec::new();
        sp.each(
            &a,
            |s| {
                calls.push(s.to_string());
                calls.len()
            },
            |i, t| out.push((i, t)),
        );
        assert_eq!(calls, vec!["F".to_string(), "M".into(), long.into()]);
        let want: Vec<(usize, Option<usize>)> = vec![
            (0, Some(1)),
            (1, Some(2)),
            (2, None),
            (3, Some(1)),
            (4, Some(3)),
            (5, Some(3)),
            (6, Some(2)),
            (7, Some(3)),
            (8, None),
        ];
        assert_eq!(out, want);
    }
}
