//! `gds forms`: the data-collection forms of a period, one workbook per reporting unit, and
//! the project file that reads them back.

use super::compute::user;
use super::load_catalogue;
use crate::UserError;
use crate::args::FormsArgs;
use gds_compute::forms::{FormsRequest, file_name, units};
use gds_compute::project::Project;
use std::path::Path;
use std::process::ExitCode;

/// Run `gds forms`.
pub fn run(catalogue: Option<&Path>, a: &FormsArgs) -> anyhow::Result<ExitCode> {
    let cat = load_catalogue(catalogue)?;
    let project = Project::load_without_data(&a.project, &cat).map_err(user)?;
    // Never over a returned form, nor over one of the project's own files.
    let inputs: Vec<std::path::PathBuf> =
        project.inputs.iter().filter_map(|p| std::fs::canonicalize(p).ok()).collect();
    let mut targets: Vec<std::path::PathBuf> =
        units(&project, a.period, &a.level).iter().map(|u| a.out.join(file_name(u))).collect();
    targets.push(a.out.join("gds.toml"));
    targets.push(a.out.join("areas.csv"));
    for t in &targets {
        if std::fs::canonicalize(t).is_ok_and(|c| inputs.contains(&c)) {
            return Err(UserError(format!(
                "error: {} is a file of the project {} — hint: write the forms to a folder of their own",
                t.display(),
                a.project.display()
            ))
            .into());
        }
    }
    if !a.overwrite {
        let existing: Vec<String> = targets
            .iter()
            .filter(|t| t.exists() && t.extension().is_some_and(|e| e == "xlsx" || e == "toml"))
            .map(|t| t.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(UserError(format!(
                "error: {} form file(s) are already in {} ({}{}): forms may be filled in, and their gds.toml edited — hint: write to another folder, or give --overwrite to replace them",
                existing.len(),
                a.out.display(),
                existing.first().map(String::as_str).unwrap_or_default(),
                if existing.len() > 1 { ", …" } else { "" }
            ))
            .into());
        }
    }
    let req = FormsRequest {
        period: a.period,
        level: a.level.clone(),
        datasets: a.datasets.clone(),
        roster_rows: a.rows,
        stamp: super::stamp(super::vietnam_now(), gds_core::Lang::Vi),
    };
    let written = gds_compute::forms::write(&project, &cat, &req, &a.out).map_err(user)?;
    for (ds, why) in &written.skipped {
        super::say(format!("note: no form for {ds}: {why}"));
    }
    let sheets: Vec<String> = written.sheets.iter().map(|(ds, sheet)| format!("{sheet} ({ds})")).collect();
    super::tell(format!(
        "wrote {} form(s) in {} — {} — version {}; read them back with: gds validate {}",
        written.workbooks.len(),
        a.out.display(),
        sheets.join(", "),
        written.version,
        written.project_file.display()
    ));
    Ok(ExitCode::SUCCESS)
}
