"""danbiet deadlines: every obligation's due date and state as of a date."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from danbiet.commands.common import add_as_of, add_root, as_of, print_json

HELP = "every obligation's due date and state as of a date (--strict: exit 1 if any is overdue)"


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    add_as_of(parser)
    parser.add_argument("--unit", metavar="U", help="only this unit, its sub-units and agencies")
    parser.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    parser.add_argument("--strict", action="store_true", help="exit 1 when anything is overdue")
    parser.add_argument(
        "--all", action="store_true", help="list every obligation, not only the open ones"
    )
    parser.add_argument(
        "--git",
        action="store_true",
        help="judge publication obligations on the time records reached main (needs full history)",
    )


def run(args: argparse.Namespace) -> int:
    from danbiet.deadlines import DeadlineError, deadlines

    date = as_of(args)
    try:
        report = deadlines(args.root, date, unit=args.unit, use_git=args.git)
    except DeadlineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.unit is not None and args.unit not in report.unit_names:
        print(f"error: unknown unit '{args.unit}' (see content/units/)", file=sys.stderr)
        return 2
    if args.format == "json":
        print_json(report.to_dict())
    elif args.format == "markdown":
        sys.stdout.write(markdown(report, show_all=args.all))
    else:
        sys.stdout.write(table(report, show_all=args.all))
    return 1 if args.strict and report.overdue else 0


def _shown(report: Any, show_all: bool) -> list[Any]:
    from danbiet.obligations import OPEN_STATES

    return [o for o in report.obligations if show_all or o.state in OPEN_STATES]


def _rate(tally: Any, cases: str = "closed") -> str:
    rate = tally.on_time_rate
    return "—" if rate is None else f"{rate:.0%} ({tally.closed} {cases})"


def table(report: Any, show_all: bool = False) -> str:
    from danbiet.deadlines import state_title

    lines = [f"Obligations as of {report.as_of.isoformat()} (judged on {report.judged_on} dates)"]
    rows = _shown(report, show_all)
    for o in rows:
        mark = " *" if o.provisional else ""
        lines.append(
            f"{o.due.isoformat()}  {state_title(o.state):<13} {o.kind:<18} {o.subject}"
            f"  [{o.unit}{' → ' + o.agency if o.agency else ''}]{mark}"
        )
    lines.append("")
    lines.append(f"{'unit':<28} {'overdue':>7} {'open':>5} {'on time':>12}")
    from danbiet.obligations import OPEN_STATES, OVERDUE

    for unit, tally in report.by_unit.items():
        open_count = sum(tally.counts[s] for s in OPEN_STATES)
        lines.append(f"{unit:<28} {tally.counts[OVERDUE]:>7} {open_count:>5} {_rate(tally):>12}")
    if any(o.provisional for o in rows):
        lines.append("* provisional: the count crosses days off not yet officially confirmed")
    lines.extend(f"note: {n}" for n in report.notes)
    lines.append(f"{len(report.overdue)} overdue of {len(report.obligations)} obligations")
    return "\n".join(lines) + "\n"


def markdown(report: Any, show_all: bool = False) -> str:
    from danbiet.deadlines import state_title
    from danbiet.obligations import OPEN_STATES, OVERDUE

    def cell(text: Any) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    out = [
        f"## Theo dõi thời hạn ngày {report.as_of.strftime('%d/%m/%Y')}",
        "",
        f"**{len(report.overdue)}** quá hạn trên tổng số {len(report.obligations)} nghĩa vụ.",
        "",
        "| Đơn vị | Quá hạn | Đang mở | Đúng hạn / đã xong |",
        "| --- | ---: | ---: | ---: |",
    ]
    for unit, tally in report.by_unit.items():
        open_count = sum(tally.counts[s] for s in OPEN_STATES)
        name = report.unit_names.get(unit, unit)
        out.append(
            f"| {cell(name)} | {tally.counts[OVERDUE]} | {open_count} | {_rate(tally, 'việc')} |"
        )
    out += [
        "",
        "| Hạn | Trạng thái | Nghĩa vụ | Đơn vị | Cách tính |",
        "| --- | --- | --- | --- | --- |",
    ]
    for o in _shown(report, show_all):
        who = report.unit_names.get(o.agency or o.unit, o.agency or o.unit)
        out.append(
            f"| {o.due.strftime('%d/%m/%Y')} | {state_title(o.state)} | {cell(o.title)} "
            f"(`{o.subject}`) | {cell(who)} | {cell(o.computation)} |"
        )
    out += ["", *[f"> {cell(n)}" for n in report.notes], ""]
    return "\n".join(out)
