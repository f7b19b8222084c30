//! The checks' messages in Vietnamese. A message is written once, in English, where it is
//! found; this catalogue holds, for each message template, the pattern its English text
//! follows (its placeholders as capture groups, as a gettext message id holds them) and its
//! Vietnamese text. A message the catalogue does not know is shown as written (English):
//! `tests/bad_inputs.rs` counts how many of the corpus' findings read in Vietnamese.

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
];

/// Hints, the same way.
const HINTS: &[(&str, &str)] = &[
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
    (r#"^use true/false, 1/0, có/không$"#, "dùng true/false, 1/0 hoặc có/không"),
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

fn compiled(table: &'static [(&'static str, &'static str)]) -> Vec<(Regex, &'static str)> {
    table.iter().map(|(p, vi)| (Regex::new(p).expect("a catalogue pattern is a valid regex"), *vi)).collect()
}

fn lookup(table: &[(Regex, &'static str)], text: &str) -> Option<String> {
    table.iter().find_map(|(re, vi)| {
        let caps = re.captures(text)?;
        let mut out = vi.to_string();
        for i in (1..caps.len()).rev() {
            out = out.replace(&format!("{{{i}}}"), caps.get(i).map_or("", |m| m.as_str()));
        }
        Some(out)
    })
}

/// A check's message in Vietnamese, if the catalogue knows it.
pub fn message_vi(text: &str) -> Option<String> {
    static T: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    lookup(T.get_or_init(|| compiled(MESSAGES)), text)
}

/// A hint in Vietnamese, if the catalogue knows it.
pub fn hint_vi(text: &str) -> Option<String> {
    static T: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    // "did you mean" may close a longer hint: translate that part alone.
    lookup(T.get_or_init(|| compiled(HINTS)), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles_and_fills_its_placeholders() {
        assert_eq!(compiled(MESSAGES).len(), MESSAGES.len());
        assert_eq!(compiled(HINTS).len(), HINTS.len());
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
        // Every Vietnamese template uses every capture of its pattern, and no other.
        for (p, vi) in MESSAGES.iter().chain(HINTS) {
            let n = Regex::new(p).unwrap().captures_len() - 1;
            for i in 1..=n {
                assert!(vi.contains(&format!("{{{i}}}")), "{p}: {{{i}}} unused in {vi:?}");
            }
            assert!(!vi.contains(&format!("{{{}}}", n + 1)), "{p}: {vi:?} uses a capture it lacks");
        }
    }
}
