"""`check()`: what a pull request must never do quietly.

    check(root)                          personal data anywhere in content/
    check(root, base="origin/main")      ... in the changed files, and no edit or deletion of
                                         entries published on the base
    check(root, base=..., author=LOGIN)  ... and only the owning team changes a unit's files

Stable problem codes (each at `path:line` with the field):

    edited-published, deleted-published             danbiet.checks.integrity
    personal-phone, personal-id, personal-email,    danbiet.checks.privacy
    personal-plate, personal-name
    not-owner, owners-error                         danbiet.checks.ownership
    unsafe-path, unreadable and the YAML codes of danbiet.safeyaml for files that cannot be read

`check` raises `CheckError` when it cannot run at all (not a git repository, unknown base, an
author without a base): the command line turns that into exit code 2.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

from danbiet import records
from danbiet.checks import integrity, ownership, privacy
from danbiet.checks.integrity import CheckError
from danbiet.problems import Problem, Report
from danbiet.safeyaml import MAX_BYTES, Document
from danbiet.worktree import git_env

__all__ = ["CheckError", "check"]

CONTENT = "content"


def _scanned(rel: str) -> bool:
    """Whether REL holds public text to scan: YAML under content/ except rules, calendars..."""
    if not rel.startswith(f"{CONTENT}/") or not rel.endswith((".yaml", ".yml")):
        return False
    top = rel[len(CONTENT) + 1 :].split("/", 1)[0]
    return top not in records.OTHER_FOLDERS


def _record_id(rel: str) -> str | None:
    found = records.classify(rel.removeprefix(f"{CONTENT}/"))
    return found[0].record_id(found[1]) if found else None


def check(
    root: Path | str,
    base: str | None = None,
    author: str | None = None,
    tree: integrity.BaseTree | None = None,
) -> Report:
    """Check the working tree under ROOT; see the module docstring. TREE: what
    `integrity.read_changes(root, base)` returned, when the caller already read it."""
    from danbiet.owners import LOGIN_RE

    root = Path(root)
    if author is not None and base is None:
        raise CheckError("--author needs --base: ownership is judged on the changes since a base")
    if author is not None and not LOGIN_RE.match(author):
        raise CheckError(f"'{author}' is not a GitHub login")
    report = Report()
    documents: dict[str, tuple[str, Document]] = {}
    if base is None:
        from danbiet.loader import discover

        files, problems = discover(root)
        report.extend(problems)
        for rel, _ in files:
            if _scanned(rel):
                _read(root, rel, documents, report)
        allowed = _officials(documents) | repository_officials(root)
        report.stats = {"files": len(documents)}
    else:
        tree = tree if tree is not None else integrity.read_changes(root, base)
        deltas, problems = integrity.compare(root, tree)
        report.extend(problems)
        for delta in deltas:
            change = delta.change
            if change.status != "D" and delta.document is not None and _scanned(change.path):
                documents[change.path] = (delta.text or "", delta.document)
        allowed = Officials(root, _officials(documents))
        if author is not None:
            owners, owner_problems = ownership.owners_for(root, tree)
            report.extend(owner_problems)
            if owners is not None:
                report.extend(ownership.check_ownership(owners, deltas, author, base))
        report.stats = {"changed": len(tree.changes), "files": len(documents)}
    for rel, (text, document) in sorted(documents.items()):
        report.extend(privacy.scan_document(rel, document, text, allowed, _record_id(rel)))
    report.problems = _unique(report.problems)
    return report


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _read(root: Path, rel: str, documents: dict[str, tuple[str, Document]], report: Report) -> None:
    read = integrity.read_working(root, rel)
    if isinstance(read, Problem):
        report.add(read)
    elif read is not None:
        documents[rel] = read


def _officials(documents: dict[str, tuple[str, Document]]) -> set[str]:
    names: set[str] = set()
    for _, document in documents.values():
        names |= privacy.official_names(document.data)
    return names


class Officials:
    """The normalised names of the officials a check allows: KNOWN (those of the files being
    checked) and, looked up only when a name is not among them, every official of the
    repository (`repository_officials`, read once). A pull request's names are nearly always
    explained by their own file or by a title next to them (`privacy._is_official` asks this
    last), so its check does not read the whole repository, whatever its size; the answer is
    the same as with the full list."""

    def __init__(self, root: Path, known: set[str]) -> None:
        self.root = root
        self.known = known
        self._everyone: set[str] | None = None

    def __contains__(self, name: object) -> bool:
        if name in self.known:
            return True
        if self._everyone is None:
            self._everyone = repository_officials(self.root)
        return name in self._everyone


_OFFICIAL_LINE = re.compile(
    r"^[ \t-]*(?:name|signer|head_name):[ \t]*['\"]?(?P<value>[^'\"\n#]+)", re.MULTILINE
)


def repository_officials(root: Path) -> set[str]:
    """Normalised names of every official in the repository: chairs, notice signers and plan
    heads of all conference and plan files.

    Read line by line without parsing YAML (record files are canonical: one field per line), so
    it stays fast for tens of thousands of files: in a Git repository `git grep` picks the
    lines (tracked and untracked files, not ignored ones; 0.3 s instead of 3 s for the 25,000
    files of a national year), elsewhere every file is read. Only files inside content/ are read.
    """
    lines = _official_lines_by_git(root)
    if lines is None:
        lines = _official_lines_by_walk(root)
    names: set[str] = set()
    for match in _OFFICIAL_LINE.finditer(lines):
        head = re.split(r"[,(;–—]| - ", match["value"], maxsplit=1)[0].strip()
        if head:
            names.add(privacy.normalise_name(head))
    return names


_GREP_TIMEOUT = 300


def _official_lines_by_git(root: Path) -> str | None:
    """The lines of conference and plan files that may name an official, or None when Git
    cannot tell (not a repository, no git)."""
    if (root / CONTENT).is_symlink():
        return ""
    pathspecs = [f"{CONTENT}/{folder}/*.yaml" for folder in ("conferences", "plans")]
    try:
        done = subprocess.run(
            # fixed strings are found fast (a regular expression took 4.6 s); the lines are
            # matched by _OFFICIAL_LINE afterwards ("head_name:" holds "name:")
            ["git", "-C", str(root), "grep", "--untracked", "--no-color", "-h", "-I", "-F"]
            + ["-e", "name:", "-e", "signer:", "--", *pathspecs],
            capture_output=True,
            timeout=_GREP_TIMEOUT,
            env=git_env(),
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode not in (0, 1):  # 1: nothing found
        return None
    return done.stdout.decode("utf-8", "replace")


def _official_lines_by_walk(root: Path) -> str:
    texts = []
    for folder in ("conferences", "plans"):
        top = root / CONTENT / folder
        if not top.is_dir() or top.is_symlink():
            continue
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
            dirnames[:] = [d for d in dirnames if not (Path(dirpath) / d).is_symlink()]
            for name in filenames:
                if name.endswith(".yaml"):
                    texts.append(_read_small(Path(dirpath) / name))
    return "\n".join(texts)


def _read_small(path: Path) -> str:
    """The text of a regular file (not a link, FIFO or device), or '' if it cannot be read."""
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        )
    except OSError:
        return ""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        data = os.read(fd, MAX_BYTES + 1)
    except OSError:
        return ""
    finally:
        os.close(fd)
    return data.decode("utf-8", "replace") if len(data) <= MAX_BYTES else ""
