"""Every obligation, its due date, when it was done and its state, as of a given date.

The engine interprets the rule profiles (`danbiet.rules`) over the loaded records
(`danbiet.loader`) with the working-day calendar (`danbiet.workdays`). It holds no deadline
numbers of its own. Each obligation explains how its due date was computed, cites its rule,
and says whether the calendar of its year is still provisional.

States (`State`): chua-den-han (not yet due), sap-den-han (due soon), qua-han (overdue),
dung-han (done on time), tre-han (done late). Petitions also carry their resolution outcome
(the last update's status, or `da-tra-loi` when answered at the conference) and the last
supervision verdict.

What counts as done:
    plan               the plan's registered_on
    minimum-dialogues  the date of the N-th conference chaired by that head in the year
    invitation         the conference's invited_on
    notice             the notice's issued_on — or, when the Git ledger is given, the day it was
                       first published on main (publication cannot be back-dated), unless the
                       notice was imported before `imported_until` (portal settings)
    notice-sent-up     notice.sent_up_on
    assignment         the petition's first assignment
    result             the first closing update (resolved, answered, forwarded) on or after the
                       assignment
    report             the report's filed_on
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from danbiet.loader import Dataset
from danbiet.rules import Profile, Rule
from danbiet.rules import Source as RuleSource
from danbiet.workdays import Calendar

NOT_DUE = "chua-den-han"
DUE_SOON = "sap-den-han"
OVERDUE = "qua-han"
ON_TIME = "dung-han"
LATE = "tre-han"
STATES = (NOT_DUE, DUE_SOON, OVERDUE, ON_TIME, LATE)
OPEN_STATES = (NOT_DUE, DUE_SOON, OVERDUE)
CLOSED_STATES = (ON_TIME, LATE)
STATE_TITLES = {
    NOT_DUE: "Chưa đến hạn",
    DUE_SOON: "Sắp đến hạn",
    OVERDUE: "Quá hạn",
    ON_TIME: "Đúng hạn",
    LATE: "Trễ hạn",
}
CLOSING_STATUSES = ("da-giai-quyet", "da-tra-loi", "da-chuyen")
HEAD_ROLES = {"cap-uy": "bi-thu", "chinh-quyen": "chu-tich", "thu-truong": "thu-truong"}
HEADS_BY_LEVEL = {
    "tinh": ("cap-uy", "chinh-quyen"),
    "huyen": ("cap-uy", "chinh-quyen"),
    "xa": ("cap-uy", "chinh-quyen"),
    "so-nganh": ("thu-truong",),
}
HEAD_TITLES = {
    "cap-uy": "người đứng đầu cấp ủy",
    "chinh-quyen": "người đứng đầu chính quyền",
    "thu-truong": "thủ trưởng sở, ngành",
}
OBLIGATION_TITLES = {
    "plan": "Kế hoạch đối thoại năm",
    "minimum-dialogues": "Số cuộc đối thoại tối thiểu",
    "invitation": "Gửi giấy mời",
    "notice": "Thông báo kết luận",
    "notice-sent-up": "Gửi thông báo kết luận lên cấp trên",
    "assignment": "Giao việc giải quyết kiến nghị",
    "result": "Kết quả giải quyết của cơ quan được giao",
    "report": "Báo cáo định kỳ",
}


@dataclass
class Obligation:
    id: str  # <kind>:<subject>
    kind: str  # one of danbiet.rules.OBLIGATIONS
    unit: str  # the unit whose dialogue or duty it is (for results: the conference's unit)
    subject: str  # record or entry id the obligation is about
    title: str  # Vietnamese
    profile: str
    rule: str
    source: str  # "<document>, <article>"
    due: date
    done: date | None
    state: str
    computation: str  # Vietnamese: how the due date was computed
    provisional: bool = False
    agency: str | None = None
    conference: str | None = None
    petition: str | None = None
    year: int | None = None
    outcome: str | None = None
    verdict: str | None = None
    days_late: int | None = None  # calendar days past due (done late, or overdue as of)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["due"] = self.due.isoformat()
        out["done"] = self.done.isoformat() if self.done else None
        return out


@dataclass
class Tally:
    """Counts of states for one unit or agency, and the on-time rate over closed cases."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, state: str) -> None:
        self.counts[state] += 1

    @property
    def closed(self) -> int:
        return sum(self.counts[s] for s in CLOSED_STATES)

    @property
    def on_time_rate(self) -> float | None:
        """(on time) / (closed); None when nothing is closed yet."""
        return self.counts[ON_TIME] / self.closed if self.closed else None

    def to_dict(self) -> dict[str, Any]:
        return {
            **{state: self.counts[state] for state in STATES},
            "total": sum(self.counts.values()),
            "closed": self.closed,
            "on_time_rate": self.on_time_rate,
        }


def _d(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _vn(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class Engine:
    """Computes obligations for one dataset as of one date."""

    def __init__(
        self,
        data: Dataset,
        profiles: dict[str, Profile],
        calendar: Calendar,
        as_of: date,
        published: Callable[[str], date | None] | None = None,
    ) -> None:
        self.data = data
        self.profiles = profiles
        self.calendar = calendar
        self.as_of = as_of
        self.published = published
        self.units = data.index("units")
        self.out: list[Obligation] = []

    # -- state ---------------------------------------------------------------------------------

    def state(self, due: date, done: date | None, profile: Profile) -> str:
        if done is not None:
            return ON_TIME if done <= due else LATE
        if self.as_of > due:
            return OVERDUE
        if self.calendar.working_days_between(self.as_of, due) <= profile.due_soon_working_days:
            return DUE_SOON
        return NOT_DUE

    def add(self, profile: Profile, rule: Rule, **kw: Any) -> Obligation:
        due: date = kw["due"]
        done: date | None = kw.get("done")
        if done is not None and done > self.as_of:  # not yet done as of that day
            done = kw["done"] = None
        state = self.state(due, done, profile)
        late = None
        if state == LATE and done is not None:
            late = (done - due).days
        elif state == OVERDUE:
            late = (self.as_of - due).days
        obligation = Obligation(
            id=f"{rule.obligation}:{kw['subject']}",
            kind=rule.obligation,
            profile=profile.id,
            rule=rule.id,
            source=f"{profile.document}, {rule.source.article}",
            title=kw.pop("title", rule.title),
            state=state,
            days_late=late,
            provisional=kw.pop("provisional", False) or self.calendar.is_provisional(due.year),
            **kw,
        )
        self.out.append(obligation)
        return obligation

    # -- fixed dates ---------------------------------------------------------------------------

    def fixed_due(self, rule: Rule, year: int, month: int) -> tuple[date, str]:
        """The last day on time for a 'before D' rule, and how it was computed."""
        deadline = date(year, month, rule.day or 1)
        text = f"trước ngày {_vn(deadline)}"
        due = deadline if rule.before_inclusive else deadline - timedelta(days=1)
        if rule.before_inclusive:
            text = f"đến hết ngày {_vn(deadline)}"
        if rule.roll != "none" and not self.calendar.is_working_day(due):
            step = 1 if rule.roll == "next-working-day" else -1
            while not self.calendar.is_working_day(due):
                due += timedelta(days=step)
            text += f"; rơi vào ngày nghỉ nên chuyển sang {_vn(due)}"
        return due, text

    def clock_due(self, rule: Rule, anchor: date) -> tuple[date, str, bool]:
        days = rule.days or 0
        if rule.clock == "working-days":
            result = self.calendar.add_working_days(anchor, days)
            text = f"{days} ngày làm việc sau ngày {_vn(anchor)}"
        elif rule.clock == "days":
            result = self.calendar.add_days(anchor, days)
            text = f"{days} ngày sau ngày {_vn(anchor)}"
            if result.due != anchor + timedelta(days=days):
                text += f"; ngày {_vn(anchor + timedelta(days=days))} là ngày nghỉ nên chuyển"
        else:
            result = self.calendar.working_days_before(anchor, days)
            text = f"ít nhất {days} ngày làm việc trước ngày {_vn(anchor)}"
        skipped = len(result.skipped)
        if skipped and rule.clock != "working-days-before":
            text += f" (bỏ qua {skipped} ngày nghỉ)"
        return result.due, text, result.provisional

    # -- helpers -------------------------------------------------------------------------------

    def profile_of(self, unit_id: str | None) -> Profile | None:
        unit = self.units.get(unit_id)
        if unit is None:
            return None
        return self.profiles.get(unit.get("profile"))

    def exists(self, unit: dict[str, Any], day: date) -> bool:
        start, end = _d(unit.get("valid_from")), _d(unit.get("valid_to"))
        return (start is None or start <= day) and (end is None or day <= end)

    @cached_property
    def years(self) -> range:
        """The years the records cover, up to as-of (computed once per engine)."""
        dates = [_d(r.get("held_on")) for r in self.data.tables["conferences"]]
        dates += [
            date(r["year"], 1, 1)
            for r in self.data.tables["plans"]
            if isinstance(r.get("year"), int)
        ]
        found = [d for d in dates if d is not None]
        first = min(found).year if found else self.as_of.year
        return range(first, self.as_of.year + 1)

    # -- obligations ---------------------------------------------------------------------------

    def run(self) -> list[Obligation]:
        self.unit_year_obligations()
        self.conference_obligations()
        self.out.sort(key=lambda o: (o.due, o.unit, o.id))
        return self.out

    def unit_year_obligations(self) -> None:
        plans = {
            (r["unit"], r["year"], r["head"]): r
            for r in self.data.tables["plans"]
            if r.get("unit") and isinstance(r.get("year"), int)
        }
        reports = {
            (r["unit"], r["period"]): r
            for r in self.data.tables["reports"]
            if r.get("unit") and r.get("period")
        }
        # (unit, year, head) -> {conference id: date held}: one count per conference, however
        # many chairs it had, and two conferences on one day count twice.
        chaired: dict[tuple[str, int, str], dict[str, date]] = defaultdict(dict)
        conference_rows = {r["id"]: r for r in self.data.tables["conferences"]}
        for chair in self.data.tables["chairs"]:
            conference = conference_rows.get(chair.get("conference_id"))
            held = _d(conference.get("held_on")) if conference else None
            if conference is None or held is None or held > self.as_of:
                continue
            for head, role in HEAD_ROLES.items():
                if chair.get("role") == role:
                    chaired[(conference["unit"], held.year, head)][conference["id"]] = held
        for unit in self.data.tables["units"]:
            profile = self.profiles.get(unit.get("profile"))
            heads = HEADS_BY_LEVEL.get(unit.get("level") or "", ())
            if profile is None or not heads:
                continue
            for year in self.years:
                if not self.exists(unit, date(year, 1, 1)):
                    continue  # a unit created during the year starts with the next one
                for head in heads:
                    self.plan(profile, unit, year, head, plans.get((unit["id"], year, head)))
                    dates = sorted(chaired.get((unit["id"], year, head), {}).values())
                    self.minimum(profile, unit, year, head, dates)
                self.reports(profile, unit, year, reports)

    def plan(
        self,
        profile: Profile,
        unit: dict[str, Any],
        year: int,
        head: str,
        plan: dict[str, Any] | None,
    ) -> None:
        for rule in profile.find("plan"):
            due, text = self.fixed_due(rule, year, rule.month or 1)
            if not self.exists(unit, due):
                continue
            self.add(
                profile,
                rule,
                unit=unit["id"],
                subject=f"{unit['id']}.{year}.{head}",
                title=f"{rule.title} ({HEAD_TITLES[head]}, năm {year})",
                due=due,
                done=_d(plan.get("registered_on")) if plan else None,
                computation=text,
                year=year,
            )

    def minimum(
        self, profile: Profile, unit: dict[str, Any], year: int, head: str, dates: list[date]
    ) -> None:
        for rule in profile.find("minimum-dialogues"):
            count = rule.count or 1
            due, text = self.fixed_due(rule, year, rule.month or 12)
            if not self.exists(unit, due):
                continue
            done = dates[count - 1] if len(dates) >= count else None
            self.add(
                profile,
                rule,
                unit=unit["id"],
                subject=f"{unit['id']}.{year}.{head}",
                title=f"{rule.title} ({HEAD_TITLES[head]}, năm {year}: đã tổ chức {len(dates)})",
                due=due,
                done=done,
                computation=f"{count} cuộc, {text}",
                year=year,
            )

    def reports(
        self,
        profile: Profile,
        unit: dict[str, Any],
        year: int,
        reports: dict[tuple[str, str], dict[str, Any]],
    ) -> None:
        for rule in profile.find("report"):
            periods: list[tuple[str, int]]
            if rule.period == "quarter":
                periods = [(f"{year}-q{q}", 3 * q) for q in range(1, 5)]
            elif rule.period == "h1":
                periods = [(f"{year}-h1", rule.month or 6)]
            else:
                periods = [(str(year), rule.month or 12)]
            for period, month in periods:
                due, text = self.fixed_due(rule, year, month)
                if not self.exists(unit, due):
                    continue
                report = reports.get((unit["id"], period))
                self.add(
                    profile,
                    rule,
                    unit=unit["id"],
                    subject=f"{unit['id']}.{period}",
                    title=f"{rule.title} (kỳ {period})",
                    due=due,
                    done=_d(report.get("filed_on")) if report else None,
                    computation=text,
                    year=year,
                )

    def conference_obligations(self) -> None:
        notices = self.data.index("notices", "conference_id")
        petitions_by_conf: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for petition in self.data.tables["petitions"]:
            petitions_by_conf[petition.get("conference_id")].append(petition)
        assignments: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.data.tables["assignments"]:
            assignments[row.get("petition_id")].append(row)
        updates: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.data.tables["updates"]:
            updates[row.get("petition_id")].append(row)
        supervision: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.data.tables["supervision"]:
            supervision[row.get("petition_id")].append(row)

        for conference in self.data.tables["conferences"]:
            held = _d(conference.get("held_on"))
            profile = self.profile_of(conference.get("unit"))
            if held is None or profile is None or held > self.as_of:
                continue
            cid = conference["id"]
            common = {"unit": conference["unit"], "conference": cid, "year": held.year}
            for rule in profile.find("invitation"):
                if conference.get("kind") not in rule.kinds:
                    continue
                due, text, prov = self.clock_due(rule, held)
                invited = _d(conference.get("invited_on"))
                self.add(
                    profile,
                    rule,
                    subject=cid,
                    due=due,
                    done=invited,
                    computation=text,
                    provisional=prov,
                    **common,
                )
            notice = notices.get(cid)
            if conference.get("outcome") == "thanh":
                for rule in profile.find("notice"):
                    due, text, prov = self.clock_due(rule, held)
                    done = self.notice_done(cid, notice)
                    self.add(
                        profile,
                        rule,
                        subject=cid,
                        due=due,
                        done=done,
                        computation=text,
                        provisional=prov,
                        **common,
                    )
                for rule in profile.find("notice-sent-up"):
                    due, text, prov = self.clock_due(rule, held)
                    done = _d(notice.get("sent_up_on")) if notice else None
                    self.add(
                        profile,
                        rule,
                        subject=cid,
                        due=due,
                        done=done,
                        computation=text,
                        provisional=prov,
                        **common,
                    )
            for petition in petitions_by_conf.get(cid, []):
                self.petition(
                    profile,
                    conference,
                    held,
                    petition,
                    assignments.get(petition["id"], []),
                    updates.get(petition["id"], []),
                    supervision.get(petition["id"], []),
                )

    def notice_done(self, cid: str, notice: dict[str, Any] | None) -> date | None:
        if notice is None:
            return None
        issued = _d(notice.get("issued_on"))
        if self.published is None or issued is None:
            return issued
        published = self.published(f"{cid}#notice")
        if published is None:  # not on main yet, or imported from archives
            return issued
        if published > self.as_of:  # as of that day the public could not see it yet
            return None
        return max(issued, published)

    def petition(
        self,
        profile: Profile,
        conference: dict[str, Any],
        held: date,
        petition: dict[str, Any],
        assigned: list[dict[str, Any]],
        updates: list[dict[str, Any]],
        supervision: list[dict[str, Any]],
    ) -> None:
        pid = petition["id"]
        outcome = outcome_of(petition, updates)
        verdict = supervision[-1].get("verdict") if supervision else None
        common = {
            "unit": conference["unit"],
            "conference": conference["id"],
            "petition": pid,
            "year": held.year,
            "outcome": outcome,
            "verdict": verdict,
        }
        needs_assignment = petition.get("within_authority") is True and not petition.get(
            "answered_at_conference"
        )
        if needs_assignment:
            for rule in profile.find("assignment"):
                due, text, prov = self.clock_due(rule, held)
                first = _d(assigned[0].get("assigned_on")) if assigned else None
                self.add(
                    profile,
                    rule,
                    subject=pid,
                    due=due,
                    done=first,
                    computation=text,
                    provisional=prov,
                    agency=assigned[0].get("to") if assigned else None,
                    **common,
                )
        result_rules = profile.find("result")
        for assignment in assigned:
            start = _d(assignment.get("assigned_on"))
            if start is None:
                continue
            explicit = _d(assignment.get("due_on"))
            if explicit is None and not result_rules:
                continue
            done = next(
                (
                    d
                    for u in updates
                    if u.get("status") in CLOSING_STATUSES
                    and (d := _d(u.get("date"))) is not None
                    and d >= start
                ),
                None,
            )
            if explicit is not None:
                used = _EXPLICIT_RESULT
                due, text, prov = (
                    explicit,
                    f"hạn ghi trong văn bản giao việc ({_vn(explicit)})",
                    False,
                )
            else:
                used = result_rules[0]
                due, text, prov = self.clock_due(used, start)
            self.add(
                profile,
                used,
                subject=f"{pid}/assignments/{assignment['no']}",
                due=due,
                done=done,
                computation=text,
                provisional=prov,
                agency=assignment.get("to"),
                **common,
            )


_EXPLICIT_RESULT = Rule(
    id="han-giao-viec",
    obligation="result",
    title="Kết quả giải quyết theo hạn ghi trong văn bản giao việc",
    source=RuleSource("văn bản giao việc", "Hạn giải quyết ghi trong văn bản giao việc"),
)


def outcome_of(petition: dict[str, Any], updates: list[dict[str, Any]]) -> str | None:
    """The petition's outcome: the last update's status, or answered at the conference."""
    if updates:
        return updates[-1].get("status")
    if petition.get("answered_at_conference"):
        return "da-tra-loi"
    return None


def compute(
    data: Dataset,
    profiles: dict[str, Profile],
    calendar: Calendar,
    as_of: date,
    published: Callable[[str], date | None] | None = None,
) -> list[Obligation]:
    """All obligations of DATA as of AS_OF, sorted by due date."""
    return Engine(data, profiles, calendar, as_of, published).run()


def tally(obligations: Iterable[Obligation], key: str) -> dict[str, Tally]:
    """State counts grouped by an attribute of the obligation ('unit', 'agency', 'kind'...)."""
    out: dict[str, Tally] = defaultdict(Tally)
    for obligation in obligations:
        group = getattr(obligation, key)
        if group is not None:
            out[group].add(obligation.state)
    return dict(sorted(out.items()))
