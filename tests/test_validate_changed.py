"""`validate --changed REF` / `--files`: the fast pull-request check gives, for the changed files,
the same problems as the full validation, and nothing about the files left alone."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import AS_OF, AS_OF_ARG, COMMUNE, CONFERENCE, MINIMAL, PLAN, REPORT, edit

from danbiet.loader import load
from danbiet.problems import Report
from danbiet.validate import DEFAULT_ENGINE, ENGINES, changed_files, validate, validate_changed

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]


def git(root: Path, *args: str) -> str:
    done = subprocess.run([*GIT, "-C", str(root), *args], capture_output=True, check=True)
    return done.stdout.decode()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose main branch holds a copy of the minimal fixture."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root, symlinks=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "fixture")
    return root


def keyed(report: Report, paths: set[str] | None = None) -> list[tuple[object, ...]]:
    return sorted(
        (p.code, p.path or "", p.line or 0, p.field or "", p.message, p.severity)
        for p in report.problems
        if paths is None or p.path in paths
    )


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


def both(root: Path, engine: str = DEFAULT_ENGINE) -> tuple[Report, Report, set[str]]:
    changes = changed_files(root, "HEAD")
    full = validate(root, AS_OF, load(root, cache=False), engine)
    fast = validate_changed(root, AS_OF, changes, engine=engine)
    return full, fast, changes.paths


MUTATIONS = [
    pytest.param(
        CONFERENCE,
        "invited_on: 2026-03-02",
        "invited_on: 2026-02-30",
        {"type-error"},
        id="bad-date",
    ),
    pytest.param(
        CONFERENCE, "held_on: 2026-03-12", "held_on: 2026-3-12", {"type-error"}, id="loose-date"
    ),
    pytest.param(
        CONFERENCE,
        "  - to: phong-kinh-te-xa-thu\n        assigned_on: 2026-03-20",
        "  - to: phong-khong-co\n        assigned_on: 2026-03-20",
        {"unknown-reference"},
        id="unknown-reference",
    ),
    pytest.param(CONFERENCE, "  - no: 2\n", "  - no: 1\n", {"duplicate-id"}, id="duplicate-no"),
    pytest.param(
        CONFERENCE,
        "issued_on: 2026-03-19",
        "issued_on: 2026-03-01",
        {"chronology"},
        id="chronology",
    ),
    pytest.param(
        CONFERENCE,
        "plan_id: xa-thu.2026.cap-uy",
        "plan_id: xa-thu.2026.khac",
        {"unknown-reference"},
        id="plan",
    ),
    pytest.param(CONFERENCE, "attendance: 85", "attendance: [85]", {"wrong-type"}, id="wrong-type"),
    pytest.param(
        REPORT, "unit: xa-thu", "unit: xa-khong-co", {"unknown-reference"}, id="report-unit"
    ),
]


@pytest.mark.parametrize(("rel", "old", "new", "codes"), MUTATIONS)
def test_changed_reports_what_the_full_validation_reports(
    repo: Path, rel: str, old: str, new: str, codes: set[str], engine: str
) -> None:
    edit(repo, rel, old, new)
    full, fast, changed = both(repo, engine)
    assert changed == {rel}
    assert codes <= {p.code for p in fast.problems}
    assert keyed(fast) == keyed(full, changed)
    assert all(p.path == rel for p in fast.problems)
    assert fast.stats["changed"] == 1


def test_problems_of_unchanged_files_are_left_out(repo: Path) -> None:
    # Committed breakage in the plan (not part of the change) ...
    edit(repo, PLAN, "registered_on: 2026-01-15", "registered_on: 2026-02-30")
    git(repo, "commit", "-q", "-am", "broken plan")
    # ... and a clean change to the conference.
    edit(repo, CONFERENCE, "attendance: 85", "attendance: 90")
    full, fast, changed = both(repo)
    assert any(p.path == PLAN for p in full.problems)
    assert fast.problems == []
    assert changed == {CONFERENCE}


def test_untracked_and_deleted_files(repo: Path) -> None:
    added = "content/conferences/xa-thu/2026-03-20.yaml"
    text = (repo / CONFERENCE).read_text(encoding="utf-8").replace("2026-03-12", "2026-03-20")
    (repo / added).write_text(text.replace("  - no: 2\n", "  - no: 1\n"), encoding="utf-8")
    full, fast, changed = both(repo)
    assert added in changed
    assert keyed(fast) == keyed(full, {added})
    assert "duplicate-id" in {p.code for p in fast.problems}
    (repo / added).unlink()
    # Deleting a unit breaks the records that name it: those are reported too.
    (repo / "content/units/phong-kinh-te-xa-thu.yaml").unlink()
    full, fast, changed = both(repo)
    assert {p.code for p in fast.problems} == {"unknown-reference"}
    assert keyed(fast) == keyed(full, {p.path for p in fast.problems if p.path})
    assert {p.path for p in fast.problems} == {CONFERENCE}


def test_a_changed_unit_reaches_the_files_that_name_it(repo: Path) -> None:
    edit(repo, COMMUNE, "valid_from: 2025-07-01", "valid_from: 2025-07-01\nvalid_to: 2026-01-31")
    full, fast, _ = both(repo)
    assert "unit-inactive" in {p.code for p in full.problems}
    assert keyed(fast) == keyed(full)


def test_cli_changed(repo: Path, cli: Callable[..., object]) -> None:
    ok = cli("validate", repo, "--as-of", AS_OF_ARG, "--changed", "HEAD")
    assert ok.rc == 0, ok.err  # type: ignore[attr-defined]
    edit(repo, CONFERENCE, "invited_on: 2026-03-02", "invited_on: 2026-02-30")
    bad = cli("validate", repo, "--as-of", AS_OF_ARG, "--changed", "HEAD")
    assert bad.rc == 1  # type: ignore[attr-defined]
    assert f"{CONFERENCE}:" in bad.out and "[type-error]" in bad.out  # type: ignore[attr-defined]
    full = cli("validate", repo, "--as-of", AS_OF_ARG)
    assert sorted(full.out.splitlines()) == sorted(bad.out.splitlines())  # type: ignore[attr-defined]
    files = cli("validate", repo, "--as-of", AS_OF_ARG, "--files", repo / CONFERENCE)
    assert files.rc == 1 and files.out == bad.out  # type: ignore[attr-defined]
    relative = cli("validate", repo, "--as-of", AS_OF_ARG, "--files", PLAN, "--no-cache")
    assert relative.rc == 0, relative.out  # type: ignore[attr-defined]
    as_json = cli("validate", repo, "--as-of", AS_OF_ARG, "--changed", "HEAD", "--format", "json")
    assert as_json.rc == 1 and '"changed": 1' in as_json.out  # type: ignore[attr-defined]


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=x"])
def test_cli_bad_ref_is_a_usage_error(repo: Path, cli: Callable[..., object], ref: str) -> None:
    result = cli("validate", repo, "--as-of", AS_OF_ARG, f"--changed={ref}")
    assert result.rc == 2  # type: ignore[attr-defined]
    assert "--changed" in result.err  # type: ignore[attr-defined]
    assert not (repo / "x").exists()


def test_cli_not_a_repository(project: Path, cli: Callable[..., object]) -> None:
    result = cli("validate", project, "--as-of", AS_OF_ARG, "--changed", "HEAD")
    assert result.rc == 2 and "--changed HEAD" in result.err  # type: ignore[attr-defined]


def test_cli_changed_and_files_are_exclusive(repo: Path, cli: Callable[..., object]) -> None:
    result = cli("validate", repo, "--changed", "HEAD", "--files", CONFERENCE)
    assert result.rc == 2  # type: ignore[attr-defined]
