"""Query language: in: and has: values (their case, their one-line errors and where those
point), and that other filter values keep the case they were typed in."""

from __future__ import annotations

import pytest

from reader.core.query import And, Filter, QueryError, Term, parse_query


def _error(query: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    return caught.value


def test_in_library_in_any_case() -> None:
    assert parse_query("in:library") == Filter("in", "library")
    assert parse_query("in:Library") == Filter("in", "library")
    assert parse_query("-in:LIBRARY") is not None
    assert parse_query("x in:LIBRARY") == And((Term("x"), Filter("in", "library")))


def test_an_unknown_place_is_one_line_pointing_at_the_field() -> None:
    error = _error("graphs in:shelf")
    assert str(error) == "in: expects library, not 'shelf'"
    assert error.position == 7


def test_has_highlights_in_any_case() -> None:
    assert parse_query("has:highlights") == Filter("has", "highlights")
    assert parse_query("has:Highlights") == Filter("has", "highlights")
    assert parse_query("has:HIGHLIGHTS") == Filter("has", "highlights")


def test_an_unknown_has_value_is_one_line_pointing_at_the_field() -> None:
    error = _error("ab has:notes")
    assert str(error) == "has: expects highlights, not 'notes'"
    assert error.position == 3


def test_tags_ids_and_categories_keep_their_case() -> None:
    assert parse_query("tag:ML") == Filter("tag", "ML")
    assert parse_query("id:ArXiv:2401.00001") == Filter("id", "ArXiv:2401.00001")
    assert parse_query("cat:cs.CL") == Filter("cat", "cs.CL")
    assert parse_query("full:Transformer") == Filter("full", "Transformer")
