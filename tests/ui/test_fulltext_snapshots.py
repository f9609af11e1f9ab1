"""Reading-view layout snapshots (update with --snapshot-update after review)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.fulltext_cache import load_file
from reader.ui.screens.fulltext import FullTextApp

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "latexml-paper.html"


def reading_app() -> FullTextApp:
    return FullTextApp(load_file(FIXTURE), "Sparse Attention Is Enough")


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_reading_view(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(reading_app(), terminal_size=size, run_before=settle)


def test_reading_view_with_the_outline_open(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("O", "down", "down")  # the outline's cursor on "2.1  Kernels"
        await settle(pilot)

    assert snap_compare(reading_app(), terminal_size=(120, 40), run_before=run_before)


def test_reading_view_search_matches_at_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("slash", *"kernel", "enter")
        await settle(pilot)

    assert snap_compare(reading_app(), terminal_size=(80, 24), run_before=run_before)
