"""The pending journal: changes kept when reader closed on a busy database, applied next start."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.library import open_library
from reader.core.models import Highlight, Status
from reader.core.pending import (
    JournalError,
    apply_kept,
    change_entry,
    change_from_entry,
    fallback_journal_path,
    journal_path,
    keep,
    view_entry,
)

texts = st.text(max_size=20)
tags = st.lists(st.text(min_size=1, max_size=8), max_size=3).map(tuple)
statuses = st.sampled_from(list(Status))
changes = st.builds(
    Change,
    st.text(min_size=1, max_size=12),
    texts,
    texts,
    status=st.none() | statuses,
    cycle_status=st.booleans(),
    cycle=st.lists(statuses, min_size=1, max_size=3).map(tuple),
    add_tags=tags,
    remove_tags=tags,
    note=st.none() | texts,
    note_base=st.none() | texts,
    status_base=st.none() | statuses,
    add_highlights=st.lists(
        st.builds(Highlight, st.text("abc", min_size=1), st.text("xyz", min_size=1)), max_size=2
    ).map(tuple),
    remove_highlights=tags,
)


@settings(max_examples=200, deadline=None)
@given(changes)
def test_a_kept_change_reads_back_as_the_same_change(change: Change) -> None:
    assert change_from_entry(change_entry(change)) == change


def test_kept_changes_apply_in_order_at_the_next_start(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    keep(db_path, [change_entry(Change("p1", "One", add_tags=("a",)))])
    keep(
        db_path,
        [
            change_entry(Change("p1", "One", remove_tags=("a",), add_tags=("b",))),
            view_entry("save_view", "mine", "tag:b"),
        ],
    )
    line = apply_kept(store)
    assert line.startswith("Saved 3 changes kept when reader closed at ")
    assert store.get("p1").tags == ("b",)
    assert [view.name for view in store.views] == ["mine"]
    assert not journal_path(db_path).exists()
    assert apply_kept(store) == ""  # applied once only


def test_a_still_busy_database_keeps_the_rest_for_later(db_path: Path) -> None:
    store = AnnotationStore.open(db_path, lock_timeout=0.2)
    keep(db_path, [change_entry(Change("p1", add_tags=("a",)))])
    with FileLock(str(db_path) + ".lock"):
        line = apply_kept(store)
    assert "0 changes" in line and "1 still kept" in line
    assert journal_path(db_path).is_file()
    assert apply_kept(store).startswith("Saved 1 change kept")
    assert store.get("p1").tags == ("a",)


def test_a_damaged_journal_is_set_aside_not_lost(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    journal_path(db_path).write_text("{not json", encoding="utf-8")
    line = apply_kept(store)
    assert "could not be read" in line and "set aside" in line
    kept = list(db_path.parent.glob("annotations-pending.json.broken-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{not json"


def test_a_damaged_entry_is_set_aside_and_the_others_applied(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    keep(db_path, [{"op": "change", "paper_id": 5}, change_entry(Change("p2", add_tags=("x",)))])
    line = apply_kept(store)
    assert "Saved 1 change kept" in line and "1 damaged change set aside" in line
    assert store.get("p2").tags == ("x",)
    assert len(list(db_path.parent.glob("annotations-pending.json.broken-*"))) == 1


def test_opening_the_library_applies_them_and_says_so_but_read_only_never(
    db_path: Path, sample_path: Path
) -> None:
    AnnotationStore.open(db_path)
    keep(db_path, [change_entry(Change("p9", add_tags=("kept",)))])
    read_only = open_library([sample_path], db_path, read_only=True)
    assert journal_path(db_path).is_file() and read_only.store.get("p9").tags == ()
    library = open_library([sample_path], db_path)
    assert library.store.get("p9").tags == ("kept",)
    assert library.warnings[0].startswith("Saved 1 change kept when reader closed at ")


def test_a_journal_that_cannot_go_beside_the_database_goes_to_the_state_folder(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A tester filled the database's disk: the journal beside it failed as the save had,
    # and the changes were lost although the home folder had room.
    import reader.core.pending as pending

    store = AnnotationStore.open(db_path)
    beside = journal_path(db_path)
    real_write = pending._write

    def full_disk(path: Path, entries: object) -> None:
        if path.parent == beside.parent:
            raise OSError(28, "No space left on device")
        real_write(path, entries)  # type: ignore[arg-type]

    monkeypatch.setattr(pending, "_write", full_disk)
    kept = keep(db_path, [change_entry(Change("p1", "One", add_tags=("kept",)))])
    assert kept == fallback_journal_path(db_path) and kept.is_file() and not beside.exists()
    assert kept.is_relative_to(Path(os.environ["XDG_STATE_HOME"]))
    keep(db_path, [change_entry(Change("p1", "One", add_tags=("more",)))])
    monkeypatch.setattr(pending, "_write", real_write)
    line = apply_kept(store)  # the next start finds them there
    assert line.startswith("Saved 2 changes kept when reader closed at ")
    assert store.get("p1").tags == ("kept", "more") and not kept.exists()
    other = db_path.with_name("other.json")
    assert fallback_journal_path(other) != kept  # each database has its own


def test_a_journal_that_cannot_be_written_anywhere_says_both_places(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.core.pending as pending

    AnnotationStore.open(db_path)

    def no_room(path: Path, entries: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pending, "_write", no_room)
    with pytest.raises(JournalError) as raised:
        keep(db_path, [change_entry(Change("p1", "One", add_tags=("kept",)))])
    message = str(raised.value)
    assert str(journal_path(db_path)) in message
    assert str(fallback_journal_path(db_path)) in message and "\n" not in message
