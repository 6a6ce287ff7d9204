"""Rule profiles: the deadlines of each source document, as data (`content/rules/<profile>.yaml`).

A profile names each obligation, its clock, its anchor event and the article it comes from.
Units say which profile applies to them (`units.profile`). The engine in `danbiet.obligations`
only interprets these rules; it knows no numbers of its own.

Clocks:
    working-days         N working days after the anchor (the anchor day not counted)
    days                 N calendar days after the anchor, moved to the next working day if off
    working-days-before  at least N working days before the anchor (the anchor not counted)
Fixed-date rules (`deadline: {month, day}`) are "before D": with `before_inclusive: false`
(the profile's setting, overridable per rule) the last day on time is the day before D; with
`fixed_date_roll` a fixed date that falls on a day off may move (`next-working-day`,
`previous-working-day`) or stay (`none`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from danbiet.records import SLUG_RE
from danbiet.safeyaml import Document, YamlError, load_file

OBLIGATIONS = (
    "plan",
    "minimum-dialogues",
    "invitation",
    "notice",
    "notice-sent-up",
    "assignment",
    "result",
    "report",
)
CLOCKS = ("working-days", "days", "working-days-before")
ANCHORS = {
    "invitation": "held_on",
    "notice": "held_on",
    "notice-sent-up": "held_on",
    "assignment": "held_on",
    "result": "assigned_on",
}
PERIODS = ("quarter", "h1", "year")
ROLLS = ("none", "next-working-day", "previous-working-day")
KINDS = ("dinh-ky", "chuyen-de", "dot-xuat")


class RuleError(Exception):
    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(f"{path}:{line or 1}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Source:
    article: str
    quote: str


@dataclass(frozen=True)
class Rule:
    id: str
    obligation: str
    title: str
    source: Source
    clock: str | None = None
    days: int | None = None
    anchor: str | None = None
    count: int | None = None
    month: int | None = None
    day: int | None = None
    period: str | None = None
    kinds: tuple[str, ...] = KINDS
    before_inclusive: bool = False
    roll: str = "none"


@dataclass(frozen=True)
class Profile:
    id: str
    title: str
    issuer: str
    document: str
    path: str
    seed: str | None
    due_soon_working_days: int
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    def find(self, obligation: str) -> list[Rule]:
        return [r for r in self.rules if r.obligation == obligation]


def load_profiles(root: Path) -> dict[str, Profile]:
    """Every profile under ROOT/content/rules, by id. Raises RuleError on the first bad file."""
    folder = Path(root) / "content" / "rules"
    profiles: dict[str, Profile] = {}
    if not folder.is_dir():
        return profiles
    for path in sorted(folder.glob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            raise RuleError(rel, None, "rule profiles must be real files, not symbolic links")
        try:
            document = load_file(path)
        except YamlError as exc:
            raise RuleError(rel, exc.line, f"[{exc.code}] {exc.message}") from None
        profile = _profile(rel, path.stem, document)
        profiles[profile.id] = profile
    return profiles


def _profile(rel: str, stem: str, doc: Document) -> Profile:
    data = doc.data

    def fail(path: tuple[Any, ...], message: str) -> RuleError:
        return RuleError(rel, doc.line_of(path), message)

    if not isinstance(data, dict):
        raise fail((), "a rule profile is a mapping with id, title and rules")
    if data.get("id") != stem:
        raise fail(("id",), f"id must equal the file name '{stem}'")
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        raise fail(("settings",), "settings must be a mapping")
    unknown = set(settings) - {"before_inclusive", "fixed_date_roll", "due_soon_working_days"}
    if unknown:
        raise fail(("settings",), f"unknown settings: {', '.join(sorted(unknown))}")
    default_inclusive = settings.get("before_inclusive", False)
    default_roll = settings.get("fixed_date_roll", "none")
    if default_roll not in ROLLS:
        raise fail(("settings", "fixed_date_roll"), f"fixed_date_roll must be one of {ROLLS}")
    soon = settings.get("due_soon_working_days", 3)
    if not isinstance(soon, int) or soon < 0:
        raise fail(("settings", "due_soon_working_days"), "must be a whole number ≥ 0")
    for key in ("title", "issuer", "document"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise fail((key,), f"'{key}' is required: cite the source document")
    rules_data = data.get("rules")
    if not isinstance(rules_data, list) or not rules_data:
        raise fail(("rules",), "rules must be a non-empty list")
    rules = []
    seen: set[str] = set()
    for index, item in enumerate(rules_data):
        rule = _rule(item, ("rules", index), fail, default_inclusive, default_roll)
        if rule.id in seen:
            raise fail(("rules", index, "id"), f"rule id '{rule.id}' appears twice")
        seen.add(rule.id)
        rules.append(rule)
    return Profile(
        id=stem,
        title=data["title"],
        issuer=data["issuer"],
        document=data["document"],
        path=rel,
        seed=data.get("seed"),
        due_soon_working_days=soon,
        rules=tuple(rules),
    )


def _real_day(month: int, day: int) -> bool:
    try:
        date(2001, month, day)  # a common year: every year has the day
    except (TypeError, ValueError):
        return False
    return True


_RULE_KEYS = {
    "id",
    "obligation",
    "title",
    "source",
    "clock",
    "days",
    "anchor",
    "count",
    "deadline",
    "period",
    "kinds",
    "before_inclusive",
    "fixed_date_roll",
}


def _rule(item: Any, path: tuple[Any, ...], fail: Any, inclusive: bool, roll: str) -> Rule:
    if not isinstance(item, dict):
        raise fail(path, "each rule is a mapping")
    unknown = set(item) - _RULE_KEYS
    if unknown:
        raise fail(path, f"unknown rule keys: {', '.join(sorted(unknown))}")
    rule_id = item.get("id")
    if not isinstance(rule_id, str) or not SLUG_RE.match(rule_id):
        raise fail((*path, "id"), "rule id must be lower-case letters, digits and '-'")
    obligation = item.get("obligation")
    if obligation not in OBLIGATIONS:
        raise fail((*path, "obligation"), f"obligation must be one of: {', '.join(OBLIGATIONS)}")
    source = item.get("source")
    if not isinstance(source, dict) or not source.get("article") or not source.get("quote"):
        raise fail((*path, "source"), "every rule cites its source: {article: ..., quote: ...}")
    if not isinstance(item.get("title"), str):
        raise fail((*path, "title"), "every rule has a Vietnamese title")
    kw: dict[str, Any] = {}
    if obligation in ANCHORS:
        clock, days = item.get("clock"), item.get("days")
        if clock not in CLOCKS:
            raise fail((*path, "clock"), f"clock must be one of: {', '.join(CLOCKS)}")
        if not isinstance(days, int) or isinstance(days, bool) or not 0 < days <= 365:
            raise fail((*path, "days"), "days must be a whole number between 1 and 365")
        anchor = item.get("anchor", ANCHORS[obligation])
        if anchor != ANCHORS[obligation]:
            raise fail((*path, "anchor"), f"the anchor of {obligation} is {ANCHORS[obligation]}")
        if (obligation == "invitation") != (clock == "working-days-before"):
            raise fail((*path, "clock"), "only invitations count backward (working-days-before)")
        kw.update(clock=clock, days=days, anchor=anchor)
    else:
        deadline = item.get("deadline")
        if not isinstance(deadline, dict) or not isinstance(deadline.get("day"), int):
            raise fail((*path, "deadline"), "a fixed-date rule needs deadline: {month: M, day: D}")
        month = deadline.get("month")
        if item.get("period") == "quarter":
            # the day of the quarter's last month (March, June, September, December)
            valid = month is None and 1 <= deadline["day"] <= 30
        else:
            valid = isinstance(month, int) and _real_day(month, deadline["day"])
        if not valid:
            raise fail(
                (*path, "deadline"),
                "deadline must be a real day of the year: {month: 1-12, day: 1-31} "
                "(29 February is not allowed; quarterly reports give only {day: 1-30})",
            )
        kw.update(month=month, day=deadline["day"])
    if obligation == "minimum-dialogues":
        count = item.get("count")
        if not isinstance(count, int) or count < 1:
            raise fail((*path, "count"), "count must be a whole number ≥ 1")
        kw["count"] = count
    if obligation == "report":
        if item.get("period") not in PERIODS:
            raise fail((*path, "period"), f"period must be one of: {', '.join(PERIODS)}")
        kw["period"] = item["period"]
    kinds = item.get("kinds", list(KINDS))
    if not isinstance(kinds, list) or any(k not in KINDS for k in kinds):
        raise fail((*path, "kinds"), f"kinds must be a list of: {', '.join(KINDS)}")
    rule_roll = item.get("fixed_date_roll", roll)
    if rule_roll not in ROLLS:
        raise fail((*path, "fixed_date_roll"), f"fixed_date_roll must be one of {ROLLS}")
    return Rule(
        id=rule_id,
        obligation=obligation,
        title=item["title"],
        source=Source(str(source["article"]), str(source["quote"])),
        kinds=tuple(kinds),
        before_inclusive=bool(item.get("before_inclusive", inclusive)),
        roll=rule_roll,
        **kw,
    )
