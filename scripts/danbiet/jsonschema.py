"""JSON Schemas (draft 2020-12) of the record files, so editors validate and autocomplete them.

One schema per kind of record file (unit, plan, conference, report), generated from the
Frictionless Data Package (`schemas/datapackage.json`: types, enums, patterns, required fields,
Vietnamese titles and descriptions) and the file layout in `danbiet.records` (groups such as
`petitioner: {kind, label}`, child lists such as a petition's `updates`, the conference's
`notice`). Columns the loader derives from the path and position (ids, parent ids, `no` of
positional entries) are not written in files, so they are not in the schemas either.

The files are written to `schemas/json/<kind>.schema.json` by `danbiet schema`; `danbiet fmt`
points every record file at its schema with a first line
`# yaml-language-server: $schema=<relative path>` (see `danbiet.fmt.schema_comment`).

The schemas follow what `danbiet validate` accepts, with two deliberate differences that only
make the editor stricter: a required text must not be empty (validate reports '' as a missing
field too) and a required list needs at least one item.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from danbiet import records, schema
from danbiet.validate import REFERENCE_COLUMNS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
JSON_DIR = "schemas/json"
COMMAND = "danbiet schema"
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

# Titles of groups (one YAML mapping flattened into <group>_<sub> columns).
GROUP_TITLES = {
    "petitioner": ("Người kiến nghị", "Không ghi họ tên: chỉ ghi loại và nhãn ẩn danh."),
    "minutes": ("Biên bản", "Biên bản hội nghị (bắt buộc khi đối thoại không thành)."),
    "document": ("Văn bản kế hoạch", "Số và liên kết của văn bản kế hoạch."),
}
# Array columns whose items take the values of another column.
ARRAY_ITEMS = {("conferences", "fields"): ("petitions", "field")}


def schema_path(kind: records.Kind) -> str:
    """Where the schema of KIND is written, relative to the repository root."""
    return f"{JSON_DIR}/{kind.name}.schema.json"


def _anchored(pattern: str) -> str:
    # Table Schema patterns match the whole value; JSON Schema patterns search.
    return f"^(?:{pattern})$"


def _with_null(value: dict[str, Any]) -> dict[str, Any]:
    """VALUE, also accepting null (an optional field written `key:` or `key: ~`)."""
    kind = value.get("type")
    if kind is None:
        return value
    kinds = kind if isinstance(kind, list) else [kind]
    out = dict(value)
    out["type"] = [*kinds, "null"]
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def field_schema(table: str, column: str) -> dict[str, Any]:
    """The JSON Schema of one column as written in a record file."""
    spec = schema.field(table, column)
    constraints = spec.get("constraints", {})
    required = bool(constraints.get("required"))
    out: dict[str, Any] = {"title": spec.get("title", column)}
    if spec.get("description"):
        out["description"] = spec["description"]
    kind = spec.get("type", "string")
    if kind == "string":
        if "enum" in constraints:
            out["type"] = "string"
            out["enum"] = list(constraints["enum"])
        elif column in REFERENCE_COLUMNS.get(table, ()):
            out["type"] = "string"  # a unit (or profile) code
            out["pattern"] = f"^{records.SLUG}$"
        elif spec.get("format") == "uri":
            out["type"] = "string"
            out["format"] = "uri"
            out["pattern"] = "^[A-Za-z][A-Za-z0-9+.-]*:"  # a scheme, as frictionless requires
        else:
            # The loader reads a number typed where text is expected as text (`number: 45`).
            out["type"] = ["string", "number"]
        if "pattern" in constraints:
            out["pattern"] = _anchored(constraints["pattern"])
        if required and "enum" not in constraints:
            out["minLength"] = max(1, int(constraints.get("minLength", 1)))
        elif "minLength" in constraints:
            out["minLength"] = constraints["minLength"]
        if "maxLength" in constraints:
            out["maxLength"] = constraints["maxLength"]
    elif kind == "date":
        out.update({"type": "string", "format": "date", "pattern": DATE_PATTERN})
    elif kind in ("integer", "number", "boolean"):
        out["type"] = kind
        for bound in ("minimum", "maximum"):
            if bound in constraints:
                out[bound] = constraints[bound]
    elif kind == "array":
        out["type"] = "array"
        items: dict[str, Any] = {"type": "string"}
        source = ARRAY_ITEMS.get((table, column))
        if source is not None:
            items["enum"] = list(schema.enum(*source))
        out["items"] = items
        out["uniqueItems"] = True
        if required:
            out["minItems"] = 1
    else:  # pragma: no cover - every type of the package is handled above
        raise ValueError(f"{table}.{column}: unsupported type {kind}")
    return out if required else _with_null(out)


def _resource(table: str) -> dict[str, Any]:
    for resource in schema.package_descriptor()["resources"]:
        if resource["name"] == table:
            return resource
    raise KeyError(table)


def node_schema(node: records.Node) -> dict[str, Any]:
    """The JSON Schema of one YAML mapping described by NODE (recursively)."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    columns = [c for c in schema.columns(node.table) if c not in node.derived]
    for column in columns:
        group = next((g for g in node.groups if column.startswith(f"{g}_")), None)
        if group is None:
            properties[column] = field_schema(node.table, column)
            if schema.field(node.table, column).get("constraints", {}).get("required"):
                required.append(column)
            continue
        if group in properties:
            continue
        subs = [c for c in columns if c.startswith(f"{group}_")]
        sub_properties = {c.removeprefix(f"{group}_"): field_schema(node.table, c) for c in subs}
        sub_required = [
            c.removeprefix(f"{group}_")
            for c in subs
            if schema.field(node.table, c).get("constraints", {}).get("required")
        ]
        title, description = GROUP_TITLES.get(group, (group, ""))
        group_schema: dict[str, Any] = {"title": title}
        if description:
            group_schema["description"] = description
        group_schema.update(
            {"type": "object", "properties": sub_properties, "additionalProperties": False}
        )
        if sub_required:
            group_schema["required"] = sub_required
            required.append(group)
        else:
            group_schema = _with_null(group_schema)
        properties[group] = group_schema
    for key, child in node.maps:
        resource = _resource(child.table)
        properties[key] = _with_null(
            {
                "title": resource.get("title", key),
                "description": resource.get("description", ""),
                **node_schema(child),
            }
        )
    for key, child in node.lists:
        resource = _resource(child.table)
        properties[key] = _with_null(
            {
                "title": resource.get("title", key),
                "description": resource.get("description", ""),
                "type": "array",
                "items": node_schema(child),
            }
        )
    out: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    return out


def kind_schema(kind: records.Kind) -> dict[str, Any]:
    """The complete JSON Schema document of a record file of KIND."""
    resource = _resource(kind.node.table)
    description = f"{resource.get('description', '')} Ví dụ: content/{kind.example}.".strip()
    return {
        "$schema": DRAFT,
        "$comment": (
            f"Generated by `{COMMAND}` from schemas/datapackage.json and danbiet/records.py; "
            "do not edit by hand."
        ),
        "title": f"{resource.get('title', kind.name)} (content/{kind.folder}/)",
        "description": description,
        **node_schema(kind.node),
    }


def render(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def generate() -> dict[str, str]:
    """Repository-relative path -> text of every schema file."""
    return {schema_path(kind): render(kind_schema(kind)) for kind in records.KINDS}


def stale(root: Path) -> list[str]:
    """The schema files under ROOT that are missing or differ from what `generate` gives."""
    out = []
    for rel, text in generate().items():
        path = Path(root) / rel
        try:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            out.append(rel)
    return out


def write(root: Path) -> list[str]:
    """Write the schema files under ROOT; the paths that changed."""
    from danbiet.scaffold import write_inside

    changed = stale(root)
    files = generate()
    for rel in changed:
        write_inside(Path(root), rel, files[rel])
    return changed
