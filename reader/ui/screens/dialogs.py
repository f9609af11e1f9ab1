"""Modal dialogs: edit tags, edit a note, confirm discarding changes."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static, TextArea

from reader.core import parse_tags

DIALOG_CSS = """
{name} {{
    align: center middle;
    & > Vertical {{
        width: 90%;
        max-width: 100;
        height: auto;
        max-height: 90%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }}
    .dialog-title {{ text-style: bold; width: 1fr; max-height: 3; }}
    .dialog-help {{ color: $text-muted; width: 1fr; }}
}}
"""

TITLE_IN_DIALOG = 200
"""Characters of a paper's title a dialog shows: a hostile file's 100 KB title filled the
screen and pushed the field being typed in out of sight."""


def titled(prefix: str, title: str) -> Text:
    """Return a dialog's heading for a paper: ``prefix`` and the title, cut if very long."""
    if len(title) > TITLE_IN_DIALOG:
        title = title[:TITLE_IN_DIALOG] + "…"
    return Text(f"{prefix}{title}")


SHORT_BELOW = 12
"""Below this many rows a dialog keeps its input visible: a one-line title, no help line."""
SHORT_CSS = """
{name}.-short {{
    & > Vertical {{ max-height: 100%; }}
    .dialog-title {{ height: 1; text-wrap: nowrap; text-overflow: ellipsis; }}
    .dialog-help {{ display: none; }}
    Input {{ border: none; height: 1; padding: 0; }}
    TextArea {{ height: 1fr; min-height: 2; }}
}}
"""


class TagSuggester(Suggester):
    """Completes the tag being typed (after the last comma or space) from existing tags."""

    def __init__(self, known: Callable[[], list[str]]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self._known = known

    async def get_suggestion(self, value: str) -> str | None:
        """Return ``value`` with its last, partly typed tag completed."""
        cut = max(value.rfind(","), value.rfind(" ")) + 1
        stem = value[cut:]
        if not stem:
            return None
        typed = {tag.casefold() for tag in parse_tags(value[:cut])}
        for tag in self._known():
            if tag.casefold().startswith(stem) and tag.casefold() not in typed:
                return value[:cut] + tag
        return None


class TagsDialog(ModalScreen[tuple[str, ...] | None]):
    """Edit a paper's tags; dismisses with the new tags, or None if cancelled."""

    BINDINGS = [
        Binding("enter", "save", "Save", priority=True, id="tags.save", tooltip="Save the tags"),
        Binding(
            "tab",
            "accept_suggestion",
            "Accept",
            priority=True,
            id="tags.accept",
            tooltip="Accept the suggested tag (as → does)",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            priority=True,
            id="tags.cancel",
            tooltip="Close without saving",
        ),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="TagsDialog") + SHORT_CSS.format(name="TagsDialog")

    def __init__(self, title: str, tags: tuple[str, ...], known: list[str]) -> None:
        super().__init__()
        self.paper_title = title
        self.tags = tags
        self.known = known

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(titled("Tags for ", self.paper_title), classes="dialog-title")
            yield Input(
                ", ".join(self.tags),
                placeholder="comma or space separated, e.g. llm, to-read",
                suggester=TagSuggester(lambda: self.known),
                id="tags-input",
                select_on_focus=False,  # typing must add to the tags, never replace them
            )
            yield Label(
                "Enter saves · Tab or → accepts a suggestion · Esc cancels", classes="dialog-help"
            )

    def on_resize(self, event: events.Resize) -> None:
        # A short terminal: the field being typed in stays visible, the rest gives way.
        self.set_class(event.size.height < SHORT_BELOW, "-short")

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < SHORT_BELOW, "-short")
        tag_input = self.query_one(Input)
        if tag_input.value:
            tag_input.value += ", "
        tag_input.cursor_position = len(tag_input.value)
        tag_input.focus()

    def action_accept_suggestion(self) -> None:
        """Complete the tag being typed with the suggestion shown (Tab, as the hint says)."""
        tag_input = self.query_one(Input)
        tag_input.cursor_position = len(tag_input.value)
        tag_input.action_cursor_right()  # at the end, Input's → takes the suggestion

    def action_save(self) -> None:
        """Close and save the tags as typed."""
        self.dismiss(parse_tags(self.query_one(Input).value))

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """Ask a yes/no question; ``y`` or Enter confirms, ``n`` or Escape declines."""

    BINDINGS = [
        Binding(
            "y,enter", "answer(True)", "Yes", priority=True, id="confirm.yes", tooltip="Confirm"
        ),
        Binding(
            "n,escape", "answer(False)", "No", priority=True, id="confirm.no", tooltip="Decline"
        ),
    ]
    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog")

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question), classes="dialog-title")
            yield Label("y: yes · n or Esc: no", classes="dialog-help")

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)


class NoteDialog(ModalScreen[str | None]):
    """Edit a paper's note in a multi-line editor; ctrl+s saves, Escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note.save", tooltip="Save the note", priority=True),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            priority=True,
            id="note.cancel",
            tooltip="Close; asks first if the note changed",
        ),
    ]
    DEFAULT_CSS = (
        DIALOG_CSS.format(name="NoteDialog")
        + """
    NoteDialog TextArea { height: 12; }
    """
        + SHORT_CSS.format(name="NoteDialog")
        + """
    /* How to save is not guessable (Enter makes a new line): its one line stays. */
    NoteDialog.-short .dialog-help { display: block; height: 1; text-wrap: nowrap;
        text-overflow: ellipsis; }
    NoteDialog.-short TextArea { border: none; padding: 0; }
    """
    )

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.paper_title = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(titled("Note for ", self.paper_title), classes="dialog-title")
            yield TextArea(self.note, id="note-editor", soft_wrap=True, tab_behavior="indent")
            yield Label("ctrl+s saves · Esc cancels", classes="dialog-help")

    def on_resize(self, event: events.Resize) -> None:
        # A short terminal: the editor stays visible, the heading gives way.
        self.set_class(event.size.height < SHORT_BELOW, "-short")

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < SHORT_BELOW, "-short")
        editor = self.query_one(TextArea)
        editor.move_cursor(editor.document.end)
        editor.focus()

    @property
    def text(self) -> str:
        """The note as currently typed."""
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        """Close and save."""
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        """Close without saving, asking first if anything changed."""
        if self.text == self.note:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard the changes to this note?"), answered)
