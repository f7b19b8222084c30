"""Copy a gds project and blank (set to null) a few percent of the values the job reads, so that
check.py also tests the missing-value rules (shares leave unknown numerators out of the
denominator, means leave empty values out, SMAM counts an unknown marital status in the
population but not among the never married, empty age at first marriage means never married).

Usage: nulls.py SRC_PROJECT_DIR DST_DIR [FRACTION]   (default fraction 0.05, seed 7)
"""
import os
import shutil
import sys

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

src, dst = sys.argv[1], sys.argv[2]
frac = float(sys.argv[3]) if len(sys.argv) > 3 else 0.05
rng = np.random.default_rng(7)
BLANK = {
    "persons": ["literate", "has_account", "uses_internet", "marital_status", "age_first_marriage"],
    "labour-force": ["monthly_income", "unpaid_care_hours", "employment_type", "isco_major"],
}

shutil.copytree(src, dst, dirs_exist_ok=True)
for name in sorted(os.listdir(dst)):
    if not name.endswith(".parquet"):
        continue
    dataset = next((d for d in BLANK if name.startswith(d + "-")), None)
    if dataset is None:
        continue
    path = os.path.join(dst, name)
    t = pq.read_table(path)
    cols = []
    for f in t.schema:
        col = t[f.name].combine_chunks()
        if pa.types.is_string_view(col.type):
            col = col.cast(pa.string())
        if f.name in BLANK[dataset]:
            col = pc.if_else(pa.array(rng.random(len(col)) < frac), pa.nulls(len(col), col.type), col)
        cols.append(col)
    schema = pa.schema([pa.field(f.name, c.type) for f, c in zip(t.schema, cols)], metadata=t.schema.metadata)
    pq.write_table(pa.Table.from_arrays(cols, schema=schema), path)
    print(f"{path}: blanked {frac:.0%} of {', '.join(BLANK[dataset])}")
