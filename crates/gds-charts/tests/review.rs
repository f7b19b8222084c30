//! Renders every case to PNG (and SVG) for a human to look at:
//! `cargo test -p gds-charts --test review -- --ignored` writes to `$GDS_CHARTS_REVIEW`
//! (default `/tmp/charts-review`).

mod common;

use gds_charts::{render_png, render_svg};
use gds_core::Lang;

#[test]
#[ignore = "writes files for visual review"]
fn write_review_files() {
    let dir = std::env::var("GDS_CHARTS_REVIEW").unwrap_or_else(|_| "/tmp/charts-review".into());
    std::fs::create_dir_all(&dir).unwrap();
    let table = common::table();
    for lang in [Lang::Vi, Lang::En] {
        let ctx = common::ctx(lang);
        let suffix = if lang == Lang::Vi { "vi" } else { "en" };
        for (stem, id, kind) in common::CASES {
            let png = render_png(&table, id, kind, &ctx, &common::opts()).unwrap();
            std::fs::write(format!("{dir}/{stem}_{suffix}.png"), png).unwrap();
            let svg = render_svg(&table, id, kind, &ctx, &common::opts()).unwrap();
            std::fs::write(format!("{dir}/{stem}_{suffix}.svg"), svg).unwrap();
        }
    }
    // Sex comparison by area (lfpr without the age breakdown).
    let mut by_area = table.clone();
    by_area.rows.retain(|r| r.indicator != "lfpr" || r.keys[1] == "_T");
    let png = render_png(
        &by_area,
        "lfpr",
        gds_charts::ChartKind::SexComparison,
        &common::ctx(Lang::Vi),
        &common::opts(),
    )
    .unwrap();
    std::fs::write(format!("{dir}/sex_comparison_by_area_vi.png"), png).unwrap();
    // A small size and a print size.
    let ctx = common::ctx(Lang::Vi);
    let small = gds_charts::RenderOptions { width: 720, height: 480, scale: 1.0 };
    for (stem, id, kind) in common::CASES {
        let png = render_png(&table, id, kind, &ctx, &small).unwrap();
        std::fs::write(format!("{dir}/{stem}_small.png"), png).unwrap();
    }
    let png =
        render_png(&table, "srb", gds_charts::ChartKind::Srb, &ctx, &gds_charts::RenderOptions::print(300.0))
            .unwrap();
    std::fs::write(format!("{dir}/srb_300dpi.png"), png).unwrap();
}
