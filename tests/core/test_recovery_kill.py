"""recovery: dated backups oldest first by time, and one dated copy per state."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.models import Status
from reader.core.recovery import dated_backups, save_backup


def test_dated_backups_are_oldest_first_by_time_not_name(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_text("{}")
    newer, older = tmp_path / "db.json.bak-a", tmp_path / "db.json.bak-b"
    for number, path in enumerate((older, newer)):
        path.write_text("{}")
        os.utime(path, ns=(10**18 + number * 10**9, 10**18 + number * 10**9))
    (tmp_path / "db.json.bak-c.tmp").write_text("{}")  # a write in progress
    assert dated_backups(db) == [older, newer]


def _database(folder: Path, notes: int) -> bytes:
    store = AnnotationStore.open(folder / "db.json")
    for number in range(notes):
        store.apply_delta(Change(f"2401.{number:05d}", f"Paper {number}", status=Status.READ))
    return (folder / "db.json").read_bytes()


def test_a_smaller_database_is_kept_once_as_a_dated_copy(tmp_path: Path) -> None:
    (tmp_path / "two").mkdir()
    (tmp_path / "one").mkdir()
    bigger, smaller = _database(tmp_path / "two", 2), _database(tmp_path / "one", 1)
    db = tmp_path / "db.json"
    db.write_bytes(smaller)
    (tmp_path / "db.json.bak").write_bytes(bigger)
    when = datetime(2024, 3, 15, 10, 30, 0)
    save_backup(db, now=when)
    save_backup(db, now=when)  # the same state again: no second copy
    assert (tmp_path / "db.json.bak").read_bytes() == bigger  # backups never shrink
    dated = dated_backups(db)
    assert [path.read_bytes() for path in dated] == [smaller]
    assert [path.name for path in dated] == ["db.json.bak-20240315-103000"]  # named by `now`
    shutil.rmtree(tmp_path / "two")
