"""danbiet.checks.privacy: personal data is found, ordinary numbers and officials are not."""

from __future__ import annotations

import unicodedata

import pytest

from danbiet.checks.privacy import official_names, scan_document, scan_text
from danbiet.safeyaml import load_text


def found(text: str, *, label: bool = False, allowed: set[str] | None = None) -> list[str]:
    return [code for code, _, _ in scan_text(text, allowed or set(), label=label)]


@pytest.mark.parametrize(
    "text",
    [
        "Liên hệ 0912345678",
        "Liên hệ 0912 345 678",
        "SĐT: 0912.345.678",
        "điện thoại 0912-345-678",
        "số 091 234 5678",
        "gọi 0356789012",
        "gọi 0789 012 345 hoặc",
        "gọi 0589012345",
        "gọi +84 912 345 678",
        "gọi +84912345678",
        "gọi (+84) 912 345 678",
        "gọi 84912345678",
        "số bàn (024) 3825 1234",
        "số bàn 024 3825 1234",
        "số bàn 0243.825.1234",
        "số bàn 02223812345",
    ],
)
def test_phone_numbers(text):
    assert found(text) == ["personal-phone"]


@pytest.mark.parametrize(
    "text",
    [
        "CCCD số 001085012345",
        "căn cước công dân 001 085 012 345",
        "số định danh cá nhân: 079203001234",
        "mang theo 001085012345 khi đến",
        "CMND 123456789",
        "chứng minh nhân dân số 212345678",
    ],
)
def test_id_numbers(text):
    assert found(text) == ["personal-id"]


@pytest.mark.parametrize(
    "text",
    ["thư nguyenvana@gmail.com", "gửi tới Tran.Thi.B+don@yahoo.com.vn ngay"],
)
def test_emails(text):
    assert found(text) == ["personal-email"]


@pytest.mark.parametrize(
    "text",
    [
        "xe 29A-123.45 đỗ trước cổng",
        "xe tải 51F-12345",
        "xe máy 30E1-123.45",
        "xe máy 29-B1 123.45",
        "xe 59X1 12345",
    ],
)
def test_vehicle_plates(text):
    assert found(text) == ["personal-plate"]


@pytest.mark.parametrize(
    "text",
    [
        "ông Nguyễn Văn Bình phản ánh",
        "Bà Trần Thị Hoa đề nghị",
        "hộ ông Lê Văn Tám bị ảnh hưởng",
        "gia đình bà Phạm Thị Lan",
        "anh Hoàng Minh Tuấn và chị Đỗ Thu Hà",
        "cháu Võ Gia Bảo bị tai nạn",
        "của ông Nguyễn Văn Bình Phó",
    ],
)
def test_names_after_personal_cues(text):
    assert set(found(text)) == {"personal-name"}


def test_names_in_labels():
    assert found("Nguyễn Văn Bình", label=True) == ["personal-name"]
    assert found("Ông Nguyễn Văn Bình, thôn Đông", label=True) == ["personal-name"]
    assert found("Nguyễn Văn Bình") == []  # outside a label, a name needs a cue


@pytest.mark.parametrize(
    "text",
    [
        "Quyết định 123/QĐ-UBND ngày 12/03/2026",
        "Thông báo 45-TB/ĐU, Kế hoạch 05-KH/ĐU",
        "ngày 2026-03-12, 02/03/2026, 03.12.2026, 12-3-2026",
        "bồi thường 1.200.000 đồng",
        "tổng kinh phí 150000000 đồng",
        "thửa đất số 125, tờ bản đồ số 7, diện tích 2.500 m2",
        "MST 0312345678",
        "mã hồ sơ 000123456789",
        "Tỉnh lộ 398, km 12+500",
        "120 người dự, 387 kiến nghị, 12 hộ",
        "năm 2025-2026",
        "Công dân thôn Đông",
        "bà con thôn Đông và bà con khu phố 3",
        "anh Hùng, chị Lan",  # a given name alone does not identify
        "ông Nguyễn Văn A",  # the usual placeholder
        "Chủ tịch UBND xã Tân An Nguyễn Văn An chủ trì",
        "ông Nguyễn Văn An, Chủ tịch UBND xã, trả lời",
        "ông Nguyễn Văn An (Bí thư Đảng ủy xã) kết luận",
        "đồng chí Trần Thị Bình chỉ đạo",
        "Cử tri đường Trần Hưng Đạo",
        "https://xa-thu.gov.vn/tb-12",
        "Đường tỉnh 398, Quốc lộ 1A, lớp 10A1",
    ],
)
def test_not_personal(text):
    assert found(text, label=True) == []


def test_labels_name_places_not_people():
    for label in ("Nhóm hộ dân thôn Phan Thiết", "Cử tri phường Lê Lợi", "Công dân xã Hồ Tùng"):
        assert found(label, label=True) == []


def test_officials_are_allowed():
    officials = {"nguyễn văn an"}
    assert found("ông Nguyễn Văn An trả lời", allowed=officials) == []
    assert found("ông Nguyễn Văn Ân trả lời", allowed=officials) == ["personal-name"]


def test_decomposed_unicode_is_scanned_like_composed():
    text = unicodedata.normalize("NFD", "gia đình ông Nguyễn Văn Bình")
    assert found(text) == ["personal-name"]


def test_findings_are_masked():
    [(code, what, _)] = scan_text("gọi 0912 345 678", set())
    assert code == "personal-phone" and "345" not in what and what.endswith("78)")
    [(code, what, _)] = scan_text("ông Nguyễn Văn Bình", set())
    assert what == "the name of a person (Nguyễn V. B.)"


RECORD = """\
unit: xa-thu
title: Đối thoại
chairs:
  - name: Nguyễn Văn An
    role: chu-tich
notice:
  number: 12-TB/ĐU
  signer: Lê Thị Hồng, Bí thư Đảng ủy xã
petitions:
  - no: 1
    petitioner:
      kind: ca-nhan
      label: Trần Văn Hùng
    summary: |-
      Đề nghị sửa đường.
      Liên hệ 0912345678.
    answer: Ông Nguyễn Văn An và bà Lê Thị Hồng trả lời
"""


def test_scan_document_reports_file_line_and_field():
    document = load_text(RECORD)
    allowed = official_names(document.data)
    assert allowed == {"nguyễn văn an", "lê thị hồng"}
    problems = scan_document("content/x.yaml", document, RECORD, allowed, "xa-thu.2026-03-12")
    assert [(p.code, p.line, p.field) for p in problems] == [
        ("personal-name", 13, "petitions[0].petitioner.label"),
        ("personal-phone", 16, "petitions[0].summary"),
    ]
    assert all(p.path == "content/x.yaml" and p.record == "xa-thu.2026-03-12" for p in problems)
    assert "pseudonymous label" in problems[0].message
