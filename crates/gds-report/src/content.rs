//! The format-neutral report: what the document says, in the report's language. The HTML and
//! Word renderers only decide how it looks.

use crate::{ChartAsset, Coverage, ReportInput};
use gds_core::{Lang, ObsStatus, ResultRow, ResultTable, Sex, TOTAL_CODE, TargetStatus, format_number};
use gds_indicators::{Catalogue, Indicator, Measure, Polarity};

/// The whole report.
pub(crate) struct Report<'a> {
    pub lang: Lang,
    pub title: String,
    pub place: String,
    /// Lines under the title (period, source, generated).
    pub meta: Vec<String>,
    /// The synthetic-data banner.
    pub banner: Option<&'static str>,
    /// Label of the table of contents (HTML only).
    pub contents_label: &'static str,
    /// Chapters: one per theme, other figures, then the annex.
    pub chapters: Vec<Chapter<'a>>,
    /// The issuer's and signer's blocks.
    pub letterhead: Option<&'a crate::Letterhead>,
}

impl crate::Letterhead {
    /// The national motto, two lines.
    pub(crate) fn motto(lang: Lang) -> [&'static str; 2] {
        match lang {
            Lang::Vi => ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
            Lang::En => ["SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"],
        }
    }

    /// "Số: …/BC-VHXH".
    pub(crate) fn number(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!("Số: …/{}", self.symbol),
            Lang::En => format!("No.: …/{}", self.symbol),
        }
    }

    /// "Minh Lâm, ngày … tháng … năm 2024" (day and month for the office to write).
    pub(crate) fn date_line(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!("{}, ngày … tháng … năm {}", self.place, self.year),
            Lang::En => format!("{}, … {}", self.place, self.year),
        }
    }

    /// The recipients' lines, "Lưu: VT" last.
    pub(crate) fn recipient_lines(&self, lang: Lang) -> (&'static str, Vec<String>) {
        let mut lines: Vec<String> = self.recipients.iter().map(|r| format!("- {r};")).collect();
        lines.push(tr(lang, "- Lưu: VT.", "- File: office records.").to_string());
        (tr(lang, "Nơi nhận:", "Recipients:"), lines)
    }

    /// The signature block's lines above and below the space for the signature.
    pub(crate) fn signature(&self, lang: Lang) -> (Vec<String>, String) {
        let mut above: Vec<String> = self.sign_for.iter().cloned().collect();
        above.push(self.signer_title.clone());
        let name = self
            .signer
            .clone()
            .unwrap_or_else(|| tr(lang, "(ký, ghi rõ họ tên)", "(signature and full name)").to_string());
        (above, name)
    }
}

/// A top-level section (Heading 1), starting on a new page when printed.
pub(crate) struct Chapter<'a> {
    /// Anchor id, unique and ASCII.
    pub anchor: String,
    pub heading: String,
    pub blocks: Vec<Block<'a>>,
}

/// Content of a chapter.
pub(crate) enum Block<'a> {
    /// A sub-section heading (Heading 2).
    Heading(String),
    /// A small heading that is not part of the table of contents.
    Label(String),
    /// The notes of a theme ("Ghi chú"): a label and paragraphs.
    Notes { label: String, paragraphs: Vec<Vec<Span>> },
    /// A paragraph of spans.
    Paragraph(Vec<Span>),
    /// A list (rendered as plain "– " paragraphs in Word).
    List(Vec<Vec<Span>>),
    /// A table.
    Table(Table),
    /// A chart with its caption.
    Figure(Figure<'a>),
}

/// A run of text.
#[derive(Clone)]
pub(crate) struct Span {
    pub text: String,
    pub bold: bool,
    pub tone: Tone,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: false, tone: Tone::Plain }
    }
    pub fn bold(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: true, tone: Tone::Plain }
    }
    pub fn toned(text: impl Into<String>, tone: Tone) -> Span {
        Span { text: text.into(), bold: false, tone }
    }
}

/// Colour of a cell or span.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Tone {
    Plain,
    /// Better, target met.
    Good,
    /// Worse, target not met.
    Bad,
    /// Secondary information.
    Muted,
}

impl Tone {
    pub fn css_class(self) -> Option<&'static str> {
        match self {
            Tone::Plain => None,
            Tone::Good => Some("good"),
            Tone::Bad => Some("bad"),
            Tone::Muted => Some("muted"),
        }
    }
}

/// A table with a header row.
pub(crate) struct Table {
    pub caption: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Lines under the table explaining the marks used.
    pub legend: Vec<String>,
}

/// A column of a table.
pub(crate) struct Column {
    pub label: String,
    /// Right-aligned numbers.
    pub numeric: bool,
    /// The first column names the row (HTML `th scope=row`).
    pub row_header: bool,
    /// Relative width (Word's fixed layout).
    pub weight: u32,
}

/// A table cell.
#[derive(Clone)]
pub(crate) struct Cell {
    pub text: String,
    pub tone: Tone,
    /// Rows this cell spans (1: a normal cell).
    pub rowspan: usize,
    /// Covered by a cell above that spans rows: not written in HTML, merged in Word.
    pub covered: bool,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), tone: Tone::Plain, rowspan: 1, covered: false }
    }
    pub fn toned(text: impl Into<String>, tone: Tone) -> Cell {
        Cell { text: text.into(), tone, rowspan: 1, covered: false }
    }
}

/// A chart and its numbered caption.
pub(crate) struct Figure<'a> {
    pub number: usize,
    pub caption: String,
    pub chart: &'a ChartAsset,
    /// Shown instead of the image when the Word report has no PNG for it.
    pub no_png_note: &'static str,
}

/// `vi` or `en`.
fn tr(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// Decimals shown for a unit: whole counts, three for indices and ratios, else one.
pub(crate) fn decimals(unit: &str) -> usize {
    match unit {
        "persons" | "events" => 0,
        "index" | "ratio" | "times" => 3,
        _ => 1,
    }
}

/// A period label in words ("năm 2024", "6 tháng đầu năm 2024"); the label itself if it is none.
fn period_words(label: &str, lang: Lang) -> String {
    gds_core::Period::parse(label).map_or_else(|| label.to_string(), |p| p.words(lang))
}

fn is_year(period: &str) -> bool {
    period.len() == 4 && period.bytes().all(|b| b.is_ascii_digit())
}

/// How an indicator's sexes are shown: `(by sex, the one sex shown)`. Measures computed for
/// each sex, and counts (population by sex), show the female, male and both-sexes rows they
/// have; an indicator defined for one sex (`reported-sex`) shows that sex only.
pub(crate) fn sexes_shown(ind: &Indicator) -> (bool, Option<Sex>) {
    let by_sex = ind.measure.as_ref().is_some_and(|m| m.by_sex() || matches!(m, Measure::Count { .. }));
    (by_sex, ind.reported_sex.filter(|_| by_sex))
}

/// The rows of `indicator` at `area` and `period` with every breakdown at its total except sex
/// (kept only when `by_sex`; only the sex `only` when given), ordered female, male, both sexes.
pub(crate) fn rows_at<'t>(
    table: &'t ResultTable,
    indicator: &str,
    area: &str,
    period: &str,
    (by_sex, only): (bool, Option<Sex>),
) -> Vec<&'t ResultRow> {
    let sex_at = table.dimensions.iter().position(|d| d == "sex");
    fn key(r: &ResultRow, i: usize) -> &str {
        r.keys.get(i).map(String::as_str).unwrap_or(TOTAL_CODE)
    }
    let mut rows: Vec<&ResultRow> = table
        .rows
        .iter()
        .filter(|r| r.indicator == indicator && r.area == area && r.period == period)
        .filter(|r| {
            (0..table.dimensions.len()).all(|i| {
                let k = key(r, i);
                k == TOTAL_CODE || (by_sex && Some(i) == sex_at && Sex::from_code(k).is_some())
            })
        })
        .collect();
    let sex_rank = |r: &ResultRow| match sex_at.map(|i| key(r, i)).and_then(Sex::from_code) {
        Some(Sex::Female) => 0,
        Some(Sex::Male) => 1,
        Some(Sex::Total) | None => 2,
    };
    rows.sort_by_key(|r| sex_rank(r));
    rows.dedup_by_key(|r| sex_rank(r));
    if let Some(only) = only {
        rows.retain(|r| sex_at.map(|i| key(r, i)).and_then(Sex::from_code) == Some(only));
    }
    rows
}

/// Build the document model.
pub(crate) fn build<'a>(input: &'a ReportInput<'a>) -> Report<'a> {
    Builder::new(input).build()
}

struct Builder<'a> {
    input: &'a ReportInput<'a>,
    cat: &'a Catalogue,
    lang: Lang,
    tables: usize,
    figures: usize,
}

/// How a value moved from the previous period.
struct Change<'s> {
    diff: f64,
    /// |Δ| as printed.
    magnitude: String,
    /// The unit of the change (`điểm %` for percentages).
    unit: Option<&'s str>,
    verdict: Verdict,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// No value in one of the two periods.
    NoValue,
    /// The same as printed.
    Same,
    /// Within the estimates' uncertainty.
    Unclear,
    /// A real change in the desired direction.
    Better,
    /// A real change against it.
    Worse,
    /// A real change of an indicator with no desired direction.
    Moved,
}

/// What the narrative parts (II. shortcomings, III. directions) gather from the sentences.
#[derive(Default)]
struct Findings {
    /// "Name (giảm 2,0 điểm %)".
    worse: Vec<String>,
    /// "Name: 22,5 %, mục tiêu ≥ 25 % năm 2025".
    not_met: Vec<String>,
    /// Names of the indicators the target of which is not met (for the directions).
    not_met_names: Vec<String>,
    /// Names of the indicators without a value.
    no_data: Vec<String>,
}

/// One indicator's rows in a theme table.
struct Shown<'a> {
    ind: &'a Indicator,
    rows: Vec<&'a ResultRow>,
    by_sex: bool,
}

impl<'a> Builder<'a> {
    fn new(input: &'a ReportInput<'a>) -> Builder<'a> {
        Builder { input, cat: input.catalogue, lang: input.lang, tables: 0, figures: 0 }
    }

    fn t(&self, vi: &'static str, en: &'static str) -> &'static str {
        tr(self.lang, vi, en)
    }

    fn build(mut self) -> Report<'a> {
        let input = self.input;
        let lang = self.lang;
        let mut meta = Vec::new();
        meta.push(if is_year(&input.period) {
            format!("{} {}", self.t("Kỳ báo cáo: năm", "Reporting period:"), input.period)
        } else {
            format!("{} {}", self.t("Kỳ báo cáo:", "Reporting period:"), input.period)
        });
        if !input.source_note.is_empty() {
            meta.push(format!("{} {}", self.t("Nguồn số liệu:", "Data source:"), input.source_note));
        }
        if let Some(g) = &input.generated {
            meta.push(format!("{} {g}", self.t("Thời điểm lập báo cáo:", "Generated:")));
        }

        // Part I tells the results in sentences, theme by theme; parts II and III gather
        // what they found; annex 1 holds the theme tables and charts the sentences cite.
        let mut results: Vec<Block<'a>> = Vec::new();
        let mut found = Findings::default();
        let mut tables: Vec<Block<'a>> = Vec::new();
        let mut placed = vec![false; input.charts.len()];
        let mut section = 0;
        for theme in &self.cat.themes {
            let shown: Vec<Shown<'a>> = self
                .cat
                .indicators
                .values()
                .filter(|i| i.theme == theme.id)
                .filter_map(|ind| {
                    let shown = sexes_shown(ind);
                    let rows = rows_at(input.table, &ind.id, &input.headline_area, &input.period, shown);
                    (!rows.is_empty()).then_some(Shown { ind, rows, by_sex: shown.0 })
                })
                .collect();
            let charts: Vec<(usize, &'a ChartAsset)> = input
                .charts
                .iter()
                .enumerate()
                .filter(|(_, c)| self.cat.indicator(&c.indicator).is_some_and(|i| i.theme == theme.id))
                .collect();
            if shown.is_empty() && charts.is_empty() {
                continue;
            }
            section += 1;
            let heading = format!("{section}. {}", theme.name.get(lang));
            tables.push(Block::Heading(heading.clone()));
            let mut cited = Vec::new();
            if !shown.is_empty() {
                tables.push(Block::Table(self.theme_table(theme.name.get(lang), &shown)));
                cited.push(format!("{} {}", self.t("Bảng", "Table"), self.tables));
            }
            let mut figures: Vec<usize> = Vec::new();
            for (i, chart) in charts.iter().copied() {
                placed[i] = true;
                let f = self.figure(chart);
                figures.push(f.number);
                tables.push(Block::Figure(f));
            }
            match (figures.first(), figures.last()) {
                (Some(a), Some(b)) if a == b => cited.push(format!("{} {a}", self.t("Hình", "Figure"))),
                (Some(a), Some(b)) => cited.push(format!("{} {a}–{b}", self.t("Hình", "Figures"))),
                _ => {}
            }
            let mut inds: Vec<&Indicator> = shown.iter().map(|s| s.ind).collect();
            for (_, c) in &charts {
                if let Some(ind) = self.cat.indicator(&c.indicator)
                    && !inds.iter().any(|i| i.id == ind.id)
                {
                    inds.push(ind);
                }
            }
            tables.extend(self.theme_notes(&shown, &inds));
            let sentences: Vec<Vec<Span>> =
                shown.iter().filter_map(|s| self.sentence(s, &mut found)).collect();
            if !sentences.is_empty() {
                results.push(Block::Heading(heading));
                results.push(Block::List(sentences));
                results.push(Block::Paragraph(vec![Span::toned(
                    format!(
                        "({} {}, {})",
                        self.t("Chi tiết:", "Details:"),
                        cited.join(", "),
                        self.t("Phụ lục 1", "Annex 1")
                    ),
                    Tone::Muted,
                )]));
            }
        }
        let others: Vec<&'a ChartAsset> =
            input.charts.iter().zip(&placed).filter(|(_, p)| !**p).map(|(c, _)| c).collect();
        if !others.is_empty() {
            section += 1;
            tables.push(Block::Heading(format!("{section}. {}", self.t("Hình khác", "Other figures"))));
            for c in others {
                let f = self.figure(c);
                tables.push(Block::Figure(f));
            }
        }
        let mut chapters = Vec::new();
        let area = self.area(&input.headline_area, &input.period);
        let mut part1 = vec![Block::Paragraph(vec![Span::plain(match lang {
            Lang::Vi => format!(
                "Kết quả các chỉ tiêu thống kê giới của {area}, {}, so với cùng kỳ năm trước và với mục tiêu (số liệu chi tiết tại Phụ lục 1):",
                period_words(&input.period, lang)
            ),
            Lang::En => format!(
                "The gender statistics of {area}, {}, against the same period of the year before and the targets (detailed figures in Annex 1):",
                period_words(&input.period, lang)
            ),
        })])];
        if results.is_empty() {
            part1.push(Block::Paragraph(vec![Span::toned(
                self.t(
                    "Chưa có chỉ tiêu nào có số liệu cho kỳ này.",
                    "No indicator has data for this period.",
                ),
                Tone::Muted,
            )]));
        }
        part1.extend(results);
        part1.push(Block::Paragraph(vec![Span::toned(
            self.t(
                "[Đơn vị bổ sung kết quả triển khai các nhiệm vụ, hoạt động về bình đẳng giới trong kỳ.]",
                "[The office adds the activities carried out on gender equality during the period.]",
            ),
            Tone::Muted,
        )]));
        chapters.push(Chapter {
            anchor: "results".into(),
            heading: self.t("I. KẾT QUẢ THỰC HIỆN", "I. RESULTS").into(),
            blocks: part1,
        });
        chapters.push(self.shortcomings(&found));
        chapters.push(self.directions(&found));
        chapters.push(Chapter {
            anchor: "annex-tables".into(),
            heading: self
                .t("PHỤ LỤC 1. BẢNG SỐ LIỆU VÀ BIỂU ĐỒ", "ANNEX 1. STATISTICAL TABLES AND FIGURES")
                .into(),
            blocks: tables,
        });
        chapters.push(self.annex());
        Report {
            lang,
            title: input.title.clone(),
            place: input.place.clone(),
            meta,
            banner: input.synthetic.then(|| {
                self.t("DỮ LIỆU TỔNG HỢP — không phải số liệu thật", "SYNTHETIC DATA — not real figures")
            }),
            contents_label: self.t("Mục lục", "Contents"),
            chapters,
            letterhead: input.letterhead.as_ref(),
        }
    }

    /// One indicator's result in a sentence: its value (and its women's and men's), how it
    /// moved from the same period of the year before — "better" or "worse" only where the
    /// intervals show a real change — and where it stands against its target. Indicators
    /// without a value are gathered for part II instead.
    fn sentence(&self, s: &Shown<'a>, found: &mut Findings) -> Option<Vec<Span>> {
        let lang = self.lang;
        let input = self.input;
        let name = s.ind.name.get(lang).to_string();
        let sex_of = |r: &ResultRow| input.table.key(r, "sex").and_then(Sex::from_code);
        let main = s
            .rows
            .iter()
            .copied()
            .find(|r| matches!(sex_of(r), Some(Sex::Total) | None))
            .or_else(|| s.rows.first().copied())?;
        let unit = if main.unit.is_empty() { s.ind.unit.as_str() } else { main.unit.as_str() };
        let d = decimals(unit);
        let number = |v: f64| self.with_symbol(format_number(v, d, lang), unit);
        let value = match (main.status, main.value) {
            (ObsStatus::Suppressed, _) => {
                return Some(vec![
                    Span::bold(name),
                    Span::toned(
                        self.t(": không công bố vì quá ít quan sát.", ": withheld (too few observations)."),
                        Tone::Muted,
                    ),
                ]);
            }
            // Not applicable here (a level the indicator is not defined for): nothing to say,
            // and nothing to collect.
            (ObsStatus::NotApplicable, _) => return None,
            (ObsStatus::NoData, _) | (_, None) => {
                found.no_data.push(name);
                return None;
            }
            (_, Some(v)) => v,
        };
        // Units without a symbol are named (2.272 người), except pure numbers (a ratio).
        let unit_name = self
            .cat
            .unit(unit)
            .filter(|_| self.unit_symbol(unit).is_none() && !matches!(unit, "ratio" | "index" | "times"))
            .map(|u| u.name.get(lang));
        let value_text = match unit_name {
            Some(u) => format!("{} {u}", number(value)),
            None => number(value),
        };
        // "đạt" (reached) only where more is the aim; "là" (is) for the rest.
        let verb = match (lang, s.ind.polarity) {
            (Lang::Vi, Polarity::HigherIsBetter) => " đạt ",
            (Lang::Vi, _) => " là ",
            (Lang::En, _) => " was ",
        };
        let mut text = format!("{verb}{value_text}");
        if s.by_sex && matches!(sex_of(main), Some(Sex::Total)) {
            let of = |sex: Sex| s.rows.iter().find(|r| sex_of(r) == Some(sex)).and_then(|r| r.value);
            if let (Some(f), Some(m)) = (of(Sex::Female), of(Sex::Male)) {
                text.push_str(&format!(
                    " ({} {}, {} {})",
                    self.t("nữ", "women"),
                    number(f),
                    self.t("nam", "men"),
                    number(m)
                ));
            }
        }
        match main.status {
            ObsStatus::LowN => {
                text.push_str(self.t(" (ít quan sát, cần thận trọng)", " (few observations: use with care)"))
            }
            ObsStatus::Unverified => text.push_str(self.t(" (CHƯA ĐƯỢC KIỂM CHỨNG)", " (UNVERIFIED)")),
            _ => {}
        }
        let mut spans = vec![Span::bold(name.clone()), Span::plain(text)];
        if let Some(c) = self.change(s.ind, main, unit, d) {
            let prev = period_words(input.previous_period.as_deref().unwrap_or_default(), lang);
            let mag = match c.unit.or(unit_name) {
                Some(u) => format!("{} {u}", c.magnitude),
                None => c.magnitude.clone(),
            };
            let up = c.diff > 0.0;
            let direction = match lang {
                Lang::Vi => format!("{} {mag}", if up { "tăng" } else { "giảm" }),
                Lang::En => format!("{} {mag}", if up { "up" } else { "down" }),
            };
            let moved = match lang {
                Lang::Vi => format!(", {} {mag} so với {prev}", if up { "tăng" } else { "giảm" }),
                Lang::En => format!(", {} {mag} on {prev}", if up { "up" } else { "down" }),
            };
            match c.verdict {
                Verdict::NoValue => {}
                Verdict::Same => spans.push(Span::plain(match lang {
                    Lang::Vi => format!(", không đổi so với {prev}"),
                    Lang::En => format!(", unchanged from {prev}"),
                })),
                Verdict::Unclear => spans.push(Span::plain(match lang {
                    Lang::Vi => format!(", chưa rõ thay đổi so với {prev} (chênh lệch {mag} nằm trong sai số)"),
                    Lang::En => format!(", no clear change from {prev} (the difference of {mag} is within the margin of error)"),
                })),
                Verdict::Moved => spans.push(Span::plain(moved)),
                Verdict::Better => spans.push(Span::toned(
                    format!("{moved} {}", self.t("(chuyển biến tích cực)", "(an improvement)")),
                    Tone::Good,
                )),
                Verdict::Worse => {
                    found.worse.push(format!("{name} ({direction})"));
                    spans.push(Span::toned(
                        format!("{moved} {}", self.t("(chuyển biến chưa tích cực)", "(a deterioration)")),
                        Tone::Bad,
                    ));
                }
            }
        }
        // The target is on the row it is set for: the women's row of a by-sex measure.
        let aim = if main.target.is_some() {
            main
        } else {
            s.rows.iter().copied().find(|r| r.target.is_some()).unwrap_or(main)
        };
        let whose = match (std::ptr::eq(aim, main), lang) {
            (true, _) => "",
            (false, Lang::Vi) => "giá trị của nữ ",
            (false, Lang::En) => "the women's value ",
        };
        if let (Some(t), Some(op)) = (aim.target, aim.target_op) {
            let shown_d = if t.fract() == 0.0 { 0 } else { d };
            let mut target =
                format!("{} {}", op.sign(), self.with_symbol(format_number(t, shown_d, lang), unit));
            if let Some(y) = aim.target_year {
                target.push_str(&match lang {
                    Lang::Vi => format!(" năm {y}"),
                    Lang::En => format!(" by {y}"),
                });
            }
            let aim_value = match (aim.value, unit_name) {
                (Some(v), Some(u)) => format!("{} {u}", number(v)),
                (Some(v), None) => number(v),
                (None, _) => value_text.clone(),
            };
            match aim.target_status {
                TargetStatus::Met => spans.push(Span::toned(
                    match lang {
                        Lang::Vi => format!(", {whose}đạt mục tiêu {target}"),
                        Lang::En => format!(", {whose}meeting the target of {target}"),
                    },
                    Tone::Good,
                )),
                TargetStatus::NotMet => {
                    found.not_met.push(match lang {
                        Lang::Vi => format!("{name}: {whose}{aim_value}, mục tiêu {target}"),
                        Lang::En => format!("{name}: {whose}{aim_value}, target {target}"),
                    });
                    found.not_met_names.push(format!("{name} ({target})"));
                    spans.push(Span::toned(
                        match lang {
                            Lang::Vi => format!(", {whose}chưa đạt mục tiêu {target}"),
                            Lang::En => format!(", {whose}short of the target of {target}"),
                        },
                        Tone::Bad,
                    ));
                }
                TargetStatus::CannotTell => spans.push(Span::plain(match lang {
                    Lang::Vi => format!(", {whose}chưa kết luận được việc đạt mục tiêu {target} (mục tiêu nằm trong khoảng tin cậy)"),
                    Lang::En => format!(", {whose}too close to the target of {target} to tell (the target is within the confidence interval)"),
                })),
                TargetStatus::NoTarget | TargetStatus::NoData => {}
            }
        }
        spans.push(Span::plain("."));
        Some(spans)
    }

    /// Part II: what fell behind, from the numbers, and room for the office's own words.
    fn shortcomings(&self, found: &Findings) -> Chapter<'a> {
        let lang = self.lang;
        let mut items: Vec<Vec<Span>> = Vec::new();
        let prev = self.input.previous_period.as_deref().map(|p| period_words(p, lang));
        if !found.worse.is_empty() {
            items.push(vec![
                Span::bold(match (lang, &prev) {
                    (Lang::Vi, Some(p)) => format!("Chuyển biến chưa tích cực so với {p}: "),
                    (Lang::En, Some(p)) => format!("Worse than in {p}: "),
                    (Lang::Vi, None) => "Chuyển biến chưa tích cực: ".into(),
                    (Lang::En, None) => "Worse: ".into(),
                }),
                Span::plain(format!("{}.", found.worse.join("; "))),
            ]);
        }
        if !found.not_met.is_empty() {
            items.push(vec![
                Span::bold(self.t("Chưa đạt mục tiêu: ", "Targets not met: ")),
                Span::plain(format!("{}.", found.not_met.join("; "))),
            ]);
        }
        if !found.no_data.is_empty() {
            items.push(vec![
                Span::bold(self.t("Chưa có số liệu để đánh giá: ", "No data to assess: ")),
                Span::plain(format!("{}.", found.no_data.join("; "))),
            ]);
        }
        let mut blocks = Vec::new();
        if items.is_empty() {
            blocks.push(Block::Paragraph(vec![Span::plain(self.t(
                "Theo số liệu, không có chỉ tiêu nào chuyển biến chưa tích cực hoặc chưa đạt mục tiêu.",
                "By the numbers, no indicator worsened or fell short of its target.",
            ))]));
        } else {
            blocks.push(Block::List(items));
        }
        blocks.push(Block::Paragraph(vec![Span::toned(
            self.t(
                "[Đơn vị bổ sung nhận xét về tồn tại, hạn chế và nguyên nhân.]",
                "[The office adds its assessment of the shortcomings and their causes.]",
            ),
            Tone::Muted,
        )]));
        Chapter {
            anchor: "shortcomings".into(),
            heading: self.t("II. TỒN TẠI, HẠN CHẾ", "II. SHORTCOMINGS AND LIMITATIONS").into(),
            blocks,
        }
    }

    /// Part III: the directions the numbers point to, and room for the office's own.
    fn directions(&self, found: &Findings) -> Chapter<'a> {
        let mut items: Vec<Vec<Span>> = Vec::new();
        for t in &found.not_met_names {
            items.push(vec![Span::plain(match self.lang {
                Lang::Vi => format!("Tập trung các giải pháp để đạt mục tiêu: {t}."),
                Lang::En => format!("Focus the measures on reaching the target: {t}."),
            })]);
        }
        if !found.no_data.is_empty() {
            items.push(vec![Span::plain(self.t(
                "Tổ chức thu thập số liệu cho các chỉ tiêu chưa có số liệu, để đánh giá được ở kỳ sau.",
                "Collect the data of the indicators without data, so that they can be assessed next period.",
            ))]);
        }
        let mut blocks = Vec::new();
        if !items.is_empty() {
            blocks.push(Block::List(items));
        }
        blocks.push(Block::Paragraph(vec![Span::toned(
            self.t(
                "[Đơn vị ghi phương hướng, nhiệm vụ trọng tâm kỳ tới và kiến nghị, đề xuất.]",
                "[The office adds the directions and priorities for the next period, and its recommendations.]",
            ),
            Tone::Muted,
        )]));
        Chapter {
            anchor: "directions".into(),
            heading: self.t("III. PHƯƠNG HƯỚNG, ĐỀ XUẤT", "III. DIRECTIONS AND RECOMMENDATIONS").into(),
            blocks,
        }
    }

    fn figure(&mut self, chart: &'a ChartAsset) -> Figure<'a> {
        self.figures += 1;
        Figure {
            number: self.figures,
            caption: format!("{} {}: {}", self.t("Hình", "Figure"), self.figures, chart.caption),
            chart,
            no_png_note: self.t(
                "(hình này chỉ có trong bản HTML của báo cáo)",
                "(this figure is in the HTML report only)",
            ),
        }
    }

    fn unit_symbol(&self, unit: &str) -> Option<&'a str> {
        self.cat.unit(unit).and_then(|u| u.symbol.as_ref()).map(|s| s.get(self.lang))
    }

    fn with_symbol(&self, number: String, unit: &str) -> String {
        match self.unit_symbol(unit) {
            Some(sym) => format!("{number} {sym}"),
            None => number,
        }
    }

    fn area(&self, code: &str, period: &str) -> String {
        (self.input.area_name)(code, period)
    }

    fn theme_table(&mut self, theme_name: &str, shown: &[Shown<'a>]) -> Table {
        let input = self.input;
        let lang = self.lang;
        self.tables += 1;
        let area = self.area(&input.headline_area, &input.period);
        let period = match (self.lang, is_year(&input.period)) {
            (Lang::Vi, true) => format!("năm {}", input.period),
            _ => input.period.clone(),
        };
        let caption = format!("{} {}: {theme_name} — {area}, {period}", self.t("Bảng", "Table"), self.tables);
        let all_rows = || shown.iter().flat_map(|s| s.rows.iter().copied());
        let has_sex = shown.iter().any(|s| s.by_sex);
        let has_ci = all_rows().any(|r| r.lower.is_some() && r.upper.is_some());
        let has_change = input.previous_period.is_some();
        let has_target = all_rows().any(|r| r.target.is_some() || r.target_status != TargetStatus::NoTarget);
        let has_note = all_rows().any(|r| r.status != ObsStatus::Ok || r.value.is_none());

        let mut columns = vec![Column {
            label: self.t("Chỉ tiêu", "Indicator").into(),
            numeric: false,
            row_header: true,
            weight: 26,
        }];
        let col =
            |label: String, numeric: bool, weight: u32| Column { label, numeric, row_header: false, weight };
        if has_sex {
            columns.push(col(self.t("Giới tính", "Sex").into(), false, 10));
        }
        columns.push(col(self.t("Giá trị", "Value").into(), true, 11));
        if has_ci {
            columns.push(col(self.t("Khoảng tin cậy 95 %", "95 % confidence interval").into(), true, 15));
        }
        if let Some(prev) = &input.previous_period {
            let label = match (lang, is_year(prev)) {
                (Lang::Vi, true) => format!("So với năm trước ({prev})"),
                (Lang::Vi, false) => format!("So với kỳ trước ({prev})"),
                (Lang::En, true) => format!("Change from previous year ({prev})"),
                (Lang::En, false) => format!("Change from previous period ({prev})"),
            };
            columns.push(col(label, false, 17));
        }
        if has_target {
            columns.push(col(self.t("Mục tiêu", "Target").into(), false, 12));
            columns.push(col(self.t("Đánh giá", "Assessment").into(), false, 9));
        }
        if has_note {
            columns.push(col(self.t("Ghi chú", "Note").into(), false, 6));
        }

        let mut marks = [false; 4]; // low-n, suppressed, no data, unverified
        let mut rows = Vec::new();
        for s in shown {
            let unit = s.ind.unit.as_str();
            let mut name = s.ind.name.get(lang).to_string();
            if self.unit_symbol(unit).is_none()
                && let Some(u) = self.cat.unit(unit)
            {
                name = format!("{name} ({})", u.name.get(lang));
            }
            for (j, r) in s.rows.iter().enumerate() {
                let unit = if r.unit.is_empty() { unit } else { r.unit.as_str() };
                let d = decimals(unit);
                let mut cells = Vec::new();
                let mut name_cell = Cell::new(name.clone());
                if j == 0 {
                    name_cell.rowspan = s.rows.len();
                } else {
                    name_cell.covered = true;
                }
                cells.push(name_cell);
                if has_sex {
                    let sex = if s.by_sex {
                        let code = input.table.key(r, "sex").unwrap_or(TOTAL_CODE);
                        Sex::from_code(code).map(|x| x.label(lang)).unwrap_or("").to_string()
                    } else {
                        String::new()
                    };
                    cells.push(Cell::new(sex));
                }
                let (value_text, tone) = match (r.status, r.value) {
                    (ObsStatus::Suppressed, _) => ("x".to_string(), Tone::Muted),
                    (ObsStatus::NoData | ObsStatus::NotApplicable, _) | (_, None) => {
                        ("–".to_string(), Tone::Muted)
                    }
                    (ObsStatus::LowN, Some(v)) => {
                        (format!("({})", self.with_symbol(format_number(v, d, lang), unit)), Tone::Plain)
                    }
                    (ObsStatus::Ok, Some(v)) => {
                        (self.with_symbol(format_number(v, d, lang), unit), Tone::Plain)
                    }
                    (ObsStatus::Unverified, Some(v)) => {
                        (format!("{} (!)", self.with_symbol(format_number(v, d, lang), unit)), Tone::Bad)
                    }
                };
                cells.push(Cell::toned(value_text, tone));
                if has_ci {
                    let ci = match (r.lower, r.upper, r.value.is_some()) {
                        (Some(lo), Some(hi), true) => {
                            format!("{} – {}", format_number(lo, d, lang), format_number(hi, d, lang))
                        }
                        _ => String::new(),
                    };
                    cells.push(Cell::new(ci));
                }
                if has_change {
                    cells.push(self.change_cell(s.ind, r, unit, d));
                }
                if has_target {
                    let (target, status) = self.target_cells(r, unit, d);
                    cells.push(target);
                    cells.push(status);
                }
                if has_note {
                    let mark = match (r.status, r.value) {
                        (ObsStatus::LowN, _) => {
                            marks[0] = true;
                            "(*)"
                        }
                        (ObsStatus::Suppressed, _) => {
                            marks[1] = true;
                            "x"
                        }
                        (ObsStatus::NoData | ObsStatus::NotApplicable, _)
                        | (ObsStatus::Ok | ObsStatus::Unverified, None) => {
                            marks[2] = true;
                            "–"
                        }
                        (ObsStatus::Ok, Some(_)) => "",
                        (ObsStatus::Unverified, Some(_)) => {
                            marks[3] = true;
                            "(!)"
                        }
                    };
                    cells.push(if mark.is_empty() { Cell::new("") } else { Cell::toned(mark, Tone::Muted) });
                }
                rows.push(cells);
            }
        }

        let mut legend = Vec::new();
        if marks[0] {
            legend.push(
                self.t(
                    "(*) Số liệu dựa trên ít quan sát, cần thận trọng khi sử dụng.",
                    "(*) Based on few observations; interpret with caution.",
                )
                .to_string(),
            );
        }
        if marks[1] {
            legend.push(
                self.t(
                    "x: Số liệu không công bố vì quá ít quan sát.",
                    "x: Withheld because there are too few observations.",
                )
                .to_string(),
            );
        }
        if marks[2] {
            legend.push(self.t("–: Không có số liệu.", "–: No data.").to_string());
        }
        if marks[3] {
            legend.push(
                self.t(
                    "(!) Số liệu CHƯA ĐƯỢC KIỂM CHỨNG: công bố bằng --force từ dữ liệu không đạt kiểm tra (xem phụ lục chất lượng dữ liệu).",
                    "(!) UNVERIFIED: published with --force from data that failed checks (see the data-quality annex).",
                )
                .to_string(),
            );
        }
        if has_change {
            legend.push(
                self.t(
                    "▲/▼: tăng/giảm so với kỳ trước; “tốt hơn/kém hơn” theo chiều mong muốn của từng chỉ tiêu, chỉ khi khoảng tin cậy cho thấy thay đổi thực sự, nếu không thì “chưa rõ thay đổi”.",
                    "▲/▼: increase/decrease from the previous period; “better/worse” follows each indicator’s desired direction and is said only when the intervals show a real change, otherwise “no clear change”.",
                )
                .to_string(),
            );
        }
        Table { caption: Some(caption), columns, rows, legend }
    }

    /// How row `r` moved from the previous period: None without a previous period or value.
    fn change(&self, ind: &Indicator, r: &ResultRow, unit: &str, d: usize) -> Option<Change<'a>> {
        let input = self.input;
        let prev_period = input.previous_period.as_ref()?;
        let prev_row = input.table.rows.iter().find(|p| {
            p.indicator == r.indicator && p.area == r.area && p.period == *prev_period && p.keys == r.keys
        });
        let (Some(cur), Some(prev)) = (r.value, prev_row.and_then(|p| p.value)) else {
            return Some(Change {
                diff: 0.0,
                magnitude: String::new(),
                unit: None,
                verdict: Verdict::NoValue,
            });
        };
        let diff = cur - prev;
        let zero = format_number(0.0, d, self.lang);
        let magnitude = format_number(diff.abs(), d, self.lang);
        let unit = match unit {
            "percent" => Some(self.t("điểm %", "pp")),
            _ => self.unit_symbol(unit),
        };
        if magnitude == zero {
            return Some(Change { diff, magnitude, unit, verdict: Verdict::Same });
        }
        // A change is called better or worse only when the two estimates are distinguishable:
        // |Δ| larger than the half-width of the difference's interval, approximated from the two
        // intervals' half-widths as √(h₁² + h₂²) (independent estimates). Complete counts (no
        // interval) are judged on their values.
        let half = |row: &ResultRow| match (row.lower, row.upper) {
            (Some(l), Some(u)) if u >= l => Some((u - l) / 2.0),
            _ => None,
        };
        let distinguishable = match (half(r), prev_row.and_then(half)) {
            (Some(h1), Some(h2)) => diff.abs() > (h1 * h1 + h2 * h2).sqrt(),
            (None, None) => true,
            _ => false,
        };
        let verdict = if !distinguishable {
            Verdict::Unclear
        } else {
            match judge(ind.polarity, ind.reference_range, prev, cur) {
                Some(true) => Verdict::Better,
                Some(false) => Verdict::Worse,
                None => Verdict::Moved,
            }
        };
        Some(Change { diff, magnitude, unit, verdict })
    }

    fn change_cell(&self, ind: &Indicator, r: &ResultRow, unit: &str, d: usize) -> Cell {
        let Some(c) = self.change(ind, r, unit, d) else {
            return Cell::new("");
        };
        let arrow = if c.diff > 0.0 { "▲" } else { "▼" };
        let mut text = match c.unit {
            Some(u) => format!("{arrow} {} {u}", c.magnitude),
            None => format!("{arrow} {}", c.magnitude),
        };
        match c.verdict {
            Verdict::NoValue => Cell::toned("–", Tone::Muted),
            Verdict::Same => Cell::new(self.t("không đổi", "no change")),
            Verdict::Unclear => {
                text.push_str(&format!(" ({})", self.t("chưa rõ thay đổi", "no clear change")));
                Cell::toned(text, Tone::Plain)
            }
            Verdict::Better => {
                text.push_str(&format!(" ({})", self.t("tốt hơn", "better")));
                Cell::toned(text, Tone::Good)
            }
            Verdict::Worse => {
                text.push_str(&format!(" ({})", self.t("kém hơn", "worse")));
                Cell::toned(text, Tone::Bad)
            }
            Verdict::Moved => Cell::toned(text, Tone::Plain),
        }
    }

    fn target_cells(&self, r: &ResultRow, unit: &str, d: usize) -> (Cell, Cell) {
        let target = match (r.target, r.target_op) {
            (Some(t), Some(op)) => {
                let shown_d = if t.fract() == 0.0 { 0 } else { d };
                let op = op.sign();
                let mut s = format!("{op} {}", self.with_symbol(format_number(t, shown_d, self.lang), unit));
                if let Some(y) = r.target_year {
                    s.push_str(&format!(" ({y})"));
                }
                s
            }
            _ => String::new(),
        };
        let status = match r.target_status {
            TargetStatus::NoTarget => Cell::new(""),
            s @ TargetStatus::Met => Cell::toned(s.label(self.lang), Tone::Good),
            s @ TargetStatus::NotMet => Cell::toned(s.label(self.lang), Tone::Bad),
            s @ (TargetStatus::NoData | TargetStatus::CannotTell) => {
                Cell::toned(s.label(self.lang), Tone::Muted)
            }
        };
        (Cell::new(target), status)
    }

    fn names(&self, inds: &[&Indicator]) -> String {
        inds.iter().map(|i| i.name.get(self.lang)).collect::<Vec<_>>().join("; ")
    }

    fn theme_notes(&self, shown: &[Shown<'a>], inds: &[&'a Indicator]) -> Option<Block<'a>> {
        let lang = self.lang;
        let mut paras: Vec<Vec<Span>> = Vec::new();

        // Interval methods actually used by the rows shown.
        let mut methods: Vec<(String, Vec<&Indicator>)> = Vec::new();
        for s in shown {
            for r in &s.rows {
                if r.method.is_empty() || r.method == "none" || r.lower.is_none() {
                    continue;
                }
                match methods.iter_mut().find(|(m, _)| *m == r.method) {
                    Some((_, list)) if !list.iter().any(|i| i.id == s.ind.id) => list.push(s.ind),
                    Some(_) => {}
                    None => methods.push((r.method.clone(), vec![s.ind])),
                }
            }
        }
        let indicators_label = self.t("Chỉ tiêu:", "Indicators:");
        for (m, list) in &methods {
            paras.push(vec![
                Span::bold(self.t("Phương pháp: ", "Method: ")),
                Span::plain(format!(
                    "{} {}. {indicators_label} {}.",
                    self.t(
                        "khoảng tin cậy 95 % tính theo phương pháp",
                        "95 % confidence intervals by the method of"
                    ),
                    method_name(m, lang),
                    self.names(list)
                )),
            ]);
        }

        // Sources, grouped by (data source, lead agency).
        let mut sources: Vec<((String, String), Vec<&Indicator>)> = Vec::new();
        for ind in inds {
            let key = (ind.data_source.get(lang).to_string(), ind.lead_agency.get(lang).to_string());
            if key.0.is_empty() && key.1.is_empty() {
                continue;
            }
            match sources.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(ind),
                None => sources.push((key, vec![ind])),
            }
        }
        for ((src, agency), list) in &sources {
            let mut text = String::new();
            if !src.is_empty() {
                text.push_str(&format!("{}. ", src.trim_end_matches('.')));
            }
            if !agency.is_empty() {
                text.push_str(&format!(
                    "{} {}. ",
                    self.t("Cơ quan chủ trì:", "Lead agency:"),
                    agency.trim_end_matches('.')
                ));
            }
            text.push_str(&format!("{indicators_label} {}.", self.names(list)));
            paras.push(vec![Span::bold(self.t("Nguồn: ", "Source: ")), Span::plain(text)]);
        }

        // Small-number rules, grouped by rule, with the cells they affected in the whole table.
        let mut rules: Vec<((u64, u64), Vec<&Indicator>)> = Vec::new();
        for ind in inds {
            if let Some(rule) = ind.small_numbers {
                match rules.iter_mut().find(|(k, _)| *k == rule) {
                    Some((_, list)) => list.push(ind),
                    None => rules.push((rule, vec![ind])),
                }
            }
        }
        for ((suppress, flag), list) in &rules {
            let (s, f) = (format_number(*suppress as f64, 0, lang), format_number(*flag as f64, 0, lang));
            let rule = match lang {
                Lang::Vi => format!("n < {s}: không công bố (x); n < {f}: đánh dấu (*)"),
                Lang::En => format!("n < {s}: withheld (x); n < {f}: flagged (*)"),
            };
            paras.push(vec![
                Span::bold(self.t("Quy tắc số nhỏ: ", "Small-number rule: ")),
                Span::plain(format!("{rule}. {indicators_label} {}.", self.names(list))),
            ]);
        }
        if !rules.is_empty() {
            let ids: Vec<&str> = inds.iter().map(|i| i.id.as_str()).collect();
            let count = |st: ObsStatus| {
                self.input
                    .table
                    .rows
                    .iter()
                    .filter(|r| r.status == st && ids.contains(&r.indicator.as_str()))
                    .count()
            };
            let (suppressed, low) = (count(ObsStatus::Suppressed), count(ObsStatus::LowN));
            let mut parts = Vec::new();
            if suppressed > 0 {
                parts.push(match lang {
                    Lang::Vi => format!("{suppressed} ô không công bố"),
                    Lang::En => format!("{suppressed} withheld"),
                });
            }
            if low > 0 {
                parts.push(match lang {
                    Lang::Vi => format!("{low} ô ít quan sát"),
                    Lang::En => format!("{low} low-n"),
                });
            }
            if !parts.is_empty() {
                let and = self.t(" và ", " and ");
                paras.push(vec![Span::plain(match lang {
                    Lang::Vi => format!("Trong bảng kết quả có {} (xem Phụ lục).", parts.join(and)),
                    Lang::En => format!("The result table has {} cells (see the annex).", parts.join(and)),
                })]);
            }
        }

        // Legal basis.
        let mut basis: Vec<&str> = Vec::new();
        for ind in inds {
            for b in &ind.legal_basis {
                if !basis.contains(&b.as_str()) {
                    basis.push(b);
                }
            }
        }
        if !basis.is_empty() {
            paras.push(vec![
                Span::bold(self.t("Căn cứ: ", "Legal basis: ")),
                Span::plain(format!("{}.", basis.join("; "))),
            ]);
        }

        (!paras.is_empty())
            .then(|| Block::Notes { label: self.t("Ghi chú", "Notes").into(), paragraphs: paras })
    }

    fn keys_text(&self, r: &ResultRow) -> String {
        let lang = self.lang;
        let parts: Vec<String> = self
            .input
            .table
            .dimensions
            .iter()
            .zip(&r.keys)
            .filter(|(_, k)| k.as_str() != TOTAL_CODE)
            .map(|(dim, code)| {
                let list = self.cat.codelists.get(&dim.replace('_', "-"));
                let dim_label = list.map(|l| l.name.get(lang).to_string()).unwrap_or_else(|| dim.clone());
                let code_label = list
                    .and_then(|l| l.get(code))
                    .map(|c| c.name.get(lang).to_string())
                    .unwrap_or_else(|| code.clone());
                format!("{dim_label}: {code_label}")
            })
            .collect();
        if parts.is_empty() { Sex::Total.label(lang).to_string() } else { parts.join("; ") }
    }

    fn indicator_name(&self, id: &str) -> String {
        self.cat.indicator(id).map(|i| i.name.get(self.lang).to_string()).unwrap_or_else(|| id.to_string())
    }

    fn annex(&mut self) -> Chapter<'a> {
        let input = self.input;
        let lang = self.lang;
        let mut blocks = Vec::new();

        // 1. Validation findings.
        blocks.push(Block::Heading(self.t("1. Kết quả kiểm tra số liệu", "1. Validation findings").into()));
        let mut items: Vec<Vec<Span>> = input
            .quality
            .iter()
            .map(|q| {
                let (label, tone) = match q.severity.as_str() {
                    "error" => (self.t("Lỗi", "Error").to_string(), Tone::Bad),
                    "warning" => (self.t("Cảnh báo", "Warning").to_string(), Tone::Plain),
                    "derived" => (self.t("Số suy ra", "Derived").to_string(), Tone::Plain),
                    other => (other.to_string(), Tone::Plain),
                };
                vec![Span { text: format!("{label}: "), bold: true, tone }, Span::plain(q.text.clone())]
            })
            .collect();
        let mut unknown: Vec<&str> = Vec::new();
        for r in &input.table.rows {
            if self.cat.indicator(&r.indicator).is_none() && !unknown.contains(&r.indicator.as_str()) {
                unknown.push(&r.indicator);
            }
        }
        if !unknown.is_empty() {
            items.push(vec![
                Span::bold(format!("{}: ", self.t("Cảnh báo", "Warning"))),
                Span::plain(format!(
                    "{} {}.",
                    self.t(
                        "bảng kết quả có chỉ tiêu không thuộc danh mục, không đưa vào báo cáo:",
                        "the result table has indicators that are not in the catalogue, left out of the report:"
                    ),
                    unknown.join(", ")
                )),
            ]);
        }
        if items.is_empty() {
            blocks.push(Block::Paragraph(vec![Span::plain(
                self.t("Không có lỗi hay cảnh báo nào.", "No errors or warnings."),
            )]));
        } else {
            blocks.push(Block::List(items));
        }

        // 2. Suppressed and low-n cells.
        blocks.push(Block::Heading(
            self.t("2. Ô số liệu không công bố hoặc ít quan sát", "2. Withheld and low-n cells").into(),
        ));
        let mut flagged: Vec<&ResultRow> = input
            .table
            .rows
            .iter()
            .filter(|r| matches!(r.status, ObsStatus::Suppressed | ObsStatus::LowN))
            // The cells the report publishes: its period, by area and sex (finer breakdowns
            // are in tables.xlsx and counted below).
            .filter(|r| r.period == input.period)
            .filter(|r| {
                r.keys
                    .iter()
                    .zip(&input.table.dimensions)
                    .all(|(k, d)| d == "sex" || k == gds_core::TOTAL_CODE)
            })
            .collect();
        let all_flagged = input
            .table
            .rows
            .iter()
            .filter(|r| matches!(r.status, ObsStatus::Suppressed | ObsStatus::LowN))
            .count();
        flagged.sort_by(|a, b| {
            (&a.indicator, &a.period, &a.area, &a.keys).cmp(&(&b.indicator, &b.period, &b.area, &b.keys))
        });
        let n_sup = flagged.iter().filter(|r| r.status == ObsStatus::Suppressed).count();
        let n_low = flagged.len() - n_sup;
        if flagged.is_empty() {
            blocks.push(Block::Paragraph(vec![Span::plain(self.t(
                "Không có ô số liệu nào bị ẩn hoặc dựa trên ít quan sát.",
                "No cell is withheld or based on few observations.",
            ))]));
        } else {
            blocks.push(Block::Paragraph(vec![Span::plain(match lang {
                Lang::Vi => format!(
                    "Trong kỳ báo cáo, theo địa bàn và giới tính, có {n_sup} ô không công bố (x) và {n_low} ô dựa trên ít quan sát (*), theo quy tắc số nhỏ của từng chỉ tiêu (toàn bộ bảng kết quả, kể cả các phân tổ chi tiết: {all_flagged} ô; xem tables.xlsx)."
                ),
                Lang::En => format!(
                    "In the reporting period, by area and sex, {n_sup} cells are withheld (x) and {n_low} are based on few observations (*), by each indicator's small-number rule (the whole result table, finer breakdowns included: {all_flagged} cells; see tables.xlsx)."
                ),
            })]));
            let col = |label: &str, numeric: bool, row_header: bool, weight: u32| Column {
                label: label.to_string(),
                numeric,
                row_header,
                weight,
            };
            let columns = vec![
                col(self.t("Chỉ tiêu", "Indicator"), false, true, 24),
                col(self.t("Địa bàn", "Area"), false, false, 14),
                col(self.t("Kỳ", "Period"), false, false, 9),
                col(self.t("Phân tổ", "Breakdown"), false, false, 16),
                col("n", true, false, 8),
                col(self.t("Tình trạng", "Status"), false, false, 12),
                col(self.t("Lý do", "Reason"), false, false, 17),
            ];
            let rows = flagged
                .iter()
                .map(|r| {
                    let status = match r.status {
                        ObsStatus::Suppressed => self.t("Không công bố (x)", "Withheld (x)"),
                        _ => self.t("Ít quan sát (*)", "Low n (*)"),
                    };
                    vec![
                        Cell::new(self.indicator_name(&r.indicator)),
                        Cell::new(self.area(&r.area, &r.period)),
                        Cell::new(r.period.clone()),
                        Cell::new(self.keys_text(r)),
                        Cell::new(format_number(r.n as f64, 0, lang)),
                        Cell::new(status),
                        Cell::new(self.reason_text(r)),
                    ]
                })
                .collect();
            blocks.push(Block::Table(Table { caption: None, columns, rows, legend: Vec::new() }));
        }

        // 3. Coverage of the official indicator set.
        blocks.push(Block::Heading(
            self.t("3. Mức độ bao phủ bộ chỉ tiêu", "3. Coverage of the indicator set").into(),
        ));
        let mut groups: [Vec<(String, Option<&str>)>; 4] = Default::default();
        for (id, cov) in &input.coverage {
            let name = self.indicator_name(id);
            match cov {
                Coverage::Computed => groups[0].push((name, None)),
                Coverage::NoData(why) => groups[1].push((name, Some(why))),
                Coverage::NotComputable(why) => groups[2].push((name, Some(why))),
                Coverage::NotAtThisLevel(why) => groups[3].push((name, Some(why))),
            }
        }
        let labels = [
            self.t("Đã tính được", "Computed"),
            self.t("Không có số liệu", "No data"),
            self.t("Chưa tính được từ dữ liệu hiện có", "Not computable from the available data"),
            self.t("Không thống kê ở cấp này", "Not compiled at this level"),
        ];
        if input.coverage.is_empty() {
            blocks.push(Block::Paragraph(vec![Span::plain(
                self.t("Không có thông tin về mức độ bao phủ.", "No coverage information was given."),
            )]));
        } else {
            let total = input.coverage.len();
            let summary = labels
                .iter()
                .zip(&groups)
                .map(|(l, g)| format!("{}: {}", lower_first(l), g.len()))
                .collect::<Vec<_>>()
                .join("; ");
            blocks.push(Block::Paragraph(vec![Span::plain(match lang {
                Lang::Vi => format!("Bộ chỉ tiêu gồm {total} chỉ tiêu — {summary}."),
                Lang::En => format!("The indicator set has {total} indicators — {summary}."),
            })]));
            let columns = vec![
                Column {
                    label: self.t("Nhóm", "Group").into(),
                    numeric: false,
                    row_header: true,
                    weight: 70,
                },
                Column {
                    label: self.t("Số chỉ tiêu", "Indicators").into(),
                    numeric: true,
                    row_header: false,
                    weight: 30,
                },
            ];
            let mut rows: Vec<Vec<Cell>> = labels
                .iter()
                .zip(&groups)
                .map(|(l, g)| vec![Cell::new(*l), Cell::new(g.len().to_string())])
                .collect();
            rows.push(vec![Cell::new(self.t("Tổng số", "Total")), Cell::new(total.to_string())]);
            blocks.push(Block::Table(Table { caption: None, columns, rows, legend: Vec::new() }));
            for (label, group) in labels.iter().zip(&groups) {
                if group.is_empty() {
                    continue;
                }
                blocks.push(Block::Label(format!("{label} ({})", group.len())));
                if group.iter().all(|(_, why)| why.is_none()) {
                    let names = group.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join("; ");
                    blocks.push(Block::Paragraph(vec![Span::plain(format!("{names}."))]));
                } else {
                    blocks.push(Block::List(
                        group
                            .iter()
                            .map(|(name, why)| match why {
                                Some(w) if !w.is_empty() => {
                                    vec![
                                        Span::bold(format!("{name}: ")),
                                        Span::toned(w.to_string(), Tone::Plain),
                                    ]
                                }
                                _ => vec![Span::plain(name.clone())],
                            })
                            .collect(),
                    ));
                }
            }
        }

        Chapter {
            anchor: "annex-quality".into(),
            heading: self.t("PHỤ LỤC 2. CHẤT LƯỢNG SỐ LIỆU", "ANNEX 2. DATA QUALITY").into(),
            blocks,
        }
    }

    /// Why a cell is flagged, in the report's language when the catalogue's rule explains it.
    fn reason_text(&self, r: &ResultRow) -> String {
        let lang = self.lang;
        let rule = self.cat.indicator(&r.indicator).and_then(|i| i.small_numbers);
        let n = format_number(r.n as f64, 0, lang);
        match (r.status, rule) {
            (ObsStatus::Suppressed, Some((suppress, _))) if r.n < suppress => {
                let s = format_number(suppress as f64, 0, lang);
                match lang {
                    Lang::Vi => format!("n = {n} < {s}: không công bố"),
                    Lang::En => format!("n = {n} < {s}: withheld"),
                }
            }
            (ObsStatus::LowN, Some((_, flag))) if r.n < flag => {
                let f = format_number(flag as f64, 0, lang);
                match lang {
                    Lang::Vi => format!("n = {n} < {f}: cần thận trọng"),
                    Lang::En => format!("n = {n} < {f}: interpret with caution"),
                }
            }
            _ => r.reason.as_deref().map(|x| gds_core::reason_in(x, lang)).unwrap_or_default(),
        }
    }
}

/// `label` with its first letter in lower case (inside a sentence).
fn lower_first(label: &str) -> String {
    let mut c = label.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether the change from `prev` to `cur` is better (`Some(true)`), worse (`Some(false)`) or
/// neither, given the indicator's polarity.
pub(crate) fn judge(polarity: Polarity, range: Option<[f64; 2]>, prev: f64, cur: f64) -> Option<bool> {
    // `a` better than `b` when a is smaller; ties (within rounding noise) give no judgement.
    let smaller_is_better = |cur_distance: f64, prev_distance: f64| {
        let tol = 1e-9 * cur_distance.abs().max(prev_distance.abs()).max(1.0);
        if (cur_distance - prev_distance).abs() <= tol { None } else { Some(cur_distance < prev_distance) }
    };
    match polarity {
        Polarity::HigherIsBetter => smaller_is_better(-cur, -prev),
        Polarity::LowerIsBetter => smaller_is_better(cur, prev),
        Polarity::CloserToZero => smaller_is_better(cur.abs(), prev.abs()),
        Polarity::CloserToParity => smaller_is_better((cur - 1.0).abs(), (prev - 1.0).abs()),
        Polarity::WithinRange => {
            let [lo, hi] = range?;
            let distance = |v: f64| (lo - v).max(v - hi).max(0.0);
            let (dc, dp) = (distance(cur), distance(prev));
            if dc == 0.0 && dp == 0.0 { None } else { smaller_is_better(dc, dp) }
        }
        Polarity::Neutral => None,
    }
}

/// Display name of an interval method.
fn method_name(method: &str, lang: Lang) -> String {
    let s = match method {
        "wilson" => "Wilson",
        "clopper-pearson" => tr(lang, "Clopper–Pearson (chính xác)", "Clopper–Pearson (exact)"),
        "jeffreys" => "Jeffreys",
        "log-ratio" => tr(lang, "logarit của tỷ số", "log ratio"),
        "newcombe" => tr(lang, "Newcombe (hiệu hai tỷ lệ)", "Newcombe (difference of proportions)"),
        "katz" => tr(lang, "Katz (tỷ số hai tỷ lệ)", "Katz (ratio of proportions)"),
        "poisson-exact" => tr(lang, "Poisson chính xác", "exact Poisson"),
        "normal" => tr(lang, "xấp xỉ chuẩn", "normal approximation"),
        other => other,
    };
    s.to_string()
}

/// Keep ASCII letters, digits and `-` (anchor ids).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judgement_follows_polarity() {
        assert_eq!(judge(Polarity::HigherIsBetter, None, 50.0, 52.0), Some(true));
        assert_eq!(judge(Polarity::HigherIsBetter, None, 52.0, 50.0), Some(false));
        assert_eq!(judge(Polarity::LowerIsBetter, None, 52.0, 50.0), Some(true));
        assert_eq!(judge(Polarity::CloserToZero, None, -8.0, -5.0), Some(true));
        assert_eq!(judge(Polarity::CloserToZero, None, -5.0, 6.0), Some(false));
        assert_eq!(judge(Polarity::CloserToParity, None, 0.90, 1.05), Some(true));
        assert_eq!(judge(Polarity::CloserToParity, None, 1.02, 0.95), Some(false));
        assert_eq!(judge(Polarity::Neutral, None, 1.0, 2.0), None);
        assert_eq!(judge(Polarity::HigherIsBetter, None, 2.0, 2.0), None);
    }

    #[test]
    fn within_range_rewards_moving_toward_the_range() {
        let r = Some([103.0, 107.0]);
        assert_eq!(judge(Polarity::WithinRange, r, 112.3, 111.5), Some(true));
        assert_eq!(judge(Polarity::WithinRange, r, 111.5, 112.3), Some(false));
        assert_eq!(judge(Polarity::WithinRange, r, 100.0, 104.0), Some(true));
        assert_eq!(judge(Polarity::WithinRange, r, 104.0, 106.0), None, "inside both times");
        assert_eq!(judge(Polarity::WithinRange, r, 106.0, 108.0), Some(false));
        assert_eq!(judge(Polarity::WithinRange, None, 100.0, 104.0), None, "no range, no judgement");
    }

    #[test]
    fn decimals_follow_the_unit() {
        assert_eq!(decimals("persons"), 0);
        assert_eq!(decimals("events"), 0);
        assert_eq!(decimals("ratio"), 3);
        assert_eq!(decimals("index"), 3);
        assert_eq!(decimals("times"), 3);
        assert_eq!(decimals("percent"), 1);
        assert_eq!(decimals("boys-per-100-girls"), 1);
    }
}
