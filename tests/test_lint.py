"""The code base stays ruff-clean (lint and format): part of the test command so CI enforces it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _ruff() -> list[str]:
    candidate = Path(sys.executable).with_name("ruff")
    if candidate.exists():
        return [str(candidate)]
    found = shutil.which("ruff")
    if found is None:
        pytest.skip("ruff is not installed; install the test extra: pip install -e '.[test]'")
    return [found]


def test_ruff_check() -> None:
    result = subprocess.run(
        [*_ruff(), "check", "scripts", "tests"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = subprocess.run(
        [*_ruff(), "format", "--check", "scripts", "tests"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, "run `ruff format scripts tests`\n" + result.stdout


def test_every_module_is_checked() -> None:
    """No module escapes the checks: an exclude meant for the built site (`site/`) once left
    the package `danbiet.site` out."""
    result = subprocess.run(
        [*_ruff(), "check", "--show-files", "scripts", "tests"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    checked = {Path(line).resolve() for line in result.stdout.splitlines() if line.endswith(".py")}
    modules = {path.resolve() for path in (REPO / "scripts").rglob("*.py")}
    modules |= {path.resolve() for path in (REPO / "tests").rglob("*.py")}
    assert modules - checked == set()
