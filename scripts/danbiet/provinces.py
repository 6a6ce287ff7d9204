"""The whole repository one province at a time: `danbiet validate`, `deadlines` and `export`
with only one province's records in memory, and the results of loading everything at once.

A national repository holds 58,000 record files a year; loaded at once (`loader.load`) they
take 4.7 GB, five years over 20 GB. The site build already works by province (`danbiet.shards`:
a shard is a province's records, with the units and the shared files: rule profiles,
calendars, portal settings); these functions do the same, one shard after the other in the
order of their names (`each_province`), and join what each gives. Files `split` gives no
province (under an unknown unit, or `shards.OTHER`) form shards of their own, like any other.

Why the results are those of the whole repository (tests/test_provinces.py checks each case):

- Every record id is derived from its file's path, and the path names the unit folder
  (`conferences/<unit>/<date>.yaml` is `<unit>.<date>`, its petitions `<unit>.<date>.<no>`...),
  so two files never share an id, a file belongs to one shard, and an entry's parent (a
  petition's conference, an assignment's petition) is in the same file. Duplicate ids can only
  be inside one file, or among the units (their `id` is written), which are all checked with
  the first province. Each check of `danbiet.validate` decides a problem from its row, rows of
  its own file, the units its rows name (with their parents, for the province) and the rule
  profiles, except for two references to other files: a conference's `plan_id` and a planned
  conference's `conference_id`. `shards.check_same_province` makes those name records of the
  same province (`other-province`), but when one names a record of another province the whole
  load reports `other-province` where a province alone would report an unknown reference. So
  each province notes the ids it names and does not hold; once every province has been seen,
  a province naming an id that another province's file defines (the one path an id can come
  from, `validate._defining_paths`) is validated again with those files added, and only its
  own files' problems are kept (the support argument of `validate.load_affected`).
- The first province is given every unit and its problems at the units' and the shared files
  (a misplaced file, say) are the repository's: they depend on the units and rule profiles
  only. The others are given only the units they name, with their parents (`Units`), and the
  units' own rows are not checked again (`validate(named_only=...)`). The problems of the
  folder walk (a symbolic link...) come first, as `load` gives them. `Report.sorted()` and
  `to_dict()` are those of the whole load: the problems at one path all come from one
  province, in the same order; only the unsorted `Report.problems` list is in province order.
- `stats` add up each province's own rows and files, and the units once.
- Obligations of a conference (invitation, notice, assignment, result...) read its own file
  and the units it names; they are computed with each province. The yearly obligations of a
  unit (annual plan, minimum number of dialogues, periodic reports) read the plans, reports and
  chaired conferences whose `unit` field names it, whatever their folder, and the years the
  records cover, from the earliest conference or plan of the whole repository
  (`Engine.years`). Each province keeps those few columns (`UnitFacts`); the yearly
  obligations are computed from all of them, for every unit, as the whole load does.
- `Engine.run` sorts obligations by (due, unit, id), stably. Two obligations with the same key
  have the same kind and subject, so both are yearly obligations (kept in the units' order)
  or both come from one conference file (in that file's order): sorting the joined lists
  gives the order of the whole load. `deadlines --unit` reads every province too: an agency
  of a unit may be named by another province's records (which `other-province` refuses).

The export (`danbiet.export.provinces`) writes each province's rows as it goes, so it needs the
years before the last province is seen: it takes them from the paths (a conference's date, a
plan's year), which are the records' own unless a record is broken (`path-mismatch`, a file
that does not load), and checks them once every province has been seen, with the `unit`
fields of the facts (`facts_elsewhere`); a province whose yearly obligations would differ is
exported again. With valid records, as `danbiet export` requires, that never happens.

`--frictionless` (the slow reference engine) still loads everything: frictionless treats a
table that has no rows in a province differently from one that has none in the repository.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from danbiet import records, schema
from danbiet.loader import Dataset, combine, load
from danbiet.obligations import HEAD_ROLES, Engine, Obligation
from danbiet.obligations import _d as _day  # an ISO date, or None
from danbiet.problems import Problem, Report
from danbiet.shards import Split, every_shard, load_shard, shard_name, split, unit_shard
from danbiet.validate import REFERENCE_COLUMNS

# -- provinces one at a time --------------------------------------------------------------------


def each_province(
    root: Path, plan: Split, cache: bool = True, units: Units | None = None
) -> Iterator[tuple[str, Dataset]]:
    """(shard, its records with the shared files and the units), one shard at a time, in the
    order of their names; at least one, so that the shared files are read even without units.
    The first has every unit, the others only those they need (UNITS: `Units(plan)`)."""
    units = units if units is not None else Units(plan)
    for number, shard in enumerate(every_shard(plan) or [""]):
        data = load_shard(root, plan, shard, cache, units=not number)
        if number:
            combine(data, units.needed_by(data, shard))
        yield shard, data
        del data  # before the next one is loaded


# Columns whose values name a unit, by table (but the units' own `parent`).
_NAMING_UNITS = {
    table: sorted(
        {
            *(
                column
                for fk in spec.get("foreignKeys", [])
                if fk["reference"]["resource"] == "units"
                for column in fk["fields"]
            ),
            *REFERENCE_COLUMNS.get(table, ()),
        }
    )
    for table, spec in schema.tables().items()
    if table != "units"
}


class Units:
    """Every unit of a split, to give each province those it needs."""

    def __init__(self, plan: Split) -> None:
        self.plan = plan
        data = plan.unit_data
        self.rows = data.tables["units"] if data is not None else []
        self.sources = data.sources["units"] if data is not None else []
        self.shards = [unit_shard(r, s, plan) for r, s in zip(self.rows, self.sources, strict=True)]
        self.parents: dict[str, set[str]] = {}
        for row in self.rows:
            uid, up = row.get("id"), row.get("parent")
            if isinstance(uid, str) and isinstance(up, str) and up:
                self.parents.setdefault(uid, set()).add(up)

    def of(self, shard: str) -> list[dict[str, Any]]:
        """The rows of SHARD's own units (those `shards.keep_own_units` keeps), in order."""
        return [row for row, theirs in zip(self.rows, self.shards, strict=True) if theirs == shard]

    def needed_by(self, data: Dataset, shard: str) -> Dataset:
        """The units SHARD's records (DATA, loaded without units) need, to add to DATA: those
        of SHARD, those its rows name and their parents, up the chains, in their order; with
        every unit file's document and problems, as `shards.load_shard` adds them.

        Every use of the units by the checks of a province's rows and by its obligations looks
        a unit up by an id the rows name: the foreign keys, `unknown-reference`,
        `unit-inactive`, `supervisor-level`, a conference's rule profile and unit;
        `other-province` also follows the parents to the province (`shards.province_map`
        gives the same tops on a set of units closed under parents). So the problems and
        obligations are the same; the units' own rows must not be checked then
        (`validate(named_only=("units",))`)."""
        named: set[Any] = set()
        for table, columns in _NAMING_UNITS.items():
            for row in data.tables[table]:
                for column in columns:
                    value = row.get(column)
                    if isinstance(value, str):
                        named.add(value)
        pending = list(named)
        while pending:
            for up in self.parents.get(pending.pop(), ()):
                if up not in named:
                    named.add(up)
                    pending.append(up)
        tables: dict[str, list[dict[str, Any]]] = {name: [] for name in schema.tables()}
        sources: dict[str, list[Any]] = {name: [] for name in schema.tables()}
        for row, source, theirs in zip(self.rows, self.sources, self.shards, strict=True):
            uid = row.get("id")
            if theirs == shard or (isinstance(uid, str) and uid in named):
                tables["units"].append(row)
                sources["units"].append(source)
        units = self.plan.unit_data
        out = Dataset(data.root, tables, sources)
        if units is not None:
            out.documents, out.problems = units.documents, units.problems
        return out


# -- validation ---------------------------------------------------------------------------------


class Validation:
    """The report of `validate.validate` on the whole repository, from its provinces given
    one after the other (`add`), then `report()`."""

    def __init__(
        self, root: Path, plan: Split, as_of: date, engine: str | None = None, cache: bool = True
    ) -> None:
        from danbiet.validate import DEFAULT_ENGINE

        self.root, self.plan, self.as_of, self.cache = Path(root), plan, as_of, cache
        self.engine = engine or DEFAULT_ENGINE
        self.walk = list(plan.discovered[1])  # the folder walk's problems
        self.common: list[Problem] | None = None  # of the units and shared files
        self.own: dict[str, list[Problem]] = {}
        self.wanted: dict[str, set[str]] = {}  # shard -> ids it names and does not hold
        units = plan.unit_data
        self.unit_files = len(units.documents) if units is not None else 0
        self.counts = dict.fromkeys(schema.tables(), 0)
        self.counts["units"] = len(units.tables["units"]) if units is not None else 0
        self.files = self.unit_files

    def add(self, shard: str, data: Dataset) -> bool:
        """Validate SHARD, given as `each_province` gives it (in that order); whether its
        problems (and those of the units, the shared files and the walk) hold no error."""
        own = set(self.plan.shards.get(shard, ()))
        found = self._validate(data, first=self.common is None)
        if self.common is None:
            shared = set(self.plan.units) | set(self.plan.shared)
            self.common = [p for p in found if p.path in shared]
        self.own[shard] = [p for p in found if p.path in own]
        wanted = _named_elsewhere(data)
        if wanted:
            self.wanted[shard] = wanted
        for table, rows in data.tables.items():
            if table != "units":
                self.counts[table] += len(rows)
        self.files += len(data.documents) - self.unit_files
        problems = [*self.walk, *self.common, *self.own[shard]]
        return not any(p.severity == "error" for p in problems)

    def _validate(self, data: Dataset, first: bool = False) -> list[Problem]:
        """DATA's problems; the units' rows are checked with the first province only (the
        others may have only the units they need: `Units.needed_by`)."""
        from danbiet.validate import validate

        named_only = () if first else ("units",)
        return validate(self.root, self.as_of, data, self.engine, named_only).problems

    def report(self) -> Report:
        """The report of the whole repository: the provinces that name records of another
        province are validated again with those records (see the module docstring)."""
        from danbiet.validate import _defining_paths

        where = {rel: name for name, rels in self.plan.shards.items() for rel in rels}
        for shard, wanted in self.wanted.items():
            extra = {rel for rel in _defining_paths(wanted) if where.get(rel, shard) != shard}
            if not extra:
                continue
            data = load_shard(self.root, self.plan, shard, self.cache, units=False)
            files = (self.plan.discovered[0], [])
            combine(data, load(self.root, False, select=extra.__contains__, discovered=files))
            combine(data, Units(self.plan).needed_by(data, shard))
            own = set(self.plan.shards.get(shard, ()))
            self.own[shard] = [p for p in self._validate(data) if p.path in own]
        report = Report()
        report.extend(self.walk)
        report.extend(self.common or [])
        for problems in self.own.values():
            report.extend(problems)
        report.stats = {**self.counts, "files": self.files}
        return report


def _named_elsewhere(data: Dataset) -> set[str]:
    """The ids DATA's conferences (`plan_id`) and planned conferences (`conference_id`) name
    and DATA does not hold: records of another province, or of none."""
    plans = {row.get("id") for row in data.tables["plans"]}
    conferences = {row.get("id") for row in data.tables["conferences"]}
    out: set[str] = set()
    for rows, column, held in (
        (data.tables["conferences"], "plan_id", plans),
        (data.tables["planned_conferences"], "conference_id", conferences),
    ):
        for row in rows:
            value = row.get(column)
            if isinstance(value, str) and value not in held:
                out.add(value)
    return out


def validate_provinces(
    root: Path | str, as_of: date, engine: str | None = None, cache: bool = True
) -> Report:
    """`validate.validate(root, as_of, load(root), engine)`, one province at a time (CACHE: read
    the records through the parse cache, as `danbiet build` does). ENGINE "frictionless" loads
    everything (see the module docstring)."""
    root = Path(root)
    if engine == "frictionless":
        from danbiet.validate import validate

        return validate(root, as_of, load(root, cache=cache), engine)
    plan = split(root, cache=cache)
    validation = Validation(root, plan, as_of, engine, cache)
    for shard, data in each_province(root, plan, cache):
        validation.add(shard, data)
        del data
    return validation.report()


# -- obligations --------------------------------------------------------------------------------

_HEAD_ROLES = tuple(HEAD_ROLES.values())
_PLAN_COLUMNS = ("unit", "year", "head", "registered_on")
_REPORT_COLUMNS = ("unit", "period", "filed_on")


@dataclass
class UnitFacts:
    """What the yearly obligations of the units read from the records (`Engine`'s
    `unit_year_obligations`): plans and reports (with the path of their file, which orders
    them as the whole load does), the chairs that are heads with their conferences, and the
    earliest day `Engine.years` counts."""

    plans: list[tuple[tuple[str, ...], dict[str, Any]]] = field(default_factory=list)
    reports: list[tuple[tuple[str, ...], dict[str, Any]]] = field(default_factory=list)
    conferences: list[dict[str, Any]] = field(default_factory=list)
    chairs: list[dict[str, Any]] = field(default_factory=list)
    first: date | None = None

    def extend(self, other: UnitFacts) -> None:
        self.plans.extend(other.plans)
        self.reports.extend(other.reports)
        self.conferences.extend(other.conferences)
        self.chairs.extend(other.chairs)
        if other.first is not None and (self.first is None or other.first < self.first):
            self.first = other.first

    def named_units(self) -> set[Any]:
        """The values of the `unit` fields of these rows."""
        rows = [row for _, row in self.plans] + [row for _, row in self.reports]
        return {row.get("unit") for row in [*rows, *self.conferences]}


def unit_facts(data: Dataset) -> UnitFacts:
    """DATA's `UnitFacts`."""
    tables = data.tables

    def kept(table: str, columns: tuple[str, ...]) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
        pairs = zip(tables[table], data.sources[table], strict=True)
        return [(_path_order(s.path), {c: row.get(c) for c in columns}) for row, s in pairs]

    chairs = [
        {"conference_id": row.get("conference_id"), "role": row.get("role")}
        for row in tables["chairs"]
        if row.get("role") in _HEAD_ROLES
    ]
    chaired = {row["conference_id"] for row in chairs}
    conferences = [
        {"id": row["id"], "unit": row.get("unit"), "held_on": row.get("held_on")}
        for row in tables["conferences"]
        if row.get("id") in chaired
    ]
    # The days `Engine.years` starts from.
    days = [_day(row.get("held_on")) for row in tables["conferences"]]
    days += [date(row["year"], 1, 1) for row in tables["plans"] if isinstance(row.get("year"), int)]
    found = [day for day in days if day is not None]
    return UnitFacts(
        kept("plans", _PLAN_COLUMNS),
        kept("reports", _REPORT_COLUMNS),
        conferences,
        chairs,
        min(found) if found else None,
    )


def _path_order(rel: str) -> tuple[str, ...]:
    """The rank of REL in `loader.discover`'s order among files of the same depth."""
    return tuple(rel.split("/"))


def first_day_of_paths(plan: Split) -> date | None:
    """The earliest conference date and plan year (as January 1) the record paths give: the
    `UnitFacts.first` of every record unless a record's own date or year differs from its
    path (a `path-mismatch`) or it does not load."""
    days = []
    for rels in plan.shards.values():
        for rel in rels:
            found = records.classify(rel.removeprefix("content/"))
            if found is None:
                continue
            kind, match = found
            if kind.name == "conference":
                days.append(_day(match.group("date")))
            elif kind.name == "plan" and int(match.group("year")) >= 1:
                days.append(date(int(match.group("year")), 1, 1))
    found_days = [day for day in days if day is not None]
    return min(found_days) if found_days else None


def unit_year_obligations(
    units: Iterable[dict[str, Any]],
    facts: UnitFacts,
    profiles: dict[str, Any],
    calendar: Any,
    as_of: date,
) -> list[Obligation]:
    """The yearly obligations of UNITS from FACTS, in the order `Engine.run` adds them."""
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in schema.tables()}
    tables["units"] = list(units)
    tables["plans"] = [row for _, row in sorted(facts.plans, key=itemgetter(0))]
    tables["reports"] = [row for _, row in sorted(facts.reports, key=itemgetter(0))]
    tables["conferences"] = facts.conferences
    tables["chairs"] = facts.chairs
    data = Dataset(Path("."), tables, {name: [] for name in tables})
    engine = Engine(data, profiles, calendar, as_of)
    first = facts.first.year if facts.first is not None else as_of.year
    engine.years = range(first, as_of.year + 1)  # that of every record, not only FACTS'
    engine.unit_year_obligations()
    return engine.out


def conference_obligations(
    data: Dataset,
    profiles: dict[str, Any],
    calendar: Any,
    as_of: date,
    published: Callable[[str], date | None] | None = None,
) -> list[Obligation]:
    """The obligations of DATA's conferences (DATA holding the units they name), in
    `Engine`'s order."""
    engine = Engine(data, profiles, calendar, as_of, published)
    engine.conference_obligations()
    return engine.out


def in_order(obligations: list[Obligation]) -> list[Obligation]:
    """OBLIGATIONS sorted as `Engine.run` sorts them (in place, stably)."""
    obligations.sort(key=lambda o: (o.due, o.unit, o.id))
    return obligations


def obligations_by_province(
    root: Path,
    plan: Split,
    as_of: date,
    profiles: dict[str, Any],
    calendar: Any,
    published: Callable[[str], date | None] | None = None,
    keep: Callable[[Obligation], bool] | None = None,
    cache: bool = True,
) -> list[Obligation]:
    """`obligations.compute` on the whole repository (PLAN: its `shards.split`), one province
    at a time; only the obligations KEEP accepts."""
    facts = UnitFacts()
    found: list[Obligation] = []
    memo: dict[Any, Any] = {}
    for _, data in each_province(root, plan, cache):
        facts.extend(unit_facts(data))
        made = conference_obligations(data, profiles, calendar, as_of, published)
        found.extend(_shared(made if keep is None else filter(keep, made), memo))
        del data, made
    units = plan.unit_data.tables["units"] if plan.unit_data is not None else []
    yearly = unit_year_obligations(units, facts, profiles, calendar, as_of)
    found[:0] = _shared(yearly if keep is None else filter(keep, yearly), memo)
    return in_order(found)


def _shared(obligations: Iterable[Obligation], memo: dict[Any, Any]) -> list[Obligation]:
    """OBLIGATIONS, their equal texts and dates made one object (MEMO: those seen so far). A
    rule's source and a due date's computation repeat over thousands of obligations: two
    fifths of their memory when they are all kept."""
    out = list(obligations)
    get = memo.setdefault
    for o in out:
        o.source = get(o.source, o.source)
        o.computation = get(o.computation, o.computation)
        o.due = get(o.due, o.due)
        if o.agency is not None:
            o.agency = get(o.agency, o.agency)
    return out


def facts_elsewhere(plan: Split, facts: dict[str, UnitFacts]) -> set[str]:
    """The shards whose units the FACTS of another shard name (by shard): their yearly
    obligations need rows that are not theirs (records with a `path-mismatch`)."""
    units = plan.unit_data
    ids = {row.get("id") for row in units.tables["units"]} if units is not None else set()
    out = set()
    for shard, found in facts.items():
        for unit in found.named_units():
            if isinstance(unit, str) and unit in ids:
                theirs = shard_name(unit, plan.provinces)
                if theirs != shard:
                    out.add(theirs)
    return out


__all__ = [
    "UnitFacts",
    "Units",
    "Validation",
    "conference_obligations",
    "each_province",
    "facts_elsewhere",
    "first_day_of_paths",
    "in_order",
    "obligations_by_province",
    "unit_facts",
    "unit_year_obligations",
    "validate_provinces",
]
