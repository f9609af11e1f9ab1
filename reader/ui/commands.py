"""Command palette (ctrl+p): every action with its key, and pickers for papers, tags, views."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.message import Message

from reader.core.annotated import NOT_IN_LIBRARY
from reader.core.choices import match_choice
from reader.core.library import Library
from reader.core.models import SortMode, Status
from reader.ui.keys import format_keys
from reader.ui.messages import ActionRequested, PaperRequested, QueryRequested, SortRequested

Choice = tuple[str, Callable[[], object]]


MATCH_STYLE = "bold underline"
SHOWN_CHARS = 300
"""Longer entries are cut (with an ellipsis) in the palette."""


class PlainChoices(Provider):
    """Palette entries whose text is data (titles, tags, view names): never markup.

    Textual's stock matcher builds its display with ``Content.from_markup`` and is
    exponential in the text's length; here the text is plain ``Content`` and matching is
    reader's own linear ``match_choice``, so a 100 KB title costs what a short one does.
    """

    choices: ClassVar[list[Choice]] = []

    async def discover(self) -> Hits:
        for text, callback in self.choices:
            yield DiscoveryHit(Content(_shown(text)), callback, text=text)

    async def search(self, query: str) -> Hits:
        for text, callback in self.choices:
            found = match_choice(query, text)
            if found is None:
                continue
            score, spans = found
            display = Content(_shown(text))
            for start, end in spans:
                display = display.stylize(MATCH_STYLE, start, min(end, SHOWN_CHARS))
            yield Hit(score, display, callback, text=text)


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


Post = Callable[[Message], object]


def pick(app: App[Any], choices: list[Choice], placeholder: str) -> None:
    """Open a palette over ``choices`` (plain text)."""
    provider = type("Choices", (PlainChoices,), {"choices": choices})
    app.push_screen(CommandPalette(providers=[provider], placeholder=placeholder))


def go_to_paper(app: App[Any], titles: Callable[[], Iterable[str]], post: Post) -> None:
    """Open a palette of every title; choosing one asks for the cursor to move to it."""
    choices: list[Choice] = [
        (title, partial(post, PaperRequested(number))) for number, title in enumerate(titles())
    ]
    pick(app, choices, "Go to paper…")


def filter_by_tag(app: App[Any], library: Library, post: Post) -> None:
    """Open a palette of tags with counts; choosing one filters the list."""
    counts = library.tag_counts().most_common()
    choices: list[Choice] = [
        (f"{tag} ({count})", partial(post, QueryRequested(f"tag:{tag}"))) for tag, count in counts
    ]
    pick(app, choices, "Filter by tag…" if counts else "No tags yet")


def show_status(app: App[Any], post: Post) -> None:
    """Open a palette of statuses; choosing one filters the list."""
    choices: list[Choice] = [
        (f"{status.mark} {status.value}", partial(post, QueryRequested(f"status:{status.value}")))
        for status in Status
    ]
    pick(app, choices, "Show status…")


def saved_views(app: App[Any], library: Library, post: Post) -> None:
    """Open a palette of saved views; choosing one shows it."""
    choices: list[Choice] = [
        (
            f"{view.name}{f' ({number})' if number <= 9 else ''}  {view.query}",
            partial(post, QueryRequested(view.query)),
        )
        for number, view in enumerate(library.views(), start=1)
    ]
    pick(app, choices, "Saved views…" if choices else "No saved views yet")


def reader_commands(
    app: App[Any],
    library: Library,
    bindings: Sequence[BindingType],
    keymap: Mapping[str, str],
    post: Post,
) -> Iterator[SystemCommand]:
    """Yield the palette's reader commands, each binding with the keys in effect."""
    for binding in bindings:
        if not isinstance(binding, Binding) or (binding.id or "").startswith("app.view_"):
            continue
        keys = format_keys(keymap.get(binding.id or "", binding.key))
        yield SystemCommand(
            f"{binding.description} ({keys})",
            binding.tooltip or binding.description,
            partial(post, ActionRequested(binding.action)),
        )
    yield SystemCommand(
        "Go to paper…",
        "Fuzzy search over titles",
        partial(go_to_paper, app, library.titles, post),
    )
    yield SystemCommand(
        "Filter by tag…", "Tags in use, with counts", partial(filter_by_tag, app, library, post)
    )
    yield SystemCommand(
        "Show status…", "Only unread, reading or read papers", partial(show_status, app, post)
    )
    kept = sum(paper.source == NOT_IN_LIBRARY for paper in library.papers)
    yield SystemCommand(
        NOT_IN_LIBRARY,
        f"Annotated papers whose file is no longer loaded ({kept}): query -in:library",
        partial(post, QueryRequested("-in:library")),
    )
    yield SystemCommand(
        "Attach PDF…",
        "Read a local PDF or arXiv HTML file as this paper's full text (copied, never moved)",
        partial(post, ActionRequested("attach_full_text")),
    )
    yield SystemCommand(
        "Show statistics",
        "Papers by status, tags, papers read lately",
        partial(post, ActionRequested("show_stats")),
    )
    yield SystemCommand(
        "Save current search as a view",
        "Name the query in the search bar; keys 1-9 jump to views",
        partial(post, ActionRequested("save_view")),
    )
    for mode in SortMode:
        yield SystemCommand(
            f"Sort by {mode.value}",
            "Order the list (after match quality when searching)",
            partial(post, SortRequested(mode)),
        )
    yield SystemCommand(
        "Saved views…",
        "Jump to a saved search (keys 1-9 too)",
        partial(saved_views, app, library, post),
    )
