"""Data for the Vietnamese search page and the commitments explorer (static JSON files).

Search entries carry a folded text (`f`: no tones, đ→d, lower case) that the page's script
matches word by word against the folded query, so "dat dai" finds "đất đai" and "hue" finds
"Huế". Displayed text is the original, inserted by the script as text only.
"""

from __future__ import annotations

from typing import Any

from danbiet.obligations import STATE_TITLES
from danbiet.site import text
from danbiet.site.data import SiteData

SEARCH_INDEX = "tim-kiem/chi-muc.json"
EXPLORER_INDEX = "kham-pha/cam-ket.json"
NO_DEADLINE = "khong-co-han"


def search_entries(site: SiteData) -> list[dict[str, Any]]:
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
                "f": text.fold(f"{name} {unit['id']}"),
            }
        )
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
    outcomes = {("chua-co" if k is None else k): v for k, v in text.OUTCOMES.items()}
    return {
        "items": items,
        "labels": {
            "don-vi": {u["id"]: u.get("name") for u in site.data.tables["units"]},
            "linh-vuc": {k: v.capitalize() for k, v in text.FIELDS.items()},
            "ket-qua": outcomes,
            "han": {**STATE_TITLES, NO_DEADLINE: "Không có hạn theo quy tắc"},
            "nam": {},
        },
    }
