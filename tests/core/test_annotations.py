import json
import os
from pathlib import Path

import pytest

from reader.core.annotations import AnnotationStore
from reader.core.changes import Change, parse_tags
from reader.core.models import Status
from reader.core.storage import DatabaseError


def test_new_database_is_created_with_schema(db_path: Path) -> None:
    AnnotationStore.open(db_path)
    data = json.loads(db_path.read_text())
    assert data["_meta"]["1"]["schema"] == 1


def test_round_trip_is_keyed_by_paper_id(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    store.apply(Change("2403.01234", title="A", status=Status.READING))
    store.apply(Change("title:abc", title="B", add_tags=("llm", "slm"), note="hello [b]x[/b]"))
    reopened = AnnotationStore.open(db_path)
    assert reopened.get("2403.01234").status is Status.READING
    b = reopened.get("title:abc")
    assert b.tags == ("llm", "slm") and b.note == "hello [b]x[/b]"
    records = json.loads(db_path.read_text())["annotations"].values()
    assert {r["id"] for r in records} == {"2403.01234", "title:abc"}
    assert reopened.get("unknown").is_empty


def test_timestamps_are_recorded(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    first = store.apply(Change("p1", note="n"))
    assert first.created and first.updated and first.status_changed is None
    second = store.apply(Change("p1", status=Status.READ))
    assert second.created == first.created and second.status_changed


def test_cycle_status_moves_along_the_stored_value(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    seen = [store.apply(Change("p", cycle_status=True)).status for _ in range(4)]
    assert seen == [Status.READING, Status.READ, Status.UNREAD, Status.READING]


def test_two_instances_merge_tag_deltas(db_path: Path) -> None:
    one = AnnotationStore.open(db_path)
    two = AnnotationStore.open(db_path)
    one.apply(Change("p", add_tags=("a",)))
    two.apply(Change("p", add_tags=("b",)))  # two never saw "a"; it must survive
    one.apply(Change("p", remove_tags=("a",), note="from one"))
    two.apply(Change("p", status=Status.READ))
    final = AnnotationStore.open(db_path).get("p")
    assert final.tags == ("b",) and final.note == "from one" and final.status is Status.READ
    assert one.refresh() and one.get("p").status is Status.READ


def test_annotation_follows_a_paper_that_gains_an_arxiv_id(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    store.apply(Change("title:abc", title_key="abc", add_tags=("x",)))
    assert store.get("2401.00001", "abc").tags == ("x",)
    store.apply(Change("2401.00001", title_key="abc", note="moved"))
    moved = AnnotationStore.open(db_path).get("2401.00001")
    assert moved.tags == ("x",) and moved.note == "moved"


def test_interrupted_write_leaves_the_old_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AnnotationStore.open(db_path)
    store.apply(Change("p", note="safe"))
    before = db_path.read_bytes()

    def explode(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", explode)
    with pytest.raises(DatabaseError, match="could not save"):
        store.apply(Change("p", note="lost"))
    monkeypatch.undo()
    assert db_path.read_bytes() == before
    assert [p.name for p in db_path.parent.iterdir() if p.suffix == ".tmp"] == []
    assert AnnotationStore.open(db_path).get("p").note == "safe"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b'{"_meta": {"1": {"sch',
        b"not json at all",
        b"{}",
        b"[]",
        b'"a string"',
        b"\x00\x01\x02\xff",
        b'{"_meta": {"1": {"schema": 1}}}garbage',
        b'{"_meta": {"1": {"schema": 1}}, "annotations": []}',
    ],
)
def test_broken_databases_are_refused_and_untouched(db_path: Path, content: bytes) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(content)
    with pytest.raises(DatabaseError) as caught:
        AnnotationStore.open(db_path)
    message = str(caught.value)
    assert str(db_path) in message and "\n" not in message
    assert db_path.read_bytes() == content


def test_newer_schema_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text('{"_meta": {"1": {"schema": 99}}}')
    with pytest.raises(DatabaseError, match="newer reader"):
        AnnotationStore.open(db_path)


def test_stale_temp_files_are_removed_at_open(db_path: Path) -> None:
    AnnotationStore.open(db_path)
    stale = db_path.parent / f".{db_path.name}.abc123.tmp"
    stale.write_text("half a write")
    AnnotationStore.open(db_path)
    assert not stale.exists()


def test_parse_tags() -> None:
    assert parse_tags("llm, slm  Llm,,to-read ") == ("llm", "slm", "to-read")
    assert parse_tags("  ") == ()


def test_a_held_lock_is_reported_not_waited_on_forever(db_path: Path) -> None:
    from filelock import FileLock

    from reader.core.storage import DatabaseLocked

    store = AnnotationStore.open(db_path, lock_timeout=0.2)
    before = db_path.read_bytes()
    with FileLock(str(db_path) + ".lock"), pytest.raises(DatabaseLocked, match="not saved"):
        store.apply(Change("p", note="waits"))
    assert db_path.read_bytes() == before
    assert store.apply(Change("p", note="now")).note == "now"
