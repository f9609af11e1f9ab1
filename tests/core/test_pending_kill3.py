"""The pending journal, entry by entry and line by line (issue 14, third pass).

The journal is a file format (read back by the next start, perhaps by a newer reader) and
its lines are what the user reads about changes that waited: both are pinned whole here.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from filelock import FileLock

from reader.core import pending
from reader.core.annotations import AnnotationStore, SavedView
from reader.core.changes import Change
from reader.core.models import STATUS_CYCLE, Highlight, Status
from reader.core.pending import (
    JournalError,
    apply_entry,
    apply_kept,
    change_entry,
    change_from_entry,
    journal_path,
    keep,
    view_entry,
)
from reader.core.storage import DatabaseBusy

CLOSED_AT = datetime(2026, 11, 28, 10, 15, 0)


def _journal(db_path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(journal_path(db_path).read_text(encoding="utf-8"))
    return data


def _date_journal(db_path: Path) -> None:
    stamp = CLOSED_AT.timestamp()
    os.utime(journal_path(db_path), (stamp, stamp))


def test_the_journal_sits_beside_the_real_database(tmp_path: Path) -> None:
    real = tmp_path / "real" / "annotations.json"
    real.parent.mkdir()
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert journal_path(real) == tmp_path / "real" / "annotations-pending.json"
    assert journal_path(link) == tmp_path / "real" / "annotations-pending.json"


def test_a_change_is_kept_as_every_field_of_its_delta() -> None:
    highlight = Highlight("h1", "a passage", note="why")
    change = Change(
        "p1",
        "Title",
        "key",
        status=Status.READ,
        cycle_status=True,
        cycle=(Status.UNREAD, Status.READ),
        add_tags=("a", "b"),
        remove_tags=("c",),
        note="new",
        note_base="old",
        status_base=Status.READING,
        add_highlights=(highlight,),
        remove_highlights=("h0",),
    )
    assert change_entry(change) == {
        "op": "change",
        "paper_id": "p1",
        "title": "Title",
        "title_key": "key",
        "status": "read",
        "cycle_status": True,
        "cycle": ["unread", "read"],
        "add_tags": ["a", "b"],
        "remove_tags": ["c"],
        "note": "new",
        "note_base": "old",
        "status_base": "reading",
        "add_highlights": [highlight.to_json()],
        "remove_highlights": ["h0"],
    }
    bare = change_entry(Change("p2"))
    assert (bare["status"], bare["status_base"], bare["note"], bare["cycle_status"]) == (
        None,
        None,
        None,
        False,
    )


def test_a_view_entry_defaults_to_an_empty_query() -> None:
    assert view_entry("delete_view", "mine") == {"op": "delete_view", "name": "mine", "query": ""}


def test_an_entry_read_back_fills_what_an_older_journal_left_out() -> None:
    change = change_from_entry({"op": "change", "paper_id": "p", "title": "", "title_key": ""})
    assert change == Change("p")
    assert change.cycle == STATUS_CYCLE and change.note is None and change.status_base is None
    # Only a real true cycles the status; an empty cycle keeps the default one.
    entry = {**change_entry(Change("p")), "cycle_status": 1, "cycle": []}
    assert change_from_entry(entry) == Change("p")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"paper_id": 5}, "paper_id is not text"),
        ({"title": None}, "title is not text"),
        ({"note": 3}, "note is not text"),
        ({"add_tags": "a"}, "add_tags is not a list of text"),
        ({"remove_tags": ["a", 2]}, "remove_tags is not a list of text"),
        ({"remove_highlights": [1]}, "remove_highlights is not a list of text"),
        ({"cycle": [1]}, "cycle is not a list of text"),
        ({"status": 2}, "a status is not text"),
        ({"status_base": ["read"]}, "a status is not text"),
        ({"status": "done"}, "'done' is not a valid Status"),
    ],
)
def test_a_damaged_entry_says_which_field(fields: dict[str, object], message: str) -> None:
    entry = {**change_entry(Change("p", "T", "k")), **fields}
    with pytest.raises(ValueError) as caught:
        change_from_entry(entry)
    assert str(caught.value) == message


def test_apply_entry_refuses_what_is_not_a_change(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    with pytest.raises(TypeError) as not_object:
        apply_entry(store, ["change"])  # type: ignore[arg-type]
    assert str(not_object.value) == "a kept change is not an object"
    with pytest.raises(ValueError) as unknown:
        apply_entry(store, {"op": "rename"})
    assert str(unknown.value) == "unknown kind of change 'rename'"
    with pytest.raises(ValueError) as nameless:
        apply_entry(store, {"op": "delete_view", "name": None})
    assert str(nameless.value) == "name is not text"
    apply_entry(store, view_entry("save_view", "a", "tag:a"))
    apply_entry(store, view_entry("save_view", "b", "tag:b"))
    apply_entry(store, view_entry("delete_view", "a"))
    assert store.views == [SavedView("b", "tag:b")]


def test_keep_appends_to_the_journal_file(db_path: Path) -> None:
    first, second = view_entry("save_view", "a", "q"), view_entry("delete_view", "a")
    assert keep(db_path, [first]) == journal_path(db_path)
    keep(db_path, [second])
    assert _journal(db_path) == {"version": 1, "changes": [first, second]}


@pytest.mark.parametrize("damaged", ['{"changes": {}}', "[1, 2]", "{not json"])
def test_keep_sets_a_damaged_journal_aside_and_starts_a_new_one(
    db_path: Path, damaged: str
) -> None:
    db_path.parent.mkdir(parents=True)
    journal_path(db_path).write_text(damaged, encoding="utf-8")
    entry = view_entry("save_view", "a", "q")
    keep(db_path, [entry])
    assert _journal(db_path) == {"version": 1, "changes": [entry]}
    (aside,) = db_path.parent.glob("annotations-pending.json.broken-*")
    assert aside.read_text(encoding="utf-8") == damaged


def test_keep_says_in_one_line_why_it_could_not_write(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path.parent.mkdir(parents=True)
    path = journal_path(db_path)
    fallback = pending.fallback_journal_path(db_path)
    monkeypatch.setattr(pending, "JOURNAL_LOCK_TIMEOUT", 0.05)
    with FileLock(str(path) + ".lock"), FileLock(str(fallback) + ".lock"):
        fallback.parent.mkdir(parents=True, exist_ok=True)
        with pytest.raises(JournalError) as locked:
            keep(db_path, [view_entry("save_view", "a", "q")])
    assert str(locked.value) == (
        f"{path}: locked by another reader; not written; "
        f"{fallback}: locked by another reader; not written"
    )
    path.mkdir()  # folders where the journals should be: they cannot be written
    fallback.mkdir()
    with pytest.raises(JournalError) as failed:
        keep(db_path, [view_entry("save_view", "a", "q")])
    assert str(failed.value) == (
        f"{path}: could not write (Is a directory); {fallback}: could not write (Is a directory)"
    )
    fallback.rmdir()  # the other place free again: kept there
    assert keep(db_path, [view_entry("save_view", "a", "q")]) == fallback


def test_applied_changes_are_reported_in_one_line_and_the_journal_goes(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    keep(
        db_path,
        [change_entry(Change("p", add_tags=("a",))), view_entry("save_view", "v", "tag:a")],
    )
    _date_journal(db_path)
    assert apply_kept(store) == (
        "Saved 2 changes kept when reader closed at 2026-11-28 10:15:00 "
        "(they could not be saved then)"
    )
    assert not journal_path(db_path).exists()
    assert store.get("p").tags == ("a",) and store.views == [SavedView("v", "tag:a")]


def test_damaged_entries_are_set_aside_in_a_journal_of_their_own(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    bad_one, bad_two = {"op": "change", "paper_id": 5}, {"op": "rename"}
    good = change_entry(Change("p", add_tags=("a",)))
    keep(db_path, [bad_one, good, bad_two, "not an object"])  # type: ignore[list-item]
    _date_journal(db_path)
    line = apply_kept(store)
    (aside,) = db_path.parent.glob("annotations-pending.json.broken-*")
    assert line == (
        "Saved 1 change kept when reader closed at 2026-11-28 10:15:00 "
        f"(they could not be saved then); 3 damaged changes set aside in {aside.name}"
    )
    assert json.loads(aside.read_text(encoding="utf-8")) == {
        "version": 1,
        "changes": [bad_one, bad_two, "not an object"],
    }
    assert not journal_path(db_path).exists() and store.get("p").tags == ("a",)


def test_a_database_busy_again_keeps_the_rest_in_order(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AnnotationStore.open(db_path)
    bad = {"op": "change", "paper_id": 5}
    entries = [
        change_entry(Change("p1", add_tags=("a",))),
        bad,
        change_entry(Change("p2", add_tags=("b",))),
        change_entry(Change("p3", add_tags=("c",))),
    ]
    keep(db_path, entries)
    real_apply = store.apply_delta

    def busy_for_p2(change: Change) -> object:
        if change.paper_id == "p2":
            raise DatabaseBusy(f"{db_path}: could not save (No space left on device)")
        return real_apply(change)

    monkeypatch.setattr(store, "apply_delta", busy_for_p2)
    assert apply_kept(store) == (
        "Applied 1 change kept from an earlier session; 2 still kept in "
        f"annotations-pending.json ({db_path}: could not save (No space left on device))"
    )
    # The damaged entry stays too (first), then the changes not yet applied, in order.
    assert _journal(db_path)["changes"] == [bad, *entries[2:]]
    assert store.get("p1").tags == ("a",) and store.get("p3").tags == ()


def test_a_journal_locked_elsewhere_waits_for_the_next_start(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AnnotationStore.open(db_path)
    assert apply_kept(store) == ""  # no journal: nothing to say
    keep(db_path, [change_entry(Change("p", add_tags=("a",)))])
    path = journal_path(db_path)
    monkeypatch.setattr(pending, "JOURNAL_LOCK_TIMEOUT", 0.05)
    with FileLock(str(path) + ".lock"):
        line = apply_kept(store)
    assert line == (f"{path}: changes kept from an earlier session wait (another reader has it)")
    assert path.is_file() and store.get("p").tags == ()


def test_an_unreadable_journal_is_set_aside_with_its_reason(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    path = journal_path(db_path)
    path.write_text('{"version": 1, "changes": "all"}', encoding="utf-8")
    line = apply_kept(store)
    (aside,) = db_path.parent.glob("annotations-pending.json.broken-*")
    assert line == (
        f"{path}: kept changes could not be read (not a list of kept changes); "
        f"set aside as {aside.name}"
    )
    assert not path.exists()


def test_keeping_nothing_writes_no_journal(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    assert keep(db_path, []) == journal_path(db_path)
    assert not journal_path(db_path).exists()
