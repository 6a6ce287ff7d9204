"""One JSON file per conference at a predictable path: `hoi-nghi/<conference_id>.json`.

Each holds the conference, its unit, chairs, conclusion notice, petitions (each with its
assignments, updates and supervision), corrections and the obligations arising from it, so a
reader can follow one dialogue without joining tables. Children are grouped in one pass over
each table: the cost is linear in the number of rows.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from danbiet.export.computed import obligation_dict
from danbiet.export.package import CONFERENCES
from danbiet.export.writers import dumps
from danbiet.loader import Dataset
from danbiet.obligations import Obligation


def conference_path(conference_id: str) -> str:
    """Where the JSON of CONFERENCE_ID lives, relative to the export folder."""
    return f"{CONFERENCES}/{conference_id}.json"


def _group(rows: Iterable[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row.get(key)].append(row)
    return grouped


def write_conferences(
    out: Path, data: Dataset, obligations: Iterable[Obligation], as_of: date
) -> dict[str, tuple[int, str]]:
    """Write every conference's JSON under OUT; (size, sha256) by path relative to OUT."""
    folder = out / CONFERENCES
    folder.mkdir(parents=True, exist_ok=True)
    tables = data.tables
    units = data.index("units")
    chairs = _group(tables["chairs"], "conference_id")
    notices = data.index("notices", "conference_id")
    petitions = _group(tables["petitions"], "conference_id")
    corrections = _group(tables["corrections"], "conference_id")
    assignments = _group(tables["assignments"], "petition_id")
    updates = _group(tables["updates"], "petition_id")
    supervision = _group(tables["supervision"], "petition_id")
    by_conference: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for obligation in obligations:
        if obligation.conference is not None:
            by_conference[obligation.conference].append(obligation_dict(obligation))
    written: dict[str, tuple[int, str]] = {}
    for conference in tables["conferences"]:
        cid = conference.get("id")
        if not isinstance(cid, str) or "/" in cid or cid.startswith("."):
            continue  # not a valid id (the records did not validate): no predictable path
        bundle = {
            "id": cid,
            "as_of": as_of.isoformat(),
            "conference": conference,
            "unit": units.get(conference.get("unit")),
            "chairs": chairs.get(cid, []),
            "notice": notices.get(cid),
            "petitions": [
                {
                    **petition,
                    "assignments": assignments.get(petition.get("id"), []),
                    "updates": updates.get(petition.get("id"), []),
                    "supervision": supervision.get(petition.get("id"), []),
                }
                for petition in petitions.get(cid, [])
            ],
            "corrections": corrections.get(cid, []),
            "obligations": by_conference.get(cid, []),
        }
        payload = (dumps(bundle) + "\n").encode("utf-8")
        rel = conference_path(cid)
        (out / rel).write_bytes(payload)
        written[rel] = (len(payload), hashlib.sha256(payload).hexdigest())
    return written
