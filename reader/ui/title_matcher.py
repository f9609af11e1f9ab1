"""TitleMatcher: matches papers known only by title to arXiv records, in the background.

After the first paint it looks each such title up (reader.core.resolve: Hugging Face,
then arXiv; exact titles only), a few requests a second, each with a timeout, saving
every answer in ``resolved.json`` as ``reader resolve`` does.  Each match is merged into
the library at once and reported with ``PapersMatched``; progress ("matching 12/80") with
``MatchingProgress``.  Offline, the run stops at the first failure and says so in one
quiet line.  It gets what it needs through its constructor and never imports the app.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import get_current_worker

from reader.core.library import Library
from reader.core.models import Paper
from reader.core.text import plural
from reader.ui.messages import Say

_URL = r"https?://([^/\s?#]+)\S*"
"""A URL in a network error, shown by its host alone in the one-line status."""
_DETAIL = r" \(\[Errno [^)]*\)"
"""The operating system's detail at the end of a network error (patterns compiled when
first used: re caches them)."""

if TYPE_CHECKING:  # the resolver (and its network code) loads in the worker, after the paint
    from reader.core.resolve import Match


class MatchingProgress(Message):
    """Matching moved on (the header shows ``status``; empty once it is over)."""

    def __init__(self, status: str) -> None:
        self.status = status
        super().__init__()


class PapersMatched(Message):
    """``papers`` (now with arXiv ids) replaced their title-only selves in the library."""

    def __init__(self, papers: list[Paper]) -> None:
        self.papers = papers
        super().__init__()


class TitleMatcher:
    """One background run per launch over the papers that need a lookup."""

    background = True
    """Start on ``start()``; the test suite turns it off for tests of other things."""

    def __init__(
        self,
        library: Library,
        data_dir: Path,
        *,
        enabled: bool,
        run_worker: Callable[..., Any],
        post: Callable[[Message], object],
        per_second: float = 3.0,
        timeout: float = 8.0,
    ) -> None:
        self.library = library
        self.data_dir = data_dir
        self.enabled = enabled
        self._run_worker = run_worker
        self._post = post
        self._per_second = per_second
        self._timeout = timeout
        self.status = ""
        """What the header shows: ``matching 12/80`` while a run is on, else empty."""
        self._in_flight = threading.Event()
        """Set while a MatchingProgress is on its way to the UI: offline, a 100,000-paper
        file counts every title as not asked in a blink, and a message per title kept the
        UI busy for seconds.  The UI reads the latest ``status`` when the message arrives."""

    def start(self) -> None:
        """Start matching in a worker thread (nothing when ``resolve = false``)."""
        if not (self.enabled and self.background):
            return
        self._run_worker(
            self._run, name="matching", group="matching", thread=True, exit_on_error=False
        )

    def _progress(self, done: int, total: int) -> None:
        """Update the status and tell the UI, at the start, the end, and between them.

        Between them, only when no message the UI has not shown yet is on its way (that one
        shows the latest status when it arrives).
        """
        self.status = f"matching {done}/{total}" if done < total else ""
        if 0 < done < total and self._in_flight.is_set():
            return
        self._in_flight.set()
        self._post(MatchingProgress(self.status))

    def progress_shown(self) -> None:
        """Let the next progress be posted: the UI shows the status now (call this first)."""
        self._in_flight.clear()

    def _run(self) -> None:
        from reader.core.resolve import Resolver, ResolveStore, with_match

        worker = get_current_worker()
        store = ResolveStore(self.data_dir)
        if store.problem:
            self._post(Say(store.problem, "warning", 10))
        todo = [
            paper
            for paper in list(self.library.papers if isinstance(self.library.papers, list) else [])
            if not paper.arxiv_id and store.needs_lookup(paper.title)
        ]
        if not todo:
            return
        self._progress(0, len(todo))

        def found(paper: Paper, match: Match) -> None:
            merged = with_match(paper, match)
            if merged is not paper and self.library.replace_paper(paper, merged):
                self._post(PapersMatched([merged]))

        resolver = Resolver(store, per_second=self._per_second, timeout=self._timeout)
        try:
            report = resolver.resolve(todo, self._progress, lambda: worker.is_cancelled, found)
        except OSError as error:  # resolved.json could not be written
            self._progress(len(todo), len(todo))
            self._post(Say(f"Matches not saved: {store.path}: {error}", "warning", 10))
            return
        self._progress(len(todo), len(todo))
        if worker.is_cancelled:
            return
        if report.offline is not None:
            left = plural(report.failed, "title")
            # Short enough for an 80-column status line: the reason is the part to read, and
            # a service's host says what could not be reached (its query URL filled the line).
            # The OS's detail ("[Errno -2] Name or service not known") is cut off at 80
            # columns anyway: the status says what could not be reached, in full.
            reason = re.sub(_DETAIL, "", re.sub(_URL, r"\1", report.offline))
            self._post(Say(f"arXiv matching paused, {left} left: {reason}"))
        elif report.matched:
            self._post(Say(f"arXiv records: {report.summary()}"))
