"""A Markdown extension (mkdocs.yml) that passes marked blocks of HTML through unread.

Python-Markdown finds raw HTML blocks by running `html.parser` over them, to see where each
block ends. The national overdue page (`qua-han`) holds about a megabyte of HTML tables at
one national year, which took half a second of every build to read. A template that knows
where its HTML starts and ends says so on lines of their own:

    <!-- danbiet:raw -->
    <table>...</table>
    <!-- /danbiet:raw -->

and the lines between are stored as one raw block, as Python-Markdown stores the blocks it
finds itself, without being read. The marker lines are dropped. A start without an end is
left to Markdown as it is. Only templates write these lines: a record's text is escaped
(`<` becomes `&lt;`), so it cannot open or close a block.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension
from markdown.preprocessors import Preprocessor

START = "<!-- danbiet:raw -->"
END = "<!-- /danbiet:raw -->"


class RawBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line.strip() == START:
                    block = []
                else:
                    out.append(line)
            elif line.strip() == END:
                # a paragraph of its own, as Python-Markdown places the blocks it stores
                out += ["", self.md.htmlStash.store("\n".join(block) + "\n"), ""]
                block = None
            else:
                block.append(line)
        if block is not None:
            out += [START, *block]
        return out


class RawHtmlExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 - Python-Markdown's name
        # before `html_block` (20), which would read the block; after `normalize_whitespace`
        md.preprocessors.register(RawBlocks(md), "danbiet_raw", 25)


def makeExtension(**kwargs: Any) -> RawHtmlExtension:  # noqa: N802 - Python-Markdown's name
    return RawHtmlExtension(**kwargs)
