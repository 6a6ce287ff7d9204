"""Read every record under `content/` and flatten it into the tables of the Data Package.

The loader never stops at the first bad file: each problem becomes a `Problem` with its file and
line, and the rows of every readable file are kept, so one run reports everything.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Collection, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from danbiet import records, schema
from danbiet.problems import Problem
from danbiet.safeyaml import Document, PathKey, YamlError, load_file

CONTENT = "content"
RECORD_SUFFIXES = (".yaml", ".yml")  # the files under content/ that hold records
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
LOOSE_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\Z")

StrPath = str | os.PathLike[str]
# What `discover` finds: (repository-relative POSIX path, the file's real path as a string).
Found = list[tuple[str, str]]


@dataclass
class Source:
    """Where a row came from: its file, the line of its entry and of each column."""

    path: str  # repository-relative
    line: int | None
    lines: dict[str, int]
    yaml_path: PathKey  # the entry's path inside the file
    record_id: str

    def line_of(self, column: str | None) -> int | None:
        if column is not None and column in self.lines:
            return self.lines[column]
        return self.line


@dataclass
class Dataset:
    root: Path
    tables: dict[str, list[dict[str, Any]]]
    sources: dict[str, list[Source]]
    # Every file that parsed, by repository-relative path. When rows came from the parse cache
    # (danbiet.cache) this is a mapping that reads a Document again only when it is asked for.
    documents: MutableMapping[str, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # With cache=True: {"hits", "verified", "by_git", "misses", "uncached", "written"} (see
    # danbiet.cache).
    cache_stats: dict[str, int] | None = None

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.tables[table]

    def index(self, table: str, key: str = "id") -> dict[Any, dict[str, Any]]:
        return {row[key]: row for row in self.tables[table] if row.get(key) is not None}


def discover(
    root: Path, descend: Callable[[str], bool] | None = None
) -> tuple[Found, list[Problem]]:
    """Every YAML file under content/ as (repository-relative path, real path), sorted.

    Symbolic links that leave content/ are refused; nothing outside it is ever read. With
    DESCEND, a folder below content/ is entered only when DESCEND(its repository-relative
    path) is true (its own entry is still looked at: a linked folder is still reported).
    """
    content = (root / CONTENT).resolve()
    found: Found = []
    problems: list[Problem] = []
    if (root / CONTENT).is_symlink():
        problems.append(
            Problem(
                "unsafe-path",
                f"{CONTENT}/ must be a real folder of the repository, not a symbolic link",
                CONTENT,
            )
        )
        return found, problems
    if not content.is_dir():
        problems.append(
            Problem(
                "no-content",
                f"there is no {CONTENT}/ folder under {root}; run danbiet from the repository root "
                "or pass the root as an argument",
            )
        )
        return found, problems
    # Folders depth first, each one's entries by name: the order os.walk gives with sorted
    # names. os.scandir tells links apart without a system call per file, and its entries'
    # paths are strings: a Path per file cost more than the walk itself (58,000 add up).
    pending = [(str(content), CONTENT)]
    while pending:
        current, folder = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue  # as os.walk: an unreadable folder is left out
        folders = []
        for entry in entries:
            name = entry.name
            rel = f"{folder}/{name}"
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if not entry.is_symlink():
                    if descend is None or descend(rel):
                        folders.append((entry.path, rel))
                    continue
                problems.append(_linked_folder(rel))
                continue
            if not name.endswith(RECORD_SUFFIXES):
                continue
            if entry.is_symlink() and (refused := _outside_link(rel, entry.path, content)):
                problems.append(refused)
                continue
            found.append((rel, entry.path))
        pending.extend(reversed(folders))
    return found, problems


def discover_only(root: Path, wanted: Collection[str]) -> tuple[Found, list[Problem]]:
    """What `discover` gives for the files WANTED (repository-relative POSIX paths), in its
    order, with the problems located at them, without walking the rest of content/: a pull
    request's few files are found at once whatever the size of the repository.

    A wanted file is found when it is a YAML file under content/ reached through real folders
    (not symbolic links); a link to a file inside content/ is followed, any other link is an
    `unsafe-path` problem, as in `discover`. Files that do not exist are left out."""
    content = root / CONTENT
    if content.is_symlink() or not content.is_dir():
        return [], []  # `discover` reports it at content/ itself, not at a wanted file
    real = content.resolve()
    found: Found = []
    problems: list[Problem] = []
    for rel in sorted(set(wanted), key=walk_order):
        parts = rel.split("/")
        if parts[0] != CONTENT or len(parts) < 2:
            continue
        if any(part in ("", ".", "..") for part in parts):
            continue
        folder = real  # as `discover`, which walks from the resolved folder
        for name in parts[1:-1]:
            folder = folder / name
            if folder.is_symlink() or not folder.is_dir():
                break  # not reached by the walk (a linked folder is reported at the folder)
        else:
            path = folder / parts[-1]
            if path.is_dir():
                if path.is_symlink():
                    problems.append(_linked_folder(rel))
                continue
            if not rel.endswith(RECORD_SUFFIXES):
                continue
            if path.is_symlink():
                if refused := _outside_link(rel, path, real):
                    problems.append(refused)
                    continue
            elif not os.path.lexists(path):
                continue
            found.append((rel, str(path)))
    return found, problems


def _linked_folder(rel: str) -> Problem:
    return Problem(
        "unsafe-path",
        "folders under content/ must not be symbolic links; replace the link with a real folder",
        rel,
    )


def _outside_link(rel: str, path: StrPath, content: Path) -> Problem | None:
    """The problem with the symbolic link PATH, if it leads out of CONTENT (resolved) or to
    no file."""
    target = Path(path).resolve()
    if target.is_relative_to(content) and target.is_file():
        return None
    return Problem(
        "unsafe-path",
        "symbolic link points outside content/; records must be real files inside the repository",
        rel,
    )


def walk_order(rel: str) -> tuple[tuple[int, str], ...]:
    """The place of REL in `discover`'s order: a folder's files (by name), then its folders."""
    parts = rel.split("/")
    return (*((1, name) for name in parts[:-1]), (0, parts[-1]))


def load(
    root: Path,
    cache: bool = True,
    select: Callable[[str], bool] | None = None,
    group: str | None = None,
    discovered: tuple[Found, list[Problem]] | None = None,
) -> Dataset:
    """Load and flatten every record under ROOT/content.

    SELECT (a test on repository-relative paths) loads only some files, such as one province's
    (`danbiet.shards`); GROUP then names their own parse-cache file. DISCOVERED is what
    `discover(root)` returned, when the caller already walked the folder.

    With CACHE (the default), what each file gives is kept in ROOT/.danbiet-cache/ and reused
    while the file, the schemas and the loading code stay the same (see `danbiet.cache`); the
    result is the same as with cache=False, which reads and parses every file. Setting the
    environment variable DANBIET_NO_CACHE (to anything but "" or "0") turns the cache off.
    """
    root = Path(root)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in schema.tables()}
    sources: dict[str, list[Source]] = {name: [] for name in schema.tables()}
    dataset = Dataset(root, tables, sources)
    files, problems = discovered if discovered is not None else discover(root)
    if select is not None:
        files = [(rel, path) for rel, path in files if select(rel)]
        problems = [p for p in problems if p.path is None or select(p.path)]
    dataset.problems.extend(problems)
    if cache and os.environ.get("DANBIET_NO_CACHE", "") in ("", "0"):
        from danbiet.cache import load_cached

        load_cached(dataset, files, group)
        return dataset
    for rel, path in files:
        load_record(dataset, rel, path)
    return dataset


def combine(dataset: Dataset, other: Dataset) -> None:
    """Add OTHER's rows, sources, documents and problems to DATASET (loaded from other files)."""
    from danbiet.cache import LazyDocuments

    for table, rows in other.tables.items():
        dataset.tables[table].extend(rows)
        dataset.sources[table].extend(other.sources[table])
    dataset.problems.extend(other.problems)
    if isinstance(dataset.documents, LazyDocuments) and isinstance(other.documents, LazyDocuments):
        dataset.documents.merge(other.documents)
    elif isinstance(other.documents, dict):
        dataset.documents.update(other.documents)
    else:
        for rel in other.documents:
            dataset.documents[rel] = other.documents[rel]


def load_record(dataset: Dataset, rel: str, path: StrPath) -> None:
    below = rel.removeprefix(f"{CONTENT}/")
    top = below.split("/", 1)[0]
    if top in records.OTHER_FOLDERS:
        return  # rule profiles and calendars are loaded by their own modules
    found = records.classify(below)
    if found is None:
        dataset.problems.append(_bad_path(rel, below))
        return
    kind, match = found
    try:
        document = load_file(path)
    except YamlError as exc:
        dataset.problems.append(Problem(exc.code, exc.message, rel, exc.line))
        return
    except OSError as exc:
        dataset.problems.append(Problem("unreadable", f"cannot read the file: {exc.strerror}", rel))
        return
    dataset.documents[rel] = document
    if not isinstance(document.data, dict):
        dataset.problems.append(
            Problem("wrong-type", "a record file must be a YAML mapping (key: value lines)", rel, 1)
        )
        return
    record_id = kind.record_id(match)
    for key, group in kind.path_fields.items():
        expected = match.group(group)
        value = document.data.get(key)
        if value is not None and str(value) != expected:
            dataset.problems.append(
                Problem(
                    "path-mismatch",
                    f"{key} is '{value}' but the file path says '{expected}'; "
                    f"fix the value or rename the file (e.g. content/{kind.example})",
                    rel,
                    document.line_of((key,)),
                    key,
                    record_id,
                )
            )
    derived = {"id": record_id} if "id" in kind.node.derived else {}
    _flatten(dataset, kind.node, document.data, (), document, rel, derived, record_id)


def _bad_path(rel: str, below: str) -> Problem:
    folder = below.split("/", 1)[0]
    kind = records.KIND_BY_FOLDER.get(folder)
    if rel.endswith(".yml"):
        hint = "use the .yaml extension"
    elif kind is not None:
        hint = f"name it like content/{kind.example} (lower-case letters, digits and '-')"
    else:
        known = ", ".join(sorted([*records.KIND_BY_FOLDER, *records.OTHER_FOLDERS]))
        hint = f"records live in one of the folders {known}"
    return Problem("bad-path", f"this file is not where a record can be: {hint}", rel)


def _flatten(
    dataset: Dataset,
    node: records.Node,
    mapping: Any,
    yaml_path: PathKey,
    document: Document,
    rel: str,
    derived: dict[str, Any],
    record_id: str,
) -> dict[str, Any] | None:
    entry_line = document.line_of(yaml_path)
    if not isinstance(mapping, dict):
        dataset.problems.append(
            Problem(
                "wrong-type",
                f"expected a mapping of {schema.resource_title(node.table)} fields here",
                rel,
                entry_line,
                _dotted(yaml_path),
                record_id,
            )
        )
        return None
    columns = schema.columns(node.table)
    row: dict[str, Any] = dict.fromkeys(columns)
    row.update(derived)
    lines: dict[str, int] = {}
    lists = dict(node.lists)
    maps = dict(node.maps)
    grouped = {c for g in node.groups for c in columns if c.startswith(f"{g}_")}
    allowed = [c for c in columns if c not in node.derived and c not in grouped]
    for key, value in mapping.items():
        key_path = (*yaml_path, key)
        line = document.line_of(key_path)
        if key in lists or key in maps:
            continue
        if key in node.groups:
            if value is None:
                continue
            if not isinstance(value, dict):
                dataset.problems.append(
                    Problem(
                        "wrong-type",
                        f"{key} must be a mapping (e.g. {key}: {{...}})",
                        rel,
                        line,
                        key,
                        record_id,
                    )
                )
                continue
            for sub, sub_value in value.items():
                column = f"{key}_{sub}"
                sub_line = document.line_of((*key_path, sub))
                if column not in columns:
                    subs = [c.removeprefix(f"{key}_") for c in columns if c.startswith(f"{key}_")]
                    dataset.problems.append(
                        _unknown(f"{key}.{sub}", subs, node.table, rel, sub_line, record_id)
                    )
                    continue
                row[column] = _cell(
                    dataset, node.table, column, sub_value, rel, sub_line, record_id
                )
                lines[column] = sub_line or line or 0
            continue
        if key not in allowed:
            if key in grouped:
                group, sub = next(
                    (g, key[len(g) + 1 :])
                    for g in node.groups
                    if key in grouped and key.startswith(f"{g}_")
                )
                dataset.problems.append(
                    Problem(
                        "unknown-field",
                        f"write '{key}' inside its group: {group}: {{{sub}: ...}}",
                        rel,
                        line,
                        key,
                        record_id,
                    )
                )
                continue
            keys = [*allowed, *node.groups, *lists, *maps]
            dataset.problems.append(_unknown(key, keys, node.table, rel, line, record_id))
            continue
        row[key] = _cell(dataset, node.table, key, value, rel, line, record_id)
        if line is not None:
            lines[key] = line
    dataset.tables[node.table].append(row)
    dataset.sources[node.table].append(Source(rel, entry_line, lines, yaml_path, record_id))

    parent_key = _parent_key(node.table, row)
    for key, child in node.maps:
        value = mapping.get(key)
        if value is None:
            continue
        _flatten(dataset, child, value, (*yaml_path, key), document, rel, parent_key, record_id)
    for key, child in node.lists:
        value = mapping.get(key)
        if value is None:
            continue
        key_path = (*yaml_path, key)
        if not isinstance(value, list):
            dataset.problems.append(
                Problem(
                    "wrong-type",
                    f"{key} must be a list (each entry starting with '- ')",
                    rel,
                    document.line_of(key_path),
                    key,
                    record_id,
                )
            )
            continue
        for index, item in enumerate(value):
            values = dict(parent_key)
            if child.positional:
                values["no"] = index + 1
            if "id" in child.derived and isinstance(item, dict):
                no = item.get("no")
                suffix = no if isinstance(no, int) and not isinstance(no, bool) else f"#{index + 1}"
                values["id"] = f"{row.get('id')}.{suffix}"
            _flatten(dataset, child, item, (*key_path, index), document, rel, values, record_id)
    return row


def _parent_key(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """The columns a child row gets from its parent row."""
    if table == "conferences":
        return {"conference_id": row["id"]}
    if table == "petitions":
        return {"petition_id": row["id"]}
    if table == "plans":
        return {"plan_id": row["id"]}
    return {}


def _cell(
    dataset: Dataset,
    table: str,
    column: str,
    value: Any,
    rel: str,
    line: int | None,
    record_id: str,
) -> Any:
    """The value for the schema: numbers typed where text is expected become text, dates must
    be written YYYY-MM-DD, and a list or mapping where one value belongs is refused."""
    kind = schema.field(table, column).get("type")
    if kind != "array" and isinstance(value, dict | list):
        dataset.problems.append(
            Problem(
                "wrong-type",
                f"{schema.title(table, column)} takes a single value, not a "
                f"{'list' if isinstance(value, list) else 'mapping'}",
                rel,
                line,
                column,
                record_id,
            )
        )
        return None
    if kind == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if kind == "date" and isinstance(value, str) and not ISO_DATE.match(value):
        loose = LOOSE_DATE.match(value)
        if loose:
            # frictionless accepts 2026-3-1; the records write 2026-03-01 so text sorts by date.
            dataset.problems.append(
                Problem(
                    "type-error",
                    f"{schema.title(table, column)} is '{value}'; write dates as YYYY-MM-DD "
                    "with two-digit month and day",
                    rel,
                    line,
                    column,
                    record_id,
                )
            )
            year, month, day = (int(part) for part in loose.groups())
            return f"{year:04d}-{month:02d}-{day:02d}"
    return value


def _unknown(
    key: str, known: list[str], table: str, rel: str, line: int | None, record_id: str
) -> Problem:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"allowed: {', '.join(known)}"
    return Problem(
        "unknown-field",
        f"'{key}' is not a field of {schema.resource_title(table)}; {hint}",
        rel,
        line,
        key,
        record_id,
    )


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
