"""A database that goes bad: at the start it is an error, once in use a change waits.

``DatabaseUnreadable`` (a ``DatabaseBusy``: the change is tried again and kept at quit)
only for a file read or written before in this session; at the start, ``DatabaseError``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.storage import AtomicJSONStorage, DatabaseError, DatabaseUnreadable

TABLES = '{"papers": {"1": {"paper_id": "p1"}}}'


def _error_on_read(storage: AtomicJSONStorage) -> DatabaseError:
    with pytest.raises(DatabaseError) as raised:
        storage.read()
    return raised.value


def test_an_empty_file_at_the_start_is_an_error_not_a_wait(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    path.write_text("", encoding="utf-8")
    error = _error_on_read(AtomicJSONStorage(path))
    assert type(error) is DatabaseError
    assert str(error) == f"{path}: database file is empty (truncated?)"


def test_a_file_emptied_after_it_was_read_makes_changes_wait(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    path.write_text(TABLES, encoding="utf-8")
    storage = AtomicJSONStorage(path)
    assert storage.read() == {"papers": {"1": {"paper_id": "p1"}}}
    path.write_text("", encoding="utf-8")
    error = _error_on_read(storage)
    assert type(error) is DatabaseUnreadable
    assert str(error) == (
        f"{path}: database file is empty (truncated?); "
        "the last good copy is kept as annotations.json.bak"
    )


def test_a_file_emptied_after_it_was_written_makes_changes_wait(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    storage = AtomicJSONStorage(path)
    storage.write({"papers": {}})
    path.write_text("", encoding="utf-8")
    assert type(_error_on_read(storage)) is DatabaseUnreadable


def test_a_file_of_another_shape_is_an_error_at_the_start_and_a_wait_once_in_use(
    tmp_path: Path,
) -> None:
    path = tmp_path / "annotations.json"
    path.write_text("[]", encoding="utf-8")
    at_start = _error_on_read(AtomicJSONStorage(path))
    message = f"{path}: not an annotations database (top level is a list)"
    assert type(at_start) is DatabaseError and str(at_start) == message
    path.write_text(TABLES, encoding="utf-8")
    storage = AtomicJSONStorage(path)
    storage.read()
    path.write_text("[1]", encoding="utf-8")
    in_use = _error_on_read(storage)
    kept = "; the last good copy is kept as annotations.json.bak"
    assert type(in_use) is DatabaseUnreadable and str(in_use) == message + kept


def test_a_symlink_loop_counts_as_changed_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    os.symlink(tmp_path / "other.json", path)
    os.symlink(path, tmp_path / "other.json")
    storage = AtomicJSONStorage(path)
    assert storage.changed_on_disk()  # reading it then says why it cannot be used
