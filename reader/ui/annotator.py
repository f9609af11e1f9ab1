"""Annotator: every change to annotations made from the UI, saved in order, undoable.

It gets what it needs through its constructor (the library, the save queue, a way to post
messages) and reports with messages: ``AnnotationsChanged`` once a change is on disk and
``Say`` for the one line the reader sees.  The dialogs that ask for tags and notes are the
app's; they hand their answers here.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message
from textual.notifications import SeverityLevel

from reader.core import Paper, Status
from reader.core.changes import Change, next_status
from reader.core.history import Edit, Step, UndoHistory
from reader.core.library import Library
from reader.core.pending import Entry, change_entry
from reader.core.text import plural
from reader.ui.messages import AnnotationsChanged, Say
from reader.ui.saver import SaveQueue

CONFLICT_NOTICE = "The note was also changed in another window: both versions are kept"


class Annotator:
    """Turns the reader's edits into saved deltas, and keeps this window's undo history.

    Each change goes through the SaveQueue: applied on a background thread, on disk before
    the screen shows it, in the order it was made.
    """

    def __init__(
        self, library: Library, saver: SaveQueue, post: Callable[[Message], object]
    ) -> None:
        self.library = library
        self.saver = saver
        self.post = post
        self.history = UndoHistory()
        self._queued_status: dict[str, Status] = {}
        """The status each queued save leads to, by paper id (see ``_settled``)."""

    def _say(self, text: str, severity: SeverityLevel = "information", timeout: float = 4) -> None:
        self.post(Say(text, severity, timeout))

    # Saving ---------------------------------------------------------------------------

    def _submit(
        self,
        changes: list[tuple[Paper, Change]],
        saved: Callable[[list[Edit]], None],
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Queue ``changes`` as one save; ``saved`` gets what each did, once all are on disk.

        The save can be tried again after the database was busy: the changes already
        applied are not applied twice.  Its journal form keeps the rest across a quit.
        """
        edits: list[Edit] = []

        def run() -> list[Edit]:
            for paper, change in changes[len(edits) :]:
                edits.append(Edit(paper, self.library.apply(change)))
            return list(edits)

        settled = self._settled(changes)  # now: in the order the keys were pressed

        def journal() -> list[Entry]:
            return [change_entry(change) for change in settled[len(edits) :]]

        def landed(done: list[Edit]) -> None:
            for edit in done:
                if self._queued_status.get(edit.paper.id) == edit.applied.after.status:
                    del self._queued_status[edit.paper.id]  # no later step is waiting
            saved(done)

        self.saver.submit(run, landed, failed or self._failed, journal=journal)

    def _settled(self, changes: list[tuple[Paper, Change]]) -> list[Change]:
        """Return changes as the journal keeps them: a status cycle step as its target.

        A save cut off mid-write at quit is journaled too, so it may be applied twice at the
        next start. "Set the status to X if it is still W" is harmless twice; "one more
        step" is not. Steps still queued chain (s s s while the database is busy moves
        three steps).
        """
        out = []
        for paper, change in changes:
            if change.cycle_status and change.status is None:
                current = self.library.annotation(paper).status
                base = self._queued_status.get(change.paper_id, current)
                target = next_status(base, change.cycle)
                change = change.replace(cycle_status=False, status=target, status_base=base)
            if change.status is not None:
                self._queued_status[change.paper_id] = change.status
            out.append(change)
        return out

    def save(
        self,
        paper: Paper,
        change: Change,
        label: str,
        done: str | Callable[[Edit], str],
        *,
        reveal: bool = False,
    ) -> None:
        """Apply ``change`` off the UI thread; record it for undo once it is on disk.

        ``done`` is the confirmation, or makes it from what was stored (which may hold
        another window's changes merged in).
        """

        def saved(edits: list[Edit]) -> None:
            (edit,) = edits
            if edit.applied.changed:
                self.history.record(Step(label, (edit,)))
            self.post(AnnotationsChanged([paper], reveal))
            if edit.applied.conflict:
                self._say(CONFLICT_NOTICE, "warning", 10)
            else:
                self._say(done if isinstance(done, str) else done(edit))

        self._submit([(paper, change)], saved)

    def save_many(
        self, papers: list[Paper], change: Callable[[Paper], Change], label: str, done: str
    ) -> None:
        """Apply ``change`` to every paper off the UI thread; undo treats it as one step."""

        def saved(edits: list[Edit]) -> None:
            changed = tuple(edit for edit in edits if edit.applied.changed)
            if changed:
                self.history.record(Step(label, changed))
            self.post(AnnotationsChanged(papers))
            self._say(done)

        self._submit([(paper, change(paper)) for paper in papers], saved)

    def _failed(self, message: str) -> None:
        self._say(message, "error", 15)

    # Edits --------------------------------------------------------------------------------

    def cycle_status(self, paper: Paper) -> None:
        """Move the status one step along the configured cycle."""

        def saved(edits: list[Edit]) -> None:
            (edit,) = edits
            if edit.applied.changed:
                self.history.record(Step("status", (edit,)))
            self.post(AnnotationsChanged([paper]))
            self._say(f"Marked {edit.applied.after.status.value}")

        change = self.library.change(paper, cycle_status=True, cycle=self.library.status_cycle)
        self._submit([(paper, change)], saved)

    def mark(self, paper: Paper, status: Status) -> None:
        """Set the paper's status."""
        self.save(
            paper, self.library.change(paper, status=status), "status", f"Marked {status.value}"
        )

    def bulk_status(self, papers: list[Paper], status: Status) -> None:
        """Give every marked paper the same status."""
        self.save_many(
            papers,
            lambda paper: self.library.change(paper, status=status),
            "status",
            f"Marked {plural(len(papers), 'paper')} {status.value}",
        )

    def set_tags(self, paper: Paper, tags: tuple[str, ...], base: tuple[str, ...]) -> None:
        """Save the tags a dialog returned, as the delta from the tags it opened with."""

        def done(edit: Edit) -> str:  # what is stored: another window's tags merged in
            stored = edit.applied.after.tags
            return f"Tags: {', '.join(stored) if stored else 'none'}"

        self.save(paper, self.library.tags_change(paper, tags, base), "tags", done)

    def change_tags_of_all(
        self, papers: list[Paper], added: tuple[str, ...], removed: tuple[str, ...]
    ) -> None:
        """Add and remove the same tags on every paper (one undo step)."""
        self.save_many(
            papers,
            lambda paper: self.library.change(paper, add_tags=added, remove_tags=removed),
            "tags",
            f"Tags changed on {plural(len(papers), 'paper')}",
        )

    def set_note(self, paper: Paper, note: str, base: str) -> None:
        """Save a note edited from ``base`` (both texts are kept if it changed elsewhere)."""
        self.save(
            paper,
            self.library.change(paper, note=note, note_base=base),
            "note",
            "Note saved",
            reveal=True,
        )

    # Undo and redo ----------------------------------------------------------------------

    def _still_saving(self, verb: str) -> bool:
        """Say so and return True while a change waits to be saved.

        Its step is not in the history yet, and undo would take back the change before it
        (a hostile tester's ``u`` on a full disk reverted another paper's saved status).
        """
        if not self.saver.busy:
            return False
        waiting = plural(self.saver.waiting, "change")
        self._say(f"Nothing {verb}: {waiting} still being saved; try again once saved", "warning")
        return True

    def undo(self) -> None:
        """Take back this window's last change (only it: others' later changes stay)."""
        if self._still_saving("undone"):
            return
        step = self.history.take_undo()
        if step is None:
            self._say("Nothing to undo")
            return
        self._replay(step, done=self.history.undone, verb="Undid")

    def redo(self) -> None:
        """Apply again what the last undo took back."""
        if self._still_saving("redone"):
            return
        step = self.history.take_redo()
        if step is None:
            self._say("Nothing to redo")
            return
        self._replay(step, done=self.history.redone, verb="Redid")

    def _replay(self, step: Step, *, done: Callable[[Step], None], verb: str) -> None:
        """Apply the inverse of each edit in ``step``; the inverses form the opposite step."""

        def saved(edits: list[Edit]) -> None:
            opposite = Step(step.label, tuple(edits))
            done(opposite)
            self.post(AnnotationsChanged([edit.paper for edit in step.edits]))
            if any(edit.applied.conflict for edit in opposite.edits):
                self._say(
                    f"{verb} {step.describe()}; {CONFLICT_NOTICE[0].lower()}{CONFLICT_NOTICE[1:]}",
                    "warning",
                    10,
                )
            else:
                self._say(f"{verb} {step.describe()}")

        def failed(message: str) -> None:
            # Not applied: keep the step where it was so the reader can try again.
            (self.history.redone if verb == "Undid" else self.history.undone)(step)
            self._failed(message)

        inverses = [(edit.paper, edit.applied.inverse()) for edit in step.edits]
        self._submit(inverses, saved, failed)
