"""Options and output shared by several commands."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD dates."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-12"
        ) from None


def add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "root", nargs="?", default=".", type=Path, help="repository root (default .)"
    )


def add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=iso_date,
        metavar="DATE",
        help="the date to judge everything as of (YYYY-MM-DD); default: today in Asia/Ho_Chi_Minh",
    )


def add_author(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--author",
        metavar="LOGIN",
        help="the pull request's author (GitHub login): refuse changes outside their teams",
    )


def as_of(args: argparse.Namespace) -> date:
    if args.as_of is not None:
        return args.as_of
    from danbiet.workdays import today_in_vietnam

    return today_in_vietnam()


def print_json(payload: Any) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
