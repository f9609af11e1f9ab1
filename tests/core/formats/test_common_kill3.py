"""formats.common: field helpers, and JSON lists read whatever size the reads come in."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.formats.common import (
    BytesText,
    Parsed,
    Problem,
    SourceError,
    as_int,
    as_text,
    build_paper,
    clean,
    doi_link,
    first_doi,
    iso_date,
    json_records,
    names,
)
from reader.core.models import Status

EXPECTED = "expected a list of papers"


def test_clean_keeps_text_and_numbers_only() -> None:
    assert clean("A plain line") == "A plain line"
    assert clean("  two\n lines \t here ") == "two lines here"
    assert clean("bell\x07 and \x1b[1mbold") == "bell and bold"
    assert clean(Status.READ) == "read"  # a str subclass is text too
    assert clean(42) == "42" and clean(1.5) == "1.5" and clean(0) == "0"
    for not_text in (None, True, False, [], ["a"], {"a": 1}, ("a",), b"bytes"):
        assert clean(not_text) == ""


def test_names_are_clean_unique_in_order() -> None:
    assert names(["Ada", " ada ", "Alan\nTuring", None, "", 3, "ALAN TURING", "Bob"]) == (
        "Ada",
        "Alan Turing",
        "3",
        "Bob",
    )
    assert names([]) == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T10:00:00Z", "2024-03-05"),
        (" 2024-12-31 ", "2024-12-31"),
        ("2024-03-5", None),  # nine characters
        ("2024x03-05", None),
        ("2024-03x05", None),
        ("202a-03-05", None),
        ("", None),
        (None, None),
        (20240305, None),
    ],
)
def test_iso_date(value: object, expected: str | None) -> None:
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        (7, 7),
        (10**12, 10**12),
        (10**12 + 1, None),
        (-1, None),
        ("0", 0),
        (" 12 ", 12),
        ("0001000000000", 10**9),  # thirteen characters
        ("00000000000001", None),  # fourteen
        ("-5", None),
        ("1.5", None),
        ("\u00b2", None),  # a digit to isdigit, not to int
        ("\u0661", None),  # an Arabic-Indic one
        ("", None),
        (True, None),
        (False, None),
        (2.0, None),
        (None, None),
        ([3], None),
    ],
)
def test_as_int_takes_sane_whole_counts_only(value: object, expected: int | None) -> None:
    assert as_int(value) == expected


def test_doi_link_and_first_doi() -> None:
    assert doi_link("10.1/x") == (("DOI", "https://doi.org/10.1/x"),)
    assert doi_link("") == () and doi_link(None) == ()
    assert first_doi("10.1/x") == "10.1/x"
    assert first_doi("https://doi.org/10.1/a") == "10.1/a"
    assert first_doi("HTTP://DOI.ORG/10.1/b") == "10.1/b"
    assert first_doi("http://dx.doi.org/10.1/c") == "10.1/c"
    assert first_doi("DOI:10.1/d 10.2/e") == "10.1/d"
    assert first_doi("https://doi.org/doi:10.1/f") == "10.1/f"
    assert first_doi("10.1/g\n10.2/h") == "10.1/g"
    assert first_doi("") is None and first_doi(None) is None and first_doi([]) is None


def test_build_paper_cleans_optional_text_and_keeps_links_after_arxiv() -> None:
    paper = build_paper(
        title="T",
        source="s.json",
        arxiv_id=" 2401.00001v3 ",
        links=(("GitHub", "https://g/x"),),
        doi=" 10.1/x\n",
        journal_ref="  Nature,\n 2024 ",
        update_date="2024-02-02",
        authors=("A",),
    )
    assert paper.arxiv_id == "2401.00001" and paper.id == "2401.00001"
    assert paper.links == (
        ("arXiv", "https://arxiv.org/abs/2401.00001"),
        ("PDF", "https://arxiv.org/pdf/2401.00001"),
        ("GitHub", "https://g/x"),
    )
    assert paper.doi == "10.1/x" and paper.journal_ref == "Nature, 2024"
    assert paper.update_date == "2024-02-02" and paper.authors == ("A",)
    blank = build_paper(title="T", source="s", doi="", journal_ref=" ", arxiv_id="not an id")
    assert blank.doi is None and blank.journal_ref is None
    assert blank.arxiv_id is None and blank.links == () and blank.id.startswith("title:")


def test_as_text_wraps_bytes_only() -> None:
    wrapped = as_text(b"a\nb")
    assert isinstance(wrapped, BytesText) and list(wrapped) == ["a", "b"]
    assert wrapped.stream().read() == b"a\nb"
    already = BytesText(b"x")
    assert as_text(already) is already


class _Chunked(io.RawIOBase):
    """A stream that gives at most ``size`` bytes per read, as a pipe or slow disk may."""

    def __init__(self, data: bytes, size: int) -> None:
        self._data = io.BytesIO(data)
        self._size = size

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._data.read(self._size if size is None or size < 0 else min(self._size, size))

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)


class _Source:
    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size = data, size

    def __iter__(self) -> Iterator[str]:
        return iter(self.data.decode().split("\n"))

    def stream(self) -> io.RawIOBase:
        return _Chunked(self.data, self.size)


def _records(data: bytes, size: int = 1 << 20) -> tuple[list[object], list[Problem]]:
    parsed = Parsed()
    found = list(json_records(Path("f.json"), _Source(data, size), "papers", EXPECTED, parsed))
    return found, parsed.problems


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


LONG = b"1" * 30
DOCUMENT = (
    b'[{"n": '
    + LONG
    + b'}, {"n": 5, "s": "x'
    + b"2" * 25
    + b'"}, '
    + _nested(63)
    + b", "
    + _nested(70)
    + b", 7]"
)


@pytest.mark.parametrize("size", [1, 2, 3, 7, 19, 20, 64, 1 << 20])
def test_long_numbers_and_deep_nesting_whatever_the_read_size(size: int) -> None:
    found, problems = _records(DOCUMENT, size)
    deep: object = []
    for _ in range(62):
        deep = [deep]
    assert found == [{"n": int("1" * 18)}, {"n": 5, "s": "x" + "2" * 18}, deep]
    assert problems == [Problem("record 4", "not valid JSON (nested deeper than 64 levels)")]


@pytest.mark.parametrize("size", [1, 5, 1 << 20])
def test_digits_at_the_end_of_a_read_are_kept(size: int) -> None:
    assert _records(b"[12345678901234567, 1234567890123456789012, 42]", size) == (
        [12345678901234567, 123456789012345678, 42],
        [],
    )
    assert _records(b"[1234567890123456789]", size) == ([123456789012345678], [])


@pytest.mark.parametrize(
    ("data", "shape"),
    [(b'"just text"', "str"), (b"", "nothing"), (b"  \n", "nothing"), (b"42", "number or literal")],
)
def test_a_document_of_another_shape_is_named(data: bytes, shape: str) -> None:
    with pytest.raises(SourceError) as caught:
        _records(data)
    assert str(caught.value) == f"f.json: {EXPECTED}; found a JSON {shape}"


def test_a_syntax_error_before_any_record_fails_the_file() -> None:
    with pytest.raises(SourceError) as caught:
        _records(b"[oops]")
    assert str(caught.value).startswith("f.json: not valid JSON (")
    assert "\n" not in str(caught.value)


def test_a_syntax_error_after_records_keeps_them() -> None:
    found, problems = _records(b'{"papers": [{"a": 1}, {"b": 2}, {"c": oops}]}')
    assert found == [{"a": 1}, {"b": 2}]
    assert len(problems) == 1 and problems[0].where == "record 3"
    assert problems[0].reason.startswith("not valid JSON (")


def test_deep_nesting_at_the_start_is_read_through_the_guard() -> None:
    # The first peek already sees too deep a run: the whole document is read guarded.
    data = b"[" + _nested(70) + b', {"a": 1}]'
    with pytest.raises(SourceError) as caught:
        _records(data)
    assert str(caught.value) == "f.json: not valid JSON (nested deeper than 64 levels)"
    found, problems = _records(b"[" + _nested(63) + b', {"a": 1}]', 1)
    assert found[1:] == [{"a": 1}] and problems == []


def test_an_empty_list_under_the_key_after_other_keys() -> None:
    assert _records(b'{"x": [1, 2], "papers": []}') == ([], [])
    with pytest.raises(SourceError) as caught:
        _records(b'{"x": [1, 2], "paper": []}')
    assert str(caught.value) == (f"f.json: {EXPECTED}; found a JSON object without a 'papers' list")
    with pytest.raises(SourceError):
        _records(b'{"papers": [')  # broken before the list could be seen


def test_the_depth_guard_counts_objects_and_closing_brackets() -> None:
    deep = _nested(70)
    # Objects nest as arrays do.
    maps = b'{"a":' * 70 + b"1" + b"}" * 70
    assert _records(b"[1, " + maps + b"]") == (
        [1],
        [Problem("record 2", "not valid JSON (nested deeper than 64 levels)")],
    )
    # Seventy records side by side are not seventy levels deep.
    siblings = b", ".join([b"[]"] * 70)
    found, problems = _records(b"[" + siblings + b", " + deep + b"]")
    assert found == [[]] * 70
    assert problems == [Problem("record 71", "not valid JSON (nested deeper than 64 levels)")]
    # A group closed on the way down does not reset the depth: 71 levels at the deepest.
    dip = b"[" * 40 + b"[], " + b"[" * 30 + b"]" * 30 + b"]" * 40
    with pytest.raises(SourceError) as caught:
        _records(b"[" + dip + b", " + deep + b"]")
    assert str(caught.value) == "f.json: not valid JSON (nested deeper than 64 levels)"


@pytest.mark.parametrize("first", [b"{}", b'"x"', b"5", b"2.5"])
def test_the_first_value_under_the_key_decides(first: bytes) -> None:
    with pytest.raises(SourceError) as caught:
        _records(b'{"papers": ' + first + b', "papers": []}')
    assert str(caught.value) == (f"f.json: {EXPECTED}; found a JSON object without a 'papers' list")
