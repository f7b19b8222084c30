"""The benchmark job in pandas (see job.md)."""
import numpy as np
import pandas as pd
from common import PERSONS, LABOUR, OUT

p = pd.concat([pd.read_parquet(f, columns=["area", "sex", "age", "literate"]) for f in PERSONS])
l = pd.concat([pd.read_parquet(f, columns=["area", "sex", "age", "labour_status", "employment_type", "isco_major", "monthly_income", "weight"]) for f in LABOUR])

out = []
pop = p.groupby(["area", "sex"]).size().unstack(fill_value=0)
out.append(pop.stack().rename("population"))
out.append((100 * pop["M"] / pop["F"]).rename("sex_ratio"))
a15 = p[p.age >= 15]
out.append((100 * a15.groupby(["area", "sex"])["literate"].mean()).rename("literacy_15plus"))
l = l[l.age >= 15].copy()
l["inlf"] = l.labour_status.isin(["employed", "unemployed"])
l["w_inlf"] = l.weight * l.inlf
l["w_unemp"] = l.weight * (l.labour_status == "unemployed")
g = l.groupby(["area", "sex"])
out.append((100 * g.w_inlf.sum() / g.weight.sum()).rename("lfpr"))
out.append((100 * g.w_unemp.sum() / g.w_inlf.sum()).rename("unemployment"))
ww = l[(l.labour_status == "employed") & (l.employment_type == "wage-worker") & l.monthly_income.notna()].copy()
ww["wx"] = ww.weight * ww.monthly_income
gw = ww.groupby(["area", "sex"])
out.append((gw.wx.sum() / gw.weight.sum()).rename("mean_income"))
mgr = l[(l.labour_status == "employed") & (l.isco_major == "1")]
share = mgr.assign(wf=np.where(mgr.sex == "F", mgr.weight, 0.0)).groupby("area")
women_managers = (100 * share.wf.sum() / share.weight.sum()).rename("women_managers")
sex_ratio = out.pop(1)
frame = pd.concat(out, axis=1).join(sex_ratio, on="area").join(women_managers, on="area")
frame.to_csv(OUT)
