//! One module per command verb.

pub mod areas;
pub mod chart;
pub mod compute;
pub mod cube;
pub mod gate;
mod indicators;
pub mod report;
pub mod sql;
pub mod synth;

use crate::UserError;
use crate::args::{Cli, Command};
use gds_indicators::Catalogue;
use std::path::Path;
use std::process::ExitCode;

/// Run a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Indicators(cmd) => indicators::run(cli.catalogue.as_deref(), cmd),
        Command::Validate(a) => compute::validate_cmd(cli.catalogue.as_deref(), &a),
        Command::Compute(a) => compute::compute_cmd(cli.catalogue.as_deref(), &a),
        Command::Cube(a) => cube::run(cli.catalogue.as_deref(), &a),
        Command::Chart(a) => chart::run(cli.catalogue.as_deref(), &a),
        Command::Synth(a) => synth::run(&a),
        Command::Report(a) => report::run(cli.catalogue.as_deref(), &a),
        Command::Areas(a) => areas::run(cli.catalogue.as_deref(), &a),
        Command::Sql(a) => sql::run(cli.catalogue.as_deref(), &a),
        Command::Explain(a) => compute::explain_cmd(cli.catalogue.as_deref(), &a),
    }
}

/// Load the catalogue from `dir`, or the embedded one.
pub fn load_catalogue(dir: Option<&Path>) -> anyhow::Result<Catalogue> {
    let result = match dir {
        Some(d) => Catalogue::load(d),
        None => Catalogue::embedded(),
    };
    result.map_err(|d| {
        let from = dir.map_or("the embedded catalogue".to_string(), |d| d.display().to_string());
        anyhow::Error::new(UserError(format!(
            "{d}\nerror: the catalogue in {from} is invalid; run `gds indicators check` for details"
        )))
    })
}
