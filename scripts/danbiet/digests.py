"""Content digests of record files, kept between runs: what the build's caches are keyed by.

`file_digests` gives the BLAKE2b of every file's bytes. Hashing 60,000 files on every build
would take seconds, so the digests are kept in ROOT/.danbiet-cache/digests.pickle with each
file's stat (size, mtime_ns, ctime_ns, inode) and reused while the stat is the same, with the
same rules as the parse cache (`danbiet.cache`): a file changed within the last two seconds is
always hashed again, on another checkout (a CI runner restoring the cache) git's word is taken
for files it finds unchanged with the blob id of the bytes hashed before, and the index is
written and read through the same checked format. The file is safe to delete; it only saves
time.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from danbiet.cache import ASK_GIT_AFTER, CACHE_DIR, SETTLE_NS, _fingerprint, read_cache, write_cache
from danbiet.loader import Found
from danbiet.worktree import CleanBlobs

INDEX = "digests.pickle"
KEY = "digests-2"


def file_digests(
    root: Path, files: Found, blobs: dict[str, str | None] | None = None
) -> dict[str, str]:
    """{repository-relative path: hex digest} of FILES (as `loader.discover` lists them).

    A file that cannot be read as a regular file gets the digest "unreadable:<reason>", so that
    its state still counts in the keys built from these digests. BLOBS, if given, receives the
    git blob id of each file's bytes (None for one that could not be read).
    """
    index_path = Path(root) / CACHE_DIR / INDEX
    old = read_cache(index_path, KEY)
    new: dict[str, tuple[int, int, int, int, bytes, bool, str]] = {}
    out: dict[str, str] = {}
    now = time.time_ns()
    dirty = False
    git = CleanBlobs(root, (rel for rel, _ in files), ASK_GIT_AFTER)
    blob_ids = {} if blobs is None else blobs
    for rel, path in files:
        blob_ids[rel] = None
        try:
            info = os.stat(path)
        except OSError:
            out[rel] = "unreadable:stat"
            continue
        if not stat.S_ISREG(info.st_mode):
            out[rel] = "unreadable:not-a-file"
            continue
        signature = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        entry = old.get(rel)
        if not (
            isinstance(entry, tuple)
            and len(entry) == 7
            and isinstance(entry[4], bytes)
            and isinstance(entry[6], str)
        ):
            entry = None
        if entry is not None and entry[5] and tuple(entry[:4]) == signature:
            new[rel] = entry
            out[rel] = entry[4].hex()
            blob_ids[rel] = entry[6]
            continue
        settled = info.st_ctime_ns < now - SETTLE_NS and info.st_mtime_ns < now - SETTLE_NS
        if entry is not None and git.vouches(rel, entry[6]):
            new[rel] = (*signature, entry[4], settled, entry[6])
            out[rel] = entry[4].hex()
            blob_ids[rel] = entry[6]
            dirty = True
            continue
        found = _fingerprint(path)
        if found is None:
            out[rel] = "unreadable:too-big"
            continue
        new[rel] = (*signature, found[0], settled, found[1])
        out[rel] = found[0].hex()
        blob_ids[rel] = found[1]
        dirty = True
    if dirty or set(old) != set(new):
        write_cache(index_path, KEY, new, prune=False)
    return out
