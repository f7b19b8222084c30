//! The validation gate: every command that publishes numbers runs the checks of
//! `gds validate` first and stops on any error, unless `--force` is given.

use crate::UserError;
use gds_compute::exec::Screens;
use gds_compute::project::Project;
use gds_compute::validate::{self, Report, Severity};
use gds_core::{ObsStatus, ResultTable};
use gds_indicators::Catalogue;
use std::collections::{BTreeMap, BTreeSet};

/// The outcome of the gate: the findings, and whether publishing goes on in spite of errors.
pub struct Gate {
    /// Every finding of the checks.
    pub report: Report,
    /// `--force` was given and the data failed checks.
    pub forced: bool,
}

/// Run the checks. Errors stop the command (exit 1, nothing written) unless `force`.
pub fn check(project: &Project, cat: &Catalogue, force: bool, command: &str) -> anyhow::Result<Gate> {
    check_screened(project, cat, force, command, &Screens::new())
}

/// [`check`], with the screening counts of the sources in `screens` taken from the reads
/// that built their cubes (the per-value checks then cost no read of their own).
pub fn check_screened(
    project: &Project,
    cat: &Catalogue,
    force: bool,
    command: &str,
    screens: &Screens,
) -> anyhow::Result<Gate> {
    let pb = super::compute::spinner();
    let report = validate::validate_screened(project, cat, &mut |m| pb.set_message(m.to_string()), screens);
    pb.finish_and_clear();
    let errors: Vec<&validate::Finding> =
        report.findings.iter().filter(|f| f.severity == Severity::Error).collect();
    if errors.is_empty() {
        return Ok(Gate { report, forced: false });
    }
    let mut text = String::new();
    for f in &errors {
        text.push_str(&f.line_in(super::lang()));
        text.push('\n');
    }
    if !force {
        text.push_str(&format!(
            "error: {} problem(s) in the data of {}; nothing was computed or written — hint: fix them (`gds validate` lists them), or run `gds {command} --force` to publish anyway with every affected result marked \"unverified\"",
            errors.len(),
            project.file.display()
        ));
        return Err(UserError(text).into());
    }
    eprint!("{text}");
    super::say(format!(
        "WARNING: --force: publishing from data that FAILED {} check(s); every result computed from an affected dataset is marked \"unverified\" with the reason, and the report's data-quality annex lists every problem",
        errors.len()
    ));
    Ok(Gate { report, forced: true })
}

/// Under `--force`: mark every result of an indicator that reads a dataset with errors.
pub fn mark_unverified(table: &mut ResultTable, cat: &Catalogue, gate: &Gate) {
    if !gate.forced {
        return;
    }
    let mut bad: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for f in gate.report.findings.iter().filter(|f| f.severity == Severity::Error) {
        bad.entry(f.dataset.as_str()).or_default().insert(f.class.as_str());
    }
    for row in &mut table.rows {
        let datasets = datasets_of(cat, &row.indicator);
        let hit: Vec<String> = datasets
            .iter()
            .filter_map(|d| {
                bad.get(*d).map(|c| format!("{d}: {}", c.iter().copied().collect::<Vec<_>>().join(", ")))
            })
            .collect();
        if hit.is_empty() {
            continue;
        }
        if row.status == ObsStatus::Ok || row.status == ObsStatus::LowN {
            row.status = ObsStatus::Unverified;
        }
        let why = format!("published with --force from data that failed checks ({})", hit.join("; "));
        row.reason = Some(match row.reason.take() {
            Some(r) => format!("{why}; {r}"),
            None => why,
        });
    }
}

/// The datasets an indicator reads, following a derived measure to its base.
fn datasets_of<'a>(cat: &'a Catalogue, id: &str) -> Vec<&'a str> {
    let mut current = cat.indicator(id);
    for _ in 0..8 {
        match current.and_then(|i| i.measure.as_ref()) {
            Some(gds_indicators::Measure::Derived { base, .. }) => current = cat.indicator(base),
            Some(m) => return m.datasets(),
            None => return vec![],
        }
    }
    vec![]
}

/// Mark every result that includes cells a layout derived (`derive = { sex = "M" }`: the men
/// as the total minus the women): its reason says which, so a published table can footnote
/// them. A result includes a derived cell when it reads the cell's dataset in the cell's
/// period, for the cell's area or a unit above it, and, when broken down by the derived
/// column, for the derived code or the total.
/// Under `--as-of` the units a cell went to are marked. Indicators taken from published
/// estimates read no count table and are not marked.
pub fn mark_derived(
    table: &mut ResultTable,
    cat: &Catalogue,
    project: &Project,
    report: &Report,
    as_of: Option<&str>,
) {
    if report.derived.is_empty() {
        return;
    }
    let published: BTreeSet<&str> =
        project.estimates.iter().filter_map(|e| e.def.indicator.as_deref()).collect();
    // (dataset, period, column, code, file) → the areas (with every unit above them) it
    // enters; `None` when a cell's area is not known.
    type Group<'a> = (&'a str, Option<&'a str>, &'a str, &'a str, &'a str);
    let mut groups: BTreeMap<Group, Option<BTreeSet<String>>> = BTreeMap::new();
    for d in &report.derived {
        let key =
            (d.dataset.as_str(), d.period.as_deref(), d.column.as_str(), d.code.as_str(), d.file.as_str());
        let entry = groups.entry(key).or_insert_with(|| Some(BTreeSet::new()));
        let (Some(areas), Some(area)) = (entry.as_mut(), d.area.as_deref()) else {
            *entry = None;
            continue;
        };
        // The result rows a cell enters: its unit and the units above it (on `--as-of`, its
        // successors and theirs), as the roll-up computes them.
        match d.period.as_deref().and_then(|p| p.get(..4)?.parse().ok()) {
            Some(year) => areas.extend(gds_compute::statistics::areas_entered(project, area, year, as_of)),
            None => *entry = None,
        }
    }
    let dims = table.dimensions.clone();
    for row in &mut table.rows {
        if published.contains(row.indicator.as_str()) {
            continue;
        }
        let datasets = datasets_of(cat, &row.indicator);
        let mut hits: BTreeSet<String> = BTreeSet::new();
        for ((ds, period, column, code, file), areas) in &groups {
            let key = dims.iter().position(|d| d == column).map(|i| row.keys[i].as_str());
            let enters = datasets.contains(ds)
                && period.is_none_or(|p| p == row.period)
                && (row.area == gds_core::TOTAL_CODE
                    || areas.as_ref().is_none_or(|a| a.contains(&row.area))
                    || project.areas.get(&row.area).is_none())
                && key.is_none_or(|k| k == *code || k == gds_core::TOTAL_CODE);
            if enters {
                hits.insert(format!("{column} {code} derived as the total minus the other codes ({file})"));
            }
        }
        if hits.is_empty() {
            continue;
        }
        let why = format!("includes cells {}", hits.into_iter().collect::<Vec<_>>().join("; "));
        row.reason = Some(match row.reason.take() {
            Some(r) => format!("{r}; {why}"),
            None => why,
        });
    }
}
