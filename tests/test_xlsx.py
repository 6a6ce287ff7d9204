"""The XLSX workbook writer (`danbiet.export.xlsx`), read back with openpyxl: cell values and
types, formula safety, a well-formed package and byte-reproducible output.

The workbook of a whole export is checked in tests/test_export.py (sheets, headers, split by
year, hostile text of the records); these tests drive the writer directly with crafted rows.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from danbiet.export import XLSX, export, table
from danbiet.export.writers import write_tables
from danbiet.export.xlsx import (
    XLSX_MAX_ROWS,
    XlsxRows,
    XlsxWriter,
    column_letter,
    excel_serial,
)

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "tests" / "fixtures" / "minimal"
CREATED = datetime.fromisoformat("2026-11-20T08:00:00+07:00")
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

# Texts a spreadsheet could take for formulas, and texts that try to break out of the XML.
FORMULAS = [
    "=1+1",
    "@SUM(A1)",
    "+1",
    "-1",
    '=HYPERLINK("http://evil.example/","Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
MARKUP = [
    "<r><t>x</t></r></is><f>1+1</f><is><r></r>",  # XlsxWriter writes this shape raw
    '</t></is></c><c r="Z9"><f>1+1</f></c>',
    "a & b < c > d \" ' ]]> &amp;",
    "<![CDATA[x]]>",
]


def _write(
    path: Path,
    name: str,
    rows: list[dict[str, Any]],
    *,
    created: datetime | None = CREATED,
    max_rows: int = XLSX_MAX_ROWS,
    shards: int = 1,
) -> XlsxWriter:
    """The workbook of ROWS of table NAME, written by SHARDS shards (consecutive slices)."""
    t = table(name)
    with tempfile.TemporaryDirectory(prefix="xlsx-rows-") as work:
        folders = _row_fragments(Path(work), t, rows, shards)
        writer = XlsxWriter(path, max_rows, created)
        writer.add_table(t, folders)
        intro = [["Mục", "Nội dung", ""], ["Bộ dữ liệu", "=1+1", ""], [], ["Số dòng", 3, None]]
        writer.add_about(intro, [["Bảng", "Trường"], ["petitions", "@id"]])
        writer.close()
    return writer


def _row_fragments(work: Path, t: Any, rows: list[dict[str, Any]], shards: int) -> list[Path]:
    """ROWS as XLSX row fragments in SHARDS folders of WORK, a slice of the rows each."""
    folders = []
    size = -(-len(rows) // shards) if rows else 0
    for n in range(shards):
        folder = work / str(n)
        folder.mkdir(parents=True)
        part = rows[n * size : (n + 1) * size]
        write_tables([(t, len(part), lambda part=part: part)], [XlsxRows(folder)])
        folders.append(folder)
    return folders


def _petition(summary: Any = "Đề nghị sửa cống", **fields: Any) -> dict[str, Any]:
    row = {
        "id": "xa-thu.2026-03-12.1",
        "conference_id": "xa-thu.2026-03-12",
        "no": 1,
        "raised": "tai-hoi-nghi",
        "received_on": "2026-03-12",
        "petitioner_kind": "ca-nhan",
        "petitioner_label": "Công dân thôn Đông",
        "field": "giao-thong",
        "summary": summary,
        "within_authority": True,
        "answered_at_conference": False,
    }
    return {**row, **fields}


def _column(book: Any, sheet: str, field: str) -> list[Any]:
    """The cells of FIELD's column below the header."""
    index = table(sheet.split(" ")[0]).fields.index(field) + 1
    return [row[0] for row in book[sheet].iter_rows(min_row=2, min_col=index, max_col=index)]


def _sheet_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")}


# -- values and types ------------------------------------------------------------------------------


def test_values_keep_their_types(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    rows = [
        _petition(no=3, received_on="2026-03-12", within_authority=True),
        _petition(no=4, received_on="chưa rõ", within_authority=False, answer=None),
        _petition(summary=["a", "b"], no=None, received_on=None),
    ]
    path = tmp_path / XLSX
    _write(path, "petitions", rows)
    book = load_workbook(path)
    assert book.sheetnames == ["Giới thiệu", "Trường dữ liệu", "petitions"]
    sheet = book["petitions"]
    assert [c.value for c in sheet[1]] == list(table("petitions").titles)
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"

    numbers = _column(book, "petitions", "no")
    assert [c.value for c in numbers] == [3, 4, None]
    assert all(type(c.value) is int for c in numbers[:2])
    received = _column(book, "petitions", "received_on")
    assert received[0].value == datetime(2026, 3, 12) and received[0].is_date
    assert received[0].number_format == "dd/mm/yyyy"
    assert received[1].value == "chưa rõ" and received[1].data_type == "s"  # not a date: text
    assert received[2].value is None
    within = _column(book, "petitions", "within_authority")
    assert [c.value for c in within] == [True, False, True]
    assert all(c.data_type == "b" for c in within)
    assert _column(book, "petitions", "summary")[2].value == "a, b"  # arrays: joined text
    assert _column(book, "petitions", "answer")[1].value is None


def test_datetimes_in_vietnam_local_time(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    base = {"petition_id": "p.1", "no": 1, "conference_id": "c", "date": "2026-04-20"}
    rows = [
        {**base, "published_at": "2026-04-22T02:30:00+00:00"},
        {**base, "published_at": "2026-04-22T09:30:15.250000+07:00"},
        {**base, "published_at": "2026-04-22T09:30:00"},
        {**base, "published_at": "hôm qua"},
    ]
    path = tmp_path / XLSX
    _write(path, "status_history", rows)
    cells = _column(load_workbook(path), "status_history", "published_at")
    assert [c.value for c in cells] == [
        datetime(2026, 4, 22, 9, 30),
        datetime(2026, 4, 22, 9, 30, 15, 250000),
        datetime(2026, 4, 22, 9, 30),
        "hôm qua",
    ]
    assert {c.number_format for c in cells[:3]} == {"dd/mm/yyyy hh:mm:ss"}


@pytest.mark.parametrize(
    "moment",
    [
        date(1900, 1, 1),
        date(1900, 2, 28),
        date(1900, 3, 1),
        date(2026, 11, 20),
        datetime(2026, 11, 20, 23, 59, 59, 999999),
        datetime(1899, 12, 29, 12),
    ],
)
def test_serial_days_match_openpyxl(moment: date) -> None:
    from openpyxl.utils.datetime import to_excel

    assert f"{excel_serial(moment):.16g}" == f"{to_excel(moment):.16g}"


def test_column_letters() -> None:
    from openpyxl.utils import get_column_letter

    for index in (1, 2, 26, 27, 52, 53, 702, 703, 16384):
        assert column_letter(index) == get_column_letter(index)


def test_text_round_trips(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    texts = [
        "dòng 1\r\ndòng 2\rdòng 3\ndòng 4",
        "  hai dấu cách đầu",
        "cuối có dấu cách ",
        "\tmở đầu bằng tab",
        "Đối thoại 😀 — “ngoặc kép”",
        "",
    ]
    path = tmp_path / XLSX
    _write(path, "petitions", [_petition(summary=t) for t in texts])
    cells = _column(load_workbook(path), "petitions", "summary")
    assert [c.value for c in cells] == [*texts[:-1], None]


def test_text_that_looks_like_an_escape_stays_as_written(tmp_path: Path) -> None:
    """Spreadsheets read _xHHHH_ as the character U+HHHH (ECMA-376 ST_Xstring; openpyxl's
    `unescape` does what they do): a record's text holding one must not change."""
    from openpyxl import load_workbook
    from openpyxl.utils.escape import unescape

    texts = ["_x0041_", "mã_x00e9_b và _x000D_", "__x0041__", "_x004_", "_xZZZZ_", "_x_"]
    path = tmp_path / XLSX
    _write(path, "petitions", [_petition(summary=t) for t in texts])
    cells = _column(load_workbook(path), "petitions", "summary")
    assert [unescape(c.value) for c in cells] == texts
    assert cells[0].value == "_x005F_x0041_"  # openpyxl itself does not unescape cells
    assert [c.value for c in cells[3:]] == texts[3:]  # not an escape: written as it is


def test_characters_xml_cannot_hold_are_dropped(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / XLSX
    _write(path, "petitions", [_petition(summary="a\x00b\x01c\x1fd\ufffe\uffffe\x0bf")])
    assert _column(load_workbook(path), "petitions", "summary")[0].value == "abcdef"


# -- formula safety --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", FORMULAS + MARKUP)
def test_text_is_never_a_formula(tmp_path: Path, text: str) -> None:
    from openpyxl import load_workbook

    path = tmp_path / XLSX
    rows = [_petition(summary=text, answer=text, received_on=text)]
    _write(path, "petitions", rows)
    book = load_workbook(path)
    for field in ("summary", "answer", "received_on"):
        cell = _column(book, "petitions", field)[0]
        assert cell.value == text, field
        assert cell.data_type == "s", field  # a string, never "f"
        assert cell.quotePrefix == text.startswith(("=", "+", "-", "@", "\t", "\r")), field
    for name, data in _sheet_parts(path).items():
        root = ET.fromstring(data)  # still well-formed XML
        assert root.find(f".//{MAIN}f") is None, name
        for cell in root.iter(f"{MAIN}c"):
            assert cell.get("t") in (None, "inlineStr", "b"), name


def test_formula_text_in_the_about_sheets(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / XLSX
    _write(path, "petitions", [_petition()])
    book = load_workbook(path)
    cell = book["Giới thiệu"]["B2"]
    assert cell.value == "=1+1" and cell.data_type == "s" and cell.quotePrefix
    assert book["Giới thiệu"]["B4"].value == 3
    assert book["Trường dữ liệu"]["B2"].value == "@id"
    assert book["Trường dữ liệu"]["B2"].data_type == "s"
    assert [c.value for c in book["Giới thiệu"][1]] == ["Mục", "Nội dung", None]
    assert book["Giới thiệu"]["C1"].font.b


# -- the package -----------------------------------------------------------------------------------


def test_package_is_well_formed(tmp_path: Path) -> None:
    path = tmp_path / XLSX
    rows = [_petition(id=f"xa-thu.2026-03-12.{n}") for n in range(1, 4)]
    rows.insert(1, _petition(id="xa-thu.2025-09-10.1", conference_id="xa-thu.2025-09-10"))
    writer = _write(path, "petitions", rows, max_rows=3)  # 2 rows a sheet
    split = ["petitions 2025", "petitions 2026", "petitions 2026 (2)"]
    assert writer.sheet_names == {"petitions": split}
    assert writer.row_counts == dict(zip(split, [1, 2, 1], strict=True))
    assert sorted(p.name for p in tmp_path.iterdir()) == [XLSX]  # temporary files removed

    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        parts = {n: ET.fromstring(archive.read(n)) for n in names}  # every part parses
    assert names[0] == "[Content_Types].xml"
    types = parts["[Content_Types].xml"]
    overrides = {e.get("PartName").lstrip("/") for e in types if e.get("PartName")}
    assert overrides == {n for n in names if not n.endswith(".rels")} - {"[Content_Types].xml"}
    rels = parts["xl/_rels/workbook.xml.rels"]
    targets = {e.get("Id"): f"xl/{e.get('Target')}" for e in rels}
    assert set(targets.values()) <= set(names)
    sheets = parts["xl/workbook.xml"].find(f"{MAIN}sheets")
    assert [s.get("name") for s in sheets] == ["Giới thiệu", "Trường dữ liệu", *split]
    ids = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    assert all(targets[s.get(ids)].startswith("xl/worksheets/") for s in sheets)


def test_same_input_same_bytes(tmp_path: Path) -> None:
    rows = [_petition(summary=f"Kiến nghị {n}", no=n) for n in range(1, 50)]
    first, second = tmp_path / "a" / XLSX, tmp_path / "b" / XLSX
    for path in (first, second):
        path.parent.mkdir()
        _write(path, "petitions", rows)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        core = archive.read("docProps/core.xml").decode()
        stamps = {info.date_time for info in archive.infolist()}
    # The workbook's times are CREATED's, never the clock's.
    assert core.count("2026-11-20T01:00:00Z") == 2
    assert "dcterms:modified" in core and "dcterms:created" in core
    assert stamps == {(2026, 11, 20, 0, 0, 0)}


def test_export_twice_gives_the_same_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    if not MINIMAL.is_dir():
        pytest.skip("tests/fixtures/minimal is missing")
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    as_of = date(2026, 11, 20)
    first = export(root, tmp_path / "one", as_of, created=CREATED)
    second = export(root, tmp_path / "two", as_of, created=CREATED)
    assert (first.out / XLSX).read_bytes() == (second.out / XLSX).read_bytes()
    book = load_workbook(first.out / XLSX)
    assert book.properties.created == book.properties.modified == datetime(2026, 11, 20, 1)
    assert book.sheetnames[:2] == ["Giới thiệu", "Trường dữ liệu"]
    assert book.sheetnames[2:] == [n for names in first.sheets.values() for n in names]


def test_rows_of_several_shards_make_the_same_workbook(tmp_path: Path) -> None:
    """The national workbook is joined from each province's rows: joining must give the same
    sheets as one writer, whether the table fits one sheet or is split by year."""
    from openpyxl import load_workbook

    rows = [
        _petition(id=f"xa-thu.{year}-03-12.{n}", conference_id=f"xa-thu.{year}-03-12", no=n)
        for n in range(1, 6)
        for year in (2026, 2025)
    ]
    rows[3]["answer"] = None
    rows[4]["summary"] = "=1+1"
    # one sheet; a sheet per year, each joined from the shards' rows of that year (deflated
    # apart where a shard holds rows of both years); years copied row by row into parts
    for max_rows in (XLSX_MAX_ROWS, 7, 3):
        books = []
        for shards in (1, 3, 10):
            path = tmp_path / f"{max_rows}-{shards}" / XLSX
            path.parent.mkdir()
            _write(path, "petitions", rows, max_rows=max_rows, shards=shards)
            books.append(_sheet_parts(path))
            with zipfile.ZipFile(path) as archive:
                assert archive.testzip() is None
        assert books[0] == books[1] == books[2]
    (tmp_path / "by-year").mkdir()
    by_year = _write(tmp_path / "by-year" / XLSX, "petitions", rows, max_rows=7, shards=3)
    assert by_year.row_counts == {"petitions 2025": 5, "petitions 2026": 5}
    book = load_workbook(tmp_path / "by-year" / XLSX, read_only=True)
    for year in (2025, 2026):
        ids = [r[0] for r in book[f"petitions {year}"].iter_rows(min_row=2, values_only=True)]
        assert ids == [f"xa-thu.{year}-03-12.{n}" for n in range(1, 6)]
    book.close()
    split = _write(tmp_path / XLSX, "petitions", rows, max_rows=3, shards=3)
    assert split.sheet_names["petitions"][:3] == [
        "petitions 2025",
        "petitions 2025 (2)",
        "petitions 2025 (3)",
    ]
