"""Everything the site shows, computed once: records, obligations and indexes between them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from danbiet.deadlines import DeadlineReport
from danbiet.loader import Dataset
from danbiet.obligations import Obligation, Tally, outcome_of
from danbiet.rules import Profile


def _group(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row.get(key)].append(row)
    return out


@dataclass
class SiteData:
    root: Path
    as_of: date
    data: Dataset
    report: DeadlineReport
    profiles: dict[str, Profile]
    ledger: Any = None  # danbiet.ledger.Ledger, when the repository history is available
    notes: list[str] = field(default_factory=list)
    # Every unit of the portal when DATA holds one province (a shard): names and links to
    # units of other provinces (a successor, say) still resolve.
    all_units: list[dict[str, Any]] | None = None
    shard: str = ""  # the province this data covers, when built by province

    def __post_init__(self) -> None:
        tables = self.data.tables
        self.units = {row["id"]: row for row in self.all_units or tables["units"]}
        self.conferences = {row["id"]: row for row in tables["conferences"]}
        self.notices = {row["conference_id"]: row for row in tables["notices"]}
        self.chairs = _group(tables["chairs"], "conference_id")
        self.petitions = _group(tables["petitions"], "conference_id")
        self.assignments = _group(tables["assignments"], "petition_id")
        self.updates = _group(tables["updates"], "petition_id")
        self.supervision = _group(tables["supervision"], "petition_id")
        self.corrections = _group(tables["corrections"], "conference_id")
        self.children = _group(tables["units"], "parent")
        self.unit_conferences = _group(tables["conferences"], "unit")
        self.unit_plans = _group(tables["plans"], "unit")
        self.planned = _group(tables["planned_conferences"], "plan_id")
        self.obligations_by_conference: dict[str, list[Obligation]] = defaultdict(list)
        self.obligations_by_petition: dict[str, list[Obligation]] = defaultdict(list)
        self.obligations_by_unit: dict[str, list[Obligation]] = defaultdict(list)
        for obligation in self.report.obligations:
            self.obligations_by_unit[obligation.unit].append(obligation)
            if obligation.agency and obligation.agency != obligation.unit:
                self.obligations_by_unit[obligation.agency].append(obligation)
            if obligation.conference:
                self.obligations_by_conference[obligation.conference].append(obligation)
            if obligation.petition:
                self.obligations_by_petition[obligation.petition].append(obligation)
        self.paths = {
            source.record_id: source.path
            for sources in self.data.sources.values()
            for source in sources
        }

    def tally(self, unit_id: str) -> Tally:
        """State counts of every obligation a unit's page shows (its own and those it answers)."""
        tally = Tally()
        for obligation in self.obligations_by_unit.get(unit_id, []):
            tally.add(obligation.state)
        return tally

    def name(self, unit_id: str | None) -> str:
        if unit_id is None:
            return ""
        return str(self.units.get(unit_id, {}).get("name") or unit_id)

    def outcome(self, petition: dict[str, Any]) -> str | None:
        return outcome_of(petition, self.updates.get(petition["id"], []))

    def verdict(self, petition: dict[str, Any]) -> str | None:
        entries = self.supervision.get(petition["id"], [])
        return entries[-1].get("verdict") if entries else None

    def province_of(self, unit_id: str) -> str:
        """The top-level unit above UNIT_ID (the province), used to split work by province."""
        seen = set()
        current = unit_id
        while current in self.units and self.units[current].get("parent") and current not in seen:
            seen.add(current)
            current = self.units[current]["parent"]
        return current

    def descendants(self, unit_id: str) -> list[dict[str, Any]]:
        out, stack = [], list(self.children.get(unit_id, []))
        while stack:
            unit = stack.pop()
            out.append(unit)
            stack.extend(self.children.get(unit["id"], []))
        return out
