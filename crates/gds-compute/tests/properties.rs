//! Invariants on random data: female + male = total, communes sum to their district,
//! parts sum to the whole across a breakdown, and row order does not matter.

use gds_compute::exec::{Strategy, execute};
use gds_compute::plan::{Request, plan};
use gds_compute::project::Project;
use gds_core::ResultTable;
use gds_indicators::Catalogue;
use proptest::prelude::*;

const AREAS: &str = "code,name_vi,name_en,level,parent,valid_from,valid_to
D,Huyện Thử,Test district,district,,,
A,Xã A,Commune A,commune,D,,
B,Xã B,Commune B,commune,D,,
C,Xã C,Commune C,commune,D,,
";

fn compute(rows: &[(u8, bool, u8, bool)]) -> ResultTable {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from(
        "birth_id,period,area,sex,mother_age,birth_order,urban_rural,mother_ethnicity,skilled_attendant\n",
    );
    for (i, (a, male, age, urban)) in rows.iter().enumerate() {
        let area = ["A", "B", "C"][*a as usize % 3];
        csv.push_str(&format!(
            "b{i},2024,{area},{},{},1,{},kinh,true\n",
            if *male { "M" } else { "F" },
            15 + age % 30,
            if *urban { "U" } else { "R" }
        ));
    }
    std::fs::write(dir.path().join("areas.csv"), AREAS).unwrap();
    std::fs::write(dir.path().join("b.csv"), csv).unwrap();
    std::fs::write(
        dir.path().join("gds.toml"),
        "schema-version = 1\nname = { vi = \"x\", en = \"x\" }\nareas = \"areas.csv\"\n[[sources]]\ndataset = \"births\"\npath = \"b.csv\"\n",
    )
    .unwrap();
    let cat = Catalogue::embedded().unwrap();
    let p = Project::load(&dir.path().join("gds.toml"), &cat).unwrap();
    let req = Request {
        indicators: vec!["live-births".into(), "srb".into()],
        breakdowns: vec!["sex".into(), "urban_rural".into()],
        suppress: false,
        ..Request::default()
    };
    let pl = plan(&cat, &p, &req).unwrap();
    execute(&pl, &p, &cat, Strategy::Fused, &mut |_| {}).unwrap().0
}

fn value(t: &ResultTable, area: &str, sex: &str, ur: &str) -> f64 {
    t.rows
        .iter()
        .find(|r| {
            r.indicator == "live-births"
                && r.area == area
                && t.key(r, "sex") == Some(sex)
                && t.key(r, "urban_rural") == Some(ur)
        })
        .and_then(|r| r.value)
        .unwrap_or(0.0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn counts_add_up(rows in prop::collection::vec((0u8..3, any::<bool>(), 0u8..30, any::<bool>()), 1..80)) {
        let t = compute(&rows);
        for area in ["A", "B", "C", "D"] {
            for ur in ["U", "R", "_T"] {
                // female + male = total
                prop_assert_eq!(value(&t, area, "F", ur) + value(&t, area, "M", ur), value(&t, area, "_T", ur));
            }
            for sex in ["F", "M", "_T"] {
                // urban + rural = total
                prop_assert_eq!(value(&t, area, sex, "U") + value(&t, area, sex, "R"), value(&t, area, sex, "_T"));
            }
        }
        for sex in ["F", "M", "_T"] {
            // communes sum to their district
            let sum: f64 = ["A", "B", "C"].iter().map(|a| value(&t, a, sex, "_T")).sum();
            prop_assert_eq!(sum, value(&t, "D", sex, "_T"));
        }
        prop_assert_eq!(value(&t, "D", "_T", "_T"), rows.len() as f64);
        // The district SRB is the ratio of the summed counts.
        let srb = t.rows.iter().find(|r| r.indicator == "srb" && r.area == "D" && t.key(r, "urban_rural") == Some("_T")).unwrap();
        let (m, f) = (value(&t, "D", "M", "_T"), value(&t, "D", "F", "_T"));
        if f > 0.0 {
            prop_assert!((srb.value.unwrap() - 100.0 * m / f).abs() < 1e-9);
        }
        // Row order does not matter.
        let mut reversed = rows.clone();
        reversed.reverse();
        prop_assert_eq!(compute(&reversed), t);
    }
}
