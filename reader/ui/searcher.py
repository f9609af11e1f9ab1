"""Searcher: runs queries off the UI thread; a result for an old query never shows."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.message import Message
from textual.worker import Worker, get_current_worker

from reader.core import Paper, SearchResult
from reader.core.library import Library
from reader.ui.messages import SearchFinished

SIMILAR = 50
"""Papers listed in a "similar to" view."""

INDEX_POLL = 0.2
"""Seconds between header updates while the index builds."""

RunWorker = Callable[..., Worker[Any]]


class Searcher:
    """Owns the current query and its result.

    ``request`` searches in a worker thread, which posts ``SearchFinished`` with the
    query's generation; the app hands that message to ``accept``, which keeps it only if no
    newer query was typed since.
    """

    def __init__(
        self, library: Library, run_worker: RunWorker, post: Callable[[Message], object]
    ) -> None:
        self.library = library
        self.run_worker = run_worker
        self.post = post
        self.result = SearchResult("", range(len(library.papers)))
        self.query = ""
        self._generation = 0
        self.similar_to: Paper | None = None
        """The paper whose similar papers are listed (None: the query's result is)."""
        self._back: list[tuple[SearchResult, Paper | None, int | None]] = []

    def request(self, query: str) -> None:
        """Search for ``query`` in a worker (typing: one call per keystroke)."""
        self.query = query
        self.similar_to = None
        self._back.clear()
        self._generation += 1
        self._run(partial(self._search_in_thread, query, self._generation))

    def _run(self, job: Callable[[], None]) -> None:
        self.run_worker(
            job, name="search", group="search", thread=True, exclusive=True, exit_on_error=False
        )

    def _search_in_thread(self, query: str, generation: int) -> None:
        """Search; while the index builds, stream a plain scan's results (titles first)."""
        worker = get_current_worker()
        if self.library.answers_by_scan:
            for partial_result in self.library.scan(query):
                if worker.is_cancelled:
                    return
                if self.library.index_ready:  # the index is there now: ask it instead
                    break
                self.post(SearchFinished(partial_result, generation))
            else:
                return
        result = self.library.search(query)
        if not worker.is_cancelled:
            self.post(SearchFinished(result, generation))

    def index_ready(self) -> None:
        """Ask the finished index the current query again (typo matches, ranking)."""
        if self.query.strip() and self.similar_to is None:
            self.request(self.query)

    # Similar papers --------------------------------------------------------------------

    def show_similar(self, paper: Paper, cursor: int | None) -> None:
        """List the papers most like ``paper`` (a view "similar to: <title>"), in a worker.

        ``cursor`` is the library index under the cursor now, to come back to with ``back``.
        """
        self._back.append((self.result, self.similar_to, cursor))
        self.similar_to = paper
        self._generation += 1
        self._run(partial(self._similar_in_thread, paper, self._generation))

    def _similar_in_thread(self, paper: Paper, generation: int) -> None:
        indices = self.library.similar_indices(paper, SIMILAR)
        if not get_current_worker().is_cancelled:
            result = SearchResult(f"similar to: {paper.title}", indices)
            self.post(SearchFinished(result, generation))

    def back(self) -> tuple[SearchResult, int | None] | None:
        """Leave a similar-papers view: return the list and cursor to go back to, or None."""
        if not self._back:
            return None
        result, self.similar_to, cursor = self._back.pop()
        self._generation += 1  # a similar search still running is no longer wanted
        self.result = result
        return result, cursor

    def accept(self, finished: SearchFinished) -> bool:
        """Take a finished search if it is the newest and valid; return True if taken.

        A query with an error is not taken (the last good list stays); ``finished.result``
        still carries the error for the caller to show.
        """
        if finished.generation != self._generation:
            return False
        if finished.result.error is None:
            self.result = finished.result
        return True

    def settle(self, query: str) -> SearchFinished | None:
        """Search for ``query`` now if the worker has not yet (on leaving the search bar).

        So a key typed right after Enter acts on the filtered list, not the old one.  While
        the index is still being built (seconds for a large library) the search stays in
        the worker instead, and None is returned: the UI thread never waits for the build.
        """
        if not self.library.index_ready:
            if self.query != query:
                self.request(query)
            return None
        if self.result.query == query and self.query == query:
            return None
        self.query = query
        self.similar_to = None
        self._back.clear()
        self._generation += 1
        return SearchFinished(self.library.search(query), self._generation)

    def refresh(self) -> None:
        """Run the current query again: annotations or the sort changed."""
        if self.similar_to is not None:  # stay in the similar-papers view
            self._generation += 1
            self._run(partial(self._similar_in_thread, self.similar_to, self._generation))
            return
        self.request(self.query)

    def cycle_sort(self) -> str:
        """Switch to the next sort mode and re-run the query; return the new mode."""
        self.library.sort = self.library.sort.next()
        self.refresh()
        return self.library.sort.value
