"""DocumentView: a laid-out full text that draws only the lines on screen (the Line API).

Matches, the selection and saved highlights are coloured column ranges over plain
segments: the text is data, never parsed as markup.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.fulltext import HEADING, Document
from reader.core.fulltext_text import BLANK, META, TITLE, Line, layout

VIEW_CHROME = 4
"""Columns of the view that are not text: its padding (1 + 1) and the scrollbar gutter (2)."""

Span = tuple[int, int, int]
"""(block, start, end) in the block's display text."""


class DocumentView(ScrollView, can_focus=True):
    """The laid-out text; draws only the lines on screen."""

    COMPONENT_CLASSES = {
        "document-view--title",
        "document-view--heading",
        "document-view--meta",
        "document-view--equation",
        "document-view--caption",
        "document-view--small",
        "document-view--match",
        "document-view--selection",
        "document-view--highlight",
    }
    DEFAULT_CSS = """
    DocumentView {
        background: $surface;
        padding: 0 1;
        /* The text is wrapped to the width: never a sideways scrollbar, and the vertical
           one's room is kept from the start, so no line hides under it. */
        overflow-x: hidden;
        scrollbar-gutter: stable;
    }
    DocumentView > .document-view--title { text-style: bold; color: $accent; }
    DocumentView > .document-view--heading { text-style: bold; color: $primary; }
    DocumentView > .document-view--meta { color: $text-muted; }
    DocumentView > .document-view--equation { color: $secondary; }
    DocumentView > .document-view--caption { text-style: italic; }
    DocumentView > .document-view--small { color: $text-muted; }
    DocumentView > .document-view--match { background: $warning 60%; }
    DocumentView > .document-view--selection { background: $accent 50%; }
    DocumentView > .document-view--highlight { background: $success 30%; }
    """

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.lines: list[Line] = []
        self._width = 0
        self.matches: list[tuple[int, int, int]] = []
        """(line, start column, end column) of each search match."""
        self.current_match = -1
        self.selection: tuple[Span, Span] | None = None
        self.highlights: list[Span] = []
        self.pending_block: int | None = None
        """A block to show at the top once the text is laid out (a remembered position)."""

    def relayout(self, width: int) -> None:
        """Lay the text out for ``width`` columns, keeping the top block in view."""
        width = max(width, 20)
        if width == self._width and self.lines:
            return
        top = self.top_block() if self.pending_block is None else self.pending_block
        self.pending_block = None
        self._width = width
        self.lines = layout(self.document, width)
        self.virtual_size = Size(width, len(self.lines))
        if top >= 0:  # after the new virtual size applies, or the scroll would be clamped
            self.call_after_refresh(self.scroll_to_block, top)

    def on_resize(self, event: events.Resize) -> None:
        self.relayout(self.scrollable_content_region.width)

    def on_mount(self) -> None:
        if self.scrollable_content_region.width:  # else the first Resize lays it out
            self.relayout(self.scrollable_content_region.width)

    def top_block(self) -> int:
        """Return the block at the top of the view (-1: the front matter)."""
        top = int(self.scroll_offset.y)
        return self.lines[top].block if top < len(self.lines) else -1

    def line_of_block(self, block: int) -> int:
        """Return the first line of a block."""
        for number, line in enumerate(self.lines):
            if line.block == block and line.kind != BLANK:
                return number
        return 0

    def scroll_to_block(self, block: int) -> None:
        """Put a block at the top of the view."""
        self.scroll_to(y=self.line_of_block(block), animate=False)

    def search(self, query: str) -> int:
        """Find ``query`` (case-insensitive) line by line; return the number of matches."""
        self.matches = []
        self.current_match = -1
        needle = query.casefold()
        if needle:
            for number, line in enumerate(self.lines):
                text = line.text.casefold()
                start = text.find(needle)
                while start >= 0:
                    self.matches.append((number, start, start + len(needle)))
                    start = text.find(needle, start + len(needle))
        self.refresh()
        return len(self.matches)

    def next_match(self, step: int) -> int:
        """Move to the next (step 1) or previous (-1) match; return its number (from 0)."""
        if not self.matches:
            return -1
        top = int(self.scroll_offset.y)
        if self.current_match < 0:
            later = [i for i, match in enumerate(self.matches) if match[0] >= top]
            self.current_match = later[0] if later and step > 0 else len(self.matches) - 1
            if step > 0 and not later:
                self.current_match = 0
        else:
            self.current_match = (self.current_match + step) % len(self.matches)
        line = self.matches[self.current_match][0]
        self.scroll_to(y=max(line - 3, 0), animate=False)
        self.refresh()
        return self.current_match

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"document-view--{name}", partial=True)

    def _kind_style(self, kind: str) -> Style:
        name = {
            TITLE: "title",
            HEADING: "heading",
            META: "meta",
            "equation": "equation",
            "caption": "caption",
            "footnote": "small",
            "reference": "small",
            "page": "small",
        }.get(kind)
        if not name:
            return Style()
        # Not partial: "$text-muted" is a colour against the view's background (a light
        # theme's muted text is dark); alone it was taken against black, so white.
        return self.get_component_rich_style(f"document-view--{name}", partial=False)

    def _spans_on(self, number: int, line: Line) -> list[tuple[int, int, Style]]:
        """Return the coloured column ranges of a line (matches, selection, highlights)."""
        spans: list[tuple[int, int, Style]] = []
        indent = len(line.text) - len(line.text.lstrip(" ")) if line.block >= 0 else 0
        length = len(line.text) - indent

        def add(block: int, start: int, end: int, style: Style) -> None:
            if block != line.block:
                return
            low, high = max(start, line.start), min(end, line.start + length)
            if low < high:
                spans.append((indent + low - line.start, indent + high - line.start, style))

        for block, start, end in self.highlights:
            add(block, start, end, self._style("highlight"))
        if self.selection is not None:
            first, last = self.selection
            for block in range(first[0], last[0] + 1):
                start = first[1] if block == first[0] else 0
                end = last[2] if block == last[0] else 1 << 30
                add(block, start, end, self._style("selection"))
        for match_line, start, end in self.matches:
            if match_line == number:
                spans.append((start, end, self._style("match")))
        return spans

    def render_line(self, y: int) -> Strip:
        number = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if number >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        line = self.lines[number]
        base = self.rich_style + self._kind_style(line.kind)
        text = line.text
        spans = self._spans_on(number, line)
        if not spans:
            segments = [Segment(text, base)]
        else:
            styles = [base] * len(text)
            for start, end, style in spans:
                for column in range(max(start, 0), min(end, len(text))):
                    styles[column] = styles[column] + style
            segments = []
            run = 0
            for column in range(1, len(text) + 1):
                if column == len(text) or styles[column] != styles[run]:
                    segments.append(Segment(text[run:column], styles[run]))
                    run = column
        return Strip(segments).extend_cell_length(width, self.rich_style).crop(0, width)
