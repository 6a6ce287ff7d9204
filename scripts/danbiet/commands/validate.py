"""danbiet validate [ROOT]: check every record against the schemas and the cross-record rules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from danbiet.commands.common import add_as_of, as_of, print_json

HELP = "check every record under ROOT/content against the schemas and the cross-record rules"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "root", nargs="?", default=".", type=Path, help="repository root (default .)"
    )
    add_as_of(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")


def run(args: argparse.Namespace) -> int:
    from danbiet.validate import validate

    report = validate(args.root, as_of(args))
    if args.format == "json":
        print_json(report.to_dict())
    else:
        for problem in report.sorted():
            print(problem.format())
        files = report.stats.get("files", 0)
        summary = (
            f"{files} record files, {report.stats.get('conferences', 0)} conferences, "
            f"{report.stats.get('petitions', 0)} petitions: "
            f"{len(report.errors)} errors, {len(report.warnings)} warnings"
        )
        print(summary, file=sys.stderr)
    failed = not report.valid or (args.strict and report.warnings)
    return 1 if failed else 0
