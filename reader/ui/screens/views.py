"""Saved views: name the current query, and list views with live counts."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from reader.core import Library
from reader.core.annotations import SavedView
from reader.ui.screens.dialogs import DIALOG_CSS


class ViewNameDialog(ModalScreen[str | None]):
    """Ask for a name for the current query."""

    BINDINGS = [
        Binding(
            "enter", "save", "Save", priority=True, id="view_name.save", tooltip="Save the view"
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            priority=True,
            id="view_name.cancel",
            tooltip="Close without saving",
        ),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="ViewNameDialog")

    def __init__(self, query: str, taken: list[str]) -> None:
        super().__init__()
        self.search_query = query
        self.taken = taken

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text(f"Save the search {self.search_query!r} as a view"), classes="dialog-title"
            )
            yield Input(placeholder="name, e.g. unread LLM", id="view-name")
            yield Label(
                "Enter saves (a taken name is replaced) · Esc cancels", classes="dialog-help"
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def action_save(self) -> None:
        """Close with the typed name (ignored if blank)."""
        name = self.query_one(Input).value.strip()
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


class ViewsScreen(ModalScreen[str | None]):
    """Saved views with live counts; dismisses with the chosen view's query."""

    BINDINGS = [
        Binding(
            "escape,w,q",
            "cancel",
            "Close",
            priority=True,
            id="views.close",
            tooltip="Close the list",
        ),
        Binding(
            "d,delete",
            "delete",
            "Delete",
            priority=True,
            id="views.delete",
            tooltip="Delete the highlighted view",
        ),
    ]
    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ViewsScreen")
        + """
    ViewsScreen OptionList { height: auto; max-height: 16; border: none; }
    """
    )

    def __init__(
        self,
        library: Library,
        delete: Callable[[str, Callable[[list[SavedView]], None]], None],
    ) -> None:
        super().__init__()
        self.library = library
        self._delete = delete
        """Deletes a view through the app's save queue, then calls back with the views."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Saved views"), classes="dialog-title")
            yield OptionList(id="views")
            yield Label("Enter or 1-9 opens · d deletes · Esc closes", classes="dialog-help")

    def on_mount(self) -> None:
        self._fill(self.library.views(), None)
        self.count_views()

    def _fill(self, views: list[SavedView], counts: list[int] | None) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        if not views:
            options.add_option(
                Option(
                    Text("No saved views yet: ctrl+s in the search bar saves one."), disabled=True
                )
            )
            return
        for number, view in enumerate(views, start=1):
            label = Text(f"{number}  " if number <= 9 else "   ")
            label.append(view.name, style="bold")
            label.append(f"  {view.query}", style="dim")
            count = "…" if counts is None else f"{counts[number - 1]:,}"
            label.append(f"  ({count})")
            options.add_option(Option(label, id=view.name))
        options.highlighted = highlighted if highlighted is not None else 0

    @work(thread=True, exclusive=True, exit_on_error=False)
    def count_views(self) -> None:
        """Count each view's papers off the UI thread."""
        views = self.library.views()
        counts = [self.library.count(view.query) for view in views]
        self.app.call_from_thread(self._fill, views, counts)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        if key.isdigit() and key != "0":
            views = self.library.views()
            if int(key) <= len(views):
                self._open(views[int(key) - 1].name)

    def _open(self, name: str | None) -> None:
        for view in self.library.views():
            if view.name == name:
                self.dismiss(view.query)

    def action_delete(self) -> None:
        """Delete the highlighted view."""
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        name = options.get_option_at_index(options.highlighted).id
        if name:
            self._delete(name, self._deleted)

    def _deleted(self, views: list[SavedView]) -> None:
        self._fill(views, None)
        self.count_views()

    def action_cancel(self) -> None:
        """Close without choosing."""
        self.dismiss(None)
