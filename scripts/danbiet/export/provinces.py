"""The open-data export of the whole repository, written one province at a time.

Each province (`danbiet.shards`) is loaded, validated if asked, and its rows of every table
are written as fragments (`danbiet.export.fragments`) with its conferences' JSON files, as a
part of the site build does (`danbiet.site.parts`); then the fragments are joined into the
export (`write_export`). Only one province's records are in memory at a time.

Rows come province by province (in the order of the shards' names), each province's in the
order of its files, as in the site's `du-lieu/`; within a province they are those of an export
of every record loaded at once, and so are the obligations and the conference files (see
`danbiet.provinces` for why, and for the yearly obligations' years, checked once every
province has been seen).
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from danbiet.export import (
    ExportError,
    ExportResult,
    _published_lookup,
    git_commit,
    table_rows,
    write_export,
)
from danbiet.export.conferences import write_conferences
from danbiet.export.fragments import write_fragments
from danbiet.export.package import CONFERENCES
from danbiet.export.xlsx import XLSX_MAX_ROWS
from danbiet.loader import Dataset
from danbiet.problems import Report
from danbiet.provinces import (
    UnitFacts,
    Units,
    Validation,
    conference_obligations,
    each_province,
    facts_elsewhere,
    first_day_of_paths,
    in_order,
    unit_facts,
    unit_year_obligations,
)
from danbiet.shards import Split, every_shard, keep_own_units, load_shard, split

TABLES = "tables"


def export_by_province(
    root: Path | str,
    out: Path | str,
    as_of: date,
    ledger: Any = None,
    *,
    load_ledger: Callable[[], Any] | None = None,
    validate: bool = False,
    accept: Callable[[Report], bool] | None = None,
    cache: bool = True,
    max_sheet_rows: int = XLSX_MAX_ROWS,
    created: datetime | None = None,
) -> tuple[Report, ExportResult | None]:
    """Export the records of ROOT as of AS_OF into OUT, province by province (see
    `danbiet.export.export` for LEDGER, MAX_SHEET_ROWS and CREATED).

    With VALIDATE, the records are validated on the way (the report of `validate.validate` on
    every record) and nothing is exported when they have errors: the export work stops at the
    first province with errors, the validation goes on. ACCEPT, given the complete report
    before anything is written into OUT, may refuse the export too (the command prints the
    problems there). LOAD_LEDGER gives the ledger when the first province is exported.

    Returns the report (empty without VALIDATE) and the result, None when nothing was exported.
    With VALIDATE, a broken rule profile or calendar (`ExportError`), an error of LOAD_LEDGER
    or of writing the fragments is raised only once the records are known to be valid, so that
    their problems come first, as when the validation ran before the export.
    """
    from danbiet.rules import RuleError, load_profiles
    from danbiet.workdays import Calendar, CalendarError

    root, out = Path(root), Path(out).resolve()
    plan = split(root, cache=cache)
    validation = Validation(root, plan, as_of, cache=cache) if validate else None
    failure: Exception | None = None
    exporting = validation is None or not any(p.severity == "error" for p in validation.walk)
    profiles: dict[str, Any] = {}
    calendar: Any = None
    try:
        profiles = load_profiles(root)
        calendar = Calendar.load(root / "content" / "calendar")
    except (RuleError, CalendarError) as exc:
        if validation is None:
            raise ExportError(str(exc)) from None
        failure, exporting = ExportError(str(exc)), False
    guessed = first_day_of_paths(plan)
    shards = every_shard(plan) or [""]
    facts: dict[str, UnitFacts] = {}
    written: dict[str, tuple[int, str]] = {}  # the conference files
    with contextlib.ExitStack() as stack:
        work = Path(".")
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            folder = tempfile.TemporaryDirectory(prefix=f".{out.name}-rows-", dir=out.parent)
            work = Path(stack.enter_context(folder))
        except OSError as exc:
            if validation is None:
                raise
            failure, exporting = failure or exc, False
        units = Units(plan)
        for shard, data in each_province(root, plan, cache, units):
            if validation is not None and not validation.add(shard, data):
                exporting = False
            facts[shard] = unit_facts(data)
            if exporting and ledger is None and load_ledger is not None:
                try:
                    ledger = load_ledger()
                except Exception as exc:  # noqa: BLE001 - raised once the records are valid
                    failure, exporting = exc, False
            if exporting:
                own = dataclasses.replace(facts[shard], first=guessed)
                try:
                    files = _province(
                        work, plan, units, shard, data, own, profiles, calendar, as_of, ledger
                    )
                    written.update(files)
                except OSError as exc:
                    failure, exporting = exc, False
            del data
        report = validation.report() if validation is not None else Report()
        if accept is not None and not accept(report):
            return report, None
        if not report.valid:
            return report, None
        if failure is not None:
            raise failure
        # The yearly obligations were computed with the years the paths give and each
        # province's own records: again where that was not what every record gives.
        every = UnitFacts()
        for found in facts.values():
            every.extend(found)
        again = facts_elsewhere(plan, facts)
        if _first_year(every.first, as_of) != _first_year(guessed, as_of):
            again = set(shards)
        for shard in shards:
            if shard in again:
                data = load_shard(root, plan, shard, cache)
                files = _province(
                    work, plan, units, shard, data, every, profiles, calendar, as_of, ledger
                )
                written.update(files)
                del data
        return report, write_export(
            out,
            [work / TABLES / shard for shard in shards],
            profiles,
            as_of,
            commit=git_commit(root),
            conferences=lambda staging: _move_conferences(work, staging, written),
            max_sheet_rows=max_sheet_rows,
            created=created,
            published=ledger is not None,
        )


def _province(
    work: Path,
    plan: Split,
    units: Units,
    shard: str,
    data: Dataset,
    facts: UnitFacts,
    profiles: dict[str, Any],
    calendar: Any,
    as_of: date,
    ledger: Any,
) -> dict[str, tuple[int, str]]:
    """Write SHARD's conference files into WORK/hoi-nghi (their size and sha256 by path) and
    its fragments into WORK/tables/SHARD; its yearly obligations from FACTS. DATA loses its
    other provinces' units."""
    lookup = _published_lookup(ledger) if ledger is not None else None
    made = conference_obligations(data, profiles, calendar, as_of, lookup)
    yearly = unit_year_obligations(units.of(shard), facts, profiles, calendar, as_of)
    obligations = in_order(yearly + made)
    written = write_conferences(work, data, obligations, as_of)  # of units of any province
    keep_own_units(data, plan, shard)
    fragments = work / TABLES / shard
    if fragments.exists():  # written before with other yearly obligations
        shutil.rmtree(fragments)
    write_fragments(fragments, table_rows(data, obligations, ledger))
    return written


def _first_year(first: date | None, as_of: date) -> int:
    return first.year if first is not None else as_of.year


def _move_conferences(
    work: Path, staging: Path, written: dict[str, tuple[int, str]]
) -> dict[str, tuple[int, str]]:
    """Move the conference files (WRITTEN) from WORK to STAGING; WRITTEN in the order of the
    conferences' files, as an export of every record lists them."""
    (work / CONFERENCES).mkdir(exist_ok=True)
    (work / CONFERENCES).rename(staging / CONFERENCES)
    return {rel: written[rel] for rel in sorted(written, key=_conference_order)}


def _conference_order(rel: str) -> tuple[str, str]:
    """Where the file of the conference of REL (`hoi-nghi/<unit>.<stem>.json`) is among the
    conference files: content/conferences/<unit>/<stem>.yaml, by folder, then name."""
    unit, _, stem = rel.removeprefix(f"{CONFERENCES}/").removesuffix(".json").partition(".")
    return unit, f"{stem}.yaml"
