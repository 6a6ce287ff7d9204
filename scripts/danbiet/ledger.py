"""Git is the ledger: when each record and each appended entry was first published.

An office *declares* dates (`notice.issued_on`, `updates[].date`); Git *records* when a record
landed on the main branch. Publication time is the COMMITTER time of the first commit on the
first-parent history of the ref (default HEAD) whose tree contains the entry. For a pull request
merged with a merge commit that is the merge commit, the moment it reached main; a squash or
rebase merge creates the commit on main itself. Author dates are not used: they travel with the
commit and can be set to anything.

Every record and every entry has a stable key (`entry_keys`):

    <record id>                             the record's own fields, e.g. xa-tan-an.2026-03-12
    <conf>#notice                           a conference's notice
    <conf>.<no>                             a petition (the loader's petitions.id)
    <petition>/assignments/<n>              a petition's assignments, updates, supervision
    <petition>/updates/<n>                  ... numbered by position, 1-based
    <petition>/supervision/<n>
    <conf>/corrections/<n>                  a conference's corrections
    <plan>/conferences/<n>                  a plan's planned conferences

with a fingerprint of the entry's own fields (child entries excluded), so the ledger knows when an
entry was first published and when it was last changed. Files under `content/` that are not
records (rule profiles, calendars) have a file history but no keys.

History is read in one pass: one `git log --first-parent --raw` over the whole range and one
`git cat-file --batch` process for the blobs of the record files it changed. The result is cached
in `<root>/.danbiet-cache/ledger-<settings hash>.sqlite` (`danbiet.ledger_store`) together with
the last commit processed; the next run only reads the commits added since and writes what they
changed into it, or rebuilds when history was rewritten. The cache is never trusted beyond that
check, so it is never stale and always safe to delete.

A version that cannot be read (bad YAML, not UTF-8, too large) changes no entries: the ledger keeps
the last readable version of the file until a readable one is committed.

Needs git 2.31 or later (`--diff-merges`), and the full history: a shallow clone is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import json
import os
import pickle
import re
import sqlite3
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from danbiet import records
from danbiet.ledger_store import LedgerStore, StoreError
from danbiet.worktree import git_env

CONTENT = "content"
CACHE_DIR = ".danbiet-cache"
# Bump when entry keys, fingerprints or the cache layout change: old caches are then ignored.
# 2: pickle of plain data (JSON took 3.3 s to read on a national year); 3: the fingerprints at
# head pickled apart; 4: SQLite (`danbiet.ledger_store`): a load no longer holds the whole
# history in memory (five national years: 2.8 GB and 13 s to unpickle), and the commits it
# adds are written as a delta; 5: its histories' keys deflated (a national year's file: 252 →
# 180 MB). A pickle of format 2 or 3 is read once and written as SQLite: reading a national
# history from git again takes minutes on each runner of the deploy matrix.
LEDGER_FORMAT = 5
FINGERPRINT_LENGTH = 16
# A history read from git without a cache is written into the new cache file each time this
# many keys are held in memory, and dropped from it (a national year: about a million keys).
FLUSH_KEYS = 500_000
TEMPORARY_PREFIX = ".ledger-"  # cache files being written (a build sweeps those of killed runs)

# Child lists whose items are entries of their own (keyed by position, or by `no` for petitions).
# Other lists (a conference's chairs) are part of their parent's fingerprint.
_KEYED_LISTS = {
    "petitions",
    "corrections",
    "assignments",
    "updates",
    "supervision",
    "planned_conferences",
}

_RAW = re.compile(
    r":(?P<old_mode>[0-7]{6}) (?P<new_mode>[0-7]{6}) (?P<old>[0-9a-f]+) (?P<new>[0-9a-f]+)"
    r" (?P<status>[A-Z])"
)
_REGULAR_FILE_MODES = {"100644", "100755"}


class LedgerError(Exception):
    """The git history cannot be read: not a repository, a shallow clone, an unknown ref..."""


@dataclass(frozen=True)
class Commit:
    sha: str
    committed_at: datetime  # committer time, timezone-aware (the committer's own offset)
    author: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:10]

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha": self.sha,
            "committed_at": self.committed_at.isoformat(),
            "author": self.author,
            "subject": self.subject,
        }


@dataclass(frozen=True)
class Change:
    """What one commit did to one file under content/."""

    commit: Commit
    path: str  # relative to the root, e.g. content/conferences/xa-tan-an/2026-03-12.yaml
    status: (
        str  # "A" added | "M" modified | "D" deleted | "R" added as an exact copy of a file deleted
    )
    added: tuple[str, ...]  # entry keys, sorted
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "commit": self.commit.to_dict(),
            "path": self.path,
            "status": self.status,
            "added": list(self.added),
            "changed": list(self.changed),
            "removed": list(self.removed),
        }


# --------------------------------------------------------------------------- entry keys


def fingerprint(value: Any) -> str:
    """A short hash of the canonical JSON of VALUE (key order and YAML layout do not matter)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def record_path(rel_path: str) -> str:
    """REL_PATH below content/ (accepts `content/...` or the part below it), POSIX separators."""
    return _posix(rel_path).removeprefix(f"{CONTENT}/")


def _posix(rel_path: str) -> str:
    """REL_PATH as the ledger keys it: POSIX separators, no leading `./`."""
    return rel_path.replace("\\", "/").removeprefix("./")


def entry_keys(rel_path: str, data: Any) -> dict[str, str]:
    """Every key of the record at REL_PATH with DATA (as parsed by danbiet.safeyaml) -> fingerprint.

    REL_PATH is repository-relative (`content/conferences/...`); the part below content/ is also
    accepted. A path that is not a record gives {}. Keys follow the module docstring. A value
    that is not what the schema expects still gets a key and a fingerprint, so even a malformed
    entry is tracked.
    """
    found = records.classify(record_path(rel_path))
    if found is None:
        return {}
    kind, match = found
    record_id = kind.record_id(match)
    out: dict[str, str] = {}
    _walk(kind.node, data, record_id, record_id, out)
    return out


def _put(out: dict[str, str], key: str, value: str) -> None:
    # A key used twice in one file (two petitions with the same `no`): track both versions.
    out[key] = fingerprint([out[key], value]) if key in out else value


def _walk(node: records.Node, value: Any, key: str, row_id: str, out: dict[str, str]) -> None:
    if not isinstance(value, dict):
        _put(out, key, fingerprint(value))
        return
    keyed_lists = {
        name: child
        for name, child in node.lists
        if child.table in _KEYED_LISTS and isinstance(value.get(name), list)
    }
    maps = {name: child for name, child in node.maps if value.get(name) is not None}
    own = {k: v for k, v in value.items() if k not in keyed_lists and k not in maps}
    _put(out, key, fingerprint(own))
    for name, child in maps.items():
        _walk(child, value[name], f"{row_id}#{name}", row_id, out)
    for name, child in keyed_lists.items():
        for index, item in enumerate(value[name]):
            if child.table == "petitions":
                no = item.get("no") if isinstance(item, dict) else None
                suffix = no if isinstance(no, int) and not isinstance(no, bool) else f"#{index + 1}"
                child_key = f"{row_id}.{suffix}"
            else:
                child_key = f"{row_id}/{name}/{index + 1}"
            _walk(child, item, child_key, child_key, out)


# --------------------------------------------------------------------------- display


def vietnam_tz() -> tzinfo:
    """Asia/Ho_Chi_Minh (UTC+7 without daylight saving since 1975, the fallback without tzdata)."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Ho_Chi_Minh")
    except Exception:  # pragma: no cover - no tz database on this machine
        return timezone(timedelta(hours=7), "ICT")


def format_time(moment: datetime) -> str:
    """`2026-03-19 14:05 +07:00`: MOMENT in Asia/Ho_Chi_Minh."""
    local = moment.astimezone(vietnam_tz())
    return f"{local:%Y-%m-%d %H:%M} {local.isoformat()[-6:]}"


# --------------------------------------------------------------------------- git plumbing


@dataclass
class _RawChange:
    path: str  # relative to the root
    status: str
    blob: str | None  # the new blob, for added/modified regular files
    old_blob: str  # the blob before the change (all zeros when added)
    record: bool  # the path is a record file (its blob is read and keyed)


@dataclass
class _RawCommit:
    sha: str
    parents: tuple[str, ...]
    committed_at: str  # ISO 8601 with offset (%cI)
    author: str
    subject: str
    changes: list[_RawChange]


class _Git:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = git_env()  # the repository found from ROOT, even when run from a hook
        self.config = [
            "-c",
            "log.showSignature=false",
            "-c",
            "i18n.logOutputEncoding=UTF-8",
            "-c",
            "core.quotePath=false",
        ]

    def command(self, *args: str) -> list[str]:
        return ["git", "-C", str(self.root), *self.config, *args]

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        try:
            result = subprocess.run(self.command(*args), capture_output=True, env=self.env)
        except FileNotFoundError:
            raise LedgerError(
                "git is not installed or not on PATH; the ledger reads publication times "
                "from git history"
            ) from None
        if check and result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip()
            raise LedgerError(f"git {args[0]} failed in {self.root}: {message}")
        return result

    def popen(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            self.command(*args),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self.env,
        )


def _open_repository(git: _Git) -> str:
    """Check ROOT is a full (not shallow) clone; return ROOT's path prefix inside it."""
    if not git.root.is_dir():
        raise LedgerError(f"{git.root} is not a folder")
    result = git.run("rev-parse", "--show-prefix", "--is-shallow-repository", check=False)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in message.lower():
            raise LedgerError(
                f"{git.root} is not a git repository; publication times come from git history: "
                "run danbiet in a clone of the records repository (git clone URL)"
            )
        raise LedgerError(f"git cannot read the repository at {git.root}: {message}")
    lines = result.stdout.decode("utf-8", "replace").split("\n")
    prefix, shallow = (lines + ["", ""])[:2]
    if shallow.strip() == "true":
        raise LedgerError(
            f"{git.root} is a shallow clone: its history is cut off, so publication times "
            "cannot be read from it. Fetch the full history with `git fetch --unshallow` "
            "(in GitHub Actions, give actions/checkout `fetch-depth: 0`)"
        )
    return prefix


def _resolve(git: _Git, ref: str) -> str | None:
    """The commit REF names; None for HEAD in a repository without commits."""
    if not ref or ref.startswith("-"):
        raise LedgerError(f"'{ref}' is not a git ref; give a branch, tag or commit, e.g. HEAD")
    result = git.run(
        "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", check=False
    )
    if result.returncode == 0:
        return result.stdout.decode("ascii").strip()
    if (
        ref == "HEAD"
        and git.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode
    ):
        return None  # unborn branch: nothing is published yet
    raise LedgerError(
        f"'{ref}' does not name a commit in {git.root}; check the branch name, or fetch it "
        "(git fetch origin main)"
    )


_LOG_FORMAT = "%x1e%H%x00%P%x00%cI%x00%an%x00%s"


def _read_log(git: _Git, prefix: str, revisions: list[str]) -> list[_RawCommit]:
    """The first-parent commits of REVISIONS, oldest first, with their changes under content/."""
    content = f"{prefix}{CONTENT}/"
    result = git.run(
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--reverse",
        "--root",
        "-z",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--no-relative",  # paths from the top, whatever diff.relative says
        "--no-ext-diff",
        "--no-textconv",
        "--full-history",  # list every first-parent commit, even those not touching content/
        "--sparse",
        f"--format={_LOG_FORMAT}",
        *revisions,
        "--",
        f"{CONTENT}/",  # relative to ROOT, where git runs; output paths are from the top
    )
    return _parse_log(result.stdout, prefix, content)


def _parse_log(output: bytes, prefix: str, content: str) -> list[_RawCommit]:
    tokens = output.split(b"\0")
    commits: list[_RawCommit] = []
    i = 0
    count = len(tokens)
    while i < count:
        token = tokens[i]
        if not token.strip(b"\n"):
            i += 1
            continue
        if not token.startswith(b"\x1e") or i + 4 >= count:
            raise LedgerError("could not read the output of git log (unexpected format)")
        # Header fields are taken by position: a subject may hold any character but NUL.
        sha = token[1:].decode("ascii")
        parents = tuple(tokens[i + 1].decode("ascii").split())
        committed_at = tokens[i + 2].decode("ascii")
        author = tokens[i + 3].decode("utf-8", "replace")
        subject = tokens[i + 4].decode("utf-8", "replace")
        i += 5
        changes: list[_RawChange] = []
        while i + 1 < count and tokens[i].lstrip(b"\n").startswith(b":"):
            meta = _RAW.match(tokens[i].lstrip(b"\n").decode("ascii", "replace"))
            path = tokens[i + 1].decode("utf-8", "replace")
            i += 2
            if meta is None or not path.startswith(content):
                continue
            rel = path[len(prefix) :]
            status = meta["status"]
            if status not in {"A", "M", "D"}:
                status = "M"  # T (type change): the path still exists with new content
            regular = meta["new_mode"] in _REGULAR_FILE_MODES
            blob = meta["new"] if status != "D" and regular else None
            record = records.classify(record_path(rel)) is not None
            changes.append(_RawChange(rel, status, blob, meta["old"], record))
        commits.append(_RawCommit(sha, parents, committed_at, author, subject, changes))
    return commits


# A cold read parses every version of every record file (a national year: 300,000 blobs, nine
# tenths of the time): past this many blobs they are parsed on every CPU, in batches read ahead.
PARALLEL_BLOBS = 2000
_BATCH = 4096


def _parse_pool(blobs: int) -> Any:
    """A pool of processes to parse BLOBS blobs, or None when one process will do."""
    import multiprocessing

    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    if blobs < PARALLEL_BLOBS or cpus < 2:
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork").Pool(min(cpus, 8))


def _parse_item(item: tuple[str, bytes | None]) -> dict[str, str] | None:
    return _parse_blob(*item)


def _parsed(
    paths: list[str], blobs: Iterable[bytes | None], pool: Any
) -> Iterator[dict[str, str] | None]:
    """The entry keys of each blob of BLOBS (at PATHS, in order): parsed here, or on POOL one
    batch while the next is read."""
    if pool is None:
        for path, data in zip(paths, blobs, strict=True):
            yield _parse_blob(path, data)
        return
    pending = zip(paths, blobs, strict=True)
    ahead = None
    while batch := list(itertools.islice(pending, _BATCH)):
        job = pool.map_async(_parse_item, batch, chunksize=64)
        if ahead is not None:
            yield from ahead.get()
        ahead = job
    if ahead is not None:
        yield from ahead.get()


class _Blobs:
    """Blob contents, in the order asked, from one `git cat-file --batch` process."""

    def __init__(self, git: _Git, shas: list[str], max_bytes: int) -> None:
        self.shas = shas
        self.max_bytes = max_bytes
        self.read = 0
        self._proc = git.popen("cat-file", "--batch", "--buffer") if shas else None
        self._writer: threading.Thread | None = None
        if self._proc is not None:
            self._writer = threading.Thread(target=self._write, daemon=True)
            self._writer.start()

    def _write(self) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        try:
            for start in range(0, len(self.shas), 1024):
                chunk = "".join(f"{sha}\n" for sha in self.shas[start : start + 1024])
                self._proc.stdin.write(chunk.encode("ascii"))
            self._proc.stdin.close()
        except (BrokenPipeError, OSError):  # the reader failed and closed the process
            pass

    def __iter__(self) -> Iterator[bytes | None]:
        """Each blob's bytes, or None when it is missing or over the size limit."""
        if self._proc is None:
            return
        stdout = self._proc.stdout
        assert stdout is not None
        for sha in self.shas:
            header = stdout.readline().decode("ascii", "replace").split()
            if len(header) == 2 and header[1] == "missing":
                yield None
                continue
            if len(header) != 3 or header[0] != sha:
                raise LedgerError(f"could not read blob {sha} from git cat-file")
            size = int(header[2])
            self.read += 1
            data: bytes | None = None
            if size > self.max_bytes:  # skip it: too large to be a record
                remaining = size
                while remaining:
                    chunk = stdout.read(min(remaining, 1 << 20))
                    if not chunk:
                        raise LedgerError(f"git cat-file stopped while reading blob {sha}")
                    remaining -= len(chunk)
            else:
                data = stdout.read(size)
                if len(data) != size:
                    raise LedgerError(f"git cat-file stopped while reading blob {sha}")
            stdout.read(1)  # the newline after each blob
            yield data

    def close(self) -> None:
        if self._proc is None:
            return
        if self._writer is not None and self._writer.is_alive():
            self._proc.kill()  # stopped early (an error): do not wait for unread output
        if self._writer is not None:
            self._writer.join()
        for stream in (self._proc.stdout, self._proc.stdin):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        self._proc.wait()


def _parse_blob(rel: str, data: bytes | None) -> dict[str, str] | None:
    """The entry keys of one version of a record file; None if it cannot be read."""
    from danbiet.safeyaml import YamlError, load_text

    if data is None:
        return None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
        document = load_text(text)
    except (UnicodeDecodeError, YamlError):
        return None
    return entry_keys(rel, document.data)


# --------------------------------------------------------------------------- the ledger


class Ledger:
    """Publication times of every record and entry on the first-parent history of a ref.

    Loaded from its cache, the ledger holds only the commits: every other answer is looked up
    in the cache file (`danbiet.ledger_store`) when asked, and what a load applies on top of
    the cache (new commits) is held in memory for the paths and keys it touched. Read from git
    without a cache, it holds everything in memory.
    """

    def __init__(self, root: Path, ref: str) -> None:
        self.root = Path(root)
        self.ref = ref
        self.head: str | None = None
        self.commits: list[Commit] = []  # commits that changed something under content/
        self.cache_file = self.root / CACHE_DIR / f"ledger-{_settings_hash('')}.sqlite"
        # How this load got its data, for tests and --verbose output:
        self.cache_status = "off"  # off | miss | hit | incremental | rebuilt
        self.commits_read = 0  # commits read from git log in this load
        self.blobs_read = 0  # blobs read from git cat-file in this load
        self._history: dict[str, list[list[Any]]] = {}  # path -> [[commit, status, a, c, r]]
        self._state: dict[str, dict[str, str]] = {}  # path -> {key: fingerprint} at head
        self._first: dict[str, int] = {}  # key -> index into self.commits
        self._last: dict[str, int] = {}
        # key -> the path whose fingerprint is the key's at head: the smallest of the files
        # holding it (one file but for a record copied or moved), and for a key held by more
        # than one file, every such file (a dict per key for the rare case only: a national
        # year has a million keys)
        self._owner: dict[str, str] = {}
        self._extra: dict[str, set[str]] = {}
        # With a cache file, the dicts above hold only what was read from it or changed by the
        # commits this load applied: the keys, states and histories named in these sets (the
        # file answers for the rest). Without one (`_store` None) they hold everything.
        self._store: LedgerStore | None = None
        self._keys_read: set[str] = set()
        self._states_read: set[str] = set()
        self._histories_read: set[str] = set()
        # answers read ahead from the cache file (`prefetch`): key -> (first, last), and every
        # path's commits; `_all_keys` when every key was read (a key not found was never
        # committed)
        self._read_ahead: dict[str, tuple[int | None, int | None]] = {}
        self._all_keys = False
        self._commit_lines: dict[str, str] | None = None
        # what the applied commits changed, for the cache file
        self._changed_paths: set[str] = set()
        self._changed_keys: set[str] = set()
        self._stored_commits = 0

    # -- public API

    @classmethod
    def load(cls, root: Path, ref: str = "HEAD", use_cache: bool = True) -> Ledger:
        """Read the ledger of ROOT (the folder holding content/) at REF.

        Raises LedgerError when ROOT is not in a git repository, is a shallow clone, or REF
        does not name a commit. A repository without commits gives an empty ledger.
        """
        from danbiet.cache import read_only
        from danbiet.safeyaml import MAX_BYTES

        ledger = cls(Path(root), ref)
        git = _Git(ledger.root)
        prefix = _open_repository(git)
        ledger.head = _resolve(git, ref)
        ledger.cache_file = ledger.root / CACHE_DIR / f"ledger-{_settings_hash(prefix)}.sqlite"
        if ledger.head is None:
            return ledger  # no commits yet: nothing is published
        cached = ledger._open_store() if use_cache else None
        migrated = False
        for fmt in (3, 2) if cached is None and use_cache else ():
            older = ledger.root / CACHE_DIR / f"ledger-{_settings_hash(prefix, fmt)}.pickle"
            cached = ledger._read_cache(older, fmt)  # a cache of a format before, read once
            if cached is not None:
                migrated = True
                break
        new: list[_RawCommit] | None = None
        if cached is not None and cached != ledger.head:
            try:
                new = _read_log(git, prefix, [ledger.head, f"^{cached}"])
            except LedgerError:  # the cached commit is gone (history rewritten, another repo)
                new = None
            if not new or new[0].parents[:1] != (cached,):
                new = None  # not a first-parent descendant: rebuild
        if cached is not None and cached == ledger.head:
            ledger.cache_status = "hit"
        elif new is not None:
            ledger.cache_status = "incremental"
        else:
            if cached is not None:
                ledger._reset()
                ledger.cache_status = "rebuilt"
                migrated = False  # nothing of the older cache is kept
            else:
                ledger.cache_status = "miss" if use_cache else "off"
            new = _read_log(git, prefix, [ledger.head])
        writes = use_cache and not read_only()
        cold = new and writes and ledger._store is None and not migrated
        if cold and ledger._apply_into_file(git, new, MAX_BYTES):  # into a new cache file
            return ledger
        if new:
            ledger._apply(git, new, MAX_BYTES)
        if not writes:
            return ledger
        if ledger._store is None and (new or migrated):
            ledger._write_whole()
        elif ledger._store is not None and new:
            ledger._write_changes()
        return ledger

    def first_published(self, key: str) -> Commit | None:
        """The first commit on the first-parent history holding KEY (entry key or record id).

        None if KEY was never committed (a working-tree change is not published: chưa công bố).
        A key removed later keeps its first-published commit.
        """
        if self._store is not None and key not in self._keys_read:
            index = self._stored_key(key)[0]
        else:
            index = self._first.get(key)
        return None if index is None else self._commit(index)

    def last_changed(self, key: str) -> Commit | None:
        """The last commit that changed KEY's fingerprint (its addition if never edited since;
        its removal if it was removed)."""
        if self._store is not None and key not in self._keys_read:
            index = self._stored_key(key)[1]
        else:
            index = self._last.get(key)
        return None if index is None else self._commit(index)

    def fingerprint(self, key: str) -> str | None:
        """KEY's fingerprint at head, to compare with `entry_keys` of the working tree.

        None if KEY is not present at head.
        """
        self._read_key(key)
        path = self._owner.get(key)
        return None if path is None else self._state[path][key]

    def published_keys(self) -> dict[str, Commit]:
        """Every key present at head -> the commit that first published it."""
        found: dict[str, Commit] = {}
        if self._store is not None:
            for key, first in self._ask(self._store.published):
                if key not in self._keys_read:
                    found[key] = self._commit(first)
        for key in self._owner:
            if key in self._first:
                found[key] = self.commits[self._first[key]]
        return found

    def file_history(self, rel_path: str) -> list[Change]:
        """Every change to REL_PATH (`content/...`, relative to the root), oldest first."""
        path = _posix(rel_path)
        if self._store is not None and path not in self._histories_read:
            rows = self._ask(self._store.history, path)
        else:
            rows = self._history.get(path, [])
        return [
            Change(self._commit(c), path, status, tuple(a), tuple(ch), tuple(r))
            for c, status, a, ch, r in rows
        ]

    def commits_line(self, rel_path: str) -> str:
        """The commits that changed REL_PATH and how (A, M, D or R), oldest first, as a build's
        keys hash them: " <sha> <status>" for each (`file_history` without the keys)."""
        path = _posix(rel_path)
        if self._store is not None and path not in self._histories_read:
            if self._commit_lines is None:  # a build asks for every file: one read
                shas = [commit.sha for commit in self.commits]
                self._commit_lines = self._ask(self._store.all_file_commit_lines, shas)
            return self._commit_lines.get(path, "")
        rows = self._history.get(path, [])
        return "".join(f" {self._commit(c).sha} {status}" for c, status, *_ in rows)

    def paths(self) -> list[str]:
        """Every path under content/ that has a history, sorted."""
        stored = self._ask(self._store.paths) if self._store is not None else []
        return sorted({*stored, *(path for path, rows in self._history.items() if rows)})

    def prefetch(self, rel_paths: Iterable[str] | None = None) -> None:
        """Read ahead when the keys held by REL_PATHS (every key ever committed, if None) were
        first published and last changed: one pass over the cache file instead of a lookup per
        key (a national year's build asks about a million keys)."""
        store = self._store
        if store is None or self._all_keys:
            return
        if rel_paths is None:
            found = self._ask(store.all_keys)
            self._all_keys = True
        else:
            # not `state`, whose count of each key's files tripled a part's read-ahead (0.46 s)
            found = self._ask(lambda: list(store.keys_of(map(_posix, rel_paths))))
        for key, first, last in found:
            self._read_ahead[key] = (first, last)

    # -- reading the cache file

    def _commit(self, index: int) -> Commit:
        try:
            return self.commits[index]
        except (IndexError, TypeError) as exc:  # a cache file edited by hand, or damaged
            raise LedgerError(
                f"{self.cache_file}: the ledger cache is damaged (no commit {index!r}); "
                "delete it and run again"
            ) from exc

    def _stored_key(self, key: str) -> tuple[int | None, int | None]:
        found = self._read_ahead.get(key)
        if found is None and self._store is not None:
            found = (None, None) if self._all_keys else self._ask(self._store.key, key)
        return found or (None, None)

    def _ask(self, question: Any, *args: Any) -> Any:
        try:
            return question(*args)
        except StoreError as exc:
            raise LedgerError(
                f"{self.cache_file}: the ledger cache is damaged ({exc}); delete it and run again"
            ) from exc

    def _read_key(self, key: str) -> None:
        """KEY's first, last and files at head, from the cache file if not read yet."""
        if self._store is None or key in self._keys_read:
            return
        self._keys_read.add(key)
        first, last = self._ask(self._store.key, key)
        if first is not None:
            self._first[key] = first
        if last is None:
            return  # never committed: no file holds it
        self._last[key] = last
        for path in self._ask(self._store.holders, key):
            if key in self._read_state(path):
                self._own(key, path)

    def _read_state(self, path: str) -> dict[str, str]:
        """PATH's fingerprints at head, from the cache file if not read yet, with the times
        of the keys no other file holds (one query instead of three per key: a cold read
        comes back to the files its earlier parts wrote, at every update)."""
        if self._store is not None and path not in self._states_read:
            self._states_read.add(path)
            rows = self._ask(self._store.state, path)
            if rows:
                self._state[path] = {key: fp for key, fp, *_ in rows}
            for key, _, first, last, holders in rows:
                # what the file says of a key not read yet is still true (a key this load
                # touched was read first); a key held by other files too is read on its own
                if holders == 1 and last is not None and key not in self._keys_read:
                    self._keys_read.add(key)
                    if first is not None:
                        self._first[key] = first
                    self._last[key] = last
                    self._own(key, path)
        return self._state.get(path, {})

    def _read_history(self, path: str) -> list[list[Any]]:
        """PATH's history (to append to), from the cache file if not read yet."""
        if self._store is not None and path not in self._histories_read:
            self._histories_read.add(path)
            self._history[path] = self._ask(self._store.history, path)
        return self._history.setdefault(path, [])

    # -- building

    def _reset(self) -> None:
        self.commits = []
        self._history, self._state, self._first, self._last = {}, {}, {}, {}
        self._owner, self._extra = {}, {}
        if self._store is not None:
            self._store.close()
        self._store = None
        self._keys_read, self._states_read, self._histories_read = set(), set(), set()
        self._read_ahead, self._all_keys, self._commit_lines = {}, False, None
        self._changed_paths, self._changed_keys = set(), set()
        self._stored_commits = 0

    def _set_state(self, state: dict[str, dict[str, str]]) -> None:
        """STATE as `_state`, and each key's files (`_owner`, `_extra`) from it."""
        self._state, self._owner, self._extra = state, {}, {}
        for file_path in sorted(state):  # so that a key's first file is the smallest
            for key in state[file_path]:
                first = self._owner.setdefault(key, file_path)
                if first != file_path:
                    self._extra.setdefault(key, {first}).add(file_path)

    def _own(self, key: str, path: str) -> None:
        first = self._owner.setdefault(key, path)
        if first == path and key not in self._extra:
            return
        owners = self._extra.setdefault(key, {first})
        owners.add(path)
        self._owner[key] = min(owners)

    def _disown(self, key: str, path: str) -> None:
        owners = self._extra.get(key)
        if owners is None:
            if self._owner.get(key) == path:
                del self._owner[key]
            return
        owners.discard(path)
        if len(owners) == 1:
            del self._extra[key]
        self._owner[key] = min(owners)

    def _apply(
        self,
        git: _Git,
        raw_commits: list[_RawCommit],
        max_bytes: int,
        after_commit: Callable[[], None] | None = None,
    ) -> None:
        self.commits_read += len(raw_commits)
        raw_commits = [c for c in raw_commits if c.changes]
        read = [
            change
            for commit in raw_commits
            for change in commit.changes
            if change.record and change.blob is not None
        ]
        # the workers fork before the reader's thread starts
        with contextlib.ExitStack() as stack:
            pool = _parse_pool(len(read))
            if pool is not None:
                stack.enter_context(pool)
            blobs = _Blobs(git, [change.blob for change in read if change.blob], max_bytes)
            stack.callback(blobs.close)
            stream = _parsed([change.path for change in read], blobs, pool)
            for raw in raw_commits:
                self._apply_commit(raw, stream)
                if after_commit is not None:
                    after_commit()
        self.blobs_read += blobs.read

    def _apply_commit(self, raw: _RawCommit, stream: Iterator[dict[str, str] | None]) -> None:
        index = len(self.commits)
        self.commits.append(
            Commit(raw.sha, datetime.fromisoformat(raw.committed_at), raw.author, raw.subject)
        )
        before: dict[str, str | None] = {}  # the fingerprints at the previous commit
        for change in raw.changes:
            old = self._read_state(change.path)
            if change.status == "D":
                new: dict[str, str] = {}
            elif change.record and change.blob is not None:
                parsed = next(stream)
                new = old if parsed is None else parsed
            else:
                new = {}
            added = sorted(new.keys() - old.keys())
            removed = sorted(old.keys() - new.keys())
            changed = sorted(k for k in new.keys() & old.keys() if new[k] != old[k])
            for key in itertools.chain(old, new):
                if key not in before:
                    before[key] = self.fingerprint(key)
            for key in old:
                self._disown(key, change.path)
            if new:
                self._state[change.path] = new
            else:
                self._state.pop(change.path, None)
            for key in new:
                self._own(key, change.path)
            self._read_history(change.path).append([index, change.status, added, changed, removed])
            self._changed_paths.add(change.path)
        # A file added with exactly the content of a file deleted in the same commit is a rename.
        deleted_blobs = {c.old_blob for c in raw.changes if c.status == "D"}
        if deleted_blobs:
            for change in raw.changes:
                if change.status == "A" and change.blob in deleted_blobs:
                    self._history[change.path][-1][1] = "R"
        for key, previous in before.items():
            value = self.fingerprint(key)
            if value == previous:
                continue
            if value is not None:
                self._first.setdefault(key, index)
            self._last[key] = index
            self._changed_keys.add(key)

    # -- cache

    def _open_store(self) -> str | None:
        """Use the cache file, if it is one of this format: its head, or None."""
        from danbiet.cache import read_only

        if not self.cache_file.is_file():
            return None
        store = LedgerStore(self.cache_file, read_only())
        try:
            meta = store.meta()
            if meta.get("format") != str(LEDGER_FORMAT) or not meta.get("head"):
                raise StoreError("another format")
            self.commits = [
                Commit(sha, datetime.fromisoformat(at), author, subject)
                for sha, at, author, subject in store.commits()
            ]
        except (StoreError, ValueError):
            store.close()
            self.commits = []
            return None
        self._store, self._stored_commits = store, len(self.commits)
        return meta["head"]

    def _commit_rows(self) -> list[tuple[str, str, str, str]]:
        return [(c.sha, c.committed_at.isoformat(), c.author, c.subject) for c in self.commits]

    def _write_whole(self) -> None:
        """Everything held in memory (a pickled cache of a format before, or a history read
        when the cache could not be written as it was read) as a new cache file, then read
        from it: the memory of a national history is given back before the build's workers
        fork."""
        assert self._store is None
        self._changed_paths = set(self._history) | set(self._state)
        self._changed_keys = set(self._last)  # every key ever committed has a last change
        self._stored_commits = 0
        if not self._fill_new_file(lambda scratch: None):
            self._changed_paths, self._changed_keys = set(), set()

    def _write_changes(self) -> None:
        """The commits applied on top of the cache file, written into it."""
        assert self.head is not None
        with contextlib.suppress(OSError, sqlite3.Error, StoreError):
            self._store_changes(self.head)  # if not, kept in memory for this run

    def _store_changes(self, head: str) -> None:
        """What the commits applied since the last write changed, written into the cache file
        with HEAD as the commit it is at."""
        assert self._store is not None
        keys = [(key, self._first.get(key), self._last.get(key)) for key in self._changed_keys]
        self._store.write_delta(
            head,
            self._commit_rows(),
            self._stored_commits,
            {path: self._history.get(path, []) for path in self._changed_paths},
            {path: self._state.get(path, {}) for path in self._changed_paths},
            keys,
        )
        self._changed_paths, self._changed_keys = set(), set()
        self._stored_commits = len(self.commits)

    def _apply_into_file(self, git: _Git, raw_commits: list[_RawCommit], max_bytes: int) -> bool:
        """Apply RAW_COMMITS (the whole history) into a new cache file, written a part at a
        time as they are applied (`FLUSH_KEYS`), then moved over the cache file; False, with
        nothing applied, when the file cannot be written (the caller applies them in memory).

        Held whole in memory, the history of five national years took 5.4 GB. Until the first
        part is written the file is empty, and the commits are applied in memory alone."""

        def fill(scratch: LedgerStore) -> None:
            def flush() -> None:
                if len(self._last) >= FLUSH_KEYS:  # every key held in memory has a last change
                    self._store = scratch
                    self._store_changes(self.commits[-1].sha)
                    self._forget()

            self._apply(git, raw_commits, max_bytes, flush)

        read = self.commits_read, self.blobs_read
        if self._fill_new_file(fill):
            return True
        self._reset()
        self.commits_read, self.blobs_read = read
        return False

    def _fill_new_file(self, fill: Callable[[LedgerStore], None]) -> bool:
        """A new cache file, filled by FILL (given the file) and the changes held in memory,
        then moved over the cache file and read from; False if it cannot be written (nothing
        is left behind)."""
        assert self.head is not None
        folder = self.cache_file.parent
        temp: Path | None = None
        scratch: LedgerStore | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=".tmp", dir=folder)
            os.close(fd)
            temp = Path(name)
            LedgerStore.create(temp, {"format": str(LEDGER_FORMAT)})
            scratch = LedgerStore(temp, read_only=False, scratch=True)
            fill(scratch)
            self._store = scratch
            self._store_changes(self.head)
            self._store.close()
            os.replace(temp, self.cache_file)
        except (OSError, sqlite3.Error, StoreError):
            if scratch is not None:
                scratch.close()
            self._store = None
            return False
        finally:
            if temp is not None:
                temp.unlink(missing_ok=True)
        self._remove_other_caches()
        self._reset()
        if self._open_store() != self.head:  # pragma: no cover - written just now
            raise LedgerError(f"{self.cache_file}: the ledger cache just written cannot be read")
        return True

    def _forget(self) -> None:
        """Drop what was read from the cache file or applied on it (all of it written)."""
        self._history, self._state, self._first, self._last = {}, {}, {}, {}
        self._owner, self._extra = {}, {}
        self._keys_read, self._states_read, self._histories_read = set(), set(), set()

    def _remove_other_caches(self) -> None:
        """Cache files of an older format or another layout, once this one is written."""
        for old in self.cache_file.parent.glob("ledger-*"):
            if old.name not in (self.cache_file.name, f"{self.cache_file.name}-journal"):
                old.unlink(missing_ok=True)

    def _read_cache(self, path: Path, fmt: int) -> str | None:
        """Fill the ledger from a pickled cache of the formats before (2: the fingerprints
        pickled with the rest, 3: apart); the cached head, or None."""
        from danbiet.cache import _PlainUnpickler

        try:
            with path.open("rb") as handle:
                payload = _PlainUnpickler(handle).load()
            if payload.get("format") != fmt or fmt not in (2, 3):
                return None
            commits = [
                Commit(sha, datetime.fromisoformat(at), author, subject)
                for sha, at, author, subject in payload["commits"]
            ]
            history = payload["history"]
            state = payload["state"]
            first, last = payload["first"], payload["last"]
            head = payload["head"]
            if fmt == 3:
                if not isinstance(state, bytes) or _blob_digest(state) != payload["state_digest"]:
                    return None
                state = _PlainUnpickler(io.BytesIO(state)).load()
            if not isinstance(head, str) or not all(
                isinstance(x, dict) for x in (history, state, first, last)
            ):
                return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError):
            return None
        except pickle.UnpicklingError:
            return None
        self.commits, self._history = commits, history
        self._first, self._last = first, last
        self._set_state(state)
        return head


def _blob_digest(blob: bytes) -> str:
    return hashlib.blake2b(blob, digest_size=16).hexdigest()


def _settings_hash(prefix: str, fmt: int = LEDGER_FORMAT) -> str:
    settings = {"format": fmt, "content": CONTENT, "prefix": prefix}
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:12]
