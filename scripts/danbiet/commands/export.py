"""danbiet export [ROOT] [--out DIR] [--as-of DATE] [--git]: the open-data files.

Validates the records (like `danbiet validate`) and refuses to export invalid data; both go
province by province (`danbiet.export.provinces`), reading the records through the parse cache.
Writes CSV, JSON, XLSX, SQLite, datapackage.json, a JSON per conference, a ZIP and SHA256SUMS
into DIR (default site/du-lieu); rows come province by province, as in the site's du-lieu/.
Exit codes: 0 exported, 1 the records do not validate or the rules/calendar/git history cannot
be read, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from danbiet.commands.common import add_as_of, add_root, as_of

HELP = "write the open data: CSV, JSON, XLSX, SQLite and a Frictionless datapackage.json"
DEFAULT_OUT = Path("site") / "du-lieu"


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
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
    from danbiet.export import ExportError
    from danbiet.export.provinces import export_by_province
    from danbiet.ledger import Ledger, LedgerError
    from danbiet.problems import Report

    root: Path = args.root
    out: Path = args.out
    if out.exists() and not out.is_dir():
        print(f"danbiet export: error: --out {out} is a file, not a folder", file=sys.stderr)
        return 2
    date = as_of(args)

    def show(report: Report) -> bool:
        for problem in report.sorted():
            print(problem.format(), file=sys.stderr)
        return report.valid

    def load_ledger() -> Ledger:  # with --git, when the first province is exported
        ledger = Ledger.load(root)
        ledger.prefetch()  # every record's keys will be asked: read in one pass
        return ledger

    try:
        report, result = export_by_province(
            root,
            out,
            date,
            load_ledger=load_ledger if args.git else None,
            validate=True,
            accept=show,
        )
    except (ExportError, LedgerError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write {out}: {exc}", file=sys.stderr)
        return 1
    if result is None:
        print(
            f"error: {len(report.errors)} errors in the records; nothing was exported "
            "(run `danbiet validate` after fixing them)",
            file=sys.stderr,
        )
        return 1
    counts = result.counts
    print(
        f"exported {len(counts)} tables as of {result.as_of.isoformat()} "
        f"({counts.get('conferences', 0)} conferences, {counts.get('petitions', 0)} petitions, "
        f"{counts.get('obligations', 0)} obligations) into {result.out}: "
        f"{len(result.files)} files, checksums in SHA256SUMS"
    )
    return 0
