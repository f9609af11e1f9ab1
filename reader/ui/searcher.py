"""Searcher: runs queries off the UI thread and shows only the newest result."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from reader.core import SearchResult

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

INDEX_POLL = 0.2
"""Seconds between header updates while the index builds."""


class Searcher:
    """Owns the current query's result; a result for an old query never replaces a newer one."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        self.library = app.library
        self.result = SearchResult("", range(len(app.library.papers)))
        self.query = ""
        self._generation = 0

    def request(self, query: str) -> None:
        """Search for ``query`` in a worker (typing: one call per keystroke)."""
        self.query = query
        self._generation += 1
        self.app.run_worker(
            partial(self._search_in_thread, query, self._generation),
            name="search",
            group="search",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def _search_in_thread(self, query: str, generation: int) -> None:
        result = self.library.search(query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, result, generation)

    def _show(self, result: SearchResult, generation: int) -> None:
        if generation != self._generation:
            return
        self.app.show_query_error(result.error)
        if result.error is None:
            self.result = result
            self.app.result_changed(result)

    def settle(self, query: str) -> None:
        """Show the result for ``query`` now if the worker has not yet (on leaving search).

        So a key typed right after Enter acts on the filtered list, not the old one.  While
        the index is still being built (seconds for a large library) the search stays in
        the worker instead: the UI thread never waits for the build.
        """
        if not self.library.index_ready:
            if self.query != query:
                self.request(query)
            return
        if self.result.query != query or self.query != query:
            self.query = query
            self._generation += 1
            self._show(self.library.search(query), self._generation)

    def refresh(self) -> None:
        """Run the current query again: annotations or the sort changed."""
        self.request(self.query)

    def cycle_sort(self) -> str:
        """Switch to the next sort mode and re-run the query; return the new mode."""
        self.library.sort = self.library.sort.next()
        self.refresh()
        return self.library.sort.value

    def save_view(self, query: str) -> None:
        """Ask for a name, then store ``query`` as a saved view."""
        from reader.ui.screens.views import ViewNameDialog

        if not query:
            self.app.say("Type a search first; ctrl+s then saves it as a view", severity="warning")
            return

        def named(name: str | None) -> None:
            if name:
                self.library.save_view(name, query)
                number = [view.name for view in self.library.views()].index(name) + 1
                key = f" (key {number})" if number <= 9 else ""
                self.app.say(f"Saved view {name!r}{key}")

        taken = [view.name for view in self.library.views()]
        self.app.push_screen(ViewNameDialog(query, taken), named)

    def apply_view(self, number: int) -> None:
        """Show saved view ``number`` (1-9)."""
        views = self.library.views()
        if number > len(views):
            self.app.say(
                f"No view {number}: ctrl+s in the search bar saves one", severity="warning"
            )
            return
        self.app.apply_query(views[number - 1].query)
