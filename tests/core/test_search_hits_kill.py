"""LazyHits and SearchEngine: paging, membership, positions, fresh, has, smart case, similar."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reader.core.models import Paper
from reader.core.query import Filter
from reader.core.search.engine import SearchEngine
from reader.core.search.hits import FIRST_PAGE, LazyHits


class NoFilters:
    def filter_mask(self, condition: Filter) -> np.ndarray:
        raise AssertionError("no annotation filter in these queries")


FILLER = ["alpha", "beta", "gamma", "delta", "omega", "sigma"]


def _engine(papers: list[Paper], path: Path | None = None) -> SearchEngine:
    engine = SearchEngine(path)
    engine.add(enumerate(papers))
    return engine


def _graph_papers(count: int = 700) -> list[Paper]:
    """Papers about graphs with 6 score groups (title lengths), then some without."""
    papers = [
        Paper(id=f"2401.{n:05d}", title="Graph " + " ".join(FILLER[: n % 6]) + f" n{n}")
        for n in range(count)
    ]
    papers += [Paper(id=f"2402.{n:05d}", title=f"Other topic n{n}") for n in range(30)]
    return papers


@pytest.fixture(scope="module")
def graphs() -> tuple[SearchEngine, list[int]]:
    papers = _graph_papers()
    engine = _engine(papers)
    # Every hit ordered at once: best score first, equal scores in library order.
    whole = engine.search("graph", NoFilters(), len(papers), np.arange(len(papers), dtype=np.int32))
    expected = list(whole.indices)
    assert sorted(expected) == list(range(700))
    return engine, expected


def _hits(engine: SearchEngine) -> LazyHits:
    result = engine.search("graph", NoFilters(), 730)
    assert isinstance(result.indices, LazyHits)
    return result.indices


def test_pages_read_one_by_one_match_the_whole_order(
    graphs: tuple[SearchEngine, list[int]],
) -> None:
    engine, expected = graphs
    hits = _hits(engine)
    assert len(hits) == 700 > FIRST_PAGE
    assert [hits[number] for number in range(len(hits))] == expected  # each page on demand
    assert list(_hits(engine)) == expected
    assert _hits(engine)[640:645] == expected[640:645]


def test_negative_and_out_of_range_positions(graphs: tuple[SearchEngine, list[int]]) -> None:
    engine, expected = graphs
    hits = _hits(engine)
    assert hits[-1] == expected[-1] and hits[-700] == expected[0]
    for item in (700, -701):
        with pytest.raises(IndexError) as caught:
            hits[item]
        assert caught.value.args == (item,)


def test_membership_without_fetching_everything(graphs: tuple[SearchEngine, list[int]]) -> None:
    engine, expected = graphs
    hits = _hits(engine)
    late = expected[-1]  # not in the first page
    assert late in hits and 0 in hits and expected[0] in hits
    assert 700 not in hits  # "Other topic"
    assert -1 not in hits and 3.0 not in hits
    assert "5" not in hits  # type: ignore[comparison-overlap]  # a caller's wrong type
    list(hits)  # everything loaded: the answer comes from what is loaded
    assert 705 not in hits and late in hits


def test_index_finds_a_late_hit_and_respects_bounds(graphs: tuple[SearchEngine, list[int]]) -> None:
    engine, expected = graphs
    assert _hits(engine).index(expected[650]) == 650
    assert _hits(engine).index(expected[3], 2) == 3
    with pytest.raises(ValueError):
        _hits(engine).index(expected[650], 0, 600)
    with pytest.raises(ValueError) as caught:
        _hits(engine).index(710)
    assert caught.value.args == (710,)


def test_fresh_empties_an_index_on_disk(tmp_path: Path) -> None:
    engine = _engine(_graph_papers(5), tmp_path / "index")
    engine.close()
    assert SearchEngine(tmp_path / "index").indexed_count() == 35
    fresh = SearchEngine.fresh(tmp_path / "index")
    assert fresh.indexed_count() == 0
    fresh.add(enumerate([Paper(id="2403.00001", title="New list")]))
    fresh.close()
    assert SearchEngine(tmp_path / "index").paper(0).title == "New list"  # type: ignore[union-attr]


def test_has_looks_only_below_a_position() -> None:
    papers = _graph_papers(5)
    engine = _engine(papers)
    assert engine.has("pid", "2401.00000", 1)  # the first paper counts
    assert not engine.has("pid", "2401.00003", 3) and engine.has("pid", "2401.00003", 4)
    assert engine.has("tkey", papers[2].title_key, 3) and not engine.has(
        "tkey", papers[2].title_key, 2
    )


def test_a_capitalised_word_is_not_found_across_the_author_list() -> None:
    papers = [
        Paper(
            id="2401.00001",
            title="Scaling",
            abstract="an xxlarge model",
            authors=("Ann Smith", "Lee Park"),
        ),
        Paper(id="2401.00002", title="Scaling XXLarge", abstract="a model", authors=("Bo Chen",)),
    ]
    engine = _engine(papers)
    assert list(engine.search("XXL", NoFilters(), 2).indices) == [1]
    assert sorted(engine.search("xxl", NoFilters(), 2).indices) == [0, 1]


def _similar_papers() -> list[Paper]:
    papers = [
        Paper(id="2401.00000", title="Quantum walks on graphs", abstract="quantum walks graphs")
    ]
    papers += [
        Paper(id=f"2401.{n:05d}", title=f"Quantum walks {FILLER[n % 6]} v{n}", abstract="study")
        for n in range(1, 16)
    ]
    # Shares only stop words, a two-letter word, or a three-letter word with the next one.
    papers += [
        Paper(id="2402.00001", title="We show that the approach is used", abstract="these results"),
        Paper(id="2402.00002", title="Show that this approach is used with these results"),
        Paper(id="2402.00003", title="Qx fields", abstract="qx"),
        Paper(id="2402.00004", title="Qx trees", abstract="qx"),
        Paper(id="2402.00005", title="Gan images", abstract="gan"),
        Paper(id="2402.00006", title="Gan audio", abstract="gan"),
    ]
    return papers


def test_similar_lists_more_than_a_default_page() -> None:
    engine = _engine(_similar_papers())
    found = engine.similar(0)
    assert sorted(found) == list(range(1, 16))  # all fifteen, the paper itself left out
    assert len(engine.similar(0, limit=4)) == 4


def test_similar_ignores_stop_words_and_two_letter_words() -> None:
    engine = _engine(_similar_papers())
    assert engine.similar(16) == []  # only stop words in common with 17
    assert engine.similar(18) == []  # only "qx"
    assert engine.similar(20) == [21]  # "gan" has three letters: it counts


def test_holds_checks_the_first_and_last_committed_paper() -> None:
    papers = _graph_papers(3)[:3]
    engine = _engine(papers)
    other = Paper(id="2409.99999", title="Another list")
    assert engine.holds(3, papers) and engine.holds(2, papers) and engine.holds(1, papers)
    assert not engine.holds(4, papers)  # more committed than there are papers
    assert not engine.holds(3, [other, *papers[1:]])  # the first differs
    assert not engine.holds(3, [*papers[:2], other])  # the last differs
    assert not engine.holds(2, [papers[0], other, papers[2]])  # the last committed is 1
    assert engine.holds(3, [papers[0], other, papers[2]])  # only the ends are compared
