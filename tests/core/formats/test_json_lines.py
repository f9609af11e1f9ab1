"""JSON formats name a bad record by the line it starts on: ``reader check`` says FILE:LINE."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.core.formats import json_lines
from reader.core.formats.common import BytesText
from reader.core.formats.hf_daily import parse_hf_daily
from reader.core.formats.reader_json import read_export


def test_reader_check_names_a_bad_record_by_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = {"paper": {"id": "2401.00001", "title": "Fine", "summary": "S"}}
    bad = {"paper": {"id": "2401.00002", "summary": "no title here"}}
    # "[", fifteen good records one per line, then the bad one spread over lines 17-20.
    records = [json.dumps(good)] * 15 + [json.dumps(bad, indent=1)]
    text = "[\n" + ",\n".join(records) + "\n]"
    assert text.splitlines()[16] == "{"
    path = tmp_path / "daily.json"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    assert f"{path}:17: no title" in capsys.readouterr().out.splitlines()


# Generated documents: any layout, strings full of brackets, quotes and escapes -------------

_TRICKY = st.text(st.sampled_from([*'ab{}[],:"\\ \u00e9\u2028', "\n", "\t"]), max_size=12)
_SCALARS = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | _TRICKY
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TRICKY, inner, max_size=3),
    max_leaves=8,
)
_GAPS = st.sampled_from(["", " ", "\n", "\n\n  ", "\r\n", "\t"])


@st.composite
def _layout(draw: st.DrawFn, value: object) -> str:
    """Serialise ``value`` with generated blank space (newlines included) between tokens."""

    def gap() -> str:
        return draw(_GAPS)

    if isinstance(value, dict):
        parts = [
            f"{gap()}{json.dumps(key)}{gap()}:{gap()}{draw(_layout(item))}{gap()}"
            for key, item in value.items()
        ]
        return "{" + ",".join(parts) + gap() + "}"
    if isinstance(value, list):
        return "[" + ",".join(f"{gap()}{draw(_layout(item))}{gap()}" for item in value) + "]"
    return json.dumps(value, ensure_ascii=draw(st.booleans()))


def _good(number: int, extra: dict[str, object]) -> dict[str, object]:
    return {**extra, "title": f"Paper {number}", "id": f"2401.{number:05d}"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extras=st.lists(st.dictionaries(_TRICKY, _VALUES, max_size=3), min_size=1, max_size=6),
    bad_at=st.integers(0, 5),
    wrapped=st.booleans(),
    block=st.sampled_from([1, 4, 1 << 20]),
    data=st.data(),
)
def test_the_named_line_is_the_line_of_the_bad_records_brace(
    extras: list[dict[str, object]],
    bad_at: int,
    wrapped: bool,
    block: int,
    data: st.DataObject,
) -> None:
    bad_at = min(bad_at, len(extras) - 1)
    # Fields both at the top (reader JSON) and under "paper" (the daily-papers JSON).
    records = [{**_good(n, extra), "paper": _good(n, extra)} for n, extra in enumerate(extras)]
    no_title = {**extras[bad_at], "title": ""}
    records[bad_at] = {**no_title, "paper": no_title}
    pieces = [data.draw(_GAPS) + data.draw(_layout(record)) for record in records]
    starts, body = [], ""
    for piece in pieces:
        body += "," if body else ""
        body += piece
        brace = len(body) - len(piece) + piece.index("{")
        starts.append(brace)
    head = '{"note": "[papers]", "papers": [' if wrapped else "["
    text = head + body + data.draw(_GAPS) + "]" + ("}" if wrapped else "")
    offset = len(head)
    line_of = {n: text.count("\n", 0, offset + start) + 1 for n, start in enumerate(starts)}
    original = json_lines._BLOCK
    json_lines._BLOCK = block  # strings and blanks cut across block ends
    try:
        parsed = parse_hf_daily(Path("gen.json"), BytesText(text.encode()))
        exported, _ = read_export(Path("gen.json"), BytesText(text.encode()))
    finally:
        json_lines._BLOCK = original
    assert [(p.where, p.reason) for p in parsed.problems] == [(str(line_of[bad_at]), "no title")]
    assert [p.where for p in exported.problems] == [str(line_of[bad_at])]


def test_only_files_with_bad_records_are_read_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[tuple[object, ...]] = []

    def record_lines(*args: object) -> dict[int, int]:
        called.append(args)
        return {}

    monkeypatch.setattr(json_lines, "record_lines", record_lines)
    good = b'[{"paper": {"title": "A"}},\n{"paper": {"title": "B"}}]'
    assert len(parse_hf_daily(Path("g.json"), BytesText(good)).papers) == 2
    assert called == []


def test_a_broken_document_names_the_line_where_the_broken_record_starts() -> None:
    text = b'[{"paper": {"title": "A"}},\n\n{"paper": {"title": "B", oops}}]'
    parsed = parse_hf_daily(Path("b.json"), BytesText(text))
    assert [p.where for p in parsed.problems] == ["3"]
    assert parsed.problems[0].reason.startswith("not valid JSON")
