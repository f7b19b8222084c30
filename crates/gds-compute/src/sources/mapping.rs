//! Column mapping: a source's own columns and codes onto the catalogue's declared dataset.
//!
//! Order of resolution for a declared column: an explicit `rename` in gds.toml, then the
//! declared name itself, then common spellings (`gioi_tinh`, `gender`, `Giới tính` for `sex`;
//! compared case- and accent-insensitively). Codes: an explicit `codes` map first, then the
//! code itself, then the code list's aliases (case- and accent-insensitive). Numeric codes are
//! never guessed: census `1`/`2` for sex needs a `codes` map.

use crate::error::{ComputeError, Located};
use crate::project::Source;
use gds_core::fold;
use gds_indicators::{Catalogue, Column as DeclColumn, ColumnType, Dataset};
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Common spellings of declared column names, recognised without a mapping.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("sex", &["gioi_tinh", "gioi tinh", "gender", "gt", "phai"]),
    ("area", &["ma_xa", "ma xa", "commune", "xa", "ma_don_vi", "ma don vi", "area_code", "dia_ban"]),
    ("period", &["nam", "year", "ky", "nam_bao_cao", "ky_bao_cao"]),
    ("age", &["tuoi", "age_years"]),
    ("weight", &["trong_so", "quyen_so", "quyen so", "wt", "weight_final"]),
    ("count", &["so_nguoi", "so nguoi", "so_luong", "so luong", "n", "value", "gia_tri"]),
    (
        "urban_rural",
        &["thanh_thi_nong_thon", "thanh thi/nong thon", "thanh thi nong thon", "urban", "khu_vuc", "ttnt"],
    ),
    ("age_group", &["nhom_tuoi", "nhom tuoi"]),
    ("ethnicity", &["dan_toc", "dan toc"]),
    ("position", &["chuc vu", "chuc danh"]),
    ("key_leader", &["lanh dao chu chot", "chu chot"]),
];

pub(crate) fn norm_name(s: &str) -> String {
    fold(s).replace(['_', '-', '/'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For each declared column, the source column that holds it (None: absent).
pub fn resolve_columns(
    src: &Source,
    ds: &Dataset,
    file_columns: &[String],
) -> BTreeMap<String, Option<String>> {
    let by_norm: BTreeMap<String, &String> = file_columns.iter().map(|c| (norm_name(c), c)).collect();
    let mut out = BTreeMap::new();
    // `weight = "<file column>"` / `count = "<file column>"` name the file's column that holds
    // the dataset's weight or count.
    let special: Vec<(&String, &String)> = [(&src.def.weight, &ds.weight), (&src.def.count, &ds.count)]
        .into_iter()
        .filter_map(|(from, to)| Some((from.as_ref()?, to.as_ref()?)))
        .collect();
    for col in &ds.columns {
        let explicit =
            special.iter().find(|(_, to)| **to == col.name).map(|(from, _)| (*from).clone()).or_else(|| {
                src.def.rename.iter().find(|(_, to)| **to == col.name).map(|(from, _)| from.clone())
            });
        let found = explicit.filter(|f| file_columns.contains(f)).or_else(|| {
            if file_columns.contains(&col.name) {
                return Some(col.name.clone());
            }
            let mut names = vec![norm_name(&col.name)];
            if let Some((_, syn)) = SYNONYMS.iter().find(|(n, _)| *n == col.name) {
                names.extend(syn.iter().map(|s| norm_name(s)));
            }
            names.iter().find_map(|n| by_norm.get(n).map(|s| (*s).clone()))
        });
        out.insert(col.name.clone(), found);
    }
    out
}

/// The derived dimensions a source gives as groups instead of their base column — a count
/// table by age group, without single ages: (the derived dimension, the file's column).
pub fn group_columns<'a>(
    src: &Source,
    ds: &'a Dataset,
    file_columns: &[String],
    resolved: &BTreeMap<String, Option<String>>,
) -> Vec<(&'a gds_indicators::Derived, String)> {
    ds.derived
        .iter()
        .filter(|d| resolved.get(&d.from).is_some_and(Option::is_none))
        .filter_map(|d| {
            let renamed = src
                .def
                .rename
                .iter()
                .find(|(from, to)| **to == d.name && file_columns.contains(from))
                .map(|(from, _)| from.clone());
            let found = renamed.or_else(|| {
                let mut names = vec![norm_name(&d.name)];
                if let Some((_, syn)) = SYNONYMS.iter().find(|(n, _)| *n == d.name) {
                    names.extend(syn.iter().map(|s| norm_name(s)));
                }
                file_columns.iter().find(|c| names.contains(&norm_name(c))).cloned()
            })?;
            Some((d, found))
        })
        .collect()
}

/// A yes/no column the file leaves out, derived from a code column it has (a key leader from
/// the position, `when-absent` in the dataset): `"true"`/`"false"` as a file would write them,
/// empty where the code column is empty or unknown. `None` when it cannot be derived.
pub fn when_absent_expr(
    src: &Source,
    cat: &Catalogue,
    ds: &Dataset,
    c: &DeclColumn,
    resolved: &BTreeMap<String, Option<String>>,
) -> Option<Expr> {
    let (from, codes) = c.when_absent.as_ref()?;
    if resolved.get(&c.name).is_some_and(Option::is_some) || src.def.constants.contains_key(&c.name) {
        return None;
    }
    let fc = resolved.get(from)?.as_deref()?;
    let codelist = ds.column(from)?.codelist.as_deref()?;
    let code = code_expr(col(fc), src.def.codes.get(from), &alias_table(cat, codelist));
    let yes = code.clone().is_in(lit(series_str("codes", codes.clone())).implode(false), false);
    Some(
        when(code.is_null())
            .then(lit(NULL).cast(DataType::String))
            .otherwise(when(yes).then(lit("true")).otherwise(lit("false")))
            .alias(c.name.as_str()),
    )
}

/// The code of a group column's text (`"15–19 tuổi"` → `15-19`), through the code list's
/// aliases and the source's own `codes` map; null when unknown.
pub fn group_code_expr(src: &Source, cat: &Catalogue, d: &gds_indicators::Derived, file_col: &str) -> Expr {
    code_expr(col(file_col), src.def.codes.get(&d.name), &alias_table(cat, &d.codelist))
}

/// The groups of a derived dimension with their ranges: (code, lowest, highest), an open end
/// read as 0 or 150. Only the codes of its partition scheme (5-year groups): overlapping
/// groups of another scheme ("15-49", "60+") are subtotals, which would be counted twice.
pub fn group_ranges(cat: &Catalogue, d: &gds_indicators::Derived) -> Vec<(String, u16, u16)> {
    let Some(cl) = cat.codelists.get(&d.codelist) else { return Vec::new() };
    cl.codes
        .iter()
        .filter(|c| c.schemes.contains(&d.scheme))
        .filter(|c| c.min.is_some() || c.max.is_some())
        .map(|c| (c.code.clone(), c.min.unwrap_or(0), c.max.unwrap_or(150)))
        .collect()
}

/// A group column read as the lowest value of its group (null when the text is no group).
pub fn group_low_expr(src: &Source, cat: &Catalogue, d: &gds_indicators::Derived, file_col: &str) -> Expr {
    let (codes, lows): (Vec<String>, Vec<String>) =
        group_ranges(cat, d).into_iter().map(|(c, lo, _)| (c, lo.to_string())).unzip();
    group_code_expr(src, cat, d, file_col)
        .replace_strict(
            lit(series_str("old", codes)),
            lit(series_str("new", lows)),
            Some(lit(NULL).cast(DataType::String)),
            Some(DataType::String),
        )
        .cast(DataType::Float64)
}

/// Lower-cased / folded spellings → code, from the code list (codes, aliases, labels).
pub fn alias_table(catalogue: &Catalogue, codelist: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let Some(cl) = catalogue.codelists.get(codelist) else { return map };
    // Exact codes first (they win over aliases), then aliases and labels.
    for c in &cl.codes {
        map.insert(gds_core::nfc(&c.code).to_lowercase(), c.code.clone());
    }
    for c in &cl.codes {
        let mut spellings: Vec<String> = c.aliases.clone();
        spellings.push(c.name.vi.clone());
        spellings.push(c.name.en.clone());
        for s in spellings {
            // Numeric codes are never guessed from aliases.
            if s.chars().all(|ch| ch.is_ascii_digit()) {
                continue;
            }
            for key in [gds_core::nfc(&s).to_lowercase(), fold(&s)] {
                map.entry(key).or_insert_with(|| c.code.clone());
            }
        }
    }
    map
}

fn series_str(name: &str, v: Vec<String>) -> Series {
    Series::new(name.into(), v)
}

/// Expression mapping raw values of a code column onto codes (null when unknown).
pub fn code_expr(
    raw: Expr,
    explicit: Option<&BTreeMap<String, String>>,
    aliases: &BTreeMap<String, String>,
) -> Expr {
    let raw = raw.cast(DataType::String).str().strip_chars(lit(NULL));
    let lowered = raw.clone().str().normalize(UnicodeForm::NFC).str().to_lowercase();
    let (old, new): (Vec<String>, Vec<String>) = aliases.iter().map(|(k, v)| (k.clone(), v.clone())).unzip();
    let by_alias = lowered.replace_strict(
        lit(series_str("old", old)),
        lit(series_str("new", new)),
        Some(lit(NULL).cast(DataType::String)),
        Some(DataType::String),
    );
    match explicit {
        Some(m) if !m.is_empty() => {
            let (old, new): (Vec<String>, Vec<String>) =
                m.iter().map(|(k, v)| (k.clone(), v.clone())).unzip();
            let by_map = raw.replace_strict(
                lit(series_str("old", old)),
                lit(series_str("new", new)),
                Some(lit(NULL).cast(DataType::String)),
                Some(DataType::String),
            );
            when(by_map.clone().is_not_null()).then(by_map).otherwise(by_alias)
        }
        _ => by_alias,
    }
}

/// Expression turning a raw column into a boolean (true/false, 1/0, yes/no, có/không, x).
pub fn boolean_expr(raw: Expr, dtype: &DataType) -> Expr {
    match dtype {
        DataType::Boolean => raw,
        d if d.is_primitive_numeric() => raw.neq(lit(0)),
        _ => {
            let (t, f) = (TRUE_WORDS, FALSE_WORDS);
            let old: Vec<String> = t.iter().chain(f.iter()).map(|s| s.to_string()).collect();
            let new: Vec<bool> = t.iter().map(|_| true).chain(f.iter().map(|_| false)).collect();
            raw.cast(DataType::String).str().strip_chars(lit(NULL)).str().to_lowercase().replace_strict(
                lit(Series::new("old".into(), old)),
                lit(Series::new("new".into(), new)),
                Some(lit(NULL).cast(DataType::Boolean)),
                Some(DataType::Boolean),
            )
        }
    }
}

/// The spellings of yes, lower-cased (`đạt`: an assessment's "met").
pub(crate) const TRUE_WORDS: [&str; 12] =
    ["true", "1", "yes", "y", "có", "co", "x", "đúng", "dung", "t", "đạt", "dat"];
/// The spellings of no, lower-cased (`chưa đạt`, `không đạt`: "not met").
pub(crate) const FALSE_WORDS: [&str; 12] =
    ["false", "0", "no", "n", "không", "khong", "sai", "f", "chưa đạt", "chua dat", "không đạt", "khong dat"];

/// The patterns a period column's text may take, in order (the same in every engine):
/// a six-month period, a quarter, an ISO date, a Vietnamese date (day/month/year).
pub const PERIOD_PATTERNS: [&str; 4] = [
    "^([0-9]{4})-[Hh]([12])$",
    "^([0-9]{4})-[Qq]([1-4])$",
    "^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$",
    "^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$",
];

/// A period column's text as its cube code ([`gds_core::Period`]): `2024-H1` → 202411,
/// `2024-Q3` → 202423, a date (`2024-06-14`, `14/06/2024`) → 20240614 for the calendar to
/// assign; null for anything else, a day that does not exist included (`2024-02-30`), so that
/// the checks name it.
fn period_text(t: Expr) -> Expr {
    let group =
        |p: usize, g: usize| t.clone().str().extract(lit(PERIOD_PATTERNS[p]), g).cast(DataType::Int64);
    let half = group(0, 1) * lit(100i64) + lit(10i64) + group(0, 2);
    let quarter = group(1, 1) * lit(100i64) + lit(20i64) + group(1, 2);
    let date = |y: Expr, m: Expr, d: Expr| {
        let leap = (y.clone() % lit(4i64))
            .eq(lit(0i64))
            .and((y.clone() % lit(100i64)).neq(lit(0i64)))
            .or((y.clone() % lit(400i64)).eq(lit(0i64)));
        let days = when(m.clone().eq(lit(2i64)))
            .then(when(leap).then(lit(29i64)).otherwise(lit(28i64)))
            .when(m.clone().is_in(lit(Series::new("m".into(), [4i64, 6, 9, 11])).implode(false), false))
            .then(lit(30i64))
            .otherwise(lit(31i64));
        let ok = m
            .clone()
            .gt_eq(lit(1i64))
            .and(m.clone().lt_eq(lit(12i64)))
            .and(d.clone().gt_eq(lit(1i64)))
            .and(d.clone().lt_eq(days));
        when(ok).then(y * lit(10_000i64) + m * lit(100i64) + d).otherwise(lit(NULL).cast(DataType::Int64))
    };
    let iso = date(group(2, 1), group(2, 2), group(2, 3));
    let vn = date(group(3, 3), group(3, 2), group(3, 1));
    coalesce(&[half, quarter, iso, vn])
}

/// The polars type of a declared column.
pub fn declared_dtype(c: &DeclColumn) -> DataType {
    match c.kind {
        ColumnType::Integer | ColumnType::Period => DataType::Int64,
        ColumnType::Number => DataType::Float64,
        ColumnType::Boolean => DataType::Boolean,
        ColumnType::Code | ColumnType::Text | ColumnType::Area => DataType::String,
    }
}

/// The count of units of a count table's `file` column, as a number parsed the way the
/// source writes numbers (thousands and decimal separators); a value that is not a whole
/// number stays visible (2.5), so that the checks can name it.
pub fn units_expr(src: &Source, catalogue: &Catalogue, file: &str, schema: &Schema) -> Expr {
    let decl = DeclColumn {
        name: "__units".into(),
        kind: ColumnType::Number,
        codelist: None,
        required: true,
        range: None,
        empty_means_none: false,
        decimals: None,
        when_absent: None,
        description: Default::default(),
    };
    column_expr(src, catalogue, &decl, Some(file), schema.get(file)).cast(DataType::Float64)
}

/// The mapped expression of declared column `c`, given the source column it comes from.
pub fn column_expr(
    src: &Source,
    catalogue: &Catalogue,
    c: &DeclColumn,
    source_col: Option<&str>,
    dtype: Option<&DataType>,
) -> Expr {
    let out = declared_dtype(c);
    let Some(sc) = source_col else {
        // Absent column: a constant from gds.toml (period / area) or nulls.
        return match (c.kind, src.def.period, &src.def.area) {
            (ColumnType::Period, Some(p), _) => lit(p).cast(out),
            // A census file has no survey weight: each record counts once (a weight declared
            // for the survey's files is no weight of 0 for the census's).
            (ColumnType::Number, _, _)
                if catalogue.datasets.get(&src.def.dataset).and_then(|d| d.weight.as_deref())
                    == Some(c.name.as_str()) =>
            {
                lit(1.0).cast(out)
            }
            (ColumnType::Area, _, Some(a)) => lit(a.clone()).cast(out),
            // An identifier the file does not have: one per row.
            (ColumnType::Text, _, _) if src.id_columns.contains(&c.name) => concat_str(
                [
                    lit(format!("{}#", src.display)),
                    int_range(lit(1i64), len() + lit(1i64), 1, DataType::Int64).cast(DataType::String),
                ],
                "",
                false,
            ),
            _ => lit(NULL).cast(out),
        }
        .alias(c.name.as_str());
    };
    let raw = col(sc);
    let text = matches!(dtype, Some(DataType::String) | None);
    let numeric_source = dtype.is_some_and(|d| d.is_primitive_numeric());
    // A number as written in a text file: strip, drop the declared thousands separator,
    // turn the declared decimal comma into a point.
    let number_text = |raw: Expr| -> Expr {
        let mut e = raw.str().strip_chars(lit(NULL));
        if let Some(t) = src.def.thousands.as_deref().filter(|t| !t.is_empty()) {
            e = e.str().replace_all(lit(t.to_string()), lit(""), true);
        }
        if let Some(d) = src.def.decimal.as_deref().filter(|d| *d != ".") {
            e = e.str().replace_all(lit(d.to_string()), lit("."), true);
        }
        e
    };
    // Numbers stored for codes are padded only when the project says to what width.
    let code_text = |raw: Expr| -> Expr {
        match src.def.pad.get(&c.name) {
            Some(w) if numeric_source => {
                raw.cast(DataType::Int64).cast(DataType::String).str().zfill(lit(*w as u64))
            }
            Some(w) => raw.cast(DataType::String).str().strip_chars(lit(NULL)).str().zfill(lit(*w as u64)),
            None => raw,
        }
    };
    let e = match c.kind {
        ColumnType::Code => {
            let aliases = c.codelist.as_deref().map(|cl| alias_table(catalogue, cl)).unwrap_or_default();
            code_expr(code_text(raw), src.def.codes.get(&c.name), &aliases)
        }
        ColumnType::Boolean => boolean_expr(raw, dtype.unwrap_or(&DataType::String)),
        // Whole numbers only: "34.5", "1.234" (a thousands separator not declared) and "12 kg"
        // do not parse and are reported, never truncated.
        ColumnType::Period if text => {
            let n = number_text(raw.clone()).cast(DataType::Int64);
            when(n.clone().is_not_null()).then(n).otherwise(period_text(raw.str().strip_chars(lit(NULL))))
        }
        ColumnType::Integer if text => number_text(raw).cast(DataType::Int64),
        // A date cell (Parquet/Arrow date or timestamp): the date's code yyyymmdd, which the
        // project's calendar assigns to its period (as a written date is). Cast to a number
        // it would be a count of days since 1970: no period at all.
        ColumnType::Period if dtype.is_some_and(|d| matches!(d, DataType::Date | DataType::Datetime(..))) => {
            let d = raw.cast(DataType::Date);
            d.clone().dt().year().cast(DataType::Int64) * lit(10_000i64)
                + d.clone().dt().month().cast(DataType::Int64) * lit(100i64)
                + d.dt().day().cast(DataType::Int64)
        }
        ColumnType::Integer | ColumnType::Period if dtype.is_some_and(|d| d.is_integer()) => {
            raw.cast(DataType::Int64)
        }
        ColumnType::Integer | ColumnType::Period => {
            let x = raw.cast(DataType::Float64);
            when(x.clone().round(0, RoundMode::HalfToEven).eq(x.clone()))
                .then(x.cast(DataType::Int64))
                .otherwise(lit(NULL).cast(DataType::Int64))
        }
        ColumnType::Number if text => number_text(raw).cast(DataType::Float64),
        ColumnType::Number => raw.cast(DataType::Float64),
        ColumnType::Text | ColumnType::Area => code_text(raw)
            .cast(DataType::String)
            .str()
            .strip_chars(lit(NULL))
            .str()
            .normalize(UnicodeForm::NFC),
    };
    e.alias(c.name.as_str())
}

/// A mapped source: the declared columns, lazily, plus what was resolved.
pub struct Mapped {
    /// Frame with exactly the declared columns, in declaration order, with declared types.
    pub frame: LazyFrame,
    /// Declared column → source column.
    pub resolved: BTreeMap<String, Option<String>>,
    /// The file's own schema.
    pub file_schema: SchemaRef,
}

/// Map a raw scan onto dataset `ds`. Fails (with every problem) when a required column is
/// missing and not given as a constant.
pub fn map_source(
    src: &Source,
    catalogue: &Catalogue,
    ds: &Dataset,
    mut raw: LazyFrame,
) -> Result<Mapped, ComputeError> {
    let schema = raw
        .collect_schema()
        .map_err(ComputeError::polars(format!("reading the columns of {}", src.display)))?;
    let file_columns: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    let resolved = resolve_columns(src, ds, &file_columns);
    let mut problems = Vec::new();
    let constants: BTreeSet<&str> = [
        src.def.period.map(|_| ds.period_column().unwrap_or("period")),
        src.def.area.as_ref().map(|_| ds.area_column().unwrap_or("area")),
    ]
    .into_iter()
    .flatten()
    .collect();
    for c in &ds.columns {
        // A count table holds the dimensions it is broken down by: only where and when are
        // required (a birth's id or its mother's age is not a cell of a births-by-sex table).
        let required = match (&src.units, src.estimates) {
            (Some(_), _) | (None, true) => {
                c.required && matches!(c.kind, ColumnType::Period | ColumnType::Area)
            }
            (None, false) => c.required,
        };
        if required
            && resolved.get(&c.name).is_none_or(Option::is_none)
            && !constants.contains(c.name.as_str())
            && !src.def.constants.contains_key(&c.name)
            && !src.id_columns.contains(&c.name)
        {
            let hint = crate::hint(&c.name, file_columns.iter().map(String::as_str))
                .map(|h| format!("{h} Add rename = {{ \"<file column>\" = \"{}\" }} to this source in gds.toml", c.name))
                .or_else(|| Some(format!("add rename = {{ \"<file column>\" = \"{}\" }} to this source in gds.toml; the file has: {}", c.name, file_columns.join(", "))));
            problems.push(ComputeError::Data(Located {
                file: src.display.clone(),
                line: 1,
                column: Some(c.name.clone()),
                value: None,
                message: format!("required column {:?} of dataset {:?} is missing", c.name, ds.id),
                hint,
            }));
        }
    }
    for (key, from) in [("weight", &src.def.weight), ("count", &src.def.count)] {
        if let Some(from) = from
            && !file_columns.contains(from)
        {
            let hint = crate::hint(from, file_columns.iter().map(String::as_str))
                .or_else(|| Some(format!("the file has: {}", file_columns.join(", "))));
            problems.push(src.key_error(key, format!("{key} = {from:?} is not a column of the file"), hint));
        }
    }
    // A constant period or area from gds.toml and a column of the same in the file: which
    // one holds is not for gds to guess.
    for (key, given, declared) in [
        ("period", src.def.period.map(|p| p.to_string()), ds.period_column()),
        ("area", src.def.area.clone(), ds.area_column()),
    ] {
        if let (Some(v), Some(d)) = (given, declared)
            && let Some(Some(fc)) = resolved.get(d)
        {
            problems.push(src.key_error(
                key,
                format!("{key} = {v:?} is set, but the file also has a {key} column {fc:?}"),
                Some(format!("remove {key} = ... from this source, or drop the column from the file")),
            ));
        }
    }
    for from in src.def.rename.keys() {
        if !file_columns.contains(from) {
            let hint = crate::hint(from, file_columns.iter().map(String::as_str));
            let hint =
                hint.or_else(|| Some(format!("the file {} has: {}", src.display, file_columns.join(", "))));
            problems.push(src.key_error(
                "rename",
                format!("rename = {{ {from:?} = ... }}: the file has no column {from:?}"),
                hint,
            ));
        }
    }
    if !problems.is_empty() {
        return Err(if problems.len() == 1 { problems.remove(0) } else { ComputeError::Many(problems) });
    }
    let exprs: Vec<Expr> = ds
        .columns
        .iter()
        .map(|c| {
            let sc = resolved.get(&c.name).cloned().flatten();
            let dtype = sc.as_deref().and_then(|s| schema.get(s));
            match when_absent_expr(src, catalogue, ds, c, &resolved) {
                Some(e) => boolean_expr(e, &DataType::String).alias(c.name.as_str()),
                None => column_expr(src, catalogue, c, sc.as_deref(), dtype),
            }
        })
        .collect();
    Ok(Mapped { frame: raw.select(exprs), resolved, file_schema: schema })
}

/// Scan and map every source of `dataset`, concatenated. `None` when the project has none.
pub fn scan_dataset(
    project: &crate::project::Project,
    catalogue: &Catalogue,
    dataset: &str,
) -> Result<Option<(LazyFrame, Vec<crate::read::RawScan>)>, ComputeError> {
    let ds = catalogue
        .datasets
        .get(dataset)
        .ok_or_else(|| ComputeError::request(format!("unknown dataset {dataset:?}"), None))?;
    let mut frames = Vec::new();
    let mut keep = Vec::new();
    for src in project.sources_of(dataset) {
        let mut scan = crate::read::scan_raw(src)?;
        let frame = std::mem::take(&mut scan.frame);
        frames.push(map_source(src, catalogue, ds, frame)?.frame);
        keep.push(scan);
    }
    if frames.is_empty() {
        return Ok(None);
    }
    let lf = if frames.len() == 1 {
        frames.remove(0)
    } else {
        concat(frames, UnionArgs::default())
            .map_err(ComputeError::polars(format!("combining the sources of {dataset}")))?
    };
    Ok(Some((lf, keep)))
}
