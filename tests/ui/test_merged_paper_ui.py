"""The reading pane shows what every source knows about a paper; o opens or copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import make_app
from tests.conftest import FIXTURES
from tests.ui.helpers import notifications, recorder, screen_segments, screen_text


async def test_reading_pane_shows_merged_fields_and_links(db_path: Path, sample_path: Path) -> None:
    app = make_app(
        [sample_path, FIXTURES / "hf-daily.json", FIXTURES / "arxiv-snapshot.jsonl"],
        db_path=db_path,
    )
    async with app.run_test(size=(220, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Listed Mar 13, 2024-03-15, 2024-06-10" in text
        assert "▲ 12 upvotes" in text and "3 comments" in text and "arXiv:2403.09611" in text
        assert "Haoxiang Wang, Pavan Kumar Anasosalu Vasu, Mehrdad Farajtabar" in text
        assert "vision foundation models, distillation, cs.CV, cs.LG" in text
        assert "https://github.com/apple/ml-sam-clip" in text
        links = {
            segment.style.link
            for segment in screen_segments(app)
            if segment.style and segment.style.link
        }
        assert "https://arxiv.org/abs/2403.09611" in links  # a real terminal hyperlink
        assert "https://arxiv.org/pdf/2403.09611" in links


async def test_o_over_ssh_copies_the_abstract_link(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", recorder(opened))
    monkeypatch.setenv("SSH_TTY", "/dev/pts/1")
    app = make_app([FIXTURES / "hf-daily.json"], db_path=db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        assert opened == [] and app.clipboard == "https://arxiv.org/abs/2403.09611"
        assert "No local browser here: copied the arXiv link" in notifications(app)


async def test_o_with_a_display_opens_the_browser(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", recorder(opened))
    monkeypatch.setenv("DISPLAY", ":0")
    app = make_app([FIXTURES / "hf-daily.json"], db_path=db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("o")
        assert opened == ["https://arxiv.org/abs/2403.09611"]


async def test_skipped_records_are_announced_in_the_app(db_path: Path) -> None:
    app = make_app([FIXTURES / "hf-daily.json"], db_path=db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "loaded 2 papers, skipped 2 from" in notifications(app)
