"""reader's JSON export read back, format detection and the shared field helpers (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.formats import detect_format
from reader.core.formats.common import as_int, build_paper, clean, iso_date, names
from reader.core.formats.reader_json import parse_reader_json
from reader.core.models import Annotation, Paper, Status
from reader.core.sources import SourceError
from reader.core.text import title_key

P = Path("/x/export.json")


@pytest.fixture(autouse=True)
def _export_file(tmp_path: Path) -> None:
    global P
    P = tmp_path / "export.json"


def _parse(document: object) -> tuple[list[Paper], dict[str, Annotation], list[tuple[str, str]]]:
    if isinstance(document, dict) and isinstance(document.get("papers"), list):
        records = ",\n".join(json.dumps(record) for record in document["papers"])
        P.write_text('{"papers": [\n' + records + "\n]}")  # record N starts on line N + 1
    else:
        P.write_text(json.dumps(document))
    parsed, annotations = parse_reader_json(P)
    return parsed.papers, annotations, [(p.where, p.reason) for p in parsed.problems]


def test_records_with_missing_fields_get_defaults() -> None:
    papers, annotations, problems = _parse(
        {"reader_export": 1, "papers": [{"id": "a", "title": "A"}, {"title": "B"}]}
    )
    assert annotations == {} and problems == []
    first, second = papers
    assert (first.id, first.title, first.abstract, first.source) == ("a", "A", "", "")
    assert first.title_key == title_key("A") and first.authors == () and first.links == ()
    assert second.id == f"title:{title_key('B')}"


def test_full_record_and_annotation() -> None:
    record = {
        "id": "2401.1",
        "title": "T",
        "abstract": "ab",
        "source": "s",
        "title_key": "k",
        "authors": ["A", "B"],
        "links": [["arXiv", "u"]],
        "keywords": ["k1"],
        "listing_dates": ["2024-01-01"],
        "sources": ["s"],
        "upvotes": 3,
        "annotation": {
            "status": "read",
            "tags": ["x"],
            "note": "n",
            "created": "c",
            "updated": "u",
            "status_changed": "sc",
        },
    }
    papers, annotations, _ = _parse({"papers": [record]})
    assert papers[0].links == (("arXiv", "u"),) and papers[0].authors == ("A", "B")
    assert papers[0].keywords == ("k1",) and papers[0].listing_dates == ("2024-01-01",)
    assert papers[0].sources == ("s",) and papers[0].upvotes == 3
    assert (papers[0].abstract, papers[0].source, papers[0].title_key) == ("ab", "s", "k")
    assert annotations == {"2401.1": Annotation("2401.1", Status.READ, ("x",), "n", "c", "u", "sc")}


def test_bad_records_are_skipped_and_the_rest_kept() -> None:
    papers, annotations, problems = _parse(
        {
            "papers": [
                {"id": "no title"},
                {"id": "b", "title": "B", "annotation": {"status": "done"}},
                "junk",
                {"id": "c", "title": "C", "annotation": {"status": "unread"}},
                {"id": "d", "title": "D", "annotation": {"note": None, "tags": None}},
                {"id": "e", "title": "E", "annotation": ["not", "a", "dict"]},
                {"id": "f", "title": "F", "annotation": {"tags": ["t"]}},
            ]
        }
    )
    # A bad annotation is a problem of its record; the paper itself is kept.
    assert [paper.id for paper in papers] == ["b", "c", "d", "e", "f"]
    assert [where for where, _ in problems] == ["2", "3", "4", "7"]  # FILE:LINE
    assert problems[0][1] == "no title"
    assert problems[1][1] == "annotation: unknown status 'done'"
    assert problems[3][1].startswith("annotation: ")
    assert annotations == {"f": Annotation("f", Status.UNREAD, ("t",))}


@pytest.mark.parametrize("document", [{"papers": {}}, {"nothing": 1}, "text"])
def test_wrong_shapes_are_one_line(document: object) -> None:
    P.write_text(json.dumps(document))
    with pytest.raises(SourceError) as caught:
        parse_reader_json(P)
    assert str(caught.value).startswith(f"{P}: expected a reader export")


def test_invalid_json_is_one_line() -> None:
    P.write_bytes(b"{")
    with pytest.raises(SourceError) as caught:
        parse_reader_json(P)
    assert str(caught.value).startswith(f"{P}: not valid JSON (")


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xef\xbb\xbf  [1]", "hf-daily"),
        (b'{"reader_export": 1, "papers": []}', "reader-json"),
        (b'{"id": "1", "title": "x"}\n{"id": "2"}', "arxiv-jsonl"),
        (b'{"abstract": "x"}', "arxiv-jsonl"),
        (b'{"title": "x"}', "hf-daily"),
        (b'{"id": "1",\n "title": "x"}', "hf-daily"),
        (b'"a string"', "hf-daily"),
        (b'"quoted title"\n\nabstract"', "trending"),
        (b"<?xml?><feed/>", "atom"),
        (b"@misc{x, title={t}}", "bibtex"),
        (b"% comment\n@article{x, title={t}}", "bibtex"),
        (b"Intro text\n@Misc{x, title={t}}", "bibtex"),
        (b"Some text mentioning\n@someone {braces}", "trending"),
        (b"Mar 13\n\nA title", "trending"),
    ],
)
def test_detect_format(head: bytes, kind: str) -> None:
    assert detect_format(head) == kind


def test_field_helpers() -> None:
    assert clean(None) == "" and clean(" a\x1b[1m \n b ") == "a b" and clean(3) == "3"
    assert names(["A", None, " a ", "", "B\nC", "b c"]) == ("A", "B C")
    assert iso_date("2024-03-05T10:00:00Z") == "2024-03-05"
    assert iso_date("2024-03-05") == "2024-03-05"
    for bad in ("2024-03-5", "20240305xx", "abcd-03-05", "2024/03/05", None, 20240305):
        assert iso_date(bad) is None
    assert as_int(5) == 5 and as_int(" 12 ") == 12 and as_int("1.5") is None
    assert as_int(True) is None and as_int(None) is None and as_int(2.0) is None


def test_build_paper() -> None:
    paper = build_paper(
        title=" A\nTitle ",
        abstract=" x \n y ",
        source="s",
        arxiv_id="arXiv:2401.00001v2",
        links=(("GitHub", "g"),),
        date="2024-01-02",
        upvotes=1,
        keywords=("k",),
        comments=2,
    )
    assert paper.id == paper.arxiv_id == "2401.00001"
    assert paper.title == "A Title" and paper.abstract == "x y"
    assert paper.links == (
        ("arXiv", "https://arxiv.org/abs/2401.00001"),
        ("PDF", "https://arxiv.org/pdf/2401.00001"),
        ("GitHub", "g"),
    )
    assert paper.listing_date == "2024-01-02" and paper.listing_dates == ("2024-01-02",)
    assert paper.sources == ("s",) and paper.source == "s"
    assert (paper.upvotes, paper.keywords, paper.comments) == (1, ("k",), 2)
    listed = build_paper(title="T", source="s", date="2024-01-02", listing_date="Jan 3")
    assert listed.listing_date == "Jan 3" and listed.date == "2024-01-02"
    assert listed.arxiv_id is None and listed.id.startswith("title:") and listed.links == ()
    bare = build_paper(title="T", source="s")
    assert bare.listing_dates == () and bare.listing_date is None
    assert bare.title_key == listed.title_key != ""
