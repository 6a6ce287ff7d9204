"""The editorial pages (Markdown built by mkdocs-material): their data, from `SiteData`."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from danbiet.obligations import CLOSING_STATUSES, OPEN_STATES, OVERDUE, STATE_TITLES, Tally
from danbiet.site import text
from danbiet.site.data import SiteData
from danbiet.site.record_pages import obligation_href
from danbiet.site.search import EXPLORER_INDEX, SEARCH_INDEX


def link(path: str) -> Markup:
    """A URL built from validated ids (slugs), safe to place in Markdown link targets."""
    return Markup(path)


def open_data_context(exported: Any) -> dict[str, Any]:
    """The open-data page: downloads with sizes and checksums, and the tables' documentation."""
    from danbiet.export import CSV_NOTE, download_table, schema_docs

    downloads = [
        {**d, "href": link(d["file"]), "short": d["sha256"][:12]} for d in download_table(exported)
    ]
    tables = [{**t, "anchor": link(f"bang-{t['name']}")} for t in schema_docs()]
    return {
        "downloads": downloads,
        "tables": tables,
        "csv_note": CSV_NOTE,
        "as_of": text.vn_date(exported.as_of),
        "created": str(exported.created),
        "commit": exported.commit,
    }


def contexts(site: SiteData, workdays: Any) -> dict[str, dict[str, Any]]:
    """Page name -> template context for every editorial page."""
    report = site.report
    year = site.as_of.year
    in_year = [o for o in report.obligations if o.year == year]
    notices = [o for o in in_year if o.kind == "notice" and o.state not in OPEN_STATES]
    minimum = [o for o in in_year if o.kind == "minimum-dialogues"]
    conferences = site.data.tables["conferences"]
    held = [c for c in conferences if str(c.get("held_on", "")).startswith(str(year))]
    petitions = [p for c in held for p in site.petitions.get(c["id"], [])]
    closed = [p for p in petitions if site.outcome(p) in CLOSING_STATUSES]
    figures = {
        "held": len(held),
        "required": f"{sum(o.done is not None for o in minimum)} / {len(minimum)}",
        "notices_on_time": sum(o.state == "dung-han" for o in notices),
        "notices_closed": len(notices),
        "petitions": len(petitions),
        "petitions_closed": len(closed),
        "overdue": len(report.overdue),
    }
    latest = sorted(
        site.data.tables["notices"], key=lambda n: str(n.get("issued_on")), reverse=True
    )[:10]
    latest_notices = [
        {
            "issued_on": text.vn_date(n.get("issued_on")),
            "number": n.get("number"),
            "unit_name": site.name(site.conferences[n["conference_id"]].get("unit")),
            "title": site.conferences[n["conference_id"]].get("title", ""),
            "href": link(f"hoi-nghi/{n['conference_id']}/"),
        }
        for n in latest
        if n.get("conference_id") in site.conferences
    ]
    plans = {p["id"]: p for p in site.data.tables["plans"]}
    upcoming = [
        {
            "date": text.vn_date(row.get("planned_on")),
            "unit_name": site.name(plans.get(row["plan_id"], {}).get("unit")),
            "href": link(f"don-vi/{plans.get(row['plan_id'], {}).get('unit')}/"),
            "kind": text.KINDS.get(row.get("kind"), row.get("kind")),
            "topic": row.get("topic"),
        }
        for row in sorted(site.data.tables["planned_conferences"], key=lambda r: r["planned_on"])
        if not row.get("conference_id")
        and str(row.get("planned_on")) >= site.as_of.isoformat()
        and row.get("plan_id") in plans
    ][:10]
    unit_rows = []
    for unit in site.data.tables["units"]:
        # the same obligations as the unit's own page: its dialogues' and those it must answer
        tally = site.tally(unit["id"])
        unit_rows.append(
            {
                "id": unit["id"],
                "href": link(f"{unit['id']}/"),
                "name": unit.get("name"),
                "level": text.LEVELS.get(unit.get("level"), unit.get("level")),
                "level_code": unit.get("level"),
                "profile": unit.get("profile") or "",
                "conferences": len(site.unit_conferences.get(unit["id"], [])),
                "overdue": tally.counts[OVERDUE],
                "open": sum(tally.counts[s] for s in OPEN_STATES),
                "rate": text.rate(tally),
            }
        )
    attention = sorted(
        (u for u in unit_rows if u["overdue"]), key=lambda u: (-u["overdue"], u["name"])
    )[:10]
    conference_rows = [
        {
            "href": link(f"{c['id']}/"),
            "held_on": text.vn_date(c.get("held_on")),
            "unit_name": site.name(c["unit"]),
            "kind": text.KINDS.get(c.get("kind"), c.get("kind")),
            "title": c.get("title"),
            "petitions": len(site.petitions.get(c["id"], [])),
            "notice": _notice_text(site.notices.get(c["id"]), c),
        }
        for c in sorted(conferences, key=lambda c: str(c.get("held_on")), reverse=True)
    ]
    overdue_rows = [
        {
            "due": text.vn_date(o.due),
            "days_late": o.days_late,
            "title": o.title,
            "who": site.name(o.agency or o.unit),
            "computation": o.computation,
            "href": link(obligation_href(o)),
        }
        for o in report.overdue
    ]

    def counts(group: dict[str, Any]) -> list[dict[str, Any]]:
        rows = [
            {"name": site.name(k), "href": link(f"don-vi/{k}/"), "count": t.counts[OVERDUE]}
            for k, t in group.items()
            if t.counts[OVERDUE]
        ]
        return sorted(rows, key=lambda r: (-r["count"], r["name"]))

    years = sorted({o.due.year for o in report.obligations} | {year})
    calendar_years = [
        {
            "year": y,
            "provisional": workdays.is_provisional(y),
            "entries": [e.to_dict() for e in workdays.year_entries(y)],
        }
        for y in years
    ]
    as_of_vn = text.vn_date(site.as_of)
    return {
        "index": {
            "as_of_vn": as_of_vn,
            "year": year,
            "figures": figures,
            "latest_notices": latest_notices,
            "upcoming": upcoming,
            "attention": attention,
            "notes": report.notes + site.notes,
        },
        "don-vi/index": {
            "units": sorted(unit_rows, key=lambda u: (u["level"], u["name"] or "")),
        },
        "hoi-nghi/index": {"conferences": conference_rows},
        "qua-han": {
            "as_of_vn": as_of_vn,
            "overdue": overdue_rows,
            "by_unit": counts(report.by_unit),
            "by_agency": counts(report.by_agency),
        },
        "quy-tac": {
            "profiles": [{**vars(p), "anchor": link(p.id)} for p in site.profiles.values()],
            "years": calendar_years,
        },
        "cach-doc": {"states": STATE_TITLES},
        "tim-kiem": {"index": link(SEARCH_INDEX)},
        "kham-pha": {"index": link(EXPLORER_INDEX)},
    }


def _notice_text(notice: dict[str, Any] | None, conference: dict[str, Any]) -> str:
    if conference.get("outcome") == "khong-thanh":
        return "Đối thoại không thành (có biên bản)"
    if notice is None:
        return "Chưa có"
    return f"{notice.get('number')} ngày {text.vn_date(notice.get('issued_on'))}"
