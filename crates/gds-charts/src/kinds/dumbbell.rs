//! dumbbell: women's and men's values per area joined by a line, with the gap (women − men)
//! in a column on the right.

use super::{Env, Notes, Obs, sex_label};
use crate::ChartError;
use crate::data::{Flag, Ind, area_rows, drawable, flag, unit_suffix};
use crate::figure::{Align, BBox, FEMALE, Figure, INK, MALE_DARK, Rgb, Stroke, TextItem};
use crate::fonts::text_width;
use crate::layout::{
    AXIS_TITLE_SIZE, Group, HSpec, LegendEntry, Linear, Marker, Shape, Swatch, VALUE_SIZE, backed_text,
    draw_frame, draw_haxis, draw_hlabels, hlayout, marker, nice_ticks,
};
use gds_core::{Lang, ResultRow, format_number};
use gds_indicators::Measure;

struct Pair<'a> {
    label: String,
    bold: bool,
    separator: bool,
    f: Option<Obs<'a>>,
    m: Option<Obs<'a>>,
    gap: Option<f64>,
    gap_flag: Flag,
}

const LINK: Rgb = Rgb(0xa6, 0xa6, 0xa6);

fn f_marker() -> Marker {
    Marker { shape: Shape::Circle, fill: Some(FEMALE), stroke: FEMALE, r: 6.0 }
}

fn m_marker() -> Marker {
    Marker { shape: Shape::Square, fill: None, stroke: MALE_DARK, r: 6.0 }
}

pub(crate) fn dumbbell(env: &Env) -> Result<Figure, ChartError> {
    let ind = &env.ind;
    let lang = env.lang;
    let period = ind.period(env.ctx)?;
    // Women's and men's values: the indicator's own, or its base indicator's for a gap.
    let base_ind;
    let (fm, gap_own): (&Ind, bool) = if ind.sex.is_some() {
        (ind, false)
    } else if let Some(Measure::Derived { base, .. }) = &ind.def.measure {
        base_ind = Ind::new(ind.table, ind.cat, base).map_err(|_| {
            env.no_data(format!(
                "a dumbbell of this gap needs the women's and men's values of its base indicator \
                 \"{base}\" — hint: include \"{base}\" by sex in the table"
            ))
        })?;
        if base_ind.sex.is_none() {
            return Err(
                env.no_data(format!("the base indicator \"{base}\" has no female/male rows in the table"))
            );
        }
        (&base_ind, true)
    } else {
        return Err(env.no_data(
            "a dumbbell needs female and male values — hint: compute the indicator by sex, or draw \
             it as bar-by-area",
        ));
    };
    let sex = fm.sex.unwrap_or_default();
    let rows = fm.select(&period, &[sex]);
    let fem: Vec<&ResultRow> = rows.iter().copied().filter(|r| fm.sex_of(r) == "F").collect();
    if fem.is_empty() {
        return Err(env.no_data(format!("no women's rows in {period}")));
    }
    let ar = area_rows(&fem);
    let own = ind.select(&period, &[]);
    let pair = |a: &ResultRow, bold: bool, separator: bool| -> Pair {
        let get = |s: &str| rows.iter().copied().find(|r| r.area == a.area && fm.sex_of(r) == s);
        let label = env.area_label(a);
        let f = get("F").map(|r| Obs::new(label.clone(), r));
        let m = get("M").map(|r| Obs::new(label.clone(), r));
        let (gap, gap_flag) = if gap_own {
            match own.iter().find(|r| r.area == a.area) {
                Some(r) => (drawable(r), flag(r)),
                None => (None, Flag::Missing),
            }
        } else {
            match (f.as_ref().and_then(|o| o.value), m.as_ref().and_then(|o| o.value)) {
                (Some(x), Some(y)) => {
                    let low = [&f, &m].iter().any(|o| o.as_ref().is_some_and(|o| o.flag == Flag::LowN));
                    (Some(x - y), if low { Flag::LowN } else { Flag::Ok })
                }
                _ => {
                    let sup = [&f, &m].iter().any(|o| o.as_ref().is_some_and(|o| o.flag == Flag::Suppressed));
                    (None, if sup { Flag::Suppressed } else { Flag::Missing })
                }
            }
        };
        Pair { label, bold, separator, f, m, gap, gap_flag }
    };
    let mut pairs: Vec<Pair> = Vec::new();
    if let Some(p) = ar.parent {
        pairs.push(pair(p, true, true));
    }
    let mut areas: Vec<Pair> = ar.areas.iter().map(|a| pair(a, false, false)).collect();
    // The largest shortfall of women first.
    areas.sort_by(|a, b| match (a.gap, b.gap) {
        (Some(x), Some(y)) => x.total_cmp(&y).then_with(|| a.label.cmp(&b.label)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.label.cmp(&b.label),
    });
    pairs.extend(areas);
    let values: Vec<&Obs> = pairs.iter().flat_map(|p| [&p.f, &p.m]).flatten().collect();
    if values.iter().all(|o| o.value.is_none()) {
        return Err(env.no_data(format!("every women's and men's value is withheld or missing in {period}")));
    }

    let mut notes = Notes::default();
    for p in &pairs {
        for o in [&p.f, &p.m] {
            match o {
                Some(o) => notes.see(o.flag),
                None => notes.missing = true,
            }
        }
    }
    // The unit of the gap: percentage points for percentages.
    let gap_unit = if fm.is_percent() {
        unit_suffix(ind.cat, "percentage-points", lang)
    } else {
        unit_suffix(ind.cat, fm.unit(), lang)
    };
    let gap_header = match lang {
        Lang::Vi => format!("Nữ − Nam ({gap_unit})"),
        Lang::En => format!("Women − men ({gap_unit})"),
    };
    let gap_text = |p: &Pair| -> String {
        match p.gap {
            Some(g) => {
                let s = format_number(g, fm.decimals(), lang);
                let s = if g > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
                    format!("+{s}")
                } else {
                    s
                };
                if p.gap_flag == Flag::LowN { format!("{s} (*)") } else { s }
            }
            None if p.gap_flag == Flag::Suppressed => "x".to_string(),
            None => "–".to_string(),
        }
    };
    notes.extra.push(match lang {
        Lang::Vi => {
            format!("Chênh lệch = giá trị của nữ − giá trị của nam ({gap_unit}); số âm: nữ thấp hơn nam")
        }
        Lang::En => format!("Gap = women's value − men's value ({gap_unit}); negative: women below men"),
    });
    let legend = vec![
        LegendEntry::new(Swatch::Marker(f_marker()), sex_label(lang, "F")),
        LegendEntry::new(Swatch::Marker(m_marker()), sex_label(lang, "M")),
        LegendEntry::new(Swatch::Line(Stroke::solid(LINK, 3.0)), gap_header.clone()),
    ];
    let sub = vec![env.by_level(&ar.level), env.period_label(&period)];
    let frame = env.frame(&sub, legend, &notes);
    let mut fig = env.figure();
    let (area, mut placer) = draw_frame(&mut fig, &frame);

    let vs: Vec<f64> = values.iter().filter_map(|o| o.value).collect();
    let lo = vs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = vs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.12).max(hi.abs() * 0.02).max(1e-6);
    let (mut lo, mut hi) = (lo - pad, hi + pad);
    if lo < 0.0 && values.iter().all(|o| o.value.is_none_or(|v| v >= 0.0)) {
        lo = 0.0;
    }
    if fm.is_percent() {
        hi = hi.min(100.0);
    }
    let ticks = nice_ticks(lo, hi, 5);
    let value_w = values
        .iter()
        .filter_map(|o| o.value)
        .map(|v| text_width(&format!("{} (*)", fm.fmt(v, lang)), VALUE_SIZE, false))
        .fold(0.0, f64::max);
    let col_w = pairs
        .iter()
        .map(|p| text_width(&gap_text(p), VALUE_SIZE, true))
        .chain([text_width(&gap_header, AXIS_TITLE_SIZE, true)])
        .fold(0.0, f64::max)
        + 16.0;
    let groups: Vec<Group> = pairs
        .iter()
        .map(|p| Group {
            label: p.label.clone(),
            bold: p.bold,
            rows: 1,
            sublabels: Vec::new(),
            separator_after: p.separator,
        })
        .collect();
    let spec =
        HSpec { groups: groups.clone(), band_rows: 1, right: col_w + value_w + 10.0, left: value_w + 6.0 };
    let l = hlayout(area, &spec);
    let scale = Linear { d0: ticks.lo, d1: ticks.hi, r0: l.data.x0, r1: l.data.x1 };
    draw_hlabels(&mut fig, &l, &groups, &mut placer);
    let axis_title = crate::data::unit_axis_label(ind.cat, fm.unit(), lang);
    draw_haxis(&mut fig, &l, &scale, &ticks, &axis_title, lang);
    // Gap column header.
    let hb = fig.text(
        TextItem::new(&gap_header, l.right_edge, l.data.y0 - 12.0, AXIS_TITLE_SIZE)
            .align(Align::Right)
            .bold(),
    );
    placer.take(hb);
    let room = BBox::new(l.data.x0 - value_w - 6.0, l.data.y0, l.right_edge - col_w, l.data.y1);
    let size = VALUE_SIZE.min(l.slot);
    for (p, centres) in pairs.iter().zip(&l.rows) {
        let y = centres[0];
        let fv = p.f.as_ref().and_then(|o| o.value);
        let mv = p.m.as_ref().and_then(|o| o.value);
        if let (Some(a), Some(b)) = (fv, mv) {
            fig.seg((scale.map(a), y), (scale.map(b), y), Stroke::solid(LINK, 3.0));
        }
        let mut drawn: Vec<(f64, &Obs, Marker)> = Vec::new();
        if let (Some(v), Some(o)) = (mv, &p.m) {
            marker(&mut fig, (scale.map(v), y), &m_marker());
            drawn.push((v, o, m_marker()));
        }
        if let (Some(v), Some(o)) = (fv, &p.f) {
            marker(&mut fig, (scale.map(v), y), &f_marker());
            drawn.push((v, o, f_marker()));
        }
        for (v, _, mk) in &drawn {
            let x = scale.map(*v);
            placer.take(BBox::new(x - mk.r - 1.0, y - mk.r - 1.0, x + mk.r + 1.0, y + mk.r + 1.0));
        }
        // Values outside the pair: the smaller to the left, the larger to the right.
        drawn.sort_by(|a, b| a.0.total_cmp(&b.0));
        let n = drawn.len();
        for (k, (v, o, mk)) in drawn.iter().enumerate() {
            let x = scale.map(*v);
            let text =
                if o.flag == Flag::LowN { format!("{} (*)", fm.fmt(*v, lang)) } else { fm.fmt(*v, lang) };
            let color = mk.stroke;
            let left = TextItem::new(&text, x - mk.r - 4.0, y, size).align(Align::Right).color(color);
            let right = TextItem::new(&text, x + mk.r + 4.0, y, size).color(color);
            let cands = if k == 0 && n > 1 { vec![left, right] } else { vec![right, left] };
            if let Some(t) = placer.place(cands, &room) {
                fig.text(t);
            }
        }
        // Withheld values.
        for (o, s) in [(&p.f, "F"), (&p.m, "M")] {
            if let Some(o) = o.as_ref().filter(|o| o.value.is_none()) {
                let mark = if o.flag == Flag::Suppressed { "x" } else { "–" };
                let t = TextItem::new(format!("{}: {mark}", sex_label(lang, s)), l.data.x0 + 4.0, y, size);
                let alt = TextItem { x: l.data.x0 + 70.0, ..t.clone() };
                if let Some(t) = placer.place(vec![t, alt], &room) {
                    fig.text(t);
                }
            }
        }
        let g = TextItem::new(gap_text(p), l.right_edge, y, VALUE_SIZE)
            .align(Align::Right)
            .bold_if(p.bold)
            .color(INK);
        let b = backed_text(&mut fig, g);
        placer.take(b);
    }
    Ok(fig)
}
