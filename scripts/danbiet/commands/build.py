"""danbiet build: validate the records and build the public site.

The site is built by province and joined; what did not change since the last build is reused
(`.danbiet-cache/`, safe to delete). To split the work over several machines (a CI matrix):

    danbiet build --list-shards                        # the provinces, as a JSON list
    danbiet build --shard PROVINCE --out parts/        # on each machine: parts/PROVINCE/
    danbiet build --merge parts/ --out site/           # once all parts are gathered

The joined site is the same, byte for byte, as `danbiet build --out site/` on one machine.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from danbiet.commands.common import add_as_of, add_root, as_of


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder (default site; with --shard: the folder of the parts, default parts)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--shard", metavar="PROVINCE", help="build one province's part only")
    mode.add_argument(
        "--merge", metavar="PARTS", type=Path, help="join the parts built with --shard"
    )
    mode.add_argument(
        "--list-shards", action="store_true", help="print the provinces as a JSON list and stop"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="processes building provinces (default: CPUs; 1: a single process)",
    )
    add_as_of(parser)


def run(args: argparse.Namespace) -> int:
    import logging

    from danbiet.site import incremental
    from danbiet.site.build import BuildError, build

    # mkdocs reports its warnings (broken links, ...) through logging.
    logging.basicConfig(level=logging.WARNING, format="mkdocs %(levelname)s: %(message)s")
    root = args.root
    if args.list_shards:
        print(json.dumps(incremental.list_shards(root)))
        return 0
    try:
        if args.shard is not None:
            parts = args.out or Path("parts")
            valid = incremental.build_shard(root, args.shard, parts, as_of(args), True, True)
            if not valid:
                return _report_part(parts / args.shard, args.shard)
            print(f"built the part of {args.shard} into {parts / args.shard}")
            return 0
        out = args.out or Path("site")
        if args.merge is not None:
            result = incremental.merge_dir(
                root, args.merge, out.resolve(), as_of(args), True, True, background=True
            )
        else:
            result = build(root, out, as_of(args), jobs=args.jobs, background=True)
    except BuildError as exc:
        if exc.report is not None:
            for problem in exc.report.sorted():
                print(problem.format(), file=sys.stderr)
        kept = "" if args.shard else "; the previous site was left untouched"
        print(f"error: {exc}{kept}", file=sys.stderr)
        return 1
    except OSError as exc:  # a full disk, a folder that cannot be written
        where = f" {exc.filename}" if exc.filename else ""
        kept = "" if args.shard else "; the previous site was left untouched"
        print(
            f"error: cannot write{where}: {exc.strerror or exc}{kept}; free disk space or "
            "make the folder writable, then build again",
            file=sys.stderr,
        )
        return 1
    if result.reused:
        print(f"nothing changed since the last build: kept {result.pages} pages in {result.out}")
    else:
        print(f"built {result.pages} pages into {result.out}")
    return 0


def _report_part(folder: Path, shard: str) -> int:
    from danbiet.site.parts import problems_of, read_part

    for problem in problems_of(read_part(folder, shard)):
        print(problem.format(), file=sys.stderr)
    print(f"error: the records of {shard} have errors; no part was kept", file=sys.stderr)
    return 1
