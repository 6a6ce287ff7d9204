"""Who owns what: `content/owners.yaml`, the CODEOWNERS file made from it, and membership.

`content/owners.yaml` (not a record: the loader skips it) says which GitHub teams may change the
records of each unit, and who the members of those teams are:

    maintainers: [an-lac/quan-tri]          # schemas/, scripts/, .github/, owners.yaml, rules
    default: [an-lac/van-phong-ubnd-tinh]   # units not listed below, calendars, portal.yaml
    supervision: [an-lac/mttq]              # who may add supervision entries (MTTQ)
    units:
      xa-tan-an: [an-lac/van-phong-xa-tan-an]
    teams:
      an-lac/van-phong-xa-tan-an: [login-1, login-2]

A team is `<organisation>/<team>` as on GitHub; an entry without '/' is one user's login. Logins
compare case-insensitively, as on GitHub.

`danbiet owners` writes `.github/CODEOWNERS` from it (GitHub then asks the owning team to
review); `danbiet check --author` refuses changes by people outside the owning team, using the
membership listed here (the CI cannot read GitHub team membership with its default token).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from danbiet import records
from danbiet.safeyaml import Document, YamlError, load_text, read_text

OWNERS_FILE = "content/owners.yaml"
CODEOWNERS_FILE = ".github/CODEOWNERS"
COMMAND = "danbiet owners"
KEYS = ("maintainers", "default", "supervision", "units", "teams")

LOGIN = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
LOGIN_RE = re.compile(rf"{LOGIN}\Z")
TEAM_RE = re.compile(rf"{LOGIN}/[A-Za-z0-9][A-Za-z0-9._-]{{0,99}}\Z")
# Folders of content/ holding one sub-folder per unit.
UNIT_FOLDERS = ("conferences", "plans", "reports")
# Paths owned by the maintainers (besides content/owners.yaml).
MAINTAINED = ("/schemas/", "/scripts/", "/.github/", "/content/rules/")


class OwnersError(Exception):
    """content/owners.yaml cannot be used; the message names file:line and the fix."""


@dataclass
class Owners:
    maintainers: tuple[str, ...] = ()
    default: tuple[str, ...] = ()
    supervision: tuple[str, ...] = ()
    units: dict[str, tuple[str, ...]] = field(default_factory=dict)
    teams: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def owners_of(self, rel: str) -> tuple[str, ...]:
        """The teams (or logins) owning the repository path REL, as in CODEOWNERS."""
        if not rel.startswith("content/") or rel == OWNERS_FILE or rel.startswith("content/rules/"):
            return self.maintainers
        unit = unit_of(rel)
        if unit is not None and unit in self.units:
            return self.units[unit]
        return self.default

    def members(self, owners: tuple[str, ...]) -> set[str]:
        """The logins (lower case) in OWNERS: members of each team, or the login itself."""
        out: set[str] = set()
        for owner in owners:
            if "/" in owner:
                out.update(login.lower() for login in self.teams.get(owner, ()))
            else:
                out.add(owner.lower())
        return out

    def is_member(self, login: str, owners: tuple[str, ...]) -> bool:
        return login.lower() in self.members(owners)


def unit_of(rel: str) -> str | None:
    """The unit whose records are at REL (`content/conferences/<unit>/...`, `units/<unit>.yaml`)."""
    parts = rel.split("/")
    if len(parts) >= 3 and parts[0] == "content":
        if parts[1] in UNIT_FOLDERS and len(parts) >= 4:
            return parts[2]
        if parts[1] == "units" and len(parts) == 3 and parts[2].endswith(".yaml"):
            return parts[2].removesuffix(".yaml")
    return None


def _list(document: Document, path: tuple[str, ...], value: object, logins_only: bool) -> tuple:
    """The list at PATH: teams (org/team) or logins; LOGINS_ONLY for a team's members."""
    line = document.line_of(path)
    where = f"{OWNERS_FILE}:{line}" if line else OWNERS_FILE
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise OwnersError(f"{where}: {'.'.join(path)} must be a list, e.g. [an-lac/mttq]")
    out = []
    for item in value:
        text = str(item)
        ok = isinstance(item, str) and (
            LOGIN_RE.match(text) or (not logins_only and TEAM_RE.match(text))
        )
        if not ok:
            expected = "a GitHub login" if logins_only else "a team (org/team) or a GitHub login"
            raise OwnersError(f"{where}: '{text}' in {'.'.join(path)} is not {expected}")
        out.append(text)
    return tuple(out)


def parse_owners(text: str) -> Owners:
    """Owners from the text of content/owners.yaml. Raises OwnersError naming file:line."""
    try:
        document = load_text(text)
    except YamlError as exc:
        where = f"{OWNERS_FILE}:{exc.line}" if exc.line else OWNERS_FILE
        raise OwnersError(f"{where}: [{exc.code}] {exc.message}") from None
    data = document.data
    if not isinstance(data, dict):
        raise OwnersError(f"{OWNERS_FILE}:1: owners are a mapping (maintainers:, units:, ...)")
    for key in data:
        if key not in KEYS:
            raise OwnersError(
                f"{OWNERS_FILE}:{document.line_of((key,))}: unknown key '{key}'; "
                f"known: {', '.join(KEYS)}"
            )
    owners = Owners(
        maintainers=_list(document, ("maintainers",), data.get("maintainers"), False),
        default=_list(document, ("default",), data.get("default"), False),
        supervision=_list(document, ("supervision",), data.get("supervision"), False),
    )
    for name in ("units", "teams"):
        value = data.get(name) or {}
        if not isinstance(value, dict):
            line = document.line_of((name,))
            raise OwnersError(f"{OWNERS_FILE}:{line}: {name} must be a mapping")
    for unit, value in (data.get("units") or {}).items():
        if not records.SLUG_RE.match(unit):
            line = document.line_of(("units", unit))
            raise OwnersError(f"{OWNERS_FILE}:{line}: '{unit}' is not a unit code")
        owners.units[unit] = _list(document, ("units", unit), value, False)
    for team, value in (data.get("teams") or {}).items():
        line = document.line_of(("teams", team))
        if not TEAM_RE.match(team):
            raise OwnersError(f"{OWNERS_FILE}:{line}: '{team}' is not a team (org/team)")
        owners.teams[team] = _list(document, ("teams", team), value, True)
    if not owners.maintainers:
        raise OwnersError(
            f"{OWNERS_FILE}:1: name the maintainers team (maintainers: [org/team]); they own "
            "schemas/, scripts/, .github/ and this file"
        )
    return owners


def load_owners(root: Path) -> Owners | None:
    """ROOT/content/owners.yaml, or None when there is none. Raises OwnersError."""
    path = Path(root) / OWNERS_FILE
    if path.is_symlink():
        raise OwnersError(f"{OWNERS_FILE} must be a real file, not a symbolic link")
    if not path.exists():
        return None
    if not path.is_file():
        raise OwnersError(f"{OWNERS_FILE} is not a regular file")
    try:
        return parse_owners(read_text(path))
    except YamlError as exc:
        raise OwnersError(f"{OWNERS_FILE}: [{exc.code}] {exc.message}") from None


def _handles(owners: tuple[str, ...]) -> str:
    return " ".join(f"@{owner}" for owner in owners)


def codeowners(owners: Owners) -> str:
    """The text of .github/CODEOWNERS. In CODEOWNERS the last matching line wins."""
    rows: list[tuple[str, tuple[str, ...]]] = [("*", owners.maintainers)]
    if owners.default:
        rows.append(("/content/", owners.default))
    for unit in sorted(owners.units):
        teams = owners.units[unit]
        rows.append((f"/content/units/{unit}.yaml", teams))
        for folder in UNIT_FOLDERS:
            # The supervision team records findings in conference files.
            extra = tuple(t for t in owners.supervision if t not in teams)
            rows.append(
                (f"/content/{folder}/{unit}/", teams + (extra if folder == "conferences" else ()))
            )
    for path in (*MAINTAINED, f"/{OWNERS_FILE}"):
        rows.append((path, owners.maintainers))
    width = max(len(path) for path, _ in rows) + 2
    lines = [
        f"# Generated by `{COMMAND}` from {OWNERS_FILE}; do not edit by hand.",
        "# Tệp này được sinh tự động từ content/owners.yaml: sửa tệp đó rồi chạy `danbiet owners`.",
        "# The last matching line wins.",
        "",
    ]
    for path, teams in rows:
        if teams:
            lines.append(f"{path:<{width}}{_handles(teams)}".rstrip())
    return "\n".join(lines) + "\n"
