"""danbiet schema [ROOT] [--check]: write the JSON Schemas editors use for record files."""

from __future__ import annotations

import argparse
import sys

from danbiet.commands.common import add_root

HELP = "write schemas/json/<kind>.schema.json from the Data Package (--check: fail when stale)"


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 when a schema file is missing or out of date",
    )


def run(args: argparse.Namespace) -> int:
    from danbiet import jsonschema
    from danbiet.scaffold import ScaffoldError

    if args.check:
        stale = jsonschema.stale(args.root)
        for rel in stale:
            print(
                f"{rel}: [stale-schema] out of date with schemas/datapackage.json; "
                f"run `{jsonschema.COMMAND}` and commit the result",
                file=sys.stderr,
            )
        return 1 if stale else 0
    try:
        changed = jsonschema.write(args.root)
    except (ScaffoldError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for rel in changed:
        print(f"wrote {rel}")
    if not changed:
        print("the JSON Schemas are up to date", file=sys.stderr)
    return 0
