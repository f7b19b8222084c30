//! `gds areas`: the hierarchy of a project's areas on a date, and the codes reused over time.

use super::compute::load_project;
use super::load_catalogue;
use crate::UserError;
use crate::args::AreasArgs;
use gds_core::{Area, AreaList};
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Run `gds areas`.
pub fn run(catalogue: Option<&Path>, a: &AreasArgs) -> anyhow::Result<ExitCode> {
    let cat = load_catalogue(catalogue)?;
    let project = load_project(&a.project, &cat)?;
    let date = match &a.on {
        Some(d) if is_date(d) => d.clone(),
        Some(d) => {
            return Err(anyhow::Error::new(UserError(format!(
                "error: --on {d:?} is not a date — hint: write it as YYYY-MM-DD, e.g. 2025-07-01"
            ))));
        }
        // Today in Vietnam (the areas valid on the office's date, not UTC's).
        None => super::vietnam_now().format("%Y-%m-%d").to_string(),
    };
    if project.areas.is_empty() {
        super::tell(format!("{}: no area list (areas = \"areas.csv\" in gds.toml)", a.project.display()));
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", hierarchy(&project.areas, &date));
    Ok(ExitCode::SUCCESS)
}

fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && d.chars().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn span(a: &Area) -> String {
    format!("{} – {}", a.valid_from.as_deref().unwrap_or("…"), a.valid_to.as_deref().unwrap_or("…"))
}

/// The units valid on `date`, each under its parent of that day, then the reused codes.
pub fn hierarchy(areas: &AreaList, date: &str) -> String {
    let valid: Vec<&Area> = areas.iter().filter(|a| a.valid_on(date)).collect();
    let mut out = format!("Areas on {date}: {} units\n", valid.len());
    fn walk(out: &mut String, valid: &[&Area], parent: Option<&str>, depth: usize) {
        for a in valid.iter().filter(|a| a.parent.as_deref() == parent) {
            let _ = writeln!(
                out,
                "{}{} {} ({}, {})",
                "  ".repeat(depth + 1),
                a.code,
                a.name_vi,
                a.level,
                span(a)
            );
            if depth < 16 {
                walk(out, valid, Some(&a.code), depth + 1);
            }
        }
    }
    // Roots: no parent, or a parent that does not exist that day.
    let codes: std::collections::BTreeSet<&str> = valid.iter().map(|a| a.code.as_str()).collect();
    for a in valid.iter().filter(|a| a.parent.as_deref().is_none_or(|p| !codes.contains(p))) {
        let _ = writeln!(out, "  {} {} ({}, {})", a.code, a.name_vi, a.level, span(a));
        walk(&mut out, &valid, Some(&a.code), 1);
    }
    let mut seen = std::collections::BTreeSet::new();
    for a in areas.iter() {
        let v = areas.versions(&a.code);
        if v.len() > 1 && seen.insert(a.code.clone()) {
            let units: Vec<String> = v.iter().map(|x| format!("{} ({})", x.name_vi, span(x))).collect();
            let _ = writeln!(out, "code {} names {} units over time: {}", a.code, v.len(), units.join("; "));
        }
    }
    out
}
