"""The benchmark job in DuckDB (see job.md): one scan per dataset aggregates the sums of every
indicator by commune x sex; the district and both-sexes cells are sums of those; the values are
SQL over the cells. Writes indicator,area,sex,value."""
import duckdb
from common import BIRTHS, COLUMNS, DISTRICT_OF, LABOUR, OUT, PERIOD, PERSONS, SMAM_GROUPS

con = duckdb.connect()
con.execute("SET threads = 2")


def scan(files, dataset):
    names = "[" + ",".join(f"'{p}'" for p, _ in files) + "]"
    cols = ", ".join(COLUMNS[dataset])
    reader = "read_parquet" if files[0][1] == "parquet" else "read_csv"
    typed = "" if reader == "read_parquet" else ", types = {'area': 'VARCHAR', 'sex': 'VARCHAR'}"
    return f"(SELECT {cols} FROM {reader}({names}{typed}) WHERE period = {PERIOD})"


con.execute("CREATE TEMP TABLE districts (area VARCHAR, district VARCHAR)")
con.executemany("INSERT INTO districts VALUES (?, ?)", list(DISTRICT_OF.items()))

never = "marital_status = 'never-married'"
smam_sums = ",\n  ".join(
    f"count(*) FILTER (age >= 15 AND age BETWEEN {lo} AND {hi}) AS u{g},\n"
    f"  count(*) FILTER (age >= 15 AND age BETWEEN {lo} AND {hi} AND {never}) AS s{g}"
    for g, (lo, hi) in enumerate(SMAM_GROUPS)
)
# Shares: rows whose numerator column is empty (unknown) are left out of the denominator.
con.execute(f"""
CREATE TEMP TABLE ps AS SELECT area, sex,
  count(*) AS pop,
  count(*) FILTER (age >= 15 AND literate IS NOT NULL) AS lit_u,
  count(*) FILTER (age >= 15 AND literate IS NOT NULL AND literate) AS lit_x,
  count(*) FILTER (age >= 15 AND has_account IS NOT NULL) AS acc_u,
  count(*) FILTER (age >= 15 AND has_account IS NOT NULL AND has_account) AS acc_x,
  count(*) FILTER (age >= 15 AND uses_internet IS NOT NULL) AS int_u,
  count(*) FILTER (age >= 15 AND uses_internet IS NOT NULL AND uses_internet) AS int_x,
  count(*) FILTER (sex = 'F' AND age BETWEEN 20 AND 24) AS cm_u,
  count(*) FILTER (sex = 'F' AND age BETWEEN 20 AND 24 AND age_first_marriage < 18) AS cm_x,
  count(*) FILTER (sex = 'F' AND age BETWEEN 15 AND 19) AS abr_p,
  {smam_sums}
FROM {scan(PERSONS, "persons")} GROUP BY area, sex
""")
con.execute(f"""
CREATE TEMP TABLE ls AS SELECT area, sex,
  sum(weight) FILTER (age >= 15) AS lf_u,
  sum(weight) FILTER (age >= 15 AND labour_status IN ('employed', 'unemployed')) AS lf_x,
  sum(weight) FILTER (labour_status IN ('employed', 'unemployed')) AS ur_u,
  sum(weight) FILTER (labour_status = 'unemployed') AS ur_x,
  sum(weight) FILTER (labour_status = 'employed' AND isco_major = '1') AS mg,
  sum(weight) FILTER (labour_status = 'employed' AND employment_type = 'wage-worker' AND monthly_income IS NOT NULL) AS inc_w,
  sum(weight * monthly_income) FILTER (labour_status = 'employed' AND employment_type = 'wage-worker' AND monthly_income IS NOT NULL) AS inc_wx,
  sum(weight) FILTER (age >= 15 AND unpaid_care_hours IS NOT NULL) AS care_w,
  sum(weight * unpaid_care_hours) FILTER (age >= 15 AND unpaid_care_hours IS NOT NULL) AS care_wx
FROM {scan(LABOUR, "labour-force")} GROUP BY area, sex
""")
con.execute(f"""
CREATE TEMP TABLE bs AS SELECT area, sex,
  count(*) AS b,
  count(*) FILTER (mother_age BETWEEN 15 AND 19) AS b_adol
FROM {scan(BIRTHS, "births")} GROUP BY area, sex
""")


def cells(src, sums):
    """Commune x sex sums rolled up to both sexes and to the district."""
    cols = ", ".join(f"coalesce(sum({s}), 0) AS {s}" for s in sums)
    con.execute(f"""
    CREATE TEMP TABLE {src[0]}c AS SELECT * FROM (
      SELECT coalesce(s.area, d.district) AS area, coalesce(s.sex, '_T') AS sex, {cols}
      FROM {src} s LEFT JOIN districts d ON s.area = d.area
      GROUP BY GROUPING SETS ((s.area, s.sex), (s.area), (d.district, s.sex), (d.district)))
    WHERE area IS NOT NULL""")


cells("ps", ["pop", "lit_u", "lit_x", "acc_u", "acc_x", "int_u", "int_x", "cm_u", "cm_x", "abr_p"]
      + [f"{k}{g}" for g in range(len(SMAM_GROUPS)) for k in "us"])
cells("ls", ["lf_u", "lf_x", "ur_u", "ur_x", "mg", "inc_w", "inc_wx", "care_w", "care_wx"])
cells("bs", ["b", "b_adol"])


def rate(ind, x, u, tab, scale=100, where=""):
    return f"SELECT '{ind}', area, sex, {x} / {u} * {scale} FROM {tab} WHERE {u} > 0 {where}"


prop = [f"s{g} / u{g}" for g in range(len(SMAM_GROUPS))]
smam_value = f"""(15 + 5 * ({' + '.join(prop[:7])})
  - 50 * CASE WHEN u7 > 0 THEN ({prop[6]} + {prop[7]}) / 2 ELSE {prop[6]} END)
  / (1 - CASE WHEN u7 > 0 THEN ({prop[6]} + {prop[7]}) / 2 ELSE {prop[6]} END)"""
smam_ok = " AND ".join(f"u{g} > 0" for g in range(7))

con.execute(f"""
COPY (
  WITH
  bysex AS (  -- F and M side by side, for sex ratios, gaps and ratios
    SELECT area,
      sum(p.pop) FILTER (p.sex = 'M') AS pop_m, sum(p.pop) FILTER (p.sex = 'F') AS pop_f,
      sum(l.lf_x / l.lf_u * 100) FILTER (l.sex = 'F' AND l.lf_u > 0) AS lfpr_f,
      sum(l.lf_x / l.lf_u * 100) FILTER (l.sex = 'M' AND l.lf_u > 0) AS lfpr_m,
      sum(l.inc_wx / l.inc_w) FILTER (l.sex = 'F' AND l.inc_w > 0) AS inc_f,
      sum(l.inc_wx / l.inc_w) FILTER (l.sex = 'M' AND l.inc_w > 0) AS inc_m,
      sum(l.mg) FILTER (l.sex = 'F') AS mg_f, sum(l.mg) FILTER (l.sex = '_T') AS mg_t
    FROM pc p FULL JOIN lc l USING (area, sex) GROUP BY area),
  births AS (
    SELECT area, sum(b) FILTER (sex = 'M') AS b_m, sum(b) FILTER (sex = 'F') AS b_f,
      sum(b) FILTER (sex = '_T') AS b, sum(b_adol) FILTER (sex = '_T') AS b_adol
    FROM bc GROUP BY area),
  pt AS (SELECT * FROM pc WHERE sex = '_T'),
  v(indicator, area, sex, value) AS (
    SELECT 'population', area, sex, pop FROM pc
    UNION ALL SELECT 'sex-ratio-population', area, '_T', 100 * pop_m / pop_f FROM bysex WHERE pop_f > 0
    UNION ALL SELECT 'srb', area, '_T', 100 * b_m / b_f FROM births WHERE b_f > 0
    UNION ALL {rate("literacy-15plus", "lit_x", "lit_u", "pc")}
    UNION ALL {rate("account-ownership", "acc_x", "acc_u", "pc")}
    UNION ALL {rate("internet-use", "int_x", "int_u", "pc")}
    UNION ALL {rate("lfpr", "lf_x", "lf_u", "lc")}
    UNION ALL {rate("unemployment-rate", "ur_x", "ur_u", "lc")}
    UNION ALL {rate("child-marriage-18", "cm_x", "cm_u", "pc", where="AND sex = '_T'")}
    UNION ALL SELECT 'women-managers-isco1', area, '_T', mg_f / mg_t * 100 FROM bysex WHERE mg_t > 0
    UNION ALL SELECT 'mean-monthly-income', area, sex, inc_wx / inc_w FROM lc WHERE inc_w > 0
    UNION ALL SELECT 'unpaid-care-hours', area, sex, care_wx / care_w FROM lc WHERE care_w > 0
    UNION ALL SELECT 'lfpr-gap', area, '_T', lfpr_f - lfpr_m FROM bysex WHERE lfpr_f IS NOT NULL AND lfpr_m IS NOT NULL
    UNION ALL SELECT 'income-ratio-fm', area, '_T', inc_f / inc_m FROM bysex WHERE inc_f IS NOT NULL AND inc_m <> 0
    UNION ALL SELECT 'gender-pay-gap', area, '_T', (inc_m - inc_f) / inc_m * 100 FROM bysex WHERE inc_f IS NOT NULL AND inc_m > 0
    UNION ALL SELECT 'smam', area, sex, value FROM (SELECT area, sex, {smam_value} AS value FROM pc WHERE {smam_ok}) WHERE value IS NOT NULL
    UNION ALL SELECT 'crude-birth-rate', area, '_T', coalesce(b, 0) / pop * 1000 FROM pt LEFT JOIN births USING (area) WHERE pop > 0
    UNION ALL SELECT 'adolescent-birth-rate', area, '_T', coalesce(b_adol, 0) / abr_p * 1000 FROM pt LEFT JOIN births USING (area) WHERE abr_p > 0
  )
  SELECT indicator, area, sex, CAST(value AS DOUBLE) AS value FROM v ORDER BY ALL
) TO '{OUT}' (HEADER, DELIMITER ',')
""")
