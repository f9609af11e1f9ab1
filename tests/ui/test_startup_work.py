"""Work the app skips on its way to the first paint (issue 11), and what must still happen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet

from reader.cli import make_app
from reader.ui.main_screen import MainScreen
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.library_header import LibraryHeader
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.conftest import AppPilot
from tests.ui.helpers import settle


async def test_the_key_bar_is_one_widget_whatever_the_keys(app_pilot: AppPilot) -> None:
    # Textual's Footer composed, styled and laid out one widget per key before the first
    # paint, and again after each change of the bindings; the key bar draws one line.
    app, pilot = app_pilot
    await settle(pilot)
    bar = app.screen.query_one(KeyBar)
    assert len(bar.shown) > 5 and not bar.children
    app.paper_list.marked = {0}  # Esc now clears something: a new key
    app.screen.refresh_bindings()
    await settle(pilot)
    assert "Clear" in [key.description for key in bar.shown] and not bar.children


def _count_reparses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    reparses: list[int] = []
    original = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparses.append(1)
        original(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    return reparses


async def test_the_chosen_theme_is_parsed_once_not_parsed_again_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reparses = _count_reparses(monkeypatch)
    app = make_app(db_path=tmp_path / "db.json", theme="reader-light")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert reparses == []
        # The light theme's colours, not the default dark theme's the stylesheet began with.
        assert app.stylesheet._variables["background"] == app.get_css_variables()["background"]
        assert app.screen.styles.background == app.current_theme.to_color_system().background
        background = app.screen.styles.background
        app.theme = "reader-dark"  # a later change re-parses, as Textual always did
        await pilot.pause()
        assert reparses == [1]
        assert app.screen.styles.background != background


def test_the_colour_system_is_generated_once_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual's __init__ generated its default theme's colour system, which the app's
    # __init__ replaced with the chosen theme's before anything used it.
    from textual.design import ColorSystem

    generated: list[ColorSystem] = []
    real = ColorSystem.generate

    def counted(system: ColorSystem) -> dict[str, str]:
        generated.append(system)
        return real(system)

    monkeypatch.setattr(ColorSystem, "generate", counted)
    app = make_app(db_path=tmp_path / "db.json", theme="reader-light")
    assert len(generated) == 1
    assert generated[0].primary == app.current_theme.to_color_system().primary
    assert app.stylesheet._variables == app.theme_variables
    assert "reader-highlight-background" in app.theme_variables  # the app's own too
    assert app.get_css_variables() == app.theme_variables  # later calls: as Textual's


async def test_a_theme_set_before_the_app_runs_is_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(db_path=tmp_path / "db.json")
    app.theme = "reader-light"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.styles.background == app.current_theme.to_color_system().background
        assert not app.current_theme.dark


async def test_the_screen_has_its_size_classes_and_first_paper_before_its_first_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual sets the size classes on the first Resize, after the first layout, and the
    # list's first selection filled the pane after it too: everything was restyled and
    # laid out again before the first paint.
    seen: list[tuple[set[str], object]] = []
    original = MainScreen.on_mount

    def recorded(self: MainScreen) -> None:
        original(self)
        seen.append((set(self.classes), self.reading_pane.paper))

    monkeypatch.setattr(MainScreen, "on_mount", recorded)
    shown: list[object] = []
    show = ReadingPane.show

    def counted(self: ReadingPane, paper: object, *rest: Any) -> None:
        shown.append(paper)
        show(self, paper, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(ReadingPane, "show", counted)
    app = make_app(db_path=tmp_path / "db.json")
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        ((classes, paper),) = seen
        assert {"-wide", "-tall"} <= classes and not {"-narrow", "-short"} & classes
        assert paper is not None and paper is app.current_paper
        assert shown == [paper]  # once: the list's first selection does not show it again
        await pilot.press("j")
        await settle(pilot)
        assert shown[-1] is app.current_paper is not paper  # later selections still show
        assert not app.query("#query-error")  # mounted with the first query error


async def test_the_header_is_not_redrawn_when_its_text_has_not_changed(
    app_pilot: AppPilot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # While the index builds, the header is asked to update five times a second; each
    # update of a Static lays the screen out again.
    app, pilot = app_pilot
    await settle(pilot)
    header = app.screen.query_one(LibraryHeader)
    updates: list[str] = []
    update = LibraryHeader.update

    def counted(self: LibraryHeader, content: Any = "") -> None:
        updates.append(str(content))
        update(self, content)

    monkeypatch.setattr(LibraryHeader, "update", counted)
    app.main_screen.update_header()
    app.main_screen.update_header()
    assert updates == []  # nothing new to say
    await pilot.press("slash", *"agent")
    await settle(pilot)
    assert updates and "matching agent" in updates[-1]
    assert "matching agent" in str(header.render())
