//! The file shapes of the catalogue: one `*Def` type per kind of definition file.
//!
//! These types mirror the TOML files exactly (`deny_unknown_fields`, kebab-case keys) and
//! carry spans where the validator needs to point at a line. They are only parsed here;
//! [`crate::validate`] turns them into the validated [`crate::Catalogue`].

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// A text in both languages of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TextDef {
    /// Vietnamese (NFC-normalised).
    pub vi: String,
    /// English.
    pub en: String,
}

/// `indicators/catalogue.toml`: the vocabularies every definition refers to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CatalogueFileDef {
    /// Format version of the definition files (currently 1).
    pub schema_version: u32,
    /// Name of the catalogue.
    pub name: TextDef,
    /// Themes (report chapters) indicators are grouped into.
    #[serde(default)]
    pub themes: Vec<VocabEntryDef>,
    /// Indicator frameworks (legal bases, international sets).
    #[serde(default)]
    pub frameworks: Vec<VocabEntryDef>,
    /// Units of measure.
    #[serde(default)]
    pub units: Vec<UnitDef>,
    /// Administrative levels (the levels themselves are data, with validity dates).
    #[serde(default)]
    pub levels: Vec<LevelDef>,
}

/// One entry of a small vocabulary (theme, framework).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VocabEntryDef {
    /// Identifier, kebab-case.
    pub id: Spanned<String>,
    /// Label.
    pub name: TextDef,
    /// Optional longer description or citation.
    #[serde(default)]
    pub description: Option<TextDef>,
}

/// A unit of measure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct UnitDef {
    /// Identifier, e.g. `percent`.
    pub id: Spanned<String>,
    /// Label.
    pub name: TextDef,
    /// Short symbol shown after numbers (e.g. `%`, `‰`).
    #[serde(default)]
    pub symbol: Option<TextDef>,
}

/// An administrative level with its validity period.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LevelDef {
    /// Identifier, e.g. `commune`.
    pub id: Spanned<String>,
    /// Label.
    pub name: TextDef,
    /// Rank from the top (0 = national).
    pub rank: u8,
    /// First day the level exists (ISO date), if bounded.
    #[serde(default)]
    pub valid_from: Option<String>,
    /// Last day the level exists (ISO date), if bounded.
    #[serde(default)]
    pub valid_to: Option<String>,
}

/// `indicators/codelists/<id>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CodeListDef {
    /// Format version.
    pub schema_version: u32,
    /// Identifier, kebab-case.
    pub id: Spanned<String>,
    /// Label.
    pub name: TextDef,
    /// The codes.
    pub codes: Vec<CodeDef>,
}

/// One code of a code list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CodeDef {
    /// The code as stored in data (`F`, `M`, `_T`, `15-19`).
    pub code: Spanned<String>,
    /// Label.
    pub name: TextDef,
    /// Spellings recognised in input data without a mapping (matched case- and
    /// accent-insensitively). Numeric codes are never listed here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Lowest age (inclusive), for age-group codes.
    #[serde(default)]
    pub min: Option<u16>,
    /// Highest age (inclusive), for age-group codes; absent for open groups such as `80+`.
    #[serde(default)]
    pub max: Option<u16>,
    /// For age groups: the partition schemes this code belongs to (e.g. `5y`, `broad`).
    #[serde(default)]
    pub schemes: Vec<String>,
}

/// `indicators/datasets/<id>.toml`: a logical dataset that indicators read.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DatasetDef {
    /// Format version.
    pub schema_version: u32,
    /// Identifier, kebab-case.
    pub id: Spanned<String>,
    /// Label.
    pub name: TextDef,
    /// What one row is.
    pub description: TextDef,
    /// `microdata` (one row per unit) or `aggregate` (one row per cell, with a count column).
    pub kind: Spanned<String>,
    /// Survey weight column (microdata), if any.
    #[serde(default)]
    pub weight: Option<Spanned<String>>,
    /// Count column (aggregate tables).
    #[serde(default)]
    pub count: Option<Spanned<String>>,
    /// Columns that together identify a row (checked for duplicates).
    #[serde(default)]
    pub keys: Vec<Spanned<String>>,
    /// The declared columns.
    pub columns: Vec<ColumnDef>,
    /// Dimensions derived from a column (e.g. `age_group` from `age`).
    #[serde(default)]
    pub derived: Vec<DerivedDef>,
    /// Rosters of a term of office: its length in years. The roster of a term that started in
    /// year `s` serves the periods of years `s` to `s + term-years` (the year of the next
    /// election included) and no later one: past its term a roster is no data.
    #[serde(default)]
    pub term_years: Option<u32>,
}

/// One declared column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ColumnDef {
    /// Column name (snake_case, as used in filters).
    pub name: Spanned<String>,
    /// `code`, `integer`, `number`, `boolean`, `text`, `area` or `period`.
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    /// Code list for `code` columns.
    #[serde(default)]
    pub codelist: Option<Spanned<String>>,
    /// Whether a value must be present in every row.
    #[serde(default)]
    pub required: bool,
    /// Allowed range for numbers, inclusive.
    #[serde(default)]
    pub range: Option<[f64; 2]>,
    /// An empty value means "none / does not apply" (e.g. no age at first marriage for a
    /// person never married), so a filter on the column counts it as not meeting the
    /// condition. Without it an empty value is unknown and the row is left out of the
    /// indicator (counted as "unknown"), never counted as "no".
    #[serde(default)]
    pub empty_means_none: bool,
    /// Decimals a number column (a weight, a count, a value summed) is read at for exact
    /// sums: `round(x · 10^decimals)` is added as an integer. Defaults: 9 for weights and
    /// counts, 4 for other numbers.
    #[serde(default)]
    pub decimals: Option<u32>,
    /// A yes/no column a file may leave out, derived then from a code column: true when
    /// that column holds one of `codes` (a key leader from the position).
    #[serde(default)]
    pub when_absent: Option<WhenAbsentDef>,
    /// Meaning of the column.
    pub description: TextDef,
}

/// How a yes/no column is derived when a file leaves it out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WhenAbsentDef {
    /// The code column it is derived from.
    pub column: Spanned<String>,
    /// The codes for which it is true.
    pub codes: Vec<String>,
}

/// A dimension derived from a numeric column by a code list with ranges.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DerivedDef {
    /// Name of the derived dimension (usable in breakdowns).
    pub name: Spanned<String>,
    /// Source column.
    pub from: Spanned<String>,
    /// Code list with `min`/`max` ranges.
    pub codelist: Spanned<String>,
    /// Which partition of the code list to use.
    pub scheme: Spanned<String>,
}

/// `indicators/<theme>/<id>.toml`: one indicator.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IndicatorDef {
    /// Format version.
    pub schema_version: u32,
    /// Identifier, kebab-case, unique in the catalogue.
    pub id: Spanned<String>,
    /// Official codes in the frameworks that number it.
    #[serde(default)]
    pub codes: Vec<OfficialCodeDef>,
    /// Name.
    pub name: TextDef,
    /// Concept / definition (paraphrased).
    pub concept: TextDef,
    /// Theme id.
    pub theme: Spanned<String>,
    /// Framework ids this indicator belongs to.
    pub frameworks: Vec<Spanned<String>>,
    /// Frameworks of `frameworks` whose membership no official text seen confirms: shown as
    /// unverified wherever the frameworks are.
    #[serde(default)]
    pub unverified_frameworks: Vec<Spanned<String>>,
    /// The one sex the indicator is defined for (`F`, `M`), when its name says so ("share of
    /// employed women …"): publications show that sex's value only; results keep every sex.
    #[serde(default)]
    pub reported_sex: Option<Spanned<String>>,
    /// Unit id.
    pub unit: Spanned<String>,
    /// How to read the direction of change.
    pub polarity: Spanned<String>,
    /// Publication periodicity.
    pub periodicity: Spanned<String>,
    /// Data source.
    pub data_source: TextDef,
    /// Agency responsible for collecting and compiling.
    pub lead_agency: TextDef,
    /// Legal basis (documents), as cited.
    #[serde(default)]
    pub legal_basis: Vec<String>,
    /// Administrative levels at which it is compiled, with validity dates.
    #[serde(default)]
    pub levels: Vec<IndicatorLevelDef>,
    /// Allowed breakdowns (dimension names); `area` is always allowed.
    #[serde(default)]
    pub breakdowns: Vec<Spanned<String>>,
    /// How it is computed; absent for indicators kept as metadata only.
    #[serde(default)]
    pub measure: Option<MeasureDef>,
    /// Why it cannot be computed from the declared datasets (when `measure` is absent).
    #[serde(default)]
    pub not_computable: Option<TextDef>,
    /// Interval method for the value.
    #[serde(default)]
    pub interval: Option<Spanned<String>>,
    /// Normal / expected range of the value (e.g. 103–107 for the sex ratio at birth).
    #[serde(default)]
    pub reference_range: Option<[f64; 2]>,
    /// Small-number rule.
    #[serde(default)]
    pub small_numbers: Option<SmallNumbersDef>,
    /// Strategy targets.
    #[serde(default)]
    pub targets: Vec<TargetDef>,
    /// Default chart kind for this indicator.
    #[serde(default)]
    pub chart: Option<Spanned<String>>,
    /// Verification status of this definition against official texts.
    pub verification: VerificationDef,
}

/// An official code in a framework.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OfficialCodeDef {
    /// Framework id.
    pub framework: Spanned<String>,
    /// The code as published.
    pub code: String,
    /// Whether the code was read in an official source.
    pub verified: bool,
}

/// A level at which the indicator is compiled.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IndicatorLevelDef {
    /// Level id.
    pub level: Spanned<String>,
    /// First valid day (ISO date) for this indicator at this level.
    #[serde(default)]
    pub valid_from: Option<String>,
    /// Last valid day (ISO date).
    #[serde(default)]
    pub valid_to: Option<String>,
}

/// How an indicator is computed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MeasureDef {
    /// Measure kind (see the catalogue README).
    pub kind: Spanned<String>,
    /// Dataset read (single-dataset kinds).
    #[serde(default)]
    pub dataset: Option<Spanned<String>>,
    /// SQL boolean expression selecting the population (denominator universe).
    #[serde(default)]
    pub universe: Option<Spanned<String>>,
    /// SQL boolean expression selecting the numerator within the universe.
    #[serde(default)]
    pub numerator: Option<Spanned<String>>,
    /// Numeric column averaged (`mean-by-sex`).
    #[serde(default)]
    pub value: Option<Spanned<String>>,
    /// Multiplier applied to the ratio (1, 100, 1000, 100000).
    #[serde(default)]
    pub scale: Option<f64>,
    /// Event-rate numerator: dataset and filter.
    #[serde(default)]
    pub events: Option<SideDef>,
    /// Event-rate denominator: dataset and filter.
    #[serde(default)]
    pub population: Option<SideDef>,
    /// Base indicator for derived gender measures (gap, ratio, parity, pay gap).
    #[serde(default)]
    pub base: Option<Spanned<String>>,
    /// Age column for age-structured measures (`smam`, `tfr`).
    #[serde(default)]
    pub age: Option<Spanned<String>>,
    /// An event rate computed for each sex (both sides have a sex column: enrolled girls over
    /// girls of school age).
    #[serde(default)]
    pub by_sex: Option<Spanned<bool>>,
}

/// One side of a two-dataset rate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SideDef {
    /// Dataset id.
    pub dataset: Spanned<String>,
    /// SQL boolean filter over that dataset's columns.
    pub filter: Spanned<String>,
    /// Age column used to split by age group (for `tfr`).
    #[serde(default)]
    pub age: Option<Spanned<String>>,
}

/// Small-number rule of a definition.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SmallNumbersDef {
    /// Suppress when the unweighted base is below this.
    pub suppress_below: u64,
    /// Flag (show in parentheses) when the unweighted base is below this.
    pub flag_below: u64,
}

/// A strategy target.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TargetDef {
    /// Target year.
    pub year: i32,
    /// Comparison: `>=`, `<=`, `>`, `<`.
    pub op: Spanned<String>,
    /// Target value, in the indicator's unit.
    pub value: f64,
    /// Document that sets it.
    pub source: String,
    /// Whether the target was read in the official text.
    pub verified: bool,
}

/// Verification status of a definition.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VerificationDef {
    /// `V` verified, `V-m` verified from a mirror, `P` partly, `I` inferred.
    pub status: Spanned<String>,
    /// Where it was read, or why it is not verified.
    pub source: String,
}
