"""The parse cache: what `loader.load_record` derives from each record file, kept between runs.

Parsing YAML and flattening it is most of the time of a `load` (about 3 s for 3,500 files). The
cache keeps, per record file, the rows it gives to each table with their `Source`s, its problems
and whether it parsed into a document, in

    ROOT/.danbiet-cache/records-<key>.pickle

`<key>` hashes everything the result depends on besides the file itself: the cache format, the
danbiet version, the Python version, `schemas/datapackage.json` and the source of the modules
that read and flatten records (`loader`, `records`, `safeyaml`, `problems`, `schema` and this
one). A change to any of them gives a new key, so an old cache is never used (and is removed
the next time the cache is written).

A file's entry is used only when the file is the same:

- fast path: the same (size, mtime_ns, ctime_ns, inode). `os.utime` can set the mtime back but
  not the ctime, which every write changes. An entry whose file changed less than
  `SETTLE_NS` before it was looked at is "racy" (a second write within the same clock tick could
  keep every stat field): it is never trusted on its stat alone;
- another checkout (a CI runner restoring the cache: every stat differs): git's word. Past
  `ASK_GIT_AFTER` such entries, when git finds the file unchanged since it checked it out and
  its blob id is that of the bytes the entry was read from (`worktree.clean_blobs`), the
  entry is used (and its stat refreshed) without reading the file: the 24,000 unit files of a
  national portal are not hashed again on every pull request;
- otherwise the truth: the BLAKE2b hash of the file's bytes. Same hash, the entry is used (and
  its stat refreshed); else the file is parsed again. A file that changes while it is parsed is
  not cached.

Files added or removed since the last run are parsed or dropped. The folder is safe to delete at
any time. Writes are atomic (a temporary file in the folder, then `os.replace`); a read-only
folder, or DANBIET_CACHE_READ_ONLY in the environment (`read_only`), means no cache is
written. A cache file that is unreadable, truncated, corrupt, written for another key or not
ours is ignored and rebuilt.

Trust: `.danbiet-cache/` is local machine state written by danbiet itself and ignored by Git
(`.gitignore`), so it never comes from a pull request. It is still checked before use: a magic
header, the format, the key, the payload's length and its BLAKE2b checksum must match, the file
must be a regular file owned by the current user and not writable by others, and the payload
holds only plain data
(dicts, lists, tuples, strings, numbers): the unpickler refuses every class, so even a forged
file cannot construct objects or run code.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from danbiet import __version__, records, schema
from danbiet.problems import Problem
from danbiet.safeyaml import MAX_BYTES, Document, YamlError, load_file
from danbiet.worktree import CleanBlobs, blob_id

if TYPE_CHECKING:  # the loader imports this module when it loads
    from danbiet.loader import Found, StrPath

CACHE_DIR = ".danbiet-cache"
PREFIX = "records-"
SUFFIX = ".pickle"
MAGIC = b"danbiet records cache\n"
FORMAT = 2
# A file changed less than this long before it was looked at may change again within the same
# timestamp tick; its entry is checked by hash until it has settled.
SETTLE_NS = 2_000_000_000
# Entries whose stat differs that are checked by reading the file before git is asked about
# the others (`worktree.clean_blobs`: a few tenths of a second at national scale, the time of
# reading a few thousand files).
ASK_GIT_AFTER = 200

_SOURCES = ("loader", "records", "safeyaml", "problems", "schema", "cache")

# entry: (size, mtime_ns, ctime_ns, inode, digest, trusted, payload, blob)
# payload: (tables, problems, has_document)
#   tables: tuple of (table, rows, sources as tuples (path, line, lines, yaml_path, record_id))
#   problems: tuple of Problem fields as tuples
# blob: the git blob id of the bytes read (`worktree.blob_id`)
Entry = tuple[int, int, int, int, bytes, bool, Any, str]


def cache_key() -> str:
    """The hash of everything a file's cached result depends on, besides the file."""
    import danbiet

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"format {FORMAT}\nversion {__version__}\n".encode())
    digest.update(f"python {sys.version_info.major}.{sys.version_info.minor}\n".encode())
    digest.update(schema.PACKAGE_PATH.read_bytes())
    package = Path(danbiet.__file__).resolve().parent
    for name in _SOURCES:
        digest.update(f"\n-- {name}\n".encode())
        digest.update((package / f"{name}.py").read_bytes())
    return digest.hexdigest()


def cache_path(root: Path, key: str | None = None, group: str | None = None) -> Path:
    """The cache file of KEY; GROUP names one part of the records (a province when the site is
    built by shards), each part having its own file so that a shard reads only its own."""
    suffix = f"-{group}" if group else ""
    return Path(root) / CACHE_DIR / f"{PREFIX}{key or cache_key()}{suffix}{SUFFIX}"


class LazyDocuments(MutableMapping[str, Document]):
    """`Dataset.documents` when rows came from the cache: the paths of every file that parsed,
    each `Document` read again from disk only when asked for."""

    def __init__(self, paths: dict[str, StrPath] | None = None) -> None:
        self._paths: dict[str, StrPath] = dict(paths or {})
        self._loaded: dict[str, Document] = {}

    def add(self, rel: str, path: StrPath, document: Document | None = None) -> None:
        self._paths[rel] = path
        if document is not None:
            self._loaded[rel] = document

    def merge(self, other: LazyDocuments) -> None:
        """Add OTHER's files (and what it already read) without reading anything."""
        self._paths.update(other._paths)
        self._loaded.update(other._loaded)

    def __getitem__(self, rel: str) -> Document:
        if rel not in self._paths:
            raise KeyError(rel)
        if rel not in self._loaded:
            try:
                self._loaded[rel] = load_file(self._paths[rel])
            except (OSError, YamlError) as exc:
                raise KeyError(f"{rel} can no longer be read: {exc}") from exc
        return self._loaded[rel]

    def __setitem__(self, rel: str, document: Document) -> None:
        self._paths.setdefault(rel, Path(rel))
        self._loaded[rel] = document

    def __delitem__(self, rel: str) -> None:
        del self._paths[rel]
        self._loaded.pop(rel, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def __contains__(self, rel: object) -> bool:
        return rel in self._paths


# -- reading and writing the cache file ---------------------------------------------------------


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while 10^5 - 10^6 small containers are built, none
    of them in a cycle: it would otherwise scan them again and again as they are made. With
    Python's default thresholds a national year's ledger cache unpickles in 1.15 s paused,
    1.4-1.5 s not; the commands raise the thresholds (`cli.BATCH_GC_THRESHOLD`), which
    does as much there."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


class _PlainUnpickler(pickle.Unpickler):
    """Plain data only: no class, function or module may be looked up."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"the records cache may not hold {module}.{name}")

    def load(self) -> Any:
        with collection_paused():
            return super().load()


def _checksum(payload: bytes) -> str:
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def _header(key: str, payload: bytes) -> bytes:
    return MAGIC + f"{FORMAT} {key} {len(payload)} {_checksum(payload)}\n".encode()


def read_cache(path: Path, key: str) -> dict[str, Entry]:
    """The entries of the cache file at PATH, or {} when it is missing, not ours or corrupt."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return {}
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return {}
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                return {}
            head = handle.read(len(MAGIC))
            if head != MAGIC:
                return {}
            line = handle.readline(200)
            parts = line.decode("ascii", "replace").split()
            if len(parts) != 4 or parts[0] != str(FORMAT) or parts[1] != key:
                return {}
            length = int(parts[2]) if parts[2].isdigit() else -1
            payload = handle.read()
            if length != len(payload) or parts[3] != _checksum(payload):
                return {}
        entries = _PlainUnpickler(io.BytesIO(payload)).load()
    except Exception:  # noqa: BLE001 - a cache that cannot be read is rebuilt, whatever the reason
        return {}
    return entries if isinstance(entries, dict) else {}


def read_only() -> bool:
    """Whether the caches are only read in this run: the environment variable
    DANBIET_CACHE_READ_ONLY set (to anything but "" or "0"), as the pull-request workflow
    does, whose caches are restored but never saved (writing them was time lost)."""
    return os.environ.get("DANBIET_CACHE_READ_ONLY", "") not in ("", "0")


def write_cache(path: Path, key: str, entries: dict[str, Any], prune: bool = True) -> bool:
    """Write ENTRIES atomically; False (and nothing written) when the folder is not writable
    or the caches are `read_only`.

    With PRUNE, record caches written for another key are removed."""
    if read_only():
        return False
    folder = path.parent
    try:
        folder.mkdir(exist_ok=True)
        payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        fd, temp = tempfile.mkstemp(prefix=f".{PREFIX}", suffix=".tmp", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_header(key, payload))
            handle.write(payload)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    # Caches written for other keys (older code or schema) are never read again.
    for old in folder.glob(f"{PREFIX}*{SUFFIX}") if prune else ():
        if not old.name.startswith(f"{PREFIX}{key}"):
            with contextlib.suppress(OSError):
                old.unlink()
    return True


# -- loading through the cache ------------------------------------------------------------------


def _digest(path: StrPath) -> bytes | None:
    """BLAKE2b of a regular file's bytes, or None when it cannot be read as one."""
    found = _fingerprint(path)
    return None if found is None else found[0]


def _fingerprint(path: StrPath) -> tuple[bytes, str] | None:
    """BLAKE2b of a regular file's bytes and their git blob id (`worktree.blob_id`), or None
    when it cannot be read as one."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
                return None
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    return hashlib.blake2b(data, digest_size=20).digest(), blob_id(data)


def _parse(rel: str, path: StrPath) -> tuple[Any, Document | None]:
    """What `load_record` gives for one file, as plain data, and its document."""
    from danbiet.loader import Dataset, load_record

    scratch = Dataset(
        Path("."),
        {name: [] for name in schema.tables()},
        {name: [] for name in schema.tables()},
    )
    load_record(scratch, rel, path)
    tables = tuple(
        (
            name,
            rows,
            tuple(
                (s.path, s.line, s.lines, s.yaml_path, s.record_id) for s in scratch.sources[name]
            ),
        )
        for name, rows in scratch.tables.items()
        if rows
    )
    problems = tuple(
        (p.code, p.message, p.path, p.line, p.field, p.record, p.severity) for p in scratch.problems
    )
    document = scratch.documents.get(rel)
    return (tables, problems, document is not None), document


def _apply(dataset: Any, payload: Any) -> bool:
    """Add a file's cached payload to DATASET; returns whether the file parsed into a document."""
    from danbiet.loader import Source

    tables, problems, has_document = payload
    # Build everything first, so that a malformed entry adds nothing.
    built = [
        (name, list(rows), [Source(*fields) for fields in sources])
        for name, rows, sources in tables
    ]
    found = [Problem(*fields) for fields in problems]
    for name, rows, sources in built:
        if name not in dataset.tables or len(rows) != len(sources):
            raise ValueError(f"malformed cache entry for table {name}")
        if not all(isinstance(row, dict) for row in rows):
            raise ValueError(f"malformed cache entry for table {name}")
    for name, rows, sources in built:
        dataset.tables[name].extend(rows)
        dataset.sources[name].extend(sources)
    dataset.problems.extend(found)
    return bool(has_document)


def _valid_entry(entry: Any) -> bool:
    return (
        isinstance(entry, tuple)
        and len(entry) == 8
        and isinstance(entry[4], bytes)
        and isinstance(entry[7], str)
    )


def load_cached(dataset: Any, files: Found, group: str | None = None) -> dict[str, int]:
    """Fill DATASET from FILES (as `loader.discover` lists them) through the cache.

    Returns the statistics also stored in `dataset.cache_stats`: `hits` (files served from the
    cache, `verified` of them by their hash, `by_git` by git's word), `misses` (files parsed),
    `uncached` (files not eligible: not a record path, unreadable, oversized), `written` (1
    when the cache was written).
    """
    with collection_paused():  # the rows and sources of every file: ~10^5 small objects
        return _load_cached(dataset, files, group)


def _load_cached(dataset: Any, files: Found, group: str | None) -> dict[str, int]:
    from danbiet.loader import CONTENT, load_record

    root = Path(dataset.root)
    key = cache_key()
    path = cache_path(root, key, group)
    old = read_cache(path, key)
    entries: dict[str, Entry] = {}
    documents = LazyDocuments()
    dataset.documents = documents
    stats = {"hits": 0, "verified": 0, "by_git": 0, "misses": 0, "uncached": 0, "written": 0}
    dirty = False
    now = time.time_ns()
    blobs = CleanBlobs(root, (rel for rel, _ in files), ASK_GIT_AFTER)

    def reuse(rel: str, real: StrPath, kept: Entry, how: str | None) -> bool:
        """Serve REL from the payload of KEPT, its entry from now on; False if malformed."""
        try:
            has_document = _apply(dataset, kept[6])
        except Exception:  # noqa: BLE001 - a malformed entry is a miss
            return False
        stats["hits"] += 1
        if how:
            stats[how] += 1
        entries[rel] = kept
        if has_document:
            documents.add(rel, real)
        return True

    for rel, real in files:
        below = rel.removeprefix(f"{CONTENT}/")
        if records.classify(below) is None:
            # rule profiles, calendars and misplaced files: nothing (or only a path) to parse
            stats["uncached"] += 1
            load_record(dataset, rel, real)
            continue
        try:
            info = os.stat(real)
        except OSError:
            info = None
        if info is None or not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            stats["uncached"] += 1
            load_record(dataset, rel, real)  # its document, if any, lands in `documents`
            continue
        signature = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        settled = info.st_ctime_ns < now - SETTLE_NS and info.st_mtime_ns < now - SETTLE_NS
        entry = old.get(rel)
        if not _valid_entry(entry):
            entry = None
        if entry is not None and entry[5] and tuple(entry[:4]) == signature:
            if reuse(rel, real, entry, None):
                continue
            entry = None  # malformed: a miss
        if entry is not None and blobs.vouches(rel, entry[7]):
            kept = (*signature, entry[4], settled, entry[6], entry[7])
            if reuse(rel, real, kept, "by_git"):
                dirty = dirty or kept != entry
                continue
            entry = None
        found = _fingerprint(real)
        digest, blob = found if found is not None else (None, "")
        if entry is not None and digest is not None and digest == entry[4]:
            kept = (*signature, digest, settled, entry[6], blob)
            if reuse(rel, real, kept, "verified"):
                dirty = dirty or kept != entry
                continue
        payload, document = _parse(rel, real)
        _apply(dataset, payload)
        stats["misses"] += 1
        if document is not None:
            documents.add(rel, real, document)
        if digest is not None and _digest(real) == digest:  # unchanged while it was parsed
            entries[rel] = (*signature, digest, settled, payload, blob)
            dirty = True
    if set(old) != set(entries):
        dirty = True
    if dirty and write_cache(path, key, entries):
        stats["written"] = 1
    dataset.cache_stats = stats
    return stats
