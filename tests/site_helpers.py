"""Shared by the site tests: the fixture project, one build per session, HTML parsing helpers.

`tests/fixtures/site/` is a small valid project made for the site: a province, two communes, an
agency and a Fatherland Front committee, three conferences with petitions in every state, and
hostile text (HOSTILE) in a petition summary, a conference title and the agency's name. Tests
never touch it: they build a copy (`copy_project`) and share one build per test session
(`built_site`).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site"
AS_OF = date(2026, 11, 20)
AS_OF_ARG = AS_OF.isoformat()
SITE_NAME = "Dân biết — Đối thoại trực tiếp với Nhân dân"
SITE_URL = "https://danbiet.example.vn/"

HOSTILE = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"> '
    "[x](javascript:alert(1)) **đậm** | ống"
)

UNITS = {
    "tinh-thu": "Tỉnh Thử Nghiệm",
    "xa-dong-hoa": "Xã Đông Hòa",
    "xa-song-cau": "Xã Sông Cầu",
    "phong-kinh-te-dong-hoa": f"Phòng Kinh tế xã Đông Hòa {HOSTILE}",
    "mttq-tinh-thu": "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thử Nghiệm",
}
REPORT_UNITS = ("tinh-thu", "xa-dong-hoa", "xa-song-cau")  # levels that hold dialogues
AGENCY = "phong-kinh-te-dong-hoa"
HOSTILE_CONFERENCE = "xa-dong-hoa.2026-03-12"
CONFERENCES = {
    HOSTILE_CONFERENCE: f"Đối thoại về đất đai, môi trường xã Đông Hòa {HOSTILE}",
    "tinh-thu.2026-10-15": "Đối thoại định kỳ về an sinh xã hội và y tế ~ quý IV",
    "xa-song-cau.2026-11-18": "Đối thoại về đất tái định cư và việc làm",
}
HOSTILE_CONFERENCE_FILE = "content/conferences/xa-dong-hoa/2026-03-12.yaml"
PETITIONS = 7

EDITORIAL_PAGES = (
    "index.html",
    "don-vi/index.html",
    "hoi-nghi/index.html",
    "qua-han/index.html",
    "quy-tac/index.html",
    "cach-doc/index.html",
    "tim-kiem/index.html",
    "kham-pha/index.html",
)
UNIT_PAGES = tuple(f"don-vi/{unit}/index.html" for unit in UNITS)
CONFERENCE_PAGES = tuple(f"hoi-nghi/{cid}/index.html" for cid in CONFERENCES)
REPORT_PAGES = tuple(f"don-vi/{unit}/bao-cao/index.html" for unit in REPORT_UNITS)
RECORD_PAGES = UNIT_PAGES + CONFERENCE_PAGES + REPORT_PAGES


def copy_project(dest: Path) -> Path:
    """A fresh copy of tests/fixtures/site at DEST, safe to mutate."""
    shutil.copytree(FIXTURE, dest, symlinks=True)
    return dest


@dataclass
class Built:
    root: Path  # the copy of the fixture project that was built
    out: Path  # the built site
    result: Any  # danbiet.site.build.BuildResult


_BUILDS: dict[str, Built] = {}


def built_site(tmp_path_factory: Any) -> Built:
    """The fixture project built once per test session (shared by every site test module)."""
    if "site" not in _BUILDS:
        from danbiet.site.build import build

        base = tmp_path_factory.mktemp("site-build")
        root = copy_project(base / "project")
        out = base / "out"
        result = build(root, out, as_of=AS_OF)
        _BUILDS["site"] = Built(root, out, result)
    return _BUILDS["site"]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under FOLDER (relative POSIX path -> bytes), to compare before and after."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


DATABASE = "du-lieu/danbiet.db"


def comparable(folder: Path) -> dict[str, Any]:
    """`snapshot` of a built site, to compare a site updated in place with one built from
    nothing: the SQLite database as what it holds (`database_content`), since an update gives
    the same rows and index in other bytes, and its size and checksum left out where they are
    printed (SHA256SUMS, the open-data page's rows of it and of SHA256SUMS)."""
    files: dict[str, Any] = dict(snapshot(folder))
    if DATABASE not in files:
        return files
    data = files.pop(DATABASE)
    files[f"{DATABASE} (content)"] = database_content(data)
    sums = files["du-lieu/SHA256SUMS"].decode().splitlines()
    files["du-lieu/SHA256SUMS"] = [line for line in sums if not line.endswith("  danbiet.db")]
    page = files["du-lieu/index.html"].decode()
    for name in ("danbiet.db", "SHA256SUMS"):  # the checksums' own checksum differs with it
        row = rf'<tr>(?:(?!</tr>).)*?href="{re.escape(name)}"(?:(?!</tr>).)*</tr>'
        page, found = re.subn(row, f"<tr>{name}</tr>", page, flags=re.S)
        assert found == 1, f"the open-data page lists {name} once"
    files["du-lieu/index.html"] = page
    return files


def database_content(data: bytes) -> dict[str, list[Any]]:
    """What the SQLite database DATA holds: its schema, every row of every table with its
    rowid, and every term its full-text indexes hold with where (`fts5vocab` 'instance');
    not the bytes of the indexes' own tables, which depend on how the index was written."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    try:
        db.deserialize(data)
        schema = db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        fts = [name for kind, name, sql in schema if sql and "USING FTS5" in sql.upper()]
        content: dict[str, list[Any]] = {"schema": schema}
        for kind, name, _ in schema:
            shadow = any(name.startswith(f"{f}_") for f in fts)
            if kind != "table" or name in fts or (shadow and not name.endswith("_config")):
                continue
            rows = (
                f'SELECT * FROM "{name}" ORDER BY 1'
                if shadow
                else f'SELECT rowid, * FROM "{name}" ORDER BY rowid'
            )
            content[name] = db.execute(rows).fetchall()
        for name in fts:
            db.execute(
                f'CREATE VIRTUAL TABLE temp."v_{name}" USING fts5vocab(main, {name}, instance)'
            )
            terms = db.execute(f'SELECT * FROM temp."v_{name}" ORDER BY 1, 2, 3, 4')
            content[f"{name} (terms)"] = terms.fetchall()
            indexed = name.removesuffix("_fts")
            assert content[f"{name} (terms)"] or not content[indexed], f"{name} is empty"
        return content
    finally:
        db.close()


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]


@dataclass
class Table:
    heading: str | None  # id of the last h1/h2/h3 before the table
    rows: list[list[str]] = field(default_factory=list)  # header row included, cells' text
    body_rows: list[list[str]] = field(default_factory=list)


class Page(HTMLParser):
    """A parsed HTML page: its elements, ids, scripts, visible text and tables."""

    # Tags that separate words in the page's text (`text`), so "<dt>A</dt><dd>B</dd>" reads "A B".
    BREAKS = {
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hr", "li", "main", "nav", "ol", "p", "section", "table", "td", "th"),
        *("title", "tr", "ul"),
    }

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.ids: set[str] = set()
        self.scripts: list[tuple[dict[str, str], str]] = []  # (attributes, body)
        self.texts: list[str] = []
        self.tables: list[Table] = []
        self.title = ""
        self._heading: str | None = None
        self._stack: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_tbody = False
        self._script: list[str] | None = None
        self._script_attrs: dict[str, str] = {}
        self._in_title = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.elements.append(Element(tag, values))
        if tag in self.BREAKS:
            self.texts.append(" ")
        if "id" in values:
            self.ids.add(values["id"])
        if tag in ("h1", "h2", "h3") and "id" in values:
            self._heading = values["id"]
        if tag == "table":
            self.tables.append(Table(self._heading))
        elif tag == "tbody":
            self._in_tbody = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "script":
            self._script = []
            self._script_attrs = values
        elif tag == "title" and not self.title:  # the document's, not an SVG's
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BREAKS:
            self.texts.append(" ")
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1].rows.append(self._row)
            if self._in_tbody:
                self.tables[-1].body_rows.append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_tbody = False
        elif tag == "script" and self._script is not None:
            self.scripts.append((self._script_attrs, "".join(self._script)))
            self._script = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
            return
        if self._in_title:
            self.title += data
        if self._cell is not None:
            self._cell.append(data)
        self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.texts).split())

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """Elements with TAG whose attributes contain ATTRS (class_ matches one class)."""
        out = []
        for element in self.elements:
            if element.tag != tag:
                continue
            ok = True
            for key, value in attrs.items():
                if key == "class_":
                    ok = ok and value in element.attrs.get("class", "").split()
                else:
                    ok = ok and element.attrs.get(key.replace("_", "-")) == value
            if ok:
                out.append(element)
        return out

    def table_after(self, heading: str) -> Table:
        found = [t for t in self.tables if t.heading == heading]
        assert found, f"no table under #{heading}"
        return found[0]


def parse(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def is_external(url: str) -> bool:
    """True for URLs with a scheme (https:, mailto:, data:, javascript:) or protocol-relative."""
    return bool(_EXTERNAL.match(url.strip()))


def resolve(out: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file a same-site URL on PAGE points to (folders -> index.html) and its fragment.

    None for external URLs and for links to the page itself (empty path).
    """
    if is_external(url):
        return None
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    base = out if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def page_url(out: Path, page: Path) -> str:
    """The site-relative URL of PAGE ('' for the home page, 'hoi-nghi/x/' for folders)."""
    rel = page.relative_to(out).as_posix()
    return rel.removesuffix("index.html")
