"""Join the parts of the site (`danbiet.site.parts`, one per province) into the site.

The merge renders what spans provinces: the editorial pages (built by mkdocs-material with
their national figures and lists), the site-wide feed, the calendar of planned dialogues, the
search and explorer indexes, the sitemap and the open data (every table of every province,
written once). Record pages are linked (or copied) from the parts as they are.

Parts are joined in the order of their names, whoever built them and wherever, so the merged
site is the same bytes as a single-machine build.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from danbiet.site.parts import SEARCH, SITE, TABLES, deflated_conferences, json_list_items

OPEN_DATA = "du-lieu"  # the site's folder of the open data


@dataclass
class Merged:
    pages: int
    notes: list[str]
    own_files: list[str]  # the files the merge itself wrote (not a part's), relative to the site
    database_updated: bool = False  # the SQLite database is EARLIER's updated
    # the national CSV and JSON files (relative to the open data): size, sha256, CRC-32
    national: dict[str, tuple[int, str, int]] = field(default_factory=dict)


def merge_into(
    root: Path,
    parts: list[tuple[str, Path]],
    loaded: list[dict[str, Any]],
    staging: Path,
    as_of: date,
    config: Any,
    ledger: Any,
    created: datetime,
    present: frozenset[str] = frozenset(),
    earlier: Any = None,
) -> Merged:
    """Build the site from PARTS ((shard, folder), sorted by shard; LOADED: their part.json)
    into STAGING/site.

    The files of the shards in PRESENT are already in the site being updated (the same part
    folders as its last build): they are left out of STAGING/site, which then holds what
    changed, to be moved over the site (`danbiet.site.incremental`). EARLIER: the open data
    of the site being updated, made from parts of the same shards, to start from
    (`danbiet.export.fragments.Earlier`)."""
    from danbiet.export import CONFERENCES, git_commit, write_export
    from danbiet.rules import load_profiles
    from danbiet.site import feeds, pages, search, sitemap
    from danbiet.site.build import TEMPLATES, markdown_environment
    from danbiet.workdays import Calendar

    profiles = load_profiles(root)
    workdays = Calendar.load(root / "content" / "calendar")
    site_url = (config["site_url"] or "https://danbiet.example.vn/").rstrip("/") + "/"
    md_env = markdown_environment()
    docs, built = staging / "docs", staging / "site"
    (docs / "assets").mkdir(parents=True)
    for asset in ("danbiet.css", "danbiet.js"):
        shutil.copy(TEMPLATES / "assets" / asset, docs / "assets" / asset)
    count = 0
    summaries = [part["summary"] for part in loaded]
    for name, context in pages.contexts(summaries, as_of, profiles, workdays).items():
        template = md_env.get_template(f"pages/{name.removesuffix('/index')}.md.j2")
        target = docs / f"{name}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.render(**context), encoding="utf-8")
        count += 1
    newest = [[feeds.entry_from_json(e) for e in part["feed"]] for part in loaded]
    (docs / feeds.FEED).write_bytes(feeds.site_feed(newest, site_url, as_of))
    events = [event for part in loaded for event in part["events"]]
    (docs / feeds.CALENDAR).write_bytes(feeds.icalendar(events, as_of))

    # The open data is written beside the docs; mkdocs sees empty files of the same names (its
    # link checks need them) and the real files replace them once mkdocs is done.
    def conferences(export_staging: Path) -> dict[str, tuple[int, str]]:
        written: dict[str, tuple[int, str]] = {}
        (export_staging / CONFERENCES).mkdir(exist_ok=True)
        for (shard, folder), part in zip(parts, loaded, strict=True):
            for rel, (size, digest) in part["conference_files"].items():
                if shard not in present:
                    _link(str(folder / rel), str(export_staging / rel))
                written[rel] = (size, digest)
        return written

    exported = write_export(
        staging / OPEN_DATA,
        [folder / TABLES for _, folder in parts],
        profiles,
        as_of,
        commit=git_commit(root),
        conferences=conferences,
        created=created,
        published=ledger is not None,
        deflated={
            rel: member
            for (_, folder), part in zip(parts, loaded, strict=True)
            for rel, member in deflated_conferences(folder, part).items()
        },
        earlier=earlier,
    )
    for item in exported.files:
        if not item.path.startswith(f"{CONFERENCES}/"):
            (docs / OPEN_DATA / item.path).parent.mkdir(parents=True, exist_ok=True)
            (docs / OPEN_DATA / item.path).write_bytes(b"")
    page = md_env.get_template("pages/du-lieu.md.j2")
    (docs / OPEN_DATA / "index.md").write_text(
        page.render(**pages.open_data_context(exported)), encoding="utf-8"
    )
    count += 1
    _mkdocs(config, docs, built)
    editorial = sitemap.editorial_pages(built)
    for item in exported.files:
        if not item.path.startswith(f"{CONFERENCES}/"):
            # onto a free name: ext4 writes a file renamed over another out first (0.25 s
            # for the database of a national year)
            (built / OPEN_DATA / item.path).unlink(missing_ok=True)
            os.rename(staging / OPEN_DATA / item.path, built / OPEN_DATA / item.path)
    own_files = [*files_under(built), "sitemap.xml", "sitemap.xml.gz"]
    own_files += [search.SEARCH_INDEX, search.EXPLORER_INDEX]
    (staging / OPEN_DATA / CONFERENCES).rename(built / OPEN_DATA / CONFERENCES)

    record_pages: list[str] = []
    for (shard, folder), part in zip(parts, loaded, strict=True):
        if shard not in present:
            _link_tree(folder / SITE, built)
        record_pages.extend(part["pages"])
    count += len(record_pages)
    sitemap.write(built, site_url, editorial, record_pages, as_of)
    # the national indexes: the provinces and their files (`danbiet.site.search`); for search
    # also each part's units, joined (what `write_json` of the joined lists gives)
    units = _join_lists([folder / SEARCH for _, folder in parts])
    provinces = _compact([part["province"]["search"] for part in loaded])
    (built / search.SEARCH_INDEX).parent.mkdir(parents=True, exist_ok=True)
    (built / search.SEARCH_INDEX).write_bytes(
        b'{"provinces":' + provinces + b',"units":[' + units + b"]}"
    )
    explorer = {
        "provinces": [part["province"]["explorer"] for part in loaded],
        "labels": search.explorer_labels(),
    }
    (built / search.EXPLORER_INDEX).parent.mkdir(parents=True, exist_ok=True)
    (built / search.EXPLORER_INDEX).write_bytes(_compact(explorer))
    notes = list(dict.fromkeys(n for part in loaded for n in part["summary"]["notes"]))
    national = {
        item.path: (item.bytes, item.sha256, exported.crc32[item.path])
        for item in exported.files
        if item.path in exported.crc32
    }
    return Merged(count, notes, sorted(set(own_files)), exported.database_updated, national)


def _mkdocs(config: Any, docs: Path, built: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    from danbiet.site.build import BuildError

    config["docs_dir"], config["site_dir"] = str(docs), str(built)
    try:
        mkdocs_build(config)
    except MkDocsException as exc:
        raise BuildError(f"mkdocs failed: {exc}") from None


def _join_lists(paths: list[Path]) -> bytes:
    return b",".join(items for items in map(json_list_items, paths) if items)


def _compact(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _link(source: str, target: str) -> None:
    """TARGET becomes SOURCE's file: a hard link (parts are never written again), else a copy.
    Paths are strings: this runs for every file of the site (tens of thousands)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def files_under(folder: Path) -> list[str]:
    """Every file under FOLDER, as POSIX paths relative to it."""
    found = []
    stack = [""]
    while stack:
        rel = stack.pop()
        with os.scandir(os.path.join(folder, rel)) as entries:
            for entry in entries:
                path = f"{rel}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    stack.append(f"{path}/")
                else:
                    found.append(path)
    return found


def _link_tree(source: Path, target: Path) -> None:
    """Every file under SOURCE linked at the same place under TARGET (folders created)."""
    stack = [(str(source), str(target))]
    while stack:
        src, dst = stack.pop()
        with contextlib.suppress(FileExistsError):
            os.mkdir(dst)
        with os.scandir(src) as entries:
            for entry in entries:
                out = os.path.join(dst, entry.name)
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, out))
                else:
                    _link(entry.path, out)
