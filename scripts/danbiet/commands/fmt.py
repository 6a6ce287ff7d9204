"""danbiet fmt [ROOT] [--check]: rewrite records in their one canonical YAML form."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from danbiet.commands.common import add_root

if TYPE_CHECKING:
    from danbiet.fmt import FormatResult
    from danbiet.problems import Problem

HELP = "rewrite record files in their canonical YAML form (--check: only report, with a diff)"


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; show a diff and exit 1 if not canonical",
    )
    parser.add_argument(
        "--changed",
        metavar="REF",
        help="only the files changed since the git revision REF (a pull request's base)",
    )


def run(args: argparse.Namespace) -> int:
    from danbiet.fmt import format_tree

    only = None
    if args.changed is not None:
        from danbiet.validate import ChangeError, changed_files

        try:
            only = changed_files(args.root, args.changed).paths
        except ChangeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    results, problems = format_tree(args.root, only)
    if args.check:
        return print_check(results, problems)
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    for result in results:
        if result.changed:
            (Path(args.root) / result.path).write_text(result.formatted, encoding="utf-8")
            print(f"formatted {result.path}")
    return 1 if problems else 0


def print_check(results: list[FormatResult], problems: list[Problem]) -> int:
    """The problems and, for each file not in canonical form, its diff; exit code 1 if any."""
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    changed = [r for r in results if r.changed]
    for result in changed:
        sys.stdout.write(result.diff())
    if changed:
        print(
            f"{len(changed)} of {len(results)} record files are not in canonical form; "
            "run `danbiet fmt` to fix them",
            file=sys.stderr,
        )
    return 1 if changed or problems else 0
