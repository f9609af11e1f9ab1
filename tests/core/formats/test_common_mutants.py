"""Shared format helpers: text lines, record problems, JSON lists and their depth guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.formats.common import (
    BytesText,
    Parsed,
    Problem,
    SourceError,
    json_records,
    record_problem,
)

EXPECTED = "expected a list of papers"


def test_bytes_are_lines_whatever_the_line_ends() -> None:
    data = b"\xef\xbb\xbfa\r\nb\rc\n\nd\xff"
    assert list(BytesText(data)) == ["a", "b", "c", "", "d\ufffd"]
    assert list(BytesText("x\ufeff".encode())) == ["x\ufeff"]  # only a leading BOM goes


def test_record_problems_are_one_short_line() -> None:
    assert record_problem("7", RecursionError("deep")) == Problem("7", "nested too deeply")
    assert record_problem("7", ValueError("")) == Problem("7", "ValueError")
    assert record_problem("7", TypeError("bad\nvalue")) == Problem("7", "bad value")
    assert record_problem("7", ValueError("x" * 300)) == Problem("7", "x" * 200)


def records(data: str) -> tuple[list[object], list[Problem]]:
    parsed = Parsed()
    items = list(json_records(Path("f.json"), BytesText(data.encode()), "papers", EXPECTED, parsed))
    return items, parsed.problems


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deep_nesting_is_read_up_to_64_levels() -> None:
    document = "[" + ", ".join(['{"a": [1]}', nested(63), nested(70), '"after"']) + "]"
    items, problems = records(document)
    assert len(items) == 2 and items[0] == {"a": [1]}
    assert problems == [Problem("record 3", "not valid JSON (nested deeper than 64 levels)")]


def test_a_document_nested_too_deep_at_once_is_refused() -> None:
    with pytest.raises(SourceError) as raised:
        records(nested(80))
    assert str(raised.value) == "f.json: not valid JSON (nested deeper than 64 levels)"


@pytest.mark.parametrize(
    "document",
    ['{"other": 1}', '{"papers": "x"}', '{"papers": {}}', '{"papers": 5}', '{"x": {"papers": []}}'],
)
def test_an_object_without_the_list_says_so(document: str) -> None:
    with pytest.raises(SourceError) as raised:
        records(document)
    assert str(raised.value) == (f"f.json: {EXPECTED}; found a JSON object without a 'papers' list")


def test_an_empty_list_under_the_key_is_no_error() -> None:
    assert records('{"version": 1, "papers": []}') == ([], [])
    assert records('{"papers": [{"a": 1}]}') == ([{"a": 1}], [])
