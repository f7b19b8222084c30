//! pyramid: age groups × sex, men on the left and women on the right (the Vietnamese
//! statistical convention), as percent of the total population drawn.

use super::{Env, LOOK_FEMALE, LOOK_MALE, Notes, sex_label};
use crate::ChartError;
use crate::data::{Flag, Ind, drawable, flag, focus_area};
use crate::figure::{ASCENT, AXIS, Align, BBox, Figure, GRID, INK, LINE, MUTED, Stroke, TextItem};
use crate::fonts::text_width;
use crate::layout::{
    AXIS_TITLE_SIZE, LABEL_SIZE, Linear, TICK_SIZE, VALUE_SIZE, draw_frame, nice_ticks, suppressed_box,
};
use crate::layout::{LegendEntry, Swatch};
use gds_core::{ResultRow, ResultTable, TOTAL_CODE, format_number};
use gds_indicators::Catalogue;

/// The age dimension of the table (`age_group`, else a dimension whose name ends in `age_group`).
fn age_dim(ind: &Ind) -> Option<usize> {
    ind.dim("age_group").or_else(|| ind.table.dimensions.iter().position(|d| d.ends_with("age_group")))
}

/// Age codes to draw: the 5-year scheme when at least three of its codes are present, else
/// every non-total code present; in code-list order.
fn age_codes(ind: &Ind, dim: usize, rows: &[&ResultRow]) -> Vec<String> {
    let name = ind.table.dimensions[dim].clone();
    let mut present: Vec<String> =
        rows.iter().map(|r| ind.key(r, dim).to_string()).filter(|c| c != TOTAL_CODE).collect();
    present.sort_by_key(|c| ind.code_order(&name, c));
    present.dedup();
    if let Some(cl) = ind.codelist_of(&name) {
        let five: Vec<String> =
            cl.scheme("5y").iter().map(|c| c.code.clone()).filter(|c| present.contains(c)).collect();
        if five.len() >= 3 {
            return five;
        }
    }
    present
}

/// Whether the table holds counts by sex and age group for `indicator`.
pub(crate) fn has_pyramid_data(table: &ResultTable, cat: &Catalogue, indicator: &str) -> bool {
    let Ok(ind) = Ind::new(table, cat, indicator) else { return false };
    let (Some(sex), Some(age)) = (ind.sex, age_dim(&ind)) else { return false };
    let rows: Vec<&ResultRow> =
        ind.rows.iter().copied().filter(|r| ind.totals_except(r, &[sex, age])).collect();
    ind.is_count()
        && rows.iter().any(|r| ind.key(r, sex) == "F" && ind.key(r, age) != TOTAL_CODE)
        && rows.iter().any(|r| ind.key(r, sex) == "M" && ind.key(r, age) != TOTAL_CODE)
        && age_codes(&ind, age, &rows).len() >= 2
}

pub(crate) fn pyramid(env: &Env) -> Result<Figure, ChartError> {
    let ind = &env.ind;
    let lang = env.lang;
    let (Some(sex), Some(age)) = (ind.sex, age_dim(ind)) else {
        return Err(env.no_data(
            "a pyramid needs counts by sex (F/M) and age group — hint: compute the indicator with the \
             breakdowns sex and age_group",
        ));
    };
    let period = ind.period(env.ctx)?;
    let rows: Vec<&ResultRow> = ind
        .select(&period, &[sex, age])
        .into_iter()
        .filter(|r| ind.key(r, age) != TOTAL_CODE && matches!(ind.key(r, sex), "F" | "M"))
        .collect();
    let Some((top, _)) = focus_area(&rows, env.ctx.focus.as_deref()) else {
        return Err(env.no_data(format!("no rows by sex and age group in {period}")));
    };
    let rows: Vec<&ResultRow> = rows.into_iter().filter(|r| r.area == top).collect();
    let mut ages = age_codes(ind, age, &rows);
    // Age groups outside the indicator's universe (0–64 of a population aged 65 and over)
    // count nobody: drawn, they are rows of nothing. Zero groups at either end are left out;
    // a zero group between others stays (a gap is information).
    let nobody = |code: &String| {
        ["F", "M"].iter().all(|s| {
            rows.iter().any(|r| ind.key(r, age) == code && ind.key(r, sex) == *s && r.value == Some(0.0))
        })
    };
    while ages.first().is_some_and(nobody) {
        ages.remove(0);
    }
    while ages.last().is_some_and(nobody) {
        ages.pop();
    }
    if ages.len() < 2 {
        return Err(
            env.no_data("fewer than two age groups — hint: break the counts down by 5-year age group")
        );
    }
    let get =
        |code: &str, s: &str| rows.iter().copied().find(|r| ind.key(r, age) == code && ind.key(r, sex) == s);
    let total: f64 =
        rows.iter().filter(|r| ages.iter().any(|a| a == ind.key(r, age))).filter_map(|r| drawable(r)).sum();
    if total <= 0.0 {
        return Err(env.no_data("the counts add up to zero"));
    }
    let pct = |r: Option<&ResultRow>| r.and_then(drawable).map(|v| v / total * 100.0);
    let dim_name = ind.table.dimensions[age].clone();
    let labels: Vec<String> = ages.iter().map(|a| ind.code_label(&dim_name, a, lang)).collect();

    let mut notes = Notes::default();
    for a in &ages {
        for s in ["F", "M"] {
            match get(a, s) {
                Some(r) => notes.see(flag(r)),
                None => notes.missing = true,
            }
        }
    }
    let total_txt = format!("{} {}", format_number(total, 0, lang), env.suffix());
    notes.extra.push(match lang {
        gds_core::Lang::Vi => format!("Tổng số trong tháp: {total_txt} (= 100 %)"),
        gds_core::Lang::En => format!("Total in the pyramid: {total_txt} (= 100 %)"),
    });
    let mut legend = vec![
        LegendEntry::new(LOOK_MALE.swatch(), sex_label(lang, "M")),
        LegendEntry::new(LOOK_FEMALE.swatch(), sex_label(lang, "F")),
    ];
    if notes.low_n {
        legend.push(LegendEntry::new(
            super::LOOK_NEUTRAL.low_n_swatch(),
            env.tr("Ít quan sát (*)", "Few observations (*)"),
        ));
    }
    if notes.suppressed {
        legend.push(LegendEntry::new(
            Swatch::Fill {
                fill: crate::figure::WHITE,
                hatch: None,
                outline: Some(Stroke::dashed(crate::figure::FAINT, 1.0, crate::figure::Dash::Dashed)),
            },
            env.tr("Không công bố (x)", "Not published (x)"),
        ));
    }
    let top_row = rows[0];
    let mut sub = Vec::new();
    let top_name = env.area_label(top_row);
    if env.ctx.place.trim().is_empty() {
        sub.push(top_name);
    }
    sub.push(env.period_label(&period));
    sub.push(env.tr("Phần trăm trong tổng dân số", "Percent of the total population").to_string());
    let frame = env.frame(&sub, legend, &notes);
    let mut fig = env.figure();
    let (area, mut placer) = draw_frame(&mut fig, &frame);

    // Geometry: headers on top, ages in a centre column, axes below.
    let header_size = LABEL_SIZE + 1.0;
    let header_h = header_size * LINE + 8.0;
    let axis_h = 5.0 + TICK_SIZE * LINE + 6.0 + AXIS_TITLE_SIZE * LINE + 2.0;
    let rows_top = area.y0 + header_h;
    let rows_h = (area.h() - header_h - axis_h).max(40.0);
    let n = ages.len();
    let slot = (rows_h / n as f64).min(34.0);
    let bar_h = slot * 0.84;
    let label_size = LABEL_SIZE.min((slot * 0.85).max(8.0));
    let centre_w = labels.iter().map(|l| text_width(l, label_size, false)).fold(0.0, f64::max) + 24.0;
    let cx = (area.x0 + area.x1) / 2.0;
    let maxp = ages.iter().flat_map(|a| [pct(get(a, "F")), pct(get(a, "M"))]).flatten().fold(0.0, f64::max);
    let ticks = nice_ticks(0.0, maxp, 5);
    let value_text = |p: f64, f: Flag| {
        let t = format_number(p, 1, lang);
        if f == Flag::LowN { format!("{t} (*)") } else { t }
    };
    let reserve = text_width(&value_text(maxp, Flag::LowN), VALUE_SIZE, false) + 10.0;
    let half = ((area.w() - centre_w) / 2.0 - reserve).max(60.0);
    let right0 = cx + centre_w / 2.0;
    let left0 = cx - centre_w / 2.0;
    let rs = Linear { d0: 0.0, d1: ticks.hi, r0: right0, r1: right0 + half };
    let ls = Linear { d0: 0.0, d1: ticks.hi, r0: left0, r1: left0 - half };
    let rows_bottom = rows_top + slot * n as f64;

    // Headers.
    for (x, code) in [((left0 + ls.r1) / 2.0, "M"), ((right0 + rs.r1) / 2.0, "F")] {
        let b = fig.text(
            TextItem::new(sex_label(lang, code), x, area.y0 + ASCENT * header_size, header_size)
                .align(Align::Center)
                .bold(),
        );
        placer.take(b);
    }
    // Grid and axes.
    for scale in [&ls, &rs] {
        for v in &ticks.values {
            let x = scale.map(*v);
            fig.seg((x, rows_top), (x, rows_bottom), Stroke::solid(GRID, 1.0));
        }
        fig.seg((scale.r0, rows_bottom), (scale.r1, rows_bottom), Stroke::solid(AXIS, 1.0));
        let ty = rows_bottom + 5.0 + ASCENT * TICK_SIZE + 1.0;
        for v in &ticks.values {
            let x = scale.map(*v);
            fig.seg((x, rows_bottom), (x, rows_bottom + 4.0), Stroke::solid(AXIS, 1.0));
            fig.text(
                TextItem::new(ticks.label(*v, lang), x, ty, TICK_SIZE).align(Align::Center).color(MUTED),
            );
        }
    }
    let title_y = rows_bottom + 5.0 + TICK_SIZE * LINE + 6.0 + ASCENT * AXIS_TITLE_SIZE;
    fig.text(
        TextItem::new(
            env.tr("Phần trăm tổng dân số (%)", "Percent of the total population (%)"),
            cx,
            title_y,
            AXIS_TITLE_SIZE,
        )
        .align(Align::Center),
    );
    // Bars, youngest at the bottom.
    let room = BBox::new(area.x0, area.y0, area.x1, rows_bottom);
    for (i, (code, label)) in ages.iter().zip(&labels).enumerate() {
        let y = rows_bottom - slot * (i as f64 + 0.5);
        let b = fig.text(TextItem::new(label, cx, y, label_size).align(Align::Center).color(INK));
        placer.take(b);
        for (s, scale, look, right) in [("M", &ls, LOOK_MALE, false), ("F", &rs, LOOK_FEMALE, true)] {
            let r = get(code, s);
            let f = r.map(flag).unwrap_or(Flag::Missing);
            match pct(r) {
                Some(p) => {
                    let x = scale.map(p);
                    look.bar(&mut fig, BBox::new(scale.r0, y - bar_h / 2.0, x, y + bar_h / 2.0), f);
                    let t = if right {
                        TextItem::new(value_text(p, f), x + 4.0, y, VALUE_SIZE.min(bar_h))
                    } else {
                        TextItem::new(value_text(p, f), x - 4.0, y, VALUE_SIZE.min(bar_h)).align(Align::Right)
                    };
                    if let Some(t) = placer.place(vec![t], &room) {
                        fig.text(t);
                    }
                }
                None if f == Flag::Suppressed => {
                    let h = bar_h * 0.8;
                    let x = if right { scale.r0 + 3.0 } else { scale.r0 - 3.0 - h * 1.4 };
                    let b = suppressed_box(&mut fig, x, y, h, VALUE_SIZE.min(bar_h));
                    placer.take(b);
                }
                None => {
                    let x = if right { scale.r0 + 6.0 } else { scale.r0 - 6.0 };
                    let a = if right { Align::Left } else { Align::Right };
                    fig.text(TextItem::new("–", x, y, VALUE_SIZE.min(bar_h)).align(a));
                }
            }
        }
    }
    Ok(fig)
}
