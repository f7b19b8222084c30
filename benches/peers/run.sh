#!/usr/bin/env bash
# The benchmark job (job.md) in gds and its peers: measure (measure.py), then check that every
# peer computed the same values as gds (check.py).
# Usage: benches/peers/run.sh [PERSONS] [measure.py options, e.g. --catalogue]
#   (default 1000000; data in target/bench-data/PERSONS; NO_BUILD=1 skips cargo build)
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-1000000}"
shift || true
data="target/bench-data/$n"
if [ ! -d target/peers-venv ]; then
  python3 -m venv target/peers-venv
  target/peers-venv/bin/pip install -q pandas==3.1.1 pyarrow polars==2.1.0 duckdb==2.0.1
fi
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet
[ -f "$data/gds.toml" ] || target/release/gds synth --seed 42 --persons "$n" --years 2024 --out "$data"
py=target/peers-venv/bin/python
export POLARS_MAX_THREADS=2
rm -f /tmp/gds-job.csv /tmp/duckdb-job.csv /tmp/polars-job.csv /tmp/pandas-job.csv
# Timings: writes target/peers-$n.md and leaves each tool's result in /tmp/<tool>-job.csv.
"$py" benches/peers/measure.py "$data" "$@"
# Every cell, the small-number rule off (the peers do not suppress).
ids=$(cd benches/peers && "../../$py" -c 'import common; print(common.IDS)' "../../$data")
target/release/gds compute "$data/gds.toml" --period 2024 --indicators "$ids" --no-suppress --out /tmp/gds-check.csv
"$py" benches/peers/check.py /tmp/gds-check.csv /tmp/duckdb-job.csv /tmp/polars-job.csv /tmp/pandas-job.csv
# The published cells of the timed gds run (suppressed cells are not compared).
if [ -f /tmp/gds-job.csv ]; then
  "$py" benches/peers/check.py /tmp/gds-job.csv /tmp/duckdb-job.csv /tmp/polars-job.csv /tmp/pandas-job.csv | tail -1
fi
