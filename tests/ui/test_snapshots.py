"""Layout snapshots at fixed terminal sizes (update with --snapshot-update after review)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.cli import make_app
from reader.ui.widgets.status_line import StatusLine
from tests.ui.helpers import settle

SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 50)])
def test_main_screen(snap_compare: SnapCompare, db_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(db_path=db_path), terminal_size=size, run_before=settle)


def test_search_with_highlights_and_annotations(snap_compare: SnapCompare, db_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"small lang", "enter", "s", "j", "r", "j")
        await pilot.press("t", *"slm", "enter")
        await settle(pilot)
        await settle(pilot)
        pilot.app.clear_notifications()
        pilot.app.query_one(StatusLine).clear()  # its confirmations time out: not in the shot
        await pilot.pause()

    app = make_app(db_path=db_path)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize(
    "theme", ["reader-dark", "reader-light", "reader-high-contrast", "reader-ansi16"]
)
def test_each_shipped_theme_at_80x24(snap_compare: SnapCompare, db_path: Path, theme: str) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("s", "j", "r", "j", "t", *"llm", "enter", "v")
        await settle(pilot)
        await pilot.press("slash", *"language", "enter")
        await settle(pilot)
        pilot.app.clear_notifications()
        pilot.app.query_one(StatusLine).clear()  # its confirmations time out: not in the shot
        await pilot.pause()

    app = make_app(db_path=db_path, theme=theme)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_help_screen(snap_compare: SnapCompare, db_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(db_path=db_path), terminal_size=(80, 24), run_before=run_before)
