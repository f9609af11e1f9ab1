"""The opening most UI tests share: the app on the bundled sample, at a standard size."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.cli import make_app
from reader.ui.app import ReaderApp

STANDARD_SIZE = (100, 30)
"""The terminal size of a test module without its own ``SIZE``."""

AppPilot = tuple[ReaderApp, Pilot[None]]


@pytest.fixture
async def app_pilot(db_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[AppPilot]:
    """Yield (app, pilot) on the bundled sample; a test module's ``SIZE`` sets the size."""
    app = make_app(db_path=db_path)
    async with app.run_test(size=getattr(request.module, "SIZE", STANDARD_SIZE)) as pilot:
        yield app, pilot
