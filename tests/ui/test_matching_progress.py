"""TitleMatcher's progress reaches the UI as fast as it shows it, not once per title."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.message import Message

from reader.core.annotations import AnnotationStore
from reader.core.library import Library
from reader.ui.title_matcher import MatchingProgress, TitleMatcher


def _matcher(tmp_path: Path, posted: list[Message]) -> TitleMatcher:
    library = Library([], AnnotationStore.open(tmp_path / "db.json"), "test")
    return TitleMatcher(
        library, tmp_path, enabled=True, run_worker=lambda *a, **k: None, post=posted.append
    )


def test_a_burst_of_progress_posts_the_start_and_the_end_while_the_ui_is_busy(
    tmp_path: Path,
) -> None:
    posted: list[Any] = []
    matcher = _matcher(tmp_path, posted)
    for done in range(100_001):  # offline: every title counted as not asked at once
        matcher._progress(done, 100_000)
    assert [message.status for message in posted] == ["matching 0/100000", ""]
    assert all(isinstance(message, MatchingProgress) for message in posted)
    assert matcher.status == ""


def test_once_the_ui_showed_the_status_the_next_progress_is_posted(tmp_path: Path) -> None:
    posted: list[Any] = []
    matcher = _matcher(tmp_path, posted)
    matcher._progress(0, 80)
    matcher._progress(1, 80)
    assert matcher.status == "matching 1/80"  # the UI reads it when the first message arrives
    matcher.progress_shown()
    matcher._progress(2, 80)
    matcher._progress(3, 80)
    assert [message.status for message in posted] == ["matching 0/80", "matching 2/80"]
