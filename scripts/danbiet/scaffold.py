"""`danbiet new`: canonical skeletons of new records and entries, so offices start right.

Every function writes one file under `content/` in canonical form (`danbiet.fmt`), with the
editor's schema line first, and returns what it wrote. Values the office must still fill in
are empty texts (`''`): `danbiet validate` reports each as a missing field at its line, and
editors using the JSON Schemas (`danbiet schema`) flag them too.

- New record files are never overwritten: a second conference on the same day gets
  `<date>-2.yaml`; an existing plan or report is refused.
- Entries (petitions, assignments, updates, supervision, corrections) are appended at the end
  of their list in the conference file; nothing already written is changed.
- Unknown units and petitions are refused with a message; codes and ids are checked against
  the patterns of `danbiet.records`, so no path can leave content/.
- Nothing is written through a symbolic link or outside the repository (`write_inside`).
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from danbiet import records, schema
from danbiet.fmt import dump, format_text
from danbiet.safeyaml import Document, YamlError, load_text, read_text

CONTENT = "content"
PETITION_ID = re.compile(
    rf"(?P<unit>{records.SLUG})\.(?P<stem>{records.DATE}(?:-[a-z0-9]+)?)\.(?P<no>[0-9]{{1,4}})\Z"
)
CONFERENCE_ID = re.compile(rf"(?P<unit>{records.SLUG})\.(?P<stem>{records.DATE}(?:-[a-z0-9]+)?)\Z")
TODO = ""  # a value still to fill in: validate reports it as a missing field


class ScaffoldError(Exception):
    """Nothing was written: the message says why and what to do."""


@dataclass(frozen=True)
class Written:
    path: str  # repository-relative
    line: int | None  # the line of the new entry
    what: str  # e.g. "update 3 of petition xa-tan-an.2026-03-12.1"

    def message(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"wrote {where}: {self.what}"


def today() -> date:
    """Today in Asia/Ho_Chi_Minh (the default date of a new entry)."""
    from danbiet.workdays import today_in_vietnam

    return today_in_vietnam()


# -- safe file access ------------------------------------------------------------------------


def _parts(rel: str) -> tuple[str, ...]:
    path = PurePosixPath(rel)
    parts = path.parts
    if not parts or path.is_absolute() or any(p in ("", ".", "..") or "\\" in p for p in parts):
        raise ScaffoldError(f"'{rel}' is not a path inside the repository")
    return parts


def _check_no_links(root: Path, parts: tuple[str, ...]) -> Path:
    """ROOT/PARTS, refusing symbolic links and non-folders on the way."""
    current = Path(root)
    for index, part in enumerate(parts):
        current = current / part
        last = index == len(parts) - 1
        if current.is_symlink():
            shown = "/".join(parts[: index + 1])
            raise ScaffoldError(
                f"{shown} is a symbolic link; danbiet only writes real files inside the "
                "repository: replace the link with a real folder or file"
            )
        if not last and current.exists() and not current.is_dir():
            raise ScaffoldError(f"{'/'.join(parts[: index + 1])} is not a folder")
    return current


def write_inside(root: Path, rel: str, text: str, *, exclusive: bool = False) -> Path:
    """Write TEXT (UTF-8) to ROOT/REL, never through a symbolic link or outside ROOT.

    EXCLUSIVE: fail if the file exists (a new record is never written over another).
    Otherwise the file is replaced atomically (a temporary file in the same folder, renamed).
    """
    parts = _parts(rel)
    target = _check_no_links(Path(root), parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    _check_no_links(Path(root), parts)  # nothing was swapped for a link meanwhile
    data = text.encode("utf-8")
    if exclusive:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(target, flags, 0o666)
        except FileExistsError:
            raise ScaffoldError(
                f"{rel} already exists; danbiet never overwrites a record"
            ) from None
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        return target
    mask = os.umask(0)
    os.umask(mask)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~mask
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".danbiet-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def read_record(root: Path, rel: str) -> tuple[str, Document]:
    """The text and parsed document of the record file ROOT/REL (a real, regular file)."""
    path = _check_no_links(Path(root), _parts(rel))
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ScaffoldError(f"{rel} does not exist") from None
    if not stat.S_ISREG(mode):
        raise ScaffoldError(f"{rel} is not a regular file")
    try:
        text = read_text(path)
        return text, load_text(text)
    except YamlError as exc:
        where = f"{rel}:{exc.line}" if exc.line else rel
        raise ScaffoldError(
            f"{where}: [{exc.code}] {exc.message}; fix the file first (danbiet validate)"
        ) from None


# -- references ------------------------------------------------------------------------------


def _known_units(root: Path) -> list[str]:
    folder = Path(root) / CONTENT / "units"
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(
        p.stem
        for p in folder.glob("*.yaml")
        if records.SLUG_RE.match(p.stem) and p.is_file() and not p.is_symlink()
    )


def check_unit(root: Path, unit: str, what: str = "unit") -> str:
    """UNIT, if it is a known unit code (content/units/<unit>.yaml); else ScaffoldError."""
    if not records.SLUG_RE.match(unit or ""):
        raise ScaffoldError(
            f"'{unit}' is not a unit code: use lower-case letters, digits and '-' "
            "(e.g. xa-tan-an), as in the file names of content/units/"
        )
    known = _known_units(root)
    if unit not in known:
        close = difflib.get_close_matches(unit, known, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "add content/units/<unit>.yaml"
        raise ScaffoldError(
            f"unknown {what} '{unit}': there is no content/units/{unit}.yaml; {hint}"
        )
    return unit


def _conference_path(conference_id: str) -> str:
    match = CONFERENCE_ID.match(conference_id or "")
    if match is None:
        raise ScaffoldError(
            f"'{conference_id}' is not a conference id; write <unit>.<YYYY-MM-DD>, "
            "e.g. xa-tan-an.2026-03-12 (the file content/conferences/xa-tan-an/2026-03-12.yaml)"
        )
    return f"{CONTENT}/conferences/{match['unit']}/{match['stem']}.yaml"


def _load_conference(root: Path, conference_id: str) -> tuple[str, str, Document]:
    rel = _conference_path(conference_id)
    if not (Path(root) / rel).exists() and not (Path(root) / rel).is_symlink():
        raise ScaffoldError(
            f"conference {conference_id} does not exist: there is no {rel}; "
            "create it first with `danbiet new conference`"
        )
    text, document = read_record(root, rel)
    if not isinstance(document.data, dict):
        raise ScaffoldError(f"{rel}:1: a record file must be a YAML mapping; fix it first")
    return rel, text, document


def _find_petition(document: Document, rel: str, petition_id: str) -> tuple[int, dict[str, Any]]:
    no = int(petition_id.rsplit(".", 1)[1])
    petitions = document.data.get("petitions")
    if isinstance(petitions, list):
        for index, petition in enumerate(petitions):
            if isinstance(petition, dict) and petition.get("no") == no:
                return index, petition
    numbers = [
        str(p.get("no")) for p in petitions or [] if isinstance(p, dict) and p.get("no") is not None
    ]
    known = ", ".join(numbers) if numbers else "none yet"
    raise ScaffoldError(
        f"petition {petition_id} does not exist: {rel} has no petition with no: {no} "
        f"(petitions: {known}); add one with `danbiet new petition`"
    )


def _header(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        out.append(line)
    return out


def _save(
    root: Path, rel: str, data: dict[str, Any], header: list[str], *, exclusive: bool
) -> Document:
    found = records.classify(rel.removeprefix(f"{CONTENT}/"))
    assert found is not None, rel
    text = format_text("\n".join([*header, dump(data)]), found[0].node, rel)
    write_inside(root, rel, text, exclusive=exclusive)
    return load_text(text)


def _append(
    root: Path,
    rel: str,
    text: str,
    document: Document,
    container: dict[str, Any],
    container_path: tuple[str | int, ...],
    key: str,
    entry: dict[str, Any],
) -> int | None:
    """Append ENTRY to CONTAINER[KEY] (a list) and save; the line of the new entry."""
    items = container.get(key)
    if items is None:
        items = container[key] = []
    if not isinstance(items, list):
        line = document.line_of((*container_path, key))
        raise ScaffoldError(f"{rel}:{line}: {key} must be a list; fix the file first")
    items.append({k: v for k, v in entry.items() if v is not None})
    saved = _save(root, rel, document.data, _header(text), exclusive=False)
    return saved.line_of((*container_path, key, len(items) - 1))


def _iso(value: date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


# -- new records -----------------------------------------------------------------------------


def new_conference(root: Path, unit: str, held_on: date, kind: str = "dinh-ky") -> Written:
    """content/conferences/<unit>/<date>.yaml (or <date>-2.yaml, ... if taken)."""
    check_unit(root, unit)
    folder = f"{CONTENT}/conferences/{unit}"
    day = held_on.isoformat()
    rel = None
    for n in range(1, 100):
        candidate = f"{folder}/{day}.yaml" if n == 1 else f"{folder}/{day}-{n}.yaml"
        path = Path(root) / candidate
        if not path.exists() and not path.is_symlink():
            rel = candidate
            break
    if rel is None:
        raise ScaffoldError(f"{folder}/ already holds 99 conferences on {day}")
    data = {
        "unit": unit,
        "kind": kind,
        "held_on": day,
        "title": TODO,
        "fields": [TODO],
        "venue": TODO,
        "form": TODO,
        "outcome": TODO,
        "chairs": [{"name": TODO, "role": TODO, "position": TODO}],
    }
    _save(root, rel, data, [], exclusive=True)
    stem = rel.rsplit("/", 1)[1].removesuffix(".yaml")
    return Written(rel, None, f"conference {unit}.{stem}: fill in every '' value")


def new_plan(
    root: Path, unit: str, year: int, head: str, registered_on: date, head_name: str | None = None
) -> Written:
    check_unit(root, unit)
    if not 2015 <= year <= 2100:
        raise ScaffoldError(f"year {year} is out of range (2015-2100)")
    if head not in schema.enum("plans", "head"):
        raise ScaffoldError(f"head '{head}': use one of {', '.join(schema.enum('plans', 'head'))}")
    rel = f"{CONTENT}/plans/{unit}/{year}-{head}.yaml"
    data = {
        "unit": unit,
        "year": year,
        "head": head,
        "head_name": head_name if head_name is not None else TODO,
        "registered_on": registered_on.isoformat(),
        "document": {"number": TODO},
        "conferences": [{"planned_on": TODO, "kind": TODO, "topic": TODO}],
    }
    _exists_refusal(root, rel, "plan")
    _save(root, rel, data, [], exclusive=True)
    return Written(rel, None, f"plan {unit}.{year}.{head}: fill in every '' value")


def new_report(root: Path, unit: str, period: str, filed_on: date) -> Written:
    check_unit(root, unit)
    if not re.fullmatch(r"[0-9]{4}(?:-q[1-4]|-h1)?", period or ""):
        raise ScaffoldError(
            f"period '{period}' is not a report period: write 2026-q1 .. 2026-q4 (quarter), "
            "2026-h1 (six months) or 2026 (year)"
        )
    rel = f"{CONTENT}/reports/{unit}/{period}.yaml"
    data = {
        "unit": unit,
        "period": period,
        "filed_on": filed_on.isoformat(),
        "number": TODO,
        "summary": TODO,
    }
    _exists_refusal(root, rel, "report")
    _save(root, rel, data, [], exclusive=True)
    return Written(rel, None, f"report {unit}.{period}: fill in every '' value")


def _exists_refusal(root: Path, rel: str, what: str) -> None:
    path = Path(root) / rel
    if path.exists() or path.is_symlink():
        raise ScaffoldError(
            f"{rel} already exists; danbiet never overwrites a {what}: edit that file instead"
        )


# -- new entries -----------------------------------------------------------------------------


def new_petition(
    root: Path,
    conference_id: str,
    raised: str | None = None,
    field: str | None = None,
    petitioner_kind: str | None = None,
    label: str | None = None,
    summary: str | None = None,
    received_on: date | None = None,
) -> Written:
    """Append a petition with the next free `no` to the conference."""
    rel, text, document = _load_conference(root, conference_id)
    petitions = document.data.get("petitions") or []
    numbers = [
        p.get("no")
        for p in petitions
        if isinstance(p, dict) and isinstance(p.get("no"), int) and not isinstance(p["no"], bool)
    ]
    no = max(numbers, default=0) + 1
    entry = {
        "no": no,
        "raised": raised or TODO,
        "received_on": _iso(received_on),
        "petitioner": {"kind": petitioner_kind or TODO, "label": label or TODO},
        "field": field or TODO,
        "summary": summary or TODO,
        "within_authority": TODO,
    }
    line = _append(root, rel, text, document, document.data, (), "petitions", entry)
    return Written(rel, line, f"petition {conference_id}.{no}: fill in every '' value")


def _petition(root: Path, petition_id: str) -> tuple[str, str, Document, int, dict[str, Any]]:
    match = PETITION_ID.match(petition_id or "")
    if match is None:
        raise ScaffoldError(
            f"'{petition_id}' is not a petition id; write <unit>.<YYYY-MM-DD>.<no>, "
            "e.g. xa-tan-an.2026-03-12.1 (petition no 1 of that conference)"
        )
    conference_id = f"{match['unit']}.{match['stem']}"
    rel, text, document = _load_conference(root, conference_id)
    index, petition = _find_petition(document, rel, petition_id)
    return rel, text, document, index, petition


def new_update(
    root: Path,
    petition_id: str,
    status: str,
    on: date,
    note: str | None = None,
    by: str | None = None,
    evidence: str | None = None,
    evidence_url: str | None = None,
) -> Written:
    if by is not None:
        check_unit(root, by, "reporting agency")
    rel, text, document, index, petition = _petition(root, petition_id)
    entry = {
        "date": on.isoformat(),
        "status": status,
        "by": by,
        "note": note,
        "evidence": evidence,
        "evidence_url": evidence_url,
    }
    line = _append(root, rel, text, document, petition, ("petitions", index), "updates", entry)
    count = len(petition["updates"])
    return Written(rel, line, f"update {count} of petition {petition_id} ({status})")


def new_supervision(
    root: Path,
    petition_id: str,
    by: str,
    verdict: str,
    on: date,
    note: str | None = None,
    document_ref: str | None = None,
) -> Written:
    check_unit(root, by, "supervising organisation")
    rel, text, document, index, petition = _petition(root, petition_id)
    entry = {
        "by": by,
        "date": on.isoformat(),
        "verdict": verdict,
        "note": note,
        "document": document_ref,
    }
    line = _append(root, rel, text, document, petition, ("petitions", index), "supervision", entry)
    count = len(petition["supervision"])
    return Written(rel, line, f"supervision {count} of petition {petition_id} ({verdict})")


def new_assignment(
    root: Path,
    petition_id: str,
    to: str,
    on: date,
    due_on: date | None = None,
    document_number: str | None = None,
    note: str | None = None,
) -> Written:
    check_unit(root, to, "agency")
    rel, text, document, index, petition = _petition(root, petition_id)
    entry = {
        "to": to,
        "assigned_on": on.isoformat(),
        "due_on": _iso(due_on),
        "document_number": document_number,
        "note": note,
    }
    line = _append(root, rel, text, document, petition, ("petitions", index), "assignments", entry)
    count = len(petition["assignments"])
    return Written(rel, line, f"assignment {count} of petition {petition_id} (to {to})")


_TARGET_PART = re.compile(r"([a-z_]+)(?:\[([0-9]+)\])?\Z")


def resolve_target(data: Any, target: str) -> bool:
    """Whether TARGET (`petitions[1].summary`: keys, 0-based list positions) names a value."""
    pattern = schema.field("corrections", "target").get("constraints", {}).get("pattern")
    if pattern and not re.fullmatch(pattern, target or ""):
        return False
    value = data
    for part in target.split("."):
        match = _TARGET_PART.match(part)
        if match is None or not isinstance(value, dict):
            return False
        key, index = match.group(1), match.group(2)
        if key not in value:
            # A field of a group is written `petitioner.label`; its column `petitioner_label`.
            group, _, sub = key.partition("_")
            if sub and isinstance(value.get(group), dict) and sub in value[group]:
                value = value[group][sub]
                continue
            return False
        value = value[key]
        if index is not None:
            if not isinstance(value, list) or int(index) >= len(value):
                return False
            value = value[int(index)]
    return True


def new_correction(
    root: Path, conference_id: str, target: str, reason: str, value: str | None, on: date
) -> Written:
    rel, text, document = _load_conference(root, conference_id)
    if not resolve_target(document.data, target):
        raise ScaffoldError(
            f"target '{target}' does not name a value of {rel}: write the path of the published "
            "value, keys joined by '.', list positions from 0 in brackets, e.g. title, "
            "notice.number, petitions[0].summary, petitions[1].updates[0].status"
        )
    if not (reason or "").strip():
        raise ScaffoldError("a correction needs a reason (--reason): say why the value was wrong")
    entry = {"date": on.isoformat(), "target": target, "value": value, "reason": reason}
    line = _append(root, rel, text, document, document.data, (), "corrections", entry)
    count = len(document.data["corrections"])
    return Written(rel, line, f"correction {count} of conference {conference_id} ({target})")
