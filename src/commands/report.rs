//! `gds report`: from the mapped data to the report package a labour office can send.

use super::chart::{Setting, render_standard, write_file};
use super::compute::{area_namer, load_project, source_note, user};
use super::load_catalogue;
use crate::UserError;
use crate::args::ReportArgs;
use gds_charts::RenderOptions;
use gds_compute::plan::{Request, plan};
use gds_compute::project::Project;
use gds_compute::validate::Severity;
use gds_compute::writers::{OutFormat, WriteContext, write};
use gds_core::{Lang, ResultTable, TOTAL_CODE};
use gds_indicators::Catalogue;
use gds_report::{ChartAsset, Coverage, QualityNote, ReportInput};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::ExitCode;

/// The area the report is about: descend from the top while a unit has a single child with
/// results (a one-district province reports on the district). With a period, only its rows
/// count, and only the units that exist in its year (the communes made in 2025 are no second
/// child of the province in 2024).
pub fn headline_area(project: &Project, table: &ResultTable, period: Option<&str>) -> String {
    let present: BTreeSet<&str> =
        table.rows.iter().filter(|r| period.is_none_or(|p| r.period == p)).map(|r| r.area.as_str()).collect();
    let year = period.and_then(gds_core::Period::parse).map(|p| p.year);
    let exists = |a: &gds_core::Area| year.is_none_or(|y| a.valid_in_year(y));
    let rank = |lvl: &str| match lvl {
        "national" => 0,
        "province" => 1,
        "district" => 2,
        "commune" => 3,
        _ => 4,
    };
    let mut tops: Vec<&gds_core::Area> =
        project.areas.iter().filter(|a| present.contains(a.code.as_str())).collect();
    tops.sort_by_key(|a| (rank(&a.level), a.code.clone()));
    let Some(mut current) = tops.first().copied() else {
        return present.iter().next().map_or(TOTAL_CODE.to_string(), |s| s.to_string());
    };
    loop {
        let children: Vec<&gds_core::Area> = project
            .areas
            .iter()
            .filter(|a| {
                a.parent.as_deref() == Some(current.code.as_str())
                    && present.contains(a.code.as_str())
                    && exists(a)
            })
            .collect();
        match children.as_slice() {
            [only] if rank(&only.level) < 3 => current = only,
            _ => return current.code.clone(),
        }
    }
}

fn coverage(
    cat: &Catalogue,
    table: &ResultTable,
    skipped: &[(String, String)],
    level: &str,
    lang: Lang,
) -> Vec<(String, Coverage)> {
    let l = |vi: &str, en: &str| if lang == Lang::Vi { vi.to_string() } else { en.to_string() };
    let level_name = |id: &str| {
        cat.levels.iter().find(|x| x.id == id).map_or(id.to_string(), |x| x.name.get(lang).to_string())
    };
    let with_value: BTreeSet<&str> =
        table.rows.iter().filter(|r| r.value.is_some()).map(|r| r.indicator.as_str()).collect();
    let present: BTreeSet<&str> = table.rows.iter().map(|r| r.indicator.as_str()).collect();
    let skipped: BTreeMap<&str, &str> = skipped.iter().map(|(i, r)| (i.as_str(), r.as_str())).collect();
    cat.indicators
        .values()
        .map(|i| {
            let c = if i.measure.is_none() {
                Coverage::NotComputable(
                    i.not_computable.as_ref().map_or(String::new(), |t| t.get(lang).to_string()),
                )
            } else if with_value.contains(i.id.as_str()) {
                if !i.levels.is_empty() && !i.levels.iter().any(|l| l.level == level) {
                    let levels = i.levels.iter().map(|x| level_name(&x.level)).collect::<Vec<_>>().join(", ");
                    Coverage::NotAtThisLevel(match lang {
                        Lang::Vi => format!("được quy định cho cấp: {levels}"),
                        Lang::En => format!("defined for {levels}"),
                    })
                } else {
                    Coverage::Computed
                }
            } else if present.contains(i.id.as_str()) {
                Coverage::NoData(l("mọi ô đều bị ẩn hoặc trống", "every cell is suppressed or empty"))
            } else {
                Coverage::NoData(skipped.get(i.id.as_str()).map_or(
                    l("dự án không có nguồn số liệu cho chỉ tiêu này", "no source in the project"),
                    |r| {
                        if lang == Lang::Vi { format!("chưa tính được: {r}") } else { r.to_string() }
                    },
                ))
            };
            (i.id.clone(), c)
        })
        .collect()
}

pub fn run(catalogue: Option<&Path>, a: &ReportArgs) -> anyhow::Result<ExitCode> {
    let cat = load_catalogue(catalogue)?;
    let project = load_project(&a.project, &cat)?;
    let lang: Lang = a.lang.into();
    if !["commune", "district", "province", "national", "total"].contains(&a.level.as_str()) {
        return Err(UserError(format!(
            "error: unknown level {:?} — hint: use commune, district, province or total",
            a.level
        ))
        .into());
    }
    super::compute::check_level(&project, &a.level)?;
    let names = PackageNames::new(lang);
    refuse_same_language(&a.out, &names, a.overwrite)?;
    // 1. Data quality first: the gate stops on any error unless --force. Its per-value checks
    //    are counted in the reads that build the main plan's cubes (each file read once);
    //    nothing is computed from them, or written, before it has passed.
    //    Without --period, every period in the data is computed and the latest complete one
    //    reported (below).
    let mut base = Request {
        periods: a.period.map_or(Vec::new(), |p| vec![p.previous_year().code(), p.code()]),
        level: a.level.clone(),
        ..Request::default()
    };
    let pl =
        plan(&cat, &project, &Request { breakdowns: vec!["sex".into()], ..base.clone() }).map_err(user)?;
    let engine = super::sql::start(&a.engine)?;
    let (mut table, gate) =
        super::compute::compute_gated(&cat, &project, &pl, a.force, "report", false, engine.as_ref())?;
    let period = match a.period {
        Some(p) => p,
        None => {
            let p = latest_complete(&table, project.calendar, today())?;
            super::say(format!(
                "period: {} ({}: the latest complete period in the data; --period chooses another)",
                p,
                p.words(lang)
            ));
            let keep = [p.previous_year().to_string(), p.to_string()];
            table.rows.retain(|r| keep.contains(&r.period));
            base.periods = vec![p.previous_year().code(), p.code()];
            // Rosters of a term serve the periods asked for; with none asked they stood at
            // the year their term began: compute them again for these two (the gate has
            // passed; they are small files).
            let terms: Vec<String> = pl
                .indicators
                .iter()
                .filter(|i| cat.indicator(&i.id).is_some_and(|d| d.periodicity == "term"))
                .map(|i| i.id.clone())
                .collect();
            if !terms.is_empty() {
                let req = Request { indicators: terms, breakdowns: vec!["sex".into()], ..base.clone() };
                table = recompute(&cat, &project, engine.as_ref(), &req, table)?;
            }
            p
        }
    };
    let report = &gate.report;
    let mut quality: Vec<QualityNote> = report
        .findings
        .iter()
        .map(|f| QualityNote {
            severity: if f.severity == Severity::Error { "error".into() } else { "warning".into() },
            // The annex states the severity in the report's language.
            text: f.text_in(lang),
        })
        .collect();
    // Cells derived from the others (male = total − female), per file and code.
    let mut derived: BTreeMap<(&str, &str, &str), Vec<usize>> = BTreeMap::new();
    for d in &report.derived {
        derived.entry((d.file.as_str(), d.column.as_str(), d.code.as_str())).or_default().push(d.line);
    }
    for ((file, column, code), lines) in derived {
        let shown: Vec<String> = lines.iter().take(10).map(usize::to_string).collect();
        let more = if lines.len() > 10 { ", …" } else { "" };
        quality.push(QualityNote {
            severity: "derived".into(),
            text: match lang {
                Lang::Vi => format!(
                    "{file}: {} ô {column} = {code} được suy ra bằng tổng số trừ các mã còn lại (dòng {}{more}); các kết quả có dùng chúng ghi rõ điều này",
                    lines.len(),
                    shown.join(", ")
                ),
                Lang::En => format!(
                    "{file}: {} cell(s) {column} = {code} derived as the total minus the other codes (rows {}{more}); the results that include them say so",
                    lines.len(),
                    shown.join(", ")
                ),
            },
        });
    }
    // 2. The period and the one before it, every computable indicator, by area and sex;
    //    by age group too for the indicators whose chart shows age groups.
    let by_age: Vec<String> = cat
        .indicators
        .values()
        .filter(|i| i.computable() && i.breakdowns.iter().any(|b| b == "age_group"))
        .filter(|i| matches!(i.chart.as_deref(), Some("pyramid" | "sex-comparison")))
        .map(|i| i.id.clone())
        .collect();
    if !by_age.is_empty() {
        let req = Request { indicators: by_age, breakdowns: vec!["sex".into(), "age_group".into()], ..base };
        table = recompute(&cat, &project, engine.as_ref(), &req, table)?;
    }
    super::sql::report(engine.as_ref(), false);
    super::gate::mark_unverified(&mut table, &cat, &gate);
    super::gate::mark_derived(&mut table, &cat, &project, &gate.report, None);
    if !table.rows.iter().any(|r| r.period == period.to_string()) {
        return Err(UserError(format!(
            "error: the project has no data for {} — hint: check --period against the years in the data",
            period
        ))
        .into());
    }
    let skipped: Vec<(String, String)> =
        pl.skipped.iter().map(|s| (s.id.clone(), s.reason.clone())).collect();
    let progress = super::progress::Progress::new();
    progress.stage(format!("tables: {}, results.csv, results.parquet", names.tables));
    // 3. Tables. The package is built beside the target and swapped in whole at the end.
    super::compute::refuse_inputs_as_output(&project, &a.out, true)?;
    let staging = gds_compute::writers::Staging::new(&a.out).map_err(user)?;
    let out = staging.path().to_path_buf();
    let namer = area_namer(&project, lang, None);
    let ctx = WriteContext {
        catalogue: &cat,
        lang,
        area_name: &namer,
        source_note: source_note(&project, lang),
        agency: "GDS".into(),
        provenance: super::sql::provenance(engine.as_ref()),
    };
    write(&table, &out.join("results.csv"), OutFormat::Csv, &ctx).map_err(user)?;
    write(&table, &out.join("results.parquet"), OutFormat::Parquet, &ctx).map_err(user)?;
    write(&table, &out.join(&names.tables), OutFormat::Xlsx, &ctx).map_err(user)?;
    // 4. Charts (PNG at print resolution for Word, SVG inline in the HTML).
    let setting = Setting { catalogue: &cat, project: Some(&project), period: Some(period.to_string()) };
    let mut not_drawn = Vec::new();
    // The Word document shows charts 16 cm wide: lay them out for that width (their text then
    // prints at its size) and draw the PNG at the dpi asked.
    let opts = RenderOptions::word(a.dpi);
    progress.stage("charts");
    let charts = render_standard(&table, &setting, &[lang], &opts, &mut not_drawn);
    for c in &charts {
        write_file(&out.join("charts").join(format!("{}.svg", c.stem())), c.svg.as_bytes())?;
        write_file(&out.join("charts").join(format!("{}.png", c.stem())), &c.png)?;
    }
    progress.stage(format!("documents: {}, {}", names.html, names.docx));
    // 5. The documents.
    let label = period.to_string();
    let has_previous = table.rows.iter().any(|r| r.period == period.previous_year().to_string());
    let title = match lang {
        Lang::Vi => format!("Báo cáo thống kê giới {}", period.words(lang)),
        Lang::En => format!("Gender statistics report, {}", period.words(lang)),
    };
    let assets: Vec<ChartAsset> = charts
        .iter()
        .enumerate()
        .map(|(i, c)| ChartAsset {
            indicator: c.indicator.clone(),
            kind: c.kind.name().to_string(),
            caption: c.title.clone(),
            // Inline SVGs share the page's CSS: the first carries the fonts for all.
            svg: if i == 0 { c.svg.clone() } else { gds_charts::without_embedded_fonts(&c.svg) },
            png: c.png.clone(),
            file_stem: c.stem(),
        })
        .collect();
    let generated = (!a.no_timestamp).then(|| super::stamp(super::vietnam_now(), lang));
    let input = ReportInput {
        catalogue: &cat,
        table: &table,
        lang,
        period: label,
        previous_period: has_previous.then(|| period.previous_year().to_string()),
        title,
        place: project.name.get(lang).to_string(),
        area_name: &namer,
        headline_area: headline_area(&project, &table, Some(&period.to_string())),
        source_note: source_note(&project, lang),
        synthetic: project.synthetic,
        charts: assets,
        quality,
        coverage: coverage(&cat, &table, &skipped, &a.level, lang),
        generated,
        letterhead: project.issuer.as_ref().map(|i| gds_report::Letterhead {
            superior: i.superior.as_ref().map(|t| t.get(lang).to_string()),
            body: i.body.get(lang).to_string(),
            symbol: i.symbol.clone(),
            place: i.place.get(lang).to_string(),
            year: period.year,
            sign_for: i.sign_for.as_ref().map(|t| t.get(lang).to_string()),
            signer_title: i.signer_title.get(lang).to_string(),
            signer: i.signer.clone(),
            recipients: i.recipients.iter().map(|t| t.get(lang).to_string()).collect(),
        }),
    };
    write_file(&out.join(&names.html), gds_report::html(&input).as_bytes())?;
    let docx = gds_report::docx(&input)
        .map_err(|e| UserError(format!("error: cannot build {}: {e}", names.docx)))?;
    write_file(&out.join(&names.docx), &docx)?;
    let kept = if a.overwrite { Vec::new() } else { keep_other_language(&a.out, &out, lang)? };
    staging.commit().map_err(user)?;
    progress.finish_and_clear();
    let kept =
        if kept.is_empty() { String::new() } else { format!("; kept beside them: {}", kept.join(", ")) };
    super::say(format!(
        "wrote {}: {}, {}, {}, results.csv, results.parquet, {} charts ({} rows; {} findings in the data-quality annex){kept}",
        a.out.display(),
        names.html,
        names.docx,
        names.tables,
        charts.len(),
        table.rows.len(),
        report.findings.len()
    ));
    Ok(ExitCode::SUCCESS)
}

/// The language's files of a report package: `report-vi.html`, `report-vi.docx`,
/// `tables-vi.xlsx` (charts carry the suffix in their own names), so that both languages can
/// share a folder.
struct PackageNames {
    html: String,
    docx: String,
    tables: String,
}

impl PackageNames {
    fn new(lang: Lang) -> PackageNames {
        let l = lang.code();
        PackageNames {
            html: format!("report-{l}.html"),
            docx: format!("report-{l}.docx"),
            tables: format!("tables-{l}.xlsx"),
        }
    }
}

fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Vietnamese",
        Lang::En => "English",
    }
}

/// Refuse, before any work, to replace a report in the same language (or one of an earlier
/// version, whose language the names do not say) without `--overwrite`.
fn refuse_same_language(out: &Path, names: &PackageNames, overwrite: bool) -> Result<(), UserError> {
    if overwrite || !out.is_dir() {
        return Ok(());
    }
    let found = [names.html.as_str(), names.docx.as_str(), "report.html", "report.docx"]
        .into_iter()
        .find(|f| out.join(f).exists());
    match found {
        Some(f) => Err(UserError(format!(
            "error: {} already holds a report ({f}); gds does not replace it silently — hint: pass --overwrite to replace the package, or choose another --out folder",
            out.display()
        ))),
        None => Ok(()),
    }
}

/// Copy into the staged package `staged` the other language's report, tables and charts of
/// the package at `out`, when both were made from the same results (the same `results.csv`
/// bytes); a package of other results is refused without `--overwrite`. Returns the files kept.
fn keep_other_language(out: &Path, staged: &Path, lang: Lang) -> Result<Vec<String>, UserError> {
    if !out.is_dir() {
        return Ok(Vec::new());
    }
    let other = match lang {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    let io = |e: std::io::Error| UserError(format!("error: cannot read {}: {e}", out.display()));
    let theirs = PackageNames::new(other);
    let mut files: Vec<String> =
        [theirs.html, theirs.docx, theirs.tables].into_iter().filter(|f| out.join(f).is_file()).collect();
    let suffix = format!("-{}.", other.code());
    if out.join("charts").is_dir() {
        for e in std::fs::read_dir(out.join("charts")).map_err(io)?.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.contains(&suffix) && e.path().is_file() {
                files.push(format!("charts/{name}"));
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Ok(files);
    }
    let old = std::fs::read(out.join("results.csv")).ok();
    let new = std::fs::read(staged.join("results.csv")).map_err(io)?;
    if old.as_deref() != Some(new.as_slice()) {
        return Err(UserError(format!(
            "error: {} holds the {} report of other results (its results.csv differs from these: another period, level, project or data) — hint: pass --overwrite to replace the package, or choose another --out folder",
            out.display(),
            language_name(other)
        )));
    }
    for f in &files {
        let to = staged.join(f);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::copy(out.join(f), &to).map_err(io)?;
    }
    Ok(files)
}

/// `table` with the indicators of `req` computed again as `req` asks (after the gate has
/// passed), in place of their rows.
fn recompute(
    cat: &Catalogue,
    project: &Project,
    engine: Option<&gds_compute::engine::sql::SqlEngine>,
    req: &Request,
    table: ResultTable,
) -> anyhow::Result<ResultTable> {
    let pl = plan(cat, project, req).map_err(user)?;
    Ok(merge(table, super::compute::run_on(cat, project, &pl, engine)?))
}

/// Put `finer` (same indicators at a finer breakdown) in place of their rows in `coarse`.
fn merge(coarse: ResultTable, finer: ResultTable) -> ResultTable {
    let replaced: BTreeSet<String> = finer.rows.iter().map(|r| r.indicator.clone()).collect();
    let mut dims = coarse.dimensions.clone();
    for d in &finer.dimensions {
        if !dims.contains(d) {
            dims.push(d.clone());
        }
    }
    let mut out = ResultTable::new(dims.clone());
    for (t, keep) in [(&coarse, false), (&finer, true)] {
        for r in t.rows.iter().filter(|r| replaced.contains(&r.indicator) == keep) {
            let mut r = r.clone();
            r.keys = dims
                .iter()
                .map(|d| {
                    t.dimensions
                        .iter()
                        .position(|x| x == d)
                        .map_or(TOTAL_CODE.to_string(), |i| r.keys[i].clone())
                })
                .collect();
            out.rows.push(r);
        }
    }
    out.sort_canonical();
    out
}

/// Today in Vietnam, `yyyymmdd`.
fn today() -> i64 {
    super::vietnam_now().format("%Y%m%d").to_string().parse().expect("a date is a number")
}

/// The latest period in `table` that has ended by `today` (`yyyymmdd`) in the project's
/// reporting calendar (a year ends on 31 December, or on 14 December under Decree 09/2019); of
/// two periods ending together, the year.
pub fn latest_complete(
    table: &ResultTable,
    calendar: gds_core::Calendar,
    today: i64,
) -> Result<gds_core::Period, UserError> {
    let periods: BTreeSet<String> = table.rows.iter().map(|r| r.period.clone()).collect();
    let parsed: Vec<gds_core::Period> = periods.iter().filter_map(|p| gds_core::Period::parse(p)).collect();
    parsed
        .iter()
        .filter(|p| calendar.window(**p).1 < today)
        .max_by_key(|p| (calendar.window(**p).1, p.kind == gds_core::Granularity::Year))
        .copied()
        .ok_or_else(|| {
            UserError(format!(
                "error: the data hold no period that has ended (periods: {}; today is {today}) — hint: give --period",
                periods.iter().cloned().collect::<Vec<_>>().join(", ")
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use gds_core::{Calendar, ResultRow};

    fn table(periods: &[&str]) -> ResultTable {
        let mut t = ResultTable::new(vec![]);
        for p in periods {
            t.rows.push(ResultRow {
                indicator: "srb".into(),
                area: "D".into(),
                level: "district".into(),
                period: p.to_string(),
                keys: vec![],
                value: Some(105.0),
                numerator: None,
                denominator: None,
                n: 100,
                lower: None,
                upper: None,
                unit: String::new(),
                method: String::new(),
                status: gds_core::ObsStatus::Ok,
                reason: None,
                target: None,
                target_op: None,
                target_year: None,
                target_status: gds_core::TargetStatus::NoTarget,
            });
        }
        t
    }

    #[test]
    fn the_latest_complete_period_is_the_latest_that_has_ended() {
        let t = table(&["2023", "2024", "2025", "2025-H1"]);
        let p = |s: &str| gds_core::Period::parse(s).unwrap();
        // 2 December 2025: the year 2025 has not ended; its first half has.
        assert_eq!(latest_complete(&t, Calendar::Calendar, 20251202).unwrap(), p("2025-H1"));
        // Under Decree 09/2019 the year's report closes on 14 December.
        assert_eq!(latest_complete(&t, Calendar::Decree09, 20251215).unwrap(), p("2025"));
        assert_eq!(latest_complete(&t, Calendar::Calendar, 20251215).unwrap(), p("2025-H1"));
        assert_eq!(latest_complete(&t, Calendar::Calendar, 20260101).unwrap(), p("2025"));
        let none = latest_complete(&table(&["2026"]), Calendar::Calendar, 20260601).unwrap_err();
        assert!(none.0.contains("--period"), "{}", none.0);
    }
}
