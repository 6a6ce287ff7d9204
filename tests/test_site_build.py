"""The built site, without a browser: pages, escaping, theme, links, atomic swap, data files.

The fixture project (tests/fixtures/site) is copied and built once per session; tests that need
another build (failures, Git history, the CLI) build their own copy.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from site_helpers import (
    AGENCY,
    AS_OF,
    AS_OF_ARG,
    CONFERENCE_PAGES,
    CONFERENCES,
    EDITORIAL_PAGES,
    HOSTILE,
    HOSTILE_CONFERENCE,
    HOSTILE_CONFERENCE_FILE,
    PETITIONS,
    RECORD_PAGES,
    REPORT_PAGES,
    REPORT_UNITS,
    SITE_NAME,
    SITE_URL,
    UNIT_PAGES,
    UNITS,
    Built,
    Page,
    built_site,
    copy_project,
    html_pages,
    is_external,
    page_url,
    parse,
    resolve,
    snapshot,
)

from danbiet.obligations import OBLIGATION_TITLES, STATES
from danbiet.site.build import BuildError, build
from danbiet.site.text import fold

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_site(tmp_path_factory)


@pytest.fixture(scope="session")
def deadline_report(site: Built):
    from danbiet.deadlines import deadlines

    return deadlines(site.root, AS_OF)


def _invalid_copy(tmp_path: Path) -> Path:
    """A copy of the fixture whose notice has an impossible date (30 February)."""
    root = copy_project(tmp_path / "invalid")
    path = root / HOSTILE_CONFERENCE_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count("issued_on: 2026-03-19") == 1
    path.write_text(text.replace("issued_on: 2026-03-19", "issued_on: 2026-02-30"), "utf-8")
    return root


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, 1) if needle in line]
    assert len(found) == 1, found
    return found[0]


# -- pages -----------------------------------------------------------------------------------


def test_build_is_valid_and_says_history_is_unavailable(site: Built) -> None:
    assert site.result.out == site.out.resolve()
    assert site.result.report.valid
    assert site.result.report.stats["petitions"] == PETITIONS
    assert any("Git" in note for note in site.result.notes), site.result.notes
    for rel in CONFERENCE_PAGES:
        assert "Không đọc được lịch sử Git khi dựng trang này." in parse(site.out / rel).text


def test_every_expected_file_exists(site: Built) -> None:
    expected = [
        *EDITORIAL_PAGES,
        *UNIT_PAGES,
        *CONFERENCE_PAGES,
        *REPORT_PAGES,
        *(f"don-vi/{unit}/bao-cao.csv" for unit in REPORT_UNITS),
        *(f"don-vi/{unit}/feed.xml" for unit in UNITS),
        "feed.xml",
        "lich-doi-thoai.ics",
        "tim-kiem/chi-muc.json",
        "tim-kiem/tinh/tinh-thu.json",
        "kham-pha/cam-ket.json",
        "kham-pha/tinh/tinh-thu.json",
        "assets/danbiet.css",
        "assets/danbiet.js",
        "du-lieu/index.html",
        "du-lieu/datapackage.json",
        *(f"du-lieu/hoi-nghi/{cid}.json" for cid in CONFERENCES),
    ]
    missing = [rel for rel in expected if not (site.out / rel).is_file()]
    assert not missing, f"missing from the built site: {missing}"
    assert not (site.out / "_shell").exists(), "the theme's placeholder page must not be published"
    assert not (site.out / "docs").exists()
    leftovers = [p.name for p in site.out.parent.iterdir() if p.name.startswith(".")]
    assert not leftovers, f"staging folders left behind: {leftovers}"


def test_only_units_that_hold_dialogues_have_report_pages(site: Built) -> None:
    for unit in set(UNITS) - set(REPORT_UNITS):
        assert not (site.out / f"don-vi/{unit}/bao-cao").exists()
        hrefs = [
            e.attrs.get("href", "") for e in parse(site.out / f"don-vi/{unit}/index.html").elements
        ]
        assert not [h for h in hrefs if "bao-cao" in h]
    for unit in REPORT_UNITS:
        page = parse(site.out / f"don-vi/{unit}/index.html")
        assert page.find("a", href=f"../../don-vi/{unit}/bao-cao/")


# -- hostile text ------------------------------------------------------------------------------


def test_hostile_text_is_escaped_in_every_html_file(site: Built) -> None:
    pages = html_pages(site.out)
    assert len(pages) >= len(EDITORIAL_PAGES) + len(RECORD_PAGES)
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        rel = path.relative_to(site.out).as_posix()
        assert "<script>window.__pwned" not in raw, rel
        assert "<strong>đậm</strong>" not in raw, f"{rel}: Markdown in record text was rendered"
        page = parse(path)
        for element in page.elements:
            handlers = [name for name in element.attrs if name.startswith("on")]
            assert not handlers, f"{rel}: <{element.tag}> has event handler attributes {handlers}"
            for name in ("href", "src", "action", "formaction"):
                value = element.attrs.get(name, "").strip().lower()
                assert not value.startswith("javascript:"), f"{rel}: {name}={value!r}"
            assert not (element.tag == "img" and element.attrs.get("src") == "x"), rel
        for _, script in page.scripts:
            assert "__pwned" not in script, f"{rel}: record text inside a <script>"


@pytest.mark.parametrize(
    "rel",
    [
        f"hoi-nghi/{HOSTILE_CONFERENCE}/index.html",
        f"don-vi/{AGENCY}/index.html",
        "don-vi/xa-dong-hoa/index.html",
        "index.html",
        "don-vi/index.html",
        "hoi-nghi/index.html",
        "qua-han/index.html",
    ],
)
def test_hostile_text_is_shown_as_text(site: Built, rel: str) -> None:
    raw = (site.out / rel).read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in raw
    assert "&lt;img src=x onerror=" in raw
    # Shown exactly as written: no Markdown, no HTML, no stray backslashes.
    assert HOSTILE in parse(site.out / rel).text


def test_hostile_summary_is_the_petition_text(site: Built) -> None:
    page = parse(site.out / f"hoi-nghi/{HOSTILE_CONFERENCE}/index.html")
    assert page.title == f"{CONFERENCES[HOSTILE_CONFERENCE]} - {SITE_NAME}"
    assert f"Kiến nghị 2: Môi trường Đang giải quyết Quá hạn {HOSTILE}" in page.text


def test_pipes_in_record_text_do_not_break_markdown_tables(site: Built) -> None:
    widths = {
        "hoi-nghi/index.html": 6,
        "don-vi/index.html": 7,
        "qua-han/index.html": None,
        "index.html": None,
    }
    for rel, width in widths.items():
        page = parse(site.out / rel)
        assert page.tables, rel
        for table in page.tables:
            header = len(table.rows[0])
            assert width is None or header == width, rel
            for row in table.body_rows:
                assert len(row) == header, f"{rel} #{table.heading}: {row}"
    conferences = parse(site.out / "hoi-nghi/index.html").tables[0].body_rows
    assert CONFERENCES[HOSTILE_CONFERENCE] in [row[3] for row in conferences]


def test_markdown_pages_show_titles_verbatim(site: Built) -> None:
    rows = parse(site.out / "hoi-nghi/index.html").tables[0].body_rows
    assert sorted(row[3] for row in rows) == sorted(CONFERENCES.values())
    assert "\\" not in parse(site.out / "hoi-nghi/index.html").text


# -- theme -------------------------------------------------------------------------------------


def _stylesheets(out: Path, rel: str) -> list[Path]:
    page = out / rel
    links = [
        e.attrs["href"]
        for e in parse(page).find("link")
        if "stylesheet" in e.attrs.get("rel", "").split()
    ]
    return [resolve(out, page, href)[0] for href in links]


def _scripts(out: Path, rel: str) -> list[Path]:
    page = out / rel
    sources = [e.attrs["src"] for e in parse(page).find("script") if "src" in e.attrs]
    return [resolve(out, page, src)[0] for src in sources]


@pytest.mark.parametrize("rel", RECORD_PAGES)
def test_record_pages_carry_the_theme(site: Built, rel: str) -> None:
    home_styles = _stylesheets(site.out, "index.html")
    assert any(p.name.startswith("main.") for p in home_styles)
    assert site.out / "assets/danbiet.css" in home_styles
    assert _stylesheets(site.out, rel) == home_styles
    assert _scripts(site.out, rel) == _scripts(site.out, "index.html")
    page = parse(site.out / rel)
    assert page.find("html", lang="vi")
    assert page.find("header", class_="md-header")
    assert page.find("nav", class_="md-nav--primary")
    assert page.find("article", class_="md-content__inner")
    assert page.find("footer", class_="md-footer")
    assert page.title.endswith(f" - {SITE_NAME}")
    assert len(page.find("h1")) == 1


def test_theme_config_base_points_to_the_site_root(site: Built) -> None:
    for path in html_pages(site.out):
        if path.name == "404.html":
            continue
        config = [body for attrs, body in parse(path).scripts if attrs.get("id") == "__config"]
        assert len(config) == 1, path
        data = json.loads(config[0])
        target, _ = resolve(site.out, path, data["base"] + "/")
        assert target == site.out / "index.html", f"{path}: base {data['base']!r}"
        search, _ = resolve(site.out, path, data["search"])
        assert search.is_file(), f"{path}: {data['search']}"


def test_theme_storage_scope_is_the_site_root(site: Built) -> None:
    wrong = []
    for path in html_pages(site.out):
        if path.name == "404.html":
            continue
        raw = path.read_text(encoding="utf-8")
        match = re.search(r'__md_scope=new URL\("([^"]*)",location\)', raw)
        assert match, path
        target, _ = resolve(site.out, path, match.group(1).rstrip("/") + "/")
        if target != site.out / "index.html":
            wrong.append((path.relative_to(site.out).as_posix(), match.group(1)))
    assert not wrong


def test_record_pages_have_no_shell_placeholder(site: Built) -> None:
    leaking = [
        rel for rel in RECORD_PAGES if "DANBIET-RECORD" in (site.out / rel).read_text("utf-8")
    ]
    assert not leaking


def test_skip_link_targets_exist(site: Built) -> None:
    broken = []
    for path in html_pages(site.out):
        page = parse(path)
        for link in page.find("a", class_="md-skip"):
            fragment = link.attrs["href"].lstrip("#")
            if fragment not in page.ids:
                broken.append((path.relative_to(site.out).as_posix(), link.attrs["href"]))
    assert not broken


def test_canonical_urls_name_the_page_itself(site: Built) -> None:
    wrong = []
    for path in html_pages(site.out):
        if path.name == "404.html":
            continue
        links = [e for e in parse(path).find("link") if e.attrs.get("rel") == "canonical"]
        expected = SITE_URL + page_url(site.out, path)
        if [e.attrs["href"] for e in links] != [expected]:
            wrong.append((path.relative_to(site.out).as_posix(), [e.attrs["href"] for e in links]))
    assert not wrong


def test_sitemap_lists_existing_pages_and_records(site: Built) -> None:
    tree = ET.parse(site.out / "sitemap.xml")
    locs = [e.text or "" for e in tree.iter() if e.tag.endswith("loc")]
    missing_targets = [
        loc for loc in locs if not (site.out / loc.removeprefix(SITE_URL) / "index.html").is_file()
    ]
    assert not missing_targets
    listed = {loc.removeprefix(SITE_URL) for loc in locs}
    unlisted = [rel for rel in RECORD_PAGES if rel.removesuffix("index.html") not in listed]
    assert not unlisted


# -- links and requests ----------------------------------------------------------------------


def _broken_links(out: Path, path: Path, attrs: tuple[str, ...]) -> list[str]:
    page = parse(path)
    broken = []
    for element in page.elements:
        for name in attrs:
            url = element.attrs.get(name)
            if not url:
                continue
            found = resolve(out, path, url)
            if found is None:
                continue
            target, fragment = found
            if not target.is_file():
                broken.append(f"<{element.tag} {name}={url!r}>: no {target}")
            elif (
                fragment
                and target.suffix == ".html"
                and fragment not in parse(target).ids
                and "md-skip" not in element.attrs.get("class", "")  # reported separately
            ):
                broken.append(f"<{element.tag} {name}={url!r}>: no #{fragment}")
    return broken


@pytest.mark.parametrize("rel", CONFERENCE_PAGES)
def test_conference_page_assets_resolve(site: Built, rel: str) -> None:
    """Stylesheets, scripts, icons and images of a conference page exist in the output."""
    path = site.out / rel
    page = parse(path)
    assets = [e.attrs["src"] for e in page.elements if "src" in e.attrs]
    assets += [e.attrs["href"] for e in page.find("link") if "href" in e.attrs]
    local = [url for url in assets if resolve(site.out, path, url) is not None]
    assert len(local) >= 6, local  # theme css x2, danbiet.css, favicon, bundle, danbiet.js
    missing = [url for url in local if not resolve(site.out, path, url)[0].is_file()]
    assert not missing


@pytest.mark.parametrize("rel", CONFERENCE_PAGES)
def test_conference_page_links_all_resolve(site: Built, rel: str) -> None:
    """Every same-site href/src of a conference page (JSON download included) exists."""
    assert not _broken_links(site.out, site.out / rel, ("href", "src"))
    cid = rel.split("/")[1]
    assert f'href="../../du-lieu/hoi-nghi/{cid}.json"' in (site.out / rel).read_text("utf-8")
    data = json.loads((site.out / f"du-lieu/hoi-nghi/{cid}.json").read_text(encoding="utf-8"))
    assert data["id"] == cid


def test_internal_links_resolve_on_every_page(site: Built) -> None:
    broken = []
    for path in html_pages(site.out):
        for problem in _broken_links(site.out, path, ("href", "src")):
            broken.append(f"{path.relative_to(site.out).as_posix()}: {problem}")
    assert not broken, "\n".join(broken)


_CSS_REMOTE = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])\s*(?:https?:)?//""", re.I)
_SUBRESOURCE_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}


def test_no_external_requests_from_any_page(site: Built) -> None:
    remote = []
    for path in html_pages(site.out):
        rel = path.relative_to(site.out).as_posix()
        for element in parse(path).elements:
            for name in ("src", "srcset", "poster", "data"):
                value = element.attrs.get(name, "")
                if re.search(r"(?:^|[\s,])(?:https?:)?//", value):
                    remote.append(f"{rel}: <{element.tag} {name}={value!r}>")
            rels = set(element.attrs.get("rel", "").lower().split())
            href = element.attrs.get("href", "")
            if element.tag == "link" and rels & _SUBRESOURCE_RELS and is_external(href):
                remote.append(f"{rel}: <link rel={element.attrs['rel']!r} href={href!r}>")
            style = element.attrs.get("style", "")
            if _CSS_REMOTE.search(style):
                remote.append(f"{rel}: style={style!r}")
    for css in site.out.rglob("*.css"):
        if _CSS_REMOTE.search(css.read_text(encoding="utf-8")):
            remote.append(f"{css.relative_to(site.out)} loads a remote resource")
    assert not remote, "\n".join(remote)


# -- atomic build ----------------------------------------------------------------------------


def _previous_site(site: Built, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "public" / "site"
    shutil.copytree(site.out, out)
    return out, snapshot(out)


def _staging_leftovers(out: Path) -> list[str]:
    return [p.name for p in out.parent.iterdir() if p.name != out.name]


def test_invalid_records_leave_the_previous_site_untouched(site: Built, tmp_path: Path) -> None:
    root = _invalid_copy(tmp_path)
    out, before = _previous_site(site, tmp_path)
    with pytest.raises(BuildError) as caught:
        build(root, out, as_of=AS_OF)
    assert caught.value.report is not None
    codes = {(p.path, p.code) for p in caught.value.report.errors}
    assert (HOSTILE_CONFERENCE_FILE, "type-error") in codes, caught.value.report.errors
    assert snapshot(out) == before
    assert not _staging_leftovers(out)


@pytest.mark.parametrize(
    "target",
    [
        "danbiet.site.record_pages.render_all",
        "danbiet.site.feeds.write_unit_feeds",
        "danbiet.site.feeds.site_feed",
        "danbiet.site.search.explorer_data",
    ],
)
def test_a_failing_render_step_leaves_the_previous_site_untouched(
    site: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    from jinja2 import TemplateError

    def broken(*args: object, **kwargs: object) -> None:
        raise TemplateError("injected failure")

    monkeypatch.setattr(target, broken)
    root = copy_project(tmp_path / "project")
    out, before = _previous_site(site, tmp_path)
    with pytest.raises((TemplateError, BuildError)):
        build(root, out, as_of=AS_OF)
    assert snapshot(out) == before
    assert not _staging_leftovers(out)


@pytest.mark.parametrize(
    "where",
    [
        "_write",  # the merge, joining the national files
        "write_fragments",  # the province's part, written by a forked process beside its pages
    ],
)
def test_a_full_disk_is_an_error_message_and_the_previous_site_stays(
    site: Built,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
) -> None:
    import errno

    from danbiet.cli import main
    from danbiet.export import fragments

    def full(target: Path, *args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(fragments, where, full)
    root = copy_project(tmp_path / "project")
    out, before = _previous_site(site, tmp_path)
    assert main(["build", str(root), "--out", str(out), "--as-of", AS_OF.isoformat()]) == 1
    message = capsys.readouterr().err
    assert "error: cannot write " in message and "No space left on device" in message
    assert "previous site was left untouched" in message and "Traceback" not in message
    assert snapshot(out) == before
    assert not _staging_leftovers(out)


def test_first_build_into_a_missing_folder(tmp_path: Path, site: Built) -> None:
    out = tmp_path / "new" / "site"
    root = copy_project(tmp_path / "project")
    result = build(root, out, as_of=AS_OF)
    assert result.out == out.resolve()
    # The same records give byte-identical files, open data included: times come from the
    # records and their history, never from the clock.
    again, first = snapshot(out), snapshot(site.out)
    assert set(again) == set(first)
    differ = sorted(rel for rel in first if again[rel] != first[rel])
    assert differ == []


# -- feeds, calendar, search and explorer data --------------------------------------------------


def _feed(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed", path
    assert root.find(f"{ATOM}id") is not None
    assert root.find(f"{ATOM}updated") is not None
    return root


def test_site_feed_is_atom_with_entries(site: Built) -> None:
    feed = _feed(site.out / "feed.xml")
    entries = feed.findall(f"{ATOM}entry")
    # 1 notice + 6 updates in the fixture
    assert len(entries) == 7
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert f"Đang giải quyết: {HOSTILE}" in titles
    for entry in entries:
        title = entry.find(f"{ATOM}title")
        assert title.get("type", "text") == "text"
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith(SITE_URL)
        target, fragment = resolve(
            site.out, site.out / "index.html", "/" + href.removeprefix(SITE_URL)
        )
        assert target.is_file(), href
        assert fragment in parse(target).ids, href


@pytest.mark.parametrize("unit", sorted(UNITS))
def test_unit_feeds_are_atom(site: Built, unit: str) -> None:
    feed = _feed(site.out / f"don-vi/{unit}/feed.xml")
    entries = feed.findall(f"{ATOM}entry")
    expected = {"tinh-thu": 2, "xa-dong-hoa": 5, AGENCY: 4, "xa-song-cau": 0, "mttq-tinh-thu": 0}
    assert len(entries) == expected[unit]
    self_links = [
        link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"
    ]
    assert self_links == [f"{SITE_URL}don-vi/{unit}/feed.xml"]


def test_calendar_lists_upcoming_planned_dialogues(site: Built) -> None:
    from icalendar import Calendar

    calendar = Calendar.from_ical((site.out / "lich-doi-thoai.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1  # the plan's other conference was held (it has a conference_id)
    event = events[0]
    assert event.decoded("dtstart") == date(2026, 12, 10)
    assert "Đối thoại định kỳ cuối năm với Nhân dân" in str(event.get("summary"))
    assert str(event.get("url")) == f"{SITE_URL}don-vi/xa-dong-hoa/"
    assert str(event.get("uid")) == "xa-dong-hoa.2026.cap-uy.2@danbiet"


def test_search_index_entries_are_folded(site: Built) -> None:
    national = json.loads((site.out / "tim-kiem/chi-muc.json").read_text(encoding="utf-8"))
    province = "tinh-thu"
    assert national["provinces"] == [
        {
            "id": province,
            "name": "Tỉnh Thử Nghiệm",
            "file": f"tim-kiem/tinh/{province}.json",
            "count": len(CONFERENCES) + PETITIONS,
        }
    ]
    assert all(entry.pop("p") == province for entry in national["units"])
    records = json.loads((site.out / national["provinces"][0]["file"]).read_text("utf-8"))
    entries = national["units"] + records
    kinds = Counter(e["k"] for e in entries)
    assert kinds == {"Đơn vị": len(UNITS), "Hội nghị": len(CONFERENCES), "Kiến nghị": PETITIONS}
    assert {e["k"] for e in national["units"]} == {"Đơn vị"}
    for entry in entries:
        assert set(entry) == {"t", "u", "k", "s", "f"}, entry
        folded = entry["f"]
        assert folded.isascii(), folded
        assert folded == fold(folded) == folded.lower()
        for word in fold(entry["t"]).split():
            assert f" {word}" in f" {folded}", (word, folded)
        target, fragment = resolve(site.out, site.out / "index.html", entry["u"])
        assert target.is_file(), entry["u"]
        assert not fragment or fragment in parse(target).ids, entry["u"]
    by_title = {e["t"]: e for e in entries}
    assert "xa dong hoa" in by_title["Xã Đông Hòa"]["f"]
    assert "dat dai" in by_title[CONFERENCES[HOSTILE_CONFERENCE]]["f"]
    assert by_title[HOSTILE]["u"] == f"hoi-nghi/{HOSTILE_CONFERENCE}/#kn-2"


def test_explorer_data_covers_every_petition(site: Built) -> None:
    data = json.loads((site.out / "kham-pha/cam-ket.json").read_text(encoding="utf-8"))
    (province,) = data["provinces"]
    assert province["id"] == "tinh-thu" and province["count"] == PETITIONS
    assert set(data["labels"]) == {"linh-vuc", "ket-qua", "han", "nam"}
    own = json.loads((site.out / province["file"]).read_text(encoding="utf-8"))
    items = own["items"]
    assert len(items) == PETITIONS
    assert set(own["don-vi"]) == set(UNITS)
    for item in items:
        assert {"u", "s", "un", "fd", "oc", "lt", "yr", "f"} <= set(item)
        assert item["un"] in own["don-vi"]
        assert item["fd"] in data["labels"]["linh-vuc"]
        assert item["oc"] in data["labels"]["ket-qua"]
        assert item["lt"] in data["labels"]["han"]
        assert item["f"].isascii() and item["f"] == fold(item["f"])
        target, fragment = resolve(site.out, site.out / "index.html", item["u"])
        assert target.is_file() and fragment in parse(target).ids, item["u"]
    lateness = Counter(item["lt"] for item in items)
    assert lateness == {"dung-han": 1, "qua-han": 1, "tre-han": 1, "khong-co-han": 4}


# -- numbers -------------------------------------------------------------------------------


def _scorecard(out: Path, unit: str) -> dict[str, dict[str, int]]:
    table = parse(out / f"don-vi/{unit}/index.html").table_after("ket-qua")
    header = table.rows[0]
    assert header[1:6] == ["Đúng hạn", "Trễ hạn", "Quá hạn", "Sắp đến hạn", "Chưa đến hạn"]
    order = ["dung-han", "tre-han", "qua-han", "sap-den-han", "chua-den-han"]
    return {
        row[0]: {state: int(value) for state, value in zip(order, row[1:6], strict=True)}
        for row in table.body_rows
    }


@pytest.mark.parametrize("unit", sorted(UNITS))
def test_unit_scorecard_matches_deadlines(site: Built, deadline_report, unit: str) -> None:
    mine = [o for o in deadline_report.obligations if unit in (o.unit, o.agency)]
    expected: dict[str, dict[str, int]] = {}
    for kind, title in OBLIGATION_TITLES.items():
        counts = Counter(o.state for o in mine if o.kind == kind)
        if counts:
            expected[title] = {state: counts[state] for state in STATES}
    assert _scorecard(site.out, unit) == expected
    # The totals are the unit's (responsible) plus the agency's (assigned) tallies.
    total: Counter[str] = Counter()
    for tallies in (deadline_report.by_unit, deadline_report.by_agency):
        if unit in tallies:
            total.update(tallies[unit].counts)
    shown = Counter()
    for counts in _scorecard(site.out, unit).values():
        shown.update(counts)
    assert +shown == +total
    text = parse(site.out / f"don-vi/{unit}/index.html").text
    assert f"Trạng thái {total.total()} nghĩa vụ: " in text


def test_scorecards_cover_overdue_work(site: Built, deadline_report) -> None:
    assert len(deadline_report.overdue) == 7
    overdue = sum(
        counts["qua-han"]
        for unit in ("tinh-thu", "xa-dong-hoa", "xa-song-cau")
        for counts in _scorecard(site.out, unit).values()
    )
    assert overdue == len(deadline_report.overdue)
    page = parse(site.out / "qua-han/index.html")
    assert f"{len(deadline_report.overdue)} nghĩa vụ quá hạn" in page.text
    assert len(page.table_after("danh-sach").body_rows) == len(deadline_report.overdue)
    # The tables are written as HTML inside the Markdown page: each under its own heading.
    assert page.find("h2", id="theo-don-vi") and page.find("h2", id="theo-co-quan-duoc-giao")
    by_unit = page.table_after("theo-don-vi").body_rows
    assert sum(int(row[1]) for row in by_unit) == len(deadline_report.overdue)
    assert page.table_after("theo-co-quan-duoc-giao").body_rows


@pytest.mark.parametrize(
    "unit",
    [
        pytest.param(
            u,
        )
        if u == AGENCY
        else u
        for u in sorted(UNITS)
    ],
)
def test_units_list_agrees_with_unit_pages(site: Built, unit: str) -> None:
    rows = parse(site.out / "don-vi/index.html").tables[0].body_rows
    row = next(r for r in rows if r[0] == UNITS[unit])
    overdue = sum(c["qua-han"] for c in _scorecard(site.out, unit).values())
    assert int(row[4]) == overdue


def test_report_pages_and_csv(site: Built) -> None:
    from danbiet.site.unit_reports import CSV_HEADER

    for unit in REPORT_UNITS:
        page = parse(site.out / f"don-vi/{unit}/bao-cao/index.html")
        rows = page.tables[0].body_rows if page.tables else []
        data = (site.out / f"don-vi/{unit}/bao-cao.csv").read_text(encoding="utf-8")
        records = list(csv.reader(io.StringIO(data)))
        assert records[0] == list(CSV_HEADER.values())
        assert len(records) - 1 == len(rows)
        assert [r[1] for r in records[1:]] == [r[0] for r in rows]
    rows = list(
        csv.DictReader(
            io.StringIO((site.out / "don-vi/xa-dong-hoa/bao-cao.csv").read_text("utf-8"))
        )
    )
    year = next(r for r in rows if r["Kỳ"] == "2026")
    assert year["Hội nghị đã tổ chức"] == "1"
    assert year["Kiến nghị tiếp nhận"] == "3"
    assert year["Giám sát xác nhận"] == "1" and year["Giám sát không xác nhận"] == "1"


# -- history -------------------------------------------------------------------------------


def _git(root: Path, *args: str, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Văn phòng UBND xã",
        "GIT_AUTHOR_EMAIL": "vp@xa-dong-hoa.example.vn",
        "GIT_COMMITTER_NAME": "Văn phòng UBND xã",
        "GIT_COMMITTER_EMAIL": "vp@xa-dong-hoa.example.vn",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def test_publication_is_not_claimed_missing_without_history(site: Built) -> None:
    page = parse(site.out / f"hoi-nghi/{HOSTILE_CONFERENCE}/index.html")
    assert "Chưa công bố trên nhánh chính" not in page.text


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_conference_page_shows_git_history(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "repo")
    _git(root, "init", "-q", "-b", "main", when="2026-11-19T10:00:00+07:00")
    _git(root, "add", "-A", when="2026-11-19T10:00:00+07:00")
    _git(root, "commit", "-q", "-m", "Nhập hồ sơ đối thoại", when="2026-11-19T10:00:00+07:00")
    path = root / HOSTILE_CONFERENCE_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count("        evidence: Quyết định 56/QĐ-UBND\n") == 1
    path.write_text(
        text.replace(
            "        evidence: Quyết định 56/QĐ-UBND\n",
            "        evidence: Quyết định 56/QĐ-UBND\n"
            "      - date: 2026-11-20\n        status: da-tra-loi\n        note: Bổ sung trả lời\n",
        ),
        encoding="utf-8",
    )
    _git(root, "commit", "-q", "-am", "Cập nhật kiến nghị 1", when="2026-11-20T09:30:00+07:00")
    heads = subprocess.run(
        ["git", "-C", str(root), "log", "--format=%H"], capture_output=True, text=True, check=True
    ).stdout.split()

    out = tmp_path / "site"
    result = build(root, out, as_of=AS_OF)
    assert not any("Git" in note for note in result.notes)
    page = parse(out / f"hoi-nghi/{HOSTILE_CONFERENCE}/index.html")
    history = page.table_after("lich-su")
    assert [row[3] for row in history.body_rows] == [sha[:8] for sha in heads]
    assert history.body_rows[0][0] == "20/11/2026 09:30"
    assert history.body_rows[0][1].startswith("Cập nhật kiến nghị 1")
    assert history.body_rows[0][2] == "Văn phòng UBND xã"
    assert history.body_rows[1][0] == "19/11/2026 10:00"
    assert "Công bố lần đầu trên cổng 10:00 ngày 19/11/2026" in page.text
    assert "Bổ sung trả lời (công bố 09:30 ngày 20/11/2026)" in page.text
    assert "Không đọc được lịch sử Git" not in page.text


# -- command line ----------------------------------------------------------------------------


def _danbiet(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "danbiet", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_cli_build(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    run = _danbiet("build", "--out", out, "--as-of", AS_OF_ARG, root)
    assert run.returncode == 0, run.stderr
    assert (out / "index.html").is_file()
    assert (out / f"hoi-nghi/{HOSTILE_CONFERENCE}/index.html").is_file()


def test_cli_build_refuses_invalid_records(tmp_path: Path) -> None:
    root = _invalid_copy(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("previous", encoding="utf-8")
    run = _danbiet("build", "--out", out, "--as-of", AS_OF_ARG, root)
    assert run.returncode == 1, run.stdout + run.stderr
    line = _line_of(root / HOSTILE_CONFERENCE_FILE, "issued_on: 2026-02-30")
    assert re.search(
        rf"^{re.escape(HOSTILE_CONFERENCE_FILE)}:{line}: \[type-error\] ", run.stderr, re.M
    ), run.stderr
    assert (out / "index.html").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]


def test_open_data_numbers_equal_the_site(site: Built) -> None:
    # The obligations table downloaded from du-lieu/ has the same states as the site shows.
    with (site.out / "du-lieu" / "obligations.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    overdue = sum(row["state"] == "qua-han" for row in rows)
    home = parse(site.out / "index.html")
    figures = {row[0]: row[1] for row in home.tables[0].body_rows}
    assert figures["Nghĩa vụ đang quá hạn"] == str(overdue)
    listed = parse(site.out / "qua-han" / "index.html").text
    assert f"{overdue} nghĩa vụ quá hạn" in listed
    for unit in sorted(UNITS):
        mine = [r for r in rows if unit in (r["unit"], r["agency"])]
        shown = Counter()
        for counts in _scorecard(site.out, unit).values():
            shown.update(counts)
        assert +shown == +Counter(r["state"] for r in mine), unit
    with (site.out / "du-lieu" / "petitions.csv").open(encoding="utf-8", newline="") as handle:
        petitions = list(csv.DictReader(handle))
    conferences_page = parse(site.out / "hoi-nghi" / "index.html")
    assert sum(int(row[4]) for row in conferences_page.tables[0].body_rows) == len(petitions)


@pytest.mark.parametrize(("jobs", "beside"), [(None, True), (1, False)])
def test_a_part_built_alone_writes_its_open_data_beside_its_pages_unless_one_process(
    tmp_path: Path, site: Built, monkeypatch: pytest.MonkeyPatch, jobs: int | None, beside: bool
) -> None:
    """The demo is one province: its part is built alone, its open data by a forked process
    (where there is a second CPU), except with --jobs 1; the site is the same bytes."""
    from danbiet.site import incremental

    seen = []
    build_part = incremental.build_part
    monkeypatch.setattr(
        incremental,
        "build_part",
        lambda *a, **k: seen.append(k["beside"]) or build_part(*a, **k),
    )
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    out = tmp_path / "site"
    build(copy_project(tmp_path / "project"), out, as_of=AS_OF, jobs=jobs)
    assert seen == [beside]
    again, first = snapshot(out), snapshot(site.out)
    assert sorted(again) == sorted(first)
    assert [rel for rel in first if again[rel] != first[rel]] == []


def test_the_shell_wraps_each_page_for_its_depth() -> None:
    from danbiet.site.shell import PLACEHOLDER, Shell

    shell = Shell(
        before=(
            '<html><head><title>x</title><link rel="canonical" '
            'href="https://dan.example/_shell/"><link href="../assets/a.css">'
            '<script>var c = {"base": ".."}; new URL("..",location)</script></head><body>'
            f'<a href="#danbiet-record-content-title">skip</a><a href="..">home</a>'
            f"<h1>{PLACEHOLDER}-TITLE</h1>"
        ),
        after='<script src="../assets/b.js"></script></body></html>',
        site_name="Dân biết",
    )
    site = "https://dan.example/"
    deep = shell.wrap("<p>A</p>", "Hội nghị <b>", "hoi-nghi/x.2025-03-12/index.html", site)
    assert deep == (
        "<html><head><title>Hội nghị &lt;b&gt; - Dân biết</title>"
        '<link rel="canonical" href="https://dan.example/hoi-nghi/x.2025-03-12/">'
        '<link href="../../assets/a.css"><script>var c = {"base": "../.."}; '
        'new URL("../..",location)</script></head><body><a href="#noi-dung">skip</a>'
        '<a href="../..">home</a><h1>Hội nghị &lt;b&gt;</h1><div id="noi-dung"><p>A</p></div>'
        '<script src="../../assets/b.js"></script></body></html>'
    )
    # Another page of the same depth keeps nothing of the first; the top page links from "."
    other = shell.wrap("<p>B</p>", "Đơn vị", "don-vi/y/index.html", site)
    assert other == deep.replace("Hội nghị &lt;b&gt;", "Đơn vị").replace(
        "hoi-nghi/x.2025-03-12/", "don-vi/y/"
    ).replace("<p>A</p>", "<p>B</p>")
    top = shell.wrap("<p>C</p>", "Trang chủ", "index.html", site)
    assert '<a href=".">home</a>' in top and 'href="assets/a.css"' in top
    assert 'href="https://dan.example/"' in top and '{"base": "."}' in top


def test_the_shell_is_kept_by_key_and_made_again_when_it_cannot_be_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from danbiet.site import shell as shells
    from danbiet.site.build import MKDOCS_YML

    made: list[str] = []
    real = shells.build_shell

    def counted(mkdocs_yml: Path, work: Path) -> shells.Shell:
        made.append(work.name)
        return real(mkdocs_yml, work)

    monkeypatch.setattr(shells, "build_shell", counted)
    cache = tmp_path / "cache"
    first = shells.cached_shell(MKDOCS_YML, cache, "k1")
    assert len(made) == 1 and "</html>" in first.after and "</title>" in first.before
    assert shells.cached_shell(MKDOCS_YML, cache, "k1") == first and len(made) == 1
    for damaged in ('{"before": 1, "after": "", "site_name": ""}', "[]", "{", "\udcff"):
        (cache / "shell-k1.json").write_text(damaged, encoding="utf-8", errors="surrogateescape")
        assert shells.cached_shell(MKDOCS_YML, cache, "k1") == first
    assert len(made) == 5
    shells.cached_shell(MKDOCS_YML, cache, "k2")  # another code: the other key's file goes
    assert sorted(p.name for p in cache.iterdir()) == ["shell-k2.json"]
    monkeypatch.setenv("DANBIET_CACHE_READ_ONLY", "1")  # the pull-request workflow
    assert shells.cached_shell(MKDOCS_YML, cache, "k3") == first and len(made) == 7
    assert sorted(p.name for p in cache.iterdir()) == ["shell-k2.json"]


def _fold_by_definition(text: str) -> str:
    """`fold` as the docstring defines it: đ as d, every combining character dropped from the
    canonical decomposition, lower case, single spaces."""
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def test_fold_is_its_definition_in_every_script() -> None:
    import random

    assert fold("  Đất đai\tHUẾ  Nghệ An ") == "dat dai hue nghe an"
    tricky = ["a\u034fb", "a\u1dc0b", "e\u0302\u0301", "\u1e9b\u0323", "ΟΔΟΣ Σ", "İ", "ﬁ", "한국어"]
    pool = [chr(c) for c in range(0x20, 0x2100)] + list("aăâeêioôơuưyđĐ \u0301\u0323\u034f") * 40
    rnd = random.Random(7)
    samples = tricky + ["".join(rnd.choices(pool, k=rnd.randint(0, 16))) for _ in range(20_000)]
    assert [fold(s) for s in samples] == [_fold_by_definition(s) for s in samples]


def test_large_counts_are_grouped_by_dots() -> None:
    """A national year counts tens of thousands of obligations: Vietnamese group thousands
    with dots (29.165), in the national pages (Markdown) and the province pages (HTML)."""
    import markdown

    from danbiet.site.build import html_environment, markdown_environment
    from danbiet.site.text import number

    assert [number(n) for n in (0, 999, 1000, 29165, 1234567)] == [
        "0",
        "999",
        "1.000",
        "29.165",
        "1.234.567",
    ]
    assert number(None) == "" and number("3 / 4") == "3 / 4"
    provinces = [
        {"name": f"Tỉnh {n}", "overdue_href": f"tinh-{n}/", "overdue": 12345, "open": 23456}
        for n in ("A", "B")
    ]
    provinces = [{**p, "rate": "80% (1.234 việc)"} for p in provinces]
    empty: dict[str, list[str]] = {"overdue": [], "by_unit": [], "by_agency": []}
    page = (
        markdown_environment()
        .get_template("pages/qua-han.md.j2")
        .render(as_of_vn="31/12/2025", total=29165, provinces=provinces, **empty)
    )
    text = Page(markdown.markdown(page, extensions=["tables"])).text
    assert "29.165 nghĩa vụ quá hạn" in text
    assert "Tỉnh A 12.345 23.456 80% (1.234 việc)" in text
    province = {"id": "tinh-a", "name": "Tỉnh A"}
    units = [{"id": f"u{i}", "name": "Xã", "level": "Xã", "profile": ""} for i in range(1234)]
    units = [{**u, "conferences": 1, "overdue": 0, "open": 0, "rate": "—"} for u in units]
    html = html_environment().get_template("record/province-units.html.j2")
    assert "1.234 đơn vị." in Page(html.render(base="../", province=province, units=units)).text

    # days overdue, on the national and province overdue pages and in obligation tables
    late = {"due": "02/01/2026", "days_late": 1234, "href": "hoi-nghi/x/", "title": "Thông báo"}
    late |= {"who": "Xã", "computation": "5 ngày làm việc", "state": "qua-han"}
    late |= {"state_title": "Quá hạn", "due_vn": "02/01/2026", "source": "Điều 9"}
    late |= {"provisional": False, "done_vn": None}
    page = (
        markdown_environment()
        .get_template("pages/qua-han.md.j2")
        .render(as_of_vn="31/12/2025", total=1, provinces=[], **(empty | {"overdue": [late]}))
    )
    assert "02/01/2026 1.234 Thông báo" in Page(markdown.markdown(page, extensions=["tables"])).text
    html = html_environment().get_template("record/province-overdue.html.j2")
    rendered = html.render(
        base="../", province=province, as_of_vn="31/12/2025", **(empty | {"overdue": [late]})
    )
    assert "02/01/2026 1.234 Thông báo" in Page(rendered).text
    macro = html_environment().from_string(
        '{% from "record/_macros.html.j2" import obligation_rows %}'
        '{{ obligation_rows(items, "../", {}) }}'
    )
    assert "Quá hạn 1.234 ngày" in Page(macro.render(items=[late])).text
