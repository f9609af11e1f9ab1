"""TitleMatcher's progress reaches the UI a few times a second, not once per title."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.message import Message

from reader.core.annotations import AnnotationStore
from reader.core.library import Library
from reader.ui import title_matcher
from reader.ui.title_matcher import MatchingProgress, TitleMatcher


def _matcher(tmp_path: Path, posted: list[Message]) -> TitleMatcher:
    library = Library([], AnnotationStore.open(tmp_path / "db.json"), "test")
    return TitleMatcher(
        library, tmp_path, enabled=True, run_worker=lambda *a, **k: None, post=posted.append
    )


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The time the matcher reads, set by the test."""
    now = [100.0]
    monkeypatch.setattr("reader.ui.title_matcher.time.monotonic", lambda: now[0])
    return now


def test_a_burst_of_progress_posts_the_start_the_end_and_little_between(
    tmp_path: Path, clock: list[float]
) -> None:
    posted: list[Any] = []
    matcher = _matcher(tmp_path, posted)
    for done in range(100_001):  # offline: every title counted as not asked at once
        matcher._progress(done, 100_000)
    assert [message.status for message in posted] == ["matching 0/100000", ""]
    assert all(isinstance(message, MatchingProgress) for message in posted)
    assert matcher.status == ""


def test_progress_is_posted_again_once_the_interval_passed(
    tmp_path: Path, clock: list[float]
) -> None:
    posted: list[Any] = []
    matcher = _matcher(tmp_path, posted)
    matcher._progress(0, 80)
    clock[0] += title_matcher.PROGRESS_INTERVAL - 0.01
    matcher._progress(1, 80)
    assert matcher.status == "matching 1/80"  # the header shows it at its next redraw
    clock[0] += 0.01
    matcher._progress(2, 80)
    assert [message.status for message in posted] == ["matching 0/80", "matching 2/80"]
