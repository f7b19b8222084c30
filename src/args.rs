//! Command-line arguments (clap derive).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// gds — gender-disaggregated statistics: from census, survey and register records to the
/// official gender development indicators, with intervals, quality flags, charts and reports.
#[derive(Debug, Parser)]
#[command(name = "gds", version, about, long_about = None, after_help = "Examples:\n  gds indicators list --lang en\n  gds indicators show srb\n  gds indicators check\n")]
pub struct Cli {
    /// Use the indicator catalogue in this folder instead of the embedded one.
    #[arg(long, global = true, value_name = "DIR")]
    pub catalogue: Option<PathBuf>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Browse and check the indicator catalogue.
    #[command(subcommand)]
    Indicators(IndicatorsCommand),
    /// Check the data files of a project (gds.toml) against the catalogue.
    #[command(
        after_help = "Examples:\n  gds validate data-samples/minh-lam/gds.toml\n  gds validate gds.toml --format json > findings.json\n\nExit status: 0 clean, 1 problems found."
    )]
    Validate(ValidateArgs),
    /// Compute indicators for a project and write the result table.
    #[command(
        after_help = "Examples:\n  gds compute data-samples/minh-lam/gds.toml --period 2024 --out results.xlsx\n  gds compute gds.toml --level commune --by sex,age_group --out results.parquet --timings\n  gds compute gds.toml --indicators srb,lfpr --format sdmx --out results.sdmx.csv\n  gds compute gds.toml --as-of 2025-07-01 --out today.csv   # on today's communes"
    )]
    Compute(ComputeArgs),
    /// Build the cubes of exact sums of a project (one per dataset) without computing the
    /// indicators: for `gds compute --from-cubes`, or to combine areas without their records.
    #[command(
        after_help = "Examples:\n  gds cube data-samples/minh-lam/gds.toml --out cubes/\n  gds cube gds.toml --period 2024 --by sex,age_group --out cubes-2024/\n  gds compute gds.toml --from-cubes cubes/ --out results.csv"
    )]
    Cube(CubeArgs),
    /// Draw publication-ready charts (PNG and SVG) from a result table.
    #[command(
        after_help = "Examples:\n  gds chart --results results.parquet --indicator srb --kind srb --lang vi --out srb.png\n  gds chart --results results.parquet --project gds.toml --all --out charts/\n  gds chart --results results.parquet --indicator lfpr --kind sex-comparison --dpi 300 --out lfpr.png"
    )]
    Chart(ChartArgs),
    /// Generate a reproducible synthetic district (clearly labelled synthetic).
    #[command(
        after_help = "Examples:\n  gds synth --seed 42 --out data-samples/minh-lam\n  gds synth --seed 7 --persons 10000000 --out /tmp/big   # streams Parquet row groups"
    )]
    Synth(SynthArgs),
    /// Write the annual (or six-month) gender-equality report package.
    #[command(
        after_help = "Examples:\n  gds report data-samples/minh-lam/gds.toml --period 2024 --lang vi --out report/\n  gds report gds.toml --period 2024 --lang en --no-timestamp --out report-en/"
    )]
    Report(ReportArgs),
    /// Print a project's areas as a hierarchy on a date (which unit each code names then),
    /// and the codes that name several units over time.
    #[command(
        after_help = "Examples:\n  gds areas gds.toml --on 2024-12-31\n  gds areas gds.toml --on 2025-07-01   # after the reform\n\nExit status: 0 when the area list and crosswalk are valid, 1 otherwise."
    )]
    Areas(AreasArgs),
    /// Print the SQL that computes each dataset's cube on another engine (DuckDB, Spark,
    /// PostgreSQL): the same keys, signature bits and exact sums as gds's own engine.
    #[command(
        after_help = "Examples:\n  gds sql data-samples/minh-lam/gds.toml --dialect duckdb --period 2024\n  gds sql gds.toml --dialect spark --dataset persons > persons-cube.sql\n\nThe code mapping is built from the distinct spellings in the files (read by gds); sources that need more than SQL over the file (Excel sheets, layouts) are named on stderr and left to gds's own engine."
    )]
    Sql(SqlArgs),
    /// Write the data-collection forms of a period: one Excel workbook per reporting unit
    /// (commune) with the count tables the district collects, and the gds.toml that reads
    /// them back once filled.
    #[command(
        after_help = "Examples:\n  gds forms data-samples/minh-lam/gds.toml --period 2024-H1 --out forms/\n  gds forms gds.toml --period 2025 --datasets population-counts,leaders --out forms-2025/\n\nThen, with the filled forms back in the folder (same file names):\n  gds validate forms/gds.toml\n  gds compute forms/gds.toml --period 2024-H1 --out results.xlsx"
    )]
    Forms(FormsArgs),
    /// Print the plan of a computation (one fused scan per dataset) without running it.
    #[command(
        after_help = "Examples:\n  gds explain data-samples/minh-lam/gds.toml --period 2024 --by sex,age_group"
    )]
    Explain(RequestArgs),
}

/// Output format of `gds validate`.
#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum ReportFormat {
    /// Human-readable text.
    #[default]
    Text,
    /// JSON.
    Json,
    /// CSV, one finding per row.
    Csv,
}

/// Arguments of `gds validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Project file.
    #[arg(default_value = "gds.toml")]
    pub project: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
    /// Language of the text output (default: Vietnamese when GDS_LANG or LANG says `vi`,
    /// else English). Messages the catalogue has no Vietnamese text for stay in English.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

/// `gds areas`.
#[derive(Debug, Args, Clone)]
pub struct AreasArgs {
    /// Project file.
    #[arg(default_value = "gds.toml")]
    pub project: PathBuf,
    /// The date (YYYY-MM-DD) whose units to show (default: today).
    #[arg(long)]
    pub on: Option<String>,
}

/// `gds forms`.
#[derive(Debug, Args, Clone)]
pub struct FormsArgs {
    /// Project file (its areas and calendar; its data files need not exist).
    #[arg(default_value = "gds.toml")]
    pub project: PathBuf,
    /// Reporting period: a year (2024), a six-month period (2024-H1) or a quarter (2024-Q3).
    #[arg(long, value_parser = parse_period)]
    pub period: gds_core::Period,
    /// Level of the reporting units.
    #[arg(long, default_value = "commune")]
    pub level: String,
    /// Datasets to collect, comma-separated (default: every count table a form can hold; a
    /// dataset of records such as `leaders` gets a roster form, a row per person).
    #[arg(long, value_delimiter = ',')]
    pub datasets: Vec<String>,
    /// Blank rows of a roster form.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=5000))]
    pub rows: u32,
    /// Output folder (the forms, their gds.toml and areas.csv).
    #[arg(long)]
    pub out: PathBuf,
    /// Replace forms already in the folder (returned forms would be lost: refused by default).
    #[arg(long)]
    pub overwrite: bool,
}

/// What to compute (shared by `compute`, `explain`, `report`).
#[derive(Debug, Args, Clone)]
pub struct RequestArgs {
    /// Project file.
    #[arg(default_value = "gds.toml")]
    pub project: PathBuf,
    /// Periods, comma-separated: years (2024), six-month periods (2024-H1) or quarters
    /// (2024-Q3), one kind at a time; default: all in the data.
    #[arg(long, value_delimiter = ',', value_parser = period_code)]
    pub period: Vec<i64>,
    /// Lowest area level: commune, district, province or total.
    #[arg(long, default_value = "commune")]
    pub level: String,
    /// Breakdowns, comma-separated (sex, age_group, urban_rural, ethnicity, ...).
    #[arg(long = "by", value_delimiter = ',', default_value = "sex")]
    pub by: Vec<String>,
    /// Indicator ids, comma-separated (default: all computable).
    #[arg(long, value_delimiter = ',')]
    pub indicators: Vec<String>,
    /// Themes, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub themes: Vec<String>,
    /// Report on the units valid on this date (e.g. 2025-07-01), via the crosswalk.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Confidence level of intervals.
    #[arg(long, default_value_t = 0.95)]
    pub confidence: f64,
    /// Do not apply the small-number rules (internal checks only, never for publication).
    #[arg(long)]
    pub no_suppress: bool,
}

/// Arguments of `gds compute`.
#[derive(Debug, Args)]
pub struct ComputeArgs {
    /// The request.
    #[command(flatten)]
    pub request: RequestArgs,
    /// Output file; the format comes from the extension (.csv .parquet .arrow .json .xlsx .sdmx.csv).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Output format, overriding the extension: csv, parquet, ipc, json, xlsx, sdmx.
    #[arg(long)]
    pub format: Option<String>,
    /// Language of labels in xlsx output.
    #[arg(long, value_enum, default_value_t)]
    pub lang: LangArg,
    /// Print the plan before running it.
    #[arg(long)]
    pub explain: bool,
    /// Print how long each stage took.
    #[arg(long)]
    pub timings: bool,
    /// Run one scan per indicator instead of one per dataset (for comparison).
    #[arg(long, hide = true)]
    pub naive: bool,
    /// Publish even though the data fail their checks (every affected result is marked
    /// "unverified" and every problem is listed). Never for an official release.
    #[arg(long)]
    pub force: bool,
    /// Compute from the cubes `gds cube` wrote to this folder instead of reading the data
    /// (the project gives the areas and the crosswalk; its data files need not be present).
    #[arg(long, value_name = "DIR")]
    pub from_cubes: Option<PathBuf>,
    /// Where the cubes are computed.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Output language.
#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum LangArg {
    /// Vietnamese.
    #[default]
    Vi,
    /// English.
    En,
}

impl From<LangArg> for gds_core::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Vi => gds_core::Lang::Vi,
            LangArg::En => gds_core::Lang::En,
        }
    }
}

/// Tabular output format for listings.
#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum ListFormat {
    /// A table for the terminal.
    #[default]
    Table,
    /// CSV (UTF-8, header row).
    Csv,
    /// JSON array.
    Json,
}

/// `gds indicators ...`
#[derive(Debug, Subcommand)]
pub enum IndicatorsCommand {
    /// List indicators, filtered by theme, framework, computability or free text.
    #[command(
        after_help = "Examples:\n  gds indicators list\n  gds indicators list --theme leadership --lang en\n  gds indicators list --framework sdg5 --format csv > sdg5.csv\n  gds indicators list --search \"giới tính\" --computable\n"
    )]
    List(ListArgs),
    /// Show one indicator's full, resolved definition.
    #[command(
        after_help = "Examples:\n  gds indicators show srb\n  gds indicators show lfpr --lang en\n  gds indicators show gov-bodies-female-key-leader --format json\n"
    )]
    Show(ShowArgs),
    /// What each framework's indicators need: computable, needing data, or not computable;
    /// with a project, computable from its data.
    #[command(
        after_help = "Examples:\n  gds indicators coverage\n  gds indicators coverage --project data-samples/minh-lam/gds.toml --lang en\n  gds indicators coverage --project gds.toml --format csv > coverage.csv\n"
    )]
    Coverage(CoverageArgs),
    /// Validate a catalogue folder; prints every problem with file:line and exits 1 if any.
    #[command(
        after_help = "Examples:\n  gds indicators check                 # the embedded catalogue\n  gds indicators check indicators/     # a folder (e.g. a province's own catalogue)\n"
    )]
    Check(CheckArgs),
}

/// Arguments of `gds indicators list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this theme (e.g. population, labour, leadership).
    #[arg(long)]
    pub theme: Option<String>,
    /// Only indicators of this framework (e.g. tt10-2019, qd54-2016, nq28-2021, sdg5, msgi).
    #[arg(long)]
    pub framework: Option<String>,
    /// Only indicators computable from the declared datasets.
    #[arg(long, conflicts_with = "metadata_only")]
    pub computable: bool,
    /// Only indicators kept as metadata (not computable).
    #[arg(long)]
    pub metadata_only: bool,
    /// Free text searched in ids, names and concepts of both languages (accents ignored).
    #[arg(long)]
    pub search: Option<String>,
    /// Language of names.
    #[arg(long, value_enum, default_value_t)]
    pub lang: LangArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

/// Arguments of `gds indicators show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Indicator id.
    pub id: String,
    /// Language of the primary labels (both languages are shown).
    #[arg(long, value_enum, default_value_t)]
    pub lang: LangArg,
    /// Output format (`table` means readable text).
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

/// Arguments of `gds indicators coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Project whose data decide what is computable (default: the catalogue alone).
    #[arg(long)]
    pub project: Option<PathBuf>,
    /// Language of framework names.
    #[arg(long, value_enum, default_value_t)]
    pub lang: LangArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

/// Arguments of `gds indicators check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Catalogue folder to check (default: --catalogue, or the embedded catalogue).
    pub dir: Option<PathBuf>,
}

/// The engine that computes the cubes.
#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum EngineArg {
    /// gds's own engine on polars (the default).
    #[default]
    Polars,
    /// DuckDB, through its Python package (`GDS_PYTHON`, else python3).
    Duckdb,
    /// Apache Spark, through PySpark (`--spark-master`).
    Spark,
}

/// Where the cubes are computed.
#[derive(Debug, Args, Clone)]
pub struct EngineArgs {
    /// Engine: polars (default), duckdb or spark. The SQL engines compute the cubes where
    /// they read the files; gds finishes the statistics. Results are identical.
    #[arg(long, value_enum, default_value_t)]
    pub engine: EngineArg,
    /// Spark master: local[2], spark://host:7077, yarn, or a Spark Connect address sc://host:15002.
    #[arg(long, default_value = "local[2]")]
    pub spark_master: String,
}

/// Arguments of `gds sql`.
#[derive(Debug, Args)]
pub struct SqlArgs {
    /// What the cubes must serve.
    #[command(flatten)]
    pub request: RequestArgs,
    /// SQL dialect: duckdb, spark or postgres.
    #[arg(long)]
    pub dialect: String,
    /// Only the cubes of these datasets (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub dataset: Vec<String>,
}

/// Arguments of `gds cube`.
#[derive(Debug, Args)]
pub struct CubeArgs {
    /// What the cubes must serve (periods, breakdowns, indicators); the cubes hold the areas
    /// of the data, so any level can be computed from them.
    #[command(flatten)]
    pub request: RequestArgs,
    /// Folder to write (replaced whole).
    #[arg(long, short)]
    pub out: PathBuf,
    /// Build the cubes even though the data fail their checks (the cubes are marked so, and
    /// every result computed from them is "unverified").
    #[arg(long)]
    pub force: bool,
    /// Where the cubes are computed.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// Arguments of `gds chart`.
#[derive(Debug, Args)]
pub struct ChartArgs {
    /// Result table written by `gds compute` (.parquet, .arrow or .csv).
    #[arg(long)]
    pub results: PathBuf,
    /// Project file, for area names, the source line and the synthetic-data label.
    #[arg(long)]
    pub project: Option<PathBuf>,
    /// Indicator to draw.
    #[arg(long, required_unless_present = "all")]
    pub indicator: Option<String>,
    /// Chart kind: bar-by-area, trend, pyramid, sex-comparison, dumbbell, srb, stacked-share (default: the indicator's).
    #[arg(long)]
    pub kind: Option<String>,
    /// Draw the standard set of the catalogue for every indicator in the results (--out is a folder).
    #[arg(long)]
    pub all: bool,
    /// Language of labels; with --all both languages are drawn unless one is given.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Period to draw (default: the latest in the results).
    #[arg(long)]
    pub period: Option<String>,
    /// Width in pixels at 96 dpi.
    #[arg(long, default_value_t = 1200)]
    pub width: u32,
    /// Height in pixels at 96 dpi.
    #[arg(long, default_value_t = 750)]
    pub height: u32,
    /// Resolution of PNGs (300 for print).
    #[arg(long, default_value_t = 96.0)]
    pub dpi: f64,
    /// Output file (.png or .svg), or a folder with --all.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Publish even though the data fail their checks (every affected result is marked
    /// "unverified" and every problem is listed). Never for an official release.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `gds synth`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Random seed: the same seed gives byte-identical files.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Persons per year.
    #[arg(long, default_value_t = 150_000)]
    pub persons: u64,
    /// Years, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "2023,2024")]
    pub years: Vec<i32>,
    /// Output folder (created; existing files of the same names are replaced atomically).
    #[arg(long, short)]
    pub out: PathBuf,
}

/// Arguments of `gds report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Project file.
    #[arg(default_value = "gds.toml")]
    pub project: PathBuf,
    /// Reporting period: a year (2024), a six-month period (2024-H1) or a quarter (2024-Q3);
    /// compared with the same period of the year before. Default: the latest period in the data
    /// that has ended (by the project's reporting calendar).
    #[arg(long, value_parser = parse_period)]
    pub period: Option<gds_core::Period>,
    /// Language of the report.
    #[arg(long, value_enum, default_value_t)]
    pub lang: LangArg,
    /// Lowest area level in tables and charts.
    #[arg(long, default_value = "commune")]
    pub level: String,
    /// Output folder.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Leave the generation time out, so the same input gives the same bytes.
    #[arg(long)]
    pub no_timestamp: bool,
    /// Replace a report package already in the output folder (without it, gds refuses to
    /// replace a report in the same language, or one made from other results; a report in the
    /// other language of the same results is kept beside the new one).
    #[arg(long)]
    pub overwrite: bool,
    /// PNG resolution of the charts in the Word document (they are 16 cm wide).
    #[arg(long, default_value_t = 300.0)]
    pub dpi: f64,
    /// Publish even though the data fail their checks (every affected result is marked
    /// "unverified" and every problem is listed). Never for an official release.
    #[arg(long)]
    pub force: bool,
    /// Where the cubes are computed.
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// A `--period` value: `2024`, `2024-H1`, `2024-Q3`.
pub fn parse_period(s: &str) -> Result<gds_core::Period, String> {
    gds_core::Period::parse(s).ok_or_else(|| {
        format!(
            "{s:?} is not a period — hint: a year (2024), a six-month period (2024-H1) or a quarter (2024-Q3)"
        )
    })
}

fn period_code(s: &str) -> Result<i64, String> {
    parse_period(s).map(|p| p.code())
}
