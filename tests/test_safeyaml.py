"""danbiet.safeyaml: untrusted YAML becomes plain data with lines, or is refused with a code."""

from __future__ import annotations

from pathlib import Path

import pytest

from danbiet.safeyaml import MAX_BYTES, MAX_DEPTH, YamlError, load_file, load_text, read_text


def refused(text: str) -> YamlError:
    with pytest.raises(YamlError) as caught:
        load_text(text)
    return caught.value


# -- data and lines -------------------------------------------------------------------------


NESTED = """\
unit: xa-thu
notice:
  number: 12-TB/ĐU
  issued_on: 2026-03-19
petitions:
  - no: 1
    petitioner: {kind: ca-nhan, label: Công dân thôn Đông}
    updates:
      - date: 2026-04-02
        status: dang-giai-quyet
      -
        date: 2026-04-15
fields: [dat-dai,
  moi-truong]
"""


def test_plain_data_is_built():
    data = load_text(NESTED).data
    assert data == {
        "unit": "xa-thu",
        "notice": {"number": "12-TB/ĐU", "issued_on": "2026-03-19"},
        "petitions": [
            {
                "no": 1,
                "petitioner": {"kind": "ca-nhan", "label": "Công dân thôn Đông"},
                "updates": [
                    {"date": "2026-04-02", "status": "dang-giai-quyet"},
                    {"date": "2026-04-15"},
                ],
            }
        ],
        "fields": ["dat-dai", "moi-truong"],
    }
    assert type(data) is dict and type(data["petitions"]) is list


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ((), 1),
        (("unit",), 1),
        (("notice",), 2),
        (("notice", "number"), 3),
        (("notice", "issued_on"), 4),
        (("petitions",), 5),
        (("petitions", 0), 6),
        (("petitions", 0, "no"), 6),
        (("petitions", 0, "petitioner"), 7),
        (("petitions", 0, "petitioner", "label"), 7),
        (("petitions", 0, "updates"), 8),
        (("petitions", 0, "updates", 0), 9),
        (("petitions", 0, "updates", 0, "status"), 10),
        (("petitions", 0, "updates", 1, "date"), 12),
        (("fields", 0), 13),
        (("fields", 1), 14),
    ],
)
def test_line_numbers_of_nested_values(path, line):
    document = load_text(NESTED)
    assert document.lines[path] == line
    assert document.line_of(path) == line


def test_line_of_falls_back_to_the_nearest_enclosing_value():
    document = load_text(NESTED)
    # A missing key is reported where its mapping is.
    assert document.line_of(("petitions", 0, "updates", 0, "note")) == 9
    assert document.line_of(("petitions", 0, "updates", 1, "note")) == 12  # where the entry starts
    assert document.line_of(("notice", "signer")) == 2
    assert document.line_of(("nothing", "here")) == 1


def test_lines_count_past_a_leading_comment_and_byte_order_mark():
    document = load_text("\ufeff# yaml-language-server: $schema=x.json\n\nunit: xa-thu\nkind: x\n")
    assert document.data == {"unit": "xa-thu", "kind": "x"}
    assert document.line_of(("kind",)) == 4


def test_crlf_line_endings():
    document = load_text("unit: xa-thu\r\nnotice:\r\n  number: 12-TB/ĐU\r\n")
    assert document.data == {"unit": "xa-thu", "notice": {"number": "12-TB/ĐU"}}
    assert document.line_of(("notice", "number")) == 3


@pytest.mark.parametrize("separator", ["\u2028", "\u0085"], ids=["LS", "NEL"])
def test_unicode_line_separator_inside_text_does_not_shift_lines(separator):
    # libyaml (YAML 1.1) breaks lines at U+2028/U+0085, often pasted from web pages; editors
    # and git do not, so line numbers must not shift.
    quoted = load_text(f"summary: 'Dòng một{separator}dòng hai'\nkind: dinh-ky\n")
    assert quoted.line_of(("kind",)) == 2
    plain = load_text(f"summary: Dòng một{separator}dòng hai\nkind: dinh-ky\n")
    assert plain.data == {"summary": f"Dòng một{separator}dòng hai", "kind": "dinh-ky"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no", "no"),
        ("No", "No"),
        ("on", "on"),
        ("off", "off"),
        ("yes", "yes"),
        ("y", "y"),
        ("2026-02-30", "2026-02-30"),  # an impossible date is not silently "fixed"
        ("2026-03-12", "2026-03-12"),  # dates stay strings; the schema checks them
        ("2026-03-12T08:00:00", "2026-03-12T08:00:00"),
        ("'1'", "1"),
        ('"true"', "true"),
        ("'null'", "null"),
        ("1", 1),
        ("-7", -7),
        ("0", 0),
        ("1.5", 1.5),
        ("true", True),
        ("false", False),
        ("True", True),
        ("null", None),
        ("~", None),
        ("", None),
        ("0x1F", "0x1F"),  # not an integer in the YAML 1.2 core schema as used here
        ("1_000", "1_000"),
        ("12:30", "12:30"),  # no YAML 1.1 sexagesimal numbers
        ("Xã Thử", "Xã Thử"),
    ],
)
def test_yaml_12_core_scalars(text, expected):
    value = load_text(f"value: {text}\n").data["value"]
    assert value == expected
    assert type(value) is type(expected)


def test_explicit_non_specific_tag_keeps_a_string():
    assert load_text("value: ! 1\n").data == {"value": "1"}


# -- refusals -------------------------------------------------------------------------------


def test_anchor_is_refused():
    error = refused("a: 1\nb: &keep\n  c: 2\n")
    assert (error.code, error.line) == ("yaml-alias", 2)


def test_alias_is_refused():
    error = refused("a: 1\nb: 2\nc: *keep\n")
    assert (error.code, error.line) == ("yaml-alias", 3)


def test_billion_laughs_alias_bomb_is_refused():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefghi", "bcdefghij", strict=True):
        refs = ",".join([f"*{previous}"] * 9)
        lines.append(f"{name}: &{name} [{refs}]")
    error = refused("\n".join(lines) + "\n")
    assert error.code == "yaml-alias"
    assert error.line == 1


def test_alias_bomb_without_the_first_anchor_is_refused_at_the_alias():
    error = refused('a: ["lol"]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n')
    assert (error.code, error.line) == ("yaml-alias", 2)


def test_python_tag_is_refused_and_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    text = f'unit: xa-thu\nnote: !!python/object/apply:os.system ["echo pwned > {marker}"]\n'
    error = refused(text)
    assert (error.code, error.line) == ("yaml-tag", 2)
    # The same through a file, and as the whole document.
    record = tmp_path / "record.yaml"
    record.write_text(f'!!python/object/apply:os.system ["echo pwned > {marker}"]\n')
    with pytest.raises(YamlError) as caught:
        load_file(record)
    assert (caught.value.code, caught.value.line) == ("yaml-tag", 1)
    assert not marker.exists()


@pytest.mark.parametrize(
    "text",
    [
        "a: !!str 1\n",
        "a: !!binary aGVsbG8=\n",
        "a: !local 1\n",
        "a: !!map {b: 1}\n",
        "a: !!python/name:os.system\n",
    ],
)
def test_every_explicit_tag_is_refused(text):
    error = refused(text)
    assert (error.code, error.line) == ("yaml-tag", 1)


def test_ten_thousand_level_flow_list_is_too_deep():
    error = refused("[" * 10_000 + "]" * 10_000 + "\n")
    assert (error.code, error.line) == ("too-deep", 1)


def test_unclosed_deep_flow_list_is_too_deep():
    error = refused("unit: " + "[" * 10_000 + "\n")
    assert error.code == "too-deep"


def test_deep_block_mapping_is_too_deep():
    text = "".join("  " * level + f"k{level}:\n" for level in range(100)) + "  " * 100 + "v\n"
    error = refused(text)
    assert error.code == "too-deep"
    # The root mapping is level 1, so the mapping on line MAX_DEPTH + 1 is one too many.
    assert error.line == MAX_DEPTH + 1


def test_nesting_up_to_the_limit_is_allowed():
    data = load_text("[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n").data
    for _ in range(MAX_DEPTH - 1):
        data = data[0]
    assert data == []
    assert refused("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n").code == "too-deep"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb: 2\na: 3\n", 3),
        ("a: 1\nb:\n  c: 1\n  d: 2\n  c: 2\n", 5),
        ("a: {b: 1, b: 2}\n", 1),
        ("1: a\n'1': b\n", 2),  # the same key once resolved
    ],
)
def test_duplicate_key(text, line):
    error = refused(text)
    assert (error.code, error.line) == ("duplicate-key", line)


def test_same_key_in_different_mappings_is_fine():
    data = load_text("a:\n  x: 1\nb:\n  x: 2\n").data
    assert data == {"a": {"x": 1}, "b": {"x": 2}}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\n---\nb: 2\n", 2),
        ("---\na: 1\n...\n---\nb: 2\n", 4),
        ("---\na: 1\n---\n", 3),
    ],
)
def test_multiple_documents(text, line):
    error = refused(text)
    assert (error.code, error.line) == ("multiple-documents", line)


@pytest.mark.parametrize(
    "text",
    ["", "\n", "   \n\t\n\n", "# only a comment\n", "# one\n\n   # two\n", "\ufeff"],
    ids=["empty", "newline", "whitespace", "comment", "comments", "bom-only"],
)
def test_empty_file(text):
    error = refused(text)
    assert error.code == "empty-file"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("unit: xa-thu\nkind: dinh-ky\n  title: x\n", 3),  # bad indent on line 3
        ("unit: xa-thu\nnotice:\n  number: 1\n issued_on: 2026-03-19\n", 4),
        ('unit: xa-thu\ntitle: "unclosed\n', 3),
        ("unit: xa-thu\nfields: [dat-dai\n", 3),
        ("unit: xa-thu\n\tkind: x\n", 2),
        ("unit: xa-thu\n? [a, b]\n: 1\n", 2),  # keys must be plain names
    ],
)
def test_yaml_syntax_error_has_its_line(text, line):
    error = refused(text)
    assert (error.code, error.line) == ("yaml-syntax", line)


def test_not_utf8_reports_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "record.yaml"
    path.write_bytes("unit: xa-thu\nname: Xã Thử\n".encode() + b"title: caf\xe9\n")
    with pytest.raises(YamlError) as caught:
        load_file(path)
    assert (caught.value.code, caught.value.line) == ("not-utf8", 3)
    assert "0xe9" in caught.value.message


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        (b"a: 1\nb: 2\nc: 3\nd: \xff\n", 4),
        ("a: 1\n".encode("utf-16"), 1),
        ("a: Đ".encode()[:-1], 1),  # truncated multi-byte character
        ("a: 1\nb: Tên làng\n".encode("latin-1"), 2),
    ],
    ids=["bad-byte", "utf-16", "truncated", "latin-1"],
)
def test_not_utf8(tmp_path, raw, line):
    path = tmp_path / "record.yaml"
    path.write_bytes(raw)
    with pytest.raises(YamlError) as caught:
        read_text(path)
    assert (caught.value.code, caught.value.line) == ("not-utf8", line)


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "record.yaml"
    path.write_bytes("\ufeffname: Xã Thử\n".encode())
    assert load_file(path).data == {"name": "Xã Thử"}


def test_too_large(tmp_path):
    path = tmp_path / "record.yaml"
    path.write_bytes(b"summary: " + b"x" * MAX_BYTES + b"\n")
    assert path.stat().st_size > MAX_BYTES
    with pytest.raises(YamlError) as caught:
        load_file(path)
    assert caught.value.code == "too-large"
    assert f"{MAX_BYTES:,}" in caught.value.message


def test_file_of_exactly_max_bytes_is_read(tmp_path):
    path = tmp_path / "record.yaml"
    path.write_bytes(b"summary: " + b"x" * (MAX_BYTES - 10) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    assert len(load_file(path).data["summary"]) == MAX_BYTES - 10


def test_size_limit_is_a_parameter(tmp_path):
    path = tmp_path / "record.yaml"
    path.write_text("unit: xa-thu\n")
    with pytest.raises(YamlError) as caught:
        load_file(path, max_bytes=5)
    assert caught.value.code == "too-large"
    assert load_file(path, max_bytes=13).data == {"unit": "xa-thu"}


def test_error_is_an_exception_with_code_message_and_line():
    error = refused("a: 1\na: 2\n")
    assert isinstance(error, Exception)
    assert str(error) == error.message
    assert "'a'" in error.message


def test_a_record_that_is_not_a_mapping_still_loads():
    # Whether a record must be a mapping is the loader's business (wrong-type), not the parser's.
    assert load_text("- a\n- b\n").data == ["a", "b"]
    assert load_text("---\n").data is None


def test_refusals_leave_no_partial_state(tmp_path: Path):
    # Loading after a refusal works as usual (no module-level state is left behind).
    refused("a: &x 1\n")
    assert load_text("a: 1\n").data == {"a": 1}
