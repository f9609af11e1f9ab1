"""Search through its public faces (SearchEngine, Library.search): where the first hit is
listed, the default number of similar papers, ``id:arXiv:`` on the index, and a paper
replaced in place after the index is built."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reader.core.annotations import AnnotationStore
from reader.core.library import Library
from reader.core.models import Paper
from reader.core.query import Filter
from reader.core.search.engine import IndexBusy, SearchEngine
from reader.core.search.scan import scan_search
from reader.core.search_result import TermMatch


class NoFilters:
    def filter_mask(self, condition: Filter) -> np.ndarray:
        raise AssertionError("no annotation filter in these queries")


def _engine(papers: list[Paper]) -> SearchEngine:
    engine = SearchEngine(None)
    engine.add(enumerate(papers))
    return engine


def _library(tmp_path: Path, papers: list[Paper]) -> Library:
    return Library(papers, AnnotationStore.open(tmp_path / "db.json"), "test")


def test_the_best_hit_is_listed_first() -> None:
    papers = [
        Paper(id="2401.00001", title="Other things", abstract="a graph in passing"),
        Paper(id="2401.00002", title="Graph kernels"),
    ]
    indices = _engine(papers).search("graph", NoFilters(), len(papers)).indices
    assert list(indices) == [1, 0]  # the title match outranks the abstract one
    assert indices.index(1) == 0
    assert indices.index(0) == 1


def test_similar_lists_fifty_papers_unless_asked_for_more() -> None:
    papers = [
        Paper(id=f"2401.{n:05d}", title=f"Quantum walks on graphs v{n}", abstract="quantum walks")
        for n in range(60)
    ]
    engine = _engine(papers)
    found = engine.similar(0)
    assert len(found) == 50 and 0 not in found
    assert len(set(found)) == 50
    assert sorted(engine.similar(0, limit=100)) == list(range(1, 60))


def test_an_arxiv_prefixed_id_is_found_by_the_index(tmp_path: Path) -> None:
    papers = [
        Paper(id="2401.00001", title="Quantum walks"),
        Paper(id="2401.00002", title="Graph kernels"),
        Paper(id="2402.00001", title="Language models"),
    ]
    library = _library(tmp_path, papers)
    assert list(library.search("id:arXiv:2401.00002").indices) == [1]
    assert list(library.search("id:ARXIV:2401").indices) == [0, 1]
    assert list(library.search("id:2402").indices) == [2]
    assert library.index_ready  # these were answered by the index, not the scan


def test_a_replaced_paper_is_searched_by_its_new_record(tmp_path: Path) -> None:
    old = Paper(id="title:quantum-walks", title="Quantum walks")
    papers = [old, Paper(id="2401.00002", title="Graph kernels")]
    library = _library(tmp_path, papers)
    assert list(library.search("quantum").indices) == [0]  # the index is built
    new = Paper(id="2401.00001", title="Quantum walks revisited", abstract="lattices")
    assert library.replace_paper(old, new)
    assert library.papers[0] is new
    assert list(library.search("lattices").indices) == [0]
    assert list(library.search("revisited").indices) == [0]
    assert list(library.search("id:2401.00001").indices) == [0]
    assert library.build_index().paper(0) == new
    assert library.build_index().indexed_count() == 2  # replaced, not added
    assert library.position(new) == 0


def test_a_replacement_is_refused_for_an_unlisted_paper_or_a_twin(tmp_path: Path) -> None:
    first = Paper(id="title:quantum-walks", title="Quantum walks")
    second = Paper(id="2401.00002", title="Graph kernels")
    library = _library(tmp_path, [first, second])
    library.search("quantum")
    twin = Paper(id="2401.00002", title="Quantum walks")
    assert not library.replace_paper(first, twin)  # its id names the second paper
    stranger = Paper(id="2409.00009", title="Elsewhere")
    assert not library.replace_paper(stranger, Paper(id="2409.00010", title="Elsewhere"))
    assert library.papers == [first, second]
    assert list(library.search("quantum").indices) == [0]


def _found(papers: list[Paper], query: str) -> list[int]:
    """Hits in the index's own order (best first, equal scores in library order)."""
    return list(_engine(papers).search(query, NoFilters(), len(papers)).indices)


def test_typos_allowed_grow_with_the_word_length() -> None:
    papers = [
        Paper(id="2401.00001", title="Learning to rank"),
        Paper(id="2401.00002", title="Graph kernels"),
        Paper(id="2401.00003", title="Cat videos"),
        Paper(id="2401.00004", title="Diffusion models"),
    ]
    assert _found(papers, "lexrnimg") == [0]  # 8 letters: two typos
    assert _found(papers, "lexrnim") == []  # 7 letters: one typo only
    assert _found(papers, "lexrning") == [0]
    assert _found(papers, "grah") == [1]  # 4 letters: one typo
    assert _found(papers, "cst") == []  # 3 letters: none
    assert _found(papers, "grahp") == [1]  # a transposition is one typo


def test_a_typo_does_not_match_the_start_of_a_longer_word() -> None:
    papers = [Paper(id="2401.00001", title="Modelling oceans")]
    assert _found(papers, "mode") == [0]  # a prefix
    assert _found(papers, "modl") == []  # a typo of "mode", but no word is "mode"


def test_short_words_are_prefixes_in_titles_only() -> None:
    papers = [
        Paper(id="2401.00001", title="Kernels", abstract="graphs of graphs"),
        Paper(id="2401.00002", title="Graph kernels"),
        Paper(id="2401.00003", title="Trees", abstract="a gr b", authors=("Gr Smith",)),
    ]
    assert _found(papers, "gr") == [1, 2]  # 1 by its title prefix, 2 by the whole word
    assert _found(papers, "gra") == [1, 0]  # three letters are prefixes everywhere


def test_a_field_word_of_one_tier_or_two() -> None:
    papers = [
        Paper(id="2401.00001", title="Graph kernels", abstract="graph"),
        Paper(id="2401.00002", title="Graphs", abstract="kernels"),
    ]
    assert _found(papers, "ti:'graph") == [0]  # exact: one tier in one field
    assert _found(papers, "ti:gra") == [0, 1]  # a prefix (three letters: no typo tier)
    assert _found(papers, "abs:'graph") == [0]


def test_a_prefix_ranks_above_a_typo() -> None:
    papers = [
        Paper(id="2401.00001", title="Trams in cities"),
        Paper(id="2401.00002", title="Transformers in cities"),
    ]
    assert _found(papers, "trans") == [1, 0]


def test_only_a_typo_tolerant_word_earns_the_title_start_bonus() -> None:
    papers = [
        Paper(id="2401.00001", title="Deep graph"),
        Paper(id="2401.00002", title="Graph deep"),
    ]
    assert _found(papers, "'graph") == [0, 1]  # exact words: equal, in library order
    assert _found(papers, "graph") == [1, 0]  # the title starting with it first


def test_a_phrase_keeps_its_repeated_words_and_their_order() -> None:
    papers = [
        Paper(id="2401.00001", title="Graph of trees"),
        Paper(id="2401.00002", title="Graph of graph networks"),
        Paper(id="2401.00003", title="Kernels", abstract="networks of graph of graph"),
        Paper(id="2401.00004", title="Graph kernels"),
    ]
    assert _found(papers, '"graph of graph"') == [1, 2]  # the title first
    assert _found(papers, '"graph kernels"') == [3]
    assert _found(papers, '"kernels graph"') == []
    assert _found(papers, 'abs:"graph of graph"') == [2]
    assert _found(papers, 'ti:"graph of graph"') == [1]


def test_a_one_word_phrase_is_an_exact_word() -> None:
    papers = [
        Paper(id="2401.00001", title="Graphs"),
        Paper(id="2401.00002", title="Graph kernels"),
    ]
    assert _found(papers, '"graph"') == [1]
    assert _found(papers, "graph-kern") == [1]  # joined words are words, not a phrase


def _terms(query: str) -> tuple[TermMatch, ...]:
    papers = [Paper(id="2401.00001", title="Graph kernels")]
    return _engine(papers).search(query, NoFilters(), 1).terms


def test_what_each_kind_of_word_highlights() -> None:
    assert _terms('"graph kernels"') == (
        TermMatch("graph", prefix=False),
        TermMatch("kernels", prefix=False),
    )
    assert _terms("'kernels") == (TermMatch("kernels", prefix=False, typos=0),)
    assert _terms("^graph") == (TermMatch("graph", prefix=True, typos=0),)
    assert _terms("kernels") == (TermMatch("kernels", prefix=True, typos=1),)
    assert _terms("kernels -graph") == (TermMatch("kernels", prefix=True, typos=1),)


def test_the_scan_highlights_no_negated_word() -> None:
    papers = [Paper(id="2401.00001", title="Graph kernels")]
    *_, last = scan_search(papers, "kernels -trees", NoFilters())
    assert last.terms == (TermMatch("kernels", prefix=True),)
    assert list(last.indices) == [0]


def _tail_engine(path: Path) -> tuple[SearchEngine, list[Paper]]:
    papers = [Paper(id=f"2401.0000{n}", title=f"Paper {word}") for n, word in enumerate("abc")]
    engine = SearchEngine(path)
    engine.add(enumerate(papers))
    engine.close()
    return engine, papers


def test_set_tail_replaces_the_papers_after_base(tmp_path: Path) -> None:
    engine, papers = _tail_engine(tmp_path / "index")
    annotated = [
        Paper(id="1999.00001", title="Kept quasar"),
        Paper(id="1999.00002", title="Kept pulsar"),
    ]
    engine.set_tail(2, annotated)  # the same count + 1, other papers
    assert engine.indexed_count() == 4
    assert [engine.paper(n) for n in range(4)] == [*papers[:2], *annotated]
    assert list(engine.search("quasar", NoFilters(), 4).indices) == [2]
    assert list(engine.search("pulsar", NoFilters(), 4).indices) == [3]
    assert list(engine.search("c", NoFilters(), 4).indices) == []  # "Paper c" is gone
    engine.set_tail(3, [annotated[1]])  # the count is right, one id is not
    assert engine.indexed_count() == 4
    assert engine.paper(2) == annotated[0] and engine.paper(3) == annotated[1]
    engine.set_tail(2, [papers[2]])
    assert engine.indexed_count() == 3 and engine.paper(2) == papers[2]


def test_set_tail_writes_nothing_when_the_tail_is_already_there(tmp_path: Path) -> None:
    engine, papers = _tail_engine(tmp_path / "index")
    engine.set_tail(1, [papers[1], papers[2]])
    other = SearchEngine(tmp_path / "index")  # a second window writing the same index
    other.add([(3, Paper(id="2409.00001", title="Late"))])
    try:
        engine.set_tail(1, [papers[1], papers[2]])  # no writer needed: not IndexBusy
        engine.set_tail(3, [])
        with pytest.raises(IndexBusy):
            engine.set_tail(2, [papers[1]])
    finally:
        other.close()
