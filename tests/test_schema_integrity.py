"""The Data Package in schemas/ is well-formed: every field documented in Vietnamese, no debris."""

import json
from pathlib import Path

from frictionless import Package

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "schemas" / "datapackage.json"
FIELD_KEYS = {"name", "type", "format", "title", "description", "constraints"}


def test_package_is_valid_for_frictionless() -> None:
    report = Package(str(PACKAGE)).validate()
    assert report.valid, report.flatten(["type", "note"])


def test_every_field_has_a_vietnamese_title_and_description_and_no_stray_keys() -> None:
    descriptor = json.loads(PACKAGE.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert resource.get("title") and resource.get("description"), resource["name"]
        for field in resource["schema"]["fields"]:
            where = f"{resource['name']}.{field['name']}"
            assert set(field) <= FIELD_KEYS, f"{where}: stray keys {set(field) - FIELD_KEYS}"
            assert field.get("title") and field.get("description"), where
            assert not any(v is None for v in field.values()), where


def test_foreign_keys_point_at_existing_tables_and_fields() -> None:
    descriptor = json.loads(PACKAGE.read_text(encoding="utf-8"))
    fields = {
        r["name"]: {f["name"] for f in r["schema"]["fields"]} for r in descriptor["resources"]
    }
    for resource in descriptor["resources"]:
        for fk in resource["schema"].get("foreignKeys", []):
            target = fk["reference"]["resource"]
            assert target in fields, (resource["name"], target)
            assert set(fk["reference"]["fields"]) <= fields[target]
            assert set(fk["fields"]) <= fields[resource["name"]]
