"""The index of mentions (`danbiet.mentions`): what `validate --changed` looks up instead of a
`git grep` of every dialogue, plan and report. Its answer, read through `_mentioning`, must be
the grep's whatever happened since it was written: commits, edits, new, ignored, deleted and
linked files; and it must refuse to answer when it cannot be sure."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from test_shards import fresh_copy, portal  # noqa: F401 - the two-province portal

from danbiet import mentions, worktree
from danbiet.validate import _ESCAPE, _mentioning

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]


def git(root: Path, *args: str) -> str:
    done = subprocess.run([*GIT, "-C", str(root), *args], capture_output=True, check=True)
    return done.stdout.decode()


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.fixture
def repo(portal: Path, tmp_path: Path) -> Path:  # noqa: F811 - the fixture imported above
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return fresh_copy(portal, tmp_path / "portal")


def kept(root: Path, found: set[str], units: set[str]) -> tuple[set[str], set[str]]:
    """What `load_affected` makes of a search's result: the links (all loaded) and the YAML
    files `_mentioning` keeps."""
    links = {rel for rel in found if os.path.islink(root / rel)}
    files = [(rel, str(root / rel)) for rel in sorted(found - links) if rel.endswith(".yaml")]
    needles = [u.encode() for u in sorted(units)]
    return links, _mentioning(files, units, needles)


def grep(root: Path, units: set[str]) -> tuple[set[str], set[str]]:
    needles = [u.encode() for u in sorted(units)]
    found = worktree.Search(root, list(mentions.FOLDERS), [*needles, _ESCAPE]).result()
    assert found is not None
    return kept(root, found, units)


def indexed(root: Path, units: set[str]) -> tuple[set[str], set[str]]:
    answer = mentions.lookup(root, mentions.FOLDERS, units)
    assert answer is not None, f"the index refused {units}"
    assert answer.covers(list(mentions.FOLDERS)[:1], [], units)
    return kept(root, answer.result(), units)


def files_naming(root: Path, unit: str, folder: str = "conferences") -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in (root / "content" / folder).rglob("*.yaml")
        if f"to: {unit}\n" in p.read_text(encoding="utf-8")
    )


def some_units(root: Path) -> list[str]:
    units = sorted(mentions.unit_names(root))
    return units[:: max(1, len(units) // 12)]


def test_the_index_answers_as_git_grep_does_after_commits_and_edits(repo: Path) -> None:
    assert mentions.update(repo) == "full"
    for unit in some_units(repo):
        assert indexed(repo, {unit}) == grep(repo, {unit}), unit

    named = next(u for u in sorted(mentions.unit_names(repo)) if files_naming(repo, u))
    other = next(u for u in sorted(mentions.unit_names(repo)) if u != named)
    first, *rest = files_naming(repo, named)
    plans = sorted((repo / "content" / "plans").rglob("*.yaml"))
    # Committed after the index was written: a file that now names the unit, one that no
    # longer does, a backslash, a symbolic link.
    with plans[0].open("a", encoding="utf-8") as handle:
        handle.write(f"# {named}\n")
    (repo / first).write_text(
        (repo / first).read_text(encoding="utf-8").replace(named, other),
        encoding="utf-8",
    )
    with plans[1].open("a", encoding="utf-8") as handle:
        handle.write('# "\\x41"\n')
    link = plans[2].with_name("lien-ket.yaml")
    link.symlink_to(plans[2].name)
    commit(repo, "after the index")
    # In the working tree only: an edit, an edit staged then undone, new and ignored files,
    # a deleted file that named the unit.
    with plans[3].open("a", encoding="utf-8") as handle:
        handle.write(f"# {named}\n")
    staged = plans[4].read_text(encoding="utf-8")
    plans[4].write_text(staged + f"# {named}\n", encoding="utf-8")
    git(repo, "add", "--", str(plans[4]))
    plans[4].write_text(staged, encoding="utf-8")
    (plans[5].parent / "moi.yaml").write_text(f"to: {named}\n", encoding="utf-8")
    (plans[5].parent / "an.yaml").write_text(f"to: {named}\n", encoding="utf-8")
    (repo / ".gitignore").write_text(
        (repo / ".gitignore").read_text(encoding="utf-8")
        + f"{(plans[5].parent / 'an.yaml').relative_to(repo).as_posix()}\n",
        encoding="utf-8",
    )
    if rest:
        (repo / rest[0]).unlink()
    for unit in {named, other, *some_units(repo)}:
        assert indexed(repo, {unit}) == grep(repo, {unit}), unit
    links, files = indexed(repo, {named})
    assert link.relative_to(repo).as_posix() in links
    assert plans[0].relative_to(repo).as_posix() in files
    assert first not in files and (not rest or rest[0] not in files)
    assert {"moi.yaml", "an.yaml"} <= {Path(p).name for p in files}
    assert indexed(repo, {named, other}) == grep(repo, {named, other})

    # Brought to the new commit, it reads only what changed, and still answers the same.
    assert mentions.update(repo) == "changed"
    for unit in {named, other, *some_units(repo)}:
        assert indexed(repo, {unit}) == grep(repo, {unit}), unit
    git(repo, "reset", "-q", "--hard")
    git(repo, "clean", "-q", "-fdx", "--", "content")
    assert mentions.update(repo) == "changed"  # what was dirty is read now
    assert mentions.update(repo) == "current"
    for unit in {named, other, *some_units(repo)}:
        assert indexed(repo, {unit}) == grep(repo, {unit}), unit


def test_new_units_rewrite_it_and_read_only_caches_leave_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert mentions.update(repo) == "full"
    index = mentions.index_path(repo)
    unit = next(iter(sorted(mentions.unit_names(repo))))
    shutil.copy(repo / "content" / "units" / f"{unit}.yaml", repo / "content/units/xa-moi.yaml")
    commit(repo, "a new unit")
    assert mentions.lookup(repo, mentions.FOLDERS, {"xa-moi"}) is None  # not indexed for it
    before = index.stat()
    monkeypatch.setenv("DANBIET_CACHE_READ_ONLY", "1")
    assert mentions.update(repo) == "read-only"
    assert index.stat().st_mtime_ns == before.st_mtime_ns
    monkeypatch.delenv("DANBIET_CACHE_READ_ONLY")
    assert mentions.update(repo) == "full"
    assert indexed(repo, {"xa-moi"}) == grep(repo, {"xa-moi"})


def test_it_refuses_what_it_cannot_be_sure_of(repo: Path) -> None:
    unit = some_units(repo)[0]
    folders = mentions.FOLDERS
    assert mentions.lookup(repo, folders, {unit}) is None  # not written yet
    assert mentions.update(repo) == "full"
    assert mentions.lookup(repo, folders, {unit}) is not None
    assert mentions.lookup(repo, ["content/units"], {unit}) is None  # not indexed
    assert mentions.lookup(repo, folders, {"khong-co"}) is None
    # Attributes change what git checks out; a tracked cache is not ours.
    for path in ("content/.gitattributes", ".danbiet-cache/ghi-chu.txt"):
        (repo / path).write_text("* text eol=crlf\n", encoding="utf-8")
        git(repo, "add", "-f", "--", path)
        assert mentions.lookup(repo, folders, {unit}) is None, path
        git(repo, "rm", "-q", "--cached", "--", path)
        (repo / path).unlink()
        assert mentions.lookup(repo, folders, {unit}) is not None
    index = mentions.index_path(repo)
    # Written by someone else's hand, or not ours to trust: refused, then written again.
    index.chmod(0o664)
    assert mentions.lookup(repo, folders, {unit}) is None
    index.chmod(0o600)
    with sqlite3.connect(index) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'base'", ("0" * 40,))
    db.close()
    assert mentions.lookup(repo, folders, {unit}) is None  # a commit git does not have
    assert mentions.update(repo) == "full"
    with sqlite3.connect(index) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    db.close()
    assert mentions.lookup(repo, folders, {unit}) is None
    assert mentions.update(repo) == "full"
    index.write_bytes(b"not a database" * 100)
    assert mentions.lookup(repo, folders, {unit}) is None
    assert mentions.update(repo) == "full"
    assert indexed(repo, {unit}) == grep(repo, {unit})
    # Not a repository: nothing is written, nothing is answered.
    alone = repo.parent / "alone"
    shutil.copytree(repo / "content", alone / "content")
    assert mentions.update(alone) == "no git"
    assert not mentions.index_path(alone).exists()
