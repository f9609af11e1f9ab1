"""`reader import` keeps the library's index on disk and adds to it; `reader similar`."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from reader.cli import main
from reader.core import library as library_module
from reader.core.changes import Change
from reader.core.library import open_library
from reader.core.models import Paper


def _snapshot(
    path: Path, start: int, count: int, extra: Sequence[Mapping[str, object]] = ()
) -> Path:
    topics = ["gluon jets", "protein folding", "robot grasping", "speech codecs", "graph kernels"]
    rows = [
        {
            "id": f"2403.{number:05d}",
            "title": f"Study {number} of {topics[number % len(topics)]}",
            "abstract": f"We study {topics[number % len(topics)]} in depth, case {number}.",
            "authors": "A. Author and B. Author",
            "categories": "hep-ph" if number % 2 else "cs.LG",
            "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
        }
        for number in range(start, start + count)
    ]
    path.write_text("\n".join(json.dumps(row) for row in [*rows, *extra]) + "\n")
    return path


def _count_fetches(table: object) -> list[int]:
    """Record the positions a PaperTable reads whole papers for from the index."""
    from reader.core.paper_table import PaperTable

    assert isinstance(table, PaperTable) and table.fetch is not None
    fetched: list[int] = []
    original = table.fetch

    def fetch(position: int) -> Paper | None:
        fetched.append(position)
        return original(position)

    table.fetch = fetch
    return fetched


def _imported_and_one_vanished(tmp_path: Path) -> tuple[Path, Paper]:
    """Import 30 papers, then mark read a paper no library file holds; return db and it."""
    from reader.core.annotations import AnnotationStore
    from reader.core.models import Status

    db = tmp_path / "db.json"
    assert main(["import", str(_snapshot(tmp_path / "a.jsonl", 0, 30)), "--db", str(db)]) == 0
    gone = Paper(id="1999.99999", title="A vanished paper on zebras", title_key="zebra-key")
    store = AnnotationStore.open(db)
    store.apply_delta(Change(gone.id, gone.title, gone.title_key, status=Status.READ))
    return db, gone


@pytest.fixture
def cache_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)


def test_import_builds_the_index_then_adds_to_it(
    tmp_path: Path, cache_everything: None, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "db.json"
    first = _snapshot(tmp_path / "a.jsonl", 0, 30)
    assert main(["import", str(first)]) == 0
    assert "search index built: 30 new, 30 papers" in capsys.readouterr().out
    opened = open_library([], db)
    assert opened.from_cache and opened.index_ready and len(opened.papers) == 30
    assert Path(opened.papers[0].source).name == "a.jsonl"  # parsed once, at import

    again = {  # a paper already in the library, now with another category
        "id": "2403.00004",
        "title": "Study 4 of robot grasping",
        "abstract": "We study robot grasping in depth, case 4.",
        "authors": "C. Other",
        "categories": "cs.RO",
        "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
    }
    second = _snapshot(tmp_path / "b.jsonl", 30, 10, [again])
    assert main(["import", str(second)]) == 0
    assert "search index added to: 10 new, 40 papers" in capsys.readouterr().out
    library = open_library([], db)
    assert library.from_cache and len(library.papers) == 40

    def ids(query: str) -> list[str]:
        return sorted(library.papers[i].id for i in library.search(query).indices)

    assert ids("case 35") == ["2403.00035"]  # a new paper is searchable
    assert ids("cat:cs.RO") == ["2403.00004"]  # the merged paper was replaced in place
    assert ids("au:other") == ["2403.00004"]
    grasping = ids("grasping")  # eight papers plus the merged one, each listed once
    assert len(grasping) == len(set(grasping)) == 9 and "2403.00004" in grasping
    assert len(library.search("study").indices) == 40


def test_similar_command_lists_papers_like_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _snapshot(tmp_path / "a.jsonl", 0, 20)
    db = str(tmp_path / "db.json")
    assert main(["similar", "2403.00002", str(source), "--db", db, "-n", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "similar to: Study 2 of robot grasping"
    assert len(lines) == 4 and all("robot grasping" in line for line in lines[1:])
    assert not any(line.startswith("2403.00002 ") for line in lines[1:])
    assert main(["similar", "9999.99999", str(source), "--db", db]) == 2
    assert "no paper '9999.99999'" in capsys.readouterr().err


def test_a_huge_library_keeps_only_the_list_columns_in_memory(
    tmp_path: Path, cache_everything: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core import index_cache
    from reader.core.models import SortMode
    from reader.core.paper_table import PaperTable

    monkeypatch.setattr(index_cache, "LAZY_FROM", 10)
    source = _snapshot(tmp_path / "a.jsonl", 0, 30)
    db = tmp_path / "db.json"
    first = open_library([source], db)
    first.build_index()
    library = open_library([source], db)
    assert isinstance(library.papers, PaperTable) and library.from_cache
    fetched = _count_fetches(library.papers)
    assert len(library.papers) == 30 and library.papers.column("title")[7] == first.papers[7].title
    result = library.search("protein")
    shown = library.papers[result.indices[0]]  # read from the document store when shown
    assert "protein folding" in shown.abstract and shown == first.papers[result.indices[0]]
    assert fetched == [result.indices[0]]
    library.set_tags(shown, ("bio",))
    assert list(library.search("tag:bio").indices) == [result.indices[0]]
    for mode in (SortMode.DATE, SortMode.TITLE, SortMode.UPVOTES):
        library.sort = mode
        first.sort = mode
        assert list(library.search("study").indices) == list(first.search("study").indices)
    assert library.find("2403.00011") == first.papers[11]


def test_a_huge_library_lists_annotated_papers_it_lacks_once_and_searchable(
    tmp_path: Path, cache_everything: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core import index_cache
    from reader.core.annotations import AnnotationStore
    from reader.core.models import Paper, Status
    from reader.core.paper_table import PaperTable

    monkeypatch.setattr(index_cache, "LAZY_FROM", 10)
    db = tmp_path / "db.json"
    assert main(["import", str(_snapshot(tmp_path / "a.jsonl", 0, 30)), "--db", str(db)]) == 0
    store = AnnotationStore.open(db)
    gone = Paper(id="1999.99999", title="A vanished paper on zebras", title_key="zebra-key")
    store.apply_delta(Change(gone.id, gone.title, gone.title_key, status=Status.READ))
    inside = open_library([], db)
    store.apply_delta(Change(inside.papers[3].id, inside.papers[3].title, "", status=Status.READ))
    for _ in range(2):  # the second launch finds the tail already indexed
        library = open_library([], db)
        assert isinstance(library.papers, PaperTable) and len(library.papers) == 31
        assert library.papers[30].id == "1999.99999"
        assert [library.papers[i].id for i in library.search("zebras").indices] == ["1999.99999"]
        found = library.search("status:read")
        assert sorted(library.papers[i].id for i in found.indices) == ["1999.99999", "2403.00003"]


def test_import_while_another_reader_writes_the_index_says_so(
    tmp_path: Path, cache_everything: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.core import index_cache
    from reader.core.library_folder import library_files
    from reader.core.search.engine import SearchEngine

    assert main(["import", str(_snapshot(tmp_path / "a.jsonl", 0, 30))]) == 0
    key = index_cache.cache_key(library_files(), 0)
    assert key is not None
    path = index_cache.index_dir(key)
    assert path is not None
    other = SearchEngine(path)
    other._get_writer()  # another window holds the index's writer
    capsys.readouterr()
    assert main(["import", str(_snapshot(tmp_path / "b.jsonl", 30, 5))]) == 0
    assert "another reader is building the library's index" in capsys.readouterr().err
    other.close()
    library = open_library([], tmp_path / "db.json")  # parsed and indexed again, complete
    library.build_index()
    assert len(library.papers) == 35 and len(library.search("study").indices) == 35


@pytest.mark.parametrize("lazy", [False, True], ids=["list in memory", "columns only"])
def test_an_import_after_a_launch_keeps_the_annotated_papers_the_library_lacks(
    tmp_path: Path, cache_everything: None, monkeypatch: pytest.MonkeyPatch, lazy: bool
) -> None:
    """A launch indexes annotated papers the files lack after the files' papers; the next
    import's papers take those positions.  Before, the old documents stayed: a search for
    the annotated paper also listed the new paper at its old position and, in a library
    keeping only its columns, the annotated paper was taken as listed and vanished."""
    from reader.core import index_cache

    if lazy:
        monkeypatch.setattr(index_cache, "LAZY_FROM", 10)
    db, gone = _imported_and_one_vanished(tmp_path)
    library = open_library([], db)
    assert [library.papers[i].id for i in library.search("zebras").indices] == [gone.id]
    assert main(["import", str(_snapshot(tmp_path / "b.jsonl", 30, 10)), "--db", str(db)]) == 0
    library = open_library([], db)
    assert len(library.papers) == 41 and library.papers[40].id == gone.id
    assert [library.papers[i].id for i in library.search("zebras").indices] == [gone.id]
    assert [library.papers[i].id for i in library.search("case 30").indices] == ["2403.00030"]
    assert sorted(library.papers[i].id for i in library.search("status:read").indices) == [gone.id]


def test_in_library_on_a_huge_library_reads_no_paper_from_the_index(
    tmp_path: Path, cache_everything: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``in:library`` read every paper's source: 3.3 s on a tester's 165,000 papers, each
    read from the document store.  The columns are the files' papers; only the annotated
    papers after them are looked at."""
    from reader.core import index_cache
    from reader.core.paper_table import PaperTable

    monkeypatch.setattr(index_cache, "LAZY_FROM", 10)
    db, gone = _imported_and_one_vanished(tmp_path)
    library = open_library([], db)
    assert isinstance(library.papers, PaperTable)
    fetched = _count_fetches(library.papers)
    assert [paper.id for paper in library.papers.extra] == [gone.id]
    assert list(library.search("-in:library").indices) == [30]
    assert sorted(library.search("in:library").indices) == list(range(30))
    assert fetched == []


def test_an_import_that_grows_a_launch_built_library_past_lazy_from_keeps_every_paper(
    tmp_path: Path, cache_everything: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A launch indexes a library under LAZY_FROM reading papers from its list (none are
    stored).  An import growing it past LAZY_FROM made a columns-only entry whose next
    launch read the old papers back from the index: empty abstracts.  The import now
    builds such an index again, with the papers."""
    import os

    from reader.core import index_cache
    from reader.core.paper_table import PaperTable

    folder = Path(os.environ["READER_LIBRARY"])  # conftest
    folder.mkdir(parents=True, exist_ok=True)
    _snapshot(folder / "a.jsonl", 0, 30)  # put in the library folder by hand
    monkeypatch.setattr(index_cache, "LAZY_FROM", 35)
    db = tmp_path / "db.json"
    first = open_library([], db)
    assert isinstance(first.papers, list) and not first.build_index().store
    assert main(["import", str(_snapshot(tmp_path / "b.jsonl", 30, 10)), "--db", str(db)]) == 0
    library = open_library([], db)
    assert isinstance(library.papers, PaperTable) and len(library.papers) == 40
    assert library.papers[3].abstract == "We study speech codecs in depth, case 3."
    assert library.papers[35].abstract == "We study gluon jets in depth, case 35."
    assert [library.papers[i].id for i in library.search("case 3").indices][:1] == ["2403.00003"]
