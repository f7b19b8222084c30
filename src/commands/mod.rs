//! One module per command verb.

pub mod areas;
pub mod chart;
pub mod compute;
pub mod cube;
pub mod forms;
pub mod gate;
mod indicators;
pub mod progress;
pub mod report;
pub mod sql;
pub mod synth;

use crate::UserError;
use crate::args::{Cli, Command};
use gds_indicators::Catalogue;
use std::path::Path;
use std::process::ExitCode;

/// The language of messages: `--lang` where the command line gives it, else the environment
/// (`GDS_LANG`, `LANG`).
pub fn message_lang(argv: &[std::ffi::OsString]) -> gds_core::Lang {
    let args: Vec<String> = argv.iter().map(|a| a.to_string_lossy().to_string()).collect();
    let given = args.iter().enumerate().find_map(|(i, a)| match a.strip_prefix("--lang") {
        Some("") => args.get(i + 1).cloned(),
        Some(v) => v.strip_prefix('=').map(str::to_string),
        None => None,
    });
    match given.as_deref() {
        Some("vi") => gds_core::Lang::Vi,
        Some("en") => gds_core::Lang::En,
        _ => compute::env_lang(),
    }
}

/// Set the language of messages (once).
pub fn set_lang(lang: gds_core::Lang) {
    gds_compute::messages::set_lang(lang);
}

/// The language of messages (English until `main` has set it).
pub fn lang() -> gds_core::Lang {
    gds_compute::messages::lang()
}

/// Say a progress line, a note or a closing line on stderr, in the language of messages.
pub fn say(text: impl AsRef<str>) {
    gds_compute::messages::say(text.as_ref());
}

/// Print a command's answer on stdout, in the language of messages.
pub fn tell(text: impl AsRef<str>) {
    println!("{}", gds_compute::messages::text_in(text.as_ref(), lang()));
}

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
        Command::Forms(a) => forms::run(cli.catalogue.as_deref(), &a),
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

/// Vietnam's clock, UTC+7: Asia/Ho_Chi_Minh has kept this offset, with no daylight saving,
/// since 1975, so a fixed offset is the zone for every date gds stamps (no time-zone database).
pub fn vietnam_now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::Utc::now().with_timezone(&vietnam_offset())
}

fn vietnam_offset() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// A moment as a report states it: `09:05 ngày 02/12/2026 (giờ Việt Nam)`; `2 December 2026,
/// 09:05 (Vietnam time, UTC+7)`.
pub fn stamp(t: chrono::DateTime<chrono::FixedOffset>, lang: gds_core::Lang) -> String {
    let t = t.with_timezone(&vietnam_offset());
    match lang {
        gds_core::Lang::Vi => t.format("%H:%M ngày %d/%m/%Y (giờ Việt Nam)").to_string(),
        gds_core::Lang::En => t.format("%-d %B %Y, %H:%M (Vietnam time, UTC+7)").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_in_vietnam_time_and_words() {
        // 20:30 UTC on 1 December is 03:30 on 2 December in Vietnam.
        let t = chrono::DateTime::parse_from_rfc3339("2026-12-01T20:30:00Z").unwrap();
        assert_eq!(stamp(t, gds_core::Lang::Vi), "03:30 ngày 02/12/2026 (giờ Việt Nam)");
        assert_eq!(stamp(t, gds_core::Lang::En), "2 December 2026, 03:30 (Vietnam time, UTC+7)");
        let offset = vietnam_now().offset().local_minus_utc();
        assert_eq!(offset, 7 * 3600);
    }
}
