"""danbiet review: the three pull-request checks in one run, with the findings of each.

`review --base REF --author LOGIN` must report exactly what `validate --changed REF`,
`fmt --check --changed REF` and `check --base REF --author LOGIN` report, in that order, and
fail when any of them fails. The repository is the publishing fixture of tests/test_check.py.
"""

from __future__ import annotations

import json

import pytest
from conftest import edit
from test_check import CLERK, CONF, OTHER_CLERK, git, publishing_repo

AS_OF = "2026-12-01"


@pytest.fixture
def repo(tmp_path):
    return publishing_repo(tmp_path)


def test_a_clean_pull_request_passes_all_three_checks(repo, cli):
    result = cli(
        "new", "update", "xa-thu.2026-03-12.2", "--status", "da-giai-quyet",
        "--date", "2026-07-01", "--note", "Trại chăn nuôi đã di dời", "--root", repo,
    )  # fmt: skip
    assert result.rc == 0, result.err
    result = cli("review", repo, "--base", "main", "--author", CLERK, "--as-of", AS_OF)
    assert (result.rc, result.out) == (0, ""), result.err
    headings = [line for line in result.err.splitlines() if line.startswith("== ")]
    assert [h.split("(")[1] for h in headings] == [
        "validate --changed main)",
        "fmt --check --changed main)",
        "check --base main)",
    ]
    assert "0 errors, 0 warnings (in or about 1 changed files" in result.err
    assert "changed record files: 1 record files in canonical form" in result.err
    assert "1 changed files since main: 0 problems" in result.err


def _faulty_pull_request(repo) -> None:
    """One changed file that fails every check: a value of the wrong type (validate), a list
    not written canonically (fmt), a published fact rewritten with a phone number in it, by a
    clerk of another commune (check)."""
    edit(repo, CONF, "attendance: 85\n", "attendance: nhiều\n")
    edit(repo, CONF, "fields: [dat-dai, moi-truong]\n", "fields:\n- dat-dai\n- moi-truong\n")
    edit(
        repo,
        CONF,
        "summary: Hội nghị diễn ra đúng kế hoạch.",
        "summary: Hội nghị diễn ra đúng kế hoạch, liên hệ 0912 345 678.",
    )


def test_review_reports_what_the_three_commands_report(repo, cli):
    _faulty_pull_request(repo)
    validate = cli("validate", repo, "--changed", "main", "--as-of", AS_OF)
    fmt = cli("fmt", repo, "--check", "--changed", "main")
    check = cli("check", repo, "--base", "main", "--author", OTHER_CLERK)
    assert (validate.rc, fmt.rc, check.rc) == (1, 1, 1)
    for result, code in ((validate, "[type-error]"), (check, "[personal-phone]")):
        assert code in result.out
    assert f"+++ {CONF} (canonical" in fmt.out
    assert "[not-owner]" in check.out and "[edited-published]" in check.out

    review = cli("review", repo, "--base", "main", "--author", OTHER_CLERK, "--as-of", AS_OF)
    assert review.rc == 1
    assert review.out == validate.out + fmt.out + check.out
    for summary in (validate.err, fmt.err, check.err):
        assert summary.strip().splitlines()[-1] in review.err, (summary, review.err)


def test_review_fails_when_only_one_check_fails(repo, cli):
    edit(repo, CONF, "fields: [dat-dai, moi-truong]\n", "fields:\n- dat-dai\n- moi-truong\n")
    review = cli("review", repo, "--base", "main", "--author", CLERK, "--as-of", AS_OF)
    assert review.rc == 1
    assert "1 of 1 record files are not in canonical form" in review.err
    assert "0 errors, 0 warnings" in review.err
    assert "1 changed files since main: 0 problems" in review.err
    review = cli("review", repo, "--base", "main", "--as-of", AS_OF, "--format", "json")
    assert review.rc == 1
    payload = json.loads(review.out)
    assert payload["validate"]["valid"] and payload["check"]["valid"]
    assert payload["fmt"]["not_canonical"] == [CONF] and payload["valid"] is False


def test_review_as_json(repo, cli):
    _faulty_pull_request(repo)
    review = cli("review", repo, "--base", "main", "--author", OTHER_CLERK, "--format", "json")
    assert review.rc == 1
    payload = json.loads(review.out)
    assert payload["valid"] is False
    assert payload["fmt"] == {"not_canonical": [CONF], "problems": []}
    assert {p["code"] for p in payload["validate"]["problems"]} >= {"type-error"}
    codes = {p["code"] for p in payload["check"]["problems"]}
    assert codes >= {"personal-phone", "edited-published", "not-owner"}
    git(repo, "checkout", "-q", "--", CONF)
    clean = json.loads(cli("review", repo, "--base", "main", "--format", "json").out)
    assert clean["valid"] is True
    assert clean["fmt"]["not_canonical"] == [] and clean["check"]["problems"] == []


@pytest.mark.parametrize(
    "args",
    [
        ("--base", "no-such-branch"),
        ("--base", "--all"),
        ("--base", "main", "--author", "not a login"),
    ],
)
def test_review_usage_errors_exit_2(repo, cli, args):
    result = cli("review", repo, *args)
    assert result.rc == 2
    assert result.out == ""


def test_review_of_a_change_outside_the_records(repo, cli):
    (repo / "README.md").write_text("Hồ sơ đối thoại\n", encoding="utf-8")
    git(repo, "add", "README.md")
    result = cli("review", repo, "--base", "main", "--as-of", AS_OF)
    assert (result.rc, result.out) == (0, ""), result.err
    assert "changed record files: none" in result.err
    assert "1 changed files since main: 0 problems" in result.err


def test_review_needs_a_base(repo, cli):
    assert cli("review", repo).rc == 2
