//! The gate's screening pass on a SQL engine: the counts of [`crate::sources::screen`] —
//! missing values, unknown codes and unparsable values, `_T` in records, numbers that are
//! not finite or out of range, repeated keys, and the area spellings with their periods —
//! computed where the data are, so that a clean source is never read by polars for the gate.
//!
//! The checks are the polars pass's own ([`crate::sources::validate`]'s `screen_checks`);
//! each is rendered as SQL over the same raw text and the same numbers the cube query reads
//! ([`super::sql::number_of`]). Code and yes/no columns come back as their distinct
//! spellings with their counts, and gds gives each spelling its verdict with the rules the
//! polars pass uses ([`crate::sources::screen::verdict`]), so no alias rule is written in SQL.
//! Repeated keys are counted as rows less distinct keys (codes mapped to their canonical
//! value; identifiers trimmed, and zero-padded where the source says so).
//!
//! As in the polars pass, a count above zero sends the gate to its exact queries for the rows
//! and values to report (read by polars); clean data cost the engine's queries only.
//!
//! One difference stays: an identifier key is compared as written (trimmed), not in NFC, so
//! two spellings of one non-ASCII identifier that differ only in their Unicode normal form
//! are not counted as repeated here.

use super::predicate::Held;
use super::sql::{Dialect, number, number_of};
use crate::project::Source;
use crate::sources::screen::{Check, Screened};
use gds_indicators::{ColumnType, Dataset};
use polars::prelude::Schema;
use std::collections::BTreeMap;

/// Each spelled column's spellings (`None`: missing) with their row counts, by check.
type Spellings = BTreeMap<usize, Vec<(Option<String>, u64)>>;

/// How one check's column is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// A typed number, missing exactly where its number is.
    Typed,
    /// A typed column read only for whether it is missing, and its number when it has one
    /// (a whole-number column stored as floats: 16.5 is no age).
    Present,
    /// A number written as text.
    Text,
    /// A code or yes/no column as text: one verdict per distinct spelling.
    Spelled,
    /// A text or area column: any value is a value; only missing ones count.
    Missing,
}

/// One check in SQL.
struct Col {
    how: How,
    /// The raw text (for a typed column: the column itself, tested only for null).
    raw: String,
    /// The number, for number columns.
    number: Option<String>,
}

/// The screening queries of one source, and how to read their answers.
pub(super) struct ScreenSql {
    checks: Vec<Check>,
    cols: Vec<Col>,
    view: String,
    /// The checks counted by spelling (indices into `checks`), in the order of their queries.
    spelled: Vec<usize>,
    /// The area check collecting (spelling, period) pairs, and the period check.
    distinct: Option<(usize, Option<usize>)>,
}

fn count(cond: &str) -> String {
    format!("SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)")
}

impl ScreenSql {
    /// The screening of `src` (relation `view`) with `checks`, over the file's columns
    /// (`resolved`: declared name → file column; `schema`: how the file holds them).
    pub(super) fn new(
        d: Dialect,
        src: &Source,
        ds: &Dataset,
        checks: Vec<Check>,
        resolved: &BTreeMap<String, Option<String>>,
        schema: &Schema,
        view: &str,
    ) -> ScreenSql {
        let mut cols = Vec::new();
        for c in &checks {
            let fc = resolved.get(&c.name).cloned().flatten().unwrap_or_default();
            let dtype = schema.get(&fc);
            let q = d.ident(&fc);
            let numeric = dtype.is_some_and(|t| t.is_primitive_numeric());
            let raw = if c.held == Held::Codes && numeric && c.pad.is_some() {
                format!("CAST(CAST({q} AS BIGINT) AS {})", d.text())
            } else if c.text_source {
                format!("CAST({q} AS {})", d.text())
            } else {
                q.clone()
            };
            let number = match (c.number.is_some(), ds.column(&c.name)) {
                (true, Some(decl)) => Some(number_of(d, src, decl, &q, dtype)),
                _ => None,
            };
            let how = match (c.text_source, number.is_some()) {
                (false, true) if c.nulls_from_number => How::Typed,
                (false, _) => How::Present,
                (true, true) => How::Text,
                (true, false) if c.held != Held::Codes || c.kind == ColumnType::Code => How::Spelled,
                (true, false) => How::Missing,
            };
            cols.push(Col { how, raw, number });
        }
        let spelled = (0..checks.len()).filter(|j| cols[*j].how == How::Spelled).collect();
        let distinct = checks.iter().position(|c| c.distinct).map(|a| {
            let p = (0..checks.len())
                .find(|j| checks[*j].kind == ColumnType::Period && cols[*j].number.is_some());
            (a, p)
        });
        ScreenSql { checks, cols, view: view.to_string(), spelled, distinct }
    }

    fn from(&self, d: Dialect) -> String {
        let mut sel = Vec::new();
        for (j, c) in self.cols.iter().enumerate() {
            sel.push(format!("{} AS {}", c.raw, d.ident(&format!("r{j}"))));
            if let Some(n) = &c.number {
                sel.push(format!("{n} AS {}", d.ident(&format!("n{j}"))));
            }
        }
        if sel.is_empty() {
            sel.push("1 AS one".into());
        }
        format!("(SELECT {} FROM {}) s", sel.join(", "), d.ident(&self.view))
    }

    /// What needs no mapping: the query of the counts (one row), and the branches of the
    /// source's one union query of spellings (four text columns: tag, spelling, period,
    /// rows): each spelled column's spellings with their rows (tag `s<j>`), and the area
    /// spellings with their periods (tag `p`). One union is one job on Spark, not one per
    /// column.
    pub(super) fn first(&self, d: Dialect) -> (String, Vec<String>) {
        let r = |j: usize| format!("s.{}", d.ident(&format!("r{j}")));
        let n = |j: usize| format!("s.{}", d.ident(&format!("n{j}")));
        let mut sums = vec![format!("CAST(COUNT(*) AS {})", d.text())];
        for (j, (c, col)) in self.checks.iter().zip(&self.cols).enumerate() {
            let mut conds: [Option<String>; 5] = Default::default();
            let (null, bad, nan, range) = (0, 1, 3, 4);
            let x = n(j);
            let out_of_range = || -> Option<String> {
                let (lo, hi, positive) = c.range?;
                let mut parts = Vec::new();
                if lo.is_finite() {
                    parts.push(format!("{x} < {}", number(d, lo)));
                }
                if hi.is_finite() {
                    parts.push(format!("{x} > {}", number(d, hi)));
                }
                if positive {
                    parts.push(format!("{x} <= 0"));
                }
                (!parts.is_empty()).then(|| format!("({} AND ({}))", d.is_finite(&x), parts.join(" OR ")))
            };
            match col.how {
                How::Typed => conds[null] = Some(format!("{x} IS NULL")),
                How::Present => {
                    conds[null] = Some(format!("{} IS NULL", r(j)));
                    if col.number.is_some() {
                        conds[bad] = Some(format!("({} IS NOT NULL AND {x} IS NULL)", r(j)));
                    }
                }
                How::Text => {
                    conds[null] = Some(format!("{} IS NULL", r(j)));
                    conds[bad] =
                        Some(format!("({} IS NOT NULL AND TRIM({}) <> '' AND {x} IS NULL)", r(j), r(j)));
                }
                How::Spelled => {}
                How::Missing => conds[null] = Some(format!("{} IS NULL", r(j))),
            }
            if col.number.is_some() {
                if c.nan {
                    conds[nan] = Some(format!("({x} IS NOT NULL AND NOT {})", d.is_finite(&x)));
                }
                conds[range] = out_of_range();
            }
            for cond in conds.iter().flatten() {
                sums.push(format!("CAST({} AS {})", count(cond), d.text()));
            }
        }
        let counts = format!("SELECT {} FROM {}", sums.join(", "), self.from(d));
        let t = d.text();
        let mut branches = Vec::new();
        for j in &self.spelled {
            branches.push(format!(
                "SELECT 's{j}' AS t, {r} AS a, CAST(NULL AS {t}) AS b, CAST(COUNT(*) AS {t}) AS n FROM {} GROUP BY {r}",
                self.from(d),
                r = r(*j)
            ));
        }
        if let Some((a, p)) = self.distinct {
            let period = match p {
                Some(p) => format!(
                    "CASE WHEN {} AND {x} = FLOOR({x}) THEN CAST(CAST({x} AS BIGINT) AS {t}) END",
                    d.is_finite(&n(p)),
                    x = n(p)
                ),
                None => format!("CAST(NULL AS {t})"),
            };
            branches.push(format!(
                "SELECT DISTINCT 'p' AS t, TRIM({r}) AS a, {period} AS b, CAST(NULL AS {t}) AS n FROM {} WHERE {r} IS NOT NULL AND TRIM({r}) <> ''",
                self.from(d),
                r = r(a)
            ));
        }
        (counts, branches)
    }

    /// The key query (rows with a distinct key), given each spelled key column's spellings
    /// mapped to their canonical value; `None` when the checks have no key.
    pub(super) fn keys(
        &self,
        d: Dialect,
        exact: bool,
        spellings: &BTreeMap<usize, Vec<(String, String)>>,
    ) -> Option<String> {
        let keys: Vec<usize> = (0..self.checks.len()).filter(|j| self.checks[*j].key).collect();
        if keys.is_empty() {
            return None;
        }
        let r = |j: usize| format!("s.{}", d.ident(&format!("r{j}")));
        let n = |j: usize| format!("s.{}", d.ident(&format!("n{j}")));
        let mut joins = Vec::new();
        let mut exprs = Vec::new();
        let mut names = Vec::new();
        for j in keys {
            let (c, col) = (&self.checks[j], &self.cols[j]);
            let e = match col.how {
                How::Typed | How::Text => n(j),
                How::Present if col.number.is_some() => n(j),
                How::Present => format!("CASE WHEN {} IS NULL THEN 0 ELSE 1 END", r(j)),
                How::Spelled => {
                    let m = d.ident(&format!("k{j}"));
                    let rows = spellings.get(&j).map_or(&[][..], Vec::as_slice);
                    joins.push(format!("LEFT JOIN {} ON {} = {m}.raw", d.values(&m, rows), r(j)));
                    format!("{m}.code")
                }
                How::Missing => {
                    let t = format!("TRIM({})", r(j));
                    match c.pad {
                        Some(w) => format!("LPAD({t}, GREATEST(LENGTH({t}), {w}), '0')"),
                        None => t,
                    }
                }
            };
            let name = d.ident(&format!("key{j}"));
            exprs.push(format!("{e} AS {name}"));
            names.push(name);
        }
        // Hashed (8 bytes a key instead of the key's text: a 10⁸-row file's distinct ids took
        // 8.5 GB on DuckDB), unless `exact`: a repeated hash is confirmed by the exact query.
        let inner = format!("(SELECT {} FROM {} {}) k", exprs.join(", "), self.from(d), joins.join(" "));
        Some(match d.hash(&names).filter(|_| !exact) {
            Some(h) => format!(
                "SELECT CAST(COUNT(*) AS {}) FROM (SELECT h FROM (SELECT {h} AS h FROM {inner}) x GROUP BY h) g",
                d.text()
            ),
            None => format!(
                "SELECT CAST(COUNT(*) AS {}) FROM (SELECT {names} FROM {inner} GROUP BY {names}) g",
                d.text(),
                names = names.join(", "),
            ),
        })
    }

    /// The spellings of each spelled key column, mapped to their canonical value (unknown
    /// spellings left out: they map to no key).
    pub(super) fn key_spellings(
        &self,
        spellings: &BTreeMap<usize, Vec<(Option<String>, u64)>>,
    ) -> BTreeMap<usize, Vec<(String, String)>> {
        let mut out = BTreeMap::new();
        for (j, rows) in spellings {
            let c = &self.checks[*j];
            if !c.key {
                continue;
            }
            let mut m: Vec<(String, String)> = rows
                .iter()
                .filter_map(|(s, _)| {
                    let s = s.as_ref()?;
                    let code =
                        super::polars::canonical(s, c.held, c.kind, c.pad, c.explicit.as_ref(), &c.aliases)?;
                    Some((s.clone(), code))
                })
                .collect();
            m.sort();
            m.dedup();
            out.insert(*j, m);
        }
        out
    }

    /// Each spelled column's spellings with their rows, from the union's rows (tag `s<j>`).
    pub(super) fn spellings(&self, tagged: &[Vec<Option<String>>]) -> Result<Spellings, String> {
        let mut out = BTreeMap::new();
        for j in &self.spelled {
            let mine = format!("s{j}");
            let mut v = Vec::new();
            for row in
                tagged.iter().filter(|r| r.first().cloned().flatten().as_deref() == Some(mine.as_str()))
            {
                let n = row.get(3).cloned().flatten().unwrap_or_default();
                v.push((
                    row.get(1).cloned().flatten(),
                    n.trim().parse::<u64>().map_err(|_| format!("{n:?} is no count"))?,
                ));
            }
            out.insert(*j, v);
        }
        Ok(out)
    }

    /// The screening counts from the answers of [`ScreenSql::first`]: the counts query's
    /// row, the union's rows (of every tag), and the key query's rows.
    pub(super) fn screened(
        &self,
        sums: &[Option<String>],
        tagged: &[Vec<Option<String>>],
        keys: Option<&[Vec<Option<String>>]>,
    ) -> Result<Screened, String> {
        let tag = |row: &Vec<Option<String>>| row.first().cloned().flatten().unwrap_or_default();
        let int = |v: Option<&Option<String>>| -> Result<u64, String> {
            match v {
                None | Some(None) => Ok(0),
                Some(Some(s)) => s.trim().parse::<u64>().map_err(|_| format!("{s:?} is no count")),
            }
        };
        let rows = int(sums.first())?;
        let mut counts = BTreeMap::new();
        let mut i = 1;
        let spellings = self.spellings(tagged)?;
        let mut values: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
        for (j, (c, col)) in self.checks.iter().zip(&self.cols).enumerate() {
            let mut k = [0u64; 5];
            let has = |slot: usize| -> bool {
                match slot {
                    0 => col.how != How::Spelled,
                    1 => matches!(col.how, How::Text) || (col.how == How::Present && col.number.is_some()),
                    3 => col.number.is_some() && c.nan,
                    4 => {
                        col.number.is_some()
                            && c.range.is_some_and(|(lo, hi, p)| lo.is_finite() || hi.is_finite() || p)
                    }
                    _ => false,
                }
            };
            for (slot, n) in k.iter_mut().enumerate() {
                if has(slot) {
                    *n = int(sums.get(i))?;
                    i += 1;
                }
            }
            if col.how == How::Spelled {
                for (s, n) in spellings.get(&j).map_or(&[][..], Vec::as_slice) {
                    match s {
                        None => k[0] += n,
                        Some(s) => match crate::sources::screen::verdict(c, s).0 {
                            1 => {
                                k[1] += n;
                                values.entry(c.name.clone()).or_default().push((s.clone(), *n));
                            }
                            2 if c.total => k[2] += n,
                            _ => {}
                        },
                    }
                }
            }
            for (slot, label) in ["null", "bad", "total", "nan", "range"].iter().enumerate() {
                counts.insert(format!("{label}:{}", c.name), k[slot]);
            }
        }
        let distinct = match self.distinct {
            None => None,
            Some(_) => {
                let mut pairs: Vec<(String, Option<i64>)> = Vec::new();
                for row in tagged.iter().filter(|r| tag(r) == "p") {
                    let Some(s) = row.get(1).cloned().flatten() else { continue };
                    let p = match row.get(2).cloned().flatten() {
                        Some(p) => Some(p.trim().parse::<i64>().map_err(|_| format!("{p:?} is no period"))?),
                        None => None,
                    };
                    pairs.push((s, p));
                }
                pairs.sort();
                pairs.dedup();
                Some(pairs)
            }
        };
        let repeated_keys = match keys {
            Some(groups) => rows.saturating_sub(int(groups.first().and_then(|r| r.first()))?),
            None => 0,
        };
        Ok(Screened { rows, counts, repeated_keys, distinct, values, keys_unchecked: false })
    }
}
