"""Unit and conference pages, rendered straight from data with Jinja2 (no Markdown step).

Templates are HTML with autoescaping on, so record text is always shown as text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from danbiet.obligations import (
    HEADS_BY_LEVEL,
    OBLIGATION_TITLES,
    OPEN_STATES,
    OVERDUE,
    STATE_TITLES,
    STATES,
    Obligation,
    Tally,
)
from danbiet.site import text, unit_reports
from danbiet.site.data import SiteData

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
STATE_COLOURS = {
    "dung-han": "#1b5e20",
    "tre-han": "#8d4a00",
    "qua-han": "#b71c1c",
    "sap-den-han": "#f9a825",
    "chua-den-han": "#455a64",
}


def obligation_href(o: Obligation) -> str:
    """The site-relative URL where an obligation's subject is shown."""
    if o.petition:
        return f"hoi-nghi/{o.conference}/#kn-{o.petition.rsplit('.', 1)[-1]}"
    if o.conference:
        return f"hoi-nghi/{o.conference}/"
    return f"don-vi/{o.unit}/"


def obligation_view(site: SiteData, o: Obligation) -> dict[str, Any]:
    # unit-level obligations are shown on the unit's own page: no link
    href = obligation_href(o) if o.conference else None
    return {
        "due_vn": text.vn_date(o.due),
        "done_vn": text.vn_date(o.done) if o.done else "",
        "state": o.state,
        "state_title": STATE_TITLES[o.state],
        "days_late": o.days_late if o.state in ("qua-han", "tre-han") else None,
        "title": o.title,
        "source": o.source,
        "computation": o.computation,
        "provisional": o.provisional,
        "who": site.name(o.agency or o.unit),
        "href": href,
    }


def state_chart(counts: Counter[str], label: str) -> Markup:
    """A horizontal bar chart of obligation states as inline SVG, with a text alternative."""
    total = sum(counts.values())
    summary = ", ".join(f"{STATE_TITLES[s]}: {counts[s]}" for s in STATES)
    rows = []
    width = 220
    for index, state in enumerate(STATES):
        value = counts[state]
        length = 0 if total == 0 else round(width * value / total)
        y = 8 + index * 26
        rows.append(
            f'<text x="0" y="{y + 14}">{escape(STATE_TITLES[state])}</text>'
            f'<rect x="110" y="{y}" width="{length}" height="18" fill="{STATE_COLOURS[state]}"/>'
            f'<text x="{116 + length}" y="{y + 14}">{value}</text>'
        )
    title = f"{label}: {summary}"
    return Markup(
        f'<figure><svg class="db-chart" viewBox="0 0 380 140" role="img" '
        f'aria-labelledby="chart-title"><title id="chart-title">{escape(title)}</title>'
        f"{''.join(rows)}</svg><figcaption>{escape(title)}</figcaption></figure>"
    )


def unit_context(site: SiteData, unit: dict[str, Any], base: str) -> dict[str, Any]:
    obligations = site.obligations_by_unit.get(unit["id"], [])
    scorecard = []
    for kind, title in OBLIGATION_TITLES.items():
        tally = Tally()
        for o in obligations:
            if o.kind == kind:
                tally.add(o.state)
        if tally.counts:
            scorecard.append({"title": title, "counts": tally.counts, "rate": text.rate(tally)})
    overall = site.tally(unit["id"])
    conferences = []
    for c in sorted(site.unit_conferences.get(unit["id"], []), key=lambda c: c["id"], reverse=True):
        notice_obligation = next(
            (o for o in site.obligations_by_conference.get(c["id"], []) if o.kind == "notice"),
            None,
        )
        notice = site.notices.get(c["id"])
        if c.get("outcome") == "khong-thanh":
            state, label = "qua-han", "Đối thoại không thành"
        elif notice is not None:
            state = notice_obligation.state if notice_obligation else "dung-han"
            label = f"{notice.get('number')} ({STATE_TITLES.get(state, '')})"
        else:
            state = notice_obligation.state if notice_obligation else "chua-den-han"
            label = f"Chưa có ({STATE_TITLES.get(state, '')})"
        conferences.append(
            {
                "id": c["id"],
                "held_on": text.vn_date(c.get("held_on")),
                "title": c.get("title"),
                "kind": text.KINDS.get(c.get("kind"), c.get("kind")),
                "petitions": len(site.petitions.get(c["id"], [])),
                "notice_state": state,
                "notice_text": label,
            }
        )
    open_items = [obligation_view(site, o) for o in obligations if o.state in OPEN_STATES]
    children = [
        {
            "id": child["id"],
            "name": child.get("name"),
            "overdue": site.tally(child["id"]).counts[OVERDUE],
        }
        for child in sorted(site.children.get(unit["id"], []), key=lambda u: u.get("name") or "")
    ]
    parent = site.units.get(unit.get("parent"))
    successor = site.units.get(unit.get("successor"))
    return {
        "base": base,
        "unit": unit,
        "level": text.LEVELS.get(unit.get("level"), unit.get("level")),
        "profile": site.profiles.get(unit.get("profile")),
        "parent": parent,
        "successor": successor,
        "valid_to": text.vn_date(unit.get("valid_to")),
        "as_of": text.vn_date(site.as_of),
        "scorecard": scorecard,
        "chart": state_chart(
            overall.counts, f"Trạng thái {text.number(overall.counts.total())} nghĩa vụ"
        ),
        "conferences": conferences,
        "open": open_items,
        "children": children,
        "has_reports": unit.get("level") in HEADS_BY_LEVEL,
        "names": {},
    }


def _published(site: SiteData, key: str) -> str | None:
    if site.ledger is None:
        return None
    commit = site.ledger.first_published(key)
    if commit is None:
        return None
    return commit.committed_at.astimezone(VIETNAM).strftime("%H:%M ngày %d/%m/%Y")


def petition_context(
    site: SiteData, petition: dict[str, Any], corrections: list[dict[str, Any]]
) -> dict[str, Any]:
    pid = petition["id"]
    outcome = site.outcome(petition)
    verdict = site.verdict(petition)
    obligations = site.obligations_by_petition.get(pid, [])
    result = [o for o in obligations if o.kind == "result"]
    lateness = result[-1].state if result else None
    timeline = []
    for a in site.assignments.get(pid, []):
        timeline.append(
            {
                "iso": a.get("assigned_on"),
                "date": text.vn_date(a.get("assigned_on")),
                "text": f"Giao {site.name(a.get('to'))} giải quyết",
                "detail": a.get("note") or a.get("document_number"),
                "published": _published(site, f"{pid}/assignments/{a['no']}"),
            }
        )
    for u in site.updates.get(pid, []):
        detail = "; ".join(x for x in (u.get("note"), u.get("evidence")) if x)
        timeline.append(
            {
                "iso": u.get("date"),
                "date": text.vn_date(u.get("date")),
                "text": text.OUTCOMES.get(u.get("status"), u.get("status")),
                "detail": detail,
                "published": _published(site, f"{pid}/updates/{u['no']}"),
            }
        )
    for s in site.supervision.get(pid, []):
        timeline.append(
            {
                "iso": s.get("date"),
                "date": text.vn_date(s.get("date")),
                "text": f"{site.name(s.get('by'))}: {text.VERDICTS.get(s.get('verdict'), '')}",
                "detail": s.get("note"),
                "published": _published(site, f"{pid}/supervision/{s['no']}"),
            }
        )
    timeline.sort(key=lambda e: e["iso"] or "")
    prefix = f"petitions[{petition.get('no')}]"
    return {
        "no": petition.get("no"),
        "field": text.field_title(petition.get("field")).capitalize(),
        "summary": petition.get("summary"),
        "petitioner": f"{text.PETITIONERS.get(petition.get('petitioner_kind'), '')}: "
        f"{petition.get('petitioner_label') or ''}",
        "raised": text.RAISED.get(petition.get("raised"), petition.get("raised")),
        "within_authority": petition.get("within_authority") is not False,
        "forwarded_to": petition.get("forwarded_to"),
        "answer": petition.get("answer"),
        "outcome": text.OUTCOMES.get(outcome, outcome),
        "outcome_class": outcome or "none",
        "verdict": text.VERDICTS.get(verdict) if verdict else None,
        "verdict_code": verdict,
        "lateness": lateness if lateness in ("qua-han", "tre-han", "sap-den-han") else None,
        "lateness_title": STATE_TITLES.get(lateness or "", ""),
        "obligations": [obligation_view(site, o) for o in obligations],
        "timeline": timeline,
        "corrections": [k for k in corrections if k["target"].startswith(prefix)],
    }


def history_rows(site: SiteData, rel_path: str, repo_url: str | None) -> list[dict[str, Any]]:
    if site.ledger is None:
        return []
    rows = []
    for change in reversed(site.ledger.file_history(rel_path)):
        commit = change.commit
        parts = []
        if change.added:
            parts.append(f"thêm {len(change.added)} mục")
        if change.changed:
            parts.append(f"sửa {len(change.changed)} mục")
        if change.removed:
            parts.append(f"xóa {len(change.removed)} mục")
        rows.append(
            {
                "time": commit.committed_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M"),
                "subject": commit.subject,
                "summary": ", ".join(parts),
                "author": commit.author,
                "short": commit.sha[:8],
                "url": f"{repo_url.rstrip('/')}/commit/{commit.sha}" if repo_url else None,
            }
        )
    return rows


def conference_context(
    site: SiteData, c: dict[str, Any], base: str, repo_url: str | None
) -> dict[str, Any]:
    cid = c["id"]
    notice = site.notices.get(cid)
    notice_view = None
    if notice is not None:
        notice_view = {
            **notice,
            "issued_on_vn": text.vn_date(notice.get("issued_on")),
            "sent_up_on_vn": text.vn_date(notice.get("sent_up_on")),
            "published": _published(site, f"{cid}#notice"),
        }
    corrections = [
        {
            "date": text.vn_date(k.get("date")),
            "target": k.get("target") or "",
            "value": k.get("value") or "",
            "reason": k.get("reason"),
        }
        for k in site.corrections.get(cid, [])
    ]
    conference_obligations = [
        o for o in site.obligations_by_conference.get(cid, []) if o.petition is None
    ]
    notice_overdue = any(o.kind == "notice" and o.state == OVERDUE for o in conference_obligations)
    petitions = sorted(site.petitions.get(cid, []), key=lambda p: p.get("no") or 0)
    path = site.paths.get(cid, "")
    history = history_rows(site, path, repo_url)
    if history:
        note = ""
    elif site.ledger is None:
        note = "Không đọc được lịch sử Git khi dựng trang này."
    else:
        note = "Hồ sơ này chưa được đưa lên nhánh chính."
    return {
        "base": base,
        "c": {**c, "held_on_vn": text.vn_date(c.get("held_on"))},
        "unit_name": site.name(c.get("unit")),
        "kind": text.KINDS.get(c.get("kind"), c.get("kind")),
        "form": text.FORMS.get(c.get("form"), c.get("form")),
        "invited_on": text.vn_date(c.get("invited_on")),
        "fields": ", ".join(text.field_title(f) for f in c.get("fields") or []),
        "chairs": [
            {**ch, "role_title": text.ROLES.get(ch.get("role"), ch.get("role"))}
            for ch in site.chairs.get(cid, [])
        ],
        "notice": notice_view,
        "notice_overdue": notice_overdue,
        "conference_obligations": [obligation_view(site, o) for o in conference_obligations],
        "petitions": [petition_context(site, p, corrections) for p in petitions],
        "corrections": corrections,
        "history": history,
        "history_note": note,
        "path": path,
        "names": {},
    }


@dataclass(frozen=True)
class Page:
    """A record page to write at REL (or a raw file when TITLE is None): TEMPLATE rendered with
    CONTEXT, or with no template, `unit_reports.to_csv` of the rows in CONTEXT. What it is made
    of is (TEMPLATE, CONTEXT): the key under which a part may take it from the province's
    previous part (`danbiet.reuse`)."""

    rel: str
    title: str | None
    template: Any
    context: dict[str, Any]

    def inputs(self) -> tuple[Any, ...]:
        return (self.rel, self.title, self.template and self.template.name, self.context)

    def render(self) -> str:
        if self.template is None:
            return unit_reports.to_csv(self.context["rows"])
        return self.template.render(**self.context)


def render_all(site: SiteData, env: Any, repo_url: str | None) -> Iterator[Page]:
    """Every record page, its context made when the iterator reaches it."""
    unit_template = env.get_template("record/unit.html.j2")
    reports_template = env.get_template("record/reports.html.j2")
    for unit in site.data.tables["units"]:
        context = unit_context(site, unit, "../../")
        name = unit.get("name") or unit["id"]
        yield Page(f"don-vi/{unit['id']}/index.html", name, unit_template, context)
        if unit.get("level") not in HEADS_BY_LEVEL:
            continue
        rows = unit_reports.unit_periods(site, unit["id"])
        context = {
            "base": "../../../",
            "unit": unit,
            "rows": rows,
            "as_of": text.vn_date(site.as_of),
        }
        yield Page(
            f"don-vi/{unit['id']}/bao-cao/index.html", f"Báo cáo: {name}", reports_template, context
        )
        yield Page(f"don-vi/{unit['id']}/bao-cao.csv", None, None, {"rows": rows})
    conference_template = env.get_template("record/conference.html.j2")
    for c in site.data.tables["conferences"]:
        context = conference_context(site, c, "../../", repo_url)
        yield Page(
            f"hoi-nghi/{c['id']}/index.html",
            c.get("title") or c["id"],
            conference_template,
            context,
        )
