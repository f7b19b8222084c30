//! Engines: each turns a dataset's sources into its [`gds_cube::Cube`].
//!
//! The plan's scan of a dataset becomes a [`CubeSpec`]: the axes (period, area, breakdowns),
//! the distinct filters of every aggregation (the cube's predicates, one signature bit each),
//! and the moments the statistics need. Every engine must produce the same cube, bit for bit;
//! statistics read only cubes ([`sums_table`]).

pub mod polars;
pub mod predicate;
pub mod rowwise;
pub mod spelling;
pub mod sql;
mod sql_screen;
pub mod store;
pub mod stream;

use crate::plan::{Agg, AggKind, Dim, Scan};
use gds_cube::{Cube, Moment};
use gds_indicators::Dataset;

/// Decimals of weights and counts unless the dataset declares them.
pub const WEIGHT_DECIMALS: u32 = 9;
/// Decimals of other summed numbers unless the dataset declares them.
pub const VALUE_DECIMALS: u32 = 2;

/// What cube to build for a scan.
#[derive(Debug, Clone, PartialEq)]
pub struct CubeSpec {
    /// Dataset id.
    pub dataset: String,
    /// Period column.
    pub period: String,
    /// Area column.
    pub area: String,
    /// Breakdown axes.
    pub dims: Vec<Dim>,
    /// Weight (microdata) or count (aggregate) column.
    pub weight: Option<String>,
    /// Code columns whose `_T` rows are totals of an aggregate table, not data.
    pub drop_total_rows: Vec<String>,
    /// Distinct filters: bit `i` of a signature is predicate `i`.
    pub predicates: Vec<String>,
    /// Moments, with their decimals.
    pub moments: Vec<(Moment, u32)>,
}

/// The moment an aggregation sums.
pub fn moment_of(kind: &AggKind) -> Moment {
    match kind {
        AggKind::Weighted => Moment::Weight,
        AggKind::Rows => Moment::Rows,
        AggKind::WeightSquared => Moment::WeightSquared,
        AggKind::WeightedValue(v) => Moment::WeightValue(v.clone()),
        AggKind::WeightedValueSquared(v) => Moment::WeightValueSquared(v.clone()),
    }
}

impl CubeSpec {
    /// The cube a scan needs for `aggs`.
    pub fn of(scan: &Scan, aggs: &[Agg], ds: &Dataset) -> CubeSpec {
        let mut predicates: Vec<String> = Vec::new();
        for a in aggs {
            for f in &a.filters {
                if !predicates.contains(f) {
                    predicates.push(f.clone());
                }
            }
        }
        predicates.sort();
        let decimals_of = |c: &str, default: u32| ds.column(c).and_then(|c| c.decimals).unwrap_or(default);
        let dw = scan.weight.as_deref().map_or(0, |w| decimals_of(w, WEIGHT_DECIMALS));
        let mut moments: Vec<Moment> = vec![Moment::Rows, Moment::Weight];
        for a in aggs {
            let m = moment_of(&a.kind);
            if !moments.contains(&m) {
                moments.push(m);
            }
        }
        moments.sort();
        let moments = moments
            .into_iter()
            .map(|m| {
                let d = match &m {
                    Moment::Rows => 0,
                    Moment::Weight => dw,
                    Moment::WeightSquared => 2 * dw,
                    Moment::WeightValue(v) => dw + decimals_of(v, VALUE_DECIMALS),
                    Moment::WeightValueSquared(v) => dw + 2 * decimals_of(v, VALUE_DECIMALS),
                };
                (m, d)
            })
            .collect();
        CubeSpec {
            dataset: scan.dataset.clone(),
            period: scan.period.clone(),
            area: scan.area.clone(),
            dims: scan.dims.clone(),
            weight: scan.weight.clone(),
            drop_total_rows: scan.drop_total_rows.clone(),
            predicates,
            moments,
        }
    }

    /// Axis names: period, area, then the breakdowns.
    pub fn axes(&self) -> Vec<String> {
        let mut a = vec!["period".to_string(), "area".to_string()];
        a.extend(self.dims.iter().map(|d| d.name().to_string()));
        a
    }

    /// An empty cube of this spec.
    pub fn empty(&self) -> Result<Cube, gds_cube::CubeError> {
        Cube::new(
            self.dataset.clone(),
            self.axes(),
            self.predicates.clone(),
            self.moments.iter().map(|(m, _)| m.clone()).collect(),
            self.moments.iter().map(|(_, d)| *d).collect(),
        )
    }
}

/// The cube code of a period axis label (`2024`, `2024-H1`).
pub fn period_code(label: &str) -> Option<i64> {
    gds_core::Period::parse(label).map(|p| p.code())
}

/// The granularity a request's periods ask for (None: every period as it is).
pub fn granularity(periods: &[i64]) -> Option<gds_core::Granularity> {
    periods.first().and_then(|p| gds_core::Period::from_code(*p)).map(|p| p.kind)
}

/// The aggregations' sums per (period, area, breakdown codes), from a cube: each aggregation
/// sums its moment over the cells whose signature contains its filters' mask.
pub fn sums_table(cube: &Cube, aggs: &[Agg]) -> Result<crate::exec::Sums, String> {
    use std::collections::BTreeMap;
    let mut rows: BTreeMap<Vec<u32>, Vec<f64>> = BTreeMap::new();
    for (j, a) in aggs.iter().enumerate() {
        let mask = cube.mask(&a.filters).map_err(|p| {
            format!("the cube of {} has no predicate {p:?} (aggregation {})", cube.dataset, a.name)
        })?;
        let m = moment_of(&a.kind);
        let mi = cube.moment(&m).ok_or_else(|| {
            format!("the cube of {} does not sum {m} (aggregation {})", cube.dataset, a.name)
        })?;
        for (codes, s) in cube.sums(mask, mi) {
            rows.entry(codes).or_insert_with(|| vec![0.0; aggs.len()])[j] = cube.to_f64(mi, s);
        }
    }
    // Every cell of the cube appears, with zero sums where no row meets a filter.
    for (k, _) in cube.cells() {
        rows.entry(k.codes.clone()).or_insert_with(|| vec![0.0; aggs.len()]);
    }
    let code = |axis: usize, i: u32| cube.axes[axis].codes[i as usize].clone();
    let mut out = Vec::with_capacity(rows.len());
    for (codes, sums) in rows {
        let Some(period) = period_code(&code(0, codes[0])) else { continue };
        out.push(crate::exec::SumsRow {
            period,
            area: code(1, codes[1]),
            keys: codes[2..].iter().enumerate().map(|(j, i)| code(j + 2, *i)).collect(),
            sums,
        });
    }
    Ok(crate::exec::Sums {
        dims: cube.axes[2..].iter().map(|a| a.name.clone()).collect(),
        index: aggs.iter().enumerate().map(|(i, a)| (a.name.clone(), i)).collect(),
        rows: out,
    })
}
