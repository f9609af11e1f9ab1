"""LibrarySearch: filters most papers pass, the default count of similar papers, and a paper
replaced in a cached library (before its first query, or while another window holds it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tantivy

from reader.cli import main
from reader.core import index_cache
from reader.core import library as library_module
from reader.core.annotated import NOT_IN_LIBRARY
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.library import Library, open_library
from reader.core.models import Paper
from reader.core.paper_table import PaperTable
from reader.core.search.documents import build_schema

NEW = Paper(id="2401.99999", title="Zebrafish lattices", abstract="okapi migrations")


@pytest.fixture
def cache_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)


def _library(tmp_path: Path, papers: list[Paper]) -> Library:
    return Library(papers, AnnotationStore.open(tmp_path / "db.json"), "test")


def _cached(tmp_path: Path, sample_path: Path) -> Library:
    """The bundled sample opened a second time: from the cache, its index not yet opened."""
    source = tmp_path / "page.txt"
    source.write_bytes(sample_path.read_bytes())
    open_library([source], tmp_path / "db.json").build_index()
    library = open_library([source], tmp_path / "db.json")
    assert library.from_cache and library.index_ready and isinstance(library.papers, list)
    return library


def test_a_tag_most_papers_carry_lists_exactly_them(tmp_path: Path) -> None:
    papers = [Paper(id=f"2401.0000{n}", title=f"Paper {n}") for n in range(1, 4)]
    library = _library(tmp_path, papers)
    for paper in papers[:2]:
        library.store.apply_delta(Change(paper.id, paper.title, add_tags=("Bio",)))
    assert list(library.search("tag:bio").indices) == [0, 1]
    assert list(library.search("tag:BI*").indices) == [0, 1]
    assert list(library.search("-tag:bio").indices) == [2]
    assert library.index_ready  # answered by the index


def test_in_library_lists_the_papers_from_files_when_most_are(tmp_path: Path) -> None:
    papers = [
        Paper(id="2401.00001", title="Graph kernels"),
        Paper(id="2401.00002", title="Graph walks", source=NOT_IN_LIBRARY),
        Paper(id="2401.00003", title="Graph cuts"),
    ]
    library = _library(tmp_path, papers)
    assert list(library.search("in:library").indices) == [0, 2]
    assert list(library.search("-in:library").indices) == [1]


def test_similar_papers_default_to_fifty(tmp_path: Path) -> None:
    papers = [
        Paper(id=f"2401.{n:05d}", title=f"Quantum walks on graphs v{n}", abstract="quantum walks")
        for n in range(60)
    ]
    library = _library(tmp_path, papers)
    found = library.similar(papers[0])
    assert len(found) == 50 and papers[0] not in found
    assert len(library.similar_indices(papers[0])) == 50
    assert len(library.similar(papers[0], limit=100)) == 59


def test_a_paper_replaced_before_the_first_query_of_a_cached_library_is_searchable(
    tmp_path: Path, sample_path: Path, cache_everything: None
) -> None:
    library = _cached(tmp_path, sample_path)
    old = library.papers[3]
    assert library.replace_paper(old, NEW)
    assert library.papers[3] is NEW
    assert list(library.search("okapi").indices) == [3]
    assert list(library.search("id:2401.99999").indices) == [3]
    assert library.build_index().paper(3) == NEW


def test_a_paper_replaced_while_another_window_holds_the_index_is_searched_in_memory(
    tmp_path: Path, sample_path: Path, cache_everything: None
) -> None:
    library = _cached(tmp_path, sample_path)
    assert len(library.search("tiny").indices) > 0  # the cached index is open
    assert library.cache_key
    entry = index_cache.index_dir(library.cache_key)
    other = tantivy.Index(build_schema(), path=str(entry), reuse=True).writer()  # holds the lock
    try:
        assert library.replace_paper(library.papers[5], NEW)
    finally:
        del other
    assert library.papers[5] is NEW and library.cache_key is None
    assert list(library.search("zebrafish").indices) == [5]
    assert list(library.search("okapi").indices) == [5]
    assert len(library.papers) == 80


def test_a_huge_library_refuses_replacing_a_paper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_everything: None
) -> None:
    monkeypatch.setattr(index_cache, "LAZY_FROM", 10)
    rows = [{"id": f"2403.{n:05d}", "title": f"Study {n} of gluon jets"} for n in range(20)]
    snapshot = tmp_path / "a.jsonl"
    snapshot.write_text("".join(json.dumps(row) + "\n" for row in rows))
    db = tmp_path / "db.json"
    assert main(["import", str(snapshot), "--db", str(db)]) == 0
    library = open_library([], db)
    assert isinstance(library.papers, PaperTable)
    old = library.papers[4]
    assert not library.replace_paper(old, NEW)  # it changes at the next launch
    assert library.papers[4] == old
    assert list(library.search("okapi").indices) == []
