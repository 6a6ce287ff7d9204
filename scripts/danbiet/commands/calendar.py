"""`danbiet calendar`: compute due dates and show the working-day calendar of a year.

    danbiet calendar due --from 2026-01-01 --working-days 5     # "within 5 working days after"
    danbiet calendar due --from 2026-02-10 --days 5             # "within 5 days after"
    danbiet calendar due --before 2026-03-12 --working-days 5   # "at least 5 working days before"
    danbiet calendar show 2026

The due date is the first line of the text output, so scripts can read it with `head -1`.
Exit codes: 0 done, 1 a calendar file is wrong, 2 bad options.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

HELP = "Compute due dates in working or calendar days and show a year's days off."

MIN_YEAR = 1995
MAX_YEAR = 2199


def _date(value: str) -> date:
    """argparse type: an ISO date. argparse names the option in its message and exits 2."""
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date; expected YYYY-MM-DD, e.g. 2026-03-12"
        ) from None


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number >= 0")
    return number


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a year; expected YYYY between {MIN_YEAR} and {MAX_YEAR}"
        )
    return year


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="repository root; calendar files are read from DIR/content/calendar (default: .)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text)",
    )


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="calendar_command", metavar="SUBCOMMAND", required=True)

    due = sub.add_parser(
        "due",
        help="compute a due date",
        description=(
            "Compute a due date. --from X --working-days N: the N-th working day after X "
            "(X not counted). --from X --days N: X + N days, moved to the next working day "
            "if that is a day off. --before X --working-days N: the latest day that is still "
            "at least N working days before X (X not counted)."
        ),
    )
    anchor = due.add_mutually_exclusive_group()
    anchor.add_argument(
        "--from",
        dest="from_date",
        type=_date,
        metavar="DATE",
        help="count forward from DATE, YYYY-MM-DD (default: today in Asia/Ho_Chi_Minh)",
    )
    anchor.add_argument(
        "--before",
        dest="before_date",
        type=_date,
        metavar="DATE",
        help="count backward from DATE, YYYY-MM-DD (with --working-days)",
    )
    clock = due.add_mutually_exclusive_group(required=True)
    clock.add_argument("--working-days", type=_count, metavar="N", help="N working days")
    clock.add_argument("--days", type=_count, metavar="N", help="N calendar days")
    _common(due)

    show = sub.add_parser(
        "show",
        help="list a year's days off and make-up working days with their sources",
        description=(
            "List a year's days off that fall on weekdays, its make-up working days and the "
            "package holidays that are not days off, with their legal sources, and say whether "
            "the year's calendar is confirmed or provisional."
        ),
    )
    show.add_argument("year", type=_year, metavar="YEAR", help="the year, e.g. 2026")
    _common(show)


def run(args: argparse.Namespace) -> int:
    from danbiet.workdays import Calendar, CalendarError

    try:
        calendar = Calendar.load(Path(args.root) / "content" / "calendar")
        if args.calendar_command == "due":
            return _run_due(calendar, args)
        return _run_show(calendar, args)
    except CalendarError as exc:
        for problem in exc.problems:
            print(f"{problem.location()}: [calendar-error] {problem.message}", file=sys.stderr)
        return 1


def _usage_error(args: argparse.Namespace, message: str) -> int:
    print(f"danbiet calendar {args.calendar_command}: error: {message}", file=sys.stderr)
    return 2


def _vi_date(day: date) -> str:
    from danbiet.workdays import weekday_vi

    return f"{weekday_vi(day)}, {day:%d/%m/%Y}"


def _run_due(calendar: Any, args: argparse.Namespace) -> int:
    from danbiet.workdays import today_in_vietnam, weekday_vi

    if args.before_date is not None:
        if args.working_days is None:
            return _usage_error(args, "--before counts working days: use it with --working-days N")
        result = calendar.working_days_before(args.before_date, args.working_days)
    else:
        start = args.from_date if args.from_date is not None else today_in_vietnam()
        if args.working_days is not None:
            result = calendar.add_working_days(start, args.working_days)
        else:
            result = calendar.add_days(start, args.days)
    backward = args.before_date is not None

    if args.format == "json":
        data = result.to_dict()
        if backward:  # the anchor is the date counted back from
            data = {("before" if key == "from" else key): value for key, value in data.items()}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0

    print(result.due.isoformat())
    if backward:
        print(
            f"Hạn chót để còn ít nhất {result.count} ngày làm việc trước {_vi_date(result.start)}"
            f" (không tính ngày đó): {_vi_date(result.due)}."
        )
    elif result.unit == "working-days":
        print(
            f"{result.count} ngày làm việc sau {_vi_date(result.start)} (tính từ ngày hôm sau):"
            f" hạn là {_vi_date(result.due)}."
        )
    else:
        print(
            f"{result.count} ngày sau {_vi_date(result.start)}: hạn là {_vi_date(result.due)}"
            + (" (dời sang ngày làm việc kế tiếp)." if result.skipped else ".")
        )
    if result.skipped:
        print("Các ngày không tính:")
        for skipped in result.skipped:
            line = f"  {skipped.day.isoformat()} ({weekday_vi(skipped.day)}): {skipped.reason}"
            if skipped.source:
                line += f" — căn cứ: {skipped.source}"
            print(line)
    if result.provisional:
        print(
            "Cảnh báo: kết quả là tạm tính, vì lịch nghỉ của năm liên quan hoặc một ngày nghỉ "
            "trong khoảng tính chưa được xác nhận chính thức."
        )
    return 0


def _run_show(calendar: Any, args: argparse.Namespace) -> int:
    from danbiet.workdays import weekday_vi

    year: int = args.year
    entries = calendar.year_entries(year)
    provisional = calendar.is_provisional(year)
    year_file = calendar.year_file(year)
    path = None
    if year_file is not None:
        try:
            path = year_file.path.relative_to(Path(args.root)).as_posix()
        except ValueError:
            path = year_file.path.as_posix()

    if args.format == "json":
        data = {
            "year": year,
            "status": "provisional" if provisional else "confirmed",
            "provisional": provisional,
            "file": path,
            "entries": [entry.to_dict() for entry in entries],
            "sources": [s.to_dict() for s in year_file.sources] if year_file else [],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0

    if provisional:
        why = (
            f"chưa có tệp content/calendar/{year}.yaml được rà soát"
            if year_file is None
            else f"tệp {path} chưa được xác nhận (status: {year_file.status})"
        )
        print(f"Lịch năm {year}: TẠM TÍNH ({why}); dữ liệu lấy từ gói holidays.")
    else:
        print(f"Lịch năm {year}: đã xác nhận ({path}).")
    sections = (
        ("nghi", "Ngày nghỉ"),
        ("lam-bu", "Ngày làm bù (làm việc vào thứ Bảy, Chủ nhật)"),
        ("khong-nghi", "Ngày gói holidays ghi là ngày nghỉ nhưng không nghỉ"),
    )
    for kind, title in sections:
        chosen = [e for e in entries if e.kind == kind]
        if not chosen:
            continue
        print()
        print(f"{title}:")
        for entry in chosen:
            mark = " [tạm tính]" if entry.status != "confirmed" else ""
            print(f"  {entry.day.isoformat()} ({weekday_vi(entry.day)}): {entry.name}{mark}")
            if entry.source:
                print(f"      căn cứ: {entry.source}")
            if entry.url:
                print(f"      {entry.url}")
    return 0
