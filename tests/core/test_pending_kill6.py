"""The pending journal's other place and the lines about it (issue 14, sixth pass).

The fallback journal's name is pinned whole: a journal kept by one version of reader must
be found by the next, so the folder and the name (a digest of the database's real path)
never change.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.pending import (
    JournalError,
    apply_kept,
    change_entry,
    fallback_journal_path,
    journal_path,
    keep,
)

CLOSED_AT = datetime(2026, 11, 28, 10, 15, 0)


def _state() -> Path:
    return Path(os.environ["XDG_STATE_HOME"]) / "reader"


def test_the_fallback_journal_has_a_stable_name_from_the_database_path() -> None:
    db = Path("/nonexistent-reader/db/annotations.json")
    expected = _state() / "pending" / "annotations-356723f9497d-pending.json"
    assert fallback_journal_path(db) == expected
    # Same file name in another folder: another journal.
    other = fallback_journal_path(Path("/nonexistent-reader/other/annotations.json"))
    assert other.parent == expected.parent and other != expected


def test_a_database_in_a_folder_named_in_no_utf_8_has_a_fallback_journal() -> None:
    # A Latin-1 "café" folder: its byte 0xE9 is no UTF-8, the path keeps it as a surrogate.
    db = Path(os.fsdecode(b"/nonexistent-reader/caf\xe9/annotations.json"))
    expected = _state() / "pending" / "annotations-85e34ca25e53-pending.json"
    assert fallback_journal_path(db) == expected


def test_keep_says_why_the_state_folder_could_not_be_made(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    path = journal_path(db_path)
    path.mkdir()  # beside the database: cannot be written
    fallback = fallback_journal_path(db_path)
    fallback.parent.parent.mkdir(parents=True)
    fallback.parent.write_text("", encoding="utf-8")  # a file where its folder should be
    with pytest.raises(JournalError) as failed:
        keep(db_path, [change_entry(Change("p1", "One", add_tags=("kept",)))])
    assert str(failed.value) == (
        f"{path}: could not write (Is a directory); {fallback}: could not write (File exists)"
    )


def test_journals_in_both_places_are_applied_and_said_in_one_line(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    beside, fallback = journal_path(db_path), fallback_journal_path(db_path)
    fallback.parent.mkdir(parents=True)
    for path, tag in ((beside, "beside"), (fallback, "fallback")):
        entry = change_entry(Change("p1", "One", add_tags=(tag,)))
        path.write_text(json.dumps({"version": 1, "changes": [entry]}), encoding="utf-8")
        os.utime(path, (CLOSED_AT.timestamp(), CLOSED_AT.timestamp()))
    saved = (
        "Saved 1 change kept when reader closed at 2026-11-28 10:15:00 "
        "(they could not be saved then)"
    )
    assert apply_kept(store) == f"{saved}; {saved}"
    assert store.get("p1").tags == ("beside", "fallback")
    assert not beside.exists() and not fallback.exists()
