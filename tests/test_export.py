"""The open-data export (`danbiet.export`), proven by reading it back with other tools.

The fixture is written here (not copied from content/, which changes): two units that hold
dialogues under the qd-son-la profile, an agency, a Fatherland Front committee, a plan, a
report, a 2026 conference (petitions with assignments, updates, supervision, a correction) and
a 2025 conference whose texts are hostile (a script tag, spreadsheet formulas). Rule profiles
and calendars are copied from the repository.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from danbiet.export import (
    DATAPACKAGE,
    SQLITE,
    SUMS,
    XLSX,
    ZIP,
    ExportResult,
    conference_path,
    download_table,
    export,
    schema_docs,
    table,
    tables,
)
from danbiet.loader import load
from danbiet.obligations import STATES, compute
from danbiet.rules import load_profiles
from danbiet.workdays import Calendar

REPO = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 20)
CONF_2026 = "xa-thu.2026-03-12"
CONF_2025 = "xa-thu.2025-09-10"
CONF_2026_PATH = "content/conferences/xa-thu/2026-03-12.yaml"
SCRIPT = "<script>alert(1)</script> Đề nghị sửa cống thôn Bắc"
FORMULA = '=HYPERLINK("http://evil.example/","Bấm vào đây")'
NOTE_MINUS = '-1+1 Đã sửa xong cống\nthôn Bắc, "đúng hẹn"'
SUMMARY_AT = "@SUM(1+1) Kết luận về đường thôn Bắc"
VENUE_PLUS = "+Nhà văn hóa thôn Bắc"
HOSTILE = (SCRIPT, FORMULA, NOTE_MINUS, SUMMARY_AT, VENUE_PLUS)

UNITS = {
    "tinh-thu": """\
id: tinh-thu
name: Tỉnh Thử
level: tinh
profile: qd-son-la
valid_from: 2025-07-01
website: https://tinh-thu.gov.vn
""",
    "xa-thu": """\
id: xa-thu
name: Xã Thử
level: xa
parent: tinh-thu
profile: qd-son-la
valid_from: 2025-07-01
""",
    "phong-kinh-te-xa-thu": """\
id: phong-kinh-te-xa-thu
name: Phòng Kinh tế xã Thử
level: co-quan
parent: xa-thu
""",
    "mttq-xa-thu": """\
id: mttq-xa-thu
name: Ủy ban Mặt trận Tổ quốc Việt Nam xã Thử
level: to-chuc
parent: xa-thu
""",
}

PLAN = """\
unit: xa-thu
year: 2026
head: cap-uy
head_name: Trần Thị Bình
registered_on: 2026-01-15
document:
  number: 05-KH/ĐU
target: 2
conferences:
  - planned_on: 2026-03-12
    kind: chuyen-de
    topic: Đất đai và môi trường
    conference_id: xa-thu.2026-03-12
  - planned_on: 2026-09-15
    kind: dinh-ky
    topic: Đối thoại định kỳ
"""

REPORT = """\
unit: xa-thu
period: 2026-h1
filed_on: 2026-07-05
number: 88/BC-UBND
summary: Tổ chức 1 hội nghị, tiếp nhận 2 kiến nghị.
"""

SECOND_UPDATE = """\
      - date: 2026-04-15
        status: da-giai-quyet
        by: phong-kinh-te-xa-thu
        evidence: Quyết định 56/QĐ-UBND
"""

CONFERENCE_2026 = (
    """\
unit: xa-thu
kind: chuyen-de
held_on: 2026-03-12
title: Đối thoại về đất đai và môi trường
fields: [dat-dai, moi-truong]
venue: Hội trường UBND xã Thử
form: truc-tiep
attendance: 85
invited_on: 2026-03-02
outcome: thanh
plan_id: xa-thu.2026.cap-uy
notice:
  number: 12-TB/ĐU
  issued_on: 2026-03-19
  summary: Giao Phòng Kinh tế rà soát hồ sơ đất đai.
chairs:
  - name: Trần Thị Bình
    role: bi-thu
    position: Bí thư Đảng ủy xã Thử
  - name: Lê Văn Cường
    role: chu-tich
petitions:
  - 'no': 1
    raised: truoc-hoi-nghi
    received_on: 2026-03-01
    petitioner:
      kind: ca-nhan
      label: Công dân thôn Đông
    field: dat-dai
    summary: Đề nghị cấp giấy chứng nhận quyền sử dụng đất
    within_authority: true
    assignments:
      - to: phong-kinh-te-xa-thu
        assigned_on: 2026-03-20
        due_on: 2026-04-20
    updates:
      - date: 2026-04-02
        status: dang-giai-quyet
        by: phong-kinh-te-xa-thu
        note: Đang rà soát hồ sơ
"""
    + SECOND_UPDATE
    + """\
    supervision:
      - by: mttq-xa-thu
        date: 2026-05-10
        verdict: xac-nhan
  - 'no': 2
    raised: tai-hoi-nghi
    petitioner:
      kind: nhom
      label: Nhóm hộ dân thôn Tây
    field: moi-truong
    summary: Đề nghị xử lý mùi hôi từ trại chăn nuôi
    within_authority: true
    assignments:
      - to: phong-kinh-te-xa-thu
        assigned_on: 2026-03-21
    updates:
      - date: 2026-04-10
        status: dang-giai-quyet
        note: Đã kiểm tra trại chăn nuôi
    supervision:
      - by: mttq-xa-thu
        date: 2026-06-01
        verdict: khong-xac-nhan
        note: Mùi hôi vẫn còn
corrections:
  - date: 2026-03-25
    target: petitions[1].summary
    value: Đề nghị xử lý mùi hôi từ trại chăn nuôi lợn
    reason: Ghi thiếu loại vật nuôi
"""
)

CONFERENCE_2025 = f"""\
unit: xa-thu
kind: dinh-ky
held_on: 2025-09-10
title: Đối thoại định kỳ quý III năm 2025
fields: [giao-thong]
venue: {json.dumps(VENUE_PLUS, ensure_ascii=False)}
form: truc-tiep
invited_on: 2025-08-29
outcome: thanh
notice:
  number: 30-TB/ĐU
  issued_on: 2025-09-15
  summary: {json.dumps(SUMMARY_AT, ensure_ascii=False)}
chairs:
  - name: Trần Thị Bình
    role: bi-thu
petitions:
  - 'no': 1
    raised: tai-hoi-nghi
    petitioner:
      kind: ca-nhan
      label: Công dân thôn Bắc
    field: giao-thong
    summary: {json.dumps(SCRIPT, ensure_ascii=False)}
    within_authority: true
    answer: {json.dumps(FORMULA, ensure_ascii=False)}
    assignments:
      - to: phong-kinh-te-xa-thu
        assigned_on: 2025-09-16
    updates:
      - date: 2025-10-01
        status: da-giai-quyet
        note: {json.dumps(NOTE_MINUS, ensure_ascii=False)}
  - 'no': 2
    raised: tai-hoi-nghi
    petitioner:
      kind: nhom
      label: Nhóm hộ dân xóm Trại
    field: giao-thong
    summary: Đề nghị lắp đèn chiếu sáng đường liên xóm
    within_authority: true
"""


def _rules_source() -> Path:
    """Where to copy rule profiles and calendars from: a test fixture if there is one."""
    for candidate in (REPO / "tests" / "fixtures" / "deadlines" / "content", REPO / "content"):
        if (candidate / "rules" / "qd-son-la.yaml").is_file() and (candidate / "calendar").is_dir():
            return candidate
    pytest.skip("no rule profiles to copy")


def write_project(root: Path) -> Path:
    """A small valid repository at ROOT (see the module docstring)."""
    content = root / "content"
    source = _rules_source()
    shutil.copytree(source / "rules", content / "rules")
    shutil.copytree(source / "calendar", content / "calendar")
    for unit, text in UNITS.items():
        path = content / "units" / f"{unit}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    files = {
        "plans/xa-thu/2026-cap-uy.yaml": PLAN,
        "reports/xa-thu/2026-h1.yaml": REPORT,
        "conferences/xa-thu/2026-03-12.yaml": CONFERENCE_2026,
        "conferences/xa-thu/2025-09-10.yaml": CONFERENCE_2025,
    }
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _compute(root: Path, lookup: Any = None) -> list[Any]:
    calendar = Calendar.load(root / "content" / "calendar")
    return compute(load(root), load_profiles(root), calendar, AS_OF, lookup)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("export") / "repo")
    from danbiet.validate import validate

    report = validate(root, AS_OF)
    assert report.valid, [p.format() for p in report.problems]
    return root


@pytest.fixture(scope="module")
def result(project: Path) -> ExportResult:
    return export(project, project.parent / "du-lieu", AS_OF)


@pytest.fixture(scope="module")
def out(result: ExportResult) -> Path:
    return result.out


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# -- Frictionless ----------------------------------------------------------------------------------


def test_package_is_valid_frictionless(out: Path) -> None:
    from frictionless import Package

    report = Package(str(out / DATAPACKAGE)).validate()
    assert report.valid, report.flatten(["taskName", "rowNumber", "type", "note"])


def test_package_is_valid_with_the_frictionless_cli(out: Path) -> None:
    executable = Path(sys.executable).with_name("frictionless")
    assert executable.exists(), "frictionless is installed in the venv"
    done = subprocess.run(
        [str(executable), "validate", str(out / DATAPACKAGE)],
        capture_output=True,
        text=True,
        cwd=out,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_tampering_is_caught_by_the_declared_hash(out: Path, tmp_path: Path) -> None:
    from frictionless import Package

    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    units = copy / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace("Xã Thử", "Xã Thu"), "utf-8")
    report = Package(str(copy / DATAPACKAGE)).validate()
    assert not report.valid
    assert {"hash-count", "byte-count"} <= {e[0] for e in report.flatten(["type"])}


def test_package_descriptor(out: Path, result: ExportResult) -> None:
    descriptor = json.loads((out / DATAPACKAGE).read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names == [
        "units",
        "plans",
        "planned_conferences",
        "conferences",
        "chairs",
        "notices",
        "petitions",
        "assignments",
        "updates",
        "supervision",
        "corrections",
        "reports",
        "obligations",
        "status_history",
    ]
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["as_of"] == "2026-11-20"
    assert descriptor["commit"] is None  # not a git repository
    assert datetime.fromisoformat(descriptor["created"]).tzinfo is not None
    assert "qd-son-la" in {s["profile"] for s in descriptor["sources"]}
    assert all(s["title"] for s in descriptor["sources"])
    for resource in descriptor["resources"]:
        path = out / resource["path"]
        data = path.read_bytes()
        assert resource["path"] == f"{resource['name']}.csv"
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == (
            "csv",
            "text/csv",
            "utf-8",
        )
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["title"] and resource["description"]
        for field in resource["schema"]["fields"]:
            assert field.get("title") and field.get("description"), field
            assert None not in field.values(), field  # no debris of broken descriptions
    by_name = {r["name"]: r for r in descriptor["resources"]}
    signer = next(f for f in by_name["notices"]["schema"]["fields"] if f["name"] == "signer")
    assert signer["description"] == "Họ tên, chức vụ người ký thông báo."
    obligations = {f["name"]: f for f in by_name["obligations"]["schema"]["fields"]}
    assert set(obligations) == {
        "id",
        "kind",
        "unit",
        "subject",
        "title",
        "profile",
        "rule",
        "source",
        "due",
        "done",
        "state",
        "computation",
        "provisional",
        "agency",
        "conference",
        "petition",
        "year",
        "outcome",
        "verdict",
        "days_late",
    }
    assert obligations["state"]["constraints"]["enum"] == list(STATES)
    assert "notice" in obligations["kind"]["constraints"]["enum"]
    assert obligations["state"]["title"] == "Trạng thái"
    assert "quá hạn" in obligations["state"]["description"]
    history = by_name["status_history"]["schema"]
    assert history["primaryKey"] == ["petition_id", "no"]
    assert {"resource": "updates", "fields": ["petition_id", "no"]} in [
        fk["reference"] for fk in history["foreignKeys"]
    ]


def test_csv_round_trip_through_frictionless(out: Path) -> None:
    from frictionless import Package

    resource = Package(str(out / DATAPACKAGE)).get_resource("conferences")
    rows = {row["id"]: row for row in resource.read_rows()}
    assert rows[CONF_2026]["fields"] == ["dat-dai", "moi-truong"]
    assert rows[CONF_2026]["held_on"] == date(2026, 3, 12)
    assert rows[CONF_2025]["venue"] == VENUE_PLUS
    raw = (out / "conferences.csv").read_bytes()
    assert raw.count(b"\r\n") == 3 and b"\n" not in raw.replace(b"\r\n", b"")
    assert _csv_rows(out / "petitions.csv")[0]["within_authority"] == "true"


# -- numbers equal the library's -------------------------------------------------------------------


def test_row_counts_equal_the_loaded_tables(project: Path, out: Path, result: ExportResult) -> None:
    data = load(project)
    for name, rows in data.tables.items():
        assert result.counts[name] == len(rows), name
        assert len(_csv_rows(out / f"{name}.csv")) == len(rows), name
        assert len(json.loads((out / f"{name}.json").read_text(encoding="utf-8"))) == len(rows)
    assert result.counts["status_history"] == len(data.tables["updates"])
    assert result.counts["conferences"] == 2 and result.counts["petitions"] == 4


def test_obligation_states_equal_compute(project: Path, out: Path, result: ExportResult) -> None:
    obligations = _compute(project)
    expected = Counter(o.state for o in obligations)
    assert result.counts["obligations"] == len(obligations) > 0
    assert result.states == {state: expected[state] for state in STATES}
    assert list(result.states) == list(STATES)
    assert Counter(r["state"] for r in _csv_rows(out / "obligations.csv")) == expected
    exported = json.loads((out / "obligations.json").read_text(encoding="utf-8"))
    assert exported == [o.to_dict() for o in obligations]


def test_duckdb_reads_every_csv(out: Path, result: ExportResult) -> None:
    duckdb = pytest.importorskip("duckdb")
    for t in tables():
        path = (out / t.csv).as_posix().replace("'", "''")
        [(count,)] = duckdb.sql(
            f"select count(*) from read_csv_auto('{path}', header=true)"
        ).fetchall()
        assert count == result.counts[t.name], t.name
    path = (out / "updates.csv").as_posix()
    notes = duckdb.sql(f"select note from read_csv_auto('{path}', header=true)").fetchall()
    assert (NOTE_MINUS,) in notes


# -- SQLite and Datasette --------------------------------------------------------------------------


def test_sqlite_keys_and_contents(out: Path, result: ExportResult) -> None:
    import sqlite3

    db = sqlite3.connect(out / SQLITE)
    try:
        for t in tables():
            (count,) = db.execute(f'select count(*) from "{t.name}"').fetchone()
            assert count == result.counts[t.name], t.name
        assert db.execute("pragma foreign_key_check").fetchall() == []
        keys = [r[5] for r in db.execute('pragma table_info("updates")') if r[5]]
        assert len(keys) == 2  # (petition_id, no)
        references = {(r[2], r[3]) for r in db.execute('pragma foreign_key_list("assignments")')}
        assert ("petitions", "petition_id") in references and ("units", "to") in references
        (fields,) = db.execute(
            "select fields from conferences where id = ?", (CONF_2026,)
        ).fetchone()
        assert json.loads(fields) == ["dat-dai", "moi-truong"]
        found = db.execute(
            "select rowid from petitions_fts where petitions_fts match ?", ("mui hoi",)
        ).fetchall()
        assert len(found) == 1  # without diacritics

        def search(table: str, words: str) -> list[int]:
            return [
                row[0]
                for row in db.execute(
                    f"select rowid from {table}_fts where {table}_fts match ? order by rowid",
                    (words,),
                )
            ]

        # đ has no decomposition: the text is also indexed with d, so both spellings find it
        land = search("petitions", "quyền sử dụng đất")
        assert land and search("petitions", "quyen su dung dat") == land
        assert search("petitions", "de nghi") == search("petitions", "Đề nghị") != []
        assert search("updates", "dang ra soat") == search("updates", "Đang rà soát") != []
        # the rows themselves keep their text
        (summary,) = db.execute("select summary from petitions where rowid = ?", land).fetchone()
        assert summary == "Đề nghị cấp giấy chứng nhận quyền sử dụng đất"
        for fts in ("petitions_fts", "updates_fts", "notices_fts", "conferences_fts"):
            assert db.execute(f"select count(*) from {fts}").fetchone()[0] > 0
    finally:
        db.close()


def test_datasette_serves_the_database(out: Path) -> None:
    from datasette.app import Datasette

    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["license"] == "CC-BY-4.0"
    petitions_meta = metadata["databases"]["danbiet"]["tables"]["petitions"]
    assert petitions_meta["title"] == "Ý kiến, kiến nghị"
    assert petitions_meta["columns"]["summary"].startswith("Nội dung")

    async def fetch() -> list[Any]:
        ds = Datasette([str(out / SQLITE)], metadata=metadata)
        table_json = await ds.client.get("/danbiet/petitions.json?_shape=array")
        search = await ds.client.get(
            "/danbiet/petitions.json", params={"_search": "mùi hôi", "_shape": "array"}
        )
        plain = await ds.client.get(
            "/danbiet/petitions.json", params={"_search": "chieu sang", "_shape": "array"}
        )
        folded = await ds.client.get(
            "/danbiet/petitions.json", params={"_search": "su dung dat", "_shape": "array"}
        )
        notes = await ds.client.get(
            "/danbiet/updates.json", params={"_search": "rà soát", "_shape": "array"}
        )
        page = await ds.client.get("/danbiet/petitions")
        return [table_json, search, plain, folded, notes, page]

    # In a thread of its own: the browser tests' Playwright keeps an event loop on this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        table_json, search, plain, folded, notes, page = pool.submit(asyncio.run, fetch()).result()
    assert table_json.status_code == 200 and len(table_json.json()) == 4
    assert search.status_code == 200
    assert [r["id"] for r in search.json()] == [f"{CONF_2026}.2"]
    assert [r["id"] for r in plain.json()] == [f"{CONF_2025}.2"]
    assert [r["summary"] for r in folded.json()] == [
        "Đề nghị cấp giấy chứng nhận quyền sử dụng đất"
    ]
    assert len(notes.json()) == 1
    assert page.status_code == 200
    assert "Ý kiến, kiến nghị" in page.text
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


# -- XLSX ------------------------------------------------------------------------------------------


def test_xlsx_sheets_headers_and_rows(out: Path, result: ExportResult) -> None:
    from openpyxl import load_workbook

    book = load_workbook(out / XLSX)
    assert book.sheetnames[:2] == ["Giới thiệu", "Trường dữ liệu"]
    for t in tables():
        sheet = book[t.name]
        header = [c.value for c in sheet[1]]
        assert header == list(t.titles), t.name
        assert sheet.max_row - 1 == result.counts[t.name], t.name
    header = [c.value for c in book["petitions"][1]]
    assert header[:3] == ["Mã kiến nghị", "Mã hội nghị", "Số thứ tự"]
    held = book["conferences"].cell(row=2, column=4)
    assert isinstance(held.value, datetime) and held.number_format == "dd/mm/yyyy"
    assert book["conferences"].cell(row=2, column=6).value in ("giao-thong", "dat-dai, moi-truong")


def test_xlsx_splits_by_year_past_the_row_limit(project: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    small = export(project, tmp_path / "out", AS_OF, max_sheet_rows=3)  # 2 rows a sheet
    book = load_workbook(small.out / XLSX)
    assert small.sheets["petitions"] == ["petitions 2025", "petitions 2026"]
    assert small.sheets["updates"] == ["updates 2025", "updates 2026", "updates 2026 (2)"]
    assert small.sheets["units"] == ["units khác", "units khác (2)"]
    assert small.sheets["notices"] == ["notices"]  # 2 rows fit one sheet
    for name, sheets in small.sheets.items():
        rows = 0
        for sheet_name in sheets:
            assert len(sheet_name) <= 31
            sheet = book[sheet_name]
            assert sheet.max_row <= 3
            assert [c.value for c in sheet[1]] == list(table(name).titles)
            rows += sheet.max_row - 1
        assert rows == small.counts[name], name
    ids = {row[0] for row in book["petitions 2025"].iter_rows(min_row=2, values_only=True)}
    assert ids == {f"{CONF_2025}.1", f"{CONF_2025}.2"}


def test_an_export_removes_what_exports_killed_long_ago_left(project: Path, tmp_path: Path) -> None:
    """A killed export leaves its staging folder beside OUT; the next one removes it once it
    is old enough to belong to no running export, and leaves everything else alone."""
    from danbiet.site.build import LEFTOVER_SECONDS

    for name in (".out-export-old", ".out-export-young", ".other-export-old"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "danbiet.db").write_bytes(b"half written")
    old = time.time() - LEFTOVER_SECONDS - 60
    for name in (".out-export-old", ".other-export-old"):
        os.utime(tmp_path / name, (old, old))
    done = export(project, tmp_path / "out", AS_OF)
    assert (done.out / SQLITE).is_file()
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))
    assert left == [".other-export-old", ".out-export-young"]


# -- checksums, archive, conference files ----------------------------------------------------------


def test_sha256sums_match_every_file(out: Path, result: ExportResult) -> None:
    lines = (out / SUMS).read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        match = re.fullmatch(r"([0-9a-f]{64})  (\S+)", line)
        assert match, line
        listed[match.group(2)] = match.group(1)
    on_disk = {
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != SUMS
    }
    assert set(listed) == on_disk
    assert ZIP in listed and DATAPACKAGE in listed and conference_path(CONF_2026) in listed
    for name, digest in listed.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    for f in result.files:
        assert (out / f.path).stat().st_size == f.bytes
        assert hashlib.sha256((out / f.path).read_bytes()).hexdigest() == f.sha256
    if shutil.which("sha256sum"):
        done = subprocess.run(["sha256sum", "-c", SUMS], cwd=out, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_zip_holds_the_data_package_and_the_conferences(out: Path) -> None:
    with zipfile.ZipFile(out / ZIP) as archive:
        names = set(archive.namelist())
        assert archive.testzip() is None
        inside = {name: archive.read(name) for name in names}
    listed = {line.split("  ", 1)[1] for line in (out / SUMS).read_text().splitlines()}
    package = {DATAPACKAGE, *(t.csv for t in tables())}
    assert names == package | {n for n in listed if n.startswith("hoi-nghi/")}
    assert {n for n in listed if n.startswith("hoi-nghi/")}  # the conference files are in it
    for name, data in inside.items():
        assert data == (out / name).read_bytes(), name


def test_file_names_are_stable(out: Path, result: ExportResult) -> None:
    top = {p.name for p in out.iterdir()}
    assert {DATAPACKAGE, XLSX, SQLITE, ZIP, SUMS, "metadata.json", "hoi-nghi"} <= top
    for name in top:
        assert not re.search(r"[0-9]{4}-[0-9]{2}|[0-9a-f]{8,}", name), name
    assert result.conferences == [conference_path(CONF_2025), conference_path(CONF_2026)]


def test_conference_json(out: Path, project: Path) -> None:
    path = out / "hoi-nghi" / f"{CONF_2026}.json"
    assert conference_path(CONF_2026) == f"hoi-nghi/{CONF_2026}.json"
    bundle = json.loads(path.read_text(encoding="utf-8"))
    assert bundle["id"] == CONF_2026 and bundle["as_of"] == "2026-11-20"
    assert bundle["conference"]["title"] == "Đối thoại về đất đai và môi trường"
    assert bundle["unit"]["name"] == "Xã Thử"
    assert [c["name"] for c in bundle["chairs"]] == ["Trần Thị Bình", "Lê Văn Cường"]
    assert bundle["notice"]["number"] == "12-TB/ĐU"
    first = bundle["petitions"][0]
    assert first["id"] == f"{CONF_2026}.1"
    assert [u["status"] for u in first["updates"]] == ["dang-giai-quyet", "da-giai-quyet"]
    assert first["assignments"][0]["to"] == "phong-kinh-te-xa-thu"
    assert first["supervision"][0]["verdict"] == "xac-nhan"
    assert bundle["corrections"][0]["reason"] == "Ghi thiếu loại vật nuôi"
    expected = [o.to_dict() for o in _compute(project) if o.conference == CONF_2026]
    assert bundle["obligations"] == expected and expected


# -- hostile text ----------------------------------------------------------------------------------


def test_hostile_text_stays_inert(out: Path) -> None:
    from openpyxl import load_workbook

    # CSV keeps the exact text (documented: machine-readable; spreadsheet users get the XLSX).
    petitions = {r["id"]: r for r in _csv_rows(out / "petitions.csv")}
    assert petitions[f"{CONF_2025}.1"]["summary"] == SCRIPT
    assert petitions[f"{CONF_2025}.1"]["answer"] == FORMULA
    assert [r["note"] for r in _csv_rows(out / "updates.csv")].count(NOTE_MINUS) == 1

    # JSON: equal after parsing, but no raw markup in the file.
    for name in ("petitions.json", f"hoi-nghi/{CONF_2025}.json"):
        text = (out / name).read_text(encoding="utf-8")
        assert "<script>" not in text and "\\u003cscript\\u003e" in text
    bundle = json.loads((out / f"hoi-nghi/{CONF_2025}.json").read_text(encoding="utf-8"))
    assert bundle["petitions"][0]["summary"] == SCRIPT
    assert bundle["petitions"][0]["answer"] == FORMULA

    # XLSX: text cells, never formulas, protected by the quote prefix.
    book = load_workbook(out / XLSX)
    found = {}
    for sheet in ("petitions", "updates", "notices", "conferences"):
        for row in book[sheet].iter_rows(min_row=2):
            for cell in row:
                if cell.value in HOSTILE:
                    found[cell.value] = cell
    assert set(found) == set(HOSTILE)
    for value, cell in found.items():
        assert cell.data_type == "s", value
        assert cell.quotePrefix == value.startswith(("=", "+", "-", "@")), value
    with zipfile.ZipFile(out / XLSX) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)


# -- Git ledger ------------------------------------------------------------------------------------


def _git(root: Path, *args: str, when: str | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Văn phòng",
        "GIT_AUTHOR_EMAIL": "vp@example.invalid",
        "GIT_COMMITTER_NAME": "Văn phòng",
        "GIT_COMMITTER_EMAIL": "vp@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(root.parent),
    }
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_status_history_from_a_real_git_ledger(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    from danbiet.ledger import Ledger

    root = write_project(tmp_path / "repo")
    conference = root / CONF_2026_PATH
    full = conference.read_text(encoding="utf-8")
    conference.write_text(full.replace(SECOND_UPDATE, ""), encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Công bố hồ sơ", when="2026-04-20T10:00:00+07:00")
    conference.write_text(full, encoding="utf-8")
    _git(root, "commit", "-q", "-am", "Cập nhật tiến độ", when="2026-04-22T09:30:00+07:00")
    head = _git(root, "rev-parse", "HEAD")
    # A third update in the working tree only: not published yet.
    conference.write_text(
        full.replace(
            "        note: Đã kiểm tra trại chăn nuôi\n",
            "        note: Đã kiểm tra trại chăn nuôi\n"
            "      - date: 2026-05-02\n        status: da-chuyen\n        note: Chuyển Sở\n",
        ),
        encoding="utf-8",
    )

    ledger = Ledger.load(root)
    result = export(root, tmp_path / "out", AS_OF, ledger)
    assert result.published and result.commit == head
    assert json.loads((result.out / DATAPACKAGE).read_text(encoding="utf-8"))["commit"] == head
    rows = {(r["petition_id"], r["no"]): r for r in _csv_rows(result.out / "status_history.csv")}
    first, second = rows[(f"{CONF_2026}.1", "1")], rows[(f"{CONF_2026}.1", "2")]
    assert first["published_at"] == "2026-04-20T10:00:00+07:00"
    assert second["published_at"] == "2026-04-22T09:30:00+07:00"
    assert second["published_commit"] == head
    assert (second["status"], second["previous_status"]) == ("da-giai-quyet", "dang-giai-quyet")
    unpublished = rows[(f"{CONF_2026}.2", "2")]
    assert unpublished["published_at"] == "" and unpublished["published_commit"] == ""
    assert unpublished["previous_status"] == "dang-giai-quyet"

    # With the ledger, notices are judged on their publication day, as `deadlines --git` does.
    def lookup(key: str) -> date | None:
        commit = ledger.first_published(key)
        return commit.committed_at.date() if commit else None

    expected = Counter(o.state for o in _compute(root, lookup))
    assert result.states == {state: expected[state] for state in STATES}
    notice = next(
        r for r in _csv_rows(result.out / "obligations.csv") if r["id"] == f"notice:{CONF_2026}"
    )
    assert (notice["done"], notice["state"]) == ("2026-04-20", "tre-han")

    from frictionless import Package

    report = Package(str(result.out / DATAPACKAGE)).validate()
    assert report.valid, report.flatten(["taskName", "rowNumber", "type", "note"])
    from openpyxl import load_workbook

    sheet = load_workbook(result.out / XLSX)["status_history"]
    published = [r[6] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert datetime(2026, 4, 22, 9, 30) in published  # Vietnam local time, no time zone


def test_without_a_ledger_the_published_columns_are_empty(out: Path) -> None:
    rows = _csv_rows(out / "status_history.csv")
    assert rows and all(r["published_at"] == "" == r["published_commit"] for r in rows)
    statuses = {(r["petition_id"], r["no"]): r["previous_status"] for r in rows}
    assert statuses[(f"{CONF_2026}.1", "1")] == ""
    assert statuses[(f"{CONF_2026}.1", "2")] == "dang-giai-quyet"


def test_a_fake_ledger_is_accepted(project: Path, tmp_path: Path) -> None:
    class Commit:
        sha = "f" * 40
        committed_at = datetime.fromisoformat("2026-04-03T01:02:03+00:00")

    class FakeLedger:
        def first_published(self, key: str) -> Commit | None:
            return Commit() if key == f"{CONF_2026}.1/updates/1" else None

    small = export(project, tmp_path / "out", AS_OF, FakeLedger())
    rows = _csv_rows(small.out / "status_history.csv")
    published = [r["published_at"] for r in rows if r["published_at"]]
    assert published == ["2026-04-03T08:02:03+07:00"]


# -- re-export, downloads, documentation -----------------------------------------------------------


def test_reexport_replaces_its_files_and_keeps_others(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(project, root)
    target = tmp_path / "site" / "du-lieu"
    export(root, target, AS_OF)
    (target / "index.html").write_text("trang dữ liệu mở", encoding="utf-8")
    # A table an earlier export wrote and this one no longer does.
    (target / "old_table.csv").write_text("id\r\n", encoding="utf-8")
    with (target / SUMS).open("a", encoding="utf-8") as sums:
        sums.write(f"{'0' * 64}  old_table.csv\n")
    (root / "content/conferences/xa-thu/2025-09-10.yaml").unlink()
    again = export(root, target, AS_OF)
    assert (target / "index.html").read_text(encoding="utf-8") == "trang dữ liệu mở"
    assert not (target / conference_path(CONF_2025)).exists()
    assert not (target / "old_table.csv").exists()
    assert again.conferences == [conference_path(CONF_2026)]
    assert sorted(p.name for p in target.parent.iterdir()) == ["du-lieu"]  # no staging left
    sums = (target / SUMS).read_text(encoding="utf-8")
    assert "index.html" not in sums and CONF_2025 not in sums


def test_download_table(out: Path, result: ExportResult) -> None:
    rows = download_table(result)
    files = [r["file"] for r in rows]
    assert files[:4] == [ZIP, XLSX, SQLITE, DATAPACKAGE]
    assert files[-1] == SUMS
    assert {"petitions.csv", "petitions.json", "obligations.csv", "metadata.json"} <= set(files)
    assert not any(f.startswith("hoi-nghi/") for f in files)
    for row in rows:
        data = (out / row["file"]).read_bytes()
        assert row["bytes"] == len(data)
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert re.fullmatch(r"[0-9]+ B|[0-9]+,[0-9] (KB|MB|GB|TB)", row["size"]), row["size"]
        assert row["description"]
    petitions = next(r for r in rows if r["file"] == "petitions.csv")
    assert petitions["table"] == "petitions" and petitions["rows"] == 4
    assert petitions["description"].startswith("Ý kiến, kiến nghị: 4 dòng")


def test_schema_docs_cover_every_table_and_field() -> None:
    docs = schema_docs()
    assert [d["name"] for d in docs] == [t.name for t in tables()]
    for doc, t in zip(docs, tables(), strict=True):
        assert [f["name"] for f in doc["fields"]] == list(t.fields)
        assert doc["title"] and doc["description"] and doc["csv"] == f"{t.name}.csv"
        for f in doc["fields"]:
            assert f["title"] and f["description"] and f["type_title"], (t.name, f)
    by_name = {d["name"]: d for d in docs}
    state = next(f for f in by_name["obligations"]["fields"] if f["name"] == "state")
    assert state["allowed"] == list(STATES) and state["required"]
    assert state["type_title"] == "văn bản"
    fields = next(f for f in by_name["conferences"]["fields"] if f["name"] == "fields")
    assert fields["type_title"] == "danh sách (mảng JSON)"
    assert {"fields": ["unit"], "resource": "units", "resource_fields": ["id"]} in by_name[
        "conferences"
    ]["foreign_keys"]


def test_empty_tables_are_still_valid(tmp_path: Path) -> None:
    from frictionless import Package

    root = tmp_path / "repo"
    (root / "content" / "units").mkdir(parents=True)
    (root / "content" / "units" / "tinh-thu.yaml").write_text(UNITS["tinh-thu"], "utf-8")
    source = _rules_source()
    shutil.copytree(source / "rules", root / "content" / "rules")
    shutil.copytree(source / "calendar", root / "content" / "calendar")
    result = export(root, tmp_path / "out", AS_OF)
    assert result.counts["petitions"] == 0
    assert json.loads((result.out / "petitions.json").read_text(encoding="utf-8")) == []
    assert (result.out / "petitions.csv").read_bytes().count(b"\r\n") == 1
    report = Package(str(result.out / DATAPACKAGE)).validate()
    assert report.valid, report.flatten(["taskName", "type", "note"])
