"""The tables of the open-data export: their schemas (Vietnamese titles) and documentation.

Twelve tables come from the Data Package in `schemas/` (the records, as the loader flattens
them); two are computed (`danbiet.export.computed`): `obligations` and `status_history`.

Rows are plain dicts whose values are JSON-ready (dates as `YYYY-MM-DD` strings, datetimes as
ISO 8601 strings with their offset, arrays as lists); each writer turns them into its format.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from danbiet import schema
from danbiet.export.computed import (
    HISTORY_RESOURCE,
    HISTORY_TABLE,
    OBLIGATIONS_RESOURCE,
    OBLIGATIONS_TABLE,
    VIETNAM,
)

__all__ = ["VIETNAM", "Table", "schema_docs", "table", "tables"]


# Column whose value tells the year of a row (for splitting XLSX sheets by year).
YEAR_COLUMNS = {
    "plans": "year",
    "planned_conferences": "plan_id",
    "conferences": "held_on",
    "chairs": "conference_id",
    "notices": "conference_id",
    "petitions": "conference_id",
    "assignments": "petition_id",
    "updates": "petition_id",
    "supervision": "petition_id",
    "corrections": "conference_id",
    "reports": "period",
    OBLIGATIONS_TABLE: "year",
    HISTORY_TABLE: "petition_id",
}
# `<unit>.<YYYY>-MM-DD...` (conference, petition ids), `<unit>.<YYYY>.<head>` (plan ids),
# `YYYY-...` (dates, report periods).
_YEAR_IN_ID = re.compile(r"\.([0-9]{4})(?:-[0-9]{2}-[0-9]{2}|\.)")
_YEAR_AT_START = re.compile(r"([0-9]{4})(?:-|\Z)")


@dataclass(frozen=True)
class Table:
    """One table of the export: its Data Package resource (without path and statistics)."""

    name: str
    title: str
    description: str
    schema: dict[str, Any]

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f["name"] for f in self.schema["fields"])

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(f.get("type", "string") for f in self.schema["fields"])

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(f.get("title") or f["name"] for f in self.schema["fields"])

    @property
    def csv(self) -> str:
        return f"{self.name}.csv"

    @property
    def json(self) -> str:
        return f"{self.name}.json"

    def year_of(self, row: dict[str, Any]) -> int | None:
        column = YEAR_COLUMNS.get(self.name)
        value = row.get(column) if column else None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if not isinstance(value, str):
            return None
        match = _YEAR_AT_START.match(value) or _YEAR_IN_ID.search(value)
        return int(match.group(1)) if match else None


@cache
def _tables() -> tuple[Table, ...]:
    found: list[Table] = []
    for resource in schema.package_descriptor()["resources"]:
        table_schema = copy.deepcopy(resource["schema"])
        found.append(
            Table(resource["name"], resource["title"], resource["description"], table_schema)
        )
    for resource in (OBLIGATIONS_RESOURCE, HISTORY_RESOURCE):
        found.append(
            Table(
                resource["name"],
                resource["title"],
                resource["description"],
                copy.deepcopy(resource["schema"]),
            )
        )
    return tuple(found)


def tables() -> tuple[Table, ...]:
    """Every table of the export, records first (package order), then the computed ones."""
    return _tables()


def table(name: str) -> Table:
    for t in _tables():
        if t.name == name:
            return t
    raise KeyError(name)


# -- documentation ------------------------------------------------------------------------------

TYPE_TITLES = {
    "string": "văn bản",
    "integer": "số nguyên",
    "number": "số",
    "boolean": "đúng/sai (true/false)",
    "date": "ngày (YYYY-MM-DD)",
    "datetime": "thời điểm (ISO 8601, giờ Việt Nam)",
    "array": "danh sách (mảng JSON)",
}


def _constraint_text(field: dict[str, Any]) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("bắt buộc")
    if "minimum" in c:
        parts.append(f"tối thiểu {c['minimum']}")
    if "maximum" in c:
        parts.append(f"tối đa {c['maximum']}")
    if "maxLength" in c:
        parts.append(f"tối đa {c['maxLength']} ký tự")
    if "pattern" in c:
        parts.append(f"mẫu {c['pattern']}")
    if field.get("format") == "uri":
        parts.append("địa chỉ web (URL)")
    return "; ".join(parts)


def schema_docs() -> list[dict[str, Any]]:
    """Every table and field of the export, for the open-data documentation page.

    Each table: name, title, description, csv, json, primary_key, foreign_keys (fields,
    resource, resource_fields) and fields; each field: name, type, type_title, format, required,
    allowed (the enum, or []), title, description, constraints (Vietnamese text).
    """
    docs = []
    for t in _tables():
        fields = []
        for f in t.schema["fields"]:
            constraints = f.get("constraints", {})
            fields.append(
                {
                    "name": f["name"],
                    "type": f.get("type", "string"),
                    "type_title": TYPE_TITLES.get(f.get("type", "string"), f.get("type")),
                    "format": f.get("format"),
                    "required": bool(constraints.get("required")),
                    "allowed": list(constraints.get("enum", [])),
                    "title": f.get("title", f["name"]),
                    "description": f.get("description", ""),
                    "constraints": _constraint_text(f),
                }
            )
        docs.append(
            {
                "name": t.name,
                "title": t.title,
                "description": t.description,
                "csv": t.csv,
                "json": t.json,
                "primary_key": list(t.schema.get("primaryKey", [])),
                "foreign_keys": [
                    {
                        "fields": list(fk["fields"]),
                        "resource": fk["reference"]["resource"],
                        "resource_fields": list(fk["reference"]["fields"]),
                    }
                    for fk in t.schema.get("foreignKeys", [])
                ],
                "fields": fields,
            }
        )
    return docs
