"""danbiet serve: build the site, then preview it on http://127.0.0.1:PORT/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from danbiet.commands.common import add_as_of, add_root, as_of


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument(
        "--out", type=Path, default=Path("site"), help="output folder (default site)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
    parser.add_argument("--no-build", action="store_true", help="serve the existing output as is")
    add_as_of(parser)


def run(args: argparse.Namespace) -> int:
    import functools
    import http.server

    if not args.no_build:
        from danbiet.site.build import BuildError, build

        try:
            build(args.root, args.out, as_of(args))
        except BuildError as exc:
            if exc.report is not None:
                for problem in exc.report.sorted():
                    print(problem.format(), file=sys.stderr)
            print(f"error: {exc}", file=sys.stderr)
            return 1
    if not (args.out / "index.html").is_file():
        print(f"error: {args.out} holds no built site; run without --no-build", file=sys.stderr)
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(args.out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"serving {args.out} at http://127.0.0.1:{args.port}/ (Ctrl+C to stop)")
        server.serve_forever()
    return 0
