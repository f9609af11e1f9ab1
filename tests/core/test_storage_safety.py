"""Backups never shrink, symlinked databases, deleted files and damaged records (issue 9)."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.library import LibraryError, open_library
from reader.core.recovery import (
    KEEP_DATED,
    backup_path,
    check_database,
    dated_backups,
    restore_backup,
    save_backup,
)
from reader.core.schema import META_TABLE, SCHEMA_VERSION
from reader.core.storage import DatabaseError


def annotate(db: Path, *ids: str) -> None:
    store = AnnotationStore.open(db)
    for paper_id in ids:
        store.apply(Change(paper_id, add_tags=("kept",)))


# 9.2 read-only commands and backups --------------------------------------------------------


@pytest.mark.parametrize("command", ["stats", "export"])
def test_read_only_commands_never_create_or_back_up_a_database(
    command: str, db_path: Path, sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annotate(db_path, "a", "b", "c")
    AnnotationStore.open(db_path)  # backup now holds the three annotations
    good_backup = backup_path(db_path).read_bytes()
    db_path.rename(db_path.with_name("moved-away.json"))
    assert main([command, str(sample_path), "--db", str(db_path)]) == 0
    assert not db_path.exists()
    assert backup_path(db_path).read_bytes() == good_backup


def test_read_only_open_sees_the_annotations(db_path: Path, sample_path: Path) -> None:
    annotate(db_path, "2301.00001")
    before = sorted(p.name for p in db_path.parent.iterdir())
    library = open_library([sample_path], db_path, read_only=True, use_cache=False)
    assert library.store.get("2301.00001").tags == ("kept",)
    assert sorted(p.name for p in db_path.parent.iterdir()) == before


def test_a_backup_never_shrinks(db_path: Path) -> None:
    annotate(db_path, "a", "b", "c")
    AnnotationStore.open(db_path)
    assert check_database(db_path).backup_annotations == 3
    db_path.unlink()  # the database disappears; the app starts a new one
    AnnotationStore.open(db_path)
    AnnotationStore.open(db_path)
    assert check_database(db_path).backup_annotations == 3


def test_replaced_backups_are_kept_dated_and_pruned(db_path: Path) -> None:
    for number in range(KEEP_DATED + 3):
        annotate(db_path, f"p{number}")
        save_backup(db_path, now=datetime(2026, 1, 1, 0, 0, 0))  # the same second each time
    dated = dated_backups(db_path)
    assert len(dated) == KEEP_DATED
    assert len({path.name for path in dated}) == KEEP_DATED
    report = "\n".join(check_database(db_path).report())
    assert all(str(path) in report for path in dated)


def test_backup_of_a_smaller_database_is_kept_as_a_dated_copy(db_path: Path) -> None:
    annotate(db_path, "a", "b")
    AnnotationStore.open(db_path)
    db_path.unlink()
    annotate(db_path, "z")
    AnnotationStore.open(db_path)
    assert check_database(db_path).backup_annotations == 2
    assert [count for _, count in check_database(db_path).dated] == [1]


def test_two_restores_in_one_second_keep_both_set_aside_files(db_path: Path) -> None:
    annotate(db_path, "a")
    AnnotationStore.open(db_path)
    moment = datetime(2026, 11, 28, 10, 15, 0)
    db_path.write_text("first broken")
    first = restore_backup(db_path, now=moment)
    db_path.write_text("second broken")
    second = restore_backup(db_path, now=moment)
    assert first is not None and second is not None and first != second
    assert first.read_text() == "first broken"
    assert second.read_text() == "second broken"


def test_a_save_after_the_file_was_deleted_writes_the_schema_header(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    store.apply(Change("a", note="before"))
    store.apply(Change("c", add_tags=("kept",)))
    db_path.unlink()
    store.apply(Change("a", note="edited after the file was deleted"))
    store.apply(Change("b", note="after"))
    data = json.loads(db_path.read_text())
    assert data[META_TABLE]["1"]["schema"] == SCHEMA_VERSION
    again = AnnotationStore.open(db_path)
    assert again.get("a").note == "edited after the file was deleted"
    assert again.get("b").note == "after"
    assert again.get("c").tags == ("kept",)  # the whole database was written back


def test_db_check_never_creates_a_database(db_path: Path) -> None:
    assert main(["db", "check", "--db", str(db_path)]) == 0
    assert not db_path.exists() and not db_path.parent.exists()


# 9.3 symlinks --------------------------------------------------------------------------------


def test_a_symlinked_database_is_written_and_locked_at_the_real_file(tmp_path: Path) -> None:
    real = tmp_path / "real" / "annotations.json"
    real.parent.mkdir()
    annotate(real, "a")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    store = AnnotationStore.open(link)
    store.apply(Change("b", note="through the link"))
    assert link.is_symlink()
    assert AnnotationStore.open(real).get("b").note == "through the link"
    assert store.path == real
    assert not (tmp_path / "link.json.lock").exists()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_database_path_that_is_not_a_file_is_refused_at_once(kind: str, db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    if kind == "fifo":
        os.mkfifo(db_path)
    else:
        db_path.mkdir()
    with pytest.raises(DatabaseError, match="not a regular file"):
        AnnotationStore.open(db_path)
    assert db_path.is_fifo() if kind == "fifo" else db_path.is_dir()


# 9.13 damaged records ------------------------------------------------------------------------


def test_damaged_records_are_skipped_and_reported_never_crash(db_path: Path) -> None:
    annotate(db_path, "good")
    data = json.loads(db_path.read_text())
    data["annotations"]["2"] = {"id": "bad-tags", "tags": 5}
    data["annotations"]["x"] = {"id": "bad-id", "tags": ["t"]}
    data["annotations"]["3"] = {"id": 7, "title": 5}
    db_path.write_text(json.dumps(data))
    store = AnnotationStore.open(db_path)
    assert set(store.annotations) == {"good"}
    store.apply(Change("new", add_tags=("n",)))  # writing still works
    assert set(AnnotationStore.open(db_path).annotations) == {"good", "new"}
    report = "\n".join(check_database(db_path).report())
    assert "tags is a int, not a list" in report
    assert "record id is not a number" in report
    assert "no paper id" in report
    assert check_database(db_path).ok
    kept = json.loads(db_path.read_text())["_damaged"]  # nothing deleted
    assert {entry["id"] for entry in kept.values()} == {"2", "x", "3"}


def test_a_newer_database_says_upgrade_reader(db_path: Path, sample_path: Path) -> None:
    annotate(db_path, "a")
    data = json.loads(db_path.read_text())
    data[META_TABLE]["1"]["schema"] = SCHEMA_VERSION + 1
    db_path.write_text(json.dumps(data))
    with pytest.raises(LibraryError) as caught:
        open_library([sample_path], db_path, use_cache=False)
    message = str(caught.value)
    assert f"written by a newer reader (schema {SCHEMA_VERSION + 1}); upgrade reader" in message
    assert "move the file aside" not in message and "\n" not in message
