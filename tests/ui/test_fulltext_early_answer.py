"""A download that answers before the reading view has mounted is not overwritten."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from reader.core.fulltext import parse_html
from reader.ui.screens.fulltext import FullTextScreen
from tests.ui.helpers import screen_text

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "latexml-paper.html"


class Opener(App[None]):
    """Pushes the view and hands it the answer at once, as a fast worker can."""

    def __init__(self, answer: str) -> None:
        super().__init__()
        self.answer = answer
        self.view = FullTextScreen(None, "A title", "x")

    async def on_mount(self) -> None:
        self.push_screen(self.view)  # not awaited: the view has not mounted yet
        if self.answer == "problem":
            self.view.show_problem("cannot reach the server; offline?")
        else:
            self.view.show_document(parse_html(FIXTURE.read_bytes()))


async def test_a_refusal_before_the_view_mounted_is_shown_not_fetching() -> None:
    app = Opener("problem")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            await pilot.pause()
        text = screen_text(app)
        assert "No full text  (Esc back)" in text and "fetching" not in text
        assert "Cannot show the full text: cannot reach the server; offline?" in text


async def test_a_document_before_the_view_mounted_is_shown_once() -> None:
    app = Opener("document")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(5):
            await pilot.pause()
        text = screen_text(app)
        assert "Sparse Attention Is Enough" in text and "fetching" not in text
        assert len(app.view.query("#fulltext-document")) == 1
