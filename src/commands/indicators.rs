//! `gds indicators list | show | check`.

use super::load_catalogue;
use crate::UserError;
use crate::args::{CheckArgs, CoverageArgs, IndicatorsCommand, ListArgs, ListFormat, ShowArgs};
use gds_core::{Lang, fold};
use gds_indicators::{Catalogue, Indicator, Measure, Side};
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(catalogue: Option<&Path>, cmd: IndicatorsCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        IndicatorsCommand::List(a) => list(&load_catalogue(catalogue)?, &a),
        IndicatorsCommand::Show(a) => show(&load_catalogue(catalogue)?, &a),
        IndicatorsCommand::Coverage(a) => coverage(&load_catalogue(catalogue)?, &a),
        IndicatorsCommand::Check(a) => check(catalogue, &a),
    }
}

fn matches(ind: &Indicator, a: &ListArgs) -> bool {
    if a.theme.as_deref().is_some_and(|t| ind.theme != t) {
        return false;
    }
    if a.framework.as_deref().is_some_and(|f| !ind.frameworks.iter().any(|x| x == f)) {
        return false;
    }
    if a.computable && !ind.computable() || a.metadata_only && ind.computable() {
        return false;
    }
    if let Some(q) = &a.search {
        let hay = fold(&format!(
            "{} {} {} {} {}",
            ind.id, ind.name.vi, ind.name.en, ind.concept.vi, ind.concept.en
        ));
        return fold(q).split(' ').all(|w| hay.contains(w));
    }
    true
}

fn kind(ind: &Indicator) -> &'static str {
    ind.measure.as_ref().map_or("metadata", Measure::kind_name)
}

fn codes(ind: &Indicator) -> String {
    ind.codes
        .iter()
        .map(|c| format!("{}:{}{}", c.framework, c.code, if c.verified { "" } else { "?" }))
        .collect::<Vec<_>>()
        .join(" ")
}

fn check_vocab(cat: &Catalogue, a: &ListArgs) -> anyhow::Result<()> {
    if let Some(t) = &a.theme
        && cat.theme(t).is_none()
    {
        let all: Vec<&str> = cat.themes.iter().map(|t| t.id.as_str()).collect();
        return Err(
            UserError(format!("error: unknown theme {t:?} — hint: themes are {}", all.join(", "))).into()
        );
    }
    if let Some(f) = &a.framework
        && cat.framework(f).is_none()
    {
        let all: Vec<&str> = cat.frameworks.iter().map(|t| t.id.as_str()).collect();
        return Err(UserError(format!(
            "error: unknown framework {f:?} — hint: frameworks are {}",
            all.join(", ")
        ))
        .into());
    }
    Ok(())
}

fn list(cat: &Catalogue, a: &ListArgs) -> anyhow::Result<ExitCode> {
    check_vocab(cat, a)?;
    let lang: Lang = a.lang.into();
    let selected: Vec<&Indicator> = cat.indicators.values().filter(|i| matches(i, a)).collect();
    let unit = |i: &Indicator| cat.unit(&i.unit).map_or(i.unit.clone(), |u| u.name.get(lang).to_string());
    let mut out = std::io::stdout().lock();
    match a.format {
        ListFormat::Json => {
            let v: Vec<Value> = selected
                .iter()
                .map(|i| {
                    json!({
                        "id": i.id, "name": i.name.get(lang), "theme": i.theme, "unit": i.unit,
                        "measure": kind(i), "computable": i.computable(), "frameworks": i.frameworks,
                    "unverified-frameworks": i.unverified_frameworks,
                        "codes": i.codes.iter().map(|c| json!({"framework": c.framework, "code": c.code, "verified": c.verified})).collect::<Vec<_>>(),
                        "verification": i.verification,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "id",
                "name",
                "theme",
                "unit",
                "measure",
                "computable",
                "frameworks",
                "codes",
                "verification",
            ])?;
            for i in &selected {
                w.write_record([
                    i.id.as_str(),
                    i.name.get(lang),
                    &i.theme,
                    &unit(i),
                    kind(i),
                    if i.computable() { "yes" } else { "no" },
                    &frameworks(i),
                    &codes(i),
                    &i.verification,
                ])?;
            }
            w.flush()?;
        }
        ListFormat::Table => {
            let mut t = comfy_table::Table::new();
            t.load_preset(comfy_table::presets::UTF8_HORIZONTAL_ONLY);
            let head = match lang {
                Lang::Vi => ["Mã", "Tên chỉ tiêu", "Chủ đề", "Đơn vị", "Cách tính", "Khung", "Mã chính thức"],
                Lang::En => ["Id", "Indicator", "Theme", "Unit", "Measure", "Frameworks", "Official codes"],
            };
            t.set_header(head);
            for i in &selected {
                t.add_row([
                    i.id.clone(),
                    i.name.get(lang).to_string(),
                    i.theme.clone(),
                    unit(i),
                    kind(i).to_string(),
                    frameworks(i),
                    codes(i),
                ]);
            }
            fit(&mut t);
            // Ids are typed back into commands: never broken across lines.
            use comfy_table::{ColumnConstraint as C, Width};
            for (i, c) in
                [(0, C::ContentWidth), (1, C::LowerBoundary(Width::Percentage(30))), (4, C::ContentWidth)]
            {
                if let Some(col) = t.column_mut(i) {
                    col.set_constraint(c);
                }
            }
            writeln!(out, "{t}")?;
            let computable = selected.iter().filter(|i| i.computable()).count();
            match lang {
                Lang::Vi => writeln!(
                    out,
                    "{} chỉ tiêu ({} tính được từ dữ liệu); mã có dấu ? là chưa kiểm chứng",
                    selected.len(),
                    computable
                )?,
                Lang::En => writeln!(
                    out,
                    "{} indicators ({} computable); codes marked ? are unverified",
                    selected.len(),
                    computable
                )?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn side_json(s: &Side) -> Value {
    json!({"dataset": s.dataset, "filter": s.filter.sql, "age": s.age})
}

fn measure_json(m: &Measure) -> Value {
    let mut v = match m {
        Measure::Count { dataset, universe } => json!({"dataset": dataset, "universe": universe.sql}),
        Measure::Share { dataset, universe, numerator, scale }
        | Measure::RateBySex { dataset, universe, numerator, scale } => {
            json!({"dataset": dataset, "universe": universe.sql, "numerator": numerator.sql, "scale": scale})
        }
        Measure::SexRatio { dataset, universe, scale } => {
            json!({"dataset": dataset, "universe": universe.sql, "scale": scale})
        }
        Measure::MeanBySex { dataset, universe, value } => {
            json!({"dataset": dataset, "universe": universe.sql, "value": value})
        }
        Measure::EventRate { events, population, scale, by_sex } => {
            json!({"events": side_json(events), "population": side_json(population), "scale": scale, "by-sex": by_sex})
        }
        Measure::Derived { base, .. } => json!({"base": base}),
        Measure::Smam { dataset, universe, never_married, age } => {
            json!({"dataset": dataset, "universe": universe.sql, "never-married": never_married.sql, "age": age})
        }
        Measure::Tfr { events, population } => {
            json!({"events": side_json(events), "population": side_json(population)})
        }
        Measure::Gdi { dataset } | Measure::Gii { dataset } => json!({"dataset": dataset}),
    };
    v["kind"] = json!(m.kind_name());
    v
}

fn indicator_json(cat: &Catalogue, i: &Indicator) -> Value {
    json!({
        "id": i.id, "file": i.file,
        "name": {"vi": i.name.vi, "en": i.name.en},
        "concept": {"vi": i.concept.vi, "en": i.concept.en},
        "theme": i.theme, "frameworks": i.frameworks, "unverified-frameworks": i.unverified_frameworks,
        "codes": i.codes.iter().map(|c| json!({"framework": c.framework, "code": c.code, "verified": c.verified})).collect::<Vec<_>>(),
        "unit": i.unit, "unit-name": cat.unit(&i.unit).map(|u| json!({"vi": u.name.vi, "en": u.name.en})),
        "polarity": i.polarity.name(), "periodicity": i.periodicity,
        "data-source": {"vi": i.data_source.vi, "en": i.data_source.en},
        "lead-agency": {"vi": i.lead_agency.vi, "en": i.lead_agency.en},
        "legal-basis": i.legal_basis,
        "levels": i.levels.iter().map(|l| json!({"level": l.level, "valid-from": l.valid_from, "valid-to": l.valid_to})).collect::<Vec<_>>(),
        "breakdowns": i.breakdowns,
        "measure": i.measure.as_ref().map(measure_json),
        "not-computable": i.not_computable.as_ref().map(|t| json!({"vi": t.vi, "en": t.en})),
        "interval": i.interval, "reference-range": i.reference_range,
        "small-numbers": i.small_numbers.map(|(s, f)| json!({"suppress-below": s, "flag-below": f})),
        "targets": i.targets.iter().map(|t| json!({"year": t.year, "op": t.op.symbol(), "value": t.value, "source": t.source, "verified": t.verified})).collect::<Vec<_>>(),
        "chart": i.chart,
        "verification": {"status": i.verification, "source": i.verification_source},
    })
}

fn show(cat: &Catalogue, a: &ShowArgs) -> anyhow::Result<ExitCode> {
    let Some(i) = cat.indicator(&a.id) else {
        let hint = gds_indicators::did_you_mean(&a.id, cat.indicators.keys().map(String::as_str))
            .unwrap_or_else(|| "run `gds indicators list` to see the ids".to_string());
        return Err(
            UserError(format!("error: no indicator {:?} in the catalogue — hint: {hint}", a.id)).into()
        );
    };
    let mut out = std::io::stdout().lock();
    if a.format == ListFormat::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&indicator_json(cat, i))?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let lang: Lang = a.lang.into();
    let other = match lang {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    let l = |vi: &'static str, en: &'static str| if lang == Lang::Vi { vi } else { en };
    writeln!(out, "{}  [{}]", i.name.get(lang), i.id)?;
    writeln!(out, "{}", i.name.get(other))?;
    writeln!(out)?;
    let field = |out: &mut dyn Write, k: &str, v: &str| writeln!(out, "{:<22}{}", format!("{k}:"), v);
    field(&mut out, l("Khái niệm", "Concept"), i.concept.get(lang))?;
    field(&mut out, "", i.concept.get(other))?;
    field(
        &mut out,
        l("Chủ đề", "Theme"),
        &cat.theme(&i.theme).map_or(i.theme.clone(), |t| format!("{} ({})", t.name.get(lang), i.theme)),
    )?;
    let fw: Vec<String> = i
        .frameworks
        .iter()
        .map(|f| {
            let name = cat.framework(f).map_or(f.clone(), |x| x.name.get(lang).to_string());
            if i.unverified_frameworks.contains(f) {
                format!("{name} {}", l("(thuộc khung: chưa kiểm chứng)", "(membership unverified)"))
            } else {
                name
            }
        })
        .collect();
    field(&mut out, l("Khung chỉ tiêu", "Frameworks"), &fw.join("; "))?;
    field(
        &mut out,
        l("Mã chính thức", "Official codes"),
        &if i.codes.is_empty() {
            l("(chưa kiểm chứng)", "(none verified)").to_string()
        } else {
            codes(i)
        },
    )?;
    field(
        &mut out,
        l("Đơn vị", "Unit"),
        &cat.unit(&i.unit).map_or(i.unit.clone(), |u| u.name.get(lang).to_string()),
    )?;
    match &i.measure {
        Some(m) => {
            let mj = measure_json(m);
            field(&mut out, l("Cách tính", "Measure"), m.kind_name())?;
            if let Some(obj) = mj.as_object() {
                for (k, v) in obj.iter().filter(|(k, _)| *k != "kind") {
                    let s = match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    field(&mut out, &format!("  {k}"), &s)?;
                }
            }
        }
        None => field(
            &mut out,
            l("Cách tính", "Measure"),
            &format!(
                "{} — {}",
                l("chỉ lưu siêu dữ liệu", "metadata only"),
                i.not_computable.as_ref().map_or("", |t| t.get(lang))
            ),
        )?,
    }
    field(&mut out, l("Phân tổ", "Breakdowns"), &i.breakdowns.join(", "))?;
    field(&mut out, l("Kỳ công bố", "Periodicity"), &i.periodicity)?;
    field(&mut out, l("Chiều hướng", "Polarity"), i.polarity.name())?;
    field(&mut out, l("Nguồn số liệu", "Data source"), i.data_source.get(lang))?;
    field(&mut out, l("Cơ quan chịu trách nhiệm", "Lead agency"), i.lead_agency.get(lang))?;
    field(&mut out, l("Căn cứ pháp lý", "Legal basis"), &i.legal_basis.join("; "))?;
    let levels: Vec<String> = i
        .levels
        .iter()
        .map(|x| {
            let name = cat.level(&x.level).map_or(x.level.clone(), |lv| lv.name.get(lang).to_string());
            match (&x.valid_from, &x.valid_to) {
                (None, None) => name,
                (f, t) => format!("{name} [{} – {}]", f.as_deref().unwrap_or(""), t.as_deref().unwrap_or("")),
            }
        })
        .collect();
    field(&mut out, l("Cấp hành chính", "Levels"), &levels.join("; "))?;
    field(&mut out, l("Khoảng tin cậy", "Interval"), &i.interval)?;
    if let Some([lo, hi]) = i.reference_range {
        field(&mut out, l("Khoảng tham chiếu", "Reference range"), &format!("{lo} – {hi}"))?;
    }
    if let Some((s, f)) = i.small_numbers {
        field(
            &mut out,
            l("Quy tắc số nhỏ", "Small numbers"),
            &format!("n < {s}: {}; n < {f}: {}", l("ẩn", "suppress"), l("gắn cờ", "flag")),
        )?;
    }
    for t in &i.targets {
        field(
            &mut out,
            &format!("{} {}", l("Mục tiêu", "Target"), t.year),
            &format!(
                "{} {} ({}{})",
                t.op.symbol(),
                t.value,
                t.source,
                if t.verified { "" } else { l(", chưa kiểm chứng", ", unverified") }
            ),
        )?;
    }
    if let Some(c) = &i.chart {
        field(&mut out, l("Biểu đồ", "Chart"), c)?;
    }
    field(
        &mut out,
        l("Kiểm chứng", "Verification"),
        &format!("{} — {}", i.verification, i.verification_source),
    )?;
    field(&mut out, l("Tệp định nghĩa", "Definition file"), &i.file)?;
    Ok(ExitCode::SUCCESS)
}

fn check(global: Option<&Path>, a: &CheckArgs) -> anyhow::Result<ExitCode> {
    let dir = a.dir.as_deref().or(global);
    let result = match dir {
        Some(d) => Catalogue::load(d),
        None => Catalogue::embedded(),
    };
    let from = dir.map_or("embedded catalogue".to_string(), |d| d.display().to_string());
    match result {
        Ok(cat) => {
            let computable = cat.indicators.values().filter(|i| i.computable()).count();
            let verified_codes =
                cat.indicators.values().filter(|i| i.codes.iter().any(|c| c.verified)).count();
            super::tell(format!(
                "{from}: OK — {} indicators ({} computable, {} with a verified official code), {} datasets, {} code lists",
                cat.indicators.len(),
                computable,
                verified_codes,
                cat.datasets.len(),
                cat.codelists.len()
            ));
            Ok(ExitCode::SUCCESS)
        }
        Err(d) => {
            super::say(d.to_string());
            super::say(format!("{from}: INVALID"));
            Ok(ExitCode::from(1))
        }
    }
}

/// The frameworks of an indicator, those whose membership is unverified marked `?`
/// (`tt10-2019? msgi`).
fn frameworks(i: &gds_indicators::Indicator) -> String {
    i.frameworks
        .iter()
        .map(|f| if i.unverified_frameworks.contains(f) { format!("{f}?") } else { f.clone() })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What one indicator can be, for an office: computable (from the project's data, or from
/// the declared datasets), needing data the project lacks, or not computable at all.
#[derive(Clone, Copy, PartialEq)]
enum Coverage {
    Computable,
    NeedsData,
    NotComputable,
}

/// `gds indicators coverage`: per framework, how many indicators are computable, need data,
/// or are not computable; with `--project`, by the same plan `compute` makes.
fn coverage(cat: &Catalogue, a: &CoverageArgs) -> anyhow::Result<ExitCode> {
    let lang: Lang = a.lang.into();
    let of: std::collections::BTreeMap<&str, Coverage> = match &a.project {
        None => cat
            .indicators
            .values()
            .map(|i| {
                (i.id.as_str(), if i.computable() { Coverage::Computable } else { Coverage::NotComputable })
            })
            .collect(),
        Some(p) => {
            let project = super::compute::load_project(p, cat)?;
            let request = gds_compute::plan::Request { breakdowns: vec![], ..Default::default() };
            let plan = gds_compute::plan::plan(cat, &project, &request).map_err(super::compute::user)?;
            let mut m = std::collections::BTreeMap::new();
            for i in &plan.indicators {
                m.insert(i.id.as_str(), Coverage::Computable);
            }
            for s in &plan.skipped {
                let c =
                    if s.reason == "not-computable" { Coverage::NotComputable } else { Coverage::NeedsData };
                m.insert(s.id.as_str(), c);
            }
            cat.indicators
                .values()
                .map(|i| (i.id.as_str(), m.get(i.id.as_str()).copied().unwrap_or(Coverage::NeedsData)))
                .collect()
        }
    };
    struct Row {
        id: String,
        name: String,
        total: usize,
        counts: [usize; 3],
        unverified: usize,
    }
    let rows: Vec<Row> = cat
        .frameworks
        .iter()
        .map(|f| {
            let members: Vec<&Indicator> =
                cat.indicators.values().filter(|i| i.frameworks.iter().any(|x| x == &f.id)).collect();
            let count = |c: Coverage| members.iter().filter(|i| of.get(i.id.as_str()) == Some(&c)).count();
            Row {
                id: f.id.clone(),
                name: f.name.get(lang).to_string(),
                total: members.len(),
                counts: [
                    count(Coverage::Computable),
                    count(Coverage::NeedsData),
                    count(Coverage::NotComputable),
                ],
                unverified: members.iter().filter(|i| i.unverified_frameworks.contains(&f.id)).count(),
            }
        })
        .collect();
    let l = |vi: &'static str, en: &'static str| if lang == Lang::Vi { vi } else { en };
    let mut out = std::io::stdout().lock();
    match a.format {
        ListFormat::Json => {
            let v: Vec<Value> = rows
                .iter()
                .map(|r| {
                    json!({"framework": r.id, "name": r.name, "indicators": r.total, "computable": r.counts[0],
                        "needs-data": r.counts[1], "not-computable": r.counts[2], "membership-unverified": r.unverified})
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "framework",
                "name",
                "indicators",
                "computable",
                "needs-data",
                "not-computable",
                "membership-unverified",
            ])?;
            for r in &rows {
                let n = |x: usize| x.to_string();
                w.write_record([
                    r.id.clone(),
                    r.name.clone(),
                    n(r.total),
                    n(r.counts[0]),
                    n(r.counts[1]),
                    n(r.counts[2]),
                    n(r.unverified),
                ])?;
            }
            w.flush()?;
        }
        ListFormat::Table => {
            let mut t = comfy_table::Table::new();
            t.load_preset(comfy_table::presets::UTF8_HORIZONTAL_ONLY);
            let computable = match (&a.project, lang) {
                (Some(_), Lang::Vi) => "Tính được từ số liệu",
                (Some(_), Lang::En) => "Computable from the data",
                (None, Lang::Vi) => "Tính được",
                (None, Lang::En) => "Computable",
            };
            t.set_header([
                l("Khung chỉ tiêu", "Framework"),
                l("Số chỉ tiêu", "Indicators"),
                computable,
                l("Cần số liệu", "Needs data"),
                l("Không tính được", "Not computable"),
                l("Thuộc khung chưa kiểm chứng", "Membership unverified"),
            ]);
            for r in &rows {
                t.add_row([
                    format!("{} ({})", r.name, r.id),
                    r.total.to_string(),
                    r.counts[0].to_string(),
                    r.counts[1].to_string(),
                    r.counts[2].to_string(),
                    r.unverified.to_string(),
                ]);
            }
            fit(&mut t);
            writeln!(out, "{t}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Fit a table to the terminal: the width `COLUMNS` says, else the terminal's own (asked by
/// comfy-table when output goes to one); long cells wrap instead of running off the screen.
/// Output to a file or pipe is not wrapped.
fn fit(t: &mut comfy_table::Table) {
    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    if let Some(w) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        t.set_width(w);
    }
}
