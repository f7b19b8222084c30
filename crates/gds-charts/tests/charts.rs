//! Charts of a hand-made table: SVG snapshots, PNG pixels and sizes, determinism, layout
//! (no text overlaps or clipping), errors, and the chart list of a report.

mod common;

use gds_charts::{
    ChartError, ChartKind, RenderOptions, chart_title, render_png, render_svg, standard_charts, text_boxes,
};
use gds_core::Lang;

/// The SVG without the embedded font (the snapshots stay small and readable).
fn strip_fonts(svg: &str) -> String {
    match (svg.find("<style"), svg.find("</style>")) {
        (Some(a), Some(b)) => format!("{}<style>[fonts]</style>{}", &svg[..a], &svg[b + "</style>".len()..]),
        _ => svg.to_string(),
    }
}

fn svg(stem: &str, lang: Lang) -> String {
    let (_, id, kind) = common::CASES.iter().find(|c| c.0 == stem).copied().unwrap();
    render_svg(&common::table(), id, kind, &common::ctx(lang), &common::opts()).unwrap()
}

#[test]
fn svg_snapshot_bar_by_area() {
    insta::assert_snapshot!("bar_by_area_gov_bodies", strip_fonts(&svg("bar_by_area_gov_bodies", Lang::Vi)));
    insta::assert_snapshot!("bar_by_area_lfpr", strip_fonts(&svg("bar_by_area_lfpr", Lang::Vi)));
}

#[test]
fn svg_snapshot_trend() {
    insta::assert_snapshot!("trend_lfpr", strip_fonts(&svg("trend_lfpr", Lang::Vi)));
    insta::assert_snapshot!("trend_gov_bodies", strip_fonts(&svg("trend_gov_bodies", Lang::Vi)));
}

#[test]
fn svg_snapshot_pyramid() {
    insta::assert_snapshot!("pyramid_population", strip_fonts(&svg("pyramid_population", Lang::Vi)));
}

#[test]
fn svg_snapshot_sex_comparison() {
    insta::assert_snapshot!("sex_comparison_lfpr", strip_fonts(&svg("sex_comparison_lfpr", Lang::Vi)));
}

#[test]
fn svg_snapshot_dumbbell() {
    insta::assert_snapshot!("dumbbell_lfpr", strip_fonts(&svg("dumbbell_lfpr", Lang::Vi)));
}

#[test]
fn svg_snapshot_srb() {
    insta::assert_snapshot!("srb_vi", strip_fonts(&svg("srb", Lang::Vi)));
    insta::assert_snapshot!("srb_en", strip_fonts(&svg("srb", Lang::En)));
}

#[test]
fn svg_snapshot_stacked_share() {
    insta::assert_snapshot!("stacked_share_council", strip_fonts(&svg("stacked_share_council", Lang::Vi)));
}

#[test]
fn svg_embeds_the_font_after_the_svg_tag_and_keeps_the_family_list() {
    let s = svg("srb", Lang::Vi);
    let open_end = s.find("<svg").and_then(|a| s[a..].find('>').map(|b| a + b + 1)).unwrap();
    assert!(s[open_end..].trim_start().starts_with("<style"), "the <style> block follows the <svg> tag");
    assert_eq!(s.matches("@font-face").count(), 2);
    assert!(s.contains("font-weight:700"));
    assert!(s.contains("data:font/ttf;base64,AAEAAA"), "TrueType data URL");
    assert!(s.contains(r#"font-family="Be Vietnam Pro, DejaVu Sans, sans-serif""#));
    assert!(s.contains(r#"font-weight="bold""#), "the title is bold");
}

#[test]
fn every_chart_carries_title_subtitle_axis_source_and_notes() {
    let s = svg("bar_by_area_gov_bodies", Lang::Vi);
    for needle in [
        "Tỷ lệ cơ quan quản lý nhà nước",
        "Huyện Mẫu Sơn · Theo xã/phường/đặc khu · Năm 2024",
        "Phần trăm (%)",
        "Mục tiêu 2025: ≥ 60 %",
        "Huyện Mẫu Sơn: 57,1 %",
        "Nguồn: Chi cục Thống kê",
        "Dữ liệu tổng hợp",
        "x: không công bố",
        "(*) ít quan sát",
        "50,0 (*)",
        "Ít quan sát (*)",
    ] {
        assert!(s.contains(needle), "missing {needle:?}");
    }
    let s = svg("srb", Lang::Vi);
    assert!(s.contains("Khoảng tin cậy 95 % (Wilson)"));
    assert!(s.contains("Khoảng tham chiếu 103–107"));
    assert!(s.contains("Mục tiêu 2030: &lt; 109"));
    let s = svg("srb", Lang::En);
    assert!(s.contains("95 % confidence interval (Wilson)"));
    assert!(s.contains("Synthetic data"));
    assert!(s.contains("112.6"), "English decimal point");
    assert!(svg("srb", Lang::Vi).contains("112,6"), "Vietnamese decimal comma");
}

#[test]
fn decomposed_names_are_drawn_composed() {
    let s = svg("bar_by_area_gov_bodies", Lang::Vi);
    assert!(s.contains("Xã Mậu Duệ"));
    assert!(!s.contains("Xa\u{0303}"));
    for (t, _) in
        text_boxes(&common::table(), "srb", ChartKind::Srb, &common::ctx(Lang::Vi), &common::opts()).unwrap()
    {
        assert!(gds_core::is_nfc(&t), "{t:?} is not NFC");
    }
}

fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let dec = png::Decoder::new(png_bytes);
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn pixel(img: &(u32, u32, Vec<u8>), x: f64, y: f64) -> (u8, u8, u8) {
    let (w, _, buf) = img;
    let i = (y.round() as usize * *w as usize + x.round() as usize) * 3;
    (buf[i], buf[i + 1], buf[i + 2])
}

/// Centre of the text box whose text is `t` (anchor line of the text).
fn anchor_of(boxes: &[(String, [f64; 4])], t: &str) -> (f64, f64, [f64; 4]) {
    let (_, b) = boxes.iter().find(|(s, _)| s == t).unwrap_or_else(|| panic!("no text {t:?}"));
    let size = (b[3] - b[1]) / 1.08;
    ((b[0] + b[2]) / 2.0, b[1] + 0.74 * size, *b)
}

#[test]
fn png_has_the_requested_size_times_scale() {
    let table = common::table();
    let ctx = common::ctx(Lang::Vi);
    for (opts, want) in [
        (RenderOptions::default(), (1200, 750)),
        (RenderOptions { width: 800, height: 500, scale: 1.5 }, (1200, 750)),
        (RenderOptions::print(300.0), (3750, 2344)),
    ] {
        let png = render_png(&table, "srb", ChartKind::Srb, &ctx, &opts).unwrap();
        let (w, h, _) = decode(&png);
        assert_eq!((w, h), want, "{opts:?}");
    }
}

#[test]
fn png_pixels_sit_where_the_layout_says() {
    let table = common::table();
    let ctx = common::ctx(Lang::Vi);
    for scale in [1.0, 2.0] {
        let opts = RenderOptions { scale, ..RenderOptions::default() };
        let id = "gov-bodies-female-key-leader";
        let img = decode(&render_png(&table, id, ChartKind::BarByArea, &ctx, &opts).unwrap());
        let boxes = text_boxes(&table, id, ChartKind::BarByArea, &ctx, &opts).unwrap();
        // Background white in the corners.
        assert_eq!(pixel(&img, 2.0, 2.0), (255, 255, 255));
        assert_eq!(pixel(&img, f64::from(img.0) - 3.0, f64::from(img.1) - 3.0), (255, 255, 255));
        // The longest bar (100 %, the first row) ends just before its value label, on the
        // row of its area's label; its colour is the bars' colour.
        let (_, row_y, _) = anchor_of(&boxes, "Thị trấn Phố Bảng");
        let (_, value_y, value_box) = anchor_of(&boxes, "100,0");
        assert!((row_y - value_y).abs() < 1.0, "value label on the row of its area");
        let (x20, _, _) = anchor_of(&boxes, "20");
        let bar = (0x1f, 0x5f, 0x8b);
        assert_eq!(pixel(&img, (value_box[0] - 12.0) * scale, row_y * scale), bar, "bar end");
        assert_eq!(pixel(&img, x20 * scale, row_y * scale), bar, "bar body");
        // Just past the bar end and its label: background.
        assert_eq!(pixel(&img, (value_box[2] + 6.0) * scale, row_y * scale), (255, 255, 255));
        // The withheld commune has no filled bar: white inside its dashed box.
        let (_, y_sup, _) = anchor_of(&boxes, "Xã Lũng Cú");
        assert_eq!(pixel(&img, (x20 + 10.0) * scale, y_sup * scale), (255, 255, 255));
    }
    // Women's bars in the women's colour.
    let img = decode(&render_png(&table, "lfpr", ChartKind::BarByArea, &ctx, &common::opts()).unwrap());
    let boxes = text_boxes(&table, "lfpr", ChartKind::BarByArea, &ctx, &common::opts()).unwrap();
    let (_, y, _) = anchor_of(&boxes, "Xã Lũng Cú");
    let (x20, _, _) = anchor_of(&boxes, "20");
    assert_eq!(pixel(&img, x20, y), (0x5b, 0x2a, 0x86));
}

#[test]
fn same_input_gives_identical_bytes() {
    let table = common::table();
    let ctx = common::ctx(Lang::Vi);
    for (_, id, kind) in common::CASES {
        let a = render_png(&table, id, kind, &ctx, &common::opts()).unwrap();
        let b = render_png(&table, id, kind, &ctx, &common::opts()).unwrap();
        assert!(a == b, "{id} {kind}: PNG differs between runs");
        let a = render_svg(&table, id, kind, &ctx, &common::opts()).unwrap();
        let b = render_svg(&table, id, kind, &ctx, &common::opts()).unwrap();
        assert!(a == b, "{id} {kind}: SVG differs between runs");
    }
    // Row order does not matter.
    let mut shuffled = table.clone();
    shuffled.rows.reverse();
    for (_, id, kind) in common::CASES {
        let a = render_svg(&table, id, kind, &ctx, &common::opts()).unwrap();
        let b = render_svg(&shuffled, id, kind, &ctx, &common::opts()).unwrap();
        assert!(a == b, "{id} {kind}: depends on row order");
    }
}

#[test]
fn no_text_overlaps_or_leaves_the_canvas() {
    let table = common::table();
    for lang in [Lang::Vi, Lang::En] {
        let ctx = common::ctx(lang);
        for opts in [
            RenderOptions::default(),
            RenderOptions { width: 720, height: 480, scale: 1.0 },
            RenderOptions { width: 1600, height: 900, scale: 1.0 },
        ] {
            for (stem, id, kind) in common::CASES {
                let boxes = text_boxes(&table, id, kind, &ctx, &opts).unwrap();
                let (w, h) = (f64::from(opts.width), f64::from(opts.height));
                for (t, b) in &boxes {
                    assert!(
                        b[0] >= 0.0 && b[1] >= 0.0 && b[2] <= w && b[3] <= h,
                        "{stem} {lang:?} {}×{}: {t:?} {b:?} is clipped",
                        opts.width,
                        opts.height
                    );
                }
                for (i, (ta, a)) in boxes.iter().enumerate() {
                    for (tb, b) in &boxes[i + 1..] {
                        let overlap =
                            a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5;
                        assert!(
                            !overlap,
                            "{stem} {lang:?} {}×{}: {ta:?} {a:?} overlaps {tb:?} {b:?}",
                            opts.width, opts.height
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn titles_come_from_the_catalogue() {
    let cat = common::catalogue();
    assert_eq!(chart_title(cat, "srb", Lang::Vi).unwrap(), "Tỷ số giới tính khi sinh");
    assert_eq!(chart_title(cat, "srb", Lang::En).unwrap(), "Sex ratio at birth");
    assert!(matches!(chart_title(cat, "nope", Lang::Vi), Err(ChartError::UnknownIndicator(_))));
}

#[test]
fn errors_say_what_is_missing() {
    let table = common::table();
    let ctx = common::ctx(Lang::Vi);
    let o = common::opts();
    let e = render_svg(&table, "no-such-indicator", ChartKind::BarByArea, &ctx, &o).unwrap_err();
    assert!(matches!(e, ChartError::UnknownIndicator(ref id) if id == "no-such-indicator"));
    assert!(e.to_string().contains("hint"), "{e}");

    let e = render_svg(&table, "tfr", ChartKind::Trend, &ctx, &o).unwrap_err();
    assert!(matches!(e, ChartError::NoData { .. }), "{e}");
    assert!(e.to_string().contains("srb"), "lists the indicators present: {e}");

    let e = render_svg(&table, "srb", ChartKind::SexComparison, &ctx, &o).unwrap_err();
    assert!(e.to_string().contains("bar-by-area"), "{e}");

    let e = render_svg(&table, "srb", ChartKind::Pyramid, &ctx, &o).unwrap_err();
    assert!(matches!(e, ChartError::NoData { .. }), "{e}");

    let mut c = common::ctx(Lang::Vi);
    c.period = Some("2019".into());
    let e = render_svg(&table, "srb", ChartKind::Srb, &c, &o).unwrap_err();
    assert!(e.to_string().contains("2023, 2024"), "{e}");

    let e = render_png(&table, "srb", ChartKind::Srb, &ctx, &RenderOptions { scale: 0.0, ..o }).unwrap_err();
    assert!(matches!(e, ChartError::Render(_)));
}

#[test]
fn an_earlier_period_can_be_drawn() {
    let mut c = common::ctx(Lang::Vi);
    c.period = Some("2023".into());
    let s = render_svg(&common::table(), "srb", ChartKind::Srb, &c, &common::opts()).unwrap();
    assert!(s.contains("Năm 2023"));
    assert!(s.contains("111,8"), "the 2023 district value");
}

#[test]
fn standard_charts_cover_every_indicator_once_plus_a_pyramid() {
    let list = standard_charts(&common::table(), common::catalogue());
    let expect = vec![
        ("gov-bodies-female-key-leader".to_string(), ChartKind::BarByArea),
        ("lfpr".to_string(), ChartKind::SexComparison),
        ("lfpr-gap".to_string(), ChartKind::Dumbbell),
        ("population".to_string(), ChartKind::Pyramid),
        ("srb".to_string(), ChartKind::Srb),
        ("women-council-deputies".to_string(), ChartKind::BarByArea),
    ];
    assert_eq!(list, expect);
    // Every chart on the list can be drawn.
    for (id, kind) in &list {
        render_svg(&common::table(), id, *kind, &common::ctx(Lang::Vi), &common::opts()).unwrap();
    }
}

#[test]
fn kind_names_parse() {
    assert_eq!(ChartKind::from_name("bar-by-area"), Some(ChartKind::BarByArea));
    assert_eq!(ChartKind::from_name("stacked-share"), Some(ChartKind::StackedShare));
    assert_eq!(ChartKind::Srb.name(), "srb");
    assert_eq!(ChartKind::from_name("pie"), None);
}

#[test]
fn sex_comparison_by_area_when_there_is_no_other_breakdown() {
    let mut table = common::table();
    // Keep lfpr by sex and area only.
    table.rows.retain(|r| r.indicator != "lfpr" || r.keys[1] == "_T");
    let s = render_svg(&table, "lfpr", ChartKind::SexComparison, &common::ctx(Lang::Vi), &common::opts())
        .unwrap();
    assert!(s.contains("Theo xã/phường/đặc khu"));
    assert!(s.contains("Thị trấn Phố Bảng"));
    assert!(!s.contains("15–19 tuổi"));
}

#[test]
fn a_gap_is_drawn_from_its_base_indicator() {
    let s = svg("dumbbell_lfpr_gap", Lang::Vi);
    assert!(s.contains("Nữ − Nam (điểm %)"));
    assert!(s.contains("−11,5"), "the gap of the district");
    let mut table = common::table();
    table.rows.retain(|r| r.indicator != "lfpr");
    let e = render_svg(&table, "lfpr-gap", ChartKind::Dumbbell, &common::ctx(Lang::Vi), &common::opts())
        .unwrap_err();
    assert!(e.to_string().contains("include \"lfpr\""), "{e}");
}

/// The texts a chart draws.
fn texts(table: &gds_core::ResultTable, id: &str, kind: ChartKind) -> Vec<String> {
    text_boxes(table, id, kind, &common::ctx(Lang::Vi), &common::opts())
        .unwrap()
        .into_iter()
        .map(|(t, _)| t)
        .collect()
}

/// A population of 65 and over counts nobody in the groups 0–4 … 60–64: the pyramid leaves
/// those empty rows out (at either end only).
#[test]
fn a_pyramid_draws_no_rows_of_nobody() {
    let mut table = common::table();
    let young: Vec<String> = texts(&table, "population", ChartKind::Pyramid);
    for r in table.rows.iter_mut().filter(|r| r.indicator == "population") {
        let age = &r.keys[1];
        let lower: Option<u32> = age.split(['-', '+']).next().and_then(|x| x.parse().ok());
        if lower.is_some_and(|l| l < 65) {
            r.value = Some(0.0);
            r.n = 0;
        }
    }
    let old = texts(&table, "population", ChartKind::Pyramid);
    let label_of = |code: &str| young.iter().find(|t| t.starts_with(code) && t.ends_with("tuổi")).cloned();
    let first = label_of("0").expect("the youngest group is drawn in the full pyramid");
    assert!(!old.contains(&first), "{first:?} drawn in a pyramid of 65+: {old:?}");
    assert!(old.iter().any(|t| t.starts_with("65")), "{old:?}");
    assert_eq!(old.iter().filter(|t| t.contains("tuổi")).count(), 4, "65–69 … 80+: {old:?}");
}

/// Trend axes of rates start at zero (an axis from 2.025 to 2.175 made a change of 0.02 look
/// large); the sex ratio at birth keeps its zoom on the reference range.
#[test]
fn trend_axes_of_rates_start_at_zero() {
    let t = texts(&common::table(), "lfpr", ChartKind::Trend);
    assert!(t.iter().any(|x| x == "0"), "{t:?}");
}

/// A single-area chart draws the area the document is about (`focus`: a district below its
/// province total), not the table's top area; without rows of it, the top area.
#[test]
fn a_trend_draws_the_area_the_document_is_about() {
    let table = common::table();
    let mut ctx = common::ctx(Lang::Vi);
    let drawn = |ctx: &gds_charts::ChartContext| -> Vec<String> {
        text_boxes(&table, "gov-bodies-female-key-leader", ChartKind::Trend, ctx, &common::opts())
            .unwrap()
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    };
    assert!(drawn(&ctx).iter().any(|t| t.contains("Huyện Mẫu Sơn")));
    ctx.focus = Some("C07".into());
    let t = drawn(&ctx);
    assert!(t.iter().any(|t| t.contains("Xã Mậu Duệ")), "{t:?}");
    ctx.focus = Some("nowhere".into());
    assert!(drawn(&ctx).iter().any(|t| t.contains("Huyện Mẫu Sơn")));
}

/// The printed size, in points, of every text of an SVG drawn with `opts` once the chart is
/// `cm` wide: plotters writes the em size as `font-size` (its size / 1.24).
fn printed_sizes(svg: &str, opts: &RenderOptions, cm: f64) -> Vec<(f64, bool, String)> {
    let k = opts.points_per_pixel(cm);
    svg.split("<text ")
        .skip(1)
        .map(|t| {
            let size: f64 = t
                .split("font-size=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0);
            let bold = t.split('>').next().is_some_and(|head| head.contains("font-weight=\"bold\""));
            let text = t.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("").trim().to_string();
            (size * k, bold, text)
        })
        .collect()
}

#[test]
fn text_prints_at_9_pt_or_more_and_titles_at_11_in_a_word_report() {
    let opts = RenderOptions::word(200.0);
    let table = common::table();
    let mut small = Vec::new();
    for lang in [Lang::Vi, Lang::En] {
        let ctx = common::ctx(lang);
        for (stem, indicator, kind) in common::CASES {
            let svg =
                gds_charts::render_svg(&table, indicator, kind, &ctx, &RenderOptions { scale: 1.0, ..opts })
                    .unwrap_or_else(|e| panic!("{stem}: {e}"));
            let sizes = printed_sizes(&svg, &opts, gds_charts::WORD_WIDTH_CM);
            assert!(sizes.len() > 5, "{stem}: texts were read");
            let (title, ..) = &sizes[0];
            assert!(*title >= 11.0, "{stem}: the title prints at {title:.1} pt");
            for (pt, _, text) in &sizes {
                if *pt < 8.95 {
                    small.push(format!("{stem} ({lang:?}): {text:?} prints at {pt:.2} pt"));
                }
            }
        }
    }
    assert!(small.is_empty(), "{}", small.join("\n"));
}
