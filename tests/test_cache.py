"""The parse cache (danbiet.cache): reused while files are the same, never stale, safe to lose."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import AS_OF, CONFERENCE, FIXTURE_STATS, RECORD_FILES, edit

from danbiet import cache, digests
from danbiet.digests import file_digests
from danbiet.loader import Dataset, discover, load
from danbiet.validate import validate


def snapshot(dataset: Dataset) -> tuple[object, ...]:
    return (dataset.tables, dataset.sources, dataset.problems, sorted(dataset.documents))


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and cache.CACHE_DIR not in p.relative_to(root).parts
    }


def cache_files(root: Path) -> list[Path]:
    return sorted((root / cache.CACHE_DIR).glob("records-*.pickle"))


def test_second_load_reads_from_the_cache(project: Path) -> None:
    first = load(project)
    assert first.cache_stats is not None
    assert first.cache_stats["misses"] == len(RECORD_FILES)
    assert first.cache_stats["written"] == 1
    second = load(project)
    assert second.cache_stats is not None
    assert second.cache_stats["hits"] == len(RECORD_FILES)
    assert second.cache_stats["misses"] == 0
    assert second.cache_stats["written"] == 0  # nothing changed, nothing rewritten
    uncached = load(project, cache=False)
    assert uncached.cache_stats is None
    assert snapshot(first) == snapshot(uncached) == snapshot(second)
    # Documents read back on demand are the ones a plain load gives.
    assert second.documents[CONFERENCE] == uncached.documents[CONFERENCE]


def test_validation_is_the_same_through_the_cache(project: Path) -> None:
    edit(project, CONFERENCE, "held_on: 2026-03-12", "held_on: 2026-3-12")
    plain = validate(project, AS_OF, load(project, cache=False))
    load(project)
    warm = validate(project, AS_OF, load(project))
    assert warm.to_dict() == plain.to_dict()
    assert warm.stats["files"] == FIXTURE_STATS["files"]


def test_same_size_and_mtime_is_caught_by_the_content(project: Path) -> None:
    load(project)
    path = project / CONFERENCE
    before = path.stat()
    edit(project, CONFERENCE, "attendance: 85", "attendance: 86")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    dataset = load(project)
    assert dataset.cache_stats is not None and dataset.cache_stats["misses"] == 1
    assert dataset.tables["conferences"][0]["attendance"] == 86
    assert snapshot(dataset) == snapshot(load(project, cache=False))


def test_settled_files_are_served_on_their_stat_alone(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(project)
    dataset = load(project)  # files written just now are "racy": checked by their hash
    assert dataset.cache_stats is not None
    assert dataset.cache_stats["verified"] == len(RECORD_FILES)
    monkeypatch.setattr(cache, "SETTLE_NS", -(10**18))  # pretend they were written long ago
    load(project)
    dataset = load(project)
    assert dataset.cache_stats is not None
    assert dataset.cache_stats["hits"] == len(RECORD_FILES)
    assert dataset.cache_stats["verified"] == 0
    assert snapshot(dataset) == snapshot(load(project, cache=False))


def test_touched_but_unchanged_file_is_verified_not_reparsed(project: Path) -> None:
    load(project)
    os.utime(project / CONFERENCE)  # new mtime, same bytes
    dataset = load(project)
    assert dataset.cache_stats is not None
    assert dataset.cache_stats["misses"] == 0
    assert dataset.cache_stats["verified"] >= 1


def test_deleted_and_added_files(project: Path) -> None:
    load(project)
    (project / CONFERENCE).unlink()
    dataset = load(project)
    assert dataset.tables["conferences"] == []
    assert CONFERENCE not in dataset.documents
    assert dataset.cache_stats is not None and dataset.cache_stats["written"] == 1
    added = "content/conferences/xa-thu/2026-03-12-b.yaml"
    (project / added).write_text(
        (Path(__file__).parent / "fixtures" / "minimal" / CONFERENCE).read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    dataset = load(project)
    assert [row["id"] for row in dataset.tables["conferences"]] == ["xa-thu.2026-03-12-b"]
    assert snapshot(dataset) == snapshot(load(project, cache=False))


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a cache at all",
        cache.MAGIC,
        "truncate",
        "flip",
        "forged",
    ],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(project: Path, damage: object) -> None:
    load(project)
    (path,) = cache_files(project)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    elif damage == "forged":
        # Right header, but a payload that would construct an object: refused, never run.
        payload = pickle.dumps({"x": Path("/")})
        head = data.split(b"\n", 2)
        key = head[1].split()[1].decode()
        path.write_bytes(cache._header(key, payload) + payload)
    else:
        assert isinstance(damage, bytes)
        path.write_bytes(damage)
    dataset = load(project)
    assert dataset.cache_stats is not None
    assert dataset.cache_stats["hits"] == 0
    assert snapshot(dataset) == snapshot(load(project, cache=False))
    assert load(project).cache_stats["hits"] == len(RECORD_FILES)  # type: ignore[index]


def test_a_cache_written_under_another_schema_is_not_used(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(project)
    (written,) = cache_files(project)
    other = tmp_path / "datapackage.json"
    other.write_bytes(cache.schema.PACKAGE_PATH.read_bytes() + b"\n")
    monkeypatch.setattr(cache.schema, "PACKAGE_PATH", other)
    dataset = load(project)
    assert dataset.cache_stats is not None
    assert dataset.cache_stats["hits"] == 0
    assert dataset.cache_stats["misses"] == len(RECORD_FILES)
    (now,) = cache_files(project)
    assert now != written  # the old key's file is removed when the new one is written


def test_a_cache_file_renamed_to_the_current_key_is_not_trusted(project: Path) -> None:
    load(project)
    (path,) = cache_files(project)
    data = path.read_bytes().replace(cache.cache_key().encode(), b"0" * 32)
    path.write_bytes(data)
    dataset = load(project)
    assert dataset.cache_stats is not None and dataset.cache_stats["hits"] == 0


def test_nothing_outside_the_cache_folder_is_written(project: Path) -> None:
    before = tree(project)
    load(project)
    validate(project, AS_OF, load(project))
    assert tree(project) == before
    assert [p.name for p in (project / cache.CACHE_DIR).iterdir()] == [cache_files(project)[0].name]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores modes")
def test_a_read_only_folder_skips_writing(project: Path) -> None:
    project.chmod(0o555)
    try:
        dataset = load(project)
    finally:
        project.chmod(0o755)
    assert dataset.cache_stats is not None and dataset.cache_stats["written"] == 0
    assert not (project / cache.CACHE_DIR).exists()
    assert snapshot(dataset) == snapshot(load(project, cache=False))


def test_an_unwritable_cache_folder_skips_writing(project: Path) -> None:
    (project / cache.CACHE_DIR).write_text("a file where the folder should be")
    dataset = load(project)
    assert dataset.cache_stats is not None and dataset.cache_stats["written"] == 0
    assert snapshot(dataset) == snapshot(load(project, cache=False))


def test_a_read_only_run_reads_the_cache_and_writes_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DANBIET_CACHE_READ_ONLY (the pull-request workflow, which never saves its caches): the
    entries are used, a changed file is parsed, and nothing is written."""
    load(project)
    [written] = cache_files(project)
    before = written.read_bytes()
    monkeypatch.setenv("DANBIET_CACHE_READ_ONLY", "1")
    edit(project, CONFERENCE, "attendance: 85", "attendance: 86")
    dataset = load(project)
    assert dataset.cache_stats is not None
    assert dataset.cache_stats["hits"] == len(RECORD_FILES) - 1
    assert (dataset.cache_stats["misses"], dataset.cache_stats["written"]) == (1, 0)
    assert cache_files(project) == [written] and written.read_bytes() == before
    assert snapshot(dataset) == snapshot(load(project, cache=False))
    monkeypatch.setenv("DANBIET_CACHE_READ_ONLY", "0")  # "0" is unset
    assert load(project).cache_stats["written"] == 1  # type: ignore[index]


def test_problems_of_bad_files_are_cached_too(project: Path) -> None:
    edit(project, CONFERENCE, "attendance: 85", "attendance: [85]")
    (project / "content/units/xa-hai.yaml").write_bytes(b"id: xa-hai\nname: \xff\n")
    cold = load(project)
    warm = load(project)
    assert warm.cache_stats is not None and warm.cache_stats["misses"] == 0
    assert warm.problems == cold.problems == load(project, cache=False).problems
    assert {p.code for p in warm.problems} >= {"wrong-type", "not-utf8"}


# -- another checkout: git's word for the files it checked out -----------------------------------

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]


def git(root: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(root), *args], capture_output=True, check=True)


@pytest.fixture
def checkouts(project: Path, tmp_path: Path) -> tuple[Path, Path]:
    """PROJECT committed and loaded (its caches written), and a fresh clone of it holding a
    copy of those caches: every stat differs there, as on a CI runner restoring them."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "records")
    load(project)
    file_digests(project, discover(project)[0])
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(project), str(clone))
    shutil.copytree(project / cache.CACHE_DIR, clone / cache.CACHE_DIR)
    return project, clone


def files_read(module: object, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths MODULE's `_fingerprint` reads from now on, in order."""
    read: list[str] = []
    fingerprint = module._fingerprint  # type: ignore[attr-defined]

    def reading(path: str) -> object:
        read.append(str(path))
        return fingerprint(path)

    monkeypatch.setattr(module, "_fingerprint", reading)
    return read


def test_another_checkout_takes_gits_word_for_the_files_it_checked_out(
    checkouts: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, clone = checkouts
    monkeypatch.setattr(cache, "ASK_GIT_AFTER", 0)  # the fixture has a handful of files
    monkeypatch.setattr(cache, "read_only", lambda: True)  # every load sees the copied cache
    read = files_read(cache, monkeypatch)
    dataset = load(clone)
    assert dataset.cache_stats is not None
    assert dataset.cache_stats["by_git"] == len(RECORD_FILES) == dataset.cache_stats["hits"]
    assert read == []  # no file was read to be trusted
    assert snapshot(dataset) == snapshot(load(clone, cache=False))
    # An edit in the working tree: git says the file changed, so it is read and parsed.
    edit(clone, CONFERENCE, "attendance: ", "attendance: 1")
    dataset = load(clone)
    assert dataset.cache_stats is not None
    assert dataset.cache_stats["misses"] == 1
    assert dataset.cache_stats["by_git"] == len(RECORD_FILES) - 1
    assert {Path(p) for p in read} == {clone / CONFERENCE}  # the only file read
    assert snapshot(dataset) == snapshot(load(clone, cache=False))
    # Committed there: git finds it clean, but its blob is not the one the entry was read from.
    git(clone, "commit", "-q", "-am", "edited")
    dataset = load(clone)
    assert dataset.cache_stats is not None and dataset.cache_stats["misses"] == 1
    assert snapshot(dataset) == snapshot(load(clone, cache=False))
    # A tracked .gitattributes may convert what git checks out: no file is taken on its word.
    git(clone, "reset", "-q", "--hard", "HEAD~1")
    (clone / ".gitattributes").write_text("*.yaml text eol=crlf\n", encoding="utf-8")
    git(clone, "add", ".gitattributes")
    dataset = load(clone)
    assert dataset.cache_stats is not None
    assert dataset.cache_stats["by_git"] == 0
    assert dataset.cache_stats["verified"] == len(RECORD_FILES)


def test_file_digests_take_gits_word_on_another_checkout(
    checkouts: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, clone = checkouts
    monkeypatch.setattr(digests, "ASK_GIT_AFTER", 0)
    expected = file_digests(project, discover(project)[0])
    read = files_read(digests, monkeypatch)
    assert file_digests(clone, discover(clone)[0]) == expected
    tracked = {p for p in expected if (clone / p).is_file()}
    assert len(tracked) == len(expected) and not read
    edit(clone, CONFERENCE, "attendance: ", "attendance: 1")
    changed = file_digests(clone, discover(clone)[0])
    assert [str(Path(p).relative_to(clone).as_posix()) for p in read] == [CONFERENCE]
    assert {p for p in changed if changed[p] != expected[p]} == {CONFERENCE}
    assert changed[CONFERENCE] == cache._digest(clone / CONFERENCE).hex()  # type: ignore[union-attr]
