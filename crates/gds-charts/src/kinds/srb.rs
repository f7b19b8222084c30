//! srb: sex ratio (at birth) by area with intervals, against the indicator's reference range
//! (103–107 for births) and the biological norm of 105. A filled marker says the whole
//! interval lies outside the range — the imbalance is unlikely to be chance.

use super::{Env, Notes, Obs, extent, sort_desc, target_stroke};
use crate::ChartError;
use crate::data::{Flag, area_rows, target_label};
use crate::figure::{Align, BAND, BBox, Figure, INK, MUTED, Stroke, TextItem, WHITE};
use crate::fonts::text_width;
use crate::layout::{
    Group, HSpec, LegendEntry, Marker, Shape, Swatch, VALUE_SIZE, backed_text, draw_frame, draw_haxis,
    draw_hlabels, draw_vlines, hlayout_with_lines, hwhisker, marker, nice_ticks,
};
use gds_core::{Lang, ResultRow, TOTAL_CODE};

fn outside_marker() -> Marker {
    Marker { shape: Shape::Diamond, fill: Some(INK), stroke: INK, r: 5.5 }
}

fn inside_marker() -> Marker {
    Marker { shape: Shape::Circle, fill: Some(WHITE), stroke: INK, r: 5.0 }
}

pub(crate) fn srb(env: &Env) -> Result<Figure, ChartError> {
    let ind = &env.ind;
    let lang = env.lang;
    let period = ind.period(env.ctx)?;
    let rows: Vec<&ResultRow> =
        ind.select(&period, &[]).into_iter().filter(|r| ind.sex_of(r) == TOTAL_CODE).collect();
    if rows.is_empty() {
        return Err(env.no_data(format!(
            "no rows for {period} with every breakdown at \"_T\" — hint: compute the ratio by area"
        )));
    }
    let ar = area_rows(&rows);
    let mut items: Vec<Obs> = ar.areas.iter().map(|r| Obs::new(env.area_label(r), r)).collect();
    sort_desc(&mut items);
    let parent = ar.parent.map(|p| Obs::new(env.area_label(p), p));
    let all: Vec<&Obs> = parent.iter().chain(items.iter()).collect();
    if all.iter().all(|o| o.value.is_none()) {
        return Err(env.no_data(format!("every value is withheld or missing in {period}")));
    }
    let range = ind.def.reference_range;
    let mid = range.map(|[a, b]| (a + b) / 2.0);
    let all_rows: Vec<&ResultRow> = all.iter().map(|o| o.row).collect();
    let target = ind.target(&all_rows, &period);
    let mut notes = Notes { target: target.clone(), ..Notes::default() };
    for o in &all {
        notes.see(o.flag);
    }
    let any_ci = all.iter().any(|o| o.ci.is_some());
    if any_ci {
        notes.method = Some(ind.method(&all_rows));
    }
    let fmt_ref = |v: f64| crate::data::fmt_target(v, lang);
    let mut legend = Vec::new();
    let mut vlines: Vec<(f64, Stroke, String)> = Vec::new();
    if let (Some([a, b]), Some(m)) = (range, mid) {
        let band_label = match lang {
            Lang::Vi => format!("Khoảng tham chiếu {}–{}", fmt_ref(a), fmt_ref(b)),
            Lang::En => format!("Reference range {}–{}", fmt_ref(a), fmt_ref(b)),
        };
        legend.push(LegendEntry::new(Swatch::Band(BAND), band_label));
        let mid_label = match lang {
            Lang::Vi => format!("Mức tự nhiên {}", fmt_ref(m)),
            Lang::En => format!("Natural level {}", fmt_ref(m)),
        };
        legend.push(LegendEntry::new(Swatch::Line(Stroke::solid(MUTED, 1.4)), mid_label.clone()));
        vlines.push((m, Stroke::solid(MUTED, 1.4), mid_label));
        if any_ci {
            legend.push(LegendEntry::new(
                Swatch::Marker(outside_marker()),
                env.tr(
                    "Cả khoảng tin cậy nằm ngoài khoảng tham chiếu",
                    "Whole interval outside the reference range",
                ),
            ));
            legend.push(LegendEntry::new(
                Swatch::Marker(inside_marker()),
                env.tr("Khoảng tin cậy chạm khoảng tham chiếu", "Interval overlaps the reference range"),
            ));
        }
    }
    if any_ci {
        legend.push(LegendEntry::new(
            Swatch::Whisker,
            env.tr("Khoảng tin cậy 95 %", "95 % confidence interval"),
        ));
    }
    let suffix = env.suffix();
    if let Some(t) = &target {
        let text = target_label(t, &suffix, lang);
        legend.push(LegendEntry::new(Swatch::Line(target_stroke()), text.clone()));
        vlines.push((t.value, target_stroke(), text));
    }
    let sub = vec![env.by_level(&ar.level), env.period_label(&period)];
    let frame = env.frame(&sub, legend, &notes);
    let mut fig = env.figure();
    let (area, mut placer) = draw_frame(&mut fig, &frame);

    let mut extra: Vec<f64> = vlines.iter().map(|v| v.0).collect();
    if let Some([a, b]) = range {
        extra.extend([a, b]);
    }
    let (lo, hi) = extent(all.iter().copied(), &extra).unwrap_or((100.0, 110.0));
    let pad = ((hi - lo) * 0.04).max(0.5);
    let ticks = nice_ticks(lo - pad, hi + pad, 6);
    let label_of = |o: &Obs| {
        let v = ind.fmt(o.value.unwrap_or_default(), lang);
        if o.flag == Flag::LowN { format!("{v} (*)") } else { v }
    };
    let right = all
        .iter()
        .filter(|o| o.value.is_some())
        .map(|o| text_width(&label_of(o), VALUE_SIZE, false))
        .fold(0.0, f64::max)
        + 10.0;
    let mut groups: Vec<Group> = Vec::new();
    if let Some(p) = &parent {
        groups.push(Group {
            label: p.label.clone(),
            bold: true,
            rows: 1,
            sublabels: Vec::new(),
            separator_after: true,
        });
    }
    groups.extend(items.iter().map(|o| Group::one(o.label.clone())));
    let mut spec = HSpec { groups: groups.clone(), band_rows: 0, right, left: 0.0 };
    let (l, scale, lines) = hlayout_with_lines(area, &mut spec, &ticks, &vlines);
    if let Some([a, b]) = range {
        fig.rect(BBox::new(scale.map(a), l.data.y0, scale.map(b), l.data.y1), Some(BAND), None);
    }
    draw_hlabels(&mut fig, &l, &groups, &mut placer);
    draw_haxis(&mut fig, &l, &scale, &ticks, &env.value_axis(), lang);
    draw_vlines(&mut fig, &l, &lines, &mut placer);
    let room = BBox::new(l.data.x0, l.band.y0, l.right_edge, l.axis_y);
    let size = VALUE_SIZE.min(l.slot * 0.8).max(8.0);
    let mut pending = Vec::new();
    for (o, centres) in all.iter().zip(&l.rows) {
        let y = centres[0];
        let Some(v) = o.value else {
            let mark = if o.flag == Flag::Suppressed { "x" } else { "–" };
            let b = fig.text(TextItem::new(mark, l.data.x0 + 8.0, y, size).align(Align::Center).bold());
            placer.take(b);
            continue;
        };
        let x = scale.map(v);
        let mut end = x;
        let outside = match (o.ci, range) {
            (Some((a, b)), Some([lo_r, hi_r])) => b < lo_r || a > hi_r,
            _ => false,
        };
        if let Some((a, b)) = o.ci {
            hwhisker(&mut fig, scale.map(a), scale.map(b), y, (l.bar * 0.3).min(6.0));
            end = end.max(scale.map(b));
        }
        let mk = if outside { outside_marker() } else { inside_marker() };
        marker(&mut fig, (x, y), &mk);
        placer.take(BBox::new(x - mk.r * 1.3, y - mk.r * 1.3, x + mk.r * 1.3, y + mk.r * 1.3));
        let text = label_of(o);
        pending.push(vec![
            TextItem::new(&text, end + 6.0, y, size).color(INK),
            TextItem::new(&text, x, y - l.slot * 0.42, size * 0.9).align(Align::Center).color(INK),
        ]);
    }
    for c in pending {
        if let Some(t) = placer.place(c, &room) {
            backed_text(&mut fig, t);
        }
    }
    Ok(fig)
}
