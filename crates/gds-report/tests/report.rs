//! The report on a small hand-made result table: a district `D` with two communes, 2023 and
//! 2024, the real catalogue, fake charts.

use gds_core::{Lang, ObsStatus, ResultRow, ResultTable, TargetOp, TargetStatus, format_number};
use gds_indicators::Catalogue;
use gds_report::{ChartAsset, Coverage, QualityNote, ReportError, ReportInput, docx, headline_rows, html};
use std::io::{Cursor, Read};

// ---------------------------------------------------------------------------------------------
// Fixture

/// One row; `keys` are (sex, urban_rural).
#[allow(clippy::too_many_arguments)]
fn row(
    ind: &str,
    area: &str,
    period: &str,
    sex: &str,
    value: Option<f64>,
    ci: Option<(f64, f64)>,
    n: u64,
    unit: &str,
) -> ResultRow {
    ResultRow {
        indicator: ind.into(),
        area: area.into(),
        level: if area == "D" { "district".into() } else { "commune".into() },
        period: period.into(),
        keys: vec![sex.into(), "_T".into()],
        value,
        numerator: None,
        denominator: None,
        n,
        lower: ci.map(|c| c.0),
        upper: ci.map(|c| c.1),
        unit: unit.into(),
        method: if ci.is_some() { "wilson".into() } else { String::new() },
        status: ObsStatus::Ok,
        reason: None,
        target: None,
        target_op: None,
        target_year: None,
        target_status: TargetStatus::NoTarget,
    }
}

fn with_target(mut r: ResultRow, target: f64, op: TargetOp, year: i32) -> ResultRow {
    r.target = Some(target);
    r.target_op = Some(op);
    r.target_year = Some(year);
    r.target_status = match r.value {
        None => TargetStatus::NoData,
        Some(v) if op.met(v, target) => TargetStatus::Met,
        Some(_) => TargetStatus::NotMet,
    };
    r
}

fn flagged(mut r: ResultRow, status: ObsStatus, reason: &str) -> ResultRow {
    r.status = status;
    r.reason = Some(reason.into());
    if status == ObsStatus::Suppressed {
        r.value = None;
        r.lower = None;
        r.upper = None;
    }
    r
}

fn table() -> ResultTable {
    let mut t = ResultTable::new(vec!["sex".into(), "urban_rural".into()]);
    let bpg = "boys-per-100-girls";
    t.rows = vec![
        // Sex ratio at birth: outside the 103–107 range, moving toward it; target < 109 (2030).
        with_target(
            row("srb", "D", "2024", "_T", Some(111.5), Some((109.9, 113.1)), 2115, bpg),
            109.0,
            TargetOp::Lt,
            2030,
        ),
        with_target(
            row("srb", "D", "2023", "_T", Some(112.3), Some((110.6, 114.0)), 2050, bpg),
            109.0,
            TargetOp::Lt,
            2030,
        ),
        flagged(
            row("srb", "X01", "2024", "_T", Some(104.0), Some((90.0, 120.0)), 80, bpg),
            ObsStatus::Suppressed,
            "n = 80 < 100: suppressed",
        ),
        // Labour force participation by sex.
        row("lfpr", "D", "2024", "F", Some(55.2), Some((53.1, 57.3)), 1500, "percent"),
        row("lfpr", "D", "2024", "M", Some(68.4), Some((66.5, 70.2)), 1400, "percent"),
        row("lfpr", "D", "2024", "_T", Some(61.7), Some((60.3, 63.0)), 2900, "percent"),
        row("lfpr", "D", "2023", "F", Some(54.0), Some((51.9, 56.1)), 1480, "percent"),
        row("lfpr", "D", "2023", "M", Some(69.0), Some((67.1, 70.8)), 1390, "percent"),
        row("lfpr", "D", "2023", "_T", Some(61.7), Some((60.3, 63.1)), 2870, "percent"),
        {
            // A breakdown that is not a headline row.
            let mut r = row("lfpr", "D", "2024", "F", Some(49.9), Some((46.0, 53.8)), 600, "percent");
            r.keys[1] = "U".into();
            r
        },
        flagged(
            row("lfpr", "X02", "2024", "F", Some(50.0), Some((36.6, 63.4)), 40, "percent"),
            ObsStatus::LowN,
            "n = 40 < 50: interpret with caution",
        ),
        // Unemployment: the female cell is withheld at the district.
        flagged(
            row("unemployment-rate", "D", "2024", "F", Some(4.0), Some((1.0, 9.0)), 20, "percent"),
            ObsStatus::Suppressed,
            "n = 20 < 25: suppressed",
        ),
        row("unemployment-rate", "D", "2024", "M", Some(3.1), Some((2.3, 4.2)), 900, "percent"),
        row("unemployment-rate", "D", "2024", "_T", Some(2.5), Some((1.9, 3.3)), 920, "percent"),
        // Bodies with a woman key leader: target ≥ 60 % (2025) met.
        with_target(
            row("gov-bodies-female-key-leader", "D", "2024", "_T", Some(62.5), None, 16, "percent"),
            60.0,
            TargetOp::Ge,
            2025,
        ),
        with_target(
            row("gov-bodies-female-key-leader", "D", "2023", "_T", Some(56.3), None, 16, "percent"),
            60.0,
            TargetOp::Ge,
            2025,
        ),
    ];
    t
}

/// A valid PNG of `w`×`h` grey pixels (stored deflate block, CRC-32 and Adler-32 by hand).
fn png(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    let mut raw = Vec::new();
    for _ in 0..h {
        raw.push(0); // filter: none
        raw.extend(std::iter::repeat_n(0x80u8, w as usize));
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    let mut z = vec![0x78, 0x01, 0x01];
    z.extend_from_slice(&(raw.len() as u16).to_le_bytes());
    z.extend_from_slice(&(!(raw.len() as u16)).to_le_bytes());
    z.extend_from_slice(&raw);
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit greyscale
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn charts() -> Vec<ChartAsset> {
    vec![
        ChartAsset {
            indicator: "srb".into(),
            kind: "bar-by-area".into(),
            caption: "Tỷ số giới tính khi sinh theo xã, năm 2024".into(),
            svg: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg width=\"40\" height=\"30\" xmlns=\"http://www.w3.org/2000/svg\"><rect x=\"0\" y=\"0\" width=\"40\" height=\"30\" fill=\"#5b2a86\"/><text x=\"2\" y=\"20\">SRB</text></svg>\n".into(),
            png: png(4, 3),
            file_stem: "srb-bar-by-area".into(),
        },
        ChartAsset {
            indicator: "lfpr".into(),
            kind: "sex-comparison".into(),
            caption: "Tỷ lệ tham gia lực lượng lao động theo giới tính".into(),
            svg: "<svg width=\"20\" height=\"20\"><circle cx=\"10\" cy=\"10\" r=\"5\"/></svg>".into(),
            png: png(2, 2),
            file_stem: "lfpr-sex-comparison".into(),
        },
    ]
}

fn area_name(code: &str, _period: &str) -> String {
    match code {
        "D" => "Huyện Minh Lâm".into(),
        "X01" => "Xã Đông Hòa".into(),
        "X02" => "Xã <Tân & Phú>".into(),
        other => other.into(),
    }
}

struct Fixture {
    catalogue: Catalogue,
    table: ResultTable,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture { catalogue: Catalogue::embedded().expect("the shipped catalogue is valid"), table: table() }
    }

    fn input(&self, lang: Lang) -> ReportInput<'_> {
        ReportInput {
            catalogue: &self.catalogue,
            table: &self.table,
            lang,
            period: "2024".into(),
            previous_period: Some("2023".into()),
            title: match lang {
                Lang::Vi => "Báo cáo thống kê giới năm 2024".into(),
                Lang::En => "Gender statistics report 2024".into(),
            },
            place: "Huyện Minh Lâm (dữ liệu tổng hợp)".into(),
            area_name: &area_name,
            headline_area: "D".into(),
            source_note: "Dữ liệu tổng hợp do gds tạo ra (data-samples/)".into(),
            synthetic: true,
            charts: charts(),
            quality: vec![
                QualityNote {
                    severity: "warning".into(),
                    text: "Xã <Tân & Phú>: thiếu số liệu tháng 12".into(),
                },
                QualityNote {
                    severity: "error".into(),
                    text: "births.csv:12: mã giới tính không hợp lệ \"Nư\"".into(),
                },
            ],
            coverage: vec![
                ("srb".into(), Coverage::Computed),
                ("lfpr".into(), Coverage::Computed),
                ("unemployment-rate".into(), Coverage::Computed),
                ("gov-bodies-female-key-leader".into(), Coverage::Computed),
                ("maternal-mortality-ratio".into(), Coverage::NoData("không có số liệu tử vong mẹ".into())),
                ("gdi".into(), Coverage::NotComputable("cần số liệu tuổi thọ và thu nhập cấp tỉnh".into())),
                (
                    "women-national-assembly".into(),
                    Coverage::NotAtThisLevel("chỉ thống kê ở cấp quốc gia".into()),
                ),
            ],
            generated: None,
            letterhead: None,
        }
    }
}

fn decimals(unit: &str) -> usize {
    match unit {
        "persons" | "events" => 0,
        "index" | "ratio" | "times" => 3,
        _ => 1,
    }
}

/// Check that `text` is well-formed XML: every start tag closed in order, one root element.
fn assert_well_formed(text: &str) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let (mut depth, mut roots) = (0usize, 0usize);
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Empty(_)) if depth == 0 => roots += 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at byte {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "unclosed elements at the end");
    assert_eq!(roots, 1, "exactly one root element");
}

// ---------------------------------------------------------------------------------------------
// Headline rows

#[test]
fn headline_rows_are_the_district_totals_female_male_both() {
    let f = Fixture::new();
    let input = f.input(Lang::Vi);
    let lfpr = headline_rows(&input, "lfpr");
    let sexes: Vec<&str> = lfpr.iter().map(|r| r.keys[0].as_str()).collect();
    assert_eq!(sexes, ["F", "M", "_T"]);
    assert!(lfpr.iter().all(|r| r.area == "D" && r.period == "2024" && r.keys[1] == "_T"));
    assert_eq!(lfpr[0].value, Some(55.2), "the urban breakdown is not a headline row");

    let srb = headline_rows(&input, "srb");
    assert_eq!(srb.len(), 1);
    assert_eq!(srb[0].value, Some(111.5));
    assert!(headline_rows(&input, "maternal-mortality-ratio").is_empty());
}

/// The population is shown with its sex split; an indicator defined for women (wage workers
/// among employed women) shows the female row only, though the table has all three.
#[test]
fn counts_show_their_sexes_and_women_only_indicators_the_female_row() {
    let mut f = Fixture::new();
    for (sex, v) in [("F", 75105.0), ("M", 74895.0), ("_T", 150000.0)] {
        f.table.rows.push(row("population", "D", "2024", sex, Some(v), None, v as u64, "persons"));
    }
    for (sex, v) in [("F", 48.6), ("M", 57.7), ("_T", 53.5)] {
        f.table.rows.push(row("wage-workers-share-female", "D", "2024", sex, Some(v), None, 900, "percent"));
    }
    let input = f.input(Lang::Vi);
    let sexes = |id: &str| headline_rows(&input, id).iter().map(|r| r.keys[0].clone()).collect::<Vec<_>>();
    assert_eq!(sexes("population"), ["F", "M", "_T"]);
    assert_eq!(sexes("wage-workers-share-female"), ["F"]);
    let page = html(&input);
    assert!(page.contains("75.105") && page.contains("74.895") && page.contains("150.000"));
    assert!(
        page.contains("48,6") && !page.contains("57,7") && !page.contains("53,5"),
        "male and both-sexes rows shown"
    );
}

// ---------------------------------------------------------------------------------------------
// HTML

#[test]
fn html_shows_every_headline_value_as_formatted() {
    let f = Fixture::new();
    let input = f.input(Lang::Vi);
    let page = html(&input);
    let mut checked = 0;
    for ind in ["srb", "lfpr", "unemployment-rate", "gov-bodies-female-key-leader"] {
        for r in headline_rows(&input, ind) {
            let d = decimals(&r.unit);
            match r.status {
                ObsStatus::Suppressed => assert!(page.contains(">x</td>")),
                _ => {
                    let v = format_number(r.value.unwrap(), d, Lang::Vi);
                    assert!(page.contains(&v), "{ind} {:?}: {v} missing", r.keys);
                    checked += 1;
                }
            }
            if let (Some(lo), Some(hi), Some(_)) = (r.lower, r.upper, r.value) {
                let ci = format!("{} – {}", format_number(lo, d, Lang::Vi), format_number(hi, d, Lang::Vi));
                assert!(page.contains(&ci), "{ind}: interval {ci} missing");
            }
        }
    }
    assert_eq!(checked, 7);
    assert!(page.contains("111,5"));
    assert!(page.contains("55,2 %"));
    assert!(page.contains("62,5 %"));
    // The suppressed value never leaks.
    assert!(!page.contains("4,0 %"));
    // Labels read naturally in Vietnamese.
    for label in [
        "Chỉ tiêu",
        "Giá trị",
        "Khoảng tin cậy 95 %",
        "So với năm trước (2023)",
        "Mục tiêu",
        "Đánh giá",
        "Ghi chú",
        "Nguồn",
        "PHỤ LỤC 2. CHẤT LƯỢNG SỐ LIỆU",
    ] {
        assert!(page.contains(label), "label {label:?} missing");
    }
    assert!(page.contains("<td>Nữ</td>") && page.contains("<td>Nam</td>") && page.contains("<td>Chung</td>"));
}

#[test]
fn html_shows_changes_with_their_judgement() {
    let f = Fixture::new();
    let page = html(&f.input(Lang::Vi));
    // lfpr F 54.0 (51.9–56.1) → 55.2 (53.1–57.3): the change, 1.2, is inside the
    // difference's half-width √(2.1² + 2.1²) ≈ 3.0, so it is not called better.
    assert!(page.contains("▲ 1,2 điểm % (chưa rõ thay đổi)"), "{page}");
    assert!(!page.contains("▲ 1,2 điểm % (tốt hơn)"));
    // lfpr M 69.0 → 68.4: within the intervals too.
    assert!(page.contains("▼ 0,6 điểm % (chưa rõ thay đổi)"));
    // lfpr total unchanged at one decimal.
    assert!(page.contains("không đổi"));
    // srb 112.3 → 111.5 moves toward 103–107.
    // (110.6–114.0 and 109.9–113.1: a 0.8 move is not distinguishable).
    assert!(page.contains("▼ 0,8 (chưa rõ thay đổi)"));
    // Bodies 56.3 → 62.5: a complete count (no interval) is judged on its values.
    assert!(page.contains("▲ 6,2 điểm % (tốt hơn)"));
    // Unemployment has no 2023 row.
    assert!(page.contains("<td class=\"muted\">–</td>"));
}

#[test]
fn html_shows_targets_and_their_status() {
    let f = Fixture::new();
    let page = html(&f.input(Lang::Vi));
    assert!(page.contains("≥ 60 % (2025)"));
    assert!(page.contains("<td class=\"good\">Đạt</td>"));
    assert!(page.contains("&lt; 109 (2030)"));
    assert!(page.contains("<td class=\"bad\">Chưa đạt</td>"));
}

#[test]
fn html_marks_the_synthetic_data_and_the_quality_annex() {
    let f = Fixture::new();
    let page = html(&f.input(Lang::Vi));
    assert!(page.contains("DỮ LIỆU TỔNG HỢP — không phải số liệu thật"));
    // Annex: findings, the suppressed and low-n cells, coverage.
    assert!(page.contains("Cảnh báo: </strong>Xã &lt;Tân &amp; Phú&gt;: thiếu số liệu tháng 12"));
    assert!(page.contains("n = 80 &lt; 100: không công bố"));
    assert!(page.contains("n = 40 &lt; 50: cần thận trọng"));
    assert!(page.contains("Giới tính: Nữ"));
    assert!(page.contains("Bộ chỉ tiêu gồm 7 chỉ tiêu — đã tính được: 4; không có số liệu: 1;"));
    assert!(page.contains("chỉ thống kê ở cấp quốc gia"));
    // Theme notes.
    assert!(page.contains(
        "khoảng tin cậy 95 % tính theo phương pháp Wilson. Chỉ tiêu: Tỷ lệ tham gia lực lượng lao động; Tỷ lệ thất nghiệp."
    ));
    assert!(page.contains("Điều tra lao động việc làm. Cơ quan chủ trì: Cơ quan thống kê."));
    assert!(page.contains(
        "n &lt; 100: không công bố (x); n &lt; 1.000: đánh dấu (*). Chỉ tiêu: Tỷ số giới tính khi sinh."
    ));
    assert!(page.contains("Trong bảng kết quả có 1 ô không công bố và 1 ô ít quan sát (xem Phụ lục)."));

    let mut real = f.input(Lang::Vi);
    real.synthetic = false;
    assert!(!html(&real).contains("DỮ LIỆU TỔNG HỢP"));
}

#[test]
fn html_is_self_contained_balanced_and_escaped() {
    let f = Fixture::new();
    let page = html(&f.input(Lang::Vi));
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    assert!(page.contains("<meta charset=\"utf-8\" />"));
    // No external resources: no URL at all, no links, scripts or remote images.
    assert!(!page.contains("http"), "external reference in the page");
    for tag in ["<link", "<script", "<iframe", "src=\"//", "url("] {
        assert!(!page.contains(tag), "{tag} in the page");
    }
    assert!(page.contains("@media print"));
    assert!(page.contains("\"Be Vietnam Pro\", \"Noto Sans\", \"DejaVu Sans\", sans-serif"));
    // The charts are inline SVG, scalable.
    assert!(page.contains("<svg role=\"img\" aria-label=\"Hình 1: Tỷ số giới tính khi sinh theo xã, năm 2024\" width=\"40\" height=\"30\" viewBox=\"0 0 40 30\">"));
    assert!(page.contains("Hình 2: Tỷ lệ tham gia lực lượng lao động theo giới tính"));
    // Every tag balanced: the page is also well-formed XML.
    assert_well_formed(&page);
    // An area name with markup characters is escaped, never raw.
    assert!(page.contains("Xã &lt;Tân &amp; Phú&gt;"));
    assert!(!page.contains("<Tân"));
    // Same input, same bytes.
    assert_eq!(page, html(&f.input(Lang::Vi)));
}

#[test]
fn the_timestamp_is_shown_only_when_given() {
    let f = Fixture::new();
    let mut input = f.input(Lang::Vi);
    assert!(!html(&input).contains("Thời điểm lập báo cáo"));
    input.generated = Some("2025-06-01 08:00".into());
    assert!(html(&input).contains("<p class=\"meta\">Thời điểm lập báo cáo: 2025-06-01 08:00</p>"));
    let bytes = docx(&input).unwrap();
    let mut archive = unzip(&bytes);
    let document = String::from_utf8(part(&mut archive, "word/document.xml")).unwrap();
    assert!(texts(&document).iter().any(|t| t == "Thời điểm lập báo cáo: 2025-06-01 08:00"));
}

#[test]
fn html_in_english() {
    let f = Fixture::new();
    let page = html(&f.input(Lang::En));
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("SYNTHETIC DATA — not real figures"));
    assert!(page.contains("111.5"));
    assert!(page.contains("▲ 1.2 pp (no clear change)"));
    assert!(page.contains("▼ 0.6 pp (no clear change)"));
    assert!(page.contains("▲ 6.2 pp (better)"));
    assert!(page.contains(">Met</td>"));
    assert!(page.contains("ANNEX 2. DATA QUALITY"));
    assert!(page.contains("Figure 1: "));
    assert!(!page.contains("tốt hơn"));
    assert_well_formed(&page);
}

#[test]
fn the_narrative_tells_each_result_judged_as_far_as_the_intervals_allow() {
    let f = Fixture::new();
    let page = html(&f.input(Lang::Vi));
    let part = |from: &str, to: &str| {
        let a = page.find(from).unwrap_or_else(|| panic!("{from:?} missing"));
        let b = page[a..].find(to).map_or(page.len(), |b| a + b);
        page[a..b].to_string()
    };
    let results = part("<h2>I. KẾT QUẢ THỰC HIỆN", "<h2>II.");
    // 56,3 % → 62,5 % with no interval: a real rise, in the desired direction, and the 60 % target met.
    assert!(results.contains("đạt 62,5 %"), "{results}");
    assert!(results.contains("tăng 6,2 điểm % so với năm 2023 (chuyển biến tích cực)"), "{results}");
    assert!(results.contains("đạt mục tiêu ≥ 60 % năm 2025"), "{results}");
    // The SRB moved by 0,8 within its interval: no clear change, and the target is not met.
    assert!(
        results.contains(
            "chưa rõ thay đổi so với năm 2023 (chênh lệch 0,8 bé trai/100 bé gái nằm trong sai số)"
        )
    );
    // The women's and men's values beside the total.
    assert!(results.contains("61,7 % (nữ 55,2 %, nam 68,4 %)"), "{results}");
    let shortcomings = part("<h2>II. TỒN TẠI, HẠN CHẾ", "<h2>III.");
    assert!(shortcomings.contains("Chưa đạt mục tiêu: </strong>Tỷ số giới tính khi sinh: 111,5 bé trai/100 bé gái, mục tiêu &lt; 109 năm 2030"));
    assert!(!shortcomings.contains("lãnh đạo chủ chốt"), "a met target is no shortcoming");
    let directions = part("<h2>III. PHƯƠNG HƯỚNG, ĐỀ XUẤT", "<h2>PHỤ LỤC 1");
    assert!(directions.contains("Tỷ số giới tính khi sinh (&lt; 109 năm 2030)"));
    assert!(directions.contains("[Đơn vị ghi phương hướng"), "room for the office's own words");
    let english = html(&f.input(Lang::En));
    assert!(english.contains("up 6.2 pp on 2023 (an improvement)"), "{english}");
    assert!(english.contains("meeting the target of ≥ 60 % by 2025"));
}

#[test]
fn html_snapshot() {
    let f = Fixture::new();
    insta::assert_snapshot!(html(&f.input(Lang::Vi)));
}

// ---------------------------------------------------------------------------------------------
// Word

fn unzip(bytes: &[u8]) -> zip::ZipArchive<Cursor<&[u8]>> {
    zip::ZipArchive::new(Cursor::new(bytes)).expect("a ZIP archive")
}

fn part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Vec<u8> {
    let mut f = archive.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut out = Vec::new();
    f.read_to_end(&mut out).unwrap();
    out
}

/// The visible text of document.xml: the contents of its `w:t` elements, one per line.
fn texts(document: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(document);
    let (mut inside, mut out) = (false, Vec::new());
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == b"w:t" => {
                inside = true;
                out.push(String::new());
            }
            Event::End(e) if e.name().as_ref() == b"w:t" => inside = false,
            Event::Text(t) if inside => out.last_mut().unwrap().push_str(&t.xml10_content().unwrap()),
            Event::GeneralRef(r) if inside => {
                let c = r.resolve_char_ref().unwrap().map(String::from).unwrap_or_else(|| {
                    match &*r {
                        b"lt" => "<",
                        b"gt" => ">",
                        b"amp" => "&",
                        b"quot" => "\"",
                        b"apos" => "'",
                        other => panic!("entity {other:?}"),
                    }
                    .to_string()
                });
                out.last_mut().unwrap().push_str(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn docx_has_headings_tables_numbers_and_the_charts() {
    let f = Fixture::new();
    let input = f.input(Lang::Vi);
    let bytes = docx(&input).expect("docx");
    let mut archive = unzip(&bytes);
    let document = String::from_utf8(part(&mut archive, "word/document.xml")).unwrap();
    assert_well_formed(&document);
    let texts = texts(&document);
    let has = |s: &str| texts.iter().any(|t| t == s);

    // Real heading styles, defined with Word's built-in names (so a table of contents works).
    assert!(document.contains("<w:pStyle w:val=\"Heading1\" />"));
    assert!(document.contains("<w:pStyle w:val=\"Heading2\" />"));
    let styles = String::from_utf8(part(&mut archive, "word/styles.xml")).unwrap();
    assert!(styles.contains("w:styleId=\"Heading1\""));
    assert!(styles.contains("<w:name w:val=\"heading 1\" />"));
    assert!(styles.contains("<w:outlineLvl w:val=\"0\" />"));
    // Black headings, Times New Roman, a table of contents field from Heading 1–2, and every
    // table's header row repeated on each page it runs onto.
    assert!(
        !styles.contains("2E1A47") && styles.contains("<w:color w:val=\"000000\" />"),
        "headings are black"
    );
    assert!(
        document.contains("TOC \\o &quot;1-2&quot;") || document.contains("TOC \\o \"1-2\""),
        "a TOC field"
    );
    // The field's stored result lists the headings (a reader that does not update fields
    // shows the contents, not the field code), and the field is marked for Word to update.
    let field = &document[document.find("TOC \\o").unwrap()..];
    let result = &field[..field.find("w:fldCharType=\"end\"").expect("the TOC field ends")];
    for h in
        ["I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ", "PHỤ LỤC 1. BẢNG SỐ LIỆU VÀ BIỂU ĐỒ", "1. Dân số"]
    {
        assert!(result.contains(h), "the contents lack {h:?}");
    }
    assert!(document.contains("w:fldCharType=\"begin\" w:dirty=\"true\""), "the TOC field is dirty");
    let tables = document.matches("<w:tbl>").count();
    assert!(tables > 0);
    assert_eq!(document.matches("<w:tblHeader />").count(), tables, "one repeated header row per table");
    for h in [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. TỒN TẠI, HẠN CHẾ",
        "III. PHƯƠNG HƯỚNG, ĐỀ XUẤT",
        "PHỤ LỤC 1. BẢNG SỐ LIỆU VÀ BIỂU ĐỒ",
        "1. Dân số",
        "2. Lao động, việc làm và thu nhập",
        "3. Lãnh đạo, quản lý",
        "PHỤ LỤC 2. CHẤT LƯỢNG SỐ LIỆU",
        "1. Kết quả kiểm tra số liệu",
    ] {
        assert!(has(h), "heading {h:?} missing: {texts:?}");
    }
    assert!(has("Báo cáo thống kê giới năm 2024"));
    assert!(has("DỮ LIỆU TỔNG HỢP — không phải số liệu thật"));

    // Tables with a header row and the numbers of the result table.
    assert!(document.contains("<w:tbl>"));
    for label in
        ["Chỉ tiêu", "Giá trị", "Khoảng tin cậy 95 %", "So với năm trước (2023)", "Mục tiêu", "Đánh giá"]
    {
        assert!(has(label), "column {label:?} missing");
    }
    let mut numbers = 0;
    for ind in ["srb", "lfpr", "unemployment-rate", "gov-bodies-female-key-leader"] {
        for r in headline_rows(&input, ind) {
            let Some(v) = r.value else { continue };
            let d = decimals(&r.unit);
            let number = format_number(v, d, Lang::Vi);
            let cell = if r.unit == "percent" { format!("{number} %") } else { number };
            assert!(has(&cell), "{ind} {:?}: cell {cell:?} missing", r.keys);
            numbers += 1;
        }
    }
    assert_eq!(numbers, 7);
    assert!(has("109,9 – 113,1"));
    assert!(has("▲ 1,2 điểm % (chưa rõ thay đổi)"));
    assert!(has("▲ 6,2 điểm % (tốt hơn)"));
    assert!(has("≥ 60 % (2025)"));
    assert!(has("Đạt"));
    assert!(has("x"));
    assert!(has("Xã <Tân & Phú>"));

    // The charts: PNG media, inline pictures 16 cm wide with the aspect ratio kept, captions.
    let media: Vec<String> = archive
        .file_names()
        .filter(|n| n.starts_with("word/media/") && !n.ends_with('/'))
        .map(String::from)
        .collect();
    assert_eq!(media.len(), 2, "{media:?}");
    let pngs: Vec<Vec<u8>> = media.iter().map(|m| part(&mut archive, m)).collect();
    assert!(pngs.contains(&png(4, 3)) && pngs.contains(&png(2, 2)));
    assert!(document.contains("<wp:extent cx=\"5760000\" cy=\"4320000\" />"), "4×3 picture");
    assert!(document.contains("<wp:extent cx=\"5760000\" cy=\"5760000\" />"), "2×2 picture");
    assert!(!document.contains("wp:anchor"), "pictures are inline, never floating");
    assert!(!document.contains("txbx") && !document.contains("v:textbox"), "no text boxes");
    assert!(document.contains(
        "<wp:docPr id=\"1\" name=\"Figure 1\" descr=\"Hình 1: Tỷ số giới tính khi sinh theo xã, năm 2024\" />"
    ));
    assert!(document.contains("<wp:docPr id=\"2\" name=\"Figure 2\""), "drawing ids are unique");
    assert!(has("Hình 1: Tỷ số giới tính khi sinh theo xã, năm 2024"));
    assert!(has("Hình 2: Tỷ lệ tham gia lực lượng lao động theo giới tính"));

    // A4 portrait.
    assert!(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\" w:orient=\"portrait\" />"), "page size");
}

#[test]
fn docx_is_byte_for_byte_reproducible() {
    let f = Fixture::new();
    let first = docx(&f.input(Lang::Vi)).unwrap();
    // Another document in between moves docx-rs's process-wide counters.
    let _ = docx(&f.input(Lang::En)).unwrap();
    let second = docx(&f.input(Lang::Vi)).unwrap();
    assert_eq!(first, second);
    let third = std::thread::spawn(move || {
        let f = Fixture::new();
        docx(&f.input(Lang::Vi)).unwrap()
    })
    .join()
    .unwrap();
    assert_eq!(first, third, "another thread gives the same bytes");

    // Every entry carries the fixed 1980-01-01 timestamp; docProps/core.xml no clock time.
    let mut archive = unzip(&first);
    for i in 0..archive.len() {
        let entry = archive.by_index(i).unwrap();
        assert_eq!(entry.last_modified(), Some(zip::DateTime::default()), "{}", entry.name());
    }
    let core = String::from_utf8(part(&mut archive, "docProps/core.xml")).unwrap();
    assert!(core.contains("1970-01-01T00:00:00Z"), "{core}");
}

#[test]
fn docx_writes_to_a_file_that_reads_back() {
    let f = Fixture::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.docx");
    std::fs::write(&path, docx(&f.input(Lang::En)).unwrap()).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let mut archive = unzip(&bytes);
    let document = String::from_utf8(part(&mut archive, "word/document.xml")).unwrap();
    assert_well_formed(&document);
    let texts = texts(&document);
    assert!(texts.iter().any(|t| t == "111.5"));
    assert!(texts.iter().any(|t| t == "SYNTHETIC DATA — not real figures"));
    assert!(texts.iter().any(|t| t == "ANNEX 2. DATA QUALITY"));
}

#[test]
fn docx_refuses_a_broken_png_and_notes_a_missing_one() {
    let f = Fixture::new();
    let mut input = f.input(Lang::Vi);
    input.charts[0].png = b"not a png at all, sorry".to_vec();
    match docx(&input) {
        Err(ReportError::InvalidPng { file_stem, indicator, .. }) => {
            assert_eq!(file_stem, "srb-bar-by-area");
            assert_eq!(indicator, "srb");
        }
        other => panic!("expected InvalidPng, got {:?}", other.map(|b| b.len())),
    }
    input.charts[0].png.clear();
    let bytes = docx(&input).unwrap();
    let mut archive = unzip(&bytes);
    let document = String::from_utf8(part(&mut archive, "word/document.xml")).unwrap();
    assert!(texts(&document).iter().any(|t| t == "(hình này chỉ có trong bản HTML của báo cáo)"));
    assert_eq!(archive.file_names().filter(|n| n.starts_with("word/media/") && !n.ends_with('/')).count(), 1);
}

/// `GDS_REPORT_SAMPLE_DIR=/some/dir cargo test -p gds-report --test report sample` writes the
/// fixture's reports there, to look at in a browser and in Word/LibreOffice.
#[test]
fn sample_files_when_asked() {
    let Some(dir) = std::env::var_os("GDS_REPORT_SAMPLE_DIR") else { return };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let f = Fixture::new();
    for (lang, suffix) in [(Lang::Vi, ""), (Lang::En, "-en")] {
        std::fs::write(dir.join(format!("report{suffix}.html")), html(&f.input(lang))).unwrap();
        std::fs::write(dir.join(format!("report{suffix}.docx")), docx(&f.input(lang)).unwrap()).unwrap();
    }
}

/// With an issuer, both formats carry the blocks of an administrative document: the issuing
/// body and number, the national motto, the place and date, and before the annex the
/// recipients and the signature.
#[test]
fn the_report_carries_the_issuer_and_signature_blocks() {
    let f = Fixture::new();
    let mut input = f.input(Lang::Vi);
    input.letterhead = Some(gds_report::Letterhead {
        superior: Some("Ủy ban nhân dân huyện Minh Lâm".into()),
        body: "Phòng Văn hóa - Xã hội".into(),
        symbol: "BC-VHXH".into(),
        place: "Minh Lâm".into(),
        year: 2024,
        sign_for: Some("KT. TRƯỞNG PHÒNG".into()),
        signer_title: "PHÓ TRƯỞNG PHÒNG".into(),
        signer: None,
        recipients: vec!["UBND huyện (để báo cáo)".into()],
    });
    let page = html(&input);
    let bytes = docx(&input).expect("docx");
    let mut archive = unzip(&bytes);
    let document = String::from_utf8(part(&mut archive, "word/document.xml")).unwrap();
    for text in [&page, &document] {
        for s in [
            "ỦY BAN NHÂN DÂN HUYỆN MINH LÂM",
            "PHÒNG VĂN HÓA - XÃ HỘI",
            "Số: …/BC-VHXH",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Minh Lâm, ngày … tháng … năm 2024",
            "Nơi nhận:",
            "- UBND huyện (để báo cáo);",
            "- Lưu: VT.",
            "KT. TRƯỞNG PHÒNG",
            "(ký, ghi rõ họ tên)",
        ] {
            assert!(text.contains(s), "{s:?} missing");
        }
        let sign = text.find("Nơi nhận:").unwrap();
        let annex = text.rfind("PHỤ LỤC 1. BẢNG SỐ LIỆU VÀ BIỂU ĐỒ").expect("the annex");
        let part3 = text.rfind("III. PHƯƠNG HƯỚNG, ĐỀ XUẤT").expect("part III");
        assert!(part3 < sign && sign < annex, "the signature closes parts I–III, before the annexes");
    }
    // Without an issuer, no blocks.
    assert!(!html(&f.input(Lang::Vi)).contains("Nơi nhận:"));
}
