"""The scan that answers while the index is built: every operator, titles first (issue 14).

Each query is checked for its final list (title matches first, then the rest in library
order), and the first list yielded (titles only), which the user sees at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from reader.core.arrays import BoolArray
from reader.core.formats.common import build_paper
from reader.core.models import Paper
from reader.core.query import Filter
from reader.core.search import scan
from reader.core.search.scan import scan_search
from reader.core.search_result import SearchResult, TermMatch

PAPERS: list[Paper] = [
    build_paper(
        title="Tiny Language Models",
        abstract="We study small models.",
        source="s",
        arxiv_id="2403.00001",
        authors=("Ada Lovelace",),
        date="2024-03-15",
        keywords=("cs.CL",),
    ),
    build_paper(
        title="LoRA: Low-Rank Adaptation",
        abstract="Fine-tuning with low rank.",
        source="s",
        arxiv_id="2106.09685",
        authors=("Edward Hu",),
        date="2021-06-17",
        keywords=("cs.LG", "Large Language Models"),
    ),
    build_paper(
        title="A survey of agents",
        abstract="Tiny agents everywhere.",
        source="s",
        authors=("Grace Hopper", "Alan Turing"),
    ),
    build_paper(
        title="MultiHeadAttention explained",
        abstract="the lora trick",
        source="s",
        arxiv_id="2404.00003",
        date="2024-04-01",
    ),
    build_paper(
        title="Agentic workflows",
        abstract="A survey, in short.",
        source="s",
        arxiv_id="2301.00004",
        authors=("Turing Award",),
        date="2023-01-31",
        keywords=("cs.AI",),
    ),
]


class Masks:
    """tag:/status: answers: the positions listed for each filter value."""

    def __init__(self, positions: dict[str, Sequence[int]]) -> None:
        self.positions = positions
        self.asked: list[Filter] = []

    def filter_mask(self, condition: Filter) -> BoolArray:
        self.asked.append(condition)
        chosen = self.positions.get(condition.value, ())
        return np.array([position in chosen for position in range(len(PAPERS))], dtype=bool)


def results(query: str, masks: Masks | None = None) -> list[SearchResult]:
    return list(scan_search(PAPERS, query, masks or Masks({})))


def first_and_last(query: str) -> tuple[list[int], list[int]]:
    found = results(query)
    return list(found[0].indices), list(found[-1].indices)


@pytest.mark.parametrize(
    ("query", "titles", "everything"),
    [
        ("tiny", [0], [0, 2]),
        ("agent", [2, 4], [2, 4]),
        ("'agent", [], []),
        ("'agents", [2], [2]),
        ('"language models"', [0], [0]),
        ('"low rank"', [1], [1]),
        ('"rank adaptation low"', [], []),
        ("^agentic", [4], [4]),
        ("^a", [2, 4], [2, 4]),
        ("^survey", [], []),
        ("^tiny ^language", [], []),  # every word must start the title
        ("LoRA", [1], [1]),
        ("lora", [1], [1, 3]),
        ("Tiny", [0], [0, 2]),
        ("TINY", [], []),
        ("attention", [3], [3]),
        ("head", [3], [3]),
        ("multihead", [3], [3]),
        ("Head", [3], [3]),  # a camelCase part keeps its capital
        ("ead", [], []),
        ("au:turing", [], [2, 4]),
        ("author:lovelace", [], [0]),
        ("ti:survey", [2], [2]),
        ("abs:survey", [], [4]),
        ("abs:tiny", [], [2]),
        ("tiny agents", [], [2]),
        ("tiny | lora", [0, 1], [0, 1, 2, 3]),
        ("-survey", [0, 1, 3], [0, 1, 3]),
        ("!survey", [0, 1, 3], [0, 1, 3]),
        ("models -survey", [0], [0]),
        ("-(tiny | lora)", [4], [4]),
        ("-ti:survey", [0, 1, 3, 4], [0, 1, 3, 4]),
        ("everywhere", [], [2]),
        ("ada", [1], [1, 0]),  # "Adaptation" in a title, then "Ada" as an author
        ("hopper grace", [], [2]),
        ('"hopper alan"', [], [2]),  # authors read as one list
        ("agentic -survey", [], []),  # the title pass checks the abstract too
        ("-id:2403.", [1, 2, 3, 4], [1, 2, 3, 4]),
        ("tiny | id:2106", [0, 1], [0, 1, 2]),
    ],
)
def test_scan_finds_titles_first_then_the_rest(
    query: str, titles: list[int], everything: list[int]
) -> None:
    assert first_and_last(query) == (titles, everything)


@pytest.mark.parametrize(
    ("query", "everything"),
    [
        ("date:2024", [0, 3]),
        ("date:2024-03", [0]),
        ("date:..2024-03", [0, 1, 4]),
        ("date:>2024-03-15", [3]),
        ("date:>=2024-03-15", [0, 3]),
        ("date:<2021-06-17", []),
        ("date:<=2024-03-15", [0, 1, 4]),
        ("id:2403.", [0]),
        ("id:arXiv:2106", [1]),
        ("id:title:", [2]),
        ("cat:cs.*", [0, 1, 4]),
        ("cat:CS.cl", [0]),
        ("cat:cs", []),
        ('cat:"large language models"', [1]),
        ("tiny date:2024", [0]),
    ],
)
def test_metadata_filters(query: str, everything: list[int]) -> None:
    found = results(query)
    assert list(found[-1].indices) == everything
    assert found[-1].error is None


def test_annotation_filters_ask_the_mask_once_per_pass() -> None:
    masks = Masks({"llm": [1, 3]})
    found = results("tag:llm", masks)
    assert list(found[0].indices) == [1, 3] and list(found[-1].indices) == [1, 3]
    assert masks.asked == [Filter("tag", "llm"), Filter("tag", "llm")]
    assert list(results("lora tag:llm", masks)[-1].indices) == [1, 3]
    assert list(results("-tag:llm", masks)[-1].indices) == [0, 2, 4]
    assert list(results("tiny | tag:llm", masks)[-1].indices) == [0, 1, 3, 2]


def test_matched_words_are_reported_for_highlighting() -> None:
    assert results("tiny")[-1].terms == (TermMatch("tiny", prefix=True),)
    assert results("'agents ^agentic")[-1].terms == (
        TermMatch("agents", prefix=False),
        TermMatch("agentic", prefix=True),
    )
    assert results('"low rank"')[-1].terms == (
        TermMatch("low", prefix=False),
        TermMatch("rank", prefix=False),
    )
    assert results("LoRA lora")[-1].terms == (TermMatch("lora"), TermMatch("lora"))
    # Excluded words are not highlighted; filters have no words.
    assert results("models -survey tag:x")[-1].terms == (TermMatch("models"),)
    assert results("-(tiny | lora)")[-1].terms == ()


def test_an_empty_query_lists_everything_and_a_bad_one_says_why() -> None:
    (everything,) = results("   ")
    assert list(everything.indices) == [0, 1, 2, 3, 4] and everything.error is None
    assert everything.query == "   "
    (bad,) = results("(tiny")
    assert list(bad.indices) == [] and bad.terms == () and bad.query == "(tiny"
    assert bad.error == "missing )"


def test_partial_results_come_every_few_papers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan, "YIELD_EVERY", 2)
    found = results("tiny")
    assert [list(result.indices) for result in found] == [[0], [0], [0], [0], [0, 2], [0, 2]]
    assert all(result.query == "tiny" for result in found)
    assert all(result.terms == (TermMatch("tiny"),) for result in found)
