//! `gds synth`: the seeded synthetic district.

use crate::UserError;
use crate::args::SynthArgs;
use gds_synth::{SynthConfig, generate};
use indicatif::{ProgressBar, ProgressStyle};
use std::process::ExitCode;
use std::time::Instant;

pub fn run(a: &SynthArgs) -> anyhow::Result<ExitCode> {
    let cfg =
        SynthConfig { seed: a.seed, persons: a.persons, years: a.years.clone(), ..SynthConfig::new(&a.out) };
    let pb = ProgressBar::new(0);
    pb.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let t = Instant::now();
    let summary = generate(&cfg, &mut |stage, done, total| {
        pb.set_length(total);
        pb.set_position(done);
        pb.set_message(gds_compute::messages::text_in(stage, super::lang()));
    })
    .map_err(|e| UserError(format!("error: {e}")))?;
    pb.finish_and_clear();
    let bytes: u64 = summary.files.iter().map(|f| f.bytes).sum();
    super::say(format!(
        "wrote {} files ({:.1} MB) to {} in {:.1} s: {} persons, {} labour-force records, {} births, {} deaths — SYNTHETIC data (seed {})",
        summary.files.len(),
        bytes as f64 / 1e6,
        summary.out_dir.display(),
        t.elapsed().as_secs_f64(),
        summary.persons,
        summary.lfs_rows,
        summary.births,
        summary.deaths,
        a.seed
    ));
    Ok(ExitCode::SUCCESS)
}
