//! Administrative areas over time: an area list with levels, parents and validity dates,
//! and a crosswalk for merges and splits. Levels and their validity are data, never code:
//! the 1 July 2025 reform (districts abolished, communes merged) is one crosswalk file.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One administrative unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    /// Code of the unit (one unit per code at a time; official codes are reused after a reform).
    pub code: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Level id (`province`, `district`, `commune`, ...).
    pub level: String,
    /// Code of the parent unit, if any.
    pub parent: Option<String>,
    /// First day of existence (ISO date), if bounded.
    pub valid_from: Option<String>,
    /// Last day of existence (ISO date), if bounded.
    pub valid_to: Option<String>,
}

impl Area {
    /// Whether the unit exists at some time during calendar year `year`.
    pub fn valid_in_year(&self, year: i32) -> bool {
        let start = format!("{year:04}-01-01");
        let end = format!("{year:04}-12-31");
        self.valid_from.as_deref().is_none_or(|f| f <= end.as_str())
            && self.valid_to.as_deref().is_none_or(|t| t >= start.as_str())
    }

    /// Whether the unit exists on `date` (ISO).
    pub fn valid_on(&self, date: &str) -> bool {
        self.valid_from.as_deref().is_none_or(|f| f <= date)
            && self.valid_to.as_deref().is_none_or(|t| t >= date)
    }

    /// Whether this unit and `other` exist on some common day.
    pub fn overlaps(&self, other: &Area) -> bool {
        let starts_before_other_ends = match (&self.valid_from, &other.valid_to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        let other_starts_before_end = match (&other.valid_from, &self.valid_to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_end
    }
}

/// One line of a crosswalk: part (`share`) of old unit `from` became part of `to` on `date`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrosswalkEntry {
    /// Old unit code.
    pub from: String,
    /// New unit code.
    pub to: String,
    /// Share of the old unit that went to the new one (1 for a merge).
    pub share: f64,
    /// Date the change took effect (ISO).
    pub date: String,
}

/// Problems in an area list.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AreaError {
    /// The same code names two units on the same day.
    #[error("area code {code:?} names two units at the same time")]
    DuplicateCode {
        /// The code.
        code: String,
    },
    /// A parent code does not exist.
    #[error("area {code:?}: parent {parent:?} is not in the area list")]
    UnknownParent {
        /// The child.
        code: String,
        /// The missing parent.
        parent: String,
    },
    /// The crosswalk shares of one old unit do not sum to 1.
    #[error("crosswalk: the shares of {from:?} sum to {sum}, not 1")]
    SharesDoNotSumToOne {
        /// The old unit.
        from: String,
        /// Their sum.
        sum: f64,
    },
    /// A crosswalk names an unknown unit.
    #[error("crosswalk: {code:?} is not in the area list")]
    UnknownCrosswalkCode {
        /// The code.
        code: String,
    },
}

/// A validated list of areas with its crosswalk. A code may name different units at
/// different times (official codes are reused after the 2025 reform): each code holds its
/// versions, whose validity never overlaps, and lookups at a date or year pick the one valid.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AreaList {
    areas: BTreeMap<String, Vec<Area>>,
    crosswalk: Vec<CrosswalkEntry>,
}

impl AreaList {
    /// Build and check a list: unique codes, parents exist, crosswalk codes exist and the
    /// shares of each old unit sum to 1 (±1e-6). Returns every problem found.
    pub fn new(areas: Vec<Area>, crosswalk: Vec<CrosswalkEntry>) -> Result<AreaList, Vec<AreaError>> {
        let mut errors = Vec::new();
        let mut map: BTreeMap<String, Vec<Area>> = BTreeMap::new();
        for a in areas {
            let versions = map.entry(a.code.clone()).or_default();
            if versions.iter().any(|v| v.overlaps(&a)) {
                errors.push(AreaError::DuplicateCode { code: a.code.clone() });
            } else {
                versions.push(a);
            }
        }
        for versions in map.values_mut() {
            versions.sort_by(|a, b| a.valid_from.cmp(&b.valid_from));
        }
        for a in map.values().flatten() {
            if let Some(p) = &a.parent
                && !map.contains_key(p)
            {
                errors.push(AreaError::UnknownParent { code: a.code.clone(), parent: p.clone() });
            }
        }
        let mut sums: BTreeMap<&str, f64> = BTreeMap::new();
        for c in &crosswalk {
            for code in [&c.from, &c.to] {
                if !map.contains_key(code) {
                    errors.push(AreaError::UnknownCrosswalkCode { code: code.clone() });
                }
            }
            *sums.entry(c.from.as_str()).or_default() += c.share;
        }
        for (from, sum) in sums {
            if (sum - 1.0).abs() > 1e-6 {
                errors.push(AreaError::SharesDoNotSumToOne { from: from.to_string(), sum });
            }
        }
        if errors.is_empty() { Ok(AreaList { areas: map, crosswalk }) } else { Err(errors) }
    }

    /// Look up an area by its code alone: its latest unit (a reused code's newest).
    pub fn get(&self, code: &str) -> Option<&Area> {
        self.areas.get(code).and_then(|v| v.last())
    }

    /// The units a code has named, oldest first.
    pub fn versions(&self, code: &str) -> &[Area] {
        self.areas.get(code).map_or(&[], Vec::as_slice)
    }

    /// The unit `code` names during calendar year `year` (in a year of change, the one that
    /// exists at its end); `None` when the code names no unit that year.
    pub fn get_in_year(&self, code: &str, year: i32) -> Option<&Area> {
        self.areas.get(code)?.iter().rev().find(|a| a.valid_in_year(year))
    }

    /// The unit `code` names on `date` (ISO).
    pub fn get_on(&self, code: &str, date: &str) -> Option<&Area> {
        self.areas.get(code)?.iter().rev().find(|a| a.valid_on(date))
    }

    /// The unit a result row's `code` names: the unit of `as_of` when the results were mapped
    /// to the units of that date (`--as-of`), else the unit of the row's period (its first
    /// year: "2021-2026" is read as 2021), else the code's latest unit. A reused code thus
    /// gets the name it had at the time of the figures.
    pub fn unit_of_row(&self, code: &str, period: &str, as_of: Option<&str>) -> Option<&Area> {
        let at = match as_of {
            Some(date) => self.get_on(code, date),
            None => period.get(..4).and_then(|y| y.parse().ok()).and_then(|y| self.get_in_year(code, y)),
        };
        at.or_else(|| self.get(code))
    }

    /// The parent of the unit `code` names in `year` (that year's unit of the parent code).
    pub fn parent_in_year(&self, code: &str, year: i32) -> Option<&Area> {
        let parent = self.get_in_year(code, year).or_else(|| self.get(code))?.parent.as_deref()?;
        self.get_in_year(parent, year).or_else(|| self.get(parent))
    }

    /// All areas (every unit of a reused code) in code order.
    pub fn iter(&self) -> impl Iterator<Item = &Area> {
        self.areas.values().flatten()
    }

    /// The crosswalk lines.
    pub fn crosswalk(&self) -> &[CrosswalkEntry] {
        &self.crosswalk
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }

    /// The ancestor of `code` (or `code` itself) at `level`, following parents.
    pub fn ancestor_at_level(&self, code: &str, level: &str) -> Option<&Area> {
        let mut current = self.get(code)?;
        for _ in 0..16 {
            if current.level == level {
                return Some(current);
            }
            current = self.get(current.parent.as_deref()?)?;
        }
        None
    }

    /// Units that `code` maps to on or after `date`, with the share of `code` each receives,
    /// following successive crosswalk steps (a unit merged, then merged again). A unit not
    /// changed by the crosswalk maps to itself with share 1.
    pub fn successors(&self, code: &str, date: &str) -> Vec<(String, f64)> {
        let mut out: BTreeMap<String, f64> = BTreeMap::new();
        let mut stack = vec![(code.to_string(), 1.0, String::new())];
        let mut guard = 0;
        while let Some((c, share, after)) = stack.pop() {
            guard += 1;
            if guard > 10_000 {
                break;
            }
            let steps: Vec<&CrosswalkEntry> = self
                .crosswalk
                .iter()
                .filter(|e| e.from == c && e.date.as_str() > after.as_str() && e.date.as_str() <= date)
                .collect();
            if steps.is_empty() {
                *out.entry(c).or_default() += share;
            } else {
                for e in steps {
                    stack.push((e.to.clone(), share * e.share, e.date.clone()));
                }
            }
        }
        out.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(code: &str, level: &str, parent: Option<&str>, from: Option<&str>, to: Option<&str>) -> Area {
        Area {
            code: code.into(),
            name_vi: code.into(),
            name_en: code.into(),
            level: level.into(),
            parent: parent.map(Into::into),
            valid_from: from.map(Into::into),
            valid_to: to.map(Into::into),
        }
    }

    fn reform() -> AreaList {
        AreaList::new(
            vec![
                area("P", "province", None, None, None),
                area("D", "district", Some("P"), None, Some("2025-06-30")),
                area("A", "commune", Some("D"), None, Some("2025-06-30")),
                area("B", "commune", Some("D"), None, Some("2025-06-30")),
                area("C", "commune", Some("D"), None, Some("2025-06-30")),
                area("AB", "commune", Some("P"), Some("2025-07-01"), None),
                area("C1", "commune", Some("P"), Some("2025-07-01"), None),
            ],
            vec![
                CrosswalkEntry { from: "A".into(), to: "AB".into(), share: 1.0, date: "2025-07-01".into() },
                CrosswalkEntry { from: "B".into(), to: "AB".into(), share: 1.0, date: "2025-07-01".into() },
                CrosswalkEntry { from: "C".into(), to: "AB".into(), share: 0.25, date: "2025-07-01".into() },
                CrosswalkEntry { from: "C".into(), to: "C1".into(), share: 0.75, date: "2025-07-01".into() },
            ],
        )
        .unwrap()
    }

    #[test]
    fn validity_by_year() {
        let l = reform();
        assert!(l.get("D").unwrap().valid_in_year(2025));
        assert!(!l.get("D").unwrap().valid_in_year(2026));
        assert!(!l.get("AB").unwrap().valid_in_year(2024));
        assert!(l.get("AB").unwrap().valid_on("2025-07-01"));
    }

    #[test]
    fn merges_and_splits_follow_the_crosswalk() {
        let l = reform();
        assert_eq!(l.successors("A", "2026-01-01"), vec![("AB".to_string(), 1.0)]);
        assert_eq!(l.successors("C", "2026-01-01"), vec![("AB".to_string(), 0.25), ("C1".to_string(), 0.75)]);
        assert_eq!(l.successors("C", "2025-01-01"), vec![("C".to_string(), 1.0)]);
        assert_eq!(l.ancestor_at_level("A", "district").unwrap().code, "D");
        assert_eq!(l.ancestor_at_level("AB", "province").unwrap().code, "P");
    }

    #[test]
    fn a_reused_code_names_each_unit_in_its_own_time() {
        // Commune 00001 until the reform; after it, the code names the merged ward, under
        // the province (districts abolished).
        let l = AreaList::new(
            vec![
                area("01", "province", None, None, None),
                area("001", "district", Some("01"), None, Some("2025-06-30")),
                Area {
                    name_vi: "Xã cũ".into(),
                    ..area("00001", "commune", Some("001"), None, Some("2025-06-30"))
                },
                area("00004", "commune", Some("001"), None, Some("2025-06-30")),
                Area {
                    name_vi: "Phường mới".into(),
                    ..area("00001", "commune", Some("01"), Some("2025-07-01"), None)
                },
            ],
            vec![
                CrosswalkEntry {
                    from: "00001".into(),
                    to: "00001".into(),
                    share: 1.0,
                    date: "2025-07-01".into(),
                },
                CrosswalkEntry {
                    from: "00004".into(),
                    to: "00001".into(),
                    share: 1.0,
                    date: "2025-07-01".into(),
                },
            ],
        )
        .unwrap();
        assert_eq!(l.versions("00001").len(), 2);
        assert_eq!(l.get_in_year("00001", 2024).unwrap().name_vi, "Xã cũ");
        assert_eq!(l.get_in_year("00001", 2026).unwrap().name_vi, "Phường mới");
        // In the year of the change, the unit at its end.
        assert_eq!(l.get_in_year("00001", 2025).unwrap().name_vi, "Phường mới");
        assert_eq!(l.get_on("00001", "2025-03-01").unwrap().name_vi, "Xã cũ");
        assert_eq!(l.parent_in_year("00001", 2024).unwrap().code, "001");
        assert_eq!(l.parent_in_year("00001", 2026).unwrap().code, "01");
        assert_eq!(l.get("00001").unwrap().name_vi, "Phường mới");
        assert_eq!(l.iter().count(), 5);
        assert_eq!(l.successors("00004", "2026-01-01"), vec![("00001".to_string(), 1.0)]);
        // Two units of one code on the same day are refused.
        let errs = AreaList::new(
            vec![
                area("01", "province", None, None, None),
                area("01", "province", None, Some("2025-01-01"), None),
            ],
            vec![],
        )
        .unwrap_err();
        assert_eq!(errs, vec![AreaError::DuplicateCode { code: "01".into() }]);
    }

    #[test]
    fn every_problem_is_reported() {
        let errs = AreaList::new(
            vec![area("X", "commune", Some("nowhere"), None, None), area("X", "commune", None, None, None)],
            vec![CrosswalkEntry { from: "X".into(), to: "Y".into(), share: 0.5, date: "2025-07-01".into() }],
        )
        .unwrap_err();
        assert_eq!(errs.len(), 4, "{errs:?}");
    }
}
