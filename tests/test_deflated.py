"""ZIP archives joined from data deflated ahead of time (danbiet.export.deflated)."""

from __future__ import annotations

import random
import shutil
import subprocess
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest

from danbiet.export import deflated
from danbiet.export.deflated import (
    FINAL_BLOCK,
    Member,
    crc32_combine,
    deflate_file_part,
    deflate_part,
    member_of_file,
    write_zip,
)

DAY = date(2026, 11, 20)
ROWS = [
    b"id,summary\r\n",
    "xa-thu.2026-03-12.1,Đề nghị sửa cống\r\n".encode() * 500,
    b"",  # a province with no rows
    "xa-dong.2026-04-02.1,Phản ánh mùi hôi\r\n".encode() * 300,
]


def _joined(tmp_path: Path, name: str = "petitions.csv") -> tuple[Member, bytes]:
    """A member made like the national CSV: the header, then each province's deflated rows
    (two kept in files, as parts keep them), then the final block."""
    member = Member(name)
    whole = b""
    for index, rows in enumerate(ROWS):
        whole += rows
        data = deflate_part(rows)
        if index % 2:
            path = tmp_path / f"part{index}.deflate"
            path.write_bytes(b"junk" + data)
            member.pieces.append((path, 4, len(data)))
        else:
            member.pieces.append(data)
    member.pieces.append(FINAL_BLOCK)
    member.size, member.crc = len(whole), zlib.crc32(whole)
    return member, whole


def test_joined_deflate_data_reads_back(tmp_path: Path) -> None:
    member, whole = _joined(tmp_path)
    extra = tmp_path / "datapackage.json"
    extra.write_text('{"name": "danbiet"}\n', encoding="utf-8")
    archive = tmp_path / "out.zip"
    write_zip(archive, [member_of_file("datapackage.json", extra), member], DAY)
    with zipfile.ZipFile(archive) as z:
        assert z.testzip() is None
        assert z.namelist() == ["datapackage.json", "petitions.csv"]
        assert z.read("petitions.csv") == whole
        assert z.read("datapackage.json") == extra.read_bytes()
        info = z.getinfo("petitions.csv")
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.date_time == (2026, 11, 20, 0, 0, 0)
        assert info.compress_size < len(whole) / 10  # really compressed
    if shutil.which("unzip"):
        done = subprocess.run(["unzip", "-t", str(archive)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_same_data_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    write_zip(first, [_joined(tmp_path)[0]], DAY)
    write_zip(second, [_joined(tmp_path)[0]], DAY)
    assert first.read_bytes() == second.read_bytes()


def test_a_file_deflated_in_blocks_joins_like_bytes(tmp_path: Path) -> None:
    source = tmp_path / "rows.csv"
    source.write_bytes(ROWS[1] * 5000)  # several MiB: several blocks
    target = tmp_path / "rows.csv.deflate"
    deflate_file_part(source, target)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    deflate_file_part(empty, tmp_path / "empty.deflate")
    assert (tmp_path / "empty.deflate").read_bytes() == b""
    data = target.read_bytes() + FINAL_BLOCK
    assert zlib.decompress(data, -15) == source.read_bytes()


def test_zip64_records_when_sizes_or_counts_need_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Lowered thresholds write the ZIP64 fields real 4 GiB files and 65,535 members would.
    monkeypatch.setattr(deflated, "ZIP64_SIZE", 100)
    monkeypatch.setattr(deflated, "ZIP64_ENTRIES", 3)
    members = [_joined(tmp_path, f"hoi-nghi/{n}.csv") for n in range(4)]
    small = tmp_path / "small.json"
    small.write_bytes(b"{}")
    archive = tmp_path / "big.zip"
    write_zip(archive, [member_of_file("small.json", small), *(m for m, _ in members)], DAY)
    raw = archive.read_bytes()
    assert b"PK\x06\x06" in raw and b"PK\x06\x07" in raw  # ZIP64 end record and locator
    with zipfile.ZipFile(archive) as z:
        assert z.testzip() is None
        assert len(z.namelist()) == 5
        for member, whole in members:
            assert z.read(member.name) == whole
            assert z.getinfo(member.name).file_size == len(whole)
    if shutil.which("unzip"):
        done = subprocess.run(["unzip", "-t", str(archive)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_non_ascii_names_are_flagged_utf8(tmp_path: Path) -> None:
    path = tmp_path / "x"
    path.write_bytes(b"abc")
    archive = tmp_path / "names.zip"
    write_zip(archive, [member_of_file("hội-nghị.json", path)], DAY)
    with zipfile.ZipFile(archive) as z:
        assert z.namelist() == ["hội-nghị.json"]
        assert z.getinfo("hội-nghị.json").flag_bits & 0x800
        assert z.read("hội-nghị.json") == b"abc"


def test_a_short_piece_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "short.deflate"
    path.write_bytes(deflate_part(b"abc"))
    member = Member("x", 3, zlib.crc32(b"abc"), [(path, 0, 1000), FINAL_BLOCK])
    with pytest.raises(OSError, match="shorter than its index says"):
        write_zip(tmp_path / "x.zip", [member], DAY)


@pytest.mark.parametrize("sizes", [(0, 0), (5, 0), (0, 5), (1, 1), (1000, 70_000), (3, 1 << 20)])
def test_crc32s_are_joined_without_the_bytes(sizes):
    """The CRC-32 of two pieces joined from their own CRC-32s and the second one's length is
    zlib's CRC-32 of the whole (the workbook's sheets are checked so, never read again)."""
    first, second = (bytes(random.Random(n).randbytes(n)) for n in sizes)
    whole = crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second))
    assert whole == zlib.crc32(first + second)
    assert crc32_combine(whole, zlib.crc32(b"end"), 3) == zlib.crc32(first + second + b"end")
