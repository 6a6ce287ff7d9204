"""The open-data export: every table as CSV, JSON, XLSX and SQLite, described by one
Frictionless Data Package, with checksums, a ZIP of the package and a JSON file per conference.

    from danbiet.export import export, download_table, schema_docs
    result = export(root, root / "site" / "du-lieu", date(2026, 11, 20))

Files written into OUT (names never contain dates or hashes, so their URLs are stable):

    datapackage.json          the Data Package: every table, its CSV, size, sha256 and schema
    <table>.csv, <table>.json one per table (records, `obligations`, `status_history`)
    danbiet.xlsx              a sheet per table (split by year past the sheet size limit)
    danbiet.db, metadata.json SQLite with keys and full-text search; its Datasette metadata
    hoi-nghi/<conference>.json one file per conference
    danbiet-du-lieu.zip       the Data Package: datapackage.json, the CSV files and hoi-nghi/
    SHA256SUMS                sha256 of every file (the ZIP included), `sha256sum -c` format

Everything is written into a staging folder beside OUT first; then `hoi-nghi/` is swapped in
and each file replaced with a rename, so readers never see a half-written file. Other files in
OUT (the open-data page of the site) are left alone. The staging folders of exports killed long
ago (`site.build.LEFTOVER_SECONDS`) are removed first.

The export does not validate the records: callers run `danbiet.validate.validate` first (the
`danbiet export` command and the site build do).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from danbiet.export.computed import (
    HISTORY_TABLE,
    OBLIGATIONS_TABLE,
    VIETNAM,
    history_rows,
    obligation_rows,
)
from danbiet.export.conferences import conference_path, write_conferences
from danbiet.export.deflated import Member, member_of_file, write_zip
from danbiet.export.fragments import Earlier, join, write_fragments
from danbiet.export.package import (
    CONFERENCES,
    CSV_NOTE,
    DATAPACKAGE,
    DATASETTE,
    SQLITE,
    SUMS,
    XLSX,
    ZIP,
    datasette_metadata,
    download_table,
    package_descriptor,
    sha256_file,
    sums_text,
    vn_date,
    vn_int,
)
from danbiet.export.tables import schema_docs, table, tables
from danbiet.export.xlsx import XLSX_MAX_ROWS, XlsxWriter
from danbiet.loader import Dataset
from danbiet.obligations import STATES, Obligation
from danbiet.worktree import git_env

__all__ = [
    "CSV_NOTE",
    "DATAPACKAGE",
    "SQLITE",
    "SUMS",
    "XLSX",
    "XLSX_MAX_ROWS",
    "ZIP",
    "ExportError",
    "ExportFile",
    "ExportResult",
    "conference_path",
    "download_table",
    "export",
    "schema_docs",
    "table",
    "tables",
]


class ExportError(Exception):
    """The export cannot be computed (a rule profile or calendar file is broken)."""


@dataclass(frozen=True)
class ExportFile:
    path: str  # relative to the export folder, POSIX separators
    bytes: int
    sha256: str


@dataclass
class ExportResult:
    out: Path
    as_of: date
    created: str  # ISO 8601, Asia/Ho_Chi_Minh
    commit: str | None  # `git rev-parse HEAD` of the root, None outside a repository
    counts: dict[str, int]  # rows per table, the computed tables included
    states: dict[str, int]  # obligations per state, every state (zeros included), in order
    files: list[ExportFile]  # every file written, SHA256SUMS last
    sheets: dict[str, list[str]] = field(default_factory=dict)  # table -> XLSX sheet names
    published: bool = False  # a Git ledger gave the publication times
    database_updated: bool = False  # the SQLite database is an earlier one updated (`Earlier`)
    crc32: dict[str, int] = field(default_factory=dict)  # of the CSV and JSON files

    def file(self, path: str) -> ExportFile:
        for f in self.files:
            if f.path == path:
                return f
        raise KeyError(path)

    @property
    def conferences(self) -> list[str]:
        """Paths of the per-conference JSON files."""
        return [f.path for f in self.files if f.path.startswith(f"{CONFERENCES}/")]


def git_commit(root: Path) -> str | None:
    """The commit checked out at ROOT (`git rev-parse HEAD`), or None outside a repository."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--verify", "--quiet", "HEAD"],
            capture_output=True,
            text=True,
            timeout=60,
            env=git_env(),
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    sha = done.stdout.strip()
    return sha if done.returncode == 0 and re.fullmatch(r"[0-9a-f]{40,64}", sha) else None


def _published_lookup(ledger: Any) -> Callable[[str], date | None]:
    def lookup(key: str) -> date | None:
        commit = ledger.first_published(key)
        return commit.committed_at.astimezone(VIETNAM).date() if commit else None

    return lookup


def export(
    root: Path | str,
    out: Path | str,
    as_of: date,
    ledger: Any = None,
    *,
    dataset: Dataset | None = None,
    obligations: list[Obligation] | None = None,
    max_sheet_rows: int = XLSX_MAX_ROWS,
    created: datetime | None = None,
) -> ExportResult:
    """Export the records of ROOT as of AS_OF into the folder OUT.

    LEDGER (a `danbiet.ledger.Ledger`, or anything with `first_published(key)`) adds when each
    update was first published to `status_history` and judges notices on their publication
    day, as `danbiet deadlines --git` does. DATASET and OBLIGATIONS let the caller pass what
    it already loaded and computed; rows are then in the order of DATASET's files. Without
    them the records are read and written one province at a time
    (`danbiet.export.provinces`), through the parse cache: rows come province by province,
    as in the site's `du-lieu/`. MAX_SHEET_ROWS is the row limit of an XLSX sheet.
    """
    from danbiet.loader import load
    from danbiet.obligations import compute
    from danbiet.rules import RuleError, load_profiles
    from danbiet.workdays import Calendar, CalendarError

    if dataset is None and obligations is None:
        from danbiet.export.provinces import export_by_province

        _, result = export_by_province(
            root, out, as_of, ledger, max_sheet_rows=max_sheet_rows, created=created
        )
        assert result is not None  # only a validation refuses
        return result
    root, out = Path(root), Path(out).resolve()
    data = dataset if dataset is not None else load(root)
    try:
        profiles = load_profiles(root)
        if obligations is None:
            calendar = Calendar.load(root / "content" / "calendar")
            lookup = _published_lookup(ledger) if ledger is not None else None
            obligations = compute(data, profiles, calendar, as_of, lookup)
    except (RuleError, CalendarError) as exc:
        raise ExportError(str(exc)) from None
    rows = table_rows(data, obligations, ledger)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}-rows-", dir=out.parent) as work:
        write_fragments(Path(work) / "tables", rows)
        del rows
        return write_export(
            out,
            [Path(work) / "tables"],
            profiles,
            as_of,
            commit=git_commit(root),
            conferences=lambda staging: write_conferences(staging, data, obligations, as_of),
            max_sheet_rows=max_sheet_rows,
            created=created,
            published=ledger is not None,
        )


def table_rows(
    data: Dataset, obligations: list[Obligation], ledger: Any = None
) -> dict[str, list[dict[str, Any]]]:
    """Every exported table's rows: the records' own and the computed ones. Row lists of
    several datasets (the provinces of a sharded build) are joined by concatenation."""
    out: dict[str, list[dict[str, Any]]] = {}
    for t in tables():
        if t.name == OBLIGATIONS_TABLE:
            out[t.name] = list(obligation_rows(obligations))
        elif t.name == HISTORY_TABLE:
            petitions = data.index("petitions")
            out[t.name] = list(history_rows(data.tables["updates"], petitions, ledger))
        else:
            out[t.name] = data.tables[t.name]
    return out


def write_export(
    out: Path | str,
    fragments: list[Path],
    profiles: dict[str, Any],
    as_of: date,
    *,
    commit: str | None,
    conferences: Callable[[Path], dict[str, tuple[int, str]]],
    max_sheet_rows: int = XLSX_MAX_ROWS,
    created: datetime | None = None,
    published: bool = False,
    deflated: dict[str, Member] | None = None,
    earlier: Earlier | None = None,
) -> ExportResult:
    """Write the files of the export into OUT from the FRAGMENTS of its shards' tables
    (`danbiet.export.fragments`), joined in that order; the SQLite database from EARLIER's
    when given (`danbiet.export.fragments.Earlier`).

    CONFERENCES writes the per-conference JSON files into the folder it is given and returns
    their (size, sha256) by path. DEFLATED: their ZIP members, deflated ahead of time by path
    (the site's parts keep them); the others are deflated here.
    """
    out = Path(out).resolve()
    moment = (created or datetime.now(VIETNAM)).astimezone(VIETNAM)
    stamp = moment.isoformat(timespec="seconds")

    out.parent.mkdir(parents=True, exist_ok=True)
    # the staging folders of exports killed long ago, before this one makes its own
    from danbiet.site.build import sweep  # the site imports this package

    sweep(out.parent, (f".{out.name}-export-",), background=False)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-export-", dir=out.parent))
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            when = moment if created else None
            joined = join(staging, fragments, max_sheet_rows, when, pool, earlier)
            counts, tally, stats = joined.counts, joined.states, joined.sha256
            crc32 = joined.crc32
            sheets = joined.xlsx.sheet_names
            descriptor = package_descriptor(
                tables(), stats, profiles.values(), as_of, stamp, commit
            )
            _write_json(staging / DATAPACKAGE, descriptor)
            _write_json(staging / DATASETTE, datasette_metadata(tables(), as_of, commit))
            hashes = conferences(staging)
            # The ZIP is the Data Package (datapackage.json, its CSV files) and the conference
            # files; the other formats hold the same rows and are downloaded on their own. It
            # is compressed (zlib releases the GIL) while the workbook is and SQLite works.
            known = deflated or {}
            files = sorted(hashes)  # the conference files: `hashes` grows below
            members = itertools.chain(
                [member_of_file(DATAPACKAGE, staging / DATAPACKAGE)],
                (joined.members[t.csv] for t in tables()),
                (known.get(rel) or member_of_file(rel, staging / rel) for rel in files),
            )
            zipped = pool.submit(_zip, staging, members, as_of)
            _finish_workbook(joined.xlsx, counts, as_of, stamp, commit, max_sheet_rows)
            updated, hashes[SQLITE] = joined.database.result()
            names = [DATAPACKAGE, *(n for t in tables() for n in (t.csv, t.json)), XLSX, SQLITE]
            names.append(DATASETTE)
            for name in names:
                hashes[name] = stats.get(name) or hashes.get(name) or sha256_file(staging / name)
            hashes[ZIP] = zipped.result()
        sums = sums_text({name: digest for name, (_, digest) in hashes.items()}).encode()
        (staging / SUMS).write_bytes(sums)
        hashes[SUMS] = sha256_file(staging / SUMS)
        _install(staging, out, [*names, ZIP, SUMS])
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    order = {name: i for i, name in enumerate([ZIP, XLSX, SQLITE, DATASETTE, DATAPACKAGE])}
    files = [
        ExportFile(name, size, digest)
        for name, (size, digest) in sorted(
            hashes.items(),
            key=lambda kv: (
                kv[0] == SUMS,
                kv[0].startswith(f"{CONFERENCES}/"),
                order.get(kv[0], 9),
            ),
        )
    ]
    return ExportResult(
        out=out,
        as_of=as_of,
        created=stamp,
        commit=commit,
        counts=counts,
        states={state: tally[state] for state in STATES},
        files=files,
        sheets=sheets,
        published=published,
        database_updated=updated,
        crc32=crc32,
    )


def _zip(staging: Path, members: Iterable[Member], as_of: date) -> tuple[int, str]:
    write_zip(staging / ZIP, members, as_of)
    return sha256_file(staging / ZIP)


def _finish_workbook(
    xlsx: XlsxWriter,
    counts: dict[str, int],
    as_of: date,
    created: str,
    commit: str | None,
    max_rows: int,
) -> None:
    """The workbook's first sheets (introduction, field dictionary); then save it."""
    sheets = xlsx.sheet_names
    intro: list[list[Any]] = [
        ["Mục", "Nội dung", "", ""],
        ["Bộ dữ liệu", "Dân biết — đối thoại trực tiếp giữa người đứng đầu với Nhân dân", "", ""],
        ["Số liệu tính đến ngày", vn_date(as_of), "", ""],
        ["Thời điểm tạo", created, "", ""],
        ["Commit Git", commit or "—", "", ""],
        ["Giấy phép", "CC-BY-4.0 (Creative Commons Ghi công 4.0 Quốc tế)", "", ""],
        [
            "Cách đọc",
            "Mỗi bảng là một trang tính; dòng 1 là tên cột tiếng Việt, ý nghĩa từng cột ở trang "
            "Trường dữ liệu. Bảng quá "
            f"{vn_int(max_rows - 1)} dòng được tách thành trang theo năm.",
            "",
            "",
        ],
        [],
        ["Trang tính", "Bảng", "Mô tả", "Số dòng"],
    ]
    fields: list[list[Any]] = [["Bảng", "Trường", "Tên trường", "Kiểu", "Mô tả"]]
    for t in tables():
        for name in sheets.get(t.name, []):
            intro.append([name, t.title, t.description, counts.get(t.name, 0)])
    for doc in schema_docs():
        for f in doc["fields"]:
            fields.append([doc["name"], f["name"], f["title"], f["type_title"], f["description"]])
    xlsx.add_about(intro, fields)
    xlsx.close()


def _write_json(path: Path, value: Any) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        json.dump(value, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def _install(staging: Path, out: Path, names: list[str]) -> None:
    """Move the export from STAGING into OUT: swap `hoi-nghi/`, then replace each file.

    Files a previous export listed in its SHA256SUMS that this one no longer writes are
    removed; nothing else in OUT is touched.
    """
    out.mkdir(parents=True, exist_ok=True)
    stale = _previous_files(out) - set(names)
    fresh, target = staging / CONFERENCES, out / CONFERENCES
    previous = staging / f"{CONFERENCES}-previous"
    if target.is_dir() and not target.is_symlink():
        target.rename(previous)
    elif target.exists() or target.is_symlink():
        target.unlink()
    fresh.rename(target)
    for name in names:
        os.replace(staging / name, out / name)
    for name in stale:
        path = out / name
        if path.is_file() or path.is_symlink():
            path.unlink()


def _previous_files(out: Path) -> set[str]:
    """Top-level files listed in OUT/SHA256SUMS by an earlier export."""
    try:
        text = (out / SUMS).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    found = set()
    for line in text.splitlines():
        match = re.fullmatch(r"[0-9a-f]{64}  ([A-Za-z0-9._-]+)", line)
        if match and not match.group(1).startswith("."):
            found.add(match.group(1))
    return found
