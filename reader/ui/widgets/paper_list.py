"""PaperList: one line per paper, rendering only the rows on screen (Textual's line API)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core import Library, Paper, SearchResult, Status, highlight_spans
from reader.core.dates import date_parts
from reader.ui.messages import BackRequested, MarksChanged, PaperOpened, PaperSelected

if TYPE_CHECKING:  # built with the first query, not for the first paint
    from reader.core.term_match import TermMatch

_MAX_TAG_SHARE = 0.4
COLUMNS_FROM = 100
"""A list this wide (cells) or wider shows the date and upvotes columns."""
DATE_CELLS = 10
VOTE_CELLS = 5


class PaperList(ScrollView, can_focus=True):
    """The list of papers matching the current search, with a cursor.

    It holds positions into the library's paper list, not widgets, and draws only the
    visible lines, so its cost does not grow with the number of papers.
    """

    BINDINGS = [
        Binding(
            "j,down",
            "cursor_down",
            "Next",
            priority=True,
            show=False,
            id="list.down",
            tooltip="Move to the next paper",
        ),
        Binding(
            "k,up",
            "cursor_up",
            "Previous",
            priority=True,
            show=False,
            id="list.up",
            tooltip="Move to the previous paper",
        ),
        Binding(
            "g,home",
            "first",
            "First",
            priority=True,
            show=False,
            id="list.first",
            tooltip="Jump to the first paper",
        ),
        Binding(
            "G,end",
            "last",
            "Last",
            priority=True,
            show=False,
            id="list.last",
            tooltip="Jump to the last paper",
        ),
        Binding(
            "pagedown,ctrl+f",
            "page_down",
            "Page down",
            priority=True,
            show=False,
            id="list.page_down",
            tooltip="Move down one page",
        ),
        Binding(
            "pageup,ctrl+b",
            "page_up",
            "Page up",
            priority=True,
            show=False,
            id="list.page_up",
            tooltip="Move up one page",
        ),
        Binding(
            "enter,l",
            "open",
            "Read",
            priority=True,
            id="list.open",
            tooltip="Read the paper: focus the reading pane",
        ),
        Binding(
            "v,space",
            "toggle_mark",
            "Mark",
            show=False,
            priority=True,
            id="list.mark",
            tooltip="Mark or unmark the paper for a bulk action, and move down",
        ),
        Binding(
            "V",
            "mark_all",
            "Mark all",
            show=False,
            priority=True,
            id="list.mark_all",
            tooltip="Mark every listed paper (again: unmark all)",
        ),
        Binding(
            "escape",
            "clear",
            "Clear",
            priority=True,
            id="list.clear_marks",
            tooltip="Clear the marks; with none, leave a similar-papers view, else the kept "
            "filter (back to all papers)",
        ),
    ]

    COMPONENT_CLASSES = {
        "paper-list--cursor",
        "paper-list--highlight",
        "paper-list--tag",
        "paper-list--mark-unread",
        "paper-list--mark-reading",
        "paper-list--mark-read",
        "paper-list--empty",
        "paper-list--marked",
        "paper-list--column",
    }

    DEFAULT_CSS = """
    PaperList {
        overflow-x: hidden;
        overflow-y: auto;
        & > .paper-list--cursor { background: $surface-lighten-1; }
        &:focus > .paper-list--cursor { background: $primary 40%; text-style: bold; }
        & > .paper-list--highlight {
            color: $reader-highlight-foreground;
            background: $reader-highlight-background;
            text-style: bold underline;  /* still visible with NO_COLOR */
        }
        & > .paper-list--tag { color: $reader-tag; }
        & > .paper-list--mark-unread { color: $reader-mark-unread; }
        & > .paper-list--mark-reading { color: $reader-mark-reading; text-style: bold; }
        & > .paper-list--mark-read { color: $reader-mark-read; }
        & > .paper-list--empty { color: $text-muted; text-style: italic; }
        & > .paper-list--marked { color: $accent; text-style: bold; }
        & > .paper-list--column { color: $text-muted; }
    }
    """

    cursor: reactive[int] = reactive(0, init=False)

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self._rows: Sequence[int] = range(len(library.papers))
        self._terms: tuple[TermMatch, ...] = ()
        self.marked: set[int] = set()
        """Positions (in the library) of papers marked for a bulk action."""
        self._query = ""
        """The query of the result shown: a kept filter that Esc clears."""
        self.in_similar_view = False
        """Set by the app while a similar-papers view is listed (Esc leaves it)."""

    @property
    def current(self) -> Paper | None:
        """The paper under the cursor, if any."""
        if not self._rows:
            return None
        return self.library.papers[self._rows[self.cursor]]

    def show_result(self, result: SearchResult) -> None:
        """List the papers of a search result, keeping the cursor on the same paper if listed."""
        wanted = self._rows[self.cursor] if self._rows else -1
        self._rows = result.indices
        self._terms = result.terms
        self._query = result.query.strip()
        self.refresh_bindings()  # the footer shows "Esc Clear" while a filter is kept
        self.virtual_size = Size(0, len(self._rows))
        self._set_cursor(max(0, _find(self._rows, wanted)), force=True)
        # A longer list can scroll further only once laid out: scroll to the cursor then
        # (a cleared filter left the paper under it off screen).
        self.call_after_refresh(self._scroll_to_cursor)

    def on_mount(self) -> None:
        self.virtual_size = Size(0, len(self._rows))
        self.post_message(PaperSelected(self.current))

    def on_resize(self) -> None:
        self._scroll_to_cursor()

    def _set_cursor(self, position: int, *, force: bool = False) -> None:
        position = max(0, min(position, len(self._rows) - 1)) if self._rows else 0
        changed = position != self.cursor
        self.set_reactive(PaperList.cursor, position)
        self._scroll_to_cursor()
        self.refresh()
        if changed or force:
            self.post_message(PaperSelected(self.current))

    def _scroll_to_cursor(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        """Move to the next paper."""
        self._set_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        """Move to the previous paper."""
        self._set_cursor(self.cursor - 1)

    def action_first(self) -> None:
        """Jump to the first paper."""
        self._set_cursor(0)

    def action_last(self) -> None:
        """Jump to the last paper."""
        self._set_cursor(len(self._rows) - 1)

    def action_page_down(self) -> None:
        """Move down a page."""
        self._set_cursor(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        """Move up a page."""
        self._set_cursor(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_open(self) -> None:
        """Ask the app to open the paper under the cursor."""
        if self.current is not None:
            self.post_message(PaperOpened(self.current))
            self.screen.focus_next()  # the reading pane; at once, so queued keys follow

    def go_to(self, index: int) -> bool:
        """Put the cursor on paper ``index`` if it is listed; return whether it is."""
        position = _find(self._rows, index)
        if position >= 0:
            self._set_cursor(position)
        return position >= 0

    def marked_papers(self) -> list[Paper]:
        """Return the marked papers, in library order."""
        return [self.library.papers[index] for index in sorted(self.marked)]

    def action_toggle_mark(self) -> None:
        """Mark or unmark the paper under the cursor, then move down."""
        if not self._rows:
            return
        index = self._rows[self.cursor]
        self.marked ^= {index}
        self._marks_changed()
        self._set_cursor(self.cursor + 1, force=True)

    def action_mark_all(self) -> None:
        """Mark every listed paper; if they all are marked already, clear the marks."""
        listed = set(self._rows)
        self.marked = set() if listed and listed <= self.marked else self.marked | listed
        self._marks_changed()
        self.refresh()

    def _marks_changed(self) -> None:
        self.post_message(MarksChanged())
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Esc (and show it in the footer) only when there is something to clear."""
        if action == "clear":
            return bool(self.marked or self._query or self.in_similar_view)
        return True

    def action_clear(self) -> None:
        """Clear the marks if any; else go back (a similar-papers view, a kept filter)."""
        self.action_clear_marks()

    def action_clear_marks(self) -> None:
        """Clear all marks (with none: ask to leave a similar-papers view)."""
        if self.marked:
            self.marked = set()
            self._marks_changed()
            self.refresh()
        else:
            self.post_message(BackRequested())

    def on_click(self, event: Click) -> None:
        row = round(self.scroll_y) + event.y
        if 0 <= row < len(self._rows):
            self._set_cursor(row)

    def render_line(self, y: int) -> Strip:
        """Draw one visible line: status mark, title with matches highlighted, tags."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = round(self.scroll_y) + y
        if not self._rows:
            if y == 0:
                style = self.get_component_rich_style("paper-list--empty")
                return Strip([Segment(" No papers match.", style)]).crop_extend(0, width, base)
            return Strip.blank(width, base)
        if row >= len(self._rows):
            return Strip.blank(width, base)
        index = self._rows[row]
        text = self._row_text(self.library.papers[index], width, index in self.marked)
        if row == self.cursor:
            text.stylize(self.get_component_rich_style("paper-list--cursor"))
        segments = Segment.apply_style(text.render(self.app.console), base)
        return Strip(segments).crop_extend(0, width, base).simplify()

    def _row_text(self, paper: Paper, width: int, marked: bool = False) -> Text:
        annotation = self.library.annotation(paper)
        status = annotation.status
        mark = Text.assemble(
            ("+" if marked else " ", self.get_component_rich_style("paper-list--marked")),
            (f"{status.mark} ", self._mark_style(status)),
        )
        tags = Text()
        if annotation.tags:
            tag_style = self.get_component_rich_style("paper-list--tag")
            tags = Text(" " + " ".join(f"#{tag}" for tag in annotation.tags) + " ", tag_style)
            limit = max(8, int(width * _MAX_TAG_SHARE))
            if tags.cell_len > limit:
                tags.truncate(limit, overflow="ellipsis")
        shown = paper.display_title  # simple LaTeX as Unicode; search keeps the source
        title = Text(shown, no_wrap=True, end="")
        highlight = self.get_component_rich_style("paper-list--highlight")
        for start, end in highlight_spans(shown, self._terms):
            title.stylize(highlight, start, end)
        note = Text("✎" if annotation.note.strip() else " ", self._mark_style(status))
        columns = self._columns(paper, width)
        room = max(1, width - mark.cell_len - note.cell_len - tags.cell_len - columns.cell_len)
        title.truncate(room, overflow="ellipsis", pad=True)
        return Text.assemble(mark, title, tags, note, columns, no_wrap=True, end="")

    def _columns(self, paper: Paper, width: int) -> Text:
        """Return the date and upvotes, each in a column of fixed width at the row's end.

        Fixed widths keep them aligned from row to row and while scrolling; a narrow list
        (under COLUMNS_FROM cells) shows none, so titles keep their room.
        """
        if width < COLUMNS_FROM:
            return Text("")
        parts = date_parts(paper)
        date = "-".join(f"{part:02d}" for part in parts) if parts else paper.listing_date or ""
        votes = f"▲{paper.upvotes}" if paper.upvotes is not None else ""
        style = self.get_component_rich_style("paper-list--column")
        return Text(f" {date[:DATE_CELLS]:>{DATE_CELLS}} {votes[:VOTE_CELLS]:>{VOTE_CELLS}}", style)

    def _mark_style(self, status: Status) -> Style:
        return self.get_component_rich_style(f"paper-list--mark-{status.value}")


def _find(rows: Sequence[int], wanted: int) -> int:
    """Return the position of paper index ``wanted`` in ``rows``, or -1."""
    try:
        return rows.index(wanted)
    except ValueError:
        return -1
