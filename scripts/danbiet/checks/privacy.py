"""Personal data in public records: phone numbers, ID numbers, emails, plates and names.

Petitioners are never identified (Law on Personal Data Protection): a petition carries a kind and
a pseudonymous label. This scanner reads every text value of a record file (summaries, notes,
answers, labels, titles, venues, reasons, corrected values, evidence ...) and reports:

    personal-phone  Vietnamese mobile numbers (03x, 05x, 07x, 08x, 09x; +84 / 84 prefixes) and
                    landlines (02x ...), with spaces, dots or dashes between digits
    personal-id     citizen ID numbers (CCCD, 12 digits) and old ID cards (CMND, 9 digits)
    personal-email  email addresses
    personal-plate  vehicle plates (29A-123.45, 51F-12345, 30E1-123.45, 29-B1 123.45)
    personal-name   a Vietnamese full name (a common family name and 1-3 more capitalised
                    syllables) after a personal cue (ông, bà, anh, chị, cháu, hộ ông, gia đình
                    bà ...) or anywhere in a petitioner's label

What is not personal data is left alone: document numbers (123/QĐ-UBND, 45-TB/ĐU), dates, money
(1.200.000 đồng), plot numbers (thửa đất số 125, tờ bản đồ số 7), tax codes after "MST".
Officials are public: names of the people chairing dialogues (chairs[].name), signing notices
(notice.signer) and heading plans (head_name) anywhere in the repository are allowed, and so are
names right after or right before an official title ("Chủ tịch UBND xã Nguyễn Văn An",
"ông Nguyễn Văn An, Chủ tịch UBND xã"). Names after place words ("thôn Phan Thiết", "đường Lê
Lợi") are places, not people.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterator
from typing import Any

from danbiet.problems import Problem
from danbiet.safeyaml import Document, PathKey


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- what is searched ------------------------------------------------------------------------

# Fields holding officials' names: public, so never checked for names (phones etc. still are).
OFFICIAL_NAME_FIELDS = {("chairs", "name"), ("notice", "signer"), ((), "head_name")}
LABEL_FIELDS = {("petitioner", "label"), ((), "petitioner_label")}

_SEP = r"[ .\-]?"
_PHONE = re.compile(
    r"(?<![\w/+])(?<![0-9][.,\-])"
    r"(?P<number>"
    rf"(?:\(\+?84\)|\+84|84){_SEP}[35789](?:{_SEP}[0-9]){{8}}"  # +84 912 345 678
    rf"|0[35789](?:{_SEP}[0-9]){{8}}"  # 0912 345 678
    rf"|\(?02[0-9]{{1,2}}\)?{_SEP}(?:{_SEP}[0-9]){{7,8}}"  # (024) 3825 1234, 0222 381 2345
    r")"
    r"(?![0-9])(?![.,\-/][0-9])(?!/)"
)
_ID = re.compile(r"(?<![\w/.,\-])(?P<number>[0-9]{12}|[0-9]{9})(?![\w/])(?![.,\-][0-9])")
_ID_CUE = re.compile(
    r"(?:CCCD|CMND|CMT|căn cước(?: công dân)?|chứng minh(?: nhân dân| thư)?|định danh(?: cá nhân)?"
    r"|hộ chiếu)(?:\s+số)?\s*[:.]?\s*(?P<number>[0-9](?:[ .]?[0-9]){8,11})(?![0-9])",
    re.IGNORECASE,
)
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_PLATE = re.compile(
    r"(?<![\w/.\-])(?P<plate>[0-9]{2}(?:[A-Z][A-Z0-9]?|-[A-Z][0-9])"
    r"(?:[ .\-]?(?:[0-9]{3}\.[0-9]{2}|[0-9]{4,5})))(?![\w/])(?![.\-][0-9])"
)
# Numbers that are not personal: money, areas, tax and file codes.
_NOT_PERSONAL_AFTER = re.compile(
    r"\s*(?:đồng|đ\b|vnđ|vnd|triệu|tỷ|nghìn|ngàn|usd|%|m2|m²|m3|ha\b|km\b|m\b|kg\b|tấn|lượt|người"
    r"|hộ\b|cuộc|trường hợp)",
    re.IGNORECASE,
)
_NOT_PERSONAL_BEFORE = re.compile(
    r"(?:mst|mã số thuế|mã số doanh nghiệp|mã doanh nghiệp|mã hồ sơ|số hồ sơ|mã số hồ sơ|mã dự án"
    r"|mã số dự án|mã bưu chính|số tài khoản của (?:ubnd|ủy ban|kho bạc))\s*(?:số)?\s*[:.]?\s*$",
    re.IGNORECASE,
)

# Family names that start a full name after a personal cue ("ông Trần Văn Bình") ...
FAMILY_NAMES = _words(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Lâm Trương
    Đoàn Mai Trịnh Cao Lưu Tô Hà Lương Tạ Châu Quách Thái Vương Kiều Từ Đào Chu Triệu Tăng Lục
    Âu Mạc Nông Lò Quàng Cầm Lường Giàng Thào Sùng Hứa Khổng Khúc Lã Mẫn Nghiêm Phí Phùng Tôn
    Doãn Diệp Hầu Hàn Tống Thạch Lại Ninh Bế Sầm Tiêu Trình"""
)
# ... and the most common ones, which alone mark a name in a petitioner's label.
COMMON_FAMILY_NAMES = _words(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trương"
)
# Middle names: a "full name" ending with one of them is not a full name (Nguyễn Văn ...).
MIDDLE_ONLY = frozenset({"Văn", "Thị"})
# Words allowed between an official title and a name: "Chủ tịch UBND xã Tân An Nguyễn Văn An".
ORG_WORDS = _words(
    """xã phường huyện tỉnh thành phố thị trấn sở ban phòng ủy nhân dân hội đồng đảng mặt trận
    tổ quốc và thôn khu công an quận văn đoàn thanh niên cựu chiến binh nông phụ nữ chi bộ
    mttq ubnd hđnd đu tu hu qu"""
)
_CUE = re.compile(
    r"(?<!\w)(?:(?:hộ gia đình|gia đình|hộ|vợ chồng|con|cháu|mẹ|bố|cha|vợ|chồng)"
    r"\s+(?:ông|bà|anh|chị)"
    r"|ông bà|anh chị|ông|bà|anh|chị|em|cháu|cụ|chú|cô|bác|dì|thím|mợ|hộ|gia đình|hộ gia đình"
    r"|công dân|người dân|cử tri)\s+(?=\w)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+")
# Words before a capitalised name that make it a place, a street or an organisation.
PLACE_WORDS = _words(
    """thôn xóm ấp bản làng buôn sóc tổ khu phố đường phường xã huyện quận tỉnh tp thành thị
    trấn chợ trường cầu kênh sông suối núi hồ cụm công ty htx hợp tác doanh nghiệp cơ sở nhà đình
    chùa đền miếu nghĩa trang bệnh viện trạm ngõ hẻm kiệt ngách dự án khu vực xứ đồng đảo vịnh
    lớp mẫu giáo tiểu học thcs thpt đại học cao đẳng tuyến quốc lộ tỉnh lộ đại lộ"""
)
OFFICIAL_TITLES = re.compile(
    r"(?:tổng bí thư|phó bí thư|bí thư|phó chủ tịch|chủ tịch|phó giám đốc|giám đốc|phó trưởng"
    r"|trưởng|phó chánh|chánh|thủ trưởng|phó thủ trưởng|chủ nhiệm|đại biểu|đồng chí|đ/c|đc"
    r"|thủ tướng|bộ trưởng|thứ trưởng|ủy viên|chỉ huy trưởng|cán bộ|công chức|kiểm sát viên"
    r"|thẩm phán|thanh tra viên|luật sư|bác sĩ|hiệu trưởng|tổ trưởng|thôn trưởng|trưởng thôn"
    r"|trưởng ban|phó ban|trưởng phòng|phó phòng|chánh văn phòng|phó chánh văn phòng)",
    re.IGNORECASE,
)
_TITLE_END = re.compile(rf"(?<!\w){OFFICIAL_TITLES.pattern}\s*$", re.IGNORECASE)
_TITLE_AFTER = re.compile(
    rf"^\s*(?:[,(–—-]|là)?\s*(?:nguyên\s+)?{OFFICIAL_TITLES.pattern}(?!\w)", re.IGNORECASE
)
_LAST_WORD = re.compile(r"[^\W_]+$")
FAMOUS = frozenset({"hồ chí minh", "võ nguyên giáp", "trần hưng đạo", "lê lợi", "nguyễn huệ"})

FIX = (
    "petitioners and other private persons are never identified in public records: remove it and "
    "refer to the person by a pseudonymous label such as 'Công dân thôn Đông'"
)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def normalise_name(name: str) -> str:
    return " ".join(_nfc(name).casefold().split())


def _mask_digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if len(digits) <= 5:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 5)}{digits[-2:]}"


def _mask_name(name: str) -> str:
    words = name.split()
    return " ".join([words[0], *(f"{w[0]}." for w in words[1:])])


def _mask_email(email: str) -> str:
    user, _, domain = email.partition("@")
    return f"{user[:1]}***@{domain}"


# -- finding ---------------------------------------------------------------------------------


def _excluded_number(text: str, start: int, end: int) -> bool:
    if _NOT_PERSONAL_AFTER.match(text, end):
        return True
    return bool(_NOT_PERSONAL_BEFORE.search(text[max(0, start - 40) : start]))


def _phones(text: str) -> Iterator[tuple[str, str, int]]:
    for match in _PHONE.finditer(text):
        number = match["number"]
        digits = re.sub(r"\D", "", number)
        if number.startswith(("+84", "(+84)", "(84)", "84")) and not number.startswith("0"):
            digits = "0" + digits[2:]
            if number.startswith("84") and not re.fullmatch(r"84[0-9]{9}", number):
                continue  # bare 84 without '+' only as one block (84912345678)
        mobile = len(digits) == 10 and digits[1] in "35789"
        landline = len(digits) == 11 and digits.startswith("02")
        if not (mobile or landline):
            continue
        if _excluded_number(text, match.start(), match.end()):
            continue
        yield "personal-phone", f"a phone number ({_mask_digits(number)})", match.start()


def _ids(text: str) -> Iterator[tuple[str, str, int]]:
    seen: set[int] = set()
    for match in _ID_CUE.finditer(text):
        digits = re.sub(r"\D", "", match["number"])
        if len(digits) in (9, 12):
            seen.add(match.start("number"))
            yield "personal-id", f"an ID number ({_mask_digits(digits)})", match.start("number")
    for match in _ID.finditer(text):
        if match.start() in seen or _excluded_number(text, match.start(), match.end()):
            continue
        number = match["number"]
        kind = "a citizen ID number (CCCD)" if len(number) == 12 else "an ID card number (CMND)"
        yield "personal-id", f"{kind} ({_mask_digits(number)})", match.start()


def _emails(text: str) -> Iterator[tuple[str, str, int]]:
    for match in _EMAIL.finditer(text):
        yield "personal-email", f"an email address ({_mask_email(match[0])})", match.start()


def _plates(text: str) -> Iterator[tuple[str, str, int]]:
    for match in _PLATE.finditer(text):
        plate = match["plate"]
        yield "personal-plate", f"a vehicle plate ({plate[:3]}…{plate[-2:]})", match.start()


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


def _name_at(text: str, start: int, families: frozenset[str]) -> tuple[str, int, int] | None:
    """The full name starting at START, if any: (name, start, end).

    A full name is a family name from FAMILIES and 1-3 capitalised syllables, one space apart.
    When more capitalised words follow (a title, a place), the name is taken as three words.
    """
    words: list[re.Match[str]] = []
    position = start
    while len(words) < 6:
        match = _WORD.match(text, position)
        if match is None or not _capitalised(match[0]):
            break
        words.append(match)
        position = match.end()
        if text[position : position + 1] != " ":
            break
        position += 1
    if len(words) > 4:
        words = words[:3]
    if len(words) < 2 or words[0][0] not in families:
        return None
    if any(len(w[0]) < 2 for w in words) or words[-1][0] in MIDDLE_ONLY:
        return None  # Nguyễn Văn A: an initial, not a name
    return " ".join(w[0] for w in words), words[0].start(), words[-1].end()


def _title_before(text: str, start: int) -> bool:
    """Whether an official title stands before START, with only organisation words between
    ("Chủ tịch UBND xã Tân An Nguyễn Văn An")."""
    head = text[max(0, start - 120) : start]
    while True:
        head = head.rstrip(" ,")
        if _TITLE_END.search(head):
            return True
        last = _LAST_WORD.search(head)
        if last is None:
            return False
        word = last[0]
        if not (_capitalised(word) or word.isupper() or word.casefold() in ORG_WORDS):
            return False
        head = head[: last.start()]


def _is_official(text: str, name: str, start: int, end: int, allowed: Container[str]) -> bool:
    # The list of officials last: it may be a lookup over the whole repository
    # (`danbiet.checks.Officials`), needed only when nothing around the name tells.
    if normalise_name(name) in FAMOUS or _TITLE_AFTER.match(text[end : end + 60]):
        return True
    return _title_before(text, start) or normalise_name(name) in allowed


def _after_place_word(text: str, start: int) -> bool:
    before = text[max(0, start - 30) : start].casefold().split()
    return bool(before) and before[-1].strip(",.;:()") in PLACE_WORDS


def _names(text: str, allowed: Container[str], label: bool) -> Iterator[tuple[str, str, int]]:
    found: set[int] = set()
    for cue in _CUE.finditer(text):
        hit = _name_at(text, cue.end(), FAMILY_NAMES)
        if hit is None or hit[1] in found:
            continue
        name, start, end = hit
        if _is_official(text, name, start, end, allowed):
            continue
        found.add(start)
        yield "personal-name", f"the name of a person ({_mask_name(name)})", start
    if not label:
        return
    for word in _WORD.finditer(text):
        if word.start() in found or word[0] not in COMMON_FAMILY_NAMES:
            continue
        if word.start() > 0 and text[word.start() - 1] not in " ,;:(\"'":
            continue
        hit = _name_at(text, word.start(), COMMON_FAMILY_NAMES)
        if hit is None:
            continue
        name, start, end = hit
        if _after_place_word(text, start) or _is_official(text, name, start, end, allowed):
            continue
        found.add(start)
        yield "personal-name", f"the name of a person ({_mask_name(name)})", start


def scan_text(
    text: str,
    allowed_names: Container[str] | None = None,
    *,
    label: bool = False,
    names: bool = True,
) -> list[tuple[str, str, int]]:
    """Personal data in TEXT: (code, what was found (masked), offset in the NFC text).
    ALLOWED_NAMES: normalised names of officials (anything that answers `in`)."""
    text = _nfc(text)
    allowed: Container[str] = allowed_names if allowed_names is not None else set()
    out: list[tuple[str, str, int]] = []
    out.extend(_phones(text))
    out.extend(_ids(text))
    out.extend(_emails(text))
    out.extend(_plates(text))
    if names:
        out.extend(_names(text, allowed, label))
    # One finding per place: a number read as a phone is not also an ID.
    unique: dict[int, tuple[str, str, int]] = {}
    for item in sorted(out, key=lambda f: f[2]):
        unique.setdefault(item[2], item)
    return list(unique.values())


# -- records -----------------------------------------------------------------------------------


def _strings(value: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _role(path: PathKey) -> tuple[Any, str]:
    """(the parent key, ignoring positions, or (); the last key) of PATH."""
    keys = [p for p in path if isinstance(p, str)]
    if not keys:
        return (), ""
    return (keys[-2] if len(keys) > 1 else ()), keys[-1]


def official_names(data: Any) -> set[str]:
    """Normalised names of the officials a record names: chairs, notice signers, plan heads."""
    out: set[str] = set()
    for path, value in _strings(data):
        if _role(path) in OFFICIAL_NAME_FIELDS:
            head = re.split(r"[,(;–—]| - ", value, maxsplit=1)[0]
            if head.strip():
                out.add(normalise_name(head))
    return out


def _line(document: Document, lines: list[str], path: PathKey, value: str, found: str) -> int:
    start = document.line_of(path) or 1
    fragment = found.split("\n", 1)[0][:20]
    span = value.count("\n") + 3
    for number in range(start, min(len(lines), start + span) + 1):
        if fragment and fragment in _nfc(lines[number - 1]):
            return number
    return start


def scan_document(
    rel: str,
    document: Document,
    text: str,
    allowed_names: Container[str],
    record_id: str | None = None,
    only: set[PathKey] | None = None,
) -> list[Problem]:
    """Personal data in every text value of one record file (or only under the paths ONLY)."""
    problems: list[Problem] = []
    lines = text.splitlines()
    for path, value in _strings(document.data):
        if only is not None and not any(path[: len(prefix)] == prefix for prefix in only):
            continue
        role = _role(path)
        label = role in LABEL_FIELDS
        names = role not in OFFICIAL_NAME_FIELDS
        nfc = _nfc(value)
        for code, what, offset in scan_text(nfc, allowed_names, label=label, names=names):
            field = dotted(path)
            snippet = nfc[offset : offset + 12]
            problems.append(
                Problem(
                    code,
                    f"{field} contains {what}; {FIX}",
                    rel,
                    _line(document, lines, path, nfc, snippet),
                    field,
                    record_id,
                )
            )
    return problems
