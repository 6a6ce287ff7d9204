"""The theme's page around record pages, so they look exactly like the mkdocs-material pages.

mkdocs-material renders one placeholder page (`_shell.md`, kept out of the navigation and the
search); its HTML is split at the placeholder into the part before the content and the part
after it. Record pages rendered by Jinja2 are then wrapped in those two parts, with the title
replaced and relative links adjusted to the page's depth. Header, colours, dark mode, fonts,
navigation and scripts are the theme's own.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

PLACEHOLDER = "DANBIET-RECORD-CONTENT"
CACHE_PREFIX = "shell-"  # `cached_shell`: CACHE_PREFIX<key>.json in the cache folder
_ANCHOR = "danbiet-record-content-title"  # the placeholder heading's id, for the skip link
CONTENT_ID = "noi-dung"
SHELL_PAGE = "_shell"
SHELL_MARKDOWN = f"""---
search:
  exclude: true
---

# {PLACEHOLDER}-TITLE

{PLACEHOLDER}
"""

_TITLE = re.compile(r"<title>.*?</title>", re.S)
_RELATIVE = re.compile(r'((?:href|src)=|": )"\.\./')
_ROOT = re.compile(r'(href|src)="\.\."')


@dataclass(frozen=True)
class Shell:
    before: str
    after: str
    site_name: str

    @classmethod
    def from_built(cls, site_dir: Path, site_name: str) -> Shell:
        page = site_dir / SHELL_PAGE / "index.html"
        text = page.read_text(encoding="utf-8")
        heading = re.search(rf"<h1[^>]*>{PLACEHOLDER}-TITLE.*?</h1>", text, re.S)
        body = f"<p>{PLACEHOLDER}</p>"
        if heading is None or body not in text:
            raise ValueError("the shell page lost its placeholder; check mkdocs.yml extensions")
        text = text[: heading.start()] + text[heading.end() :]
        before, after = text.split(body, 1)
        return cls(before, after, site_name)

    def wrap(self, content: str, title: str, path: str, site_url: str) -> str:
        """A whole page: CONTENT (already safe HTML) at PATH (e.g. `don-vi/x/index.html`)."""
        folder = path.removesuffix("index.html")
        safe_title = html.escape(title)
        page_title = f"<title>{safe_title} - {html.escape(self.site_name)}</title>"
        parts = []
        for part in _at_depth(self.before, self.after, folder.count("/")):
            part = part.replace(f"{PLACEHOLDER}-TITLE", safe_title)
            part = part.replace(f"{site_url}{SHELL_PAGE}/", f"{site_url}{folder}")
            parts.append(part)
        before = _TITLE.sub(lambda _: page_title, parts[0], count=1)
        return f'{before}<div id="{CONTENT_ID}">{content}</div>{parts[1]}'


@functools.lru_cache(maxsize=16)
def _at_depth(before: str, after: str, depth: int) -> tuple[str, ...]:
    """BEFORE and AFTER for a page DEPTH folders down: relative links and the theme's base
    adjusted, the skip link aimed at the content. The same for every page of that depth
    (a province's 1,400 pages have three depths), so it is done once per depth."""
    prefix = "../" * depth
    root = prefix.rstrip("/") or "."
    parts = []
    for part in (before, after):
        part = _RELATIVE.sub(lambda m: f'{m.group(1)}"{prefix}', part)
        part = _ROOT.sub(lambda m: f'{m.group(1)}="{root}"', part)
        part = part.replace('"base": ".."', f'"base": "{root}"')
        part = part.replace('new URL("..",location)', f'new URL("{root}",location)')
        part = part.replace(f'href="#{_ANCHOR}"', f'href="#{CONTENT_ID}"')
        parts.append(part)
    return tuple(parts)


def build_shell(mkdocs_yml: Path, work: Path) -> Shell:
    """The shell, from a mkdocs build of the placeholder page beside empty pages for the
    navigation: it depends on the configuration and the theme only, never on the records, so
    every shard of a build gets the same one."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    docs, built = work / "docs", work / "site"
    docs.mkdir(parents=True)
    config = load_config(str(mkdocs_yml), docs_dir=str(docs), site_dir=str(built), strict=True)
    stack = list(config["nav"] or [])
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and item.endswith(".md"):
            page = docs / item
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text("# -\n", encoding="utf-8")
    (docs / f"{SHELL_PAGE}.md").write_text(SHELL_MARKDOWN, encoding="utf-8")
    mkdocs_build(config)
    return Shell.from_built(built, config["site_name"])


def cached_shell(mkdocs_yml: Path, folder: Path, key: str) -> Shell:
    """`build_shell`, kept in FOLDER as JSON (a quarter of a second of mkdocs saved on every
    build). KEY must change with everything the shell depends on: the code and templates,
    mkdocs.yml and the theme's version (`incremental.code_key`). The file is safe to delete;
    one that is unreadable or not a shell is made again, and shells of other keys are
    removed when a new one is written (never when the caches are only read)."""
    from danbiet.cache import read_only

    path = folder / f"{CACHE_PREFIX}{key}.json"
    with contextlib.suppress(OSError, ValueError, TypeError):
        saved = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(saved, dict) and all(isinstance(saved.get(f), str) for f in _FIELDS):
            return Shell(**{f: saved[f] for f in _FIELDS})
    with tempfile.TemporaryDirectory() as work:
        shell = build_shell(mkdocs_yml, Path(work) / "shell")
    if not read_only():
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            temp = folder / f".{path.name}.{os.getpid()}"
            temp.write_text(json.dumps(asdict(shell), ensure_ascii=False), encoding="utf-8")
            os.replace(temp, path)
            for other in folder.glob(f"{CACHE_PREFIX}*.json"):
                if other != path:
                    other.unlink()
    return shell


_FIELDS = ("before", "after", "site_name")
