#!/usr/bin/env bash
# The whole catalogue's cubes (`gds cube`, every dataset of a synthetic district) on gds's own
# engine (polars), DuckDB and Spark local[2], timed in one run (measure.py), the cubes checked
# bit-identical. Usage: benches/spark/run.sh [PERSONS ...]   (default 1000000 10000000)
#   Data in target/bench-data/PERSONS (as benches/peers); NO_BUILD=1 skips cargo build;
#   ENGINES="polars duckdb" leaves Spark out. Writes target/spark-PERSONS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$#" -gt 0 ] || set -- 1000000 10000000
if [ ! -x target/engines-venv/bin/python ]; then
  python3 -m venv target/engines-venv
  target/engines-venv/bin/pip install -q duckdb==2.0.1 pyspark==4.0.1
fi
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet
export GDS_PYTHON="$PWD/target/engines-venv/bin/python" POLARS_MAX_THREADS=2
for n in "$@"; do
  data="target/bench-data/$n"
  [ -f "$data/gds.toml" ] || target/release/gds synth --seed 42 --persons "$n" --years 2024 --out "$data"
  python3 benches/spark/measure.py "$data" ${ENGINES:-polars duckdb spark} | tee "target/spark-$n.md"
done
