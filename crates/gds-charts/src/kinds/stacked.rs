//! stacked-share: 100 % bars. Three shapes of data are understood:
//! - a women's share in percent without a sex breakdown (women council deputies): women's
//!   share and the rest (men) per level of the body (`level` breakdown) or per area;
//! - counts by sex: shares computed as F / (F + M);
//! - a rate by sex in percent (share of employed women in services): for each category one
//!   bar per sex, the rate and the remainder.

use super::{Env, LOOK_FEMALE, LOOK_MALE, Look, Notes, flag_legend, sex_label, target_stroke};
use crate::ChartError;
use crate::data::{Flag, area_rows, drawable, flag, target_label, top_area};
use crate::figure::{Align, BBox, Dash, FAINT, Figure, INK, Rgb, Stroke, TextItem, WHITE};
use crate::fonts::text_width;
use crate::layout::{
    Group, HSpec, LegendEntry, Swatch, VALUE_SIZE, backed_text, draw_frame, draw_haxis, draw_hlabels,
    draw_vlines, hlayout_with_lines, nice_ticks, suppressed_box,
};
use gds_core::{ResultRow, TOTAL_CODE, format_number};

struct Cat<'a> {
    label: String,
    bold: bool,
    separator: bool,
    rows: Vec<&'a ResultRow>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The value is the women's share (%).
    WomenShare,
    /// Counts by sex.
    Counts,
    /// A rate (%) for each sex.
    RateBySex,
}

struct Bar<'a> {
    sub: Option<String>,
    share: Option<f64>,
    flag: Flag,
    first: Look,
    second: Look,
    row: Option<&'a ResultRow>,
}

const REST: Look =
    Look { fill: Rgb(0xf3, 0xf3, 0xf3), light: Rgb(0xf8, 0xf8, 0xf8), hatch: None, ink: FAINT };

pub(crate) fn stacked_share(env: &Env) -> Result<Figure, ChartError> {
    let ind = &env.ind;
    let lang = env.lang;
    let period = ind.period(env.ctx)?;
    let free: Vec<usize> = ind.sex.into_iter().collect();
    let mut sub: Vec<String> = Vec::new();
    // Categories: the `level` breakdown (level of the council / body) when present, else areas.
    let level_dim = ind.dim("level").filter(|d| {
        let mut f = free.clone();
        f.push(*d);
        ind.select(&period, &f).iter().any(|r| ind.key(r, *d) != TOTAL_CODE)
    });
    let mut cats: Vec<Cat> = Vec::new();
    if let Some(d) = level_dim {
        let mut f = free.clone();
        f.push(d);
        let rows = ind.select(&period, &f);
        let broken: Vec<&ResultRow> = rows.iter().copied().filter(|r| ind.key(r, d) != TOTAL_CODE).collect();
        let top = top_area(&broken).map(|t| t.0.to_string()).unwrap_or_default();
        let rows: Vec<&ResultRow> = rows.into_iter().filter(|r| r.area == top).collect();
        let mut codes: Vec<&str> = rows.iter().map(|r| ind.key(r, d)).collect();
        let name = ind.table.dimensions[d].clone();
        codes.sort_by_key(|c| (*c != TOTAL_CODE, ind.code_order(&name, c)));
        codes.dedup();
        for c in codes {
            let total = c == TOTAL_CODE;
            cats.push(Cat {
                label: if total {
                    env.tr("Chung các cấp", "All levels").to_string()
                } else {
                    ind.code_label(&name, c, lang)
                },
                bold: total,
                separator: total,
                rows: rows.iter().copied().filter(|r| ind.key(r, d) == c).collect(),
            });
        }
        if let Some(r) = rows.first() {
            let top = env.area_label(r);
            if env.ctx.place.trim().is_empty() {
                sub.push(top);
            }
        }
        sub.push(env.tr("Theo cấp", "By level").to_string());
    } else {
        let rows = ind.select(&period, &free);
        let mut seen = std::collections::BTreeSet::new();
        let one: Vec<&ResultRow> = rows
            .iter()
            .copied()
            .filter(|r| matches!(ind.sex_of(r), "F" | TOTAL_CODE))
            .filter(|r| seen.insert(r.area.clone()))
            .collect();
        let ar = area_rows(&one);
        if let Some(p) = ar.parent {
            cats.push(Cat {
                label: env.area_label(p),
                bold: true,
                separator: true,
                rows: rows.iter().copied().filter(|r| r.area == p.area).collect(),
            });
        }
        for a in &ar.areas {
            cats.push(Cat {
                label: env.area_label(a),
                bold: false,
                separator: false,
                rows: rows.iter().copied().filter(|r| r.area == a.area).collect(),
            });
        }
        sub.push(env.by_level(&ar.level));
    }
    if cats.is_empty() {
        return Err(env.no_data(format!("no rows in {period}")));
    }
    let has_fm = cats.iter().any(|c| c.rows.iter().any(|r| ind.sex_of(r) == "M"));
    let mode = match (has_fm, ind.is_count(), ind.is_percent()) {
        (true, true, _) => Mode::Counts,
        (true, false, true) => Mode::RateBySex,
        (false, _, true) => Mode::WomenShare,
        _ => {
            return Err(env.no_data(
                "a 100 % bar needs a women's share in percent, counts by sex, or a rate by sex in \
                 percent — hint: draw this indicator as bar-by-area",
            ));
        }
    };
    // Bars per category.
    fn get<'r>(ind: &crate::data::Ind, c: &Cat<'r>, s: &str) -> Option<&'r ResultRow> {
        c.rows.iter().copied().find(|r| ind.sex_of(r) == s)
    }
    let mut bars: Vec<Vec<Bar>> = Vec::new();
    for c in &cats {
        let v = match mode {
            Mode::WomenShare => {
                let r = get(ind, c, TOTAL_CODE);
                vec![Bar {
                    sub: None,
                    share: r.and_then(drawable).map(|v| v.clamp(0.0, 100.0)),
                    flag: r.map(flag).unwrap_or(Flag::Missing),
                    first: LOOK_FEMALE,
                    second: LOOK_MALE,
                    row: r,
                }]
            }
            Mode::Counts => {
                let (f, m) = (get(ind, c, "F"), get(ind, c, "M"));
                let (fv, mv) = (f.and_then(drawable), m.and_then(drawable));
                let flags = [f.map(flag).unwrap_or(Flag::Missing), m.map(flag).unwrap_or(Flag::Missing)];
                let fl = if flags.contains(&Flag::Suppressed) {
                    Flag::Suppressed
                } else if flags.contains(&Flag::Missing) {
                    Flag::Missing
                } else if flags.contains(&Flag::LowN) {
                    Flag::LowN
                } else {
                    Flag::Ok
                };
                let share = match (fv, mv) {
                    (Some(a), Some(b)) if a + b > 0.0 => Some(a / (a + b) * 100.0),
                    _ => None,
                };
                vec![Bar { sub: None, share, flag: fl, first: LOOK_FEMALE, second: LOOK_MALE, row: f }]
            }
            Mode::RateBySex => [("F", LOOK_FEMALE), ("M", LOOK_MALE)]
                .into_iter()
                .map(|(s, look)| {
                    let r = get(ind, c, s);
                    Bar {
                        sub: Some(sex_label(lang, s)),
                        share: r.and_then(drawable).map(|v| v.clamp(0.0, 100.0)),
                        flag: r.map(flag).unwrap_or(Flag::Missing),
                        first: look,
                        second: REST,
                        row: r,
                    }
                })
                .collect(),
        };
        bars.push(v);
    }
    // Areas (not levels): the largest women's share first.
    if level_dim.is_none() {
        let start = usize::from(cats.first().is_some_and(|c| c.bold));
        let mut idx: Vec<usize> = (start..cats.len()).collect();
        idx.sort_by(|a, b| {
            let (x, y) = (bars[*a][0].share, bars[*b][0].share);
            match (x, y) {
                (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| cats[*a].label.cmp(&cats[*b].label)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => cats[*a].label.cmp(&cats[*b].label),
            }
        });
        let order: Vec<usize> = (0..start).chain(idx).collect();
        let mut c2: Vec<Option<Cat>> = cats.into_iter().map(Some).collect();
        let mut b2: Vec<Option<Vec<Bar>>> = bars.into_iter().map(Some).collect();
        cats = order.iter().filter_map(|i| c2[*i].take()).collect();
        bars = order.iter().filter_map(|i| b2[*i].take()).collect();
    }
    let flat: Vec<&Bar> = bars.iter().flatten().collect();
    if flat.iter().all(|b| b.share.is_none()) {
        return Err(env.no_data(format!("every value is withheld or missing in {period}")));
    }
    let rows_drawn: Vec<&ResultRow> = flat.iter().filter_map(|b| b.row).collect();
    let target = if mode == Mode::Counts { None } else { ind.target(&rows_drawn, &period) };
    let mut notes = Notes { target: target.clone(), ..Notes::default() };
    for b in &flat {
        notes.see(b.flag);
    }
    let mut legend = Vec::new();
    match mode {
        Mode::WomenShare | Mode::Counts => {
            legend.push(LegendEntry::new(LOOK_FEMALE.swatch(), sex_label(lang, "F")));
            legend.push(LegendEntry::new(LOOK_MALE.swatch(), sex_label(lang, "M")));
        }
        Mode::RateBySex => {
            legend.push(LegendEntry::new(LOOK_FEMALE.swatch(), sex_label(lang, "F")));
            legend.push(LegendEntry::new(LOOK_MALE.swatch(), sex_label(lang, "M")));
            legend.push(LegendEntry::new(
                REST.swatch(),
                env.tr("Phần còn lại (đến 100 %)", "Remainder (to 100 %)"),
            ));
        }
    }
    legend.extend(flag_legend(env, &super::LOOK_NEUTRAL, &notes));
    let parity = env.tr("Cân bằng giới 50 %", "Parity 50 %");
    let mut vlines: Vec<(f64, Stroke, String)> = Vec::new();
    if mode != Mode::RateBySex {
        vlines.push((50.0, Stroke::dashed(INK, 1.3, Dash::Dotted), parity.to_string()));
        legend.push(LegendEntry::new(Swatch::Line(Stroke::dashed(INK, 1.3, Dash::Dotted)), parity));
    }
    let suffix = env.suffix();
    if let Some(t) = &target {
        let text = target_label(t, &suffix, lang);
        legend.push(LegendEntry::new(Swatch::Line(target_stroke()), text.clone()));
        vlines.push((t.value, target_stroke(), text));
    }
    sub.push(env.period_label(&period));
    let frame = env.frame(&sub, legend, &notes);
    let mut fig = env.figure();
    let (area, mut placer) = draw_frame(&mut fig, &frame);

    let ticks = nice_ticks(0.0, 100.0, 5);
    let groups: Vec<Group> = cats
        .iter()
        .zip(&bars)
        .map(|(c, b)| Group {
            label: c.label.clone(),
            bold: c.bold,
            rows: b.len(),
            sublabels: b.iter().filter_map(|x| x.sub.clone()).collect(),
            separator_after: c.separator && cats.len() > 1,
        })
        .collect();
    let mut spec = HSpec { groups: groups.clone(), band_rows: 0, right: 8.0, left: 0.0 };
    let (l, scale, lines) = hlayout_with_lines(area, &mut spec, &ticks, &vlines);
    draw_hlabels(&mut fig, &l, &groups, &mut placer);
    let axis = match mode {
        Mode::RateBySex => env.value_axis(),
        _ => env.tr("Cơ cấu theo giới tính (%)", "Sex composition (%)").to_string(),
    };
    draw_haxis(&mut fig, &l, &scale, &ticks, &axis, lang);
    let size = VALUE_SIZE.min(l.bar).max(7.5);
    let pct = |v: f64| format_number(v, 1, lang);
    let mut pending: Vec<Vec<TextItem>> = Vec::new();
    let mut inside: Vec<(TextItem, bool)> = Vec::new();
    for (row_bars, centres) in bars.iter().zip(&l.rows) {
        for (b, y) in row_bars.iter().zip(centres) {
            let y = *y;
            let Some(s) = b.share else {
                if b.flag == Flag::Suppressed {
                    let bx = suppressed_box(&mut fig, l.data.x0 + 3.0, y, l.bar * 0.8, size);
                    placer.take(bx);
                } else {
                    let bx = fig.text(TextItem::new("–", l.data.x0 + 6.0, y, size));
                    placer.take(bx);
                }
                continue;
            };
            let xm = scale.map(s);
            let (y0, y1) = (y - l.bar / 2.0, y + l.bar / 2.0);
            b.first.bar(&mut fig, BBox::new(l.data.x0, y0, xm, y1), b.flag);
            // The remainder is not an estimate of its own: never hatched as low-n.
            let second_flag = if mode == Mode::RateBySex { Flag::Ok } else { b.flag };
            b.second.bar(&mut fig, BBox::new(xm, y0, l.data.x1, y1), second_flag);
            let star = if b.flag == Flag::LowN { " (*)" } else { "" };
            let first =
                format!("{}{star}", if mode == Mode::RateBySex { pct(s) } else { format!("{} %", pct(s)) });
            let w1 = text_width(&first, size, false);
            let dark = b.flag != Flag::LowN && b.first.on_fill() == WHITE;
            if w1 + 10.0 <= xm - l.data.x0 {
                let t = TextItem::new(&first, l.data.x0 + 5.0, y, size).color(if dark { WHITE } else { INK });
                inside.push((t, !dark));
            } else {
                pending.push(vec![TextItem::new(&first, xm + 5.0, y, size).color(INK)]);
            }
            if mode != Mode::RateBySex {
                let second = format!("{} %", pct(100.0 - s));
                let w2 = text_width(&second, size, false);
                if w2 + 10.0 <= l.data.x1 - xm && w1 + w2 + 20.0 <= l.data.x1 - l.data.x0 {
                    pending.push(vec![
                        TextItem::new(&second, l.data.x1 - 5.0, y, size).align(Align::Right).color(INK),
                    ]);
                }
            }
        }
    }
    draw_vlines(&mut fig, &l, &lines, &mut placer);
    for (t, backed) in inside {
        placer.take(t.bbox());
        if backed {
            backed_text(&mut fig, t);
        } else {
            fig.text(t);
        }
    }
    let room = BBox::new(l.data.x0, l.band.y0, l.data.x1, l.axis_y);
    for c in pending {
        if let Some(t) = placer.place(c, &room) {
            backed_text(&mut fig, t);
        }
    }
    Ok(fig)
}
