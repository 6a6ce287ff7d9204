"""What a build can reuse: content keys, the parts cache and the provinces built side by side.

Keys are BLAKE2b hashes of everything an output depends on:

- the code: every module of the `danbiet` package, the templates, `schemas/datapackage.json`,
  `mkdocs.yml` and the versions of Python and of the libraries that write pages;
- the options: as-of day, site and repository URLs, strict mode, Git or not;
- the records: the digest of every file's bytes (`danbiet.digests`);
- the history: for each file, the commits of the ledger that touched it.

A province's part is kept in `.danbiet-cache/parts/<province>-<key>/` and used again while its
key is the same; the folder is safe to delete (the next build rebuilds what is missing). A
province whose key changed is built again, but takes from its part of the last build of the
same output folder every page, feed and open-data table made of the same values with the same
code (`danbiet.reuse`), also when the output folder is replaced whole: after a change of the
site's code, templates or mkdocs.yml, which the open-data tables do not depend on (their salt
is `code_key(site=False)`), every table is taken; after another as-of day, every page and
table whose values did not move. The theme's page around record pages is kept as
`.danbiet-cache/shell-<code key>.json` (`shell.cached_shell`). When the key of the whole
build (every file, HEAD, code, options) is the one of the last build of the same output
folder and that folder was not replaced since, nothing is done at all. When that build read
exactly the record files of the commit checked out, and git finds nothing under content/
that differs from it, the files are not even listed (`danbiet.committed`).

When only some provinces changed (at most half), the output folder is updated in place rather
than replaced: the merge writes its own files (editorial pages, indexes, open data) and the
changed provinces' files into a staging folder, and these are moved over the output folder,
whose files of removed pages are deleted. The files of unchanged provinces, tens of thousands,
stay where they are. The state file (`builds.json`) records each province's part folder and the
merge's own files; it is cleared before the first file moves, so a build stopped half-way
leaves no state and the next build replaces the whole folder. The result is the same bytes as
a full build (tested), but for the SQLite database of the open data: the last one, copied, with
the changed provinces' rows replaced and its full-text indexes updated, instead of joining every
province's rows and indexing them again. It holds the same rows with the same rowids and its
indexes the same terms (tested); its bytes, and so its size and checksum in SHA256SUMS and on
the open-data page, differ from a database joined whole. A national CSV or JSON file none of
whose rows changed (the changed provinces' fragments of it are the same bytes) is the last
one, linked, not written and hashed again. The state records these files (inode, size, time;
for CSV and JSON their sha256 and CRC-32) and the database's size when last joined whole: any
other file is written again, and a database SQLite cannot update, or one grown by more than
`DATABASE_GROWTH`, joined whole again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from danbiet import mentions
from danbiet.cache import CACHE_DIR
from danbiet.cache import PREFIX as RECORDS_PREFIX
from danbiet.committed import SameAsCommit, unchanged_since_commit
from danbiet.digests import file_digests
from danbiet.export import SQLITE, git_commit
from danbiet.export.fragments import Copying, Earlier, FragmentError
from danbiet.ledger import TEMPORARY_PREFIX as LEDGER_TEMPORARY
from danbiet.loader import discover
from danbiet.problems import Report
from danbiet.shards import Split, split
from danbiet.site.build import (
    MKDOCS_YML,
    REPO,
    TEMPLATES,
    BuildError,
    BuildResult,
    data_time,
    ledger_of,
    remove,
    swap,
    sweep,
)
from danbiet.site.merge import OPEN_DATA
from danbiet.site.parts import (
    PART,
    SITE,
    TABLES,
    PartError,
    build_part,
    merged_report,
    read_part,
)
from danbiet.site.shell import CACHE_PREFIX as SHELL_PREFIX

PARTS = "parts"
STATE = "builds.json"
# The temporary files the caches of CACHE_DIR are written to before they are renamed into
# place; a process killed in between leaves one behind.
TEMPORARY = (
    f".{RECORDS_PREFIX}",
    LEDGER_TEMPORARY,
    f".{mentions.INDEX}-",
    f".{STATE}.",
    f".{SHELL_PREFIX}",
)
LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "Jinja2",
    "MarkupSafe",
    "Markdown",
    "feedgen",
    "icalendar",
    "sqlite-utils",
    "PyYAML",
    "holidays",
)


@lru_cache(maxsize=2)
def code_key(site: bool = True) -> str:
    """The hash of the code, templates, schemas and libraries that make the site; without
    SITE, of what makes the open data's rows into files: every module but those of
    `danbiet.site` (which only hand the rows over), without the templates and mkdocs.yml."""
    import danbiet

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"python {sys.version}\n".encode())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name} {version}\n".encode())
    package = Path(danbiet.__file__).resolve().parent
    sources = sorted(package.rglob("*.py"))
    if site:
        sources += [*sorted(TEMPLATES.rglob("*")), MKDOCS_YML]
    else:
        sources = [path for path in sources if path.parent != package / "site"]
    sources.append(REPO / "schemas" / "datapackage.json")
    for path in sources:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"\n-- {path.relative_to(path.anchor)}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _hash(*parts: Any) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(json.dumps(part, sort_keys=True, ensure_ascii=True).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def site_config(strict: bool = True) -> Any:
    """mkdocs.yml, loaded (its docs and site folders are set when the merge builds)."""
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory() as docs:
        return load_config(str(MKDOCS_YML), docs_dir=docs, strict=strict)


def urls(config: Any) -> tuple[str, str | None]:
    site_url = (config["site_url"] or "https://danbiet.example.vn/").rstrip("/") + "/"
    return site_url, config["repo_url"]


def history_digest(ledger: Any, rels: list[str]) -> str:
    """The commits that touched RELS, as the ledger read them."""
    if ledger is None:
        return "no-ledger"
    text = "".join(f"{rel}{ledger.commits_line(rel)}\n" for rel in rels)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def shard_keys(
    plan: Split,
    digests: dict[str, str],
    ledger: Any,
    notes: list[str],
    options: dict[str, Any],
) -> dict[str, str]:
    """Each shard's key: its files, the shared and unit files, their history, code, options."""
    common = sorted(plan.shared + plan.units)
    shared = _hash(
        code_key(),
        options,
        notes,
        [(rel, digests.get(rel)) for rel in common],
        history_digest(ledger, common),
    )
    keys = {}
    for shard in plan.names():
        own = sorted(plan.shards[shard])
        keys[shard] = _hash(
            shared, shard, [(rel, digests.get(rel)) for rel in own], history_digest(ledger, own)
        )
    return keys


# -- building the parts -----------------------------------------------------------------------

_JOB: dict[str, Any] = {}  # what forked workers inherit: set before the pool starts


def _build_one(shard: str, dest: Path) -> bool:
    job = _JOB
    temp = dest.with_name(f".{dest.name}-{os.getpid()}")
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir(parents=True)
    try:
        valid = build_part(
            job["root"],
            job["plan"],
            shard,
            job["as_of"],
            job["ledger"],
            job["notes"],
            job["shell"](),
            job["site_url"],
            job["repo_url"],
            temp,
            job["keys"][shard],
            beside=job.get("alone", False),
            salt=job["salt"],
            tables_salt=job["tables_salt"],
            previous=job.get("previous", {}).get(shard),
        )
        shutil.rmtree(dest, ignore_errors=True)
        temp.rename(dest)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return valid


def build_parts(todo: dict[str, Path], jobs: int | None, job: dict[str, Any]) -> None:
    """Build each shard of TODO into its folder, on up to JOBS processes (default: every CPU)."""
    _JOB.clear()
    _JOB.update(job)
    shell: dict[str, Any] = {}

    def get_shell() -> Any:
        if "shell" not in shell:
            from danbiet.site.shell import cached_shell

            shell["shell"] = cached_shell(MKDOCS_YML, job["root"] / CACHE_DIR, code_key())
        return shell["shell"]

    _JOB["shell"] = get_shell
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1:
        # One part, and more than one process allowed: its open data beside its pages.
        _JOB["alone"] = len(todo) == 1 and jobs != 1
        for shard, dest in todo.items():
            _build_one(shard, dest)
        return
    get_shell()  # once, before the workers fork
    import multiprocessing

    context = multiprocessing.get_context("fork")
    # The largest shards first, so that no worker is left with a large one while the others
    # have nothing to do (provinces differ threefold in size).
    shards = job["plan"].shards
    order = sorted(todo, key=lambda shard: (-len(shards.get(shard, ())), shard))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_build_one, shard, todo[shard]) for shard in order]
        for future in futures:
            future.result()


# -- the whole build --------------------------------------------------------------------------


def _options(
    as_of: date, site_url: str, repo_url: str | None, strict: bool, use_git: bool
) -> dict[str, Any]:
    return {
        "as_of": as_of.isoformat(),
        "site_url": site_url,
        "repo_url": repo_url,
        "strict": strict,
        "git": use_git,
    }


def _state_file(root: Path) -> Path:
    return root / CACHE_DIR / STATE


def _folder_stamp(out: Path) -> list[int] | None:
    return _stamp(out, "st_ino", "st_mtime_ns", "st_ctime_ns")


def _file_stamp(path: Path) -> list[int] | None:
    return _stamp(path, "st_ino", "st_size", "st_mtime_ns")


def _stamp(path: Path, *fields: str) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [getattr(info, name) for name in fields]


def _read_state(root: Path) -> dict[str, Any]:
    try:
        state = json.loads(_state_file(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _write_state(root: Path, out: Path, entry: dict[str, Any]) -> None:
    state = _read_state(root)
    state[str(out)] = entry
    path = _state_file(root)
    with contextlib.suppress(OSError):
        path.parent.mkdir(exist_ok=True)
        temp = path.with_name(f".{STATE}.{os.getpid()}")
        temp.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temp, path)


def build(
    root: Path,
    out: Path,
    as_of: date,
    strict: bool,
    use_git: bool,
    jobs: int | None,
    background: bool = False,
) -> BuildResult:
    config = site_config(strict)
    site_url, repo_url = urls(config)
    options = _options(as_of, site_url, repo_url, strict, use_git)
    commit = git_commit(root)
    # the key of a build from the records of COMMIT, all of them and no other
    committed = _hash(code_key(), options, commit, "content of the commit") if commit else None
    last = _read_state(root).get(str(out))  # the last build of OUT, if any
    previous = last if isinstance(last, dict) else None
    if previous is not None and previous.get("stamp") != _folder_stamp(out):
        previous = None  # OUT is not what that build left: no update in place
    if (
        previous is not None
        and committed is not None
        and previous.get("committed") == committed
        and unchanged_since_commit(root)
    ):
        return _unchanged(out, previous, by_git=True)
    discovered = discover(root)
    blobs: dict[str, str | None] = {}
    digests = file_digests(root, discovered[0], blobs)
    same = SameAsCommit(root, commit) if commit and not discovered[1] else None
    head = commit if use_git else None
    overall = _hash(code_key(), options, head, sorted(digests.items()), discovered[1] != [])
    if previous is not None and previous.get("key") == overall:
        if same is not None and same.result(blobs):  # a commit: so `committed` is known
            _write_state(root, out, previous | {"committed": committed})
        return _unchanged(out, previous)

    plan = Plan(root, as_of, strict, use_git, (config, discovered, digests))
    keys = plan.keys
    parts_dir = root / CACHE_DIR / PARTS
    folders = {shard: parts_dir / f"{shard}-{keys[shard]}" for shard in plan.split.names()}
    # a part folder appears (renamed into place) only once complete; its name holds its key
    todo = {s: f for s, f in folders.items() if not (f / PART).is_file()}
    parts_dir.mkdir(parents=True, exist_ok=True)
    # What killed builds or removals left long ago (hidden in the parts folder: parts being
    # written, trash; beside OUT: staging folders, old sites), before this build makes trash
    # of its own: a folder renamed into the trash keeps its old time.
    sweep(parts_dir, (".",), background)
    sweep(out.parent, (f".{out.name}-building-", f".{out.name}-previous-trash-"), background)
    sweep(root / CACHE_DIR, TEMPORARY, background, files=True)
    update = _updatable(previous, out, folders, parts_dir)
    # A province built again takes what did not change from its part of the last build of OUT,
    # even when OUT is replaced whole (a change of code or templates, another as-of day): its
    # open-data tables when only the site's code changed, pages and feeds of the same values.
    # The parts of any other build are removed now rather than after the merge, to make room.
    earlier_parts = _last_parts(last, parts_dir)
    _prune(parts_dir, [*folders.values(), *earlier_parts.values()], background)
    if update is not None and update.database:  # copied while the parts are built
        update.database_copy = Copying(
            out / OPEN_DATA / SQLITE, out.parent, f".{out.name}-building-"
        )
    indexing: Future[str] | None = None
    job = plan.job()
    job["previous"] = {s: earlier_parts[s] for s in todo if s in earlier_parts}
    try:
        build_parts(todo, jobs, job)
        if use_git:  # the index pull requests read (`danbiet.mentions`), updated beside the merge
            pool = ThreadPoolExecutor(1)
            indexing = pool.submit(mentions.update, root)
            pool.shutdown(wait=False)  # the thread ends with the task
        merge = (root, list(folders.items()), out, as_of, strict, plan.ledger, background, config)
        try:
            result = merge_parts(*merge, update=update)
        except InPlaceError:  # a file of the output folder was in the way: replace it all
            result = merge_parts(*merge)
    finally:
        if update is not None and update.database_copy is not None:
            update.database_copy.discard()
    result.built_parts = sorted(todo)
    _prune(parts_dir, list(folders.values()), background)
    database = _file_stamp(out / OPEN_DATA / SQLITE)
    # its size when last joined whole (an update implies a previous state: `_updatable`)
    if result.database_updated:
        joined = previous.get("database_joined")
    else:
        joined = database[1] if database else None
    _write_state(
        root,
        out,
        {
            "key": overall,
            "committed": committed if same is not None and same.result(blobs) else None,
            "stamp": _folder_stamp(out),
            "pages": result.pages,
            "notes": result.notes,
            "stats": result.report.stats,
            "parts": {shard: folder.name for shard, folder in folders.items()},
            "own_files": result.own_files,
            "database": database,
            "database_joined": joined,
            "national_files": {
                name: [*stamp, *known]
                for name, known in result.national_files.items()
                if (stamp := _file_stamp(out / OPEN_DATA / name))
            },
        },
    )
    if indexing is not None:
        result.mentions = indexing.result()
    return result


def _last_parts(last: Any, parts_dir: Path) -> dict[str, Path]:
    """The complete part folders of LAST (a build's entry in the state file) by shard."""
    names = last.get("parts") if isinstance(last, dict) else None
    if not isinstance(names, dict):
        return {}
    found = {str(shard): parts_dir / str(name) for shard, name in names.items()}
    return {shard: folder for shard, folder in found.items() if (folder / PART).is_file()}


def _unchanged(out: Path, previous: dict[str, Any], by_git: bool = False) -> BuildResult:
    """The last build of OUT (PREVIOUS, from the state file), kept: nothing changed since."""
    report = Report(stats=dict(previous.get("stats", {})))
    pages, notes = previous["pages"], previous["notes"]
    return BuildResult(out, pages, report, notes, reused=True, unchanged_by_git=by_git)


# An updated database keeps what SQLite and its full-text indexes cannot reuse at once (pages
# half full, deleted entries merged away later): about 1.4 % more per province replaced on a
# national year. Past a quarter more than its size when joined whole, it is joined whole again.
DATABASE_GROWTH = 1.25


class InPlaceError(Exception):
    """The output folder could not be updated in place (it was left without a build state)."""


@dataclass
class Update:
    """The output folder's last build, to update it in place: its part folders by shard and the
    files the merge wrote itself."""

    parts: dict[str, Path]
    own_files: list[str]
    # its open data to start from (`danbiet.export.fragments.Earlier`): whether its database
    # may be updated, the national CSV and JSON files as that build left them (size, sha256,
    # CRC-32); None when the shards are not the same
    database: bool = False
    national_files: dict[str, tuple[int, str, int]] | None = None
    database_copy: Copying | None = None  # its database, being copied


def _updatable(
    previous: Any, out: Path, folders: dict[str, Path], parts_dir: Path
) -> Update | None:
    """How to update OUT in place from its last build (PREVIOUS, from the state file), or None
    when it must be replaced: no state for it, the folder changed since, a part of that build
    gone from the cache, or more than half of the provinces changed."""
    if not isinstance(previous, dict) or previous.get("stamp") != _folder_stamp(out):
        return None
    names, own_files = previous.get("parts"), previous.get("own_files")
    if not isinstance(names, dict) or not isinstance(own_files, list):
        return None
    parts = {str(shard): parts_dir / str(name) for shard, name in names.items()}
    changed = [s for s in {*parts, *folders} if parts.get(s) != folders.get(s)]
    if len(changed) * 2 > len(folders):
        return None
    for shard in changed:
        old = parts.get(shard)
        if old is not None and not (old / PART).is_file():
            return None  # its files in OUT are not known any more
    update = Update(parts, [str(rel) for rel in own_files])
    if set(parts) != set(folders):
        return update
    # Its open data is the start of this build's if it was made from the same provinces: the
    # national files that are still those that build wrote, and its SQLite database if it has
    # not grown by more than DATABASE_GROWTH since it was last joined whole.
    national = previous.get("national_files")
    update.national_files = {}
    for name, known in (national if isinstance(national, dict) else {}).items():
        intact = isinstance(known, list) and len(known) == 6
        if intact and known[:3] == _file_stamp(out / OPEN_DATA / name):
            update.national_files[str(name)] = (known[1], known[4], known[5])
    stamp, joined = previous.get("database"), previous.get("database_joined")
    update.database = (
        stamp is not None
        and stamp == _file_stamp(out / OPEN_DATA / SQLITE)
        and isinstance(joined, int)
        and stamp[1] <= joined * DATABASE_GROWTH
    )
    return update


def merge_parts(
    root: Path,
    parts: list[tuple[str, Path]],
    out: Path,
    as_of: date,
    strict: bool = True,
    ledger: Any = None,
    background: bool = False,
    config: Any = None,
    update: Update | None = None,
) -> BuildResult:
    """Join PARTS ((shard, folder)) into OUT; BuildError when a part holds errors. CONFIG: the
    mkdocs configuration (`site_config`), when already loaded. UPDATE: OUT's last build, to
    update OUT in place rather than replace it (InPlaceError if that failed half-way)."""
    from danbiet.site.merge import merge_into

    parts = sorted(parts)
    present = frozenset(s for s, f in parts if update is not None and update.parts.get(s) == f)
    # The changed parts first: when they hold no errors, the database is updated from them
    # (the longest task of the merge) on a thread from now on, while the others are read.
    changed = {shard: read_part(folder, shard) for shard, folder in parts if shard not in present}
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    earlier = None
    try:
        if all(part.get("valid") for part in changed.values()):
            earlier = _earlier(update, parts, present, out)
        if earlier is not None:
            earlier = earlier.started([f / TABLES for _, f in parts], staging / SQLITE)
        loaded = [changed.get(shard) or read_part(folder, shard) for shard, folder in parts]
        report = merged_report(loaded)
        if not report.valid:
            raise BuildError("the records have errors; run `danbiet validate` to see them", report)
        config = config if config is not None else site_config(strict)
        created = data_time(ledger, as_of)
        try:
            merged = merge_into(
                root, parts, loaded, staging, as_of, config, ledger, created, present, earlier
            )
        except FragmentError as exc:
            raise BuildError(
                f"{exc}; build that part again (`danbiet build --shard`), or delete "
                f"{CACHE_DIR}/{PARTS}/ and build once more"
            ) from None
        if update is None:
            swap(staging / "site", out, background)
        else:
            try:
                stale = _old_files(update, present)
            except PartError as exc:
                raise InPlaceError(str(exc)) from exc
            _write_state(root, out, {})  # until the update is complete
            _move_over(staging / "site", out, stale, staging / "replaced")
    except BaseException:
        _stopped(earlier)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _stopped(earlier)
    remove(staging, background)  # with the large files the update replaced, if any
    result = BuildResult(out, merged.pages, report, merged.notes, own_files=merged.own_files)
    result.in_place = update is not None
    result.database_updated = merged.database_updated
    result.national_files = merged.national
    return result


def _stopped(earlier: Earlier | None) -> None:
    """Wait until EARLIER's database, if started early, is no longer written (it is in the
    merge's staging folder, to be removed)."""
    if earlier is not None and earlier.early is not None:
        earlier.early.wait()


def _earlier(
    update: Update | None, parts: list[tuple[str, Path]], present: frozenset[str], out: Path
) -> Earlier | None:
    """The open data of OUT's last build, for the merge to start from (`Earlier`)."""
    if update is None or update.national_files is None:
        return None
    changed = {
        position: update.parts[shard] / TABLES
        for position, (shard, _) in enumerate(parts)
        if shard not in present
    }
    return Earlier(
        out / OPEN_DATA,
        changed,
        database=update.database,
        database_copy=update.database_copy,
        files=update.national_files,
    )


def _old_files(update: Update, present: frozenset[str]) -> set[str]:
    """The files of the output folder's last build that this build may not write again: the
    merge's own and those of the provinces that changed (or are gone)."""
    from danbiet.site.merge import files_under

    old = set(update.own_files)
    for shard, folder in update.parts.items():
        if shard not in present:
            old.update(files_under(folder / SITE))
            conference_files = read_part(folder, shard).get("conference_files", {})
            old.update(f"du-lieu/{rel}" for rel in conference_files)
    return old


def _move_over(new: Path, out: Path, old: set[str], replaced: Path) -> None:
    """Move every file under NEW to the same place under OUT (replacing what is there), then
    delete the files of OLD that NEW did not have, and the folders they leave empty. The
    national open-data files OUT had are moved into the new folder REPLACED first: ext4
    writes out a file renamed over another, and frees the other's blocks, before the rename
    returns (0.2-0.4 s for the database of a national year); REPLACED is removed later."""
    from danbiet.site.merge import OPEN_DATA, files_under

    written = files_under(new)
    made: set[str] = set()
    try:
        replaced.mkdir()
        for rel in written:
            parent = os.path.dirname(rel)
            if parent not in made:
                os.makedirs(os.path.join(out, parent), exist_ok=True)
                made.add(parent)
            target = os.path.join(out, rel)
            if parent == OPEN_DATA:
                with contextlib.suppress(FileNotFoundError):
                    os.rename(target, os.path.join(replaced, os.path.basename(rel)))
            os.replace(os.path.join(new, rel), target)
        for rel in sorted(old.difference(written), reverse=True):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(out, rel))
            parent = os.path.dirname(rel)
            while parent and parent not in made:
                try:
                    os.rmdir(os.path.join(out, parent))  # only if empty
                except OSError:
                    break
                parent = os.path.dirname(parent)
    except OSError as exc:
        raise InPlaceError(f"{out}: {exc}") from exc


def _prune(parts_dir: Path, keep: list[Path], background: bool) -> None:
    """Remove the part folders but those of KEEP (earlier keys, provinces that are gone)."""
    wanted = {folder.name for folder in keep}
    for folder in parts_dir.iterdir():
        if folder.name not in wanted and not folder.name.startswith("."):
            remove(folder, background)


# -- building on several machines -------------------------------------------------------------


class Plan:
    """Everything a shard or a merge needs to know before building: shards and their keys."""

    def __init__(
        self,
        root: Path,
        as_of: date,
        strict: bool,
        use_git: bool,
        known: tuple[Any, Any, dict[str, str]] | None = None,
    ) -> None:
        """KNOWN: the mkdocs configuration, `discover(root)` and `file_digests`, if at hand."""
        if known is None:
            config = site_config(strict)
            discovered = discover(root)
            known = (config, discovered, file_digests(root, discovered[0]))
        config, discovered, digests = known
        self.site_url, self.repo_url = urls(config)
        options = _options(as_of, self.site_url, self.repo_url, strict, use_git)
        self.ledger, self.notes = ledger_of(root) if use_git else (None, [])
        self.split = split(root, discovered)
        self.keys = shard_keys(self.split, digests, self.ledger, self.notes, options)
        # what a part's files are made of besides the values they show (`danbiet.reuse`):
        # its pages and feeds, and its open-data tables (which a change of the site's code
        # or templates leaves as they are)
        shown = {k: v for k, v in options.items() if k != "as_of"}
        self.salt = _hash(code_key(), shown)
        self.tables_salt = _hash(code_key(site=False), shown)
        self.root, self.as_of, self.strict = root, as_of, strict

    def job(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "plan": self.split,
            "as_of": self.as_of,
            "ledger": self.ledger,
            "notes": self.notes,
            "keys": self.keys,
            "site_url": self.site_url,
            "repo_url": self.repo_url,
            "salt": self.salt,
            "tables_salt": self.tables_salt,
        }


def list_shards(root: Path) -> list[str]:
    return split(root).names()


def build_shard(
    root: Path, shard: str, parts_dir: Path, as_of: date, strict: bool, use_git: bool
) -> bool:
    """Build SHARD's part into PARTS_DIR/SHARD; False when its records have errors."""
    plan = Plan(root, as_of, strict, use_git)
    if shard not in plan.keys:
        known = ", ".join(plan.split.names()) or "none"
        raise BuildError(f"there is no province {shard!r} in the records (provinces: {known})")
    dest = parts_dir / shard
    build_parts({shard: dest}, None, plan.job())
    return read_part(dest, shard)["valid"]


def merge_dir(
    root: Path,
    parts_dir: Path,
    out: Path,
    as_of: date,
    strict: bool,
    use_git: bool,
    background: bool = False,
) -> BuildResult:
    """Join the parts in PARTS_DIR (one folder per province, from `build_shard`) into OUT.

    Every province of the records must have its part, built from the same records, history,
    code and options (the keys must match); otherwise nothing is written.
    """
    plan = Plan(root, as_of, strict, use_git)
    parts = []
    for shard, key in plan.keys.items():
        folder = parts_dir / shard
        try:
            part_key = read_part(folder, shard).get("key")
        except Exception as exc:  # noqa: BLE001
            raise BuildError(
                f"{folder}: missing or unreadable part of province {shard} ({exc}); run "
                f"`danbiet build --shard {shard} --out {parts_dir}` with the same records"
            ) from None
        if part_key != key:
            raise BuildError(
                f"{folder}: this part was built from other records, history, code or options "
                f"than these; build it again with `danbiet build --shard {shard}`"
            )
        parts.append((shard, folder))
    extra = sorted(
        p.name
        for p in parts_dir.iterdir()
        if p.is_dir() and p.name not in plan.keys and not p.name.startswith(".")
    )
    if extra:
        raise BuildError(
            f"{parts_dir}: parts of provinces that are not in the records: {', '.join(extra)}"
        )
    result = merge_parts(root, parts, out, as_of, strict, plan.ledger, background)
    if use_git:
        result.mentions = mentions.update(root)
    return result
