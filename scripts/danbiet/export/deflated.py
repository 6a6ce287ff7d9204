"""ZIP archives made of data deflated ahead of time, where it was written.

The open-data ZIP holds every CSV file and one JSON file per conference: half a gigabyte a
national year, which took most of a one-conference rebuild to compress again. Here each part
of the site deflates its own bytes once (its CSV rows, its conference files) and the archive is
written by copying them: raw deflate data ended with a sync flush (an empty stored block, at a
byte boundary) can be followed by more deflate data, so a member's data is the deflated header
row, every province's deflated rows in order, then an empty final block (the way pigz joins
blocks compressed in parallel). The CRC-32 of a joined member is computed while its file is
written (`danbiet.export.fragments`), or joined from the CRC-32s of its pieces
(`crc32_combine`) when its bytes are not written at all (the workbook's sheets).

Python's `zipfile` cannot take data that is already compressed, so the archive's structure is
written here: local headers, the central directory and, past 65,535 members or 4 GiB, the ZIP64
records (APPNOTE.TXT 6.3, sections 4.3-4.5). Times are fixed (the as-of day), so the same data
gives the same bytes.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

FINAL_BLOCK = b"\x03\x00"  # an empty final block (fixed Huffman codes): ends a joined stream
ESCAPE = 0xFFFFFFFF  # a 32-bit size or offset whose value is in the ZIP64 extra field
ESCAPE_16 = 0xFFFF  # a 16-bit count whose value is in the ZIP64 end record
ZIP64_SIZE = ESCAPE  # sizes and offsets from this one on are written as ZIP64 (tests lower it)
ZIP64_ENTRIES = ESCAPE_16  # as many members or more: ZIP64 end records (tests lower it)
_CHUNK = 1 << 20

Piece = bytes | tuple[Path, int, int]  # bytes, or (file, offset, length) of deflate data


@dataclass
class Member:
    """One file of the archive: its raw deflate data in PIECES, its size and CRC-32."""

    name: str
    size: int = 0
    crc: int = 0
    pieces: list[Piece] = field(default_factory=list)


def compressor() -> zlib._Compress:
    """A raw deflate stream at zlib's default level (what `zipfile` uses)."""
    return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)


def deflate_part(data: bytes) -> bytes:
    """DATA deflated so that more deflate data may follow (ended by a sync flush)."""
    if not data:
        return b""
    stream = compressor()
    return stream.compress(data) + stream.flush(zlib.Z_SYNC_FLUSH)


def deflate_file_part(source: Path, target: Path) -> int:
    """`deflate_part` of the file SOURCE, written to TARGET in blocks; SOURCE's CRC-32."""
    stream = compressor()
    crc, wrote = 0, False
    with source.open("rb") as data, target.open("wb") as out:
        while chunk := data.read(_CHUNK):
            out.write(stream.compress(chunk))
            crc, wrote = zlib.crc32(chunk, crc), True
        if wrote:
            out.write(stream.flush(zlib.Z_SYNC_FLUSH))
    return crc


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A + B from CRC1 = crc32(A), CRC2 = crc32(B) and B's length, without B's
    bytes (zlib's `crc32_combine`, which Python's zlib does not offer): CRC1 is carried
    through LENGTH2 zero bytes by the GF(2) operators of `_ZEROS`, one per set bit."""
    for bit, operator in enumerate(_zero_operators(length2.bit_length())):
        if length2 >> bit & 1:
            crc1 = _gf2_times(operator, crc1)
    return crc1 ^ crc2


def _gf2_times(matrix: list[int], vector: int) -> int:
    out, row = 0, 0
    while vector:
        if vector & 1:
            out ^= matrix[row]
        vector >>= 1
        row += 1
    return out


_ZEROS: list[list[int]] = []  # operator k: the CRC register through 2**k zero bytes


def _zero_operators(count: int) -> list[list[int]]:
    if not _ZEROS:
        one_bit = [0xEDB88320, *(1 << n for n in range(31))]  # one zero bit (reflected poly)
        operator = one_bit
        for _ in range(3):  # 2, 4, 8 zero bits: one zero byte
            operator = [_gf2_times(operator, column) for column in operator]
        _ZEROS.append(operator)
    while len(_ZEROS) < count:
        last = _ZEROS[-1]
        _ZEROS.append([_gf2_times(last, column) for column in last])
    return _ZEROS[:count]


def deflate_whole(data: bytes) -> bytes:
    """DATA as a complete raw deflate stream."""
    stream = compressor()
    return stream.compress(data) + stream.flush()


def member_of_bytes(name: str, data: bytes) -> Member:
    """A member holding DATA, deflated now."""
    return Member(name, len(data), zlib.crc32(data), [deflate_whole(data)])


def member_of_file(name: str, path: Path) -> Member:
    """A member for the (small) file at PATH, deflated now."""
    return member_of_bytes(name, path.read_bytes())


def member_of_large_file(name: str, path: Path, work: Path) -> Member:
    """A member for the file at PATH, deflated now in blocks into the file WORK."""
    crc = deflate_file_part(path, work)
    pieces: list[Piece] = [(work, 0, work.stat().st_size), FINAL_BLOCK]
    return Member(name, path.stat().st_size, crc, pieces)


def write_zip(path: Path, members: Iterable[Member], when: date) -> None:
    """The archive PATH holding MEMBERS in order, every member dated WHEN."""
    stamp = (
        0,
        ((max(when.year, 1980) - 1980) << 9) | (when.month << 5) | when.day,
    )
    central: list[bytes] = []
    count = 0
    with path.open("wb") as out:
        for member in members:
            offset = out.tell()
            compressed = sum(len(p) if isinstance(p, bytes) else p[2] for p in member.pieces)
            out.write(_local_header(member, compressed, stamp))
            for piece in member.pieces:
                _copy(piece, out)
            central.append(_central_header(member, compressed, stamp, offset))
            count += 1
        start = out.tell()
        for entry in central:
            out.write(entry)
        size = out.tell() - start
        big = count >= ZIP64_ENTRIES or start >= ZIP64_SIZE or size >= ZIP64_SIZE
        if big:
            end64 = out.tell()
            out.write(
                struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, size, start)
            )
            out.write(struct.pack("<IIQI", 0x07064B50, 0, end64, 1))
        out.write(
            struct.pack(
                "<IHHHHIIH",
                0x06054B50,
                0,
                0,
                ESCAPE_16 if big else count,
                ESCAPE_16 if big else count,
                ESCAPE if big else size,
                ESCAPE if big else start,
                0,
            )
        )


def _name(member: Member) -> tuple[bytes, int]:
    """The encoded name and the general-purpose flags (bit 11: the name is UTF-8)."""
    try:
        return member.name.encode("ascii"), 0
    except UnicodeEncodeError:
        return member.name.encode("utf-8"), 0x800


def _local_header(member: Member, compressed: int, stamp: tuple[int, int]) -> bytes:
    name, flags = _name(member)
    big = member.size >= ZIP64_SIZE or compressed >= ZIP64_SIZE
    extra = struct.pack("<HHQQ", 1, 16, member.size, compressed) if big else b""
    return (
        struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            45 if big else 20,
            flags,
            8,
            *stamp,
            member.crc,
            ESCAPE if big else compressed,
            ESCAPE if big else member.size,
            len(name),
            len(extra),
        )
        + name
        + extra
    )


def _central_header(member: Member, compressed: int, stamp: tuple[int, int], offset: int) -> bytes:
    name, flags = _name(member)
    values = []  # in this order, those whose 32-bit field holds ESCAPE
    fields = []
    for value in (member.size, compressed, offset):
        if value >= ZIP64_SIZE:
            values.append(value)
        fields.append(ESCAPE if value >= ZIP64_SIZE else value)
    extra = struct.pack(f"<HH{len(values)}Q", 1, 8 * len(values), *values) if values else b""
    version = 45 if values else 20
    return (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            (3 << 8) | version,  # made by: Unix
            version,
            flags,
            8,
            *stamp,
            member.crc,
            fields[1],
            fields[0],
            len(name),
            len(extra),
            0,
            0,
            0,
            0o644 << 16,
            fields[2],
        )
        + name
        + extra
    )


def _copy(piece: Piece, out: object) -> None:
    if isinstance(piece, bytes):
        out.write(piece)  # type: ignore[attr-defined]
        return
    path, offset, length = piece
    with path.open("rb") as source:
        source.seek(offset)
        while length > 0:
            chunk = source.read(min(length, _CHUNK))
            if not chunk:
                raise OSError(f"{path}: shorter than its index says")
            out.write(chunk)  # type: ignore[attr-defined]
            length -= len(chunk)
