"""Portal settings (`content/portal.yaml`), all optional.

imported_until: 2026-11-30
    Records first published on main on or before this date were imported from earlier paper
    or electronic archives when the portal started; for them the Git ledger cannot say when
    they were published, so publication obligations are judged on their declared dates.
    Everything published later is judged on the time it reached main.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from danbiet.safeyaml import YamlError, load_file

SETTINGS_FILE = "portal.yaml"
KNOWN = {"imported_until"}


class SettingsError(Exception):
    pass


@dataclass(frozen=True)
class Settings:
    imported_until: date | None = None


def load_settings(root: Path) -> Settings:
    path = Path(root) / "content" / SETTINGS_FILE
    if not path.is_file() or path.is_symlink():
        return Settings()
    rel = f"content/{SETTINGS_FILE}"
    try:
        document = load_file(path)
    except YamlError as exc:
        raise SettingsError(f"{rel}:{exc.line or 1}: [{exc.code}] {exc.message}") from None
    data = document.data
    if not isinstance(data, dict):
        raise SettingsError(f"{rel}:1: settings are a mapping of name: value")
    for key in data:
        if key not in KNOWN:
            raise SettingsError(
                f"{rel}:{document.line_of((key,))}: unknown setting '{key}'; "
                f"known: {', '.join(sorted(KNOWN))}"
            )
    value = data.get("imported_until")
    try:
        imported = date.fromisoformat(value) if value is not None else None
    except (TypeError, ValueError):
        raise SettingsError(
            f"{rel}:{document.line_of(('imported_until',))}: imported_until must be a date "
            "written YYYY-MM-DD"
        ) from None
    return Settings(imported_until=imported)
