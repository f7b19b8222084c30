//! The Excel workbook of results: one sheet per theme (labels in the chosen language,
//! formatted numbers, the status as a footnote mark) plus the full long table.

use crate::writers::WriteContext;
use gds_core::{Lang, ObsStatus, ResultTable, TargetStatus};
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

/// Build the workbook bytes.
pub fn workbook(t: &ResultTable, ctx: &WriteContext) -> Result<Vec<u8>, XlsxError> {
    let lang = ctx.lang;
    let l = |vi: &'static str, en: &'static str| if lang == Lang::Vi { vi } else { en };
    let mut wb = Workbook::new();
    // A fixed creation date keeps the bytes a function of the content alone.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created).set_author("gds"),
    );
    let bold = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top);
    let title = Format::new().set_bold().set_font_size(13);
    let note = Format::new().set_italic().set_font_color(rust_xlsxwriter::Color::Gray);
    let num_formats: Vec<(usize, Format)> = (0..=3)
        .map(|d| {
            (
                d,
                Format::new().set_num_format(if d == 0 {
                    "#,##0".to_string()
                } else {
                    format!("#,##0.{}", "0".repeat(d))
                }),
            )
        })
        .collect();
    let fmt = |d: usize| &num_formats[d.min(3)].1;
    for theme in &ctx.catalogue.themes {
        let rows: Vec<_> = t
            .rows
            .iter()
            .filter(|r| ctx.catalogue.indicator(&r.indicator).is_some_and(|i| i.theme == theme.id))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(theme.name.get(lang)))?;
        ws.write_string_with_format(0, 0, theme.name.get(lang), &title)?;
        ws.write_string_with_format(1, 0, &ctx.source_note, &note)?;
        let mut head: Vec<String> =
            vec![l("Chỉ tiêu", "Indicator").into(), l("Địa bàn", "Area").into(), l("Kỳ", "Period").into()];
        head.extend(t.dimensions.iter().map(|d| match (d.as_str(), lang) {
            ("sex", Lang::Vi) => "Giới tính".to_string(),
            ("age_group", Lang::Vi) => "Nhóm tuổi".to_string(),
            ("urban_rural", Lang::Vi) => "Thành thị/nông thôn".to_string(),
            ("sex", Lang::En) => "Sex".to_string(),
            (d, _) => d.to_string(),
        }));
        for h in [
            l("Giá trị", "Value"),
            l("Ghi chú", "Note"),
            l("Cận dưới", "Lower"),
            l("Cận trên", "Upper"),
            l("Số quan sát (n)", "n"),
            l("Đơn vị", "Unit"),
            l("Mục tiêu", "Target"),
            l("Đánh giá", "Target status"),
        ] {
            head.push(h.into());
        }
        for (j, h) in head.iter().enumerate() {
            ws.write_string_with_format(3, j as u16, h, &bold)?;
        }
        ws.set_column_width(0, 48)?;
        ws.set_column_width(1, 24)?;
        let base = 3 + t.dimensions.len() as u16;
        for (i, r) in rows.iter().enumerate() {
            let row = 4 + i as u32;
            let ind = ctx.catalogue.indicator(&r.indicator);
            ws.write_string(row, 0, ind.map_or(r.indicator.as_str(), |x| x.name.get(lang)))?;
            ws.write_string(row, 1, (ctx.area_name)(&r.area, &r.period))?;
            ws.write_string(row, 2, &r.period)?;
            for (j, k) in r.keys.iter().enumerate() {
                let label = match (t.dimensions[j].as_str(), gds_core::Sex::from_code(k)) {
                    ("sex", Some(s)) => s.label(lang).to_string(),
                    _ if k == gds_core::TOTAL_CODE => l("Chung", "Total").to_string(),
                    _ => k.clone(),
                };
                ws.write_string(row, 3 + j as u16, label)?;
            }
            let d = decimals(&r.unit);
            match r.value {
                Some(v) => ws.write_number_with_format(row, base, v, fmt(d))?,
                None => ws.write_string(row, base, status_mark(r.status))?,
            };
            ws.write_string(row, base + 1, status_mark(r.status))?;
            if let Some(v) = r.lower {
                ws.write_number_with_format(row, base + 2, v, fmt(d))?;
            }
            if let Some(v) = r.upper {
                ws.write_number_with_format(row, base + 3, v, fmt(d))?;
            }
            ws.write_number(row, base + 4, r.n as f64)?;
            let unit = ctx.catalogue.unit(&r.unit).map_or(r.unit.clone(), |u| u.name.get(lang).to_string());
            ws.write_string(row, base + 5, unit)?;
            if let (Some(tv), Some(op)) = (r.target, r.target_op) {
                ws.write_string(
                    row,
                    base + 6,
                    format!(
                        "{} {} ({})",
                        op.symbol(),
                        gds_core::format_number(tv, d, lang),
                        r.target_year.unwrap_or_default()
                    ),
                )?;
            }
            let ts = match r.target_status {
                TargetStatus::Met => l("Đạt", "Met"),
                TargetStatus::NotMet => l("Chưa đạt", "Not met"),
                TargetStatus::NoData => l("Không có số liệu", "No data"),
                TargetStatus::CannotTell => l("Chưa kết luận được", "Cannot tell yet"),
                TargetStatus::NoTarget => "",
            };
            ws.write_string(row, base + 7, ts)?;
        }
        let foot = 5 + rows.len() as u32;
        ws.write_string_with_format(foot, 0, l("(*) ít quan sát, cần thận trọng khi sử dụng; x: không công bố do quá ít quan sát; –: không có số liệu.", "(*) few observations, interpret with caution; x: suppressed (too few observations); –: no data."), &note)?;
    }
    // The full long table.
    let ws = wb.add_worksheet();
    ws.set_name(l("Bảng dài (tất cả)", "Long table (all)"))?;
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
