"""`danbiet history PATH`: a record's change history from git, oldest first.

    danbiet history content/conferences/xa-tan-an/2026-03-12.yaml
    danbiet history content/conferences/xa-tan-an/2026-03-12.yaml --format json --ref origin/main

Each change shows the commit (short sha), when it landed on the main line (committer time in
Asia/Ho_Chi_Minh), its author and subject, and the entries it added, changed or removed, by key.
Exit codes: 0 done, 1 no history or git cannot be read, 2 bad options.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

HELP = "show a record's change history from git (when each entry was published and edited)"

_STATUS = {"A": "file added", "M": "file edited", "D": "file deleted", "R": "file renamed here"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        metavar="PATH",
        help="the record file, e.g. content/conferences/xa-tan-an/2026-03-12.yaml "
        "(relative to the current folder or to --root)",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="repository root, the folder holding content/ (default: .)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--ref",
        default="HEAD",
        metavar="REF",
        help="read the first-parent history of this branch, tag or commit (default: HEAD)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="ignore and do not write .danbiet-cache/"
    )


def run(args: argparse.Namespace) -> int:
    from danbiet.ledger import Ledger, LedgerError

    root = Path(args.root)
    rel = relative_path(args.path, root)
    if rel is None or not rel.startswith("content/") or rel == "content/":
        return _fail(
            f"{args.path} is not a file under {root / 'content'}; give a record file such as "
            "content/conferences/xa-tan-an/2026-03-12.yaml"
        )
    try:
        ledger = Ledger.load(root, ref=args.ref, use_cache=not args.no_cache)
    except LedgerError as exc:
        return _fail(str(exc))
    changes = ledger.file_history(rel)
    if not changes:
        if (root / rel).is_file():
            return _fail(
                f"{rel} has no history on {args.ref}: it is not committed yet (chưa công bố); "
                "it is published once it is merged into the main branch"
            )
        return _fail(
            f"{rel} has no history on {args.ref}: no commit on its first-parent history "
            "touched this path; check the spelling"
        )
    if args.format == "json":
        from danbiet.commands.common import print_json

        print_json([change.to_dict() for change in changes])
        return 0
    _print_text(rel, args.ref, changes)
    return 0


def relative_path(given: str, root: Path) -> str | None:
    """GIVEN (absolute, or relative to the current folder or to ROOT) relative to ROOT, POSIX."""
    path = Path(given)
    bases = [Path(os.path.abspath(root)), root.resolve()]
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, root / path]
    found: list[str] = []
    for candidate in candidates:
        for absolute in (Path(os.path.abspath(candidate)), candidate.resolve()):
            for base in bases:
                if absolute.is_relative_to(base):
                    rel = absolute.relative_to(base).as_posix()
                    if absolute.exists():
                        return rel
                    found.append(rel)
    # A file deleted since: take the path as given, relative to the root or the current folder.
    return next((rel for rel in found if rel.startswith("content/")), found[0] if found else None)


def _fail(message: str) -> int:
    print(f"danbiet history: {message}", file=sys.stderr)
    return 1


def _clean(text: str) -> str:
    """Commit subjects and names are untrusted: no control characters on the terminal."""
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in text)


def _print_text(rel: str, ref: str, changes: list[Any]) -> None:
    from danbiet.ledger import format_time

    count = len(changes)
    print(f"{rel}: {count} change{'s' if count != 1 else ''} on {ref}, oldest first")
    for change in changes:
        commit = change.commit
        print()
        print(f"{commit.short}  {format_time(commit.committed_at)}  {_clean(commit.author)}")
        print(f"    {_clean(commit.subject)}  ({_STATUS.get(change.status, change.status)})")
        for label, keys in (
            ("added", change.added),
            ("changed", change.changed),
            ("removed", change.removed),
        ):
            for key in keys:
                print(f"    {label:<8} {key}")
        if not (change.added or change.changed or change.removed) and change.status != "D":
            print("    (no entry changed: layout, comments, or a version that could not be read)")
