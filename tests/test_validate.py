"""danbiet.validate: the minimal project is clean; each mutation gives its code at its place.

Every test works on a fresh copy of tests/fixtures/minimal (the `project` fixture) and asserts on
problem codes, paths, lines and fields, never on message wording.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import (
    AGENCY,
    AS_OF,
    AS_OF_ARG,
    COMMUNE,
    CONFERENCE,
    FIXTURE_STATS,
    MINIMAL,
    PLAN,
    PROVINCE,
    REPORT,
    edit,
    line_of,
    only,
)

from danbiet.problems import ERROR, WARNING, Problem
from danbiet.validate import validate

CONFERENCE_ID = "xa-thu.2026-03-12"
LATE = date(2027, 12, 31)  # an as-of date after every date the tests write


def check(root: Path, as_of: date = AS_OF):
    return validate(root, as_of)


def where(problem: Problem) -> tuple[str | None, int | None, str | None]:
    return problem.path, problem.line, problem.field


# -- the fixture ------------------------------------------------------------------------------


def test_minimal_fixture_is_clean(project):
    report = check(project)
    assert report.problems == []
    assert report.valid
    assert report.errors == [] and report.warnings == []
    assert report.stats == FIXTURE_STATS
    assert report.to_dict() == {
        "valid": True,
        "errors": 0,
        "warnings": 0,
        "stats": FIXTURE_STATS,
        "problems": [],
    }


def test_fixture_in_place_is_clean_and_untouched():
    # Validation only reads: the checked-in fixture itself is valid.
    before = {p: p.read_bytes() for p in MINIMAL.rglob("*") if p.is_file()}
    report = check(MINIMAL)
    assert report.valid and report.problems == []
    assert {p: p.read_bytes() for p in MINIMAL.rglob("*") if p.is_file()} == before


# -- schema: one mutation per code --------------------------------------------------------------


def test_missing_field(project):
    entry = line_of(project, CONFERENCE, "unit: xa-thu")
    edit(project, CONFERENCE, "title: Đối thoại về đất đai và môi trường\n", "")
    problem = only(check(project), "missing-field")
    # A missing key is reported where its record starts.
    assert where(problem) == (CONFERENCE, entry, "title")
    assert problem.record == CONFERENCE_ID
    assert problem.severity == ERROR


def test_missing_field_of_a_nested_entry_is_at_the_entry(project):
    entry = line_of(project, CONFERENCE, "no: 2")
    edit(project, CONFERENCE, "    summary: Đề nghị xử lý mùi hôi từ trại chăn nuôi\n", "")
    problem = only(check(project), "missing-field")
    assert where(problem) == (CONFERENCE, entry, "summary")
    assert problem.record == f"{CONFERENCE_ID}.2"


@pytest.mark.parametrize(
    ("rel", "old", "new", "field", "value"),
    [
        (CONFERENCE, "issued_on: 2026-03-19", "issued_on: 2026-02-30", "issued_on", "2026-02-30"),
        (CONFERENCE, "attendance: 85", "attendance: nhiều", "attendance", "nhiều"),
        # YAML 1.2: `yes` is a string, so it is not a boolean.
        (CONFERENCE, "within_authority: true", "within_authority: yes", "within_authority", "yes"),
        (CONFERENCE, "fields: [dat-dai, moi-truong]", "fields: dat-dai", "fields", "dat-dai"),
        (PLAN, "year: 2026", "year: hai-nghin", "year", "hai-nghin"),
        (REPORT, "filed_on: 2026-07-05", "filed_on: 2026-13-05", "filed_on", "2026-13-05"),
    ],
    ids=["impossible-date", "word-in-attendance", "yes-is-not-bool", "list", "year", "month-13"],
)
def test_type_error(project, rel, old, new, field, value):
    edit(project, rel, old, new)
    problems = [p for p in check(project).problems if p.code == "type-error"]
    assert [where(p) for p in problems] == [(rel, line_of(project, rel, new), field)]
    assert value in problems[0].message


@pytest.mark.parametrize(
    ("old", "new", "field", "value"),
    [
        ("kind: chuyen-de", "kind: hop-bat-thuong", "kind", "hop-bat-thuong"),
        ("fields: [dat-dai, moi-truong]", "fields: [dat-dai, bay-bay]", "fields", "bay-bay"),
        ("role: chu-tich", "role: chu-nhiem", "role", "chu-nhiem"),
        ("verdict: khong-xac-nhan", "verdict: chua-ro", "verdict", "chua-ro"),
        ("attendance: 85", "attendance: -3", "attendance", "-3"),
    ],
    ids=["kind-enum", "unknown-field-value", "chair-role", "verdict", "negative"],
)
def test_constraint_error(project, old, new, field, value):
    edit(project, CONFERENCE, old, new)
    problem = only(check(project), "constraint-error")
    assert where(problem) == (CONFERENCE, line_of(project, CONFERENCE, new), field)
    assert value in problem.message


def test_unknown_field_typo(project):
    edit(project, CONFERENCE, "title: Đối", "titel: Đối")
    report = check(project)
    problem = only(report, "unknown-field")
    assert where(problem) == (CONFERENCE, line_of(project, CONFERENCE, "titel:"), "titel")
    assert "title" in problem.message  # points at the intended field
    # ... and the real field is then missing.
    assert only(report, "missing-field").field == "title"


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("  number: 12-TB/ĐU", "  numbr: 12-TB/ĐU", "numbr"),
        ("      label: Nhóm hộ dân", "      lable: Nhóm hộ dân", "petitioner.lable"),
        ("        note: Mùi hôi", "        notes: Mùi hôi", "notes"),
        ("    reason: Ghi", "    reasons: Ghi", "reasons"),
    ],
    ids=["notice", "group", "supervision", "correction"],
)
def test_unknown_field_in_nested_entries(project, old, new, field):
    edit(project, CONFERENCE, old, new)
    problem = only(check(project), "unknown-field")
    assert where(problem) == (CONFERENCE, line_of(project, CONFERENCE, new), field)


@pytest.mark.parametrize(
    ("rel", "old", "new", "field"),
    [
        (CONFERENCE, "unit: xa-thu", "unit: tinh-thu", "unit"),
        (CONFERENCE, "held_on: 2026-03-12", "held_on: 2026-03-13", "held_on"),
        (PLAN, "year: 2026", "year: 2027", "year"),
        (PLAN, "head: cap-uy", "head: chinh-quyen", "head"),
        (REPORT, "period: 2026-h1", "period: 2026-q1", "period"),
        (COMMUNE, "id: xa-thu", "id: xa-thu-cu", "id"),
    ],
)
def test_path_mismatch(project, rel, old, new, field):
    edit(project, rel, old, new)
    problem = only(check(project), "path-mismatch")
    assert where(problem) == (rel, line_of(project, rel, new), field)
    assert new.split(": ")[1] in problem.message


@pytest.mark.parametrize(
    ("rel", "old", "new", "field"),
    [
        (
            CONFERENCE,
            "  - to: phong-kinh-te-xa-thu\n        assigned_on: 2026-03-21",
            "  - to: phong-khong-co\n        assigned_on: 2026-03-21",
            "to",
        ),
        (COMMUNE, "parent: tinh-thu", "parent: tinh-khong-co", "parent"),
        (
            CONFERENCE,
            "      - by: mttq-xa-thu\n        date: 2026-06-01",
            "      - by: mttq-khac\n        date: 2026-06-01",
            "by",
        ),
        (CONFERENCE, "plan_id: xa-thu.2026.cap-uy", "plan_id: xa-thu.2026.chinh-quyen", "plan_id"),
        (
            PLAN,
            "conference_id: xa-thu.2026-03-12",
            "conference_id: xa-thu.2026-03-13",
            "conference_id",
        ),
        (REPORT, "unit: xa-thu", "unit: xa-khac", "unit"),
    ],
    ids=[
        "assignment-to",
        "unit-parent",
        "supervision-by",
        "plan-id",
        "planned-conference",
        "report-unit",
    ],
)
def test_unknown_reference(project, rel, old, new, field):
    edit(project, rel, old, new)
    report = check(project)
    needle = new.splitlines()[0].strip(" -")
    problem = only(report, "unknown-reference")
    assert where(problem) == (rel, line_of(project, rel, needle), field)
    assert needle.split(": ")[1] in problem.message
    # Path mismatches aside (report-unit), nothing else is wrong.
    assert {p.code for p in report.errors} <= {"unknown-reference", "path-mismatch"}


def test_duplicate_petition_number(project):
    second = line_of(project, CONFERENCE, "no: 2")
    edit(project, CONFERENCE, "no: 2", "no: 1")
    report = check(project)
    duplicates = [p for p in report.problems if p.code == "duplicate-id"]
    assert (CONFERENCE, second) in [(p.path, p.line) for p in duplicates]
    at_second = next(p for p in duplicates if p.line == second)
    assert at_second.record == f"{CONFERENCE_ID}.1"


def test_duplicate_unit_id(project):
    (project / "content/units/xa-thu-2.yaml").write_text(
        (project / COMMUNE).read_text(encoding="utf-8"), encoding="utf-8"
    )
    report = check(project)
    assert "duplicate-id" in report.codes()
    assert only(report, "path-mismatch").path == "content/units/xa-thu-2.yaml"


# -- cross-record rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "old", "new", "fields"),
    [
        # The notice is issued before the conference.
        (CONFERENCE, "issued_on: 2026-03-19", "issued_on: 2026-03-10", {"issued_on"}),
        # An update before its petition's assignment (petition 2 assigned on 2026-03-21).
        (CONFERENCE, "date: 2026-04-10", "date: 2026-03-15", {"date"}),
        # Updates out of order (the first update of petition 1 is 2026-04-02).
        (CONFERENCE, "date: 2026-04-15", "date: 2026-03-30", {"date"}),
        # The invitation is sent after the conference.
        (CONFERENCE, "invited_on: 2026-03-02", "invited_on: 2026-03-13", {"invited_on", "held_on"}),
        (CONFERENCE, "sent_up_on: 2026-03-20", "sent_up_on: 2026-03-18", {"sent_up_on"}),
        (CONFERENCE, "assigned_on: 2026-03-20", "assigned_on: 2026-03-11", {"assigned_on"}),
        (CONFERENCE, "due_on: 2026-04-20", "due_on: 2026-03-19", {"due_on"}),
        (CONFERENCE, "date: 2026-05-10", "date: 2026-03-01", {"date"}),
        (CONFERENCE, "date: 2026-03-25", "date: 2026-03-11", {"date"}),
        (CONFERENCE, "received_on: 2026-03-01", "received_on: 2026-03-13", {"received_on"}),
        (PLAN, "registered_on: 2026-01-15", "registered_on: 2027-01-15", {"registered_on"}),
    ],
    ids=[
        "notice-before-conference",
        "update-before-assignment",
        "updates-out-of-order",
        "invitation-after-conference",
        "sent-up-before-issued",
        "assigned-before-conference",
        "due-before-assigned",
        "supervision-before-conference",
        "correction-before-conference",
        "received-after-conference",
        "plan-registered-after-its-year",
    ],
)
def test_chronology(project, rel, old, new, fields):
    edit(project, rel, old, new)
    report = check(project, LATE)  # nothing is in the future, so only the order matters
    problem = only(report, "chronology")
    assert problem.path == rel
    assert problem.field in fields
    needle = new if new.startswith(f"{problem.field}:") else f"{problem.field}:"
    assert problem.line == line_of(project, rel, needle)
    assert report.codes() == ["chronology"]


def test_future_date(project):
    edit(project, CONFERENCE, "date: 2026-04-15", "date: 2026-12-01")
    problem = only(check(project), "future-date")
    assert where(problem) == (CONFERENCE, line_of(project, CONFERENCE, "2026-12-01"), "date")
    assert problem.record == f"{CONFERENCE_ID}.1/updates[2]"
    assert "2026-12-01" in problem.message


def test_future_date_depends_on_as_of(project):
    assert check(project, date(2026, 7, 5)).problems == []  # the last event of the fixture
    assert only(check(project, date(2026, 7, 4)), "future-date").path == REPORT
    report = check(project, date(2026, 5, 9))
    assert report.codes() == ["future-date"] * len(report.problems)
    assert {p.line for p in report.problems} == {
        line_of(project, CONFERENCE, "date: 2026-05-10"),
        line_of(project, CONFERENCE, "date: 2026-06-01"),
        line_of(project, REPORT, "filed_on"),
    }


def test_plans_and_deadlines_may_lie_in_the_future(project):
    edit(project, PLAN, "planned_on: 2026-09-15", "planned_on: 2027-02-01")
    edit(project, CONFERENCE, "due_on: 2026-04-20", "due_on: 2027-01-05")
    edit(project, COMMUNE, "valid_from: 2025-07-01", "valid_from: 2025-07-01\nvalid_to: 2030-12-31")
    assert check(project).problems == []


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (
            "  - to: phong-kinh-te-xa-thu\n        assigned_on: 2026-03-21",
            "  - to: ../../etc/passwd\n        assigned_on: 2026-03-21",
            "to",
        ),
        (
            "by: mttq-xa-thu\n        date: 2026-06-01",
            "by: /etc/mttq\n        date: 2026-06-01",
            "by",
        ),
        ("unit: xa-thu", "unit: Xa Thu", "unit"),
    ],
    ids=["dot-dot", "absolute", "spaces"],
)
def test_unsafe_id(project, old, new, field):
    edit(project, CONFERENCE, old, new)
    report = check(project)
    needle = new.splitlines()[0].strip(" -")
    problem = only(report, "unsafe-id")
    assert where(problem) == (CONFERENCE, line_of(project, CONFERENCE, needle), field)
    assert needle.split(": ")[1] in problem.message


def test_unit_inactive_before_valid_from(project):
    edit(project, COMMUNE, "valid_from: 2025-07-01", "valid_from: 2026-04-01")
    problem = only(check(project), "unit-inactive")
    assert where(problem) == (CONFERENCE, line_of(project, CONFERENCE, "held_on:"), "held_on")
    assert problem.record == CONFERENCE_ID


def test_unit_inactive_after_valid_to(project):
    edit(project, COMMUNE, "valid_from: 2025-07-01", "valid_from: 2025-07-01\nvalid_to: 2026-01-01")
    problem = only(check(project), "unit-inactive")
    assert where(problem) == (CONFERENCE, line_of(project, CONFERENCE, "held_on:"), "held_on")


def test_missing_minutes(project):
    edit(project, CONFERENCE, "outcome: thanh", "outcome: khong-thanh")
    problem = only(check(project), "missing-minutes")
    assert where(problem) == (CONFERENCE, line_of(project, CONFERENCE, "outcome:"), "outcome")


def test_failed_dialogue_with_minutes_is_fine(project):
    edit(
        project,
        CONFERENCE,
        "outcome: thanh",
        "outcome: khong-thanh\nminutes:\n  number: 01/BB\n  url: https://xa-thu.gov.vn/bb-01",
    )
    assert check(project).problems == []


def test_missing_profile(project):
    edit(project, COMMUNE, "profile: test-profile\n", "")
    problem = only(check(project), "missing-field")
    assert where(problem) == (COMMUNE, 2, "profile")


def test_unknown_profile_when_rules_exist(project):
    rules = project / "content" / "rules"
    rules.mkdir()
    (rules / "other-profile.yaml").write_text("id: other-profile\n", encoding="utf-8")
    problems = [p for p in check(project).problems if p.code == "unknown-profile"]
    assert sorted(where(p) for p in problems) == [
        (PROVINCE, line_of(project, PROVINCE, "profile:"), "profile"),
        (COMMUNE, line_of(project, COMMUNE, "profile:"), "profile"),
    ]


def test_supervisor_level_is_a_warning(project):
    edit(
        project,
        CONFERENCE,
        "- by: mttq-xa-thu\n        date: 2026-05-10",
        "- by: phong-kinh-te-xa-thu\n        date: 2026-05-10",
    )
    report = check(project)
    problem = only(report, "supervisor-level")
    assert problem.severity == WARNING
    assert where(problem) == (
        CONFERENCE,
        line_of(project, CONFERENCE, "date: 2026-05-10") - 1,
        "by",
    )
    assert report.valid and report.errors == []


def test_forwarded_to_missing_is_a_warning(project):
    entry = line_of(project, CONFERENCE, "within_authority: false")
    edit(project, CONFERENCE, "    forwarded_to: Sở Nông nghiệp và Môi trường tỉnh Thử\n", "")
    report = check(project)
    problem = only(report, "forwarded-to-missing")
    assert problem.severity == WARNING
    assert where(problem) == (CONFERENCE, entry, "within_authority")
    assert report.valid


# -- files and structure --------------------------------------------------------------------------


def test_bad_paths(project):
    units = project / "content" / "units"
    (units / "Bad Name.yaml").write_text("id: bad-name\n", encoding="utf-8")
    (units / "xa-moi.yml").write_text("id: xa-moi\n", encoding="utf-8")
    (project / "content" / "misc").mkdir()
    (project / "content" / "misc" / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (project / "content" / "conferences" / "xa-thu" / "hop-thang-ba.yaml").write_text("a: 1\n")
    (units / "notes.txt").write_text("not a record\n", encoding="utf-8")  # ignored
    report = check(project)
    assert sorted(where(p) for p in report.problems) == [
        ("content/conferences/xa-thu/hop-thang-ba.yaml", None, None),
        ("content/misc/a.yaml", None, None),
        ("content/units/Bad Name.yaml", None, None),
        ("content/units/xa-moi.yml", None, None),
    ]
    assert set(report.codes()) == {"bad-path"}
    assert report.stats == FIXTURE_STATS  # misplaced files are not loaded


def test_symlink_to_etc_passwd_is_refused_and_never_read(project):
    link = project / "content" / "units" / "passwd.yaml"
    os.symlink("/etc/passwd", link)
    report = check(project)
    problem = only(report, "unsafe-path")
    assert problem.path == "content/units/passwd.yaml"
    assert [p.path for p in report.problems] == [problem.path]
    assert report.stats == FIXTURE_STATS
    passwd = Path("/etc/passwd")
    secrets = passwd.read_text(errors="replace").splitlines() if passwd.exists() else []
    for text in (problem.message, problem.format(), json.dumps(report.to_dict())):
        for secret in secrets:
            if secret.strip():
                assert secret not in text


def test_symlinked_folder_and_dangling_link_are_refused(project):
    os.symlink("/etc", project / "content" / "conferences" / "etc")
    os.symlink(project / "missing.yaml", project / "content" / "units" / "dangling.yaml")
    report = check(project)
    assert sorted(where(p) for p in report.problems) == [
        ("content/conferences/etc", None, None),
        ("content/units/dangling.yaml", None, None),
    ]
    assert set(report.codes()) == {"unsafe-path"}


def test_symlink_inside_content_is_read(project):
    os.symlink(project / COMMUNE, project / "content" / "units" / "xa-thu-2.yaml")
    report = check(project)
    assert "unsafe-path" not in report.codes()
    assert only(report, "path-mismatch").path == "content/units/xa-thu-2.yaml"


def test_wrong_type_petitions_as_a_mapping(project):
    path = project / CONFERENCE
    text = path.read_text(encoding="utf-8")
    start, end = text.index("petitions:\n"), text.index("corrections:\n")
    path.write_text(
        text[:start] + "petitions:\n  first: Đề nghị\n  second: Đề nghị khác\n" + text[end:],
        encoding="utf-8",
    )
    report = check(project)
    problem = only(report, "wrong-type")
    assert where(problem) == (CONFERENCE, line_of(project, CONFERENCE, "petitions:"), "petitions")
    assert report.stats["petitions"] == 0 and report.stats["conferences"] == 1


@pytest.mark.parametrize(
    ("old", "new", "field", "needle"),
    [
        (
            "    petitioner:\n      kind: nhom\n      label: Nhóm hộ dân thôn Tây\n",
            "    petitioner: Nhóm hộ dân thôn Tây\n",
            "petitioner",
            "petitioner: Nhóm",
        ),
        (
            "notice:\n  number: 12-TB/ĐU\n  issued_on: 2026-03-19\n  signer: Trần Thị Bình, Bí thư "
            "Đảng ủy xã\n  url: https://xa-thu.gov.vn/tb-12\n  sent_up_on: 2026-03-20\n",
            "notice: 12-TB/ĐU\n",
            "notice",
            "notice:",
        ),
        (
            "  - name: Lê Văn Cường\n    role: chu-tich\n    position: Chủ tịch UBND xã Thử\n",
            "  - Lê Văn Cường\n",
            "chairs[1]",
            "- Lê Văn Cường",
        ),
    ],
    ids=["group", "notice", "chair"],
)
def test_wrong_type_of_nested_entries(project, old, new, field, needle):
    edit(project, CONFERENCE, old, new)
    problem = only(check(project), "wrong-type")
    assert where(problem) == (CONFERENCE, line_of(project, CONFERENCE, needle), field)


def test_record_file_that_is_not_a_mapping(project):
    (project / REPORT).write_text("- unit: xa-thu\n- period: 2026-h1\n", encoding="utf-8")
    problem = only(check(project), "wrong-type")
    assert where(problem) == (REPORT, 1, None)


def test_no_content_folder(tmp_path):
    report = check(tmp_path)
    assert report.codes() == ["no-content"]
    assert not report.valid


def test_every_problem_of_a_file_is_reported(project):
    edit(project, CONFERENCE, "kind: chuyen-de", "kind: hop-bat-thuong")
    edit(project, CONFERENCE, "attendance: 85", "attendance: nhiều")
    edit(project, CONFERENCE, "issued_on: 2026-03-19", "issued_on: 2026-03-10")
    report = check(project)
    assert sorted((p.code, p.line, p.field) for p in report.problems) == [
        ("chronology", line_of(project, CONFERENCE, "issued_on:"), "issued_on"),
        ("constraint-error", line_of(project, CONFERENCE, "kind: hop-bat-thuong"), "kind"),
        ("type-error", line_of(project, CONFERENCE, "attendance:"), "attendance"),
    ]


def test_two_mutations_give_two_problems(project):
    edit(project, CONFERENCE, "venue:", "venu:")
    edit(project, CONFERENCE, "date: 2026-04-15", "date: 2026-12-01")
    report = check(project)
    assert sorted((p.code, p.field) for p in report.problems) == [
        ("future-date", "date"),
        ("unknown-field", "venu"),
    ]
    assert {p.path for p in report.problems} == {CONFERENCE}


# -- hostile files: everything reported in one run ------------------------------------------------


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_hostile_files_are_all_reported_in_one_run(project, tmp_path):
    folder = project / "content" / "conferences" / "xa-thu"
    marker = tmp_path / "pwned"
    hostile: dict[str, tuple[bytes, str, int | None]] = {
        "2026-04-01.yaml": (_alias_bomb().encode(), "yaml-alias", 1),
        "2026-04-02.yaml": (
            f'unit: xa-thu\nnote: !!python/object/apply:os.system ["echo x > {marker}"]\n'.encode(),
            "yaml-tag",
            2,
        ),
        "2026-04-03.yaml": (
            b"unit: xa-thu\nfields: " + b"[" * 10_000 + b"]" * 10_000,
            "too-deep",
            2,
        ),
        "2026-04-04.yaml": (
            "unit: xa-thu\ntitle: Đối thoại\n".encode() + b"venue: H\xf4i\n",
            "not-utf8",
            3,
        ),
        "2026-04-05.yaml": (b"", "empty-file", 1),
        "2026-04-06.yaml": (b"   \n# only comments\n", "empty-file", 1),
        "2026-04-07.yaml": (b"summary: " + b"x" * (3 * 1024 * 1024) + b"\n", "too-large", None),
        "2026-04-08.yaml": (b"unit: xa-thu\n---\nunit: xa-thu\n", "multiple-documents", 2),
        "2026-04-09.yaml": (b"unit: xa-thu\nkind: dinh-ky\nunit: xa-thu\n", "duplicate-key", 3),
        "2026-04-10.yaml": (b"unit: xa-thu\nkind: dinh-ky\n  title: x\n", "yaml-syntax", 3),
        "2026-04-11.yaml": (b"- unit: xa-thu\n", "wrong-type", 1),
    }
    for name, (raw, _, _) in hostile.items():
        (folder / name).write_bytes(raw)
    # ... together with ordinary problems in other files.
    edit(project, AGENCY, "name:", "nam:")
    edit(project, PLAN, "target: 2", "target: 500")
    os.symlink("/etc/passwd", project / "content" / "units" / "passwd.yaml")
    (project / "content" / "units" / "xa-moi.yml").write_text("id: xa-moi\n", encoding="utf-8")

    report = check(project)

    for name, (_, code, line) in hostile.items():
        rel = f"content/conferences/xa-thu/{name}"
        assert [(p.code, p.line) for p in report.problems if p.path == rel] == [(code, line)], rel
    assert where(only(report, "unknown-field")) == (AGENCY, line_of(project, AGENCY, "nam:"), "nam")
    assert where(only(report, "missing-field")) == (AGENCY, 2, "name")
    assert only(report, "constraint-error").path == PLAN
    assert only(report, "unsafe-path").path == "content/units/passwd.yaml"
    assert only(report, "bad-path").path == "content/units/xa-moi.yml"
    assert set(report.codes()) == {
        "yaml-alias",
        "yaml-tag",
        "too-deep",
        "not-utf8",
        "empty-file",
        "too-large",
        "multiple-documents",
        "duplicate-key",
        "yaml-syntax",
        "wrong-type",
        "unknown-field",
        "missing-field",
        "constraint-error",
        "unsafe-path",
        "bad-path",
    }
    # The good records are still loaded and checked.
    assert report.stats["conferences"] == 1 and report.stats["petitions"] == 2
    assert report.stats["files"] == FIXTURE_STATS["files"] + 1  # + the readable list file
    assert not marker.exists()


# -- the command line -----------------------------------------------------------------------------


def test_cli_clean_project(project, cli):
    result = cli("validate", project, "--as-of", AS_OF_ARG)
    assert result.rc == 0
    assert result.out == ""
    assert "0 errors" in result.err and "7 record files" in result.err


def test_cli_findings_exit_1_with_one_line_per_problem(project, cli):
    edit(project, CONFERENCE, "kind: chuyen-de", "kind: hop-bat-thuong")
    edit(project, COMMUNE, "parent: tinh-thu", "parent: tinh-khong-co")
    result = cli("validate", project, "--as-of", AS_OF_ARG)
    assert result.rc == 1
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert re.match(rf"{re.escape(CONFERENCE)}:3: \[constraint-error\] ", lines[0])
    assert re.match(rf"{re.escape(COMMUNE)}:5: \[unknown-reference\] ", lines[1])
    assert "2 errors" in result.err


def test_cli_json_equals_the_library_report(project, cli):
    result = cli("validate", project, "--as-of", AS_OF_ARG, "--format", "json")
    assert result.rc == 0
    assert json.loads(result.out) == check(project).to_dict()

    edit(project, CONFERENCE, "titl", "titel")
    edit(project, CONFERENCE, "date: 2026-04-15", "date: 2026-12-01")
    (project / "content" / "units" / "Bad.yaml").write_text("id: bad\n", encoding="utf-8")
    result = cli("validate", project, "--as-of", AS_OF_ARG, "--format", "json")
    assert result.rc == 1
    payload = json.loads(result.out)
    assert payload == check(project).to_dict()
    assert payload["valid"] is False and payload["errors"] == 4
    assert [p["code"] for p in payload["problems"]] == [
        "missing-field",
        "unknown-field",
        "future-date",
        "bad-path",
    ]


def test_cli_as_of_is_honoured(project, cli):
    result = cli("validate", project, "--as-of", "2026-05-09", "--format", "json")
    assert result.rc == 1
    assert json.loads(result.out) == check(project, date(2026, 5, 9)).to_dict()


def test_cli_warnings_pass_unless_strict(project, cli):
    edit(project, CONFERENCE, "    forwarded_to: Sở Nông nghiệp và Môi trường tỉnh Thử\n", "")
    result = cli("validate", project, "--as-of", AS_OF_ARG)
    assert result.rc == 0
    assert "[forwarded-to-missing] warning: " in result.out
    assert cli("validate", project, "--as-of", AS_OF_ARG, "--strict").rc == 1


def test_cli_without_content_exits_1(tmp_path, cli):
    result = cli("validate", tmp_path, "--as-of", AS_OF_ARG, "--format", "json")
    assert result.rc == 1
    assert [p["code"] for p in json.loads(result.out)["problems"]] == ["no-content"]


def test_cli_validates_the_current_folder_by_default(project, cli, monkeypatch):
    monkeypatch.chdir(project)
    assert cli("validate", "--as-of", AS_OF_ARG).rc == 0


@pytest.mark.parametrize(
    "args",
    [
        ["--as-of", "2026-02-30"],
        ["--as-of", "20-11-2026"],
        ["--as-of"],
        ["--format", "xml"],
        ["--frobnicate"],
        ["one", "two"],
    ],
    ids=[
        "impossible-as-of",
        "wrong-order-as-of",
        "as-of-without-value",
        "format",
        "option",
        "args",
    ],
)
def test_cli_usage_errors_exit_2(project, cli, args):
    result = cli("validate", project, *args)
    assert result.rc == 2
    assert result.out == ""
    assert "usage:" in result.err


# -- known bugs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "old", "new", "field"),
    [
        pytest.param(
            COMMUNE,
            "id: xa-thu",
            "id: [xa-thu]",
            "id",
            id="unit-id-list",
        ),
        pytest.param(
            CONFERENCE,
            "unit: xa-thu",
            "unit: [xa-thu]",
            "unit",
            id="conference-unit-list",
        ),
        pytest.param(
            CONFERENCE,
            "- by: mttq-xa-thu\n        date: 2026-05-10",
            "- by: [mttq-xa-thu]\n        date: 2026-05-10",
            "by",
            id="supervision-by-list",
        ),
        pytest.param(
            CONFERENCE,
            "plan_id: xa-thu.2026.cap-uy",
            "plan_id: {plan: xa-thu.2026.cap-uy}",
            "plan_id",
            id="plan-id-mapping",
        ),
    ],
)
def test_non_scalar_reference_is_reported_not_raised(project, rel, old, new, field):
    edit(project, rel, old, new)
    report = check(project)  # validate() must never raise on bad content
    assert (rel, field) in [(p.path, p.field) for p in report.errors]


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("issued_on: 2026-03-19", "issued_on: 2026-3-1", "issued_on"),  # before the conference
        ("date: 2026-04-15", "date: 2026-12-1", "date"),  # after as-of
    ],
    ids=["notice-before-conference", "future-update"],
)
def test_date_without_zero_padding_is_reported(project, old, new, field):
    edit(project, CONFERENCE, old, new)
    report = check(project)
    assert (CONFERENCE, line_of(project, CONFERENCE, new), field) in [
        where(p) for p in report.errors
    ]


def test_content_folder_symlinked_outside_the_repository(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    os.symlink(MINIMAL / "content", root / "content")
    report = check(root)
    assert "unsafe-path" in report.codes()
