//! The statistics of each measure kind, from a cell's additive sums to a value, an interval
//! and a quality status. Formulas and interval methods live in `gds-stats`.

use crate::error::ComputeError;
use crate::plan::Plan;
use crate::project::Project;
use gds_core::{ObsStatus, ResultRow, TOTAL_CODE, TargetStatus};
use gds_indicators::{Catalogue, DerivedKind, Indicator, Measure};
use gds_stats::composite::{GdiInputs, GiiInputs, gdi, gii};
use gds_stats::suppression::{Reliability, SmallNumberRule};
use gds_stats::{Interval, IntervalMethod, WeightedMoments};
use std::collections::BTreeMap;

/// Key of a result cell: (area, level, period, breakdown codes).
pub type CellKey = (String, String, i64, Vec<String>);
/// Cells of one indicator.
pub type Cells = BTreeMap<CellKey, Cell>;

/// The computed statistics of one cell, with what derived measures need.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// Value in the indicator's unit.
    pub value: Option<f64>,
    /// Numerator (weighted).
    pub numerator: Option<f64>,
    /// Denominator (weighted).
    pub denominator: Option<f64>,
    /// Unweighted records behind the value.
    pub n: f64,
    /// Interval.
    pub interval: Option<Interval>,
    /// Effective successes (proportions): p × n_eff.
    pub x_eff: f64,
    /// Effective sample size (Kish).
    pub n_eff: f64,
    /// Weighted moments (means).
    pub moments: Option<WeightedMoments>,
    /// A note (e.g. the sex ratio at birth against its reference range).
    pub note: Option<String>,
    /// Why there is no value.
    pub missing: Option<(ObsStatus, String)>,
    /// The standard error a table of published estimates gives (intervals of gaps and
    /// ratios between two such estimates come from it).
    pub se: Option<f64>,
    /// The interval method, when not the indicator's (`published-se`).
    pub method: Option<&'static str>,
}

/// The interval method named in a definition.
pub fn method(name: &str) -> IntervalMethod {
    match name {
        "wilson" => IntervalMethod::Wilson,
        "clopper-pearson" => IntervalMethod::ClopperPearson,
        "jeffreys" => IntervalMethod::Jeffreys,
        "log-ratio" => IntervalMethod::LogRatio,
        "newcombe" => IntervalMethod::Newcombe,
        "katz" => IntervalMethod::Katz,
        "poisson-exact" => IntervalMethod::PoissonExact,
        "normal" => IntervalMethod::Normal,
        _ => IntervalMethod::None,
    }
}

fn get(s: &BTreeMap<String, f64>, k: &str) -> f64 {
    s.get(k).copied().unwrap_or(0.0)
}

fn scaled(iv: Option<Interval>, f: f64) -> Option<Interval> {
    iv.map(|i| Interval { lower: i.lower * f, upper: i.upper * f })
}

fn missing(reason: &str) -> Option<(ObsStatus, String)> {
    Some((ObsStatus::NoData, reason.to_string()))
}

/// "unknown: k of N records (p %) left out".
fn unknown_note(unknown: f64, known: f64) -> String {
    let all = unknown + known;
    format!(
        "unknown: {unknown} of {all} records ({:.1} %) have no value and are left out",
        100.0 * unknown / all.max(1.0)
    )
}

/// Statistics of a cell of a base (non-derived) measure from its sums.
pub fn cell(ind: &Indicator, s: &BTreeMap<String, f64>, confidence: f64) -> Cell {
    let m = method(&ind.interval);
    let mut c = Cell::default();
    match &ind.measure {
        Some(Measure::Count { .. }) => {
            c.value = Some(get(s, "u"));
            c.numerator = c.value;
            c.n = get(s, "n");
            if m == IntervalMethod::PoissonExact {
                c.interval = gds_stats::poisson_exact(get(s, "u"), confidence);
            }
        }
        Some(Measure::Share { scale, .. }) | Some(Measure::RateBySex { scale, .. }) => {
            let (u, n, w2, x) = (get(s, "u"), get(s, "n"), get(s, "w2"), get(s, "x"));
            let unknown = get(s, "unk");
            c.numerator = Some(x);
            c.denominator = Some(u);
            c.n = n;
            if unknown > 0.0 && n > 0.0 {
                c.note = Some(unknown_note(unknown, n));
            }
            if u <= 0.0 && unknown > 0.0 {
                c.missing = missing(&format!(
                    "no data: the value is unknown (empty, or the column is absent) for all {unknown} records of the universe"
                ));
                c.numerator = None;
                c.denominator = None;
            } else if u <= 0.0 {
                c.missing = missing("denominator is zero");
            } else {
                let p = x / u;
                // Kish effective sample size for weighted data (= n when unweighted).
                c.n_eff = if w2 > 0.0 { gds_stats::kish_effective_n(u, w2) } else { n };
                c.x_eff = p * c.n_eff;
                c.value = Some(p * scale);
                c.interval = scaled(gds_stats::proportion_interval(c.x_eff, c.n_eff, m, confidence), *scale);
            }
        }
        Some(Measure::SexRatio { scale, .. }) => {
            let (males, females, w2) = (get(s, "m"), get(s, "f"), get(s, "w2"));
            c.numerator = Some(males);
            c.denominator = Some(females);
            c.n = get(s, "mn") + get(s, "fn");
            let total = males + females;
            if females <= 0.0 {
                c.missing = missing("no females in the cell");
            } else {
                let n_eff = if w2 > 0.0 { gds_stats::kish_effective_n(total, w2) } else { c.n };
                let m_eff = males / total * n_eff;
                c.value = gds_stats::sex_ratio(males, females, *scale);
                c.interval = gds_stats::sex_ratio_interval(m_eff, n_eff - m_eff, m, confidence, *scale);
                if let (Some(iv), Some([lo, hi])) = (c.interval, ind.reference_range) {
                    c.note = Some(match gds_stats::compare_to_range(&iv, lo, hi) {
                        gds_stats::RangeVerdict::Above => {
                            format!("interval above the {lo}–{hi} reference range")
                        }
                        gds_stats::RangeVerdict::Below => {
                            format!("interval below the {lo}–{hi} reference range")
                        }
                        gds_stats::RangeVerdict::Overlaps => {
                            format!("not distinguishable from the {lo}–{hi} reference range")
                        }
                    });
                }
            }
        }
        Some(Measure::MeanBySex { .. }) => {
            let wm = WeightedMoments {
                n: get(s, "n").round() as u64,
                sum_w: get(s, "sw"),
                sum_w2: get(s, "sw2"),
                sum_wx: get(s, "swx"),
                sum_wx2: get(s, "swx2"),
            };
            c.n = get(s, "n");
            c.numerator = Some(wm.sum_wx);
            c.denominator = Some(wm.sum_w);
            c.value = wm.mean();
            let unknown = get(s, "unk");
            if unknown > 0.0 && c.n > 0.0 {
                c.note = Some(unknown_note(unknown, c.n));
            }
            if c.value.is_none() {
                c.missing = missing(if unknown > 0.0 {
                    "no data: the value is unknown (empty) for every record"
                } else {
                    "no observations"
                });
            }
            c.interval = wm.mean_interval(confidence);
            c.n_eff = wm.effective_n();
            c.moments = Some(wm);
        }
        Some(Measure::EventRate { scale, .. }) => {
            let (e, p) = (get(s, "e"), get(s, "p"));
            c.numerator = Some(e);
            c.denominator = Some(p);
            c.n = get(s, "en");
            if p <= 0.0 {
                c.missing = missing("population is zero");
            } else {
                c.value = Some(e / p * scale);
                // Exact (Garwood) Poisson interval on the event count, divided by the population.
                c.interval = scaled(gds_stats::poisson_exact(e, confidence), scale / p);
            }
        }
        Some(Measure::Smam { .. }) => {
            let props: Vec<f64> = (0..8)
                .map(|g| get(s, &format!("s{g}")) / get(s, &format!("u{g}")).max(f64::MIN_POSITIVE))
                .collect();
            c.n = (0..8).map(|g| get(s, &format!("n{g}"))).sum();
            let complete = (0..7).all(|g| get(s, &format!("u{g}")) > 0.0);
            c.value = if complete {
                gds_stats::smam(if get(s, "u7") > 0.0 { &props } else { &props[..7] })
            } else {
                None
            };
            if c.value.is_none() {
                c.missing = missing("an age group 15–49 has no population");
            }
        }
        Some(Measure::Tfr { .. }) => {
            let mut asfr = Vec::new();
            for g in 0..7 {
                let w = get(s, &format!("w{g}"));
                asfr.push(if w > 0.0 { get(s, &format!("b{g}")) / w } else { f64::NAN });
            }
            c.n = (0..7).map(|g| get(s, &format!("bn{g}"))).sum();
            c.numerator = Some((0..7).map(|g| get(s, &format!("b{g}"))).sum());
            c.value = if asfr.iter().all(|a| a.is_finite()) {
                gds_stats::total_fertility_rate(&asfr)
            } else {
                None
            };
            if c.value.is_none() {
                c.missing = missing("an age group 15–49 has no women");
            }
        }
        _ => c.missing = Some((ObsStatus::NotApplicable, "not computed from sums".into())),
    }
    c
}

/// Derived gender measures (gap, F/M ratio, parity, pay gap) from a base indicator's cells.
pub fn derive(
    ind: &Indicator,
    cat: &Catalogue,
    base: &Cells,
    sex_pos: Option<usize>,
    base_dims: &[String],
    dims: &[String],
    confidence: f64,
) -> Cells {
    let mut out = BTreeMap::new();
    let (Some(Measure::Derived { kind, base: base_id }), Some(sp)) = (&ind.measure, sex_pos) else {
        return out;
    };
    let base_ind = cat.indicator(base_id);
    let scale = match base_ind.and_then(|b| b.measure.as_ref()) {
        Some(Measure::RateBySex { scale, .. }) => *scale,
        _ => 1.0,
    };
    for ((area, level, period, keys), f) in base {
        if keys.get(sp).map(String::as_str) != Some("F") {
            continue;
        }
        // Base dims other than sex must be either kept in `dims` or at their total.
        let mut out_keys = Vec::new();
        let mut keep = true;
        for (i, d) in base_dims.iter().enumerate() {
            if i == sp {
                continue;
            }
            if dims.contains(d) {
                out_keys.push(keys[i].clone());
            } else if keys[i] != TOTAL_CODE {
                keep = false;
            }
        }
        if !keep {
            continue;
        }
        let mut mk = keys.clone();
        mk[sp] = "M".into();
        let Some(m) = base.get(&(area.clone(), level.clone(), *period, mk)) else { continue };
        let mut c = Cell { n: f.n.min(m.n), ..Cell::default() };
        c.numerator = f.value;
        c.denominator = m.value;
        match (f.value, m.value) {
            // Two published estimates: normal intervals from their standard errors, taken as
            // independent (the sexes are separate domains of the survey).
            // A withheld estimate stays withheld: no gap or ratio is published from it.
            _ if [f, m].iter().any(|x| {
                x.se.is_some() && matches!(x.missing, Some((ObsStatus::Suppressed | ObsStatus::NoData, _)))
            }) =>
            {
                c.missing =
                    Some((ObsStatus::Suppressed, "one of the estimates it compares is withheld".into()));
            }
            (Some(fv), Some(mv)) if f.se.is_some() && m.se.is_some() => {
                let (sf, sm) = (f.se.unwrap_or(0.0), m.se.unwrap_or(0.0));
                let z = gds_stats::z_for(confidence);
                c.method = Some("published-se");
                if [f, m].iter().any(|x| matches!(x.missing, Some((ObsStatus::LowN, _)))) {
                    c.missing = Some((
                        ObsStatus::LowN,
                        "one of the estimates it compares is flagged: interpret with caution".into(),
                    ));
                }
                match kind {
                    DerivedKind::Gap => {
                        let se = (sf * sf + sm * sm).sqrt();
                        c.value = Some(fv - mv);
                        c.interval = Some(Interval { lower: fv - mv - z * se, upper: fv - mv + z * se });
                    }
                    DerivedKind::RatioFm | DerivedKind::Gpi | DerivedKind::AdjustedGpi
                        if fv >= 0.0 && mv > 0.0 =>
                    {
                        // Delta method on the log ratio (no interval for a ratio of 0).
                        let r = fv / mv;
                        let sl = ((sf / fv).powi(2) + (sm / mv).powi(2)).sqrt();
                        let r = if matches!(kind, DerivedKind::AdjustedGpi) && r > 1.0 {
                            2.0 - 1.0 / r
                        } else {
                            r
                        };
                        c.value = Some(r);
                        c.interval = (!matches!(kind, DerivedKind::AdjustedGpi) && fv > 0.0)
                            .then(|| Interval { lower: r * (-z * sl).exp(), upper: r * (z * sl).exp() });
                    }
                    DerivedKind::PayGap if mv > 0.0 && fv > 0.0 => {
                        // 100 (1 − F/M), its standard error by the delta method.
                        let r = fv / mv;
                        let se = 100.0 * r * ((sf / fv).powi(2) + (sm / mv).powi(2)).sqrt();
                        let g = 100.0 * (1.0 - r);
                        c.value = Some(g);
                        c.interval = Some(Interval { lower: g - z * se, upper: g + z * se });
                    }
                    _ => {
                        c.missing = Some((ObsStatus::NotApplicable, "a ratio with an estimate of 0".into()));
                    }
                }
            }
            (Some(fv), Some(mv)) => {
                let means = f.moments.is_some() && m.moments.is_some();
                let (fm, mm) = (f.moments.unwrap_or_default(), m.moments.unwrap_or_default());
                match kind {
                    DerivedKind::Gap => {
                        c.value = Some(fv - mv);
                        c.interval = if means {
                            // Difference of independent means, normal approximation with Kish n.
                            let se = (fm.variance().unwrap_or(0.0) / fm.effective_n().max(1.0)
                                + mm.variance().unwrap_or(0.0) / mm.effective_n().max(1.0))
                            .sqrt();
                            let z = gds_stats::z_for(confidence);
                            Some(Interval { lower: fv - mv - z * se, upper: fv - mv + z * se })
                        } else {
                            // Newcombe hybrid score interval on the effective counts.
                            scaled(
                                gds_stats::newcombe_difference(
                                    f.x_eff, f.n_eff, m.x_eff, m.n_eff, confidence,
                                ),
                                scale,
                            )
                        };
                    }
                    DerivedKind::RatioFm | DerivedKind::Gpi | DerivedKind::AdjustedGpi => {
                        let r = if mv != 0.0 { Some(fv / mv) } else { None };
                        let iv = if means {
                            gds_stats::ratio_of_means_interval(&fm, &mm, confidence)
                        } else {
                            gds_stats::katz_ratio(f.x_eff, f.n_eff, m.x_eff, m.n_eff, confidence)
                        };
                        if *kind == DerivedKind::AdjustedGpi {
                            // Adjusted GPI = F/M if ≤ 1 else 2 − M/F; monotone in F/M, so the
                            // interval maps through the same function.
                            let adj = |x: f64| if x <= 1.0 { x } else { 2.0 - 1.0 / x };
                            c.value = gds_stats::adjusted_gender_parity_index(fv, mv);
                            c.interval = iv.map(|i| Interval { lower: adj(i.lower), upper: adj(i.upper) });
                        } else {
                            c.value = r;
                            c.interval = iv;
                        }
                    }
                    DerivedKind::PayGap => {
                        c.value = gds_stats::pay_gap(mv, fv);
                        c.interval = gds_stats::pay_gap_interval(&fm, &mm, confidence);
                    }
                }
                if c.value.is_none() {
                    c.missing = missing("the male value is zero");
                }
            }
            _ => c.missing = missing("the female or male value is missing"),
        }
        out.insert((area.clone(), level.clone(), *period, out_keys), c);
    }
    out
}

/// GDI and GII from the composite-inputs table, one cell per area and period.
pub fn composite(
    ind: &Indicator,
    project: &Project,
    cat: &Catalogue,
    plan: &Plan,
) -> Result<Cells, ComputeError> {
    use polars::prelude::*;
    let Some(Measure::Gdi { dataset } | Measure::Gii { dataset }) = &ind.measure else {
        return Ok(BTreeMap::new());
    };
    let ds = cat
        .datasets
        .get(dataset)
        .ok_or_else(|| ComputeError::request(format!("unknown dataset {dataset}"), None))?;
    let Some((lf, _keep)) = crate::mapping::scan_dataset(project, cat, dataset)? else {
        return Ok(BTreeMap::new());
    };
    let df = lf.collect().map_err(ComputeError::polars(format!("reading {dataset}")))?;
    let f64col = |name: &str| -> Result<Vec<Option<f64>>, ComputeError> {
        let c = df
            .column(name)
            .and_then(|c| c.cast(&DataType::Float64))
            .map_err(ComputeError::polars(format!("reading {dataset}.{name}")))?;
        Ok(c.f64().map_err(ComputeError::polars("reading"))?.iter().collect())
    };
    let period = df
        .column(ds.period_column().unwrap_or("period"))
        .and_then(|c| c.cast(&DataType::Int64))
        .map_err(ComputeError::polars("reading the period"))?;
    let period: Vec<Option<i64>> = period.i64().map_err(ComputeError::polars("reading"))?.iter().collect();
    let area =
        df.column(ds.area_column().unwrap_or("area")).map_err(ComputeError::polars("reading the area"))?;
    let area: Vec<Option<String>> =
        area.str().map_err(ComputeError::polars("reading"))?.iter().map(|s| s.map(String::from)).collect();
    let cols: BTreeMap<&str, Vec<Option<f64>>> =
        gds_indicators_columns().iter().map(|c| Ok((*c, f64col(c)?))).collect::<Result<_, ComputeError>>()?;
    let v = |c: &str, i: usize| cols.get(c).and_then(|x| x[i]);
    let mut out = BTreeMap::new();
    for i in 0..df.height() {
        let (Some(p), Some(a)) = (period[i], area[i].clone()) else { continue };
        if !plan.request.periods.is_empty() && !plan.request.periods.contains(&p) {
            continue;
        }
        let level = project
            .areas
            .get_in_year(&a, gds_core::Period::year_of(p))
            .or_else(|| project.areas.get(&a))
            .map_or("area".to_string(), |x| x.level.clone());
        let mut c = Cell { n: 1.0, ..Cell::default() };
        match &ind.measure {
            Some(Measure::Gdi { .. }) => {
                let inputs = (|| {
                    Some(GdiInputs {
                        le_f: v("le_f", i)?,
                        le_m: v("le_m", i)?,
                        eys_f: v("eys_f", i)?,
                        eys_m: v("eys_m", i)?,
                        mys_f: v("mys_f", i)?,
                        mys_m: v("mys_m", i)?,
                        gni_f: v("gni_pc_f", i)?,
                        gni_m: v("gni_pc_m", i)?,
                    })
                })();
                match inputs.as_ref().and_then(gdi) {
                    Some(r) => {
                        c.value = Some(r.gdi);
                        c.numerator = Some(r.hdi_f);
                        c.denominator = Some(r.hdi_m);
                        c.note = Some(format!("GDI group {}", r.group));
                    }
                    None => c.missing = missing("a GDI input is missing"),
                }
            }
            _ => {
                let inputs = (|| {
                    Some(GiiInputs {
                        mmr: v("mmr", i)?,
                        abr: v("abr", i)?,
                        pr_f: v("pr_f", i)?,
                        se_f: v("se_f", i)?,
                        se_m: v("se_m", i)?,
                        lfpr_f: v("lfpr_f", i)?,
                        lfpr_m: v("lfpr_m", i)?,
                    })
                })();
                match inputs.as_ref().and_then(gii) {
                    Some(r) => c.value = Some(r.gii),
                    None => c.missing = missing("a GII input is missing"),
                }
            }
        }
        out.insert((a, level, p, vec![]), c);
    }
    Ok(out)
}

fn gds_indicators_columns() -> &'static [&'static str] {
    gds_indicators::COMPOSITE_COLUMNS
}

/// Turn a cell into a result row: small-number rule, suppression, target.
#[allow(clippy::too_many_arguments)]
pub fn row(
    ind: &Indicator,
    _cat: &Catalogue,
    area: &str,
    level: &str,
    period: i64,
    keys: Vec<String>,
    sex: Option<&str>,
    c: &Cell,
    suppress: bool,
) -> ResultRow {
    // A published estimate without its n (NaN) has no small-number rule on n: its rule is
    // the coefficient of variation of its standard error, applied when it was read.
    let n = if c.n.is_nan() { 0 } else { c.n.max(0.0).round() as u64 };
    let (mut status, mut reason) = match &c.missing {
        Some((s, r)) => (*s, Some(r.clone())),
        None => (ObsStatus::Ok, None),
    };
    // A published estimate flagged by its CV still meets the n rule (the stricter holds).
    let cv_flagged = status == ObsStatus::LowN && c.se.is_some();
    if (status == ObsStatus::Ok || cv_flagged)
        && suppress
        && !c.n.is_nan()
        && let Some((suppress, flag)) = ind.small_numbers
    {
        match (SmallNumberRule { suppress_below: suppress, flag_below: flag }).classify(n) {
            Reliability::Suppressed => {
                status = ObsStatus::Suppressed;
                reason = Some(format!("n = {n} < {suppress}: suppressed"));
            }
            Reliability::LowN => {
                status = ObsStatus::LowN;
                let why = format!("n = {n} < {flag}: interpret with caution");
                reason = Some(match reason.take().filter(|_| cv_flagged) {
                    Some(cv) => format!("{cv}; {why}"),
                    None => why,
                });
            }
            Reliability::Ok => {}
        }
    }
    let publish = matches!(status, ObsStatus::Ok | ObsStatus::LowN);
    let value = if publish { c.value } else { None };
    // Targets of measures computed by sex (NQ 28/NQ-CP) concern women: they apply to F rows.
    let by_sex = ind.measure.as_ref().is_some_and(Measure::by_sex);
    let target = ind.target_for(gds_core::Period::year_of(period)).filter(|_| !by_sex || sex == Some("F"));
    let target_status = match (target, value) {
        (None, _) => TargetStatus::NoTarget,
        (Some(_), None) => TargetStatus::NoData,
        // Met or not met only when the whole interval lies on one side of the target;
        // a complete count (no interval) is judged on its value.
        (Some(t), Some(v)) => match c.interval.as_ref().filter(|_| publish) {
            Some(iv) => match (t.op.met(iv.lower, t.value), t.op.met(iv.upper, t.value)) {
                (true, true) => TargetStatus::Met,
                (false, false) => TargetStatus::NotMet,
                _ => TargetStatus::CannotTell,
            },
            None if t.op.met(v, t.value) => TargetStatus::Met,
            None => TargetStatus::NotMet,
        },
    };
    if reason.is_none() {
        reason = c.note.clone();
    } else if let Some(note) = &c.note {
        reason = Some(format!("{}; {note}", reason.unwrap_or_default()));
    }
    ResultRow {
        indicator: ind.id.clone(),
        area: area.to_string(),
        level: level.to_string(),
        period: gds_core::Period::label(period),
        keys,
        value,
        numerator: if publish { c.numerator } else { None },
        denominator: if publish { c.denominator } else { None },
        n,
        lower: if publish { c.interval.map(|i| i.lower) } else { None },
        upper: if publish { c.interval.map(|i| i.upper) } else { None },
        unit: ind.unit.clone(),
        method: match (c.interval.is_some(), c.method) {
            (false, _) => String::new(),
            (true, Some(m)) => m.to_string(),
            (true, None) => ind.interval.clone(),
        },
        status,
        reason,
        target: target.map(|t| t.value),
        target_op: target.map(|t| t.op),
        target_year: target.map(|t| t.year),
        target_status,
    }
}
