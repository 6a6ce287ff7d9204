"""danbiet.site.raw_html: HTML between `danbiet:raw` lines is passed through unread, as
Python-Markdown would have passed it after reading it; nothing else changes."""

from __future__ import annotations

import markdown
import pytest

from danbiet.site.raw_html import END, START, RawHtmlExtension

TABLE = (
    "<table>\n<thead><tr><th>Đơn vị</th></tr></thead>\n<tbody>\n"
    '<tr><td><a href="../x/">Xã **An** &amp; _Hòa_</a></td></tr>\n'
    "</tbody>\n</table>"
)


def convert(text: str, raw: bool = True) -> str:
    extensions = [RawHtmlExtension(), "tables", "toc"] if raw else ["tables", "toc"]
    return markdown.Markdown(extensions=extensions).convert(text)


def test_a_marked_block_is_the_html_markdown_would_have_made_of_it() -> None:
    page = f"# Quá hạn\n\nTính đến ngày **1/1**.\n\n{START}\n{TABLE}\n{END}\n\n## Danh sách\n"
    plain = page.replace(f"{START}\n", "").replace(f"{END}\n", "")
    assert convert(page) == convert(plain, raw=False)
    assert "<strong>An</strong>" not in convert(page)  # Markdown inside it is left as written
    assert '<h2 id="danh-sach">Danh sách</h2>' in convert(page)  # what follows is Markdown


def test_lines_inside_a_block_are_not_read_as_markdown_even_after_a_blank_line() -> None:
    page = f"{START}\n<div>\n\n# not a heading\n\n</div>\n{END}\n"
    assert convert(page).strip() == "<div>\n\n# not a heading\n\n</div>"


@pytest.mark.parametrize(
    "page",
    [
        f"Trước.\n\n{START}\n<p>không có dòng kết thúc</p>\n",  # a start without an end
        f"Trước.\n\n{END}\n\n**đậm**\n",  # an end without a start
        "Văn bản &lt;!-- danbiet:raw --&gt; đã thoát\n\n**đậm**\n",  # a record's escaped text
    ],
)
def test_anything_but_a_whole_marked_block_is_left_to_markdown(page: str) -> None:
    assert convert(page) == convert(page, raw=False)


def test_the_site_uses_it_for_the_overdue_tables() -> None:
    from danbiet.site.build import TEMPLATES
    from danbiet.site.incremental import site_config

    assert "danbiet.site.raw_html" in site_config()["markdown_extensions"]
    template = (TEMPLATES / "pages" / "qua-han.md.j2").read_text(encoding="utf-8")
    assert template.count(f"{START}\n<table>") == template.count("<table>") == 4
    assert template.count(f"</table>\n{END}") == 4
