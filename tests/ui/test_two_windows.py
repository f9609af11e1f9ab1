"""Two windows on one database, through the UI: nothing the other window saved is lost."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest
from textual.widgets import Input

from reader.cli import make_app
from reader.core.annotations import AnnotationStore
from reader.core.changes import CONFLICT_MARK, Change, parse_tags
from tests.ui.conftest import AppPilot
from tests.ui.helpers import notifications, settle, stored

SIZE = (100, 30)


async def test_tag_dialog_keeps_a_tag_added_in_another_window(
    app_pilot: AppPilot, db_path: Path
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    paper = app.library.papers[0]
    await pilot.press("t")  # the dialog opens with no tags
    other = AnnotationStore.open(db_path)
    other.apply(Change(paper.id, paper.title, paper.title_key, add_tags=("beta",)))
    await pilot.pause(0.7)  # the poller reloads the other window's write
    await pilot.press(*"mine", "enter")
    await settle(pilot)
    assert sorted(stored(db_path)[paper.id]["tags"]) == ["beta", "mine"]
    # The confirmation names what is stored, not only what this window typed.
    assert app.confirmations[-1] == f"Tags: {', '.join(stored(db_path)[paper.id]['tags'])}"


async def test_undo_takes_back_only_this_windows_tag(app_pilot: AppPilot, db_path: Path) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    paper = app.library.papers[0]
    await pilot.press("t", *"xray", "enter")
    await settle(pilot)
    other = AnnotationStore.open(db_path)
    other.apply(Change(paper.id, paper.title, paper.title_key, add_tags=("yankee",)))
    await pilot.pause(0.7)
    await pilot.press("u")
    await settle(pilot)
    assert stored(db_path)[paper.id]["tags"] == ["yankee"]
    await pilot.press("ctrl+r")
    await settle(pilot)
    assert stored(db_path)[paper.id]["tags"] == ["yankee", "xray"]


async def test_note_edited_in_two_windows_keeps_both(app_pilot: AppPilot, db_path: Path) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    paper = app.library.papers[0]
    await pilot.press("n", *"from A")  # the editor opened on an empty note
    other = AnnotationStore.open(db_path)
    other.apply(Change(paper.id, paper.title, paper.title_key, note="from B"))
    await pilot.pause(0.7)
    await pilot.press("ctrl+s")
    await settle(pilot)
    note = stored(db_path)[paper.id]["note"]
    assert note.startswith("from A\n\n" + CONFLICT_MARK) and note.endswith("\nfrom B")
    assert "both versions are kept" in notifications(app)


# Saving while another process holds the lock: tests/ui/test_saves_kept_for_retry.py


# Two real windows (two apps on one database) ------------------------------------------------


async def test_two_apps_tag_dialogs_open_at_once_keep_both_tags(db_path: Path) -> None:
    window_a, window_b = make_app(db_path=db_path), make_app(db_path=db_path)
    async with window_a.run_test(size=SIZE) as a, window_b.run_test(size=SIZE) as b:
        await settle(a)
        await settle(b)
        paper = window_a.library.papers[0]
        assert window_b.library.papers[0] == paper
        await a.press("t")  # A's dialog opens on no tags
        await b.press("t", *"beta", "enter")  # B saves beta meanwhile
        await settle(b)
        await a.pause(0.7)  # A's poller reloads B's write while its dialog is open
        await a.press(*"mine", "enter")
        await settle(a)
        assert sorted(stored(db_path)[paper.id]["tags"]) == ["beta", "mine"]
        await a.press("u")  # A takes back its own tag only
        await settle(a)
        assert stored(db_path)[paper.id]["tags"] == ["beta"]
        await b.pause(0.7)
        assert window_b.library.annotation(paper).tags == ("beta",)  # B sees it too


async def test_two_apps_status_undo_keeps_the_other_windows_newer_status(db_path: Path) -> None:
    window_a, window_b = make_app(db_path=db_path), make_app(db_path=db_path)
    async with window_a.run_test(size=SIZE) as a, window_b.run_test(size=SIZE) as b:
        await settle(a)
        await settle(b)
        paper = window_a.library.papers[0]
        await a.press("r")  # A: read
        await settle(a)
        await b.pause(0.7)
        await b.press("s")  # B cycles on from read: unread
        await settle(b)
        await b.press("s")  # and again: reading
        await settle(b)
        assert stored(db_path)[paper.id]["status"] == "reading"
        await a.press("u")  # A's undo must not put "unread" over B's "reading"
        await settle(a)
        assert stored(db_path)[paper.id]["status"] == "reading"


async def test_bulk_tags_apply_their_delta_and_undo_only_it(
    app_pilot: AppPilot, db_path: Path
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    first, second = app.library.papers[0], app.library.papers[1]
    app.paper_list.focus()
    await pilot.press("space", "space")  # mark the first two papers
    await pilot.press("t")  # the dialog opens on the tags they share: none
    other = AnnotationStore.open(db_path)
    other.apply(Change(first.id, first.title, first.title_key, add_tags=("theirs",)))
    await pilot.pause(0.7)
    await pilot.press(*"mine", "enter")
    await settle(pilot)
    assert stored(db_path)[first.id]["tags"] == ["theirs", "mine"]
    assert stored(db_path)[second.id]["tags"] == ["mine"]
    other.apply(Change(second.id, second.title, second.title_key, add_tags=("later",)))
    await pilot.pause(0.7)
    await pilot.press("u")  # one step: "mine" leaves both papers, nothing else does
    await settle(pilot)
    assert stored(db_path)[first.id]["tags"] == ["theirs"]
    assert stored(db_path)[second.id]["tags"] == ["later"]
    await pilot.press("ctrl+r")
    await settle(pilot)
    assert stored(db_path)[first.id]["tags"] == ["theirs", "mine"]
    assert stored(db_path)[second.id]["tags"] == ["later", "mine"]


EDITOR_AND_OTHER_WINDOW = """
import os, sys
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
# While the reader is in $EDITOR, another window saves a note on the same paper...
store = AnnotationStore.open(__import__("pathlib").Path(os.environ["TEST_DB"]))
store.apply(Change(os.environ["TEST_PAPER"], note="written in window B"))
# ...and the reader writes theirs in the editor.
with open(sys.argv[1], "a", encoding="utf-8") as note:
    note.write("written in the editor")
"""


async def test_editor_note_saved_after_another_window_changed_it_keeps_both(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_AND_OTHER_WINDOW, encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    monkeypatch.setenv("TEST_DB", str(db_path))
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper = app.library.papers[0]
        monkeypatch.setenv("TEST_PAPER", paper.id)
        await pilot.press("e")
        await settle(pilot)
        note = stored(db_path)[paper.id]["note"]
        assert note.startswith("written in the editor\n\n" + CONFLICT_MARK)
        assert note.endswith("\nwritten in window B")
        assert "both versions are kept" in notifications(app)


async def test_bulk_dialog_shares_a_tag_written_in_two_cases(db_path: Path) -> None:
    other = AnnotationStore.open(db_path)
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first, second = app.library.papers[0], app.library.papers[1]
        other.apply(Change(first.id, first.title, first.title_key, add_tags=("LLM", "a")))
        other.apply(Change(second.id, second.title, second.title_key, add_tags=("llm", "b")))
        await pilot.pause(0.7)
        app.paper_list.focus()
        await pilot.press("space", "space", "t")
        field = app.screen.query_one(Input)
        assert parse_tags(field.value) == ("LLM",)  # one tag, shared by both papers
        field.value = ""  # the reader removes it
        await pilot.press("enter")
        await settle(pilot)
        assert stored(db_path)[first.id]["tags"] == ["a"]
        assert stored(db_path)[second.id]["tags"] == ["b"]
