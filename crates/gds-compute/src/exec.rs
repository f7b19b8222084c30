//! Execution: the waist of the hourglass. Each scan of the plan gets its cubes (built by the
//! cube engine, read from a cube folder, or — for comparison — summed by the row-wise
//! engine), the cubes become the scans' sums tables, and the statistics read only those.

use crate::engine::rowwise::run_scan;
use crate::error::ComputeError;
use crate::plan::{Agg, Plan, Scan};
use crate::project::Project;
use crate::statistics::statistics;
use gds_core::ResultTable;
use gds_indicators::Catalogue;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// A scan's sums table: one row per (period, area, dims) with each aggregation's sum, read
/// off the cube (or summed by the row-wise engine).
#[derive(Debug, Clone, Default)]
pub struct Sums {
    /// Dimension names (besides period and area).
    pub dims: Vec<String>,
    /// Aggregation name → index into `sums`.
    pub index: BTreeMap<String, usize>,
    /// Rows.
    pub rows: Vec<SumsRow>,
}

/// One cube row.
#[derive(Debug, Clone)]
pub struct SumsRow {
    /// Period.
    pub period: i64,
    /// Area code.
    pub area: String,
    /// Dimension codes, aligned with [`Sums::dims`].
    pub keys: Vec<String>,
    /// Sums, aligned with [`Sums::index`].
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

/// The aggregations of a scan in groups whose distinct filters fit in one signature.
fn agg_groups(scan: &Scan) -> Vec<Vec<Agg>> {
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
    groups.retain(|g| !g.is_empty());
    groups
}

/// The exact cubes of a scan (one per group of aggregations), built with polars.
pub fn scan_cubes(
    scan: &Scan,
    project: &Project,
    cat: &Catalogue,
    periods: &[i64],
    mut screens: Option<&mut Screens>,
    engine: Option<&crate::engine::sql::SqlEngine>,
) -> Result<Vec<(Vec<Agg>, gds_cube::Cube)>, ComputeError> {
    let ds = cat
        .datasets
        .get(&scan.dataset)
        .ok_or_else(|| ComputeError::request(format!("unknown dataset {}", scan.dataset), None))?;
    agg_groups(scan)
        .into_iter()
        .map(|aggs| {
            let spec = crate::engine::CubeSpec::of(scan, &aggs, ds);
            let cube = crate::engine::polars::build(
                &spec,
                project,
                cat,
                periods,
                scan.carry_forward,
                screens.as_deref_mut(),
                engine,
            )?;
            Ok((aggs, cube))
        })
        .collect()
}

/// Every cube of a plan, for `gds cube`.
pub fn plan_cubes(
    plan: &Plan,
    project: &Project,
    cat: &Catalogue,
) -> Result<Vec<gds_cube::Cube>, ComputeError> {
    plan_cubes_screened(plan, project, cat, None, None)
}

/// Every cube of a plan, screening the sources it reads for the gate in the same reads
/// (into `screens`, by source index; see [`crate::validate::validate_screened`]).
pub fn plan_cubes_screened(
    plan: &Plan,
    project: &Project,
    cat: &Catalogue,
    mut screens: Option<&mut Screens>,
    engine: Option<&crate::engine::sql::SqlEngine>,
) -> Result<Vec<gds_cube::Cube>, ComputeError> {
    let mut out = Vec::new();
    for scan in &plan.scans {
        out.extend(
            scan_cubes(scan, project, cat, &plan.request.periods, screens.as_deref_mut(), engine)?
                .into_iter()
                .map(|(_, c)| c),
        );
    }
    Ok(out)
}

/// Screening counts of sources, by their index in the project, from the reads that built
/// their cubes.
pub type Screens = BTreeMap<usize, crate::sources::screen::Screened>;

/// The sums table of a scan from its cubes.
fn table_of(
    scan: &Scan,
    cubes: &[(Vec<Agg>, &gds_cube::Cube)],
    project: &Project,
    periods: &[i64],
) -> Result<Sums, ComputeError> {
    let mut table = Sums::default();
    for (aggs, cube) in cubes {
        let t = crate::engine::sums_table(cube, aggs).map_err(|e| {
            ComputeError::request(
                e,
                Some("rebuild the cubes with `gds cube` for this catalogue and request".into()),
            )
        })?;
        merge_cube(&mut table, t);
    }
    if table.index.is_empty() {
        table.dims = scan.dims.iter().map(|d| d.name().to_string()).collect();
    }
    if !periods.is_empty() && !scan.carry_forward {
        table.rows.retain(|r| periods.contains(&r.period));
    }
    let carried = if scan.carry_forward { periods } else { &[] };
    Ok(finish(table, scan, project, carried))
}

/// The cube of a scan from the exact cube engine: the aggregations in groups whose distinct
/// filters fit in one signature, one cube each, summed into one table.
pub fn cube_scan(
    scan: &Scan,
    project: &Project,
    cat: &Catalogue,
    periods: &[i64],
    screens: Option<&mut Screens>,
    engine: Option<&crate::engine::sql::SqlEngine>,
) -> Result<Sums, ComputeError> {
    let cubes = scan_cubes(scan, project, cat, periods, screens, engine)?;
    let refs: Vec<(Vec<Agg>, &gds_cube::Cube)> = cubes.iter().map(|(a, c)| (a.clone(), c)).collect();
    table_of(scan, &refs, project, periods)
}

/// The table of a scan from stored cubes: each aggregation from a cube of its dataset that
/// holds its predicates and moment; the request's breakdowns must be axes of that cube.
pub fn stored_scan(
    scan: &Scan,
    stored: &[gds_cube::Cube],
    project: &Project,
    periods: &[i64],
) -> Result<Sums, ComputeError> {
    let mine: Vec<&gds_cube::Cube> = stored.iter().filter(|c| c.dataset == scan.dataset).collect();
    let hint =
        || Some("rebuild the cubes with `gds cube PROJECT --by ... --out DIR` for this request".to_string());
    if mine.is_empty() {
        return Err(ComputeError::request(
            format!("no cube of dataset {} in the cube folder", scan.dataset),
            hint(),
        ));
    }
    let mut groups: Vec<(Vec<Agg>, &gds_cube::Cube)> = Vec::new();
    for a in &scan.aggs {
        let fits = |c: &gds_cube::Cube| {
            c.mask(&a.filters).is_ok()
                && c.moment(&crate::engine::moment_of(&a.kind)).is_some()
                && scan.dims.iter().all(|d| c.axes.iter().skip(2).any(|x| x.name == d.name()))
        };
        let Some(i) = mine.iter().position(|c| fits(c)) else {
            return Err(ComputeError::request(
                format!(
                    "no cube of dataset {} holds what {} needs (its filters, its sums and the breakdowns {})",
                    scan.dataset,
                    a.name,
                    scan.dims.iter().map(|d| d.name()).collect::<Vec<_>>().join(", ")
                ),
                hint(),
            ));
        };
        match groups.iter_mut().find(|(_, c)| std::ptr::eq(*c, mine[i])) {
            Some(g) => g.0.push(a.clone()),
            None => groups.push((vec![a.clone()], mine[i])),
        }
    }
    table_of(scan, &groups, project, periods)
}

/// The common end of every engine's table: terms carried forward to the requested periods,
/// parent rows of aggregate tables dropped, canonical order.
pub(crate) fn finish(mut cube: Sums, scan: &Scan, project: &Project, carry_to: &[i64]) -> Sums {
    if !carry_to.is_empty() {
        // Term-based rosters: each requested period takes the latest term started by then.
        // A term's period is the year it started; a sub-annual period takes the term of its
        // year, and no term serves a year past its end (`term-years`).
        let present: std::collections::BTreeSet<i64> = cube.rows.iter().map(|r| r.period).collect();
        let mut rows = Vec::new();
        for p in carry_to {
            let year = gds_core::Period::year_of(*p) as i64;
            if let Some(start) = present.range(..=year).next_back()
                && scan.term_years.is_none_or(|t| year <= *start + t as i64)
            {
                rows.extend(
                    cube.rows
                        .iter()
                        .filter(|r| r.period == *start)
                        .map(|r| SumsRow { period: *p, ..r.clone() }),
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
            let year = gds_core::Period::year_of(*p);
            let at = |code: &str| project.areas.get_in_year(code, year).or_else(|| project.areas.get(code));
            let mut current = at(a).and_then(|x| x.parent.clone());
            let mut guard = 0;
            while let Some(c) = current {
                guard += 1;
                if guard > 16 {
                    break;
                }
                current = at(&c).and_then(|x| x.parent.clone());
                covered.insert((*p, c));
            }
        }
        rows.retain(|r| !covered.contains(&(r.period, r.area.clone())));
    }
    // Canonical row order, independent of the engine's output order.
    rows.sort_by(|a, b| (a.period, &a.area, &a.keys).cmp(&(b.period, &b.area, &b.keys)));
    cube
}

/// Run a plan: scans (fused or naive), then statistics. Returns the results and timings.
pub fn execute(
    plan: &Plan,
    project: &Project,
    cat: &Catalogue,
    strategy: Strategy,
    progress: &mut dyn FnMut(&str),
) -> Result<(ResultTable, Timings), ComputeError> {
    let (cubes, mut timings) = match strategy {
        Strategy::Fused => scan_all(plan, project, cat, progress, None, None)?,
        Strategy::Naive => {
            let mut timings = Timings::default();
            let mut cubes: BTreeMap<String, Sums> = BTreeMap::new();
            for scan in &plan.scans {
                let t = Instant::now();
                let mut merged = Sums::default();
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
            (cubes, timings)
        }
    };
    let table = statistics(plan, project, cat, &cubes, &mut timings)?;
    Ok((table, timings))
}

/// The sums tables of every scan of a plan, from cubes built by the cube engine; with
/// `screens`, each source read is also screened for the gate in the same read.
pub fn scan_all(
    plan: &Plan,
    project: &Project,
    cat: &Catalogue,
    progress: &mut dyn FnMut(&str),
    mut screens: Option<&mut Screens>,
    engine: Option<&crate::engine::sql::SqlEngine>,
) -> Result<(BTreeMap<String, Sums>, Timings), ComputeError> {
    let mut timings = Timings::default();
    let mut cubes: BTreeMap<String, Sums> = BTreeMap::new();
    for scan in &plan.scans {
        progress(&format!("scanning {}", scan.dataset));
        let t = Instant::now();
        let cube = cube_scan(scan, project, cat, &plan.request.periods, screens.as_deref_mut(), engine)?;
        timings
            .stages
            .push((format!("scan {} ({} rows in cube)", scan.dataset, cube.rows.len()), t.elapsed()));
        cubes.insert(scan.dataset.clone(), cube);
    }
    Ok((cubes, timings))
}

/// The results of a plan from the sums tables of [`scan_all`].
pub fn results(
    plan: &Plan,
    project: &Project,
    cat: &Catalogue,
    cubes: &BTreeMap<String, Sums>,
    mut timings: Timings,
) -> Result<(ResultTable, Timings), ComputeError> {
    let table = statistics(plan, project, cat, cubes, &mut timings)?;
    Ok((table, timings))
}

/// Run a plan on stored cubes (`gds compute --from-cubes`): no data are read.
pub fn execute_stored(
    plan: &Plan,
    project: &Project,
    cat: &Catalogue,
    stored: &[gds_cube::Cube],
) -> Result<(ResultTable, Timings), ComputeError> {
    let mut timings = Timings::default();
    let t = Instant::now();
    let mut cubes: BTreeMap<String, Sums> = BTreeMap::new();
    for scan in &plan.scans {
        cubes.insert(scan.dataset.clone(), stored_scan(scan, stored, project, &plan.request.periods)?);
    }
    timings.stages.push(("read cubes".into(), t.elapsed()));
    let table = statistics(plan, project, cat, &cubes, &mut timings)?;
    Ok((table, timings))
}

fn merge_cube(into: &mut Sums, cube: Sums) {
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
        map.into_iter().map(|((period, area, keys), sums)| SumsRow { period, area, keys, sums }).collect();
}
