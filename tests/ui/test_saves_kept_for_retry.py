"""A save the database cannot take now (locked by another reader, disk full) is kept and
retried, never dropped; quitting keeps what is still waiting for the next start."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from filelock import FileLock

from reader.cli import make_app
from reader.core.pending import fallback_journal_path, journal_path
from reader.core.recovery import backup_path, restore_backup
from reader.ui.app import ReaderApp
from tests.ui.helpers import notifications, settle, stored

SIZE = (100, 30)


def quick_retries(app: ReaderApp) -> None:
    """Wait for the lock 0.3 s per try and retry soon, so the test runs in seconds."""
    app.library.store.lock_timeout = 0.3
    app.saver.first_pause = app.saver.longest_pause = 0.1


async def wait_for(pilot: object, condition: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)  # type: ignore[attr-defined]


async def test_a_view_and_a_tag_saved_while_locked_land_when_the_lock_goes(
    db_path: Path,
) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        quick_retries(app)
        paper = app.library.papers[0]
        lock = FileLock(str(db_path) + ".lock")
        with lock:  # another reader holds the database
            await pilot.press("t", *"kept", "enter")
            await pilot.press("slash", *"tiny", "ctrl+s")
            await pilot.pause(0.2)
            await pilot.press(*"mine", "enter", "escape")
            begun = time.perf_counter()
            await pilot.press("j")  # the UI answers while both saves wait for the lock
            assert time.perf_counter() - begun < 0.5
            await wait_for(pilot, lambda: "2 changes kept, retrying" in notifications(app))
            said = notifications(app)
            assert "Database busy (locked by another reader); 2 changes kept, retrying" in said
            assert "not saved" not in said.casefold() and "View not saved" not in said
            assert said.count("retrying") <= 2  # said when it starts and per new change only
            assert app.saver.busy and app.is_running
        await settle(pilot)  # the lock is free: both land, in order
        assert [view.name for view in app.library.views()] == ["mine"]
        assert stored(db_path)[paper.id]["tags"] == ["kept"]
        assert "Saved: the changes that waited are on disk" in notifications(app)
        assert "Saved view 'mine'" in notifications(app) and "Tags: kept" in notifications(app)


async def test_quitting_while_locked_keeps_the_changes_for_the_next_start(
    db_path: Path,
) -> None:
    app = make_app(db_path=db_path)
    lock = FileLock(str(db_path) + ".lock")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        quick_retries(app)
        paper = app.library.papers[0]
        lock.acquire()
        await pilot.press("t", *"kept", "enter")
        await pilot.press("slash", *"tiny", "ctrl+s")
        await pilot.pause(0.2)
        await pilot.press(*"mine", "enter")
        await pilot.pause(0.2)
        begun = time.monotonic()
        await pilot.press("escape", "q")
        await wait_for(pilot, lambda: not app.is_running)
    try:
        assert time.monotonic() - begun < 6  # never hangs: ~3 s of tries, then the journal
        assert "kept in" in app.saver.exit_message
        assert "2 changes not saved yet" in app.saver.exit_message
        assert journal_path(db_path).is_file()
        assert "kept" not in str(stored(db_path).get(paper.id, {}).get("tags"))
    finally:
        lock.release()
    again = make_app(db_path=db_path)  # the next start applies them, in order, and says so
    assert stored(db_path)[paper.id]["tags"] == ["kept"]
    assert [view.name for view in again.library.views()] == ["mine"]
    assert not journal_path(db_path).exists()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Saved 2 changes kept when reader closed at" in notifications(again)


async def test_a_full_disk_keeps_the_change_until_there_is_room(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        quick_retries(app)
        paper = app.library.papers[0]
        real_replace = os.replace

        def no_space(*_: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "replace", no_space)
        await pilot.press("t", *"roomy", "enter")
        await wait_for(pilot, lambda: "kept, retrying" in notifications(app))
        assert "could not save (No space left on device); 1 change kept" in notifications(app)
        assert paper.id not in stored(db_path)
        monkeypatch.setattr(os, "replace", real_replace)  # room again
        await settle(pilot)
        assert stored(db_path)[paper.id]["tags"] == ["roomy"]
        assert "Tags: roomy" in notifications(app)


async def test_quitting_with_the_databases_disk_full_keeps_the_changes_elsewhere(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A tester filled the database's disk and quit: the journal beside the database
    # could not be written either, and the tag and the note were lost (exit status 0).
    app = make_app(db_path=db_path)
    real_replace = os.replace

    def full_beside_the_database(source: object, target: object) -> None:
        if Path(str(target)).parent == db_path.parent:
            raise OSError(28, "No space left on device")
        real_replace(source, target)  # type: ignore[arg-type]

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        quick_retries(app)
        paper = app.library.papers[0]
        monkeypatch.setattr(os, "replace", full_beside_the_database)
        await pilot.press("t", *"whilefull", "enter")
        await wait_for(pilot, lambda: "kept, retrying" in notifications(app))
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
    kept = fallback_journal_path(db_path)
    assert f"kept in {kept}, saved at the next start" in app.saver.exit_message
    assert not app.saver.lost and not journal_path(db_path).exists()
    monkeypatch.setattr(os, "replace", real_replace)  # room again
    make_app(db_path=db_path)  # the next start applies it from there
    assert stored(db_path)[paper.id]["tags"] == ["whilefull"] and not kept.exists()


async def test_a_database_gone_bad_while_in_use_keeps_the_changes_made_after(
    db_path: Path,
) -> None:
    # A hostile tester wrote '{"_meta": garbage' over the database while reader ran: the
    # next tag was dropped without a word, and nothing was kept at quit.
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        quick_retries(app)
        first, second = app.library.papers[:2]
        await pilot.press("t", *"before", "enter")
        await settle(pilot)
        good = db_path.read_bytes()
        db_path.write_text('{"_meta": garbage')
        await pilot.press("j", "t", *"after", "enter")
        await wait_for(pilot, lambda: "kept, retrying" in notifications(app))
        assert "not valid JSON" in notifications(app)
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
    assert db_path.read_text() == '{"_meta": garbage'  # never written over
    assert "1 change not saved yet" in app.saver.exit_message and not app.saver.lost
    assert journal_path(db_path).is_file()
    assert json.loads(good) == json.loads(backup_path(db_path).read_bytes())
    # The backup holds what the session saved ("before"), not only what the start had:
    # a second hostile run restored it and lost the session's earlier tags.
    assert "the last good copy is kept as annotations.json.bak" in notifications(app)
    restore_backup(db_path)  # reader db restore
    make_app(db_path=db_path)
    assert stored(db_path)[first.id]["tags"] == ["before"]
    assert stored(db_path)[second.id]["tags"] == ["after"]


async def test_a_change_neither_saved_nor_kept_is_said_and_marks_the_exit(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(db_path=db_path)

    def full_everywhere(*_: object) -> None:
        raise OSError(28, "No space left on device")

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        quick_retries(app)
        monkeypatch.setattr(os, "replace", full_everywhere)
        await pilot.press("t", *"lost", "enter")
        await wait_for(pilot, lambda: "kept, retrying" in notifications(app))
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.saver.lost  # reader's exit status is 1
    message = app.saver.exit_message
    assert message.startswith("1 change not saved (") and str(journal_path(db_path)) in message
    assert str(fallback_journal_path(db_path)) in message


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
async def test_a_terminating_signal_keeps_the_waiting_changes(db_path: Path, signum: int) -> None:
    # A hostile tester's kill -HUP (a closed terminal) or -TERM while a change waited for
    # the database dropped it, and left the terminal in the app's screen mode.
    app = make_app(db_path=db_path)
    lock = FileLock(str(db_path) + ".lock")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            quick_retries(app)
            paper = app.library.papers[0]
            assert signal.getsignal(signum) is not signal.SIG_DFL  # else the kill ends pytest
            lock.acquire()
            await pilot.press("t", *"signalled", "enter")
            await wait_for(pilot, lambda: "kept, retrying" in notifications(app))
            os.kill(os.getpid(), signum)
            await wait_for(pilot, lambda: not app.is_running)
    finally:
        lock.release()  # after the app is gone: its last tries meet the lock
    assert app.return_code == 128 + signum
    assert "kept in" in app.saver.exit_message and journal_path(db_path).is_file()
    assert signal.getsignal(signum) is signal.SIG_DFL  # the defaults again after the app
    make_app(db_path=db_path)
    assert stored(db_path)[paper.id]["tags"] == ["signalled"]


async def test_undo_while_a_change_waits_takes_back_nothing_else(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A hostile tester: s on one paper (saved), a full disk, s on the next (waiting), u:
    # the first paper's saved status was taken back, the waiting change stayed.
    app = make_app(db_path=db_path)
    real_replace = os.replace

    def no_space(*_: object) -> None:
        raise OSError(28, "No space left on device")

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        quick_retries(app)
        first, second = app.library.papers[:2]
        await pilot.press("s")
        await settle(pilot)
        assert stored(db_path)[first.id]["status"] == "reading"
        monkeypatch.setattr(os, "replace", no_space)
        await pilot.press("j", "s")
        await wait_for(pilot, lambda: "kept, retrying" in notifications(app))
        await pilot.press("u")
        await pilot.pause(0.2)
        assert "Nothing undone: 1 change still being saved" in notifications(app)
        monkeypatch.setattr(os, "replace", real_replace)  # room again
        await wait_for(pilot, lambda: not app.saver.busy)
        await settle(pilot)
        assert stored(db_path)[first.id]["status"] == "reading"
        assert stored(db_path)[second.id]["status"] == "reading"
        await pilot.press("u")  # now it takes back the second paper's step, as pressed
        await settle(pilot)
        assert stored(db_path)[second.id]["status"] == "unread"
        assert stored(db_path)[first.id]["status"] == "reading"


async def test_status_steps_kept_at_quit_move_once_even_if_replayed_twice(
    db_path: Path,
) -> None:
    # A save cut off mid-write at quit is journaled too and may run again at the next start:
    # the journal keeps "s" as "the status it leads to, from the one it was pressed on".
    app = make_app(db_path=db_path)
    lock = FileLock(str(db_path) + ".lock")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        quick_retries(app)
        paper = app.library.papers[0]
        lock.acquire()
        await pilot.press("s", "s")  # unread -> reading -> read, both waiting for the lock
        await pilot.pause(0.2)
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
    try:
        journal = journal_path(db_path).read_bytes()
    finally:
        lock.release()
    make_app(db_path=db_path)  # applies the journal
    assert stored(db_path)[paper.id]["status"] == "read"
    journal_path(db_path).write_bytes(journal)  # as if those saves had also landed before
    make_app(db_path=db_path)
    assert stored(db_path)[paper.id]["status"] == "read"  # not two more steps
