//! The Excel workbook of results: a contents sheet, one sheet per theme for people (female,
//! male and both sexes side by side, numbers as numbers, statuses in their own column and as
//! cell notes, set up to print), and the full long table for machines.

use crate::writers::WriteContext;
use gds_core::{Lang, ObsStatus, ResultTable};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

/// Footnote mark of a status.
pub fn status_mark(s: ObsStatus) -> &'static str {
    match s {
        ObsStatus::Ok => "",
        ObsStatus::LowN => "(*)",
        ObsStatus::Suppressed => "x",
        ObsStatus::NoData => "–",
        ObsStatus::NotApplicable => "..",
        ObsStatus::Unverified => "(!)",
    }
}

fn sheet_name(s: &str) -> String {
    let cleaned: String = s.chars().map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c }).collect();
    cleaned.chars().take(31).collect()
}

/// Decimals used to present a unit.
pub fn decimals(unit: &str) -> usize {
    match unit {
        "persons" | "events" => 0,
        "index" | "ratio" | "times" | "children-per-woman" => 3,
        _ => 1,
    }
}

/// The font of every cell: Vietnamese administrative documents are set in Times New Roman.
const FONT: &str = "Times New Roman";

fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(12)
}

/// What a status says, for the status column and the cell's note.
fn status_text(s: ObsStatus, lang: Lang) -> &'static str {
    match (s, lang) {
        (ObsStatus::Ok, _) => "",
        (ObsStatus::LowN, Lang::Vi) => "ít quan sát, cần thận trọng (*)",
        (ObsStatus::Suppressed, Lang::Vi) => "không công bố do quá ít quan sát (x)",
        (ObsStatus::NoData, Lang::Vi) => "không có số liệu (–)",
        (ObsStatus::NotApplicable, Lang::Vi) => "không áp dụng (..)",
        (ObsStatus::Unverified, Lang::Vi) => "số liệu chưa qua kiểm tra (!)",
        (ObsStatus::LowN, Lang::En) => "few observations, interpret with caution (*)",
        (ObsStatus::Suppressed, Lang::En) => "suppressed, too few observations (x)",
        (ObsStatus::NoData, Lang::En) => "no data (–)",
        (ObsStatus::NotApplicable, Lang::En) => "not applicable (..)",
        (ObsStatus::Unverified, Lang::En) => "data failed their checks (!)",
    }
}

/// A sheet name of at most 31 characters, cut at a word, without the characters Excel
/// forbids, and not yet taken.
fn short_sheet_name(full: &str, taken: &[String]) -> String {
    let mut name = if full.chars().count() <= 31 {
        sheet_name(full)
    } else {
        let mut out = String::new();
        for w in full.split_whitespace() {
            let next = if out.is_empty() { w.to_string() } else { format!("{out} {w}") };
            if next.chars().count() > 29 {
                break;
            }
            out = next;
        }
        format!("{} …", sheet_name(&out).trim_end_matches([',', ';']))
    };
    let stem = name.clone();
    let mut i = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let tail = format!(" ({i})");
        name = format!("{}{tail}", stem.chars().take(31 - tail.chars().count()).collect::<String>());
        i += 1;
    }
    name
}

/// One row of a theme sheet: an indicator × area × period × breakdowns other than sex, with
/// the female, male and both-sexes rows of the result table side by side.
struct Line<'t> {
    first: &'t gds_core::ResultRow,
    by_sex: [Option<&'t gds_core::ResultRow>; 3],
}

/// Build the workbook bytes: a contents sheet; per theme a sheet for people (one row per
/// indicator × area × period, Nữ / Nam / Chung and the gap side by side, numbers as numbers,
/// statuses in their own column and as cell notes, intervals and n in their own columns,
/// frozen headings, an autofilter, A4 landscape one page wide with the heading repeated);
/// and the long table for machines.
pub fn workbook(t: &ResultTable, ctx: &WriteContext) -> Result<Vec<u8>, XlsxError> {
    let lang = ctx.lang;
    let l = |vi: &'static str, en: &'static str| if lang == Lang::Vi { vi } else { en };
    let mut wb = Workbook::new();
    wb.set_default_format(&base(), 20, 64)?;
    // A fixed creation date keeps the bytes a function of the content alone.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created).set_author("gds"),
    );
    let border = rust_xlsxwriter::FormatBorder::Thin;
    let bold = base().set_bold().set_text_wrap().set_align(FormatAlign::Top).set_border(border);
    let title = base().set_bold().set_font_size(14);
    let note = base().set_italic().set_font_size(11);
    let text = base().set_border(border).set_align(FormatAlign::Top);
    let wrap = base().set_border(border).set_text_wrap().set_align(FormatAlign::Top);
    let link = base()
        .set_font_color(rust_xlsxwriter::Color::Blue)
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    let year = base().set_border(border).set_num_format("0").set_align(FormatAlign::Top);
    let num_formats: Vec<Format> = (0..=3)
        .map(|d| {
            base().set_border(border).set_align(FormatAlign::Top).set_num_format(if d == 0 {
                "#,##0".to_string()
            } else {
                format!("#,##0.{}", "0".repeat(d))
            })
        })
        .collect();
    let fmt = |d: usize| &num_formats[d.min(3)];
    let sex_at = t.dimensions.iter().position(|d| d == "sex");
    let other_dims: Vec<usize> = (0..t.dimensions.len()).filter(|i| Some(*i) != sex_at).collect();
    let level_name = |code: &str| {
        ctx.catalogue
            .levels
            .iter()
            .find(|x| x.id == code)
            .map_or(code.to_string(), |x| x.name.get(lang).to_string())
    };
    let dim_label = |d: &str| match (d, lang) {
        ("age_group", Lang::Vi) => "Nhóm tuổi".to_string(),
        ("urban_rural", Lang::Vi) => "Thành thị/nông thôn".to_string(),
        ("ethnicity", Lang::Vi) => "Dân tộc".to_string(),
        ("age_group", Lang::En) => "Age group".to_string(),
        ("urban_rural", Lang::En) => "Urban/rural".to_string(),
        ("ethnicity", Lang::En) => "Ethnicity".to_string(),
        (d, _) => d.to_string(),
    };

    // Contents first; its links are written once the sheets have their names.
    wb.add_worksheet().set_name(l("Mục lục", "Contents"))?;
    let mut contents: Vec<(String, String, usize)> = Vec::new();
    let mut taken: Vec<String> = vec![l("Mục lục", "Contents").to_string()];
    for theme in &ctx.catalogue.themes {
        let rows: Vec<&gds_core::ResultRow> = t
            .rows
            .iter()
            .filter(|r| ctx.catalogue.indicator(&r.indicator).is_some_and(|i| i.theme == theme.id))
            .collect();
        if rows.is_empty() {
            continue;
        }
        // Lines in the table's order: the first row of a group places it.
        let mut lines: Vec<Line> = Vec::new();
        let mut at: std::collections::HashMap<(String, String, String, Vec<String>), usize> =
            Default::default();
        for r in &rows {
            let others: Vec<String> = other_dims.iter().map(|i| r.keys[*i].clone()).collect();
            let key = (r.indicator.clone(), r.area.clone(), r.period.clone(), others);
            let sex =
                sex_at.and_then(|i| gds_core::Sex::from_code(&r.keys[i])).unwrap_or(gds_core::Sex::Total);
            let slot = match sex {
                gds_core::Sex::Female => 0,
                gds_core::Sex::Male => 1,
                gds_core::Sex::Total => 2,
            };
            let i = *at.entry(key).or_insert_with(|| {
                lines.push(Line { first: r, by_sex: [None; 3] });
                lines.len() - 1
            });
            lines[i].by_sex[slot] = Some(r);
        }
        // A breakdown cell no one can be in (age 0–4 of a 25+ indicator) is no line.
        lines.retain(|x| {
            let empty = x.by_sex.iter().flatten().all(|r| r.value.is_none() && r.n == 0);
            let at_total = other_dims.iter().all(|i| x.first.keys[*i] == gds_core::TOTAL_CODE);
            !empty || at_total
        });
        let name = short_sheet_name(theme.name.get(lang), &taken);
        taken.push(name.clone());
        let indicators: std::collections::BTreeSet<&str> =
            lines.iter().map(|x| x.first.indicator.as_str()).collect();
        contents.push((name.clone(), theme.name.get(lang).to_string(), indicators.len()));
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        ws.write_string_with_format(0, 0, theme.name.get(lang), &title)?;
        ws.write_string_with_format(1, 0, &ctx.source_note, &note)?;
        let mut head: Vec<String> = vec![
            l("Chỉ tiêu", "Indicator").into(),
            l("Địa bàn", "Area").into(),
            l("Cấp", "Level").into(),
            l("Kỳ", "Period").into(),
        ];
        head.extend(other_dims.iter().map(|i| dim_label(&t.dimensions[*i])));
        let sexes = [gds_core::Sex::Female, gds_core::Sex::Male, gds_core::Sex::Total];
        head.push(l("Đơn vị", "Unit").into());
        head.extend(sexes.iter().map(|s| s.label(lang).to_string()));
        head.push(l("Chênh lệch (Nữ − Nam)", "Gap (female − male)").into());
        for s in sexes {
            head.push(format!("{}: {}", s.label(lang), l("cận dưới", "lower")));
            head.push(format!("{}: {}", s.label(lang), l("cận trên", "upper")));
        }
        head.extend(sexes.iter().map(|s| format!("n {}", s.label(lang).to_lowercase())));
        for h in [
            l("Ghi chú", "Note"),
            l("Mục tiêu", "Target"),
            l("So sánh", "Comparison"),
            l("Năm mục tiêu", "Target year"),
            l("Đánh giá", "Assessment"),
            l("Mã chỉ tiêu", "Indicator id"),
        ] {
            head.push(h.into());
        }
        const HEAD: u32 = 3;
        for (j, h) in head.iter().enumerate() {
            ws.write_string_with_format(HEAD, j as u16, h, &bold)?;
        }
        let c0 = 4 + other_dims.len() as u16; // the unit column
        let (c_val, c_gap, c_ci, c_n) = (c0 + 1, c0 + 4, c0 + 5, c0 + 11);
        let c_note = c_n + 3;
        ws.set_column_width(0, 44)?;
        ws.set_column_width(1, 22)?;
        ws.set_column_width(2, 10)?;
        ws.set_column_width(c0, 14)?;
        for c in c_val..c_note {
            ws.set_column_width(c, 10)?;
        }
        ws.set_column_width(c_note, 30)?;
        ws.set_column_width(c_note + 4, 12)?;
        ws.set_column_width(c_note + 5, 22)?;
        for (i, x) in lines.iter().enumerate() {
            let row = HEAD + 1 + i as u32;
            let r0 = x.first;
            let ind = ctx.catalogue.indicator(&r0.indicator);
            let only = ind.and_then(|i| i.reported_sex);
            ws.write_string_with_format(
                row,
                0,
                ind.map_or(r0.indicator.as_str(), |x| x.name.get(lang)),
                &wrap,
            )?;
            ws.write_string_with_format(row, 1, (ctx.area_name)(&r0.area, &r0.period), &text)?;
            ws.write_string_with_format(row, 2, level_name(&r0.level), &text)?;
            match r0.period.parse::<u32>() {
                Ok(y) => ws.write_number_with_format(row, 3, y as f64, &year)?,
                Err(_) => ws.write_string_with_format(row, 3, &r0.period, &text)?,
            };
            for (j, d) in other_dims.iter().enumerate() {
                let k = &r0.keys[*d];
                let label =
                    if k == gds_core::TOTAL_CODE { l("Chung", "Total").to_string() } else { k.clone() };
                ws.write_string_with_format(row, 4 + j as u16, label, &text)?;
            }
            let unit_id =
                if r0.unit.is_empty() { ind.map_or("", |i| i.unit.as_str()) } else { r0.unit.as_str() };
            let unit =
                ctx.catalogue.unit(unit_id).map_or(unit_id.to_string(), |u| u.name.get(lang).to_string());
            ws.write_string_with_format(row, c0, unit, &text)?;
            let d = decimals(unit_id);
            let mut notes: Vec<String> = Vec::new();
            let mut shown: [Option<&gds_core::ResultRow>; 3] = x.by_sex;
            if let Some(only) = only {
                for (k, s) in sexes.iter().enumerate() {
                    if *s != only {
                        shown[k] = None;
                    }
                }
            }
            for (k, r) in shown.iter().enumerate() {
                let col = c_val + k as u16;
                let Some(r) = r else {
                    ws.write_blank(row, col, fmt(d))?;
                    ws.write_blank(row, c_ci + 2 * k as u16, fmt(d))?;
                    ws.write_blank(row, c_ci + 2 * k as u16 + 1, fmt(d))?;
                    ws.write_blank(row, c_n + k as u16, fmt(0))?;
                    continue;
                };
                match r.value {
                    Some(v) => ws.write_number_with_format(row, col, v, fmt(d))?,
                    None => ws.write_blank(row, col, fmt(d))?,
                };
                if r.status != ObsStatus::Ok {
                    let mut said = status_text(r.status, lang).to_string();
                    if let Some(reason) = &r.reason {
                        said = format!("{said}: {}", gds_core::reason_in(reason, lang));
                    }
                    ws.insert_note(row, col, &rust_xlsxwriter::Note::new(&said).set_author("gds"))?;
                    notes.push(if sex_at.is_some() && x.by_sex.iter().flatten().count() > 1 {
                        format!("{}: {said}", sexes[k].label(lang))
                    } else {
                        said
                    });
                }
                for (m, v) in [r.lower, r.upper].into_iter().enumerate() {
                    let c = c_ci + 2 * k as u16 + m as u16;
                    match v {
                        Some(v) => ws.write_number_with_format(row, c, v, fmt(d))?,
                        None => ws.write_blank(row, c, fmt(d))?,
                    };
                }
                ws.write_number_with_format(row, c_n + k as u16, r.n as f64, fmt(0))?;
            }
            let by_sex_measure = ind.and_then(|i| i.measure.as_ref()).is_some_and(|m| m.by_sex());
            match (shown[0].and_then(|r| r.value), shown[1].and_then(|r| r.value)) {
                (Some(f), Some(m)) if by_sex_measure => {
                    ws.write_number_with_format(row, c_gap, f - m, fmt(d))?
                }
                _ => ws.write_blank(row, c_gap, fmt(d))?,
            };
            ws.write_string_with_format(row, c_note, notes.join("; "), &wrap)?;
            let with_target = shown.iter().flatten().find(|r| r.target.is_some()).copied();
            match with_target {
                Some(r) => {
                    ws.write_number_with_format(row, c_note + 1, r.target.unwrap_or_default(), fmt(d))?;
                    ws.write_string_with_format(
                        row,
                        c_note + 2,
                        r.target_op.map_or("", |o| o.sign()),
                        &text,
                    )?;
                    match r.target_year {
                        Some(y) => ws.write_number_with_format(row, c_note + 3, y as f64, &year)?,
                        None => ws.write_blank(row, c_note + 3, &year)?,
                    };
                    let ts = r.target_status.label(lang);
                    ws.write_string_with_format(row, c_note + 4, ts, &text)?;
                }
                None => {
                    for c in c_note + 1..=c_note + 4 {
                        ws.write_blank(row, c, &text)?;
                    }
                }
            }
            ws.write_string_with_format(row, c_note + 5, &r0.indicator, &text)?;
        }
        let last_row = HEAD + lines.len().max(1) as u32;
        let last_col = (head.len() - 1) as u16;
        ws.set_freeze_panes(HEAD + 1, 1)?;
        ws.autofilter(HEAD, 0, last_row, last_col)?;
        ws.set_paper_size(9); // A4
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(HEAD, HEAD)?;
        ws.set_footer(l("&C&\"Times New Roman\"Trang &P/&N", "&C&\"Times New Roman\"Page &P of &N"));
        let foot = last_row + 2;
        ws.write_string_with_format(
            foot,
            0,
            l(
                "Ô trống có ghi chú: (*) ít quan sát, cần thận trọng khi sử dụng; x: không công bố do quá ít quan sát; –: không có số liệu. Khoảng tin cậy 95 %.",
                "Empty cells carry a note: (*) few observations, interpret with caution; x: suppressed (too few observations); –: no data. 95 % confidence intervals.",
            ),
            &note,
        )?;
    }
    // The contents: every sheet with its full theme name.
    let long_name = l("Bảng dài (tất cả)", "Long table (all)");
    {
        let ws = wb.worksheet_from_name(l("Mục lục", "Contents"))?;
        ws.write_string_with_format(0, 0, l("Mục lục", "Contents"), &title)?;
        ws.write_string_with_format(1, 0, &ctx.source_note, &note)?;
        for (j, h) in [l("Trang tính", "Sheet"), l("Nội dung", "Contents"), l("Số chỉ tiêu", "Indicators")]
            .iter()
            .enumerate()
        {
            ws.write_string_with_format(3, j as u16, *h, &bold)?;
        }
        ws.set_column_width(0, 34)?;
        ws.set_column_width(1, 60)?;
        ws.set_column_width(2, 12)?;
        let mut row = 4;
        for (sheet, full, n) in &contents {
            ws.write_url_with_format(row, 0, format!("internal:'{sheet}'!A1").as_str(), &link)?;
            ws.write_string_with_format(row, 0, sheet, &link)?;
            ws.write_string_with_format(row, 1, full, &wrap)?;
            ws.write_number_with_format(row, 2, *n as f64, fmt(0))?;
            row += 1;
        }
        ws.write_url_with_format(row, 0, format!("internal:'{long_name}'!A1").as_str(), &link)?;
        ws.write_string_with_format(row, 0, long_name, &link)?;
        ws.write_string_with_format(
            row,
            1,
            l("Mọi kết quả, mỗi dòng một ô (cho máy đọc)", "Every result, one cell per row (for machines)"),
            &wrap,
        )?;
        ws.write_blank(row, 2, fmt(0))?;
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
    }
    // The full long table.
    let ws = wb.add_worksheet();
    ws.set_name(long_name)?;
    let df_cols: Vec<String> = ["indicator", "area", "level", "period"]
        .iter()
        .map(|s| s.to_string())
        .chain(t.dimensions.iter().cloned())
        .chain(
            [
                "value",
                "lower",
                "upper",
                "numerator",
                "denominator",
                "n",
                "unit",
                "method",
                "status",
                "reason",
                "target",
                "target_status",
            ]
            .iter()
            .map(|s| s.to_string()),
        )
        .collect();
    for (j, h) in df_cols.iter().enumerate() {
        ws.write_string_with_format(0, j as u16, h, &bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, t.rows.len().max(1) as u32, (df_cols.len() - 1) as u16)?;
    for (i, r) in t.rows.iter().enumerate() {
        let row = 1 + i as u32;
        let mut c = 0u16;
        for s in [&r.indicator, &r.area, &r.level, &r.period] {
            ws.write_string(row, c, s)?;
            c += 1;
        }
        for k in &r.keys {
            ws.write_string(row, c, k)?;
            c += 1;
        }
        for v in [r.value, r.lower, r.upper, r.numerator, r.denominator, Some(r.n as f64)] {
            if let Some(v) = v {
                ws.write_number(row, c, v)?;
            }
            c += 1;
        }
        for s in [r.unit.as_str(), r.method.as_str(), r.status.code(), r.reason.as_deref().unwrap_or("")] {
            ws.write_string(row, c, s)?;
            c += 1;
        }
        if let Some(v) = r.target {
            ws.write_number(row, c, v)?;
        }
        ws.write_string(row, c + 1, r.target_status.code())?;
    }
    wb.save_to_buffer()
}
