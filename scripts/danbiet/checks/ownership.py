"""Only the owning team changes a unit's records; only the supervision team adds supervision.

`content/owners.yaml` (see `danbiet.owners`) maps units to teams and teams to logins. With the
changes since the base revision and the pull request's author, every changed file must be owned
by a team the author is in (`not-owner`), with one refinement for conference files: supervision
entries (`petitions[].supervision`) are the Fatherland Front's findings, so each one added must
come from a member of the supervision team, whatever else the author may change; and a member of
the supervision team who only adds supervision entries needs no other ownership.

The owners file is read from the BASE revision when it exists there, so a pull request cannot
make its own author an owner.
"""

from __future__ import annotations

import re

from danbiet.checks.integrity import BaseTree, FileDelta, read_base_file
from danbiet.owners import OWNERS_FILE, Owners, OwnersError, load_owners, parse_owners
from danbiet.problems import Problem

SUPERVISION_KEY = re.compile(r"/supervision/[0-9]+\Z")


def owners_for(root, base: BaseTree) -> tuple[Owners | None, list[Problem]]:
    """The owners as on the base revision (or, when the base has none yet, the working tree)."""
    data = read_base_file(root, base.sha, OWNERS_FILE)
    try:
        if data is not None:
            owners = parse_owners(data.decode("utf-8", "replace").removeprefix("\ufeff"))
        else:
            owners = load_owners(root)
    except OwnersError as exc:
        return None, [Problem("owners-error", f"{exc}", OWNERS_FILE)]
    if owners is None:
        return None, [
            Problem(
                "owners-error",
                f"there is no {OWNERS_FILE}, so ownership cannot be checked; add it (see "
                "content/HUONG-DAN.md) or run danbiet check without --author",
                OWNERS_FILE,
            )
        ]
    return owners, []


def _teams(owners: tuple[str, ...]) -> str:
    return ", ".join(owners) if owners else "(nobody: add the unit to content/owners.yaml)"


def check_ownership(
    owners: Owners, deltas: list[FileDelta], author: str, where: str
) -> list[Problem]:
    problems: list[Problem] = []
    supervisors = owners.supervision
    for delta in deltas:
        change = delta.change
        paths = [p for p in dict.fromkeys([change.old, change.path]) if p]
        added_supervision = [k for k in delta.added if SUPERVISION_KEY.search(k)]
        others = [
            k for k in (*delta.added, *delta.changed, *delta.removed) if k not in added_supervision
        ]
        only_supervision = (
            change.status == "M" and bool(added_supervision) and not others
        ) and change.old == change.path
        if not only_supervision:
            for rel in paths:
                teams = owners.owners_of(rel)
                if owners.is_member(author, teams):
                    continue
                line = _first_line(delta, others)
                problems.append(
                    Problem(
                        "not-owner",
                        f"@{author} is not in a team that owns {rel} ({_teams(teams)}); ask a "
                        "member of that team to make this change, or a maintainer to add you "
                        f"to the team in {OWNERS_FILE}",
                        rel,
                        line,
                        None,
                        None,
                    )
                )
        if added_supervision and not owners.is_member(author, supervisors):
            for key in added_supervision:
                entry = delta.entries.get(key)
                line = delta.document.line_of(entry.path) if delta.document and entry else None
                problems.append(
                    Problem(
                        "not-owner",
                        f"supervision entry {key} is added by @{author}, who is not in the "
                        f"supervision team ({_teams(supervisors)}); supervision findings are "
                        "recorded by the Fatherland Front: ask them to add it",
                        change.path,
                        line,
                        "supervision",
                        key,
                    )
                )
    return problems


def _first_line(delta: FileDelta, keys: list[str]) -> int | None:
    if delta.document is None:
        return None
    lines = [delta.document.line_of(delta.entries[k].path) for k in keys if k in delta.entries]
    found = [line for line in lines if line]
    return min(found) if found else None
