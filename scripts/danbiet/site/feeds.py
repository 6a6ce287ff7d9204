"""Atom feeds of new conclusion notices and status changes, and an iCalendar of dialogues.

Feeds are deterministic for the same records and history: every time comes from a record or
from the Git ledger, never from the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from danbiet.reuse import Reuse
from danbiet.site import text
from danbiet.site.data import SiteData
from danbiet.site.parts import SITE

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FEED = "feed.xml"
CALENDAR = "lich-doi-thoai.ics"
SITE_ENTRIES = 100


@dataclass(frozen=True)
class Entry:
    key: str
    unit: str
    agency: str | None
    title: str
    summary: str
    path: str  # site-relative URL
    moment: datetime


def _moment(site: SiteData, key: str, declared: str | None) -> datetime:
    """When the public learnt of an entry: its first-published time, else its declared date."""
    if site.ledger is not None:
        commit = site.ledger.first_published(key)
        if commit is not None:
            return commit.committed_at.astimezone(VIETNAM)
    day = date.fromisoformat(declared) if declared else date(1970, 1, 1)
    return datetime.combine(day, time(0, 0), VIETNAM)


def entries(site: SiteData) -> list[Entry]:
    out = []
    for notice in site.data.tables["notices"]:
        cid = notice["conference_id"]
        conference = site.conferences.get(cid, {})
        out.append(
            Entry(
                key=f"{cid}#notice",
                unit=conference.get("unit", ""),
                agency=None,
                title=f"Thông báo kết luận {notice.get('number')}: {conference.get('title', '')}",
                summary=notice.get("summary") or conference.get("title", ""),
                path=f"hoi-nghi/{cid}/#thong-bao-ket-luan",
                moment=_moment(site, f"{cid}#notice", notice.get("issued_on")),
            )
        )
    petitions = {p["id"]: p for p in site.data.tables["petitions"]}
    for update in site.data.tables["updates"]:
        petition = petitions.get(update["petition_id"], {})
        cid = petition.get("conference_id", "")
        conference = site.conferences.get(cid, {})
        status = text.OUTCOMES.get(update.get("status"), update.get("status"))
        key = f"{update['petition_id']}/updates/{update['no']}"
        assigned = site.assignments.get(update["petition_id"], [])
        out.append(
            Entry(
                key=key,
                unit=conference.get("unit", ""),
                agency=assigned[0].get("to") if assigned else None,
                title=f"{status}: {petition.get('summary', '')}",
                summary=update.get("note") or status,
                path=f"hoi-nghi/{cid}/#kn-{petition.get('no')}",
                moment=_moment(site, key, update.get("date")),
            )
        )
    out.sort(key=lambda e: (e.moment, e.key), reverse=True)
    return out


def atom(items: list[Entry], site_url: str, feed_path: str, title: str, as_of: date) -> bytes:
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(f"{site_url}{feed_path}")
    feed.title(title)
    feed.language("vi")
    feed.link(href=f"{site_url}{feed_path}", rel="self")
    feed.link(href=site_url, rel="alternate")
    feed.updated(items[0].moment if items else datetime.combine(as_of, time(0, 0), VIETNAM))
    for item in reversed(items):  # feedgen prepends
        entry = feed.add_entry()
        entry.id(f"{site_url}#{quote(item.key, safe='')}")
        entry.title(item.title)
        entry.summary(item.summary)
        entry.link(href=f"{site_url}{item.path}")
        entry.updated(item.moment)
        entry.published(item.moment)
    return feed.atom_str(pretty=True)


def write_unit_feeds(
    site: SiteData, out: Any, site_url: str, reuse: Reuse | None = None
) -> list[Entry]:
    """Write one feed per unit under OUT; return the newest entries for the site-wide feed.
    REUSE (`danbiet.reuse.Reuse` of the part whose `site/` OUT is): a feed made of the same
    entries is taken from the previous part."""
    items = entries(site)
    by_unit: dict[str, list[Entry]] = {}
    for item in items:
        for unit in {item.unit, item.agency} - {None, ""}:
            by_unit.setdefault(unit, []).append(item)
    for unit in site.data.tables["units"]:
        path = f"don-vi/{unit['id']}/{FEED}"
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        unit_items = by_unit.get(unit["id"], [])[:SITE_ENTRIES]
        args = (unit_items, site_url, path, f"Dân biết — {unit.get('name')}", site.as_of)
        if reuse is not None and reuse.take(f"{SITE}/{path}", reuse.key("atom", *args), target):
            continue
        target.write_bytes(atom(*args))
    return items[:SITE_ENTRIES]


def site_feed(parts: list[list[Entry]], site_url: str, as_of: date) -> bytes:
    """The site-wide feed: the newest entries of all the shards."""
    items = sorted(
        (item for part in parts for item in part), key=lambda e: (e.moment, e.key), reverse=True
    )
    return atom(
        items[:SITE_ENTRIES],
        site_url,
        FEED,
        "Dân biết — thông báo kết luận và tiến độ mới",
        as_of,
    )


def entry_to_json(entry: Entry) -> dict[str, Any]:
    return {**vars(entry), "moment": entry.moment.isoformat()}


def entry_from_json(value: dict[str, Any]) -> Entry:
    return Entry(**{**value, "moment": datetime.fromisoformat(value["moment"])})


def planned_events(site: SiteData, site_url: str) -> list[dict[str, Any]]:
    """Upcoming planned dialogues (on or after as-of), as plain data for `icalendar`."""
    plans = {p["id"]: p for p in site.data.tables["plans"]}
    events = []
    for row in site.data.tables["planned_conferences"]:
        if str(row["planned_on"]) < site.as_of.isoformat() or row.get("conference_id"):
            continue
        plan = plans.get(row["plan_id"], {})
        unit = plan.get("unit")
        events.append(
            {
                "uid": f"{row['plan_id']}.{row['no']}@danbiet",
                "day": row["planned_on"],
                "plan_id": row["plan_id"],
                "summary": f"Đối thoại {text.KINDS.get(row.get('kind'), '').lower()}: "
                f"{row.get('topic')}",
                "description": f"{site.name(unit)} — theo kế hoạch năm {plan.get('year')}",
                "url": f"{site_url}don-vi/{unit}/",
            }
        )
    return events


def icalendar(events: list[dict[str, Any]], as_of: date) -> bytes:
    """The planned dialogues of every shard as all-day events, by day."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//danbiet//lich doi thoai//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Lịch đối thoại trực tiếp dự kiến")
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for row in sorted(events, key=lambda r: (r["day"], r["plan_id"])):
        event = Event()
        event.add("uid", row["uid"])
        event.add("dtstamp", datetime.combine(as_of, time(0, 0), VIETNAM))
        event.add("dtstart", date.fromisoformat(row["day"]))
        event.add("summary", row["summary"])
        event.add("description", row["description"])
        event.add("url", row["url"])
        calendar.add_component(event)
    return calendar.to_ical()
