"""The XLSX workbook of the export, written directly as SpreadsheetML: rows stream to disk.

The workbook is a fixed, small subset of Office Open XML (ECMA-376): inline-string, number and
boolean cells, five cell styles (plain, bold header, date, date and time, quote prefix), column
widths and a frozen header row. Its output depends only on its input (no clock time; fixed zip
entry times). Writing it ourselves rather than through a library is a measured choice: on the
medium benchmark portal (1.08 million cells) openpyxl's write-only mode took 6.9 s, the
XlsxWriter package in constant_memory mode 4.9 s, this writer 1.4 s, for the same cells as
openpyxl reads them back. (XlsxWriter also writes a text that starts with `<r>` and ends with
`</r>` as raw XML, its rich-string convention, which hostile text could use to inject a formula.)

Spreadsheet safety: a text cell starting with `=`, `+`, `-`, `@` (or a tab or carriage return)
could run as a formula in a spreadsheet. In the XLSX workbook every text is written as a text
cell (`t="inlineStr"`, XML-escaped; the writer has no way to write a formula) and such cells also
get Excel's "quote prefix" style, so editing the cell does not turn it into a formula either.
The CSV files keep the exact text: they are the machine-readable product (their checksums and
round-trips depend on it) and are documented as such; spreadsheet users get the XLSX workbook.
"""

from __future__ import annotations

import json
import math
import mmap
import re
import shutil
import tempfile
import zlib
from array import array
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from danbiet.export.deflated import (
    FINAL_BLOCK,
    Member,
    Piece,
    compressor,
    crc32_combine,
    deflate_file_part,
    deflate_part,
    member_of_bytes,
    member_of_large_file,
    write_zip,
)
from danbiet.export.tables import VIETNAM, Table
from danbiet.export.writers import RowsFactory, TableWriter

XLSX_MAX_ROWS = 1_048_576  # rows of one Excel sheet, the header row included
SHEET_NAME_MAX = 31
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"
ABOUT_SHEETS = ("Giới thiệu", "Trường dữ liệu")
WIDTHS = {"date": 12, "datetime": 20, "integer": 10, "boolean": 10}  # by type; others 24

# Characters XML 1.0 cannot hold (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone
# surrogates): dropped, as openpyxl did for the controls.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Spreadsheets read _xHHHH_ in a text as the character U+HHHH (ECMA-376, ST_Xstring): the
# underscore that starts such a sequence in a record's text is written as _x005F_ instead, so
# that "_x0041_" stays "_x0041_" and does not become "A".
_XSTRING = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_BAD_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_EPOCH = date(1899, 12, 30)  # Excel's day 0 (1900 date system)
_EPOCH_TIME = datetime(1899, 12, 30)

# Cell styles: indexes into <cellXfs> of STYLES.
_BOLD, _DATE, _DATETIME, _QUOTE = 1, 2, 3, 4

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{DATETIME_FORMAT}"/></numFmts>'
    '<fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/>'
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
    'defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>"
)

_FROZEN = (
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
)
_SELECTED = ' tabSelected="1"'  # the first sheet's tab
_SHEET_END = (
    '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
    'header="0.3" footer="0.3"/></worksheet>'
)


def sheet_name(table: str, suffix: str = "") -> str:
    """TABLE + SUFFIX, the table name shortened so the whole fits Excel's 31 characters."""
    room = SHEET_NAME_MAX - len(suffix)
    return f"{table[:room]}{suffix}"


def column_letter(index: int) -> str:
    """The letters of the 1-based column INDEX: 1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _escape(text: str) -> str:
    """TEXT as XML character data; CR as a reference, or XML parsers turn it into LF."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


# -- cells
#
# A cell encoder takes a value (never None) and returns the end of its <c> element after
# `<c r="A2`, or "" when nothing is written (Excel reads an absent cell as empty).


def _text(value: str, bold: bool = False) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    if not value:
        return f'" s="{_BOLD}"/>' if bold else ""
    if "_x" in value:
        value = _XSTRING.sub("_x005F_", value)
    style = _BOLD if bold else _QUOTE if value.startswith(FORMULA_START) else 0
    styled = f' s="{style}"' if style else ""
    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
    return f'"{styled} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'


def _number(value: int | float, style: int = 0) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    styled = f' s="{style}"' if style else ""
    return f'"{styled}><v>{value:.16g}</v></c>'  # openpyxl's format: 15 digits are all Excel has


def _other(value: Any) -> str:
    """Anything but a text: booleans, numbers; lists and the rest as text."""
    if value is True:
        return '" t="b"><v>1</v></c>'
    if value is False:
        return '" t="b"><v>0</v></c>'
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, list):
        return _text(", ".join(str(v) for v in value))
    return _text(str(value))


def _string_cell(value: Any) -> str:
    return _text(value) if isinstance(value, str) else _other(value)


def excel_serial(moment: date | datetime) -> int | float:
    """MOMENT (naive) as Excel's serial day number, as openpyxl computes it."""
    if isinstance(moment, datetime):
        days = (moment - _EPOCH_TIME).days
        seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
        fraction = (seconds + moment.microsecond / 10**6) / 86400
    else:
        days, fraction = (moment - _EPOCH).days, 0
    if 0 < days <= 60:  # Excel's phantom 1900-02-29
        days -= 1
    return days + fraction


def _date_cell(value: Any) -> str:
    if not isinstance(value, str):
        return _other(value)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return _text(value)
    return _number(excel_serial(day), _DATE)


def _datetime_cell(value: Any) -> str:
    if not isinstance(value, str):
        return _other(value)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return _text(value)
    if moment.tzinfo is not None:  # Excel has no time zones: Vietnam local time
        moment = moment.astimezone(VIETNAM).replace(tzinfo=None)
    return _number(excel_serial(moment), _DATETIME)


ENCODERS: dict[str, Callable[[Any], str]] = {"date": _date_cell, "datetime": _datetime_cell}


class _Sheet:
    """One worksheet: its XML streams into a temporary file until the workbook is saved."""

    def __init__(
        self, path: Path, name: str, widths: list[int], frozen: bool, selected: bool = False
    ) -> None:
        self.name = name
        self.path = path
        self.rows = 0  # rows written, the header included
        # rows that stay in the shards' files (`XlsxRows`): (where their deflate data is: file,
        # offset, length; the CRC-32 and the size of their XML)
        self.joined: list[tuple[tuple[Path, int, int], int, int]] | None = None
        self.handle: BinaryIO | None = self.path.open("wb", buffering=1 << 20)
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
            for i, w in enumerate(widths, 1)
        )
        self.handle.write(
            (
                f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
                f'<sheetViews><sheetView{_SELECTED if selected else ""} workbookViewId="0">'
                f"{_FROZEN if frozen else ''}"
                '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
                f"{f'<cols>{cols}</cols>' if cols else ''}<sheetData>"
            ).encode()
        )

    def write(self, cells: str) -> None:
        """One row of cells that name their place (`<c r="B3" ...>`)."""
        assert self.handle is not None
        self.rows += 1
        self.handle.write(f'<row r="{self.rows}">{cells}</row>'.encode())

    def write_rows(self, xml: bytes | memoryview, count: int) -> None:
        """COUNT rows of `row_xml`, which follow the rows before them."""
        assert self.handle is not None
        self.rows += count
        self.handle.write(xml)

    def finish(self) -> None:
        """Close the file; it ends the sheet unless the rows are joined at saving."""
        if self.handle is not None:
            if self.joined is None:
                self.handle.write(_SHEET_END.encode())
            self.handle.close()
            self.handle = None

    def member(self, name: str) -> Member:
        """The sheet's ZIP member. Joined rows are not deflated again, nor read: the start of
        the sheet, the shards' deflate data of their rows and the end are joined, and so are
        their CRC-32s (`danbiet.export.deflated`)."""
        if self.joined is None:
            return member_of_large_file(name, self.path, self.path.with_suffix(".deflate"))
        start = self.path.read_bytes()
        end = _SHEET_END.encode()
        crc, size = zlib.crc32(start), len(start) + len(end)
        pieces: list[Piece] = [deflate_part(start)]
        for data, part_crc, part_size in self.joined:
            crc = crc32_combine(crc, part_crc, part_size)
            size += part_size
            if data[2]:
                pieces.append(data)
        pieces += [deflate_part(end), FINAL_BLOCK]
        return Member(name, size, zlib.crc32(end, crc), pieces)


def row_xml(
    encoders: list[Callable[[Any], str]], values: list[Any], seen: list[dict[str, str]]
) -> str:
    """One row as a `<row>` element whose cells carry no reference (`r`): a row follows the
    row before it and a cell the cell before it (ECMA-376 makes both optional), so rows written
    for one province can be joined with others' unchanged. An empty cell between two values
    is `<c/>`. SEEN: a dict per column, the cells of the short texts already written in it
    (nine texts in ten repeat an id, a date or a status: the cell is made once)."""
    cells = []
    gap = 0
    for encode, known, value in zip(encoders, seen, values, strict=True):
        if value is None:
            gap += 1
            continue
        if value.__class__ is str and len(value) <= _SEEN_LENGTH:
            cell = known.get(value)
            if cell is None:
                cell = known[value] = _row_cell(encode(value))
        else:
            cell = _row_cell(encode(value))
        if cell:
            if gap:
                cells.append("<c/>" * gap)
                gap = 0
            cells.append(cell)
        else:
            gap += 1
    return "<row>" + "".join(cells) + "</row>"


_SEEN_LENGTH = 64  # longer texts (summaries, answers) seldom repeat: not kept


def _row_cell(encoded: str) -> str:
    """An encoder's cell (it starts after `<c r="A1`) without its reference; "" stays ""."""
    return "<c" + encoded[1:] if encoded else ""


def encoders_of(table: Table) -> list[Callable[[Any], str]]:
    return [ENCODERS.get(kind, _string_cell) for kind in table.types]


# A table's rows as `row_xml` (NAME.xlsx.xml), the end offset of each row in it (NAME.xlsx.ends,
# signed 64-bit integers), each row's year for splitting sheets (NAME.xlsx.years, -1: none) and
# the rows deflated, for a sheet that holds them all (NAME.xlsx.deflate), and each year's rows
# deflated apart, for a table split into a sheet per year (NAME.xlsx.by-year, see YEAR_INDEX).
ROWS_XML, ROW_ENDS, ROW_YEARS = ".xlsx.xml", ".xlsx.ends", ".xlsx.years"
ROWS_DEFLATED = ".xlsx.deflate"  # NAME.xlsx.xml deflated (`danbiet.export.deflated`)
ROWS_CRC = ".xlsx.crc"  # the CRC-32 of NAME.xlsx.xml (4 bytes, little-endian)
# NAME.xlsx.by-year: JSON, a list of [year, file, offset, length, CRC-32, size] for each year
# of the rows in the order `XlsxWriter` makes year sheets: where the deflate data of the rows
# of that year is (FILE: "rows", NAME.xlsx.deflate, when every row is of that year; else
# "years", NAME.xlsx.by-year.deflate, each year's rows deflated one after the other), the
# CRC-32 and size of their XML.
YEAR_INDEX = ".xlsx.by-year"
YEARS_DEFLATED = ".xlsx.by-year.deflate"
_NO_YEAR = -1


class XlsxRows(TableWriter):
    """Every table's rows as XLSX row elements in FOLDER, for `XlsxWriter.add_table`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.table: Table | None = None
        self.handle: BinaryIO | None = None
        self.encoders: list[Callable[[Any], str]] = []
        self.seen: list[dict[str, str]] = []  # `row_xml`
        self.ends = array("q")
        self.years = array("i")
        self.size = 0

    def begin(self, table: Table, count: int, rows: RowsFactory) -> None:
        self.table = table
        self.handle = (self.folder / f"{table.name}{ROWS_XML}").open("wb", buffering=1 << 20)
        self.encoders = encoders_of(table)
        self.seen = [{} for _ in self.encoders]
        self.ends, self.years, self.size = array("q"), array("i"), 0

    def row(self, row: dict[str, Any], values: list[Any]) -> None:
        assert self.handle is not None and self.table is not None
        xml = row_xml(self.encoders, values, self.seen).encode()
        self.handle.write(xml)
        self.size += len(xml)
        self.ends.append(self.size)
        year = self.table.year_of(row)
        self.years.append(_NO_YEAR if year is None else year)

    def end(self) -> None:
        assert self.handle is not None and self.table is not None
        self.handle.close()
        self.handle = None
        name = self.table.name
        (self.folder / f"{name}{ROW_ENDS}").write_bytes(self.ends.tobytes())
        (self.folder / f"{name}{ROW_YEARS}").write_bytes(self.years.tobytes())
        rows = self.folder / f"{name}{ROWS_XML}"
        deflated = self.folder / f"{name}{ROWS_DEFLATED}"
        crc = deflate_file_part(rows, deflated)
        (self.folder / f"{name}{ROWS_CRC}").write_bytes(crc.to_bytes(4, "little"))
        years = sorted(set(self.years), key=_year_order)
        index: list[list[Any]] = []
        if len(years) == 1:
            index.append([years[0], "rows", 0, deflated.stat().st_size, crc, self.size])
        elif years:
            index = _deflate_by_year(rows, self.ends, self.years, years, self.folder / name)
        (self.folder / f"{name}{YEAR_INDEX}").write_text(json.dumps(index), encoding="utf-8")


def _year_order(year: int) -> tuple[bool, int]:
    """Year sheets come by year, rows of no year last (`XlsxWriter.add_table`)."""
    return year == _NO_YEAR, year


def _deflate_by_year(
    rows: Path, ends: array, row_years: array, years: list[int], stem: Path
) -> list[list[Any]]:
    """The rows of each of YEARS (in that order) deflated one after the other into
    STEM.xlsx.by-year.deflate; the entries of STEM.xlsx.by-year."""
    runs: dict[int, list[tuple[int, int]]] = {year: [] for year in years}
    start = 0
    for end, year in zip(ends, row_years, strict=True):
        found = runs[year]
        if found and found[-1][1] == start:  # rows of a year one after the other: one run
            found[-1] = (found[-1][0], end)
        else:
            found.append((start, end))
        start = end
    index: list[list[Any]] = []
    with (
        rows.open("rb") as source,
        stem.with_name(f"{stem.name}{YEARS_DEFLATED}").open("wb") as out,
    ):
        data = mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            for year in years:
                stream, crc, size, offset = compressor(), 0, 0, out.tell()
                for first, last in runs[year]:
                    chunk = data[first:last]
                    out.write(stream.compress(chunk))
                    crc, size = zlib.crc32(chunk, crc), size + len(chunk)
                out.write(stream.flush(zlib.Z_SYNC_FLUSH))
                index.append([year, "years", offset, out.tell() - offset, crc, size])
        finally:
            data.close()
    return index


class YearIndexError(ValueError):
    """A shard's index of years (`YEAR_INDEX`) that is not one."""


def _year_index(folder: Path, table: str) -> list[list[Any]]:
    """The entries of FOLDER's TABLE.xlsx.by-year (`YEAR_INDEX`)."""
    path = folder / f"{table}{YEAR_INDEX}"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:  # not UTF-8, not JSON
        entries = None
    if not isinstance(entries, list) or not all(
        isinstance(e, list) and len(e) == 6 and e[1] in ("rows", "years") for e in entries
    ):
        raise YearIndexError(f"{path}: unreadable open-data fragments (an index of years)")
    return entries


def _read_array(path: Path, typecode: str) -> array:
    values = array(typecode)
    values.frombytes(path.read_bytes())
    return values


class XlsxWriter:
    """`danbiet.xlsx`: a sheet per table, Vietnamese headers, real dates, no formulas.

    Tables come as the rows `XlsxRows` wrote, one folder per shard, joined in the order given.
    A table with more rows than a sheet holds (MAX_ROWS, the header included) is split into a
    sheet per year (`petitions 2025`), and a year that still does not fit into numbered parts
    (`petitions 2025 (2)`). CREATED is the workbook's creation time (its properties and zip
    entry times); None is the clock's.
    """

    def __init__(
        self, path: Path, max_rows: int = XLSX_MAX_ROWS, created: datetime | None = None
    ) -> None:
        if max_rows < 2:
            raise ValueError("a sheet needs room for the header and at least one row")
        self.path = path
        self.created = created
        self.max_rows = max_rows
        self.folder = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
        self.all_sheets: list[_Sheet] = []  # in workbook order but for the about sheets
        self.about: list[_Sheet] = []
        self.sheet_names: dict[str, list[str]] = {}  # table -> its sheet names
        self.row_counts: dict[str, int] = {}  # sheet -> data rows

    # -- sheets

    def _sheet(self, name: str, widths: list[int], frozen: bool, selected: bool = False) -> _Sheet:
        if _BAD_SHEET_NAME.search(name) or not 0 < len(name) <= SHEET_NAME_MAX:
            raise ValueError(f"not a valid sheet name: {name!r}")
        taken = {s.name.casefold() for s in (*self.all_sheets, *self.about)}
        if name.casefold() in taken:
            raise ValueError(f"duplicate sheet name: {name!r}")
        path = self.folder / f"sheet{len(taken) + 1}.xml"
        return _Sheet(path, name, widths, frozen, selected)

    def _new_sheet(self, table: Table, suffix: str = "") -> _Sheet:
        name = sheet_name(table.name, suffix)
        sheet = self._sheet(name, [WIDTHS.get(kind, 24) for kind in table.types], frozen=True)
        self.all_sheets.append(sheet)
        header = "".join("<c" + _text(title, bold=True)[1:] for title in table.titles)
        sheet.write_rows(f"<row>{header}</row>".encode(), 1)
        self.sheet_names.setdefault(table.name, []).append(name)
        self.row_counts[name] = 0
        return sheet

    def add_table(self, table: Table, folders: list[Path]) -> int:
        """TABLE's sheets from the rows `XlsxRows` wrote into FOLDERS; its number of rows.

        The rows of a sheet that holds all of a table's rows, or all of one year's, are not
        read: the sheet is joined from the shards' deflate data of them (`_Sheet.member`). Only
        a year with more rows than a sheet holds is copied row by row into its sheets."""
        ends = [_read_array(folder / f"{table.name}{ROW_ENDS}", "q") for folder in folders]
        count = sum(len(e) for e in ends)
        capacity = self.max_rows - 1
        if count <= capacity:  # one sheet: the shards' rows as they are, in order
            sheet = self._new_sheet(table)
            sheet.joined = []
            for folder, part_ends in zip(folders, ends, strict=True):
                data = folder / f"{table.name}{ROWS_DEFLATED}"
                crc = int.from_bytes((folder / f"{table.name}{ROWS_CRC}").read_bytes(), "little")
                size = part_ends[-1] if part_ends else 0
                sheet.joined.append(((data, 0, data.stat().st_size), crc, size))
            sheet.rows += count
            self.row_counts[sheet.name] = count
            sheet.finish()
            return count
        years_of = [_read_array(folder / f"{table.name}{ROW_YEARS}", "i") for folder in folders]
        years = Counter(y for part in years_of for y in part)
        sheets: dict[int, list[_Sheet]] = {}
        for year in sorted(years, key=_year_order):
            label = str(year) if year != _NO_YEAR else "khác"
            parts = -(-years[year] // capacity)
            sheets[year] = [
                self._new_sheet(table, f" {label}" + (f" ({n})" if n > 1 else ""))
                for n in range(1, parts + 1)
            ]
        # each shard's deflate data of each year's rows, read once: {year: [(data, crc, size)]}
        by_year: dict[int, list[tuple[tuple[Path, int, int], int, int]]] = {}
        for folder in folders:
            for year, source, offset, length, crc, size in _year_index(folder, table.name):
                suffix = ROWS_DEFLATED if source == "rows" else YEARS_DEFLATED
                data = (folder / f"{table.name}{suffix}", offset, length)
                by_year.setdefault(year, []).append((data, crc, size))
        for year, year_sheets in sheets.items():
            if len(year_sheets) > 1:
                continue
            sheet = year_sheets[0]
            sheet.joined = by_year.get(year, [])
            sheet.rows += years[year]
            self.row_counts[sheet.name] = years[year]
        copied = {year for year, year_sheets in sheets.items() if len(year_sheets) > 1}
        if copied:
            filled = dict.fromkeys(copied, 0)
            for folder, part_ends, part_years in zip(folders, ends, years_of, strict=True):
                data = memoryview((folder / f"{table.name}{ROWS_XML}").read_bytes())
                start = 0
                for end, year in zip(part_ends, part_years, strict=True):
                    if year in copied:
                        sheet = sheets[year][filled[year] // capacity]
                        sheet.write_rows(data[start:end], 1)
                        self.row_counts[sheet.name] += 1
                        filled[year] += 1
                    start = end
        for year_sheets in sheets.values():
            for sheet in year_sheets:
                sheet.finish()
        return count

    def add_about(self, intro: list[list[Any]], fields: list[list[Any]]) -> None:
        """The first sheets: what the workbook holds, and every field's meaning."""
        for name, rows, widths in (
            (ABOUT_SHEETS[0], intro, [24, 44, 80, 12]),
            (ABOUT_SHEETS[1], fields, [22, 26, 30, 18, 80]),
        ):
            sheet = self._sheet(name, widths, frozen=False, selected=not self.about)
            self.about.append(sheet)
            for number, values in enumerate(rows, 1):
                cells = []
                for index, value in enumerate(values, 1):
                    if number == 1:
                        cell = _text(str(value) if value is not None else "", bold=True)
                    elif value is None:
                        continue
                    else:
                        cell = _string_cell(value)
                    if cell:
                        cells.append(f'<c r="{column_letter(index)}{number}{cell}')
                sheet.write("".join(cells))
            sheet.finish()

    # -- the package

    def discard(self) -> None:
        """Drop the sheets written so far (the workbook is not written)."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def close(self) -> None:
        try:
            self._save()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _save(self) -> None:
        for sheet in self.all_sheets:
            sheet.finish()
        sheets = [*self.about, *self.all_sheets]
        # the data's time, not the clock: the same records give the same workbook
        moment = (self.created or datetime.now(UTC)).astimezone(UTC)
        stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        when = moment.date()
        parts = {
            "[Content_Types].xml": _content_types(len(sheets)),
            "_rels/.rels": _relationships(
                [
                    (f"{_REL}/officeDocument", "xl/workbook.xml"),
                    (f"{_PKG_REL}/metadata/core-properties", "docProps/core.xml"),
                    (f"{_REL}/extended-properties", "docProps/app.xml"),
                ]
            ),
            "docProps/app.xml": (
                f"{_XML}<Properties xmlns="
                '"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                "<Application>danbiet</Application></Properties>"
            ),
            "docProps/core.xml": (
                f"{_XML}<cp:coreProperties xmlns:cp="
                '"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" '
                'xmlns:dcterms="http://purl.org/dc/terms/" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                "<dc:creator>danbiet</dc:creator>"
                f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
                "</cp:coreProperties>"
            ),
            "xl/workbook.xml": (
                f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
                '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
                + "".join(
                    f'<sheet name="{_attribute(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
                    for i, s in enumerate(sheets, 1)
                )
                + '</sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
            ),
            "xl/_rels/workbook.xml.rels": _relationships(
                [
                    (f"{_REL}/worksheet", f"worksheets/sheet{i}.xml")
                    for i in range(1, len(sheets) + 1)
                ]
                + [(f"{_REL}/styles", "styles.xml")]
            ),
            "xl/styles.xml": STYLES,
        }
        members = [member_of_bytes(name, text.encode("utf-8")) for name, text in parts.items()]
        members += [
            sheet.member(f"xl/worksheets/sheet{number}.xml")
            for number, sheet in enumerate(sheets, 1)
        ]
        write_zip(self.path, members, when)


def _relationships(targets: list[tuple[str, str]]) -> str:
    return (
        f'{_XML}<Relationships xmlns="{_PKG_REL}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
            for i, (kind, target) in enumerate(targets, 1)
        )
        + "</Relationships>"
    )


def _content_types(sheets: int) -> str:
    office = "application/vnd.openxmlformats-officedocument"
    overrides = [
        ("/xl/workbook.xml", f"{office}.spreadsheetml.sheet.main+xml"),
        ("/xl/styles.xml", f"{office}.spreadsheetml.styles+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{office}.extended-properties+xml"),
        *((f"/xl/worksheets/sheet{i}.xml", _SHEET_TYPE) for i in range(1, sheets + 1)),
    ]
    return (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
        + "</Types>"
    )
