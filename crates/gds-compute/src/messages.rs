//! gds's messages in Vietnamese: the checks' findings, the project file's and readers'
//! errors, and the command line's own errors and notes. A message is written once, in
//! English, where it is found; this catalogue holds, for each message, its English template
//! and its Vietnamese text, as a gettext catalogue holds message ids and their translations.
//!
//! A template is either the English format string itself (`unknown dataset {:?}`: each `{…}`
//! placeholder becomes a capture, `{1}`, `{2}`… in the Vietnamese text, in order), or, when it
//! starts with `^`, a regular expression. A capture that is itself a catalogued message (an
//! English reason inside a longer message) is translated too. A message the catalogue does not
//! know is shown as written: `tests/messages.rs` reads gds's sources and fails on any message
//! written at an error site that has no Vietnamese text here.

use regex::Regex;
use std::sync::OnceLock;

/// (English pattern, Vietnamese template with `{1}`, `{2}`… for the captures).
const MESSAGES: &[(&str, &str)] = &[
    (r#"^(\d+) of (\d+) rows \(([\d.]+) %\) have no value$"#, "{1}/{2} dòng ({3} %) không có giá trị"),
    (
        r#"^(\d+) of (\d+) rows have no (.+), which is required$"#,
        "{1}/{2} dòng không có {3}, là cột bắt buộc",
    ),
    (
        r#"^required column "(.+)" of dataset "(.+)" is missing$"#,
        "thiếu cột bắt buộc \"{1}\" của tập dữ liệu \"{2}\"",
    ),
    (r#"^area "(.*)" is not in the area list$"#, "địa bàn \"{1}\" không có trong danh mục địa bàn"),
    (r#"^"(.*)" is not in the area list$"#, "\"{1}\" không có trong danh mục địa bàn"),
    (r#"^"(.*)" is not a number$"#, "\"{1}\" không phải là số"),
    (r#"^"(.*)" is not a whole number$"#, "\"{1}\" không phải là số nguyên"),
    (r#"^"(.*)" is not a yes/no value$"#, "\"{1}\" không phải giá trị có/không"),
    (r#"^"(.*)" is not a finite number$"#, "\"{1}\" không phải là số hữu hạn"),
    (r#"^"(.*)" is not a date$"#, "\"{1}\" không phải là ngày tháng"),
    (
        r#"^value "(.*)" is outside the possible range \[(.+), (.+)\]$"#,
        "giá trị \"{1}\" nằm ngoài khoảng cho phép [{2}, {3}]",
    ),
    (r#"^weight "(.*)" is not positive$"#, "trọng số \"{1}\" không dương"),
    (r#"^unknown (.+) code "(.*)"$"#, "mã \"{2}\" không có trong danh mục {1}"),
    (r#"^unknown level "(.*)"$"#, "cấp \"{1}\" không có trong danh mục cấp hành chính"),
    (
        r#"^female \+ male exceeds the total in (\d+) cells \(first: (.+)\)$"#,
        "nữ + nam lớn hơn tổng số ở {1} ô (ô đầu tiên: {2})",
    ),
    (
        r#"^(\d+) key values \((.+)\) appear more than once, in (\d+) rows; first: (.+)$"#,
        "{1} giá trị khóa ({2}) xuất hiện nhiều lần, ở {3} dòng; đầu tiên: {4}",
    ),
    (
        r#"^the total row "(.*)" \((.+)\) says (.+), but the rows it totals sum to (.+): a row is missing, counted twice or wrong$"#,
        "dòng tổng \"{1}\" ({2}) ghi {3}, nhưng các dòng thành phần cộng lại bằng {4}: có dòng bị thiếu, tính hai lần hoặc sai",
    ),
    (
        r#"^the total row says (.+), but its parts sum to (.+) \(female (.+), male (.+)\), in (\d+) cells: the total rows are left out of the sums, so the missing units would be missing from every result$"#,
        "dòng tổng ghi {1}, nhưng các phần cộng lại bằng {2} (nữ {3}, nam {4}), ở {5} ô: dòng tổng không được cộng vào, nên phần thiếu sẽ thiếu trong mọi kết quả",
    ),
    (
        r#"^"(.*)" is not a count of units: each row of a count table stands for a whole number, 0 or more$"#,
        "\"{1}\" không phải số đơn vị: mỗi dòng của biểu đếm là một số nguyên từ 0 trở lên",
    ),
    (
        r#"^a row of the count table has no count \(empty or not a number\): it would be left out$"#,
        "một dòng của biểu đếm không có số (để trống hoặc không phải số): dòng đó sẽ bị bỏ sót",
    ),
    (
        r#"^the file has no data rows \(only a header, or nothing gds can read as rows\)$"#,
        "tệp không có dòng số liệu nào (chỉ có tiêu đề, hoặc không đọc được dòng nào)",
    ),
    (
        r#"^area "(.*)" is its own ancestor \(a cycle of parents\)$"#,
        "địa bàn \"{1}\" là cấp trên của chính nó (vòng lặp cấp trên)",
    ),
    (
        r#"^area "(.*)": parent "(.*)" is not in the area list$"#,
        "địa bàn \"{1}\": cấp trên \"{2}\" không có trong danh mục địa bàn",
    ),
    (
        r#"^share "(.*)" is not a number in \(0, 1\]$"#,
        "tỷ trọng \"{1}\" không phải là số trong khoảng (0, 1]",
    ),
    (
        r#"^this row has (\d+) fields but the header has (\d+)$"#,
        "dòng này có {1} trường nhưng dòng tiêu đề có {2}",
    ),
    (
        r#"^the form is that of unit (.+) \((.*)\), but this file is (.+)'s$"#,
        "biểu này là của đơn vị {1} ({2}), nhưng tệp này là của đơn vị {3}",
    ),
    (
        r#"^the form is version (.+) \(of period (.*)\), not this cycle's (.+)$"#,
        "biểu này là phiên bản {1} (của kỳ {2}), không phải phiên bản {3} của kỳ này",
    ),
    (
        r#"^this workbook is not a gds form \(it has no _gds sheet\)$"#,
        "tệp này không phải biểu mẫu do gds tạo (không có trang _gds)",
    ),
    (
        r#"^area "(.*)" did not exist in (\d+) \(valid (.+)\)$"#,
        "địa bàn \"{1}\" không tồn tại vào năm {2} (hiệu lực {3})",
    ),
    (
        r#"^sub-areas do not sum to their parent in (\d+) cells \(first: (.+)\)$"#,
        "các địa bàn cấp dưới cộng lại không bằng cấp trên ở {1} ô (ô đầu tiên: {2})",
    ),
    (
        r#"^the file is not UTF-8 text; it looks like the legacy Vietnamese encoding (.+)$"#,
        "tệp không phải văn bản UTF-8; có vẻ dùng bảng mã cũ {1}",
    ),
    // A relation of a SQL engine, checked from the engine's counts.
    (
        r#"a relation of a SQL engine is checked only by a command that runs on that engine"#,
        r#"một quan hệ (bảng) của bộ máy SQL chỉ được kiểm tra bởi lệnh chạy trên bộ máy đó"#,
    ),
    (r#"the relation has no rows"#, r#"quan hệ không có dòng nào"#),
    (
        r#"{n} values are not finite numbers (NaN or infinite)"#,
        r#"{1} giá trị không phải là số hữu hạn (NaN hoặc vô cực)"#,
    ),
    (
        r#"{bad} values cannot be read as the column's type ({:?})"#,
        r#"{1} giá trị không đọc được theo kiểu của cột ({2})"#,
    ),
    (r#"{n} values are outside the range {lo} – {hi}"#, r#"{1} giá trị nằm ngoài khoảng {2} – {3}"#),
    (r#"{} rows repeat the key ({keys}) of another row"#, r#"{1} dòng lặp lại khóa ({2}) của một dòng khác"#),
    (r#"area {a:?} did not exist in {p}"#, r#"địa bàn {1} không tồn tại vào năm {2}"#),
];

/// Hints, the same way.
const HINTS: &[(&str, &str)] = &[
    (
        r#"run compute, cube or report with --engine spark (or --engine duckdb)"#,
        r#"chạy compute, cube hoặc report với --engine spark (hoặc --engine duckdb)"#,
    ),
    (
        r#"check the relation's name and the engine's catalogue; an empty table is never a rate of 0"#,
        r#"kiểm tra tên quan hệ và danh mục của bộ máy; một bảng rỗng không bao giờ là tỷ lệ 0"#,
    ),
    (
        r#"write numbers without units, whole numbers for counts and ages, and periods as 2024, 2024-H1, 2024-Q3 or a date"#,
        r#"ghi số không kèm đơn vị, số nguyên cho số đếm và tuổi, và kỳ dạng 2024, 2024-H1, 2024-Q3 hoặc một ngày"#,
    ),
    (
        r#"correct the values, or declare the column's range in the dataset's definition"#,
        r#"sửa các giá trị, hoặc khai khoảng giá trị của cột trong định nghĩa tập dữ liệu"#,
    ),
    (r#"^fill the value in, or remove the rows$"#, "điền giá trị vào, hoặc bỏ các dòng đó"),
    (r#"^did you mean "(.*)"\?$"#, "có phải là \"{1}\"?"),
    (r#"^add the missing rows, or correct the total$"#, "bổ sung các dòng còn thiếu, hoặc sửa số tổng"),
    (
        r#"^ask the unit to fill in the form gds forms made for it, not a copy of its own$"#,
        "đề nghị đơn vị điền vào biểu mẫu gds forms đã tạo cho đơn vị, không dùng bản tự làm",
    ),
    (
        r#"^check that each unit returned its own form under its own file name$"#,
        "kiểm tra để mỗi đơn vị gửi lại đúng biểu của mình, đúng tên tệp của mình",
    ),
    (
        r#"^send the unit this cycle's form \(gds forms\) and have it filled again; numbers are never copied across versions$"#,
        "gửi đơn vị biểu mẫu của kỳ này (gds forms) và đề nghị điền lại; số liệu không bao giờ được chép giữa các phiên bản",
    ),
    (
        r#"^numeric codes are never guessed: add (codes = .+) to this source in gds.toml$"#,
        "mã dạng số không bao giờ được đoán: thêm {1} vào nguồn này trong gds.toml",
    ),
    (
        r#"^use true/false, 1/0, có/không \(đạt/chưa đạt\)$"#,
        "dùng true/false, 1/0 hoặc có/không (đạt/chưa đạt)",
    ),
    (r#"^correct the value or leave it empty if unknown$"#, "sửa giá trị, hoặc để trống nếu không biết"),
    (
        r#"^each key must identify one row; remove duplicated records$"#,
        "mỗi khóa chỉ ứng với một dòng; bỏ các bản ghi trùng",
    ),
    (
        r#"^add the unit to the area list, or correct the code$"#,
        "thêm đơn vị vào danh mục địa bàn, hoặc sửa mã",
    ),
    (
        r#"^write numbers without units; set (thousands = .+) in gds.toml if the file uses a thousands separator$"#,
        "ghi số không kèm đơn vị; đặt {1} trong gds.toml nếu tệp dùng dấu phân cách hàng nghìn",
    ),
    (
        r#"^survey weights must be > 0; drop the record or fix the weight$"#,
        "trọng số điều tra phải > 0; bỏ bản ghi hoặc sửa trọng số",
    ),
    (
        r#"^check the totals row of the table; F \+ M must not exceed _T$"#,
        "kiểm tra dòng tổng của biểu; nữ + nam không được lớn hơn tổng số",
    ),
    (
        r#"^check the parent area's row against its communes$"#,
        "đối chiếu dòng của địa bàn cấp trên với các xã của nó",
    ),
    (
        r#"^use the units of that year, or map them with the crosswalk$"#,
        "dùng các đơn vị của năm đó, hoặc chuyển đổi bằng bảng tương ứng (crosswalk)",
    ),
    (
        r#"^add (encoding = .+) to this source in gds.toml, or save the file as CSV UTF-8$"#,
        "thêm {1} vào nguồn này trong gds.toml, hoặc lưu tệp dạng CSV UTF-8",
    ),
    (
        r#"^add (rename = .+) to this source in gds.toml; the file has: (.+)$"#,
        "thêm {1} vào nguồn này trong gds.toml; tệp có các cột: {2}",
    ),
];

/// The project file's, readers' and engines' errors, and the command line's own.
const ERRORS: &[(&str, &str)] = &[
    (
        r#"relation {:?}: dataset {:?} is a table of cells (aggregate or estimates), whose totals gds checks in its own reading"#,
        r#"quan hệ {1}: tập dữ liệu {2} là một biểu số liệu tổng hợp (aggregate hoặc estimates), mà gds kiểm tra số tổng khi tự đọc"#,
    ),
    (r#"a [[sources]] entry has no path"#, r#"một mục [[sources]] không có path"#),
    (
        r#"{} returned forms of unit {} in the folder: {}"#,
        r#"thư mục có {1} biểu đã điền của đơn vị {2}: {3}"#,
    ),
    // Relations of a SQL engine.
    (
        r#"a relation of a SQL engine is read only by that engine"#,
        r#"một quan hệ (bảng) của bộ máy SQL chỉ được đọc bởi chính bộ máy đó"#,
    ),
    (r#"the engine's screening of {}: {e}"#, r#"kết quả sàng lọc của bộ máy trên {1}: {2}"#),
    (r#"relation {r:?}: {why}"#, r#"quan hệ {1}: {2}"#),
    (
        r#"a source is a file (path) or a relation of a SQL engine, not both"#,
        r#"một nguồn là một tệp (path) hoặc một quan hệ của bộ máy SQL, không phải cả hai"#,
    ),
    (
        r#"relation names a table or view of the SQL engine"#,
        r#"relation là tên một bảng hoặc view của bộ máy SQL"#,
    ),
    (
        r#"this key applies to files that gds reads itself; write it into the engine's view instead"#,
        r#"khóa này chỉ dùng cho tệp do gds tự đọc; hãy viết nó vào view của bộ máy"#,
    ),
    (r#"{why} (a relation is read only by its engine)"#, r#"{1} (quan hệ chỉ được đọc bởi bộ máy của nó)"#),
    (
        r#"the relation has no column {:?}, which dataset {:?} requires"#,
        r#"quan hệ không có cột {1}, là cột bắt buộc của tập dữ liệu {2}"#,
    ),
    (
        r#"the columns of a relation are known only to its engine"#,
        r#"các cột của một quan hệ chỉ bộ máy của nó mới biết"#,
    ),
    (r#"the engine lists no columns for the relation"#, r#"bộ máy không liệt kê cột nào của quan hệ"#),
    // Engines and plans.
    (r#"dataset {}: more than 65535 codes on axis {}"#, r#"tập dữ liệu {1}: trục {2} có hơn 65535 mã"#),
    (
        r#"dataset {}: a weighted sum leaves the exact range"#,
        r#"tập dữ liệu {1}: một tổng có trọng số vượt quá khoảng tính chính xác"#,
    ),
    (
        r#"the table gives {} ({fc:?}) instead of {}, but {what} is not the same for every {} of the group {code}"#,
        r#"biểu cho {1} ({2}) thay vì {3}, nhưng {4} không như nhau với mọi {5} của nhóm {6}"#,
    ),
    // `{}` matches a quoted value as well: one entry serves `unknown dataset {:?}` too.
    (r#"unknown dataset {}"#, r#"không có tập dữ liệu {1}"#),
    (r#"dataset {} has no period column {:?}"#, r#"tập dữ liệu {1} không có cột kỳ {2}"#),
    (r#"dataset {} has no area column {:?}"#, r#"tập dữ liệu {1} không có cột địa bàn {2}"#),
    (r#"dataset {} has no weight column {w:?}"#, r#"tập dữ liệu {1} không có cột trọng số {2}"#),
    (r#"dataset {} has no column {column:?}"#, r#"tập dữ liệu {1} không có cột {2}"#),
    (r#"dataset {}: at most 6 breakdowns at once"#, r#"tập dữ liệu {1}: nhiều nhất 6 chiều phân tổ một lúc"#),
    (
        r#"{value} is not a count: each row of a count table stands for a whole number of units (0 or more)"#,
        r#"{1} không phải là số đếm: mỗi dòng của biểu đếm là một số nguyên đơn vị (từ 0 trở lên)"#,
    ),
    (
        r#"{value} has more than the {d} decimals its sums are kept at in dataset {dataset:?}: it would be rounded"#,
        r#"{1} có nhiều hơn {2} chữ số thập phân mà tập dữ liệu {3} giữ trong các tổng: giá trị sẽ bị làm tròn"#,
    ),
    (
        r#"{}: the row-wise engine (--naive) reads single values of {}, and {fc:?} gives {} groups"#,
        r#"{1}: bộ máy tính theo dòng (--naive) chỉ đọc từng giá trị đơn của {2}, mà {3} cho các nhóm {4}"#,
    ),
    (
        r#"the row-wise engine (--naive) computes annual periods only"#,
        r#"bộ máy tính theo dòng (--naive) chỉ tính kỳ năm"#,
    ),
    (
        r#"gds runs queries on DuckDB and Spark; for PostgreSQL, `gds sql --dialect postgres` prints them"#,
        r#"gds chạy truy vấn trên DuckDB và Spark; với PostgreSQL, `gds sql --dialect postgres` in các truy vấn ra"#,
    ),
    (r#"cannot start {python}: {e}"#, r#"không khởi động được {1}: {2}"#),
    (r#"{python} could not start {package}: {e}"#, r#"{1} không khởi động được {2}: {3}"#),
    (r#"{name} stopped: {e}"#, r#"{1} đã dừng: {2}"#),
    (r#"no answer"#, r#"không có trả lời"#),
    (
        r#"its answer is not one JSON line ({e}): {shown:?}"#,
        r#"câu trả lời không phải một dòng JSON ({1}): {2}"#,
    ),
    ("{name} refused a query: {e}\nthe query:\n{}", "{1} từ chối một truy vấn: {2}\ntruy vấn:\n{3}"),
    (r#"no results"#, r#"không có kết quả"#),
    (r#"the engine's cube of {}: {what}"#, r#"khối số liệu của {1} do bộ máy tính trả về: {2}"#),
    (r#"a worker thread failed"#, r#"một luồng xử lý bị lỗi"#),
    (
        r#"rebuild the cubes with `gds cube` for this catalogue and request"#,
        r#"tạo lại các khối số liệu bằng `gds cube` cho danh mục chỉ tiêu và yêu cầu này"#,
    ),
    (
        r#"no cube of dataset {} in the cube folder"#,
        r#"thư mục khối số liệu không có khối nào của tập dữ liệu {1}"#,
    ),
    (
        r#"no cube of dataset {} holds what {} needs (its filters, its sums and the breakdowns {})"#,
        r#"không khối nào của tập dữ liệu {1} có đủ những gì {2} cần (bộ lọc, các tổng và các chiều phân tổ {3})"#,
    ),
    (r#"no indicator {id:?} in the catalogue"#, r#"danh mục không có chỉ tiêu {1}"#),
    (r#"no theme {t:?} in the catalogue"#, r#"danh mục không có chủ đề {1}"#),
    (r#"the periods {} mix {}"#, r#"các kỳ {1} trộn lẫn {2}"#),
    (r#"no dataset has a breakdown {b:?}"#, r#"không tập dữ liệu nào có chiều phân tổ {1}"#),
    (r#"unknown indicator {}"#, r#"không có chỉ tiêu {1}"#),
    (r#"screening column {:?}: no values read"#, r#"kiểm tra cột {1}: không đọc được giá trị nào"#),
    (
        r#"{}: published estimates cannot be mapped to the units of another date (--as-of)"#,
        r#"{1}: ước lượng đã công bố không chuyển được sang các đơn vị của một ngày khác (--as-of)"#,
    ),
    (r#"{}: two estimates of {} for {} {} {:?}"#, r#"{1}: hai ước lượng của {2} cho {3} {4} {5}"#),
    // Forms and layouts.
    (r#"cannot open the workbook: {e}"#, r#"không mở được tệp Excel: {1}"#),
    (
        r#"this workbook is not a gds form (it has no {ID_SHEET} sheet)"#,
        r#"tệp này không phải biểu mẫu do gds tạo (không có trang {1})"#,
    ),
    (r#"there is no header on row {h}"#, r#"dòng {1} không có tiêu đề"#),
    (r#"the table has no data rows"#, r#"biểu không có dòng số liệu nào"#),
    (r#"the table has no header row"#, r#"biểu không có dòng tiêu đề"#),
    (
        r#"the row has a value in column {}, but column-names names {} column(s)"#,
        r#"dòng có giá trị ở cột {1}, nhưng column-names chỉ đặt tên {2} cột"#,
    ),
    (r#"the header has two columns named {name:?}"#, r#"dòng tiêu đề có hai cột cùng tên {1}"#),
    (
        r#"derive = {{ {column} = ... }}: the table has no column {column:?}"#,
        r#"derive = {{ {1} = ... }}: biểu không có cột {2}"#,
    ),
    (
        r#"{column} {code} would be {total} − {rest} = {x}: the parts exceed the total"#,
        r#"{1} {2} sẽ bằng {3} − {4} = {5}: các phần lớn hơn tổng số"#,
    ),
    (r#"wide: pattern {p:?} cannot be used: {e}"#, r#"wide: không dùng được mẫu {1}: {2}"#),
    (
        r#"wide: no column of the header matches the pattern {p:?}"#,
        r#"wide: không cột nào của dòng tiêu đề khớp với mẫu {1}"#,
    ),
    (r#"wide: the header has no column {header:?}"#, r#"wide: dòng tiêu đề không có cột {1}"#),
    (
        r#"wide: the table has a column {n:?} besides the wide columns that give it"#,
        r#"wide: biểu có cột {1} bên cạnh các cột ngang cũng cho giá trị đó"#,
    ),
    // The project file.
    (r#"[[sources]] {}: {message}"#, r#"[[sources]] {1}: {2}"#),
    (
        r#"table = "estimates" needs the indicator the estimates are of"#,
        r#"table = "estimates" cần chỉ tiêu mà các ước lượng thuộc về"#,
    ),
    (r#"indicator = {i:?} is not in the catalogue"#, r#"indicator = {1} không có trong danh mục chỉ tiêu"#),
    (
        r#"indicator = {i:?} is computed from other results, not estimated from a survey"#,
        r#"indicator = {1} được tính từ các kết quả khác, không ước lượng từ điều tra"#,
    ),
    (
        r#"indicator {i:?} is not computed from dataset {dataset:?}"#,
        r#"chỉ tiêu {1} không được tính từ tập dữ liệu {2}"#,
    ),
    (
        r#"table = "estimates" needs the column of the estimates"#,
        r#"table = "estimates" cần cột chứa các ước lượng"#,
    ),
    (
        r#"a table of estimates needs its standard errors or its numbers of observations"#,
        r#"biểu ước lượng cần sai số chuẩn hoặc số quan sát"#,
    ),
    (
        r#"wide and derive apply to tables of counts, not of estimates"#,
        r#"wide và derive dùng cho biểu đếm, không dùng cho biểu ước lượng"#,
    ),
    (r#"cannot read the project file: {e}"#, r#"không đọc được tệp dự án: {1}"#),
    (r#"schema-version {} is not supported"#, r#"không hỗ trợ schema-version {1}"#),
    (r#"path {:?} leaves the project folder"#, r#"đường dẫn {1} ra ngoài thư mục dự án"#),
    (r#"{:?}: unknown file format {ext:?}"#, r#"{1}: không nhận ra định dạng tệp {2}"#),
    (
        r#"data file {:?} is a symbolic link that leads nowhere (or to itself)"#,
        r#"tệp dữ liệu {1} là liên kết tượng trưng không dẫn tới đâu (hoặc dẫn tới chính nó)"#,
    ),
    (r#"data file {:?} does not exist"#, r#"tệp dữ liệu {1} không tồn tại"#),
    (
        r#"data file {:?} is {what}, listed twice: it would be counted twice"#,
        r#"tệp dữ liệu {1} là {2}, được khai hai lần: số liệu sẽ bị tính hai lần"#,
    ),
    (r#"data file {:?} {why}"#, r#"tệp dữ liệu {1} {2}"#),
    (
        r#"{key} is set, but {:?} is not a file it applies to: {why}"#,
        r#"đã đặt {1}, nhưng khóa này không áp dụng cho {2}: {3}"#,
    ),
    (r#"delimiter {d:?} must be one character"#, r#"delimiter {1} phải là một ký tự"#),
    (
        r#"codes = {{ {col} = ... }}: {col:?} is not a coded column of dataset {:?}"#,
        r#"codes = {{ {1} = ... }}: {2} không phải cột mã của tập dữ liệu {3}"#,
    ),
    (
        r#"codes = {{ {col} = {{ {from:?} = {to:?} }} }}: {to:?} is not a code of {:?}"#,
        r#"codes = {{ {1} = {{ {2} = {3} }} }}: {4} không phải là mã của {5}"#,
    ),
    (r#"rename maps both {other:?} and {from:?} onto {to:?}"#, r#"rename đổi cả {1} và {2} thành {3}"#),
    (r#"encoding {e:?} is not supported"#, r#"không hỗ trợ bảng mã {1}"#),
    (
        r#"{k} = ... belongs to a table of published estimates"#,
        r#"{1} = ... chỉ dùng cho biểu ước lượng đã công bố"#,
    ),
    (
        r#"table = {other:?} is neither microdata, aggregate nor estimates"#,
        r#"table = {1} không phải microdata, aggregate hay estimates"#,
    ),
    (
        r#"table = "aggregate" for dataset {:?} (one row per unit) needs the column that counts the units of each row"#,
        r#"table = "aggregate" cho tập dữ liệu {1} (mỗi dòng một đơn vị) cần cột đếm số đơn vị của mỗi dòng"#,
    ),
    (
        r#"table = {:?}, but dataset {:?} is declared {}; reading a source against its dataset's kind is not supported"#,
        r#"table = {1}, nhưng tập dữ liệu {2} được khai là {3}; không hỗ trợ đọc một nguồn khác loại với tập dữ liệu của nó"#,
    ),
    (
        r#"weight = {:?}: dataset {:?} has no survey weight"#,
        r#"weight = {1}: tập dữ liệu {2} không có trọng số điều tra"#,
    ),
    (
        r#"count = {:?}: dataset {:?} is not a count table"#,
        r#"count = {1}: tập dữ liệu {2} không phải biểu đếm"#,
    ),
    (
        r#"thousands = {sep:?} is not a thousands separator"#,
        r#"thousands = {1} không phải dấu phân cách hàng nghìn"#,
    ),
    (r#"decimal = {d:?} is not a decimal separator"#, r#"decimal = {1} không phải dấu thập phân"#),
    (
        r#"the thousands and decimal separators are the same"#,
        r#"dấu phân cách hàng nghìn và dấu thập phân trùng nhau"#,
    ),
    (
        r#"missing = [{t:?}]: a missing-value token is a non-empty text without surrounding spaces"#,
        r#"missing = [{1}]: ký hiệu thiếu số liệu phải là chữ không rỗng, không có dấu cách ở hai đầu"#,
    ),
    (
        r#"pad = {{ {c} = {w} }}: padding applies to a code or area column, with a width of 1 to 20"#,
        r#"pad = {{ {1} = {2} }}: thêm số 0 chỉ áp dụng cho cột mã hoặc cột địa bàn, độ dài từ 1 đến 20"#,
    ),
    (r#"{:?} is not a column of dataset {:?}"#, r#"{1} không phải là cột của tập dữ liệu {2}"#),
    (
        r#"constants = {{ {c} = ... }}: {c:?} is not a column of dataset {:?}"#,
        r#"constants = {{ {1} = ... }}: {2} không phải là cột của tập dữ liệu {3}"#,
    ),
    (
        r#"year-of-birth gives the age from the period: set period = <year> for this file (and bind it to a dataset with an age)"#,
        r#"year-of-birth tính tuổi từ kỳ: đặt period = <năm> cho tệp này (và gắn tệp với một tập dữ liệu có tuổi)"#,
    ),
    (
        r#"derive = {{ {c} = ... }}: cells are derived in a count table, for one of its code columns"#,
        r#"derive = {{ {1} = ... }}: chỉ suy ra ô trong biểu đếm, cho một cột mã của biểu"#,
    ),
    (r#"wide: {d:?} is not a column of dataset {:?}"#, r#"wide: {1} không phải là cột của tập dữ liệu {2}"#),
    // A plain literal whose braces read as two placeholders: they come back as written.
    (
        r#"wide: give either columns = { "<header>" = { <column> = "<value>" }, ... } or pattern = "<name>_{<column>}""#,
        r#"wide: khai hoặc columns = {1}, ... } hoặc pattern = "<name>_{2}""#,
    ),
    (
        r#"wide: which column do the cells hold? dataset {:?} has no count column"#,
        r#"wide: các ô chứa cột nào? tập dữ liệu {1} không có cột số đếm"#,
    ),
    (r#"calendar = {c:?} is not a reporting calendar"#, r#"calendar = {1} không phải là lịch báo cáo"#),
    (r#"{key} = {rel:?}: the {what} leaves the project folder"#, r#"{1} = {2}: {3} nằm ngoài thư mục dự án"#),
    (r#"{key} = {rel:?}: the {what} does not exist"#, r#"{1} = {2}: {3} không tồn tại"#),
    (r#"{key} = {rel:?}: the {what} {why}"#, r#"{1} = {2}: {3} {4}"#),
    (r#"cannot read the {what}: {e}"#, r#"không đọc được {1}: {2}"#),
    (r#"the area list has no column {need:?}"#, r#"danh mục địa bàn không có cột {1}"#),
    (r#"an area needs a code and a level"#, r#"mỗi địa bàn cần có mã và cấp"#),
    (r#"cannot parse the row: {e}"#, r#"không phân tích được dòng: {1}"#),
    (r#"the area list has no areas"#, r#"danh mục địa bàn không có địa bàn nào"#),
    (r#"the crosswalk has no column {}"#, r#"bảng chuyển đổi không có cột {1}"#),
    (r#"the crosswalk row has no {k:?} code"#, r#"dòng của bảng chuyển đổi không có mã {1}"#),
    // Readers.
    (r#"the file is {kind}-compressed, not text"#, r#"tệp được nén {1}, không phải văn bản"#),
    (r#"path {} is not UTF-8"#, r#"đường dẫn {1} không phải UTF-8"#),
    (r#"cannot open: {e}"#, r#"không mở được: {1}"#),
    (r#"cannot read: {e}"#, r#"không đọc được: {1}"#),
    (r#"the file holds zero bytes: it is not text"#, r#"tệp rỗng (0 byte): không phải văn bản"#),
    (
        r#"encoding = {:?} is set, but the file is already UTF-8 text; converting it would garble every Vietnamese letter"#,
        r#"đã đặt encoding = {1}, nhưng tệp đã là văn bản UTF-8; chuyển mã sẽ làm hỏng mọi chữ tiếng Việt"#,
    ),
    (r#"cannot create a temporary file: {e}"#, r#"không tạo được tệp tạm: {1}"#),
    (r#"cannot convert: {e}"#, r#"không chuyển mã được: {1}"#),
    (
        r#"the file is not UTF-8 text, and its encoding is not one gds recognises"#,
        r#"tệp không phải văn bản UTF-8, và gds không nhận ra bảng mã của tệp"#,
    ),
    (r#"cannot read the line: {e}"#, r#"không đọc được dòng: {1}"#),
    (r#"the workbook has no sheet"#, r#"tệp Excel không có trang nào"#),
    (r#"no sheet {sheet:?}"#, r#"không có trang {1}"#),
    (r#"cannot read sheet {sheet:?}: {e}"#, r#"không đọc được trang {1}: {2}"#),
    (r#"the file is empty"#, r#"tệp trống"#),
    (
        r#"lines end in CR only (old Mac line endings), so the whole file reads as one line"#,
        r#"các dòng chỉ kết thúc bằng CR (kiểu Mac cũ), nên cả tệp bị đọc thành một dòng"#,
    ),
    (r#"the CSV cannot be parsed: {e}"#, r#"không phân tích được tệp CSV: {1}"#),
    (
        r#"the header names column {name:?} twice (field {})"#,
        r#"dòng tiêu đề có tên cột {1} hai lần (trường {2})"#,
    ),
    (r#"the file has no header row"#, r#"tệp không có dòng tiêu đề"#),
    (
        r#"{} and {} hold the same records ({} keys in both, first: {}); they would be counted twice"#,
        r#"{1} và {2} chứa cùng các bản ghi ({3} khóa có ở cả hai, đầu tiên: {4}); số liệu sẽ bị tính hai lần"#,
    ),
    (
        r#"the total row {:?}{what} says {total}, but the rows it totals sum to {sum}: a row is missing, counted twice or wrong"#,
        r#"dòng tổng {1}{2} ghi {3}, nhưng các dòng thành phần cộng lại bằng {4}: có dòng bị thiếu, tính hai lần hoặc sai"#,
    ),
    (
        r#"cell {cell} (row {row}) holds the number {value:?} where a code of {:?} (text) is expected"#,
        r#"ô {1} (dòng {2}) chứa số {3} ở chỗ cần một mã {4} (dạng chữ)"#,
    ),
    // Outputs.
    (
        r#"it is a file, not a folder; give a folder for the report package"#,
        r#"đây là một tệp, không phải thư mục; hãy cho một thư mục để ghi bộ báo cáo"#,
    ),
    (
        r#"the folder already holds other files ({}); the package replaces the folder as a whole, so choose a new or empty folder"#,
        r#"thư mục đã có các tệp khác ({1}); bộ báo cáo thay thế cả thư mục, nên hãy chọn một thư mục mới hoặc trống"#,
    ),
    (r#"cannot create a folder beside it: {e}"#, r#"không tạo được thư mục bên cạnh: {1}"#),
    (
        r#"{}: the file is {kind}-compressed, not a results table"#,
        r#"{1}: tệp được nén {2}, không phải bảng kết quả"#,
    ),
    (r#"cannot read results from {}"#, r#"không đọc được kết quả từ {1}"#),
    (r#"cannot write {path}: {message}"#, r#"không ghi được {1}: {2}"#),
    // The command line.
    (r#"--on {d:?} is not a date"#, r#"--on {1} không phải là ngày"#),
    (r#"--as-of {d:?} is not a date"#, r#"--as-of {1} không phải là ngày"#),
    (r#"unknown chart kind {k:?}"#, r#"không có loại biểu đồ {1}"#),
    (r#"unknown level {:?}"#, r#"cấp {1} không có trong danh mục cấp hành chính"#),
    (r#"confidence {} must be between 0.5 and 1"#, r#"độ tin cậy {1} phải nằm trong khoảng 0,5 đến 1"#),
    (r#"no area of the project is at level {level:?}"#, r#"dự án không có địa bàn nào ở cấp {1}"#),
    (r#"{}: the output would {} the input {}"#, r#"{1}: kết quả ghi ra sẽ {2} tệp đầu vào {3}"#),
    (r#"unknown format {f:?}"#, r#"không có định dạng {1}"#),
    (r#"cannot tell the format of {}"#, r#"không xác định được định dạng của {1}"#),
    (
        r#"{}: these cubes were built with --force from data that fail their checks; nothing was computed"#,
        r#"{1}: các khối số liệu này được tạo bằng --force từ số liệu không qua kiểm tra; không tính chỉ tiêu nào"#,
    ),
    (r#"{} is a file of the project {}"#, r#"{1} là một tệp của dự án {2}"#),
    (
        r#"{} form file(s) are already in {} ({}{}): forms may be filled in, and their gds.toml edited"#,
        r#"đã có {1} tệp biểu mẫu trong {2} ({3}{4}): biểu có thể đã được điền, và gds.toml của chúng đã được sửa"#,
    ),
    (r#"unknown theme {t:?}"#, r#"không có chủ đề {1}"#),
    (r#"unknown framework {f:?}"#, r#"không có bộ chỉ tiêu {1}"#),
    (
        r#"the catalogue in {from} is invalid; run `gds indicators check` for details"#,
        r#"danh mục chỉ tiêu trong {1} không hợp lệ; chạy `gds indicators check` để xem chi tiết"#,
    ),
    (r#"the project has no data for {}"#, r#"dự án không có số liệu cho {1}"#),
    (r#"cannot build {}: {e}"#, r#"không tạo được {1}: {2}"#),
    (
        r#"{} already holds a report ({f}); gds does not replace it silently"#,
        r#"{1} đã có một báo cáo ({2}); gds không tự ý thay thế"#,
    ),
    (r#"cannot read {}: {e}"#, r#"không đọc được {1}: {2}"#),
    (
        r#"{} holds the {} report of other results (its results.csv differs from these: another period, level, project or data)"#,
        r#"{1} có báo cáo {2} của kết quả khác (results.csv khác: kỳ, cấp, dự án hoặc số liệu khác)"#,
    ),
    (
        r#"the data hold no period that has ended (periods: {}; today is {today})"#,
        r#"số liệu không có kỳ nào đã kết thúc (các kỳ: {1}; hôm nay là {2})"#,
    ),
    (
        r#"{} problem(s) in the data of {}; nothing was computed or written"#,
        r#"{1} lỗi trong số liệu của {2}; không tính và không ghi gì"#,
    ),
    (r#"unknown dialect {:?}"#, r#"không có phương ngữ SQL {1}"#),
    (r#"the plan reads no dataset {d:?}"#, r#"kế hoạch tính không đọc tập dữ liệu {1}"#),
    (r#"{s:?} is not a period"#, r#"{1} không phải là kỳ"#),
    (
        r#"internal error in gds (a bug, please report it): {info}"#,
        r#"lỗi nội bộ của gds (một lỗi phần mềm, xin báo lại): {1}"#,
    ),
    (r#"internal error in gds: {e:#}"#, r#"lỗi nội bộ của gds: {1}"#),
    // Wrappers: the inner message is translated on its own.
    (r#"{}: {message}"#, r#"{1}: {2}"#),
    (r#"{package}: {e}"#, r#"{1}: {2}"#),
    (r#"{}: {e}"#, r#"{1}: {2}"#),
    (r#"{}{near}"#, r#"{1}{2}"#),
];

/// What gds says while it works and when it is done: progress labels, notes and the closing
/// line of each command. Each is the English format string as written where it is said.
const NOTICES: &[(&str, &str)] = &[
    // Progress.
    (r#"scanning {} for {}"#, r#"đang đọc {1} cho {2}"#),
    (r#"scanning {}"#, r#"đang đọc {1}"#),
    (
        r#"checking that the sources of {} do not overlap"#,
        r#"đang kiểm tra các nguồn của {1} không trùng nhau"#,
    ),
    (r#"checking {}"#, r#"đang kiểm tra {1}"#),
    (r#"building cubes"#, r#"đang lập các khối số liệu"#),
    (r#"tables: {}, results.csv, results.parquet"#, r#"bảng: {1}, results.csv, results.parquet"#),
    (r#"charts"#, r#"biểu đồ"#),
    (r#"documents: {}, {}"#, r#"văn bản: {1}, {2}"#),
    (r#"persons {}"#, r#"nhân khẩu {1}"#),
    (r#"events {}"#, r#"sự kiện {1}"#),
    (r#"{}: cube of {} from {} ({} cells, {} s)"#, r#"{1}: khối số liệu {2} từ {3} ({4} ô, {5} s)"#),
    (r#"engine: {}"#, r#"máy tính toán: {1}"#),
    (
        r#"period: {} ({}: the latest complete period in the data; --period chooses another)"#,
        r#"kỳ báo cáo: {1} ({2}: kỳ đầy đủ gần nhất trong dữ liệu; --period để chọn kỳ khác)"#,
    ),
    // Notes.
    (r#"no chart for {}"#, r#"không có biểu đồ cho {1}"#),
    (r#"no form for {}: {}"#, r#"không có biểu mẫu cho {1}: {2}"#),
    (r#"{}; its cube is not in this SQL"#, r#"{1}; khối số liệu của nó không có trong câu SQL này"#),
    (r#"{}; gds's own engine computed its cube"#, r#"{1}; máy tính toán của gds đã tính khối số liệu này"#),
    (r#"{} is {}, which polars reads"#, r#"{1} là {2}, do polars đọc"#),
    (r#"{} has {}, which polars reads"#, r#"{1} có {2}, do polars đọc"#),
    (r#"an Excel workbook"#, r#"một tệp Excel"#),
    (r#"an Arrow IPC file"#, r#"một tệp Arrow IPC"#),
    (
        r#"a layout (title rows, merged headers, wide table)"#,
        r#"bố cục riêng (dòng tiêu đề, tiêu đề gộp ô, bảng ngang)"#,
    ),
    (r#"a declared encoding"#, r#"bảng mã khai báo riêng"#),
    (r#"a header row other than the first"#, r#"dòng tiêu đề không phải dòng đầu tiên"#),
    (r#"missing-value tokens"#, r#"ký hiệu giá trị thiếu"#),
    (r#"ages from the year of birth"#, r#"tuổi tính từ năm sinh"#),
    (r#"constant columns"#, r#"cột hằng"#),
    (r#"a count column over a dataset of units"#, r#"cột số đếm trên tập dữ liệu đơn vị"#),
    (r#"group columns standing in for single values"#, r#"cột nhóm thay cho giá trị đơn"#),
    (r#"a yes/no column derived from a code column"#, r#"cột có/không suy ra từ cột mã"#),
    (r#"it has no period or no area column"#, r#"không có cột kỳ hoặc cột địa bàn"#),
    (r#"it has no count column"#, r#"không có cột số đếm"#),
    (r#"its key {} is not a column"#, r#"khóa {1} không phải là một cột"#),
    (r#"its key {} is not a code with a code list"#, r#"khóa {1} không phải là mã có danh mục"#),
    (r#"its key {} has no code list"#, r#"khóa {1} không có danh mục mã"#),
    (
        r#"its sex code list is not exactly the total, M and F (a form checks Nam + Nữ = Tổng số)"#,
        r#"danh mục giới tính không đúng gồm tổng số, M và F (biểu mẫu kiểm tra Nam + Nữ = Tổng số)"#,
    ),
    (r#"its column {} is neither a key nor its count"#, r#"cột {1} không phải khóa cũng không phải số đếm"#),
    (r#"its column {} has no code list"#, r#"cột {1} không có danh mục mã"#),
    (
        r#"its column {} is of type {}, which a form cannot ask for"#,
        r#"cột {1} có kiểu {2}, biểu mẫu không hỏi được"#,
    ),
    (r#"it has no column a unit fills"#, r#"không có cột nào do đơn vị điền"#),
    (
        r#"WARNING: --force: publishing from data that FAILED {} check(s); every result computed from an affected dataset is marked "unverified" with the reason, and the report's data-quality annex lists every problem"#,
        r#"CẢNH BÁO: --force: công bố từ dữ liệu KHÔNG ĐẠT {1} kiểm tra; mọi kết quả tính từ tập dữ liệu bị ảnh hưởng được đánh dấu "chưa kiểm chứng" kèm lý do, và phụ lục chất lượng dữ liệu của báo cáo liệt kê mọi vấn đề"#,
    ),
    // Closing lines.
    (
        r#"wrote {}: {}, {}, {}, results.csv, results.parquet, {} charts ({} rows; {} findings in the data-quality annex){}"#,
        r#"đã ghi {1}: {2}, {3}, {4}, results.csv, results.parquet, {5} biểu đồ ({6} dòng; {7} phát hiện trong phụ lục chất lượng dữ liệu){8}"#,
    ),
    (r#"; kept beside them: {}"#, r#"; giữ lại bên cạnh: {1}"#),
    (r#"wrote {} charts ({} files) to {}"#, r#"đã ghi {1} biểu đồ ({2} tệp) vào {3}"#),
    (r#"wrote {} ({} cubes, {} cells, in {} s)"#, r#"đã ghi {1} ({2} khối số liệu, {3} ô, trong {4} s)"#),
    (
        r#"wrote {} ({} rows, {} indicators; {} skipped)"#,
        r#"đã ghi {1} ({2} dòng, {3} chỉ tiêu; bỏ qua {4})"#,
    ),
    (
        r#"wrote {} form(s) in {} — {} — version {}; read them back with: gds validate {}"#,
        r#"đã ghi {1} biểu mẫu vào {2} — {3} — phiên bản {4}; đọc lại bằng: gds validate {5}"#,
    ),
    (
        r#"wrote {} files ({} MB) to {} in {} s: {} persons, {} labour-force records, {} births, {} deaths — SYNTHETIC data (seed {})"#,
        r#"đã ghi {1} tệp ({2} MB) vào {3} trong {4} s: {5} nhân khẩu, {6} bản ghi lực lượng lao động, {7} ca sinh, {8} ca tử vong — dữ liệu GIẢ LẬP (hạt giống {9})"#,
    ),
    (r#"wrote {}"#, r#"đã ghi {1}"#),
    (
        r#"{}: no area list (areas = "areas.csv" in gds.toml)"#,
        r#"{1}: không có danh mục địa bàn (areas = "areas.csv" trong gds.toml)"#,
    ),
    (
        r#"{}: OK — {} indicators ({} computable, {} with a verified official code), {} datasets, {} code lists"#,
        r#"{1}: ĐẠT — {2} chỉ tiêu ({3} tính được, {4} có mã chính thức đã kiểm chứng), {5} tập dữ liệu, {6} danh mục mã"#,
    ),
    (r#"{}: INVALID"#, r#"{1}: KHÔNG HỢP LỆ"#),
    (r#"embedded catalogue"#, r#"bộ chỉ tiêu có sẵn"#),
];

/// The indicator catalogue's own errors (`gds indicators check`, a `--catalogue` folder): for
/// the methodologists who write the definition files.
const DEFINITIONS: &[(&str, &str)] = &[
    (
        r#"by-sex = true, but dataset {:?} of `{key}` has no sex column"#,
        r#"by-sex = true, nhưng tập dữ liệu {1} của `{2}` không có cột giới tính"#,
    ),
    (
        r#"unsupported SQL in filter: `{}` (use comparisons, and/or/not, in, between, is null)"#,
        r#"bộ lọc dùng SQL không được hỗ trợ: `{1}` (dùng phép so sánh, and/or/not, in, between, is null)"#,
    ),
    (
        r#"`{}`: between needs a numeric column and numeric bounds"#,
        r#"`{1}`: between cần một cột số và các cận là số"#,
    ),
    (r#"`{}`: is true/false needs a boolean column"#, r#"`{1}`: is true/false cần một cột có/không"#),
    (
        r#"`{}` is not a boolean column and cannot stand alone as a condition"#,
        r#"`{1}` không phải cột có/không nên không thể đứng một mình làm điều kiện"#,
    ),
    (
        r#"filter names column {}, which the dataset does not declare"#,
        r#"bộ lọc nêu cột {1}, nhưng tập dữ liệu không khai báo cột này"#,
    ),
    (
        r#"`{}` and `{}` have incompatible types in a comparison"#,
        r#"`{1}` và `{2}` có kiểu không so sánh được với nhau"#,
    ),
    (r#"code {} is not in the code list of column {}"#, r#"mã {1} không có trong danh mục mã của cột {2}"#),
    (r#"not UTF-8 text (invalid byte at offset {})"#, r#"không phải văn bản UTF-8 (byte sai ở vị trí {1})"#),
    (r#"unknown {} {}"#, r#"{1} {2} không có trong danh mục"#),
    (
        r#"text is not in Unicode NFC (decomposed Vietnamese marks)"#,
        r#"văn bản chưa ở dạng Unicode NFC (dấu tiếng Việt bị tách rời)"#,
    ),
    (r#"duplicate {} id {}"#, r#"mã định danh {1} {2} bị trùng"#),
    (r#"code list {} is also defined in {}"#, r#"danh mục mã {1} cũng được định nghĩa trong {2}"#),
    (r#"duplicate code {} in code list {}"#, r#"mã {1} bị trùng trong danh mục mã {2}"#),
    (r#"code {}: min {} is above max {}"#, r#"mã {1}: giá trị nhỏ nhất {2} lớn hơn giá trị lớn nhất {3}"#),
    (r#"dataset {} is also defined in {}"#, r#"tập dữ liệu {1} cũng được định nghĩa trong {2}"#),
    (r#"duplicate column {}"#, r#"cột {1} bị trùng"#),
    (r#"column {}: unknown code list {}"#, r#"cột {1}: không có danh mục mã {2}"#),
    (r#"code column {} names no code list"#, r#"cột mã {1} không nêu danh mục mã"#),
    (r#"column {}: decimals = {} (at most 12)"#, r#"cột {1}: decimals = {2} (tối đa 12)"#),
    (r#"column {}: range [{}, {}] is empty"#, r#"cột {1}: khoảng [{2}, {3}] rỗng"#),
    (
        r#"column {}: when-absent applies to boolean columns"#,
        r#"cột {1}: when-absent chỉ dùng cho cột có/không"#,
    ),
    (
        r#"column {}: when-absent needs a declared code column, not {}"#,
        r#"cột {1}: when-absent cần một cột mã đã khai báo, không phải {2}"#,
    ),
    (r#"when-absent: {} is not a code of {}"#, r#"when-absent: {1} không phải là mã của {2}"#),
    (r#"{} {} is not a declared column"#, r#"{1} {2} không phải là cột đã khai báo"#),
    (r#"unknown code list {}"#, r#"không có danh mục mã {1}"#),
    (r#"code list {} has no code in scheme {}"#, r#"danh mục mã {1} không có mã nào theo hệ {2}"#),
    (r#"derived dimension {} has the name of a column"#, r#"chiều phân tổ suy ra {1} trùng tên một cột"#),
    (r#"duplicate indicator id {} (also in {})"#, r#"mã chỉ tiêu {1} bị trùng (cũng có trong {2})"#),
    (r#"indicator id {} is not kebab-case"#, r#"mã chỉ tiêu {1} không viết dạng kebab-case"#),
    (r#"indicator id {} does not match its file name {}"#, r#"mã chỉ tiêu {1} không khớp với tên tệp {2}"#),
    (
        r#"unverified framework {} is not among the indicator's frameworks"#,
        r#"hệ chỉ tiêu chưa kiểm chứng {1} không nằm trong các hệ chỉ tiêu của chỉ tiêu"#,
    ),
    (
        r#"reported-sex is for indicators computed for each sex (rate-by-sex, mean-by-sex, smam)"#,
        r#"reported-sex chỉ dùng cho chỉ tiêu tính theo từng giới tính (rate-by-sex, mean-by-sex, smam)"#,
    ),
    (r#"reference-range [{}, {}] is empty"#, r#"reference-range [{1}, {2}] rỗng"#),
    (
        r#"small-numbers: flag-below {} is below suppress-below {}"#,
        r#"small-numbers: flag-below {1} nhỏ hơn suppress-below {2}"#,
    ),
    (r#"two targets for {}"#, r#"hai mục tiêu cho năm {1}"#),
    (
        r#"targets are inconsistent: {} {} {} then {} {} {}"#,
        r#"các mục tiêu không nhất quán: {1} {2} {3} rồi {4} {5} {6}"#,
    ),
    (
        r#"an indicator with a [measure] cannot also be not-computable"#,
        r#"chỉ tiêu có [measure] thì không thể đồng thời là not-computable"#,
    ),
    (
        r#"indicator has neither [measure] nor not-computable"#,
        r#"chỉ tiêu không có [measure] cũng không có not-computable"#,
    ),
    (
        r#"breakdown "sex" is not available for measure kind {}"#,
        r#"không phân tổ "sex" được với loại phép đo {1}"#,
    ),
    (
        r#"breakdown {} is not a code column or derived dimension of dataset {}"#,
        r#"phân tổ {1} không phải cột mã hay chiều suy ra của tập dữ liệu {2}"#,
    ),
    (
        r#"measure kind {} needs `{} = {{ dataset, filter }}`"#,
        r#"loại phép đo {1} cần `{2} = { dataset, filter }`"#,
    ),
    (
        r#"measure kind {} needs a sex column, and dataset {} has none"#,
        r#"loại phép đo {1} cần cột giới tính, nhưng tập dữ liệu {2} không có"#,
    ),
    (r#"measure kind {} needs `{}`"#, r#"loại phép đo {1} cần `{2}`"#),
    (r#"{} (dataset {})"#, r#"{1} (tập dữ liệu {2})"#),
    (r#"column {} of dataset {} is not numeric"#, r#"cột {1} của tập dữ liệu {2} không phải cột số"#),
    (
        r#"`{}` needs age = "<column>" for age-specific rates"#,
        r#"`{1}` cần age = "<cột>" cho tỷ suất đặc trưng theo tuổi"#,
    ),
    (
        r#"dataset {} needs an area and a period column to be joined"#,
        r#"tập dữ liệu {1} cần cột địa bàn và cột kỳ để ghép nối"#,
    ),
    (r#"scale {} must be a positive number"#, r#"scale {1} phải là số dương"#),
    (
        r#"dataset {} lacks the composite-index columns {}"#,
        r#"tập dữ liệu {1} thiếu các cột của chỉ số tổng hợp {2}"#,
    ),
    (r#"base indicator {} does not exist"#, r#"chỉ tiêu gốc {1} không tồn tại"#),
    (
        r#"base indicator {} (kind {}) cannot carry a {} measure"#,
        r#"chỉ tiêu gốc {1} (loại {2}) không dùng được cho phép đo {3}"#,
    ),
    (r#"unknown field `{}`, expected {}"#, r#"khóa `{1}` không hợp lệ; các khóa được dùng: {2}"#),
    (r#"missing field `{}`"#, r#"thiếu khóa `{1}`"#),
    (r#"{} problem(s) found"#, r#"tìm thấy {1} lỗi"#),
];

/// Hints of the indicator catalogue's errors, and hints made before the call that takes them.
const DEFINITION_HINTS: &[(&str, &str)] = &[
    (
        r#"an event rate by sex needs a sex column on both sides"#,
        r#"tỷ suất theo giới tính cần cột giới tính ở cả tử số và mẫu số"#,
    ),
    (r#"use one of: {}"#, r#"dùng một trong: {1}"#),
    (
        r#"remove the key or fix its spelling; keys are kebab-case (see indicators/README.md)"#,
        r#"bỏ khóa này hoặc sửa chính tả; khóa viết dạng kebab-case (xem indicators/README.md)"#,
    ),
    (
        r#"add the required key (see indicators/README.md)"#,
        r#"thêm khóa bắt buộc (xem indicators/README.md)"#,
    ),
    (r#"fix the TOML syntax"#, r#"sửa cú pháp TOML"#),
    (r#"run `gds indicators list` to see the ids"#, r#"chạy `gds indicators list` để xem các mã chỉ tiêu"#),
    (
        r#"{} Add rename = {{ "<file column>" = "{}" }} to this source in gds.toml"#,
        r#"{1} Thêm rename = { "<cột trong tệp>" = "{2}" } vào nguồn này trong gds.toml"#,
    ),
    (r#"the file {} has: {}"#, r#"tệp {1} có: {2}"#),
    (r#"the file has: {}"#, r#"tệp có: {1}"#),
    (r#"codes of {}: {}"#, r#"các mã của {1}: {2}"#),
    (r#"levels: {}"#, r#"các cấp: {1}"#),
    (r#"sheets: {}"#, r#"các trang tính: {1}"#),
    (
        r#"add the parent to the area list, or correct the code"#,
        r#"thêm địa bàn cấp trên vào danh mục địa bàn, hoặc sửa mã"#,
    ),
    (r#"add {} to the area list ({})"#, r#"thêm {1} vào danh mục địa bàn ({2})"#),
    (
        r#"convert the file to Unicode (UTF-8) first, e.g. with Unikey's converter (from TCVN3 or VNI), then save as CSV UTF-8"#,
        r#"chuyển tệp sang Unicode (UTF-8) trước, ví dụ bằng công cụ chuyển mã của Unikey (từ TCVN3 hoặc VNI), rồi lưu dạng CSV UTF-8"#,
    ),
    (
        r#"convert the file to Unicode (UTF-8) first, e.g. with Unikey's converter from {}, then save as CSV UTF-8"#,
        r#"chuyển tệp sang Unicode (UTF-8) trước, ví dụ bằng công cụ chuyển mã của Unikey từ {1}, rồi lưu dạng CSV UTF-8"#,
    ),
    (
        r#"a quote (") opened on this line is never closed; close it or remove it"#,
        r#"dấu nháy kép (") mở ở dòng này không được đóng; hãy đóng hoặc bỏ nó"#,
    ),
    (
        r#"a value contains the delimiter: quote it ("1,5"), or check the delimiter"#,
        r#"một giá trị chứa dấu phân cách: đặt nó trong nháy kép ("1,5"), hoặc kiểm tra dấu phân cách"#,
    ),
    (
        r#"the row is short: a value is missing or the row was cut"#,
        r#"dòng bị thiếu: thiếu một giá trị hoặc dòng bị cắt"#,
    ),
    (r#"check the path given with --catalogue"#, r#"kiểm tra đường dẫn đưa vào --catalogue"#),
    (r#"save definition files as UTF-8"#, r#"lưu các tệp định nghĩa dưới dạng UTF-8"#),
    (
        r#"re-save the file with NFC normalisation (e.g. `uconv -x any-nfc`)"#,
        r#"lưu lại tệp ở dạng chuẩn hóa NFC (ví dụ `uconv -x any-nfc`)"#,
    ),
    (r#"code list ids must be unique"#, r#"mã danh mục phải là duy nhất"#),
    (r#"add codelist = "...""#, r#"thêm codelist = "...""#),
    (r#"ids must be unique across the catalogue"#, r#"mã định danh phải là duy nhất trong toàn bộ chỉ tiêu"#),
    (r#"use lowercase letters, digits and '-'"#, r#"dùng chữ thường, chữ số và dấu '-'"#),
    (r#"rename the file to {}.toml"#, r#"đổi tên tệp thành {1}.toml"#),
    (r#"list it in frameworks too, or remove it here"#, r#"liệt kê nó trong frameworks, hoặc bỏ nó ở đây"#),
    (
        r#"remove it: this indicator has one value per area already"#,
        r#"bỏ đi: chỉ tiêu này đã có một giá trị cho mỗi địa bàn"#,
    ),
    (r#"write [low, high]"#, r#"viết [thấp, cao]"#),
    (r#"flag-below must be ≥ suppress-below"#, r#"flag-below phải ≥ suppress-below"#),
    (
        r#"a later target must point the same way and be at least as strict"#,
        r#"mục tiêu sau phải cùng chiều và ít nhất chặt bằng mục tiêu trước"#,
    ),
    (r#"remove one of them"#, r#"bỏ một trong hai"#),
    (
        r#"^add a \[measure\], or say why it cannot be computed in not-computable = (.*)$"#,
        r#"thêm [measure], hoặc ghi lý do không tính được trong not-computable = {1}"#,
    ),
    (
        r#"sex-specific results come from rate-by-sex, mean-by-sex, count or smam"#,
        r#"kết quả theo giới tính đến từ rate-by-sex, mean-by-sex, count hoặc smam"#,
    ),
    (r#"add {} = ... under [measure]"#, r#"thêm {1} = ... dưới [measure]"#),
    (
        r#"derived gender measures need a rate-by-sex or mean-by-sex base (pay-gap: mean-by-sex)"#,
        r#"phép đo giới suy ra cần chỉ tiêu gốc rate-by-sex hoặc mean-by-sex (pay-gap: mean-by-sex)"#,
    ),
];

/// English reasons that other messages are built around.
const FRAGMENTS: &[(&str, &str)] = &[
    (r#"is a link that leads outside the project folder"#, r#"là liên kết dẫn ra ngoài thư mục dự án"#),
    (r#"is not a file"#, r#"không phải là tệp"#),
    (r#"cannot be resolved: {e}"#, r#"không xác định được: {1}"#),
    (r#"sheet {sh:?} of the same file as {other:?}"#, r#"trang {1} của cùng tệp với {2}"#),
    (r#"the same file as {other:?}"#, r#"cùng tệp với {1}"#),
    (r#"sheet applies to Excel workbooks only"#, r#"sheet chỉ dùng cho tệp Excel"#),
    (
        r#"header-row applies to CSV files and Excel sheets only"#,
        r#"header-row chỉ dùng cho tệp CSV và trang Excel"#,
    ),
    (
        r#"column-names applies to CSV files and Excel sheets only"#,
        r#"column-names chỉ dùng cho tệp CSV và trang Excel"#,
    ),
    (
        r#"column-names is for a file without a header: leave out header-row and header-rows"#,
        r#"column-names dành cho tệp không có tiêu đề: bỏ header-row và header-rows"#,
    ),
    (r#"delimiter applies to CSV files only"#, r#"delimiter chỉ dùng cho tệp CSV"#),
    (
        r#"encoding applies to CSV files only (workbooks and Parquet are always Unicode)"#,
        r#"encoding chỉ dùng cho tệp CSV (tệp Excel và Parquet luôn là Unicode)"#,
    ),
    (r#"reading the columns of {}"#, r#"đọc các cột của {1}"#),
    (r#"reading the periods of {}"#, r#"đọc các kỳ của {1}"#),
    (r#"reading the {} column of {}"#, r#"đọc cột {1} của {2}"#),
    (r#"computing over dataset {}"#, r#"tính trên tập dữ liệu {1}"#),
    (r#"combining the sources of {dataset}"#, r#"gộp các nguồn của {1}"#),
    (r#"reading {}"#, r#"đọc {1}"#),
    (r#"area list"#, r#"danh mục địa bàn"#),
    (r#"crosswalk"#, r#"bảng chuyển đổi"#),
    (r#"replace the folder that holds"#, r#"thay thế thư mục chứa"#),
    (r#"overwrite"#, r#"ghi đè lên"#),
];

/// The hints of [`ERRORS`].
const ERROR_HINTS: &[(&str, &str)] = &[
    (
        r#"export the table to a file (CSV or Parquet) and give its path; relations hold records"#,
        r#"xuất biểu ra tệp (CSV hoặc Parquet) và cho đường dẫn của nó; quan hệ chỉ dùng cho dữ liệu từng bản ghi"#,
    ),
    (
        r#"give path = "<file>" (relative to gds.toml), or relation = "<table>" for a table of the SQL engine"#,
        r#"ghi path = "<tệp>" (tính từ thư mục của gds.toml), hoặc relation = "<bảng>" cho một bảng của bộ máy SQL"#,
    ),
    (
        r#"keep one returned form per unit in the folder"#,
        r#"mỗi đơn vị chỉ giữ một biểu đã điền trong thư mục"#,
    ),
    (
        r#"run the command with --engine spark (or --engine duckdb) where the relation lives"#,
        r#"chạy lệnh với --engine spark (hoặc --engine duckdb), nơi có quan hệ đó"#,
    ),
    (
        r#"remove {key} = ... from this source, or give a file's path instead of the relation"#,
        r#"bỏ {1} = ... khỏi nguồn này, hoặc cho đường dẫn một tệp thay cho quan hệ"#,
    ),
    (
        r#"give the relation the dataset's own columns (a view in the engine), or export it to a file"#,
        r#"cho quan hệ đúng các cột của tập dữ liệu (một view trong bộ máy), hoặc xuất nó ra tệp"#,
    ),
    (
        r#"its columns: {}; map one onto it with rename = {{ ... }}"#,
        r#"các cột của nó: {1}; ánh xạ một cột vào bằng rename = {{ ... }}"#,
    ),
    (
        r#"run `gds compute --engine spark --explain` (or duckdb) to see the queries sent"#,
        r#"chạy `gds compute --engine spark --explain` (hoặc duckdb) để xem các truy vấn đã gửi"#,
    ),
    (
        r#"declare fewer decimals for the weight or value column in the dataset file"#,
        r#"khai ít chữ số thập phân hơn cho cột trọng số hoặc cột giá trị trong tệp tập dữ liệu"#,
    ),
    (
        r#"give the table by single {} (or by groups the indicator's filter does not split)"#,
        r#"cho biểu theo từng {1} (hoặc theo các nhóm mà bộ lọc của chỉ tiêu không chia tách)"#,
    ),
    (
        r#"fix the value of {column:?} in the file; a table of weighted estimates is not a count table"#,
        r#"sửa giá trị của {1} trong tệp; biểu ước lượng có trọng số không phải biểu đếm"#,
    ),
    (
        r#"declare decimals = <places> for column {column:?} in the dataset's definition (a catalogue folder given with --catalogue), or round the values in the file"#,
        r#"khai decimals = <số chữ số> cho cột {1} trong định nghĩa tập dữ liệu (thư mục danh mục cho bằng --catalogue), hoặc làm tròn các giá trị trong tệp"#,
    ),
    (r#"compute without --naive"#, r#"tính không dùng --naive"#),
    (
        r#"compute six-month and quarterly periods without --naive"#,
        r#"tính kỳ 6 tháng và kỳ quý không dùng --naive"#,
    ),
    (
        r#"install it for that Python (`{python} -m pip install {package}`), or set GDS_PYTHON to a Python that has it"#,
        r#"cài gói cho Python đó (`{1} -m pip install {2}`), hoặc đặt GDS_PYTHON là một Python đã có gói"#,
    ),
    (
        r#"rebuild the folder with `gds cube PROJECT --out DIR`"#,
        r#"tạo lại thư mục bằng `gds cube DỰ_ÁN --out THƯ_MỤC`"#,
    ),
    (
        r#"rebuild the cubes with `gds cube` for this catalogue and request"#,
        r#"tạo lại các khối số liệu bằng `gds cube` cho danh mục chỉ tiêu và yêu cầu này"#,
    ),
    (
        r#"rebuild the cubes with `gds cube PROJECT --by ... --out DIR` for this request"#,
        r#"tạo lại các khối số liệu bằng `gds cube DỰ_ÁN --by ... --out THƯ_MỤC` cho yêu cầu này"#,
    ),
    (
        r#"ask for periods of one kind at a time (--period 2023,2024 or --period 2023-H1,2024-H1)"#,
        r#"mỗi lần chỉ yêu cầu một loại kỳ (--period 2023,2024 hoặc --period 2023-H1,2024-H1)"#,
    ),
    (
        r#"return the form as gds forms wrote it (.xlsx or .ods)"#,
        r#"gửi lại biểu đúng như gds forms đã tạo (.xlsx hoặc .ods)"#,
    ),
    (r#"set header-row in gds.toml"#, r#"đặt header-row trong gds.toml"#),
    (
        r#"name every column in column-names ("" for one to leave out)"#,
        r#"đặt tên mọi cột trong column-names ("" cho cột bỏ qua)"#,
    ),
    (
        r#"give every column its own name, or set header-row (and header-rows) to the rows that have them"#,
        r#"đặt cho mỗi cột một tên riêng, hoặc đặt header-row (và header-rows) là các dòng có tên cột"#,
    ),
    (r#"the table has: {}"#, r#"biểu có: {1}"#),
    (r#"correct the total or its parts"#, r#"sửa số tổng hoặc các phần của nó"#),
    (r#"the header has: {}"#, r#"dòng tiêu đề có: {1}"#),
    (
        r#"rename the table's column, or leave it out of wide"#,
        r#"đổi tên cột của biểu, hoặc bỏ cột đó ra khỏi wide"#,
    ),
    (r#"add indicator = "<id>" (gds indicators list)"#, r#"thêm indicator = "<mã>" (gds indicators list)"#),
    (
        r#"give the estimates of its base indicator (a rate by sex, a share, a mean)"#,
        r#"cho ước lượng của chỉ tiêu gốc (một tỷ lệ theo giới tính, một tỷ trọng, một số trung bình)"#,
    ),
    (
        r#"use dataset = {:?} (its columns name the table's codes)"#,
        r#"dùng dataset = {1} (các cột của nó đặt tên cho các mã của biểu)"#,
    ),
    (r#"add estimate = "<file column>""#, r#"thêm estimate = "<cột trong tệp>""#),
    (
        r#"add se = "<file column>" and/or n = "<file column>""#,
        r#"thêm se = "<cột trong tệp>" và/hoặc n = "<cột trong tệp>""#,
    ),
    (
        r#"save gds.toml as UTF-8 text (in Notepad: Save as… › Encoding: UTF-8)"#,
        r#"lưu gds.toml dạng văn bản UTF-8 (trong Notepad: Save as… › Encoding: UTF-8)"#,
    ),
    (
        r#"give the path of a gds.toml (see data-samples/minh-lam/gds.toml)"#,
        r#"cho đường dẫn của một tệp gds.toml (xem data-samples/minh-lam/gds.toml)"#,
    ),
    (r#"fix the project file (keys are kebab-case)"#, r#"sửa tệp dự án (khóa viết dạng kebab-case)"#),
    (r#"use schema-version = 1"#, r#"dùng schema-version = 1"#),
    (
        r#"data files must sit in the project folder or below it"#,
        r#"tệp dữ liệu phải nằm trong thư mục dự án hoặc thư mục con của nó"#,
    ),
    (
        r#"use csv, parquet, ipc (arrow/feather) or xlsx, or set format = "...""#,
        r#"dùng csv, parquet, ipc (arrow/feather) hoặc xlsx, hoặc đặt format = "...""#,
    ),
    (r#"paths are relative to {}"#, r#"đường dẫn tính từ {1}"#),
    (r#"give the path of a data file"#, r#"cho đường dẫn của một tệp dữ liệu"#),
    (
        r#"copy the file into the project folder instead of linking to it"#,
        r#"chép tệp vào thư mục dự án thay vì liên kết tới nó"#,
    ),
    (
        r#"list each file (each sheet of a workbook) once"#,
        r#"khai mỗi tệp (mỗi trang của tệp Excel) một lần"#,
    ),
    (r#"remove {key} = ... from this source"#, r#"bỏ {1} = ... khỏi nguồn này"#),
    (r#"use ",", ";" or "tab""#, r#"dùng ",", ";" hoặc "tab""#),
    (r#"use "," or ";""#, r#"dùng "," hoặc ";""#),
    (
        r#"codes maps values of code columns (sex, urban_rural, ...) onto their code lists"#,
        r#"codes ánh xạ giá trị của các cột mã (sex, urban_rural, ...) vào danh mục mã của chúng"#,
    ),
    (
        r#"rename one file column onto each declared column"#,
        r#"đổi tên một cột trong tệp cho mỗi cột đã khai"#,
    ),
    (
        r#"gds reads UTF-8 and UTF-16 and converts windows-1258 and windows-1252 (latin-1); convert TCVN3/VNI files to Unicode first (e.g. with Unikey's converter)"#,
        r#"gds đọc UTF-8, UTF-16 và chuyển mã windows-1258, windows-1252 (latin-1); hãy chuyển tệp TCVN3/VNI sang Unicode trước (ví dụ bằng công cụ chuyển mã của Unikey)"#,
    ),
    (r#"add table = "estimates", or remove the key"#, r#"thêm table = "estimates", hoặc bỏ khóa đó"#),
    (
        r#"add count = "<file column>" (the number of births, persons, ... in each row)"#,
        r#"thêm count = "<cột trong tệp>" (số ca sinh, số người, ... của mỗi dòng)"#,
    ),
    (
        r#"remove table = ... or bind the file to a dataset of that kind"#,
        r#"bỏ table = ... hoặc gắn tệp với một tập dữ liệu cùng loại"#,
    ),
    (
        r#"remove weight = ...; a weight applies to sample-survey microdata whose dataset declares one"#,
        r#"bỏ weight = ...; trọng số chỉ dùng cho số liệu vi mô điều tra mẫu có khai trọng số"#,
    ),
    (
        r#"remove count = ...; a count column belongs to an aggregate dataset"#,
        r#"bỏ count = ...; cột số đếm chỉ có ở tập dữ liệu tổng hợp"#,
    ),
    (r#"use ".", "," or " ""#, r#"dùng ".", "," hoặc " ""#),
    (r#"use "." or ",""#, r#"dùng "." hoặc ",""#),
    (r#"with thousands = "." set decimal = ",""#, r#"với thousands = "." hãy đặt decimal = ",""#),
    (
        r#"list the texts as written in the cells, e.g. missing = ["?", "-", ".."]"#,
        r#"liệt kê các chữ đúng như ghi trong ô, ví dụ missing = ["?", "-", ".."]"#,
    ),
    (r#"add value = "<column>" to wide"#, r#"thêm value = "<cột>" vào wide"#),
    (r#"one of {}"#, r#"một trong các giá trị {1}"#),
    (r#"keep it in the project folder"#, r#"để tệp trong thư mục dự án"#),
    (
        r#"columns: code,name_vi,name_en,level,parent,valid_from,valid_to; the file has: {}"#,
        r#"các cột: code,name_vi,name_en,level,parent,valid_from,valid_to; tệp có: {1}"#,
    ),
    (
        r#"columns: code,name_vi,name_en,level,parent,valid_from,valid_to"#,
        r#"các cột: code,name_vi,name_en,level,parent,valid_from,valid_to"#,
    ),
    (r#"columns: from,to,share,date; the file has: {}"#, r#"các cột: from,to,share,date; tệp có: {1}"#),
    (r#"columns: from,to,share,date"#, r#"các cột: from,to,share,date"#),
    (
        r#"decompress it first (e.g. gunzip) and point gds.toml at the .csv"#,
        r#"giải nén trước (ví dụ gunzip) và trỏ gds.toml tới tệp .csv"#,
    ),
    (r#"check the path in gds.toml"#, r#"kiểm tra đường dẫn trong gds.toml"#),
    (r#"point gds.toml at the CSV, TSV or Excel file"#, r#"trỏ gds.toml tới tệp CSV, TSV hoặc Excel"#),
    (r#"remove encoding = ... from this source"#, r#"bỏ encoding = ... khỏi nguồn này"#),
    (r#"save it as .xlsx"#, r#"lưu tệp dạng .xlsx"#),
    (r#"export the table again, with its header row"#, r#"xuất lại biểu, kèm dòng tiêu đề"#),
    (
        r#"save the file again as CSV UTF-8 with Windows (CRLF) or Unix (LF) line endings"#,
        r#"lưu lại tệp dạng CSV UTF-8 với kiểu xuống dòng Windows (CRLF) hoặc Unix (LF)"#,
    ),
    (r#"give every column its own name"#, r#"đặt cho mỗi cột một tên riêng"#),
    (r#"check header-row in gds.toml"#, r#"kiểm tra header-row trong gds.toml"#),
    (
        r#"check that the file is a valid table in the declared format"#,
        r#"kiểm tra tệp có phải là một biểu hợp lệ theo định dạng đã khai"#,
    ),
    (
        r#"keep one of the two files in gds.toml (a workbook and its CSV copy are the same data)"#,
        r#"chỉ giữ một trong hai tệp trong gds.toml (tệp Excel và bản CSV của nó là cùng một số liệu)"#,
    ),
    (
        r#"correct the rows or the total; a total row is a check, never added in"#,
        r#"sửa các dòng hoặc số tổng; dòng tổng chỉ để đối chiếu, không bao giờ được cộng vào"#,
    ),
    (
        r#"compute without --as-of, or give the estimates of the new units"#,
        r#"tính không dùng --as-of, hoặc cho ước lượng của các đơn vị mới"#,
    ),
    (
        r#"give each result once (one table per indicator, no repeated rows)"#,
        r#"mỗi kết quả chỉ cho một lần (mỗi chỉ tiêu một biểu, không lặp dòng)"#,
    ),
    (
        r#"decompress it first, or give the .csv / .parquet written by `gds compute`"#,
        r#"giải nén trước, hoặc cho tệp .csv / .parquet do `gds compute` ghi ra"#,
    ),
    (
        r#"give a .parquet, .arrow/.ipc or .csv file written by `gds compute`"#,
        r#"cho tệp .parquet, .arrow/.ipc hoặc .csv do `gds compute` ghi ra"#,
    ),
    (r#"is this a gds result table?"#, r#"đây có phải là bảng kết quả của gds không?"#),
    // The command line.
    (r#"write it as YYYY-MM-DD, e.g. 2025-07-01"#, r#"ghi dạng YYYY-MM-DD, ví dụ 2025-07-01"#),
    (
        r#"use commune, district, province or total"#,
        r#"dùng commune (xã), district (huyện), province (tỉnh) hoặc total (toàn bộ)"#,
    ),
    (r#"0.95 is usual"#, r#"thường dùng 0,95"#),
    (r#"the area list has {}, or use total"#, r#"danh mục địa bàn có {1}, hoặc dùng total"#),
    (r#"write the results to another path"#, r#"ghi kết quả ra đường dẫn khác"#),
    (r#"csv, parquet, ipc, json, xlsx or sdmx"#, r#"csv, parquet, ipc, json, xlsx hoặc sdmx"#),
    (
        r#"use .csv, .parquet, .arrow, .json, .xlsx or .sdmx.csv, or --format"#,
        r#"dùng đuôi .csv, .parquet, .arrow, .json, .xlsx hoặc .sdmx.csv, hoặc --format"#,
    ),
    (
        r#"rebuild them from checked data, or add --force to publish with every result marked "unverified""#,
        r#"tạo lại từ số liệu đã qua kiểm tra, hoặc thêm --force để công bố với mọi kết quả được đánh dấu "chưa kiểm chứng""#,
    ),
    (r#"write the forms to a folder of their own"#, r#"ghi các biểu mẫu vào một thư mục riêng"#),
    (
        r#"write to another folder, or give --overwrite to replace them"#,
        r#"ghi vào thư mục khác, hoặc thêm --overwrite để thay thế"#,
    ),
    (r#"themes are {}"#, r#"các chủ đề: {1}"#),
    (r#"frameworks are {}"#, r#"các bộ chỉ tiêu: {1}"#),
    (r#"check --period against the years in the data"#, r#"đối chiếu --period với các năm có trong số liệu"#),
    (
        r#"pass --overwrite to replace the package, or choose another --out folder"#,
        r#"thêm --overwrite để thay thế bộ báo cáo, hoặc chọn thư mục --out khác"#,
    ),
    (
        r#"fix them (`gds validate` lists them), or run `gds {command} --force` to publish anyway with every affected result marked "unverified""#,
        r#"sửa các lỗi (`gds validate` liệt kê chúng), hoặc chạy `gds {1} --force` để vẫn công bố với mọi kết quả bị ảnh hưởng được đánh dấu "chưa kiểm chứng""#,
    ),
    (r#"give --period"#, r#"hãy cho --period"#),
    (r#"duckdb, spark or postgres"#, r#"duckdb, spark hoặc postgres"#),
    (r#"the plan reads {}"#, r#"kế hoạch tính đọc {1}"#),
    (r#"did you mean {:?}?"#, r#"có phải là {1}?"#),
    (
        r#"a year (2024), a six-month period (2024-H1) or a quarter (2024-Q3)"#,
        r#"một năm (2024), sáu tháng (2024-H1) hoặc một quý (2024-Q3)"#,
    ),
];

/// The regular expression of a template: a `^…` pattern as written, a format string with
/// each placeholder as a lazy capture and the rest literal.
pub fn template_regex(template: &str) -> String {
    if template.starts_with('^') {
        return template.to_string();
    }
    let mut re = String::from("(?s)^");
    let mut literal = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                re.push_str(&regex::escape(&literal));
                literal.clear();
                re.push_str("(.*?)");
            }
            c => literal.push(c),
        }
    }
    re.push_str(&regex::escape(&literal));
    re.push('$');
    re
}

/// One table of the catalogue: (English template, Vietnamese template).
type Table = &'static [(&'static str, &'static str)];

/// The tables of messages, in the order a tie between equally specific templates is decided.
const MESSAGE_TABLES: [Table; 5] = [MESSAGES, ERRORS, NOTICES, DEFINITIONS, FRAGMENTS];

/// The tables of hints.
const HINT_TABLES: [Table; 3] = [HINTS, ERROR_HINTS, DEFINITION_HINTS];

fn compiled(tables: &[Table]) -> Vec<(Regex, &'static str)> {
    tables
        .iter()
        .flat_map(|t| t.iter())
        .map(|(p, vi)| {
            (Regex::new(&template_regex(p)).expect("a catalogue template is a valid pattern"), *vi)
        })
        .collect()
}

/// The Vietnamese of `text`: of the templates that match it, the most specific one (the most
/// of the text matched by the template's own words rather than its placeholders: a wrapper
/// such as `{}: {}` yields to `wrote {}: {}, {} …`), its captures translated in turn.
fn lookup(table: &[(Regex, &'static str)], text: &str, depth: usize) -> Option<String> {
    let mut matches: Vec<(usize, usize, regex::Captures, &'static str)> = table
        .iter()
        .enumerate()
        .filter_map(|(i, (re, vi))| {
            let caps = re.captures(text)?;
            let held: usize = caps.iter().skip(1).flatten().map(|m| m.len()).sum();
            Some((text.len() - held, i, caps, *vi))
        })
        .collect();
    matches.sort_by_key(|(literal, i, _, _)| (std::cmp::Reverse(*literal), *i));
    matches.into_iter().find_map(|(_, _, caps, vi)| {
        let mut out = vi.to_string();
        for i in (1..caps.len()).rev() {
            let got = caps.get(i).map_or("", |m| m.as_str());
            // A capture that is an English reason of its own (not a quoted value) is
            // translated as well.
            let inner = (depth < 3 && !got.starts_with('"') && got.chars().any(char::is_alphabetic))
                .then(|| lookup(table, got, depth + 1))
                .flatten();
            out = out.replace(&format!("{{{i}}}"), inner.as_deref().unwrap_or(got));
        }
        // A wrapper (`{}: {message}`) whose parts are not known translates nothing.
        (out != text).then_some(out)
    })
}

fn messages() -> &'static [(Regex, &'static str)] {
    static T: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    T.get_or_init(|| compiled(&MESSAGE_TABLES))
}

fn hints() -> &'static [(Regex, &'static str)] {
    static T: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    T.get_or_init(|| compiled(&HINT_TABLES))
}

/// Whether `template` is itself a key of the catalogue (a wrapper such as `{}: {message}`,
/// whose parts are translated on their own, has no text of its own to translate).
pub fn catalogued(template: &str) -> bool {
    MESSAGE_TABLES.iter().chain(&HINT_TABLES).any(|t| t.iter().any(|(k, _)| *k == template))
}

/// A message in Vietnamese, if the catalogue knows it.
pub fn message_vi(text: &str) -> Option<String> {
    lookup(messages(), text, 0)
}

/// A hint in Vietnamese, if the catalogue knows it.
pub fn hint_vi(text: &str) -> Option<String> {
    lookup(hints(), text, 0)
}

/// A line gds prints (`error: MESSAGE — hint: HINT`, `warning: …`, `note: …`, or a bare
/// message) in Vietnamese: the severity word, the message and the hint each from the
/// catalogue; a part it does not know stays as written.
pub fn line_vi(line: &str) -> String {
    let (sev, rest) = [("error: ", "lỗi: "), ("warning: ", "cảnh báo: "), ("note: ", "lưu ý: ")]
        .iter()
        .find_map(|(en, vi)| line.strip_prefix(en).map(|r| (*vi, r)))
        .unwrap_or(("", line));
    let (message, hint) = match rest.split_once(" — hint: ") {
        Some((m, h)) => (m, Some(h)),
        None => (rest, None),
    };
    let mut out = format!("{sev}{}", message_vi(message).unwrap_or_else(|| message.to_string()));
    if let Some(h) = hint {
        out.push_str(" — gợi ý: ");
        out.push_str(&hint_vi(h).unwrap_or_else(|| h.to_string()));
    }
    out
}

/// Every line of `text` through [`line_vi`] when `lang` is Vietnamese; `text` as it is in
/// English.
pub fn text_in(text: &str, lang: gds_core::Lang) -> String {
    match lang {
        gds_core::Lang::En => text.to_string(),
        gds_core::Lang::Vi => text.lines().map(line_vi).collect::<Vec<_>>().join("\n"),
    }
}

/// The language gds speaks in, once the command line has chosen it.
static LANG: OnceLock<gds_core::Lang> = OnceLock::new();

/// Choose the language of messages for the rest of the process (the first choice stands).
pub fn set_lang(lang: gds_core::Lang) {
    let _ = LANG.set(lang);
}

/// The language of messages: the one [`set_lang`] chose, else English.
pub fn lang() -> gds_core::Lang {
    LANG.get().copied().unwrap_or(gds_core::Lang::En)
}

/// Say `text` (a progress line, a note, a command's closing line) on stderr, in the
/// language of messages.
pub fn say(text: &str) {
    eprintln!("{}", text_in(text, lang()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles_and_fills_its_placeholders() {
        assert_eq!(messages().len(), MESSAGE_TABLES.iter().map(|t| t.len()).sum::<usize>());
        assert_eq!(hints().len(), HINT_TABLES.iter().map(|t| t.len()).sum::<usize>());
        assert_eq!(
            message_vi("11596 of 150000 rows (7.7 %) have no value").as_deref(),
            Some("11596/150000 dòng (7.7 %) không có giá trị")
        );
        assert_eq!(
            message_vi("unknown sex code \"Nư\"").as_deref(),
            Some("mã \"Nư\" không có trong danh mục sex")
        );
        assert_eq!(hint_vi("did you mean \"Nữ\"?").as_deref(), Some("có phải là \"Nữ\"?"));
        assert_eq!(message_vi("something no catalogue knows"), None);
        // The most specific template wins over a wrapper that also matches (`{}: {}`).
        assert_eq!(
            message_vi("wrote out: r.html, r.docx, t.xlsx, results.csv, results.parquet, 5 charts (10 rows; 2 findings in the data-quality annex); kept beside them: x.html").as_deref(),
            Some("đã ghi out: r.html, r.docx, t.xlsx, results.csv, results.parquet, 5 biểu đồ (10 dòng; 2 phát hiện trong phụ lục chất lượng dữ liệu); giữ lại bên cạnh: x.html")
        );
        assert_eq!(
            line_vi(
                "note: out/p.xlsx is an Excel workbook, which polars reads; gds's own engine computed its cube"
            ),
            "lưu ý: out/p.xlsx là một tệp Excel, do polars đọc; máy tính toán của gds đã tính khối số liệu này"
        );
        // Every Vietnamese template uses every capture of its pattern, and no other.
        for (p, vi) in MESSAGE_TABLES.iter().chain(&HINT_TABLES).flat_map(|t| t.iter()) {
            let n = Regex::new(&template_regex(p)).unwrap().captures_len() - 1;
            for i in 1..=n {
                assert!(vi.contains(&format!("{{{i}}}")), "{p}: {{{i}}} unused in {vi:?}");
            }
            assert!(!vi.contains(&format!("{{{}}}", n + 1)), "{p}: {vi:?} uses a capture it lacks");
        }
    }
}
