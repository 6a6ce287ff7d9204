"""Whether content/ holds exactly the record files of a commit, in git's words: what lets an
unchanged rebuild (`danbiet.site.incremental`) skip the stat and the digest of every record
file (five national years: 194,000 files, 5 s here) for two git commands in C (0.7 s).

A build that read every file records the commit when the files it read (their git blob ids,
`danbiet.digests`) are that commit's, no more and no fewer (`SameAsCommit`). A later build at
the same commit needs none of them when git finds nothing under content/ that differs from it
(`unchanged_since_commit`): no file modified, staged, deleted, untracked or ignored, and no
file git was told to stop looking at.

Git compares the stat it recorded of each file and reads a file whose stat changed (or that
changed too soon after the index was written to tell): the same rule as the digests' own
cache. What git would check out other than its blob (line ends, filters) never matches the
blob ids of the bytes read, so such a repository just takes the longer way.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from danbiet.loader import CONTENT
from danbiet.worktree import GitError, run_git

RECORD_SUFFIXES = (".yaml", ".yml")  # the files `loader.discover` lists
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
    """Whether every file under ROOT/content/ is as in the commit checked out, and there is
    no other: `git status` lists nothing there (modified, staged, deleted, untracked or
    ignored), and no tracked file is marked assume-unchanged or skip-worktree (whose changes
    git would not report). False when git cannot tell."""
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
    return changes == "" and all(entry.startswith("H ") for entry in tags.split("\0") if entry)
