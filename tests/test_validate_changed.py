"""`validate --changed REF` / `--files`: the fast pull-request check gives, for the changed files,
the same problems as the full validation, and nothing about the files left alone."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import AS_OF, AS_OF_ARG, COMMUNE, CONFERENCE, MINIMAL, PLAN, REPORT, edit
from test_shards import fresh_copy, portal  # noqa: F401 - the two-province portal

from danbiet import mentions, worktree
from danbiet import validate as validate_module
from danbiet.loader import load
from danbiet.problems import Report
from danbiet.shards import Split, split
from danbiet.validate import (
    DEFAULT_ENGINE,
    ENGINES,
    beside_units,
    changed_files,
    validate,
    validate_changed,
)

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


# -- a repository of several provinces: only what the change can affect is loaded --------------


def against_the_whole(root: Path, engine: str = DEFAULT_ENGINE) -> tuple[Report, Report, set[str]]:
    """The fast run, and `validate --changed` as it was: the same checks with every record
    loaded. Their problems must be the same, in the same printed order."""
    changes = changed_files(root, "HEAD")
    everything = load(root, cache=False)
    whole = validate_changed(root, AS_OF, changes, everything, engine)
    fast = validate_changed(root, AS_OF, changes, engine=engine)
    assert fast.to_dict()["problems"] == whole.to_dict()["problems"]
    full = validate(root, AS_OF, everything, engine)
    assert keyed(fast, changes.paths) == keyed(full, changes.paths)
    return whole, fast, changes.paths


@pytest.fixture
def provinces(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy of the two-province synthetic portal of tests/test_shards.py, with its history."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return fresh_copy(request.getfixturevalue("portal"), tmp_path / "portal")


def _scanning(how: str, monkeypatch: pytest.MonkeyPatch) -> str:
    if how == "read":

        def no_git(*args: object) -> None:
            raise OSError("no git here")

        monkeypatch.setattr(worktree, "_start", no_git)
    if how == "index":

        def indexed(root: Path, folders: list[str], units: set[str]) -> mentions.Indexed | None:
            mentions.update(root)  # the commit as it is: the working tree's edits unindexed
            return mentions.lookup(root, folders, units)

        monkeypatch.setattr(validate_module, "lookup", indexed)
    else:
        monkeypatch.setattr(validate_module, "lookup", lambda *args: None)
    return how


@pytest.fixture(params=["git", "read", "index"])
def scan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """How the files that may name what a change defines are found: by `git grep`
    (`worktree.Search`), by reading every file, as when git cannot be run, or from the index
    of mentions a build writes (`mentions.lookup`)."""
    return _scanning(str(request.param), monkeypatch)


@pytest.fixture(params=["git", "read"])
def grep_scan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """`scan` without the index: `worktree.Search` itself."""
    return _scanning(str(request.param), monkeypatch)


def layout(root: Path) -> Split:
    """ROOT's records by province, read without writing a parse cache."""
    return split(root, cache=False)


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def record_of(root: Path, province: str, folder: str, containing: str = "") -> str:
    """The first record file of PROVINCE in content/FOLDER/ whose text holds CONTAINING."""
    return next(
        rel
        for rel in layout(root).shards[province]
        if rel.startswith(f"content/{folder}/")
        and containing in (root / rel).read_text(encoding="utf-8")
    )


def value_at(root: Path, rel: str, starting: str) -> tuple[str, int]:
    """The first line of REL whose text (indentation left out) starts with STARTING: what
    follows STARTING, and the line's number."""
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    number, text = next(
        (n, t.strip()) for n, t in enumerate(lines, 1) if t.lstrip().startswith(starting)
    )
    return text.removeprefix(starting).strip(), number


def replace_line(root: Path, rel: str, starting: str, new: str) -> int:
    """Replace that line by NEW, with the same indentation; its number."""
    _, number = value_at(root, rel, starting)
    path = root / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    old = lines[number - 1]
    lines[number - 1] = f"{old[: len(old) - len(old.lstrip())]}{new}\n"
    path.write_text("".join(lines), encoding="utf-8")
    return number


def conference_id(rel: str) -> str:
    return rel.removeprefix("content/conferences/").removesuffix(".yaml").replace("/", ".")


def test_a_changed_dialogue_loads_the_units_and_the_few_files_it_touches(
    provinces: Path, engine: str
) -> None:
    first, second = layout(provinces).names()
    # A dialogue no plan names: the units and that one file are all that is read.
    named = {
        line.split("conference_id:", 1)[1].strip()
        for rel in layout(provinces).shards[second]
        if rel.startswith("content/plans/")
        for line in (provinces / rel).read_text(encoding="utf-8").splitlines()
        if "conference_id:" in line
    }
    rel = next(
        r
        for r in layout(provinces).shards[second]
        if r.startswith("content/conferences/")
        and conference_id(r) not in named
        and "- to: " in (provinces / r).read_text(encoding="utf-8")
        and "plan_id: " not in (provinces / r).read_text(encoding="utf-8")
    )
    replace_line(provinces, rel, "- to: ", "- to: co-quan-khong-co")
    replace_line(provinces, rel, "invited_on: ", "invited_on: 2025-02-30")
    whole, fast, changed = against_the_whole(provinces, engine)
    assert changed == {rel}
    assert {"unknown-reference", "type-error"} <= {p.code for p in fast.problems}
    assert (fast.stats["provinces_loaded"], fast.stats["provinces"]) == (1, 2)
    assert fast.stats["files"] == len(layout(provinces).units) + 1 < whole.stats["files"]
    assert (fast.stats["conferences"], fast.stats["plans"]) == (1, 0)


def test_a_changed_unit_reaches_its_records_and_the_province_it_left(
    provinces: Path, scan: str
) -> None:
    first, second = layout(provinces).names()
    commune = next(
        unit
        for unit, top in layout(provinces).provinces.items()
        if top == first and unit.startswith(("xa-", "phuong-"))
    )
    # The province's own dialogue assigns a petition to the commune: fine while it is theirs.
    held = record_of(provinces, first, f"conferences/{first}", "- to: ")
    line = replace_line(provinces, held, "- to: ", f"- to: {commune}")
    commit(provinces, "a petition for the commune")
    assert against_the_whole(provinces)[1].problems == []
    # The commune moves to the other province: the assignment breaks the `other-province` rule.
    replace_line(provinces, f"content/units/{commune}.yaml", "parent: ", f"parent: {second}")
    whole, fast, changed = against_the_whole(provinces)
    assert changed == {f"content/units/{commune}.yaml"}
    assert ("other-province", held, line) in {(p.code, p.path, p.line) for p in fast.problems}
    assert fast.stats["provinces_loaded"] == 2  # where the commune is now, and the one it left
    # Its validity ends before some of its dialogues: those are reported as theirs.
    git(provinces, "checkout", "-q", "--", ".")
    unit = f"content/units/{commune}.yaml"
    replace_line(provinces, unit, "parent: ", f"parent: {first}\nvalid_to: 2025-06-30")
    whole, fast, _ = against_the_whole(provinces)
    assert "unit-inactive" in {p.code for p in fast.problems}
    assert fast.stats["provinces_loaded"] == 1


def test_a_changed_rule_profile_loads_everything(provinces: Path) -> None:
    profile = next((provinces / "content/rules").glob("*.yaml"))
    with profile.open("a", encoding="utf-8") as handle:
        handle.write("# sửa đổi\n")
    whole, fast, _ = against_the_whole(provinces)
    assert "provinces_loaded" not in fast.stats
    assert fast.stats["files"] == whole.stats["files"]
    profile.unlink()  # the units that name it lose their profile
    whole, fast, _ = against_the_whole(provinces)
    assert "unknown-profile" in {p.code for p in fast.problems}
    assert "provinces_loaded" not in fast.stats


def test_deleted_records_break_the_records_that_name_them(provinces: Path, scan: str) -> None:
    first, _ = layout(provinces).names()
    plan = record_of(provinces, first, "plans", "conference_id: ")
    named, line = value_at(provinces, plan, "conference_id: ")
    gone = "content/conferences/{}/{}.yaml".format(*named.split("."))
    (provinces / gone).unlink()
    whole, fast, changed = against_the_whole(provinces)
    assert changed == {gone}
    assert ("unknown-reference", plan, line) in {(p.code, p.path, p.line) for p in fast.problems}
    assert fast.stats["provinces_loaded"] == 1
    git(provinces, "checkout", "-q", "--", ".")
    # A unit is deleted: the dialogues that assign petitions to it are reported.
    held = record_of(provinces, first, "conferences", "- to: ")
    agency, _ = value_at(provinces, held, "- to: ")
    (provinces / f"content/units/{agency}.yaml").unlink()
    whole, fast, _ = against_the_whole(provinces)
    assert ("unknown-reference", held) in {(p.code, p.path) for p in fast.problems}
    # The province of those dialogues, and the agency's own records if it has any: with their
    # unit gone they form a shard of their own.
    own = any((provinces / "content" / f / agency).exists() for f in ("conferences", "plans"))
    assert fast.stats["provinces_loaded"] == 1 + own


@pytest.mark.parametrize(
    "spelling",
    [
        pytest.param(lambda value: value, id="plain"),
        pytest.param(lambda value: f'"{value[0]}\\x{ord(value[1]):02x}{value[2:]}"', id="escaped"),
    ],
)
def test_a_record_named_from_another_province(
    provinces: Path, spelling: Callable[[str], str], scan: str
) -> None:
    first, second = layout(provinces).names()
    # A plan names another province's conference (the `other-province` rule refuses it, but
    # such a plan may have been committed before the rule); the plan is committed.
    plan = record_of(provinces, first, "plans", "conference_id: ")
    elsewhere = record_of(provinces, second, "conferences")
    named = spelling(conference_id(elsewhere))
    line = replace_line(provinces, plan, "conference_id: ", f"conference_id: {named}")
    commit(provinces, "a plan names another province's conference")
    found = validate(provinces, AS_OF, load(provinces, cache=False)).problems
    assert [(p.code, p.path, p.line) for p in found] == [("other-province", plan, line)]
    # Deleting that conference breaks the plan, in the province the change did not touch.
    (provinces / elsewhere).unlink()
    whole, fast, _ = against_the_whole(provinces)
    assert ("unknown-reference", plan, line) in {(p.code, p.path, p.line) for p in fast.problems}
    assert fast.stats["provinces_loaded"] == 1  # the plan's: the deleted file is not there
    assert fast.stats["plans"] == 1


def test_references_and_keys_across_provinces(provinces: Path) -> None:
    first, second = layout(provinces).names()
    # A conference names a plan of the other province: it exists, but belongs elsewhere.
    theirs = record_of(provinces, second, "plans")
    unit, name = theirs.removeprefix("content/plans/").removesuffix(".yaml").split("/")
    plan_id = f"{unit}.{name.replace('-', '.', 1)}"
    held = record_of(provinces, first, "conferences", "plan_id: ")
    line = replace_line(provinces, held, "plan_id: ", f"plan_id: {plan_id}")
    whole, fast, _ = against_the_whole(provinces)
    assert [(p.code, p.path, p.line) for p in fast.problems] == [("other-province", held, line)]
    assert fast.stats["provinces_loaded"] == 2
    replace_line(provinces, held, "plan_id: ", f"plan_id: {plan_id}x")
    whole, fast, _ = against_the_whole(provinces)
    assert {p.code for p in fast.problems} == {"unknown-reference"}
    git(provinces, "checkout", "-q", "--", ".")
    # A unit takes the id of a unit of the other province: a duplicate across provinces.
    # (reported on the later of the two rows: the changed file's, as the units are sorted)
    mine = max(u for u, top in layout(provinces).provinces.items() if top == first != u)
    taken = min(u for u, top in layout(provinces).provinces.items() if top == second)
    assert taken < mine
    replace_line(provinces, f"content/units/{mine}.yaml", "id: ", f"id: {taken}")
    whole, fast, _ = against_the_whole(provinces)
    assert {"duplicate-id", "path-mismatch"} <= {p.code for p in fast.problems}
    git(provinces, "checkout", "-q", "--", ".")
    # A petition is assigned to an agency of the other province.
    held = record_of(provinces, first, "conferences", "- to: ")
    agency = next(
        u for u, top in layout(provinces).provinces.items() if top == second and u != second
    )
    replace_line(provinces, held, "- to: ", f"- to: {agency}")
    whole, fast, _ = against_the_whole(provinces)
    assert "other-province" in {p.code for p in fast.problems}
    assert fast.stats["provinces_loaded"] == 1


def test_a_file_whose_entries_carry_a_changed_id_is_a_dependent(provinces: Path) -> None:
    first, second = layout(provinces).names()
    # A committed dialogue of the second province names an unknown agency ...
    held = record_of(provinces, second, "conferences", "- to: ")
    line = replace_line(provinces, held, "- to: ", "- to: co-quan-khong-co")
    commit(provinces, "an unknown agency")
    # ... and a unit of the first is given the dialogue's id, which the dialogue's entries carry
    # (derived from its path, not written): the full run reports the dialogue too.
    mine = max(u for u, top in layout(provinces).provinces.items() if top == first != u)
    replace_line(provinces, f"content/units/{mine}.yaml", "id: ", f"id: {conference_id(held)}")
    whole, fast, _ = against_the_whole(provinces)
    assert ("unknown-reference", held, line) in {(p.code, p.path, p.line) for p in fast.problems}
    assert fast.stats["provinces_loaded"] == 2


def test_a_change_outside_the_records_loads_no_province(provinces: Path) -> None:
    (provinces / "content" / "HUONG-DAN.md").write_text("# Hướng dẫn\n", encoding="utf-8")
    (provinces / "README.md").write_text("# Cổng\n", encoding="utf-8")
    whole, fast, changed = against_the_whole(provinces)
    assert changed == {"content/HUONG-DAN.md", "README.md"}
    assert fast.problems == [] and fast.stats["provinces_loaded"] == 0
    assert fast.stats["files"] == len(layout(provinces).units)


def test_any_broken_or_deleted_record_gives_the_problems_of_the_whole(provinces: Path) -> None:
    plan = layout(provinces)
    sample = [
        rel
        for name in plan.names()
        for folder in ("conferences", "plans")
        for rel in [r for r in plan.shards[name] if r.startswith(f"content/{folder}/")][:1]
    ] + plan.units[::20]
    for rel in sample:
        for how in ("break", "delete"):
            if how == "delete":
                (provinces / rel).unlink()
            else:
                (provinces / rel).write_text("unit: [\n", encoding="utf-8")
            against_the_whole(provinces)
            git(provinces, "checkout", "-q", "--", ".")


def test_cli_loads_a_few_files_and_keeps_its_cache(
    provinces: Path, cli: Callable[..., object]
) -> None:
    _, second = layout(provinces).names()
    rel = record_of(provinces, second, "conferences", "invited_on: ")
    replace_line(provinces, rel, "invited_on: ", "invited_on: 2025-02-30")
    args = ("validate", provinces, "--as-of", AS_OF_ARG, "--changed", "HEAD")
    cold = cli(*args, "--no-cache")
    assert cold.rc == 1 and "1 of 2 provinces loaded" in cold.err  # type: ignore[attr-defined]
    assert not (provinces / ".danbiet-cache").exists()
    first = cli(*args)
    again = cli(*args)
    assert first.out == again.out == cold.out  # type: ignore[attr-defined]
    # records-<key>-<group>.pickle: every unit (as `danbiet build` keeps them), and the files
    # of the change in a group of their own, so that the provinces' groups stay whole
    kept = {p.name.split("-", 2)[2] for p in (provinces / ".danbiet-cache").glob("records-*")}
    assert kept == {"units.pickle", "changed.pickle"}


def test_a_reference_of_another_kind_is_not_a_dependent(provinces: Path) -> None:
    """A dialogue whose `plan_id` holds another dialogue's id names no plan: its own error,
    reported when it is checked, not when the other dialogue changes (and not looked for)."""
    first, second = layout(provinces).names()
    changed = record_of(provinces, second, "conferences", "invited_on: ")
    held = record_of(provinces, first, "conferences", "plan_id: ")
    line = replace_line(provinces, held, "plan_id: ", f"plan_id: {conference_id(changed)}")
    commit(provinces, "a plan_id that names a dialogue")
    whole_run = validate(provinces, AS_OF, load(provinces, cache=False))
    assert ("unknown-reference", held, line) in {
        (p.code, p.path, p.line) for p in whole_run.problems
    }
    replace_line(provinces, changed, "invited_on: ", "invited_on: 2025-02-30")
    whole, fast, _ = against_the_whole(provinces)
    assert held not in {p.path for p in fast.problems}
    assert fast.stats["provinces_loaded"] == 1


def test_a_linked_record_that_names_a_changed_unit(provinces: Path, scan: str) -> None:
    """Git searches no symbolic link: a linked record file is loaded whatever it holds."""
    first, _ = layout(provinces).names()
    held = record_of(provinces, first, "conferences", "- to: ")
    agency, _ = value_at(provinces, held, "- to: ")
    link = provinces / held.replace(".yaml", "-lienket.yaml")
    link.symlink_to(Path(held).name)
    commit(provinces, "a linked dialogue")
    (provinces / f"content/units/{agency}.yaml").unlink()
    whole, fast, _ = against_the_whole(provinces)
    named = {p.path for p in fast.problems if p.code == "unknown-reference"}
    assert {held, link.relative_to(provinces).as_posix()} <= named


def test_the_search_sees_the_working_tree_as_a_walk_does(repo: Path, tmp_path: Path) -> None:
    folder = repo / "content" / "ghi-chu"
    folder.mkdir()
    for name, text in {"a.yaml": "to: xa-thu\n", "b.yaml": "to: xa-khac\n"}.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "lien-ket.yaml").symlink_to("b.yaml")
    commit(repo, "notes")
    assert _searched(repo, ["content/ghi-chu"], [b"xa-thu"]) == {
        "content/ghi-chu/a.yaml",
        "content/ghi-chu/lien-ket.yaml",  # every tracked link, whatever it points at
    }
    # The working tree, not the commit: an edit, a new file, an ignored one, a binary one.
    (folder / "a.yaml").write_text("to: xa-moi\n", encoding="utf-8")
    (folder / "c.yaml").write_text("to: xa-thu\n", encoding="utf-8")
    (folder / "d.yaml").write_bytes(b"\0to: xa-thu\n")
    (folder / "e.yaml").write_text("to: xa-thu\n", encoding="utf-8")
    (repo / ".gitignore").write_text("content/ghi-chu/e.yaml\n", encoding="utf-8")
    found = _searched(repo, ["content/ghi-chu"], [b"xa-thu", b"\\"])
    assert found == {f"content/ghi-chu/{name}" for name in ("c.yaml", "d.yaml", "e.yaml")} | {
        "content/ghi-chu/lien-ket.yaml"
    }
    assert _searched(repo, ["content/ghi-chu"], [b"khong-co-dau"]) == {
        "content/ghi-chu/lien-ket.yaml"
    }
    assert _searched(repo, [], [b"xa-thu"]) == set()
    # Not a working tree: the caller reads the files itself.
    alone = tmp_path / "alone"
    shutil.copytree(folder, alone / "content" / "ghi-chu", symlinks=True)
    assert _searched(alone, ["content/ghi-chu"], [b"xa-thu"]) is None


def test_the_search_for_changed_units_starts_while_the_units_are_read(
    provinces: Path, grep_scan: str
) -> None:
    first, _ = layout(provinces).names()
    held = record_of(provinces, first, "conferences", "- to: ")
    agency, _ = value_at(provinces, held, "- to: ")
    unit = f"content/units/{agency}.yaml"

    def started() -> tuple[Report, worktree.Search | None]:
        changes, units = beside_units(
            provinces, lambda: changed_files(provinces, "HEAD"), False, "HEAD"
        )
        search = units.search
        fast = validate_changed(provinces, AS_OF, changes, units=units)
        whole = validate_changed(provinces, AS_OF, changes, load(provinces, cache=False))
        assert fast.to_dict()["problems"] == whole.to_dict()["problems"]
        return fast, search

    (provinces / unit).unlink()
    fast, search = started()
    assert ("unknown-reference", held) in {(p.code, p.path) for p in fast.problems}
    assert search is not None and search.covers(["content/conferences"], [agency.encode()])
    assert (held in (search.result() or ())) == (grep_scan == "git")
    # The unit takes another id: that one was not searched for, so it is searched again.
    git(provinces, "checkout", "-q", "--", ".")
    replace_line(provinces, unit, "id: ", "id: co-quan-doi-ten")
    fast, search = started()
    assert search is not None and not search.covers(["content/conferences"], [b"co-quan-doi-ten"])
    assert ("unknown-reference", held) in {(p.code, p.path) for p in fast.problems}
    # A change to a dialogue only: nothing is searched before the units are read.
    git(provinces, "checkout", "-q", "--", ".")
    replace_line(provinces, held, "invited_on: ", "invited_on: 2025-02-30")
    assert started()[1] is None
    # A unit and a rule profile: everything is loaded, and the search is stopped.
    git(provinces, "checkout", "-q", "--", ".")
    replace_line(provinces, unit, "id: ", "id: co-quan-doi-ten")
    with next((provinces / "content/rules").glob("*.yaml")).open("a", encoding="utf-8") as profile:
        profile.write("# sửa đổi\n")
    fast, search = started()
    assert "provinces_loaded" not in fast.stats
    assert search is not None and all(p.poll() is not None for p in search._processes)


def _searched(root: Path, folders: list[str], needles: list[bytes]) -> set[str] | None:
    return worktree.Search(root, folders, needles).result()
