//! The plan: catalogue + project + request → one fused scan per dataset.
//!
//! Each dataset is scanned once, grouped at the finest breakdown the request needs, with every
//! indicator's conditional sums in the same aggregation. Totals, margins and parent areas are
//! re-aggregated from that small cube (sums are additive: a ratio of sums, never an average of
//! ratios). The plan is plain data; [`Plan::explain`] prints it as stable text.

use crate::error::ComputeError;
use gds_indicators::{Catalogue, Dataset, DatasetKind, Indicator, Measure};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// What to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// Indicator ids (empty: every computable indicator).
    pub indicators: Vec<String>,
    /// Themes to include (empty: all).
    pub themes: Vec<String>,
    /// Periods (empty: all present in the data).
    pub periods: Vec<i64>,
    /// Lowest area level reported (`commune`, `district`, `province`, or `total`).
    pub level: String,
    /// Requested breakdowns (dimension names such as `sex`, `age_group`, `urban_rural`).
    pub breakdowns: Vec<String>,
    /// Report on the units valid on this date (crosswalk), instead of the units of each year.
    pub as_of: Option<String>,
    /// Confidence level of intervals.
    pub confidence: f64,
    /// Apply the small-number rules (suppress / flag). Turn off only for internal checks,
    /// never for publication.
    pub suppress: bool,
}

impl Default for Request {
    fn default() -> Self {
        Request {
            indicators: vec![],
            themes: vec![],
            periods: vec![],
            level: "commune".into(),
            breakdowns: vec!["sex".into()],
            as_of: None,
            confidence: 0.95,
            suppress: true,
        }
    }
}

/// What one aggregation sums.
#[derive(Debug, Clone, PartialEq)]
pub enum AggKind {
    /// Σ w over rows meeting the filter (w = weight, count, or 1).
    Weighted,
    /// Number of rows meeting the filter.
    Rows,
    /// Σ w² (Kish effective n).
    WeightSquared,
    /// Σ w·x of a column.
    WeightedValue(String),
    /// Σ w·x² of a column.
    WeightedValueSquared(String),
}

/// One conditional sum of a scan.
#[derive(Debug, Clone, PartialEq)]
pub struct Agg {
    /// Output column name (`<indicator>#<role>`).
    pub name: String,
    /// SQL conditions, all of which must hold (`and`).
    pub filters: Vec<String>,
    /// What is summed.
    pub kind: AggKind,
}

/// A breakdown dimension of a scan's cube.
#[derive(Debug, Clone, PartialEq)]
pub enum Dim {
    /// A code column used as is.
    Column {
        /// Dimension name.
        name: String,
        /// Column.
        column: String,
    },
    /// Bins of a numeric column by a code list (e.g. 5-year age groups).
    Bins {
        /// Dimension name.
        name: String,
        /// Source column.
        column: String,
        /// (code, min, max) in order.
        bins: Vec<(String, Option<u16>, Option<u16>)>,
    },
}

impl Dim {
    /// Dimension name.
    pub fn name(&self) -> &str {
        match self {
            Dim::Column { name, .. } | Dim::Bins { name, .. } => name,
        }
    }
}

/// One fused scan.
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    /// Dataset id.
    pub dataset: String,
    /// Source files.
    pub sources: Vec<String>,
    /// Weight column (microdata) or count column (aggregate), if any.
    pub weight: Option<String>,
    /// Area column.
    pub area: String,
    /// Period column.
    pub period: String,
    /// Cube dimensions besides period and area.
    pub dims: Vec<Dim>,
    /// Whether `_T` rows of an aggregate table are dropped before summing.
    pub drop_total_rows: Vec<String>,
    /// An aggregate table: a row of a parent area that also has rows of its sub-areas is
    /// a check (validation compares it with their sum), never added in.
    pub aggregate: bool,
    /// The conditional sums.
    pub aggs: Vec<Agg>,
    /// Term-based data (People's Council, Party committee rosters): a requested period uses
    /// the latest term that started on or before it.
    pub carry_forward: bool,
    /// Length of a term (rosters): a term's roster serves no period past its end.
    pub term_years: Option<u32>,
}

/// How one indicator is assembled from the cubes.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorPlan {
    /// Indicator id.
    pub id: String,
    /// Measure kind.
    pub kind: String,
    /// Breakdown dimensions of its results (besides area and period).
    pub dims: Vec<String>,
    /// (dataset, aggregation names) it reads.
    pub inputs: Vec<(String, Vec<String>)>,
    /// Base indicator of a derived measure.
    pub base: Option<String>,
}

/// The kind of an indicator plan whose results are a table of published estimates.
pub const PUBLISHED: &str = "published-estimates";

/// Indicators left out, with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// Indicator id.
    pub id: String,
    /// Reason (`not-computable`, `no data`, ...).
    pub reason: String,
}

/// The plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The request.
    pub request: Request,
    /// One scan per dataset.
    pub scans: Vec<Scan>,
    /// Indicators in evaluation order (bases before derived measures).
    pub indicators: Vec<IndicatorPlan>,
    /// Indicators that will not be computed.
    pub skipped: Vec<Skipped>,
}

/// Age groups used by SMAM (Hajnal): 15–19 … 50–54.
pub const SMAM_GROUPS: [(u16, u16); 8] =
    [(15, 19), (20, 24), (25, 29), (30, 34), (35, 39), (40, 44), (45, 49), (50, 54)];
/// Age groups used by the TFR: 15–19 … 45–49.
pub const TFR_GROUPS: [(u16, u16); 7] =
    [(15, 19), (20, 24), (25, 29), (30, 34), (35, 39), (40, 44), (45, 49)];

fn dim_for(ds: &Dataset, cat: &Catalogue, name: &str) -> Option<Dim> {
    if name == "sex" {
        return ds.sex_column().map(|c| Dim::Column { name: "sex".into(), column: c.into() });
    }
    if let Some(d) = ds.derived(name) {
        let cl = cat.codelists.get(&d.codelist)?;
        let bins = cl.scheme(&d.scheme).into_iter().map(|c| (c.code.clone(), c.min, c.max)).collect();
        return Some(Dim::Bins { name: name.into(), column: d.from.clone(), bins });
    }
    ds.column(name).map(|c| Dim::Column { name: name.into(), column: c.name.clone() })
}

fn and(a: &gds_indicators::Filter, b: Option<&gds_indicators::Filter>) -> Vec<String> {
    [Some(a), b].into_iter().flatten().filter(|f| !f.is_all()).map(|f| f.sql.clone()).collect()
}

/// The declared columns a source's file holds (or gds.toml gives as constants); `None` when
/// the file cannot be read here (the gate reports why).
fn held_columns(src: &crate::project::Source, ds: &Dataset) -> Option<BTreeSet<String>> {
    let mut scan = crate::read::scan_raw(src).ok()?;
    let schema = scan.frame.collect_schema().ok()?;
    let file_columns: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let resolved = crate::mapping::resolve_columns(src, ds, &file_columns);
    // A table by groups (age group) holds the grouped column (age) as its groups: the engine
    // refuses a filter or breakdown the groups cannot answer.
    let grouped: Vec<String> = crate::mapping::group_columns(src, ds, &file_columns, &resolved)
        .into_iter()
        .map(|(d, _)| d.from.clone())
        .collect();
    let derivable: Vec<String> = ds
        .columns
        .iter()
        .filter(|c| {
            c.when_absent.as_ref().is_some_and(|(from, _)| resolved.get(from).is_some_and(Option::is_some))
        })
        .map(|c| c.name.clone())
        .collect();
    let mut held: BTreeSet<String> =
        resolved.into_iter().filter(|(_, f)| f.is_some()).map(|(name, _)| name).collect();
    held.extend(grouped);
    held.extend(derivable);
    if src.def.period.is_some() {
        held.extend(ds.period_column().map(String::from));
    }
    if src.def.area.is_some() {
        held.extend(ds.area_column().map(String::from));
    }
    Some(held)
}

/// The columns a filter reads.
fn filter_columns(ds: &Dataset, sql: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let _ = crate::engine::predicate::compile(sql, &mut |name: &str| {
        let held = crate::engine::predicate::Held::of(ds.column(name)?.kind);
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
        Some((names.iter().position(|n| n == name).unwrap_or(0), held))
    });
    names
}

/// Why an indicator has no data in a count table that lacks a column its aggregations read.
fn lacking(
    cat: &Catalogue,
    project: &crate::project::Project,
    adds: &[(String, Vec<Agg>)],
    cache: &mut BTreeMap<usize, Option<BTreeSet<String>>>,
) -> Option<String> {
    for (dataset, aggs) in adds {
        let ds = cat.datasets.get(dataset)?;
        let mut read: BTreeSet<String> = BTreeSet::new();
        for a in aggs {
            for f in &a.filters {
                read.extend(filter_columns(ds, f));
            }
            if let AggKind::WeightedValue(v) | AggKind::WeightedValueSquared(v) = &a.kind {
                read.insert(v.clone());
            }
        }
        for (i, src) in project.sources.iter().enumerate() {
            if src.def.dataset != *dataset || src.units.is_none() {
                continue;
            }
            let Some(held) = cache.entry(i).or_insert_with(|| held_columns(src, ds)) else { continue };
            if let Some(c) = read.iter().find(|c| !held.contains(*c)) {
                return Some(format!(
                    "no data: {} is a count table without a {c:?} column, which this indicator needs",
                    src.display
                ));
            }
        }
    }
    None
}

/// Columns of a numerator whose empty values are unknown (not "none"): rows with an empty
/// value there are excluded from the indicator and counted as unknown.
fn unknown_columns(cat: &Catalogue, dataset: &str, f: &gds_indicators::Filter) -> Vec<String> {
    let Some(ds) = cat.datasets.get(dataset) else { return vec![] };
    f.columns
        .iter()
        .filter(|c| ds.column(c).is_some_and(|col| !col.empty_means_none && !col.required))
        .cloned()
        .collect()
}

fn age_between(col: &str, lo: u16, hi: u16) -> String {
    format!("{col} between {lo} and {hi}")
}

/// Which requested dims apply to an indicator (area is handled by the level).
fn indicator_dims(ind: &Indicator, req: &Request, datasets: &[&Dataset]) -> Vec<String> {
    let mut dims: Vec<String> = req
        .breakdowns
        .iter()
        .filter(|b| b.as_str() != "area" && b.as_str() != "sex")
        .filter(|b| ind.breakdowns.contains(b))
        .filter(|b| datasets.iter().all(|d| d.has_dimension(b)))
        .cloned()
        .collect();
    let by_sex = ind.measure.as_ref().is_some_and(|m| m.by_sex())
        || (req.breakdowns.iter().any(|b| b == "sex")
            && ind.breakdowns.iter().any(|b| b == "sex")
            && matches!(ind.measure, Some(Measure::Count { .. })));
    if by_sex {
        dims.insert(0, "sex".into());
    }
    dims
}

/// Build the plan for `req` over the datasets the project provides.
pub fn plan(cat: &Catalogue, project: &crate::project::Project, req: &Request) -> Result<Plan, ComputeError> {
    for id in &req.indicators {
        if cat.indicator(id).is_none() {
            let hint = crate::hint(id, cat.indicators.keys().map(String::as_str));
            return Err(ComputeError::request(format!("no indicator {id:?} in the catalogue"), hint));
        }
    }
    for t in &req.themes {
        if cat.theme(t).is_none() {
            let hint = crate::hint(t, cat.themes.iter().map(|t| t.id.as_str()));
            return Err(ComputeError::request(format!("no theme {t:?} in the catalogue"), hint));
        }
    }
    let kinds: BTreeSet<_> =
        req.periods.iter().filter_map(|p| gds_core::Period::from_code(*p)).map(|p| p.kind).collect();
    if kinds.len() > 1 {
        return Err(ComputeError::request(
            format!(
                "the periods {} mix {}",
                req.periods.iter().map(|p| gds_core::Period::label(*p)).collect::<Vec<_>>().join(", "),
                kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join(" and ")
            ),
            Some(
                "ask for periods of one kind at a time (--period 2023,2024 or --period 2023-H1,2024-H1)"
                    .into(),
            ),
        ));
    }
    let known_dims = ["sex", "area"];
    for b in &req.breakdowns {
        let declared = cat.datasets.values().any(|d| d.has_dimension(b));
        if !declared && !known_dims.contains(&b.as_str()) {
            let all: Vec<String> = cat
                .datasets
                .values()
                .flat_map(|d| {
                    d.derived.iter().map(|x| x.name.clone()).chain(d.columns.iter().map(|c| c.name.clone()))
                })
                .collect();
            let hint = crate::hint(b, all.iter().map(String::as_str));
            return Err(ComputeError::request(format!("no dataset has a breakdown {b:?}"), hint));
        }
    }
    let mut selected: Vec<&Indicator> = cat
        .indicators
        .values()
        .filter(|i| req.indicators.is_empty() || req.indicators.contains(&i.id))
        .filter(|i| req.themes.is_empty() || req.themes.contains(&i.theme))
        .collect();
    // Bases of derived measures are computed too.
    let mut extra = Vec::new();
    for i in &selected {
        if let Some(Measure::Derived { base, .. }) = &i.measure
            && !selected.iter().any(|s| &s.id == base)
        {
            extra.extend(cat.indicator(base));
        }
    }
    selected.extend(extra);
    selected.sort_by_key(|i| (matches!(i.measure, Some(Measure::Derived { .. })), i.id.clone()));
    selected.dedup_by(|a, b| a.id == b.id);

    let mut scans: BTreeMap<String, Scan> = BTreeMap::new();
    let mut indicators = Vec::new();
    let mut skipped = Vec::new();
    let has_data = |d: &str| project.sources_of(d).next().is_some();
    let mut held_cache: BTreeMap<usize, Option<BTreeSet<String>>> = BTreeMap::new();
    for ind in selected {
        let Some(m) = &ind.measure else {
            skipped.push(Skipped { id: ind.id.clone(), reason: "not-computable".into() });
            continue;
        };
        if let Measure::Derived { base, .. } = m {
            if !indicators.iter().any(|p: &IndicatorPlan| &p.id == base) {
                skipped.push(Skipped {
                    id: ind.id.clone(),
                    reason: format!("no data for its base indicator {base}"),
                });
                continue;
            }
            let base_dims =
                &indicators.iter().find(|p| &p.id == base).map(|p| p.dims.clone()).unwrap_or_default();
            indicators.push(IndicatorPlan {
                id: ind.id.clone(),
                kind: m.kind_name().into(),
                dims: base_dims
                    .iter()
                    .filter(|d| d.as_str() != "sex" && ind.breakdowns.contains(d))
                    .cloned()
                    .collect(),
                inputs: vec![],
                base: Some(base.clone()),
            });
            continue;
        }
        // Published estimates of the indicator (a survey office's table): its results are
        // the table's rows, not computed from records.
        let published: Vec<&Dataset> = project
            .estimates
            .iter()
            .filter(|e| e.def.indicator.as_deref() == Some(ind.id.as_str()))
            .filter_map(|e| cat.datasets.get(&e.def.dataset))
            .collect();
        if !published.is_empty() && req.as_of.is_some() {
            skipped.push(Skipped {
                id: ind.id.clone(),
                reason: "published estimates cannot be mapped to the units of another date (--as-of)".into(),
            });
            continue;
        }
        if !published.is_empty() {
            indicators.push(IndicatorPlan {
                id: ind.id.clone(),
                kind: PUBLISHED.into(),
                dims: indicator_dims(ind, req, &published),
                inputs: vec![],
                base: None,
            });
            continue;
        }
        let mut missing: Vec<&str> = m.datasets().into_iter().filter(|d| !has_data(d)).collect();
        // An event rate may take its events and its population from one dataset: name it once.
        missing.dedup();
        if !missing.is_empty() {
            skipped.push(Skipped {
                id: ind.id.clone(),
                reason: format!("no data: the project has no source for {}", missing.join(", ")),
            });
            continue;
        }
        let datasets: Vec<&Dataset> = m.datasets().iter().filter_map(|d| cat.datasets.get(*d)).collect();
        let dims = if matches!(m, Measure::Gdi { .. } | Measure::Gii { .. }) {
            vec![]
        } else {
            indicator_dims(ind, req, &datasets)
        };
        let id = &ind.id;
        // (dataset, aggregations) this indicator adds.
        let mut adds: Vec<(String, Vec<Agg>)> = Vec::new();
        let agg = |role: &str, filters: Vec<String>, kind: AggKind| Agg {
            name: format!("{id}#{role}"),
            filters,
            kind,
        };
        match m {
            Measure::Count { dataset, universe } => {
                let u = and(universe, None);
                adds.push((
                    dataset.clone(),
                    vec![agg("u", u.clone(), AggKind::Weighted), agg("n", u, AggKind::Rows)],
                ));
            }
            Measure::Share { dataset, universe, numerator, .. }
            | Measure::RateBySex { dataset, universe, numerator, .. } => {
                // Missing is not "no": a row whose numerator columns are unknown (empty) is
                // left out of the denominator too, and counted as unknown.
                let unknown = unknown_columns(cat, dataset, numerator);
                let mut u = and(universe, None);
                u.extend(unknown.iter().map(|c| format!("{c} is not null")));
                let mut x = u.clone();
                x.extend(and(numerator, None));
                let mut aggs = vec![
                    agg("u", u.clone(), AggKind::Weighted),
                    agg("n", u.clone(), AggKind::Rows),
                    agg("w2", u, AggKind::WeightSquared),
                    agg("x", x.clone(), AggKind::Weighted),
                    agg("xn", x, AggKind::Rows),
                ];
                if !unknown.is_empty() {
                    let mut k = and(universe, None);
                    k.push(unknown.iter().map(|c| format!("{c} is null")).collect::<Vec<_>>().join(" or "));
                    aggs.push(agg("unk", k, AggKind::Rows));
                }
                adds.push((dataset.clone(), aggs));
            }
            Measure::SexRatio { dataset, universe, .. } => {
                let ds = cat
                    .datasets
                    .get(dataset)
                    .ok_or_else(|| ComputeError::request(format!("unknown dataset {dataset}"), None))?;
                let sex = ds.sex_column().unwrap_or("sex");
                let mut m_f = and(universe, None);
                m_f.push(format!("{sex} = 'M'"));
                let mut f_f = and(universe, None);
                f_f.push(format!("{sex} = 'F'"));
                let u = and(universe, None);
                adds.push((
                    dataset.clone(),
                    vec![
                        agg("m", m_f.clone(), AggKind::Weighted),
                        agg("f", f_f.clone(), AggKind::Weighted),
                        agg("mn", m_f, AggKind::Rows),
                        agg("fn", f_f, AggKind::Rows),
                        agg("w2", u, AggKind::WeightSquared),
                    ],
                ));
            }
            Measure::MeanBySex { dataset, universe, value } => {
                let mut unk = and(universe, None);
                unk.push(format!("{value} is null"));
                adds.push((dataset.clone(), vec![agg("unk", unk, AggKind::Rows)]));
                let mut u = and(universe, None);
                u.push(format!("{value} is not null"));
                adds.push((
                    dataset.clone(),
                    vec![
                        agg("sw", u.clone(), AggKind::Weighted),
                        agg("n", u.clone(), AggKind::Rows),
                        agg("sw2", u.clone(), AggKind::WeightSquared),
                        agg("swx", u.clone(), AggKind::WeightedValue(value.clone())),
                        agg("swx2", u, AggKind::WeightedValueSquared(value.clone())),
                    ],
                ));
            }
            Measure::EventRate { events, population, .. } => {
                let e = and(&events.filter, None);
                let p = and(&population.filter, None);
                adds.push((
                    events.dataset.clone(),
                    vec![agg("e", e.clone(), AggKind::Weighted), agg("en", e, AggKind::Rows)],
                ));
                adds.push((
                    population.dataset.clone(),
                    vec![agg("p", p.clone(), AggKind::Weighted), agg("pn", p, AggKind::Rows)],
                ));
            }
            Measure::Smam { dataset, universe, never_married, age } => {
                let mut aggs = Vec::new();
                for (g, (lo, hi)) in SMAM_GROUPS.iter().enumerate() {
                    let mut u = and(universe, None);
                    u.push(age_between(age, *lo, *hi));
                    let mut s = and(universe, Some(never_married));
                    s.push(age_between(age, *lo, *hi));
                    aggs.push(agg(&format!("u{g}"), u.clone(), AggKind::Weighted));
                    aggs.push(agg(&format!("s{g}"), s, AggKind::Weighted));
                    aggs.push(agg(&format!("n{g}"), u, AggKind::Rows));
                }
                adds.push((dataset.clone(), aggs));
            }
            Measure::Tfr { events, population } => {
                let (ea, pa) =
                    (events.age.clone().unwrap_or_default(), population.age.clone().unwrap_or_default());
                let mut e_aggs = Vec::new();
                let mut p_aggs = Vec::new();
                for (g, (lo, hi)) in TFR_GROUPS.iter().enumerate() {
                    let mut e = and(&events.filter, None);
                    e.push(age_between(&ea, *lo, *hi));
                    let mut p = and(&population.filter, None);
                    p.push(age_between(&pa, *lo, *hi));
                    e_aggs.push(agg(&format!("b{g}"), e.clone(), AggKind::Weighted));
                    e_aggs.push(agg(&format!("bn{g}"), e, AggKind::Rows));
                    p_aggs.push(agg(&format!("w{g}"), p, AggKind::Weighted));
                }
                adds.push((events.dataset.clone(), e_aggs));
                adds.push((population.dataset.clone(), p_aggs));
            }
            Measure::Gdi { dataset } | Measure::Gii { dataset } => {
                adds.push((dataset.clone(), vec![agg("rows", vec![], AggKind::Rows)]));
            }
            Measure::Derived { .. } => unreachable!("handled above"),
        }
        // A count table holds only the dimensions it is broken down by: an indicator that
        // filters on a column one of them lacks has no data there (never a count of 0).
        if let Some(reason) = lacking(cat, project, &adds, &mut held_cache) {
            skipped.push(Skipped { id: ind.id.clone(), reason });
            continue;
        }
        let mut inputs = Vec::new();
        for (dataset, aggs) in adds {
            let ds = cat
                .datasets
                .get(&dataset)
                .ok_or_else(|| ComputeError::request(format!("unknown dataset {dataset}"), None))?;
            let scan = scans.entry(dataset.clone()).or_insert_with(|| Scan {
                dataset: dataset.clone(),
                sources: project.sources_of(&dataset).map(|s| s.display.clone()).collect(),
                weight: if ds.kind == DatasetKind::Aggregate { ds.count.clone() } else { ds.weight.clone() },
                area: ds.area_column().unwrap_or("area").to_string(),
                period: ds.period_column().unwrap_or("period").to_string(),
                dims: vec![],
                // A total row of a count table (sex `_T`) is a check, never added in.
                drop_total_rows: if ds.kind == DatasetKind::Aggregate
                    || project.sources_of(&dataset).any(|s| s.units.is_some())
                {
                    ds.columns.iter().filter(|c| c.codelist.is_some()).map(|c| c.name.clone()).collect()
                } else {
                    vec![]
                },
                aggs: vec![],
                aggregate: ds.kind == DatasetKind::Aggregate,
                carry_forward: true,
                term_years: ds.term_years,
            });
            scan.carry_forward &= ind.periodicity == "term";
            for d in &dims {
                if !scan.dims.iter().any(|x| x.name() == d)
                    && let Some(dim) = dim_for(ds, cat, d)
                {
                    scan.dims.push(dim);
                }
            }
            inputs.push((dataset.clone(), aggs.iter().map(|a| a.name.clone()).collect()));
            scan.aggs.extend(aggs);
        }
        indicators.push(IndicatorPlan {
            id: id.clone(),
            kind: m.kind_name().into(),
            dims,
            inputs,
            base: None,
        });
    }
    let mut scans: Vec<Scan> = scans.into_values().collect();
    for s in &mut scans {
        // Stable dimension order: sex first, then by name.
        s.dims.sort_by_key(|d| (d.name() != "sex", d.name().to_string()));
    }
    Ok(Plan { request: req.clone(), scans, indicators, skipped })
}

impl Plan {
    /// The plan as stable, readable text.
    pub fn explain(&self) -> String {
        let mut s = String::new();
        let r = &self.request;
        let _ = writeln!(s, "request:");
        let _ = writeln!(s, "  level: {}", r.level);
        let _ = writeln!(
            s,
            "  periods: {}",
            if r.periods.is_empty() {
                "all".to_string()
            } else {
                r.periods.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
            }
        );
        let _ = writeln!(s, "  breakdowns: {}", r.breakdowns.join(", "));
        if let Some(a) = &r.as_of {
            let _ = writeln!(s, "  areas as of: {a}");
        }
        let _ = writeln!(s, "  confidence: {}", r.confidence);
        if !r.suppress {
            let _ = writeln!(s, "  small-number rules: OFF (internal use only)");
        }
        for scan in &self.scans {
            let _ = writeln!(s, "scan {} ({} aggregations, one pass):", scan.dataset, scan.aggs.len());
            let _ = writeln!(s, "  sources: {}", scan.sources.join(", "));
            let _ = writeln!(s, "  weight: {}", scan.weight.as_deref().unwrap_or("1"));
            let dims: Vec<String> = scan
                .dims
                .iter()
                .map(|d| match d {
                    Dim::Column { name, column } if name == column => name.clone(),
                    Dim::Column { name, column } => format!("{name}={column}"),
                    Dim::Bins { name, column, bins } => {
                        format!("{name}=bins({column}, {} groups)", bins.len())
                    }
                })
                .collect();
            let _ = writeln!(
                s,
                "  group by: {}, {}{}",
                scan.period,
                scan.area,
                dims.iter().map(|d| format!(", {d}")).collect::<String>()
            );
            if scan.carry_forward {
                let _ = writeln!(s, "  periods: the latest term started on or before each requested period");
                if let Some(y) = scan.term_years {
                    let _ = writeln!(s, "  a term lasts {y} years: no data past its end");
                }
            }
            if !scan.drop_total_rows.is_empty() {
                let _ = writeln!(s, "  drop total rows (_T) in: {}", scan.drop_total_rows.join(", "));
            }
            for a in &scan.aggs {
                let what = match &a.kind {
                    AggKind::Weighted => "sum(w)".to_string(),
                    AggKind::Rows => "count(*)".to_string(),
                    AggKind::WeightSquared => "sum(w^2)".to_string(),
                    AggKind::WeightedValue(v) => format!("sum(w*{v})"),
                    AggKind::WeightedValueSquared(v) => format!("sum(w*{v}^2)"),
                };
                let cond = if a.filters.is_empty() {
                    "true".to_string()
                } else {
                    a.filters.iter().map(|f| format!("({f})")).collect::<Vec<_>>().join(" and ")
                };
                let _ = writeln!(s, "    {} = {what} where {cond}", a.name);
            }
        }
        let _ = writeln!(s, "indicators ({}):", self.indicators.len());
        for i in &self.indicators {
            let from = match &i.base {
                Some(b) => format!("derived from {b}"),
                None => {
                    i.inputs.iter().map(|(d, a)| format!("{d}[{}]", a.len())).collect::<Vec<_>>().join(" + ")
                }
            };
            let dims = if i.dims.is_empty() { String::new() } else { format!(" by {}", i.dims.join(", ")) };
            let _ = writeln!(s, "  {} ({}){dims}: {from}", i.id, i.kind);
        }
        if !self.skipped.is_empty() {
            let _ = writeln!(s, "skipped ({}):", self.skipped.len());
            for k in &self.skipped {
                let _ = writeln!(s, "  {}: {}", k.id, k.reason);
            }
        }
        s
    }
}
