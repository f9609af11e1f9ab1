"""Command palette entries (ctrl+p): every app action by name with its key, and views."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import SimpleCommand

from reader.core.models import SortMode, Status
from reader.ui.help_keys import format_keys

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


def go_to_paper(app: ReaderApp) -> None:
    """Open a palette of every title; choosing one moves the cursor to it."""
    commands = [
        SimpleCommand(paper.title, partial(app.go_to_paper, number))
        for number, paper in enumerate(app.library.papers)
    ]
    app.search_commands(commands, placeholder="Go to paper…")


def filter_by_tag(app: ReaderApp) -> None:
    """Open a palette of tags with counts; choosing one filters the list."""
    counts = app.library.tag_counts().most_common()
    commands = [
        SimpleCommand(f"{tag} ({count})", partial(app.apply_query, f"tag:{tag}"))
        for tag, count in counts
    ]
    app.search_commands(commands, placeholder="Filter by tag…" if counts else "No tags yet")


def show_status(app: ReaderApp) -> None:
    """Open a palette of statuses; choosing one filters the list."""
    commands = [
        SimpleCommand(
            f"{status.mark} {status.value}", partial(app.apply_query, f"status:{status.value}")
        )
        for status in Status
    ]
    app.search_commands(commands, placeholder="Show status…")


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
    yield SystemCommand("Go to paper…", "Fuzzy search over titles", partial(go_to_paper, app))
    yield SystemCommand("Filter by tag…", "Tags in use, with counts", partial(filter_by_tag, app))
    yield SystemCommand(
        "Show status…", "Only unread, reading or read papers", partial(show_status, app)
    )
    yield SystemCommand(
        "Show statistics", "Papers by status, tags, papers read lately", app.action_show_stats
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
