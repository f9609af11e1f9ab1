"""codecs: papers and annotations to plain JSON values and back, one way for every store."""

from __future__ import annotations

import json

import pytest

from reader.core.codecs import (
    annotation_from_plain,
    annotation_to_plain,
    paper_from_plain,
    paper_from_row,
    paper_to_plain,
    paper_to_row,
)
from reader.core.models import PAPER_FIELDS, Annotation, Highlight, Paper, Status


def _full_paper() -> Paper:
    return Paper(
        id="2401.00001",
        title="A Title",
        abstract="Line one\nline two",
        listing_date="Mar 13",
        source="daily.json",
        title_key="abc123",
        arxiv_id="2401.00001",
        authors=("Ada Lovelace", "Alan Turing"),
        links=(("arXiv", "https://arxiv.org/abs/2401.00001"), ("GitHub", "https://g.it/x")),
        date="2024-01-02",
        upvotes=7,
        keywords=("cs.CL", "agents"),
        comments=2,
        listing_dates=("Mar 13", "Mar 14"),
        sources=("daily.json", "page.txt"),
        doi="10.1/x",
        journal_ref="Nature 1",
        update_date="2024-02-03",
    )


def test_a_row_holds_every_field_in_order_and_reads_back() -> None:
    paper = _full_paper()
    row = paper_to_row(paper)
    assert row == tuple(getattr(paper, name) for name in PAPER_FIELDS)
    assert row[:3] == ("2401.00001", "A Title", "Line one\nline two")
    assert paper_from_row(row) == paper
    # Rows travel as JSON: tuples come back as lists.
    assert paper_from_row(json.loads(json.dumps(row))) == paper


def test_a_row_of_the_wrong_length_is_refused() -> None:
    row = paper_to_row(_full_paper())
    with pytest.raises(ValueError, match="zip"):
        paper_from_row(row[:-1])
    with pytest.raises(ValueError, match="zip"):
        paper_from_row((*row, "extra"))


def test_plain_values_are_lists_not_tuples() -> None:
    paper = _full_paper()
    plain = paper_to_plain(paper)
    assert list(plain) == list(PAPER_FIELDS)
    assert plain["authors"] == ["Ada Lovelace", "Alan Turing"]
    assert plain["links"] == [
        ["arXiv", "https://arxiv.org/abs/2401.00001"],
        ["GitHub", "https://g.it/x"],
    ]
    assert plain["upvotes"] == 7 and plain["doi"] == "10.1/x" and plain["date"] == "2024-01-02"
    assert json.loads(json.dumps(plain)) == plain
    assert paper_from_plain(plain) == paper


def test_missing_or_null_arrays_are_empty() -> None:
    values = {name: None for name in ("authors", "keywords", "listing_dates", "sources", "links")}
    paper = paper_from_plain({"id": "x1", "title": "T", **values})
    assert paper.authors == paper.keywords == paper.listing_dates == paper.sources == ()
    assert paper.links == ()
    assert paper_from_plain({"id": "x1", "title": "T"}) == paper


def test_arrays_read_back_as_tuples() -> None:
    paper = paper_from_plain(
        {
            "id": "x1",
            "title": "T",
            "authors": ["A", "B"],
            "keywords": ["k"],
            "listing_dates": ["Mar 1"],
            "sources": ["s"],
            "links": [["PDF", "https://x/p"], ("Code", "https://x/c")],
        }
    )
    assert paper.authors == ("A", "B") and paper.keywords == ("k",)
    assert paper.listing_dates == ("Mar 1",) and paper.sources == ("s",)
    assert paper.links == (("PDF", "https://x/p"), ("Code", "https://x/c"))


@pytest.mark.parametrize("name", ["authors", "keywords", "listing_dates", "sources"])
def test_a_string_where_a_list_belongs_is_refused_not_split(name: str) -> None:
    with pytest.raises(TypeError) as caught:
        paper_from_plain({"id": "x1", "title": "T", name: "Ada"})
    assert str(caught.value) == f"{name} is str, not a list"


def test_a_link_that_is_a_string_is_refused_not_split() -> None:
    with pytest.raises(TypeError) as caught:
        paper_from_plain({"id": "x1", "title": "T", "links": ["ab"]})
    assert str(caught.value) == "a link is not a (label, url) pair"
    with pytest.raises(TypeError) as caught:
        paper_from_plain({"id": "x1", "title": "T", "links": {"PDF": "https://x/p"}})
    assert str(caught.value) == "links is dict, not a list"
    with pytest.raises(TypeError) as caught:
        paper_from_plain({"id": "x1", "title": "T", "links": "https://x/p"})
    assert str(caught.value) == "links is str, not a list"


def test_annotations_round_trip_with_highlights() -> None:
    highlight = Highlight(id="h1", quote="a passage", section="Intro", block=2, offset=5)
    annotation = Annotation(
        "2401.00001",
        Status.READING,
        ("llm", "to-read"),
        "my note\nline 2",
        "2024-01-01T00:00:00",
        "2024-01-02T00:00:00",
        "2024-01-03T00:00:00",
        (highlight,),
    )
    plain = annotation_to_plain(annotation)
    assert plain == {
        "status": "reading",
        "tags": ["llm", "to-read"],
        "note": "my note\nline 2",
        "created": "2024-01-01T00:00:00",
        "updated": "2024-01-02T00:00:00",
        "status_changed": "2024-01-03T00:00:00",
        "highlights": [highlight.to_json()],
    }
    assert annotation_from_plain("2401.00001", json.loads(json.dumps(plain))) == annotation


def test_an_annotation_without_highlights_has_no_highlights_key() -> None:
    plain = annotation_to_plain(Annotation("p", Status.READ, ("t",)))
    assert "highlights" not in plain
    assert plain["status"] == "read" and plain["tags"] == ["t"]


def test_an_empty_stored_annotation_reads_as_the_defaults() -> None:
    annotation = annotation_from_plain("p1", {})
    assert annotation == Annotation("p1")
    assert annotation.status is Status.UNREAD and annotation.tags == () and annotation.note == ""
    assert annotation.highlights == () and annotation.created is None
    nulls = annotation_from_plain("p1", {"tags": None, "note": None, "highlights": None})
    assert nulls == Annotation("p1")


def test_an_unknown_status_is_named_in_one_line() -> None:
    with pytest.raises(ValueError) as caught:
        annotation_from_plain("p1", {"status": "done"})
    assert str(caught.value) == "unknown status 'done'"
    with pytest.raises(ValueError) as caught:
        annotation_from_plain("p1", {"status": "x" * 60})
    assert str(caught.value) == f"unknown status {'x' * 40!r}"
