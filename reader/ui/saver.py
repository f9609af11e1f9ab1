"""SaveQueue: annotation writes, one at a time and in order, off the UI thread."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from textual.app import App

from reader.core import DatabaseError

T = TypeVar("T")


class SaveQueue:
    """Runs saves on one background thread so they reach disk in the order they were made.

    ``on_saved`` runs on the UI thread with the save's result once it is on disk;
    ``on_failed`` gets the one-line error.  Pending saves finish even if the app exits
    (the thread is not a daemon).
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-save")
        self._pending: set[Future[None]] = set()

    @property
    def busy(self) -> bool:
        """True while a save is queued or running."""
        return bool(self._pending)

    def submit(
        self,
        save: Callable[[], T],
        on_saved: Callable[[T], None],
        on_failed: Callable[[str], None],
    ) -> None:
        """Queue ``save``; report its outcome on the UI thread."""

        def run() -> None:
            try:
                outcome = save()
            except DatabaseError as error:
                self._report(on_failed, str(error))
            except Exception as error:  # one place turns any failure into a message
                self._report(on_failed, f"not saved: {type(error).__name__}: {error}")
            else:
                self._report(on_saved, outcome)

        future = self._executor.submit(run)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)

    def _report(self, callback: Callable[[T], None], value: T) -> None:
        # RuntimeError: the app has already closed; the save itself completed.
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(callback, value)

    async def drain(self) -> None:
        """Wait until every queued save has finished."""
        while self._pending:
            await asyncio.sleep(0.005)

    def shutdown(self) -> None:
        """Finish queued saves and stop the thread."""
        self._executor.shutdown(wait=True)
