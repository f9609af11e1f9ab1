"""index_cache: where the cache lives and which folders it claims, the key of a set of files,
which folders count as its entries (never a stranger's, a copy or a link), eviction order,
the switch to columns, and writes that fail without stopping anything."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from reader.core import index_cache
from reader.core.index_cache import ENTRY_MARKER, ROOT_MARKER
from reader.core.models import Paper
from reader.core.paper_table import PaperTable
from reader.core.search.engine import SearchEngine

PAPERS = [Paper(id=f"2401.0000{n}", title=f"Cached paper {n}") for n in range(1, 4)]


def finished(key: str, papers: list[Paper] = PAPERS) -> Path:
    """A finished entry: its papers indexed, then saved."""
    entry = index_cache.entry_dir(key)
    assert entry is not None
    engine = SearchEngine(index_cache.index_dir(key))
    engine.add(enumerate(papers))
    engine.close()
    index_cache.save(key, papers, ["a warning"])
    return entry


def listing(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


# --- where the cache lives ---------------------------------------------------------------


def test_the_cache_lives_in_the_users_cache_folder_unless_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("READER_CACHE")
    assert index_cache.cache_root() == Path(os.environ["XDG_CACHE_HOME"]) / "reader" / "index"
    monkeypatch.setenv("READER_CACHE", str(tmp_path / "elsewhere"))
    assert index_cache.cache_root() == tmp_path / "elsewhere"


def test_a_missing_cache_folder_is_made_with_its_parents_and_claimed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "a" / "b" / "cache"
    monkeypatch.setenv("READER_CACHE", str(folder))
    assert index_cache.own_root() == folder
    assert (folder / ROOT_MARKER).is_file() and listing(folder) == [ROOT_MARKER]
    assert index_cache.own_root() == folder  # claimed once, found again


def test_an_empty_existing_folder_is_claimed_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.setenv("READER_CACHE", str(folder))
    assert index_cache.own_root() == folder and listing(folder) == [ROOT_MARKER]


def test_a_cache_folder_that_cannot_be_made_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    monkeypatch.setenv("READER_CACHE", str(tmp_path / "notes.txt" / "cache"))
    assert index_cache.own_root() is None
    assert index_cache.entry_dir("k1") is None and index_cache.load("k1") is None
    index_cache.save("k1", PAPERS, [])  # quietly nothing
    assert (tmp_path / "notes.txt").read_text() == "a file, not a folder"


def test_a_folder_whose_subfolder_is_taken_too_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    (shared / index_cache.OWN_SUBFOLDER).mkdir(parents=True)
    (shared / "thesis.tex").write_text("months of work")
    (shared / index_cache.OWN_SUBFOLDER / "theirs.txt").write_text("not reader's")
    before = listing(shared)
    monkeypatch.setenv("READER_CACHE", str(shared))
    assert index_cache.own_root() is None
    assert index_cache.entry_dir("k1") is None and index_cache.index_dir("k1") is None
    index_cache.save("k1", PAPERS, [])
    assert listing(shared) == before


# --- the key -------------------------------------------------------------------------------


def test_the_key_names_exactly_these_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(b"x" * 60)
    second.write_bytes(b"x" * 60)
    os.utime(first, ns=(5, 5))
    os.utime(second, ns=(5, 5))
    key = index_cache.cache_key([first])
    assert key is not None and len(key) == 32 and int(key, 16) >= 0
    assert index_cache.cache_key([first]) == key
    assert index_cache.cache_key([second]) != key  # same size and time, another file
    assert index_cache.cache_key([first, second]) not in (key, None)
    os.utime(first, ns=(6, 6))
    assert index_cache.cache_key([first]) != key
    assert index_cache.cache_key([first, tmp_path / "gone.txt"]) is None


def test_small_sources_have_no_key_counting_every_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(b"x" * 60)
    second.write_bytes(b"x" * 40)
    assert index_cache.cache_key([first], min_bytes=60) is not None  # exactly enough
    assert index_cache.cache_key([first], min_bytes=61) is None
    assert index_cache.cache_key([first, second], min_bytes=100) is not None
    assert index_cache.cache_key([first, second], min_bytes=101) is None


# --- only its own entries ------------------------------------------------------------------


@pytest.mark.parametrize(
    "marker",
    [None, b"k1", b"\xff\xfe not text"],
    ids=["no marker", "another entry's marker", "a marker that is not text"],
)
def test_a_strangers_folder_named_like_a_key_is_never_used(
    tmp_path: Path, marker: bytes | None
) -> None:
    finished("k1")
    root = index_cache.own_root()
    assert root is not None
    stranger = root / "k2"
    stranger.mkdir()
    (stranger / "keep.txt").write_text("not the cache's")
    if marker is not None:
        (stranger / ENTRY_MARKER).write_bytes(marker)
    before = listing(stranger)
    assert index_cache.entry_dir("k2") is None and index_cache.index_dir("k2") is None
    assert index_cache.load("k2") is None
    index_cache.save("k2", PAPERS, [])
    index_cache.discard("k2")
    assert not index_cache.move_entry("k2", "k9")
    finished("k3")  # evicting looks at every folder
    assert listing(stranger) == before


def test_a_copy_of_an_entry_without_its_own_marker_is_not_loaded(tmp_path: Path) -> None:
    entry = finished("k1")
    copy = entry.parent / "k2"
    shutil.copytree(entry, copy)  # its marker still names k1
    assert index_cache.load("k2") is None
    (copy / ENTRY_MARKER).unlink()
    assert index_cache.load("k2") is None
    assert (copy / "done.json").is_file()  # left as found
    loaded = index_cache.load("k1")
    assert loaded is not None and list(loaded[0]) == PAPERS and loaded[1] == ["a warning"]


def test_an_entry_reached_through_a_link_is_not_loaded_or_deleted(tmp_path: Path) -> None:
    entry = finished("k1")
    outside = tmp_path / "outside-k1"
    entry.rename(outside)
    entry.symlink_to(outside, target_is_directory=True)
    (outside / ENTRY_MARKER).write_text("k1")
    assert index_cache.load("k1") is None
    index_cache.discard("k1")
    assert (outside / "done.json").is_file() and entry.is_symlink()


def test_a_damaged_entry_that_cannot_be_wholly_deleted_still_opens_nothing_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = finished("k1")
    (entry / "done.json").write_text("{not json")
    unlink = os.unlink

    def stuck(path: str, *, dir_fd: int | None = None) -> None:
        if str(path).endswith("papers.jsonl"):
            raise PermissionError(1, "Operation not permitted", path)
        unlink(path, dir_fd=dir_fd)

    monkeypatch.setattr(os, "unlink", stuck)
    assert index_cache.load("k1") is None  # no exception: the library parses its files
    assert (entry / "papers.jsonl").exists()


# --- moving, evicting, saving ---------------------------------------------------------------


def test_moving_an_entry_that_cannot_be_changed_reports_failure(tmp_path: Path) -> None:
    entry = finished("k1")
    (entry / "done.json").unlink()
    (entry / "done.json").mkdir()  # cannot be unlinked
    (entry / "done.json" / "x").write_text("x")
    assert not index_cache.move_entry("k1", "k2")
    assert entry.is_dir() and not (entry.parent / "k2").exists()
    assert (entry / ENTRY_MARKER).read_text() == "k1"


def test_the_most_recently_used_entries_are_kept(tmp_path: Path) -> None:
    used = {"e1": 400, "e2": 100, "e3": 300, "e4": 200}  # not in name order
    assert len(used) == index_cache.KEEP_ENTRIES
    for name in used:
        finished(name)
    root = index_cache.own_root()
    assert root is not None
    for name, seconds in used.items():
        os.utime(root / name, (seconds, seconds))
    finished("new")
    kept = sorted(path.name for path in root.iterdir() if path.is_dir())
    assert kept == ["e1", "e3", "e4", "new"]  # the least recently used one went


def test_from_lazy_from_papers_an_entry_keeps_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_cache, "LAZY_FROM", 3)
    finished("three", PAPERS)
    finished("two", PAPERS[:2])
    three, two = index_cache.load("three"), index_cache.load("two")
    assert three is not None and isinstance(three[0], PaperTable) and len(three[0]) == 3
    assert two is not None and list(two[0]) == PAPERS[:2]


def test_the_papers_file_is_written_inside_the_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-temp"))
    finished("k1")
    loaded = index_cache.load("k1")
    assert loaded is not None and list(loaded[0]) == PAPERS


def test_a_save_that_cannot_write_leaves_the_entry_unfinished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = index_cache.entry_dir("rows")
    assert entry is not None
    (entry / "papers.jsonl").mkdir()  # in the way of the rename
    (entry / "papers.jsonl" / "x").write_text("x")
    index_cache.save("rows", PAPERS, [])  # no exception
    assert not (entry / "done.json").exists() and index_cache.load("rows") is None
    assert [p.name for p in entry.iterdir() if p.name.startswith(".papers-")] == []

    monkeypatch.setattr(index_cache, "LAZY_FROM", 1)
    entry = index_cache.entry_dir("cols")
    assert entry is not None
    (entry / "columns").write_text("in the way")
    index_cache.save("cols", PAPERS, [])
    index_cache.save_columns("cols", {}, [1, 2], [0, 0], [])
    assert not (entry / "done.json").exists() and index_cache.load("cols") is None


def test_an_entry_that_grew_past_lazy_from_drops_its_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A tester's library went past LAZY_FROM with an import: its entry kept the 8.7 MB
    rows file of the smaller library beside the columns that replaced it."""
    entry = finished("grown")
    assert (entry / "papers.jsonl").is_file()
    monkeypatch.setattr(index_cache, "LAZY_FROM", 2)
    index_cache.save("grown", PAPERS, [])  # three papers: columns now
    assert not (entry / "papers.jsonl").exists()
    loaded = index_cache.load("grown")
    assert loaded is not None and isinstance(loaded[0], PaperTable)


def test_an_entry_finished_as_columns_without_rows_still_evicts_older_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Dropping a rows file that is not there is no error: the eviction after it runs."""
    monkeypatch.setattr(index_cache, "KEEP_ENTRIES", 1)
    finished("older")
    monkeypatch.setattr(index_cache, "LAZY_FROM", 2)
    newer = finished("newer")  # three papers: columns, and never a rows file
    assert not (newer / "papers.jsonl").exists()
    assert index_cache.load("older") is None and index_cache.load("newer") is not None
