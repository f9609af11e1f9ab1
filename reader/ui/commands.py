"""Command palette (ctrl+p): every action with its key, and pickers for papers, tags, views."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.app import SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.core.models import SortMode, Status
from reader.ui.keys import format_keys

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


Choice = tuple[str, Callable[[], object]]


class PlainChoices(Provider):
    """Palette entries whose text is data (titles, tags, view names): never markup.

    Textual's stock matcher builds its display with ``Content.from_markup``; here the
    text is plain ``Content`` and only the matched characters are styled.
    """

    choices: ClassVar[list[Choice]] = []

    async def discover(self) -> Hits:
        for text, callback in self.choices:
            yield DiscoveryHit(Content(text), callback, text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback in self.choices:
            score, offsets = matcher.fuzzy_search.match(query, text)
            if score:
                display = Content(text)
                for offset in offsets:
                    display = display.stylize(matcher._match_style, offset, offset + 1)
                yield Hit(score, display, callback, text=text)


def pick(app: ReaderApp, choices: list[Choice], placeholder: str) -> None:
    """Open a palette over ``choices`` (plain text)."""
    provider = type("Choices", (PlainChoices,), {"choices": choices})
    app.push_screen(CommandPalette(providers=[provider], placeholder=placeholder))


def go_to_paper(app: ReaderApp) -> None:
    """Open a palette of every title; choosing one moves the cursor to it."""
    choices: list[Choice] = [
        (paper.title, partial(app.go_to_paper, number))
        for number, paper in enumerate(app.library.papers)
    ]
    pick(app, choices, "Go to paper…")


def filter_by_tag(app: ReaderApp) -> None:
    """Open a palette of tags with counts; choosing one filters the list."""
    counts = app.library.tag_counts().most_common()
    choices: list[Choice] = [
        (f"{tag} ({count})", partial(app.apply_query, f"tag:{tag}")) for tag, count in counts
    ]
    pick(app, choices, "Filter by tag…" if counts else "No tags yet")


def show_status(app: ReaderApp) -> None:
    """Open a palette of statuses; choosing one filters the list."""
    choices: list[Choice] = [
        (f"{status.mark} {status.value}", partial(app.apply_query, f"status:{status.value}"))
        for status in Status
    ]
    pick(app, choices, "Show status…")


def saved_views(app: ReaderApp) -> None:
    """Open a palette of saved views; choosing one shows it."""
    choices: list[Choice] = [
        (
            f"{view.name}{f' ({number})' if number <= 9 else ''}  {view.query}",
            partial(app.apply_query, view.query),
        )
        for number, view in enumerate(app.library.views(), start=1)
    ]
    pick(app, choices, "Saved views…" if choices else "No saved views yet")


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
    yield SystemCommand(
        "Saved views…", "Jump to a saved search (keys 1-9 too)", partial(saved_views, app)
    )
