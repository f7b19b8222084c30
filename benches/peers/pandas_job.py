"""The benchmark job in pandas (see job.md): each dataset is read in batches of rows (pyarrow
Parquet batches, CSV chunks) so that memory stays bounded; each batch adds its sums of every
indicator by commune x sex; the district and both-sexes cells are sums of those; the values
are computed on the cells. Writes indicator,area,sex,value."""
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from common import BIRTHS, COLUMNS, DISTRICT_OF, LABOUR, OUT, PERIOD, PERSONS, SMAM_GROUPS

BATCH = 1 << 20
# Nullable booleans as pandas' masked boolean (the default would be Python objects).
TYPES = {pa.bool_(): pd.BooleanDtype()}.get


def batches(files, dataset):
    cols = COLUMNS[dataset]
    for path, fmt in files:
        if fmt == "parquet":
            for b in pq.ParquetFile(path).iter_batches(batch_size=BATCH, columns=cols):
                df = b.to_pandas(types_mapper=TYPES)
                yield df[df["period"] == PERIOD]
        else:
            for df in pd.read_csv(path, usecols=cols, chunksize=BATCH, dtype={"area": str, "sex": str}):
                yield df[df["period"] == PERIOD]


def sums(files, dataset, terms):
    """Σ over rows of each term (a column per sum), by area and sex, over all batches."""
    parts = [terms(df).groupby([df["area"], df["sex"]]).sum() for df in batches(files, dataset)]
    return pd.concat(parts).groupby(level=["area", "sex"]).sum()


def known(s):
    return s.notna().to_numpy()


def true(s):
    return s.fillna(False).to_numpy(dtype=bool)


def person_terms(df):
    age = df["age"].to_numpy()
    a15 = age >= 15
    female = (df["sex"] == "F").to_numpy()
    t = {"pop": np.ones(len(df), dtype=np.int64)}
    # Shares: rows whose numerator column is empty (unknown) are left out of the denominator.
    for key, col in (("lit", "literate"), ("acc", "has_account"), ("int", "uses_internet")):
        t[f"{key}_u"] = a15 & known(df[col])
        t[f"{key}_x"] = a15 & known(df[col]) & true(df[col])
    t["cm_u"] = female & (age >= 20) & (age <= 24)
    t["cm_x"] = t["cm_u"] & (df["age_first_marriage"] < 18).to_numpy()
    t["abr_p"] = female & (age >= 15) & (age <= 19)
    never = (df["marital_status"] == "never-married").to_numpy()
    for g, (lo, hi) in enumerate(SMAM_GROUPS):
        t[f"u{g}"] = a15 & (age >= lo) & (age <= hi)
        t[f"s{g}"] = t[f"u{g}"] & never
    return pd.DataFrame(t, index=df.index)


def labour_terms(df):
    w = df["weight"].to_numpy()
    a15 = (df["age"] >= 15).to_numpy()
    status = df["labour_status"]
    inlf = status.isin(["employed", "unemployed"]).to_numpy()
    employed = (status == "employed").to_numpy()
    wage = employed & (df["employment_type"] == "wage-worker").to_numpy() & known(df["monthly_income"])
    care = a15 & known(df["unpaid_care_hours"])
    income = df["monthly_income"].to_numpy()
    hours = df["unpaid_care_hours"].to_numpy()
    t = {
        "lf_u": np.where(a15, w, 0.0),
        "lf_x": np.where(a15 & inlf, w, 0.0),
        "ur_u": np.where(inlf, w, 0.0),
        "ur_x": np.where((status == "unemployed").to_numpy(), w, 0.0),
        "mg": np.where(employed & (df["isco_major"] == "1").to_numpy(), w, 0.0),
        "inc_w": np.where(wage, w, 0.0),
        "inc_wx": np.where(wage, w * income, 0.0),
        "care_w": np.where(care, w, 0.0),
        "care_wx": np.where(care, w * hours, 0.0),
    }
    return pd.DataFrame(t, index=df.index)


def birth_terms(df):
    ma = df["mother_age"].to_numpy()
    return pd.DataFrame({"b": np.ones(len(df), dtype=np.int64), "b_adol": (ma >= 15) & (ma <= 19)}, index=df.index)


def cells(s):
    """Commune x sex sums rolled up to both sexes and to the district."""
    s = s.reset_index()
    d = s.assign(area=s["area"].map(DISTRICT_OF)).dropna(subset=["area"])
    both = lambda f: f.drop(columns="sex").groupby("area").sum().reset_index().assign(sex="_T")
    return pd.concat([s, both(s), d.groupby(["area", "sex"]).sum().reset_index(), both(d)]).set_index(["area", "sex"])


pc = cells(sums(PERSONS, "persons", person_terms)).astype("int64")
lc = cells(sums(LABOUR, "labour-force", labour_terms))
bc = cells(sums(BIRTHS, "births", birth_terms)).astype("int64")

out = []


def emit(indicator, value):
    """value: a Series indexed by (area, sex), or by area for a both-sexes-only indicator."""
    v = value.astype("float64").replace([np.inf, -np.inf], np.nan).dropna()
    if v.index.nlevels == 1:
        v.index = pd.MultiIndex.from_arrays([v.index, ["_T"] * len(v)], names=["area", "sex"])
    out.append(v.rename("value").reset_index().assign(indicator=indicator))


def ratio(x, u, scale=100):
    return (x / u * scale).where(u > 0)


def sex(frame, s):
    return frame.xs(s, level="sex")


emit("population", pc["pop"])
emit("sex-ratio-population", (100 * sex(pc, "M")["pop"] / sex(pc, "F")["pop"]).where(sex(pc, "F")["pop"] > 0))
emit("srb", (100 * sex(bc, "M")["b"] / sex(bc, "F")["b"]).where(sex(bc, "F")["b"] > 0))
emit("literacy-15plus", ratio(pc["lit_x"], pc["lit_u"]))
emit("account-ownership", ratio(pc["acc_x"], pc["acc_u"]))
emit("internet-use", ratio(pc["int_x"], pc["int_u"]))
lfpr = ratio(lc["lf_x"], lc["lf_u"])
emit("lfpr", lfpr)
emit("unemployment-rate", ratio(lc["ur_x"], lc["ur_u"]))
pt = sex(pc, "_T")
emit("child-marriage-18", ratio(pt["cm_x"], pt["cm_u"]))
emit("women-managers-isco1", ratio(sex(lc, "F")["mg"], sex(lc, "_T")["mg"]))
income = ratio(lc["inc_wx"], lc["inc_w"], 1)
emit("mean-monthly-income", income)
emit("unpaid-care-hours", ratio(lc["care_wx"], lc["care_w"], 1))
emit("lfpr-gap", sex(lfpr, "F") - sex(lfpr, "M"))
inc_f, inc_m = sex(income, "F"), sex(income, "M")
emit("income-ratio-fm", (inc_f / inc_m).where(inc_m != 0))
emit("gender-pay-gap", ((inc_m - inc_f) / inc_m * 100).where(inc_m > 0))
prop = [pc[f"s{g}"] / pc[f"u{g}"] for g in range(len(SMAM_GROUPS))]
b50 = ((prop[6] + prop[7]) / 2).where(pc["u7"] > 0, prop[6])
a = 15 + 5 * sum(prop[1:7], prop[0])
complete = np.logical_and.reduce([pc[f"u{g}"] > 0 for g in range(7)]) & (1 - b50 > 0)
emit("smam", ((a - 50 * b50) / (1 - b50)).where(complete))
bt = sex(bc, "_T").reindex(pt.index, fill_value=0)
emit("crude-birth-rate", ratio(bt["b"], pt["pop"], 1000))
emit("adolescent-birth-rate", ratio(bt["b_adol"], pt["abr_p"], 1000))

result = pd.concat(out)[["indicator", "area", "sex", "value"]].sort_values(["indicator", "area", "sex"])
result.to_csv(OUT, index=False, float_format="%.17g")
