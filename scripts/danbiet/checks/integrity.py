"""Published entries are append-only: compare the working tree with the base revision.

`read_changes` lists what changed since the base (one `git diff --name-status`, plus the
untracked files under content/) and reads the base version of every changed file through ONE
`git cat-file --batch` process. `compare` then keys every record file on both sides with
`danbiet.ledger.entry_keys` and refuses:

    edited-published    an entry present on the base whose fingerprint changed
    deleted-published   an entry present on the base that is gone; a deleted or renamed record

A conference's own facts (title, held_on, kind, chairs ...) count as published once its
conclusion notice is on the base; until then the office may still complete them, but the
petitions and entries already on the base are published. A few fields record later events and
may be filled in once, when the published entry has no value yet (`FILL_IN`: the notice's
`sent_up_on`, a planned conference's `conference_id`, a unit's `valid_to` ...). Everything else
is fixed by appending a `corrections` entry with a reason (`danbiet new correction`).

Files are read safely: nothing that is not a regular file inside content/ is opened (no FIFO,
device or symbolic link leaving content/), and YAML goes through `danbiet.safeyaml`.
"""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from danbiet import records
from danbiet.ledger import _KEYED_LISTS, entry_keys
from danbiet.problems import Problem
from danbiet.safeyaml import MAX_BYTES, Document, PathKey, YamlError, load_text, read_text
from danbiet.worktree import diff_and_untracked, git_env

CONTENT = "content"
# Fields that record later events: they may be added to a published entry that lacks them.
FILL_IN: dict[str, frozenset[str]] = {
    "notices": frozenset({"sent_up_on", "url"}),
    "planned_conferences": frozenset({"conference_id"}),
    "units": frozenset({"valid_to", "successor", "website"}),
    "reports": frozenset({"url"}),
}
ENTRY_NAMES = {
    "conferences": "conference",
    "notices": "conclusion notice",
    "petitions": "petition",
    "assignments": "assignment",
    "updates": "update",
    "supervision": "supervision entry",
    "corrections": "correction",
    "plans": "plan",
    "planned_conferences": "planned conference",
    "units": "unit",
    "reports": "report",
}
_MISSING: Any = object()


class CheckError(Exception):
    """The check cannot run (not a git repository, unknown base...): a usage error, exit 2."""


# -- reading the working tree safely -----------------------------------------------------------


def read_working(root: Path, rel: str) -> tuple[str, Document] | Problem | None:
    """The text and document of ROOT/REL; a Problem when unsafe or unreadable; None if absent."""
    root = Path(root)
    path = root / rel
    content = (root / CONTENT).resolve()
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return Problem("unreadable", f"cannot read the file: {exc.strerror}", rel)
    if stat.S_ISLNK(info.st_mode) or not path.resolve().is_relative_to(content):
        target = path.resolve()
        if not target.is_relative_to(content):
            return Problem(
                "unsafe-path",
                "symbolic link points outside content/; records must be real files inside "
                "the repository",
                rel,
            )
        path = target
    try:
        # O_NONBLOCK: opening a FIFO must never wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return Problem("unreadable", f"cannot read the file: {exc.strerror}", rel)
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    finally:
        os.close(fd)
    if not regular:
        return Problem(
            "unsafe-path",
            "not a regular file (a FIFO, device or folder); records are plain text files",
            rel,
        )
    try:
        text = read_text(path)
        return text, load_text(text)
    except YamlError as exc:
        return Problem(exc.code, exc.message, rel, exc.line)
    except OSError as exc:
        return Problem("unreadable", f"cannot read the file: {exc.strerror}", rel)


def _link_problem(root: Path, rel: str) -> Problem | None:
    """A symbolic link under content/ that leads outside it."""
    path = root / rel
    if path.is_symlink() and not path.resolve().is_relative_to((root / CONTENT).resolve()):
        return Problem(
            "unsafe-path",
            "symbolic link points outside content/; records must be real files and folders "
            "inside the repository",
            rel,
        )
    return None


# -- git ------------------------------------------------------------------------------------------


def _git(root: Path, *args: str) -> bytes:
    command = ["git", "-C", str(root), "-c", "core.quotePath=false", *args]
    try:
        result = subprocess.run(command, capture_output=True, env=git_env())
    except FileNotFoundError:
        raise CheckError("git is not installed or not on PATH; --base needs git") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in message.lower():
            raise CheckError(
                f"{root} is not a git repository; --base compares with a git revision: run "
                "danbiet check in a clone of the records repository"
            )
        raise CheckError(f"git {args[0]} failed: {message}")
    return result.stdout


@dataclass(frozen=True)
class FileChange:
    status: str  # A added | M modified | D deleted | R renamed | T type changed
    path: str  # in the working tree (for D: the deleted path)
    old: str | None  # on the base (None for A)


@dataclass
class BaseTree:
    ref: str
    sha: str
    changes: list[FileChange]
    blobs: dict[str, bytes | None] = field(default_factory=dict)  # base path -> content


def resolve(root: Path, ref: str) -> str:
    if not ref or ref.startswith("-") or any(c in ref for c in "\n\0"):
        raise CheckError(f"'{ref}' is not a git revision; give a branch, e.g. origin/main")
    try:
        out = _git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
        )
    except CheckError as exc:
        if "is not a git repository" in str(exc) or "not installed" in str(exc):
            raise
        raise CheckError(
            f"'{ref}' does not name a commit in {root}; fetch it (git fetch origin main; in "
            "GitHub Actions give actions/checkout `fetch-depth: 0`)"
        ) from None
    return out.decode("ascii").strip()


def read_changes(root: Path, ref: str) -> BaseTree:
    """What changed in ROOT's working tree since REF, with the base version of each file."""
    root = Path(root)
    sha = resolve(root, ref)
    diff = ("--name-status", "-z", "--find-renames", "--no-ext-diff", "--relative", sha)
    raw, untracked = diff_and_untracked(partial(_git, root), *diff)
    tokens = raw.decode("utf-8", "surrogateescape").split("\0")
    changes: list[FileChange] = []
    i = 0
    while i < len(tokens) and tokens[i]:
        status = tokens[i][0]
        if status in "RC":
            old, new = tokens[i + 1], tokens[i + 2]
            i += 3
            changes.append(
                FileChange("R" if status == "R" else "A", new, old if status == "R" else None)
            )
            continue
        path = tokens[i + 1]
        i += 2
        if status == "A":
            changes.append(FileChange("A", path, None))
        elif status == "D":
            changes.append(FileChange("D", path, path))
        else:  # M, T, U (unmerged)
            changes.append(FileChange("T" if status == "T" else "M", path, path))
    for path in untracked.decode("utf-8", "surrogateescape").split("\0"):
        if path:
            changes.append(FileChange("A", path, None))
    base = BaseTree(ref, sha, sorted(changes, key=lambda c: c.path))
    wanted = [c.old for c in base.changes if c.old and _is_record(c.old)]
    base.blobs = _cat_files(root, sha, wanted)
    return base


def read_base_file(root: Path, sha: str, rel: str) -> bytes | None:
    """One file of the base revision (e.g. content/owners.yaml), or None."""
    return _cat_files(Path(root), sha, [rel]).get(rel)


def _cat_files(root: Path, sha: str, paths: list[str]) -> dict[str, bytes | None]:
    """The base content of PATHS, through one `git cat-file --batch` process."""
    out: dict[str, bytes | None] = {}
    paths = [p for p in dict.fromkeys(paths) if "\n" not in p and "\r" not in p]
    if not paths:
        return out
    command = ["git", "-C", str(root), "cat-file", "--batch"]
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=git_env(),
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for path in paths:
            # One request at a time: each answer is read before the next question, so
            # neither pipe can fill up.
            process.stdin.write(f"{sha}:./{path}\n".encode("utf-8", "surrogateescape"))
            process.stdin.flush()
            header = process.stdout.readline().decode("utf-8", "replace").split()
            if len(header) != 3:
                out[path] = None  # missing (or not a blob)
                continue
            size = int(header[2])
            remaining, chunks = size, []
            while remaining:
                chunk = process.stdout.read(min(remaining, 1 << 20))
                if not chunk:
                    raise CheckError(f"git cat-file stopped while reading {path}")
                if size <= MAX_BYTES:
                    chunks.append(chunk)
                remaining -= len(chunk)
            process.stdout.read(1)  # the newline after the content
            out[path] = b"".join(chunks) if size <= MAX_BYTES and header[1] == "blob" else None
    finally:
        process.stdin.close()
        process.stdout.close()
        process.wait()
    return out


# -- entries ---------------------------------------------------------------------------------------


def _is_record(rel: str) -> bool:
    return rel.startswith(f"{CONTENT}/") and records.classify(rel[len(CONTENT) + 1 :]) is not None


@dataclass(frozen=True)
class Entry:
    table: str
    own: Any  # the entry's own fields (child entries excluded), as in ledger fingerprints
    path: PathKey  # where it is inside the file


def entries(rel: str, data: Any) -> dict[str, Entry]:
    """Every entry key of the record at REL (as `ledger.entry_keys`) -> the entry."""
    found = records.classify(rel.removeprefix(f"{CONTENT}/"))
    if found is None:
        return {}
    kind, match = found
    record_id = kind.record_id(match)
    out: dict[str, Entry] = {}
    _walk(kind.node, data, record_id, record_id, (), out)
    return out


def _walk(
    node: records.Node, value: Any, key: str, row_id: str, path: PathKey, out: dict[str, Entry]
) -> None:
    # Mirrors danbiet.ledger._walk, which gives the keys and fingerprints.
    if not isinstance(value, dict):
        out.setdefault(key, Entry(node.table, value, path))
        return
    keyed = {
        name: child
        for name, child in node.lists
        if child.table in _KEYED_LISTS and isinstance(value.get(name), list)
    }
    maps = {name: child for name, child in node.maps if value.get(name) is not None}
    own = {k: v for k, v in value.items() if k not in keyed and k not in maps}
    out.setdefault(key, Entry(node.table, own, path))
    for name, child in maps.items():
        _walk(child, value[name], f"{row_id}#{name}", row_id, (*path, name), out)
    for name, child in keyed.items():
        for index, item in enumerate(value[name]):
            if child.table == "petitions":
                no = item.get("no") if isinstance(item, dict) else None
                suffix = no if isinstance(no, int) and not isinstance(no, bool) else f"#{index + 1}"
                child_key = f"{row_id}.{suffix}"
            else:
                child_key = f"{row_id}/{name}/{index + 1}"
            _walk(child, item, child_key, child_key, (*path, name, index), out)


def dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _first_difference(old: Any, new: Any, path: PathKey = ()) -> tuple[PathKey, Any, Any]:
    """Where OLD and NEW first differ: (path, old value, new value); _MISSING when absent."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*new, *(k for k in old if k not in new)]:
            a, b = old.get(key, _MISSING), new.get(key, _MISSING)
            if a != b:
                if a is _MISSING or b is _MISSING:
                    return (*path, key), a, b
                return _first_difference(a, b, (*path, key))
    elif isinstance(old, list) and isinstance(new, list):
        for index in range(max(len(old), len(new))):
            a = old[index] if index < len(old) else _MISSING
            b = new[index] if index < len(new) else _MISSING
            if a != b:
                if a is _MISSING or b is _MISSING:
                    return (*path, index), a, b
                return _first_difference(a, b, (*path, index))
    return path, old, new


def _shown(value: Any) -> str:
    if value is _MISSING or value is None:
        return "(nothing)"
    text = str(value).replace("\n", " ")
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _filled_in(table: str, old: Any, new: Any) -> bool:
    """NEW only adds FILL_IN fields that OLD lacked, and changes nothing else."""
    allowed = FILL_IN.get(table)
    if not allowed or not isinstance(old, dict) or not isinstance(new, dict):
        return False
    for key, value in old.items():
        if value is not None and new.get(key) != value:
            return False
    added = {k for k, v in new.items() if v is not None and old.get(k) is None}
    return added <= allowed


# -- comparing ---------------------------------------------------------------------------


@dataclass
class FileDelta:
    """One changed file: what the working tree adds, changes and removes compared with the base."""

    change: FileChange
    document: Document | None = None  # the working version, when readable
    text: str | None = None
    entries: dict[str, Entry] = field(default_factory=dict)  # working entries
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _parse_base(rel: str, data: bytes | None) -> Document | None:
    if data is None:
        return None
    try:
        return load_text(data.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, YamlError):
        return None  # an unreadable published version publishes nothing


def compare(root: Path, base: BaseTree) -> tuple[list[FileDelta], list[Problem]]:
    """The deltas of every changed file, and the refusals of edits of published entries."""
    deltas: list[FileDelta] = []
    problems: list[Problem] = []
    where = base.ref
    for change in base.changes:
        delta = FileDelta(change)
        deltas.append(delta)
        working = None
        if change.status != "D" and change.path.startswith(f"{CONTENT}/"):
            if change.path.endswith((".yaml", ".yml")):
                read = read_working(Path(root), change.path)
            else:
                read = _link_problem(Path(root), change.path)
            if isinstance(read, Problem):
                problems.append(read)
            elif read is not None:
                delta.text, delta.document = read
                working = read[1]
        new_keys: dict[str, str] = {}
        if working is not None and _is_record(change.path):
            new_keys = entry_keys(change.path, working.data)
            delta.entries = entries(change.path, working.data)
        old_doc = _parse_base(change.old, base.blobs.get(change.old)) if change.old else None
        old_keys: dict[str, str] = {}
        old_entries: dict[str, Entry] = {}
        if old_doc is not None and change.old and _is_record(change.old):
            old_keys = entry_keys(change.old, old_doc.data)
            old_entries = entries(change.old, old_doc.data)
        same_path = change.old == change.path and change.status != "D"
        if same_path:
            delta.added = sorted(new_keys.keys() - old_keys.keys())
            delta.removed = sorted(old_keys.keys() - new_keys.keys())
            delta.changed = sorted(
                k for k in new_keys.keys() & old_keys.keys() if new_keys[k] != old_keys[k]
            )
        else:
            delta.added = sorted(new_keys)
            delta.removed = sorted(old_keys)
        if change.old is None or not _is_record(change.old):
            continue
        if change.status in ("D", "R"):
            problems.append(_file_gone(change, where))
            continue
        if old_doc is None:
            continue  # nothing readable was published
        if working is None:
            continue  # unreadable now: reported above (and by validate)
        published = _published(change.old, old_doc, old_keys)
        for key in sorted(published, key=lambda k: _order(old_entries, k)):
            if key not in new_keys:
                problems.append(
                    _deleted(change.path, working, old_doc, old_entries[key], key, where)
                )
            elif new_keys[key] != old_keys[key]:
                old, new = old_entries[key], delta.entries[key]
                if _filled_in(old.table, old.own, new.own):
                    continue
                problems.append(_edited(change.path, working, old, new, key, where))
    return deltas, problems


def _order(known: dict[str, Entry], key: str) -> tuple[Any, ...]:
    entry = known.get(key)
    return tuple(str(p).zfill(8) for p in entry.path) if entry else (key,)


def _published(rel: str, document: Document, keys: dict[str, str]) -> set[str]:
    found = records.classify(rel.removeprefix(f"{CONTENT}/"))
    assert found is not None
    kind, match = found
    published = set(keys)
    record_id = kind.record_id(match)
    if kind.name == "conference" and f"{record_id}#notice" not in keys:
        published.discard(record_id)  # facts of a conference without its notice may still change
    return published


def _conference_id(rel: str) -> str | None:
    found = records.classify(rel.removeprefix(f"{CONTENT}/"))
    if found is None or found[0].name != "conference":
        return None
    return found[0].record_id(found[1])


def _what(entry: Entry, key: str) -> str:
    return f"{ENTRY_NAMES.get(entry.table, entry.table)} {key}"


def _fix(rel: str, target: str | None) -> str:
    """How to fix a mistake in a published record at REL (the end of a message)."""
    conference = _conference_id(rel)
    if conference is None:
        return (
            "ask the maintainers how to record a correction with its reason instead "
            "(published records are append-only)"
        )
    return (
        "add a corrections entry with a reason instead "
        f"(danbiet new correction {conference} --target {target or '...'} --value '...' "
        "--reason '...')"
    )


def _edited(rel: str, working: Document, old: Entry, new: Entry, key: str, where: str) -> Problem:
    inner, before, after = _first_difference(old.own, new.own)
    full = (*new.path, *inner)
    field_name = dotted(inner) or None
    target = dotted(full) if full and isinstance(full[-1], str) else None
    detail = f"{field_name} was {_shown(before)}, now {_shown(after)}" if field_name else "changed"
    return Problem(
        "edited-published",
        f"{_what(new, key)} was published on {where} and cannot be changed ({detail}); "
        f"put back the published text and {_fix(rel, target)}",
        rel,
        working.line_of(full),
        dotted(full) or None,
        key,
    )


def _deleted(
    rel: str, working: Document, old_doc: Document, old: Entry, key: str, where: str
) -> Problem:
    base_line = old_doc.line_of(old.path)
    parent = old.path[:-1]
    while parent and parent not in working.lines:
        parent = parent[:-1]
    there = f" (line {base_line} there)" if base_line else ""
    return Problem(
        "deleted-published",
        f"{_what(old, key)} was published on {where}{there} and has been removed; published "
        f"entries are never deleted: restore it as it was and {_fix(rel, None)}",
        rel,
        working.line_of(parent),
        dotted(old.path) or None,
        key,
    )


def _file_gone(change: FileChange, where: str) -> Problem:
    rel = change.old or change.path
    if change.status == "R":
        what = (
            f"has been renamed to {change.path}; ids come from paths, so a published record "
            "keeps its path"
        )
    else:
        what = "has been deleted; published records are never deleted"
    return Problem(
        "deleted-published",
        f"{rel} was published on {where} and {what}: restore it (git checkout {where} -- {rel}) "
        f"and {_fix(rel, None)}",
        rel,
        None,
        None,
        None,
    )
