//! `gds validate`, `gds compute`, `gds explain`.

use super::load_catalogue;
use crate::UserError;
use crate::args::{ComputeArgs, ReportFormat, RequestArgs, ValidateArgs};
use gds_compute::exec::{Strategy, execute};
use gds_compute::plan::{Plan, Request, plan};
use gds_compute::project::Project;
use gds_compute::writers::{OutFormat, WriteContext, write};
use gds_compute::{ComputeError, validate};
use gds_core::{Lang, ResultTable};
use gds_indicators::Catalogue;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// Turn a compute error into a user error (exit 1) with its full message.
pub fn user(e: ComputeError) -> anyhow::Error {
    UserError(e.text_in(super::lang())).into()
}

/// Progress on stderr: a spinner on a terminal, plain periodic lines elsewhere.
pub fn spinner() -> super::progress::Progress {
    super::progress::Progress::new()
}

pub fn load_project(path: &Path, cat: &Catalogue) -> anyhow::Result<Project> {
    Project::load(path, cat).map_err(user)
}

pub fn request(a: &RequestArgs) -> Request {
    Request {
        indicators: a.indicators.clone(),
        themes: a.themes.clone(),
        periods: a.period.clone(),
        level: a.level.clone(),
        breakdowns: a.by.clone(),
        as_of: a.as_of.clone(),
        confidence: a.confidence,
        suppress: !a.no_suppress,
    }
}

fn check_request(a: &RequestArgs) -> anyhow::Result<()> {
    if !["commune", "district", "province", "national", "total"].contains(&a.level.as_str()) {
        return Err(UserError(format!(
            "error: unknown level {:?} — hint: use commune, district, province or total",
            a.level
        ))
        .into());
    }
    if let Some(d) = &a.as_of
        && !gds_compute::project::is_iso_date(d)
    {
        return Err(UserError(format!(
            "error: --as-of {d:?} is not a date — hint: write it as YYYY-MM-DD, e.g. 2025-07-01"
        ))
        .into());
    }
    if !(0.5..1.0).contains(&a.confidence) {
        return Err(UserError(format!(
            "error: confidence {} must be between 0.5 and 1 — hint: 0.95 is usual",
            a.confidence
        ))
        .into());
    }
    Ok(())
}

/// A requested level that no area of the project has is an error, never "communes instead".
pub fn check_level(project: &Project, level: &str) -> anyhow::Result<()> {
    if level == "total" || project.areas.is_empty() || project.areas.iter().any(|x| x.level == level) {
        return Ok(());
    }
    let levels: std::collections::BTreeSet<&str> = project.areas.iter().map(|x| x.level.as_str()).collect();
    Err(UserError(format!(
        "error: no area of the project is at level {level:?} — hint: the area list has {}, or use total",
        levels.into_iter().collect::<Vec<_>>().join(", ")
    ))
    .into())
}

/// Refuse an output that would overwrite an input of the project (or, for a package
/// folder, one that holds an input: the folder is replaced as a whole).
pub fn refuse_inputs_as_output(project: &Project, out: &Path, folder: bool) -> anyhow::Result<()> {
    let real = |p: &Path| -> Option<std::path::PathBuf> {
        if let Ok(r) = std::fs::canonicalize(p) {
            return Some(r);
        }
        let parent = p.parent().filter(|x| !x.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::canonicalize(parent).ok().map(|d| d.join(p.file_name().unwrap_or_default()))
    };
    let Some(target) = real(out) else { return Ok(()) };
    for input in &project.inputs {
        let clash = if folder { input.starts_with(&target) } else { *input == target };
        if clash {
            return Err(UserError(format!(
                "error: {}: the output would {} the input {} — hint: write the results to another path",
                out.display(),
                if folder { "replace the folder that holds" } else { "overwrite" },
                input.display()
            ))
            .into());
        }
    }
    Ok(())
}

pub fn make_plan(cat: &Catalogue, project: &Project, a: &RequestArgs) -> anyhow::Result<Plan> {
    check_request(a)?;
    check_level(project, &a.level)?;
    plan(cat, project, &request(a)).map_err(user)
}

/// The language the environment asks for: `GDS_LANG`, else `LANG` (`vi_VN.UTF-8` is
/// Vietnamese); English otherwise.
pub fn env_lang() -> gds_core::Lang {
    let asks_vi = |v: &str| v.trim().to_ascii_lowercase().starts_with("vi");
    match std::env::var("GDS_LANG") {
        Ok(v) if !v.trim().is_empty() => {
            if asks_vi(&v) {
                gds_core::Lang::Vi
            } else {
                gds_core::Lang::En
            }
        }
        _ => {
            if std::env::var("LANG").is_ok_and(|v| asks_vi(&v)) {
                gds_core::Lang::Vi
            } else {
                gds_core::Lang::En
            }
        }
    }
}

pub fn validate_cmd(catalogue: Option<&Path>, a: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let cat = load_catalogue(catalogue)?;
    let project = load_project(&a.project, &cat)?;
    let pb = spinner();
    let report = validate::validate(&project, &cat, &mut |m| pb.set_message(m.to_string()));
    pb.finish_and_clear();
    let lang = a.lang.map(gds_core::Lang::from).unwrap_or_else(env_lang);
    let mut out = std::io::stdout().lock();
    match a.format {
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        ReportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "severity", "class", "dataset", "file", "rows", "count", "column", "value", "message", "hint",
            ])?;
            for f in &report.findings {
                w.write_record([
                    format!("{:?}", f.severity).to_lowercase(),
                    f.class.clone(),
                    f.dataset.clone(),
                    f.file.clone(),
                    f.rows.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(" "),
                    f.count.to_string(),
                    f.column.clone().unwrap_or_default(),
                    f.value.clone().unwrap_or_default(),
                    f.message.clone(),
                    f.hint.clone().unwrap_or_default(),
                ])?;
            }
            w.flush()?;
        }
        ReportFormat::Text => {
            // What gds understood of tables read through a layout: the rows it left out.
            let mut files: Vec<&str> = report.skipped.iter().map(|(f, _)| f.as_str()).collect();
            files.dedup();
            for file in files {
                let of = |derived: bool| -> Vec<String> {
                    report
                        .skipped
                        .iter()
                        .filter(|(f, s)| f == file && (s.why == "derived") == derived)
                        .map(|(_, s)| {
                            if s.text.is_empty() {
                                format!("{} ({})", s.line, s.why)
                            } else if derived {
                                format!("{}: {}", s.line, s.text)
                            } else {
                                format!("{} ({}: {:?})", s.line, s.why, s.text)
                            }
                        })
                        .collect()
                };
                let (left_out, derived) = (of(false), of(true));
                let vi = lang == gds_core::Lang::Vi;
                if !left_out.is_empty() {
                    let label = if vi { "không phải số liệu, bỏ qua" } else { "not data, left out" };
                    writeln!(out, "{file}: {label}: {}", left_out.join(", "))?;
                }
                if !derived.is_empty() {
                    writeln!(
                        out,
                        "{file}: {}: {}",
                        if vi { "suy ra" } else { "derived" },
                        derived.join(", ")
                    )?;
                }
            }
            for f in &report.findings {
                writeln!(out, "{}", f.line_in(lang))?;
            }
            let rows: u64 = report.sources.iter().map(|s| s.2).sum();
            let errors = report.findings.iter().filter(|f| f.severity == validate::Severity::Error).count();
            let warnings = report.findings.len() - errors;
            match lang {
                gds_core::Lang::En => writeln!(
                    out,
                    "{}: {} files, {rows} rows checked; {errors} error(s), {warnings} warning(s)",
                    a.project.display(),
                    report.sources.len()
                )?,
                gds_core::Lang::Vi => writeln!(
                    out,
                    "{}: đã kiểm tra {} tệp, {rows} dòng; {errors} lỗi, {warnings} cảnh báo",
                    a.project.display(),
                    report.sources.len()
                )?,
            }
        }
    }
    Ok(if report.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn explain_cmd(catalogue: Option<&Path>, a: &RequestArgs) -> anyhow::Result<ExitCode> {
    let cat = load_catalogue(catalogue)?;
    let project = load_project(&a.project, &cat)?;
    print!("{}", make_plan(&cat, &project, a)?.explain());
    Ok(ExitCode::SUCCESS)
}

/// Area name in `lang` of a result row's code and period (a reused code is named as the unit
/// it was then, or on `as_of` for results mapped to that date's units), falling back to the
/// code.
pub fn area_namer(
    project: &Project,
    lang: Lang,
    as_of: Option<String>,
) -> impl Fn(&str, &str) -> String + '_ {
    move |code: &str, period: &str| {
        if code == gds_core::TOTAL_CODE {
            return project.name.get(lang).to_string();
        }
        project.areas.unit_of_row(code, period, as_of.as_deref()).map_or(code.to_string(), |a| {
            if lang == Lang::Vi { a.name_vi.clone() } else { a.name_en.clone() }
        })
    }
}

/// Source note for outputs.
pub fn source_note(project: &Project, lang: Lang) -> String {
    let mut s =
        project.source_note.as_ref().map_or(project.name.get(lang).to_string(), |t| t.get(lang).to_string());
    if project.synthetic {
        s.push_str(if lang == Lang::Vi {
            " — DỮ LIỆU TỔNG HỢP (không phải số liệu thật)"
        } else {
            " — SYNTHETIC DATA (not real figures)"
        });
    }
    s
}

pub fn run_compute(
    cat: &Catalogue,
    project: &Project,
    plan: &Plan,
    naive: bool,
    timings: bool,
) -> anyhow::Result<ResultTable> {
    let pb = spinner();
    let t = Instant::now();
    let (table, tm) =
        execute(plan, project, cat, if naive { Strategy::Naive } else { Strategy::Fused }, &mut |m| {
            pb.set_message(m.to_string())
        })
        .map_err(user)?;
    pb.finish_and_clear();
    if timings {
        for (stage, d) in &tm.stages {
            eprintln!("{:>10.3} s  {stage}", d.as_secs_f64());
        }
        eprintln!("{:>10.3} s  total ({} result rows)", t.elapsed().as_secs_f64(), table.rows.len());
    }
    Ok(table)
}

/// Compute `plan` on `engine` (gds's own when None) from data the gate has already passed.
pub fn run_on(
    cat: &Catalogue,
    project: &Project,
    plan: &Plan,
    engine: Option<&gds_compute::engine::sql::SqlEngine>,
) -> anyhow::Result<ResultTable> {
    let pb = spinner();
    let scanned =
        gds_compute::exec::scan_all(plan, project, cat, &mut |m| pb.set_message(m.to_string()), None, engine);
    pb.finish_and_clear();
    let (sums, tm) = scanned.map_err(user)?;
    let (table, _) = gds_compute::exec::results(plan, project, cat, &sums, tm).map_err(user)?;
    Ok(table)
}

/// Compute `plan` behind the gate, with the gate's screening pass fused into the reads that
/// build the cubes: each file is read once, not twice. Nothing is published before the gate
/// has passed (or `force`). If the engine fails, the gate runs on its own first, so that bad
/// data are reported as the checks' findings rather than as an engine error.
pub fn compute_gated(
    cat: &Catalogue,
    project: &Project,
    plan: &Plan,
    force: bool,
    command: &str,
    timings: bool,
    engine: Option<&gds_compute::engine::sql::SqlEngine>,
) -> anyhow::Result<(ResultTable, super::gate::Gate)> {
    let pb = spinner();
    let t = Instant::now();
    let mut screens = gds_compute::exec::Screens::new();
    let scanned = gds_compute::exec::scan_all(
        plan,
        project,
        cat,
        &mut |m| pb.set_message(m.to_string()),
        Some(&mut screens),
        engine,
    );
    pb.finish_and_clear();
    let (sums, tm) = match scanned {
        Ok(x) => x,
        Err(e) => {
            super::gate::check(project, cat, force, command)?;
            return Err(user(e));
        }
    };
    let gate = super::gate::check_screened(project, cat, force, command, &screens)?;
    let (table, tm) = gds_compute::exec::results(plan, project, cat, &sums, tm).map_err(user)?;
    if timings {
        for (stage, d) in &tm.stages {
            eprintln!("{:>10.3} s  {stage}", d.as_secs_f64());
        }
        eprintln!(
            "{:>10.3} s  total, gate included ({} result rows)",
            t.elapsed().as_secs_f64(),
            table.rows.len()
        );
    }
    Ok((table, gate))
}

pub fn compute_cmd(catalogue: Option<&Path>, a: &ComputeArgs) -> anyhow::Result<ExitCode> {
    let cat = load_catalogue(catalogue)?;
    let project = match &a.from_cubes {
        Some(_) => Project::load_without_data(&a.request.project, &cat).map_err(user)?,
        None => load_project(&a.request.project, &cat)?,
    };
    let plan = make_plan(&cat, &project, &a.request)?;
    if a.explain {
        eprint!("{}", plan.explain());
    }
    let format = match (&a.format, &a.out) {
        (Some(f), _) => Some(OutFormat::parse(f).ok_or_else(|| UserError(format!("error: unknown format {f:?} — hint: csv, parquet, ipc, json, xlsx or sdmx")))?),
        (None, Some(p)) => Some(OutFormat::from_path(p).ok_or_else(|| {
            UserError(format!("error: cannot tell the format of {} — hint: use .csv, .parquet, .arrow, .json, .xlsx or .sdmx.csv, or --format", p.display()))
        })?),
        (None, None) => None,
    };
    if let Some(out) = &a.out {
        refuse_inputs_as_output(&project, out, false)?;
    }
    let mut provenance = super::sql::provenance(None);
    let table = match &a.from_cubes {
        Some(dir) => {
            provenance.push(("gds.cubes".into(), dir.display().to_string()));
            super::cube::compute_from(&cat, &project, &plan, dir, a.force, a.timings)?
        }
        None if a.naive => {
            let gate = super::gate::check(&project, &cat, a.force, "compute")?;
            let mut table = run_compute(&cat, &project, &plan, a.naive, a.timings)?;
            super::gate::mark_unverified(&mut table, &cat, &gate);
            super::gate::mark_derived(&mut table, &cat, &project, &gate.report, a.request.as_of.as_deref());
            table
        }
        None => {
            let engine = super::sql::start(&a.engine)?;
            let computed =
                compute_gated(&cat, &project, &plan, a.force, "compute", a.timings, engine.as_ref());
            super::sql::report(engine.as_ref(), a.explain);
            provenance = super::sql::provenance(engine.as_ref());
            let (mut table, gate) = computed?;
            super::gate::mark_unverified(&mut table, &cat, &gate);
            super::gate::mark_derived(&mut table, &cat, &project, &gate.report, a.request.as_of.as_deref());
            table
        }
    };
    let lang: Lang = a.lang.into();
    match (&a.out, format) {
        (Some(out), Some(format)) => {
            let namer = area_namer(&project, lang, a.request.as_of.clone());
            let ctx = WriteContext {
                catalogue: &cat,
                lang,
                area_name: &namer,
                source_note: source_note(&project, lang),
                agency: "GDS".into(),
                provenance,
            };
            write(&table, out, format, &ctx).map_err(user)?;
            let computed = table
                .rows
                .iter()
                .map(|r| r.indicator.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            super::say(format!(
                "wrote {} ({} rows, {computed} indicators; {} skipped)",
                out.display(),
                table.rows.len(),
                plan.skipped.len()
            ));
        }
        _ => print_summary(&cat, &project, &table, lang, a.request.as_of.clone())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(
    cat: &Catalogue,
    project: &Project,
    t: &ResultTable,
    lang: Lang,
    as_of: Option<String>,
) -> anyhow::Result<()> {
    let namer = area_namer(project, lang, as_of);
    let mut tab = comfy_table::Table::new();
    tab.load_preset(comfy_table::presets::UTF8_HORIZONTAL_ONLY);
    let mut head = vec!["indicator".to_string(), "area".into(), "period".into()];
    head.extend(t.dimensions.iter().cloned());
    head.extend(["value".into(), "interval".into(), "n".into(), "status".into()]);
    tab.set_header(head);
    for r in &t.rows {
        let d = gds_compute::xlsx::decimals(&r.unit);
        let mut row = vec![
            cat.indicator(&r.indicator).map_or(r.indicator.clone(), |i| i.name.get(lang).to_string()),
            namer(&r.area, &r.period),
            r.period.clone(),
        ];
        row.extend(r.keys.iter().cloned());
        row.push(r.value.map_or("–".into(), |v| gds_core::format_number(v, d, lang)));
        row.push(match (r.lower, r.upper) {
            (Some(l), Some(u)) => {
                format!("{} – {}", gds_core::format_number(l, d, lang), gds_core::format_number(u, d, lang))
            }
            _ => String::new(),
        });
        row.push(r.n.to_string());
        row.push(r.status.code().into());
        tab.add_row(row);
    }
    println!("{tab}");
    Ok(())
}
