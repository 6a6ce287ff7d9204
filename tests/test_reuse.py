"""danbiet.reuse: a file is taken from the previous part only when made of the same values with
the same code and options; anything else is made again. And the open-data fragments built on it."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from danbiet.export import table_rows
from danbiet.export.fragments import write_fragments
from danbiet.export.tables import tables
from danbiet.loader import load
from danbiet.obligations import compute
from danbiet.reuse import KEYS, Reuse
from danbiet.rules import load_profiles
from danbiet.workdays import Calendar

REPO = Path(__file__).resolve().parents[1]


def previous_with(folder: Path, salt: str, files: dict[str, tuple[Any, ...]]) -> Reuse:
    """FOLDER made into a previous part holding FILES (name -> the values it was made of)."""
    folder.mkdir(parents=True, exist_ok=True)
    reuse = Reuse(None, salt)
    for name, values in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f"made of {values!r}", encoding="utf-8")
        assert not reuse.take(name, reuse.key(*values), folder / name)  # no previous part
    reuse.save(folder)
    return reuse


def test_a_file_of_the_same_values_is_linked_and_any_other_is_made(tmp_path: Path) -> None:
    values = ("hoi-nghi/a/index.html", {"title": "Đối thoại", "held_on": date(2025, 3, 1)})
    previous_with(tmp_path / "old", "salt", {"a.html": values, "b.html": ("b",)})
    new = tmp_path / "new"
    new.mkdir()
    reuse = Reuse(tmp_path / "old", "salt")
    # equal values built anew (other objects, the same dict order) give the same key
    again = ("hoi-nghi/a/index.html", {"title": "Đối " + "thoại", "held_on": date(2025, 3, 1)})
    assert reuse.take("a.html", reuse.key(*again), new / "a.html")
    assert (new / "a.html").stat().st_ino == (tmp_path / "old" / "a.html").stat().st_ino
    assert not reuse.take("b.html", reuse.key("b changed"), new / "b.html")
    assert not (new / "b.html").exists()
    assert not reuse.take("c.html", reuse.key("c"), new / "c.html")  # not in the previous part
    assert reuse.linked == 1
    reuse.save(new)
    # the keys saved are those of the files written this time, whether linked or made
    assert Reuse(new, "salt").old == {
        "a.html": reuse.key(*again),
        "b.html": reuse.key("b changed"),
        "c.html": reuse.key("c"),
    }


def test_values_that_render_differently_have_different_keys() -> None:
    reuse = Reuse(None, "salt")
    pairs = [
        (Markup("<b>x</b>"), "<b>x</b>"),  # markup is not escaped, text is
        (date(2025, 3, 1), "2025-03-01"),
        (1, "1"),
        (1, 1.0),
        (1, True),
        (None, ""),
        ([1, 2], (1, 2)),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}),  # a template loops in the dict's order
    ]
    for one, other in pairs:
        assert reuse.key(one) != reuse.key(other), (one, other)
    assert reuse.key("x") != Reuse(None, "other code").key("x")


def test_shared_and_copied_values_have_the_same_key() -> None:
    """How values were loaded (one object named twice, or two equal ones) does not matter."""
    reuse = Reuse(None, "salt")
    row = {"id": "a", "title": "Đối thoại"}
    assert reuse.key([row, row]) == reuse.key([row, dict(row)])


def test_values_that_cannot_be_pickled_give_no_key_and_are_made(tmp_path: Path) -> None:
    previous_with(tmp_path / "old", "salt", {"a.html": ("a",)})
    reuse = Reuse(tmp_path / "old", "salt")
    key = reuse.key("a", lambda: None)
    assert key is None
    assert not reuse.take("a.html", key, tmp_path / "a.html")
    assert "a.html" not in reuse.new


def test_keys_of_other_code_or_options_unreadable_or_missing_files_are_not_used(
    tmp_path: Path,
) -> None:
    previous_with(tmp_path / "old", "salt", {"a.html": ("a",), "gone.html": ("g",)})
    other = Reuse(tmp_path / "old", "other salt")
    assert other.old == {}
    assert not other.take("a.html", other.key("a"), tmp_path / "a.html")

    (tmp_path / "old" / "gone.html").unlink()
    reuse = Reuse(tmp_path / "old", "salt")
    assert not reuse.take("gone.html", reuse.key("g"), tmp_path / "gone.html")

    (tmp_path / "old" / KEYS).write_text("{not json", encoding="utf-8")
    assert Reuse(tmp_path / "old", "salt").old == {}
    (tmp_path / "old" / KEYS).unlink()
    assert Reuse(tmp_path / "old", "salt").old == {}


@pytest.fixture(scope="module")
def demo_rows() -> dict[str, list[dict[str, Any]]]:
    """Every table's rows of the demo content (`content/`)."""
    data = load(REPO, cache=False)
    calendar = Calendar.load(REPO / "content" / "calendar")
    obligations = compute(data, load_profiles(REPO), calendar, date(2025, 12, 31), None)
    return table_rows(data, obligations, None)


def _rows(demo: dict[str, list[dict[str, Any]]], title: str) -> dict[str, list[dict[str, Any]]]:
    """DEMO's rows, the first conference titled TITLE."""
    rows = {name: list(part) for name, part in demo.items()}
    rows["conferences"][0] = {**rows["conferences"][0], "title": title}
    return rows


def _files(folder: Path) -> dict[str, Any]:
    """The fragment files of FOLDER, the database as its rows."""
    files: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        if path.name == "tables.db":
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            files[path.name] = {
                t.name: db.execute(f'SELECT rowid, * FROM "{t.name}" ORDER BY rowid').fetchall()
                for t in tables()
            }
            db.close()
        elif path.name != KEYS:
            files[path.name] = path.read_bytes()
    return files


def test_fragments_of_unchanged_tables_are_linked_and_equal_to_writing_them(
    tmp_path: Path, demo_rows: dict[str, list[dict[str, Any]]]
) -> None:
    write_fragments(tmp_path / "old", _rows(demo_rows, "Đối thoại"), Reuse(None, "salt"))
    reused = Reuse(tmp_path / "old", "salt")
    write_fragments(tmp_path / "new", _rows(demo_rows, "Đối thoại (đã sửa)"), reused)
    write_fragments(tmp_path / "whole", _rows(demo_rows, "Đối thoại (đã sửa)"))
    new, old = tmp_path / "new", tmp_path / "old"
    # the same files and bytes (the database: rows) as written without the previous fragments
    assert _files(new) == _files(tmp_path / "whole")
    inode = {p.name: p.stat().st_ino for p in old.iterdir()}
    assert (new / "units.csv").stat().st_ino == inode["units.csv"]
    assert (new / "units.xlsx.deflate").stat().st_ino == inode["units.xlsx.deflate"]
    assert (new / "conferences.csv").stat().st_ino != inode["conferences.csv"]
    assert (new / "conferences.json").stat().st_ino != inode["conferences.json"]
    assert (new / "tables.db").stat().st_ino != inode["tables.db"]  # every table's rows
    assert reused.linked > 0


def test_a_table_whose_previous_fragments_are_incomplete_is_written(
    tmp_path: Path, demo_rows: dict[str, list[dict[str, Any]]]
) -> None:
    rows = _rows(demo_rows, "Đối thoại")
    write_fragments(tmp_path / "old", rows, Reuse(None, "salt"))
    (tmp_path / "old" / "units.xlsx.crc").unlink()
    reused = Reuse(tmp_path / "old", "salt")
    write_fragments(tmp_path / "new", rows, reused)
    write_fragments(tmp_path / "whole", rows)
    assert _files(tmp_path / "new") == _files(tmp_path / "whole")
    old = tmp_path / "old"
    assert (tmp_path / "new" / "units.csv").stat().st_ino != (old / "units.csv").stat().st_ino
    assert (tmp_path / "new" / "petitions.csv").stat().st_ino == (
        old / "petitions.csv"
    ).stat().st_ino
    assert reused.linked > 0
