"""The descriptors and the envelope of the export: datapackage.json, Datasette metadata,
checksums, the ZIP archive and the download table of the open-data page."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from danbiet import schema
from danbiet.export.tables import Table, tables

if TYPE_CHECKING:
    from danbiet.export import ExportResult

DATAPACKAGE = "datapackage.json"
XLSX = "danbiet.xlsx"
SQLITE = "danbiet.db"
DATASETTE = "metadata.json"
ZIP = "danbiet-du-lieu.zip"
SUMS = "SHA256SUMS"
CONFERENCES = "hoi-nghi"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"

# Full-text search (SQLite FTS5): table -> searchable columns.
FTS = {
    "petitions": ("summary", "answer"),
    "updates": ("note",),
    "notices": ("summary",),
    "conferences": ("title",),
}

CSV_NOTE = (
    "Các tệp CSV giữ nguyên văn bản như trong hồ sơ, kể cả ô bắt đầu bằng =, +, -, @; khi mở "
    "bằng phần mềm bảng tính, hãy dùng tệp danbiet.xlsx hoặc nhập CSV với kiểu cột Văn bản (Text). "
    "Trong tệp danbiet.xlsx mọi ô văn bản đều là văn bản, không bao giờ là công thức."
)


def vn_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def vn_int(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def human_size(size: int) -> str:
    """A size in bytes as Vietnamese readers write it: 512 B, 12,3 KB, 4,5 MB."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            return f"{value:.1f} {unit}".replace(".", ",")
    raise AssertionError("unreachable")


def sha256_file(path: Path) -> tuple[int, str]:
    """(size in bytes, sha256 hex digest) of the file at PATH, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def package_descriptor(
    tables: Iterable[Table],
    stats: dict[str, tuple[int, str]],
    profiles: Iterable[Any],
    as_of: date,
    created: str,
    commit: str | None,
) -> dict[str, Any]:
    """The published datapackage.json: every table with its CSV, size, hash and schema."""
    base = schema.package_descriptor()
    sources = [
        {"title": p.document, "issuer": p.issuer, "rules": p.path, "profile": p.id}
        for p in profiles
    ]
    resources = []
    for t in tables:
        size, digest = stats[t.csv]
        resources.append(
            {
                "name": t.name,
                "title": t.title,
                "description": t.description,
                "profile": "tabular-data-resource",
                "path": t.csv,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": size,
                "hash": f"sha256:{digest}",
                "schema": t.schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": base["name"],
        "title": base["title"],
        "description": (
            f"{base['description']} Số liệu tính đến ngày {vn_date(as_of)}; bảng nghĩa vụ và "
            f"lịch sử trạng thái do hệ thống tính từ hồ sơ. {CSV_NOTE}"
        ),
        "licenses": base["licenses"],
        "sources": sources,
        "keywords": ["đối thoại trực tiếp", "dân chủ cơ sở", "kiến nghị", "dữ liệu mở"],
        "created": created,
        "as_of": as_of.isoformat(),
        "commit": commit,
        "resources": resources,
    }


def datasette_metadata(
    tables: Iterable[Table], as_of: date, commit: str | None, database: str = "danbiet"
) -> dict[str, Any]:
    """metadata.json for `datasette danbiet.db --metadata metadata.json`."""
    labels = {"units": "name", "conferences": "title", "plans": "id"}
    facets = {
        "conferences": ["unit", "kind", "outcome"],
        "petitions": ["field", "petitioner_kind", "raised"],
        "updates": ["status"],
        "supervision": ["verdict"],
        "obligations": ["state", "kind", "unit"],
        "status_history": ["status"],
    }
    described: dict[str, Any] = {}
    for t in tables:
        entry: dict[str, Any] = {
            "title": t.title,
            "description": t.description,
            "columns": {
                f["name"]: f"{f.get('title', f['name'])}: {f.get('description', '')}".rstrip(": ")
                for f in t.schema["fields"]
            },
        }
        if t.name in labels:
            entry["label_column"] = labels[t.name]
        if t.name in facets:
            entry["facets"] = facets[t.name]
        described[t.name] = entry
    base = schema.package_descriptor()
    source = "Hồ sơ công khai trong kho Git của cổng Dân biết"
    if commit:
        source += f" (commit {commit[:12]})"
    return {
        "title": "Dân biết — dữ liệu mở về đối thoại trực tiếp",
        "description": (
            f"{base['title']}. Số liệu tính đến ngày {vn_date(as_of)}. Tìm kiếm toàn văn không "
            "phân biệt dấu trong nội dung kiến nghị, trả lời, tiến độ, thông báo kết luận và tên "
            "hội nghị."
        ),
        "license": "CC-BY-4.0",
        "license_url": LICENSE_URL,
        "source": source,
        "databases": {database: {"tables": described}},
    }


def sums_text(hashes: dict[str, str]) -> str:
    """`sha256sum` format: `<hash>  <file>` per line, sorted by file."""
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(hashes.items()))


DESCRIPTIONS = {
    ZIP: (
        "Gói dữ liệu trong một tệp nén: datapackage.json, mọi bảng dạng CSV và tệp JSON của "
        "từng hội nghị (các định dạng JSON, Excel, SQLite tải riêng bên dưới)."
    ),
    XLSX: (
        "Sổ tính Excel: mỗi bảng một trang tính, tiêu đề cột tiếng Việt, ngày tháng là ngày; "
        "trang Giới thiệu và Trường dữ liệu giải thích nội dung."
    ),
    SQLITE: (
        "Cơ sở dữ liệu SQLite (mở bằng Datasette hoặc DB Browser for SQLite): khóa chính, khóa "
        "ngoại và tìm kiếm toàn văn không phân biệt dấu."
    ),
    DATASETTE: "Mô tả bảng và cột cho Datasette: datasette danbiet.db --metadata metadata.json.",
    DATAPACKAGE: (
        "Gói dữ liệu Frictionless: lược đồ mọi bảng (kiểu, ràng buộc, giá trị cho phép, khóa), "
        "nguồn, giấy phép, ngày chốt số liệu và commit Git; kiểm tra bằng "
        "frictionless validate datapackage.json."
    ),
    SUMS: "Mã băm SHA-256 của mọi tệp; kiểm tra bằng sha256sum -c SHA256SUMS.",
}


def download_table(result: ExportResult) -> list[dict[str, Any]]:
    """The downloads of the open-data page, largest bundle first.

    Each: file (path relative to the export folder, also its URL there), format, table (or
    None), rows (or None), bytes, size (Vietnamese, e.g. "12,3 KB"), sha256, description.
    """
    by_path = {f.path: f for f in result.files}
    out: list[dict[str, Any]] = []

    def add(path: str, fmt: str, description: str, name: str | None = None) -> None:
        f = by_path[path]
        out.append(
            {
                "file": path,
                "format": fmt,
                "table": name,
                "rows": result.counts.get(name) if name else None,
                "bytes": f.bytes,
                "size": human_size(f.bytes),
                "sha256": f.sha256,
                "description": description,
            }
        )

    add(ZIP, "ZIP", DESCRIPTIONS[ZIP])
    add(XLSX, "XLSX", DESCRIPTIONS[XLSX])
    add(SQLITE, "SQLite", DESCRIPTIONS[SQLITE])
    add(DATAPACKAGE, "JSON", DESCRIPTIONS[DATAPACKAGE])
    for t in tables():
        rows = vn_int(result.counts.get(t.name, 0))
        add(t.csv, "CSV", f"{t.title}: {rows} dòng, CSV UTF-8 (RFC 4180).", t.name)
    for t in tables():
        rows = vn_int(result.counts.get(t.name, 0))
        add(t.json, "JSON", f"{t.title}: {rows} dòng, JSON (danh sách đối tượng).", t.name)
    add(DATASETTE, "JSON", DESCRIPTIONS[DATASETTE])
    add(SUMS, "SHA256SUMS", DESCRIPTIONS[SUMS])
    return out
