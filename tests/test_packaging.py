"""The wheel carries every subpackage and the Data Package (pyproject lists them explicitly)."""

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_in_pyproject() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(path.parent.relative_to(REPO / "scripts").parts)
        for path in (REPO / "scripts" / "danbiet").rglob("__init__.py")
    }
    data = {"danbiet.schemas", "danbiet.schemas.json"}
    assert found | data == listed, "update [tool.setuptools] packages"


def test_schemas_folder_is_mapped_into_the_wheel() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["setuptools"]["package-dir"]["danbiet.schemas"] == "schemas"
    data = config["tool"]["setuptools"]["package-data"]
    shipped = {p for pattern in data["danbiet.schemas"] for p in (REPO / "schemas").glob(pattern)}
    shipped |= {
        p for pattern in data["danbiet.schemas.json"] for p in (REPO / "schemas/json").glob(pattern)
    }
    assert REPO / "schemas" / "datapackage.json" in shipped
    assert {p.name for p in (REPO / "schemas" / "json").glob("*.json")} <= {p.name for p in shipped}
