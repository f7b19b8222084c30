//! `gds`: gender-disaggregated statistics from raw records to official indicators.
//!
//! Exit codes: 0 success, 1 the user's data or definitions are at fault, 2 a bug in gds.
#![forbid(unsafe_code)]

mod args;
mod commands;
mod help_vi;

use std::process::ExitCode;

/// An error that is the user's to fix (exit 1); anything else is a bug (exit 2).
#[derive(Debug)]
pub struct UserError(pub String);

impl std::fmt::Display for UserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

/// The command line parsed, its help and parse errors in `lang`.
fn parse(argv: &[std::ffi::OsString], lang: gds_core::Lang) -> args::Cli {
    use clap::{CommandFactory, FromArgMatches};
    let cmd = match lang {
        gds_core::Lang::Vi => help_vi::localize(args::Cli::command()),
        gds_core::Lang::En => args::Cli::command(),
    };
    let parsed = cmd.try_get_matches_from(argv).and_then(|m| args::Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => cli,
        Err(e) => match (lang, help_vi::error(&e)) {
            (gds_core::Lang::Vi, Some(text)) => {
                eprintln!("{text}");
                std::process::exit(2)
            }
            _ => e.exit(),
        },
    }
}

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = commands::message_lang(&argv);
    commands::set_lang(lang);
    std::panic::set_hook(Box::new(move |info| {
        let line = format!("error: internal error in gds (a bug, please report it): {info}");
        eprintln!("{}", gds_compute::messages::text_in(&line, lang));
    }));
    let cli = parse(&argv, lang);
    match std::panic::catch_unwind(|| commands::run(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            if e.downcast_ref::<UserError>().is_some() {
                eprintln!("{}", gds_compute::messages::text_in(&e.to_string(), lang));
                ExitCode::from(1)
            } else if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                // The reader went away (`gds indicators list | head`): nothing is wrong, and
                // nothing more to say; the shell's convention for a closed pipe.
                ExitCode::from(141)
            } else {
                // Not classified as the user's to fix: a bug in gds (or the machine, e.g. a
                // closed pipe), exit 2.
                let line = format!("error: internal error in gds: {e:#}");
                eprintln!("{}", gds_compute::messages::text_in(&line, lang));
                ExitCode::from(2)
            }
        }
        Err(_) => ExitCode::from(2),
    }
}
