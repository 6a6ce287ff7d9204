"""JSON Schemas of the record files: generated from the Data Package, current, and they accept
every shipped record file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from danbiet import jsonschema as generator
from danbiet import records
from danbiet.safeyaml import load_file

REPOSITORY = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Record files that must validate: the shipped examples and the canonical test fixtures.
# (tests/fixtures/deadlines writes `document_number:` flat, which the loader also accepts.)
EXAMPLE_ROOTS = [REPOSITORY, FIXTURES / "minimal", FIXTURES / "publishing"]


def record_files(root: Path, kind: records.Kind) -> list[Path]:
    return sorted((root / "content" / kind.folder).rglob("*.yaml"))


def test_committed_schemas_are_current():
    stale = generator.stale(REPOSITORY)
    assert stale == [], f"{stale} are out of date: run `danbiet schema` and commit the result"


def test_schema_check_names_the_command(tmp_path, cli):
    assert cli("schema", REPOSITORY, "--check").rc == 0
    result = cli("schema", tmp_path, "--check")
    assert result.rc == 1
    assert "run `danbiet schema`" in result.err
    assert "schemas/json/conference.schema.json" in result.err
    result = cli("schema", tmp_path)
    assert result.rc == 0
    assert sorted(result.out.split()) == sorted(
        ["wrote", "wrote", "wrote", "wrote", *generator.generate()]
    )
    assert cli("schema", tmp_path, "--check").rc == 0
    path = tmp_path / "schemas/json/unit.schema.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Tên đơn vị", "Tên"), "utf-8")
    assert cli("schema", tmp_path, "--check").rc == 1


def test_every_kind_has_a_draft_2020_12_schema():
    jsonschema = pytest.importorskip("jsonschema")
    for kind in records.KINDS:
        schema = json.loads((REPOSITORY / generator.schema_path(kind)).read_text("utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["additionalProperties"] is False


def test_layout_types_and_vietnamese_titles():
    schema = generator.kind_schema(records.KINDS[2])  # conference
    properties = schema["properties"]
    assert properties["held_on"] == {
        "title": "Ngày tổ chức",
        "description": properties["held_on"]["description"],
        "type": "string",
        "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    }
    assert properties["kind"]["enum"] == ["dinh-ky", "chuyen-de", "dot-xuat"]
    assert "id" not in properties  # derived from the path
    assert set(schema["required"]) >= {"unit", "kind", "held_on", "title", "fields", "outcome"}
    assert properties["fields"]["items"]["enum"][0] == "dat-dai"
    petition = properties["petitions"]["items"]
    assert petition["additionalProperties"] is False
    assert petition["properties"]["petitioner"]["properties"]["label"]["maxLength"] == 80
    assert petition["properties"]["petitioner"]["title"] == "Người kiến nghị"
    assert "petitioner" in petition["required"] and "no" in petition["required"]
    update = petition["properties"]["updates"]["items"]
    assert set(update["properties"]) == {"date", "status", "by", "note", "evidence", "evidence_url"}
    assert update["properties"]["by"]["pattern"] == f"^{records.SLUG}$"
    assert properties["notice"]["title"] == "Thông báo kết luận"
    assert properties["minutes"]["properties"]["number"]["title"] == "Số biên bản"


@pytest.mark.parametrize("kind", records.KINDS, ids=[k.name for k in records.KINDS])
def test_each_schema_validates_every_example(kind):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPOSITORY / generator.schema_path(kind)).read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    checked = 0
    for root in EXAMPLE_ROOTS:
        for path in record_files(root, kind):
            errors = [
                f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
                for e in validator.iter_errors(load_file(path).data)
            ]
            assert errors == [], f"{path}: {errors}"
            checked += 1
    assert checked > 0


def test_schemas_refuse_what_validate_refuses():
    jsonschema = pytest.importorskip("jsonschema")
    schema = generator.kind_schema(records.KINDS[2])
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    text = (FIXTURES / "publishing/content/conferences/xa-thu/2026-03-12.yaml").read_text("utf-8")
    from danbiet.safeyaml import load_text

    good = load_text(text).data
    assert list(validator.iter_errors(good)) == []
    for change, path in [
        ({"titel": "x"}, ""),
        ({"kind": "hop"}, "kind"),
        ({"held_on": "12/03/2026"}, "held_on"),
        ({"held_on": "2026-02-30"}, "held_on"),
        ({"unit": "../../etc"}, "unit"),
        ({"attendance": "nhiều"}, "attendance"),
        ({"title": ""}, "title"),
    ]:
        bad = {**good, **change}
        errors = list(validator.iter_errors(bad))
        assert errors, change
        assert {".".join(map(str, e.absolute_path)) for e in errors} == {path}, change


def test_schema_files_are_never_written_through_a_link(tmp_path, cli):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "records"
    (root / "schemas").mkdir(parents=True)
    (root / "schemas" / "json").symlink_to(outside, target_is_directory=True)
    result = cli("schema", root)
    assert result.rc == 1 and "symbolic link" in result.err
    assert list(outside.iterdir()) == []
    shutil.rmtree(outside)
