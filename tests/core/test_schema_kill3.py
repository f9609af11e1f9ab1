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


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": 1}, "title is a int, not text"),
        ({"title_key": 2.5}, "title_key is a float, not text"),
        ({"status": True}, "status is a bool, not text"),
        ({"note": ["n"]}, "note is a list, not text"),
        ({"created": {}}, "created is a dict, not text"),
        ({"updated": 0}, "updated is a int, not text"),
        ({"tags": "llm"}, "tags is a str, not a list"),
        ({"tags": ["llm", 3]}, "tags holds something that is not text"),
        ({"id": ""}, "no paper id"),
    ],
)
def test_a_record_with_a_field_of_the_wrong_type_is_set_aside_with_why(
    fields: dict[str, object], reason: str
) -> None:
    good = {"id": "ok", "title": "T", "status": "read", "tags": ["a"], "note": None}
    data: Tables = {
        "_meta": {"1": {"schema": 1}},
        "annotations": {"1": good, "2": {"id": "bad", **fields}},
    }
    schema.set_aside_damaged(data)
    assert data["annotations"] == {"1": good}
    assert schema.damaged_records(data) == [f"annotations record 2: {reason}"]


def test_records_set_aside_join_those_set_aside_before_whole() -> None:
    earlier = {"table": "annotations", "id": "7", "reason": "no paper id", "record": {}}
    bad_view, half_view = {"name": "no query"}, {"query": "no name"}
    data: Tables = {
        "_damaged": {"1": earlier, "note": {"kept": "as is"}},  # first: the others still run
        "views": {"1": bad_view, "2": {"name": "v", "query": "q"}, "3": half_view},
        "annotations": {"4": {"id": "p", "tags": "x"}},
    }
    schema.set_aside_damaged(data)
    assert data["views"] == {"2": {"name": "v", "query": "q"}} and data["annotations"] == {}
    assert data["_damaged"] == {
        "1": earlier,
        "note": {"kept": "as is"},
        "2": {
            "table": "views",
            "id": "1",
            "reason": "a view needs a name and a query",
            "record": bad_view,
        },
        "3": {
            "table": "views",
            "id": "3",
            "reason": "a view needs a name and a query",
            "record": half_view,
        },
        "4": {
            "table": "annotations",
            "id": "4",
            "reason": "tags is a str, not a list",
            "record": {"id": "p", "tags": "x"},
        },
    }
