"""danbiet check: pull requests that rewrite published entries, leak personal data or come from
outside the owning team are refused at file:line; appending is accepted.

Each test commits tests/fixtures/publishing to `main` of a temporary repository, switches to a
branch `pr`, changes the working tree like a pull request would, and runs
`danbiet check --base main [--author LOGIN]` (the CI runs it with origin/<base branch>).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import edit, line_of

from danbiet import ledger
from danbiet.checks import CheckError, check, privacy
from danbiet.checks.integrity import entries
from danbiet.safeyaml import load_file

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "publishing"
REPOSITORY = Path(__file__).resolve().parents[1]
CONF = "content/conferences/xa-thu/2026-03-12.yaml"  # published: its notice is on main
DRAFT = "content/conferences/xa-khac/2026-10-01.yaml"  # on main, but no notice yet
PLAN = "content/plans/xa-thu/2026-cap-uy.yaml"
REPORT = "content/reports/xa-thu/2026-h1.yaml"
CLERK = "clerk-xa-thu"  # thu/van-phong-xa-thu owns xa-thu
OTHER_CLERK = "clerk-xa-khac"  # thu/van-phong-xa-khac owns xa-khac only
MTTQ = "mttq-thu"  # thu/mttq: the supervision team


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Văn phòng",
        "GIT_AUTHOR_EMAIL": "vp@example.gov.vn",
        "GIT_COMMITTER_NAME": "Văn phòng",
        "GIT_COMMITTER_EMAIL": "vp@example.gov.vn",
    }
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return publishing_repo(tmp_path)


def publishing_repo(tmp_path: Path) -> Path:
    """The publishing fixture committed on main, checked out on a new branch `pr`."""
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Công bố hồ sơ")
    git(root, "switch", "-q", "-c", "pr")
    return root


def codes(report) -> list[tuple[str, str | None, int | None]]:
    return [(p.code, p.path, p.line) for p in report.sorted()]


# -- accepted -----------------------------------------------------------------------------------


def test_unchanged_branch_is_clean(repo):
    report = check(repo, base="main", author=CLERK)
    assert report.problems == []
    assert report.stats["changed"] == 0


def test_appending_an_update_is_accepted(repo, cli):
    result = cli(
        "new", "update", "xa-thu.2026-03-12.2", "--status", "da-giai-quyet",
        "--date", "2026-07-01", "--note", "Trại chăn nuôi đã di dời", "--root", repo,
    )  # fmt: skip
    assert result.rc == 0, result.err
    git(repo, "commit", "-qam", "Cập nhật tiến độ")
    result = cli("check", repo, "--base", "main", "--author", CLERK)
    assert (result.rc, result.out) == (0, "")
    assert "1 changed files since main: 0 problems" in result.err


def test_appending_a_petition_and_entries_is_accepted(repo):
    text = (repo / CONF).read_text(encoding="utf-8")
    text = text.replace(
        "corrections:\n",
        "  - no: 3\n"
        "    raised: tai-hoi-nghi\n"
        "    petitioner:\n"
        "      kind: ca-nhan\n"
        "      label: Công dân thôn Nam\n"
        "    field: giao-thong\n"
        "    summary: Đề nghị lắp đèn chiếu sáng đường liên thôn\n"
        "    within_authority: true\n"
        "corrections:\n",
    )
    text += "  - date: 2026-04-01\n    target: title\n    value: Đối thoại\n    reason: Ghi sai\n"
    (repo / CONF).write_text(text, encoding="utf-8")
    assert check(repo, base="main", author=CLERK).problems == []


def test_a_conference_without_its_notice_may_still_be_completed(repo):
    edit(repo, DRAFT, "title: Đối thoại định kỳ quý IV", "title: Đối thoại định kỳ quý IV năm 2026")
    edit(repo, DRAFT, "    position: Chủ tịch UBND xã Khác\n", "    position: Chủ tịch UBND\n")
    assert check(repo, base="main", author=OTHER_CLERK).problems == []


def test_filling_in_a_later_fact_of_a_published_entry_is_accepted(repo):
    # The notice is sent upward days after it is issued; a planned conference gets its id later.
    edit(repo, CONF, "  sent_up_on: 2026-03-20\n", "")
    git(repo, "commit", "-qam", "Thông báo chưa gửi lên")
    git(repo, "branch", "-f", "main", "HEAD")
    edit(repo, CONF, "  url: https://xa-thu.gov.vn/tb-12\n", "  url: https://xa-thu.gov.vn/tb-12\n"
         "  sent_up_on: 2026-03-21\n")  # fmt: skip
    edit(
        repo,
        PLAN,
        "    topic: Đối thoại định kỳ\n",
        "    topic: Đối thoại định kỳ\n    conference_id: xa-thu.2026-09-15\n",
    )
    assert check(repo, base="main", author=CLERK).problems == []


def test_supervision_team_may_add_supervision_entries(repo):
    edit(
        repo,
        CONF,
        "        note: Mùi hôi vẫn còn\n",
        "        note: Mùi hôi vẫn còn\n"
        "      - by: mttq-xa-thu\n        date: 2026-08-01\n        verdict: xac-nhan\n",
    )
    assert check(repo, base="main", author=MTTQ).problems == []


# -- refused: published entries -----------------------------------------------------------------


def test_editing_a_published_update_is_refused_at_its_line(repo, cli):
    edit(repo, CONF, "        note: Đang rà soát hồ sơ\n", "        note: Đã rà soát xong\n")
    git(repo, "commit", "-qam", "Sửa tiến độ")
    result = cli("check", repo, "--base", "main", "--author", CLERK)
    assert result.rc == 1
    line = line_of(repo, CONF, "note: Đã rà soát xong")
    assert result.out.startswith(f"{CONF}:{line}: [edited-published] ")
    assert "update xa-thu.2026-03-12.1/updates/1 was published on main" in result.out
    assert "add a corrections entry with a reason instead" in result.out
    assert "--target petitions[0].updates[0].note" in result.out
    assert result.out.rstrip().endswith("(petitions[0].updates[0].note)")


def test_editing_a_published_status_is_refused(repo):
    edit(repo, CONF, "        status: da-giai-quyet\n", "        status: da-tra-loi\n")
    report = check(repo, base="main")
    [problem] = report.problems
    assert problem.code == "edited-published"
    assert problem.line == line_of(repo, CONF, "status: da-tra-loi")
    assert problem.field == "petitions[0].updates[1].status"
    assert problem.record == "xa-thu.2026-03-12.1/updates/2"


def test_deleting_a_petition_is_refused(repo):
    text = (repo / CONF).read_text(encoding="utf-8")
    start, end = text.index("  - no: 2\n"), text.index("corrections:\n")
    (repo / CONF).write_text(text[:start] + text[end:], encoding="utf-8")
    git(repo, "commit", "-qam", "Xóa kiến nghị")
    report = check(repo, base="main", author=CLERK)
    deleted = [p for p in report.problems if p.code == "deleted-published"]
    assert {p.record for p in deleted} == {
        "xa-thu.2026-03-12.2",
        "xa-thu.2026-03-12.2/assignments/1",
        "xa-thu.2026-03-12.2/updates/1",
        "xa-thu.2026-03-12.2/supervision/1",
    }
    petition = next(p for p in deleted if p.record == "xa-thu.2026-03-12.2")
    assert (petition.path, petition.line) == (CONF, line_of(repo, CONF, "petitions:"))
    assert "published entries are never deleted" in petition.message
    assert "add a corrections entry with a reason instead" in petition.message
    assert {p.code for p in report.problems} == {"deleted-published"}


def test_deleting_an_update_of_an_unpublished_conference_is_still_refused(repo):
    edit(
        repo,
        DRAFT,
        "    updates:\n      - date: 2026-10-20\n        status: dang-giai-quyet\n"
        "        note: Đang lập dự toán sửa chữa\n",
        "",
    )
    [problem] = check(repo, base="main", author=OTHER_CLERK).problems
    assert (problem.code, problem.record) == ("deleted-published", "xa-khac.2026-10-01.1/updates/1")


def test_editing_published_conference_facts_is_refused_once_the_notice_is_out(repo):
    edit(repo, CONF, "title: Đối thoại về đất đai và môi trường", "title: Đối thoại về đất đai")
    [problem] = check(repo, base="main").problems
    assert (problem.code, problem.line, problem.field) == (
        "edited-published",
        line_of(repo, CONF, "title: Đối thoại về đất đai"),
        "title",
    )
    assert "--target title" in problem.message


def test_deleting_or_renaming_a_record_file_is_refused(repo):
    git(repo, "rm", "-q", REPORT)
    git(repo, "mv", PLAN, "content/plans/xa-thu/2026-chinh-quyen.yaml")
    report = check(repo, base="main", author=CLERK)
    gone = {p.path: p for p in report.problems if p.code == "deleted-published"}
    assert set(gone) == {REPORT, PLAN}
    assert "has been deleted" in gone[REPORT].message
    assert "renamed to content/plans/xa-thu/2026-chinh-quyen.yaml" in gone[PLAN].message
    assert f"git checkout main -- {REPORT}" in gone[REPORT].message


def test_an_uncommitted_working_tree_is_compared_too(repo):
    (repo / REPORT).unlink()
    assert [p.code for p in check(repo, base="main").problems] == ["deleted-published"]


# -- refused: personal data ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summary", "code"),
    [
        ("Đề nghị sửa đường, liên hệ 0912 345 678", "personal-phone"),
        ("Đề nghị sửa đường, liên hệ +84 912.345.678", "personal-phone"),
        ("Đề nghị cấp lại giấy tờ, CCCD 001085012345", "personal-id"),
        ("Đề nghị cấp lại giấy tờ, CMND số 123456789", "personal-id"),
        ("Đề nghị trả lời qua thư nguyenvanbinh@gmail.com", "personal-email"),
        ("Xe 29A-123.45 thường xuyên đỗ chắn lối đi", "personal-plate"),
        ("Gia đình ông Nguyễn Văn Bình bị lấn chiếm đất", "personal-name"),
    ],
)
def test_personal_data_in_a_new_summary_is_refused(repo, cli, summary, code):
    result = cli(
        "new", "petition", "xa-thu.2026-03-12", "--raised", "tai-hoi-nghi", "--field", "dat-dai",
        "--petitioner-kind", "ca-nhan", "--label", "Công dân thôn Nam", "--summary", summary,
        "--root", repo,
    )  # fmt: skip
    assert result.rc == 0, result.err
    result = cli("check", repo, "--base", "main", "--author", CLERK)
    assert result.rc == 1
    line = line_of(repo, CONF, summary.split(",")[0][:30])
    [shown] = result.out.splitlines()
    assert shown.startswith(f"{CONF}:{line}: [{code}] petitions[2].summary contains ")
    assert "pseudonymous label" in shown
    for secret in ("0912 345 678", "912.345.678", "001085012345", "123456789", "nguyenvanbinh"):
        assert secret not in result.out  # the finding is masked in public CI logs


def test_personal_data_in_an_untracked_file_is_refused(repo):
    folder = repo / "content" / "conferences" / "xa-khac"
    (folder / "2026-11-02.yaml").write_text(
        (repo / DRAFT)
        .read_text(encoding="utf-8")
        .replace("Nhóm cử tri thôn Bắc", "Trần Văn Hùng, thôn Bắc")
        .replace("held_on: 2026-10-01", "held_on: 2026-11-02"),
        encoding="utf-8",
    )
    report = check(repo, base="main", author=OTHER_CLERK)
    [problem] = report.problems
    assert (problem.code, problem.path, problem.field) == (
        "personal-name",
        "content/conferences/xa-khac/2026-11-02.yaml",
        "petitions[0].petitioner.label",
    )


def test_without_base_the_whole_tree_is_scanned(tmp_path, cli):
    root = tmp_path / "records"
    shutil.copytree(FIXTURE, root)
    assert cli("check", root).rc == 0
    edit(
        root, REPORT, "summary: Tổ chức 1 hội nghị", "summary: Gọi 0987.654.321. Tổ chức 1 hội nghị"
    )
    result = cli("check", root, "--format", "json")
    assert result.rc == 1
    import json

    payload = json.loads(result.out)
    assert [(p["code"], p["path"], p["line"], p["field"]) for p in payload["problems"]] == [
        ("personal-phone", REPORT, line_of(root, REPORT, "0987"), "summary")
    ]


@pytest.mark.parametrize(
    ("note", "found"),
    [
        ("Ông Phạm Văn Đông đã chỉ đạo lập dự toán", []),  # the chair of a conference of xa-khac
        ("Bà Trần Thị Bình đã kiểm tra", []),  # chair and signer of xa-thu: same repository
        ("Ông Phạm Văn Tây đã chỉ đạo lập dự toán", ["personal-name"]),  # not an official
    ],
)
def test_officials_of_the_repository_may_be_named(repo, cli, note, found):
    result = cli(
        "new", "update", "xa-khac.2026-10-01.1", "--status", "dang-giai-quyet",
        "--date", "2026-11-02", "--note", note, "--root", repo,
    )  # fmt: skip
    assert result.rc == 0, result.err
    report = check(repo, base="main", author=OTHER_CLERK)
    assert [p.code for p in report.problems] == found


@pytest.mark.parametrize(
    ("note", "read"),
    [
        ("Chủ tịch UBND xã Phạm Văn Tây đã chỉ đạo", False),  # a title tells
        ("Đã lập dự toán, chờ phê duyệt", False),  # no name at all
        ("Ông Phạm Văn Đông đã chỉ đạo lập dự toán", False),  # the chair of this conference
        ("Bà Trần Thị Bình đã kiểm tra", True),  # of xa-thu: only the repository tells
    ],
)
def test_the_repository_officials_are_read_only_when_a_name_needs_them(
    repo, cli, monkeypatch, note, read
):
    """A pull request's check reads every conference and plan for officials' names only when a
    name is explained by nothing else: the common pull request stays fast at any size."""
    import danbiet.checks as checks

    result = cli(
        "new", "update", "xa-khac.2026-10-01.1", "--status", "dang-giai-quyet",
        "--date", "2026-11-02", "--note", note, "--root", repo,
    )  # fmt: skip
    assert result.rc == 0, result.err
    calls = []
    everyone = checks.repository_officials
    monkeypatch.setattr(
        checks, "repository_officials", lambda root: calls.append(root) or everyone(root)
    )
    report = check(repo, base="main", author=OTHER_CLERK)
    assert report.problems == []
    assert calls == ([repo] if read else [])


def test_officials_are_read_alike_with_and_without_git(repo, tmp_path, monkeypatch):
    """`git grep` picks the lines in a repository (untracked files included), a walk elsewhere;
    both give the same names."""
    import danbiet.checks as checks

    extra = repo / "content" / "conferences" / "xa-thu" / "2026-12-01.yaml"
    extra.write_text("title: Thêm\nchairs:\n  - name: Lê Văn Mới, Chủ tịch\n", encoding="utf-8")
    by_git = checks.repository_officials(repo)
    assert checks._official_lines_by_git(repo) is not None
    assert privacy.normalise_name("Lê Văn Mới") in by_git  # an untracked file
    plain = tmp_path / "not-a-repository"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    assert checks._official_lines_by_git(plain) is None
    assert checks.repository_officials(plain) == by_git
    monkeypatch.setattr(checks, "_official_lines_by_git", lambda root: None)
    assert checks.repository_officials(repo) == by_git


def test_the_shipped_example_content_has_no_findings():
    report = check(REPOSITORY)
    assert [p.format() for p in report.problems] == []
    assert report.stats["files"] > 0


# -- refused: ownership -------------------------------------------------------------------------


def test_a_change_by_someone_outside_the_owning_team_is_refused(repo, cli):
    cli(
        "new", "update", "xa-thu.2026-03-12.1", "--status", "da-giai-quyet",
        "--date", "2026-06-01", "--root", repo,
    )  # fmt: skip
    result = cli("check", repo, "--base", "main", "--author", OTHER_CLERK)
    assert result.rc == 1
    line = line_of(repo, CONF, "- date: 2026-06-01")
    assert result.out.startswith(f"{CONF}:{line}: [not-owner] @{OTHER_CLERK} is not in a team")
    assert "thu/van-phong-xa-thu" in result.out
    # Team membership is compared like GitHub logins: case-insensitively.
    assert check(repo, base="main", author="second-clerk").problems == []


def test_supervision_added_by_the_office_is_refused(repo):
    edit(
        repo,
        CONF,
        "        note: Mùi hôi vẫn còn\n",
        "        note: Mùi hôi vẫn còn\n"
        "      - by: mttq-xa-thu\n        date: 2026-08-01\n        verdict: xac-nhan\n",
    )
    [problem] = check(repo, base="main", author=CLERK).problems
    assert problem.code == "not-owner"
    assert problem.record == "xa-thu.2026-03-12.2/supervision/2"
    assert problem.line == line_of(repo, CONF, "date: 2026-08-01") - 1
    assert "supervision team (thu/mttq)" in problem.message


def test_the_supervision_team_may_not_change_anything_else(repo):
    edit(repo, CONF, "    answer: Xã sẽ rà soát hồ sơ\n", "    answer: Xã sẽ rà soát\n")
    codes_found = {p.code for p in check(repo, base="main", author=MTTQ).problems}
    assert codes_found == {"not-owner", "edited-published"}


def test_a_pull_request_cannot_make_its_author_an_owner(repo):
    edit(repo, "content/owners.yaml", "[clerk-xa-khac]", "[clerk-xa-khac, intruder]")
    edit(repo, DRAFT, "Đang lập dự toán sửa chữa", "Đang lập dự toán")
    report = check(repo, base="main", author="intruder")
    # The owners of the base decide: the intruder owns neither owners.yaml nor xa-khac.
    assert sorted((p.code, p.path) for p in report.problems) == [
        ("edited-published", DRAFT),
        ("not-owner", DRAFT),
        ("not-owner", "content/owners.yaml"),
    ]


def test_changes_outside_content_belong_to_the_maintainers(repo):
    (repo / "README.md").write_text("x\n", encoding="utf-8")
    git(repo, "add", "README.md")
    report = check(repo, base="main", author=CLERK)
    assert [(p.code, p.path) for p in report.problems] == [("not-owner", "README.md")]
    assert check(repo, base="main", author="admin-thu").problems == []


def test_without_owners_file_ownership_cannot_be_checked(repo):
    git(repo, "rm", "-q", "content/owners.yaml")
    git(repo, "commit", "-qm", "x")
    git(repo, "branch", "-f", "main", "HEAD")
    assert [p.code for p in check(repo, base="main", author=CLERK).problems] == ["owners-error"]


# -- usage --------------------------------------------------------------------------------------


def test_usage_errors_exit_2(repo, cli, tmp_path):
    result = cli("check", repo, "--author", CLERK)
    assert result.rc == 2 and "--author needs --base" in result.err
    result = cli("check", repo, "--base", "origin/nope")
    assert result.rc == 2 and "'origin/nope' does not name a commit" in result.err
    assert "fetch-depth: 0" in result.err
    result = cli("check", repo, "--base", "--upload-pack=x")
    assert result.rc == 2
    result = cli("check", repo, "--base", "main", "--author", "no/such login")
    assert result.rc == 2
    plain = tmp_path / "plain"
    shutil.copytree(FIXTURE, plain)
    result = cli("check", plain, "--base", "main")
    assert result.rc == 2 and "not a git repository" in result.err
    assert cli("check", repo, "--format", "yaml").rc == 2
    with pytest.raises(CheckError):
        check(repo, author=CLERK)


# -- consistency with the ledger ----------------------------------------------------------------


@pytest.mark.parametrize(
    "rel", sorted(p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*.yaml"))
)
def test_entry_keys_match_the_ledger(rel):
    data = load_file(FIXTURE / rel).data
    assert set(entries(rel, data)) == set(ledger.entry_keys(rel, data))
