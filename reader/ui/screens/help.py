"""HelpScreen: every key, as currently bound (so keymap overrides show up)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.ui.keys import format_keys

Section = tuple[str, Sequence[Binding]]


class HelpScreen(ModalScreen[None]):
    """Lists every key binding by where it applies."""

    BINDINGS = [
        Binding(
            "escape,q,question_mark",
            "close",
            "Close",
            id="help.close",
            tooltip="Close the help screen",
        ),
    ]
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 90%;
            max-width: 90;
            height: 90%;
            border: round $primary;
            background: $surface;
            padding: 0 1;
        }
    }
    """

    def __init__(self, sections: Sequence[Section], keymap: dict[str, str]) -> None:
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim", no_wrap=True)
        for name, bindings in self.sections:
            table.add_row(Text(name, style="bold underline"), "", "")
            for binding in bindings:
                keys = self.keymap.get(binding.id or "", binding.key)
                description = binding.tooltip or binding.description
                table.add_row(Text(format_keys(keys)), Text(description), Text(binding.id or ""))
            table.add_row("", "", "")
        with VerticalScroll():
            yield Static(table)
            yield Static(
                Text(
                    "Esc, q or ? closes this screen. The last column is each key's id: "
                    'remap it in config.toml under [keys], e.g. "app.tags" = "T".',
                    style="italic",
                )
            )

    def action_close(self) -> None:
        """Close the help screen."""
        self.dismiss(None)


class TextScreen(ModalScreen[None]):
    """A titled block of plain text (statistics), closed with Escape or q."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", priority=True, id="text.close", tooltip="Close"),
    ]
    DEFAULT_CSS = HelpScreen.DEFAULT_CSS.replace("HelpScreen", "TextScreen")

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(self.title_text, style="bold underline"))
            yield Static(Text("\n".join(self.lines)))
            yield Static(Text("Esc or q closes this screen.", style="italic"))

    def action_close(self) -> None:
        """Close the screen."""
        self.dismiss(None)
