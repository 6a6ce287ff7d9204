"""The two computed tables of the export: their schemas (Vietnamese) and their rows.

obligations     every obligation of `danbiet.obligations.compute` as of the export date
status_history  one row per progress update: the status it set, the status before it, the
                date the office declared and, with a Git ledger, when it was first published
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from danbiet import schema
from danbiet.obligations import OBLIGATION_TITLES, STATE_TITLES, STATES, Obligation
from danbiet.rules import OBLIGATIONS

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
OBLIGATIONS_TABLE = "obligations"
HISTORY_TABLE = "status_history"

UPDATE_STATUSES = schema.enum("updates", "status")
VERDICTS = schema.enum("supervision", "verdict")


def _fk(fields: list[str], resource: str, ref: list[str] | None = None) -> dict[str, Any]:
    return {"fields": fields, "reference": {"resource": resource, "fields": ref or ["id"]}}


def _enum_text(titles: dict[str, str]) -> str:
    return ", ".join(f"{code} ({title[0].lower()}{title[1:]})" for code, title in titles.items())


_STATUS_TEXT = (
    "dang-giai-quyet (đang giải quyết), da-giai-quyet (đã giải quyết xong), "
    "da-tra-loi (đã trả lời, giải thích), da-chuyen (đã chuyển cơ quan có thẩm quyền)"
)

OBLIGATIONS_RESOURCE: dict[str, Any] = {
    "name": OBLIGATIONS_TABLE,
    "title": "Nghĩa vụ và thời hạn",
    "description": (
        "Mọi nghĩa vụ về thời hạn (kế hoạch năm, số cuộc đối thoại tối thiểu, giấy mời, thông báo "
        "kết luận, giao việc, kết quả giải quyết, báo cáo định kỳ) với hạn, ngày thực hiện và "
        "trạng thái tính tại ngày chốt số liệu, theo bộ quy tắc áp dụng cho từng đơn vị. Bảng "
        "này do hệ thống tính từ các bảng hồ sơ, không do đơn vị nhập."
    ),
    "schema": {
        "primaryKey": ["id", "rule"],
        "foreignKeys": [
            _fk(["unit"], "units"),
            _fk(["agency"], "units"),
            _fk(["conference"], "conferences"),
            _fk(["petition"], "petitions"),
        ],
        "fields": [
            {
                "name": "id",
                "type": "string",
                "title": "Mã nghĩa vụ",
                "description": (
                    "<loại nghĩa vụ>:<đối tượng>, ví dụ notice:xa-tan-an.2026-03-12; cùng với mã "
                    "quy tắc tạo thành khóa của bảng."
                ),
                "constraints": {"required": True},
            },
            {
                "name": "kind",
                "type": "string",
                "title": "Loại nghĩa vụ",
                "description": _enum_text(OBLIGATION_TITLES) + ".",
                "constraints": {"required": True, "enum": list(OBLIGATIONS)},
            },
            {
                "name": "unit",
                "type": "string",
                "title": "Đơn vị chịu trách nhiệm",
                "description": "Mã đơn vị phải thực hiện nghĩa vụ (đơn vị tổ chức đối thoại).",
                "constraints": {"required": True},
            },
            {
                "name": "subject",
                "type": "string",
                "title": "Đối tượng",
                "description": (
                    "Mã hồ sơ hoặc mục mà nghĩa vụ gắn với: <đơn vị>.<năm>.<người đứng đầu> "
                    "(kế hoạch, số cuộc đối thoại), mã hội nghị, mã kiến nghị, "
                    "<mã kiến nghị>/assignments/<lần giao> (kết quả giải quyết) hoặc "
                    "<đơn vị>.<kỳ> (báo cáo)."
                ),
                "constraints": {"required": True},
            },
            {
                "name": "title",
                "type": "string",
                "title": "Tên nghĩa vụ",
                "description": "Tên nghĩa vụ bằng tiếng Việt.",
                "constraints": {"required": True},
            },
            {
                "name": "profile",
                "type": "string",
                "title": "Bộ quy tắc",
                "description": "Mã bộ quy tắc thời hạn áp dụng (tệp content/rules/<mã>.yaml).",
                "constraints": {"required": True},
            },
            {
                "name": "rule",
                "type": "string",
                "title": "Quy tắc",
                "description": "Mã quy tắc trong bộ quy tắc.",
                "constraints": {"required": True},
            },
            {
                "name": "source",
                "type": "string",
                "title": "Căn cứ",
                "description": "Văn bản và điều, khoản quy định nghĩa vụ và thời hạn.",
                "constraints": {"required": True},
            },
            {
                "name": "due",
                "type": "date",
                "title": "Hạn",
                "description": "Ngày cuối cùng còn được coi là đúng hạn.",
                "constraints": {"required": True},
            },
            {
                "name": "done",
                "type": "date",
                "title": "Ngày thực hiện",
                "description": (
                    "Ngày thực hiện nghĩa vụ theo hồ sơ (với thông báo kết luận, khi tính theo "
                    "lịch sử Git: ngày công bố nếu muộn hơn ngày ban hành); để trống nếu chưa "
                    "thực hiện."
                ),
            },
            {
                "name": "state",
                "type": "string",
                "title": "Trạng thái",
                "description": _enum_text(STATE_TITLES) + "; tính tại ngày chốt số liệu.",
                "constraints": {"required": True, "enum": list(STATES)},
            },
            {
                "name": "computation",
                "type": "string",
                "title": "Cách tính hạn",
                "description": "Diễn giải cách tính hạn, kể cả các ngày nghỉ được bỏ qua.",
                "constraints": {"required": True},
            },
            {
                "name": "provisional",
                "type": "boolean",
                "title": "Hạn tạm tính",
                "description": (
                    "true nếu lịch ngày nghỉ của năm chưa được xác nhận chính thức nên hạn là "
                    "tạm tính."
                ),
                "constraints": {"required": True},
            },
            {
                "name": "agency",
                "type": "string",
                "title": "Cơ quan được giao",
                "description": (
                    "Mã cơ quan, đơn vị được giao giải quyết (nghĩa vụ giao việc và kết quả "
                    "giải quyết)."
                ),
            },
            {
                "name": "conference",
                "type": "string",
                "title": "Hội nghị",
                "description": "Mã hội nghị mà nghĩa vụ phát sinh từ đó.",
            },
            {
                "name": "petition",
                "type": "string",
                "title": "Kiến nghị",
                "description": "Mã kiến nghị mà nghĩa vụ gắn với.",
            },
            {
                "name": "year",
                "type": "integer",
                "title": "Năm",
                "description": "Năm của kế hoạch, báo cáo hoặc hội nghị.",
            },
            {
                "name": "outcome",
                "type": "string",
                "title": "Kết quả giải quyết kiến nghị",
                "description": (
                    "Trạng thái mới nhất của kiến nghị: " + _STATUS_TEXT + "; da-tra-loi cả khi "
                    "đã trả lời tại hội nghị."
                ),
                "constraints": {"enum": list(UPDATE_STATUSES)},
            },
            {
                "name": "verdict",
                "type": "string",
                "title": "Kết luận giám sát",
                "description": (
                    "Kết luận giám sát gần nhất: xac-nhan (xác nhận đã thực hiện), "
                    "khong-xac-nhan (không xác nhận, đề nghị xem xét lại)."
                ),
                "constraints": {"enum": list(VERDICTS)},
            },
            {
                "name": "days_late",
                "type": "integer",
                "title": "Số ngày trễ",
                "description": (
                    "Số ngày theo lịch trễ so với hạn: khi đã thực hiện trễ, hoặc khi đang quá "
                    "hạn (tính đến ngày chốt số liệu)."
                ),
                "constraints": {"minimum": 0},
            },
        ],
    },
}

HISTORY_RESOURCE: dict[str, Any] = {
    "name": HISTORY_TABLE,
    "title": "Lịch sử trạng thái kiến nghị",
    "description": (
        "Mỗi lần thay đổi trạng thái giải quyết kiến nghị (mỗi lần cập nhật tiến độ): ngày đơn vị "
        "khai báo, trạng thái mới, trạng thái trước đó và thời điểm lần đầu công bố trên nhánh "
        "chính của kho Git (không thể ghi lùi ngày)."
    ),
    "schema": {
        "primaryKey": ["petition_id", "no"],
        "foreignKeys": [
            _fk(["petition_id"], "petitions"),
            _fk(["petition_id", "no"], "updates", ["petition_id", "no"]),
            _fk(["conference_id"], "conferences"),
        ],
        "fields": [
            {
                "name": "petition_id",
                "type": "string",
                "title": "Mã kiến nghị",
                "description": "Kiến nghị có trạng thái thay đổi.",
                "constraints": {"required": True},
            },
            {
                "name": "no",
                "type": "integer",
                "title": "Số thứ tự cập nhật",
                "description": "Thứ tự lần cập nhật tiến độ của kiến nghị (bắt đầu từ 1).",
                "constraints": {"required": True, "minimum": 1},
            },
            {
                "name": "conference_id",
                "type": "string",
                "title": "Mã hội nghị",
                "description": "Hội nghị tiếp nhận kiến nghị.",
                "constraints": {"required": True},
            },
            {
                "name": "date",
                "type": "date",
                "title": "Ngày khai báo",
                "description": "Ngày của diễn biến do đơn vị khai báo.",
                "constraints": {"required": True},
            },
            {
                "name": "status",
                "type": "string",
                "title": "Trạng thái",
                "description": "Trạng thái sau lần cập nhật: " + _STATUS_TEXT + ".",
                "constraints": {"required": True, "enum": list(UPDATE_STATUSES)},
            },
            {
                "name": "previous_status",
                "type": "string",
                "title": "Trạng thái trước đó",
                "description": "Trạng thái trước lần cập nhật; để trống với lần cập nhật đầu tiên.",
                "constraints": {"enum": list(UPDATE_STATUSES)},
            },
            {
                "name": "published_at",
                "type": "datetime",
                "title": "Thời điểm công bố",
                "description": (
                    "Thời điểm (giờ Việt Nam) cập nhật lần đầu có mặt trên nhánh chính của kho "
                    "Git; để trống nếu dữ liệu được xuất không kèm lịch sử Git hoặc cập nhật "
                    "chưa được công bố."
                ),
            },
            {
                "name": "published_commit",
                "type": "string",
                "title": "Commit công bố",
                "description": "Mã commit Git đầu tiên chứa cập nhật này.",
            },
        ],
    },
}


_OBLIGATION_FIELDS = tuple(f.name for f in dataclasses.fields(Obligation))


def obligation_dict(obligation: Obligation) -> dict[str, Any]:
    """`Obligation.to_dict()` without its deep copy (the export makes millions of them)."""
    row = {name: getattr(obligation, name) for name in _OBLIGATION_FIELDS}
    row["due"] = obligation.due.isoformat()
    row["done"] = obligation.done.isoformat() if obligation.done else None
    return row


def obligation_rows(obligations: Iterable[Obligation]) -> Iterator[dict[str, Any]]:
    for obligation in obligations:
        yield obligation_dict(obligation)


def history_rows(
    updates: Iterable[dict[str, Any]],
    petitions: dict[str, dict[str, Any]],
    ledger: Any = None,
) -> Iterator[dict[str, Any]]:
    """One row per update, with the status before it and, given a ledger, its publication.

    LEDGER is anything with `first_published(key) -> Commit | None` (`danbiet.ledger.Ledger`);
    update keys are `<petition_id>/updates/<n>`.
    """
    previous: dict[str, Any] = {}
    for update in updates:
        pid = update.get("petition_id")
        petition = petitions.get(pid) or {}
        published_at = published_commit = None
        if ledger is not None:
            commit = ledger.first_published(f"{pid}/updates/{update.get('no')}")
            if commit is not None:
                moment = commit.committed_at.astimezone(VIETNAM)
                published_at = moment.isoformat(timespec="seconds")
                published_commit = commit.sha
        yield {
            "petition_id": pid,
            "no": update.get("no"),
            "conference_id": petition.get("conference_id"),
            "date": update.get("date"),
            "status": update.get("status"),
            "previous_status": previous.get(pid),
            "published_at": published_at,
            "published_commit": published_commit,
        }
        previous[pid] = update.get("status")
