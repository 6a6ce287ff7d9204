"""The editorial pages (Markdown built by mkdocs-material): their data, from `SiteData`."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from markupsafe import Markup

from danbiet.obligations import CLOSING_STATUSES, OPEN_STATES, OVERDUE, STATE_TITLES, Tally
from danbiet.site import text
from danbiet.site.data import SiteData
from danbiet.site.record_pages import obligation_href
from danbiet.site.search import EXPLORER_INDEX, SEARCH_INDEX

LATEST = 10  # notices and planned dialogues on the home page
# National lists longer than this are not shown in full: the provinces are listed instead, each
# with its own pages (don-vi/<province>/danh-sach/, hoi-nghi/<province>/), and the most overdue
# obligations.
FULL_LIST = 2000


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


def summary(site: SiteData) -> dict[str, Any]:
    """What one shard (a province, or the whole portal) gives the editorial pages: plain JSON.

    The national pages are made from the summaries of every shard by `contexts`, so building
    the site in one go or by provinces gives the same pages.
    """
    report = site.report
    year = site.as_of.year
    in_year = [o for o in report.obligations if o.year == year]
    notices = [o for o in in_year if o.kind == "notice" and o.state not in OPEN_STATES]
    minimum = [o for o in in_year if o.kind == "minimum-dialogues"]
    conferences = site.data.tables["conferences"]
    held = [c for c in conferences if str(c.get("held_on", "")).startswith(str(year))]
    petitions = [p for c in held for p in site.petitions.get(c["id"], [])]
    figures = {
        "held": len(held),
        "minimum_done": sum(o.done is not None for o in minimum),
        "minimum": len(minimum),
        "notices_on_time": sum(o.state == "dung-han" for o in notices),
        "notices_closed": len(notices),
        "petitions": len(petitions),
        "petitions_closed": sum(site.outcome(p) in CLOSING_STATUSES for p in petitions),
        "overdue": len(report.overdue),
    }
    latest = sorted(
        site.data.tables["notices"], key=lambda n: str(n.get("issued_on")), reverse=True
    )[:LATEST]
    latest_notices = [
        {
            "sort": str(n.get("issued_on")),
            "issued_on": text.vn_date(n.get("issued_on")),
            "number": n.get("number"),
            "unit_name": site.name(site.conferences[n["conference_id"]].get("unit")),
            "title": site.conferences[n["conference_id"]].get("title", ""),
            "href": f"hoi-nghi/{n['conference_id']}/",
        }
        for n in latest
        if n.get("conference_id") in site.conferences
    ]
    plans = {p["id"]: p for p in site.data.tables["plans"]}
    upcoming = [
        {
            "sort": str(row.get("planned_on")),
            "date": text.vn_date(row.get("planned_on")),
            "unit_name": site.name(plans.get(row["plan_id"], {}).get("unit")),
            "href": f"don-vi/{plans.get(row['plan_id'], {}).get('unit')}/",
            "kind": text.KINDS.get(row.get("kind"), row.get("kind")),
            "topic": row.get("topic"),
        }
        for row in sorted(site.data.tables["planned_conferences"], key=lambda r: r["planned_on"])
        if not row.get("conference_id")
        and str(row.get("planned_on")) >= site.as_of.isoformat()
        and row.get("plan_id") in plans
    ][:LATEST]
    unit_rows = []
    for unit in site.data.tables["units"]:
        # the same obligations as the unit's own page: its dialogues' and those it must answer
        tally = site.tally(unit["id"])
        unit_rows.append(
            {
                "id": unit["id"],
                "href": f"{unit['id']}/",
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
    conference_rows = [
        {
            "sort": str(c.get("held_on")),
            "href": f"{c['id']}/",
            "held_on": text.vn_date(c.get("held_on")),
            "unit_name": site.name(c["unit"]),
            "kind": text.KINDS.get(c.get("kind"), c.get("kind")),
            "title": c.get("title"),
            "petitions": len(site.petitions.get(c["id"], [])),
            "notice": _notice_text(site.notices.get(c["id"]), c),
        }
        for c in conferences
    ]
    overdue_rows = [
        {
            "due": text.vn_date(o.due),
            "days_late": o.days_late,
            "title": o.title,
            "who": site.name(o.agency or o.unit),
            "computation": o.computation,
            "href": obligation_href(o),
        }
        for o in report.overdue
    ]

    def counts(group: dict[str, Tally]) -> list[dict[str, Any]]:
        return [
            {"name": site.name(k), "href": f"don-vi/{k}/", "count": t.counts[OVERDUE]}
            for k, t in group.items()
            if t.counts[OVERDUE]
        ]

    everything = Tally()
    for obligation in report.obligations:
        everything.add(obligation.state)
    province = {
        "id": site.shard,
        "name": site.name(site.shard),
        "units": len(unit_rows),
        "conferences": len(conference_rows),
        "overdue": len(overdue_rows),
        "open": sum(everything.counts[s] for s in OPEN_STATES),
        "rate": text.rate(everything),
    }
    return {
        "province": province,
        "figures": figures,
        "latest_notices": latest_notices,
        "upcoming": upcoming,
        "units": unit_rows,
        "conferences": conference_rows,
        "overdue": overdue_rows,
        "by_unit": counts(report.by_unit),
        "by_agency": counts(report.by_agency),
        "years": sorted({o.due.year for o in report.obligations}),
        "notes": report.notes + site.notes,
    }


def province_pages(summary: dict[str, Any], env: Any, as_of: date) -> list[tuple[str, str, str]]:
    """The lists of one province's units, conferences and overdue obligations (output path,
    title, HTML): the national pages link to them, and show them in full only while short."""
    province = summary["province"]
    units = sorted(summary["units"], key=lambda u: (u["level"], u["name"] or ""))
    conferences = sorted(summary["conferences"], key=lambda c: c["sort"], reverse=True)
    unit_list = env.get_template("record/province-units.html.j2").render(
        base="../../../", province=province, units=units
    )
    conference_list = env.get_template("record/province-conferences.html.j2").render(
        base="../../", province=province, conferences=conferences
    )
    overdue = _longest_first(summary["overdue"])  # as the national list when it is cut
    overdue_list = env.get_template("record/province-overdue.html.j2").render(
        base="../../",
        province=province,
        as_of_vn=text.vn_date(as_of),
        overdue=overdue,
        by_unit=_most_first(summary["by_unit"]),
        by_agency=_most_first(summary["by_agency"]),
    )
    return [
        (f"don-vi/{province['id']}/danh-sach/index.html", f"Đơn vị: {province['name']}", unit_list),
        (
            f"hoi-nghi/{province['id']}/index.html",
            f"Hội nghị: {province['name']}",
            conference_list,
        ),
        (
            f"qua-han/{province['id']}/index.html",
            f"Quá hạn: {province['name']}",
            overdue_list,
        ),
    ]


def _most_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Overdue counts by unit or agency, the most first (then by name)."""
    return sorted(rows, key=lambda r: (-r["count"], r["name"]))


def _longest_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Overdue obligations, the longest overdue first (else in their order)."""
    return sorted(rows, key=lambda o: -o["days_late"])


def _linked(rows: list[dict[str, Any]], key: str = "href") -> list[dict[str, Any]]:
    return [{**row, key: link(row[key])} for row in rows]


def contexts(
    summaries: list[dict[str, Any]], as_of: date, profiles: dict[str, Any], workdays: Any
) -> dict[str, dict[str, Any]]:
    """Page name -> template context for every editorial page, from the shards' summaries (in
    the order of the shards)."""
    year = as_of.year
    total = Counter[str]()
    for part in summaries:
        total.update(part["figures"])
    figures = {
        "held": total["held"],
        "required": f"{text.number(total['minimum_done'])} / {text.number(total['minimum'])}",
        "notices_on_time": total["notices_on_time"],
        "notices_closed": total["notices_closed"],
        "petitions": total["petitions"],
        "petitions_closed": total["petitions_closed"],
        "overdue": total["overdue"],
    }

    def every(key: str) -> list[dict[str, Any]]:
        return [row for part in summaries for row in part[key]]

    latest = sorted(every("latest_notices"), key=lambda n: n["sort"], reverse=True)[:LATEST]
    upcoming = sorted(every("upcoming"), key=lambda r: r["sort"])[:LATEST]
    units = _linked(every("units"))
    attention = sorted(
        (u for u in units if u["overdue"]), key=lambda u: (-u["overdue"], u["name"])
    )[:10]
    conferences = sorted(every("conferences"), key=lambda c: c["sort"], reverse=True)

    def counts(key: str) -> list[dict[str, Any]]:
        return _most_first(_linked(every(key)))[:FULL_LIST]

    overdue = every("overdue")
    if len(overdue) > FULL_LIST:
        overdue = _longest_first(overdue)[:FULL_LIST]
    provinces = [
        {
            **part["province"],
            "units_href": link(f"{part['province']['id']}/danh-sach/"),
            "conferences_href": link(f"{part['province']['id']}/"),
            "overdue_href": link(f"{part['province']['id']}/"),
        }
        for part in summaries
    ]

    years = sorted({y for part in summaries for y in part["years"]} | {year})
    calendar_years = [
        {
            "year": y,
            "provisional": workdays.is_provisional(y),
            "entries": [e.to_dict() for e in workdays.year_entries(y)],
        }
        for y in years
    ]
    notes = list(dict.fromkeys(note for part in summaries for note in part["notes"]))
    as_of_vn = text.vn_date(as_of)
    return {
        "index": {
            "as_of_vn": as_of_vn,
            "year": year,
            "figures": figures,
            "latest_notices": _linked(latest),
            "upcoming": _linked(upcoming),
            "attention": attention,
            "notes": notes,
        },
        "don-vi/index": {
            "provinces": provinces,
            "total": len(units),
            "units": sorted(units, key=lambda u: (u["level"], u["name"] or ""))
            if len(units) <= FULL_LIST
            else [],
        },
        "hoi-nghi/index": {
            "provinces": provinces,
            "total": len(conferences),
            "conferences": _linked(conferences) if len(conferences) <= FULL_LIST else [],
        },
        "qua-han": {
            "as_of_vn": as_of_vn,
            "total": total["overdue"],
            "provinces": provinces,
            "overdue": _linked(overdue),
            "by_unit": counts("by_unit"),
            "by_agency": counts("by_agency"),
        },
        "quy-tac": {
            "profiles": [{**vars(p), "anchor": link(p.id)} for p in profiles.values()],
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
