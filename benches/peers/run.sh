#!/usr/bin/env bash
# The benchmark job (job.md) in gds and its peers, timed with hyperfine.
# Usage: benches/peers/run.sh [PERSONS]   (default 1000000; data in target/bench-data/PERSONS)
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-1000000}"
data="target/bench-data/$n"
command -v hyperfine >/dev/null || apt-get install -y hyperfine
if [ ! -d target/peers-venv ]; then
  python3 -m venv target/peers-venv
  target/peers-venv/bin/pip install -q pandas==3.1.1 pyarrow polars==2.1.0 duckdb==2.0.1
fi
cargo build --release --quiet
[ -f "$data/gds.toml" ] || target/release/gds synth --seed 42 --persons "$n" --years 2024 --out "$data"
py=target/peers-venv/bin/python
ids=population,sex-ratio-population,literacy-15plus,lfpr,unemployment-rate,mean-monthly-income,women-managers-isco1
export POLARS_MAX_THREADS=2
hyperfine --warmup 1 --runs 5 --export-markdown "target/peers-$n.md" \
  -n gds "target/release/gds compute $data/gds.toml --period 2024 --indicators $ids --out /tmp/gds-job.csv" \
  -n polars-python "$py benches/peers/polars_job.py $data /tmp/polars-job.csv" \
  -n duckdb "$py benches/peers/duckdb_job.py $data /tmp/duckdb-job.csv" \
  -n pandas "$py benches/peers/pandas_job.py $data /tmp/pandas-job.csv"
cat "target/peers-$n.md"
