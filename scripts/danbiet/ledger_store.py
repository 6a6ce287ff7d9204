"""The ledger's cache as an SQLite file: `.danbiet-cache/ledger-<settings hash>.sqlite`.

A national history holds millions of entry keys (five years: about five million). Held in
memory they cost gigabytes in the build's parent, which its workers inherit, and seconds to
unpickle on every build. In SQLite, a load reads only the commits; each question (when was this
key first published, what is this file's history) is a lookup by primary key, made by whichever
process asks, and the commits a load adds are written as a delta in one transaction.

Tables:

    meta(name, value)                     format, head (the last commit applied)
    commits(idx, sha, committed_at, author, subject)
    paths(id, path)                       every path under content/ that has a history
    history(path, seq, commit_idx, status, keys)   keys: [added, changed, removed] as deflated
                                          JSON (a tenth of the text: keys repeat their record id)
    state(path, key, fp)                  the fingerprints at head, by file
    keys(key, first, last)                index into commits of the first publication and the
                                          last change of every key ever committed

The file is plain data that the ledger checks (format and head) before trusting; it is never
the only copy of anything (the ledger can always be read from git again), so it is safe to
delete. A connection is opened per process and thread, on first use: the build's workers fork
after the load and each opens its own.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE commits(idx INTEGER PRIMARY KEY, sha TEXT, committed_at TEXT, author TEXT,
                     subject TEXT);
CREATE TABLE paths(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
CREATE TABLE history(path INTEGER, seq INTEGER, commit_idx INTEGER, status TEXT, keys BLOB,
                     PRIMARY KEY(path, seq)) WITHOUT ROWID;
CREATE TABLE state(path INTEGER, key TEXT, fp TEXT, PRIMARY KEY(path, key)) WITHOUT ROWID;
CREATE TABLE keys(key TEXT PRIMARY KEY, first INTEGER, last INTEGER) WITHOUT ROWID;
CREATE INDEX state_key ON state(key);
"""

_INHERITED: list[sqlite3.Connection] = []
HistoryRow = list[Any]  # [commit index, status, added keys, changed keys, removed keys]


class StoreError(Exception):
    """The file cannot be read as a ledger cache (damaged, or not one)."""


class LedgerStore:
    """Reads and writes one ledger cache file."""

    def __init__(self, path: Path, read_only: bool, scratch: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.scratch = scratch  # a file being filled, thrown away if the run stops: no journal
        # (process, thread) -> its connection: a connection must not cross a fork, and the
        # build asks from more than one thread
        self._connections: dict[tuple[int, int], sqlite3.Connection] = {}

    # -- connection

    def connection(self) -> sqlite3.Connection:
        """This thread's connection in this process."""
        me = (os.getpid(), threading.get_ident())
        found = self._connections.get(me)
        if found is None:
            uri = f"{self.path.resolve().as_uri()}?mode={'ro' if self.read_only else 'rw'}"
            try:
                found = sqlite3.connect(
                    uri, uri=True, isolation_level=None, check_same_thread=False
                )
                found.execute("PRAGMA trusted_schema = OFF")
                if self.scratch:
                    found.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
            except sqlite3.Error as exc:
                raise StoreError(str(exc)) from exc
            if any(pid != me[0] for pid, _ in self._connections):
                # a parent's, inherited by a fork: never used here, and never closed either
                # (closing would touch the parent's file handles and locks)
                _INHERITED.extend(self._connections.values())
                self._connections = {}
            self._connections[me] = found
        return found

    def close(self) -> None:
        """Close this process's connections."""
        pid = os.getpid()
        for owner in [owner for owner in self._connections if owner[0] == pid]:
            self._connections.pop(owner).close()

    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.connection().execute(sql, tuple(args)).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc

    # -- reading

    def meta(self) -> dict[str, str]:
        return {str(name): str(value) for name, value in self._query("SELECT * FROM meta")}

    def commits(self) -> list[tuple[str, str, str, str]]:
        rows = self._query(
            "SELECT idx, sha, committed_at, author, subject FROM commits ORDER BY idx"
        )
        if any(row[0] != n for n, row in enumerate(rows)):
            raise StoreError("the commits are not numbered from 0")
        return [
            (str(sha), str(at), str(author), str(subject)) for _, sha, at, author, subject in rows
        ]

    def key(self, key: str) -> tuple[int | None, int | None]:
        """KEY's first publication and last change (indexes into the commits); a key ever
        committed has a last change (its addition, at least)."""
        rows = self._query("SELECT first, last FROM keys WHERE key = ?", (key,))
        return (rows[0][0], rows[0][1]) if rows else (None, None)

    def keys_of(self, paths: Iterable[str]) -> Iterator[tuple[str, int | None, int | None]]:
        """(key, first, last) of every key that PATHS hold at head."""
        sql = (
            "SELECT state.key, keys.first, keys.last FROM state JOIN keys ON keys.key = state.key"
            " WHERE state.path = (SELECT id FROM paths WHERE path = ?)"
        )
        for path in paths:
            yield from self._query(sql, (path,))

    def all_keys(self) -> list[tuple[str, int | None, int | None]]:
        """(key, first, last) of every key ever committed."""
        return self._query("SELECT key, first, last FROM keys")

    def all_file_commit_lines(self, shas: Sequence[str]) -> dict[str, str]:
        """Every path -> " <sha> <status>" for each commit that changed it, oldest first, as a
        build's keys hash them (SHAS: the commits' ids by index)."""
        rows = self._query(
            "SELECT paths.path, commit_idx, status FROM history"
            " JOIN paths ON paths.id = history.path ORDER BY history.path, seq"
        )
        found: dict[str, list[str]] = {}
        for path, index, status in rows:
            try:
                sha = shas[index]
            except (IndexError, TypeError):
                raise StoreError(f"no commit {index!r}") from None
            found.setdefault(path, []).append(f" {sha} {status}")
        return {path: "".join(lines) for path, lines in found.items()}

    def holders(self, key: str) -> list[str]:
        """The paths whose fingerprints at head hold KEY."""
        rows = self._query(
            "SELECT paths.path FROM state JOIN paths ON paths.id = state.path WHERE state.key = ?",
            (key,),
        )
        return sorted(path for (path,) in rows)

    def state(self, path: str) -> list[tuple[str, str, int | None, int | None, int]]:
        """PATH's keys at head: (key, fingerprint, first, last, how many files hold it)."""
        return self._query(
            "SELECT state.key, state.fp, keys.first, keys.last,"
            " (SELECT count(*) FROM state AS other WHERE other.key = state.key)"
            " FROM state LEFT JOIN keys ON keys.key = state.key"
            " WHERE state.path = (SELECT id FROM paths WHERE path = ?)",
            (path,),
        )

    def history(self, path: str) -> list[HistoryRow]:
        rows = self._query(
            "SELECT commit_idx, status, keys FROM history"
            " WHERE path = (SELECT id FROM paths WHERE path = ?) ORDER BY seq",
            (path,),
        )
        try:
            return [
                [index, status, *json.loads(zlib.decompress(keys))] for index, status, keys in rows
            ]
        except (TypeError, ValueError, zlib.error) as exc:
            raise StoreError(f"the history of {path} cannot be read") from exc

    def paths(self) -> list[str]:
        return [path for (path,) in self._query("SELECT path FROM paths")]

    def published(self) -> list[tuple[str, int]]:
        """Every key held at head that was published: (key, first)."""
        return self._query(
            "SELECT key, first FROM keys WHERE first IS NOT NULL"
            " AND EXISTS (SELECT 1 FROM state WHERE state.key = keys.key)"
        )

    # -- writing

    @staticmethod
    def create(path: Path, meta: dict[str, str]) -> None:
        """An empty cache file at PATH, with META (its head is empty until written)."""
        path.unlink(missing_ok=True)
        db = sqlite3.connect(path, isolation_level=None)
        try:
            db.executescript(_SCHEMA)
            db.executemany("INSERT INTO meta VALUES (?, ?)", [*meta.items(), ("head", "")])
        finally:
            db.close()

    def write_delta(
        self,
        head: str,
        commits: list[tuple[str, str, str, str]],
        first_new: int,
        history: dict[str, list[HistoryRow]],
        state: dict[str, dict[str, str]],
        keys: Iterable[tuple[str, int | None, int | None]],
    ) -> None:
        """The commits from FIRST_NEW on, the whole HISTORY and STATE of the paths changed and
        the KEYS changed, in one transaction (a killed write leaves the file as it was)."""
        db = self.connection()
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(
                "INSERT INTO commits VALUES (?, ?, ?, ?, ?)",
                ((n, *commits[n]) for n in range(first_new, len(commits))),
            )
            ids = {}
            for path in sorted(history.keys() | state.keys()):
                db.execute("INSERT OR IGNORE INTO paths(path) VALUES (?)", (path,))
                ids[path] = db.execute("SELECT id FROM paths WHERE path = ?", (path,)).fetchone()[0]
            for path in history:
                db.execute("DELETE FROM history WHERE path = ?", (ids[path],))
            db.executemany(
                "INSERT INTO history VALUES (?, ?, ?, ?, ?)",
                _history_rows((ids[p], rows) for p, rows in history.items()),
            )
            for path, held in state.items():
                db.execute("DELETE FROM state WHERE path = ?", (ids[path],))
                db.executemany(
                    "INSERT INTO state VALUES (?, ?, ?)",
                    ((ids[path], key, fp) for key, fp in held.items()),
                )
            db.executemany("INSERT OR REPLACE INTO keys VALUES (?, ?, ?)", keys)
            db.execute("UPDATE meta SET value = ? WHERE name = 'head'", (head,))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


def _history_rows(
    paths: Iterable[tuple[int, list[HistoryRow]]],
) -> Iterator[tuple[Any, ...]]:
    for path_id, rows in paths:
        for seq, (index, status, *keys) in enumerate(rows):
            yield (path_id, seq, index, status, zlib.compress(json.dumps(keys).encode(), 1))
