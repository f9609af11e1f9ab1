"""Storage failures, each in one whole line naming the file (issue 14, third pass)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core import storage
from reader.core.schema import new_database
from reader.core.storage import AtomicJSONStorage, DatabaseBusy, DatabaseError


def test_a_file_that_cannot_be_read_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    path.write_text("{}")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(DatabaseError) as caught:
        AtomicJSONStorage(path).read()
    assert str(caught.value) == f"{path}: cannot read (Permission denied)"


def test_a_database_path_turned_folder_is_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = AtomicJSONStorage(path)
    store.write(new_database())
    path.unlink()
    path.mkdir()
    with pytest.raises(DatabaseError) as caught:
        store.write(new_database())
    assert str(caught.value) == f"{path}: is a folder; give a file name; not saved"
    assert path.is_dir()


def test_an_error_without_a_reason_code_is_reported_by_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"

    def fail(target: Path, data: bytes) -> None:
        raise OSError("quota exceeded")

    monkeypatch.setattr(storage, "atomic_write_bytes", fail)
    with pytest.raises(DatabaseBusy) as caught:
        AtomicJSONStorage(path).write(new_database())
    assert str(caught.value) == f"{path}: could not save (quota exceeded)"
