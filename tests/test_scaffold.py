"""danbiet new: canonical, schema-shaped skeletons whose blanks validate reports; appends that
change nothing else; refusals that write nothing."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import AS_OF, line_of

from danbiet import records, scaffold
from danbiet.fmt import format_text, format_tree, schema_comment
from danbiet.safeyaml import load_text
from danbiet.validate import validate

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "publishing"
REPOSITORY = Path(__file__).resolve().parents[1]
CONF = "content/conferences/xa-thu/2026-03-12.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "records"
    shutil.copytree(FIXTURE, target)
    return target


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def node_of(rel: str) -> records.Node:
    found = records.classify(rel.removeprefix("content/"))
    assert found is not None
    return found[0].node


def assert_canonical(root: Path, rel: str) -> str:
    text = (root / rel).read_text(encoding="utf-8")
    assert format_text(text, node_of(rel), rel) == text, f"{rel} is not canonical"
    assert text.splitlines()[0] == schema_comment(rel)
    return text


def json_schema_errors(rel: str, data: object) -> list[tuple[str, str]]:
    """(path, validator) of the JSON Schema errors of DATA, or skip without jsonschema."""
    jsonschema = pytest.importorskip("jsonschema")
    found = records.classify(rel.removeprefix("content/"))
    assert found is not None
    schema = json.loads((REPOSITORY / f"schemas/json/{found[0].name}.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    return sorted(
        (".".join(str(p) for p in error.absolute_path), error.validator)
        for error in validator.iter_errors(data)
    )


# -- new records ----------------------------------------------------------------------------


def test_new_conference_writes_a_canonical_skeleton(root, cli):
    result = cli("new", "conference", "--unit", "xa-thu", "--date", "2026-11-05", "--root", root)
    rel = "content/conferences/xa-thu/2026-11-05.yaml"
    assert result.rc == 0, result.err
    assert result.out == f"wrote {rel}: conference xa-thu.2026-11-05: fill in every '' value\n"
    text = assert_canonical(root, rel)
    data = load_text(text).data
    assert data["unit"] == "xa-thu" and data["held_on"] == "2026-11-05"
    assert data["kind"] == "dinh-ky"
    # Structure is right (no unknown fields, right nesting): only the blanks are reported.
    report = validate(root, AS_OF)
    problems = [p for p in report.problems if p.path == rel]
    assert problems, "the blanks must be reported"
    assert {p.code for p in problems} <= {"missing-field", "constraint-error"}
    assert {p.field for p in problems} == {"title", "fields", "form", "outcome", "name", "role"}
    assert all(p.line == line_of(root, rel, f"{p.field}:") for p in problems if p.field != "name")
    # The editor's schema flags the same blanks, and nothing else.
    flagged = {path.split(".")[0] for path, _ in json_schema_errors(rel, data)}
    assert flagged == {"title", "fields", "form", "outcome", "chairs"}


def test_second_conference_on_the_same_day_gets_a_suffix(root, cli):
    for expected in ("2026-03-12-2.yaml", "2026-03-12-3.yaml"):
        result = cli("new", "conference", "--unit", "xa-thu", "--date", "2026-03-12",
                     "--kind", "dot-xuat", "--root", root)  # fmt: skip
        assert result.rc == 0
        assert result.out.startswith(f"wrote content/conferences/xa-thu/{expected}:")
    data = load_text((root / "content/conferences/xa-thu/2026-03-12-2.yaml").read_text()).data
    assert data["kind"] == "dot-xuat"
    assert (root / CONF).read_bytes() == (FIXTURE / CONF).read_bytes()  # never overwritten


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("xa-khong-co", "unknown unit 'xa-khong-co': there is no content/units/xa-khong-co.yaml"),
        ("xa-thuu", "did you mean xa-thu"),
        ("../../etc", "is not a unit code"),
        ("Xa Thu", "is not a unit code"),
        ("xa-thu/../../x", "is not a unit code"),
    ],
)
def test_unknown_units_are_refused_and_nothing_is_written(root, cli, unit, message):
    before = files(root)
    result = cli("new", "conference", "--unit", unit, "--date", "2026-11-05", "--root", root)
    assert result.rc == 1
    assert message in result.err
    assert files(root) == before


def test_new_plan_and_report(root, cli):
    result = cli("new", "plan", "--unit", "xa-khac", "--year", "2027", "--head", "chinh-quyen",
                 "--date", "2026-12-20", "--root", root)  # fmt: skip
    assert result.rc == 0, result.err
    plan = "content/plans/xa-khac/2027-chinh-quyen.yaml"
    data = load_text(assert_canonical(root, plan)).data
    assert (data["year"], data["registered_on"]) == (2027, "2026-12-20")
    result = cli("new", "report", "--unit", "xa-khac", "--period", "2026-q3",
                 "--date", "2026-09-10", "--root", root)  # fmt: skip
    assert result.rc == 0, result.err
    report = "content/reports/xa-khac/2026-q3.yaml"
    assert load_text(assert_canonical(root, report)).data["filed_on"] == "2026-09-10"
    codes = {p.code for p in validate(root, date(2027, 1, 1)).problems}
    assert codes <= {"missing-field"}
    # Existing plans and reports are never overwritten.
    before = files(root)
    result = cli("new", "report", "--unit", "xa-khac", "--period", "2026-q3", "--root", root)
    assert result.rc == 1 and "already exists" in result.err
    result = cli("new", "plan", "--unit", "xa-thu", "--year", "2026", "--head", "cap-uy",
                 "--root", root)  # fmt: skip
    assert result.rc == 1 and "never overwrites" in result.err
    assert files(root) == before


@pytest.mark.parametrize("period", ["2026-q5", "2026-h2", "26", "2026/q1", "../x"])
def test_bad_report_periods_are_refused(root, cli, period):
    result = cli("new", "report", "--unit", "xa-thu", "--period", period, "--root", root)
    assert result.rc == 1 and "not a report period" in result.err


# -- new entries ------------------------------------------------------------------------------


def appended(before: str, after: str) -> list[str]:
    """The lines AFTER adds to BEFORE, asserting nothing else changed."""
    old, new = before.splitlines(), after.splitlines()
    import difflib

    diff = list(difflib.ndiff(old, new))
    assert not [line for line in diff if line.startswith("- ")], "a published line changed"
    return [line[2:] for line in diff if line.startswith("+ ")]


def test_new_update_appends_and_changes_nothing_else(root, cli):
    before = (root / CONF).read_text(encoding="utf-8")
    result = cli("new", "update", "xa-thu.2026-03-12.2", "--status", "da-giai-quyet",
                 "--date", "2026-07-01", "--note", "Trại chăn nuôi đã di dời",
                 "--evidence", "Quyết định 77/QĐ-UBND", "--root", root)  # fmt: skip
    assert result.rc == 0, result.err
    line = line_of(root, CONF, "- date: 2026-07-01")
    assert result.out == (
        f"wrote {CONF}:{line}: update 2 of petition xa-thu.2026-03-12.2 (da-giai-quyet)\n"
    )
    after = assert_canonical(root, CONF)
    assert appended(before, after) == [
        "      - date: 2026-07-01",
        "        status: da-giai-quyet",
        "        note: Trại chăn nuôi đã di dời",
        "        evidence: Quyết định 77/QĐ-UBND",
    ]
    assert validate(root, AS_OF).problems == []


def test_dates_default_to_today_in_vietnam(root, cli, monkeypatch):
    monkeypatch.setattr(scaffold, "today", lambda: date(2026, 8, 8))
    result = cli("new", "update", "xa-thu.2026-03-12.1", "--status", "da-tra-loi", "--root", root)
    assert result.rc == 0
    assert "      - date: 2026-08-08\n        status: da-tra-loi\n" in (root / CONF).read_text()


def test_scaffold_today_is_a_date():
    assert isinstance(scaffold.today(), date)


def test_new_supervision_assignment_petition_and_correction(root, cli):
    before = (root / CONF).read_text(encoding="utf-8")
    steps = [
        ("supervision", "xa-thu.2026-03-12.2", "--by", "mttq-xa-thu", "--verdict", "xac-nhan",
         "--date", "2026-08-01", "--note", "Đã kiểm tra thực tế"),
        ("assignment", "xa-thu.2026-03-12.1", "--to", "phong-kinh-te-xa-thu",
         "--date", "2026-04-20", "--due", "2026-05-20", "--document-number", "40/UBND"),
        ("petition", "xa-thu.2026-03-12", "--raised", "tai-hoi-nghi", "--field", "giao-thong",
         "--petitioner-kind", "nhom", "--label", "Nhóm cử tri thôn Nam",
         "--summary", "Đề nghị lắp đèn đường"),
        ("correction", "xa-thu.2026-03-12", "--target", "petitions[0].summary",
         "--value", "Đề nghị cấp giấy chứng nhận quyền sử dụng đất ở", "--reason", "Ghi thiếu",
         "--date", "2026-04-01"),
    ]  # fmt: skip
    for args in steps:
        result = cli("new", *args, "--root", root)
        assert result.rc == 0, result.err
    after = assert_canonical(root, CONF)
    added = appended(before, after)
    assert "      - by: mttq-xa-thu" in added
    assert "      - to: phong-kinh-te-xa-thu" in added
    assert "  - no: 3" in added and "      label: Nhóm cử tri thôn Nam" in added
    assert "    target: petitions[0].summary" in added
    petition = load_text(after).data["petitions"][2]
    assert petition["within_authority"] == ""  # still to be filled in
    problems = validate(root, AS_OF).problems
    assert [(p.code, p.field) for p in problems] == [("missing-field", "within_authority")]
    assert problems[0].line == line_of(root, CONF, "within_authority: ''")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("update", "xa-thu.2026-03-12.9", "--status", "da-tra-loi"), "has no petition with no: 9"),
        (("update", "xa-thu.2026-04-01.1", "--status", "da-tra-loi"), "does not exist"),
        (("update", "../../etc.2026-03-12.1", "--status", "da-tra-loi"), "is not a petition id"),
        (("update", "xa-thu.2026-03-12/1", "--status", "da-tra-loi"), "is not a petition id"),
        (("supervision", "xa-thu.2026-03-12.1", "--by", "mttq-khac", "--verdict", "xac-nhan"),
         "unknown supervising organisation 'mttq-khac'"),
        (("assignment", "xa-thu.2026-03-12.1", "--to", "phong-khac"), "unknown agency"),
        (("correction", "xa-thu.2026-03-12", "--target", "petitions[7].summary",
          "--value", "x", "--reason", "y"), "does not name a value"),
        (("correction", "xa-thu.2026-03-12", "--target", "../x", "--value", "x", "--reason", "y"),
         "does not name a value"),
        (("petition", "xa-thu"), "is not a conference id"),
    ],
)  # fmt: skip
def test_refusals_write_nothing(root, cli, args, message):
    before = files(root)
    result = cli("new", *args, "--root", root)
    assert result.rc == 1
    assert message in result.err
    assert files(root) == before


def test_usage_errors_exit_2(root, cli):
    assert cli("new", "--root", root).rc == 2
    assert cli("new", "update", "xa-thu.2026-03-12.1", "--status", "xong", "--root", root).rc == 2
    assert cli("new", "conference", "--unit", "xa-thu", "--date", "2026-02-30").rc == 2
    assert cli("new", "supervision", "xa-thu.2026-03-12.1", "--by", "mttq-xa-thu").rc == 2


def test_a_broken_conference_file_is_reported_not_rewritten(root, cli):
    path = root / CONF
    path.write_text(path.read_text(encoding="utf-8") + "oops: &a 1\n", encoding="utf-8")
    before = path.read_bytes()
    result = cli("new", "update", "xa-thu.2026-03-12.1", "--status", "da-tra-loi", "--root", root)
    assert result.rc == 1
    assert f"{CONF}:{line_of(root, CONF, 'oops')}: [yaml-alias]" in result.err
    assert path.read_bytes() == before


# -- the schema line -----------------------------------------------------------------------------


def test_schema_comment_paths():
    assert schema_comment("content/units/xa-thu.yaml") == (
        "# yaml-language-server: $schema=../../schemas/json/unit.schema.json"
    )
    assert schema_comment(CONF) == (
        "# yaml-language-server: $schema=../../../schemas/json/conference.schema.json"
    )
    assert schema_comment("content/rules/qd-son-la.yaml") is None


def test_schema_comment_points_at_the_generated_files():
    for kind in records.KINDS:
        rel = f"content/{kind.example}"
        relative = schema_comment(rel).split("$schema=")[1]
        target = Path(os.path.normpath((REPOSITORY / rel).parent / relative))
        assert target == REPOSITORY / f"schemas/json/{kind.name}.schema.json"
        assert target.is_file()


def test_fmt_puts_the_schema_line_first_and_keeps_other_comments(root):
    rel = "content/units/xa-khac.yaml"
    (root / rel).write_text(
        "# Ghi chú của văn phòng\n"
        "# yaml-language-server: $schema=../old/unit.json\n"
        "name: Xã Khác\nid: xa-khac\nlevel: xa\nparent: tinh-thu\nprofile: test-profile\n"
        "valid_from: 2025-07-01\n",
        encoding="utf-8",
    )
    results, problems = format_tree(root)
    assert problems == []
    [changed] = [r for r in results if r.changed]
    assert changed.formatted.splitlines()[:3] == [
        "# yaml-language-server: $schema=../../schemas/json/unit.schema.json",
        "# Ghi chú của văn phòng",
        "id: xa-khac",
    ]
