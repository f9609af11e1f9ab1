"""Schema migrations run one step per version, in order (issue 14, third pass)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core import schema
from reader.core.schema import MIGRATIONS, migrate
from reader.core.storage import Tables


def test_an_old_database_goes_through_every_step_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 3)
    steps: list[int] = []

    def step(version: int) -> Callable[[Tables], None]:
        return lambda data: steps.append(version)

    for version in (0, 1, 2):
        monkeypatch.setitem(MIGRATIONS, version, step(version))
    data: Tables = {"_meta": {"1": {"schema": 0}}, "annotations": {}}
    assert migrate(data, Path("db.json")) == 0
    assert steps == [0, 1, 2]
    assert data["_meta"]["1"]["schema"] == 3
    assert data["_meta"]["1"]["migrated"].startswith("0 -> 3 at ")
