"""Generate a synthetic portal: units, yearly schedules, and every record's dated facts.

The country is built first (provinces, their departments and Fatherland Front committees, their
communes with agencies), with names drawn from `danbiet.synth.names`. Then, year by year, each unit
that holds dialogues gets a schedule: its plans, the conferences each head chairs, its reports.
Each conference is then built with every fact it will ever have (invitation, notice, petitions,
assignments, updates, supervision, corrections), each with its date, using the unit's rule profile
and the working-day calendar so that on-time and late cases are what they claim to be. Facts dated
after the as-of date are left out: as of that day they have not happened.

A record is kept as pre-rendered canonical YAML fragments (`danbiet.synth.yamltext`), so the text
of the record as it stood on any day is a join of the fragments of the facts published by then.
Two drivers use this: `write_tree` writes each record's final text; `danbiet.synth.history`
publishes the versions twice a week through `git fast-import`.

What a portal holds (shares are approximate):
    units       per province: the province (tinh), N departments (so-nganh), its Fatherland Front
                committee and office; per commune or ward (xa): its Front committee and five
                agencies (co-quan). Units use the three shipped rule profiles.
    plans       one per head and year: 80% registered on time, 10% late, 10% never
    conferences 1-4 a year per head (some chaired jointly), periodic, thematic or ad hoc; about 2%
                failed (plus one commune a year per province), with minutes; invitations mostly
                on time; notices 80% on time, 13% late, 7% never issued
    petitions   15-20 each, raised before (received_on) or at the conference, from individuals,
                groups, businesses and organisations; 90% within the chair's authority, of which
                28% answered at the conference and the rest assigned (with the notice, late or
                never), resolved on time (55%), late (25%) or still open (20%); some reassigned,
                some given an explicit due date; 35% of closed ones supervised, 20% of those
                disputed, re-opened, fixed and confirmed; open and overdue ones sometimes disputed
    corrections about 3% of conferences (one a year per province for certain)
    reports     as each profile requires (quarterly, half-yearly, yearly), 80% on time
Some units hold their last dialogue in the days before the as-of date, so obligations not yet due
and due soon exist at any size.

Randomness comes from `random.Random` seeded with the seed and the name of what is generated
(a unit and year, a conference id), so a record does not depend on the order of generation.
"""

from __future__ import annotations

import bisect
import gc
import random
import re
import shutil
import string
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from danbiet.synth import names as N
from danbiet.synth.yamltext import list_item, mapping, scalar

REPO = Path(__file__).resolve().parents[3]
PROFILES = ("qd-son-la", "kl-116-bac-giang", "hd-2023-thanh-uy")
HEAD_ROLE = {"cap-uy": "bi-thu", "chinh-quyen": "chu-tich", "thu-truong": "thu-truong"}
KINDS = ("dinh-ky", "chuyen-de", "dot-xuat")
KIND_WEIGHTS = (40, 45, 15)
# Working days before the as-of date on which some units hold their last dialogue, so that
# deadlines still running (not yet due, due soon) exist whatever the size of the output.
NEAR_AS_OF = (2, 1, 3, 6, 9, 12, 4)
ONE_DAY = timedelta(days=1)


class SynthError(Exception):
    """Options that cannot give a portal (no years, an as-of date before the start...)."""


@dataclass(frozen=True)
class Options:
    out: Path
    provinces: int = 1
    communes: int = 3
    years: int = 1
    seed: int = 1
    start_year: int = 2025
    petitions: tuple[int, int] = (15, 20)
    conferences_per_head: tuple[int, int] = (1, 4)
    departments: int = 6
    as_of: date | None = None
    git: bool = True
    commits: str = "province"  # one commit per province and week, or per "office" and week
    source: Path = REPO  # the package repository: rule profiles and calendars are copied from it

    @property
    def end(self) -> date:
        return self.as_of or date(self.start_year + self.years - 1, 12, 31)


@dataclass
class Summary:
    out: Path
    as_of: date
    counts: dict[str, int]
    seconds: float
    commits: int = 0
    head: str | None = None
    phases: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        c = self.counts
        text = (
            f"wrote {c.get('files', 0)} files into {self.out} as of {self.as_of.isoformat()}: "
            f"{c.get('units', 0)} units, {c.get('plans', 0)} plans, "
            f"{c.get('conferences', 0)} conferences, {c.get('petitions', 0)} petitions, "
            f"{c.get('assignments', 0)} assignments, {c.get('updates', 0)} updates, "
            f"{c.get('supervision', 0)} supervision entries, {c.get('corrections', 0)} "
            f"corrections, {c.get('reports', 0)} reports"
        )
        if self.head:
            text += f"; {self.commits} commits, HEAD {self.head[:12]}"
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.phases.items())
        return text + f" ({self.seconds:.1f} s{': ' + phases if phases else ''})"


# --------------------------------------------------------------------------- text helpers


_SLUGS: dict[str, str] = {}


def slugify(text: str) -> str:
    found = _SLUGS.get(text)
    if found is None:
        found = _SLUGS[text] = _slugify(text)
    return found


def _slugify(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    plain = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)
    )
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def vn_date(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


_FORMATTER = string.Formatter()
_TEMPLATE_FIELDS: dict[str, tuple[str, ...]] = {}


def template_fields(template: str) -> tuple[str, ...]:
    found = _TEMPLATE_FIELDS.get(template)
    if found is None:
        found = tuple(name for _, name, _, _ in _FORMATTER.parse(template) if name)
        _TEMPLATE_FIELDS[template] = found
    return found


def schema_line(rel: str) -> str:
    """The first line `danbiet fmt` gives the record file at REL (its editor schema), or ''."""
    from danbiet import fmt

    comment = getattr(fmt, "schema_comment", None)
    line = comment(rel) if comment is not None else None
    return f"{line}\n" if line else ""


def person(rng: random.Random) -> str:
    if rng.random() < 0.35:
        middle, given = N.MIDDLE_FEMALE, N.GIVEN_FEMALE
    else:
        middle, given = N.MIDDLE_MALE, N.GIVEN_MALE
    return f"{rng.choice(N.FAMILY_NAMES)} {rng.choice(middle)} {rng.choice(given)}"


# --------------------------------------------------------------------------- entry texts
# The entries written by the hundred thousand, straight to canonical text (the same text
# yamltext.list_item gives for the mapping; tests/test_synth.py compares them with danbiet.fmt).


def assignment_text(
    to: str, assigned: date, due: date | None, document: str | None, note: str
) -> bytes:
    text = f"      - to: {scalar(to)}\n        assigned_on: {assigned.isoformat()}\n"
    if due is not None:
        text += f"        due_on: {due.isoformat()}\n"
    if document:
        text += f"        document_number: {scalar(document)}\n"
    return (text + f"        note: {scalar(note)}\n").encode()


def update_text(
    day: date, status: str, by: str, note: str, evidence: str | None = None, url: str | None = None
) -> bytes:
    text = (
        f"      - date: {day.isoformat()}\n        status: {status}\n        by: {scalar(by)}\n"
        f"        note: {scalar(note)}\n"
    )
    if evidence:
        text += f"        evidence: {scalar(evidence)}\n"
    if url:
        text += f"        evidence_url: {scalar(url)}\n"
    return text.encode()


def supervision_text(by: str, day: date, verdict: str, note: str, document: str | None) -> bytes:
    text = (
        f"      - by: {scalar(by)}\n        date: {day.isoformat()}\n        verdict: {verdict}\n"
        f"        note: {scalar(note)}\n"
    )
    if document:
        text += f"        document: {scalar(document)}\n"
    return text.encode()


def petition_text(base: dict[str, Any]) -> bytes:
    """The fixed part of a petition (what is known on the day of the conference)."""
    text = f"  - no: {base['no']}\n    raised: {base['raised']}\n"
    if "received_on" in base:
        text += f"    received_on: {base['received_on']}\n"
    petitioner = base["petitioner"]
    text += (
        f"    petitioner:\n      kind: {petitioner['kind']}\n"
        f"      label: {scalar(petitioner['label'])}\n"
        f"    field: {base['field']}\n    summary: {scalar(base['summary'])}\n"
        f"    within_authority: {'true' if base['within_authority'] else 'false'}\n"
    )
    if "forwarded_to" in base:
        text += f"    forwarded_to: {scalar(base['forwarded_to'])}\n"
    if base.get("answered_at_conference"):
        text += "    answered_at_conference: true\n"
    if "answer" in base:
        text += f"    answer: {scalar(base['answer'])}\n"
    return text.encode()


# --------------------------------------------------------------------------- the country


@dataclass(eq=False)
class Province:
    index: int
    name: str  # An Lạc
    slug: str
    id: str  # tinh-an-lac
    site: str
    profile: str
    units: list[Unit] = field(default_factory=list)  # every unit, in file order
    dialogue_units: list[Unit] = field(default_factory=list)
    communes: list[Unit] = field(default_factory=list)

    @property
    def text(self) -> str:
        return f"tỉnh {self.name}"


@dataclass(eq=False)
class Unit:
    id: str
    name: str
    level: str
    province: Province
    order: int  # creation order in the whole country
    parent: str | None = None
    profile: str | None = None
    website: str | None = None
    kind: str = ""  # province | department | commune | front | agency
    text: str = ""  # in running text: xã Tân An, tỉnh An Lạc, Sở Y tế tỉnh An Lạc
    heads: tuple[str, ...] = ()
    slot: int = 0  # index among the dialogue units of its province
    ward: bool = False
    places: tuple[str, ...] = ()
    roads: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    schools: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()
    streams: tuple[str, ...] = ()
    fields: tuple[str, ...] = N.FIELDS
    field_weights: tuple[int, ...] = ()
    agency_for: dict[str, str] = field(default_factory=dict)
    abbreviation: dict[str, str] = field(default_factory=dict)  # agency id -> symbol
    agency_names: dict[str, str] = field(default_factory=dict)
    office: str = ""  # the unit that forwards petitions outside its authority
    front: str = ""  # the Fatherland Front committee that supervises
    code: str = ""  # document symbol (SYT for Sở Y tế)
    author: tuple[str, str] = ("", "")  # (name, e-mail) of the office that publishes
    people: dict[str, str] = field(default_factory=dict)  # role -> name, this year
    tally: list[tuple[int, int, list[int]]] = field(default_factory=list)

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "level": self.level}
        if self.parent:
            out["parent"] = self.parent
        if self.profile:
            out["profile"] = self.profile
        if self.website:
            out["website"] = self.website
        return out


def _names(rng: random.Random, used: set[str], count: int, words: tuple[str, ...]) -> list[str]:
    """COUNT place names whose slugs are not in USED (and are then added to it).

    Two-syllable names first, in random order; when they run out, names with a third word
    (Tân An Thượng, Tân An Hạ ...), as real communes are named."""
    pool = [
        f"{a} {b}"
        for a in N.FIRST_SYLLABLES
        for b in N.SECOND_SYLLABLES
        if a != b and f"{a} {b}" not in N.REAL_PROVINCES
    ]
    rng.shuffle(pool)
    candidates = iter([*pool, *(f"{name} {word}" for word in words for name in pool)])
    out: list[str] = []
    for name in candidates:
        if len(out) == count:
            break
        slug = slugify(name)
        if slug not in used:
            used.add(slug)
            out.append(name)
    if len(out) < count:
        raise SynthError(f"cannot name {count} places; use fewer provinces or communes")
    return out


class Country:
    """Provinces with their departments, fronts, offices, communes and agencies."""

    def __init__(self, options: Options) -> None:
        self.options = options
        rng = random.Random(f"{options.seed}:country")
        used: set[str] = set()
        province_names = _names(rng, used, options.provinces, ())
        commune_names = _names(rng, used, options.provinces * options.communes, N.NAME_SUFFIXES)
        self.provinces: list[Province] = []
        self.units: list[Unit] = []
        self._all: list[Unit] = []
        cursor = 0
        for index in range(options.provinces):
            name = province_names[index]
            batch = commune_names[cursor : cursor + options.communes]
            cursor += options.communes
            self.provinces.append(self._province(index, name, batch, rng))
        for province in self.provinces:
            self.units.extend(province.units)

    def _unit(self, province: Province, **kw: Any) -> Unit:
        unit = Unit(province=province, order=len(self._all), **kw)
        self._all.append(unit)
        province.units.append(unit)
        return unit

    def _province(self, index: int, name: str, communes: list[str], rng: random.Random) -> Province:
        slug = slugify(name)
        profile = PROFILES[index % len(PROFILES)]
        site = f"https://{slug}.example.gov.vn"
        province = Province(index, name, slug, f"tinh-{slug}", site, profile)
        front = self._unit(
            province,
            id=f"mttq-tinh-{slug}",
            name=f"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {name}",
            level="to-chuc",
            parent=province.id,
            kind="front",
        )
        office = self._unit(
            province,
            id=f"van-phong-ubnd-tinh-{slug}",
            name=f"Văn phòng UBND tỉnh {name}",
            level="co-quan",
            parent=province.id,
            kind="agency",
        )
        top = self._unit(
            province,
            id=province.id,
            name=f"Tỉnh {name}",
            level="tinh",
            profile=profile,
            website=site,
            kind="province",
            text=province.text,
            heads=("cap-uy", "chinh-quyen"),
            office=office.id,
            front=front.id,
            code="UBND",
            author=(f"Văn phòng UBND tỉnh {name}", f"van-phong@{slug}.example.gov.vn"),
        )
        # file order: the province first
        province.units.remove(top)
        province.units.insert(0, top)
        departments = []
        for code, title, abbr, fields in N.DEPARTMENTS[: max(0, self.options.departments)]:
            unit = self._unit(
                province,
                id=f"so-{code}-{slug}",
                name=f"{title} tỉnh {name}",
                level="so-nganh",
                parent=province.id,
                profile=profile,
                website=f"{site}/so-{code}",
                kind="department",
                text=f"{title} tỉnh {name}",
                heads=("thu-truong",),
                fields=fields,
                code=abbr,
                front=front.id,
                author=(
                    f"Văn phòng {title} tỉnh {name}",
                    f"van-phong@{code}.{slug}.example.gov.vn",
                ),
            )
            unit.office = unit.id
            unit.agency_for = dict.fromkeys(fields, unit.id)
            unit.abbreviation = {unit.id: abbr}
            unit.agency_names = {unit.id: unit.name}
            departments.append(unit)
        by_code = {u.id.removeprefix("so-").removesuffix(f"-{slug}"): u for u in departments}
        top.agency_for = {
            f: (by_code[c].id if c in by_code else office.id)
            for f, c in N.PROVINCE_FIELD_DEPARTMENT.items()
        }
        for f in N.FIELDS:
            top.agency_for.setdefault(f, office.id)
        top.abbreviation = {u.id: u.code for u in departments}
        top.abbreviation[office.id] = "VP"
        top.agency_names = {u.id: u.name for u in departments}
        top.agency_names[office.id] = office.name
        commune_units = []
        for commune_name in communes:
            commune_units.append(self._commune(province, commune_name, rng))
        # provincial texts talk about its communes and main roads
        commune_texts = tuple(u.text for u in commune_units) or (f"thành phố {name}",)
        for unit in (top, *departments):
            unit.places = commune_texts[:40]
            unit.roads = tuple(
                f"quốc lộ {rng.randint(1, 60)}" if i % 2 else f"đường tỉnh {rng.randint(100, 999)}"
                for i in range(4)
            )
            unit.projects = tuple(
                _project(rng, rng.choice(N.SECOND_SYLLABLES), unit.roads) for _ in range(3)
            )
            unit.schools = tuple(
                rng.choice(N.SCHOOLS).format(ten=rng.choice(commune_texts)[3:].strip())
                for _ in range(2)
            )
            unit.markets = (f"chợ trung tâm tỉnh {name}",)
            unit.streams = (f"sông {rng.choice(N.SECOND_SYLLABLES)}",)
        province.dialogue_units = [top, *departments, *commune_units]
        province.communes = commune_units
        for slot, unit in enumerate(province.dialogue_units):
            unit.slot = slot
            unit.field_weights = tuple(N.FIELD_WEIGHTS[f] for f in unit.fields)
        return province

    def _commune(self, province: Province, name: str, rng: random.Random) -> Unit:
        ward = rng.random() < 0.2
        level_word = "phường" if ward else "xã"
        slug = slugify(name)
        cid = f"{'phuong' if ward else 'xa'}-{slug}"
        text = f"{level_word} {name}"
        profile = province.profile if rng.random() < 0.75 else rng.choice(PROFILES)
        front = f"mttq-{cid}"
        unit = self._unit(
            province,
            id=cid,
            name=f"{level_word.capitalize()} {name}",
            level="xa",
            parent=province.id,
            profile=profile,
            website=f"{province.site}/{cid}",
            kind="commune",
            text=text,
            heads=("cap-uy", "chinh-quyen"),
            ward=ward,
            front=front,
            code="UBND",
            author=(
                f"Văn phòng HĐND và UBND {text}",
                f"van-phong@{cid}.{province.slug}.example.gov.vn",
            ),
        )
        self._unit(
            province,
            id=front,
            name=f"Ủy ban Mặt trận Tổ quốc Việt Nam {text}",
            level="to-chuc",
            parent=cid,
            kind="front",
        )
        for prefix, xa_name, ward_name, fields in N.COMMUNE_AGENCIES:
            agency_name = f"{ward_name if ward else xa_name} {text}"
            agency_id = f"{prefix}-{cid}"
            if ward and prefix == "phong-kinh-te":
                agency_id = f"phong-kinh-te-ha-tang-do-thi-{cid}"
            self._unit(
                province,
                id=agency_id,
                name=agency_name,
                level="co-quan",
                parent=cid,
                kind="agency",
            )
            for f in fields:
                unit.agency_for[f] = agency_id
            unit.abbreviation[agency_id] = N.AGENCY_ABBREVIATIONS[prefix]
            unit.agency_names[agency_id] = agency_name
            if prefix == "van-phong-hdnd-ubnd":
                unit.office = agency_id
        # places inside the commune
        count = rng.randint(6, 9)
        if ward:
            kind = rng.choice(N.WARD_KINDS)
            numbers = rng.sample(range(1, 25), count)
            unit.places = tuple(f"{kind} {n}" for n in sorted(numbers))
            unit.roads = tuple(f"đường {s}" for s in rng.sample(N.STREETS, 3))
        else:
            kind = rng.choice(N.VILLAGE_KINDS)
            named = rng.sample(N.VILLAGE_NAMES, count // 2 + 1)
            numbered = rng.sample(range(1, 15), count - len(named))
            unit.places = tuple(f"{kind} {v}" for v in (*named, *map(str, sorted(numbered))))
            other = rng.choice(N.FIRST_SYLLABLES) + " " + rng.choice(N.SECOND_SYLLABLES)
            unit.roads = (
                f"đường liên xã {name} – {other}",
                f"đường tỉnh {rng.randint(100, 999)}",
                f"đường trục {unit.places[0]}",
            )
        unit.projects = tuple(_project(rng, name, unit.roads) for _ in range(2))
        unit.schools = tuple(rng.choice(N.SCHOOLS).format(ten=name) for _ in range(2))
        unit.markets = (f"chợ {name}", f"chợ {rng.choice(N.VILLAGE_NAMES)}")
        unit.streams = tuple(
            rng.choice(N.STREAMS).format(so=rng.randint(1, 30), ten=rng.choice(N.VILLAGE_NAMES))
            for _ in range(2)
        )
        return unit


def _project(rng: random.Random, name: str, roads: tuple[str, ...]) -> str:
    return rng.choice(N.PROJECT_KINDS).format(
        huong=rng.choice(N.DIRECTIONS), ten=name, duong=rng.choice(roads)
    )


# --------------------------------------------------------------------------- documents


FOREVER = date.max.toordinal()  # a cut-off that publishes every fact
BATCH_DAYS = 28  # offices publish follow-up entries in four-weekly batches


class Doc:
    """A record file whose text grows as its facts are published.

    Every fragment carries the day it is published (the ordinal of the fact's day plus the
    office's publication delay); `render(cutoff)` is the text as it stood after publishing day
    CUTOFF. Lists only ever show a prefix of their entries, so every version appends to the one
    before (published entries are never edited).
    """

    path: str
    group: tuple[int, ...]
    pubs: list[int]  # publication days, sorted, unique
    new: bool = True
    kind: str = ""
    size: int = 0  # length of the last text rendered

    def render(self, cutoff: int) -> bytes:
        raise NotImplementedError

    def next_change(self, cutoff: int) -> int | None:
        """The first publication day after CUTOFF, or None when everything is published."""
        i = bisect.bisect_right(self.pubs, cutoff)
        return self.pubs[i] if i < len(self.pubs) else None


class StaticDoc(Doc):
    """A record published once (plans, reports)."""

    def __init__(self, path: str, group: tuple[int, ...], day: date, text: bytes, kind: str):
        self.path, self.group, self.text, self.kind = path, group, text, kind
        self.pubs = [day.toordinal()]

    def render(self, cutoff: int) -> bytes:
        return self.text


Entries = list[tuple[int, bytes]]  # (publication day, canonical text)


class PetitionDoc:
    __slots__ = ("base", "assignments", "updates", "supervision")

    def __init__(self, base: bytes) -> None:
        self.base = base
        self.assignments: Entries = []
        self.updates: Entries = []
        self.supervision: Entries = []


_ASSIGNMENTS = b"    assignments:\n"
_UPDATES = b"    updates:\n"
_SUPERVISION = b"    supervision:\n"


def _visible(parts: list[bytes], header: bytes, entries: Entries, cutoff: int) -> None:
    if entries and entries[0][0] <= cutoff:
        parts.append(header)
        for day, text in entries:
            if day > cutoff:
                break
            parts.append(text)


class ConferenceDoc(Doc):
    kind = "conference"

    def __init__(self, path: str, group: tuple[int, ...]) -> None:
        self.path, self.group = path, group
        self.head = b""
        self.notice: tuple[int, bytes] | None = None
        self.chairs = b""
        self.petitions: list[PetitionDoc] = []
        self.corrections: Entries = []
        self.pubs = []

    def render(self, cutoff: int) -> bytes:
        parts = [self.head]
        if self.notice is not None and self.notice[0] <= cutoff:
            parts.append(self.notice[1])
        parts.append(self.chairs)
        parts.append(b"petitions:\n")
        for petition in self.petitions:
            parts.append(petition.base)
            _visible(parts, _ASSIGNMENTS, petition.assignments, cutoff)
            _visible(parts, _UPDATES, petition.updates, cutoff)
            _visible(parts, _SUPERVISION, petition.supervision, cutoff)
        _visible(parts, b"corrections:\n", self.corrections, cutoff)
        return b"".join(parts)


# --------------------------------------------------------------------------- schedules


@dataclass(eq=False)
class Seed:
    """A conference to be held: what the schedule decides before the day."""

    unit: Unit
    held: date
    kind: str
    heads: tuple[str, ...]
    title: str
    theme: str | None
    failed: bool
    number: str  # its conclusion notice's number
    form: str | None = None  # decided by the schedule for a few; else by the conference
    corrected: bool = False  # gets a correction entry
    plan_id: str | None = None

    @property
    def id(self) -> str:
        return f"{self.unit.id}.{self.held.isoformat()}"

    @property
    def path(self) -> str:
        return f"content/conferences/{self.unit.id}/{self.held.isoformat()}.yaml"


@dataclass
class ReportSpec:
    unit: Unit
    period: str
    start: date
    end: date
    filed: date
    number: str


@dataclass
class UnitYear:
    seeds: list[Seed]
    plans: list[StaticDoc]
    reports: list[ReportSpec]


class _Due:
    """The obligation engine's due-date arithmetic (danbiet.obligations.Engine), on a calendar."""

    def __init__(self, calendar: Any) -> None:
        from danbiet.obligations import Engine

        self.calendar = calendar
        self._fixed = Engine.fixed_due
        self._clock = Engine.clock_due

    def fixed(self, rule: Any, year: int, month: int) -> date:
        return self._fixed(self, rule, year, month)[0]  # type: ignore[arg-type]

    def clock(self, rule: Any, anchor: date) -> date:
        return self._clock(self, rule, anchor)[0]  # type: ignore[arg-type]


class Generator:
    """Builds every record of a country from its options (see the module docstring)."""

    def __init__(self, options: Options) -> None:
        from danbiet.rules import load_profiles
        from danbiet.workdays import Calendar

        if options.years < 1 or options.provinces < 1 or options.communes < 0:
            raise SynthError("--years and --provinces must be at least 1, --communes at least 0")
        lo, hi = options.petitions
        if not 1 <= lo <= hi <= 9999:
            raise SynthError("--petitions-per-conference must be a range like 15-20")
        clo, chi = options.conferences_per_head
        if not 1 <= clo <= chi <= 20:
            raise SynthError("--conferences-per-head must be a range like 1-4")
        self.options = options
        self.as_of = options.end
        if self.as_of < date(options.start_year, 1, 1):
            raise SynthError("--as-of is before the first year")
        self.last_year = min(options.start_year + options.years - 1, self.as_of.year)
        self.calendar = Calendar.load(options.source / "content" / "calendar")
        self.profiles = load_profiles(options.source)
        missing = [p for p in PROFILES if p not in self.profiles]
        if missing:
            raise SynthError(f"rule profiles missing from {options.source}: {', '.join(missing)}")
        self.due = _Due(self.calendar)
        self.country = Country(options)
        self.counts: dict[str, int] = dict.fromkeys(
            (
                "units",
                "plans",
                "conferences",
                "petitions",
                "assignments",
                "updates",
                "supervision",
                "corrections",
                "reports",
            ),
            0,
        )
        self.counts["units"] = len(self.country.units)
        self._working_days: dict[int, list[date]] = {}
        self._dialogue_days: dict[int, list[date]] = {}

    # -- calendar helpers

    def wd(self, day: date, n: int) -> date:
        """The N-th working day after DAY."""
        return self.calendar.add_working_days(day, n).due

    def next_wd(self, day: date) -> date:
        return self.calendar.next_working_day(day)

    def prev_wd(self, day: date) -> date:
        while not self.calendar.is_working_day(day):
            day -= ONE_DAY
        return day

    def working_days(self, year: int) -> list[date]:
        days = self._working_days.get(year)
        if days is None:
            first = date(year, 1, 1)
            days = [
                first + timedelta(days=i)
                for i in range((date(year + 1, 1, 1) - first).days)
                if self.calendar.is_working_day(first + timedelta(days=i))
            ]
            self._working_days[year] = days
        return days

    def dialogue_days(self, year: int) -> list[date]:
        """The working days of YEAR on which dialogues are held (after the plans, before the
        year's last reports, not after the as-of date)."""
        days = self._dialogue_days.get(year)
        if days is None:
            last = min(date(year, 12, 18), self.as_of)
            days = [d for d in self.working_days(year) if date(year, 2, 10) <= d <= last]
            self._dialogue_days[year] = days
        return days

    def group(self, unit: Unit) -> tuple[int, ...]:
        if self.options.commits == "office":
            return (unit.province.index, unit.order)
        return (unit.province.index,)

    def years(self) -> range:
        return range(self.options.start_year, self.last_year + 1)

    # -- fixed files

    def fixed_files(self) -> Iterator[tuple[str, bytes]]:
        """Rule profiles, calendars, unit records, a README and a .gitignore."""
        source = self.options.source / "content"
        for folder in ("rules", "calendar"):
            for path in sorted((source / folder).glob("*.yaml")):
                yield f"content/{folder}/{path.name}", path.read_bytes()
        schemas = self.options.source / "schemas" / "json"
        if schemas.is_dir():
            for path in sorted(schemas.glob("*.json")):
                yield f"schemas/json/{path.name}", path.read_bytes()
        for unit in self.country.units:
            rel = f"content/units/{unit.id}.yaml"
            yield rel, (schema_line(rel) + mapping(unit.record())).encode()
        yield "README.md", self.readme().encode()
        yield ".gitignore", b"/site/\n.danbiet-cache/\n"

    def readme(self) -> str:
        o = self.options
        return (
            "# Dữ liệu tổng hợp (synthetic) của cổng Dân biết\n\n"
            "Kho này do lệnh `danbiet synth` tạo ra để đo hiệu năng và trình diễn. Mọi tỉnh, xã, "
            "cơ quan, tên người và kiến nghị đều là hư cấu; người kiến nghị chỉ được ghi bằng "
            "nhãn ẩn danh.\n\n"
            f"- provinces: {o.provinces}, communes per province: {o.communes}, years: "
            f"{o.start_year}–{self.last_year}, seed: {o.seed}\n"
            f"- as of: {self.as_of.isoformat()} (run `danbiet validate --as-of "
            f"{self.as_of.isoformat()}`)\n"
        )

    # -- schedules

    def schedule(self, unit: Unit, year: int) -> UnitYear:
        """Plans, conferences and reports of UNIT in YEAR (facts after as-of left out)."""
        rng = random.Random(f"{self.options.seed}:schedule:{unit.id}:{year}")
        roles = ("bi-thu", "pho-bi-thu", "chu-tich", "pho-chu-tich", "khac")
        if unit.kind == "department":
            roles = ("thu-truong", "pho-thu-truong", "khac")
        for role in roles:
            if role not in unit.people or rng.random() < 0.12:
                unit.people[role] = person(rng)
        lo, hi = self.options.conferences_per_head
        counts = {}
        for head in unit.heads:
            choices = list(range(lo, hi + 1))
            weights = [1] * len(choices) if unit.kind == "department" else choices
            counts[head] = rng.choices(choices, weights)[0]
        slots: list[tuple[str, ...]] = []
        if len(unit.heads) == 2:
            a, b = unit.heads
            joint = sum(rng.random() < 0.2 for _ in range(min(counts[a], counts[b])))
            slots = [(a, b)] * joint + [(a,)] * (counts[a] - joint) + [(b,)] * (counts[b] - joint)
        else:
            slots = [unit.heads] * counts[unit.heads[0]]
        rng.shuffle(slots)
        candidates = self.dialogue_days(year)
        n = min(len(slots), len(candidates))
        slots = slots[:n]
        days = sorted(rng.sample(candidates, n)) if n else []
        if year == self.as_of.year and unit.slot % 3 == 1 and days:
            k = NEAR_AS_OF[(unit.slot // 3) % len(NEAR_AS_OF)]
            near = self.calendar.working_days_before(self.as_of, k).due
            if near.year == year and near not in days and (len(days) < 2 or near > days[-2]):
                days[-1] = near
                days.sort()
        profile = self.profiles[unit.profile or PROFILES[0]]
        seeds: list[Seed] = []
        numbers: dict[str, int] = {}
        periodic = 0
        # one commune of each province has a failed dialogue each year (and a few more by chance)
        communes = unit.province.communes
        failing = bool(communes) and unit is communes[(year + unit.province.index) % len(communes)]
        events = [e for e in N.URGENT_EVENTS if e[1] in unit.fields]
        for index, (heads, held) in enumerate(zip(slots, days, strict=True)):
            kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
            if kind == "dot-xuat" and not events:
                kind = "chuyen-de"  # no urgent matter in this department's fields
            theme: str | None = None
            if kind == "dinh-ky":
                periodic += 1
                title = self.periodic_title(unit, heads, year, periodic)
            elif kind == "chuyen-de":
                theme = rng.choices(unit.fields, unit.field_weights)[0]
                topic = rng.choice(N.THEMES[theme])
                title = "Đối thoại về " + self.fill(topic, unit, rng, year)
            else:
                event, theme = rng.choice(events)
                title = "Đối thoại đột xuất về " + self.fill(event, unit, rng, year)
            failed = rng.random() < 0.02 or (failing and index == 0)
            issuer = heads[0]
            numbers[issuer] = numbers.get(issuer, rng.randint(5, 40)) + rng.randint(2, 20)
            number = self.document_number(unit, issuer, "TB", numbers[issuer])
            seed = Seed(unit, held, kind, heads, title[:300], theme, failed, number)
            # the failing commune's second dialogue is held online and corrected after publication
            if failing and index == 1:
                seed.form = "truc-tuyen"
                seed.corrected = True
            seeds.append(seed)
        plans = [
            doc for head in unit.heads if (doc := self.plan(unit, year, head, seeds, profile, rng))
        ]
        reports = self.report_specs(unit, year, profile, rng)
        return UnitYear(seeds, plans, reports)

    def periodic_title(self, unit: Unit, heads: tuple[str, ...], year: int, n: int) -> str:
        if unit.kind == "department":
            who = f"Giám đốc {unit.name}"
        else:
            titles = {
                "cap-uy": "Bí thư Tỉnh ủy" if unit.kind == "province" else "Bí thư Đảng ủy",
                "chinh-quyen": "Chủ tịch UBND",
            }
            who = ", ".join(titles[h] for h in heads) + f" {unit.text}"
        time = f" lần {n}" if n > 1 else ""
        return f"Hội nghị đối thoại định kỳ{time} năm {year} giữa {who} với Nhân dân"

    def document_number(self, unit: Unit, head: str, kind: str, n: int) -> str:
        if unit.kind == "department":
            return f"{n}/{kind}-{unit.code}"
        if head == "cap-uy":
            return f"{n}-{kind}/{'TU' if unit.kind == 'province' else 'ĐU'}"
        return f"{n}/{kind}-UBND"

    def url(self, unit: Unit, folder: str, year: int, name: str) -> str:
        return f"{unit.province.site}/{unit.id}/{folder}/{year}/{slugify(name)}.pdf"

    def plan(
        self,
        unit: Unit,
        year: int,
        head: str,
        seeds: list[Seed],
        profile: Any,
        rng: random.Random,
    ) -> StaticDoc | None:
        rules = profile.find("plan")
        due = self.due.fixed(rules[0], year, rules[0].month or 1) if rules else date(year, 1, 31)
        state = (unit.order * 7 + year * 3 + unit.heads.index(head)) % 10
        if state == 9:
            return None  # never registered
        if state == 8:
            registered = self.next_wd(due + timedelta(days=rng.randint(3, 45)))
        else:
            first = date(year, 1, 5)
            span = max(0, (due - first).days - 2)
            registered = self.prev_wd(first + timedelta(days=rng.randint(0, span)))
            registered = max(registered, self.next_wd(first))
        if registered > self.as_of:
            return None
        plan_id = f"{unit.id}.{year}.{head}"
        planned = []
        for seed in seeds:
            if head not in seed.heads or seed.kind == "dot-xuat":
                continue
            if seed.heads[0] == head and registered + timedelta(days=10) <= seed.held:
                seed.plan_id = plan_id
            entry: dict[str, Any] = {
                "planned_on": min(
                    seed.held,
                    max(
                        seed.held - timedelta(days=rng.randint(0, 20)),
                        registered + timedelta(days=7),
                    ),
                ).isoformat(),
                "kind": seed.kind,
                "topic": seed.title,
            }
            if seed.held <= registered:
                entry["conference_id"] = seed.id
            planned.append(entry)
        if rng.random() < 0.4:
            theme = rng.choices(unit.fields, unit.field_weights)[0]
            planned.append(
                {
                    "planned_on": date(year, rng.randint(3, 12), rng.randint(1, 28)).isoformat(),
                    "kind": "chuyen-de",
                    "topic": "Đối thoại về "
                    + self.fill(rng.choice(N.THEMES[theme]), unit, rng, year),
                }
            )
        planned.sort(key=lambda e: e["planned_on"])
        number = self.document_number(unit, head, "KH", rng.randint(1, 30))
        record: dict[str, Any] = {
            "unit": unit.id,
            "year": year,
            "head": head,
            "head_name": unit.people[HEAD_ROLE[head]],
            "registered_on": registered.isoformat(),
            "document": {
                "number": number,
                "url": self.url(unit, "ke-hoach", year, f"{year}-{head}"),
            },
            "target": len(planned),
        }
        if rng.random() < 0.2:
            record["note"] = (
                "Kế hoạch gồm đối thoại định kỳ và đối thoại chuyên đề theo đề nghị của Ủy ban "
                "Mặt trận Tổ quốc Việt Nam cùng cấp."
            )
        if planned:
            record["conferences"] = planned
        self.counts["plans"] += 1
        path = f"content/plans/{unit.id}/{year}-{head}.yaml"
        text = (schema_line(path) + mapping(record)).encode()
        published = registered + timedelta(days=(unit.order + year) % 3)
        return StaticDoc(path, self.group(unit), published, text, "plan")

    def report_specs(
        self, unit: Unit, year: int, profile: Any, rng: random.Random
    ) -> list[ReportSpec]:
        specs: list[tuple[str, date, date, date]] = []  # period, start, end, due
        for rule in profile.find("report"):
            if rule.period == "quarter":
                for q in range(1, 5):
                    due = self.due.fixed(rule, year, 3 * q)
                    specs.append((f"{year}-q{q}", date(year, 3 * q - 2, 1), due, due))
            elif rule.period == "h1":
                due = self.due.fixed(rule, year, rule.month or 6)
                specs.append((f"{year}-h1", date(year, 1, 1), due, due))
            else:
                due = self.due.fixed(rule, year, rule.month or 12)
                specs.append((str(year), date(year, 1, 1), due, due))
        if not specs and rng.random() < 0.6:  # no report rule: a yearly report all the same
            specs.append((str(year), date(year, 1, 1), date(year, 12, 20), date(year, 12, 20)))
        out = []
        for index, (period, start, end, due) in enumerate(specs):
            state = (unit.order * 5 + year + index * 3) % 10
            if state == 9:
                continue  # never filed
            if state == 8:
                filed = self.next_wd(due + timedelta(days=rng.randint(2, 30)))
            else:
                filed = self.prev_wd(due - timedelta(days=rng.randint(0, 10)))
            if filed > self.as_of:
                continue
            number = f"{rng.randint(100, 900)}/BC-{unit.code}"
            out.append(ReportSpec(unit, period, start, min(end, filed), filed, number))
        return out

    def report(self, spec: ReportSpec) -> StaticDoc:
        unit = spec.unit
        lo, hi = spec.start.toordinal(), spec.end.toordinal()
        filed = spec.filed.toordinal()
        held = petitions = closed = 0
        for day, count, closes in unit.tally:
            if lo <= day <= hi:
                held += 1
                petitions += count
                closed += bisect.bisect_right(closes, filed)
        if spec.period.endswith("h1"):
            span = "6 tháng đầu năm " + spec.period[:4]
        elif "-q" in spec.period:
            span = f"quý {spec.period[-1]} năm {spec.period[:4]}"
        else:
            span = f"năm {spec.period}"
        summary = (
            f"Trong {span}, {unit.text} tổ chức {held} hội nghị đối thoại trực tiếp với Nhân dân, "
            f"tiếp nhận {petitions} ý kiến, kiến nghị; đến ngày báo cáo đã giải quyết, trả lời "
            f"{closed} ý kiến, đang tiếp tục giải quyết {petitions - closed} ý kiến."
        )
        if unit.kind == "commune":
            sent_to = f"Ban Thường vụ Đảng ủy {unit.text}; Ban Dân vận Tỉnh ủy {unit.province.name}"
        elif unit.kind == "province":
            sent_to = "Ban Thường vụ Tỉnh ủy; Ban Dân vận Trung ương"
        else:
            sent_to = f"UBND tỉnh {unit.province.name}; Ban Dân vận Tỉnh ủy {unit.province.name}"
        record = {
            "unit": unit.id,
            "period": spec.period,
            "filed_on": spec.filed.isoformat(),
            "number": spec.number,
            "url": self.url(unit, "bao-cao", spec.filed.year, spec.period),
            "sent_to": sent_to,
            "summary": summary,
        }
        self.counts["reports"] += 1
        path = f"content/reports/{unit.id}/{spec.period}.yaml"
        text = (schema_line(path) + mapping(record)).encode()
        published = spec.filed + timedelta(days=(unit.order + spec.filed.year) % 3)
        return StaticDoc(path, self.group(unit), published, text, "report")

    # -- text

    def fill(self, template: str, unit: Unit, rng: random.Random, year: int) -> str:
        return self.fill_all((template,), unit, rng, year)[0]

    def fill_all(
        self, templates: tuple[str, ...], unit: Unit, rng: random.Random, year: int
    ) -> list[str]:
        """TEMPLATES filled with the same values (a petition, its answer and its result)."""
        values: dict[str, Any] = {}
        names = [name for template in templates for name in template_fields(template)]
        for name in names:
            if name in values:
                continue
            if name in ("noi", "noi2"):
                values[name] = rng.choice(unit.places)
            elif name == "don_vi":
                values[name] = unit.text if unit.kind != "department" else unit.province.text
            elif name == "duong":
                values[name] = rng.choice(unit.roads)
            elif name == "du_an":
                values[name] = rng.choice(unit.projects)
            elif name == "truong":
                values[name] = rng.choice(unit.schools)
            elif name == "cho":
                values[name] = rng.choice(unit.markets)
            elif name == "kenh":
                values[name] = rng.choice(unit.streams)
            elif name == "so":
                values[name] = rng.randint(3, 25)
            elif name == "nam":
                values[name] = year
            elif name == "nam_truoc":
                values[name] = year - rng.randint(1, 3)
            elif name == "tinh":
                values[name] = unit.province.name
            elif name == "so_nnmt":
                values[name] = f"Sở Nông nghiệp và Môi trường tỉnh {unit.province.name}"
            else:
                raise KeyError(f"unknown template field {name}")
        return [template.format(**values) for template in templates]

    def evidence(self, unit: Unit, agency: str, day: date, rng: random.Random) -> tuple[str, str]:
        kind, kind_slug = rng.choice(N.EVIDENCE_KINDS)
        symbol = N.EVIDENCE_SYMBOLS[kind].format(abbr=unit.abbreviation.get(agency, "VP"))
        n = rng.randint(12, 980)
        text = f"{kind} số {n}/{symbol} ngày {vn_date(day)}"
        url = (
            f"{unit.province.site}/{unit.id}/van-ban/{day.year}/"
            f"{kind_slug}-so-{n}-{slugify(symbol)}.pdf"
        )
        return text, url

    # -- conferences

    def conference(self, seed: Seed) -> ConferenceDoc:
        """Build the conference of SEED with every fact up to the as-of date."""
        unit = seed.unit
        rng = random.Random(f"{self.options.seed}:{seed.id}")
        as_of = self.as_of
        held = seed.held
        profile = self.profiles[unit.profile or PROFILES[0]]
        doc = ConferenceDoc(seed.path, self.group(unit))
        lag = rng.choice((0, 0, 0, 1, 1, 2, 3))  # days the office takes to publish
        offset = unit.order % BATCH_DAYS
        pubs: set[int] = set()

        def batch(day: int) -> int:
            """The office's next four-weekly publication of follow-up entries, from DAY on."""
            return day + (-(day + offset)) % BATCH_DAYS

        # invitation
        rules = profile.find("invitation")
        lead = rules[0].days if rules else 5
        latest = self.calendar.working_days_before(held, lead or 5).due
        invited: date | None
        r = rng.random()
        if seed.kind == "dot-xuat":
            invited = None if r < 0.3 else held - timedelta(days=rng.randint(1, 3))
        elif r < 0.84:
            invited = self.prev_wd(latest - timedelta(days=rng.randint(0, 6)))
        elif r < 0.96:
            invited = self.wd(latest, rng.randint(1, max(1, (lead or 5) - 1)))
            if invited >= held:
                invited = held - ONE_DAY
        else:
            invited = None

        # the conclusion notice (and sending it upward)
        rules = profile.find("notice")
        notice_days = rules[0].days if rules else 7
        notice_due = self.wd(held, notice_days or 7)
        issued: date | None = None
        r = rng.random()
        if not seed.failed:
            if r < 0.80:
                issued = self.wd(held, rng.randint(1, notice_days or 7))
            elif r < 0.93:
                issued = self.next_wd(notice_due + timedelta(days=rng.randint(1, 20)))
            if issued is not None and issued > as_of:
                issued = None
        sent_up: date | None = None
        if issued is not None:
            up = profile.find("notice-sent-up")
            r = rng.random()
            if up:
                up_due = self.calendar.add_days(held, up[0].days or 10).due
                if r < 0.80:
                    sent_up = max(issued, min(issued + timedelta(days=rng.randint(0, 2)), up_due))
                elif r < 0.92:
                    sent_up = self.next_wd(max(issued, up_due) + timedelta(days=rng.randint(1, 15)))
            elif r < 0.3:
                sent_up = self.next_wd(issued + timedelta(days=rng.randint(0, 3)))
            if sent_up is not None and sent_up > as_of:
                sent_up = None
        notice_day = max(issued, sent_up or issued).toordinal() if issued is not None else None
        if notice_day is None or notice_day - held.toordinal() > 10:
            pubs.add(held.toordinal() + lag)  # else the record is first published with its notice

        # when petitions are assigned: with the notice, or by a separate letter
        rules = profile.find("assignment")
        assign_days = rules[0].days if rules else 7
        assign_due = self.wd(held, assign_days or 7)
        assigned: date | None = issued
        assign_doc = seed.number if issued is not None else None
        if issued is None and rng.random() < 0.6:
            assigned = self.wd(held, rng.randint(2, assign_days or 7))
            assign_doc = f"{rng.randint(10, 900)}/UBND-VP"
        if assigned is not None and assigned > as_of:
            assigned = None

        lo, hi = self.options.petitions
        count = rng.randint(lo, hi)
        petitions: list[dict[str, Any]] = []
        before = 0
        fields_seen: set[str] = set()
        agencies_used: list[str] = []
        closes: list[int] = []
        answered = forwarded = handled = 0
        for no in range(1, count + 1):
            petition = PetitionDoc(b"")
            fld = (
                seed.theme
                if seed.theme and rng.random() < 0.6
                else rng.choices(unit.fields, unit.field_weights)[0]
            )
            fields_seen.add(fld)
            base: dict[str, Any] = {"no": no}
            r = rng.random()
            if r < 0.35:
                base["raised"] = "truoc-hoi-nghi"
                base["received_on"] = (held - timedelta(days=rng.randint(5, 25))).isoformat()
                before += 1
            elif r < 0.5:
                base["raised"] = "truoc-hoi-nghi-duoi-5-ngay"
                base["received_on"] = (held - timedelta(days=rng.randint(1, 4))).isoformat()
                before += 1
            else:
                base["raised"] = "tai-hoi-nghi"
            base["petitioner"] = self.petitioner(unit, rng, year=held.year)
            base["field"] = fld
            summary, answer, resolved = self.fill_all(
                rng.choice(N.ISSUES[fld]), unit, rng, held.year
            )
            base["summary"] = summary
            within = rng.random() < (0.88 if unit.kind == "commune" else 0.93)
            base["within_authority"] = within
            close: date | None = None
            if not within:
                where = self.fill(
                    rng.choice(N.FORWARD_TARGETS.get(fld, ("{so_nnmt}",))), unit, rng, held.year
                )
                if where.endswith("khu vực") or where == "Khu Quản lý đường bộ":
                    where = f"{where} tỉnh {unit.province.name}"
                base["forwarded_to"] = where
                day = issued or self.wd(held, rng.randint(2, 6))
                if day <= as_of:
                    text, _ = self.evidence(unit, unit.office, day, rng)
                    note = N.FORWARDED_NOTE.format(where=where)
                    entry = update_text(day, "da-chuyen", unit.office, note, text)
                    petition.updates.append((day.toordinal(), entry))
                    close = day
                forwarded += 1
            elif rng.random() < 0.28:
                base["answered_at_conference"] = True
                base["answer"] = answer
                close = held
                answered += 1
            else:
                handled += 1
                agency = unit.agency_for.get(fld, unit.office)
                if agency not in agencies_used:
                    agencies_used.append(agency)
                start = assigned
                if start is not None and rng.random() < 0.03:  # this one assigned late
                    start = self.wd(assign_due, rng.randint(1, 10))
                    if start > as_of:
                        start = None
                if start is not None:
                    close = self.follow_up(
                        petition, unit, fld, agency, start, assign_doc, (answer, resolved), rng
                    )
            petition.base = petition_text(base)
            doc.petitions.append(petition)
            petitions.append(base)
            closes.append(close.toordinal() if close else 10**7)
            # assignments made with the notice are published with it; the rest in batches
            petition.assignments = [
                (
                    notice_day + lag
                    if notice_day is not None and day <= notice_day
                    else batch(day),
                    t,
                )
                for day, t in petition.assignments
            ]
            petition.updates = [(batch(day), t) for day, t in petition.updates]
            petition.supervision = [(batch(day), t) for day, t in petition.supervision]
            for entries in (petition.assignments, petition.updates, petition.supervision):
                pubs.update(day for day, _ in entries)
            self.counts["assignments"] += len(petition.assignments)
            self.counts["updates"] += len(petition.updates)
            self.counts["supervision"] += len(petition.supervision)
        self.counts["petitions"] += count
        self.counts["conferences"] += 1
        unit.tally.append((held.toordinal(), count, sorted(closes)))

        # the conference itself
        fields = [f for f in N.FIELDS if f in fields_seen]
        attendance = rng.randint(
            *{"commune": (60, 250), "province": (150, 500)}.get(unit.kind, (50, 200))
        )
        venue = self.venue(unit, rng)
        form = rng.choices(("truc-tiep", "ket-hop", "truc-tuyen"), (80, 15, 5))[0]
        head: dict[str, Any] = {
            "unit": unit.id,
            "kind": seed.kind,
            "held_on": held.isoformat(),
            "title": seed.title,
            "fields": fields,
            "venue": venue,
            "form": seed.form or form,
            "attendance": attendance,
        }
        if invited is not None:
            head["invited_on"] = invited.isoformat()
        head["outcome"] = "khong-thanh" if seed.failed else "thanh"
        if seed.failed or rng.random() < 0.25:
            number = f"{rng.randint(1, 40):02d}/BB-UBND"
            head["minutes"] = {
                "number": number,
                "url": self.url(unit, "bien-ban", held.year, f"doi-thoai-{held.isoformat()}"),
            }
        if seed.plan_id:
            head["plan_id"] = seed.plan_id
        chairs = self.chairs(unit, seed, rng)
        if seed.failed:
            head["summary"] = rng.choice(N.FAILED_SUMMARIES)
        else:
            lead_text = ", ".join(c["position"].split(",")[-1].strip() for c in chairs[:2])
            head["summary"] = (
                f"Hội nghị có {attendance} đại biểu và Nhân dân tham dự. {lead_text} thông tin "
                "chủ trương, chính sách và tiến độ thực hiện liên quan đến nội dung đối thoại. "
                f"Hội nghị ghi nhận {count} ý kiến, kiến nghị ({before} ý kiến gửi trước hội "
                f"nghị), tập trung vào các lĩnh vực: {', '.join(N.FIELD_NAMES[f] for f in fields)}."
            )
        doc.head = (schema_line(seed.path) + mapping(head)).encode()
        doc.chairs = ("chairs:\n" + "".join(list_item(chair, 2) for chair in chairs)).encode()
        if issued is not None:
            notice: dict[str, Any] = {
                "number": seed.number,
                "issued_on": issued.isoformat(),
                "signer": f"{chairs[0]['name']}, {chairs[0]['position']}",
                "url": self.url(unit, "thong-bao", held.year, seed.number),
                "summary": self.notice_summary(
                    unit, count, answered, handled, forwarded, agencies_used
                ),
            }
            if sent_up is not None:
                notice["sent_up_on"] = sent_up.isoformat()
            assert notice_day is not None
            doc.notice = (notice_day + lag, ("notice:\n" + mapping(notice, 2)).encode())
            pubs.add(notice_day + lag)
        if (rng.random() < 0.03 or seed.corrected) and not seed.failed:
            correction = self.correction(doc, head, petitions, unit, seed, issued, rng)
            if correction is not None:
                day, entry = correction
                doc.corrections.append((batch(day), list_item(entry, 2).encode()))
                pubs.add(batch(day))
                self.counts["corrections"] += 1
        doc.pubs = sorted(pubs)
        return doc

    def petitioner(self, unit: Unit, rng: random.Random, year: int) -> dict[str, str]:
        r = rng.random()
        if r < 0.5:
            kind, labels = "ca-nhan", N.INDIVIDUAL_LABELS
        elif r < 0.75:
            kind, labels = "nhom", N.GROUP_LABELS
        elif r < 0.87:
            kind, labels = "doanh-nghiep", N.BUSINESS_LABELS
        else:
            kind, labels = "to-chuc", N.ORGANISATION_LABELS
        label = self.fill(rng.choice(labels), unit, rng, year)
        return {"kind": kind, "label": label[:80]}

    def follow_up(
        self,
        petition: PetitionDoc,
        unit: Unit,
        fld: str,
        agency: str,
        start: date,
        document: str | None,
        texts: tuple[str, str],
        rng: random.Random,
    ) -> date | None:
        """Assignment, progress, result and supervision of one petition; its closing day.

        TEXTS are the answer and the result that fit what the petition asked."""
        as_of = self.as_of
        names = unit.agency_names
        due_on: date | None = None
        if rng.random() < 0.2:
            due_on = start + timedelta(days=rng.randint(20, 60))
        deadline = due_on or self.wd(start, 15)
        agency_name = names.get(agency, agency)
        if due_on is not None:
            note = N.ASSIGNMENT_NOTE_DUE.format(agency=agency_name, due=vn_date(due_on))
        else:
            note = N.ASSIGNMENT_NOTE.format(agency=agency_name)
        assignments = [(start, assignment_text(agency, start, due_on, document, note))]
        updates: list[tuple[date, bytes]] = []
        supervision: list[tuple[date, bytes]] = []

        r = rng.random()
        close: date | None
        if r < 0.55:
            span = max(2, (deadline - start).days)
            close = min(self.next_wd(start + timedelta(days=rng.randint(2, span))), deadline)
            close = max(close, start + ONE_DAY)
        elif r < 0.80:
            close = self.next_wd(deadline + timedelta(days=rng.randint(1, 60)))
        else:
            close = None
        progress: date | None = None
        end = close or deadline
        if (end - start).days > 4 and rng.random() < 0.5:
            progress = self.next_wd(start + timedelta(days=rng.randint(1, (end - start).days - 2)))
            if close is not None and progress >= close:
                progress = None
        by = agency
        if progress is not None:
            note = self.fill(rng.choice(N.PROGRESS_NOTES[fld]), unit, rng, start.year)
            updates.append((progress, update_text(progress, "dang-giai-quyet", agency, note)))
            if close is not None and rng.random() < 0.06 and (close - progress).days > 3:
                second = progress + timedelta(days=rng.randint(1, (close - progress).days - 1))
                other = (
                    unit.office if agency != unit.office else unit.agency_for.get("khac", agency)
                )
                if other != agency:
                    note = N.REASSIGNMENT_NOTE.format(agency=names.get(other, other))
                    document = f"{rng.randint(10, 900)}/UBND-VP"
                    assignments.append(
                        (second, assignment_text(other, second, None, document, note))
                    )
                    by = other
        if close is not None:
            status = rng.choices(("da-giai-quyet", "da-tra-loi", "da-chuyen"), (60, 32, 8))[0]
            answer, resolved = texts
            if status == "da-giai-quyet":
                note = resolved
            elif status == "da-tra-loi":
                note = N.WRITTEN_ANSWER.format(answer=answer)
            else:
                where = self.fill(
                    rng.choice(N.FORWARD_TARGETS.get(fld, ("{so_nnmt}",))), unit, rng, close.year
                )
                note = N.REDIRECTED_NOTE.format(where=where)
            evidence = url = None
            if rng.random() < 0.9:
                evidence, url = self.evidence(unit, by, close, rng)
                if rng.random() >= 0.3:
                    url = None
            else:
                url = None
            updates.append((close, update_text(close, status, by, note, evidence, url)))
            if rng.random() < 0.35:
                day = close + timedelta(days=rng.randint(7, 60))
                if rng.random() < 0.8:
                    supervision.append((day, self.supervise(unit, day, "xac-nhan", rng)))
                else:
                    supervision.append((day, self.supervise(unit, day, "khong-xac-nhan", rng)))
                    again = self.next_wd(day + timedelta(days=rng.randint(3, 10)))
                    updates.append(
                        (again, update_text(again, "dang-giai-quyet", by, N.REOPENED_NOTE))
                    )
                    fixed = self.next_wd(again + timedelta(days=rng.randint(10, 40)))
                    note = N.FIXED_NOTE.format(resolved=resolved)
                    evidence = self.evidence(unit, by, fixed, rng)[0]
                    updates.append((fixed, update_text(fixed, "da-giai-quyet", by, note, evidence)))
                    check = fixed + timedelta(days=rng.randint(7, 30))
                    entry = self.supervise(unit, check, "xac-nhan", rng, N.SUPERVISION_RECHECK)
                    supervision.append((check, entry))
        elif rng.random() < 0.3:
            day = deadline + timedelta(days=rng.randint(5, 30))
            note = rng.choice(N.SUPERVISION_LATE)
            supervision.append((day, self.supervise(unit, day, "khong-xac-nhan", rng, note)))
        for target, items in (
            (petition.assignments, assignments),
            (petition.updates, updates),
            (petition.supervision, supervision),
        ):
            for day, text in items:
                if day <= as_of:
                    target.append((day.toordinal(), text))
        if close is not None and close > as_of:
            return None
        return close

    def supervise(
        self, unit: Unit, day: date, verdict: str, rng: random.Random, note: str | None = None
    ) -> bytes:
        notes = N.SUPERVISION_CONFIRMED if verdict == "xac-nhan" else N.SUPERVISION_DISPUTED
        chosen = rng.choice(notes)
        document = None
        if rng.random() < 0.5:
            document = f"Báo cáo số {rng.randint(1, 60)}/BC-MTTQ-BTT ngày {vn_date(day)}"
        return supervision_text(unit.front, day, verdict, note or chosen, document)

    def venue(self, unit: Unit, rng: random.Random) -> str:
        if unit.kind == "province":
            return rng.choice(
                (
                    f"Hội trường Tỉnh ủy {unit.province.name}",
                    f"Trung tâm Hội nghị tỉnh {unit.province.name}",
                )
            )
        if unit.kind == "department":
            return f"Hội trường {unit.name}"
        return rng.choice(
            (
                f"Hội trường UBND {unit.text}",
                f"Nhà văn hóa {rng.choice(unit.places)}, {unit.text}",
            )
        )

    def chairs(self, unit: Unit, seed: Seed, rng: random.Random) -> list[dict[str, str]]:
        roles = [HEAD_ROLE[h] for h in seed.heads]
        if rng.random() < 0.25:
            if unit.kind == "department":
                roles.append(rng.choice(("pho-thu-truong", "khac")))
            else:
                extra = ("pho-chu-tich", "pho-bi-thu", "khac")
                roles.append(rng.choice([r for r in extra if r not in roles]))
        return [
            {"name": unit.people[role], "role": role, "position": self.position(unit, role)}
            for role in roles
        ]

    def position(self, unit: Unit, role: str) -> str:
        if unit.kind == "department":
            return {
                "thu-truong": f"Giám đốc {unit.name}",
                "pho-thu-truong": f"Phó Giám đốc {unit.name}",
                "khac": f"Chánh Văn phòng {unit.name}",
            }[role]
        t = unit.text
        if unit.kind == "province":
            p = unit.province.name
            return {
                "bi-thu": f"Bí thư Tỉnh ủy {p}",
                "pho-bi-thu": f"Phó Bí thư Thường trực Tỉnh ủy {p}",
                "chu-tich": f"Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh {p}",
                "pho-chu-tich": f"Phó Chủ tịch UBND tỉnh {p}",
                "khac": f"Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {p}",
            }[role]
        return {
            "bi-thu": f"Bí thư Đảng ủy {t}",
            "pho-bi-thu": f"Phó Bí thư Thường trực Đảng ủy {t}",
            "chu-tich": f"Phó Bí thư Đảng ủy {t}, Chủ tịch UBND {t}",
            "pho-chu-tich": f"Phó Chủ tịch UBND {t}",
            "khac": f"Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam {t}",
        }[role]

    def notice_summary(
        self,
        unit: Unit,
        count: int,
        answered: int,
        handled: int,
        forwarded: int,
        agencies: list[str],
    ) -> str:
        parts = [f"Hội nghị tiếp nhận {count} ý kiến, kiến nghị"]
        if answered:
            parts[0] += f", trong đó {answered} ý kiến đã được trả lời trực tiếp tại hội nghị"
        conclusions = []
        if handled:
            names = ", ".join(unit.agency_names.get(a, a) for a in agencies[:4])
            conclusions.append(
                f"giao {names} giải quyết {handled} kiến nghị thuộc thẩm quyền, báo cáo kết quả "
                "bằng văn bản"
            )
        if forwarded:
            conclusions.append(
                f"chuyển {forwarded} kiến nghị không thuộc thẩm quyền đến cơ quan có thẩm quyền và "
                "thông báo cho người kiến nghị biết"
            )
        conclusions.append(
            "đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp và các tổ chức chính trị - xã hội "
            "giám sát việc thực hiện"
        )
        return f"{parts[0]}. Người chủ trì kết luận: {'; '.join(conclusions)}."

    def correction(
        self,
        doc: ConferenceDoc,
        head: dict[str, Any],
        petitions: list[dict[str, Any]],
        unit: Unit,
        seed: Seed,
        issued: date | None,
        rng: random.Random,
    ) -> tuple[int, dict[str, Any]] | None:
        held = seed.held
        day = (issued or held) + timedelta(days=rng.randint(5, 30))
        if day > self.as_of:
            return None
        kind = rng.choice(("summary", "field", "notice.number", "attendance"))
        petition = rng.choice(petitions)
        if kind == "notice.number" and issued is not None:
            number = seed.number
            n, _, rest = number.replace("-", "/", 1).partition("/")
            sep = number[len(n)]
            value = f"{int(n) + 1}{sep}{rest}" if n.isdigit() else number
            target = "notice.number"
        elif kind == "attendance":
            value = str(head["attendance"] + rng.randint(3, 30))
            target = "attendance"
        elif kind == "field":
            others = [f for f in unit.fields if f != petition["field"]] or ["khac"]
            value = rng.choice(others)
            target = f"petitions[{petition['no']}].field"
        else:
            kind = "summary"
            value = self.fill(rng.choice(N.ISSUES[petition["field"]])[0], unit, rng, held.year)
            target = f"petitions[{petition['no']}].summary"
        reason = N.CORRECTION_REASONS[kind]
        return day.toordinal(), {
            "date": day.isoformat(),
            "target": target,
            "value": value,
            "reason": reason,
        }


# --------------------------------------------------------------------------- drivers


def prepare(out: Path) -> None:
    """Make OUT an empty folder (refuse a non-empty one that is not a previous output)."""
    if out.exists():
        if not out.is_dir():
            raise SynthError(f"{out} exists and is not a folder")
        entries = list(out.iterdir())
        if entries and not (out / "content").is_dir():
            raise SynthError(
                f"{out} is not empty and holds no content/ folder; refusing to overwrite it"
            )
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    out.mkdir(parents=True, exist_ok=True)


class TreeWriter:
    """Writes files under a root, creating folders once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folders: set[str] = set()
        self.files = 0

    def write(self, rel: str, data: bytes) -> None:
        folder, _, _ = rel.rpartition("/")
        if folder and folder not in self.folders:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)
        with open(self.root / rel, "wb") as handle:
            handle.write(data)
        self.files += 1


def write_tree(generator: Generator) -> int:
    """Write every record in its final form (no history). Returns the number of files."""
    writer = TreeWriter(generator.options.out)
    for rel, data in generator.fixed_files():
        writer.write(rel, data)
    cutoff = FOREVER
    for year in generator.years():
        for province in generator.country.provinces:
            for unit in province.dialogue_units:
                plan = generator.schedule(unit, year)
                for doc in plan.plans:
                    writer.write(doc.path, doc.text)
                for seed in plan.seeds:
                    writer.write(seed.path, generator.conference(seed).render(cutoff))
                for spec in plan.reports:
                    doc = generator.report(spec)
                    writer.write(doc.path, doc.text)
                unit.tally = [t for t in unit.tally if t[0] >= date(year, 1, 1).toordinal()]
    return writer.files


def synthesize(options: Options) -> Summary:
    """Write the synthetic repository described by OPTIONS; return what was written."""
    started = time.perf_counter()
    generator = Generator(options)
    out = options.out
    prepare(out)
    commits, head = 0, None
    phases: dict[str, float] = {}
    # Millions of small objects stay alive while records wait to be published; they hold no
    # reference cycles, so the cyclic collector would only scan them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if options.git:
            from danbiet.synth.history import write_history

            files, commits, head = write_history(generator, phases)
        else:
            files = write_tree(generator)
    finally:
        if collecting:
            gc.enable()
    counts = dict(generator.counts)
    counts["files"] = files
    seconds = time.perf_counter() - started
    return Summary(out, generator.as_of, counts, seconds, commits, head, phases)
