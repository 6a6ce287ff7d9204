"""Which record files may name which unit: an index that spares `validate --changed` (and so
`review`) a `git grep` of every dialogue, plan and report when a pull request changes a unit.

`validate.load_affected` loads the files that may write an id a change defines (a unit's id,
or an id that starts with it: `<unit>.<date>`, `<unit>.<year>.<head>`...). Without an index
git reads every file of content/conferences, plans and reports for the ids' units: 1.8 GB at
five national years, 1.4-2 s on both CPUs. The index keeps, for the files of those folders as
they are at one commit (its *base*), which units they may name:

    ROOT/.danbiet-cache/mentions.sqlite

- `mentions(unit, file)`: the file holds the unit as a word, the bytes around it not being
  letters, digits, `_` or `-` (the file's bytes are cut at every other byte, `.` included, so
  every unit that begins a run of id bytes is among its words, and some that do not);
- `files(id, path, flag)`: the files read, and those that are candidates whatever they name:
  flag `escape` (a backslash: a YAML escape may spell any id), `link` (a symbolic link, which
  only loading can judge) or `unindexed` (it differed from the base in the working tree when
  the index was written, or could not be read as a record file: only loading can judge it);
- `units(id, name)`: the units it was written for (the names of content/units/*.yaml then);
  a lookup for any other unit is refused;
- `meta`: the format and the base commit.

A lookup (`lookup`) gives the files that name the units asked for, plus every file with an
escape, every link, every unindexed file, and every file that differs from the base now: what
`git diff <base>` lists (tracked files changed since, in the index or the working tree) and
what `git ls-files --others` lists (untracked and ignored files). It is a superset of what
`worktree.Search` would find with the units as needles that holds every file that writes one
as a whole value, so `validate._mentioning`, which reads the files it is given, keeps the same
ones. Files git reports unchanged since the base have the bytes the index read: the same blob,
converted the same way, as long as no `.gitattributes` changed since (then the lookup is
refused) and git's own configuration is the same (the same machine, or the same runner image:
deploy.yml writes the index, pr.yml reads it). A lookup is refused, and `git grep` used, when
the index is missing, unreadable, of another format, written for other units, inside git
(a tracked `.danbiet-cache/` changed since the base) or when git cannot compare.

`update` writes it after a build (`danbiet build`, `--merge`): in full the first time or when
the units changed (a scan of every file, about 6 s for a national year), else only the files
changed since its base. It is a cache: safe to delete, never written when the caches are read
only (`cache.read_only`), and a failure to write it only leaves `git grep` to do the work.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from danbiet.cache import CACHE_DIR, read_only
from danbiet.loader import CONTENT
from danbiet.shards import UNIT_FOLDERS
from danbiet.worktree import ATTRIBUTES, GitError, diff_and_untracked, read_record_bytes, staged
from danbiet.worktree import run_git as _git

INDEX = "mentions.sqlite"
FORMAT = "2"
FOLDERS = tuple(f"{CONTENT}/{folder}" for folder in UNIT_FOLDERS)
UNITS = f"{CONTENT}/units"

# Every byte that is not a letter, a digit, `_` or `-` becomes a space: a unit id
# ([a-z0-9]+(-[a-z0-9]+)*) written as a value, or as the start of one (`<unit>.<date>`), is
# then one of the words of the file.
_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_CUT = bytes(b if b in _WORD_BYTES else 0x20 for b in range(256))
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE units (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE files (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, flag TEXT);
CREATE INDEX files_flagged ON files (flag) WHERE flag IS NOT NULL;
CREATE TABLE mentions (unit INTEGER NOT NULL, file INTEGER NOT NULL, PRIMARY KEY (unit, file))
    WITHOUT ROWID;
"""
_MAX_UNITS = 500  # a lookup's SQL parameters (SQLite allows 999 in older builds)
# files.flag: what makes a file a candidate whatever it names
ESCAPE, LINK, UNINDEXED = "escape", "link", "unindexed"


def index_path(root: Path | str) -> Path:
    return Path(root) / CACHE_DIR / INDEX


def unit_names(root: Path | str) -> set[str]:
    """The units of ROOT as their files name them (`content/units/<id>.yaml`)."""
    try:
        names = os.listdir(Path(root) / UNITS)
    except OSError:
        return set()
    return {n.rsplit(".", 1)[0] for n in names if n.endswith((".yaml", ".yml"))}


# -- writing ------------------------------------------------------------------------------------


def update(root: Path | str) -> str:
    """Bring the index of ROOT to its HEAD; what was done: "full", "changed", "current" or
    why nothing was ("read-only", "no git", "not written: ...")."""
    root = Path(root)
    if read_only():
        return "read-only"
    try:
        head = _git(root, "rev-parse", "--verify", "-q", "HEAD^{commit}").strip()
        dirty = _changed(root, head, FOLDERS, untracked=False)
    except GitError:
        return "no git"
    units = unit_names(root)
    path = index_path(root)
    try:
        old = _open(path)
    except sqlite3.Error:
        old = None
    if old is not None:
        try:
            done = _update(root, old, head, units, dirty)
        except (OSError, sqlite3.Error, GitError):
            done = None  # written again in full
        finally:
            old.close()
        if done:
            return done
    try:
        _write_full(root, path, head, units, dirty)
    except (OSError, sqlite3.Error, GitError) as exc:
        return f"not written: {exc}"
    return "full"


def _update(
    root: Path, db: sqlite3.Connection, head: str, units: set[str], dirty: dict[str, str]
) -> str | None:
    """Update DB in place from its base to HEAD; None when it must be written in full."""
    meta = dict(db.execute("SELECT key, value FROM meta"))
    base = meta.get("base", "")
    known = {name for (name,) in db.execute("SELECT name FROM units")}
    if meta.get("format") != FORMAT or known != units:
        return None
    try:
        since = _git(root, "diff", "--name-only", "--no-renames", "-z", base, head, "--", *FOLDERS)
    except GitError:  # the base is gone (a rewritten history)
        return None
    stale = {p for p in since.split("\0") if p}
    stale |= {p for (p,) in db.execute("SELECT path FROM files WHERE flag = ?", (UNINDEXED,))}
    stale |= set(dirty)
    if base == head and not stale:
        return "current"
    tracked = _tracked(root, stale)
    with db:
        db.execute("CREATE TEMP TABLE stale (path TEXT PRIMARY KEY)")
        db.executemany("INSERT INTO stale VALUES (?)", ((p,) for p in stale))
        gone = "SELECT id FROM files WHERE path IN (SELECT path FROM stale)"
        db.execute(f"DELETE FROM mentions WHERE file IN ({gone})")  # noqa: S608 - no input
        db.execute("DELETE FROM files WHERE path IN (SELECT path FROM stale)")
        _fill(db, root, {p: tracked[p] for p in stale if p in tracked}, units, dirty)
        db.execute("UPDATE meta SET value = ? WHERE key = 'base'", (head,))
    return "changed"


def _write_full(root: Path, path: Path, head: str, units: set[str], dirty: dict[str, str]) -> None:
    """Scan every tracked file of the folders into a new index, then put it in place."""
    path.parent.mkdir(exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{INDEX}-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(temp)
        try:
            db.executescript(_SCHEMA)
            with db:
                db.executemany(
                    "INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("base", head)]
                )
                db.executemany("INSERT INTO units (name) VALUES (?)", ((u,) for u in sorted(units)))
                _fill(db, root, _tracked(root, None), units, dirty)
        finally:
            db.close()
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _fill(
    db: sqlite3.Connection,
    root: Path,
    files: dict[str, str],
    units: set[str],
    dirty: dict[str, str],
) -> None:
    """Index FILES (path -> git mode) as the working tree holds them; DIRTY ones (changed since
    the base, deleted too: the file may come back as it was) are listed as unindexed, not read."""
    ids = {name.encode(): id_ for id_, name in db.execute("SELECT id, name FROM units")}
    words = set(ids)

    def add(rel: str, flag: str | None) -> int:
        cursor = db.execute("INSERT INTO files (path, flag) VALUES (?, ?)", (rel, flag))
        return cursor.lastrowid or 0

    for rel in sorted(set(files) | set(dirty)):
        mode = files.get(rel)
        if rel in dirty:
            add(rel, UNINDEXED)
        elif mode == "120000":
            add(rel, LINK)
        elif mode in ("100644", "100755"):  # not a submodule, which holds no record file
            try:
                text = read_record_bytes(str(root / rel))
            except OSError:
                text = None
            if text is None:  # left to loading, as `validate._mentioning` does
                add(rel, UNINDEXED)
                continue
            named = words.intersection(text.translate(_CUT).split())
            flag = ESCAPE if b"\\" in text else None
            if named or flag:
                file = add(rel, flag)
                db.executemany(
                    "INSERT INTO mentions VALUES (?, ?)", ((ids[u], file) for u in named)
                )


def _tracked(root: Path, only: set[str] | None) -> dict[str, str]:
    """The git mode of every tracked file of the folders (those of ONLY, if given)."""
    if only is not None and not only:
        return {}
    listed = _git(root, "ls-files", "--stage", "-z", "--", *FOLDERS)
    return {rel: mode for mode, _, _, rel in staged(listed) if only is None or rel in only}


# -- reading ------------------------------------------------------------------------------------


class Indexed:
    """What `worktree.Search` gives (`result`, `covers`), from the index: the files of FOLDERS
    that may name one of UNITS, computed at once (git compares the working tree with the
    index's base in two processes: about half a second at five national years)."""

    def __init__(self, folders: Iterable[str], units: Iterable[str], found: set[str]) -> None:
        self.folders, self.units, self._found = set(folders), set(units), found

    def covers(
        self, folders: Iterable[str], needles: Iterable[bytes], units: Iterable[str]
    ) -> bool:
        return set(folders) <= self.folders and set(units) <= self.units

    def result(self) -> set[str]:
        return self._found

    def cancel(self) -> None:
        """Nothing runs (`worktree.Search.cancel`)."""


def lookup(root: Path | str, folders: Iterable[str], units: Iterable[str]) -> Indexed | None:
    """The files of FOLDERS (under `FOLDERS`) that may name one of UNITS, from the index; None
    when the index cannot answer (see the module's documentation)."""
    root, folders, units = Path(root), sorted(set(folders)), set(units)
    if not folders or not set(folders) <= set(FOLDERS) or len(units) > _MAX_UNITS:
        return None
    try:
        db = _open(index_path(root), readonly=True)
    except sqlite3.Error:
        return None
    try:
        meta = dict(db.execute("SELECT key, value FROM meta"))
        base = meta.get("base", "")
        if meta.get("format") != FORMAT or not base:
            return None
        marks = ",".join("?" * len(units))
        named = f"SELECT id FROM units WHERE name IN ({marks})"  # noqa: S608 - placeholders
        unit_ids = [i for (i,) in db.execute(named, sorted(units))]
        if len(unit_ids) != len(units):
            return None
        try:
            changed = _changed(root, base, folders, also=(ATTRIBUTES, CACHE_DIR))
        except GitError:
            return None
        if any(not p.startswith(tuple(f"{f}/" for f in folders)) for p in changed):
            return None  # attributes, or a tracked cache
        found = {p for p, status in changed.items() if status != "D"}
        marks = ",".join("?" * len(unit_ids))
        rows = db.execute(
            "SELECT path FROM files WHERE flag IS NOT NULL OR id IN "
            f"(SELECT file FROM mentions WHERE unit IN ({marks}))",  # noqa: S608 - placeholders
            unit_ids,
        )
        found |= {p for (p,) in rows if changed.get(p) != "D"}
    except sqlite3.Error:
        return None
    finally:
        db.close()
    within = tuple(f"{f}/" for f in folders)
    return Indexed(folders, units, {p for p in found if p.startswith(within)})


def _open(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """The index at PATH, if it is ours to trust: a regular file of this user that no one else
    may write (as the other caches, `cache.read_cache`). sqlite3.Error otherwise."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise sqlite3.Error(f"{path}: {exc.strerror}") from None
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) or not mine:
        raise sqlite3.Error(f"{path}: not a private regular file")
    mode = "ro" if readonly else "rw"
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)
    try:
        db.execute("SELECT value FROM meta WHERE key = 'format'").fetchall()
    except sqlite3.Error:
        db.close()
        raise
    return db


def _changed(
    root: Path, base: str, folders: Iterable[str], also: Iterable[str] = (), untracked: bool = True
) -> dict[str, str]:
    """The paths of FOLDERS (and of the pathspecs ALSO, tracked files only) that differ from
    BASE now, with git's status letter: tracked files changed since (staged or not) and, with
    UNTRACKED, untracked or ignored files ("?")."""
    diff = ("--name-status", "--no-renames", "-z", base, "--", *folders, *also)
    if untracked:  # ignored files too: an ignored record file is loaded all the same
        others = ("ls-files", "--others", "-z", "--", *folders)
        listed, found = diff_and_untracked(partial(_git, root), *diff, others=others)
    else:
        listed, found = _git(root, "diff", *diff), ""
    fields = listed.split("\0")
    out = {rel: status for status, rel in zip(fields[0::2], fields[1::2], strict=False) if rel}
    out.update((rel, "?") for rel in found.split("\0") if rel)
    return out
