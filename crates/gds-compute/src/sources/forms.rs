//! Forms out and back: `gds forms` writes, from the catalogue and the area list, one Excel
//! workbook per reporting unit holding the count tables the district collects, and the
//! project file that reads them back once filled (no mapping to write by hand).
//!
//! A form sheet is a table an office recognises: a title, the unit's code and name, the
//! period and its cut-off dates, instructions, then one row per cell to fill (the codes of
//! the table's dimensions filled in, with their Vietnamese names), a column per sex (Tổng số,
//! Nam, Nữ) where the table is by sex, and a check column that turns red when Nam + Nữ is not
//! the total. The structure is locked; only the yellow cells take input, and only whole
//! numbers in the column's range (data validation). A hidden sheet names the form: its
//! version (a digest of the structure and the period) and its unit. The gate refuses a
//! returned workbook whose hidden sheet names another version or unit ([`check_identity`]),
//! an empty cell ("a row of the count table has no count"), and a total that is not the sum
//! of its parts, as for any count table.

use crate::error::{ComputeError, Located};
use crate::project::{FormDef, Project, Source};
use gds_core::{Area, Calendar, Lang, Period};
use gds_indicators::{Catalogue, Code, Column, ColumnType, Dataset, DatasetKind};
use rust_xlsxwriter::{
    ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, DataValidationRule, Format,
    FormatAlign, FormatBorder, Workbook, XlsxError,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The name of the hidden sheet that identifies a form.
pub const ID_SHEET: &str = "_gds";
/// The first cell of the hidden sheet: what the workbook is.
pub const FORM_MARK: &str = "gds-form";
/// The hidden sheet of a roster form's dropdown lists.
pub const LISTS_SHEET: &str = "_lists";
/// The signature line of a form, above its table.
const SIGNATURES: &str =
    "Người lập biểu (ký, ghi rõ họ tên): ……………………        Thủ trưởng đơn vị (ký, đóng dấu): ……………………";
/// 1-based row of a form sheet's header.
pub const HEADER_ROW: u32 = 6;

/// What to write.
#[derive(Debug, Clone)]
pub struct FormsRequest {
    /// The reporting period.
    pub period: Period,
    /// The level of the reporting units (`commune`).
    pub level: String,
    /// The datasets to collect (empty: every count table of the catalogue a form can hold; a
    /// dataset of records, such as the leaders, gets a roster form).
    pub datasets: Vec<String>,
    /// The blank rows of a roster form.
    pub roster_rows: u32,
    /// When the forms were made (printed on them), e.g. "2026-12-02 09:30 (giờ Việt Nam)".
    pub stamp: String,
}

/// What [`write`] wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// The workbooks, one per unit.
    pub workbooks: Vec<PathBuf>,
    /// The project file that reads them back.
    pub project_file: PathBuf,
    /// The datasets collected, with their sheet names.
    pub sheets: Vec<(String, String)>,
    /// Count tables left out, and why.
    pub skipped: Vec<(String, String)>,
    /// The form version.
    pub version: String,
}

/// One dimension of a form's rows: its column and the codes it takes.
#[derive(Debug, Clone)]
struct Dim<'a> {
    column: &'a Column,
    /// The header of its code column and of its name column.
    headers: (String, String),
    codes: Vec<&'a Code>,
}

/// The table a form sheet holds for one dataset.
#[derive(Debug, Clone)]
struct Shape<'a> {
    ds: &'a Dataset,
    sheet: String,
    dims: Vec<Dim<'a>>,
    /// By sex: the total, men and women columns (code, header).
    sexes: Option<Vec<(String, String)>>,
    /// The count column and its range (a count table).
    count: Option<&'a Column>,
    /// A roster: one row per unit (a leader, a deputy), the columns to fill, and how many
    /// blank rows the form offers.
    roster: Option<(Vec<Field<'a>>, u32)>,
}

/// A column of a roster form: its header and what a cell takes.
#[derive(Debug, Clone)]
struct Field<'a> {
    column: &'a Column,
    header: String,
    input: Input,
}

/// What a roster cell takes.
#[derive(Debug, Clone, PartialEq)]
enum Input {
    /// One of a list (the Vietnamese names of a code list's codes, or Có/Không), picked from
    /// a dropdown.
    List(Vec<String>),
    /// A whole number in a range.
    Whole(i32, i32),
    /// A number in a range.
    Decimal(f64, f64),
    /// Any text.
    Text,
}

impl Shape<'_> {
    /// The value columns' headers, left to right.
    fn value_headers(&self) -> Vec<String> {
        match (&self.sexes, &self.roster, self.count) {
            (Some(s), _, _) => s.iter().map(|(_, h)| h.clone()).collect(),
            (None, Some((fields, _)), _) => fields.iter().map(|f| f.header.clone()).collect(),
            (None, None, Some(c)) => vec![c.description.vi.clone()],
            (None, None, None) => vec![],
        }
    }

    /// The rows: one per combination of the dimensions' codes.
    fn rows(&self) -> Vec<Vec<&Code>> {
        let mut rows: Vec<Vec<&Code>> = vec![vec![]];
        for d in &self.dims {
            rows = rows
                .into_iter()
                .flat_map(|r| d.codes.iter().map(move |c| [r.clone(), vec![*c]].concat()))
                .collect();
        }
        rows
    }
}

/// The codes of a code list a form lists: every code but the total, and where the list has
/// several grouping schemes (5-year and broad age groups), those of the first code's first
/// scheme, so that the rows partition the whole.
fn form_codes<'a>(cat: &'a Catalogue, column: &Column) -> Option<Vec<&'a Code>> {
    let cl = cat.codelists.get(column.codelist.as_deref()?)?;
    let scheme = cl.codes.first().and_then(|c| c.schemes.first()).cloned();
    let codes: Vec<&Code> = cl
        .codes
        .iter()
        .filter(|c| c.code != gds_core::TOTAL_CODE)
        .filter(|c| scheme.as_ref().is_none_or(|s| c.schemes.contains(s)))
        .collect();
    (!codes.is_empty()).then_some(codes)
}

/// The form of dataset `ds`, or why it has none.
fn shape<'a>(
    cat: &'a Catalogue,
    ds: &'a Dataset,
    number: usize,
    roster_rows: u32,
) -> Result<Shape<'a>, String> {
    let (Some(period), Some(area)) = (ds.period_column(), ds.area_column()) else {
        return Err("it has no period or no area column".into());
    };
    if ds.kind == DatasetKind::Microdata {
        return roster(cat, ds, number, roster_rows);
    }
    let count = ds.count.as_deref().and_then(|c| ds.column(c)).ok_or("it has no count column")?;
    let mut dims = Vec::new();
    let mut sexes = None;
    for key in &ds.keys {
        if key == period || key == area {
            continue;
        }
        let column = ds.column(key).ok_or_else(|| format!("its key {key:?} is not a column"))?;
        if column.kind != ColumnType::Code {
            return Err(format!("its key {key:?} is not a code with a code list"));
        }
        let codes = form_codes(cat, column).ok_or_else(|| format!("its key {key:?} has no code list"))?;
        if column.codelist.as_deref() == Some("sex") {
            let cl = &cat.codelists["sex"];
            let mut s: Vec<(String, String)> = Vec::new();
            if let Some(t) = cl.get(gds_core::TOTAL_CODE) {
                s.push((t.code.clone(), "Tổng số".to_string()));
            }
            // Men before women, as the official tables print them.
            for code in ["M", "F"] {
                if let Some(c) = cl.get(code) {
                    s.push((c.code.clone(), c.name.vi.clone()));
                }
            }
            if s.len() != 3 || cl.codes.len() != 3 {
                return Err(
                    "its sex code list is not exactly the total, M and F (a form checks Nam + Nữ = Tổng số)"
                        .into(),
                );
            }
            sexes = Some(s);
            continue;
        }
        let name = cat
            .codelists
            .get(column.codelist.as_deref().unwrap_or_default())
            .map_or_else(|| column.description.vi.clone(), |cl| cl.name.vi.clone());
        // Two dimensions on one code list are told apart by their columns' descriptions.
        let name =
            if dims.iter().any(|d: &Dim| d.headers.1 == name) { column.description.vi.clone() } else { name };
        dims.push(Dim { column, headers: (format!("Mã {}", lower_first(&name)), name), codes });
    }
    for c in &ds.columns {
        if c.required && !ds.keys.contains(&c.name) && c.name != count.name {
            return Err(format!("its column {:?} is neither a key nor its count", c.name));
        }
    }
    Ok(Shape { ds, sheet: format!("Biểu {number:02}"), dims, sexes, count: Some(count), roster: None })
}

/// The roster form of a dataset of records: a column per declared column a unit can fill (its
/// text keys left out: each row is its own record; the area and period are the form's; yes/no
/// columns that derive from a code are derived), or why it has none.
fn roster<'a>(cat: &'a Catalogue, ds: &'a Dataset, number: usize, rows: u32) -> Result<Shape<'a>, String> {
    let mut fields = Vec::new();
    for c in &ds.columns {
        if Some(c.name.as_str()) == ds.area_column()
            || Some(c.name.as_str()) == ds.period_column()
            || c.when_absent.is_some()
            || (c.kind == ColumnType::Text && ds.keys.contains(&c.name))
        {
            continue;
        }
        let input = match c.kind {
            ColumnType::Code => Input::List(
                form_codes(cat, c)
                    .ok_or_else(|| format!("its column {:?} has no code list", c.name))?
                    .iter()
                    .map(|code| code.name.vi.clone())
                    .collect(),
            ),
            ColumnType::Boolean => Input::List(vec!["Có".into(), "Không".into()]),
            ColumnType::Integer => {
                let [lo, hi] = c.range.unwrap_or([0.0, f64::from(i32::MAX)]);
                Input::Whole(lo.max(f64::from(i32::MIN)) as i32, hi.min(f64::from(i32::MAX)) as i32)
            }
            ColumnType::Number => {
                let [lo, hi] = c.range.unwrap_or([0.0, 1e15]);
                Input::Decimal(lo, hi)
            }
            ColumnType::Text => Input::Text,
            other => {
                return Err(format!(
                    "its column {:?} is of type {other:?}, which a form cannot ask for",
                    c.name
                ));
            }
        };
        let mut header = c.description.vi.clone();
        if fields.iter().any(|f: &Field| f.header == header) {
            header = format!("{header} ({})", c.name);
        }
        fields.push(Field { column: c, header, input });
    }
    if fields.is_empty() {
        return Err("it has no column a unit fills".into());
    }
    Ok(Shape {
        ds,
        sheet: format!("Biểu {number:02}"),
        dims: vec![],
        sexes: None,
        count: None,
        roster: Some((fields, rows)),
    })
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// FNV-1a, 64 bits: a digest of a form's structure (stable across platforms and releases).
fn digest(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The version of a set of forms: its period and, per sheet, the dataset, the headers and
/// the codes of every row. A change to any of them is another form.
fn version(period: Period, shapes: &[Shape<'_>]) -> String {
    let mut text = format!("{FORM_MARK}/1|{period}");
    for s in shapes {
        let _ = write!(text, "|{}:{}", s.ds.id, s.sheet);
        for d in &s.dims {
            let _ = write!(text, "|{}", d.column.name);
        }
        for h in s.value_headers() {
            let _ = write!(text, "|{h}");
        }
        if let Some((fields, rows)) = &s.roster {
            for f in fields {
                let _ = write!(text, "|{}={:?}", f.column.name, f.input);
            }
            let _ = write!(text, "|rows={rows}");
        }
        for r in s.rows() {
            let codes: Vec<&str> = r.iter().map(|c| c.code.as_str()).collect();
            let _ = write!(text, "|{}", codes.join(","));
        }
    }
    digest(&text)
}

/// A file name for a unit: its code and its name in ASCII (`02101-thi-tran-minh-lam.xlsx`).
pub fn file_name(unit: &Area) -> String {
    let mut slug = String::new();
    for ch in gds_core::fold(&unit.name_vi).chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    format!("{}-{}.xlsx", unit.code, slug.trim_end_matches('-'))
}

/// A date `yyyymmdd` as dd/mm/yyyy.
fn date_vi(d: i64) -> String {
    format!("{:02}/{:02}/{}", d % 100, d / 100 % 100, d / 10_000)
}

fn request_error(message: String, hint: Option<String>) -> ComputeError {
    ComputeError::request(message, hint)
}

/// The units that report for `period`: the areas of `level` in existence on its reference
/// date (the last day of its window under the project's calendar).
pub fn units<'a>(project: &'a Project, period: Period, level: &str) -> Vec<&'a Area> {
    let end = project.calendar.reference_date(period);
    let on = format!("{:04}-{:02}-{:02}", end / 10_000, end / 100 % 100, end % 100);
    let mut units: Vec<&Area> =
        project.areas.iter().filter(|a| a.level == level && a.valid_on(&on)).collect();
    units.sort_by(|a, b| a.code.cmp(&b.code));
    units
}

/// Write the forms of `req` into `out` (created if needed): one workbook per unit, the
/// project file `gds.toml` that reads them back, and the area list it needs. Every file is
/// written to a temporary name and renamed into place.
pub fn write(
    project: &Project,
    cat: &Catalogue,
    req: &FormsRequest,
    out: &Path,
) -> Result<Written, ComputeError> {
    let mut shapes = Vec::new();
    let mut skipped = Vec::new();
    let wanted: Vec<&Dataset> = if req.datasets.is_empty() {
        cat.datasets.values().filter(|d| d.kind == DatasetKind::Aggregate).collect()
    } else {
        let mut v: Vec<&Dataset> = Vec::new();
        for id in &req.datasets {
            if v.iter().any(|d| &d.id == id) {
                continue;
            }
            let ds = cat.datasets.get(id).ok_or_else(|| {
                request_error(
                    format!("unknown dataset {id:?}"),
                    crate::hint(id, cat.datasets.keys().map(String::as_str)),
                )
            })?;
            v.push(ds);
        }
        v
    };
    for ds in wanted {
        match shape(cat, ds, shapes.len() + 1, req.roster_rows) {
            Ok(s) => shapes.push(s),
            Err(why) if req.datasets.is_empty() => skipped.push((ds.id.clone(), why)),
            Err(why) => {
                return Err(request_error(
                    format!("dataset {:?} has no form: {why}", ds.id),
                    Some("forms hold count tables by period, area and coded dimensions".into()),
                ));
            }
        }
    }
    if shapes.is_empty() {
        return Err(request_error(
            "the catalogue has no count table a form can hold".into(),
            Some("give --datasets with a dataset of kind \"aggregate\"".into()),
        ));
    }
    let units = units(project, req.period, &req.level);
    if units.is_empty() {
        let levels: std::collections::BTreeSet<&str> =
            project.areas.iter().map(|a| a.level.as_str()).collect();
        return Err(request_error(
            format!("no area of level {:?} exists at the end of {}", req.level, req.period),
            Some(format!("the project's levels: {}", levels.into_iter().collect::<Vec<_>>().join(", "))),
        ));
    }
    std::fs::create_dir_all(out)
        .map_err(|e| request_error(format!("cannot create {}: {e}", out.display()), None))?;
    let version = version(req.period, &shapes);
    let mut workbooks = Vec::new();
    for unit in &units {
        let path = out.join(file_name(unit));
        let bytes = workbook(project, unit, req, &shapes, &version)
            .map_err(|e| request_error(format!("cannot write the form of {}: {e}", unit.code), None))?;
        put(&path, &bytes)?;
        workbooks.push(path);
    }
    let areas = out.join("areas.csv");
    put(&areas, areas_csv(project).as_bytes())?;
    let project_file = out.join("gds.toml");
    let toml = project_toml(project, req, &shapes, &units, &version);
    put(&project_file, toml.as_bytes())?;
    Ok(Written {
        workbooks,
        project_file,
        sheets: shapes.iter().map(|s| (s.ds.id.clone(), s.sheet.clone())).collect(),
        skipped,
        version,
    })
}

/// Write `bytes` to `path` atomically.
fn put(path: &Path, bytes: &[u8]) -> Result<(), ComputeError> {
    use std::io::Write as _;
    crate::writers::write_atomic(path, |f| f.write_all(bytes).map_err(|e| e.to_string()))
}

/// The project's area list as CSV (the forms project reads the units from it).
fn areas_csv(project: &Project) -> String {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }
    let mut out = String::from("code,name_vi,name_en,level,parent,valid_from,valid_to\n");
    for a in project.areas.iter() {
        let cells = [
            a.code.as_str(),
            &a.name_vi,
            &a.name_en,
            &a.level,
            a.parent.as_deref().unwrap_or(""),
            a.valid_from.as_deref().unwrap_or(""),
            a.valid_to.as_deref().unwrap_or(""),
        ];
        let row: Vec<String> = cells.iter().map(|c| field(c)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// A TOML string.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The project file that reads the forms back.
fn project_toml(
    project: &Project,
    req: &FormsRequest,
    shapes: &[Shape<'_>],
    units: &[&Area],
    version: &str,
) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Biểu mẫu thu thập số liệu {} do gds forms tạo lúc {} (phiên bản {version}).",
        req.period.words(Lang::Vi),
        req.stamp
    );
    let _ =
        writeln!(t, "# Forms for {} written by gds forms (version {version}).", req.period.words(Lang::En));
    let _ = writeln!(
        t,
        "# Đặt các biểu đã điền (cùng tên tệp) vào thư mục này rồi chạy: gds validate gds.toml, gds compute gds.toml --period {}",
        req.period
    );
    let _ = writeln!(
        t,
        "# Put the filled forms (same file names) in this folder, then run: gds validate gds.toml; gds compute gds.toml --period {}",
        req.period
    );
    t.push_str("# Một biểu lưu dưới tên khác hoặc dạng .ods (LibreOffice) vẫn được đọc: gds nhận ra biểu qua trang định danh ẩn.\n");
    t.push_str("# A form saved under another name or as .ods (LibreOffice) is read too: gds knows it by its hidden identity sheet.\n");
    t.push_str("schema-version = 1\n");
    let _ = writeln!(
        t,
        "name = {{ vi = {}, en = {} }}",
        q(&format!("{} — biểu mẫu {}", project.name.vi, req.period.words(Lang::Vi))),
        q(&format!("{} — forms, {}", project.name.en, req.period.words(Lang::En)))
    );
    if project.synthetic {
        t.push_str("synthetic = true\n");
    }
    t.push_str("areas = \"areas.csv\"\n");
    if project.calendar == Calendar::Decree09 {
        t.push_str("calendar = \"decree-09-2019\"\n");
    }
    for unit in units {
        for s in shapes {
            t.push('\n');
            let comment: String = format!("{} — {}", unit.code, unit.name_vi)
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let _ = writeln!(t, "# {comment}");
            t.push_str("[[sources]]\n");
            let _ = writeln!(t, "dataset = {}", q(&s.ds.id));
            let _ = writeln!(t, "path = {}", q(&file_name(unit)));
            let _ = writeln!(t, "sheet = {}", q(&s.sheet));
            let _ = writeln!(t, "header-row = {HEADER_ROW}");
            if let Some((fields, _)) = &s.roster {
                let rename: Vec<String> =
                    fields.iter().map(|f| format!("{} = {}", q(&f.header), q(&f.column.name))).collect();
                let _ = writeln!(t, "rename = {{ {} }}", rename.join(", "));
                let _ = writeln!(
                    t,
                    "constants = {{ {} = {}, {} = {} }}",
                    q(s.ds.area_column().unwrap_or("area")),
                    q(&unit.code),
                    q(s.ds.period_column().unwrap_or("period")),
                    q(&req.period.to_string())
                );
                let _ = writeln!(t, "form = {{ version = {}, unit = {} }}", q(version), q(&unit.code));
                continue;
            }
            let mut rename = vec![
                format!("{} = {}", q("Mã đơn vị"), q(s.ds.area_column().unwrap_or("area"))),
                format!("{} = {}", q("Kỳ báo cáo"), q(s.ds.period_column().unwrap_or("period"))),
            ];
            for d in &s.dims {
                rename.push(format!("{} = {}", q(&d.headers.0), q(&d.column.name)));
            }
            if let (None, Some(count)) = (&s.sexes, s.count) {
                rename.push(format!("{} = {}", q(&count.description.vi), q(&count.name)));
            }
            let _ = writeln!(t, "rename = {{ {} }}", rename.join(", "));
            if let Some(sexes) = &s.sexes {
                let sex_col =
                    s.ds.keys
                        .iter()
                        .find(|k| s.ds.column(k).is_some_and(|c| c.codelist.as_deref() == Some("sex")))
                        .cloned()
                        .unwrap_or_else(|| "sex".into());
                let cols: Vec<String> = sexes
                    .iter()
                    .map(|(code, h)| format!("{} = {{ {} = {} }}", q(h), q(&sex_col), q(code)))
                    .collect();
                let _ = writeln!(t, "wide = {{ columns = {{ {} }} }}", cols.join(", "));
            }
            let _ = writeln!(t, "form = {{ version = {}, unit = {} }}", q(version), q(&unit.code));
        }
    }
    t
}

/// One unit's workbook.
fn workbook(
    project: &Project,
    unit: &Area,
    req: &FormsRequest,
    shapes: &[Shape<'_>],
    version: &str,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(format!("Biểu mẫu {} — {}", req.period.words(Lang::Vi), unit.name_vi))
        .set_author("gds forms")
        .set_comment(format!("{FORM_MARK} {version} {} {}", unit.code, req.period))
        .set_custom_property(FORM_MARK, version);
    wb.set_properties(&props);
    let title = Format::new().set_bold().set_font_size(13);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color("#D9E2F3");
    let locked = Format::new().set_border(FormatBorder::Thin).set_background_color("#F2F2F2");
    let input = Format::new()
        .set_unlocked()
        .set_border(FormatBorder::Thin)
        .set_background_color("#FFF2CC")
        .set_num_format("#,##0");
    let check = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::Center);
    let red = Format::new().set_background_color("#F8CBAD").set_font_color("#9C0006").set_bold();
    let (from, to) = project.calendar.window(req.period);
    let mut lists: Vec<Vec<String>> = Vec::new();
    for s in shapes {
        let ws = wb.add_worksheet();
        ws.set_name(&s.sheet)?;
        let values = s.value_headers();
        let n_cols = match &s.roster {
            Some((fields, _)) => 1 + fields.len() as u16,
            None => (2 + 2 * s.dims.len() + values.len() + usize::from(s.sexes.is_some())) as u16,
        };
        let last = n_cols - 1;
        ws.merge_range(
            0,
            0,
            0,
            last,
            &format!("{}: {}", s.sheet.to_uppercase(), s.ds.name.vi.to_uppercase()),
            &title,
        )?;
        ws.merge_range(
            1,
            0,
            1,
            last,
            &format!("Đơn vị báo cáo: {} (mã {})", unit.name_vi, unit.code),
            &bold,
        )?;
        ws.merge_range(
            2,
            0,
            2,
            last,
            &format!(
                "Kỳ báo cáo: {} (số liệu từ ngày {} đến ngày {})",
                req.period.words(Lang::Vi),
                date_vi(from),
                date_vi(to)
            ),
            &Format::new(),
        )?;
        let how = match (&s.roster, &s.sexes) {
            (Some(_), _) => format!(
                "Hướng dẫn: mỗi dòng một người đang giữ chức vụ ngày {}; chọn giá trị trong danh sách ở các cột có mũi tên, điền số ở cột tuổi; để trống các dòng thừa. Không sửa, thêm hay xoá cột.",
                date_vi(to)
            ),
            (None, Some(_)) => "Hướng dẫn: điền số nguyên (không âm) vào các ô nền vàng; ô để trống là chưa báo cáo, không phải số 0 — ghi 0 nếu không có. Không sửa, thêm hay xoá dòng, cột. Cột \"Kiểm tra\" báo đỏ khi Nam + Nữ khác Tổng số.".to_string(),
            (None, None) => "Hướng dẫn: điền số nguyên (không âm) vào các ô nền vàng; ô để trống là chưa báo cáo, không phải số 0 — ghi 0 nếu không có. Không sửa, thêm hay xoá dòng, cột.".to_string(),
        };
        ws.merge_range(3, 0, 3, last, &how, &wrap)?;
        ws.set_row_height(3, 45)?;
        if let Some((fields, n_rows)) = &s.roster {
            // A roster: a blank row per person, each column with its dropdown or range.
            let h = HEADER_ROW - 1;
            ws.write_string_with_format(h, 0, "Họ và tên (không đưa vào số liệu)", &head)?;
            for (j, f) in fields.iter().enumerate() {
                ws.write_string_with_format(h, 1 + j as u16, &f.header, &head)?;
            }
            ws.set_row_height(h, 60)?;
            let last_row = h + n_rows;
            let text_input =
                Format::new().set_unlocked().set_border(FormatBorder::Thin).set_background_color("#FFF2CC");
            for r in h + 1..=last_row {
                for j in 0..n_cols {
                    ws.write_blank(r, j, &text_input)?;
                }
            }
            for (j, f) in fields.iter().enumerate() {
                let c = 1 + j as u16;
                let v = match &f.input {
                    Input::List(items) => {
                        let k = match lists.iter().position(|l| l == items) {
                            Some(k) => k,
                            None => {
                                lists.push(items.clone());
                                lists.len() - 1
                            }
                        };
                        let letter = crate::read::column_letters(k);
                        Some(
                            DataValidation::new()
                                .allow_list_formula(rust_xlsxwriter::Formula::new(format!(
                                    "='{LISTS_SHEET}'!${letter}$1:${letter}${}",
                                    items.len()
                                )))
                                .set_error_title("Giá trị không có trong danh sách")?
                                .set_error_message("Chọn một giá trị trong danh sách (bấm vào mũi tên).")?,
                        )
                    }
                    Input::Whole(lo, hi) => Some(
                        DataValidation::new()
                            .allow_whole_number(DataValidationRule::Between(*lo, *hi))
                            .set_error_title("Số không hợp lệ")?
                            .set_error_message(format!("Chỉ nhập số nguyên từ {lo} đến {hi}."))?,
                    ),
                    Input::Decimal(lo, hi) => Some(
                        DataValidation::new()
                            .allow_decimal_number(DataValidationRule::Between(*lo, *hi))
                            .set_error_title("Số không hợp lệ")?
                            .set_error_message(format!("Chỉ nhập số từ {lo} đến {hi}."))?,
                    ),
                    Input::Text => None,
                };
                if let Some(v) = v {
                    ws.add_data_validation(
                        h + 1,
                        c,
                        last_row,
                        c,
                        &v.set_error_style(DataValidationErrorStyle::Stop),
                    )?;
                }
                ws.set_column_width(c, 18)?;
            }
            ws.set_column_width(0, 26)?;
            // Signatures above the table: the reader takes every row below the header as data.
            ws.merge_range(4, 0, 4, last, SIGNATURES, &Format::new().set_italic())?;
            ws.set_freeze_panes(h + 1, 1)?;
            ws.set_landscape();
            ws.set_paper_size(9);
            ws.set_print_fit_to_pages(1, 0);
            ws.protect();
            continue;
        }
        // The header (row HEADER_ROW, 1-based).
        let h = HEADER_ROW - 1;
        let mut headers = vec!["Mã đơn vị".to_string(), "Kỳ báo cáo".to_string()];
        for d in &s.dims {
            headers.push(d.headers.0.clone());
            headers.push(d.headers.1.clone());
        }
        headers.extend(values.iter().cloned());
        if s.sexes.is_some() {
            headers.push("Kiểm tra".into());
        }
        for (j, text) in headers.iter().enumerate() {
            ws.write_string_with_format(h, j as u16, text, &head)?;
        }
        ws.set_row_height(h, 32)?;
        let first_value = (2 + 2 * s.dims.len()) as u16;
        let rows = s.rows();
        let range = s.count.and_then(|c| c.range);
        let max = range.map_or(1e9, |r| r[1]).min(f64::from(i32::MAX)).floor() as i32;
        let min = range.map_or(0.0, |r| r[0]).max(0.0).ceil() as i32;
        for (i, r) in rows.iter().enumerate() {
            let row = h + 1 + i as u32;
            ws.write_string_with_format(row, 0, &unit.code, &locked)?;
            ws.write_string_with_format(row, 1, req.period.to_string(), &locked)?;
            for (k, code) in r.iter().enumerate() {
                ws.write_string_with_format(row, (2 + 2 * k) as u16, &code.code, &locked)?;
                ws.write_string_with_format(row, (3 + 2 * k) as u16, &code.name.vi, &locked)?;
            }
            for j in 0..values.len() as u16 {
                ws.write_blank(row, first_value + j, &input)?;
            }
            if s.sexes.is_some() {
                // Tổng số, Nam, Nữ: the total must be their sum.
                let cell = |j: u16| {
                    format!("{}{}", crate::read::column_letters((first_value + j) as usize), row + 1)
                };
                let (t, m, f) = (cell(0), cell(1), cell(2));
                let formula = format!(
                    "=IF(COUNT({t},{m},{f})<3,\"Chưa điền đủ\",IF({t}={m}+{f},\"Đúng\",\"Sai: Nam + Nữ ≠ Tổng số\"))"
                );
                ws.write_formula_with_format(
                    row,
                    first_value + 3,
                    rust_xlsxwriter::Formula::new(formula).set_result("Chưa điền đủ"),
                    &check,
                )?;
            }
        }
        let last_row = h + rows.len() as u32;
        let validation = DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(min, max))
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_input_title("Nhập số")?
            .set_input_message(format!("Số nguyên từ {min} đến {max}; để trống là chưa báo cáo."))?
            .set_error_title("Số không hợp lệ")?
            .set_error_message(format!("Chỉ nhập số nguyên từ {min} đến {max}."))?;
        ws.add_data_validation(
            h + 1,
            first_value,
            last_row,
            first_value + values.len() as u16 - 1,
            &validation,
        )?;
        if s.sexes.is_some() {
            let c = first_value + 3;
            let letter = crate::read::column_letters(c as usize);
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=LEFT(${letter}{},3)=\"Sai\"", h + 2).as_str())
                .set_format(&red);
            ws.add_conditional_format(h + 1, c, last_row, c, &rule)?;
        }
        // Signatures above the table: the reader takes every row below the header as data.
        ws.merge_range(4, 0, 4, last, SIGNATURES, &Format::new().set_italic())?;
        ws.set_column_width(0, 11)?;
        ws.set_column_width(1, 11)?;
        for k in 0..s.dims.len() {
            ws.set_column_width((2 + 2 * k) as u16, 12)?;
            ws.set_column_width((3 + 2 * k) as u16, 22)?;
        }
        for j in 0..values.len() as u16 {
            ws.set_column_width(first_value + j, 12)?;
        }
        if s.sexes.is_some() {
            ws.set_column_width(first_value + 3, 24)?;
        }
        ws.set_freeze_panes(h + 1, 0)?;
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.protect();
    }
    // The dropdowns' lists, hidden.
    if !lists.is_empty() {
        let ls = wb.add_worksheet();
        ls.set_name(LISTS_SHEET)?;
        for (k, items) in lists.iter().enumerate() {
            for (i, item) in items.iter().enumerate() {
                ls.write_string(i as u32, k as u16, item)?;
            }
        }
        ls.set_hidden(true);
        ls.protect();
    }
    // The form's identity, hidden.
    let id = wb.add_worksheet();
    id.set_name(ID_SHEET)?;
    let entries = [
        (FORM_MARK, version.to_string()),
        ("unit", unit.code.clone()),
        ("unit_name", unit.name_vi.clone()),
        ("period", req.period.to_string()),
        ("datasets", shapes.iter().map(|s| format!("{}={}", s.ds.id, s.sheet)).collect::<Vec<_>>().join(";")),
        ("made", req.stamp.clone()),
        ("gds", env!("CARGO_PKG_VERSION").to_string()),
    ];
    for (i, (k, v)) in entries.iter().enumerate() {
        id.write_string(i as u32, 0, *k)?;
        id.write_string(i as u32, 1, v)?;
    }
    id.set_hidden(true);
    id.protect();
    wb.save_to_buffer()
}

/// What a workbook's hidden sheet says of it: (key, value) pairs, or None if it has none.
pub fn identity(path: &Path) -> Result<Option<Vec<(String, String)>>, String> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| e.to_string())?;
    if !wb.sheet_names().iter().any(|n| n == ID_SHEET) {
        return Ok(None);
    }
    let range = wb.worksheet_range(ID_SHEET).map_err(|e| e.to_string())?;
    Ok(Some(
        range
            .rows()
            .filter_map(|r| {
                Some((r.first()?.to_string().trim().to_string(), r.get(1)?.to_string().trim().to_string()))
            })
            .collect(),
    ))
}

/// The returned form of `form` when the file gds forms named (`expected`) is not there: the
/// one workbook (`.xlsx`, `.xlsm` or `.ods`) of the same folder whose identity sheet gives
/// this form's version and unit, whatever its name; `None` if there is none, an error if two
/// are. `cache` keeps each folder's identities (path, version, unit), read once.
pub fn returned(
    cache: &mut BTreeMap<PathBuf, Vec<(PathBuf, String, String)>>,
    expected: &Path,
    form: &FormDef,
) -> Result<Option<PathBuf>, String> {
    let dir = expected.parent().unwrap_or(Path::new(".")).to_path_buf();
    let found = cache.entry(dir.clone()).or_insert_with(|| {
        let mut out = Vec::new();
        let Ok(entries) = std::fs::read_dir(&dir) else { return out };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let ext = p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
            let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            // Office's lock files (~$name.xlsx, .~lock.name.ods#) are no forms.
            if !matches!(ext.as_str(), "xlsx" | "xlsm" | "ods")
                || name.starts_with("~$")
                || name.starts_with('.')
            {
                continue;
            }
            if let Ok(Some(pairs)) = identity(&p) {
                let get = |k: &str| {
                    pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default()
                };
                out.push((p, get(FORM_MARK), get("unit")));
            }
        }
        out
    });
    let mine: Vec<&PathBuf> =
        found.iter().filter(|(_, v, u)| *v == form.version && *u == form.unit).map(|(p, _, _)| p).collect();
    match mine.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some((*one).clone())),
        many => Err(format!(
            "{} returned forms of unit {} in the folder: {}",
            many.len(),
            form.unit,
            many.iter()
                .map(|p| p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Refuse a returned form that is not the one `form` expects: no form at all, another
/// version (another period or catalogue), or another unit's form.
pub fn check_identity(src: &Source, form: &FormDef) -> Result<(), ComputeError> {
    let err = |message: String, value: Option<String>, hint: &str| {
        ComputeError::Data(Located {
            file: src.display.clone(),
            line: 0,
            column: None,
            message,
            value,
            hint: Some(hint.to_string()),
        })
    };
    let found = identity(&src.path).map_err(|e| {
        err(
            format!("cannot open the workbook: {e}"),
            None,
            "return the form as gds forms wrote it (.xlsx or .ods)",
        )
    })?;
    let Some(pairs) = found else {
        return Err(err(
            format!("this workbook is not a gds form (it has no {ID_SHEET} sheet)"),
            None,
            "ask the unit to fill in the form gds forms made for it, not a copy of its own",
        ));
    };
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let version = get(FORM_MARK).unwrap_or_default();
    if version != form.version {
        let period = get("period").unwrap_or_default();
        return Err(err(
            format!("the form is version {version} (of period {period}), not this cycle's {}", form.version),
            Some(version),
            "send the unit this cycle's form (gds forms) and have it filled again; numbers are never copied across versions",
        ));
    }
    let unit = get("unit").unwrap_or_default();
    if unit != form.unit {
        let name = get("unit_name").unwrap_or_default();
        return Err(err(
            format!("the form is that of unit {unit} ({name}), but this file is {}'s", form.unit),
            Some(unit),
            "check that each unit returned its own form under its own file name",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_the_code_and_the_name_in_ascii() {
        let a = Area {
            code: "02101".into(),
            name_vi: "Thị trấn Minh Lâm".into(),
            name_en: "Minh Lam township".into(),
            level: "commune".into(),
            parent: None,
            valid_from: None,
            valid_to: None,
        };
        assert_eq!(file_name(&a), "02101-thi-tran-minh-lam.xlsx");
        assert_eq!(date_vi(20241215), "15/12/2024");
        assert_eq!(digest(""), "cbf29ce484222325");
    }
}
