"""SaveQueue: every write, one at a time and in order, off the UI thread; nothing dropped.

A save that fails for a reason that can pass (``DatabaseBusy``: the database locked by
another reader, a full disk) stays at the head of the queue and is tried again, with a
growing pause, until it lands; the changes behind it wait their turn so that they still
reach the disk in the order they were made.  The status line says so once ("Database busy
...; 2 changes kept, retrying") and "Saved" when they land.  Keys never wait.

Quitting tries for a bounded time, then writes whatever is still waiting to the pending
journal (``reader.core.pending``) for the next start, and never hangs.

Outcomes reach the UI by ``app.call_later``, which posts a message: thread-safe and never
blocking, so the save thread cannot deadlock against a closing app.  (A blocking
``call_from_thread`` could: the UI loop waited for the thread while the thread waited for
the UI loop.)
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App
from textual.notifications import SeverityLevel

from reader.core import DatabaseError
from reader.core.paths import short_paths
from reader.core.pending import Entry, JournalError, keep
from reader.core.storage import DatabaseBusy, DatabaseLocked
from reader.core.text import plural

T = TypeVar("T")

FIRST_PAUSE = 0.5
"""Seconds before the first retry of a save that failed for a passing reason."""
LONGEST_PAUSE = 5.0
"""The pause doubles after each failed try, up to this."""
QUIT_GRACE = 3.0
"""How long quitting keeps trying before the waiting changes go to the journal."""


class _Job:
    # A plain class, not a dataclass: dataclasses compile their methods' source as they
    # are defined, and this module loads on the way to the first paint.
    def __init__(
        self,
        save: Callable[[], Any],
        on_saved: Callable[[Any], None],
        on_failed: Callable[[str], None],
        journal: Callable[[], Sequence[Entry]] | None,
    ) -> None:
        self.save = save
        self.on_saved = on_saved
        self.on_failed = on_failed
        self.journal = journal
        """Returns the journal form of what this save has still to do (None: it cannot be
        kept, e.g. an export)."""
        self.future: Future[None] = Future()


def busy_reason(error: DatabaseBusy) -> str:
    """Return why saves wait, as the start of one line."""
    if isinstance(error, DatabaseLocked):
        return "Database busy (locked by another reader)"
    return short_paths(str(error).removesuffix("; not saved"))


class SaveQueue:
    """Runs saves on one background thread so they reach disk in the order they were made.

    ``on_saved`` runs on the UI thread with the save's result once it is on disk;
    ``on_failed`` gets the one-line error of a save that cannot succeed by waiting (a
    bug, a file that is not a database).  A save that can (``DatabaseBusy``) is retried.
    """

    def __init__(
        self,
        app: App[Any],
        *,
        say: Callable[[str, SeverityLevel, float], object] | None = None,
        journal_for: Path | None = None,
        interrupt: Callable[[], None] | None = None,
        first_pause: float = FIRST_PAUSE,
        longest_pause: float = LONGEST_PAUSE,
    ) -> None:
        self.app = app
        self._say = say or (lambda text, severity, timeout: None)
        """Shows one line; called from the save thread, so it must be thread-safe (the
        app passes ``post_message(Say(...))``)."""
        self.journal_for = journal_for
        """The database whose pending journal keeps what is still waiting at quit."""
        self._interrupt = interrupt or (lambda: None)
        self.first_pause = first_pause
        self.longest_pause = longest_pause
        self._jobs: deque[_Job] = deque()
        self._changed = threading.Condition()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._trouble = ""
        """The reason saves are waiting now ("" while they land)."""
        self._waited_out = False
        """A timed drain (quitting) already gave the waiting saves their time."""
        self.exit_message = ""
        """Set by ``shutdown``: one line for stderr if changes went to the journal or were lost."""
        self.lost = False
        """True once a change could be neither saved nor kept (the exit status says so)."""

    @property
    def busy(self) -> bool:
        """True while a save is queued, running or waiting to be tried again."""
        return bool(self._jobs)

    @property
    def waiting(self) -> int:
        """How many saves are queued (the one being tried included)."""
        return len(self._jobs)

    def submit(
        self,
        save: Callable[[], T],
        on_saved: Callable[[T], None],
        on_failed: Callable[[str], None],
        *,
        journal: Callable[[], Sequence[Entry]] | None = None,
    ) -> None:
        """Queue ``save``; report its outcome on the UI thread.

        ``journal`` returns the save's journal form (what it has still to do), so that it
        survives a quit while the database is busy.  ``save`` may run more than once
        (after a DatabaseBusy failure nothing was written), so it must be safe to repeat.
        """
        job = _Job(save, on_saved, on_failed, journal)
        with self._changed:
            if self._stopping.is_set():
                self._keep_at_exit([job])
                return
            self._jobs.append(job)
            self._changed.notify_all()
            trouble = self._trouble
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="reader-save", daemon=True)
            self._thread.start()
        if trouble:  # this change waits too: say so, with the new count
            self._say_waiting(trouble)

    # The save thread ---------------------------------------------------------------------

    def _run(self) -> None:
        pause = self.first_pause
        while True:
            with self._changed:
                while not self._jobs and not self._stopping.is_set():
                    self._changed.wait()
                if not self._jobs or self._stopping.is_set():
                    return
                job = self._jobs[0]
            try:
                outcome = job.save()
            except DatabaseBusy as error:
                if self._stopping.is_set():
                    return  # the job stays queued: shutdown keeps it
                reason = busy_reason(error)
                if reason != self._trouble:
                    self._trouble = reason
                    self._say_waiting(reason)
                self._wake.wait(pause)
                self._wake.clear()
                pause = min(pause * 2, self.longest_pause)
                continue
            except DatabaseError as error:  # toasts are narrow: never a path cut mid-name
                self._finish(job, job.on_failed, short_paths(str(error)))
            except Exception as error:  # one place turns any failure into a message
                reason = short_paths(f"{type(error).__name__}: {error}")
                self._finish(job, job.on_failed, f"not saved: {reason}")
            else:
                self._finish(job, job.on_saved, outcome)
            pause = self.first_pause

    def _finish(self, job: _Job, callback: Callable[[T], None], value: T) -> None:
        self._report(callback, value)
        with self._changed:
            self._jobs.popleft()
            landed = not self._jobs and self._trouble
            if landed:
                self._trouble = ""
            self._changed.notify_all()
        if landed:
            self._tell("Saved: the changes that waited are on disk", "information", 4)
        job.future.set_result(None)

    def _say_waiting(self, reason: str) -> None:
        count = plural(self.waiting, "change")
        self._tell(f"{reason}; {count} kept, retrying", "warning", 10)

    def _report(self, callback: Callable[[T], None], value: T) -> None:
        # RuntimeError: the app's loop has closed; the save itself completed.
        with contextlib.suppress(RuntimeError):
            self.app.call_later(callback, value)

    def _tell(self, text: str, severity: SeverityLevel, timeout: float) -> None:
        with contextlib.suppress(RuntimeError):  # the app's loop has closed
            self._say(text, severity, timeout)

    # Waiting and quitting ----------------------------------------------------------------

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait until every queued save has finished; return False if ``timeout`` ran out."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._jobs:  # saves queued by the outcomes of earlier ones are waited for too
            futures = [asyncio.wrap_future(job.future) for job in list(self._jobs)]
            if not futures:
                break
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            _, pending = await asyncio.wait(futures, timeout=left)
            if pending:
                self._waited_out = True
                return False
            await asyncio.sleep(0)  # the outcomes' callbacks (call_later) run next
        return True

    def shutdown(self, grace: float | None = None) -> None:
        """Stop the save thread; keep whatever could not be saved within ``grace`` seconds.

        Never waits on the UI loop and never much longer than ``grace`` (QUIT_GRACE, or
        nearly nothing after a timed ``drain`` already waited): the changes still waiting
        then go to the pending journal, and ``exit_message`` says so.
        """
        if grace is None:
            grace = 0.2 if self._waited_out else QUIT_GRACE
        deadline = time.monotonic() + grace
        self._wake.set()  # a save waiting out its pause tries again now
        with self._changed:
            stuck = not self._changed.wait_for(lambda: not self._jobs, timeout=grace)
        self._stopping.set()
        if stuck:
            self._interrupt()  # a save waiting for the lock gives up at once (it stays queued)
        self._wake.set()
        with self._changed:
            self._changed.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=max(1.0, deadline - time.monotonic()))
        with self._changed:
            left = list(self._jobs)
            self._jobs.clear()
        self._keep_at_exit(left)

    def _keep_at_exit(self, jobs: list[_Job]) -> None:
        if not jobs:
            return
        entries = [entry for job in jobs if job.journal for entry in job.journal()]
        lost = sum(1 for job in jobs if job.journal is None)
        reason = self._trouble or "the database was busy"
        lines = []
        if entries and self.journal_for is not None:
            try:
                path = keep(self.journal_for, entries)
            except JournalError as error:
                self.lost = True
                lines.append(f"{plural(len(entries), 'change')} not saved ({reason}; {error})")
            else:
                lines.append(
                    f"{plural(len(entries), 'change')} not saved yet ({reason}); "
                    f"kept in {path}, saved at the next start"
                )
        elif entries:
            lost += len(jobs) - lost
        if lost:
            self.lost = True
            lines.append(f"{plural(lost, 'write')} not done ({reason})")
        self.exit_message = "; ".join([self.exit_message, *lines]).strip("; ")
        for job in jobs:
            if not job.future.done():
                job.future.set_result(None)
