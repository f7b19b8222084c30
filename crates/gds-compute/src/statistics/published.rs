//! Results from a table of published estimates (`table = "estimates"`): a survey office's
//! rates with their standard errors or numbers of observations, read as the result cells of
//! their indicator. Each row is one result; nothing is summed or rolled up (estimates of two
//! areas do not add), and gaps and ratios between two estimates take their intervals from
//! the standard errors.
//!
//! Reliability: with an n, the indicator's small-number rule on n; with a standard error, the
//! coefficient of variation (Statistics Canada's bands: above 33.3 % withheld, from 16.6 %
//! published with caution); with both, the stricter.

use super::stats::{Cell, Cells};
use crate::error::ComputeError;
use crate::plan::{IndicatorPlan, Plan};
use crate::project::Project;
use gds_core::{ObsStatus, TOTAL_CODE};
use gds_indicators::{Catalogue, ColumnType, Indicator};
use gds_stats::Interval;
use polars::prelude::*;
use std::collections::BTreeMap;

/// Coefficient of variation above which an estimate is withheld.
pub const CV_SUPPRESS: f64 = 0.333;
/// Coefficient of variation from which an estimate is published with caution.
pub const CV_CAUTION: f64 = 0.166;

/// The result cells of `ind` from the project's tables of its published estimates.
pub fn cells(
    ind: &Indicator,
    ip: &IndicatorPlan,
    project: &Project,
    cat: &Catalogue,
    plan: &Plan,
) -> Result<Cells, ComputeError> {
    let mut out: Cells = BTreeMap::new();
    if plan.request.as_of.is_some() {
        return Err(ComputeError::request(
            format!(
                "{}: published estimates cannot be mapped to the units of another date (--as-of)",
                ind.id
            ),
            Some("compute without --as-of, or give the estimates of the new units".into()),
        ));
    }
    let z = gds_stats::z_for(plan.request.confidence);
    for src in project.estimates.iter().filter(|e| e.def.indicator.as_deref() == Some(ind.id.as_str())) {
        let Some(ds) = cat.datasets.get(&src.def.dataset) else { continue };
        let what = format!("reading {}", src.display);
        // The table is small: read once, then mapped (codes) and parsed (numbers) from memory.
        let mut file =
            crate::read::scan_raw(src)?.frame.collect().map_err(ComputeError::polars(what.clone()))?.lazy();
        let schema = file.collect_schema().map_err(ComputeError::polars(what.clone()))?;
        let mapped = crate::mapping::map_source(src, cat, ds, file.clone())?;
        let df = mapped.frame.collect().map_err(ComputeError::polars(what.clone()))?;
        // Numbers parsed as the gate checked them (the source's separators).
        let numbers: Vec<Expr> = [&src.def.estimate, &src.def.se, &src.def.n]
            .iter()
            .enumerate()
            .map(|(i, c)| match c {
                Some(c) => crate::mapping::units_expr(src, cat, c, &schema).alias(format!("__e{i}")),
                None => lit(NULL).cast(DataType::Float64).alias(format!("__e{i}")),
            })
            .collect();
        let numbers = file.select(numbers).collect().map_err(ComputeError::polars(what.clone()))?;
        let numbers: Vec<Vec<Option<f64>>> = (0..3)
            .map(|k| {
                numbers
                    .column(&format!("__e{k}"))
                    .ok()
                    .and_then(|c| {
                        c.f64().ok().map(|x| x.iter().map(|v| v.filter(|v| v.is_finite())).collect())
                    })
                    .unwrap_or_default()
            })
            .collect();
        let number = |i: usize, k: usize| numbers[k].get(i).copied().flatten();
        // Each mapped column's texts, once.
        let texts: BTreeMap<&str, Vec<Option<String>>> = df
            .columns()
            .iter()
            .map(|c| {
                let v = c.cast(&DataType::String).ok();
                let v: Vec<Option<String>> = v
                    .as_ref()
                    .and_then(|v| v.str().ok())
                    .map(|s| {
                        s.iter().map(|x| x.map(|x| x.trim().to_string()).filter(|x| !x.is_empty())).collect()
                    })
                    .unwrap_or_default();
                (c.name().as_str(), v)
            })
            .collect();
        let text = |c: &str, i: usize| texts.get(c).and_then(|v| v.get(i).cloned().flatten());
        // Code columns of the table that are no breakdown of the request: only their totals.
        let others: Vec<&str> = ds
            .columns
            .iter()
            .filter(|c| c.kind == ColumnType::Code && !ip.dims.contains(&c.name))
            .filter(|c| mapped.resolved.get(&c.name).is_some_and(Option::is_some))
            .map(|c| c.name.as_str())
            .collect();
        let area_col = ds.area_column().unwrap_or("area");
        let period_col = ds.period_column().unwrap_or("period");
        for i in 0..df.height() {
            let (Some(area), Some(period)) = (text(area_col, i), text(period_col, i)) else {
                continue;
            };
            let Some(p) = crate::engine::period_code(&period) else { continue };
            if !plan.request.periods.is_empty() && !plan.request.periods.contains(&p) {
                continue;
            }
            if others.iter().any(|c| text(c, i).as_deref().is_some_and(|v| v != TOTAL_CODE)) {
                continue;
            }
            let level = if area == TOTAL_CODE {
                "total".to_string()
            } else {
                project
                    .areas
                    .unit_of_row(&area, &period, None)
                    .map_or("area".to_string(), |a| a.level.clone())
            };
            // Levels below the requested one are left out, as for computed results.
            if area != TOTAL_CODE
                && level != "area"
                && super::level_rank(&level) > super::lowest_rank(project, &plan.request.level)
            {
                continue;
            }
            let keys: Vec<String> =
                ip.dims.iter().map(|d| text(d, i).unwrap_or_else(|| TOTAL_CODE.to_string())).collect();
            let (value, se, n) = (number(i, 0), number(i, 1), number(i, 2));
            let mut c =
                Cell { value, n: n.unwrap_or(f64::NAN), se, method: Some("published-se"), ..Cell::default() };
            c.note = Some(format!("published estimate ({})", src.display));
            match (value, se) {
                (None, _) => {
                    c.missing = Some((ObsStatus::NoData, format!("{} gives no estimate", src.display)));
                }
                (Some(v), Some(se)) => {
                    c.interval = Some(Interval { lower: v - z * se, upper: v + z * se });
                    let cv = if v != 0.0 {
                        se / v.abs()
                    } else if se == 0.0 {
                        0.0
                    } else {
                        f64::INFINITY
                    };
                    if cv > CV_SUPPRESS {
                        c.missing = Some((
                            ObsStatus::Suppressed,
                            format!("CV = {:.1} % > {:.1} %: withheld", 100.0 * cv, 100.0 * CV_SUPPRESS),
                        ));
                    } else if cv >= CV_CAUTION {
                        c.missing = Some((
                            ObsStatus::LowN,
                            format!(
                                "CV = {:.1} % ≥ {:.1} %: interpret with caution",
                                100.0 * cv,
                                100.0 * CV_CAUTION
                            ),
                        ));
                    }
                }
                (Some(_), None) => {}
            }
            let key = (area, level, p, keys);
            if out.contains_key(&key) {
                return Err(ComputeError::request(
                    format!(
                        "{}: two estimates of {} for {} {} {:?}",
                        src.display, ind.id, key.0, key.2, key.3
                    ),
                    Some("give each result once (one table per indicator, no repeated rows)".into()),
                ));
            }
            out.insert(key, c);
        }
    }
    Ok(out)
}
