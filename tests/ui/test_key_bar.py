"""The key bar: the screen's keys on one line, what a click and the pointer do, narrow terminals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.color import Color
from textual.pilot import Pilot

from reader.cli import make_app
from reader.ui.screens.dialogs import TagsDialog
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.search_bar import SearchBar
from tests.ui.conftest import AppPilot
from tests.ui.helpers import screen_strips, screen_text, settle


def bar_line(app: Any) -> str:
    return str(screen_text(app).split("\n")[-1])


def expected_keys(app: Any) -> list[tuple[str, str]]:
    """(key display, description) of each shown binding, one per action, in binding order."""
    keys: list[tuple[str, str]] = []
    actions: set[str] = set()
    for _node, binding, _enabled, _tooltip in app.screen.active_bindings.values():
        if binding.show and binding.action not in actions:
            actions.add(binding.action)
            keys.append((app.get_key_display(binding), binding.description))
    return keys


def disable(monkeypatch: pytest.MonkeyPatch, app: Any, *actions: str) -> None:
    """Make ``actions`` disabled but shown (check_action None), as Textual defines it."""
    screen = type(app.screen)
    allowed = screen.check_action
    monkeypatch.setattr(
        screen,
        "check_action",
        lambda self, action, parameters: (
            None if action in actions else allowed(self, action, parameters)
        ),
    )
    app.screen.refresh_bindings()


async def click_on(pilot: Pilot[Any], text: str) -> None:
    """Press the mouse on ``text`` of the key bar."""
    x = bar_line(pilot.app).index(text)
    await pilot.click(KeyBar, offset=(x, 0))
    await settle(pilot)


async def test_the_bar_shows_the_screens_keys_in_order_with_the_palette_at_the_end(
    app_pilot: AppPilot,
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    line = bar_line(app)
    keys = expected_keys(app)
    assert [(key.display, key.description) for key in app.screen.query_one(KeyBar).keys] == keys
    drawn = " " + "  ".join(f"{display} {description}" for display, description in keys) + " "
    assert line.startswith(drawn)
    assert "Read" in drawn and "Quit" in drawn  # the main screen's keys, not an empty list
    assert line.endswith("▏^p palette ") and len(line) == app.size.width


async def test_a_burst_of_binding_changes_reads_the_keys_once_and_shows_the_latest(
    app_pilot: AppPilot, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    reads: list[int] = []
    original = KeyBar._read_keys

    def counted(self: KeyBar) -> Any:
        reads.append(1)
        return original(self)

    monkeypatch.setattr(KeyBar, "_read_keys", counted)
    assert "Clear" not in bar_line(app)
    app.paper_list.marked = {0}  # Esc now clears something: the bar offers it
    for _ in range(5):
        app.screen.refresh_bindings()
    await settle(pilot)
    assert len(reads) == 1
    assert " esc Clear " in bar_line(app)
    app.paper_list.marked = set()
    app.screen.refresh_bindings()
    await settle(pilot)
    assert len(reads) == 2 and "Clear" not in bar_line(app)


async def test_a_disabled_key_is_dim_and_a_click_on_it_rings_the_bell(
    app_pilot: AppPilot, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    bells: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(1))
    before = bar_line(app)
    disable(monkeypatch, app, "focus_search")
    await settle(pilot)
    assert bar_line(app) == before  # still shown, in its place
    bar = app.screen.query_one(KeyBar)
    search = next(key for key in bar.keys if key.description == "Search")
    assert not search.enabled
    dim = {s.text.strip(): bool(s.style and s.style.dim) for s in bar.render_line(0)}
    assert dim["/"] and dim["Search"] and not dim["t"] and not dim["Tags"]
    await click_on(pilot, "Search")
    assert bells == [1]
    assert not isinstance(app.focused, SearchBar)


async def test_a_click_on_a_key_does_what_the_key_does(app_pilot: AppPilot) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    await click_on(pilot, "Search")
    assert isinstance(app.focused, SearchBar)
    await pilot.press("escape")
    await settle(pilot)
    await click_on(pilot, " t Tags")
    assert isinstance(app.screen, TagsDialog)


async def test_a_click_between_keys_does_nothing(
    app_pilot: AppPilot, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    bells: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(1))
    pressed: list[str] = []
    monkeypatch.setattr(app, "simulate_key", pressed.append)
    line = bar_line(app)
    gap = len(line.split("▏")[0].rstrip()) + 2  # in the blank run before the palette's key
    assert line[gap] == " "
    await pilot.click(KeyBar, offset=(gap, 0))
    await click_on(pilot, "Quit")
    assert pressed == ["q"] and bells == []


async def test_the_key_under_the_pointer_is_highlighted_and_shows_its_tooltip(
    app_pilot: AppPilot,
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    bar = app.screen.query_one(KeyBar)
    x = bar_line(app).index(" t Tags")

    def background(cell: int) -> Color | None:
        line = screen_strips(app)[-1]
        text = "".join(segment.text for segment in line)
        assert len(text) == app.size.width
        offset = 0
        for segment in line:
            if offset <= cell < offset + len(segment.text):
                color = segment.style.bgcolor if segment.style else None
                return Color.from_rich_color(color) if color else None
            offset += len(segment.text)
        raise AssertionError(cell)

    plain = background(x)
    await pilot.hover(KeyBar, offset=(x + 1, 0))
    await pilot.pause()
    assert bar.tooltip == "Edit the paper's tags"
    assert background(x) != plain and background(x + 4) == background(x)
    assert background(0) == plain  # the other keys keep the bar's colour
    await pilot.hover(KeyBar, offset=(len(bar_line(app)) - 5, 0))  # the palette's key
    await pilot.pause()
    assert background(x) == plain and bar.tooltip
    await pilot.hover("PaperList")
    await pilot.pause()
    assert bar.tooltip is None and background(len(bar_line(app)) - 5) == plain


@pytest.mark.parametrize("width", [30, 40, 50, 64, 80])
async def test_keys_that_do_not_fit_are_left_out_whole_and_the_palette_key_stays(
    db_path: Path, width: int
) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        app.paper_list.marked = {0}  # one more key: "esc Clear"
        app.screen.refresh_bindings()
        await settle(pilot)
        line = bar_line(app)
        assert len(line) == width and line.endswith("▏^p palette ")
        left = line[: -len("▏^p palette ")].rstrip()
        drawn = [f" {display} {description} " for display, description in expected_keys(app)]
        shown = app.screen.query_one(KeyBar).shown
        assert shown[-1].description == "palette"
        assert left == "".join(drawn[: len(shown) - 1]).rstrip()  # whole keys, in order
        assert len(shown) - 1 < len(drawn)  # some left out (these widths are too narrow)


async def test_the_compact_style_and_the_themes_colours(db_path: Path) -> None:
    app = make_app(db_path=db_path, theme="reader-light")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        variables = app.get_css_variables()
        segments = {segment.text: segment.style for segment in screen_strips(app)[-1]}
        key, description = segments[" t "], segments["Tags "]
        assert key and key.bold and key.color and description and description.color
        assert Color.from_rich_color(key.color) == Color.parse(variables["footer-key-foreground"])
        description_colour = Color.from_rich_color(description.color)
        assert description_colour == Color.parse(variables["footer-description-foreground"])
        assert Color.from_rich_color(key.bgcolor) == Color.parse(variables["footer-background"])
        bar.compact = True
        await pilot.pause()
        assert bar_line(app).startswith("⏎ Read / Search t Tags n Note ")
        assert bar_line(app).endswith("▏^p palette ")
