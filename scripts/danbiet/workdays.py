"""Vietnam's working-day calendar for civil servants (cán bộ, công chức, viên chức).

A working day is a Monday to Friday that is not a public holiday or an official day off, or a
Saturday/Sunday that the government made an official make-up working day (ngày làm bù).

The base calendar comes from the `holidays` package (`holidays.country_holidays("VN")`, Vietnamese
names): public holidays under the Labour Code 2019, their compensatory days and the swap decisions
the package knows (with their make-up Saturdays, `weekend_workdays`). Reviewed data in
`content/calendar/<year>.yaml` corrects it: days added off (`kind: nghi`), make-up working
days (`kind: lam-bu`) and days the package lists that are not days off (`kind: khong-nghi`), each
with its legal source and a status (confirmed / provisional). An entry may also confirm what the
package already says, so that the calendar can cite the decision.

A year with no file, or whose file is not `status: confirmed`, is provisional:
`is_provisional(year)` says so, and every `DueDate` whose counting touches such a year, or a day
whose entry is provisional, has `provisional=True`.

Counting rules (all dates are plain `datetime.date`; the project's time zone is Asia/Ho_Chi_Minh,
see `today_in_vietnam`, which only command-line defaults use):

- "within N working days after X" (`add_working_days`): counting starts the day after X; the due
  date is the N-th working day after X. X itself never counts, whether or not it is a working day.
- "within N days after X" (`add_days`): the due date is X + N calendar days; if that is not a
  working day it moves to the next working day.
- "at least N working days before X" (`working_days_before`): counting goes backward from X, X not
  counted; the due date D is the N-th working day before X, so the working days D..X-1 number
  exactly N. An action on D or earlier is on time. It mirrors the forward rule: when X is a working
  day, `add_working_days(D, N).due == X`.

Per-year tables (sorted working days, days off with their reason) are built once and results of
`add_working_days` are memoised, so a national build can call it millions of times.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from danbiet.safeyaml import Document, YamlError, load_file

TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

KIND_OFF = "nghi"  # a day off
KIND_MAKE_UP = "lam-bu"  # a Saturday or Sunday worked in exchange for a day off
KIND_NOT_OFF = "khong-nghi"  # a day the holidays package lists that is not a day off
KINDS = (KIND_OFF, KIND_MAKE_UP, KIND_NOT_OFF)
STATUSES = ("confirmed", "provisional")

ORIGIN_HOLIDAYS = "holidays"  # the entry comes from the holidays package
ORIGIN_OVERRIDE = "override"  # the entry comes from content/calendar/<year>.yaml

# Vietnamese weekday names, Monday first, as written inside a sentence.
WEEKDAYS_VI = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")

_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TOP_KEYS = ("year", "status", "sources", "days")
_SOURCE_KEYS = ("id", "title", "number", "issued_on", "issuer", "url")
_DAY_KEYS = ("date", "kind", "name", "source", "status", "note")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_SOURCE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
_FILE_NAME = re.compile(r"([0-9]{4})\.yaml\Z")
_SUBSTITUTED = re.compile(r"thay cho ngày ([0-9]{2}/[0-9]{2}/[0-9]{4})")


def today_in_vietnam() -> date:
    """Today's date in Asia/Ho_Chi_Minh. For command-line defaults only: library functions take
    explicit dates."""
    return datetime.now(TIME_ZONE).date()


def weekday_vi(day: date) -> str:
    """The Vietnamese weekday name of `day` ("thứ Hai" ... "Chủ nhật")."""
    return WEEKDAYS_VI[day.weekday()]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class CalendarError(Exception):
    """A calendar file that cannot be used. `path` and `line` (1-based, or None) say where,
    `message` what is wrong and how to fix it, `code` is a stable name for tests.

    `Calendar.load` collects every problem before raising: the error raised is the first one and
    `problems` holds all of them (itself included)."""

    def __init__(
        self,
        path: Path | str,
        line: int | None,
        message: str,
        code: str = "calendar-error",
        problems: tuple[CalendarError, ...] = (),
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        self.code = code
        self.problems: tuple[CalendarError, ...] = problems or (self,)
        super().__init__(self.location() + ": " + message)

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else str(self.path)


@dataclass(frozen=True)
class Skipped:
    """A day passed over while counting, and why (Vietnamese)."""

    day: date
    reason: str  # e.g. "Thứ Bảy", "Chủ nhật", "Tết Nguyên đán", "Nghỉ bù Tết Dương lịch ..."
    source: str | None  # legal basis, when the day comes from an override or a holiday

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "reason": self.reason, "source": self.source}


@dataclass(frozen=True)
class DueDate:
    """The result of a count. `start` is the anchor X, `due` the computed date.

    `skipped` lists every day passed over, in date order: for working days every non-working day
    strictly between `start` and `due`; for calendar days the days the due date was moved over.
    `provisional` is True when a day whose status was consulted lies in a provisional year or has a
    provisional calendar entry."""

    start: date
    due: date
    count: int
    unit: str  # "working-days" | "days"
    skipped: tuple[Skipped, ...]
    provisional: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "due": self.due.isoformat(),
            "from": self.start.isoformat(),
            "count": self.count,
            "unit": self.unit,
            "provisional": self.provisional,
            "skipped": [s.to_dict() for s in self.skipped],
        }


@dataclass(frozen=True)
class Source:
    """The legal basis of calendar entries, as listed under `sources` in a year file."""

    id: str
    title: str  # the full citation in Vietnamese: document, number, date, issuer
    number: str | None = None
    issued_on: date | None = None
    issuer: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "issuer": self.issuer,
            "url": self.url,
        }


@dataclass(frozen=True)
class CalendarEntry:
    """One day of a year's calendar that differs from an ordinary week: a day off on a weekday
    (or any day an override names), a make-up working day, or a package holiday that is not off.

    `source` is the legal basis as text, `url` its link when known, `source_id` the id in the year
    file (None for days from the holidays package), `origin` "holidays" or "override"."""

    day: date
    kind: str  # "nghi" | "lam-bu" | "khong-nghi"
    name: str
    source: str | None
    status: str  # "confirmed" | "provisional"
    url: str | None = None
    source_id: str | None = None
    origin: str = ORIGIN_HOLIDAYS
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "weekday": weekday_vi(self.day),
            "kind": self.kind,
            "name": self.name,
            "source": self.source,
            "url": self.url,
            "source_id": self.source_id,
            "status": self.status,
            "origin": self.origin,
            "note": self.note,
        }


@dataclass(frozen=True)
class YearFile:
    """A parsed and checked `content/calendar/<year>.yaml`."""

    path: Path
    year: int
    status: str
    sources: tuple[Source, ...]
    entries: tuple[CalendarEntry, ...]


@dataclass
class _Year:
    """Precomputed tables of one year."""

    year: int
    provisional: bool
    first: int  # ordinal of 1 January
    working_flags: bytearray  # 1 for a working day, indexed by ordinal - first
    working: list[int]  # ordinals of working days, sorted
    off: list[int]  # ordinals of non-working days, sorted
    why: list[Skipped]  # aligned with `off`
    flagged: list[int]  # ordinals of days whose entry is provisional, sorted
    entries: list[CalendarEntry]
    file: YearFile | None


# --- the holidays package ------------------------------------------------------------------------


def holidays_version() -> str:
    import holidays

    return str(holidays.__version__)


def _clean_name(name: str) -> str:
    # Vietnamese orthography writes "Tết Nguyên đán"; the package capitalises "Đán".
    return name.replace("Nguyên Đán", "Nguyên đán")


def package_year(year: int) -> tuple[dict[date, tuple[str, str]], dict[date, tuple[str, str]]]:
    """What the `holidays` package says about `year`: (holidays, make-up working days), each a map
    date -> (Vietnamese name, source text). Holidays include those on weekends."""
    import holidays

    version = holidays.__version__
    full = holidays.country_holidays("VN", years=year, language="vi")
    base = holidays.country_holidays("VN", years=year, language="vi", observed=False)
    labour_code = "Bộ luật Lao động số 45/2019/QH14"
    days: dict[date, tuple[str, str]] = {}
    workdays: dict[date, tuple[str, str]] = {}
    for day, raw in sorted(full.items()):
        if day.year != year:
            continue
        names = [_clean_name(n) for n in full.get_list(day)]
        name = "; ".join(names)
        swapped = _SUBSTITUTED.search(raw)
        if swapped:
            source = (
                "Quyết định hoán đổi ngày làm việc của cơ quan có thẩm quyền "
                f"(theo dữ liệu của gói holidays {version})"
            )
            worked = datetime.strptime(swapped.group(1), "%d/%m/%Y").date()
            if worked.year == year:
                workdays[worked] = (
                    f"Làm bù cho ngày nghỉ {day:%d/%m/%Y}",
                    source,
                )
        elif day in base:
            source = f"{labour_code}, Điều 112 (theo dữ liệu của gói holidays {version})"
        elif "nghỉ bù" in raw:
            source = (
                f"{labour_code}, Điều 111 khoản 3 và Điều 112: nghỉ bù khi ngày lễ trùng ngày "
                f"nghỉ hằng tuần (theo dữ liệu của gói holidays {version})"
            )
        else:
            source = (
                "Lịch nghỉ Tết Nguyên đán hằng năm đối với cán bộ, công chức, viên chức "
                f"(theo dữ liệu của gói holidays {version})"
            )
        days[day] = (name, source)
    for worked in getattr(full, "weekend_workdays", ()):
        if worked.year == year and worked not in workdays:
            workdays[worked] = (
                "Ngày làm việc bù",
                f"Quyết định hoán đổi ngày làm việc (theo dữ liệu của gói holidays {version})",
            )
    return days, workdays


# --- reading year files --------------------------------------------------------------------------


class _Problems:
    def __init__(self, path: Path, doc: Document | None = None) -> None:
        self.path = path
        self.doc = doc
        self.items: list[CalendarError] = []

    def add(self, where: tuple[str | int, ...], code: str, message: str) -> None:
        line = self.doc.line_of(where) if self.doc is not None else None
        self.items.append(CalendarError(self.path, line, message, code))


def _raise_all(problems: list[CalendarError]) -> NoReturn:
    """Raise the first problem, carrying all of them in `problems`."""
    first = problems[0]
    first.problems = tuple(problems)
    raise first


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def read_year_file(path: Path) -> YearFile:
    """Read and check one year file; raise `CalendarError` (with every problem) if it is wrong."""
    try:
        doc = load_file(path)
    except YamlError as exc:
        raise CalendarError(path, exc.line, exc.message, exc.code) from None
    problems = _Problems(path, doc)
    result = _check_year_file(path, doc, problems)
    if problems.items or result is None:
        _raise_all(problems.items)
    return result


def _check_year_file(path: Path, doc: Document, problems: _Problems) -> YearFile | None:
    data = doc.data
    match = _FILE_NAME.match(path.name)
    if not match:
        problems.add(
            (), "bad-file-name", f"name the file YYYY.yaml (e.g. 2026.yaml), not {path.name}"
        )
        return None
    file_year = int(match.group(1))
    if not isinstance(data, dict):
        problems.add(
            (), "not-a-mapping", "a calendar file is a mapping with year, status, sources, days"
        )
        return None
    for key in data:
        if key not in _TOP_KEYS:
            problems.add(
                (key,), "unknown-key", f"unknown key '{key}'; allowed: {', '.join(_TOP_KEYS)}"
            )
    year = data.get("year")
    if "year" not in data:
        problems.add((), "missing-key", f"add 'year: {file_year}'")
    elif not isinstance(year, int) or isinstance(year, bool) or year != file_year:
        problems.add(
            ("year",),
            "year-mismatch",
            f"year is {year!r} but the file is {path.name}; write 'year: {file_year}' "
            "or rename the file",
        )
    status = data.get("status")
    if status not in STATUSES:
        problems.add(
            ("status",) if "status" in data else (),
            "bad-status",
            f"status must be one of {', '.join(STATUSES)}, not {status!r}"
            if "status" in data
            else "add 'status: confirmed' (reviewed) or 'status: provisional'",
        )
    sources = _check_sources(data.get("sources"), problems)
    entries = _check_days(data.get("days"), file_year, sources, problems)
    if problems.items:
        return None
    return YearFile(
        path=path,
        year=file_year,
        status=str(status),
        sources=tuple(sources.values()),
        entries=tuple(entries),
    )


def _check_sources(raw: Any, problems: _Problems) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    if raw is None:
        return sources
    if not isinstance(raw, list):
        problems.add(("sources",), "not-a-list", "sources must be a list of {id, title, ...}")
        return sources
    for i, item in enumerate(raw):
        where: tuple[str | int, ...] = ("sources", i)
        if not isinstance(item, dict):
            problems.add(where, "not-a-mapping", "each source is a mapping with id and title")
            continue
        for key in item:
            if key not in _SOURCE_KEYS:
                problems.add(
                    (*where, key),
                    "unknown-key",
                    f"unknown key '{key}' in a source; allowed: {', '.join(_SOURCE_KEYS)}",
                )
        source_id = item.get("id")
        if not isinstance(source_id, str) or not _SOURCE_ID.match(source_id):
            problems.add(
                (*where, "id"),
                "bad-source-id",
                f"source id {source_id!r} must be lowercase words joined by '-', "
                "e.g. vpcp-12729-2025",
            )
            continue
        if source_id in sources:
            problems.add(
                (*where, "id"), "duplicate-source", f"source id '{source_id}' is listed twice"
            )
            continue
        title = _text(item.get("title"))
        if title is None:
            problems.add(
                (*where, "title"),
                "missing-title",
                "add a title: the document's kind, number, date and issuer, in Vietnamese",
            )
        issued_on = None
        if item.get("issued_on") is not None:
            issued_on = _parse_date(item.get("issued_on"))
            if issued_on is None:
                problems.add(
                    (*where, "issued_on"),
                    "bad-date",
                    f"issued_on {item.get('issued_on')!r} is not a date; write YYYY-MM-DD",
                )
        url = item.get("url")
        if url is not None and not (
            isinstance(url, str) and url.startswith(("https://", "http://"))
        ):
            problems.add((*where, "url"), "bad-url", f"url {url!r} must start with https://")
            url = None
        sources[source_id] = Source(
            id=source_id,
            title=title or "",
            number=_text(item.get("number")),
            issued_on=issued_on,
            issuer=_text(item.get("issuer")),
            url=url,
        )
    return sources


def _check_days(
    raw: Any, year: int, sources: dict[str, Source], problems: _Problems
) -> list[CalendarEntry]:
    entries: list[CalendarEntry] = []
    if raw is None:
        return entries
    if not isinstance(raw, list):
        problems.add(("days",), "not-a-list", "days must be a list of {date, kind, name, ...}")
        return entries
    package_days: dict[date, tuple[str, str]] | None = None
    seen: dict[date, int] = {}
    for i, item in enumerate(raw):
        where: tuple[str | int, ...] = ("days", i)
        if not isinstance(item, dict):
            problems.add(
                where,
                "not-a-mapping",
                "each day is a mapping: {date: YYYY-MM-DD, kind: nghi, name: ..., "
                "source: ..., status: confirmed}",
            )
            continue
        before = len(problems.items)
        for key in item:
            if key not in _DAY_KEYS:
                problems.add(
                    (*where, key),
                    "unknown-key",
                    f"unknown key '{key}' in a day; allowed: {', '.join(_DAY_KEYS)}",
                )
        day = _parse_date(item.get("date"))
        if "date" not in item:
            problems.add(where, "missing-key", "add the day's date: 'date: YYYY-MM-DD'")
        elif day is None:
            problems.add(
                (*where, "date"),
                "bad-date",
                f"date {item.get('date')!r} is not a valid date; write YYYY-MM-DD, "
                f"e.g. {year}-01-02",
            )
        elif day.year != year:
            problems.add(
                (*where, "date"),
                "year-mismatch",
                f"date {day.isoformat()} is not in {year}; move it to {day.year}.yaml",
            )
            day = None
        elif day in seen:
            problems.add(
                (*where, "date"),
                "duplicate-date",
                f"{day.isoformat()} is already listed (entry {seen[day] + 1}); keep one entry "
                "per day",
            )
        kind = item.get("kind")
        if kind not in KINDS:
            problems.add(
                (*where, "kind") if "kind" in item else where,
                "bad-kind",
                f"kind must be one of {', '.join(KINDS)} (nghi: day off, lam-bu: make-up "
                f"working day, khong-nghi: not a day off), not {kind!r}",
            )
        name = _text(item.get("name"))
        if name is None:
            problems.add(
                (*where, "name") if "name" in item else where,
                "missing-name",
                "add the day's Vietnamese name, e.g. 'name: Nghỉ bù Tết Dương lịch'",
            )
        source_id = item.get("source")
        if source_id is None:
            what = {KIND_OFF: "day-off", KIND_MAKE_UP: "make-up day"}.get(str(kind), "day")
            problems.add(
                where,
                "missing-source",
                f"the {what} entry has no source; add 'source: <id>' naming an entry of "
                "'sources' (the decision that sets this day)",
            )
        elif not isinstance(source_id, str) or source_id not in sources:
            known = ", ".join(sources) or "none listed"
            problems.add(
                (*where, "source"),
                "unknown-source",
                f"source {source_id!r} is not listed under 'sources' (known: {known})",
            )
        status = item.get("status")
        if status not in STATUSES:
            problems.add(
                (*where, "status") if "status" in item else where,
                "bad-status",
                f"status must be one of {', '.join(STATUSES)}, not {status!r}",
            )
        if day is not None and kind == KIND_MAKE_UP and day.weekday() < 5:
            problems.add(
                (*where, "date"),
                "make-up-not-weekend",
                f"{day.isoformat()} is a {_WEEKDAYS_EN[day.weekday()]}; a make-up working day "
                "(lam-bu) is a Saturday or Sunday: check the date",
            )
        if day is not None and kind == KIND_NOT_OFF:
            if package_days is None:
                package_days = package_year(year)[0]
            if day not in package_days:
                problems.add(
                    (*where, "date"),
                    "not-a-package-holiday",
                    f"the holidays package does not list {day.isoformat()} as a holiday, so "
                    "there is nothing to cancel: check the date or remove the entry",
                )
        if day is not None and day not in seen:
            seen[day] = i
        if len(problems.items) > before or day is None:
            continue
        source = sources[str(source_id)]
        entries.append(
            CalendarEntry(
                day=day,
                kind=str(kind),
                name=str(name),
                source=source.title,
                status=str(status),
                url=source.url,
                source_id=source.id,
                origin=ORIGIN_OVERRIDE,
                note=_text(item.get("note")),
            )
        )
    return sorted(entries, key=lambda e: e.day)


# --- the calendar --------------------------------------------------------------------------------


class Calendar:
    """The working-day calendar: the holidays package corrected by reviewed year files.

    `Calendar()` with no files uses the package alone and treats every year as provisional."""

    def __init__(self, files: dict[int, YearFile] | None = None) -> None:
        self.files: dict[int, YearFile] = dict(files or {})
        self._years: dict[int, _Year] = {}
        self._forward: dict[tuple[int, int], DueDate] = {}

    @classmethod
    def load(cls, calendar_dir: Path) -> Calendar:
        """Read every `<year>.yaml` in `calendar_dir` (usually ROOT/content/calendar). A missing
        directory means no reviewed data: every year falls back to the holidays package and is
        provisional. Raises `CalendarError` naming file:line; `problems` lists all of them."""
        calendar_dir = Path(calendar_dir)
        files: dict[int, YearFile] = {}
        problems: list[CalendarError] = []
        if calendar_dir.is_dir():
            for path in sorted(calendar_dir.iterdir()):
                if path.suffix == ".yml":
                    problems.append(
                        CalendarError(
                            path, None, f"rename {path.name} to {path.stem}.yaml", "bad-file-name"
                        )
                    )
                    continue
                if path.suffix != ".yaml" or not path.is_file():
                    continue
                try:
                    year_file = read_year_file(path)
                except CalendarError as exc:
                    problems.extend(exc.problems)
                    continue
                files[year_file.year] = year_file
        if problems:
            _raise_all(problems)
        return cls(files)

    # -- per-year tables

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            table = self._years[year] = self._build_year(year)
        return table

    def _build_year(self, year: int) -> _Year:
        if not 1 <= year <= 9998:
            raise ValueError(f"year {year} is out of range")
        year_file = self.files.get(year)
        provisional = year_file is None or year_file.status != "confirmed"
        year_status = "provisional" if provisional else "confirmed"
        holidays_, workdays = package_year(year)
        overrides = {e.day: e for e in year_file.entries} if year_file else {}

        entries: dict[date, CalendarEntry] = {}
        for day, (name, source) in holidays_.items():
            entries[day] = CalendarEntry(day, KIND_OFF, name, source, year_status)
        for day, (name, source) in workdays.items():
            entries[day] = CalendarEntry(day, KIND_MAKE_UP, name, source, year_status)
        entries.update(overrides)  # a reviewed entry replaces what the package says of its day

        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        flags = bytearray(last - first + 1)
        working: list[int] = []
        off: list[int] = []
        why: list[Skipped] = []
        flagged: list[int] = []
        for ordinal in range(first, last + 1):
            day = date.fromordinal(ordinal)
            entry = entries.get(day)
            weekend = day.weekday() >= 5
            if entry is not None and entry.status != "confirmed":
                flagged.append(ordinal)
            if entry is not None and entry.kind == KIND_MAKE_UP:
                is_working = True
            elif entry is not None and entry.kind == KIND_OFF:
                is_working = False
            else:
                is_working = not weekend
            if is_working:
                flags[ordinal - first] = 1
                working.append(ordinal)
                continue
            off.append(ordinal)
            weekday = _capitalised(weekday_vi(day))
            if entry is not None and entry.kind == KIND_OFF:
                if weekend and entry.origin == ORIGIN_HOLIDAYS:
                    reason = f"{weekday} ({entry.name})"
                else:
                    reason = entry.name
                why.append(Skipped(day, reason, entry.source))
            else:
                why.append(Skipped(day, weekday, None))

        listed = [
            e
            for e in entries.values()
            if e.origin == ORIGIN_OVERRIDE or e.kind != KIND_OFF or e.day.weekday() < 5
        ]
        return _Year(
            year=year,
            provisional=provisional,
            first=first,
            working_flags=flags,
            working=working,
            off=off,
            why=why,
            flagged=flagged,
            entries=sorted(listed, key=lambda e: e.day),
            file=year_file,
        )

    def _years_between(self, lo: int, hi: int) -> range:
        """Years of the ordinals lo..hi (inclusive)."""
        return range(date.fromordinal(lo).year, date.fromordinal(hi).year + 1)

    def _skipped_between(self, lo: int, hi: int) -> tuple[Skipped, ...]:
        """Non-working days with ordinals in [lo, hi)."""
        if lo >= hi:
            return ()
        result: list[Skipped] = []
        for year in self._years_between(lo, hi - 1):
            table = self._year(year)
            a = bisect.bisect_left(table.off, lo)
            b = bisect.bisect_left(table.off, hi)
            result.extend(table.why[a:b])
        return tuple(result)

    def _provisional_between(self, lo: int, hi: int) -> bool:
        """Whether any day with ordinal in [lo, hi] is in a provisional year or flagged."""
        if lo > hi:
            return False
        for year in self._years_between(lo, hi):
            table = self._year(year)
            if table.provisional:
                return True
            i = bisect.bisect_left(table.flagged, lo)
            if i < len(table.flagged) and table.flagged[i] <= hi:
                return True
        return False

    # -- public API

    def is_provisional(self, year: int) -> bool:
        """True when `year` has no reviewed file or its file is not `status: confirmed`.

        A confirmed year may still hold provisional entries (see `CalendarEntry.status`); counts
        that touch those days are flagged through `DueDate.provisional`."""
        year_file = self.files.get(year)
        return year_file is None or year_file.status != "confirmed"

    def is_working_day(self, day: date) -> bool:
        table = self._year(day.year)
        return bool(table.working_flags[day.toordinal() - table.first])

    def why_not_working(self, day: date) -> Skipped | None:
        """Why `day` is not a working day (Vietnamese reason and source), or None if it is one."""
        table = self._year(day.year)
        ordinal = day.toordinal()
        i = bisect.bisect_left(table.off, ordinal)
        if i < len(table.off) and table.off[i] == ordinal:
            return table.why[i]
        return None

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, otherwise the first working day after it."""
        ordinal = day.toordinal()
        year = day.year
        while True:
            table = self._year(year)
            i = bisect.bisect_left(table.working, ordinal)
            if i < len(table.working):
                return date.fromordinal(table.working[i])
            year += 1

    def add_working_days(self, start: date, n: int) -> DueDate:
        """ "Within N working days after X": counting starts the day after `start`; the due date
        is the N-th working day after `start` (`start` never counts). N = 0 gives `start` itself.

        `skipped` lists every non-working day strictly between `start` and the due date;
        `provisional` is True if any day from start+1 to the due date is provisional."""
        if n < 0:
            raise ValueError(f"n must be >= 0, not {n}")
        key = (start.toordinal(), n)
        cached = self._forward.get(key)
        if cached is not None:
            return cached
        ordinal = key[0]
        if n == 0:
            result = DueDate(start, start, 0, "working-days", (), False)
        else:
            year = start.year
            table = self._year(year)
            index = bisect.bisect_right(table.working, ordinal)
            remaining = n
            while index + remaining > len(table.working):
                remaining -= len(table.working) - index
                year += 1
                table = self._year(year)
                index = 0
            due = table.working[index + remaining - 1]
            result = DueDate(
                start=start,
                due=date.fromordinal(due),
                count=n,
                unit="working-days",
                skipped=self._skipped_between(ordinal + 1, due),
                provisional=self._provisional_between(ordinal + 1, due),
            )
        self._forward[key] = result
        return result

    def add_days(self, start: date, n: int) -> DueDate:
        """ "Within N days after X": the due date is `start` + N calendar days, moved to the next
        working day if that is not a working day.

        `skipped` lists the days the due date was moved over (empty when start + N is a working
        day); `provisional` is True if start + N or a day it was moved over is provisional."""
        if n < 0:
            raise ValueError(f"n must be >= 0, not {n}")
        target = start + timedelta(days=n)
        due = self.next_working_day(target)
        lo, hi = target.toordinal(), due.toordinal()
        return DueDate(
            start=start,
            due=due,
            count=n,
            unit="days",
            skipped=self._skipped_between(lo, hi),
            provisional=self._provisional_between(lo, hi),
        )

    def working_days_before(self, x: date, n: int) -> DueDate:
        """ "At least N working days before X": counting goes backward from `x`, `x` not counted;
        the due date D is the N-th working day before `x`, so that D..x-1 hold exactly N working
        days. An action on D or earlier is on time; one after D is late. N = 0 gives `x`.

        In the result `start` is `x`; `skipped` lists every non-working day strictly between D
        and `x`; `provisional` is True if any day from D to x-1 is provisional."""
        if n < 0:
            raise ValueError(f"n must be >= 0, not {n}")
        if n == 0:
            return DueDate(x, x, 0, "working-days", (), False)
        ordinal = x.toordinal()
        year = x.year
        table = self._year(year)
        index = bisect.bisect_left(table.working, ordinal)  # working days before x in this year
        remaining = n
        while remaining > index:
            remaining -= index
            year -= 1
            table = self._year(year)
            index = len(table.working)
        due = table.working[index - remaining]
        return DueDate(
            start=x,
            due=date.fromordinal(due),
            count=n,
            unit="working-days",
            skipped=self._skipped_between(due + 1, ordinal),
            provisional=self._provisional_between(due, ordinal - 1),
        )

    def latest_date_before(self, x: date, n: int) -> date:
        """The last day on which an action is still "at least N working days before X"
        (`working_days_before(x, n).due`)."""
        return self.working_days_before(x, n).due

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days in (start, end]: `start` excluded, `end` included. So
        `working_days_between(x, add_working_days(x, n).due) == n`. Negative when end < start
        (minus the working days in (end, start])."""
        lo, hi = start.toordinal(), end.toordinal()
        if hi < lo:
            return -self.working_days_between(end, start)
        count = 0
        for year in range(start.year, end.year + 1):
            table = self._year(year)
            count += bisect.bisect_right(table.working, hi) - bisect.bisect_right(table.working, lo)
        return count

    def year_entries(self, year: int) -> list[CalendarEntry]:
        """The year's calendar entries, in date order: every day off that falls on a weekday
        (package holidays and swaps), every entry of the year file (whatever its weekday) and
        every make-up working day. Entries of `kind` "khong-nghi" are package holidays that are
        not days off. Package entries carry the year's status."""
        return list(self._year(year).entries)

    def year_file(self, year: int) -> YearFile | None:
        """The reviewed file of `year`, if any."""
        return self.files.get(year)
