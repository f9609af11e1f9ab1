"""An index over papers the library holds in memory keeps no copy of them.

Storing each paper in tantivy's document store costs a third of a build's CPU; only a
library that keeps just its list's columns (PaperTable, from LAZY_FROM papers) reads papers
back from the index, so only its index stores them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reader.core import index_cache
from reader.core import library as library_module
from reader.core.annotations import AnnotationStore
from reader.core.library import Library, open_library
from reader.core.models import Paper
from reader.core.paper_table import PaperTable
from reader.core.search.engine import SearchEngine

PAPERS = [
    Paper(id="2401.00001", title="TinyStories for small models", abstract="Children's tales"),
    Paper(id="2401.00002", title="tiny stories, told again", abstract="A retelling"),
    Paper(id="2401.00003", title="Gluon jets at the LHC", abstract="Hadron showers"),
]


def _stored(engine: SearchEngine) -> list[object]:
    """What each document holds in the document store's ``data`` field, in list order."""
    searcher = engine.index.searcher()
    hits = searcher.search(engine.index.parse_query("*"), 100, order_by_field="doc").hits
    return [searcher.doc(address).get_first("data") for _, address in hits]


def test_an_index_over_papers_in_memory_stores_none_of_them() -> None:
    engine = SearchEngine(None, PAPERS)
    engine.add(enumerate(PAPERS))
    assert _stored(engine) == [None, None, None]
    assert engine.paper(2) is PAPERS[2]  # read from the list
    assert engine.paper(3) is None
    assert engine.paper(-1) is None
    assert list(engine.search("gluon", {}, 3).indices) == [2]  # type: ignore[arg-type]


def test_an_index_without_the_list_stores_every_paper() -> None:
    engine = SearchEngine(None)
    engine.add(enumerate(PAPERS))
    assert all(isinstance(data, bytes) for data in _stored(engine))
    assert engine.paper(2) == PAPERS[2]  # read back from the document store
    assert engine.paper(3) is None


@pytest.mark.parametrize("memory", [PAPERS, None], ids=["in memory", "stored"])
def test_smart_case_reads_the_candidates_text_either_way(memory: list[Paper] | None) -> None:
    engine = SearchEngine(None, memory)
    engine.add(enumerate(PAPERS))
    assert list(engine.search("Stories", {}, 3).indices) == [0]  # type: ignore[arg-type]
    assert list(engine.search("stories", {}, 3).indices) == [0, 1]  # type: ignore[arg-type]


@pytest.mark.parametrize("memory", [PAPERS, None], ids=["in memory", "stored"])
def test_a_resumed_build_recognises_its_papers_by_id(memory: list[Paper] | None) -> None:
    engine = SearchEngine(None, memory)
    engine.add(enumerate(PAPERS[:2]))
    assert engine.holds(2, PAPERS)
    assert engine.holds(1, PAPERS)
    assert not engine.holds(2, [PAPERS[0], PAPERS[2]])  # the last committed one differs
    assert not engine.holds(2, [PAPERS[1], PAPERS[0]])  # the first differs
    assert not engine.holds(3, PAPERS[:2])  # more committed than listed


def test_a_changed_tail_is_written_and_an_unchanged_one_is_not() -> None:
    engine = SearchEngine(None, PAPERS)
    engine.add(enumerate(PAPERS[:2]))
    engine.set_tail(2, PAPERS[2:])
    assert engine.indexed_count() == 3
    assert list(engine.search("gluon", {}, 3).indices) == [2]  # type: ignore[arg-type]
    before = engine.index.searcher().num_segments
    engine.set_tail(2, PAPERS[2:])  # the same tail: nothing written
    assert engine.index.searcher().num_segments == before


def _rows(count: int) -> str:
    rows = [
        {"id": f"2403.{n:05d}", "title": f"Study {n} of GluonJets", "abstract": f"Abstract {n}"}
        for n in range(count)
    ]
    return "".join(json.dumps(row) + "\n" for row in rows)


def _opened_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lazy_from: int) -> Library:
    """Open a file of 20 papers, build its index, and open it again (from the cache)."""
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)
    monkeypatch.setattr(index_cache, "LAZY_FROM", lazy_from)
    source = tmp_path / "a.jsonl"
    source.write_text(_rows(20))
    first = open_library([source], tmp_path / "db.json")
    assert isinstance(first.papers, list)  # parsed: every paper in memory this time
    engine = first.build_index()
    assert engine.memory is first.papers  # this launch reads papers from its list
    assert engine.store is (lazy_from <= 20)  # stored only for a launch keeping columns
    assert first.cache_key is not None
    stored = _stored(SearchEngine(index_cache.index_dir(first.cache_key)))
    assert len(stored) == 20
    again = open_library([source], tmp_path / "db.json")
    assert again.from_cache
    assert list(again.search("Gluon 7").indices) == [7]
    assert again.papers[7].abstract == "Abstract 7"
    return again


def test_a_cached_file_below_lazy_from_keeps_its_papers_out_of_its_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    again = _opened_twice(tmp_path, monkeypatch, lazy_from=30)
    assert isinstance(again.papers, list)  # the list from the cache entry
    assert again.cache_key is not None
    assert _stored(SearchEngine(index_cache.index_dir(again.cache_key))) == [None] * 20


def test_a_cached_file_from_lazy_from_stores_its_papers_for_the_next_launch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    again = _opened_twice(tmp_path, monkeypatch, lazy_from=10)
    assert isinstance(again.papers, PaperTable)  # only the columns: the rest in the index
    assert again.cache_key is not None
    stored = _stored(SearchEngine(index_cache.index_dir(again.cache_key)))
    assert all(isinstance(data, bytes) for data in stored)


def test_a_library_of_exactly_lazy_from_papers_stores_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    again = _opened_twice(tmp_path, monkeypatch, lazy_from=20)  # its cache keeps columns
    assert isinstance(again.papers, PaperTable)


def test_an_index_in_memory_reads_the_list_whatever_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_cache, "LAZY_FROM", 2)
    library = Library(list(PAPERS), AnnotationStore.open(tmp_path / "db.json"), "test")
    engine = library.build_index()
    assert engine.path is None and engine.memory is library.papers
    assert _stored(engine) == [None, None, None]


def test_an_emptied_index_keeps_reading_from_the_list(tmp_path: Path) -> None:
    engine = SearchEngine.fresh(tmp_path / "index", PAPERS)
    assert engine.memory is PAPERS
    engine.add(enumerate(PAPERS))
    assert _stored(engine) == [None, None, None]


TYPOS = [
    Paper(id="2401.00011", title="Transformer circuits", abstract="Attention heads"),
    Paper(id="2401.00012", title="transformer circuits, lower case", abstract="More heads"),
    Paper(id="2401.00013", title="Agent swarms", abstract="Many agents"),
]


@pytest.mark.parametrize("memory", [TYPOS, None], ids=["in memory", "stored"])
def test_a_capitalised_typo_still_finds_its_word(memory: list[Paper] | None) -> None:
    """Smart case turns away the word in another case, not typo matches: a tester's
    ``Alpah`` found nothing while ``alpah`` found 20,000 papers."""
    engine = SearchEngine(None, memory)
    engine.add(enumerate(TYPOS))

    def found(query: str) -> list[int]:
        return sorted(engine.search(query, {}, 3).indices)  # type: ignore[arg-type]

    assert found("Transfomer") == [0, 1]  # a misspelt word: found in any case
    assert found("trasnformer") == [0, 1]
    assert found("Transformer") == [0]  # as typed: the lower-case title is turned away
    assert found("Agnet") == [2]
    assert found("AGENT") == []  # the word is there, in another case


@pytest.mark.parametrize("memory", [True, False], ids=["in memory", "stored"])
def test_a_number_in_a_capitalised_query_has_no_case_to_match(memory: bool) -> None:
    # "GPT-4" asks for GPT as typed; 4 has no case, and the index keeps only words as
    # written that have a capital: 4 must not be looked for there.
    papers = [Paper(id="2401.00021", title="GPT-4 in practice", abstract="Evaluated in-2024")]
    engine = SearchEngine(None, papers if memory else None)
    engine.add(enumerate(papers))
    for query in ("GPT-4", "GPT 4", "Evaluated-2024", "gpt-4", "'GPT-4", '"GPT-4 in"'):
        assert list(engine.search(query, {}, 1).indices) == [0], query  # type: ignore[arg-type]
    assert list(engine.search("Gpt-4", {}, 1).indices) == []  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(
    word=st.from_regex(r"[A-Za-z][a-z]{0,4}[A-Z]?[a-z]{0,3}", fullmatch=True),
    before=st.text(alphabet="aB2_ -éÉ\n", max_size=6),
    after=st.text(alphabet="aB2_ -éÉ\n", max_size=6),
    flips=st.lists(st.booleans(), max_size=10),
    stored=st.booleans(),
)
def test_smart_case_keeps_a_paper_with_the_word_as_typed_or_not_in_another_case(
    word: str, before: str, after: str, flips: list[bool], stored: bool
) -> None:
    """Smart case is a query on the index's words as written (title, abstract, authors and
    their camelCase parts): a paper found by the word in any case is kept if one of its
    words starts with it as typed, or none starts with it in another case."""
    assume(not word.islower())
    flips += [False] * len(word)
    variant = "".join(c.swapcase() if flip else c for c, flip in zip(word, flips, strict=False))
    paper = Paper(id="2401.00001", title="T", abstract=f"{before}{variant}{after}")
    engine = SearchEngine(None, None if stored else [paper])
    engine.add([(0, paper)])
    text = f"{paper.title}\n{paper.abstract}"
    words = re.findall(r"[^\W_]+", text)
    words += [part for found in words for part in re.split("(?<=[a-z])(?=[A-Z])", found)]
    as_typed = any(found.startswith(word) for found in words)
    other_case = any(found.lower().startswith(word.lower()) for found in words)
    in_any_case = list(engine.search(word.lower(), {}, 1).indices)  # type: ignore[arg-type]
    expected = in_any_case if as_typed or not other_case else []
    assert list(engine.search(word, {}, 1).indices) == expected  # type: ignore[arg-type]


def test_an_index_reopened_from_disk_indexes_and_finds_words_as_written(tmp_path: Path) -> None:
    # tantivy keeps no tokenizer on disk: each open registers the cased field's again.
    first = SearchEngine(tmp_path / "index")
    first.add(enumerate(TYPOS[:2]))
    first.close()
    again = SearchEngine(tmp_path / "index")
    again.add([(2, TYPOS[2])])
    again.close()
    engine = SearchEngine(tmp_path / "index")

    def found(query: str) -> list[int]:
        return sorted(engine.search(query, {}, 3).indices)  # type: ignore[arg-type]

    assert found("Transformer") == [0] and found("Agent") == [2] and found("AGENT") == []


@pytest.mark.parametrize("memory", [True, False], ids=["in memory", "stored"])
def test_smart_case_where_a_capital_lowers_to_two_characters(memory: bool) -> None:
    # "İ".lower() is two characters: the lowered text's places are not the text's, so the
    # check goes word by word there.
    papers = [
        Paper(id="2401.00031", title="İstanbul Model zoo", abstract="TinyModels"),
        Paper(id="2401.00032", title="İstanbul model zoo", abstract="small models"),
        Paper(id="2401.00033", title="İzmir tinyMODEL", abstract="x"),
    ]
    engine = SearchEngine(None, papers if memory else None)
    engine.add(enumerate(papers))

    def found(query: str) -> list[int]:
        return sorted(engine.search(query, {}, 3).indices)  # type: ignore[arg-type]

    assert found("model") == [0, 1, 2]
    assert found("Model") == [0]  # the second has it in lower case only, the third as MODEL
    assert found("MODEL") == [2]
    # The camelCase part of TinyModels; MODEL is a typo away, with no "models" in any case.
    assert found("Models") == [0, 2]
