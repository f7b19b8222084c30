//! The project file (`gds.toml`): which files hold which logical datasets, and how their
//! columns and codes map onto the catalogue.

use crate::error::{ComputeError, Located};
use gds_core::{Area, AreaList, CrosswalkEntry, Text};
// The same bilingual text shape as the catalogue's definition files.
use gds_indicators::def::TextDef;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// The file shape of `gds.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProjectDef {
    /// Format version (1).
    pub schema_version: u32,
    /// Name of the project (district, province...).
    pub name: TextDef,
    /// Whether the data are synthetic (printed on every output).
    #[serde(default)]
    pub synthetic: bool,
    /// Source line printed under tables and charts.
    #[serde(default)]
    pub source_note: Option<TextDef>,
    /// Area list (CSV: code,name_vi,name_en,level,parent,valid_from,valid_to).
    #[serde(default)]
    pub areas: Option<String>,
    /// Crosswalk (CSV: from,to,share,date).
    #[serde(default)]
    pub crosswalk: Option<String>,
    /// The reporting calendar that assigns dated records to periods: `calendar` (default;
    /// 1 January – 31 December and its halves and quarters) or `decree-09-2019` (the data
    /// cut-off windows of Decree 09/2019/NĐ-CP, Điều 12: 15 December – 14 June, …).
    #[serde(default)]
    pub calendar: Option<String>,
    /// Who issues the report (Decree 30/2020/NĐ-CP blocks of `gds report`'s document).
    #[serde(default)]
    pub issuer: Option<IssuerDef>,
    /// The data files.
    #[serde(default)]
    pub sources: Vec<SourceDef>,
}

/// `[issuer]` of gds.toml: the office that issues the report and who signs it, as the
/// administrative document's blocks print them (Nghị định 30/2020/NĐ-CP, Phụ lục I).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IssuerDef {
    /// The superior body (`UBND HUYỆN MINH LÂM`).
    #[serde(default)]
    pub superior: Option<TextDef>,
    /// The issuing body (`PHÒNG VĂN HÓA - XÃ HỘI`).
    pub body: TextDef,
    /// The symbol after the number (`BC-VHXH`: "Số: …/BC-VHXH").
    pub symbol: String,
    /// The place of the date line (`Minh Lâm`).
    pub place: TextDef,
    /// The authority the signer signs for, when not their own (`KT. TRƯỞNG PHÒNG`, `TM. ỦY BAN NHÂN DÂN`).
    #[serde(default)]
    pub sign_for: Option<TextDef>,
    /// The signer's title (`TRƯỞNG PHÒNG`).
    pub signer_title: TextDef,
    /// The signer's name (empty: left for the office to write).
    #[serde(default)]
    pub signer: Option<String>,
    /// Recipients ("Nơi nhận"), in order; "Lưu: VT" is added.
    #[serde(default)]
    pub recipients: Vec<TextDef>,
}

/// The issuer of a project's reports, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Issuer {
    /// Superior body.
    pub superior: Option<Text>,
    /// Issuing body.
    pub body: Text,
    /// Document symbol (`BC-VHXH`).
    pub symbol: String,
    /// Place of the date line.
    pub place: Text,
    /// Signing for (`KT. TRƯỞNG PHÒNG`).
    pub sign_for: Option<Text>,
    /// Signer's title.
    pub signer_title: Text,
    /// Signer's name.
    pub signer: Option<String>,
    /// Recipients.
    pub recipients: Vec<Text>,
}

/// One data file bound to a logical dataset.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SourceDef {
    /// Logical dataset id (from the catalogue).
    pub dataset: String,
    /// File path, relative to the project file's folder (never outside it). Empty for a
    /// `relation`.
    #[serde(default)]
    pub path: String,
    /// A table or view of the SQL engine instead of a file: a Spark catalog (Hive metastore)
    /// table `census.persons_2024`, a Delta table ``delta.`s3://bucket/persons` ``, or a
    /// DuckDB table. Read only with `--engine spark|duckdb`, where it lives; gds never reads
    /// its rows.
    #[serde(default)]
    pub relation: Option<String>,
    /// `csv`, `parquet`, `ipc` or `xlsx` (default: from the extension).
    #[serde(default)]
    pub format: Option<String>,
    /// Sheet name (xlsx).
    #[serde(default)]
    pub sheet: Option<String>,
    /// 1-based row of the header (csv, xlsx); rows above it are skipped.
    #[serde(default)]
    pub header_row: Option<usize>,
    /// CSV delimiter (default: detected, `,` or `;`).
    #[serde(default)]
    pub delimiter: Option<String>,
    /// Text encoding of a CSV file: `utf-8` (default; UTF-16 is recognised by its mark),
    /// `windows-1258` or `windows-1252` / `latin-1` (converted).
    #[serde(default)]
    pub encoding: Option<String>,
    /// The period the file covers, when it has no period column.
    #[serde(default)]
    pub period: Option<i64>,
    /// The area the file covers, when it has no area column.
    #[serde(default)]
    pub area: Option<String>,
    /// `microdata` or `aggregate` (default: the dataset's kind).
    #[serde(default)]
    pub table: Option<String>,
    /// Weight column (microdata; default: the dataset's).
    #[serde(default)]
    pub weight: Option<String>,
    /// Count column (aggregate; default: the dataset's).
    #[serde(default)]
    pub count: Option<String>,
    /// Thousands separator used in numbers of this file (`.` or `,` or ` `); without it a
    /// number such as `1.234` in a count column is an error, never read as 1.
    #[serde(default)]
    pub thousands: Option<String>,
    /// Decimal separator (`.` by default; `,` for files written with Vietnamese settings).
    #[serde(default)]
    pub decimal: Option<String>,
    /// Per declared code or area column: the width to zero-pad numeric values to, when the
    /// file stores codes as numbers (an Excel column of numbers, an integer Parquet column).
    /// Without it a number in a code column is an error.
    #[serde(default)]
    pub pad: BTreeMap<String, usize>,
    /// Source column → declared column.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Per declared column: source value → code.
    #[serde(default)]
    pub codes: BTreeMap<String, BTreeMap<String, String>>,
    /// Cell texts that mean "missing" in this file (`["?", "-", ".."]`), in every column:
    /// read as empty (unknown), never as a value or as "no".
    #[serde(default)]
    pub missing: Vec<String>,
    /// Rows the header spans (a merged group such as "Chia ra" over "Nam" and "Nữ"): each
    /// column is named by its header cells from top to bottom, joined with " / ". Default:
    /// detected in a sheet, 1 in a text file.
    #[serde(default)]
    pub header_rows: Option<usize>,
    /// A file without a header row: the names of its columns, left to right (`""` leaves a
    /// column out). Rows above the first full row are titles; no row is read as a header.
    #[serde(default)]
    pub column_names: Option<Vec<String>>,
    /// Rows to leave out at the end of the table (notes, signatures) besides those detected.
    #[serde(default)]
    pub footer_rows: Option<usize>,
    /// A wide table: the columns that carry a dimension's value in their name.
    #[serde(default)]
    pub wide: Option<WideDef>,
    /// Declared columns with one value for the whole file (`level = "commune"`).
    #[serde(default)]
    pub constants: BTreeMap<String, Constant>,
    /// Cells the table leaves to be derived: `{ sex = "M" }` takes the men as the total
    /// (`_T`, "Tổng số") minus the other codes, for a table of the total and the women.
    #[serde(default)]
    pub derive: BTreeMap<String, String>,
    /// `table = "estimates"`: the indicator the file's published estimates are of (a survey
    /// office's table of rates with their standard errors).
    #[serde(default)]
    pub indicator: Option<String>,
    /// `table = "estimates"`: the file column with the estimate, in the indicator's unit.
    #[serde(default)]
    pub estimate: Option<String>,
    /// `table = "estimates"`: the file column with the estimate's standard error.
    #[serde(default)]
    pub se: Option<String>,
    /// `table = "estimates"`: the file column with the unweighted number of observations.
    #[serde(default)]
    pub n: Option<String>,
    /// A column of the file with the year of birth: the age is the period minus it (the age
    /// reached in the period's year; needs `period = <year>`).
    #[serde(default)]
    pub year_of_birth: Option<String>,
    /// A workbook made by `gds forms`: the form version and the reporting unit its hidden
    /// sheet must name (a form of another cycle or catalogue, or another unit's form, is
    /// refused before any of its numbers is read).
    #[serde(default)]
    pub form: Option<FormDef>,
}

/// The identity a returned form must carry (`form = { version = "…", unit = "02101" }`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FormDef {
    /// The version `gds forms` wrote (a digest of the form's structure and period).
    pub version: String,
    /// The code of the unit the form was made for.
    pub unit: String,
}

/// A constant of a source: text or a number, as written in gds.toml.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Constant {
    /// An integer (a period, a count).
    Integer(i64),
    /// A number.
    Number(f64),
    /// A yes/no.
    Boolean(bool),
    /// A code or a text.
    Text(String),
}

impl Constant {
    /// The value as a cell would hold it.
    pub fn text(&self) -> String {
        match self {
            Constant::Integer(i) => i.to_string(),
            Constant::Number(x) => x.to_string(),
            Constant::Boolean(b) => b.to_string(),
            Constant::Text(t) => gds_core::nfc(t),
        }
    }
}

/// A wide layout: a value per (row, column), the column's name giving one or more dimensions.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WideDef {
    /// The declared column each cell goes to (default: the dataset's count column).
    #[serde(default)]
    pub value: Option<String>,
    /// Columns by their header name → the dimension values they carry
    /// (`"Nữ" = { sex = "F" }`).
    #[serde(default)]
    pub columns: BTreeMap<String, BTreeMap<String, String>>,
    /// Or a pattern that column names match, its `{name}` parts giving the values of the
    /// declared columns so named (`"gdi_{period}"`); `{column}` names the declared column the
    /// cell goes to instead of `value` (`"{column}_{sex}"`).
    #[serde(default)]
    pub pattern: Option<String>,
}

/// File formats gds reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma- or semicolon-separated text.
    Csv,
    /// Apache Parquet.
    Parquet,
    /// Arrow IPC / Feather.
    Ipc,
    /// Excel workbook.
    Xlsx,
    /// A table or view of a SQL engine (`relation = "..."`), read only there.
    Relation,
}

impl Format {
    /// Format from a name or a file extension.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "csv" | "txt" | "tsv" => Some(Format::Csv),
            "parquet" | "pq" => Some(Format::Parquet),
            "ipc" | "arrow" | "feather" => Some(Format::Ipc),
            "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// A resolved source.
#[derive(Debug, Clone)]
pub struct Source {
    /// The definition as written.
    pub def: SourceDef,
    /// Absolute path of the file.
    pub path: PathBuf,
    /// Path as written (for messages).
    pub display: String,
    /// Format.
    pub format: Format,
    /// Whether rows are cells of an aggregate table.
    pub aggregate: bool,
    /// The file column that counts the units of each row, when this source is a count table
    /// of a dataset of units (`table = "aggregate"` with `count = ...` for births, persons):
    /// each row stands for that many records, and columns no row needs are not required.
    pub units: Option<String>,
    /// A wide layout's value column (declared `value`, else the count column).
    pub wide_value: Option<String>,
    /// The dataset's text key columns (a leader's id): when the file has none, each row gets
    /// its own (`<file>#<row>`), never a required column missing.
    pub id_columns: Vec<String>,
    /// A table of published estimates (`table = "estimates"`): its rows are results of one
    /// indicator, with their n or standard error, not units or counts.
    pub estimates: bool,
    /// The project file, as given (for messages about this source's keys).
    pub project_file: String,
    /// Line in the project file of each key of this source (`path`, `weight`, ...).
    pub key_lines: BTreeMap<String, usize>,
}

impl Source {
    /// A problem with one of this source's keys in gds.toml, located at the key's line.
    pub fn has_layout(&self) -> bool {
        self.def.header_rows.is_some()
            || self.def.column_names.is_some()
            || self.def.footer_rows.is_some()
            || self.def.wide.is_some()
            || !self.def.derive.is_empty()
    }

    /// The error of a gds.toml key of this source, at its line.
    pub fn key_error(&self, key: &str, message: String, hint: Option<String>) -> ComputeError {
        ComputeError::Project(Located {
            file: self.project_file.clone(),
            line: self.key_lines.get(key).or(self.key_lines.get("path")).copied().unwrap_or(0),
            column: None,
            value: None,
            message: format!("[[sources]] {}: {message}", self.display),
            hint,
        })
    }
}

/// A loaded project.
#[derive(Debug, Clone)]
pub struct Project {
    /// Path of gds.toml.
    pub file: PathBuf,
    /// Folder of gds.toml.
    pub root: PathBuf,
    /// Name.
    pub name: Text,
    /// Synthetic data?
    pub synthetic: bool,
    /// Source note.
    pub source_note: Option<Text>,
    /// Areas.
    pub areas: AreaList,
    /// How dated records fall into periods.
    pub calendar: gds_core::Calendar,
    /// The sources of data (records and count tables).
    pub sources: Vec<Source>,
    /// The tables of published estimates (`table = "estimates"`), each of one indicator.
    pub estimates: Vec<Source>,
    /// Who issues its reports (`[issuer]`), if the project says.
    pub issuer: Option<Issuer>,
    /// Real paths of every file the project reads (gds.toml, data, areas, crosswalk), so
    /// that no output is ever written over one of them.
    pub inputs: Vec<PathBuf>,
}

fn located(file: &Path, line: usize, message: String, hint: Option<String>) -> ComputeError {
    ComputeError::Project(Located {
        file: file.display().to_string(),
        line,
        column: None,
        value: None,
        message,
        hint,
    })
}

/// Resolve `rel` under `root`, refusing absolute paths and `..` that leave the folder.
pub fn resolve_inside(root: &Path, rel: &str) -> Option<PathBuf> {
    let p = Path::new(rel);
    if p.is_absolute() {
        return None;
    }
    let mut depth = 0i32;
    for c in p.components() {
        match c {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            _ => return None,
        }
        if depth < 0 {
            return None;
        }
    }
    Some(root.join(p))
}

/// The real path of `path` (symbolic links followed), if it stays inside `root`; otherwise
/// why not. Links are refused when they lead outside the project folder.
pub fn inside_for_real(root: &Path, path: &Path) -> Result<PathBuf, String> {
    let real_root = std::fs::canonicalize(root).map_err(|e| format!("cannot be resolved: {e}"))?;
    let real = std::fs::canonicalize(path).map_err(|e| format!("cannot be resolved: {e}"))?;
    if !real.starts_with(&real_root) {
        return Err("is a link that leads outside the project folder".into());
    }
    if !real.is_file() {
        return Err("is not a file".into());
    }
    Ok(real)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).map_or(0, |i| i + 1)
}

/// Lines of every key of the `[[sources]]` block that holds line `inside` (1-based).
fn block_key_lines(text: &str, inside: usize) -> BTreeMap<String, usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = BTreeMap::new();
    if inside == 0 || inside > lines.len() {
        return out;
    }
    let start = (0..inside).rev().find(|&i| lines[i].trim_start().starts_with("[[")).unwrap_or(0);
    let end = (inside..lines.len()).find(|&i| lines[i].trim_start().starts_with('[')).unwrap_or(lines.len());
    for (i, l) in lines.iter().enumerate().take(end).skip(start) {
        let t = l.trim_start();
        if let Some((k, _)) = t.split_once('=') {
            let k = k.trim().trim_matches('"');
            if !k.is_empty() && !k.contains(' ') {
                out.entry(k.to_string()).or_insert(i + 1);
            }
        }
    }
    out
}

/// The keys of a table of published estimates: an indicator with a value per result row
/// (not a composite index, not a derived gap), the estimate column, and its standard error
/// or its n (without either, neither an interval nor a small-number rule could be given).
fn check_estimate_keys(
    s: &SourceDef,
    catalogue: &gds_indicators::Catalogue,
    dataset: &str,
    file: &Path,
    key_line: &dyn Fn(&str) -> usize,
    problems: &mut Vec<ComputeError>,
) {
    use gds_indicators::Measure;
    let line = |k: &str| key_line(k);
    match s.indicator.as_deref().map(|i| (i, catalogue.indicator(i))) {
        None => problems.push(located(
            file,
            line("table"),
            "table = \"estimates\" needs the indicator the estimates are of".into(),
            Some("add indicator = \"<id>\" (gds indicators list)".into()),
        )),
        Some((i, None)) => problems.push(located(
            file,
            line("indicator"),
            format!("indicator = {i:?} is not in the catalogue"),
            crate::hint(i, catalogue.indicators.keys().map(String::as_str)),
        )),
        Some((i, Some(ind))) => match &ind.measure {
            None | Some(Measure::Derived { .. } | Measure::Gdi { .. } | Measure::Gii { .. }) => problems
                .push(located(
                    file,
                    line("indicator"),
                    format!("indicator = {i:?} is computed from other results, not estimated from a survey"),
                    Some("give the estimates of its base indicator (a rate by sex, a share, a mean)".into()),
                )),
            Some(m) if !m.datasets().contains(&dataset) => problems.push(located(
                file,
                line("dataset"),
                format!("indicator {i:?} is not computed from dataset {dataset:?}"),
                Some(format!(
                    "use dataset = {:?} (its columns name the table's codes)",
                    m.datasets().join(", ")
                )),
            )),
            Some(_) => {}
        },
    }
    if s.estimate.is_none() {
        problems.push(located(
            file,
            line("table"),
            "table = \"estimates\" needs the column of the estimates".into(),
            Some("add estimate = \"<file column>\"".into()),
        ));
    }
    if s.se.is_none() && s.n.is_none() {
        problems.push(located(
            file,
            line("table"),
            "a table of estimates needs its standard errors or its numbers of observations".into(),
            Some("add se = \"<file column>\" and/or n = \"<file column>\"".into()),
        ));
    }
    if s.wide.is_some() || !s.derive.is_empty() {
        problems.push(located(
            file,
            line(if s.wide.is_some() { "wide" } else { "derive" }),
            "wide and derive apply to tables of counts, not of estimates".into(),
            None,
        ));
    }
}

/// Keys of a source that mean nothing for a file format, with what to do instead.
fn keys_not_for(format: Format, s: &SourceDef) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if format == Format::Relation {
        // The engine reads the relation's typed columns; what only gds's own reading of a
        // file can do has no meaning there.
        let file_only: [(&'static str, bool); 11] = [
            ("sheet", s.sheet.is_some()),
            ("header-row", s.header_row.is_some()),
            ("header-rows", s.header_rows.is_some()),
            ("column-names", s.column_names.is_some()),
            ("footer-rows", s.footer_rows.is_some()),
            ("wide", s.wide.is_some()),
            ("derive", !s.derive.is_empty()),
            ("delimiter", s.delimiter.is_some()),
            ("encoding", s.encoding.is_some()),
            ("missing", !s.missing.is_empty()),
            ("year-of-birth", s.year_of_birth.is_some()),
        ];
        for (key, set) in file_only {
            if set {
                out.push((key, "this key applies to files that gds reads itself; write it into the engine's view instead"));
            }
        }
        return out;
    }
    let text = matches!(format, Format::Csv);
    let sheet = matches!(format, Format::Xlsx);
    if s.sheet.is_some() && !sheet {
        out.push(("sheet", "sheet applies to Excel workbooks only"));
    }
    if s.header_row.is_some() && !(text || sheet) {
        out.push(("header-row", "header-row applies to CSV files and Excel sheets only"));
    }
    if s.column_names.is_some() && !(text || sheet) {
        out.push(("column-names", "column-names applies to CSV files and Excel sheets only"));
    }
    if s.column_names.is_some() && (s.header_row.is_some() || s.header_rows.is_some()) {
        out.push((
            "column-names",
            "column-names is for a file without a header: leave out header-row and header-rows",
        ));
    }
    if s.delimiter.is_some() && !text {
        out.push(("delimiter", "delimiter applies to CSV files only"));
    }
    if s.encoding.is_some() && !text {
        out.push((
            "encoding",
            "encoding applies to CSV files only (workbooks and Parquet are always Unicode)",
        ));
    }
    out
}

impl Project {
    /// Read and check `gds.toml` (paths inside the folder, datasets known, formats known) and
    /// its area list. Every problem is reported at once.
    pub fn load(file: &Path, catalogue: &gds_indicators::Catalogue) -> Result<Project, ComputeError> {
        Self::load_opts(file, catalogue, true)
    }

    /// As [`Project::load`], but data files need not be there: for computing from stored
    /// cubes (`gds compute --from-cubes`), where only the areas, the crosswalk and which
    /// datasets the project has are used.
    pub fn load_without_data(
        file: &Path,
        catalogue: &gds_indicators::Catalogue,
    ) -> Result<Project, ComputeError> {
        Self::load_opts(file, catalogue, false)
    }

    fn load_opts(
        file: &Path,
        catalogue: &gds_indicators::Catalogue,
        require_data: bool,
    ) -> Result<Project, ComputeError> {
        let text = std::fs::read_to_string(file).map_err(|e| {
            let not_utf8 = e.kind() == std::io::ErrorKind::InvalidData;
            located(
                file,
                0,
                format!("cannot read the project file: {e}"),
                Some(if not_utf8 {
                    "save gds.toml as UTF-8 text (in Notepad: Save as… › Encoding: UTF-8)".into()
                } else {
                    "give the path of a gds.toml (see data-samples/minh-lam/gds.toml)".into()
                }),
            )
        })?;
        let def: ProjectDef = toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(0, |s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            // Quote what the parser stopped at (the duplicated key, the bad value...).
            let near = e
                .span()
                .and_then(|sp| text.get(sp.start.min(text.len())..sp.end.min(text.len())))
                .map(|t| t.lines().next().unwrap_or("").trim().to_string())
                .filter(|t| !t.is_empty())
                .map(|t| format!(" (at {t:?})"))
                .unwrap_or_default();
            located(
                file,
                line,
                format!("{}{near}", e.message().trim()),
                Some("fix the project file (keys are kebab-case)".into()),
            )
        })?;
        let root = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = if root.as_os_str().is_empty() { PathBuf::from(".") } else { root };
        let mut problems = Vec::new();
        if def.schema_version != 1 {
            problems.push(located(
                file,
                line_of(&text, "schema-version"),
                format!("schema-version {} is not supported", def.schema_version),
                Some("use schema-version = 1".into()),
            ));
        }
        let mut sources = Vec::new();
        // Each file (each sheet of a workbook) once: (path as written, real path, sheet).
        let mut seen_files: Vec<(String, PathBuf, Option<String>)> = Vec::new();
        // The returned forms found in each folder, read once (only when a form is missing).
        let mut returned: BTreeMap<PathBuf, Vec<(PathBuf, String, String)>> = BTreeMap::new();
        // The line of each `[[sources]]` header: the i-th source's keys are in the i-th block
        // (a workbook's path repeated in several blocks, one per sheet, is cited at its own).
        let headers: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim().replace(' ', "") == "[[sources]]")
            .map(|(i, _)| i + 1)
            .collect();
        for (index, s) in def.sources.iter().enumerate() {
            let mut found_as: Option<String> = None;
            let line = match headers.get(index).filter(|_| headers.len() == def.sources.len()) {
                Some(h) => {
                    let keys = block_key_lines(&text, *h);
                    keys.get("path").or(keys.get("relation")).copied().unwrap_or(*h)
                }
                None => match &s.relation {
                    Some(r) if s.path.is_empty() => line_of(&text, &format!("relation = \"{r}")),
                    _ => line_of(&text, &format!("\"{}\"", s.path)),
                },
            };
            let keys = block_key_lines(&text, line);
            let key_line = |k: &str| keys.get(k).copied().unwrap_or(line);
            let Some(dataset) = catalogue.datasets.get(&s.dataset) else {
                let hint = crate::hint(&s.dataset, catalogue.datasets.keys().map(String::as_str));
                problems.push(located(
                    file,
                    key_line("dataset"),
                    format!("unknown dataset {:?}", s.dataset),
                    hint,
                ));
                continue;
            };
            if s.relation.is_none() && s.path.is_empty() {
                problems.push(located(
                    file,
                    headers.get(index).copied().unwrap_or(line),
                    "a [[sources]] entry has no path".into(),
                    Some("give path = \"<file>\" (relative to gds.toml), or relation = \"<table>\" for a table of the SQL engine".into()),
                ));
                continue;
            }
            let (path, format) = match &s.relation {
                Some(r) => {
                    let mut wrong = Vec::new();
                    if !s.path.is_empty() {
                        wrong.push((
                            "path",
                            "a source is a file (path) or a relation of a SQL engine, not both",
                        ));
                    }
                    if r.trim().is_empty() {
                        wrong.push(("relation", "relation names a table or view of the SQL engine"));
                    }
                    wrong.extend(keys_not_for(Format::Relation, s));
                    for (key, why) in wrong {
                        problems.push(located(
                            file,
                            key_line(key),
                            format!("relation {r:?}: {why}"),
                            Some(format!("remove {key} = ... from this source, or give a file's path instead of the relation")),
                        ));
                    }
                    (PathBuf::new(), Format::Relation)
                }
                None => {
                    let Some(path) = resolve_inside(&root, &s.path) else {
                        problems.push(located(
                            file,
                            line,
                            format!("path {:?} leaves the project folder", s.path),
                            Some("data files must sit in the project folder or below it".into()),
                        ));
                        continue;
                    };
                    let ext = s
                        .format
                        .clone()
                        .or_else(|| path.extension().map(|e| e.to_string_lossy().to_string()))
                        .unwrap_or_default();
                    let Some(format) = Format::parse(&ext) else {
                        problems.push(located(
                            file,
                            line,
                            format!("{:?}: unknown file format {ext:?}", s.path),
                            Some(
                                "use csv, parquet, ipc (arrow/feather) or xlsx, or set format = \"...\""
                                    .into(),
                            ),
                        ));
                        continue;
                    };
                    // A returned form saved under another name, or as .ods from LibreOffice:
                    // found by the identity sheet gds forms wrote into it.
                    let path = match &s.form {
                        Some(form) if !path.exists() => {
                            match crate::forms::returned(&mut returned, &path, form) {
                                Ok(Some(found)) => {
                                    found_as = Some(
                                        found
                                            .strip_prefix(&root)
                                            .unwrap_or(&found)
                                            .to_string_lossy()
                                            .to_string(),
                                    );
                                    found
                                }
                                Ok(None) => path,
                                Err(why) => {
                                    problems.push(located(
                                        file,
                                        line,
                                        why,
                                        Some("keep one returned form per unit in the folder".into()),
                                    ));
                                    continue;
                                }
                            }
                        }
                        _ => path,
                    };
                    let absent_allowed = !require_data && !path.exists();
                    if !path.exists() && !absent_allowed {
                        let link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                        problems.push(located(
                            file,
                            line,
                            if link {
                                format!(
                                    "data file {:?} is a symbolic link that leads nowhere (or to itself)",
                                    s.path
                                )
                            } else {
                                format!("data file {:?} does not exist", s.path)
                            },
                            Some(format!("paths are relative to {}", root.display())),
                        ));
                        continue;
                    }
                    let real = match inside_for_real(&root, &path) {
                        _ if absent_allowed => path.clone(),
                        Ok(r) => r,
                        Err(why) => {
                            let hint = if why.contains("link") {
                                "copy the file into the project folder instead of linking to it"
                            } else {
                                "give the path of a data file"
                            };
                            problems.push(located(
                                file,
                                line,
                                format!("data file {:?} {why}", s.path),
                                Some(hint.into()),
                            ));
                            continue;
                        }
                    };
                    if let Some((other, _, sheet)) =
                        seen_files.iter().find(|(_, r, sheet)| *r == real && *sheet == s.sheet)
                    {
                        let what = match sheet {
                            Some(sh) => format!("sheet {sh:?} of the same file as {other:?}"),
                            None => format!("the same file as {other:?}"),
                        };
                        problems.push(located(
                            file,
                            line,
                            format!(
                                "data file {:?} is {what}, listed twice: it would be counted twice",
                                s.path
                            ),
                            Some("list each file (each sheet of a workbook) once".into()),
                        ));
                        continue;
                    }
                    seen_files.push((s.path.clone(), real, s.sheet.clone()));
                    for (key, why) in keys_not_for(format, s) {
                        problems.push(located(
                            file,
                            key_line(key),
                            format!("{key} is set, but {:?} is not a file it applies to: {why}", s.path),
                            Some(format!("remove {key} = ... from this source")),
                        ));
                    }
                    (path, format)
                }
            };
            if let Some(d) = &s.delimiter
                && !(d.chars().count() == 1 || d == "\\t" || d == "tab")
            {
                problems.push(located(
                    file,
                    key_line("delimiter"),
                    format!("delimiter {d:?} must be one character"),
                    Some("use \",\", \";\" or \"tab\"".into()),
                ));
            }
            for (col, map) in &s.codes {
                let Some(decl) = dataset.column(col) else { continue };
                let Some(cl) = decl.codelist.as_deref().and_then(|c| catalogue.codelists.get(c)) else {
                    problems.push(located(
                        file,
                        key_line("codes"),
                        format!(
                            "codes = {{ {col} = ... }}: {col:?} is not a coded column of dataset {:?}",
                            dataset.id
                        ),
                        Some(
                            "codes maps values of code columns (sex, urban_rural, ...) onto their code lists"
                                .into(),
                        ),
                    ));
                    continue;
                };
                for (from, to) in map {
                    if !cl.codes.iter().any(|c| &c.code == to) {
                        let hint =
                            crate::hint(to, cl.codes.iter().map(|c| c.code.as_str())).unwrap_or_else(|| {
                                format!(
                                    "codes of {:?}: {}",
                                    cl.id,
                                    cl.codes.iter().map(|c| c.code.as_str()).collect::<Vec<_>>().join(", ")
                                )
                            });
                        problems.push(located(
                            file,
                            key_line("codes"),
                            format!(
                                "codes = {{ {col} = {{ {from:?} = {to:?} }} }}: {to:?} is not a code of {:?}",
                                cl.id
                            ),
                            Some(hint),
                        ));
                    }
                }
            }
            let mut targets: BTreeMap<&String, &String> = BTreeMap::new();
            for (from, to) in &s.rename {
                if let Some(other) = targets.insert(to, from) {
                    problems.push(located(
                        file,
                        key_line("rename"),
                        format!("rename maps both {other:?} and {from:?} onto {to:?}"),
                        Some("rename one file column onto each declared column".into()),
                    ));
                }
            }
            if let Some(e) = &s.encoding
                && !matches!(
                    e.to_ascii_lowercase().as_str(),
                    "utf-8"
                        | "utf8"
                        | "utf-16"
                        | "windows-1258"
                        | "cp1258"
                        | "windows-1252"
                        | "cp1252"
                        | "latin-1"
                        | "latin1"
                        | "iso-8859-1"
                )
            {
                problems.push(located(file, key_line("encoding"), format!("encoding {e:?} is not supported"), Some("gds reads UTF-8 and UTF-16 and converts windows-1258 and windows-1252 (latin-1); convert TCVN3/VNI files to Unicode first (e.g. with Unikey's converter)".into())));
            }
            let declared_aggregate = dataset.kind == gds_indicators::DatasetKind::Aggregate;
            let estimates = s.table.as_deref() == Some("estimates");
            let estimate_keys =
                [("indicator", &s.indicator), ("estimate", &s.estimate), ("se", &s.se), ("n", &s.n)];
            if estimates {
                check_estimate_keys(s, catalogue, &dataset.id, file, &key_line, &mut problems);
            } else if let Some((k, _)) = estimate_keys.iter().find(|(_, v)| v.is_some()) {
                problems.push(located(
                    file,
                    key_line(k),
                    format!("{k} = ... belongs to a table of published estimates"),
                    Some("add table = \"estimates\", or remove the key".into()),
                ));
            }
            let aggregate = match s.table.as_deref() {
                Some("aggregate") => true,
                Some("microdata") => false,
                Some("estimates") => true,
                Some(other) => {
                    problems.push(located(
                        file,
                        key_line("table"),
                        format!("table = {other:?} is neither microdata, aggregate nor estimates"),
                        None,
                    ));
                    declared_aggregate
                }
                None => declared_aggregate,
            };
            // A table of cells is checked for its totals (F + M = T, sub-areas summing to
            // their parent) by gds's own reading: a relation of records only, for now.
            if aggregate && format == Format::Relation {
                problems.push(located(
                    file,
                    line,
                    format!(
                        "relation {:?}: dataset {:?} is a table of cells (aggregate or estimates), whose totals gds checks in its own reading",
                        s.relation.as_deref().unwrap_or_default(),
                        dataset.id
                    ),
                    Some("export the table to a file (CSV or Parquet) and give its path; relations hold records".into()),
                ));
                continue;
            }
            // A count table of a microdata dataset (births by sex, persons by age and sex):
            // each row is a cell and `count` names the file's column of units counted.
            let count_table = aggregate && !declared_aggregate && !estimates;
            if count_table && s.count.is_none() {
                problems.push(located(
                    file,
                    key_line("table"),
                    format!(
                        "table = \"aggregate\" for dataset {:?} (one row per unit) needs the column that counts the units of each row",
                        dataset.id
                    ),
                    Some("add count = \"<file column>\" (the number of births, persons, ... in each row)".into()),
                ));
            }
            // Keys gds.toml accepts are honoured, or refused: never accepted and ignored.
            if aggregate != declared_aggregate && !count_table && !estimates {
                problems.push(located(file, key_line("table"),
                    format!("table = {:?}, but dataset {:?} is declared {}; reading a source against its dataset's kind is not supported",
                        s.table.as_deref().unwrap_or_default(),
                        dataset.id,
                        if declared_aggregate { "aggregate" } else { "microdata" }
                    ),
                    Some("remove table = ... or bind the file to a dataset of that kind".into()),
                ));
            }
            if s.weight.is_some() && (aggregate || estimates || dataset.weight.is_none()) {
                problems.push(located(file, key_line("weight"),
                    format!("weight = {:?}: dataset {:?} has no survey weight", s.weight.as_deref().unwrap_or_default(), dataset.id),
                    Some("remove weight = ...; a weight applies to sample-survey microdata whose dataset declares one".into()),
                ));
            }
            if s.count.is_some() && (estimates || !aggregate || (dataset.count.is_none() && !count_table)) {
                problems.push(located(
                    file,
                    key_line("count"),
                    format!(
                        "count = {:?}: dataset {:?} is not a count table",
                        s.count.as_deref().unwrap_or_default(),
                        dataset.id
                    ),
                    Some("remove count = ...; a count column belongs to an aggregate dataset".into()),
                ));
            }
            if let Some(sep) =
                s.thousands.as_deref().filter(|t| !matches!(*t, "." | "," | " " | "\u{a0}" | "'"))
            {
                problems.push(located(
                    file,
                    key_line("thousands"),
                    format!("thousands = {sep:?} is not a thousands separator"),
                    Some("use \".\", \",\" or \" \"".into()),
                ));
            }
            if let Some(d) = s.decimal.as_deref().filter(|d| !matches!(*d, "." | ",")) {
                problems.push(located(
                    file,
                    key_line("decimal"),
                    format!("decimal = {d:?} is not a decimal separator"),
                    Some("use \".\" or \",\"".into()),
                ));
            }
            if s.thousands.is_some() && s.thousands == s.decimal.clone().or(Some(".".into())) {
                problems.push(located(
                    file,
                    key_line("thousands"),
                    "the thousands and decimal separators are the same".into(),
                    Some("with thousands = \".\" set decimal = \",\"".into()),
                ));
            }
            if let Some(t) = s.missing.iter().find(|t| t.trim().is_empty() || t.trim() != t.as_str()) {
                problems.push(located(
                    file,
                    key_line("missing"),
                    format!("missing = [{t:?}]: a missing-value token is a non-empty text without surrounding spaces"),
                    Some("list the texts as written in the cells, e.g. missing = [\"?\", \"-\", \"..\"]".into()),
                ));
            }
            for (c, w) in &s.pad {
                let ok = dataset.column(c).is_some_and(|d| {
                    matches!(d.kind, gds_indicators::ColumnType::Code | gds_indicators::ColumnType::Area)
                });
                if !ok || *w == 0 || *w > 20 {
                    problems.push(located(file, key_line("pad"), format!("pad = {{ {c} = {w} }}: padding applies to a code or area column, with a width of 1 to 20"), None));
                }
            }
            for (key, target) in
                s.rename.values().map(|v| ("rename", v)).chain(s.codes.keys().map(|k| ("codes", k)))
            {
                // A derived dimension (age_group) may be given by the file instead of its base.
                if dataset.column(target).is_none() && !dataset.derived.iter().any(|d| d.name == *target) {
                    let hint = crate::hint(target, dataset.columns.iter().map(|c| c.name.as_str()));
                    problems.push(located(
                        file,
                        key_line(key),
                        format!("{:?} is not a column of dataset {:?}", target, dataset.id),
                        hint,
                    ));
                }
            }
            for c in s.constants.keys() {
                if dataset.column(c).is_none() {
                    let hint = crate::hint(c, dataset.columns.iter().map(|c| c.name.as_str()));
                    problems.push(located(
                        file,
                        key_line("constants"),
                        format!(
                            "constants = {{ {c} = ... }}: {c:?} is not a column of dataset {:?}",
                            dataset.id
                        ),
                        hint,
                    ));
                }
            }
            if s.year_of_birth.is_some() && (s.period.is_none() || dataset.column("age").is_none()) {
                problems.push(located(
                    file,
                    key_line("year-of-birth"),
                    "year-of-birth gives the age from the period: set period = <year> for this file (and bind it to a dataset with an age)".into(),
                    None,
                ));
            }
            for c in s.derive.keys() {
                if !dataset.column(c).is_some_and(|d| d.kind == gds_indicators::ColumnType::Code)
                    || !count_table && !aggregate
                {
                    problems.push(located(
                        file,
                        key_line("derive"),
                        format!("derive = {{ {c} = ... }}: cells are derived in a count table, for one of its code columns"),
                        crate::hint(c, dataset.columns.iter().map(|c| c.name.as_str())),
                    ));
                }
            }
            if let Some(w) = &s.wide {
                let mut dims: Vec<String> = w.columns.values().flat_map(|m| m.keys().cloned()).collect();
                if let Some(p) = &w.pattern {
                    dims.extend(crate::layout::placeholders(p).into_iter().filter(|p| p != "column"));
                }
                for d in dims {
                    if dataset.column(&d).is_none() && !dataset.derived.iter().any(|x| x.name == d) {
                        let hint = crate::hint(&d, dataset.columns.iter().map(|c| c.name.as_str()));
                        problems.push(located(
                            file,
                            key_line("wide"),
                            format!("wide: {d:?} is not a column of dataset {:?}", dataset.id),
                            hint,
                        ));
                    }
                }
                let value = w.value.clone().or_else(|| s.count.clone()).or_else(|| dataset.count.clone());
                let names_column = w
                    .pattern
                    .as_deref()
                    .is_some_and(|p| crate::layout::placeholders(p).iter().any(|x| x == "column"));
                if w.columns.is_empty() == w.pattern.is_none() {
                    problems.push(located(
                        file,
                        key_line("wide"),
                        "wide: give either columns = { \"<header>\" = { <column> = \"<value>\" }, ... } or pattern = \"<name>_{<column>}\"".into(),
                        None,
                    ));
                } else if value.is_none() && !names_column {
                    problems.push(located(
                        file,
                        key_line("wide"),
                        format!(
                            "wide: which column do the cells hold? dataset {:?} has no count column",
                            dataset.id
                        ),
                        Some("add value = \"<column>\" to wide".into()),
                    ));
                }
            }
            sources.push(Source {
                def: s.clone(),
                path,
                display: match (&s.relation, found_as) {
                    (Some(r), _) => r.clone(),
                    (None, Some(found)) => found,
                    (None, None) => s.path.clone(),
                },
                format,
                aggregate,
                estimates,
                units: if count_table { s.count.clone() } else { None },
                id_columns: dataset
                    .keys
                    .iter()
                    .filter(|k| dataset.column(k).is_some_and(|c| c.kind == gds_indicators::ColumnType::Text))
                    .cloned()
                    .collect(),
                wide_value: s.wide.as_ref().and_then(|w| {
                    w.value.clone().or_else(|| s.count.clone()).or_else(|| dataset.count.clone())
                }),
                project_file: file.display().to_string(),
                key_lines: keys.clone(),
            });
        }
        let areas = match &def.areas {
            None => AreaList::default(),
            Some(a) => match read_areas(&root, a, def.crosswalk.as_deref(), file, &text) {
                Ok(l) => l,
                Err(mut e) => {
                    problems.append(&mut e);
                    AreaList::default()
                }
            },
        };
        if !areas.is_empty() {
            for src in &sources {
                if let Some(a) = &src.def.area
                    && areas.get(a).is_none()
                {
                    let hint = crate::hint(a, areas.iter().map(|x| x.code.as_str()))
                        .or(Some("add the unit to the area list, or correct the code".into()));
                    problems.push(src.key_error(
                        "area",
                        format!("area = {a:?} is not in the area list"),
                        hint,
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(ComputeError::Many(problems));
        }
        let calendar = match def.calendar.as_deref() {
            None => gds_core::Calendar::default(),
            Some(c) => gds_core::Calendar::parse(c).ok_or_else(|| {
                located(
                    file,
                    line_of(&text, "calendar"),
                    format!("calendar = {c:?} is not a reporting calendar"),
                    Some(format!("one of {}", gds_core::Calendar::NAMES.join(", "))),
                )
            })?,
        };
        let mut inputs: Vec<PathBuf> = seen_files.into_iter().map(|(_, r, _)| r).collect();
        inputs.dedup();
        inputs.extend(std::fs::canonicalize(file).ok());
        for rel in [def.areas.as_deref(), def.crosswalk.as_deref()].into_iter().flatten() {
            inputs.extend(resolve_inside(&root, rel).and_then(|p| std::fs::canonicalize(p).ok()));
        }
        Ok(Project {
            inputs,
            file: file.to_path_buf(),
            root,
            name: Text::new(&def.name.vi, &def.name.en),
            synthetic: def.synthetic,
            source_note: def.source_note.map(|t| Text::new(&t.vi, &t.en)),
            issuer: def.issuer.map(|i| {
                let t = |t: &TextDef| Text::new(&t.vi, &t.en);
                Issuer {
                    superior: i.superior.as_ref().map(t),
                    body: t(&i.body),
                    symbol: i.symbol.clone(),
                    place: t(&i.place),
                    sign_for: i.sign_for.as_ref().map(t),
                    signer_title: t(&i.signer_title),
                    signer: i.signer.clone().filter(|s| !s.trim().is_empty()),
                    recipients: i.recipients.iter().map(t).collect(),
                }
            }),
            areas,
            calendar,
            estimates: sources.iter().filter(|s| s.estimates).cloned().collect(),
            sources: sources.into_iter().filter(|s| !s.estimates).collect(),
        })
    }

    /// Sources of one dataset.
    pub fn sources_of<'a>(&'a self, dataset: &'a str) -> impl Iterator<Item = &'a Source> + 'a {
        self.sources.iter().filter(move |s| s.def.dataset == dataset)
    }
}

/// Known area levels, from the top. Which levels exist, and when, is data (the area list);
/// these names give their order.
pub const AREA_LEVELS: [&str; 4] = ["national", "province", "district", "commune"];

/// Whether `s` is an ISO date `YYYY-MM-DD` that exists in the calendar.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r).filter(|t| t.bytes().all(|c| c.is_ascii_digit()))?.parse::<u32>().ok()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else { return false };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// A problem located in a file, at a column and value.
fn at(
    file: &Path,
    line: usize,
    column: &str,
    value: &str,
    message: String,
    hint: Option<String>,
) -> ComputeError {
    ComputeError::Project(Located {
        file: file.display().to_string(),
        line,
        column: Some(column.to_string()),
        value: Some(value.to_string()),
        message,
        hint,
    })
}

/// Tolerance on the sum of a crosswalk's shares for one old unit.
pub const SHARE_TOLERANCE: f64 = 1e-6;

fn read_areas(
    root: &Path,
    areas: &str,
    crosswalk: Option<&str>,
    project_file: &Path,
    project_text: &str,
) -> Result<AreaList, Vec<ComputeError>> {
    let open = |rel: &str, what: &str| -> Result<(PathBuf, csv::Reader<std::fs::File>), ComputeError> {
        let key = if what == "crosswalk" { "crosswalk" } else { "areas" };
        let line = project_text
            .lines()
            .position(|l| l.trim_start().starts_with(key) && l.contains(rel))
            .map_or(0, |i| i + 1);
        let p = resolve_inside(root, rel).ok_or_else(|| {
            located(
                project_file,
                line,
                format!("{key} = {rel:?}: the {what} leaves the project folder"),
                Some("keep it in the project folder".into()),
            )
        })?;
        if !p.exists() {
            return Err(located(
                project_file,
                line,
                format!("{key} = {rel:?}: the {what} does not exist"),
                Some(format!("paths are relative to {}", root.display())),
            ));
        }
        inside_for_real(root, &p).map_err(|why| {
            located(
                project_file,
                line,
                format!("{key} = {rel:?}: the {what} {why}"),
                Some("copy the file into the project folder instead of linking to it".into()),
            )
        })?;
        let r = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_path(&p)
            .map_err(|e| located(Path::new(rel), 0, format!("cannot read the {what}: {e}"), None))?;
        Ok((p, r))
    };
    let mut errors = Vec::new();
    let (_, mut ar) = open(areas, "area list").map_err(|e| vec![e])?;
    let af = Path::new(areas);
    let header: Vec<String> =
        ar.headers().map(|h| h.iter().map(str::to_string).collect()).unwrap_or_default();
    for need in ["code", "level"] {
        if !header.iter().any(|h| h == need) {
            errors.push(located(
                af,
                1,
                format!("the area list has no column {need:?}"),
                Some(format!(
                    "columns: code,name_vi,name_en,level,parent,valid_from,valid_to; the file has: {}",
                    header.join(",")
                )),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut list: Vec<(usize, Area)> = Vec::new();
    for (i, rec) in ar.deserialize::<BTreeMap<String, String>>().enumerate() {
        let line = i + 2;
        match rec {
            Ok(r) => {
                let get = |k: &str| r.get(k).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
                let (Some(code), Some(level)) = (get("code"), get("level")) else {
                    errors.push(located(
                        af,
                        line,
                        "an area needs a code and a level".into(),
                        Some("columns: code,name_vi,name_en,level,parent,valid_from,valid_to".into()),
                    ));
                    continue;
                };
                if !AREA_LEVELS.contains(&level.as_str()) {
                    let hint = crate::hint(&level, AREA_LEVELS)
                        .unwrap_or_else(|| format!("levels: {}", AREA_LEVELS.join(", ")));
                    errors.push(at(
                        af,
                        line,
                        "level",
                        &level,
                        format!("unknown level {level:?}"),
                        Some(hint),
                    ));
                    continue;
                }
                let mut bad_date = false;
                for k in ["valid_from", "valid_to"] {
                    if let Some(d) = get(k)
                        && !is_iso_date(&d)
                    {
                        errors.push(at(
                            af,
                            line,
                            k,
                            &d,
                            format!("{d:?} is not a date"),
                            Some("write dates as YYYY-MM-DD, e.g. 2025-06-30".into()),
                        ));
                        bad_date = true;
                    }
                }
                if !bad_date
                    && let (Some(f), Some(t)) = (get("valid_from"), get("valid_to"))
                    && t < f
                {
                    errors.push(at(
                        af,
                        line,
                        "valid_to",
                        &t,
                        format!("valid_to {t:?} is before valid_from {f:?}"),
                        None,
                    ));
                }
                if get("parent").as_deref() == Some(code.as_str()) {
                    errors.push(at(
                        af,
                        line,
                        "parent",
                        &code,
                        format!("area {code:?} is its own parent"),
                        None,
                    ));
                    continue;
                }
                list.push((
                    line,
                    Area {
                        code,
                        name_vi: gds_core::nfc(&get("name_vi").unwrap_or_default()),
                        name_en: get("name_en").unwrap_or_default(),
                        level,
                        parent: get("parent"),
                        valid_from: get("valid_from"),
                        valid_to: get("valid_to"),
                    },
                ));
            }
            Err(e) => errors.push(located(af, line, format!("cannot parse the row: {e}"), None)),
        }
    }
    if list.is_empty() && errors.is_empty() {
        errors.push(located(af, 0, "the area list has no areas".into(), None));
    }
    // The list as a graph: a code names one unit at a time (official codes are reused after
    // a reform: the old unit ends, the new one starts), known parents at a higher level, no
    // cycles.
    let mut seen: BTreeMap<&str, Vec<(usize, &Area)>> = BTreeMap::new();
    for (line, a) in &list {
        let versions = seen.entry(a.code.as_str()).or_default();
        if let Some((prev, _)) = versions.iter().find(|(_, v)| v.overlaps(a)) {
            errors.push(at(
                af,
                *line,
                "code",
                &a.code,
                format!("area code {:?} appears twice (first on line {prev}) for the same time", a.code),
                Some("a code names one unit at a time; a code reused after a reform needs valid_to on the old unit and valid_from on the new one".into()),
            ));
        } else {
            versions.push((*line, a));
        }
    }
    // Per code, its units; a parent is the unit of the parent code at the child's time.
    let by_code: BTreeMap<&str, Vec<&Area>> =
        seen.iter().map(|(c, v)| (*c, v.iter().map(|(_, a)| *a).collect())).collect();
    let version_of = |code: &str, child: &Area| -> Option<&Area> {
        let v = by_code.get(code)?;
        v.iter().find(|p| p.overlaps(child)).or_else(|| v.first()).copied()
    };
    let rank = |l: &str| AREA_LEVELS.iter().position(|x| *x == l).unwrap_or(AREA_LEVELS.len());
    for (line, a) in &list {
        let Some(p) = &a.parent else { continue };
        match version_of(p.as_str(), a) {
            None => {
                let hint = crate::hint(p, by_code.keys().copied())
                    .or(Some("add the parent to the area list, or correct the code".into()));
                errors.push(at(
                    af,
                    *line,
                    "parent",
                    p,
                    format!("area {:?}: parent {p:?} is not in the area list", a.code),
                    hint,
                ));
            }
            Some(pa) if rank(&pa.level) >= rank(&a.level) => errors.push(at(
                af,
                *line,
                "parent",
                p,
                format!(
                    "area {:?} ({}) has parent {p:?} at level {}, which is not above it",
                    a.code, a.level, pa.level
                ),
                None,
            )),
            Some(_) => {}
        }
        // Cycle: follow parents; more steps than areas means a loop.
        let mut current = a.parent.as_deref();
        let mut steps = 0;
        while let Some(c) = current {
            steps += 1;
            if c == a.code || steps > list.len() {
                errors.push(at(
                    af,
                    *line,
                    "parent",
                    p,
                    format!("area {:?} is its own ancestor (a cycle of parents)", a.code),
                    Some("every chain of parents must end at a unit without a parent".into()),
                ));
                break;
            }
            current = version_of(c, a).and_then(|x| x.parent.as_deref());
        }
    }
    // A unit and its parent must exist at the same time for some day.
    for (line, a) in &list {
        let Some(pa) = a.parent.as_deref().and_then(|p| version_of(p, a)) else { continue };
        let starts_after_parent_ends =
            matches!((&a.valid_from, &pa.valid_to), (Some(f), Some(t)) if f.as_str() > t.as_str());
        let ends_before_parent_starts =
            matches!((&a.valid_to, &pa.valid_from), (Some(t), Some(f)) if t.as_str() < f.as_str());
        if starts_after_parent_ends || ends_before_parent_starts {
            errors.push(at(
                af,
                *line,
                "parent",
                &pa.code,
                format!(
                    "area {:?} ({} – {}) never exists at the same time as its parent {:?} ({} – {})",
                    a.code,
                    a.valid_from.as_deref().unwrap_or("…"),
                    a.valid_to.as_deref().unwrap_or("…"),
                    pa.code,
                    pa.valid_from.as_deref().unwrap_or("…"),
                    pa.valid_to.as_deref().unwrap_or("…")
                ),
                Some("give the unit the parent it has during its own validity (after 1 July 2025: the province)".into()),
            ));
        }
    }
    let mut cw = Vec::new();
    if let Some(c) = crosswalk {
        let cf = Path::new(c);
        match open(c, "crosswalk") {
            Ok((_, mut cr)) => {
                let header: Vec<String> =
                    cr.headers().map(|h| h.iter().map(str::to_string).collect()).unwrap_or_default();
                let missing: Vec<&str> = ["from", "to", "share", "date"]
                    .into_iter()
                    .filter(|k| !header.iter().any(|h| h == k))
                    .collect();
                if !missing.is_empty() {
                    errors.push(located(
                        cf,
                        1,
                        format!(
                            "the crosswalk has no column {}",
                            missing.iter().map(|m| format!("{m:?}")).collect::<Vec<_>>().join(", ")
                        ),
                        Some(format!("columns: from,to,share,date; the file has: {}", header.join(","))),
                    ));
                    return Err(errors);
                }
                let mut sums: BTreeMap<String, (f64, usize)> = BTreeMap::new();
                for (i, rec) in cr.deserialize::<BTreeMap<String, String>>().enumerate() {
                    let line = i + 2;
                    let r = match rec {
                        Ok(r) => r,
                        Err(e) => {
                            errors.push(located(
                                cf,
                                line,
                                format!("cannot parse the row: {e}"),
                                Some("columns: from,to,share,date".into()),
                            ));
                            continue;
                        }
                    };
                    let get = |k: &str| r.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
                    let (from, to, share_text, date) = (get("from"), get("to"), get("share"), get("date"));
                    let mut ok = true;
                    for (k, v) in [("from", &from), ("to", &to)] {
                        if v.is_empty() {
                            errors.push(located(
                                cf,
                                line,
                                format!("the crosswalk row has no {k:?} code"),
                                Some("columns: from,to,share,date".into()),
                            ));
                            ok = false;
                        } else if !by_code.contains_key(v.as_str()) {
                            let hint = crate::hint(v, by_code.keys().copied())
                                .or(Some(format!("add {v:?} to the area list ({areas})")));
                            errors.push(at(cf, line, k, v, format!("{v:?} is not in the area list"), hint));
                            ok = false;
                        }
                    }
                    let share = match share_text.parse::<f64>() {
                        Ok(x) if x.is_finite() && x > 0.0 && x <= 1.0 + SHARE_TOLERANCE => x,
                        _ => {
                            errors.push(at(cf, line, "share", &share_text, format!("share {share_text:?} is not a number in (0, 1]"), Some("the share of the old unit that went to the new one: 1 for a merge, e.g. 0.4 for part of a split".into())));
                            ok = false;
                            0.0
                        }
                    };
                    if !is_iso_date(&date) {
                        errors.push(at(
                            cf,
                            line,
                            "date",
                            &date,
                            format!("{date:?} is not a date"),
                            Some("write dates as YYYY-MM-DD, e.g. 2025-07-01".into()),
                        ));
                        ok = false;
                    }
                    if ok {
                        // The old unit ends the day before the change; the new one exists on it.
                        // A reused code: the old unit is the one that started before the
                        // change.
                        let old = by_code.get(from.as_str()).and_then(|v| {
                            v.iter().rfind(|x| x.valid_from.as_deref().is_none_or(|f| f < date.as_str()))
                        });
                        if let Some(old) = old
                            && old.valid_on(&date)
                        {
                            errors.push(at(cf, line, "from", &from, format!("{from:?} is merged or split on {date} but is still valid on that day in the area list"), Some(format!("set valid_to of {from:?} to the day before {date} in {areas}"))));
                        }
                        if let Some(new) = by_code.get(to.as_str())
                            && !new.iter().any(|x| x.valid_on(&date))
                        {
                            errors.push(at(cf, line, "to", &to, format!("{to:?} receives {from:?} on {date} but does not exist on that day in the area list"), Some(format!("check valid_from and valid_to of {to:?} in {areas}"))));
                        }
                        let e = sums.entry(format!("{from}\u{0}{date}")).or_insert((0.0, line));
                        e.0 += share;
                        cw.push(CrosswalkEntry { from, to, share, date });
                    }
                }
                for (key, (sum, line)) in sums {
                    if (sum - 1.0).abs() > SHARE_TOLERANCE {
                        let from = key.split('\u{0}').next().unwrap_or("").to_string();
                        errors.push(at(
                            cf,
                            line,
                            "share",
                            &from,
                            format!(
                                "the shares of {from:?} sum to {sum}, not 1 (tolerance {SHARE_TOLERANCE})"
                            ),
                            Some("the parts of an old unit must add up to the whole of it".into()),
                        ));
                    }
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    AreaList::new(list.into_iter().map(|(_, a)| a).collect(), cw)
        .map_err(|errs| errs.into_iter().map(|e| located(af, 0, e.to_string(), None)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_checked_against_the_calendar() {
        assert!(is_iso_date("2025-07-01"));
        assert!(is_iso_date("2024-02-29"), "2024 is a leap year");
        assert!(!is_iso_date("2025-02-29"));
        assert!(!is_iso_date("2025-13-01"));
        assert!(!is_iso_date("01/07/2025"));
        assert!(!is_iso_date("2025-7-1"));
        assert!(!is_iso_date("2025-07-00"));
        assert!(!is_iso_date(""));
    }

    #[test]
    fn each_key_of_a_source_has_its_line() {
        let text = "schema-version = 1\n\n[[sources]]\ndataset = \"persons\"\npath = \"a.csv\"\nweight = \"w\"\n\n[[sources]]\ndataset = \"births\"\npath = \"b.csv\"\ntable = \"aggregate\"\n";
        let a = block_key_lines(text, 5);
        assert_eq!(a.get("weight"), Some(&6));
        assert_eq!(a.get("table"), None, "the next block's keys are not this one's");
        let b = block_key_lines(text, 10);
        assert_eq!(b.get("table"), Some(&11));
        assert_eq!(b.get("dataset"), Some(&9));
    }
}
