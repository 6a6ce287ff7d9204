"""Build the public site: by province (shards), then joined; unchanged work is reused.

1. Split the records by province (`danbiet.shards`) and key each province by the content of
   its files, their Git history, the shared files (rules, calendars, units), the code, the
   templates and the options.
2. Build each province whose key has no part in `.danbiet-cache/parts/` yet
   (`danbiet.site.parts`: validate, compute, render its unit and conference pages with Jinja2
   inside the theme's shell, its open-data rows), on every CPU. Errors in any stop the build.
3. Join the parts (`danbiet.site.merge`): the editorial pages built by mkdocs-material from the
   provinces' summaries, feeds, search, open data; then swap the new site in place of the
   output folder. A failed build leaves it untouched.

`danbiet build --shard P` and `--merge` run steps 2 and 3 on different machines (a CI matrix):
the parts are the same files, so the joined site is the same bytes. When nothing at all changed
since the last build of the same output folder, the build stops after step 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from time import time_ns
from typing import Any
from zoneinfo import ZoneInfo

from danbiet.problems import Report
from danbiet.worktree import git_env

REPO = Path(__file__).resolve().parents[3]
TEMPLATES = REPO / "site_templates"
MKDOCS_YML = REPO / "mkdocs.yml"


class BuildError(Exception):
    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class BuildResult:
    out: Path
    pages: int
    report: Report
    notes: list[str] = field(default_factory=list)
    reused: bool = False  # nothing changed since the last build of OUT: it was kept as it was
    # ... and git said so (`danbiet.committed`): no record file was read or stat
    unchanged_by_git: bool = False
    built_parts: list[str] = field(default_factory=list)  # shards built (the others reused)
    in_place: bool = False  # OUT was updated where the parts changed, not replaced as a whole
    database_updated: bool = False  # its SQLite database too (`danbiet.export.fragments.Earlier`)
    # the national CSV and JSON files of the open data, by name: size, sha256, CRC-32
    national_files: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    own_files: list[str] = field(default_factory=list)  # files of OUT the merge wrote itself
    mentions: str = ""  # what became of the index pull requests read (`mentions.update`)


def markdown_environment() -> Any:
    """Jinja2 for Markdown pages: HTML autoescaping, and Markdown escaping via `finalize`."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from danbiet.site.text import md_code, md_escape, number

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=md_escape,
        keep_trailing_newline=True,
    )
    env.filters["code"] = md_code
    env.filters["number"] = number
    return env


def html_environment() -> Any:
    """Jinja2 for HTML record pages: autoescaping on, undefined names are errors."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from danbiet.site.text import number

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = number
    return env


def build(
    root: Path | str,
    out: Path | str,
    as_of: date,
    strict: bool = True,
    use_git: bool = True,
    jobs: int | None = None,
    background: bool = False,
) -> BuildResult:
    """Build the site of ROOT into OUT. OUT is replaced only when the whole build succeeded.

    JOBS: processes building provinces (default: every CPU). BACKGROUND: old files (the
    previous site, outdated parts) are deleted by a detached process instead of before
    returning.
    """
    from danbiet.site import incremental

    return incremental.build(
        Path(root), Path(out).resolve(), as_of, strict, use_git, jobs, background
    )


def ledger_of(root: Path) -> tuple[Any, list[str]]:
    """The Git ledger of ROOT, or None and a note when ROOT is not a Git repository."""
    from danbiet.ledger import Ledger, LedgerError

    inside = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--git-dir"],
        capture_output=True,
        env=git_env(),
        check=False,
    )
    if inside.returncode != 0:
        return None, ["Thư mục dữ liệu không phải kho Git: trang không có lịch sử thay đổi."]
    try:
        return Ledger.load(root), []
    except LedgerError as exc:
        raise BuildError(str(exc)) from None


def data_time(ledger: Any, as_of: date) -> datetime:
    """When the data last changed: the last commit touching content/, else the as-of day.

    Never the clock, so building the same records twice gives the same files.
    """
    if ledger is not None and ledger.commits:
        return ledger.commits[-1].committed_at
    return datetime.combine(as_of, time(0, 0), ZoneInfo("Asia/Ho_Chi_Minh"))


def swap(new: Path, out: Path, background: bool = False) -> None:
    """Replace OUT by NEW with two renames; the old site is removed only afterwards (by a
    separate process with BACKGROUND: removing tens of thousands of files can take longer than
    the build on slow disks)."""
    old = out.with_name(f".{out.name}-previous")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    new.rename(out)
    remove(old, background)


def remove(folder: Path, background: bool = False) -> None:
    """Delete FOLDER now, or in the background: renamed to a hidden name first (so the name is
    free at once), then removed by a detached process that outlives this one."""
    if not folder.exists():
        return
    if not background:
        shutil.rmtree(folder, ignore_errors=True)
        return
    trash = folder.with_name(f".{folder.name.lstrip('.')}-trash-{os.getpid()}-{time_ns()}")
    try:
        folder.rename(trash)
        subprocess.Popen(
            [sys.executable, "-c", _REMOVE, str(trash)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(trash if trash.exists() else folder, ignore_errors=True)


_REMOVE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"

# A leftover folder untouched for this long belongs to no running build or removal: the
# longest build (five national years) takes minutes, and a removal touches its folder as it
# empties it.
LEFTOVER_SECONDS = 6 * 3600


def sweep(
    folder: Path,
    prefixes: tuple[str, ...],
    background: bool,
    now: float | None = None,
    files: bool = False,
) -> list[str]:
    """Delete (as `remove` does) the folders of FOLDER whose names start with one of PREFIXES
    and that were not modified for LEFTOVER_SECONDS: what a build or a background removal left
    when it was killed (its staging folder, its trash). With FILES, the regular files of such
    names instead (a cache's temporary file, written before it is renamed into place). NOW: the
    time to compare with (default: the clock). The names removed, sorted."""
    now = _clock() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.startswith(prefixes):
            continue
        try:
            kind = entry.is_file if files else entry.is_dir
            if not kind(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < LEFTOVER_SECONDS:
                continue
            if files:
                os.unlink(entry.path)
        except OSError:
            continue
        if not files:
            remove(Path(entry.path), background)
        removed.append(entry.name)
    return sorted(removed)


def _clock() -> float:
    return time_ns() / 1e9
