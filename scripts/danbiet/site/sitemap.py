"""sitemap.xml (and .gz) of every page: mkdocs lists the editorial pages; record pages are added
here and the theme's placeholder page is left out."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from danbiet.site.shell import SHELL_PAGE


def editorial_pages(site_dir: Path) -> list[str]:
    """The pages mkdocs built into SITE_DIR (before record pages join them), sorted."""
    return sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("index.html")
        if not p.relative_to(site_dir).as_posix().startswith(f"{SHELL_PAGE}/")
    )


def write(
    site_dir: Path, site_url: str, editorial: list[str], record_pages: list[str], as_of: date
) -> None:
    record_set = set(record_pages)
    editorial = [page for page in editorial if page not in record_set]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for rel in [*editorial, *sorted(record_pages)]:
        url = escape(site_url + rel.removesuffix("index.html"))
        lines.append(f"  <url><loc>{url}</loc><lastmod>{as_of.isoformat()}</lastmod></url>")
    lines.append("</urlset>")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    (site_dir / "sitemap.xml").write_bytes(data)
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
