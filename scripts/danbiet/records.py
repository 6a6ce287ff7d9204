"""Where records live and how their YAML maps onto the tables of the Data Package.

A record file is one YAML mapping. Its keys are the columns of one table; a few keys hold
small groups (`petitioner: {kind, label}` becomes `petitioner_kind`, `petitioner_label`) and a
few hold child entries (a conference's `petitions`, a petition's `updates`), each a row of its
own table. Columns the file does not write (ids, parent ids, positions) are derived by the
loader from the file path and the entry's position, so IDs are never typed by hand.

Paths (all under `content/`), and the id each gives:

    units/<unit>.yaml                        units.id           = <unit>
    plans/<unit>/<year>-<head>.yaml          plans.id           = <unit>.<year>.<head>
    conferences/<unit>/<date>[-<x>].yaml     conferences.id     = <unit>.<date>[-<x>]
    reports/<unit>/<period>.yaml             reports.id         = <unit>.<period>
    rules/<profile>.yaml                     rule profiles (see danbiet.rules)
    calendar/<year>.yaml                     working-day overrides (see danbiet.workdays)

Entries append: assignments, updates, supervision and corrections are numbered by position
(1, 2, ...), so a published entry keeps its id as long as nothing is removed before it.
Petitions carry an explicit `no` that never changes once published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG_RE = re.compile(rf"{SLUG}\Z")
DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


@dataclass(frozen=True)
class Node:
    """How one YAML mapping maps to a row of `table`."""

    table: str
    derived: tuple[str, ...] = ()  # columns the loader fills in
    groups: tuple[str, ...] = ()  # keys holding {sub: value} flattened to key_sub columns
    lists: tuple[tuple[str, Node], ...] = ()  # keys holding lists of child rows
    maps: tuple[tuple[str, Node], ...] = ()  # keys holding one child row
    positional: bool = False  # child rows numbered by position into `no`


# Child entries of a petition: numbered by position, linked by petition_id.
ASSIGNMENT = Node("assignments", derived=("petition_id", "no"), positional=True)
UPDATE = Node("updates", derived=("petition_id", "no"), positional=True)
SUPERVISION = Node("supervision", derived=("petition_id", "no"), positional=True)

PETITION = Node(
    "petitions",
    derived=("id", "conference_id"),
    groups=("petitioner",),
    lists=(("assignments", ASSIGNMENT), ("updates", UPDATE), ("supervision", SUPERVISION)),
)
CHAIR = Node("chairs", derived=("conference_id", "no"), positional=True)
NOTICE = Node("notices", derived=("conference_id",))
CORRECTION = Node("corrections", derived=("conference_id", "no"), positional=True)

CONFERENCE = Node(
    "conferences",
    derived=("id",),
    groups=("minutes",),
    lists=(("chairs", CHAIR), ("petitions", PETITION), ("corrections", CORRECTION)),
    maps=(("notice", NOTICE),),
)
PLANNED = Node("planned_conferences", derived=("plan_id", "no"), positional=True)
PLAN = Node("plans", derived=("id",), groups=("document",), lists=(("conferences", PLANNED),))
UNIT = Node("units")
REPORT = Node("reports", derived=("id",))


@dataclass(frozen=True)
class Kind:
    """A kind of record file: its folder, its file-name pattern and its root node."""

    name: str
    folder: str
    pattern: re.Pattern[str]  # matched against the path below content/
    node: Node
    example: str
    # record key -> regex group whose value the key must equal
    path_fields: dict[str, str] = field(default_factory=dict)

    def record_id(self, match: re.Match[str]) -> str:
        groups = match.groupdict()
        if self.name == "unit":
            return groups["unit"]
        if self.name == "plan":
            return f"{groups['unit']}.{groups['year']}.{groups['head']}"
        if self.name == "conference":
            return f"{groups['unit']}.{groups['stem']}"
        return f"{groups['unit']}.{groups['period']}"


KINDS: tuple[Kind, ...] = (
    Kind(
        "unit",
        "units",
        re.compile(rf"units/(?P<unit>{SLUG})\.yaml\Z"),
        UNIT,
        "units/xa-tan-an.yaml",
        {"id": "unit"},
    ),
    Kind(
        "plan",
        "plans",
        re.compile(rf"plans/(?P<unit>{SLUG})/(?P<year>[0-9]{{4}})-(?P<head>{SLUG})\.yaml\Z"),
        PLAN,
        "plans/xa-tan-an/2026-cap-uy.yaml",
        {"unit": "unit", "year": "year", "head": "head"},
    ),
    Kind(
        "conference",
        "conferences",
        re.compile(
            rf"conferences/(?P<unit>{SLUG})/(?P<stem>(?P<date>{DATE})(?:-[a-z0-9]+)?)\.yaml\Z"
        ),
        CONFERENCE,
        "conferences/xa-tan-an/2026-03-12.yaml",
        {"unit": "unit", "held_on": "date"},
    ),
    Kind(
        "report",
        "reports",
        re.compile(rf"reports/(?P<unit>{SLUG})/(?P<period>[0-9]{{4}}(?:-q[1-4]|-h1)?)\.yaml\Z"),
        REPORT,
        "reports/xa-tan-an/2026-h1.yaml",
        {"unit": "unit", "period": "period"},
    ),
)
KIND_BY_FOLDER = {k.folder: k for k in KINDS}


def nodes(kinds: tuple[Kind, ...] = KINDS) -> list[Node]:
    """Every node of the record KINDS (each table appears once)."""
    out: list[Node] = []
    stack = [k.node for k in kinds]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(child for _, child in (*node.lists, *node.maps))
    return out


# Entries under content/ that hold other data, loaded by their own modules.
OTHER_FOLDERS = {"rules", "calendar", "portal.yaml", "owners.yaml"}


def classify(relative: str) -> tuple[Kind, re.Match[str]] | None:
    """The kind of a path below content/ (POSIX separators), or None if it fits none."""
    folder = relative.split("/", 1)[0]
    kind = KIND_BY_FOLDER.get(folder)
    if kind is None:
        return None
    match = kind.pattern.match(relative)
    return (kind, match) if match else None
