"""Load untrusted YAML records safely, keeping the line of every value.

Every record file comes from a pull request and is untrusted. This loader:

- reads bytes with a size cap and decodes strict UTF-8 (a bad byte is reported with its line);
- drives libyaml's event parser (or PyYAML's pure-Python one) and builds plain dicts, lists and
  scalars itself, so no object is ever constructed from a tag;
- refuses anchors and aliases (no alias bombs), explicit tags, nesting deeper than `MAX_DEPTH`,
  duplicate keys, non-scalar keys and more than one document;
- resolves plain scalars with the YAML 1.2 core schema: `null`, `true`/`false`, integers and floats.
  Everything else, dates included, stays a string: `no`, `on` and `2026-02-30` are never silently
  turned into something else. Dates are checked later, by the schema, with their line.

`load_text` returns a `Document`: the data and a map from each value's path to its 1-based line.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is much faster; fall back to the pure-Python parser.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 24

PathKey = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


class YamlError(Exception):
    """A file that cannot be read as a record. `code` is stable; `line` is 1-based or None."""

    def __init__(self, code: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


@dataclass
class Document:
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int | None:
        """The line of the value at `path`, or of its nearest enclosing value."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema resolution of a plain (unquoted) scalar."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value) and any(ch.isdigit() for ch in value):
        return float(value)
    return value


def read_text(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> str:
    """Read a record file as UTF-8 text, refusing oversized and non-UTF-8 files."""
    # Open without blocking and check what was opened: a FIFO or device named *.yaml must not
    # hang the run, and the size is checked on the open file itself.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise YamlError(
                "unsafe-path",
                "this is not a regular file (a pipe or device?); records are plain text files",
            )
        if info.st_size > max_bytes:
            raise YamlError(
                "too-large",
                f"file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit for one "
                "record; split it (one conference per file)",
            )
        raw = handle.read(max_bytes + 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            "not-utf8",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
            line,
        ) from None
    return text.removeprefix("\ufeff")


def load_file(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> Document:
    return load_text(read_text(path, max_bytes))


def load_text(text: str) -> Document:
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise YamlError("empty-file", "the file is empty; delete it or fill in the record", 1)
    # libyaml follows YAML 1.1 and breaks lines at U+0085, U+2028 and U+2029 (common in text
    # pasted from web pages); editors and git do not. Hide them during parsing so line numbers
    # match the file, and give them back in the values.
    hidden = any(ch in text for ch in _SEPARATORS)
    if hidden:
        text = text.translate(_HIDE)
    builder = _Builder(restore=hidden)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or str(exc)
        raise YamlError("yaml-syntax", f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError("yaml-syntax", f"invalid YAML: {exc}") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise YamlError("too-deep", "the document is nested too deeply") from None
    if builder.documents == 0:
        raise YamlError("empty-file", "the file holds no YAML document", 1)
    return Document(builder.root, builder.lines)


_SEPARATORS = "\u0085\u2028\u2029"
_STAND_INS = "\uf085\uf028\uf029"  # private-use characters
_HIDE = str.maketrans(_SEPARATORS, _STAND_INS)
_SHOW = str.maketrans(_STAND_INS, _SEPARATORS)


class _Builder:
    """Builds plain Python values from a stream of PyYAML events."""

    def __init__(self, restore: bool = False) -> None:
        self.restore = restore
        self.root: Any = None
        self.lines: dict[PathKey, int] = {}
        self.documents = 0
        # Stack of open containers: (container, path, pending key or None, key line)
        self._stack: list[list[Any]] = []

    def feed(self, event: yaml.Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlError(
                    "multiple-documents",
                    "a record file holds exactly one YAML document; remove the extra '---'",
                    line,
                )
            return
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(
                "yaml-alias",
                "YAML aliases (*name) are not allowed in records; write the value out",
                line,
            )
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.anchor is not None:
                raise YamlError(
                    "yaml-alias",
                    f"YAML anchors (&{event.anchor}) are not allowed in records; remove it",
                    line,
                )
            if event.tag not in (None, "!"):
                raise YamlError(
                    "yaml-tag",
                    f"YAML tags ({event.tag}) are not allowed in records; remove the tag",
                    line,
                )
        if isinstance(event, yaml.ScalarEvent):
            raw = event.value.translate(_SHOW) if self.restore else event.value
            plain = event.implicit[0] and event.tag is None
            value = resolve_plain(raw) if plain else raw
            self._add(value, line, scalar=True, raw=raw)
        elif isinstance(event, yaml.MappingStartEvent):
            self._open({}, line)
        elif isinstance(event, yaml.SequenceStartEvent):
            self._open([], line)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self._stack.pop()
            if isinstance(frame[0], dict) and frame[2] is not _NO_KEY:
                raise YamlError("yaml-syntax", "a mapping key has no value", frame[3])

    def _open(self, container: dict[str, Any] | list[Any], line: int | None) -> None:
        if len(self._stack) >= MAX_DEPTH:
            raise YamlError(
                "too-deep",
                f"the document is nested more than {MAX_DEPTH} levels deep; records are shallower",
                line,
            )
        path = self._add(container, line, scalar=False)
        self._stack.append([container, path, _NO_KEY, line])

    def _add(self, value: Any, line: int | None, *, scalar: bool, raw: str = "") -> PathKey:
        if not self._stack:
            self.root = value
            if line is not None:
                self.lines[()] = line
            return ()
        frame = self._stack[-1]
        container, parent = frame[0], frame[1]
        if isinstance(container, list):
            path = (*parent, len(container))
            container.append(value)
        elif frame[2] is _NO_KEY:  # this value is a key
            if not scalar:
                raise YamlError("yaml-syntax", "mapping keys must be plain names", line)
            key = raw  # keys are names as written: `no:`, `null:` and `1:` are text
            if key in container:
                raise YamlError(
                    "duplicate-key", f"key '{key}' appears twice in the same mapping", line
                )
            frame[2], frame[3] = key, line
            return parent
        else:
            key = frame[2]
            path = (*parent, key)
            container[key] = value
            frame[2] = _NO_KEY
        if line is not None:
            # A value's line is where its key stands (friendlier for block mappings).
            self.lines[path] = frame[3] if isinstance(container, dict) else line
        return path


_NO_KEY: Any = object()
