"""A damaged cache entry is discarded and rebuilt; the cache deletes only its own (9.13, 9.14)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from reader.core import index_cache
from reader.core import library as library_module
from reader.core.library import Library, open_library


@pytest.fixture
def cache_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)


def build(source: Path, db: Path) -> Library:
    library = open_library([source], db)
    library.build_index()
    return library


def only_entry() -> Path:
    root = index_cache.own_root()
    assert root is not None
    (entry,) = [path for path in root.iterdir() if path.is_dir() and not path.name.startswith(".")]
    return entry


def rewrite_rows(entry: Path, change: Callable[[list[object]], None]) -> None:
    rows = [orjson.loads(line) for line in (entry / "papers.jsonl").read_bytes().splitlines()]
    for row in rows:
        change(row)
    (entry / "papers.jsonl").write_bytes(b"\n".join(orjson.dumps(row) for row in rows) + b"\n")


def cut_papers(entry: Path) -> None:
    lines = (entry / "papers.jsonl").read_bytes().splitlines(keepends=True)
    (entry / "papers.jsonl").write_bytes(b"".join(lines[:-10]))


def title_as_int(entry: Path) -> None:
    rewrite_rows(entry, lambda row: row.__setitem__(1, 5))


def garbled_summary(entry: Path) -> None:
    (entry / "done.json").write_bytes(b'{"kind": "rows", "papers": "80", "warnings": []}')


def no_index(entry: Path) -> None:
    shutil.rmtree(entry / "index")


def garbled_index(entry: Path) -> None:
    (entry / "index" / "meta.json").write_text("{not json")


def lost_segments(entry: Path) -> None:
    for path in (entry / "index").iterdir():
        if path.name != "meta.json":
            path.unlink()


@pytest.mark.parametrize(
    "damage",
    [cut_papers, title_as_int, garbled_summary, no_index, garbled_index, lost_segments],
)
def test_a_damaged_entry_is_discarded_and_rebuilt(
    damage: Callable[[Path], None], tmp_path: Path, sample_path: Path, cache_everything: None
) -> None:
    first = build(sample_path, tmp_path / "db.json")
    damage(only_entry())
    again = open_library([sample_path], tmp_path / "db.json")
    assert not again.from_cache
    assert again.papers == first.papers
    assert list(again.search("tiny").indices) == list(first.search("tiny").indices)
    again.build_index()  # written again, whole
    third = open_library([sample_path], tmp_path / "db.json")
    assert third.from_cache and third.papers == first.papers


def test_a_shared_folder_keeps_every_file_it_had(
    tmp_path: Path,
    sample_path: Path,
    cache_everything: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shared = tmp_path / "shared"
    projects = [shared / f"project-{n}" for n in range(3)]
    for project in projects:
        project.mkdir(parents=True)
        (project / "thesis.tex").write_text("months of work")
    monkeypatch.setenv("READER_CACHE", str(shared))
    for number in range(index_cache.KEEP_ENTRIES + 3):  # enough entries to evict some
        source = tmp_path / f"page-{number}.txt"
        source.write_bytes(sample_path.read_bytes())
        build(source, tmp_path / "db.json")
    for project in projects:
        assert (project / "thesis.tex").read_text() == "months of work"
    root = index_cache.own_root()
    assert root is not None and root.parent == shared
    entries = [path for path in root.iterdir() if path.is_dir() and not path.name.startswith(".")]
    assert len(entries) == index_cache.KEEP_ENTRIES


def test_a_folder_without_the_entry_marker_is_never_evicted(
    tmp_path: Path, sample_path: Path, cache_everything: None
) -> None:
    build(sample_path, tmp_path / "db.json")
    root = index_cache.own_root()
    assert root is not None
    stranger = root / "0123456789abcdef0123456789abcdef"
    stranger.mkdir()
    (stranger / "keep.txt").write_text("not the cache's")
    os.utime(stranger, (1, 1))  # the oldest: first in line for eviction
    for number in range(index_cache.KEEP_ENTRIES + 2):
        source = tmp_path / f"page-{number}.txt"
        source.write_bytes(sample_path.read_bytes())
        build(source, tmp_path / "db.json")
    assert (stranger / "keep.txt").read_text() == "not the cache's"
