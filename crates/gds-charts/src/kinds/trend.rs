//! trend: values over every period in the table for the top area, with interval bands.

use super::{Env, Notes, Obs, extent, sex_label, target_stroke};
use crate::ChartError;
use crate::data::{Flag, focus_area, target_label};
use crate::figure::{
    ASCENT, AXIS, Align, BBox, Dash, FEMALE, Figure, GRID, INK, LINE, MALE_DARK, MUTED, PRIMARY, Rgb, Stroke,
    TOTAL, TextItem,
};
use crate::fonts::text_width;
use crate::layout::{
    AXIS_TITLE_SIZE, LEGEND_SIZE, LegendEntry, Linear, Marker, Shape, Swatch, TICK_SIZE, VALUE_SIZE,
    backed_text, draw_frame, marker, nice_ticks, vwhisker,
};
use gds_core::{ResultRow, TOTAL_CODE};
use std::collections::BTreeSet;

struct Series<'a> {
    name: String,
    /// Colour of the series' labels (darker than a light line colour).
    ink: Rgb,
    stroke: Stroke,
    marker: Marker,
    band: Rgb,
    points: Vec<Option<Obs<'a>>>,
}

pub(crate) fn trend(env: &Env) -> Result<Figure, ChartError> {
    let ind = &env.ind;
    let lang = env.lang;
    let free: Vec<usize> = ind.sex.into_iter().collect();
    let rows: Vec<&ResultRow> = ind.rows.iter().copied().filter(|r| ind.totals_except(r, &free)).collect();
    let Some((top, _)) = focus_area(&rows, env.ctx.focus.as_deref()) else {
        return Err(env.no_data(
            "no rows with every breakdown at \"_T\" — hint: compute the indicator without breakdowns \
             other than sex",
        ));
    };
    let rows: Vec<&ResultRow> = rows.into_iter().filter(|r| r.area == top).collect();
    let periods: Vec<String> =
        rows.iter().map(|r| r.period.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    let by_sex = ind.sex.is_some() && rows.iter().any(|r| ind.sex_of(r) == "F");
    let codes: Vec<&str> = if by_sex {
        ["F", "M", TOTAL_CODE].into_iter().filter(|c| rows.iter().any(|r| ind.sex_of(r) == *c)).collect()
    } else {
        vec![TOTAL_CODE]
    };
    let top_row = rows[0];
    let top_name = env.area_label(top_row);
    let mut series: Vec<Series> = Vec::new();
    for code in &codes {
        let (name, stroke, mk, band) = match (*code, by_sex) {
            ("F", _) => (
                sex_label(lang, "F"),
                Stroke::solid(FEMALE, 2.4),
                Marker { shape: Shape::Circle, fill: Some(FEMALE), stroke: FEMALE, r: 5.0 },
                Rgb(0xe9, 0xe1, 0xf1),
            ),
            ("M", _) => (
                sex_label(lang, "M"),
                Stroke::dashed(MALE_DARK, 2.2, Dash::Dashed),
                Marker { shape: Shape::Square, fill: None, stroke: MALE_DARK, r: 5.0 },
                Rgb(0xdf, 0xf1, 0xeb),
            ),
            (_, true) => (
                sex_label(lang, TOTAL_CODE),
                Stroke::dashed(TOTAL, 2.0, Dash::Dotted),
                Marker { shape: Shape::Triangle, fill: Some(TOTAL), stroke: Rgb(0x5a, 0x5a, 0x5a), r: 4.5 },
                Rgb(0xee, 0xee, 0xee),
            ),
            (_, false) => (
                top_name.clone(),
                Stroke::solid(PRIMARY, 2.4),
                Marker { shape: Shape::Circle, fill: Some(PRIMARY), stroke: PRIMARY, r: 5.0 },
                Rgb(0xdc, 0xe8, 0xf1),
            ),
        };
        let points = periods
            .iter()
            .map(|p| {
                rows.iter().find(|r| &r.period == p && ind.sex_of(r) == *code).map(|r| Obs::new(p.clone(), r))
            })
            .collect();
        let ink = if stroke.color == TOTAL { Rgb(0x4d, 0x4d, 0x4d) } else { stroke.color };
        series.push(Series { name, ink, stroke, marker: mk, band, points });
    }
    let all: Vec<&Obs> = series.iter().flat_map(|s| s.points.iter().flatten()).collect();
    if all.iter().all(|o| o.value.is_none()) {
        return Err(env.no_data("every value of the top area is withheld or missing"));
    }
    let last_period = periods.last().cloned().unwrap_or_default();
    let drawn_rows: Vec<&ResultRow> = all.iter().map(|o| o.row).collect();
    let target = ind.target(&drawn_rows, &last_period);
    let mut notes = Notes { target: target.clone(), ..Notes::default() };
    for o in &all {
        notes.see(o.flag);
    }
    let any_ci = all.iter().any(|o| o.ci.is_some());
    if any_ci {
        notes.method = Some(ind.method(&drawn_rows));
    }
    let mut legend: Vec<LegendEntry> = series
        .iter()
        .map(|s| LegendEntry::new(Swatch::LineMarker(s.stroke, s.marker), s.name.clone()))
        .collect();
    if any_ci {
        legend.push(LegendEntry::new(
            Swatch::Band(Rgb(0xe6, 0xe6, 0xe6)),
            env.tr("Khoảng tin cậy 95 % (vùng tô)", "95 % confidence interval (shaded)"),
        ));
    }
    let suffix = env.suffix();
    if let Some(t) = &target {
        legend.push(LegendEntry::new(Swatch::Line(target_stroke()), target_label(t, &suffix, lang)));
    }
    let span = match (periods.first(), periods.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.clone(),
        _ => String::new(),
    };
    let mut sub = Vec::new();
    if env.ctx.place.trim().is_empty() {
        sub.push(top_name.clone());
    }
    sub.push(format!("{} {span}", env.tr("Giai đoạn", "Period")));
    if by_sex {
        sub.push(env.tr("Theo giới tính", "By sex").to_string());
    }
    let frame = env.frame(&sub, legend, &notes);
    let mut fig = env.figure();
    let (area, mut placer) = draw_frame(&mut fig, &frame);

    // Scale.
    let extra: Vec<f64> = target.iter().map(|t| t.value).collect();
    let (mut lo, mut hi) = extent(all.iter().copied(), &extra).unwrap_or((0.0, 1.0));
    let pad = ((hi - lo) * 0.1).max(hi.abs() * 0.02).max(1e-6);
    let nonneg = lo >= 0.0;
    lo -= pad;
    hi += pad;
    if nonneg {
        lo = lo.max(0.0);
    }
    // Rates, ratios, counts and TFR are read against zero: an axis from 2.025 to 2.175 makes a
    // change of 0.02 children per woman look large. A zoomed axis is kept only where the
    // indicator has a reference range to read against (the sex ratio at birth, 103–107).
    if nonneg && ind.def.reference_range.is_none() {
        lo = 0.0;
    }
    if ind.is_percent() && hi <= 100.0 + pad {
        hi = hi.min(100.0);
    }
    let ticks = nice_ticks(lo, hi, 5);

    // Plot box.
    let tick_w =
        ticks.values.iter().map(|v| text_width(&ticks.label(*v, lang), TICK_SIZE, false)).fold(0.0, f64::max);
    let right = series.iter().map(|s| text_width(&s.name, LEGEND_SIZE, true)).fold(0.0, f64::max) + 18.0;
    let title_h = AXIS_TITLE_SIZE * LINE + 16.0;
    let plot = BBox::new(
        area.x0 + tick_w + 10.0,
        area.y0 + title_h,
        area.x1 - right,
        area.y1 - TICK_SIZE * LINE - 10.0,
    );
    let ys = Linear { d0: ticks.lo, d1: ticks.hi, r0: plot.y1, r1: plot.y0 };
    let slot = plot.w() / periods.len().max(1) as f64;
    let xs: Vec<f64> = (0..periods.len()).map(|i| plot.x0 + slot * (i as f64 + 0.5)).collect();

    // Axes.
    let b = fig.text(
        TextItem::new(env.value_axis(), area.x0, area.y0 + ASCENT * AXIS_TITLE_SIZE, AXIS_TITLE_SIZE)
            .color(INK),
    );
    placer.take(b);
    for v in &ticks.values {
        let y = ys.map(*v);
        fig.seg((plot.x0, y), (plot.x1, y), Stroke::solid(GRID, 1.0));
        let b = fig.text(
            TextItem::new(ticks.label(*v, lang), plot.x0 - 8.0, y, TICK_SIZE)
                .align(Align::Right)
                .color(MUTED),
        );
        placer.take(b);
    }
    fig.seg((plot.x0, plot.y1), (plot.x1, plot.y1), Stroke::solid(AXIS, 1.0));
    for (x, p) in xs.iter().zip(&periods) {
        fig.seg((*x, plot.y1), (*x, plot.y1 + 4.0), Stroke::solid(AXIS, 1.0));
        let b = fig.text(
            TextItem::new(p, *x, plot.y1 + 6.0 + ASCENT * TICK_SIZE, TICK_SIZE)
                .align(Align::Center)
                .color(MUTED),
        );
        placer.take(b);
    }

    // Bands (runs of consecutive intervals), or whiskers for single points.
    for s in &series {
        let mut run: Vec<(f64, f64, f64)> = Vec::new();
        let flush = |fig: &mut Figure, run: &mut Vec<(f64, f64, f64)>| {
            if run.len() >= 2 {
                let mut pts: Vec<(f64, f64)> = run.iter().map(|(x, _, u)| (*x, ys.map(*u))).collect();
                pts.extend(run.iter().rev().map(|(x, l, _)| (*x, ys.map(*l))));
                fig.polygon(pts, s.band, None);
            } else if let Some((x, l, u)) = run.first() {
                vwhisker(fig, *x, ys.map(*l), ys.map(*u), 5.0);
            }
            run.clear();
        };
        for (x, p) in xs.iter().zip(&s.points) {
            match p.as_ref().and_then(|o| o.ci) {
                Some((l, u)) => run.push((*x, l, u)),
                None => flush(&mut fig, &mut run),
            }
        }
        flush(&mut fig, &mut run);
    }
    // Target line.
    let target_y = target.as_ref().map(|t| ys.map(t.value)).filter(|y| *y >= plot.y0 && *y <= plot.y1);
    if let Some(y) = target_y {
        fig.seg((plot.x0, y), (plot.x1, y), target_stroke());
    }
    // Lines (broken at missing values) and markers.
    for s in &series {
        let mut run: Vec<(f64, f64)> = Vec::new();
        for (x, p) in xs.iter().zip(&s.points) {
            match p.as_ref().and_then(|o| o.value) {
                Some(v) => run.push((*x, ys.map(v))),
                None => {
                    if run.len() >= 2 {
                        fig.line(std::mem::take(&mut run), s.stroke);
                    }
                    run.clear();
                }
            }
        }
        if run.len() >= 2 {
            fig.line(run, s.stroke);
        }
    }
    for s in &series {
        for (x, p) in xs.iter().zip(&s.points) {
            if let Some(v) = p.as_ref().and_then(|o| o.value) {
                let c = (*x, ys.map(v));
                marker(&mut fig, c, &s.marker);
                let r = s.marker.r * 1.3;
                placer.take(BBox::new(c.0 - r, c.1 - r, c.0 + r, c.1 + r));
            }
        }
    }
    let room = BBox::new(plot.x0, area.y0, area.x1, plot.y1);
    // Target label.
    if let (Some(t), Some(y)) = (&target, target_y) {
        let text = target_label(t, &suffix, lang);
        let cands = vec![
            TextItem::new(&text, plot.x1 - 3.0, y - 10.0, AXIS_TITLE_SIZE).align(Align::Right),
            TextItem::new(&text, plot.x1 - 3.0, y + 11.0, AXIS_TITLE_SIZE).align(Align::Right),
            TextItem::new(&text, plot.x0 + 3.0, y - 10.0, AXIS_TITLE_SIZE),
            TextItem::new(&text, plot.x0 + 3.0, y + 11.0, AXIS_TITLE_SIZE),
        ];
        let cands: Vec<TextItem> = cands.into_iter().map(|c| c.color(crate::figure::TARGET)).collect();
        let fallback = cands[0].clone();
        let t = placer.place(cands, &room).unwrap_or(fallback);
        backed_text(&mut fig, t);
    }
    // Value labels: the highest series at a period above its point, the others below.
    for (i, x) in xs.iter().enumerate() {
        let mut at: Vec<(f64, &Series, &Obs)> = series
            .iter()
            .filter_map(|s| s.points[i].as_ref().and_then(|o| o.value.map(|v| (v, s, o))))
            .collect();
        at.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (k, (v, s, o)) in at.iter().enumerate() {
            let y = ys.map(*v);
            let text =
                if o.flag == Flag::LowN { format!("{} (*)", ind.fmt(*v, lang)) } else { ind.fmt(*v, lang) };
            let d = s.marker.r + 9.0;
            let above = TextItem::new(&text, *x, y - d, VALUE_SIZE).align(Align::Center);
            let below = TextItem::new(&text, *x, y + d + 2.0, VALUE_SIZE).align(Align::Center);
            let right = TextItem::new(&text, *x + s.marker.r + 5.0, y, VALUE_SIZE);
            let left = TextItem::new(&text, *x - s.marker.r - 5.0, y, VALUE_SIZE).align(Align::Right);
            let cands =
                if k == 0 { vec![above, below, right, left] } else { vec![below, above, right, left] };
            if let Some(t) = placer.place(cands.into_iter().map(|c| c.color(s.ink)).collect(), &room) {
                backed_text(&mut fig, t);
            }
        }
        // Withheld values: "x" just above the axis.
        for s in &series {
            if let Some(o) = s.points[i].as_ref().filter(|o| o.value.is_none()) {
                let mark = if o.flag == Flag::Suppressed { "x" } else { "–" };
                let t = TextItem::new(mark, *x, plot.y1 - 10.0, VALUE_SIZE).align(Align::Center).bold();
                if let Some(t) = placer.place(vec![t.clone(), TextItem { y: plot.y1 - 26.0, ..t }], &room) {
                    fig.text(t);
                }
            }
        }
    }
    // Direct labels at the end of each line.
    for s in &series {
        let Some((i, v)) =
            s.points.iter().enumerate().rev().find_map(|(i, p)| p.as_ref()?.value.map(|v| (i, v)))
        else {
            continue;
        };
        let (x, y) = (xs[i], ys.map(v));
        let lx = if i + 1 == xs.len() { plot.x1 + 8.0 } else { x + s.marker.r + 6.0 };
        let cands: Vec<TextItem> = [0.0, -12.0, 12.0, -24.0, 24.0, -36.0, 36.0]
            .iter()
            .map(|dy| TextItem::new(&s.name, lx, y + dy, LEGEND_SIZE).bold().color(s.ink))
            .collect();
        if let Some(t) = placer.place(cands, &BBox::new(plot.x0, area.y0, area.x1, area.y1)) {
            fig.text(t);
        }
    }
    Ok(fig)
}
