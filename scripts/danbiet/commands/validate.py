"""danbiet validate [ROOT]: check every record against the schemas and the cross-record rules.

`--changed REF` (or `--files PATH...`) is the fast pull-request check: it reports the problems
the full validation finds in the changed files and in the files referring to what they define,
loading only the units and the provinces the change can affect (danbiet.validate.load_affected;
everything when a schema, the code or a shared file such as a rule profile changes).
The full check reads one province at a time (danbiet.provinces: the problems of loading
every record at once, with a fraction of the memory). Records are read through the parse cache
in ROOT/.danbiet-cache/ unless `--no-cache`.
The schema is checked by danbiet.columns (compiled checks) unless `--frictionless`, which runs
frictionless itself: the same problems, far slower (see danbiet.validate).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from danbiet.commands.common import add_as_of, add_root, as_of, print_json

if TYPE_CHECKING:
    from danbiet.problems import Report

HELP = "check every record under ROOT/content against the schemas and the cross-record rules"


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    add_as_of(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument(
        "--changed",
        metavar="REF",
        help="check only what differs from the git revision REF (git diff REF, plus untracked "
        "files under content/), loading only the provinces it can affect",
    )
    scope.add_argument(
        "--files",
        nargs="+",
        metavar="PATH",
        type=Path,
        help="check only these files (relative to ROOT or to the current folder)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="ignore and do not write .danbiet-cache/"
    )
    parser.add_argument(
        "--frictionless",
        action="store_true",
        help="check the schema with frictionless itself rather than the compiled checks "
        "(the same problems, much slower; for the reference run)",
    )


def run(args: argparse.Namespace) -> int:
    from danbiet.provinces import validate_provinces
    from danbiet.validate import (
        ChangeError,
        beside_units,
        changed_files,
        files_changes,
        validate_changed,
    )

    changes = units = None
    cache = not args.no_cache
    if args.changed is not None:
        try:
            changes, units = beside_units(
                args.root,
                lambda: changed_files(args.root, args.changed),
                cache,
                args.changed,
            )
        except ChangeError as exc:
            print(f"danbiet validate: --changed {args.changed}: {exc}", file=sys.stderr)
            return 2
    elif args.files is not None:
        changes = files_changes(args.root, args.files)
    engine = "frictionless" if args.frictionless else "compiled"
    if changes is None:
        report = validate_provinces(args.root, as_of(args), engine, cache=cache)
    else:
        report = validate_changed(
            args.root, as_of(args), changes, engine=engine, cache=cache, units=units
        )
    if args.format == "json":
        print_json(report.to_dict())
    else:
        print_report(report, changed=changes is not None)
    failed = not report.valid or (args.strict and report.warnings)
    return 1 if failed else 0


def print_report(report: Report, changed: bool) -> None:
    """REPORT's problems on standard output, a summary on standard error. CHANGED: the report
    of `validate_changed`."""
    for problem in report.sorted():
        print(problem.format())
    files = report.stats.get("files", 0)
    summary = (
        f"{files} record files, {report.stats.get('conferences', 0)} conferences, "
        f"{report.stats.get('petitions', 0)} petitions: "
        f"{len(report.errors)} errors, {len(report.warnings)} warnings"
    )
    if changed:
        summary += f" (in or about {report.stats.get('changed', 0)} changed files"
        if "provinces_loaded" in report.stats:
            summary += (
                f"; {report.stats['provinces_loaded']} of {report.stats['provinces']} "
                "provinces loaded"
            )
        summary += ")"
    print(summary, file=sys.stderr)
