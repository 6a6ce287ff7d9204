"""`deadlines()`: every obligation as of a date, computed province by province, summed up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from danbiet.loader import Dataset
from danbiet.obligations import (
    OVERDUE,
    STATE_TITLES,
    Obligation,
    Tally,
    compute,
    tally,
)
from danbiet.rules import load_profiles
from danbiet.workdays import Calendar

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class DeadlineError(Exception):
    """A rule profile, calendar or history problem that stops the computation."""


@dataclass
class DeadlineReport:
    as_of: date
    obligations: list[Obligation]
    by_unit: dict[str, Tally]
    by_agency: dict[str, Tally]
    unit_names: dict[str, str]
    judged_on: str  # "published" (git ledger) or "declared"
    notes: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> list[Obligation]:
        return [o for o in self.obligations if o.state == OVERDUE]

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "judged_on": self.judged_on,
            "notes": list(self.notes),
            "summary": {
                "obligations": len(self.obligations),
                "overdue": len(self.overdue),
            },
            "by_unit": {k: v.to_dict() for k, v in self.by_unit.items()},
            "by_agency": {k: v.to_dict() for k, v in self.by_agency.items()},
            "obligations": [o.to_dict() for o in self.obligations],
        }


def descendants(data: Dataset, unit: str) -> set[str]:
    """UNIT and every unit below it."""
    children: dict[str, list[str]] = {}
    for row in data.tables["units"]:
        if row.get("parent"):
            children.setdefault(row["parent"], []).append(row["id"])
    out, stack = set(), [unit]
    while stack:
        current = stack.pop()
        if current not in out:
            out.add(current)
            stack.extend(children.get(current, []))
    return out


def published_dates(root: Path, ledger: Any = None) -> tuple[Any, str, list[str]]:
    """A lookup of first-published dates (Asia/Ho_Chi_Minh) from the Git ledger.

    Entries published on or before the portal's `imported_until` setting were imported from
    archives; the lookup returns None for them, so they are judged on their declared dates.
    """
    from danbiet.ledger import Ledger, LedgerError
    from danbiet.settings import SettingsError, load_settings

    try:
        if ledger is None:  # every record's keys will be asked: read in one pass
            ledger = Ledger.load(root)
            ledger.prefetch()
        settings = load_settings(root)
    except (LedgerError, SettingsError) as exc:
        raise DeadlineError(str(exc)) from None
    cutoff = settings.imported_until
    notes = []
    if cutoff is not None:
        notes.append(
            f"Hồ sơ công bố trước ngày {cutoff.strftime('%d/%m/%Y')} được nhập từ hồ sơ lưu trữ: "
            "thời hạn công bố của chúng được tính theo ngày đơn vị khai báo."
        )

    def lookup(key: str) -> date | None:
        commit = ledger.first_published(key)
        if commit is None:
            return None
        day = commit.committed_at.astimezone(VIETNAM).date()
        return None if cutoff is not None and day <= cutoff else day

    return lookup, "published", notes


def deadlines(
    root: Path | str,
    as_of: date,
    unit: str | None = None,
    use_git: bool = False,
    dataset: Dataset | None = None,
    ledger: Any = None,
) -> DeadlineReport:
    """Every obligation under ROOT as of AS_OF (only those of UNIT, its sub-units and the
    agencies it assigns to, when given).

    With USE_GIT (or a LEDGER given), publication obligations are judged on the time records
    reached main; otherwise on declared dates. Without DATASET the records are read one
    province at a time (`danbiet.provinces`: the same obligations, in the same order, as
    `obligations.compute` on every record), through the parse cache.
    """
    root = Path(root)
    from danbiet.rules import RuleError
    from danbiet.workdays import CalendarError

    try:
        profiles = load_profiles(root)
        calendar = Calendar.load(root / "content" / "calendar")
    except (RuleError, CalendarError) as exc:
        raise DeadlineError(str(exc)) from None
    lookup, judged_on, notes = (None, "declared", [])
    if use_git or ledger is not None:
        lookup, judged_on, notes = published_dates(root, ledger)
    if dataset is not None:
        units = dataset
        obligations = compute(dataset, profiles, calendar, as_of, lookup)
        if unit is not None:
            keep = descendants(dataset, unit)
            obligations = [o for o in obligations if o.unit in keep or o.agency in keep]
    else:
        from danbiet.provinces import obligations_by_province
        from danbiet.shards import split

        plan = split(root)
        assert plan.unit_data is not None
        units = plan.unit_data
        wanted = descendants(units, unit) if unit is not None else None
        obligations = obligations_by_province(
            root,
            plan,
            as_of,
            profiles,
            calendar,
            lookup,
            None if wanted is None else lambda o: o.unit in wanted or o.agency in wanted,
        )
    provisional = [o for o in obligations if o.provisional]
    unconfirmed = sorted({o.due.year for o in provisional if calendar.is_provisional(o.due.year)})
    if unconfirmed:
        years = ", ".join(map(str, unconfirmed))
        notes.append(
            f"Lịch ngày nghỉ năm {years} chưa được xác nhận chính thức: hạn tính trong các năm này "
            "là tạm tính."
        )
    if len(provisional) > sum(o.due.year in unconfirmed for o in provisional):
        notes.append(
            "Một số hạn được tính qua ngày nghỉ chưa được xác nhận chính thức (ghi “tạm tính”)."
        )
    names = {row["id"]: row.get("name") or row["id"] for row in units.tables["units"]}
    return DeadlineReport(
        as_of=as_of,
        obligations=obligations,
        by_unit=tally(obligations, "unit"),
        by_agency=tally(obligations, "agency"),
        unit_names=names,
        judged_on=judged_on,
        notes=notes,
    )


def state_title(state: str) -> str:
    return STATE_TITLES.get(state, state)
