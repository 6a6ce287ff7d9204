"""The open-data tables of one shard written once, and the national files joined from them.

A shard (a province of the site build, or the whole dataset for `danbiet export`) writes its
rows of every table into a folder of fragments:

    <table>.csv                     its CSV rows, without the header
    <table>.csv.deflate             the same, deflated for the ZIP (`danbiet.export.deflated`)
    <table>.json                    its JSON objects, `,\\n`-separated, without the brackets
    <table>.xlsx.xml, .ends, .years its XLSX rows (`danbiet.export.xlsx.XlsxRows`), their
    .xlsx.deflate, .xlsx.crc        deflate data and CRC-32, and where each year's rows are
    .xlsx.by-year(.deflate)         deflated, for a table split into year sheets
    tables.db                       its rows in SQLite, without full-text indexes
    fragments.json                  its rows per table and obligations per state
    keys.json                       each table's rows hashed (`danbiet.reuse`): the shard's
                                    next fragments link a table's files from these when
                                    its rows are the same values

`join` writes the files of the export from the fragments of every shard, in the order given,
by copying bytes (and, for SQLite, rows inside SQLite) instead of converting every row again:
a province that did not change costs the copy of its bytes, and the files are the same bytes
as if one writer had seen every row. The rows are converted once, where the shard is built
(in parallel, and kept in the parts cache of the site build).
"""

from __future__ import annotations

import contextlib
import csv
import filecmp
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zlib
from collections import Counter
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from danbiet.export.computed import OBLIGATIONS_TABLE
from danbiet.export.deflated import FINAL_BLOCK, Member, deflate_file_part, deflate_part
from danbiet.export.package import FTS, SQLITE, XLSX, sha256_file
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
from danbiet.export.xlsx import (
    ROW_ENDS,
    ROW_YEARS,
    ROWS_CRC,
    ROWS_DEFLATED,
    ROWS_XML,
    YEAR_INDEX,
    YEARS_DEFLATED,
    XlsxRows,
    XlsxWriter,
    YearIndexError,
)
from danbiet.reuse import Reuse

DATABASE = "tables.db"
DEFLATED = ".deflate"
META = "fragments.json"
_CHUNK = 1 << 20


class FragmentError(Exception):
    """A fragments folder that is missing or unreadable."""


def write_fragments(
    folder: Path, rows: dict[str, list[dict[str, Any]]], reuse: Reuse | None = None
) -> None:
    """Write the fragments of ROWS (`danbiet.export.table_rows`) into the new folder FOLDER.
    REUSE (`danbiet.reuse`, on the shard's previous fragments folder): a table whose rows
    are the same values is linked from there, but for its rows in the SQLite database, which
    holds every table in one file."""
    folder.mkdir(parents=True)
    sqlite = SqliteWriter(folder / DATABASE, tables(), {})
    counts: dict[str, int] = {}
    try:
        formats = [CsvWriter(folder, header=False), JsonWriter(folder, fragment=True)]
        formats.append(XlsxRows(folder))
        for t in tables():
            part = rows[t.name]
            item = [(t, len(part), lambda part=part: part)]
            if reuse is not None and _taken(t, part, folder, reuse):
                counts |= write_tables(item, [sqlite])
                continue
            counts |= write_tables(item, [*formats, sqlite])
            deflate_file_part(folder / t.csv, folder / f"{t.csv}{DEFLATED}")
    finally:
        sqlite.close(finish=False)
    if reuse is not None:
        reuse.save(folder)
    states = Counter(row["state"] for row in rows[OBLIGATIONS_TABLE])
    meta = {"counts": counts, "states": dict(sorted(states.items()))}
    (folder / META).write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")


def _table_files(t: Any) -> list[str]:
    """The fragment files every table T has, but for its rows in the database (and the year
    sheets' deflate data, `YEARS_DEFLATED`, of a table of several years)."""
    suffixes = (ROWS_XML, ROW_ENDS, ROW_YEARS, ROWS_DEFLATED, ROWS_CRC, YEAR_INDEX)
    return [t.csv, f"{t.csv}{DEFLATED}", t.json, *(f"{t.name}{suffix}" for suffix in suffixes)]


def _taken(t: Any, part: list[dict[str, Any]], folder: Path, reuse: Reuse) -> bool:
    """Whether table T's fragment files (but for SQLite) are linked from REUSE's previous
    folder, its rows PART being the same values as there (and each row in the same year
    sheet); if not, nothing of T is left in FOLDER."""
    fields = t.fields
    values = [[row.get(f) for f in fields] for row in part]
    key = reuse.key(t.name, fields, values, [t.year_of(row) for row in part])
    if not reuse.same(t.name, key):
        return False
    assert reuse.previous is not None
    linked = []
    names = _table_files(t)
    if (reuse.previous / f"{t.name}{YEARS_DEFLATED}").exists():  # a table of several years
        names.append(f"{t.name}{YEARS_DEFLATED}")
    for name in names:
        if not reuse.link(name, folder / name):
            for done in linked:
                (folder / done).unlink()
            return False
        linked.append(name)
    return True


@dataclass
class Joined:
    counts: dict[str, int]  # rows per table
    states: Counter[str]  # obligations per state
    sha256: dict[str, tuple[int, str]]  # file name -> (bytes, sha256), CSV and JSON files
    crc32: dict[str, int]  # file name -> CRC-32, CSV and JSON files
    members: dict[str, Member]  # CSV file name -> its ZIP member, deflated by the shards
    xlsx: XlsxWriter  # the workbook, its table sheets written, to be finished and closed
    # the SQLite database being written: True if updated (`Earlier`), its size and sha256
    database: Future[tuple[bool, tuple[int, str]]]


def read_meta(folder: Path) -> dict[str, Any]:
    """FOLDER's fragments.json, once every file of the fragments is known to be there."""
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FragmentError(f"{folder}: unreadable open-data fragments ({exc})") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("counts"), dict):
        raise FragmentError(f"{folder}: unreadable open-data fragments")
    names = [DATABASE]
    for t in tables():
        names += _table_files(t)
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        raise FragmentError(f"{folder}: open-data fragments missing: {', '.join(missing[:5])}")
    return meta


@dataclass(frozen=True)
class Earlier:
    """The export an earlier `join` wrote into FOLDER from fragments of the same shards in the
    same order, and the earlier fragments folder of each shard that changed since, by its
    position in that order. `join` starts from it rather than from nothing:

    - a CSV or JSON file whose fragments did not change in any changed shard is the earlier
      file (FILES: the ones known intact, with their size, sha256 and CRC-32), linked rather
      than written and hashed again;
    - with DATABASE, the SQLite database is copied and only the changed shards' rows replaced,
      its full-text indexes updated. It then holds the same rows with the same rowids and finds
      the same texts as one joined whole; its bytes differ (the pages SQLite freed and reused,
      the full-text index's segments).
    """

    folder: Path
    changed: dict[int, Path]
    database: bool = False
    # the database, being copied since before the shards were built (`Copying`)
    database_copy: Copying | None = None
    files: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    # the database being written since before the merge read its parts (`started`)
    early: Early | None = None

    def started(self, folders: list[Path], path: Path) -> Earlier:
        """This, with its database written from the fragments in FOLDERS (those `join` will
        be given) at PATH from now on, on a thread of its own: SQLite releases the GIL, so the
        merge reads its parts and renders its pages meanwhile. `join` moves it into its
        staging folder; `Early.wait` before removing PATH's folder."""
        pool = ThreadPoolExecutor(1)
        future = pool.submit(_join_sqlite, path, folders, self)
        pool.shutdown(wait=False)  # the thread ends with the task
        return replace(self, early=Early(list(folders), path, future))

    def reuse(self, name: str, staging: Path, folders: list[Path]) -> tuple[int, str, int] | None:
        """The earlier file NAME linked into STAGING, with its size, sha256 and CRC-32, if the
        changed shards' fragments of it are the same bytes as before; else None."""
        known = self.files.get(name)
        if known is None:
            return None
        try:
            for position, before in self.changed.items():
                if not filecmp.cmp(before / name, folders[position] / name, shallow=False):
                    return None
            os.link(self.folder / name, staging / name)
        except OSError:  # an earlier fragment or file gone, another file system: written again
            return None
        return known


@dataclass(frozen=True)
class Early:
    """A database being written at PATH from the fragments in FOLDERS (`Earlier.started`)."""

    folders: list[Path]
    path: Path
    future: Future[tuple[bool, tuple[int, str]]]

    def take(self, target: Path) -> tuple[bool, tuple[int, str]]:
        """Wait for the database, then move it to TARGET; what `_join_sqlite` returns."""
        result = self.future.result()
        os.replace(self.path, target)
        return result

    def wait(self) -> None:
        """Wait until nothing writes at PATH any more (whatever the outcome)."""
        with contextlib.suppress(BaseException):
            self.future.result()


def join(
    staging: Path,
    folders: list[Path],
    max_sheet_rows: int,
    created: datetime | None,
    pool: Executor,
    earlier: Earlier | None = None,
) -> Joined:
    """The CSV and JSON files, the SQLite database and the XLSX sheets of every table in
    STAGING, from the fragments in FOLDERS (in that order); the database from EARLIER's when
    given. The database is written on POOL (SQLite copies rows in C and releases the GIL, so it
    runs beside the byte copies): wait for `Joined.database` before reading it."""
    metas = [read_meta(folder) for folder in folders]
    counts = {t.name: sum(m["counts"].get(t.name, 0) for m in metas) for t in tables()}
    states: Counter[str] = Counter()
    for meta in metas:
        states.update(meta.get("states", {}))
    early = earlier.early if earlier is not None else None
    if early is not None and early.folders == folders:
        database = pool.submit(early.take, staging / SQLITE)
    else:
        database = pool.submit(_join_sqlite, staging / SQLITE, folders, earlier)
    sha256: dict[str, tuple[int, str]] = {}
    crc32: dict[str, int] = {}
    members: dict[str, Member] = {}
    for t in tables():
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerow(t.fields)
        header = text.getvalue().encode()
        parts = [folder / t.csv for folder in folders]
        size, digest, crc = _reuse(earlier, t.csv, staging, folders) or _write(
            staging / t.csv, [header, *parts]
        )
        sha256[t.csv], crc32[t.csv] = (size, digest), crc
        member = Member(t.csv, size, crc, [deflate_part(header)])
        for folder in folders:
            data = folder / f"{t.csv}{DEFLATED}"
            if length := data.stat().st_size:
                member.pieces.append((data, 0, length))
        member.pieces.append(FINAL_BLOCK)
        members[t.csv] = member
        pieces: list[bytes | Path] = [JSON_START.encode()]
        nonempty = [p for p in (folder / t.json for folder in folders) if p.stat().st_size]
        for index, path in enumerate(nonempty):
            pieces += [b"\n" if index == 0 else JSON_SEPARATOR.encode(), path]
        pieces.append(JSON_END[bool(nonempty)].encode())
        size, digest, crc = _reuse(earlier, t.json, staging, folders) or _write(
            staging / t.json, pieces
        )
        sha256[t.json], crc32[t.json] = (size, digest), crc
    xlsx = XlsxWriter(staging / XLSX, max_sheet_rows, created)
    try:
        for t in tables():
            xlsx.add_table(t, folders)
    except YearIndexError as exc:
        xlsx.discard()
        raise FragmentError(str(exc)) from None
    except BaseException:
        xlsx.discard()
        raise
    return Joined(counts, states, sha256, crc32, members, xlsx, database)


def _reuse(
    earlier: Earlier | None, name: str, staging: Path, folders: list[Path]
) -> tuple[int, str, int] | None:
    return earlier.reuse(name, staging, folders) if earlier is not None else None


def _join_sqlite(
    path: Path, folders: list[Path], earlier: Earlier | None
) -> tuple[bool, tuple[int, str]]:
    """The database at PATH, updated from EARLIER's or joined whole: whether it was updated,
    and its size and sha256 (hashed here, beside the other files' work)."""
    updated = earlier is not None and earlier.database and _update_sqlite(path, folders, earlier)
    if not updated:
        sqlite = SqliteWriter(path, tables(), FTS)
        try:
            for block, folder in enumerate(folders):
                sqlite.append(folder / DATABASE, tables(), block)
        except BaseException:
            sqlite.db.close()
            raise
        sqlite.close()
    return updated, sha256_file(path)


def _update_sqlite(path: Path, folders: list[Path], earlier: Earlier) -> bool:
    """PATH as EARLIER's database with the rows of its changed shards replaced; False (PATH
    removed) when the earlier database cannot be read or updated: it is joined whole then."""
    try:
        copy = earlier.database_copy
        if copy is None or not copy.take(path):
            shutil.copyfile(earlier.folder / SQLITE, path)
        sqlite = SqliteWriter(path, tables(), FTS, create=False)
    except (OSError, sqlite3.Error):
        path.unlink(missing_ok=True)
        return False
    try:
        for block in sorted(earlier.changed):
            sqlite.replace(folders[block] / DATABASE, tables(), block)
    except sqlite3.Error:
        sqlite.db.close()
        path.unlink(missing_ok=True)
        return False
    except BaseException:
        sqlite.db.close()
        raise
    sqlite.db.close()
    return True


class Copying:
    """A copy of the file SOURCE made by `cp` (a reflink where the file system has them), into
    a new folder in PARENT named PREFIX... (on the file system of what `take` moves it to; a
    sweep of PREFIX removes what a killed build left): a site updated in place copies its
    database (0.75 GB a national year, 3.7 GB at five) while its changed provinces are built,
    before the merge updates it. A process, not a thread: the build forks its workers
    meanwhile."""

    def __init__(self, source: Path, parent: Path, prefix: str) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        self._copy = self.folder / source.name
        command = ["cp", "--reflink=auto", "--", str(source), str(self._copy)]
        quiet = subprocess.DEVNULL
        try:
            self._cp: subprocess.Popen[bytes] | None = subprocess.Popen(
                command, stdin=quiet, stdout=quiet, stderr=quiet
            )
        except OSError:  # no cp: the merge copies the file itself
            self._cp = None

    def take(self, path: Path) -> bool:
        """Move the finished copy to PATH; False when it could not be made or moved."""
        if self._cp is None or self._cp.wait() != 0:
            return False
        try:
            os.replace(self._copy, path)
        except OSError:
            return False
        return True

    def discard(self) -> None:
        """Stop the copy if it still runs and remove what is left of it."""
        if self._cp is not None and self._cp.poll() is None:
            self._cp.kill()
            self._cp.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _write(target: Path, pieces: list[bytes | Path]) -> tuple[int, str, int]:
    """TARGET made of PIECES (bytes, or files to copy) in order; its size, sha256, CRC-32."""
    digest = hashlib.sha256()
    crc = 0
    with target.open("wb") as out:
        for piece in pieces:
            if isinstance(piece, bytes):
                digest.update(piece)
                crc = zlib.crc32(piece, crc)
                out.write(piece)
                continue
            with piece.open("rb") as source:
                while chunk := source.read(_CHUNK):
                    digest.update(chunk)
                    crc = zlib.crc32(chunk, crc)
                    out.write(chunk)
        size = out.tell()
    return size, digest.hexdigest(), crc
