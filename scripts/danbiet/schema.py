"""The Frictionless Data Package in `schemas/`: validation contract and open-data product."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

# The repository's schemas/ (source checkout, editable install), else the copy a wheel carries.
_SOURCE = Path(__file__).resolve().parents[2] / "schemas"
SCHEMA_DIR = _SOURCE if _SOURCE.is_dir() else Path(__file__).resolve().parent / "schemas"
PACKAGE_PATH = SCHEMA_DIR / "datapackage.json"


@cache
def package_descriptor() -> dict[str, Any]:
    with PACKAGE_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def tables() -> dict[str, dict[str, Any]]:
    """Table name -> Table Schema descriptor, in package order."""
    return {r["name"]: r["schema"] for r in package_descriptor()["resources"]}


@cache
def columns(table: str) -> tuple[str, ...]:
    return tuple(f["name"] for f in tables()[table]["fields"])


@cache
def field(table: str, name: str) -> dict[str, Any]:
    for f in tables()[table]["fields"]:
        if f["name"] == name:
            return f
    raise KeyError(f"{table}.{name}")


def enum(table: str, name: str) -> tuple[str, ...]:
    return tuple(field(table, name).get("constraints", {}).get("enum", ()))


def title(table: str, name: str) -> str:
    return str(field(table, name).get("title", name))


def resource_title(table: str) -> str:
    for r in package_descriptor()["resources"]:
        if r["name"] == table:
            return str(r.get("title", table))
    raise KeyError(table)
