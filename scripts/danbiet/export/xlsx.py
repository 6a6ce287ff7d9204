"""The XLSX workbook of the export (openpyxl, write-only mode: rows stream to disk).

Spreadsheet safety: a text cell starting with `=`, `+`, `-`, `@` (or a tab or carriage return)
could run as a formula in a spreadsheet. In the XLSX workbook every text is written as a text
cell (never a formula) and such cells also get Excel's "quote prefix" style, so editing the cell
does not turn it into a formula either. The CSV files keep the exact text: they are the
machine-readable product (their checksums and round-trips depend on it) and are documented as
such; spreadsheet users get the XLSX workbook.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from danbiet.export.tables import VIETNAM, Table
from danbiet.export.writers import RowsFactory, TableWriter

XLSX_MAX_ROWS = 1_048_576  # rows of one Excel sheet, the header row included
SHEET_NAME_MAX = 31
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"


def sheet_name(table: str, suffix: str = "") -> str:
    """TABLE + SUFFIX, the table name shortened so the whole fits Excel's 31 characters."""
    room = SHEET_NAME_MAX - len(suffix)
    return f"{table[:room]}{suffix}"


class XlsxWriter(TableWriter):
    """`danbiet.xlsx`: a sheet per table, Vietnamese headers, real dates, no formulas.

    A table with more rows than a sheet holds (MAX_ROWS, the header included) is split into a
    sheet per year (`petitions 2025`), and a year that still does not fit into numbered parts
    (`petitions 2025 (2)`).
    """

    def __init__(
        self, path: Path, max_rows: int = XLSX_MAX_ROWS, created: datetime | None = None
    ) -> None:
        if max_rows < 2:
            raise ValueError("a sheet needs room for the header and at least one row")
        self.path = path
        self.created = created
        self.max_rows = max_rows
        self.book = Workbook(write_only=True)
        self.table: Table | None = None
        self.sheets: dict[int | None, list[Any]] = {}  # year -> sheets (parts), single: None
        self.filled: dict[int | None, int] = {}  # year -> rows written to its current part
        self.split = False
        self.converters: list[Callable[[Any, Any], Any]] = []
        self.sheet_names: dict[str, list[str]] = {}  # table -> its sheet names
        self.row_counts: dict[str, int] = {}  # sheet -> data rows

    # -- cells

    def _text(self, sheet: Any, value: str) -> Any:
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not value.startswith(FORMULA_START):
            return value
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True  # and it stays text when edited in Excel
        return cell

    def _converter(self, kind: str) -> Callable[[Any, Any], Any]:
        def convert(sheet: Any, value: Any) -> Any:
            if value is None or isinstance(value, bool | int | float):
                return value
            if isinstance(value, list):
                return self._text(sheet, ", ".join(str(v) for v in value))
            if not isinstance(value, str):
                return self._text(sheet, str(value))
            if kind == "date":
                try:
                    day = date.fromisoformat(value)
                except ValueError:
                    return self._text(sheet, value)
                cell = WriteOnlyCell(sheet, value=day)
                cell.number_format = DATE_FORMAT
                return cell
            if kind == "datetime":
                try:
                    moment = datetime.fromisoformat(value)
                except ValueError:
                    return self._text(sheet, value)
                if moment.tzinfo is not None:  # Excel has no time zones: Vietnam local time
                    moment = moment.astimezone(VIETNAM).replace(tzinfo=None)
                cell = WriteOnlyCell(sheet, value=moment)
                cell.number_format = DATETIME_FORMAT
                return cell
            return self._text(sheet, value)

        return convert

    # -- sheets

    def _new_sheet(self, table: Table, suffix: str = "") -> Any:
        name = sheet_name(table.name, suffix)
        sheet = self.book.create_sheet(name)
        sheet.freeze_panes = "A2"
        for index, kind in enumerate(table.types, 1):
            width = {"date": 12, "datetime": 20, "integer": 10, "boolean": 10}.get(kind, 24)
            sheet.column_dimensions[get_column_letter(index)].width = width
        header = []
        bold = Font(bold=True)
        for title in table.titles:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        self.sheet_names.setdefault(table.name, []).append(name)
        self.row_counts[name] = 0
        return sheet

    def begin(self, table: Table, count: int, rows: RowsFactory) -> None:
        self.table = table
        self.converters = [self._converter(kind) for kind in table.types]
        capacity = self.max_rows - 1
        self.sheets, self.filled = {}, {}
        self.split = count > capacity
        if not self.split:
            self.sheets[None] = [self._new_sheet(table)]
            self.filled[None] = 0
            return
        years = Counter(table.year_of(row) for row in rows())
        for year in sorted(years, key=lambda y: (y is None, y or 0)):
            label = str(year) if year is not None else "khác"
            parts = -(-years[year] // capacity)
            self.sheets[year] = [
                self._new_sheet(table, f" {label}" + (f" ({n})" if n > 1 else ""))
                for n in range(1, parts + 1)
            ]
            self.filled[year] = 0

    def row(self, row: dict[str, Any], values: list[Any]) -> None:
        assert self.table is not None
        year = self.table.year_of(row) if self.split else None
        parts = self.sheets[year]
        sheet = parts[self.filled[year] // (self.max_rows - 1)]
        sheet.append(
            [convert(sheet, v) for convert, v in zip(self.converters, values, strict=True)]
        )
        self.filled[year] += 1
        self.row_counts[sheet.title] += 1

    def add_about(self, intro: list[list[Any]], fields: list[list[Any]]) -> None:
        """The first sheets: what the workbook holds, and every field's meaning."""
        bold = Font(bold=True)
        for position, (name, rows, widths) in enumerate(
            (
                ("Giới thiệu", intro, (24, 44, 80, 12)),
                ("Trường dữ liệu", fields, (22, 26, 30, 18, 80)),
            )
        ):
            sheet = self.book.create_sheet(name, position)
            for index, width in enumerate(widths, 1):
                sheet.column_dimensions[get_column_letter(index)].width = width
            for number, values in enumerate(rows):
                cells = []
                for value in values:
                    if number == 0:
                        value = WriteOnlyCell(sheet, value=value)
                        value.font = bold
                    elif isinstance(value, str):
                        value = self._text(sheet, value)
                    cells.append(value)
                sheet.append(cells)

    def close(self) -> None:
        self.book.properties.creator = "danbiet"
        if self.created is not None:
            # the data's time, not the clock: the same records give the same workbook
            moment = self.created.astimezone(UTC).replace(tzinfo=None)
            self.book.properties.created = self.book.properties.modified = moment
        self.book.save(self.path)
        if self.created is not None:
            _fix_zip_times(self.path, self.created)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fix_zip_times(path: Path, when: datetime) -> None:
    """Rewrite the workbook's zip entries with a fixed time: openpyxl stamps the clock on the
    entries and on the `modified` property when it saves."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    iso = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    temporary = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rf"\g<1>{iso}\g<2>".encode(), data)
            target.writestr(info, data)
    temporary.replace(path)
