"""The git ledger: publication times read from real repositories built in tmp_path."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from danbiet import ledger as ledger_module
from danbiet import loader
from danbiet.ledger import (
    CACHE_DIR,
    Commit,
    Ledger,
    LedgerError,
    entry_keys,
    fingerprint,
    format_time,
)
from danbiet.safeyaml import load_file

VN = timezone(timedelta(hours=7))

CONF = "content/conferences/xa-tan-an/2026-03-12.yaml"
CONF_ID = "xa-tan-an.2026-03-12"
PETITION = f"{CONF_ID}.1"
UNIT = "content/units/xa-tan-an.yaml"

UNIT_YAML = "id: xa-tan-an\nname: Xã Tân An\nlevel: xa\n"

# The notice declares 2026-03-01, but the record reaches main only on 2026-03-19.
CONF_YAML = """\
unit: xa-tan-an
kind: chuyen-de
held_on: 2026-03-12
title: Đối thoại về bồi thường giải phóng mặt bằng
notice:
  number: 45-TB/ĐU
  issued_on: 2026-03-01
petitions:
  - no: 1
    summary: Đề nghị công khai đơn giá bồi thường
    updates:
      - {date: 2026-04-02, status: dang-giai-quyet, note: Đang rà soát}
"""
SECOND_UPDATE = "      - {date: 2026-04-08, status: da-giai-quyet, evidence: QĐ 123/QĐ-UBND}\n"


class Repo:
    """A real git repository in a temporary folder, with controlled commit times."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Văn phòng Đảng ủy")
        self.git("config", "user.email", "vanphong@xa-tan-an.example")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        full_env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        full_env.update(env or {})
        result = subprocess.run(
            ["git", *args], cwd=self.root, env=full_env, capture_output=True, text=True, check=True
        )
        return result.stdout.strip()

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def append(self, rel: str, text: str) -> None:
        with (self.root / rel).open("a", encoding="utf-8") as handle:
            handle.write(text)

    def commit(self, message: str, when: str, author_date: str | None = None) -> str:
        self.git("add", "-A")
        env = {"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": author_date or when}
        self.git("commit", "-q", "--allow-empty", "-m", message, env=env)
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def published(repo: Repo) -> tuple[Repo, str, str]:
    """A unit, then the conference committed on 2026-03-19 14:05 (+07:00)."""
    repo.write(UNIT, UNIT_YAML)
    first = repo.commit("Thêm xã Tân An", "2026-03-01T09:00:00+07:00")
    repo.write(CONF, CONF_YAML)
    # The author date claims 2026-03-01; only the committer time on main counts.
    second = repo.commit(
        "Công bố hội nghị 12/3", "2026-03-19T07:05:00Z", author_date="2026-03-01T08:00:00+07:00"
    )
    return repo, first, second


def first_of(ledger: Ledger, key: str) -> Commit:
    commit = ledger.first_published(key)
    assert commit is not None, f"{key} is not published"
    return commit


def last_of(ledger: Ledger, key: str) -> Commit:
    commit = ledger.last_changed(key)
    assert commit is not None, f"{key} was never changed"
    return commit


def snapshot(ledger: Ledger) -> dict[str, Any]:
    """Everything a ledger answers, as plain data, to compare two loads."""
    keys = ledger.published_keys()
    return {
        "head": ledger.head,
        "published": {key: commit.sha for key, commit in keys.items()},
        "last": {key: last_of(ledger, key).sha for key in keys},
        "history": {
            path: [change.to_dict() for change in ledger.file_history(path)]
            for path in ledger.paths()
        },
    }


# --------------------------------------------------------------------------- entry keys


def conference_data() -> dict[str, Any]:
    return {
        "unit": "xa-tan-an",
        "held_on": "2026-03-12",
        "chairs": [{"name": "Nguyễn Văn An", "role": "bi-thu"}],
        "notice": {"number": "45-TB/ĐU", "issued_on": "2026-03-19"},
        "petitions": [
            {
                "no": 1,
                "summary": "Đề nghị công khai đơn giá",
                "assignments": [{"to": "tinh-an-lac", "assigned_on": "2026-03-19"}],
                "updates": [
                    {"date": "2026-04-02", "status": "dang-giai-quyet"},
                    {"date": "2026-04-08", "status": "da-giai-quyet"},
                ],
                "supervision": [{"by": "tinh-an-lac", "date": "2026-05-01"}],
            },
            {"no": 7, "summary": "Đề nghị sửa đường"},
            {"summary": "Thiếu số thứ tự"},
        ],
        "corrections": [{"date": "2026-03-25", "target": "title", "reason": "Sai chính tả"}],
    }


def test_entry_keys_of_a_conference() -> None:
    keys = entry_keys(CONF, conference_data())
    assert set(keys) == {
        CONF_ID,
        f"{CONF_ID}#notice",
        f"{CONF_ID}.1",
        f"{CONF_ID}.1/assignments/1",
        f"{CONF_ID}.1/updates/1",
        f"{CONF_ID}.1/updates/2",
        f"{CONF_ID}.1/supervision/1",
        f"{CONF_ID}.7",
        f"{CONF_ID}.#3",  # no `no`: the loader's fallback id
        f"{CONF_ID}/corrections/1",
    }
    assert all(len(value) == 16 for value in keys.values())
    # The part below content/ is accepted too.
    assert entry_keys(CONF.removeprefix("content/"), conference_data()) == keys


def test_fingerprints_cover_own_fields_only() -> None:
    base = entry_keys(CONF, conference_data())

    appended = conference_data()
    appended["petitions"][0]["updates"].append({"date": "2026-05-02", "status": "da-giai-quyet"})
    keys = entry_keys(CONF, appended)
    assert set(keys) - set(base) == {f"{CONF_ID}.1/updates/3"}
    assert all(keys[key] == value for key, value in base.items())  # parents unchanged

    edited = conference_data()
    edited["petitions"][0]["updates"][0]["status"] = "da-giai-quyet"
    keys = entry_keys(CONF, edited)
    assert [key for key in base if keys[key] != base[key]] == [f"{CONF_ID}.1/updates/1"]

    chairs = conference_data()  # chairs have no keys of their own: part of the conference
    chairs["chairs"][0]["name"] = "Trần Thị Bình"
    keys = entry_keys(CONF, chairs)
    assert [key for key in base if keys[key] != base[key]] == [CONF_ID]

    reordered = dict(reversed(list(conference_data().items())))  # key order does not matter
    assert entry_keys(CONF, reordered) == base


def test_entry_keys_of_other_records() -> None:
    plan = {"unit": "xa-thu", "year": 2026, "conferences": [{"planned_on": "2026-03-12"}, {}]}
    assert set(entry_keys("content/plans/xa-thu/2026-cap-uy.yaml", plan)) == {
        "xa-thu.2026.cap-uy",
        "xa-thu.2026.cap-uy/conferences/1",
        "xa-thu.2026.cap-uy/conferences/2",
    }
    assert set(entry_keys(UNIT, {"id": "xa-tan-an"})) == {"xa-tan-an"}
    assert set(entry_keys("content/reports/xa-thu/2026-h1.yaml", {"period": "2026-h1"})) == {
        "xa-thu.2026-h1"
    }
    assert entry_keys("content/calendar/2026.yaml", {"year": 2026}) == {}
    assert entry_keys("content/conferences/Bad Name.yaml", {}) == {}
    # Malformed data is still tracked, by the record id.
    assert entry_keys(UNIT, ["not", "a", "mapping"]) == {
        "xa-tan-an": fingerprint(["not", "a", "mapping"])
    }


def test_entry_keys_match_the_loader_ids(project: Path) -> None:
    """Every id the loader derives for a record, notice or petition is an entry key."""
    dataset = loader.load(project)
    keys: set[str] = set()
    for path in sorted((project / "content").rglob("*.yaml")):
        rel = path.relative_to(project).as_posix()
        keys.update(entry_keys(rel, load_file(path).data))
    for table in ("units", "plans", "conferences", "reports", "petitions"):
        ids = {row["id"] for row in dataset.rows(table)}
        assert ids and ids <= keys, table
    for row in dataset.rows("notices"):
        assert f"{row['conference_id']}#notice" in keys
    for table in ("assignments", "updates", "supervision"):
        for row in dataset.rows(table):
            assert f"{row['petition_id']}/{table}/{row['no']}" in keys
    for row in dataset.rows("corrections"):
        assert f"{row['conference_id']}/corrections/{row['no']}" in keys
    for row in dataset.rows("planned_conferences"):
        assert f"{row['plan_id']}/conferences/{row['no']}" in keys


# --------------------------------------------------------------------------- publication times


def test_published_time_is_the_commit_time_not_the_declared_date(repo: Repo) -> None:
    _, first, second = published(repo)
    ledger = Ledger.load(repo.root)

    assert ledger.head == second
    notice = ledger.first_published(f"{CONF_ID}#notice")
    assert notice is not None and notice.sha == second
    assert notice.committed_at == datetime(2026, 3, 19, 14, 5, tzinfo=VN)
    assert notice.committed_at.tzinfo is not None
    assert format_time(notice.committed_at) == "2026-03-19 14:05 +07:00"
    # Neither the declared issued_on (2026-03-01) nor the forged author date counts.
    assert notice.committed_at.date() != datetime(2026, 3, 1).date()
    assert notice.author == "Văn phòng Đảng ủy"
    assert notice.subject == "Công bố hội nghị 12/3"

    unit = ledger.first_published("xa-tan-an")
    assert unit is not None and unit.sha == first
    for key in (CONF_ID, PETITION, f"{PETITION}/updates/1"):
        assert ledger.first_published(key) == notice
        assert ledger.last_changed(key) == notice  # never edited: its addition
    assert set(ledger.published_keys()) == {
        "xa-tan-an",
        CONF_ID,
        f"{CONF_ID}#notice",
        PETITION,
        f"{PETITION}/updates/1",
    }
    [change] = ledger.file_history(CONF)
    assert change.status == "A" and change.commit == notice
    assert change.added == tuple(sorted(ledger.published_keys().keys() - {"xa-tan-an"}))
    assert change.changed == change.removed == ()


def test_appended_update_gets_the_later_time_and_an_edit_shows_in_last_changed(
    repo: Repo,
) -> None:
    _, _, second = published(repo)
    repo.append(CONF, SECOND_UPDATE)
    third = repo.commit("Cập nhật kết quả giải quyết", "2026-04-08T16:30:00+07:00")
    repo.write(CONF, (repo.root / CONF).read_text().replace("Đang rà soát", "Đang kiểm tra"))
    fourth = repo.commit("Sửa ghi chú cập nhật 1", "2026-04-20T10:00:00+07:00")

    ledger = Ledger.load(repo.root)
    first_update = f"{PETITION}/updates/1"
    second_update = f"{PETITION}/updates/2"
    assert first_of(ledger, second_update).sha == third
    assert first_of(ledger, second_update).committed_at == datetime(2026, 4, 8, 16, 30, tzinfo=VN)
    # Earlier entries keep their time; the petition itself was not changed by the append.
    assert first_of(ledger, first_update).sha == second
    assert first_of(ledger, PETITION).sha == second
    assert last_of(ledger, PETITION).sha == second
    # The edit of a published update shows in last_changed.
    assert last_of(ledger, first_update).sha == fourth
    assert last_of(ledger, second_update).sha == third

    history = ledger.file_history(CONF)
    assert [(c.commit.sha, c.status) for c in history] == [
        (second, "A"),
        (third, "M"),
        (fourth, "M"),
    ]
    assert (history[1].added, history[1].changed, history[1].removed) == ((second_update,), (), ())
    assert (history[2].added, history[2].changed, history[2].removed) == ((), (first_update,), ())


def test_a_merged_branch_is_published_at_the_merge_commit(repo: Repo) -> None:
    repo.write(UNIT, UNIT_YAML)
    repo.commit("Thêm xã Tân An", "2026-03-01T09:00:00+07:00")
    repo.git("checkout", "-q", "-b", "pr-12")
    repo.write(CONF, CONF_YAML)
    branch = repo.commit("Hội nghị 12/3", "2026-03-05T09:00:00+07:00")
    repo.git("checkout", "-q", "main")
    repo.write("content/units/tinh-an-lac.yaml", "id: tinh-an-lac\nname: Tỉnh An Lạc\n")
    repo.commit("Thêm tỉnh", "2026-03-10T09:00:00+07:00")
    when = "2026-03-19T14:05:00+07:00"
    env = {"GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    repo.git("merge", "-q", "--no-ff", "pr-12", "-m", "Merge pull request #12", env=env)
    merge = repo.git("rev-parse", "HEAD")

    ledger = Ledger.load(repo.root)
    commit = ledger.first_published(f"{CONF_ID}#notice")
    assert commit is not None
    assert commit.sha == merge != branch
    assert commit.committed_at == datetime(2026, 3, 19, 14, 5, tzinfo=VN)
    assert commit.subject == "Merge pull request #12"
    [change] = ledger.file_history(CONF)
    assert change.commit.sha == merge and change.status == "A"
    assert branch not in {c.sha for c in ledger.commits}  # only the first-parent line counts


def test_uncommitted_records_are_not_published(repo: Repo) -> None:
    published(repo)
    repo.append(CONF, SECOND_UPDATE)  # working tree only
    repo.write("content/conferences/xa-tan-an/2026-06-01.yaml", "unit: xa-tan-an\n")
    ledger = Ledger.load(repo.root)
    assert ledger.first_published(f"{PETITION}/updates/2") is None
    assert ledger.first_published("xa-tan-an.2026-06-01") is None
    assert ledger.file_history("content/conferences/xa-tan-an/2026-06-01.yaml") == []
    # The working tree's version differs from the published one: the ledger can tell.
    from danbiet.safeyaml import load_file

    working = entry_keys(CONF, load_file(repo.root / CONF).data)
    assert {k for k, v in working.items() if ledger.fingerprint(k) != v} == {
        f"{PETITION}/updates/2"
    }


def test_an_empty_repository_publishes_nothing(repo: Repo) -> None:
    repo.write(CONF, CONF_YAML)
    ledger = Ledger.load(repo.root)
    assert ledger.head is None
    assert ledger.published_keys() == {}
    assert ledger.first_published(CONF_ID) is None


def test_deleted_and_renamed_files(repo: Repo) -> None:
    _, _, second = published(repo)
    old = "content/conferences/xa-tan-an/2026-03-12.yaml"
    new = "content/conferences/xa-tan-an/2026-03-12-b.yaml"
    repo.git("mv", old, new)
    third = repo.commit("Đổi tên tệp", "2026-03-20T09:00:00+07:00")
    repo.git("rm", "-q", UNIT)
    fourth = repo.commit("Xóa xã", "2026-03-21T09:00:00+07:00")

    ledger = Ledger.load(repo.root)
    moved = ledger.file_history(new)
    assert [(c.commit.sha, c.status) for c in moved] == [(third, "R")]
    assert "xa-tan-an.2026-03-12-b#notice" in moved[0].added
    gone = ledger.file_history(old)
    assert [(c.commit.sha, c.status) for c in gone] == [(second, "A"), (third, "D")]
    assert f"{CONF_ID}#notice" in gone[1].removed
    # The new id is published by the rename; the old one keeps its first-published commit.
    assert first_of(ledger, "xa-tan-an.2026-03-12-b").sha == third
    assert first_of(ledger, CONF_ID).sha == second
    assert last_of(ledger, CONF_ID).sha == third
    assert CONF_ID not in ledger.published_keys()
    assert ledger.fingerprint(CONF_ID) is None
    [deleted] = [c for c in ledger.file_history(UNIT) if c.status == "D"]
    assert deleted.commit.sha == fourth and deleted.removed == ("xa-tan-an",)
    assert "xa-tan-an" not in ledger.published_keys()
    # what the build keys files by: the same commits and statuses, without the keys, from
    # the cache file in one read (a fresh load) or from the histories read already
    fresh = Ledger.load(repo.root)
    assert fresh.cache_file is not None and fresh.cache_file.is_file()
    for path in (new, old, UNIT, "content/nowhere.yaml"):
        history = ledger.file_history(path)
        line = "".join(f" {c.commit.sha} {c.status}" for c in history)
        assert fresh.commits_line(path) == ledger.commits_line(path) == line
    assert fresh.commits_line(old) == f" {second} A {third} D"


def test_an_unreadable_version_keeps_the_last_readable_one(repo: Repo) -> None:
    _, _, second = published(repo)
    repo.write(CONF, CONF_YAML + "petitions: [duplicate key]\n")
    broken = repo.commit("Lỗi YAML", "2026-03-20T09:00:00+07:00")
    repo.write(CONF, CONF_YAML + SECOND_UPDATE)
    fixed = repo.commit("Sửa lỗi và thêm cập nhật", "2026-03-21T09:00:00+07:00")

    ledger = Ledger.load(repo.root)
    history = ledger.file_history(CONF)
    assert [c.commit.sha for c in history] == [second, broken, fixed]
    assert history[1].added == history[1].changed == history[1].removed == ()
    assert history[2].added == (f"{PETITION}/updates/2",)
    assert last_of(ledger, CONF_ID).sha == second


def test_non_record_files_have_a_history_without_keys(repo: Repo) -> None:
    repo.write("content/calendar/2026.yaml", "year: 2026\n")
    sha = repo.commit("Lịch 2026", "2026-01-02T09:00:00+07:00")
    repo.write("README.md", "outside content/\n")
    repo.commit("README", "2026-01-03T09:00:00+07:00")
    ledger = Ledger.load(repo.root)
    [change] = ledger.file_history("content/calendar/2026.yaml")
    assert change.commit.sha == sha and change.added == ()
    assert ledger.file_history("README.md") == []
    assert ledger.blobs_read == 0  # only record files are read


def test_odd_commit_subjects_and_names_are_read_verbatim(repo: Repo) -> None:
    repo.write(UNIT, UNIT_YAML)
    subject = ":100644 100644 abc def M\x1e tiêu đề lạ"
    repo.git("config", "user.name", "Người\x1eký")
    sha = repo.commit(subject, "2026-03-01T09:00:00+07:00")
    ledger = Ledger.load(repo.root)
    commit = ledger.first_published("xa-tan-an")
    assert commit is not None and commit.sha == sha
    assert commit.subject == subject
    assert commit.author == repo.git("log", "-1", "--format=%an") == "Người\x1eký"


def test_a_root_below_the_repository_top(tmp_path: Path) -> None:
    top = Repo(tmp_path / "mono")
    top.write(f"data/{CONF}", CONF_YAML)
    top.write(CONF, CONF_YAML.replace("45-TB", "99-TB"))  # outside the root: ignored
    sha = top.commit("Hội nghị", "2026-03-19T14:05:00+07:00")
    ledger = Ledger.load(top.root / "data")
    assert first_of(ledger, f"{CONF_ID}#notice").sha == sha
    assert [c.path for c in ledger.file_history(CONF)] == [CONF]
    assert ledger.paths() == [CONF]


def test_ref_selects_the_first_parent_history(repo: Repo) -> None:
    _, first, second = published(repo)
    ledger = Ledger.load(repo.root, ref=first, use_cache=False)
    assert ledger.head == first
    assert ledger.first_published(CONF_ID) is None
    assert first_of(Ledger.load(repo.root, ref="main"), CONF_ID).sha == second


def test_many_commits_are_read_in_one_pass(repo: Repo) -> None:
    """200 commits, each appending an update: one log, one cat-file, every time right."""
    repo.write(CONF, CONF_YAML)
    repo.commit("Hội nghị", "2026-03-19T14:05:00+07:00")
    # Built with `git fast-import`: far faster than 200 `git commit` runs.
    text = CONF_YAML
    stream = b""
    start = datetime(2026, 4, 1, tzinfo=VN)
    for n in range(2, 202):
        text += f"      - {{date: 2026-04-02, status: dang-giai-quyet, note: lần {n}}}\n"
        data = text.encode("utf-8")
        when = int((start + timedelta(hours=n)).timestamp())
        message = f"update {n}"
        stream += (
            (
                f"commit refs/heads/main\n"
                f"committer Bot <bot@example> {when} +0700\n"
                f"data {len(message)}\n{message}\n"
                + ("from refs/heads/main^0\n" if n == 2 else "")
                + f"M 100644 inline {CONF}\ndata {len(data)}\n"
            ).encode("utf-8")
            + data
            + b"\n"
        )
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        cwd=repo.root,
        input=stream,
        check=True,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"},
    )
    repo.git("reset", "-q", "--hard", "main")

    ledger = Ledger.load(repo.root)
    assert ledger.commits_read == 201 and ledger.blobs_read == 201
    for n in (2, 100, 201):
        commit = ledger.first_published(f"{PETITION}/updates/{n}")
        assert commit is not None and commit.subject == f"update {n}"
        assert commit.committed_at == start + timedelta(hours=n)
    assert len(ledger.file_history(CONF)) == 201


# --------------------------------------------------------------------------- cache


def test_cache_hit_incremental_and_rebuild(repo: Repo) -> None:
    published(repo)
    first = Ledger.load(repo.root)
    assert first.cache_status == "miss" and first.commits_read == 2 and first.blobs_read == 2
    assert first.cache_file.parent == repo.root / CACHE_DIR
    assert first.cache_file.name.endswith(".sqlite")
    assert _cached_head(first.cache_file) == first.head

    again = Ledger.load(repo.root)
    assert again.cache_status == "hit"
    assert again.commits_read == 0 and again.blobs_read == 0  # nothing read from git log
    assert snapshot(again) == snapshot(first)

    repo.append(CONF, SECOND_UPDATE)
    third = repo.commit("Cập nhật", "2026-04-08T16:30:00+07:00")
    repo.commit("Không đổi gì trong content/", "2026-04-09T16:30:00+07:00")
    grown = Ledger.load(repo.root)
    assert grown.cache_status == "incremental"
    assert grown.commits_read == 2 and grown.blobs_read == 1  # only the new commits
    assert _cached_head(grown.cache_file) == grown.head  # what they changed, written
    later = Ledger.load(repo.root)
    assert later.cache_status == "hit" and later.commits_read == 0
    assert snapshot(later) == snapshot(grown)
    assert first_of(grown, f"{PETITION}/updates/2").sha == third
    assert first_of(grown, f"{PETITION}/updates/1").sha == first.head

    fresh = Ledger.load(repo.root, use_cache=False)
    assert fresh.cache_status == "off"
    assert snapshot(fresh) == snapshot(grown)

    shutil.rmtree(repo.root / CACHE_DIR)  # safe to delete: same answers
    rebuilt = Ledger.load(repo.root)
    assert rebuilt.cache_status == "miss" and rebuilt.commits_read == 4
    assert snapshot(rebuilt) == snapshot(grown)
    assert not list((repo.root / CACHE_DIR).glob(".ledger-*"))  # written atomically


def test_a_loaded_cache_holds_only_the_commits_in_memory(repo: Repo) -> None:
    """The history of a national deployment is millions of keys: a load from the cache reads
    the commits, and each answer is looked up in the file; the commits a load applies read
    the keys of the files they change, no more."""
    published(repo)
    repo.write("content/conferences/xa-tan-an/2026-05-01.yaml", CONF_YAML)
    repo.commit("Hội nghị khác", "2026-05-02T09:00:00+07:00")
    whole = Ledger.load(repo.root, use_cache=False)
    assert len(whole._first) == 9 and len(whole._history) == 3
    assert Ledger.load(repo.root).cache_status == "miss"
    hit = Ledger.load(repo.root)
    assert (hit._first, hit._last, hit._state, hit._history) == ({}, {}, {}, {})
    assert snapshot(hit) == snapshot(whole)
    assert {k: hit.fingerprint(k) for k in whole.published_keys()} == {
        k: whole.fingerprint(k) for k in whole.published_keys()
    }

    repo.append(CONF, SECOND_UPDATE)
    repo.commit("Cập nhật", "2026-05-08T16:30:00+07:00")
    grown = Ledger.load(repo.root)
    assert grown.cache_status == "incremental"
    assert grown._keys_read == set(entry_keys(CONF, load_file(repo.root / CONF).data))
    assert set(grown._history) == set(grown._state) == {CONF}
    assert snapshot(grown) == snapshot(Ledger.load(repo.root, use_cache=False))


def test_every_commit_applied_on_the_cache_gives_what_git_gives(repo: Repo) -> None:
    """A history with additions, edits, an unreadable version, a move, a copy, deletions and a
    file added again, read by extending the cache one commit at a time, and by one read of git
    at each step: the same answers, fingerprints included."""
    other = "content/conferences/xa-tan-an/2026-06-01.yaml"
    moved = "content/conferences/xa-tan-an/2026-03-12-b.yaml"
    steps = [
        lambda: repo.write(UNIT, UNIT_YAML),
        lambda: repo.write(CONF, CONF_YAML),
        lambda: repo.append(CONF, SECOND_UPDATE),
        lambda: repo.write(CONF, CONF_YAML + SECOND_UPDATE + "petitions: [duplicate key]\n"),
        lambda: repo.write(CONF, CONF_YAML.replace("Đang rà soát", "Đã rà soát")),
        lambda: repo.write(other, CONF_YAML),
        lambda: repo.git("mv", CONF, moved),
        lambda: repo.write(CONF, (repo.root / moved).read_text(encoding="utf-8")),
        lambda: repo.git("rm", "-q", moved),
        lambda: repo.git("rm", "-q", UNIT, other),
        lambda: repo.write(UNIT, UNIT_YAML.replace("Tân An", "Tân An mới")),
    ]
    for n, step in enumerate(steps):
        step()
        repo.commit(f"Bước {n}", f"2026-04-{n + 1:02d}T09:00:00+07:00")
        extended = Ledger.load(repo.root)
        assert extended.cache_status == ("miss" if n == 0 else "incremental")
        fresh = Ledger.load(repo.root, use_cache=False)
        assert snapshot(extended) == snapshot(fresh), f"after step {n}"
        keys = {*fresh._first, "xa-tan-an.2026-03-12-b.1", "nowhere"}
        assert {k: extended.fingerprint(k) for k in keys} == {k: fresh.fingerprint(k) for k in keys}
        hit = Ledger.load(repo.root)
        assert hit.cache_status == "hit" and snapshot(hit) == snapshot(fresh)
        times = {k: (fresh.first_published(k), fresh.last_changed(k)) for k in keys}
        for ahead in (None, [CONF, moved, other, UNIT], []):  # read ahead, whole or in part
            read = Ledger.load(repo.root)
            read.prefetch(ahead)
            assert {k: (read.first_published(k), read.last_changed(k)) for k in keys} == times
            assert snapshot(read) == snapshot(fresh)


def test_a_history_read_from_git_is_written_into_the_cache_a_part_at_a_time(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold read drops what it wrote from memory every FLUSH_KEYS keys (here: every
    commit), and reads it back from the file when a later commit touches it again."""
    published(repo)
    repo.append(CONF, SECOND_UPDATE)
    repo.commit("Cập nhật", "2026-04-08T16:30:00+07:00")
    repo.git("mv", CONF, CONF.replace("03-12", "03-13"))
    repo.commit("Đổi tên", "2026-04-09T16:30:00+07:00")
    fresh = Ledger.load(repo.root, use_cache=False)
    writes = []
    real = ledger_module.LedgerStore.write_delta

    def spy(store: Any, head: str, *args: Any) -> None:
        writes.append(head)
        real(store, head, *args)

    monkeypatch.setattr(ledger_module.LedgerStore, "write_delta", spy)
    monkeypatch.setattr(ledger_module, "FLUSH_KEYS", 1)
    parts = Ledger.load(repo.root)
    assert parts.cache_status == "miss" and len(writes) == 5  # four commits, then the head
    assert writes[-1] == parts.head
    assert snapshot(parts) == snapshot(fresh)
    assert snapshot(Ledger.load(repo.root)) == snapshot(fresh)
    assert not list((repo.root / CACHE_DIR).glob(".ledger-*"))


def test_a_cache_that_cannot_be_written_leaves_the_history_in_memory(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk full halfway through a cold read: read again, into memory, with the same
    answers (the whole write after it fails too); no file is left behind."""
    published(repo)
    fresh = Ledger.load(repo.root, use_cache=False)
    real = ledger_module.LedgerStore.write_delta
    calls = []

    def full(store: Any, *args: Any) -> None:
        calls.append(1)
        if len(calls) > 1:
            raise sqlite3.OperationalError("database or disk is full")
        real(store, *args)

    monkeypatch.setattr(ledger_module.LedgerStore, "write_delta", full)
    monkeypatch.setattr(ledger_module, "FLUSH_KEYS", 1)
    ledger = Ledger.load(repo.root)
    assert ledger.cache_status == "miss" and ledger._store is None and len(calls) == 3
    assert ledger.commits_read == 2 and ledger.blobs_read == 2
    assert snapshot(ledger) == snapshot(fresh)
    assert [p.name for p in (repo.root / CACHE_DIR).iterdir()] == []
    calls.clear()  # the disk has room again: a first write in one go
    monkeypatch.setattr(ledger_module, "FLUSH_KEYS", 10**6)
    assert Ledger.load(repo.root).cache_status == "miss" and len(calls) == 1
    assert snapshot(Ledger.load(repo.root)) == snapshot(fresh)


def test_a_read_only_run_writes_no_ledger_cache(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    published(repo)
    monkeypatch.setenv("DANBIET_CACHE_READ_ONLY", "1")
    assert Ledger.load(repo.root).cache_status == "miss"
    assert not list((repo.root / ".danbiet-cache").glob("ledger-*"))
    monkeypatch.delenv("DANBIET_CACHE_READ_ONLY")
    cached = Ledger.load(repo.root)
    assert Ledger.load(repo.root).cache_status == "hit"
    before = cached.cache_file.read_bytes()
    monkeypatch.setenv("DANBIET_CACHE_READ_ONLY", "1")
    repo.append(CONF, SECOND_UPDATE)
    third = repo.commit("Cập nhật", "2026-04-08T16:30:00+07:00")
    grown = Ledger.load(repo.root)  # the new commit held in memory, on top of the file
    assert grown.cache_status == "incremental"
    assert first_of(grown, f"{PETITION}/updates/2").sha == third
    assert snapshot(grown) == snapshot(Ledger.load(repo.root, use_cache=False))
    grown.prefetch()  # the file does not know the new commit: what it applied comes first
    assert first_of(grown, f"{PETITION}/updates/2").sha == third
    assert last_of(grown, CONF_ID) == last_of(cached, CONF_ID)
    assert cached.cache_file.read_bytes() == before


def test_a_ledger_read_from_the_cache_answers_in_a_forked_process(repo: Repo) -> None:
    """The build's workers fork after the load; each opens the file for itself."""
    _, _, second = published(repo)
    ledger = Ledger.load(repo.root)
    assert ledger.first_published(CONF_ID) is not None  # the parent's connection is open
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            answer = ledger.first_published(CONF_ID)
            os.write(write, (answer.sha if answer else "none").encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read) as handle:
        assert handle.read() == second
    assert first_of(ledger, CONF_ID).sha == second  # the parent's still works


def test_rewritten_history_rebuilds_the_cache(repo: Repo) -> None:
    published(repo)
    repo.append(CONF, SECOND_UPDATE)
    repo.commit("Cập nhật", "2026-04-08T16:30:00+07:00")
    assert Ledger.load(repo.root).cache_status == "miss"

    repo.git("reset", "-q", "--hard", "HEAD~1")  # the cached head is no longer on the line
    repo.write(CONF, CONF_YAML.replace("Đang rà soát", "Đã rà soát"))
    amended = repo.commit("Sửa", "2026-04-10T09:00:00+07:00")
    ledger = Ledger.load(repo.root)
    assert ledger.cache_status == "rebuilt"
    assert ledger.first_published(f"{PETITION}/updates/2") is None
    assert last_of(ledger, f"{PETITION}/updates/1").sha == amended
    assert snapshot(ledger) == snapshot(Ledger.load(repo.root, use_cache=False))
    assert _cached_head(ledger.cache_file) == amended


def test_a_merged_cached_head_is_not_on_the_first_parent_line(repo: Repo) -> None:
    """A cache written on a branch that main merged later is rebuilt, not extended."""
    repo.write(UNIT, UNIT_YAML)
    repo.commit("Thêm xã", "2026-03-01T09:00:00+07:00")
    repo.git("checkout", "-q", "-b", "pr")
    repo.write(CONF, CONF_YAML)
    repo.commit("Hội nghị", "2026-03-05T09:00:00+07:00")
    assert Ledger.load(repo.root).cache_status == "miss"  # cached at the branch tip
    repo.git("checkout", "-q", "main")
    env = {"GIT_COMMITTER_DATE": "2026-03-19T14:05:00+07:00"}
    repo.git("merge", "-q", "--no-ff", "pr", "-m", "Merge", env=env)
    ledger = Ledger.load(repo.root)
    assert ledger.cache_status == "rebuilt"
    assert first_of(ledger, CONF_ID).committed_at == datetime(2026, 3, 19, 14, 5, tzinfo=VN)


def test_a_cache_of_an_older_format_is_removed_when_the_new_one_is_written(repo: Repo) -> None:
    published(repo)
    older = repo.root / CACHE_DIR / "ledger-0123456789ab.pickle"
    older.parent.mkdir()
    older.write_bytes(pickle.dumps({"format": 2}))
    ledger = Ledger.load(repo.root)
    assert ledger.cache_status == "miss"
    assert sorted((repo.root / CACHE_DIR).glob("ledger-*")) == [ledger.cache_file]


@pytest.mark.parametrize("fmt", [2, 3])
def test_a_pickled_cache_of_a_format_before_is_read_once_and_written_again(
    repo: Repo, fmt: int
) -> None:
    """A deployment's cache of the formats before SQLite: read (no git log), then replaced."""
    published(repo)
    whole = Ledger.load(repo.root, use_cache=False)
    older = repo.root / CACHE_DIR / f"ledger-{ledger_module._settings_hash('', fmt)}.pickle"
    older.parent.mkdir()
    older.write_bytes(pickle.dumps(_pickled(whole, fmt)))
    migrated = Ledger.load(repo.root)
    assert migrated.cache_status == "hit" and migrated.commits_read == 0
    assert snapshot(migrated) == snapshot(whole)
    assert sorted((repo.root / CACHE_DIR).glob("ledger-*")) == [migrated.cache_file]
    assert _cached_head(migrated.cache_file) == whole.head
    again = Ledger.load(repo.root)
    assert again.cache_status == "hit" and snapshot(again) == snapshot(whole)


@pytest.mark.parametrize(
    "payload",
    [
        {"format": 2, "head": Path("x")},  # would construct an object: refused
        {"format": 3, "state": b"\x80\x05N.", "state_digest": "0"},
        {"format": 3, "state": pickle.dumps(["a list"])},
    ],
)
def test_a_pickled_cache_that_is_not_plain_data_is_refused(
    repo: Repo, payload: dict[str, Any]
) -> None:
    """The cache may come from a CI cache: unpickling it must never construct an object, and
    a cache of another shape is read from git again."""
    published(repo)
    whole = Ledger.load(repo.root, use_cache=False)
    fmt = payload["format"]
    written = {**_pickled(whole, fmt), **payload}
    if "state_digest" not in payload and isinstance(payload.get("state"), bytes):
        written["state_digest"] = ledger_module._blob_digest(payload["state"])
    older = repo.root / CACHE_DIR / f"ledger-{ledger_module._settings_hash('', fmt)}.pickle"
    older.parent.mkdir()
    older.write_bytes(pickle.dumps(written))
    again = Ledger.load(repo.root)
    assert again.cache_status == "miss"
    assert snapshot(again) == snapshot(whole)


@pytest.mark.parametrize("damage", ["garbage", "format", "no head", "commits"])
def test_a_cache_file_that_is_not_this_format_is_read_from_git_again(
    repo: Repo, damage: str
) -> None:
    published(repo)
    ledger = Ledger.load(repo.root)
    answers = snapshot(ledger)
    path = ledger.cache_file
    if damage == "garbage":
        path.write_bytes(b"{not a database" * 100)
    else:
        _edit_cache(
            path,
            {
                "format": "UPDATE meta SET value = '99' WHERE name = 'format'",
                "no head": "DELETE FROM meta WHERE name = 'head'",
                "commits": "UPDATE commits SET idx = idx + 5",
            }[damage],
        )
    again = Ledger.load(repo.root)
    assert again.cache_status == "miss"
    assert snapshot(again) == answers
    assert Ledger.load(repo.root).cache_status == "hit"  # written again


def test_a_cache_damaged_where_only_a_question_finds_it_names_the_file_to_delete(
    repo: Repo,
) -> None:
    published(repo)
    _edit_cache(Ledger.load(repo.root).cache_file, "DROP TABLE keys")
    hit = Ledger.load(repo.root)
    assert hit.cache_status == "hit"
    with pytest.raises(LedgerError, match=r"ledger-\w+\.sqlite: the ledger cache is damaged"):
        hit.first_published(CONF_ID)
    with pytest.raises(LedgerError, match="delete it and run again"):
        hit.published_keys()


def test_a_cache_pointing_at_commits_it_does_not_hold_names_the_file_to_delete(
    repo: Repo,
) -> None:
    published(repo)
    _edit_cache(Ledger.load(repo.root).cache_file, "UPDATE keys SET first = 7")
    with pytest.raises(LedgerError, match=r"damaged \(no commit 7\); delete it and run again"):
        Ledger.load(repo.root).first_published(CONF_ID)
    _edit_cache(Ledger.load(repo.root).cache_file, "UPDATE history SET keys = x'00'")
    with pytest.raises(LedgerError, match=f"damaged \\(the history of {CONF} cannot be read"):
        Ledger.load(repo.root).file_history(CONF)


def _cached_head(path: Path) -> str:
    db = sqlite3.connect(path)
    try:
        (head,) = db.execute("SELECT value FROM meta WHERE name = 'head'").fetchone()
    finally:
        db.close()
    return str(head)


def _edit_cache(path: Path, sql: str) -> None:
    """The cache file at PATH changed by SQL, as a damaged disk or a hand would."""
    db = sqlite3.connect(path)
    try:
        with db:
            db.execute(sql)
    finally:
        db.close()


def _pickled(ledger: Ledger, fmt: int) -> dict[str, Any]:
    """LEDGER (read whole, without a cache) as the pickled cache of format FMT (2 or 3)."""
    state: Any = ledger._state
    payload = {
        "format": fmt,
        "head": ledger.head,
        "commits": [
            [c.sha, c.committed_at.isoformat(), c.author, c.subject] for c in ledger.commits
        ],
        "history": ledger._history,
        "state": state,
        "first": ledger._first,
        "last": ledger._last,
    }
    if fmt == 3:
        payload["state"] = pickle.dumps(state)
        payload["state_digest"] = ledger_module._blob_digest(payload["state"])
    return payload


# --------------------------------------------------------------------------- refusals


def test_a_shallow_clone_is_refused(repo: Repo, tmp_path: Path) -> None:
    published(repo)
    clone = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    with pytest.raises(LedgerError) as error:
        Ledger.load(clone)
    assert "git fetch --unshallow" in str(error.value)
    assert "fetch-depth: 0" in str(error.value)


def test_not_a_repository_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    (folder / "content").mkdir(parents=True)
    with pytest.raises(LedgerError, match="not a git repository"):
        Ledger.load(folder)
    with pytest.raises(LedgerError, match="not a folder"):
        Ledger.load(tmp_path / "missing")


def test_an_unknown_ref_is_refused(repo: Repo) -> None:
    published(repo)
    with pytest.raises(LedgerError, match="does not name a commit"):
        Ledger.load(repo.root, ref="no-such-branch")
    with pytest.raises(LedgerError, match="not a git ref"):
        Ledger.load(repo.root, ref="--output=/tmp/x")


def test_a_key_held_by_two_files_takes_the_smallest_paths_value(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys derive from paths, so two files cannot hold one key today; the ledger still gives
    such a key the value of the smallest path, and its history follows that value."""
    monkeypatch.setattr(
        ledger_module,
        "entry_keys",
        lambda rel, data: {"shared": fingerprint(data)} if "/conferences/" in rel else {},
    )
    later = "content/conferences/xa-tan-an/2026-05-01.yaml"
    earlier = "content/conferences/xa-tan-an/2026-01-01.yaml"
    repo.write(later, "title: B\n")
    first = repo.commit("B", "2026-03-01T09:00:00+07:00")
    repo.write(earlier, "title: A\n")
    second = repo.commit("A", "2026-03-02T09:00:00+07:00")
    repo.write(later, "title: B2\n")  # not the smallest path: the value does not change
    repo.commit("B2", "2026-03-03T09:00:00+07:00")
    steps = [Ledger.load(repo.root, use_cache=False)]
    assert Ledger.load(repo.root).cache_status == "miss"  # cached here, with both files
    assert steps[0].fingerprint("shared") == fingerprint({"title": "A"})
    assert first_of(steps[0], "shared").sha == first
    assert last_of(steps[0], "shared").sha == second
    repo.git("rm", "-q", earlier)
    third = repo.commit("-A", "2026-03-04T09:00:00+07:00")
    steps.append(Ledger.load(repo.root))
    assert steps[1].cache_status == "incremental"  # the owners were rebuilt from the cache
    assert steps[1].fingerprint("shared") == fingerprint({"title": "B2"})
    assert last_of(steps[1], "shared").sha == third
    repo.git("rm", "-q", later)
    fourth = repo.commit("-B", "2026-03-05T09:00:00+07:00")
    gone = Ledger.load(repo.root, use_cache=False)
    assert gone.fingerprint("shared") is None and "shared" not in gone.published_keys()
    assert last_of(gone, "shared").sha == fourth
    # the cache gives the same answers, read whole or extended commit by commit
    assert snapshot(Ledger.load(repo.root)) == snapshot(gone)
    assert Ledger.load(repo.root).fingerprint("shared") is None


def test_blobs_parsed_on_several_processes_give_the_same_ledger(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one CPU: the ledger parses in one process")
    published(repo)
    for n in range(2, 9):
        repo.append(
            CONF, f"      - {{date: 2026-04-0{n}, status: dang-giai-quyet, note: Lần {n}}}\n"
        )
        repo.commit(f"Cập nhật {n}", f"2026-04-0{n}T16:30:00+07:00")
    serial = Ledger.load(repo.root, use_cache=False)
    monkeypatch.setattr(ledger_module, "PARALLEL_BLOBS", 1)
    monkeypatch.setattr(ledger_module, "_BATCH", 3)  # several batches, read ahead
    pools = []
    real_pool = ledger_module._parse_pool

    def spy(blobs: int) -> Any:
        pool = real_pool(blobs)
        pools.append((blobs, pool is not None))
        return pool

    monkeypatch.setattr(ledger_module, "_parse_pool", spy)
    parallel = Ledger.load(repo.root, use_cache=False)
    assert pools == [(9, True)] and serial.blobs_read == 9
    assert parallel.blobs_read == serial.blobs_read
    assert snapshot(parallel) == snapshot(serial)
    assert first_of(parallel, f"{PETITION}/updates/8").subject == "Cập nhật 8"
