"""`validate()`: the schema contract (frictionless) plus the rules frictionless cannot express.

Returns a `Report`; it never raises on bad content. Stable problem codes:

file level   not-utf8, empty-file, yaml-syntax, yaml-alias, yaml-tag, too-deep, too-large,
             duplicate-key, multiple-documents, unsafe-path, bad-path, unreadable, no-content
structure    wrong-type, unknown-field, path-mismatch
schema       missing-field, type-error, constraint-error, duplicate-id, unknown-reference
cross-record chronology, future-date, unsafe-id, unit-inactive, missing-minutes, unknown-profile
warnings     forwarded-to-missing, supervisor-level
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from danbiet import records, schema
from danbiet.loader import Dataset, Source, load
from danbiet.problems import WARNING, Problem, Report
from danbiet.records import SLUG_RE

# Columns that name a unit (or profile) and must be a plain slug.
REFERENCE_COLUMNS = {
    "units": ("parent", "profile", "successor"),
    "plans": ("unit",),
    "conferences": ("unit",),
    "assignments": ("to",),
    "updates": ("by",),
    "supervision": ("by",),
    "reports": ("unit",),
}
DIALOGUE_LEVELS = {"tinh", "huyen", "xa", "so-nganh"}


def validate(root: Path | str, as_of: date, dataset: Dataset | None = None) -> Report:
    """Validate every record under ROOT/content as of AS_OF."""
    data = dataset if dataset is not None else load(Path(root))
    report = Report()
    report.extend(data.problems)
    report.extend(check_schema(data))
    report.extend(check_references(data))
    report.extend(check_chronology(data, as_of))
    report.stats = {name: len(rows) for name, rows in data.tables.items()}
    report.stats["files"] = len(data.documents)
    return report


# -- schema ---------------------------------------------------------------------------------


def check_schema(data: Dataset) -> list[Problem]:
    """Validate the flattened tables with frictionless and map each error to its file and line."""
    from frictionless import Package, Resource, Schema

    resources = [
        Resource(name=name, data=rows, schema=Schema.from_descriptor(schema.tables()[name]))
        for name, rows in data.tables.items()
        if _has_rows(data, name)
    ]
    if not resources:
        return []
    package = Package(resources=resources)
    result = package.validate(limit_errors=1_000_000)
    problems: list[Problem] = []
    for task in result.tasks:
        table = task.name
        for error in task.errors:
            problems.append(_from_frictionless(data, table, error))
    return problems


def _has_rows(data: Dataset, table: str) -> bool:
    # A table referenced by a foreign key must be present even when empty.
    return bool(data.tables[table]) or any(
        fk["reference"]["resource"] == table
        for name, rows in data.tables.items()
        if rows
        for fk in schema.tables()[name].get("foreignKeys", [])
    )


def _from_frictionless(data: Dataset, table: str, error: Any) -> Problem:
    kind = error.type
    row_number = getattr(error, "row_number", None)
    source: Source | None = None
    row: dict[str, Any] = {}
    if row_number is not None and 0 <= row_number - 2 < len(data.sources[table]):
        source = data.sources[table][row_number - 2]
        row = data.tables[table][row_number - 2]
    column = getattr(error, "field_name", None)
    names = getattr(error, "field_names", None) or []
    if column is None and names:
        column = names[0]
    value = row.get(column) if column else None
    label = schema.title(table, column) if column else schema.resource_title(table)
    if kind == "constraint-error" and "required" in (error.note or ""):
        code, message = "missing-field", f"{label} is required; add '{_yaml_key(table, column)}'"
    elif kind == "type-error":
        expected = schema.field(table, column).get("type") if column else "value"
        code, message = "type-error", _type_message(label, value, expected)
    elif kind == "constraint-error":
        code, message = "constraint-error", _constraint_message(table, column, label, value)
    elif kind in ("primary-key", "unique-error"):
        code = "duplicate-id"
        key = source.record_id if source else ""
        message = (
            f"duplicate {schema.resource_title(table)} ({key}); numbers and ids must be unique"
        )
    elif kind == "foreign-key":
        code = "unknown-reference"
        target = _reference(table, column)
        message = (
            f"{label} '{value}' is not a known {schema.resource_title(target)} ({target}.id); "
            "fix the code or add the missing record"
        )
    else:
        code, message = kind, f"{schema.resource_title(table)}: {error.message}"
    if source is None:
        return Problem(code, message, field=column)
    return Problem(
        code,
        message,
        source.path,
        source.line_of(column),
        column,
        _entry_id(table, row, source),
    )


def _yaml_key(table: str, column: str | None) -> str:
    """How COLUMN is written in a record file: `petitioner: {kind: ...}` or `title:`."""
    for node in records.nodes():
        if node.table == table:
            for group in node.groups:
                if column and column.startswith(f"{group}_"):
                    return f"{group}: {{{column.removeprefix(group + '_')}: ...}}"
    return f"{column}:"


def _reference(table: str, column: str | None) -> str:
    for fk in schema.tables()[table].get("foreignKeys", []):
        if fk["fields"] == [column]:
            return str(fk["reference"]["resource"])
    return "units"


def _type_message(label: str, value: Any, expected: Any) -> str:
    hints = {
        "date": "a real date written YYYY-MM-DD, e.g. 2026-03-12",
        "integer": "a whole number",
        "boolean": "true or false",
        "array": "a list, e.g. [dat-dai, moi-truong]",
    }
    hint = hints.get(str(expected), str(expected))
    return f"{label} is '{value}', which is not {hint}"


def _constraint_message(table: str, column: str | None, label: str, value: Any) -> str:
    if column is None:
        return f"{label}: invalid value '{value}'"
    constraints = schema.field(table, column).get("constraints", {})
    if "enum" in constraints:
        return f"{label} is '{value}'; use one of: {', '.join(constraints['enum'])}"
    if "pattern" in constraints:
        return f"{label} '{value}' is not in the expected form ({constraints['pattern']})"
    too_short = isinstance(value, list | str) and len(value) < constraints.get("minLength", 0)
    if too_short:
        return f"{label} is empty; give at least {constraints['minLength']}"
    if "maxLength" in constraints and isinstance(value, str):
        return f"{label} is {len(value)} characters long; keep it under {constraints['maxLength']}"
    bounds = [f"{k} {constraints[k]}" for k in ("minimum", "maximum") if k in constraints]
    return f"{label} is '{value}', outside the allowed range ({', '.join(bounds)})"


def _entry_id(table: str, row: dict[str, Any], source: Source) -> str:
    if row.get("id"):
        return str(row["id"])
    parent = row.get("petition_id") or row.get("conference_id") or row.get("plan_id")
    if parent and row.get("no"):
        return f"{parent}/{table}[{row['no']}]"
    return source.record_id


# -- cross-record rules -------------------------------------------------------------------------


def _problem(
    data: Dataset, table: str, index: int, code: str, message: str, column: str | None, **kw: Any
) -> Problem:
    source = data.sources[table][index]
    row = data.tables[table][index]
    return Problem(
        code,
        message,
        source.path,
        source.line_of(column),
        column,
        _entry_id(table, row, source),
        **kw,
    )


def check_references(data: Dataset) -> list[Problem]:
    problems: list[Problem] = []
    unit_ids = {row["id"] for row in data.tables["units"]}
    profiles = _profiles(data.root)
    for table, columns in REFERENCE_COLUMNS.items():
        for index, row in enumerate(data.tables[table]):
            for column in columns:
                value = row.get(column)
                if isinstance(value, str) and not SLUG_RE.match(value):
                    problems.append(
                        _problem(
                            data,
                            table,
                            index,
                            "unsafe-id",
                            f"{schema.title(table, column)} '{value}' is not a valid code: use "
                            "lower-case letters, digits and '-' only (no '/', '..' or spaces)",
                            column,
                        )
                    )
    for index, row in enumerate(data.tables["units"]):
        successor = row.get("successor")
        if isinstance(successor, str) and SLUG_RE.match(successor) and successor not in unit_ids:
            problems.append(
                _problem(
                    data,
                    "units",
                    index,
                    "unknown-reference",
                    f"successor unit '{successor}' does not exist; add content/units/"
                    f"{successor}.yaml or fix the code",
                    "successor",
                )
            )
        profile = row.get("profile")
        if row.get("level") in DIALOGUE_LEVELS and not profile:
            problems.append(
                _problem(
                    data,
                    "units",
                    index,
                    "missing-field",
                    "a unit that holds dialogues needs the rule profile that applies to it; "
                    "add 'profile:' with the name of a file in content/rules/",
                    "profile",
                )
            )
        elif (
            profiles is not None
            and isinstance(profile, str)
            and SLUG_RE.match(profile)
            and profile not in profiles
        ):
            problems.append(
                _problem(
                    data,
                    "units",
                    index,
                    "unknown-profile",
                    f"rule profile '{profile}' has no file content/rules/{profile}.yaml; "
                    f"use one of: {', '.join(sorted(profiles)) or '(none yet)'}",
                    "profile",
                )
            )
    plan_ids = {row["id"] for row in data.tables["plans"]}
    for index, row in enumerate(data.tables["conferences"]):
        plan_id = row.get("plan_id")
        if plan_id and plan_id not in plan_ids:
            problems.append(
                _problem(
                    data,
                    "conferences",
                    index,
                    "unknown-reference",
                    f"plan '{plan_id}' does not exist (plans are content/plans/<unit>/<year>-<head>"
                    ".yaml, id <unit>.<year>.<head>)",
                    "plan_id",
                )
            )
        fields = row.get("fields")
        allowed = schema.enum("petitions", "field")
        if isinstance(fields, list):
            for value in fields:
                if value not in allowed:
                    problems.append(
                        _problem(
                            data,
                            "conferences",
                            index,
                            "constraint-error",
                            f"field '{value}' is not known; use one of: {', '.join(allowed)}",
                            "fields",
                        )
                    )
        if row.get("outcome") == "khong-thanh" and not row.get("minutes_number"):
            problems.append(
                _problem(
                    data,
                    "conferences",
                    index,
                    "missing-minutes",
                    "a failed dialogue (outcome: khong-thanh) must have its minutes: add "
                    "'minutes: {number: ..., url: ...}'",
                    "outcome",
                )
            )
    levels = {row["id"]: row.get("level") for row in data.tables["units"]}
    for index, row in enumerate(data.tables["supervision"]):
        level = levels.get(row.get("by"))
        if level is not None and level != "to-chuc":
            problems.append(
                _problem(
                    data,
                    "supervision",
                    index,
                    "supervisor-level",
                    f"supervision by '{row['by']}', which is not a Fatherland Front or mass "
                    "organisation (level to-chuc); check the code",
                    "by",
                    severity=WARNING,
                )
            )
    for index, row in enumerate(data.tables["petitions"]):
        if row.get("within_authority") is False and not row.get("forwarded_to"):
            problems.append(
                _problem(
                    data,
                    "petitions",
                    index,
                    "forwarded-to-missing",
                    "a petition outside the chair's authority should say where it was forwarded; "
                    "add 'forwarded_to:'",
                    "within_authority",
                    severity=WARNING,
                )
            )
    return problems


def _profiles(root: Path) -> set[str] | None:
    folder = Path(root) / "content" / "rules"
    if not folder.is_dir():
        return None
    return {p.stem for p in folder.glob("*.yaml")}


def _date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None  # reported as a type-error by the schema check


def check_chronology(data: Dataset, as_of: date) -> list[Problem]:
    problems: list[Problem] = []

    def order(table: str, index: int, earlier: Any, later: Any, column: str, what: str) -> None:
        first, second = _date(earlier), _date(later)
        if first is not None and second is not None and second < first:
            problems.append(
                _problem(
                    data,
                    table,
                    index,
                    "chronology",
                    f"{schema.title(table, column)} {second.isoformat()} is before {what} "
                    f"{first.isoformat()}; check the dates",
                    column,
                )
            )

    # Nothing that happened may be dated after as-of (planned conferences are plans, not facts).
    for table, rows in data.tables.items():
        if table == "planned_conferences":
            continue
        date_columns = [f["name"] for f in schema.tables()[table]["fields"] if f["type"] == "date"]
        date_columns = [c for c in date_columns if c not in ("valid_from", "valid_to", "due_on")]
        for index, row in enumerate(rows):
            for column in date_columns:
                value = _date(row.get(column))
                if value is not None and value > as_of:
                    problems.append(
                        _problem(
                            data,
                            table,
                            index,
                            "future-date",
                            f"{schema.title(table, column)} {value.isoformat()} is after "
                            f"{as_of.isoformat()} (the as-of date); record events once they happen",
                            column,
                        )
                    )

    conferences = data.index("conferences")
    units = data.index("units")
    for index, row in enumerate(data.tables["conferences"]):
        order(
            "conferences",
            index,
            row.get("invited_on"),
            row.get("held_on"),
            "held_on",
            "the invitation date",
        )
        unit = units.get(row.get("unit"))
        held = _date(row.get("held_on"))
        if unit is not None and held is not None:
            start, end = _date(unit.get("valid_from")), _date(unit.get("valid_to"))
            if (start and held < start) or (end and held > end):
                problems.append(
                    _problem(
                        data,
                        "conferences",
                        index,
                        "unit-inactive",
                        f"{unit['id']} did not exist on {held.isoformat()} (valid "
                        f"{start or '…'} to {end or '…'}); record it under the unit of that time",
                        "held_on",
                    )
                )
    for index, row in enumerate(data.tables["notices"]):
        held = conferences.get(row.get("conference_id"), {}).get("held_on")
        order("notices", index, held, row.get("issued_on"), "issued_on", "the conference")
        order(
            "notices",
            index,
            row.get("issued_on"),
            row.get("sent_up_on"),
            "sent_up_on",
            "the notice's issue date",
        )
    for table in ("corrections",):
        for index, row in enumerate(data.tables[table]):
            held = conferences.get(row.get("conference_id"), {}).get("held_on")
            order(table, index, held, row.get("date"), "date", "the conference")

    petitions = data.index("petitions")
    first_assignment: dict[str, Any] = {}
    for index, row in enumerate(data.tables["assignments"]):
        petition = petitions.get(row.get("petition_id"), {})
        held = conferences.get(petition.get("conference_id"), {}).get("held_on")
        order("assignments", index, held, row.get("assigned_on"), "assigned_on", "the conference")
        order(
            "assignments",
            index,
            row.get("assigned_on"),
            row.get("due_on"),
            "due_on",
            "the assignment",
        )
        first_assignment.setdefault(row.get("petition_id"), row.get("assigned_on"))
    previous: dict[str, Any] = {}
    for index, row in enumerate(data.tables["updates"]):
        pid = row.get("petition_id")
        petition = petitions.get(pid, {})
        held = conferences.get(petition.get("conference_id"), {}).get("held_on")
        if pid in first_assignment:
            order(
                "updates",
                index,
                first_assignment[pid],
                row.get("date"),
                "date",
                "the petition's assignment",
            )
        else:
            order("updates", index, held, row.get("date"), "date", "the conference")
        if pid in previous:
            order("updates", index, previous[pid], row.get("date"), "date", "the previous update")
        previous[pid] = row.get("date")
    for index, row in enumerate(data.tables["supervision"]):
        petition = petitions.get(row.get("petition_id"), {})
        held = conferences.get(petition.get("conference_id"), {}).get("held_on")
        order("supervision", index, held, row.get("date"), "date", "the conference")
    for index, row in enumerate(data.tables["petitions"]):
        held = _date(conferences.get(row.get("conference_id"), {}).get("held_on"))
        received = _date(row.get("received_on"))
        if held is not None and received is not None and received > held:
            problems.append(
                _problem(
                    data,
                    "petitions",
                    index,
                    "chronology",
                    f"received on {received.isoformat()}, after the conference of "
                    f"{held.isoformat()}; petitions raised at the conference need no received_on",
                    "received_on",
                )
            )
    for index, row in enumerate(data.tables["plans"]):
        year = row.get("year")
        registered = _date(row.get("registered_on"))
        if isinstance(year, int) and registered is not None and registered.year > year:
            problems.append(
                _problem(
                    data,
                    "plans",
                    index,
                    "chronology",
                    f"the {year} plan is registered on {registered.isoformat()}, after its year",
                    "registered_on",
                )
            )
    return problems
