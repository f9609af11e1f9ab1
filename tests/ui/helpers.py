"""Helpers for driving the app the way a person would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.app import App


def screen_text(app: App[Any]) -> str:
    """Return what the terminal shows now, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def stored(db_path: Path) -> dict[str, dict[str, Any]]:
    """Return the annotation records on disk, by paper id."""
    data = json.loads(db_path.read_text(encoding="utf-8"))
    return {record["id"]: record for record in data.get("annotations", {}).values()}


def notifications(app: App[Any]) -> str:
    """Return the text of every notification and status-line message shown so far."""
    said = [notification.message for notification in app._notifications]
    return "\n".join([*said, *getattr(app, "confirmations", [])])


async def settle(pilot: Any) -> None:
    """Wait until workers, pending saves and the screen are all done."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.app.saver.drain()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
