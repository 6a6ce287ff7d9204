"""The Git history of a synthetic portal, streamed to one `git fast-import` process.

The first commit (15 December before the first year) holds the units, the rule profiles, the
calendars and the editor schemas. Then every Tuesday and Friday each province (or, with
`--commits office`, each office) publishes what it has: new conferences with their petitions
and conclusion notices, plans and reports, and entries appended to earlier conferences
(assignments, updates, supervision, corrections). When each fragment is published is decided
by the generator (`danbiet.synth.generate.Doc`): a conference and its notice a few days after
the fact, follow-up entries in the office's four-weekly batch. So the Git ledger always finds an
entry published on or after the date it declares, and later entries are appended to files
published earlier, never edited. The last commit, on the as-of date, publishes everything still
pending: the final tree holds every fact up to that day.

Commits are made at 16:00 +07:00 (one minute apart per province; or from 08:00, four seconds
apart per office), authored by the publishing office and committed by the portal's editors.
Authors, dates and messages come from the data, so the same options give the same commit ids.
Each file is also written to the work tree once, in its final form; the index is then read from
HEAD and refreshed (which checks that the files are exactly the last commit's).
"""

from __future__ import annotations

import contextlib
import heapq
import queue
import subprocess
import threading
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from time import perf_counter
from typing import IO

from danbiet.synth.generate import (
    FOREVER,
    Doc,
    Generator,
    ReportSpec,
    Seed,
    SynthError,
    TreeWriter,
    Unit,
)
from danbiet.worktree import git_env

VIETNAM = timezone(timedelta(hours=7))
EDITORS = ("Ban biên tập Cổng Dân biết", "bien-tap@danbiet.example.vn")
BRANCH = "refs/heads/main"


def git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, env=git_env(), check=False
        )
    except FileNotFoundError:
        raise SynthError("git is not installed; use --no-git to write the files only") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise SynthError(f"git {args[0]} failed: {message}")
    return result.stdout.decode("utf-8", "replace").strip()


class FastImport:
    """One `git fast-import` process, fed by a thread.

    Commits are queued as byte strings and written to the process by a writer thread, so the
    generator goes on while git hashes and compresses (a pipe alone would make the two wait for
    each other on every commit)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.commits = 0
        try:
            self.proc = subprocess.Popen(
                [
                    "git",
                    "-C",
                    str(root),
                    "-c",
                    "core.compression=1",  # speed over size; object ids do not depend on it
                    "fast-import",
                    # No deltas: the previous blob in the stream is another file, so delta
                    # attempts cost time and save little; `git gc` packs the history tightly.
                    "--depth=0",
                    "--quiet",
                    "--done",
                ],
                stdin=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=git_env(),
            )
        except FileNotFoundError:
            raise SynthError("git is not installed; use --no-git to write the files only") from None
        assert self.proc.stdin is not None and self.proc.stderr is not None
        self.stream: IO[bytes] = self.proc.stdin
        try:  # a larger pipe (Linux): fewer switches between the two processes
            import fcntl

            fcntl.fcntl(self.stream.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
        except (ImportError, OSError):
            pass
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=64)
        self._failure: BaseException | None = None
        self._writer = threading.Thread(target=self._pump, name="fast-import", daemon=True)
        self._writer.start()
        self._stderr: list[bytes] = []
        self._reader = threading.Thread(
            target=lambda: self._stderr.append(self.proc.stderr.read()),  # type: ignore[union-attr]
            daemon=True,
        )
        self._reader.start()

    def _pump(self) -> None:
        try:
            while (chunk := self._queue.get()) is not None:
                self.stream.write(chunk)
            self.stream.write(b"done\n")
            self.stream.close()
        except OSError as exc:  # git stopped (BrokenPipeError): reported by close()
            self._failure = exc
            while self._queue.get() is not None:  # let the producer finish
                pass

    def commit(
        self,
        author: tuple[str, str],
        when: datetime,
        message: str,
        files: list[tuple[str, bytes]],
    ) -> None:
        stamp = f"{int(when.timestamp())} +0700"
        name, email = author
        text = message.encode("utf-8")
        parts = [
            f"commit {BRANCH}\nauthor {name} <{email}> {stamp}\n"
            f"committer {EDITORS[0]} <{EDITORS[1]}> {stamp}\n".encode(),
            b"data %d\n%s\n" % (len(text), text),
        ]
        for path, data in files:
            parts.append(b"M 100644 inline %s\ndata %d\n" % (path.encode("utf-8"), len(data)))
            parts.append(data)
            parts.append(b"\n")
        parts.append(b"\n")
        self._queue.put(b"".join(parts))
        self.commits += 1

    def close(self) -> None:
        self._queue.put(None)
        self._writer.join()
        if self._failure is not None:
            with contextlib.suppress(OSError):
                self.stream.close()
        code = self.proc.wait()
        self._reader.join()
        errors = b"".join(self._stderr).decode("utf-8", "replace").strip()
        if code != 0 or self._failure is not None:
            raise SynthError(f"git fast-import failed: {errors or self._failure}")


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def write_history(generator: Generator, phases: dict[str, float]) -> tuple[int, int, str]:
    """Write the history into the (empty) output folder; (files, commits, HEAD).

    PHASES gets the seconds spent streaming the history and checking out the work tree."""
    options = generator.options
    out = options.out
    git(out, "init", "-q", "-b", "main")
    started = perf_counter()
    importer = FastImport(out)
    writer = TreeWriter(out)
    try:
        fixed = list(generator.fixed_files())
        for rel, data in fixed:
            writer.write(rel, data)
        start = datetime.combine(date(options.start_year - 1, 12, 15), time(9, 0), VIETNAM)
        importer.commit(
            EDITORS,
            start,
            "Khởi tạo cổng: đơn vị, bộ quy tắc và lịch ngày làm việc",
            fixed,
        )
        _weeks(generator, importer, writer)
    finally:
        importer.close()
    phases["history"] = perf_counter() - started
    # The work tree was written along the way (each file once, in its final form): the index
    # is read from HEAD and refreshed, which hashes the files and proves they match.
    started = perf_counter()
    git(out, "reset", "-q")
    git(out, "update-index", "-q", "--refresh")
    if git(out, "status", "--porcelain", "--untracked-files=no"):
        raise SynthError("the written files differ from the last commit (a bug in danbiet synth)")
    head = git(out, "rev-parse", "HEAD")
    phases["index"] = perf_counter() - started
    return writer.files, importer.commits, head


def _weeks(generator: Generator, importer: FastImport, writer: TreeWriter) -> None:
    options = generator.options
    as_of = generator.as_of
    heap: list[tuple[int, int, Doc]] = []
    counter = 0

    def push(doc: Doc, day: int) -> None:
        nonlocal counter
        counter += 1
        heapq.heappush(heap, (day, counter, doc))

    seeds: dict[date, list[Seed]] = {}
    reports: dict[date, list[ReportSpec]] = {}
    scheduled: set[int] = set()
    provinces = generator.country.provinces
    units_by_group: dict[tuple[int, ...], Unit] = {}
    for province in provinces:
        for unit in province.units:
            units_by_group.setdefault(generator.group(unit), unit)
        units_by_group[(province.index,)] = province.units[0]
    day = _monday(date(options.start_year, 1, 1))
    previous = day - timedelta(days=1)
    while previous < as_of:
        # two publication days a week: Tuesday and Friday (or the as-of date, the last one)
        day = previous + timedelta(days=1)
        while day.weekday() not in (1, 4) and day < as_of:
            day += timedelta(days=1)
        final = day >= as_of
        if final:
            day = as_of
        for year in generator.years():
            if year in scheduled or date(year, 1, 1) > day + timedelta(days=6):
                continue
            scheduled.add(year)
            for province in provinces:
                for unit in province.dialogue_units:
                    plan = generator.schedule(unit, year)
                    for doc in plan.plans:
                        push(doc, doc.pubs[0])
                    for seed in plan.seeds:
                        seeds.setdefault(seed.held, []).append(seed)
                    for spec in plan.reports:
                        reports.setdefault(spec.filed, []).append(spec)
        span = [previous + timedelta(days=i + 1) for i in range((day - previous).days)]
        for held in span:
            for seed in seeds.pop(held, []):
                doc = generator.conference(seed)
                push(doc, doc.pubs[0])
        for filed in span:
            for spec in reports.pop(filed, []):
                doc = generator.report(spec)
                push(doc, doc.pubs[0])
        previous = day
        limit = day.toordinal()
        ready: dict[tuple[int, ...], list[Doc]] = {}
        while heap and (final or heap[0][0] <= limit):
            _, _, doc = heapq.heappop(heap)
            ready.setdefault(doc.group, []).append(doc)
        for position, group in enumerate(sorted(ready)):
            docs = sorted(ready[group], key=lambda d: d.path)
            files = []
            tally = {"new": 0, "changed": 0, "plan": 0, "report": 0}
            for doc in docs:
                cutoff = FOREVER if final else limit
                text = doc.render(cutoff)
                following = None if final else doc.next_change(cutoff)
                if following is not None:
                    push(doc, following)
                else:
                    writer.write(doc.path, text)  # its final form
                if len(text) == doc.size:
                    continue  # nothing new to show yet (a later entry waits for an earlier one)
                doc.size = len(text)
                files.append((doc.path, text))
                if doc.kind != "conference":
                    tally[doc.kind] += 1
                else:
                    tally["new" if doc.new else "changed"] += 1
                doc.new = False
            if not files:
                continue
            unit = units_by_group[group]
            if options.commits == "office":
                author = unit.author if unit.author[0] else unit.province.units[0].author
                label = unit.name
                when = datetime.combine(day, time(8, 0), VIETNAM) + timedelta(seconds=4 * position)
            else:
                author = unit.province.units[0].author
                label = unit.province.units[0].name
                when = datetime.combine(day, time(16, 0), VIETNAM) + timedelta(minutes=position)
            message = f"{label}: {_describe(tally)} (ngày {day.day}/{day.month}/{day.year})"
            importer.commit(author, when, message, files)


def _describe(tally: dict[str, int]) -> str:
    parts = []
    if tally["new"]:
        parts.append(f"công bố {tally['new']} hội nghị")
    if tally["changed"]:
        parts.append(f"cập nhật {tally['changed']} hồ sơ hội nghị")
    if tally["plan"]:
        parts.append(f"{tally['plan']} kế hoạch")
    if tally["report"]:
        parts.append(f"{tally['report']} báo cáo")
    return ", ".join(parts)
