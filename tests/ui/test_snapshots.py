"""Layout snapshots at fixed terminal sizes (update with --snapshot-update after review)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import make_app


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 50)])
def test_main_screen(snap_compare, db_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(db_path=db_path), terminal_size=size, run_before=settle)


def test_search_with_highlights_and_annotations(snap_compare, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("slash", *"small lang", "enter", "s", "j", "r", "j")
        await pilot.press("t", *"slm", "enter")
        await pilot.app.saver.drain()
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    app = make_app(db_path=db_path)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize(
    "theme", ["reader-dark", "reader-light", "reader-high-contrast", "reader-ansi16"]
)
def test_each_shipped_theme_at_80x24(snap_compare, db_path: Path, theme: str) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("s", "j", "r", "j", "t", *"llm", "enter", "v")
        await pilot.app.saver.drain()
        await pilot.press("slash", *"language", "enter")
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    app = make_app(db_path=db_path, theme=theme)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_help_screen(snap_compare, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(db_path=db_path), terminal_size=(80, 24), run_before=run_before)
