"""A hostile user in a tiny terminal: what is typed stays visible."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.cli import make_app
from tests.ui.helpers import notifications, screen_text, settle


async def test_the_tag_field_stays_visible_in_a_20x6_terminal(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=(20, 6)) as pilot:
        await settle(pilot)
        await pilot.press("t", *"abc")
        await pilot.pause(0.2)
        field = app.screen.query_one("#tags-input")
        assert field.region.height >= 1 and app.screen.region.contains_region(field.region)
        assert "abc" in screen_text(app)  # what is typed is seen, not clipped away


async def test_a_long_path_in_a_toast_is_never_cut_mid_name_at_80_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = tmp_path / "a-rather-long-folder-name" / "and-another-one-below-it" / "annotations.json"
    app = make_app(db_path=deep)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.saver.first_pause = app.saver.longest_pause = 0.1

        def no_space(*_: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "replace", no_space)
        await pilot.press("s")
        for _ in range(100):
            if "kept, retrying" in notifications(app):
                break
            await pilot.pause(0.05)
        monkeypatch.undo()
        await settle(pilot)
    assert "…/annotations.json: could not save (No space" in notifications(app)
    said = notifications(app).splitlines()[0]
    # A toast is about 36 columns wide at 80: no word longer than that, so none is cut.
    assert max(len(word) for word in said.split()) <= 36


@pytest.mark.parametrize("size", [(20, 6), (40, 8), (80, 11)])
async def test_a_very_short_terminal_still_lists_papers_to_move_through(
    db_path: Path, size: tuple[int, int]
) -> None:
    """Stacked at 45% of a three-row body, the list had no row at all at 20x6."""
    from reader.ui.widgets.paper_list import PaperList

    app = make_app(db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        listed = app.screen.query_one(PaperList)
        assert listed.region.height >= 1
        first = listed.current
        assert first is not None and first.display_title[:8] in screen_text(app)
        await pilot.press("j")
        await pilot.pause()
        second = listed.current
        assert second is not None and second.id != first.id
        assert second.display_title[:8] in screen_text(app)


@pytest.mark.parametrize(
    ("start", "end", "stacked"),
    [((80, 24), (20, 6), True), ((160, 50), (100, 40), True), ((100, 40), (160, 50), False)],
)
async def test_a_resized_terminal_lays_the_list_out_for_its_new_size(
    db_path: Path, start: tuple[int, int], end: tuple[int, int], stacked: bool
) -> None:
    """The split was computed from the size before the resize: 0 rows after 80x24 -> 20x6."""
    from reader.ui.widgets.paper_list import PaperList

    app = make_app(db_path=db_path)
    async with app.run_test(size=start) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(*end)
        await settle(pilot)
        listed = app.screen.query_one(PaperList)
        assert listed.region.height >= 1
        assert (listed.region.width == end[0]) is stacked
        current = listed.current
        assert current is not None and current.display_title[:8] in screen_text(app)


@pytest.mark.parametrize(
    ("key", "field", "size"),
    [
        ("t", "#tags-input", (80, 24)),
        ("n", "#note-editor", (80, 24)),
        ("n", "#note-editor", (20, 6)),
        ("n", "#note-editor", (40, 10)),
    ],
)
async def test_a_100_kb_title_leaves_the_dialog_field_in_sight(
    tmp_path: Path, db_path: Path, key: str, field: str, size: tuple[int, int]
) -> None:
    """A tester's 100 KB title filled the tag and note dialogs: they typed blind."""
    import json

    source = tmp_path / "huge.jsonl"
    record = {"id": "2401.00001", "title": "Huge " + "x" * 100_000, "abstract": "a", "authors": "A"}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    app = make_app([source], db_path=db_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause(0.2)
        await pilot.press(*"abc")
        await pilot.pause(0.2)
        widget = app.screen.query_one(field)
        assert widget.region.height >= 1 and app.screen.region.contains_region(widget.region)
        assert "abc" in screen_text(app)
        heading = app.screen.query_one(".dialog-title")
        assert heading.region.height <= 3 and "for Huge" in screen_text(app)
        if key == "n":  # Enter makes a new line: how to save must stay in sight
            assert "ctrl+s saves" in screen_text(app)
