"""Annotation store: the exact inverse delta of an edit (issue 14, third pass).

Undo, and the journal that keeps an undo for the next start, carry the inverse Change as it
is: it must name the paper as the edit did and hold nothing the edit did not touch.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.annotations import AnnotationStore
from reader.core.changes import Change, merge_note, set_delta, tag_key
from reader.core.models import Annotation, Highlight, Status
from reader.core.storage import DatabaseError, NewerDatabase


def _store_with_a_highlighted_paper(db_path: Path) -> AnnotationStore:
    store = AnnotationStore.open(db_path)
    store.apply(
        Change(
            "p",
            "A Paper",
            "key-p",
            status=Status.READING,
            note="first",
            add_highlights=(Highlight("h1", "a quoted passage"),),
        )
    )
    return store


def test_the_inverse_of_a_tag_edit_holds_only_the_tag(db_path: Path) -> None:
    store = _store_with_a_highlighted_paper(db_path)
    applied = store.apply_delta(Change("p", "A Paper", "key-p", add_tags=("llm",)))
    assert applied.inverse() == Change("p", "A Paper", "key-p", remove_tags=("llm",))


def test_the_inverse_names_the_paper_by_title_and_title_key(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    applied = store.apply_delta(Change("p", "Its Title", "its-key", status=Status.READ))
    inverse = applied.inverse()
    assert (inverse.paper_id, inverse.title, inverse.title_key) == ("p", "Its Title", "its-key")
    assert inverse.status is Status.UNREAD and inverse.status_base is Status.READ


def test_the_inverse_of_a_status_and_note_edit_keeps_the_highlights(db_path: Path) -> None:
    store = _store_with_a_highlighted_paper(db_path)
    applied = store.apply_delta(
        Change("p", "A Paper", "key-p", status=Status.READ, note="second", note_base="first")
    )
    assert applied.inverse() == Change(
        "p",
        "A Paper",
        "key-p",
        status=Status.READING,
        status_base=Status.READ,
        note="first",
        note_base="second",
    )
    # Undoing it puts the status and note back and leaves the highlight in place.
    undone = store.apply(applied.inverse())
    assert (undone.status, undone.note) == (Status.READING, "first")
    assert [item.id for item in undone.highlights] == ["h1"]


def test_the_inverse_of_a_highlight_edit_swaps_added_and_removed(db_path: Path) -> None:
    store = _store_with_a_highlighted_paper(db_path)
    new = Highlight("h2", "another passage")
    applied = store.apply_delta(
        Change("p", "A Paper", "key-p", add_highlights=(new,), remove_highlights=("h1",))
    )
    inverse = applied.inverse()
    assert [item.id for item in inverse.add_highlights] == ["h1"]
    assert inverse.remove_highlights == ("h2",)
    assert inverse.add_tags == inverse.remove_tags == ()


def test_a_conflicting_note_keeps_the_new_text_with_its_inner_spacing() -> None:
    line = "--- conflict copy (STAMP): this note was also changed in another window ---"
    # Only the new note's trailing newlines go; its leading newline and spaces stay.
    assert merge_note("\n mine \n\n", "theirs", "base", "STAMP") == (
        f"\n mine \n\n{line}\ntheirs",
        True,
    )
    assert merge_note("seen by X\n", "theirs", "base", "STAMP") == (
        f"seen by X\n\n{line}\ntheirs",
        True,
    )
    # A new note of blank lines only: the conflict copy starts the note.
    assert merge_note("\n\n", "theirs", "base", "STAMP") == (f"{line}\ntheirs", True)


def test_a_delta_names_each_tag_once_whatever_its_case() -> None:
    assert set_delta((), ("x", "X", "y"), tag_key) == (("x", "y"), ())
    assert set_delta(("a", "A", "b"), (), tag_key) == ((), ("a", "b"))


def test_an_edit_without_a_note_reports_no_conflict(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    assert store.apply_delta(Change("p", add_tags=("a",))).conflict is False
    assert store.apply_delta(Change("p", note="n", note_base=None)).conflict is False


def test_a_conflict_copy_is_stamped_with_the_time_of_the_save(db_path: Path) -> None:
    one = AnnotationStore.open(db_path)
    two = AnnotationStore.open(db_path)
    one.apply(Change("p", note="start"))
    two.apply(Change("p", note="theirs", note_base="start"))
    applied = one.apply_delta(Change("p", note="mine", note_base="start"))
    assert applied.conflict is True
    stamp = applied.after.updated
    assert applied.after.note == (
        f"mine\n\n--- conflict copy ({stamp}): this note was also changed in another "
        "window ---\ntheirs"
    )


def test_the_stored_title_is_empty_text_when_none_was_saved(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    store.apply(Change("untitled", note="n"))
    store.apply(Change("titled", "A Title", "a-key", note="n"))
    assert store.stored_paper("untitled") == ("", "")
    reopened = AnnotationStore.open(db_path)
    assert reopened.stored_paper("untitled") == ("", "")
    assert reopened.stored_paper("titled") == ("A Title", "a-key")


def test_a_read_only_store_of_a_missing_database_is_empty(tmp_path: Path) -> None:
    store = AnnotationStore.open(tmp_path / "none.json", read_only=True)
    assert not (tmp_path / "none.json").exists()
    assert store.views == [] and store.stored_paper("p") == ("", "")
    assert dict(store.annotations) == {} and store.get("p") == Annotation("p")


def test_the_lock_is_waited_for_five_seconds_unless_told(db_path: Path) -> None:
    assert AnnotationStore.open(db_path).lock_timeout == 5.0
    assert AnnotationStore(db_path).lock_timeout == 5.0
    assert AnnotationStore.open(db_path, lock_timeout=0.5).lock_timeout == 0.5


def test_opening_a_current_database_keeps_no_schema_backup(db_path: Path) -> None:
    AnnotationStore.open(db_path).apply(Change("p", note="n"))
    AnnotationStore.open(db_path)
    assert sorted(path.name for path in db_path.parent.iterdir()) == [
        "annotations.json",
        "annotations.json.bak",
        "annotations.json.lock",
    ]


def test_an_old_database_without_a_migration_names_the_file(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    old = {"_meta": {"1": {"schema": 0}}, "annotations": {"1": {"id": "p"}}}
    db_path.write_text(json.dumps(old))
    with pytest.raises(DatabaseError) as caught:
        AnnotationStore.open(db_path)
    assert str(caught.value) == f"{db_path}: no migration from schema 0; cannot open"
    assert json.loads(db_path.read_text()) == old  # left as it was


def test_a_newer_database_written_meanwhile_is_refused_by_name(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    db_path.write_text(json.dumps({"_meta": {"1": {"schema": 99}}, "annotations": {}}))
    with pytest.raises(NewerDatabase) as caught:
        store.refresh()
    assert str(caught.value) == (
        f"{db_path}: written by a newer reader (schema 99); upgrade reader "
        "(this version reads up to schema 1)"
    )
