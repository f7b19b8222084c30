"""Shared inputs of the peer implementations of the benchmark job (see job.md)."""
import glob
import os
import sys

DATA = sys.argv[1] if len(sys.argv) > 1 else "data-samples/minh-lam"
OUT = sys.argv[2] if len(sys.argv) > 2 else os.devnull
PERSONS = sorted(glob.glob(os.path.join(DATA, "persons-2024*.parquet")))
LABOUR = sorted(glob.glob(os.path.join(DATA, "labour-force-2024*.parquet")))
