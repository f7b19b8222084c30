//! Parse every definition file, then check the whole catalogue, collecting every problem.

use crate::def::*;
use crate::diag::{Diagnostic, Diagnostics, did_you_mean, line_col};
use crate::filter::{ColumnKind, ColumnLookup, Filter, check_filter};
use crate::model::*;
use gds_core::{TargetOp, Text, is_nfc};
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

/// Allowed interval methods.
pub const INTERVALS: &[&str] = &[
    "wilson",
    "clopper-pearson",
    "jeffreys",
    "log-ratio",
    "newcombe",
    "katz",
    "poisson-exact",
    "normal",
    "none",
];
/// Allowed periodicities.
pub const PERIODICITIES: &[&str] = &["annual", "quarterly", "term", "five-yearly", "ten-yearly", "irregular"];
/// Allowed chart kinds.
pub const CHARTS: &[&str] =
    &["bar-by-area", "trend", "pyramid", "sex-comparison", "dumbbell", "srb", "stacked-share"];
/// Allowed polarities.
pub const POLARITIES: &[&str] =
    &["higher-is-better", "lower-is-better", "within-range", "closer-to-zero", "closer-to-parity", "neutral"];
/// Allowed measure kinds.
pub const MEASURE_KINDS: &[&str] = &[
    "count",
    "share",
    "rate-by-sex",
    "sex-ratio",
    "mean-by-sex",
    "event-rate",
    "gap",
    "ratio-fm",
    "gpi",
    "adjusted-gpi",
    "pay-gap",
    "smam",
    "tfr",
    "gdi",
    "gii",
];
/// Columns the GDI/GII need in their input table.
pub const COMPOSITE_COLUMNS: &[&str] = &[
    "le_f", "le_m", "eys_f", "eys_m", "mys_f", "mys_m", "gni_pc_f", "gni_pc_m", "mmr", "abr", "pr_f", "se_f",
    "se_m", "lfpr_f", "lfpr_m",
];

/// For each indicator id: its measure kind and the dataset it reads.
type BaseInfo<'a> = BTreeMap<&'a str, (Option<&'a str>, Vec<String>)>;

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn at<T>(&mut self, s: &Spanned<T>, message: impl Into<String>, hint: Option<String>) {
        let (line, column) = line_col(self.text, s.span().start);
        self.out.push(Diagnostic {
            file: self.file.to_string(),
            line,
            column,
            message: message.into(),
            hint,
        });
    }

    fn file_level(&mut self, message: impl Into<String>, hint: Option<String>) {
        self.out.push(Diagnostic {
            file: self.file.to_string(),
            line: 0,
            column: 0,
            message: message.into(),
            hint,
        });
    }

    /// Check `value` is one of `allowed`, reporting with a hint.
    fn one_of(&mut self, s: &Spanned<String>, what: &str, allowed: &[&str]) -> bool {
        if allowed.contains(&s.get_ref().as_str()) {
            return true;
        }
        let hint = did_you_mean(s.get_ref(), allowed.iter().copied())
            .or_else(|| Some(format!("use one of: {}", allowed.join(", "))));
        self.at(s, format!("unknown {what} {:?}", s.get_ref()), hint);
        false
    }
}

fn text(t: &TextDef) -> Text {
    Text { vi: t.vi.clone(), en: t.en.clone() }
}

fn parse_file<T: serde::de::DeserializeOwned>(file: &str, src: &str, out: &mut Vec<Diagnostic>) -> Option<T> {
    let mut ok = true;
    if !is_nfc(src) {
        let line = src.lines().position(|l| !is_nfc(l)).map_or(0, |i| i + 1);
        out.push(Diagnostic {
            file: file.into(),
            line,
            column: 0,
            message: "text is not in Unicode NFC (decomposed Vietnamese marks)".into(),
            hint: Some("re-save the file with NFC normalisation (e.g. `uconv -x any-nfc`)".into()),
        });
        ok = false;
    }
    match toml::from_str::<T>(src) {
        Ok(v) => ok.then_some(v),
        Err(e) => {
            let (line, column) = e.span().map_or((0, 0), |s| line_col(src, s.start));
            let msg = e.message().trim().to_string();
            let hint = if msg.contains("unknown field") {
                Some(
                    "remove the key or fix its spelling; keys are kebab-case (see indicators/README.md)"
                        .into(),
                )
            } else if msg.contains("missing field") {
                Some("add the required key (see indicators/README.md)".into())
            } else {
                Some("fix the TOML syntax".into())
            };
            out.push(Diagnostic { file: file.into(), line, column, message: msg, hint });
            None
        }
    }
}

fn schema_version(ctx: &mut Ctx, v: u32) {
    if v != 1 {
        ctx.file_level(
            format!("schema-version {v} is not supported"),
            Some("this gds reads schema-version = 1".into()),
        );
    }
}

fn check_date(ctx: &mut Ctx, s: &Option<String>, what: &str) {
    if let Some(d) = s {
        let ok = d.len() == 10
            && d.chars()
                .enumerate()
                .all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
        if !ok {
            ctx.file_level(
                format!("{what} {d:?} is not an ISO date"),
                Some("write dates as YYYY-MM-DD".into()),
            );
        }
    }
}

struct Lookup<'a> {
    ds: &'a Dataset,
    codelists: &'a BTreeMap<String, CodeList>,
}

impl ColumnLookup for Lookup<'_> {
    fn kind(&self, column: &str) -> Option<ColumnKind> {
        self.ds.column(column).map(|c| c.kind.filter_kind())
    }
    fn has_code(&self, column: &str, code: &str) -> bool {
        self.ds
            .column(column)
            .and_then(|c| c.codelist.as_ref())
            .and_then(|cl| self.codelists.get(cl))
            .is_none_or(|cl| cl.get(code).is_some())
    }
    fn names(&self) -> Vec<String> {
        self.ds.columns.iter().map(|c| c.name.clone()).collect()
    }
}

/// Load a catalogue from `(relative path, text)` pairs. Returns every problem at once.
pub fn build(files: &[(String, String)]) -> Result<Catalogue, Diagnostics> {
    let mut out = Vec::new();
    let mut cat = Catalogue::default();

    // 1. catalogue.toml: the vocabularies.
    let Some((cfile, csrc)) = files.iter().find(|(p, _)| p == "catalogue.toml") else {
        return Err(Diagnostics(vec![Diagnostic {
            file: "catalogue.toml".into(),
            line: 0,
            column: 0,
            message: "the catalogue has no catalogue.toml".into(),
            hint: Some(
                "a catalogue folder needs catalogue.toml with themes, frameworks, units and levels".into(),
            ),
        }]));
    };
    if let Some(def) = parse_file::<CatalogueFileDef>(cfile, csrc, &mut out) {
        let mut ctx = Ctx { file: cfile, text: csrc, out: &mut out };
        schema_version(&mut ctx, def.schema_version);
        cat.name = text(&def.name);
        let mut seen = BTreeSet::new();
        let mut dup = |ctx: &mut Ctx, id: &Spanned<String>, what: &str| {
            if !seen.insert(format!("{what}:{}", id.get_ref())) {
                ctx.at(id, format!("duplicate {what} id {:?}", id.get_ref()), None);
            }
        };
        for t in &def.themes {
            dup(&mut ctx, &t.id, "theme");
            cat.themes.push(VocabEntry { id: t.id.get_ref().clone(), name: text(&t.name), symbol: None });
        }
        for t in &def.frameworks {
            dup(&mut ctx, &t.id, "framework");
            cat.frameworks.push(VocabEntry { id: t.id.get_ref().clone(), name: text(&t.name), symbol: None });
        }
        for u in &def.units {
            dup(&mut ctx, &u.id, "unit");
            cat.units.push(VocabEntry {
                id: u.id.get_ref().clone(),
                name: text(&u.name),
                symbol: u.symbol.as_ref().map(text),
            });
        }
        for l in &def.levels {
            dup(&mut ctx, &l.id, "level");
            check_date(&mut ctx, &l.valid_from, "valid-from");
            check_date(&mut ctx, &l.valid_to, "valid-to");
            cat.levels.push(Level {
                id: l.id.get_ref().clone(),
                name: text(&l.name),
                rank: l.rank,
                valid_from: l.valid_from.clone(),
                valid_to: l.valid_to.clone(),
            });
        }
    }

    // 2. Code lists.
    let mut cl_files = BTreeMap::new();
    for (file, src) in files.iter().filter(|(p, _)| p.starts_with("codelists/")) {
        let Some(def) = parse_file::<CodeListDef>(file, src, &mut out) else { continue };
        let mut ctx = Ctx { file, text: src, out: &mut out };
        schema_version(&mut ctx, def.schema_version);
        let id = def.id.get_ref().clone();
        if let Some(prev) = cl_files.insert(id.clone(), file.clone()) {
            ctx.at(
                &def.id,
                format!("code list {id:?} is also defined in {prev}"),
                Some("code list ids must be unique".into()),
            );
            continue;
        }
        let mut codes = Vec::new();
        let mut seen = BTreeSet::new();
        for c in &def.codes {
            if !seen.insert(c.code.get_ref().clone()) {
                ctx.at(&c.code, format!("duplicate code {:?} in code list {id:?}", c.code.get_ref()), None);
            }
            if let (Some(lo), Some(hi)) = (c.min, c.max)
                && lo > hi
            {
                ctx.at(&c.code, format!("code {:?}: min {lo} is above max {hi}", c.code.get_ref()), None);
            }
            codes.push(Code {
                code: c.code.get_ref().clone(),
                name: text(&c.name),
                aliases: c.aliases.clone(),
                min: c.min,
                max: c.max,
                schemes: c.schemes.clone(),
            });
        }
        cat.codelists.insert(id.clone(), CodeList { id, name: text(&def.name), codes });
    }

    // 3. Datasets.
    let mut ds_files = BTreeMap::new();
    for (file, src) in files.iter().filter(|(p, _)| p.starts_with("datasets/")) {
        let Some(def) = parse_file::<DatasetDef>(file, src, &mut out) else { continue };
        let mut ctx = Ctx { file, text: src, out: &mut out };
        schema_version(&mut ctx, def.schema_version);
        let id = def.id.get_ref().clone();
        if let Some(prev) = ds_files.insert(id.clone(), file.clone()) {
            ctx.at(&def.id, format!("dataset {id:?} is also defined in {prev}"), None);
            continue;
        }
        let kind = match def.kind.get_ref().as_str() {
            "microdata" => DatasetKind::Microdata,
            "aggregate" => DatasetKind::Aggregate,
            _ => {
                ctx.one_of(&def.kind, "dataset kind", &["microdata", "aggregate"]);
                DatasetKind::Microdata
            }
        };
        let mut columns = Vec::new();
        let mut seen = BTreeSet::new();
        for c in &def.columns {
            if !seen.insert(c.name.get_ref().clone()) {
                ctx.at(&c.name, format!("duplicate column {:?}", c.name.get_ref()), None);
            }
            let ty = ColumnType::parse(c.kind.get_ref());
            if ty.is_none() {
                ctx.one_of(
                    &c.kind,
                    "column type",
                    &["code", "integer", "number", "boolean", "text", "area", "period"],
                );
            }
            let ty = ty.unwrap_or(ColumnType::Text);
            match (&c.codelist, ty) {
                (Some(cl), _) if !cat.codelists.contains_key(cl.get_ref()) => {
                    let hint = did_you_mean(cl.get_ref(), cat.codelists.keys().map(String::as_str));
                    ctx.at(
                        cl,
                        format!("column {:?}: unknown code list {:?}", c.name.get_ref(), cl.get_ref()),
                        hint,
                    );
                }
                (None, ColumnType::Code) => {
                    ctx.at(
                        &c.name,
                        format!("code column {:?} names no code list", c.name.get_ref()),
                        Some("add codelist = \"...\"".into()),
                    );
                }
                _ => {}
            }
            if c.decimals.is_some_and(|d| d > 12) {
                ctx.at(
                    &c.name,
                    format!(
                        "column {:?}: decimals = {} (at most 12)",
                        c.name.get_ref(),
                        c.decimals.unwrap_or(0)
                    ),
                    None,
                );
            }
            if let Some([lo, hi]) = c.range
                && lo > hi
            {
                ctx.at(&c.name, format!("column {:?}: range [{lo}, {hi}] is empty", c.name.get_ref()), None);
            }
            columns.push(Column {
                name: c.name.get_ref().clone(),
                kind: ty,
                codelist: c.codelist.as_ref().map(|s| s.get_ref().clone()),
                required: c.required,
                empty_means_none: c.empty_means_none,
                decimals: c.decimals,
                range: c.range,
                when_absent: c.when_absent.as_ref().map(|w| (w.column.get_ref().clone(), w.codes.clone())),
                description: text(&c.description),
            });
        }
        // A derived yes/no column: from a declared code column, by codes of its list.
        for c in &def.columns {
            let Some(w) = &c.when_absent else { continue };
            let from = def.columns.iter().find(|x| x.name.get_ref() == w.column.get_ref());
            let codelist = from
                .filter(|x| x.kind.get_ref() == "code")
                .and_then(|x| x.codelist.as_ref())
                .and_then(|cl| cat.codelists.get(cl.get_ref()));
            if c.kind.get_ref() != "boolean" {
                ctx.at(
                    &c.name,
                    format!("column {:?}: when-absent applies to boolean columns", c.name.get_ref()),
                    None,
                );
            }
            match codelist {
                None => ctx.at(
                    &w.column,
                    format!(
                        "column {:?}: when-absent needs a declared code column, not {:?}",
                        c.name.get_ref(),
                        w.column.get_ref()
                    ),
                    None,
                ),
                Some(cl) => {
                    for code in &w.codes {
                        if !cl.codes.iter().any(|x| &x.code == code) {
                            let hint = did_you_mean(code, cl.codes.iter().map(|x| x.code.as_str()));
                            ctx.at(
                                &w.column,
                                format!("when-absent: {code:?} is not a code of {:?}", cl.id),
                                hint,
                            );
                        }
                    }
                }
            }
        }
        let names: Vec<String> = columns.iter().map(|c| c.name.clone()).collect();
        let col_ref = |ctx: &mut Ctx, s: &Spanned<String>, what: &str| {
            if !names.contains(s.get_ref()) {
                let hint = did_you_mean(s.get_ref(), names.iter().map(String::as_str));
                ctx.at(s, format!("{what} {:?} is not a declared column", s.get_ref()), hint);
            }
        };
        for k in &def.keys {
            col_ref(&mut ctx, k, "key column");
        }
        if let Some(w) = &def.weight {
            col_ref(&mut ctx, w, "weight column");
        }
        if let Some(c) = &def.count {
            col_ref(&mut ctx, c, "count column");
        }
        let mut derived = Vec::new();
        for d in &def.derived {
            col_ref(&mut ctx, &d.from, "derived dimension source");
            match cat.codelists.get(d.codelist.get_ref()) {
                None => {
                    let hint = did_you_mean(d.codelist.get_ref(), cat.codelists.keys().map(String::as_str));
                    ctx.at(&d.codelist, format!("unknown code list {:?}", d.codelist.get_ref()), hint);
                }
                Some(cl) if cl.scheme(d.scheme.get_ref()).is_empty() => {
                    ctx.at(
                        &d.scheme,
                        format!("code list {:?} has no code in scheme {:?}", cl.id, d.scheme.get_ref()),
                        None,
                    );
                }
                Some(_) => {}
            }
            if names.contains(d.name.get_ref()) {
                ctx.at(
                    &d.name,
                    format!("derived dimension {:?} has the name of a column", d.name.get_ref()),
                    None,
                );
            }
            derived.push(Derived {
                name: d.name.get_ref().clone(),
                from: d.from.get_ref().clone(),
                codelist: d.codelist.get_ref().clone(),
                scheme: d.scheme.get_ref().clone(),
            });
        }
        cat.datasets.insert(
            id.clone(),
            Dataset {
                id,
                name: text(&def.name),
                description: text(&def.description),
                kind,
                weight: def.weight.as_ref().map(|s| s.get_ref().clone()),
                count: def.count.as_ref().map(|s| s.get_ref().clone()),
                keys: def.keys.iter().map(|s| s.get_ref().clone()).collect(),
                columns,
                derived,
                term_years: def.term_years,
            },
        );
    }

    // 4. Indicators (every other .toml file).
    let mut parsed: Vec<(&str, &str, IndicatorDef)> = Vec::new();
    for (file, src) in files
        .iter()
        .filter(|(p, _)| p != "catalogue.toml" && !p.starts_with("codelists/") && !p.starts_with("datasets/"))
    {
        if let Some(def) = parse_file::<IndicatorDef>(file, src, &mut out) {
            parsed.push((file, src, def));
        }
    }
    let base_kinds: BaseInfo = parsed
        .iter()
        .map(|(_, _, d)| {
            // An event rate by sex can carry the derived gender measures, as a rate by sex does.
            let kind = d.measure.as_ref().map(|m| match m.kind.get_ref().as_str() {
                "event-rate" if m.by_sex.as_ref().is_some_and(|b| *b.get_ref()) => "event-rate-by-sex",
                k => k,
            });
            let datasets = d
                .measure
                .as_ref()
                .and_then(|m| m.dataset.as_ref())
                .map(|s| s.get_ref().clone())
                .into_iter()
                .collect();
            (d.id.get_ref().as_str(), (kind, datasets))
        })
        .collect();
    let mut first_file: BTreeMap<String, String> = BTreeMap::new();
    for (file, src, def) in &parsed {
        let mut ctx = Ctx { file, text: src, out: &mut out };
        if let Some(ind) = indicator(&mut ctx, def, &cat, &base_kinds) {
            if let Some(prev) = first_file.get(&ind.id) {
                ctx.at(
                    &def.id,
                    format!("duplicate indicator id {:?} (also in {prev})", ind.id),
                    Some("ids must be unique across the catalogue".into()),
                );
                continue;
            }
            first_file.insert(ind.id.clone(), file.to_string());
            cat.indicators.insert(ind.id.clone(), ind);
        } else if !first_file.contains_key(def.id.get_ref()) {
            first_file.insert(def.id.get_ref().clone(), file.to_string());
        }
    }
    out.sort();
    out.dedup();
    if out.is_empty() { Ok(cat) } else { Err(Diagnostics(out)) }
}

fn indicator(ctx: &mut Ctx, def: &IndicatorDef, cat: &Catalogue, base_kinds: &BaseInfo) -> Option<Indicator> {
    let before = ctx.out.len();
    schema_version(ctx, def.schema_version);
    let id = def.id.get_ref();
    let kebab = !id.is_empty()
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-');
    if !kebab {
        ctx.at(
            &def.id,
            format!("indicator id {id:?} is not kebab-case"),
            Some("use lowercase letters, digits and '-'".into()),
        );
    }
    let stem = ctx.file.rsplit('/').next().unwrap_or(ctx.file).trim_end_matches(".toml");
    if stem != id {
        ctx.at(
            &def.id,
            format!("indicator id {id:?} does not match its file name {stem:?}"),
            Some(format!("rename the file to {id}.toml")),
        );
    }
    let ids = |v: &[VocabEntry]| v.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    let (themes, frameworks, units) = (ids(&cat.themes), ids(&cat.frameworks), ids(&cat.units));
    let levels: Vec<String> = cat.levels.iter().map(|l| l.id.clone()).collect();
    ctx.one_of(&def.theme, "theme", &as_strs(&themes));
    for f in &def.frameworks {
        ctx.one_of(f, "framework", &as_strs(&frameworks));
    }
    for c in &def.codes {
        ctx.one_of(&c.framework, "framework", &as_strs(&frameworks));
    }
    for f in &def.unverified_frameworks {
        if !def.frameworks.iter().any(|x| x.get_ref() == f.get_ref()) {
            ctx.at(
                f,
                format!("unverified framework {:?} is not among the indicator's frameworks", f.get_ref()),
                Some("list it in frameworks too, or remove it here".into()),
            );
        }
    }
    if let Some(s) = &def.reported_sex {
        ctx.one_of(s, "reported sex", &["F", "M"]);
        let by_sex = matches!(
            def.measure.as_ref().map(|m| m.kind.get_ref().as_str()),
            Some("rate-by-sex" | "mean-by-sex" | "smam")
        );
        if !by_sex {
            ctx.at(
                s,
                "reported-sex is for indicators computed for each sex (rate-by-sex, mean-by-sex, smam)",
                Some("remove it: this indicator has one value per area already".into()),
            );
        }
    }
    ctx.one_of(&def.unit, "unit", &as_strs(&units));
    ctx.one_of(&def.polarity, "polarity", POLARITIES);
    ctx.one_of(&def.periodicity, "periodicity", PERIODICITIES);
    if let Some(i) = &def.interval {
        ctx.one_of(i, "interval method", INTERVALS);
    }
    if let Some(c) = &def.chart {
        ctx.one_of(c, "chart kind", CHARTS);
    }
    ctx.one_of(&def.verification.status, "verification status", &["V", "V-m", "P", "I"]);
    for l in &def.levels {
        ctx.one_of(&l.level, "level", &as_strs(&levels));
        check_date(ctx, &l.valid_from, "valid-from");
        check_date(ctx, &l.valid_to, "valid-to");
    }
    if let Some([lo, hi]) = def.reference_range
        && lo >= hi
    {
        ctx.at(&def.id, format!("reference-range [{lo}, {hi}] is empty"), Some("write [low, high]".into()));
    }
    if let Some(sn) = &def.small_numbers
        && sn.flag_below < sn.suppress_below
    {
        ctx.at(
            &def.id,
            format!(
                "small-numbers: flag-below {} is below suppress-below {}",
                sn.flag_below, sn.suppress_below
            ),
            Some("flag-below must be ≥ suppress-below".into()),
        );
    }
    // Targets: known ops, one per year, and later targets at least as strict as earlier ones.
    let mut targets: Vec<Target> = Vec::new();
    let mut op_spans: BTreeMap<i32, &Spanned<String>> = BTreeMap::new();
    for t in &def.targets {
        op_spans.insert(t.year, &t.op);
        let Some(op) = TargetOp::parse(t.op.get_ref()) else {
            ctx.one_of(&t.op, "target op", &[">=", "<=", ">", "<"]);
            continue;
        };
        if targets.iter().any(|x| x.year == t.year) {
            ctx.at(&t.op, format!("two targets for {}", t.year), None);
        }
        targets.push(Target {
            year: t.year,
            op,
            value: t.value,
            source: t.source.clone(),
            verified: t.verified,
        });
    }
    targets.sort_by_key(|t| t.year);
    for w in targets.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let same_direction = matches!(
            (a.op, b.op),
            (TargetOp::Ge | TargetOp::Gt, TargetOp::Ge | TargetOp::Gt)
                | (TargetOp::Le | TargetOp::Lt, TargetOp::Le | TargetOp::Lt)
        );
        let relaxes = match b.op {
            TargetOp::Ge | TargetOp::Gt => b.value < a.value,
            TargetOp::Le | TargetOp::Lt => b.value > a.value,
        };
        if !same_direction || relaxes {
            ctx.at(
                &def.id,
                format!(
                    "targets are inconsistent: {} {} {} then {} {} {}",
                    a.year,
                    a.op.symbol(),
                    a.value,
                    b.year,
                    b.op.symbol(),
                    b.value
                ),
                Some("a later target must point the same way and be at least as strict".into()),
            );
        }
    }

    let measure = match (&def.measure, &def.not_computable) {
        (Some(m), None) => measure(ctx, id, m, cat, base_kinds),
        (None, Some(_)) => None,
        (Some(m), Some(_)) => {
            ctx.at(
                &m.kind,
                "an indicator with a [measure] cannot also be not-computable",
                Some("remove one of them".into()),
            );
            None
        }
        (None, None) => {
            ctx.at(
                &def.id,
                "indicator has neither [measure] nor not-computable",
                Some(
                    "add a [measure], or say why it cannot be computed in not-computable = { vi, en }".into(),
                ),
            );
            None
        }
    };
    // Breakdowns: known dimensions of the dataset(s) read.
    let mut datasets: Vec<&Dataset> = measure
        .as_ref()
        .map(|m: &Measure| m.datasets().iter().filter_map(|d| cat.datasets.get(*d)).collect())
        .unwrap_or_default();
    if let Some(Measure::Derived { base, .. }) = &measure
        && let Some(b) = def_base_dataset(cat, base_kinds, base)
    {
        datasets = b;
    }
    for b in &def.breakdowns {
        let name = b.get_ref();
        if name == "sex"
            && measure.as_ref().is_some_and(|m| !(m.by_sex() || matches!(m, Measure::Count { .. })))
        {
            ctx.at(
                b,
                format!(
                    "breakdown \"sex\" is not available for measure kind {:?}",
                    measure.as_ref().map(|m| m.kind_name()).unwrap_or("")
                ),
                Some("sex-specific results come from rate-by-sex, mean-by-sex, count or smam".into()),
            );
            continue;
        }
        if name == "sex" || name == "area" {
            continue;
        }
        if def.measure.is_some() && (measure.is_none() || datasets.is_empty()) {
            // The measure itself is broken (already reported) or has no dataset: nothing to check against.
            continue;
        }
        if measure.is_some() {
            let missing: Vec<&str> =
                datasets.iter().filter(|d| !d.has_dimension(name)).map(|d| d.id.as_str()).collect();
            if !missing.is_empty() {
                let all: Vec<String> = datasets[0]
                    .columns
                    .iter()
                    .map(|c| c.name.clone())
                    .chain(datasets[0].derived.iter().map(|d| d.name.clone()))
                    .collect();
                let hint = did_you_mean(name, all.iter().map(String::as_str));
                ctx.at(
                    b,
                    format!(
                        "breakdown {name:?} is not a code column or derived dimension of dataset {}",
                        missing.join(", ")
                    ),
                    hint,
                );
            }
        } else {
            const KNOWN: &[&str] = &[
                "sex",
                "area",
                "age_group",
                "urban_rural",
                "ethnicity",
                "education",
                "sector",
                "level",
                "disability",
            ];
            ctx.one_of(b, "breakdown", KNOWN);
        }
    }
    if ctx.out.len() > before {
        return None;
    }
    let default_interval = match &measure {
        Some(Measure::Count { .. }) | Some(Measure::Gdi { .. }) | Some(Measure::Gii { .. }) | None => "none",
        Some(Measure::EventRate { .. }) => "poisson-exact",
        Some(Measure::MeanBySex { .. }) => "normal",
        Some(Measure::Derived { kind: DerivedKind::Gap, .. }) => "newcombe",
        Some(Measure::Derived {
            kind: DerivedKind::RatioFm | DerivedKind::Gpi | DerivedKind::AdjustedGpi,
            ..
        }) => "katz",
        Some(Measure::Derived { kind: DerivedKind::PayGap, .. }) => "normal",
        _ => "wilson",
    };
    Some(Indicator {
        id: id.clone(),
        file: ctx.file.to_string(),
        codes: def
            .codes
            .iter()
            .map(|c| OfficialCode {
                framework: c.framework.get_ref().clone(),
                code: c.code.clone(),
                verified: c.verified,
            })
            .collect(),
        name: text(&def.name),
        concept: text(&def.concept),
        theme: def.theme.get_ref().clone(),
        frameworks: def.frameworks.iter().map(|f| f.get_ref().clone()).collect(),
        unverified_frameworks: def.unverified_frameworks.iter().map(|f| f.get_ref().clone()).collect(),
        reported_sex: def.reported_sex.as_ref().and_then(|s| gds_core::Sex::from_code(s.get_ref())),
        unit: def.unit.get_ref().clone(),
        polarity: Polarity::parse(def.polarity.get_ref()).unwrap_or(Polarity::Neutral),
        periodicity: def.periodicity.get_ref().clone(),
        data_source: text(&def.data_source),
        lead_agency: text(&def.lead_agency),
        legal_basis: def.legal_basis.clone(),
        levels: def
            .levels
            .iter()
            .map(|l| IndicatorLevel {
                level: l.level.get_ref().clone(),
                valid_from: l.valid_from.clone(),
                valid_to: l.valid_to.clone(),
            })
            .collect(),
        breakdowns: def.breakdowns.iter().map(|b| b.get_ref().clone()).collect(),
        measure,
        not_computable: def.not_computable.as_ref().map(text),
        interval: def.interval.as_ref().map_or(default_interval.to_string(), |i| i.get_ref().clone()),
        reference_range: def.reference_range,
        small_numbers: def.small_numbers.as_ref().map(|s| (s.suppress_below, s.flag_below)),
        targets,
        chart: def.chart.as_ref().map(|c| c.get_ref().clone()),
        verification: def.verification.status.get_ref().clone(),
        verification_source: def.verification.source.clone(),
    })
}

/// The dataset(s) of a derived measure's base indicator (for breakdown checks).
fn def_base_dataset<'c>(cat: &'c Catalogue, bases: &BaseInfo, base: &str) -> Option<Vec<&'c Dataset>> {
    let (_, datasets) = bases.get(base)?;
    let found: Vec<&Dataset> = datasets.iter().filter_map(|d| cat.datasets.get(d)).collect();
    (!found.is_empty()).then_some(found)
}

fn as_strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn measure(
    ctx: &mut Ctx,
    id: &str,
    m: &MeasureDef,
    cat: &Catalogue,
    base_kinds: &BaseInfo,
) -> Option<Measure> {
    if !ctx.one_of(&m.kind, "measure kind", MEASURE_KINDS) {
        return None;
    }
    let kind = m.kind.get_ref().as_str();
    let before = ctx.out.len();
    let need = |ctx: &mut Ctx, present: bool, key: &str| {
        if !present {
            ctx.at(
                &m.kind,
                format!("measure kind {kind:?} needs `{key}`"),
                Some(format!("add {key} = ... under [measure]")),
            );
        }
    };
    let dataset = |ctx: &mut Ctx, s: &Option<Spanned<String>>| -> Option<&Dataset> {
        let s = s.as_ref()?;
        let d = cat.datasets.get(s.get_ref());
        if d.is_none() {
            let hint = did_you_mean(s.get_ref(), cat.datasets.keys().map(String::as_str));
            ctx.at(s, format!("unknown dataset {:?}", s.get_ref()), hint);
        }
        d
    };
    let filter = |ctx: &mut Ctx, s: &Spanned<String>, ds: &Dataset| -> Option<Filter> {
        match check_filter(s.get_ref(), &Lookup { ds, codelists: &cat.codelists }) {
            Ok(f) => Some(f),
            Err(problems) => {
                for p in problems {
                    let hint = p
                        .subject
                        .as_deref()
                        .and_then(|w| did_you_mean(w, p.candidates.iter().map(String::as_str)));
                    ctx.at(s, format!("{} (dataset {:?})", p.message, ds.id), hint);
                }
                None
            }
        }
    };
    let numeric_col = |ctx: &mut Ctx, s: &Spanned<String>, ds: &Dataset| match ds.column(s.get_ref()) {
        Some(c) if matches!(c.kind, ColumnType::Integer | ColumnType::Number) => {}
        Some(_) => ctx.at(s, format!("column {:?} of dataset {:?} is not numeric", s.get_ref(), ds.id), None),
        None => {
            let hint = did_you_mean(s.get_ref(), ds.columns.iter().map(|c| c.name.as_str()));
            ctx.at(s, format!("dataset {:?} has no column {:?}", ds.id, s.get_ref()), hint);
        }
    };
    let side = |ctx: &mut Ctx, s: &Option<SideDef>, key: &str, need_age: bool| -> Option<Side> {
        let Some(s) = s else {
            ctx.at(&m.kind, format!("measure kind {kind:?} needs `{key} = {{ dataset, filter }}`"), None);
            return None;
        };
        let ds = dataset(ctx, &Some(s.dataset.clone()))?;
        let f = filter(ctx, &s.filter, ds)?;
        if let Some(a) = &s.age {
            numeric_col(ctx, a, ds);
        } else if need_age {
            ctx.at(&s.dataset, format!("`{key}` needs age = \"<column>\" for age-specific rates"), None);
        }
        if ds.area_column().is_none() || ds.period_column().is_none() {
            ctx.at(
                &s.dataset,
                format!("dataset {:?} needs an area and a period column to be joined", ds.id),
                None,
            );
        }
        Some(Side { dataset: ds.id.clone(), filter: f, age: s.age.as_ref().map(|a| a.get_ref().clone()) })
    };
    let scale = m.scale.unwrap_or(match kind {
        "share" | "rate-by-sex" | "sex-ratio" => 100.0,
        _ => 1.0,
    });
    if !(scale.is_finite() && scale > 0.0) {
        ctx.at(&m.kind, format!("scale {scale} must be a positive number"), None);
    }
    let result = match kind {
        "count" | "share" | "rate-by-sex" | "sex-ratio" | "mean-by-sex" | "smam" => {
            need(ctx, m.dataset.is_some(), "dataset");
            need(ctx, m.universe.is_some(), "universe");
            let ds = dataset(ctx, &m.dataset)?;
            // Check every filter before giving up, so all their problems are reported.
            let universe = m.universe.as_ref().and_then(|u| filter(ctx, u, ds));
            let numerator_checked = m.numerator.as_ref().map(|n| filter(ctx, n, ds));
            let universe = universe?;
            let by_sex = matches!(kind, "rate-by-sex" | "sex-ratio" | "mean-by-sex" | "smam");
            if by_sex && ds.sex_column().is_none() {
                ctx.at(
                    &m.kind,
                    format!("measure kind {kind:?} needs a sex column, and dataset {:?} has none", ds.id),
                    None,
                );
            }
            match kind {
                "count" => Measure::Count { dataset: ds.id.clone(), universe },
                "sex-ratio" => Measure::SexRatio { dataset: ds.id.clone(), universe, scale },
                "mean-by-sex" => {
                    need(ctx, m.value.is_some(), "value");
                    let v = m.value.as_ref()?;
                    numeric_col(ctx, v, ds);
                    Measure::MeanBySex { dataset: ds.id.clone(), universe, value: v.get_ref().clone() }
                }
                _ => {
                    need(ctx, m.numerator.is_some(), "numerator");
                    let numerator = numerator_checked.flatten()?;
                    match kind {
                        "share" => Measure::Share { dataset: ds.id.clone(), universe, numerator, scale },
                        "rate-by-sex" => {
                            Measure::RateBySex { dataset: ds.id.clone(), universe, numerator, scale }
                        }
                        _ => {
                            need(ctx, m.age.is_some(), "age");
                            let age = m.age.as_ref()?;
                            numeric_col(ctx, age, ds);
                            Measure::Smam {
                                dataset: ds.id.clone(),
                                universe,
                                never_married: numerator,
                                age: age.get_ref().clone(),
                            }
                        }
                    }
                }
            }
        }
        "event-rate" => {
            let events = side(ctx, &m.events, "events", false);
            let population = side(ctx, &m.population, "population", false);
            let by_sex = m.by_sex.as_ref().is_some_and(|b| *b.get_ref());
            let (events, population) = (events?, population?);
            if by_sex {
                for (side, key) in [(&events, "events"), (&population, "population")] {
                    if cat.datasets.get(&side.dataset).is_some_and(|d| d.sex_column().is_none()) {
                        ctx.at(
                            m.by_sex.as_ref()?,
                            format!(
                                "by-sex = true, but dataset {:?} of `{key}` has no sex column",
                                side.dataset
                            ),
                            Some("an event rate by sex needs a sex column on both sides".into()),
                        );
                    }
                }
            }
            Measure::EventRate { events, population, scale, by_sex }
        }
        "tfr" => {
            let events = side(ctx, &m.events, "events", true);
            let population = side(ctx, &m.population, "population", true);
            Measure::Tfr { events: events?, population: population? }
        }
        "gdi" | "gii" => {
            need(ctx, m.dataset.is_some(), "dataset");
            let ds = dataset(ctx, &m.dataset)?;
            let missing: Vec<&str> =
                COMPOSITE_COLUMNS.iter().copied().filter(|c| ds.column(c).is_none()).collect();
            if !missing.is_empty() {
                ctx.at(
                    m.dataset.as_ref()?,
                    format!("dataset {:?} lacks the composite-index columns {}", ds.id, missing.join(", ")),
                    None,
                );
            }
            if kind == "gdi" {
                Measure::Gdi { dataset: ds.id.clone() }
            } else {
                Measure::Gii { dataset: ds.id.clone() }
            }
        }
        _ => {
            need(ctx, m.base.is_some(), "base");
            let base = m.base.as_ref()?;
            let b = base.get_ref().as_str();
            let derived_kind = match kind {
                "gap" => DerivedKind::Gap,
                "ratio-fm" => DerivedKind::RatioFm,
                "gpi" => DerivedKind::Gpi,
                "adjusted-gpi" => DerivedKind::AdjustedGpi,
                _ => DerivedKind::PayGap,
            };
            match base_kinds.get(b).map(|(k, _)| k) {
                None => {
                    let hint = did_you_mean(b, base_kinds.keys().copied());
                    ctx.at(base, format!("base indicator {b:?} does not exist"), hint);
                }
                Some(bk) => {
                    let ok = match derived_kind {
                        DerivedKind::PayGap => *bk == Some("mean-by-sex"),
                        _ => matches!(bk, Some("rate-by-sex" | "mean-by-sex" | "smam" | "event-rate-by-sex")),
                    };
                    if b == id || !ok {
                        ctx.at(base, format!("base indicator {b:?} (kind {:?}) cannot carry a {kind:?} measure", bk.unwrap_or("none")), Some("derived gender measures need a rate-by-sex or mean-by-sex base (pay-gap: mean-by-sex)".into()));
                    }
                }
            }
            Measure::Derived { kind: derived_kind, base: b.to_string() }
        }
    };
    (ctx.out.len() == before).then_some(result)
}
