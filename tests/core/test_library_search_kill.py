"""LibrarySearch: find, the indexing header, titles and positions of a huge library, and
searching in memory when another window holds the index."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import tantivy

from reader.cli import main
from reader.core import index_cache
from reader.core import library as library_module
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.library import Library, open_library
from reader.core.models import Paper, Status
from reader.core.paper_table import PaperTable
from reader.core.search.documents import build_schema


def _library(tmp_path: Path) -> Library:
    papers = [
        Paper(id="2401.00001", title="Quantum walks on graphs"),
        Paper(id="Smith2020Graphs", title="Graph kernels revisited"),
        Paper(id="2401.00003", title="Arxiv: a study of preprints"),
    ]
    return Library(papers, AnnotationStore.open(tmp_path / "db.json"), "test")


def test_find_by_id_in_any_case_with_or_without_arxiv_prefix(tmp_path: Path) -> None:
    library = _library(tmp_path)
    assert library.find(" 2401.00001 ") is library.papers[0]
    assert library.find("arXiv:2401.00001") is library.papers[0]
    assert library.find("SMITH2020GRAPHS") is library.papers[1]
    assert library.find("smith2020graphs") is library.papers[1]


def test_find_by_title_start(tmp_path: Path) -> None:
    library = _library(tmp_path)
    assert library.find("graph KERNELS") is library.papers[1]
    assert library.find("kernels") is None


def test_a_tag_filter_reads_past_annotations_of_papers_not_listed(tmp_path: Path) -> None:
    library = _library(tmp_path)
    library.store.apply_delta(Change("1999.99999", "Elsewhere", add_tags=("bio",)))
    library.store.apply_delta(Change("2401.00003", "Arxiv: a study", add_tags=("bio",)))
    assert list(library.search("tag:bio").indices) == [2]
    *_, scanned = library.scan("tag:bi*")  # the plain scan reads the tags too
    assert list(scanned.indices) == [2]


def test_the_indexing_header(tmp_path: Path) -> None:
    library = Library(
        [Paper(id=f"2401.{n:05d}", title=f"Paper {n}") for n in range(100)],
        AnnotationStore.open(tmp_path / "db.json"),
        "test",
    )
    library.index_progress, library.indexed = 0.4, 40
    assert library.index_status() == "indexing 40%"  # no rate measured yet
    library._index_rate = 20.0
    assert library.index_status() == "indexing 40% · 20/s · 3 s left"
    library._index_rate = 0.5
    assert library.index_status() == "indexing 40% · 0/s · 120 s left"
    library.build_index()
    assert library.index_status() == ""


def _snapshot(path: Path, count: int) -> Path:
    rows = [
        {"id": f"2403.{n:05d}", "title": f"Study {n} of gluon jets", "abstract": f"Case {n}."}
        for n in range(count)
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    return path


@pytest.fixture
def huge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database whose library opens as a PaperTable, with an annotated paper it lacks."""
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)
    monkeypatch.setattr(index_cache, "LAZY_FROM", 10)
    monkeypatch.setenv("READER_CACHE", str(tmp_path / "cache"))
    db = tmp_path / "db.json"
    assert main(["import", str(_snapshot(tmp_path / "a.jsonl", 20)), "--db", str(db)]) == 0
    gone = Paper(id="1999.99999", title="A vanished paper on zebras", title_key="zebra-key")
    AnnotationStore.open(db).apply_delta(
        Change(gone.id, gone.title, gone.title_key, status=Status.READ)
    )
    return db


def test_titles_and_positions_of_a_huge_library(huge: Path) -> None:
    library = open_library([], huge)
    assert isinstance(library.papers, PaperTable)
    titles = list(library.titles())
    assert titles[:2] == ["Study 0 of gluon jets", "Study 1 of gluon jets"]
    assert titles[-1] == "A vanished paper on zebras" and len(titles) == 21
    assert library.position(library.papers[7]) == 7
    assert library.position(library.papers[20]) == 20
    assert library.position(Paper(id="2404.00001", title="Not here")) is None


def test_another_window_holding_the_index_means_searching_in_memory(huge: Path) -> None:
    library = open_library([], huge)
    assert isinstance(library.papers, PaperTable) and library.cache_key
    entry = index_cache.index_dir(library.cache_key)
    other = tantivy.Index(build_schema(), path=str(entry), reuse=True).writer()  # holds the lock
    answers: list[list[str]] = []

    def search() -> None:  # in a thread: the bug this pins was a deadlock
        for query in ("zebras", "study 3"):
            answers.append([library.papers[n].id for n in library.search(query).indices])

    worker = threading.Thread(target=search, daemon=True)
    worker.start()
    worker.join(60)
    del other
    assert not worker.is_alive(), "searching while another window holds the index hangs"
    assert answers[0] == ["1999.99999"] and answers[1][:1] == ["2403.00003"]
    assert library.cache_key is None  # this window no longer writes the cache
    engine = library.build_index()  # in memory, reading papers from the library's list
    assert engine.path is None and engine.memory is library.papers


def test_a_damaged_cached_index_is_rebuilt_and_cached_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)
    db = tmp_path / "db.json"
    assert main(["import", str(_snapshot(tmp_path / "a.jsonl", 5)), "--db", str(db)]) == 0
    library = open_library([], db)
    assert library.from_cache and library.cache_key
    index = index_cache.index_dir(library.cache_key)
    assert index is not None
    meta = index / "meta.json"
    settings = json.loads(meta.read_text())
    settings["index_settings"]["docstore_compression"] = "bogus"  # tantivy refuses it
    meta.write_text(json.dumps(settings))

    damaged = open_library([], db)
    assert damaged.from_cache  # the entry looked whole until the index opened
    assert len(damaged.search("gluon").indices) == 5
    assert not damaged.from_cache and damaged.index_ready
    assert damaged.build_index().memory is damaged.papers  # 5 papers: none stored again
    assert json.loads(meta.read_text())["index_settings"]["docstore_compression"] != "bogus"

    again = open_library([], db)  # the rebuilt entry is used from now on
    assert again.from_cache and len(again.search("gluon").indices) == 5 and again.from_cache
