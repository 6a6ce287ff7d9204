"""danbiet synth --out DIR: write a synthetic portal repository (records and Git history).

Everything is fictional and deterministic: the same options and seed give byte-identical files
and the same commit ids. Exit codes: 0 written, 1 generation failed, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from danbiet.commands.common import iso_date

HELP = "write a synthetic portal repository (records and Git history) for benchmarks and demos"


def _range(text: str) -> tuple[int, int]:
    """argparse type for N or N-M."""
    lo, _, hi = text.partition("-")
    try:
        low, high = int(lo), int(hi or lo)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a number or a range like 15-20"
        ) from None
    if low < 1 or high < low:
        raise argparse.ArgumentTypeError(f"'{text}' is not a range like 15-20")
    return low, high


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    parser.add_argument("--provinces", type=int, default=1, metavar="P", help="default 1")
    parser.add_argument(
        "--communes", type=int, default=3, metavar="C", help="communes per province (default 3)"
    )
    parser.add_argument("--years", type=int, default=1, metavar="Y", help="default 1")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="default 1")
    parser.add_argument("--start-year", type=int, default=2025, metavar="YYYY")
    parser.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="the day the data stops (default: 31 December of the last year)",
    )
    parser.add_argument("--petitions-per-conference", type=_range, default=(15, 20), metavar="N-M")
    parser.add_argument(
        "--conferences-per-head",
        type=_range,
        default=(1, 4),
        metavar="N-M",
        help="dialogues a year each head chairs (default 1-4)",
    )
    parser.add_argument(
        "--departments", type=int, default=6, metavar="N", help="departments per province (0-11)"
    )
    parser.add_argument("--no-git", action="store_true", help="write the files only, no history")
    parser.add_argument(
        "--commits",
        choices=("province", "office"),
        default="province",
        help="one commit per province (default) or per office on each publication day "
        "(Tuesdays and Fridays); per office gives ten times more commits",
    )


def run(args: argparse.Namespace) -> int:
    from danbiet.synth import Options, synthesize
    from danbiet.synth.generate import SynthError

    options = Options(
        out=args.out,
        provinces=args.provinces,
        communes=args.communes,
        years=args.years,
        seed=args.seed,
        start_year=args.start_year,
        petitions=args.petitions_per_conference,
        conferences_per_head=args.conferences_per_head,
        departments=args.departments,
        as_of=args.as_of,
        git=not args.no_git,
        commits=args.commits,
    )
    try:
        summary = synthesize(options)
    except SynthError as exc:
        print(f"danbiet synth: error: {exc}", file=sys.stderr)
        return 1
    print(summary.line())
    return 0
