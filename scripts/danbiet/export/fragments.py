"""The open-data tables of one shard written once, and the national files joined from them.

A shard (a province of the site build, or the whole dataset for `danbiet export`) writes its
rows of every table into a folder of fragments:

    <table>.csv                     its CSV rows, without the header
    <table>.json                    its JSON objects, `,\\n`-separated, without the brackets
    <table>.xlsx.xml, .ends, .years its XLSX rows (`danbiet.export.xlsx.XlsxRows`)
    tables.db                       its rows in SQLite, without full-text indexes
    fragments.json                  its rows per table and obligations per state

`join` writes the files of the export from the fragments of every shard, in the order given,
by copying bytes (and, for SQLite, rows inside SQLite) instead of converting every row again:
a province that did not change costs the copy of its bytes, and the files are the same bytes
as if one writer had seen every row. The rows are converted once, where the shard is built
(in parallel, and kept in the parts cache of the site build).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from danbiet.export.computed import OBLIGATIONS_TABLE
from danbiet.export.package import FTS, SQLITE, XLSX
from danbiet.export.tables import tables
from danbiet.export.writers import (
    JSON_END,
    JSON_SEPARATOR,
    JSON_START,
    CsvWriter,
    JsonWriter,
    SqliteWriter,
    write_tables,
)
from danbiet.export.xlsx import XlsxRows, XlsxWriter

DATABASE = "tables.db"
META = "fragments.json"
_CHUNK = 1 << 20


class FragmentError(Exception):
    """A fragments folder that is missing or unreadable."""


def write_fragments(folder: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Write the fragments of ROWS (`danbiet.export.table_rows`) into the new folder FOLDER."""
    folder.mkdir(parents=True)
    items = [(t, len(rows[t.name]), lambda part=rows[t.name]: part) for t in tables()]
    sqlite = SqliteWriter(folder / DATABASE, tables(), {})
    try:
        writers = [CsvWriter(folder, header=False), JsonWriter(folder, fragment=True)]
        counts = write_tables(items, [*writers, XlsxRows(folder), sqlite])
    finally:
        sqlite.close(finish=False)
    states = Counter(row["state"] for row in rows[OBLIGATIONS_TABLE])
    meta = {"counts": counts, "states": dict(sorted(states.items()))}
    (folder / META).write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")


@dataclass
class Joined:
    counts: dict[str, int]  # rows per table
    states: Counter[str]  # obligations per state
    sha256: dict[str, tuple[int, str]]  # file name -> (bytes, sha256), CSV and JSON files
    xlsx: XlsxWriter  # the workbook, its table sheets written, to be finished and closed


def read_meta(folder: Path) -> dict[str, Any]:
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FragmentError(f"{folder}: unreadable open-data fragments ({exc})") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("counts"), dict):
        raise FragmentError(f"{folder}: unreadable open-data fragments")
    return meta


def join(
    staging: Path, folders: list[Path], max_sheet_rows: int, created: datetime | None
) -> Joined:
    """The CSV and JSON files, the SQLite database and the XLSX sheets of every table in
    STAGING, from the fragments in FOLDERS (in that order)."""
    metas = [read_meta(folder) for folder in folders]
    counts = {t.name: sum(m["counts"].get(t.name, 0) for m in metas) for t in tables()}
    states: Counter[str] = Counter()
    for meta in metas:
        states.update(meta.get("states", {}))
    # SQLite copies rows in C and releases the GIL: it runs beside the byte copies.
    with ThreadPoolExecutor(max_workers=1) as pool:
        database = pool.submit(_join_sqlite, staging / SQLITE, folders)
        sha256: dict[str, tuple[int, str]] = {}
        for t in tables():
            header = io.StringIO()
            csv.writer(header, lineterminator="\r\n").writerow(t.fields)
            parts = [folder / t.csv for folder in folders]
            sha256[t.csv] = _write(staging / t.csv, [header.getvalue().encode(), *parts])
            pieces: list[bytes | Path] = [JSON_START.encode()]
            nonempty = [p for p in (folder / t.json for folder in folders) if p.stat().st_size]
            for index, path in enumerate(nonempty):
                pieces += [b"\n" if index == 0 else JSON_SEPARATOR.encode(), path]
            pieces.append(JSON_END[bool(nonempty)].encode())
            sha256[t.json] = _write(staging / t.json, pieces)
        xlsx = XlsxWriter(staging / XLSX, max_sheet_rows, created)
        try:
            for t in tables():
                xlsx.add_table(t, folders)
        except BaseException:
            xlsx.discard()
            raise
        database.result()
    return Joined(counts, states, sha256, xlsx)


def _join_sqlite(path: Path, folders: Iterable[Path]) -> None:
    sqlite = SqliteWriter(path, tables(), FTS)
    try:
        for folder in folders:
            sqlite.append(folder / DATABASE, tables())
    except BaseException:
        sqlite.db.close()
        raise
    sqlite.close()


def _write(target: Path, pieces: list[bytes | Path]) -> tuple[int, str]:
    """TARGET made of PIECES (bytes, or files to copy) in order; its size and sha256."""
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for piece in pieces:
            if isinstance(piece, bytes):
                digest.update(piece)
                out.write(piece)
                continue
            with piece.open("rb") as source:
                while chunk := source.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
        size = out.tell()
    return size, digest.hexdigest()
