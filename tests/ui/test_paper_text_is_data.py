"""Paper text is data: markup-like text shows verbatim in every widget, and does nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Static

from reader.cli import make_app
from reader.ui.screens.dialogs import NoteDialog, TagsDialog
from tests.conftest import FIXTURES
from tests.ui.helpers import screen_segments, screen_text, settle

TITLE = "[MASK] tokens and [1] citations: [bold]x[/bold] [/] [@click=app.quit]x[/]"


def no_click_actions(app: App[Any]) -> bool:
    for segment in screen_segments(app):
        meta = segment.style.meta if segment.style else {}
        if any("click" in str(key) or "click" in str(value) for key, value in meta.items()):
            return False
    return True


async def test_list_and_reading_pane_show_markup_verbatim(db_path: Path) -> None:
    app = make_app([FIXTURES / "markup.txt"], db_path=db_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert text.count(TITLE) == 2  # list row and reading pane title
        assert "We study [MASK] prediction with [bold]markup[/bold] like" in text
        assert "[@click=app.quit]click me[/] and [/] in text." in text
        abstract = app.reading_pane.head[2]
        assert "Red? Bell and link done." in str(abstract)  # escape sequences removed
        assert "\x1b" not in text and "\x07" not in text
        assert no_click_actions(app)
        # Clicking the fake click markup does nothing.
        await pilot.click("#pane-head", offset=(60, 0))
        await pilot.pause()
        assert app.is_running


async def test_search_highlight_keeps_markup_verbatim(db_path: Path) -> None:
    app = make_app([FIXTURES / "markup.txt"], db_path=db_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("slash", *"mask bold", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen_text(app).count(TITLE) == 2


async def test_dialogs_show_title_and_note_verbatim(db_path: Path) -> None:
    app = make_app([FIXTURES / "markup.txt"], db_path=db_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagsDialog)
        assert f"Tags for {TITLE}" in screen_text(app)
        await pilot.press(*"[red]x[/red]", "enter")
        await app.saver.drain()
        await pilot.pause()
        assert "#[red]x[/red]" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert f"Note for {TITLE}" in screen_text(app)
        await pilot.press(*"[@click=app.quit]q[/]", "ctrl+s")
        await app.saver.drain()
        await pilot.pause()
        assert "[@click=app.quit]q[/]" in screen_text(app)
        assert no_click_actions(app)


async def test_palette_pickers_show_titles_tags_and_views_verbatim(db_path: Path) -> None:
    from reader.ui.commands import filter_by_tag, go_to_paper, saved_views

    app = make_app([FIXTURES / "markup.txt"], db_path=db_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        app.library.set_tags(app.library.papers[1], ("[b]x[/b]",))
        app.library.save_view("[red]mine[/]", "[MASK]")
        go_to_paper(app, app.library.titles, app.post_message)
        await pilot.pause(0.3)
        assert TITLE in screen_text(app)
        assert no_click_actions(app)
        await pilot.press("escape")
        filter_by_tag(app, app.library, app.post_message)
        await pilot.pause(0.3)
        assert "[b]x[/b] (1)" in screen_text(app)
        await pilot.press(*"x")  # typing filters; matches are styled, text stays verbatim
        await pilot.pause(0.3)
        assert "[b]x[/b] (1)" in screen_text(app)
        await pilot.press("escape")
        saved_views(app, app.library, app.post_message)
        await pilot.pause(0.3)
        assert "[red]mine[/] (1)  [MASK]" in screen_text(app)
        assert no_click_actions(app) and app.is_running


async def test_go_to_paper_answers_at_once_with_huge_titles(db_path: Path, tmp_path: Path) -> None:
    import json
    import time

    titles = ["e" * 100_000, "Short " + "e" * 510, "Efficient eels"]
    export = tmp_path / "long.json"
    records = [{"id": f"x{number}", "title": title} for number, title in enumerate(titles)]
    export.write_text(json.dumps({"reader_export": 1, "papers": records}), encoding="utf-8")
    app = make_app([export], db_path=db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        commands["Go to paper…"].callback()
        await pilot.pause()
        begun = time.perf_counter()
        await pilot.press(*"eeeeeee")  # every title has it; the long ones hung Textual
        await pilot.pause(0.5)
        await pilot.press(*["backspace"] * 7, *"eels")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        # Textual's own matcher ran out of memory here: a hang, not a speed (bench/ has those).
        assert time.perf_counter() - begun < 30
        assert app.current_paper is not None and app.current_paper.title == "Efficient eels"


async def test_a_huge_title_and_author_list_are_shown_cut_and_kept_whole(
    tmp_path: Path, db_path: Path
) -> None:
    """A hostile file's 5 MB title was re-wrapped on every layout: minutes of a frozen app."""
    import json

    from reader.ui.widgets.reading_pane import ABSTRACT_SHOWN, NAMES_SHOWN, TITLE_SHOWN

    title = "Big " + "word " * 19_999 + "word"  # 100,003 characters
    abstract = "abstract " * 10_000  # 90,000
    authors = [{"name": f"Author {n}"} for n in range(NAMES_SHOWN + 7)]
    paper_record = {"id": "2401.00001", "title": title, "summary": abstract.strip()}
    record = {"paper": {**paper_record, "authors": authors}}
    source = tmp_path / "daily.json"
    source.write_text(json.dumps([record]))
    app = make_app([source], db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        paper = app.screen.query_one("ReadingPane").paper  # type: ignore[attr-defined]
        assert paper.title == title  # the data keeps every character
        shown_title = str(app.reading_pane.head[0])
        assert shown_title == title[:TITLE_SHOWN] + "… (cut here: 100,003 characters in all)"
        shown_abstract = str(app.reading_pane.head[2])
        assert shown_abstract == abstract[:ABSTRACT_SHOWN] + (
            "… (cut here: 89,999 characters in all)"
        )
        details = str(app.reading_pane.head[1])
        head = str(app.query_one("#pane-head", Static).content)
        # The title's line, the details, a blank line, the abstract.
        assert head == f"{shown_title}\n{details}\n\n{shown_abstract}"
        assert f"Author {NAMES_SHOWN - 1} and 7 more" in details
        assert f"Author {NAMES_SHOWN}," not in details
