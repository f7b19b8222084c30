//! Complementary suppression: when a cell is withheld, no other published cell may let a
//! reader recover it by one subtraction (`_T − M`, parent − siblings, total − other groups).
//!
//! Rule (stated in the report's annex): every additive relation `total = Σ parts` — over
//! the sex margin, over each other breakdown's margin, and over the area hierarchy (a
//! parent area and its sub-areas present in the table) — must hold either no withheld cell
//! or at least two. When exactly one is withheld, the published member with the smallest n
//! among the parts (or the total, when no part is left) is withheld too, with the reason
//! "complementary suppression"; this repeats until every relation holds. Withheld cells of
//! count measures lose their n as well, since there n is the value.

use gds_core::{AreaList, ObsStatus, ResultRow, ResultTable, TOTAL_CODE};
use std::collections::BTreeMap;

/// The reason given to a cell withheld to protect another.
pub const COMPLEMENTARY: &str =
    "complementary suppression: withheld so that a withheld cell cannot be recovered by subtraction";

/// One additive relation: the row index of the total (if published in the table) and of
/// its parts.
struct Relation {
    total: Option<usize>,
    parts: Vec<usize>,
}

fn relations(table: &ResultTable, areas: &AreaList) -> Vec<Relation> {
    let mut out = Vec::new();
    let rows = &table.rows;
    // Margins of each breakdown: group by everything but dimension d.
    for d in 0..table.dimensions.len() {
        let mut groups: BTreeMap<(&str, &str, &str, Vec<&str>), Relation> = BTreeMap::new();
        for (i, r) in rows.iter().enumerate() {
            let others: Vec<&str> =
                r.keys.iter().enumerate().filter(|(j, _)| *j != d).map(|(_, k)| k.as_str()).collect();
            let g = groups
                .entry((r.indicator.as_str(), r.area.as_str(), r.period.as_str(), others))
                .or_insert(Relation { total: None, parts: vec![] });
            if r.keys.get(d).map(String::as_str) == Some(TOTAL_CODE) {
                g.total = Some(i);
            } else {
                g.parts.push(i);
            }
        }
        out.extend(groups.into_values().filter(|g| g.total.is_some() && !g.parts.is_empty()));
    }
    // The area hierarchy: a parent and its sub-areas, same indicator, period and keys.
    let mut by_cell: BTreeMap<(&str, &str, &Vec<String>, &str), usize> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_cell.insert((r.indicator.as_str(), r.period.as_str(), &r.keys, r.area.as_str()), i);
    }
    let mut families: BTreeMap<(&str, &str, &Vec<String>, String), Relation> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        // The parent of the unit the code names in the row's period (codes can be reused).
        let year = r.period.get(..4).and_then(|y| y.parse::<i32>().ok());
        let unit = year.and_then(|y| areas.get_in_year(&r.area, y)).or_else(|| areas.get(&r.area));
        let Some(parent) = unit.and_then(|a| a.parent.clone()) else { continue };
        let Some(&p) = by_cell.get(&(r.indicator.as_str(), r.period.as_str(), &r.keys, parent.as_str()))
        else {
            continue;
        };
        families
            .entry((r.indicator.as_str(), r.period.as_str(), &r.keys, parent))
            .or_insert(Relation { total: Some(p), parts: vec![] })
            .parts
            .push(i);
    }
    out.extend(families.into_values());
    out
}

fn withheld(r: &ResultRow) -> bool {
    r.status == ObsStatus::Suppressed
}

fn published(r: &ResultRow) -> bool {
    matches!(r.status, ObsStatus::Ok | ObsStatus::LowN | ObsStatus::Unverified) && r.value.is_some()
}

/// Withhold a published row to protect another.
fn withhold(r: &mut ResultRow) {
    r.status = ObsStatus::Suppressed;
    r.value = None;
    r.numerator = None;
    r.denominator = None;
    r.lower = None;
    r.upper = None;
    r.reason = Some(COMPLEMENTARY.to_string());
    r.target_status = if r.target.is_some() { gds_core::TargetStatus::NoData } else { r.target_status };
}

/// Apply complementary suppression to a table; `count_measure` tells which indicators are
/// counts (their n is the value and is withheld too). Returns how many cells were added.
pub fn complementary(
    table: &mut ResultTable,
    areas: &AreaList,
    count_measure: &dyn Fn(&str) -> bool,
) -> usize {
    let rels = relations(table, areas);
    let mut added = 0;
    loop {
        let mut changed = false;
        for rel in &rels {
            let members: Vec<usize> = rel.total.into_iter().chain(rel.parts.iter().copied()).collect();
            let hidden = members.iter().filter(|&&i| withheld(&table.rows[i])).count();
            if hidden != 1 {
                continue;
            }
            let candidate = rel
                .parts
                .iter()
                .copied()
                .filter(|&i| published(&table.rows[i]))
                .min_by_key(|&i| (table.rows[i].n, i))
                .or(rel.total.filter(|&t| published(&table.rows[t])));
            if let Some(i) = candidate {
                withhold(&mut table.rows[i]);
                added += 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for r in &mut table.rows {
        if withheld(r) && count_measure(&r.indicator) {
            r.n = 0;
        }
    }
    added
}

/// Whether some withheld cell can be recovered from published cells by one subtraction
/// (a relation with exactly one withheld member). For tests and the annex.
pub fn recoverable(table: &ResultTable, areas: &AreaList) -> Vec<usize> {
    relations(table, areas)
        .into_iter()
        .filter_map(|rel| {
            let members: Vec<usize> = rel.total.into_iter().chain(rel.parts.iter().copied()).collect();
            let hidden: Vec<usize> = members.iter().copied().filter(|&i| withheld(&table.rows[i])).collect();
            let all_known = members.iter().all(|&i| withheld(&table.rows[i]) || published(&table.rows[i]));
            (hidden.len() == 1 && all_known).then(|| hidden[0])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gds_core::{Area, TargetStatus};
    use proptest::prelude::*;

    fn row(area: &str, sex: &str, n: u64, suppressed: bool) -> ResultRow {
        ResultRow {
            indicator: "x".into(),
            area: area.into(),
            level: String::new(),
            period: "2024".into(),
            keys: vec![sex.into()],
            value: (!suppressed).then_some(n as f64),
            numerator: (!suppressed).then_some(n as f64),
            denominator: None,
            n,
            lower: None,
            upper: None,
            unit: "persons".into(),
            method: String::new(),
            status: if suppressed { ObsStatus::Suppressed } else { ObsStatus::Ok },
            reason: None,
            target: None,
            target_op: None,
            target_year: None,
            target_status: TargetStatus::NoTarget,
        }
    }

    fn areas(children: usize) -> AreaList {
        let mut v = vec![Area {
            code: "001".into(),
            name_vi: String::new(),
            name_en: String::new(),
            level: "district".into(),
            parent: None,
            valid_from: None,
            valid_to: None,
        }];
        for c in 0..children {
            v.push(Area {
                code: format!("{:05}", c + 4),
                name_vi: String::new(),
                name_en: String::new(),
                level: "commune".into(),
                parent: Some("001".into()),
                valid_from: None,
                valid_to: None,
            });
        }
        AreaList::new(v, vec![]).expect("valid areas")
    }

    #[test]
    fn a_withheld_female_cell_takes_the_male_cell_with_it() {
        let mut t = ResultTable::new(vec!["sex".into()]);
        t.rows =
            vec![row("00004", "F", 2, true), row("00004", "M", 40, false), row("00004", "_T", 42, false)];
        let added = complementary(&mut t, &AreaList::default(), &|_| true);
        assert_eq!(added, 1);
        assert_eq!(t.rows[1].status, ObsStatus::Suppressed);
        assert_eq!(t.rows[1].reason.as_deref(), Some(COMPLEMENTARY));
        assert_eq!(t.rows[2].status, ObsStatus::Ok, "the total stays");
        assert_eq!(t.rows[0].n, 0, "a count's n is its value");
    }

    #[test]
    fn a_withheld_commune_takes_its_smallest_sibling_with_it() {
        let mut t = ResultTable::new(vec!["sex".into()]);
        t.rows = vec![
            row("001", "_T", 100, false),
            row("00004", "_T", 3, true),
            row("00005", "_T", 60, false),
            row("00006", "_T", 37, false),
        ];
        complementary(&mut t, &areas(3), &|_| false);
        assert_eq!(t.rows[3].status, ObsStatus::Suppressed, "00006 has the smaller n");
        assert_eq!(t.rows[2].status, ObsStatus::Ok);
        assert!(recoverable(&t, &areas(3)).is_empty());
    }

    proptest! {
        /// From any published output, no withheld cell is recoverable by one subtraction.
        #[test]
        fn no_withheld_cell_is_recoverable(ns in proptest::collection::vec((0u64..30, 0u64..30), 1..6), threshold in 1u64..15) {
            let list = areas(ns.len());
            let mut t = ResultTable::new(vec!["sex".into()]);
            let (mut tf, mut tm) = (0, 0);
            for (i, (f, m)) in ns.iter().enumerate() {
                let code = format!("{:05}", i + 4);
                t.rows.push(row(&code, "F", *f, *f < threshold));
                t.rows.push(row(&code, "M", *m, *m < threshold));
                t.rows.push(row(&code, "_T", f + m, f + m < threshold));
                tf += f;
                tm += m;
            }
            t.rows.push(row("001", "F", tf, tf < threshold));
            t.rows.push(row("001", "M", tm, tm < threshold));
            t.rows.push(row("001", "_T", tf + tm, tf + tm < threshold));
            complementary(&mut t, &list, &|_| true);
            prop_assert!(recoverable(&t, &list).is_empty());
        }
    }
}
