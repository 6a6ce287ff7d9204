"""Every git that danbiet runs works on the repository it is given, even when the caller's
environment names another one: a pre-commit hook exports GIT_INDEX_FILE, a hook in a worktree
or a bare clone GIT_DIR, and a test suite run from such a hook inherits them
(`worktree.git_env`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CONFERENCE, MINIMAL, edit

from danbiet import worktree
from danbiet.checks.integrity import read_changes
from danbiet.export import git_commit
from danbiet.ledger import Ledger
from danbiet.site.build import ledger_of
from danbiet.validate import changed_files
from danbiet.worktree import REPOSITORY_VARIABLES, git_env, run_git

CONFIGURATION = {"GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"}


def git(root: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=T", "-c", "user.email=t@example.vn", "-C", str(root)]
    done = subprocess.run([*command, *args], capture_output=True, check=True, env=git_env())
    return done.stdout.decode().strip()


def committed_copy(folder: Path) -> Path:
    shutil.copytree(MINIMAL, folder, symlinks=True)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", f"records of {folder.name}")
    return folder


def test_git_env_leaves_out_what_ties_git_to_a_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in REPOSITORY_VARIABLES:
        monkeypatch.setenv(name, "/elsewhere")
    monkeypatch.setenv("GIT_CONFIG_COUNT", "0")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Văn phòng")
    env = git_env()
    assert not set(REPOSITORY_VARIABLES) & set(env)
    assert env["GIT_CONFIG_COUNT"] == "0"  # the caller's configuration is kept
    assert env["GIT_AUTHOR_NAME"] == "Văn phòng"
    assert env["GIT_TERMINAL_PROMPT"] == "0"


def test_every_variable_git_calls_local_is_left_out() -> None:
    """git's own list, configuration apart: a git that adds one makes this fail, so that the
    list is brought up to date."""
    done = subprocess.run(["git", "rev-parse", "--local-env-vars"], capture_output=True, check=True)
    listed = set(done.stdout.decode().split())
    assert "GIT_DIR" in listed
    assert listed - CONFIGURATION <= set(REPOSITORY_VARIABLES)


def test_commands_answer_about_the_repository_they_are_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = committed_copy(tmp_path / "ours")
    other = committed_copy(tmp_path / "other")
    (other / "content" / "elsewhere.txt").write_text("x", encoding="utf-8")
    git(other, "add", "-A")
    git(other, "commit", "-qm", "another history")
    head = git(ours, "rev-parse", "HEAD")
    assert head != git(other, "rev-parse", "HEAD")
    edit(ours, CONFERENCE, "title: ", "title: Sửa: ")  # changed in our working tree only
    # what a hook run in the other repository exports
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))

    assert run_git(ours, "rev-parse", "HEAD").strip() == head
    assert git_commit(ours) == head
    assert changed_files(ours, "HEAD").paths == {CONFERENCE}
    assert [c.path for c in read_changes(ours, "HEAD").changes] == [CONFERENCE]
    assert Ledger.load(ours, use_cache=False).head == head
    ledger, notes = ledger_of(ours)
    assert ledger is not None and ledger.head == head and notes == []
    search = worktree.Search(ours, ["content/conferences"], [b"S\xe1\xbb\xada: "])
    assert search.result() == {CONFERENCE}
