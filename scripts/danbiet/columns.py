"""Compiled column checks: frictionless's cell checks on the flattened tables, without frictionless.

`danbiet validate` checks every cell of every table against `schemas/datapackage.json`. Doing it
with frictionless's `Package.validate` is faithful but slow: it deep-copies every row and builds
a `Row` object per row (most of a site build on a large portal). This module compiles each field
of the Data Package, once, into plain functions that read a cell exactly as frictionless 5.21
reads it (`Field.create_cell_reader` in frictionless/schema/field.py and `create_value_reader`
in frictionless/fields/*.py):

- a missing value (the field's, else the schema's `missingValues`, default `[""]`, compared with
  `str(cell)`) is None;
- any other cell is cast by its type; a cell that does not cast is one type error and its
  constraints are not checked;
- else each constraint the type supports is checked in frictionless's order (required,
  minLength, maxLength, pattern, minimum, maximum, enum), each failure one constraint error
  with frictionless's note. `pattern` is compiled as `^PATTERN$` and applied with `re.match`,
  as frictionless does (so a final newline passes).

`check_rows` gives the errors of a list of rows in the order frictionless reports them: row by
row; in a full run (given the key errors, which `danbiet.validate.check_keys` finds) the cells
of the primary key first, then those of each foreign key, as frictionless reads them, and a key
error after all the cell errors of its row; a row of only missing cells is one blank-row error.
Rows are numbered from 2, as frictionless numbers inline data (row 1 is the header).

Covered: types string (formats default and uri), integer (with bareNumber), boolean (with
trueValues and falseValues), date (default format) and array (without arrayItem); constraints
required, minLength, maxLength, pattern, enum, minimum and maximum; missingValues (strings);
primaryKey and foreignKeys (checked by danbiet.validate). A descriptor that uses anything else
(another type or format, `unique`, `arrayItem`, an unknown property) raises `Unsupported` when
compiled, and danbiet.validate then falls back to frictionless: the check is never silently
weaker. tests/test_columns.py compares both cell by cell and on whole repositories.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from danbiet import schema

TYPE_ERROR = "type-error"
CONSTRAINT_ERROR = "constraint-error"
BLANK_ROW = "blank-row"
PRIMARY_KEY = "primary-key"
FOREIGN_KEY = "foreign-key"

# frictionless's messages (errors/row.py) and defaults (settings.py).
BLANK_ROW_MESSAGE = 'Row at position "{}" is completely blank'
MISSING_VALUES = ("",)
TRUE_VALUES = ("true", "True", "TRUE", "1")
FALSE_VALUES = ("false", "False", "FALSE", "0")
DATE_PATTERN = "%Y-%m-%d"
FIRST_ROW = 2  # the header is row 1

# The constraints each type supports, in the order frictionless checks them. (frictionless also
# knows exclusiveMinimum and exclusiveMaximum, but refuses them in a Data Package v1 schema.)
CONSTRAINTS = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "integer": ("required", "minimum", "maximum", "enum"),
    "date": ("required", "minimum", "maximum", "enum"),
    "boolean": ("required", "enum"),
    "array": ("required", "minLength", "maxLength", "enum"),
}
FORMATS = {"string": (None, "default", "uri")}  # other types: default only
FIELD_KEYS = {"name", "type", "format", "title", "description", "constraints", "missingValues"}
FIELD_KEYS |= {"example", "rdfType"}
TYPE_KEYS = {"integer": {"bareNumber"}, "boolean": {"trueValues", "falseValues"}}
SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys", "missingValues"}

Error = tuple[str, str]  # (frictionless error type, note)
# A cell as frictionless reads it: its value (None: missing or not of the type), its errors, and
# whether it is blank (missing, which a type error is not).
Reading = tuple[Any, tuple[Error, ...], bool]


class Unsupported(Exception):
    """The descriptor uses something this module does not reproduce: use frictionless."""


def _never(cell: Any) -> bool:
    return False


@dataclass(frozen=True)
class Column:
    """One field, compiled. `read` is exact; `plain` and `accept` are fast paths, exact where
    they answer yes: `plain(cell)` only for a cell frictionless reads as itself, `accept(cell)`
    only for a cell it reads without error."""

    name: str
    read: Callable[[Any], Reading]  # not memoised; see `reader`
    missing: frozenset[str]
    plain: Callable[[Any], bool] = _never
    accept: Callable[[Any], bool] = _never

    def reader(self) -> Callable[[Any], Reading]:
        """`read`, memoised on text and integer cells (dates and codes repeat a few values).

        The memo lives as long as the returned function: take one per run."""
        read = self.read
        memo: dict[Any, Reading] = {}
        none = read(None)

        def cached(cell: Any) -> Reading:
            if cell is None:
                return none
            kind = type(cell)
            if kind is str or kind is int:  # not bool or float: True == 1 == 1.0 as keys
                try:
                    return memo[cell]
                except KeyError:
                    reading = memo[cell] = read(cell)
                    return reading
            return read(cell)

        return cached

    def caster(self) -> Callable[[Any], Any]:
        """The value frictionless compares in keys: the cell as read (None when missing or not
        of the field's type). Memoised: take one per run."""
        plain, read = self.plain, self.reader()

        def cast(cell: Any) -> Any:
            return cell if plain(cell) else read(cell)[0]

        return cast

    def blank(self, cell: Any) -> bool:
        """A missing cell (None or a missing value), which frictionless calls blank."""
        return cell is None or str(cell) in self.missing


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, ...], ...]  # the referring fields of each foreign key

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name}.{name}")


@cache
def package() -> dict[str, Table]:
    """The compiled checks of schemas/datapackage.json, table by table (raises Unsupported)."""
    return compile_package(schema.package_descriptor())


def compile_package(descriptor: Mapping[str, Any]) -> dict[str, Table]:
    return {
        resource["name"]: compile_table(resource["name"], resource["schema"])
        for resource in descriptor["resources"]
    }


def compile_table(name: str, descriptor: Mapping[str, Any]) -> Table:
    unknown = set(descriptor) - SCHEMA_KEYS
    if unknown:
        raise Unsupported(f"{name}: schema property {', '.join(sorted(unknown))}")
    missing = _missing_values(descriptor.get("missingValues", MISSING_VALUES))
    columns = tuple(compile_field(field, missing) for field in descriptor.get("fields") or [])
    if not columns:
        raise Unsupported(f"{name}: no fields")
    names = {column.name for column in columns}
    primary = descriptor.get("primaryKey") or []
    primary = [primary] if isinstance(primary, str) else primary
    foreign = []
    for fk in descriptor.get("foreignKeys", []):
        fields, target = fk.get("fields"), fk.get("reference", {}).get("fields")
        if not isinstance(fields, list) or not isinstance(target, list):
            raise Unsupported(f"{name}: a foreign key whose fields are not a list")
        foreign.append(tuple(fields))
    if not set(primary).issubset(names) or not all(set(f).issubset(names) for f in foreign):
        raise Unsupported(f"{name}: a key names a field the table does not have")
    return Table(name, columns, tuple(primary), tuple(foreign))


def compile_field(
    descriptor: Mapping[str, Any], missing: frozenset[str] = frozenset([""])
) -> Column:
    """One field's reader: (value, errors, blank) for a cell, as frictionless reads it."""
    name = descriptor["name"]
    kind = descriptor.get("type")
    if kind not in CONSTRAINTS:
        raise Unsupported(f"{name}: type {kind!r}")
    unknown = set(descriptor) - FIELD_KEYS - TYPE_KEYS.get(kind, set())
    if unknown:
        raise Unsupported(f"{name}: field property {', '.join(sorted(unknown))}")
    format_ = descriptor.get("format")
    if format_ not in FORMATS.get(kind, (None, "default")):
        raise Unsupported(f"{name}: format {format_!r} of type {kind}")
    if "missingValues" in descriptor:
        missing = _missing_values(descriptor["missingValues"])
    value_reader = _value_reader(kind, descriptor)
    type_errors: tuple[Error, ...] = ((TYPE_ERROR, f'type is "{kind}/{format_ or "default"}"'),)
    constraints = descriptor.get("constraints", {})
    extra = set(constraints) - set(CONSTRAINTS[kind])
    if extra:
        raise Unsupported(f"{name}: constraint {', '.join(sorted(extra))} of type {kind}")
    rules = [rule for rule in CONSTRAINTS[kind] if constraints.get(rule) is not None]
    checks = tuple(
        (_check(kind, rule, value, value_reader), f'constraint "{rule}" is "{value}"')
        for rule in rules
        for value in (constraints[rule],)
    )

    def read(cell: Any) -> Reading:
        if str(cell) in missing:
            cell = None
        target = None
        if cell is not None:
            target = value_reader(cell)
            if target is None:
                return None, type_errors, False
        if not checks:
            return target, (), cell is None
        errors = tuple((CONSTRAINT_ERROR, note) for check, note in checks if not check(target))
        return target, errors, cell is None

    plain = _plain(kind, value_reader, missing)
    present = [check for (check, _), rule in zip(checks, rules, strict=True) if rule != "required"]
    return Column(name, read, missing, plain, _conjunction([plain, *present]))


def _plain(
    kind: str, value_reader: Callable[[Any], Any], missing: frozenset[str]
) -> Callable[[Any], bool]:
    """A fast test for cells that frictionless reads as themselves: text in a text field,
    integers in an integer field, booleans in a boolean field (unless a missing value could be
    one of them)."""
    if kind == "string":
        if value_reader is _string:
            return lambda cell: type(cell) is str and cell not in missing
        return lambda cell: type(cell) is str and cell not in missing and _uri(cell) is not None
    if kind == "integer" and not any(re.fullmatch(r"-?[0-9]+", m) for m in missing):
        return lambda cell: type(cell) is int
    if kind == "boolean" and not missing & {"True", "False"}:
        return lambda cell: cell is True or cell is False
    return _never


def _conjunction(tests: list[Callable[[Any], bool]]) -> Callable[[Any], bool]:
    if _never in tests:
        return _never
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda cell: first(cell) and second(cell)
    return lambda cell: all(test(cell) for test in tests)


def _missing_values(entries: Any) -> frozenset[str]:
    # (Data Package v2 also allows {value, label} entries, which frictionless refuses in v1.)
    if not isinstance(entries, list | tuple) or not all(isinstance(e, str) for e in entries):
        raise Unsupported(f"missingValues {entries!r}")
    return frozenset(entries)


# -- types: frictionless/fields/<type>.py, create_value_reader ----------------------------------


def _value_reader(kind: str, descriptor: Mapping[str, Any]) -> Callable[[Any], Any]:
    if kind == "string":
        return _uri if descriptor.get("format") == "uri" else _string
    if kind == "integer":
        return _integer if descriptor.get("bareNumber", True) else _integer_in_text
    if kind == "boolean":
        values = {v: True for v in descriptor.get("trueValues", TRUE_VALUES)}
        values.update({v: False for v in descriptor.get("falseValues", FALSE_VALUES)})
        return lambda cell: _boolean(values, cell)
    if kind == "date":
        return _date
    return _array


def _string(cell: Any) -> str | None:
    return cell if isinstance(cell, str) else None


def _uri(cell: Any) -> str | None:
    """frictionless's test: rfc3986 finds a scheme. For ASCII text (which cannot fail to
    encode) that is rfc3986's own URI regular expression finding one."""
    if not isinstance(cell, str):
        return None
    if cell.isascii():
        return cell if _uri_matcher().match(cell).group("scheme") else None
    import rfc3986  # a dependency of frictionless, which validates URIs with it

    validator = rfc3986.validators.Validator()
    validator.require_presence_of("scheme")
    try:
        validator.validate(rfc3986.uri_reference(cell))
    except rfc3986.exceptions.ValidationError:
        return None
    return cell


@cache
def _uri_matcher() -> re.Pattern[str]:
    from rfc3986 import misc

    return misc.URI_MATCHER


def _integer(cell: Any) -> int | None:
    if isinstance(cell, str):
        try:
            return int(cell.strip())
        except Exception:
            return None
    if cell is True or cell is False:
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, Decimal) and cell % 1 == 0:
        return int(cell)
    return None


_NOT_DIGITS = re.compile(r"((^[^-\d]*)|(\D*$))")


def _integer_in_text(cell: Any) -> int | None:  # bareNumber: false
    if isinstance(cell, str):
        cell = _NOT_DIGITS.sub("", cell.strip())
    return _integer(cell)


def _boolean(values: dict[str, bool], cell: Any) -> bool | None:
    if cell is True or cell is False:
        return cell
    if isinstance(cell, str):
        return values.get(cell)
    return None


def _date(cell: Any) -> date | None:
    if isinstance(cell, datetime):
        if cell.hour == 0 and cell.minute == 0 and cell.second == 0:
            return datetime(cell.year, cell.month, cell.day).date()
        return None
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        return None
    try:
        return datetime.strptime(cell, DATE_PATTERN).date()
    except Exception:
        return None


def _array(cell: Any) -> list[Any] | None:
    if isinstance(cell, list):
        return cell
    if isinstance(cell, tuple):
        return list(cell)
    if isinstance(cell, str):
        try:
            cell = json.loads(cell)
        except Exception:
            return None
        return cell if isinstance(cell, list) else None
    return None


# -- constraints: frictionless/schema/field.py, check_<name> -------------------------------------

_COMPARE = {"minimum": operator.ge, "maximum": operator.le}


def _check(
    kind: str, rule: str, value: Any, value_reader: Callable[[Any], Any]
) -> Callable[[Any], bool]:
    """Whether a read cell (None: missing) passes RULE with VALUE."""
    if rule == "required":
        return lambda cell: not (value and cell is None)
    if rule == "minLength":
        return lambda cell: cell is None or len(cell) >= value
    if rule == "maxLength":
        return lambda cell: cell is None or len(cell) <= value
    if rule == "pattern":
        pattern = re.compile(f"^{value}$")
        return lambda cell: cell is None or pattern.match(cell) is not None
    if rule == "enum":
        allowed = list(map(value_reader, value))
        if all(type(item) is str for item in allowed):
            allowed_text = frozenset(allowed)
            return lambda cell: cell is None or cell in allowed_text
        return lambda cell: cell is None or cell in allowed
    bound = value_reader(value)
    if bound is None:
        raise Unsupported(f"{rule} {value!r} is not a {kind}")
    compare = _COMPARE[rule]
    # A NaN (not equal to itself) is out of every bound.
    return lambda cell: cell is None or (cell == cell and bool(compare(cell, bound)))


# -- rows -----------------------------------------------------------------------------------------

RowError = tuple[int, str, str | None, str]  # (position in ROWS, error type, field, note)
KeyFinding = tuple[str, int | None]  # (PRIMARY_KEY, None) or (FOREIGN_KEY, number of the key)


def check_rows(
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    keys: Mapping[int, Sequence[KeyFinding]] | None = None,
) -> list[RowError]:
    """The errors frictionless reports for ROWS of TABLE, in its order.

    Without KEYS, the rows are checked as frictionless checks a table without keys (the `only`
    run of danbiet.validate). With KEYS (position -> the key errors of that row, found by
    `check_keys`), as frictionless checks a table with its keys: it reads the key cells first.
    """
    readers = [(column.name, column.accept, column.reader()) for column in table.columns]
    first = table.columns[0]
    errors: list[RowError] = []
    for position, row in enumerate(rows):
        get = row.get
        found: dict[str, tuple[Error, ...]] | None = None
        for name, accept, read in readers:
            cell = get(name)
            if accept(cell):
                continue
            cell_errors = read(cell)[1]
            if cell_errors:
                if found is None:
                    found = {}
                found[name] = cell_errors
        blank = first.blank(get(first.name)) and all(
            column.blank(get(column.name)) for column in table.columns
        )
        key_errors = keys.get(position, ()) if keys is not None else ()
        if found is None and not blank and not key_errors:
            continue
        ordered = _row_errors(table, found or {}, blank, position, keys is not None, key_errors)
        errors.extend((position, kind, name, note) for kind, name, note in ordered)
    return errors


def _row_errors(
    table: Table,
    found: Mapping[str, tuple[Error, ...]],
    blank: bool,
    position: int,
    keyed: bool,
    key_errors: Sequence[KeyFinding],
) -> list[tuple[str, str | None, str]]:
    """One row's errors in frictionless's order (frictionless/table/row.py, `Row.__process`, and
    resources/table.py, `row_stream`): a cell's errors come when it is first read; reading all the
    cells (`row.errors`) makes a blank row one blank-row error; a key error comes after that."""
    out: list[tuple[str, str | None, str]] = []
    read: set[str] = set()
    processed = False

    def cell(name: str) -> None:
        if name not in read:
            read.add(name)
            out.extend((kind, name, note) for kind, note in found.get(name, ()))

    def process() -> None:
        nonlocal processed
        if processed:
            return
        processed = True
        for column in table.columns:
            cell(column.name)
        if blank:
            out[:] = [(BLANK_ROW, None, BLANK_ROW_MESSAGE.format(position + FIRST_ROW))]

    if keyed:
        if table.primary_key:
            for name in table.primary_key:
                cell(name)
            if (PRIMARY_KEY, None) in key_errors:
                process()
                out.append((PRIMARY_KEY, None, ""))
        for number, fields in enumerate(table.foreign_keys):
            for name in fields:
                cell(name)
            if (FOREIGN_KEY, number) in key_errors:
                process()
                out.append((FOREIGN_KEY, fields[0], ""))
    process()
    return out
