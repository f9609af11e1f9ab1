"""A database another tool broke is reported once, not every poll (issue 9, minor)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from reader.cli import make_app
from tests.ui.helpers import notifications


async def test_reload_failure_is_said_once_and_again_when_it_changes(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        db_path.write_text("{broken")
        await asyncio.sleep(2.2)  # four polls
        await pilot.pause()
        assert notifications(app).count("Reading the database failed:") == 1
        db_path.write_text("[]")  # a different error
        await asyncio.sleep(1.2)
        await pilot.pause()
        text = notifications(app)
        assert text.count("Reading the database failed:") == 2
        assert "top level is a list" in text
