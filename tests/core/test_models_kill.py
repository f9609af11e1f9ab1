"""Highlight: the checks and defaults of a marked passage (stored and read back)."""

from __future__ import annotations

import pytest

from reader.core.models import Highlight, Paper, highlights_from_json


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id": 7, "quote": "q"}, "highlight id is int, not text"),
        ({"id": "h1", "quote": None}, "quote is NoneType, not text"),
        ({"id": "h1", "quote": "q", "section": 3}, "section is int, not text"),
        ({"id": "h1", "quote": "q", "note": ["x"]}, "highlight note is list, not text"),
        ({"id": "h1", "quote": "q", "block": True}, "highlight block is bool, not a number"),
        ({"id": "h1", "quote": "q", "block": 1.5}, "highlight block is float, not a number"),
        ({"id": "h1", "quote": "q", "offset": "3"}, "highlight offset is str, not a number"),
    ],
)
def test_a_field_of_the_wrong_type_is_named(fields: dict[str, object], message: str) -> None:
    with pytest.raises(TypeError) as caught:
        Highlight(**fields)  # type: ignore[arg-type]
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ((3, "https://x.org"), "link label is int, not text"),
        (("PDF", None), "link is NoneType, not text"),
    ],
)
def test_a_link_of_the_wrong_type_is_named(link: tuple[object, object], message: str) -> None:
    with pytest.raises(TypeError) as caught:
        Paper(id="2401.00001", title="T", links=(link,))  # type: ignore[arg-type]
    assert str(caught.value) == message


@pytest.mark.parametrize(("id_", "quote"), [("", "a passage"), ("h1", ""), ("h1", " \x1b[2J ")])
def test_a_highlight_needs_both_an_id_and_a_quote(id_: str, quote: str) -> None:
    with pytest.raises(ValueError) as caught:
        Highlight(id=id_, quote=quote)
    assert str(caught.value) == "a highlight needs an id and a quote"


def test_text_is_cleaned_and_a_created_time_that_is_not_text_dropped() -> None:
    mark = Highlight(
        id=" h1 ",
        quote=" a\x1b[31m passage ",
        section=" 2 Method\n",
        note="line\nnext",
        created=5,  # type: ignore[arg-type]
    )
    assert (mark.id, mark.quote, mark.section, mark.note) == (
        "h1",
        "a passage",
        "2 Method",
        "line\nnext",
    )
    assert mark.created is None
    assert (
        Highlight(id="h1", quote="q", created="2024-03-01T10:00:00").created
        == "2024-03-01T10:00:00"
    )


def test_from_json_fills_what_is_missing() -> None:
    mark = Highlight.from_json({"id": "h1", "quote": "a passage", "section": None, "note": None})
    assert (mark.section, mark.block, mark.offset, mark.note, mark.created) == ("", -1, 0, "", None)
    assert Highlight.from_json(mark.to_json()) == mark
    full = Highlight(id="h2", quote="q", section="Intro", block=4, offset=12, note="n", created="t")
    assert Highlight.from_json(full.to_json()) == full


def test_from_json_refuses_what_is_not_an_object() -> None:
    with pytest.raises(TypeError) as caught:
        Highlight.from_json(["h1", "q"])
    assert str(caught.value) == "a highlight is list, not an object"
    good = {"id": "h1", "quote": "q"}
    assert highlights_from_json([["h1"], good, {"id": "h2"}, good]) == (
        Highlight(id="h1", quote="q"),
        Highlight(id="h1", quote="q"),
    )
    assert highlights_from_json({"id": "h1"}) == ()


@pytest.mark.parametrize("raw", [" Leading", "Trailing ", " Both "])
def test_edge_spaces_are_trimmed_from_every_one_line_field(raw: str) -> None:
    paper = Paper(id="2401.00001", title=raw, authors=(raw, "B"), keywords=(raw,), doi=raw)
    word = raw.strip()
    assert (paper.title, paper.authors, paper.keywords, paper.doi) == (
        word,
        (word, "B"),
        (word,),
        word,
    )


def test_empty_list_items_are_dropped() -> None:
    paper = Paper(id="2401.00001", title="T", authors=("A", " ", ""), keywords=("\x1b[2J",))
    assert paper.authors == ("A",) and paper.keywords == ()


def test_a_title_alone_with_a_leading_space_is_trimmed() -> None:
    assert Paper(id="2401.00001", title=" Leading").title == "Leading"
