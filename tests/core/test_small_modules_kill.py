"""dates, sorting, search_result and choices: the orders and matches the list relies on."""

from __future__ import annotations

import numpy as np
import pytest

from reader.core.choices import match_choice
from reader.core.dates import date_key, date_parts
from reader.core.models import Paper, SortMode
from reader.core.search_result import TermMatch, highlight_spans
from reader.core.sorting import static_rank, status_rank


def _paper(n: int, **fields: object) -> Paper:
    return Paper(id=f"2401.{n:05d}", title=f"Paper {n}", **fields)  # type: ignore[arg-type]


def test_date_parts_fall_back_to_the_listing_date() -> None:
    assert date_parts(_paper(1, date=None, listing_date="2024-03")) == (2024, 3)
    assert date_parts(_paper(1, date="2023-01-02", listing_date="2024")) == (2023, 1, 2)
    assert date_parts(_paper(1, listing_date=" 2024 ")) == (2024,)
    assert date_parts(_paper(1, listing_date="Mar 13")) == ()
    assert date_parts(_paper(1)) == ()


def test_newest_first_a_year_after_its_months_and_days() -> None:
    papers = [
        _paper(0, date="2024"),
        _paper(1, date="2024-01"),
        _paper(2),
        _paper(3, date="2024-01-05"),
        _paper(4, date="2023-12-31"),
    ]
    order = np.argsort(static_rank(SortMode.DATE, papers)).tolist()  # type: ignore[arg-type]
    assert order == [3, 1, 0, 4, 2]
    assert sorted(papers, key=date_key)[-1] is papers[2]


@pytest.mark.parametrize("mode", [SortMode.DATE, SortMode.TITLE, SortMode.UPVOTES])
def test_ranks_are_int32(mode: SortMode) -> None:
    ranks = static_rank(mode, [_paper(n, upvotes=n) for n in range(3)])
    assert ranks is not None and ranks.dtype == np.int32
    assert static_rank(SortMode.RELEVANCE, [_paper(0)]) is None


def test_status_rank_orders_unread_reading_read_then_the_list() -> None:
    codes = np.array([2, 0, 1, 0], dtype=np.int32)
    ranks = status_rank(codes)
    assert ranks.dtype == np.int32 and np.argsort(ranks).tolist() == [1, 3, 2, 0]


def test_one_typo_terms_match_words_one_edit_away() -> None:
    term = TermMatch("colour", typos=1)
    assert term.matches("color")  # one letter dropped: a length difference of one
    assert term.matches("colours") and term.matches("coluor") and not term.matches("colr")
    assert not TermMatch("colour", typos=0).matches("color")
    two = TermMatch("transformer", typos=2)
    assert two.matches("transfromer") and two.matches("trnsfrmer") and not two.matches("trnsfrm")
    exact = TermMatch("colour", prefix=False)
    assert exact.matches("colour") and not exact.matches("colours")
    assert highlight_spans("The color of colours", [term]) == [(4, 9), (13, 20)]


def test_choices_prefer_word_starts_at_the_same_place() -> None:
    word_start = match_choice("graph", "x graph")
    inside = match_choice("graph", "xxgraph")
    assert word_start is not None and inside is not None and word_start[0] > inside[0]


def test_choices_prefer_shorter_texts_for_several_words() -> None:
    short = match_choice("graph neural", "graph neural")
    longer = match_choice("graph neural", "graph neural networks")
    assert short is not None and longer is not None
    assert 0 < longer[0] < short[0] < 1
    assert short[1] == [(0, 5), (6, 12)]


def test_choices_count_every_word() -> None:
    # Same length, the second word at the same place: only the first word differs.
    first_at_start = match_choice("graph neural", "graph zz neural")
    first_inside = match_choice("graph neural", "zgraph z neural")
    assert first_at_start is not None and first_inside is not None
    assert first_at_start[0] > first_inside[0]


def test_choices_span_the_first_word_start_not_the_last() -> None:
    assert match_choice("graph", "xgraph graph zgraph")[1] == [(7, 12)]  # type: ignore[index]
    assert match_choice("--", "a---")[1] == [(2, 4)]  # type: ignore[index]
