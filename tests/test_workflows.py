"""GitHub workflows: actionlint-clean, and the facts that matter for each of them.

Also runs the inline script of deadlines.yml against a fake `gh`, and checks the pre-commit
hook definitions.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPOSITORY = Path(__file__).resolve().parents[1]
WORKFLOWS = REPOSITORY / ".github" / "workflows"
MINE = ("pr.yml", "deadlines.yml", "deploy.yml")


def actionlint() -> str:
    candidate = Path(sys.executable).with_name("actionlint")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("actionlint")
    if found is None:
        pytest.skip("actionlint is not installed; install the test extra: pip install -e '.[test]'")
    return found


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_scripts(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.y*ml")))
def test_actionlint_accepts_every_workflow(name):
    result = subprocess.run(
        [actionlint(), "-no-color", str(WORKFLOWS / name)],
        capture_output=True,
        text=True,
        cwd=REPOSITORY,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", MINE)
def test_history_is_fetched_and_credentials_not_kept(name):
    checkouts = [s for s in steps(load(name)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step["with"]["fetch-depth"] == 0
        assert step["with"]["persist-credentials"] is False


@pytest.mark.parametrize("name", MINE)
def test_no_expression_is_expanded_inside_a_script(name):
    # Values from the event (branch names, logins) travel through `env:`, never inline in `run:`.
    assert "${{" not in run_scripts(load(name))


def test_pull_request_workflow():
    workflow = load("pr.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    scripts = run_scripts(workflow)
    # the three checks in one run: validate --changed, fmt --check --changed, check --base
    review = '.venv/bin/danbiet review --base "origin/$BASE_REF" --author "$PR_AUTHOR"'
    assert review in scripts
    [check] = [s for s in steps(workflow) if "danbiet review" in s.get("run", "")]
    assert check["env"] == {
        "DANBIET_CACHE_READ_ONLY": "1",  # restored, never saved: nothing to write
        "BASE_REF": "${{ github.base_ref }}",
        "PR_AUTHOR": "${{ github.event.pull_request.user.login }}",
    }
    # the parse cache of deploy.yml's newest part is restored (never saved) before validating
    order = steps(workflow)
    assert not [s for s in order if s.get("uses", "").startswith("actions/cache@")]
    cache, index = [s for s in order if s.get("uses", "").startswith("actions/cache/restore@")]
    assert cache["with"]["path"] == ".danbiet-cache"
    assert cache["with"]["restore-keys"] == "danbiet-part-"
    deploy = (REPOSITORY / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    assert "key: danbiet-part-${{ matrix.shard }}-${{ github.sha }}" in deploy
    assert order.index(cache) < order.index(check)
    # then the index of mentions the deploy's merge saves (`danbiet.mentions`), inside it
    assert index["with"]["path"] == ".danbiet-cache/mentions.sqlite" == mentions_index()
    assert index["with"]["restore-keys"] == "danbiet-mentions-"
    [saved] = [
        s for s in steps(load("deploy.yml")) if s.get("uses", "").startswith("actions/cache/save@")
    ]
    assert saved["with"] == {"path": mentions_index(), "key": "danbiet-mentions-${{ github.sha }}"}
    assert order.index(cache) < order.index(index) < order.index(check)
    # files a pull request commits under .danbiet-cache/ are removed before the restores
    [clear] = [s for s in order if s.get("run") == "rm -rf .danbiet-cache"]
    assert order.index(clear) < order.index(cache)


def mentions_index() -> str:
    from danbiet.mentions import index_path

    return index_path(".").as_posix()


def test_deadlines_workflow():
    workflow = load("deadlines.yml")
    [schedule] = workflow["on"]["schedule"]
    assert schedule["cron"] == "0 0 * * *"  # 07:00 in Asia/Ho_Chi_Minh (UTC+7)
    # every record, every night, by frictionless itself (pull requests use the compiled checks)
    assert ".venv/bin/danbiet validate --frictionless" in run_scripts(workflow)
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"]["issues"] == "write"
    scripts = run_scripts(workflow)
    assert "danbiet deadlines --strict --format markdown --git > deadlines.md" in scripts
    assert 'cat deadlines.md >> "$GITHUB_STEP_SUMMARY"' in scripts
    assert 'exit "$status"' in scripts  # the strict exit code is kept
    assert "danbiet deadlines --format json --git" in scripts
    [issues] = [s for s in steps(workflow) if "GH_TOKEN" in s.get("env", {})]
    assert issues["env"]["GH_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    assert "!cancelled()" in issues["if"]  # runs even when the strict step failed


def test_deploy_workflow():
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"] == "pages"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    uses = [s.get("uses", "") for s in steps(workflow)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    # built by province on a matrix, then joined (tests/test_shards.py: equal to one build)
    scripts = run_scripts(workflow)
    assert "danbiet build --list-shards" in scripts
    part = workflow["jobs"]["part"]
    assert part["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.shards) }}"
    assert '.venv/bin/danbiet build --shard "$SHARD" --out parts' in scripts
    assert workflow["jobs"]["build"]["needs"] == "part"
    assert ".venv/bin/danbiet build --merge parts --out site" in scripts
    # the size is checked against GitHub Pages' limit before the site is uploaded
    order = steps(workflow)
    [size] = [s for s in order if "du -sbl site" in s.get("run", "")]
    [upload] = [s for s in order if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert order.index(size) < order.index(upload)
    assert "::warning::" in size["run"] and "1000000000" in size["run"]


# -- the issue script of deadlines.yml, against a fake gh ---------------------------------------


def _issue_script() -> str:
    script = run_scripts(load("deadlines.yml"))
    match = re.search(r"<<'PY'\n(.*?)\nPY", script, flags=re.DOTALL)
    assert match, "the inline Python of deadlines.yml was not found"
    return match.group(1)


FAKE_GH = """#!/usr/bin/env python3
import json, os, sys
log = os.environ["GH_LOG"]
with open(log, "a", encoding="utf-8") as handle:
    handle.write(json.dumps(sys.argv[1:], ensure_ascii=False) + "\\n")
if sys.argv[1:3] == ["issue", "list"]:
    print(json.dumps([
        {"number": 7, "title": "[danbiet] Nghĩa vụ quá hạn: xa-hai"},
        {"number": 9, "title": "[danbiet] Nghĩa vụ quá hạn: xa-da-xong"},
        {"number": 11, "title": "Một issue khác"},
    ]))
elif sys.argv[1:3] == ["issue", "create"]:
    print("https://github.com/org/repo/issues/12")
"""


@pytest.mark.usefixtures("no_parse_cache")  # reads tests/fixtures/deadlines in place
def test_issue_script_opens_updates_and_closes_one_issue_per_unit(tmp_path, cli):
    fixture = REPOSITORY / "tests" / "fixtures" / "deadlines"
    result = cli("deadlines", fixture, "--as-of", "2026-11-20", "--format", "json")
    (tmp_path / "deadlines.json").write_text(result.out, encoding="utf-8")
    overdue_units = sorted(
        {o["unit"] for o in json.loads(result.out)["obligations"] if o["state"] == "qua-han"}
    )
    assert "xa-hai" in overdue_units
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env["GH_LOG"] = str(tmp_path / "gh.log")
    run = subprocess.run(
        [sys.executable, "-c", _issue_script()],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    calls = [json.loads(line) for line in (tmp_path / "gh.log").read_text("utf-8").splitlines()]
    assert calls[0][:2] == ["issue", "list"]  # search before creating
    edits = [c for c in calls if c[:2] == ["issue", "edit"]]
    creates = [c for c in calls if c[:2] == ["issue", "create"]]
    closes = [c for c in calls if c[:2] == ["issue", "close"]]
    assert edits == [["issue", "edit", "7", "--body-file", "issue.md"]]
    created = sorted(c[c.index("--title") + 1] for c in creates)
    assert created == [f"[danbiet] Nghĩa vụ quá hạn: {u}" for u in overdue_units if u != "xa-hai"]
    assert [c[2] for c in closes] == ["9"]
    body = (tmp_path / "issue.md").read_text(encoding="utf-8")
    assert body.startswith("Tính đến ngày 2026-11-20") and "| Hạn | Nghĩa vụ |" in body


# -- pre-commit ------------------------------------------------------------------------------------


def test_pre_commit_hooks():
    hooks = yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"danbiet-fmt", "danbiet-validate", "danbiet-check"}
    assert all(h["language"] == "python" for h in hooks)
    assert all(h["entry"].startswith("danbiet ") for h in hooks)
    config = yaml.safe_load((REPOSITORY / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [local] = config["repos"]
    assert local["repo"] == "local"
    entries = {h["id"]: h["entry"] for h in local["hooks"]}
    assert entries["danbiet-fmt"] == "danbiet fmt"
    assert entries["danbiet-validate"] == "danbiet validate"


def test_ci_workflow_runs_the_readme_test_command_on_pull_requests():
    workflow = load("ci.yml")
    assert "pull_request" in workflow["on"]
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    command = (
        'python3 -m venv .venv && .venv/bin/pip install -q -e ".[test]" && .venv/bin/pytest -q'
    )
    assert command in readme
    assert command in run_scripts(workflow)
    ci_run = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci_run
