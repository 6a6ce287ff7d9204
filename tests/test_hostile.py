"""Every record file is untrusted: hostile files get a clear error, fast, and nothing else happens.

For each hostile tree, `danbiet validate`, `danbiet fmt --check`, `danbiet fmt`, `danbiet check`
and `danbiet check --base main` must:

- finish (a generous time bound, only there to turn a hang into a failure, not to measure speed),
- report the expected code naming the file (or, for harmless oddities, simply not crash),
- execute nothing (a marker file a YAML tag would create never appears),
- read nothing outside the repository (no line of /etc/passwd in any output, nothing from a
  folder a symbolic link points to),
- write nothing outside content/ (the folder outside the repository is unchanged).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "publishing"
BOUND = 30.0  # seconds: only detects hangs
FIFO_BOUND = 3.0
CONF_DIR = "content/conferences/xa-thu"
PASSWD = Path("/etc/passwd")

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX signals")


class Hung(BaseException):
    """The command did not finish within its bound (BaseException: nothing may swallow it)."""


@contextmanager
def bounded(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args], cwd=root, env=env, check=True,
        capture_output=True,
    )  # fmt: skip


# -- hostile trees ---------------------------------------------------------------------------


def oversized(root: Path, env: dict[str, Path]) -> None:
    (root / CONF_DIR / "2026-04-01.yaml").write_text(
        "unit: xa-thu\nsummary: " + "a" * (3 * 1024 * 1024) + "\n", encoding="utf-8"
    )


def alias_bomb(root: Path, env: dict[str, Path]) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(ord("b"), ord("j")):
        prev = chr(n - 1)
        lines.append(f"{chr(n)}: &{chr(n)} [{', '.join([f'*{prev}'] * 9)}]")
    (root / CONF_DIR / "2026-04-01.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def deep_nesting(root: Path, env: dict[str, Path]) -> None:
    depth = 100_000
    (root / CONF_DIR / "2026-04-01.yaml").write_text(
        "unit: " + "[" * depth + "]" * depth + "\n", encoding="utf-8"
    )


def python_tags(root: Path, env: dict[str, Path]) -> None:
    marker = env["marker"]
    (root / CONF_DIR / "2026-04-01.yaml").write_text(
        f"unit: !!python/object/apply:os.system ['touch {marker}']\n"
        f"title: !!python/object/apply:subprocess.call [['touch', '{marker}']]\n",
        encoding="utf-8",
    )
    (root / "content/units/xa-tag.yaml").write_text(
        f"id: !!python/name:os.system\nname: !!python/object/new:os.system ['touch {marker}']\n",
        encoding="utf-8",
    )


def path_tricks(root: Path, env: dict[str, Path]) -> None:
    text = (root / CONF_DIR / "2026-03-12.yaml").read_text(encoding="utf-8")
    (root / CONF_DIR / "2026-03-12.yaml").write_text(
        text.replace("unit: xa-thu", "unit: ../../etc").replace(
            "- to: phong-kinh-te-xa-thu", "- to: ../../../etc/passwd"
        ),
        encoding="utf-8",
    )
    (root / CONF_DIR / "2026-04-01 copy.yaml").write_text("unit: xa-thu\n", encoding="utf-8")
    (root / "content/units/xã-thử.yaml").write_text("id: xã-thử\n", encoding="utf-8")
    (root / "content/units/a..b.yaml").write_text("id: a/../b\n", encoding="utf-8")
    (root / CONF_DIR / "2026-04-02.yaml").write_text(
        "unit: xa-thu\nheld_on: 2026-04-02\npetitions:\n  - no: 1/../../x\n", encoding="utf-8"
    )


def link_to_passwd(root: Path, env: dict[str, Path]) -> None:
    (root / "content/units/passwd.yaml").symlink_to(PASSWD)
    (root / CONF_DIR / "2026-04-01.yaml").symlink_to(env["outside"] / "secret.yaml")


def link_to_folder(root: Path, env: dict[str, Path]) -> None:
    (root / "content/conferences/xa-ngoai").symlink_to(env["outside"], target_is_directory=True)


def fifo_outside_records(root: Path, env: dict[str, Path]) -> None:
    os.mkfifo(root / "content/x.yaml")


def fifo_record(root: Path, env: dict[str, Path]) -> None:
    os.mkfifo(root / "content/units/xa-fifo.yaml")


def crlf_bom(root: Path, env: dict[str, Path]) -> None:
    path = root / "content/units/xa-khac.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))


BAD = "content/conferences/xa-thu/2026-04-01.yaml"
# case -> (setup, {command: codes expected in the output, each with its file})
CASES: dict[str, tuple[Callable[[Path, dict[str, Path]], None], dict[str, set[str]]]] = {
    "oversized": (oversized, dict.fromkeys(("validate", "fmt", "check", "base"), {"too-large"})),
    "alias-bomb": (alias_bomb, dict.fromkeys(("validate", "fmt", "check", "base"), {"yaml-alias"})),
    "deep-nesting": (
        deep_nesting,
        dict.fromkeys(("validate", "fmt", "check", "base"), {"too-deep"}),
    ),
    "python-tags": (python_tags, dict.fromkeys(("validate", "fmt", "check", "base"), {"yaml-tag"})),
    "path-tricks": (
        path_tricks,
        {"validate": {"path-mismatch", "unsafe-id", "bad-path"}, "fmt": set(), "check": set()},
    ),
    "link-to-passwd": (
        link_to_passwd,
        dict.fromkeys(("validate", "fmt", "check", "base"), {"unsafe-path"}),
    ),
    "link-to-folder": (
        link_to_folder,
        dict.fromkeys(("validate", "fmt", "check", "base"), {"unsafe-path"}),
    ),
    "fifo-outside-records": (
        fifo_outside_records,
        {"validate": {"bad-path"}, "check": {"unsafe-path"}},
    ),
    "fifo-record": (fifo_record, {"validate": {"unsafe-path"}, "check": {"unsafe-path"}}),
    "crlf-bom": (crlf_bom, {"validate": set(), "check": set()}),
}
COMMANDS = {
    "validate": ("validate", "{root}", "--as-of", "2026-11-20"),
    "fmt": ("fmt", "--check", "{root}"),
    "fmt-write": ("fmt", "{root}"),
    "check": ("check", "{root}"),
    "base": ("check", "{root}", "--base", "main"),
}


def _params() -> Iterator[object]:
    for case in CASES:
        for command in COMMANDS:
            yield pytest.param(case, command, id=f"{case}-{command}")


def snapshot(folder: Path) -> dict[str, str]:
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "init")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(
        "unit: xa-thu\nsummary: BÍ-MẬT-NGOÀI-KHO gọi 0912345678\n", encoding="utf-8"
    )
    return root, {"outside": outside, "marker": tmp_path / "executed.marker"}


@pytest.mark.parametrize(("case", "command"), list(_params()))
def test_hostile_input(hostile, cli, case, command):
    root, env = hostile
    setup, expected = CASES[case]
    setup(root, env)
    outside_before = snapshot(env["outside"])
    repo_before = snapshot(root)
    args = [part.format(root=root) for part in COMMANDS[command]]
    bound = FIFO_BOUND if case.startswith("fifo") else BOUND
    with bounded(bound):
        result = cli(*args)
    output = result.out + result.err
    assert result.rc in (0, 1), output
    wanted = expected.get(command, set())
    if command == "fmt-write":
        wanted = expected.get("fmt", set())
    for code in wanted:
        assert f"[{code}]" in output, f"expected [{code}] in:\n{output[:3000]}"
    if wanted:
        assert result.rc == 1
    # Nothing executed, nothing read outside, nothing written outside content/.
    assert not env["marker"].exists()
    assert "BÍ-MẬT-NGOÀI-KHO" not in output and "0912345678" not in output
    if PASSWD.is_file():
        for line in PASSWD.read_text(encoding="utf-8", errors="replace").splitlines()[:5]:
            assert line not in output
    assert snapshot(env["outside"]) == outside_before
    changed = {rel for rel in set(repo_before) | set(snapshot(root)) if
               repo_before.get(rel) != snapshot(root).get(rel)}  # fmt: skip
    allowed = ("content/", ".git/", ".danbiet-cache/")
    assert all(rel.startswith(allowed) for rel in changed), changed
    if command != "fmt-write":
        assert not [rel for rel in changed if rel.startswith("content/")], "a check wrote files"


def test_crlf_and_bom_are_made_canonical(hostile, cli):
    root, env = hostile
    crlf_bom(root, env)
    result = cli("fmt", "--check", root)
    assert result.rc == 1 and "content/units/xa-khac.yaml" in result.out
    assert cli("fmt", root).rc == 0
    raw = (root / "content/units/xa-khac.yaml").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    assert raw == (FIXTURE / "content/units/xa-khac.yaml").read_bytes()


def test_new_never_writes_through_a_symbolic_link(hostile, cli):
    root, env = hostile
    shutil.rmtree(root / "content/conferences/xa-khac")
    (root / "content/conferences/xa-khac").symlink_to(env["outside"], target_is_directory=True)
    before = snapshot(env["outside"])
    result = cli("new", "conference", "--unit", "xa-khac", "--date", "2026-11-05", "--root", root)
    assert result.rc == 1 and "symbolic link" in result.err
    result = cli("new", "update", "xa-khac.2026-10-01.1", "--status", "da-tra-loi", "--root", root)
    assert result.rc == 1
    assert snapshot(env["outside"]) == before


@pytest.mark.parametrize("case", list(CASES))
def test_looking_at_a_few_files_finds_what_the_walk_finds(hostile, case, monkeypatch):
    """`discover_only` (the files of a pull request) gives, for the files it is asked about,
    exactly what the walk of all content/ gives: the same files in the same order, the same
    problems, links refused alike."""
    from danbiet.loader import discover, discover_only

    root, env = hostile
    CASES[case][0](root, env)
    wanted = {
        (Path(folder) / name).relative_to(root).as_posix()
        for folder, folders, files in os.walk(root / "content")
        for name in (*folders, *files)
    }
    wanted |= {
        "content/conferences/xa-ngoai/secret.yaml",  # through a linked folder
        "content/conferences/xa-thu/2099-01-01.yaml",  # gone
        "content/../content/units/xa-thu.yaml",
        "schemas/datapackage.json",
    }
    files, problems = discover(root)
    expected = ([f for f in files if f[0] in wanted], [p for p in problems if p.path in wanted])
    assert discover_only(root, wanted) == expected
    assert expected[0], "the case leaves files to find"
    half = sorted(wanted)[::2]
    assert discover_only(root, half) == (
        [f for f in files if f[0] in half],
        [p for p in problems if p.path in half],
    )
    monkeypatch.chdir(root)  # from the repository root, as the command line runs by default
    assert discover_only(Path("."), wanted) == discover_only(root, wanted) == expected
