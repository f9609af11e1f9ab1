"""Highlights: stored as add/remove-by-id deltas, undoable, merged, exported (issue 12, part 3)."""

from __future__ import annotations

import json
from pathlib import Path

from reader.cli_library import restore_exported_annotations
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.export import to_json, to_markdown
from reader.core.formats.common import build_paper
from reader.core.models import Highlight

PAPER = build_paper(title="Sparse Attention Is Enough", source="x", arxiv_id="2401.00001")


def mark(number: int, note: str = "") -> Highlight:
    return Highlight(
        f"h{number}", f"Quote number {number}.", "1  Introduction", number, 4, note, "2026"
    )


def test_highlights_are_saved_undone_and_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = AnnotationStore.open(path)
    applied = store.apply_delta(Change(PAPER.id, PAPER.title, add_highlights=(mark(1, "why"),)))
    assert applied.changed
    assert AnnotationStore.open(path).get(PAPER.id).highlights == (mark(1, "why"),)
    store.apply_delta(applied.inverse())
    assert AnnotationStore.open(path).get(PAPER.id).highlights == ()


def test_two_windows_merge_their_highlights(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    first, second = AnnotationStore.open(path), AnnotationStore.open(path)
    one = first.apply_delta(Change(PAPER.id, add_highlights=(mark(1),)))
    second.apply_delta(Change(PAPER.id, add_highlights=(mark(2),)))
    # Undoing window one's highlight keeps window two's.
    first.apply_delta(one.inverse())
    assert [item.id for item in AnnotationStore.open(path).get(PAPER.id).highlights] == ["h2"]


def test_a_damaged_highlight_does_not_cost_the_others(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    AnnotationStore.open(path).apply_delta(Change(PAPER.id, add_highlights=(mark(1),)))
    data = json.loads(path.read_text())
    table = next(
        t
        for name, t in data.items()
        if name != "_default"
        and isinstance(t, dict)
        and any(isinstance(r, dict) and r.get("id") == PAPER.id for r in t.values())
    )
    record = next(r for r in table.values() if r.get("id") == PAPER.id)
    record["highlights"].append({"id": 3, "quote": None})
    path.write_text(json.dumps(data))
    assert AnnotationStore.open(path).get(PAPER.id).highlights == (mark(1),)


def test_markdown_quotes_highlights_with_notes(tmp_path: Path) -> None:
    store = AnnotationStore.open(tmp_path / "db.json")
    store.apply_delta(Change(PAPER.id, add_highlights=(mark(1, "# not a heading\nsecond"),)))
    text = to_markdown([PAPER], lambda paper: store.get(paper.id))
    assert "**Highlights**\n\n> Quote number 1.\n> — 1 Introduction\n>\n" in text
    assert "> **Note:** # not a heading\n> second" in text


def test_json_export_and_import_round_trip_highlights(tmp_path: Path) -> None:
    store = AnnotationStore.open(tmp_path / "db.json")
    store.apply_delta(Change(PAPER.id, PAPER.title, add_highlights=(mark(1, "n"), mark(2))))
    exported = tmp_path / "export.json"
    exported.write_text(to_json([PAPER], lambda paper: store.get(paper.id)))
    other = tmp_path / "other.json"
    assert restore_exported_annotations([exported], other) == 1
    assert AnnotationStore.open(other).get(PAPER.id).highlights == (mark(1, "n"), mark(2))


def test_has_highlights_and_full_text_queries(tmp_path: Path) -> None:
    from reader.core.library import open_library
    from reader.core.query import QueryError, parse_query

    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    db = tmp_path / "data" / "db.json"
    library = open_library([fixtures / "arxiv-snapshot.jsonl"], db, use_cache=False)
    ids = [paper.id for paper in library.papers]
    assert "0704.0001" in ids and "0704.0002" in ids
    library.store.apply_delta(Change("0704.0001", add_highlights=(mark(1),)))
    found = library.search("has:highlights")
    assert [library.papers[i].id for i in found.indices] == ["0704.0001"]
    cached = db.parent / "fulltext" / "0704.0002.html"
    cached.parent.mkdir(parents=True)
    cached.write_bytes((fixtures / "latexml-paper.html").read_bytes())
    found = library.search("full:optimality")
    assert [library.papers[i].id for i in found.indices] == ["0704.0002"]
    assert len(library.search("full:nowhere-in-any-text")) == 0
    try:
        parse_query("has:nothing")
    except QueryError as error:
        assert "has: expects highlights" in str(error)
    else:
        raise AssertionError("has:nothing was accepted")
