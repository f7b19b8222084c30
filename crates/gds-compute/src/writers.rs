//! Writers of a [`ResultTable`]: CSV, Parquet, Arrow IPC, JSON, Excel and SDMX-CSV 2.0.
//! Every file is written to a temporary path in the target folder and renamed into place,
//! so a failed run never leaves a half-written file or replaces a good one.

use crate::error::ComputeError;
use gds_core::{Lang, ObsStatus, ResultRow, ResultTable, TOTAL_CODE};
use gds_indicators::Catalogue;
use polars::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutFormat {
    /// CSV (UTF-8 with BOM so Excel reads the diacritics).
    Csv,
    /// Apache Parquet.
    Parquet,
    /// Arrow IPC (Feather v2).
    Ipc,
    /// JSON (records).
    Json,
    /// Excel workbook: one sheet per theme plus the long table.
    Xlsx,
    /// SDMX-CSV 2.0.
    SdmxCsv,
}

impl OutFormat {
    /// From a name (`csv`, `parquet`, `ipc`, `json`, `xlsx`, `sdmx`).
    pub fn parse(s: &str) -> Option<OutFormat> {
        Some(match s.to_ascii_lowercase().as_str() {
            "csv" => OutFormat::Csv,
            "parquet" | "pq" => OutFormat::Parquet,
            "ipc" | "arrow" | "feather" => OutFormat::Ipc,
            "json" => OutFormat::Json,
            "xlsx" => OutFormat::Xlsx,
            "sdmx" | "sdmx-csv" => OutFormat::SdmxCsv,
            _ => return None,
        })
    }

    /// From a file name (`results.sdmx.csv` is SDMX-CSV).
    pub fn from_path(p: &Path) -> Option<OutFormat> {
        let name = p.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".sdmx.csv") {
            return Some(OutFormat::SdmxCsv);
        }
        OutFormat::parse(p.extension()?.to_str()?)
    }
}

/// Write `bytes` produced by `fill` atomically to `path`.
pub fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> Result<(), String>,
) -> Result<(), ComputeError> {
    let err = |message: String| ComputeError::Write { path: path.display().to_string(), message };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| err(e.to_string()))?;
    sweep_stale(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(&temp_prefix())
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| err(e.to_string()))?;
    fill(tmp.as_file_mut()).map_err(&err)?;
    tmp.as_file_mut().flush().map_err(|e| err(e.to_string()))?;
    // Temporary files are private (0600); outputs are ordinary files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(|e| err(e.to_string()))?;
    }
    tmp.persist(path).map_err(|e| err(e.error.to_string()))?;
    Ok(())
}

/// Prefix of gds's temporary files and folders: `.gds-<pid>-`, so that the leftovers of a
/// killed run (whose process is gone) can be recognised and removed by the next run.
fn temp_prefix() -> String {
    format!(".gds-{}-", std::process::id())
}

/// Remove the temporary files and folders that killed gds runs left in `dir`.
pub fn sweep_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(rest) = name.strip_prefix(".gds-") else { continue };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else { continue };
        let alive = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
        if alive || !Path::new("/proc/self").exists() {
            continue;
        }
        let p = e.path();
        let _ = if p.is_dir() { std::fs::remove_dir_all(&p) } else { std::fs::remove_file(&p) };
    }
}

/// A package (folder of outputs) built beside its target and swapped in whole at the end:
/// a failed or killed run leaves the previous package intact, never a mix of old and new.
pub struct Staging {
    target: PathBuf,
    dir: Option<tempfile::TempDir>,
}

impl Staging {
    /// Start a package for `target`. Refuses a target that is a file, or a folder holding
    /// files that are not a gds package (they would be replaced).
    pub fn new(target: &Path) -> Result<Staging, ComputeError> {
        let err = |message: String| ComputeError::Write { path: target.display().to_string(), message };
        if target.exists() {
            if !target.is_dir() {
                return Err(err("it is a file, not a folder; give a folder for the report package".into()));
            }
            let names: Vec<String> = std::fs::read_dir(target)
                .map_err(|e| err(e.to_string()))?
                .flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect();
            let foreign: Vec<String> = names.iter().filter(|n| !is_package_file(n)).cloned().collect();
            let is_package = target.join(PACKAGE_MARK).exists()
                || names.iter().any(|n| n.starts_with("report") && n.ends_with(".html"));
            if !foreign.is_empty() && !is_package {
                return Err(err(format!(
                    "the folder already holds other files ({}); the package replaces the folder as a whole, so choose a new or empty folder",
                    foreign.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
                )));
            }
        }
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| err(e.to_string()))?;
        sweep_stale(parent);
        let dir = tempfile::Builder::new()
            .prefix(&temp_prefix())
            .tempdir_in(parent)
            .map_err(|e| err(format!("cannot create a folder beside it: {e}")))?;
        Ok(Staging { target: target.to_path_buf(), dir: Some(dir) })
    }

    /// The folder to write the package into.
    pub fn path(&self) -> &Path {
        self.dir.as_ref().map_or(self.target.as_path(), |d| d.path())
    }

    /// Swap the finished package in place of the target (and remove the old one).
    pub fn commit(mut self) -> Result<(), ComputeError> {
        let err = |message: String| ComputeError::Write { path: self.target.display().to_string(), message };
        let Some(dir) = self.dir.take() else { return Ok(()) };
        std::fs::write(dir.path().join(PACKAGE_MARK), b"gds report package\n")
            .map_err(|e| err(e.to_string()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
                .map_err(|e| err(e.to_string()))?;
        }
        let staged = dir.keep();
        let parent = self.target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if self.target.exists() {
            let old = parent.join(format!("{}old-{}", temp_prefix(), std::process::id()));
            std::fs::rename(&self.target, &old).map_err(|e| err(e.to_string()))?;
            if let Err(e) = std::fs::rename(&staged, &self.target) {
                let _ = std::fs::rename(&old, &self.target);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(err(e.to_string()));
            }
            std::fs::remove_dir_all(&old).map_err(|e| err(e.to_string()))?;
        } else {
            std::fs::rename(&staged, &self.target).map_err(|e| err(e.to_string()))?;
        }
        Ok(())
    }
}

/// The file that marks a folder as a gds report package.
pub const PACKAGE_MARK: &str = ".gds-package";
/// Whether `name` is a file of a report package (an existing folder holding only these may
/// be replaced): the documents and tables in one or both languages (`report-vi.html`,
/// `tables-en.xlsx`; unsuffixed in packages of earlier versions), the results, the charts.
pub fn is_package_file(name: &str) -> bool {
    let documents = [("report", "html"), ("report", "docx"), ("tables", "xlsx")];
    let language = |stem: &str, base: &str| {
        stem == base || stem.strip_prefix(base).is_some_and(|t| ["-vi", "-en"].contains(&t))
    };
    let document = name
        .rsplit_once('.')
        .is_some_and(|(stem, ext)| documents.iter().any(|(base, e)| *e == ext && language(stem, base)));
    document || ["results.csv", "results.parquet", "charts", PACKAGE_MARK, "README.txt"].contains(&name)
}

/// The result table as a polars DataFrame (same columns as the arrow batch).
pub fn to_dataframe(t: &ResultTable) -> PolarsResult<DataFrame> {
    let s = |name: &str, f: &dyn Fn(&ResultRow) -> Option<String>| {
        Column::new(name.into(), t.rows.iter().map(f).collect::<Vec<_>>())
    };
    let fl = |name: &str, f: &dyn Fn(&ResultRow) -> Option<f64>| {
        Column::new(name.into(), t.rows.iter().map(f).collect::<Vec<_>>())
    };
    let mut cols = vec![
        s("indicator", &|r| Some(r.indicator.clone())),
        s("area", &|r| Some(r.area.clone())),
        s("level", &|r| Some(r.level.clone())),
        s("period", &|r| Some(r.period.clone())),
    ];
    for (i, d) in t.dimensions.iter().enumerate() {
        cols.push(s(d, &|r| Some(r.keys.get(i).cloned().unwrap_or_else(|| TOTAL_CODE.into()))));
    }
    cols.extend([
        fl("value", &|r| r.value),
        fl("numerator", &|r| r.numerator),
        fl("denominator", &|r| r.denominator),
        Column::new("n".into(), t.rows.iter().map(|r| r.n).collect::<Vec<u64>>()),
        fl("lower", &|r| r.lower),
        fl("upper", &|r| r.upper),
        s("unit", &|r| Some(r.unit.clone())),
        s("method", &|r| Some(r.method.clone())),
        s("status", &|r| Some(r.status.code().to_string())),
        s("reason", &|r| r.reason.clone()),
        fl("target", &|r| r.target),
        s("target_op", &|r| r.target_op.map(|o| o.symbol().to_string())),
        Column::new("target_year".into(), t.rows.iter().map(|r| r.target_year).collect::<Vec<Option<i32>>>()),
        s("target_status", &|r| Some(r.target_status.code().to_string())),
    ]);
    DataFrame::new(t.rows.len(), cols)
}

/// Read a result table written by gds (Parquet, IPC or CSV).
pub fn read_results(path: &Path) -> Result<ResultTable, ComputeError> {
    let p = PlRefPath::new(path.to_str().unwrap_or_default());
    let ctx = format!("reading results {}", path.display());
    let lf = match OutFormat::from_path(path) {
        Some(OutFormat::Parquet) => LazyFrame::scan_parquet(p, ScanArgsParquet::default()),
        Some(OutFormat::Ipc) => LazyFrame::scan_ipc(p, IpcScanOptions::default(), UnifiedScanArgs::default()),
        Some(OutFormat::Csv) => {
            if let Some(kind) = crate::read::compressed(path) {
                return Err(ComputeError::request(
                    format!("{}: the file is {kind}-compressed, not a results table", path.display()),
                    Some("decompress it first, or give the .csv / .parquet written by `gds compute`".into()),
                ));
            }
            LazyCsvReader::new(p).with_has_header(true).with_infer_schema_length(Some(0)).finish()
        }
        _ => {
            return Err(ComputeError::request(
                format!("cannot read results from {}", path.display()),
                Some("give a .parquet, .arrow/.ipc or .csv file written by `gds compute`".into()),
            ));
        }
    }
    .map_err(ComputeError::polars(ctx.clone()))?;
    let df = lf.collect().map_err(ComputeError::polars(ctx.clone()))?;
    from_dataframe(&df).map_err(|e| {
        ComputeError::request(format!("{}: {e}", path.display()), Some("is this a gds result table?".into()))
    })
}

/// Convert a polars frame with the result-table columns back into a [`ResultTable`].
pub fn from_dataframe(df: &DataFrame) -> Result<ResultTable, String> {
    let names: Vec<String> = df.get_column_names().iter().map(|s| s.to_string()).collect();
    let pos = |n: &str| names.iter().position(|x| x == n).ok_or(format!("column {n:?} is missing"));
    let (pp, pv) = (pos("period")?, pos("value")?);
    if pv <= pp {
        return Err(format!(
            "the columns are out of order: \"value\" (column {}) must come after \"period\" (column {}) and the breakdown columns",
            pv + 1,
            pp + 1
        ));
    }
    let dims: Vec<String> = names[pp + 1..pv].to_vec();
    let text = |n: &str| -> Result<Vec<Option<String>>, String> {
        let c =
            df.column(n).map_err(|e| e.to_string())?.cast(&DataType::String).map_err(|e| e.to_string())?;
        Ok(c.str().map_err(|e| e.to_string())?.iter().map(|v| v.map(String::from)).collect())
    };
    let num = |n: &str| -> Result<Vec<Option<f64>>, String> {
        let c =
            df.column(n).map_err(|e| e.to_string())?.cast(&DataType::Float64).map_err(|e| e.to_string())?;
        Ok(c.f64().map_err(|e| e.to_string())?.iter().collect())
    };
    let (ind, area, level, period) = (text("indicator")?, text("area")?, text("level")?, text("period")?);
    let dimv: Vec<Vec<Option<String>>> = dims.iter().map(|d| text(d)).collect::<Result<_, _>>()?;
    let (value, numer, denom, n, lower, upper, target, ty) = (
        num("value")?,
        num("numerator")?,
        num("denominator")?,
        num("n")?,
        num("lower")?,
        num("upper")?,
        num("target")?,
        num("target_year")?,
    );
    let (unit, method, status, reason, top, ts) = (
        text("unit")?,
        text("method")?,
        text("status")?,
        text("reason")?,
        text("target_op")?,
        text("target_status")?,
    );
    let mut t = ResultTable::new(dims);
    for i in 0..df.height() {
        let st = status[i].clone().unwrap_or_default();
        t.rows.push(ResultRow {
            indicator: ind[i].clone().unwrap_or_default(),
            area: area[i].clone().unwrap_or_default(),
            level: level[i].clone().unwrap_or_default(),
            period: period[i].clone().unwrap_or_default(),
            keys: dimv.iter().map(|d| d[i].clone().unwrap_or_else(|| TOTAL_CODE.into())).collect(),
            value: value[i],
            numerator: numer[i],
            denominator: denom[i],
            n: n[i].unwrap_or(0.0) as u64,
            lower: lower[i],
            upper: upper[i],
            unit: unit[i].clone().unwrap_or_default(),
            method: method[i].clone().unwrap_or_default(),
            status: ObsStatus::from_code(&st).ok_or(format!("row {}: unknown status {st:?}", i + 1))?,
            reason: reason[i].clone(),
            target: target[i],
            target_op: top[i].as_deref().and_then(gds_core::TargetOp::parse),
            target_year: ty[i].map(|y| y as i32),
            target_status: gds_core::TargetStatus::from_code(ts[i].as_deref().unwrap_or(""))
                .unwrap_or(gds_core::TargetStatus::NoTarget),
        });
    }
    Ok(t)
}

fn csv_field(v: Option<f64>) -> String {
    v.map(|x| format!("{x}")).unwrap_or_default()
}

/// Context for labelled outputs.
pub struct WriteContext<'a> {
    /// The catalogue (labels, units, themes).
    pub catalogue: &'a Catalogue,
    /// Language of labels.
    pub lang: Lang,
    /// Area name of a row's code and period (a reused code names another unit in another
    /// period).
    pub area_name: &'a dyn Fn(&str, &str) -> String,
    /// Source note printed in spreadsheets.
    pub source_note: String,
    /// SDMX agency id.
    pub agency: String,
    /// What computed the table (`gds.version`, `gds.engine` = `duckdb 2.0.1`, …): written as
    /// Parquet key-value metadata and as the JSON `metadata` object; CSV stays the bare table,
    /// so that engines give byte-identical CSV.
    pub provenance: Vec<(String, String)>,
}

/// Write `t` to `path` in `format`.
pub fn write(
    t: &ResultTable,
    path: &Path,
    format: OutFormat,
    ctx: &WriteContext,
) -> Result<(), ComputeError> {
    match format {
        OutFormat::Csv => write_atomic(path, |f| {
            f.write_all(b"\xef\xbb\xbf").map_err(|e| e.to_string())?;
            let mut w = csv::Writer::from_writer(f);
            let mut head: Vec<String> =
                ["indicator", "area", "level", "period"].iter().map(|s| s.to_string()).collect();
            head.extend(t.dimensions.iter().cloned());
            head.extend(
                [
                    "value",
                    "numerator",
                    "denominator",
                    "n",
                    "lower",
                    "upper",
                    "unit",
                    "method",
                    "status",
                    "reason",
                    "target",
                    "target_op",
                    "target_year",
                    "target_status",
                ]
                .iter()
                .map(|s| s.to_string()),
            );
            w.write_record(&head).map_err(|e| e.to_string())?;
            for r in &t.rows {
                let mut rec = vec![r.indicator.clone(), r.area.clone(), r.level.clone(), r.period.clone()];
                rec.extend(r.keys.iter().cloned());
                rec.extend([
                    csv_field(r.value),
                    csv_field(r.numerator),
                    csv_field(r.denominator),
                    r.n.to_string(),
                    csv_field(r.lower),
                    csv_field(r.upper),
                    r.unit.clone(),
                    r.method.clone(),
                    r.status.code().into(),
                    r.reason.clone().unwrap_or_default(),
                    csv_field(r.target),
                    r.target_op.map(|o| o.symbol().to_string()).unwrap_or_default(),
                    r.target_year.map(|y| y.to_string()).unwrap_or_default(),
                    r.target_status.code().into(),
                ]);
                w.write_record(&rec).map_err(|e| e.to_string())?;
            }
            w.flush().map_err(|e| e.to_string())
        }),
        OutFormat::Parquet | OutFormat::Ipc => {
            let mut df = to_dataframe(t).map_err(ComputeError::polars("building the result frame"))?;
            write_atomic(path, |f| {
                if format == OutFormat::Parquet {
                    let kv =
                        polars::io::parquet::write::KeyValueMetadata::from_static(ctx.provenance.clone());
                    ParquetWriter::new(f)
                        .with_key_value_metadata(Some(kv))
                        .finish(&mut df)
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                } else {
                    IpcWriter::new(f).finish(&mut df).map_err(|e| e.to_string())
                }
            })
        }
        OutFormat::Json => write_atomic(path, |f| {
            let metadata: serde_json::Map<String, serde_json::Value> = ctx
                .provenance
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::from(v.as_str())))
                .collect();
            let v = serde_json::json!({"metadata": metadata, "dimensions": t.dimensions, "rows": t.rows});
            serde_json::to_writer_pretty(f, &v).map_err(|e| e.to_string())
        }),
        OutFormat::SdmxCsv => write_atomic(path, |f| write_sdmx(t, f, ctx).map_err(|e| e.to_string())),
        OutFormat::Xlsx => {
            let bytes = crate::xlsx::workbook(t, ctx).map_err(|e| e.to_string());
            write_atomic(path, |f| f.write_all(&bytes?).map_err(|e| e.to_string()))
        }
    }
}

fn unit_mult(unit: &str) -> &'static str {
    // UNIT_MULT is the power of ten of the reported unit; values here are in their own unit.
    let _ = unit;
    "0"
}

/// SDMX-CSV 2.0: `STRUCTURE,STRUCTURE_ID,ACTION,...` with SEX F/M/_T, OBS_STATUS, bounds.
fn write_sdmx(t: &ResultTable, f: &mut std::fs::File, ctx: &WriteContext) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(f);
    let mut head: Vec<String> = ["STRUCTURE", "STRUCTURE_ID", "ACTION", "FREQ", "REF_AREA", "INDICATOR"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let dims: Vec<String> = t.dimensions.iter().map(|d| d.to_uppercase()).collect();
    head.extend(dims.iter().cloned());
    if !t.dimensions.iter().any(|d| d == "sex") {
        head.push("SEX".into());
    }
    head.extend(
        [
            "TIME_PERIOD",
            "OBS_VALUE",
            "UNIT_MEASURE",
            "UNIT_MULT",
            "OBS_STATUS",
            "CONF_STATUS",
            "LOWER_BOUND",
            "UPPER_BOUND",
            "NUMERATOR",
            "DENOMINATOR",
            "N_UNWEIGHTED",
            "COMMENT_OBS",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    w.write_record(&head)?;
    let structure = format!("{}:DF_GENDER(1.0.0)", ctx.agency);
    for r in &t.rows {
        let mut rec = vec![
            "dataflow".to_string(),
            structure.clone(),
            "I".into(),
            "A".into(),
            r.area.clone(),
            r.indicator.to_uppercase().replace('-', "_"),
        ];
        rec.extend(r.keys.iter().cloned());
        if !t.dimensions.iter().any(|d| d == "sex") {
            rec.push(TOTAL_CODE.into());
        }
        let conf = if r.status == ObsStatus::Suppressed { "C" } else { "F" };
        rec.extend([
            r.period.clone(),
            csv_field(r.value),
            r.unit.to_uppercase().replace('-', "_"),
            unit_mult(&r.unit).into(),
            r.status.sdmx_obs_status().into(),
            conf.into(),
            csv_field(r.lower),
            csv_field(r.upper),
            csv_field(r.numerator),
            csv_field(r.denominator),
            r.n.to_string(),
            [
                Some(r.method.clone()).filter(|m| !m.is_empty()).map(|m| format!("{m} interval")),
                r.reason.clone(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; "),
        ]);
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}
