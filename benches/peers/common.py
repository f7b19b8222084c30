"""Shared inputs of the peer implementations of the benchmark job (see job.md).

Usage of every peer: `python <tool>_job.py DATA OUT.csv [PERIOD]` where DATA is a gds project
folder (with gds.toml) or the gds.toml itself. The sources of each dataset are read from the
project file, as gds reads them; the district of each commune from the project's area list.

Only the inputs are shared: every peer computes the indicators itself, in its own engine.
"""
import csv
import os
import sys
import tomllib

_arg = sys.argv[1] if len(sys.argv) > 1 else "data-samples/minh-lam"
PROJECT = _arg if _arg.endswith(".toml") else os.path.join(_arg, "gds.toml")
DATA = os.path.dirname(PROJECT) or "."
OUT = sys.argv[2] if len(sys.argv) > 2 else os.devnull
PERIOD = int(sys.argv[3]) if len(sys.argv) > 3 else 2024

# The job: indicator id -> measure kind (the ids and kinds of the gds catalogue).
INDICATORS = {
    "population": "count",
    "sex-ratio-population": "sex-ratio",
    "srb": "sex-ratio",
    "literacy-15plus": "rate-by-sex",
    "account-ownership": "rate-by-sex",
    "internet-use": "rate-by-sex",
    "lfpr": "rate-by-sex",
    "unemployment-rate": "rate-by-sex",
    "child-marriage-18": "share",
    "women-managers-isco1": "share",
    "mean-monthly-income": "mean-by-sex",
    "unpaid-care-hours": "mean-by-sex",
    "lfpr-gap": "gap",
    "income-ratio-fm": "ratio-fm",
    "gender-pay-gap": "pay-gap",
    "smam": "smam",
    "crude-birth-rate": "event-rate",
    "adolescent-birth-rate": "event-rate",
}
IDS = ",".join(INDICATORS)

# Hajnal's SMAM uses the proportions never married in these age groups (the 50-54 group,
# when present, is averaged with 45-49 for the proportion single at 50), as gds does
# (crates/gds-compute/src/plan.rs SMAM_GROUPS, gds-stats demography.rs smam).
SMAM_GROUPS = [(15, 19), (20, 24), (25, 29), (30, 34), (35, 39), (40, 44), (45, 49), (50, 54)]

# Columns each dataset's part of the job reads (the floor of measure.py decodes exactly these).
COLUMNS = {
    "persons": ["period", "area", "sex", "age", "literate", "has_account", "uses_internet",
                "marital_status", "age_first_marriage"],
    "labour-force": ["period", "area", "sex", "age", "labour_status", "employment_type",
                     "isco_major", "monthly_income", "unpaid_care_hours", "weight"],
    "births": ["period", "area", "sex", "mother_age"],
}

with open(PROJECT, "rb") as f:
    project = tomllib.load(f)


def sources(dataset):
    """Files of a dataset in the project: a list of (path, format) with format parquet or csv."""
    out = []
    for s in project.get("sources", []):
        if s.get("dataset") != dataset:
            continue
        if s.get("rename") or s.get("sheet") or "period" in s:
            sys.exit(f"{PROJECT}: source {s['path']}: rename/sheet/period are not supported by the peers")
        path = os.path.join(DATA, s["path"])
        ext = path.rsplit(".", 1)[-1].lower()
        if ext not in ("parquet", "csv"):
            sys.exit(f"{path}: only Parquet and CSV sources are supported by the peers")
        out.append((path, ext))
    if not out:
        sys.exit(f"{PROJECT}: no source for dataset {dataset}")
    if len({e for _, e in out}) > 1:
        sys.exit(f"{PROJECT}: dataset {dataset} mixes Parquet and CSV sources")
    return out


def _areas():
    with open(os.path.join(DATA, project.get("areas", "areas.csv")), encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    level = {r["code"]: r["level"] for r in rows}
    return {r["code"]: r["parent"] for r in rows if r["level"] == "commune" and level.get(r["parent"]) == "district"}


# commune -> district (the district total row of gds output has the district's code)
DISTRICT_OF = _areas()

PERSONS = sources("persons")
LABOUR = sources("labour-force")
BIRTHS = sources("births")
