"""index_library: full builds, resumed builds, additions, progress and refusals (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core import index_cache
from reader.core import library as library_module
from reader.core.library_index import IndexUpdate, index_library
from reader.core.search.engine import SearchEngine
from reader.core.sources import parse_file
from tests.core.test_library_index import _snapshot


@pytest.fixture
def cache_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)


class Progress:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))


def indexed(key: str) -> int:
    path = index_cache.index_dir(key)
    engine = SearchEngine(path)
    try:
        return engine.indexed_count()
    finally:
        engine.close()


def test_a_small_library_keeps_no_index(tmp_path: Path) -> None:
    small = _snapshot(tmp_path / "a.jsonl", 0, 5)
    assert index_library([], [small]) is None
    assert index_cache.cache_key([small], 0) is not None
    assert index_cache.load(index_cache.cache_key([small], 0) or "") is None


def test_a_full_build_reports_progress_and_is_not_repeated(
    tmp_path: Path, cache_everything: None
) -> None:
    first = _snapshot(tmp_path / "a.jsonl", 0, 30)
    progress = Progress()
    assert index_library([], [first], progress) == IndexUpdate(30, 0, 30, False)
    assert progress.calls and progress.calls[-1] == (30, 30)
    assert all(total == 30 for _, total in progress.calls)
    key = index_cache.cache_key([first], 0)
    assert key is not None and indexed(key) == 30
    loaded = index_cache.load(key)
    assert loaded is not None and len(loaded[0]) == 30
    assert index_library([], [first], progress) is None  # already current


def test_a_build_cut_short_resumes_where_it_stopped(tmp_path: Path, cache_everything: None) -> None:
    first = _snapshot(tmp_path / "a.jsonl", 0, 30)
    key = index_cache.cache_key([first], 0)
    assert key is not None
    papers = parse_file(first).papers
    engine = SearchEngine(index_cache.index_dir(key))
    engine.add(enumerate(papers[:12]))
    engine.close()
    progress = Progress()
    assert index_library([], [first], progress) == IndexUpdate(18, 0, 30, False)
    assert progress.calls[0][0] > 12 and progress.calls[-1] == (30, 30)
    assert indexed(key) == 30


def test_an_index_of_other_papers_is_rebuilt(tmp_path: Path, cache_everything: None) -> None:
    first = _snapshot(tmp_path / "a.jsonl", 0, 30)
    key = index_cache.cache_key([first], 0)
    assert key is not None
    others = parse_file(_snapshot(tmp_path / "other.jsonl", 500, 5)).papers
    engine = SearchEngine(index_cache.index_dir(key))
    engine.add(enumerate(others))
    engine.close()
    assert index_library([], [first]) == IndexUpdate(30, 0, 30, False)
    assert indexed(key) == 30


def test_files_that_cannot_be_used_leave_no_index(tmp_path: Path, cache_everything: None) -> None:
    good = _snapshot(tmp_path / "a.jsonl", 0, 30)
    binary = tmp_path / "b.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    assert index_library([], [good, binary]) is None
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    assert index_library([], [empty]) is None
    key = index_cache.cache_key([good, binary], 0)
    assert key is not None and index_cache.load(key) is None


def test_added_files_are_added_to_the_previous_index(
    tmp_path: Path, cache_everything: None
) -> None:
    first = _snapshot(tmp_path / "a.jsonl", 0, 30)
    assert index_library([], [first]) == IndexUpdate(30, 0, 30, False)
    again = {
        "id": "2403.00004",
        "title": "Study 4 of robot grasping",
        "abstract": "We study robot grasping in depth, case 4.",
        "authors": "C. Other",
        "categories": "cs.RO",
        "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
    }
    second = _snapshot(tmp_path / "b.jsonl", 30, 10, [again])
    progress = Progress()
    update = index_library([first], [first, second], progress)
    assert update == IndexUpdate(10, 1, 40, True)
    assert progress.calls[-1] == (11, 11)
    assert all(total == 11 for _, total in progress.calls)
    assert [done for done, _ in progress.calls] == sorted(done for done, _ in progress.calls)
    key = index_cache.cache_key([first, second], 0)
    assert key is not None and indexed(key) == 40
    old_key = index_cache.cache_key([first], 0)
    assert old_key is not None and index_cache.load(old_key) is None  # moved, not copied


def test_files_parsed_at_import_are_not_read_again(tmp_path: Path, cache_everything: None) -> None:
    first = _snapshot(tmp_path / "a.jsonl", 0, 30)
    index_library([], [first])
    second = _snapshot(tmp_path / "b.jsonl", 30, 10)
    parsed = {second: parse_file(_snapshot(tmp_path / "c.jsonl", 100, 3))}
    assert index_library([first], [first, second], parsed=parsed) == IndexUpdate(3, 0, 33, True)
    key = index_cache.cache_key([first, second], 0)
    loaded = index_cache.load(key or "")
    assert loaded is not None
    assert [paper.id for paper in loaded[0]][-3:] == ["2403.00100", "2403.00101", "2403.00102"]


def test_a_first_build_uses_files_parsed_at_import(tmp_path: Path, cache_everything: None) -> None:
    first = _snapshot(tmp_path / "a.jsonl", 0, 30)
    parsed = {first: parse_file(_snapshot(tmp_path / "c.jsonl", 100, 4))}
    progress = Progress()
    assert index_library([], [first], progress, parsed) == IndexUpdate(4, 0, 4, False)
    assert progress.calls[-1] == (4, 4)


def test_without_the_old_index_the_whole_library_is_built(
    tmp_path: Path, cache_everything: None
) -> None:
    first = _snapshot(tmp_path / "a.jsonl", 0, 30)
    second = _snapshot(tmp_path / "b.jsonl", 30, 10)
    assert index_library([first], [first, second]) == IndexUpdate(40, 0, 40, False)
