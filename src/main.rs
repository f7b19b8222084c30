//! `gds`: gender-disaggregated statistics from raw records to official indicators.
//!
//! Exit codes: 0 success, 1 the user's data or definitions are at fault, 2 a bug in gds.
#![forbid(unsafe_code)]

mod args;
mod commands;

use clap::Parser;
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

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error in gds (a bug, please report it): {info}");
    }));
    let cli = args::Cli::parse();
    match std::panic::catch_unwind(|| commands::run(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            if e.downcast_ref::<UserError>().is_some() {
                eprintln!("{e}");
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
                eprintln!("error: internal error in gds: {e:#}");
                ExitCode::from(2)
            }
        }
        Err(_) => ExitCode::from(2),
    }
}
