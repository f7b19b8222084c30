//! `gds cube` (write the cubes of exact sums) and `gds compute --from-cubes` (read them).

use super::compute::{make_plan, refuse_inputs_as_output, spinner, user};
use super::load_catalogue;
use crate::UserError;
use crate::args::CubeArgs;
use gds_compute::engine::store;
use gds_compute::exec::{execute_stored, plan_cubes_screened};
use gds_compute::plan::Plan;
use gds_compute::project::Project;
use gds_core::{ObsStatus, ResultTable};
use gds_indicators::Catalogue;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// `gds cube PROJECT --out DIR`: the gate, then one cube per dataset (and group of filters).
pub fn run(catalogue: Option<&Path>, a: &CubeArgs) -> anyhow::Result<ExitCode> {
    let cat = load_catalogue(catalogue)?;
    let project = super::compute::load_project(&a.request.project, &cat)?;
    let plan = make_plan(&cat, &project, &a.request)?;
    refuse_inputs_as_output(&project, &a.out, true)?;
    let pb = spinner();
    pb.set_message("building cubes");
    let t = Instant::now();
    // The gate's screening runs in the reads that build the cubes; nothing is written before
    // the gate has passed. If the engine fails, the gate runs alone first (findings, not an
    // engine error, for bad data).
    let mut screens = gds_compute::exec::Screens::new();
    let engine = super::sql::start(&a.engine)?;
    let built = plan_cubes_screened(&plan, &project, &cat, Some(&mut screens), engine.as_ref());
    pb.finish_and_clear();
    super::sql::report(engine.as_ref(), false);
    let cubes = match built {
        Ok(c) => c,
        Err(e) => {
            super::gate::check(&project, &cat, a.force, "cube")?;
            return Err(user(e));
        }
    };
    let gate = super::gate::check_screened(&project, &cat, a.force, "cube", &screens)?;
    store::write(&a.out, &cubes, !gate.forced).map_err(user)?;
    let cells: usize = cubes.iter().map(|c| c.len()).sum();
    super::say(format!(
        "wrote {} ({} cubes, {cells} cells, in {:.2} s)",
        a.out.display(),
        cubes.len(),
        t.elapsed().as_secs_f64()
    ));
    Ok(ExitCode::SUCCESS)
}

/// The results of `plan` from the cubes in `dir`. Cubes built with `--force` give
/// "unverified" results, and need `--force` here too.
pub fn compute_from(
    cat: &Catalogue,
    project: &Project,
    plan: &Plan,
    dir: &Path,
    force: bool,
    timings: bool,
) -> anyhow::Result<ResultTable> {
    let t = Instant::now();
    let (cubes, validated) = store::read(dir).map_err(user)?;
    if !validated && !force {
        return Err(UserError(format!(
            "error: {}: these cubes were built with --force from data that fail their checks; nothing was computed — hint: rebuild them from checked data, or add --force to publish with every result marked \"unverified\"",
            dir.display()
        ))
        .into());
    }
    let (mut table, tm) = execute_stored(plan, project, cat, &cubes).map_err(user)?;
    if !validated {
        for row in &mut table.rows {
            if row.status == ObsStatus::Ok || row.status == ObsStatus::LowN {
                row.status = ObsStatus::Unverified;
            }
            let why = "computed from cubes built with --force from data that failed checks".to_string();
            row.reason = Some(match row.reason.take() {
                Some(r) => format!("{why}; {r}"),
                None => why,
            });
        }
    }
    if timings {
        for (stage, d) in &tm.stages {
            eprintln!("{:>10.3} s  {stage}", d.as_secs_f64());
        }
        eprintln!("{:>10.3} s  total ({} result rows)", t.elapsed().as_secs_f64(), table.rows.len());
    }
    Ok(table)
}
