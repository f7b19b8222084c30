//! End to end: `gds report` on the sample district writes a complete, deterministic package
//! whose numbers agree across HTML, DOCX, XLSX and the result table; `gds chart --all` draws
//! every standard chart in both languages. The HTML is screenshotted in headless Chromium
//! (required in CI, where `.ci/run` installs it).

use calamine::{Data, Reader};
use gds_compute::writers::read_results;
use gds_core::{Lang, ObsStatus, format_number};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

const SAMPLE: &str = "data-samples/minh-lam/gds.toml";

fn gds(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run gds");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).to_string())
}

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn decimals(unit: &str) -> usize {
    gds_compute::xlsx::decimals(unit)
}

#[test]
fn report_package_is_complete_consistent_and_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for d in [&a, &b] {
        let (code, err) = gds(&[
            "report",
            SAMPLE,
            "--period",
            "2024",
            "--lang",
            "vi",
            "--no-timestamp",
            "--out",
            d.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
    }
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(v == &fb[k], "{} differs between two runs", k.display());
    }
    for f in ["report-vi.html", "report-vi.docx", "tables-vi.xlsx", "results.csv", "results.parquet"] {
        assert!(fa.contains_key(Path::new(f)), "{f} missing");
    }
    let pngs =
        fa.keys().filter(|k| k.starts_with("charts") && k.extension().is_some_and(|e| e == "png")).count();
    let svgs =
        fa.keys().filter(|k| k.starts_with("charts") && k.extension().is_some_and(|e| e == "svg")).count();
    assert!(pngs >= 30 && pngs == svgs, "{pngs} PNG, {svgs} SVG charts");

    // The headline numbers (district ML, 2024, by sex) appear as formatted in HTML and DOCX.
    let t = read_results(&a.join("results.parquet")).unwrap();
    let html = String::from_utf8(fa[Path::new("report-vi.html")].clone()).unwrap();
    assert!(!html.contains("http://") && !html.contains("https://"), "the HTML must be self-contained");
    // The project's [issuer]: the blocks of an administrative document (Decree 30/2020).
    for block in [
        "Số: …/BC-LĐTBXH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Minh Lâm, ngày … tháng … năm 2024",
        "Nơi nhận:",
    ] {
        assert!(html.contains(block), "{block:?} missing from the report");
    }
    // The Vietnamese report says its reasons and severities in Vietnamese, not twice in English.
    for english in [
        "warning:",
        "interpret with caution",
        "denominator is zero",
        "defined for ",
        "no source in the project",
        "have no value",
        "hint:",
    ] {
        assert!(!html.contains(english), "English {english:?} in the Vietnamese report");
    }
    assert!(html.contains("DỮ LIỆU TỔNG HỢP"), "synthetic banner");
    let mut docx =
        zip::ZipArchive::new(std::io::Cursor::new(fa[Path::new("report-vi.docx")].clone())).unwrap();
    let mut xml = String::new();
    docx.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("document.xml is not well-formed: {e}"),
        }
    }
    assert!(
        (0..docx.len()).any(|i| docx.by_index(i).unwrap().name().starts_with("word/media/")),
        "charts embedded"
    );
    let mut checked = 0;
    for id in [
        "srb",
        "lfpr",
        "literacy-15plus",
        "women-council-deputies",
        "gov-bodies-female-key-leader",
        "unpaid-care-ratio",
    ] {
        for r in t.rows.iter().filter(|r| {
            r.indicator == id
                && r.area == gds_synth::DISTRICT_CODE
                && r.period == "2024"
                && r.status == ObsStatus::Ok
        }) {
            if r.keys.iter().zip(&t.dimensions).any(|(k, d)| d != "sex" && k != "_T") {
                continue;
            }
            let v = format_number(r.value.unwrap(), decimals(&r.unit), Lang::Vi);
            assert!(html.contains(&v), "{id} {:?}: {v} not in the HTML", r.keys);
            assert!(xml.contains(&v), "{id} {:?}: {v} not in the DOCX", r.keys);
            checked += 1;
        }
    }
    assert!(checked >= 8, "{checked} headline values checked");

    // The long table of tables.xlsx holds the result table's values.
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(a.join("tables-vi.xlsx")).unwrap();
    // Code 02101 is Thị trấn Minh Lâm until the 2025 reform and Xã Minh Lâm after it: the
    // 2023–2024 figures carry the township's name, never the later commune's.
    let (mut township, mut later) = (0, 0);
    for name in wb.sheet_names() {
        for r in wb.worksheet_range(&name).unwrap().rows() {
            township += r.iter().filter(|c| matches!(c, Data::String(s) if s == "Thị trấn Minh Lâm")).count();
            later += r.iter().filter(|c| matches!(c, Data::String(s) if s == "Xã Minh Lâm")).count();
        }
    }
    assert!(township > 0 && later == 0, "Thị trấn Minh Lâm {township} times, Xã Minh Lâm {later} times");
    // The theme sheets are for people: Nữ / Nam / Chung side by side, numbers as numbers,
    // equal to the result table; an indicator defined for women shows the female value only.
    assert_eq!(wb.sheet_names()[0], "Mục lục");
    assert!(wb.sheet_names().iter().all(|n| n.chars().count() <= 31 && !n.ends_with("chín")));
    let labour = wb.worksheet_range("Lao động, việc làm và thu nhập").unwrap();
    let lines: Vec<&[Data]> = labour.rows().collect();
    let head: Vec<String> = lines[3].iter().map(|c| c.to_string()).collect();
    let at =
        |n: &str| head.iter().position(|h| h == n).unwrap_or_else(|| panic!("no column {n} in {head:?}"));
    let district = "Huyện Minh Lâm";
    let line = |name: &str| {
        lines
            .iter()
            .find(|l| {
                l[at("Mã chỉ tiêu")] == name
                    && l[at("Địa bàn")].to_string().starts_with(district)
                    && l[at("Kỳ")] == Data::Float(2024.0)
                    && head.iter().position(|h| h == "Nhóm tuổi").is_none_or(|i| l[i] == "Chung")
            })
            .unwrap_or_else(|| panic!("no line of {name} for {district} 2024"))
    };
    let value = |id: &str, sex: &str| {
        t.rows
            .iter()
            .find(|r| {
                r.indicator == id
                    && r.level == "district"
                    && r.period == "2024"
                    && t.key(r, "sex") == Some(sex)
                    && t.dimensions.iter().zip(&r.keys).all(|(d, k)| d == "sex" || k == "_T")
            })
            .and_then(|r| r.value)
    };
    let lfpr = line("lfpr");
    for (col, sex) in [("Nữ", "F"), ("Nam", "M"), ("Chung", "_T")] {
        match (&lfpr[at(col)], value("lfpr", sex)) {
            (Data::Float(x), Some(v)) => assert!((x - v).abs() < 1e-9, "lfpr {col}: {x} vs {v}"),
            (c, v) => panic!("lfpr {col}: {c:?} vs {v:?}"),
        }
    }
    assert!(
        matches!(lfpr[at("Chênh lệch (Nữ − Nam)")], Data::Float(g) if (g - (value("lfpr", "F").unwrap() - value("lfpr", "M").unwrap())).abs() < 1e-9)
    );
    assert!(matches!(lfpr[at("Nữ: cận dưới")], Data::Float(_)) && matches!(lfpr[at("n nữ")], Data::Float(_)));
    let women = line("wage-workers-share-female");
    assert!(matches!(women[at("Nữ")], Data::Float(_)));
    assert!(
        matches!(women[at("Nam")], Data::Empty) && matches!(women[at("Chung")], Data::Empty),
        "{women:?}"
    );
    assert!(matches!(women[at("Mục tiêu")], Data::Float(_)) && women[at("So sánh")] == "≥");
    // Frozen headings and first column, an autofilter, A4 landscape with the heading repeated.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(a.join("tables-vi.xlsx")).unwrap()).unwrap();
    let mut book = String::new();
    zip.by_name("xl/workbook.xml").unwrap().read_to_string(&mut book).unwrap();
    assert!(book.contains("_xlnm.Print_Titles") && book.contains("Lao động, việc làm và thu nhập'!$4:$4"));
    let mut sheet4 = String::new();
    zip.by_name("xl/worksheets/sheet4.xml").unwrap().read_to_string(&mut sheet4).unwrap();
    assert!(sheet4.contains(r#"xSplit="1" ySplit="4""#) && sheet4.contains("<autoFilter"));
    assert!(sheet4.contains(r#"paperSize="9""#) && sheet4.contains(r#"orientation="landscape""#));
    let mut styles = String::new();
    zip.by_name("xl/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    assert!(
        styles.contains("Times New Roman") && !styles.contains("Calibri"),
        "every cell in Times New Roman"
    );

    let sheet = wb.sheet_names().last().unwrap().clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    let head: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    assert_eq!(rows.len() - 1, t.rows.len());
    for (i, r) in t.rows.iter().enumerate().step_by(97) {
        let x = rows[i + 1];
        assert_eq!(x[col("indicator")].to_string(), r.indicator);
        match (r.value, &x[col("value")]) {
            (Some(v), Data::Float(f)) => {
                assert!((v - f).abs() < 1e-9 * v.abs().max(1.0), "{} row {i}", r.indicator)
            }
            (None, Data::Empty) => {}
            (v, c) => panic!("row {i}: {v:?} vs {c:?}"),
        }
    }

    // Headless Chromium renders the HTML (required in CI).
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()));
    match chromium {
        Some(c) => {
            let shot = tmp.path().join("report.png");
            let status = Command::new(c)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--hide-scrollbars",
                    "--window-size=1280,2400",
                ])
                .arg(format!("--user-data-dir={}", tmp.path().join("chrome").display()))
                .arg(format!("--screenshot={}", shot.display()))
                .arg(format!("file://{}", a.join("report-vi.html").display()))
                .output()
                .unwrap();
            assert!(
                shot.exists() && std::fs::metadata(&shot).unwrap().len() > 10_000,
                "no screenshot: {}",
                String::from_utf8_lossy(&status.stderr)
            );
            if let Ok(keep) = std::env::var("GDS_KEEP_SCREENSHOT") {
                std::fs::copy(&shot, keep).unwrap();
            }
        }
        None if std::env::var("CI").is_ok() => {
            panic!("headless Chromium is required in CI: apt-get install chromium")
        }
        None => eprintln!("note: chromium not installed; the screenshot check was skipped"),
    }
    // LibreOffice, where installed (CI installs it), converts the DOCX to PDF as an office
    // would print it; the first page is rendered to PNG for a person to look at
    // (target/test-output/report-vi-page1.png) and its text must hold the Decree 30 blocks.
    if Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success()) {
        let pdf_dir = tmp.path().join("pdf");
        let out = Command::new("soffice")
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&pdf_dir)
            .arg(a.join("report-vi.docx"))
            .env("HOME", tmp.path())
            .output()
            .unwrap();
        let pdf = pdf_dir.join("report-vi.pdf");
        assert!(pdf.exists(), "LibreOffice: {}", String::from_utf8_lossy(&out.stderr));
        let text = |args: &[&str]| {
            let o = Command::new("pdftotext").args(args).arg(&pdf).arg("-").output().unwrap();
            assert!(o.status.success(), "pdftotext: {}", String::from_utf8_lossy(&o.stderr));
            String::from_utf8(o.stdout).unwrap()
        };
        let first = text(&["-f", "1", "-l", "1", "-layout"]);
        for block in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số:",
            "BÁO CÁO",
            "ngày",
            "tháng",
        ] {
            assert!(
                first.to_uppercase().contains(&block.to_uppercase()),
                "page 1 of the PDF lacks {block:?}:\n{first}"
            );
        }
        let all = text(&[]);
        let pages = all.matches('\u{c}').count();
        assert!(pages >= 5, "the PDF has {pages} pages");
        for part in
            ["I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ", "III. PHƯƠNG HƯỚNG", "PHỤ LỤC 1", "Nơi nhận"]
        {
            assert!(all.to_uppercase().contains(&part.to_uppercase()), "the PDF lacks {part:?}");
        }
        // The contents are printed as headings, not as the field's code.
        assert!(!all.contains("TOC \\o"), "the PDF shows the TOC field's code");
        assert!(
            all.to_uppercase().matches("II. TỒN TẠI, HẠN CHẾ").count() >= 2,
            "the PDF's contents do not list part II"
        );
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-vi-page1");
        let o = Command::new("pdftoppm")
            .args(["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"])
            .arg(&pdf)
            .arg(&shots)
            .output()
            .unwrap();
        assert!(o.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&o.stderr));
        let png = shots.with_extension("png");
        assert!(std::fs::metadata(&png).unwrap().len() > 5_000, "{} is blank", png.display());
        eprintln!("note: the report's first page as printed: {}", png.display());
    } else if std::env::var("GDS_REQUIRE_LIBREOFFICE").is_ok() {
        panic!(
            "LibreOffice is required here (GDS_REQUIRE_LIBREOFFICE): apt-get install libreoffice-writer-nogui poppler-utils"
        );
    } else {
        eprintln!("note: LibreOffice not installed; the PDF check was skipped");
    }
}

#[test]
fn chart_all_draws_every_standard_chart_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let results = tmp.path().join("r.parquet");
    let (code, err) = gds(&["compute", SAMPLE, "--by", "sex,age_group", "--out", results.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let out = tmp.path().join("charts");
    let (code, err) = gds(&[
        "chart",
        "--results",
        results.to_str().unwrap(),
        "--project",
        SAMPLE,
        "--all",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    let count = |suffix: &str| names.iter().filter(|n| n.ends_with(suffix)).count();
    assert!(count("-vi.png") >= 30, "{names:?}");
    assert_eq!(count("-vi.png"), count("-en.png"));
    assert_eq!(count("-vi.svg"), count("-vi.png"));
    for kind in ["bar-by-area", "trend", "pyramid", "sex-comparison", "srb", "stacked-share"] {
        assert!(names.iter().any(|n| n.contains(&format!("-{kind}-"))), "no {kind} chart in {names:?}");
    }
}

#[test]
fn both_languages_share_a_folder_and_nothing_is_replaced_silently() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bao-cao");
    let o = out.to_str().unwrap().to_string();
    let run = |period: &str, lang: &str| {
        let mut args = vec!["report", SAMPLE, "--lang", lang, "--no-timestamp", "--dpi", "96", "--out", &o];
        if !period.is_empty() {
            args.extend(["--period", period]);
        }
        gds(&args)
    };
    // Without --period: the latest period of the data that has ended (the sample has 2023 and
    // 2024), compared with the year before.
    let (code, err) = run("", "vi");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("kỳ báo cáo: 2024 (năm 2024: kỳ đầy đủ gần nhất trong dữ liệu"), "{err}");
    // Not on a terminal, progress is plain lines, one per stage, in the report's language, and
    // so is the closing line.
    for stage in ["] bảng: tables-vi.xlsx", "] biểu đồ", "] văn bản: report-vi.html", "] đang "] {
        assert!(err.contains(stage), "no progress line {stage:?} in\n{err}");
    }
    assert!(err.contains("phát hiện trong phụ lục chất lượng dữ liệu"), "{err}");
    assert!(!err.contains("wrote ") && !err.contains("scanning "), "English in\n{err}");
    let vi = files(&out);
    assert!(vi.keys().any(|k| k.starts_with("charts") && k.to_string_lossy().ends_with("-vi.png")));

    // The English report of other results (2023) would not match the Vietnamese one's
    // results.csv: refused, and the folder is as it was.
    let (code, err) = run("2023", "en");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("other results") && err.contains("--overwrite"), "{err}");
    assert_eq!(files(&out), vi, "a refused report changed the folder");

    // The English report of the same results joins the Vietnamese one.
    let (code, err) = run("2024", "en");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("kept beside them: charts/"), "{err}");
    let both = files(&out);
    for (k, v) in &vi {
        assert!(both.get(k) == Some(v), "{} changed or went missing", k.display());
    }
    for f in ["report-en.html", "report-en.docx", "tables-en.xlsx"] {
        assert!(both.contains_key(Path::new(f)), "{f} missing");
    }
    assert!(both.keys().any(|k| k.starts_with("charts") && k.to_string_lossy().ends_with("-en.svg")));

    // The same language again: refused before any work, nothing replaced.
    let (code, err) = run("2024", "vi");
    assert_eq!(code, 1, "{err}");
    // Asked for in Vietnamese, the refusal is in Vietnamese.
    assert!(err.contains("đã có một báo cáo (report-vi.html)") && err.contains("--overwrite"), "{err}");
    assert_eq!(files(&out), both);
}
