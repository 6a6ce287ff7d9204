"""Whether content/ holds exactly the record files of a commit, in git's words: what lets an
unchanged rebuild (`danbiet.site.incremental`) skip the stat and the digest of every record
file (five national years: 194,000 files, 3-5 s here) for two git commands in C (0.3-0.7 s).

A build that read every file records the commit when the files it read (their git blob ids,
`danbiet.digests`) are that commit's, no more and no fewer (`SameAsCommit`). A later build at
the same commit needs none of them when git finds nothing under content/ that differs from it
(`unchanged_since_commit`): no file modified, staged or deleted, no untracked or ignored file
but regular files that are not records (a `.DS_Store`, a note), and no file git was told to
stop looking at.

Git compares the stat it recorded of each file and reads a file whose stat changed (or that
changed too soon after the index was written to tell): the same rule as the digests' own
cache. What git would check out other than its blob (line ends, filters) never matches the
blob ids of the bytes read, so such a repository just takes the longer way.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from danbiet.loader import CONTENT, RECORD_SUFFIXES
from danbiet.worktree import GitError, run_git

REGULAR = ("100644", "100755")


class SameAsCommit:
    """`git ls-tree -r COMMIT -- content`, started at once in a thread (0.3 s at five national
    years, while the build goes on); `result(BLOBS)` says whether BLOBS ({path: blob id or None
    for a file that could not be read}: every record file a build found) are exactly the
    record files of COMMIT under content/. Anything under content/ that is not a regular file
    in COMMIT (a link, a submodule) answers no."""

    def __init__(self, root: Path, commit: str) -> None:
        self._pool = ThreadPoolExecutor(1)
        self._listing = self._pool.submit(
            run_git, root, "ls-tree", "-r", "-z", commit, "--", CONTENT
        )
        self._pool.shutdown(wait=False)

    def result(self, blobs: Mapping[str, str | None]) -> bool:
        try:
            listing = self._listing.result()
        except GitError:
            return False
        found = 0
        for entry in listing.split("\0"):
            if not entry:
                continue
            info, _, rel = entry.partition("\t")
            mode, _, blob = info.split(" ")
            if mode not in REGULAR:
                return False
            if not rel.endswith(RECORD_SUFFIXES):
                continue
            if blobs.get(rel) != blob:
                return False
            found += 1
        return found == len(blobs)


def unchanged_since_commit(root: Path) -> bool:
    """Whether every record file under ROOT/content/ is as in the commit checked out, and there
    is no other: `git status` lists nothing there (modified, staged, deleted, untracked or
    ignored) but untracked or ignored regular files that are not records (`.DS_Store`, a
    note), and no tracked file is marked assume-unchanged or skip-worktree (whose changes git
    would not report). False when git cannot tell."""
    status = ("status", "--porcelain", "-z", "--untracked-files=all", "--ignored", "--", CONTENT)
    try:
        with ThreadPoolExecutor(2) as pool:
            listed = pool.submit(run_git, root, "ls-files", "-v", "-z", "--", CONTENT)
            differ = pool.submit(run_git, root, *status)
            tags, changes = listed.result(), differ.result()
    except GitError:
        return False
    # `ls-files -v` tags a tracked file "H "; lower case when assume-unchanged, "S " when
    # skip-worktree, "M " when unmerged
    if not all(entry.startswith("H ") for entry in tags.split("\0") if entry):
        return False
    entries = [entry for entry in changes.split("\0") if entry]
    if not entries:
        return True
    try:  # `git status --porcelain` names files from the top of the repository
        top = run_git(root, "rev-parse", "--show-toplevel").rstrip("\n")
    except GitError:
        return False
    return all(_not_a_record(top, entry) for entry in entries)


def _not_a_record(top: str, entry: str) -> bool:
    """Whether ENTRY of `git status --porcelain -z` (in the repository at TOP) is an untracked
    or ignored regular file that `loader.discover` does not list: neither a record's name, nor
    a folder (another repository), nor a link."""
    code, path = entry[:3], entry[3:]
    if code not in ("?? ", "!! ") or path.endswith(("/", *RECORD_SUFFIXES)):
        return False
    try:
        return stat.S_ISREG(os.lstat(os.path.join(top, path)).st_mode)
    except OSError:
        return False
