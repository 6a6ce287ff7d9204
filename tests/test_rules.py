"""Rule profiles (`danbiet.rules`): the three shipped profiles, their numbers checked against the
source documents, and every `RuleError`, which must name the file and the line to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from danbiet.rules import OBLIGATIONS, Profile, Rule, RuleError, load_profiles

REPO = Path(__file__).resolve().parents[1]
SHIPPED = ("hd-2023-thanh-uy", "kl-116-bac-giang", "qd-son-la")


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return load_profiles(REPO)


def _rule(profile: Profile, rule_id: str) -> Rule:
    [rule] = [r for r in profile.rules if r.id == rule_id]
    return rule


# --- the shipped profiles -------------------------------------------------------------------------


def test_shipped_profiles_load(profiles: dict[str, Profile]) -> None:
    assert sorted(profiles) == list(SHIPPED)
    for profile_id, profile in profiles.items():
        assert profile.id == profile_id
        assert profile.path == f"content/rules/{profile_id}.yaml"
        assert profile.title.strip() and profile.issuer.strip() and profile.document.strip()
        assert profile.due_soon_working_days == 3
        assert profile.rules


@pytest.mark.parametrize("profile_id", SHIPPED)
def test_every_rule_cites_an_article_and_a_quote(
    profiles: dict[str, Profile], profile_id: str
) -> None:
    for rule in profiles[profile_id].rules:
        assert rule.obligation in OBLIGATIONS
        assert rule.title.strip(), rule.id
        assert rule.source.article.strip(), rule.id
        # A real quotation from the document, not a placeholder.
        assert len(rule.source.quote.strip()) >= 20, rule.id


def test_qd_son_la_numbers(profiles: dict[str, Profile]) -> None:
    p = profiles["qd-son-la"]
    # Điều 11 khoản 1: "Chậm nhất 05 ngày làm việc: Thông báo ... giao việc ..."
    notice = _rule(p, "thong-bao-ket-luan")
    assert (notice.obligation, notice.clock, notice.days, notice.anchor) == (
        "notice",
        "working-days",
        5,
        "held_on",
    )
    assert "05 ngày làm việc" in notice.source.quote
    assignment = _rule(p, "giao-viec")
    assert (assignment.obligation, assignment.clock, assignment.days) == (
        "assignment",
        "working-days",
        5,
    )
    # "Trong thời gian 15 ngày làm việc kể từ khi nhận được văn bản giao việc"
    result = _rule(p, "ket-qua-giai-quyet")
    assert (result.obligation, result.clock, result.days, result.anchor) == (
        "result",
        "working-days",
        15,
        "assigned_on",
    )
    assert "15 ngày làm việc" in result.source.quote
    # Điều 8: "Gửi giấy mời (trước 05 ngày làm việc)", for regular and thematic dialogues.
    invitation = _rule(p, "giay-moi")
    assert (invitation.obligation, invitation.clock, invitation.days) == (
        "invitation",
        "working-days-before",
        5,
    )
    assert invitation.kinds == ("dinh-ky", "chuyen-de")
    assert "05 ngày làm việc" in invitation.source.quote
    # Điều 14: "6 tháng (trước 20/6)", "báo cáo năm (trước 10/12)".
    h1 = _rule(p, "bao-cao-6-thang")
    assert (h1.obligation, h1.period, h1.month, h1.day, h1.before_inclusive) == (
        "report",
        "h1",
        6,
        20,
        False,
    )
    assert "20/6" in h1.source.quote
    year = _rule(p, "bao-cao-nam")
    assert (year.period, year.month, year.day, year.before_inclusive) == ("year", 12, 10, False)
    assert "10/12" in year.source.quote
    # Điều 6 khoản 2: "ít nhất một năm 1 lần" — by the end of the year, 31/12 included.
    minimum = _rule(p, "doi-thoai-dinh-ky")
    assert (minimum.count, minimum.month, minimum.day, minimum.before_inclusive) == (
        1,
        12,
        31,
        True,
    )


def test_kl_116_numbers(profiles: dict[str, Profile]) -> None:
    p = profiles["kl-116-bac-giang"]
    # Mục II.1: "trước ngày 01 tháng 02 hàng năm, xây dựng kế hoạch ... (ít nhất 04 cuộc/năm)
    # và hoàn thành ... trước ngày 15/11"
    plan = _rule(p, "ke-hoach-nam")
    assert (plan.obligation, plan.month, plan.day, plan.before_inclusive) == ("plan", 2, 1, False)
    assert "01 tháng 02" in plan.source.quote
    minimum = _rule(p, "so-cuoc-toi-thieu")
    assert (minimum.obligation, minimum.count, minimum.month, minimum.day) == (
        "minimum-dialogues",
        4,
        11,
        15,
    )
    assert minimum.before_inclusive is False
    assert "04 cuộc/năm" in minimum.source.quote and "15/11" in minimum.source.quote
    # Mục II.3: "Sau 07 ngày làm việc khi kết thúc tiếp xúc, đối thoại ... ban hành thông báo"
    notice = _rule(p, "thong-bao-ket-luan")
    assert (notice.obligation, notice.clock, notice.days) == ("notice", "working-days", 7)
    assert "07 ngày làm việc" in notice.source.quote
    assignment = _rule(p, "chuyen-co-quan-giai-quyet")
    assert (assignment.obligation, assignment.clock, assignment.days) == (
        "assignment",
        "working-days",
        7,
    )
    assert p.find("invitation") == [] and p.find("result") == [] and p.find("report") == []


def test_hd_2023_numbers(profiles: dict[str, Profile]) -> None:
    p = profiles["hd-2023-thanh-uy"]
    # Mục 3.1: "... về Ban Dân vận Thành ủy trước ngày 01/3/2023."
    plan = _rule(p, "dang-ky-ke-hoach")
    assert (plan.obligation, plan.month, plan.day, plan.before_inclusive) == ("plan", 3, 1, False)
    assert "trước ngày 01/3" in plan.source.quote
    # "Hằng quý ... trước ngày 15 tháng cuối của quý."
    quarterly = _rule(p, "bao-cao-quy")
    assert (quarterly.obligation, quarterly.period, quarterly.month, quarterly.day) == (
        "report",
        "quarter",
        None,
        15,
    )
    assert "trước ngày 15 tháng cuối của quý" in quarterly.source.quote
    year = _rule(p, "bao-cao-nam")
    assert (year.period, year.month, year.day) == ("year", 11, 15)
    assert "15/11" in year.source.quote
    # "Trong thời gian 10 ngày kể từ khi tổ chức hội nghị ... gửi 01 bản Thông báo kết luận"
    sent_up = _rule(p, "gui-thong-bao-ket-luan")
    assert (sent_up.obligation, sent_up.clock, sent_up.days, sent_up.anchor) == (
        "notice-sent-up",
        "days",
        10,
        "held_on",
    )
    assert "10 ngày" in sent_up.source.quote
    minimum = _rule(p, "doi-thoai-dinh-ky")
    assert (minimum.count, minimum.month, minimum.day, minimum.before_inclusive) == (
        1,
        12,
        31,
        True,
    )
    assert p.find("notice") == [] and p.find("assignment") == []


def test_settings_apply_to_rules_unless_overridden(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "thu",
        """\
id: thu
title: Bộ quy tắc thử
issuer: Cơ quan thử
document: Văn bản thử
settings: {before_inclusive: true, fixed_date_roll: next-working-day, due_soon_working_days: 0}
rules:
  - id: ke-hoach
    obligation: plan
    title: Kế hoạch
    deadline: {month: 2, day: 1}
    source: {article: Điều 1, quote: "trước ngày 01 tháng 02 hằng năm"}
  - id: bao-cao
    obligation: report
    title: Báo cáo
    period: year
    deadline: {month: 12, day: 10}
    before_inclusive: false
    fixed_date_roll: none
    source: {article: Điều 2, quote: "báo cáo năm trước ngày 10/12"}
""",
    )
    profile = load_profiles(tmp_path)["thu"]
    assert profile.due_soon_working_days == 0
    plan, report = profile.rules
    assert (plan.before_inclusive, plan.roll) == (True, "next-working-day")
    assert (report.before_inclusive, report.roll) == (False, "none")
    assert plan.kinds == ("dinh-ky", "chuyen-de", "dot-xuat")  # every kind by default


def test_no_rules_folder_means_no_profiles(tmp_path: Path) -> None:
    assert load_profiles(tmp_path) == {}


# --- errors: every one names the file and the line ----------------------------------------------

GOOD = """\
id: thu
title: Bộ quy tắc thử
issuer: Cơ quan thử
document: Văn bản thử
settings:
  before_inclusive: false
  fixed_date_roll: none
rules:
  - id: thong-bao
    obligation: notice
    title: Thông báo kết luận trong 05 ngày làm việc
    clock: working-days
    days: 5
    anchor: held_on
    source: {article: Điều 1, quote: "Chậm nhất 05 ngày làm việc"}
  - id: bao-cao
    obligation: report
    title: Báo cáo năm trước ngày 10/12
    period: year
    deadline: {month: 12, day: 10}
    source: {article: Điều 2, quote: "báo cáo năm (trước 10/12)"}
"""


def _write(root: Path, name: str, text: str) -> Path:
    folder = root / "content" / "rules"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _edit(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


def test_good_profile_loads(tmp_path: Path) -> None:
    _write(tmp_path, "thu", GOOD)
    assert [r.id for r in load_profiles(tmp_path)["thu"].rules] == ["thong-bao", "bao-cao"]


# Each case: the profile text, the 1-based line the error must point at, a part of the message.
BAD = {
    "id-not-file-name": (_edit("id: thu\n", "id: mot\n"), 1, "id must equal the file name 'thu'"),
    "missing-id": (  # no id key: the line where the mapping starts
        _edit("id: thu\n", "# no id\n"),
        2,
        "id must equal the file name",
    ),
    "unknown-setting": (
        _edit("  fixed_date_roll: none\n", "  fixed_date_roll: none\n  lam_tron: true\n"),
        5,  # the settings key
        "unknown settings: lam_tron",
    ),
    "bad-setting-roll": (
        _edit("fixed_date_roll: none", "fixed_date_roll: sometimes"),
        7,
        "fixed_date_roll must be one of",
    ),
    "missing-document": (_edit("document: Văn bản thử\n", ""), 1, "'document' is required"),
    "empty-rules": (GOOD.split("  - id: thong-bao")[0] + "  []\n", 8, "non-empty list"),
    "unknown-obligation": (
        _edit("obligation: notice", "obligation: thong-bao"),
        10,
        "obligation must be one of",
    ),
    "missing-source": (
        _edit('    source: {article: Điều 1, quote: "Chậm nhất 05 ngày làm việc"}\n', ""),
        9,  # no source key: the rule's own line
        "every rule cites its source",
    ),
    "source-without-quote": (
        _edit('{article: Điều 1, quote: "Chậm nhất 05 ngày làm việc"}', "{article: Điều 1}"),
        15,
        "every rule cites its source",
    ),
    "bad-clock": (
        _edit("clock: working-days", "clock: ngay-lam-viec"),
        12,
        "clock must be one of",
    ),
    "notice-counted-backward": (
        _edit("clock: working-days", "clock: working-days-before"),
        12,
        "only invitations count backward",
    ),
    "invitation-not-counted-backward": (
        _edit("obligation: notice", "obligation: invitation"),
        12,
        "only invitations count backward",
    ),
    "days-zero": (_edit("days: 5", "days: 0"), 13, "days must be a whole number between 1 and 365"),
    "days-too-many": (_edit("days: 5", "days: 366"), 13, "between 1 and 365"),
    "days-not-a-number": (_edit("days: 5", "days: năm"), 13, "between 1 and 365"),
    "days-boolean": (_edit("days: 5", "days: true"), 13, "between 1 and 365"),
    "bad-anchor": (_edit("anchor: held_on", "anchor: assigned_on"), 14, "the anchor of notice"),
    "missing-deadline-month": (
        _edit("deadline: {month: 12, day: 10}", "deadline: {day: 10}"),
        20,
        "deadline must be a real day of the year",
    ),
    "missing-deadline": (
        _edit("    deadline: {month: 12, day: 10}\n", ""),
        16,
        "a fixed-date rule needs deadline",
    ),
    "bad-period": (_edit("period: year", "period: month"), 19, "period must be one of"),
    "unknown-rule-key": (
        _edit("    days: 5\n", "    days: 5\n    ngay: 5\n"),
        9,  # the rule's line
        "unknown rule keys: ngay",
    ),
    "bad-rule-id": (_edit("- id: bao-cao", "- id: Bao_Cao"), 16, "rule id must be lower-case"),
    "duplicate-rule-id": (
        _edit("- id: bao-cao", "- id: thong-bao"),
        16,
        "rule id 'thong-bao' appears twice",
    ),
    "bad-kinds": (
        _edit("    period: year\n", "    period: year\n    kinds: [hang-thang]\n"),
        20,
        "kinds must be a list of",
    ),
    "bad-rule-roll": (
        _edit("    period: year\n", "    period: year\n    fixed_date_roll: later\n"),
        20,
        "fixed_date_roll must be one of",
    ),
    # libyaml notices the unclosed "[" of line 2 on line 3
    "yaml-syntax": (_edit("title: Bộ quy tắc thử", "title: [Bộ quy tắc thử"), 3, "yaml-syntax"),
    "yaml-duplicate-key": (_edit("issuer: Cơ quan thử\n", "issuer: A\nissuer: B\n"), 4, ""),
}


@pytest.mark.parametrize("case", list(BAD))
def test_rule_error_names_file_and_line(tmp_path: Path, case: str) -> None:
    text, line, message = BAD[case]
    _write(tmp_path, "thu", text)
    with pytest.raises(RuleError) as info:
        load_profiles(tmp_path)
    error = info.value
    assert error.path == "content/rules/thu.yaml"
    assert error.line == line, (error.line, str(error))
    assert str(error).startswith(f"content/rules/thu.yaml:{line}: ")
    assert message.lower() in error.message.lower()


def test_rule_error_in_a_second_file_names_that_file(tmp_path: Path) -> None:
    _write(tmp_path, "thu", GOOD)
    _write(
        tmp_path, "zz-hong", GOOD.replace("id: thu", "id: zz-hong").replace("days: 5", "days: 0")
    )
    with pytest.raises(RuleError, match=r"^content/rules/zz-hong\.yaml:13: days must be"):
        load_profiles(tmp_path)


def test_symbolic_link_profile_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.yaml"
    real.write_text(GOOD, encoding="utf-8")
    folder = tmp_path / "content" / "rules"
    folder.mkdir(parents=True)
    (folder / "thu.yaml").symlink_to(real)
    with pytest.raises(RuleError, match=r"^content/rules/thu\.yaml:1: .*symbolic link"):
        load_profiles(tmp_path)


@pytest.mark.parametrize(
    "deadline", ["{month: 2, day: 30}", "{month: 13, day: 1}", "{month: 12, day: 0}"]
)
def test_impossible_deadline_date_is_a_rule_error(tmp_path: Path, deadline: str) -> None:
    _write(tmp_path, "thu", _edit("deadline: {month: 12, day: 10}", f"deadline: {deadline}"))
    with pytest.raises(RuleError) as info:
        load_profiles(tmp_path)
    assert info.value.line == 20
