#!/usr/bin/env python3
"""Generate the bad-input corpus of gds (tests/bad-inputs/<class>--<slug>/).

Every case is a small project (gds.toml + data files) with ONE deliberate problem, and an
expect.toml that says what a good error must contain (location facts only: the file name as
written in gds.toml, file:line, the column, the offending value). tests/bad_inputs.rs runs
`gds validate`, `gds compute` and `gds report` on a temporary copy of every case.

Python 3.11 standard library only: .xlsx files are written as minimal SpreadsheetML (stored
zip, fixed dates) and .parquet files by a small PLAIN/uncompressed writer, so re-running the
script reproduces every file byte for byte.

    python3 tests/bad-inputs/generate.py                 # (re)write the corpus
    python3 tests/bad-inputs/generate.py --controls DIR  # also write the clean twins of the
                                                         # base projects (they must pass)
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLASSES = [
    ("gate", "data that `validate` rejects must also stop `compute` and `report`"),
    ("codes-as-text", "official zero-padded codes (area 00004, district 001, province 01) kept as text"),
    ("missing-not-no", "missing / unknown markers and impossible weights, counts and shares are never read as \"no\" or zero"),
    ("areas-graph", "the area list and crosswalk form a valid graph with valid dates; --level/--as-of that cannot apply"),
    ("double-count", "the same records counted twice, or numbers silently changed (separators, fractions)"),
    ("folder-boundary", "nothing is read from outside the project folder, and no input is ever overwritten"),
    ("parse-errors", "malformed project files, tables, encodings and workbooks"),
    ("ignored-keys", "gds.toml keys that are accepted but would not be honoured"),
]


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# --------------------------------------------------------------------------------------------
# File builders
# --------------------------------------------------------------------------------------------

class Link:
    """A symbolic link (target as written)."""

    def __init__(self, target: str):
        self.target = target


def csv_text(header, rows, sep=",", eol="\n") -> str:
    lines = [sep.join(header)] + [sep.join(str(c) for c in r) for r in rows]
    return eol.join(lines) + eol


def toml_str(s: str) -> str:
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


# ---- xlsx ----------------------------------------------------------------------------------

class Num:
    """A numeric cell with an optional number format (e.g. "00000": shows 00004, holds 4)."""

    def __init__(self, value, fmt: str | None = None):
        self.value = value
        self.fmt = fmt


def _col_name(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def _xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def xlsx(sheets) -> bytes:
    """sheets: list of (name, rows); a row is a list of cells: str (inline text), int/float
    or Num (number), bool, None (no cell). Row 1 of the sheet is rows[0]."""
    fmts: list[str] = []
    for _, rows in sheets:
        for r in rows:
            for c in r:
                if isinstance(c, Num) and c.fmt and c.fmt not in fmts:
                    fmts.append(c.fmt)
    files = {}
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(len(sheets))
    )
    files["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        + overrides + "</Types>"
    )
    files["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    sheet_tags = "".join(
        f'<sheet name="{_xml_escape(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
        for i, (name, _) in enumerate(sheets)
    )
    files["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{sheet_tags}</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(sheets))
    )
    rels += (
        f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    )
    files["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + rels + "</Relationships>"
    )
    num_fmts = "".join(
        f'<numFmt numFmtId="{164 + i}" formatCode="{_xml_escape(f)}"/>' for i, f in enumerate(fmts)
    )
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' + "".join(
        f'<xf numFmtId="{164 + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        for i in range(len(fmts))
    )
    files["xl/styles.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<numFmts count="{len(fmts)}">{num_fmts}</numFmts>' if fmts else "")
        + '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(fmts) + 1}">{xfs}</cellXfs>'
        "</styleSheet>"
    )
    for i, (_, rows) in enumerate(sheets):
        out = []
        for ri, r in enumerate(rows):
            cells = []
            for j, c in enumerate(r):
                ref = f"{_col_name(j)}{ri + 1}"
                if c is None:
                    continue
                if isinstance(c, bool):
                    cells.append(f'<c r="{ref}" t="b"><v>{int(c)}</v></c>')
                elif isinstance(c, Num):
                    s = f' s="{1 + fmts.index(c.fmt)}"' if c.fmt else ""
                    cells.append(f'<c r="{ref}"{s}><v>{c.value}</v></c>')
                elif isinstance(c, (int, float)):
                    cells.append(f'<c r="{ref}"><v>{c}</v></c>')
                else:
                    cells.append(
                        f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_xml_escape(nfc(str(c)))}</t></is></c>'
                    )
            if cells:
                out.append(f'<row r="{ri + 1}">' + "".join(cells) + "</row>")
        files[f"xl/worksheets/sheet{i + 1}.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            "<sheetData>" + "".join(out) + "</sheetData></worksheet>"
        )
    return _zip(files)


def _zip(files: dict) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in files:  # insertion order: [Content_Types].xml first
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            data = files[name]
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


# ---- parquet -------------------------------------------------------------------------------
# A minimal writer: one row group, one PLAIN uncompressed data page (v1) per column; columns
# "str" (BYTE_ARRAY, UTF8), "int" (INT64), "float" (DOUBLE), "bool" (BOOLEAN); None = null
# (every column is OPTIONAL).


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _zigzag(n: int) -> int:
    return (n << 1) ^ (n >> 63)


class _Thrift:
    """Thrift compact protocol, just the parts a Parquet footer needs."""

    I32, I64, BINARY, LIST, STRUCT = 5, 6, 8, 9, 12

    def __init__(self):
        self.buf = bytearray()
        self.last = [0]

    def _field(self, fid, ftype):
        delta = fid - self.last[-1]
        if 0 < delta <= 15:
            self.buf.append((delta << 4) | ftype)
        else:
            self.buf.append(ftype)
            self.buf += _varint(_zigzag(fid))
        self.last[-1] = fid

    def i32(self, fid, v):
        self._field(fid, self.I32)
        self.buf += _varint(_zigzag(v))

    def i64(self, fid, v):
        self._field(fid, self.I64)
        self.buf += _varint(_zigzag(v))

    def binary(self, fid, v: bytes):
        self._field(fid, self.BINARY)
        self.buf += _varint(len(v)) + v

    def begin_struct(self, fid=None):
        if fid is not None:
            self._field(fid, self.STRUCT)
        self.last.append(0)

    def end_struct(self):
        self.buf.append(0)
        self.last.pop()

    def list_header(self, fid, etype, n):
        self._field(fid, self.LIST)
        if n < 15:
            self.buf.append((n << 4) | etype)
        else:
            self.buf.append(0xF0 | etype)
            self.buf += _varint(n)

    def raw_i32(self, v):
        self.buf += _varint(_zigzag(v))

    def raw_binary(self, v: bytes):
        self.buf += _varint(len(v)) + v


def _rle_bits(levels) -> bytes:
    """RLE/bit-packed hybrid of 0/1 levels (bit width 1), as runs."""
    out = bytearray()
    i = 0
    while i < len(levels):
        j = i
        while j < len(levels) and levels[j] == levels[i]:
            j += 1
        out += _varint((j - i) << 1) + bytes([levels[i]])
        i = j
    return bytes(out)


def parquet(columns) -> bytes:
    """columns: list of (name, kind, values) with kind in str/int/float/bool."""
    ptypes = {"bool": 0, "int": 2, "float": 5, "str": 6}
    n_rows = len(columns[0][2])
    body = bytearray(b"PAR1")
    chunks = []
    for name, kind, values in columns:
        assert len(values) == n_rows
        levels = [0 if v is None else 1 for v in values]
        present = [v for v in values if v is not None]
        if kind == "int":
            data = b"".join(struct.pack("<q", v) for v in present)
        elif kind == "float":
            data = b"".join(struct.pack("<d", v) for v in present)
        elif kind == "str":
            data = b"".join(struct.pack("<I", len(v.encode())) + v.encode() for v in present)
        else:
            bits = bytearray((len(present) + 7) // 8)
            for k, v in enumerate(present):
                if v:
                    bits[k // 8] |= 1 << (k % 8)
            data = bytes(bits)
        rle = _rle_bits(levels)
        page = struct.pack("<I", len(rle)) + rle + data
        h = _Thrift()
        h.begin_struct()
        h.i32(1, 0)  # DATA_PAGE
        h.i32(2, len(page))
        h.i32(3, len(page))
        h.begin_struct(5)
        h.i32(1, n_rows)
        h.i32(2, 0)  # PLAIN
        h.i32(3, 3)  # RLE
        h.i32(4, 3)
        h.end_struct()
        h.end_struct()
        offset = len(body)
        body += h.buf + page
        chunks.append((name, ptypes[kind], offset, len(h.buf) + len(page)))
    meta = _Thrift()
    meta.begin_struct()
    meta.i32(1, 1)
    meta.list_header(2, _Thrift.STRUCT, len(columns) + 1)
    meta.begin_struct()
    meta.binary(4, b"schema")
    meta.i32(5, len(columns))
    meta.end_struct()
    for name, kind, _ in columns:
        meta.begin_struct()
        meta.i32(1, ptypes[kind])
        meta.i32(3, 1)  # OPTIONAL
        meta.binary(4, name.encode())
        if kind == "str":
            meta.i32(6, 0)  # UTF8
        meta.end_struct()
    meta.i64(3, n_rows)
    meta.list_header(4, _Thrift.STRUCT, 1)
    meta.begin_struct()
    meta.list_header(1, _Thrift.STRUCT, len(chunks))
    for name, ptype, offset, size in chunks:
        meta.begin_struct()
        meta.i64(2, offset)
        meta.begin_struct(3)
        meta.i32(1, ptype)
        meta.list_header(2, _Thrift.I32, 2)
        meta.raw_i32(0)
        meta.raw_i32(3)
        meta.list_header(3, _Thrift.BINARY, 1)
        meta.raw_binary(name.encode())
        meta.i32(4, 0)  # UNCOMPRESSED
        meta.i64(5, n_rows)
        meta.i64(6, size)
        meta.i64(7, size)
        meta.i64(9, offset)
        meta.end_struct()
        meta.end_struct()
    meta.i64(2, sum(c[3] for c in chunks))
    meta.i64(3, n_rows)
    meta.end_struct()
    meta.binary(6, b"gds bad-inputs generator")
    meta.end_struct()
    return bytes(body) + bytes(meta.buf) + struct.pack("<I", len(meta.buf)) + b"PAR1"


# --------------------------------------------------------------------------------------------
# Base data: a small, clean project in real-shaped Vietnamese codes (province 01, district 001
# and 271, communes 00001 00004 00006 09877). Each case changes one thing.
# --------------------------------------------------------------------------------------------

AREA_HEADER = ["code", "name_vi", "name_en", "level", "parent", "valid_from", "valid_to"]


def areas_rows():
    # line 2..8 of areas.csv
    return [
        ["01", "Thành phố Hà Nội", "Ha Noi city", "province", "", "", ""],
        ["001", "Quận Ba Đình", "Ba Dinh district", "district", "01", "", ""],
        ["00001", "Phường Phúc Xá", "Phuc Xa ward", "commune", "001", "", ""],
        ["00004", "Phường Trúc Bạch", "Truc Bach ward", "commune", "001", "", ""],
        ["00006", "Phường Vĩnh Phúc", "Vinh Phuc ward", "commune", "001", "", ""],
        ["271", "Huyện Ba Vì", "Ba Vi district", "district", "01", "", ""],
        ["09877", "Xã Tản Lĩnh", "Tan Linh commune", "commune", "271", "", ""],
    ]


def areas_csv(rows=None) -> str:
    return nfc(csv_text(AREA_HEADER, areas_rows() if rows is None else rows))


def areas_2025_rows():
    """The 2025 reform: districts end on 2025-06-30, communes merge into new wards."""
    return [
        ["01", "Thành phố Hà Nội", "Ha Noi city", "province", "", "", ""],
        ["001", "Quận Ba Đình", "Ba Dinh district", "district", "01", "", "2025-06-30"],
        ["00001", "Phường Phúc Xá", "Phuc Xa ward", "commune", "001", "", "2025-06-30"],
        ["00004", "Phường Trúc Bạch", "Truc Bach ward", "commune", "001", "", "2025-06-30"],
        ["00006", "Phường Vĩnh Phúc", "Vinh Phuc ward", "commune", "001", "", "2025-06-30"],
        ["00008", "Phường Ba Đình", "Ba Dinh ward", "commune", "01", "2025-07-01", ""],
        ["00009", "Phường Ngọc Hà", "Ngoc Ha ward", "commune", "01", "2025-07-01", ""],
    ]


CROSSWALK_HEADER = ["from", "to", "share", "date"]


def crosswalk_rows():
    # line 2..5 of crosswalk.csv
    return [
        ["00001", "00008", "1", "2025-07-01"],
        ["00004", "00008", "1", "2025-07-01"],
        ["00006", "00008", "0.6", "2025-07-01"],
        ["00006", "00009", "0.4", "2025-07-01"],
    ]


PERSONS_HEADER = [
    "person_id", "period", "area", "sex", "age", "urban_rural", "ethnicity", "education",
    "literate", "marital_status", "has_account", "uses_internet", "owns_mobile",
]


def persons_rows(period=2024, prefix="P"):
    """14 person records; data row i sits on line i + 2."""
    areas = ["00001", "00001", "00001", "00004", "00004", "00004", "00004",
             "00006", "00006", "00006", "09877", "09877", "09877", "09877"]
    sexes = ["F", "M", "F", "M", "F", "M", "F", "M", "F", "F", "M", "F", "M", "F"]
    ages = [34, 41, 27, 19, 62, 8, 45, 53, 16, 30, 71, 24, 38, 57]
    edu = ["upper-secondary", "tertiary", "lower-secondary", "primary", "none", "primary",
           "vocational", "upper-secondary", "lower-secondary", "tertiary", "primary",
           "upper-secondary", "lower-secondary", "primary"]
    eth = ["kinh", "kinh", "kinh", "hoa", "kinh", "kinh", "tay", "kinh", "kinh", "muong",
           "muong", "kinh", "dao", "muong"]
    rows = []
    for i in range(14):
        age = ages[i]
        adult = age >= 18
        rows.append([
            f"{prefix}{i + 1:04d}", period, areas[i], sexes[i], age, "U" if i < 10 else "R",
            eth[i], edu[i], "true" if edu[i] != "none" else "false",
            ("married" if age >= 25 else "never-married") if adult else "never-married",
            "true" if adult and i % 3 != 0 else "false",
            "true" if age < 60 else "false",
            "true" if age >= 14 else "false",
        ])
    return rows


def persons_csv(rows=None, header=None, sep=",", eol="\n") -> str:
    return csv_text(header or PERSONS_HEADER, persons_rows() if rows is None else rows, sep, eol)


LABOUR_HEADER = [
    "person_id", "period", "area", "sex", "age", "urban_rural", "labour_status",
    "employment_type", "sector", "hours_worked", "unpaid_care_hours", "informal", "part_time",
    "weight",
]


def labour_rows(period=2024):
    """12 labour force survey records (aged 15+), with survey weights; row i on line i + 2."""
    areas = ["00001", "00001", "00001", "00004", "00004", "00004", "00006", "00006",
             "00006", "09877", "09877", "09877"]
    sexes = ["F", "M", "F", "M", "F", "M", "F", "M", "F", "M", "F", "M"]
    ages = [34, 41, 27, 19, 62, 45, 53, 16, 30, 71, 24, 38]
    status = ["employed", "employed", "unemployed", "employed", "outside-labour-force",
              "employed", "employed", "outside-labour-force", "employed", "outside-labour-force",
              "employed", "employed"]
    weights = ["152.5", "148.0", "160.25", "155.0", "149.5", "151.0", "162.0", "158.5",
               "150.0", "147.5", "153.0", "156.0"]
    rows = []
    for i in range(12):
        emp = status[i] == "employed"
        rows.append([
            f"L{i + 1:04d}", period, areas[i], sexes[i], ages[i], "U" if i < 9 else "R", status[i],
            ("wage-worker" if i % 2 == 0 else "own-account") if emp else "",
            ("services" if i % 3 else "industry") if emp else "",
            (40 + i) if emp else "", 10 + 2 * i, ("false" if i % 2 == 0 else "true") if emp else "",
            "false" if emp else "", weights[i],
        ])
    return rows


def labour_csv(rows=None, header=None, sep=",") -> str:
    return csv_text(header or LABOUR_HEADER, labour_rows() if rows is None else rows, sep)


COUNTS_HEADER = ["period", "area", "sex", "age_group", "urban_rural", "count"]


def counts_rows(period=2024, with_district=False):
    """An aggregate table: per commune and age group, the _T row first, then F and M.
    Lines: 00001 15-19 on 2-4, 00001 20-24 on 5-7, 00004 15-19 on 8-10, 00004 20-24 on 11-13
    (then 001 on 14-19 with with_district)."""
    data = {
        ("00001", "15-19"): (61, 58), ("00001", "20-24"): (70, 66),
        ("00004", "15-19"): (45, 49), ("00004", "20-24"): (52, 50),
    }
    rows = []
    areas = ["00001", "00004"] + (["001"] if with_district else [])
    for a in areas:
        for g in ["15-19", "20-24"]:
            if a == "001":
                f = sum(data[(c, g)][0] for c in ["00001", "00004"])
                m = sum(data[(c, g)][1] for c in ["00001", "00004"])
            else:
                f, m = data[(a, g)]
            rows.append([period, a, "_T", g, "U", f + m])
            rows.append([period, a, "F", g, "U", f])
            rows.append([period, a, "M", g, "U", m])
    return rows


def counts_csv(rows=None, header=None, sep=",") -> str:
    return csv_text(header or COUNTS_HEADER, counts_rows() if rows is None else rows, sep)


def counts_sheet_rows(rows=None, area_cell=str):
    """The counts table as sheet rows (header on row 1, data from row 2): text codes."""
    out = [list(COUNTS_HEADER)]
    for r in counts_rows() if rows is None else rows:
        out.append([r[0], area_cell(r[1]), r[2], r[3], r[4], r[5]])
    return out


GOV_HEADER = ["body_id", "period", "area", "level", "body_kind", "female_key_leader"]


def gov_rows(period=2024):
    return [
        ["001-HDND", period, "001", "district", "peoples-council", "true"],
        ["001-UBND", period, "001", "district", "peoples-committee", "false"],
        ["00001-HDND", period, "00001", "commune", "peoples-council", "false"],
        ["00001-UBND", period, "00001", "commune", "peoples-committee", "true"],
        ["00004-HDND", period, "00004", "commune", "peoples-council", "true"],
        ["00004-UBND", period, "00004", "commune", "peoples-committee", "false"],
        ["00006-HDND", period, "00006", "commune", "peoples-council", "false"],
        ["00006-UBND", period, "00006", "commune", "peoples-committee", "false"],
    ]


BIRTHS_HEADER = ["birth_id", "period", "area", "sex", "mother_age", "birth_order", "urban_rural",
                 "mother_ethnicity", "skilled_attendant"]


def births_rows(period=2024):
    areas = ["00001", "00001", "00004", "00004", "00004", "00006", "00006", "09877", "09877", "09877"]
    sexes = ["M", "F", "M", "M", "F", "F", "M", "M", "F", "M"]
    ages = [24, 31, 27, 22, 35, 29, 19, 33, 26, 40]
    return [
        [f"B{i + 1:04d}", period, areas[i], sexes[i], ages[i], 1 + i % 3, "U" if i < 7 else "R",
         "kinh" if i % 4 else "muong", "true" if i != 8 else "false"]
        for i in range(10)
    ]


GBV_HEADER = ["case_id", "period", "area", "victim_sex", "victim_age", "violence_type",
              "perpetrator", "received_any_service", "service_health", "service_legal"]


def gbv_rows(period=2024):
    kinds = ["physical", "psychological", "economic", "physical", "sexual", "psychological"]
    who = ["intimate-partner", "intimate-partner", "family-member", "intimate-partner", "other",
           "family-member"]
    areas = ["00001", "00004", "00004", "00006", "09877", "09877"]
    return [
        [f"BL{period}-{i + 1:04d}", period, areas[i], "F" if i != 3 else "M", [34, 41, 29, 52, 17, 63][i],
         kinds[i], who[i], "true" if i % 3 else "false", "true" if i % 2 else "false", "false"]
        for i in range(6)
    ]


ENTERPRISE_HEADER = ["enterprise_id", "period", "area", "kind", "director_sex", "sector", "employees"]


def enterprise_rows(period=2024):
    return [
        ["0101234567", period, "00001", "enterprise", "F", "services", 12],
        ["0101234568", period, "00001", "enterprise", "M", "industry", 45],
        ["0101234569", period, "00004", "cooperative", "M", "agriculture", 23],
        ["0101234570", period, "00004", "enterprise", "F", "services", 7],
        ["0101234571", period, "00006", "enterprise", "M", "services", 3],
        ["0101234572", period, "09877", "cooperative", "F", "agriculture", 31],
    ]


DEATHS_HEADER = ["death_id", "period", "area", "sex", "age", "maternal", "cause_ncd"]


def deaths_rows(period=2024):
    return [
        ["D0001", period, "00001", "M", 78, "false", "true"],
        ["D0002", period, "00001", "F", 84, "false", "true"],
        ["D0003", period, "00004", "F", 31, "true", "false"],
        ["D0004", period, "00004", "M", 66, "false", "true"],
        ["D0005", period, "00006", "M", 45, "false", "false"],
        ["D0006", period, "09877", "F", 91, "false", "true"],
    ]


DEPUTIES_HEADER = ["deputy_id", "term", "period", "area", "level", "sex", "age", "ethnicity", "education"]


def deputies_rows():
    return [
        ["DB001", "2021-2026", 2021, "001", "district", "F", 45, "kinh", "tertiary"],
        ["DB002", "2021-2026", 2021, "001", "district", "M", 52, "kinh", "tertiary"],
        ["DB003", "2021-2026", 2021, "001", "district", "M", 38, "tay", "tertiary"],
        ["DB004", "2021-2026", 2021, "00001", "commune", "F", 41, "kinh", "upper-secondary"],
        ["DB005", "2021-2026", 2021, "00001", "commune", "M", 57, "kinh", "upper-secondary"],
        ["DB006", "2021-2026", 2021, "00004", "commune", "F", 36, "kinh", "tertiary"],
    ]


def persons_parquet(rows=None, area_kind="str", override=None) -> bytes:
    """persons.parquet from persons rows; record i (1-based) = rows[i-1]. override: {col: values}."""
    rows = persons_rows() if rows is None else rows
    kinds = {"period": "int", "age": "int", "literate": "bool", "has_account": "bool",
             "uses_internet": "bool", "owns_mobile": "bool", "area": area_kind}
    cols = []
    for j, name in enumerate(PERSONS_HEADER):
        kind = kinds.get(name, "str")
        vals = [r[j] for r in rows]
        if kind == "bool":
            vals = [None if v in ("", None) else v == "true" for v in vals]
        elif kind == "int":
            vals = [None if v in ("", None) else int(v) for v in vals]
        if override and name in override:
            kind, vals = override[name]
        cols.append((name, kind, vals))
    return parquet(cols)


def labour_parquet(rows=None, override=None) -> bytes:
    rows = labour_rows() if rows is None else rows
    kinds = {"period": "int", "age": "int", "hours_worked": "float", "unpaid_care_hours": "float",
             "informal": "bool", "part_time": "bool", "weight": "float"}
    cols = []
    for j, name in enumerate(LABOUR_HEADER):
        kind = kinds.get(name, "str")
        vals = [r[j] for r in rows]
        if kind == "bool":
            vals = [None if v in ("", None) else v == "true" for v in vals]
        elif kind == "int":
            vals = [None if v in ("", None) else int(v) for v in vals]
        elif kind == "float":
            vals = [None if v in ("", None) else float(v) for v in vals]
        if override and name in override:
            kind, vals = override[name]
        cols.append((name, kind, vals))
    return parquet(cols)


# --------------------------------------------------------------------------------------------
# Project files
# --------------------------------------------------------------------------------------------

HEAD = (
    "# Bad-input case of gds (generated by tests/bad-inputs/generate.py; do not edit by hand).\n"
    "schema-version = 1\n"
    'name = { vi = "Quận Ba Đình (dữ liệu kiểm thử)", en = "Ba Dinh district (test data)" }\n'
    "synthetic = true\n"
)


def source(dataset, path, **keys) -> str:
    s = f"\n[[sources]]\ndataset = {toml_str(dataset)}\npath = {toml_str(path)}\n"
    for k, v in keys.items():
        k = k.replace("_", "-")
        if isinstance(v, bool):
            s += f"{k} = {'true' if v else 'false'}\n"
        elif isinstance(v, int):
            s += f"{k} = {v}\n"
        elif isinstance(v, dict):
            s += f"{k} = {inline_table(v)}\n"
        elif isinstance(v, Raw):
            s += f"{k} = {v.text}\n"
        else:
            s += f"{k} = {toml_str(v)}\n"
    return s


class Raw:
    """A TOML value written as is."""

    def __init__(self, text: str):
        self.text = text


def inline_table(d: dict) -> str:
    parts = []
    for k, v in d.items():
        key = k if k.replace("_", "").replace("-", "").isalnum() and k.isascii() else toml_str(k)
        val = inline_table(v) if isinstance(v, dict) else v.text if isinstance(v, Raw) else toml_str(v)
        parts.append(f"{key} = {val}")
    return "{ " + ", ".join(parts) + " }"


def project(*sources, areas="areas.csv", crosswalk=None, extra="") -> str:
    s = HEAD
    if areas is not None:
        s += f"areas = {toml_str(areas)}\n"
    if crosswalk is not None:
        s += f"crosswalk = {toml_str(crosswalk)}\n"
    s += extra
    return s + "".join(sources)


def tline(toml: str, needle: str, nth: int = 1) -> str:
    """`gds.toml:N` of the nth line containing needle."""
    seen = 0
    for i, l in enumerate(toml.splitlines()):
        if needle in l:
            seen += 1
            if seen == nth:
                return f"gds.toml:{i + 1}"
    raise ValueError(f"{needle!r} not in gds.toml")


def q(v) -> str:
    """A value as a good error quotes it."""
    return '"' + str(v) + '"'


# --------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------

CASES: dict[str, dict] = {}


def case(cls, slug, what, files, messages, commands=None, period=2024, args=None, out=None,
         report_out=None, absent=None):
    assert cls in dict(CLASSES), cls
    name = f"{cls}--{slug}"
    assert name not in CASES, name
    assert "gds.toml" in files, name
    for m in messages:
        assert isinstance(m, str) and m, (name, m)
    CASES[name] = dict(cls=cls, what=what, files=files, messages=messages, commands=commands,
                       period=period, args=args, out=out, report_out=report_out, absent=absent)


def persons_project(data: str | bytes | Link | None = None, areas=None, fname="persons.csv",
                    **src) -> dict:
    toml = project(source("persons", fname, **src))
    return {"gds.toml": toml, fname: persons_csv() if data is None else data,
            "areas.csv": areas_csv() if areas is None else areas}


def setc(header, rows, i, col, value):
    """Copy of rows with data row i (0-based; CSV line i + 2) set to value in column col."""
    rows = [list(r) for r in rows]
    rows[i][header.index(col)] = value
    return rows


def dropc(header, rows, col):
    """(header, rows) without column col."""
    j = header.index(col)
    return [h for k, h in enumerate(header) if k != j], [[c for k, c in enumerate(r) if k != j] for r in rows]


BIRTH_COUNTS = [("00001", "M", 56), ("00001", "F", 50), ("00004", "M", 31), ("00004", "F", 29),
                ("00006", "M", 12), ("00006", "F", 11)]


def births_counts_project(rows) -> dict:
    """A births-by-sex count table (Vietnamese headers) read with table = "aggregate"."""
    text = csv_text(["Năm", "Mã xã", "Giới tính", "Số trẻ"], rows)
    toml = project(source("births", "births-by-sex.csv", table="aggregate", count="Số trẻ",
                          rename={"Năm": "period", "Mã xã": "area", "Giới tính": "sex"}))
    return {"gds.toml": toml, "births-by-sex.csv": text, "areas.csv": areas_csv()}


def deaths_project(text) -> dict:
    """Deaths need the population as denominator: deaths.csv plus a clean persons.csv."""
    toml = project(source("persons", "persons.csv"), source("deaths", "deaths.csv"))
    return {"gds.toml": toml, "persons.csv": persons_csv(), "deaths.csv": text, "areas.csv": areas_csv()}


def single(dataset, fname, text, areas=None, extra_files=None, crosswalk=None, **src) -> dict:
    toml = project(source(dataset, fname, **src), crosswalk=crosswalk)
    files = {"gds.toml": toml, fname: text, "areas.csv": areas_csv() if areas is None else areas}
    files.update(extra_files or {})
    return files


def pcsv(i, col, value) -> str:
    """persons.csv with data row i (line i + 2) set."""
    return persons_csv(setc(PERSONS_HEADER, persons_rows(), i, col, value))


def lcsv(i, col, value) -> str:
    return labour_csv(setc(LABOUR_HEADER, labour_rows(), i, col, value))


def ccsv(i, col, value) -> str:
    return counts_csv(setc(COUNTS_HEADER, counts_rows(), i, col, value))


def persons_case(cls, slug, what, i, col, value, extra=(), **kw):
    case(cls, slug, what, single("persons", "persons.csv", pcsv(i, col, value)),
         [f"persons.csv:{i + 2}", q(value) if value != "" else col, *extra], **kw)


# ---- 1. gate --------------------------------------------------------------------------------

def gate_cases():
    c = "gate"
    persons_case(c, "unknown-sex-code", "persons.csv: one person has sex code X", 3, "sex", "X", ["sex"])
    persons_case(c, "sex-typo-nu", "persons.csv: sex written Nư (a typo of Nữ) on one row", 2, "sex", "Nư")
    persons_case(c, "age-150", "persons.csv: age 150 (outside 0–120)", 4, "age", 150, ["age"])
    persons_case(c, "age-negative", "persons.csv: age -1", 6, "age", -1)
    persons_case(c, "unknown-urban-rural-code", "persons.csv: urban_rural code TT (not U/R)", 10, "urban_rural", "TT")
    persons_case(c, "unknown-education-code", "persons.csv: education written 12/12 (grade reached) instead of a code", 1, "education", "12/12")
    persons_case(c, "period-typo-letter-o", "persons.csv: period 2O24 (letter O) on one row", 4, "period", "2O24")
    persons_case(c, "age-with-unit", "persons.csv: age written '34 tuổi' on one row", 0, "age", "34 tuổi")
    persons_case(c, "unknown-area-code", "persons.csv: area 00099 is not in areas.csv", 7, "area", "00099", ["area"])
    persons_case(c, "required-sex-empty", "persons.csv: sex (required) empty on one row", 5, "sex", "")
    persons_case(c, "required-age-empty", "persons.csv: age (required) empty on one row", 9, "age", "")
    persons_case(c, "required-period-empty", "persons.csv: period (required) empty on one row", 1, "period", "")
    persons_case(c, "required-person-id-empty", "persons.csv: person_id (required) empty on one row", 12, "person_id", "")

    rows = setc(PERSONS_HEADER, persons_rows(), 8, "person_id", "P0003")
    case(c, "duplicate-person-id", "persons.csv: person_id P0003 appears twice in 2024 (lines 4 and 10)",
         single("persons", "persons.csv", persons_csv(rows)), ["persons.csv:4", "10", q("P0003"), "person_id"])

    a = areas_rows()
    a[4][6] = "2023-12-31"  # 00006 ends before 2024
    case(c, "area-not-valid-in-period", "area 00006 ends on 2023-12-31 but persons.csv has 2024 records there (first on line 9)",
         single("persons", "persons.csv", persons_csv(), areas=areas_csv(a)), ["persons.csv:9", q("00006")])
    a = areas_rows()
    a[6][5] = "2025-01-01"  # 09877 starts after 2024
    case(c, "area-not-valid-yet", "area 09877 starts on 2025-01-01 but persons.csv has 2024 records there (first on line 12)",
         single("persons", "persons.csv", persons_csv(), areas=areas_csv(a)), ["persons.csv:12", q("09877")])

    case(c, "female-male-exceed-total", "population-counts.csv: 00004 15-19: F 45 + M 49 > _T 90 (_T row on line 8)",
         single("population-counts", "population-counts.csv", ccsv(6, "count", 90)),
         ["population-counts.csv:8", q(90)])
    rows = counts_rows(with_district=True)
    rows = setc(COUNTS_HEADER, rows, 16, "count", 130)  # 001 20-24 F: parts 122
    rows = setc(COUNTS_HEADER, rows, 17, "count", 108)  # 001 20-24 M: parts 116
    case(c, "parts-not-summing-to-parent", "population-counts.csv: district 001 20-24 F is 130 (line 18) but its communes sum to 122",
         single("population-counts", "population-counts.csv", counts_csv(rows)),
         ["population-counts.csv:18", q("001")])
    case(c, "negative-count", "population-counts.csv: count -5 on line 10",
         single("population-counts", "population-counts.csv",
                counts_csv(setc(COUNTS_HEADER, setc(COUNTS_HEADER, counts_rows(), 8, "count", -5), 6, "count", 40))),
         ["population-counts.csv:10", q(-5), "count"])

    case(c, "births-mother-age-9", "births.csv: mother_age 9 (declared range 10–60)",
         single("births", "births.csv", csv_text(BIRTHS_HEADER, setc(BIRTHS_HEADER, births_rows(), 2, "mother_age", 9))),
         ["births.csv:4", q(9), "mother_age"])
    case(c, "labour-status-unknown", "labour-force.csv: labour_status 'working' is not a code",
         single("labour-force", "labour-force.csv", lcsv(5, "labour_status", "working")),
         ["labour-force.csv:7", q("working")])
    case(c, "labour-age-14", "labour-force.csv: age 14 (the survey covers 15+)",
         single("labour-force", "labour-force.csv", lcsv(7, "age", 14)), ["labour-force.csv:9", q(14)])
    case(c, "enterprise-kind-unknown", "enterprises.csv: kind 'hộ kinh doanh' is not a code",
         single("enterprises", "enterprises.csv",
                csv_text(ENTERPRISE_HEADER, setc(ENTERPRISE_HEADER, enterprise_rows(), 3, "kind", "hộ kinh doanh"))),
         ["enterprises.csv:5", q("hộ kinh doanh")])
    case(c, "gbv-victim-age-130", "gbv-cases.csv: victim_age 130",
         single("gbv-cases", "gbv-cases.csv", csv_text(GBV_HEADER, setc(GBV_HEADER, gbv_rows(), 2, "victim_age", 130))),
         ["gbv-cases.csv:4", q(130)])
    case(c, "deaths-age-121", "deaths.csv: age 121",
         deaths_project(csv_text(DEATHS_HEADER, setc(DEATHS_HEADER, deaths_rows(), 5, "age", 121))),
         ["deaths.csv:7", q(121)])
    case(c, "council-level-unknown", "council-deputies.csv: level 'thôn' (a hamlet is not a council level)",
         single("council-deputies", "council-deputies.csv",
                csv_text(DEPUTIES_HEADER, setc(DEPUTIES_HEADER, deputies_rows(), 4, "level", "thôn"))),
         ["council-deputies.csv:6", q("thôn")])
    sheet = counts_sheet_rows(setc(COUNTS_HEADER, counts_rows(), 4, "sex", "Khác"))
    case(c, "xlsx-unknown-sex", "population-counts.xlsx: sex 'Khác' on sheet row 6",
         single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", sheet)])),
         ["population-counts.xlsx:6", q("Khác")])
    case(c, "parquet-unknown-area", "persons.parquet: record 8 has area 00099",
         single("persons", "persons.parquet", persons_parquet(setc(PERSONS_HEADER, persons_rows(), 7, "area", "00099"))),
         ["persons.parquet:8", q("00099")])


# ---- 2. codes-as-text -----------------------------------------------------------------------

def strip_zeros(code: str) -> str:
    return str(int(code))


def codes_cases():
    c = "codes-as-text"
    persons_case(c, "commune-4-without-zeros", "persons.csv: commune 00004 written 4 on one row (areas.csv has 00004)", 3, "area", "4", ["area"])
    persons_case(c, "commune-004-three-digits", "persons.csv: commune 00004 written 004 on one row", 6, "area", "004")
    persons_case(c, "commune-000004-six-digits", "persons.csv: commune written 000004 (six digits) on one row", 11, "area", "000004")
    persons_case(c, "commune-4.0-from-float-export", "persons.csv: commune written 4.0 (a spreadsheet exported it as a number) on one row", 7, "area", "4.0")
    persons_case(c, "commune-inner-space", "persons.csv: commune written '00 006' on one row", 8, "area", "00 006")
    case(c, "commune-stray-spaces-missing-zero", "persons.csv: area ' 0004 ' (spaces around a code that also lost a zero)",
         single("persons", "persons.csv", pcsv(4, "area", " 0004 ")), ["persons.csv:6", "0004"])

    case(c, "commune-zero-width-space", "persons.csv: area 00004 preceded by an invisible zero-width space (U+200B) on line 6",
         single("persons", "persons.csv", pcsv(4, "area", "\u200b00004")), ["persons.csv:6", "00004"])

    rows = [list(r) for r in persons_rows()]
    for r in rows:
        r[2] = strip_zeros(r[2])
    case(c, "all-data-codes-lost-zeros", "persons.csv: every commune code lost its zeros (1, 4, 6, 9877); areas.csv is zero-padded",
         single("persons", "persons.csv", persons_csv(rows)), ["persons.csv:2", q("1")])

    a = areas_rows()
    for r in a:
        if r[3] == "commune":
            r[0] = strip_zeros(r[0])
    case(c, "area-list-codes-lost-zeros", "areas.csv: commune codes written 1, 4, 6, 9877; persons.csv has the official 00001… codes",
         single("persons", "persons.csv", persons_csv(), areas=areas_csv(a)), ["persons.csv:2", q("00001")])

    a = areas_rows()
    a[3][4] = "1"
    case(c, "area-parent-lost-zeros", "areas.csv: commune 00004 has parent 1 instead of 001 (line 5)",
         single("persons", "persons.csv", persons_csv(), areas=areas_csv(a)), ["areas.csv:5", q("1")])

    case(c, "district-code-1", "gov-bodies.csv: district 001 written 1 on line 2",
         single("gov-bodies", "gov-bodies.csv", csv_text(GOV_HEADER, setc(GOV_HEADER, gov_rows(), 0, "area", "1"))),
         ["gov-bodies.csv:2", q("1")])
    case(c, "province-code-1", "gov-bodies.csv: province 01 written 1 on line 10",
         single("gov-bodies", "gov-bodies.csv",
                csv_text(GOV_HEADER, gov_rows() + [["01-UBND", 2024, "1", "province", "peoples-committee", "true"]])),
         ["gov-bodies.csv:10", q("1")])

    sheet = counts_sheet_rows()
    sheet[8][1] = 4  # row 9: area as a number
    case(c, "xlsx-numeric-area-cell", "population-counts.xlsx: area cell B9 is the number 4; the other area cells are text",
         single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", sheet)])),
         ["population-counts.xlsx:9", q("4")])
    sheet = counts_sheet_rows(area_cell=lambda a: int(a))
    case(c, "xlsx-all-area-cells-numeric", "population-counts.xlsx: every area cell is a number (1, 4): Excel dropped the zeros",
         single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", sheet)])),
         ["population-counts.xlsx:2", q("1")])
    sheet = counts_sheet_rows()
    sheet[8][1] = Num(4, "0000")
    case(c, "xlsx-area-cell-formatted-0000", "population-counts.xlsx: cell B9 holds the number 4 shown as 0004 (format 0000); the code is 00004",
         single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", sheet)])),
         ["population-counts.xlsx:9", "area"])
    sheet = counts_sheet_rows()
    sheet[5][2] = 2  # row 6: sex as a number
    case(c, "xlsx-numeric-sex-cell", "population-counts.xlsx: sex cell C6 is the number 2 (census code) without a codes map",
         single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", sheet)])),
         ["population-counts.xlsx:6", q("2")])

    rows = [list(r) for r in persons_rows()]
    for r in rows:
        r[3] = {"M": "1", "F": "2"}[r[3]]
    case(c, "numeric-sex-codes-without-map", "persons.csv: sex written 1/2 (census codes) and gds.toml has no codes map",
         single("persons", "persons.csv", persons_csv(rows)), ["persons.csv:2", q("2"), "sex"])
    rows2 = setc(PERSONS_HEADER, rows, 9, "sex", "3")
    case(c, "numeric-sex-code-outside-map", "persons.csv: sex 1/2 mapped in gds.toml, but line 11 has 3",
         single("persons", "persons.csv", persons_csv(rows2), codes={"sex": {"1": "M", "2": "F"}}),
         ["persons.csv:11", q("3")])
    case(c, "parquet-area-int64", "persons.parquet: the area column is INT64 (1, 4, 6, 9877): the writer lost the zeros",
         single("persons", "persons.parquet",
                persons_parquet(area_kind="int", override={"area": ("int", [int(r[2]) for r in persons_rows()])})),
         ["persons.parquet:1", q("1")])
    case(c, "parquet-sex-int64", "persons.parquet: sex is an INT64 column 1/2 without a codes map",
         single("persons", "persons.parquet",
                persons_parquet(override={"sex": ("int", [1 if r[3] == "M" else 2 for r in persons_rows()])})),
         ["persons.parquet:1", q("2")])

    cw = crosswalk_rows()
    cw[1][0] = "4"
    case(c, "crosswalk-code-lost-zeros", "crosswalk.csv: line 3 maps from 4 instead of 00004",
         single("persons", "persons.csv", persons_csv(), areas=areas_csv(areas_2025_rows()),
                crosswalk="crosswalk.csv", extra_files={"crosswalk.csv": csv_text(CROSSWALK_HEADER, cw)}),
         ["crosswalk.csv:3", q("4")])
    rows = setc(LABOUR_HEADER, labour_rows(), 9, "area", "9877")
    case(c, "labour-semicolon-commune-9877", "labour-force.csv (semicolon-separated): commune 09877 written 9877 on line 11",
         single("labour-force", "labour-force.csv", labour_csv(rows, sep=";")), ["labour-force.csv:11", q("9877")])


# ---- 3. missing-not-no ----------------------------------------------------------------------

def missing_cases():
    c = "missing-not-no"
    h, rows = dropc(GOV_HEADER, gov_rows(), "female_key_leader")
    case(c, "required-boolean-column-absent", "gov-bodies.csv has no female_key_leader column (required)",
         single("gov-bodies", "gov-bodies.csv", csv_text(h, rows)), ["gov-bodies.csv:1", "female_key_leader"])
    rows = [r[:-1] + [""] for r in gov_rows()]
    case(c, "required-boolean-column-all-empty", "gov-bodies.csv: female_key_leader (required) is empty on every row",
         single("gov-bodies", "gov-bodies.csv", csv_text(GOV_HEADER, rows)), ["gov-bodies.csv:2", "female_key_leader"])
    case(c, "required-boolean-one-empty", "gov-bodies.csv: female_key_leader (required) empty on line 6",
         single("gov-bodies", "gov-bodies.csv", csv_text(GOV_HEADER, setc(GOV_HEADER, gov_rows(), 4, "female_key_leader", ""))),
         ["gov-bodies.csv:6", "female_key_leader"])
    case(c, "required-boolean-question-mark", "gov-bodies.csv: female_key_leader is ? on line 4",
         single("gov-bodies", "gov-bodies.csv", csv_text(GOV_HEADER, setc(GOV_HEADER, gov_rows(), 2, "female_key_leader", "?"))),
         ["gov-bodies.csv:4", q("?")])
    persons_case(c, "literate-question-mark", "persons.csv: literate is ? on one row", 2, "literate", "?", ["literate"])
    persons_case(c, "uses-internet-dash", "persons.csv: uses_internet is - on one row", 5, "uses_internet", "-")
    # Count tables of births (table = "aggregate", count = "Số trẻ"): counts are whole units.
    for slug, what, value, line in [
        ("births-count-fractional", "births-by-sex.csv (a count table): 2.5 births on line 4", "2.5", 4),
        ("births-count-empty", "births-by-sex.csv (a count table): no count on line 3", "", 3),
        ("births-count-negative", "births-by-sex.csv (a count table): -3 births on line 5", "-3", 5),
        ("births-count-question-mark", "births-by-sex.csv (a count table): ? births on line 2", "?", 2),
    ]:
        rows = [[2024, a, s, n] for a, s, n in BIRTH_COUNTS]
        rows[line - 2][3] = value
        case(c, slug, what, births_counts_project(rows), [f"births-by-sex.csv:{line}", "Số trẻ"])
    persons_case(c, "has-account-dots", "persons.csv: has_account is .. (statistical 'not available') on one row", 1, "has_account", "..")
    persons_case(c, "literate-khong-biet", "persons.csv: literate is 'không biết' (don't know) on one row", 7, "literate", "không biết")
    persons_case(c, "owns-mobile-NA", "persons.csv: owns_mobile is NA on one row", 10, "owns_mobile", "NA")
    case(c, "informal-NA", "labour-force.csv: informal is NA for an employed person",
         single("labour-force", "labour-force.csv", lcsv(5, "informal", "NA")), ["labour-force.csv:7", q("NA")])
    case(c, "skilled-attendant-khong-ro", "births.csv: skilled_attendant is 'không rõ' (unknown)",
         single("births", "births.csv", csv_text(BIRTHS_HEADER, setc(BIRTHS_HEADER, births_rows(), 2, "skilled_attendant", "không rõ"))),
         ["births.csv:4", q("không rõ")])
    case(c, "gbv-service-N-A", "gbv-cases.csv: received_any_service is N/A",
         single("gbv-cases", "gbv-cases.csv", csv_text(GBV_HEADER, setc(GBV_HEADER, gbv_rows(), 3, "received_any_service", "N/A"))),
         ["gbv-cases.csv:5", q("N/A")])
    case(c, "deaths-maternal-question-mark", "deaths.csv: maternal is ? on one row",
         deaths_project(csv_text(DEATHS_HEADER, setc(DEATHS_HEADER, deaths_rows(), 2, "maternal", "?"))),
         ["deaths.csv:4", q("?")])
    case(c, "hours-worked-dots", "labour-force.csv: hours_worked is .. on line 2",
         single("labour-force", "labour-force.csv", lcsv(0, "hours_worked", "..")), ["labour-force.csv:2", q("..")])

    for slug, i, v, what in [
        ("weight-NaN", 3, "NaN", "weight NaN"),
        ("weight-inf", 6, "inf", "weight inf"),
        ("weight-negative", 8, "-150.0", "weight -150.0"),
        ("weight-zero", 10, "0", "weight 0"),
        ("weight-dash", 11, "-", "weight -"),
    ]:
        case(c, slug, f"labour-force.csv: {what} on line {i + 2}",
             single("labour-force", "labour-force.csv", lcsv(i, "weight", v)), [f"labour-force.csv:{i + 2}", q(v), "weight"])
    case(c, "weight-overflow-1e400", "labour-force.csv: weight 1e400 (overflows to infinity) on line 6",
         single("labour-force", "labour-force.csv", lcsv(4, "weight", "1e400")), ["labour-force.csv:6", q("1e400")])
    h, rows = dropc(LABOUR_HEADER, labour_rows(), "weight")
    case(c, "weight-column-absent", "labour-force.csv has no weight column (required: the survey cannot be weighted)",
         single("labour-force", "labour-force.csv", labour_csv(rows, header=h)), ["labour-force.csv:1", "weight"])
    case(c, "weight-empty", "labour-force.csv: weight (required) empty on line 3",
         single("labour-force", "labour-force.csv", lcsv(1, "weight", "")), ["labour-force.csv:3", "weight"])
    w = [float(r[-1]) for r in labour_rows()]
    w[3] = float("nan")
    case(c, "parquet-weight-NaN", "labour-force.parquet: weight is a NaN double in record 4",
         single("labour-force", "labour-force.parquet", labour_parquet(override={"weight": ("float", w)})),
         ["labour-force.parquet:4", "NaN", "weight"])
    w = [float(r[-1]) for r in labour_rows()]
    w[6] = float("-inf")
    case(c, "parquet-weight-minus-inf", "labour-force.parquet: weight is -inf in record 7",
         single("labour-force", "labour-force.parquet", labour_parquet(override={"weight": ("float", w)})),
         ["labour-force.parquet:7", "inf", "weight"])

    case(c, "count-NaN", "population-counts.csv: count NaN on line 7",
         single("population-counts", "population-counts.csv", ccsv(5, "count", "NaN")), ["population-counts.csv:7", q("NaN"), "count"])
    case(c, "count-dash-for-zero", "population-counts.csv: count - (a report table's 'none') on line 4",
         single("population-counts", "population-counts.csv", ccsv(2, "count", "-")), ["population-counts.csv:4", q("-")])
    case(c, "count-negative", "population-counts.csv: count -52 on line 12",
         single("population-counts", "population-counts.csv", ccsv(10, "count", -52)), ["population-counts.csv:12", q(-52)])
    rows = [r[:-1] + [""] for r in counts_rows()]
    case(c, "count-all-empty", "population-counts.csv: the count column (required) is empty on every row",
         single("population-counts", "population-counts.csv", counts_csv(rows)), ["population-counts.csv:2", "count"])

    cw = crosswalk_rows()
    cw[2][2] = "NaN"
    case(c, "crosswalk-share-NaN", "crosswalk.csv: share NaN on line 4",
         single("persons", "persons.csv", persons_csv(), areas=areas_csv(areas_2025_rows()),
                crosswalk="crosswalk.csv", extra_files={"crosswalk.csv": csv_text(CROSSWALK_HEADER, cw)}),
         ["crosswalk.csv:4", q("NaN")])
    cw = crosswalk_rows()
    cw[0][2] = ""
    case(c, "crosswalk-share-empty", "crosswalk.csv: share empty on line 2",
         single("persons", "persons.csv", persons_csv(), areas=areas_csv(areas_2025_rows()),
                crosswalk="crosswalk.csv", extra_files={"crosswalk.csv": csv_text(CROSSWALK_HEADER, cw)}),
         ["crosswalk.csv:2", "share"])


# ---- 4. areas-graph -------------------------------------------------------------------------

def cw_project(cw_text: str, areas=None, persons=None) -> dict:
    if persons is None:  # the 2025 list has no 09877
        persons = persons_csv([r for r in persons_rows() if r[2] != "09877"])
    return single("persons", "persons.csv", persons,
                  areas=areas_csv(areas_2025_rows()) if areas is None else areas,
                  crosswalk="crosswalk.csv", extra_files={"crosswalk.csv": cw_text})


def areas_graph_cases():
    c = "areas-graph"

    def with_areas(slug, what, rows, messages, **kw):
        case(c, slug, what, single("persons", "persons.csv", persons_csv(), areas=areas_csv(rows)), messages, **kw)

    a = areas_rows(); a[1][4] = "271"; a[5][4] = "001"
    with_areas("two-area-cycle", "areas.csv: 001 has parent 271 (line 3) and 271 has parent 001 (line 7)", a,
               ["areas.csv:3", q("001"), q("271")])
    a = areas_rows(); a[3][4] = "00004"
    with_areas("self-parent", "areas.csv: 00004 is its own parent (line 5)", a, ["areas.csv:5", q("00004")])
    a = areas_rows(); a[0][4] = "00001"
    with_areas("province-under-commune-cycle", "areas.csv: province 01 has parent 00001, which is below it (line 2): a three-level cycle", a,
               ["areas.csv:2", q("00001")])
    a = areas_rows(); a[5][4] = "00001"
    with_areas("parent-at-lower-level", "areas.csv: district 271 has commune 00001 as parent (line 7)", a,
               ["areas.csv:7", q("00001")])
    a = areas_rows(); a[6][3] = "thôn"
    with_areas("unknown-level-thon", "areas.csv: 09877 has level 'thôn' (hamlet), not a level of the code list (line 8)", a,
               ["areas.csv:8", q("thôn")])
    a = areas_rows(); a[2][3] = "3"
    with_areas("unknown-level-number", "areas.csv: 00001 has level 3 (a numeric level) on line 4", a, ["areas.csv:4", q("3")])
    a = areas_rows(); a[4][4] = "002"
    with_areas("missing-parent", "areas.csv: 00006 has parent 002, which is not in the list (line 6)", a,
               ["areas.csv:6", q("002")])
    a = areas_rows() + [["00004", "Phường Trúc Bạch (trùng)", "Truc Bach ward (again)", "commune", "001", "", ""]]
    with_areas("duplicate-code", "areas.csv: 00004 appears twice (lines 5 and 9)", a, ["areas.csv:9", q("00004")])
    a = areas_rows(); a[3][6] = "2025-06-30"
    a = a + [["00004", "Phường Trúc Bạch mới", "New Truc Bach ward", "commune", "001", "2024-01-01", ""]]
    with_areas("duplicate-code-overlapping-validity", "areas.csv: 00004 valid until 2025-06-30 (line 5) and again from 2024-01-01 (line 9)", a,
               ["areas.csv:9", q("00004")])
    a = areas_rows(); a[4][5] = "2024-01-01"; a[4][6] = "2023-06-30"
    with_areas("valid-to-before-valid-from", "areas.csv: 00006 valid from 2024-01-01 to 2023-06-30 (line 6)", a,
               ["areas.csv:6", q("2023-06-30")])
    a = areas_rows(); a[3][6] = "31/12/2024"
    with_areas("date-day-first", "areas.csv: valid_to 31/12/2024 (day first) on line 5", a, ["areas.csv:5", q("31/12/2024")])
    a = areas_rows(); a[2][5] = "2024-13-01"
    with_areas("date-month-13", "areas.csv: valid_from 2024-13-01 on line 4", a, ["areas.csv:4", q("2024-13-01")])
    a = areas_rows(); a[5][6] = "2025-6-30"
    with_areas("date-not-zero-padded", "areas.csv: valid_to 2025-6-30 (compares wrongly as text) on line 7", a,
               ["areas.csv:7", q("2025-6-30")])
    a = areas_rows() + [["", "Phường Mới", "New ward", "commune", "001", "", ""]]
    with_areas("empty-code", "areas.csv: a unit without a code on line 9", a, ["areas.csv:9", "code"])
    a = areas_rows(); a[4][3] = ""
    with_areas("empty-level", "areas.csv: 00006 has no level (line 6)", a, ["areas.csv:6", "level"])

    cw = crosswalk_rows(); cw[2][2] = "1.2"; cw[3][2] = "-0.2"
    case(c, "crosswalk-share-negative", "crosswalk.csv: 00006 splits 1.2 / -0.2 (sums to 1, but -0.2 on line 5)",
         cw_project(csv_text(CROSSWALK_HEADER, cw)), ["crosswalk.csv:5", q("-0.2")])
    cw = crosswalk_rows(); cw[3][2] = "0.3"
    case(c, "crosswalk-shares-not-summing-to-one", "crosswalk.csv: the shares of 00006 are 0.6 + 0.3 (lines 4-5)",
         cw_project(csv_text(CROSSWALK_HEADER, cw)), ["crosswalk.csv:4", q("00006")])
    cw = crosswalk_rows(); cw[0][2] = "1.5"
    case(c, "crosswalk-share-over-one", "crosswalk.csv: 00001 maps with share 1.5 (line 2)",
         cw_project(csv_text(CROSSWALK_HEADER, cw)), ["crosswalk.csv:2", q("1.5")])
    cw = crosswalk_rows(); cw[2][2] = "60%"
    case(c, "crosswalk-share-percent", "crosswalk.csv: share written 60% on line 4",
         cw_project(csv_text(CROSSWALK_HEADER, cw)), ["crosswalk.csv:4", q("60%")])
    cw = crosswalk_rows(); cw[1][0] = "00005"
    case(c, "crosswalk-unknown-from", "crosswalk.csv: from 00005 is not in areas.csv (line 3)",
         cw_project(csv_text(CROSSWALK_HEADER, cw)), ["crosswalk.csv:3", q("00005")])
    cw = crosswalk_rows(); cw[0][1] = "00010"
    case(c, "crosswalk-unknown-to", "crosswalk.csv: to 00010 is not in areas.csv (line 2)",
         cw_project(csv_text(CROSSWALK_HEADER, cw)), ["crosswalk.csv:2", q("00010")])
    cw = crosswalk_rows(); cw[0][1] = "00004"
    case(c, "crosswalk-to-expired-unit", "crosswalk.csv: 00001 merges on 2025-07-01 into 00004, which ends on 2025-06-30 (line 2)",
         cw_project(csv_text(CROSSWALK_HEADER, cw)), ["crosswalk.csv:2", q("00004")])
    a = areas_2025_rows(); a[5][4] = "001"
    case(c, "parent-ends-before-child-starts", "areas.csv: 00008 starts 2025-07-01 under district 001, which ends 2025-06-30 (line 7)",
         cw_project(csv_text(CROSSWALK_HEADER, crosswalk_rows()), areas=areas_csv(a)), ["areas.csv:7", q("001")])
    a = areas_2025_rows(); a[2][6] = ""
    case(c, "crosswalk-from-unit-still-valid", "crosswalk.csv merges 00001 on 2025-07-01 (line 2), but areas.csv keeps 00001 valid with no end",
         cw_project(csv_text(CROSSWALK_HEADER, crosswalk_rows()), areas=areas_csv(a)), ["crosswalk.csv:2", q("00001")])
    cw = crosswalk_rows(); cw[0][3] = "01/07/2025"
    case(c, "crosswalk-date-day-first", "crosswalk.csv: date 01/07/2025 on line 2",
         cw_project(csv_text(CROSSWALK_HEADER, cw)), ["crosswalk.csv:2", q("01/07/2025")])
    cw = crosswalk_rows(); cw[1][3] = "2025-7-1"
    case(c, "crosswalk-date-not-zero-padded", "crosswalk.csv: date 2025-7-1 on line 3",
         cw_project(csv_text(CROSSWALK_HEADER, cw)), ["crosswalk.csv:3", q("2025-7-1")])
    case(c, "crosswalk-missing-share-column", "crosswalk.csv has no share column (header: from,to,date)",
         cw_project(csv_text(["from", "to", "date"], [[r[0], r[1], r[3]] for r in crosswalk_rows()])),
         ["crosswalk.csv:1", "share"])

    base = single("persons", "persons.csv", persons_csv())
    case(c, "level-ward", "--level ward: no unit of areas.csv has level ward", dict(base),
         [q("ward")], commands=["compute", "report"], args=["--level", "ward"])
    case(c, "level-hamlet", "--level hamlet: not a level at all", dict(base),
         [q("hamlet")], commands=["compute", "report"], args=["--level", "hamlet"])
    case(c, "level-national-absent", "--level national: areas.csv has no national unit", dict(base),
         [q("national")], commands=["compute", "report"], args=["--level", "national"])
    a = [r for r in areas_rows() if r[3] != "province"]
    for r in a:
        if r[3] == "district":
            r[4] = ""
    case(c, "level-province-absent", "--level province: areas.csv has districts and communes but no province",
         single("persons", "persons.csv", persons_csv(), areas=areas_csv(a)),
         [q("province")], commands=["compute", "report"], args=["--level", "province"])
    case(c, "as-of-day-first", "--as-of 01/07/2025 (day first) with a crosswalk",
         cw_project(csv_text(CROSSWALK_HEADER, crosswalk_rows())), [q("01/07/2025")], commands=["compute"],
         args=["--as-of", "01/07/2025"])
    case(c, "as-of-month-13", "--as-of 2025-13-01 with a crosswalk",
         cw_project(csv_text(CROSSWALK_HEADER, crosswalk_rows())), [q("2025-13-01")], commands=["compute"],
         args=["--as-of", "2025-13-01"])


# ---- 5. double-count ------------------------------------------------------------------------

def double_cases():
    c = "double-count"
    toml = project(source("persons", "persons.csv"), source("persons", "./persons.csv"))
    case(c, "same-file-dot-slash", "gds.toml lists persons.csv and ./persons.csv: the same file twice",
         {"gds.toml": toml, "persons.csv": persons_csv(), "areas.csv": areas_csv()},
         [tline(toml, '"./persons.csv"'), "./persons.csv"])
    toml = project(source("persons", "persons.csv"), source("persons", "persons-copy.csv"))
    case(c, "same-file-symlink-twin", "gds.toml lists persons.csv and persons-copy.csv, a symlink to it",
         {"gds.toml": toml, "persons.csv": persons_csv(), "persons-copy.csv": Link("persons.csv"), "areas.csv": areas_csv()},
         [tline(toml, '"persons-copy.csv"'), "persons-copy.csv"])
    toml = project(source("population-counts", "population-counts.csv"), source("population-counts", "population-counts.xlsx"))
    case(c, "csv-and-xlsx-twin", "population-counts.csv and population-counts.xlsx hold the same 2024 table",
         {"gds.toml": toml, "population-counts.csv": counts_csv(),
          "population-counts.xlsx": xlsx([("Sheet1", counts_sheet_rows())]), "areas.csv": areas_csv()},
         ["population-counts.csv:2", "population-counts.xlsx"])
    rows = [[2024, a, s, n] for a, s, n in BIRTH_COUNTS] + [[2024, "00004", "M", 7]]
    case(c, "births-count-cell-twice", "births-by-sex.csv (a count table): the cell 2024, 00004, M on lines 4 and 8",
         births_counts_project(rows), ["births-by-sex.csv:4", q("00004")])
    toml = project(source("persons", "persons.csv"), source("persons", "persons.parquet"))
    case(c, "csv-and-parquet-twin", "persons.csv and persons.parquet hold the same 2024 records",
         {"gds.toml": toml, "persons.csv": persons_csv(), "persons.parquet": persons_parquet(), "areas.csv": areas_csv()},
         ["persons.csv:2", "persons.parquet", q("P0001")])
    rows = persons_rows()
    toml = project(source("persons", "persons-a.csv"), source("persons", "persons-b.csv"))
    case(c, "two-files-overlapping-records", "persons-a.csv has P0001-P0009, persons-b.csv P0008-P0014: two records in both",
         {"gds.toml": toml, "persons-a.csv": persons_csv(rows[:9]), "persons-b.csv": persons_csv(rows[7:]), "areas.csv": areas_csv()},
         ["persons-a.csv:9", "persons-b.csv", q("P0008")])
    rows = births_rows()
    rows[6] = list(rows[3])
    case(c, "duplicate-row-births", "births.csv: line 8 repeats line 5 (B0004)",
         single("births", "births.csv", csv_text(BIRTHS_HEADER, rows)), ["births.csv:5", "8", q("B0004")])
    rows = labour_rows() + [list(labour_rows()[2])]
    case(c, "duplicate-row-labour-force", "labour-force.csv: line 14 repeats line 4 (L0003), doubling its weight",
         single("labour-force", "labour-force.csv", labour_csv(rows)), ["labour-force.csv:4", "14", q("L0003")])
    rows = counts_rows() + [[2024, "00004", "F", "15-19", "U", 45]]
    case(c, "duplicate-cell-same-count", "population-counts.csv: cell 00004/F/15-19/U on line 9 and again on line 14",
         single("population-counts", "population-counts.csv", counts_csv(rows)), ["population-counts.csv:9", "14", q("00004")])
    rows = counts_rows() + [[2024, "00001", "M", "20-24", "U", 60]]
    case(c, "duplicate-cell-other-count", "population-counts.csv: cell 00001/M/20-24/U on line 7 (66) and line 14 (60)",
         single("population-counts", "population-counts.csv", counts_csv(rows)), ["population-counts.csv:7", "14", q("00001")])
    case(c, "header-only-file", "persons.csv has its header and no records",
         single("persons", "persons.csv", persons_csv([])), ["persons.csv"])
    case(c, "cr-only-line-endings", "persons.csv uses CR-only line endings (old Mac Excel)",
         single("persons", "persons.csv", persons_csv(eol="\r")), ["persons.csv"])
    case(c, "declared-delimiter-wrong", "gds.toml says delimiter ';' but persons.csv is comma-separated: the file reads as one column",
         single("persons", "persons.csv", persons_csv(), delimiter=";"), ["persons.csv:1"])
    case(c, "pipe-delimited", "persons.csv is pipe-separated: the file reads as one column",
         single("persons", "persons.csv", persons_csv(sep="|")), ["persons.csv:1"])
    case(c, "tab-delimited-declared-comma", "labour-force.csv is tab-separated, gds.toml says delimiter ','",
         single("labour-force", "labour-force.csv", labour_csv(sep="\t"), delimiter=","), ["labour-force.csv:1"])

    rows = [r for r in counts_rows() if r[2] != "_T"]
    rows = setc(COUNTS_HEADER, rows, 3, "count", "1.066")
    case(c, "thousands-dot-count", "population-counts.csv (no total rows): count 1.066 on line 5 means 1066",
         single("population-counts", "population-counts.csv", counts_csv(rows)), ["population-counts.csv:5", q("1.066")])
    case(c, "thousands-dot-total", "population-counts.csv: the _T count 1.102 on line 11 means 1102",
         single("population-counts", "population-counts.csv", ccsv(9, "count", "1.102")), ["population-counts.csv:11", q("1.102")])
    case(c, "thousands-comma-quoted", "population-counts.csv: count \"1,234\" (quoted, comma thousands) on line 5",
         single("population-counts", "population-counts.csv", ccsv(3, "count", '"1,234"')), ["population-counts.csv:5", q("1,234")])
    case(c, "thousands-space", "population-counts.csv: count '1 136' on line 5",
         single("population-counts", "population-counts.csv", ccsv(3, "count", "1 136")), ["population-counts.csv:5", q("1 136")])
    rows = [list(r) for r in labour_rows()]
    for r in rows:
        r[-1] = r[-1].replace(".", ",")
    case(c, "decimal-comma-weight", "labour-force.csv (semicolon-separated): weights written with a decimal comma (152,5)",
         single("labour-force", "labour-force.csv", labour_csv(rows, sep=";")), ["labour-force.csv:2", q("152,5")])
    persons_case(c, "fractional-age", "persons.csv: age 34.5 on one row", 7, "age", "34.5")
    case(c, "fractional-mother-age", "births.csv: mother_age 27.5",
         single("births", "births.csv", csv_text(BIRTHS_HEADER, setc(BIRTHS_HEADER, births_rows(), 2, "mother_age", "27.5"))),
         ["births.csv:4", q("27.5")])
    case(c, "fractional-count", "population-counts.csv: count 61.5 on line 3",
         single("population-counts", "population-counts.csv", ccsv(1, "count", "61.5")), ["population-counts.csv:3", q("61.5")])
    sheet = counts_sheet_rows()
    sheet[4][5] = 12.5
    case(c, "xlsx-fractional-count", "population-counts.xlsx: count cell F5 is 12.5",
         single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", sheet)])), ["population-counts.xlsx:5", q("12.5")])
    ages = [float(r[4]) for r in persons_rows()]
    ages[8] = 16.5
    case(c, "parquet-fractional-age", "persons.parquet: age is a DOUBLE column and record 9 has 16.5",
         single("persons", "persons.parquet", persons_parquet(override={"age": ("float", ages)})),
         ["persons.parquet:9", "16.5"])
    rows = persons_rows() + [["TONG", 2024, "00001", "_T", 40, "U", "kinh", "primary", "true", "married", "true", "true", "true"]]
    case(c, "microdata-total-sex", "persons.csv: line 16 is a record with sex _T (a total pasted into microdata)",
         single("persons", "persons.csv", persons_csv(rows)), ["persons.csv:16", q("_T")])
    # A total row is left out and checked against the rows it totals (119 + 94 = 213): a
    # total that disagrees stops the run, at its row.
    sheet = counts_sheet_rows() + [[2024, "Tổng cộng", "_T", "15-19", "U", 215]]
    case(c, "xlsx-total-row-at-bottom", "population-counts.xlsx: a 'Tổng cộng' (grand total) row at the bottom, sheet row 14, that disagrees with its rows (215, not 213)",
         single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", sheet)])),
         ["population-counts.xlsx:14", q("Tổng cộng")])


# ---- 6. folder-boundary ---------------------------------------------------------------------
# tests/bad-inputs/_outside/ holds valid files that sit OUTSIDE every case folder; the harness
# copies it next to each case copy, so `../_outside/...` resolves the same way there.

OUTSIDE = {
    "persons.csv": lambda: persons_csv(),
    "areas.csv": lambda: areas_csv(),
    "crosswalk.csv": lambda: csv_text(CROSSWALK_HEADER, crosswalk_rows()),
}


def boundary_cases():
    c = "folder-boundary"
    passwd = ["root:x:0"]
    case(c, "data-symlink-to-etc-passwd", "persons.csv is a symlink to /etc/passwd",
         single("persons", "persons.csv", Link("/etc/passwd")), ["persons.csv"], absent=passwd)
    case(c, "data-symlink-to-parent", "persons.csv is a symlink to ../_outside/persons.csv (a valid file outside the folder)",
         single("persons", "persons.csv", Link("../_outside/persons.csv")), ["persons.csv"])
    case(c, "areas-symlink-to-parent", "areas.csv is a symlink to ../_outside/areas.csv",
         single("persons", "persons.csv", persons_csv(), areas=Link("../_outside/areas.csv")), ["areas.csv"])
    case(c, "areas-symlink-to-etc-passwd", "areas.csv is a symlink to /etc/passwd",
         single("persons", "persons.csv", persons_csv(), areas=Link("/etc/passwd")), ["areas.csv"], absent=passwd)
    case(c, "crosswalk-symlink-to-parent", "crosswalk.csv is a symlink to ../_outside/crosswalk.csv",
         cw_project(Link("../_outside/crosswalk.csv")), ["crosswalk.csv"])
    case(c, "crosswalk-symlink-to-etc-passwd", "crosswalk.csv is a symlink to /etc/passwd",
         cw_project(Link("/etc/passwd")), ["crosswalk.csv"], absent=passwd)
    files = single("persons", "data/persons.csv", None)
    del files["data/persons.csv"]
    files["data"] = Link("../_outside")
    case(c, "data-dir-symlink-to-parent", "data/ is a symlink to ../_outside; path = data/persons.csv", files, ["data/persons.csv"])

    for slug, path, what in [
        ("path-dotdot", "../_outside/persons.csv", "path = ../_outside/persons.csv"),
        ("path-subdir-dotdot", "data/../../_outside/persons.csv", "path = data/../../_outside/persons.csv"),
        ("path-absolute", "/etc/passwd", "path = /etc/passwd (absolute)"),
    ]:
        toml = project(source("persons", path))
        case(c, slug, what, {"gds.toml": toml, "areas.csv": areas_csv()}, [tline(toml, "path ="), path],
             absent=passwd)
    toml = project(source("persons", "persons.csv"), areas="../_outside/areas.csv")
    case(c, "areas-path-dotdot", "areas = ../_outside/areas.csv", {"gds.toml": toml, "persons.csv": persons_csv()},
         [tline(toml, "areas ="), "../_outside/areas.csv"])
    toml = project(source("persons", "persons.csv"), areas="/etc/passwd")
    case(c, "areas-path-absolute", "areas = /etc/passwd", {"gds.toml": toml, "persons.csv": persons_csv()},
         [tline(toml, "areas ="), "/etc/passwd"], absent=passwd)
    toml = project(source("persons", "persons.csv"), crosswalk="/etc/passwd")
    case(c, "crosswalk-path-absolute", "crosswalk = /etc/passwd",
         {"gds.toml": toml, "persons.csv": persons_csv(), "areas.csv": areas_csv(areas_2025_rows())},
         [tline(toml, "crosswalk ="), "/etc/passwd"], absent=passwd)
    toml = project(source("persons", "persons.csv"), crosswalk="../_outside/crosswalk.csv")
    case(c, "crosswalk-path-dotdot", "crosswalk = ../_outside/crosswalk.csv",
         {"gds.toml": toml, "persons.csv": persons_csv(), "areas.csv": areas_csv(areas_2025_rows())},
         [tline(toml, "crosswalk ="), "../_outside/crosswalk.csv"])

    case(c, "data-symlink-loop", "persons.csv is a symlink to itself",
         single("persons", "persons.csv", Link("persons.csv")), ["persons.csv"])
    base = single("persons", "persons.csv", persons_csv())
    case(c, "out-is-the-project-file", "compute --format csv --out <project>/gds.toml: the output would overwrite the project file",
         dict(base), ["gds.toml"], commands=["compute"], out="gds.toml", args=["--format", "csv"])
    case(c, "out-is-the-data-file", "compute --out <project>/persons.csv: the output would overwrite the input",
         dict(base), ["persons.csv"], commands=["compute"], out="persons.csv")
    case(c, "out-is-the-area-list", "compute --out <project>/areas.csv", dict(base), ["areas.csv"],
         commands=["compute"], out="areas.csv")
    case(c, "out-is-the-data-file-dot-slash", "compute --out <project>/./persons.csv", dict(base), ["persons.csv"],
         commands=["compute"], out="./persons.csv")
    files = dict(base)
    files["ket-qua.csv"] = Link("persons.csv")
    case(c, "out-is-a-symlink-to-the-data", "compute --out <project>/ket-qua.csv, a symlink to persons.csv", files,
         ["ket-qua.csv"], commands=["compute"], out="ket-qua.csv")
    case(c, "out-is-the-xlsx-input", "compute --out <project>/population-counts.xlsx, the workbook it reads",
         single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", counts_sheet_rows())])),
         ["population-counts.xlsx"], commands=["compute"], out="population-counts.xlsx")
    case(c, "report-out-is-the-project-folder", "report --out <project>, whose data file is named results.csv",
         single("persons", "results.csv", persons_csv()), ["results.csv"], commands=["report"], report_out=".")


# ---- 7. parse-errors ------------------------------------------------------------------------

def lines_of(text: str) -> list[str]:
    return text.split("\n")


def parse_cases():
    c = "parse-errors"
    L = lines_of(persons_csv())
    L[5] = L[5].replace(",00004,", ',"00004,', 1)  # line 6
    case(c, "csv-unbalanced-quote", "persons.csv: line 6 opens a quote that never closes",
         single("persons", "persons.csv", "\n".join(L)), ["persons.csv:6"])
    L = lines_of(persons_csv())
    L[6] += ",extra"  # line 7
    case(c, "csv-too-many-fields", "persons.csv: line 7 has 14 fields, the header 13",
         single("persons", "persons.csv", "\n".join(L)), ["persons.csv:7"])
    L = lines_of(persons_csv())
    L[8] = ",".join(L[8].split(",")[:10])  # line 9
    case(c, "csv-too-few-fields", "persons.csv: line 9 has 10 fields, the header 13",
         single("persons", "persons.csv", "\n".join(L)), ["persons.csv:9"])
    h = list(PERSONS_HEADER)
    h[7] = "sex"
    case(c, "csv-duplicate-header", "persons.csv: the header names sex twice (columns 4 and 8)",
         single("persons", "persons.csv", persons_csv(header=h)), ["persons.csv:1", "sex"])
    text = codecs_bom() + persons_csv(setc(PERSONS_HEADER, persons_rows(), 7, "sex", "Z"), sep=";")
    case(c, "bom-semicolon-bad-row", "persons.csv: UTF-8 with BOM, ';'-separated (as Excel writes it), fine except sex Z on line 9",
         single("persons", "persons.csv", text), ["persons.csv:9", q("Z")])
    case(c, "empty-data-file", "persons.csv is empty (0 bytes)", single("persons", "persons.csv", ""), ["persons.csv"])
    # UTF-16 (Excel's "Unicode text") is read: its bad row is found at its line.
    utf16 = persons_csv(setc(PERSONS_HEADER, persons_rows(), 7, "sex", "Z"), sep="\t")
    case(c, "utf16-data-file", "persons.csv is UTF-16LE with BOM, tab-separated (Excel 'Unicode text'), fine except sex Z on line 9",
         single("persons", "persons.csv", b"\xff\xfe" + utf16.encode("utf-16-le")), ["persons.csv:9", q("Z")])
    import gzip
    case(c, "gzip-data-file", "persons.csv is gzip-compressed (persons.csv.gz renamed)",
         single("persons", "persons.csv", gzip.compress(persons_csv().encode("utf-8"), mtime=0)), ["persons.csv", "gzip-compressed"])
    # Found by fuzzing (results_file target): zlib magic bytes made the CSV reader panic.
    case(c, "zlib-magic-data-file", "persons.csv starts with the zlib magic bytes 78 01 (fuzz crash 58ddda61)",
         single("persons", "persons.csv", b"x\x01:\x9a\xca\x00\x03"), ["persons.csv", "zlib-compressed"])
    rows = setc(PERSONS_HEADER, persons_rows(), 9, "sex", "N\u1eef")
    raw = persons_csv(rows).encode("utf-8").replace("N\u1eef".encode(), b"N\xf7")
    case(c, "tcvn3-data-file", "persons.csv: line 11 has sex 'Nữ' in TCVN3 (ABC) bytes, the rest is ASCII",
         single("persons", "persons.csv", raw), ["persons.csv:11"])
    rows = setc(PERSONS_HEADER, persons_rows(), 6, "ethnicity", "Tày")
    raw = persons_csv(rows).encode("utf-8").replace("Tày".encode(), b"Ta\xf8y")
    case(c, "vni-data-file", "persons.csv: line 8 has ethnicity 'Tày' in VNI bytes, the rest is ASCII",
         single("persons", "persons.csv", raw), ["persons.csv:8"])
    rows = setc(PERSONS_HEADER, persons_rows(), 9, "sex", "N\u1eef")
    case(c, "declared-cp1258-but-utf8", "gds.toml says encoding windows-1258 but persons.csv is UTF-8 ('Nữ' on line 11 turns to mojibake)",
         single("persons", "persons.csv", persons_csv(rows), encoding="windows-1258"), ["persons.csv:11"])
    a = [[r[0], strip_marks(r[1])] + r[2:] for r in areas_rows()]
    raw = areas_csv(a).encode("utf-8").replace(b"Phuong Truc Bach", b"Ph\xad\xeang Tr\xfac B\xb9ch")
    case(c, "tcvn3-area-list", "areas.csv: the name on line 5 is in TCVN3 bytes",
         single("persons", "persons.csv", persons_csv(), areas=raw), ["areas.csv:5"])
    L = lines_of(areas_csv())
    L[5] = L[5].replace("Phường Vĩnh Phúc", "Phường Vĩnh Phúc, cũ")  # line 6
    case(c, "area-list-too-many-fields", "areas.csv: the name on line 6 has an unquoted comma",
         single("persons", "persons.csv", persons_csv(), areas="\n".join(L)), ["areas.csv:6"])
    L = lines_of(areas_csv())
    L[4] = L[4].replace("Phường Trúc Bạch", '"Phường Trúc Bạch', 1)  # line 5
    case(c, "area-list-unbalanced-quote", "areas.csv: line 5 opens a quote that never closes",
         single("persons", "persons.csv", persons_csv(), areas="\n".join(L)), ["areas.csv:5"])
    case(c, "area-list-missing-level-column", "areas.csv has no level column",
         single("persons", "persons.csv", persons_csv(),
                areas=csv_text([h for h in AREA_HEADER if h != "level"], [r[:3] + r[4:] for r in areas_rows()])),
         ["areas.csv:1", "level"])
    case(c, "area-list-empty-file", "areas.csv is empty (0 bytes)",
         single("persons", "persons.csv", persons_csv(), areas=""), ["areas.csv"])
    case(c, "area-list-header-only", "areas.csv has its header and no units",
         single("persons", "persons.csv", persons_csv(), areas=areas_csv([])), ["areas.csv"])
    L = lines_of(csv_text(CROSSWALK_HEADER, crosswalk_rows()))
    L[3] = "00006,00008,0,6,2025-07-01"  # line 4: decimal comma, unquoted
    case(c, "crosswalk-decimal-comma-unquoted", "crosswalk.csv: share 0,6 unquoted on line 4 gives 5 fields",
         cw_project("\n".join(L)), ["crosswalk.csv:4"])

    sheet = counts_sheet_rows()
    case(c, "xlsx-missing-sheet", "gds.toml asks for sheet 'Dân số'; the workbook has only Sheet1",
         single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", sheet)]), sheet="Dân số"),
         ["population-counts.xlsx", q("Dân số")])
    case(c, "xlsx-header-row-past-the-end", "header-row = 40 on a sheet of 13 rows",
         single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", sheet)]), header_row=40),
         ["population-counts.xlsx:40"])
    case(c, "xlsx-empty-sheet", "population-counts.xlsx: the only sheet is empty",
         single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", [])])), ["population-counts.xlsx"])
    case(c, "xlsx-is-really-csv", "population-counts.xlsx is a CSV file with an .xlsx name",
         single("population-counts", "population-counts.xlsx", counts_csv()), ["population-counts.xlsx"])
    case(c, "parquet-is-really-csv", "persons.parquet is a CSV file with a .parquet name",
         single("persons", "persons.parquet", persons_csv()), ["persons.parquet"])
    full = persons_parquet()
    case(c, "parquet-truncated", "persons.parquet is cut after its first 300 bytes",
         single("persons", "persons.parquet", full[:300]), ["persons.parquet"])

    good = project(source("persons", "persons.csv"))
    files = lambda t: {"gds.toml": t, "persons.csv": persons_csv(), "areas.csv": areas_csv()}
    t = good.replace('path = "persons.csv"', 'path = "persons.csv')
    case(c, "toml-unclosed-string", "gds.toml: a string without its closing quote", files(t),
         [tline(t, 'path = "persons.csv')])
    t = good.replace("areas = ", "area = ")
    case(c, "toml-unknown-top-key", "gds.toml: 'area' instead of 'areas'", files(t), [tline(t, "area ="), "area"])
    t = good.replace('path = "persons.csv"\n', 'path = "persons.csv"\nsheets = "Dân số"\n')
    case(c, "toml-unknown-source-key", "gds.toml: a source has 'sheets' (typo of sheet)", files(t), [tline(t, "sheets ="), "sheets"])
    t = good.replace('path = "persons.csv"\n', 'path = "persons.csv"\nheader-row = "1"\n')
    case(c, "toml-header-row-is-a-string", "gds.toml: header-row = \"1\" (a string)", files(t), [tline(t, "header-row"), "header-row"])
    t = good.replace('path = "persons.csv"\n', 'path = "persons.csv"\nperiod = "2024"\n')
    case(c, "toml-period-is-a-string", "gds.toml: period = \"2024\" (a string)", files(t), [tline(t, "period ="), "period"])
    t = good.replace("schema-version = 1", "schema-version = 2")
    case(c, "toml-schema-version-2", "gds.toml: schema-version = 2", files(t), [tline(t, "schema-version"), "schema-version"])
    t = good.replace('dataset = "persons"', 'dataset = "person"')
    case(c, "toml-unknown-dataset", "gds.toml: dataset \"person\" (typo of persons)", files(t), [tline(t, "dataset ="), q("person")])
    t = good.replace('areas = "areas.csv"\n', 'areas = "areas.csv"\nareas = "areas.csv"\n')
    case(c, "toml-duplicate-key", "gds.toml: areas given twice", files(t), [tline(t, "areas =", 2), "areas"])
    t = good.replace('path = "persons.csv"\n', "")
    case(c, "toml-source-without-path", "gds.toml: a [[sources]] entry without path", files(t), [tline(t, "[[sources]]"), "path"])
    t = good.replace('path = "persons.csv"\n', 'path = "persons.csv"\ndelimiter = "||"\n')
    case(c, "toml-delimiter-two-chars", "gds.toml: delimiter = \"||\"", files(t), [tline(t, "delimiter"), q("||")])
    t = good.replace('path = "persons.csv"\n', 'path = "persons.csv"\nencoding = "tcvn3"\n')
    case(c, "toml-encoding-tcvn3", "gds.toml: encoding = \"tcvn3\" (not supported: convert first)", files(t), [tline(t, "encoding"), q("tcvn3")])
    t = good.replace('path = "persons.csv"\n', 'path = "persons.csv"\ntable = "tong-hop"\n')
    case(c, "toml-table-neither", "gds.toml: table = \"tong-hop\" (neither microdata nor aggregate)", files(t), [tline(t, "table ="), q("tong-hop")])
    t = good.replace("persons.csv", "persons.dta")
    case(c, "toml-unknown-format", "gds.toml: a Stata .dta file", {"gds.toml": t, "persons.dta": persons_csv(), "areas.csv": areas_csv()},
         [tline(t, "path ="), "persons.dta"])
    t = good.replace("persons.csv", "du-lieu")
    case(c, "path-is-a-directory", "gds.toml: path = \"du-lieu\", a folder (holding persons.csv), with format = csv",
         {"gds.toml": t.replace('path = "du-lieu"\n', 'path = "du-lieu"\nformat = "csv"\n'),
          "du-lieu/persons.csv": persons_csv(), "areas.csv": areas_csv()},
         [tline(t, "path ="), "du-lieu"])
    raw = good.encode("utf-8").replace("Quận Ba Đình".encode(), b"Qu\xe2n Ba \xd0inh")
    case(c, "toml-not-utf8", "gds.toml is saved in Windows-1258, not UTF-8", files(raw), ["gds.toml"])
    t = good.replace('path = "persons.csv"\n', 'path = "persons.csv"\nrename = "gioi_tinh"\n')
    case(c, "toml-rename-is-a-string", "gds.toml: rename = \"gioi_tinh\" (a string, not a table)", files(t), [tline(t, "rename ="), "rename"])


def codecs_bom() -> str:
    return "\ufeff"


def strip_marks(s: str) -> str:
    s = unicodedata.normalize("NFD", s).replace("\u0111", "d").replace("\u0110", "D")
    return "".join(ch for ch in s if unicodedata.category(ch) != "Mn")


# ---- 8. ignored-keys ------------------------------------------------------------------------

def ignored_cases():
    c = "ignored-keys"

    def key_case(slug, what, files, needle, extra):
        case(c, slug, what, files, [tline(files["gds.toml"], needle), *extra])

    key_case("weight-nonexistent", "labour-force source: weight = \"nonexistent\" (no such column)",
             single("labour-force", "labour-force.csv", labour_csv(), weight="nonexistent"), "weight =", [q("nonexistent")])
    key_case("count-nonexistent", "population-counts source: count = \"nonexistent\" (no such column)",
             single("population-counts", "population-counts.csv", counts_csv(), count="nonexistent"), "count =", [q("nonexistent")])
    key_case("table-aggregate-on-microdata", "persons source: table = \"aggregate\", but persons has no count column",
             single("persons", "persons.csv", persons_csv(), table="aggregate"), "table =", [q("aggregate")])
    key_case("missing-token-with-spaces", "persons source: missing = [\" ? \"] (a token with spaces could never match a trimmed cell)",
             single("persons", "persons.csv", persons_csv(), missing=Raw('[" ? "]')), "missing =", [q(" ? ")])
    key_case("table-microdata-on-aggregate", "population-counts source: table = \"microdata\" would count each cell as one person",
             single("population-counts", "population-counts.csv", counts_csv(), table="microdata"), "table =", [q("microdata")])
    rows = setc(PERSONS_HEADER, persons_rows(), 3, "period", 2023)
    key_case("period-key-conflicts-with-column", "persons source: period = 2024, but the file's period column has 2023 on line 5",
             single("persons", "persons.csv", persons_csv(rows), period=2024), "period =", ["period"])
    h, rows = dropc(PERSONS_HEADER, persons_rows(), "area")
    key_case("area-key-not-in-area-list", "persons source without an area column: area = \"99999\", not in areas.csv",
             single("persons", "persons.csv", persons_csv(rows, header=h), area="99999"), "area =", [q("99999")])
    key_case("area-key-conflicts-with-column", "persons source: area = \"00004\", but the file's area column has 00001 on line 2",
             single("persons", "persons.csv", persons_csv(), area="00004"), "area =", ["area"])
    rows = [list(r) for r in persons_rows()]
    for r in rows:
        r[3] = {"M": "1", "F": "2"}[r[3]]
    key_case("codes-target-not-in-codelist", "codes = { sex = { 1 = M, 2 = Nu } }: Nu is not a sex code",
             single("persons", "persons.csv", persons_csv(rows), codes={"sex": {"1": "M", "2": "Nu"}}), "codes =", [q("Nu")])
    key_case("codes-on-integer-column", "codes = { age = { 99 = 0 } }: age is an integer, codes maps are not applied to it",
             single("persons", "persons.csv", persons_csv(), codes={"age": {"99": "0"}}), "codes =", ["age"])
    key_case("codes-on-undeclared-column", "codes = { gender = ... }: persons has no column gender",
             single("persons", "persons.csv", persons_csv(), codes={"gender": {"1": "M"}}), "codes =", [q("gender")])
    h = list(PERSONS_HEADER); h[3] = "gioi_tinh"
    key_case("rename-to-undeclared-column", "rename = { gioi_tinh = gender }: persons has no column gender",
             single("persons", "persons.csv", persons_csv(header=h), rename={"gioi_tinh": "gender"}), "rename =", [q("gender")])
    key_case("rename-from-absent-column", "rename = { gioi = sex }: persons.csv has no column gioi",
             single("persons", "persons.csv", persons_csv(), rename={"gioi": "sex"}), "rename =", [q("gioi")])
    h = list(PERSONS_HEADER); h[3] = "gt1"; h[7] = "gt2"
    rows = [r[:7] + [r[3]] + r[8:] for r in persons_rows()]
    key_case("rename-two-columns-to-one", "rename = { gt1 = sex, gt2 = sex }: two file columns for one declared column",
             single("persons", "persons.csv", persons_csv(rows, header=h), rename={"gt1": "sex", "gt2": "sex"}), "rename =", ["sex"])
    key_case("sheet-on-csv", "persons.csv source: sheet = \"Dân số\" (a CSV has no sheets)",
             single("persons", "persons.csv", persons_csv(), sheet="Dân số"), "sheet =", ["sheet"])
    key_case("header-row-on-parquet", "persons.parquet source: header-row = 3 (Parquet has no header row)",
             single("persons", "persons.parquet", persons_parquet(), header_row=3), "header-row", ["header-row"])
    key_case("encoding-on-xlsx", "population-counts.xlsx source: encoding = \"windows-1258\" (a workbook has no text encoding)",
             single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", counts_sheet_rows())]), encoding="windows-1258"),
             "encoding", ["encoding"])
    key_case("delimiter-on-xlsx", "population-counts.xlsx source: delimiter = \";\"",
             single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", counts_sheet_rows())]), delimiter=";"),
             "delimiter", ["delimiter"])
    key_case("encoding-on-parquet", "persons.parquet source: encoding = \"windows-1258\"",
             single("persons", "persons.parquet", persons_parquet(), encoding="windows-1258"), "encoding", ["encoding"])
    key_case("thousands-equals-decimal", "population-counts source: thousands = \".\" and decimal = \".\"",
             single("population-counts", "population-counts.csv", counts_csv(), thousands=".", decimal="."), "thousands", ["thousands"])
    key_case("pad-on-integer-column", "persons source: pad = { age = 3 } (padding is for code columns)",
             single("persons", "persons.csv", persons_csv(), pad={"age": Raw("3")}), "pad =", ["age"])
    key_case("count-on-microdata", "persons source: count = \"age\" (persons is microdata; count is for aggregate tables)",
             single("persons", "persons.csv", persons_csv(), count="age"), "count =", ["count"])
    key_case("weight-on-aggregate", "population-counts source: weight = \"count\" (weights are for microdata)",
             single("population-counts", "population-counts.csv", counts_csv(), weight="count"), "weight =", ["weight"])
    key_case("weight-text-column", "labour-force source: weight = \"sector\" (a code column)",
             single("labour-force", "labour-force.csv", labour_csv(), weight="sector"), "weight =", [q("sector")])


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

def expect_toml(k: dict) -> str:
    s = f"class = {toml_str(k['cls'])}\nwhat = {toml_str(k['what'])}\nexit = 1\n"
    if k["commands"]:
        s += "commands = [" + ", ".join(toml_str(x) for x in k["commands"]) + "]\n"
    if k["period"] is not None:
        s += f"period = {k['period']}\n"
    if k["args"]:
        s += "args = [" + ", ".join(toml_str(x) for x in k["args"]) + "]\n"
    if k["out"]:
        s += f"out = {toml_str(k['out'])}\n"
    if k["report_out"]:
        s += f"report-out = {toml_str(k['report_out'])}\n"
    s += "messages = [" + ", ".join(toml_str(m) for m in k["messages"]) + "]\n"
    if k["absent"]:
        s += "absent = [" + ", ".join(toml_str(m) for m in k["absent"]) + "]\n"
    return s


def write_file(path: Path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, Link):
        os.symlink(content.target, path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))


def build_all():
    gate_cases()
    codes_cases()
    missing_cases()
    areas_graph_cases()
    double_cases()
    boundary_cases()
    parse_cases()
    ignored_cases()


def readme() -> str:
    counts = {cls: 0 for cls, _ in CLASSES}
    for k in CASES.values():
        counts[k["cls"]] += 1
    s = (
        "# Bad-input corpus\n\n"
        "Generated by `generate.py` (Python 3.11, standard library only); run it again after editing it —\n"
        "it rewrites every case folder, `_outside/` and this file. Do not edit the cases by hand.\n\n"
        "Each `<class>--<slug>/` folder is a small project (`gds.toml`, data files, `areas.csv`)\n"
        "with one deliberate problem, and `expect.toml`:\n\n"
        "| key | meaning |\n| --- | --- |\n"
        "| `class`, `what` | the class below, and what is wrong |\n"
        "| `exit` | expected exit status of every command (always 1 here) |\n"
        "| `commands` | which of `validate`, `compute`, `report` to run (default: all three) |\n"
        "| `period` | passed as `--period` to compute and report |\n"
        "| `args` | extra arguments appended to compute and report |\n"
        "| `out` | compute writes to `--out <case copy>/<out>` (an input file) instead of a fresh folder |\n"
        "| `report-out` | report writes to `--out <case copy>/<report-out>` |\n"
        "| `messages` | substrings that must all appear in stdout+stderr: location facts only (file as written in gds.toml, `file:line`, column, the value in quotes) |\n"
        "| `absent` | substrings that must not appear (e.g. the contents of `/etc/passwd`) |\n\n"
        "Line numbers are 1-based file lines (header = line 1); sheet rows are `file.xlsx:ROW`;\n"
        "Parquet records are `file.parquet:N` (first record = 1). When a record is duplicated, the\n"
        "expected `file:line` is the first occurrence, and the other line number must appear too.\n\n"
        "`tests/bad_inputs.rs` copies each case (symlinks kept as symlinks) and `_outside/` into a\n"
        "temporary folder, runs the commands, and checks the exit status, the messages, that no\n"
        "output file was written or touched, and that the case's own files are unchanged.\n"
        "`_outside/` holds valid files that sit outside every case folder, for the folder-boundary\n"
        "cases (`../_outside/...`). Run one class: `GDS_BAD_INPUTS=areas-graph cargo test --test bad_inputs`.\n\n"
        "`python3 generate.py --controls DIR` also writes the clean twins of the base projects into DIR;\n"
        "each must pass `validate`, `compute --period 2024` and `report --period 2024` (exit 0), so a\n"
        "case fails only for its own problem.\n\n"
        "| class | cases | what must hold |\n| --- | ---: | --- |\n"
    )
    for cls, what in CLASSES:
        s += f"| `{cls}` | {counts[cls]} | {what} |\n"
    s += f"| **total** | **{sum(counts.values())}** | |\n"
    return s


def controls(dest: Path):
    """Clean twins of the base projects: each must pass validate, compute and report."""
    if dest.exists():
        shutil.rmtree(dest)
    sets = {
        "persons-csv": single("persons", "persons.csv", persons_csv()),
        "persons-parquet": single("persons", "persons.parquet", persons_parquet()),
        "labour-csv": single("labour-force", "labour-force.csv", labour_csv()),
        "labour-semicolon": single("labour-force", "labour-force.csv", labour_csv(sep=";")),
        "labour-parquet": single("labour-force", "labour-force.parquet", labour_parquet()),
        "counts-csv": single("population-counts", "population-counts.csv", counts_csv()),
        "counts-district-csv": single("population-counts", "population-counts.csv", counts_csv(counts_rows(with_district=True))),
        "counts-xlsx": single("population-counts", "population-counts.xlsx", xlsx([("Sheet1", counts_sheet_rows())])),
        "gov-bodies": single("gov-bodies", "gov-bodies.csv", csv_text(GOV_HEADER, gov_rows())),
        "births": single("births", "births.csv", csv_text(BIRTHS_HEADER, births_rows())),
        "gbv": single("gbv-cases", "gbv-cases.csv", csv_text(GBV_HEADER, gbv_rows())),
        "enterprises": single("enterprises", "enterprises.csv", csv_text(ENTERPRISE_HEADER, enterprise_rows())),
        "deaths": deaths_project(csv_text(DEATHS_HEADER, deaths_rows())),
        "deputies": single("council-deputies", "council-deputies.csv", csv_text(DEPUTIES_HEADER, deputies_rows())),
        "crosswalk": cw_project(csv_text(CROSSWALK_HEADER, crosswalk_rows())),
        "numeric-sex-mapped": None,
        "bom-semicolon": single("persons", "persons.csv", codecs_bom() + persons_csv(sep=";")),
    }
    rows = [list(r) for r in persons_rows()]
    for r in rows:
        r[3] = {"M": "1", "F": "2"}[r[3]]
    sets["numeric-sex-mapped"] = single("persons", "persons.csv", persons_csv(rows), codes={"sex": {"1": "M", "2": "F"}})
    for name, files in sets.items():
        for rel, content in files.items():
            write_file(dest / name / rel, content)


def main(argv):
    build_all()
    for p in sorted(HERE.iterdir()):
        if (p.is_dir() and "--" in p.name) or p.name == "_outside":
            if p.is_symlink():
                p.unlink()
            else:
                shutil.rmtree(p)
    for rel, make in OUTSIDE.items():
        write_file(HERE / "_outside" / rel, make())
    for name in sorted(CASES):
        k = CASES[name]
        d = HERE / name
        d.mkdir()
        for rel, content in sorted(k["files"].items()):
            write_file(d / rel, content)
        write_file(d / "expect.toml", expect_toml(k))
    write_file(HERE / "README.md", readme())
    if "--controls" in argv:
        controls(Path(argv[argv.index("--controls") + 1]).resolve())
    counts = {}
    for k in CASES.values():
        counts[k["cls"]] = counts.get(k["cls"], 0) + 1
    print(f"{len(CASES)} cases: " + ", ".join(f"{c} {n}" for c, n in counts.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
