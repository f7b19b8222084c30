//! Progress on stderr: a spinner on a terminal; elsewhere (a log, CI, a pipe) plain lines, at
//! most one every few seconds and one per stage, so a long run says where it is without
//! flooding the log. `GDS_PROGRESS=0` silences both. Labels are said in the language of
//! messages (the catalogue's `NOTICES`).

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// When the first progress display of the run began: plain lines count from it.
static START: OnceLock<Instant> = OnceLock::new();

/// Seconds between plain progress lines.
const EVERY: Duration = Duration::from_secs(2);

/// A progress display for one command.
pub struct Progress {
    bar: Option<ProgressBar>,
    plain: bool,
    last: Mutex<Option<Instant>>,
}

impl Progress {
    /// A spinner when stderr is a terminal, plain lines otherwise.
    pub fn new() -> Progress {
        let quiet = std::env::var("GDS_PROGRESS").is_ok_and(|v| v == "0");
        let terminal = std::io::stderr().is_terminal();
        let bar = (terminal && !quiet).then(|| {
            let pb = ProgressBar::new_spinner();
            pb.set_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            pb.enable_steady_tick(Duration::from_millis(120));
            pb
        });
        START.get_or_init(Instant::now);
        Progress { bar, plain: !terminal && !quiet, last: Mutex::new(None) }
    }

    /// What is being done now (a plain line only if the last one is a few seconds old).
    pub fn set_message(&self, m: impl Into<String>) {
        let m = gds_compute::messages::text_in(&m.into(), super::lang());
        if let Some(b) = &self.bar {
            b.set_message(m);
        } else if self.plain {
            let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
            if last.is_none_or(|t| t.elapsed() >= EVERY) {
                eprintln!("[{:>6.1} s] {m}", START.get_or_init(Instant::now).elapsed().as_secs_f64());
                *last = Some(Instant::now());
            }
        }
    }

    /// A new stage of the command (always a plain line).
    pub fn stage(&self, m: impl Into<String>) {
        let m = gds_compute::messages::text_in(&m.into(), super::lang());
        if let Some(b) = &self.bar {
            b.set_message(m);
        } else if self.plain {
            eprintln!("[{:>6.1} s] {m}", START.get_or_init(Instant::now).elapsed().as_secs_f64());
            *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
        }
    }

    /// Clear the spinner.
    pub fn finish_and_clear(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
