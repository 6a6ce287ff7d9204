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
in `<root>/.danbiet-cache/ledger-<settings hash>.pickle` (plain data only: reading it constructs
no object) together with the last commit processed; the next run only reads the commits added
since, or rebuilds when history was rewritten. The cache is never trusted beyond that check, so
it is never stale and always safe to delete.

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
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from danbiet import records
from danbiet.worktree import git_env

CONTENT = "content"
CACHE_DIR = ".danbiet-cache"
# Bump when entry keys, fingerprints or the cache layout change: old caches are then ignored.
# 2: pickle of plain data (JSON took 3.3 s to read on a national year); 3: the fingerprints
# at head pickled apart, read only when needed (`Ledger._state_of`). A cache of format 2 is
# read once and written again as 3 (`Ledger.load`): reading a national history from git again
# takes minutes on each runner of the deploy matrix.
LEDGER_FORMAT = 3
# A cache this many commits behind is written again; fewer new commits are read from git on
# each load instead (milliseconds each), since writing the cache of a national year takes
# 1.7 s: the deploy after each merge would pay it for one commit.
REWRITE_AFTER = 32
FINGERPRINT_LENGTH = 16

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
    path = rel_path.replace("\\", "/").removeprefix("./")
    return path.removeprefix(f"{CONTENT}/")


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
    """Publication times of every record and entry on the first-parent history of a ref."""

    def __init__(self, root: Path, ref: str) -> None:
        self.root = Path(root)
        self.ref = ref
        self.head: str | None = None
        self.commits: list[Commit] = []  # commits that changed something under content/
        self.cache_file = self.root / CACHE_DIR / f"ledger-{_settings_hash('')}.pickle"
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
        # `_state` as the cache holds it, until something needs it (`_state_of`): the pages
        # and deadlines only ask when keys were published, and unpickling the fingerprints and
        # finding each key's file took 1.5 s of the 2.9 s of a national year's cache
        self._state_blob: bytes | None = None

    # -- public API

    @classmethod
    def load(cls, root: Path, ref: str = "HEAD", use_cache: bool = True) -> Ledger:
        """Read the ledger of ROOT (the folder holding content/) at REF.

        Raises LedgerError when ROOT is not in a git repository, is a shallow clone, or REF
        does not name a commit. A repository without commits gives an empty ledger.
        """
        from danbiet.safeyaml import MAX_BYTES

        ledger = cls(Path(root), ref)
        git = _Git(ledger.root)
        prefix = _open_repository(git)
        ledger.head = _resolve(git, ref)
        ledger.cache_file = ledger.root / CACHE_DIR / f"ledger-{_settings_hash(prefix)}.pickle"
        if ledger.head is None:
            return ledger  # no commits yet: nothing is published
        cached = ledger._read_cache(ledger.cache_file) if use_cache else None
        migrated = False
        if cached is None and use_cache:  # the cache of the format before, read once
            older = ledger.root / CACHE_DIR / f"ledger-{_settings_hash(prefix, 2)}.pickle"
            cached = ledger._read_cache(older, 2)
            migrated = cached is not None
        if cached is not None and cached == ledger.head:
            ledger.cache_status = "hit"
            if migrated:
                ledger._write_cache(ledger.cache_file)
            return ledger
        new: list[_RawCommit] | None = None
        if cached is not None:
            try:
                new = _read_log(git, prefix, [ledger.head, f"^{cached}"])
            except LedgerError:  # the cached commit is gone (history rewritten, another repo)
                new = None
            if not new or new[0].parents[:1] != (cached,):
                new = None  # not a first-parent descendant: rebuild
        if new is None:
            if cached is not None:
                ledger._reset()
                ledger.cache_status = "rebuilt"
            else:
                ledger.cache_status = "miss" if use_cache else "off"
            new = _read_log(git, prefix, [ledger.head])
        else:
            ledger.cache_status = "incremental"
        ledger._apply(git, new, MAX_BYTES)
        behind = len(new) if ledger.cache_status == "incremental" else None
        if use_cache and (behind is None or behind > REWRITE_AFTER or migrated):
            ledger._write_cache(ledger.cache_file)
        return ledger

    def first_published(self, key: str) -> Commit | None:
        """The first commit on the first-parent history holding KEY (entry key or record id).

        None if KEY was never committed (a working-tree change is not published: chưa công bố).
        A key removed later keeps its first-published commit.
        """
        index = self._first.get(key)
        return None if index is None else self.commits[index]

    def last_changed(self, key: str) -> Commit | None:
        """The last commit that changed KEY's fingerprint (its addition if never edited since;
        its removal if it was removed)."""
        index = self._last.get(key)
        return None if index is None else self.commits[index]

    def fingerprint(self, key: str) -> str | None:
        """KEY's fingerprint at head, to compare with `entry_keys` of the working tree.

        None if KEY is not present at head.
        """
        self._state_of()
        path = self._owner.get(key)
        return None if path is None else self._state[path][key]

    def published_keys(self) -> dict[str, Commit]:
        """Every key present at head -> the commit that first published it."""
        self._state_of()
        return {key: self.commits[self._first[key]] for key in self._owner if key in self._first}

    def file_history(self, rel_path: str) -> list[Change]:
        """Every change to REL_PATH (`content/...`, relative to the root), oldest first."""
        path = rel_path.replace("\\", "/").removeprefix("./")
        return [
            Change(self.commits[c], path, status, tuple(a), tuple(ch), tuple(r))
            for c, status, a, ch, r in self._history.get(path, [])
        ]

    def file_commits(self, rel_path: str) -> list[tuple[Commit, str]]:
        """The commits that changed REL_PATH and how (A, M, D or R), oldest first: what
        `file_history` gives without the keys (a build keys every file by it)."""
        path = rel_path.replace("\\", "/").removeprefix("./")
        return [(self.commits[c], status) for c, status, *_ in self._history.get(path, [])]

    def paths(self) -> list[str]:
        """Every path under content/ that has a history, sorted."""
        return sorted(self._history)

    # -- building

    def _reset(self) -> None:
        self.commits = []
        self._history, self._state, self._first, self._last = {}, {}, {}, {}
        self._owner, self._extra = {}, {}
        self._state_blob = None

    def _state_of(self) -> None:
        """`_state`, `_owner` and `_extra` from the cached fingerprints, if not done yet."""
        if self._state_blob is None:
            return
        from danbiet.cache import _PlainUnpickler

        try:  # its digest was checked when the cache was read
            state = _PlainUnpickler(io.BytesIO(self._state_blob)).load()
        except (pickle.UnpicklingError, ValueError, EOFError):
            state = None
        if not isinstance(state, dict):
            raise LedgerError(
                f"{self.cache_file}: the ledger cache is damaged; delete it and run again"
            )
        self._state_blob = None
        self._set_state(state)

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

    def _apply(self, git: _Git, raw_commits: list[_RawCommit], max_bytes: int) -> None:
        self._state_of()
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
        self.blobs_read += blobs.read

    def _apply_commit(self, raw: _RawCommit, stream: Iterator[dict[str, str] | None]) -> None:
        index = len(self.commits)
        self.commits.append(
            Commit(raw.sha, datetime.fromisoformat(raw.committed_at), raw.author, raw.subject)
        )
        before: dict[str, str | None] = {}  # the fingerprints at the previous commit
        for change in raw.changes:
            old = self._state.get(change.path, {})
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
            self._history.setdefault(change.path, []).append(
                [index, change.status, added, changed, removed]
            )
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

    # -- cache

    def _read_cache(self, path: Path, fmt: int = LEDGER_FORMAT) -> str | None:
        """Fill the ledger from the cache at PATH, written in format FMT (the current one, or
        2: its fingerprints unpickled at once); the cached head, or None."""
        from danbiet.cache import _PlainUnpickler

        try:
            with path.open("rb") as handle:
                payload = _PlainUnpickler(handle).load()
            if payload.get("format") != fmt or fmt not in (2, LEDGER_FORMAT):
                return None
            commits = [
                Commit(sha, datetime.fromisoformat(at), author, subject)
                for sha, at, author, subject in payload["commits"]
            ]
            history = payload["history"]
            state = payload["state"]
            first, last = payload["first"], payload["last"]
            head = payload["head"]
            if not isinstance(head, str) or not all(
                isinstance(x, dict) for x in (history, first, last)
            ):
                return None
            if fmt == 2:
                if not isinstance(state, dict):
                    return None
            elif not isinstance(state, bytes) or _blob_digest(state) != payload["state_digest"]:
                return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError):
            return None
        except pickle.UnpicklingError:
            return None
        self.commits, self._history = commits, history
        self._first, self._last = first, last
        if isinstance(state, dict):
            self._state_blob = None
            self._set_state(state)
        else:
            self._state, self._owner, self._extra = {}, {}, {}
            self._state_blob = state
        return head

    def _write_cache(self, path: Path) -> None:
        from danbiet.cache import read_only

        if read_only():
            return
        state = self._state_blob
        if state is None:
            state = pickle.dumps(self._state, protocol=pickle.HIGHEST_PROTOCOL)
        payload = {
            "format": LEDGER_FORMAT,
            "head": self.head,
            "commits": [
                [c.sha, c.committed_at.isoformat(), c.author, c.subject] for c in self.commits
            ],
            "history": self._history,
            "state": state,
            "state_digest": _blob_digest(state),
            "first": self._first,
            "last": self._last,
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".ledger-", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temp, path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
            for old in path.parent.glob("ledger-*.pickle"):  # of an older format
                if old.name != path.name:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout still works, only slower next time


def _blob_digest(blob: bytes) -> str:
    return hashlib.blake2b(blob, digest_size=16).hexdigest()


def _settings_hash(prefix: str, fmt: int = LEDGER_FORMAT) -> str:
    settings = {"format": fmt, "content": CONTENT, "prefix": prefix}
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:12]
