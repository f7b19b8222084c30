//! The SQL engines: the cube of a source computed by DuckDB, Apache Spark or PostgreSQL.
//!
//! The polars engine's recipe for a source ([`super::polars`]: the columns the cube needs,
//! its axes, the compiled predicates and the fixed-point moments) is written as SQL that any
//! of these engines runs where the data are; only the cube travels back. Per source:
//!
//! 1. **Spellings.** One `SELECT DISTINCT` per code column (few values, cheap anywhere). gds
//!    maps each spelling with its own rules ([`super::polars::canonical`]: trim, explicit
//!    `codes`, the code list's aliases, NFC, zero-padding), so the engine needs none of them.
//! 2. **The cube.** The mapping goes back as a small inline table joined on the raw
//!    spelling; every predicate becomes a `CASE WHEN … THEN 1 ELSE 0 END` bit (rendered from
//!    the same compiled [`Pred`] the polars engine evaluates, so SQL's three-valued logic is
//!    the engine's); age bins are a `CASE`; one `GROUP BY` over the axes and bits sums the
//!    moments as exact integers: weights are rounded to their declared decimals
//!    (half away from zero, written with `FLOOR` so that no engine's own `ROUND` rule
//!    matters), then multiplied and summed in 128-bit integers (`HUGEINT`, `DECIMAL(38,0)`,
//!    `NUMERIC`). The sums come back as decimal text, so no Arrow version is shared.
//!
//! 3. **The gate's screening** ([`super::sql_screen`]), when the command publishes: the
//!    counts of every per-value check, the spellings of the code columns with their counts,
//!    the areas with their periods and the distinct keys, in the same two requests. The gate
//!    reads a source with polars only for the rows and values of a check that found something.
//!
//! Identical integer sums make the cube bit-identical to the polars engine's. A source whose
//! reading needs more than SQL over the file (an Excel sheet or a layout, a legacy encoding,
//! missing-value tokens, year of birth, constants, group columns, a count column of a units
//! dataset) is read by polars instead, and [`SqlEngine::notes`] says so.

use super::polars::{AxisFrom, Shared};
use super::predicate::{Cmp, Held, Pred};
use crate::error::ComputeError;
use crate::project::{Format, Source};
use gds_cube::{CellKey, Cube, Moment};
use gds_indicators::{Catalogue, ColumnType, Dataset};
use polars::prelude::{DataType, Schema};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

/// A SQL dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// DuckDB.
    DuckDb,
    /// Apache Spark SQL.
    Spark,
    /// PostgreSQL.
    Postgres,
}

impl Dialect {
    /// The dialect of a name (`duckdb`, `spark`, `postgres`).
    pub fn parse(s: &str) -> Option<Dialect> {
        match s.to_ascii_lowercase().as_str() {
            "duckdb" => Some(Dialect::DuckDb),
            "spark" => Some(Dialect::Spark),
            "postgres" | "postgresql" => Some(Dialect::Postgres),
            _ => None,
        }
    }

    /// The dialect's name.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Spark => "spark",
            Dialect::Postgres => "postgres",
        }
    }

    /// A quoted identifier.
    pub fn ident(self, s: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", s.replace('`', "``")),
            _ => format!("\"{}\"", s.replace('"', "\"\"")),
        }
    }

    pub(crate) fn text(self) -> &'static str {
        match self {
            Dialect::DuckDb => "VARCHAR",
            Dialect::Spark => "STRING",
            Dialect::Postgres => "TEXT",
        }
    }

    pub(crate) fn double(self) -> &'static str {
        match self {
            Dialect::Postgres => "DOUBLE PRECISION",
            _ => "DOUBLE",
        }
    }

    /// The exact integer type the sums are kept in (at least 128 bits or 38 digits).
    fn wide(self) -> &'static str {
        match self {
            Dialect::DuckDb => "HUGEINT",
            Dialect::Spark => "DECIMAL(38,0)",
            Dialect::Postgres => "NUMERIC",
        }
    }

    /// Whether text `s` is a whole number written with digits (an optional sign).
    fn is_whole(self, s: &str) -> String {
        match self {
            Dialect::DuckDb => format!("regexp_full_match({s}, '[+-]?[0-9]+')"),
            Dialect::Spark => format!("({s} RLIKE '^[+-]?[0-9]+$')"),
            Dialect::Postgres => format!("({s} ~ '^[+-]?[0-9]+$')"),
        }
    }

    /// A 64-bit hash of the values `xs` (`None`: the dialect has no such function here).
    pub(crate) fn hash(self, xs: &[String]) -> Option<String> {
        match self {
            Dialect::DuckDb => Some(format!("hash({})", xs.join(", "))),
            Dialect::Spark => Some(format!("xxhash64({})", xs.join(", "))),
            Dialect::Postgres => None,
        }
    }

    /// Whether number `x` is finite (not NaN, not infinite); null stays null.
    pub(crate) fn is_finite(self, x: &str) -> String {
        match self {
            Dialect::DuckDb => format!("isfinite({x})"),
            Dialect::Spark => format!(
                "(NOT isnan({x}) AND {x} <> CAST('Infinity' AS DOUBLE) AND {x} <> CAST('-Infinity' AS DOUBLE))"
            ),
            Dialect::Postgres => format!(
                "({x} NOT IN (CAST('NaN' AS DOUBLE PRECISION), CAST('Infinity' AS DOUBLE PRECISION), CAST('-Infinity' AS DOUBLE PRECISION)))"
            ),
        }
    }

    /// Group `g` of the first match of `pattern` in `s`, missing when it does not match.
    fn regex_group(self, s: &str, pattern: &str, g: usize) -> String {
        match self {
            Dialect::Postgres => format!("(regexp_match({s}, {}))[{g}]", self.string(pattern)),
            _ => format!("NULLIF(regexp_extract({s}, {}, {g}), '')", self.string(pattern)),
        }
    }

    /// A period column's text as its cube code, as polars reads it
    /// ([`crate::mapping::PERIOD_PATTERNS`]): halves, quarters, ISO and Vietnamese dates
    /// (a day that does not exist is missing).
    fn period_text(self, s: &str) -> String {
        let pats = crate::mapping::PERIOD_PATTERNS;
        let g = |p: usize, i: usize| format!("CAST({} AS BIGINT)", self.regex_group(s, pats[p], i));
        let date = |y: String, m: String, d: String| {
            let leap = format!("(({y}) % 4 = 0 AND ({y}) % 100 <> 0 OR ({y}) % 400 = 0)");
            let days = format!(
                "(CASE WHEN {m} = 2 THEN (CASE WHEN {leap} THEN 29 ELSE 28 END) WHEN {m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END)"
            );
            format!(
                "(CASE WHEN {m} BETWEEN 1 AND 12 AND {d} >= 1 AND {d} <= {days} THEN {y} * 10000 + {m} * 100 + {d} END)"
            )
        };
        format!(
            "COALESCE({} * 100 + 10 + {}, {} * 100 + 20 + {}, {}, {})",
            g(0, 1),
            g(0, 2),
            g(1, 1),
            g(1, 2),
            date(g(2, 1), g(2, 2), g(2, 3)),
            date(g(3, 3), g(3, 2), g(3, 1))
        )
    }

    /// Text `s` as a number, missing when it is none.
    fn try_double(self, s: &str) -> String {
        match self {
            Dialect::Postgres => format!(
                "(CASE WHEN {s} ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' THEN CAST({s} AS DOUBLE PRECISION) END)"
            ),
            _ => format!("TRY_CAST({s} AS {})", self.double()),
        }
    }

    /// The code `yyyymmdd` of a date (or timestamp) column `c`, as a whole number.
    pub fn date_code(self, c: &str) -> String {
        match self {
            Dialect::Postgres => format!(
                "(EXTRACT(YEAR FROM {c}) * 10000 + EXTRACT(MONTH FROM {c}) * 100 + EXTRACT(DAY FROM {c}))"
            ),
            _ => format!("(YEAR({c}) * 10000 + MONTH({c}) * 100 + DAYOFMONTH({c}))"),
        }
    }

    /// A string literal.
    pub fn string(self, s: &str) -> String {
        match self {
            Dialect::Spark => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            _ => format!("'{}'", s.replace('\'', "''")),
        }
    }

    /// A small inline table `alias(raw, code)` of text pairs.
    pub(crate) fn values(self, alias: &str, rows: &[(String, String)]) -> String {
        let t = self.text();
        if rows.is_empty() {
            return format!("(SELECT CAST(NULL AS {t}) AS raw, CAST(NULL AS {t}) AS code) AS {alias}");
        }
        let body: Vec<String> =
            rows.iter().map(|(r, c)| format!("({}, {})", self.string(r), self.string(c))).collect();
        match self {
            Dialect::Spark => {
                format!("(SELECT * FROM VALUES {} AS v(raw, code)) AS {alias}", body.join(", "))
            }
            _ => format!("(VALUES {}) AS {alias}(raw, code)", body.join(", ")),
        }
    }

    /// The statement that makes relation `relation` of the engine (a table or view, named as
    /// the engine names it) the relation `view`.
    pub fn relation_view(self, view: &str, relation: &str) -> String {
        let v = self.ident(view);
        match self {
            Dialect::DuckDb => format!("CREATE OR REPLACE VIEW {v} AS SELECT * FROM {relation}"),
            _ => format!("CREATE OR REPLACE TEMPORARY VIEW {v} AS SELECT * FROM {relation}"),
        }
    }

    /// The statement that lists the columns of `relation` and their types (name, type, ...).
    fn describe(self, relation: &str) -> String {
        match self {
            Dialect::Spark => format!("DESCRIBE QUERY SELECT * FROM {relation}"),
            _ => format!("DESCRIBE SELECT * FROM {relation}"),
        }
    }

    /// The statement that makes file `path` (of `format`) the relation `view`.
    pub fn view(self, view: &str, path: &str, format: Format, delimiter: u8) -> Result<String, String> {
        let v = self.ident(view);
        let p = self.string(path);
        let d = self.string(&(delimiter as char).to_string());
        Ok(match (self, format) {
            (Dialect::DuckDb, Format::Parquet) => {
                format!("CREATE OR REPLACE VIEW {v} AS SELECT * FROM read_parquet({p})")
            }
            (Dialect::DuckDb, Format::Csv) => format!(
                "CREATE OR REPLACE VIEW {v} AS SELECT * FROM read_csv({p}, header = true, all_varchar = true, delim = {d}, quote = '\"', escape = '\"')"
            ),
            (Dialect::Spark, Format::Parquet) => {
                format!("CREATE OR REPLACE TEMPORARY VIEW {v} USING parquet OPTIONS (path {p})")
            }
            (Dialect::Spark, Format::Csv) => format!(
                "CREATE OR REPLACE TEMPORARY VIEW {v} USING csv OPTIONS (path {p}, header 'true', inferSchema 'false', sep {d}, quote '\"', escape '\"')"
            ),
            (Dialect::Postgres, _) => {
                format!("-- load {path} into a table {v} (columns as in the file; text for a CSV)")
            }
            (_, f) => return Err(format!("{f:?} files are read by polars")),
        })
    }
}

/// A number literal that every dialect reads as exactly `x`.
pub(super) fn number(d: Dialect, x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("CAST('{x:?}' AS {})", d.double())
    }
}

/// `x` rounded half away from zero, as `f64::round` does, whatever the engine's `ROUND`.
fn round_away(x: &str) -> String {
    format!("(SIGN({x}) * (FLOOR(ABS({x})) + CASE WHEN ABS({x}) - FLOOR(ABS({x})) >= 0.5 THEN 1 ELSE 0 END))")
}

/// The SQL of predicate `p`, with column `i` written `col(i)`: true, false or unknown exactly
/// where the polars engine finds it so (SQL's three-valued logic is the engine's).
pub fn predicate(d: Dialect, p: &Pred, col: &dyn Fn(usize) -> String) -> String {
    let op = |c: Cmp| match c {
        Cmp::Eq => "=",
        Cmp::Ne => "<>",
        Cmp::Lt => "<",
        Cmp::Le => "<=",
        Cmp::Gt => ">",
        Cmp::Ge => ">=",
    };
    let not = |n: bool| if n { "NOT " } else { "" };
    match p {
        Pred::Const(true) => "(1 = 1)".into(),
        Pred::Const(false) => "(1 = 0)".into(),
        Pred::Unknown => "(CAST(NULL AS INTEGER) = 1)".into(),
        Pred::CodeIn { col: c, codes, negate } => {
            let list: Vec<String> = codes.iter().map(|s| d.string(s)).collect();
            format!("({} {}IN ({}))", col(*c), not(*negate), list.join(", "))
        }
        Pred::Num { col: c, op: o, value } => format!("({} {} {})", col(*c), op(*o), number(d, *value)),
        Pred::NumIn { col: c, values, negate } => {
            let list: Vec<String> = values.iter().map(|x| number(d, *x)).collect();
            format!("({} {}IN ({}))", col(*c), not(*negate), list.join(", "))
        }
        Pred::Between { col: c, lo, hi, negate } => {
            format!("({} {}BETWEEN {} AND {})", col(*c), not(*negate), number(d, *lo), number(d, *hi))
        }
        Pred::IsNull { col: c, negate } => format!("({} IS {}NULL)", col(*c), not(*negate)),
        Pred::And(a, b) => format!("({} AND {})", predicate(d, a, col), predicate(d, b, col)),
        Pred::Or(a, b) => format!("({} OR {})", predicate(d, a, col), predicate(d, b, col)),
        Pred::Not(a) => format!("(NOT {})", predicate(d, a, col)),
    }
}

/// How one source is read in SQL.
#[derive(Debug, Clone)]
pub struct SourceSql {
    /// The statement that makes the file a relation.
    pub setup: String,
    /// The relation's name.
    pub view: String,
    /// Per needed column: its raw value over the file's columns (text for code columns,
    /// a double for numbers).
    raw: Vec<String>,
}

/// Why a source is read by polars rather than in SQL, or `None` when SQL can read it.
pub(super) fn unsupported(src: &Source, ds: &Dataset, shared: &Shared, schema: &Schema) -> Option<String> {
    if !matches!(src.format, Format::Parquet | Format::Csv | Format::Relation) {
        return Some(format!(
            "{} is {}, which polars reads",
            src.display,
            match src.format {
                Format::Xlsx => "an Excel workbook",
                _ => "an Arrow IPC file",
            }
        ));
    }
    let d = &src.def;
    let why = if src.has_layout() {
        "a layout (title rows, merged headers, wide table)"
    } else if d.encoding.is_some() {
        "a declared encoding"
    } else if d.header_row.is_some_and(|h| h != 1) {
        "a header row other than the first"
    } else if !d.missing.is_empty() {
        "missing-value tokens"
    } else if d.year_of_birth.is_some() {
        "ages from the year of birth"
    } else if !d.constants.is_empty() {
        "constant columns"
    } else if src.units.is_some() {
        "a count column over a dataset of units"
    } else {
        let files: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
        let resolved = crate::mapping::resolve_columns(src, ds, &files);
        if !crate::mapping::group_columns(src, ds, &files, &resolved).is_empty() {
            "group columns standing in for single values"
        } else if shared.needed.iter().any(|n| {
            resolved.get(&n.name).is_none_or(Option::is_none)
                && ds.column(&n.name).is_some_and(|c| c.when_absent.is_some())
        }) {
            "a yes/no column derived from a code column"
        } else {
            return None;
        }
    };
    Some(format!("{} has {why}, which polars reads", src.display))
}

/// The number in file column `c` (a quoted identifier, held as `dtype`) of declared column
/// `decl`, as polars reads it ([`crate::mapping::column_expr`]): text trimmed, with the
/// source's thousands separator and decimal comma; whole numbers only for integers and
/// periods; a period's text or date as its code. Not-a-number stays (the cube drops it,
/// the screening counts it).
pub(super) fn number_of(
    d: Dialect,
    src: &Source,
    decl: &gds_indicators::Column,
    c: &str,
    dtype: Option<&DataType>,
) -> String {
    let is_text = matches!(dtype, Some(DataType::String) | None);
    let mut s = format!("TRIM(CAST({c} AS {}))", d.text());
    if let Some(t) = src.def.thousands.as_deref().filter(|t| !t.is_empty()) {
        s = format!("REPLACE({s}, {}, '')", d.string(t));
    }
    if let Some(p) = src.def.decimal.as_deref().filter(|p| *p != ".") {
        s = format!("REPLACE({s}, {}, '.')", d.string(p));
    }
    match decl.kind {
        // A date cell: its code yyyymmdd (the calendar assigns it a period).
        ColumnType::Period if dtype.is_some_and(|t| matches!(t, DataType::Date | DataType::Datetime(..))) => {
            format!("CAST({} AS {})", d.date_code(c), d.double())
        }
        ColumnType::Period if is_text => format!(
            "(CASE WHEN {} THEN CAST({s} AS {dbl}) ELSE CAST({} AS {dbl}) END)",
            d.is_whole(&s),
            d.period_text(&s),
            dbl = d.double()
        ),
        ColumnType::Integer | ColumnType::Period if is_text => {
            format!("(CASE WHEN {} THEN CAST({s} AS {}) END)", d.is_whole(&s), d.double())
        }
        ColumnType::Integer | ColumnType::Period
            if dtype.is_some_and(|t| t.is_integer() || t == &DataType::Boolean) =>
        {
            format!("CAST({c} AS {})", d.double())
        }
        // NaN = FLOOR(NaN) and Inf = FLOOR(Inf) on every engine: only finite whole numbers
        // are whole numbers (polars reads the others as missing).
        ColumnType::Integer | ColumnType::Period => format!(
            "(CASE WHEN {} AND {c} = FLOOR({c}) THEN CAST({c} AS {}) END)",
            d.is_finite(c),
            d.double()
        ),
        _ if is_text => d.try_double(&s),
        _ => format!("CAST({c} AS {})", d.double()),
    }
}

impl SourceSql {
    /// The SQL reading of `src` for the cube of `shared`, as relation `view`.
    pub(super) fn new(
        d: Dialect,
        src: &Source,
        ds: &Dataset,
        shared: &Shared,
        schema: &Schema,
        view: &str,
    ) -> Result<SourceSql, String> {
        let delimiter = match src.def.delimiter.as_deref() {
            _ if src.format == Format::Relation => b',',
            Some("\\t") | Some("tab") => b'\t',
            Some(x) if x.len() == 1 => x.as_bytes()[0],
            _ => {
                use std::io::Read;
                let mut head = Vec::new();
                if let Ok(f) = std::fs::File::open(&src.path) {
                    let _ = f.take(1 << 16).read_to_end(&mut head);
                }
                let head = String::from_utf8_lossy(&head);
                crate::read::detect_delimiter(
                    head.trim_start_matches('\u{feff}').lines().next().unwrap_or(""),
                )
            }
        };
        let setup = match src.def.relation.as_deref() {
            Some(r) if src.format == Format::Relation => d.relation_view(view, r),
            _ => d.view(view, &src.path.to_string_lossy(), src.format, delimiter)?,
        };
        let files: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
        let resolved = crate::mapping::resolve_columns(src, ds, &files);
        let mut raw = Vec::new();
        for n in &shared.needed {
            let decl = ds.column(&n.name);
            let fc = resolved.get(&n.name).cloned().flatten();
            let dtype = fc.as_deref().and_then(|c| schema.get(c));
            let c = fc.as_deref().map(|c| d.ident(c));
            let text = |s: &str| format!("CAST({s} AS {})", d.text());
            let e = match (n.held, c, decl) {
                (_, _, None) => format!("CAST(NULL AS {})", d.text()),
                (Held::Numbers, None, Some(decl)) => match (decl.kind, src.def.period) {
                    (ColumnType::Period, Some(p)) => format!("CAST({p} AS {})", d.double()),
                    // A census file has no survey weight: each record counts once.
                    _ if ds.weight.as_deref() == Some(decl.name.as_str()) => {
                        format!("CAST(1 AS {})", d.double())
                    }
                    _ => format!("CAST(NULL AS {})", d.double()),
                },
                (_, None, Some(decl)) => match (decl.kind, &src.def.area) {
                    (ColumnType::Area, Some(a)) => d.string(a),
                    _ => format!("CAST(NULL AS {})", d.text()),
                },
                (Held::Numbers, Some(c), Some(decl)) => {
                    let x = number_of(d, src, decl, &c, dtype);
                    format!("NULLIF({x}, CAST('NaN' AS {}))", d.double())
                }
                (Held::Booleans, Some(c), _) => match dtype {
                    Some(DataType::Boolean) => text(&c),
                    Some(t) if t.is_primitive_numeric() => {
                        format!("(CASE WHEN {c} <> 0 THEN 'true' WHEN {c} = 0 THEN 'false' END)")
                    }
                    _ => text(&c),
                },
                (Held::Codes, Some(c), _) => {
                    let numeric = dtype.is_some_and(|t| t.is_primitive_numeric());
                    if numeric && src.def.pad.contains_key(&n.name) {
                        text(&format!("CAST({c} AS BIGINT)"))
                    } else {
                        text(&c)
                    }
                }
            };
            raw.push(e);
        }
        Ok(SourceSql { setup, view: view.to_string(), raw })
    }

    /// The needed columns whose spellings gds maps (codes and yes/no columns).
    pub(super) fn coded(shared: &Shared) -> Vec<usize> {
        (0..shared.needed.len()).filter(|j| shared.needed[*j].held != Held::Numbers).collect()
    }

    /// Per coded column, the branch of the source's union query of spellings that gives its
    /// distinct raw spellings (tag `d<j>`; four text columns: tag, spelling, and two unused).
    pub(super) fn distinct(&self, d: Dialect, shared: &Shared) -> Vec<String> {
        let t = d.text();
        SourceSql::coded(shared)
            .into_iter()
            .map(|j| {
                format!(
                    "SELECT 'd{j}' AS t, x.raw AS a, CAST(NULL AS {t}) AS b, CAST(NULL AS {t}) AS n FROM (SELECT DISTINCT {} AS raw FROM {}) x",
                    self.raw[j],
                    d.ident(&self.view)
                )
            })
            .collect()
    }

    /// The query of the cube, given each coded column's mapping (raw spelling → code).
    /// Its columns: the axes' codes, the signature bits, the moments (as text), then the
    /// checks: rows whose count is no count, and per value column the smallest value with
    /// more decimals than declared.
    pub(super) fn cube(
        &self,
        d: Dialect,
        shared: &Shared,
        maps: &BTreeMap<usize, Vec<(String, String)>>,
    ) -> String {
        let q = |s: &str| d.ident(s);
        let cname = |j: usize| q(&format!("c{j}"));
        // r: the raw values; e: codes mapped, numbers as they are.
        let raw_cols: Vec<String> =
            self.raw.iter().enumerate().map(|(j, e)| format!("{e} AS {}", q(&format!("r{j}")))).collect();
        let mut select = Vec::new();
        let mut joins = Vec::new();
        for (j, n) in shared.needed.iter().enumerate() {
            let r = format!("r.{}", q(&format!("r{j}")));
            if n.held == Held::Numbers {
                select.push(format!("{r} AS {}", cname(j)));
            } else {
                let m = q(&format!("m{j}"));
                let rows = maps.get(&j).map_or(&[][..], |v| v.as_slice());
                joins.push(format!("LEFT JOIN {} ON {r} = {m}.raw", d.values(&m, rows)));
                select.push(format!("{m}.code AS {}", cname(j)));
            }
        }
        let c = |j: usize| format!("e.{}", cname(j));
        // Axes.
        let mut axes = Vec::new();
        let unknown = d.string(super::polars::UNKNOWN);
        for (a, (_, from)) in shared.axes.iter().enumerate() {
            let e = match from {
                AxisFrom::Period(p) => format!("CAST(CAST({} AS BIGINT) AS {})", c(*p), d.text()),
                AxisFrom::Column(k) => format!("COALESCE({}, {unknown})", c(*k)),
                AxisFrom::Bins { col, bins, .. } => {
                    let codes = shared.bin_codes.get(&a).cloned().unwrap_or_default();
                    let mut s = String::from("CASE");
                    for ((lo, hi), code) in bins.iter().zip(&codes) {
                        let mut cond = Vec::new();
                        if let Some(l) = lo {
                            cond.push(format!("{} >= {l}", c(*col)));
                        }
                        if let Some(h) = hi {
                            cond.push(format!("{} <= {h}", c(*col)));
                        }
                        if cond.is_empty() {
                            cond.push(format!("{} IS NOT NULL", c(*col)));
                        }
                        s.push_str(&format!(" WHEN {} THEN {}", cond.join(" AND "), d.string(code)));
                    }
                    format!("{s} ELSE {unknown} END")
                }
            };
            axes.push(format!("{e} AS {}", q(&format!("a{a}"))));
        }
        let bits: Vec<String> = shared
            .preds
            .iter()
            .enumerate()
            .map(|(i, p)| {
                format!("CASE WHEN {} THEN 1 ELSE 0 END AS {}", predicate(d, p, &c), q(&format!("b{i}")))
            })
            .collect();
        // Per row: the units it stands for, its fixed-point weight, its fixed-point values.
        let wide = d.wide();
        let dw = shared.moments.iter().find(|(m, _)| *m == Moment::Weight).map_or(0, |(_, x)| *x);
        let scale = |k: u32| format!("CAST('1e{k}' AS {})", d.double());
        let fixed = |x: &str, k: u32| {
            format!("CAST(CAST({} AS BIGINT) AS {wide})", round_away(&format!("({x} * {})", scale(k))))
        };
        let (units, bad) = match shared.frequency {
            None => (format!("CAST(1 AS {wide})"), None),
            Some(f) => {
                let x = c(f);
                (
                    format!("CAST(CAST({x} AS BIGINT) AS {wide})"),
                    Some((format!("({x} IS NULL OR {x} < 0 OR {x} <> FLOOR({x}) OR {x} > 1e15)"), x)),
                )
            }
        };
        let weight = match (shared.weight, shared.frequency) {
            (None, None) => format!("CAST(1 AS {wide})"),
            (None, Some(_)) => format!("CAST('1{}' AS {wide})", "0".repeat(dw as usize)),
            (Some(w), _) => {
                format!("(CASE WHEN {} IS NULL THEN CAST(0 AS {wide}) ELSE {} END)", c(w), fixed(&c(w), dw))
            }
        };
        let mut row_cols = vec![format!("{units} AS {}", q("u")), format!("{weight} AS {}", q("w"))];
        let mut sums = Vec::new();
        let mut checks = Vec::new();
        let (u, w) = (format!("x.{}", q("u")), format!("x.{}", q("w")));
        for (m, dm) in &shared.moments {
            let s = match m {
                Moment::Rows => format!("SUM({u})"),
                Moment::Weight => format!("SUM({w} * {u})"),
                Moment::WeightSquared => format!("SUM({w} * {w} * {u})"),
                Moment::WeightValue(_) | Moment::WeightValueSquared(_) => {
                    let (col, _) =
                        shared.values.iter().find(|(_, x)| x == m).expect("a value column per value moment");
                    let squared = matches!(m, Moment::WeightValueSquared(_));
                    let dx = if squared { (dm - dw) / 2 } else { dm - dw };
                    let v = q(&format!("v{}", row_cols.len()));
                    row_cols.push(format!(
                        "(CASE WHEN {x} IS NULL THEN NULL ELSE {} END) AS {v}",
                        fixed(&c(*col), dx),
                        x = c(*col)
                    ));
                    let scaled = format!("({} * {})", c(*col), scale(dx));
                    let ex = q(&format!("x{}", row_cols.len()));
                    row_cols.push(format!(
                        "(CASE WHEN ABS({scaled} - {}) > 1e-6 THEN {} END) AS {ex}",
                        round_away(&scaled),
                        c(*col)
                    ));
                    checks.push(format!("CAST(MIN(x.{ex}) AS {})", d.text()));
                    let xv = format!("x.{v}");
                    let term = if squared {
                        format!("{w} * {xv} * {xv} * {u}")
                    } else {
                        format!("{w} * {xv} * {u}")
                    };
                    format!("SUM(CASE WHEN {xv} IS NULL THEN CAST(0 AS {wide}) ELSE {term} END)")
                }
            };
            sums.push(format!("CAST({s} AS {})", d.text()));
        }
        if let Some((cond, x)) = &bad {
            row_cols.push(format!("(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {}", q("bad")));
            row_cols.push(format!("(CASE WHEN {cond} THEN {x} END) AS {}", q("bad_value")));
        }
        // Rows kept: a period (one of those asked), and no `_T` total row.
        let (period_col, mut filters) = match &shared.axes[0].1 {
            AxisFrom::Period(p) => (*p, vec![format!("{} IS NOT NULL", c(*p))]),
            _ => unreachable!("the first axis is the period"),
        };
        if let Some(ps) = &shared.periods {
            // The periods asked, and the dates (yyyymmdd) within their windows.
            let list: Vec<String> = ps.iter().map(|p| p.to_string()).collect();
            let p = format!("CAST({} AS BIGINT)", c(period_col));
            let mut any = vec![format!("{p} IN ({})", list.join(", "))];
            let calendar = shared.regroup.1;
            for code in ps {
                if let Some(period) = gds_core::Period::from_code(*code) {
                    let (a, b) = calendar.window(period);
                    any.push(format!("{p} BETWEEN {a} AND {b}"));
                }
            }
            filters.push(format!("({})", any.join(" OR ")));
        }
        for t in &shared.drop_total {
            filters.push(format!("({x} IS NULL OR {x} <> {})", d.string(gds_core::TOTAL_CODE), x = c(*t)));
        }
        let keys: Vec<String> = (0..shared.axes.len())
            .map(|a| q(&format!("a{a}")))
            .chain((0..shared.preds.len()).map(|i| q(&format!("b{i}"))))
            .collect();
        let mut out_cols: Vec<String> = keys.iter().map(|k| format!("x.{k}")).collect();
        out_cols.extend(sums);
        if bad.is_some() {
            out_cols.push(format!("CAST(SUM(x.{}) AS {})", q("bad"), d.text()));
            out_cols.push(format!("CAST(MIN(x.{}) AS {})", q("bad_value"), d.text()));
        }
        out_cols.extend(checks);
        let group: Vec<String> = keys.iter().map(|k| format!("x.{k}")).collect();
        format!(
            "WITH r AS (SELECT {raw} FROM {view}),\ne AS (SELECT {sel} FROM r {joins}),\nx AS (SELECT {axes}{bits}, {rows} FROM e WHERE {filters})\nSELECT {out} FROM x GROUP BY {group}",
            raw = raw_cols.join(", "),
            view = q(&self.view),
            sel = select.join(", "),
            joins = joins.join(" "),
            axes = axes.join(", "),
            bits = if bits.is_empty() { String::new() } else { format!(", {}", bits.join(", ")) },
            rows = row_cols.join(", "),
            filters = filters.join(" AND "),
            out = out_cols.join(", "),
            group = group.join(", "),
        )
    }
}

/// A SQL engine gds talks to, and what it was told.
pub struct SqlEngine {
    /// The dialect it speaks.
    pub dialect: Dialect,
    /// The engine process; `None` for [`SqlEngine::print`], whose spellings come from polars.
    runner: Option<Mutex<Runner>>,
    /// Every statement sent, in order (for `--explain`).
    pub sent: Mutex<Vec<String>>,
    /// Sources read by polars instead, and why.
    pub notes: Mutex<Vec<String>>,
    views: Mutex<usize>,
}

/// A long-lived engine process (Python with DuckDB or PySpark), one JSON line per request.
struct Runner {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    version: String,
}

const RUNNER: &str = include_str!("sql_runner.py");

impl SqlEngine {
    /// Start `engine` (`duckdb`, or `spark` with `master`) through Python: `GDS_PYTHON`, else
    /// `python3`, with the engine's package installed.
    pub fn start(dialect: Dialect, master: Option<&str>, threads: usize) -> Result<SqlEngine, ComputeError> {
        let python = std::env::var("GDS_PYTHON").unwrap_or_else(|_| "python3".into());
        Self::start_with(&python, dialect, master, threads)
    }

    /// [`SqlEngine::start`] through the Python at `python`.
    pub fn start_with(
        python: &str,
        dialect: Dialect,
        master: Option<&str>,
        threads: usize,
    ) -> Result<SqlEngine, ComputeError> {
        let package = match dialect {
            Dialect::DuckDb => "duckdb",
            Dialect::Spark => "pyspark",
            Dialect::Postgres => {
                return Err(ComputeError::request(
                    "gds runs queries on DuckDB and Spark; for PostgreSQL, `gds sql --dialect postgres` prints them",
                    None,
                ));
            }
        };
        let hint = format!(
            "install it for that Python (`{python} -m pip install {package}`), or set GDS_PYTHON to a Python that has it"
        );
        let mut child = Command::new(python)
            .arg("-u")
            .arg("-c")
            .arg(RUNNER)
            .arg(dialect.name())
            .arg(master.unwrap_or("local[2]"))
            .arg(threads.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if dialect == Dialect::Spark { Stdio::null() } else { Stdio::inherit() })
            .spawn()
            .map_err(|e| ComputeError::request(format!("cannot start {python}: {e}"), Some(hint.clone())))?;
        let stdin = child.stdin.take().expect("piped stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut hello = String::new();
        stdout
            .read_line(&mut hello)
            .map_err(|e| ComputeError::request(format!("{package}: {e}"), Some(hint.clone())))?;
        let v: serde_json::Value = serde_json::from_str(hello.trim()).map_err(|_| {
            ComputeError::request(
                format!("{python} could not start {package}: {}", hello.trim()),
                Some(hint.clone()),
            )
        })?;
        if let Some(e) = v.get("error").and_then(|e| e.as_str()) {
            return Err(ComputeError::request(
                format!("{python} could not start {package}: {e}"),
                Some(hint),
            ));
        }
        let version = v.get("version").and_then(|e| e.as_str()).unwrap_or("?").to_string();
        Ok(SqlEngine {
            dialect,
            runner: Some(Mutex::new(Runner { child, stdin, stdout, version })),
            sent: Mutex::new(Vec::new()),
            notes: Mutex::new(Vec::new()),
            views: Mutex::new(0),
        })
    }

    /// An engine that runs nothing: it writes the SQL of every source (into [`SqlEngine::sent`])
    /// with the spellings read by polars, and gives empty cubes (`gds sql`).
    pub fn print(dialect: Dialect) -> SqlEngine {
        SqlEngine {
            dialect,
            runner: None,
            sent: Mutex::new(Vec::new()),
            notes: Mutex::new(Vec::new()),
            views: Mutex::new(0),
        }
    }

    /// The engine and its version (`duckdb 1.4.2`).
    pub fn version(&self) -> String {
        match &self.runner {
            Some(r) => format!("{} {}", self.dialect.name(), r.lock().expect("runner").version),
            None => self.dialect.name().to_string(),
        }
    }

    /// Run `statements` (their rows come back as text, `None` for SQL's null).
    pub fn run(&self, statements: &[String]) -> Result<Vec<Vec<Vec<Option<String>>>>, ComputeError> {
        self.sent.lock().expect("log").extend(statements.iter().cloned());
        let Some(runner) = &self.runner else { return Ok(vec![Vec::new(); statements.len()]) };
        let mut r = runner.lock().expect("runner");
        let request = serde_json::json!({ "statements": statements });
        let name = self.dialect.name();
        let lost = |e: String| ComputeError::request(format!("{name} stopped: {e}"), None);
        writeln!(r.stdin, "{request}").map_err(|e| lost(e.to_string()))?;
        r.stdin.flush().map_err(|e| lost(e.to_string()))?;
        let mut line = String::new();
        r.stdout.read_line(&mut line).map_err(|e| lost(e.to_string()))?;
        if line.is_empty() {
            return Err(lost("no answer".into()));
        }
        let v: serde_json::Value = serde_json::from_str(line.trim()).map_err(|e| {
            let shown: String = line.trim().chars().take(200).collect();
            lost(format!("its answer is not one JSON line ({e}): {shown:?}"))
        })?;
        if let Some(e) = v.get("error").and_then(|e| e.as_str()) {
            let i = v.get("statement").and_then(|i| i.as_u64()).unwrap_or(0) as usize;
            return Err(ComputeError::request(
                format!(
                    "{name} refused a query: {e}\nthe query:\n{}",
                    statements.get(i).map_or("", |s| s.as_str())
                ),
                None,
            ));
        }
        let results = v.get("results").and_then(|r| r.as_array()).ok_or_else(|| lost("no results".into()))?;
        Ok(results
            .iter()
            .map(|rows| {
                rows.as_array()
                    .map(|rows| {
                        rows.iter()
                            .map(|row| {
                                row.as_array()
                                    .map(|cells| {
                                        cells.iter().map(|c| c.as_str().map(str::to_string)).collect()
                                    })
                                    .unwrap_or_default()
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect())
    }

    /// The columns of relation `relation` (of source `src`) as polars types: text, whole
    /// numbers, numbers, yes/no, dates and timestamps; any other type is read as its text.
    pub(super) fn schema_of(&self, src: &Source, relation: &str) -> Result<Schema, ComputeError> {
        if self.runner.is_none() {
            return Err(src.key_error(
                "relation",
                "the columns of a relation are known only to its engine".into(),
                Some("run `gds compute --engine spark --explain` (or duckdb) to see the queries sent".into()),
            ));
        }
        let rows = self.run(&[self.dialect.describe(relation)])?;
        let mut schema = Schema::default();
        for row in rows.into_iter().next().unwrap_or_default() {
            let (Some(Some(name)), Some(Some(t))) = (row.first(), row.get(1)) else { continue };
            // Spark lists partitioning after a comment row ("# Partition Information").
            if name.starts_with('#') || name.trim().is_empty() {
                break;
            }
            let t = t.to_ascii_lowercase();
            let dtype = if [
                "bigint",
                "integer",
                "int",
                "smallint",
                "tinyint",
                "hugeint",
                "long",
                "short",
                "byte",
                "ubigint",
                "uinteger",
                "usmallint",
                "utinyint",
            ]
            .contains(&t.as_str())
            {
                DataType::Int64
            } else if t == "double"
                || t == "float"
                || t == "real"
                || t.starts_with("decimal")
                || t.starts_with("numeric")
            {
                DataType::Float64
            } else if t == "boolean" {
                DataType::Boolean
            } else if t == "date" {
                DataType::Date
            } else if t.starts_with("timestamp") {
                DataType::Datetime(polars::prelude::TimeUnit::Microseconds, None)
            } else {
                DataType::String
            };
            schema.insert(name.as_str().into(), dtype);
        }
        if schema.is_empty() {
            return Err(src.key_error(
                "relation",
                "the engine lists no columns for the relation".into(),
                None,
            ));
        }
        Ok(schema)
    }

    fn next_view(&self) -> String {
        let mut n = self.views.lock().expect("views");
        *n += 1;
        format!("gds_source_{n}")
    }
}

impl Drop for SqlEngine {
    fn drop(&mut self) {
        if let Some(Ok(r)) = self.runner.take().map(Mutex::into_inner) {
            let Runner { mut child, mut stdin, stdout, .. } = r;
            let _ = writeln!(stdin, "{{\"quit\": true}}");
            // Closing both pipes first: a runner still writing an answer nobody will read (after
            // an error) gets a broken pipe and ends, instead of blocking this wait for ever.
            drop(stdin);
            drop(stdout);
            let _ = child.wait();
        }
    }
}

/// The mapping of one coded column's spellings: (raw, code) for each spelling that is a
/// value of the column.
pub(super) fn mapping(shared: &Shared, j: usize, spellings: &[Option<String>]) -> Vec<(String, String)> {
    let n = &shared.needed[j];
    let mut out: Vec<(String, String)> = spellings
        .iter()
        .flatten()
        .filter_map(|s| {
            super::polars::canonical(
                s,
                n.held,
                n.kind,
                shared.pad[j],
                shared.explicit[j].as_ref(),
                &shared.aliases[j],
            )
            .filter(|c| n.codelist.as_ref().is_none_or(|cl| cl.contains(c)) || n.held == Held::Booleans)
            .map(|c| (s.clone(), c))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The cube of source `src` computed by `engine`, or `None` when polars must read it (the
/// reason is in the engine's notes). With `screen`, the gate's screening counts of the
/// source are computed on the engine too ([`super::sql_screen`]), in the same requests.
pub(super) fn build_source(
    spec: &super::CubeSpec,
    src: &Source,
    ds: &Dataset,
    cat: &Catalogue,
    shared: &Shared,
    engine: &SqlEngine,
    screen: bool,
) -> Result<Option<(Cube, Option<crate::sources::screen::Screened>)>, ComputeError> {
    let relation = src.def.relation.as_deref().filter(|_| src.format == Format::Relation);
    let (mut scan, schema) = match relation {
        Some(r) => (None, engine.schema_of(src, r)?),
        None => {
            let mut scan = crate::read::scan_raw(src)?;
            let schema = scan
                .frame
                .collect_schema()
                .map_err(ComputeError::polars(format!("reading the columns of {}", src.display)))?;
            (Some(scan), (*schema).clone())
        }
    };
    if let Some(why) = unsupported(src, ds, shared, &schema) {
        if relation.is_some() {
            return Err(src.key_error(
                "relation",
                format!("{why} (a relation is read only by its engine)"),
                Some("give the relation the dataset's own columns (a view in the engine), or export it to a file".into()),
            ));
        }
        engine.notes.lock().expect("notes").push(why);
        return Ok(None);
    }
    if relation.is_some() {
        // A required column the relation lacks: no data, never a rate of 0.
        let files: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
        let resolved = crate::mapping::resolve_columns(src, ds, &files);
        for c in ds.columns.iter().filter(|c| c.required) {
            if resolved.get(&c.name).is_none_or(Option::is_none) {
                return Err(src.key_error(
                    "relation",
                    format!("the relation has no column {:?}, which dataset {:?} requires", c.name, ds.id),
                    Some(format!(
                        "its columns: {}; map one onto it with rename = {{ ... }}",
                        files.join(", ")
                    )),
                ));
            }
        }
    }
    let d = engine.dialect;
    let started = std::time::Instant::now();
    let view = engine.next_view();
    let sql =
        SourceSql::new(d, src, ds, shared, &schema, &view).map_err(|e| ComputeError::request(e, None))?;
    let coded = SourceSql::coded(shared);
    let mut statements = vec![format!("-- dataset {}: {}", spec.dataset, src.display), sql.setup.clone()];
    // The gate's screening, where the data are (nothing to screen when only printing).
    // A source with no column to screen has its rows counted by the gate itself.
    let screening = (screen && engine.runner.is_some())
        .then(|| {
            let files: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
            let resolved = crate::mapping::resolve_columns(src, ds, &files);
            let checks = crate::sources::validate::screen_checks(src, cat, ds, &resolved, &schema);
            (!checks.is_empty())
                .then(|| super::sql_screen::ScreenSql::new(d, src, ds, checks, &resolved, &schema, &view))
        })
        .flatten();
    // One union of every spelling asked (the cube's code columns, the screening's), and one
    // query of the counts: two jobs on Spark, whatever the number of columns.
    let mut branches = sql.distinct(d, shared);
    let mut counts = None;
    if let Some(s) = &screening {
        let (c, more) = s.first(d);
        branches.extend(more);
        counts = Some(c);
    }
    let union_at = (!branches.is_empty()).then(|| {
        statements.push(branches.join("\nUNION ALL\n"));
        statements.len() - 1
    });
    let counts_at = counts.map(|c| {
        statements.push(c);
        statements.len() - 1
    });
    let results = engine.run(&statements)?;
    let tagged: Vec<Vec<Option<String>>> = union_at.and_then(|i| results.get(i)).cloned().unwrap_or_default();
    let mut maps = BTreeMap::new();
    for j in &coded {
        let spellings: Vec<Option<String>> = match &engine.runner {
            Some(_) => {
                let tag = format!("d{j}");
                tagged
                    .iter()
                    .filter(|r| r.first().cloned().flatten().as_deref() == Some(tag.as_str()))
                    .map(|r| r.get(1).cloned().flatten())
                    .collect()
            }
            None => match scan.as_mut() {
                Some(scan) => {
                    super::polars::spellings(src, cat, ds, &shared.needed[*j], &mut scan.frame, &schema)?
                }
                // A relation's spellings are the engine's to give: printed, its mapping is empty.
                None => Vec::new(),
            },
        };
        maps.insert(*j, mapping(shared, *j, &spellings));
    }
    let sums: Vec<Option<String>> =
        counts_at.and_then(|i| results.get(i)).and_then(|rows| rows.first().cloned()).unwrap_or_default();
    let query = sql.cube(d, shared, &maps);
    let bad =
        |e: String| ComputeError::request(format!("the engine's screening of {}: {e}", src.display), None);
    // The key query needs the key codes' spellings mapped: it goes with the cube's query.
    let mut keyed = None;
    let mut second = vec![query];
    let mut key_spellings = BTreeMap::new();
    if let Some(s) = &screening {
        key_spellings = s.key_spellings(&s.spellings(&tagged).map_err(bad)?);
        if let Some(q) = s.keys(d, false, &key_spellings) {
            second.push(q);
            keyed = Some(());
        }
    }
    let mut answers = engine.run(&second)?.into_iter();
    let rows = answers.next().unwrap_or_default();
    if engine.runner.is_none() {
        return spec.empty().map(|c| Some((c, None))).map_err(|e| ComputeError::request(e.to_string(), None));
    }
    let cube = cube_of(spec, src, shared, &rows)?;
    let screened = match &screening {
        Some(s) => {
            let mut keys = keyed.and_then(|_| answers.next());
            let hashed = s.screened(&sums, &tagged, keys.as_deref()).map_err(bad)?;
            // A repeated hash may be two keys that collide: the exact query confirms.
            if hashed.repeated_keys > 0
                && let Some(q) = s.keys(d, true, &key_spellings).filter(|_| d.hash(&[]).is_some())
            {
                keys = engine.run(&[q])?.into_iter().next();
            }
            Some(s.screened(&sums, &tagged, keys.as_deref()).map_err(bad)?)
        }
        None => None,
    };
    // A progress line per source: on a cluster a query can take minutes.
    crate::messages::say(&format!(
        "{}: cube of {} from {} ({} cells, {:.2} s)",
        d.name(),
        spec.dataset,
        src.display,
        cube.len(),
        started.elapsed().as_secs_f64()
    ));
    Ok(Some((cube, screened)))
}

/// The cube from the rows of a cube query.
fn cube_of(
    spec: &super::CubeSpec,
    src: &Source,
    shared: &Shared,
    rows: &[Vec<Option<String>>],
) -> Result<Cube, ComputeError> {
    let k = shared.axes.len();
    let p = shared.preds.len();
    let m = shared.moments.len();
    let mut cube = spec.empty().map_err(|e| ComputeError::request(e.to_string(), None))?;
    let mut dicts: Vec<BTreeMap<String, u32>> = vec![BTreeMap::new(); k];
    let bad =
        |what: &str| ComputeError::request(format!("the engine's cube of {}: {what}", src.display), None);
    'rows: for row in rows {
        if row.len() < k + p + m {
            return Err(bad("a row with too few columns"));
        }
        let mut codes = Vec::with_capacity(k);
        for a in 0..k {
            let mut code = row[a].clone().unwrap_or_else(|| super::polars::UNKNOWN.to_string());
            if a == 0 {
                // The period as polars labels it: a date goes to its period by the calendar,
                // and a period of another granularity is none of this request.
                let (g, calendar) = shared.regroup;
                match code.parse::<i64>().ok().and_then(|p| gds_core::regroup(p, g, calendar)) {
                    Some(p) => code = gds_core::Period::label(p),
                    None => continue 'rows,
                }
            }
            let next = dicts[a].len() as u32;
            let id = *dicts[a].entry(code.clone()).or_insert(next);
            if id == next {
                cube.axes[a].codes.push(code);
            }
            codes.push(id);
        }
        let mut signature: u128 = 0;
        for i in 0..p {
            if row[k + i].as_deref() == Some("1") {
                signature |= 1u128 << i;
            }
        }
        let mut sums = Vec::with_capacity(m);
        for s in &row[k + p..k + p + m] {
            let v = match s {
                None => 0,
                Some(s) => s.parse::<i128>().map_err(|_| bad(&format!("{s:?} is not an integer sum")))?,
            };
            sums.push(v);
        }
        let mut rest = row[k + p + m..].iter();
        if let Some(f) = shared.frequency {
            let n_bad = rest.next().cloned().flatten().unwrap_or_default();
            let value = rest.next().cloned().flatten();
            if n_bad != "0" && !n_bad.is_empty() {
                let column = shared.needed[f].file.clone().unwrap_or_else(|| shared.needed[f].name.clone());
                let missing = value.is_none();
                return Err(super::polars::not_a_count(
                    src,
                    &column,
                    value.unwrap_or_else(|| "NaN".into()),
                    missing,
                ));
            }
        }
        let value_moments: Vec<&(usize, Moment)> =
            shared.moments.iter().filter_map(|(mo, _)| shared.values.iter().find(|(_, x)| x == mo)).collect();
        for (c, mo) in value_moments {
            if let Some(Some(x)) = rest.next() {
                let dm = shared.moments.iter().find(|(x, _)| x == mo).map_or(0, |(_, d)| *d);
                let dw = shared.moments.iter().find(|(x, _)| *x == Moment::Weight).map_or(0, |(_, d)| *d);
                let d = if matches!(mo, Moment::WeightValueSquared(_)) { (dm - dw) / 2 } else { dm - dw };
                return Err(super::polars::too_many_decimals(
                    src,
                    &spec.dataset,
                    &shared.needed[*c].name,
                    x.clone(),
                    d,
                ));
            }
        }
        cube.add_ids(CellKey { codes, signature }, &sums).map_err(|e| bad(&e.to_string()))?;
    }
    cube.canonicalize();
    Ok(cube)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::predicate::compile;

    fn cols(name: &str) -> Option<(usize, Held)> {
        match name {
            "sex" => Some((0, Held::Codes)),
            "age" => Some((1, Held::Numbers)),
            "literate" => Some((2, Held::Booleans)),
            _ => None,
        }
    }

    fn sql(d: Dialect, filter: &str) -> String {
        let p = compile(filter, &mut cols).unwrap();
        predicate(d, &p, &|i| d.ident(&format!("c{i}")))
    }

    /// Every construct the catalogue's filters may use, in each dialect.
    #[test]
    fn every_filter_construct_renders_in_every_dialect() {
        let cases = [
            ("sex = 'F'", "(\"c0\" IN ('F'))"),
            ("sex <> 'F'", "(\"c0\" NOT IN ('F'))"),
            ("sex in ('F', 'M')", "(\"c0\" IN ('F', 'M'))"),
            ("sex not in ('F')", "(\"c0\" NOT IN ('F'))"),
            ("age >= 15", "(\"c1\" >= 15)"),
            ("15 <= age", "(\"c1\" >= 15)"),
            ("age < 0.5", "(\"c1\" < CAST('0.5' AS DOUBLE))"),
            ("age in (15, 16)", "(\"c1\" IN (15, 16))"),
            ("age not in (15)", "(\"c1\" NOT IN (15))"),
            ("age between 15 and 49", "(\"c1\" BETWEEN 15 AND 49)"),
            ("age not between 15 and 49", "(\"c1\" NOT BETWEEN 15 AND 49)"),
            ("age is null", "(\"c1\" IS NULL)"),
            ("sex is not null", "(\"c0\" IS NOT NULL)"),
            ("literate", "(\"c2\" IN ('true'))"),
            ("literate = false", "(\"c2\" IN ('false'))"),
            ("literate is true", "((\"c2\" IN ('true')) AND (\"c2\" IS NOT NULL))"),
            ("age = null", "(CAST(NULL AS INTEGER) = 1)"),
            ("true", "(1 = 1)"),
            ("not (sex = 'F' or age > 60)", "(NOT ((\"c0\" IN ('F')) OR (\"c1\" > 60)))"),
            ("sex = 'F' and age >= -1", "((\"c0\" IN ('F')) AND (\"c1\" >= -1))"),
        ];
        for (filter, duckdb) in cases {
            assert_eq!(sql(Dialect::DuckDb, filter), duckdb, "{filter}");
            assert_eq!(sql(Dialect::Postgres, filter), duckdb.replace("AS DOUBLE)", "AS DOUBLE PRECISION)"));
            assert_eq!(sql(Dialect::Spark, filter), duckdb.replace('"', "`"), "{filter}");
        }
    }

    #[test]
    fn literals_and_identifiers_are_quoted_per_dialect() {
        assert_eq!(Dialect::DuckDb.string("Nữ's"), "'Nữ''s'");
        assert_eq!(Dialect::Spark.string("a'b\\c"), "'a\\'b\\\\c'");
        assert_eq!(Dialect::DuckDb.ident("Mã \"xã\""), "\"Mã \"\"xã\"\"\"");
        assert_eq!(Dialect::Spark.ident("a`b"), "`a``b`");
        // A number literal is read back as exactly the same double.
        for x in [0.1, 1e-7, 2.5e20, 123456.789, -3.0, 1e15] {
            let lit = number(Dialect::DuckDb, x);
            let back: f64 = match lit.strip_prefix("CAST('") {
                Some(rest) => rest.split('\'').next().unwrap().parse().unwrap(),
                None => lit.parse().unwrap(),
            };
            assert_eq!(back.to_bits(), x.to_bits(), "{lit}");
        }
        assert_eq!(Dialect::parse("PostgreSQL"), Some(Dialect::Postgres));
        assert_eq!(Dialect::parse("oracle"), None);
    }

    #[test]
    fn files_become_relations_and_other_formats_are_refused() {
        let v = Dialect::DuckDb.view("s", "/d/p.parquet", Format::Parquet, b',').unwrap();
        assert_eq!(v, "CREATE OR REPLACE VIEW \"s\" AS SELECT * FROM read_parquet('/d/p.parquet')");
        let v = Dialect::Spark.view("s", "/d/b.csv", Format::Csv, b';').unwrap();
        assert!(
            v.starts_with("CREATE OR REPLACE TEMPORARY VIEW `s` USING csv") && v.contains("sep ';'"),
            "{v}"
        );
        assert!(Dialect::DuckDb.view("s", "/d/x.xlsx", Format::Xlsx, b',').is_err());
    }

    #[test]
    fn inline_tables_hold_the_mapping_or_nothing() {
        let rows = vec![("Nữ".to_string(), "F".to_string()), ("1".to_string(), "M".to_string())];
        assert_eq!(Dialect::DuckDb.values("m", &rows), "(VALUES ('Nữ', 'F'), ('1', 'M')) AS m(raw, code)");
        assert_eq!(
            Dialect::Spark.values("m", &rows),
            "(SELECT * FROM VALUES ('Nữ', 'F'), ('1', 'M') AS v(raw, code)) AS m"
        );
        // No spelling: a table whose one row matches nothing (a join on null never holds).
        assert!(Dialect::Postgres.values("m", &[]).contains("CAST(NULL AS TEXT) AS raw"));
    }
}
