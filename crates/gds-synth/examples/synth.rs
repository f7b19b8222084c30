//! Generate a synthetic district: `synth [PERSONS] [OUT_DIR] [SEED] [THREADS] [YEARS]`
//! (YEARS comma-separated, default 2023,2024).
//!
//! Prints progress to stderr and a summary (files, rows, bytes, wall time) to stdout.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let persons: u64 =
        args.next().map_or(gds_synth::DEFAULT_PERSONS, |s| s.parse().expect("PERSONS is a number"));
    let out = args.next().unwrap_or_else(|| "out/minh-lam".into());
    let seed: u64 = args.next().map_or(gds_synth::DEFAULT_SEED, |s| s.parse().expect("SEED is a number"));
    let threads: usize = args.next().map_or(0, |s| s.parse().expect("THREADS is a number"));
    let mut cfg = gds_synth::SynthConfig { seed, persons, threads, ..gds_synth::SynthConfig::new(out) };
    if let Some(y) = args.next() {
        cfg.years = y.split(',').map(|v| v.trim().parse().expect("YEARS are numbers")).collect();
    }
    let start = Instant::now();
    let mut last = String::new();
    let mut tick = 0u64;
    let result = gds_synth::generate(&cfg, &mut |stage, done, total| {
        if stage != last || done == total || done >= tick {
            eprintln!("{stage}: {done}/{total}");
            last = stage.to_string();
            tick = done + (total / 10).max(1);
        }
    });
    match result {
        Ok(s) => {
            for f in &s.files {
                println!("{:<48} {:>12} rows {:>14} bytes", f.name, f.rows, f.bytes);
            }
            println!(
                "persons {} | LFS rows {} | births {} | deaths {} | total {:.1} MB | {:.1} s",
                s.persons,
                s.lfs_rows,
                s.births,
                s.deaths,
                s.total_bytes() as f64 / 1e6,
                start.elapsed().as_secs_f64()
            );
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
