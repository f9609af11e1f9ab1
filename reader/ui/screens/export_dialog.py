"""ExportDialog: pick a format for exporting the listed (or marked) papers."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from reader.core.text import plural
from reader.ui.screens.dialogs import DIALOG_CSS


class ExportDialog(ModalScreen[str | None]):
    """Dismisses with ``md``, ``bib``, ``csv`` or ``json``, or None."""

    BINDINGS = [
        Binding(
            "m",
            "choose('md')",
            "Markdown",
            priority=True,
            id="export.md",
            tooltip="Markdown reading log (Obsidian front matter)",
        ),
        Binding(
            "b",
            "choose('bib')",
            "BibTeX",
            priority=True,
            id="export.bib",
            tooltip="BibTeX @misc entries",
        ),
        Binding(
            "c",
            "choose('csv')",
            "CSV",
            priority=True,
            id="export.csv",
            tooltip="CSV: every field and annotation",
        ),
        Binding(
            "j",
            "choose('json')",
            "JSON",
            priority=True,
            id="export.json",
            tooltip="JSON that 'reader import' reads back",
        ),
        Binding(
            "escape",
            "choose('')",
            "Cancel",
            priority=True,
            id="export.cancel",
            tooltip="Close without exporting",
        ),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="ExportDialog")

    def __init__(self, count: int, what: str) -> None:
        super().__init__()
        self.count = count
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text(f"Export the {plural(self.count, self.what + ' paper')} as"),
                classes="dialog-title",
            )
            yield Label(
                "m Markdown · b BibTeX · c CSV · j JSON · Esc cancel", classes="dialog-help"
            )

    def action_choose(self, fmt: str) -> None:
        """Close with the chosen format."""
        self.dismiss(fmt or None)
