"""Opening the database on the way to the first paint (issue 11: start-up stays light).

A start that would write nothing (a current database, its backup up to date, no temp files
left by a killed writer) reads without the lock: every write replaces the file atomically.
Anything else still opens under the lock, exactly as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from filelock import FileLock

from reader.core.annotations import AnnotationStore
from reader.core.atomic import TEMP_SUFFIX, temp_prefix
from reader.core.changes import Change
from reader.core.storage import DatabaseLocked


def _saved(db_path: Path) -> None:
    AnnotationStore.open(db_path).apply(Change("p", note="n"))
    AnnotationStore.open(db_path)  # a clean open: the backup now holds the same bytes


def test_a_start_that_writes_nothing_does_not_wait_for_the_lock(db_path: Path) -> None:
    _saved(db_path)
    with FileLock(str(db_path) + ".lock"):  # another reader saving, for longer than 0.1 s
        store = AnnotationStore.open(db_path, lock_timeout=0.1)
    assert store.get("p").note == "n"
    assert store._file_lock is None  # filelock is needed at the first write only
    assert store.apply(Change("p", note="m")).note == "m"  # which locks as ever


def test_a_backup_to_refresh_still_opens_under_the_lock(db_path: Path) -> None:
    _saved(db_path)
    AnnotationStore.open(db_path).apply(Change("p", note="newer"))  # the backup is older
    with FileLock(str(db_path) + ".lock"), pytest.raises(DatabaseLocked):
        AnnotationStore.open(db_path, lock_timeout=0.1)
    AnnotationStore.open(db_path)
    assert (db_path.parent / "annotations.json.bak").read_bytes() == db_path.read_bytes()


def test_a_killed_writers_temp_file_still_opens_under_the_lock(db_path: Path) -> None:
    _saved(db_path)
    left = db_path.parent / f"{temp_prefix(db_path)}killed{TEMP_SUFFIX}"
    left.write_text("half a database")
    with FileLock(str(db_path) + ".lock"), pytest.raises(DatabaseLocked):
        AnnotationStore.open(db_path, lock_timeout=0.1)
    assert left.exists()  # never removed without the lock
    AnnotationStore.open(db_path)
    assert not left.exists()


def test_a_missing_database_is_still_created_under_the_lock(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with FileLock(str(db_path) + ".lock"), pytest.raises(DatabaseLocked):
        AnnotationStore.open(db_path, lock_timeout=0.1)
    assert not db_path.exists()
    assert AnnotationStore.open(db_path).annotations == {}
    assert db_path.exists()
