"""Annotation store: the exact inverse delta of an edit (issue 14, third pass).

Undo, and the journal that keeps an undo for the next start, carry the inverse Change as it
is: it must name the paper as the edit did and hold nothing the edit did not touch.
"""

from __future__ import annotations

from pathlib import Path

from reader.core.annotations import AnnotationStore, Change, merge_note, set_delta, tag_key
from reader.core.models import Highlight, Status


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
