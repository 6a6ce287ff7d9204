"""`danbiet history PATH`: success and failure paths, on real git repositories."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from danbiet import cli
from danbiet.commands import history
from danbiet.ledger import Ledger

CONF = "content/conferences/xa-tan-an/2026-03-12.yaml"
CONF_ID = "xa-tan-an.2026-03-12"
CONF_YAML = """\
unit: xa-tan-an
held_on: 2026-03-12
notice: {number: 45-TB/ĐU, issued_on: 2026-03-01}
petitions:
  - no: 1
    summary: Đề nghị công khai đơn giá bồi thường
    updates:
      - {date: 2026-04-02, status: dang-giai-quyet}
"""
SECOND_UPDATE = "      - {date: 2026-04-08, status: da-giai-quyet}\n"


def git(root: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env.update(GIT_COMMITTER_DATE=when, GIT_AUTHOR_DATE=when)
    result = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A conference published on 2026-03-19 14:05 +07:00, an update appended on 2026-04-08."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Văn phòng Đảng ủy")
    git(root, "config", "user.email", "vp@example")
    (root / CONF).parent.mkdir(parents=True)
    (root / CONF).write_text(CONF_YAML, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Công bố hội nghị 12/3", when="2026-03-19T07:05:00Z")
    with (root / CONF).open("a", encoding="utf-8") as handle:
        handle.write(SECOND_UPDATE)
    git(root, "commit", "-q", "-am", "Cập nhật\x1b[31m kết quả", when="2026-04-08T16:30:00+07:00")
    return root


@dataclass
class Result:
    rc: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def danbiet(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run `danbiet history ARGS...`: through the CLI once the command is registered there."""

    def run(*args: object) -> Result:
        argv = ["history", *(str(arg) for arg in args)]
        capsys.readouterr()
        try:
            if "history" in cli.COMMANDS:
                rc = cli.main(argv)
            else:
                parser = argparse.ArgumentParser(prog="danbiet history")
                history.configure(parser)
                rc = history.run(parser.parse_args(argv[1:]))
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return Result(rc, out, err)

    return run


def test_module_contract() -> None:
    assert isinstance(history.HELP, str) and history.HELP
    assert callable(history.configure) and callable(history.run)


def test_text_history(danbiet: Run, repo: Path) -> None:
    result = danbiet(CONF, "--root", repo)
    assert result.rc == 0, result.err
    shas = git(repo, "log", "--reverse", "--format=%H").split()
    lines = result.out.splitlines()
    assert lines[0] == f"{CONF}: 2 changes on HEAD, oldest first"
    first = lines.index(f"{shas[0][:10]}  2026-03-19 14:05 +07:00  Văn phòng Đảng ủy")
    second = lines.index(f"{shas[1][:10]}  2026-04-08 16:30 +07:00  Văn phòng Đảng ủy")
    assert first < second  # oldest first
    assert "    Công bố hội nghị 12/3  (file added)" in lines
    assert f"    added    {CONF_ID}#notice" in lines[first:second]
    assert lines[second + 2 :] == [f"    added    {CONF_ID}.1/updates/2"]
    assert "\x1b" not in result.out  # control characters of a subject never reach the terminal


def test_json_equals_the_library(danbiet: Run, repo: Path) -> None:
    result = danbiet(CONF, "--root", repo, "--format", "json")
    assert result.rc == 0, result.err
    data = json.loads(result.out)
    expected = [change.to_dict() for change in Ledger.load(repo).file_history(CONF)]
    assert data == expected
    assert data[0]["commit"]["committed_at"] == "2026-03-19T07:05:00+00:00"
    assert data[1]["added"] == [f"{CONF_ID}.1/updates/2"]
    assert set(data[0]) == {"commit", "path", "status", "added", "changed", "removed"}


def test_paths_relative_to_the_current_folder(
    danbiet: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo / "content")
    assert danbiet("conferences/xa-tan-an/2026-03-12.yaml", "--root", "..").rc == 0
    monkeypatch.chdir(repo)
    assert danbiet(repo / CONF).rc == 0
    assert danbiet(f"./{CONF}").rc == 0


def test_ref_option(danbiet: Run, repo: Path) -> None:
    result = danbiet(CONF, "--root", repo, "--ref", "HEAD~1", "--format", "json")
    assert result.rc == 0, result.err
    assert len(json.loads(result.out)) == 1


def test_not_under_content(danbiet: Run, repo: Path) -> None:
    (repo / "README.md").write_text("x\n")
    result = danbiet("README.md", "--root", repo)
    assert result.rc == 1 and result.out == ""
    assert "is not a file under" in result.err and "content" in result.err


def test_no_history(danbiet: Run, repo: Path) -> None:
    new = "content/conferences/xa-tan-an/2026-06-01.yaml"
    (repo / new).write_text("unit: xa-tan-an\n", encoding="utf-8")
    result = danbiet(new, "--root", repo)
    assert result.rc == 1 and result.out == ""
    assert "not committed yet" in result.err and "chưa công bố" in result.err

    result = danbiet("content/conferences/xa-tan-an/2099-01-01.yaml", "--root", repo)
    assert result.rc == 1 and "no history" in result.err


def test_not_a_repository(danbiet: Run, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    result = danbiet(CONF, "--root", tmp_path)
    assert result.rc == 1 and result.out == ""
    assert "not a git repository" in result.err


def test_shallow_clone(danbiet: Run, repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    git(repo, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    result = danbiet(CONF, "--root", clone)
    assert result.rc == 1
    assert "git fetch --unshallow" in result.err and "fetch-depth: 0" in result.err


def test_unknown_ref_and_bad_format(danbiet: Run, repo: Path) -> None:
    result = danbiet(CONF, "--root", repo, "--ref", "no-such-branch")
    assert result.rc == 1 and "does not name a commit" in result.err
    assert danbiet(CONF, "--root", repo, "--format", "xml").rc == 2
