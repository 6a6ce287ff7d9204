"""Building by province: parts built apart and merged equal the single build, byte for byte;
unchanged work is reused, never stale; the parts of a merge must come from the same records."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from site_helpers import comparable, snapshot

from danbiet import mentions
from danbiet.cli import main
from danbiet.export.fragments import Copying
from danbiet.loader import discover, load
from danbiet.shards import check_same_province, own_unit_files, province_map, split, unit_of
from danbiet.site import incremental
from danbiet.site.build import LEFTOVER_SECONDS, BuildError, build, sweep
from danbiet.site.incremental import merge_dir

AS_OF = date(2025, 12, 31)
SYNTH = ["--provinces", "2", "--communes", "2", "--years", "1", "--seed", "3"]
IDENTITY = ("-c", "user.name=t", "-c", "user.email=t@example.vn")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True)
    return done.stdout.decode().strip()


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shards") / "portal"
    assert main(["synth", "--out", str(out), *SYNTH]) == 0
    return out


@pytest.fixture(scope="module")
def single(portal: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The site built in one go, from a copy with no cache at all."""
    root = tmp_path_factory.mktemp("single") / "portal"
    shutil.copytree(portal, root, ignore=shutil.ignore_patterns(".danbiet-cache"))
    out = root.parent / "site"
    result = build(root, out, AS_OF)
    assert not result.reused and len(result.built_parts) == 2
    return snapshot(out)


def fresh_copy(portal: Path, dest: Path) -> Path:
    shutil.copytree(portal, dest, ignore=shutil.ignore_patterns(".danbiet-cache"))
    return dest


def set_value(path: Path, field: str, value: str) -> int:
    """Give the first `FIELD:` line of the file PATH (a list item's too) VALUE; its 1-based line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.lstrip("- ").startswith(f"{field}: "))
    lines[index] = lines[index][: lines[index].index(f"{field}: ")] + f"{field}: {value}\n"
    path.write_text("".join(lines), encoding="utf-8")
    return index + 1


def edit_conference(
    root: Path, title: str = "Đối thoại về đất đai và môi trường (đã sửa tên)"
) -> tuple[str, str]:
    """Give one conference TITLE and commit it; (its path, its province)."""
    plan = split(root)
    shard = plan.names()[-1]
    rel = next(r for r in plan.shards[shard] if "/conferences/" in r)
    path = root / rel
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[index] = f"title: {title}\n"
    path.write_text("".join(lines), encoding="utf-8")
    git(root, "add", rel)
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.vn", "commit", "-qm", "edit")
    return rel, shard


def test_provinces_are_the_tops_of_the_unit_tree() -> None:
    units = [
        {"id": "tinh-a"},
        {"id": "xa-b", "parent": "tinh-a"},
        {"id": "cong-an-xa-b", "parent": "xa-b"},
        {"id": "tinh-c"},
        {"id": "mo-coi", "parent": "khong-co"},  # an unknown parent: its own shard
        {"id": "vong-1", "parent": "vong-2"},  # a loop: cut at its smallest id
        {"id": "vong-2", "parent": "vong-1"},
    ]
    assert province_map(units) == {
        "tinh-a": "tinh-a",
        "xa-b": "tinh-a",
        "cong-an-xa-b": "tinh-a",
        "tinh-c": "tinh-c",
        "mo-coi": "mo-coi",
        "vong-1": "vong-1",
        "vong-2": "vong-1",
    }
    assert unit_of("content/conferences/xa-b/2025-03-01.yaml") == "xa-b"
    assert unit_of("content/units/xa-b.yaml") == "xa-b"
    assert unit_of("content/rules/qd.yaml") is None


def test_every_file_belongs_to_one_shard(portal: Path) -> None:
    plan = split(portal)
    assert len(plan.names()) == 2
    assigned = [rel for files in plan.shards.values() for rel in files]
    assert len(assigned) == len(set(assigned))
    everything = {p.relative_to(portal).as_posix() for p in (portal / "content").rglob("*.yaml")}
    assert set(assigned) | set(plan.shared) | set(plan.units) == everything
    assert all(
        rel.startswith(("content/rules/", "content/calendar/", "content/portal"))
        or rel.startswith("content/owners")
        for rel in plan.shared
    ), plan.shared


def test_a_shard_reads_ahead_the_history_of_its_own_units_only(portal: Path) -> None:
    plan = split(portal)
    own = {shard: own_unit_files(plan, shard) for shard in plan.names()}
    assert sorted(rel for files in own.values() for rel in files) == sorted(plan.units)
    for shard, files in own.items():
        assert files and {plan.provinces[unit_of(rel)] for rel in files} == {shard}


def test_parts_built_apart_and_merged_equal_the_single_build(
    portal: Path, single: dict[str, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(portal), "--list-shards"]) == 0
    shards = json.loads(capsys.readouterr().out)
    assert len(shards) == 2
    parts = tmp_path / "parts"
    for shard in shards:  # as separate machines would: each from its own fresh checkout
        machine = fresh_copy(portal, tmp_path / f"machine-{shard}")
        args = ["build", str(machine), "--shard", shard, "--out", str(parts)]
        assert main([*args, "--as-of", AS_OF.isoformat()]) == 0
    assert sorted(p.name for p in parts.iterdir()) == shards
    merger = fresh_copy(portal, tmp_path / "merger")
    out = tmp_path / "merged"
    args = ["build", str(merger), "--merge", str(parts), "--out", str(out)]
    assert main([*args, "--as-of", AS_OF.isoformat()]) == 0
    # the merge writes the index pull requests read (danbiet.mentions); a part does not
    assert mentions.lookup(merger, mentions.FOLDERS, mentions.unit_names(merger)) is not None
    assert not mentions.index_path(tmp_path / f"machine-{shards[0]}").exists()
    merged = snapshot(out)
    assert sorted(merged) == sorted(single)
    different = [name for name in single if merged[name] != single[name]]
    assert different == []
    # both provinces are in the national pages and the open data
    home = single["index.html"].decode()
    provinces = json.loads(single["kham-pha/cam-ket.json"])["provinces"]
    assert [p["id"] for p in provinces] == sorted(shards), home
    for province in provinces:
        units = json.loads(single[province["file"]])["don-vi"]
        assert {province_map(load(portal).tables["units"])[u] for u in units} == {province["id"]}
    search = json.loads(single["tim-kiem/chi-muc.json"])
    assert [p["id"] for p in search["provinces"]] == sorted(shards)
    assert {unit["p"] for unit in search["units"]} == set(shards)


def test_a_merge_refuses_missing_or_foreign_parts(
    portal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = fresh_copy(portal, tmp_path / "portal")
    parts = tmp_path / "parts"
    shards = split(root).names()
    assert (
        main(
            [
                "build",
                str(root),
                "--shard",
                shards[0],
                "--out",
                str(parts),
                "--as-of",
                AS_OF.isoformat(),
            ]
        )
        == 0
    )
    with pytest.raises(BuildError, match=f"missing or unreadable part of province {shards[1]}"):
        merge_dir(root, parts, tmp_path / "site", AS_OF, True, True)
    assert (
        main(
            [
                "build",
                str(root),
                "--shard",
                shards[1],
                "--out",
                str(parts),
                "--as-of",
                AS_OF.isoformat(),
            ]
        )
        == 0
    )
    # a part that lost a file of its open data (a broken artifact) is refused, not half-used
    fragment = parts / shards[1] / "tables" / "petitions.csv.deflate"
    kept = fragment.read_bytes()
    fragment.unlink()
    with pytest.raises(BuildError, match="open-data fragments missing: petitions.csv.deflate"):
        merge_dir(root, parts, tmp_path / "site", AS_OF, True, True)
    assert not (tmp_path / "site").exists()
    assert not list(tmp_path.glob(".site-building-*"))  # nothing half-written is left
    fragment.write_bytes(kept)
    edit_conference(root)  # the records moved on after the parts were built
    with pytest.raises(BuildError, match="built from other records"):
        merge_dir(root, parts, tmp_path / "site", AS_OF, True, True)
    assert not (tmp_path / "site").exists()
    capsys.readouterr()
    assert main(["build", str(root), "--shard", "khong-co", "--out", str(parts)]) == 1
    assert "no province 'khong-co' in the records (provinces: tinh-" in capsys.readouterr().err


def test_unchanged_rebuild_is_reused_and_one_change_rebuilds_one_province(
    portal: Path, tmp_path: Path
) -> None:
    root = fresh_copy(portal, tmp_path / "portal")
    out = tmp_path / "site"
    first = build(root, out, AS_OF)
    assert len(first.built_parts) == 2 and not first.reused
    assert first.mentions == "full"  # the index pull requests read (danbiet.mentions)
    again = build(root, out, AS_OF)
    assert again.reused and again.pages == first.pages and again.mentions == ""

    national = out / "du-lieu"
    inodes = {p.name: p.stat().st_ino for p in national.iterdir() if p.is_file()}
    rel, shard = edit_conference(root)
    changed = build(root, out, AS_OF)
    assert changed.built_parts == [shard] and not changed.reused and changed.in_place
    assert changed.database_updated  # only the changed province's rows, not joined whole
    # a national file none of whose rows changed is the same file; the others are new
    kept = {name for name, inode in inodes.items() if (national / name).stat().st_ino == inode}
    assert {"petitions.csv", "petitions.json", "obligations.csv", "units.json"} <= kept
    assert not {"conferences.csv", "conferences.json", "danbiet.db", "SHA256SUMS"} & kept
    assert changed.mentions == "changed"
    site = snapshot(out)
    conference = rel.removeprefix("content/conferences/").removesuffix(".yaml")
    page = site[f"hoi-nghi/{conference.replace('/', '.')}/index.html"].decode()
    assert "đã sửa tên" in page
    # the database's search finds the new title, with or without diacritics, and đ as d
    db = sqlite3.connect(f"file:{out / 'du-lieu' / 'danbiet.db'}?mode=ro", uri=True)
    for words in ("đã sửa tên", "da sua ten", '"dat dai" sua'):
        found = db.execute(
            "SELECT c.id FROM conferences_fts JOIN conferences c ON c.rowid = conferences_fts.rowid"
            " WHERE conferences_fts MATCH ?",
            [words],
        ).fetchall()
        assert found == [(conference.replace("/", "."),)], words
    db.close()

    # the incremental result is exactly what a build from nothing gives (the database: the
    # same rows and full-text terms, see `comparable`)
    clean = fresh_copy(root, tmp_path / "clean")
    build(clean, tmp_path / "clean-site", AS_OF)
    assert comparable(tmp_path / "clean-site") == comparable(out)
    # another as-of day changes every province's states
    assert build(root, out, date(2026, 1, 2)).built_parts == sorted(first.built_parts)


def test_a_changed_province_takes_what_did_not_change_from_its_last_part(
    portal: Path, tmp_path: Path
) -> None:
    root = fresh_copy(portal, tmp_path / "portal")
    out = tmp_path / "site"
    build(root, out, AS_OF)
    parts = root / ".danbiet-cache" / "parts"
    rel, shard = edit_conference(root)
    (old_part,) = parts.glob(f"{shard}-*")
    inodes = inodes_of(old_part)
    changed = build(root, out, AS_OF)
    assert changed.built_parts == [shard] and changed.in_place
    (new_part,) = parts.glob(f"{shard}-*")
    assert new_part != old_part
    same = kept_in(new_part, inodes)
    conference = rel.removeprefix("content/conferences/").removesuffix(".yaml").replace("/", ".")
    # conference pages (`hoi-nghi/<province>/` is the province's list, made every time)
    pages = [name for name in inodes if name.startswith("site/hoi-nghi/") and "." in name[14:-11]]
    # every other conference page of the province is the last part's file, and so is the
    # site's; the edited one is new, as are the fragments of the tables that show its title
    assert len(pages) > 3
    assert set(pages) - same == {f"site/hoi-nghi/{conference}/index.html"}
    page = out / f"hoi-nghi/{conference}/index.html"
    assert "đã sửa tên" in page.read_text(encoding="utf-8")
    other = next(name for name in pages if conference not in name)
    assert (out / other.removeprefix("site/")).stat().st_ino == inodes[other]
    assert {"tables/petitions.csv", "tables/obligations.xlsx.xml"} <= same
    assert not {"tables/conferences.csv", "tables/tables.db"} & same
    # the page of the unit that held it lists its title: made again, unlike other units' pages
    unit = rel.split("/")[2]
    assert f"site/don-vi/{unit}/index.html" not in same
    assert any(name.startswith("site/don-vi/") and unit not in name for name in same)
    same_as_clean_build(root, out, tmp_path / "clean")


def test_a_change_of_the_sites_code_takes_every_open_data_table_from_the_last_parts(
    portal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change of templates or of `danbiet.site` gives every part a new key and replaces the
    site whole, but the open-data tables are not made by that code: each province's tables
    are its last part's files. Its pages, made by it, are made again."""
    root = fresh_copy(portal, tmp_path / "portal")
    out = tmp_path / "site"
    build(root, out, AS_OF)
    parts = root / ".danbiet-cache" / "parts"
    old = {folder.name.rsplit("-", 1)[0]: inodes_of(folder) for folder in parts.iterdir()}
    assert len(old) == 2
    real = incremental.code_key
    edited = lambda site=True: real(site) + ("-templates edited" if site else "")  # noqa: E731
    monkeypatch.setattr(incremental, "code_key", edited)
    replaced = build(root, out, AS_OF)
    assert replaced.built_parts == sorted(old) and not replaced.in_place
    for folder in parts.iterdir():  # the last build's parts are gone, the new ones are here
        inodes = old[folder.name.rsplit("-", 1)[0]]
        same = kept_in(folder, inodes)
        made = {"tables/tables.db", "tables/keys.json", "tables/fragments.json"}  # every time
        tables = {n for n in inodes if n.startswith("tables/") and n not in made}
        assert len(tables) > 20 and tables <= same, sorted(tables - same)
        assert not any(n.startswith("site/") for n in same)  # pages and feeds made again
    assert len(list(parts.iterdir())) == 2
    same_as_clean_build(root, out, tmp_path / "clean")


def test_the_open_data_salt_leaves_out_the_templates_and_mkdocs_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates, mkdocs_yml = tmp_path / "templates", tmp_path / "mkdocs.yml"
    shutil.copytree(incremental.TEMPLATES, templates)
    shutil.copy(incremental.MKDOCS_YML, mkdocs_yml)
    incremental.code_key.cache_clear()
    try:
        site, tables = incremental.code_key(), incremental.code_key(site=False)
        assert site != tables
        monkeypatch.setattr(incremental, "TEMPLATES", templates)
        monkeypatch.setattr(incremental, "MKDOCS_YML", mkdocs_yml)
        incremental.code_key.cache_clear()
        # the paths are hashed too: the copies give the site another key, not the tables
        assert incremental.code_key(site=False) == tables != incremental.code_key() != site
        site = incremental.code_key()
        for edited in (mkdocs_yml, templates / "pages" / "qua-han.md.j2"):
            with edited.open("a", encoding="utf-8") as handle:
                handle.write("\n")
            incremental.code_key.cache_clear()
            assert incremental.code_key() != site
            assert incremental.code_key(site=False) == tables
            site = incremental.code_key()
    finally:
        incremental.code_key.cache_clear()


def test_the_database_is_joined_whole_when_it_may_not_be_updated(
    portal: Path, tmp_path: Path
) -> None:
    """The SQLite database of a site updated in place is the last one with the changed
    province's rows replaced, unless that file is not the one the last build wrote (its inode,
    size or time differ), cannot be read, or has grown by more than DATABASE_GROWTH since it was
    last joined whole: it is then joined whole, and the site is still updated in place. So is a
    national CSV or JSON file reused only if it is the file the last build wrote."""
    from danbiet.site.incremental import STATE

    root = fresh_copy(portal, tmp_path / "portal")
    out = tmp_path / "site"
    database = out / "du-lieu" / "danbiet.db"
    state = root / ".danbiet-cache" / STATE

    def entry() -> dict[str, object]:
        return json.loads(state.read_text(encoding="utf-8"))[str(out)]

    assert not build(root, out, AS_OF).database_updated
    joined = database.stat().st_size
    assert entry()["database_joined"] == joined

    edit_conference(root)
    updated = build(root, out, AS_OF)
    assert updated.in_place and updated.database_updated
    assert entry()["database_joined"] == joined
    assert list(tmp_path.glob(".site-*")) == []  # its copy, made while the part was built

    # replaced by hand: another file (and a national CSV file none of whose rows change,
    # replaced by other bytes: written again, as same_as_clean_build checks)
    shutil.copyfile(database, tmp_path / "copy.db")
    os.replace(tmp_path / "copy.db", database)
    (tmp_path / "units.csv").write_text("id\nforged\n", encoding="utf-8")
    os.replace(tmp_path / "units.csv", out / "du-lieu" / "units.csv")
    # and a fragment of the part that is replaced, gone: its national file is written again
    last = split(root).names()[-1]
    parts = entry()["parts"]
    assert isinstance(parts, dict)
    (root / ".danbiet-cache" / "parts" / parts[last] / "tables" / "units.json").unlink()
    add_conference(root)  # in the last province
    replaced = build(root, out, AS_OF)
    assert replaced.in_place and not replaced.database_updated
    assert entry()["database_joined"] == database.stat().st_size
    same_as_clean_build(root, out, tmp_path / "after-replacing")

    # damaged in place, its inode, size and time kept: SQLite cannot read it
    info = database.stat()
    with database.open("r+b") as handle:
        handle.write(b"not a database, not at all")
    os.utime(database, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert entry()["database"] == [info.st_ino, info.st_size, info.st_mtime_ns]  # looks the same
    edit_conference(root, "Đối thoại lần hai")
    damaged = build(root, out, AS_OF)
    assert damaged.in_place and not damaged.database_updated
    same_as_clean_build(root, out, tmp_path / "after-damage")

    # grown too much since it was joined whole
    edit_conference(root, "Đối thoại lần ba")
    assert build(root, out, AS_OF).database_updated
    grown = json.loads(state.read_text(encoding="utf-8"))
    grown[str(out)]["database_joined"] = int(database.stat().st_size / 1.3)
    state.write_text(json.dumps(grown), encoding="utf-8")
    edit_conference(root, "Đối thoại lần bốn")
    again = build(root, out, AS_OF)
    assert again.in_place and not again.database_updated
    same_as_clean_build(root, out, tmp_path / "after-growing")


def test_the_database_copied_early_is_moved_into_place_or_copied_again(tmp_path: Path) -> None:
    """`Copying` (the database of a site updated in place, copied while its provinces are
    built): the copy is moved where the merge wants it; a copy that failed says so, and the
    merge copies the file itself; nothing is left behind."""
    source = tmp_path / "danbiet.db"
    source.write_bytes(os.urandom(3 << 20))
    copying = Copying(source, tmp_path, ".site-building-")
    assert copying.take(tmp_path / "moved.db")
    assert (tmp_path / "moved.db").read_bytes() == source.read_bytes()
    copying.discard()
    failed = Copying(tmp_path / "gone.db", tmp_path, ".site-building-")
    assert not failed.take(tmp_path / "never.db") and not (tmp_path / "never.db").exists()
    failed.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["danbiet.db", "moved.db"]


def test_the_last_builds_parts_are_kept_for_the_next_and_others_removed_before_it(
    portal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build reads the parts of the last build of its output folder (a province built again
    takes what did not change from its part), also when the site is replaced whole (new code,
    another as-of day), and removes them once its own are built. The parts of any other build
    are removed before the new parts are written, to make room."""
    from danbiet.site import incremental

    root = fresh_copy(portal, tmp_path / "portal")
    out = tmp_path / "site"
    build(root, out, AS_OF)
    parts = root / ".danbiet-cache" / "parts"

    def listed() -> list[str]:
        return sorted(p.name for p in parts.iterdir() if not p.name.startswith("."))

    seen: list[list[str]] = []
    real = incremental.build_parts

    def spy(*args: object) -> None:
        seen.append(listed())
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(incremental, "build_parts", spy)
    old = listed()
    stray = parts / "tinh-khac-0123456789abcdef"  # a part of another build
    shutil.copytree(parts / old[0], stray)
    edit_conference(root)
    assert build(root, out, AS_OF).in_place
    assert seen == [old]
    last = listed()
    assert len(last) == 2 and last != old
    result = build(root, out, date(2026, 1, 2))
    assert not result.in_place and len(result.built_parts) == 2
    assert seen[-1] == last
    assert len(listed()) == 2 and not set(listed()) & set(last)


def test_sweep_removes_only_old_leftovers(tmp_path: Path) -> None:
    """What a killed build or removal left: folders with the given prefixes, untouched for
    LEFTOVER_SECONDS. Young ones may belong to a running build; the rest is not the build's."""
    for name in (".site-building-a", ".site-previous-trash-1-2", ".site-building-young", "site"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / ".site-building-file").write_text("not a folder", encoding="utf-8")
    (tmp_path / ".site-building-link").symlink_to(tmp_path / "site")
    now = time.time()
    old = now - LEFTOVER_SECONDS - 60
    for name in (".site-building-a", ".site-previous-trash-1-2", "site", ".site-building-file"):
        os.utime(tmp_path / name, (old, old))
    os.utime(tmp_path / ".site-building-link", (old, old), follow_symlinks=False)
    prefixes = (".site-building-", ".site-previous-trash-")
    assert sweep(tmp_path, prefixes, background=False, now=now) == [
        ".site-building-a",
        ".site-previous-trash-1-2",
    ]
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".site-building-file", ".site-building-link", ".site-building-young", "site"]
    assert (tmp_path / "site" / "index.html").is_file()  # a link is never followed
    assert sweep(tmp_path / "missing", prefixes, background=False) == []
    # files: only regular files, never a folder or a link
    assert sweep(tmp_path, (".site-building-",), background=False, now=now, files=True) == [
        ".site-building-file"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".site-building-link",
        ".site-building-young",
        "site",
    ]


def test_a_build_removes_what_killed_builds_left_long_ago(portal: Path, tmp_path: Path) -> None:
    root = fresh_copy(portal, tmp_path / "portal")
    out = tmp_path / "site"
    build(root, out, AS_OF)
    parts = root / ".danbiet-cache" / "parts"
    old = time.time() - LEFTOVER_SECONDS - 60
    leftovers = [
        tmp_path / ".site-building-x1",  # the staging folder of a killed build
        tmp_path / ".site-previous-trash-7-8",  # an old site whose removal was killed
        parts / ".tinh-x-123",  # a part being written
    ]
    for folder in leftovers:
        (folder / "sub").mkdir(parents=True)
        os.utime(folder, (old, old))
    young = tmp_path / ".site-building-x2"  # may be another build's, running now
    young.mkdir()
    cache = root / ".danbiet-cache"
    # the temporary files of cache writes that were killed before their rename
    temporary = [cache / name for name in (".records-ab.tmp", ".ledger-cd.tmp", ".builds.json.9")]
    temporary.append(cache / ".mentions.sqlite-ef.tmp")
    for path in temporary:
        path.write_bytes(b"half written")
        os.utime(path, (old, old))
    fresh = cache / ".records-young.tmp"  # may be another command's, writing now
    fresh.write_bytes(b"being written")
    edit_conference(root)
    assert not build(root, out, AS_OF).reused
    assert [folder.exists() for folder in leftovers] == [False, False, False]
    assert [path.exists() for path in temporary] == [False, False, False, False]
    assert young.is_dir() and fresh.is_file()
    assert (cache / "builds.json").is_file()


def test_an_uncommitted_edit_is_seen_and_a_deleted_cache_is_rebuilt(
    portal: Path, tmp_path: Path
) -> None:
    root = fresh_copy(portal, tmp_path / "portal")
    out = tmp_path / "site"
    build(root, out, AS_OF)
    rel = next(p for p in split(root).shards[split(root).names()[0]] if "/conferences/" in p)
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: X", 1))
    assert build(root, out, AS_OF).built_parts == [split(root).names()[0]]
    assert (
        "X"
        in snapshot(out)[
            "hoi-nghi/"
            + rel.removeprefix("content/conferences/").removesuffix(".yaml").replace("/", ".")
            + "/index.html"
        ].decode()
    )
    shutil.rmtree(root / ".danbiet-cache")
    before = comparable(out)
    rebuilt = build(root, out, AS_OF)
    assert len(rebuilt.built_parts) == 2
    assert comparable(out) == before


def test_an_unchanged_checkout_is_known_from_git_and_anything_git_reports_is_read(
    portal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild at the commit of the last build, when git finds nothing under content/ that
    differs from that commit, keeps the site without listing or reading a record file
    (`danbiet.committed`). Anything else git reports there (but files that are not records),
    or is told not to look at, sends the build the long way, which sees every change."""
    root = fresh_copy(portal, tmp_path / "portal")
    out = tmp_path / "site"
    build(root, out, AS_OF)

    def build_by_git() -> bool:
        """Build ROOT; whether its site was kept on git's word (then no record file was listed)."""
        listed = []

        def listing(*args: object) -> object:
            listed.append(args)
            return discover(*args)

        with monkeypatch.context() as patch:
            patch.setattr(incremental, "discover", listing)
            result = build(root, out, AS_OF)
        assert result.unchanged_by_git == (not listed)
        assert result.reused or listed
        return result.unchanged_by_git

    assert build_by_git()
    # a file that is not a record, untracked then ignored, changes nothing (test_committed
    # has what does)
    stray = root / "content" / "plans" / "ghi-chu.txt"
    stray.write_text("nháp\n", encoding="utf-8")
    assert build_by_git()
    (root / ".git" / "info" / "exclude").write_text("*.txt\n", encoding="utf-8")
    assert build_by_git()
    stray.unlink()

    # an edit that keeps the file's size and times, in a file git was told to assume
    # unchanged (so that `git status` does not list it)
    plan = split(root)
    rel = next(r for r in plan.shards[plan.names()[0]] if "/conferences/" in r)
    path = root / rel
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    index = text.index("title: ") + len("title: ")
    path.write_text(text[:index] + "X" + text[index + 1 :], encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    git(root, "update-index", "--assume-unchanged", rel)
    assert git(root, "status", "--porcelain") == ""
    changed = build(root, out, AS_OF)
    assert changed.built_parts == [plan.names()[0]] and not changed.unchanged_by_git
    # the files the build read are not the commit's: git's word is not taken while they differ
    assert not build_by_git()
    git(root, "update-index", "--no-assume-unchanged", rel)
    path.write_text(text, encoding="utf-8")
    assert build(root, out, AS_OF).built_parts == [plan.names()[0]]
    assert build_by_git()
    # another commit, even one that changes no file
    git(root, *IDENTITY, "commit", "-qm", "empty", "--allow-empty")
    assert not build_by_git()
    assert build_by_git()
    # a portal in a folder of a larger repository
    shutil.rmtree(root / ".git")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "portal/content")
    git(tmp_path, *IDENTITY, "commit", "-qm", "all")
    assert not build_by_git()  # another history
    assert build_by_git()
    # no repository at all: the files are read
    shutil.rmtree(tmp_path / ".git")
    assert not build_by_git()
    assert build(root, out, AS_OF).reused


def folders(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir())


def inodes_of(folder: Path) -> dict[str, int]:
    """The inode of every file under FOLDER, by its path relative to it."""
    return {
        path.relative_to(folder).as_posix(): path.stat().st_ino
        for path in folder.rglob("*")
        if path.is_file()
    }


def kept_in(folder: Path, inodes: dict[str, int]) -> set[str]:
    """The paths of INODES (`inodes_of` another folder) that are the same files in FOLDER."""
    return {
        name
        for name, inode in inodes.items()
        if (folder / name).is_file() and (folder / name).stat().st_ino == inode
    }


def same_as_clean_build(root: Path, site: Path, scratch: Path) -> None:
    """SITE holds exactly what a build of ROOT's records from nothing gives: files, bytes (the
    database: its content, see `comparable`) and folders (none left empty by removed pages)."""
    clean = fresh_copy(root, scratch / "clean")
    build(clean, scratch / "clean-site", AS_OF)
    assert comparable(site) == comparable(scratch / "clean-site")
    assert folders(site) == folders(scratch / "clean-site")


def add_conference(root: Path) -> tuple[str, str]:
    """A copy of one conference of the last province on another day, committed; (its path,
    its page)."""
    plan = split(root)
    rel = next(r for r in sorted(plan.shards[plan.names()[-1]]) if "/conferences/" in r)
    source = root / rel
    held = date.fromisoformat(source.stem)
    day = next(
        d
        for d in (held + timedelta(days=n) for n in range(1, 30))
        if not source.with_name(f"{d}.yaml").exists()
    )
    copy = source.with_name(f"{day}.yaml")
    text = source.read_text(encoding="utf-8").replace(f"held_on: {held}", f"held_on: {day}")
    copy.write_text(text, encoding="utf-8")
    new = copy.relative_to(root).as_posix()
    git(root, "add", new)
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.vn", "commit", "-qm", "add")
    conference = new.removeprefix("content/conferences/").removesuffix(".yaml")
    return new, f"hoi-nghi/{conference.replace('/', '.')}/index.html"


def test_one_province_is_updated_in_place_pages_added_and_removed(
    portal: Path, tmp_path: Path
) -> None:
    root = fresh_copy(portal, tmp_path / "portal")
    out = tmp_path / "site"
    build(root, out, AS_OF)
    inode = (out / "index.html").stat().st_ino
    rel, page = add_conference(root)
    added = build(root, out, AS_OF)
    assert added.in_place and added.database_updated and len(added.built_parts) == 1
    assert (out / page).is_file()
    assert (out / "index.html").stat().st_ino != inode  # the national pages are new files
    same_as_clean_build(root, out, tmp_path / "after-adding")

    git(root, "rm", "-q", rel)
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.vn", "commit", "-qm", "remove")
    removed = build(root, out, AS_OF)
    assert removed.in_place and removed.database_updated and not (out / page).exists()
    assert not (out / page).parent.exists()  # its folder went with it
    same_as_clean_build(root, out, tmp_path / "after-removing")


def test_an_update_stopped_half_way_is_followed_by_a_whole_build(
    portal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from danbiet.site import incremental

    root = fresh_copy(portal, tmp_path / "portal")
    out = tmp_path / "site"
    build(root, out, AS_OF)
    edit_conference(root)
    real_replace, moved = os.replace, []

    def killed_after_three(source: str, target: str) -> None:
        if str(target).startswith(str(out)):
            if len(moved) == 3:
                raise KeyboardInterrupt  # the job was stopped
            moved.append(target)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", killed_after_three)
    with pytest.raises(KeyboardInterrupt):
        build(root, out, AS_OF)
    monkeypatch.setattr(os, "replace", real_replace)
    assert len(moved) == 3
    state = json.loads((root / ".danbiet-cache" / incremental.STATE).read_text("utf-8"))
    assert state[str(out)] == {}  # no state: the folder is half-updated
    again = build(root, out, AS_OF)
    assert not again.in_place and not again.reused and again.built_parts == []
    same_as_clean_build(root, out, tmp_path / "clean")


def test_a_file_in_the_way_of_an_update_makes_a_whole_build(portal: Path, tmp_path: Path) -> None:
    root = fresh_copy(portal, tmp_path / "portal")
    out = tmp_path / "site"
    build(root, out, AS_OF)
    rel, page = add_conference(root)
    (out / page).parent.parent.mkdir(parents=True, exist_ok=True)
    (out / page).parent.write_text("in the way", encoding="utf-8")  # a file, not a folder
    result = build(root, out, AS_OF)
    assert not result.in_place and (out / page).is_file()
    same_as_clean_build(root, out, tmp_path / "clean")


def test_a_petition_cannot_be_assigned_to_another_province(portal: Path, tmp_path: Path) -> None:
    root = fresh_copy(portal, tmp_path / "portal")
    plan = split(root)
    first, second = plan.names()
    stranger = next(
        unit for unit, top in plan.provinces.items() if top == second and unit != second
    )
    rel = next(
        r
        for r in plan.shards[first]
        if "/conferences/" in r and "- to: " in (root / r).read_text(encoding="utf-8")
    )
    line = set_value(root / rel, "to", stranger)
    problems = check_same_province(load(root))
    assert [(p.code, p.path, p.line, p.field) for p in problems] == [
        ("other-province", rel, line, "to")
    ]
    assert "same province" in problems[0].message
    with pytest.raises(BuildError) as caught:
        build(root, tmp_path / "site", AS_OF)
    assert "other-province" in {p.code for p in caught.value.report.errors}
    assert not (tmp_path / "site").exists()


def test_each_province_lists_all_its_overdue_obligations(
    portal: Path, single: dict[str, bytes]
) -> None:
    """The national overdue list is cut past `pages.FULL_LIST` rows (the longest overdue kept);
    each province has a page with all of its own, longest overdue first, and the national page
    links to each with its count."""
    from site_helpers import Page

    national = Page(single["qua-han/index.html"].decode())
    rows = national.table_after("theo-tinh-thanh-pho").body_rows
    shards = split(portal).names()
    assert len(rows) == len(shards) == 2
    total = 0
    for shard, row in zip(shards, rows, strict=True):
        assert national.find("a", href=f"{shard}/")
        page = Page(single[f"qua-han/{shard}/index.html"].decode())
        listed = page.table_after("danh-sach").body_rows
        assert len(listed) == int(row[1]) > 0
        days = [int(cells[1].replace(".", "")) for cells in listed]
        assert days == sorted(days, reverse=True)
        by_unit = page.table_after("theo-don-vi").body_rows
        assert sum(int(cells[1].replace(".", "")) for cells in by_unit) == len(listed)
        assert f"{len(listed)} nghĩa vụ quá hạn của các đơn vị thuộc {row[0]}" in page.text
        total += len(listed)
    assert f"{total} nghĩa vụ quá hạn." in national.text


def test_the_joined_open_data_reads_back(single: dict[str, bytes], tmp_path: Path) -> None:
    """The national files are joined from each province's fragments: the ZIP of deflate data
    made by the parts, the CSV and JSON bytes, the XLSX rows and the SQLite tables must read
    back as the same rows."""
    import csv
    import io
    import sqlite3
    import zipfile

    from openpyxl import load_workbook

    from danbiet.export import tables

    data = {k.removeprefix("du-lieu/"): v for k, v in single.items() if k.startswith("du-lieu/")}
    with zipfile.ZipFile(io.BytesIO(data["danbiet-du-lieu.zip"])) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        for name in names:
            assert archive.read(name) == data[name], name
    conferences = {n for n in data if n.startswith("hoi-nghi/")}
    assert len(conferences) > 10
    assert names == {"datapackage.json", *(t.csv for t in tables()), *conferences}
    (tmp_path / "danbiet.db").write_bytes(data["danbiet.db"])
    db = sqlite3.connect(tmp_path / "danbiet.db")
    (tmp_path / "danbiet.xlsx").write_bytes(data["danbiet.xlsx"])
    book = load_workbook(tmp_path / "danbiet.xlsx", read_only=True)
    for t in tables():
        rows = list(csv.reader(io.StringIO(data[t.csv].decode("utf-8"), newline="")))
        assert rows[0] == list(t.fields)
        body = rows[1:]
        objects = json.loads(data[t.json])
        assert [o[t.fields[0]] for o in objects] == [r[0] for r in body], t.name
        cursor = db.execute(f'SELECT "{t.fields[0]}" FROM "{t.name}" ORDER BY rowid')
        assert [str(v) for (v,) in cursor] == [r[0] for r in body], t.name
        sheet = [r for r in book[t.name].iter_rows(values_only=True)][1:]
        assert [str(r[0]) for r in sheet] == [r[0] for r in body], t.name
    assert db.execute("SELECT count(*) FROM petitions_fts").fetchone()[0] > 0
    book.close()
    db.close()


def test_a_conference_cannot_be_held_under_another_provinces_plan(
    portal: Path, tmp_path: Path
) -> None:
    """Every record a province's records name is in that province (units apart): each part
    validates on its own, so a plan of another province would be unknown there."""
    root = fresh_copy(portal, tmp_path / "portal")
    plan = split(root)
    first, second = plan.names()
    foreign = next(r for r in plan.shards[second] if "/plans/" in r)
    unit, stem = foreign.removeprefix("content/plans/").removesuffix(".yaml").split("/")
    year, head = stem.split("-", 1)
    rel = next(
        r
        for r in plan.shards[first]
        if "/conferences/" in r and "\nplan_id: " in (root / r).read_text(encoding="utf-8")
    )
    line = set_value(root / rel, "plan_id", f"{unit}.{year}.{head}")
    problems = check_same_province(load(root))
    assert [(p.code, p.path, p.line, p.field) for p in problems] == [
        ("other-province", rel, line, "plan_id")
    ]
    assert "a conference is held under a plan of its own province" in problems[0].message
    # and a plan of the first province listing a conference held in the second
    held = next(r for r in plan.shards[second] if "/conferences/" in r)
    conference = held.removeprefix("content/conferences/").removesuffix(".yaml").replace("/", ".")
    listing = next(
        r
        for r in plan.shards[first]
        if "/plans/" in r and "conference_id: " in (root / r).read_text(encoding="utf-8")
    )
    at = set_value(root / listing, "conference_id", conference)
    found = {(p.path, p.line, p.field) for p in check_same_province(load(root))}
    assert (listing, at, "conference_id") in found
