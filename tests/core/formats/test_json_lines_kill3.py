"""json_lines: the line where each record of a JSON list starts, for FILE:LINE messages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from reader.core.formats import json_lines
from reader.core.formats.common import BytesText, Parsed, Problem
from reader.core.formats.hf_daily import parse_hf_daily
from reader.core.formats.json_lines import name_lines, record_lines
from reader.core.formats.reader_json import read_export

# Records 1-3 start on lines 2, 4 and 6; strings hold brackets, commas and escaped quotes.
TRICKY = b'[\n {"a": "x],{\\"", "b": "[", "c": "\\\\"},\n\n {"b": [1,\n2]}\n, 3\n]'
# The records' list is the one under "papers" at the top, not a nested or quoted "papers".
WRAPPED = (
    b'{"papers_x": [1], "note": "papers", "x": {"papers": [9]}, "y": ["papers", [5]],\n'
    b' "papers": [\n7,\n8]}'
)


def lines_of(data: bytes, wanted: set[int], key: str = "papers") -> dict[int, int]:
    return record_lines(BytesText(data), key, wanted)


def test_each_wanted_record_gets_the_line_it_starts_on() -> None:
    assert lines_of(TRICKY, {1, 2, 3}) == {1: 2, 2: 4, 3: 6}
    assert lines_of(TRICKY, {2}) == {2: 4}
    assert lines_of(TRICKY, {3, 4}) == {3: 6}  # there is no fourth record
    assert lines_of(TRICKY, {1, 3}) == {1: 2, 3: 6}


def test_only_the_list_under_the_key_at_the_top_counts() -> None:
    assert lines_of(WRAPPED, {1, 2}) == {1: 3, 2: 4}
    assert lines_of(WRAPPED, {1}, key="y") == {1: 1}
    assert lines_of(WRAPPED, {1}, key="other") == {}


def test_an_empty_list_has_no_records() -> None:
    assert lines_of(b"[ ]", {1}) == {}
    assert lines_of(b"[\n]", {1}) == {}
    assert lines_of(b'{"papers": [ \n ]}', {1}) == {}
    assert lines_of(b"[1, \n ]", {1, 2}) == {1: 1}  # a trailing comma starts no record


def test_the_list_ending_ends_the_search() -> None:
    # After the list under "papers" closes, a later list is not read as more records.
    data = b'{"papers": [1], "more": [\n2,\n3]}'
    assert lines_of(data, {1, 2}) == {1: 1}
    # Nor is a second top-level list after the first.
    assert lines_of(b"[1]\n[2, 3]", {1, 2}) == {1: 1}


def test_nothing_wanted_reads_nothing() -> None:
    class Unread:
        def __iter__(self) -> object:
            raise AssertionError("read")

        def stream(self) -> io.RawIOBase:
            raise AssertionError("read")

    assert record_lines(Unread(), "papers", []) == {}  # type: ignore[arg-type]


def test_reading_stops_at_the_last_wanted_record(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[int] = []

    class Counting(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def read(self, size: int = -1) -> bytes:
            reads.append(size)
            return self._data.read(size)

    data = b"[\n" + b",\n".join(b'{"n": %d}' % n for n in range(1, 200)) + b"]"

    class Source:
        def __iter__(self) -> object:
            return iter(())

        def stream(self) -> io.RawIOBase:
            return Counting(data)

    monkeypatch.setattr(json_lines, "_BLOCK", 16)
    assert record_lines(Source(), "papers", {1, 2}) == {1: 2, 2: 3}  # type: ignore[arg-type]
    assert len(reads) <= 3


@pytest.mark.parametrize("block", [1, 2, 3, 5, 7])
@pytest.mark.parametrize(
    ("data", "key", "wanted", "expected"),
    [
        (TRICKY, "papers", {1, 2, 3}, {1: 2, 2: 4, 3: 6}),
        (WRAPPED, "papers", {1, 2}, {1: 3, 2: 4}),
        # A key longer than the wanted one, cut by block ends, is not taken for it.
        (b'{"papersandmore": [\n1],\n "papers": [\n\n2]}', "papers", {1}, {1: 5}),
        (b'{"pap": [\n1],\n "papers": [\n\n2]}', "papers", {1}, {1: 5}),
        # Escaped quotes and backslashes at block ends inside keys and values.
        (b'{"k\\"\\\\": "\\"]", "papers":\n[\n"\\\\\\"" ,\n {}]}', "papers", {1, 2}, {1: 3, 2: 4}),
    ],
)
def test_block_ends_anywhere_give_the_same_lines(
    monkeypatch: pytest.MonkeyPatch,
    block: int,
    data: bytes,
    key: str,
    wanted: set[int],
    expected: dict[int, int],
) -> None:
    assert lines_of(data, wanted, key) == expected  # one block
    monkeypatch.setattr(json_lines, "_BLOCK", block)
    assert lines_of(data, wanted, key) == expected


def test_name_lines_turns_record_numbers_into_lines() -> None:
    parsed = Parsed(
        problems=[
            Problem("record 1", "kept as it is: before first"),
            Problem("record 2", "no title"),
            Problem("record 3: annotation", "unknown status 'x'"),
            Problem("record 9", "past the end"),
            Problem("12", "already a line"),
            Problem("record 2x", "not a record number"),
        ]
    )
    name_lines(parsed, BytesText(TRICKY), "papers", first=1)
    assert parsed.problems == [
        Problem("record 1", "kept as it is: before first"),
        Problem("4", "no title"),
        Problem("6", "annotation: unknown status 'x'"),
        Problem("record 9", "past the end"),
        Problem("12", "already a line"),
        Problem("record 2x", "not a record number"),
    ]


def test_name_lines_without_record_problems_reads_nothing() -> None:
    class Unread:
        def stream(self) -> io.RawIOBase:
            raise AssertionError("read")

    parsed = Parsed(problems=[Problem("3", "a line already")])
    name_lines(parsed, Unread(), "papers")  # type: ignore[arg-type]
    assert parsed.problems == [Problem("3", "a line already")]


def test_parsers_name_every_bad_record_by_its_line() -> None:
    data = (
        b'{"papers": [\n'
        b'{"paper": {"title": "One"}},\n'
        b'{"paper": {"title": ""}},\n'
        b"\n"
        b'{"paper": {"title": "Three", "upvotes": "many"}}\n'
        b"]}"
    )
    parsed = parse_hf_daily(Path("d.json"), BytesText(data))
    assert [paper.title for paper in parsed.papers] == ["One"]
    assert parsed.problems == [
        Problem("3", "no title"),
        Problem("5", "upvotes is not a count: 'many'"),
    ]
    export = (
        b'{"reader_export": 1, "papers": [\n'
        b'{"title": "A", "annotation": {"status": "done"}},\n'
        b'{"title": ""}\n'
        b"]}"
    )
    exported, annotations = read_export(Path("e.json"), BytesText(export))
    assert [paper.title for paper in exported.papers] == ["A"] and annotations == {}
    assert exported.problems == [
        Problem("2", "annotation: unknown status 'done'"),
        Problem("3", "no title"),
    ]
