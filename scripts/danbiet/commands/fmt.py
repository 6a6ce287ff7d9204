"""danbiet fmt [ROOT] [--check]: rewrite records in their one canonical YAML form."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "rewrite record files in their canonical YAML form (--check: only report, with a diff)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "root", nargs="?", default=".", type=Path, help="repository root (default .)"
    )
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
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    changed = [r for r in results if r.changed]
    for result in changed:
        if args.check:
            sys.stdout.write(result.diff())
        else:
            (Path(args.root) / result.path).write_text(result.formatted, encoding="utf-8")
            print(f"formatted {result.path}")
    if args.check and changed:
        print(
            f"{len(changed)} of {len(results)} record files are not in canonical form; "
            "run `danbiet fmt` to fix them",
            file=sys.stderr,
        )
        return 1
    return 1 if problems else 0
