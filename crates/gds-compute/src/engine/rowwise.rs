//! The row-wise engine: one polars aggregation with a `when(filter).then(w).otherwise(0).sum()`
//! per conditional sum, over the mapped columns. It is the baseline the cube engine is
//! measured and checked against (`gds compute --naive`, one scan per indicator), not the
//! default: float sums in streaming order are not exact, and every filter runs per sum.

use crate::error::ComputeError;
use crate::exec::{Sums, SumsRow};
use crate::plan::{Agg, AggKind, Dim, Scan};
use crate::project::Project;
use gds_core::TOTAL_CODE;
use gds_indicators::Catalogue;
use polars::prelude::*;

fn sql(s: &str) -> Result<Expr, ComputeError> {
    polars::sql::sql_expr(s).map_err(ComputeError::polars(format!("compiling the filter {s:?}")))
}

/// One aggregation's sum. With `frequency` (a count table), `w` is a row's count of units,
/// each of weight one: rows and squared weights sum the counts too.
fn agg_expr(a: &Agg, w: &Expr, frequency: bool) -> Result<Expr, ComputeError> {
    let mut cond: Option<Expr> = None;
    for f in &a.filters {
        let e = sql(f)?;
        cond = Some(match cond {
            None => e,
            Some(c) => c.and(e),
        });
    }
    let value = match &a.kind {
        AggKind::Weighted => w.clone(),
        AggKind::Rows if frequency => w.clone(),
        AggKind::Rows => lit(1.0),
        AggKind::WeightSquared if frequency => w.clone(),
        AggKind::WeightSquared => w.clone() * w.clone(),
        AggKind::WeightedValue(v) => w.clone() * col(v.as_str()).cast(DataType::Float64),
        AggKind::WeightedValueSquared(v) => {
            let x = col(v.as_str()).cast(DataType::Float64);
            w.clone() * x.clone() * x
        }
    };
    let literal_weight = matches!(w, Expr::Literal(_));
    let e = match cond {
        // A literal summed in a group is not broadcast to the group's rows: count them.
        None if !frequency && matches!(a.kind, AggKind::Rows)
            || (literal_weight && matches!(a.kind, AggKind::Weighted | AggKind::WeightSquared)) =>
        {
            return Ok(len().cast(DataType::Float64).alias(a.name.as_str()));
        }
        None => value,
        Some(c) => when(c).then(value).otherwise(lit(0.0)),
    };
    Ok(e.sum().alias(a.name.as_str()))
}

fn dim_expr(d: &Dim) -> Expr {
    match d {
        Dim::Column { name, column } => {
            col(column.as_str()).cast(DataType::String).fill_null(lit("?")).alias(name.as_str())
        }
        Dim::Bins { name, column, bins } => {
            let x = col(column.as_str());
            let mut e: Option<Expr> = None;
            for (code, lo, hi) in bins.iter().rev() {
                let mut c = lit(true);
                if let Some(lo) = lo {
                    c = c.and(x.clone().gt_eq(lit(*lo as i64)));
                }
                if let Some(hi) = hi {
                    c = c.and(x.clone().lt_eq(lit(*hi as i64)));
                }
                let otherwise = e.take().unwrap_or_else(|| lit("?"));
                e = Some(when(c).then(lit(code.clone())).otherwise(otherwise));
            }
            e.unwrap_or_else(|| lit("?")).alias(name.as_str())
        }
    }
}

/// Run one scan with the given aggregations; returns its cube.
pub fn run_scan(
    scan: &Scan,
    aggs: &[Agg],
    project: &Project,
    cat: &Catalogue,
    periods: &[i64],
) -> Result<Sums, ComputeError> {
    // Tables by groups (age group) need the cube engine's check that the groups answer every
    // filter exactly; the row-wise baseline reads single values only.
    if let Some(ds) = cat.datasets.get(&scan.dataset) {
        for src in project.sources_of(&scan.dataset) {
            let mut raw = crate::read::scan_raw(src)?.frame;
            let schema =
                raw.collect_schema().map_err(ComputeError::polars(format!("reading {}", src.display)))?;
            let cols: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
            let resolved = crate::mapping::resolve_columns(src, ds, &cols);
            if let Some((d, fc)) = crate::mapping::group_columns(src, ds, &cols, &resolved).first() {
                return Err(ComputeError::request(
                    format!(
                        "{}: the row-wise engine (--naive) reads single values of {}, and {fc:?} gives {} groups",
                        src.display, d.from, d.name
                    ),
                    Some("compute without --naive".into()),
                ));
            }
        }
    }
    if periods
        .iter()
        .any(|p| gds_core::Period::from_code(*p).is_none_or(|p| p.kind != gds_core::Granularity::Year))
    {
        return Err(ComputeError::request(
            "the row-wise engine (--naive) computes annual periods only",
            Some("compute six-month and quarterly periods without --naive".into()),
        ));
    }
    let Some((mut lf, _keep)) = crate::mapping::scan_dataset(project, cat, &scan.dataset)? else {
        return Ok(Sums::default());
    };
    if !periods.is_empty() && scan.carry_forward {
        // Term-based rosters: each requested period takes the latest term started by then.
        let present = lf
            .clone()
            .select([col(scan.period.as_str()).cast(DataType::Int64).unique().alias("p")])
            .collect()
            .map_err(ComputeError::polars(format!("reading the periods of {}", scan.dataset)))?;
        let present: Vec<i64> = present
            .column("p")
            .ok()
            .and_then(|c| c.i64().ok().map(|x| x.iter().flatten().collect()))
            .unwrap_or_default();
        let mut parts = Vec::new();
        for p in periods {
            if let Some(start) = present.iter().copied().filter(|q| q <= p).max()
                && scan.term_years.is_none_or(|t| *p <= start + t as i64)
            {
                parts.push(
                    lf.clone()
                        .filter(col(scan.period.as_str()).cast(DataType::Int64).eq(lit(start)))
                        .with_column(lit(*p).alias(scan.period.as_str())),
                );
            }
        }
        lf = if parts.is_empty() {
            lf.filter(lit(false))
        } else {
            concat(parts, UnionArgs::default()).map_err(ComputeError::polars("combining terms"))?
        };
    } else if !periods.is_empty() {
        let p = Series::new("p".into(), periods.to_vec());
        lf = lf.filter(col(scan.period.as_str()).is_in(lit(p).implode(false), false));
    }
    for c in &scan.drop_total_rows {
        lf = lf.filter(col(c.as_str()).neq(lit(TOTAL_CODE)).or(col(c.as_str()).is_null()));
    }
    let w = match &scan.weight {
        Some(wc) => col(wc.as_str()).cast(DataType::Float64).fill_null(lit(0.0)),
        None => lit(1.0),
    };
    let mut keys = vec![
        col(scan.period.as_str()).alias("__period"),
        col(scan.area.as_str()).cast(DataType::String).fill_null(lit("?")).alias("__area"),
    ];
    keys.extend(scan.dims.iter().map(dim_expr));
    let exprs = aggs.iter().map(|a| agg_expr(a, &w, scan.aggregate)).collect::<Result<Vec<_>, _>>()?;
    let df = lf
        .group_by(keys)
        .agg(exprs)
        .collect_with_engine(Engine::Streaming)
        .map_err(ComputeError::polars(format!("computing over dataset {}", scan.dataset)))?;
    let df = df.unwrap_single();
    let n = df.height();
    let period = df
        .column("__period")
        .and_then(|c| c.cast(&DataType::Int64))
        .map_err(ComputeError::polars("reading the cube"))?;
    let period = period.i64().map_err(ComputeError::polars("reading the cube"))?.clone();
    let area = df
        .column("__area")
        .map_err(ComputeError::polars("reading the cube"))?
        .str()
        .map_err(ComputeError::polars("reading the cube"))?
        .clone();
    let dims: Vec<StringChunked> = scan
        .dims
        .iter()
        .map(|d| df.column(d.name()).and_then(|c| c.str().cloned()))
        .collect::<PolarsResult<_>>()
        .map_err(ComputeError::polars("reading the cube"))?;
    let sums: Vec<Float64Chunked> = aggs
        .iter()
        .map(|a| df.column(&a.name).and_then(|c| c.cast(&DataType::Float64)).and_then(|c| c.f64().cloned()))
        .collect::<PolarsResult<_>>()
        .map_err(ComputeError::polars("reading the cube"))?;
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let Some(p) = period.get(i) else { continue };
        rows.push(SumsRow {
            period: p,
            area: area.get(i).unwrap_or("?").to_string(),
            keys: dims.iter().map(|d| d.get(i).unwrap_or("?").to_string()).collect(),
            sums: sums.iter().map(|s| s.get(i).unwrap_or(0.0)).collect(),
        });
    }
    Ok(crate::exec::finish(
        Sums {
            dims: scan.dims.iter().map(|d| d.name().to_string()).collect(),
            index: aggs.iter().enumerate().map(|(i, a)| (a.name.clone(), i)).collect(),
            rows,
        },
        scan,
        project,
        &[],
    ))
}
