"""One canonical YAML form for records, so reviews show content changes, not style.

Canonical form: keys in schema order (groups where their first column stands, then the notice,
then child lists), block style, lists of plain values inline (`fields: [dat-dai, moi-truong]`),
dates unquoted, UTF-8 text without escapes, quotes only where YAML needs them, multi-line text as
literal blocks, two-space indentation, one newline at the end. Leading comment lines are kept;
other comments are not, so explanations belong in `note` fields. The first line of a record file
is `# yaml-language-server: $schema=<relative path to schemas/json/<kind>.schema.json>` (see
`schema_comment`), so editors validate and autocomplete it; an older such line is replaced.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from danbiet import records, schema
from danbiet.loader import CONTENT, discover, discover_only
from danbiet.problems import Problem
from danbiet.safeyaml import YamlError, load_text, read_text, resolve_plain

# Plain words that YAML 1.1 readers (PyYAML's safe_load, older tools) would not read as text.
# Records are read by YAML 1.2 rules (danbiet.safeyaml), where they are text; values holding
# them are still quoted so that every reader agrees. Keys such as a petition's `no` stay plain.
YAML11_WORDS = {
    word
    for base in ("yes", "no", "on", "off", "y", "n", "true", "false", "null")
    for word in (base, base.capitalize(), base.upper())
}
_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class _Dumper(yaml.SafeDumper):
    """SafeDumper that indents list items and quotes by the rules records are read with."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def represent_dict(self, data: Any) -> yaml.MappingNode:  # type: ignore[override]
        node = yaml.MappingNode("tag:yaml.org,2002:map", [], flow_style=False)
        for key, value in data.items():
            if isinstance(key, str):
                style = "'" if resolve_plain(key) != key else None
                key_node = yaml.ScalarNode("tag:yaml.org,2002:str", key, style=style)
            else:
                key_node = self.represent_data(key)
            node.value.append((key_node, self.represent_data(value)))
        return node


# Dates stay strings in records, so they may be written plain (no timestamp resolver), and only
# YAML 1.2 booleans resolve to booleans.
_Dumper.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Dumper.yaml_implicit_resolvers.setdefault(_first, []).append(
        ("tag:yaml.org,2002:bool", _BOOL_12)
    )


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        style: str | None = "|"
    elif resolve_plain(value) != value or value in YAML11_WORDS:
        style = "'"  # would not read back as this text
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    flow = bool(value) and all(not isinstance(v, dict | list) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _Dumper.represent_dict)


def key_order(node: records.Node) -> list[str]:
    """The canonical order of the keys of a mapping described by NODE."""
    order: list[str] = []
    for column in schema.columns(node.table):
        if column in node.derived:
            continue
        group = next((g for g in node.groups if column.startswith(f"{g}_")), None)
        key = group or column
        if key not in order:
            order.append(key)
    order.extend(key for key, _ in node.maps)
    order.extend(key for key, _ in node.lists)
    return order


def canonical(value: Any, node: records.Node | None) -> Any:
    """Reorder VALUE's keys (recursively) into the canonical order of NODE; drop empty values."""
    if not isinstance(value, dict) or node is None:
        return value
    children = {**dict(node.lists), **dict(node.maps)}
    order = key_order(node)
    rank = {key: index for index, key in enumerate(order)}
    out: dict[str, Any] = {}
    for key in sorted(value, key=lambda k: (rank.get(k, len(rank)), str(k))):
        item = value[key]
        if item is None:
            continue
        if key in node.groups and isinstance(item, dict):
            sub_order = [c.removeprefix(f"{key}_") for c in schema.columns(node.table)]
            sub_rank = {sub: i for i, sub in enumerate(sub_order)}
            item = {
                sub: item[sub]
                for sub in sorted(item, key=lambda s: (sub_rank.get(s, len(sub_rank)), str(s)))
                if item[sub] is not None
            }
        elif key in children:
            child = children[key]
            item = (
                [canonical(i, child) for i in item]
                if isinstance(item, list)
                else canonical(item, child)
            )
        out[key] = item
    return out


def dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10**6,
        indent=2,
    )


SCHEMA_COMMENT = "# yaml-language-server: $schema="
_SCHEMA_COMMENT_RE = re.compile(r"#\s*yaml-language-server:")


def schema_comment(rel: str) -> str | None:
    """The editor's schema line for the record file at REL (`content/...`, POSIX separators).

    The path is relative from the file to `schemas/json/<kind>.schema.json` at the root of the
    repository (the files `danbiet schema` writes). None when REL is not a record file.
    """
    found = records.classify(rel.removeprefix(f"{CONTENT}/"))
    if found is None:
        return None
    up = "../" * rel.count("/")
    return f"{SCHEMA_COMMENT}{up}schemas/json/{found[0].name}.schema.json"


def format_text(text: str, node: records.Node | None, rel: str | None = None) -> str:
    """The canonical form of one record's text. Raises YamlError on unreadable input.

    With REL (the file's path, `content/...`), the first line becomes its `schema_comment`.
    """
    document = load_text(text)
    header = []
    for line in text.splitlines():
        if line.startswith("#"):
            header.append(line)
        else:
            break
    comment = schema_comment(rel) if rel is not None else None
    if comment is not None:
        header = [comment, *(line for line in header if not _SCHEMA_COMMENT_RE.match(line))]
    body = dump(canonical(document.data, node))
    return "\n".join([*header, body.rstrip("\n")]) + "\n"


@dataclass
class FormatResult:
    path: str
    original: str
    formatted: str

    @property
    def changed(self) -> bool:
        return self.original != self.formatted

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.original.splitlines(keepends=True),
                self.formatted.splitlines(keepends=True),
                fromfile=f"{self.path} (as written)",
                tofile=f"{self.path} (canonical)",
            )
        )


def format_tree(
    root: Path, only: set[str] | None = None
) -> tuple[list[FormatResult], list[Problem]]:
    """Canonical forms of every record file under ROOT/content, or of those in ONLY
    (repository-relative paths); nothing is written."""
    results: list[FormatResult] = []
    if only is not None:
        files, problems = discover_only(Path(root), only)
    else:
        files, problems = discover(Path(root))
    for rel, path in files:
        found = records.classify(rel.removeprefix(f"{CONTENT}/"))
        if found is None:
            continue  # rules, calendars and misplaced files keep their own layout
        try:
            original = read_text(path)
            formatted = format_text(original, found[0].node, rel)
        except YamlError as exc:
            problems.append(Problem(exc.code, exc.message, rel, exc.line))
            continue
        results.append(FormatResult(rel, original, formatted))
    return results, problems
