//! The engine on tiny hand-made projects whose results are worked out on paper.

use gds_compute::exec::{Strategy, execute};
use gds_compute::plan::{Request, plan};
use gds_compute::project::Project;
use gds_core::{ObsStatus, ResultRow, ResultTable, TargetStatus};
use gds_indicators::Catalogue;
use std::path::Path;

const AREAS: &str = "code,name_vi,name_en,level,parent,valid_from,valid_to
P,Tỉnh Thử,Test province,province,,,
D,Huyện Thử,Test district,district,P,,2025-06-30
A,Xã A,Commune A,commune,D,,2025-06-30
B,Xã B,Commune B,commune,D,,2025-06-30
AB,Xã AB,Commune AB,commune,P,2025-07-01,
";
const CROSSWALK: &str = "from,to,share,date\nA,AB,1,2025-07-01\nB,AB,1,2025-07-01\n";

fn write_project(dir: &Path, files: &[(&str, &str, String)]) -> std::path::PathBuf {
    std::fs::write(dir.join("areas.csv"), AREAS).unwrap();
    std::fs::write(dir.join("crosswalk.csv"), CROSSWALK).unwrap();
    let mut toml = String::from(
        "schema-version = 1\nname = { vi = \"Thử\", en = \"Test\" }\nareas = \"areas.csv\"\ncrosswalk = \"crosswalk.csv\"\n",
    );
    for (dataset, file, content) in files {
        std::fs::write(dir.join(file), content).unwrap();
        toml.push_str(&format!("[[sources]]\ndataset = \"{dataset}\"\npath = \"{file}\"\n"));
    }
    let p = dir.join("gds.toml");
    std::fs::write(&p, toml).unwrap();
    p
}

fn births(rows: &[(&str, &str, u32, usize)]) -> String {
    // (area, sex, mother_age, count)
    let mut s = String::from(
        "birth_id,period,area,sex,mother_age,birth_order,urban_rural,mother_ethnicity,skilled_attendant\n",
    );
    let mut i = 0;
    for (area, sex, age, n) in rows {
        for _ in 0..*n {
            i += 1;
            s.push_str(&format!("b{i},2024,{area},{sex},{age},1,R,kinh,true\n"));
        }
    }
    s
}

fn run(project: &Path, req: Request) -> ResultTable {
    let cat = Catalogue::embedded().unwrap();
    let p = Project::load(project, &cat).unwrap();
    let plan = plan(&cat, &p, &req).unwrap();
    execute(&plan, &p, &cat, Strategy::Fused, &mut |_| {}).unwrap().0
}

fn find<'a>(t: &'a ResultTable, ind: &str, area: &str, sex: &str) -> &'a ResultRow {
    t.rows
        .iter()
        .find(|r| {
            r.indicator == ind
                && r.area == area
                && t.key(r, "sex").unwrap_or("_T") == sex
                && r.keys.iter().enumerate().all(|(i, k)| t.dimensions[i] == "sex" || k == "_T")
        })
        .unwrap_or_else(|| panic!("no row {ind} {area} {sex}"))
}

/// Hand-computed fixtures are tiny: small-number rules are tested separately.
fn req(ids: &[&str]) -> Request {
    Request { indicators: ids.iter().map(|s| s.to_string()).collect(), suppress: false, ..Request::default() }
}

#[test]
fn sex_ratio_at_birth_is_a_ratio_of_sums() {
    let dir = tempfile::tempdir().unwrap();
    // A: 7 boys, 5 girls → 140.0; B: 3 boys, 3 girls → 100.0; district 10/8 → 125.0
    // (not the mean of 140 and 100 = 120).
    let p = write_project(
        dir.path(),
        &[(
            "births",
            "births.csv",
            births(&[("A", "M", 30, 7), ("A", "F", 30, 5), ("B", "M", 25, 3), ("B", "F", 25, 3)]),
        )],
    );
    let t = run(&p, req(&["srb"]));
    assert!((find(&t, "srb", "A", "_T").value.unwrap() - 140.0).abs() < 1e-9);
    assert!((find(&t, "srb", "B", "_T").value.unwrap() - 100.0).abs() < 1e-9);
    let d = find(&t, "srb", "D", "_T");
    assert!((d.value.unwrap() - 125.0).abs() < 1e-9);
    assert_eq!(d.n, 18);
    // With the definition's rule (suppress below 100 births, flag below 1,000): 18 births are
    // withheld, the n is kept, and so is the reason.
    let t = run(&p, Request { suppress: true, ..req(&["srb"]) });
    let a = find(&t, "srb", "A", "_T");
    assert_eq!(a.status, ObsStatus::Suppressed);
    assert_eq!((a.value, a.lower, a.numerator), (None, None, None));
    assert_eq!(a.n, 12);
    assert!(a.reason.as_deref().unwrap().contains("n = 12 < 100"), "{a:?}");
}

#[test]
fn shares_rates_means_and_derived_measures_match_hand_computation() {
    let dir = tempfile::tempdir().unwrap();
    // Council deputies: A 2 women of 5, B 1 woman of 5 → 20 % and 40 %... district 3/10 = 30 %.
    let mut council = String::from("deputy_id,term,period,area,level,sex,age,ethnicity,education\n");
    for (i, (area, sex)) in [
        ("A", "F"),
        ("A", "F"),
        ("A", "M"),
        ("A", "M"),
        ("A", "M"),
        ("B", "F"),
        ("B", "M"),
        ("B", "M"),
        ("B", "M"),
        ("B", "M"),
    ]
    .iter()
    .enumerate()
    {
        council.push_str(&format!("d{i},2021-2026,2024,{area},commune,{sex},40,kinh,tertiary\n"));
    }
    // Labour force with weights. Women: employed w=2, unemployed w=1, outside w=1 → LFPR_F = 3/4 = 75 %.
    // Men: employed w=3, outside w=1 → LFPR_M = 3/4 = 75 %... make men 4/5: employed 3+1, outside 1 → 80 %.
    // Income (wage workers): women 6000 (w=2); men 9000 (w=3), 7000 (w=1) → mean_M = (27000+7000)/4 = 8500.
    // Pay gap = (8500 − 6000)/8500 × 100 = 29.4118 %.
    let lf = "person_id,period,area,sex,age,urban_rural,ethnicity,labour_status,employment_type,sector,isco_major,isco_submajor,monthly_income,hours_worked,unpaid_care_hours,informal,part_time,weight
p1,2024,A,F,30,R,kinh,employed,wage-worker,services,5,52,6000,40,20,false,false,2
p2,2024,A,F,25,R,kinh,unemployed,,,,,,0,10,false,false,1
p3,2024,B,F,70,R,kinh,outside-labour-force,,,,,,0,30,false,false,1
p4,2024,A,M,40,R,kinh,employed,wage-worker,industry,7,71,9000,48,5,false,false,3
p5,2024,B,M,35,U,kinh,employed,wage-worker,services,1,12,7000,40,10,false,false,1
p6,2024,B,M,80,R,kinh,outside-labour-force,,,,,,0,8,false,false,1
";
    let p = write_project(
        dir.path(),
        &[("council-deputies", "council.csv", council), ("labour-force", "lf.csv", lf.to_string())],
    );
    let t = run(
        &p,
        req(&["women-council-deputies", "lfpr", "lfpr-gap", "mean-monthly-income", "gender-pay-gap"]),
    );
    let close = |a: f64, b: f64| (a - b).abs() < 1e-6;
    assert!(close(find(&t, "women-council-deputies", "A", "_T").value.unwrap(), 40.0));
    assert!(close(find(&t, "women-council-deputies", "B", "_T").value.unwrap(), 20.0));
    assert!(close(find(&t, "women-council-deputies", "D", "_T").value.unwrap(), 30.0));
    let f = find(&t, "lfpr", "D", "F");
    assert!(close(f.value.unwrap(), 75.0), "{f:?}");
    assert_eq!(f.n, 3, "unweighted n");
    assert!(close(find(&t, "lfpr", "D", "M").value.unwrap(), 80.0));
    // Both sexes: (3 + 4) / (4 + 5) = 77.78 %.
    assert!(close(find(&t, "lfpr", "D", "_T").value.unwrap(), 700.0 / 9.0));
    assert!(close(find(&t, "lfpr-gap", "D", "_T").value.unwrap(), -5.0));
    assert!(close(find(&t, "mean-monthly-income", "D", "M").value.unwrap(), 8500.0));
    assert!(close(find(&t, "mean-monthly-income", "D", "F").value.unwrap(), 6000.0));
    assert!(close(find(&t, "gender-pay-gap", "D", "_T").value.unwrap(), 2500.0 / 8500.0 * 100.0));
}

#[test]
fn targets_small_numbers_and_crosswalk() {
    let dir = tempfile::tempdir().unwrap();
    // Bodies: A has 2 bodies, 1 with a woman key leader; B 2 bodies, 2 → district 3/4 = 75 % ≥ 60 % (2025 target).
    let bodies = "body_id,period,area,level,body_kind,female_key_leader
a1,2024,A,commune,peoples-council,true
a2,2024,A,commune,peoples-committee,false
b1,2024,B,commune,peoples-council,true
b2,2024,B,commune,peoples-committee,true
";
    let p = write_project(dir.path(), &[("gov-bodies", "bodies.csv", bodies.to_string())]);
    let t = run(&p, req(&["gov-bodies-female-key-leader"]));
    let d = find(&t, "gov-bodies-female-key-leader", "D", "_T");
    assert!((d.value.unwrap_or(f64::NAN) - 75.0).abs() < 1e-9 || d.status == ObsStatus::Suppressed, "{d:?}");
    assert_eq!(d.target, Some(60.0));
    assert_eq!(d.target_year, Some(2025));
    if d.value.is_some() {
        assert_eq!(d.target_status, TargetStatus::Met);
    } else {
        assert_eq!(d.target_status, TargetStatus::NoData);
    }
    // On the units of 1 July 2025, A and B are one commune AB.
    let cat = Catalogue::embedded().unwrap();
    let proj = Project::load(&p, &cat).unwrap();
    let pl = plan(
        &cat,
        &proj,
        &Request { as_of: Some("2025-07-01".into()), ..req(&["gov-bodies-female-key-leader"]) },
    )
    .unwrap();
    let t2 = execute(&pl, &proj, &cat, Strategy::Fused, &mut |_| {}).unwrap().0;
    let ab = find(&t2, "gov-bodies-female-key-leader", "AB", "_T");
    assert_eq!(ab.n, 4);
    assert!(t2.rows.iter().all(|r| r.area != "A" && r.area != "B"));
}

#[test]
fn fused_and_naive_plans_agree_and_order_does_not_matter() {
    let dir = tempfile::tempdir().unwrap();
    let rows =
        [("A", "M", 17, 40), ("A", "F", 17, 30), ("B", "M", 30, 55), ("B", "F", 31, 52), ("A", "M", 22, 12)];
    let p = write_project(dir.path(), &[("births", "births.csv", births(&rows))]);
    let cat = Catalogue::embedded().unwrap();
    let proj = Project::load(&p, &cat).unwrap();
    let pl = plan(
        &cat,
        &proj,
        &Request { breakdowns: vec!["sex".into(), "urban_rural".into()], ..Request::default() },
    )
    .unwrap();
    let fused = execute(&pl, &proj, &cat, Strategy::Fused, &mut |_| {}).unwrap().0;
    let naive = execute(&pl, &proj, &cat, Strategy::Naive, &mut |_| {}).unwrap().0;
    assert_eq!(fused, naive);
    // Reverse the file's rows: identical results.
    let text = births(&rows);
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    let reversed = format!("{header}\n{}\n", lines.join("\n"));
    let dir2 = tempfile::tempdir().unwrap();
    let p2 = write_project(dir2.path(), &[("births", "births.csv", reversed)]);
    let proj2 = Project::load(&p2, &cat).unwrap();
    let pl2 = plan(
        &cat,
        &proj2,
        &Request { breakdowns: vec!["sex".into(), "urban_rural".into()], ..Request::default() },
    )
    .unwrap();
    let again = execute(&pl2, &proj2, &cat, Strategy::Fused, &mut |_| {}).unwrap().0;
    assert_eq!(fused, again);
    insta::assert_snapshot!(pl.explain());
}

#[test]
fn total_fertility_rate_and_crude_birth_rate_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    // 10 women in each of the groups 15–19 … 45–49 (ages 17, 22, …, 47) plus 30 men; births
    // by mother's group 1, 3, 3, 2, 1, 0, 0. ASFR = births / 10; TFR = 5 × Σ ASFR = 5 × 1.0 = 5.0.
    // CBR = 10 births / 100 persons × 1,000 = 100 ‰.
    let mut persons = String::from(
        "person_id,period,area,sex,age,urban_rural,ethnicity,education,literate,marital_status,age_first_marriage,has_account,uses_internet,owns_mobile,disability\n",
    );
    let mut i = 0;
    for age in [17, 22, 27, 32, 37, 42, 47] {
        for _ in 0..10 {
            i += 1;
            persons.push_str(&format!(
                "p{i},2024,A,F,{age},R,kinh,primary,true,married,20,true,true,true,false\n"
            ));
        }
    }
    for _ in 0..30 {
        i += 1;
        persons.push_str(&format!("p{i},2024,B,M,40,R,kinh,primary,true,married,25,true,true,true,false\n"));
    }
    let births_rows: Vec<(&str, &str, u32, usize)> =
        vec![("A", "F", 18, 1), ("A", "M", 23, 3), ("A", "F", 28, 3), ("A", "M", 33, 2), ("A", "F", 38, 1)];
    let p = write_project(
        dir.path(),
        &[("persons", "persons.csv", persons), ("births", "births.csv", births(&births_rows))],
    );
    let t = run(&p, req(&["tfr", "crude-birth-rate"]));
    assert!((find(&t, "tfr", "D", "_T").value.unwrap() - 5.0).abs() < 1e-9);
    let cbr = find(&t, "crude-birth-rate", "D", "_T");
    assert!((cbr.value.unwrap() - 100.0).abs() < 1e-9);
    // Exact Poisson interval for 10 events, 95 %: [4.795, 18.390] per 100 persons → ‰.
    assert!(
        (cbr.lower.unwrap() - 47.954).abs() < 0.01 && (cbr.upper.unwrap() - 183.904).abs() < 0.01,
        "{cbr:?}"
    );
}
