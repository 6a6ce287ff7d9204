"""`danbiet export`: exit 0 when exported, 1 when the records do not validate, 2 on usage errors.

Runs through `danbiet.cli.main` once the command is registered there, and straight through the
command module (`configure` + `run`) until then, so the tests hold either way.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from danbiet.commands import export as command

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "tests" / "fixtures" / "minimal"
AS_OF = "2026-11-20"


@dataclass
class Result:
    rc: int
    out: str
    err: str


@pytest.fixture
def danbiet_export(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    from danbiet import cli

    def run(*args: object) -> Result:
        argv = [str(a) for a in args]
        capsys.readouterr()
        try:
            if "export" in cli.COMMANDS:
                rc = cli.main(["export", *argv])
            else:
                parser = argparse.ArgumentParser(prog="danbiet export")
                command.configure(parser)
                rc = command.run(parser.parse_args(argv))
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Result(rc, out, err)

    return run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if not MINIMAL.is_dir():
        pytest.skip("tests/fixtures/minimal is missing")
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    return root


def test_export_succeeds(danbiet_export: Callable[..., Result], project: Path, tmp_path: Path):
    out = tmp_path / "du-lieu"
    result = danbiet_export(project, "--out", out, "--as-of", AS_OF)
    assert result.rc == 0, result.err
    assert "exported 14 tables as of 2026-11-20" in result.out
    assert "2 petitions" in result.out
    for name in ("datapackage.json", "danbiet.xlsx", "danbiet.db", "SHA256SUMS"):
        assert (out / name).is_file(), name
    assert (out / "hoi-nghi" / "xa-thu.2026-03-12.json").is_file()
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["as_of"] == AS_OF


def test_default_out_is_site_du_lieu(
    danbiet_export: Callable[..., Result],
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.chdir(project)
    result = danbiet_export("--as-of", AS_OF)
    assert result.rc == 0, result.err
    assert (project / "site" / "du-lieu" / "datapackage.json").is_file()


def test_invalid_records_exit_1_and_export_nothing(
    danbiet_export: Callable[..., Result], project: Path, tmp_path: Path
):
    conference = project / "content" / "conferences" / "xa-thu" / "2026-03-12.yaml"
    text = conference.read_text(encoding="utf-8")
    conference.write_text(text.replace("field: dat-dai", "field: khong-co"), encoding="utf-8")
    line = next(
        n for n, row in enumerate(conference.read_text().splitlines(), 1) if "khong-co" in row
    )
    out = tmp_path / "du-lieu"
    result = danbiet_export(project, "--out", out, "--as-of", AS_OF)
    assert result.rc == 1
    assert f"content/conferences/xa-thu/2026-03-12.yaml:{line}: [constraint-error]" in result.err
    assert "nothing was exported" in result.err
    assert not out.exists()


def test_missing_content_exits_1(danbiet_export: Callable[..., Result], tmp_path: Path):
    result = danbiet_export(tmp_path, "--out", tmp_path / "du-lieu", "--as-of", AS_OF)
    assert result.rc == 1
    assert "[no-content]" in result.err


def test_usage_errors_exit_2(danbiet_export: Callable[..., Result], project: Path, tmp_path: Path):
    bad_date = danbiet_export(project, "--out", tmp_path / "x", "--as-of", "20/11/2026")
    assert bad_date.rc == 2
    assert "YYYY-MM-DD" in bad_date.err
    unknown = danbiet_export(project, "--bogus")
    assert unknown.rc == 2
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    result = danbiet_export(project, "--out", a_file, "--as-of", AS_OF)
    assert result.rc == 2
    assert "is a file" in result.err


def test_git_outside_a_repository_exits_1(
    danbiet_export: Callable[..., Result], project: Path, tmp_path: Path
):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    inside = subprocess.run(
        ["git", "-C", str(project), "rev-parse", "--git-dir"], capture_output=True, check=False
    )
    if inside.returncode == 0:
        pytest.skip("the temporary folder is inside a git repository")
    result = danbiet_export(project, "--out", tmp_path / "du-lieu", "--as-of", AS_OF, "--git")
    assert result.rc == 1
    assert result.err.startswith("error: ")
    assert not (tmp_path / "du-lieu").exists()


def test_help_does_not_import_the_writers() -> None:
    import sys

    parser = argparse.ArgumentParser(prog="danbiet export")
    command.configure(parser)
    assert "--out" in parser.format_help()
    assert command.HELP
    # The command module keeps openpyxl, sqlite-utils and frictionless out of `--help`.
    source = Path(command.__file__).read_text(encoding="utf-8")
    header = source.split("def run", 1)[0]
    for heavy in ("openpyxl", "sqlite_utils", "frictionless", "danbiet.export"):
        assert f"import {heavy}" not in header and f"from {heavy}" not in header
    assert "danbiet.commands.export" in sys.modules
