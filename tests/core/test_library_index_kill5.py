"""import_and_index and index_library: the folder, one pass per file, notes, progress, errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from reader.core import index_build, index_cache, library_index
from reader.core import library as library_module
from reader.core.formats.common import SourceError
from reader.core.library_folder import library_files
from reader.core.library_index import IndexUpdate, import_and_index, index_library
from reader.core.models import Paper
from reader.core.search.engine import Batch, SearchEngine
from reader.core.sources import PaperStream, parse_file
from tests.core.test_library_index import _snapshot


@pytest.fixture
def cache_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)


class Calls:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))


def _warnings(paths: list[Path]) -> list[str]:
    key = index_cache.cache_key(paths, 0)
    loaded = index_cache.load(key or "")
    assert loaded is not None
    return loaded[1]


@pytest.mark.usefixtures("cache_everything")
def test_import_into_a_given_folder_makes_it_and_adds_to_its_index(tmp_path: Path) -> None:
    folder = tmp_path / "not" / "yet" / "library"
    first = _snapshot(tmp_path / "a.jsonl", 0, 30)
    result = import_and_index([first], folder=folder)
    assert result.files == [(first, folder / "a.jsonl", 30)] and result.busy is False
    assert result.update == IndexUpdate(30, 0, 30, False)
    second = _snapshot(tmp_path / "b.jsonl", 30, 5)
    result = import_and_index([second], folder=folder)
    assert result.update == IndexUpdate(5, 0, 35, True)  # the folder's index, added to
    assert library_files(folder) == [folder / "a.jsonl", folder / "b.jsonl"]
    assert library_files() == []  # the default library is left alone


@pytest.mark.usefixtures("cache_everything")
def test_an_import_reads_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    passes: list[Path] = []
    original = PaperStream.__iter__

    def counted(self: PaperStream) -> Iterator[Paper]:
        passes.append(self.path)
        return original(self)

    monkeypatch.setattr(PaperStream, "__iter__", counted)
    first = _snapshot(tmp_path / "a.jsonl", 0, 30)
    second = _snapshot(tmp_path / "b.jsonl", 30, 5)
    result = import_and_index([first, second])
    assert result.update == IndexUpdate(35, 0, 35, False)
    assert passes == [first, second]  # indexed as read: not read again to count them


@pytest.mark.usefixtures("cache_everything")
def test_a_file_given_open_that_fails_part_way_raises_its_own_error(tmp_path: Path) -> None:
    bad = _snapshot(tmp_path / "bad.jsonl", 0, 30)
    stream = PaperStream(bad)  # sniffed while it was still text
    with bad.open("ab") as out:
        out.write(b"\x00\n")
    with pytest.raises(SourceError) as raised:
        index_library([], [bad], parsed={bad: stream})
    assert str(raised.value) == (f"{bad}: looks like a binary file (contains NUL bytes), not text")
    key = index_cache.cache_key([bad], 0)
    assert key is not None and index_cache.load(key) is None
    root = index_cache.own_root()
    assert root is not None and not (root / key).exists()  # the unfinished index is gone


def _latin1_with_a_bad_record(path: Path, start: int) -> Path:
    rows = [
        {"id": f"2403.{n:05d}", "title": f"Étude {n} des rayures", "abstract": "Zèbres."}
        for n in range(start, start + 3)
    ]
    lines = [json.dumps(row, ensure_ascii=False) for row in rows] + ['{"id": "2403.99999"}']
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    return path


@pytest.mark.usefixtures("cache_everything")
def test_the_notes_of_files_parsed_at_import_are_kept(tmp_path: Path) -> None:
    first = _latin1_with_a_bad_record(tmp_path / "a.jsonl", 0)
    second = _latin1_with_a_bad_record(tmp_path / "b.jsonl", 10)
    parsed = {first: parse_file(first), second: parse_file(second)}
    warnings = [parsed[path].warning or "" for path in (first, second)]
    assert warnings[0].startswith(f"{first}: not UTF-8; read as ")  # the encoding detected
    assert warnings[1].startswith(f"{second}: not UTF-8; read as ")
    assert index_library([], [first, second], parsed=parsed) == IndexUpdate(6, 0, 6, False)
    assert _warnings([first, second]) == [
        warnings[0],
        f"loaded 3 papers, skipped 1 from {first} (reader check {first} lists them)",
        warnings[1],
        f"loaded 3 papers, skipped 1 from {second} (reader check {second} lists them)",
    ]


@pytest.mark.usefixtures("cache_everything")
def test_progress_of_a_parsed_file_counts_its_papers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_build, "PROGRESS_EVERY", 1)
    first = _snapshot(tmp_path / "a.jsonl", 0, 4)
    progress = Calls()
    assert index_library([], [first], progress, {first: parse_file(first)}) is not None
    assert progress.calls == [(1, 4), (2, 4), (3, 4), (4, 4), (4, 4)]
    single = _snapshot(tmp_path / "b.jsonl", 10, 1)
    progress = Calls()
    update = index_library([first], [first, single], progress, {single: parse_file(single)})
    assert update == IndexUpdate(1, 0, 5, True)
    assert progress.calls == [(1, 1), (1, 1)]


@pytest.mark.usefixtures("cache_everything")
def test_the_build_writes_with_one_thread_and_the_builds_heap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[int | None, int | None]] = []
    original = SearchEngine.batch

    def batch(
        self: SearchEngine, heap: int | None = None, threads: int | None = None
    ) -> AbstractContextManager[Batch]:
        opened.append((heap, threads))
        return original(self, heap, threads)

    monkeypatch.setattr(SearchEngine, "batch", batch)
    first = _snapshot(tmp_path / "a.jsonl", 0, 30)
    assert index_library([], [first]) == IndexUpdate(30, 0, 30, False)
    assert opened == [(index_build.HEAP_BYTES, 1)]


@pytest.mark.usefixtures("cache_everything")
def test_a_huge_build_over_another_list_starts_afresh_and_merges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_cache, "LAZY_FROM", 1)  # papers live in the index
    monkeypatch.setattr(index_build, "RECENT", 1)
    again = {"id": "2403.00002", "title": "Study 2 of robot grasping", "authors": "C. Other"}
    first = _snapshot(tmp_path / "a.jsonl", 0, 30, [again])
    key = index_cache.cache_key([first], 0)
    assert key is not None
    engine = SearchEngine(index_cache.index_dir(key))  # an unfinished index of other papers
    engine.add(enumerate([Paper(id=f"9999.{n:05d}", title=f"Other {n}") for n in range(3)]))
    engine.close()
    progress = Calls()
    assert index_library([], [first], progress) == IndexUpdate(30, 0, 30, False)
    assert progress.calls[-1] == (31, 31)  # records read, the repeat too
    engine = SearchEngine(index_cache.index_dir(key))
    stored = engine.paper(2)
    engine.close()
    assert stored is not None and stored.authors == ("A. Author", "B. Author", "C. Other")


def test_a_failed_import_reports_its_error_when_a_copy_is_already_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def gone_then_failed(
        before: list[Path], after: list[Path], progress: object, parsed: object
    ) -> None:
        for path in after:  # another window removed the copy meanwhile
            path.unlink()
        raise SourceError(f"{after[0]}: cannot read (Input/output error)")

    monkeypatch.setattr(library_index, "index_library", gone_then_failed)
    source = _snapshot(tmp_path / "a.jsonl", 0, 3)
    copy = tmp_path / "library" / "a.jsonl"
    with pytest.raises(SourceError) as raised:
        import_and_index([source])
    assert str(raised.value) == f"{copy}: cannot read (Input/output error)"
    assert library_files() == []


@pytest.mark.usefixtures("cache_everything")
def test_progress_over_parsed_files_knows_the_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_build, "PROGRESS_EVERY", 1)
    paths = [_snapshot(tmp_path / name, start, count) for name, start, count in PARSED]
    progress = Calls()
    parsed = {path: parse_file(path) for path in paths}
    assert index_library([], paths, progress, parsed) == IndexUpdate(9, 0, 9, False)
    assert progress.calls == [
        (done, 9) for done in (1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 9, 9)
    ]  # each paper, then each file's end


PARSED = [("a.jsonl", 0, 2), ("b.jsonl", 10, 3), ("c.jsonl", 20, 4)]


def test_a_file_that_grew_after_opening_counts_as_read_whole(tmp_path: Path) -> None:
    path = _snapshot(tmp_path / "a.jsonl", 0, 3)
    feed = library_index._Feed(path, None)  # sized when opened
    with path.open("a") as out:
        out.write(path.read_text() * 2)  # then the file grew
    assert sum(1 for _ in feed.papers()) == 9
    assert feed.source.consumed > feed.weight()  # type: ignore[union-attr]
    assert feed.done() == 1.0


@pytest.mark.usefixtures("cache_everything")
def test_a_restarted_build_of_a_file_that_fails_part_way_raises_its_error(
    tmp_path: Path,
) -> None:
    good = _snapshot(tmp_path / "good.jsonl", 0, 30)
    bad = tmp_path / "bad.jsonl"
    with bad.open("wb") as out:  # readable at first; a NUL byte after the sniffed part
        out.write(good.read_bytes() * 40)
        out.write(b"\x00\n")
    key = index_cache.cache_key([bad], 0)
    assert key is not None
    engine = SearchEngine(index_cache.index_dir(key))  # an unfinished index of other papers
    engine.add(enumerate([Paper(id=f"9999.{n:05d}", title=f"Other {n}") for n in range(3)]))
    engine.close()
    with pytest.raises(SourceError) as raised:
        index_library([], [bad], parsed={bad: PaperStream(bad)})
    assert str(raised.value) == f"{bad}: looks like a binary file (contains NUL bytes), not text"
    root = index_cache.own_root()
    assert root is not None and not (root / key).exists()  # the restarted index is gone
