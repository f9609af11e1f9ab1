"""The on-disk cache of parsed papers and index: used only for the same files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core import library as library_module
from reader.core.library import open_library


@pytest.fixture
def cache_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)


def test_second_open_comes_from_the_cache_with_the_same_results(
    tmp_path: Path, sample_path: Path, cache_everything: None
) -> None:
    source = tmp_path / "page.txt"
    source.write_bytes(sample_path.read_bytes())
    first = open_library([source], tmp_path / "db.json")
    assert not first.from_cache
    first.build_index()  # builds, then writes the cache
    second = open_library([source], tmp_path / "db.json")
    assert second.from_cache and second.index_ready
    assert second.papers == first.papers
    for query in ("tiny", "sam clip", "distiling step", "SAM", "^tiny", '"language models"'):
        assert list(second.search(query).indices) == list(first.search(query).indices)


def test_a_changed_file_is_parsed_again(
    tmp_path: Path, sample_path: Path, cache_everything: None
) -> None:
    source = tmp_path / "page.txt"
    source.write_bytes(sample_path.read_bytes())
    open_library([source], tmp_path / "db.json").build_index()
    text = source.read_text().replace("SAM-CLIP: Merging", "SAM-CLIP: Fusing")
    source.write_text(text)
    os.utime(source, ns=(1, 1))  # even with an old mtime, the size changed
    again = open_library([source], tmp_path / "db.json")
    assert not again.from_cache and again.papers[0].title.startswith("SAM-CLIP: Fusing")


def test_a_broken_cache_entry_is_ignored(
    tmp_path: Path, sample_path: Path, cache_everything: None
) -> None:
    open_library([sample_path], tmp_path / "db.json").build_index()
    for entry in (e for e in Path(os.environ["READER_CACHE"]).iterdir() if e.is_dir()):
        (entry / "papers.jsonl").write_bytes(b"{not json")
    again = open_library([sample_path], tmp_path / "db.json")
    assert not again.from_cache and len(again.papers) == 80


def test_small_libraries_are_not_cached(tmp_path: Path, sample_path: Path) -> None:
    open_library([sample_path], tmp_path / "db.json").build_index()
    cache = Path(os.environ["READER_CACHE"])
    assert not cache.exists() or not any(cache.iterdir())
