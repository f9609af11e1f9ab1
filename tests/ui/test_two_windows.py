"""Two windows on one database, through the UI: nothing the other window saved is lost."""

from __future__ import annotations

from pathlib import Path

from reader.cli import make_app
from reader.core.annotations import CONFLICT_MARK, AnnotationStore, Change
from tests.ui.helpers import notifications, settle, stored

SIZE = (100, 30)


async def test_tag_dialog_keeps_a_tag_added_in_another_window(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper = app.library.papers[0]
        await pilot.press("t")  # the dialog opens with no tags
        other = AnnotationStore.open(db_path)
        other.apply(Change(paper.id, paper.title, paper.title_key, add_tags=("beta",)))
        await pilot.pause(0.7)  # the poller reloads the other window's write
        await pilot.press(*"mine", "enter")
        await settle(pilot)
        assert sorted(stored(db_path)[paper.id]["tags"]) == ["beta", "mine"]


async def test_undo_takes_back_only_this_windows_tag(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper = app.library.papers[0]
        await pilot.press("t", *"xray", "enter")
        await settle(pilot)
        other = AnnotationStore.open(db_path)
        other.apply(Change(paper.id, paper.title, paper.title_key, add_tags=("yankee",)))
        await pilot.pause(0.7)
        await pilot.press("u")
        await settle(pilot)
        assert stored(db_path)[paper.id]["tags"] == ["yankee"]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert stored(db_path)[paper.id]["tags"] == ["yankee", "xray"]


async def test_note_edited_in_two_windows_keeps_both(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        paper = app.library.papers[0]
        await pilot.press("n", *"from A")  # the editor opened on an empty note
        other = AnnotationStore.open(db_path)
        other.apply(Change(paper.id, paper.title, paper.title_key, note="from B"))
        await pilot.pause(0.7)
        await pilot.press("ctrl+s")
        await settle(pilot)
        note = stored(db_path)[paper.id]["note"]
        assert note.startswith("from A\n\n" + CONFLICT_MARK) and note.endswith("\nfrom B")
        assert "both versions are kept" in notifications(app)


async def test_saving_a_view_while_another_process_holds_the_lock_never_freezes(
    db_path: Path,
) -> None:
    import time

    from filelock import FileLock

    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.library.store.lock_timeout = 1.0
        app.library.store._file_lock.timeout = 1.0
        with FileLock(str(db_path) + ".lock"):
            await pilot.press("slash", *"tiny", "ctrl+s")
            await pilot.pause(0.2)
            begun = time.perf_counter()
            await pilot.press(*"mine", "enter")
            await pilot.press("j")  # the UI answers while the save waits for the lock
            assert time.perf_counter() - begun < 0.9
            await settle(pilot)
        assert "View not saved:" in notifications(app) and "could not get the lock" in (
            notifications(app)
        )
        assert app.is_running and app.library.views() == []
        await pilot.press("slash", "ctrl+s", *"mine", "enter")  # the lock is free: it saves
        await settle(pilot)
        assert [view.name for view in app.library.views()] == ["mine"]
