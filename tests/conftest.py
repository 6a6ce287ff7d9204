"""Shared fixtures: a small real project copied to a temporary folder, and helpers to mutate it.

`tests/fixtures/minimal/` is a tiny valid repository (four units, one plan, one conference with
two petitions, one report). Tests never touch it directly: the `project` fixture copies it to
`tmp_path` first, and `edit` changes one file of the copy by exact string replacement.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from danbiet.cli import main
from danbiet.problems import Problem, Report

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"

AS_OF = date(2026, 11, 20)
AS_OF_ARG = AS_OF.isoformat()

# Repository-relative paths of the fixture's record files.
CONFERENCE = "content/conferences/xa-thu/2026-03-12.yaml"
PLAN = "content/plans/xa-thu/2026-cap-uy.yaml"
REPORT = "content/reports/xa-thu/2026-h1.yaml"
PROVINCE = "content/units/tinh-thu.yaml"
COMMUNE = "content/units/xa-thu.yaml"
MTTQ = "content/units/mttq-xa-thu.yaml"
AGENCY = "content/units/phong-kinh-te-xa-thu.yaml"
RECORD_FILES = (AGENCY, MTTQ, PROVINCE, COMMUNE, CONFERENCE, PLAN, REPORT)

# What the fixture holds, table by table (the `stats` of a validation report).
FIXTURE_STATS = {
    "units": 4,
    "plans": 1,
    "planned_conferences": 2,
    "conferences": 1,
    "chairs": 2,
    "notices": 1,
    "petitions": 2,
    "assignments": 2,
    "updates": 3,
    "supervision": 2,
    "corrections": 1,
    "reports": 1,
    "files": 7,
}


@pytest.fixture
def no_parse_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """No parse cache written: for tests that read a folder of tests/fixtures in place, which
    must not fill the repository with .danbiet-cache folders (the cache is tested in
    test_cache.py)."""
    monkeypatch.setenv("DANBIET_NO_CACHE", "1")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/minimal, safe to mutate."""
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root, symlinks=True)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> Path:
    """Replace the one occurrence of OLD in ROOT/REL by NEW (fails loudly if OLD is not unique)."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    count = text.count(old)
    assert count == 1, f"{old!r} occurs {count} times in {rel}, expected exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def line_of(root: Path, rel: str, needle: str) -> int:
    """The 1-based number of the one line of ROOT/REL that contains NEEDLE."""
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, 1) if needle in line]
    assert len(found) == 1, f"{needle!r} is on lines {found} of {rel}, expected exactly one"
    return found[0]


def only(report: Report, code: str, path: str | None = None) -> Problem:
    """The single problem of REPORT with CODE (and PATH, if given)."""
    found = [p for p in report.problems if p.code == code and (path is None or p.path == path)]
    assert len(found) == 1, f"expected one [{code}] problem, got {found} in {report.problems}"
    return found[0]


@dataclass
class CliResult:
    rc: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `danbiet ARGS...` in-process; usage errors (SystemExit) become exit codes."""

    def run(*args: object) -> CliResult:
        capsys.readouterr()
        try:
            rc = main([str(arg) for arg in args])
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return CliResult(rc, out, err)

    return run
