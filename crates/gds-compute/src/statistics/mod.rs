//! Statistics: the scans' sums rolled up to areas, levels and margins on the area graph, each
//! measure's statistic per cell (`stats`), and complementary suppression (`suppress`) — the
//! bottom of the hourglass, from cubes to the `ResultTable`.

pub mod published;
pub mod stats;
pub mod suppress;

use crate::error::ComputeError;
use crate::exec::{Sums, Timings};
use crate::plan::{IndicatorPlan, Plan};
use crate::project::Project;
use gds_core::{ResultTable, TOTAL_CODE};
use gds_indicators::Catalogue;
use stats::{Cell, CellKey};
use std::collections::BTreeMap;
use std::time::Instant;

/// A target cell: (area, level, share of the source row).
type Target = (String, String, f64);

/// The rank of an area level, from the top: national 0, province 1, district 2, commune 3;
/// anything else 4.
pub(crate) fn level_rank(level: &str) -> u8 {
    match level {
        "national" => 0,
        "province" => 1,
        "district" => 2,
        "commune" => 3,
        _ => 4,
    }
}

/// The rank of the lowest level results are given for: the requested level when the area
/// list has it, else the commune.
pub(crate) fn lowest_rank(project: &Project, level: &str) -> u8 {
    if project.areas.iter().any(|a| a.level == level) { level_rank(level) } else { 3 }
}

/// The areas of the results a cell of `area` in `year` enters: the unit and every unit above
/// it, or on `as_of` the units it went to and theirs (the roll-up's own targets).
pub fn areas_entered(project: &Project, area: &str, year: i64, as_of: Option<&str>) -> Vec<String> {
    targets(project, "commune", area, year, as_of).into_iter().map(|(a, _, _)| a).collect()
}

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
    let max_rank = lowest_rank(project, level);
    let mut out = Vec::new();
    // The unit a code names at the data's date (a code can be reused after a reform).
    let at = |code: &str| -> Option<&gds_core::Area> {
        match as_of {
            Some(d) => areas.get_on(code, d),
            None => areas.get_in_year(code, gds_core::Period::year_of(period)),
        }
        .or_else(|| areas.get(code))
    };
    for (u, share) in units {
        let Some(a) = at(&u) else {
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
            let exists = as_of.is_some() || c.valid_in_year(gds_core::Period::year_of(period));
            if level_rank(&c.level) <= max_rank && exists {
                out.push((c.code.clone(), c.level.clone(), share));
            }
            current = c.parent.as_deref().and_then(at);
        }
    }
    out
}

/// Sum an indicator's inputs into cells: areas at the requested levels × periods × every
/// margin of its dimensions (`_T` = all).
fn accumulate(
    ip: &IndicatorPlan,
    cubes: &BTreeMap<String, Sums>,
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

/// Statistics of every indicator of the plan from the scans' tables.
pub fn statistics(
    plan: &Plan,
    project: &Project,
    cat: &Catalogue,
    cubes: &BTreeMap<String, Sums>,
    timings: &mut Timings,
) -> Result<ResultTable, ComputeError> {
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
            None if ip.kind == crate::plan::PUBLISHED => published::cells(ind, ip, project, cat, plan)?,
            None => {
                let sums = accumulate(ip, cubes, project, plan);
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
        // Published estimates are published already: withholding more of them protects
        // nothing, so they (and the gaps and ratios between them) are left out of it.
        let mut from_table: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        for ip in &plan.indicators {
            if ip.kind == crate::plan::PUBLISHED || ip.base.as_deref().is_some_and(|b| from_table.contains(b))
            {
                from_table.insert(ip.id.as_str());
            }
        }
        let (kept, rest): (Vec<_>, Vec<_>) =
            table.rows.drain(..).partition(|r| from_table.contains(r.indicator.as_str()));
        table.rows = rest;
        crate::suppress::complementary(&mut table, &project.areas, &is_count);
        table.rows.extend(kept);
    }
    table.sort_canonical();
    timings.stages.push(("statistics".into(), t.elapsed()));
    Ok(table)
}
