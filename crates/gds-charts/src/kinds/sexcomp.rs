//! sex-comparison: bars for women, men (and both sexes) side by side, by a category — age
//! group, urban/rural, another breakdown, or area when there is none.

use super::{
    Env, LOOK_FEMALE, LOOK_MALE, LOOK_TOTAL, Look, Notes, Obs, extent, flag_legend, sex_label, target_stroke,
};
use crate::ChartError;
use crate::data::{Flag, area_rows, target_label, top_area};
use crate::figure::{Align, BBox, Figure, INK, TextItem};
use crate::fonts::text_width;
use crate::layout::{
    Group, HSpec, LegendEntry, Swatch, VALUE_SIZE, backed_text, draw_frame, draw_haxis, draw_hlabels,
    draw_vlines, hlayout_with_lines, hwhisker, nice_ticks, suppressed_box,
};
use gds_core::{ResultRow, TOTAL_CODE};

struct Category<'a> {
    label: String,
    bold: bool,
    separator: bool,
    rows: Vec<&'a ResultRow>,
}

pub(crate) fn sex_comparison(env: &Env) -> Result<Figure, ChartError> {
    let ind = &env.ind;
    let lang = env.lang;
    let Some(sex) = ind.sex else {
        return Err(env.no_data(
            "the table has no female/male breakdown for this indicator — hint: compute it by sex, or \
             draw it as bar-by-area",
        ));
    };
    let period = ind.period(env.ctx)?;
    // The category: age group, urban/rural, then any other breakdown present.
    let mut dims: Vec<usize> = ["age_group", "urban_rural"].iter().filter_map(|d| ind.dim(d)).collect();
    let others: Vec<usize> =
        (0..ind.table.dimensions.len()).filter(|i| *i != sex && !dims.contains(i)).collect();
    dims.extend(others);
    let mut chosen: Option<(usize, Vec<&ResultRow>)> = None;
    for d in dims {
        let rows = ind.select(&period, &[sex, d]);
        let broken: Vec<&ResultRow> = rows.iter().copied().filter(|r| ind.key(r, d) != TOTAL_CODE).collect();
        if let Some((top, _)) = top_area(&broken) {
            chosen = Some((d, rows.into_iter().filter(|r| r.area == top).collect()));
            break;
        }
    }
    let mut cats: Vec<Category> = Vec::new();
    let mut sub: Vec<String> = Vec::new();
    match chosen {
        Some((d, rows)) => {
            let name = ind.table.dimensions[d].clone();
            let mut codes: Vec<&str> = rows.iter().map(|r| ind.key(r, d)).collect();
            codes.sort_by_key(|c| (*c != TOTAL_CODE, ind.code_order(&name, c)));
            codes.dedup();
            for c in codes {
                let label = ind.code_label(&name, c, lang);
                let of: Vec<&ResultRow> = rows.iter().copied().filter(|r| ind.key(r, d) == c).collect();
                let total = c == TOTAL_CODE;
                cats.push(Category { label, bold: total, separator: total, rows: of });
            }
            let dim_label =
                ind.codelist_of(&name).map(|cl| cl.name.get(lang).to_string()).unwrap_or(name.clone());
            if let Some(r) = rows.first() {
                let top = env.area_label(r);
                if env.ctx.place.trim().is_empty() {
                    sub.push(top);
                }
            }
            sub.push(format!("{} {}", env.tr("Theo", "By"), crate::data::decapitalise(&dim_label)));
        }
        None => {
            let rows = ind.select(&period, &[sex]);
            let per_area: Vec<&ResultRow> = rows
                .iter()
                .copied()
                .filter(|r| ind.sex_of(r) == "F" || ind.sex_of(r) == TOTAL_CODE)
                .collect();
            let mut seen = std::collections::BTreeSet::new();
            let one_per_area: Vec<&ResultRow> =
                per_area.into_iter().filter(|r| seen.insert(&r.area)).collect();
            let ar = area_rows(&one_per_area);
            if let Some(p) = ar.parent {
                let of: Vec<&ResultRow> = rows.iter().copied().filter(|r| r.area == p.area).collect();
                cats.push(Category { label: env.area_label(p), bold: true, separator: true, rows: of });
            }
            let mut areas: Vec<Category> = ar
                .areas
                .iter()
                .map(|a| Category {
                    label: env.area_label(a),
                    bold: false,
                    separator: false,
                    rows: rows.iter().copied().filter(|r| r.area == a.area).collect(),
                })
                .collect();
            // Women's value, largest first.
            let female = |c: &Category| {
                c.rows.iter().find(|r| ind.sex_of(r) == "F").and_then(|r| crate::data::drawable(r))
            };
            areas.sort_by(|a, b| match (female(a), female(b)) {
                (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.label.cmp(&b.label)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.label.cmp(&b.label),
            });
            cats.extend(areas);
            sub.push(env.by_level(&ar.level));
        }
    }
    finish(env, cats, &period, sub)
}

fn finish(env: &Env, cats: Vec<Category>, period: &str, mut sub: Vec<String>) -> Result<Figure, ChartError> {
    let ind = &env.ind;
    let lang = env.lang;
    if cats.is_empty() {
        return Err(env.no_data(format!("no rows by sex in {period}")));
    }
    // Both sexes as a third bar, unless the bars would get too thin to label (then women and
    // men only: the comparison the chart is for).
    let groups_n = cats.len() as f64;
    let rows_room = (env.height - 230.0) / (groups_n * 3.0 + (groups_n - 1.0) * 0.8 + 0.6);
    let with_total =
        rows_room >= 14.0 && cats.iter().any(|c| c.rows.iter().any(|r| ind.sex_of(r) == TOTAL_CODE));
    let sexes: Vec<(&str, Look)> = [("F", LOOK_FEMALE), ("M", LOOK_MALE), (TOTAL_CODE, LOOK_TOTAL)]
        .into_iter()
        .filter(|(c, _)| *c != TOTAL_CODE || with_total)
        .collect();
    // Observations per category × sex.
    let obs: Vec<Vec<Option<Obs>>> = cats
        .iter()
        .map(|c| {
            sexes
                .iter()
                .map(|(s, _)| {
                    c.rows.iter().find(|r| ind.sex_of(r) == *s).map(|r| Obs::new(c.label.clone(), r))
                })
                .collect()
        })
        .collect();
    let flat: Vec<&Obs> = obs.iter().flatten().flatten().collect();
    if flat.iter().all(|o| o.value.is_none()) {
        return Err(env.no_data(format!("every value is withheld or missing in {period}")));
    }
    let all_rows: Vec<&ResultRow> = flat.iter().map(|o| o.row).collect();
    let target = ind.target(&all_rows, period);
    let mut notes = Notes { target: target.clone(), ..Notes::default() };
    for row in &obs {
        for o in row {
            match o {
                Some(o) => notes.see(o.flag),
                None => notes.missing = true,
            }
        }
    }
    let any_ci = flat.iter().any(|o| o.ci.is_some());
    if any_ci {
        notes.method = Some(ind.method(&all_rows));
    }
    let mut legend: Vec<LegendEntry> =
        sexes.iter().map(|(s, look)| LegendEntry::new(look.swatch(), sex_label(lang, s))).collect();
    legend.extend(flag_legend(env, &super::LOOK_NEUTRAL, &notes));
    if any_ci {
        legend.push(LegendEntry::new(
            Swatch::Whisker,
            env.tr("Khoảng tin cậy 95 %", "95 % confidence interval"),
        ));
    }
    let suffix = env.suffix();
    if let Some(t) = &target {
        legend.push(LegendEntry::new(Swatch::Line(target_stroke()), target_label(t, &suffix, lang)));
    }
    sub.push(env.period_label(period));
    let frame = env.frame(&sub, legend, &notes);
    let mut fig = env.figure();
    let (area, mut placer) = draw_frame(&mut fig, &frame);

    let extra: Vec<f64> = target.iter().map(|t| t.value).chain([0.0]).collect();
    let (lo, hi) = extent(flat.iter().copied(), &extra).unwrap_or((0.0, 1.0));
    let ticks = nice_ticks(lo.min(0.0), hi, 5);
    let label_of = |o: &Obs| {
        let v = ind.fmt(o.value.unwrap_or_default(), lang);
        if o.flag == Flag::LowN { format!("{v} (*)") } else { v }
    };
    let right = flat
        .iter()
        .filter(|o| o.value.is_some())
        .map(|o| text_width(&label_of(o), VALUE_SIZE, false))
        .fold(0.0, f64::max)
        + 10.0;
    let groups: Vec<Group> = cats
        .iter()
        .map(|c| Group {
            label: c.label.clone(),
            bold: c.bold,
            rows: sexes.len(),
            sublabels: Vec::new(),
            separator_after: c.separator && cats.len() > 1,
        })
        .collect();
    let vlines: Vec<(f64, crate::figure::Stroke, String)> =
        target.iter().map(|t| (t.value, target_stroke(), target_label(t, &suffix, lang))).collect();
    let mut spec = HSpec { groups: groups.clone(), band_rows: 0, right, left: 0.0 };
    let (l, scale, lines) = hlayout_with_lines(area, &mut spec, &ticks, &vlines);
    draw_hlabels(&mut fig, &l, &groups, &mut placer);
    draw_haxis(&mut fig, &l, &scale, &ticks, &env.value_axis(), lang);
    let zero = scale.map(0.0_f64.clamp(ticks.lo, ticks.hi));
    let size = VALUE_SIZE.min(l.slot * 1.05).max(8.0);
    let labelled = crate::layout::value_labels_fit(l.slot * 1.05);
    let mut pending = Vec::new();
    for (row_obs, centres) in obs.iter().zip(&l.rows) {
        for ((o, (_, look)), y) in row_obs.iter().zip(&sexes).zip(centres) {
            let y = *y;
            match o.as_ref().map(|o| (o, o.value)) {
                Some((o, Some(v))) => {
                    let x = scale.map(v);
                    look.bar(&mut fig, BBox::new(zero, y - l.bar / 2.0, x, y + l.bar / 2.0), o.flag);
                    let mut end = x.max(zero);
                    if let Some((a, b)) = o.ci {
                        let (a, b) = (scale.map(a), scale.map(b));
                        hwhisker(&mut fig, a, b, y, (l.bar * 0.3).min(5.0));
                        end = end.max(b);
                    }
                    if labelled {
                        pending.push(TextItem::new(label_of(o), end + 4.0, y, size).color(INK));
                    }
                }
                Some((o, None)) if o.flag == Flag::Suppressed => {
                    let b = suppressed_box(&mut fig, l.data.x0 + 3.0, y, l.bar * 0.9, size);
                    placer.take(b);
                }
                _ => {
                    let b = fig.text(TextItem::new("–", l.data.x0 + 6.0, y, size).align(Align::Left));
                    placer.take(b);
                }
            }
        }
    }
    draw_vlines(&mut fig, &l, &lines, &mut placer);
    let room = BBox::new(l.data.x0, l.band.y0, l.right_edge, l.axis_y);
    for t in pending {
        if let Some(t) = placer.place(vec![t], &room) {
            backed_text(&mut fig, t);
        }
    }
    Ok(fig)
}
