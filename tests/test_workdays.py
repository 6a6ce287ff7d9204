"""The working-day calendar: the shipped 2024–2026 data, counting rules and calendar file errors."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from danbiet.workdays import (
    Calendar,
    CalendarError,
    Skipped,
    package_year,
    today_in_vietnam,
)

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content" / "calendar"

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> Calendar:
    return Calendar.load(SHIPPED)


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """A copy of the shipped calendar files in tmp_path, to edit."""
    target = tmp_path / "content" / "calendar"
    shutil.copytree(SHIPPED, target)
    return target


# --- the shipped data ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # 2024: 30/4–1/5 with Mon 29/4 off and Sat 4/5 worked
        ("2024-04-26", 1, "2024-05-02"),
        ("2024-05-03", 1, "2024-05-04"),
        ("2024-05-02", 2, "2024-05-04"),
        # 2024: Tết 8–14/2, Quốc khánh 2–3/9, New Year
        ("2024-02-07", 1, "2024-02-15"),
        ("2024-08-30", 1, "2024-09-04"),
        ("2024-12-31", 1, "2025-01-02"),
        # 2025: Tết 25/1–2/2; 30/4–4/5 with Fri 2/5 off and Sat 26/4 worked; Quốc khánh 30/8–2/9
        ("2025-01-24", 1, "2025-02-03"),
        ("2025-04-25", 1, "2025-04-26"),
        ("2025-04-29", 1, "2025-05-05"),
        ("2025-04-04", 1, "2025-04-08"),
        ("2025-08-29", 1, "2025-09-03"),
        # 2026: 1–4/1 with Fri 2/1 off and Sat 10/1 worked
        ("2025-12-31", 1, "2026-01-05"),
        ("2026-01-01", 1, "2026-01-05"),
        ("2026-01-09", 1, "2026-01-10"),
        ("2026-01-05", 5, "2026-01-10"),
        # 2026: Tết 14–22/2
        ("2026-02-13", 1, "2026-02-23"),
        ("2026-02-10", 5, "2026-02-24"),
        # 2026: Giỗ Tổ 26/4 is a Sunday, Mon 27/4 off; 30/4–3/5
        ("2026-04-24", 1, "2026-04-28"),
        ("2026-04-29", 1, "2026-05-04"),
        # 2026: 29/8–2/9 with Mon 31/8 off and Sat 22/8 worked
        ("2026-08-21", 1, "2026-08-22"),
        ("2026-08-28", 1, "2026-09-03"),
        # 2026: 24/11 off by default (provisional)
        ("2026-11-23", 1, "2026-11-25"),
        # a conclusion notice and an assignment with no holiday in between
        ("2026-03-12", 5, "2026-03-19"),
        ("2026-03-19", 15, "2026-04-09"),
    ],
)
def test_add_working_days_shipped(cal: Calendar, start: str, n: int, due: str) -> None:
    result = cal.add_working_days(D(start), n)
    assert result.due == D(due)
    assert result.start == D(start)
    assert result.count == n
    assert result.unit == "working-days"
    assert cal.working_days_between(D(start), D(due)) == n


def test_shipped_years_are_confirmed(cal: Calendar) -> None:
    assert [cal.is_provisional(y) for y in (2024, 2025, 2026)] == [False, False, False]
    assert cal.is_provisional(2023)
    assert cal.is_provisional(2030)


def test_tet_2026_weekdays_are_off(cal: Calendar) -> None:
    # The holidays package lists exactly Mon 16 to Fri 20 February; the official 9-day break
    # 14–22/2 adds only weekend days.
    holidays_, _ = package_year(2026)
    assert sorted(d for d in holidays_ if d.month == 2) == [
        D(f"2026-02-{d}") for d in range(16, 21)
    ]
    for day in range(14, 23):
        assert not cal.is_working_day(D(f"2026-02-{day}")), day
    assert cal.is_working_day(D("2026-02-13"))
    assert cal.is_working_day(D("2026-02-23"))


def test_new_year_2026_swap_is_an_override(cal: Calendar) -> None:
    holidays_, workdays = package_year(2026)
    assert D("2026-01-02") not in holidays_  # the package misses the swap...
    assert D("2026-01-10") not in workdays
    assert not cal.is_working_day(D("2026-01-02"))  # ...the year file adds it
    assert cal.is_working_day(D("2026-01-10"))
    why = cal.why_not_working(D("2026-01-02"))
    assert why is not None and why.source is not None
    assert "12729/VPCP-KGVX" in why.source


def test_skipped_days_and_reasons(cal: Calendar) -> None:
    result = cal.add_working_days(D("2026-01-01"), 1)
    assert [s.day for s in result.skipped] == [D("2026-01-02"), D("2026-01-03"), D("2026-01-04")]
    assert result.skipped[1] == Skipped(D("2026-01-03"), "Thứ Bảy", None)
    assert result.skipped[2] == Skipped(D("2026-01-04"), "Chủ nhật", None)
    assert result.provisional is False
    tet = cal.add_working_days(D("2026-02-13"), 1)
    assert len(tet.skipped) == 9
    assert tet.skipped[3].reason == "Tết Nguyên đán"
    assert "Bộ luật Lao động" in (tet.skipped[3].source or "")


def test_make_up_days(cal: Calendar) -> None:
    for day in ("2024-05-04", "2025-04-26", "2026-01-10", "2026-08-22"):
        assert cal.is_working_day(D(day)), day
        assert cal.why_not_working(D(day)) is None
    for day in ("2024-04-29", "2025-05-02", "2026-01-02", "2026-08-31", "2026-04-27"):
        assert not cal.is_working_day(D(day)), day


def test_weekend_holiday_reason(cal: Calendar) -> None:
    why = cal.why_not_working(D("2026-04-26"))
    assert why is not None
    assert why.reason == "Chủ nhật (Ngày Giỗ Tổ Hùng Vương)"
    assert cal.why_not_working(D("2026-04-28")) is None


def test_culture_day_2026_is_provisional(cal: Calendar) -> None:
    assert not cal.is_working_day(D("2026-11-24"))
    entry = next(e for e in cal.year_entries(2026) if e.day == D("2026-11-24"))
    assert (entry.kind, entry.status, entry.origin) == ("nghi", "provisional", "override")
    assert "80-NQ/TW" in (entry.source or "")
    assert cal.add_working_days(D("2026-11-23"), 1).provisional is True
    assert cal.add_days(D("2026-11-20"), 4).provisional is True
    assert cal.working_days_before(D("2026-11-26"), 2).provisional is True
    assert cal.add_working_days(D("2026-11-24"), 1).provisional is False
    assert cal.add_working_days(D("2026-11-16"), 1).provisional is False


def test_culture_day_flips_with_one_line(copied: Path) -> None:
    path = copied / "2026.yaml"
    old = path.read_text(encoding="utf-8").splitlines()
    new = [
        line.replace(
            "kind: nghi, name: Ngày Văn hóa Việt Nam",
            "kind: khong-nghi, name: Ngày Văn hóa Việt Nam",
        )
        for line in old
    ]
    assert sum(a != b for a, b in zip(old, new, strict=True)) == 1
    path.write_text("\n".join(new) + "\n", encoding="utf-8")
    cal = Calendar.load(copied)
    assert cal.is_working_day(D("2026-11-24"))
    result = cal.add_working_days(D("2026-11-23"), 1)
    assert result.due == D("2026-11-24")
    assert result.provisional is True  # still provisional until confirmed
    entry = next(e for e in cal.year_entries(2026) if e.day == D("2026-11-24"))
    assert entry.kind == "khong-nghi"


def test_year_entries(cal: Calendar) -> None:
    entries = cal.year_entries(2026)
    days = [e.day for e in entries]
    assert days == sorted(days)
    kinds = {e.day: e.kind for e in entries}
    assert kinds[D("2026-01-10")] == "lam-bu"
    assert kinds[D("2026-08-22")] == "lam-bu"
    assert kinds[D("2026-01-02")] == "nghi"
    assert kinds[D("2026-04-27")] == "nghi"
    assert D("2026-04-26") not in kinds  # a Sunday holiday is not listed
    assert D("2026-02-14") not in kinds
    for entry in entries:
        assert entry.name and entry.source
        assert entry.status in ("confirmed", "provisional")
        assert entry.kind in ("nghi", "lam-bu", "khong-nghi")
    make_up = next(e for e in entries if e.day == D("2026-01-10"))
    assert make_up.source_id == "vpcp-12729-2025"


# --- counting rules ------------------------------------------------------------------------------


def test_start_day_is_never_counted(cal: Calendar) -> None:
    # From a Saturday: counting starts Sunday, the first working day is Monday.
    assert cal.add_working_days(D("2026-03-14"), 1).due == D("2026-03-16")
    # From a working day: the next one.
    assert cal.add_working_days(D("2026-03-16"), 1).due == D("2026-03-17")
    assert cal.add_working_days(D("2026-03-16"), 0).due == D("2026-03-16")


@pytest.mark.parametrize(
    ("start", "n", "due", "skipped"),
    [
        ("2026-02-10", 5, "2026-02-23", 8),  # lands on Sun 15/2, Tết until 22/2
        ("2026-03-12", 10, "2026-03-23", 1),  # lands on Sun 22/3
        ("2026-03-02", 10, "2026-03-12", 0),  # lands on a working day
        ("2026-01-05", 5, "2026-01-10", 0),  # lands on the make-up Saturday
        ("2026-01-01", 0, "2026-01-05", 4),  # X itself, a day off
        ("2025-12-29", 3, "2026-01-05", 4),  # lands on 1/1/2026
        ("2024-04-19", 10, "2024-05-02", 3),  # lands on Mon 29/4
    ],
)
def test_add_days_rolls_forward(cal: Calendar, start: str, n: int, due: str, skipped: int) -> None:
    result = cal.add_days(D(start), n)
    assert result.due == D(due)
    assert result.unit == "days"
    assert len(result.skipped) == skipped
    target = D(start) + timedelta(days=n)
    assert [s.day for s in result.skipped] == [
        target + timedelta(days=i) for i in range((D(due) - target).days)
    ]


@pytest.mark.parametrize(
    ("x", "n", "due"),
    [
        ("2026-03-12", 5, "2026-03-05"),
        ("2026-02-24", 5, "2026-02-10"),
        ("2026-01-12", 5, "2026-01-06"),  # the make-up Saturday 10/1 counts
        ("2026-01-05", 1, "2025-12-31"),  # across the New Year break
        ("2026-09-03", 1, "2026-08-28"),
        ("2024-05-06", 2, "2024-05-03"),  # Sat 4/5/2024 worked
        ("2026-03-15", 1, "2026-03-13"),  # X on a Sunday
        ("2026-03-12", 0, "2026-03-12"),
    ],
)
def test_working_days_before(cal: Calendar, x: str, n: int, due: str) -> None:
    result = cal.working_days_before(D(x), n)
    assert result.due == D(due)
    assert result.start == D(x)
    assert cal.latest_date_before(D(x), n) == D(due)
    # D..X-1 hold exactly n working days
    assert cal.working_days_between(D(due) - timedelta(days=1), D(x) - timedelta(days=1)) == n


def test_backward_mirrors_forward(cal: Calendar) -> None:
    day = D("2024-01-01")
    while day < D("2027-01-01"):
        if cal.is_working_day(day):
            for n in (1, 5, 15):
                before = cal.working_days_before(day, n)
                assert cal.add_working_days(before.due, n).due == day
                assert before.skipped == cal.add_working_days(before.due, n).skipped
        day += timedelta(days=1)


def test_working_days_between_and_next(cal: Calendar) -> None:
    assert cal.working_days_between(D("2026-02-13"), D("2026-02-23")) == 1
    assert cal.working_days_between(D("2026-02-23"), D("2026-02-13")) == -1
    assert cal.working_days_between(D("2026-03-12"), D("2026-03-12")) == 0
    assert cal.working_days_between(D("2025-12-31"), D("2026-01-10")) == 6
    assert cal.next_working_day(D("2026-02-14")) == D("2026-02-23")
    assert cal.next_working_day(D("2026-02-23")) == D("2026-02-23")
    assert cal.next_working_day(D("2025-12-31")) == D("2025-12-31")
    assert cal.next_working_day(D("2026-12-31")) == D("2026-12-31")


def test_negative_counts_are_refused(cal: Calendar) -> None:
    with pytest.raises(ValueError):
        cal.add_working_days(D("2026-03-12"), -1)
    with pytest.raises(ValueError):
        cal.add_days(D("2026-03-12"), -1)
    with pytest.raises(ValueError):
        cal.working_days_before(D("2026-03-12"), -1)


def test_results_are_memoised(cal: Calendar) -> None:
    assert cal.add_working_days(D("2026-03-12"), 5) is cal.add_working_days(D("2026-03-12"), 5)


# --- provisional years ---------------------------------------------------------------------------


def test_year_without_data_is_provisional(cal: Calendar) -> None:
    result = cal.add_working_days(D("2030-03-01"), 5)
    assert result.provisional is True
    assert cal.is_provisional(2030)
    # counting from a confirmed year into one without data
    assert cal.add_working_days(D("2026-12-30"), 3).provisional is True
    assert cal.add_working_days(D("2026-12-28"), 2).provisional is False
    assert all(e.status == "provisional" for e in cal.year_entries(2030))


def test_missing_directory_means_package_only(tmp_path: Path) -> None:
    cal = Calendar.load(tmp_path / "nowhere")
    assert cal.is_provisional(2026)
    assert not cal.is_working_day(D("2026-11-24"))  # the package's view
    assert cal.is_working_day(D("2026-01-02"))  # no override: the package misses the swap
    assert cal.add_working_days(D("2026-03-12"), 5).provisional is True


def test_provisional_year_file(tmp_path: Path) -> None:
    (tmp_path / "2027.yaml").write_text("year: 2027\nstatus: provisional\n", encoding="utf-8")
    cal = Calendar.load(tmp_path)
    assert cal.is_provisional(2027)
    assert cal.year_file(2027) is not None
    assert cal.add_working_days(D("2027-03-01"), 1).provisional is True


def test_today_in_vietnam() -> None:
    before = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    today = today_in_vietnam()
    after = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    assert before <= today <= after


# --- errors in calendar files --------------------------------------------------------------------

GOOD_HEAD = """\
year: 2026
status: confirmed
sources:
  - id: vpcp-12729-2025
    title: Công văn số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ
days:
"""


def _load_error(tmp_path: Path, text: str, name: str = "2026.yaml") -> CalendarError:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(CalendarError) as info:
        Calendar.load(tmp_path)
    return info.value


def test_good_file_loads(tmp_path: Path) -> None:
    (tmp_path / "2026.yaml").write_text(
        GOOD_HEAD + "  - {date: 2026-01-02, kind: nghi, name: Nghỉ, source: vpcp-12729-2025,"
        " status: confirmed}\n",
        encoding="utf-8",
    )
    cal = Calendar.load(tmp_path)
    assert not cal.is_working_day(D("2026-01-02"))


@pytest.mark.parametrize(
    ("entry", "code", "words"),
    [
        (
            "{date: 2026-02-30, kind: nghi, name: X, source: vpcp-12729-2025, status: confirmed}",
            "bad-date",
            "YYYY-MM-DD",
        ),
        (
            "{date: 2026/01/02, kind: nghi, name: X, source: vpcp-12729-2025, status: confirmed}",
            "bad-date",
            "YYYY-MM-DD",
        ),
        (
            "{date: 20260102, kind: nghi, name: X, source: vpcp-12729-2025, status: confirmed}",
            "bad-date",
            "YYYY-MM-DD",
        ),
        (
            "{date: 2026-01-09, kind: lam-bu, name: X, source: vpcp-12729-2025, status: confirmed}",
            "make-up-not-weekend",
            "Saturday or Sunday",
        ),
        ("{date: 2026-01-02, kind: nghi, name: X, status: confirmed}", "missing-source", "source"),
        (
            "{date: 2026-01-02, kind: nghi, name: X, source: nope, status: confirmed}",
            "unknown-source",
            "vpcp-12729-2025",
        ),
        (
            "{date: 2026-01-02, kind: nghi, name: X, source: vpcp-12729-2025, status: confirmed,"
            " reason: y}",
            "unknown-key",
            "reason",
        ),
        (
            "{date: 2027-01-02, kind: nghi, name: X, source: vpcp-12729-2025, status: confirmed}",
            "year-mismatch",
            "2027.yaml",
        ),
        (
            "{date: 2026-01-02, kind: off, name: X, source: vpcp-12729-2025, status: confirmed}",
            "bad-kind",
            "nghi",
        ),
        (
            "{date: 2026-01-02, kind: nghi, name: X, source: vpcp-12729-2025, status: maybe}",
            "bad-status",
            "provisional",
        ),
        (
            "{date: 2026-01-02, kind: nghi, source: vpcp-12729-2025, status: confirmed}",
            "missing-name",
            "name",
        ),
        (
            "{date: 2026-03-03, kind: khong-nghi, name: X, source: vpcp-12729-2025,"
            " status: confirmed}",
            "not-a-package-holiday",
            "2026-03-03",
        ),
    ],
)
def test_day_errors(tmp_path: Path, entry: str, code: str, words: str) -> None:
    error = _load_error(
        tmp_path,
        GOOD_HEAD + "  - {date: 2026-01-10, kind: lam-bu, name: Làm bù,"
        " source: vpcp-12729-2025, status: confirmed}\n  - " + entry + "\n",
    )
    assert error.code == code
    assert error.path == tmp_path / "2026.yaml"
    assert error.line == 8
    assert words in error.message
    assert str(error).startswith(f"{tmp_path / '2026.yaml'}:8: ")


def test_duplicate_date(tmp_path: Path) -> None:
    line = (
        "  - {date: 2026-01-02, kind: nghi, name: X, source: vpcp-12729-2025, status: confirmed}\n"
    )
    error = _load_error(tmp_path, GOOD_HEAD + line + line)
    assert (error.code, error.line) == ("duplicate-date", 8)


def test_year_mismatch_with_file_name(tmp_path: Path) -> None:
    error = _load_error(tmp_path, "year: 2025\nstatus: confirmed\n")
    assert (error.code, error.line) == ("year-mismatch", 1)
    assert "2026.yaml" in error.message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    error = _load_error(tmp_path, "year: 2026\nstatus: confirmed\ndays_off: []\n")
    assert (error.code, error.line) == ("unknown-key", 3)
    assert "days_off" in error.message


def test_missing_year_status(tmp_path: Path) -> None:
    error = _load_error(tmp_path, "year: 2026\n")
    assert error.code == "bad-status"
    assert "status: confirmed" in error.message


def test_bad_source(tmp_path: Path) -> None:
    text = (
        "year: 2026\nstatus: confirmed\nsources:\n"
        "  - {id: Bad Id, title: X}\n"
        "  - {id: ok, url: ftp://x}\n"
    )
    error = _load_error(tmp_path, text)
    assert [(p.code, p.line) for p in error.problems] == [
        ("bad-source-id", 4),
        ("missing-title", 5),
        ("bad-url", 5),
    ]


def test_bad_file_names(tmp_path: Path) -> None:
    error = _load_error(tmp_path, "year: 2026\nstatus: confirmed\n", name="lich-2026.yaml")
    assert error.code == "bad-file-name"
    (tmp_path / "lich-2026.yaml").unlink()
    error = _load_error(tmp_path, "year: 2026\nstatus: confirmed\n", name="2026.yml")
    assert error.code == "bad-file-name"
    assert "2026.yaml" in error.message


def test_yaml_syntax_error(tmp_path: Path) -> None:
    error = _load_error(tmp_path, "year: 2026\nstatus: [confirmed\n")
    assert error.code == "yaml-syntax"
    assert error.line is not None


def test_every_problem_is_collected(tmp_path: Path) -> None:
    (tmp_path / "2025.yaml").write_text("year: 2024\nstatus: confirmed\n", encoding="utf-8")
    error = _load_error(
        tmp_path,
        GOOD_HEAD + "  - {date: 2026-01-09, kind: lam-bu, name: X, source: vpcp-12729-2025,"
        " status: confirmed}\n"
        + "  - {date: 2026-01-02, kind: nghi, name: X, status: confirmed}\n",
    )
    assert [(p.path.name, p.line, p.code) for p in error.problems] == [
        ("2025.yaml", 1, "year-mismatch"),
        ("2026.yaml", 7, "make-up-not-weekend"),
        ("2026.yaml", 8, "missing-source"),
    ]
    assert error.problems[0] is error
