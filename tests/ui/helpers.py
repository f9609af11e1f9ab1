"""Helpers for driving the app the way a person would."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from rich.segment import Segment
from textual.app import App
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget

from reader.ui.app import ReaderApp


def screen_strips(app: App[Any]) -> list[Strip]:
    """Return what the terminal shows now, line by line, with styles."""
    return app.screen._compositor.render_strips()


def screen_segments(app: App[Any]) -> Iterator[Segment]:
    """Yield every styled piece of text on the terminal now."""
    for strip in screen_strips(app):
        yield from strip


def screen_text(app: App[Any]) -> str:
    """Return what the terminal shows now, as plain text lines."""
    return "\n".join(strip.text for strip in screen_strips(app))


def stored(db_path: Path) -> dict[str, dict[str, Any]]:
    """Return the annotation records on disk, by paper id."""
    data = json.loads(db_path.read_text(encoding="utf-8"))
    return {record["id"]: record for record in data.get("annotations", {}).values()}


def notifications(app: App[Any]) -> str:
    """Return the text of every notification and status-line message shown so far."""
    said = [notification.message for notification in app._notifications]
    return "\n".join([*said, *getattr(app, "confirmations", [])])


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until workers, pending saves and the screen are all done."""
    app = cast(ReaderApp, pilot.app)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await app.saver.drain()
    await app.workers.wait_for_complete()
    await pilot.pause()


def recorder(calls: list[str]) -> Callable[..., bool]:
    """Return a stand-in for webbrowser.open that records the address it was given."""

    def record(target: str, *args: object, **kwargs: object) -> bool:
        calls.append(target)
        return True

    return record


def focused(app: App[Any]) -> Widget | None:
    """Return the focused widget (a call, so mypy keeps no narrowed type across key presses)."""
    return app.focused
