"""The main screen's key bindings (every one has an id, so users can remap it) and key names.

The catalog of every binding by where it applies is ``reader.ui.key_catalog``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.dom import DOMNode


def bindings_of(owner: type[DOMNode]) -> list[Binding]:
    """Return the Binding objects a class declares (for help and keymaps)."""
    return [binding for binding in owner.BINDINGS if isinstance(binding, Binding)]


APP_BINDINGS: list[BindingType] = [
    Binding(
        "slash",
        "focus_search",
        "Search",
        priority=True,
        id="app.search",
        tooltip="Search: typing filters the list live",
    ),
    Binding(
        "t", "edit_tags", "Tags", priority=True, id="app.tags", tooltip="Edit the paper's tags"
    ),
    Binding(
        "n",
        "edit_note",
        "Note",
        priority=True,
        id="app.note",
        tooltip="Edit the paper's note (ctrl+s saves)",
    ),
    Binding(
        "s",
        "cycle_status",
        "Status",
        priority=True,
        id="app.status",
        tooltip="Cycle status: unread → reading → read",
    ),
    Binding(
        "r",
        "mark_read",
        "Mark read",
        show=False,
        priority=True,
        id="app.mark_read",
        tooltip="Mark the paper read",
    ),
    Binding(
        "e",
        "edit_note_in_editor",
        "Editor",
        show=False,
        priority=True,
        id="app.editor",
        tooltip="Edit the note in $VISUAL / $EDITOR",
    ),
    Binding(
        "u",
        "undo",
        "Undo",
        show=False,
        priority=True,
        id="app.undo",
        tooltip="Undo the last tag, note or status change",
    ),
    Binding(
        "ctrl+r",
        "redo",
        "Redo",
        show=False,
        priority=True,
        id="app.redo",
        tooltip="Redo what was undone",
    ),
    Binding(
        "y",
        "copy_reference",
        "Copy",
        priority=True,
        id="app.copy",
        tooltip='Copy "Title - link" (the title alone without a link) to the clipboard',
    ),
    Binding(
        "Y",
        "copy_abstract",
        "Copy abstract",
        show=False,
        priority=True,
        id="app.copy_abstract",
        tooltip="Copy the abstract to the clipboard",
    ),
    Binding(
        "question_mark",
        "app.help",
        "Help",
        priority=True,
        id="app.help",
        tooltip="Show every key",
    ),
    Binding(
        "q", "app.quit", "Quit", priority=True, id="app.quit", tooltip="Quit (waits for saves)"
    ),
    Binding(
        "o",
        "open_link",
        "Open",
        show=False,
        priority=True,
        id="app.open",
        tooltip="Open the abstract page in a browser (over SSH: copy the link)",
    ),
    Binding(
        "f",
        "full_text",
        "Full text",
        show=False,
        priority=True,
        id="app.fulltext",
        tooltip="Read the paper's full text (arXiv HTML, else the PDF)",
    ),
    Binding(
        "x",
        "export",
        "Export",
        show=False,
        priority=True,
        id="app.export",
        tooltip="Export the listed (or marked) papers: Markdown, BibTeX, CSV or JSON",
    ),
    Binding(
        "z",
        "toggle_zoom",
        "Zoom",
        show=False,
        priority=True,
        id="app.zoom",
        tooltip="Full-screen reading view of the paper (again: back); j/k: next/previous paper",
    ),
    Binding(
        "j",
        "zoom_step(1)",
        "Next paper",
        show=False,
        priority=True,
        id="app.zoom_next",
        tooltip="In the full-screen reading view: the next paper",
    ),
    Binding(
        "k",
        "zoom_step(-1)",
        "Previous paper",
        show=False,
        priority=True,
        id="app.zoom_previous",
        tooltip="In the full-screen reading view: the previous paper",
    ),
    Binding(
        "less_than_sign",
        "resize_split(-5)",
        "Narrower list",
        show=False,
        priority=True,
        id="app.split_smaller",
        tooltip="Give the list less room and the reading pane more (remembered)",
    ),
    Binding(
        "greater_than_sign",
        "resize_split(5)",
        "Wider list",
        show=False,
        priority=True,
        id="app.split_larger",
        tooltip="Give the list more room and the reading pane less (remembered)",
    ),
    Binding(
        "S",
        "cycle_sort",
        "Sort",
        show=False,
        priority=True,
        id="app.sort",
        tooltip="Cycle the sort: relevance, date, title, status, upvotes",
    ),
    Binding(
        "m",
        "similar",
        "Similar",
        show=False,
        priority=True,
        id="app.similar",
        tooltip="List the papers most like this one (Esc goes back)",
    ),
    Binding(
        "w",
        "show_views",
        "Views",
        show=False,
        priority=True,
        id="app.views",
        tooltip="List saved views (searches) with live counts",
    ),
    *[
        Binding(
            str(number),
            f"apply_view({number})",
            f"View {number}",
            show=False,
            priority=True,
            id=f"app.view_{number}",
            tooltip=f"Jump to saved view {number}",
        )
        for number in range(1, 10)
    ],
]


PAPER_ACTIONS = frozenset(
    binding.action.split("(")[0].removeprefix("app.")
    for binding in APP_BINDINGS
    if isinstance(binding, Binding)
)
"""Actions these keys trigger: disabled while typing in an input or over a dialog.

The main screen holds the bindings; help and quit (``app.``) run on the app itself."""


def format_keys(keys: str) -> str:
    """Turn ``j,down`` into ``j / ↓`` for display."""
    names = {
        "down": "↓",
        "up": "↑",
        "left": "←",
        "right": "→",
        "pageup": "PgUp",
        "pagedown": "PgDn",
        "home": "Home",
        "end": "End",
        "escape": "Esc",
        "enter": "Enter",
        "space": "Space",
        "question_mark": "?",
        "slash": "/",
        "right_square_bracket": "]",
        "left_square_bracket": "[",
    }
    return " / ".join(names.get(key.strip(), key.strip()) for key in keys.split(","))
