"""Keys that arrive together (a paste, fast typing over SSH) edit the query in their order."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from reader.cli import make_app
from reader.ui.widgets.search_bar import SearchBar


def _burst(keys: list[str]) -> list[events.Key]:
    controls = {"ctrl+u": "\x15", "ctrl+w": "\x17"}
    return [events.Key(key, controls.get(key, key)) for key in keys]


@pytest.mark.parametrize(
    ("keys", "query"),
    [
        ([*"language", "ctrl+u", *"agent"], "agent"),
        ([*"small model", "ctrl+w", *"agent"], "small agent"),
    ],
)
async def test_an_editing_key_in_a_burst_applies_before_the_keys_after_it(
    db_path: Path, keys: list[str], query: str
) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        bar = app.screen.query_one(SearchBar)
        assert bar.has_focus
        for key in _burst(keys):  # queued at once, as the terminal delivers a burst
            app.post_message(key)
        await pilot.pause(0.3)
        assert bar.value == query
