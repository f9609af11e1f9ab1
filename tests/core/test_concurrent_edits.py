"""Two windows on one database: each applies only its own delta, and undo takes back only it."""

from __future__ import annotations

from pathlib import Path

from reader.core.annotations import AnnotationStore
from reader.core.changes import CONFLICT_MARK, Change
from reader.core.models import Status


def two_windows(db_path: Path) -> tuple[AnnotationStore, AnnotationStore]:
    return AnnotationStore.open(db_path), AnnotationStore.open(db_path)


def fresh(db_path: Path, paper_id: str = "p") -> tuple[Status, tuple[str, ...], str]:
    annotation = AnnotationStore.open(db_path).get(paper_id)
    return annotation.status, annotation.tags, annotation.note


def test_a_tag_dialog_saves_its_difference_not_its_whole_list(db_path: Path) -> None:
    from reader.core.library import Library
    from reader.core.models import Paper

    a_store, b_store = two_windows(db_path)
    paper = Paper("p", "Title")
    window_a = Library([paper], a_store, "a")
    opened_with = window_a.annotation(paper).tags  # A opens the dialog: no tags
    b_store.apply(Change("p", add_tags=("beta",)))  # B adds beta meanwhile
    a_store.refresh()  # A's poller sees it (the dialog is still open)
    window_a.set_tags(paper, ("mine",), base=opened_with)
    assert set(fresh(db_path)[1]) == {"beta", "mine"}


def test_removing_a_tag_in_a_dialog_keeps_tags_added_elsewhere(db_path: Path) -> None:
    from reader.core.library import Library
    from reader.core.models import Paper

    a_store, b_store = two_windows(db_path)
    a_store.apply(Change("p", add_tags=("old", "keep")))
    paper = Paper("p", "Title")
    window_a = Library([paper], a_store, "a")
    opened_with = window_a.annotation(paper).tags
    b_store.apply(Change("p", add_tags=("new",)))
    window_a.set_tags(paper, ("keep",), base=opened_with)
    assert fresh(db_path)[1] == ("keep", "new")


def test_undo_takes_back_only_this_windows_tag(db_path: Path) -> None:
    a_store, b_store = two_windows(db_path)
    mine = a_store.apply_delta(Change("p", add_tags=("xray",)))
    b_store.apply(Change("p", add_tags=("yankee",)))
    a_store.apply_delta(mine.inverse())
    assert fresh(db_path)[1] == ("yankee",)


def test_redo_is_the_inverse_of_the_undo(db_path: Path) -> None:
    a_store, b_store = two_windows(db_path)
    mine = a_store.apply_delta(Change("p", add_tags=("xray",), note="mine", status=Status.READ))
    undone = a_store.apply_delta(mine.inverse())
    assert fresh(db_path) == (Status.UNREAD, (), "")
    b_store.apply(Change("p", add_tags=("yankee",)))
    a_store.apply_delta(undone.inverse())
    assert fresh(db_path) == (Status.READ, ("yankee", "xray"), "mine")


def test_undoing_a_tag_removal_brings_back_only_that_tag(db_path: Path) -> None:
    a_store, b_store = two_windows(db_path)
    a_store.apply(Change("p", add_tags=("a", "b")))
    removal = a_store.apply_delta(Change("p", remove_tags=("a",)))
    b_store.apply(Change("p", remove_tags=("b",)))
    a_store.apply_delta(removal.inverse())
    assert fresh(db_path)[1] == ("a",)


def test_undoing_a_status_never_overrides_a_newer_status_from_elsewhere(db_path: Path) -> None:
    a_store, b_store = two_windows(db_path)
    mine = a_store.apply_delta(Change("p", status=Status.READ))
    b_store.apply(Change("p", status=Status.READING))
    a_store.apply_delta(mine.inverse())
    assert fresh(db_path)[0] is Status.READING
    # With nobody else in between, undo puts the status back.
    again = a_store.apply_delta(Change("q", status=Status.READ))
    a_store.apply_delta(again.inverse())
    assert fresh(db_path, "q")[0] is Status.UNREAD


def test_a_note_edited_in_two_windows_keeps_both_texts(db_path: Path) -> None:
    a_store, b_store = two_windows(db_path)
    a_store.apply(Change("p", note="start"))
    b_store.apply(Change("p", note="start, edited in B", note_base="start"))
    applied = a_store.apply_delta(Change("p", note="start, edited in A", note_base="start"))
    note = fresh(db_path)[2]
    assert applied.conflict
    assert note.startswith("start, edited in A\n\n" + CONFLICT_MARK)
    assert note.endswith("\nstart, edited in B")


def test_a_note_saved_from_the_stored_text_is_no_conflict(db_path: Path) -> None:
    a_store, _ = two_windows(db_path)
    a_store.apply(Change("p", note="start"))
    applied = a_store.apply_delta(Change("p", note="better", note_base="start"))
    assert not applied.conflict and fresh(db_path)[2] == "better"


def test_undoing_a_note_after_another_window_changed_it_keeps_their_text(db_path: Path) -> None:
    a_store, b_store = two_windows(db_path)
    mine = a_store.apply_delta(Change("p", note="mine", note_base=""))
    b_store.apply(Change("p", note="theirs", note_base="mine"))
    undone = a_store.apply_delta(mine.inverse())
    assert undone.conflict and fresh(db_path)[2].endswith("\ntheirs")


def test_applied_reports_whether_anything_changed(db_path: Path) -> None:
    store, _ = two_windows(db_path)
    assert store.apply_delta(Change("p", add_tags=("x",))).changed
    assert not store.apply_delta(Change("p", add_tags=("X",))).changed


def test_one_change_adding_a_tag_in_two_cases_stores_it_once(db_path: Path) -> None:
    # Found by the stateful test: a bulk edit adding "x" and "X" stored both.
    store, _ = two_windows(db_path)
    store.apply(Change("p", add_tags=("x", "X", "y")))
    assert fresh(db_path)[1] == ("x", "y")


def test_set_delta_and_merge_set_work_for_any_field_keyed_by_id() -> None:
    # A field of items with ids (highlights) uses the same delta as tags.
    from dataclasses import dataclass

    from reader.core.changes import merge_set, set_delta

    @dataclass(frozen=True)
    class Mark:
        id: str
        text: str

    opened_with = (Mark("1", "one"), Mark("2", "two"))
    saved = (Mark("2", "two"), Mark("3", "three"))
    added, removed = set_delta(opened_with, saved, lambda mark: mark.id)
    assert added == (Mark("3", "three"),) and removed == (Mark("1", "one"),)
    elsewhere = [Mark("1", "one"), Mark("2", "two"), Mark("9", "other window")]
    merged = merge_set(elsewhere, added, removed, lambda mark: mark.id)
    assert [mark.id for mark in merged] == ["2", "9", "3"]
