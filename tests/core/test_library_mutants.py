"""Library: filters, labels, edits as deltas, undo targets and opening errors (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.annotations import SavedView
from reader.core.library import Library, LibraryError, open_library
from reader.core.models import SortMode, Status
from reader.core.query import Filter


def _snapshot(tmp_path: Path, name: str = "snap.jsonl") -> Path:
    records = [
        {"id": "2401.00001", "title": "Alpha Paper", "update_date": "2024-01-31"},
        {"id": "2402.00002", "title": "Beta Paper", "update_date": "2024-02-01"},
        {"id": "2312.00003", "title": "Gamma Paper", "update_date": "2023-12-31"},
        {"title": "Delta Paper Without Date"},
    ]
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return path


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return open_library([_snapshot(tmp_path)], tmp_path / "db.json", use_cache=False)


def _ids(library: Library, condition: Filter) -> list[str]:
    mask = library.filter_mask(condition)
    return [paper.id for paper, hit in zip(library.papers, mask, strict=True) if hit]


def test_tag_and_status_filters_follow_edits(library: Library) -> None:
    alpha, beta, gamma, _ = library.papers
    library.set_tags(alpha, ("LLM", "vision"))
    library.set_tags(beta, ("llm-small",))
    library.set_status(gamma, Status.READ)
    assert _ids(library, Filter("tag", "llm")) == ["2401.00001"]
    assert _ids(library, Filter("tag", "LLM*")) == ["2401.00001", "2402.00002"]
    assert _ids(library, Filter("tag", "vis")) == []
    assert _ids(library, Filter("status", "read")) == ["2312.00003"]
    assert _ids(library, Filter("status", "unread")) == [
        "2401.00001",
        "2402.00002",
        library.papers[3].id,
    ]
    assert library.count("tag:llm*") == 2 and library.count("status:read") == 1


def test_tags_on_papers_not_open_are_ignored(tmp_path: Path, library: Library) -> None:
    from reader.core.changes import Change

    library.store.apply(Change("9999.99999", add_tags=("llm",)))
    assert _ids(library, Filter("tag", "llm")) == []
    assert library.tag_counts() == {"llm": 1}


def test_set_tags_sends_only_the_difference(library: Library) -> None:
    alpha = library.papers[0]
    library.set_tags(alpha, ("a", "B"))
    applied = library.set_tags(alpha, ("b", "c"))
    assert applied.change.add_tags == ("c",) and applied.change.remove_tags == ("a",)
    assert applied.after.tags == ("B", "c") and applied.before.tags == ("a", "B")
    assert library.set_tags(alpha, ()).after.tags == ()


def test_set_tags_from_a_base_keeps_tags_added_elsewhere(library: Library) -> None:
    alpha = library.papers[0]
    library.set_tags(alpha, ("mine",))
    library.set_tags(alpha, ("mine", "theirs"))  # another window, say
    applied = library.set_tags(alpha, ("mine", "new"), base=("mine",))
    assert applied.after.tags == ("mine", "theirs", "new")


def test_undoing_an_edit_takes_back_only_that_edit(library: Library) -> None:
    alpha = library.papers[0]
    library.set_status(alpha, Status.READING)
    library.set_tags(alpha, ("x", "y"))
    library.set_note(alpha, "old")
    status = library.set_status(alpha, Status.READ)
    tags = library.set_tags(alpha, ("y", "z"))
    note = library.set_note(alpha, "new", base="old")
    assert (status.changed, tags.changed, note.changed) == (True, True, True)
    library.apply(tags.inverse())
    after = library.annotation(alpha)
    assert (after.status, after.tags, after.note) == (Status.READ, ("y", "x"), "new")
    library.apply(status.inverse())
    library.apply(note.inverse())
    after = library.annotation(alpha)
    assert (after.status, after.tags, after.note) == (Status.READING, ("y", "x"), "old")


def test_setting_the_same_value_changes_nothing(library: Library) -> None:
    alpha = library.papers[0]
    first = library.set_status(alpha, Status.READ)
    again = library.set_status(alpha, Status.READ)
    assert first.changed and not again.changed
    assert again.after.status_changed == first.after.status_changed


def test_cycle_status_uses_the_library_cycle(library: Library) -> None:
    alpha = library.papers[0]
    library.status_cycle = (Status.UNREAD, Status.READ)
    assert library.cycle_status(alpha).after.status is Status.READ
    assert library.cycle_status(alpha).after.status is Status.UNREAD
    assert library.annotation(alpha).status is Status.UNREAD


def test_change_carries_title_and_key(library: Library) -> None:
    alpha = library.papers[0]
    change = library.change(alpha, note="n")
    assert (change.paper_id, change.title, change.title_key, change.note) == (
        alpha.id,
        alpha.title,
        alpha.title_key,
        "n",
    )
    library.set_note(alpha, "n")
    record = next(iter(json.loads(library.store.path.read_text())["annotations"].values()))
    assert record["title"] == "Alpha Paper" and record["title_key"] == alpha.title_key


def test_views_pass_through(library: Library) -> None:
    assert library.views() == []
    assert library.save_view("v", "alpha") == [SavedView("v", "alpha")]
    assert library.views() == [SavedView("v", "alpha")]
    assert library.delete_view("v") == []


def test_sort_modes_order_ties(library: Library) -> None:
    library.sort = SortMode.DATE
    assert [library.papers[i].id for i in library.search("paper").indices] == [
        "2402.00002",
        "2401.00001",
        "2312.00003",
        library.papers[3].id,
    ]
    library.set_status(library.papers[0], Status.READ)
    library.sort = SortMode.STATUS
    assert library.search("paper").indices[-1] == 0
    library.sort = SortMode.TITLE
    assert list(library.search("paper").indices) == [0, 1, 3, 2]
    assert library.index_ready and library.index_progress == 1.0


def test_labels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "db.json"
    one = _snapshot(tmp_path, "one.jsonl")
    two = _snapshot(tmp_path, "two.jsonl")
    assert open_library([one], db, use_cache=False).label == "one.jsonl"
    assert open_library([one, two], db, use_cache=False).label == "2 files"
    # A tester opened one good file among four bad ones: the header said "5 files".
    missing, empty = tmp_path / "missing.jsonl", tmp_path / "empty.txt"
    empty.write_text("")
    assert open_library([one, missing, empty], db, use_cache=False).label == "1 of 3 files"
    assert open_library([one, two, missing], db, use_cache=False).label == "2 of 3 files"
    bundled = open_library([], db, use_cache=False)
    assert bundled.label == "Bundled sample: trending-papers.txt" and len(bundled.papers) == 80
    folder = tmp_path / "library"
    folder.mkdir(exist_ok=True)
    (folder / "a.jsonl").write_text(one.read_text())
    assert open_library([], db, use_cache=False).label == "Library: 1 file"
    (folder / "b.jsonl").write_text(two.read_text())
    assert open_library([], db, use_cache=False).label == "Library: 2 files"


def test_opening_errors_are_one_line(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    missing = tmp_path / "missing.txt"
    with pytest.raises(LibraryError) as caught:
        open_library([missing], db, use_cache=False)
    assert str(caught.value) == f"{missing}: no such file"
    good = _snapshot(tmp_path)
    library = open_library([good, missing], db, use_cache=False)
    assert library.warnings == [f"{missing}: no such file"] and library.cache_key is None
    db.write_text("[]")  # it has a backup from the opens above
    with pytest.raises(LibraryError) as caught:
        open_library([good], db, use_cache=False)
    assert str(caught.value) == (
        f"{db}: not an annotations database (top level is a list); "
        "run 'reader db check' to see why, 'reader db restore' to restore the backup"
    )
    fresh = tmp_path / "fresh.json"
    fresh.write_text("[]")
    with pytest.raises(LibraryError) as caught:
        open_library([good], fresh, use_cache=False)
    assert str(caught.value) == (
        f"{fresh}: not an annotations database (top level is a list); "
        "move the file aside to start a new database"
    )


def test_title_only_annotations_count_for_status_filters(tmp_path: Path) -> None:
    from reader.core.changes import Change

    library = open_library([_snapshot(tmp_path)], tmp_path / "db.json", use_cache=False)
    alpha = library.papers[0]
    library.store.apply(Change(f"title:{alpha.title_key}", status=Status.READ))
    assert _ids(library, Filter("status", "read")) == [alpha.id]
