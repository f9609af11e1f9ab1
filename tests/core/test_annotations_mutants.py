"""Annotation store with several records, saved views and tag counts (issue 14).

The older tests work on one record at a time, so an edit that rewrote every record, or a
view that never reached the file, went unnoticed.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from reader.core.annotations import AnnotationStore, SavedView
from reader.core.changes import Change, next_status, parse_tags
from reader.core.models import Annotation, Status


def _records(db_path: Path) -> dict[str, dict[str, object]]:
    data = json.loads(db_path.read_text())
    return {record["id"]: record for record in data["annotations"].values()}


def test_editing_one_of_two_papers_leaves_the_other_alone(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    store.apply(Change("a", title="Paper A", add_tags=("x",), note="note a"))
    store.apply(Change("b", title="Paper B", add_tags=("y",), note="note b"))
    b_before = _records(db_path)["b"]
    store.apply(Change("a", note="changed", status=Status.READ, add_tags=("z",)))
    records = _records(db_path)
    assert records["b"] == b_before
    assert records["a"]["note"] == "changed" and records["a"]["tags"] == ["x", "z"]
    assert records["a"]["title"] == "Paper A"
    reopened = AnnotationStore.open(db_path)
    assert reopened.get("b") == store.get("b")
    assert reopened.get("b").note == "note b" and reopened.get("b").status is Status.UNREAD
    assert reopened.get("a").status is Status.READ
    assert set(reopened.annotations) == {"a", "b"}


def test_new_records_get_distinct_increasing_document_ids(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    for name in ("a", "b", "c"):
        store.apply(Change(name, note=name))
    data = json.loads(db_path.read_text())["annotations"]
    assert {key: record["id"] for key, record in data.items()} == {"1": "a", "2": "b", "3": "c"}
    # A second instance that opens the file later keeps counting from the largest id.
    other = AnnotationStore.open(db_path)
    other.apply(Change("d", note="d"))
    other.apply(Change("b", note="b2"))
    data = json.loads(db_path.read_text())["annotations"]
    assert data["4"]["id"] == "d" and data["2"]["note"] == "b2" and len(data) == 4


def test_a_record_stores_exactly_what_was_applied(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    result = store.apply(Change("p", title="T", title_key="k", add_tags=("a", "b")))
    record = _records(db_path)["p"]
    assert set(record) == {"id", "title", "title_key", "created", "status", "tags", "updated"}
    assert record["status"] == "unread" and record["tags"] == ["a", "b"]
    assert record["created"] == record["updated"] == result.created == result.updated
    assert result == Annotation(
        "p", Status.UNREAD, ("a", "b"), "", record["created"], record["updated"], None
    )
    bare = store.apply(Change("q"))
    assert set(_records(db_path)["q"]) == {"id", "created", "status", "updated"}
    assert bare.is_empty and bare.note == ""


def test_setting_the_same_status_keeps_its_timestamp(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    first = store.apply(Change("p", status=Status.READING))
    assert first.status_changed == first.updated
    again = store.apply(Change("p", status=Status.READING, note="n"))
    assert again.status_changed == first.status_changed
    assert _records(db_path)["p"]["status_changed"] == first.status_changed
    unread = store.apply(Change("q", status=Status.UNREAD))
    assert unread.status_changed is None


def test_tag_deltas_are_case_insensitive(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    store.apply(Change("p", add_tags=("LLM", "vision")))
    assert store.apply(Change("p", add_tags=("llm", "new"))).tags == ("LLM", "vision", "new")
    assert store.apply(Change("p", remove_tags=("VISION",))).tags == ("LLM", "new")
    # Removing and adding the same tag in one change re-adds it at the end.
    assert store.apply(Change("p", remove_tags=("llm",), add_tags=("LLM",))).tags == (
        "new",
        "LLM",
    )
    # An empty change touches neither the tags nor the note.
    assert store.apply(Change("p")).tags == ("new", "LLM")
    assert store.apply(Change("p", note="")).note == ""


def test_cycle_status_follows_a_custom_cycle(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    cycle = (Status.UNREAD, Status.READ)
    seen = [store.apply(Change("p", cycle_status=True, cycle=cycle)).status for _ in range(3)]
    assert seen == [Status.READ, Status.UNREAD, Status.READ]
    # An explicit status wins over cycling.
    assert store.apply(Change("p", status=Status.READING, cycle_status=True)).status is (
        Status.READING
    )
    # A status outside the cycle goes to the cycle's first entry.
    assert store.apply(Change("p", cycle_status=True, cycle=(Status.READ,))).status is Status.READ


def test_next_status() -> None:
    full = (Status.UNREAD, Status.READING, Status.READ)
    assert next_status(Status.UNREAD, full) is Status.READING
    assert next_status(Status.READ, full) is Status.UNREAD
    assert next_status(Status.READING, (Status.UNREAD, Status.READ)) is Status.UNREAD
    assert next_status(Status.READ, (Status.UNREAD, Status.READ)) is Status.UNREAD
    assert next_status(Status.UNREAD, (Status.READ, Status.UNREAD)) is Status.READ


def test_tag_counts_count_papers_per_tag(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    assert store.tag_counts() == Counter()
    store.apply(Change("a", add_tags=("llm", "vision")))
    store.apply(Change("b", add_tags=("llm",)))
    store.apply(Change("c", note="no tags"))
    assert store.tag_counts() == Counter({"llm": 2, "vision": 1})
    store.apply(Change("a", remove_tags=("llm",)))
    assert AnnotationStore.open(db_path).tag_counts() == Counter({"llm": 1, "vision": 1})


def test_views_round_trip_through_the_file(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    assert store.views == []
    assert store.save_view("unread llm", "tag:llm status:unread") == [
        SavedView("unread llm", "tag:llm status:unread")
    ]
    store.save_view("march", "date:2024-03")
    returned = store.save_view("unread llm", "tag:llm")  # replaced in place
    expected = [SavedView("unread llm", "tag:llm"), SavedView("march", "date:2024-03")]
    assert returned == expected and store.views == expected
    data = json.loads(db_path.read_text())
    assert data["views"] == {
        "1": {"name": "unread llm", "query": "tag:llm"},
        "2": {"name": "march", "query": "date:2024-03"},
    }
    assert AnnotationStore.open(db_path).views == expected
    assert store.delete_view("unread llm") == [SavedView("march", "date:2024-03")]
    assert store.delete_view("not there") == [SavedView("march", "date:2024-03")]
    assert AnnotationStore.open(db_path).views == [SavedView("march", "date:2024-03")]
    # Views and annotations live side by side: saving a view keeps the annotations.
    store.apply(Change("p", note="kept"))
    store.save_view("x", "y")
    assert AnnotationStore.open(db_path).get("p").note == "kept"


def test_the_views_list_is_a_copy(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    store.save_view("a", "b")
    store.views.clear()
    returned = store.save_view("c", "d")
    returned.clear()
    assert store.views == [SavedView("a", "b"), SavedView("c", "d")]


def test_views_saved_by_another_instance_are_seen_and_kept(db_path: Path) -> None:
    one = AnnotationStore.open(db_path)
    two = AnnotationStore.open(db_path)
    one.save_view("first", "a")
    assert two.save_view("second", "b") == [SavedView("first", "a"), SavedView("second", "b")]
    assert one.refresh() and one.views == [SavedView("first", "a"), SavedView("second", "b")]
    assert not one.refresh()


def test_views_load_in_saved_order_and_skip_malformed_entries(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    views = {
        "10": {"name": "ten", "query": "q10"},
        "2": {"name": "two", "query": "q2"},
        "3": {"name": 3, "query": "not a name"},
        "4": {"name": "no query"},
    }
    db_path.write_text(json.dumps({"_meta": {"1": {"schema": 1}}, "views": views}))
    store = AnnotationStore.open(db_path)
    assert store.views == [SavedView("two", "q2"), SavedView("ten", "q10")]


def test_records_with_odd_values_are_read_leniently(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    records = {
        "1": {"id": "bad-status", "status": "finished", "tags": ["ok"], "note": None},
        "2": {"id": "42", "status": "read", "tags": None, "title_key": "k42"},
        "3": {"id": "plain"},
    }
    db_path.write_text(json.dumps({"_meta": {"1": {"schema": 1}}, "annotations": records}))
    store = AnnotationStore.open(db_path)
    odd = store.get("bad-status")
    assert odd.status is Status.UNREAD and odd.tags == ("ok",) and odd.note == ""
    assert store.get("42").status is Status.READ and store.get("42").tags == ()
    assert store.get("2401.1", "k42").paper_id == "42"
    assert store.get("plain") == Annotation("plain")
    # Editing one of them keeps the others byte for byte.
    store.apply(Change("plain", note="n"))
    assert _records(db_path)["bad-status"] == records["1"]


def test_get_by_title_key_only_when_the_id_is_unknown(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    store.apply(Change("title:abc", title_key="abc", note="by title"))
    store.apply(Change("2401.00002", title_key="other", note="by id"))
    assert store.get("2401.00002", "abc").note == "by id"
    assert store.get("2401.00009", "abc").note == "by title"
    assert store.get("2401.00009", "").is_empty
    assert store.get("2401.00009", "missing") == Annotation("2401.00009")


def test_a_paper_that_gains_an_id_moves_its_record(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    store.apply(Change("title:abc", title_key="abc", add_tags=("x",)))
    store.apply(Change("other", title_key="zzz", note="other"))
    moved = store.apply(Change("2401.00001", title_key="abc", note="moved"))
    assert moved.paper_id == "2401.00001" and moved.tags == ("x",)
    assert set(store.annotations) == {"2401.00001", "other"}
    assert set(_records(db_path)) == {"2401.00001", "other"}
    assert store.get("title:abc").is_empty
    assert store.get("new", "abc").note == "moved"
    store.apply(Change("2401.00001", note="again"))
    assert len(_records(db_path)) == 2
    assert AnnotationStore.open(db_path).get("other").note == "other"


def test_reapplying_with_the_same_id_and_title_key_keeps_the_record(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    store.apply(Change("p", title_key="k", note="1"))
    store.apply(Change("p", title_key="k", note="2"))
    assert set(store.annotations) == {"p"} and store.get("p").note == "2"


def test_the_lock_message_is_one_whole_line(db_path: Path) -> None:
    from filelock import FileLock

    from reader.core.storage import DatabaseLocked

    store = AnnotationStore.open(db_path, lock_timeout=0.25)
    with FileLock(str(db_path) + ".lock"), pytest.raises(DatabaseLocked) as caught:
        store.save_view("v", "q")
    assert str(caught.value) == (
        f"{db_path}: could not get the lock within 0.25 s (another reader is saving?); not saved"
    )
    # The thread lock was released: the next call works.
    assert store.save_view("v", "q") == [SavedView("v", "q")]


def test_a_lock_that_cannot_be_created_is_one_line(db_path: Path) -> None:
    from reader.core.storage import DatabaseError

    store = AnnotationStore.open(db_path)
    lock = db_path.with_name(db_path.name + ".lock")
    lock.unlink(missing_ok=True)
    lock.mkdir()
    with pytest.raises(DatabaseError) as caught:
        store.apply(Change("p", note="n"))
    message = str(caught.value)
    assert message.startswith(f"{db_path}: cannot lock (") and message.endswith("); not saved")
    assert "\n" not in message and "()" not in message


def test_parse_tags_splits_and_deduplicates() -> None:
    assert parse_tags("a,b c\td\ne") == ("a", "b", "c", "d", "e")
    assert parse_tags(",, a ,") == ("a",)
    assert parse_tags("X x Y") == ("X", "Y")
    assert parse_tags("") == ()
