"""danbiet export [ROOT] [--out DIR] [--as-of DATE] [--git]: the open-data files.

Validates the records first (like `danbiet validate`) and refuses to export invalid data.
Writes CSV, JSON, XLSX, SQLite, datapackage.json, a JSON per conference, a ZIP and SHA256SUMS
into DIR (default site/du-lieu). Exit codes: 0 exported, 1 the records do not validate or the
rules/calendar/git history cannot be read, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from danbiet.commands.common import add_as_of, as_of

HELP = "write the open data: CSV, JSON, XLSX, SQLite and a Frictionless datapackage.json"
DEFAULT_OUT = Path("site") / "du-lieu"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "root", nargs="?", default=".", type=Path, help="repository root (default .)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"output folder (default {DEFAULT_OUT.as_posix()}); files of the export are replaced, "
        "other files in it are kept",
    )
    add_as_of(parser)
    parser.add_argument(
        "--git",
        action="store_true",
        help="add when each update was first published (needs the full git history) and judge "
        "notices on their publication day",
    )


def run(args: argparse.Namespace) -> int:
    from danbiet.export import ExportError, export
    from danbiet.loader import load
    from danbiet.validate import validate

    root: Path = args.root
    out: Path = args.out
    if out.exists() and not out.is_dir():
        print(f"danbiet export: error: --out {out} is a file, not a folder", file=sys.stderr)
        return 2
    date = as_of(args)
    data = load(root)
    report = validate(root, date, dataset=data)
    for problem in report.sorted():
        print(problem.format(), file=sys.stderr)
    if not report.valid:
        print(
            f"error: {len(report.errors)} errors in the records; nothing was exported "
            "(run `danbiet validate` after fixing them)",
            file=sys.stderr,
        )
        return 1
    ledger = None
    if args.git:
        from danbiet.ledger import Ledger, LedgerError

        try:
            ledger = Ledger.load(root)
        except LedgerError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    try:
        result = export(root, out, date, ledger, dataset=data)
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write {out}: {exc}", file=sys.stderr)
        return 1
    counts = result.counts
    print(
        f"exported {len(counts)} tables as of {result.as_of.isoformat()} "
        f"({counts.get('conferences', 0)} conferences, {counts.get('petitions', 0)} petitions, "
        f"{counts.get('obligations', 0)} obligations) into {result.out}: "
        f"{len(result.files)} files, checksums in SHA256SUMS"
    )
    return 0
