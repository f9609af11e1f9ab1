"""Command palette entries (ctrl+p): every app action by name with its key, and views."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding

from reader.core.models import SortMode
from reader.ui.help_keys import format_keys

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


def reader_commands(app: ReaderApp) -> Iterator[SystemCommand]:
    """Yield the palette's reader commands, with the keys in effect."""
    keymap = dict(app._keymap)
    for binding in app.BINDINGS:
        if not isinstance(binding, Binding) or (binding.id or "").startswith("app.view_"):
            continue
        keys = format_keys(keymap.get(binding.id or "", binding.key))
        action = binding.action
        yield SystemCommand(
            f"{binding.description} ({keys})",
            binding.tooltip or binding.description,
            partial(app.run_action, action),
        )
    yield SystemCommand(
        "Save current search as a view",
        "Name the query in the search bar; keys 1-9 jump to views",
        app.action_save_view,
    )
    for mode in SortMode:
        yield SystemCommand(
            f"Sort by {mode.value}",
            "Order the list (after match quality when searching)",
            partial(app.set_sort, mode),
        )
    for number, view in enumerate(app.library.views(), start=1):
        key = f" ({number})" if number <= 9 else ""
        yield SystemCommand(
            f"View: {view.name}{key}", view.query, partial(app.apply_query, view.query)
        )
