"""The summary tables the source documents ask offices to report, per unit and period.

For each quarter, half-year and year that has begun: dialogues held against plan, petitions
received, resolved, pending and overdue at the end of the period, and supervision results.
Everything is judged as it stood at the end of the period (or as-of, for the current one), so
an office's periodic report writes itself.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from danbiet.obligations import CLOSING_STATUSES
from danbiet.site.data import SiteData


@dataclass
class PeriodRow:
    period: str  # 2026-q1, 2026-h1, 2026
    title: str  # Vietnamese
    start: date
    end: date
    held: int
    planned: int
    received: int
    resolved: int
    pending: int
    overdue: int
    confirmed: int
    disputed: int


def periods(year: int, as_of: date) -> list[tuple[str, str, date, date]]:
    out = []
    for q in range(1, 5):
        start = date(year, 3 * q - 2, 1)
        end = (date(year, 3 * q + 1, 1) if q < 4 else date(year + 1, 1, 1)) - timedelta(days=1)
        out.append((f"{year}-q{q}", f"Quý {q}/{year}", start, end))
    out.append((f"{year}-h1", f"6 tháng đầu năm {year}", date(year, 1, 1), date(year, 6, 30)))
    out.append((str(year), f"Năm {year}", date(year, 1, 1), date(year, 12, 31)))
    return [p for p in out if p[2] <= as_of]


def _d(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def unit_periods(site: SiteData, unit_id: str) -> list[PeriodRow]:
    conferences = site.unit_conferences.get(unit_id, [])
    held_dates = {c["id"]: _d(c.get("held_on")) for c in conferences}
    planned = [
        _d(row.get("planned_on"))
        for plan in site.unit_plans.get(unit_id, [])
        for row in site.planned.get(plan["id"], [])
    ]
    years = sorted({d.year for d in held_dates.values() if d} | {d.year for d in planned if d})
    results = [o for o in site.obligations_by_unit.get(unit_id, []) if o.kind == "result"]
    # supervision entries of this unit's petitions, gathered once for every period
    unit_supervision = [
        s
        for c in conferences
        for p in site.petitions.get(c["id"], [])
        for s in site.supervision.get(p["id"], [])
    ]
    rows = []
    for year in years:
        for code, title, start, end in periods(year, site.as_of):
            cutoff = min(end, site.as_of)
            in_period = [cid for cid, d in held_dates.items() if d and start <= d <= cutoff]
            petitions = [p for cid in in_period for p in site.petitions.get(cid, [])]
            resolved = 0
            for p in petitions:
                statuses = [
                    u.get("status")
                    for u in site.updates.get(p["id"], [])
                    if (d := _d(u.get("date"))) is not None and d <= cutoff
                ]
                if (statuses and statuses[-1] in CLOSING_STATUSES) or (
                    not statuses and p.get("answered_at_conference")
                ):
                    resolved += 1
            overdue = sum(
                1 for o in results if o.due < cutoff and (o.done is None or o.done > cutoff)
            )
            verdicts = [
                s.get("verdict")
                for s in unit_supervision
                if (d := _d(s.get("date"))) is not None and start <= d <= cutoff
            ]
            rows.append(
                PeriodRow(
                    period=code,
                    title=title,
                    start=start,
                    end=end,
                    held=len(in_period),
                    planned=sum(1 for d in planned if d and start <= d <= end),
                    received=len(petitions),
                    resolved=resolved,
                    pending=len(petitions) - resolved,
                    overdue=overdue,
                    confirmed=verdicts.count("xac-nhan"),
                    disputed=verdicts.count("khong-xac-nhan"),
                )
            )
    return rows


CSV_HEADER = {
    "period": "Kỳ",
    "title": "Tên kỳ",
    "start": "Từ ngày",
    "end": "Đến ngày",
    "held": "Hội nghị đã tổ chức",
    "planned": "Hội nghị theo kế hoạch",
    "received": "Kiến nghị tiếp nhận",
    "resolved": "Đã có kết quả",
    "pending": "Chưa có kết quả",
    "overdue": "Quá hạn cuối kỳ",
    "confirmed": "Giám sát xác nhận",
    "disputed": "Giám sát không xác nhận",
}


def to_csv(rows: list[PeriodRow]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CSV_HEADER), lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        values = asdict(row)
        values["start"], values["end"] = row.start.isoformat(), row.end.isoformat()
        writer.writerow(values)
    return buffer.getvalue()
