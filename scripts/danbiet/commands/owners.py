"""danbiet owners [ROOT] [--check]: write .github/CODEOWNERS from content/owners.yaml."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from danbiet.commands.common import add_root

HELP = "write .github/CODEOWNERS from content/owners.yaml (--check: fail when stale)"


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 when .github/CODEOWNERS is missing or out of date",
    )


def run(args: argparse.Namespace) -> int:
    from danbiet import owners as ownership
    from danbiet.scaffold import ScaffoldError, write_inside

    root = Path(args.root)
    try:
        owners = ownership.load_owners(root)
    except ownership.OwnersError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if owners is None:
        print(
            f"error: there is no {ownership.OWNERS_FILE}; write it first (see the docstring of "
            "danbiet/owners.py or content/HUONG-DAN.md)",
            file=sys.stderr,
        )
        return 1
    units_dir = root / "content" / "units"
    known = {p.stem for p in units_dir.glob("*.yaml")} if units_dir.is_dir() else set()
    for unit in sorted(set(owners.units) - known):
        print(
            f"{ownership.OWNERS_FILE}: warning: unit '{unit}' has no content/units/{unit}.yaml",
            file=sys.stderr,
        )
    text = ownership.codeowners(owners)
    target = root / ownership.CODEOWNERS_FILE
    try:
        current = target.read_text(encoding="utf-8") if target.is_file() else None
    except (OSError, UnicodeDecodeError):
        current = None
    if args.check:
        if current != text:
            state = "missing" if current is None else "out of date"
            print(
                f"{ownership.CODEOWNERS_FILE}: [stale-codeowners] {state} with "
                f"{ownership.OWNERS_FILE}; run `{ownership.COMMAND}` and commit the result",
                file=sys.stderr,
            )
            return 1
        return 0
    if current == text:
        print(f"{ownership.CODEOWNERS_FILE} is up to date", file=sys.stderr)
        return 0
    try:
        write_inside(root, ownership.CODEOWNERS_FILE, text)
    except (ScaffoldError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {ownership.CODEOWNERS_FILE}")
    return 0
