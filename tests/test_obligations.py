"""The obligation engine (`danbiet.obligations`) on the fixture project tests/fixtures/deadlines.

Every due date below is computed by hand from the 2026 calendar (content/calendar/2026.yaml plus the
holidays package), written next to it. 2026 facts used:
    Sat 10/1 make-up working day; Giỗ Tổ: Mon 27/4 off; 30/4 (Thu) and 1/5 (Fri) off;
    Quốc khánh: Sat 29/8 – Wed 2/9 off (Mon 31/8 swapped with Sat 22/8, a working day);
    Tue 24/11 (Ngày Văn hóa Việt Nam) off, provisional.
"Wd" = working day. Fixed-date rules "before D" end the day before D (before_inclusive: false)
and do not move when that day is a day off (fixed_date_roll: none).
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from danbiet.deadlines import deadlines
from danbiet.loader import load
from danbiet.obligations import (
    CLOSED_STATES,
    DUE_SOON,
    LATE,
    NOT_DUE,
    ON_TIME,
    OPEN_STATES,
    OVERDUE,
    STATES,
    Obligation,
    compute,
    outcome_of,
    tally,
)
from danbiet.rules import load_profiles
from danbiet.workdays import Calendar

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "deadlines"
# read in place
pytestmark = pytest.mark.usefixtures("no_parse_cache")
AS_OF = date(2026, 11, 20)  # a Friday
D = date.fromisoformat


def run(
    root: Path,
    as_of: date = AS_OF,
    published: Callable[[str], date | None] | None = None,
) -> dict[str, Obligation]:
    data = load(root, cache=False)  # FIXTURE is read in place
    assert data.problems == []
    profiles = load_profiles(root)
    calendar = Calendar.load(root / "content" / "calendar")
    result = compute(data, profiles, calendar, as_of, published)
    by_id = {o.id: o for o in result}
    assert len(by_id) == len(result), "obligation ids must be unique"
    return by_id


@pytest.fixture(scope="module")
def obligations() -> dict[str, Obligation]:
    return run(FIXTURE)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the fixture project to edit."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- every obligation of the fixture as of 2026-11-20 --------------------------------------------

EXPECTED: dict[str, tuple[str, str | None, str]] = {
    # id: (due, done, state)
    # -- tinh-thu (qd-son-la) --------------------------------------------------------------------
    # invitation: at least 5 wd before the conference, the conference day not counted.
    # 9/4 (Thu): 8,7,6,3,2/4 → Thu 2/4; invited 1/4.
    "invitation:tinh-thu.2026-04-09": ("2026-04-02", "2026-04-01", ON_TIME),
    # 16/7 (Thu): 15,14,13,10,9/7 → Thu 9/7; invited 8/7. (Failed dialogue: still invited.)
    "invitation:tinh-thu.2026-07-16": ("2026-07-09", "2026-07-08", ON_TIME),
    # 28/8 (Fri): 27,26,25,24/8, Sun 23 off, Sat 22/8 make-up working day → Sat 22/8; invited 24/8.
    "invitation:tinh-thu.2026-08-28": ("2026-08-22", "2026-08-24", LATE),
    # 15/10 is dot-xuat: the invitation rule covers only dinh-ky and chuyen-de (no obligation).
    # 18/11 (Wed): 17,16,13,12,11/11 → Wed 11/11; no invited_on.
    "invitation:tinh-thu.2026-11-18": ("2026-11-11", None, OVERDUE),
    # notice: 5 wd after the conference.
    # 9/4 (Thu): 10, 13,14,15,16/4 → Thu 16/4; issued 16/4 (the last day).
    "notice:tinh-thu.2026-04-09": ("2026-04-16", "2026-04-16", ON_TIME),
    # 16/7: outcome khong-thanh, no notice obligation.
    # 28/8 (Fri): 29–30/8 weekend, 31/8–2/9 Quốc khánh; 3,4,7,8,9/9 → Wed 9/9; issued 10/9.
    "notice:tinh-thu.2026-08-28": ("2026-09-09", "2026-09-10", LATE),
    # 15/10 (Thu): 16, 19,20,21,22/10 → Thu 22/10; no notice.
    "notice:tinh-thu.2026-10-15": ("2026-10-22", None, OVERDUE),
    # 18/11 (Wed): 19,20, 23, (24 off) 25,26/11 → Thu 26/11; 23,25,26 = 3 wd left ≤ 3.
    "notice:tinh-thu.2026-11-18": ("2026-11-26", None, DUE_SOON),
    # assignment: 5 wd after the conference, done on the first assignment.
    "assignment:tinh-thu.2026-04-09.1": ("2026-04-16", "2026-04-14", ON_TIME),
    "assignment:tinh-thu.2026-04-09.2": ("2026-04-16", "2026-04-14", ON_TIME),
    "assignment:tinh-thu.2026-04-09.3": ("2026-04-16", "2026-04-17", LATE),
    # 28/8 → 9/9 as for the notice; assigned 9/9.
    "assignment:tinh-thu.2026-08-28.1": ("2026-09-09", "2026-09-09", ON_TIME),
    "assignment:tinh-thu.2026-10-15.1": ("2026-10-22", None, OVERDUE),
    "assignment:tinh-thu.2026-10-15.2": ("2026-10-22", "2026-11-02", LATE),
    "assignment:tinh-thu.2026-11-18.1": ("2026-11-26", None, DUE_SOON),
    "assignment:tinh-thu.2026-11-18.2": ("2026-11-26", "2026-11-19", ON_TIME),
    # result: 15 wd from assigned_on (that day not counted), done on the first closing update.
    # 14/4 (Tue): 15,16,17, 20–24 (8), 27/4 off, 28,29 (10), 30/4–3/5 off, 4–8/5 (15) → Fri 8/5.
    "result:tinh-thu.2026-04-09.1/assignments/1": ("2026-05-08", "2026-05-06", ON_TIME),
    # due_on 29/5 in the assignment overrides the rule (which gives 8/5, as above); resolved 20/5.
    "result:tinh-thu.2026-04-09.2/assignments/1": ("2026-05-29", "2026-05-20", ON_TIME),
    # 17/4 (Fri): 20–24 (5), 28,29 (7), 4–8/5 (12), 11,12,13/5 (15) → Wed 13/5; never resolved.
    "result:tinh-thu.2026-04-09.3/assignments/1": ("2026-05-13", None, OVERDUE),
    # 9/9 (Wed): 10,11, 14–18, 21–25, 28,29,30/9 (15) → Wed 30/9; answered 2/10.
    "result:tinh-thu.2026-08-28.1/assignments/1": ("2026-09-30", "2026-10-02", LATE),
    # 2/11 (Mon): 3–6 (4), 9–13 (9), 16–20 (14), 23/11 (15) → Mon 23/11; 1 wd left.
    "result:tinh-thu.2026-10-15.2/assignments/1": ("2026-11-23", None, DUE_SOON),
    # 19/11 (Thu): 20, 23, 25,26,27, 30, 1–4/12 (10), 7–11/12 (15) → Fri 11/12; 14 wd left.
    "result:tinh-thu.2026-11-18.2/assignments/1": ("2026-12-11", None, NOT_DUE),
    # minimum-dialogues: ≥1 a year, by 31/12 inclusive (rule overrides the profile setting).
    "minimum-dialogues:tinh-thu.2026.cap-uy": ("2026-12-31", "2026-04-09", ON_TIME),
    "minimum-dialogues:tinh-thu.2026.chinh-quyen": ("2026-12-31", None, NOT_DUE),
    # reports: h1 before 20/6 → Fri 19/6; year before 10/12 → Wed 9/12.
    "report:tinh-thu.2026-h1": ("2026-06-19", "2026-06-15", ON_TIME),
    "report:tinh-thu.2026": ("2026-12-09", None, NOT_DUE),
    # -- so-xay-dung (qd-son-la, head: thu-truong) -------------------------------------------------
    # 14/5 (Thu): 13,12,11,8,7/5 → Thu 7/5; invited 7/5 (the last day).
    "invitation:so-xay-dung.2026-05-14": ("2026-05-07", "2026-05-07", ON_TIME),
    # 14/5 (Thu): 15, 18,19,20,21/5 → Thu 21/5; issued 21/5 (the last day).
    "notice:so-xay-dung.2026-05-14": ("2026-05-21", "2026-05-21", ON_TIME),
    "minimum-dialogues:so-xay-dung.2026.thu-truong": ("2026-12-31", "2026-05-14", ON_TIME),
    "report:so-xay-dung.2026-h1": ("2026-06-19", "2026-06-22", LATE),
    "report:so-xay-dung.2026": ("2026-12-09", "2026-11-16", ON_TIME),  # filed early
    # -- xa-mot (kl-116-bac-giang) -----------------------------------------------------------------
    # plan before 1/2 → Sat 31/1 (a day off, but the profile does not roll fixed dates).
    "plan:xa-mot.2026.cap-uy": ("2026-01-31", "2026-01-20", ON_TIME),
    "plan:xa-mot.2026.chinh-quyen": ("2026-01-31", "2026-02-03", LATE),
    # ≥4 dialogues before 15/11 → Sat 14/11. Bí thư: 12/3, 5/6, 10/9, 17/11 (4th, late).
    "minimum-dialogues:xa-mot.2026.cap-uy": ("2026-11-14", "2026-11-17", LATE),
    # Chủ tịch: 12/3 and 10/9 only.
    "minimum-dialogues:xa-mot.2026.chinh-quyen": ("2026-11-14", None, OVERDUE),
    # notice: 7 wd after. 12/3 (Thu): 13, 16–20, 23/3 → Mon 23/3; issued 20/3.
    "notice:xa-mot.2026-03-12": ("2026-03-23", "2026-03-20", ON_TIME),
    # 5/6 (Fri): 8–12, 15,16/6 → Tue 16/6; issued 10/6.
    "notice:xa-mot.2026-06-05": ("2026-06-16", "2026-06-10", ON_TIME),
    # 10/9 (Thu): 11, 14–18, 21/9 → Mon 21/9; issued 25/9.
    "notice:xa-mot.2026-09-10": ("2026-09-21", "2026-09-25", LATE),
    # 17/11 (Tue): 18,19,20, 23, (24 off) 25,26,27/11 → Fri 27/11; 23,25,26,27 = 4 wd left.
    "notice:xa-mot.2026-11-17": ("2026-11-27", None, NOT_DUE),
    # assignment: 7 wd after, as for the notices. Petition 2 was answered at the conference and
    # petition 3 is outside the chair's authority: no assignment obligation for either.
    "assignment:xa-mot.2026-03-12.1": ("2026-03-23", "2026-03-19", ON_TIME),
    "assignment:xa-mot.2026-09-10.1": ("2026-09-21", "2026-09-22", LATE),
    "assignment:xa-mot.2026-11-17.1": ("2026-11-27", None, NOT_DUE),
    # kl-116 has no result rule: only an explicit due_on creates a result obligation.
    "result:xa-mot.2026-03-12.1/assignments/1": ("2026-04-15", "2026-04-20", LATE),
    # -- xa-hai (hd-2023-thanh-uy) -----------------------------------------------------------------
    # plan before 1/3 → Sat 28/2; cap-uy registered 28/2, chinh-quyen never.
    "plan:xa-hai.2026.cap-uy": ("2026-02-28", "2026-02-28", ON_TIME),
    "plan:xa-hai.2026.chinh-quyen": ("2026-02-28", None, OVERDUE),
    "minimum-dialogues:xa-hai.2026.cap-uy": ("2026-12-31", "2026-08-21", ON_TIME),
    "minimum-dialogues:xa-hai.2026.chinh-quyen": ("2026-12-31", None, NOT_DUE),
    # notice sent up: 10 calendar days, moved to the next wd when that is a day off.
    # 21/8 + 10 = Mon 31/8 (off), 1/9, 2/9 off → Thu 3/9; sent up 3/9.
    "notice-sent-up:xa-hai.2026-08-21": ("2026-09-03", "2026-09-03", ON_TIME),
    # 5/10 + 10 = Thu 15/10; sent up 20/10.
    "notice-sent-up:xa-hai.2026-10-05": ("2026-10-15", "2026-10-20", LATE),
    # 26/10 + 10 = Thu 5/11; not sent.
    "notice-sent-up:xa-hai.2026-10-26": ("2026-11-05", None, OVERDUE),
    # 12/11 + 10 = Sun 22/11 → Mon 23/11; 1 wd left.
    "notice-sent-up:xa-hai.2026-11-12": ("2026-11-23", None, DUE_SOON),
    # 19/11 + 10 = Sun 29/11 → Mon 30/11; 23,25,26,27,30 = 5 wd left.
    "notice-sent-up:xa-hai.2026-11-19": ("2026-11-30", None, NOT_DUE),
    # quarterly reports before the 15th of the quarter's last month → the 14th.
    "report:xa-hai.2026-q1": ("2026-03-14", "2026-03-10", ON_TIME),
    "report:xa-hai.2026-q2": ("2026-06-14", "2026-06-20", LATE),
    "report:xa-hai.2026-q3": ("2026-09-14", None, OVERDUE),
    "report:xa-hai.2026-q4": ("2026-12-14", None, NOT_DUE),
    # yearly report before 15/11 → Sat 14/11; filed 13/11.
    "report:xa-hai.2026": ("2026-11-14", "2026-11-13", ON_TIME),
}


def test_the_fixture_is_a_valid_project() -> None:
    from danbiet.validate import validate

    report = validate(FIXTURE, AS_OF)
    assert (report.errors, report.warnings) == ([], [])
    assert report.stats["conferences"] == 15 and report.stats["petitions"] == 13


def test_exactly_the_expected_obligations(obligations: dict[str, Obligation]) -> None:
    assert sorted(obligations) == sorted(EXPECTED)


@pytest.mark.parametrize("oid", list(EXPECTED))
def test_due_done_and_state(obligations: dict[str, Obligation], oid: str) -> None:
    due, done, state = EXPECTED[oid]
    o = obligations[oid]
    assert (o.due.isoformat(), o.done.isoformat() if o.done else None, o.state) == (
        due,
        done,
        state,
    )
    assert o.kind == oid.split(":", 1)[0]
    assert o.subject == oid.split(":", 1)[1]
    # days late: calendar days past due, when done late or overdue as of AS_OF
    if state == LATE:
        assert o.days_late == (D(done) - D(due)).days > 0
    elif state == OVERDUE:
        assert o.days_late == (AS_OF - D(due)).days > 0
    else:
        assert o.days_late is None


def test_days_late_examples(obligations: dict[str, Obligation]) -> None:
    assert obligations["invitation:tinh-thu.2026-08-28"].days_late == 2  # 22/8 → 24/8
    assert obligations["minimum-dialogues:xa-mot.2026.cap-uy"].days_late == 3  # 14/11 → 17/11
    assert obligations["plan:xa-hai.2026.chinh-quyen"].days_late == 265  # 28/2 → 20/11
    assert obligations["notice-sent-up:xa-hai.2026-10-26"].days_late == 15  # 5/11 → 20/11


def test_every_state_is_seen(obligations: dict[str, Obligation]) -> None:
    assert {o.state for o in obligations.values()} == set(STATES)


def test_states_seen_for_each_kind(obligations: dict[str, Obligation]) -> None:
    seen: dict[str, set[str]] = {}
    for o in obligations.values():
        seen.setdefault(o.kind, set()).add(o.state)
    everything = set(STATES)
    closed_or_overdue = {ON_TIME, LATE, OVERDUE}
    assert seen == {
        # As of 20/11, fixed dates of January–February and invitations (due before the
        # conference, which has been held) cannot be open any more.
        "plan": closed_or_overdue,
        "invitation": closed_or_overdue,
        # kl-116's 14/11 is past (late, overdue); 31/12 is more than 3 wd away (not due).
        "minimum-dialogues": {ON_TIME, LATE, OVERDUE, NOT_DUE},
        "notice": everything,
        "notice-sent-up": everything,
        "assignment": everything,
        "result": everything,
        # The nearest open report (9/12) is more than 3 wd away.
        "report": {ON_TIME, LATE, OVERDUE, NOT_DUE},
    }


def test_results_are_sorted_by_due_date() -> None:
    data = load(FIXTURE, cache=False)
    result = compute(
        data,
        load_profiles(FIXTURE),
        Calendar.load(FIXTURE / "content" / "calendar"),
        AS_OF,
    )
    assert result == sorted(result, key=lambda o: (o.due, o.unit, o.id))


def test_rule_profile_and_source_are_cited(obligations: dict[str, Obligation]) -> None:
    o = obligations["notice:tinh-thu.2026-04-09"]
    assert (o.profile, o.rule) == ("qd-son-la", "thong-bao-ket-luan")
    assert o.source.endswith(", Điều 11 khoản 1")
    assert o.source.startswith("Quy định của Ban Thường vụ Tỉnh ủy Sơn La")
    sent_up = obligations["notice-sent-up:xa-hai.2026-08-21"]
    assert (sent_up.profile, sent_up.rule) == ("hd-2023-thanh-uy", "gui-thong-bao-ket-luan")
    assert sent_up.source.endswith(", Mục 3.1")


def test_units_conferences_petitions_and_years(obligations: dict[str, Obligation]) -> None:
    for o in obligations.values():
        assert o.unit in {"tinh-thu", "so-xay-dung", "xa-mot", "xa-hai"}
        assert o.year == 2026
        if o.kind in ("assignment", "result"):
            assert o.petition == o.subject.split("/")[0]
            assert o.petition.startswith(f"{o.conference}.")
        elif o.kind in ("invitation", "notice", "notice-sent-up"):
            assert (o.conference, o.petition) == (o.subject, None)
        else:
            assert (o.conference, o.petition) == (None, None)
        if o.conference is not None:
            assert o.conference.startswith(f"{o.unit}.2026-")


# --- particular records -------------------------------------------------------------------------


def test_failed_dialogue_has_no_notice_obligation(obligations: dict[str, Obligation]) -> None:
    assert "invitation:tinh-thu.2026-07-16" in obligations
    assert "notice:tinh-thu.2026-07-16" not in obligations


def test_sudden_dialogue_has_no_invitation_obligation(obligations: dict[str, Obligation]) -> None:
    assert "invitation:tinh-thu.2026-10-15" not in obligations  # kind dot-xuat
    assert "notice:tinh-thu.2026-10-15" in obligations


def test_answered_or_out_of_authority_petitions_need_no_assignment(
    obligations: dict[str, Obligation],
) -> None:
    assert "assignment:xa-mot.2026-03-12.1" in obligations
    assert "assignment:xa-mot.2026-03-12.2" not in obligations  # answered at the conference
    assert "assignment:xa-mot.2026-03-12.3" not in obligations  # within_authority: false
    assert not [
        o
        for o in obligations.values()
        if o.petition in ("xa-mot.2026-03-12.2", "xa-mot.2026-03-12.3")
    ]


def test_outcome_of_a_petition() -> None:
    assert outcome_of({"answered_at_conference": True}, []) == "da-tra-loi"
    assert outcome_of({"answered_at_conference": False}, []) is None
    updates = [{"status": "dang-giai-quyet"}, {"status": "da-chuyen"}]
    assert outcome_of({"answered_at_conference": True}, updates) == "da-chuyen"


def test_explicit_due_on_overrides_the_rule(obligations: dict[str, Obligation]) -> None:
    ruled = obligations["result:tinh-thu.2026-04-09.1/assignments/1"]
    explicit = obligations["result:tinh-thu.2026-04-09.2/assignments/1"]
    # Same conference, same assigned_on (14/4): the rule gives 8/5, the assignment says 29/5.
    assert ruled.due == D("2026-05-08") and ruled.rule == "ket-qua-giai-quyet"
    assert explicit.due == D("2026-05-29")
    assert explicit.computation == "hạn ghi trong văn bản giao việc (29/05/2026)"
    assert explicit.state == ON_TIME  # resolved 20/5: late under the rule, on time as assigned
    # Without a result rule (kl-116) only an explicit due_on creates a result obligation.
    alone = obligations["result:xa-mot.2026-03-12.1/assignments/1"]
    assert (alone.profile, alone.rule, alone.due) == (
        "kl-116-bac-giang",
        "han-giao-viec",
        D("2026-04-15"),
    )
    assert alone.source.endswith(", văn bản giao việc")
    assert alone.computation == "hạn ghi trong văn bản giao việc (15/04/2026)"
    assert "result:xa-mot.2026-09-10.1/assignments/1" not in obligations


def test_petition_outcome_agency_and_disputed_verdict(obligations: dict[str, Obligation]) -> None:
    disputed = obligations["result:tinh-thu.2026-04-09.2/assignments/1"]
    assert disputed.petition == "tinh-thu.2026-04-09.2"
    assert disputed.conference == "tinh-thu.2026-04-09"
    assert disputed.agency == "so-xay-dung"
    assert disputed.outcome == "da-giai-quyet"
    assert disputed.verdict == "khong-xac-nhan"
    assert obligations["assignment:tinh-thu.2026-04-09.2"].verdict == "khong-xac-nhan"
    confirmed = obligations["result:tinh-thu.2026-04-09.1/assignments/1"]
    assert (confirmed.outcome, confirmed.verdict) == ("da-giai-quyet", "xac-nhan")
    answered = obligations["result:tinh-thu.2026-08-28.1/assignments/1"]
    assert (answered.outcome, answered.verdict) == ("da-tra-loi", None)
    unassigned = obligations["assignment:tinh-thu.2026-10-15.1"]
    assert (unassigned.agency, unassigned.outcome) == (None, None)
    assert obligations["assignment:xa-mot.2026-03-12.1"].agency == "phong-kinh-te-xa-mot"


def test_holiday_counting_is_explained(obligations: dict[str, Obligation]) -> None:
    notice = obligations["notice:tinh-thu.2026-08-28"]
    # 29, 30, 31/8, 1, 2/9, then the weekend 5–6/9.
    assert notice.computation == "5 ngày làm việc sau ngày 28/08/2026 (bỏ qua 7 ngày nghỉ)"
    invitation = obligations["invitation:tinh-thu.2026-08-28"]
    assert invitation.computation == "ít nhất 5 ngày làm việc trước ngày 28/08/2026"
    sent_up = obligations["notice-sent-up:xa-hai.2026-08-21"]
    assert sent_up.computation == (
        "10 ngày sau ngày 21/08/2026; ngày 31/08/2026 là ngày nghỉ nên chuyển (bỏ qua 3 ngày nghỉ)"
    )
    assert (
        obligations["notice-sent-up:xa-hai.2026-10-05"].computation == "10 ngày sau ngày 05/10/2026"
    )
    assert obligations["plan:xa-mot.2026.cap-uy"].computation == "trước ngày 01/02/2026"
    assert obligations["minimum-dialogues:tinh-thu.2026.cap-uy"].computation == (
        "1 cuộc, đến hết ngày 31/12/2026"
    )


def test_counts_over_the_provisional_24_november_are_flagged(
    obligations: dict[str, Obligation],
) -> None:
    flagged = {oid for oid, o in obligations.items() if o.provisional}
    # 2026 is a confirmed year; only counts that pass over Tue 24/11 (provisional) are flagged.
    assert flagged == {
        "notice:tinh-thu.2026-11-18",
        "assignment:tinh-thu.2026-11-18.1",
        "assignment:tinh-thu.2026-11-18.2",
        "result:tinh-thu.2026-11-18.2/assignments/1",
        "notice:xa-mot.2026-11-17",
        "assignment:xa-mot.2026-11-17.1",
    }


# --- settings: before_inclusive and fixed_date_roll -----------------------------------------------


@pytest.mark.parametrize(
    ("inclusive", "roll", "plan_due", "minimum_due"),
    [
        # kl-116: plan "before 1/2/2026" (Sun), dialogues "before 15/11/2026" (Sun).
        ("false", "none", "2026-01-31", "2026-11-14"),  # the day before: Sat 31/1, Sat 14/11
        ("true", "none", "2026-02-01", "2026-11-15"),  # D itself: Sun 1/2, Sun 15/11
        ("false", "next-working-day", "2026-02-02", "2026-11-16"),  # Sat → Mon
        ("false", "previous-working-day", "2026-01-30", "2026-11-13"),  # Sat → Fri
        ("true", "next-working-day", "2026-02-02", "2026-11-16"),  # Sun → Mon
        ("true", "previous-working-day", "2026-01-30", "2026-11-13"),  # Sun → Fri
    ],
)
def test_before_inclusive_and_fixed_date_roll(
    root: Path, inclusive: str, roll: str, plan_due: str, minimum_due: str
) -> None:
    profile = root / "content" / "rules" / "kl-116-bac-giang.yaml"
    _replace(profile, "  before_inclusive: false\n", f"  before_inclusive: {inclusive}\n")
    _replace(profile, "  fixed_date_roll: none\n", f"  fixed_date_roll: {roll}\n")
    obligations = run(root)
    plan = obligations["plan:xa-mot.2026.cap-uy"]
    minimum = obligations["minimum-dialogues:xa-mot.2026.cap-uy"]
    assert plan.due == D(plan_due)
    assert minimum.due == D(minimum_due)
    assert minimum.state == LATE  # the 4th dialogue was on Tue 17/11 in every case
    assert minimum.days_late == (D("2026-11-17") - D(minimum_due)).days
    if roll != "none":
        assert f"nên chuyển sang {D(plan_due):%d/%m/%Y}" in plan.computation
    else:
        assert "chuyển" not in plan.computation
    if inclusive == "true":
        assert plan.computation.startswith("đến hết ngày 01/02/2026")
    else:
        assert plan.computation.startswith("trước ngày 01/02/2026")
    # Other profiles are untouched.
    assert obligations["plan:xa-hai.2026.cap-uy"].due == D("2026-02-28")


def test_a_rule_overrides_the_profile_roll(root: Path) -> None:
    profile = root / "content" / "rules" / "hd-2023-thanh-uy.yaml"
    _replace(
        profile,
        "    deadline: {month: 3, day: 1}\n",
        "    deadline: {month: 3, day: 1}\n    fixed_date_roll: next-working-day\n",
    )
    obligations = run(root)
    # Plan: before 1/3 → Sat 28/2 → rolled to Mon 2/3 by the rule's own setting.
    assert obligations["plan:xa-hai.2026.cap-uy"].due == D("2026-03-02")
    assert obligations["plan:xa-hai.2026.chinh-quyen"].due == D("2026-03-02")
    # The yearly report keeps the profile's setting: Sat 14/11 stays.
    assert obligations["report:xa-hai.2026"].due == D("2026-11-14")


def test_a_profile_without_the_rules_own_inclusive_setting(root: Path) -> None:
    profile = root / "content" / "rules" / "qd-son-la.yaml"
    _replace(profile, "    before_inclusive: true\n", "")
    obligations = run(root)
    # qd-son-la's dialogue rule without its own before_inclusive: "before 31/12" → 30/12.
    assert obligations["minimum-dialogues:tinh-thu.2026.cap-uy"].due == D("2026-12-30")
    # hd-2023 keeps its rule-level setting.
    assert obligations["minimum-dialogues:xa-hai.2026.cap-uy"].due == D("2026-12-31")


def test_due_soon_threshold_comes_from_the_profile(root: Path) -> None:
    profile = root / "content" / "rules" / "hd-2023-thanh-uy.yaml"
    _replace(profile, "due_soon_working_days: 3", "due_soon_working_days: 5")
    obligations = run(root)
    # 30/11 is 5 wd away (23, 25, 26, 27, 30): due soon with a threshold of 5.
    assert obligations["notice-sent-up:xa-hai.2026-11-19"].state == DUE_SOON
    assert obligations["notice:xa-mot.2026-11-17"].state == NOT_DUE  # kl-116 still 3


# --- as of different dates ------------------------------------------------------------------------


def test_an_open_obligation_becomes_overdue() -> None:
    early, later = run(FIXTURE, D("2026-11-20")), run(FIXTURE, D("2026-11-27"))
    oid = "notice:tinh-thu.2026-11-18"  # due Thu 26/11
    assert early[oid].state == DUE_SOON and early[oid].days_late is None
    assert later[oid].state == OVERDUE and later[oid].days_late == 1
    assert early[oid].due == later[oid].due
    oid = "assignment:xa-mot.2026-11-17.1"  # due Fri 27/11
    states = [run(FIXTURE, D(day))[oid].state for day in ("2026-11-20", "2026-11-24", "2026-11-30")]
    # 20/11: 4 wd left; 24/11: 25, 26, 27 = 3 wd left; 30/11: 3 days past due.
    assert states == [NOT_DUE, DUE_SOON, OVERDUE]
    # Closed obligations do not change.
    oid = "notice:tinh-thu.2026-08-28"
    assert early[oid].state == later[oid].state == LATE


def test_due_on_the_as_of_day_is_due_soon_not_overdue() -> None:
    obligations = run(FIXTURE, D("2026-11-23"))
    result = obligations["result:tinh-thu.2026-10-15.2/assignments/1"]  # due Mon 23/11
    assert result.state == DUE_SOON
    assert run(FIXTURE, D("2026-11-24"))[result.id].state == OVERDUE


def test_conferences_after_as_of_are_not_yet_counted() -> None:
    obligations = run(FIXTURE, D("2026-11-18"))
    assert "notice:tinh-thu.2026-11-18" in obligations  # held that day
    assert "notice:xa-mot.2026-11-17" in obligations
    assert "notice-sent-up:xa-hai.2026-11-19" not in obligations
    assert "notice:tinh-thu.2026-11-18" not in run(FIXTURE, D("2026-11-17"))


def test_facts_after_as_of_do_not_count_yet() -> None:
    obligations = run(FIXTURE, D("2026-11-10"))
    minimum = obligations["minimum-dialogues:xa-mot.2026.cap-uy"]
    # 11, 12, 13/11 are the 3 wd up to Sat 14/11: due soon, not yet done.
    assert (minimum.done, minimum.state) == (None, DUE_SOON)
    report = obligations["report:so-xay-dung.2026"]  # filed 16/11
    assert (report.done, report.state) == (None, NOT_DUE)
    january = run(FIXTURE, D("2026-01-10"))
    plan = january["plan:xa-mot.2026.chinh-quyen"]  # registered 3/2
    assert (plan.done, plan.state) == (None, NOT_DUE)


# --- tallies --------------------------------------------------------------------------------------


def test_tally_by_unit(obligations: dict[str, Obligation]) -> None:
    tallies = tally(obligations.values(), "unit")
    assert list(tallies) == ["so-xay-dung", "tinh-thu", "xa-hai", "xa-mot"]
    xa_hai = tallies["xa-hai"]
    # on time: plan cap-uy, dialogues cap-uy, q1, year report, sent-up 21/8 = 5;
    # late: q2, sent-up 5/10 = 2; overdue: plan chinh-quyen, q3, sent-up 26/10 = 3;
    # not due: dialogues chinh-quyen, q4, sent-up 19/11 = 3; due soon: sent-up 12/11 = 1.
    assert xa_hai.to_dict() == {
        NOT_DUE: 3,
        DUE_SOON: 1,
        OVERDUE: 3,
        ON_TIME: 5,
        LATE: 2,
        "total": 14,
        "closed": 7,
        "on_time_rate": 5 / 7,
    }
    xa_mot = tallies["xa-mot"]
    # on time: plan cap-uy, notices 12/3 and 5/6, assignment 12/3 = 4; late: plan chinh-quyen,
    # dialogues cap-uy, notice 10/9, assignment 10/9, result 12/3 = 5.
    assert (xa_mot.counts[ON_TIME], xa_mot.counts[LATE], xa_mot.closed) == (4, 5, 9)
    assert xa_mot.on_time_rate == pytest.approx(4 / 9)
    for unit, t in tallies.items():
        states = Counter(o.state for o in obligations.values() if o.unit == unit)
        assert {s: t.counts[s] for s in STATES} == {s: states[s] for s in STATES}
        assert t.closed == sum(states[s] for s in CLOSED_STATES)
        assert t.on_time_rate == states[ON_TIME] / t.closed


def test_tally_by_agency(obligations: dict[str, Obligation]) -> None:
    tallies = tally(obligations.values(), "agency")
    assert list(tallies) == ["phong-kinh-te-xa-mot", "so-xay-dung"]  # None is not a group
    phong = tallies["phong-kinh-te-xa-mot"]
    # assignment 12/3 on time; assignment 10/9 late; result 12/3 late.
    assert (phong.counts[ON_TIME], phong.closed, phong.on_time_rate) == (1, 3, 1 / 3)
    so = tallies["so-xay-dung"]
    # on time: 4 assignments + 2 results; late: 2 assignments + 1 result.
    assert (so.counts[ON_TIME], so.counts[LATE], so.closed) == (6, 3, 9)
    assert so.on_time_rate == pytest.approx(2 / 3)
    assert so.to_dict()["total"] == 12


def test_tally_rate_is_none_when_nothing_is_closed(obligations: dict[str, Obligation]) -> None:
    by_conference = tally(obligations.values(), "conference")
    open_only = by_conference["xa-hai.2026-10-26"]  # only an overdue notice-sent-up
    assert (open_only.closed, open_only.on_time_rate) == (0, None)
    assert open_only.to_dict()["on_time_rate"] is None
    assert open_only.to_dict()["total"] == 1
    also_open = by_conference["xa-mot.2026-11-17"]  # notice and assignment not yet due
    assert (also_open.counts[NOT_DUE], also_open.on_time_rate) == (2, None)
    assert tally([], "unit") == {}
    assert all(
        t.on_time_rate is None
        for t in tally([o for o in obligations.values() if o.state in OPEN_STATES], "unit").values()
    )


# --- provisional years ----------------------------------------------------------------------------


def test_obligations_in_a_year_without_confirmed_calendar_are_provisional(root: Path) -> None:
    folder = root / "content" / "conferences" / "xa-mot"
    (folder / "2027-03-11.yaml").write_text(
        "unit: xa-mot\nkind: chuyen-de\nheld_on: 2027-03-11\ntitle: Đối thoại năm 2027\n"
        "chairs:\n  - name: Nguyễn Văn Một\n    role: bi-thu\nfields: [khac]\n"
        "form: truc-tiep\noutcome: thanh\n",
        encoding="utf-8",
    )
    as_of = D("2027-03-31")
    obligations = run(root, as_of)
    # There is no content/calendar/2027.yaml: every 2027 due date is provisional.
    notice = obligations["notice:xa-mot.2027-03-11"]
    # 11/3/2027 (Thu): 12, 15–19, 22/3 → Mon 22/3/2027; nothing issued.
    assert (notice.due, notice.state, notice.provisional) == (D("2027-03-22"), OVERDUE, True)
    plan = obligations["plan:xa-mot.2027.cap-uy"]  # before 1/2/2027 → Sun 31/1/2027
    assert (plan.due, plan.state, plan.provisional) == (D("2027-01-31"), OVERDUE, True)
    quarter = obligations["report:xa-hai.2027-q1"]  # before 15/3/2027 → Sun 14/3/2027
    assert (quarter.due, quarter.provisional) == (D("2027-03-14"), True)
    assert all(o.provisional for o in obligations.values() if o.due.year == 2027)
    # 2026 counts that do not touch 24/11/2026 stay confirmed.
    assert obligations["notice:xa-mot.2026-03-12"].provisional is False
    assert obligations["plan:xa-mot.2026.cap-uy"].provisional is False
    # The report says which years are provisional.
    report = deadlines(root, as_of)
    assert any("2027" in note and "tạm tính" in note for note in report.notes)


# --- publication dates from the ledger ----------------------------------------------------------


def test_notice_judged_on_its_first_publication(root: Path) -> None:
    asked: list[str] = []

    def published(key: str) -> date | None:
        asked.append(key)
        return {"so-xay-dung.2026-05-14#notice": D("2026-05-22")}.get(key)

    declared = run(root)["notice:so-xay-dung.2026-05-14"]
    assert (declared.done, declared.state) == (D("2026-05-21"), ON_TIME)
    judged = run(root, published=published)
    notice = judged["notice:so-xay-dung.2026-05-14"]
    # Issued 21/5 (the last day) but first published 22/5: late by one day.
    assert (notice.done, notice.state, notice.days_late) == (D("2026-05-22"), LATE, 1)
    assert "so-xay-dung.2026-05-14#notice" in asked
    # Notices the ledger does not know keep their declared date.
    assert judged["notice:tinh-thu.2026-04-09"].done == D("2026-04-16")
    # Only notices are judged on publication: sent-up dates stay as declared.
    assert judged["notice-sent-up:xa-hai.2026-08-21"].done == D("2026-09-03")


def test_publication_cannot_back_date_a_notice(root: Path) -> None:
    judged = run(root, published=lambda key: D("2026-01-01"))
    notice = judged["notice:so-xay-dung.2026-05-14"]
    assert (notice.done, notice.state) == (D("2026-05-21"), ON_TIME)
    # A missing notice stays missing whatever the ledger says.
    assert judged["notice:tinh-thu.2026-10-15"].done is None


def test_notice_published_after_as_of_is_not_done_yet(root: Path) -> None:
    judged = run(root, published=lambda key: D("2026-11-25"))
    # As of 20/11 the public could not see a notice first published on 25/11.
    notice = judged["notice:so-xay-dung.2026-05-14"]
    assert (notice.done, notice.state) == (None, OVERDUE)
    later = run(root, D("2026-11-30"), published=lambda key: D("2026-11-25"))
    assert later["notice:so-xay-dung.2026-05-14"].state == LATE


# --- bugs -----------------------------------------------------------------------------------------


def test_two_dialogues_on_the_same_day_count_twice(root: Path) -> None:
    source = root / "content" / "conferences" / "xa-mot" / "2026-03-12.yaml"
    text = source.read_text(encoding="utf-8").split("petitions:")[0]
    (source.parent / "2026-03-12-b.yaml").write_text(
        text.replace("Đối thoại về dồn điền đổi thửa", "Đối thoại buổi chiều"), encoding="utf-8"
    )
    obligations = run(root)
    minimum = obligations["minimum-dialogues:xa-mot.2026.cap-uy"]
    # Bí thư: 12/3, 12/3 (afternoon), 5/6, 10/9 → the 4th on 10/9, before 15/11.
    assert (minimum.done, minimum.state) == (D("2026-09-10"), ON_TIME)


def test_result_belongs_to_the_conferences_unit_and_names_the_agency(root: Path) -> None:
    conference = root / "content" / "conferences" / "tinh-thu" / "2026-10-15.yaml"
    _replace(conference, "to: so-xay-dung", "to: phong-kinh-te-xa-mot")
    result = run(root)["result:tinh-thu.2026-10-15.2/assignments/1"]
    assert result.agency == "phong-kinh-te-xa-mot"
    assert result.unit == "tinh-thu"  # the dialogue's unit; the agency answers for it


def test_note_does_not_call_a_confirmed_year_unconfirmed() -> None:
    report = deadlines(FIXTURE, AS_OF)
    assert not any("năm 2026 chưa được xác nhận" in note for note in report.notes), report.notes
