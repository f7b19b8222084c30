"""The floor of the benchmark job: DuckDB (2 threads) only decodes the columns the job reads
from the same files, `SELECT count(*), max(c1), max(c2), ... FROM <files>` per dataset (max,
not count: DuckDB answers count(c) of a column without nulls from the Parquet statistics,
without reading it). No filter, no grouping: every value of those columns is decoded once.

Usage: floor.py DATA [--all]
  --all  every column of every Parquet or CSV source of the project (the floor of a whole
         catalogue run), instead of the job's columns of persons, labour-force and births.
"""
import os
import sys

import duckdb

everything = "--all" in sys.argv
sys.argv = [a for a in sys.argv if a != "--all"]
import common  # noqa: E402  (reads sys.argv)

con = duckdb.connect()
con.execute("SET threads = 2")
files = {}  # (dataset, format) -> paths
for s in common.project.get("sources", []):
    fmt = s["path"].rsplit(".", 1)[-1].lower()
    if fmt in ("parquet", "csv") and (everything or s["dataset"] in common.COLUMNS):
        files.setdefault((s["dataset"], fmt), []).append(os.path.join(common.DATA, s["path"]))
for (dataset, fmt), paths in sorted(files.items()):
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    rel = f"{reader}([{','.join(repr(p) for p in paths)}], union_by_name = true)"
    if everything:
        cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {rel}").fetchall()]
    else:
        cols = common.COLUMNS[dataset]
    row = con.execute(f"SELECT count(*), {', '.join(f'max({c})' for c in cols)} FROM {rel}").fetchone()
    print(f"{dataset} ({fmt}, {len(paths)} files): {row[0]} rows, {len(cols)} columns decoded")
