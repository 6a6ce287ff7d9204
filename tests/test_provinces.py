"""`validate`, `deadlines` and `export` of the whole repository, one province at a time
(danbiet.provinces): the same problems, obligations and files as with every record loaded at
once, on a two-province portal, broken in every way a province alone could see differently."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_shards import AS_OF, fresh_copy, git, portal  # noqa: F401 - the two-province portal
from test_validate_changed import conference_id, record_of, replace_line

from danbiet.cli import main
from danbiet.deadlines import deadlines
from danbiet.export import export, git_commit, table_rows, write_export
from danbiet.export.computed import HISTORY_TABLE, OBLIGATIONS_TABLE, VIETNAM
from danbiet.export.conferences import write_conferences
from danbiet.export.fragments import write_fragments
from danbiet.ledger import Ledger
from danbiet.loader import load
from danbiet.obligations import compute
from danbiet.problems import Report
from danbiet.provinces import validate_provinces
from danbiet.rules import load_profiles
from danbiet.shards import Split, every_shard, shard_name, split, unit_of, unit_shard
from danbiet.validate import validate
from danbiet.workdays import Calendar

CREATED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def layout(root: Path) -> Split:
    return split(root, cache=False)


def provinces(root: Path) -> list[str]:
    """The two provinces of the portal (other shards may be added by the breakages)."""
    found = [name for name in layout(root).names() if name.startswith("tinh-")]
    assert len(found) == 2
    return found


def units_of(root: Path, province: str) -> list[str]:
    """The units of PROVINCE but the province itself, sorted."""
    return sorted(u for u, top in layout(root).provinces.items() if top == province != u)


def plan_id(rel: str) -> str:
    unit, name = rel.removeprefix("content/plans/").removesuffix(".yaml").split("/")
    return f"{unit}.{name.replace('-', '.', 1)}"


# -- the ways a repository breaks -------------------------------------------------------------


def names_another_provinces_plan(root: Path) -> set[str]:
    first, second = provinces(root)
    held = record_of(root, first, "conferences", "plan_id: ")
    replace_line(root, held, "plan_id: ", f"plan_id: {plan_id(record_of(root, second, 'plans'))}")
    return {"other-province"}


def plans_another_provinces_conference(root: Path) -> set[str]:
    first, second = provinces(root)
    plan = record_of(root, first, "plans", "conference_id: ")
    elsewhere = conference_id(record_of(root, second, "conferences"))
    replace_line(root, plan, "conference_id: ", f"conference_id: {elsewhere}")
    return {"other-province"}


def names_a_broken_record_of_another_province(root: Path) -> set[str]:
    """The plan named is another province's, but its file does not parse: unknown."""
    first, second = provinces(root)
    theirs = record_of(root, second, "plans")
    held = record_of(root, first, "conferences", "plan_id: ")
    replace_line(root, held, "plan_id: ", f"plan_id: {plan_id(theirs)}")
    (root / theirs).write_text("unit: [\n", encoding="utf-8")
    return {"unknown-reference", "yaml-syntax"}


def assigns_to_another_province(root: Path) -> set[str]:
    first, second = provinces(root)
    held = record_of(root, first, "conferences", "- to: ")
    replace_line(root, held, "- to: ", f"- to: {units_of(root, second)[0]}")
    return {"other-province"}


def duplicates_a_unit_of_another_province(root: Path) -> set[str]:
    first, second = provinces(root)
    mine, taken = units_of(root, first)[-1], units_of(root, second)[0]
    replace_line(root, f"content/units/{mine}.yaml", "id: ", f"id: {taken}")
    return {"duplicate-id", "path-mismatch"}


def duplicates_a_petition(root: Path) -> set[str]:
    first, _ = provinces(root)
    held = record_of(root, first, "conferences", "  - no: 2\n")
    path = root / held
    path.write_text(path.read_text("utf-8").replace("  - no: 2\n", "  - no: 1\n"), "utf-8")
    return {"duplicate-id"}


def names_unknown_units(root: Path) -> set[str]:
    """An agency that does not exist, and records filed under a unit that does not: a shard of
    their own."""
    first, second = provinces(root)
    held = record_of(root, first, "conferences", "- to: ")
    replace_line(root, held, "- to: ", "- to: co-quan-khong-co")
    source = root / record_of(root, second, "conferences")
    stray = root / "content/conferences/xa-khong-co" / source.name
    stray.parent.mkdir()
    stray.write_text(source.read_text("utf-8"), encoding="utf-8")
    assert "xa-khong-co" in layout(root).names()
    return {"unknown-reference", "path-mismatch"}


def files_in_the_other_shard(root: Path) -> set[str]:
    """Files `split` cannot give a province (`shards.OTHER`), or gives none (shared)."""
    first, _ = provinces(root)
    source = root / record_of(root, first, "conferences")
    for rel in ("content/conferences/Xa_Sai/2025-01-05.yaml", "content/units/Tinh_Sai.yaml"):
        (root / rel).parent.mkdir(exist_ok=True)
        (root / rel).write_text(source.read_text("utf-8"), encoding="utf-8")
    (root / "content/ghi-chu.yaml").write_text("a: 1\n", encoding="utf-8")
    (root / "content/conferences/lac.yaml").write_text("a: 1\n", encoding="utf-8")
    assert "_khac" in layout(root).names()
    assert "content/ghi-chu.yaml" in layout(root).shared
    return {"bad-path"}


def breaks_yaml(root: Path) -> set[str]:
    first, second = provinces(root)
    (root / record_of(root, second, "conferences")).write_text("held_on: [\n", "utf-8")
    (root / f"content/units/{units_of(root, first)[0]}.yaml").write_text("id: [\n", "utf-8")
    return {"yaml-syntax", "unknown-reference"}


def misfiles_across_provinces(root: Path) -> set[str]:
    """A plan and a conference filed under a unit of one province that name a unit of the
    other in their own `unit` field: the yearly obligations of that unit use them (the plan
    stands for the one the unit lost)."""
    first, second = provinces(root)
    theirs = record_of(root, second, "plans")
    unit, name = theirs.removeprefix("content/plans/").removesuffix(".yaml").split("/")
    mine = next(
        rel
        for rel in layout(root).shards[first]
        if rel.startswith("content/plans/") and rel.endswith(f"/{name}.yaml")
    )
    (root / theirs).unlink()
    replace_line(root, mine, "unit: ", f"unit: {unit}")
    rel = record_of(root, second, "conferences", "unit: ")
    held = [u for u in units_of(root, first) if (root / f"content/conferences/{u}").is_dir()]
    replace_line(root, rel, "unit: ", f"unit: {held[0]}")
    return {"path-mismatch", "other-province"}


def links_outside_the_content(root: Path) -> set[str]:
    first, _ = provinces(root)
    folder = (root / record_of(root, first, "conferences")).parent
    os.symlink("/etc/hostname", folder / "2025-12-31-lien-ket.yaml")
    return {"unsafe-path"}


def starts_a_year_earlier(root: Path) -> set[str]:
    """A province holds a plan of the year before every other record (valid): every unit of
    every province owes that year's plans and reports too."""
    first, _ = provinces(root)
    rel = record_of(root, first, "plans")
    text = (root / rel).read_text("utf-8").replace("2025", "2024")
    (root / rel.replace("/2025-", "/2024-")).write_text(text, encoding="utf-8")
    return set()


def writes_another_year(root: Path) -> set[str]:
    """A plan's `year` earlier than its path says: the paths give the wrong first year."""
    first, _ = provinces(root)
    replace_line(root, record_of(root, first, "plans"), "year: ", "year: 2023")
    return {"path-mismatch"}


BREAKAGES = [
    names_another_provinces_plan,
    plans_another_provinces_conference,
    names_a_broken_record_of_another_province,
    assigns_to_another_province,
    duplicates_a_unit_of_another_province,
    duplicates_a_petition,
    names_unknown_units,
    files_in_the_other_shard,
    breaks_yaml,
    misfiles_across_provinces,
    links_outside_the_content,
    starts_a_year_earlier,
    writes_another_year,
]


@pytest.fixture
def root(portal: Path, tmp_path: Path) -> Path:  # noqa: F811 - the fixture of test_shards
    return fresh_copy(portal, tmp_path / "portal")


# -- validate ----------------------------------------------------------------------------------


def same_validation(root: Path) -> Report:
    """The report by province, which must be that of every record loaded at once."""
    whole = validate(root, AS_OF, load(root, cache=False))
    by_province = validate_provinces(root, AS_OF, cache=False)
    assert by_province.to_dict() == whole.to_dict()
    assert [p.format() for p in by_province.sorted()] == [p.format() for p in whole.sorted()]
    assert sorted(by_province.problems, key=repr) == sorted(whole.problems, key=repr)
    return by_province


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__)
def test_validation_by_province_equals_the_whole(
    root: Path, breakage: Callable[[Path], set[str]]
) -> None:
    codes = breakage(root)
    report = same_validation(root)
    assert codes <= {p.code for p in report.problems}, report.codes()


def test_every_breakage_at_once(root: Path) -> None:
    expected: set[str] = set()
    for breakage in BREAKAGES:
        expected |= breakage(root)
    report = same_validation(root)
    assert expected <= set(report.codes())
    # twice through the parse cache: the same report
    assert validate_provinces(root, AS_OF).to_dict() == report.to_dict()
    assert validate_provinces(root, AS_OF).to_dict() == report.to_dict()


def test_a_clean_portal_counts_what_the_whole_counts(root: Path) -> None:
    report = same_validation(root)
    assert report.problems == [] and report.stats["files"] > report.stats["units"] > 0
    assert report.stats["conferences"] == len(load(root, cache=False).tables["conferences"])


def test_a_reference_across_provinces_is_resolved_by_validating_again(root: Path) -> None:
    first, second = provinces(root)
    held = record_of(root, first, "conferences", "plan_id: ")
    theirs = record_of(root, second, "plans")
    line = replace_line(root, held, "plan_id: ", f"plan_id: {plan_id(theirs)}")
    report = same_validation(root)
    assert [(p.code, p.path, p.line) for p in report.problems] == [("other-province", held, line)]
    # named as an id of its own province, the plan is simply unknown
    replace_line(root, held, "plan_id: ", f"plan_id: {plan_id(theirs)}x")
    assert {p.code for p in same_validation(root).problems} == {"unknown-reference"}


def test_the_frictionless_engine_loads_everything(root: Path) -> None:
    names_another_provinces_plan(root)
    whole = validate(root, AS_OF, load(root, cache=False), "frictionless")
    assert validate_provinces(root, AS_OF, "frictionless", cache=False).to_dict() == whole.to_dict()
    with pytest.raises(ValueError, match="compiled engine"):
        validate(root, AS_OF, load(root, cache=False), "frictionless", named_only=("units",))


def test_no_units_and_no_content(tmp_path: Path) -> None:
    (tmp_path / "bare" / "content").mkdir(parents=True)
    (tmp_path / "bare" / "content" / "lac.yaml").write_text("a: 1\n", encoding="utf-8")
    assert every_shard(layout(tmp_path / "bare")) == []
    assert same_validation(tmp_path / "bare").codes() == ["bad-path"]
    (tmp_path / "none").mkdir()
    assert same_validation(tmp_path / "none").codes() == ["no-content"]


def test_cli_validate_reads_one_province_at_a_time(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    breaks_yaml(root)
    names_another_provinces_plan(root)
    whole = validate(root, AS_OF, load(root, cache=False))
    args = ["validate", str(root), "--as-of", AS_OF.isoformat(), "--format", "json"]
    assert main([*args, "--no-cache"]) == 1
    assert json.loads(capsys.readouterr().out) == whole.to_dict()
    assert not (root / ".danbiet-cache").exists()
    assert main(args) == 1
    assert json.loads(capsys.readouterr().out) == whole.to_dict()
    # the parse cache of every province and of the units, as `danbiet build` keeps it
    kept = {p.name.split("-", 2)[2] for p in (root / ".danbiet-cache").glob("records-*")}
    assert kept == {"units.pickle", *(f"p-{name}.pickle" for name in provinces(root))}
    assert main(args[:-2]) == 1
    text = capsys.readouterr()
    assert text.out.splitlines() == [p.format() for p in whole.sorted()]
    assert f"{whole.stats['files']} record files" in text.err


# -- deadlines ---------------------------------------------------------------------------------


def same_deadlines(root: Path, unit: str | None = None) -> int:
    whole = deadlines(root, AS_OF, unit=unit, dataset=load(root, cache=False))
    by_province = deadlines(root, AS_OF, unit=unit)
    assert by_province.to_dict() == whole.to_dict()
    assert list(by_province.by_unit) == list(whole.by_unit)
    assert by_province.unit_names == whole.unit_names
    return len(whole.obligations)


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__)
def test_deadlines_by_province_equal_the_whole(
    root: Path, breakage: Callable[[Path], set[str]]
) -> None:
    before = same_deadlines(root)
    breakage(root)
    assert same_deadlines(root) > 0
    if breakage is starts_a_year_earlier:  # every unit owes the year before too
        assert same_deadlines(root) > before


def test_deadlines_of_a_unit_include_agencies_of_another_province(root: Path) -> None:
    first, second = provinces(root)
    agency = units_of(root, second)[0]
    held = record_of(root, first, "conferences", "- to: ")
    replace_line(root, held, "- to: ", f"- to: {agency}")
    misfiles_across_provinces(root)
    for unit in (first, second, agency):
        assert same_deadlines(root, unit) > 0
    report = deadlines(root, AS_OF, unit=agency)
    held_id = conference_id(held)
    assert any(o.conference == held_id and o.agency == agency for o in report.obligations)


def test_cli_deadlines_json_equals_the_whole(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    misfiles_across_provinces(root)
    whole = deadlines(root, AS_OF, dataset=load(root, cache=False))
    args = ["deadlines", str(root), "--as-of", AS_OF.isoformat(), "--format", "json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(whole.to_dict()))


# -- export ------------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def export_of_the_whole(root: Path, out: Path, ledger: Ledger | None = None) -> object:
    """The export of every record loaded at once, its rows grouped by province (in the order of
    the shards' names, as the site's du-lieu/ has them), each province's fragments joined."""
    data = load(root, cache=False)
    plan = layout(root)
    profiles = load_profiles(root)
    calendar = Calendar.load(root / "content/calendar")

    def published(key: str) -> date | None:
        commit = ledger.first_published(key) if ledger is not None else None
        return commit.committed_at.astimezone(VIETNAM).date() if commit else None

    obligations = compute(data, profiles, calendar, AS_OF, published if ledger else None)
    names = every_shard(plan)

    def of_path(rel: str) -> str:
        return shard_name(unit_of(rel) or "", plan.provinces)

    def of_id(record: str) -> str:  # a conference's or petition's id starts with its unit
        return shard_name(record.split(".", 1)[0], plan.provinces)

    grouped: dict[str, dict[str, list[dict[str, object]]]] = {name: {} for name in names}
    for table, rows in table_rows(data, obligations, ledger).items():
        if table == "units":
            pairs = zip(rows, data.sources["units"], strict=True)
            shards = [unit_shard(row, source, plan) for row, source in pairs]
        elif table == OBLIGATIONS_TABLE:
            shards = [
                of_id(str(row["conference"]))
                if row.get("conference")
                else shard_name(str(row["unit"]), plan.provinces)
                for row in rows
            ]
        elif table == HISTORY_TABLE:
            shards = [of_id(str(row["petition_id"])) for row in rows]
        else:
            shards = [of_path(source.path) for source in data.sources[table]]
        for name in names:
            grouped[name][table] = [row for row, s in zip(rows, shards, strict=True) if s == name]
    with tempfile.TemporaryDirectory() as work:
        for name in names:
            write_fragments(Path(work) / name, grouped[name])
        return write_export(
            out,
            [Path(work) / name for name in names],
            profiles,
            AS_OF,
            commit=git_commit(root),
            conferences=lambda staging: write_conferences(staging, data, obligations, AS_OF),
            created=CREATED,
            published=ledger is not None,
        )


def same_export(root: Path, tmp_path: Path) -> dict[str, bytes]:
    whole = export_of_the_whole(root, tmp_path / "whole")
    by_province = export(root, tmp_path / "by-province", AS_OF, created=CREATED)
    assert by_province == dataclasses.replace(whole, out=by_province.out)
    files = snapshot(tmp_path / "by-province")
    assert files == snapshot(tmp_path / "whole")
    return files


@pytest.mark.parametrize(
    "breakage",
    [
        None,
        starts_a_year_earlier,
        writes_another_year,
        misfiles_across_provinces,
        names_unknown_units,
        files_in_the_other_shard,
    ],
    ids=lambda f: f.__name__ if f else "clean",
)
def test_export_by_province_equals_the_whole(
    root: Path, tmp_path: Path, breakage: Callable[[Path], set[str]] | None
) -> None:
    if breakage is not None:
        breakage(root)
    files = same_export(root, tmp_path)
    obligations = files["obligations.csv"].decode("utf-8")
    if breakage is starts_a_year_earlier:
        first, second = provinces(root)
        assert f",plan,{second}," in obligations and ".2024." in obligations
    assert len(files) > 20


def test_cli_export_validates_by_province(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export", str(root), "--as-of", AS_OF.isoformat()]
    assert main([*args, "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    export_of_the_whole(root, tmp_path / "whole")
    exported = snapshot(tmp_path / "out")
    whole = snapshot(tmp_path / "whole")
    # the same rows in the same order: only the export's creation time differs
    for name in ("obligations.csv", "petitions.csv", "units.json", "status_history.csv"):
        assert exported[name] == whole[name], name
    assert sorted(exported) == sorted(whole)
    names_another_provinces_plan(root)
    breaks_yaml(root)
    report = validate(root, AS_OF, load(root, cache=False))
    assert main([*args, "--out", str(tmp_path / "refused")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:-1] == [p.format() for p in report.sorted()]
    assert err[-1].startswith(f"error: {len(report.errors)} errors in the records")
    assert not (tmp_path / "refused").exists()


def test_cli_export_git_loads_the_ledger_once_valid(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    ledger = Ledger.load(root)
    export_of_the_whole(root, tmp_path / "whole", ledger)
    by_province = export(root, tmp_path / "by-province", AS_OF, ledger, created=CREATED)
    assert by_province.published
    assert snapshot(tmp_path / "by-province") == snapshot(tmp_path / "whole")
    history = (tmp_path / "whole" / "status_history.csv").read_text("utf-8")
    assert git(root, "rev-parse", "HEAD") in history  # when each update was published
    args = ["export", str(root), "--as-of", AS_OF.isoformat(), "--git"]
    assert main([*args, "--out", str(tmp_path / "out")]) == 0
    for name in ("status_history.csv", "obligations.csv"):
        assert (tmp_path / "out" / name).read_text("utf-8") == (
            tmp_path / "whole" / name
        ).read_text("utf-8")
    # broken records: their problems, not the ledger's, even when there is no history
    shutil.rmtree(root / ".git")
    breaks_yaml(root)
    capsys.readouterr()
    assert main([*args, "--out", str(tmp_path / "refused")]) == 1
    err = capsys.readouterr().err
    assert "[yaml-syntax]" in err and "errors in the records" in err
    assert "git" not in err.splitlines()[-1]


def test_cli_export_reports_the_records_before_a_broken_calendar(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calendar = sorted((root / "content/calendar").glob("*.yaml"))[-1]
    year = int(calendar.stem)
    text = calendar.read_text("utf-8")
    calendar.write_text(text.replace(f"year: {year}\n", f"year: {year - 1}\n"), "utf-8")
    args = ["export", str(root), "--as-of", AS_OF.isoformat(), "--out", str(tmp_path / "out")]
    assert main(args) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and calendar.name in err[0]
    names_another_provinces_plan(root)  # broken records too: their problems, as before
    assert main(args) == 1
    err = capsys.readouterr().err.splitlines()
    assert "[other-province]" in err[0] and "errors in the records" in err[-1]
    assert not (tmp_path / "out").exists()
