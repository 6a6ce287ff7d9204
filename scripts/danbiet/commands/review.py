"""danbiet review [ROOT] --base REF [--author LOGIN]: every check of a pull request, in one run.

The same three checks as `validate --changed REF`, `fmt --check --changed REF` and
`check --base REF [--author LOGIN]`, with the same findings, on the changes listed once (one
`git diff` of the working tree against REF): the pull-request workflow runs this, and waits
for one Python process instead of three.
"""

from __future__ import annotations

import argparse
import sys

from danbiet.commands.common import add_as_of, add_author, add_root, as_of, print_json

HELP = (
    "every check of a pull request in one run: the changed records valid (validate --changed), "
    "in canonical form (fmt --check --changed), no published entry edited, no personal data, "
    "changed by their owners (check --base)"
)


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument(
        "--base",
        metavar="REF",
        required=True,
        help="the git revision the pull request goes into (e.g. origin/main)",
    )
    add_author(parser)
    add_as_of(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    from danbiet.checks import CheckError, check
    from danbiet.checks.integrity import read_changes
    from danbiet.commands import check as check_command
    from danbiet.commands import fmt as fmt_command
    from danbiet.commands import validate as validate_command
    from danbiet.fmt import format_tree
    from danbiet.validate import Changes, beside_units, validate_changed

    try:
        tree, units = beside_units(
            args.root, lambda: read_changes(args.root, args.base), True, args.base
        )
    except CheckError as exc:
        print(f"danbiet review: --base {args.base}: {exc}", file=sys.stderr)
        return 2
    paths = {c.path for c in tree.changes} | {c.old for c in tree.changes if c.old}
    changes = Changes.at(args.root, paths)
    valid = validate_changed(args.root, as_of(args), changes, cache=True, units=units)
    formatted, unreadable = format_tree(args.root, changes.paths)
    try:
        checked = check(args.root, base=args.base, author=args.author, tree=tree)
    except CheckError as exc:  # --author that is not a login
        print(f"danbiet review: {exc}", file=sys.stderr)
        return 2
    canonical = not any(r.changed for r in formatted) and not unreadable
    if args.format == "json":
        print_json(
            {
                "valid": valid.valid and canonical and checked.valid,
                "validate": valid.to_dict(),
                "fmt": {
                    "not_canonical": [r.path for r in formatted if r.changed],
                    "problems": [p.to_dict() for p in unreadable],
                },
                "check": checked.to_dict(),
            }
        )
    else:
        # problems go to standard output, headings and summaries to standard error: line by
        # line, so that a log that joins the two keeps them in order
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(line_buffering=True)
        base = args.base
        print(f"== the changed records are valid (validate --changed {base})", file=sys.stderr)
        validate_command.print_report(valid, changed=True)
        print(f"== in canonical form (fmt --check --changed {base})", file=sys.stderr)
        fmt_command.print_check(formatted, unreadable)
        if canonical:
            done = f"{len(formatted)} record files in canonical form" if formatted else "none"
            print(f"changed record files: {done}", file=sys.stderr)
        print(
            f"== no published entry edited, no personal data, changed by their owners "
            f"(check --base {base})",
            file=sys.stderr,
        )
        check_command.print_report(checked, base)
    return 0 if valid.valid and canonical and checked.valid else 1
