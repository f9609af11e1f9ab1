"""tokens (camelCase parts), reads_annotations, and the annotation store's small contracts."""

from __future__ import annotations

from pathlib import Path

from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.models import Highlight
from reader.core.query import reads_annotations
from reader.core.tokens import camel_parts


def test_every_camel_case_word_of_a_non_ascii_text_is_split() -> None:
    # The first word has two boundaries; the second must still be split.
    assert camel_parts("éaBcD eFg") == ["éa", "Bc", "D", "e", "Fg"]
    assert camel_parts("xaBcD eFg") == ["xa", "Bc", "D", "e", "Fg"]  # as the ASCII path does


def test_queries_that_read_annotations_follow_edits() -> None:
    for query in ("tag:x", "status:read", "has:highlights", "-tag:x", "a | (b tag:y)"):
        assert reads_annotations(query), query
    for query in ("graph", "cat:cs.LG", "full:word", "(broken"):
        assert not reads_annotations(query), query


def test_a_paper_never_annotated_has_no_stored_title(tmp_path: Path) -> None:
    store = AnnotationStore.open(tmp_path / "db.json")
    assert store.stored_paper("2401.00001") == ("", "")


def test_a_highlight_id_is_stored_once(tmp_path: Path) -> None:
    store = AnnotationStore.open(tmp_path / "db.json")
    mark = Highlight(id="h1", quote="a passage")
    store.apply_delta(Change("2401.00001", "T", add_highlights=(mark,)))
    store.apply_delta(Change("2401.00001", "T", add_highlights=(mark,)))
    assert store.get("2401.00001").highlights == (mark,)
    assert AnnotationStore.open(tmp_path / "db.json").get("2401.00001").highlights == (mark,)
