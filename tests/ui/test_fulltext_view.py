"""The reading view on its own (Pilot): sections, outline, search, selection, highlights."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from reader.core.fulltext import Document, parse_html
from reader.ui.screens.fulltext import Anchor, DocumentView, FullTextScreen

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "latexml-paper.html"


class Host(App[None]):
    def __init__(self, screen: FullTextScreen) -> None:
        super().__init__()
        self.view_screen = screen
        self.messages: list[object] = []
        self.result: list[int | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.view_screen, self.result.append)

    def on_full_text_screen_highlight_requested(
        self, message: FullTextScreen.HighlightRequested
    ) -> None:
        self.messages.append(message)

    def on_full_text_screen_closed(self, message: FullTextScreen.Closed) -> None:
        self.messages.append(message)


def view_text(app: App[None]) -> str:
    """Return the lines the document view shows now."""
    view = app.screen.query_one(DocumentView)
    return "\n".join(
        "".join(seg.text for seg in view.render_line(y)) for y in range(view.size.height)
    )


def long_document() -> Document:
    document = parse_html(FIXTURE.read_bytes())
    # Pad every section so that moving between them scrolls.
    from reader.core.fulltext import PARAGRAPH, Block

    blocks: list[Block] = []
    for block in document.blocks:
        blocks.append(block)
        if block.kind == "heading":
            blocks.extend(Block(PARAGRAPH, f"Filler sentence {n}. Another one.") for n in range(30))
    document.blocks = blocks
    return document


async def test_sections_outline_and_escape_at_80x24() -> None:
    screen = FullTextScreen(long_document(), "Sparse Attention", "2401.00001")
    app = Host(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = view_text(app)
        assert "Sparse Attention Is Enough" in text and "Ada Lovelace" in text
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert view_text(app).splitlines()[0].strip() == "1  Introduction"
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert view_text(app).splitlines()[0].strip() == "2.1  Kernels"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert view_text(app).splitlines()[0].strip() == "2  Method"
        await pilot.press("O")
        await pilot.pause()
        assert screen.has_class("-outline")
        await pilot.press("end", "enter")  # the last outline entry: Footnotes
        await pilot.pause()
        assert view_text(app).splitlines()[0].strip() == "Footnotes"
        await pilot.press("g")
        await pilot.pause()
        assert view_text(app).splitlines()[0].startswith("Sparse Attention")
        await pilot.press("escape")
        await pilot.pause()
        assert app.result == [-1]
        assert isinstance(app.messages[-1], FullTextScreen.Closed)


async def test_escape_closes_the_outline_before_the_view() -> None:
    # A tester pressed Esc to close the outline and was back in the list.
    screen = FullTextScreen(long_document(), "Sparse Attention", "2401.00001")
    app = Host(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("O")
        await pilot.pause()
        assert screen.has_class("-outline") and app.focused is screen.query_one("#fulltext-outline")
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.has_class("-outline") and app.result == []
        assert app.focused is screen.query_one(DocumentView) and app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.result == [-1]


async def test_position_is_restored() -> None:
    document = long_document()
    method = next(i for i, b in document.outline() if b.text == "Method")
    app = Host(FullTextScreen(document, "T", "2401.00001", position=method))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert view_text(app).splitlines()[0].strip() == "2  Method"
        await pilot.press("escape")
        await pilot.pause()
        assert app.result == [method]


async def test_search_within_marks_matches_and_moves_with_n() -> None:
    app = Host(FullTextScreen(long_document(), "T", "x"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"vaswani", "enter")
        await pilot.pause()
        view = app.screen.query_one(DocumentView)
        assert len(view.matches) == 2
        assert "Vaswani" in view_text(app)
        first = view.scroll_offset.y
        await pilot.press("n")
        await pilot.pause()
        assert view.scroll_offset.y > first
        await pilot.press("N")
        await pilot.pause()
        assert view.scroll_offset.y == first


async def test_markup_in_the_text_is_shown_as_typed() -> None:
    app = Host(FullTextScreen(parse_html(FIXTURE.read_bytes()), "T", "x"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "[red]not markup[/red]" in view_text(app)


async def test_a_selection_by_sentence_becomes_a_highlight_with_a_note() -> None:
    document = parse_html(FIXTURE.read_bytes())
    intro = next(i for i, b in document.outline() if b.text == "Introduction")
    screen = FullTextScreen(document, "T", "2401.00001", position=intro)
    app = Host(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("v", "j", "H", *"key claim", "enter")
        await pilot.pause()
        (message,) = [m for m in app.messages if isinstance(m, FullTextScreen.HighlightRequested)]
        assert message.paper_id == "2401.00001" and message.note == "key claim"
        assert message.anchor.quote == (
            "Transformers (Vaswani et al., 2017) cost \u03b1^2 per token.[1] "
            "We fix that; [red]not markup[/red] stays text. • A linear-time kernel."
        )
        assert message.anchor.section == "1  Introduction"
        assert app.screen.query_one(DocumentView).highlights


async def test_saved_highlights_are_found_again_by_their_quote() -> None:
    document = parse_html(FIXTURE.read_bytes())
    anchor = Anchor("A proof of optimality.", "1  Introduction", 0, 0)  # stale position
    app = Host(FullTextScreen(document, "T", "x", highlights=[anchor]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        (span,) = app.screen.query_one(DocumentView).highlights
        assert document.blocks[span[0]].text.endswith("A proof of optimality.")


async def test_download_progress_then_the_document() -> None:
    screen = FullTextScreen(None, "T", "x")
    app = Host(screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen.set_status("fetching HTML: 12 KiB")
        await pilot.pause()
        screen.show_document(parse_html(FIXTURE.read_bytes()))
        await pilot.pause()
        await pilot.pause()
        assert "Sparse Attention Is Enough" in view_text(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_no_line_hides_under_the_scrollbar(size: tuple[int, int]) -> None:
    app = Host(FullTextScreen(long_document(), "T", "x"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DocumentView)
        assert view.show_vertical_scrollbar and not view.show_horizontal_scrollbar
        visible = view.scrollable_content_region.width
        assert max(len(line.text) for line in view.lines) <= visible
        assert max(len(line.text) for line in view.lines) >= visible - 12  # wrapped to it


@pytest.mark.parametrize(
    ("attached", "said"),
    [
        (False, "not saved: the file is not attached (reader read FILE --paper ID)"),
        (True, "not saved here: highlights are kept in reader (f on the paper opens this text)"),
    ],
)
async def test_reader_read_alone_says_a_highlight_is_not_saved(attached: bool, said: str) -> None:
    """`reader read FILE` has no store: H must not claim "highlight saved"."""
    from textual.widgets import Static

    from reader.ui.screens.fulltext import FullTextApp

    app = FullTextApp(parse_html(FIXTURE.read_bytes()), "paper.html", attached=attached)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("v", "j", "H")
        await pilot.pause()
        status = app.screen.query_one("#fulltext-status", Static)
        assert str(status.render()) == said
        assert not app.screen.query_one(DocumentView).highlights


@pytest.mark.parametrize("theme", ["reader-light", "reader-dark"])
async def test_the_muted_lines_stand_out_from_the_background(theme: str) -> None:
    # A tester read white authors and abstract on light grey in the light theme: muted
    # text was coloured against black, not against the view's background.
    from rich.color import Color as RichColor
    from textual.color import Color

    from reader.core.paths import shipped_dir
    from reader.ui.themes import load_theme_file

    app = Host(FullTextScreen(parse_html(FIXTURE.read_bytes()), "t"))
    app.register_theme(load_theme_file(shipped_dir("themes") / f"{theme}.toml"))
    app.theme = theme
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(DocumentView)
        assert view.lines[1].kind == "meta" and view.lines[1].text == "Ada Lovelace, Alan Turing"
        style = next(seg.style for seg in view.render_line(1) if seg.text.strip())
        assert style is not None and style.color is not None and style.bgcolor is not None

        def colour(rich: RichColor) -> Color:
            return Color.from_rich_color(rich)

        text, background = colour(style.color), colour(style.bgcolor)
        assert abs(text.brightness - background.brightness) > 0.3, (text, background)
        body = view.rich_style.color
        assert body is not None and text != colour(body)  # muted: not the body text's colour
