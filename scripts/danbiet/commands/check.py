"""danbiet check [ROOT] [--base REF] [--author LOGIN]: what a pull request must never do quietly.

Without --base: personal data anywhere in content/. With --base REF (the pull request's target,
e.g. origin/main): edits and deletions of entries published on REF, and personal data in the
changed files. With --author LOGIN as well: changes by people outside the owning team.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from danbiet.commands.common import add_author, add_root, print_json

if TYPE_CHECKING:
    from danbiet.problems import Report

HELP = "refuse edits of published entries, personal data and changes by non-owners"


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument(
        "--base",
        metavar="REF",
        help="compare with this git revision (the pull request's target, e.g. origin/main)",
    )
    add_author(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from danbiet.checks import CheckError, check

    try:
        report = check(args.root, base=args.base, author=args.author)
    except CheckError as exc:
        print(f"danbiet check: error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print_json(report.to_dict())
    else:
        print_report(report, args.base)
    return 0 if report.valid else 1


def print_report(report: Report, base: str | None) -> None:
    """REPORT's problems on standard output, a summary on standard error."""
    for problem in report.sorted():
        print(problem.format())
    scope = (
        f"{report.stats.get('changed', 0)} changed files since {base}"
        if base
        else f"{report.stats.get('files', 0)} record files"
    )
    print(f"{scope}: {len(report.errors)} problems", file=sys.stderr)
