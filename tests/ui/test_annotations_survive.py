"""Undo/redo, another instance's writes, $EDITOR notes, and failed saves, through Pilot."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli import make_app
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.ui.screens.dialogs import NoteDialog
from tests.ui.conftest import AppPilot
from tests.ui.helpers import notifications, screen_text, settle, stored

SIZE = (100, 30)


async def test_undo_and_redo_tags_note_and_status(app_pilot: AppPilot, db_path: Path) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    paper = app.library.papers[0]
    await pilot.press("t", *"keep", "enter")
    await settle(pilot)
    await pilot.press("t", *"oops", "enter", "s")
    await pilot.press("n", *"draft", "ctrl+s")
    await settle(pilot)
    record = stored(db_path)[paper.id]
    assert record["tags"] == ["keep", "oops"] and record["note"] == "draft"
    assert record["status"] == "reading"

    await pilot.press("u")
    await settle(pilot)
    assert stored(db_path)[paper.id]["note"] == ""
    assert 'Undid note on "SAM-CLIP' in notifications(app)
    await pilot.press("u", "u")
    await settle(pilot)
    record = stored(db_path)[paper.id]
    assert record["status"] == "unread" and record["tags"] == ["keep"]
    assert "#oops" not in screen_text(app) and "#keep" in screen_text(app)

    await pilot.press("ctrl+r")
    await settle(pilot)
    assert stored(db_path)[paper.id]["tags"] == ["keep", "oops"]
    await pilot.press("ctrl+r", "ctrl+r", "ctrl+r")
    await settle(pilot)
    record = stored(db_path)[paper.id]
    assert record["status"] == "reading" and record["note"] == "draft"
    assert "Nothing to redo" in notifications(app)

    # A new change clears what could be redone.
    await pilot.press("u", "r")
    await settle(pilot)
    await pilot.press("ctrl+r")
    await settle(pilot)
    assert stored(db_path)[paper.id]["note"] == ""


async def test_undo_with_nothing_to_undo(app_pilot: AppPilot, db_path: Path) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    await pilot.press("u")
    await settle(pilot)
    assert "Nothing to undo" in notifications(app)
    assert stored(db_path) == {}


async def test_changes_from_another_instance_show_up_in_place(
    app_pilot: AppPilot, db_path: Path
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    await pilot.press("j", "j", "j")
    fourth = app.library.papers[3]
    first = app.library.papers[0]
    other = AnnotationStore.open(db_path)
    other.apply(Change(first.id, add_tags=("fromother",)))
    other.apply(Change(fourth.id, note="note from the other window"))
    await pilot.pause(1.2)
    await settle(pilot)
    assert "#fromother" in screen_text(app)
    assert app.current_paper is fourth  # cursor did not move
    await pilot.press("enter", "G")
    await pilot.pause()
    assert "note from the other window" in screen_text(app)
    # Our own change on top keeps theirs.
    await pilot.press("escape", "g", "t", *"mine", "enter")
    await settle(pilot)
    assert stored(db_path)[first.id]["tags"] == ["fromother", "mine"]


async def test_a_note_being_edited_is_not_discarded_by_a_refresh(
    app_pilot: AppPilot, db_path: Path
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    paper = app.library.papers[0]
    await pilot.press("n", *"half written")
    AnnotationStore.open(db_path).apply(Change(paper.id, add_tags=("x",)))
    await pilot.pause(1.2)
    assert isinstance(app.screen, NoteDialog) and app.screen.text == "half written"
    await pilot.press("ctrl+s")
    await settle(pilot)
    record = stored(db_path)[paper.id]
    assert record["note"] == "half written" and record["tags"] == ["x"]


async def test_note_in_external_editor(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", 'sh -c \'printf "written in the editor" >> "$0"\'')
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert stored(db_path)[app.library.papers[0].id]["note"] == "written in the editor"
        monkeypatch.setenv("EDITOR", "false")
        await pilot.press("e")
        await settle(pilot)
        assert "exited with status 1" in notifications(app)
        assert stored(db_path)[app.library.papers[0].id]["note"] == "written in the editor"


@pytest.mark.parametrize("editor", ["nosucheditor", "/nonexistent/editor", "DIR", "''"])
def test_an_editor_that_cannot_start_never_takes_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, editor: str
) -> None:
    # A hostile tester's VISUAL=nosucheditor left a blank screen and the app waiting for
    # good: the program failed to start inside the suspended app.
    from contextlib import contextmanager

    from reader.ui.note_editor import edit_in_external_editor

    handed_over: list[bool] = []

    class Terminal:
        @contextmanager
        def suspend(self) -> Iterator[None]:
            handed_over.append(True)
            yield  # a real app does not resume when the block raises

    monkeypatch.setenv("VISUAL", str(tmp_path) if editor == "DIR" else editor)
    outcome = edit_in_external_editor(Terminal(), "my note")  # type: ignore[arg-type]
    assert handed_over == [] and outcome.note is None and outcome.severity == "warning"
    assert outcome.message.startswith("Could not start ")
    assert outcome.message.endswith("; using the built-in editor") and outcome.use_builtin


async def test_external_editor_appending_a_line_starts_a_new_line(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", 'sh -c \'printf "second line\\n" >> "$0"\'')
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper = app.library.papers[0]
        app.library.set_note(paper, "first line")
        await pilot.press("e")
        await settle(pilot)
        assert stored(db_path)[paper.id]["note"] == "first line\nsecond line"
        monkeypatch.setenv("EDITOR", "true")  # saved without a change: read back as written
        await pilot.press("e")
        await settle(pilot)
        assert stored(db_path)[paper.id]["note"] == "first line\nsecond line"


async def test_without_an_editor_e_opens_the_built_in_one(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)


async def test_a_failed_save_is_reported_and_the_file_kept(
    app_pilot: AppPilot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    await pilot.press("t", *"saved", "enter")
    await settle(pilot)
    before = db_path.read_bytes()

    def no_space(*_: object) -> None:
        raise OSError(28, "No space left on device")

    app.saver.first_pause = app.saver.longest_pause = 0.1
    monkeypatch.setattr(os, "replace", no_space)
    await pilot.press("s")
    for _ in range(100):  # the failure is said once; the change waits for room
        if "kept, retrying" in notifications(app):
            break
        await pilot.pause(0.05)
    assert app.is_running
    assert "could not save (No space left on device); 1 change kept" in notifications(app)
    assert db_path.read_bytes() == before
    assert "◐" not in screen_text(app)  # the screen does not claim it was saved
    monkeypatch.undo()  # room again: the kept change lands
    await settle(pilot)
    assert "◐" in screen_text(app)
