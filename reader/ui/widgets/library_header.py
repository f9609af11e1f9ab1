"""LibraryHeader: what is open, how many papers are listed, and the active query."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reader.core.text import plural


class LibraryHeader(Static):
    """One line at the top of the screen."""

    DEFAULT_CSS = """
    LibraryHeader {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.label = label

    def show_counts(
        self, shown: int, total: int, query: str, *, busy: str = "", sort: str = "relevance"
    ) -> None:
        """Show "N of M papers", the query, and what is open (cut first when narrow)."""
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append("reader", style="bold")
        text.append("  ")
        text.append(f"{shown:,} of {plural(total, 'paper')}", style="bold")
        if query.strip():
            text.append(" matching ")
            text.append(query.strip(), style="italic")
        if sort != "relevance":
            text.append(f"  sorted by {sort}")
        if busy:
            text.append(f"  {busy}", style="italic")
        text.append(f"  · {self.label}", style="dim")
        if text == self.content:
            return  # the index poll asks five times a second: no new layout for nothing
        self.update(text)
