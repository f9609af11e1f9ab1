"""Merging two records of one paper, field by field (issue 14).

Dropping links, upvotes, comments, keywords or dates from a merge went unnoticed before.
"""

from __future__ import annotations

import pytest

from reader.core.merge import PaperMerger, merge_papers
from reader.core.models import Paper

WITH_ID = Paper(
    id="2403.00001",
    title="Tiny Models",
    abstract="short",
    listing_date="2024-03-02",
    source="arxiv.jsonl",
    title_key="tiny",
    arxiv_id="2403.00001",
    authors=("Ada Lovelace", "Alan Turing"),
    links=(("arXiv", "https://arxiv.org/abs/2403.00001"), ("DOI", "https://doi.org/10.1/a")),
    date=None,
    upvotes=3,
    keywords=("cs.LG", "Vision"),
    comments=None,
    listing_dates=("2024-03-02",),
    sources=("arxiv.jsonl",),
)
NO_ID = Paper(
    id="title:tiny",
    title="Tiny models",
    abstract="a much longer abstract",
    listing_date="2024-03-01",
    source="trending.txt",
    title_key="tiny",
    arxiv_id=None,
    authors=("ada lovelace", "Grace Hopper"),
    links=(("GitHub", "https://github.com/x/y"), ("Mirror", "https://arxiv.org/abs/2403.00001")),
    date="2024-02-28",
    upvotes=40,
    keywords=("vision", "distillation"),
    comments=7,
    listing_dates=("2024-03-01", "2024-03-02"),
    sources=("trending.txt", "arxiv.jsonl"),
)


def test_every_field_of_a_merge() -> None:
    merged = merge_papers(NO_ID, WITH_ID)
    assert merged == Paper(
        id="2403.00001",
        title="Tiny Models",
        abstract="a much longer abstract",
        listing_date="2024-03-01",
        source="trending.txt",
        title_key="tiny",
        arxiv_id="2403.00001",
        authors=("Ada Lovelace", "Alan Turing", "Grace Hopper"),
        links=(
            ("arXiv", "https://arxiv.org/abs/2403.00001"),
            ("DOI", "https://doi.org/10.1/a"),
            ("GitHub", "https://github.com/x/y"),
        ),
        date="2024-02-28",
        upvotes=40,
        keywords=("cs.LG", "Vision", "distillation"),
        comments=7,
        listing_dates=("2024-03-01", "2024-03-02"),
        sources=("trending.txt", "arxiv.jsonl"),
    )


def test_the_record_with_an_id_leads_whichever_comes_first() -> None:
    merged = merge_papers(WITH_ID, NO_ID)
    assert merged.id == "2403.00001" and merged.title == "Tiny Models"
    assert merged.source == "arxiv.jsonl"
    assert merged.listing_dates == ("2024-03-02", "2024-03-01")
    assert merged.listing_date == "2024-03-02"
    assert merged.sources == ("arxiv.jsonl", "trending.txt")
    assert merged.abstract == "a much longer abstract"
    assert merged.upvotes == 40 and merged.comments == 7


def test_two_records_without_ids_keep_the_first() -> None:
    other = Paper(id="title:tiny", title="TINY MODELS", title_key="tiny", upvotes=None)
    merged = merge_papers(NO_ID, other)
    assert merged.title == "Tiny models" and merged.upvotes == 40 and merged.comments == 7
    merged = merge_papers(other, NO_ID)
    assert merged.title == "TINY MODELS" and merged.upvotes == 40
    assert merged.date == "2024-02-28" and merged.links == NO_ID.links
    assert merged.authors == NO_ID.authors and merged.keywords == NO_ID.keywords


def test_missing_numbers_and_dates() -> None:
    a = Paper(id="a", title="A", arxiv_id="a")
    b = Paper(id="a", title="A", arxiv_id="a", upvotes=0, comments=0)
    assert merge_papers(a, a).upvotes is None and merge_papers(a, a).comments is None
    assert merge_papers(a, b).upvotes == 0 and merge_papers(b, a).comments == 0
    assert merge_papers(a, a).listing_date is None and merge_papers(a, a).listing_dates == ()
    dated = Paper(id="a", title="A", arxiv_id="a", date="2024-01-01")
    assert merge_papers(dated, b).date == "2024-01-01"
    assert merge_papers(b, dated).date == "2024-01-01"
    assert merge_papers(a, Paper(id="a", title="A", arxiv_id="a", abstract="x")).abstract == "x"


def test_repeated_values_appear_once() -> None:
    merged = merge_papers(NO_ID, NO_ID)
    assert merged.sources == NO_ID.sources and merged.listing_dates == NO_ID.listing_dates
    assert merged.links == NO_ID.links and merged.authors == NO_ID.authors
    twice = Paper(id="a", title="A", sources=("x", "y"), authors=("B", "b", "C"))
    again = merge_papers(twice, Paper(id="a", title="A", sources=("y", "z", "z")))
    assert again.sources == ("x", "y", "z")
    assert merge_papers(Paper(id="a", title="A"), twice).authors == ("B", "C")


def test_merger_joins_by_id_then_by_title() -> None:
    merger = PaperMerger()
    merger.add_all([NO_ID, Paper(id="other", title="Other", title_key="other")])
    merger.add(WITH_ID)
    # The same id again, after the merged record changed its id to the arXiv id.
    merger.add(
        Paper(
            id="2403.00001",
            title="x",
            title_key="changed",
            arxiv_id="2403.00001",
            sources=("third.bib",),
        )
    )
    papers = merger.papers()
    assert [paper.id for paper in papers] == ["2403.00001", "other"]
    assert papers[0].sources == ("trending.txt", "arxiv.jsonl", "third.bib")
    assert papers[0].upvotes == 40


def test_same_title_with_two_different_ids_stays_two_papers() -> None:
    merger = PaperMerger()
    first = Paper(id="2401.1", title="Survey", title_key="survey", arxiv_id="2401.1")
    second = Paper(id="2402.2", title="Survey", title_key="survey", arxiv_id="2402.2")
    third = Paper(id="title:survey", title="Survey", title_key="survey", sources=("t",))
    merger.add_all([first, second, third])
    papers = merger.papers()
    assert [paper.id for paper in papers] == ["2401.1", "2402.2"]
    assert papers[0].sources == ("t",)
    assert papers[1] == second


def test_an_id_record_joins_an_earlier_title_only_record() -> None:
    merger = PaperMerger()
    merger.add(Paper(id="title:x", title="X", title_key="x", upvotes=5))
    merger.add(Paper(id="2401.9", title="X", title_key="x", arxiv_id="2401.9"))
    merger.add(Paper(id="title:x", title="X", title_key="x", comments=2))
    (paper,) = merger.papers()
    assert paper.id == "2401.9" and paper.upvotes == 5 and paper.comments == 2
    assert PaperMerger().papers() == []


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("2024-06-10", "2024-03-14", "2024-03-14"),  # a snapshot's update date vs HF's
        ("2024", "2024-03-14", "2024-03-14"),  # the same year, more precise
        ("2024-03", "2024-03-14", "2024-03-14"),
        ("2023", "2024-03-14", "2023"),
        ("2024-03-14", None, "2024-03-14"),
        (None, None, None),
    ],
)
def test_the_merged_date_is_the_earliest_whatever_the_order(
    first: str | None, second: str | None, expected: str | None
) -> None:
    # A tester's date:2024-03 found SAM-CLIP or not by the order of the files given.
    a = Paper(id="2403.09611", title="SAM-CLIP", arxiv_id="2403.09611", date=first)
    b = Paper(id="2403.09611", title="SAM-CLIP", arxiv_id="2403.09611", date=second)
    assert merge_papers(a, b).date == merge_papers(b, a).date == expected
