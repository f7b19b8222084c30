//! Data validation (`gds validate`): every source against the catalogue's dataset declaration.
//!
//! Checks: readable file and encoding; required columns; unknown codes (with counts and the
//! first rows); values that do not parse; impossible values (negative counts, ages outside
//! 0–120 or the declared range, weights ≤ 0); duplicates of declared keys; missing values per
//! column; areas missing from the area list or not valid in the period; for aggregate tables,
//! female + male ≤ total and parts summing to their parent area.

use crate::error::{ComputeError, Located};
use crate::mapping::{Mapped, map_source};
use crate::project::{Project, Source};
use crate::read::{RawScan, RowKind, scan_raw};
use gds_indicators::{Catalogue, ColumnType, Dataset};
use polars::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data are wrong: results would be wrong or incomplete.
    Error,
    /// Worth a look (e.g. missing values in an optional column).
    Warning,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Severity.
    pub severity: Severity,
    /// Short class (`unknown-code`, `range`, `duplicate-key`, ...).
    pub class: String,
    /// Dataset id.
    pub dataset: String,
    /// File as written in gds.toml.
    pub file: String,
    /// First rows (file lines for CSV, sheet rows for xlsx, record numbers otherwise).
    pub rows: Vec<usize>,
    /// How rows are numbered: `line`, `row` or `record`.
    pub row_kind: String,
    /// Number of rows affected.
    pub count: u64,
    /// Column.
    pub column: Option<String>,
    /// Offending value.
    pub value: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

impl Finding {
    /// The finding without its severity: file, row, column, message, the other rows and the
    /// hint (a report states the severity itself, in its own language).
    pub fn text(&self) -> String {
        use std::fmt::Write as _;
        let mut f = self.file.clone();
        if let Some(r) = self.rows.first() {
            let _ = write!(f, ":{r}");
        }
        if let Some(c) = &self.column {
            let _ = write!(f, ": column {c:?}");
        }
        let _ = write!(f, ": {}", self.message);
        if self.count > 1 && !self.rows.is_empty() {
            let more: Vec<String> = self.rows.iter().skip(1).map(|r| r.to_string()).collect();
            let _ = write!(f, " ({} rows", self.count);
            if !more.is_empty() {
                let _ = write!(f, "; also {} {}", self.row_kind, more.join(", "));
            }
            f.push(')');
        }
        if let Some(h) = &self.hint {
            let _ = write!(f, " — hint: {h}");
        }
        f
    }
}

impl Finding {
    /// [`Finding::text`] in `lang`: in Vietnamese, the message and hint from the catalogue
    /// (`sources/messages.rs`; one it does not know stays as written), and the framing words.
    pub fn text_in(&self, lang: gds_core::Lang) -> String {
        use std::fmt::Write as _;
        if lang == gds_core::Lang::En {
            return self.text();
        }
        let mut f = self.file.clone();
        if let Some(r) = self.rows.first() {
            let _ = write!(f, ":{r}");
        }
        if let Some(c) = &self.column {
            let _ = write!(f, ": cột {c:?}");
        }
        let message = crate::messages::message_vi(&self.message).unwrap_or_else(|| self.message.clone());
        let _ = write!(f, ": {message}");
        if self.count > 1 && !self.rows.is_empty() {
            let more: Vec<String> = self.rows.iter().skip(1).map(|r| r.to_string()).collect();
            let _ = write!(f, " ({} dòng", self.count);
            if !more.is_empty() {
                let kind = match self.row_kind.as_str() {
                    "record" => "bản ghi",
                    _ => "dòng",
                };
                let _ = write!(f, "; và {kind} {}", more.join(", "));
            }
            f.push(')');
        }
        if let Some(h) = &self.hint {
            let h = crate::messages::hint_vi(h).unwrap_or_else(|| h.clone());
            let _ = write!(f, " — gợi ý: {h}");
        }
        f
    }

    /// The finding as a line of `gds validate` in `lang` (`lỗi: …`, `error: …`).
    pub fn line_in(&self, lang: gds_core::Lang) -> String {
        match lang {
            gds_core::Lang::En => self.to_string(),
            gds_core::Lang::Vi => {
                let sev = match self.severity {
                    Severity::Error => "lỗi",
                    Severity::Warning => "cảnh báo",
                };
                format!("{sev}: {}", self.text_in(lang))
            }
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: {}", self.text())
    }
}

/// All findings of a project.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Sources checked: (dataset, file, rows).
    pub sources: Vec<(String, String, u64)>,
    /// Findings, in source order.
    pub findings: Vec<Finding>,
    /// Rows of tables read through a layout that are not data (titles, header rows, totals,
    /// footers): (file, row).
    pub skipped: Vec<(String, crate::layout::Skipped)>,
    /// Cells a layout derived (`derive`: male = total − female), for marking the results
    /// that include them.
    pub derived: Vec<DerivedCell>,
}

/// A cell of a table derived from the others (`derive = { sex = "M" }`): where it is, so the
/// results it enters can say so.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DerivedCell {
    /// The source file.
    pub file: String,
    /// The dataset of the source.
    pub dataset: String,
    /// Line or sheet row of the total it was derived from.
    pub line: usize,
    /// The derived column (`sex`).
    pub column: String,
    /// The code derived (`M`).
    pub code: String,
    /// Its area code, when known (the area column of the row, or the source's `area`).
    pub area: Option<String>,
    /// Its period, when known (the period column of the row, or the source's `period`).
    pub period: Option<String>,
}

impl Report {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

struct Ctx<'a> {
    src: &'a Source,
    ds: &'a Dataset,
    offset: usize,
    kind: RowKind,
    /// Per row, its line, for tables read through a layout.
    lines: Option<std::sync::Arc<Vec<usize>>>,
}

impl Ctx<'_> {
    fn rows(&self, rows: &[u32]) -> Vec<usize> {
        match &self.lines {
            Some(l) => rows.iter().map(|r| l.get(*r as usize).copied().unwrap_or(0)).collect(),
            None => rows.iter().map(|r| *r as usize + self.offset).collect(),
        }
    }

    fn kind(&self) -> &'static str {
        match self.kind {
            RowKind::Line => "line",
            RowKind::SheetRow => "row",
            RowKind::Record => "record",
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn finding(
        &self,
        severity: Severity,
        class: &str,
        rows: &[u32],
        count: u64,
        column: Option<&str>,
        value: Option<String>,
        message: String,
        hint: Option<String>,
    ) -> Finding {
        Finding {
            severity,
            class: class.into(),
            dataset: self.ds.id.clone(),
            file: self.src.display.clone(),
            rows: self.rows(rows),
            row_kind: self.kind().into(),
            count,
            column: column.map(String::from),
            value,
            message,
            hint,
        }
    }
}

fn from_error(src: &Source, e: ComputeError, out: &mut Vec<Finding>) {
    match e {
        ComputeError::Many(v) => v.into_iter().for_each(|e| from_error(src, e, out)),
        ComputeError::Data(l) | ComputeError::Project(l) => out.push(located(src, l)),
        other => out.push(Finding {
            severity: Severity::Error,
            class: "read".into(),
            dataset: src.def.dataset.clone(),
            file: src.display.clone(),
            rows: vec![],
            row_kind: "line".into(),
            count: 1,
            column: None,
            value: None,
            message: other.to_string().trim_start_matches("error: ").to_string(),
            hint: Some("check that the file is a valid table in the declared format".into()),
        }),
    }
}

fn located(src: &Source, l: Located) -> Finding {
    Finding {
        severity: Severity::Error,
        class: "read".into(),
        dataset: src.def.dataset.clone(),
        file: l.file,
        rows: if l.line > 0 { vec![l.line] } else { vec![] },
        row_kind: "line".into(),
        count: 1,
        column: l.column,
        value: l.value,
        message: l.message,
        hint: l.hint,
    }
}

const SAMPLE_ROWS: usize = 3;

fn rows_of(c: &Column) -> Vec<u32> {
    let Ok(l) = c.list() else { return vec![] };
    (0..l.len())
        .filter_map(|i| l.get_as_series(i))
        .flat_map(|s| {
            s.cast(&DataType::UInt32)
                .ok()
                .map(|s| s.u32().map(|x| x.iter().flatten().collect::<Vec<_>>()).unwrap_or_default())
                .unwrap_or_default()
        })
        .collect()
}

/// The first value of column `name` as a count (0 when absent or empty).
fn first_u64(df: &DataFrame, name: &str) -> u64 {
    df.column(name)
        .ok()
        .and_then(|c| c.cast(&DataType::UInt64).ok())
        .and_then(|c| c.u64().ok().and_then(|x| x.get(0)))
        .unwrap_or(0)
}

fn collect(lf: LazyFrame, what: &str) -> Result<DataFrame, ComputeError> {
    let t = std::time::Instant::now();
    let r = lf
        .collect_with_engine(Engine::Streaming)
        .map(|r| r.unwrap_single())
        .map_err(ComputeError::polars(what.to_string()));
    // `GDS_PROFILE=1`: the time of every validation query, on stderr.
    if std::env::var_os("GDS_PROFILE").is_some() {
        eprintln!("{:>8.3} s  {what}", t.elapsed().as_secs_f64());
    }
    r
}

/// How many rows matched, the first row numbers, and the first raw value.
type Matches = (u64, Vec<u32>, Option<String>);

/// Rows of `lf` where `cond` holds: how many, the first row numbers, and the first raw value
/// of column `raw` (as written in the file). `None` when no row matches.
fn matching_rows(lf: &LazyFrame, cond: Expr, raw: &str, what: &str) -> Result<Option<Matches>, ComputeError> {
    let df = collect(
        lf.clone().filter(cond).select([
            len().alias("count"),
            col("__row").sort(SortOptions::default()).head(Some(SAMPLE_ROWS)).implode(false).alias("rows"),
            col(raw).first().alias("first"),
        ]),
        what,
    )?;
    let count = first_u64(&df, "count");
    if count == 0 {
        return Ok(None);
    }
    let first = df.column("first").ok().and_then(|c| c.str().ok().and_then(|x| x.get(0).map(String::from)));
    let rows = rows_of(df.column("rows").map_err(ComputeError::polars(what.to_string()))?);
    Ok(Some((count, rows, first)))
}

/// Validate every source of the project.
pub fn validate(project: &Project, cat: &Catalogue, progress: &mut dyn FnMut(&str)) -> Report {
    validate_screened(project, cat, progress, &BTreeMap::new())
}

/// Validate every source of the project, taking the screening counts of the sources in
/// `screened` (by their index in the project, from the reads that built their cubes) instead
/// of screening them again. The checks and findings are those of [`validate`].
pub fn validate_screened(
    project: &Project,
    cat: &Catalogue,
    progress: &mut dyn FnMut(&str),
    screened: &BTreeMap<usize, crate::sources::screen::Screened>,
) -> Report {
    let mut report = Report::default();
    let mut failed: std::collections::BTreeSet<String> = Default::default();
    // Tables of published estimates are checked as sources of their dataset (codes, areas,
    // keys) and for their numbers; they are never read as records or counts.
    for src in &project.estimates {
        progress(&format!("checking {}", src.display));
        let Some(ds) = cat.datasets.get(&src.def.dataset) else { continue };
        if let Err(e) = validate_source(project, cat, src, ds, &mut report, None) {
            from_error(src, e, &mut report.findings);
        }
    }
    for (i, src) in project.sources.iter().enumerate() {
        progress(&format!("checking {}", src.display));
        let Some(ds) = cat.datasets.get(&src.def.dataset) else { continue };
        let before = report.findings.len();
        match validate_source(project, cat, src, ds, &mut report, screened.get(&i)) {
            Ok(()) => {}
            Err(e) => from_error(src, e, &mut report.findings),
        }
        if report.findings[before..].iter().any(|f| f.severity == Severity::Error) {
            failed.insert(ds.id.clone());
        }
    }
    // Nothing counted twice: the sources of one dataset must not share a key.
    for ds in cat.datasets.values() {
        if failed.contains(&ds.id) || project.sources_of(&ds.id).nth(1).is_none() {
            continue;
        }
        // The rows of a relation stay in its engine: gds cannot compare them with a file's.
        if project.sources_of(&ds.id).any(|s| s.format == crate::project::Format::Relation) {
            continue;
        }
        progress(&format!("checking that the sources of {} do not overlap", ds.id));
        if let Err(e) = check_overlap(project, cat, ds, &mut report.findings) {
            let src = project.sources_of(&ds.id).next().expect("two sources");
            from_error(src, e, &mut report.findings);
        }
    }
    report
}

/// Two sources of one dataset holding the same key (the same person, the same table cell):
/// a workbook and its CSV twin, or one export listed twice. Appends must be disjoint.
fn check_overlap(
    project: &Project,
    cat: &Catalogue,
    ds: &Dataset,
    out: &mut Vec<Finding>,
) -> Result<(), ComputeError> {
    let mut keys: Vec<String> = ds.keys.iter().filter(|k| ds.column(k).is_some()).cloned().collect();
    if let Some(a) = ds.area_column()
        && !keys.iter().any(|k| k == a)
    {
        keys.push(a.to_string());
    }
    if keys.is_empty() {
        return Ok(());
    }
    let sources: Vec<&Source> = project.sources_of(&ds.id).collect();
    let mut frames = Vec::new();
    let mut offsets = Vec::new();
    // Converted copies must outlive the lazy frames that read them.
    let mut temps = Vec::new();
    for (i, src) in sources.iter().enumerate() {
        let scan = scan_raw(src)?;
        let offset = if scan.kind == RowKind::Record { 1 } else { scan.line_offset };
        offsets.push((offset, scan.kind, scan.lines.clone()));
        let raw = scan.frame.with_row_index("__row", None);
        let mut exprs: Vec<Expr> = vec![col("__row"), lit(i as u32).alias("__src")];
        let schema = raw
            .clone()
            .collect_schema()
            .map_err(ComputeError::polars(format!("reading the columns of {}", src.display)))?;
        let file_columns: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
        let resolved = crate::mapping::resolve_columns(src, ds, &file_columns);
        for k in &keys {
            let Some(c) = ds.column(k) else { continue };
            let sc = resolved.get(k).cloned().flatten();
            let dtype = sc.as_deref().and_then(|s| schema.get(s));
            exprs.push(crate::mapping::column_expr(src, cat, c, sc.as_deref(), dtype).cast(DataType::String));
        }
        frames.push(raw.select(exprs));
        temps.push(scan._temp);
    }
    let all = concat(frames, UnionArgs::default()).map_err(ComputeError::polars("combining sources"))?;
    let not_null = keys.iter().fold(lit(true), |acc, k| acc.and(col(k.as_str()).is_not_null()));
    let df = collect(
        all.filter(not_null)
            .group_by(keys.iter().map(|k| col(k.as_str())).collect::<Vec<_>>())
            .agg([
                col("__src").n_unique().alias("sources"),
                col("__src").min().alias("a"),
                col("__src").max().alias("b"),
                col("__row").first().alias("row"),
                len().alias("rows"),
            ])
            .filter(col("sources").gt(lit(1)))
            .sort(["a", "row"], SortMultipleOptions::default()),
        "checking that sources do not overlap",
    )?;
    if df.height() == 0 {
        return Ok(());
    }
    let get_u = |name: &str| first_u64(&df, name);
    let (a, b, row) = (get_u("a") as usize, get_u("b") as usize, get_u("row") as usize);
    let key_value: Vec<String> = keys
        .iter()
        .map(|k| {
            df.column(k)
                .ok()
                .and_then(|c| c.get(0).ok().map(|v| v.str_value().to_string()))
                .unwrap_or_default()
        })
        .collect();
    let (sa, sb) = (sources[a.min(sources.len() - 1)], sources[b.min(sources.len() - 1)]);
    let (offset, kind, lines) = offsets[a.min(offsets.len() - 1)].clone();
    let line = lines.as_ref().map_or(row + offset, |l| l.get(row).copied().unwrap_or(0));
    out.push(Finding {
        severity: Severity::Error,
        class: "overlapping-sources".into(),
        dataset: ds.id.clone(),
        file: sa.display.clone(),
        rows: vec![line],
        row_kind: match kind {
            RowKind::Line => "line",
            RowKind::SheetRow => "row",
            RowKind::Record => "record",
        }
        .into(),
        count: df.height() as u64,
        column: Some(keys.join(", ")),
        value: Some(key_value.join(", ")),
        message: format!(
            "{} and {} hold the same records ({} keys in both, first: {}); they would be counted twice",
            sa.display,
            sb.display,
            df.height(),
            key_value.iter().map(|k| format!("{k:?}")).collect::<Vec<_>>().join(", ")
        ),
        hint: Some(
            "keep one of the two files in gds.toml (a workbook and its CSV copy are the same data)".into(),
        ),
    });
    Ok(())
}

/// The weight (microdata) or count (aggregate) column of a source's dataset.
fn weight_of(src: &Source, ds: &Dataset) -> Option<String> {
    if src.aggregate { ds.count.clone() } else { ds.weight.clone() }
}

/// The range a number column must keep: as declared, 0–120 for ages, ≥ 0 for counts and
/// > 0 for survey weights.
fn range_of(src: &Source, ds: &Dataset, c: &gds_indicators::Column) -> Option<(f64, f64)> {
    if !matches!(c.kind, ColumnType::Integer | ColumnType::Number) {
        return None;
    }
    match (c.range, c.name.contains("age") && matches!(c.kind, ColumnType::Integer)) {
        (Some([lo, hi]), _) => Some((lo, hi)),
        (None, true) => Some((0.0, 120.0)),
        _ if Some(&c.name) == weight_of(src, ds).as_ref() => {
            Some((if src.aggregate { 0.0 } else { f64::MIN_POSITIVE }, f64::INFINITY))
        }
        _ => None,
    }
}

/// The declared columns the file holds.
fn present_columns<'a>(
    ds: &'a Dataset,
    resolved: &BTreeMap<String, Option<String>>,
) -> Vec<&'a gds_indicators::Column> {
    ds.columns.iter().filter(|c| resolved.get(&c.name).is_some_and(Option::is_some)).collect()
}

/// The dataset's keys, and whether duplicates can be checked: every key column is in the
/// file (or the period is a constant of gds.toml).
fn keys_of<'a>(
    src: &Source,
    ds: &'a Dataset,
    present: &[&'a gds_indicators::Column],
    grouped: bool,
) -> (Vec<&'a String>, bool) {
    if grouped {
        // A table by groups (age group) is keyed by its groups too: checked by check_groups.
        return (Vec::new(), false);
    }
    if src.units.is_some() || src.estimates {
        // A count table: its cells are keyed by every dimension it holds (one cell twice
        // would be counted twice); a table of estimates likewise (one result twice).
        let mut keys: Vec<&String> = present.iter().map(|c| &c.name).collect();
        if let Some(p) = ds.columns.iter().find(|c| c.kind == ColumnType::Period)
            && src.def.period.is_some()
            && !keys.contains(&&p.name)
        {
            keys.push(&p.name);
        }
        let any = !keys.is_empty();
        return (keys, any);
    }
    let keys: Vec<&String> = ds.keys.iter().filter(|k| ds.column(k).is_some()).collect();
    let check_keys = !keys.is_empty()
        && keys.iter().all(|k| {
            present.iter().any(|p| &&p.name == k)
                || ds.column(k).is_some_and(|c| c.kind == ColumnType::Period && src.def.period.is_some())
        });
    (keys, check_keys)
}

/// The per-value checks of a source, for the screening pass (over the file's own columns:
/// `resolved` maps declared names to them, `file_schema` says how the file holds them). The
/// cube engine screens with these in its own read when it computes.
pub fn screen_checks(
    src: &Source,
    cat: &Catalogue,
    ds: &Dataset,
    resolved: &BTreeMap<String, Option<String>>,
    file_schema: &Schema,
) -> Vec<crate::sources::screen::Check> {
    let present = present_columns(ds, resolved);
    let weight = weight_of(src, ds);
    let file_columns: Vec<String> = file_schema.iter_names().map(|n| n.to_string()).collect();
    let grouped = !crate::mapping::group_columns(src, ds, &file_columns, resolved).is_empty();
    let (keys, check_keys) = keys_of(src, ds, &present, grouped);
    let mut checks = Vec::new();
    for c in &present {
        let Some(sc) = resolved.get(&c.name).cloned().flatten() else { continue };
        let dtype = file_schema.get(&sc);
        let numeric_source = dtype.is_some_and(|d| d.is_primitive_numeric());
        let held = crate::engine::predicate::Held::of(c.kind);
        let (raw, file_column) = match (held, dtype) {
            (crate::engine::predicate::Held::Booleans, Some(d)) if d.is_primitive_numeric() => {
                (col(sc.as_str()).neq(lit(0)), Some(sc.clone()))
            }
            (crate::engine::predicate::Held::Codes, _)
                if numeric_source && src.def.pad.contains_key(&c.name) =>
            {
                (col(sc.as_str()).cast(DataType::Int64), None)
            }
            _ => (col(sc.as_str()), Some(sc.clone())),
        };
        checks.push(crate::sources::screen::Check {
            name: c.name.clone(),
            kind: c.kind,
            held,
            pad: src.def.pad.get(&c.name).copied(),
            explicit: src.def.codes.get(&c.name).cloned(),
            aliases: c.codelist.as_deref().map(|cl| crate::mapping::alias_table(cat, cl)).unwrap_or_default(),
            total: !src.aggregate && c.kind == ColumnType::Code,
            nan: c.kind == ColumnType::Number,
            range: range_of(src, ds, c)
                .map(|(lo, hi)| (lo, hi, Some(&c.name) == weight.as_ref() && !src.aggregate)),
            key: check_keys && keys.contains(&&c.name),
            raw,
            file_column,
            number: (held == crate::engine::predicate::Held::Numbers)
                .then(|| crate::mapping::column_expr(src, cat, c, Some(sc.as_str()), dtype)),
            // Typed numbers and booleans need no text; codes stored as numbers are mapped as
            // their text (and reported as code-as-number above).
            text_source: !(dtype.is_some_and(|d| d.is_primitive_numeric() || d == &DataType::Boolean)
                && held != crate::engine::predicate::Held::Codes),
            nulls_from_number: dtype.is_some_and(|d| d.is_integer())
                || (c.kind == ColumnType::Number && dtype.is_some_and(|d| d.is_primitive_numeric())),
            distinct: c.kind == ColumnType::Area && ds.area_column() == Some(c.name.as_str()),
        });
    }
    checks
}

/// A table of published estimates: its estimate, standard error and n columns are in the
/// file and hold numbers (a standard error or an n below 0, or an n that is not whole, is an
/// error; an empty estimate is a result without data).
fn check_estimates(
    ctx: &Ctx,
    cat: &Catalogue,
    raw: &LazyFrame,
    file_schema: &Schema,
    out: &mut Vec<Finding>,
) -> Result<(), ComputeError> {
    let src = ctx.src;
    let cols = [("estimate", &src.def.estimate), ("se", &src.def.se), ("n", &src.def.n)];
    for (key, c) in cols {
        let Some(c) = c else { continue };
        if file_schema.get(c).is_none() {
            let names: Vec<&str> = file_schema.iter_names().map(|n| n.as_str()).collect();
            from_error(
                src,
                src.key_error(
                    key,
                    format!("{key} = {c:?} is not a column of the file"),
                    crate::hint(c, names.iter().copied())
                        .or_else(|| Some(format!("the file has: {}", names.join(", ")))),
                ),
                out,
            );
            continue;
        }
        // Numbers parsed the way the source writes them; an empty cell is a result without data.
        let x = crate::mapping::units_expr(src, cat, c, file_schema);
        let cells = raw.clone().select([
            col("__row"),
            x.alias("__x"),
            col(c.as_str()).cast(DataType::String).alias("__raw"),
        ]);
        let (x, written) = (col("__x"), col("__raw").str().strip_chars(lit(NULL)).neq(lit("")));
        let no_number = x.clone().is_null().or(x.clone().is_finite().not());
        let bad = match key {
            "se" => no_number.or(x.lt(lit(0.0))),
            "n" => no_number.or(x.clone().lt(lit(0.0))).or(x.clone().neq(x.floor())),
            _ => no_number,
        };
        if let Some((count, rows, v)) =
            matching_rows(&cells, written.and(bad), "__raw", "checking estimates")?
        {
            let v = v.unwrap_or_default();
            let what = match key {
                "se" => "a standard error (a number, 0 or more)",
                "n" => "a number of observations (a whole number, 0 or more)",
                _ => "an estimate (a number)",
            };
            out.push(ctx.finding(
                Severity::Error,
                "not-an-estimate",
                &rows,
                count,
                Some(c),
                Some(v.clone()),
                format!("{v:?} is not {what}"),
                Some("correct the cell, or declare the file's separators (thousands, decimal) or missing-value tokens".into()),
            ));
        }
    }
    Ok(())
}

/// A table that gives groups (age groups) instead of a column (age): every group must be a
/// code of its list with a range, and no cell (its codes and groups) may appear twice.
#[allow(clippy::too_many_arguments)]
fn check_groups(
    ctx: &Ctx,
    cat: &Catalogue,
    raw: &LazyFrame,
    resolved: &BTreeMap<String, Option<String>>,
    present: &[&gds_indicators::Column],
    groups: &[(&gds_indicators::Derived, String)],
    out: &mut Vec<Finding>,
) -> Result<(), ComputeError> {
    let src = ctx.src;
    // A cell is keyed by every dimension it holds, as mapped ("Nữ" and "nữ" are one code):
    // every declared column of the file but the count.
    let schema = raw.clone().collect_schema().map_err(ComputeError::polars("checking groups"))?;
    let mut key_cols: Vec<Expr> = present
        .iter()
        .filter(|c| Some(&c.name) != ctx.ds.count.as_ref())
        .filter_map(|c| {
            let sc = resolved.get(&c.name).cloned().flatten()?;
            let dtype = schema.get(&sc);
            Some(crate::mapping::column_expr(src, cat, c, Some(sc.as_str()), dtype).cast(DataType::String))
        })
        .collect();
    for (d, fc) in groups {
        let names: Vec<String> =
            crate::mapping::group_ranges(cat, d).into_iter().map(|(c, _, _)| c).collect();
        let cells = raw.clone().select([
            col("__row"),
            col(fc.as_str()).cast(DataType::String).alias("__raw"),
            crate::mapping::group_code_expr(src, cat, d, fc).alias("__code"),
        ]);
        // A written text that is no group of the partition (unknown, or a subtotal).
        let groups = lit(Series::new("groups".into(), names.clone())).implode(false);
        let bad = col("__raw")
            .str()
            .strip_chars(lit(NULL))
            .neq(lit(""))
            .and(col("__code").is_null().or(col("__code").is_in(groups, false).not()));
        if let Some((count, rows, v)) = matching_rows(&cells, bad, "__raw", "checking groups")? {
            let v = v.unwrap_or_default();
            out.push(
                ctx.finding(
                    Severity::Error,
                    "unknown-group",
                    &rows,
                    count,
                    Some(fc),
                    Some(v.clone()),
                    format!(
                        "{v:?} is no group of the code list {:?}, scheme {:?} ({} stands for {}; subtotals such as 15–49 are not rows of it)",
                        d.codelist, d.scheme, fc, d.name
                    ),
                    crate::hint(&v, names.iter().map(String::as_str))
                        .or_else(|| Some(format!("use the groups of {}: {}", d.codelist, names.join(", ")))),
                ),
            );
        }
        key_cols.push(crate::mapping::group_code_expr(src, cat, d, fc));
    }
    // One cell twice would be counted twice.
    let n = key_cols.len();
    let names: Vec<String> = (0..n).map(|i| format!("__k{i}")).collect();
    let keyed: Vec<Expr> = key_cols.into_iter().zip(&names).map(|(e, n)| e.alias(n.as_str())).collect();
    let dup = collect(
        raw.clone()
            .select(keyed.into_iter().chain([col("__row")]).collect::<Vec<_>>())
            .group_by(names.iter().map(|n| col(n.as_str())).collect::<Vec<_>>())
            .agg([len().alias("count"), col("__row").min().alias("first"), col("__row").max().alias("last")])
            .filter(col("count").gt(lit(1)))
            .sort(["first"], SortMultipleOptions::default()),
        "checking duplicated cells",
    )?;
    if dup.height() > 0 {
        let at = |c: &str| {
            dup.column(c)
                .ok()
                .and_then(|c| c.cast(&DataType::UInt32).ok())
                .and_then(|c| c.u32().ok().and_then(|x| x.get(0)))
                .unwrap_or(0)
        };
        out.push(ctx.finding(
            Severity::Error,
            "duplicate",
            &[at("first"), at("last")],
            dup.height() as u64,
            None,
            None,
            format!("{} cell(s) of the table appear more than once (the same codes and group)", dup.height()),
            Some("each cell must be one row; remove the repeated rows".into()),
        ));
    }
    Ok(())
}

/// Each total row against the rows it totals: those with the same texts in the columns the
/// total row fills (a total of women is the sum of the rows of women).
fn check_totals(
    ctx: &Ctx,
    df: &DataFrame,
    totals: &[crate::layout::TotalRow],
    value: &str,
    out: &mut Vec<Finding>,
) {
    let (src, ds) = (ctx.src, ctx.ds);
    let number = |t: &str| crate::layout::number(src, t);
    let text = |name: &str, r: usize| -> Option<String> {
        df.column(name).ok()?.str().ok()?.get(r).map(str::to_string)
    };
    for t in totals {
        let Some(total) =
            t.cells.iter().find(|(n, _)| n == value).and_then(|(_, v)| v.as_deref()).and_then(number)
        else {
            continue;
        };
        let keys: Vec<(&str, &str)> =
            t.keys.iter().filter(|(n, _)| n != value).map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let mut sum = 0.0;
        let mut complete = true;
        for r in 0..df.height() {
            if keys.iter().all(|(n, v)| text(n, r).as_deref() == Some(*v)) {
                match text(value, r).as_deref().and_then(number) {
                    Some(x) => sum += x,
                    None => complete = false,
                }
            }
        }
        if complete && (sum - total).abs() > 1e-9 * total.abs().max(1.0) {
            let what = if keys.is_empty() {
                String::new()
            } else {
                format!(
                    " ({})",
                    keys.iter().map(|(n, v)| format!("{n} = {v}")).collect::<Vec<_>>().join(", ")
                )
            };
            out.push(Finding {
                severity: Severity::Error,
                class: "total-row".into(),
                dataset: ds.id.clone(),
                file: src.display.clone(),
                rows: vec![t.line],
                row_kind: ctx.kind().into(),
                count: 1,
                column: Some(value.to_string()),
                value: Some(format!("{total}")),
                message: format!(
                    "the total row {:?}{what} says {total}, but the rows it totals sum to {sum}: a row is missing, counted twice or wrong",
                    t.label
                ),
                hint: Some("correct the rows or the total; a total row is a check, never added in".into()),
            });
        }
    }
}

fn validate_source(
    project: &Project,
    cat: &Catalogue,
    src: &Source,
    ds: &Dataset,
    report: &mut Report,
    pre: Option<&crate::sources::screen::Screened>,
) -> Result<(), ComputeError> {
    if src.format == crate::project::Format::Relation {
        return check_relation(project, cat, src, ds, report, pre);
    }
    // A file modified after this moment may not be the bytes its stored screening was hashed from.
    let read_started = std::time::SystemTime::now();
    // A returned form is this cycle's form of this unit, or none of its numbers is read.
    if let Some(form) = &src.def.form {
        crate::forms::check_identity(src, form)?;
    }
    // A text file read through a layout is read as a table of cells (rows of any length).
    if src.format == crate::project::Format::Csv && !src.has_layout() {
        crate::read::check_csv_structure(src)?;
    }
    let RawScan { frame, line_offset, kind, _temp, numeric_cells, lines, skipped, totals, derived } =
        scan_raw(src)?;
    let raw = frame.clone().with_row_index("__row", None);
    let Mapped { frame: _, resolved, file_schema } = map_source(src, cat, ds, frame.clone())?;
    // A form's titles and signature lines are gds's own layout, not the office's to review.
    if src.def.form.is_none() {
        report.skipped.extend(skipped.into_iter().map(|s| (src.display.clone(), s)));
    }
    // Where each derived cell is: its area and period, from the row or the source's constants.
    let cell_of = |d: &crate::layout::DerivedRow, column: Option<&str>| -> Option<String> {
        let sc = resolved.get(column?)?.as_deref()?;
        let text = d.cells.get(sc)?.trim();
        Some(match src.def.pad.get(column?) {
            Some(w) => format!("{text:0>w$}"),
            None => text.to_string(),
        })
    };
    for d in &derived {
        report.derived.push(DerivedCell {
            file: src.display.clone(),
            dataset: ds.id.clone(),
            line: d.line,
            column: d.column.clone(),
            code: d.code.clone(),
            area: cell_of(d, ds.area_column()).or_else(|| src.def.area.clone()),
            period: cell_of(d, ds.period_column()).or_else(|| src.def.period.map(|p| p.to_string())),
        });
    }
    let ctx = Ctx { src, ds, offset: if kind == RowKind::Record { 1 } else { line_offset }, kind, lines };
    if !totals.is_empty() {
        // The column the total rows total: a wide table's cells, else the count.
        let value = src
            .wide_value
            .clone()
            .or_else(|| src.units.clone())
            .or_else(|| ds.count.as_ref().and_then(|c| resolved.get(c).cloned().flatten()));
        if let Some(value) = value {
            let df = collect(frame.clone(), "checking total rows")?;
            check_totals(&ctx, &df, &totals, &value, &mut report.findings);
        }
    }
    let out = &mut report.findings;
    // Codes are text: a number where a code is declared lost its leading zeros somewhere.
    for c in ds.columns.iter().filter(|c| matches!(c.kind, ColumnType::Code | ColumnType::Area)) {
        let Some(sc) = resolved.get(&c.name).cloned().flatten() else { continue };
        if src.def.pad.contains_key(&c.name) {
            continue;
        }
        let pad_hint = if c.kind == ColumnType::Area {
            format!(
                "official codes are text with their leading zeros: format the column as Text and type the codes again, or add pad = {{ {} = <width> }} to this source in gds.toml to zero-pad the numbers",
                c.name
            )
        } else {
            format!(
                "numeric codes are never guessed: add codes = {{ {} = {{ \"1\" = \"<code>\", ... }} }} to this source in gds.toml (and pad = {{ {} = <width> }} if the codes had leading zeros)",
                c.name, c.name
            )
        };
        if let Some(cells) = numeric_cells.get(&sc) {
            let (row, cell, value) = &cells[0];
            out.push(Finding {
                severity: Severity::Error,
                class: "code-as-number".into(),
                dataset: ds.id.clone(),
                file: src.display.clone(),
                rows: cells.iter().take(SAMPLE_ROWS).map(|c| c.0).collect(),
                row_kind: "row".into(),
                count: cells.len() as u64,
                column: Some(c.name.clone()),
                value: Some(value.clone()),
                                message: format!(
                    "cell {cell} (row {row}) holds the number {value:?} where a code of {:?} (text) is expected",
                    c.name
                ),
                hint: Some(pad_hint.clone()),
            });
        } else if file_schema.get(&sc).is_some_and(|d| d.is_primitive_numeric()) {
            let dtype = file_schema.get(&sc).map(|d| d.to_string()).unwrap_or_default();
            out.push(ctx.finding(
                Severity::Error,
                "code-as-number",
                &[],
                0,
                Some(&c.name),
                None,
                format!(
                    "column {sc:?} is stored as numbers ({dtype}) where codes of {:?} (text) are expected",
                    c.name
                ),
                Some(pad_hint),
            ));
        }
    }
    // One frame with the row number, each declared column mapped, and its raw text.
    let mut exprs = vec![col("__row")];
    let mut present = Vec::new();
    for c in &ds.columns {
        let sc = resolved.get(&c.name).cloned().flatten();
        let dtype = sc.as_deref().and_then(|s| file_schema.get(s));
        exprs.push(crate::mapping::column_expr(src, cat, c, sc.as_deref(), dtype));
        if let Some(s) = &sc {
            exprs.push(
                col(s.as_str())
                    .cast(DataType::String)
                    .str()
                    .strip_chars(lit(NULL))
                    .alias(format!("__raw_{}", c.name)),
            );
            present.push(c);
        }
    }
    // A count table's count of units (a column of the file, no declared one).
    if let Some(file) = &src.units
        && file_schema.get(file).is_some()
    {
        exprs.push(crate::mapping::units_expr(src, cat, file, &file_schema).alias(UNITS));
    }
    let lf = raw.clone().select(exprs);
    // Every per-value check is counted by the screening pass below; the queries over this
    // frame run only for checks that found something, so it stays lazy (never in memory).
    // Screening: one pass counts what every per-value check below would find; a check runs
    // its own query (rows, first values) only when its count is not zero. Clean data cost
    // one pass, not one per check.
    let weight = weight_of(src, ds);
    let range_of = |c: &gds_indicators::Column| range_of(src, ds, c);
    let range_cond = |c: &gds_indicators::Column, lo: f64, hi: f64| -> Expr {
        let x = col(c.name.as_str()).cast(DataType::Float64);
        // Not-finite values are reported once, by their own check.
        let mut cond = x.clone().lt(lit(lo)).or(x.clone().gt(lit(hi))).and(x.clone().is_finite());
        if Some(&c.name) == weight.as_ref() && !src.aggregate {
            cond = cond.or(x.lt_eq(lit(0.0)));
        }
        cond
    };
    let bad_cond = |c: &gds_indicators::Column| -> Expr {
        let raw_name = format!("__raw_{}", c.name);
        col(raw_name.as_str())
            .is_not_null()
            .and(col(raw_name.as_str()).neq(lit("")))
            .and(col(c.name.as_str()).is_null())
    };
    let file_columns: Vec<String> = file_schema.iter_names().map(|n| n.to_string()).collect();
    let groups = crate::mapping::group_columns(src, ds, &file_columns, &resolved);
    let (keys, check_keys) = keys_of(src, ds, &present, !groups.is_empty());
    if !groups.is_empty() {
        check_groups(&ctx, cat, &raw, &resolved, &present, &groups, out)?;
    }
    let checks = screen_checks(src, cat, ds, &resolved, &file_schema);
    let has_checks = !checks.is_empty();
    let screened = match pre {
        // Screened in the read that built the source's cube.
        Some(pre) if has_checks => pre.clone(),
        _ => {
            // A screening stored for these bytes and checks (see `screened_store`).
            let key = crate::sources::screened_store::key(src, ds, &checks);
            match key.as_ref().and_then(crate::sources::screened_store::load) {
                Some(stored) => stored,
                None => {
                    let screened = crate::sources::screen::screen_source(
                        src,
                        &file_schema,
                        frame,
                        checks,
                        "screening every value",
                    )?;
                    if let Some(key) = &key {
                        crate::sources::screened_store::store(key, &screened, read_started);
                    }
                    screened
                }
            }
        }
    };
    // The screening pass counted the rows; a file with no column to screen is counted here.
    let n_rows = if has_checks {
        screened.rows
    } else {
        first_u64(&collect(lf.clone().select([len().alias("n")]), "counting rows")?, "n")
    };
    report.sources.push((ds.id.clone(), src.display.clone(), n_rows));
    if n_rows == 0 {
        out.push(ctx.finding(
            Severity::Error,
            "no-rows",
            &[],
            0,
            None,
            None,
            "the file has no data rows (only a header, or nothing gds can read as rows)".into(),
            Some("check the file, its delimiter and header-row in gds.toml; an empty table is never a rate of 0".into()),
        ));
        return Ok(());
    }
    let found = |key: &str| -> u64 { screened.counts.get(key).copied().unwrap_or(0) };
    // The total code `_T` marks a table's total row; in records it is not a value.
    if !src.aggregate {
        for c in
            present.iter().filter(|c| c.kind == ColumnType::Code && found(&format!("total:{}", c.name)) > 0)
        {
            let cond = col(c.name.as_str()).eq(lit(gds_core::TOTAL_CODE));
            let raw = format!("__raw_{}", c.name);
            if let Some((count, r, v)) = matching_rows(&lf, cond, &raw, "checking total codes")? {
                out.push(ctx.finding(
                    Severity::Error,
                    "total-in-records",
                    &r,
                    count,
                    Some(&c.name),
                    v.clone(),
                    format!("{:?} means \"total\", which a record cannot be", v.unwrap_or_default()),
                    Some(format!("each record needs its own {}; totals belong in aggregate tables", c.name)),
                ));
            }
        }
    }
    // A count table's count of units: a whole number, 0 or more, in every row.
    if let Some(units) = &src.units
        && file_schema.get(units).is_some()
    {
        let x = crate::mapping::units_expr(src, cat, units, &file_schema);
        let counts = raw.clone().select([
            col("__row"),
            x.alias("__units"),
            col(units.as_str()).cast(DataType::String).alias("__units_raw"),
        ]);
        let u = col("__units");
        let cond = u.clone().is_null().or(u.clone().lt(lit(0.0))).or(u.clone().neq(u.floor()));
        if let Some((count, r, v)) = matching_rows(&counts, cond, "__units_raw", "checking counts")? {
            out.push(ctx.finding(
                Severity::Error,
                "not-a-count",
                &r,
                count,
                Some(units),
                v.clone(),
                format!(
                    "{:?} is not a count of units: each row of a count table stands for a whole number, 0 or more",
                    v.unwrap_or_default()
                ),
                Some("write the number of units in the row (0 if none); a table of weighted estimates is not a count table".into()),
            ));
        }
    }
    // Numbers that are not finite (NaN, inf) never enter a sum.
    for c in present.iter().filter(|c| c.kind == ColumnType::Number && found(&format!("nan:{}", c.name)) > 0)
    {
        let x = col(c.name.as_str());
        let raw = format!("__raw_{}", c.name);
        if let Some((count, r, v)) =
            matching_rows(&lf, x.clone().is_nan().or(x.is_infinite()), &raw, "checking numbers")?
        {
            out.push(ctx.finding(
                Severity::Error,
                "not-finite",
                &r,
                count,
                Some(&c.name),
                v.clone(),
                format!("{:?} is not a finite number", v.unwrap_or_default()),
                Some("leave the cell empty if the value is unknown".into()),
            ));
        }
    }

    // Unknown codes and values that do not parse.
    for c in present.iter().filter(|c| found(&format!("bad:{}", c.name)) > 0) {
        let raw_name = format!("__raw_{}", c.name);
        let bad = bad_cond(c);
        let df = collect(
            lf.clone()
                .filter(bad)
                .group_by([col(raw_name.as_str()).alias("value")])
                .agg([
                    len().alias("count"),
                    col("__row").sort(SortOptions::default()).head(Some(SAMPLE_ROWS)).alias("rows"),
                    col("__row").min().alias("first"),
                ])
                .sort(["first"], SortMultipleOptions::default())
                .limit(20),
            "checking codes",
        )?;
        let values = df
            .column("value")
            .map_err(ComputeError::polars("codes"))?
            .str()
            .map_err(ComputeError::polars("codes"))?
            .clone();
        let counts = df
            .column("count")
            .map_err(ComputeError::polars("codes"))?
            .cast(&DataType::UInt64)
            .map_err(ComputeError::polars("codes"))?;
        let counts = counts.u64().map_err(ComputeError::polars("codes"))?.clone();
        let rows = df.column("rows").map_err(ComputeError::polars("codes"))?;
        for i in 0..df.height() {
            let v = values.get(i).unwrap_or("").to_string();
            let count = counts.get(i).unwrap_or(0);
            let sample = rows.slice(i as i64, 1);
            let r = rows_of(&sample);
            let (class, message, hint) = match c.kind {
                ColumnType::Code => {
                    let cl = c.codelist.as_deref().and_then(|id| cat.codelists.get(id));
                    let mut spellings: Vec<String> = Vec::new();
                    if let Some(cl) = cl {
                        for code in &cl.codes {
                            spellings.push(code.code.clone());
                            spellings.extend(code.aliases.iter().cloned());
                            spellings.push(code.name.vi.clone());
                        }
                    }
                    let numeric = v.chars().all(|ch| ch.is_ascii_digit());
                    let hint = if numeric {
                        Some(format!(
                            "numeric codes are never guessed: add codes = {{ {} = {{ \"{v}\" = \"<code>\" }} }} to this source in gds.toml",
                            c.name
                        ))
                    } else {
                        crate::hint(&v, spellings.iter().map(String::as_str)).or_else(|| {
                            cl.map(|cl| {
                                format!(
                                    "codes of {:?}: {}",
                                    cl.id,
                                    cl.codes.iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(", ")
                                )
                            })
                        })
                    };
                    ("unknown-code", format!("unknown {} code {v:?}", c.name), hint)
                }
                ColumnType::Boolean => (
                    "unparsable",
                    format!("{v:?} is not a yes/no value"),
                    Some("use true/false, 1/0, có/không (đạt/chưa đạt)".into()),
                ),
                ColumnType::Period => (
                    "unparsable",
                    format!("{v:?} is not a period or a date"),
                    Some("write a year (2024), a six-month period (2024-H1), a quarter (2024-Q3) or a date that exists (2024-06-14 or 14/06/2024)".into()),
                ),
                ColumnType::Integer => (
                    "unparsable",
                    format!("{v:?} is not a whole number"),
                    Some(if v.contains(['.', ',', ' ']) {
                        "a whole number is expected here; if the file writes thousands with a separator (1.234), set thousands = \".\" for this source in gds.toml".into()
                    } else {
                        "write whole numbers without units".into()
                    }),
                ),
                _ if src.def.weight.is_some() && ds.weight.as_ref() == Some(&c.name) => (
                    "unparsable",
                    format!("{v:?} is not a number"),
                    Some(format!(
                        "{}:{} sets weight = {:?}: is that the column of survey weights?",
                        src.project_file,
                        src.key_lines.get("weight").copied().unwrap_or(0),
                        src.def.weight.as_deref().unwrap_or_default()
                    )),
                ),
                _ => (
                    "unparsable",
                    format!("{v:?} is not a number"),
                    Some(if v.contains(',') {
                        "if the file uses a decimal comma (1,5), set decimal = \",\" for this source in gds.toml".into()
                    } else {
                        "write numbers without units; set thousands = \".\" in gds.toml if the file uses a thousands separator".into()
                    }),
                ),
            };
            out.push(ctx.finding(Severity::Error, class, &r, count, Some(&c.name), Some(v), message, hint));
        }
    }

    // Impossible values: declared ranges, ages, counts, weights.
    // The declared weight or count column (gds.toml's `weight =` / `count =` map onto it).
    for c in &present {
        let Some((lo, hi)) = range_of(c) else { continue };
        if found(&format!("range:{}", c.name)) == 0 {
            continue;
        }
        let x = col(c.name.as_str()).cast(DataType::Float64);
        let cond = range_cond(c, lo, hi);
        let is_weight = Some(&c.name) == weight.as_ref() && !src.aggregate;
        let df = collect(
            lf.clone().filter(cond).select([
                len().alias("count"),
                col("__row")
                    .sort(SortOptions::default())
                    .head(Some(SAMPLE_ROWS))
                    .implode(false)
                    .alias("rows"),
                x.first().alias("first"),
                col(format!("__raw_{}", c.name).as_str()).first().alias("raw"),
            ]),
            "checking ranges",
        )?;
        let count = first_u64(&df, "count");
        if count > 0 {
            let first = df.column("first").ok().and_then(|c| c.f64().ok().and_then(|x| x.get(0)));
            let r = rows_of(df.column("rows").map_err(ComputeError::polars("ranges"))?);
            // The value as written in the file.
            let raw =
                df.column("raw").ok().and_then(|c| c.str().ok().and_then(|x| x.get(0).map(String::from)));
            let v = raw.or_else(|| {
                first.map(|f| if f.fract() == 0.0 { format!("{}", f as i64) } else { format!("{f}") })
            });
            let (msg, hint) = if is_weight {
                (
                    format!("weight {:?} is not positive", v.clone().unwrap_or_default()),
                    "survey weights must be > 0; drop the record or fix the weight".to_string(),
                )
            } else {
                (
                    format!(
                        "value {:?} is outside the possible range [{lo}, {hi}]",
                        v.clone().unwrap_or_default()
                    ),
                    "correct the value or leave it empty if unknown".to_string(),
                )
            };
            out.push(ctx.finding(Severity::Error, "range", &r, count, Some(&c.name), v, msg, Some(hint)));
        }
    }

    // Missing values: required columns are errors, others a summary warning. A declared
    // column the file lacks is either a constant from gds.toml or, if required, already an
    // error of the mapping: only present columns can miss values.
    for c in &ds.columns {
        let is_present = present.iter().any(|p| p.name == c.name);
        let missing = if is_present { found(&format!("null:{}", c.name)) } else { 0 };
        if missing == 0 || (!is_present && !c.required) {
            continue;
        }
        // The first rows missing a required value (a warning names none).
        let r: Vec<u32> = if c.required {
            let first = collect(
                lf.clone()
                    .filter(col(c.name.as_str()).is_null())
                    .select([col("__row").head(Some(SAMPLE_ROWS))]),
                "finding missing values",
            )?;
            first
                .column("__row")
                .ok()
                .and_then(|x| x.cast(&DataType::UInt32).ok())
                .map(|x| x.u32().map(|v| v.iter().flatten().collect()).unwrap_or_default())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        out.push(missing_finding(&ctx, c, missing, n_rows, &r));
    }

    // Duplicates of declared keys.
    if check_keys {
        // The screening pass hashed every key: no repeated hash proves the keys unique.
        let any_dup = screened.repeated_keys > 0;
        let df = if !any_dup {
            DataFrame::empty()
        } else {
            collect(
                lf.clone()
                    .group_by(keys.iter().map(|k| col(k.as_str())).collect::<Vec<_>>())
                    .agg([
                        len().alias("count"),
                        col("__row").sort(SortOptions::default()).head(Some(SAMPLE_ROWS)).alias("rows"),
                        col("__row").min().alias("first"),
                    ])
                    .filter(col("count").gt(lit(1)))
                    .sort(["first"], SortMultipleOptions::default()),
                "checking duplicates",
            )?
        };
        if df.height() > 0 {
            let total: u64 = df
                .column("count")
                .ok()
                .and_then(|c| c.cast(&DataType::UInt64).ok())
                .and_then(|c| c.u64().ok().map(|x| x.iter().flatten().sum()))
                .unwrap_or(0);
            let r = rows_of(&df.column("rows").map_err(ComputeError::polars("duplicates"))?.slice(0, 1));
            let key_names: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
            let first_key: Vec<String> = key_names
                .iter()
                .map(|k| {
                    df.column(k)
                        .ok()
                        .and_then(|c| c.get(0).ok().map(|v| v.str_value().to_string()))
                        .unwrap_or_default()
                })
                .collect();
            out.push(ctx.finding(
                Severity::Error,
                "duplicate-key",
                &r,
                total,
                Some(&key_names.join(", ")),
                Some(first_key.join(", ")),
                format!(
                    "{} key values ({}) appear more than once, in {total} rows; first: {}",
                    df.height(),
                    key_names.join(", "),
                    first_key.iter().map(|k| format!("{k:?}")).collect::<Vec<_>>().join(", ")
                ),
                Some("each key must identify one row; remove duplicated records".into()),
            ));
        }
    }

    // Areas: in the area list and valid in the period.
    if let (Some(area_col), false) = (ds.area_column(), project.areas.is_empty()) {
        let period_col = ds.period_column();
        let mut gk = vec![col(area_col)];
        if let Some(p) = period_col {
            gk.push(col(p));
        }
        // Fast path: the distinct raw spellings (and periods), mapped here once each; the
        // query that collects rows runs only when one of them is unknown or not valid.
        let raw_area = format!("__raw_{area_col}");
        let pad = src.def.pad.get(area_col).copied();
        // The distinct (spelling, period) pairs: from the screening pass, else grouped here.
        let pairs: Option<Vec<(String, Option<i64>)>> = if !present.iter().any(|c| c.name == area_col) {
            None
        } else if let Some(d) = &screened.distinct {
            // A period given in gds.toml rather than a column is the period of every row.
            let constant =
                src.def.period.filter(|_| !present.iter().any(|c| Some(c.name.as_str()) == period_col));
            Some(d.iter().map(|(a, p)| (a.clone(), p.or(constant))).collect())
        } else {
            let mut rk = vec![col(raw_area.as_str())];
            if let Some(p) = period_col {
                rk.push(col(p));
            }
            let d = collect(
                lf.clone()
                    .filter(col(raw_area.as_str()).is_not_null())
                    .group_by(rk)
                    .agg([len().alias("count")]),
                "checking areas (distinct codes)",
            )?;
            let raws = d.column(&raw_area).ok().and_then(|c| c.str().ok().cloned());
            let ps: Option<Int64Chunked> =
                period_col.and_then(|p| d.column(p).ok()).and_then(|c| c.i64().ok().cloned());
            raws.map(|raws| {
                (0..d.height())
                    .filter_map(|i| raws.get(i).map(|r| (r.to_string(), ps.as_ref().and_then(|p| p.get(i)))))
                    .collect()
            })
        };
        let all_good = pairs.is_some_and(|pairs| {
            pairs.iter().all(|(r, p)| {
                let Some(code) = Some(r.as_str()).and_then(|r| {
                    crate::engine::polars::canonical(
                        r,
                        crate::engine::predicate::Held::Codes,
                        ColumnType::Area,
                        pad,
                        None,
                        &BTreeMap::new(),
                    )
                }) else {
                    return true;
                };
                // Some unit under the code, and one in the row's year (codes are reused).
                !project.areas.versions(&code).is_empty()
                    && p.is_none_or(|p| {
                        project.areas.get_in_year(&code, gds_core::Period::year_of(p)).is_some()
                    })
            })
        });
        let df = if all_good {
            DataFrame::empty_with_schema(&Schema::from_iter([
                Field::new(area_col.into(), DataType::String),
                Field::new("count".into(), DataType::UInt32),
                Field::new("rows".into(), DataType::List(Box::new(DataType::UInt32))),
            ]))
        } else {
            collect(
                lf.clone().filter(col(area_col).is_not_null()).group_by(gk).agg([
                    len().alias("count"),
                    col("__row").sort(SortOptions::default()).head(Some(SAMPLE_ROWS)).alias("rows"),
                ]),
                "checking areas",
            )?
        };
        let areas = df
            .column(area_col)
            .map_err(ComputeError::polars("areas"))?
            .str()
            .map_err(ComputeError::polars("areas"))?
            .clone();
        let periods: Option<Int64Chunked> =
            period_col.and_then(|p| df.column(p).ok()).and_then(|c| c.i64().ok().cloned());
        let counts = df
            .column("count")
            .ok()
            .and_then(|c| c.cast(&DataType::UInt64).ok())
            .and_then(|c| c.u64().cloned().ok());
        let rows = df.column("rows").map_err(ComputeError::polars("areas"))?;
        let mut unknown: BTreeMap<String, (u64, Vec<u32>)> = BTreeMap::new();
        let mut invalid: BTreeMap<(String, i64), (u64, Vec<u32>)> = BTreeMap::new();
        for i in 0..df.height() {
            let a = areas.get(i).unwrap_or("").to_string();
            let count = counts.as_ref().and_then(|c| c.get(i)).unwrap_or(0);
            let r = rows_of(&rows.slice(i as i64, 1));
            match project.areas.get(&a) {
                None => {
                    let e = unknown.entry(a).or_default();
                    e.0 += count;
                    e.1.extend(r);
                }
                Some(_) => {
                    if let Some(p) = periods.as_ref().and_then(|p| p.get(i))
                        && project.areas.get_in_year(&a, gds_core::Period::year_of(p)).is_none()
                    {
                        let e = invalid.entry((a, p)).or_default();
                        e.0 += count;
                        e.1.extend(r);
                    }
                }
            }
        }
        for (a, (count, mut r)) in unknown {
            r.sort();
            r.truncate(SAMPLE_ROWS);
            let hint = Some(unknown_area_hint(project, &a, area_col));
            out.push(ctx.finding(
                Severity::Error,
                "unknown-area",
                &r,
                count,
                Some(area_col),
                Some(a.clone()),
                format!("area {a:?} is not in the area list"),
                hint,
            ));
        }
        for ((a, p), (count, mut r)) in invalid {
            r.sort();
            r.truncate(SAMPLE_ROWS);
            let versions = project.areas.versions(&a);
            let span = versions
                .iter()
                .map(|x| {
                    format!(
                        "{} – {}",
                        x.valid_from.as_deref().unwrap_or("…"),
                        x.valid_to.as_deref().unwrap_or("…")
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            out.push(ctx.finding(
                Severity::Error,
                "area-not-valid",
                &r,
                count,
                Some(area_col),
                Some(a.clone()),
                format!("area {a:?} did not exist in {p} (valid {span})"),
                Some("use the units of that year, or map them with the crosswalk".into()),
            ));
        }
    }

    if src.estimates {
        check_estimates(&ctx, cat, &raw, &file_schema, out)?;
    } else if src.aggregate {
        let count = match &src.units {
            Some(f) if file_schema.get(f).is_some() => Some(UNITS.to_string()),
            Some(_) => None,
            None => ds.count.clone(),
        };
        if let Some(count) = count {
            // A count table of units, and a form (whose check column says so), must give
            // totals that are exactly the sum of their parts.
            let exact = src.units.is_some() || src.def.form.is_some();
            check_aggregate(project, ds, &lf, &ctx, &count, exact, out)?;
        }
    }
    Ok(())
}

/// The count column of a count table in the checked frame.
const UNITS: &str = "__units";

/// The hint for area code `a` that is not in the area list. Leading zeros lost (00004
/// written 4 or 004) are the commonest cause: say so.
fn unknown_area_hint(project: &Project, a: &str, area_col: &str) -> String {
    let digits = a.chars().all(|ch| ch.is_ascii_digit()) && !a.is_empty();
    let padded = project.areas.iter().find(|x| {
        digits && x.code.len() > a.len() && x.code.trim_start_matches('0') == a.trim_start_matches('0')
    });
    match padded {
        Some(x) => format!(
            "did you mean {:?}? The leading zeros were lost: keep the column as text (in Excel: format as Text), or add pad = {{ {area_col} = {} }} to this source in gds.toml",
            x.code,
            x.code.len()
        ),
        None => crate::hint(a, project.areas.iter().map(|x| x.code.as_str()))
            .unwrap_or_else(|| "add the unit to the area list, or correct the code".into()),
    }
}

/// The finding of `missing` rows (of `n_rows`) without a value of column `c`: an error for a
/// required column (at `rows`, the first of them), else a warning with the share.
fn missing_finding(
    ctx: &Ctx,
    c: &gds_indicators::Column,
    missing: u64,
    n_rows: u64,
    rows: &[u32],
) -> Finding {
    if c.required {
        ctx.finding(
            Severity::Error,
            "missing",
            rows,
            missing,
            Some(&c.name),
            None,
            format!("{missing} of {n_rows} rows have no {}, which is required", c.name),
            Some("fill the value in, or remove the rows".into()),
        )
    } else {
        ctx.finding(
            Severity::Warning,
            "missing",
            &[],
            missing,
            Some(&c.name),
            None,
            format!(
                "{missing} of {n_rows} rows ({:.1} %) have no value",
                100.0 * missing as f64 / n_rows.max(1) as f64
            ),
            None,
        )
    }
}

/// A relation of a SQL engine (`relation = ...`): its rows stay in the engine, so its checks
/// are the counts the engine's screening pass found ([`crate::sources::screen::Screened`]),
/// reported with the values the engine returned but without rows (a relation has no lines).
/// Without an engine run (`gds validate`), a warning says the relation was not checked.
fn check_relation(
    project: &Project,
    cat: &Catalogue,
    src: &Source,
    ds: &Dataset,
    report: &mut Report,
    pre: Option<&crate::sources::screen::Screened>,
) -> Result<(), ComputeError> {
    let ctx = Ctx { src, ds, offset: 0, kind: RowKind::Record, lines: None };
    let out = &mut report.findings;
    let Some(screened) = pre else {
        out.push(ctx.finding(
            Severity::Warning,
            "relation-not-checked",
            &[],
            0,
            None,
            None,
            "a relation of a SQL engine is checked only by a command that runs on that engine".into(),
            Some("run compute, cube or report with --engine spark (or --engine duckdb)".into()),
        ));
        return Ok(());
    };
    let n_rows = screened.rows;
    report.sources.push((ds.id.clone(), src.display.clone(), n_rows));
    if n_rows == 0 {
        out.push(ctx.finding(
            Severity::Error,
            "no-rows",
            &[],
            0,
            None,
            None,
            "the relation has no rows".into(),
            Some("check the relation's name and the engine's catalogue; an empty table is never a rate of 0".into()),
        ));
        return Ok(());
    }
    let found = |label: &str, c: &str| screened.counts.get(&format!("{label}:{c}")).copied().unwrap_or(0);
    let present: Vec<&gds_indicators::Column> =
        ds.columns.iter().filter(|c| screened.counts.contains_key(&format!("null:{}", c.name))).collect();
    for c in &present {
        let name = c.name.as_str();
        if found("total", name) > 0 {
            let n = found("total", name);
            out.push(ctx.finding(
                Severity::Error,
                "total-in-records",
                &[],
                n,
                Some(name),
                Some(gds_core::TOTAL_CODE.into()),
                format!("{:?} means \"total\", which a record cannot be", gds_core::TOTAL_CODE),
                Some(format!("each record needs its own {name}; totals belong in aggregate tables")),
            ));
        }
        if found("nan", name) > 0 {
            let n = found("nan", name);
            out.push(ctx.finding(
                Severity::Error,
                "not-finite",
                &[],
                n,
                Some(name),
                None,
                format!("{n} values are not finite numbers (NaN or infinite)"),
                Some("leave the cell empty if the value is unknown".into()),
            ));
        }
        let bad = found("bad", name);
        if bad > 0 {
            match screened.values.get(name).filter(|v| !v.is_empty()) {
                Some(values) => {
                    for (v, n) in values.iter().take(20) {
                        let (class, message) = match c.kind {
                            ColumnType::Code => ("unknown-code", format!("unknown {name} code {v:?}")),
                            _ => ("unparsable", format!("{v:?} is not a yes/no value")),
                        };
                        let hint = c.codelist.as_deref().and_then(|id| cat.codelists.get(id)).map(|cl| {
                            format!(
                                "codes of {:?}: {}",
                                cl.id,
                                cl.codes.iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(", ")
                            )
                        });
                        let hint = hint.or_else(|| Some("use true/false, 1/0, có/không (đạt/chưa đạt)".into()));
                        out.push(ctx.finding(Severity::Error, class, &[], *n, Some(name), Some(v.clone()), message, hint));
                    }
                }
                None => out.push(ctx.finding(
                    Severity::Error,
                    "unparsable",
                    &[],
                    bad,
                    Some(name),
                    None,
                    format!("{bad} values cannot be read as the column's type ({:?})", c.kind),
                    Some("write numbers without units, whole numbers for counts and ages, and periods as 2024, 2024-H1, 2024-Q3 or a date".into()),
                )),
            }
        }
        if found("range", name) > 0 {
            let n = found("range", name);
            let (lo, hi) = range_of(src, ds, c).unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
            out.push(ctx.finding(
                Severity::Error,
                "out-of-range",
                &[],
                n,
                Some(name),
                None,
                format!("{n} values are outside the range {lo} – {hi}"),
                Some("correct the values, or declare the column's range in the dataset's definition".into()),
            ));
        }
    }
    for c in &ds.columns {
        let missing = found("null", &c.name);
        if missing == 0 {
            continue;
        }
        out.push(missing_finding(&ctx, c, missing, n_rows, &[]));
    }
    if screened.repeated_keys > 0 {
        let keys = ds.keys.join(", ");
        out.push(ctx.finding(
            Severity::Error,
            "duplicate-key",
            &[],
            screened.repeated_keys,
            Some(&keys),
            None,
            format!("{} rows repeat the key ({keys}) of another row", screened.repeated_keys),
            Some("each key must identify one row; remove duplicated records".into()),
        ));
    }
    // Areas: in the area list, and valid in the row's period.
    if let (Some(area_col), Some(pairs)) = (ds.area_column(), &screened.distinct)
        && !project.areas.is_empty()
    {
        let pad = src.def.pad.get(area_col).copied();
        let mut unknown = std::collections::BTreeSet::new();
        let mut invalid = std::collections::BTreeSet::new();
        for (r, p) in pairs {
            let Some(a) = crate::engine::polars::canonical(
                r,
                crate::engine::predicate::Held::Codes,
                ColumnType::Area,
                pad,
                None,
                &BTreeMap::new(),
            ) else {
                continue;
            };
            if project.areas.versions(&a).is_empty() {
                unknown.insert(a);
            } else if let Some(p) = p.or(src.def.period)
                && project.areas.get_in_year(&a, gds_core::Period::year_of(p)).is_none()
            {
                invalid.insert((a, p));
            }
        }
        for a in unknown {
            let hint = Some(unknown_area_hint(project, &a, area_col));
            out.push(ctx.finding(
                Severity::Error,
                "unknown-area",
                &[],
                0,
                Some(area_col),
                Some(a.clone()),
                format!("area {a:?} is not in the area list"),
                hint,
            ));
        }
        for (a, p) in invalid {
            out.push(ctx.finding(
                Severity::Error,
                "area-not-valid",
                &[],
                0,
                Some(area_col),
                Some(a.clone()),
                format!("area {a:?} did not exist in {p}"),
                Some("use the units of that year, or map them with the crosswalk".into()),
            ));
        }
    }
    Ok(())
}

/// Aggregate tables: F + M ≤ total for every cell (for a count table of units, F + M = total:
/// its total rows are left out of the sums, so a part it lacks would be missing from them),
/// and sub-areas summing to their parent.
fn check_aggregate(
    project: &Project,
    ds: &Dataset,
    lf: &LazyFrame,
    ctx: &Ctx,
    count: &str,
    count_table: bool,
    out: &mut Vec<Finding>,
) -> Result<(), ComputeError> {
    let count = count.to_string();
    let Some(sex) = ds.sex_column() else { return Ok(()) };
    let others: Vec<&str> = ds
        .columns
        .iter()
        .filter(|c| {
            matches!(c.kind, ColumnType::Code | ColumnType::Area | ColumnType::Period) && c.name != sex
        })
        .map(|c| c.name.as_str())
        .collect();
    let x = col(count.as_str()).cast(DataType::Float64);
    let s = col(sex);
    // One grouping of the file per cell: F, M and total, the cell's first row and the first
    // row of its total; both checks below filter it (it has a row per cell, not per record).
    let cells = collect(
        lf.clone().group_by(others.iter().map(|c| col(*c)).collect::<Vec<_>>()).agg([
            when(s.clone().eq(lit("F"))).then(x.clone()).otherwise(lit(0.0)).sum().alias("f"),
            when(s.clone().eq(lit("M"))).then(x.clone()).otherwise(lit(0.0)).sum().alias("m"),
            when(s.clone().eq(lit("_T"))).then(x.clone()).otherwise(lit(0.0)).sum().alias("t"),
            s.clone().eq(lit("_T")).sum().alias("has_t"),
            col("__row").min().alias("first"),
            when(s.clone().eq(lit("_T"))).then(col("__row")).otherwise(lit(NULL)).min().alias("first_total"),
        ]),
        "checking totals",
    )?;
    let with_total = col("has_t").gt(lit(0));
    let df = collect(
        cells
            .clone()
            .lazy()
            .filter(with_total.clone().and((col("f") + col("m")).gt(col("t") + lit(1e-9))))
            .sort(["first"], SortMultipleOptions::default()),
        "checking totals",
    )?;
    let f64_at = |df: &DataFrame, c: &str| {
        df.column(c).ok().and_then(|c| c.f64().ok().and_then(|x| x.get(0))).unwrap_or(0.0)
    };
    let row_at = |df: &DataFrame, c: &str| {
        df.column(c)
            .ok()
            .and_then(|c| c.cast(&DataType::UInt32).ok())
            .and_then(|c| c.u32().ok().and_then(|x| x.get(0)))
            .unwrap_or(0)
    };
    if count_table {
        let short = collect(
            cells
                .lazy()
                .filter(with_total.and((col("f") + col("m")).lt(col("t") - lit(1e-9))))
                .sort(["first_total"], SortMultipleOptions::default()),
            "checking total rows of a count table",
        )?;
        if short.height() > 0 {
            let first = row_at(&short, "first_total");
            let (f, m, t) = (f64_at(&short, "f"), f64_at(&short, "m"), f64_at(&short, "t"));
            out.push(ctx.finding(
                Severity::Error,
                "parts-short-of-total",
                &[first],
                short.height() as u64,
                Some(sex),
                Some(format!("{f} + {m} < {t}")),
                format!(
                    "the total row says {t}, but its parts sum to {} (female {f}, male {m}), in {} cells: the total rows are left out of the sums, so the missing units would be missing from every result",
                    f + m,
                    short.height()
                ),
                Some(if f == 0.0 || m == 0.0 {
                    format!(
                        "the table gives the total and one sex only: add the rows of the other, or declare derive = {{ {sex} = \"{}\" }} to this source to take it as the total minus the rest",
                        if m == 0.0 { "M" } else { "F" }
                    )
                } else {
                    "add the missing rows, or correct the total".into()
                }),
            ));
        }
    }
    if df.height() > 0 {
        let first = row_at(&df, "first");
        let (f, m, t) = (f64_at(&df, "f"), f64_at(&df, "m"), f64_at(&df, "t"));
        out.push(ctx.finding(
            Severity::Error,
            "female-male-total",
            &[first],
            df.height() as u64,
            Some(&count),
            Some(format!("{f} + {m} > {t}")),
            format!(
                "female + male exceeds the total in {} cells (first: \"{f}\" + \"{m}\" > \"{t}\")",
                df.height()
            ),
            Some("check the totals row of the table; F + M must not exceed _T".into()),
        ));
    }
    // Parts summing to their parent (when the table holds several levels).
    let Some(area_col) = ds.area_column() else { return Ok(()) };
    let dims: Vec<&str> = others.iter().copied().filter(|c| *c != area_col).collect();
    let mut gk: Vec<Expr> = vec![col(area_col)];
    gk.extend(dims.iter().map(|c| col(*c)));
    gk.push(col(sex));
    let sums = collect(
        lf.clone().group_by(gk).agg([x.clone().sum().alias("v"), col("__row").min().alias("first")]),
        "checking sub-area sums",
    )?;
    let first_rows: Vec<u32> = sums
        .column("first")
        .ok()
        .and_then(|c| c.cast(&DataType::UInt32).ok())
        .map(|c| c.u32().map(|x| x.iter().map(|v| v.unwrap_or(0)).collect()).unwrap_or_default())
        .unwrap_or_default();
    let n = sums.height();
    let get_s = |name: &str| -> Vec<String> {
        sums.column(name)
            .ok()
            .and_then(|c| c.cast(&DataType::String).ok())
            .map(|c| {
                c.str().map(|x| x.iter().map(|v| v.unwrap_or("").to_string()).collect()).unwrap_or_default()
            })
            .unwrap_or_default()
    };
    let areas = get_s(area_col);
    let mut rest: Vec<Vec<String>> = dims.iter().map(|d| get_s(d)).collect();
    rest.push(get_s(sex));
    let vals: Vec<f64> = sums
        .column("v")
        .ok()
        .and_then(|c| c.f64().ok().map(|x| x.iter().map(|v| v.unwrap_or(0.0)).collect()))
        .unwrap_or_default();
    let mut cell: BTreeMap<(String, Vec<String>), f64> = BTreeMap::new();
    let mut row_of: BTreeMap<(String, Vec<String>), u32> = BTreeMap::new();
    for i in 0..n {
        let key = (areas[i].clone(), rest.iter().map(|r| r[i].clone()).collect::<Vec<_>>());
        row_of.insert(key.clone(), first_rows.get(i).copied().unwrap_or(0));
        cell.insert(key, vals[i]);
    }
    let mut children: BTreeMap<(String, Vec<String>), f64> = BTreeMap::new();
    // The period among the key's parts: a reused code's parent is that of the row's year.
    let period_at = ds.period_column().and_then(|pc| dims.iter().position(|d| *d == pc));
    for ((a, k), v) in &cell {
        let year =
            period_at.and_then(|i| k.get(i)).and_then(|y| y.get(..4)).and_then(|y| y.parse::<i32>().ok());
        let unit = year.and_then(|y| project.areas.get_in_year(a, y)).or_else(|| project.areas.get(a));
        if let Some(p) = unit.and_then(|x| x.parent.clone())
            && cell.contains_key(&(p.clone(), k.clone()))
        {
            *children.entry((p, k.clone())).or_default() += v;
        }
    }
    let mismatches: Vec<_> =
        children.iter().filter(|(k, v)| (cell[*k] - **v).abs() > 1e-6 * cell[*k].abs().max(1.0)).collect();
    if let Some(((p, k), v)) = mismatches.first() {
        let parent_row = row_of.get(&(p.clone(), k.clone())).copied().unwrap_or(0);
        out.push(ctx.finding(
            Severity::Error,
            "parts-parent",
            &[parent_row],
            mismatches.len() as u64,
            Some(&count),
            Some(p.clone()),
            format!(
                "sub-areas do not sum to their parent in {} cells (first: {p:?}, {}: parts {v} ≠ {})",
                mismatches.len(),
                k.join("/"),
                cell[&(p.clone(), k.clone())]
            ),
            Some("check the parent area's row against its communes".into()),
        ));
    }
    Ok(())
}
