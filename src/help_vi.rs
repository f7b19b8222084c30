//! The command line in Vietnamese: help texts, headings and clap's own parse errors.
//!
//! The English help is the doc comments of `args.rs`; the Vietnamese help of each command and
//! argument is here, keyed by its path (`compute`, `compute --period`, `indicators show <id>`).
//! The unit test walks the whole command tree: a command or argument without a Vietnamese
//! text, or a text whose command or argument is gone, fails it.

use clap::Command;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::error::Error as _;

/// Vietnamese help by path: `""` is gds itself; a command by its words; an option by its
/// command's words and `--long`; a positional argument by `<id>`.
const HELP: &[(&str, &str)] = &[
    (
        "",
        "gds — thống kê giới: từ số liệu tổng điều tra, điều tra và đăng ký hộ tịch đến các chỉ tiêu phát triển giới chính thức, kèm khoảng tin cậy, cờ chất lượng, biểu đồ và báo cáo.",
    ),
    ("--catalogue", "Dùng danh mục chỉ tiêu trong thư mục này thay cho danh mục có sẵn."),
    ("indicators", "Xem và kiểm tra danh mục chỉ tiêu."),
    ("indicators list", "Liệt kê chỉ tiêu, lọc theo chủ đề, bộ chỉ tiêu, khả năng tính hoặc từ khóa."),
    ("indicators list --theme", "Chỉ chủ đề này (ví dụ population, labour, leadership)."),
    (
        "indicators list --framework",
        "Chỉ các chỉ tiêu của bộ này (ví dụ tt10-2019, qd54-2016, nq28-2021, sdg5, msgi).",
    ),
    ("indicators list --computable", "Chỉ các chỉ tiêu tính được từ các tập dữ liệu đã khai."),
    ("indicators list --metadata-only", "Chỉ các chỉ tiêu lưu dạng siêu dữ liệu (không tính được)."),
    (
        "indicators list --search",
        "Từ khóa tìm trong mã, tên và khái niệm của cả hai ngôn ngữ (không phân biệt dấu).",
    ),
    ("indicators list --lang", "Ngôn ngữ của tên chỉ tiêu."),
    ("indicators list --format", "Định dạng kết quả: table (bảng), csv, json."),
    ("indicators show", "Xem đầy đủ định nghĩa của một chỉ tiêu."),
    ("indicators show <id>", "Mã chỉ tiêu."),
    ("indicators show --lang", "Ngôn ngữ của nhãn chính (cả hai ngôn ngữ đều được hiển thị)."),
    ("indicators show --format", "Định dạng kết quả (`table` là văn bản dễ đọc), csv, json."),
    (
        "indicators coverage",
        "Các chỉ tiêu của mỗi bộ cần gì: tính được, cần số liệu, hay không tính được; với một dự án, tính được từ số liệu của dự án.",
    ),
    (
        "indicators coverage --project",
        "Dự án có số liệu quyết định chỉ tiêu nào tính được (mặc định: chỉ dựa vào danh mục).",
    ),
    ("indicators coverage --lang", "Ngôn ngữ của tên các bộ chỉ tiêu."),
    ("indicators coverage --format", "Định dạng kết quả: table (bảng), csv, json."),
    (
        "indicators check",
        "Kiểm tra một thư mục danh mục chỉ tiêu; in mọi lỗi kèm tệp:dòng và thoát với mã 1 nếu có lỗi.",
    ),
    (
        "indicators check <dir>",
        "Thư mục danh mục cần kiểm tra (mặc định: --catalogue, hoặc danh mục có sẵn).",
    ),
    ("validate", "Kiểm tra các tệp số liệu của một dự án (gds.toml) theo danh mục chỉ tiêu."),
    ("validate <project>", "Tệp dự án."),
    ("validate --format", "Định dạng kết quả: text (văn bản), json, csv (mỗi lỗi một dòng)."),
    (
        "validate --lang",
        "Ngôn ngữ của kết quả dạng văn bản: vi (tiếng Việt) hoặc en (tiếng Anh); mặc định tiếng Việt khi GDS_LANG hoặc LANG là `vi`, còn lại tiếng Anh.",
    ),
    ("compute", "Tính các chỉ tiêu của một dự án và ghi bảng kết quả."),
    ("compute --out", "Tệp kết quả; định dạng theo đuôi tệp (.csv .parquet .arrow .json .xlsx .sdmx.csv)."),
    ("compute --format", "Định dạng kết quả, thay cho đuôi tệp: csv, parquet, ipc, json, xlsx, sdmx."),
    ("compute --lang", "Ngôn ngữ của nhãn trong tệp xlsx."),
    ("compute --explain", "In kế hoạch tính trước khi chạy."),
    ("compute --timings", "In thời gian của từng bước."),
    (
        "compute --force",
        "Vẫn công bố dù số liệu không qua kiểm tra (mọi kết quả bị ảnh hưởng được đánh dấu \"chưa kiểm chứng\" và mọi lỗi được liệt kê). Không bao giờ dùng cho số liệu công bố chính thức.",
    ),
    (
        "compute --from-cubes",
        "Tính từ các khối số liệu `gds cube` đã ghi vào thư mục này thay vì đọc số liệu (dự án cho địa bàn và bảng chuyển đổi; không cần có tệp số liệu).",
    ),
    (
        "cube",
        "Tạo các khối tổng chính xác của một dự án (mỗi tập dữ liệu một khối) mà không tính chỉ tiêu: cho `gds compute --from-cubes`, hoặc để cộng gộp các địa bàn mà không cần số liệu gốc.",
    ),
    ("cube --out", "Thư mục ghi các khối số liệu."),
    (
        "cube --force",
        "Vẫn tạo khối dù số liệu không qua kiểm tra (các khối được đánh dấu; `gds compute --from-cubes` từ chối chúng nếu không có --force).",
    ),
    ("chart", "Vẽ biểu đồ sẵn sàng công bố (PNG và SVG) từ một bảng kết quả."),
    ("chart --results", "Bảng kết quả (.parquet, .arrow hoặc .csv do `gds compute` ghi)."),
    ("chart --indicator", "Mã chỉ tiêu cần vẽ."),
    ("chart --kind", "Loại biểu đồ (mặc định: loại mà định nghĩa chỉ tiêu khuyến nghị)."),
    ("chart --all", "Vẽ mọi biểu đồ mà định nghĩa chỉ tiêu khuyến nghị, vào thư mục --out."),
    ("chart --project", "Tệp dự án: tên địa bàn và nhãn số liệu mô phỏng."),
    ("chart --lang", "Ngôn ngữ của nhãn; với --all vẽ cả hai ngôn ngữ nếu không chọn một."),
    ("chart --period", "Kỳ cần vẽ (mặc định: kỳ mới nhất)."),
    ("chart --out", "Tệp kết quả (.png hoặc .svg), hoặc thư mục với --all."),
    (
        "chart --force",
        "Vẫn vẽ dù số liệu không qua kiểm tra (mọi kết quả bị ảnh hưởng được đánh dấu \"chưa kiểm chứng\"). Không bao giờ dùng cho số liệu công bố chính thức.",
    ),
    ("chart --dpi", "Độ phân giải PNG, số điểm ảnh trên mỗi inch."),
    ("chart --width", "Chiều rộng biểu đồ, điểm ảnh."),
    ("chart --height", "Chiều cao biểu đồ, điểm ảnh."),
    ("synth", "Tạo một huyện mô phỏng có thể tái lập (được ghi rõ là số liệu mô phỏng)."),
    ("synth --seed", "Hạt giống ngẫu nhiên: cùng hạt giống cho cùng các tệp."),
    ("synth --out", "Thư mục ghi kết quả."),
    ("synth --persons", "Số người (mặc định: cỡ một huyện)."),
    ("synth --years", "Các năm cần tạo."),
    ("report", "Viết bộ báo cáo bình đẳng giới năm (hoặc 6 tháng)."),
    ("report <project>", "Tệp dự án."),
    (
        "report --period",
        "Kỳ báo cáo: một năm (2024), sáu tháng (2024-H1) hoặc một quý (2024-Q3); so sánh với cùng kỳ năm trước. Mặc định: kỳ mới nhất trong số liệu đã kết thúc (theo lịch báo cáo của dự án).",
    ),
    ("report --lang", "Ngôn ngữ của báo cáo."),
    ("report --level", "Cấp địa bàn thấp nhất trong bảng và biểu đồ."),
    ("report --out", "Thư mục ghi kết quả."),
    ("report --no-timestamp", "Không ghi thời điểm tạo, để cùng đầu vào cho cùng các byte."),
    ("report --dpi", "Độ phân giải của biểu đồ PNG trong tài liệu Word, số điểm ảnh trên mỗi inch."),
    (
        "report --overwrite",
        "Thay thế bộ báo cáo đã có trong --out (không có cờ này gds từ chối thay báo cáo cùng ngôn ngữ, hoặc báo cáo lập từ kết quả khác; báo cáo ngôn ngữ kia của cùng kết quả được giữ lại bên cạnh báo cáo mới).",
    ),
    (
        "report --force",
        "Vẫn viết báo cáo dù số liệu không qua kiểm tra (mọi kết quả bị ảnh hưởng được đánh dấu \"chưa kiểm chứng\"). Không bao giờ dùng cho số liệu công bố chính thức.",
    ),
    (
        "areas",
        "In các địa bàn của một dự án theo cấp vào một ngày (mỗi mã chỉ đơn vị nào vào ngày đó), và các mã đã chỉ nhiều đơn vị theo thời gian.",
    ),
    ("areas <project>", "Tệp dự án."),
    ("areas --on", "Ngày (YYYY-MM-DD) của các đơn vị cần xem (mặc định: hôm nay)."),
    (
        "sql",
        "In câu lệnh SQL tính khối số liệu của từng tập dữ liệu trên bộ máy khác (DuckDB, Spark, PostgreSQL): cùng khóa, bit chữ ký và tổng chính xác như bộ máy của gds.",
    ),
    ("sql --dialect", "Phương ngữ SQL: duckdb, spark, postgres."),
    ("sql --dataset", "Chỉ các tập dữ liệu này (mặc định: mọi tập dữ liệu mà kế hoạch đọc)."),
    (
        "forms",
        "Viết biểu mẫu thu thập số liệu của một kỳ: mỗi đơn vị báo cáo (xã) một tệp Excel gồm các biểu đếm mà huyện thu thập, và tệp gds.toml để đọc lại biểu khi đã điền.",
    ),
    ("forms <project>", "Tệp dự án."),
    ("forms --period", "Kỳ báo cáo: một năm (2024), sáu tháng (2024-H1) hoặc một quý (2024-Q3)."),
    ("forms --level", "Cấp của các đơn vị báo cáo (mỗi đơn vị một biểu)."),
    ("forms --datasets", "Các tập dữ liệu cần lập biểu (mặc định: mọi biểu đếm trong danh mục)."),
    ("forms --rows", "Số dòng trống của biểu danh sách (mỗi người một dòng)."),
    ("forms --out", "Thư mục ghi biểu mẫu."),
    ("forms --overwrite", "Thay thế các biểu mẫu đã có trong thư mục."),
    ("explain", "In kế hoạch tính (mỗi tập dữ liệu một lượt quét gộp) mà không chạy."),
];

/// The Vietnamese text of path `key`.
fn help(key: &str) -> Option<&'static str> {
    HELP.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The key of argument `a` under command path `path`.
fn arg_key(path: &str, a: &clap::Arg) -> String {
    let name = arg_name(a);
    if path.is_empty() { name } else { format!("{path} {name}") }
}

/// An argument as the user writes it: `--long`, or `<id>` for a positional one.
fn arg_name(a: &clap::Arg) -> String {
    match a.get_long() {
        Some(l) => format!("--{l}"),
        None => format!("<{}>", a.get_id()),
    }
}

/// Arguments shared by several commands (flattened `RequestArgs`, `EngineArgs`): their text
/// is the same wherever they appear.
const SHARED: &[(&str, &str)] = &[
    ("--catalogue", "Dùng danh mục chỉ tiêu trong thư mục này thay cho danh mục có sẵn."),
    ("<project>", "Tệp dự án."),
    ("--indicators", "Chỉ các chỉ tiêu này (mã, cách nhau bởi dấu phẩy)."),
    ("--themes", "Chỉ các chủ đề này (cách nhau bởi dấu phẩy)."),
    (
        "--period",
        "Các kỳ cần tính: năm (2024), sáu tháng (2024-H1) hoặc quý (2024-Q3), cách nhau bởi dấu phẩy (mặc định: mọi kỳ có trong số liệu).",
    ),
    (
        "--level",
        "Cấp địa bàn thấp nhất: commune (xã), district (huyện), province (tỉnh) hoặc total (toàn bộ).",
    ),
    ("--by", "Các chiều phân tổ (ví dụ sex,age_group), cách nhau bởi dấu phẩy."),
    ("--as-of", "Tính trên các đơn vị hành chính của ngày này (YYYY-MM-DD), chuyển đổi bằng bảng tương ứng."),
    ("--confidence", "Mức tin cậy của khoảng tin cậy."),
    ("--no-suppress", "Tắt quy tắc số nhỏ (chỉ dùng nội bộ, không bao giờ để công bố)."),
    ("--engine", "Nơi tính các khối số liệu: polars (bộ máy của gds), duckdb hoặc spark."),
    (
        "--spark-master",
        "Spark master: local[2], spark://máy:7077, yarn, hoặc sc://máy:15002 (Spark Connect).",
    ),
    ("--explain", "In các câu lệnh SQL đã gửi tới bộ máy."),
];

fn shared(a: &clap::Arg) -> Option<&'static str> {
    let name = arg_name(a);
    SHARED.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
}

/// The words of the examples and notes after a command's help.
fn after_help(text: &str) -> String {
    text.replace("Examples:", "Ví dụ:")
        .replace("Exit status: 0 clean, 1 problems found.", "Mã thoát: 0 không có lỗi, 1 có lỗi.")
        .replace(
            "Exit status: 0 when the area list and crosswalk are valid, 1 otherwise.",
            "Mã thoát: 0 khi danh mục địa bàn và bảng chuyển đổi hợp lệ, 1 nếu không.",
        )
        .replace(
            "Then, with the filled forms back in the folder (same file names):",
            "Sau đó, khi các biểu đã điền được đặt lại vào thư mục (giữ nguyên tên tệp):",
        )
        .replace(
            "The code mapping is built from the distinct spellings in the files (read by gds); sources that need more than SQL over the file (Excel sheets, layouts) are named on stderr and left to gds's own engine.",
            "Bảng ánh xạ mã được lập từ các cách viết khác nhau có trong tệp (gds đọc); các nguồn cần nhiều hơn SQL trên tệp (trang Excel, bố cục) được nêu trên stderr và do bộ máy của gds tính.",
        )
        .replace("# the embedded catalogue", "# danh mục có sẵn")
        .replace("# a folder (e.g. a province's own catalogue)", "# một thư mục (ví dụ danh mục riêng của tỉnh)")
        .replace("# on today's communes", "# trên các xã hiện nay")
        .replace("# after the reform", "# sau sắp xếp")
        .replace("# streams Parquet row groups", "# ghi Parquet theo từng nhóm dòng")
}

const TEMPLATE: &str = "{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// `cmd` with Vietnamese help, headings and usage words, recursively; `path` is its words.
/// Values of a choice, in Vietnamese, where the help text does not name them itself.
const VALUES: &[(&str, &str)] = &[("vi", "tiếng Việt"), ("en", "tiếng Anh")];

fn localize_at(mut cmd: Command, path: &str) -> Command {
    if let Some(t) = help(path) {
        cmd = cmd.about(t).long_about(None::<&str>);
    } else if cmd.get_name() == "help" {
        return cmd.about("In trợ giúp này, hoặc trợ giúp của lệnh đã cho");
    }
    if let Some(a) = cmd.get_after_help().map(|s| s.to_string()) {
        cmd = cmd.after_help(after_help(&a));
    }
    cmd = cmd.help_template(TEMPLATE).subcommand_help_heading("Các lệnh").subcommand_value_name("LỆNH");
    let ids: Vec<(clap::Id, String, bool)> =
        cmd.get_arguments().map(|a| (a.get_id().clone(), arg_key(path, a), a.is_positional())).collect();
    for (id, key, positional) in ids {
        cmd = cmd.mut_arg(id, |a| {
            let text =
                help(&key).or_else(|| shared(&a)).map(str::to_string).or_else(|| match a.get_id().as_str() {
                    "help" => Some("In trợ giúp".to_string()),
                    "version" => Some("In phiên bản".to_string()),
                    _ => None,
                });
            // The values' own (English) descriptions are left out; the text names them.
            let described = a.get_possible_values().iter().any(|v| v.get_help().is_some());
            let text = match text {
                Some(t) if described => {
                    let named: Vec<String> = a
                        .get_possible_values()
                        .iter()
                        .filter(|v| !v.is_hide_set() && !t.contains(v.get_name()))
                        .filter_map(|v| {
                            VALUES
                                .iter()
                                .find(|(k, _)| *k == v.get_name())
                                .map(|(k, vi)| format!("{k}: {vi}"))
                        })
                        .collect();
                    Some(if named.is_empty() {
                        t
                    } else {
                        format!("{} ({})", t.trim_end_matches('.'), named.join(", "))
                    })
                }
                t => t,
            };
            let defaults: Vec<String> =
                a.get_default_values().iter().map(|v| v.to_string_lossy().to_string()).collect();
            let a = match text {
                Some(t) if !defaults.is_empty() && a.get_action().takes_values() => a
                    .help(format!("{t} [mặc định: {}]", defaults.join(", ")))
                    .hide_default_value(true)
                    .long_help(None::<&str>),
                Some(t) => a.help(t).long_help(None::<&str>),
                None => a,
            };
            a.hide_possible_values(described).help_heading(if positional {
                "Tham số"
            } else {
                "Tùy chọn"
            })
        });
    }
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for s in subs {
        let sub_path = if path.is_empty() { s.clone() } else { format!("{path} {s}") };
        cmd = cmd.mut_subcommand(s, |c| localize_at(c, &sub_path));
    }
    cmd
}

/// The command tree with Vietnamese help.
pub fn localize(mut cmd: Command) -> Command {
    // Built first, so that clap's own help and version flags exist to be translated.
    cmd.build();
    localize_at(cmd, "")
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// clap's parse error in Vietnamese, or `None` where clap's own text should stand (help and
/// version output).
pub fn error(e: &clap::Error) -> Option<String> {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut s = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return None;
        }
        ErrorKind::InvalidValue => {
            let mut s = format!("lỗi: giá trị {value:?} không hợp lệ cho {arg}");
            if let Some(v) = context(e, ContextKind::ValidValue) {
                s.push_str(&format!(" (các giá trị: {v})"));
            }
            s
        }
        ErrorKind::UnknownArgument => format!("lỗi: không có tham số {arg:?}"),
        ErrorKind::InvalidSubcommand => {
            format!("lỗi: không có lệnh {:?}", context(e, ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::MissingRequiredArgument => format!("lỗi: thiếu tham số bắt buộc: {arg}"),
        ErrorKind::MissingSubcommand => "lỗi: cần một lệnh".to_string(),
        ErrorKind::ArgumentConflict => {
            let other = context(e, ContextKind::PriorArg).unwrap_or_default();
            format!("lỗi: không dùng được {arg} cùng với {other}")
        }
        ErrorKind::NoEquals => format!("lỗi: {arg} cần dấu = trước giá trị"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("lỗi: số giá trị của {arg} không đúng")
        }
        ErrorKind::ValueValidation => {
            // The reason is gds's own (parse_period): through the message catalogue.
            let reason = e.source().map(|r| r.to_string()).unwrap_or_default();
            let reason = gds_compute::messages::line_vi(&reason);
            format!("lỗi: giá trị {value:?} không hợp lệ cho {arg}: {reason}")
        }
        _ => return None,
    };
    if let Some(sugg) =
        context(e, ContextKind::SuggestedArg).or_else(|| context(e, ContextKind::SuggestedSubcommand))
    {
        s.push_str(&format!(" — gợi ý: có phải là {sugg:?}?"));
    }
    s.push_str("\n\nXem thêm: gds --help");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command under `cmd` (itself included) with its path ("" for gds, "indicators
    /// list"…), clap's `help` subcommand left out.
    fn commands<'a>(cmd: &'a Command, path: &str, out: &mut Vec<(String, &'a Command)>) {
        out.push((path.to_string(), cmd));
        for s in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let p =
                if path.is_empty() { s.get_name().to_string() } else { format!("{path} {}", s.get_name()) };
            commands(s, &p, out);
        }
    }

    /// (key, help text) of every command and visible argument.
    fn walk(cmd: &Command) -> Vec<(String, String)> {
        let mut all = Vec::new();
        let mut out = Vec::new();
        commands(cmd, "", &mut all);
        for (path, cmd) in &all {
            out.push((path.clone(), cmd.get_about().map(|s| s.to_string()).unwrap_or_default()));
            for a in cmd.get_arguments() {
                if a.is_hide_set() || ["help", "version"].contains(&a.get_id().as_str()) {
                    continue;
                }
                out.push((arg_key(path, a), a.get_help().map(|s| s.to_string()).unwrap_or_default()));
            }
        }
        out
    }

    #[test]
    fn every_command_and_argument_has_a_vietnamese_help_text() {
        let mut cmd = crate::args::Cli::command();
        cmd.build();
        let all = walk(&cmd);
        let missing: Vec<String> = all
            .iter()
            .filter(|(key, _)| {
                help(key).is_none() && {
                    let last = key.rsplit(' ').next().unwrap_or(key);
                    !SHARED.iter().any(|(k, _)| *k == last) && last != "--catalogue"
                }
            })
            .map(|(k, en)| format!("    ({k:?}, {en:?}),"))
            .collect();
        assert!(missing.is_empty(), "no Vietnamese help for:\n{}", missing.join("\n"));
        // No stale text: each key names a command or argument that exists.
        let stale: Vec<&str> =
            HELP.iter().map(|(k, _)| *k).filter(|k| !all.iter().any(|(key, _)| key == k)).collect();
        assert!(stale.is_empty(), "in HELP but not in the command line: {stale:?}");
    }

    /// The Vietnamese help hides the values' English descriptions, so its text must name
    /// every value itself.
    #[test]
    fn every_value_of_a_choice_is_named_in_its_vietnamese_help() {
        let cmd = localize(crate::args::Cli::command());
        let mut all = Vec::new();
        commands(&cmd, "", &mut all);
        let mut missing = Vec::new();
        for (path, cmd) in &all {
            for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let values = a.get_possible_values();
                if !values.iter().any(|v| v.get_help().is_some()) {
                    continue;
                }
                let text = a.get_help().map(|s| s.to_string()).unwrap_or_default();
                for v in values.iter().filter(|v| !v.is_hide_set() && !text.contains(v.get_name())) {
                    missing.push(format!("{}: {:?} not in {text:?}", arg_key(path, a), v.get_name()));
                }
            }
        }
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    #[test]
    fn the_help_reads_in_vietnamese() {
        let mut cmd = localize(crate::args::Cli::command());
        let top = cmd.render_help().to_string();
        assert!(top.contains("Cách dùng: gds"), "{top}");
        assert!(top.contains("Các lệnh"), "{top}");
        assert!(top.contains("Tính các chỉ tiêu của một dự án"), "{top}");
        let compute = cmd.find_subcommand_mut("compute").unwrap().render_help().to_string();
        for english in ["Usage:", "Options:", "Arguments:", "Print help", "Output file"] {
            assert!(!compute.contains(english), "{english:?} in:\n{compute}");
        }
        assert!(compute.contains("Tùy chọn") && compute.contains("Ví dụ:"), "{compute}");
    }

    #[test]
    fn parse_errors_read_in_vietnamese() {
        let cmd = localize(crate::args::Cli::command());
        let e = cmd.clone().try_get_matches_from(["gds", "compte"]).unwrap_err();
        let s = error(&e).unwrap();
        assert!(
            s.starts_with("lỗi: không có lệnh \"compte\"") && s.contains("có phải là \"compute\"?"),
            "{s}"
        );
        let e = cmd
            .clone()
            .try_get_matches_from(["gds", "report", "x.toml", "--period", "2024-H3", "--out", "o"])
            .unwrap_err();
        let s = error(&e).unwrap();
        assert!(s.contains("không hợp lệ cho --period") && s.contains("không phải là kỳ"), "{s}");
        let e = cmd.clone().try_get_matches_from(["gds", "validate", "--format", "xml"]).unwrap_err();
        assert!(error(&e).unwrap().contains("các giá trị: text, json, csv"), "{e}");
        let e = cmd.try_get_matches_from(["gds", "--help"]).unwrap_err();
        assert!(error(&e).is_none());
    }
}
