"""Work the app skips on its way to the first paint (issue 11), and what must still happen."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

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
