"""reader's JSON export read back: records, their annotations, and what is skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.formats.common import BytesText, Problem
from reader.core.formats.reader_json import (
    annotation_from_record,
    paper_from_record,
    parse_reader_file,
    parse_reader_json,
    read_export,
)
from reader.core.models import Annotation, Status
from reader.core.text import title_key


def test_a_record_missing_its_ids_and_texts_gets_them_from_the_title() -> None:
    paper = paper_from_record(
        {"title": "A Title", "abstract": None, "source": None, "id": None, "title_key": None}
    )
    assert (paper.abstract, paper.source) == ("", "")
    assert paper.title_key == title_key("A Title") and paper.id == f"title:{paper.title_key}"
    with_id = paper_from_record({"title": "A Title", "arxiv_id": "2401.00001", "extra": 1})
    assert with_id.id == "2401.00001" and with_id.links == ()


@pytest.mark.parametrize(
    ("record", "error", "message"),
    [
        ([1], TypeError, "not an object but list"),
        ({"abstract": "x"}, ValueError, "no title"),
        ({"title": "  "}, ValueError, "no title"),
        ({"title": 5}, ValueError, "no title"),
        ({"title": "\x07\x1b[1m"}, ValueError, "no title"),
        ({"title": "T", "authors": "Ada"}, TypeError, "authors is str, not a list"),
    ],
)
def test_unusable_records_say_why(record: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        paper_from_record(record)
    assert str(caught.value) == message


def test_annotations_of_a_record() -> None:
    assert annotation_from_record("p", None) is None
    assert annotation_from_record("p", {"status": "read", "tags": ["x"]}) == Annotation(
        "p", Status.READ, ("x",)
    )
    with pytest.raises(TypeError) as caught:
        annotation_from_record("p", ["read"])
    assert str(caught.value) == "annotation is list, not an object"


def _export(records: list[object]) -> bytes:
    lines = ",\n".join(json.dumps(record) for record in records)
    return ('{"reader_export": 1, "papers": [\n' + lines + "\n]}").encode()


RECORDS: list[object] = [
    {"id": "a", "title": "A", "annotation": {"status": "reading", "note": "n"}},
    {"id": "b", "title": "B", "annotation": {"status": "unread"}},  # empty: not kept
    {"id": "c", "title": "C", "annotation": "x"},  # bad annotation: the paper stays
    {"id": "d"},
    {"id": "e", "title": "E", "annotation": None},
]


def test_an_export_keeps_papers_whose_annotation_is_bad() -> None:
    parsed, annotations = read_export(Path("e.json"), BytesText(_export(RECORDS)))
    assert [paper.id for paper in parsed.papers] == ["a", "b", "c", "e"]
    assert annotations == {"a": Annotation("a", Status.READING, note="n")}
    assert parsed.problems == [
        Problem("4", "annotation: annotation is str, not an object"),
        Problem("5", "no title"),
    ]
    entry = parse_reader_file(Path("e.json"), BytesText(_export(RECORDS)))
    assert entry.papers == parsed.papers and entry.problems == parsed.problems


def test_an_export_file_is_read_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(_export(RECORDS))
    parsed, annotations = parse_reader_json(path, b"ignored")
    assert [paper.id for paper in parsed.papers] == ["a", "b", "c", "e"]
    assert list(annotations) == ["a"] and len(parsed.problems) == 2
