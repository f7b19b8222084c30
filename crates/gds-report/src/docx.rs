//! The report as a Word document (docx-rs): A4 portrait, built-in heading styles (so Word's
//! References → Table of Contents works), real tables, PNG charts inline with captions. Only
//! plain paragraphs, tables and inline pictures: no text boxes, nothing floating, so the labour
//! office can edit it freely.
//!
//! Body text follows the usual Vietnamese administrative layout (Nghị định 30/2020/NĐ-CP):
//! Times New Roman 13 pt, margins 2 cm top/bottom/right and 3 cm left.
//!
//! Determinism: docx-rs numbers paragraphs and pictures from process-wide counters, so every
//! paragraph and picture gets an explicit id here, and the archive's timestamps are reset
//! after packing (parts repacked deflated with a fixed timestamp).

use crate::ReportError;
use crate::content::{Block, Cell, Chapter, Figure, Report, Span, Table, Tone};
use crate::png;
use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, PageOrientationType,
    Paragraph, Pic, Run, RunFonts, Shading, ShdType, Style, StyleType, TableCell, TableLayoutType, TableRow,
    VAlignType, VMergeType, WidthType,
};
use std::io::Cursor;

/// A4 in twentieths of a point.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// 1 cm in twips (1440 per inch / 2.54).
const CM_TWIPS: i32 = 567;
const MARGIN_LEFT: i32 = 3 * CM_TWIPS;
const MARGIN_OTHER: i32 = 2 * CM_TWIPS;
/// Text width: 21 cm − 3 cm − 2 cm = 16 cm.
const TEXT_W: usize = (PAGE_W as i32 - MARGIN_LEFT - MARGIN_OTHER) as usize;
/// EMU per cm (914400 per inch).
const EMU_PER_CM: u64 = 360_000;
const FIGURE_W_EMU: u64 = 16 * EMU_PER_CM;
const FIGURE_MAX_H_EMU: u64 = 20 * EMU_PER_CM;
const FONT: &str = "Times New Roman";
/// Font sizes in half-points.
const BODY_SIZE: usize = 26;
const TABLE_SIZE: usize = 20;
const HEADER_FILL: &str = "E8E1EF";

/// Numbers paragraphs and pictures without docx-rs's global counters.
struct Ids {
    paragraph: u32,
    picture: u32,
    /// Alternative text of each picture, in document order.
    picture_alt: Vec<String>,
}

impl Ids {
    /// A paragraph with the next id (w14:paraId: 8 hex digits below 0x80000000; this range
    /// stays clear of the ids docx-rs gives the paragraphs it creates itself).
    fn p(&mut self) -> Paragraph {
        self.paragraph += 1;
        Paragraph::new().id(format!("{:08X}", 0x1000_0000 + self.paragraph))
    }
}

fn tone_color(tone: Tone) -> Option<&'static str> {
    match tone {
        Tone::Plain => None,
        Tone::Good => Some("1A7F37"),
        Tone::Bad => Some("B42318"),
        Tone::Muted => Some("6E7781"),
    }
}

fn run(text: &str, bold: bool, tone: Tone) -> Run {
    let mut r = Run::new().add_text(text);
    if bold {
        r = r.bold();
    }
    if let Some(c) = tone_color(tone) {
        r = r.color(c);
    }
    r
}

fn spans(mut p: Paragraph, spans: &[Span]) -> Paragraph {
    for s in spans {
        p = p.add_run(run(&s.text, s.bold, s.tone));
    }
    p
}

fn styles(doc: Docx) -> Docx {
    let heading = |id: &str, name: &str, size: usize, level: usize, before: u32| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(size)
            // Administrative documents print headings in black (Nghị định 30/2020/NĐ-CP).
            .color("000000")
            .outline_lvl(level)
            .line_spacing(LineSpacing::new().before(before).after(120))
    };
    doc.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(32)
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().before(240).after(120)),
    )
    .add_style(heading("Heading1", "heading 1", 28, 0, 240))
    .add_style(heading("Heading2", "heading 2", 26, 1, 200))
    .add_style(
        Style::new("Caption", StyleType::Paragraph)
            .name("caption")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .italic()
            .size(22)
            .line_spacing(LineSpacing::new().before(60).after(120)),
    )
}

/// Render the report.
pub(crate) fn render(report: &Report) -> Result<Vec<u8>, ReportError> {
    let mut ids = Ids { paragraph: 0, picture: 0, picture_alt: Vec::new() };
    let fonts = RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT);
    let mut doc = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_orient(PageOrientationType::Portrait)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_OTHER)
                .bottom(MARGIN_OTHER)
                .left(MARGIN_LEFT)
                .right(MARGIN_OTHER)
                .header(CM_TWIPS)
                .footer(CM_TWIPS),
        )
        .default_fonts(fonts)
        .default_size(BODY_SIZE)
        .default_line_spacing(LineSpacing::new().after(100).line(276).line_rule(LineSpacingType::Auto));
    doc = styles(doc);

    let footer_text = format!("{} — {} ", report.title, report.place);
    doc = doc.footer(
        Footer::new().add_paragraph(
            ids.p()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(footer_text).size(18).color("6E7781"))
                .add_page_num(PageNum::new()),
        ),
    );

    if let Some(l) = report.letterhead {
        doc = doc.add_table(letterhead(&mut ids, l, report.lang));
        doc = doc.add_paragraph(ids.p());
    }
    if let Some(banner) = report.banner {
        doc = doc.add_paragraph(
            ids.p()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(banner).bold().size(28).color("B42318")),
        );
    }
    doc = doc.add_paragraph(ids.p().style("Title").add_run(Run::new().add_text(&report.title)));
    doc = doc.add_paragraph(
        ids.p().align(AlignmentType::Center).add_run(Run::new().add_text(&report.place).bold()),
    );
    for line in &report.meta {
        doc = doc.add_paragraph(ids.p().align(AlignmentType::Center).add_run(Run::new().add_text(line)));
    }

    doc = doc.add_paragraph(
        ids.p()
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().before(240).after(120))
            .add_run(Run::new().add_text(report.contents_label).bold()),
    );
    doc = contents(doc, &mut ids, &report.chapters);

    for (i, c) in report.chapters.iter().enumerate() {
        // The signature closes the report proper (parts I–III); the annexes follow it.
        if c.anchor == "annex-tables"
            && let Some(l) = report.letterhead
        {
            doc = doc.add_paragraph(ids.p()).add_table(signature(&mut ids, l, report.lang));
        }
        doc = chapter(doc, &mut ids, c, i > 0)?;
    }

    let mut xml = doc.build();
    xml.document = repeat_header_rows(&number_pictures(&xml.document, &ids.picture_alt));
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| ReportError::Docx { source: Box::new(e) })?;
    repack(&out.into_inner()).map_err(ReportError::Archive)
}

/// A borderless two-column table of centred lines (`(text, bold, italic, size)`).
fn two_columns(
    ids: &mut Ids,
    left: &[(String, bool, bool, usize)],
    right: &[(String, bool, bool, usize)],
    split: usize,
    centred: [bool; 2],
) -> docx_rs::Table {
    let widths = [TEXT_W * split / 100, TEXT_W - TEXT_W * split / 100];
    let mut cells = Vec::new();
    for (k, lines) in [left, right].into_iter().enumerate() {
        let mut cell = TableCell::new().width(widths[k], WidthType::Dxa).clear_all_border();
        for (text, bold, italic, size) in lines {
            let mut r = Run::new().add_text(text).size(*size);
            if *bold {
                r = r.bold();
            }
            if *italic {
                r = r.italic();
            }
            let p = ids.p().line_spacing(LineSpacing::new().before(0).after(0));
            let p = if centred[k] { p.align(AlignmentType::Center) } else { p };
            cell = cell.add_paragraph(p.add_run(r));
        }
        cells.push(cell);
    }
    docx_rs::Table::new(vec![TableRow::new(cells)])
        .set_grid(widths.to_vec())
        .width(TEXT_W, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .clear_all_border()
}

/// The heading blocks of an administrative document: the issuing body and its number on the
/// left, the national motto and the place and date on the right.
fn letterhead(ids: &mut Ids, l: &crate::Letterhead, lang: gds_core::Lang) -> docx_rs::Table {
    let mut left = Vec::new();
    if let Some(s) = &l.superior {
        left.push((s.to_uppercase(), false, false, BODY_SIZE));
    }
    left.push((l.body.to_uppercase(), true, false, BODY_SIZE));
    left.push(("———".to_string(), false, false, BODY_SIZE));
    left.push((l.number(lang), false, false, BODY_SIZE));
    let [m1, m2] = crate::Letterhead::motto(lang);
    let right = vec![
        (m1.to_string(), true, false, 24),
        (m2.to_string(), true, false, 26),
        ("———————".to_string(), false, false, BODY_SIZE),
        (l.date_line(lang), false, true, BODY_SIZE),
    ];
    two_columns(ids, &left, &right, 40, [true, true])
}

/// "Nơi nhận" on the left, the signer on the right.
fn signature(ids: &mut Ids, l: &crate::Letterhead, lang: gds_core::Lang) -> docx_rs::Table {
    let (label, lines) = l.recipient_lines(lang);
    let mut left = vec![(label.to_string(), true, true, 24)];
    left.extend(lines.into_iter().map(|x| (x, false, false, 22)));
    let (above, name) = l.signature(lang);
    let mut right: Vec<(String, bool, bool, usize)> =
        above.into_iter().map(|x| (x, true, false, BODY_SIZE)).collect();
    for _ in 0..4 {
        right.push((String::new(), false, false, BODY_SIZE));
    }
    let placeholder = l.signer.is_none();
    right.push((name, !placeholder, placeholder, BODY_SIZE));
    two_columns(ids, &left, &right, 50, [false, true])
}

/// docx-rs stores every part uncompressed; repack them deflated (a report with fifty charts
/// and long tables shrinks several times) with a fixed timestamp, so the bytes depend only
/// on the content.
fn repack(bytes: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let mut input = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..input.len() {
        let mut f = input.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().to_string();
        // PNGs are already compressed: store them; deflate the XML parts.
        let method = if name.ends_with(".png") {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(zip::DateTime::default());
        if f.is_dir() {
            w.add_directory(name, opts).map_err(|e| e.to_string())?;
            continue;
        }
        let mut data = Vec::with_capacity(f.size() as usize);
        f.read_to_end(&mut data).map_err(|e| e.to_string())?;
        w.start_file(name, opts).map_err(|e| e.to_string())?;
        w.write_all(&data).map_err(|e| e.to_string())?;
    }
    Ok(w.finish().map_err(|e| e.to_string())?.into_inner())
}

/// The table of contents: a `TOC \o "1-2" \h` field over the Heading 1–2 paragraphs, marked
/// dirty so that Word fills in the page numbers when the document is opened (it asks to
/// update the fields). Its stored result lists the headings, indented by level, so that a
/// reader that does not update fields (LibreOffice converting to PDF, a viewer) shows the
/// contents rather than the field code.
fn contents(mut doc: Docx, ids: &mut Ids, chapters: &[Chapter]) -> Docx {
    let mut entries: Vec<(i32, &str)> = Vec::new();
    for c in chapters {
        entries.push((0, &c.heading));
        for b in &c.blocks {
            if let Block::Heading(text) = b {
                entries.push((1, text));
            }
        }
    }
    let field = docx_rs::InstrText::TOC(docx_rs::InstrToC::new().heading_styles_range(1, 2).hyperlink());
    let n = entries.len();
    for (i, (level, text)) in entries.into_iter().enumerate() {
        let mut p = ids.p().indent(Some(level * 567), None, None, None);
        if i == 0 {
            p = p.add_run(
                Run::new()
                    .add_field_char(docx_rs::FieldCharType::Begin, true)
                    .add_instr_text(field.clone())
                    .add_field_char(docx_rs::FieldCharType::Separate, false),
            );
        }
        let run = Run::new().add_text(text);
        p = p.add_run(if level == 0 { run.bold() } else { run });
        if i + 1 == n {
            p = p.add_run(Run::new().add_field_char(docx_rs::FieldCharType::End, false));
        }
        doc = doc.add_paragraph(p);
    }
    doc
}

/// A chapter; every chapter but the first starts on a new page.
fn chapter(mut doc: Docx, ids: &mut Ids, c: &Chapter, new_page: bool) -> Result<Docx, ReportError> {
    doc = doc.add_paragraph(
        ids.p()
            .style("Heading1")
            .page_break_before(new_page)
            .keep_next(true)
            .add_run(Run::new().add_text(&c.heading)),
    );
    for b in &c.blocks {
        doc = match b {
            Block::Heading(text) => doc
                .add_paragraph(ids.p().style("Heading2").keep_next(true).add_run(Run::new().add_text(text))),
            Block::Label(text) => {
                doc.add_paragraph(ids.p().keep_next(true).add_run(Run::new().add_text(text).bold()))
            }
            Block::Notes { label, paragraphs } => {
                doc = doc.add_paragraph(
                    ids.p().keep_next(true).add_run(Run::new().add_text(label).bold()).size(24),
                );
                for p in paragraphs {
                    doc = doc.add_paragraph(spans(ids.p().align(AlignmentType::Both), p).size(24));
                }
                doc
            }
            Block::Paragraph(s) => doc.add_paragraph(spans(ids.p().align(AlignmentType::Both), s)),
            Block::List(items) => {
                for item in items {
                    let p =
                        ids.p().indent(Some(360), Some(docx_rs::SpecialIndentType::Hanging(360)), None, None);
                    doc = doc.add_paragraph(spans(p.add_run(Run::new().add_text("–\t")), item));
                }
                doc
            }
            Block::Table(t) => table(doc, ids, t),
            Block::Figure(f) => figure(doc, ids, f)?,
        };
    }
    Ok(doc)
}

fn table(mut doc: Docx, ids: &mut Ids, t: &Table) -> Docx {
    if let Some(caption) = &t.caption {
        doc =
            doc.add_paragraph(ids.p().style("Caption").keep_next(true).add_run(Run::new().add_text(caption)));
    }
    let total: u32 = t.columns.iter().map(|c| c.weight).sum::<u32>().max(1);
    let widths: Vec<usize> = t.columns.iter().map(|c| TEXT_W * c.weight as usize / total as usize).collect();

    let cell_paragraph = |ids: &mut Ids, numeric: bool| {
        let p = ids.p().line_spacing(LineSpacing::new().before(0).after(0));
        if numeric { p.align(AlignmentType::Right) } else { p }
    };
    let mut rows = Vec::new();
    let header = t
        .columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| {
            TableCell::new()
                .width(*w, WidthType::Dxa)
                .shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill(HEADER_FILL))
                .vertical_align(VAlignType::Center)
                .add_paragraph(
                    cell_paragraph(ids, c.numeric)
                        .add_run(Run::new().add_text(&c.label).bold().size(TABLE_SIZE)),
                )
        })
        .collect();
    rows.push(TableRow::new(header).cant_split());
    for row in &t.rows {
        let cells = row
            .iter()
            .zip(&t.columns)
            .zip(&widths)
            .map(|((cell, col), w)| body_cell(ids, cell, col.numeric, *w, &cell_paragraph))
            .collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    doc = doc.add_table(
        docx_rs::Table::new(rows)
            .set_grid(widths.clone())
            .width(TEXT_W, WidthType::Dxa)
            .layout(TableLayoutType::Fixed),
    );
    for line in &t.legend {
        doc = doc.add_paragraph(
            ids.p()
                .line_spacing(LineSpacing::new().before(0).after(0))
                .add_run(Run::new().add_text(line).italic().size(TABLE_SIZE)),
        );
    }
    // A little air after the table.
    doc.add_paragraph(ids.p())
}

fn body_cell(
    ids: &mut Ids,
    cell: &Cell,
    numeric: bool,
    width: usize,
    paragraph: &dyn Fn(&mut Ids, bool) -> Paragraph,
) -> TableCell {
    let mut tc = TableCell::new().width(width, WidthType::Dxa);
    if cell.covered {
        return tc.vertical_merge(VMergeType::Continue).add_paragraph(paragraph(ids, numeric));
    }
    if cell.rowspan > 1 {
        tc = tc.vertical_merge(VMergeType::Restart);
    }
    let mut r = Run::new().add_text(&cell.text).size(TABLE_SIZE);
    if let Some(c) = tone_color(cell.tone) {
        r = r.color(c);
    }
    if matches!(cell.tone, Tone::Good | Tone::Bad) {
        r = r.bold();
    }
    tc.add_paragraph(paragraph(ids, numeric).add_run(r))
}

fn figure(mut doc: Docx, ids: &mut Ids, f: &Figure) -> Result<Docx, ReportError> {
    if f.chart.png.is_empty() {
        doc = doc.add_paragraph(
            ids.p()
                .align(AlignmentType::Center)
                .keep_next(true)
                .add_run(Run::new().add_text(f.no_png_note).italic().color("6E7781")),
        );
    } else {
        let (w, h) = png::dimensions(&f.chart.png).map_err(|problem| ReportError::InvalidPng {
            file_stem: f.chart.file_stem.clone(),
            indicator: f.chart.indicator.clone(),
            problem,
        })?;
        let (emu_w, emu_h) = figure_size(w, h);
        ids.picture += 1;
        ids.picture_alt.push(f.caption.clone());
        let pic = Pic::new_with_dimensions(f.chart.png.clone(), w, h)
            .size(emu_w, emu_h)
            .id(format!("rIdImage{}", ids.picture));
        doc = doc.add_paragraph(
            ids.p().align(AlignmentType::Center).keep_next(true).add_run(Run::new().add_image(pic)),
        );
    }
    Ok(doc.add_paragraph(
        ids.p().style("Caption").align(AlignmentType::Center).add_run(Run::new().add_text(&f.caption)),
    ))
}

/// docx-rs writes `<wp:docPr id="1" name="Figure" />` for every picture; drawing object ids
/// should be unique in a document (ECMA-376 Part 1, §20.4.2.5), so number them in document
/// order and give each its caption as alternative text.
fn number_pictures(document: &[u8], alt: &[String]) -> Vec<u8> {
    const FIXED: &str = "<wp:docPr id=\"1\" name=\"Figure\" />";
    let Ok(text) = std::str::from_utf8(document) else {
        return document.to_vec();
    };
    let mut out = String::with_capacity(text.len() + alt.len() * 64);
    for (i, piece) in text.split(FIXED).enumerate() {
        if i > 0 {
            let descr = alt.get(i - 1).map(|a| crate::html::esc(a)).unwrap_or_default();
            out.push_str(&format!("<wp:docPr id=\"{i}\" name=\"Figure {i}\" descr=\"{descr}\" />"));
        }
        out.push_str(piece);
    }
    out.into_bytes()
}

/// The first row of every table is its header row: mark it `w:tblHeader` so that Word and
/// LibreOffice repeat it on every page a long table runs onto (docx-rs has no such property).
fn repeat_header_rows(document: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(document) else {
        return document.to_vec();
    };
    let mut out = String::with_capacity(text.len() + 4096);
    let mut rest = text;
    while let Some(t) = rest.find("<w:tbl>") {
        let (head, tail) = rest.split_at(t);
        out.push_str(head);
        match tail.find("<w:trPr>") {
            Some(r) if tail[..r].matches("<w:tr>").count() == 1 => {
                let at = r + "<w:trPr>".len();
                out.push_str(&tail[..at]);
                out.push_str("<w:tblHeader />");
                rest = &tail[at..];
            }
            _ => {
                out.push_str("<w:tbl>");
                rest = &tail["<w:tbl>".len()..];
            }
        }
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Picture size in EMU: the text width (16 cm), the height from the aspect ratio; a very tall
/// picture is limited to 20 cm high, its width shrunk to match.
pub(crate) fn figure_size(w_px: u32, h_px: u32) -> (u32, u32) {
    let (w, h) = (u64::from(w_px.max(1)), u64::from(h_px.max(1)));
    let mut emu_w = FIGURE_W_EMU;
    let mut emu_h = emu_w * h / w;
    if emu_h > FIGURE_MAX_H_EMU {
        emu_h = FIGURE_MAX_H_EMU;
        emu_w = emu_h * w / h;
    }
    (emu_w as u32, emu_h as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_get_unique_ids_and_alt_text() {
        let doc =
            br#"<w:p><wp:docPr id="1" name="Figure" /></w:p><w:p><wp:docPr id="1" name="Figure" /></w:p>"#;
        let out = number_pictures(doc, &["Hình 1: <a & b>".into(), "Hình 2".into()]);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<w:p><wp:docPr id="1" name="Figure 1" descr="Hình 1: &lt;a &amp; b&gt;" /></w:p><w:p><wp:docPr id="2" name="Figure 2" descr="Hình 2" /></w:p>"#
        );
    }

    #[test]
    fn the_first_row_of_every_table_repeats() {
        let doc = br#"<w:tbl><w:tblPr/><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr><w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr></w:tbl><w:p/><w:tbl><w:tr><w:trPr></w:trPr></w:tr></w:tbl>"#;
        let out = String::from_utf8(repeat_header_rows(doc)).unwrap();
        assert_eq!(out.matches("<w:tblHeader />").count(), 2, "{out}");
        assert!(out.starts_with("<w:tbl><w:tblPr/><w:tr><w:trPr><w:tblHeader /><w:cantSplit />"), "{out}");
    }

    #[test]
    fn figures_are_16_cm_wide_and_keep_their_aspect_ratio() {
        assert_eq!(figure_size(800, 500), (5_760_000, 3_600_000));
        assert_eq!(figure_size(2, 2), (5_760_000, 5_760_000));
        let (w, h) = figure_size(400, 1000);
        assert_eq!(h, 7_200_000);
        assert_eq!(w, 2_880_000);
    }
}
