"""Build the public site: validate, compute obligations, render pages, run mkdocs, swap atomically.

The build writes into a staging folder beside the output and only replaces the previous site
once everything succeeded, so a failed build leaves the published site untouched.

Pages are Markdown rendered by Jinja2 from `site_templates/pages/*.md.j2`. Every value coming
from a record is escaped for Markdown and HTML (see `md_escape`), so no user text ever becomes
markup.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from danbiet.obligations import CLOSING_STATUSES, OVERDUE, STATE_TITLES, outcome_of
from danbiet.problems import Report

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "site_templates"
MKDOCS_YML = REPO / "mkdocs.yml"

# Markdown syntax characters; <, > and & are left to HTML autoescaping.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
LEVEL_TITLES = {
    "tinh": "Tỉnh",
    "huyen": "Huyện (trước 7/2025)",
    "xa": "Xã, phường",
    "so-nganh": "Sở, ngành",
    "co-quan": "Cơ quan",
    "to-chuc": "Tổ chức",
}
KIND_TITLES = {"dinh-ky": "Định kỳ", "chuyen-de": "Chuyên đề", "dot-xuat": "Đột xuất"}


class BuildError(Exception):
    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


def md_escape(value: Any) -> Any:
    """Make a value safe inside Markdown: no markup, no table breaks, no raw HTML."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = " ".join(value.split())
        return _MD_SPECIAL.sub(r"\\\1", text)
    return value


def environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    # autoescape escapes <, >, & and quotes; finalize escapes Markdown syntax before that.
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=md_escape,
        keep_trailing_newline=True,
    )


def _vn(value: str | date | None) -> str:
    if value is None:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


def _rate(tally: Any) -> str:
    if tally is None or tally.on_time_rate is None:
        return "—"
    return f"{tally.on_time_rate:.0%} ({tally.closed} việc)"


@dataclass
class BuildResult:
    out: Path
    pages: int
    report: Report


def page_context(root: Path, as_of: date) -> tuple[dict[str, dict[str, Any]], Report]:
    """Validate and compute; return the context of each page and the validation report."""
    from danbiet.deadlines import DeadlineError, deadlines
    from danbiet.loader import load
    from danbiet.obligations import OPEN_STATES
    from danbiet.rules import load_profiles
    from danbiet.validate import validate
    from danbiet.workdays import Calendar

    data = load(root)
    report = validate(root, as_of, dataset=data)
    if not report.valid:
        raise BuildError("the records have errors; run `danbiet validate` to see them", report)
    try:
        result = deadlines(root, as_of, dataset=data)
    except DeadlineError as exc:
        raise BuildError(str(exc)) from None
    names = result.unit_names
    year = as_of.year
    obligations = result.obligations
    in_year = [o for o in obligations if o.year == year]
    notices = [o for o in in_year if o.kind == "notice" and o.state not in OPEN_STATES]
    minimum = [o for o in in_year if o.kind == "minimum-dialogues"]
    conferences = data.tables["conferences"]
    held = [c for c in conferences if str(c.get("held_on", "")).startswith(str(year))]
    updates: dict[str, list[dict[str, Any]]] = {}
    for row in data.tables["updates"]:
        updates.setdefault(row["petition_id"], []).append(row)
    held_ids = {c["id"] for c in held}
    petitions = [p for p in data.tables["petitions"] if p.get("conference_id") in held_ids]
    closed = [p for p in petitions if outcome_of(p, updates.get(p["id"], [])) in CLOSING_STATUSES]
    figures = {
        "held": len(held),
        "required": f"{sum(o.done is not None for o in minimum)} / {len(minimum)}",
        "notices_on_time": sum(o.state == "dung-han" for o in notices),
        "notices_closed": len(notices),
        "petitions": len(petitions),
        "petitions_closed": len(closed),
        "overdue": len(result.overdue),
    }
    by_conf = {c["id"]: c for c in conferences}
    latest = sorted(data.tables["notices"], key=lambda n: str(n.get("issued_on")), reverse=True)[
        :10
    ]
    latest_notices = [
        {
            "issued_on": _vn(n.get("issued_on")),
            "number": n.get("number"),
            "unit_name": names.get(by_conf.get(n["conference_id"], {}).get("unit"), ""),
            "title": by_conf.get(n["conference_id"], {}).get("title", ""),
        }
        for n in latest
    ]
    unit_rows = []
    conference_counts: dict[str, int] = {}
    for c in conferences:
        conference_counts[c["unit"]] = conference_counts.get(c["unit"], 0) + 1
    for unit in data.tables["units"]:
        tally = result.by_unit.get(unit["id"])
        unit_rows.append(
            {
                "id": unit["id"],
                "name": unit.get("name"),
                "level": LEVEL_TITLES.get(unit.get("level"), unit.get("level")),
                "profile": unit.get("profile") or "",
                "conferences": conference_counts.get(unit["id"], 0),
                "overdue": tally.counts[OVERDUE] if tally else 0,
                "open": sum(tally.counts[s] for s in OPEN_STATES) if tally else 0,
                "rate": _rate(tally),
            }
        )
    attention = sorted(
        (u for u in unit_rows if u["overdue"]), key=lambda u: (-u["overdue"], u["name"])
    )[:10]
    notices_by_conf = data.index("notices", "conference_id")
    petition_counts: dict[str, int] = {}
    for p in data.tables["petitions"]:
        petition_counts[p["conference_id"]] = petition_counts.get(p["conference_id"], 0) + 1
    conference_rows = [
        {
            "held_on": _vn(c.get("held_on")),
            "unit_name": names.get(c["unit"], c["unit"]),
            "kind": KIND_TITLES.get(c.get("kind"), c.get("kind")),
            "title": c.get("title"),
            "petitions": petition_counts.get(c["id"], 0),
            "notice": _notice_text(notices_by_conf.get(c["id"]), c),
        }
        for c in sorted(conferences, key=lambda c: str(c.get("held_on")), reverse=True)
    ]
    overdue_rows = [
        {
            "due": _vn(o.due),
            "days_late": o.days_late,
            "title": o.title,
            "who": names.get(o.agency or o.unit, o.agency or o.unit),
            "computation": o.computation,
        }
        for o in result.overdue
    ]

    def counts(group: dict[str, Any]) -> list[tuple[str, int]]:
        rows = [(names.get(k, k), t.counts[OVERDUE]) for k, t in group.items() if t.counts[OVERDUE]]
        return sorted(rows, key=lambda r: (-r[1], r[0]))

    calendar = Calendar.load(root / "content" / "calendar")
    years = sorted({o.due.year for o in obligations} | {year})
    calendar_years = [
        {
            "year": y,
            "provisional": calendar.is_provisional(y),
            "entries": [e.to_dict() for e in calendar.year_entries(y)],
        }
        for y in years
    ]
    as_of_vn = _vn(as_of)
    contexts = {
        "index": {
            "as_of_vn": as_of_vn,
            "year": year,
            "figures": figures,
            "latest_notices": latest_notices,
            "attention": attention,
        },
        "don-vi": {"units": sorted(unit_rows, key=lambda u: (u["level"], u["name"]))},
        "hoi-nghi": {"conferences": conference_rows},
        "qua-han": {
            "as_of_vn": as_of_vn,
            "overdue": overdue_rows,
            "by_unit": counts(result.by_unit),
            "by_agency": counts(result.by_agency),
        },
        "quy-tac": {"profiles": list(load_profiles(root).values()), "years": calendar_years},
        "cach-doc": {"states": STATE_TITLES},
    }
    return contexts, report


def _notice_text(notice: dict[str, Any] | None, conference: dict[str, Any]) -> str:
    if conference.get("outcome") == "khong-thanh":
        return "Đối thoại không thành (có biên bản)"
    if notice is None:
        return "Chưa có"
    return f"{notice.get('number')} ngày {_vn(notice.get('issued_on'))}"


def build(root: Path | str, out: Path | str, as_of: date, strict: bool = True) -> BuildResult:
    """Build the site of ROOT into OUT. OUT is replaced only when the whole build succeeded."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    root, out = Path(root), Path(out).resolve()
    contexts, report = page_context(root, as_of)
    env = environment()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    try:
        docs = staging / "docs"
        docs.mkdir()
        for name, context in contexts.items():
            text = env.get_template(f"pages/{name}.md.j2").render(**context)
            (docs / f"{name}.md").write_text(text, encoding="utf-8")
        site = staging / "site"
        config = load_config(str(MKDOCS_YML), docs_dir=str(docs), site_dir=str(site), strict=strict)
        try:
            mkdocs_build(config)
        except MkDocsException as exc:
            raise BuildError(f"mkdocs failed: {exc}") from None
        _swap(site, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, len(contexts), report)


def _swap(new: Path, out: Path) -> None:
    """Replace OUT by NEW with two renames; the old site is removed only afterwards."""
    old = out.with_name(f".{out.name}-previous")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)
