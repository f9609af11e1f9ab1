"""Work the app skips on its way to the first paint (issue 11), and what must still happen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet
from textual.widgets._footer import FooterKey

from reader.cli import make_app
from reader.ui.widgets.footer import ReaderFooter
from tests.ui.conftest import AppPilot
from tests.ui.helpers import settle


async def test_a_binding_refresh_that_changes_no_key_keeps_the_built_keys(
    app_pilot: AppPilot,
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    footer = app.screen.query_one(ReaderFooter)
    keys = list(footer.query(FooterKey))
    app.screen.refresh_bindings()  # as a focus change does, twice, at start
    await settle(pilot)
    assert list(footer.query(FooterKey)) == keys  # the same widgets: nothing rebuilt
    app.paper_list.marked = {0}  # Esc now clears something: a new key
    app.screen.refresh_bindings()
    await settle(pilot)
    rebuilt = list(footer.query(FooterKey))
    assert rebuilt != keys and "Clear" in [key.description for key in rebuilt]


async def test_a_key_that_becomes_disabled_is_rebuilt(
    app_pilot: AppPilot, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    footer = app.screen.query_one(ReaderFooter)
    keys = list(footer.query(FooterKey))
    screen = type(app.screen)
    allowed = screen.check_action
    # None: the key stays in the footer but disabled (the same key, action and description).
    monkeypatch.setattr(
        screen,
        "check_action",
        lambda self, action, parameters: (
            None if action == "focus_search" else allowed(self, action, parameters)
        ),
    )
    app.screen.refresh_bindings()
    await settle(pilot)
    rebuilt = list(footer.query(FooterKey))
    assert rebuilt != keys
    assert [key.description for key in rebuilt] == [key.description for key in keys]


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


async def test_a_theme_set_before_the_app_runs_is_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(db_path=tmp_path / "db.json")
    app.theme = "reader-light"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.styles.background == app.current_theme.to_color_system().background
        assert not app.current_theme.dark
