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

/// Arguments of `gds indicators check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Catalogue folder to check (default: --catalogue, or the embedded catalogue).
    pub dir: Option<PathBuf>,
}
