"""`danbiet deadlines`, through the real command line, on the fixture project
tests/fixtures/deadlines (see test_obligations.py for the hand-computed due dates)."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from danbiet.cli import main
from danbiet.deadlines import deadlines

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "deadlines"
AS_OF = "2026-11-20"
# most tests read the fixture project in place
pytestmark = pytest.mark.usefixtures("no_parse_cache")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the fixture project to edit."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    return target


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _usage(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as info:
        main(list(argv))
    assert info.value.code == 2
    return capsys.readouterr().err


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


OVERDUE = [
    # (due, kind, subject) of every overdue obligation as of 2026-11-20, by due date
    ("2026-02-28", "plan", "xa-hai.2026.chinh-quyen"),
    ("2026-05-13", "result", "tinh-thu.2026-04-09.3/assignments/1"),
    ("2026-09-14", "report", "xa-hai.2026-q3"),
    ("2026-10-22", "assignment", "tinh-thu.2026-10-15.1"),
    ("2026-10-22", "notice", "tinh-thu.2026-10-15"),
    ("2026-11-05", "notice-sent-up", "xa-hai.2026-10-26"),
    ("2026-11-11", "invitation", "tinh-thu.2026-11-18"),
    ("2026-11-14", "minimum-dialogues", "xa-mot.2026.chinh-quyen"),
]


# --- table --------------------------------------------------------------------------------------


def test_table_lists_the_overdue_items(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "deadlines", str(FIXTURE), "--as-of", AS_OF)
    assert code == 0, err
    assert out.startswith("Obligations as of 2026-11-20 (judged on declared dates)\n")
    overdue = [line for line in out.splitlines() if "Quá hạn" in line]
    assert [tuple(line.split()[i] for i in (0, 3, 4)) for line in overdue] == OVERDUE
    assert "tinh-thu.2026-04-09.3/assignments/1  [tinh-thu → so-xay-dung]" in out
    assert out.rstrip().endswith("8 overdue of 57 obligations")
    # Only open obligations are listed by default; a count over 24/11/2026 is marked "*".
    assert "Đúng hạn" not in out and "Trễ hạn" not in out
    assert re.search(r"notice +tinh-thu\.2026-11-18 +\[tinh-thu\] \*$", out, re.M)
    assert re.search(r"^xa-mot +1 +3 +44% \(9 closed\)$", out, re.M)


def test_all_lists_closed_obligations_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "deadlines", str(FIXTURE), "--as-of", AS_OF, "--all")
    assert code == 0
    assert "Đúng hạn" in out and "Trễ hạn" in out
    listed = [line for line in out.splitlines() if re.match(r"\d{4}-\d{2}-\d{2}  ", line)]
    assert len(listed) == 57


# --- strict ---------------------------------------------------------------------------------------


def test_strict_fails_when_something_is_overdue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "deadlines", str(FIXTURE), "--as-of", AS_OF, "--strict")
    assert code == 1
    assert "8 overdue of 57 obligations" in out


def test_strict_passes_when_nothing_is_overdue(capsys: pytest.CaptureFixture[str]) -> None:
    # On 10/1/2026 no conference has been held and no due date has passed.
    code, out, _ = _run(capsys, "deadlines", str(FIXTURE), "--as-of", "2026-01-10", "--strict")
    assert code == 0
    assert "Quá hạn" not in out
    assert re.search(r"^0 overdue of \d+ obligations$", out, re.M)


def test_strict_passes_on_a_project_without_overdue_items(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Keep only so-xay-dung's own conference and reports; nothing of it is overdue.
    for folder in ("conferences/tinh-thu", "conferences/xa-mot", "conferences/xa-hai", "plans"):
        shutil.rmtree(root / "content" / folder)
    for unit in ("xa-mot", "xa-hai", "tinh-thu"):
        (root / "content" / "units" / f"{unit}.yaml").unlink()
    shutil.rmtree(root / "content" / "reports" / "tinh-thu")
    shutil.rmtree(root / "content" / "reports" / "xa-hai")
    code, out, err = _run(capsys, "deadlines", str(root), "--as-of", AS_OF, "--strict")
    assert code == 0, out + err
    assert out.rstrip().endswith("0 overdue of 5 obligations")


# --- json -----------------------------------------------------------------------------------------


def test_json_equals_the_library_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "deadlines", str(FIXTURE), "--as-of", AS_OF, "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload == deadlines(FIXTURE, date(2026, 11, 20)).to_dict()
    assert payload["as_of"] == AS_OF
    assert payload["judged_on"] == "declared"
    assert payload["summary"] == {"obligations": 57, "overdue": 8}
    assert payload["by_unit"]["xa-hai"]["on_time_rate"] == 5 / 7
    notice = next(o for o in payload["obligations"] if o["id"] == "notice:tinh-thu.2026-08-28")
    assert (notice["due"], notice["done"], notice["state"]) == (
        "2026-09-09",
        "2026-09-10",
        "tre-han",
    )
    # Vietnamese text stays readable in the JSON.
    assert "ngày làm việc" in out


def test_json_lists_every_obligation_even_closed_ones(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "deadlines", str(FIXTURE), "--as-of", AS_OF, "--format", "json")
    states = {o["state"] for o in json.loads(out)["obligations"]}
    assert states == {"chua-den-han", "sap-den-han", "qua-han", "dung-han", "tre-han"}


# --- markdown -------------------------------------------------------------------------------------

_CELL = re.compile(r"(?<!\\)\|")  # a cell separator: a "|" not escaped


def test_markdown_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "deadlines", str(FIXTURE), "--as-of", AS_OF, "--format", "markdown")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "## Theo dõi thời hạn ngày 20/11/2026"
    assert "**8** quá hạn trên tổng số 57 nghĩa vụ." in lines
    assert "| Đơn vị | Quá hạn | Đang mở | Đúng hạn / đã xong |" in lines
    assert "| Hạn | Trạng thái | Nghĩa vụ | Đơn vị | Cách tính |" in lines
    assert "| Xã Hai | 3 | 7 | 71% (7 việc) |" in lines
    assert "| Sở Xây dựng tỉnh Thử | 0 | 0 | 80% (5 việc) |" in lines
    rows = [line for line in lines if line.startswith("| ") and re.match(r"\| \d\d/", line)]
    assert len(rows) == 20  # the open obligations
    assert rows[0].startswith("| 28/02/2026 | Quá hạn | Gửi kế hoạch")
    # An obligation of an agency names the agency.
    assert any("| 13/05/2026 | Quá hạn |" in r and "| Sở Xây dựng tỉnh Thử |" in r for r in rows)
    for row in rows:
        assert len(_CELL.findall(row)) == 6, row


def test_markdown_escapes_pipes(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _replace(
        root / "content" / "rules" / "qd-son-la.yaml",
        "title: Thông báo kết quả giải quyết, kết luận hội nghị chậm nhất 05 ngày làm việc",
        "title: Thông báo kết quả | kết luận hội nghị chậm nhất 05 ngày làm việc",
    )
    _replace(root / "content" / "units" / "tinh-thu.yaml", "name: Tỉnh Thử", "name: Tỉnh Thử | mới")
    code, out, _ = _run(capsys, "deadlines", str(root), "--as-of", AS_OF, "--format", "markdown")
    assert code == 0
    assert r"Thông báo kết quả \| kết luận hội nghị" in out
    assert r"| Tỉnh Thử \| mới | 4 | 10 |" in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line]
    for row in rows:
        cells = len(_CELL.findall(row)) - 1
        assert cells in (4, 5), row


# --- unit -----------------------------------------------------------------------------------------


def test_unit_keeps_that_unit_and_its_agencies(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "deadlines", str(FIXTURE), "--as-of", AS_OF, "--unit", "xa-mot", "--format", "json"
    )
    assert code == 0
    payload = json.loads(out)
    obligations = payload["obligations"]
    assert {o["unit"] for o in obligations} == {"xa-mot"}
    assert {o["agency"] for o in obligations} == {None, "phong-kinh-te-xa-mot"}
    assert list(payload["by_unit"]) == ["xa-mot"]
    assert list(payload["by_agency"]) == ["phong-kinh-te-xa-mot"]
    assert payload["summary"] == {"obligations": 12, "overdue": 1}
    assert payload == deadlines(FIXTURE, date(2026, 11, 20), unit="xa-mot").to_dict()


def test_unit_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "deadlines", str(FIXTURE), "--as-of", AS_OF, "--unit", "xa-hai")
    assert code == 0
    assert "tinh-thu" not in out and "xa-mot" not in out
    assert out.rstrip().endswith("3 overdue of 14 obligations")


def test_unit_includes_sub_units(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "deadlines",
        str(FIXTURE),
        "--as-of",
        AS_OF,
        "--unit",
        "tinh-thu",
        "--format",
        "json",
    )
    assert code == 0
    assert json.loads(out)["summary"] == {"obligations": 57, "overdue": 8}


def test_unknown_unit_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "deadlines", str(FIXTURE), "--as-of", AS_OF, "--unit", "xa-ba")
    assert code == 2
    assert "unknown unit 'xa-ba'" in err
    assert out == ""


# --- usage and errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["2026-02-30", "20/11/2026", "hôm nay"])
def test_bad_as_of_is_a_usage_error(capsys: pytest.CaptureFixture[str], bad: str) -> None:
    err = _usage(capsys, "deadlines", str(FIXTURE), "--as-of", bad)
    assert f"'{bad}' is not a date" in err


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage(capsys, "deadlines", str(FIXTURE), "--as-of", AS_OF, "--format", "csv")
    assert "--format" in err


def test_broken_rule_profile_exits_1_with_path_and_line(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = root / "content" / "rules" / "qd-son-la.yaml"
    lines = profile.read_text(encoding="utf-8").splitlines()
    line = lines.index("    days: 15") + 1  # the result rule's clock
    _replace(profile, "    days: 15\n", "    days: 0\n")
    code, out, err = _run(capsys, "deadlines", str(root), "--as-of", AS_OF)
    assert code == 1
    assert out == ""
    assert f"content/rules/qd-son-la.yaml:{line}: days must be a whole number" in err
    assert err.startswith("error: ")


def test_broken_calendar_exits_1_with_path_and_line(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calendar = root / "content" / "calendar" / "2026.yaml"
    lines = calendar.read_text(encoding="utf-8").splitlines()
    line = lines.index("year: 2026") + 1
    _replace(calendar, "year: 2026\n", "year: 2025\n")
    code, _, err = _run(capsys, "deadlines", str(root), "--as-of", AS_OF)
    assert code == 1
    assert f"2026.yaml:{line}: year is 2025" in err
