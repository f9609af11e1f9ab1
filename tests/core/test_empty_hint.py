"""Why a query found nothing: it filters on what no paper of the library has."""

from __future__ import annotations

from pathlib import Path

from reader.core.annotations import AnnotationStore
from reader.core.library import Library
from reader.core.models import Paper
from reader.core.query import filter_fields, parse_query


def _library(tmp_path: Path, papers: list[Paper]) -> Library:
    library = Library(papers, AnnotationStore.open(tmp_path / "db.json"), "test")
    assert library.empty_hint("cat:x") is None  # no index yet: no lookup on the way
    library.build_index()
    return library


def test_the_filters_a_paper_must_pass() -> None:
    assert filter_fields(parse_query("cat:cs.CL date:2024 word")) == {"cat", "date"}
    assert filter_fields(parse_query("(tag:x | status:read) -cat:y")) == {"tag", "status"}
    assert filter_fields(parse_query("word")) == set() == filter_fields(None)


def test_categories_and_dates_no_paper_has_are_named(tmp_path: Path) -> None:
    library = _library(tmp_path, [Paper(id="t1", title="Listed Mar 13 only")])
    assert library.empty_hint("cat:cs.CL").startswith("No paper here has categories")  # type: ignore[union-attr]
    assert library.empty_hint("date:2024").startswith("No paper here has a publication date")  # type: ignore[union-attr]
    assert library.empty_hint("word") is None and library.empty_hint("cat:(") is None


def test_no_hint_where_a_paper_has_them(tmp_path: Path) -> None:
    papers = [
        Paper(id="2401.00001", title="One", keywords=("cs.CL",), date="2024-01-05"),
        Paper(id="t2", title="Two"),
    ]
    library = _library(tmp_path, papers)
    assert library.empty_hint("cat:hep-ph") is None
    assert library.empty_hint("date:1990") is None
