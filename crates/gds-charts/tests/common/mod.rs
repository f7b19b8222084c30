//! A small hand-made result table: one district, seven communes, two periods, F/M/_T, one
//! withheld and one low-n cell per indicator, targets; and the real embedded catalogue.
#![allow(dead_code)]

use gds_charts::{ChartContext, RenderOptions};
use gds_core::{Lang, ObsStatus, ResultRow, ResultTable, TargetOp, TargetStatus};
use gds_indicators::Catalogue;
use std::sync::OnceLock;

pub const DIMS: [&str; 3] = ["sex", "age_group", "level"];

/// Area codes and names. One name is long, one arrives decomposed (NFD) on purpose.
pub const AREAS: [(&str, &str, &str); 8] = [
    ("D01", "district", "Huyện Mẫu Sơn"),
    ("C01", "commune", "Xã Thượng Phùng"),
    ("C02", "commune", "Thị trấn Phố Bảng"),
    ("C03", "commune", "Xã Sủng Thài"),
    ("C04", "commune", "Phường Nguyễn Trãi"),
    ("C05", "commune", "Xã Lũng Cú"),
    ("C06", "commune", "Xã Đồng Văn Thượng Nguyên Hồ Quang Phìn"),
    ("C07", "commune", "Xa\u{0303} Mâ\u{0323}u Duê\u{0323}"), // NFD: "Xã Mậu Duệ"
];

pub fn area_name(code: &str, _period: &str) -> String {
    if code == "_T" {
        return "Huyện Mẫu Sơn".into();
    }
    AREAS.iter().find(|a| a.0 == code).map(|a| a.2.to_string()).unwrap_or_else(|| code.to_string())
}

pub fn level_of(code: &str) -> &'static str {
    AREAS.iter().find(|a| a.0 == code).map(|a| a.1).unwrap_or("unlisted")
}

pub struct R {
    pub indicator: &'static str,
    pub area: &'static str,
    pub period: &'static str,
    pub sex: &'static str,
    pub age: &'static str,
    pub level: &'static str,
    pub value: f64,
    pub half_width: Option<f64>,
    pub n: u64,
    pub unit: &'static str,
    pub status: ObsStatus,
}

pub fn row(r: R) -> ResultRow {
    let shown = r.status != ObsStatus::Suppressed;
    let method = if r.half_width.is_some() { "wilson" } else { "none" };
    ResultRow {
        indicator: r.indicator.into(),
        area: r.area.into(),
        level: level_of(r.area).into(),
        period: r.period.into(),
        keys: vec![r.sex.into(), r.age.into(), r.level.into()],
        value: shown.then_some(r.value),
        numerator: None,
        denominator: None,
        n: r.n,
        lower: if shown { r.half_width.map(|h| r.value - h) } else { None },
        upper: if shown { r.half_width.map(|h| r.value + h) } else { None },
        unit: r.unit.into(),
        method: method.into(),
        status: r.status,
        reason: match r.status {
            ObsStatus::Suppressed => Some("n < 25".into()),
            ObsStatus::LowN => Some("n < 50".into()),
            _ => None,
        },
        target: None,
        target_op: None,
        target_year: None,
        target_status: TargetStatus::NoTarget,
    }
}

fn base(
    indicator: &'static str,
    area: &'static str,
    period: &'static str,
    value: f64,
    unit: &'static str,
) -> R {
    R {
        indicator,
        area,
        period,
        sex: "_T",
        age: "_T",
        level: "_T",
        value,
        half_width: None,
        n: 400,
        unit,
        status: ObsStatus::Ok,
    }
}

pub fn table() -> ResultTable {
    let mut t = ResultTable::new(DIMS.iter().map(|s| s.to_string()).collect());
    let ok = ObsStatus::Ok;
    let low = ObsStatus::LowN;
    let sup = ObsStatus::Suppressed;

    // Sex ratio at birth, by area, with intervals; C03 withheld, C04 low n.
    let srb: [(&str, f64, f64, f64, ObsStatus); 8] = [
        ("D01", 111.8, 112.6, 3.1, ok),
        ("C01", 117.9, 118.4, 9.8, ok),
        ("C02", 105.0, 106.1, 8.1, ok),
        ("C03", 120.0, 0.0, 0.0, sup),
        ("C04", 119.0, 121.0, 19.5, low),
        ("C05", 103.1, 104.2, 8.2, ok),
        ("C06", 109.7, 110.9, 9.0, ok),
        ("C07", 101.2, 99.8, 8.5, ok),
    ];
    for (area, v23, v24, hw, st) in srb {
        for (period, v) in [("2023", v23), ("2024", v24)] {
            let status = if period == "2024" { st } else { ok };
            let mut r = base("srb", area, period, v, "boys-per-100-girls");
            r.half_width = Some(if hw > 0.0 { hw } else { 9.0 });
            r.status = status;
            r.n = if status == sup {
                80
            } else if status == low {
                450
            } else {
                1600
            };
            t.rows.push(row(r));
        }
    }

    // Bodies with a woman key leader (%), target ≥ 60 % by 2025; C05 withheld, C04 low n.
    let gov: [(&str, f64, f64, ObsStatus); 8] = [
        ("D01", 42.9, 57.1, ok),
        ("C01", 50.0, 50.0, ok),
        ("C02", 50.0, 100.0, ok),
        ("C03", 0.0, 0.0, ok),
        ("C04", 50.0, 50.0, low),
        ("C05", 50.0, 0.0, sup),
        ("C06", 0.0, 50.0, ok),
        ("C07", 100.0, 100.0, ok),
    ];
    for (area, v23, v24, st) in gov {
        for (period, v) in [("2023", v23), ("2024", v24)] {
            let mut r = row(R {
                status: if period == "2024" { st } else { ok },
                n: 2,
                ..base("gov-bodies-female-key-leader", area, period, v, "percent")
            });
            r.target = Some(60.0);
            r.target_op = Some(TargetOp::Ge);
            r.target_year = Some(2025);
            r.target_status =
                if r.value.is_some_and(|v| v >= 60.0) { TargetStatus::Met } else { TargetStatus::NotMet };
            t.rows.push(r);
        }
    }

    // Labour force participation, by sex; by age group for the district. C03 women withheld
    // in 2024, C04 men low n.
    let lfpr: [(&str, f64, f64); 8] = [
        ("D01", 68.4, 79.9),
        ("C01", 71.2, 80.5),
        ("C02", 61.0, 76.3),
        ("C03", 74.5, 82.0),
        ("C04", 58.7, 73.9),
        ("C05", 77.3, 81.2),
        ("C06", 69.8, 84.6),
        ("C07", 65.5, 78.8),
    ];
    for (area, f, m) in lfpr {
        for (period, shift) in [("2023", -1.6), ("2024", 0.0)] {
            let (f, m) = (f + shift, m + shift * 0.5);
            let total = (f + m) / 2.0;
            for (sex, v) in [("F", f), ("M", m), ("_T", total)] {
                let mut status = ok;
                if period == "2024" && area == "C03" && sex == "F" {
                    status = sup;
                }
                if period == "2024" && area == "C04" && sex == "M" {
                    status = low;
                }
                let hw = if area == "D01" { 1.2 } else { 4.5 };
                t.rows.push(row(R {
                    sex,
                    half_width: Some(if status == low { 11.0 } else { hw }),
                    status,
                    n: if status == low { 40 } else { 600 },
                    ..base("lfpr", area, period, v, "percent")
                }));
            }
        }
    }
    // The gap women − men (a derived indicator of lfpr, in percentage points).
    for (area, f, m) in lfpr {
        let status = if area == "C03" { sup } else { ok };
        t.rows.push(row(R { status, ..base("lfpr-gap", area, "2024", f - m, "percentage-points") }));
    }
    let ages = ["15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64"];
    let f_age = [31.5, 68.2, 80.1, 82.4, 83.0, 82.2, 79.5, 71.3, 52.7, 33.9];
    let m_age = [38.9, 79.4, 94.2, 96.8, 97.0, 96.1, 94.0, 89.5, 80.2, 55.3];
    for (i, a) in ages.iter().enumerate() {
        for (period, shift) in [("2023", -1.5), ("2024", 0.0)] {
            for (sex, v) in [
                ("F", f_age[i] + shift),
                ("M", m_age[i] + shift),
                ("_T", (f_age[i] + m_age[i]) / 2.0 + shift),
            ] {
                let status = if *a == "60-64" && sex == "F" && period == "2024" { low } else { ok };
                t.rows.push(row(R {
                    sex,
                    age: a,
                    half_width: Some(if status == low { 9.5 } else { 3.0 }),
                    status,
                    n: if status == low { 45 } else { 300 },
                    ..base("lfpr", "D01", period, v, "percent")
                }));
            }
        }
    }

    // Population by sex and 5-year age group for the district.
    let five = [
        "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54",
        "55-59", "60-64", "65-69", "70-74", "75-79", "80+",
    ];
    let men = [
        4310.0, 4520.0, 4480.0, 4012.0, 3850.0, 3920.0, 3990.0, 3700.0, 3350.0, 3010.0, 2680.0, 2210.0,
        1750.0, 1240.0, 820.0, 510.0, 330.0,
    ];
    let women = [
        3880.0, 4050.0, 4110.0, 3801.0, 3705.0, 3850.0, 3910.0, 3655.0, 3390.0, 3120.0, 2840.0, 2420.0,
        2010.0, 1530.0, 1105.0, 790.0, 640.0,
    ];
    for (i, a) in five.iter().enumerate() {
        for (period, k) in [("2023", 0.985), ("2024", 1.0)] {
            for (sex, v) in [("M", men[i] * k), ("F", women[i] * k)] {
                let v: f64 = v;
                t.rows.push(row(R {
                    sex,
                    age: a,
                    n: v as u64,
                    ..base("population", "D01", period, v.round(), "persons")
                }));
            }
        }
    }
    for (period, k) in [("2023", 0.985), ("2024", 1.0)] {
        let m: f64 = men.iter().sum::<f64>() * k;
        let w: f64 = women.iter().sum::<f64>() * k;
        for (sex, v) in [("M", m), ("F", w), ("_T", m + w)] {
            t.rows.push(row(R {
                sex,
                n: v as u64,
                ..base("population", "D01", period, v.round(), "persons")
            }));
        }
    }

    // Women among People's Council deputies (%), by council level for the district and for
    // each commune's council; two terms.
    let wcd: [(&str, &str, f64, f64, ObsStatus); 10] = [
        ("D01", "_T", 24.6, 27.9, ok),
        ("D01", "district", 26.7, 31.4, ok),
        ("D01", "commune", 24.2, 27.3, ok),
        ("C01", "commune", 20.0, 24.0, ok),
        ("C02", "commune", 28.0, 36.0, ok),
        ("C03", "commune", 16.7, 20.8, ok),
        ("C04", "commune", 30.4, 34.8, low),
        ("C05", "commune", 12.0, 16.0, ok),
        ("C06", "commune", 25.0, 29.2, ok),
        ("C07", "commune", 33.3, 37.5, ok),
    ];
    for (area, lvl, v16, v21, st) in wcd {
        // A commune has one council: its "all levels" margin equals its commune row.
        let levels: &[&str] = if area == "D01" { &[lvl] } else { &[lvl, "_T"] };
        for l in levels {
            for (period, v) in [("2016", v16), ("2021", v21)] {
                t.rows.push(row(R {
                    level: l,
                    status: if period == "2021" { st } else { ok },
                    n: 25,
                    ..base("women-council-deputies", area, period, v, "percent")
                }));
            }
        }
    }
    t.sort_canonical();
    t
}

pub fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| Catalogue::embedded().expect("the embedded catalogue is valid"))
}

pub fn ctx(lang: Lang) -> ChartContext<'static> {
    ChartContext {
        catalogue: catalogue(),
        lang,
        area_name: &area_name,
        source: match lang {
            Lang::Vi => "Nguồn: Chi cục Thống kê huyện Mẫu Sơn, tính toán bằng gds — DỮ LIỆU TỔNG HỢP".into(),
            Lang::En => {
                "Source: Mau Son district statistics office, computed with gds — SYNTHETIC DATA".into()
            }
        },
        synthetic: true,
        period: None,
        place: match lang {
            Lang::Vi => "Huyện Mẫu Sơn".into(),
            Lang::En => "Mau Son district".into(),
        },
        focus: None,
    }
}

pub fn opts() -> RenderOptions {
    RenderOptions::default()
}

/// The charts every test draws: (file stem, indicator, kind).
pub const CASES: [(&str, &str, gds_charts::ChartKind); 12] = [
    ("bar_by_area_gov_bodies", "gov-bodies-female-key-leader", gds_charts::ChartKind::BarByArea),
    ("bar_by_area_lfpr", "lfpr", gds_charts::ChartKind::BarByArea),
    ("trend_lfpr", "lfpr", gds_charts::ChartKind::Trend),
    ("trend_gov_bodies", "gov-bodies-female-key-leader", gds_charts::ChartKind::Trend),
    ("pyramid_population", "population", gds_charts::ChartKind::Pyramid),
    ("sex_comparison_lfpr", "lfpr", gds_charts::ChartKind::SexComparison),
    ("dumbbell_lfpr", "lfpr", gds_charts::ChartKind::Dumbbell),
    ("srb", "srb", gds_charts::ChartKind::Srb),
    ("stacked_share_council", "women-council-deputies", gds_charts::ChartKind::StackedShare),
    ("bar_by_area_council", "women-council-deputies", gds_charts::ChartKind::BarByArea),
    ("stacked_share_lfpr", "lfpr", gds_charts::ChartKind::StackedShare),
    ("dumbbell_lfpr_gap", "lfpr-gap", gds_charts::ChartKind::Dumbbell),
];
