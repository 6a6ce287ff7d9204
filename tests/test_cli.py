"""The `danbiet` command line: help, version and usage errors (exit codes 0 / 1 / 2)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AS_OF_ARG

import danbiet
from danbiet.cli import COMMANDS, build_parser

REPOSITORY = Path(__file__).resolve().parents[1]


def test_help_lists_every_command(cli):
    result = cli("--help")
    assert result.rc == 0
    assert result.out.startswith("usage: danbiet")
    listed = re.findall(r"^ {4}(\S+)", result.out, flags=re.MULTILINE)
    assert listed == list(COMMANDS)  # in the order of COMMANDS
    for name, (_, help_text) in COMMANDS.items():
        assert help_text.split()[0] in result.out, name


def test_help_does_not_import_command_modules():
    # `danbiet --help` must stay fast: no command module (and none of its heavy imports) loads.
    code = (
        "import sys\n"
        "from danbiet.cli import COMMANDS, build_parser\n"
        "build_parser(['--help'])\n"
        "print(sorted(m for m, _ in COMMANDS.values() if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_readme_mentions_every_command():
    readme = REPOSITORY / "README.md"
    if not readme.exists():
        pytest.skip("README.md does not exist yet")
    text = readme.read_text(encoding="utf-8")
    missing = [name for name in COMMANDS if not re.search(rf"\bdanbiet {name}\b", text)]
    assert missing == [], f"README.md does not show `danbiet <command>` for {missing}"


def test_version(cli):
    result = cli("--version")
    assert result.rc == 0
    assert result.out.strip() == f"danbiet {danbiet.__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", danbiet.__version__)


def test_python_dash_m_runs_the_same_cli():
    result = subprocess.run(
        [sys.executable, "-m", "danbiet", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"danbiet {danbiet.__version__}"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_has_help(cli, name):
    result = cli(name, "--help")
    assert result.rc == 0
    assert result.out.startswith(f"usage: danbiet {name}")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["frobnicate"],
        ["--frobnicate"],
        ["validate", "--frobnicate"],
        ["validate", "--as-of", "2026-02-30"],
        ["validate", "--as-of", "yesterday"],
        ["validate", "--format", "yaml"],
        ["fmt", "--as-of", AS_OF_ARG],
    ],
    ids=[
        "no-command",
        "unknown-command",
        "unknown-global-option",
        "unknown-option",
        "impossible-as-of",
        "word-as-of",
        "unknown-format",
        "option-of-another-command",
    ],
)
def test_usage_errors_exit_2(cli, args):
    result = cli(*args)
    assert result.rc == 2
    assert result.out == ""
    assert "usage: danbiet" in result.err
    assert "error:" in result.err


def test_bad_as_of_names_the_value(cli, tmp_path):
    result = cli("validate", tmp_path, "--as-of", "2026-02-30")
    assert result.rc == 2
    assert "2026-02-30" in result.err


def test_validate_exit_codes(cli, project, tmp_path):
    assert cli("validate", project, "--as-of", AS_OF_ARG).rc == 0
    assert cli("validate", tmp_path, "--as-of", AS_OF_ARG).rc == 1  # no content/


def test_build_parser_configures_only_the_chosen_command():
    parser = build_parser(["validate", "--as-of", AS_OF_ARG])
    args = parser.parse_args(["validate", "somewhere", "--as-of", AS_OF_ARG, "--format", "json"])
    assert args.command == "validate"
    assert str(args.root) == "somewhere"
    assert args.as_of.isoformat() == AS_OF_ARG
    assert args.format == "json"
    assert callable(args._run)


def test_commands_run_with_batch_collector_thresholds(monkeypatch, tmp_path):
    import gc

    from danbiet import cli
    from danbiet.commands import validate

    seen = []
    monkeypatch.setattr(validate, "run", lambda args: seen.append(gc.get_threshold()) or 0)
    before = gc.get_threshold()
    assert cli.main(["validate", str(tmp_path), "--as-of", AS_OF_ARG]) == 0
    assert seen == [cli.BATCH_GC_THRESHOLD] != [before]
    assert gc.get_threshold() == before  # restored for whoever called main
