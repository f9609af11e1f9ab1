"""schema.migrate names the file it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.schema import migrate
from reader.core.storage import DatabaseError


def test_migrate_refuses_a_file_without_a_schema_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    with pytest.raises(DatabaseError) as caught:
        migrate({"_default": {"1": {"id": "2401.00001"}}}, path)
    assert str(caught.value) == f"{path}: not a reader annotations database (no schema version)"
