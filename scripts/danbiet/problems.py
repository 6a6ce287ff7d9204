"""Problems are data: a stable code, where it is, and what to do about it.

Every command that checks something returns a `Report` of `Problem`s. The CLI prints
`path:line: [code] message` and exits 1 when there is an error. Tests assert on codes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    path: str | None = None  # repository-relative, POSIX separators
    line: int | None = None
    field: str | None = None
    record: str | None = None  # id of the record or entry concerned
    severity: str = ERROR

    def location(self) -> str:
        if self.path is None:
            return "danbiet"
        return f"{self.path}:{self.line}" if self.line else self.path

    def format(self) -> str:
        label = "" if self.severity == ERROR else f"{self.severity}: "
        where = f" ({self.field})" if self.field else ""
        return f"{self.location()}: [{self.code}] {label}{self.message}{where}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sort_key(self) -> tuple[str, int, str]:
        return (self.path or "", self.line or 0, self.code)


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def codes(self) -> list[str]:
        return [p.code for p in self.sorted()]

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=Problem.sort_key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "stats": dict(self.stats),
            "problems": [p.to_dict() for p in self.sorted()],
        }
