"""danbiet.columns, the compiled column checks, gives exactly frictionless's problems.

Differential tests: every check is run by both engines (`engine="compiled"`, the default, and
`engine="frictionless"`, frictionless's own `Package.validate`) and the results must be equal,
problem for problem and in the same order:

- cell by cell, for every field of schemas/datapackage.json and for fields using what the
  shipped schema does not (yet), against frictionless's own cell reader;
- on whole repositories: the demo content, the minimal fixture with many mutated records, and
  randomly mutated tables (with duplicate keys, unknown references and blank rows), through
  `check_schema` (full and `only=`), `check_keys`, `validate` and `danbiet validate`.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import random
import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import AS_OF, AS_OF_ARG, COMMUNE, CONFERENCE, PLAN, PROVINCE, REPORT, edit

from danbiet import columns, schema
from danbiet import validate as validation
from danbiet.loader import Dataset, load
from danbiet.validate import check_keys, check_schema, validate, validate_changed

DEMO_CONTENT = Path(__file__).resolve().parents[1] / "content"

# Cells as the loader can give them, and some it cannot (dates, tuples, Decimals).
CELLS: list[Any] = [
    None,
    "",
    " ",
    "a",
    "abc",
    "x\n",
    "a" * 5000,
    0,
    1,
    -1,
    2,
    5,
    2014,
    2015,
    2100,
    2101,
    9999,
    10000,
    100000,
    100001,
    10**30,
    1.0,
    1.5,
    -0.0,
    2015.0,
    float("nan"),
    float("inf"),
    float("-inf"),
    Decimal("3"),
    Decimal("3.5"),
    True,
    False,
    "true",
    "True",
    "TRUE",
    "false",
    "1",
    "0",
    "yes",
    "no",
    "có",
    "None",
    "n/a",
    "2025-02-28",
    "2025-02-30",
    "2024-02-29",
    "2026-3-1",
    "2026-03-01 ",
    " 2026-03-01",
    "2026-03-01\n",
    "2026-13-01",
    "2026-00-10",
    "0000-01-01",
    "２０２６-03-01",
    "2026-03-01T00:00:00",
    date(2026, 3, 1),
    datetime(2026, 3, 1),
    datetime(2026, 3, 1, 12),
    [],
    ["dat-dai"],
    ["dat-dai", "bay-bay"],
    [1, [2], {"a": 1}],
    ("a",),
    {},
    {"a": 1},
    '["dat-dai"]',
    "[]",
    '{"a": 1}',
    "[1,",
    "https://xa-thu.gov.vn/tb-12",
    "http://",
    "https:",
    "mailto:a@b.c",
    "//example.org/x",
    "example.org",
    "/tb-12",
    ":x",
    "c:\\x",
    "vi:đường",
    "https://đường.vn/ý kiến?q=ä#frag",
    "https://x.vn/%zz",
    "http://user:pass@x.vn",
    "12",
    " 12 ",
    "+12",
    "-5",
    "1_000",
    "١٢",
    "12.0",
    "1e3",
    "xa-thu",
    "xa-thu\n",
    "Xa Thu",
    "xa--thu",
    "-xa",
    "xa-thu.2026.cap-uy",
    "xa-thu.2026-03-12",
    "xa-thu.2026-03-12-b",
    "2026-h1",
    "2026-q5",
    "2026",
    "petitions[1].summary",
    "petitions[x]",
]

# Fields using what schemas/datapackage.json does not, with schema-level properties.
EXTRA_FIELDS: list[tuple[dict[str, Any], dict[str, Any]]] = [
    ({"name": "n", "type": "integer", "constraints": {"enum": [1, 2, 5, 11]}}, {}),
    ({"name": "n", "type": "integer", "bareNumber": False, "constraints": {"minimum": "3"}}, {}),
    (
        {
            "name": "d",
            "type": "date",
            "constraints": {
                "required": True,
                "minimum": "2025-01-01",
                "maximum": "2026-12-31",
                "enum": ["2026-03-01", "2025-02-28", "2027-01-01"],
            },
        },
        {},
    ),
    (
        {
            "name": "b",
            "type": "boolean",
            "trueValues": ["có", "yes"],
            "falseValues": ["không", "no"],
            "constraints": {"required": True, "enum": [True]},
        },
        {},
    ),
    (
        {
            "name": "a",
            "type": "array",
            "constraints": {"minLength": 1, "maxLength": 2, "enum": [["dat-dai"], ["a"]]},
        },
        {},
    ),
    (
        {
            "name": "s",
            "type": "string",
            "constraints": {
                "required": False,
                "minLength": 2,
                "maxLength": 3,
                "pattern": "a|bc",
                "enum": ["a", "bc", "abc", "xa-thu"],
            },
        },
        {},
    ),
    (
        {"name": "s", "type": "string", "format": "uri", "constraints": {"maxLength": 27}},
        {"missingValues": ["", "n/a", "None"]},
    ),
    (
        {"name": "n", "type": "integer", "constraints": {"required": True}},
        {"missingValues": ["", "0", "-1"]},
    ),
    ({"name": "b", "type": "boolean", "missingValues": ["True"]}, {"missingValues": ["", "0"]}),
    ({"name": "d", "type": "date", "format": "default"}, {"missingValues": ["2026-03-01"]}),
]

UNSUPPORTED: list[dict[str, Any]] = [
    {"name": "x", "type": "number"},
    {"name": "x", "type": "datetime"},
    {"name": "x"},
    {"name": "x", "type": "string", "constraints": {"unique": True}},
    {"name": "x", "type": "string", "format": "email"},
    {"name": "x", "type": "date", "format": "any"},
    {"name": "x", "type": "date", "format": "%d/%m/%Y"},
    {"name": "x", "type": "array", "arrayItem": {"type": "string"}},
    {"name": "x", "type": "boolean", "constraints": {"maxLength": 3}},
    {"name": "x", "type": "integer", "groupChar": ","},
    {"name": "x", "type": "integer", "constraints": {"minimum": "low"}},
    {"name": "x", "type": "integer", "constraints": {"exclusiveMinimum": 0}},
    {"name": "x", "type": "string", "missingValues": [{"value": "-", "label": "none"}]},
]


def shipped_fields() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [
        (field, {k: v for k, v in spec.items() if k == "missingValues"})
        for spec in schema.tables().values()
        for field in spec["fields"]
    ]


def cells_for(field: dict[str, Any]) -> list[Any]:
    constraints = field.get("constraints", {})
    extra = [*constraints.get("enum", [])]
    for rule in ("minLength", "maxLength"):
        if rule in constraints and field["type"] == "string":
            extra += ["a" * (constraints[rule] - 1), "a" * constraints[rule]]
            extra += ["a" * (constraints[rule] + 1)]
    for rule in ("minimum", "maximum"):
        if rule in constraints and field["type"] == "integer":
            bound = int(constraints[rule])
            extra += [bound - 1, bound, bound + 1, str(bound - 1), f"x{bound}y"]
    return CELLS + extra


def frictionless_reader(field: dict[str, Any], extra: dict[str, Any]) -> Any:
    """frictionless's reading of a cell: (value, errors, blank), as Row.__process uses it."""
    from frictionless import Schema

    reader = Schema.from_descriptor({"fields": [field], **extra}).fields[0].create_cell_reader()

    def read(cell: Any) -> tuple[Any, tuple[tuple[str, str], ...], bool]:
        target, notes = reader(copy.deepcopy(cell))
        errors = tuple(
            ("type-error" if name == "type" else "constraint-error", note)
            for name, note in (notes or {}).items()
        )
        return target, errors, target is None and "type" not in (notes or {})

    return read


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def assert_cells_agree(field: dict[str, Any], extra: dict[str, Any]) -> None:
    column = columns.compile_table("t", {"fields": [field], **extra}).columns[0]
    reader, caster = column.reader(), column.caster()
    reference = frictionless_reader(field, extra)
    for cell in cells_for(field):
        expected = reference(cell)
        for got in (column.read(cell), reader(cell), reader(cell)):  # twice: from the memo
            assert same(got[0], expected[0]), (field["name"], cell, got, expected)
            assert got[1:] == expected[1:], (field["name"], cell, got, expected)
        assert same(caster(cell), expected[0]), (field["name"], cell)
        assert column.blank(cell) == expected[2], (field["name"], cell)
        if column.accept(cell):
            assert expected[1] == (), (field["name"], cell)
        if column.plain(cell):
            assert expected[0] is cell, (field["name"], cell)


# -- cell by cell ---------------------------------------------------------------------------------


def test_the_shipped_schema_compiles() -> None:
    compiled = columns.package()
    assert list(compiled) == list(schema.tables())
    for name, table in compiled.items():
        assert [c.name for c in table.columns] == list(schema.columns(name))
    # ... so validation never falls back to frictionless.
    assert validation._compiled("compiled") is compiled


@pytest.mark.parametrize(
    ("field", "extra"),
    shipped_fields(),
    ids=[f"{t}.{f['name']}" for t, s in schema.tables().items() for f in s["fields"]],
)
def test_every_shipped_field_reads_cells_as_frictionless(field, extra) -> None:
    assert_cells_agree(field, extra)


@pytest.mark.parametrize(("field", "extra"), EXTRA_FIELDS)
def test_other_fields_read_cells_as_frictionless(field, extra) -> None:
    assert_cells_agree(field, extra)


@pytest.mark.parametrize("field", UNSUPPORTED, ids=lambda f: str(f))
def test_what_is_not_reproduced_is_refused(field) -> None:
    with pytest.raises(columns.Unsupported):
        columns.compile_table("t", {"fields": [field]})


def test_unsupported_schema_properties_are_refused() -> None:
    field = {"name": "x", "type": "string"}
    with pytest.raises(columns.Unsupported):
        columns.compile_table("t", {"fields": [field], "uniqueKeys": [["x"]]})
    with pytest.raises(columns.Unsupported):
        columns.compile_table("t", {"fields": [field], "primaryKey": ["y"]})


# -- whole repositories ---------------------------------------------------------------------------


def every_row(data: Dataset) -> dict[str, list[int]]:
    return {table: list(range(len(rows))) for table, rows in data.tables.items()}


def rows_of(data: Dataset, paths: set[str]) -> dict[str, list[int]]:
    return {
        table: [i for i, source in enumerate(sources) if source.path in paths]
        for table, sources in data.sources.items()
    }


def assert_engines_agree(data: Dataset, paths: set[str] | None = None) -> list[object]:
    """Both engines give the same problems (same order) on DATA: full, `only=`, keys."""
    full = check_schema(data, engine="compiled")
    assert full == check_schema(data, engine="frictionless")
    assert check_keys(data, "compiled") == check_keys(data, "frictionless")
    selections = [every_row(data)]
    if paths:
        selections.append(rows_of(data, paths))
    for only in selections:
        fast = check_schema(data, only=only, engine="compiled")
        assert fast == check_schema(data, only=only, engine="frictionless")
    return list(full)


def assert_reports_agree(root: Path, paths: set[str] | None = None) -> list[object]:
    """Both engines give the same report on ROOT (problems in the same order), in full and for
    the changed PATHS (schema check `only=` their rows, and `check_keys`)."""
    data = load(root, cache=False)
    compiled = validate(root, AS_OF, data, engine="compiled")
    reference = validate(root, AS_OF, data, engine="frictionless")
    assert compiled.problems == reference.problems
    assert compiled.stats == reference.stats
    if paths:
        fast = validate_changed(root, AS_OF, paths, data, engine="compiled")
        slow = validate_changed(root, AS_OF, paths, data, engine="frictionless")
        assert fast.problems == slow.problems
    return list(compiled.problems)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(DEMO_CONTENT, root / "content", symlinks=True)
    return root


def test_demo_content(demo: Path) -> None:
    data = load(demo, cache=False)
    assert_engines_agree(data, {"content/conferences/phuong-binh-minh/2026-06-18.yaml"})
    assert (
        assert_reports_agree(demo, {"content/conferences/phuong-binh-minh/2026-06-18.yaml"}) == []
    )


def test_minimal_fixture(project: Path) -> None:
    assert assert_reports_agree(project, {CONFERENCE}) == []


LONG = "Rất dài " * 700

# (file, old, new): one mutated record each; several problems in one row on purpose.
MUTATIONS = [
    (CONFERENCE, "issued_on: 2026-03-19", "issued_on: 2025-02-30"),
    (CONFERENCE, "held_on: 2026-03-12", "held_on: 2026-3-12"),
    (CONFERENCE, "invited_on: 2026-03-02", "invited_on: 2026-03-02T08:00:00"),
    (CONFERENCE, "invited_on: 2026-03-02", "invited_on: '20260302'"),
    (CONFERENCE, "invited_on: 2026-03-02", "invited_on: ''"),
    (CONFERENCE, "attendance: 85", "attendance: nhiều"),
    (CONFERENCE, "attendance: 85", "attendance: '85'"),
    (CONFERENCE, "attendance: 85", "attendance: ' 85 '"),
    (CONFERENCE, "attendance: 85", "attendance: 85.0"),
    (CONFERENCE, "attendance: 85", "attendance: 85.5"),
    (CONFERENCE, "attendance: 85", "attendance: -3"),
    (CONFERENCE, "attendance: 85", "attendance: 100001"),
    (CONFERENCE, "attendance: 85", "attendance: .nan"),
    (CONFERENCE, "attendance: 85", "attendance: true"),
    (CONFERENCE, "attendance: 85", "attendance: ''"),
    (CONFERENCE, "kind: chuyen-de", "kind: hop-bat-thuong"),
    (CONFERENCE, "kind: chuyen-de", "kind: ''"),
    (CONFERENCE, "kind: chuyen-de", "kind: 12"),
    (CONFERENCE, "kind: chuyen-de", "kind: true"),
    (CONFERENCE, "form: truc-tiep", "form: Truc-Tiep"),
    (CONFERENCE, "title: Đối thoại về đất đai và môi trường", f"title: {LONG}"),
    (CONFERENCE, "title: Đối thoại về đất đai và môi trường", "title: ''"),
    (CONFERENCE, "title: Đối thoại về đất đai và môi trường", "title:"),
    (CONFERENCE, "title: Đối thoại về đất đai và môi trường", "title: 2026"),
    (CONFERENCE, "fields: [dat-dai, moi-truong]", "fields: []"),
    (CONFERENCE, "fields: [dat-dai, moi-truong]", "fields: dat-dai"),
    (CONFERENCE, "fields: [dat-dai, moi-truong]", "fields: '[\"dat-dai\"]'"),
    (CONFERENCE, "fields: [dat-dai, moi-truong]", "fields: {a: 1}"),
    (CONFERENCE, "fields: [dat-dai, moi-truong]", "fields: ''"),
    (CONFERENCE, "  url: https://xa-thu.gov.vn/tb-12", "  url: xa-thu.gov.vn/tb-12"),
    (CONFERENCE, "  url: https://xa-thu.gov.vn/tb-12", "  url: https://xã-thử.vn/tb 12"),
    (CONFERENCE, "  url: https://xa-thu.gov.vn/tb-12", "  url: 'vi:'"),
    (CONFERENCE, "within_authority: true", "within_authority: yes"),
    (CONFERENCE, "within_authority: true", "within_authority: 'true'"),
    (CONFERENCE, "within_authority: true", "within_authority: 'True'"),
    (CONFERENCE, "within_authority: true", "within_authority: 1"),
    (CONFERENCE, "within_authority: true", "within_authority: ''"),
    (CONFERENCE, "within_authority: true", "within_authority:"),
    (CONFERENCE, "answered_at_conference: true", "answered_at_conference: 'no'"),
    (CONFERENCE, "  - no: 1\n", "  - no: '1'\n"),
    (CONFERENCE, "  - no: 1\n", "  - no: 0\n"),
    (CONFERENCE, "  - no: 1\n", "  - no: 10000\n"),
    (CONFERENCE, "  - no: 1\n", "  - no: một\n"),
    (CONFERENCE, "  - no: 2\n", "  - no: 1\n"),
    (CONFERENCE, "  - no: 2\n", "  - no: 1.0\n"),
    (CONFERENCE, "  - no: 2\n", "  - no: ''\n"),
    (CONFERENCE, "    raised: truoc-hoi-nghi\n", "    raised: truoc\n"),
    (CONFERENCE, "      kind: ca-nhan\n", "      kind: Ca-Nhan\n"),
    (CONFERENCE, "      label: Công dân thôn Đông\n", "      label: ''\n"),
    (CONFERENCE, "    field: dat-dai\n", "    field: bay-bay\n"),
    (CONFERENCE, "        verdict: xac-nhan\n", "        verdict: 'yes'\n"),
    (CONFERENCE, "        status: dang-giai-quyet\n", "        status: xong\n"),
    (CONFERENCE, "        due_on: 2026-04-20\n", "        due_on: 2026-04-31\n"),
    (
        CONFERENCE,
        "  - to: phong-kinh-te-xa-thu\n        assigned_on: 2026-03-20",
        "  - to: phong-khong-co\n        assigned_on: 2026-03-20",
    ),
    (
        CONFERENCE,
        "  - to: phong-kinh-te-xa-thu\n        assigned_on: 2026-03-20",
        "  - to: ''\n        assigned_on: 2026-03-20",
    ),
    (
        CONFERENCE,
        "  - to: phong-kinh-te-xa-thu\n        assigned_on: 2026-03-20",
        "  - to: Phong Kinh Te\n        assigned_on: 2026-03-20",
    ),
    (CONFERENCE, "    role: bi-thu\n", "    role: bi thu\n"),
    (CONFERENCE, "    target: petitions[1].summary", "    target: petitions[x]"),
    (CONFERENCE, "    target: petitions[1].summary", "    target: petitions[1].summary\\n"),
    (CONFERENCE, "    target: petitions[1].summary", '    target: "petitions[1].summary\\n"'),
    (CONFERENCE, "plan_id: xa-thu.2026.cap-uy", "plan_id: xa-thu.2026.khac"),
    (CONFERENCE, "plan_id: xa-thu.2026.cap-uy", "plan_id: XA"),
    (PLAN, "year: 2026", "year: 2014"),
    (PLAN, "year: 2026", "year: '2026'"),
    (PLAN, "year: 2026", "year: hai-nghin"),
    (PLAN, "target: 2", "target: 101"),
    (PLAN, "target: 2", "target: '2'"),
    (PLAN, "target: 2", "target: ''"),
    (PLAN, "registered_on: 2026-01-15", "registered_on: 2026-02-29"),
    (PLAN, "registered_on: 2026-01-15", "registered_on: 2024-02-29"),
    (PLAN, "  url: https://xa-thu.gov.vn/kh-05", "  url: //xa-thu.gov.vn/kh-05"),
    (PLAN, "conference_id: xa-thu.2026-03-12", "conference_id: xa-thu.2026-03-13"),
    (PLAN, "    kind: dinh-ky\n", "    kind: ''\n"),
    (PLAN, "    topic: Đối thoại định kỳ\n", "    topic: false\n"),
    (COMMUNE, "level: xa", "level: phuong-xa"),
    (COMMUNE, "parent: tinh-thu", "parent: tinh-khong-co"),
    (COMMUNE, "parent: tinh-thu", "parent: Tinh Thu"),
    (COMMUNE, "parent: tinh-thu", "parent: ''"),
    (COMMUNE, "valid_from: 2025-07-01", "valid_from: 2025-06-31"),
    (COMMUNE, "name: Xã Thử", f"name: {LONG}"),
    (COMMUNE, "id: xa-thu", "id: tinh-thu"),
    (PROVINCE, "level: tinh", "level: 1"),
    (REPORT, "period: 2026-h1", "period: 2026-h3"),
    (REPORT, "filed_on: 2026-07-05", "filed_on: 2026-07-05 "),
    (REPORT, "number: 88/BC-UBND", "number: 88"),
    (REPORT, "unit: xa-thu", "unit: xa-khong-co"),
]


@pytest.mark.parametrize(("rel", "old", "new"), MUTATIONS, ids=[m[2][:40] for m in MUTATIONS])
def test_mutated_record(project: Path, rel: str, old: str, new: str) -> None:
    edit(project, rel, old, new)
    assert_reports_agree(project, {rel})


def apply_each_once(root: Path, mutations: list[tuple[str, str, str]]) -> None:
    """Apply the first mutation of each line of MUTATIONS."""
    done: set[tuple[str, str]] = set()
    for rel, old, new in mutations:
        if (rel, old) not in done:
            done.add((rel, old))
            edit(root, rel, old, new)


def test_every_mutation_at_once(project: Path) -> None:
    # Several problems per row, so the order of the errors within a row matters.
    apply_each_once(project, MUTATIONS)
    full = assert_reports_agree(project, {CONFERENCE, PLAN})
    assert len(full) > 30


def test_errors_of_a_row_come_in_frictionless_order(project: Path) -> None:
    # frictionless reads the key cells first: the parent (a foreign key) before the level.
    edit(project, COMMUNE, "level: xa", "level: phuong-xa")
    edit(project, COMMUNE, "parent: tinh-thu", "parent: Tinh Thu")
    problems = [p for p in assert_reports_agree(project, {COMMUNE}) if p.path == COMMUNE]
    assert [(p.code, p.field) for p in problems] == [
        ("constraint-error", "parent"),
        ("constraint-error", "level"),
        ("unknown-reference", "parent"),
        ("unsafe-id", "parent"),
    ]


def test_cli_frictionless_flag(project: Path, cli) -> None:
    apply_each_once(project, MUTATIONS[:20])
    compiled = cli("validate", project, "--as-of", AS_OF_ARG, "--no-cache")
    reference = cli("validate", project, "--as-of", AS_OF_ARG, "--no-cache", "--frictionless")
    assert compiled.rc == reference.rc == 1
    assert compiled.out == reference.out and compiled.out.count("\n") > 5
    changed = ["--files", CONFERENCE, "--no-cache"]
    assert (
        cli("validate", project, "--as-of", AS_OF_ARG, *changed).out
        == cli("validate", project, "--as-of", AS_OF_ARG, *changed, "--frictionless").out
    )


# -- random tables --------------------------------------------------------------------------------


def mutated(data: Dataset, rng: random.Random, count: int) -> Dataset:
    """DATA with COUNT random cells changed, some rows blanked and some rows repeated."""
    tables = {name: [dict(row) for row in rows] for name, rows in data.tables.items()}
    sources = {name: list(items) for name, items in data.sources.items()}
    filled = [name for name, rows in tables.items() if rows]
    for _ in range(count):
        name = rng.choice(filled)
        rows = tables[name]
        index = rng.randrange(len(rows))
        roll = rng.random()
        if roll < 0.05:
            rows[index] = dict.fromkeys(rows[index], rng.choice([None, ""]))
        elif roll < 0.12:
            rows.append(dict(rows[index]))
            sources[name].append(sources[name][index])
        else:
            field = rng.choice(schema.tables()[name]["fields"])
            others = [row[field["name"]] for row in rows]
            choices = [*cells_for(field), *others, *others]
            if field["type"] != "array":  # the loader never gives these
                choices = [c for c in choices if not isinstance(c, list | tuple | dict)]
            choices = [c for c in choices if not isinstance(c, date | Decimal)]
            rows[index][field["name"]] = copy.deepcopy(rng.choice(choices))
    return dataclasses.replace(data, tables=tables, sources=sources)


@pytest.mark.parametrize("seed", range(12))
def test_random_mutations(project: Path, seed: int) -> None:
    data = load(project, cache=False)
    rng = random.Random(seed)
    assert_engines_agree(mutated(data, rng, 4 + seed * 3))


@pytest.mark.parametrize("seed", range(3))
def test_random_mutations_of_the_demo(demo: Path, seed: int) -> None:
    data = load(demo, cache=False)
    rng = random.Random(1000 + seed)
    assert_engines_agree(mutated(data, rng, 60))


# -- engines --------------------------------------------------------------------------------------


def test_unknown_engine(project: Path) -> None:
    with pytest.raises(ValueError, match="engine"):
        validate(project, AS_OF, engine="fast")


def test_falls_back_to_frictionless_when_the_schema_is_not_covered(project, monkeypatch) -> None:
    edit(project, CONFERENCE, "attendance: 85", "attendance: nhiều")
    data = load(project, cache=False)
    expected = check_schema(data, engine="frictionless")

    def unsupported() -> dict[str, columns.Table]:
        raise columns.Unsupported("a new type")

    used: list[bool] = []
    reference = validation._frictionless_schema
    monkeypatch.setattr(columns, "package", unsupported)
    monkeypatch.setattr(
        validation, "_frictionless_schema", lambda d: used.append(True) or reference(d)
    )
    assert check_schema(data) == expected and used == [True]


def test_an_empty_table_that_others_refer_to(project: Path) -> None:
    """The one difference: frictionless cannot read an empty inline table (source-error) and
    then checks none of the rows of the tables that refer to it; the compiled engine checks
    them, as `validate --changed` does."""
    (project / CONFERENCE).unlink()
    data = load(project, cache=False)
    reference = check_schema(data, engine="frictionless")
    assert {p.code for p in reference} == {"source-error"}
    problems = check_schema(data, engine="compiled")
    assert [(p.code, p.path, p.field) for p in problems] == [
        ("unknown-reference", PLAN, "conference_id")
    ]
    assert problems == check_keys(data, "compiled") == check_keys(data, "frictionless")
