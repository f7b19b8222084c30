"""The benchmark job in polars (Python), streaming engine (see job.md)."""
import polars as pl
from common import PERSONS, LABOUR, OUT

p = pl.scan_parquet(PERSONS)
persons = (
    p.group_by("area", "sex")
    .agg(
        pl.len().alias("population"),
        pl.col("literate").filter(pl.col("age") >= 15).mean().mul(100).alias("literacy_15plus"),
    )
    .collect(engine="streaming")
)
l = pl.scan_parquet(LABOUR).filter(pl.col("age") >= 15)
inlf = pl.col("labour_status").is_in(["employed", "unemployed"])
wage = (pl.col("labour_status") == "employed") & (pl.col("employment_type") == "wage-worker") & pl.col("monthly_income").is_not_null()
labour = (
    l.group_by("area", "sex")
    .agg(
        (pl.col("weight").filter(inlf).sum() / pl.col("weight").sum() * 100).alias("lfpr"),
        (pl.col("weight").filter(pl.col("labour_status") == "unemployed").sum() / pl.col("weight").filter(inlf).sum() * 100).alias("unemployment"),
        ((pl.col("weight") * pl.col("monthly_income")).filter(wage).sum() / pl.col("weight").filter(wage).sum()).alias("mean_income"),
    )
    .collect(engine="streaming")
)
mgr = (
    l.filter((pl.col("labour_status") == "employed") & (pl.col("isco_major") == "1"))
    .group_by("area")
    .agg((pl.col("weight").filter(pl.col("sex") == "F").sum() / pl.col("weight").sum() * 100).alias("women_managers"))
    .collect(engine="streaming")
)
sr = persons.pivot(on="sex", index="area", values="population").with_columns((pl.col("M") / pl.col("F") * 100).alias("sex_ratio"))
persons.join(labour, on=["area", "sex"], how="full").join(mgr, on="area", how="left").join(sr.select("area", "sex_ratio"), on="area", how="left").write_csv(OUT)
