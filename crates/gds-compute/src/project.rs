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
    /// The data files.
    #[serde(default)]
    pub sources: Vec<SourceDef>,
}

/// One data file bound to a logical dataset.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SourceDef {
    /// Logical dataset id (from the catalogue).
    pub dataset: String,
    /// File path, relative to the project file's folder (never outside it).
    pub path: String,
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
    /// Text encoding of a CSV file: `utf-8` (default) or `windows-1258` (converted).
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
    /// Source column → declared column.
    #[serde(default)]
    pub rename: BTreeMap<String, String>,
    /// Per declared column: source value → code.
    #[serde(default)]
    pub codes: BTreeMap<String, BTreeMap<String, String>>,
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
}

impl Format {
    /// Format from a name or a file extension.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "csv" | "txt" | "tsv" => Some(Format::Csv),
            "parquet" | "pq" => Some(Format::Parquet),
            "ipc" | "arrow" | "feather" => Some(Format::Ipc),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
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
    /// The sources.
    pub sources: Vec<Source>,
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

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).map_or(0, |i| i + 1)
}

impl Project {
    /// Read and check `gds.toml` (paths inside the folder, datasets known, formats known) and
    /// its area list. Every problem is reported at once.
    pub fn load(file: &Path, catalogue: &gds_indicators::Catalogue) -> Result<Project, ComputeError> {
        let text = std::fs::read_to_string(file).map_err(|e| {
            located(
                file,
                0,
                format!("cannot read the project file: {e}"),
                Some("give the path of a gds.toml (see data-samples/minh-lam/gds.toml)".into()),
            )
        })?;
        let def: ProjectDef = toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(0, |s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            located(
                file,
                line,
                e.message().trim().to_string(),
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
        for s in &def.sources {
            let line = line_of(&text, &format!("\"{}\"", s.path));
            let Some(dataset) = catalogue.datasets.get(&s.dataset) else {
                let hint = crate::hint(&s.dataset, catalogue.datasets.keys().map(String::as_str));
                problems.push(located(
                    file,
                    line_of(&text, &format!("dataset = \"{}\"", s.dataset)),
                    format!("unknown dataset {:?}", s.dataset),
                    hint,
                ));
                continue;
            };
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
                    Some("use csv, parquet, ipc (arrow/feather) or xlsx, or set format = \"...\"".into()),
                ));
                continue;
            };
            if !path.exists() {
                problems.push(located(
                    file,
                    line,
                    format!("data file {:?} does not exist", s.path),
                    Some(format!("paths are relative to {}", root.display())),
                ));
                continue;
            }
            if let Some(e) = &s.encoding
                && !matches!(e.to_ascii_lowercase().as_str(), "utf-8" | "utf8" | "windows-1258" | "cp1258")
            {
                problems.push(located(file, line, format!("encoding {e:?} is not supported"), Some("gds reads utf-8 and converts windows-1258; convert TCVN3/VNI files to Unicode first (e.g. with Unikey's converter)".into())));
            }
            let aggregate = match s.table.as_deref() {
                Some("aggregate") => true,
                Some("microdata") => false,
                Some(other) => {
                    problems.push(located(
                        file,
                        line,
                        format!("table = {other:?} is neither microdata nor aggregate"),
                        None,
                    ));
                    false
                }
                None => dataset.kind == gds_indicators::DatasetKind::Aggregate,
            };
            for target in s.rename.values().chain(s.codes.keys()) {
                if dataset.column(target).is_none() {
                    let hint = crate::hint(target, dataset.columns.iter().map(|c| c.name.as_str()));
                    problems.push(located(
                        file,
                        line,
                        format!("{:?} is not a column of dataset {:?}", target, dataset.id),
                        hint,
                    ));
                }
            }
            sources.push(Source { def: s.clone(), path, display: s.path.clone(), format, aggregate });
        }
        let areas = match &def.areas {
            None => AreaList::default(),
            Some(a) => match read_areas(&root, a, def.crosswalk.as_deref()) {
                Ok(l) => l,
                Err(mut e) => {
                    problems.append(&mut e);
                    AreaList::default()
                }
            },
        };
        if !problems.is_empty() {
            return Err(ComputeError::Many(problems));
        }
        Ok(Project {
            file: file.to_path_buf(),
            root,
            name: Text::new(&def.name.vi, &def.name.en),
            synthetic: def.synthetic,
            source_note: def.source_note.map(|t| Text::new(&t.vi, &t.en)),
            areas,
            sources,
        })
    }

    /// Sources of one dataset.
    pub fn sources_of<'a>(&'a self, dataset: &'a str) -> impl Iterator<Item = &'a Source> + 'a {
        self.sources.iter().filter(move |s| s.def.dataset == dataset)
    }
}

fn read_areas(root: &Path, areas: &str, crosswalk: Option<&str>) -> Result<AreaList, Vec<ComputeError>> {
    let open = |rel: &str| -> Result<(PathBuf, csv::Reader<std::fs::File>), ComputeError> {
        let p = resolve_inside(root, rel).ok_or_else(|| {
            located(Path::new(rel), 0, "the area file leaves the project folder".into(), None)
        })?;
        let r = csv::Reader::from_path(&p).map_err(|e| located(&p, 0, format!("cannot read: {e}"), None))?;
        Ok((p, r))
    };
    let mut errors = Vec::new();
    let (ap, mut ar) = open(areas).map_err(|e| vec![e])?;
    let mut list = Vec::new();
    for (i, rec) in ar.deserialize::<BTreeMap<String, String>>().enumerate() {
        let line = i + 2;
        match rec {
            Ok(r) => {
                let get = |k: &str| r.get(k).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
                let (Some(code), Some(level)) = (get("code"), get("level")) else {
                    errors.push(located(
                        &ap,
                        line,
                        "an area needs a code and a level".into(),
                        Some("columns: code,name_vi,name_en,level,parent,valid_from,valid_to".into()),
                    ));
                    continue;
                };
                list.push(Area {
                    code,
                    name_vi: gds_core::nfc(&get("name_vi").unwrap_or_default()),
                    name_en: get("name_en").unwrap_or_default(),
                    level,
                    parent: get("parent"),
                    valid_from: get("valid_from"),
                    valid_to: get("valid_to"),
                });
            }
            Err(e) => errors.push(located(&ap, line, format!("cannot parse the row: {e}"), None)),
        }
    }
    let mut cw = Vec::new();
    if let Some(c) = crosswalk {
        match open(c) {
            Ok((cp, mut cr)) => {
                for (i, rec) in cr.deserialize::<CrosswalkEntry>().enumerate() {
                    match rec {
                        Ok(e) => cw.push(e),
                        Err(e) => errors.push(located(
                            &cp,
                            i + 2,
                            format!("cannot parse the row: {e}"),
                            Some("columns: from,to,share,date".into()),
                        )),
                    }
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    AreaList::new(list, cw)
        .map_err(|errs| errs.into_iter().map(|e| located(&ap, 0, e.to_string(), None)).collect())
}
