//! Forms out and back: `gds forms` writes one workbook per commune; the forms are filled the
//! way a clerk fills them (numbers typed into the yellow cells of the very file, nothing else
//! touched), read back through the gds.toml written with them, validated and computed — and
//! every way of filling one wrong is refused, naming the file.

use calamine::{Data, Reader};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

fn gds(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gds"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("GDS_PROGRESS", "0")
        .output()
        .expect("run gds");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const PROJECT: &str = "data-samples/minh-lam/gds.toml";

/// The rows of a form's sheet "Biểu 01" as text (1-based row → cells).
fn rows_of(path: &Path) -> BTreeMap<u32, Vec<String>> {
    rows_of_sheet(path, "Biểu 01")
}

/// The rows of sheet `sheet` of a form as text (1-based row → cells).
fn rows_of_sheet(path: &Path, sheet: &str) -> BTreeMap<u32, Vec<String>> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    if range.start().is_none() {
        return BTreeMap::new();
    }
    let (r0, _) = range.start().unwrap();
    range
        .rows()
        .enumerate()
        .map(|(i, r)| {
            let cells = r
                .iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect();
            (r0 + 1 + i as u32, cells)
        })
        .collect()
}

/// The persons a clerk of `unit` reports in a row: (men, women) by the row's codes.
fn persons(unit: &str, age: &str, urban: &str) -> (u64, u64) {
    let u: u64 = unit.parse().unwrap();
    let a = age.bytes().map(u64::from).sum::<u64>();
    let men = (u * 7 + a * 13 + if urban == "U" { 5 } else { 11 }) % 97;
    let women = (u * 3 + a * 17 + if urban == "U" { 2 } else { 19 }) % 89;
    (men, women)
}

/// Fill the form at `from` into `to` as a clerk would: each input cell (a formatted blank
/// cell of the first sheet) given a value by `value(row, column letter)` gets it; the rest of
/// the file is copied byte for byte.
fn fill(from: &Path, to: &Path, value: impl Fn(u32, &str) -> Option<String>) {
    fill_sheet(from, to, 1, value)
}

/// [`fill`] the form at `path` where it is (through a temporary file beside it).
fn fill_in_place(path: &Path, value: impl Fn(u32, &str) -> Option<String>) {
    let tmp = path.with_extension("filling");
    fill(path, &tmp, value);
    std::fs::rename(&tmp, path).unwrap();
}

/// [`fill`] on the `n`-th sheet (1-based).
fn fill_sheet(from: &Path, to: &Path, n: usize, value: impl Fn(u32, &str) -> Option<String>) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == format!("xl/worksheets/sheet{n}.xml") {
            let xml = String::from_utf8(bytes).unwrap();
            let mut filled = String::new();
            let mut rest = xml.as_str();
            // Blank cells: <c r="G7" s="5"/>.
            while let Some(at) = rest.find("<c r=\"") {
                filled.push_str(&rest[..at]);
                let cell = &rest[at..];
                let end = cell.find('>').unwrap();
                let tag = &cell[..=end];
                let reference = &tag[6..tag[6..].find('"').unwrap() + 6];
                let letters: String = reference.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
                let row: u32 = reference[letters.len()..].parse().unwrap();
                match value(row, &letters) {
                    // A number as a number; anything else as the text a clerk types.
                    Some(v) if tag.ends_with("/>") && v.parse::<f64>().is_ok() => {
                        filled.push_str(&tag[..tag.len() - 2]);
                        filled.push_str(&format!("><v>{v}</v></c>"));
                    }
                    Some(v) if tag.ends_with("/>") => {
                        filled.push_str(&tag[..tag.len() - 2]);
                        filled.push_str(&format!(" t=\"inlineStr\"><is><t>{v}</t></is></c>"));
                    }
                    _ => filled.push_str(tag),
                }
                rest = &cell[end + 1..];
            }
            filled.push_str(rest);
            bytes = filled.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

/// Fill every form in `dir` with [`persons`] (total = men + women), `tweak` changing a value
/// (unit, row, column, value) → new value.
fn fill_all(dir: &Path, tweak: impl Fn(&str, u32, &str, u64) -> Option<u64>) -> BTreeMap<String, (u64, u64)> {
    let mut sums = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "xlsx") {
            continue;
        }
        let rows = rows_of(&path);
        let header = &rows[&6];
        let at = |h: &str| header.iter().position(|x| x == h).unwrap();
        let (total, men, women) = (at("Tổng số"), at("Nam"), at("Nữ"));
        let letter = |j: usize| ((b'A' + j as u8) as char).to_string();
        let unit = rows[&7][0].clone();
        let mut values: BTreeMap<(u32, String), u64> = BTreeMap::new();
        let (mut m_all, mut f_all) = (0, 0);
        for (r, cells) in rows.range(7..) {
            if cells[0] != unit {
                continue;
            }
            let (m, f) = persons(&unit, &cells[at("Mã nhóm tuổi")], &cells[at("Mã thành thị/nông thôn")]);
            m_all += m;
            f_all += f;
            values.insert((*r, letter(men)), m);
            values.insert((*r, letter(women)), f);
            values.insert((*r, letter(total)), m + f);
        }
        sums.insert(unit.clone(), (m_all, f_all));
        fill_in_place(&path, |row, col| {
            let v = *values.get(&(row, col.to_string()))?;
            match tweak(&unit, row, col, v) {
                Some(u64::MAX) => None,
                Some(x) => Some(x.to_string()),
                None => Some(v.to_string()),
            }
        });
    }
    sums
}

fn forms(dir: &Path, period: &str) {
    let (code, out, err) = gds(&[
        "forms",
        PROJECT,
        "--period",
        period,
        "--datasets",
        "population-counts",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote 17 form(s)"), "{out}");
}

/// `gds compute` of `indicators` on the forms' project for `period`, every cell published
/// (`--no-suppress`), into `csv`: its rows.
fn compute_forms(
    project: &Path,
    period: &str,
    indicators: &str,
    csv: &Path,
) -> Vec<BTreeMap<String, String>> {
    let (code, _, err) = gds(&[
        "compute",
        project.to_str().unwrap(),
        "--period",
        period,
        "--indicators",
        indicators,
        "--no-suppress",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    results(csv)
}

fn results(csv: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(csv).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().trim_start_matches('\u{feff}').split(',').collect();
    lines
        .map(|l| header.iter().map(|h| h.to_string()).zip(l.split(',').map(String::from)).collect())
        .collect()
}

#[test]
fn forms_filled_and_returned_give_the_hand_computed_indicators() {
    let dir = tempfile::tempdir().unwrap();
    let forms_dir = dir.path().join("forms");
    forms(&forms_dir, "2024-H1");
    // A blank form is no report: every cell is missing, never 0.
    let (code, out, _) = gds(&["validate", forms_dir.join("gds.toml").to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("02101-thi-tran-minh-lam.xlsx:7") && out.contains("no count"), "{out}");
    // The forms written again over themselves: refused (they may be filled in).
    let (code, _, err) =
        gds(&["forms", PROJECT, "--period", "2024-H1", "--out", forms_dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("--overwrite"), "{err}");
    let sums = fill_all(&forms_dir, |_, _, _, _| None);
    assert_eq!(sums.len(), 17);
    let (code, out, err) = gds(&["validate", forms_dir.join("gds.toml").to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let csv = dir.path().join("r.csv");
    let rows = compute_forms(&forms_dir.join("gds.toml"), "2024-H1", "population-reported", &csv);
    let value = |area: &str, sex: &str| -> u64 {
        rows.iter()
            .find(|r| r["area"] == area && r["sex"] == sex && r["period"] == "2024-H1")
            .unwrap_or_else(|| panic!("no row for {area} {sex}: {rows:?}"))["value"]
            .parse()
            .unwrap()
    };
    // Every commune's men and women as its clerk typed them, and the district their sum.
    for (unit, (m, f)) in &sums {
        assert_eq!((value(unit, "M"), value(unit, "F"), value(unit, "_T")), (*m, *f, m + f), "{unit}");
    }
    let (m, f) = sums.values().fold((0, 0), |(a, b), (m, f)| (a + m, b + f));
    assert_eq!((value("068", "M"), value("068", "F")), (m, f));
}

#[test]
fn forms_filled_wrong_are_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let project = |d: &PathBuf| d.join("gds.toml").to_str().unwrap().to_string();
    // One cell left empty.
    let empty = dir.path().join("empty");
    forms(&empty, "2024-H1");
    fill_all(&empty, |unit, row, col, _| (unit == "02104" && row == 9 && col == "H").then_some(u64::MAX));
    let (code, out, _) = gds(&["validate", &project(&empty)]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("02104-xa-tan-phu.xlsx:9") && out.contains("no count"), "{out}");
    // Nam + Nữ is not the total.
    let sums = dir.path().join("sums");
    forms(&sums, "2024-H1");
    fill_all(&sums, |unit, row, col, v| (unit == "02107" && row == 12 && col == "G").then_some(v + 1));
    let (code, out, _) = gds(&["validate", &project(&sums)]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("02107-xa-hoa-binh.xlsx") && out.contains("total"), "{out}");
    // Another unit's form under this unit's name; last period's form; not a form at all.
    let mixed = dir.path().join("mixed");
    forms(&mixed, "2024-H1");
    fill_all(&mixed, |_, _, _, _| None);
    let other = dir.path().join("other");
    forms(&other, "2023-H2");
    fill_all(&other, |_, _, _, _| None);
    std::fs::copy(mixed.join("02104-xa-tan-phu.xlsx"), mixed.join("02101-thi-tran-minh-lam.xlsx")).unwrap();
    std::fs::copy(other.join("02110-xa-dong-son.xlsx"), mixed.join("02110-xa-dong-son.xlsx")).unwrap();
    std::fs::copy(
        "data-samples/minh-lam/population-counts-2024-synthetic.xlsx",
        mixed.join("02113-xa-quynh-luu.xlsx"),
    )
    .unwrap();
    let (code, out, _) = gds(&["validate", &project(&mixed)]);
    assert_eq!(code, 1, "{out}");
    for needle in [
        "02101-thi-tran-minh-lam.xlsx: the form is that of unit 02104 (Xã Tân Phú), but this file is 02101's",
        "02110-xa-dong-son.xlsx: the form is version",
        "(of period 2023-H2)",
        "02113-xa-quynh-luu.xlsx: this workbook is not a gds form",
    ] {
        assert!(out.contains(needle), "{needle:?} not in:\n{out}");
    }
    // And compute publishes nothing from them.
    let csv = dir.path().join("r.csv");
    let (code, _, _) =
        gds(&["compute", &project(&mixed), "--period", "2024-H1", "--out", csv.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(!csv.exists());
}

/// The cells of every sheet of `xlsx`, written as an OpenDocument spreadsheet the way
/// LibreOffice saves one: titles merged across the table (`number-columns-spanned` and covered
/// cells), runs of empty cells repeated, numbers as floats, the hidden sheet kept.
fn to_ods(xlsx: &Path, ods: &Path) {
    fn esc(s: &str) -> String {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
    }
    let mut wb = calamine::open_workbook_auto(xlsx).unwrap();
    let mut body = String::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let width = range.width();
        body.push_str(&format!("<table:table table:name=\"{}\">", esc(&name)));
        for (i, row) in range.rows().enumerate() {
            body.push_str("<table:table-row>");
            let filled = row.iter().filter(|c| !matches!(c, Data::Empty)).count();
            // A title row: one text merged across the table.
            if name != "_gds" && i < 4 && filled == 1 {
                let text = row[0].to_string();
                body.push_str(&format!(
                    "<table:table-cell table:number-columns-spanned=\"{width}\" office:value-type=\"string\"><text:p>{}</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated=\"{}\"/>",
                    esc(&text),
                    width - 1
                ));
                body.push_str("</table:table-row>");
                continue;
            }
            let mut empty = 0;
            for c in row {
                let cell = match c {
                    Data::Empty => {
                        empty += 1;
                        continue;
                    }
                    Data::Float(x) => {
                        format!(
                            "<table:table-cell office:value-type=\"float\" office:value=\"{x}\"><text:p>{x}</text:p></table:table-cell>"
                        )
                    }
                    Data::Int(x) => {
                        format!(
                            "<table:table-cell office:value-type=\"float\" office:value=\"{x}\"><text:p>{x}</text:p></table:table-cell>"
                        )
                    }
                    other => format!(
                        "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                        esc(&other.to_string())
                    ),
                };
                if empty > 0 {
                    body.push_str(&format!("<table:table-cell table:number-columns-repeated=\"{empty}\"/>"));
                    empty = 0;
                }
                body.push_str(&cell);
            }
            body.push_str("</table:table-row>");
        }
        body.push_str("</table:table>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.3\"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    let mut z = zip::ZipWriter::new(std::fs::File::create(ods).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    z.start_file("META-INF/manifest.xml", zip::write::SimpleFileOptions::default()).unwrap();
    z.write_all(manifest.as_bytes()).unwrap();
    z.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
    z.write_all(content.as_bytes()).unwrap();
    z.finish().unwrap();
}

#[test]
fn a_form_saved_as_ods_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let forms_dir = dir.path().join("forms");
    forms(&forms_dir, "2024-H1");
    fill_all(&forms_dir, |_, _, _, _| None);
    let compute = |out: &Path| {
        let (code, _, err) = gds(&[
            "compute",
            forms_dir.join("gds.toml").to_str().unwrap(),
            "--period",
            "2024-H1",
            "--indicators",
            "population-reported",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        std::fs::read(out).unwrap()
    };
    let xlsx = compute(&dir.path().join("xlsx.csv"));
    // Two communes send their form back from LibreOffice, one under a name of its own; the
    // office drops them into the folder and changes nothing: gds knows each form by its
    // identity sheet.
    let toml_path = forms_dir.join("gds.toml");
    let before = std::fs::read_to_string(&toml_path).unwrap();
    for (name, returned) in [
        ("02101-thi-tran-minh-lam", "02101-thi-tran-minh-lam.ods"),
        ("02146-xa-nam-khanh", "Nam Khanh da dien.ods"),
    ] {
        let xlsx = forms_dir.join(format!("{name}.xlsx"));
        to_ods(&xlsx, &forms_dir.join(returned));
        std::fs::remove_file(xlsx).unwrap();
    }
    // A third renames its workbook.
    std::fs::rename(forms_dir.join("02104-xa-tan-phu.xlsx"), forms_dir.join("bieu-tan-phu-6-thang.xlsx"))
        .unwrap();
    let (code, out, err) = gds(&["validate", toml_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(compute(&dir.path().join("ods.csv")), xlsx);
    assert_eq!(std::fs::read_to_string(&toml_path).unwrap(), before, "gds.toml was edited");
    // Two returned forms of one unit: which is the report? Refused, naming both.
    std::fs::copy(forms_dir.join("bieu-tan-phu-6-thang.xlsx"), forms_dir.join("tan-phu-ban-sao.xlsx"))
        .unwrap();
    let (code, out, err) = gds(&["validate", toml_path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(
        all.contains("2 returned forms of unit 02104")
            && all.contains("bieu-tan-phu-6-thang.xlsx, tan-phu-ban-sao.xlsx"),
        "{all}"
    );
}

/// A workbook of several sheets has one block per sheet in the forms' gds.toml, each with the
/// workbook's path: a key of a later block is cited at its own line, not at the first block's.
#[test]
fn a_later_sheets_key_is_cited_at_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let forms_dir = dir.path().join("forms");
    let (code, _, err) = gds(&[
        "forms",
        PROJECT,
        "--period",
        "2025",
        "--datasets",
        "population-counts,leaders",
        "--out",
        forms_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let toml_path = forms_dir.join("gds.toml");
    let text = std::fs::read_to_string(&toml_path).unwrap();
    // The first workbook's path, which its two sheets' blocks both give.
    let path_line = text.lines().find(|l| l.starts_with("path = ")).unwrap().to_string();
    let path_line = path_line.as_str();
    assert_eq!(text.matches(path_line).count(), 2, "{text}");
    // A delimiter (no key of a workbook) in the second block of that workbook.
    let second = text.match_indices(path_line).nth(1).unwrap().0;
    let mut edited = text.clone();
    edited.insert_str(second, "delimiter = \";\"\n");
    let line = edited[..second].lines().count() + 1;
    std::fs::write(&toml_path, edited).unwrap();
    let (code, out, err) = gds(&["validate", toml_path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(all.contains(&format!("gds.toml:{line}: delimiter is set")), "line {line}: {all}");
}

#[test]
fn a_roster_form_gives_each_communes_leaders() {
    let dir = tempfile::tempdir().unwrap();
    let forms_dir = dir.path().join("forms");
    let (code, out, err) = gds(&[
        "forms",
        PROJECT,
        "--period",
        "2024",
        "--datasets",
        "leaders",
        "--rows",
        "12",
        "--out",
        forms_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Biểu 01 (leaders)"), "{out}");
    // Each commune's leaders: (position, sex) as the clerk picks them from the dropdowns.
    let leaders = |unit: u64| -> Vec<(&'static str, &'static str)> {
        let positions = ["Chủ tịch", "Phó Chủ tịch", "Bí thư", "Ủy viên, thành viên", "Phó Bí thư"];
        (0..3 + unit % 5)
            .map(|i| {
                (positions[((unit + i) % 5) as usize], if (unit * 3 + i * 7) % 5 < 2 { "Nữ" } else { "Nam" })
            })
            .collect()
    };
    let mut expected: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for e in std::fs::read_dir(&forms_dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "xlsx") {
            continue;
        }
        let unit = path.file_name().unwrap().to_str().unwrap()[..5].to_string();
        let list = leaders(unit.parse().unwrap());
        let key = list.iter().filter(|(p, _)| *p != "Ủy viên, thành viên").count() as u64;
        let women = list.iter().filter(|(p, s)| *p != "Ủy viên, thành viên" && *s == "Nữ").count() as u64;
        expected.insert(unit.clone(), (women, key));
        // Rows 7.. of columns A (name), B level, C body, D kind, E position, F sex, G age, H ethnicity;
        // the second row left blank (a clerk skips one).
        fill_in_place(&path, |row, col| {
            let i = match row {
                7 => 0,
                8 => return None,
                r if r >= 9 => (r - 8) as usize,
                _ => return None,
            };
            let (position, sex) = *list.get(i)?;
            Some(
                match col {
                    "A" => format!("Người thứ {}", i + 1),
                    "B" => "Xã/phường/đặc khu".into(),
                    "C" => "UBND".into(),
                    "D" => "Ủy ban nhân dân".into(),
                    "E" => position.into(),
                    "F" => sex.into(),
                    "G" => "45".into(),
                    "H" => "Kinh".into(),
                    _ => return None,
                }
                .to_string(),
            )
        });
    }
    let project = forms_dir.join("gds.toml");
    let (code, out, err) = gds(&["validate", project.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let csv = dir.path().join("r.csv");
    let rows = compute_forms(&project, "2024", "women-key-leaders", &csv);
    // A last row with only a name is a person left half-reported, never a footer to drop.
    let path = forms_dir.join("02101-thi-tran-minh-lam.xlsx");
    fill_in_place(&path, |row, col| (row == 12 && col == "A").then(|| "Nguyễn Thị B".to_string()));
    let (code, out, _) = gds(&["validate", project.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("02101-thi-tran-minh-lam.xlsx:12"), "{out}");
    for (unit, (women, key)) in &expected {
        let row = rows.iter().find(|r| &r["area"] == unit).unwrap_or_else(|| panic!("{unit}: {rows:?}"));
        assert_eq!(
            (row["numerator"].as_str(), row["denominator"].as_str()),
            (women.to_string().as_str(), key.to_string().as_str()),
            "{unit}"
        );
    }
}

#[test]
fn the_plans_credit_form_gives_the_hand_computed_shares() {
    // The district's credit table (Biểu 02 of the default forms: by sex and household
    // status), filled by each commune: women among borrowers, and the poor women, by hand.
    let dir = tempfile::tempdir().unwrap();
    let forms_dir = dir.path().join("forms");
    let (code, out, err) = gds(&[
        "forms",
        PROJECT,
        "--period",
        "2024",
        "--datasets",
        "preferential-credit",
        "--out",
        forms_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Biểu 01 (preferential-credit)"), "{out}");
    let mut women_all = 0u64;
    let mut borrowers_all = 0u64;
    let mut expected: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
    for e in std::fs::read_dir(&forms_dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "xlsx") {
            continue;
        }
        let rows = rows_of_sheet(&path, "Biểu 01");
        let header = &rows[&6];
        let at = |h: &str| header.iter().position(|x| x == h).unwrap();
        let (total, men, women, kind) = (at("Tổng số"), at("Nam"), at("Nữ"), at("Mã hoàn cảnh hộ gia đình"));
        let letter = |j: usize| ((b'A' + j as u8) as char).to_string();
        let unit = rows[&7][0].clone();
        let u: u64 = unit.parse().unwrap();
        let mut values: BTreeMap<(u32, String), u64> = BTreeMap::new();
        let (mut w, mut all, mut poor) = (0, 0, 0);
        for (r, cells) in rows.range(7..) {
            let h = cells[kind].clone();
            let f = (u + u64::from(*r) * 3) % 17;
            let m = (u * 2 + u64::from(*r)) % 13;
            values.insert((*r, letter(women)), f);
            values.insert((*r, letter(men)), m);
            values.insert((*r, letter(total)), f + m);
            w += f;
            all += f + m;
            if h != "other" {
                poor += f;
            }
        }
        women_all += w;
        borrowers_all += all;
        expected.insert(unit, (w, all, poor));
        fill_in_place(&path, |row, col| values.get(&(row, col.to_string())).map(|v| v.to_string()));
    }
    let project = forms_dir.join("gds.toml");
    let (code, out, err) = gds(&["validate", project.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let csv = dir.path().join("r.csv");
    let rows =
        compute_forms(&project, "2024", "women-preferential-borrowers-share,poor-women-borrowers", &csv);
    let get = |ind: &str, area: &str, col: &str| -> String {
        rows.iter()
            .find(|r| r["indicator"] == ind && r["area"] == area)
            .unwrap_or_else(|| panic!("{ind} {area}"))[col]
            .clone()
    };
    for (unit, (w, all, poor)) in &expected {
        assert_eq!(get("women-preferential-borrowers-share", unit, "numerator"), w.to_string());
        assert_eq!(get("women-preferential-borrowers-share", unit, "denominator"), all.to_string());
        assert_eq!(get("poor-women-borrowers", unit, "value"), poor.to_string());
    }
    assert_eq!(get("women-preferential-borrowers-share", "068", "numerator"), women_all.to_string());
    assert_eq!(get("women-preferential-borrowers-share", "068", "denominator"), borrowers_all.to_string());
}
