//! The validated catalogue. These types are only built by [`crate::Catalogue::load`] and
//! [`crate::Catalogue::from_files`], after every reference has been checked.

use crate::filter::{ColumnKind, Filter};
use gds_core::Text;
use std::collections::BTreeMap;

/// A vocabulary entry (theme, framework, unit, level).
#[derive(Debug, Clone, PartialEq)]
pub struct VocabEntry {
    /// Identifier.
    pub id: String,
    /// Label.
    pub name: Text,
    /// Symbol (units only).
    pub symbol: Option<Text>,
}

/// An administrative level of the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    /// Identifier.
    pub id: String,
    /// Label.
    pub name: Text,
    /// Rank from the top (0 = national).
    pub rank: u8,
    /// First valid day.
    pub valid_from: Option<String>,
    /// Last valid day.
    pub valid_to: Option<String>,
}

/// One code of a code list.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The code.
    pub code: String,
    /// Label.
    pub name: Text,
    /// Spellings recognised in input data.
    pub aliases: Vec<String>,
    /// Lowest value (age groups).
    pub min: Option<u16>,
    /// Highest value (age groups).
    pub max: Option<u16>,
    /// Partition schemes the code belongs to.
    pub schemes: Vec<String>,
}

/// A code list.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeList {
    /// Identifier.
    pub id: String,
    /// Label.
    pub name: Text,
    /// Codes, in file order.
    pub codes: Vec<Code>,
}

impl CodeList {
    /// Look up a code.
    pub fn get(&self, code: &str) -> Option<&Code> {
        self.codes.iter().find(|c| c.code == code)
    }

    /// The codes of a partition scheme, in file order.
    pub fn scheme(&self, scheme: &str) -> Vec<&Code> {
        self.codes.iter().filter(|c| c.schemes.iter().any(|s| s == scheme)).collect()
    }
}

/// The type of a dataset column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Code from a code list.
    Code,
    /// Whole number.
    Integer,
    /// Real number.
    Number,
    /// Boolean.
    Boolean,
    /// Free text.
    Text,
    /// Area code.
    Area,
    /// Period (year).
    Period,
}

impl ColumnType {
    pub(crate) fn parse(s: &str) -> Option<ColumnType> {
        Some(match s {
            "code" => ColumnType::Code,
            "integer" => ColumnType::Integer,
            "number" => ColumnType::Number,
            "boolean" => ColumnType::Boolean,
            "text" => ColumnType::Text,
            "area" => ColumnType::Area,
            "period" => ColumnType::Period,
            _ => return None,
        })
    }

    /// How filters see this type.
    pub fn filter_kind(self) -> ColumnKind {
        match self {
            ColumnType::Code => ColumnKind::Code,
            ColumnType::Integer | ColumnType::Number | ColumnType::Period => ColumnKind::Number,
            ColumnType::Boolean => ColumnKind::Boolean,
            ColumnType::Text | ColumnType::Area => ColumnKind::Text,
        }
    }
}

/// A declared column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Name.
    pub name: String,
    /// Type.
    pub kind: ColumnType,
    /// Code list id for code columns.
    pub codelist: Option<String>,
    /// Must be present in every row.
    pub required: bool,
    /// Allowed range.
    pub range: Option<[f64; 2]>,
    /// An empty value means "none / does not apply" rather than "unknown".
    pub empty_means_none: bool,
    /// Decimals of the fixed-point integers its sums are kept in (see the dataset files).
    pub decimals: Option<u32>,
    /// For a yes/no column a file may leave out: (code column, codes for which it is true).
    pub when_absent: Option<(String, Vec<String>)>,
    /// Meaning.
    pub description: Text,
}

/// A dimension derived from a numeric column through a code list with ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    /// Dimension name.
    pub name: String,
    /// Source column.
    pub from: String,
    /// Code list.
    pub codelist: String,
    /// Partition scheme.
    pub scheme: String,
}

/// Microdata (one row per unit) or an aggregate table (one row per cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatasetKind {
    /// One row per person, event or body.
    Microdata,
    /// One row per cell of a table, with an optional count column.
    Aggregate,
}

/// A logical dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Identifier.
    pub id: String,
    /// Label.
    pub name: Text,
    /// What one row is.
    pub description: Text,
    /// Kind.
    pub kind: DatasetKind,
    /// Weight column.
    pub weight: Option<String>,
    /// Count column.
    pub count: Option<String>,
    /// Key columns.
    pub keys: Vec<String>,
    /// Columns.
    pub columns: Vec<Column>,
    /// Derived dimensions.
    pub derived: Vec<Derived>,
    /// Length of a term of office (rosters of a term): a term's roster serves no period past
    /// its end.
    pub term_years: Option<u32>,
}

impl Dataset {
    /// Look up a column.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Look up a derived dimension.
    pub fn derived(&self, name: &str) -> Option<&Derived> {
        self.derived.iter().find(|d| d.name == name)
    }

    /// The column of type `period`, if any.
    pub fn period_column(&self) -> Option<&str> {
        self.columns.iter().find(|c| c.kind == ColumnType::Period).map(|c| c.name.as_str())
    }

    /// The column of type `area`, if any.
    pub fn area_column(&self) -> Option<&str> {
        self.columns.iter().find(|c| c.kind == ColumnType::Area).map(|c| c.name.as_str())
    }

    /// The sex column (a code column on the `sex` code list), if any.
    pub fn sex_column(&self) -> Option<&str> {
        self.columns
            .iter()
            .find(|c| c.name == "sex" && c.codelist.as_deref() == Some("sex"))
            .or_else(|| self.columns.iter().find(|c| c.codelist.as_deref() == Some("sex")))
            .map(|c| c.name.as_str())
    }

    /// Whether `dim` can be used as a breakdown of this dataset.
    pub fn has_dimension(&self, dim: &str) -> bool {
        dim == "area"
            || self.derived(dim).is_some()
            || self.column(dim).is_some_and(|c| matches!(c.kind, ColumnType::Code | ColumnType::Area))
    }
}

/// One side of a two-dataset rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// Dataset id.
    pub dataset: String,
    /// Filter.
    pub filter: Filter,
    /// Age column (for age-specific rates).
    pub age: Option<String>,
}

/// Derived gender measures computed from a base indicator's female and male values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerivedKind {
    /// F − M (points).
    Gap,
    /// F / M.
    RatioFm,
    /// Gender parity index F / M.
    Gpi,
    /// Adjusted GPI (F/M if ≤ 1, else 2 − M/F).
    AdjustedGpi,
    /// (M − F) / M × 100.
    PayGap,
}

/// How an indicator is computed.
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// Count of records (weighted or count column) by breakdown.
    Count {
        /// Dataset.
        dataset: String,
        /// Population counted.
        universe: Filter,
    },
    /// Share of the numerator within the universe × scale.
    Share {
        /// Dataset.
        dataset: String,
        /// Denominator population.
        universe: Filter,
        /// Numerator condition.
        numerator: Filter,
        /// Multiplier.
        scale: f64,
    },
    /// As `Share`, computed for F, M and both sexes.
    RateBySex {
        /// Dataset.
        dataset: String,
        /// Denominator population.
        universe: Filter,
        /// Numerator condition.
        numerator: Filter,
        /// Multiplier.
        scale: f64,
    },
    /// Males per `scale` females.
    SexRatio {
        /// Dataset.
        dataset: String,
        /// Population.
        universe: Filter,
        /// Multiplier (100).
        scale: f64,
    },
    /// Mean of a numeric column, by sex.
    MeanBySex {
        /// Dataset.
        dataset: String,
        /// Population.
        universe: Filter,
        /// Column averaged.
        value: String,
    },
    /// Events in one dataset over a population in another, × scale.
    EventRate {
        /// Numerator side.
        events: Side,
        /// Denominator side.
        population: Side,
        /// Multiplier.
        scale: f64,
        /// Computed for each sex (and both), the two sides joined on sex too.
        by_sex: bool,
    },
    /// A derived gender measure of a base indicator.
    Derived {
        /// Which.
        kind: DerivedKind,
        /// Base indicator id.
        base: String,
    },
    /// Singulate mean age at marriage (Hajnal), by sex.
    Smam {
        /// Dataset.
        dataset: String,
        /// Population.
        universe: Filter,
        /// Never-married condition.
        never_married: Filter,
        /// Age column.
        age: String,
    },
    /// Total fertility rate from age-specific rates.
    Tfr {
        /// Births side (with mother's age).
        events: Side,
        /// Women side (with age).
        population: Side,
    },
    /// Gender Development Index (UNDP) from aggregate inputs.
    Gdi {
        /// Dataset of composite inputs.
        dataset: String,
    },
    /// Gender Inequality Index (UNDP) from aggregate inputs.
    Gii {
        /// Dataset of composite inputs.
        dataset: String,
    },
}

impl Measure {
    /// The kebab-case kind name.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Measure::Count { .. } => "count",
            Measure::Share { .. } => "share",
            Measure::RateBySex { .. } => "rate-by-sex",
            Measure::SexRatio { .. } => "sex-ratio",
            Measure::MeanBySex { .. } => "mean-by-sex",
            Measure::EventRate { .. } => "event-rate",
            Measure::Derived { kind: DerivedKind::Gap, .. } => "gap",
            Measure::Derived { kind: DerivedKind::RatioFm, .. } => "ratio-fm",
            Measure::Derived { kind: DerivedKind::Gpi, .. } => "gpi",
            Measure::Derived { kind: DerivedKind::AdjustedGpi, .. } => "adjusted-gpi",
            Measure::Derived { kind: DerivedKind::PayGap, .. } => "pay-gap",
            Measure::Smam { .. } => "smam",
            Measure::Tfr { .. } => "tfr",
            Measure::Gdi { .. } => "gdi",
            Measure::Gii { .. } => "gii",
        }
    }

    /// Datasets read directly by this measure.
    pub fn datasets(&self) -> Vec<&str> {
        match self {
            Measure::Count { dataset, .. }
            | Measure::Share { dataset, .. }
            | Measure::RateBySex { dataset, .. }
            | Measure::SexRatio { dataset, .. }
            | Measure::MeanBySex { dataset, .. }
            | Measure::Smam { dataset, .. }
            | Measure::Gdi { dataset }
            | Measure::Gii { dataset } => vec![dataset],
            Measure::EventRate { events, population, .. } | Measure::Tfr { events, population } => {
                vec![&events.dataset, &population.dataset]
            }
            Measure::Derived { .. } => vec![],
        }
    }

    /// Whether results are split by sex automatically.
    pub fn by_sex(&self) -> bool {
        matches!(
            self,
            Measure::RateBySex { .. }
                | Measure::MeanBySex { .. }
                | Measure::Smam { .. }
                | Measure::EventRate { by_sex: true, .. }
        )
    }
}

/// An official code of an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficialCode {
    /// Framework id.
    pub framework: String,
    /// Code.
    pub code: String,
    /// Read in an official source.
    pub verified: bool,
}

/// A level at which an indicator is compiled.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorLevel {
    /// Level id.
    pub level: String,
    /// First valid day.
    pub valid_from: Option<String>,
    /// Last valid day.
    pub valid_to: Option<String>,
}

/// A strategy target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Year.
    pub year: i32,
    /// Comparison.
    pub op: gds_core::TargetOp,
    /// Value.
    pub value: f64,
    /// Source document.
    pub source: String,
    /// Read in the official text.
    pub verified: bool,
}

/// How to read the direction of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    /// Higher is better.
    HigherIsBetter,
    /// Lower is better.
    LowerIsBetter,
    /// Best inside the reference range.
    WithinRange,
    /// Best at 0 (gaps).
    CloserToZero,
    /// Best at 1 (F/M ratios, parity indices).
    CloserToParity,
    /// No judgement.
    Neutral,
}

impl Polarity {
    pub(crate) fn parse(s: &str) -> Option<Polarity> {
        Some(match s {
            "higher-is-better" => Polarity::HigherIsBetter,
            "lower-is-better" => Polarity::LowerIsBetter,
            "within-range" => Polarity::WithinRange,
            "closer-to-zero" => Polarity::CloserToZero,
            "closer-to-parity" => Polarity::CloserToParity,
            "neutral" => Polarity::Neutral,
            _ => return None,
        })
    }

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "higher-is-better",
            Polarity::LowerIsBetter => "lower-is-better",
            Polarity::WithinRange => "within-range",
            Polarity::CloserToZero => "closer-to-zero",
            Polarity::CloserToParity => "closer-to-parity",
            Polarity::Neutral => "neutral",
        }
    }
}

/// A validated indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Identifier.
    pub id: String,
    /// File it was read from (relative to the catalogue root).
    pub file: String,
    /// Official codes.
    pub codes: Vec<OfficialCode>,
    /// Name.
    pub name: Text,
    /// Concept.
    pub concept: Text,
    /// Theme id.
    pub theme: String,
    /// Framework ids.
    pub frameworks: Vec<String>,
    /// Frameworks (of `frameworks`) whose membership is unverified.
    pub unverified_frameworks: Vec<String>,
    /// The one sex the indicator is defined for: reports and tables show that sex's value
    /// only (the result table keeps every sex, for comparison). `None`: every sex is shown.
    pub reported_sex: Option<gds_core::Sex>,
    /// Unit id.
    pub unit: String,
    /// Polarity.
    pub polarity: Polarity,
    /// Periodicity.
    pub periodicity: String,
    /// Data source.
    pub data_source: Text,
    /// Lead agency.
    pub lead_agency: Text,
    /// Legal basis.
    pub legal_basis: Vec<String>,
    /// Levels.
    pub levels: Vec<IndicatorLevel>,
    /// Allowed breakdowns.
    pub breakdowns: Vec<String>,
    /// Measure (None: metadata only).
    pub measure: Option<Measure>,
    /// Why it is not computable.
    pub not_computable: Option<Text>,
    /// Interval method name (`wilson`, ..., `none`).
    pub interval: String,
    /// Reference range.
    pub reference_range: Option<[f64; 2]>,
    /// Small-number rule: (suppress below, flag below).
    pub small_numbers: Option<(u64, u64)>,
    /// Targets, by year.
    pub targets: Vec<Target>,
    /// Default chart kind.
    pub chart: Option<String>,
    /// Verification status (`V`, `V-m`, `P`, `I`).
    pub verification: String,
    /// Verification source.
    pub verification_source: String,
}

impl Indicator {
    /// Whether the indicator can be computed from declared datasets.
    pub fn computable(&self) -> bool {
        self.measure.is_some()
    }

    /// The target in force for `year`: the first target whose year is ≥ `year`.
    pub fn target_for(&self, year: i32) -> Option<&Target> {
        self.targets.iter().filter(|t| t.year >= year).min_by_key(|t| t.year)
    }
}

/// The validated catalogue.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Catalogue {
    /// Catalogue name.
    pub name: Text,
    /// Themes in declaration order.
    pub themes: Vec<VocabEntry>,
    /// Frameworks.
    pub frameworks: Vec<VocabEntry>,
    /// Units.
    pub units: Vec<VocabEntry>,
    /// Levels.
    pub levels: Vec<Level>,
    /// Code lists by id.
    pub codelists: BTreeMap<String, CodeList>,
    /// Datasets by id.
    pub datasets: BTreeMap<String, Dataset>,
    /// Indicators by id.
    pub indicators: BTreeMap<String, Indicator>,
}

impl Catalogue {
    /// Look up an indicator.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.get(id)
    }

    /// Look up a unit.
    pub fn unit(&self, id: &str) -> Option<&VocabEntry> {
        self.units.iter().find(|u| u.id == id)
    }

    /// Look up a theme.
    pub fn theme(&self, id: &str) -> Option<&VocabEntry> {
        self.themes.iter().find(|u| u.id == id)
    }

    /// Look up a framework.
    pub fn framework(&self, id: &str) -> Option<&VocabEntry> {
        self.frameworks.iter().find(|u| u.id == id)
    }

    /// Look up a level.
    pub fn level(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|u| u.id == id)
    }
}
