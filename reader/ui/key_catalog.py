"""The one catalog of key bindings: owner, id, keys, description, for every place keys act.

Help (``?``), the command palette, the footer's bindings and ``[keys]`` validation all read
it, so a binding declared on a widget or dialog is listed, remappable and checked without a
second list to keep in step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode

from reader.ui.keys import APP_BINDINGS, bindings_of
from reader.ui.screens.attach_dialog import AttachDialog
from reader.ui.screens.dialogs import ConfirmDialog, NoteDialog, TagsDialog
from reader.ui.screens.export_dialog import ExportDialog
from reader.ui.screens.fulltext import FullTextScreen
from reader.ui.screens.help import HelpScreen, TextScreen
from reader.ui.screens.views import ViewNameDialog, ViewsScreen
from reader.ui.widgets.paper_list import PaperList
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.search_bar import SearchBar

OWNERS: tuple[tuple[str, type[DOMNode]], ...] = (
    ("Paper list", PaperList),
    ("Reading pane", ReadingPane),
    ("Search bar", SearchBar),
    ("Tag editor", TagsDialog),
    ("Note editor", NoteDialog),
    ("Export", ExportDialog),
    ("Saved views list", ViewsScreen),
    ("Naming a view", ViewNameDialog),
    ("Confirmation", ConfirmDialog),
    ("Help", HelpScreen),
    ("Text screens", TextScreen),
    ("Full text", FullTextScreen),
    ("Attach PDF", AttachDialog),
)
"""Where keys act besides anywhere in the app, in the order help lists them."""


@dataclass(frozen=True)
class KeyEntry:
    """One binding: where it acts, its id, and what it does."""

    owner: str
    binding: Binding


def catalog() -> list[KeyEntry]:
    """Every binding with an id: the app's ("Anywhere"), then each owner's."""
    anywhere = [
        KeyEntry("Anywhere", binding) for binding in APP_BINDINGS if isinstance(binding, Binding)
    ]
    owned = [KeyEntry(name, binding) for name, owner in OWNERS for binding in bindings_of(owner)]
    return [entry for entry in [*anywhere, *owned] if entry.binding.id]


def all_binding_ids() -> set[str]:
    """Return the id of every binding a user may remap in [keys]."""
    return {entry.binding.id or "" for entry in catalog()}


def keymap_conflicts(keymap: Mapping[str, str]) -> dict[str, str]:
    """Return the remapped bindings whose keys another binding in the same place has.

    Maps each such binding id to the one line that says so; the caller leaves it at its
    default.  (A key bound to two actions would silently run only one of them.)
    """
    taken: dict[tuple[str, str], str] = {}
    for entry in catalog():
        if entry.binding.id not in keymap:
            for key in _keys(entry.binding.key):
                taken.setdefault((entry.owner, key), entry.binding.id or "")
    problems: dict[str, str] = {}
    for entry in catalog():
        binding_id = entry.binding.id or ""
        if binding_id not in keymap:
            continue
        for key in _keys(keymap[binding_id]):
            other = taken.setdefault((entry.owner, key), binding_id)
            if other != binding_id and binding_id not in problems:
                problems[binding_id] = (
                    f"config: [keys] {binding_id!r} = {key!r}: {key!r} already does "
                    f"{other!r} ({entry.owner.lower()}); {binding_id!r} keeps its default"
                )
    return problems


def _keys(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


def help_sections() -> list[tuple[str, list[Binding]]]:
    """Every binding grouped by where it applies (the help screen's content)."""
    sections: dict[str, list[Binding]] = {}
    for entry in catalog():
        if not (entry.binding.id or "").startswith("app.view_"):
            sections.setdefault(entry.owner, []).append(entry.binding)
    sections["Anywhere"] += [
        Binding("1-9", "", "", tooltip="Jump to saved view 1-9"),
        Binding("", "", "", tooltip="With papers marked (v, V), t s r y x act on all of them"),
    ]
    first = ["Paper list", "Reading pane", "Search bar", "Anywhere"]
    return [(name, sections[name]) for name in first] + [
        (name, bindings) for name, bindings in sections.items() if name not in first
    ]
