"""reader import streams papers into the index (LibraryBuilder): merges, resumes, refusals."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core import index_build, index_cache
from reader.core import library as library_module
from reader.core.formats.common import SourceError
from reader.core.index_build import LibraryBuilder, Mismatch
from reader.core.library import open_library
from reader.core.library_folder import library_files
from reader.core.library_index import IndexUpdate, import_and_index, index_library
from reader.core.models import Paper
from reader.core.paper_table import PaperTable
from reader.core.search.engine import SearchEngine
from reader.core.sources import PaperStream
from tests.core.test_library_index import _snapshot


@pytest.fixture
def cache_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)


def _record(number: int, **fields: object) -> dict[str, object]:
    return {
        "id": f"2403.{number:05d}",
        "title": f"Study {number} of zebra stripes",
        "abstract": f"Zebra stripes, case {number}.",
        "authors": "A. Author",
        "categories": "q-bio.PE",
        **fields,
    }


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def _ids(library_path: Path, query: str) -> list[str]:
    library = open_library([], library_path)
    return sorted(library.papers[i].id for i in library.search(query).indices)


def test_import_streams_a_file_merging_repeats_in_it_and_across_files(
    tmp_path: Path, cache_everything: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_cache, "LAZY_FROM", 5)  # papers live in the index
    monkeypatch.setattr(index_build, "RECENT", 1)  # a repeat further back is read back
    monkeypatch.setattr(index_build, "COMMIT_EVERY", 4)
    records = [_record(number) for number in range(12)]
    records.append(_record(2, authors="C. Other", categories="cs.CV"))  # committed before
    records.append(_record(11, authors="D. Late"))  # the last paper written, kept
    records.append({"title": "Study 7 of zebra stripes", "abstract": "", "authors": "E. T"})
    first = _write(tmp_path / "a.jsonl", records)
    result = import_and_index([first])
    assert result.files == [(first, library_files()[0], 15)]  # records read
    assert result.update == IndexUpdate(12, 0, 12, False) and not result.busy
    db = tmp_path / "db.json"
    library = open_library([], db)
    assert isinstance(library.papers, PaperTable) and len(library.papers) == 12
    assert _ids(db, "cat:cs.CV") == ["2403.00002"]  # merged and replaced in place
    assert _ids(db, "au:other") == ["2403.00002"] == _ids(db, "author:author cat:q-bio.PE au:C")
    assert _ids(db, "au:late") == ["2403.00011"]
    assert _ids(db, "au:E") == ["2403.00007"]  # the title-only record joined its paper
    assert len(library.search("zebra").indices) == 12

    second = _write(tmp_path / "b.jsonl", [_record(3, categories="cs.RO"), _record(40)])
    result = import_and_index([second])
    assert result.update == IndexUpdate(1, 1, 13, True)
    assert result.files[0][2] == 2
    assert _ids(db, "cat:cs.RO") == ["2403.00003"]
    assert _ids(db, "case 40") == ["2403.00040"]
    assert len(open_library([], db).search("zebra").indices) == 13


def test_a_title_shared_by_two_arxiv_papers_lists_both(
    tmp_path: Path, cache_everything: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_cache, "LAZY_FROM", 2)
    same = "Editorial on zebra stripes"
    source = _write(
        tmp_path / "a.jsonl",
        [_record(1, title=same), _record(2, title=same), {"title": same, "authors": "Z. Z"}],
    )
    assert import_and_index([source]).update == IndexUpdate(2, 0, 2, False)
    db = tmp_path / "db.json"
    assert _ids(db, "editorial") == ["2403.00001", "2403.00002"]
    assert _ids(db, "au:Z") == ["2403.00001"]  # a record without an id joins the first


def test_a_file_unusable_part_way_imports_nothing(tmp_path: Path, cache_everything: None) -> None:
    good = _snapshot(tmp_path / "good.jsonl", 0, 30)
    bad = tmp_path / "bad.jsonl"
    with bad.open("wb") as out:  # readable at first; a NUL byte after the sniffed part
        out.write(good.read_bytes() * 40)
        out.write(b"\x00\n")
    with pytest.raises(SourceError, match="binary"):
        import_and_index([good, bad])
    assert library_files() == []  # both copies made by this import were removed
    root = index_cache.own_root()
    assert root is not None and not any(root.glob("*/done.json"))


def test_a_file_already_in_the_library_stays_when_another_fails(
    tmp_path: Path, cache_everything: None
) -> None:
    good = _snapshot(tmp_path / "good.jsonl", 0, 30)
    import_and_index([good])
    empty = _write(tmp_path / "empty.jsonl", [{"id": "1", "abstract": "no title"}])
    with pytest.raises(SourceError, match="no papers found"):
        import_and_index([good, empty])
    assert [path.name for path in library_files()] == ["good.jsonl"]


def test_a_small_library_is_checked_and_counted_without_an_index(tmp_path: Path) -> None:
    source = _snapshot(tmp_path / "a.jsonl", 0, 3)
    result = import_and_index([source])
    assert result.update is None and result.files[0][2] == 3
    bad = _write(tmp_path / "bad.jsonl", [{"id": "1"}])
    with pytest.raises(SourceError):
        import_and_index([bad])
    assert [path.name for path in library_files()] == ["a.jsonl"]


def test_progress_estimates_the_total_from_the_bytes_read(
    tmp_path: Path, cache_everything: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_build, "PROGRESS_EVERY", 10)
    source = _snapshot(tmp_path / "a.jsonl", 0, 40)
    calls: list[tuple[int, int]] = []
    import_and_index([source], lambda done, total: calls.append((done, total)))
    assert [done for done, _ in calls] == [10, 20, 30, 40, 40]
    assert all(total >= done for done, total in calls)
    assert calls[-1] == (40, 40)


RESUME = """
import sys, time
from pathlib import Path
from reader.core import index_build, library
from reader.core.library_index import import_and_index
from reader.core.search.engine import SearchEngine

library.CACHE_FROM_BYTES = 0
index_build.COMMIT_EVERY = 50
original = SearchEngine._commit

def commit_then_hang(self, writer):
    original(self, writer)
    print("committed", flush=True)
    time.sleep(60)

SearchEngine._commit = commit_then_hang
import_and_index([Path(sys.argv[1])])
"""


def test_an_import_killed_midway_continues_at_the_next_import(
    tmp_path: Path, cache_everything: None
) -> None:
    source = _snapshot(tmp_path / "a.jsonl", 0, 120)
    script = tmp_path / "resume.py"
    script.write_text(RESUME)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    process = subprocess.Popen(
        [sys.executable, str(script), str(source)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "committed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    (copy,) = library_files()  # the copy stays: the library is usable
    key = index_cache.cache_key([copy], 0)
    assert key is not None and index_cache.load(key) is None  # not finished
    engine = SearchEngine(index_cache.index_dir(key))
    assert engine.indexed_count() == 50
    engine.close()
    result = import_and_index([source])  # the same file again: the build continues
    assert result.update == IndexUpdate(70, 0, 120, False)
    library = open_library([], tmp_path / "db.json")
    assert library.from_cache and len(library.papers) == 120
    assert len(library.search("study").indices) == 120  # each paper once
    assert [library.papers[i].id for i in library.search('"study 77 of"').indices] == ["2403.00077"]


def test_a_resume_over_another_list_starts_afresh(tmp_path: Path, cache_everything: None) -> None:
    first = _snapshot(tmp_path / "a.jsonl", 0, 30)
    key = index_cache.cache_key([first], 0)
    assert key is not None
    engine = SearchEngine(index_cache.index_dir(key))  # an unfinished index of other papers
    others = [Paper(id=f"9999.{n:05d}", title=f"Other {n}") for n in range(10)]
    engine.add(enumerate(others))
    engine.close()
    assert index_library([], [first]) == IndexUpdate(30, 0, 30, False)
    engine = SearchEngine(index_cache.index_dir(key))
    assert engine.indexed_count() == 30
    assert engine.paper(0) is not None and engine.paper(0).id == "2403.00000"  # type: ignore[union-attr]


def test_the_builder_checks_a_resumed_index_and_counts(tmp_path: Path) -> None:
    engine = SearchEngine(None)
    papers = [
        Paper(id=f"2403.{n:05d}", title=f"Paper {n}", arxiv_id=f"2403.{n:05d}") for n in range(4)
    ]
    engine.add(enumerate(papers[:3]))
    with engine.batch() as batch:
        builder = LibraryBuilder(engine, skip=3)
        builder.add_all(batch, papers)
        builder.finish(batch)
    assert builder.count == 4 and builder.added == 1 and engine.indexed_count() == 4
    with engine.batch() as batch:
        short = LibraryBuilder(engine, skip=4)
        short.add_all(batch, papers[:3])
        with pytest.raises(Mismatch):
            short.finish(batch)
    with engine.batch() as batch:
        other = LibraryBuilder(engine, skip=4)
        with pytest.raises(Mismatch):
            other.add(batch, Paper(id="1", title="Not the first"))
    engine.close()


def test_a_paper_stream_reads_lazily_and_reports_its_file(tmp_path: Path) -> None:
    records = [_record(n) for n in range(3000)] + [{"id": "x"}]
    path = _write(tmp_path / "a.jsonl", records)
    stream = PaperStream(path)
    assert stream.kind == "arxiv-jsonl" and stream.size == path.stat().st_size
    papers = iter(stream)
    next(papers)
    assert 0 < stream.consumed < stream.size  # one chunk read, not the whole file
    assert not stream.complete
    assert sum(1 for _ in papers) == 2999
    assert stream.complete and stream.count == 3000 and stream.consumed == stream.size
    assert stream.notes() == [
        f"loaded 3,000 papers, skipped 1 from {path} (reader check {path} lists them)"
    ]
    assert stream.check() == 3000  # already read through: not read again


def test_a_resume_checks_the_last_committed_paper_too(tmp_path: Path) -> None:
    engine = SearchEngine(None)
    papers = [
        Paper(id=f"2403.{n:05d}", title=f"Paper {n}", arxiv_id=f"2403.{n:05d}") for n in range(3)
    ]
    engine.add(enumerate([papers[0], Paper(id="1", title="Another")]))
    with engine.batch() as batch:
        builder = LibraryBuilder(engine, skip=2)
        builder.add(batch, papers[0])  # the first committed paper is the same
        with pytest.raises(Mismatch):
            builder.add(batch, papers[1])  # the last committed one is not
    engine.close()


def test_progress_of_a_large_file_estimates_its_papers_early(
    tmp_path: Path, cache_everything: None
) -> None:
    source = _write(tmp_path / "a.jsonl", [_record(n) for n in range(8000)])
    assert source.stat().st_size > 4 * 256 * 1024  # read in several chunks
    calls: list[tuple[int, int]] = []
    import_and_index([source], lambda done, total: calls.append((done, total)))
    done, total = calls[0]
    assert done == 1000 and 4000 <= total <= 12000  # about 8,000 from the bytes read
    assert calls[-1] == (8000, 8000)
