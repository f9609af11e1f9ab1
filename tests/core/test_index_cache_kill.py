"""index_cache: discard and move_entry touch only entries the cache wrote."""

from __future__ import annotations

from pathlib import Path

from reader.core import index_cache
from reader.core.models import Paper
from reader.core.search.engine import SearchEngine

PAPERS = [Paper(id="2401.00001", title="Cached paper")]


def _saved(key: str) -> Path:
    """A finished entry: its papers indexed, then saved."""
    entry = index_cache.entry_dir(key)
    assert entry is not None
    engine = SearchEngine(index_cache.index_dir(key))
    engine.add(enumerate(PAPERS))
    engine.close()
    index_cache.save(key, PAPERS, ["a warning"])
    assert index_cache.load(key) is not None
    return entry


def test_discard_forgets_an_entry(tmp_path: Path) -> None:
    entry = _saved("k1")
    index_cache.discard("k1")
    assert not entry.exists() and index_cache.load("k1") is None


def test_discard_leaves_a_folder_the_cache_did_not_write(tmp_path: Path) -> None:
    entry = _saved("k1")
    root = entry.parent
    mine = root / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    index_cache.discard("mine")
    assert (mine / "notes.txt").read_text() == "keep"


def test_move_entry_rekeys_finished_and_unfinished_entries(tmp_path: Path) -> None:
    entry = _saved("k1")
    assert index_cache.move_entry("k1", "k2")
    assert not entry.exists() and (entry.parent / "k2").is_dir()
    assert index_cache.load("k2") is None  # unfinished until saved again
    assert index_cache.move_entry("k2", "k3")  # no done.json to drop: fine
    index_cache.save("k3", PAPERS, [])
    loaded = index_cache.load("k3")
    assert loaded is not None and [paper.id for paper in loaded[0]] == ["2401.00001"]


def test_move_entry_refuses_foreign_folders_and_taken_keys(tmp_path: Path) -> None:
    entry = _saved("k1")
    root = entry.parent
    mine = root / "mine"
    mine.mkdir()
    (mine / "done.json").write_text("{}")
    assert not index_cache.move_entry("mine", "k9")
    assert sorted(p.name for p in mine.iterdir()) == ["done.json"] and not (root / "k9").exists()
    (root / "taken").mkdir()  # an empty folder already has the new name
    assert not index_cache.move_entry("k1", "taken")
    assert index_cache.load("k1") is not None and not any((root / "taken").iterdir())
    assert not index_cache.move_entry("absent", "k8")
