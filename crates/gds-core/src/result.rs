//! The result of a computation: one row per indicator × area × period × breakdown key.
//!
//! [`ResultTable`] is polars-free so charts, reports and other Rust systems can use it.
//! It converts to and from an arrow-rs [`RecordBatch`] built with arrow's own builders.

use arrow::array::{
    Array, ArrayRef, Float64Array, Float64Builder, Int32Array, Int32Builder, RecordBatch, StringArray,
    StringBuilder, UInt64Array, UInt64Builder,
};
use arrow::datatypes::{DataType, Field, Schema};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The code used in a breakdown column for "all values" (SDMX `_T`).
pub const TOTAL_CODE: &str = "_T";

/// Quality status of one observation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObsStatus {
    /// Published as is.
    Ok,
    /// Based on few observations: published with a flag (shown in parentheses).
    LowN,
    /// Withheld: too few observations; the value is kept out of every output.
    Suppressed,
    /// No data in the source for this cell.
    NoData,
    /// The indicator is not defined for this cell (e.g. a zero denominator by construction).
    NotApplicable,
    /// Published with `--force` from data that failed a check: the value may be wrong.
    Unverified,
}

impl ObsStatus {
    /// Stable text code.
    pub fn code(self) -> &'static str {
        match self {
            ObsStatus::Ok => "ok",
            ObsStatus::LowN => "low-n",
            ObsStatus::Suppressed => "suppressed",
            ObsStatus::NoData => "no-data",
            ObsStatus::NotApplicable => "not-applicable",
            ObsStatus::Unverified => "unverified",
        }
    }

    /// Parse a text code.
    pub fn from_code(s: &str) -> Option<ObsStatus> {
        [Self::Ok, Self::LowN, Self::Suppressed, Self::NoData, Self::NotApplicable, Self::Unverified]
            .into_iter()
            .find(|x| x.code() == s)
    }

    /// SDMX OBS_STATUS code: A normal, E estimated (low n), M missing, L not applicable;
    /// suppressed cells carry CONF_STATUS C.
    pub fn sdmx_obs_status(self) -> &'static str {
        match self {
            ObsStatus::Ok => "A",
            ObsStatus::LowN => "E",
            ObsStatus::Suppressed | ObsStatus::NoData => "M",
            ObsStatus::NotApplicable => "L",
            // SDMX CL_OBS_STATUS U: low reliability.
            ObsStatus::Unverified => "U",
        }
    }
}

/// Comparison of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TargetOp {
    /// value ≥ target
    Ge,
    /// value ≤ target
    Le,
    /// value > target
    Gt,
    /// value < target
    Lt,
}

impl TargetOp {
    /// Parse `>=`, `<=`, `>`, `<`.
    pub fn parse(s: &str) -> Option<TargetOp> {
        match s {
            ">=" => Some(TargetOp::Ge),
            "<=" => Some(TargetOp::Le),
            ">" => Some(TargetOp::Gt),
            "<" => Some(TargetOp::Lt),
            _ => None,
        }
    }

    /// The symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            TargetOp::Ge => ">=",
            TargetOp::Le => "<=",
            TargetOp::Gt => ">",
            TargetOp::Lt => "<",
        }
    }

    /// The typographic sign people read (`≥`, `≤`, `>`, `<`).
    pub fn sign(self) -> &'static str {
        match self {
            TargetOp::Ge => "≥",
            TargetOp::Le => "≤",
            TargetOp::Gt => ">",
            TargetOp::Lt => "<",
        }
    }

    /// Whether `value` meets `target`.
    pub fn met(self, value: f64, target: f64) -> bool {
        match self {
            TargetOp::Ge => value >= target,
            TargetOp::Le => value <= target,
            TargetOp::Gt => value > target,
            TargetOp::Lt => value < target,
        }
    }
}

/// Whether a value meets its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetStatus {
    /// No target applies.
    NoTarget,
    /// The value meets the target.
    Met,
    /// The value does not meet the target.
    NotMet,
    /// A target applies but there is no publishable value.
    NoData,
    /// The interval straddles the target: the data cannot tell yet whether it is met.
    CannotTell,
}

impl TargetStatus {
    /// Stable text code.
    pub fn code(self) -> &'static str {
        match self {
            TargetStatus::NoTarget => "",
            TargetStatus::Met => "met",
            TargetStatus::NotMet => "not-met",
            TargetStatus::NoData => "no-data",
            TargetStatus::CannotTell => "cannot-tell",
        }
    }

    /// The status as the report and the tables print it (one wording everywhere).
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (TargetStatus::NoTarget, _) => "",
            (TargetStatus::Met, crate::Lang::Vi) => "Đạt",
            (TargetStatus::NotMet, crate::Lang::Vi) => "Chưa đạt",
            (TargetStatus::NoData, crate::Lang::Vi) => "Chưa có số liệu",
            (TargetStatus::CannotTell, crate::Lang::Vi) => "Chưa kết luận được",
            (TargetStatus::Met, crate::Lang::En) => "Met",
            (TargetStatus::NotMet, crate::Lang::En) => "Not met",
            (TargetStatus::NoData, crate::Lang::En) => "No data",
            (TargetStatus::CannotTell, crate::Lang::En) => "Cannot tell yet",
        }
    }

    /// Parse a text code.
    pub fn from_code(s: &str) -> Option<TargetStatus> {
        [Self::NoTarget, Self::Met, Self::NotMet, Self::NoData, Self::CannotTell]
            .into_iter()
            .find(|x| x.code() == s)
    }
}

/// One observation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRow {
    /// Indicator id.
    pub indicator: String,
    /// Area code (or the whole, `_T`).
    pub area: String,
    /// Level of the area.
    pub level: String,
    /// Period (e.g. `2024`).
    pub period: String,
    /// Breakdown codes, aligned with [`ResultTable::dimensions`]; `_T` means all.
    pub keys: Vec<String>,
    /// The value in the indicator's unit (`None` when suppressed or not available).
    pub value: Option<f64>,
    /// Numerator (weighted where weights apply).
    pub numerator: Option<f64>,
    /// Denominator (weighted where weights apply).
    pub denominator: Option<f64>,
    /// Unweighted number of records behind the value.
    pub n: u64,
    /// Lower bound of the interval.
    pub lower: Option<f64>,
    /// Upper bound of the interval.
    pub upper: Option<f64>,
    /// Unit id.
    pub unit: String,
    /// Interval method (`wilson`, ...; empty when none).
    pub method: String,
    /// Quality status.
    pub status: ObsStatus,
    /// Why the status is not `ok`.
    pub reason: Option<String>,
    /// Target value for the period, if any.
    pub target: Option<f64>,
    /// Target comparison.
    pub target_op: Option<TargetOp>,
    /// Target year.
    pub target_year: Option<i32>,
    /// Target status.
    pub target_status: TargetStatus,
}

/// Problems converting a record batch into a [`ResultTable`].
#[derive(Debug, thiserror::Error)]
pub enum ResultTableError {
    /// A required column is missing.
    #[error("result table: column {0:?} is missing")]
    MissingColumn(String),
    /// A column has the wrong type.
    #[error("result table: column {column:?} has type {found}, expected {expected}")]
    WrongType {
        /// Column.
        column: String,
        /// Found type.
        found: String,
        /// Expected type.
        expected: String,
    },
    /// A text value could not be understood.
    #[error("result table: column {column:?}, row {row}: invalid value {value:?}")]
    InvalidValue {
        /// Column.
        column: String,
        /// Row (0-based).
        row: usize,
        /// Value.
        value: String,
    },
    /// Arrow refused the batch.
    #[error("arrow: {0}")]
    Arrow(#[from] arrow::error::ArrowError),
}

/// A table of observations with a fixed list of breakdown dimensions.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ResultTable {
    /// Breakdown dimension names (e.g. `sex`, `age_group`).
    pub dimensions: Vec<String>,
    /// The observations.
    pub rows: Vec<ResultRow>,
}

const FIXED_BEFORE: [&str; 4] = ["indicator", "area", "level", "period"];

impl ResultTable {
    /// An empty table with the given dimensions.
    pub fn new(dimensions: Vec<String>) -> ResultTable {
        ResultTable { dimensions, rows: Vec::new() }
    }

    /// Sort rows into the canonical order: indicator, area, period, breakdown keys.
    pub fn sort_canonical(&mut self) {
        self.rows.sort_by(|a, b| {
            (a.indicator.as_str(), a.area.as_str(), a.period.as_str(), &a.keys).cmp(&(
                b.indicator.as_str(),
                b.area.as_str(),
                b.period.as_str(),
                &b.keys,
            ))
        });
    }

    /// The value of dimension `dim` in `row`, if the dimension exists.
    pub fn key<'a>(&self, row: &'a ResultRow, dim: &str) -> Option<&'a str> {
        let i = self.dimensions.iter().position(|d| d == dim)?;
        row.keys.get(i).map(String::as_str)
    }

    /// The arrow schema of [`ResultTable::to_record_batch`].
    pub fn arrow_schema(&self) -> Schema {
        let mut fields: Vec<Field> =
            FIXED_BEFORE.iter().map(|n| Field::new(*n, DataType::Utf8, false)).collect();
        for d in &self.dimensions {
            fields.push(Field::new(d, DataType::Utf8, false));
        }
        fields.extend([
            Field::new("value", DataType::Float64, true),
            Field::new("numerator", DataType::Float64, true),
            Field::new("denominator", DataType::Float64, true),
            Field::new("n", DataType::UInt64, false),
            Field::new("lower", DataType::Float64, true),
            Field::new("upper", DataType::Float64, true),
            Field::new("unit", DataType::Utf8, false),
            Field::new("method", DataType::Utf8, false),
            Field::new("status", DataType::Utf8, false),
            Field::new("reason", DataType::Utf8, true),
            Field::new("target", DataType::Float64, true),
            Field::new("target_op", DataType::Utf8, true),
            Field::new("target_year", DataType::Int32, true),
            Field::new("target_status", DataType::Utf8, false),
        ]);
        Schema::new(fields)
    }

    /// Convert to an arrow-rs record batch (dimension columns sit between `period` and `value`).
    pub fn to_record_batch(&self) -> Result<RecordBatch, ResultTableError> {
        let strings = |f: &dyn Fn(&ResultRow) -> Option<&str>| -> ArrayRef {
            let mut b = StringBuilder::new();
            for r in &self.rows {
                b.append_option(f(r));
            }
            Arc::new(b.finish())
        };
        let floats = |f: &dyn Fn(&ResultRow) -> Option<f64>| -> ArrayRef {
            let mut b = Float64Builder::new();
            for r in &self.rows {
                b.append_option(f(r));
            }
            Arc::new(b.finish())
        };
        let mut cols: Vec<ArrayRef> = vec![
            strings(&|r| Some(&r.indicator)),
            strings(&|r| Some(&r.area)),
            strings(&|r| Some(&r.level)),
            strings(&|r| Some(&r.period)),
        ];
        for i in 0..self.dimensions.len() {
            cols.push(strings(&|r| Some(r.keys.get(i).map(String::as_str).unwrap_or(TOTAL_CODE))));
        }
        cols.push(floats(&|r| r.value));
        cols.push(floats(&|r| r.numerator));
        cols.push(floats(&|r| r.denominator));
        let mut n = UInt64Builder::new();
        for r in &self.rows {
            n.append_value(r.n);
        }
        cols.push(Arc::new(n.finish()));
        cols.push(floats(&|r| r.lower));
        cols.push(floats(&|r| r.upper));
        cols.push(strings(&|r| Some(&r.unit)));
        cols.push(strings(&|r| Some(&r.method)));
        cols.push(strings(&|r| Some(r.status.code())));
        cols.push(strings(&|r| r.reason.as_deref()));
        cols.push(floats(&|r| r.target));
        cols.push(strings(&|r| r.target_op.map(TargetOp::symbol)));
        let mut y = Int32Builder::new();
        for r in &self.rows {
            y.append_option(r.target_year);
        }
        cols.push(Arc::new(y.finish()));
        cols.push(strings(&|r| Some(r.target_status.code())));
        Ok(RecordBatch::try_new(Arc::new(self.arrow_schema()), cols)?)
    }

    /// Read a record batch written by [`ResultTable::to_record_batch`] (or any batch with the
    /// same columns): every Utf8 column between `period` and `value` is a dimension.
    pub fn from_record_batch(batch: &RecordBatch) -> Result<ResultTable, ResultTableError> {
        let schema = batch.schema();
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        let pos = |n: &str| {
            names.iter().position(|x| *x == n).ok_or_else(|| ResultTableError::MissingColumn(n.into()))
        };
        let (p_period, p_value) = (pos("period")?, pos("value")?);
        let dimensions: Vec<String> = names[p_period + 1..p_value].iter().map(|s| s.to_string()).collect();
        let string_col = |n: &str| -> Result<&StringArray, ResultTableError> {
            let c = batch.column(pos(n)?);
            c.as_any().downcast_ref::<StringArray>().ok_or_else(|| ResultTableError::WrongType {
                column: n.into(),
                found: c.data_type().to_string(),
                expected: "Utf8".into(),
            })
        };
        let float_col = |n: &str| -> Result<&Float64Array, ResultTableError> {
            let c = batch.column(pos(n)?);
            c.as_any().downcast_ref::<Float64Array>().ok_or_else(|| ResultTableError::WrongType {
                column: n.into(),
                found: c.data_type().to_string(),
                expected: "Float64".into(),
            })
        };
        let opt_s = |a: &StringArray, i: usize| (!a.is_null(i)).then(|| a.value(i).to_string());
        let opt_f = |a: &Float64Array, i: usize| (!a.is_null(i)).then(|| a.value(i));
        let (indicator, area, level, period) =
            (string_col("indicator")?, string_col("area")?, string_col("level")?, string_col("period")?);
        let dims: Vec<&StringArray> = dimensions.iter().map(|d| string_col(d)).collect::<Result<_, _>>()?;
        let (value, numerator, denominator) =
            (float_col("value")?, float_col("numerator")?, float_col("denominator")?);
        let (lower, upper, target) = (float_col("lower")?, float_col("upper")?, float_col("target")?);
        let n_col = batch.column(pos("n")?);
        let n = n_col.as_any().downcast_ref::<UInt64Array>().ok_or_else(|| ResultTableError::WrongType {
            column: "n".into(),
            found: n_col.data_type().to_string(),
            expected: "UInt64".into(),
        })?;
        let ty_col = batch.column(pos("target_year")?);
        let target_year =
            ty_col.as_any().downcast_ref::<Int32Array>().ok_or_else(|| ResultTableError::WrongType {
                column: "target_year".into(),
                found: ty_col.data_type().to_string(),
                expected: "Int32".into(),
            })?;
        let (unit, method, status, reason, target_op, target_status) = (
            string_col("unit")?,
            string_col("method")?,
            string_col("status")?,
            string_col("reason")?,
            string_col("target_op")?,
            string_col("target_status")?,
        );
        let invalid = |column: &str, row: usize, value: &str| ResultTableError::InvalidValue {
            column: column.into(),
            row,
            value: value.into(),
        };
        let mut rows = Vec::with_capacity(batch.num_rows());
        for i in 0..batch.num_rows() {
            let st = status.value(i);
            let ts = if target_status.is_null(i) { "" } else { target_status.value(i) };
            let op = opt_s(target_op, i);
            rows.push(ResultRow {
                indicator: indicator.value(i).to_string(),
                area: area.value(i).to_string(),
                level: level.value(i).to_string(),
                period: period.value(i).to_string(),
                keys: dims.iter().map(|d| d.value(i).to_string()).collect(),
                value: opt_f(value, i),
                numerator: opt_f(numerator, i),
                denominator: opt_f(denominator, i),
                n: n.value(i),
                lower: opt_f(lower, i),
                upper: opt_f(upper, i),
                unit: unit.value(i).to_string(),
                method: method.value(i).to_string(),
                status: ObsStatus::from_code(st).ok_or_else(|| invalid("status", i, st))?,
                reason: opt_s(reason, i),
                target: opt_f(target, i),
                target_op: match op {
                    Some(o) => Some(TargetOp::parse(&o).ok_or_else(|| invalid("target_op", i, &o))?),
                    None => None,
                },
                target_year: (!target_year.is_null(i)).then(|| target_year.value(i)),
                target_status: TargetStatus::from_code(ts).ok_or_else(|| invalid("target_status", i, ts))?,
            });
        }
        Ok(ResultTable { dimensions, rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(ind: &str, sex: &str, value: Option<f64>, status: ObsStatus) -> ResultRow {
        ResultRow {
            indicator: ind.into(),
            area: "X01".into(),
            level: "commune".into(),
            period: "2024".into(),
            keys: vec![sex.into(), "_T".into()],
            value,
            numerator: value.map(|v| v * 2.0),
            denominator: Some(200.0),
            n: 200,
            lower: value.map(|v| v - 1.0),
            upper: value.map(|v| v + 1.0),
            unit: "percent".into(),
            method: "wilson".into(),
            status,
            reason: (status != ObsStatus::Ok).then(|| "n < 25".to_string()),
            target: Some(60.0),
            target_op: Some(TargetOp::Ge),
            target_year: Some(2025),
            target_status: TargetStatus::NotMet,
        }
    }

    #[test]
    fn record_batch_round_trip_keeps_every_field() {
        let mut t = ResultTable::new(vec!["sex".into(), "age_group".into()]);
        t.rows.push(row("lfpr", "F", Some(55.5), ObsStatus::Ok));
        t.rows.push(row("lfpr", "M", None, ObsStatus::Suppressed));
        let batch = t.to_record_batch().unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(batch.schema().field(4).name(), "sex");
        let back = ResultTable::from_record_batch(&batch).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn canonical_order_is_independent_of_insertion_order() {
        let mut a = ResultTable::new(vec!["sex".into(), "age_group".into()]);
        let rows = vec![
            row("b", "M", Some(1.0), ObsStatus::Ok),
            row("a", "F", Some(2.0), ObsStatus::Ok),
            row("a", "_T", Some(3.0), ObsStatus::Ok),
        ];
        a.rows = rows.clone();
        let mut b = a.clone();
        b.rows.reverse();
        a.sort_canonical();
        b.sort_canonical();
        assert_eq!(a, b);
        assert_eq!(a.rows[0].keys[0], "F");
        assert_eq!(a.rows[1].keys[0], "_T");
    }

    #[test]
    fn targets_compare_in_the_right_direction() {
        assert!(TargetOp::Ge.met(60.0, 60.0));
        assert!(!TargetOp::Lt.met(109.0, 109.0));
        assert!(TargetOp::Le.met(1.6, 1.7));
    }
}

/// A result's reason (`ResultRow::reason`, written in English in the result table, a stable
/// text for machines) in `lang`, for documents and tables people read: each part (parts are
/// separated by `"; "`) in the report's language; a part gds does not know stays as written.
pub fn reason_in(reason: &str, lang: crate::Lang) -> String {
    if lang == crate::Lang::En {
        return reason.to_string();
    }
    reason.split("; ").map(part_vi).collect::<Vec<_>>().join("; ")
}

fn part_vi(p: &str) -> String {
    const EXACT: [(&str, &str); 10] = [
        ("denominator is zero", "mẫu số bằng 0"),
        ("population is zero", "dân số bằng 0"),
        ("no females in the cell", "không có nữ trong ô"),
        ("the male value is zero", "giá trị của nam bằng 0"),
        ("the female or male value is missing", "thiếu giá trị của nữ hoặc nam"),
        ("a GDI input is missing", "thiếu một đầu vào của GDI"),
        ("a GII input is missing", "thiếu một đầu vào của GII"),
        ("an age group 15–49 has no population", "một nhóm tuổi 15–49 không có dân số"),
        ("an age group 15–49 has no women", "một nhóm tuổi 15–49 không có nữ"),
        (
            "complementary suppression: withheld so that a withheld cell cannot be recovered by subtraction",
            "ẩn bổ sung: không công bố để không thể suy ra ô đã ẩn bằng phép trừ",
        ),
    ];
    if let Some((_, vi)) = EXACT.iter().find(|(en, _)| *en == p) {
        return vi.to_string();
    }
    const SUFFIX: [(&str, &str); 2] =
        [(": suppressed", ": không công bố"), (": interpret with caution", ": cần thận trọng")];
    for (en, vi) in SUFFIX {
        if let Some(head) = p.strip_suffix(en) {
            return format!("{head}{vi}");
        }
    }
    const PREFIX: [(&str, &str); 7] = [
        ("published estimate (", "số ước lượng đã công bố ("),
        ("GDI group ", "nhóm GDI "),
        ("includes cells ", "gồm các ô "),
        (
            "published with --force from data that failed checks (",
            "công bố với --force từ số liệu không qua kiểm tra (",
        ),
        ("interval above the ", "khoảng tin cậy cao hơn khoảng tham chiếu "),
        ("interval below the ", "khoảng tin cậy thấp hơn khoảng tham chiếu "),
        ("not distinguishable from the ", "không phân biệt được với khoảng tham chiếu "),
    ];
    for (en, vi) in PREFIX {
        if let Some(rest) = p.strip_prefix(en) {
            let rest = rest.replace(" reference range", "").replace(
                " derived as the total minus the other codes",
                " suy ra bằng tổng số trừ các mã còn lại",
            );
            return format!("{vi}{rest}");
        }
    }
    if let Some(rest) = p.strip_prefix("unknown: ") {
        // "{u} of {all} records ({x} %) have no value and are left out"
        if let Some((counts, tail)) = rest.split_once(" records (")
            && let Some((u, all)) = counts.split_once(" of ")
            && let Some(share) = tail.strip_suffix(" %) have no value and are left out")
        {
            return format!(
                "không rõ: {u} trên {all} bản ghi ({share} %) không có giá trị và không được tính"
            );
        }
    }
    p.replace(" derived as the total minus the other codes", " suy ra bằng tổng số trừ các mã còn lại")
}

#[cfg(test)]
mod reason_tests {
    use super::*;

    #[test]
    fn every_reason_gds_writes_reads_in_vietnamese() {
        let vi = |s: &str| reason_in(s, crate::Lang::Vi);
        assert_eq!(vi("n = 45 < 50: interpret with caution"), "n = 45 < 50: cần thận trọng");
        assert_eq!(vi("n = 12 < 25: suppressed"), "n = 12 < 25: không công bố");
        assert_eq!(vi("denominator is zero"), "mẫu số bằng 0");
        assert_eq!(
            vi(
                "unknown: 3 of 120 records (2.5 %) have no value and are left out; n = 45 < 50: interpret with caution"
            ),
            "không rõ: 3 trên 120 bản ghi (2.5 %) không có giá trị và không được tính; n = 45 < 50: cần thận trọng"
        );
        assert_eq!(
            vi("interval above the 103–107 reference range"),
            "khoảng tin cậy cao hơn khoảng tham chiếu 103–107"
        );
        assert_eq!(
            vi("includes cells sex M derived as the total minus the other codes (dan-so.csv)"),
            "gồm các ô sex M suy ra bằng tổng số trừ các mã còn lại (dan-so.csv)"
        );
        assert_eq!(reason_in("denominator is zero", crate::Lang::En), "denominator is zero");
        assert_eq!(vi("something new"), "something new");
    }
}
