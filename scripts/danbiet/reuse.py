"""A changed province's files taken from its previous part when what they are made of is the same.

A province whose records changed is built again whole (`danbiet.site.parts`), but most of what
it writes is what its previous part wrote: one corrected conference changes one conference page,
a few rows of two open-data tables and a feed or two. Each file a part writes has a key: the hash
of the code and options (SALT, from `danbiet.site.incremental`) and of the exact values handed to
the template or writer that makes it, pickled (types included: a date and its text, or markup
and plain text, give other keys; shared objects are written out each time, so how the values
were loaded does not matter). The keys are kept in the part's folder (`KEYS`). The next part of
the same province links the previous part's file when its key is the same, instead of making it
again; a value that cannot be pickled gives no key, and the file is made.

Part folders are never written once complete (the site links their files), so a linked file is
the bytes making it again would give. The previous part is only read: deleting it, or its keys,
costs the next build the time to make every file again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
from pathlib import Path
from typing import Any

KEYS = "keys.json"


class Reuse:
    """The keys of the files written into a folder, and those of the same folder of the
    province's previous part (PREVIOUS, None when there is none) if made with the same SALT."""

    def __init__(self, previous: Path | None, salt: str) -> None:
        self.previous = previous
        self.salt = salt
        self.old: dict[str, str] = {}
        self.new: dict[str, str] = {}
        self.linked = 0
        if previous is not None:
            try:
                stored = json.loads((previous / KEYS).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                stored = None
            if isinstance(stored, dict) and stored.get("salt") == salt:
                keys = stored.get("keys")
                self.old = keys if isinstance(keys, dict) else {}

    def key(self, *values: Any) -> str | None:
        """The hash of the salt and VALUES, or None when they cannot be pickled."""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=5)
        pickler.fast = True  # no memo: equal values give equal bytes however they are shared
        try:
            pickler.dump(values)
        except Exception:  # noqa: BLE001 (pickling raises many kinds; no key is the answer)
            return None
        digest = hashlib.blake2b(self.salt.encode(), digest_size=16)
        digest.update(buffer.getbuffer())
        return digest.hexdigest()

    def same(self, name: str, key: str | None) -> bool:
        """Record KEY as that of NAME (a path in the folder); True when the previous part's
        NAME had the same key."""
        if key is None:
            return False
        self.new[name] = key
        return self.previous is not None and self.old.get(name) == key

    def link(self, name: str, target: Path) -> bool:
        """TARGET becomes the previous part's file NAME (a hard link); False when it cannot."""
        assert self.previous is not None
        try:
            os.link(self.previous / name, target)
        except OSError:
            return False
        self.linked += 1
        return True

    def take(self, name: str, key: str | None, target: Path) -> bool:
        """`same` and then `link`: True when TARGET is the previous part's file NAME, whose
        key was KEY; False when it must be made (its key is recorded either way)."""
        return self.same(name, key) and self.link(name, target)

    def save(self, folder: Path) -> None:
        """The keys of the files written, into FOLDER (the folder they were written to)."""
        payload = {"salt": self.salt, "keys": dict(sorted(self.new.items()))}
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        (folder / KEYS).write_text(text, encoding="utf-8")
