# ruff: noqa: E501 -- the Vietnamese text templates below are data; wrapping them hurts reading.
"""Bootstrap the demo content of danbiet: Tỉnh An Lạc, a fictional province.

This script is the ONE-OFF BOOTSTRAP of the demo records in content/units, content/plans,
content/conferences and content/reports. It was run once to write them; from then on the YAML
files under content/ are the source of truth and are edited like any other record (by pull
request, append-only once published). Running it again rewrites those four folders from scratch
(deterministically: random.Random(2026)) and throws away every later edit, so do not.

Everything is fictional: the province, its communes and wards, the officials' names and every
petition. Petitioners carry pseudonymous labels only ("Công dân thôn Đông"); no petition text holds
a person's name, address, phone number, identity number or e-mail.

The province follows the two-tier structure in force from 1 July 2025: the province, its
departments (sở) and its communes/wards (xã, phường); one former district (huyện Phú Lạc, ended
30 June 2025, succeeded by xã Tân An) is kept for history. Three rule profiles are used:
qd-son-la (the province, four departments, two communes), kl-116-bac-giang (three communes and the
former district) and hd-2023-thanh-uy (three wards and Sở Nội vụ).

The demo is meant to be judged as of AS_OF = 2026-11-20 and shows every obligation state. See
SCENARIOS below (and the printed summary) for which conference demonstrates which situation.
Deadlines are counted with danbiet.workdays.Calendar (content/calendar) when it can be imported,
else with Monday–Friday minus the `holidays` package's Vietnamese holidays; every deliberate
"on time" or "late" case keeps a margin of at least two days from its threshold.

Usage, from the repository root inside the project's virtual environment:

    python scripts/make_demo.py
"""

from __future__ import annotations

import random
import re
import shutil
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
OUTPUTS = ("units", "plans", "conferences", "reports")
AS_OF = date(2026, 11, 20)
SEED = 2026
SITE = "https://an-lac.example.gov.vn"
ONE_DAY = timedelta(days=1)
MERGER = date(2025, 7, 1)  # the two-tier structure starts

FIELDS = (
    "dat-dai",
    "giai-phong-mat-bang",
    "moi-truong",
    "an-sinh-xa-hoi",
    "viec-lam",
    "y-te",
    "giao-duc",
    "giao-thong",
    "nong-nghiep",
    "khieu-nai-to-cao",
    "hanh-chinh",
    "an-ninh-trat-tu",
    "van-hoa",
    "khac",
)
FIELD_NAMES = {
    "dat-dai": "đất đai",
    "giai-phong-mat-bang": "bồi thường, giải phóng mặt bằng",
    "moi-truong": "môi trường",
    "an-sinh-xa-hoi": "an sinh xã hội",
    "viec-lam": "việc làm",
    "y-te": "y tế",
    "giao-duc": "giáo dục",
    "giao-thong": "giao thông, hạ tầng",
    "nong-nghiep": "nông nghiệp",
    "khieu-nai-to-cao": "khiếu nại, tố cáo",
    "hanh-chinh": "thủ tục hành chính",
    "an-ninh-trat-tu": "an ninh, trật tự",
    "van-hoa": "văn hóa, xã hội",
    "khac": "các vấn đề khác",
}
# How often each field comes up in a periodic (định kỳ) dialogue.
FIELD_WEIGHTS = {
    "dat-dai": 12,
    "giai-phong-mat-bang": 6,
    "moi-truong": 10,
    "an-sinh-xa-hoi": 9,
    "viec-lam": 5,
    "y-te": 6,
    "giao-duc": 6,
    "giao-thong": 12,
    "nong-nghiep": 7,
    "khieu-nai-to-cao": 4,
    "hanh-chinh": 8,
    "an-ninh-trat-tu": 6,
    "van-hoa": 6,
    "khac": 5,
}

# --- working days -----------------------------------------------------------------------------


class WorkCalendar:
    """Working days: danbiet.workdays.Calendar if importable, else Mon–Fri minus VN holidays."""

    def __init__(self, folder: Path) -> None:
        self.source = "holidays"
        self._working: Callable[[date], bool]
        try:
            sys.path.insert(0, str(ROOT / "scripts"))
            from danbiet.workdays import Calendar

            calendar = Calendar.load(folder)
            self._working = calendar.is_working_day
            self.source = "danbiet.workdays"
        except Exception:  # the package is not there yet: approximate
            import holidays

            off = set(holidays.country_holidays("VN", years=range(2024, 2028)))

            def working(day: date) -> bool:
                return day.weekday() < 5 and day not in off

            self._working = working

    def is_working(self, day: date) -> bool:
        return self._working(day)

    def after(self, day: date, n: int) -> date:
        """The n-th working day after `day` (`day` itself never counts)."""
        while n > 0:
            day += ONE_DAY
            if self.is_working(day):
                n -= 1
        return day

    def before(self, day: date, n: int) -> date:
        """The n-th working day before `day`."""
        while n > 0:
            day -= ONE_DAY
            if self.is_working(day):
                n -= 1
        return day

    def next_working(self, day: date) -> date:
        while not self.is_working(day):
            day += ONE_DAY
        return day

    def between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_working(day)
        return count


# --- units ------------------------------------------------------------------------------------


@dataclass
class Unit:
    id: str
    name: str
    level: str
    parent: str | None = None
    profile: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None
    website: str | None = None
    # generator-only attributes (not written)
    heads: dict[str, str] = field(default_factory=dict)  # chair role -> name
    places: list[str] = field(default_factory=list)  # thôn, bản, tổ dân phố
    roads: list[str] = field(default_factory=list)
    canals: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    code: str = "UBND"  # issuer code in document numbers

    @property
    def short(self) -> str:
        """The name inside a sentence: "xã Tân An", "Sở Y tế tỉnh An Lạc"."""
        if self.level in ("xa", "huyen", "tinh"):
            return self.name[0].lower() + self.name[1:]
        return self.name

    @property
    def base(self) -> str:
        """The place name without its kind: "Tân An"."""
        for prefix in ("Xã ", "Phường ", "Huyện ", "Tỉnh "):
            if self.name.startswith(prefix):
                return self.name.removeprefix(prefix)
        return self.name

    @property
    def is_ward(self) -> bool:
        return self.name.startswith("Phường")

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "level": self.level,
            "parent": self.parent,
            "profile": self.profile,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "successor": self.successor,
            "website": self.website,
        }


PROVINCE = "tinh-an-lac"
DEFAULT_ROADS = ["Quốc lộ 1C", "đường tỉnh 398", "đường tỉnh 401", "đường vành đai phía Đông"]
DEFAULT_CANALS = ["kênh N2", "kênh tiêu Bắc Lạc Giang", "mương Cầu Đen", "kênh tưới Đồng Sen"]
DEFAULT_PROJECTS = [
    "đường vành đai phía Đông",
    "mở rộng Quốc lộ 1C",
    "kè chống sạt lở sông Lạc Giang",
    "khu dân cư mới phía Bắc thành phố cũ",
]
INDUSTRIAL = ["cụm công nghiệp Phú Lạc", "khu công nghiệp Nam An Lạc", "cụm công nghiệp Long Hưng"]
PROCEDURES = [
    "đăng ký hộ kinh doanh",
    "cấp giấy phép xây dựng",
    "đăng ký biến động đất đai",
    "cấp phép khai thác nước mặt",
]

# (id, name, profile, places, roads, canals, projects, (bí thư, chủ tịch))
COMMUNES = [
    (
        "xa-tan-an",
        "Xã Tân An",
        "kl-116-bac-giang",
        ["thôn Đông", "thôn Trung", "thôn Bến Đò", "thôn Gò Mây", "thôn Tân Lập", "thôn Hòa Mỹ"],
        ["đường tỉnh 398", "đường trục xã", "đường liên xã Tân An – Phú Mỹ", "đường ĐH.12 cũ"],
        ["kênh N2", "mương Gò Mây", "kênh tiêu Bến Đò"],
        ["nâng cấp đường tỉnh 398", "khu dân cư mới Bắc Tân An", "cụm công nghiệp Phú Lạc"],
        ("Nguyễn Văn An", "Trịnh Thị Mai"),
    ),
    (
        "phuong-dong-hoa",
        "Phường Đông Hòa",
        "hd-2023-thanh-uy",
        ["tổ dân phố 2", "tổ dân phố 5", "tổ dân phố 7", "tổ dân phố 9", "khu phố Hòa Thuận"],
        ["đường Trần Hưng Đạo", "đường Nguyễn Trãi", "đường Lê Lợi", "đường Hai Bà Trưng"],
        ["mương thoát nước Hòa Thuận", "kênh tiêu Đông Hòa"],
        ["chỉnh trang đô thị trục Trần Hưng Đạo", "mở rộng đường Nguyễn Trãi"],
        ("Lý Văn Hòa", "Ngô Thị Bích Ngọc"),
    ),
    (
        "xa-phu-my",
        "Xã Phú Mỹ",
        "kl-116-bac-giang",
        ["thôn Mỹ Lộc", "thôn Phú Hậu", "thôn Đồng Cát", "thôn Bàu Sen", "thôn Mỹ Thạnh"],
        ["đường trục xã", "đường liên xã Tân An – Phú Mỹ", "đường ra đồng Bàu Sen"],
        ["mương tiêu Đồng Cát", "kênh tưới Bàu Sen", "kênh N4"],
        ["cụm công nghiệp Phú Mỹ", "đường vành đai phía Đông"],
        ("Phạm Văn Tuấn", "Cao Thị Hằng"),
    ),
    (
        "phuong-binh-minh",
        "Phường Bình Minh",
        "hd-2023-thanh-uy",
        ["tổ dân phố 1", "tổ dân phố 3", "tổ dân phố 6", "khu phố Bình An", "khu phố Minh Khai"],
        ["đường Quang Trung", "đường Lý Thường Kiệt", "đường Bình Minh 2"],
        ["mương thoát nước Bình An"],
        ["khu đô thị mới Bình Minh", "mở rộng đường Quang Trung"],
        ("Đinh Công Bảo", "Tạ Thị Phương"),
    ),
    (
        "xa-long-hung",
        "Xã Long Hưng",
        "qd-son-la",
        ["thôn Long Thạnh", "thôn Hưng Phú", "thôn Đồng Mới", "thôn Cây Đa", "thôn Long Bình"],
        ["đường tỉnh 401", "đường trục xã", "đường vào cụm công nghiệp Long Hưng"],
        ["kênh tưới Long Thạnh", "mương Cây Đa"],
        ["cụm công nghiệp Long Hưng", "đường tỉnh 401 đoạn tránh khu dân cư"],
        ("Dương Văn Lực", "Châu Thị Kim Oanh"),
    ),
    (
        "xa-yen-thuong",
        "Xã Yên Thượng",
        "kl-116-bac-giang",
        ["thôn Yên Lạc", "thôn Thượng", "thôn Đồng Vông", "thôn Khe Nước", "thôn Làng Chùa"],
        ["đường liên xã Yên Thượng – Suối Ngọc", "đường trục xã", "đường vào thôn Khe Nước"],
        ["suối Khe Nước", "mương Đồng Vông"],
        ["hồ chứa nước Khe Nước", "mở rộng đường liên xã Yên Thượng – Suối Ngọc"],
        ("Hà Văn Quý", "Lương Thị Thu"),
    ),
    (
        "phuong-nam-thanh",
        "Phường Nam Thành",
        "hd-2023-thanh-uy",
        ["tổ dân phố 4", "tổ dân phố 10", "tổ dân phố 12", "khu phố Nam Sơn"],
        ["đường Nguyễn Huệ", "đường Phan Bội Châu", "đường Nam Thành 1"],
        ["mương thoát nước Nam Sơn"],
        ["khu tái định cư Nam Thành", "chợ trung tâm Nam Thành"],
        ("Mai Xuân Trường", "Kiều Thị Hạnh"),
    ),
    (
        "xa-suoi-ngoc",
        "Xã Suối Ngọc",
        "qd-son-la",
        ["bản Suối Ngọc", "bản Nà Lường", "bản Co Muông", "bản Huổi Mây", "thôn Tân Tiến"],
        ["đường liên xã Yên Thượng – Suối Ngọc", "đường vào bản Huổi Mây", "đường trục xã"],
        ["suối Nậm Ngọc", "mương bản Co Muông"],
        ["hồ chứa nước Khe Nước", "đường vào bản Huổi Mây"],
        ("Lò Văn Pản", "Vì Văn Thắng"),
    ),
]

# (id, name, profile, valid_from, code, director)
DEPARTMENTS = [
    (
        "so-nong-nghiep-moi-truong",
        "Sở Nông nghiệp và Môi trường tỉnh An Lạc",
        "qd-son-la",
        date(2025, 3, 1),
        "SNNMT",
        "Nguyễn Đức Long",
    ),
    (
        "so-xay-dung",
        "Sở Xây dựng tỉnh An Lạc",
        "qd-son-la",
        date(2025, 3, 1),
        "SXD",
        "Phan Văn Cường",
    ),
    ("so-y-te", "Sở Y tế tỉnh An Lạc", "qd-son-la", None, "SYT", "Vũ Thị Hồng Nhung"),
    (
        "so-giao-duc-dao-tao",
        "Sở Giáo dục và Đào tạo tỉnh An Lạc",
        "qd-son-la",
        None,
        "SGDĐT",
        "Đặng Quang Huy",
    ),
    (
        "so-noi-vu",
        "Sở Nội vụ tỉnh An Lạc",
        "hd-2023-thanh-uy",
        date(2025, 3, 1),
        "SNV",
        "Bùi Thị Thanh Tâm",
    ),
]

# Agencies that receive assignments: (id, name, parent, division key, code)
AGENCIES = [
    (
        "ban-qlda-tinh-an-lac",
        "Ban Quản lý dự án đầu tư xây dựng tỉnh An Lạc",
        PROVINCE,
        "qlda",
        "BQLDA",
    ),
    ("van-phong-hdnd-ubnd-xa-tan-an", "Văn phòng HĐND và UBND xã Tân An", "xa-tan-an", "vp", "VP"),
    ("phong-kinh-te-xa-tan-an", "Phòng Kinh tế xã Tân An", "xa-tan-an", "kinh-te", "KT"),
    (
        "phong-van-hoa-xa-hoi-xa-tan-an",
        "Phòng Văn hóa - Xã hội xã Tân An",
        "xa-tan-an",
        "vhxh",
        "VHXH",
    ),
    (
        "phong-kinh-te-ha-tang-do-thi-phuong-dong-hoa",
        "Phòng Kinh tế, Hạ tầng và Đô thị phường Đông Hòa",
        "phuong-dong-hoa",
        "kinh-te",
        "KTHTĐT",
    ),
    (
        "phong-van-hoa-xa-hoi-phuong-dong-hoa",
        "Phòng Văn hóa - Xã hội phường Đông Hòa",
        "phuong-dong-hoa",
        "vhxh",
        "VHXH",
    ),
    ("phong-kinh-te-xa-phu-my", "Phòng Kinh tế xã Phú Mỹ", "xa-phu-my", "kinh-te", "KT"),
    ("phong-kinh-te-xa-long-hung", "Phòng Kinh tế xã Long Hưng", "xa-long-hung", "kinh-te", "KT"),
    (
        "trung-tam-phuc-vu-hanh-chinh-cong-xa-long-hung",
        "Trung tâm Phục vụ hành chính công xã Long Hưng",
        "xa-long-hung",
        "hcc",
        "TTPVHCC",
    ),
]

# Where a petition of a field goes inside a commune (division key) and the division's name.
COMMUNE_DIVISION = {
    "dat-dai": "kinh-te",
    "giai-phong-mat-bang": "kinh-te",
    "moi-truong": "kinh-te",
    "nong-nghiep": "kinh-te",
    "giao-thong": "kinh-te",
    "an-sinh-xa-hoi": "vhxh",
    "viec-lam": "vhxh",
    "y-te": "vhxh",
    "giao-duc": "vhxh",
    "van-hoa": "vhxh",
    "hanh-chinh": "hcc",
    "an-ninh-trat-tu": "ca",
    "khieu-nai-to-cao": "vp",
    "khac": "vp",
}
DIVISION_NAMES = {
    "kinh-te": "Phòng Kinh tế",
    "vhxh": "Phòng Văn hóa - Xã hội",
    "hcc": "Trung tâm Phục vụ hành chính công",
    "ca": "Công an",
    "vp": "Văn phòng HĐND và UBND",
}
DIVISION_CODES = {"kinh-te": "KT", "vhxh": "VHXH", "hcc": "TTPVHCC", "ca": "VP", "vp": "VP"}
DISTRICT_DIVISION = {
    "dat-dai": "Phòng Tài nguyên và Môi trường huyện",
    "giai-phong-mat-bang": "Trung tâm Phát triển quỹ đất huyện",
    "moi-truong": "Phòng Tài nguyên và Môi trường huyện",
    "nong-nghiep": "Phòng Nông nghiệp và Phát triển nông thôn huyện",
    "giao-thong": "Phòng Kinh tế và Hạ tầng huyện",
    "an-sinh-xa-hoi": "Phòng Lao động - Thương binh và Xã hội huyện",
    "viec-lam": "Phòng Lao động - Thương binh và Xã hội huyện",
    "y-te": "Phòng Y tế huyện",
    "giao-duc": "Phòng Giáo dục và Đào tạo huyện",
    "van-hoa": "Phòng Văn hóa và Thông tin huyện",
    "hanh-chinh": "Văn phòng HĐND và UBND huyện",
    "an-ninh-trat-tu": "Công an huyện",
    "khieu-nai-to-cao": "Thanh tra huyện",
    "khac": "Văn phòng HĐND và UBND huyện",
}
DEPARTMENT_DIVISION = {
    "so-nong-nghiep-moi-truong": {
        "dat-dai": "Chi cục Quản lý đất đai",
        "moi-truong": "Chi cục Bảo vệ môi trường",
        "nong-nghiep": "Chi cục Trồng trọt và Bảo vệ thực vật",
        "": "Văn phòng Sở",
    },
    "so-xay-dung": {
        "giao-thong": "Phòng Quản lý kết cấu hạ tầng giao thông",
        "an-sinh-xa-hoi": "Phòng Quản lý nhà và thị trường bất động sản",
        "hanh-chinh": "Phòng Quản lý xây dựng",
        "": "Văn phòng Sở",
    },
    "so-y-te": {"y-te": "Phòng Nghiệp vụ Y - Dược", "": "Văn phòng Sở"},
    "so-giao-duc-dao-tao": {
        "giao-duc": "Phòng Giáo dục phổ thông",
        "": "Phòng Kế hoạch - Tài chính",
    },
    "so-noi-vu": {
        "viec-lam": "Phòng Lao động - Việc làm",
        "an-sinh-xa-hoi": "Phòng Chính sách xã hội",
        "hanh-chinh": "Phòng Tổ chức bộ máy và Cải cách hành chính",
        "": "Văn phòng Sở",
    },
}
# The province assigns by field to these units (None: to the commune of the place concerned).
PROVINCE_ASSIGNEE = {
    "dat-dai": "so-nong-nghiep-moi-truong",
    "moi-truong": "so-nong-nghiep-moi-truong",
    "nong-nghiep": "so-nong-nghiep-moi-truong",
    "giai-phong-mat-bang": "ban-qlda-tinh-an-lac",
    "giao-thong": "so-xay-dung",
    "y-te": "so-y-te",
    "giao-duc": "so-giao-duc-dao-tao",
    "an-sinh-xa-hoi": "so-noi-vu",
    "viec-lam": "so-noi-vu",
    "hanh-chinh": "so-noi-vu",
    "an-ninh-trat-tu": None,
    "van-hoa": None,
    "khieu-nai-to-cao": None,
    "khac": None,
}
# Where a petition outside the chair's authority is forwarded: (from a commune, from above).
FORWARD = {
    "dat-dai": ("Sở Nông nghiệp và Môi trường tỉnh An Lạc", "Bộ Nông nghiệp và Môi trường"),
    "giai-phong-mat-bang": ("Ban Quản lý dự án đầu tư xây dựng tỉnh An Lạc", "UBND tỉnh An Lạc"),
    "moi-truong": ("Sở Nông nghiệp và Môi trường tỉnh An Lạc", "Bộ Nông nghiệp và Môi trường"),
    "an-sinh-xa-hoi": ("Sở Nội vụ tỉnh An Lạc", "Bảo hiểm xã hội tỉnh An Lạc"),
    "viec-lam": ("Bảo hiểm xã hội tỉnh An Lạc", "Bảo hiểm xã hội tỉnh An Lạc"),
    "y-te": ("Sở Y tế tỉnh An Lạc", "Bảo hiểm xã hội tỉnh An Lạc"),
    "giao-duc": ("Sở Giáo dục và Đào tạo tỉnh An Lạc", "UBND tỉnh An Lạc"),
    "giao-thong": ("Sở Xây dựng tỉnh An Lạc", "Khu Quản lý đường bộ (Cục Đường bộ Việt Nam)"),
    "nong-nghiep": ("Sở Nông nghiệp và Môi trường tỉnh An Lạc", "UBND tỉnh An Lạc"),
    "khieu-nai-to-cao": ("Thanh tra tỉnh An Lạc", "Tòa án nhân dân tỉnh An Lạc"),
    "hanh-chinh": ("Sở Nội vụ tỉnh An Lạc", "UBND tỉnh An Lạc"),
    "an-ninh-trat-tu": ("Công an tỉnh An Lạc", "Công an tỉnh An Lạc"),
    "van-hoa": (
        "Sở Văn hóa, Thể thao và Du lịch tỉnh An Lạc",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh An Lạc",
    ),
    "khac": ("Công ty Điện lực An Lạc", "Công ty Điện lực An Lạc"),
}
NOT_WITHIN = {"khieu-nai-to-cao": 0.35, "khac": 0.3, "viec-lam": 0.15}

# Places of the old (pre-July 2025) administrative map, used by conferences held before MERGER.
OLD_PLACES = [
    ("thôn Gò Mây", "xã Tân Hòa", "huyện Phú Lạc"),
    ("thôn Bến Đò", "xã Tân Hòa", "huyện Phú Lạc"),
    ("khu 3", "thị trấn Phú Lạc", "huyện Phú Lạc"),
    ("thôn Mỹ Lộc", "xã Phú Lạc Đông", "huyện Phú Lạc"),
    ("thôn Đông", "xã Tân An", "huyện Phú Lạc"),
    ("thôn Trung", "xã Tân An", "huyện Phú Lạc"),
    ("tổ dân phố 5", "phường Đông Hòa", "thành phố An Lạc"),
    ("tổ dân phố 3", "phường Bình Minh", "thành phố An Lạc"),
    ("thôn Long Thạnh", "xã Long Hưng", "huyện Sơn Ngọc"),
    ("bản Nà Lường", "xã Suối Ngọc", "huyện Sơn Ngọc"),
    ("thôn Yên Lạc", "xã Yên Thượng", "huyện Sơn Ngọc"),
]


def build_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}

    def add(unit: Unit) -> None:
        assert unit.id not in units, unit.id
        units[unit.id] = unit

    add(
        Unit(
            PROVINCE,
            "Tỉnh An Lạc",
            "tinh",
            profile="qd-son-la",
            website=SITE,
            heads={"bi-thu": "Trần Quốc Hưng", "chu-tich": "Lê Minh Khoa"},
            roads=DEFAULT_ROADS,
            canals=DEFAULT_CANALS,
            projects=DEFAULT_PROJECTS,
        )
    )
    for uid, name, profile, start, code, director in DEPARTMENTS:
        add(
            Unit(
                uid,
                name,
                "so-nganh",
                parent=PROVINCE,
                profile=profile,
                valid_from=start,
                website=f"{SITE}/{uid}",
                heads={"thu-truong": director},
                roads=DEFAULT_ROADS,
                canals=DEFAULT_CANALS,
                projects=DEFAULT_PROJECTS,
                code=code,
            )
        )
    for uid, name, profile, places, roads, canals, projects, (secretary, chair) in COMMUNES:
        add(
            Unit(
                uid,
                name,
                "xa",
                parent=PROVINCE,
                profile=profile,
                valid_from=MERGER,
                website=f"{SITE}/{uid}",
                heads={"bi-thu": secretary, "chu-tich": chair},
                places=places,
                roads=roads,
                canals=canals,
                projects=projects,
            )
        )
    add(
        Unit(
            "huyen-phu-lac",
            "Huyện Phú Lạc",
            "huyen",
            parent=PROVINCE,
            profile="kl-116-bac-giang",
            valid_to=date(2025, 6, 30),
            successor="xa-tan-an",
            heads={"bi-thu": "Đỗ Văn Thành", "chu-tich": "Hoàng Thị Lan"},
            roads=[
                "Quốc lộ 1C",
                "đường tỉnh 398",
                "đường huyện ĐH.12",
                "đường trục thị trấn Phú Lạc",
            ],
            canals=["kênh N2", "mương Gò Mây", "kênh tiêu Bến Đò"],
            projects=[
                "cụm công nghiệp Phú Lạc",
                "nâng cấp đường tỉnh 398",
                "đường vành đai phía Đông",
            ],
        )
    )
    for uid, name, parent, _division, code in AGENCIES:
        add(
            Unit(
                uid,
                name,
                "co-quan",
                parent=parent,
                valid_from=None if parent == PROVINCE else MERGER,
                code=code,
            )
        )
    add(
        Unit(
            "mttq-tinh-an-lac",
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh An Lạc",
            "to-chuc",
            parent=PROVINCE,
            code="MTTQ-BTT",
        )
    )
    for uid, name, *_rest in COMMUNES:
        add(
            Unit(
                f"mttq-{uid}",
                f"Ủy ban Mặt trận Tổ quốc Việt Nam {name[0].lower()}{name[1:]}",
                "to-chuc",
                parent=uid,
                valid_from=MERGER,
                code="MTTQ-BTT",
            )
        )
    return units


# --- petition texts ---------------------------------------------------------------------------
# Per field: (summary, resolved note, answer / explanation). Slots: {noi} the place, {thon} and
# {thon2} two places, {o_xa} ", xã ..." after them when the chair is above the commune, {xa} the
# commune, {duong} a road, {kenh} a canal, {duan} a project, {truong} a school, {tram} what a
# health station is named after, {cho} a market, {ccn} an industrial park, {so} and {so2}
# numbers, {nam} the year, {nam1} an earlier year, {thutuc} an administrative procedure.

TEMPLATES: dict[str, list[tuple[str, str, str]]] = {
    "dat-dai": [
        (
            "Đề nghị xem xét cấp Giấy chứng nhận quyền sử dụng đất cho {so} hộ dân {noi} đã sử dụng đất ổn định từ trước năm 2004; hồ sơ nộp từ năm {nam1} đến nay chưa được giải quyết.",
            "Đã rà soát, hoàn thiện hồ sơ và cấp Giấy chứng nhận quyền sử dụng đất cho các hộ đủ điều kiện; các hộ còn thiếu giấy tờ đã được hướng dẫn bổ sung.",
            "Các hộ sử dụng đất ổn định, không tranh chấp, phù hợp quy hoạch được xem xét cấp Giấy chứng nhận theo Luật Đất đai năm 2024; bộ phận một cửa hướng dẫn bổ sung giấy tờ còn thiếu và giải quyết theo thứ tự hồ sơ.",
        ),
        (
            "Phản ánh một số hộ lấn chiếm đất hành lang {duong} đoạn qua {noi} để dựng lều quán, đề nghị kiểm tra, xử lý.",
            "Đã kiểm tra hiện trường, lập biên bản; các hộ đã tự tháo dỡ lều quán, trả lại mặt bằng hành lang đường.",
            "Địa phương đã có kế hoạch ra quân lập lại trật tự hành lang đường trong tháng; trường hợp không tự tháo dỡ sẽ bị xử phạt và buộc khôi phục hiện trạng.",
        ),
        (
            "Đề nghị giải quyết dứt điểm tranh chấp ranh giới đất ở giữa hai hộ gia đình ở {noi} đã kéo dài nhiều năm.",
            "Đã tổ chức hòa giải; hai hộ thống nhất mốc ranh giới theo bản đồ địa chính và ký biên bản hòa giải thành.",
            "Tranh chấp đất đai phải được hòa giải tại UBND cấp xã trước; nếu hòa giải không thành, các bên được hướng dẫn gửi đơn đến cơ quan có thẩm quyền theo Luật Đất đai.",
        ),
        (
            "Kiến nghị cho phép chuyển mục đích sử dụng đất vườn liền kề sang đất ở cho các hộ có nhu cầu tách hộ ở {noi}.",
            "Khu vực đã được bổ sung vào kế hoạch sử dụng đất năm {nam}; đã hướng dẫn các hộ lập hồ sơ và cho phép chuyển mục đích đối với hồ sơ đủ điều kiện.",
            "Việc chuyển mục đích phải phù hợp kế hoạch sử dụng đất hằng năm; địa phương sẽ đề xuất bổ sung khu vực này vào kế hoạch sử dụng đất năm sau.",
        ),
        (
            "Phản ánh diện tích ghi trên Giấy chứng nhận đã cấp của nhiều hộ {noi} chênh lệch so với kết quả đo đạc bản đồ địa chính mới, đề nghị chỉnh lý.",
            "Đã đo đạc kiểm tra, chỉnh lý biến động và cấp đổi Giấy chứng nhận theo diện tích thực tế cho các hộ có đề nghị.",
            "Trường hợp ranh giới thửa đất không thay đổi, người sử dụng đất được cấp đổi Giấy chứng nhận theo số liệu đo đạc mới; hồ sơ nộp tại Trung tâm Phục vụ hành chính công.",
        ),
        (
            "Đề nghị công khai quy hoạch sử dụng đất và danh mục các khu đất dự kiến đấu giá quyền sử dụng đất tại {noi}.",
            "Đã niêm yết công khai quy hoạch, kế hoạch sử dụng đất và danh mục khu đất đấu giá tại trụ sở, nhà văn hóa và trên cổng thông tin điện tử.",
            "Quy hoạch, kế hoạch sử dụng đất đã được công khai trên cổng thông tin điện tử; địa phương sẽ niêm yết bổ sung tại nhà văn hóa để người dân tiện theo dõi.",
        ),
    ],
    "giai-phong-mat-bang": [
        (
            "Đề nghị công khai đơn giá bồi thường đất nông nghiệp và tài sản trên đất của dự án {duan}; người dân {noi} cho rằng đơn giá thấp hơn giá chuyển nhượng thực tế.",
            "Đã niêm yết công khai phương án bồi thường, bảng giá đất cụ thể và tổ chức họp giải thích cho các hộ; điều chỉnh đơn giá cây trồng theo kết quả kiểm đếm bổ sung.",
            "Giá đất bồi thường được xác định theo giá đất cụ thể do UBND tỉnh quyết định tại thời điểm thu hồi; phương án bồi thường được niêm yết công khai để người dân góp ý trước khi phê duyệt.",
        ),
        (
            "Đề nghị sớm chi trả tiền hỗ trợ chuyển đổi nghề và tìm kiếm việc làm cho {so} hộ {noi} bị thu hồi đất nông nghiệp thuộc dự án {duan}.",
            "Đã phê duyệt kinh phí và chi trả tiền hỗ trợ chuyển đổi nghề cho các hộ đủ điều kiện.",
            "Kinh phí hỗ trợ đã được bố trí; tổ chức làm nhiệm vụ bồi thường sẽ chi trả sau khi hoàn tất thẩm định hồ sơ từng hộ.",
        ),
        (
            "Đề nghị bố trí tái định cư tại chỗ cho các hộ {noi} bị thu hồi toàn bộ đất ở thuộc dự án {duan}, không chuyển đến khu tái định cư xa nơi sinh sống.",
            "Đã điều chỉnh quy hoạch chi tiết, bố trí thêm {so} lô tái định cư liền kề khu dân cư cũ và tổ chức bốc thăm giao đất cho các hộ.",
            "Chủ đầu tư đang rà soát quỹ đất liền kề để bố trí tái định cư tại chỗ; kết quả sẽ được thông báo trước khi phê duyệt phương án.",
        ),
        (
            "Phản ánh việc kiểm đếm cây trồng, công trình phụ trên đất của các hộ {noi} thuộc dự án {duan} còn thiếu sót, đề nghị kiểm đếm lại.",
            "Đã kiểm đếm bổ sung với sự tham gia của đại diện Ban công tác Mặt trận khu dân cư và phê duyệt phương án bồi thường bổ sung.",
            "Hội đồng bồi thường sẽ kiểm đếm lại có sự chứng kiến của hộ dân và Ban công tác Mặt trận; phần thiếu sót được bổ sung vào phương án.",
        ),
        (
            "Đề nghị hoàn trả hệ thống mương tưới và đường ra đồng {noi} bị hư hỏng trong quá trình thi công dự án {duan}.",
            "Nhà thầu đã hoàn trả mương tưới và đường ra đồng; công trình được nghiệm thu với sự tham gia của đại diện người dân.",
            "Chủ đầu tư cam kết hoàn trả mương tưới, đường ra đồng trước vụ sản xuất tới; địa phương sẽ giám sát việc thực hiện.",
        ),
        (
            "Kiến nghị thu hồi luôn phần đất nông nghiệp còn lại quá nhỏ, không thể canh tác của các hộ {noi} sau khi bị thu hồi đất cho dự án {duan}.",
            "Đã thu hồi bổ sung phần diện tích còn lại không đủ điều kiện canh tác theo đề nghị của các hộ và bồi thường theo quy định.",
            "Phần diện tích còn lại nhỏ hơn diện tích tối thiểu được xem xét thu hồi bổ sung nếu người sử dụng đất có đề nghị.",
        ),
    ],
    "moi-truong": [
        (
            "Phản ánh trại chăn nuôi lợn tại {noi} xả nước thải chưa qua xử lý ra mương chung, gây mùi hôi và ô nhiễm nguồn nước.",
            "Đã kiểm tra, xử phạt vi phạm hành chính và yêu cầu chủ trại cải tạo hầm biogas, bể lắng; kiểm tra lại không còn xả thải ra mương.",
            "Cơ quan chuyên môn sẽ kiểm tra đột xuất trong tuần; nếu vi phạm sẽ xử phạt, buộc khắc phục và đình chỉ hoạt động nếu tái phạm.",
        ),
        (
            "Đề nghị tăng tần suất thu gom rác thải sinh hoạt {noi}; hiện rác chỉ được thu gom 2 lần/tuần, ùn ứ tại các điểm tập kết.",
            "Đã điều chỉnh hợp đồng dịch vụ, tăng tần suất thu gom lên hằng ngày và bố trí thêm thùng rác tại các điểm tập kết.",
            "Đơn vị thu gom sẽ tăng tần suất lên 4 lần/tuần từ tháng sau; đề nghị người dân phân loại rác tại nguồn và bỏ rác đúng giờ.",
        ),
        (
            "Phản ánh tình trạng đốt rơm rạ sau thu hoạch gây khói bụi ảnh hưởng khu dân cư {noi} và giao thông trên {duong}.",
            "Đã hỗ trợ chế phẩm vi sinh xử lý rơm rạ, tuyên truyền và tổ chức ký cam kết không đốt rơm rạ tại các khu dân cư.",
            "Địa phương sẽ hỗ trợ chế phẩm vi sinh để ủ rơm rạ làm phân bón và tăng cường tuyên truyền, nhắc nhở.",
        ),
        (
            "Phản ánh xưởng sản xuất ván ép tại {noi} hoạt động cả ban đêm, gây tiếng ồn và bụi, đề nghị kiểm tra giấy phép môi trường.",
            "Đã kiểm tra, xử phạt do chưa có giấy phép môi trường; cơ sở đã dừng hoạt động ban đêm và lắp đặt hệ thống lọc bụi.",
            "Đoàn kiểm tra liên ngành sẽ kiểm tra hồ sơ môi trường và đo tiếng ồn tại cơ sở; kết quả được thông báo công khai.",
        ),
        (
            "Đề nghị nạo vét {kenh} đoạn qua {noi} bị bồi lấp, bèo và rác thải gây ô nhiễm, ngập úng khi mưa lớn.",
            "Đã nạo vét, vớt bèo và thu gom rác trên toàn tuyến; lắp biển cấm đổ rác xuống lòng kênh.",
            "Việc nạo vét đã được đưa vào kế hoạch thủy lợi mùa khô; trước mắt địa phương tổ chức ra quân vớt bèo, thu gom rác.",
        ),
        (
            "Phản ánh việc khai thác cát trái phép trên sông Lạc Giang đoạn qua {noi} vào ban đêm, gây sạt lở bờ sông.",
            "Đã phối hợp Công an tuần tra, bắt giữ phương tiện khai thác trái phép và xử phạt theo quy định; tình trạng khai thác trái phép đã chấm dứt.",
            "Tổ công tác liên ngành sẽ tăng cường tuần tra ban đêm; người dân phát hiện vi phạm báo ngay qua đường dây nóng của Công an.",
        ),
    ],
    "an-sinh-xa-hoi": [
        (
            "Đề nghị xem xét công nhận hộ cận nghèo cho một số hộ {noi} có hoàn cảnh khó khăn nhưng chưa có tên trong danh sách rà soát năm {nam1}.",
            "Đã rà soát bổ sung, công nhận {so2} hộ cận nghèo đủ tiêu chí; các hộ còn lại được giải thích rõ lý do.",
            "Việc công nhận hộ cận nghèo thực hiện theo chuẩn nghèo đa chiều qua rà soát định kỳ; hộ có biến cố được rà soát đột xuất theo đề nghị của khu dân cư.",
        ),
        (
            "Đề nghị giải quyết trợ cấp hằng tháng cho người cao tuổi từ đủ 75 tuổi trở lên {noi} không có lương hưu, trợ cấp bảo hiểm xã hội.",
            "Đã lập danh sách, phê duyệt và chi trả trợ cấp hưu trí xã hội hằng tháng cho các trường hợp đủ điều kiện.",
            "Người từ đủ 75 tuổi không có lương hưu, trợ cấp bảo hiểm xã hội hằng tháng được hưởng trợ cấp hưu trí xã hội từ ngày 01/7/2025; gia đình nộp tờ khai tại Trung tâm Phục vụ hành chính công.",
        ),
        (
            "Đề nghị hỗ trợ sửa chữa nhà ở cho hộ nghèo, hộ gia đình chính sách có nhà dột nát {noi} trong chương trình xóa nhà tạm, nhà dột nát.",
            "Đã hỗ trợ kinh phí và huy động ngày công sửa chữa nhà cho các hộ; công trình đã hoàn thành, bàn giao đưa vào sử dụng.",
            "Các hộ đã có trong danh sách hỗ trợ đợt tới; địa phương phối hợp Mặt trận vận động thêm nguồn xã hội hóa để khởi công trước mùa mưa.",
        ),
        (
            "Phản ánh chậm chi trả trợ cấp cho người khuyết tật {noi} sau khi chuyển địa bàn quản lý do sắp xếp đơn vị hành chính.",
            "Đã hoàn tất chuyển hồ sơ và chi trả đủ tiền trợ cấp các tháng còn chậm qua tài khoản của người hưởng.",
            "Việc chậm chi trả do chuyển giao hồ sơ giữa các đơn vị; địa phương cam kết chi trả truy lĩnh đủ các tháng còn thiếu trong tháng này.",
        ),
        (
            "Đề nghị xem xét hồ sơ hưởng chế độ đối với cựu thanh niên xung phong {noi} đã nộp từ năm {nam1} nhưng chưa có kết quả.",
            "Đã thẩm định, trình cấp có thẩm quyền và có quyết định hưởng trợ cấp một lần cho các trường hợp đủ điều kiện.",
            "Hồ sơ đang được thẩm định; một số hồ sơ còn thiếu giấy tờ chứng minh thời gian tham gia, cán bộ chính sách sẽ hướng dẫn bổ sung.",
        ),
        (
            "Kiến nghị hỗ trợ học phí, đồ dùng học tập cho trẻ mồ côi và trẻ có hoàn cảnh đặc biệt khó khăn ở {noi}.",
            "Đã xét duyệt hỗ trợ theo chính sách và vận động quỹ khuyến học trao học bổng, đồ dùng học tập cho các em trước năm học mới.",
            "Trẻ mồ côi thuộc diện bảo trợ xã hội được hưởng trợ cấp hằng tháng và chính sách hỗ trợ học tập; địa phương hướng dẫn gia đình lập hồ sơ.",
        ),
    ],
    "viec-lam": [
        (
            "Đề nghị mở lớp đào tạo nghề ngắn hạn (may công nghiệp, sửa chữa máy nông nghiệp) cho lao động nông thôn {noi}.",
            "Đã phối hợp cơ sở giáo dục nghề nghiệp mở lớp may công nghiệp tại địa phương; học viên được hỗ trợ học phí và giới thiệu việc làm.",
            "Địa phương sẽ đăng ký nhu cầu đào tạo nghề với Sở Nội vụ để mở lớp trong quý tới; lao động có nhu cầu đăng ký tại khu dân cư.",
        ),
        (
            "Đề nghị hỗ trợ vay vốn giải quyết việc làm cho thanh niên {noi} hoàn thành nghĩa vụ quân sự trở về địa phương.",
            "Ngân hàng Chính sách xã hội đã giải ngân vốn vay giải quyết việc làm cho {so2} hồ sơ đủ điều kiện.",
            "Thanh niên hoàn thành nghĩa vụ quân sự được vay vốn ưu đãi tạo việc làm; hồ sơ nộp qua tổ tiết kiệm và vay vốn ở khu dân cư.",
        ),
        (
            "Phản ánh một doanh nghiệp trong {ccn} chậm đóng bảo hiểm xã hội cho người lao động nhiều tháng.",
            "Cơ quan chức năng đã làm việc với doanh nghiệp; doanh nghiệp đã nộp đủ số tiền bảo hiểm xã hội còn nợ và cam kết đóng đúng hạn.",
            "Nội dung đã được ghi nhận; cơ quan bảo hiểm xã hội sẽ kiểm tra, đôn đốc và xử lý theo quy định nếu doanh nghiệp cố tình chậm đóng.",
        ),
        (
            "Đề nghị tổ chức phiên giao dịch việc làm tại {xa} để lao động trung tuổi tiếp cận nhu cầu tuyển dụng của doanh nghiệp.",
            "Đã tổ chức phiên giao dịch việc làm lưu động với {so} doanh nghiệp tham gia tuyển dụng.",
            "Trung tâm Dịch vụ việc làm tỉnh sẽ tổ chức phiên giao dịch lưu động tại địa phương trong quý tới.",
        ),
        (
            "Đề nghị ưu tiên tuyển dụng lao động {noi} có đất bị thu hồi vào làm việc tại các nhà máy trong {ccn}.",
            "Đã tổ chức hội nghị kết nối; các doanh nghiệp cam kết ưu tiên và đã tuyển dụng {so} lao động địa phương.",
            "Địa phương đã đề nghị các doanh nghiệp ưu tiên tuyển dụng lao động có đất bị thu hồi và sẽ tổ chức kết nối trực tiếp.",
        ),
        (
            "Kiến nghị tuyên truyền, hỗ trợ thủ tục cho người lao động {noi} đi làm việc ở nước ngoài theo hợp đồng để tránh bị lừa qua môi giới.",
            "Đã tuyên truyền tại các khu dân cư, công khai danh sách doanh nghiệp dịch vụ được cấp phép và hướng dẫn thủ tục cho người lao động.",
            "Người lao động chỉ ký hợp đồng với doanh nghiệp được cấp phép; danh sách được đăng trên cổng thông tin của Sở Nội vụ.",
        ),
    ],
    "y-te": [
        (
            "Đề nghị bố trí bác sĩ làm việc thường xuyên tại Trạm Y tế {tram}; hiện trạm chủ yếu có y sĩ và nữ hộ sinh.",
            "Đã luân phiên bác sĩ từ Trung tâm Y tế khu vực về khám, chữa bệnh tại trạm 3 ngày/tuần.",
            "Ngành y tế đang tuyển dụng bác sĩ cho tuyến xã; trước mắt sẽ luân phiên bác sĩ tuyến trên về trạm theo lịch cố định.",
        ),
        (
            "Phản ánh tình trạng thiếu thuốc bảo hiểm y tế tại Trung tâm Y tế khu vực, người bệnh {noi} phải tự mua thuốc bên ngoài.",
            "Đã hoàn thành mua sắm bổ sung; danh mục thuốc thiết yếu đã được cung ứng đủ.",
            "Việc thiếu thuốc do gói thầu mới chưa hoàn thành; ngành y tế chỉ đạo mua sắm bổ sung và hướng dẫn thanh toán cho người bệnh theo quy định.",
        ),
        (
            "Đề nghị sửa chữa, nâng cấp Trạm Y tế {tram} đã xuống cấp, mùa mưa bị dột.",
            "Đã sửa chữa mái, chống thấm và cải tạo phòng khám; công trình đã nghiệm thu đưa vào sử dụng.",
            "Trạm đã có trong danh mục sửa chữa năm nay; công trình sẽ được thi công sau khi hoàn tất thủ tục.",
        ),
        (
            "Đề nghị tăng cường phun hóa chất diệt muỗi, phòng chống sốt xuất huyết tại {noi} sau khi xuất hiện nhiều ca bệnh.",
            "Đã phun hóa chất diệt muỗi diện rộng và tổ chức chiến dịch diệt lăng quăng; số ca mắc mới giảm rõ rệt.",
            "Trạm Y tế sẽ phun hóa chất khu vực ổ dịch trong tuần; đề nghị người dân phối hợp diệt lăng quăng, bọ gậy tại gia đình.",
        ),
        (
            "Phản ánh các cơ sở bán thức ăn đường phố trước cổng {truong} không bảo đảm vệ sinh an toàn thực phẩm.",
            "Đã kiểm tra, nhắc nhở và xử phạt cơ sở vi phạm; sắp xếp lại khu vực bán hàng trước cổng trường.",
            "Đoàn kiểm tra liên ngành về an toàn thực phẩm sẽ kiểm tra đột xuất; nhà trường phối hợp tuyên truyền cho học sinh.",
        ),
        (
            "Đề nghị tổ chức khám sức khỏe định kỳ, lập hồ sơ sức khỏe điện tử cho người cao tuổi {noi}.",
            "Đã tổ chức khám sức khỏe và cập nhật hồ sơ sức khỏe điện tử cho người cao tuổi; kết quả được thông báo đến từng người.",
            "Trạm Y tế sẽ phối hợp Hội Người cao tuổi tổ chức khám sức khỏe theo lịch từng khu dân cư trong quý tới.",
        ),
    ],
    "giao-duc": [
        (
            "Đề nghị xây thêm phòng học cho {truong}; hiện một số lớp phải học tạm ở phòng chức năng.",
            "Đã phê duyệt chủ trương đầu tư và khởi công dãy phòng học mới; trong thời gian thi công bố trí phòng học tạm bảo đảm an toàn.",
            "Công trình đã có trong kế hoạch đầu tư công trung hạn; địa phương sẽ bố trí vốn để khởi công trong năm tới.",
        ),
        (
            "Phản ánh các khoản thu đầu năm học tại {truong} chưa được công khai, có khoản thu ngoài quy định.",
            "Đã kiểm tra, yêu cầu nhà trường công khai các khoản thu và hoàn trả khoản thu không đúng quy định cho phụ huynh.",
            "Các khoản thu phải được công khai và thực hiện theo nguyên tắc tự nguyện; cơ quan quản lý giáo dục sẽ kiểm tra việc thu, chi tại trường.",
        ),
        (
            "Đề nghị điều chỉnh tuyến tuyển sinh lớp 6 để học sinh {noi} được học tại trường gần nhà sau khi sắp xếp địa giới hành chính.",
            "Đã điều chỉnh kế hoạch tuyển sinh, cho phép học sinh khu vực đăng ký học tại trường gần nơi ở nhất.",
            "Kế hoạch tuyển sinh năm học tới sẽ điều chỉnh tuyến tuyển sinh theo khoảng cách thực tế từ nơi ở đến trường.",
        ),
        (
            "Đề nghị hỗ trợ tiền đi lại hoặc bố trí xe đưa đón cho học sinh {noi} có quãng đường đến trường trên 5 km.",
            "Đã xét duyệt hỗ trợ cho học sinh bán trú đủ điều kiện theo chính sách và vận động doanh nghiệp tài trợ xe đưa đón.",
            "Học sinh ở xa trường thuộc vùng khó khăn được hỗ trợ theo chính sách học sinh bán trú; nhà trường lập danh sách đề nghị.",
        ),
        (
            "Đề nghị sớm đưa vào sử dụng nhà ăn bán trú của {truong} đã thi công xong từ năm {nam1}.",
            "Đã nghiệm thu, bàn giao và đưa nhà ăn bán trú vào sử dụng từ đầu học kỳ.",
            "Công trình đang hoàn tất thủ tục nghiệm thu phòng cháy, chữa cháy; dự kiến đưa vào sử dụng trong tháng tới.",
        ),
        (
            "Kiến nghị bổ sung giáo viên tiếng Anh, tin học cho các trường tiểu học trên địa bàn {noi} để dạy đủ chương trình mới.",
            "Đã bổ sung chỉ tiêu tuyển dụng và bố trí giáo viên tiếng Anh, tin học dạy liên trường.",
            "Ngành giáo dục đang tuyển dụng bổ sung; trước mắt bố trí giáo viên dạy liên trường để bảo đảm chương trình.",
        ),
    ],
    "giao-thong": [
        (
            "Đề nghị sửa chữa tuyến đường nối {thon} với {thon2}{o_xa} bị sạt lở sau mưa lũ, xe máy đi lại nguy hiểm.",
            "Đã kè lại taluy, rải cấp phối và cắm biển cảnh báo; tuyến đường đã thông xe an toàn.",
            "Đoạn sạt lở đã được đưa vào danh mục khắc phục khẩn cấp; trước mắt địa phương cắm biển cảnh báo và bố trí người hướng dẫn giao thông.",
        ),
        (
            "Đề nghị lắp đèn chiếu sáng công cộng trên {duong} đoạn qua khu dân cư {noi}.",
            "Đã lắp đặt {so} cột đèn chiếu sáng năng lượng mặt trời trên đoạn đường qua khu dân cư.",
            "Địa phương sẽ lắp đèn chiếu sáng trong đợt đầu tư tới, ưu tiên các đoạn gần trường học và ngã ba.",
        ),
        (
            "Phản ánh xe tải chở vật liệu của dự án {duan} chạy quá tải làm hư hỏng đường giao thông tại {noi}.",
            "Đã lập biên bản, yêu cầu nhà thầu sửa chữa hoàn trả mặt đường và lắp barie hạn chế tải trọng.",
            "Chủ đầu tư phải sửa chữa hoàn trả mặt đường; lực lượng chức năng sẽ kiểm tra tải trọng xe ra vào công trường.",
        ),
        (
            "Đề nghị lắp biển báo, gờ giảm tốc tại điểm giao cắt giữa {duong} và đường vào {truong}.",
            "Đã lắp biển báo khu vực trường học, sơn vạch và gờ giảm tốc tại nút giao.",
            "Đơn vị quản lý đường sẽ khảo sát, lắp biển báo và gờ giảm tốc trước năm học mới.",
        ),
        (
            "Đề nghị xây cầu dân sinh qua {kenh} thay cầu tạm đã xuống cấp tại {noi}.",
            "Đã xây dựng hoàn thành cầu dân sinh bằng bê tông cốt thép từ nguồn vốn địa phương và đóng góp của Nhân dân.",
            "Cầu đã có trong danh mục đầu tư năm tới; trước mắt địa phương gia cố cầu tạm và cắm biển hạn chế tải trọng.",
        ),
        (
            "Đề nghị nâng cấp hệ thống thoát nước trên {duong} đoạn qua {noi} thường xuyên ngập sâu khi mưa lớn.",
            "Đã nạo vét, thay cống hộp và nâng cốt mặt đường đoạn trũng; đoạn đường không còn ngập.",
            "Dự án chống ngập đã được phê duyệt; trong thời gian chờ thi công, đơn vị quản lý sẽ nạo vét cống định kỳ.",
        ),
    ],
    "nong-nghiep": [
        (
            "Đề nghị hỗ trợ giống lúa chất lượng cao và tập huấn kỹ thuật sản xuất theo tiêu chuẩn VietGAP cho nông dân {noi}.",
            "Đã hỗ trợ giống lúa chất lượng cao cho cánh đồng mẫu và tổ chức 2 lớp tập huấn kỹ thuật VietGAP.",
            "Địa phương đã đăng ký hỗ trợ giống trong kế hoạch vụ tới; hợp tác xã sẽ tổ chức tập huấn trước khi gieo cấy.",
        ),
        (
            "Đề nghị kiên cố hóa {kenh} đoạn qua {noi} để chủ động nước tưới cho vụ Đông Xuân.",
            "Đã kiên cố hóa {so}0 m kênh mương nội đồng theo cơ chế Nhà nước hỗ trợ vật tư, Nhân dân góp công.",
            "Tuyến kênh được đưa vào kế hoạch kiên cố hóa năm tới theo cơ chế hỗ trợ xi măng; đề nghị khu dân cư họp dân thống nhất phương án góp công.",
        ),
        (
            "Phản ánh phân bón, thuốc bảo vệ thực vật kém chất lượng được bán trôi nổi tại {noi}.",
            "Đã kiểm tra các cửa hàng vật tư nông nghiệp, xử phạt và tịch thu hàng không rõ nguồn gốc.",
            "Đoàn kiểm tra chuyên ngành sẽ kiểm tra các điểm kinh doanh vật tư; người dân chỉ mua tại cơ sở có đăng ký kinh doanh.",
        ),
        (
            "Đề nghị hỗ trợ vắc xin tiêm phòng bệnh dịch tả lợn châu Phi và viêm da nổi cục trâu, bò cho các hộ chăn nuôi {noi}.",
            "Đã cấp vắc xin và tổ chức tiêm phòng đợt bổ sung cho đàn trâu, bò và lợn tại các khu dân cư.",
            "Vắc xin viêm da nổi cục được cấp theo chương trình của tỉnh; thú y sẽ tiêm phòng theo lịch từng khu dân cư.",
        ),
        (
            "Kiến nghị hỗ trợ xây dựng sản phẩm OCOP và tìm đầu ra ổn định cho bưởi, nhãn của nông dân {noi}.",
            "Đã hỗ trợ hợp tác xã hoàn thiện hồ sơ; sản phẩm được công nhận OCOP 3 sao và kết nối tiêu thụ với hệ thống siêu thị.",
            "Địa phương sẽ hỗ trợ hợp tác xã xây dựng nhãn hiệu, truy xuất nguồn gốc để tham gia Chương trình OCOP năm tới.",
        ),
        (
            "Đề nghị cho chuyển đổi diện tích trồng lúa kém hiệu quả tại {noi} sang trồng cây ăn quả, nuôi trồng thủy sản.",
            "Đã chấp thuận phương án chuyển đổi cơ cấu cây trồng trên đất trồng lúa cho các hộ đăng ký.",
            "Người dân đăng ký chuyển đổi theo mẫu tại UBND xã; việc chuyển đổi phải phù hợp kế hoạch chuyển đổi cơ cấu cây trồng được duyệt.",
        ),
    ],
    "khieu-nai-to-cao": [
        (
            "Khiếu nại quyết định thu hồi đất và phương án bồi thường của dự án {duan}, cho rằng việc xác định nguồn gốc đất của một hộ {noi} chưa đúng.",
            "Đã thụ lý, xác minh và ban hành quyết định giải quyết khiếu nại; công nhận một phần nội dung khiếu nại về nguồn gốc đất.",
            "Đơn khiếu nại đủ điều kiện thụ lý; cơ quan có thẩm quyền sẽ xác minh, đối thoại và ra quyết định giải quyết trong thời hạn luật định.",
        ),
        (
            "Tố cáo công chức có dấu hiệu gây khó khăn, nhũng nhiễu trong giải quyết hồ sơ đất đai của người dân {noi}.",
            "Đã xác minh nội dung tố cáo, kiểm điểm và điều chuyển công chức vi phạm; thông báo kết quả giải quyết tố cáo cho người tố cáo.",
            "Người chủ trì ghi nhận và giao xác minh; danh tính người tố cáo được giữ bí mật theo Luật Tố cáo.",
        ),
        (
            "Đề nghị xem xét lại kết quả giải quyết khiếu nại lần đầu về việc cưỡng chế công trình xây dựng tại {noi}.",
            "Đã rà soát hồ sơ, giữ nguyên quyết định giải quyết khiếu nại lần đầu và hướng dẫn quyền khiếu nại lần hai theo quy định.",
            "Người khiếu nại có quyền khiếu nại lần hai hoặc khởi kiện vụ án hành chính; bộ phận tiếp công dân sẽ hướng dẫn thủ tục.",
        ),
        (
            "Phản ánh đơn kiến nghị về chế độ chính sách của một công dân {noi} gửi nhiều lần nhưng quá thời hạn chưa được trả lời.",
            "Đã kiểm tra, xác định đơn bị chuyển sai nơi xử lý; đã trả lời công dân và chấn chỉnh công tác tiếp nhận đơn thư.",
            "Người chủ trì yêu cầu bộ phận tiếp nhận đơn thư kiểm tra ngay việc chậm trả lời và trả lời công dân bằng văn bản.",
        ),
        (
            "Tố cáo việc bình xét hộ nghèo ở {noi} thiếu công khai, có trường hợp không đúng đối tượng.",
            "Đã xác minh, đưa ra khỏi danh sách 2 hộ không đủ tiêu chuẩn và tổ chức bình xét lại công khai tại khu dân cư.",
            "Việc bình xét phải công khai tại hội nghị khu dân cư; địa phương sẽ thành lập tổ kiểm tra, xác minh danh sách.",
        ),
    ],
    "hanh-chinh": [
        (
            "Đề nghị hướng dẫn thủ tục điều chỉnh địa chỉ trên giấy tờ cá nhân, Giấy chứng nhận quyền sử dụng đất của người dân {noi} sau sắp xếp đơn vị hành chính.",
            "Đã ban hành hướng dẫn và niêm yết công khai; giấy tờ đã cấp tiếp tục có giá trị, chỉ điều chỉnh khi người dân có nhu cầu.",
            "Giấy tờ đã cấp vẫn có giá trị sử dụng, người dân không bắt buộc làm thủ tục thay đổi địa chỉ; việc điều chỉnh khi có nhu cầu được hướng dẫn tại bộ phận một cửa.",
        ),
        (
            "Phản ánh hồ sơ đăng ký biến động đất đai của người dân {noi} nộp tại Trung tâm Phục vụ hành chính công bị trễ hẹn trả kết quả.",
            "Đã giải quyết xong các hồ sơ trễ hẹn, gửi thư xin lỗi người dân và chấn chỉnh quy trình luân chuyển hồ sơ.",
            "Trung tâm sẽ rà soát toàn bộ hồ sơ trễ hẹn, thông báo lý do và thời gian trả kết quả mới cho từng người.",
        ),
        (
            "Đề nghị bố trí điểm tiếp nhận hồ sơ hoặc tổ lưu động cho người dân {noi} ở xa trụ sở sau sáp nhập.",
            "Đã bố trí điểm tiếp nhận hồ sơ tại trụ sở cũ và tổ hỗ trợ lưu động làm việc định kỳ 2 ngày/tuần.",
            "Địa phương sẽ duy trì điểm tiếp nhận tại trụ sở cũ vào thứ Ba, thứ Năm hằng tuần.",
        ),
        (
            "Đề nghị hỗ trợ người cao tuổi {noi} sử dụng dịch vụ công trực tuyến và kích hoạt tài khoản định danh điện tử mức 2.",
            "Tổ công nghệ số cộng đồng đã hỗ trợ tại nhà cho người cao tuổi kích hoạt tài khoản và nộp hồ sơ trực tuyến.",
            "Tổ công nghệ số cộng đồng ở từng khu dân cư sẽ hỗ trợ trực tiếp; người dân có thể đến Trung tâm Phục vụ hành chính công để được hướng dẫn.",
        ),
        (
            "Kiến nghị công khai thời gian giải quyết, phí và lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ tại {xa}.",
            "Đã niêm yết công khai quy trình, thời hạn, phí và lệ phí tại bộ phận một cửa và trên Cổng dịch vụ công.",
            "Thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ có thời hạn và mức phí được niêm yết tại bộ phận một cửa; cán bộ sẽ hướng dẫn cụ thể.",
        ),
        (
            "Phản ánh đã nộp hồ sơ trực tuyến khi làm thủ tục {thutuc} nhưng vẫn bị yêu cầu nộp lại bản giấy.",
            "Đã chấn chỉnh việc yêu cầu nộp bản giấy đối với hồ sơ trực tuyến hợp lệ; hồ sơ của người kiến nghị đã được trả kết quả.",
            "Hồ sơ nộp trực tuyến hợp lệ không phải nộp lại bản giấy; người chủ trì yêu cầu các bộ phận thực hiện nghiêm.",
        ),
    ],
    "an-ninh-trat-tu": [
        (
            "Phản ánh thanh thiếu niên tụ tập, đua xe trái phép vào ban đêm trên {duong} đoạn qua {noi}.",
            "Công an đã tổ chức tuần tra, xử lý các trường hợp vi phạm và thông báo về gia đình, nhà trường.",
            "Công an sẽ tăng cường tuần tra vào khung giờ từ 22 giờ đến 2 giờ sáng; đề nghị gia đình quản lý con em.",
        ),
        (
            "Đề nghị lắp camera giám sát an ninh tại các ngã ba, ngã tư trên địa bàn {noi}.",
            "Đã lắp đặt {so2} camera giám sát kết nối với Công an theo mô hình camera an ninh bằng nguồn xã hội hóa.",
            "Địa phương khuyến khích triển khai mô hình camera an ninh bằng nguồn xã hội hóa; Công an hướng dẫn kỹ thuật kết nối.",
        ),
        (
            "Phản ánh tình trạng cho vay nặng lãi, đòi nợ kiểu xã hội đen trên địa bàn {noi}.",
            "Công an đã điều tra, xử lý đối tượng cho vay lãi nặng và tổ chức tuyên truyền tại khu dân cư.",
            "Công an đã tiếp nhận thông tin và đang xác minh; người dân không vay tín dụng đen và báo ngay khi bị đe dọa.",
        ),
        (
            "Phản ánh tụ điểm nghi mua bán, sử dụng trái phép chất ma túy tại khu vực bãi sông thuộc {noi}.",
            "Công an đã triệt phá tụ điểm, xử lý đối tượng và đưa người nghiện đi cai nghiện theo quy định.",
            "Thông tin đã được chuyển Công an để xác minh, xử lý; danh tính người cung cấp thông tin được giữ bí mật.",
        ),
        (
            "Phản ánh nhiều người dân {noi} bị lừa đảo qua điện thoại, mạng xã hội giả danh cơ quan công an, đề nghị tăng cường tuyên truyền.",
            "Đã tuyên truyền qua loa truyền thanh, nhóm Zalo khu dân cư và các buổi sinh hoạt khu dân cư về các phương thức lừa đảo mới.",
            "Cơ quan công an không làm việc qua điện thoại hay mạng xã hội; người dân không chuyển tiền, không cung cấp mã OTP cho người lạ.",
        ),
        (
            "Đề nghị xử lý tình trạng lấn chiếm vỉa hè, lòng đường để buôn bán tại khu vực {cho}.",
            "Đã ra quân lập lại trật tự, bố trí lại khu vực buôn bán trong chợ và xử lý các trường hợp tái phạm.",
            "Địa phương sẽ ra quân lập lại trật tự khu vực chợ trong tháng này và duy trì kiểm tra thường xuyên.",
        ),
    ],
    "van-hoa": [
        (
            "Đề nghị đầu tư xây dựng lại nhà văn hóa {noi}; nhà văn hóa cũ xuống cấp, không đủ chỗ sinh hoạt.",
            "Đã hỗ trợ kinh phí, khởi công và hoàn thành nhà văn hóa mới với sự đóng góp của Nhân dân.",
            "Địa phương hỗ trợ một phần kinh phí theo cơ chế Nhà nước và Nhân dân cùng làm; đề nghị khu dân cư họp dân thống nhất mức đóng góp.",
        ),
        (
            "Đề nghị xây dựng sân thể thao, khu vui chơi cho trẻ em tại {noi}.",
            "Đã bố trí quỹ đất công và xây dựng sân thể thao đa năng, khu vui chơi cho trẻ em.",
            "Địa phương sẽ rà soát quỹ đất công để bố trí sân chơi; trước mắt cho sử dụng sân trường ngoài giờ học.",
        ),
        (
            "Đề nghị tu bổ ngôi đình trên địa bàn {noi} đã được xếp hạng di tích cấp tỉnh, hiện đang xuống cấp.",
            "Đã lập hồ sơ tu bổ cấp thiết và hoàn thành tu bổ mái, hệ thống cột của đình.",
            "Di tích sẽ được lập hồ sơ tu bổ cấp thiết; việc tu bổ phải theo quy định của Luật Di sản văn hóa.",
        ),
        (
            "Phản ánh tiếng ồn từ hoạt động hát karaoke của một số hộ gia đình {noi} sau 22 giờ.",
            "Đã nhắc nhở, xử phạt các trường hợp gây ồn sau 22 giờ; tình trạng đã giảm rõ rệt.",
            "Gây tiếng ồn sau 22 giờ là vi phạm quy định; Công an và khu dân cư sẽ kiểm tra, nhắc nhở và xử phạt.",
        ),
        (
            "Đề nghị hỗ trợ kinh phí duy trì câu lạc bộ dân ca và đội văn nghệ {noi}.",
            "Đã hỗ trợ kinh phí hoạt động và trang phục biểu diễn cho câu lạc bộ từ nguồn sự nghiệp văn hóa.",
            "Câu lạc bộ được hỗ trợ kinh phí hoạt động hằng năm theo quy định; đề nghị lập kế hoạch hoạt động gửi về UBND.",
        ),
        (
            "Đề nghị giữ tên gọi truyền thống của {noi} khi sắp xếp, đặt tên mới thôn, tổ dân phố sau sáp nhập.",
            "Phương án sắp xếp thôn, tổ dân phố đã giữ tên gọi truyền thống theo ý kiến của đa số cử tri.",
            "Việc đặt tên thôn, tổ dân phố mới sẽ lấy ý kiến cử tri; tên gọi truyền thống được ưu tiên giữ lại.",
        ),
    ],
    "khac": [
        (
            "Đề nghị sớm sử dụng trụ sở UBND xã cũ gần {noi} đang bỏ trống sau sáp nhập làm điểm sinh hoạt cộng đồng.",
            "UBND tỉnh đã đồng ý phương án chuyển trụ sở cũ thành điểm sinh hoạt cộng đồng và thư viện; đã bàn giao cho khu dân cư quản lý.",
            "Phương án sử dụng trụ sở dôi dư đang được trình UBND tỉnh; ý kiến của Nhân dân sẽ được tổng hợp vào phương án.",
        ),
        (
            "Phản ánh điện áp thấp, mất điện thường xuyên vào giờ cao điểm tại {noi}.",
            "Ngành điện đã lắp đặt thêm trạm biến áp và cải tạo đường dây hạ thế; điện áp đã ổn định.",
            "Nội dung đã được chuyển đến ngành điện; đơn vị điện lực sẽ khảo sát, bổ sung trạm biến áp.",
        ),
        (
            "Đề nghị mở rộng mạng lưới cấp nước sạch đến {noi}; người dân đang dùng nước giếng khoan nhiễm phèn.",
            "Đơn vị cấp nước đã mở rộng tuyến ống và đấu nối nước sạch cho các hộ có nhu cầu.",
            "Tuyến ống cấp nước đã có trong kế hoạch mở rộng; trong thời gian chờ, địa phương hướng dẫn người dân xử lý nước giếng.",
        ),
        (
            "Phản ánh sóng điện thoại di động, internet yếu tại {noi}, ảnh hưởng học tập trực tuyến và sử dụng dịch vụ công.",
            "Doanh nghiệp viễn thông đã lắp đặt thêm trạm phát sóng; chất lượng sóng đã được cải thiện.",
            "Địa phương đã đề nghị các doanh nghiệp viễn thông khảo sát, lắp thêm trạm phát sóng trong năm nay.",
        ),
        (
            "Đề nghị quy hoạch nghĩa trang nhân dân tập trung cho {noi} vì nghĩa trang cũ đã hết diện tích.",
            "Đã phê duyệt quy hoạch, giao đất mở rộng nghĩa trang nhân dân và ban hành quy chế quản lý nghĩa trang.",
            "Vị trí nghĩa trang mới đã được đưa vào quy hoạch chung; địa phương lấy ý kiến Nhân dân về phương án trước khi phê duyệt.",
        ),
        (
            "Ghi nhận thái độ phục vụ tốt của công chức bộ phận một cửa {xa}; đề nghị nhân rộng mô hình hỗ trợ người cao tuổi làm thủ tục tại nhà.",
            "Đã biểu dương công chức và nhân rộng mô hình hỗ trợ thủ tục hành chính tại nhà cho người cao tuổi, người khuyết tật.",
            "Người chủ trì ghi nhận, biểu dương và giao nhân rộng mô hình hỗ trợ người dân tại nhà.",
        ),
    ],
}

PROGRESS = {
    "dat-dai": [
        "Đang đo đạc hiện trạng, trích lục bản đồ địa chính để đối chiếu hồ sơ.",
        "Đã kiểm tra hiện trường; đang niêm yết công khai kết quả kiểm tra theo quy định.",
    ],
    "giai-phong-mat-bang": [
        "Đang phối hợp tổ chức làm nhiệm vụ bồi thường rà soát hồ sơ từng hộ.",
        "Đã họp với các hộ dân; đang trình thẩm định phương án bồi thường bổ sung.",
    ],
    "moi-truong": [
        "Đã kiểm tra hiện trường, lấy mẫu gửi phân tích; đang chờ kết quả quan trắc.",
        "Đang lập dự toán và lựa chọn đơn vị thực hiện.",
    ],
    "an-sinh-xa-hoi": [
        "Đang rà soát hồ sơ, lấy ý kiến khu dân cư về các trường hợp đề nghị.",
        "Đã lập danh sách, đang trình cấp có thẩm quyền phê duyệt.",
    ],
    "viec-lam": [
        "Đang khảo sát nhu cầu của người lao động và làm việc với các doanh nghiệp.",
        "Đã có văn bản đề nghị cơ quan liên quan phối hợp; đang chờ kết quả.",
    ],
    "y-te": [
        "Đang rà soát nhân lực, cơ sở vật chất và xây dựng phương án.",
        "Đã kiểm tra thực tế; đang lập dự toán kinh phí.",
    ],
    "giao-duc": [
        "Đang làm việc với nhà trường, rà soát hồ sơ và các khoản thu, chi.",
        "Đang lập hồ sơ đề xuất chủ trương đầu tư.",
    ],
    "giao-thong": [
        "Đã khảo sát hiện trường, đang lập dự toán sửa chữa.",
        "Đang lựa chọn nhà thầu thi công; dự kiến khởi công trong tháng tới.",
    ],
    "nong-nghiep": [
        "Đang tổng hợp nhu cầu của các hộ và xây dựng kế hoạch hỗ trợ.",
        "Đã khảo sát thực địa, đang lập phương án kỹ thuật.",
    ],
    "khieu-nai-to-cao": [
        "Đã thụ lý đơn, thành lập tổ xác minh.",
        "Đang xác minh, thu thập tài liệu và làm việc với các bên liên quan.",
    ],
    "hanh-chinh": [
        "Đang rà soát quy trình và các hồ sơ liên quan.",
        "Đã làm việc với bộ phận một cửa; đang hoàn thiện hướng dẫn.",
    ],
    "an-ninh-trat-tu": [
        "Công an đã tiếp nhận, đang xác minh và tăng cường tuần tra.",
        "Đang phối hợp các lực lượng xây dựng kế hoạch xử lý.",
    ],
    "van-hoa": [
        "Đang khảo sát, lập dự toán và vận động nguồn xã hội hóa.",
        "Đã kiểm tra thực tế, đang xây dựng phương án.",
    ],
    "khac": [
        "Đã có văn bản đề nghị đơn vị quản lý liên quan; đang chờ phương án.",
        "Đang khảo sát và tổng hợp ý kiến Nhân dân.",
    ],
}

LABELS = {
    "ca-nhan": ["Công dân {noi}", "Cử tri {noi}", "Một hộ dân {noi}", "Một người cao tuổi {noi}"],
    "nhom": ["Nhóm hộ dân {noi}", "Nhóm {so} hộ dân {noi}", "Nhóm cử tri {noi}"],
    "doanh-nghiep": [
        "Một doanh nghiệp xây dựng",
        "Một công ty thương mại dịch vụ",
        "Một doanh nghiệp chế biến gỗ",
    ],
    "to-chuc": [
        "Ban công tác Mặt trận {noi}",
        "Chi hội Nông dân {noi}",
        "Hội Cựu chiến binh {xa}",
        "Chi hội Phụ nữ {noi}",
    ],
}
FIELD_LABELS = {
    "giao-duc": {
        "ca-nhan": ["Một phụ huynh học sinh {truong}"],
        "nhom": ["Nhóm phụ huynh học sinh {truong}"],
        "to-chuc": ["Ban đại diện cha mẹ học sinh {truong}"],
    },
    "viec-lam": {
        "ca-nhan": ["Một công nhân {ccn}", "Một thanh niên {noi}"],
        "nhom": ["Nhóm công nhân {ccn}"],
        "doanh-nghiep": ["Một công ty may mặc tại {ccn}", "Một doanh nghiệp cơ khí tại {ccn}"],
        "to-chuc": ["Công đoàn cơ sở một công ty tại {ccn}", "Chi đoàn Thanh niên {noi}"],
    },
    "nong-nghiep": {
        "ca-nhan": ["Một nông dân {noi}"],
        "doanh-nghiep": ["Một doanh nghiệp chế biến nông sản", "Một đại lý vật tư nông nghiệp"],
        "to-chuc": ["Hợp tác xã dịch vụ nông nghiệp {noi}"],
    },
    "giai-phong-mat-bang": {
        "nhom": ["Các hộ có đất bị thu hồi {noi}"],
        "doanh-nghiep": ["Một doanh nghiệp có mặt bằng sản xuất bị thu hồi"],
    },
    "an-ninh-trat-tu": {
        "ca-nhan": ["Một hộ kinh doanh tại {cho}"],
        "nhom": ["Các hộ kinh doanh tại {cho}"],
        "doanh-nghiep": ["Một doanh nghiệp vận tải hành khách"],
    },
    "hanh-chinh": {
        "ca-nhan": ["Một hộ kinh doanh tại {cho}"],
        "doanh-nghiep": ["Một doanh nghiệp vận tải hành khách", "Một công ty tư vấn xây dựng"],
    },
    "van-hoa": {"to-chuc": ["Câu lạc bộ dân ca {noi}", "Hội Người cao tuổi {noi}"]},
    "an-sinh-xa-hoi": {
        "ca-nhan": ["Một người khuyết tật {noi}", "Một cựu thanh niên xung phong {noi}"],
        "to-chuc": ["Hội Chữ thập đỏ {xa}"],
    },
    "moi-truong": {
        "doanh-nghiep": ["Một cơ sở sản xuất gạch không nung", "Một doanh nghiệp du lịch sinh thái"]
    },
    "y-te": {"to-chuc": ["Hội Người cao tuổi {noi}"]},
}
KIND_WEIGHTS = {"ca-nhan": 44, "nhom": 26, "doanh-nghiep": 12, "to-chuc": 18}
# Fields where a business plausibly petitions.
BUSINESS_FIELDS = {
    "dat-dai",
    "giai-phong-mat-bang",
    "moi-truong",
    "viec-lam",
    "giao-thong",
    "nong-nghiep",
    "hanh-chinh",
    "an-ninh-trat-tu",
    "khac",
}

CONFIRM_NOTES = [
    "Kiểm tra thực tế, kết quả giải quyết đúng như báo cáo; người kiến nghị đồng tình.",
    "Đã làm việc với người kiến nghị và khu dân cư; nội dung kiến nghị đã được giải quyết dứt điểm.",
    "Giám sát qua hồ sơ và khảo sát thực địa: đã thực hiện đầy đủ kết luận của người chủ trì.",
]
CONFIRM_ANSWER_NOTES = [
    "Người kiến nghị đã nhận văn bản trả lời và thống nhất với nội dung giải thích.",
    "Văn bản trả lời đã được gửi và niêm yết công khai tại khu dân cư; người dân không có ý kiến khác.",
]
DISPUTE_NOTES = [
    "Kiểm tra thực tế cho thấy công việc mới thực hiện một phần, chưa hoàn thành như báo cáo; đề nghị tiếp tục chỉ đạo giải quyết dứt điểm.",
    "Tình trạng vi phạm tái diễn sau khi xử lý, người dân tiếp tục phản ánh; đề nghị kiểm tra lại và có biện pháp xử lý triệt để.",
    "Báo cáo kết quả chưa kèm hồ sơ chứng minh; đề nghị cơ quan được giao bổ sung hồ sơ và công khai kết quả tại khu dân cư.",
]
DISPUTE_ANSWER_NOTES = [
    "Người kiến nghị cho biết chưa nhận được văn bản trả lời; đề nghị gửi lại văn bản và niêm yết công khai tại nhà văn hóa.",
    "Văn bản trả lời chưa nêu rõ căn cứ pháp lý và thời hạn thực hiện; người dân chưa đồng tình, đề nghị xem xét trả lời lại.",
]

# --- conferences to generate -----------------------------------------------------------------


@dataclass
class Custom:
    """A hand-written petition."""

    field: str
    kind: str
    label: str
    raised: str
    summary: str
    resolved: str
    answer: str
    within: bool = True
    answered: bool = False
    pattern: str | None = None


@dataclass
class Spec:
    unit: str
    held: str
    kind: str
    roles: tuple[str, ...]
    fields: tuple[str, ...]  # () = a periodic dialogue open to every field
    title: str
    notice: str = "ok"  # ok | late | missing | not-due
    assign: str = "ok"  # ok | late
    invite: str = "ok"  # ok | late
    sent_up: str = "ok"  # ok | late (profiles that ask for it)
    results: str = "mixed"  # mixed | late | overdue | not-due | good
    outcome: str = "thanh"
    form: str = "truc-tiep"
    n: int | None = None
    correction: str | None = None  # notice.number | notice.issued_on | petitions[3].summary
    summary: str | None = None
    notice_summary: str | None = None
    customs: list[Custom] = field(default_factory=list)


FAILED_SUMMARY = (
    "Hội nghị có 46 đại biểu và người dân bản Nà Lường, bản Co Muông dự, cùng đại diện công ty lâm nghiệp đóng trên địa bàn. "
    "Sau khi người chủ trì thông tin phương án đo đạc, xác định lại ranh giới đất rừng, đại diện các hộ dân không đồng ý "
    "và đề nghị dừng hội nghị, chờ kết quả đo đạc có sự chứng kiến của người dân. Người chủ trì kết luận đối thoại không thành, "
    "lập biên bản và báo cáo UBND tỉnh xin ý kiến chỉ đạo; các kiến nghị được ghi nhận để xem xét giải quyết."
)
FAILED = [
    Custom(
        "dat-dai",
        "nhom",
        "Nhóm hộ dân bản Nà Lường",
        "truoc-hoi-nghi",
        "Đề nghị trả lại cho các hộ diện tích đất rừng sản xuất đã canh tác ổn định nhiều năm nhưng nằm trong ranh giới giao cho công ty lâm nghiệp đóng trên địa bàn.",
        "Đã đo đạc lại ranh giới có sự chứng kiến của người dân; phần diện tích các hộ canh tác ổn định đã được đề xuất thu hồi từ công ty để giao cho địa phương quản lý.",
        "Việc điều chỉnh ranh giới phải căn cứ kết quả đo đạc lại và quyết định của UBND tỉnh.",
        within=False,
    ),
    Custom(
        "khieu-nai-to-cao",
        "nhom",
        "Các hộ trồng keo bản Nà Lường",
        "truoc-hoi-nghi",
        "Khiếu nại việc công ty lâm nghiệp cho chặt bỏ cây keo do các hộ trồng trên diện tích đang tranh chấp.",
        "Công ty đã bồi thường giá trị cây trồng bị chặt cho các hộ theo biên bản thỏa thuận có xác nhận của UBND xã.",
        "Khiếu nại sẽ được xem xét sau khi có kết quả đo đạc lại ranh giới.",
        pattern="long",
    ),
    Custom(
        "dat-dai",
        "to-chuc",
        "Ban công tác Mặt trận bản Nà Lường",
        "truoc-hoi-nghi-duoi-5-ngay",
        "Đề nghị đo đạc, cắm mốc lại ranh giới giữa đất rừng của công ty lâm nghiệp và đất sản xuất của bản, có sự chứng kiến của người dân.",
        "Đã phối hợp Sở Nông nghiệp và Môi trường đo đạc, cắm mốc ranh giới có sự chứng kiến của đại diện các hộ và Ban công tác Mặt trận bản.",
        "Địa phương thống nhất tổ chức đo đạc lại có sự tham gia của người dân.",
        pattern="fast",
    ),
    Custom(
        "an-ninh-trat-tu",
        "ca-nhan",
        "Công dân bản Co Muông",
        "tai-hoi-nghi",
        "Đề nghị bảo đảm an ninh trật tự tại khu vực đang tranh chấp, tránh xô xát giữa người dân và lực lượng bảo vệ rừng của công ty.",
        "Công an xã đã bố trí lực lượng thường trực tại khu vực tranh chấp; không để xảy ra xô xát.",
        "Công an xã sẽ bố trí lực lượng bảo đảm an ninh trật tự tại khu vực.",
        pattern="fast",
    ),
]
RETRY = [
    Custom(
        "dat-dai",
        "nhom",
        "Nhóm hộ dân bản Nà Lường",
        "truoc-hoi-nghi",
        "Đề nghị công bố kết quả đo đạc lại ranh giới giữa đất rừng của công ty lâm nghiệp và đất sản xuất của bản Nà Lường.",
        "",
        "Kết quả đo đạc đã được công bố tại hội nghị và niêm yết tại nhà văn hóa bản: 18,6 ha các hộ canh tác ổn định nằm trong ranh giới giao cho công ty.",
        answered=True,
    ),
    Custom(
        "dat-dai",
        "nhom",
        "Nhóm hộ dân bản Nà Lường",
        "truoc-hoi-nghi",
        "Đề nghị thu hồi phần diện tích các hộ đã canh tác ổn định ra khỏi ranh giới đất của công ty lâm nghiệp để giao cho hộ gia đình.",
        "UBND tỉnh đã quyết định thu hồi 18,6 ha đất của công ty lâm nghiệp giao về địa phương quản lý; UBND xã đã lập phương án và giao đất cho các hộ.",
        "Địa phương đã báo cáo UBND tỉnh đề nghị thu hồi diện tích này.",
        pattern="long",
    ),
    Custom(
        "nong-nghiep",
        "ca-nhan",
        "Một hộ dân bản Nà Lường",
        "truoc-hoi-nghi-duoi-5-ngay",
        "Đề nghị hỗ trợ cây giống keo, quế cho các hộ trồng lại rừng trên diện tích được giao.",
        "Đã cấp cây giống keo, quế cho các hộ được giao đất theo chương trình trồng rừng sản xuất.",
        "Các hộ được hỗ trợ cây giống theo chương trình phát triển rừng sản xuất sau khi được giao đất.",
        pattern="fast",
    ),
    Custom(
        "khieu-nai-to-cao",
        "nhom",
        "Các hộ trồng keo bản Nà Lường",
        "tai-hoi-nghi",
        "Đề nghị ghi nhận việc các hộ rút đơn khiếu nại về việc chặt bỏ cây keo sau khi được công ty bồi thường giá trị cây trồng.",
        "",
        "Người chủ trì ghi nhận việc rút đơn; hồ sơ khiếu nại được đình chỉ giải quyết theo quy định.",
        answered=True,
    ),
    Custom(
        "an-ninh-trat-tu",
        "to-chuc",
        "Ban công tác Mặt trận bản Nà Lường",
        "tai-hoi-nghi",
        "Đề nghị duy trì tổ hòa giải và tổ tự quản bảo vệ rừng của bản có sự tham gia của công ty lâm nghiệp.",
        "Đã kiện toàn tổ hòa giải và thành lập tổ tự quản bảo vệ rừng gồm đại diện bản và công ty lâm nghiệp.",
        "Địa phương thống nhất kiện toàn tổ hòa giải, tổ tự quản.",
        pattern="fast",
    ),
]

SPECS = [
    # Tỉnh An Lạc (qd-son-la)
    Spec(
        PROVINCE,
        "2025-04-17",
        "chuyen-de",
        ("chu-tich",),
        ("giai-phong-mat-bang", "dat-dai"),
        "Đối thoại của Chủ tịch UBND tỉnh với người dân bị ảnh hưởng bởi dự án đường vành đai phía Đông",
        form="ket-hop",
    ),
    Spec(
        PROVINCE,
        "2025-08-21",
        "dinh-ky",
        ("bi-thu",),
        (),
        "Hội nghị đối thoại định kỳ năm 2025 giữa Bí thư Tỉnh ủy với Nhân dân tỉnh An Lạc",
        form="ket-hop",
        n=12,
    ),
    Spec(
        PROVINCE,
        "2025-11-13",
        "chuyen-de",
        ("chu-tich",),
        ("moi-truong", "nong-nghiep"),
        "Đối thoại về ô nhiễm môi trường tại các cơ sở chăn nuôi tập trung và làng nghề",
        notice="late",
    ),
    Spec(
        PROVINCE,
        "2026-05-21",
        "chuyen-de",
        ("chu-tich",),
        ("viec-lam", "an-sinh-xa-hoi"),
        "Đối thoại với công nhân, người lao động tại các khu, cụm công nghiệp",
        results="overdue",
        form="ket-hop",
    ),
    Spec(
        PROVINCE,
        "2026-08-13",
        "dinh-ky",
        ("bi-thu",),
        (),
        "Hội nghị đối thoại định kỳ năm 2026 giữa Bí thư Tỉnh ủy với Nhân dân tỉnh An Lạc",
        form="ket-hop",
        n=12,
        correction="notice.number",
    ),
    Spec(
        PROVINCE,
        "2026-10-15",
        "dot-xuat",
        ("chu-tich",),
        ("moi-truong", "giao-thong", "an-sinh-xa-hoi"),
        "Đối thoại đột xuất về sạt lở bờ sông Lạc Giang và bố trí tái định cư khẩn cấp cho các hộ dân",
    ),
    # Sở, ngành
    Spec(
        "so-nong-nghiep-moi-truong",
        "2025-06-12",
        "chuyen-de",
        ("thu-truong",),
        ("dat-dai", "hanh-chinh"),
        "Đối thoại về cấp Giấy chứng nhận quyền sử dụng đất và đăng ký biến động đất đai",
    ),
    Spec(
        "so-nong-nghiep-moi-truong",
        "2026-07-16",
        "chuyen-de",
        ("thu-truong",),
        ("nong-nghiep", "moi-truong"),
        "Đối thoại với nông dân về chuyển đổi cơ cấu cây trồng, thủy lợi nội đồng và phòng chống dịch bệnh gia súc",
        assign="late",
    ),
    Spec(
        "so-xay-dung",
        "2025-10-09",
        "chuyen-de",
        ("thu-truong",),
        ("giao-thong", "hanh-chinh", "an-sinh-xa-hoi"),
        "Đối thoại về nhà ở xã hội, cấp phép xây dựng và bảo trì các tuyến đường tỉnh",
    ),
    Spec(
        "so-xay-dung",
        "2026-11-05",
        "chuyen-de",
        ("thu-truong",),
        ("giao-thong",),
        "Đối thoại về an toàn giao thông và chất lượng các tuyến đường tỉnh sau mùa mưa bão",
        results="not-due",
    ),
    Spec(
        "so-y-te",
        "2025-09-18",
        "chuyen-de",
        ("thu-truong",),
        ("y-te", "an-sinh-xa-hoi"),
        "Đối thoại về khám, chữa bệnh bảo hiểm y tế và cung ứng thuốc tại tuyến cơ sở",
        results="late",
    ),
    Spec(
        "so-y-te",
        "2026-06-11",
        "chuyen-de",
        ("thu-truong",),
        ("y-te",),
        "Đối thoại về nâng cao chất lượng y tế cơ sở sau sắp xếp trạm y tế xã, phường",
        form="truc-tuyen",
    ),
    Spec(
        "so-giao-duc-dao-tao",
        "2026-03-19",
        "chuyen-de",
        ("thu-truong",),
        ("giao-duc",),
        "Đối thoại với cha mẹ học sinh về tuyển sinh đầu cấp và các khoản thu đầu năm học",
    ),
    Spec(
        "so-noi-vu",
        "2026-04-09",
        "chuyen-de",
        ("thu-truong",),
        ("viec-lam", "an-sinh-xa-hoi", "hanh-chinh"),
        "Đối thoại về chính sách đối với người lao động sau sắp xếp tổ chức bộ máy và giải quyết việc làm",
    ),
    # Huyện Phú Lạc (cũ, kl-116-bac-giang)
    Spec(
        "huyen-phu-lac",
        "2025-03-20",
        "dinh-ky",
        ("bi-thu",),
        (),
        "Hội nghị đối thoại định kỳ năm 2025 giữa Bí thư Huyện ủy với Nhân dân huyện Phú Lạc",
    ),
    Spec(
        "huyen-phu-lac",
        "2025-05-15",
        "chuyen-de",
        ("chu-tich",),
        ("giai-phong-mat-bang", "dat-dai"),
        "Đối thoại về bồi thường, hỗ trợ, tái định cư dự án cụm công nghiệp Phú Lạc",
        notice="late",
    ),
    Spec(
        "huyen-phu-lac",
        "2025-06-12",
        "dot-xuat",
        ("bi-thu", "chu-tich"),
        ("hanh-chinh", "dat-dai", "khac"),
        "Đối thoại về chuyển giao hồ sơ, thủ tục hành chính khi sắp xếp đơn vị hành chính cấp xã",
    ),
    # Xã Tân An (kl-116-bac-giang)
    Spec(
        "xa-tan-an",
        "2025-08-14",
        "dinh-ky",
        ("bi-thu", "chu-tich"),
        (),
        "Hội nghị đối thoại giữa Bí thư Đảng ủy, Chủ tịch UBND xã Tân An với Nhân dân sau khi thành lập xã mới",
    ),
    Spec(
        "xa-tan-an",
        "2025-10-16",
        "chuyen-de",
        ("chu-tich",),
        ("giai-phong-mat-bang", "dat-dai"),
        "Đối thoại về bồi thường, giải phóng mặt bằng dự án nâng cấp đường tỉnh 398 đoạn qua xã",
        correction="petitions[3].summary",
    ),
    Spec(
        "xa-tan-an",
        "2026-03-12",
        "chuyen-de",
        ("bi-thu", "chu-tich"),
        ("dat-dai", "giai-phong-mat-bang"),
        "Đối thoại về bồi thường giải phóng mặt bằng đường tỉnh 398 (giai đoạn 2)",
    ),
    Spec(
        "xa-tan-an",
        "2026-05-14",
        "dinh-ky",
        ("bi-thu", "chu-tich"),
        (),
        "Hội nghị đối thoại định kỳ năm 2026 giữa Bí thư Đảng ủy, Chủ tịch UBND xã Tân An với Nhân dân",
    ),
    Spec(
        "xa-tan-an",
        "2026-08-20",
        "chuyen-de",
        ("chu-tich",),
        ("nong-nghiep", "moi-truong"),
        "Đối thoại với nông dân về sản xuất nông nghiệp, thủy lợi và xử lý rác thải nông thôn",
    ),
    Spec(
        "xa-tan-an",
        "2026-09-17",
        "chuyen-de",
        ("bi-thu",),
        ("an-ninh-trat-tu", "van-hoa"),
        "Đối thoại về an ninh trật tự, phòng chống ma túy và xây dựng đời sống văn hóa ở khu dân cư",
    ),
    Spec(
        "xa-tan-an",
        "2026-10-22",
        "dot-xuat",
        ("bi-thu", "chu-tich"),
        ("giao-thong", "an-sinh-xa-hoi", "nong-nghiep"),
        "Đối thoại đột xuất về khắc phục hậu quả mưa lũ giữa tháng 10",
    ),
    # Xã Phú Mỹ (kl-116-bac-giang)
    Spec(
        "xa-phu-my",
        "2025-09-25",
        "dinh-ky",
        ("bi-thu", "chu-tich"),
        (),
        "Hội nghị đối thoại giữa Bí thư Đảng ủy, Chủ tịch UBND xã Phú Mỹ với Nhân dân năm 2025",
    ),
    Spec(
        "xa-phu-my",
        "2026-04-16",
        "chuyen-de",
        ("bi-thu",),
        ("nong-nghiep", "viec-lam"),
        "Đối thoại về chuyển đổi cơ cấu cây trồng và việc làm cho lao động nông thôn",
    ),
    Spec(
        "xa-phu-my",
        "2026-07-09",
        "chuyen-de",
        ("chu-tich",),
        ("dat-dai", "hanh-chinh"),
        "Đối thoại về cấp Giấy chứng nhận quyền sử dụng đất và thủ tục hành chính sau sáp nhập",
        notice="late",
    ),
    Spec(
        "xa-phu-my",
        "2026-10-29",
        "dinh-ky",
        ("bi-thu", "chu-tich"),
        (),
        "Hội nghị đối thoại định kỳ năm 2026 giữa Bí thư Đảng ủy, Chủ tịch UBND xã Phú Mỹ với Nhân dân",
        notice="missing",
    ),
    # Xã Yên Thượng (kl-116-bac-giang)
    Spec(
        "xa-yen-thuong",
        "2025-11-06",
        "dinh-ky",
        ("bi-thu", "chu-tich"),
        (),
        "Hội nghị đối thoại giữa Bí thư Đảng ủy, Chủ tịch UBND xã Yên Thượng với Nhân dân năm 2025",
    ),
    Spec(
        "xa-yen-thuong",
        "2026-03-26",
        "chuyen-de",
        ("bi-thu",),
        ("an-ninh-trat-tu", "khieu-nai-to-cao"),
        "Đối thoại về an ninh trật tự và giải quyết đơn thư tồn đọng",
    ),
    Spec(
        "xa-yen-thuong",
        "2026-06-25",
        "dinh-ky",
        ("bi-thu",),
        (),
        "Hội nghị đối thoại định kỳ năm 2026 giữa Bí thư Đảng ủy xã Yên Thượng với Nhân dân",
    ),
    Spec(
        "xa-yen-thuong",
        "2026-11-17",
        "chuyen-de",
        ("bi-thu", "chu-tich"),
        ("giao-thong", "giai-phong-mat-bang"),
        "Đối thoại về chủ trương mở rộng đường liên xã Yên Thượng – Suối Ngọc và vận động hiến đất làm đường",
        notice="not-due",
    ),
    # Phường Đông Hòa (hd-2023-thanh-uy)
    Spec(
        "phuong-dong-hoa",
        "2025-09-11",
        "dinh-ky",
        ("chu-tich",),
        (),
        "Hội nghị đối thoại định kỳ năm 2025 giữa Chủ tịch UBND phường Đông Hòa với Nhân dân",
    ),
    Spec(
        "phuong-dong-hoa",
        "2025-12-11",
        "chuyen-de",
        ("bi-thu",),
        ("an-ninh-trat-tu", "hanh-chinh"),
        "Đối thoại về trật tự đô thị, lấn chiếm vỉa hè và thủ tục hành chính",
    ),
    Spec(
        "phuong-dong-hoa",
        "2026-04-23",
        "chuyen-de",
        ("chu-tich",),
        ("moi-truong", "giao-thong"),
        "Đối thoại về thu gom rác thải và chống ngập úng đô thị",
        sent_up="late",
    ),
    Spec(
        "phuong-dong-hoa",
        "2026-09-24",
        "dinh-ky",
        ("bi-thu",),
        (),
        "Hội nghị đối thoại định kỳ năm 2026 giữa Bí thư Đảng ủy phường Đông Hòa với Nhân dân",
        results="overdue",
    ),
    # Phường Bình Minh (hd-2023-thanh-uy)
    Spec(
        "phuong-binh-minh",
        "2025-12-04",
        "dinh-ky",
        ("bi-thu", "chu-tich"),
        (),
        "Hội nghị đối thoại giữa Bí thư Đảng ủy, Chủ tịch UBND phường Bình Minh với Nhân dân năm 2025",
        form="ket-hop",
    ),
    Spec(
        "phuong-binh-minh",
        "2026-06-18",
        "chuyen-de",
        ("chu-tich",),
        ("y-te", "an-sinh-xa-hoi"),
        "Đối thoại về chăm sóc sức khỏe ban đầu và chính sách an sinh xã hội trên địa bàn phường",
    ),
    Spec(
        "phuong-binh-minh",
        "2026-10-01",
        "chuyen-de",
        ("bi-thu",),
        ("giao-duc", "van-hoa"),
        "Đối thoại với phụ huynh, học sinh và thanh niên về giáo dục và đời sống văn hóa",
    ),
    # Phường Nam Thành (hd-2023-thanh-uy)
    Spec(
        "phuong-nam-thanh",
        "2025-10-23",
        "dinh-ky",
        ("bi-thu", "chu-tich"),
        (),
        "Hội nghị đối thoại giữa Bí thư Đảng ủy, Chủ tịch UBND phường Nam Thành với Nhân dân năm 2025",
    ),
    Spec(
        "phuong-nam-thanh",
        "2026-08-27",
        "chuyen-de",
        ("chu-tich",),
        ("hanh-chinh", "dat-dai"),
        "Đối thoại về thủ tục hành chính, đất đai sau khi vận hành chính quyền địa phương hai cấp",
    ),
    # Xã Long Hưng (qd-son-la)
    Spec(
        "xa-long-hung",
        "2025-11-20",
        "dinh-ky",
        ("chu-tich",),
        (),
        "Hội nghị đối thoại định kỳ năm 2025 giữa Chủ tịch UBND xã Long Hưng với Nhân dân",
        results="overdue",
    ),
    Spec(
        "xa-long-hung",
        "2026-03-05",
        "chuyen-de",
        ("bi-thu",),
        ("viec-lam", "giao-duc"),
        "Đối thoại về đào tạo nghề, việc làm cho thanh niên và lao động có đất bị thu hồi",
        assign="late",
        correction="notice.issued_on",
    ),
    Spec(
        "xa-long-hung",
        "2026-07-23",
        "chuyen-de",
        ("chu-tich",),
        ("moi-truong", "y-te"),
        "Đối thoại về ô nhiễm mùi, nước thải từ nhà máy chế biến tinh bột sắn",
        invite="late",
    ),
    # Xã Suối Ngọc (qd-son-la)
    Spec(
        "xa-suoi-ngoc",
        "2025-12-18",
        "dinh-ky",
        ("bi-thu",),
        (),
        "Hội nghị đối thoại định kỳ năm 2025 giữa Bí thư Đảng ủy xã Suối Ngọc với Nhân dân",
    ),
    Spec(
        "xa-suoi-ngoc",
        "2026-06-04",
        "dot-xuat",
        ("chu-tich",),
        ("dat-dai", "khieu-nai-to-cao"),
        "Đối thoại đột xuất về tranh chấp đất rừng giữa các hộ dân bản Nà Lường và công ty lâm nghiệp",
        outcome="khong-thanh",
        notice="none",
        summary=FAILED_SUMMARY,
        customs=FAILED,
    ),
    Spec(
        "xa-suoi-ngoc",
        "2026-07-02",
        "dot-xuat",
        ("bi-thu", "chu-tich"),
        ("dat-dai", "khieu-nai-to-cao"),
        "Đối thoại lại về tranh chấp đất rừng bản Nà Lường sau khi đo đạc, xác định lại ranh giới",
        customs=RETRY,
        results="good",
    ),
]

# (unit, year, head, registered_on or None, [(planned_on, kind, topic) not held], note)
PLANS = [
    (PROVINCE, 2025, "cap-uy", "2025-01-14", [], None),
    (PROVINCE, 2025, "chinh-quyen", "2025-01-17", [], None),
    (
        "so-y-te",
        2025,
        "thu-truong",
        "2025-01-22",
        [("2025-04-15", "chuyen-de", "Đối thoại về an toàn thực phẩm bếp ăn tập thể")],
        "Cuộc đối thoại dự kiến tháng 4 được lùi sang tháng 9/2025 do trùng đợt cao điểm phòng chống dịch.",
    ),
    (
        "huyen-phu-lac",
        2025,
        "cap-uy",
        "2025-01-16",
        [
            ("2025-09-18", "chuyen-de", "Đối thoại với thanh niên về khởi nghiệp"),
            ("2025-11-06", "dinh-ky", "Đối thoại cuối năm"),
        ],
        "Các cuộc dự kiến sau ngày 30/6/2025 không thực hiện do huyện kết thúc hoạt động; nhiệm vụ chuyển giao UBND xã Tân An.",
    ),
    (
        "huyen-phu-lac",
        2025,
        "chinh-quyen",
        "2025-02-11",
        [
            ("2025-08-14", "chuyen-de", "Đối thoại về vệ sinh môi trường làng nghề"),
            ("2025-10-09", "chuyen-de", "Đối thoại về xây dựng nông thôn mới"),
        ],
        "Ban hành sau Tết Nguyên đán Ất Tỵ. Các cuộc dự kiến sau ngày 30/6/2025 không thực hiện do huyện kết thúc hoạt động.",
    ),
    (
        PROVINCE,
        2026,
        "cap-uy",
        "2026-01-09",
        [
            (
                "2026-12-10",
                "chuyen-de",
                "Đối thoại với doanh nghiệp, hợp tác xã về môi trường đầu tư, kinh doanh",
            )
        ],
        None,
    ),
    (
        PROVINCE,
        2026,
        "chinh-quyen",
        "2026-01-13",
        [
            (
                "2026-12-17",
                "dinh-ky",
                "Đối thoại định kỳ cuối năm 2026 về tình hình kinh tế - xã hội",
            )
        ],
        None,
    ),
    (
        "so-nong-nghiep-moi-truong",
        2026,
        "thu-truong",
        "2026-01-15",
        [
            (
                "2026-12-03",
                "chuyen-de",
                "Đối thoại về cấp Giấy chứng nhận lần đầu cho đất nông nghiệp",
            )
        ],
        None,
    ),
    ("so-xay-dung", 2026, "thu-truong", "2026-01-21", [], None),
    ("so-y-te", 2026, "thu-truong", "2026-01-12", [], None),
    (
        "so-giao-duc-dao-tao",
        2026,
        "thu-truong",
        "2026-01-27",
        [("2026-12-09", "chuyen-de", "Đối thoại với giáo viên về chế độ, chính sách")],
        None,
    ),
    (
        "so-noi-vu",
        2026,
        "thu-truong",
        "2026-02-05",
        [("2026-12-11", "chuyen-de", "Đối thoại về chính sách bảo hiểm xã hội tự nguyện")],
        None,
    ),
    ("xa-tan-an", 2026, "cap-uy", "2026-01-16", [], None),
    ("xa-tan-an", 2026, "chinh-quyen", "2026-01-19", [], None),
    (
        "xa-phu-my",
        2026,
        "cap-uy",
        "2026-02-10",
        [
            ("2026-06-17", "chuyen-de", "Đối thoại về giáo dục và chăm sóc trẻ em"),
            ("2026-09-10", "chuyen-de", "Đối thoại về an ninh trật tự nông thôn"),
        ],
        "Đăng ký chậm do kiện toàn Ban Thường vụ Đảng ủy xã.",
    ),
    (
        "xa-phu-my",
        2026,
        "chinh-quyen",
        "2026-01-28",
        [
            ("2026-05-20", "chuyen-de", "Đối thoại về vệ sinh môi trường, thu gom rác thải"),
            ("2026-09-23", "chuyen-de", "Đối thoại về giao thông nông thôn"),
        ],
        None,
    ),
    (
        "xa-yen-thuong",
        2026,
        "cap-uy",
        "2026-01-22",
        [("2026-09-10", "chuyen-de", "Đối thoại về chính sách hỗ trợ đồng bào dân tộc thiểu số")],
        None,
    ),
    (
        "phuong-dong-hoa",
        2026,
        "cap-uy",
        "2026-02-09",
        [("2026-12-03", "chuyen-de", "Đối thoại với hộ kinh doanh về chuyển đổi số")],
        None,
    ),
    (
        "phuong-dong-hoa",
        2026,
        "chinh-quyen",
        "2026-02-11",
        [("2026-12-10", "dinh-ky", "Đối thoại định kỳ năm 2026")],
        None,
    ),
    ("phuong-binh-minh", 2026, "cap-uy", "2026-02-26", [], None),
    (
        "phuong-binh-minh",
        2026,
        "chinh-quyen",
        "2026-03-09",
        [("2026-12-08", "dinh-ky", "Đối thoại định kỳ năm 2026")],
        "Gửi Ban Dân vận Tỉnh ủy sau thời hạn do thay đổi nhân sự Chủ tịch UBND phường.",
    ),
    (
        "phuong-nam-thanh",
        2026,
        "chinh-quyen",
        "2026-02-24",
        [("2026-12-15", "dinh-ky", "Đối thoại định kỳ cuối năm 2026")],
        None,
    ),
    (
        "xa-long-hung",
        2026,
        "cap-uy",
        "2026-01-20",
        [("2026-12-04", "dinh-ky", "Đối thoại định kỳ năm 2026")],
        None,
    ),
    ("xa-long-hung", 2026, "chinh-quyen", "2026-01-23", [], None),
    (
        "xa-suoi-ngoc",
        2026,
        "cap-uy",
        "2026-01-29",
        [("2026-12-15", "dinh-ky", "Đối thoại định kỳ năm 2026")],
        None,
    ),
    (
        "xa-suoi-ngoc",
        2026,
        "chinh-quyen",
        "2026-02-03",
        [("2026-05-14", "chuyen-de", "Đối thoại về giao khoán bảo vệ rừng")],
        "Cuộc đối thoại chuyên đề tháng 5 được thay bằng đối thoại đột xuất về tranh chấp đất rừng (tháng 6 và tháng 7/2026).",
    ),
]
# xa-yen-thuong 2026 chinh-quyen and phuong-nam-thanh 2026 cap-uy deliberately have no plan.

# (unit, period, filed_on)
REPORTS = [
    (PROVINCE, "2025-h1", "2025-06-16"),
    (PROVINCE, "2025", "2025-12-04"),
    (PROVINCE, "2026-h1", "2026-06-15"),
    ("so-nong-nghiep-moi-truong", "2026-h1", "2026-06-25"),  # late
    ("so-xay-dung", "2026-h1", "2026-06-12"),
    ("so-y-te", "2025-h1", "2025-06-13"),
    ("so-y-te", "2025", "2025-12-17"),  # late; 2026-h1 missing
    ("so-giao-duc-dao-tao", "2026-h1", "2026-06-16"),  # 2025 reports missing
    ("so-noi-vu", "2026-q1", "2026-03-11"),
    ("so-noi-vu", "2026-q2", "2026-06-10"),  # 2026-q3 missing
    ("so-noi-vu", "2026", "2026-11-10"),
    ("phuong-dong-hoa", "2026-q1", "2026-03-10"),
    ("phuong-dong-hoa", "2026-q2", "2026-06-11"),
    ("phuong-dong-hoa", "2026-q3", "2026-09-09"),
    ("phuong-dong-hoa", "2026", "2026-11-11"),
    ("phuong-binh-minh", "2026-q1", "2026-03-12"),
    ("phuong-binh-minh", "2026-q2", "2026-06-23"),  # late; q3 and the year missing
    ("phuong-nam-thanh", "2026-q2", "2026-06-09"),  # q1 missing
    ("phuong-nam-thanh", "2026-q3", "2026-09-11"),
    ("phuong-nam-thanh", "2026", "2026-11-18"),  # late
    ("xa-long-hung", "2026-h1", "2026-06-17"),
    ("xa-suoi-ngoc", "2026-h1", "2026-06-29"),  # late
]

HEAD_OF_ROLE = {"bi-thu": "cap-uy", "chu-tich": "chinh-quyen", "thu-truong": "thu-truong"}

# --- helpers ----------------------------------------------------------------------------------


def vn(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def ascii_slug(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def strip_kind(name: str) -> str | None:
    """ "thôn Gò Mây" -> "Gò Mây", "thị trấn Phú Lạc" -> "Phú Lạc"; None for numbered places."""
    for prefix in ("thôn ", "bản ", "khu phố ", "xã ", "phường ", "thị trấn "):
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return None


def clean(value: Any) -> Any:
    """Drop None and empty containers; dates become ISO strings."""
    if isinstance(value, dict):
        out = {k: clean(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list):
        return [clean(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Dumper(yaml.SafeDumper):
    """Block style, scalar lists inline, list items indented, YAML 1.2 booleans only."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_BOOL_TAG = "tag:yaml.org,2002:bool"
_YAML12_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_Dumper.yaml_implicit_resolvers = {
    first: [
        (tag, _YAML12_BOOL if tag == _BOOL_TAG else regexp)
        for tag, regexp in resolvers
        if tag != "tag:yaml.org,2002:timestamp"
    ]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    flow = bool(value) and all(not isinstance(v, dict | list) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(
        clean(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10**6,
        indent=2,
    )


# --- the generator ----------------------------------------------------------------------------


@dataclass
class Place:
    """Where a petition comes from."""

    noi: str  # "thôn Gò Mây" or "thôn Gò Mây, xã Tân An"
    thon: str
    thon2: str
    o_xa: str
    xa: str
    commune: str | None  # the commune unit id, when it exists


class Demo:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.cal = WorkCalendar(CONTENT / "calendar")
        self.units = build_units()
        self.files: dict[Path, dict[str, Any]] = {}
        self.conferences: list[dict[str, Any]] = []  # generated records, with meta
        self.summaries: set[str] = set()
        self.counters: dict[tuple[str, int], int] = {}
        self.plan_ids = {f"{u}.{y}.{h}" for u, y, h, *_ in PLANS}
        self.scenarios: dict[str, list[str]] = {}

    # -- small helpers

    def number(self, issuer: str, year: int, low: int, high: int) -> int:
        """A document number that grows through the year for one issuer."""
        key = (issuer, year)
        if key not in self.counters:
            self.counters[key] = self.rng.randint(low, high)
        else:
            self.counters[key] += self.rng.randint(2, max(3, high // 10))
        return self.counters[key]

    def doc(self, unit_id: str, kind: str, year: int) -> str:
        """A document number of kind qd (decision), cv (letter), bc (report), tb, kh."""
        unit = self.units[unit_id]
        n = self.rng.randint(8, 2400 if unit.level in ("tinh", "so-nganh") else 420)
        if unit.level == "co-quan":
            parent = self.units[unit.parent or PROVINCE]
            org = "UBND" if parent.level in ("xa", "tinh") else parent.code
            if unit.id == "ban-qlda-tinh-an-lac":
                org, sub = "BQLDA", "KH"
            else:
                sub = unit.code
        else:
            org, sub = unit.code, "VP"
        if kind == "qd":
            return f"Quyết định số {n}/QĐ-{org}"
        if kind == "bc":
            return f"Báo cáo số {n}/BC-{org if unit.level != 'co-quan' else sub}"
        return f"Công văn số {n}/{org}-{sub}"

    def unit_display(self, unit_id: str) -> str:
        unit = self.units[unit_id]
        if unit.level in ("xa", "huyen", "tinh"):
            return f"UBND {unit.short}"
        return unit.name

    def mttq_for(self, unit: Unit, place: Place, day: date) -> str:
        if unit.level == "xa":
            return f"mttq-{unit.id}"
        if unit.level == "huyen":
            return "mttq-tinh-an-lac" if day < MERGER else "mttq-xa-tan-an"
        if place.commune and day >= MERGER and self.rng.random() < 0.5:
            return f"mttq-{place.commune}"
        return "mttq-tinh-an-lac"

    def scenario(self, name: str, conference_id: str) -> None:
        found = self.scenarios.setdefault(name, [])
        if conference_id not in found:
            found.append(conference_id)

    # -- places and slots

    def place(self, unit: Unit, held: date) -> Place:
        rng = self.rng
        if unit.level == "xa":
            a, b = rng.sample(unit.places, 2)
            return Place(a, a, b, "", unit.short, unit.id)
        if unit.level == "huyen" or held < MERGER:
            options = [p for p in OLD_PLACES if unit.level != "huyen" or p[2] == "huyện Phú Lạc"]
            village, commune, district = rng.choice(options)
            others = [p[0] for p in OLD_PLACES if p[1] == commune and p[0] != village]
            other = others[0] if others else "khu dân cư lân cận"
            where = commune if unit.level == "huyen" else f"{commune}, {district}"
            return Place(f"{village}, {where}", village, other, f", {where}", commune, None)
        commune = self.units[rng.choice(COMMUNES)[0]]
        a, b = rng.sample(commune.places, 2)
        return Place(f"{a}, {commune.short}", a, b, f", {commune.short}", commune.short, commune.id)

    def slots(self, unit: Unit, place: Place, held: date) -> dict[str, Any]:
        rng = self.rng
        commune = self.units[place.commune] if place.commune else None
        source = commune or unit
        base = commune.base if commune else strip_kind(place.xa)
        village = strip_kind(place.thon)  # None for "tổ dân phố 5", "khu 3"
        schools = [f"Trường Tiểu học {base}", f"Trường THCS {base}", f"Trường Mầm non {base}"]
        if village:
            schools.append(f"Trường Tiểu học {village}")
        if unit.level in ("tinh", "so-nganh"):
            schools.append("Trường THPT Lạc Giang")
        return {
            "noi": place.noi,
            "thon": place.thon,
            "thon2": place.thon2,
            "o_xa": place.o_xa,
            "xa": place.xa,
            "duong": rng.choice(source.roads or unit.roads or DEFAULT_ROADS),
            "kenh": rng.choice(source.canals or unit.canals or DEFAULT_CANALS),
            "duan": rng.choice(source.projects or unit.projects or DEFAULT_PROJECTS),
            "truong": rng.choice(schools),
            "tram": place.xa,
            "cho": f"chợ {village}" if village and rng.random() < 0.4 else f"chợ {base}",
            "ccn": rng.choice(INDUSTRIAL),
            "thutuc": rng.choice(PROCEDURES),
            "so": rng.randint(4, 38),
            "so2": rng.randint(2, 6),
            "nam": held.year,
            "nam1": held.year - rng.randint(2, 6),
        }

    def label(self, kind: str, field_: str, slots: dict[str, Any]) -> str:
        options = list(LABELS[kind])
        extra = FIELD_LABELS.get(field_, {}).get(kind, [])
        if extra and self.rng.random() < 0.6:
            options = extra
        text = self.rng.choice(options).format(**slots)
        if "Nông dân" in text and ("tổ dân phố" in text or "khu phố" in text):
            text = text.replace("Chi hội Nông dân", "Chi hội Cựu chiến binh")
        if len(text) > 80:
            text = text.split(",")[0]
        return text

    # -- the units' officials

    def chairs(self, unit: Unit, roles: tuple[str, ...]) -> list[dict[str, Any]]:
        return [
            {"name": unit.heads[role], "role": role, "position": self.position(unit, role)}
            for role in roles
        ]

    def position(self, unit: Unit, role: str) -> str:
        if unit.level == "so-nganh":
            return f"Giám đốc {unit.name}"
        if unit.level == "tinh":
            party = "Tỉnh ủy An Lạc"
            return (
                f"Bí thư {party}"
                if role == "bi-thu"
                else f"Phó Bí thư {party}, Chủ tịch UBND tỉnh An Lạc"
            )
        if unit.level == "huyen":
            party = f"Huyện ủy {unit.base}"
            return (
                f"Bí thư {party}"
                if role == "bi-thu"
                else f"Phó Bí thư {party}, Chủ tịch UBND {unit.short}"
            )
        party = f"Đảng ủy {unit.short}"
        return (
            f"Bí thư {party}"
            if role == "bi-thu"
            else f"Phó Bí thư {party}, Chủ tịch UBND {unit.short}"
        )

    def signer(self, unit: Unit, role: str) -> str:
        if unit.level == "so-nganh":
            return f"{unit.heads[role]}, Giám đốc Sở"
        if role == "bi-thu":
            party = {"tinh": "Tỉnh ủy", "huyen": "Huyện ủy"}.get(unit.level, "Đảng ủy")
            return f"{unit.heads[role]}, Bí thư {party} {unit.base if unit.level != 'xa' else unit.short}"
        return f"{unit.heads[role]}, Chủ tịch UBND {unit.short}"

    def notice_number(self, unit: Unit, role: str, year: int) -> str:
        if unit.level == "so-nganh":
            return f"{self.number(unit.id, year, 12, 40)}/TB-{unit.code}"
        if role == "bi-thu":
            suffix = {"tinh": "TU", "huyen": "HU"}.get(unit.level, "ĐU")
            low, high = (120, 260) if unit.level == "tinh" else (8, 40)
            return f"{self.number(unit.id + '/party', year, low, high)}-TB/{suffix}"
        low, high = (150, 400) if unit.level == "tinh" else (15, 80)
        return f"{self.number(unit.id + '/gov', year, low, high)}/TB-UBND"

    # -- assignment targets

    def assignee(
        self, unit: Unit, roles: tuple[str, ...], field_: str, place: Place
    ) -> tuple[str, str]:
        """(unit id, note) of the agency a petition is assigned to."""
        rng = self.rng
        if unit.level == "xa":
            division = COMMUNE_DIVISION[field_]
            name = DIVISION_NAMES[division]
            if division == "kinh-te" and unit.is_ward:
                name = "Phòng Kinh tế, Hạ tầng và Đô thị"
            if division == "ca":
                name = f"Công an {unit.short}"
            agency = next((a[0] for a in AGENCIES if a[2] == unit.id and a[3] == division), None)
            if roles == (
                "bi-thu",
            ):  # the Party secretary assigns to the commune's People's Committee
                return (
                    unit.id,
                    f"Giao UBND {unit.short} chỉ đạo {name} kiểm tra, giải quyết và báo cáo kết quả; thông báo cho người kiến nghị biết.",
                )
            if agency:
                return (
                    agency,
                    f"Giao {name} chủ trì kiểm tra, giải quyết, báo cáo kết quả và thông báo cho người kiến nghị biết.",
                )
            return (
                unit.id,
                f"Giao {name} {unit.short} chủ trì kiểm tra, giải quyết và báo cáo kết quả.",
            )
        if unit.level == "huyen":
            return (
                unit.id,
                f"Giao {DISTRICT_DIVISION[field_]} chủ trì, phối hợp UBND xã sở tại giải quyết và báo cáo kết quả.",
            )
        if unit.level == "so-nganh":
            divisions = DEPARTMENT_DIVISION[unit.id]
            if place.commune and rng.random() < 0.3:
                commune = self.units[place.commune]
                return (
                    commune.id,
                    f"Giao UBND {commune.short} chủ trì, phối hợp {divisions.get(field_, divisions[''])} kiểm tra, giải quyết và báo cáo kết quả về Sở.",
                )
            return (
                unit.id,
                f"Giao {divisions.get(field_, divisions[''])} chủ trì tham mưu giải quyết, báo cáo Giám đốc Sở.",
            )
        target = PROVINCE_ASSIGNEE[field_]
        if target is None or (place.commune and rng.random() < 0.25):
            if place.commune:
                commune = self.units[place.commune]
                return (
                    commune.id,
                    f"Giao UBND {commune.short} chủ trì, phối hợp các sở, ngành liên quan giải quyết và báo cáo UBND tỉnh.",
                )
            if target is None:
                return (
                    unit.id,
                    "Giao Văn phòng UBND tỉnh chủ trì, phối hợp các cơ quan liên quan tham mưu giải quyết và báo cáo Chủ tịch UBND tỉnh.",
                )
        return (
            target,
            f"Giao {self.units[target].name} chủ trì, phối hợp các cơ quan liên quan kiểm tra, giải quyết và báo cáo UBND tỉnh.",
        )

    # -- petitions

    def pick_field(self, spec: Spec) -> str:
        rng = self.rng
        if spec.fields and rng.random() < 0.82:
            return rng.choice(spec.fields)
        return rng.choices(list(FIELD_WEIGHTS), weights=list(FIELD_WEIGHTS.values()))[0]

    def new_petition(
        self, spec: Spec, unit: Unit, held: date, used: set[tuple[str, int]], need_place: bool
    ) -> dict[str, Any]:
        rng = self.rng
        for _ in range(60):
            field_ = self.pick_field(spec)
            index = rng.randrange(len(TEMPLATES[field_]))
            if (field_, index) in used:
                continue
            summary_t, resolved_t, answer_t = TEMPLATES[field_][index]
            if need_place and "{noi}" not in summary_t:
                continue
            place = self.place(unit, held)
            slots = self.slots(unit, place, held)
            summary = summary_t.format(**slots)
            if summary in self.summaries:
                continue
            used.add((field_, index))
            self.summaries.add(summary)
            kinds = [k for k in KIND_WEIGHTS if k != "doanh-nghiep" or field_ in BUSINESS_FIELDS]
            kind = rng.choices(kinds, weights=[KIND_WEIGHTS[k] for k in kinds])[0]
            return {
                "field": field_,
                "kind": kind,
                "label": self.label(kind, field_, slots),
                "summary": summary,
                "resolved": resolved_t.format(**slots),
                "answer": answer_t.format(**slots),
                "place": place,
                "raised": None,
                "within": None,
                "answered": None,
                "pattern": None,
            }
        raise RuntimeError(f"could not draw a fresh petition for {spec.unit} {spec.held}")

    def from_custom(self, custom: Custom, unit: Unit, held: date) -> dict[str, Any]:
        place = Place("bản Nà Lường", "bản Nà Lường", "bản Co Muông", "", unit.short, unit.id)
        return {
            "field": custom.field,
            "kind": custom.kind,
            "label": custom.label,
            "summary": custom.summary,
            "resolved": custom.resolved,
            "answer": custom.answer,
            "place": place,
            "raised": custom.raised,
            "within": custom.within,
            "answered": custom.answered,
            "pattern": custom.pattern,
        }

    # -- one conference

    def conference(self, spec: Spec) -> dict[str, Any]:
        rng = self.rng
        unit = self.units[spec.unit]
        held = date.fromisoformat(spec.held)
        assert self.cal.is_working(held), f"{spec.unit} {spec.held} is not a working day"
        assert held <= AS_OF
        cid = f"{unit.id}.{spec.held}"
        year = held.year

        # invitation
        if spec.invite == "late":
            invited = self.cal.before(held, 2)
            self.scenario("invitation late (2 working days ahead; 5 required)", cid)
        elif spec.kind == "dot-xuat":
            invited = self.cal.before(held, rng.randint(2, 4))
        else:
            invited = self.cal.before(held, rng.randint(7, 11))
            if unit.profile == "qd-son-la":
                self.scenario("invitation on time (≥ 5 working days ahead)", cid)

        # petitions
        if spec.customs:
            raw = [self.from_custom(c, unit, held) for c in spec.customs]
        else:
            n = (
                spec.n
                or {
                    "dinh-ky": rng.randint(8, 11),
                    "chuyen-de": rng.randint(6, 9),
                    "dot-xuat": rng.randint(4, 7),
                }[spec.kind]
            )
            used: set[tuple[str, int]] = set()
            raw = [
                self.new_petition(
                    spec, unit, held, used, need_place=(spec.correction == "petitions[3].summary")
                )
                for _ in range(n)
            ]
        for p in raw:
            if p["raised"] is None:
                p["raised"] = rng.choices(
                    ["truoc-hoi-nghi", "truoc-hoi-nghi-duoi-5-ngay", "tai-hoi-nghi"],
                    weights=[45, 15, 40],
                )[0]
            if p["raised"] == "truoc-hoi-nghi":
                p["received"] = self.cal.before(held, rng.randint(7, 14))
            elif p["raised"] == "truoc-hoi-nghi-duoi-5-ngay":
                p["received"] = self.cal.before(held, rng.randint(1, 2))
            else:
                p["received"] = None
            if p["within"] is None:
                p["within"] = rng.random() >= NOT_WITHIN.get(p["field"], 0.08)
            if p["answered"] is None:
                p["answered"] = p["within"] and rng.random() < (
                    0.28 if p["raised"] == "truoc-hoi-nghi" else 0.14
                )
        order = {"truoc-hoi-nghi": 0, "truoc-hoi-nghi-duoi-5-ngay": 1, "tai-hoi-nghi": 2}
        raw.sort(key=lambda p: (order[p["raised"]], p["received"] or held))

        # notice
        notice: dict[str, Any] | None = None
        issued: date | None = None
        lead_role = spec.roles[0]
        if spec.notice == "ok":
            issued = self.cal.after(held, rng.randint(2, 3))
            self.scenario("notice on time", cid)
        elif spec.notice == "late":
            issued = self.cal.after(held, rng.randint(10, 12))
            self.scenario("notice late (10–12 working days after the conference)", cid)
        elif spec.notice == "missing":
            self.scenario("no notice although overdue", cid)
        elif spec.notice == "not-due":
            self.scenario("no notice yet, not yet due (conference of November 2026)", cid)
        processed = spec.notice in ("ok", "late", "none")

        # assignments: one date for the whole conference
        if spec.assign == "late":
            assigned_on = self.cal.after(held, rng.randint(9, 11))
            self.scenario("assignments late (9–11 working days after the conference)", cid)
        elif issued is not None and issued <= self.cal.after(held, 3) and rng.random() < 0.7:
            assigned_on = issued
        else:
            assigned_on = self.cal.after(held, rng.randint(2, 3))
        assigned_doc = None
        if issued is not None and notice is None:
            number = self.notice_number(unit, lead_role, year)
            notice = {"number": number, "issued_on": issued}
        if assigned_on != issued or notice is None:
            org = "UBND" if unit.level != "so-nganh" else unit.code
            assigned_doc = f"{rng.randint(30, 900)}/{org}-VP"
        else:
            assigned_doc = notice["number"]

        petitions: list[dict[str, Any]] = []
        assignees: list[str] = []
        for no, p in enumerate(raw, start=1):
            petitions.append(
                self.petition(
                    spec, unit, held, no, p, processed, assigned_on, assigned_doc, assignees
                )
            )

        record: dict[str, Any] = {
            "unit": unit.id,
            "kind": spec.kind,
            "held_on": held,
            "title": spec.title,
            "fields": [
                f for f in FIELDS if f in spec.fields or any(p["field"] == f for p in petitions)
            ],
            "venue": self.venue(unit, spec),
            "form": spec.form,
            "attendance": self.attendance(unit, spec),
            "invited_on": invited,
            "outcome": spec.outcome,
        }
        if spec.outcome == "khong-thanh":
            record["minutes"] = {
                "number": f"{rng.randint(2, 9):02d}/BB-UBND",
                "url": f"{SITE}/{unit.id}/bien-ban/{year}/doi-thoai-{spec.held}.pdf",
            }
            self.scenario("dialogue failed (khong-thanh) with minutes", cid)
        head = HEAD_OF_ROLE[lead_role]
        if f"{unit.id}.{year}.{head}" in self.plan_ids:
            record["plan_id"] = f"{unit.id}.{year}.{head}"
        record["summary"] = spec.summary or self.conference_summary(unit, spec, record, petitions)
        if notice is not None:
            notice["signer"] = self.signer(unit, lead_role)
            notice["url"] = f"{SITE}/{unit.id}/thong-bao/{year}/{ascii_slug(notice['number'])}.pdf"
            notice["summary"] = spec.notice_summary or self.notice_summary(
                unit, spec, petitions, assignees
            )
            if unit.profile == "hd-2023-thanh-uy":
                if spec.sent_up == "late":
                    notice["sent_up_on"] = self.cal.next_working(
                        held + timedelta(days=rng.randint(15, 18))
                    )
                    self.scenario("notice sent up late (> 10 days)", cid)
                else:
                    last = held + timedelta(days=8)
                    sent = self.cal.after(issued, rng.randint(0, 2)) if issued else None
                    notice["sent_up_on"] = sent if sent and sent <= last else issued
                    self.scenario("notice sent up on time (≤ 10 days)", cid)
            record["notice"] = notice
        record["chairs"] = self.chairs(unit, spec.roles)
        record["petitions"] = petitions
        if spec.correction:
            record["corrections"] = [self.correction(spec, unit, held, record, raw)]
            self.scenario(f"correction of {spec.correction}", cid)
        self.conferences.append(record)
        self.files[CONTENT / "conferences" / unit.id / f"{spec.held}.yaml"] = record
        return record

    def petition(
        self,
        spec: Spec,
        unit: Unit,
        held: date,
        no: int,
        p: dict[str, Any],
        processed: bool,
        assigned_on: date,
        assigned_doc: str,
        assignees: list[str],
    ) -> dict[str, Any]:
        rng = self.rng
        entry: dict[str, Any] = {
            "no": no,
            "raised": p["raised"],
            "received_on": p["received"],
            "petitioner": {"kind": p["kind"], "label": p["label"]},
            "field": p["field"],
            "summary": p["summary"],
            "within_authority": p["within"],
        }
        field_ = p["field"]
        updates: list[dict[str, Any]] = []
        assignments: list[dict[str, Any]] = []
        supervision: list[dict[str, Any]] = []
        if not p["within"]:
            target = FORWARD[field_][0 if unit.level in ("xa", "huyen") else 1]
            if unit.level == "so-nganh" and target == self.units[unit.id].name:
                target = "UBND tỉnh An Lạc"
            entry["forwarded_to"] = target
            if processed:
                day = self.cal.after(held, rng.randint(2, 5))
                office = next((a[0] for a in AGENCIES if a[2] == unit.id and a[3] == "vp"), None)
                updates.append(
                    {
                        "date": day,
                        "status": "da-chuyen",
                        "by": office,
                        "note": f"Nội dung không thuộc thẩm quyền; đã chuyển {target} xem xét, giải quyết và thông báo cho người kiến nghị biết.",
                        "evidence": f"{self.doc(unit.id, 'cv', day.year)} ngày {vn(day)}",
                    }
                )
                receiver = next(
                    (
                        u.id
                        for u in self.units.values()
                        if u.name == target and u.level in ("so-nganh", "co-quan")
                    ),
                    None,
                )
                later = self.cal.after(day, rng.randint(12, 30))
                if receiver and later <= AS_OF and rng.random() < 0.6:
                    status = rng.choice(["da-tra-loi", "da-giai-quyet"])
                    updates.append(
                        {
                            "date": later,
                            "status": status,
                            "by": receiver,
                            "note": ("Đã trả lời bằng văn bản: " + p["answer"])
                            if status == "da-tra-loi"
                            else p["resolved"],
                            "evidence": f"{self.doc(receiver, 'cv' if status == 'da-tra-loi' else 'qd', later.year)} ngày {vn(later)}",
                        }
                    )
        elif p["answered"]:
            entry["answered_at_conference"] = True
            entry["answer"] = p["answer"]
        elif processed:
            to, note = self.assignee(unit, spec.roles, field_, p["place"])
            assignees.append(to)
            assignment: dict[str, Any] = {
                "to": to,
                "assigned_on": assigned_on,
                "due_on": None,  # set by some result patterns; kept here for the key order
                "document_number": assigned_doc,
                "note": note,
            }
            assignments.append(assignment)
            updates = self.results(spec, unit, held, p, to, assignment)
            supervision = self.supervise(spec, unit, held, p, updates, assignments)
            if unit.level == "huyen":
                self.hand_over(unit, assignments, updates)
        entry["assignments"] = assignments
        entry["updates"] = [
            {k: v for k, v in u.items() if not (k == "by" and v == unit.id)} for u in updates
        ]
        entry["supervision"] = supervision
        return entry

    def results(
        self,
        spec: Spec,
        unit: Unit,
        held: date,
        p: dict[str, Any],
        to: str,
        assignment: dict[str, Any],
    ) -> list[dict[str, Any]]:
        """The agency's updates after an assignment, according to a pattern."""
        rng = self.rng
        start: date = assignment["assigned_on"]
        cid = f"{unit.id}.{spec.held}"
        weights = {
            "mixed": {
                "fast": 38,
                "answer": 14,
                "long": 16,
                "late": 10,
                "none": 6,
                "slow": 8,
                "reforward": 3,
                "ongoing": 5,
            },
            "late": {"late": 60, "fast": 20, "none": 20},
            "overdue": {"none": 45, "slow": 25, "fast": 30},
            "not-due": {"none": 80, "fast": 20},
            "good": {"fast": 60, "long": 40},
        }[spec.results]
        pattern = p["pattern"] or rng.choices(list(weights), weights=list(weights.values()))[0]
        after = self.cal.after
        field_ = p["field"]
        by = to
        closing_ok = rng.random() < 0.6

        def progress(day: date) -> dict[str, Any]:
            update = {
                "date": day,
                "status": "dang-giai-quyet",
                "by": by,
                "note": rng.choice(PROGRESS[field_]),
            }
            if rng.random() < 0.3:
                update["evidence"] = f"{self.doc(by, 'cv', day.year)} ngày {vn(day)}"
            return update

        def close(day: date, status: str) -> dict[str, Any]:
            if status == "da-giai-quyet":
                kind = rng.choice(
                    ["qd", "bc", "bc"]
                    if field_ not in ("dat-dai", "an-sinh-xa-hoi", "khieu-nai-to-cao")
                    else ["qd"]
                )
                evidence = f"{self.doc(by, kind, day.year)} ngày {vn(day)}"
                note = p["resolved"] or "Đã giải quyết xong nội dung kiến nghị."
            else:
                evidence = f"{self.doc(by, 'cv', day.year)} ngày {vn(day)}"
                note = "Đã trả lời bằng văn bản cho người kiến nghị: " + p["answer"]
            update = {"date": day, "status": status, "by": by, "note": note, "evidence": evidence}
            if rng.random() < 0.35:
                update["evidence_url"] = (
                    f"{SITE}/{by}/van-ban/{day.year}/{ascii_slug(evidence.split(' ngày ')[0])}.pdf"
                )
            return update

        ups: list[dict[str, Any]] = []
        if pattern == "fast":
            if rng.random() < 0.45:
                ups.append(progress(after(start, rng.randint(2, 4))))
            ups.append(
                close(
                    after(start, rng.randint(6, 12)),
                    "da-giai-quyet" if closing_ok else "da-tra-loi",
                )
            )
        elif pattern == "answer":
            ups.append(close(after(start, rng.randint(5, 11)), "da-tra-loi"))
        elif pattern == "long":
            ups.append(progress(after(start, rng.randint(4, 10))))
            done = after(start, rng.randint(25, 55))
            ups.append(close(done, "da-giai-quyet"))
            assignment["due_on"] = done + timedelta(days=rng.randint(5, 25))
            assignment["note"] += f" Thời hạn hoàn thành chậm nhất ngày {vn(assignment['due_on'])}."
        elif pattern == "late":
            ups.append(
                close(
                    after(start, rng.randint(21, 35)),
                    "da-giai-quyet" if closing_ok else "da-tra-loi",
                )
            )
        elif pattern == "slow":
            ups.append(progress(after(start, rng.randint(18, 28))))
        elif pattern == "ongoing":
            ups.append(progress(after(start, rng.randint(5, 10))))
        elif pattern == "reforward":
            day = after(start, rng.randint(3, 8))
            target = FORWARD[field_][0 if unit.level in ("xa", "huyen") else 1]
            ups.append(
                {
                    "date": day,
                    "status": "da-chuyen",
                    "by": by,
                    "note": f"Qua kiểm tra, nội dung vượt thẩm quyền; đã báo cáo và chuyển {target} giải quyết, thông báo cho người kiến nghị biết.",
                    "evidence": f"{self.doc(by, 'cv', day.year)} ngày {vn(day)}",
                }
            )
        ups = [u for u in ups if u["date"] <= AS_OF]
        profile_has_result = unit.profile == "qd-son-la"
        first_close = next(
            (u["date"] for u in ups if u["status"] in ("da-giai-quyet", "da-tra-loi", "da-chuyen")),
            None,
        )
        due = assignment.get("due_on") or (after(start, 15) if profile_has_result else None)
        if due is not None:
            if first_close is not None:
                name = "result on time" if first_close <= due else "result late"
                if (
                    first_close <= due
                    and self.cal.between(first_close, due) < 2
                    and not assignment.get("due_on")
                ):
                    name = ""
                if name and (profile_has_result or assignment.get("due_on")):
                    self.scenario(name, cid)
            elif due < AS_OF:
                self.scenario("result overdue (no closing update)", cid)
            else:
                self.scenario("result not yet due", cid)
        return ups

    def hand_over(
        self, unit: Unit, assignments: list[dict[str, Any]], updates: list[dict[str, Any]]
    ) -> None:
        """A former district's open work passes to its successor on 1 July 2025."""
        assert unit.valid_to is not None and unit.successor is not None
        if not any(u["date"] > unit.valid_to for u in updates):
            return
        transfer = self.cal.after(unit.valid_to, 5)
        successor = self.units[unit.successor]
        assignments.append(
            {
                "to": successor.id,
                "assigned_on": transfer,
                "document_number": f"{self.rng.randint(3, 40)}/UBND-VP",
                "note": f"Chuyển giao UBND {successor.short} tiếp tục giải quyết theo phương án sắp xếp đơn vị hành chính ({unit.short} kết thúc hoạt động từ ngày 01/7/2025).",
            }
        )
        floor = self.cal.after(transfer, 1)
        for u in updates:
            if u["date"] > unit.valid_to:
                u["date"] = max(u["date"], floor)
                u["by"] = successor.id
                floor = u["date"]

    def supervise(
        self,
        spec: Spec,
        unit: Unit,
        held: date,
        p: dict[str, Any],
        updates: list[dict[str, Any]],
        assignments: list[dict[str, Any]],
    ) -> list[dict[str, Any]]:
        rng = self.rng
        closing = [u for u in updates if u["status"] in ("da-giai-quyet", "da-tra-loi")]
        if not closing or rng.random() > 0.45:
            return []
        last = closing[-1]
        day = self.cal.next_working(last["date"] + timedelta(days=rng.randint(8, 35)))
        if day > AS_OF:
            return []
        by = self.mttq_for(unit, p["place"], day)
        answer = last["status"] == "da-tra-loi"
        cid = f"{unit.id}.{spec.held}"
        if rng.random() < 0.2:
            entry = {
                "by": by,
                "date": day,
                "verdict": "khong-xac-nhan",
                "note": rng.choice(DISPUTE_ANSWER_NOTES if answer else DISPUTE_NOTES),
                "document": f"Báo cáo số {rng.randint(3, 90)}/BC-MTTQ-BTT ngày {vn(day)}",
            }
            out = [entry]
            self.scenario("supervision disputes a claimed resolution (khong-xac-nhan)", cid)
            agency = last["by"]
            redo = self.cal.after(day, rng.randint(3, 6))
            if redo <= AS_OF:
                updates.append(
                    {
                        "date": redo,
                        "status": "dang-giai-quyet",
                        "by": agency,
                        "note": "Tiếp thu ý kiến giám sát của Ủy ban Mặt trận Tổ quốc, đang kiểm tra lại và bổ sung biện pháp giải quyết.",
                    }
                )
                fixed = self.cal.after(redo, rng.randint(8, 20))
                if fixed <= AS_OF and rng.random() < 0.7:
                    updates.append(
                        {
                            "date": fixed,
                            "status": last["status"],
                            "by": agency,
                            "note": "Đã khắc phục tồn tại theo ý kiến giám sát. " + last["note"],
                            "evidence": f"{self.doc(agency, 'bc', fixed.year)} ngày {vn(fixed)}",
                        }
                    )
                    check = self.cal.next_working(fixed + timedelta(days=rng.randint(7, 20)))
                    if check <= AS_OF:
                        out.append(
                            {
                                "by": by,
                                "date": check,
                                "verdict": "xac-nhan",
                                "note": "Giám sát lại: các tồn tại đã được khắc phục, người kiến nghị đồng tình.",
                            }
                        )
            return out
        self.scenario("supervision confirms (xac-nhan)", cid)
        entry = {
            "by": by,
            "date": day,
            "verdict": "xac-nhan",
            "note": rng.choice(CONFIRM_ANSWER_NOTES if answer else CONFIRM_NOTES),
        }
        if rng.random() < 0.4:
            entry["document"] = f"Báo cáo số {rng.randint(3, 90)}/BC-MTTQ-BTT ngày {vn(day)}"
        return [entry]

    def correction(
        self, spec: Spec, unit: Unit, held: date, record: dict[str, Any], raw: list[dict[str, Any]]
    ) -> dict[str, Any]:
        rng = self.rng
        if spec.correction == "notice.number":
            notice = record["notice"]
            right = notice["number"]
            digits = re.match(r"\d+", right)
            assert digits
            wrong = str(int(digits.group()) + 10) + right[digits.end() :]
            notice["number"] = wrong
            notice["url"] = f"{SITE}/{unit.id}/thong-bao/{held.year}/{ascii_slug(right)}.pdf"
            day = self.cal.after(notice["issued_on"], rng.randint(4, 8))
            return {
                "date": day,
                "target": "notice.number",
                "value": right,
                "reason": f"Ghi nhầm số thông báo khi cập nhật hồ sơ; số đúng là {right} theo bản ký số lưu tại Văn phòng.",
            }
        if spec.correction == "notice.issued_on":
            notice = record["notice"]
            right = notice["issued_on"]
            wrong = self.cal.before(right, 1)
            if wrong <= held:
                raise RuntimeError("correction would put the notice before the conference")
            notice["issued_on"] = wrong
            day = self.cal.after(right, rng.randint(3, 6))
            return {
                "date": day,
                "target": "notice.issued_on",
                "value": right.isoformat(),
                "reason": f"Nhập nhầm ngày ký thông báo; ngày ban hành đúng là {vn(right)} theo bản gốc.",
            }
        # petitions[3].summary: the published summary names the wrong place
        index = 3
        p = raw[index]
        entry = record["petitions"][index]
        right_place = p["place"].thon
        others = [x for x in unit.places if x != right_place and x not in entry["summary"]]
        wrong_place = others[0]
        assert right_place in entry["summary"], entry["summary"]
        right = entry["summary"]
        entry["summary"] = right.replace(right_place, wrong_place)
        self.summaries.add(entry["summary"])
        day = self.cal.after(record["notice"]["issued_on"], rng.randint(5, 10))
        return {
            "date": day,
            "target": f"petitions[{entry['no']}].summary",  # [n] is the petition's no
            "value": right,
            "reason": f"Ghi nhầm địa bàn: kiến nghị của người dân {right_place}, không phải {wrong_place}; đính chính theo biên bản hội nghị.",
        }

    # -- texts

    def venue(self, unit: Unit, spec: Spec) -> str:
        rng = self.rng
        if spec.form == "truc-tuyen":
            return (
                f"Trực tuyến từ phòng họp {unit.name}, kết nối các điểm cầu tại UBND các xã, phường"
            )
        if unit.level == "tinh":
            return "Trung tâm Hội nghị tỉnh An Lạc" + (
                " và các điểm cầu tại UBND các xã, phường" if spec.form == "ket-hop" else ""
            )
        if unit.level == "so-nganh":
            return f"Hội trường {unit.name}"
        if unit.level == "huyen":
            return (
                "Hội trường Huyện ủy Phú Lạc"
                if "bi-thu" in spec.roles
                else "Hội trường UBND huyện Phú Lạc"
            )
        if spec.customs:
            return "Nhà văn hóa bản Nà Lường, xã Suối Ngọc"
        if spec.kind == "dinh-ky" or rng.random() < 0.5:
            return f"Hội trường Đảng ủy - HĐND - UBND {unit.short}"
        place = rng.choice(unit.places)
        return f"Nhà văn hóa {place}, {unit.short}"

    def attendance(self, unit: Unit, spec: Spec) -> int:
        rng = self.rng
        if spec.outcome == "khong-thanh":
            return 46
        if unit.level == "tinh":
            return rng.randrange(280, 620, 5)
        if unit.level == "so-nganh":
            return rng.randrange(60, 260, 5)
        if unit.level == "huyen":
            return rng.randrange(150, 320, 5)
        return rng.randrange(70, 260, 5)

    def who(self, unit: Unit, roles: tuple[str, ...]) -> str:
        names = []
        for role in roles:
            if unit.level == "so-nganh":
                names.append(f"Giám đốc {unit.name.removesuffix(' tỉnh An Lạc')}")
            elif role == "bi-thu":
                names.append(
                    {"tinh": "Bí thư Tỉnh ủy", "huyen": "Bí thư Huyện ủy"}.get(
                        unit.level, "Bí thư Đảng ủy"
                    )
                )
            else:
                names.append(f"Chủ tịch UBND {unit.short.split(' ')[0]}")
        return ", ".join(names)

    def conference_summary(
        self, unit: Unit, spec: Spec, record: dict[str, Any], petitions: list[dict[str, Any]]
    ) -> str:
        topics = [FIELD_NAMES[f] for f in record["fields"]][:5]
        online = " (trực tiếp và tại các điểm cầu trực tuyến)" if spec.form == "ket-hop" else ""
        before = sum(1 for p in petitions if p["raised"] != "tai-hoi-nghi")
        intro = (
            "thông tin tình hình kinh tế - xã hội, quốc phòng - an ninh và kết quả giải quyết kiến nghị kỳ trước"
            if spec.kind == "dinh-ky"
            else "thông tin chủ trương, chính sách và tiến độ thực hiện liên quan đến nội dung đối thoại"
        )
        return (
            f"Hội nghị có {record['attendance']} đại biểu và Nhân dân tham dự{online}. {self.who(unit, spec.roles)} {intro}. "
            f"Hội nghị ghi nhận {len(petitions)} ý kiến, kiến nghị ({before} ý kiến gửi trước hội nghị), tập trung vào các lĩnh vực: {', '.join(topics)}."
        )

    def notice_summary(
        self, unit: Unit, spec: Spec, petitions: list[dict[str, Any]], assignees: list[str]
    ) -> str:
        answered = sum(1 for p in petitions if p.get("answered_at_conference"))
        forwarded = sum(1 for p in petitions if not p["within_authority"])
        assigned = sum(1 for p in petitions if p["assignments"])
        names: list[str] = []
        for a in assignees:
            name = (
                self.unit_display(a)
                if a != unit.id or unit.level == "xa"
                else "các phòng chuyên môn"
            )
            if a == unit.id and unit.level == "xa" and spec.roles != ("bi-thu",):
                name = "các phòng chuyên môn"
            if name not in names:
                names.append(name)
        deadline = {
            "qd-son-la": "trong 15 ngày làm việc kể từ ngày nhận văn bản giao việc",
            "kl-116-bac-giang": "bằng văn bản để tổng hợp báo cáo Ban Thường vụ",
            "hd-2023-thanh-uy": "trước kỳ báo cáo quý",
        }[unit.profile or "qd-son-la"]
        text = f"Hội nghị tiếp nhận {len(petitions)} ý kiến, kiến nghị"
        if answered:
            text += f", trong đó {answered} ý kiến đã được trả lời trực tiếp tại hội nghị"
        parts = []
        if assigned:
            parts.append(
                f"giao {', '.join(names)} giải quyết {assigned} kiến nghị thuộc thẩm quyền, báo cáo kết quả {deadline}"
            )
        if forwarded:
            parts.append(
                f"chuyển {forwarded} kiến nghị không thuộc thẩm quyền đến cơ quan có thẩm quyền và thông báo cho người kiến nghị biết"
            )
        mttq = (
            "Ủy ban MTTQ Việt Nam cùng cấp" if unit.level == "xa" else "Ủy ban MTTQ Việt Nam tỉnh"
        )
        parts.append(f"đề nghị {mttq} và các tổ chức chính trị - xã hội giám sát việc thực hiện")
        return text + ". Người chủ trì kết luận: " + "; ".join(parts) + "."

    # -- plans and reports

    def plans(self) -> None:
        by_head: dict[tuple[str, int, str], list[dict[str, Any]]] = {}
        for c in self.conferences:
            held = (
                date.fromisoformat(c["held_on"]) if isinstance(c["held_on"], str) else c["held_on"]
            )
            for chair in c["chairs"]:
                by_head.setdefault((c["unit"], held.year, HEAD_OF_ROLE[chair["role"]]), []).append(
                    c
                )
        for unit_id, year, head, registered, extras, note in PLANS:
            unit = self.units[unit_id]
            role = {v: k for k, v in HEAD_OF_ROLE.items()}[head]
            reg = date.fromisoformat(registered)
            planned = []
            for c in by_head.get((unit_id, year, head), []):
                held = c["held_on"]
                month_start = held.replace(day=1)
                planned.append(
                    {
                        "planned_on": month_start if c["kind"] != "dot-xuat" else held,
                        "kind": c["kind"],
                        "topic": c["title"],
                        "conference_id": f"{unit_id}.{held.isoformat()}",
                    }
                )
            for day, kind, topic in extras:
                planned.append(
                    {"planned_on": date.fromisoformat(day), "kind": kind, "topic": topic}
                )
            planned.sort(key=lambda x: x["planned_on"])
            if unit.level == "so-nganh":
                number = f"{self.rng.randint(5, 60)}/KH-{unit.code}"
            elif head == "cap-uy":
                suffix = {"tinh": "TU", "huyen": "HU"}.get(unit.level, "ĐU")
                number = f"{self.rng.randint(3, 40)}-KH/{suffix}"
            else:
                number = f"{self.rng.randint(5, 80)}/KH-UBND"
            target = 4 if unit.profile == "kl-116-bac-giang" else len(planned)
            record = {
                "unit": unit_id,
                "year": year,
                "head": head,
                "head_name": unit.heads[role],
                "registered_on": reg,
                "document": {
                    "number": number,
                    "url": f"{SITE}/{unit_id}/ke-hoach/{year}-{head}.pdf",
                },
                "target": target,
                "note": note,
                "conferences": planned,
            }
            self.files[CONTENT / "plans" / unit_id / f"{year}-{head}.yaml"] = record

    def reports(self) -> None:
        for unit_id, period, filed in REPORTS:
            unit = self.units[unit_id]
            filed_on = date.fromisoformat(filed)
            year = int(period[:4])
            if period.endswith("-h1"):
                start, end, phrase = date(year, 1, 1), date(year, 6, 30), f"6 tháng đầu năm {year}"
            elif "-q" in period:
                q = int(period[-1])
                start = date(year, 3 * q - 2, 1)
                end = (date(year, 3 * q, 28) + timedelta(days=4)).replace(day=1) - ONE_DAY
                phrase = f"quý {['I', 'II', 'III', 'IV'][q - 1]} năm {year}"
            else:
                start, end, phrase = date(year, 1, 1), date(year, 12, 31), f"năm {year}"
            end = min(end, filed_on)
            held = [
                c for c in self.conferences if c["unit"] == unit_id and start <= c["held_on"] <= end
            ]
            earlier = [c for c in self.conferences if c["unit"] == unit_id and c["held_on"] < start]
            counts = self.tally(held, filed_on)
            backlog = self.tally(earlier, filed_on)["open"]
            name = unit.short if unit.level != "so-nganh" else unit.name
            if held:
                summary = (
                    f"Trong {phrase}, {name} tổ chức {len(held)} hội nghị đối thoại trực tiếp với Nhân dân, tiếp nhận {counts['total']} ý kiến, kiến nghị; "
                    f"đến ngày báo cáo đã giải quyết, trả lời {counts['resolved']} ý kiến, chuyển cơ quan có thẩm quyền {counts['forwarded']} ý kiến, "
                    f"đang tiếp tục giải quyết {counts['open']} ý kiến."
                )
            else:
                summary = f"Trong {phrase} (tính đến ngày báo cáo), {name} chưa tổ chức hội nghị đối thoại trực tiếp với Nhân dân."
            if backlog:
                summary += f" Các kỳ trước còn {backlog} kiến nghị đang giải quyết, tiếp tục theo dõi, đôn đốc."
            elif earlier:
                summary += " Các kiến nghị tiếp nhận từ các kỳ trước đã được giải quyết, trả lời hoặc chuyển cơ quan có thẩm quyền."
            if unit.level == "so-nganh":
                number = f"{self.rng.randint(20, 400)}/BC-{unit.code}"
            else:
                number = f"{self.rng.randint(20, 600)}/BC-UBND"
            sent_to = {
                "qd-son-la": "Thường trực Tỉnh ủy (qua Văn phòng Tỉnh ủy, Ban Dân vận Tỉnh ủy); Ủy ban MTTQ Việt Nam tỉnh",
                "hd-2023-thanh-uy": "Ban Dân vận Tỉnh ủy An Lạc",
            }[unit.profile or "qd-son-la"]
            if unit.level == "tinh":
                sent_to = "Ban Thường vụ Tỉnh ủy; Ban Dân vận Trung ương"
            record = {
                "unit": unit_id,
                "period": period,
                "filed_on": filed_on,
                "number": number,
                "url": f"{SITE}/{unit_id}/bao-cao/{period}.pdf",
                "sent_to": sent_to,
                "summary": summary,
            }
            self.files[CONTENT / "reports" / unit_id / f"{period}.yaml"] = record

    @staticmethod
    def tally(conferences: list[dict[str, Any]], on: date) -> dict[str, int]:
        """Petitions of these conferences by outcome as known on a date."""
        counts = Counter(total=0, resolved=0, forwarded=0, open=0)
        for c in conferences:
            for p in c["petitions"]:
                counts["total"] += 1
                ups = [u for u in p["updates"] if u["date"] <= on]
                status = (
                    ups[-1]["status"]
                    if ups
                    else ("da-tra-loi" if p.get("answered_at_conference") else None)
                )
                if status in ("da-giai-quyet", "da-tra-loi"):
                    counts["resolved"] += 1
                elif status == "da-chuyen":
                    counts["forwarded"] += 1
                else:
                    counts["open"] += 1
        return dict(counts)

    # -- run

    def build(self) -> None:
        for unit in self.units.values():
            self.files[CONTENT / "units" / f"{unit.id}.yaml"] = unit.record()
        for spec in sorted(SPECS, key=lambda s: s.held):
            self.conference(spec)
        self.plans()
        self.reports()
        self.check()

    def check(self) -> None:
        petitions = [p for c in self.conferences for p in c["petitions"]]
        assert len(self.conferences) >= 40, len(self.conferences)
        assert len(petitions) >= 300, len(petitions)
        assert {p["field"] for p in petitions} == set(FIELDS), set(FIELDS) - {
            p["field"] for p in petitions
        }
        assert {p["raised"] for p in petitions} == {
            "truoc-hoi-nghi",
            "truoc-hoi-nghi-duoi-5-ngay",
            "tai-hoi-nghi",
        }
        assert {p["petitioner"]["kind"] for p in petitions} == {
            "ca-nhan",
            "nhom",
            "doanh-nghiep",
            "to-chuc",
        }
        statuses = {u["status"] for p in petitions for u in p["updates"]}
        assert statuses == {"dang-giai-quyet", "da-giai-quyet", "da-tra-loi", "da-chuyen"}, statuses
        verdicts = {s["verdict"] for p in petitions for s in p["supervision"]}
        assert verdicts == {"xac-nhan", "khong-xac-nhan"}, verdicts
        assert {c["kind"] for c in self.conferences} == {"dinh-ky", "chuyen-de", "dot-xuat"}
        for p in petitions:
            assert len(p["petitioner"]["label"]) <= 80, p["petitioner"]["label"]
            dates = [u["date"] for u in p["updates"]]
            assert dates == sorted(dates), p
            assert all(d <= AS_OF for d in dates)

    def write(self) -> None:
        for folder in OUTPUTS:
            shutil.rmtree(CONTENT / folder, ignore_errors=True)
        from danbiet import records
        from danbiet.fmt import format_text

        for path, record in sorted(self.files.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            rel = path.relative_to(CONTENT.parent).as_posix()
            found = records.classify(rel.removeprefix("content/"))
            node = found[0].node if found else None
            path.write_text(format_text(dump(record), node, rel), encoding="utf-8")

    def report(self) -> None:
        tables: Counter[str] = Counter()
        for c in self.conferences:
            tables["conferences"] += 1
            tables["notices"] += "notice" in c
            tables["chairs"] += len(c["chairs"])
            tables["corrections"] += len(c.get("corrections", []))
            for p in c["petitions"]:
                tables["petitions"] += 1
                tables["assignments"] += len(p["assignments"])
                tables["updates"] += len(p["updates"])
                tables["supervision"] += len(p["supervision"])
        print(f"calendar: {self.cal.source}; files written: {len(self.files)}")
        print("rows:", dict(tables))
        for name, found in sorted(self.scenarios.items()):
            shown = ", ".join(found[:4]) + (f" (+{len(found) - 4})" if len(found) > 4 else "")
            print(f"  {name}: {shown}")


def main() -> int:
    demo = Demo()
    demo.build()
    demo.write()
    demo.report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
