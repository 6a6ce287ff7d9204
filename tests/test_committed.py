"""`danbiet.committed`: git's word that content/ holds exactly the record files of a commit,
which lets an unchanged rebuild skip reading them. Whatever git reports, or was told not to
look at, must answer no; only stray files that are not records are let through."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from danbiet.committed import SameAsCommit, unchanged_since_commit
from danbiet.worktree import blob_id

RECORDS = {
    "content/units/xa-an-binh.yaml": "id: xa-an-binh\nname: Xã An Bình\n",
    "content/conferences/xa-an-binh/2025-03-04.yaml": "title: Đối thoại\n",
    "content/plans/xa-an-binh/2025.yml": "year: 2025\n",
}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True)
    return done.stdout.decode()


def commit_all(root: Path) -> str:
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.vn", "commit", "-qm", "records")
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose portal is in a folder (paths from git's top differ from the
    portal's), with three records and a README beside them, committed."""
    root = tmp_path / "portal"
    for rel, text in RECORDS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "content" / "README.md").write_text("Hồ sơ\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    commit_all(tmp_path)
    return root


def blobs_of(root: Path) -> dict[str, str | None]:
    return {rel: blob_id((root / rel).read_bytes()) for rel in RECORDS}


def write(root: Path, rel: str, text: str = "x: 1\n") -> Callable[[], None]:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")
    return lambda: (root / rel).unlink()


def test_a_clean_checkout_is_unchanged_and_stray_files_that_are_not_records_do_not_count(
    repo: Path,
) -> None:
    assert unchanged_since_commit(repo)
    undo = write(repo, "content/plans/ghi-chu.txt")  # untracked, not a record
    (repo.parent / ".gitignore").write_text(".DS_Store\n", encoding="utf-8")
    git(repo.parent, "add", ".gitignore")
    git(repo.parent, "-c", "user.name=t", "-c", "user.email=t@example.vn", "commit", "-qm", "i")
    write(repo, "content/units/.DS_Store", "\0\1")  # ignored, not a record
    assert unchanged_since_commit(repo)
    undo()
    assert unchanged_since_commit(repo)


@pytest.mark.parametrize(
    "change",
    [
        "an untracked record",
        "an ignored record",
        "an edit",
        "an edit, staged",
        "a deletion",
        "an edit to a file git assumes unchanged",
        "a file outside the sparse checkout",
        "an untracked link",
        "another repository inside content",
    ],
)
def test_anything_git_reports_or_does_not_look_at_is_a_change(repo: Path, change: str) -> None:
    unit = repo / "content/units/xa-an-binh.yaml"
    if change == "an untracked record":
        write(repo, "content/conferences/xa-an-binh/2025-06-01.yaml")
    elif change == "an ignored record":
        (repo.parent / ".git" / "info" / "exclude").write_text("*.yml\n", encoding="utf-8")
        write(repo, "content/plans/xa-an-binh/2026.yml")
    elif change.startswith("an edit"):
        info = unit.stat()
        unit.write_text(RECORDS["content/units/xa-an-binh.yaml"].replace("An", "Ân"))
        os.utime(unit, ns=(info.st_atime_ns, info.st_mtime_ns))
        if change.endswith("staged"):
            git(repo, "add", "content/units/xa-an-binh.yaml")
        if "assumes" in change:
            git(repo, "update-index", "--assume-unchanged", "content/units/xa-an-binh.yaml")
            assert git(repo, "status", "--porcelain") == ""  # git does not say
    elif change == "a deletion":
        unit.unlink()
    elif change == "a file outside the sparse checkout":
        git(repo, "update-index", "--skip-worktree", "content/units/xa-an-binh.yaml")
    elif change == "an untracked link":
        (repo / "content" / "plans" / "khac").symlink_to(repo / "content" / "units")
    else:
        nested = repo / "content" / "plans" / "khac"
        write(repo, "content/plans/khac/2025.yaml")
        git(nested, "init", "-q")
    assert not unchanged_since_commit(repo)


def test_no_repository_is_no_answer(tmp_path: Path) -> None:
    write(tmp_path, "content/units/x.yaml")
    assert not unchanged_since_commit(tmp_path)
    assert not SameAsCommit(tmp_path, "HEAD").result({"content/units/x.yaml": None})


def test_the_files_a_build_read_are_the_commits_records_no_more_no_fewer(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    blobs = blobs_of(repo)
    assert SameAsCommit(repo, head).result(blobs)  # the README is not a record
    rel = "content/units/xa-an-binh.yaml"
    assert not SameAsCommit(repo, head).result(blobs | {rel: blob_id(b"other bytes\n")})
    assert not SameAsCommit(repo, head).result(blobs | {rel: None})  # could not be read
    assert not SameAsCommit(repo, head).result({k: v for k, v in blobs.items() if k != rel})
    extra = blobs | {"content/units/xa-moi.yaml": blob_id(b"id: xa-moi\n")}
    assert not SameAsCommit(repo, head).result(extra)
    # a link among the commit's files: never the bytes a build reads through it
    (repo / "content" / "units" / "lien-ket.yaml").symlink_to(
        repo / "content" / "units" / "xa-an-binh.yaml"
    )
    linked = commit_all(repo.parent)
    assert not SameAsCommit(repo, linked).result(
        blobs | {"content/units/lien-ket.yaml": blobs[rel]}
    )
