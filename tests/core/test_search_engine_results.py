"""SearchEngine.search's answers when there is nothing to look up: errors, the empty query."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reader.core.arrays import BoolArray
from reader.core.models import Paper
from reader.core.query import Filter
from reader.core.search.engine import SearchEngine


class _All:
    def __init__(self, count: int) -> None:
        self.count = count

    def filter_mask(self, condition: Filter) -> BoolArray:
        return np.ones(self.count, dtype=bool)


PAPERS = [
    Paper(id=f"2401.0000{n}", title=f"Agent {n}", abstract="plans", keywords=("cs.AI",))
    for n in range(4)
]


@pytest.fixture
def searched() -> SearchEngine:
    found = SearchEngine(None)
    found.add(enumerate(PAPERS))
    return found


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("(agent", "missing )"),
        ("foo:bar", "unknown field foo:"),
        ("cat:" + "a*" * 5000, "cannot search for that: "),
    ],
)
def test_a_query_that_cannot_run_keeps_its_text_and_finds_nothing(
    searched: SearchEngine, query: str, error: str
) -> None:
    result = searched.search(query, _All(4), 4)
    assert result.query == query
    assert list(result.indices) == [] and result.terms == ()
    assert result.error is not None and result.error.startswith(error)
    assert "\n" not in result.error


def test_the_empty_query_lists_every_paper_in_the_active_sort(searched: SearchEngine) -> None:
    plain = searched.search("", _All(4), 4)
    assert (plain.query, list(plain.indices), plain.error) == ("", [0, 1, 2, 3], None)
    rank = np.array([2, 0, 2, 1])  # ties keep the list's order
    sorted_ = searched.search("  ", _All(4), 4, sort_rank=rank)
    assert (sorted_.query, list(sorted_.indices), sorted_.error) == ("  ", [1, 3, 0, 2], None)


def test_an_index_on_disk_commits_every_n_and_not_again_at_an_exact_multiple(
    tmp_path: Path, commits: list[int]
) -> None:
    on_disk = SearchEngine(tmp_path / "index")
    assert on_disk.add(enumerate(PAPERS), every=2) == 4
    assert commits == [2, 4]
