"""with_match: a paper matched to its arXiv record keeps its own title, key and sources."""

from __future__ import annotations

from reader.core.models import Paper
from reader.core.resolve import Match, with_match


def test_a_match_fills_in_the_record_and_the_paper_keeps_its_own_names() -> None:
    paper = Paper(id="title:abc", title="Deep nets for cats", source="my.bib", sources=("my.bib",))
    match = Match("2305.00002", title="Deep Nets for Cats", authors=("Ann Bee",), abstract="Cats.")
    merged = with_match(paper, match)
    assert merged.id == "2305.00002" and merged.arxiv_id == "2305.00002"
    assert merged.authors == ("Ann Bee",) and merged.abstract == "Cats."
    assert merged.title == "Deep nets for cats" and merged.title_key == paper.title_key
    assert merged.source == "my.bib" and merged.sources == ("my.bib",)


def test_a_match_without_a_title_still_merges() -> None:
    paper = Paper(id="title:abc", title="Deep nets for cats", source="my.bib")
    merged = with_match(paper, Match("2305.00002", abstract="Cats."))
    assert merged.title == "Deep nets for cats" and merged.abstract == "Cats."
    assert merged.source == "my.bib"


def test_nothing_found_or_already_on_arxiv_changes_nothing() -> None:
    paper = Paper(id="title:abc", title="Deep nets for cats")
    assert with_match(paper, Match(None)) is paper
    listed = Paper(id="2401.00001", title="Listed", arxiv_id="2401.00001")
    assert with_match(listed, Match("2305.00002", title="Listed")) is listed
