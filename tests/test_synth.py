"""danbiet synth: small synthetic portals are valid, canonical, varied, private and deterministic,
and their Git history publishes every entry on or after the date it declares."""

from __future__ import annotations

import random
import re
import subprocess
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from danbiet import fmt, records
from danbiet.cli import main
from danbiet.loader import load
from danbiet.obligations import STATES
from danbiet.schema import enum
from danbiet.synth import yamltext
from danbiet.validate import validate

AS_OF = date(2025, 12, 31)  # the default as-of date: the end of the last year
ARGS = ["--provinces", "1", "--communes", "3", "--years", "1", "--seed", "7"]


def synth(out: Path, *extra: str) -> None:
    assert main(["synth", "--out", str(out), *ARGS, *extra]) == 0


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=True)
    return result.stdout.decode("utf-8").strip()


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not {".git", ".danbiet-cache"} & set(p.relative_to(root).parts)
    }


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "portal"
    synth(out)
    return out


@pytest.fixture(scope="module")
def dataset(portal: Path):
    return load(portal)


# -- the writer -------------------------------------------------------------------------------


def test_writer_matches_pyyaml_for_awkward_text():
    alphabet = list("aăâbdđeêghiklmnoôơpqrstuưvxyĐ0123456789 :#',-?[]{}.!&*|>%@`\"()/–ế~=<")
    words = ["yes", "No", "null", "~", "true", "0x1F", "1_000", "1:30", "-1", ".inf", "2026"]
    rng = random.Random(1)
    samples = words + ["".join(rng.choices(alphabet, k=rng.randint(0, 9))) for _ in range(4000)]
    for text in samples:
        for data in ({"k": text}, {"k": [text]}, {"k": [{"a": text, "b": {"c": text}}]}):
            assert yamltext.mapping(data) == fmt.dump(data), repr(text)


def test_every_record_is_in_canonical_form(portal: Path):
    files = [p for p in (portal / "content").rglob("*.yaml") if "rules" not in p.parts]
    checked = 0
    for path in files:
        rel = path.relative_to(portal).as_posix()
        found = records.classify(rel.removeprefix("content/"))
        if found is None:
            continue  # calendars keep their own layout
        text = path.read_text(encoding="utf-8")
        assert fmt.format_text(text, found[0].node, rel) == text, rel
        checked += 1
    assert checked > 50


def test_fmt_check_passes(portal: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["fmt", "--check", str(portal)]) == 0, capsys.readouterr().out


# -- validity and variety ---------------------------------------------------------------------


def test_validates_clean_as_of_the_last_day(portal: Path, dataset):
    report = validate(portal, AS_OF, dataset=dataset)
    assert report.problems == []
    assert report.stats["conferences"] >= 10
    assert report.stats["petitions"] >= 150


def test_rule_profiles_and_calendars_are_the_shipped_ones(portal: Path):
    source = Path(__file__).resolve().parents[1] / "content"
    for folder in ("rules", "calendar"):
        shipped = {p.name: p.read_bytes() for p in (source / folder).glob("*.yaml")}
        written = {p.name: p.read_bytes() for p in (portal / "content" / folder).glob("*.yaml")}
        assert written == shipped


def test_every_value_and_state_appears(portal: Path, dataset):
    tables = dataset.tables
    units = Counter(row["level"] for row in tables["units"])
    assert set(units) == {"tinh", "so-nganh", "xa", "to-chuc", "co-quan"}
    profiles = {row["profile"] for row in tables["units"] if row.get("profile")}
    assert len(profiles) >= 2 and profiles <= {"qd-son-la", "kl-116-bac-giang", "hd-2023-thanh-uy"}
    for table, column in (
        ("petitions", "field"),
        ("petitions", "raised"),
        ("petitions", "petitioner_kind"),
        ("updates", "status"),
        ("supervision", "verdict"),
        ("conferences", "kind"),
        ("conferences", "outcome"),
        ("conferences", "form"),
        ("plans", "head"),
    ):
        seen = {row[column] for row in tables[table]}
        assert seen == set(enum(table, column)), (table, column, seen)
    assert {row["role"] for row in tables["chairs"]} >= {"bi-thu", "chu-tich", "thu-truong"}
    petitions = tables["petitions"]
    assert any(p["within_authority"] is False and p["forwarded_to"] for p in petitions)
    assert any(p["answered_at_conference"] for p in petitions)
    assert any(p["received_on"] for p in petitions)
    assert tables["corrections"] or tables["planned_conferences"]
    assert any(row["due_on"] for row in tables["assignments"])
    assert any(row["evidence_url"] for row in tables["updates"])
    assert any(row["sent_up_on"] for row in tables["notices"])
    assert any(row["minutes_number"] for row in tables["conferences"])
    periods = {row["period"][4:] or "year" for row in tables["reports"]}
    assert {"-h1", "year"} <= periods or {"-q1", "year"} <= periods


def test_every_obligation_state_appears(portal: Path, dataset):
    from danbiet.deadlines import deadlines

    report = deadlines(portal, AS_OF, dataset=dataset)
    states = Counter(o.state for o in report.obligations)
    assert set(states) == set(STATES), states
    kinds = {o.kind for o in report.obligations}
    assert {"notice", "assignment", "result", "report", "minimum-dialogues"} <= kinds


def test_nothing_happens_after_the_as_of_date(tmp_path: Path):
    out = tmp_path / "mid"
    synth(out, "--as-of", "2025-07-15", "--no-git")
    report = validate(out, date(2025, 7, 15))
    assert report.problems == []
    late = validate(out, date(2025, 7, 14))
    assert {p.code for p in late.errors} == {"future-date"}


# -- privacy ----------------------------------------------------------------------------------

_PHONE = re.compile(r"(?<![\d/])(?:\+?84|0)[35789](?:[ .-]?\d){8}(?!\d)")
_ID = re.compile(r"(?<![\d/.-])(?:\d{12}|\d{9})(?![\d/])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_PLATE = re.compile(r"\b\d{2}[A-Z]{1,2}\d?-\d{3}\.?\d{2}\b")


def test_no_personal_data(portal: Path):
    try:
        from danbiet.checks import check
    except ImportError:  # the privacy checker is not there: scan with plain patterns
        check = None
    if check is not None:
        report = check(portal)
        assert report.problems == []
    for path in (portal / "content").rglob("*.yaml"):
        if path.parent.name in ("rules", "calendar"):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (_PHONE, _ID, _EMAIL, _PLATE):
            assert not pattern.search(text), (path, pattern.search(text))


def test_petitioners_are_labels_not_names(dataset):
    officials = {row["name"] for row in dataset.tables["chairs"]}
    for petition in dataset.tables["petitions"]:
        label = petition["petitioner_label"]
        assert not any(name in label for name in officials), label
        assert label.split()[0] in {
            "Công", "Một", "Nhóm", "Các", "Chi", "Ban", "Hội",
        }, label  # fmt: skip


# -- determinism and history ------------------------------------------------------------------


def test_same_seed_same_files_and_commits(portal: Path, tmp_path: Path):
    again = tmp_path / "again"
    synth(again)
    assert tree(again) == tree(portal)
    assert git(again, "rev-parse", "HEAD") == git(portal, "rev-parse", "HEAD")
    other = tmp_path / "other"
    assert main(["synth", "--out", str(other), *ARGS[:-1], "8", "--no-git"]) == 0
    assert tree(other) != tree(portal)


def test_no_git_writes_the_same_files(portal: Path, tmp_path: Path):
    plain = tmp_path / "plain"
    synth(plain, "--no-git")
    assert not (plain / ".git").exists()
    assert tree(plain) == tree(portal)


def test_history_is_spread_over_time_and_clean(portal: Path):
    log = git(portal, "log", "--format=%cI|%an", "--reverse").splitlines()
    assert len(log) > 40
    times = [datetime.fromisoformat(line.split("|")[0]) for line in log]
    assert times == sorted(times)
    assert all(t.utcoffset().total_seconds() == 7 * 3600 for t in times)
    assert (times[-1] - times[0]).days > 300
    assert len({t.date() for t in times}) > 40
    assert times[-1].date() == AS_OF
    first = git(
        portal,
        "show",
        "--name-only",
        "--format=",
        git(portal, "rev-list", "--max-parents=0", "HEAD"),
    )
    assert "content/rules/qd-son-la.yaml" in first and "content/conferences" not in first
    assert git(portal, "status", "--porcelain") == ""


def test_ledger_publishes_after_the_declared_dates(portal: Path, dataset):
    from danbiet.ledger import Ledger

    ledger = Ledger.load(portal, use_cache=False)
    vietnam = datetime.fromisoformat("2025-01-01T00:00:00+07:00").tzinfo

    def published(key: str) -> date:
        commit = ledger.first_published(key)
        assert commit is not None, key
        return commit.committed_at.astimezone(vietnam).date()

    notices = dataset.tables["notices"]
    assert notices
    for row in notices:
        assert published(f"{row['conference_id']}#notice") >= date.fromisoformat(row["issued_on"])
    for table in ("updates", "supervision"):
        for row in dataset.tables[table]:
            key = f"{row['petition_id']}/{table}/{row['no']}"
            assert published(key) >= date.fromisoformat(row["date"]), key
    for row in dataset.tables["plans"]:
        assert published(row["id"]) >= date.fromisoformat(row["registered_on"])
    later = [
        row
        for row in dataset.tables["updates"]
        if published(f"{row['petition_id']}/updates/{row['no']}")
        > published(row["petition_id"].rsplit(".", 1)[0])
    ]
    assert later, "some updates are appended to conferences published earlier"


def test_published_entries_are_never_edited(portal: Path):
    try:
        from danbiet.checks import check
    except ImportError:
        pytest.skip("danbiet.checks is not there")
    commits = git(portal, "rev-list", "HEAD").splitlines()
    for base in (commits[1], commits[len(commits) // 2], commits[-2]):
        report = check(portal, base=base)
        assert report.problems == [], base
