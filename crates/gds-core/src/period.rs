//! Reporting periods as data: years, six-month periods and quarters (`2024`, `2024-H1`,
//! `2024-Q3`), the reporting calendar that assigns a dated event to them, and the integer code
//! each has in a cube.
//!
//! A period's code is an `i64` that sorts within a year and never collides across kinds:
//! a year is itself (`2024`), a six-month period `year·100 + 10 + h` (`202411`), a quarter
//! `year·100 + 20 + q` (`202423`). A date read from a file is carried as `yyyymmdd`
//! (`20240614`, eight digits) until the request's granularity and the project's calendar
//! assign it to a period ([`Calendar::assign`]). Annual codes are the years themselves, so
//! annual cubes and results are what they always were.
//!
//! ```
//! use gds_core::{Calendar, Granularity, Period};
//! let h1 = Period::parse("2024-H1").unwrap();
//! assert_eq!(h1.to_string(), "2024-H1");
//! assert_eq!(Period::from_code(h1.code()), Some(h1));
//! // Decree 09/2019/NĐ-CP: the first six months run from 15 December of the year before.
//! let d = Calendar::Decree09;
//! assert_eq!(d.assign(20231215, Granularity::Half), Some(h1.code()));
//! assert_eq!(d.assign(20240615, Granularity::Half), Some(Period::parse("2024-H2").unwrap().code()));
//! assert_eq!(Calendar::Calendar.assign(20231215, Granularity::Year), Some(2023));
//! ```

use std::fmt;

/// The kind of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Granularity {
    /// A year (`2024`).
    Year,
    /// A six-month period (`2024-H1`, `2024-H2`).
    Half,
    /// A quarter (`2024-Q1` … `2024-Q4`).
    Quarter,
}

impl Granularity {
    /// The granularity's name in the project file and messages.
    pub fn name(self) -> &'static str {
        match self {
            Granularity::Year => "annual",
            Granularity::Half => "six-month",
            Granularity::Quarter => "quarterly",
        }
    }
}

/// A reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// The year.
    pub year: i32,
    /// The kind.
    pub kind: Granularity,
    /// 1 for a year; 1–2 for a half; 1–4 for a quarter.
    pub part: u8,
}

/// First eight-digit code: a value at or above it is a date `yyyymmdd`, not a period.
const DATE_CODES: i64 = 10_000_000;

impl Period {
    /// The year `y`.
    pub fn year(y: i32) -> Period {
        Period { year: y, kind: Granularity::Year, part: 1 }
    }

    /// Parse `2024`, `2024-H1` (or `2024-h1`), `2024-Q3`. None for anything else.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        let year = |y: &str| -> Option<i32> {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())).then(|| y.parse().ok()).flatten()
        };
        if let Some(y) = year(s) {
            return Some(Period::year(y));
        }
        let upper = s.to_ascii_uppercase();
        let (y, rest) = upper.split_once('-')?;
        let y = year(y)?;
        let (kind, max) = match rest.chars().next()? {
            'H' => (Granularity::Half, 2),
            'Q' => (Granularity::Quarter, 4),
            _ => return None,
        };
        let part: u8 = rest[1..].parse().ok()?;
        (rest.len() == 2 && (1..=max).contains(&part)).then_some(Period { year: y, kind, part })
    }

    /// The period's cube code (module docs).
    pub fn code(&self) -> i64 {
        let y = self.year as i64;
        match self.kind {
            Granularity::Year => y,
            Granularity::Half => y * 100 + 10 + self.part as i64,
            Granularity::Quarter => y * 100 + 20 + self.part as i64,
        }
    }

    /// The period of a cube code; None for a date code or a code no period has.
    pub fn from_code(code: i64) -> Option<Period> {
        if (0..10_000).contains(&code) {
            return Some(Period::year(code as i32));
        }
        if !(100_000..DATE_CODES).contains(&code) {
            return None;
        }
        let (year, rest) = ((code / 100) as i32, (code % 100) as u8);
        match rest {
            11..=12 => Some(Period { year, kind: Granularity::Half, part: rest - 10 }),
            21..=24 => Some(Period { year, kind: Granularity::Quarter, part: rest - 20 }),
            _ => None,
        }
    }

    /// The label of a cube code: the period's (`2024-H1`), else the code itself.
    pub fn label(code: i64) -> String {
        Period::from_code(code).map_or_else(|| code.to_string(), |p| p.to_string())
    }

    /// The year a cube code falls in (a date's year for a date code).
    pub fn year_of(code: i64) -> i32 {
        if code >= DATE_CODES {
            (code / 10_000) as i32
        } else {
            Period::from_code(code).map_or(0, |p| p.year)
        }
    }

    /// The period in words: "năm 2024", "6 tháng đầu năm 2024", "quý III năm 2024"; "2024",
    /// "first half of 2024", "Q3 2024".
    pub fn words(&self, lang: crate::Lang) -> String {
        use crate::Lang;
        const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
        match (self.kind, lang) {
            (Granularity::Year, Lang::Vi) => format!("năm {}", self.year),
            (Granularity::Half, Lang::Vi) => {
                format!("6 tháng {} năm {}", if self.part == 1 { "đầu" } else { "cuối" }, self.year)
            }
            (Granularity::Quarter, Lang::Vi) => {
                format!("quý {} năm {}", ROMAN[self.part as usize - 1], self.year)
            }
            (Granularity::Year, Lang::En) => self.year.to_string(),
            (Granularity::Half, Lang::En) => {
                format!("{} half of {}", if self.part == 1 { "first" } else { "second" }, self.year)
            }
            (Granularity::Quarter, Lang::En) => format!("Q{} {}", self.part, self.year),
        }
    }

    /// The same period of the previous year (the comparison of a report).
    pub fn previous_year(&self) -> Period {
        Period { year: self.year - 1, ..*self }
    }

    /// The period just before (2024-H1 → 2023-H2, 2024-Q1 → 2023-Q4, 2024 → 2023).
    pub fn previous(&self) -> Period {
        let n = match self.kind {
            Granularity::Year => 1,
            Granularity::Half => 2,
            Granularity::Quarter => 4,
        };
        if self.part > 1 {
            Period { part: self.part - 1, ..*self }
        } else {
            Period { year: self.year - 1, part: n, ..*self }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Granularity::Year => write!(f, "{}", self.year),
            Granularity::Half => write!(f, "{}-H{}", self.year, self.part),
            Granularity::Quarter => write!(f, "{}-Q{}", self.year, self.part),
        }
    }
}

/// How a project's reporting periods map to dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Calendar {
    /// Calendar periods: a year from 1 January to 31 December, halves and quarters of it.
    #[default]
    Calendar,
    /// The data cut-off windows of periodic administrative reports, Decree 09/2019/NĐ-CP,
    /// Điều 12 (thời gian chốt số liệu): a quarter from the 15th of the month before it to the
    /// 14th of its last month; the six-month report from 15 December of the year before to
    /// 14 June; the annual report from 15 December of the year before to 14 December. The
    /// second half is what the annual window holds after the first: 15 June to 14 December.
    Decree09,
}

impl Calendar {
    /// Parse the project-file name (`calendar`, `decree-09-2019`).
    pub fn parse(s: &str) -> Option<Calendar> {
        match s.trim() {
            "calendar" => Some(Calendar::Calendar),
            "decree-09-2019" | "decree-09" => Some(Calendar::Decree09),
            _ => None,
        }
    }

    /// The names a project may write.
    pub const NAMES: &'static [&'static str] = &["calendar", "decree-09-2019"];

    /// The period of granularity `g` that holds the date `yyyymmdd`; None if it is not a
    /// valid date.
    pub fn assign(self, date: i64, g: Granularity) -> Option<i64> {
        let (y, m, d) = split_date(date)?;
        // Under the cut-off windows a date from the 15th on belongs to the next month's
        // period.
        let (y, m) = match self {
            Calendar::Calendar => (y, m),
            Calendar::Decree09 if d >= 15 => {
                if m == 12 {
                    (y + 1, 1)
                } else {
                    (y, m + 1)
                }
            }
            Calendar::Decree09 => (y, m),
        };
        let p = match g {
            Granularity::Year => Period::year(y),
            Granularity::Half => Period { year: y, kind: g, part: if m <= 6 { 1 } else { 2 } },
            Granularity::Quarter => Period { year: y, kind: g, part: ((m - 1) / 3 + 1) as u8 },
        };
        Some(p.code())
    }

    /// The first and last day (`yyyymmdd`, inclusive) of period `p`.
    pub fn window(self, p: Period) -> (i64, i64) {
        let (first_month, last_month) = match p.kind {
            Granularity::Year => (1, 12),
            Granularity::Half => (6 * p.part as i64 - 5, 6 * p.part as i64),
            Granularity::Quarter => (3 * p.part as i64 - 2, 3 * p.part as i64),
        };
        let y = p.year as i64;
        match self {
            Calendar::Calendar => {
                (y * 10_000 + first_month * 100 + 1, y * 10_000 + last_month * 100 + days_in(y, last_month))
            }
            Calendar::Decree09 => {
                let start = if first_month == 1 {
                    (y - 1) * 10_000 + 1215
                } else {
                    y * 10_000 + (first_month - 1) * 100 + 15
                };
                (start, y * 10_000 + last_month * 100 + 14)
            }
        }
    }

    /// The reference date of period `p` (its last day): a roster counts the members in office
    /// on it.
    pub fn reference_date(self, p: Period) -> i64 {
        self.window(p).1
    }
}

/// Year, month and day of `yyyymmdd`, if it is a real date.
pub fn split_date(date: i64) -> Option<(i32, u32, u32)> {
    if !(DATE_CODES..100_000_000).contains(&date) {
        return None;
    }
    let (y, m, d) = (date / 10_000, (date / 100) % 100, date % 100);
    ((1..=12).contains(&m) && d >= 1 && d <= days_in(y, m)).then_some((y as i32, m as u32, d as u32))
}

/// Whether a cube code is a date (`yyyymmdd`), not a period.
pub fn is_date_code(code: i64) -> bool {
    code >= DATE_CODES
}

fn days_in(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The period a cube code belongs to at granularity `g` under `calendar`: a date is assigned
/// by the calendar; a period of the asked kind is itself; a period of another kind belongs to
/// no period of this one (an annual figure is not split into halves, and halves are not
/// summed into a year: a stock is not additive). With no granularity asked, periods stay as
/// they are and dates go to their year.
pub fn regroup(code: i64, g: Option<Granularity>, calendar: Calendar) -> Option<i64> {
    if is_date_code(code) {
        return calendar.assign(code, g.unwrap_or(Granularity::Year));
    }
    let p = Period::from_code(code)?;
    g.is_none_or(|g| p.kind == g).then(|| p.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn labels_parse_and_round_trip_through_codes() {
        for s in ["2024", "2024-H1", "2024-H2", "2024-Q1", "2024-Q4", "1999"] {
            let x = p(s);
            assert_eq!(x.to_string(), s);
            assert_eq!(Period::from_code(x.code()), Some(x));
            assert_eq!(Period::label(x.code()), s);
        }
        assert_eq!(p("2024-h1"), p("2024-H1"));
        assert_eq!(p("2024").code(), 2024);
        assert_eq!(p("2024-H1").code(), 202411);
        assert_eq!(p("2024-Q3").code(), 202423);
        for bad in [
            "2024-H3", "2024-Q0", "2024-Q5", "24", "2024-", "H1-2024", "2024-H10", "abcd", "", "2024-06",
            "Q3/2024",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn codes_sort_by_time_within_a_kind() {
        let q: Vec<i64> = ["2023-Q4", "2024-Q1", "2024-Q2"].iter().map(|s| p(s).code()).collect();
        assert!(q.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(Period::from_code(20240614), None);
        assert_eq!(Period::from_code(202413), None);
        assert_eq!(Period::year_of(20240614), 2024);
        assert_eq!(Period::year_of(202411), 2024);
    }

    #[test]
    fn previous_periods() {
        assert_eq!(p("2024-H1").previous_year(), p("2023-H1"));
        assert_eq!(p("2024-H1").previous(), p("2023-H2"));
        assert_eq!(p("2024-Q1").previous(), p("2023-Q4"));
        assert_eq!(p("2024-Q3").previous(), p("2024-Q2"));
        assert_eq!(p("2024").previous(), p("2023"));
    }

    /// Decree 09/2019/NĐ-CP, Điều 12: the windows around their cut-off days.
    #[test]
    fn decree_09_windows_cut_on_the_14th_and_15th() {
        let d = Calendar::Decree09;
        let h = |s: &str| Some(p(s).code());
        assert_eq!(d.assign(20231214, Granularity::Half), h("2023-H2"));
        assert_eq!(d.assign(20231215, Granularity::Half), h("2024-H1"));
        assert_eq!(d.assign(20240614, Granularity::Half), h("2024-H1"));
        assert_eq!(d.assign(20240615, Granularity::Half), h("2024-H2"));
        assert_eq!(d.assign(20241214, Granularity::Year), Some(2024));
        assert_eq!(d.assign(20241215, Granularity::Year), Some(2025));
        assert_eq!(d.assign(20240314, Granularity::Quarter), h("2024-Q1"));
        assert_eq!(d.assign(20240315, Granularity::Quarter), h("2024-Q2"));
        assert_eq!(d.assign(20240914, Granularity::Quarter), h("2024-Q3"));
        assert_eq!(d.assign(20240915, Granularity::Quarter), h("2024-Q4"));
        assert_eq!(d.window(p("2024-H1")), (20231215, 20240614));
        assert_eq!(d.window(p("2024-H2")), (20240615, 20241214));
        assert_eq!(d.window(p("2024")), (20231215, 20241214));
        assert_eq!(d.window(p("2024-Q2")), (20240315, 20240614));
        assert_eq!(d.reference_date(p("2024-H1")), 20240614);
    }

    #[test]
    fn calendar_periods_are_the_months() {
        let c = Calendar::Calendar;
        assert_eq!(c.assign(20240630, Granularity::Half), Some(p("2024-H1").code()));
        assert_eq!(c.assign(20240701, Granularity::Half), Some(p("2024-H2").code()));
        assert_eq!(c.assign(20231231, Granularity::Year), Some(2023));
        assert_eq!(c.window(p("2024-Q1")), (20240101, 20240331));
        assert_eq!(c.window(p("2024-H1")), (20240101, 20240630));
        assert_eq!(c.window(Period::year(2024)), (20240101, 20241231));
        assert_eq!(c.assign(20240229, Granularity::Year), Some(2024));
        assert_eq!(c.assign(20230229, Granularity::Year), None);
        assert_eq!(c.assign(20241301, Granularity::Year), None);
    }

    /// Every day of a year falls in exactly one window of each kind, under both calendars,
    /// and the window `assign` names holds it.
    #[test]
    fn every_day_falls_in_the_window_it_is_assigned_to() {
        for cal in [Calendar::Calendar, Calendar::Decree09] {
            for m in 1..=12 {
                for d in 1..=days_in(2024, m) {
                    let date = 2024 * 10_000 + m * 100 + d;
                    for g in [Granularity::Year, Granularity::Half, Granularity::Quarter] {
                        let code = cal.assign(date, g).unwrap();
                        let (a, b) = cal.window(Period::from_code(code).unwrap());
                        assert!(a <= date && date <= b, "{cal:?} {g:?} {date} → {code} ({a}–{b})");
                    }
                }
            }
        }
    }

    #[test]
    fn regroup_never_splits_or_sums_periods() {
        let c = Calendar::Calendar;
        let (y, h) = (Some(Granularity::Year), Some(Granularity::Half));
        assert_eq!(regroup(2024, y, c), Some(2024));
        assert_eq!(regroup(2024, h, c), None);
        assert_eq!(regroup(202411, y, c), None);
        assert_eq!(regroup(202411, h, c), Some(202411));
        assert_eq!(regroup(20240701, h, c), Some(202412));
        assert_eq!(regroup(202411, None, c), Some(202411));
        assert_eq!(regroup(20231220, None, Calendar::Decree09), Some(2024));
        assert_eq!(regroup(20230230, None, c), None);
    }
}
