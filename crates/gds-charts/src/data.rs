//! Reading the rows of one indicator out of a [`ResultTable`], and the labels around them.

use crate::figure::nfc;
use crate::{ChartContext, ChartError};
use gds_core::{Lang, ObsStatus, ResultRow, ResultTable, TOTAL_CODE, TargetOp, format_number};
use gds_indicators::{Catalogue, Indicator};
use std::collections::BTreeSet;

/// Pick the Vietnamese or the English text.
pub(crate) fn tr(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// Rank of an area level from the top (`total` above everything; unknown levels at the bottom).
pub(crate) fn level_rank(level: &str) -> u8 {
    match level {
        "total" => 0,
        "national" => 1,
        "province" => 2,
        "district" => 3,
        _ => 4, // commune, area, unlisted
    }
}

/// One indicator's rows with the table they come from.
pub(crate) struct Ind<'a> {
    pub table: &'a ResultTable,
    pub cat: &'a Catalogue,
    pub def: &'a Indicator,
    pub id: String,
    /// Rows of the indicator, in canonical order (area, period, keys).
    pub rows: Vec<&'a ResultRow>,
    /// Index of the sex dimension, if the table has one with F/M codes for this indicator.
    pub sex: Option<usize>,
}

impl<'a> Ind<'a> {
    pub(crate) fn new(
        table: &'a ResultTable,
        cat: &'a Catalogue,
        indicator: &str,
    ) -> Result<Ind<'a>, ChartError> {
        let def = cat.indicator(indicator).ok_or_else(|| unknown_indicator(cat, indicator))?;
        let mut rows: Vec<&ResultRow> = table.rows.iter().filter(|r| r.indicator == indicator).collect();
        if rows.is_empty() {
            let present: BTreeSet<&str> = table.rows.iter().map(|r| r.indicator.as_str()).collect();
            return Err(ChartError::NoData {
                indicator: indicator.to_string(),
                reason: format!(
                    "the table has no rows for it (indicators present: {}) — hint: include it in the \
                     computation, or choose one of those",
                    list_or_none(present.iter().copied())
                ),
            });
        }
        rows.sort_by(|a, b| (&a.area, &a.period, &a.keys).cmp(&(&b.area, &b.period, &b.keys)));
        let sex = sex_dimension(table, cat)
            .filter(|&i| rows.iter().any(|r| r.keys.get(i).is_some_and(|k| k == "F" || k == "M")));
        Ok(Ind { table, cat, def, id: indicator.to_string(), rows, sex })
    }

    /// The code of dimension `i` in `row` (`_T` when missing).
    pub(crate) fn key<'r>(&self, row: &'r ResultRow, i: usize) -> &'r str {
        row.keys.get(i).map(String::as_str).unwrap_or(TOTAL_CODE)
    }

    /// The index of a dimension by name.
    pub(crate) fn dim(&self, name: &str) -> Option<usize> {
        self.table.dimensions.iter().position(|d| d == name)
    }

    /// Whether every dimension of `row` except those in `free` is `_T`.
    pub(crate) fn totals_except(&self, row: &ResultRow, free: &[usize]) -> bool {
        (0..self.table.dimensions.len()).all(|i| free.contains(&i) || self.key(row, i) == TOTAL_CODE)
    }

    /// The sex code of a row (`_T` without a sex dimension).
    pub(crate) fn sex_of<'r>(&self, row: &'r ResultRow) -> &'r str {
        match self.sex {
            Some(i) => self.key(row, i),
            None => TOTAL_CODE,
        }
    }

    /// Periods present, sorted.
    pub(crate) fn periods(&self) -> Vec<String> {
        let set: BTreeSet<&str> = self.rows.iter().map(|r| r.period.as_str()).collect();
        set.into_iter().map(str::to_string).collect()
    }

    /// The period to draw: the one asked for, else the latest.
    pub(crate) fn period(&self, ctx: &ChartContext) -> Result<String, ChartError> {
        let periods = self.periods();
        match &ctx.period {
            Some(p) if periods.contains(p) => Ok(p.clone()),
            Some(p) => Err(ChartError::NoData {
                indicator: self.id.clone(),
                reason: format!(
                    "no rows for period {p:?} (periods present: {}) — hint: choose one of those",
                    list_or_none(periods.iter().map(String::as_str))
                ),
            }),
            None => Ok(periods.last().cloned().unwrap_or_default()),
        }
    }

    /// Rows of `period` whose dimensions are all `_T` except `free`.
    pub(crate) fn select(&self, period: &str, free: &[usize]) -> Vec<&'a ResultRow> {
        self.rows.iter().copied().filter(|r| r.period == period && self.totals_except(r, free)).collect()
    }

    /// The unit id (the rows' unit when known to the catalogue, else the indicator's).
    pub(crate) fn unit(&self) -> &str {
        self.rows
            .iter()
            .map(|r| r.unit.as_str())
            .find(|u| self.cat.unit(u).is_some())
            .unwrap_or(self.def.unit.as_str())
    }

    /// Decimals used to present values of this unit.
    pub(crate) fn decimals(&self) -> usize {
        unit_decimals(self.unit())
    }

    /// Format a value in `lang` with this indicator's decimals.
    pub(crate) fn fmt(&self, v: f64, lang: Lang) -> String {
        format_number(v, self.decimals(), lang)
    }

    /// Whether the unit is a percentage (shares, rates in %).
    pub(crate) fn is_percent(&self) -> bool {
        self.unit() == "percent"
    }

    /// Whether the unit counts things (persons, events).
    pub(crate) fn is_count(&self) -> bool {
        matches!(self.unit(), "persons" | "events")
    }

    /// The code list of a dimension, looked up in the catalogue's dataset declarations.
    pub(crate) fn codelist_of(&self, dim: &str) -> Option<&'a gds_indicators::CodeList> {
        let cat = self.cat;
        for ds in cat.datasets.values() {
            if let Some(c) = ds.column(dim).and_then(|c| c.codelist.as_deref()) {
                return cat.codelists.get(c);
            }
            if let Some(d) = ds.derived(dim) {
                return cat.codelists.get(&d.codelist);
            }
        }
        cat.codelists.get(&dim.replace('_', "-"))
    }

    /// Label of `code` in dimension `dim`.
    pub(crate) fn code_label(&self, dim: &str, code: &str, lang: Lang) -> String {
        if let Some(l) = self.codelist_of(dim).and_then(|cl| cl.get(code)) {
            return nfc(l.name.get(lang));
        }
        if code == TOTAL_CODE {
            return tr(lang, "Tổng số", "All").to_string();
        }
        nfc(code)
    }

    /// Order of `code` in the dimension's code list (unknown codes last, by code).
    pub(crate) fn code_order(&self, dim: &str, code: &str) -> (usize, String) {
        let pos = self.codelist_of(dim).and_then(|cl| cl.codes.iter().position(|c| c.code == code));
        (pos.unwrap_or(usize::MAX), code.to_string())
    }

    /// The interval method of the drawn rows (the catalogue's when rows carry none).
    pub(crate) fn method(&self, rows: &[&ResultRow]) -> String {
        rows.iter()
            .map(|r| r.method.as_str())
            .find(|m| !m.is_empty() && *m != "none")
            .unwrap_or(self.def.interval.as_str())
            .to_string()
    }

    /// The target that applies to `rows` (from the rows, else from the catalogue for `period`).
    pub(crate) fn target(&self, rows: &[&ResultRow], period: &str) -> Option<Target> {
        if let Some(r) = rows.iter().find(|r| r.target.is_some() && r.target_op.is_some()) {
            let year = r.target_year.or_else(|| year_of(period))?;
            let source = self.def.targets.iter().find(|t| t.year == year).map(|t| t.source.clone());
            return Some(Target { year, op: r.target_op?, value: r.target?, source });
        }
        let y = year_of(period)?;
        self.def.target_for(y).map(|t| Target {
            year: t.year,
            op: t.op,
            value: t.value,
            source: Some(t.source.clone()),
        })
    }
}

/// A target line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Target {
    pub year: i32,
    pub op: TargetOp,
    pub value: f64,
    pub source: Option<String>,
}

/// The first four digits of a period, as a year.
pub(crate) fn year_of(period: &str) -> Option<i32> {
    period.get(..4).and_then(|y| y.parse().ok())
}

fn list_or_none<'s>(it: impl Iterator<Item = &'s str>) -> String {
    let v: Vec<&str> = it.collect();
    if v.is_empty() { "none".to_string() } else { v.join(", ") }
}

fn unknown_indicator(_cat: &Catalogue, id: &str) -> ChartError {
    ChartError::UnknownIndicator(id.to_string())
}

/// The index of the table's sex dimension: `sex`, else a dimension on the `sex` code list.
pub(crate) fn sex_dimension(table: &ResultTable, cat: &Catalogue) -> Option<usize> {
    if let Some(i) = table.dimensions.iter().position(|d| d == "sex") {
        return Some(i);
    }
    table.dimensions.iter().position(|d| {
        cat.datasets.values().any(|ds| ds.column(d).is_some_and(|c| c.codelist.as_deref() == Some("sex")))
    })
}

/// Decimals to present values in `unit`.
pub(crate) fn unit_decimals(unit: &str) -> usize {
    match unit {
        "persons" | "events" | "per-100000-live-births" | "thousand-vnd-per-month" => 0,
        "children-per-woman" | "times" | "ratio" => 2,
        "index" => 3,
        _ => 1,
    }
}

/// Whether a row has a value that may be drawn.
pub(crate) fn drawable(r: &ResultRow) -> Option<f64> {
    match r.status {
        ObsStatus::Suppressed | ObsStatus::NoData | ObsStatus::NotApplicable => None,
        ObsStatus::Ok | ObsStatus::LowN | ObsStatus::Unverified => r.value.filter(|v| v.is_finite()),
    }
}

/// How a value is flagged on a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flag {
    Ok,
    LowN,
    Suppressed,
    Missing,
}

pub(crate) fn flag(r: &ResultRow) -> Flag {
    match (r.status, drawable(r)) {
        (ObsStatus::Suppressed, _) => Flag::Suppressed,
        (_, None) => Flag::Missing,
        (ObsStatus::LowN, Some(_)) => Flag::LowN,
        _ => Flag::Ok,
    }
}

/// The interval of a row, when both bounds are known and finite.
pub(crate) fn interval(r: &ResultRow) -> Option<(f64, f64)> {
    drawable(r)?;
    match (r.lower, r.upper) {
        (Some(l), Some(u)) if l.is_finite() && u.is_finite() => Some((l.min(u), l.max(u))),
        _ => None,
    }
}

/// The display name of an area row.
pub(crate) fn area_label(ctx: &ChartContext, r: &ResultRow) -> String {
    if r.level == "total" || r.area == TOTAL_CODE {
        if !ctx.place.trim().is_empty() {
            return nfc(ctx.place.trim());
        }
        return nfc(&(ctx.area_name)(TOTAL_CODE, &r.period));
    }
    let name = (ctx.area_name)(&r.area, &r.period);
    if name.trim().is_empty() { nfc(&r.area) } else { nfc(name.trim()) }
}

/// The name of a unit, with its symbol when it has one: "Phần trăm (%)".
pub(crate) fn unit_axis_label(cat: &Catalogue, unit: &str, lang: Lang) -> String {
    match cat.unit(unit) {
        Some(u) => {
            let name = capitalise(u.name.get(lang));
            match u.symbol.as_ref().map(|s| s.get(lang)) {
                Some(sym) if !sym.is_empty() && !name.eq_ignore_ascii_case(sym) => format!("{name} ({sym})"),
                _ => name,
            }
        }
        None => nfc(unit),
    }
}

/// The short unit text written after a number ("%", "điểm %", "người").
pub(crate) fn unit_suffix(cat: &Catalogue, unit: &str, lang: Lang) -> String {
    match cat.unit(unit) {
        Some(u) => match &u.symbol {
            Some(s) => nfc(s.get(lang)),
            None => nfc(u.name.get(lang)),
        },
        None => nfc(unit),
    }
}

/// "60 %", "109 bé trai/100 bé gái" — a number with its unit.
pub(crate) fn with_unit(number: &str, suffix: &str) -> String {
    if suffix.is_empty() { number.to_string() } else { format!("{number} {suffix}") }
}

/// Upper-case the first letter.
pub(crate) fn capitalise(s: &str) -> String {
    let s = nfc(s);
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Lower-case the first letter (for a level name inside a sentence).
pub(crate) fn decapitalise(s: &str) -> String {
    let s = nfc(s);
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A target value without needless decimals (60 → "60", 60.5 → "60,5").
pub(crate) fn fmt_target(v: f64, lang: Lang) -> String {
    let d = if (v - v.round()).abs() < 1e-9 { 0 } else { 1 };
    format_number(v, d, lang)
}

/// "Mục tiêu 2025: ≥ 60 %" / "Target 2025: ≥ 60 %".
pub(crate) fn target_label(t: &Target, suffix: &str, lang: Lang) -> String {
    let value =
        if suffix == "%" { with_unit(&fmt_target(t.value, lang), suffix) } else { fmt_target(t.value, lang) };
    format!("{} {}: {} {}", tr(lang, "Mục tiêu", "Target"), t.year, t.op.sign(), value)
}

/// The name of an interval method, for the footnote.
pub(crate) fn method_name(method: &str, lang: Lang) -> Option<String> {
    let s = match method {
        "" | "none" => return None,
        "wilson" => "Wilson",
        "clopper-pearson" => "Clopper–Pearson",
        "jeffreys" => "Jeffreys",
        "log-ratio" => tr(lang, "logarit tỷ số", "log ratio"),
        "newcombe" => "Newcombe",
        "katz" => "Katz",
        "poisson-exact" => tr(lang, "Poisson chính xác", "exact Poisson"),
        "normal" => tr(lang, "xấp xỉ chuẩn", "normal approximation"),
        other => other,
    };
    Some(s.to_string())
}

/// "Khoảng tin cậy 95 % (Wilson)" / "95 % confidence interval (Wilson)".
pub(crate) fn interval_note(method: &str, lang: Lang) -> Option<String> {
    let m = method_name(method, lang)?;
    Some(match lang {
        Lang::Vi => format!("Khoảng tin cậy 95 % ({m})"),
        Lang::En => format!("95 % confidence interval ({m})"),
    })
}

/// The name of an area level ("Xã/phường/đặc khu").
pub(crate) fn level_name(cat: &Catalogue, level: &str, lang: Lang) -> String {
    match level {
        "total" => tr(lang, "Toàn địa bàn", "Whole area").to_string(),
        "area" | "unlisted" => tr(lang, "Địa bàn", "Area").to_string(),
        l => cat.level(l).map(|x| nfc(x.name.get(lang))).unwrap_or_else(|| nfc(l)),
    }
}

/// "Năm 2024" for a year, else the period as is.
pub(crate) fn period_label(period: &str, lang: Lang) -> String {
    if period.len() == 4 && period.chars().all(|c| c.is_ascii_digit()) {
        format!("{} {period}", tr(lang, "Năm", "Year"))
    } else {
        format!("{} {period}", tr(lang, "Kỳ", "Period"))
    }
}

/// Rows grouped for an "areas" chart: the lowest level present (the bars) and the area one
/// level up used as reference (the parent), when exactly one exists.
pub(crate) struct AreaRows<'a> {
    pub level: String,
    pub areas: Vec<&'a ResultRow>,
    pub parent: Option<&'a ResultRow>,
}

/// Split rows (one per area) into the lowest level and a single parent.
pub(crate) fn area_rows<'a>(rows: &[&'a ResultRow]) -> AreaRows<'a> {
    let lowest = rows.iter().map(|r| level_rank(&r.level)).max().unwrap_or(0);
    let areas: Vec<&ResultRow> = rows.iter().copied().filter(|r| level_rank(&r.level) == lowest).collect();
    let level = areas
        .iter()
        .map(|r| r.level.as_str())
        .find(|l| *l == "commune")
        .or_else(|| areas.first().map(|r| r.level.as_str()))
        .unwrap_or("")
        .to_string();
    // The closest level above: one area there → the parent.
    let above = rows.iter().map(|r| level_rank(&r.level)).filter(|&k| k < lowest).max();
    let parent = above.and_then(|k| {
        let at: Vec<&ResultRow> = rows.iter().copied().filter(|r| level_rank(&r.level) == k).collect();
        if at.len() == 1 { Some(at[0]) } else { rows.iter().copied().find(|r| r.level == "total") }
    });
    AreaRows { level, areas, parent }
}

/// The area a single-area chart draws: `focus` when some row is of it, else the top area.
pub(crate) fn focus_area<'a>(rows: &[&'a ResultRow], focus: Option<&str>) -> Option<(&'a str, &'a str)> {
    match focus.and_then(|f| rows.iter().find(|r| r.area == f)) {
        Some(r) => Some((r.area.as_str(), r.level.as_str())),
        None => top_area(rows),
    }
}

/// The top area of a set of rows: the total, else the highest level (first code).
pub(crate) fn top_area<'a>(rows: &[&'a ResultRow]) -> Option<(&'a str, &'a str)> {
    let r =
        rows.iter().min_by(|a, b| (level_rank(&a.level), &a.area).cmp(&(level_rank(&b.level), &b.area)))?;
    Some((r.area.as_str(), r.level.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_language() {
        assert_eq!(method_name("wilson", Lang::Vi).as_deref(), Some("Wilson"));
        assert_eq!(method_name("none", Lang::Vi), None);
        let t = Target { year: 2025, op: TargetOp::Ge, value: 60.0, source: None };
        assert_eq!(target_label(&t, "%", Lang::Vi), "Mục tiêu 2025: ≥ 60 %");
        assert_eq!(target_label(&t, "%", Lang::En), "Target 2025: ≥ 60 %");
        assert_eq!(capitalise("phần trăm"), "Phần trăm");
        assert_eq!(period_label("2024", Lang::Vi), "Năm 2024");
        assert_eq!(period_label("2021-2026", Lang::En), "Period 2021-2026");
    }
}
