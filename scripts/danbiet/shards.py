"""The records split by province: what `danbiet build --shard` builds on its own.

A shard is a province with everything under it: the units whose chain of `parent`s leads to it
and the plans, conferences and reports of those units (their paths name the unit:
`conferences/<unit>/...`). A dialogue's petitions are assigned to agencies of the same province
(`validate` checks it), so a province's pages, figures and open data depend on its own records
only, plus the files every shard shares: rule profiles, calendars and the portal settings.

A file whose unit is unknown (a typo, a unit file that does not parse) forms a shard named after
that unit, so its problems are reported rather than lost. Shard names are unit ids (slugs);
anything else goes to the shard `_khac`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from danbiet import records
from danbiet.loader import CONTENT, Dataset, Found, Source, combine, discover, load
from danbiet.problems import Problem

UNIT_FOLDERS = ("conferences", "plans", "reports")
OTHER = "_khac"


def unit_of(rel: str) -> str | None:
    """The unit a record path belongs to (`content/conferences/<unit>/...`), None for the files
    every shard shares (rules, calendars, portal settings)."""
    parts = rel.removeprefix(f"{CONTENT}/").split("/")
    if parts[0] == "units" and len(parts) == 2:
        return parts[1].rsplit(".", 1)[0]
    if parts[0] in UNIT_FOLDERS and len(parts) >= 3:
        return parts[1]
    return None


def province_map(units: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Unit id -> the id at the top of its chain of parents (its province).

    A chain that loops is cut at its smallest id, so every unit still gets one shard.
    """
    parent: dict[str, str | None] = {}
    for unit in units:
        uid = unit.get("id")
        if isinstance(uid, str):
            up = unit.get("parent")
            parent[uid] = up if isinstance(up, str) and up else None
    top: dict[str, str] = {}
    for uid in parent:
        chain: list[str] = []
        current = uid
        while current not in top:
            if current in chain:  # a loop: its smallest member stands for all of it
                loop = chain[chain.index(current) :]
                top[current] = min(loop)
                break
            chain.append(current)
            up = parent.get(current)
            if up is None or up not in parent:
                top[current] = current
                break
            current = up
        for member in chain:
            top.setdefault(member, top[current])
    return top


def shard_name(unit: str, provinces: dict[str, str]) -> str:
    name = provinces.get(unit, unit)
    return name if records.SLUG_RE.match(name) else OTHER


@dataclass
class Split:
    """Every file under content/, by shard."""

    shards: dict[str, list[str]] = field(default_factory=dict)  # shard -> its record files
    shared: list[str] = field(default_factory=list)  # files every shard loads
    units: list[str] = field(default_factory=list)  # every unit file (the map is built on them)
    provinces: dict[str, str] = field(default_factory=dict)  # unit id -> shard
    discovered: tuple[Found, list[Problem]] = ((), ())  # type: ignore[assignment]
    unit_data: Dataset | None = None  # every unit, loaded once

    def names(self) -> list[str]:
        return sorted(self.shards)


def split(
    root: Path,
    discovered: tuple[Found, list[Problem]] | None = None,
    cache: bool = True,
) -> Split:
    """Group the files of ROOT by province (DISCOVERED: what `loader.discover` gave, if the
    caller already walked the folder). Unit files are read through the parse cache (CACHE)."""
    discovered = discovered if discovered is not None else discover(Path(root))
    files = discovered[0]
    unit_files = [rel for rel, _ in files if rel.startswith(f"{CONTENT}/units/")]
    wanted = set(unit_files)
    units = load(
        Path(root), cache, select=wanted.__contains__, group="units", discovered=discovered
    )
    out = Split(
        units=unit_files,
        provinces=province_map(units.tables["units"]),
        discovered=discovered,
        unit_data=units,
    )
    for rel, _ in files:
        unit = unit_of(rel)
        if unit is None:
            out.shared.append(rel)
        elif rel not in wanted:
            out.shards.setdefault(shard_name(unit, out.provinces), []).append(rel)
    for rel in unit_files:
        unit = unit_of(rel) or ""
        out.shards.setdefault(shard_name(unit, out.provinces), [])
    return out


def own_unit_files(plan: Split, shard: str) -> list[str]:
    """The unit files SHARD keeps by their names (a unit whose `id` is not its file's name is
    kept where its id says, `unit_shard`: this list is what to expect, not a rule)."""
    return [rel for rel in plan.units if shard_name(unit_of(rel) or "", plan.provinces) == shard]


def load_shard(
    root: Path, plan: Split, shard: str, cache: bool = True, units: bool = True
) -> Dataset:
    """SHARD's records, every unit (validation resolves names and parents against all of them;
    not with UNITS false) and the shared files; the shard's files have their own parse-cache
    file (unless not CACHE)."""
    wanted = set(plan.shards.get(shard, ())) | set(plan.shared)
    data = load(
        Path(root),
        cache,
        select=wanted.__contains__,
        group=f"p-{shard}",
        discovered=plan.discovered,
    )
    if units and plan.unit_data is not None:
        combine(data, plan.unit_data)
    return data


def unit_shard(row: dict[str, Any], source: Source, plan: Split) -> str:
    """The shard a unit's row belongs to: that of its id, or of its file's name when the id is
    not text."""
    unit = row.get("id") if isinstance(row.get("id"), str) else unit_of(source.path) or ""
    return shard_name(unit, plan.provinces)


def keep_own_units(data: Dataset, plan: Split, shard: str) -> None:
    """Drop the units of other provinces once the shard is validated: the obligations, pages
    and figures of a shard are its own province's."""
    rows, sources = [], []
    for row, source in zip(data.tables["units"], data.sources["units"], strict=True):
        if unit_shard(row, source, plan) == shard:
            rows.append(row)
            sources.append(source)
    data.tables["units"], data.sources["units"] = rows, sources


def every_shard(plan: Split) -> list[str]:
    """The shards of PLAN and those its units' rows belong to (a unit file whose `id` is not
    its name belongs to the shard of its id, which may have no file), sorted: each unit is kept
    by exactly one of them (`keep_own_units`)."""
    names = set(plan.shards)
    if plan.unit_data is not None:
        units = plan.unit_data
        for row, source in zip(units.tables["units"], units.sources["units"], strict=True):
            names.add(unit_shard(row, source, plan))
    return sorted(names)


# Columns naming the unit that answers or follows up a petition, by table.
ACTING_UNITS = {"assignments": "to", "updates": "by", "supervision": "by"}


def check_same_province(data: Dataset) -> list[Problem]:
    """A petition is assigned to, answered by and followed up by units of the province whose
    unit held the dialogue: a chair directs the agencies under them, and each province's pages
    are built on their own (`danbiet build --shard`). For the same reasons a conference is held
    under a plan of its own province, and a plan lists conferences of its own province."""
    from danbiet.validate import _problem

    units = data.tables["units"]
    provinces = province_map(units)
    names = {u["id"]: u.get("name") or u["id"] for u in units if isinstance(u.get("id"), str)}
    conference_unit = {
        c["id"]: c.get("unit") for c in data.tables["conferences"] if isinstance(c.get("id"), str)
    }
    petition_conference = {
        p["id"]: p.get("conference_id")
        for p in data.tables["petitions"]
        if isinstance(p.get("id"), str)
    }
    problems = []
    for table, column in ACTING_UNITS.items():
        for index, row in enumerate(data.tables[table]):
            actor = row.get(column)
            holder = conference_unit.get(petition_conference.get(row.get("petition_id")))
            if actor not in provinces or holder not in provinces:
                continue  # unknown units are reported by the key checks
            if provinces[actor] == provinces[holder]:
                continue
            message = (
                f"{names[actor]} ({actor}) belongs to {names.get(provinces[actor])}, but the "
                f"dialogue was held by {names[holder]} of {names.get(provinces[holder])}; a "
                "petition can only be assigned to, answered by or followed up by units of the "
                "same province: name a unit of that province (a matter for another province's "
                "agencies is forwarded by the agency in charge and noted in the answer)"
            )
            problems.append(_problem(data, table, index, "other-province", message, column))
    plan_unit = {
        p["id"]: p.get("unit") for p in data.tables["plans"] if isinstance(p.get("id"), str)
    }
    links = (  # (table, column naming a record, unit of the row, unit of the named record)
        ("conferences", "plan_id", "conference", lambda row: row.get("unit"), plan_unit.get),
        (
            "planned_conferences",
            "conference_id",
            "planned conference",
            lambda row: plan_unit.get(row.get("plan_id")),
            conference_unit.get,
        ),
    )
    for table, column, what, own, named in links:
        for index, row in enumerate(data.tables[table]):
            mine, theirs = own(row), named(row.get(column))
            if mine not in provinces or theirs not in provinces:
                continue  # unknown records and units are reported by the key checks
            if provinces[mine] == provinces[theirs]:
                continue
            message = (
                f"{row.get(column)} is a record of {names[theirs]} ({theirs}) of "
                f"{names.get(provinces[theirs])}, but this {what} belongs to {names[mine]} "
                f"of {names.get(provinces[mine])}; a conference is held under a plan of its "
                "own province and a plan lists conferences of its own province: name a record "
                "of that province"
            )
            problems.append(_problem(data, table, index, "other-province", message, column))
    return problems
