"""Writers of the export formats: CSV, JSON and SQLite here, XLSX in `danbiet.export.xlsx`.

`write_tables` reads each table once and hands every row to every writer, so the export is
linear in the number of rows and nothing but the current row is converted at a time.

CSV files keep the exact text of the records, even a cell starting with `=`, `+`, `-` or `@`:
they are the machine-readable product, whose checksums and round-trips depend on the exact
bytes. Spreadsheet users are pointed to the XLSX workbook, which is formula-safe (see
`danbiet.export.xlsx`); the choice is stated in datapackage.json (`package.CSV_NOTE`).
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import sqlite_utils
from sqlite_utils.db import quote_identifier

from danbiet.export.tables import Table

_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")
_JSON_ESCAPES = {c: f"\\u{ord(c):04x}" for c in "<>&\u2028\u2029"}

_COMPACT = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(ensure_ascii=False) uses

JSON_START, JSON_SEPARATOR, JSON_END = "[", ",\n", ("]\n", "\n]\n")  # JSON_END[has rows]

RowsFactory = Callable[[], Iterable[dict[str, Any]]]

# The rowids of one shard's rows in the joined database (`SqliteWriter.append`): room for four
# billion rows per table and shard, and 2**31 shards.
ROWID_BLOCK = 1 << 32


def dumps(value: Any, indent: int | None = None) -> str:
    """UTF-8 JSON in which `<`, `>` and `&` are escaped, so no text can become markup even if a
    consumer pastes it into HTML."""
    # json.dumps makes a new encoder whenever an option differs from its defaults
    encoder = _COMPACT if indent is None else json.JSONEncoder(ensure_ascii=False, indent=indent)
    text = encoder.encode(value)
    if _JSON_UNSAFE.search(text):
        text = _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)
    return text


def csv_cell(value: Any) -> Any:
    """A value as the Frictionless CSV form expects it."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, date):
        return value.isoformat()
    return value


def sqlite_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


class TableWriter:
    """What every format does: begin a table, take its rows, end it; close at the end."""

    def begin(self, table: Table, count: int, rows: RowsFactory) -> None:
        raise NotImplementedError

    def row(self, row: dict[str, Any], values: list[Any]) -> None:
        raise NotImplementedError

    def end(self) -> None:
        pass

    def close(self) -> None:
        pass


class CsvWriter(TableWriter):
    """`<table>.csv`: UTF-8, RFC 4180 (CRLF line ends), header = field names (none with
    HEADER false: the rows of one shard, to be joined with others)."""

    def __init__(self, out: Path, header: bool = True) -> None:
        self.out = out
        self.header = header
        self.handle: TextIO | None = None
        self.writer: Any = None
        self.special: list[int] = []  # columns whose values need converting

    def begin(self, table: Table, count: int, rows: RowsFactory) -> None:
        self.handle = (self.out / table.csv).open("w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.handle, lineterminator="\r\n")
        if self.header:
            self.writer.writerow(table.fields)
        self.special = [
            i for i, kind in enumerate(table.types) if kind not in ("string", "integer", "date")
        ]

    def row(self, row: dict[str, Any], values: list[Any]) -> None:
        # The csv module writes None as an empty cell and numbers as digits; only booleans,
        # arrays and the like need converting.
        if self.special:
            values = list(values)
            for i in self.special:
                values[i] = csv_cell(values[i])
        self.writer.writerow(values)

    def end(self) -> None:
        assert self.handle is not None
        self.handle.close()
        self.handle = None


class JsonWriter(TableWriter):
    """`<table>.json`: a list of objects, one per line. With FRAGMENT: the objects only,
    separated by `,\\n`, to be joined with other shards' (`danbiet.export.fragments`)."""

    def __init__(self, out: Path, fragment: bool = False) -> None:
        self.out = out
        self.fragment = fragment
        self.handle: TextIO | None = None
        self.fields: tuple[str, ...] = ()
        self.first = True

    def begin(self, table: Table, count: int, rows: RowsFactory) -> None:
        self.handle = (self.out / table.json).open("w", encoding="utf-8", newline="\n")
        if not self.fragment:
            self.handle.write("[")
        self.fields = table.fields
        self.first = True

    def row(self, row: dict[str, Any], values: list[Any]) -> None:
        assert self.handle is not None
        if not (self.first and self.fragment):
            self.handle.write("\n" if self.first else JSON_SEPARATOR)
        self.handle.write(dumps(dict(zip(self.fields, values, strict=True))))
        self.first = False

    def end(self) -> None:
        assert self.handle is not None
        if not self.fragment:
            self.handle.write(JSON_END[not self.first])
        self.handle.close()
        self.handle = None


class SqliteWriter(TableWriter):
    """`danbiet.db`: a table per resource with its keys, plus full-text search (FTS5) for the
    columns of FTS. Rows come one by one (`row`), or from other databases with the same tables
    (`append`: the shards' tables, joined)."""

    BATCH = 5000

    def __init__(
        self,
        path: Path,
        tables: Iterable[Table],
        fts: dict[str, tuple[str, ...]],
        create: bool = True,
    ):
        """Without CREATE, PATH is a database this class wrote (with FTS), to be updated."""
        self.db = sqlite_utils.Database(path)
        self.db.execute("PRAGMA journal_mode = MEMORY")  # a file in a staging folder
        self.db.execute("PRAGMA synchronous = OFF")
        self.fts = fts
        self.sql = ""
        self.batch: list[tuple[Any, ...]] = []
        self.special: list[int] = []
        if create:
            for t in _creation_order(list(tables)):
                self._create(t)

    def _create(self, table: Table) -> None:
        types = {"integer": int, "number": float, "boolean": int}
        columns = {
            f["name"]: types.get(f.get("type", "string"), str) for f in table.schema["fields"]
        }
        required = [
            f["name"] for f in table.schema["fields"] if f.get("constraints", {}).get("required")
        ]
        keys = table.schema.get("primaryKey") or None
        foreign = []
        for fk in table.schema.get("foreignKeys", []):
            fields, ref = fk["fields"], fk["reference"]
            if len(fields) == 1:
                foreign.append((fields[0], ref["resource"], ref["fields"][0]))
            else:
                foreign.append((tuple(fields), ref["resource"], tuple(ref["fields"])))
        self.db[table.name].create(
            columns,
            pk=tuple(keys) if keys and len(keys) > 1 else (keys[0] if keys else None),
            foreign_keys=foreign,
            not_null=required,
        )

    def begin(self, table: Table, count: int, rows: RowsFactory) -> None:
        names = ", ".join(f'"{name}"' for name in table.fields)
        marks = ", ".join("?" for _ in table.fields)
        self.sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
        self.batch = []
        # sqlite3 stores str, int, float, None and bool (as 0/1) itself; arrays become JSON.
        self.special = [i for i, kind in enumerate(table.types) if kind in ("array", "object")]

    def row(self, row: dict[str, Any], values: list[Any]) -> None:
        if self.special:
            values = list(values)
            for i in self.special:
                values[i] = sqlite_cell(values[i])
        self.batch.append(tuple(values))
        if len(self.batch) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.batch:
            with self.db.conn:
                self.db.conn.executemany(self.sql, self.batch)
            self.batch = []

    def end(self) -> None:
        self._flush()

    def append(self, path: Path, tables: Iterable[Table], block: int = 0) -> None:
        """Every row of TABLES in the database PATH (written by a `SqliteWriter` without
        full-text search) into rowid block BLOCK: rowid n of PATH becomes
        BLOCK * ROWID_BLOCK + n, so that each shard's rows keep their rowids (and their
        place in rowid order) whatever the other shards hold (see `replace`)."""
        with self._attached(path), self.db.conn:
            for t in _creation_order(list(tables)):
                self._copy(t, block)

    def replace(self, path: Path, tables: Iterable[Table], block: int) -> None:
        """The rows of rowid block BLOCK replaced with those of the database PATH, as `append`
        would have written them, and the full-text indexes brought up to date, in one
        transaction: an earlier full join, updated, for a shard that changed."""
        order = _creation_order(list(tables))
        bounds = [block * ROWID_BLOCK, (block + 1) * ROWID_BLOCK]
        in_block = ("WHERE rowid > ? AND rowid < ?", bounds)
        with self._attached(path), self.db.conn:
            for t in reversed(order):
                name = quote_identifier(t.name)
                if t.name in self.fts:  # an external-content index is told what it held
                    fts, names, both = self._indexed(t.name)
                    self.db.execute(
                        f"INSERT INTO {fts} ({fts}, rowid, {names}) "
                        f"SELECT 'delete', rowid, {both} FROM {name} {in_block[0]}",
                        in_block[1],
                    )
                self.db.execute(f"DELETE FROM {name} {in_block[0]}", in_block[1])
            for t in order:
                self._copy(t, block)
                if t.name in self.fts:
                    fts, names, both = self._indexed(t.name)
                    self.db.execute(
                        f"INSERT INTO {fts} (rowid, {names}) SELECT rowid, {both} "
                        f"FROM {quote_identifier(t.name)} {in_block[0]}",
                        in_block[1],
                    )

    @contextlib.contextmanager
    def _attached(self, path: Path) -> Iterator[None]:
        self.db.execute("ATTACH DATABASE ? AS part", [str(path)])
        try:
            yield
        finally:
            self.db.execute("DETACH DATABASE part")

    def _copy(self, table: Table, block: int) -> None:
        name = quote_identifier(table.name)
        names = ", ".join(quote_identifier(f) for f in table.fields)
        self.db.execute(
            f"INSERT INTO main.{name} (rowid, {names}) "
            f"SELECT rowid + ?, {names} FROM part.{name} ORDER BY rowid",
            [block * ROWID_BLOCK],
        )

    def close(self, finish: bool = True) -> None:
        """Build the full-text indexes (not with FINISH false: a shard's tables, only read by
        `append`). No VACUUM: rows copied into a new file leave it compact already (on the
        national benchmark it took 2.3 s to save 1.8 % of the file)."""
        if finish:
            for name in self.fts:
                self._full_text(name)
            self.db.execute("PRAGMA journal_mode = DELETE")
        self.db.close()

    def _indexed(self, table: str) -> tuple[str, str, str]:
        """TABLE's FTS5 table, its columns, and what is indexed of them (`_full_text`)."""
        columns = self.fts[table]
        both = ", ".join(
            f"CASE WHEN instr({c}, 'đ') OR instr({c}, 'Đ') THEN {c} || ' ' || "
            f"replace(replace({c}, 'đ', 'd'), 'Đ', 'D') ELSE {c} END"
            for c in map(quote_identifier, columns)
        )
        names = ", ".join(quote_identifier(c) for c in columns)
        return quote_identifier(f"{table}_fts"), names, both

    def _full_text(self, table: str) -> None:
        """TABLE_fts, the FTS5 index of its columns of FTS, with TABLE as its external content, as
        sqlite-utils' `enable_fts` declares it (Datasette finds it by its `content=`).

        unicode61 with remove_diacritics 2 makes "mui hoi" find "mùi hôi", but leaves đ as it
        is (it has no decomposition): "dat dai" would not find "đất đai". A text holding đ is
        therefore indexed twice, as written and with đ as d, so that both spellings find it;
        the table's own rows are unchanged. (On a national year this costs 3 s more than the
        4.5 s of indexing the text once; appending only the words with đ, through a Python
        function, took 13 s.)"""
        fts, names, both = self._indexed(table)
        self.db.execute(
            f"CREATE VIRTUAL TABLE {fts} USING FTS5 ({names}, "
            f"tokenize='unicode61 remove_diacritics 2', content={quote_identifier(table)})"
        )
        with self.db.conn:
            # FTS5 writes its pending terms out as a new segment every `hashsize` bytes (1 MiB
            # by default) and merges the segments as it goes; fewer, larger segments index a
            # national year's texts in 4.0-4.6 s instead of 5.2-5.6 s. The default is put back
            # for whoever writes to the database afterwards.
            self.db.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('hashsize', ?)", [_HASHSIZE])
            self.db.execute(
                f"INSERT INTO {fts} (rowid, {names}) "
                f"SELECT rowid, {both} FROM {quote_identifier(table)}"
            )
            self.db.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('hashsize', 1048576)")


_HASHSIZE = 32 << 20  # bytes of pending full-text terms held in memory while indexing


def _creation_order(tables: list[Table]) -> list[Table]:
    """TABLES ordered so that every table comes after the tables its foreign keys reference."""
    done: list[Table] = []
    names: set[str] = set()
    pending = list(tables)
    while pending:
        progress = False
        for t in list(pending):
            refs = {fk["reference"]["resource"] for fk in t.schema.get("foreignKeys", [])}
            if refs - {t.name} <= names:
                done.append(t)
                names.add(t.name)
                pending.remove(t)
                progress = True
        if not progress:  # a reference cycle: keep the remaining order
            done.extend(pending)
            break
    return done


def write_tables(
    items: Iterable[tuple[Table, int, RowsFactory]], writers: list[TableWriter]
) -> dict[str, int]:
    """Feed every row of every table to every writer; the row count of each table."""
    counts: dict[str, int] = {}
    for table, count, rows in items:
        for writer in writers:
            writer.begin(table, count, rows)
        fields = table.fields
        written = 0
        for row in rows():
            values = [row.get(f) for f in fields]
            for writer in writers:
                writer.row(row, values)
            written += 1
        for writer in writers:
            writer.end()
        counts[table.name] = written
    return counts
