//! `gds sql`: the SQL that computes each dataset's cube on another engine, and the engine
//! choice of `gds compute --engine` / `gds cube --engine`.

use super::compute::{make_plan, user};
use super::load_catalogue;
use crate::UserError;
use crate::args::{EngineArg, EngineArgs, SqlArgs};
use gds_compute::engine::sql::{Dialect, SqlEngine};
use std::path::Path;
use std::process::ExitCode;

/// `gds sql PROJECT --dialect D`: print the statements, source by source.
pub fn run(catalogue: Option<&Path>, a: &SqlArgs) -> anyhow::Result<ExitCode> {
    let dialect = Dialect::parse(&a.dialect).ok_or_else(|| {
        UserError(format!("error: unknown dialect {:?} — hint: duckdb, spark or postgres", a.dialect))
    })?;
    let cat = load_catalogue(catalogue)?;
    let project = super::compute::load_project(&a.request.project, &cat)?;
    let mut plan = make_plan(&cat, &project, &a.request)?;
    if !a.dataset.is_empty() {
        for d in &a.dataset {
            if !plan.scans.iter().any(|s| &s.dataset == d) {
                let known: Vec<&str> = plan.scans.iter().map(|s| s.dataset.as_str()).collect();
                return Err(UserError(format!(
                    "error: the plan reads no dataset {d:?} — hint: {}",
                    gds_compute::hint(d, known.iter().copied())
                        .unwrap_or_else(|| format!("the plan reads {}", known.join(", ")))
                ))
                .into());
            }
        }
        plan.scans.retain(|s| a.dataset.contains(&s.dataset));
    }
    let engine = SqlEngine::print(dialect);
    gds_compute::exec::plan_cubes_screened(&plan, &project, &cat, None, Some(&engine)).map_err(user)?;
    let sent = engine.sent.lock().expect("log");
    for s in sent.iter() {
        println!("{s};");
        if s.starts_with("WITH ") {
            println!();
        }
    }
    for n in engine.notes.lock().expect("notes").iter() {
        super::say(format!("note: {n}; its cube is not in this SQL"));
    }
    Ok(ExitCode::SUCCESS)
}

/// The SQL engine asked for, started; `None` for gds's own engine.
pub fn start(e: &EngineArgs) -> anyhow::Result<Option<SqlEngine>> {
    let threads = std::env::var("POLARS_MAX_THREADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let dialect = match e.engine {
        EngineArg::Polars => return Ok(None),
        EngineArg::Duckdb => Dialect::DuckDb,
        EngineArg::Spark => Dialect::Spark,
    };
    let engine = SqlEngine::start(dialect, Some(&e.spark_master), threads).map_err(user)?;
    super::say(format!("engine: {}", engine.version()));
    Ok(Some(engine))
}

/// After a run: the sources the engine left to polars, and with `explain` every statement
/// sent.
pub fn report(engine: Option<&SqlEngine>, explain: bool) {
    let Some(engine) = engine else { return };
    if explain {
        for s in engine.sent.lock().expect("log").iter() {
            eprintln!("{s};");
        }
    }
    for n in engine.notes.lock().expect("notes").iter() {
        super::say(format!("note: {n}; gds's own engine computed its cube"));
    }
}

/// What computed a result, for its metadata (Parquet key-value metadata, JSON `metadata`):
/// gds's version, the engine and its version, and the sources the engine left to polars.
pub fn provenance(engine: Option<&SqlEngine>) -> Vec<(String, String)> {
    let mut p = vec![("gds.version".to_string(), env!("CARGO_PKG_VERSION").to_string())];
    match engine {
        None => p.push(("gds.engine".into(), format!("polars {}", gds_compute::POLARS_VERSION))),
        Some(e) => {
            p.push(("gds.engine".into(), e.version()));
            let notes = e.notes.lock().expect("notes");
            if !notes.is_empty() {
                p.push(("gds.engine.polars_sources".into(), notes.join("; ")));
            }
        }
    }
    p
}
