"""The key bar: rebuilt once per burst of binding changes, always showing the latest."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets._footer import FooterKey

from reader.ui.widgets.footer import ReaderFooter
from tests.ui.conftest import AppPilot
from tests.ui.helpers import screen_text, settle


def footer_line(app: Any) -> str:
    return str(screen_text(app).split("\n")[-1])


async def test_a_burst_of_binding_changes_rebuilds_the_keys_once(
    app_pilot: AppPilot, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    footer = app.screen.query_one(ReaderFooter)
    rebuilds: list[int] = []
    original = ReaderFooter.recompose

    async def counted(self: ReaderFooter) -> None:
        rebuilds.append(1)
        await original(self)

    monkeypatch.setattr(ReaderFooter, "recompose", counted)
    assert "Clear" not in footer_line(app)
    app.paper_list.marked = {0}  # Esc now clears something: the footer offers it
    for _ in range(5):
        app.screen.refresh_bindings()
    await settle(pilot)
    assert len(rebuilds) == 1
    assert "Clear" in footer_line(app)
    app.paper_list.marked = set()
    app.screen.refresh_bindings()
    await settle(pilot)
    assert len(rebuilds) == 2 and "Clear" not in footer_line(app)
    assert not footer._rebuild_pending


async def test_keys_start_in_the_footer_style_and_the_palette_key_keeps_its_own(
    app_pilot: AppPilot,
) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    keys = list(app.screen.query_one(ReaderFooter).query(FooterKey))
    palette = [key for key in keys if key.has_class("-command-palette")]
    bound = [key for key in keys if not key.has_class("-command-palette")]
    assert len(palette) == 1 and palette[0].compact and palette[0].has_class("-compact")
    assert bound and all(not key.compact and not key.has_class("-compact") for key in bound)
