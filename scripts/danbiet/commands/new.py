"""danbiet new KIND ...: write a canonical skeleton of a new record or append a new entry.

    danbiet new conference --unit U --date D [--kind K]
    danbiet new petition CONFERENCE [--raised R] [--field F] [--petitioner-kind K] [--label L]
    danbiet new assignment PETITION --to AGENCY [--date D] [--due D] [--document-number N]
    danbiet new update PETITION --status S [--date D] [--note TEXT] [--by AGENCY] [--evidence E]
    danbiet new supervision PETITION --by ORG --verdict V [--date D] [--note TEXT]
    danbiet new correction CONFERENCE --target T --reason R --value V [--date D]
    danbiet new plan --unit U --year Y --head H [--date D]
    danbiet new report --unit U --period P [--date D]

Every subcommand takes `--root R` (the repository root, default .). Dates default to today in
Asia/Ho_Chi_Minh. Exit 0 when written, 1 when refused (unknown unit, existing file...), 2 on
usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from danbiet.commands.common import iso_date

HELP = "write a canonical skeleton of a new record or entry"


def _enum(table: str, column: str) -> tuple[str, ...]:
    from danbiet import schema

    return schema.enum(table, column)


def configure(parser: argparse.ArgumentParser) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path("."), help="repository root (default .)")
    dated = argparse.ArgumentParser(add_help=False)
    dated.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the date (default: today in Asia/Ho_Chi_Minh)",
    )
    sub = parser.add_subparsers(dest="what", metavar="KIND")
    sub.required = True

    p = sub.add_parser(
        "conference",
        parents=[common],
        help="a new conference file content/conferences/<unit>/<date>.yaml",
    )
    p.add_argument("--unit", required=True, help="the unit code, e.g. xa-tan-an")
    p.add_argument("--date", type=iso_date, required=True, metavar="YYYY-MM-DD", help="held on")
    p.add_argument("--kind", choices=_enum("conferences", "kind"), default="dinh-ky")

    p = sub.add_parser(
        "petition", parents=[common], help="append a petition (next number) to a conference"
    )
    p.add_argument("conference", metavar="CONFERENCE", help="conference id, e.g. xa-a.2026-03-12")
    p.add_argument("--raised", choices=_enum("petitions", "raised"))
    p.add_argument("--field", choices=_enum("petitions", "field"))
    p.add_argument("--petitioner-kind", choices=_enum("petitions", "petitioner_kind"))
    p.add_argument("--label", help="pseudonymous label, e.g. 'Công dân thôn Đông' (never a name)")
    p.add_argument("--summary")
    p.add_argument("--received-on", type=iso_date, metavar="YYYY-MM-DD")

    p = sub.add_parser(
        "assignment", parents=[common, dated], help="append an assignment to a petition"
    )
    p.add_argument("petition", metavar="PETITION", help="petition id, e.g. xa-a.2026-03-12.1")
    p.add_argument("--to", required=True, metavar="AGENCY", help="unit code of the agency")
    p.add_argument("--due", type=iso_date, metavar="YYYY-MM-DD", help="due date in the document")
    p.add_argument("--document-number")
    p.add_argument("--note")

    p = sub.add_parser("update", parents=[common, dated], help="append an update to a petition")
    p.add_argument("petition", metavar="PETITION", help="petition id, e.g. xa-a.2026-03-12.1")
    p.add_argument("--status", required=True, choices=_enum("updates", "status"))
    p.add_argument("--note")
    p.add_argument("--by", metavar="AGENCY", help="unit code of the reporting agency")
    p.add_argument("--evidence", help="the document proving it, e.g. 'Quyết định 123/QĐ-UBND'")
    p.add_argument("--evidence-url")

    p = sub.add_parser(
        "supervision", parents=[common, dated], help="append a supervision finding to a petition"
    )
    p.add_argument("petition", metavar="PETITION", help="petition id, e.g. xa-a.2026-03-12.1")
    p.add_argument("--by", required=True, metavar="ORG", help="unit code of the supervisor")
    p.add_argument("--verdict", required=True, choices=_enum("supervision", "verdict"))
    p.add_argument("--note")
    p.add_argument("--document", help="the supervision document")

    p = sub.add_parser(
        "correction", parents=[common, dated], help="append a reasoned correction to a conference"
    )
    p.add_argument("conference", metavar="CONFERENCE", help="conference id, e.g. xa-a.2026-03-12")
    p.add_argument("--target", required=True, help="the corrected value, e.g. petitions[0].summary")
    p.add_argument("--reason", required=True, help="why the published value was wrong")
    p.add_argument("--value", required=True, help="the correct value")

    p = sub.add_parser("plan", parents=[common, dated], help="a new yearly plan file")
    p.add_argument("--unit", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--head", required=True, choices=_enum("plans", "head"))
    p.add_argument("--head-name", help="the head's name (an official, public)")

    p = sub.add_parser("report", parents=[common, dated], help="a new periodic report file")
    p.add_argument("--unit", required=True)
    p.add_argument("--period", required=True, help="2026-q1 .. 2026-q4, 2026-h1 or 2026")


def run(args: argparse.Namespace) -> int:
    from danbiet import scaffold

    root = args.root
    on = getattr(args, "date", None) or scaffold.today()
    try:
        if args.what == "conference":
            written = scaffold.new_conference(root, args.unit, args.date, args.kind)
        elif args.what == "petition":
            written = scaffold.new_petition(
                root,
                args.conference,
                raised=args.raised,
                field=args.field,
                petitioner_kind=args.petitioner_kind,
                label=args.label,
                summary=args.summary,
                received_on=args.received_on,
            )
        elif args.what == "assignment":
            written = scaffold.new_assignment(
                root, args.petition, args.to, on, args.due, args.document_number, args.note
            )
        elif args.what == "update":
            written = scaffold.new_update(
                root,
                args.petition,
                args.status,
                on,
                note=args.note,
                by=args.by,
                evidence=args.evidence,
                evidence_url=args.evidence_url,
            )
        elif args.what == "supervision":
            written = scaffold.new_supervision(
                root, args.petition, args.by, args.verdict, on, args.note, args.document
            )
        elif args.what == "correction":
            written = scaffold.new_correction(
                root, args.conference, args.target, args.reason, args.value, on
            )
        elif args.what == "plan":
            written = scaffold.new_plan(root, args.unit, args.year, args.head, on, args.head_name)
        else:
            written = scaffold.new_report(root, args.unit, args.period, on)
    except scaffold.ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(written.message())
    print(
        "next: fill in the values, then run `danbiet fmt`, `danbiet validate` and `danbiet check`",
        file=sys.stderr,
    )
    return 0
