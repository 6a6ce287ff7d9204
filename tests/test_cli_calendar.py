"""`danbiet calendar`, through the real command line, on a copy of the shipped calendar."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from danbiet.cli import main
from danbiet.workdays import Calendar, today_in_vietnam

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content" / "calendar"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(SHIPPED, tmp_path / "content" / "calendar")
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _usage(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as info:
        main(list(argv))
    assert info.value.code == 2
    return capsys.readouterr().err


def test_due_working_days_text(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(
        capsys,
        "calendar",
        "due",
        "--from",
        "2026-01-01",
        "--working-days",
        "1",
        "--root",
        str(root),
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "2026-01-05"
    assert "2026-01-02 (thứ Sáu): Nghỉ Tết Dương lịch" in out
    assert "12729/VPCP-KGVX" in out
    assert "2026-01-03 (thứ Bảy): Thứ Bảy" in out
    assert "2026-01-04 (Chủ nhật): Chủ nhật" in out
    assert "Cảnh báo" not in out


def test_due_json_equals_library(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "calendar",
        "due",
        "--from",
        "2026-02-13",
        "--working-days",
        "1",
        "--root",
        str(root),
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["due", "from", "count", "unit", "provisional", "skipped"]
    assert data["due"] == "2026-02-23"
    assert data["from"] == "2026-02-13"
    assert (data["count"], data["unit"], data["provisional"]) == (1, "working-days", False)
    assert [s["date"] for s in data["skipped"]] == [f"2026-02-{d}" for d in range(14, 23)]
    assert set(data["skipped"][0]) == {"date", "reason", "source"}
    library = Calendar.load(root / "content" / "calendar").add_working_days(date(2026, 2, 13), 1)
    assert data == library.to_dict()


def test_due_days_rolls_forward(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "calendar", "due", "--from", "2026-02-10", "--days", "5", "--root", str(root)
    )
    assert code == 0
    assert out.splitlines()[0] == "2026-02-23"
    assert "dời sang ngày làm việc kế tiếp" in out
    code, out, _ = _run(
        capsys,
        "calendar",
        "due",
        "--from",
        "2026-02-10",
        "--days",
        "5",
        "--root",
        str(root),
        "--format",
        "json",
    )
    data = json.loads(out)
    assert (data["due"], data["unit"], len(data["skipped"])) == ("2026-02-23", "days", 8)


def test_due_before(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "calendar",
        "due",
        "--before",
        "2026-03-12",
        "--working-days",
        "5",
        "--root",
        str(root),
    )
    assert code == 0
    assert out.splitlines()[0] == "2026-03-05"
    code, out, _ = _run(
        capsys,
        "calendar",
        "due",
        "--before",
        "2026-02-24",
        "--working-days",
        "5",
        "--format",
        "json",
        "--root",
        str(root),
    )
    data = json.loads(out)
    assert (data["due"], data["before"], data["count"]) == ("2026-02-10", "2026-02-24", 5)
    assert "from" not in data


def test_due_before_needs_working_days(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(
        capsys, "calendar", "due", "--before", "2026-03-12", "--days", "5", "--root", str(root)
    )
    assert code == 2
    assert "--working-days" in err


def test_due_provisional_warning(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "calendar",
        "due",
        "--from",
        "2026-11-23",
        "--working-days",
        "1",
        "--root",
        str(root),
    )
    assert code == 0
    assert out.splitlines()[0] == "2026-11-25"
    assert "Ngày Văn hóa Việt Nam" in out
    assert out.splitlines()[-1].startswith("Cảnh báo: kết quả là tạm tính")
    code, out, _ = _run(
        capsys,
        "calendar",
        "due",
        "--from",
        "2030-03-01",
        "--working-days",
        "5",
        "--root",
        str(root),
        "--format",
        "json",
    )
    assert json.loads(out)["provisional"] is True


def test_due_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    # --root defaults to the current directory; --from to today in Vietnam.
    shutil.copytree(SHIPPED, tmp_path / "content" / "calendar")
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(capsys, "calendar", "due", "--working-days", "1")
    assert code == 0
    assert date.fromisoformat(out.splitlines()[0]) > today_in_vietnam()


def test_show_confirmed_year(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "calendar", "show", "2026", "--root", str(root))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Lịch năm 2026: đã xác nhận (content/calendar/2026.yaml)."
    assert "2026-01-10 (thứ Bảy): Làm bù cho thứ Sáu 02/01" in out
    assert "2026-11-24 (thứ Ba): Ngày Văn hóa Việt Nam [tạm tính]" in out
    assert "80-NQ/TW" in out
    assert "2026-04-26" not in out  # a Sunday holiday
    assert "2026-04-27 (thứ Hai): Ngày Giỗ Tổ Hùng Vương (nghỉ bù)" in out


def test_show_json(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "calendar", "show", "2024", "--root", str(root), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["year"], data["status"], data["provisional"]) == (2024, "confirmed", False)
    assert data["file"] == "content/calendar/2024.yaml"
    kinds = {e["date"]: e["kind"] for e in data["entries"]}
    assert kinds["2024-05-04"] == "lam-bu"
    assert kinds["2024-04-29"] == "nghi"
    assert [s["id"] for s in data["sources"]] == ["vpcp-2450-2024"]
    library = Calendar.load(root / "content" / "calendar").year_entries(2024)
    assert data["entries"] == [e.to_dict() for e in library]


def test_show_provisional_year(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "calendar", "show", "2030", "--root", str(root))
    assert code == 0
    assert out.splitlines()[0].startswith("Lịch năm 2030: TẠM TÍNH")
    code, out, _ = _run(capsys, "calendar", "show", "2030", "--root", str(root), "--format", "json")
    data = json.loads(out)
    assert (data["status"], data["provisional"], data["file"]) == ("provisional", True, None)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["due", "--from", "2026-13-01", "--days", "3"], "--from"),
        (["due", "--from", "12/03/2026", "--days", "3"], "YYYY-MM-DD"),
        (["due", "--before", "2026-02-30", "--working-days", "3"], "--before"),
        (["due", "--from", "2026-03-12", "--working-days", "-1"], "--working-days"),
        (["due", "--from", "2026-03-12", "--days", "x"], "--days"),
        (["due", "--from", "2026-03-12"], "--working-days"),
        (["due", "--from", "2026-03-12", "--days", "1", "--working-days", "1"], "not allowed"),
        (["due", "--from", "2026-03-12", "--days", "1", "--format", "xml"], "--format"),
        (["show", "20x6"], "YEAR"),
        (["show", "2026", "2027"], "unrecognized"),
        ([], "SUBCOMMAND"),
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str], words: str) -> None:
    err = _usage(capsys, "calendar", *argv)
    assert words in err


def test_bad_date_names_the_format(capsys: pytest.CaptureFixture[str]) -> None:
    err = _usage(capsys, "calendar", "due", "--from", "2026-13-01", "--days", "3")
    assert "argument --from: '2026-13-01' is not a date; expected YYYY-MM-DD" in err


def test_calendar_error_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = tmp_path / "content" / "calendar"
    directory.mkdir(parents=True)
    path = directory / "2026.yaml"
    path.write_text(
        "year: 2026\nstatus: confirmed\nsources:\n  - {id: a, title: T}\ndays:\n"
        "  - {date: 2026-01-09, kind: lam-bu, name: X, source: a, status: confirmed}\n"
        "  - {date: 2026-02-30, kind: nghi, name: X, source: a, status: confirmed}\n",
        encoding="utf-8",
    )
    for argv in (
        ["due", "--from", "2026-03-12", "--days", "1"],
        ["show", "2026"],
        ["show", "2026", "--format", "json"],
    ):
        code, out, err = _run(capsys, "calendar", *argv, "--root", str(tmp_path))
        assert code == 1
        assert out == ""
        lines = err.splitlines()
        assert len(lines) == 2
        assert lines[0].startswith(f"{path}:6: [calendar-error] 2026-01-09 is a Friday")
        assert lines[1].startswith(f"{path}:7: [calendar-error] date '2026-02-30'")
