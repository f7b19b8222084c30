"""The benchmark job in polars (Python), lazy with the streaming engine (see job.md): one scan
per dataset aggregates the sums of every indicator by commune x sex; the district and
both-sexes cells are sums of those; the values are expressions over the cells.
Writes indicator,area,sex,value."""
import polars as pl
from common import BIRTHS, COLUMNS, DISTRICT_OF, LABOUR, OUT, PERIOD, PERSONS, SMAM_GROUPS

c = pl.col


def scan(files, dataset):
    paths = [p for p, _ in files]
    lf = pl.scan_parquet(paths) if files[0][1] == "parquet" else pl.scan_csv(paths, schema_overrides={"area": pl.String, "sex": pl.String})
    return lf.select(COLUMNS[dataset]).filter(c("period") == PERIOD)


def count(cond, name):
    return cond.fill_null(False).sum().cast(pl.Int64).alias(name)


def wsum(cond, name, x=None):
    v = c("weight") if x is None else c("weight") * c(x)
    return v.filter(cond.fill_null(False)).sum().alias(name)


a15 = c("age") >= 15
never = c("marital_status") == "never-married"
smam_sums = []
for g, (lo, hi) in enumerate(SMAM_GROUPS):
    in_g = a15 & c("age").is_between(lo, hi)
    smam_sums += [count(in_g, f"u{g}"), count(in_g & never, f"s{g}")]
# Shares: rows whose numerator column is empty (unknown) are left out of the denominator.
persons = scan(PERSONS, "persons").group_by("area", "sex").agg(
    pl.len().cast(pl.Int64).alias("pop"),
    count(a15 & c("literate").is_not_null(), "lit_u"),
    count(a15 & c("literate").is_not_null() & c("literate"), "lit_x"),
    count(a15 & c("has_account").is_not_null(), "acc_u"),
    count(a15 & c("has_account").is_not_null() & c("has_account"), "acc_x"),
    count(a15 & c("uses_internet").is_not_null(), "int_u"),
    count(a15 & c("uses_internet").is_not_null() & c("uses_internet"), "int_x"),
    count((c("sex") == "F") & c("age").is_between(20, 24), "cm_u"),
    count((c("sex") == "F") & c("age").is_between(20, 24) & (c("age_first_marriage") < 18), "cm_x"),
    count((c("sex") == "F") & c("age").is_between(15, 19), "abr_p"),
    *smam_sums,
)
inlf = c("labour_status").is_in(["employed", "unemployed"])
wage = (c("labour_status") == "employed") & (c("employment_type") == "wage-worker") & c("monthly_income").is_not_null()
care = a15 & c("unpaid_care_hours").is_not_null()
labour = scan(LABOUR, "labour-force").group_by("area", "sex").agg(
    wsum(a15, "lf_u"),
    wsum(a15 & inlf, "lf_x"),
    wsum(inlf, "ur_u"),
    wsum(c("labour_status") == "unemployed", "ur_x"),
    wsum((c("labour_status") == "employed") & (c("isco_major") == "1"), "mg"),
    wsum(wage, "inc_w"),
    wsum(wage, "inc_wx", "monthly_income"),
    wsum(care, "care_w"),
    wsum(care, "care_wx", "unpaid_care_hours"),
)
births = scan(BIRTHS, "births").group_by("area", "sex").agg(
    pl.len().cast(pl.Int64).alias("b"),
    count(c("mother_age").is_between(15, 19), "b_adol"),
)
ps, ls, bs = pl.collect_all([persons, labour, births], engine="streaming")

districts = pl.DataFrame({"area": list(DISTRICT_OF), "district": list(DISTRICT_OF.values())})


def cells(s):
    """Commune x sex sums rolled up to both sexes and to the district."""
    sums = [x for x in s.columns if x not in ("area", "sex")]
    d = s.join(districts, on="area", how="inner").drop("area").rename({"district": "area"})
    total = pl.lit("_T").alias("sex")
    return pl.concat([
        s.select("area", "sex", *sums),
        s.group_by("area").agg(c(sums).sum()).select("area", total, *sums),
        d.group_by("area", "sex").agg(c(sums).sum()).select("area", "sex", *sums),
        d.group_by("area").agg(c(sums).sum()).select("area", total, *sums),
    ])


pc, lc, bc = cells(ps), cells(ls), cells(bs)


def out(frame, indicator, value, sex=None):
    return frame.select(
        pl.lit(indicator).alias("indicator"), "area",
        (c("sex") if sex is None else pl.lit(sex)).alias("sex"), value.cast(pl.Float64).alias("value"),
    ).drop_nulls("value")


def ratio(x, u, scale=100):
    return pl.when(c(u) > 0).then(c(x) / c(u) * scale)


def side(frame, sex, cols):
    return frame.filter(c("sex") == sex).select("area", *[c(k).alias(f"{k}_{sex}") for k in cols])


lv = lc.with_columns(lfpr=ratio("lf_x", "lf_u"), inc=ratio("inc_wx", "inc_w", 1))
bysex = (
    side(pc, "F", ["pop"]).join(side(pc, "M", ["pop"]), on="area", how="full", coalesce=True)
    .join(side(lv, "F", ["lfpr", "inc", "mg"]), on="area", how="full", coalesce=True)
    .join(side(lv, "M", ["lfpr", "inc"]), on="area", how="full", coalesce=True)
    .join(side(lv, "_T", ["mg"]), on="area", how="full", coalesce=True)
)
bw = side(bc, "F", ["b"]).join(side(bc, "M", ["b"]), on="area", how="full", coalesce=True)
pt = pc.filter(c("sex") == "_T").join(side(bc, "_T", ["b", "b_adol"]), on="area", how="left").with_columns(
    c("b__T", "b_adol__T").fill_null(0))

prop = [c(f"s{g}") / c(f"u{g}") for g in range(len(SMAM_GROUPS))]
b50 = pl.when(c("u7") > 0).then((prop[6] + prop[7]) / 2).otherwise(prop[6])
smam = pl.when(pl.all_horizontal([c(f"u{g}") > 0 for g in range(7)]) & (1 - b50 > 0)).then(
    (15 + 5 * pl.sum_horizontal(prop[:7]) - 50 * b50) / (1 - b50))

pl.concat([
    out(pc, "population", c("pop")),
    out(bysex, "sex-ratio-population", pl.when(c("pop_F") > 0).then(100 * c("pop_M") / c("pop_F")), "_T"),
    out(bw, "srb", pl.when(c("b_F") > 0).then(100 * c("b_M") / c("b_F")), "_T"),
    out(pc, "literacy-15plus", ratio("lit_x", "lit_u")),
    out(pc, "account-ownership", ratio("acc_x", "acc_u")),
    out(pc, "internet-use", ratio("int_x", "int_u")),
    out(lc, "lfpr", ratio("lf_x", "lf_u")),
    out(lc, "unemployment-rate", ratio("ur_x", "ur_u")),
    out(pc.filter(c("sex") == "_T"), "child-marriage-18", ratio("cm_x", "cm_u")),
    out(bysex, "women-managers-isco1", ratio("mg_F", "mg__T"), "_T"),
    out(lc, "mean-monthly-income", ratio("inc_wx", "inc_w", 1)),
    out(lc, "unpaid-care-hours", ratio("care_wx", "care_w", 1)),
    out(bysex, "lfpr-gap", c("lfpr_F") - c("lfpr_M"), "_T"),
    out(bysex, "income-ratio-fm", pl.when(c("inc_M") != 0).then(c("inc_F") / c("inc_M")), "_T"),
    out(bysex, "gender-pay-gap", pl.when(c("inc_M") > 0).then((c("inc_M") - c("inc_F")) / c("inc_M") * 100), "_T"),
    out(pc, "smam", smam),
    out(pt, "crude-birth-rate", pl.when(c("pop") > 0).then(c("b__T") / c("pop") * 1000)),
    out(pt, "adolescent-birth-rate", pl.when(c("abr_p") > 0).then(c("b_adol__T") / c("abr_p") * 1000)),
]).sort("indicator", "area", "sex").write_csv(OUT)
