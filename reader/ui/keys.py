"""The app-wide key bindings; every one has an id, so users can remap it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.dom import DOMNode


def bindings_of(owner: type[DOMNode]) -> list[Binding]:
    """Return the Binding objects a class declares (for help and keymaps)."""
    return [binding for binding in owner.BINDINGS if isinstance(binding, Binding)]


def help_sections() -> list[tuple[str, list[Binding]]]:
    """Every binding, grouped by where it applies (the help screen's content)."""
    from reader.ui.screens.dialogs import NoteDialog, TagsDialog
    from reader.ui.screens.views import ViewsScreen
    from reader.ui.widgets.paper_list import PaperList
    from reader.ui.widgets.reading_pane import ReadingPane
    from reader.ui.widgets.search_bar import SearchBar

    anywhere = [
        binding
        for binding in APP_BINDINGS
        if isinstance(binding, Binding) and not (binding.id or "").startswith("app.view_")
    ]
    anywhere.append(Binding("1-9", "", "", tooltip="Jump to saved view 1-9"))
    anywhere.append(
        Binding("", "", "", tooltip="With papers marked (v, V), t s r y x act on all of them")
    )
    return [
        ("Paper list", bindings_of(PaperList)),
        ("Reading pane", bindings_of(ReadingPane)),
        ("Search bar", bindings_of(SearchBar)),
        ("Anywhere", anywhere),
        ("Tag editor", bindings_of(TagsDialog)),
        ("Note editor", bindings_of(NoteDialog)),
        ("Saved views list", bindings_of(ViewsScreen)),
    ]


def all_binding_ids() -> set[str]:
    """Return the id of every binding a user may remap in [keys]."""
    from reader.ui.screens.dialogs import ConfirmDialog, NoteDialog, TagsDialog
    from reader.ui.screens.help import HelpScreen
    from reader.ui.screens.views import ViewNameDialog, ViewsScreen
    from reader.ui.widgets.paper_list import PaperList
    from reader.ui.widgets.reading_pane import ReadingPane
    from reader.ui.widgets.search_bar import SearchBar

    owners = (
        PaperList,
        ReadingPane,
        SearchBar,
        TagsDialog,
        NoteDialog,
        ConfirmDialog,
        HelpScreen,
        ViewNameDialog,
        ViewsScreen,
    )
    bindings = [*APP_BINDINGS, *(binding for owner in owners for binding in owner.BINDINGS)]
    return {binding.id for binding in bindings if isinstance(binding, Binding) and binding.id}


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
        tooltip='Copy "Title - link or id" to the clipboard',
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
        "question_mark", "help", "Help", priority=True, id="app.help", tooltip="Show every key"
    ),
    Binding("q", "quit", "Quit", priority=True, id="app.quit", tooltip="Quit (waits for saves)"),
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
        "x",
        "export",
        "Export",
        show=False,
        priority=True,
        id="app.export",
        tooltip="Export the listed (or marked) papers: Markdown, BibTeX, CSV or JSON",
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
    binding.action.split("(")[0] for binding in APP_BINDINGS if isinstance(binding, Binding)
)
"""App actions that letter keys trigger: disabled while typing in an input or a dialog."""
