"""content/owners.yaml -> .github/CODEOWNERS, kept current; teams and membership."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from danbiet.owners import (
    CODEOWNERS_FILE,
    OwnersError,
    codeowners,
    load_owners,
    parse_owners,
    unit_of,
)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "publishing"
REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "records"
    shutil.copytree(FIXTURE, target)
    return target


def test_the_repository_codeowners_is_current(cli):
    result = cli("owners", REPOSITORY, "--check")
    assert result.rc == 0, (
        f"{CODEOWNERS_FILE} is out of date with content/owners.yaml: run `danbiet owners` "
        "and commit the result\n" + result.err
    )


def test_the_fixture_codeowners_is_current(cli):
    assert cli("owners", FIXTURE, "--check").rc == 0, (
        "run `danbiet owners tests/fixtures/publishing`"
    )


def test_codeowners_lines():
    owners = load_owners(FIXTURE)
    assert owners is not None
    lines = [line.split() for line in codeowners(owners).splitlines() if not line.startswith("#")]
    rows = {line[0]: line[1:] for line in lines if line}
    assert rows["*"] == ["@thu/quan-tri"]
    assert rows["/content/"] == ["@thu/van-phong-tinh"]
    assert rows["/content/units/xa-thu.yaml"] == ["@thu/van-phong-xa-thu"]
    assert rows["/content/conferences/xa-thu/"] == ["@thu/van-phong-xa-thu", "@thu/mttq"]
    assert rows["/content/plans/xa-thu/"] == ["@thu/van-phong-xa-thu"]
    assert rows["/content/reports/xa-thu/"] == ["@thu/van-phong-xa-thu"]
    for path in ("/schemas/", "/scripts/", "/.github/", "/content/owners.yaml"):
        assert rows[path] == ["@thu/quan-tri"]
    # The last matching line wins: the maintainers' lines come after the /content/ lines.
    order = [line[0] for line in lines if line]
    assert order.index("/content/owners.yaml") > order.index("/content/")


def test_owners_writes_then_check_detects_staleness(root, cli):
    (root / CODEOWNERS_FILE).unlink()
    result = cli("owners", root, "--check")
    assert result.rc == 1
    assert "run `danbiet owners`" in result.err and "missing" in result.err
    result = cli("owners", root)
    assert (result.rc, result.out) == (0, f"wrote {CODEOWNERS_FILE}\n")
    assert (root / CODEOWNERS_FILE).read_bytes() == (FIXTURE / CODEOWNERS_FILE).read_bytes()
    assert cli("owners", root, "--check").rc == 0
    owners_file = root / "content" / "owners.yaml"
    owners_file.write_text(
        owners_file.read_text(encoding="utf-8").replace(
            "  xa-khac: [thu/van-phong-xa-khac]\n",
            "  xa-khac: [thu/van-phong-xa-khac]\n  xa-moi: [thu/van-phong-xa-khac]\n",
        ),
        encoding="utf-8",
    )
    result = cli("owners", root, "--check")
    assert result.rc == 1
    assert f"{CODEOWNERS_FILE}: [stale-codeowners] out of date" in result.err
    assert "run `danbiet owners`" in result.err
    result = cli("owners", root)
    assert result.rc == 0
    assert "unit 'xa-moi' has no content/units/xa-moi.yaml" in result.err
    assert "/content/conferences/xa-moi/" in (root / CODEOWNERS_FILE).read_text()


def test_owners_without_owners_file(tmp_path, cli):
    (tmp_path / "content").mkdir()
    result = cli("owners", tmp_path)
    assert result.rc == 1 and "there is no content/owners.yaml" in result.err


def test_codeowners_is_never_written_through_a_link(root, cli, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(root / ".github")
    (root / ".github").symlink_to(outside, target_is_directory=True)
    result = cli("owners", root)
    assert result.rc == 1 and "symbolic link" in result.err
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("maintainers: [thu/quan-tri]\nunitz: {}\n", "content/owners.yaml:2: unknown key 'unitz'"),
        ("default: [thu/x]\n", "name the maintainers team"),
        ("maintainers: [thu/quan-tri]\nunits:\n  Xa Thu: [thu/x]\n", ":3: 'Xa Thu' is not a unit"),
        ("maintainers: [thu/quan-tri]\nteams:\n  thu/x: [a b]\n", "'a b' in teams.thu/x is not"),
        ("maintainers: [thu/quan-tri]\nteams:\n  thu/x: [thu/y]\n", "is not a GitHub login"),
        ("maintainers: [thu/quan-tri]\nsupervision: {a: b}\n", ":2: supervision must be a list"),
        ("maintainers: &a [thu/quan-tri]\n", "[yaml-alias]"),
    ],
)
def test_owners_errors_name_file_and_line(text, message):
    with pytest.raises(OwnersError) as caught:
        parse_owners(text)
    assert message in str(caught.value)


def test_membership_and_paths():
    owners = load_owners(FIXTURE)
    assert owners is not None
    assert owners.owners_of("content/conferences/xa-thu/2026-03-12.yaml") == (
        "thu/van-phong-xa-thu",
    )
    assert owners.owners_of("content/units/xa-khac.yaml") == ("thu/van-phong-xa-khac",)
    assert owners.owners_of("content/conferences/xa-chua-co/2026-01-01.yaml") == (
        "thu/van-phong-tinh",
    )
    assert owners.owners_of("content/owners.yaml") == ("thu/quan-tri",)
    assert owners.owners_of("scripts/danbiet/cli.py") == ("thu/quan-tri",)
    assert owners.is_member("SECOND-CLERK", owners.owners_of("content/units/xa-thu.yaml"))
    assert not owners.is_member("clerk-xa-khac", owners.owners_of("content/units/xa-thu.yaml"))
    assert unit_of("content/plans/xa-thu/2026-cap-uy.yaml") == "xa-thu"
    assert unit_of("content/units/xa-thu.yaml") == "xa-thu"
    assert unit_of("content/rules/qd-son-la.yaml") is None
    assert unit_of("content/conferences/x.yaml") is None


def test_the_repository_owners_cover_every_unit_with_records():
    owners = load_owners(REPOSITORY)
    assert owners is not None
    units = {p.stem for p in (REPOSITORY / "content" / "units").glob("*.yaml")}
    assert set(owners.units) <= units, "content/owners.yaml names units that do not exist"
    for folder in ("conferences", "plans", "reports"):
        for unit_folder in (REPOSITORY / "content" / folder).iterdir():
            assert owners.owners_of(f"content/{folder}/{unit_folder.name}/x.yaml")
