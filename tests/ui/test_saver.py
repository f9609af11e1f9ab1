"""SaveQueue on its own: in order, retried while busy, bounded at quit, never blocking."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

from reader.core.pending import journal_path
from reader.core.storage import DatabaseBusy, DatabaseLocked
from reader.ui.saver import SaveQueue


class FakeApp:
    """Collects what the save thread hands to the UI, as the app's message queue would."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.calls: list[tuple[Any, Any]] = []

    def call_later(self, callback: Any, value: Any) -> bool:
        self.calls.append((callback, value))
        callback(value)
        return True

    def say(self, text: str, *_: object) -> None:  # the app posts Say (thread-safe)
        self.said.append(text)


def queue(app: FakeApp, **kwargs: Any) -> SaveQueue:
    return SaveQueue(
        app,  # type: ignore[arg-type]
        say=app.say,
        first_pause=0.01,
        longest_pause=0.02,
        **kwargs,
    )


def test_a_busy_save_is_retried_and_the_later_ones_keep_their_order() -> None:
    app, landed, tries = FakeApp(), [], {"n": 0}
    saver = queue(app)

    def first() -> str:
        tries["n"] += 1
        if tries["n"] < 4:
            raise DatabaseLocked("db: could not get the lock within 5 s; not saved")
        landed.append("first")
        return "first"

    def second() -> str:
        landed.append("second")
        return "second"

    failed: list[str] = []
    saver.submit(first, lambda _: None, failed.append)
    saver.submit(second, lambda _: None, failed.append)
    asyncio.run(saver.drain(timeout=5))
    assert landed == ["first", "second"] and tries["n"] == 4 and not failed
    busy = [line for line in app.said if "retrying" in line]
    # said once when saves start to wait, and once more for the change queued behind
    assert 1 <= len(busy) <= 2
    assert busy[-1] == "Database busy (locked by another reader); 2 changes kept, retrying"
    assert app.said[-1] == "Saved: the changes that waited are on disk"
    saver.shutdown()
    assert saver.exit_message == ""


def test_a_save_that_cannot_succeed_by_waiting_is_reported_and_not_retried() -> None:
    app, tries = FakeApp(), []
    failed: list[str] = []
    saver = queue(app)

    def broken() -> None:
        tries.append(1)
        raise TypeError("a bug")

    saver.submit(broken, lambda _: None, failed.append)
    assert asyncio.run(saver.drain(timeout=5))
    assert tries == [1] and failed == ["not saved: TypeError: a bug"]
    saver.shutdown()


def test_shutdown_keeps_what_still_waits_and_never_hangs(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    interrupted = threading.Event()

    def never() -> None:
        raise DatabaseBusy(f"{db}: could not save (No space left on device)")

    saver = queue(FakeApp(), journal_for=db, interrupt=interrupted.set)
    saver.submit(never, lambda _: None, lambda _: None, journal=lambda: [{"op": "x"}])
    saver.submit(lambda: None, lambda _: None, lambda _: None)  # an export: cannot be kept
    begun = time.monotonic()
    saver.shutdown(grace=0.3)
    assert time.monotonic() - begun < 2 and interrupted.is_set()
    assert "1 change not saved yet (" in saver.exit_message
    assert "No space left on device" in saver.exit_message
    assert "1 write not done" in saver.exit_message
    assert journal_path(db).is_file()


def test_failure_lines_shorten_long_paths_for_narrow_toasts() -> None:
    app = FakeApp()
    failed: list[str] = []
    saver = queue(app)
    path = "/home/someone/a-long-folder/another-long-folder/annotations.json"

    def refused() -> None:
        raise OSError(f"{path}: not a regular file")

    saver.submit(refused, lambda _: None, failed.append)
    assert asyncio.run(saver.drain(timeout=5))
    assert failed == ["not saved: OSError: …/annotations.json: not a regular file"]
    saver.shutdown()
