"""The collector runs rarely while the app starts and as before once it has painted."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli import StartupError, make_app
from reader.ui import gc_pause


@pytest.fixture(autouse=True)
def _thresholds() -> Iterator[tuple[int, int, int]]:
    """Start each test unpaused with known thresholds; put the process's back after."""
    before = gc.get_threshold()
    while gc_pause.paused():
        gc_pause.resume()
    gc.set_threshold(700, 10, 10)
    yield (700, 10, 10)
    while gc_pause.paused():
        gc_pause.resume()
    gc.set_threshold(*before)


def test_pause_raises_only_the_young_threshold_and_resume_puts_it_back() -> None:
    gc_pause.pause()
    assert gc_pause.paused()
    assert gc.get_threshold() == (gc_pause.STARTUP_THRESHOLD, 10, 10)
    gc_pause.resume()
    assert not gc_pause.paused()
    assert gc.get_threshold() == (700, 10, 10)


def test_a_second_pause_keeps_the_thresholds_from_before_the_first() -> None:
    gc_pause.pause()
    gc_pause.pause()
    gc_pause.resume()
    assert gc.get_threshold() == (700, 10, 10) and not gc_pause.paused()
    gc_pause.resume()  # not paused: nothing to put back
    assert gc.get_threshold() == (700, 10, 10)


def test_pause_never_lowers_a_threshold_set_higher_already() -> None:
    gc.set_threshold(500_000, 20, 30)
    gc_pause.pause()
    assert gc.get_threshold() == (500_000, 20, 30)
    gc_pause.resume()
    assert gc.get_threshold() == (500_000, 20, 30)


async def test_the_app_starts_paused_and_collects_as_before_once_painted(
    db_path: Path,
) -> None:
    app = make_app(db_path=db_path)
    assert gc_pause.paused() and gc.get_threshold()[0] == gc_pause.STARTUP_THRESHOLD
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not gc_pause.paused()
        assert gc.get_threshold() == (700, 10, 10)


def test_an_app_that_cannot_start_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    with pytest.raises(StartupError):
        make_app([tmp_path / "missing.txt"], db_path=tmp_path / "db.json")
    assert not gc_pause.paused() and gc.get_threshold() == (700, 10, 10)


async def test_an_app_closed_before_its_first_paint_resumes_collecting(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    app.on_unmount()
    assert not gc_pause.paused() and gc.get_threshold() == (700, 10, 10)
