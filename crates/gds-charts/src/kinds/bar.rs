//! bar-by-area: one horizontal bar per area of the lowest level present.

use super::{
    Env, LOOK_FEMALE, LOOK_PRIMARY, Notes, Obs, extent, flag_legend, reference_stroke, sort_desc,
    target_stroke,
};
use crate::ChartError;
use crate::data::{Flag, area_rows, drawable, target_label};
use crate::figure::{Align, BBox, Figure, INK, TextItem};
use crate::fonts::text_width;
use crate::layout::{
    Group, HSpec, LegendEntry, Swatch, VALUE_SIZE, backed_text, draw_frame, draw_haxis, draw_hlabels,
    draw_vlines, hlayout_with_lines, hwhisker, nice_ticks, suppressed_box,
};
use gds_core::{ResultRow, TOTAL_CODE};

pub(crate) fn bar_by_area(env: &Env) -> Result<Figure, ChartError> {
    let ind = &env.ind;
    let lang = env.lang;
    let period = ind.period(env.ctx)?;
    let free: Vec<usize> = ind.sex.into_iter().collect();
    let all = ind.select(&period, &free);
    // Indicators by sex: the women's bars (the report is about women); say so in the subtitle.
    let female = ind.sex.is_some() && all.iter().any(|r| ind.sex_of(r) == "F");
    let want = if female { "F" } else { TOTAL_CODE };
    let rows: Vec<&ResultRow> = all.into_iter().filter(|r| ind.sex_of(r) == want).collect();
    if rows.is_empty() {
        return Err(env.no_data(format!(
            "no rows for {period} with every breakdown at \"_T\" (all values) — hint: compute the \
             indicator by area without other breakdowns"
        )));
    }
    let ar = area_rows(&rows);
    let mut items: Vec<Obs> = ar.areas.iter().map(|r| Obs::new(env.area_label(r), r)).collect();
    sort_desc(&mut items);
    if items.iter().all(|o| o.value.is_none()) {
        return Err(env.no_data(format!(
            "all {} areas are withheld or missing in {period} — hint: a higher level (fewer, larger \
             areas) may have enough observations",
            items.len()
        )));
    }
    let look = if female { LOOK_FEMALE } else { LOOK_PRIMARY };
    let target = ind.target(&rows, &period);
    let parent = ar.parent.filter(|p| drawable(p).is_some());

    let mut notes = Notes { target: target.clone(), ..Notes::default() };
    for o in &items {
        notes.see(o.flag);
    }
    let any_ci = items.iter().any(|o| o.ci.is_some());
    if any_ci {
        notes.method = Some(ind.method(&rows));
    }

    // Legend.
    let bars_label = {
        let level = crate::data::level_name(ind.cat, &ar.level, lang);
        if female { format!("{level} — {}", env.tr("nữ", "women")) } else { level }
    };
    let mut legend = vec![LegendEntry::new(look.swatch(), bars_label)];
    legend.extend(flag_legend(env, &look, &notes));
    if any_ci {
        legend.push(LegendEntry::new(
            Swatch::Whisker,
            env.tr("Khoảng tin cậy 95 %", "95 % confidence interval"),
        ));
    }
    let suffix = env.suffix();
    let mut vlines: Vec<(f64, crate::figure::Stroke, String)> = Vec::new();
    if let Some(t) = &target {
        legend.push(LegendEntry::new(Swatch::Line(target_stroke()), target_label(t, &suffix, lang)));
        vlines.push((t.value, target_stroke(), target_label(t, &suffix, lang)));
    }
    if let Some(p) = parent {
        let v = drawable(p).unwrap_or_default();
        let name = env.area_label(p);
        let text = format!("{name}: {}", env.value_text(v));
        legend.push(LegendEntry::new(Swatch::Line(reference_stroke()), text.clone()));
        vlines.push((v, reference_stroke(), text));
    }

    let mut sub = vec![env.by_level(&ar.level), env.period_label(&period)];
    if female {
        sub.push(env.tr("Số liệu của nữ", "Women").to_string());
    }
    let frame = env.frame(&sub, legend, &notes);
    let mut fig = env.figure();
    let (area, mut placer) = draw_frame(&mut fig, &frame);

    // Scale.
    let extra: Vec<f64> = vlines.iter().map(|v| v.0).chain([0.0]).collect();
    let (lo, hi) = extent(items.iter(), &extra).unwrap_or((0.0, 1.0));
    let ticks = nice_ticks(lo.min(0.0), hi, 5);
    let value_label = |o: &Obs| -> String {
        let v = ind.fmt(o.value.unwrap_or_default(), lang);
        if o.flag == Flag::LowN { format!("{v} (*)") } else { v }
    };
    let right = items
        .iter()
        .filter(|o| o.value.is_some())
        .map(|o| text_width(&value_label(o), VALUE_SIZE, false))
        .fold(0.0, f64::max)
        + 10.0;
    let groups: Vec<Group> = items.iter().map(|o| Group::one(o.label.clone())).collect();
    let mut spec = HSpec { groups: groups.clone(), band_rows: 0, right, left: 0.0 };
    let (l, scale, lines) = hlayout_with_lines(area, &mut spec, &ticks, &vlines);
    draw_hlabels(&mut fig, &l, &groups, &mut placer);
    draw_haxis(&mut fig, &l, &scale, &ticks, &env.value_axis(), lang);

    let zero = scale.map(0.0_f64.clamp(ticks.lo, ticks.hi));
    let label_room = BBox::new(l.data.x0, l.band.y0, l.right_edge, l.axis_y);
    let value_size = VALUE_SIZE.min(l.slot * 0.95).max(8.0);
    let labelled = crate::layout::value_labels_fit(l.slot * 0.95);
    let mut pending: Vec<TextItem> = Vec::new();
    for (o, centres) in items.iter().zip(&l.rows) {
        let y = centres[0];
        match o.value {
            Some(v) => {
                let x = scale.map(v);
                let r = BBox::new(zero, y - l.bar / 2.0, x, y + l.bar / 2.0);
                look.bar(&mut fig, r, o.flag);
                let mut end = x.max(zero);
                if let Some((lo, hi)) = o.ci {
                    let (a, b) = (scale.map(lo), scale.map(hi));
                    hwhisker(&mut fig, a, b, y, (l.bar * 0.28).min(6.0));
                    end = end.max(b);
                }
                if labelled {
                    pending.push(TextItem::new(value_label(o), end + 5.0, y, value_size).color(INK));
                }
            }
            None => {
                if o.flag == Flag::Suppressed {
                    let b = suppressed_box(&mut fig, l.data.x0 + 3.0, y, l.bar * 0.8, value_size);
                    placer.take(b);
                } else {
                    let b = fig.text(TextItem::new("–", l.data.x0 + 6.0, y, value_size).align(Align::Left));
                    placer.take(b);
                }
            }
        }
    }
    draw_vlines(&mut fig, &l, &lines, &mut placer);
    for t in pending {
        if let Some(t) = placer.place(vec![t], &label_room) {
            backed_text(&mut fig, t);
        }
    }
    Ok(fig)
}
