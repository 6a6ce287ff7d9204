"""The `danbiet` command line: parses options and dispatches to one module per verb.

Each command module under `danbiet.commands` defines `configure(parser)`, `run(args) -> int`
and optionally `HELP`, the longer description shown by `danbiet NAME --help`. Command modules
keep their heavy imports inside `run`, so `--help` and `validate` never pay for mkdocs,
GitPython or Jinja2.

Exit codes: 0 clean, 1 findings, 2 usage errors.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys

from danbiet import __version__

# Verb -> (module, one-line help). The order is the order shown by `danbiet --help`.
# Only the module of the command being run is imported.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": (
        "danbiet.commands.validate",
        "check every record against the schemas and the cross-record rules",
    ),
    "fmt": ("danbiet.commands.fmt", "rewrite record files in their canonical YAML form"),
    "calendar": ("danbiet.commands.calendar", "working-day calendar: due dates and days off"),
    "deadlines": (
        "danbiet.commands.deadlines",
        "every obligation's due date and state as of a date (--strict: fail when overdue)",
    ),
    "history": ("danbiet.commands.history", "a record's change history from git"),
    "check": (
        "danbiet.commands.check",
        "refuse edits of published entries, personal data and changes by non-owners",
    ),
    "review": (
        "danbiet.commands.review",
        "every check of a pull request in one run (validate, fmt --check, check --base)",
    ),
    "new": ("danbiet.commands.new", "write a canonical skeleton of a new record or entry"),
    "owners": ("danbiet.commands.owners", "write .github/CODEOWNERS from content/owners.yaml"),
    "schema": ("danbiet.commands.schema", "write the JSON Schemas editors use for record files"),
    "export": ("danbiet.commands.export", "write the open data: CSV, JSON, XLSX, SQLite, ZIP"),
    "build": ("danbiet.commands.build", "validate the records and build the public site"),
    "serve": ("danbiet.commands.serve", "build the site and preview it on 127.0.0.1"),
    "synth": ("danbiet.commands.synth", "write a synthetic national portal repository"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2, as argparse does
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(argv: list[str]) -> argparse.ArgumentParser:
    """The parser, with the options of the command named in ARGV configured."""
    parser = _Parser(prog="danbiet", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"danbiet {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            module = importlib.import_module(module_name)
            # the module's own, longer HELP describes the command in `danbiet NAME --help`
            command.description = getattr(module, "HELP", help_text)
            module.configure(command)
            command.set_defaults(_run=module.run)
    return parser


# The commands load millions of objects that live until they end (records, the ledger, rows)
# and make few reference cycles: with the default thresholds the cyclic collector scans them
# again and again (10-20 % of a national build). Restored when `main` returns.
BATCH_GC_THRESHOLD = (100_000, 50, 100)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    threshold = gc.get_threshold()
    gc.set_threshold(*BATCH_GC_THRESHOLD)
    try:
        return int(args._run(args))
    except BrokenPipeError:  # `danbiet ... | head`
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        gc.set_threshold(*threshold)


if __name__ == "__main__":
    sys.exit(main())
