"""Vietnamese labels, date formats, diacritic folding and Markdown escaping for the site."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from markupsafe import Markup

from danbiet import schema

# Markdown syntax characters; <, > and & are left to HTML autoescaping.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")

LEVELS = {
    "tinh": "Tỉnh",
    "huyen": "Huyện (trước 7/2025)",
    "xa": "Xã, phường",
    "so-nganh": "Sở, ngành",
    "co-quan": "Cơ quan",
    "to-chuc": "Tổ chức",
}
KINDS = {"dinh-ky": "Định kỳ", "chuyen-de": "Chuyên đề", "dot-xuat": "Đột xuất"}
OUTCOMES = {
    None: "Chưa có kết quả",
    "dang-giai-quyet": "Đang giải quyết",
    "da-giai-quyet": "Đã giải quyết",
    "da-tra-loi": "Đã trả lời",
    "da-chuyen": "Đã chuyển cơ quan có thẩm quyền",
}
VERDICTS = {"xac-nhan": "MTTQ xác nhận", "khong-xac-nhan": "MTTQ không xác nhận"}
RAISED = {
    "truoc-hoi-nghi": "Gửi trước hội nghị",
    "truoc-hoi-nghi-duoi-5-ngay": "Gửi trước hội nghị dưới 5 ngày",
    "tai-hoi-nghi": "Nêu tại hội nghị",
}
PETITIONERS = {
    "ca-nhan": "Cá nhân",
    "nhom": "Nhóm công dân",
    "doanh-nghiep": "Doanh nghiệp",
    "to-chuc": "Tổ chức",
}
FORMS = {"truc-tiep": "Trực tiếp", "truc-tuyen": "Trực tuyến", "ket-hop": "Trực tiếp và trực tuyến"}
ROLES = {
    "bi-thu": "Bí thư",
    "pho-bi-thu": "Phó Bí thư",
    "chu-tich": "Chủ tịch UBND",
    "pho-chu-tich": "Phó Chủ tịch UBND",
    "thu-truong": "Thủ trưởng",
    "pho-thu-truong": "Phó Thủ trưởng",
    "khac": "Khác",
}


def _field_titles() -> dict[str, str]:
    """Field codes to titles, parsed from the schema's description of petitions.field."""
    description = schema.field("petitions", "field").get("description", "")
    return dict(re.findall(r"([a-z-]+) \(([^)]+)\)", description))


FIELDS = _field_titles()


def field_title(code: str | None) -> str:
    return FIELDS.get(code or "", code or "")


# The combining marks of the block Vietnamese tones and marks decompose into (U+0300-U+036F).
_MARKS = re.compile(
    "[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]+"
)


def fold(text: str) -> str:
    """Lower-case text without tones or marks: 'Đất đai' -> 'dat dai', 'Huế' -> 'hue'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = _MARKS.sub("", unicodedata.normalize("NFD", text))
    if not stripped.isascii():  # other scripts or marks: every combining character
        stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def slugify(value: str, separator: str = "-") -> str:
    """Heading anchors for Vietnamese: 'Đơn vị' -> 'don-vi' (toc's default drops 'đ')."""
    return re.sub(r"[^a-z0-9]+", separator, fold(value)).strip(separator)


def vn_date(value: str | date | None) -> str:
    if value is None or value == "":
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


def md_escape(value: Any) -> Any:
    """Make a value safe inside Markdown: no markup, no table breaks, no raw HTML.

    Values already marked safe (`Markup`, e.g. URLs built from validated ids) pass unchanged.
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return _MD_SPECIAL.sub(r"\\\1", " ".join(value.split()))
    return value


def md_code(value: Any) -> Markup:
    """Text for inside a Markdown code span (`...`): Markdown escapes code spans itself, so only
    backticks and line breaks, which would end the span, are replaced."""
    return Markup(" ".join(str(value).replace("`", "'").split()))


def number(value: Any) -> str:
    """A count as Vietnamese write it, thousands grouped by dots: 29165 -> '29.165'. Anything
    but an integer (a year is never passed here) is shown as it is."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", ".")
    return "" if value is None else str(value)


def rate(tally: Any) -> str:
    if tally is None or tally.on_time_rate is None:
        return "—"
    return f"{tally.on_time_rate:.0%} ({number(tally.closed)} việc)"
