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


class SearchBar(Input, inherit_css=False):
    """A one-line, borderless search input.

    Its CSS is its own (``inherit_css=False``): Input's 1,600 characters of rules are
    mostly for the bordered, three-row look, and parsing them cost ~3 M instructions
    before the first paint.  The rules below are the ones that applied to it, in the order
    that gave the same resolved styles in every shipped theme (checked when written).
    """

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

    COMPONENT_CLASSES = Input.COMPONENT_CLASSES  # not inherited with inherit_css=False

    DEFAULT_CSS = """
    SearchBar {
        background: $surface;
        color: $foreground;
        padding: 0;
        border: none;
        width: 100%;
        height: 1;
        scrollbar-size-horizontal: 0;
        pointer: text;
        & > .input--cursor {
            background: $input-cursor-background;
            color: $input-cursor-foreground;
            text-style: $input-cursor-text-style;
        }
        & > .input--selection {
            background: $input-selection-background;
            color: $input-selection-foreground;
        }
        & > .input--placeholder, & > .input--suggestion { color: $text-disabled; }
        &:ansi {
            background: ansi_default;
            color: ansi_default;
            & > .input--cursor { background: ansi_white; color: ansi_black; }
            & > .input--placeholder, & > .input--suggestion {
                text-style: dim;
                color: ansi_default;
            }
        }
        &:focus { background: $boost; background-tint: $foreground 5%; }
        &.-invalid { background-tint: $error 20%; }
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
