//! The same logical data read from CSV, Parquet, Arrow IPC and XLSX give identical frames.

use gds_compute::mapping::scan_dataset;
use gds_compute::project::Project;
use gds_indicators::Catalogue;
use polars::prelude::*;
use std::path::Path;

const CSV: &str = "deputy_id,term,period,area,level,gioi_tinh,age,ethnicity,education
d1,2021-2026,2024,A,commune,Nữ,41,kinh,tertiary
d2,2021-2026,2024,A,commune,NAM,52,tay,upper-secondary
d3,2021-2026,2024,B,commune,nu,38,kinh,
d4,2021-2026,2024,B,district,Male,60,muong,tertiary
";

fn project(dir: &Path, file: &str, extra: &str) -> std::path::PathBuf {
    let p = dir.join(format!("{file}.toml"));
    std::fs::write(&p, format!("schema-version = 1\nname = {{ vi = \"x\", en = \"x\" }}\n[[sources]]\ndataset = \"council-deputies\"\npath = \"{file}\"\n{extra}")).unwrap();
    p
}

fn frame(toml: &Path) -> DataFrame {
    let cat = Catalogue::embedded().unwrap();
    let p = Project::load(toml, &cat).unwrap();
    let (lf, _keep) = scan_dataset(&p, &cat, "council-deputies").unwrap().unwrap();
    lf.collect().unwrap()
}

#[test]
fn csv_parquet_ipc_and_xlsx_give_identical_frames() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.csv"), CSV).unwrap();
    // Semicolon-separated, with a UTF-8 BOM, as Excel writes it.
    std::fs::write(d.join("b.csv"), format!("\u{feff}{}", CSV.replace(',', ";"))).unwrap();
    let from_csv = frame(&project(d, "a.csv", ""));
    assert_eq!(
        from_csv.column("sex").unwrap().str().unwrap().iter().collect::<Vec<_>>(),
        [Some("F"), Some("M"), Some("F"), Some("M")]
    );
    assert_eq!(from_csv, frame(&project(d, "b.csv", "")));

    // Parquet and IPC copies of the raw file.
    let mut raw = CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(d.join("a.csv")))
        .unwrap()
        .finish()
        .unwrap();
    ParquetWriter::new(std::fs::File::create(d.join("c.parquet")).unwrap()).finish(&mut raw).unwrap();
    IpcWriter::new(std::fs::File::create(d.join("d.arrow")).unwrap()).finish(&mut raw).unwrap();
    assert_eq!(from_csv, frame(&project(d, "c.parquet", "")));
    assert_eq!(from_csv, frame(&project(d, "d.arrow", "")));

    // An office workbook: a title row, the header on row 3, Vietnamese headers renamed.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Đại biểu").unwrap();
    ws.write_string(0, 0, "Danh sách đại biểu HĐND (dữ liệu thử)").unwrap();
    for (i, line) in CSV.lines().enumerate() {
        for (j, cell) in line.split(',').enumerate() {
            let (r, c) = (2 + i as u32, j as u16);
            let cell = if i == 0 && cell == "area" { "Mã xã" } else { cell };
            match (i > 0 && (j == 2 || j == 6), cell.parse::<f64>()) {
                (true, Ok(v)) => ws.write_number(r, c, v).map(|_| ()).unwrap(),
                _ if cell.is_empty() => {}
                _ => ws.write_string(r, c, cell).map(|_| ()).unwrap(),
            }
        }
    }
    wb.save(d.join("e.xlsx")).unwrap();
    let xlsx = frame(&project(
        d,
        "e.xlsx",
        "sheet = \"Đại biểu\"\nheader-row = 3\nrename = { \"Mã xã\" = \"area\" }\n",
    ));
    assert_eq!(from_csv, xlsx);
}

#[test]
fn windows_1258_is_converted_and_nfc_normalised() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // "Nữ" in Windows-1258 is N, ư (0xFD) and a combining tilde (0xDE).
    let bytes = CSV
        .replace("Nữ", "\u{1}")
        .into_bytes()
        .into_iter()
        .flat_map(|b| if b == 1 { vec![b'N', 0xFD, 0xDE] } else { vec![b] })
        .collect::<Vec<u8>>();
    std::fs::write(d.join("w.csv"), bytes).unwrap();
    let converted = frame(&project(d, "w.csv", "encoding = \"windows-1258\"\n"));
    std::fs::write(d.join("a.csv"), CSV).unwrap();
    assert_eq!(converted, frame(&project(d, "a.csv", "")));
}
