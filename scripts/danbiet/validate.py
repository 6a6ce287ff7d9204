"""`validate()`: the schema contract (frictionless) plus the rules frictionless cannot express.

Returns a `Report`; it never raises on bad content. Stable problem codes:

file level   not-utf8, empty-file, yaml-syntax, yaml-alias, yaml-tag, too-deep, too-large,
             duplicate-key, multiple-documents, unsafe-path, bad-path, unreadable, no-content
structure    wrong-type, unknown-field, path-mismatch
schema       missing-field, type-error, constraint-error, duplicate-id, unknown-reference
cross-record chronology, future-date, unsafe-id, unit-inactive, missing-minutes, unknown-profile
warnings     forwarded-to-missing, supervisor-level

Two ways to run:

- `validate()`: everything, as CI does on main: the schema on every row of every table (types,
  constraints, primary and foreign keys), then the cross-record rules.
- `validate_changed()`: a pull request that changes a few files, whatever the size of the
  repository. Only what the change can affect is loaded (`load_affected`): every unit, and the
  provinces (`danbiet.shards`) of the changed files, of the files that refer to what they
  define and of the records those name; a change to a shared file (a rule profile, a calendar)
  loads everything. The schema check sees only the rows of the changed files, with the keys
  left out; primary keys and foreign keys are checked for every loaded row in Python
  (`check_keys`, from the schema's `primaryKey` and `foreignKeys`, with frictionless's cell
  casting), and so are the cross-record rules. Only problems located in the changed files are
  reported, plus cross-record problems in files that refer to what a changed or deleted file
  defines (a unit, plan, conference or rule profile): a deleted unit breaks the conferences
  that name it. The problems are those of the same checks on every record, and for the changed
  files those of the full run (tests/test_validate_changed).

Two engines check the schema (`engine=`), with the same problems (tests/test_columns.py):

- "compiled" (the default): `danbiet.columns`, frictionless's cell checks compiled once from
  schemas/datapackage.json into plain functions, plus `check_keys` (0.3 s for a portal of
  20,000 petitions). A schema using something it does not reproduce falls back to frictionless.
- "frictionless": frictionless's `Package.validate` itself (`danbiet validate --frictionless`),
  the reference for the nightly run and the tests; over ten times slower (it copies every row).

They differ in one case: a table that another table refers to but that has no rows (a plan with
planned conferences and no conference yet). frictionless calls that table, and each table that
refers to it, an unreadable source (`source-error`) and checks none of their rows; the compiled
engine checks them and reports each reference to the empty table, as `validate_changed` does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from danbiet import columns as column_checks
from danbiet import records, schema
from danbiet.loader import (
    CONTENT,
    Dataset,
    Found,
    Source,
    combine,
    discover,
    discover_only,
    load,
    walk_order,
)
from danbiet.mentions import Indexed, lookup
from danbiet.problems import WARNING, Problem, Report
from danbiet.records import SLUG_RE
from danbiet.shards import UNIT_FOLDERS, Split, check_same_province, shard_name, split, unit_of
from danbiet.worktree import GitError, Search, diff_and_untracked, read_record_bytes, run_git

# Columns that name a unit (or profile) and must be a plain slug.
REFERENCE_COLUMNS = {
    "units": ("parent", "profile", "successor"),
    "plans": ("unit",),
    "conferences": ("unit",),
    "assignments": ("to",),
    "updates": ("by",),
    "supervision": ("by",),
    "reports": ("unit",),
}
DIALOGUE_LEVELS = {"tinh", "huyen", "xa", "so-nganh"}


# How the schema is checked: see the module docstring.
ENGINES = ("compiled", "frictionless")
DEFAULT_ENGINE = "compiled"


def validate(
    root: Path | str,
    as_of: date,
    dataset: Dataset | None = None,
    engine: str = DEFAULT_ENGINE,
    named_only: Collection[str] = (),
) -> Report:
    """Validate every record under ROOT/content as of AS_OF.

    Without DATASET the records are read without the parse cache, so that validating writes
    nothing; the CLI passes `load(root)`, which uses it. ENGINE is one of `ENGINES`.

    NAMED_ONLY: tables whose rows are there to be named by the others, not checked: none of
    the problems located in their rows is looked for (the units, once one province has been
    validated with them: `danbiet.provinces`). The compiled engine only.
    """
    if named_only and _compiled(engine) is None:
        raise ValueError("named_only needs the compiled engine")
    data = dataset if dataset is not None else load(Path(root), cache=False)
    report = Report()
    report.extend(data.problems)
    report.extend(check_schema(data, engine=engine, named_only=named_only))
    report.extend(check_references(data, named_only))
    report.extend(check_same_province(data))
    report.extend(check_chronology(data, as_of, named_only))
    report.stats = {name: len(rows) for name, rows in data.tables.items()}
    report.stats["files"] = len(data.documents)
    return report


# -- changed files only -----------------------------------------------------------------------

# Paths whose change can alter the result for every record: validate everything.
GLOBAL_PATHS = ("schemas/", "scripts/", "pyproject.toml")


class ChangeError(Exception):
    """The changed files cannot be found (not a git repository, unknown REF): a usage error."""


@dataclass
class Changes:
    """Repository-relative POSIX paths changed against a reference, and which of them are gone."""

    paths: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)

    @property
    def global_change(self) -> bool:
        return any(p.startswith(GLOBAL_PATHS) or p in GLOBAL_PATHS for p in self.paths)

    @classmethod
    def at(cls, root: Path | str, paths: Iterable[str]) -> Changes:
        """PATHS (relative to ROOT), those no longer in ROOT's working tree marked deleted."""
        paths = set(paths)
        return cls(paths, {p for p in paths if not (Path(root) / p).exists()})


def _git(root: Path, *args: str) -> str:
    try:
        return run_git(root, *args)
    except GitError as exc:
        raise ChangeError(str(exc)) from None


def changed_files(root: Path | str, ref: str) -> Changes:
    """Files that differ between REF and the working tree (staged or not), plus untracked files
    under content/; paths relative to ROOT. Raises ChangeError for a bad REF or no repository."""
    root = Path(root)
    if ref.startswith("-"):
        raise ChangeError(f"'{ref}' is not a git revision")
    _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    listed, untracked = diff_and_untracked(
        partial(_git, root), "--name-only", "--no-renames", "--relative", "-z", ref, "--"
    )
    return Changes.at(root, (p for p in (*listed.split("\0"), *untracked.split("\0")) if p))


def files_changes(root: Path | str, files: Iterable[str | Path]) -> Changes:
    """Changes for paths given by hand: relative to ROOT, or to the current folder when they
    exist from there and lie under ROOT."""
    root_real = Path(root).resolve()
    paths: set[str] = set()
    for given in files:
        candidate = Path(given)
        rel = candidate.as_posix().removeprefix("./")
        here = candidate if candidate.is_absolute() else Path.cwd() / candidate
        if candidate.is_absolute() or (here.exists() and not (root_real / rel).exists()):
            inside = here.resolve()
            if inside.is_relative_to(root_real):  # else kept as given: it matches no record
                rel = inside.relative_to(root_real).as_posix()
        paths.add(rel)
    return Changes.at(root_real, paths)


def validate_changed(
    root: Path | str,
    as_of: date,
    changes: Changes | Iterable[str],
    dataset: Dataset | None = None,
    engine: str = DEFAULT_ENGINE,
    cache: bool = False,
    units: Units | None = None,
) -> Report:
    """Validate what CHANGES (repository-relative paths) bring: the problems the full run finds
    in the changed files and in the files that refer to what they define.

    Without DATASET only what the change can affect is loaded (`load_affected`), through the
    parse cache with CACHE; its `stats` then count the loaded records, plus `provinces_loaded`
    and `provinces` (all of them). With DATASET (the whole repository), that is used. A change
    to the schemas or the code (`GLOBAL_PATHS`) validates everything. UNITS: see
    `load_affected`.
    """
    if not isinstance(changes, Changes):
        changes = files_changes(root, changes)
    affected = None
    if dataset is None and not changes.global_change:
        affected = load_affected(Path(root), changes, cache, units)
    if units is not None and units.search is not None:
        units.search.cancel()  # done with, or not needed (everything is loaded)
    if affected is not None:
        data = affected.data
    else:
        data = dataset if dataset is not None else load(Path(root), cache=cache)
    if changes.global_change:
        report = validate(root, as_of, data, engine)
        report.stats["changed"] = len(changes.paths)
        return report
    changed = changes.paths
    scope = changed | _dependent_files(data, changes)
    only = {
        table: [i for i, source in enumerate(sources) if source.path in changed]
        for table, sources in data.sources.items()
    }
    report = Report()
    report.extend([p for p in data.problems if p.path is None or p.path in changed])
    report.extend(check_schema(data, only=only, engine=engine))
    cross = check_keys(data, engine) + check_references(data) + check_chronology(data, as_of)
    cross += check_same_province(data)
    report.extend([p for p in cross if p.path is None or p.path in scope])
    report.stats = {name: len(rows) for name, rows in data.tables.items()}
    report.stats["files"] = len(data.documents)
    report.stats["changed"] = len(changed)
    if affected is not None:
        report.stats["provinces_loaded"] = len(affected.provinces)
        report.stats["provinces"] = affected.total
    return report


@dataclass
class Affected:
    """The records a change can affect: every unit and a few record files, from PROVINCES (of
    TOTAL)."""

    data: Dataset
    provinces: list[str]
    total: int


# Ids the byte scan of `load_affected` can look for: a string no number is read as.
_PLAIN_ID = re.compile(r"[a-z0-9.#-]+\Z")
_NUMBER = re.compile(r"[-+]?(?:[0-9.]+(?:e[-+]?[0-9]+)?|inf|nan)\Z")
# A defined id is looked for in files only as a whole value: not next to one of these bytes.
_ID_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
# More distinct prefixes than this to look for (a bulk change): load everything instead.
_MAX_NEEDLES = 64
_ESCAPE = b"\\"  # a YAML escape may spell any id
_YAML = (".yaml", ".yml")


def load_affected(
    root: Path, changes: Changes, cache: bool = False, units: Units | None = None
) -> Affected | None:
    """Every unit plus the record files the change can affect; None when only the whole
    repository will do. UNITS: what `read_units(root, cache)` gave, if read already (it is
    used up: the records are added to its dataset).

    The full run (`validate_changed` on every record) reports the problems located in the
    changed files and in the files that refer to something a changed or deleted file defines
    (its dependents). Each of those problems is decided by its own row and a few others, its
    support; a subset of the records that holds the support of every reported problem gives
    exactly the same problems. Only the order of `Report.problems` may differ (rows of several
    provinces interleave differently), never that of `Report.sorted()`: within one file, rows
    and problems keep their order. The support of a row, check by check:

    - the loader's and the schema's problems, and the chronology, `other-province`,
      `supervisor-level` and reference rules: the row, rows of its own file (a petition's
      conference, an entry's petition: their ids are derived from the file's path) and units;
    - primary keys: the rows with the same key. Every key but a unit's is derived from the
      file's path and the entry's position (`<unit>.<year>.<head>`, `<unit>.<date>[-x]`,
      `<conference>.<no>`, `(<conference>, <position>)`...), and the path maps to one id only
      (slugs hold no dot), so two files never share a key: a duplicate lies in one file, or
      among the units, which are always all loaded (a unit's id is written, not derived).
      Uniqueness across the repository (conference, plan, unit ids) is therefore never missed;
    - foreign keys and references: to a unit (all loaded) or to a record named by its id:
      a conference's `plan_id` and a planned conference's `conference_id`, which may name a
      record of another province (which the `other-province` rule then reports, a problem that
      needs the named record). An id names the one file that can define it
      (`_defining_paths`); those files are loaded too.

    So the subset holds every unit, the changed files, and then:

    1. the dependents, wherever they are. The ids a change defines are known from the changed
       files; a file that refers to one either derives it from its own path (found by
       `_defining_paths`) or writes it in a column that names records of its kind
       (`_dependent_files`): a conference's id only in plans, a plan's only in conferences, a
       unit's anywhere. YAML writes a string no number is read as (`_PLAIN_ID`, `_NUMBER`)
       verbatim, between bytes that cannot continue it, unless it uses an escape, which needs
       a backslash: a scan of the bytes of the other files of those kinds (no parsing) finds
       every file that may write one, and they are loaded. The index a build writes
       (`mentions.lookup`) or else `git grep` (`worktree.Search`) picks the files that may
       hold an id's unit or a backslash (symbolic links, which git does not read, are all
       loaded), then `_mentioning` reads those; without git, `_mentioning` reads every file
       of those kinds. Ids it cannot look for that way fall back to the whole repository;
    2. the files of the records the changed files and the dependents name by id.

    A unit file's change needs nothing more: units are all loaded, and the files that name
    the unit in the province it left (a move, a deletion), or anywhere else, are dependents.
    A change to a shared file (rule profiles, calendars, portal settings) or a path no province
    holds loads the whole repository; paths outside content/ and files that are not YAML define
    no record.

    Only the folders that are needed are walked (`loader.discover` with `descend`): the units
    and the shared files; git searches the folders of the kinds that can name what the change
    defines. A pull request that changes a dialogue reads the units, the plans that name its
    unit and a few files, whatever the number of years the repository holds; one that
    changes a unit looks up the files that name it in the index, or without one has git read
    every dialogue, plan and report (`beside_units` starts either early).
    `Affected.provinces` are those of the loaded files.
    """
    # Files that are not YAML hold no records (`loader.discover` reads *.yaml and *.yml only).
    content = [p for p in changes.paths if p.startswith(f"{CONTENT}/") and p.endswith(_YAML)]
    if any(unit_of(p) is None for p in content):
        return None
    units = units if units is not None else read_units(root, cache)
    top, plan, folders = units.top, units.plan, units.folders
    data = plan.unit_data
    if data is None:
        return None
    walked: dict[Problem, None] = dict.fromkeys(top[1])
    provinces = plan.provinces
    known = {shard_name(unit_of(rel) or "", provinces) for rel in plan.units}
    known |= {shard_name(unit, provinces) for unit in folders}
    loaded: dict[str, None] = {}

    def add(rels: Iterable[str]) -> None:
        """Load the record files RELS (those that exist, as the walk finds them)."""
        new = set(rels) - set(loaded)
        files, problems = discover_only(root, new)
        walked.update(dict.fromkeys(problems))
        units = f"{CONTENT}/units/"  # all loaded already
        files = [(r, p) for r, p in files if unit_of(r) is not None and not r.startswith(units)]
        if files:  # their own parse-cache group: the provinces' groups stay whole
            combine(data, load(root, cache, group="changed", discovered=(files, [])))
            loaded.update(dict.fromkeys(rel for rel, _ in files))

    add(content)
    defined = _defined(data, changes)
    ids = set().union(*defined.values())
    if not all(_PLAIN_ID.match(d) and not _NUMBER.match(d) for d in ids):
        return None
    kinds = _scanned_kinds(defined)
    if kinds:
        needles = _needles(ids)
        if needles is None:
            return None
        scan = [f"{CONTENT}/{kind}" for kind in kinds]
        search = units.search
        if search is None or not search.covers(scan, [*needles, _ESCAPE], _units_of(ids)):
            search = _search(root, scan, ids, needles)
        grepped = search.result()
        if grepped is None:  # no Git: read every file of those kinds
            scanned, problems = discover(root, descend=lambda rel: rel.split("/")[1] in kinds)
            walked.update(dict.fromkeys(problems))
        else:  # the files git found and the links, which only loading can judge
            links = {rel for rel in grepped if os.path.islink(root / rel)}
            add(rel for rel in links if rel.endswith(_YAML))
            found = sorted(rel for rel in grepped - links if rel.endswith(_YAML))
            scanned = [(rel, os.path.join(root, rel)) for rel in found]
        others = [(r, p) for r, p in scanned if unit_of(r) is not None and r not in loaded]
        add(_mentioning(others, ids, needles))
    add(_defining_paths(ids))
    scope = changes.paths | _dependent_files(data, changes, defined)
    add(_defining_paths(_named_ids(data, scope)))
    # Every problem of the walks (a symbolic link...) first, as `load` gives them.
    first = sorted(walked, key=lambda problem: walk_order(problem.path or ""))
    data.problems = [*first, *(p for p in data.problems if p not in walked)]
    held = sorted({shard_name(unit_of(rel) or "", provinces) for rel in loaded})
    return Affected(data, held, len(known))


@dataclass
class Units:
    """Every unit of a repository and the names of its record folders: what `load_affected`
    needs whatever the change, so that it can be read while the changes are being listed."""

    top: tuple[Found, list[Problem]]  # the walk above the unit folders
    plan: Split  # its split: every unit loaded (`Split.unit_data`)
    folders: set[str]  # the <unit> of every content/<kind>/<unit>/ folder
    search: Search | Indexed | None = None  # for the changed units, if any (`beside_units`)


def read_units(root: Path, cache: bool = False) -> Units:
    """The units of ROOT, and what the walk above the unit folders saw."""
    folders: set[str] = set()

    def above_units(rel: str) -> bool:
        parts = rel.split("/")
        if len(parts) == 3 and parts[1] in UNIT_FOLDERS:
            folders.add(parts[2])
            return False
        return True

    top = discover(root, descend=above_units)  # units, shared files, the folders' names
    return Units(top, split(root, discovered=top, cache=cache), folders)


T = TypeVar("T")


def beside_units(
    root: Path, listing: Callable[[], T], cache: bool, ref: str | None = None
) -> tuple[T, Units]:
    """LISTING() (the changes, from git) and the units of ROOT at the same time: git compares
    the working tree in its own processes while this one reads the units. LISTING's
    exception, if any, is raised (once the units are read).

    REF: the revision LISTING compares with. The unit files changed since then are listed
    first (a `git diff` of content/units/ alone), and the search for the records that may
    name them (`load_affected`) starts at once: at five national years git compares the
    working tree with the index's base in about half a second, or, without an index, reads
    the 1.8 GB of dialogues, plans and reports in about as long as the rest of the run."""

    def listed_and_searched() -> tuple[T, Search | Indexed | None]:
        search = _unit_search(root, ref) if ref is not None else None
        return listing(), search

    with ThreadPoolExecutor(1) as pool:
        job = pool.submit(listed_and_searched)
        units = read_units(root, cache)
        listed, units.search = job.result()
        return listed, units


def _unit_search(root: Path, ref: str) -> Search | Indexed | None:
    """The search `load_affected` will need if the ids the change defines are those of the
    unit files changed since REF (their ids as their names give them); None when no unit
    file changed, or git cannot tell (LISTING will say why)."""
    units = f"{CONTENT}/units/"
    if ref.startswith("-"):  # an option, not a revision: LISTING refuses it
        return None
    try:
        listed = _git(
            root, "diff", "--name-only", "--no-renames", "--relative", "-z", ref, "--", units
        )
        untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", units)
    except ChangeError:
        return None
    paths = [p for p in (*listed.split("\0"), *untracked.split("\0")) if p]
    ids = {unit_of(p) or "" for p in paths}
    if not ids or not all(_PLAIN_ID.match(d) and not _NUMBER.match(d) for d in ids):
        return None
    needles = _needles(ids)
    if needles is None:
        return None
    scan = [f"{CONTENT}/{kind}" for kind in _scanned_kinds({"units": ids})]
    return _search(root, scan, ids, needles)


def _search(root: Path, scan: list[str], ids: set[str], needles: list[bytes]) -> Search | Indexed:
    """The files of the folders SCAN that may write one of IDS (NEEDLES: `_needles(IDS)`):
    from the index of mentions when it can tell (`mentions.lookup`), else from `git grep`."""
    indexed = lookup(root, scan, _units_of(ids))
    return indexed if indexed is not None else Search(root, scan, [*needles, _ESCAPE])


def _units_of(ids: Iterable[str]) -> set[str]:
    """The units IDS start with (every id a change defines holds its unit before a dot)."""
    return {d.split(".", 1)[0] for d in ids}


def _scanned_kinds(defined: dict[str, set[str]]) -> list[str]:
    """The record folders whose files may write one of the ids DEFINED (by table)."""
    kinds = [k.folder for k in records.KINDS if k.folder != "units"]
    return [k for k in kinds if any(defined.get(t) for t in _WRITTEN_TARGETS[k])]


def _defining_paths(ids: Iterable[str]) -> set[str]:
    """The record files whose path-derived ids (their own, their entries' and the parent ids
    their entries carry) could be one of IDS: `<unit>.<stem>` and `<unit>.<stem>.<no>` come from
    conferences/<unit>/<stem>.yaml, `<unit>.<year>.<head>` from plans/<unit>/<year>-<head>.yaml."""
    out: set[str] = set()
    for value in ids:
        parts = value.split(".")
        if len(parts) in (2, 3):
            out.add(f"{CONTENT}/conferences/{parts[0]}/{parts[1]}.yaml")
        if len(parts) == 3:
            out.add(f"{CONTENT}/plans/{parts[0]}/{parts[1]}-{parts[2]}.yaml")
    return out


def _named_ids(data: Dataset, paths: set[str]) -> set[str]:
    """The ids the rows of PATHS name in their referring columns."""
    out: set[str] = set()
    for table, columns in _REFERRING.items():
        for row, source in zip(data.tables[table], data.sources[table], strict=True):
            if source.path in paths:
                out.update(v for c in columns if isinstance(v := row.get(c), str))
    return out


def _needles(ids: set[str]) -> list[bytes] | None:
    """What a file must hold to write one of IDS as it is: every id holds its unit (the part
    before the first dot), so the shortest of those. None when there are too many."""
    prefixes = sorted({d.split(".", 1)[0].encode() for d in ids}, key=len)
    needles = [n for i, n in enumerate(prefixes) if not any(m in n for m in prefixes[:i])]
    return None if len(needles) > _MAX_NEEDLES else needles


def _mentioning(files: Found, ids: set[str], needles: list[bytes]) -> set[str]:
    """The FILES (repository-relative path, real path) whose bytes may hold one of IDS as a
    whole YAML value: written as it is and not next to a byte that would continue it, or
    spelled with an escape (any backslash). NEEDLES: `_needles(IDS)`.

    The bytes are only searched, never parsed, in this thread: the reads are short system
    calls, and threads only passed the interpreter lock back and forth (the 31,800 plans of
    five national years: 0.33 s here, 0.8 s on two or four threads)."""
    if not ids or not files:
        return set()
    wanted = [d.encode() for d in sorted(ids)]

    def whole(text: bytes) -> bool:
        for value in wanted:
            at = text.find(value)
            while at >= 0:
                end = at + len(value)
                if (at == 0 or text[at - 1] not in _ID_BYTES) and (
                    end == len(text) or text[end] not in _ID_BYTES
                ):
                    return True
                at = text.find(value, at + 1)
        return False

    hits = set()
    for rel, path in files:
        try:
            text = read_record_bytes(str(path))
        except OSError:
            text = None
        if text is None:
            hits.add(rel)  # loading it tells what it is
        elif _ESCAPE in text or (any(n in text for n in needles) and whole(text)):
            hits.add(rel)
    return hits


# Columns whose values name a unit, plan, conference, petition or rule profile (defined by
# another file).
_REFERRING = {
    table: {
        *(c for fk in spec.get("foreignKeys", []) for c in fk["fields"]),
        *REFERENCE_COLUMNS.get(table, ()),
        *(("plan_id",) if table == "conferences" else ()),
    }
    for table, spec in schema.tables().items()
}


def _target(table: str, column: str) -> str:
    """What a referring column names: a table ("units", "plans", "conferences", "petitions")
    or "rules" (a rule profile)."""
    for fk in schema.tables()[table].get("foreignKeys", []):
        if column in fk["fields"]:
            return str(fk["reference"]["resource"])
    if table == "conferences" and column == "plan_id":
        return "plans"
    return "rules" if column == "profile" else "units"


# Referring columns the loader fills in from the file's path and the entry's place.
_DERIVED = {node.table: set(node.derived) for node in records.nodes()}
# What the written (not derived) referring columns of each kind of record file name.
_WRITTEN_TARGETS = {
    kind.folder: {
        _target(node.table, column)
        for node in records.nodes((kind,))
        for column in _REFERRING[node.table] - _DERIVED[node.table]
    }
    for kind in records.KINDS
}


def _defined(data: Dataset, changes: Changes) -> dict[str, set[str]]:
    """The ids of what the changed or deleted files define, by what they are ("units",
    "plans", "conferences", "petitions", "reports" or "rules": rule profiles)."""
    defined: dict[str, set[str]] = {}
    for table in ("units", "plans", "conferences", "petitions"):
        for row, source in zip(data.tables[table], data.sources[table], strict=True):
            if source.path in changes.paths and isinstance(row.get("id"), str):
                defined.setdefault(table, set()).add(row["id"])
    for path in changes.paths:
        below = path.removeprefix("content/")
        found = records.classify(below)
        if found is not None:
            kind, match = found
            defined.setdefault(kind.node.table, set()).add(kind.record_id(match))
        elif below.startswith("rules/") and below.endswith(".yaml"):
            defined.setdefault("rules", set()).add(Path(below).stem)  # units' `profile`
    return defined


def _dependent_files(
    data: Dataset, changes: Changes, defined: dict[str, set[str]] | None = None
) -> set[str]:
    """Files with rows that refer to something a changed or deleted file defines: a written
    column naming a record of its kind (a plan's `conference_id` naming a changed
    conference), or a column derived from the file's path holding any id it defines."""
    if defined is None:
        defined = _defined(data, changes)
    every = set().union(*defined.values())
    if not every:
        return set()
    out: set[str] = set()
    for table, columns in _REFERRING.items():
        wanted = [
            (c, every if c in _DERIVED.get(table, ()) else defined.get(_target(table, c), set()))
            for c in columns
        ]
        wanted = [(c, ids) for c, ids in wanted if ids]
        if not wanted:
            continue
        for row, source in zip(data.tables[table], data.sources[table], strict=True):
            if source.path in out:
                continue
            for column, ids in wanted:
                value = row.get(column)
                if isinstance(value, str) and value in ids:
                    out.add(source.path)
                    break
    return out


# -- schema ---------------------------------------------------------------------------------


def check_schema(
    data: Dataset,
    only: dict[str, list[int]] | None = None,
    engine: str = DEFAULT_ENGINE,
    named_only: Collection[str] = (),
) -> list[Problem]:
    """Validate the flattened tables against the schema and map each error to its file and line.

    With ONLY (table -> indexes of the rows to check), just those rows are checked, each on its
    own: the primary and foreign keys, which need every row, are left to `check_keys`. ENGINE
    (one of `ENGINES`) does not change the problems (but see the module docstring). The rows
    of the tables NAMED_ONLY are not checked (see `validate`; the compiled engine only).
    """
    compiled = _compiled(engine)
    if compiled is not None:
        return _compiled_schema(data, compiled, only, named_only)
    if only is not None:
        return _check_rows(data, only)
    return _frictionless_schema(data)


def _compiled(engine: str) -> dict[str, column_checks.Table] | None:
    """The compiled checks for ENGINE, None for frictionless itself."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if engine == "frictionless":
        return None
    try:
        return column_checks.package()
    except column_checks.Unsupported:
        return None  # the schema uses what only frictionless checks


def _compiled_schema(
    data: Dataset,
    compiled: dict[str, column_checks.Table],
    only: dict[str, list[int]] | None,
    named_only: Collection[str] = (),
) -> list[Problem]:
    problems: list[Problem] = []
    if only is not None:
        for table, indexes in only.items():
            if not indexes:
                continue
            rows = [data.tables[table][i] for i in indexes]
            for position, kind, column, note in column_checks.check_rows(compiled[table], rows):
                index = indexes[position]
                problems.append(_schema_problem(data, table, index, kind, column, note))
        return problems
    keys: dict[str, dict[int, list[column_checks.KeyFinding]]] = {}
    for table, index, kind, number in _key_errors(data, _compiled_casts(compiled), named_only):
        keys.setdefault(table, {}).setdefault(index, []).append((kind, number))
    for table, rows in data.tables.items():
        if not _has_rows(data, table) or table in named_only:
            continue
        found = column_checks.check_rows(compiled[table], rows, keys.get(table, {}))
        for index, kind, column, note in found:
            problems.append(_schema_problem(data, table, index, kind, column, note))
    return problems


def _frictionless_schema(data: Dataset) -> list[Problem]:
    from frictionless import Package, Resource, Schema

    resources = [
        Resource(name=name, data=rows, schema=Schema.from_descriptor(schema.tables()[name]))
        for name, rows in data.tables.items()
        if _has_rows(data, name)
    ]
    if not resources:
        return []
    package = Package(resources=resources)
    result = package.validate(limit_errors=1_000_000)
    problems: list[Problem] = []
    for task in result.tasks:
        table = task.name
        for error in task.errors:
            problems.append(_from_frictionless(data, table, error))
    return problems


def _check_rows(data: Dataset, only: dict[str, list[int]]) -> list[Problem]:
    from frictionless import Package, Resource, Schema

    resources = []
    for name, indexes in only.items():
        if not indexes:
            continue
        descriptor = {
            k: v for k, v in schema.tables()[name].items() if k not in ("primaryKey", "foreignKeys")
        }
        rows = [data.tables[name][i] for i in indexes]
        resources.append(Resource(name=name, data=rows, schema=Schema.from_descriptor(descriptor)))
    if not resources:
        return []
    result = Package(resources=resources).validate(limit_errors=1_000_000)
    problems: list[Problem] = []
    for task in result.tasks:
        indexes = only[task.name]
        for error in task.errors:
            problems.append(_from_frictionless(data, task.name, error, indexes))
    return problems


def _caster(table: str, column: str) -> Callable[[Any], Any]:
    """The value frictionless compares in keys: the cell as its field reads it (None when the
    cell is missing or not of the field's type)."""
    from frictionless import Field

    reader = Field.from_descriptor(schema.field(table, column)).create_cell_reader()
    memo: dict[tuple[type, Any], Any] = {}

    def cast(value: Any) -> Any:
        try:
            return memo[(type(value), value)]
        except KeyError:
            target, _ = reader(value)
            memo[(type(value), value)] = target
            return target
        except TypeError:  # unhashable (a list)
            return reader(value)[0]

    return cast


def _compiled_casts(
    compiled: dict[str, column_checks.Table],
) -> Callable[[str, str], Callable[[Any], Any]]:
    """`_caster` from the compiled checks: the same values, without frictionless."""

    def caster(table: str, column: str) -> Callable[[Any], Any]:
        return compiled[table].column(column).caster()

    return caster


def check_keys(data: Dataset, engine: str = DEFAULT_ENGINE) -> list[Problem]:
    """Primary keys and foreign keys of every table, in Python, as frictionless checks them:
    a repeated key is reported on each later row, a key of only empty cells on its row, and a
    reference whose cells are not all empty must be a key of the referenced table. Cells are
    read as frictionless reads them, by the compiled checks or (ENGINE "frictionless") by
    frictionless itself."""
    compiled = _compiled(engine)
    caster = _caster if compiled is None else _compiled_casts(compiled)
    problems: list[Problem] = []
    for table, index, kind, number in _key_errors(data, caster):
        column = None
        if kind == column_checks.FOREIGN_KEY:
            column = schema.tables()[table]["foreignKeys"][number]["fields"][0]
        problems.append(_schema_problem(data, table, index, kind, column, ""))
    return problems


def _key_errors(
    data: Dataset,
    caster: Callable[[str, str], Callable[[Any], Any]],
    named_only: Collection[str] = (),
) -> list[tuple[str, int, str, int | None]]:
    """(table, row index, "primary-key" or "foreign-key", number of the foreign key) for every
    key error, table by table, but those of the tables NAMED_ONLY; CASTER(table, column) reads
    a column's cells."""
    errors: list[tuple[str, int, str, int | None]] = []
    casters: dict[tuple[str, str], Callable[[Any], Any]] = {}
    targets: dict[tuple[str, ...], set[tuple[Any, ...] | None]] = {}

    def keys(table: str, names: list[str]) -> Iterator[tuple[Any, ...]]:
        """The key of each row of TABLE, and None for a key of only empty cells."""
        casts = []
        for column in names:
            cast = casters.get((table, column))
            if cast is None:
                cast = casters[(table, column)] = caster(table, column)
            casts.append((column, cast))
        empty = (None,) * len(names)
        for row in data.tables[table]:
            key = tuple([cast(row.get(column)) for column, cast in casts])
            yield None if key == empty else key

    for table, spec in schema.tables().items():
        if not _has_rows(data, table) or table in named_only:
            continue
        primary = spec.get("primaryKey") or []
        primary = [primary] if isinstance(primary, str) else list(primary)
        if primary:
            seen: set[tuple[Any, ...]] = set()
            for index, key in enumerate(keys(table, primary)):
                if key is None or key in seen:
                    errors.append((table, index, column_checks.PRIMARY_KEY, None))
                else:
                    seen.add(key)
        for number, fk in enumerate(spec.get("foreignKeys", [])):
            target = fk["reference"]["resource"] or table
            fields, target_fields = list(fk["fields"]), list(fk["reference"]["fields"])
            known = targets.get((target, *target_fields))
            if known is None:  # seven tables refer to the units: read their ids once
                known = targets[(target, *target_fields)] = set(keys(target, target_fields))
            for index, key in enumerate(keys(table, fields)):
                if key is not None and key not in known:
                    errors.append((table, index, column_checks.FOREIGN_KEY, number))
    return errors


def _has_rows(data: Dataset, table: str) -> bool:
    # A table referenced by a foreign key must be present even when empty.
    return bool(data.tables[table]) or any(
        fk["reference"]["resource"] == table
        for name, rows in data.tables.items()
        if rows
        for fk in schema.tables()[name].get("foreignKeys", [])
    )


def _from_frictionless(
    data: Dataset, table: str, error: Any, indexes: list[int] | None = None
) -> Problem:
    """A frictionless error as a Problem; INDEXES maps the checked rows to the table's rows."""
    row_number = getattr(error, "row_number", None)
    index: int | None = None
    if row_number is not None:
        position = row_number - 2
        if indexes is not None:
            index = indexes[position] if 0 <= position < len(indexes) else None
        elif 0 <= position < len(data.sources[table]):
            index = position
    column = getattr(error, "field_name", None)
    names = getattr(error, "field_names", None) or []
    if column is None and names:
        column = names[0]
    return _schema_problem(data, table, index, error.type, column, error.note or "", error)


def _schema_problem(
    data: Dataset,
    table: str,
    index: int | None,
    kind: str,
    column: str | None,
    note: str,
    error: Any = None,
) -> Problem:
    """The Problem for a schema error of KIND on row INDEX of TABLE (None: the whole table)."""
    source: Source | None = None
    row: dict[str, Any] = {}
    if index is not None:
        source = data.sources[table][index]
        row = data.tables[table][index]
    value = row.get(column) if column else None
    label = schema.title(table, column) if column else schema.resource_title(table)
    if kind == "constraint-error" and "required" in note:
        code, message = "missing-field", f"{label} is required; add '{_yaml_key(table, column)}'"
    elif kind == "type-error":
        expected = schema.field(table, column).get("type") if column else "value"
        code, message = "type-error", _type_message(label, value, expected)
    elif kind == "constraint-error":
        code, message = "constraint-error", _constraint_message(table, column, label, value)
    elif kind in ("primary-key", "unique-error"):
        code = "duplicate-id"
        key = source.record_id if source else ""
        message = (
            f"duplicate {schema.resource_title(table)} ({key}); numbers and ids must be unique"
        )
    elif kind == "foreign-key":
        code = "unknown-reference"
        target = _reference(table, column)
        message = (
            f"{label} '{value}' is not a known {schema.resource_title(target)} ({target}.id); "
            "fix the code or add the missing record"
        )
    else:
        detail = error.message if error is not None else note
        code, message = kind, f"{schema.resource_title(table)}: {detail}"
    if source is None:
        return Problem(code, message, field=column)
    return Problem(
        code,
        message,
        source.path,
        source.line_of(column),
        column,
        _entry_id(table, row, source),
    )


def _yaml_key(table: str, column: str | None) -> str:
    """How COLUMN is written in a record file: `petitioner: {kind: ...}` or `title:`."""
    for node in records.nodes():
        if node.table == table:
            for group in node.groups:
                if column and column.startswith(f"{group}_"):
                    return f"{group}: {{{column.removeprefix(group + '_')}: ...}}"
    return f"{column}:"


def _reference(table: str, column: str | None) -> str:
    for fk in schema.tables()[table].get("foreignKeys", []):
        if fk["fields"] == [column]:
            return str(fk["reference"]["resource"])
    return "units"


def _type_message(label: str, value: Any, expected: Any) -> str:
    hints = {
        "date": "a real date written YYYY-MM-DD, e.g. 2026-03-12",
        "integer": "a whole number",
        "boolean": "true or false",
        "array": "a list, e.g. [dat-dai, moi-truong]",
    }
    hint = hints.get(str(expected), str(expected))
    return f"{label} is '{value}', which is not {hint}"


def _constraint_message(table: str, column: str | None, label: str, value: Any) -> str:
    if column is None:
        return f"{label}: invalid value '{value}'"
    constraints = schema.field(table, column).get("constraints", {})
    if "enum" in constraints:
        return f"{label} is '{value}'; use one of: {', '.join(constraints['enum'])}"
    if "pattern" in constraints:
        return f"{label} '{value}' is not in the expected form ({constraints['pattern']})"
    too_short = isinstance(value, list | str) and len(value) < constraints.get("minLength", 0)
    if too_short:
        return f"{label} is empty; give at least {constraints['minLength']}"
    if "maxLength" in constraints and isinstance(value, str):
        return f"{label} is {len(value)} characters long; keep it under {constraints['maxLength']}"
    bounds = [f"{k} {constraints[k]}" for k in ("minimum", "maximum") if k in constraints]
    return f"{label} is '{value}', outside the allowed range ({', '.join(bounds)})"


def _entry_id(table: str, row: dict[str, Any], source: Source) -> str:
    if row.get("id"):
        return str(row["id"])
    parent = row.get("petition_id") or row.get("conference_id") or row.get("plan_id")
    if parent and row.get("no"):
        return f"{parent}/{table}[{row['no']}]"
    return source.record_id


# -- cross-record rules -------------------------------------------------------------------------


def _problem(
    data: Dataset, table: str, index: int, code: str, message: str, column: str | None, **kw: Any
) -> Problem:
    source = data.sources[table][index]
    row = data.tables[table][index]
    return Problem(
        code,
        message,
        source.path,
        source.line_of(column),
        column,
        _entry_id(table, row, source),
        **kw,
    )


def check_references(data: Dataset, named_only: Collection[str] = ()) -> list[Problem]:
    """The references the schema cannot check, but in the rows of the tables NAMED_ONLY."""
    problems: list[Problem] = []
    unit_ids = {row["id"] for row in data.tables["units"]}
    profiles = _profiles(data.root)
    for table, columns in REFERENCE_COLUMNS.items():
        if table in named_only:
            continue
        for index, row in enumerate(data.tables[table]):
            for column in columns:
                value = row.get(column)
                if isinstance(value, str) and not SLUG_RE.match(value):
                    problems.append(
                        _problem(
                            data,
                            table,
                            index,
                            "unsafe-id",
                            f"{schema.title(table, column)} '{value}' is not a valid code: use "
                            "lower-case letters, digits and '-' only (no '/', '..' or spaces)",
                            column,
                        )
                    )
    for index, row in enumerate(() if "units" in named_only else data.tables["units"]):
        successor = row.get("successor")
        if isinstance(successor, str) and SLUG_RE.match(successor) and successor not in unit_ids:
            problems.append(
                _problem(
                    data,
                    "units",
                    index,
                    "unknown-reference",
                    f"successor unit '{successor}' does not exist; add content/units/"
                    f"{successor}.yaml or fix the code",
                    "successor",
                )
            )
        profile = row.get("profile")
        if row.get("level") in DIALOGUE_LEVELS and not profile:
            problems.append(
                _problem(
                    data,
                    "units",
                    index,
                    "missing-field",
                    "a unit that holds dialogues needs the rule profile that applies to it; "
                    "add 'profile:' with the name of a file in content/rules/",
                    "profile",
                )
            )
        elif (
            profiles is not None
            and isinstance(profile, str)
            and SLUG_RE.match(profile)
            and profile not in profiles
        ):
            problems.append(
                _problem(
                    data,
                    "units",
                    index,
                    "unknown-profile",
                    f"rule profile '{profile}' has no file content/rules/{profile}.yaml; "
                    f"use one of: {', '.join(sorted(profiles)) or '(none yet)'}",
                    "profile",
                )
            )
    plan_ids = {row["id"] for row in data.tables["plans"]}
    for index, row in enumerate(data.tables["conferences"]):
        plan_id = row.get("plan_id")
        if plan_id and plan_id not in plan_ids:
            problems.append(
                _problem(
                    data,
                    "conferences",
                    index,
                    "unknown-reference",
                    f"plan '{plan_id}' does not exist (plans are content/plans/<unit>/<year>-<head>"
                    ".yaml, id <unit>.<year>.<head>)",
                    "plan_id",
                )
            )
        fields = row.get("fields")
        allowed = schema.enum("petitions", "field")
        if isinstance(fields, list):
            for value in fields:
                if value not in allowed:
                    problems.append(
                        _problem(
                            data,
                            "conferences",
                            index,
                            "constraint-error",
                            f"field '{value}' is not known; use one of: {', '.join(allowed)}",
                            "fields",
                        )
                    )
        if row.get("outcome") == "khong-thanh" and not row.get("minutes_number"):
            problems.append(
                _problem(
                    data,
                    "conferences",
                    index,
                    "missing-minutes",
                    "a failed dialogue (outcome: khong-thanh) must have its minutes: add "
                    "'minutes: {number: ..., url: ...}'",
                    "outcome",
                )
            )
    levels = {row["id"]: row.get("level") for row in data.tables["units"]}
    for index, row in enumerate(data.tables["supervision"]):
        level = levels.get(row.get("by"))
        if level is not None and level != "to-chuc":
            problems.append(
                _problem(
                    data,
                    "supervision",
                    index,
                    "supervisor-level",
                    f"supervision by '{row['by']}', which is not a Fatherland Front or mass "
                    "organisation (level to-chuc); check the code",
                    "by",
                    severity=WARNING,
                )
            )
    for index, row in enumerate(data.tables["petitions"]):
        if row.get("within_authority") is False and not row.get("forwarded_to"):
            problems.append(
                _problem(
                    data,
                    "petitions",
                    index,
                    "forwarded-to-missing",
                    "a petition outside the chair's authority should say where it was forwarded; "
                    "add 'forwarded_to:'",
                    "within_authority",
                    severity=WARNING,
                )
            )
    return problems


def _profiles(root: Path) -> set[str] | None:
    folder = Path(root) / "content" / "rules"
    if not folder.is_dir():
        return None
    return {p.stem for p in folder.glob("*.yaml")}


def _date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None  # reported as a type-error by the schema check


def check_chronology(data: Dataset, as_of: date, named_only: Collection[str] = ()) -> list[Problem]:
    """Dates in order and none after AS_OF, but in the rows of the tables NAMED_ONLY."""
    problems: list[Problem] = []

    def order(table: str, index: int, earlier: Any, later: Any, column: str, what: str) -> None:
        first, second = _date(earlier), _date(later)
        if first is not None and second is not None and second < first:
            problems.append(
                _problem(
                    data,
                    table,
                    index,
                    "chronology",
                    f"{schema.title(table, column)} {second.isoformat()} is before {what} "
                    f"{first.isoformat()}; check the dates",
                    column,
                )
            )

    # Nothing that happened may be dated after as-of (planned conferences are plans, not facts).
    for table, rows in data.tables.items():
        if table == "planned_conferences" or table in named_only:
            continue
        date_columns = [f["name"] for f in schema.tables()[table]["fields"] if f["type"] == "date"]
        date_columns = [c for c in date_columns if c not in ("valid_from", "valid_to", "due_on")]
        for index, row in enumerate(rows):
            for column in date_columns:
                value = _date(row.get(column))
                if value is not None and value > as_of:
                    problems.append(
                        _problem(
                            data,
                            table,
                            index,
                            "future-date",
                            f"{schema.title(table, column)} {value.isoformat()} is after "
                            f"{as_of.isoformat()} (the as-of date); record events once they happen",
                            column,
                        )
                    )

    conferences = data.index("conferences")
    units = data.index("units")
    for index, row in enumerate(data.tables["conferences"]):
        order(
            "conferences",
            index,
            row.get("invited_on"),
            row.get("held_on"),
            "held_on",
            "the invitation date",
        )
        unit = units.get(row.get("unit"))
        held = _date(row.get("held_on"))
        if unit is not None and held is not None:
            start, end = _date(unit.get("valid_from")), _date(unit.get("valid_to"))
            if (start and held < start) or (end and held > end):
                problems.append(
                    _problem(
                        data,
                        "conferences",
                        index,
                        "unit-inactive",
                        f"{unit['id']} did not exist on {held.isoformat()} (valid "
                        f"{start or '…'} to {end or '…'}); record it under the unit of that time",
                        "held_on",
                    )
                )
    for index, row in enumerate(data.tables["notices"]):
        held = conferences.get(row.get("conference_id"), {}).get("held_on")
        order("notices", index, held, row.get("issued_on"), "issued_on", "the conference")
        order(
            "notices",
            index,
            row.get("issued_on"),
            row.get("sent_up_on"),
            "sent_up_on",
            "the notice's issue date",
        )
    for table in ("corrections",):
        for index, row in enumerate(data.tables[table]):
            held = conferences.get(row.get("conference_id"), {}).get("held_on")
            order(table, index, held, row.get("date"), "date", "the conference")

    petitions = data.index("petitions")
    first_assignment: dict[str, Any] = {}
    for index, row in enumerate(data.tables["assignments"]):
        petition = petitions.get(row.get("petition_id"), {})
        held = conferences.get(petition.get("conference_id"), {}).get("held_on")
        order("assignments", index, held, row.get("assigned_on"), "assigned_on", "the conference")
        order(
            "assignments",
            index,
            row.get("assigned_on"),
            row.get("due_on"),
            "due_on",
            "the assignment",
        )
        first_assignment.setdefault(row.get("petition_id"), row.get("assigned_on"))
    previous: dict[str, Any] = {}
    for index, row in enumerate(data.tables["updates"]):
        pid = row.get("petition_id")
        petition = petitions.get(pid, {})
        held = conferences.get(petition.get("conference_id"), {}).get("held_on")
        if pid in first_assignment:
            order(
                "updates",
                index,
                first_assignment[pid],
                row.get("date"),
                "date",
                "the petition's assignment",
            )
        else:
            order("updates", index, held, row.get("date"), "date", "the conference")
        if pid in previous:
            order("updates", index, previous[pid], row.get("date"), "date", "the previous update")
        previous[pid] = row.get("date")
    for index, row in enumerate(data.tables["supervision"]):
        petition = petitions.get(row.get("petition_id"), {})
        held = conferences.get(petition.get("conference_id"), {}).get("held_on")
        order("supervision", index, held, row.get("date"), "date", "the conference")
    for index, row in enumerate(data.tables["petitions"]):
        held = _date(conferences.get(row.get("conference_id"), {}).get("held_on"))
        received = _date(row.get("received_on"))
        if held is not None and received is not None and received > held:
            problems.append(
                _problem(
                    data,
                    "petitions",
                    index,
                    "chronology",
                    f"received on {received.isoformat()}, after the conference of "
                    f"{held.isoformat()}; petitions raised at the conference need no received_on",
                    "received_on",
                )
            )
    for index, row in enumerate(data.tables["plans"]):
        year = row.get("year")
        registered = _date(row.get("registered_on"))
        if isinstance(year, int) and registered is not None and registered.year > year:
            problems.append(
                _problem(
                    data,
                    "plans",
                    index,
                    "chronology",
                    f"the {year} plan is registered on {registered.isoformat()}, after its year",
                    "registered_on",
                )
            )
    return problems
