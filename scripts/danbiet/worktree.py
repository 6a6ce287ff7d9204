"""What differs in a working tree: `git diff` against a revision and the untracked files under
content/, listed side by side (`validate --changed`, `check --base`, `review`); and which
files of the working tree hold some bytes (`Search`, for `validate --changed`)."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from danbiet.safeyaml import MAX_BYTES

T = TypeVar("T")

UNTRACKED = ("ls-files", "--others", "--exclude-standard", "-z", "--", "content/")


# The variables that tie git to one repository: what git itself clears before it works in
# another (`git rev-parse --local-env-vars`), its configuration apart. A hook that runs danbiet
# sets some of them (GIT_INDEX_FILE in pre-commit, GIT_DIR in a worktree or a bare clone), and
# git would then answer about that repository and its index instead of the one at ROOT.
REPOSITORY_VARIABLES = (
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_DIR",
    "GIT_GRAFT_FILE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_INTERNAL_SUPER_PREFIX",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_OBJECT_DIRECTORY",
    "GIT_PREFIX",
    "GIT_REPLACE_REF_BASE",
    "GIT_SHALLOW_FILE",
    "GIT_WORK_TREE",
)


def git_env() -> dict[str, str]:
    """The environment every git that danbiet runs gets: this process's, without
    REPOSITORY_VARIABLES (git finds the repository from its `-C` folder), and never a prompt
    for credentials."""
    env = {k: v for k, v in os.environ.items() if k not in REPOSITORY_VARIABLES}
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


class GitError(Exception):
    """git could not answer: not a repository, an unknown revision, no git."""


def run_git(root: Path, *args: str) -> str:
    """What `git -C ROOT ARGS` prints (decoded as paths are: surrogate escapes); GitError with
    git's last line of error, or why it could not be run."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=git_env(),
            check=False,
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {' '.join(args)} failed")
    return done.stdout.decode("utf-8", "surrogateescape")


def diff_and_untracked(
    git: Callable[..., T], *diff: str, others: tuple[str, ...] = UNTRACKED
) -> tuple[T, T]:
    """GIT("diff", *DIFF) and GIT(*OTHERS) (the untracked files under content/, by default),
    GIT running one git command: at the same time, since each compares or walks the whole
    working tree (a third of a second each for the 190,000 files of five national years). An
    exception of either is raised."""
    with ThreadPoolExecutor(2) as pool:
        listing = pool.submit(git, "diff", *diff)
        listed = pool.submit(git, *others)
        return listing.result(), listed.result()


def read_record_bytes(path: str) -> bytes | None:
    """The bytes of the file at PATH, None when the loader reads no record from it (not a
    regular file, or too large) or it grew while read: whoever scans it must load it to know.
    Without a file object: a third faster over many small files. OSError if it cannot be
    opened."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe named *.yaml must not hang
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        text = os.read(fd, info.st_size + 1)
    finally:
        os.close(fd)
    return text if len(text) <= info.st_size else None


def blob_id(data: bytes) -> str:
    """The id git gives a file holding DATA (`git hash-object`, SHA-1 repositories)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


# A tracked .gitattributes may make git check files out other than their blobs (line ends, an
# encoding): with one anywhere, no file is taken to hold its blob (`clean_blobs`).
ATTRIBUTES = ":(top,glob)**/.gitattributes"


def staged(listed: str) -> Iterator[tuple[str, str, str, str]]:
    """(mode, blob id, stage, path) of each entry LISTED by `git ls-files --stage -z`."""
    for entry in listed.split("\0"):
        info, _, rel = entry.partition("\t")
        fields = info.split(" ")
        if rel and len(fields) == 3:
            yield fields[0], fields[1], fields[2], rel


def clean_blobs(root: Path, folders: Iterable[str]) -> dict[str, str]:
    """{path: blob id} of the tracked regular files of FOLDERS (relative to ROOT) that git
    finds unchanged in the working tree: what a cache can key a file by without reading it,
    on any checkout (git compares the stat it recorded at checkout, and reads the files whose
    stat changed). {} when git cannot tell, and when a tracked `.gitattributes` may convert
    files (the working tree would not hold the blobs' bytes). A caller that keeps the blob id
    of the bytes it read (`blob_id`) knows a file is still those bytes when both ids agree.

    git's configuration (`core.autocrlf`, filters) is the machine's, not the repository's: a
    machine that converts files on checkout should not share its caches."""
    specs = sorted(set(folders))
    if not specs:
        return {}
    changed = ("diff", "--no-ext-diff", "--no-renames", "--relative", "--name-only", "-z")
    try:
        with ThreadPoolExecutor(3) as pool:
            stage = pool.submit(run_git, root, "ls-files", "--stage", "-z", "--", *specs)
            dirty = pool.submit(run_git, root, *changed, "--", *specs)
            attributes = pool.submit(run_git, root, "ls-files", "-z", "--", ATTRIBUTES)
            listed, differ, converting = stage.result(), dirty.result(), attributes.result()
    except GitError:
        return {}
    if converting:
        return {}
    out = {
        rel: blob
        for mode, blob, stage, rel in staged(listed)
        if mode in ("100644", "100755") and stage == "0"
    }
    for rel in differ.split("\0"):
        out.pop(rel, None)
    return out


class CleanBlobs:
    """Git's word on the files of FILES (repository-relative paths) whose cache entries no
    longer match on stat (`vouches`): the first AFTER are left to be read (fewer than git
    would take to answer), then `clean_blobs` of their folders is asked once. A run whose
    caches all match on stat never starts git."""

    def __init__(self, root: Path, files: Iterable[str], after: int) -> None:
        self.root, self.after, self.asked = root, after, 0
        self.folders = {"/".join(rel.split("/")[:2]) for rel in files if "/" in rel}
        self._blobs: dict[str, str] | None = None

    def vouches(self, rel: str, blob: str) -> bool:
        """Whether REL is a tracked file git finds unchanged, holding the blob BLOB."""
        self.asked += 1
        if self.asked <= self.after:
            return False
        if self._blobs is None:
            self._blobs = clean_blobs(self.root, self.folders)
        return self._blobs.get(rel) == blob


# `git grep` settings a user's configuration must not change: paths relative to the folder
# asked about, never a search outside a repository.
_GREP_CONFIG = ("-c", "grep.fullName=false", "-c", "grep.fallbackToNoIndex=false")


class Search:
    """`git grep` for NEEDLES in FOLDERS (relative to ROOT, a Git working tree), started at
    once and read in a thread, so that it runs while the caller does something else; `result`
    waits for it.

    What git searches is what is on disk, as a walk of the folders finds it: tracked files as
    they are in the working tree, untracked ones, and ignored ones too (`--untracked
    --no-exclude-standard`), in binary or not (`--text`). Git passes over symbolic links
    (`git grep` reads no link), so the tracked links are listed apart and returned whatever
    they point at (an untracked link is a change, which the caller has loaded already; a link
    that .gitignore hides is not seen, and a clean checkout has none). For a changed unit at
    five national years git reads the 1.8 GB of dialogues, plans and reports (169,800 files)
    in C on both CPUs in about 2 s here; `validate --changed` took 3.3-4.0 s with it,
    6.9-8.0 s reading them in Python."""

    def __init__(self, root: Path, folders: list[str], needles: list[bytes]) -> None:
        self.folders, self.needles = set(folders), set(needles)
        self._found: set[str] | None = set()
        self._reading: threading.Thread | None = None
        self._processes: tuple[subprocess.Popen[bytes], ...] = ()
        if not folders or not needles:
            return
        patterns = [arg for needle in needles for arg in ("-e", os.fsdecode(needle))]
        specs = ["--", *folders]
        grep = ["grep", "-l", "-z", "--text", "--fixed-strings", "--no-textconv"]
        grep += ["--untracked", "--no-exclude-standard", *patterns, *specs]
        try:
            searching = _start(root, *_GREP_CONFIG, *grep)
        except OSError:
            self._found = None
            return
        try:
            listing = _start(root, "ls-files", "--stage", "-z", *specs)
        except OSError:
            searching.kill()
            searching.communicate()
            self._found = None
            return
        self._processes = (searching, listing)
        self._reading = threading.Thread(target=self._read, args=self._processes, daemon=True)
        self._reading.start()

    def covers(self, folders: list[str], needles: list[bytes], units: object = ()) -> bool:
        """Whether `result` holds every file a search for NEEDLES in FOLDERS would find (UNITS:
        the units the needles were drawn from, which `mentions.Indexed.covers` needs)."""
        return set(folders) <= self.folders and set(needles) <= self.needles

    def result(self) -> set[str] | None:
        """The files that hold one of the needles, plus every symbolic link in the folders
        (paths relative to ROOT); None when git could not say (not a working tree, no git):
        the caller reads the files itself."""
        if self._reading is not None:
            self._reading.join()
        return self._found

    def cancel(self) -> None:
        """Stop git if it still runs (its result is not needed)."""
        for process in self._processes:
            if process.poll() is None:
                process.kill()
        if self._reading is not None:
            self._reading.join()

    def _read(self, searching: subprocess.Popen[bytes], listing: subprocess.Popen[bytes]) -> None:
        with ThreadPoolExecutor(1) as pool:  # both pipes read at once: neither git waits
            staged = pool.submit(listing.communicate)
            found = searching.communicate()[0]
            links = staged.result()[0]
        # git grep: 0 found, 1 nothing found, anything else an error.
        if listing.returncode != 0 or searching.returncode not in (0, 1):
            self._found = None
            return
        hits = {os.fsdecode(path) for path in found.split(b"\0") if path}
        for entry in links.split(b"\0"):
            if entry.startswith(b"120000 "):
                hits.add(os.fsdecode(entry.partition(b"\t")[2]))
        self._found = hits


def _start(root: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ["git", "-C", str(root), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=git_env(),
    )
