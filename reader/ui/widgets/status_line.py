"""The status line: one row above the footer for short confirmations ("Marked read").

It never covers the reading text (a toast at 80 columns did) and never stacks: a new
message replaces the last, and each clears itself after a few seconds.
"""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static


class StatusLine(Static):
    """Shows the latest confirmation; empty between them."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        background: $surface;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self._timer: Timer | None = None

    def show(self, message: str, timeout: float = 4) -> None:
        """Show ``message`` (plain text, one line) until ``timeout`` seconds pass."""
        self.update(Text(message.replace("\n", " "), no_wrap=True, overflow="ellipsis"))
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(timeout, self.clear)

    def clear(self) -> None:
        """Empty the line."""
        self.update("")
