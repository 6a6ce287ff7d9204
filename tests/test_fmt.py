"""danbiet.fmt: one canonical YAML text per record, stable, lossless and UTF-8."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import AS_OF, CONFERENCE, FIXTURE_STATS, MINIMAL, PLAN, RECORD_FILES, edit

from danbiet import records
from danbiet.fmt import format_text, format_tree
from danbiet.safeyaml import YamlError, load_text
from danbiet.validate import validate


def node_of(rel: str) -> records.Node:
    found = records.classify(rel.removeprefix("content/"))
    assert found is not None, rel
    return found[0].node


def without_nulls(value: Any) -> Any:
    """VALUE with the keys whose value is null removed (fmt drops them)."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


# -- stability and losslessness ----------------------------------------------------------------


@pytest.mark.parametrize("rel", RECORD_FILES)
def test_fixture_files_format_stably_and_losslessly(rel):
    text = (MINIMAL / rel).read_text(encoding="utf-8")
    once = format_text(text, node_of(rel))
    assert format_text(once, node_of(rel)) == once
    assert load_text(once).data == without_nulls(load_text(text).data)
    assert once.endswith("\n") and not once.endswith("\n\n")


def test_fixture_is_written_in_canonical_form():
    results, problems = format_tree(MINIMAL)
    assert problems == []
    assert sorted(r.path for r in results) == sorted(RECORD_FILES)
    changed = [r.path for r in results if r.changed]
    assert changed == [], "run `danbiet fmt tests/fixtures/minimal` to rewrite the fixture"


VARIANT = """\
# yaml-language-server: $schema=../../../schemas/conference.schema.json
petitions:
  - {summary: Đề nghị sửa đường liên thôn, field: giao-thong, no: 1, within_authority: true,
     raised: tai-hoi-nghi, petitioner: {label: Cử tri thôn Bắc, kind: ca-nhan},
     updates: [{status: dang-giai-quyet, date: "2026-04-02"}],
     assignments: [{assigned_on: '2026-03-20', to: phong-kinh-te-xa-thu}]}
outcome: thanh   # a comment that is not kept
notice: {issued_on: "2026-03-19", number: 12-TB/ĐU, summary: null}
venue: ~
form: truc-tiep
fields:
  - dat-dai
  - giao-thong
title: "Đối thoại về giao thông nông thôn"
held_on: "2026-03-12"
kind: chuyen-de
unit: xa-thu
chairs: [{role: bi-thu, name: Trần Thị Bình}]
minutes: {url: "https://xa-thu.gov.vn/bb-01", number: 01/BB}
summary: "Hội nghị diễn ra\\ntrong hai giờ"
"""

CANONICAL = """\
# yaml-language-server: $schema=../../../schemas/conference.schema.json
unit: xa-thu
kind: chuyen-de
held_on: 2026-03-12
title: Đối thoại về giao thông nông thôn
fields: [dat-dai, giao-thong]
form: truc-tiep
outcome: thanh
minutes:
  number: 01/BB
  url: https://xa-thu.gov.vn/bb-01
summary: |-
  Hội nghị diễn ra
  trong hai giờ
notice:
  number: 12-TB/ĐU
  issued_on: 2026-03-19
chairs:
  - name: Trần Thị Bình
    role: bi-thu
petitions:
  - no: 1
    raised: tai-hoi-nghi
    petitioner:
      kind: ca-nhan
      label: Cử tri thôn Bắc
    field: giao-thong
    summary: Đề nghị sửa đường liên thôn
    within_authority: true
    assignments:
      - to: phong-kinh-te-xa-thu
        assigned_on: 2026-03-20
    updates:
      - date: 2026-04-02
        status: dang-giai-quyet
"""


def test_shuffled_flow_style_quoted_dates_format_to_the_canonical_text():
    assert format_text(VARIANT, records.CONFERENCE) == CANONICAL


def test_canonical_text_is_a_fixed_point():
    assert format_text(CANONICAL, records.CONFERENCE) == CANONICAL


def test_formatting_keeps_the_data():
    assert load_text(CANONICAL).data == without_nulls(load_text(VARIANT).data)


def test_plan_groups_and_planned_conferences():
    text = (
        "conferences: [{topic: Đất đai, kind: chuyen-de, planned_on: '2026-03-12'}]\n"
        "document: {url: 'https://xa-thu.gov.vn/kh-05', number: 05-KH/ĐU}\n"
        "target: 2\nregistered_on: 2026-01-15\nhead: cap-uy\nyear: 2026\nunit: xa-thu\n"
    )
    assert format_text(text, records.PLAN) == (
        "unit: xa-thu\n"
        "year: 2026\n"
        "head: cap-uy\n"
        "registered_on: 2026-01-15\n"
        "document:\n"
        "  number: 05-KH/ĐU\n"
        "  url: https://xa-thu.gov.vn/kh-05\n"
        "target: 2\n"
        "conferences:\n"
        "  - planned_on: 2026-03-12\n"
        "    kind: chuyen-de\n"
        "    topic: Đất đai\n"
    )


def test_unknown_keys_are_kept_at_the_end():
    # fmt never loses data: a typo stays for validate to report.
    text = "titel: Đối thoại\nzeta: 1\nunit: xa-thu\n"
    assert format_text(text, records.CONFERENCE) == "unit: xa-thu\ntitel: Đối thoại\nzeta: 1\n"


# -- text ---------------------------------------------------------------------------------------


def test_vietnamese_text_stays_unescaped_utf8(tmp_path):
    text = 'name: "\\u0110\\u1ed1i tho\\u1ea1i"\nlabel: Công dân thôn Đông\n'
    out = format_text(text, None)
    assert out == "name: Đối thoại\nlabel: Công dân thôn Đông\n"
    assert "\\u" not in out and "\\x" not in out


def test_fmt_writes_utf8_bytes(project, cli):
    edit(project, CONFERENCE, "title: Đối thoại", 'title: "\\u0110\\u1ed1i tho\\u1ea1i')
    edit(project, CONFERENCE, " về đất đai và môi trường\n", ' về đất đai và môi trường"\n')
    assert cli("fmt", project).rc == 0
    raw = (project / CONFERENCE).read_bytes()
    assert "title: Đối thoại về đất đai và môi trường\n".encode() in raw


@pytest.mark.parametrize(
    "value",
    [
        "no",
        "yes",
        "on",
        "off",
        "No",
        "YES",
        "true",
        "False",
        "null",
        "~",
        "1",
        "-7",
        "1.5",
        "",
        "y",
    ],
)
def test_strings_that_look_like_other_scalars_are_quoted(value):
    text = f"note: '{value}'\n"
    out = format_text(text, None)
    assert load_text(out).data == {"note": value}
    if value in ("no", "yes", "on", "off"):
        assert out == f"note: '{value}'\n"


@pytest.mark.parametrize("value", ["no", "yes", "on", "off"])
def test_plain_yaml_11_booleans_stay_strings_after_formatting(value):
    out = format_text(f"note: {value}\n", None)
    assert out == f"note: '{value}'\n"
    assert load_text(out).data == {"note": value}


@pytest.mark.parametrize(
    "value",
    [
        "08",  # YAML 1.2 reads these plain as numbers: fmt must quote them
        "-08",
        "1e5",
        "+.5",
    ],
)
def test_strings_numeric_only_in_yaml_12_survive_formatting(value):
    # fmt's dumper quotes by YAML 1.1 rules; safeyaml reads by YAML 1.2 rules.
    out = format_text(f'number: "{value}"\n', None)
    assert load_text(out).data == {"number": value}


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-30",
        "12:30",
        "0x1F",
        "1_000",
        "012",
        "a: b",
        "- x",
        "#x",
        "x # y",
        "'quoted'",
        "Dòng 1\nDòng 2",
        "  thụt lề\ndòng sau",
        "dấu cách cuối   \ndòng sau",
        "kết thúc bằng xuống dòng\n",
        "tab\there",
    ],
)
def test_tricky_strings_round_trip(value):
    out = format_text(_dump_one(value), None)
    assert load_text(out).data == {"note": value}
    assert format_text(out, None) == out


def _dump_one(value: str) -> str:
    return f"note: {json.dumps(value, ensure_ascii=False)}\n"  # a JSON string is YAML too


def test_dates_are_written_plain():
    out = format_text("held_on: '2026-03-12'\nbad: \"2026-02-30\"\n", None)
    assert out == "held_on: 2026-03-12\nbad: 2026-02-30\n"
    assert load_text(out).data == {"held_on": "2026-03-12", "bad": "2026-02-30"}


# -- comments -----------------------------------------------------------------------------------


def test_leading_comment_lines_are_kept():
    text = (
        "# yaml-language-server: $schema=../../schemas/unit.schema.json\n"
        "# Đơn vị thử\n"
        "name: Xã Thử   # trailing comments go\n"
        "# inner comments go too\n"
        "id: xa-thu\n"
    )
    assert format_text(text, records.UNIT) == (
        "# yaml-language-server: $schema=../../schemas/unit.schema.json\n"
        "# Đơn vị thử\n"
        "id: xa-thu\n"
        "name: Xã Thử\n"
    )


def test_conference_fixture_keeps_its_schema_comment():
    text = (MINIMAL / CONFERENCE).read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: ")
    assert format_text(text, records.CONFERENCE).splitlines()[0] == first


# -- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a: &x 1\nb: *x\n", "yaml-alias"),
        ("a: !!python/object/apply:os.system ['true']\n", "yaml-tag"),
        ("", "empty-file"),
        ("a: 1\na: 2\n", "duplicate-key"),
    ],
)
def test_format_text_refuses_what_safeyaml_refuses(text, code):
    with pytest.raises(YamlError) as caught:
        format_text(text, None)
    assert caught.value.code == code


def test_format_tree_reports_unreadable_files_and_skips_others(project):
    folder = project / "content" / "conferences" / "xa-thu"
    (folder / "2026-04-01.yaml").write_text("a: &x 1\n", encoding="utf-8")
    (folder / "2026-04-02.yaml").write_bytes(b"title: H\xf4i\n")
    (project / "content" / "rules").mkdir()
    (project / "content" / "rules" / "test-profile.yaml").write_text("{id: test-profile}\n")
    (project / "content" / "units" / "Bad Name.yaml").write_text("{id: x}\n")
    results, problems = format_tree(project)
    assert sorted((p.code, p.path, p.line) for p in problems) == [
        ("not-utf8", "content/conferences/xa-thu/2026-04-02.yaml", 1),
        ("yaml-alias", "content/conferences/xa-thu/2026-04-01.yaml", 1),
    ]
    # Rule profiles and misplaced files keep their own layout.
    assert sorted(r.path for r in results) == sorted(RECORD_FILES)


# -- the command line ---------------------------------------------------------------------------


def test_fmt_check_shows_a_diff_then_fmt_fixes_it(project, cli):
    edit(
        project,
        CONFERENCE,
        "  - name: Trần Thị Bình\n    role: bi-thu\n    position: Bí thư Đảng ủy xã Thử\n",
        "  - {role: bi-thu, position: Bí thư Đảng ủy xã Thử, name: Trần Thị Bình}\n",
    )
    edit(project, PLAN, "year: 2026\nhead: cap-uy\n", "head: cap-uy\nyear: 2026\n")
    edit(project, PLAN, "target: 2\n", "target: 2\nnote: null\n")
    before = {rel: (project / rel).read_bytes() for rel in RECORD_FILES}

    result = cli("fmt", project, "--check")
    assert result.rc == 1
    assert result.out.startswith(f"--- {CONFERENCE} (as written)\n+++ {CONFERENCE} (canonical)\n")
    assert "\n@@ " in result.out
    assert (
        "\n-  - {role: bi-thu, position: Bí thư Đảng ủy xã Thử, name: Trần Thị Bình}\n"
        in result.out
    )
    assert "\n+  - name: Trần Thị Bình\n+    role: bi-thu\n" in result.out
    assert f"--- {PLAN} (as written)\n" in result.out
    assert "\n-note: null\n" in result.out
    assert "\n-year: 2026\n" in result.out and "\n+year: 2026\n" in result.out
    assert "2 of 7" in result.err
    assert {rel: (project / rel).read_bytes() for rel in RECORD_FILES} == before  # unchanged

    result = cli("fmt", project)
    assert result.rc == 0
    assert sorted(result.out.splitlines()) == [f"formatted {CONFERENCE}", f"formatted {PLAN}"]
    for rel in (CONFERENCE, PLAN):
        assert (project / rel).read_bytes() == (MINIMAL / rel).read_bytes()

    result = cli("fmt", project, "--check")
    assert (result.rc, result.out) == (0, "")
    report = validate(project, AS_OF)
    assert report.problems == [] and report.stats == FIXTURE_STATS


def test_fmt_check_on_a_canonical_project_is_quiet(project, cli):
    result = cli("fmt", "--check", project)
    assert (result.rc, result.out) == (0, "")


def test_fmt_exits_1_on_unreadable_files_without_touching_them(project, cli):
    broken = project / "content" / "conferences" / "xa-thu" / "2026-04-01.yaml"
    broken.write_text("unit: xa-thu\nnote: &x 1\n", encoding="utf-8")
    for args in (("fmt", project), ("fmt", project, "--check")):
        result = cli(*args)
        assert result.rc == 1
        assert "content/conferences/xa-thu/2026-04-01.yaml:2: [yaml-alias]" in result.err
        assert result.out == ""
    assert broken.read_text(encoding="utf-8") == "unit: xa-thu\nnote: &x 1\n"


def test_fmt_usage_errors_exit_2(project, cli):
    assert cli("fmt", project, "--chek").rc == 2
    assert cli("fmt", project, "extra").rc == 2


def test_fmt_defaults_to_the_current_folder(project, cli, monkeypatch):
    monkeypatch.chdir(project)
    assert cli("fmt", "--check").rc == 0


def test_formatted_files_are_valid_records(project, cli, tmp_path: Path):
    (project / PLAN).write_text(
        "conferences: [{topic: Đất đai và môi trường, kind: chuyen-de, planned_on: '2026-03-12',"
        " conference_id: xa-thu.2026-03-12}, {planned_on: 2026-09-15, kind: dinh-ky,"
        " topic: Đối thoại định kỳ}]\n"
        "document: {number: 05-KH/ĐU, url: https://xa-thu.gov.vn/kh-05}\n"
        "unit: xa-thu\nyear: 2026\nhead: cap-uy\nhead_name: Trần Thị Bình\n"
        "registered_on: '2026-01-15'\ntarget: 2\n",
        encoding="utf-8",
    )
    assert validate(project, AS_OF).problems == []
    assert cli("fmt", project).rc == 0
    assert (project / PLAN).read_text(encoding="utf-8") == (MINIMAL / PLAN).read_text(
        encoding="utf-8"
    )


def test_fmt_check_changed_looks_only_at_the_files_changed_since_a_revision(project, cli):
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)

    # an unformatted file that the change does not touch is not reported
    edit(project, CONFERENCE, "  sent_up_on: ", "  sent_up_on:   ")
    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.vn", "commit", "-qm", "base")
    edit(project, PLAN, "year: 2026\nhead: cap-uy\n", "head: cap-uy\nyear: 2026\n")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.vn", "commit", "-qm", "plan")
    result = cli("fmt", project, "--check", "--changed", "HEAD~1")
    assert result.rc == 1
    assert f"--- {PLAN} (as written)\n" in result.out
    assert CONFERENCE not in result.out
    assert "1 of 1 record files" in result.err
    assert cli("fmt", project, "--check", "--changed", "HEAD").rc == 0  # nothing since HEAD
    assert cli("fmt", project, "--check").rc == 1  # the whole tree: the conference too
    assert cli("fmt", project, "--check", "--changed", "no-such-ref").rc == 2
