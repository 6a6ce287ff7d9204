"""Data for the Vietnamese search page and the commitments explorer (static JSON files).

Search entries carry a folded text (`f`: no tones, đ→d, lower case) that the page's script
matches word by word against the folded query, so "dat dai" finds "đất đai" and "hue" finds
"Huế". Displayed text is the original, inserted by the script as text only.

Both are split by province: a national year is hundreds of megabytes of entries, more than a
browser (or a phone's data plan) should load. The national files (`SEARCH_INDEX`,
`EXPLORER_INDEX`) list the provinces with their files, and for search every unit; a province's
conferences and petitions (`province_search`), and its commitments (`province_explorer`), are
loaded when the reader chooses it, at once when there is only one.
"""

from __future__ import annotations

from typing import Any

from danbiet.obligations import STATE_TITLES
from danbiet.site import text
from danbiet.site.data import SiteData

SEARCH_INDEX = "tim-kiem/chi-muc.json"  # {"provinces": [...], "units": [entries]}
EXPLORER_INDEX = "kham-pha/cam-ket.json"  # {"provinces": [...], "labels": {...}}
NO_DEADLINE = "khong-co-han"
OTHER_NAME = "Đơn vị khác"  # the shard of units outside any province (danbiet.shards.OTHER)


def province_search(shard: str) -> str:
    """The file of a province's search entries: conferences and petitions."""
    return f"tim-kiem/tinh/{shard}.json"


def province_explorer(shard: str) -> str:
    """The file of a province's commitments: {"items": [...], "don-vi": {unit: name}}."""
    return f"kham-pha/tinh/{shard}.json"


def province(shard: str, name: str, file: str, count: int) -> dict[str, Any]:
    """A province as the national files list it."""
    return {"id": shard, "name": name, "file": file, "count": count}


def unit_entries(site: SiteData, shard: str) -> list[dict[str, Any]]:
    """The search entries of the units (of the province SHARD: `p`)."""
    entries = []
    for unit in site.data.tables["units"]:
        name = unit.get("name") or unit["id"]
        level = text.LEVELS.get(unit.get("level"), "")
        entries.append(
            {
                "t": name,
                "u": f"don-vi/{unit['id']}/",
                "k": "Đơn vị",
                "s": level,
                "p": shard,
                "f": text.fold(f"{name} {unit['id']}"),
            }
        )
    return entries


def record_entries(site: SiteData) -> list[dict[str, Any]]:
    """The search entries of the conferences and their petitions."""
    entries = []
    for c in site.data.tables["conferences"]:
        unit = site.name(c.get("unit"))
        notice = site.notices.get(c["id"]) or {}
        body = " ".join(
            str(x)
            for x in (
                c.get("title"),
                unit,
                c.get("summary"),
                notice.get("number"),
                notice.get("summary"),
                " ".join(ch.get("name") or "" for ch in site.chairs.get(c["id"], [])),
            )
            if x
        )
        entries.append(
            {
                "t": c.get("title"),
                "u": f"hoi-nghi/{c['id']}/",
                "k": "Hội nghị",
                "s": f"{unit}, {text.vn_date(c.get('held_on'))}",
                "f": text.fold(body),
            }
        )
        for p in site.petitions.get(c["id"], []):
            body = " ".join(
                str(x)
                for x in (p.get("summary"), p.get("answer"), text.field_title(p.get("field")), unit)
                if x
            )
            entries.append(
                {
                    "t": p.get("summary"),
                    "u": f"hoi-nghi/{c['id']}/#kn-{p.get('no')}",
                    "k": "Kiến nghị",
                    "s": f"{unit}, {text.vn_date(c.get('held_on'))}",
                    "f": text.fold(body),
                }
            )
    return entries


def explorer_data(site: SiteData) -> dict[str, Any]:
    items = []
    for c in site.data.tables["conferences"]:
        for p in site.petitions.get(c["id"], []):
            results = [
                o for o in site.obligations_by_petition.get(p["id"], []) if o.kind == "result"
            ]
            lateness = results[-1].state if results else NO_DEADLINE
            items.append(
                {
                    "u": f"hoi-nghi/{c['id']}/#kn-{p.get('no')}",
                    "s": p.get("summary"),
                    "un": c.get("unit"),
                    "fd": p.get("field"),
                    "oc": site.outcome(p) or "chua-co",
                    "lt": lateness,
                    "yr": str(c.get("held_on", ""))[:4],
                    "f": text.fold(f"{p.get('summary') or ''} {p.get('answer') or ''}"),
                }
            )
    return {"items": items, "don-vi": {u["id"]: u.get("name") for u in site.data.tables["units"]}}


def explorer_labels() -> dict[str, dict[str, str]]:
    """The names of the explorer's filter values, but units (each province's file has its
    own) and years (shown as they are)."""
    outcomes = {("chua-co" if k is None else k): v for k, v in text.OUTCOMES.items()}
    return {
        "linh-vuc": {k: v.capitalize() for k, v in text.FIELDS.items()},
        "ket-qua": outcomes,
        "han": {**STATE_TITLES, NO_DEADLINE: "Không có hạn theo quy tắc"},
        "nam": {},
    }
