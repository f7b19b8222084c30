//! Execution: run each fused scan on polars' streaming engine, then re-aggregate the small
//! cubes to areas, levels and margins and compute each measure's statistics.

use crate::error::ComputeError;
use crate::plan::{Agg, AggKind, Dim, IndicatorPlan, Plan, Scan};
use crate::project::Project;
use crate::stats::{self, Cell};
use gds_core::{ResultTable, TOTAL_CODE};
use gds_indicators::Catalogue;
use polars::prelude::*;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// A collected cube: one row per (period, area, dims) with the scan's sums.
#[derive(Debug, Clone, Default)]
pub struct Cube {
    /// Dimension names (besides period and area).
    pub dims: Vec<String>,
    /// Aggregation name → index into `sums`.
    pub index: BTreeMap<String, usize>,
    /// Rows.
    pub rows: Vec<CubeRow>,
}

/// One cube row.
#[derive(Debug, Clone)]
pub struct CubeRow {
    /// Period.
    pub period: i64,
    /// Area code.
    pub area: String,
    /// Dimension codes, aligned with [`Cube::dims`].
    pub keys: Vec<String>,
    /// Sums, aligned with [`Cube::index`].
    pub sums: Vec<f64>,
}

/// Timings of a run.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// (stage, duration).
    pub stages: Vec<(String, Duration)>,
}

/// Whether scans are fused (one per dataset) or naive (one per indicator, for comparison).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// One scan per dataset with every indicator's sums.
    Fused,
    /// One scan per indicator and dataset (the baseline fused plans are measured against).
    Naive,
}

fn sql(s: &str) -> Result<Expr, ComputeError> {
    polars::sql::sql_expr(s).map_err(ComputeError::polars(format!("compiling the filter {s:?}")))
}

fn agg_expr(a: &Agg, w: &Expr) -> Result<Expr, ComputeError> {
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
        AggKind::Rows => lit(1.0),
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
        None if matches!(a.kind, AggKind::Rows)
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
) -> Result<Cube, ComputeError> {
    let Some((mut lf, _keep)) = crate::mapping::scan_dataset(project, cat, &scan.dataset)? else {
        return Ok(Cube::default());
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
            if let Some(start) = present.iter().copied().filter(|q| q <= p).max() {
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
    let exprs = aggs.iter().map(|a| agg_expr(a, &w)).collect::<Result<Vec<_>, _>>()?;
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
        rows.push(CubeRow {
            period: p,
            area: area.get(i).unwrap_or("?").to_string(),
            keys: dims.iter().map(|d| d.get(i).unwrap_or("?").to_string()).collect(),
            sums: sums.iter().map(|s| s.get(i).unwrap_or(0.0)).collect(),
        });
    }
    Ok(finish(
        Cube {
            dims: scan.dims.iter().map(|d| d.name().to_string()).collect(),
            index: aggs.iter().enumerate().map(|(i, a)| (a.name.clone(), i)).collect(),
            rows,
        },
        scan,
        project,
        &[],
    ))
}

/// The cube of a scan from the exact cube engine: the aggregations in groups whose distinct
/// filters fit in one signature, one cube each, summed into one table.
pub fn cube_scan(
    scan: &Scan,
    project: &Project,
    cat: &Catalogue,
    periods: &[i64],
) -> Result<Cube, ComputeError> {
    let ds = cat
        .datasets
        .get(&scan.dataset)
        .ok_or_else(|| ComputeError::request(format!("unknown dataset {}", scan.dataset), None))?;
    let mut groups: Vec<Vec<Agg>> = vec![vec![]];
    let mut filters: Vec<&String> = Vec::new();
    for a in &scan.aggs {
        let new: Vec<&String> = a.filters.iter().filter(|f| !filters.contains(f)).collect();
        if filters.len() + new.len() > gds_cube::MAX_PREDICATES {
            groups.push(vec![]);
            filters.clear();
            filters.extend(a.filters.iter());
        } else {
            filters.extend(new);
        }
        if let Some(g) = groups.last_mut() {
            g.push(a.clone());
        }
    }
    let mut table = Cube::default();
    for aggs in groups.iter().filter(|g| !g.is_empty()) {
        let spec = crate::engine::CubeSpec::of(scan, aggs, ds);
        let cube = crate::engine::polars::build(&spec, project, cat, periods, scan.carry_forward)?;
        let t = crate::engine::sums_table(&cube, aggs).map_err(|e| ComputeError::request(e, None))?;
        merge_cube(&mut table, t);
    }
    if table.index.is_empty() {
        table.dims = scan.dims.iter().map(|d| d.name().to_string()).collect();
    }
    let carried = if scan.carry_forward { periods } else { &[] };
    Ok(finish(table, scan, project, carried))
}

/// The common end of every engine's table: terms carried forward to the requested periods,
/// parent rows of aggregate tables dropped, canonical order.
fn finish(mut cube: Cube, scan: &Scan, project: &Project, carry_to: &[i64]) -> Cube {
    if !carry_to.is_empty() {
        // Term-based rosters: each requested period takes the latest term started by then.
        let present: std::collections::BTreeSet<i64> = cube.rows.iter().map(|r| r.period).collect();
        let mut rows = Vec::new();
        for p in carry_to {
            if let Some(start) = present.range(..=*p).next_back() {
                rows.extend(
                    cube.rows
                        .iter()
                        .filter(|r| r.period == *start)
                        .map(|r| CubeRow { period: *p, ..r.clone() }),
                );
            }
        }
        cube.rows = rows;
    }
    let rows = &mut cube.rows;
    if scan.aggregate && !project.areas.is_empty() {
        // A parent area's row beside rows of its sub-areas is a check, not data: drop it so
        // it is not added to itself (validation has compared it with the parts' sum).
        let present: std::collections::BTreeSet<(i64, &str)> =
            rows.iter().map(|r| (r.period, r.area.as_str())).collect();
        let mut covered: std::collections::BTreeSet<(i64, String)> = Default::default();
        for (p, a) in &present {
            let mut current = project.areas.get(a).and_then(|x| x.parent.clone());
            let mut guard = 0;
            while let Some(c) = current {
                guard += 1;
                if guard > 16 {
                    break;
                }
                current = project.areas.get(&c).and_then(|x| x.parent.clone());
                covered.insert((*p, c));
            }
        }
        rows.retain(|r| !covered.contains(&(r.period, r.area.clone())));
    }
    // Canonical row order, independent of the engine's output order.
    rows.sort_by(|a, b| (a.period, &a.area, &a.keys).cmp(&(b.period, &b.area, &b.keys)));
    cube
}

/// A target cell: (area, level, share of the source row).
type Target = (String, String, f64);

/// Target cells of one cube row: (area, level, share) for the area itself and its ancestors.
fn targets(
    project: &Project,
    level: &str,
    area: &str,
    period: i64,
    as_of: Option<&str>,
) -> Vec<(String, String, f64)> {
    let areas = &project.areas;
    if level == "total" {
        return vec![(TOTAL_CODE.into(), "total".into(), 1.0)];
    }
    if areas.is_empty() {
        return vec![(area.to_string(), "area".into(), 1.0), (TOTAL_CODE.into(), "total".into(), 1.0)];
    }
    let units: Vec<(String, f64)> = match as_of {
        Some(d) => areas.successors(area, d),
        None => vec![(area.to_string(), 1.0)],
    };
    let want_rank = areas.iter().find(|a| a.level == level).map(|_| ()).and(Some(level));
    let rank_of = |lvl: &str| -> u8 {
        match lvl {
            "national" => 0,
            "province" => 1,
            "district" => 2,
            "commune" => 3,
            _ => 4,
        }
    };
    let max_rank = want_rank.map_or(3, rank_of);
    let mut out = Vec::new();
    for (u, share) in units {
        let Some(a) = areas.get(&u) else {
            out.push((u.clone(), "unlisted".into(), share));
            continue;
        };
        let mut current = Some(a);
        let mut guard = 0;
        while let Some(c) = current {
            guard += 1;
            if guard > 16 {
                break;
            }
            // A district row only for years it existed (units of their own year), unless
            // reporting on today's units.
            let exists = as_of.is_some() || c.valid_in_year(period as i32);
            if rank_of(&c.level) <= max_rank && exists {
                out.push((c.code.clone(), c.level.clone(), share));
            }
            current = c.parent.as_deref().and_then(|p| areas.get(p));
        }
    }
    out
}

use crate::stats::CellKey;

/// Sum an indicator's inputs into cells: areas at the requested levels × periods × every
/// margin of its dimensions (`_T` = all).
fn accumulate(
    ip: &IndicatorPlan,
    cubes: &BTreeMap<String, Cube>,
    project: &Project,
    plan: &Plan,
) -> BTreeMap<CellKey, BTreeMap<String, f64>> {
    let mut cells: BTreeMap<CellKey, BTreeMap<String, f64>> = BTreeMap::new();
    let prefix = format!("{}#", ip.id);
    for (dataset, names) in &ip.inputs {
        let Some(cube) = cubes.get(dataset) else { continue };
        let pos: Vec<Option<usize>> = ip.dims.iter().map(|d| cube.dims.iter().position(|x| x == d)).collect();
        let idx: Vec<(String, usize)> = names
            .iter()
            .filter_map(|n| cube.index.get(n).map(|i| (n.trim_start_matches(&prefix).to_string(), *i)))
            .collect();
        let subsets = 1usize << ip.dims.len();
        let mut target_cache: BTreeMap<(String, i64), Vec<Target>> = BTreeMap::new();
        for row in &cube.rows {
            let tg = target_cache
                .entry((row.area.clone(), row.period))
                .or_insert_with(|| {
                    targets(
                        project,
                        &plan.request.level,
                        &row.area,
                        row.period,
                        plan.request.as_of.as_deref(),
                    )
                })
                .clone();
            for mask in 0..subsets {
                let keys: Vec<String> = pos
                    .iter()
                    .enumerate()
                    .map(|(j, p)| {
                        if mask & (1 << j) != 0 {
                            TOTAL_CODE.to_string()
                        } else {
                            p.and_then(|p| row.keys.get(p).cloned()).unwrap_or_else(|| TOTAL_CODE.to_string())
                        }
                    })
                    .collect();
                for (area, level, share) in &tg {
                    let cell =
                        cells.entry((area.clone(), level.clone(), row.period, keys.clone())).or_default();
                    for (role, i) in &idx {
                        *cell.entry(role.clone()).or_default() += row.sums[*i] * share;
                    }
                }
            }
        }
    }
    cells
}

/// Run a plan: scans (fused or naive), then statistics. Returns the results and timings.
pub fn execute(
    plan: &Plan,
    project: &Project,
    cat: &Catalogue,
    strategy: Strategy,
    progress: &mut dyn FnMut(&str),
) -> Result<(ResultTable, Timings), ComputeError> {
    let mut timings = Timings::default();
    let mut cubes: BTreeMap<String, Cube> = BTreeMap::new();
    match strategy {
        Strategy::Fused => {
            for scan in &plan.scans {
                progress(&format!("scanning {}", scan.dataset));
                let t = Instant::now();
                let cube = cube_scan(scan, project, cat, &plan.request.periods)?;
                timings
                    .stages
                    .push((format!("scan {} ({} rows in cube)", scan.dataset, cube.rows.len()), t.elapsed()));
                cubes.insert(scan.dataset.clone(), cube);
            }
        }
        Strategy::Naive => {
            for scan in &plan.scans {
                let t = Instant::now();
                let mut merged = Cube::default();
                let mut by_indicator: BTreeMap<&str, Vec<Agg>> = BTreeMap::new();
                for a in &scan.aggs {
                    let id = a.name.split('#').next().unwrap_or("");
                    by_indicator.entry(id).or_default().push(a.clone());
                }
                for (id, aggs) in by_indicator {
                    progress(&format!("scanning {} for {id}", scan.dataset));
                    let cube = run_scan(scan, &aggs, project, cat, &plan.request.periods)?;
                    merge_cube(&mut merged, cube);
                }
                timings.stages.push((format!("scan {} naively", scan.dataset), t.elapsed()));
                cubes.insert(scan.dataset.clone(), merged);
            }
        }
    }
    let t = Instant::now();
    let mut dims: Vec<String> = Vec::new();
    for ip in &plan.indicators {
        for d in &ip.dims {
            if !dims.contains(d) {
                dims.push(d.clone());
            }
        }
    }
    dims.sort_by_key(|d| (d != "sex", d.clone()));
    let mut table = ResultTable::new(dims.clone());
    let mut computed: BTreeMap<String, BTreeMap<CellKey, Cell>> = BTreeMap::new();
    for ip in &plan.indicators {
        let ind = cat
            .indicator(&ip.id)
            .ok_or_else(|| ComputeError::request(format!("unknown indicator {}", ip.id), None))?;
        let cells: BTreeMap<CellKey, Cell> = match &ip.base {
            Some(base) => {
                let Some(base_cells) = computed.get(base) else { continue };
                let base_plan = plan.indicators.iter().find(|p| &p.id == base);
                let sex_pos = base_plan.and_then(|b| b.dims.iter().position(|d| d == "sex"));
                stats::derive(
                    ind,
                    cat,
                    base_cells,
                    sex_pos,
                    base_plan.map(|b| b.dims.as_slice()).unwrap_or(&[]),
                    &ip.dims,
                    plan.request.confidence,
                )
            }
            None if matches!(ip.kind.as_str(), "gdi" | "gii") => stats::composite(ind, project, cat, plan)?,
            None => {
                let sums = accumulate(ip, &cubes, project, plan);
                sums.into_iter()
                    .map(|(k, s)| {
                        let c = stats::cell(ind, &s, plan.request.confidence);
                        (k, c)
                    })
                    .collect()
            }
        };
        for ((area, level, period, keys), c) in &cells {
            let full_keys: Vec<String> = dims
                .iter()
                .map(|d| {
                    ip.dims.iter().position(|x| x == d).map_or(TOTAL_CODE.to_string(), |i| keys[i].clone())
                })
                .collect();
            table.rows.push(stats::row(
                ind,
                cat,
                area,
                level,
                *period,
                full_keys,
                ip.dims.iter().position(|d| d == "sex").map(|i| keys[i].as_str()),
                c,
                plan.request.suppress,
            ));
        }
        computed.insert(ip.id.clone(), cells);
    }
    if plan.request.suppress {
        let is_count = |id: &str| {
            cat.indicator(id)
                .is_some_and(|i| matches!(i.measure, Some(gds_indicators::Measure::Count { .. })))
        };
        crate::suppress::complementary(&mut table, &project.areas, &is_count);
    }
    table.sort_canonical();
    timings.stages.push(("statistics".into(), t.elapsed()));
    Ok((table, timings))
}

fn merge_cube(into: &mut Cube, cube: Cube) {
    if into.index.is_empty() && into.rows.is_empty() {
        *into = cube;
        return;
    }
    // Both cubes have the same dims (same scan); merge sums by key.
    let offset = into.index.len();
    for (k, v) in cube.index {
        into.index.insert(k, v + offset);
    }
    let width = into.index.len();
    let mut map: BTreeMap<(i64, String, Vec<String>), Vec<f64>> = BTreeMap::new();
    for r in into.rows.drain(..) {
        let mut s = r.sums;
        s.resize(width, 0.0);
        map.insert((r.period, r.area, r.keys), s);
    }
    for r in cube.rows {
        let e = map.entry((r.period, r.area, r.keys)).or_insert_with(|| vec![0.0; width]);
        for (i, v) in r.sums.into_iter().enumerate() {
            e[offset + i] += v;
        }
    }
    into.rows =
        map.into_iter().map(|((period, area, keys), sums)| CubeRow { period, area, keys, sums }).collect();
}
