"""A fast writer of the canonical record YAML of `danbiet.fmt`, for generated records.

`danbiet.fmt` produces the canonical text through PyYAML's emitter, which is far too slow for
hundreds of thousands of records. This module writes the same text directly for the values
records hold (mappings with string keys, lists, strings, integers and booleans), given mappings
whose keys are already in canonical order (`danbiet.fmt.key_order`) and without None values.

Scalar styles follow PyYAML's choices exactly: a string is written plain when PyYAML would write
it plain, else in single quotes. Strings outside the common case (control characters, line breaks,
unusual Unicode) are handed to PyYAML itself, so the result is always the canonical text.
`tests/test_synth.py` checks the output against `danbiet.fmt.format_text`.
"""

from __future__ import annotations

import re
from typing import Any

from danbiet.fmt import YAML11_WORDS, _Dumper, dump
from danbiet.safeyaml import resolve_plain

# Characters that PyYAML writes as they are in a plain or single-quoted scalar (printable, not a
# line break, not a byte-order mark). Anything else goes through PyYAML.
_ORDINARY = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*\\Z")
# First characters that make a plain scalar impossible (YAML indicators and spaces).
_BAD_FIRST = set("#,[]{}&*!|>'\"%@` ")
_RESOLVERS = _Dumper.yaml_implicit_resolvers


def _implicit_other(text: str) -> bool:
    """True when the dumper's resolver would read TEXT, written plain, as something else."""
    return any(regexp.match(text) for _tag, regexp in _RESOLVERS.get(text[0], ()))


def scalar(value: Any, flow: bool = False) -> str:
    """The canonical text of one scalar value (block context unless FLOW)."""
    kind = type(value)
    if kind is str:
        cache = _FLOW if flow else _BLOCK
        text = cache.get(value)
        if text is None:
            text = _string(value, flow)
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            cache[value] = text
        return text
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    raise TypeError(f"records hold text, numbers and booleans, not {kind.__name__}")


# Texts repeat a lot (codes, dates, statuses, notes): their written forms are remembered.
_BLOCK: dict[str, str] = {}
_FLOW: dict[str, str] = {}
_CACHE_LIMIT = 500_000


def _string(text: str, flow: bool) -> str:
    if not text or not _ORDINARY.match(text) or text[0] in "?:-" or text.startswith("..."):
        return _pyyaml(text, flow)  # rare forms: let PyYAML decide
    plain = (
        text[0] not in _BAD_FIRST
        and text[-1] != " "
        and text[-1] != ":"
        and ": " not in text
        and " #" not in text
        and not (flow and any(ch in text for ch in ",?[]{}:"))
    )
    if plain and (text in YAML11_WORDS or resolve_plain(text) != text or _implicit_other(text)):
        plain = False
    if plain:
        return text
    return "'" + text.replace("'", "''") + "'"


def _pyyaml(text: str, flow: bool) -> str:
    if flow:
        out = dump({"k": [text]})
        return out[len("k: [") : -len("]\n")]
    out = dump({"k": text})
    if "\n" in out[:-1]:
        raise ValueError("multi-line text is not written by this writer")
    return out[len("k: ") : -1]


def mapping(data: dict[str, Any], indent: int = 0) -> str:
    """The block text of a mapping at INDENT spaces, one key per line, ending with a newline."""
    out: list[str] = []
    _mapping(data, indent, out, "")
    return "".join(out)


def _mapping(data: dict[str, Any], indent: int, out: list[str], first: str) -> None:
    pad = " " * indent
    lead = first
    known = _BLOCK.get
    for key, value in data.items():
        prefix = lead or pad
        lead = ""
        kind = type(value)
        if kind is str:
            text = known(value)
            if text is None:
                text = scalar(value)
            out.append(f"{prefix}{key}: {text}\n")
        elif kind is dict:
            if not value:
                out.append(f"{prefix}{key}: {{}}\n")
                continue
            out.append(f"{prefix}{key}:\n")
            _mapping(value, indent + 2, out, "")
        elif kind is list:
            if not value:
                out.append(f"{prefix}{key}: []\n")
            elif all(type(item) not in (dict, list) for item in value):
                items = ", ".join(scalar(item, flow=True) for item in value)
                out.append(f"{prefix}{key}: [{items}]\n")
            else:
                out.append(f"{prefix}{key}:\n")
                items_list(value, indent + 2, out)
        else:
            out.append(f"{prefix}{key}: {scalar(value)}\n")


def items_list(items: list[Any], indent: int, out: list[str]) -> None:
    """Append the block-list text of ITEMS (mappings) at INDENT spaces to OUT."""
    pad = " " * indent
    for item in items:
        if type(item) is not dict or not item:
            raise TypeError("block lists in records hold non-empty mappings")
        _mapping(item, indent + 2, out, f"{pad}- ")


def list_item(item: dict[str, Any], indent: int) -> str:
    """The text of one block-list entry (a mapping) whose dash stands at INDENT spaces."""
    out: list[str] = []
    _mapping(item, indent + 2, out, " " * indent + "- ")
    return "".join(out)
