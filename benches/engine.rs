//! The whole catalogue over the synthetic district at 10⁶ and 10⁷ persons: the fused plan
//! (one scan per dataset) against the naive plan (one polars query per indicator).
//!
//! Data are generated once into `target/bench-data/<n>` by `gds-synth` (seed 42).
//! Run: `cargo bench --bench engine` (set `GDS_BENCH_SIZES=1000000` to limit the sizes).

use criterion::{Criterion, criterion_group, criterion_main};
use gds_compute::exec::{Strategy, execute};
use gds_compute::plan::{Request, plan};
use gds_compute::project::Project;
use gds_indicators::Catalogue;
use std::path::PathBuf;
use std::time::Duration;

fn data(n: u64) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data").join(n.to_string());
    if !dir.join("gds.toml").exists() {
        let cfg =
            gds_synth::SynthConfig { persons: n, years: vec![2024], ..gds_synth::SynthConfig::new(&dir) };
        gds_synth::generate(&cfg, &mut |_, _, _| {}).expect("generate the benchmark data");
    }
    dir.join("gds.toml")
}

fn bench(c: &mut Criterion) {
    let cat = Catalogue::embedded().expect("catalogue");
    let sizes: Vec<u64> = std::env::var("GDS_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000_000, 10_000_000]);
    let mut g = c.benchmark_group("catalogue");
    g.sample_size(10).measurement_time(Duration::from_secs(20)).warm_up_time(Duration::from_secs(1));
    for n in sizes {
        let toml = data(n);
        let project = Project::load(&toml, &cat).expect("project");
        let req = Request { breakdowns: vec!["sex".into()], ..Request::default() };
        let pl = plan(&cat, &project, &req).expect("plan");
        for (name, strategy) in [("fused", Strategy::Fused), ("naive", Strategy::Naive)] {
            g.bench_function(format!("{name}/{n}"), |b| {
                b.iter(|| execute(&pl, &project, &cat, strategy, &mut |_| {}).expect("execute"))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
