//! gds-cube: the cube of sufficient statistics, the one interface between data and statistics.
//!
//! A [`Cube`] holds, for one dataset, exact sums per cell. A cell is a combination of codes on
//! the cube's [`Axis`]es (period, area, then breakdowns such as sex or age group) and a
//! *signature*: bit `i` is set when predicate `i` of [`Cube::predicates`] holds for the rows
//! summed in it. An indicator's numerator or denominator is then the sum over the cells whose
//! signature contains its mask ([`Cube::sums`]).
//!
//! Every sum is an integer: counts are counts, and weighted sums are fixed-point integers at the
//! number of decimals declared for the moment ([`Cube::decimals`]): a weight read as `w` adds
//! `round(w · 10^d)`. Integer addition is associative and commutative, so a cube does not depend
//! on the order of rows, the number of threads, the chunking of the input or the engine that
//! built it; [`Cube::merge`] of shards in any order equals the cube of the whole.
//!
//! The type is polars-free on purpose: engines (polars, a SQL engine, a stored file) produce
//! cubes, statistics read them.
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::fmt;

/// What a cube cell sums.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Moment {
    /// Number of rows.
    Rows,
    /// Σ w (w = the weight or count; 1 when the dataset has neither).
    Weight,
    /// Σ w².
    WeightSquared,
    /// Σ w·x of a column.
    WeightValue(String),
    /// Σ w·x² of a column.
    WeightValueSquared(String),
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Moment::Rows => f.write_str("n"),
            Moment::Weight => f.write_str("sw"),
            Moment::WeightSquared => f.write_str("sw2"),
            Moment::WeightValue(c) => write!(f, "swx:{c}"),
            Moment::WeightValueSquared(c) => write!(f, "swx2:{c}"),
        }
    }
}

impl Moment {
    /// Parse the name written by [`fmt::Display`] (`n`, `sw`, `sw2`, `swx:<col>`, `swx2:<col>`).
    pub fn parse(s: &str) -> Option<Moment> {
        Some(match s {
            "n" => Moment::Rows,
            "sw" => Moment::Weight,
            "sw2" => Moment::WeightSquared,
            _ => {
                if let Some(c) = s.strip_prefix("swx2:") {
                    Moment::WeightValueSquared(c.to_string())
                } else if let Some(c) = s.strip_prefix("swx:") {
                    Moment::WeightValue(c.to_string())
                } else {
                    return None;
                }
            }
        })
    }
}

/// One axis of a cube: a name and its codes (a cell refers to a code by its index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    /// Axis name (`period`, `area`, `sex`, `age_group`, ...).
    pub name: String,
    /// Codes, in canonical (sorted) order once the cube is built.
    pub codes: Vec<String>,
}

/// A cell's position: one code index per axis, and the signature.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey {
    /// Code index on each axis.
    pub codes: Vec<u32>,
    /// Bit `i`: predicate `i` holds.
    pub signature: u128,
}

/// What can go wrong with cubes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CubeError {
    /// Two cubes that do not describe the same sums cannot be merged.
    #[error("cannot merge cubes: {0}")]
    Incompatible(String),
    /// A sum left the range of exact integers.
    #[error(
        "a sum of {moment} in dataset {dataset} overflows the exact range; declare fewer decimals for it"
    )]
    Overflow {
        /// Dataset id.
        dataset: String,
        /// The moment.
        moment: String,
    },
    /// More predicates than a signature holds.
    #[error("{0} predicates do not fit in one cube (at most 128)")]
    TooManyPredicates(usize),
    /// A cell refers to a code the axis does not have, or has the wrong width.
    #[error("malformed cube: {0}")]
    Malformed(String),
}

/// The cube of one dataset: exact sums per (axis codes, signature).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cube {
    /// Dataset id.
    pub dataset: String,
    /// Axes (period and area first, then breakdowns).
    pub axes: Vec<Axis>,
    /// Predicates, as SQL text: bit `i` of a signature is predicate `i`.
    pub predicates: Vec<String>,
    /// What each cell sums, aligned with every cell's values.
    pub moments: Vec<Moment>,
    /// Decimals of each moment's fixed-point integers (a sum `s` is worth `s / 10^d`).
    pub decimals: Vec<u32>,
    cells: BTreeMap<CellKey, Vec<i128>>,
}

/// The most predicates a signature holds.
pub const MAX_PREDICATES: usize = 128;

impl Cube {
    /// An empty cube.
    pub fn new(
        dataset: impl Into<String>,
        axes: Vec<String>,
        predicates: Vec<String>,
        moments: Vec<Moment>,
        decimals: Vec<u32>,
    ) -> Result<Cube, CubeError> {
        if predicates.len() > MAX_PREDICATES {
            return Err(CubeError::TooManyPredicates(predicates.len()));
        }
        if decimals.len() != moments.len() {
            return Err(CubeError::Malformed("one decimals value per moment is needed".into()));
        }
        Ok(Cube {
            dataset: dataset.into(),
            axes: axes.into_iter().map(|name| Axis { name, codes: vec![] }).collect(),
            predicates,
            moments,
            decimals,
            cells: BTreeMap::new(),
        })
    }

    /// Add `values` to the cell of `codes` (one per axis) and `signature`. Codes new to an axis
    /// are appended to it; call [`Cube::canonicalize`] when done.
    pub fn add(&mut self, codes: &[&str], signature: u128, values: &[i128]) -> Result<(), CubeError> {
        if codes.len() != self.axes.len() || values.len() != self.moments.len() {
            return Err(CubeError::Malformed(format!(
                "a cell needs {} codes and {} values, got {} and {}",
                self.axes.len(),
                self.moments.len(),
                codes.len(),
                values.len()
            )));
        }
        let ids: Vec<u32> = codes
            .iter()
            .zip(self.axes.iter_mut())
            .map(|(c, axis)| match axis.codes.iter().position(|x| x == c) {
                Some(i) => i as u32,
                None => {
                    axis.codes.push((*c).to_string());
                    (axis.codes.len() - 1) as u32
                }
            })
            .collect();
        self.add_ids(CellKey { codes: ids, signature }, values)
    }

    /// Add `values` to a cell given by code indices.
    pub fn add_ids(&mut self, key: CellKey, values: &[i128]) -> Result<(), CubeError> {
        if key.codes.iter().zip(&self.axes).any(|(i, a)| *i as usize >= a.codes.len())
            || key.codes.len() != self.axes.len()
        {
            return Err(CubeError::Malformed("a cell refers to a code its axis does not have".into()));
        }
        let dataset = &self.dataset;
        let moments = &self.moments;
        let cell = self.cells.entry(key).or_insert_with(|| vec![0; values.len()]);
        for (j, (s, v)) in cell.iter_mut().zip(values).enumerate() {
            *s = s.checked_add(*v).ok_or_else(|| CubeError::Overflow {
                dataset: dataset.clone(),
                moment: moments[j].to_string(),
            })?;
        }
        Ok(())
    }

    /// Sort every axis's codes and re-key the cells: the canonical form, in which two cubes of
    /// the same sums are equal whatever order their rows came in.
    pub fn canonicalize(&mut self) {
        // Codes no cell uses say nothing and are dropped. A cell whose sums are all zero is
        // kept: a count table's row of 0 says "counted, and none", which is not "no data".
        let cells: Vec<(CellKey, Vec<i128>)> = std::mem::take(&mut self.cells).into_iter().collect();
        let remaps: Vec<Vec<u32>> = self
            .axes
            .iter_mut()
            .enumerate()
            .map(|(j, axis)| {
                let mut used = vec![false; axis.codes.len()];
                for (k, _) in &cells {
                    used[k.codes[j] as usize] = true;
                }
                let mut order: Vec<usize> = (0..axis.codes.len()).filter(|i| used[*i]).collect();
                order.sort_by(|a, b| axis.codes[*a].cmp(&axis.codes[*b]));
                let mut remap = vec![u32::MAX; axis.codes.len()];
                for (new, old) in order.iter().enumerate() {
                    remap[*old] = new as u32;
                }
                let codes = std::mem::take(&mut axis.codes);
                axis.codes = order.iter().map(|i| codes[*i].clone()).collect();
                remap
            })
            .collect();
        for (mut k, v) in cells {
            for (c, remap) in k.codes.iter_mut().zip(&remaps) {
                *c = remap[*c as usize];
            }
            self.cells.insert(k, v);
        }
    }

    /// Merge `other` into `self` (associative and commutative; the result is canonical).
    pub fn merge(&mut self, other: &Cube) -> Result<(), CubeError> {
        let names = |c: &Cube| c.axes.iter().map(|a| a.name.clone()).collect::<Vec<_>>();
        if self.dataset != other.dataset {
            return Err(CubeError::Incompatible(format!(
                "datasets {} and {} differ",
                self.dataset, other.dataset
            )));
        }
        if names(self) != names(other) {
            return Err(CubeError::Incompatible(format!(
                "axes [{}] and [{}] differ",
                names(self).join(", "),
                names(other).join(", ")
            )));
        }
        if self.predicates != other.predicates {
            return Err(CubeError::Incompatible("the predicates differ".into()));
        }
        if self.moments != other.moments || self.decimals != other.decimals {
            return Err(CubeError::Incompatible("the moments or their decimals differ".into()));
        }
        // Other's code index → self's, per axis (codes new to self are appended).
        let remaps: Vec<Vec<u32>> = self
            .axes
            .iter_mut()
            .zip(&other.axes)
            .map(|(mine, theirs)| {
                let mut index: std::collections::HashMap<String, u32> =
                    mine.codes.iter().enumerate().map(|(i, c)| (c.clone(), i as u32)).collect();
                theirs
                    .codes
                    .iter()
                    .map(|c| {
                        *index.entry(c.clone()).or_insert_with(|| {
                            mine.codes.push(c.clone());
                            (mine.codes.len() - 1) as u32
                        })
                    })
                    .collect()
            })
            .collect();
        for (k, v) in &other.cells {
            let codes = k.codes.iter().zip(&remaps).map(|(i, r)| r[*i as usize]).collect();
            self.add_ids(CellKey { codes, signature: k.signature }, v)?;
        }
        self.canonicalize();
        Ok(())
    }

    /// The cells, in canonical order once canonical.
    pub fn cells(&self) -> impl Iterator<Item = (&CellKey, &[i128])> {
        self.cells.iter().map(|(k, v)| (k, v.as_slice()))
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether the cube has no cells.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Position of a moment.
    pub fn moment(&self, m: &Moment) -> Option<usize> {
        self.moments.iter().position(|x| x == m)
    }

    /// The mask of the conjunction of `predicates` (each must be one of the cube's), or the
    /// first one it lacks.
    pub fn mask(&self, predicates: &[String]) -> Result<u128, String> {
        let mut mask = 0u128;
        for p in predicates {
            match self.predicates.iter().position(|x| x == p) {
                Some(i) => mask |= 1u128 << i,
                None => return Err(p.clone()),
            }
        }
        Ok(mask)
    }

    /// Exact sums of moment `m` over the cells whose signature contains `mask`, per axis codes.
    pub fn sums(&self, mask: u128, m: usize) -> BTreeMap<Vec<u32>, i128> {
        let mut out: BTreeMap<Vec<u32>, i128> = BTreeMap::new();
        for (k, v) in &self.cells {
            if k.signature & mask == mask {
                // Cannot overflow: every cell of the cube was summed with checked additions
                // and a subset of them is summed here in the same range… except in theory;
                // saturate rather than wrap.
                let e = out.entry(k.codes.clone()).or_insert(0);
                *e = e.saturating_add(v[m]);
            }
        }
        out
    }

    /// The value of an exact sum of moment `m` as a float (`s / 10^d`, correctly rounded for
    /// sums below 2^53 · 10^-d, deterministic always).
    pub fn to_f64(&self, m: usize, s: i128) -> f64 {
        let d = self.decimals[m];
        if d == 0 {
            return s as f64;
        }
        let p = 10i128.pow(d);
        let (q, r) = (s / p, s % p);
        q as f64 + r as f64 / p as f64
    }
}

/// Fixed-point integer of `x` at `decimals` (round half away from zero); `None` when `x` is
/// not finite or out of range.
pub fn fixed(x: f64, decimals: u32) -> Option<i128> {
    fixed_scaled(x, 10f64.powi(decimals as i32))
}

/// [`fixed`] with the scale `10^decimals` given (computed once for many values; a power of
/// ten up to 10²² is exact in f64, so both give the same integer).
pub fn fixed_scaled(x: f64, scale: f64) -> Option<i128> {
    let scaled = x * scale;
    if !scaled.is_finite() || scaled.abs() >= 1e30 {
        return None;
    }
    Some(round_half_away(scaled))
}

/// `x.round() as i128` for a finite `x` below 10³⁰ in magnitude, without the calls to
/// `round` and the float-to-i128 conversion where `x` fits an `i64` exactly: below 2⁵², the
/// fraction `x - trunc(x)` is exact (Sterbenz), so comparing it with ±0.5 rounds as `round`.
#[inline]
pub fn round_half_away(x: f64) -> i128 {
    if x.abs() < 4_503_599_627_370_496.0 {
        let t = x as i64;
        let f = x - t as f64;
        i128::from(t + i64::from(f >= 0.5) - i64::from(f <= -0.5))
    } else {
        x.round() as i128
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cube() -> Cube {
        Cube::new(
            "persons",
            vec!["period".into(), "area".into(), "sex".into()],
            vec!["age >= 15".into(), "literate".into()],
            vec![Moment::Rows, Moment::Weight],
            vec![0, 3],
        )
        .unwrap()
    }

    #[test]
    fn rounding_without_round_is_round() {
        for x in [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            0.49999999999999994,
            -0.49999999999999994,
            4503599627370495.5,
            4503599627370497.0,
            -4503599627370497.0,
            1e20,
            123456.5,
        ] {
            assert_eq!(round_half_away(x), x.round() as i128, "{x}");
        }
    }

    proptest! {
        #[test]
        fn rounding_agrees_with_round(x in -1e17f64..1e17, d in 0u32..9) {
            let s = x / 10f64.powi(d as i32);
            prop_assert_eq!(round_half_away(s), s.round() as i128);
        }
    }

    #[test]
    fn sums_over_signatures_containing_the_mask() {
        let mut c = cube();
        c.add(&["2024", "00004", "F"], 0b11, &[3, 3000]).unwrap();
        c.add(&["2024", "00004", "F"], 0b01, &[2, 2500]).unwrap();
        c.add(&["2024", "00004", "F"], 0b00, &[5, 5000]).unwrap();
        c.add(&["2024", "00004", "M"], 0b11, &[1, 1500]).unwrap();
        c.canonicalize();
        let adults = c.mask(&["age >= 15".into()]).unwrap();
        let literate_adults = c.mask(&["age >= 15".into(), "literate".into()]).unwrap();
        let f = vec![0u32, 0, 0];
        assert_eq!(c.sums(adults, 0)[&f], 5);
        assert_eq!(c.sums(literate_adults, 0)[&f], 3);
        assert_eq!(c.sums(0, 1)[&f], 10_500);
        assert_eq!(c.to_f64(1, 10_500), 10.5);
        assert_eq!(c.mask(&["sex = 'F'".into()]), Err("sex = 'F'".into()));
    }

    #[test]
    fn codes_keep_their_leading_zeros_and_sort_as_text() {
        let mut c = cube();
        c.add(&["2024", "00010", "M"], 0, &[1, 1000]).unwrap();
        c.add(&["2024", "00004", "F"], 0, &[1, 1000]).unwrap();
        c.canonicalize();
        assert_eq!(c.axes[1].codes, vec!["00004", "00010"]);
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let mut c = cube();
        c.add(&["2024", "1", "F"], 0, &[1, i128::MAX]).unwrap();
        let e = c.add(&["2024", "1", "F"], 0, &[1, 1]).unwrap_err();
        assert!(matches!(e, CubeError::Overflow { .. }), "{e}");
    }

    #[test]
    fn incompatible_cubes_do_not_merge() {
        let mut a = cube();
        let mut b = cube();
        b.predicates.push("x".into());
        assert!(a.merge(&b).is_err());
    }

    #[test]
    fn fixed_point_rounds_half_away_from_zero() {
        assert_eq!(fixed(6.666666666666667, 9), Some(6_666_666_667));
        assert_eq!(fixed(-0.0005, 3), Some(-1));
        assert_eq!(fixed(f64::NAN, 3), None);
        assert_eq!(fixed(f64::INFINITY, 3), None);
    }

    type Row = (u8, u8, u8, u8, i64);

    fn build(rows: &[Row]) -> Cube {
        let mut c = cube();
        for (p, a, s, sig, w) in rows {
            let period = format!("{}", 2020 + (*p % 3) as i32);
            let area = format!("{:05}", a % 7);
            let sex = if s % 2 == 0 { "F" } else { "M" };
            c.add(&[&period, &area, sex], (*sig % 4) as u128, &[1, *w as i128]).unwrap();
        }
        c.canonicalize();
        c
    }

    proptest! {
        /// The cube of shards merged in any order equals the cube of the whole.
        #[test]
        fn shards_merged_in_any_order_equal_the_whole(
            rows in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>(), -1_000_000i64..1_000_000), 0..200),
            cuts in proptest::collection::vec(any::<u8>(), 0..5),
            order_seed in any::<u64>(),
        ) {
            let whole = build(&rows);
            let mut bounds: Vec<usize> = cuts.iter().map(|c| *c as usize * rows.len() / 256).collect();
            bounds.push(0);
            bounds.push(rows.len());
            bounds.sort();
            let mut shards: Vec<Cube> = bounds.windows(2).map(|w| build(&rows[w[0]..w[1]])).collect();
            // A deterministic shuffle of the shards.
            let mut s = order_seed;
            for i in (1..shards.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shards.swap(i, (s >> 33) as usize % (i + 1));
            }
            let mut merged = cube();
            for sh in &shards {
                merged.merge(sh).unwrap();
            }
            merged.canonicalize();
            prop_assert_eq!(merged, whole);
        }

        /// Merging is commutative: a ⊕ b = b ⊕ a.
        #[test]
        fn merge_commutes(
            a in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>(), -1000i64..1000), 0..50),
            b in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>(), -1000i64..1000), 0..50),
        ) {
            let (ca, cb) = (build(&a), build(&b));
            let mut ab = ca.clone();
            ab.merge(&cb).unwrap();
            let mut ba = cb.clone();
            ba.merge(&ca).unwrap();
            prop_assert_eq!(ab, ba);
        }
    }
}
