"""Attach PDF…: ask for a local PDF or arXiv HTML file to read as a paper's full text."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from reader.ui.screens.dialogs import DIALOG_CSS, titled


class AttachDialog(ModalScreen[Path | None]):
    """A path input; dismisses with an existing file's path (checked again when copied)."""

    BINDINGS = [
        Binding(
            "enter", "attach", "Attach", priority=True, id="attach.save", tooltip="Attach the file"
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            priority=True,
            id="attach.cancel",
            tooltip="Close without attaching",
        ),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="AttachDialog") + (
        "AttachDialog #attach-problem { color: $error; width: 1fr; }"
    )

    def __init__(self, title: str) -> None:
        super().__init__()
        self.paper_title = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                titled("Attach a PDF or arXiv HTML file to: ", self.paper_title),
                classes="dialog-title",
            )
            yield Input(placeholder="path, e.g. ~/Downloads/paper.pdf", id="attach-path")
            yield Static("", id="attach-problem", markup=False)
            yield Label(
                "Enter attaches (the file is copied, never moved) · Esc cancels",
                classes="dialog-help",
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def action_attach(self) -> None:
        """Close with the file's path, or say in one line why it cannot be attached."""
        typed = self.query_one(Input).value.strip()
        if not typed:
            return
        path = Path(typed).expanduser()
        problem = ""
        if not path.exists():
            problem = "no such file"
        elif path.is_dir():
            problem = "a folder, not a file"
        elif not path.is_file():
            problem = "not a regular file (a FIFO or a device?)"
        if problem:
            self.query_one("#attach-problem", Static).update(f"{path}: {problem}")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without attaching."""
        self.dismiss(None)
