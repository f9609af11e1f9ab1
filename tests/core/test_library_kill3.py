"""Library opening: annotated papers a huge library already holds, and quiet launches (issue 14).

A huge library (a PaperTable read from its index) asks the index which annotated papers it
holds, by id and by title key: a paper annotated under an older id (say ``title:...`` before
its arXiv id was known) is the table's own paper, never listed twice.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from filelock import FileLock

from reader.cli import main
from reader.core import index_cache
from reader.core import library as library_module
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.library import LibraryError, open_library
from reader.core.models import Status
from reader.core.paper_table import PaperTable
from reader.core.sources import parse_file


def _snapshot(path: Path, count: int) -> Path:
    rows = [
        {"id": f"2403.{n:05d}", "title": f"Study {n} of gluon jets", "abstract": f"Case {n}."}
        for n in range(count)
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    return path


def test_a_huge_library_knows_a_paper_annotated_under_an_older_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)
    monkeypatch.setattr(index_cache, "LAZY_FROM", 10)
    source = _snapshot(tmp_path / "a.jsonl", 20)
    db = tmp_path / "db.json"
    assert main(["import", str(source), "--db", str(db)]) == 0
    third = parse_file(source).papers[3]
    store = AnnotationStore.open(db)
    # Annotated before its arXiv id was known: the record holds only its title key.
    store.apply(Change("title:study-3", third.title, third.title_key, status=Status.READ))

    library = open_library([], db)
    assert isinstance(library.papers, PaperTable)
    titles = list(library.titles())
    assert len(titles) == 20 and titles.count(third.title) == 1
    assert library.annotation(library.papers[3]).status is Status.READ
    assert not any("whose file is no longer loaded" in line for line in library.warnings)


def test_opening_the_bundled_sample_with_nothing_kept_says_nothing(tmp_path: Path) -> None:
    library = open_library([], tmp_path / "db.json")
    assert library.label == "Bundled sample: trending-papers.txt"
    assert library.warnings == []


def test_a_note_saved_from_an_older_text_keeps_the_other_windows_text(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    library = open_library([_snapshot(tmp_path / "a.jsonl", 3)], db, use_cache=False)
    paper = library.papers[0]
    library.set_note(paper, "first")
    AnnotationStore.open(db).apply(Change(paper.id, note="theirs", note_base="first"))
    applied = library.set_note(paper, "mine", base="first")
    assert applied.conflict is True
    assert applied.after.note.startswith("mine\n\n--- conflict copy (")
    assert applied.after.note.endswith("---\ntheirs")


def test_files_named_on_the_command_line_are_opened_even_with_a_library(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    assert main(["import", str(_snapshot(tmp_path / "lib.jsonl", 4)), "--db", str(db)]) == 0
    assert open_library([], db).label == "Library: 1 file"
    named = open_library([_snapshot(tmp_path / "named.jsonl", 2)], db, use_cache=False)
    assert named.label == "named.jsonl" and len(named.papers) == 2


def test_a_database_locked_elsewhere_stops_the_opening_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db.json"
    AnnotationStore.open(db)
    # A backup to write: this opening needs the lock (one that writes nothing reads without).
    (tmp_path / "db.json.bak").unlink()
    real_open = AnnotationStore.open

    def open_briefly(path: Path, *, read_only: bool = False) -> AnnotationStore:
        return real_open(path, lock_timeout=0.1, read_only=read_only)

    monkeypatch.setattr(AnnotationStore, "open", open_briefly)
    with FileLock(str(db) + ".lock"), pytest.raises(LibraryError) as caught:
        open_library([_snapshot(tmp_path / "a.jsonl", 1)], db, use_cache=False)
    # A hostile tester read "not saved" at a start where nothing had been edited.
    assert str(caught.value) == (
        f"{db}: could not get the lock within 0.1 s (another reader is saving?); "
        "nothing was changed, start reader again in a moment"
    )


def test_a_read_only_opening_says_nothing_of_kept_changes(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    AnnotationStore.open(db)
    library = open_library([_snapshot(tmp_path / "a.jsonl", 2)], db, read_only=True)
    assert library.warnings == []


def test_stored_arxiv_matches_are_part_of_the_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)
    db = tmp_path / "db.json"
    source = _snapshot(tmp_path / "a.jsonl", 3)
    before = open_library([source], db).cache_key
    assert before is not None and open_library([source], db).cache_key == before
    (tmp_path / "resolved.json").write_text("{}", encoding="utf-8")
    after = open_library([source], db).cache_key
    assert after is not None and after != before


def test_use_cache_false_keeps_the_index_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library_module, "CACHE_FROM_BYTES", 0)
    source = _snapshot(tmp_path / "a.jsonl", 3)
    library = open_library([source], tmp_path / "db.json", use_cache=False)
    assert library.cache_key is None and not library.from_cache


def test_a_folder_reader_may_not_write_in_is_named_at_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A hostile tester's read-only database folder: the start said "cannot lock
    # (Permission denied); not saved; move the file aside to start a new database".
    from reader.core import annotations

    db = tmp_path / "db.json"
    AnnotationStore.open(db)
    (tmp_path / "db.json.bak").unlink()  # a backup to write: this opening takes the lock

    def refused(self: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(annotations._StoreLock, "_acquire_file_lock", refused)
    with pytest.raises(LibraryError) as caught:
        open_library([_snapshot(tmp_path / "a.jsonl", 1)], db, use_cache=False)
    message = str(caught.value)
    assert message.startswith(f"{db}: cannot lock (Permission denied); nothing was changed")
    assert f"reader needs to write in {tmp_path}" in message and "move the file" not in message
