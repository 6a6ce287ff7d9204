"""One shard of the site: a province's pages and what the national pages need from it.

`build_part` loads one shard (`danbiet.shards`), validates it, computes its obligations and
writes into a folder:

    site/            its unit and conference pages (wrapped in the theme's shell), unit feeds
                     and report CSVs, at their place in the final site
    hoi-nghi/        its per-conference JSON files of the open data (`du-lieu/hoi-nghi/`)
    hoi-nghi.deflate the same files deflated for the ZIP (`danbiet.export.deflated`)
    tables/          its rows of every open-data table, as fragments of the national files
                     (`danbiet.export.fragments`)
    search.json      its units' entries of the national search index (a JSON list, joined
                     by `danbiet.site.merge`); its conferences and petitions are in site/,
                     in the province's own search file, as are its commitments for the
                     explorer (`danbiet.site.search`)
    part.json        its problems, or: its summary for the editorial pages, the province's
                     name and search files, its newest feed entries, planned dialogues, the
                     pages it wrote and its conference files' checksums
    keys.json        what each page and feed under site/ is made of, hashed (`danbiet.reuse`;
                     tables/ has its own): the province's next part links those that did not
                     change from this one instead of making them again

`danbiet.site.merge` joins the parts into the site. The single-machine build is the same two
steps, so a build by shards on several machines gives the same bytes.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from danbiet.problems import Problem, Report
from danbiet.reuse import Reuse

FORMAT = 5
PART = "part.json"
TABLES = "tables"
SEARCH = "search.json"
CONFERENCE_PACK = "hoi-nghi.deflate"
SITE = "site"


class PartError(Exception):
    """A part folder that is missing, incomplete or not from this version."""


def build_part(
    root: Path,
    plan: Any,
    shard: str,
    as_of: date,
    ledger: Any,
    notes: list[str],
    shell: Any,
    site_url: str,
    repo_url: str | None,
    dest: Path,
    key: str | None = None,
    beside: bool = False,
    salt: str = "",
    previous: Path | None = None,
    tables_salt: str = "",
) -> bool:
    """Build SHARD of PLAN (`shards.split`) into the empty folder DEST; False when its records
    have errors (they are in DEST/part.json). KEY (`site.incremental`) is written in part.json,
    so that a merge can tell whether the part was built from the same records and code.
    BESIDE: write the open data in a forked process while this one writes the pages (for a
    part built alone, when the other CPUs would wait). PREVIOUS: the province's previous part,
    whose files are taken when made of the same values with the same SALT (`danbiet.reuse`;
    TABLES_SALT for its open-data tables)."""
    from danbiet.deadlines import DeadlineError, deadlines
    from danbiet.rules import load_profiles
    from danbiet.shards import OTHER, keep_own_units, load_shard, own_unit_files
    from danbiet.site import feeds, pages, record_pages, search
    from danbiet.site.build import html_environment
    from danbiet.site.data import SiteData
    from danbiet.validate import validate

    data = load_shard(root, plan, shard)
    if ledger is not None:  # the times of its own keys, read in one pass (others are asked)
        ledger.prefetch([*plan.shards.get(shard, ()), *own_unit_files(plan, shard)])
    report = validate(root, as_of, dataset=data)
    if not report.valid:
        write_json(dest / PART, _header(shard, key) | {"valid": False, **_problems(report)})
        return False
    all_units = list(data.tables["units"])
    keep_own_units(data, plan, shard)
    stats = {name: len(rows) for name, rows in data.tables.items()}
    try:
        result = deadlines(root, as_of, dataset=data, ledger=ledger)
    except DeadlineError as exc:
        failed = Report()
        failed.add(Problem("deadlines", str(exc)))
        write_json(dest / PART, _header(shard, key) | {"valid": False, **_problems(failed)})
        return False
    profiles = load_profiles(root)
    site = SiteData(root, as_of, data, result, profiles, ledger, list(notes), all_units, shard)
    summary = pages.summary(site)
    tables_before = None if previous is None else previous / TABLES
    export = _Export(
        dest, data, result.obligations, ledger, as_of, beside, tables_salt, tables_before
    )
    try:
        out = dest / SITE
        reuse = Reuse(previous, salt)  # its names: paths in the part (`site/...`)
        pages_written = []
        env = html_environment()
        for page in record_pages.render_all(site, env, repo_url):
            _write_page(page, out, reuse, shell, site_url)
            if page.title is not None:
                pages_written.append(page.rel)
        for rel, title, content in pages.province_pages(summary, env, as_of):
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(shell.wrap(content, title, rel, site_url), encoding="utf-8")
            pages_written.append(rel)
        newest = feeds.write_unit_feeds(site, out, site_url, reuse)
        reuse.save(dest)
        write_json(dest / SEARCH, search.unit_entries(site, shard))
        records = search.record_entries(site)
        write_json(out / search.province_search(shard), records)
        explorer = search.explorer_data(site)
        write_json(out / search.province_explorer(shard), explorer)
        name = search.OTHER_NAME if shard == OTHER else site.name(shard)
        conference_files, conference_zip = export.result()
    except BaseException:
        export.abandon()  # nothing may write into DEST once this returns
        raise
    write_json(
        dest / PART,
        _header(shard, key)
        | {
            "valid": True,
            **_problems(report),
            "stats": stats,
            "summary": summary,
            "province": {
                "search": search.province(shard, name, search.province_search(shard), len(records)),
                "explorer": search.province(
                    shard, name, search.province_explorer(shard), len(explorer["items"])
                ),
            },
            "feed": [feeds.entry_to_json(entry) for entry in newest],
            "events": feeds.planned_events(site, site_url),
            "pages": pages_written,
            "conference_files": conference_files,
            "conference_zip": conference_zip,
        },
    )
    return True


def _write_page(page: Any, out: Path, reuse: Reuse, shell: Any, site_url: str) -> None:
    """PAGE (`record_pages.Page`) under OUT, wrapped in the SHELL unless a raw file; linked
    from the previous part when made of the same values."""
    target = out / page.rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if reuse.take(f"{SITE}/{page.rel}", reuse.key(site_url, *page.inputs()), target):
        return
    content = page.render()
    if page.title is not None:
        content = shell.wrap(content, page.title, page.rel, site_url)
    target.write_text(content, encoding="utf-8")


def _write_export(
    dest: Path,
    data: Any,
    obligations: Any,
    ledger: Any,
    as_of: date,
    salt: str = "",
    tables_before: Path | None = None,
) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The part's open data: its conference files (and their deflate data) and the fragments
    of its tables; the conference files' checksums and their places in the pack."""
    from danbiet.export import table_rows
    from danbiet.export.conferences import write_conferences
    from danbiet.export.fragments import write_fragments

    conference_files = write_conferences(dest, data, obligations, as_of)
    conference_zip = _pack(dest, sorted(conference_files))
    rows = table_rows(data, obligations, ledger)
    write_fragments(dest / TABLES, rows, Reuse(tables_before, salt))
    return conference_files, conference_zip


_FORKED: dict[str, Any] = {}  # what the forked export reads: set just before the fork


def _forked_export() -> tuple[dict[str, Any], dict[str, list[int]]]:
    return _write_export(**_FORKED)


class _Export:
    """`_write_export`, now or (BESIDE, where fork exists and there is a second CPU) in a
    forked process that starts with the part's records as they are before any page is
    written; `result()` waits for it and raises what it raised."""

    def __init__(
        self,
        dest: Path,
        data: Any,
        obligations: Any,
        ledger: Any,
        as_of: date,
        beside: bool,
        salt: str,
        tables_before: Path | None,
    ) -> None:
        import multiprocessing
        import os

        args = {"dest": dest, "data": data, "obligations": obligations, "ledger": ledger}
        args |= {"as_of": as_of, "salt": salt, "tables_before": tables_before}
        self.pool: Any = None
        if (
            beside
            and (os.cpu_count() or 1) > 1
            and "fork" in multiprocessing.get_all_start_methods()
        ):
            from concurrent.futures import ProcessPoolExecutor

            _FORKED.clear()
            _FORKED.update(args)
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            self.future = self.pool.submit(_forked_export)  # the fork happens here
            _FORKED.clear()
        else:
            self.done = _write_export(**args)

    def result(self) -> tuple[dict[str, Any], dict[str, list[int]]]:
        if self.pool is None:
            return self.done
        try:
            return self.future.result()
        finally:
            self.pool.shutdown()

    def abandon(self) -> None:
        """The part failed: wait until the forked export has stopped writing."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _pack(dest: Path, files: list[str]) -> dict[str, list[int]]:
    """FILES (under DEST) deflated one after the other into DEST/CONFERENCE_PACK; each one's
    [offset, length, CRC-32] there."""
    from danbiet.export.deflated import member_of_file

    index = {}
    with (dest / CONFERENCE_PACK).open("wb") as pack:
        for rel in files:
            member = member_of_file(rel, dest / rel)
            (packed,) = member.pieces
            assert isinstance(packed, bytes)
            index[rel] = [pack.tell(), len(packed), member.crc]
            pack.write(packed)
    return index


def deflated_conferences(folder: Path, part: dict[str, Any]) -> dict[str, Any]:
    """The ZIP members of the conference files of the part in FOLDER (`part.json`: PART)."""
    from danbiet.export.deflated import Member

    pack = folder / CONFERENCE_PACK
    return {
        rel: Member(rel, part["conference_files"][rel][0], crc, [(pack, offset, length)])
        for rel, (offset, length, crc) in part["conference_zip"].items()
    }


def read_part(folder: Path, shard: str) -> dict[str, Any]:
    """The part.json of FOLDER, checked to be a part of SHARD written by this version."""
    try:
        part = json.loads((folder / PART).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PartError(f"{folder}: not a part of the site ({exc}); build it again") from None
    if part.get("format") != FORMAT or part.get("shard") != shard:
        raise PartError(f"{folder}: a part of another shard or version; build it again")
    return part


def problems_of(part: dict[str, Any]) -> list[Problem]:
    return [Problem(**problem) for problem in part.get("problems", [])]


def merged_report(parts: list[dict[str, Any]]) -> Report:
    """The problems of every part once each (files every shard loads report in each), and the
    rows of each table over all parts."""
    report = Report()
    for part in parts:
        for name, count in part.get("stats", {}).items():
            report.stats[name] = report.stats.get(name, 0) + count
    seen = set()
    for part in parts:
        for problem in problems_of(part):
            key = problem.format()
            if key not in seen:
                seen.add(key)
                report.add(problem)
    return report


def _header(shard: str, key: str | None) -> dict[str, Any]:
    return {"format": FORMAT, "shard": shard, "key": key}


def _problems(report: Report) -> dict[str, list[dict[str, Any]]]:
    return {"problems": [problem.to_dict() for problem in report.sorted()]}


def write_json(path: Path, payload: Any) -> None:
    """PAYLOAD as compact JSON (the site's index files, the parts' files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # `json.dumps`, not `json.dump`: only the one-shot encoding runs in C (twice as fast here)
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")


def json_list_items(path: Path) -> bytes:
    """The items of the JSON list `write_json` wrote at PATH, without the brackets."""
    return path.read_bytes()[1:-1]
