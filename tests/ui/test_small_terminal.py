"""A hostile user in a tiny terminal: what is typed stays visible."""

from __future__ import annotations

from pathlib import Path

from reader.cli import make_app
from tests.ui.helpers import screen_text, settle


async def test_the_tag_field_stays_visible_in_a_20x6_terminal(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=(20, 6)) as pilot:
        await settle(pilot)
        await pilot.press("t", *"abc")
        await pilot.pause(0.2)
        field = app.screen.query_one("#tags-input")
        assert field.region.height >= 1 and app.screen.region.contains_region(field.region)
        assert "abc" in screen_text(app)  # what is typed is seen, not clipped away
