"""Annotator: every change to annotations made from the UI, saved in order, undoable."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

from reader.core import Paper, Status
from reader.core.annotations import Applied, next_status
from reader.core.history import Edit, Step, UndoHistory
from reader.ui.screens.dialogs import NoteDialog, TagsDialog

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


class Annotator:
    """Turns the reader's keys into saved changes, and keeps the undo history.

    Each change goes through the app's SaveQueue: applied on a background thread, on
    disk before the screen shows it, in the order it was made.
    """

    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        self.library = app.library
        self.history = UndoHistory()

    # Saving ---------------------------------------------------------------------------

    def save(
        self,
        paper: Paper,
        change: Callable[[], Applied],
        label: str,
        done: str,
        *,
        reveal: bool = False,
    ) -> None:
        """Apply ``change`` off the UI thread; record it for undo once it is on disk."""

        def saved(applied: Applied) -> None:
            if applied.changed:
                self.history.record(Step(label, (Edit(paper, applied),)))
            self.app.annotations_changed([paper], reveal=reveal)
            if applied.conflict:
                self.app.say(
                    "The note was also changed in another window: both versions are kept",
                    severity="warning",
                    timeout=10,
                )
            else:
                self.app.say(done)

        self.app.saver.submit(change, saved, self._failed)

    def save_many(
        self, papers: list[Paper], change: Callable[[Paper], Applied], label: str, done: str
    ) -> None:
        """Apply ``change`` to every paper off the UI thread; undo treats it as one step."""

        def run() -> list[Edit]:
            return [Edit(paper, change(paper)) for paper in papers]

        def saved(edits: list[Edit]) -> None:
            changed = tuple(edit for edit in edits if edit.applied.changed)
            if changed:
                self.history.record(Step(label, changed))
            self.app.annotations_changed(papers)
            self.app.say(done)

        self.app.saver.submit(run, saved, self._failed)

    def bulk_status(self, papers: list[Paper], status: Status) -> None:
        """Give every marked paper the same status."""
        self.save_many(
            papers,
            lambda paper: self.library.set_status(paper, status),
            "status",
            f"Marked {len(papers)} papers {status.value}",
        )

    def bulk_tags(self, papers: list[Paper]) -> None:
        """Edit the tags the marked papers share; added and removed tags apply to all."""
        annotations = [self.library.annotation(paper) for paper in papers]
        common = [
            tag
            for tag in annotations[0].tags
            if all(tag in annotation.tags for annotation in annotations[1:])
        ]
        known = [tag for tag, _ in self.library.tag_counts().most_common()]

        def edited(tags: tuple[str, ...] | None) -> None:
            if tags is None:
                return
            added = tuple(tag for tag in tags if tag not in common)
            removed = tuple(tag for tag in common if tag not in tags)
            if not added and not removed:
                return
            self.save_many(
                papers,
                lambda paper: self.library.apply(
                    self.library.change(paper, add_tags=added, remove_tags=removed)
                ),
                "tags",
                f"Tags changed on {len(papers)} papers",
            )

        title = f"{len(papers)} marked papers (tags they all have)"
        self.app.push_screen(TagsDialog(title, tuple(common), known), edited)

    def _failed(self, message: str) -> None:
        self.app.say(message, severity="error", timeout=15)

    # Actions --------------------------------------------------------------------------

    def cycle_status(self, paper: Paper) -> None:
        """Move the status one step along unread → reading → read."""
        expected = next_status(self.library.annotation(paper).status, self.library.status_cycle)
        self.save(
            paper, lambda: self.library.cycle_status(paper), "status", f"Marked {expected.value}"
        )

    def mark_read(self, paper: Paper) -> None:
        """Mark the paper read."""
        self.mark(paper, Status.READ)

    def mark(self, paper: Paper, status: Status) -> None:
        """Set the paper's status."""
        self.save(
            paper,
            lambda: self.library.set_status(paper, status),
            "status",
            f"Marked {status.value}",
        )

    def edit_tags(self, paper: Paper) -> None:
        """Open the tag editor; save what it returns."""
        known = [tag for tag, _ in self.library.tag_counts().most_common()]
        current = self.library.annotation(paper).tags

        def edited(tags: tuple[str, ...] | None) -> None:
            if tags is not None and tags != current:
                shown = ", ".join(tags) if tags else "none"
                self.save(
                    paper,
                    lambda: self.library.set_tags(paper, tags, base=current),
                    "tags",
                    f"Tags: {shown}",
                )

        self.app.push_screen(TagsDialog(paper.title, current, known), edited)

    def edit_note(self, paper: Paper) -> None:
        """Open the built-in note editor; save what it returns."""
        current = self.library.annotation(paper).note
        self.app.push_screen(
            NoteDialog(paper.title, current), lambda note: self._note_edited(paper, current, note)
        )

    def _note_edited(self, paper: Paper, before: str, note: str | None) -> None:
        if note is not None and note != before:
            self.save(
                paper,
                lambda: self.library.set_note(paper, note, base=before),
                "note",
                "Note saved",
                reveal=True,
            )

    def edit_note_in_editor(self, paper: Paper) -> None:
        """Edit the note in $VISUAL or $EDITOR; without one, use the built-in editor."""
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not command:
            self.app.say("No $VISUAL or $EDITOR set; using the built-in editor")
            self.edit_note(paper)
            return
        current = self.library.annotation(paper).note
        with tempfile.TemporaryDirectory(prefix="reader-note-") as folder:
            path = Path(folder) / "note.md"
            path.write_text(current, encoding="utf-8")
            try:
                returncode = self._run_editor(command, path)
            except OSError as error:
                self.app.say(f"Could not start {command!r}: {error}", severity="error")
                return
            if returncode != 0:
                self.app.say(
                    f"{command} exited with status {returncode}; note not changed",
                    severity="warning",
                )
                return
            note = path.read_text(encoding="utf-8", errors="replace")
        self._note_edited(paper, current, note)

    def _run_editor(self, command: str, path: Path) -> int:
        argv = [*shlex.split(command), str(path)]
        try:
            with self.app.suspend():
                return subprocess.run(argv, check=False).returncode
        except SuspendNotSupported:
            # Headless (tests) or a driver that cannot hand the terminal over.
            return subprocess.run(
                argv, check=False, stdin=subprocess.DEVNULL, capture_output=True
            ).returncode

    # Undo and redo ----------------------------------------------------------------------

    def undo(self) -> None:
        """Take back this window's last change (only it: others' later changes stay)."""
        step = self.history.take_undo()
        if step is None:
            self.app.say("Nothing to undo")
            return
        self._replay(step, done=self.history.undone, verb="Undid")

    def redo(self) -> None:
        """Apply again what the last undo took back."""
        step = self.history.take_redo()
        if step is None:
            self.app.say("Nothing to redo")
            return
        self._replay(step, done=self.history.redone, verb="Redid")

    def _replay(self, step: Step, *, done: Callable[[Step], None], verb: str) -> None:
        """Apply the inverse of each edit in ``step``; the inverses form the opposite step."""

        def run() -> Step:
            edits = tuple(
                Edit(edit.paper, self.library.apply(edit.applied.inverse())) for edit in step.edits
            )
            return Step(step.label, edits)

        def saved(opposite: Step) -> None:
            done(opposite)
            self.app.annotations_changed([edit.paper for edit in step.edits])
            if any(edit.applied.conflict for edit in opposite.edits):
                self.app.say(
                    f"{verb} {step.describe()}; the note was changed in another window too: "
                    "both versions are kept",
                    severity="warning",
                    timeout=10,
                )
            else:
                self.app.say(f"{verb} {step.describe()}")

        def failed(message: str) -> None:
            # Not applied: keep the step where it was so the reader can try again.
            (self.history.redone if verb == "Undid" else self.history.undone)(step)
            self._failed(message)

        self.app.saver.submit(run, saved, failed)
