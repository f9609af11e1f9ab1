"""Search in the app: the query language, errors, sort, saved views, a 100,000-paper list."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reader.cli import make_app
from reader.core.annotations import AnnotationStore
from reader.core.library import Library
from reader.core.models import Paper
from reader.core.search.engine import SearchEngine
from reader.ui.app import ReaderApp
from reader.ui.screens.views import ViewNameDialog, ViewsScreen
from reader.ui.widgets.paper_list import PaperList
from tests.ui.conftest import AppPilot
from tests.ui.helpers import notifications, screen_text, settle, stored

SIZE = (100, 30)


async def test_query_error_shows_under_the_search_bar_and_keeps_the_list(
    app_pilot: AppPilot,
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    await pilot.press("slash", *"tiny")
    await settle(pilot)
    assert "6 of 80 papers" in screen_text(app)
    await pilot.press(*" (")
    await settle(pilot)
    assert "missing )" in screen_text(app)
    assert "6 of 80 papers" in screen_text(app)  # the last good result stays
    await pilot.press("backspace")
    await settle(pilot)
    assert "missing )" not in screen_text(app)


async def test_an_unknown_field_is_explained_whole_at_80_columns(db_path: Path) -> None:
    # A tester saw "... date: has:" and the rest cut: the one-row line was 84 columns.
    app = make_app(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"foo:bar")
        await settle(pilot)
        shown = " ".join(screen_text(app).split())
        assert "unknown field foo: (fields are ti: abs:" in shown and "has: full: in:)" in shown


async def test_tag_filter_follows_tagging_and_cursor_stays(
    app_pilot: AppPilot, db_path: Path
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    papers = app.library.papers
    await pilot.press("j", "t", *"x", "enter", "j", "j", "t", *"x", "enter")
    await settle(pilot)
    await pilot.press("slash", *"tag:x", "enter")
    await settle(pilot)
    assert "2 of 80 papers" in screen_text(app)
    assert app.current_paper is papers[1]
    await pilot.press("j")
    assert app.current_paper is papers[3]
    await pilot.press("t", *["backspace"] * 3, "enter")  # untag the paper under the cursor
    await settle(pilot)
    assert "1 of 80 papers" in screen_text(app)
    assert stored(db_path)[papers[3].id]["tags"] == []


async def test_sort_key_cycles_and_shows_in_header(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert "sorted by date" in screen_text(app)
        await pilot.press("S")
        await settle(pilot)
        assert "sorted by title" in screen_text(app)
        titles = [app.library.papers[i].title.casefold() for i in app.result.indices]
        assert titles == sorted(titles)


async def test_saved_views(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"tiny", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ViewNameDialog)
        await pilot.press(*"tiny ones", "enter")
        await settle(pilot)
        assert "Saved view 'tiny ones' (key 1)" in notifications(app)
        await pilot.press("escape")  # clear the search: the list shows everything
        await settle(pilot)
        assert "80 of 80 papers" in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        assert app.search_bar.value == "tiny" and "6 of 80 papers" in screen_text(app)
        await pilot.press("escape", "w")
        await settle(pilot)
        assert isinstance(app.screen, ViewsScreen)
        assert "tiny ones" in screen_text(app) and "(6)" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.search_bar.value == "tiny"
    reopened = AnnotationStore.open(db_path)
    assert [(v.name, v.query) for v in reopened.views] == [("tiny ones", "tiny")]


async def test_digit_without_a_view_says_so(app_pilot: AppPilot) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    await pilot.press("3")
    assert "No view 3" in notifications(app)


async def test_a_100000_paper_list_mounts_scrolls_and_refilters(tmp_path: Path) -> None:
    papers = [
        Paper(id=f"p{n}", title=f"Paper number {n} about topic {n % 97}", abstract=f"w{n % 13}")
        for n in range(100_000)
    ]
    library = Library(papers, AnnotationStore.open(tmp_path / "db.json"), "generated")
    app = ReaderApp(library)
    start = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "100,000 of 100,000 papers" in screen_text(app)
        await pilot.press("G")
        await pilot.pause()
        assert app.current_paper is papers[-1]
        assert "Paper number 99999 about" in screen_text(app)
        await pilot.press("pageup", "k", "g")
        assert app.current_paper is papers[0]
        await settle(pilot)  # index built
        await pilot.press("G", "slash", *"topic 89", "enter")
        await settle(pilot)
        assert app.current_paper is papers[-1]  # still listed: the cursor stays on it
        assert "of 100,000 papers" in screen_text(app)
    assert time.perf_counter() - start < 120


async def test_command_palette_lists_actions_views_and_sorts(app_pilot: AppPilot) -> None:

    app, pilot = app_pilot
    await settle(pilot)
    app.library.save_view("tiny ones", "tiny")
    titles = {command.title: command for command in app.get_system_commands(app.screen)}
    assert "Tags (t)" in titles and "Undo (u)" in titles and "Search (/)" in titles
    assert "Sort by date" in titles and "Saved views…" in titles
    titles["Saved views…"].callback()  # views are listed in their own picker
    await pilot.pause(0.3)
    assert "tiny ones (1)  tiny" in screen_text(app)
    await pilot.press("enter")
    await settle(pilot)
    assert app.search_bar.value == "tiny" and len(app.result) == 6
    titles["Sort by title"].callback()
    await settle(pilot)
    assert "sorted by title" in screen_text(app)
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"sort by stat")
    await pilot.pause(0.5)
    assert "Sort by status" in screen_text(app)


async def test_leaving_search_never_waits_for_an_index_being_built(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    release = threading.Event()
    original = Library.build_index

    def slow_build(self: Library) -> SearchEngine:
        release.wait(10)
        return original(self)

    monkeypatch.setattr(Library, "build_index", slow_build)
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.library.index_ready
        started = time.perf_counter()
        await pilot.press("slash", *"tiny", "enter")
        # The build is held for 10 s: a UI that waited for it would take that long.  (Not a
        # speed target: a loaded CI machine may take a few seconds for the keys themselves.)
        assert time.perf_counter() - started < 8
        assert app.focused is app.paper_list and app.search_bar.value == "tiny"
        release.set()
        await settle(pilot)
        assert app.result.query == "tiny" and len(app.result) == 6


async def test_clearing_a_kept_filter_shows_the_paper_under_the_cursor(db_path: Path) -> None:
    # A tester cleared 'lora with Esc: the list jumped to its top, the cursor off screen,
    # while the pane still showed the paper under it.
    app = make_app(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"'lora", "enter")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        chosen = app.current_paper
        assert chosen is not None
        await pilot.press("escape")
        await settle(pilot)
        paper_list = app.screen.query_one(PaperList)
        assert app.current_paper is chosen
        assert paper_list.cursor > 20  # down the whole list: where it is
        top = round(paper_list.scroll_y)
        assert top <= paper_list.cursor < top + paper_list.scrollable_content_region.height


async def test_a_filter_on_what_no_paper_has_says_so(db_path: Path) -> None:
    # A new user's cat:cs.CL and date:2024 on the bundled trending page just said
    # "No papers match": the page has no categories and no years.
    app = make_app(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.library.build_index()
        await pilot.press("slash", *"cat:cs.CL")
        await settle(pilot)
        shown = " ".join(screen_text(app).split())
        assert "No paper here has categories" in shown and "No papers match." in shown
        assert app.screen.query_one("#query-error").has_class("-hint")
        await pilot.press(*["backspace"] * 9, *"date:2024")
        await settle(pilot)
        assert "No paper here has a publication date" in " ".join(screen_text(app).split())
        await pilot.press(*["backspace"] * 9, *"agent")
        await settle(pilot)
        assert not app.screen.query_one("#query-error").display  # found: nothing to explain
        await pilot.press(*["backspace"] * 5, *"foo:bar")
        await settle(pilot)
        error = app.screen.query_one("#query-error")
        assert error.display and not error.has_class("-hint")  # an error, not a hint
