//! `gds chart`: publication-ready charts from a result table.

use super::compute::{area_namer, load_project, source_note, user};
use super::load_catalogue;
use crate::UserError;
use crate::args::{ChartArgs, LangArg};
use gds_charts::{ChartContext, ChartKind, RenderOptions, render_png, render_svg};
use gds_compute::project::Project;
use gds_compute::writers::{read_results, write_atomic};
use gds_core::{Lang, ResultTable};
use gds_indicators::Catalogue;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// A rendered chart.
pub struct Rendered {
    /// Indicator id.
    pub indicator: String,
    /// Kind.
    pub kind: ChartKind,
    /// Language.
    pub lang: Lang,
    /// Title.
    pub title: String,
    /// SVG text.
    pub svg: String,
    /// PNG bytes.
    pub png: Vec<u8>,
}

impl Rendered {
    /// File stem, e.g. `srb-srb-vi`.
    pub fn stem(&self) -> String {
        format!("{}-{}-{}", self.indicator, self.kind.name(), if self.lang == Lang::Vi { "vi" } else { "en" })
    }
}

/// Everything a chart needs besides the table.
pub struct Setting<'a> {
    pub catalogue: &'a Catalogue,
    pub project: Option<&'a Project>,
    pub period: Option<String>,
}

fn place(s: &Setting, lang: Lang) -> String {
    s.project.map_or(String::new(), |p| p.name.get(lang).to_string())
}

/// Render one chart in one language (SVG and PNG).
pub fn render_one(
    table: &ResultTable,
    s: &Setting,
    indicator: &str,
    kind: ChartKind,
    lang: Lang,
    opts: &RenderOptions,
) -> Result<Rendered, gds_charts::ChartError> {
    let plain = |c: &str, _: &str| c.to_string();
    let namer_p = s.project.map(|p| area_namer(p, lang, None));
    let area_name: &dyn Fn(&str, &str) -> String = match &namer_p {
        Some(n) => n,
        None => &plain,
    };
    let source = s.project.map_or_else(
        || if lang == Lang::Vi { "Nguồn: gds".to_string() } else { "Source: gds".to_string() },
        |p| format!("{}: {}", if lang == Lang::Vi { "Nguồn" } else { "Source" }, source_note(p, lang)),
    );
    let ctx = ChartContext {
        catalogue: s.catalogue,
        lang,
        area_name,
        source,
        synthetic: s.project.is_some_and(|p| p.synthetic),
        period: s.period.clone(),
        place: place(s, lang),
        // The area the project's report is about (its district, below a province total).
        focus: s.project.map(|p| super::report::headline_area(p, table, s.period.as_deref())),
    };
    let svg = render_svg(table, indicator, kind, &ctx, &RenderOptions { scale: 1.0, ..*opts })?;
    let png = render_png(table, indicator, kind, &ctx, opts)?;
    let title = gds_charts::chart_title(s.catalogue, indicator, lang)?;
    Ok(Rendered { indicator: indicator.to_string(), kind, lang, title, svg, png })
}

/// Render the catalogue's standard set for every indicator of the table.
pub fn render_standard(
    table: &ResultTable,
    s: &Setting,
    langs: &[Lang],
    opts: &RenderOptions,
    skipped: &mut Vec<String>,
) -> Vec<Rendered> {
    let mut out = Vec::new();
    for (indicator, kind) in gds_charts::standard_charts(table, s.catalogue) {
        for &lang in langs {
            match render_one(table, s, &indicator, kind, lang, opts) {
                Ok(r) => out.push(r),
                Err(e) => {
                    if lang == langs[0] {
                        skipped.push(format!("{indicator} ({}): {e}", kind.name()));
                    }
                }
            }
        }
    }
    out
}

fn langs(l: Option<LangArg>) -> Vec<Lang> {
    match l {
        Some(l) => vec![l.into()],
        None => vec![Lang::Vi, Lang::En],
    }
}

pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_atomic(path, |f| f.write_all(bytes).map_err(|e| e.to_string())).map_err(user)
}

pub fn run(catalogue: Option<&Path>, a: &ChartArgs) -> anyhow::Result<ExitCode> {
    let cat = load_catalogue(catalogue)?;
    let table = read_results(&a.results).map_err(user)?;
    let project = match &a.project {
        Some(p) => Some(load_project(p, &cat)?),
        None => None,
    };
    if let Some(p) = &project {
        super::gate::check(p, &cat, a.force, "chart")?;
    }
    let s = Setting { catalogue: &cat, project: project.as_ref(), period: a.period.clone() };
    let opts = RenderOptions { width: a.width, height: a.height, scale: a.dpi / 96.0 };
    if a.all {
        let mut skipped = Vec::new();
        let charts = render_standard(&table, &s, &langs(a.lang), &opts, &mut skipped);
        for c in &charts {
            write_file(&a.out.join(format!("{}.svg", c.stem())), c.svg.as_bytes())?;
            write_file(&a.out.join(format!("{}.png", c.stem())), &c.png)?;
        }
        for k in &skipped {
            super::say(format!("note: no chart for {k}"));
        }
        super::say(format!(
            "wrote {} charts ({} files) to {}",
            charts.len(),
            charts.len() * 2,
            a.out.display()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let indicator = a.indicator.clone().unwrap_or_default();
    let kind = match &a.kind {
        Some(k) => ChartKind::from_name(k).ok_or_else(|| {
            UserError(format!(
                "error: unknown chart kind {k:?} — hint: {}",
                ChartKind::ALL.iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
            ))
        })?,
        None => gds_charts::default_kind(&cat, &indicator).ok_or_else(|| {
            let hint = gds_indicators::did_you_mean(&indicator, cat.indicators.keys().map(String::as_str))
                .unwrap_or_else(|| "run `gds indicators list` to see the ids".to_string());
            UserError(format!("error: no indicator {indicator:?} in the catalogue — hint: {hint}"))
        })?,
    };
    let lang = a.lang.map(Lang::from).unwrap_or(Lang::Vi);
    let r = render_one(&table, &s, &indicator, kind, lang, &opts)
        .map_err(|e| UserError(format!("error: {e}")))?;
    let ext = a.out.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "svg" => write_file(&a.out, r.svg.as_bytes())?,
        "png" => write_file(&a.out, &r.png)?,
        _ => return Err(UserError(format!("error: {} must end in .png or .svg", a.out.display())).into()),
    }
    super::say(format!("wrote {}", a.out.display()));
    Ok(ExitCode::SUCCESS)
}
