"""danbiet build: validate the records and build the public site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from danbiet.commands.common import add_as_of, as_of


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "root", nargs="?", default=".", type=Path, help="repository root (default .)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("site"), help="output folder (default site)"
    )
    add_as_of(parser)


def run(args: argparse.Namespace) -> int:
    import logging

    from danbiet.site.build import BuildError, build

    # mkdocs reports its warnings (broken links, ...) through logging.
    logging.basicConfig(level=logging.WARNING, format="mkdocs %(levelname)s: %(message)s")

    try:
        result = build(args.root, args.out, as_of(args))
    except BuildError as exc:
        if exc.report is not None:
            for problem in exc.report.sorted():
                print(problem.format(), file=sys.stderr)
        print(f"error: {exc}; the previous site was left untouched", file=sys.stderr)
        return 1
    print(f"built {result.pages} pages into {result.out}")
    return 0
