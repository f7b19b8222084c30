"""The benchmark job in DuckDB (see job.md)."""
import duckdb
from common import PERSONS, LABOUR, OUT

con = duckdb.connect()
con.execute("SET threads = 2")
plist = "[" + ",".join(f"'{f}'" for f in PERSONS) + "]"
llist = "[" + ",".join(f"'{f}'" for f in LABOUR) + "]"
con.execute(f"""
COPY (
  WITH p AS (
    SELECT area, sex, count(*) AS population,
           100.0 * avg(CASE WHEN literate THEN 1 ELSE 0 END) FILTER (WHERE age >= 15) AS literacy_15plus
    FROM read_parquet({plist}) GROUP BY area, sex),
  sr AS (
    SELECT area, 100.0 * sum(population) FILTER (WHERE sex = 'M') / sum(population) FILTER (WHERE sex = 'F') AS sex_ratio
    FROM p GROUP BY area),
  l AS (
    SELECT area, sex,
      100.0 * sum(weight) FILTER (WHERE labour_status IN ('employed','unemployed')) / sum(weight) AS lfpr,
      100.0 * sum(weight) FILTER (WHERE labour_status = 'unemployed') / sum(weight) FILTER (WHERE labour_status IN ('employed','unemployed')) AS unemployment,
      sum(weight * monthly_income) FILTER (WHERE labour_status = 'employed' AND employment_type = 'wage-worker' AND monthly_income IS NOT NULL)
        / sum(weight) FILTER (WHERE labour_status = 'employed' AND employment_type = 'wage-worker' AND monthly_income IS NOT NULL) AS mean_income
    FROM read_parquet({llist}) WHERE age >= 15 GROUP BY area, sex),
  m AS (
    SELECT area, 100.0 * sum(weight) FILTER (WHERE sex = 'F') / sum(weight) AS women_managers
    FROM read_parquet({llist}) WHERE age >= 15 AND labour_status = 'employed' AND isco_major = '1' GROUP BY area)
  SELECT * FROM p FULL JOIN l USING (area, sex) LEFT JOIN sr USING (area) LEFT JOIN m USING (area)
) TO '{OUT}' (HEADER, DELIMITER ',')
""")
