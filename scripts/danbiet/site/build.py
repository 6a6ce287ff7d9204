"""Build the public site: validate, compute, render, run mkdocs, then swap the output in.

1. Load and validate the records (errors stop the build), compute every obligation.
2. Render the editorial pages (site_templates/pages/*.md.j2) into a staging docs folder and
   build them with mkdocs-material (`mkdocs build --strict`), with one placeholder page that
   gives the theme's HTML around record pages (danbiet.site.shell).
3. Render unit and conference pages straight from data with Jinja2 into the built site.
4. Swap the staging site in place of the output folder. A failed build leaves it untouched.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from danbiet.problems import Report

REPO = Path(__file__).resolve().parents[3]
TEMPLATES = REPO / "site_templates"
MKDOCS_YML = REPO / "mkdocs.yml"


class BuildError(Exception):
    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class BuildResult:
    out: Path
    pages: int
    report: Report
    notes: list[str] = field(default_factory=list)


def markdown_environment() -> Any:
    """Jinja2 for Markdown pages: HTML autoescaping, and Markdown escaping via `finalize`."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from danbiet.site.text import md_code, md_escape

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=md_escape,
        keep_trailing_newline=True,
    )
    env.filters["code"] = md_code
    return env


def html_environment() -> Any:
    """Jinja2 for HTML record pages: autoescaping on, undefined names are errors."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def load_site(root: Path, as_of: date, use_git: bool = True) -> tuple[Any, Report, Any]:
    """Validate and compute everything the site shows. Raises BuildError on invalid records."""
    from danbiet.deadlines import DeadlineError, deadlines
    from danbiet.loader import load
    from danbiet.rules import load_profiles
    from danbiet.site.data import SiteData
    from danbiet.validate import validate
    from danbiet.workdays import Calendar

    data = load(root)
    report = validate(root, as_of, dataset=data)
    if not report.valid:
        raise BuildError("the records have errors; run `danbiet validate` to see them", report)
    ledger, notes = _ledger(root) if use_git else (None, [])
    try:
        result = deadlines(root, as_of, dataset=data, ledger=ledger)
        profiles = load_profiles(root)
        workdays = Calendar.load(root / "content" / "calendar")
    except DeadlineError as exc:
        raise BuildError(str(exc)) from None
    site = SiteData(root, as_of, data, result, profiles, ledger, notes)
    return site, report, workdays


def _ledger(root: Path) -> tuple[Any, list[str]]:
    from danbiet.ledger import Ledger, LedgerError

    inside = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--git-dir"], capture_output=True, check=False
    )
    if inside.returncode != 0:
        return None, ["Thư mục dữ liệu không phải kho Git: trang không có lịch sử thay đổi."]
    try:
        return Ledger.load(root), []
    except LedgerError as exc:
        raise BuildError(str(exc)) from None


def build(
    root: Path | str, out: Path | str, as_of: date, strict: bool = True, use_git: bool = True
) -> BuildResult:
    """Build the site of ROOT into OUT. OUT is replaced only when the whole build succeeded."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from danbiet.export import export
    from danbiet.site import feeds, pages, record_pages, search, sitemap
    from danbiet.site.shell import SHELL_MARKDOWN, SHELL_PAGE, Shell

    root, out = Path(root), Path(out).resolve()
    site, report, workdays = load_site(root, as_of, use_git)
    md_env, html_env = markdown_environment(), html_environment()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    count = 0
    try:
        docs = staging / "docs"
        (docs / "assets").mkdir(parents=True)
        for asset in ("danbiet.css", "danbiet.js"):
            shutil.copy(TEMPLATES / "assets" / asset, docs / "assets" / asset)
        for name, context in pages.contexts(site, workdays).items():
            template = md_env.get_template(f"pages/{name.removesuffix('/index')}.md.j2")
            target = docs / f"{name}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(template.render(**context), encoding="utf-8")
            count += 1
        (docs / f"{SHELL_PAGE}.md").write_text(SHELL_MARKDOWN, encoding="utf-8")
        built = staging / "site"
        config = load_config(
            str(MKDOCS_YML), docs_dir=str(docs), site_dir=str(built), strict=strict
        )
        # Feeds and open data go in before mkdocs runs, so pages may link to them and mkdocs
        # copies them into the site.
        site_url = (config["site_url"] or "https://danbiet.example.vn/").rstrip("/") + "/"
        feeds.write_feeds(site, docs, site_url)
        (docs / feeds.CALENDAR).write_bytes(feeds.icalendar(site, site_url))
        exported = export(
            root,
            docs / "du-lieu",
            as_of,
            site.ledger,
            dataset=site.data,
            obligations=site.report.obligations,
            created=_data_time(site),
        )
        page = md_env.get_template("pages/du-lieu.md.j2")
        (docs / "du-lieu" / "index.md").write_text(
            page.render(**pages.open_data_context(exported)), encoding="utf-8"
        )
        count += 1
        try:
            mkdocs_build(config)
        except MkDocsException as exc:
            raise BuildError(f"mkdocs failed: {exc}") from None
        shell = Shell.from_built(built, config["site_name"])
        shutil.rmtree(built / SHELL_PAGE)
        pages_written = []
        for rel, title, content in record_pages.render_all(site, html_env, config["repo_url"]):
            target = built / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if title is None:
                target.write_text(content, encoding="utf-8")
                continue
            target.write_text(shell.wrap(content, title, rel, site_url), encoding="utf-8")
            pages_written.append(rel)
            count += 1
        sitemap.write(built, site_url, pages_written, as_of)
        _write_json(built / search.SEARCH_INDEX, search.search_entries(site))
        _write_json(built / search.EXPLORER_INDEX, search.explorer_data(site))
        _swap(built, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, count, report, site.notes)


def _data_time(site: Any) -> datetime:
    """When the data last changed: the last commit touching content/, else the as-of day.

    Never the clock, so building the same records twice gives the same files.
    """
    if site.ledger is not None and site.ledger.commits:
        return site.ledger.commits[-1].committed_at
    return datetime.combine(site.as_of, time(0, 0), ZoneInfo("Asia/Ho_Chi_Minh"))


def _write_json(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, separators=(",", ":"))


def _swap(new: Path, out: Path) -> None:
    """Replace OUT by NEW with two renames; the old site is removed only afterwards."""
    old = out.with_name(f".{out.name}-previous")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)
