"""The reading view: a paper's full text, full screen, with outline, search and highlights.

The document comes in through the constructor (or ``show_document`` once downloaded);
what the reader does goes up as messages (``Closed`` with the position to remember,
``HighlightRequested``).  Only visible lines are drawn (the Line API), so a long paper
opens at once.  Text is data: drawn as plain segments, never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.fulltext import HEADING, Document
from reader.core.fulltext_text import block_text, locate_quote, sentences
from reader.ui.screens.document_view import VIEW_CHROME, DocumentView, Span

__all__ = ["Anchor", "DocumentView", "FullTextApp", "FullTextScreen"]


@dataclass
class Anchor:
    """Where a highlight sits: its quote, the section heading and the block position."""

    quote: str
    section: str
    block: int
    offset: int


class FullTextScreen(Screen[int]):
    """A paper's full text; Esc returns (dismissing with the block to reopen at)."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="fulltext.back"),
        Binding("O", "outline", "Outline", id="fulltext.outline"),
        Binding("right_square_bracket", "section(1)", "Next section", id="fulltext.next"),
        Binding("left_square_bracket", "section(-1)", "Prev section", id="fulltext.previous"),
        Binding("slash", "find", "Search", id="fulltext.search"),
        Binding("n", "match(1)", "Next match", show=False, id="fulltext.next_match"),
        Binding("N", "match(-1)", "Prev match", show=False, id="fulltext.previous_match"),
        Binding("g", "top", "Top", show=False, id="fulltext.top"),
        Binding("G", "bottom", "Bottom", show=False, id="fulltext.bottom"),
        Binding("j,down", "down", "Down / extend", show=False, id="fulltext.down"),
        Binding("k,up", "up", "Up / shrink", show=False, id="fulltext.up"),
        Binding("v", "select", "Select", id="fulltext.select"),
        Binding("H", "highlight", "Highlight", id="fulltext.highlight"),
    ]
    DEFAULT_CSS = """
    FullTextScreen #fulltext-status { height: 1; background: $panel; color: $text; }
    FullTextScreen #fulltext-outline { width: 34; display: none; }
    FullTextScreen.-outline #fulltext-outline { display: block; }
    FullTextScreen #fulltext-input { display: none; }
    FullTextScreen #fulltext-problem { padding: 1 2; width: 1fr; }
    FullTextScreen.-input #fulltext-input { display: block; }
    """

    class Closed(Message):
        """The view was left; ``block`` is where to reopen the paper."""

        def __init__(self, paper_id: str, block: int) -> None:
            super().__init__()
            self.paper_id = paper_id
            self.block = block

    class HighlightRequested(Message):
        """The reader saved a selection as a highlight."""

        def __init__(self, paper_id: str, anchor: Anchor, note: str) -> None:
            super().__init__()
            self.paper_id = paper_id
            self.anchor = anchor
            self.note = note

    def __init__(
        self,
        document: Document | None,
        title: str,
        paper_id: str = "",
        *,
        position: int = -1,
        highlights: list[Anchor] | None = None,
        highlight_refusal: str = "",
    ) -> None:
        super().__init__()
        self.document = document
        self.highlight_refusal = highlight_refusal  # why H cannot save here ("" = it can)
        self.paper_title = title
        self.paper_id = paper_id
        self.position = position
        self.saved_highlights = list(highlights or [])
        self._input_mode = ""
        self._outline_filled = False
        self._sentences: list[Span] | None = None
        self._cursor = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="fulltext-status", markup=False)
        with Horizontal():  # the outline and the input are mounted when first wanted
            if self.document is not None:
                yield DocumentView(self.document, id="fulltext-document")

    def on_mount(self) -> None:
        if self.document is None:
            self.set_status("fetching the full text…")
        else:
            self._ready()

    def _ready(self) -> None:
        assert self.document is not None
        view = self.query_one(DocumentView)
        self._outline_filled = False  # filled when first shown: not on the way to the text
        if view.scrollable_content_region.width:
            view.relayout(view.scrollable_content_region.width)
        elif not view.lines:  # lay out for the width it will get: one layout, one paint
            view.relayout(self.app.size.width - VIEW_CHROME)
        view.highlights = [
            span for anchor in self.saved_highlights for span in self._locate(anchor)
        ]
        if self.position >= 0:
            if view.lines:
                self.call_after_refresh(view.scroll_to_block, self.position)
            else:
                view.pending_block = self.position
        view.focus()
        kind = "PDF text" if self.document.origin == "pdf" else "full text"
        self.set_status(f"{self.paper_title}  ({kind}; O outline, / search, Esc back)")

    def show_document(self, document: Document) -> None:
        """Show a document that arrived after the screen opened.

        Queued behind the screen's own mount: a download can answer before it (a cached
        copy, a refused connection), and would then be overwritten by "fetching…".
        """
        self.call_later(self._show_document, document)

    def _show_document(self, document: Document) -> None:
        self.document = document
        view = DocumentView(document, id="fulltext-document")
        self.query_one(Horizontal).mount(view)
        self.call_after_refresh(self._ready)

    def set_status(self, text: str) -> None:
        """Show one line of status (download progress, search results)."""
        self.query_one("#fulltext-status", Static).update(text)

    def show_problem(self, problem: str) -> None:
        """Say, wrapped in the body, why there is no text to show and what can be done.

        Queued behind the screen's own mount, as ``show_document`` is.
        """
        self.call_later(self._show_problem, problem)

    def _show_problem(self, problem: str) -> None:
        self.set_status("No full text  (Esc back)")
        self.query_one(Horizontal).mount(
            Static(
                f"Cannot show the full text: {problem}\n\n"
                "Esc goes back to the list. If you have the paper as a file, "
                "ctrl+p Attach PDF… reads it.",
                id="fulltext-problem",
                markup=False,
            )
        )

    def _view(self) -> DocumentView | None:
        views = self.query(DocumentView)
        return views.first() if views else None

    def _locate(self, anchor: Anchor) -> list[Span]:
        """Find a highlight's quote (across paragraphs too), at its block first, else anywhere."""
        assert self.document is not None
        return locate_quote(self.document, anchor.quote, anchor.block)

    # --- actions -------------------------------------------------------------------

    def action_back(self) -> None:
        if self._input_mode:
            self._close_input()
            return
        view = self._view()
        if self.has_class("-outline"):  # Esc closes what it opened last: the outline first
            self.remove_class("-outline")
            if view is not None:
                view.focus()
            return
        block = view.top_block() if view else self.position
        self.post_message(self.Closed(self.paper_id, block))
        self.dismiss(block)

    async def _outline(self) -> OptionList:
        """Return the outline list, mounted and filled on first use (not on the way in)."""
        found = self.query(OptionList)
        outline = found.first() if found else OptionList(id="fulltext-outline")
        if not found:
            await self.query_one(Horizontal).mount(outline, before=0)
        if not self._outline_filled and self.document is not None:
            self._outline_filled = True
            outline.clear_options()
            outline.add_options(
                Option(("  " * (block.level - 1)) + block_text(block), id=str(index))
                for index, block in self.document.outline()
            )
        return outline

    async def action_outline(self) -> None:
        outline = await self._outline()
        self.toggle_class("-outline")
        if self.has_class("-outline"):
            outline.focus()
        elif view := self._view():
            view.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        view = self._view()
        if view is not None and event.option.id is not None:
            view.scroll_to_block(int(event.option.id))
            self.remove_class("-outline")
            view.focus()

    def action_section(self, step: int) -> None:
        view = self._view()
        if view is None or self.document is None:
            return
        top = int(view.scroll_offset.y)
        starts = [view.line_of_block(index) for index, _ in self.document.outline()]
        later = [line for line in starts if line > top] if step > 0 else []
        earlier = [line for line in starts if line < top] if step < 0 else []
        target = later[0] if later else earlier[-1] if earlier else None
        if target is not None:
            view.scroll_to(y=target, animate=False)

    def action_top(self) -> None:
        if view := self._view():
            view.scroll_home(animate=False)

    def action_bottom(self) -> None:
        if view := self._view():
            view.scroll_end(animate=False)

    async def _open_input(self, mode: str, placeholder: str) -> None:
        found = self.query(Input)
        field = found.first() if found else Input(id="fulltext-input")
        if not found:
            await self.mount(field)
        self._input_mode = mode
        field.value = ""
        field.placeholder = placeholder
        self.add_class("-input")
        field.focus()

    def _close_input(self) -> None:
        self._input_mode = ""
        self.remove_class("-input")
        if view := self._view():
            view.focus()

    async def action_find(self) -> None:
        if self._view() is not None:
            await self._open_input("search", "search in the paper (Enter; n/N next/previous)")

    def action_match(self, step: int) -> None:
        view = self._view()
        if view is not None and view.matches:
            number = view.next_match(step)
            self.set_status(f"match {number + 1} of {len(view.matches)}")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        mode, value = self._input_mode, event.value
        self._close_input()
        view = self._view()
        if view is None:
            return
        if mode == "search":
            count = view.search(value)
            if count:
                view.next_match(1)
            self.set_status(f"{count} match{'es' if count != 1 else ''} for {value!r}")
        elif mode == "note" and view.selection is not None:
            self._save_highlight(view, value.strip())

    # --- selection and highlights --------------------------------------------------

    def _all_sentences(self) -> list[Span]:
        if self._sentences is None:
            assert self.document is not None
            self._sentences = [
                (index, start, end)
                for index, block in enumerate(self.document.blocks)
                if block.kind != HEADING and block.kind != "page"
                for start, end in sentences(block_text(block))
            ]
        return self._sentences

    def action_select(self) -> None:
        view = self._view()
        if view is None:
            return
        if view.selection is not None:
            view.selection = None
            view.refresh()
            self.set_status("selection cleared")
            return
        spans = self._all_sentences()
        top = view.top_block()
        first = next((i for i, span in enumerate(spans) if span[0] >= top), None)
        if first is None:
            return
        self._anchor = self._cursor = first
        view.selection = (spans[first], spans[first])
        view.refresh()
        self.set_status("selecting: j/k extend by sentence, H save as highlight, v cancel")

    def _move_selection(self, step: int) -> bool:
        view = self._view()
        if view is None or view.selection is None:
            return False
        spans = self._all_sentences()
        self._cursor = min(max(self._cursor + step, 0), len(spans) - 1)
        low, high = sorted((self._anchor, self._cursor))
        view.selection = (spans[low], spans[high])
        line = view.line_of_block(spans[self._cursor][0])
        if not view.scroll_offset.y <= line < view.scroll_offset.y + view.size.height - 1:
            view.scroll_to(y=max(line - 2, 0), animate=False)
        view.refresh()
        return True

    def action_down(self) -> None:
        if not self._move_selection(1) and (view := self._view()):
            view.scroll_down(animate=False)

    def action_up(self) -> None:
        if not self._move_selection(-1) and (view := self._view()):
            view.scroll_up(animate=False)

    async def action_highlight(self) -> None:
        if self.highlight_refusal:
            self.set_status(self.highlight_refusal)
            return
        view = self._view()
        if view is None or view.selection is None:
            self.set_status("v starts a selection first")
            return
        await self._open_input(
            "note", "note for this highlight (optional; Enter saves, Esc cancels)"
        )

    def selected_quote(self) -> Anchor | None:
        """Return the selection as an anchor (quote, section, position)."""
        view = self._view()
        if view is None or view.selection is None or self.document is None:
            return None
        first, last = view.selection
        blocks = self.document.blocks
        parts = []
        for index in range(first[0], last[0] + 1):
            text = block_text(blocks[index])
            start = first[1] if index == first[0] else 0
            end = last[2] if index == last[0] else len(text)
            if blocks[index].kind != HEADING:
                parts.append(text[start:end])
        section = ""
        for index, block in self.document.outline():
            if index > first[0]:
                break
            section = block_text(block)
        return Anchor(" ".join(part for part in parts if part), section, first[0], first[1])

    def _save_highlight(self, view: DocumentView, note: str) -> None:
        anchor = self.selected_quote()
        if anchor is None or not anchor.quote:
            return
        first = view.selection[0] if view.selection else None
        view.selection = None
        if first is not None:
            view.highlights.extend(self._locate(anchor))
        view.refresh()
        self.post_message(self.HighlightRequested(self.paper_id, anchor, note))
        self.set_status("highlight saved" + (" with a note" if note else ""))


class FullTextApp(App[None]):
    """``reader read FILE``: the reading view on its own."""

    def __init__(self, document: Document, title: str, *, attached: bool = False) -> None:
        super().__init__()
        self._document = document
        self._title = title
        self._attached = attached

    def on_mount(self) -> None:
        refusal = (
            "not saved here: highlights are kept in reader (f on the paper opens this text)"
            if self._attached
            else "not saved: the file is not attached (reader read FILE --paper ID)"
        )
        screen = FullTextScreen(self._document, self._title, highlight_refusal=refusal)
        self.push_screen(screen, lambda _: self.exit())
