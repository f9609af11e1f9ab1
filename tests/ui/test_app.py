"""Behaviour tests: press keys as a person would; check the screen and the file on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from reader.cli import make_app
from reader.ui.screens.dialogs import ConfirmDialog, NoteDialog, TagsDialog
from reader.ui.screens.help import HelpScreen
from tests.ui.conftest import AppPilot
from tests.ui.helpers import focused, notifications, screen_text, settle, stored

SIZE = (80, 24)
TINY = "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?"


async def test_opens_sample_and_says_so(app_pilot: AppPilot) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    text = screen_text(app)
    assert "Bundled sample: trending-papers.txt" in text
    assert "80 of 80 papers" in text
    assert "SAM-CLIP: Merging Vision Foundation Models" in text
    assert focused(app) is app.paper_list


async def test_navigation_keys(app_pilot: AppPilot) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    papers = app.library.papers
    await pilot.press("j", "j", "down")
    assert app.current_paper is papers[3]
    await pilot.press("k", "up")
    assert app.current_paper is papers[1]
    await pilot.press("G")
    assert app.current_paper is papers[-1]
    assert papers[-1].title[:40] in screen_text(app)
    await pilot.press("g")
    assert app.current_paper is papers[0]
    await pilot.press("end", "home", "pagedown")
    assert app.paper_list.cursor > 3
    await pilot.press("pageup")
    assert app.paper_list.cursor == 0


async def test_reading_pane_shows_the_selected_paper(db_path: Path) -> None:
    app = make_app(db_path=db_path, theme="reader-light")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        second = app.library.papers[1]
        text = screen_text(app)
        assert text.count(second.title[:45]) == 2  # in the list and in the pane
        assert "Listed Mar 13" in text and second.abstract[:30] in text
        await pilot.press("enter")
        assert focused(app) is app.reading_pane
        await pilot.press("space", "escape")
        assert focused(app) is app.paper_list
        await pilot.press("l", "h")
        assert focused(app) is app.paper_list


async def test_search_filters_live_and_enter_keeps_filter(app_pilot: AppPilot) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    await pilot.press("slash", *"tiny")
    await settle(pilot)
    assert focused(app) is app.search_bar
    text = screen_text(app)
    assert "6 of 80 papers" in text and "matching tiny" in text
    assert app.current_paper is not None and app.current_paper.title == TINY
    await pilot.press("enter")
    assert focused(app) is app.paper_list and app.search_bar.value == "tiny"
    await pilot.press("slash", "escape")
    await settle(pilot)
    assert app.search_bar.value == "" and "80 of 80 papers" in screen_text(app)
    assert focused(app) is app.paper_list


async def test_cursor_stays_on_paper_when_filter_changes(app_pilot: AppPilot) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    await pilot.press("slash", *"small")
    await settle(pilot)
    await pilot.press("enter", "j", "j")
    chosen = app.current_paper
    await pilot.press("slash", "backspace")  # "smal" still lists it
    await settle(pilot)
    assert app.current_paper is chosen


async def test_no_match_shows_empty_list(app_pilot: AppPilot, db_path: Path) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    await pilot.press("slash", *"qqqzzzxxx")
    await settle(pilot)
    assert "No papers match." in screen_text(app)
    assert "0 of 80 papers" in screen_text(app)
    await pilot.press("enter", "s", "t")  # nothing to act on: no crash, no write
    await settle(pilot)
    assert stored(db_path) == {}


async def test_status_cycle_and_mark_read_are_saved(app_pilot: AppPilot, db_path: Path) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    paper = app.library.papers[0]
    await pilot.press("s")
    await settle(pilot)
    assert stored(db_path)[paper.id]["status"] == "reading"
    assert "◐" in screen_text(app).splitlines()[2]
    await pilot.press("s")
    await settle(pilot)
    assert stored(db_path)[paper.id]["status"] == "read"
    await pilot.press("s")
    await settle(pilot)
    assert stored(db_path)[paper.id]["status"] == "unread"
    await pilot.press("r")
    await settle(pilot)
    assert stored(db_path)[paper.id]["status"] == "read"
    assert "✓" in screen_text(app).splitlines()[2]


async def test_tags_dialog_prefills_suggests_and_saves(app_pilot: AppPilot, db_path: Path) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    first, second = app.library.papers[:2]
    await pilot.press("t", *"slm, llm")
    await pilot.press("enter")
    await settle(pilot)
    assert stored(db_path)[first.id]["tags"] == ["slm", "llm"]
    assert "#slm #llm" in screen_text(app)
    await pilot.press("j", "t")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, TagsDialog)
    tag_input = dialog.query_one(Input)
    await pilot.press("s")
    await pilot.pause(0.2)
    assert tag_input._suggestion == "slm"  # suggests an existing tag
    await pilot.press("right", "space", *"new", "enter")
    await settle(pilot)
    assert stored(db_path)[second.id]["tags"] == ["slm", "new"]
    await pilot.press("k", "t")
    await pilot.pause()
    assert app.screen.query_one(Input).value == "slm, llm, "  # prefilled, ready to add
    await pilot.press("escape")
    await settle(pilot)
    assert stored(db_path)[first.id]["tags"] == ["slm", "llm"]


async def test_tab_in_the_tags_dialog_accepts_the_suggestion(
    app_pilot: AppPilot, db_path: Path
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    first, second = app.library.papers[:2]
    app.library.set_tags(first, ("llm",))
    await pilot.press("j", "t", "l")
    await pilot.pause(0.2)
    await pilot.press("tab", "enter")
    await settle(pilot)
    assert stored(db_path)[second.id]["tags"] == ["llm"]


async def test_removing_a_tag(app_pilot: AppPilot, db_path: Path) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    await pilot.press("t", *"a b c", "enter")
    await settle(pilot)
    await pilot.press("t", *["backspace"] * 5, "enter")  # "a, b, c, " -> "a, b"
    await settle(pilot)
    assert stored(db_path)[app.library.papers[0].id]["tags"] == ["a", "b"]


async def test_note_editor_saves_and_asks_before_discarding(
    app_pilot: AppPilot, db_path: Path
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    paper = app.library.papers[0]
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(app.screen, NoteDialog)
    assert isinstance(app.focused, TextArea)
    await pilot.press(*"line one", "enter", *"[bold]two[/]")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert stored(db_path)[paper.id]["note"] == "line one\n[bold]two[/]"
    assert "[bold]two[/]" in screen_text(app)
    # Change it, then Escape: asks; "n" keeps editing; Escape again and "y" discards.
    await pilot.press("n", *" more", "escape")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmDialog)
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(app.screen, NoteDialog)
    await pilot.press("escape", "y")
    await settle(pilot)
    assert not isinstance(app.screen, (NoteDialog, ConfirmDialog))
    assert stored(db_path)[paper.id]["note"] == "line one\n[bold]two[/]"
    # Unchanged note: Escape closes without asking.
    await pilot.press("n", "escape")
    await pilot.pause()
    assert app.screen is app.screen_stack[0]


async def test_letter_keys_type_in_inputs_instead_of_acting(
    app_pilot: AppPilot, db_path: Path
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    await pilot.press("slash", *"tsnry?q/")
    await settle(pilot)
    assert app.search_bar.value == "tsnry?q/"
    assert app.is_running and stored(db_path) == {}


async def test_burst_of_keys_acts_in_typed_order(db_path: Path) -> None:
    """Keys arriving together (paste, SSH) must act in order, on the right paper."""
    from textual import events

    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = ["slash", *"tiny", "enter", "enter", "t", *"slm", "enter", "r"]
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        records = stored(db_path)
        paper = app.current_paper
        assert paper is not None
        assert list(records) == [paper.id]
        assert records[paper.id]["title"] == TINY
        assert records[paper.id]["tags"] == ["slm"]
        assert records[paper.id]["status"] == "read"


async def test_help_lists_every_key(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for expected in (
            "j / ↓",
            "g / Home",
            "G / End",
            "Enter / l",
            "Esc / h",
            "Space",
            "ctrl+s",
            "Cycle status",
            "Copy the abstract",
            "Quit",
        ):
            assert expected in text, expected
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_copy_falls_back_to_osc52_without_a_display(app_pilot: AppPilot) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    paper = app.library.papers[0]
    assert paper.id.startswith("title:")  # a title-only paper: the title alone
    await pilot.press("y")
    assert app.clipboard == paper.title
    assert "Copied title via" in notifications(app)
    assert "title:" not in screen_text(app) and "no arXiv id yet" in screen_text(app)
    await pilot.press("Y")
    assert app.clipboard == paper.abstract
    assert "OSC 52" in notifications(app)


async def test_copy_over_ssh_uses_osc52(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyperclip

    calls: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", calls.append)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        assert calls == [] and app.clipboard.startswith("SAM-CLIP")


async def test_quit_and_reopen_keeps_everything(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"tiny", "enter", "enter", "t", *"slm", "enter")
        await pilot.press("n", *"my note", "ctrl+s", "r", "q")
        await pilot.pause()
    assert not app.is_running
    again = make_app(db_path=db_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"tiny", "enter")
        await settle(pilot)
        assert "✓ TinyStories" in screen_text(again) and "#slm" in screen_text(again)
        await pilot.press("enter", "G")
        await pilot.pause()
        text = screen_text(again)
        assert "my note" in text and "✓ read" in text and "Tags: slm" in text
