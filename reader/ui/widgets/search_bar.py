"""SearchBar: the query input; typing filters live, Enter keeps the filter, Escape clears."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.binding import Binding
from textual.widgets import Input

EDITS_AT_ONCE = {
    "ctrl+u": "delete_left_all",
    "ctrl+w": "delete_left_word",
    "ctrl+k": "delete_right_all",
}
"""Input's editing keys run as the key arrives: as bindings they ran after the keys that
followed them in a burst (a paste, fast typing), so ctrl+u then "agent" left it empty."""


class SearchBar(Input):
    """A one-line, borderless search input."""

    BINDINGS = [
        Binding(
            "ctrl+s",
            "screen.save_view",
            "Save view",
            priority=True,
            id="search.save_view",
            tooltip="Save this search as a named view (keys 1-9 jump to views)",
        ),
        Binding(
            "enter",
            "submit",
            "Keep filter",
            priority=True,
            id="search.submit",
            tooltip="Return to the list, keeping the filter",
        ),
        Binding(
            "escape",
            "clear",
            "Clear search",
            priority=True,
            id="search.clear",
            tooltip="Clear the search and return to the list",
        ),
        Binding(
            "down",
            "submit",
            "To list",
            priority=True,
            show=False,
            id="search.to_list",
            tooltip="Return to the list, keeping the filter",
        ),
    ]

    DEFAULT_CSS = """
    SearchBar {
        border: none;
        height: 1;
        padding: 0 1;
        background: $surface;
        &:focus { background: $boost; border: none; }
    }
    """

    def __init__(
        self, *, id: str | None = None, on_leave: Callable[[str], None] | None = None
    ) -> None:
        self._leave_callback = on_leave
        super().__init__(
            placeholder="/ search: fuzzy, typo-tolerant; Enter keeps the filter, Esc clears",
            id=id,
            compact=True,
            select_on_focus=False,
        )

    async def _on_key(self, event: events.Key) -> None:
        action = EDITS_AT_ONCE.get(event.key)
        if action is None:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        await self.run_action(action)

    def action_clear(self) -> None:
        """Clear the query (the list shows every paper again) and return to the list."""
        self.value = ""
        self._leave()

    async def action_submit(self) -> None:
        """Enter or down: return to the list keeping the filter."""
        self._leave()

    def _leave(self) -> None:
        """Settle the search and move focus now, so the rest of a key burst goes with it."""
        if self._leave_callback is not None:
            self._leave_callback(self.value)
        self.screen.focus_next()
