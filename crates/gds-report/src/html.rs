//! The report as one self-contained HTML file: inline CSS, inline SVG charts, no external
//! resources. The markup is also well-formed XML (void elements self-closed, only the five
//! XML entities), so it can be checked with an XML parser.

use crate::content::{Block, Cell, Chapter, Figure, Report, Span, Table};
use crate::png;
use gds_core::Lang;
use std::fmt::Write as _;

const CSS: &str = r#"
:root { color-scheme: light; }
table.letterhead, table.signature { width: 100%; border: none; margin: 0 0 1.5em; }
table.letterhead td, table.signature td { border: none; text-align: center; vertical-align: top; width: 50%; padding: 0 0.5em; }
table.signature td:first-child { text-align: left; font-size: 0.9em; }
.sign-space { height: 5em; }
body { font-family: "Be Vietnam Pro", "Noto Sans", "DejaVu Sans", sans-serif; font-size: 15px; line-height: 1.5; color: #1f2328; background: #fff; margin: 0 auto; max-width: 64rem; padding: 1.5rem; }
header.cover { margin-bottom: 1.5rem; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0.75rem 0 0.25rem; }
h2 { font-size: 1.3rem; line-height: 1.3; margin: 2.5rem 0 0.75rem; padding-bottom: 0.2rem; border-bottom: 2px solid #5b2a86; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; }
h4 { font-size: 0.95rem; margin: 1rem 0 0.3rem; }
p { margin: 0.35rem 0; }
.place { font-size: 1.1rem; font-weight: 600; }
.meta { color: #424a53; }
.banner { background: #b42318; color: #fff; font-weight: 700; text-align: center; padding: 0.5rem 0.75rem; letter-spacing: 0.02em; border-radius: 4px; }
nav.toc ol { padding-left: 1.5rem; margin: 0.25rem 0; }
nav.toc a { color: #5b2a86; text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 0.25rem; font-size: 0.9rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid #c9ccd1; padding: 0.3rem 0.45rem; vertical-align: top; text-align: left; }
thead th { background: #efe9f4; font-weight: 600; }
tbody th { font-weight: 500; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.good { color: #1a7f37; font-weight: 600; }
.bad { color: #b42318; font-weight: 600; }
.muted { color: #6e7781; }
.legend { font-size: 0.82rem; color: #424a53; margin: 0.1rem 0; }
.notes { font-size: 0.88rem; color: #24292f; background: #f6f8fa; padding: 0.25rem 0.75rem 0.5rem; border-radius: 4px; margin-top: 1rem; }
ul { margin: 0.25rem 0; padding-left: 1.4rem; }
figure { margin: 1.25rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg, figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { font-style: italic; font-size: 0.9rem; text-align: center; margin-top: 0.3rem; }
@page { size: A4 portrait; margin: 2cm 2cm 2cm 3cm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav.toc { display: none; }
  section.chapter + section.chapter { break-before: page; page-break-before: always; }
  h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .banner, thead th, .notes { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; }
}
"#;

/// Escape text for element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Render the report.
pub(crate) fn render(report: &Report) -> String {
    let mut h = String::new();
    let lang = match report.lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    h.push_str("<!DOCTYPE html>\n");
    let _ = writeln!(h, "<html lang=\"{lang}\">");
    h.push_str("<head>\n<meta charset=\"utf-8\" />\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
    h.push_str("<meta name=\"generator\" content=\"gds\" />\n");
    let _ = writeln!(h, "<title>{} — {}</title>", esc(&report.title), esc(&report.place));
    let _ = writeln!(h, "<style>{CSS}</style>");
    h.push_str("</head>\n<body>\n<header class=\"cover\">\n");
    if let Some(l) = report.letterhead {
        let [m1, m2] = crate::Letterhead::motto(report.lang);
        h.push_str("<table class=\"letterhead\"><tr><td>");
        if let Some(s) = &l.superior {
            let _ = write!(h, "<div>{}</div>", esc(&s.to_uppercase()));
        }
        let _ = writeln!(
            h,
            "<div><b>{}</b></div><div>———</div><div>{}</div></td><td><div><b>{}</b></div><div><b>{}</b></div><div>———————</div><div><i>{}</i></div></td></tr></table>",
            esc(&l.body.to_uppercase()),
            esc(&l.number(report.lang)),
            esc(m1),
            esc(m2),
            esc(&l.date_line(report.lang))
        );
    }
    if let Some(banner) = report.banner {
        let _ = writeln!(h, "<p class=\"banner\" role=\"note\">{}</p>", esc(banner));
    }
    let _ = writeln!(h, "<h1>{}</h1>", esc(&report.title));
    let _ = writeln!(h, "<p class=\"place\">{}</p>", esc(&report.place));
    for line in &report.meta {
        let _ = writeln!(h, "<p class=\"meta\">{}</p>", esc(line));
    }
    h.push_str("</header>\n");

    let _ = writeln!(h, "<nav class=\"toc\">\n<h2>{}</h2>\n<ol>", esc(report.contents_label));
    for c in &report.chapters {
        let _ = writeln!(h, "<li><a href=\"#{}\">{}</a></li>", esc(&c.anchor), esc(&c.heading));
    }
    h.push_str("</ol>\n</nav>\n<main>\n");
    for c in &report.chapters {
        if c.anchor == "annex-tables"
            && let Some(l) = report.letterhead
        {
            let (label, lines) = l.recipient_lines(report.lang);
            let (above, name) = l.signature(report.lang);
            let _ = write!(h, "<table class=\"signature\"><tr><td><b><i>{}</i></b>", esc(label));
            for x in lines {
                let _ = write!(h, "<div>{}</div>", esc(&x));
            }
            h.push_str("</td><td>");
            for x in above {
                let _ = write!(h, "<div><b>{}</b></div>", esc(&x));
            }
            let _ = writeln!(
                h,
                "<div class=\"sign-space\"></div><div><b>{}</b></div></td></tr></table>",
                esc(&name)
            );
        }
        chapter(&mut h, c);
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn chapter(h: &mut String, c: &Chapter) {
    let _ = writeln!(h, "<section class=\"chapter\" id=\"{}\">", esc(&c.anchor));
    let _ = writeln!(h, "<h2>{}</h2>", esc(&c.heading));
    for b in &c.blocks {
        match b {
            Block::Notes { label, paragraphs } => {
                let _ = writeln!(h, "<div class=\"notes\">\n<h3>{}</h3>", esc(label));
                for p in paragraphs {
                    let _ = writeln!(h, "<p>{}</p>", spans_html(p));
                }
                h.push_str("</div>\n");
            }
            Block::Label(text) => {
                let _ = writeln!(h, "<h4>{}</h4>", esc(text));
            }
            Block::Heading(text) => {
                let _ = writeln!(h, "<h3>{}</h3>", esc(text));
            }
            Block::Paragraph(spans) => {
                let _ = writeln!(h, "<p>{}</p>", spans_html(spans));
            }
            Block::List(items) => {
                h.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(h, "<li>{}</li>", spans_html(item));
                }
                h.push_str("</ul>\n");
            }
            Block::Table(t) => table(h, t),
            Block::Figure(f) => figure(h, f),
        }
    }
    h.push_str("</section>\n");
}

fn spans_html(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        let text = esc(&s.text);
        let text = if s.bold { format!("<strong>{text}</strong>") } else { text };
        match s.tone.css_class() {
            Some(class) => {
                let _ = write!(out, "<span class=\"{class}\">{text}</span>");
            }
            None => out.push_str(&text),
        }
    }
    out
}

fn cell_attrs(cell: &Cell, numeric: bool) -> String {
    let mut classes = Vec::new();
    if numeric {
        classes.push("num");
    }
    if let Some(c) = cell.tone.css_class() {
        classes.push(c);
    }
    let mut a = String::new();
    if !classes.is_empty() {
        let _ = write!(a, " class=\"{}\"", classes.join(" "));
    }
    if cell.rowspan > 1 {
        let _ = write!(a, " rowspan=\"{}\"", cell.rowspan);
    }
    a
}

fn table(h: &mut String, t: &Table) {
    h.push_str("<table>\n");
    if let Some(caption) = &t.caption {
        let _ = writeln!(h, "<caption>{}</caption>", esc(caption));
    }
    h.push_str("<thead>\n<tr>");
    for c in &t.columns {
        let class = if c.numeric { " class=\"num\"" } else { "" };
        let _ = write!(h, "<th scope=\"col\"{class}>{}</th>", esc(&c.label));
    }
    h.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &t.rows {
        h.push_str("<tr>");
        for (cell, col) in row.iter().zip(&t.columns) {
            if cell.covered {
                continue;
            }
            let tag = if col.row_header { "th" } else { "td" };
            let scope = if col.row_header {
                if cell.rowspan > 1 { " scope=\"rowgroup\"" } else { " scope=\"row\"" }
            } else {
                ""
            };
            let _ = write!(h, "<{tag}{scope}{}>{}</{tag}>", cell_attrs(cell, col.numeric), esc(&cell.text));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
    for line in &t.legend {
        let _ = writeln!(h, "<p class=\"legend\">{}</p>", esc(line));
    }
}

fn figure(h: &mut String, f: &Figure) {
    let _ = writeln!(h, "<figure id=\"figure-{}\">", f.number);
    if !f.chart.svg.trim().is_empty() {
        h.push_str(&inline_svg(&f.chart.svg, &f.caption));
        h.push('\n');
    } else if !f.chart.png.is_empty() {
        let _ = writeln!(
            h,
            "<img src=\"data:image/png;base64,{}\" alt=\"{}\" />",
            png::base64(&f.chart.png),
            esc(&f.caption)
        );
    }
    let _ = writeln!(h, "<figcaption>{}</figcaption>\n</figure>", esc(&f.caption));
}

/// Prepare a standalone SVG document for inlining in HTML: drop the XML declaration, doctype
/// and comments before the root, drop the namespace declarations (implied by the HTML parser
/// for inline `<svg>`), add a `viewBox` from `width`/`height` when missing so the chart scales
/// with the page, and label it for screen readers.
pub(crate) fn inline_svg(svg: &str, label: &str) -> String {
    let Some(start) = svg.find("<svg") else {
        return String::new();
    };
    let body = svg[start..].trim_end();
    let Some(tag_end) = body.find('>') else {
        return String::new();
    };
    let (root, rest) = body.split_at(tag_end);
    let mut root = root
        .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
    let attr = |name: &str| -> Option<String> {
        let key = format!(" {name}=\"");
        let i = root.find(&key)? + key.len();
        let j = root[i..].find('"')? + i;
        Some(root[i..j].to_string())
    };
    if attr("viewBox").is_none()
        && let (Some(w), Some(h)) = (attr("width"), attr("height"))
        && let (Ok(w), Ok(h)) =
            (w.trim_end_matches("px").parse::<f64>(), h.trim_end_matches("px").parse::<f64>())
    {
        let self_closing = root.ends_with('/');
        if self_closing {
            root.pop();
        }
        let _ = write!(root, " viewBox=\"0 0 {w} {h}\"");
        if self_closing {
            root.push('/');
        }
    }
    let insert = format!(" role=\"img\" aria-label=\"{}\"", esc(label));
    root.insert_str(4, &insert);
    format!("{root}{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(esc(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(esc("Nữ ≥ 60 %"), "Nữ ≥ 60 %");
    }

    #[test]
    fn svg_is_prepared_for_inlining() {
        let svg = "<?xml version=\"1.0\"?>\n<!-- plotters -->\n<svg width=\"800\" height=\"500\" xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>\n";
        let out = inline_svg(svg, "Hình 1: <SRB>");
        assert_eq!(
            out,
            "<svg role=\"img\" aria-label=\"Hình 1: &lt;SRB&gt;\" width=\"800\" height=\"500\" viewBox=\"0 0 800 500\"><rect/></svg>"
        );
        let kept = inline_svg("<svg viewBox=\"0 0 10 10\" width=\"100\"><g/></svg>", "x");
        assert_eq!(kept, "<svg role=\"img\" aria-label=\"x\" viewBox=\"0 0 10 10\" width=\"100\"><g/></svg>");
        assert_eq!(inline_svg("not an svg", "x"), "");
    }
}
