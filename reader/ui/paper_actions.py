"""The keys that act on the paper under the cursor (or the marked papers), and their dialogs.

A mixin of ``MainScreen``: status, tags, note, undo, export, copy and open.  Each action
reads what it needs from the screen (the list, the library, the annotator) and opens its
dialog with a callback; the change itself goes through the ``Annotator`` and the save queue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.core import Library, Paper, SearchResult
from reader.core.changes import next_status, set_delta, tag_key
from reader.core.config import Settings
from reader.core.models import Status
from reader.core.text import plural
from reader.ui.widgets.paper_list import PaperList

# Each dialog, the external editor and the clipboard load when their key is first pressed:
# none of them is on the way to the first paint (tests/test_startup_imports.py).

if TYPE_CHECKING:
    # The screen builds the annotator and the full-text opener on first use (an edit, a
    # full-text key): their modules and the undo history load then, after the first paint.
    from reader.ui.annotator import Annotator
    from reader.ui.fulltext_opener import FullTextOpener
    from reader.ui.saver import SaveQueue

    _Base = Screen[None]
else:
    _Base = object

Say = Callable[..., None]
"""``say(text, severity=..., timeout=...)``: the app's one way to tell the user something."""


class PaperActions(_Base):
    """Screen mixin: actions on the current or marked papers (the screen provides the fields)."""

    library: Library
    settings: Settings
    saver: SaveQueue
    say: Say

    if TYPE_CHECKING:

        @property
        def annotator(self) -> Annotator: ...

        @property
        def full_text(self) -> FullTextOpener: ...

        @property
        def paper_list(self) -> PaperList: ...

        @property
        def result(self) -> SearchResult: ...

        @property
        def current_paper(self) -> Paper | None: ...

    def _paper_or_bell(self) -> Paper | None:
        paper = self.current_paper
        if paper is None:
            self.app.bell()
        return paper

    def _tell(self, message: str, ok: bool) -> None:
        severity: SeverityLevel = "information" if ok else "warning"
        self.say(message, severity=severity)

    def action_cycle_status(self) -> None:
        """Move the status one step along the cycle (marked papers: all to the same)."""
        if marked := self.paper_list.marked_papers():
            after = next_status(
                self.library.annotation(marked[0]).status, self.library.status_cycle
            )
            self.annotator.bulk_status(marked, after)
        elif paper := self._paper_or_bell():
            self.annotator.cycle_status(paper)

    def action_mark_read(self) -> None:
        """Mark the paper (or every marked paper) read."""
        if marked := self.paper_list.marked_papers():
            self.annotator.bulk_status(marked, Status.READ)
        elif paper := self._paper_or_bell():
            self.annotator.mark(paper, Status.READ)

    def action_edit_tags(self) -> None:
        """Edit the paper's tags (or the tags all marked papers share)."""
        from reader.ui.screens.dialogs import TagsDialog

        known = [tag for tag, _ in self.library.tag_counts().most_common()]
        if marked := self.paper_list.marked_papers():
            tag_sets = [self.library.annotation(paper).tags for paper in marked]
            folded = [{tag_key(tag) for tag in tags} for tags in tag_sets]
            common = tuple(tag for tag in tag_sets[0] if all(tag_key(tag) in f for f in folded))

            def edited_all(tags: tuple[str, ...] | None) -> None:
                if tags is None:
                    return
                added, removed = set_delta(common, tags, tag_key)
                if added or removed:
                    self.annotator.change_tags_of_all(marked, added, removed)

            title = f"{plural(len(marked), 'marked paper')} (tags they all have)"
            self.app.push_screen(TagsDialog(title, common, known), edited_all)
        elif paper := self._paper_or_bell():
            opened_with = self.library.annotation(paper).tags

            def edited(tags: tuple[str, ...] | None) -> None:
                if tags is not None and tags != opened_with:
                    self.annotator.set_tags(paper, tags, opened_with)

            self.app.push_screen(TagsDialog(paper.title, opened_with, known), edited)

    def action_edit_note(self) -> None:
        """Open the note editor for the paper."""
        if paper := self._paper_or_bell():
            self._edit_note(paper)

    def _edit_note(self, paper: Paper) -> None:
        from reader.ui.screens.dialogs import NoteDialog

        opened_with = self.library.annotation(paper).note

        def edited(note: str | None) -> None:
            if note is not None and note != opened_with:
                self.annotator.set_note(paper, note, opened_with)

        self.app.push_screen(NoteDialog(paper.title, opened_with), edited)

    def action_edit_note_in_editor(self) -> None:
        """Edit the note in $VISUAL / $EDITOR (the built-in editor if neither is set)."""
        from reader.ui.note_editor import edit_in_external_editor

        paper = self._paper_or_bell()
        if paper is None:
            return
        opened_with = self.library.annotation(paper).note
        outcome = edit_in_external_editor(self.app, opened_with)
        if outcome.message:
            self.say(outcome.message, severity=outcome.severity)
        if outcome.use_builtin:
            self._edit_note(paper)
        elif outcome.note is not None and outcome.note != opened_with:
            self.annotator.set_note(paper, outcome.note, opened_with)

    def action_undo(self) -> None:
        """Undo the last annotation change."""
        self.annotator.undo()

    def action_redo(self) -> None:
        """Redo the last undone change."""
        self.annotator.redo()

    def action_export(self) -> None:
        """Export what the list shows (or the marked papers) to a file."""
        from reader.ui import copy_open_export as sharing
        from reader.ui.screens.export_dialog import ExportDialog

        marked = self.paper_list.marked_papers()
        papers = marked or [self.library.papers[i] for i in self.result.indices]
        if not papers:
            self.say("Nothing to export: the list is empty", severity="warning")
            return
        query = self.result.query

        def chosen(fmt: str | None) -> None:
            if fmt:
                sharing.export_to_file(
                    self.library,
                    self.saver,
                    self.post_message,
                    papers,
                    fmt,
                    query,
                    self.settings.export_folder(),
                )

        self.app.push_screen(ExportDialog(len(papers), "marked" if marked else "listed"), chosen)

    def action_show_stats(self) -> None:
        """Show reading statistics."""
        from reader.core.stats import reading_stats
        from reader.ui.screens.help import TextScreen

        self.app.push_screen(TextScreen("Statistics", reading_stats(self.library).lines()))

    def action_full_text(self) -> None:
        """Open the paper's full text in the reading view."""
        if paper := self._paper_or_bell():
            self.full_text.open(paper)

    def action_attach_full_text(self) -> None:
        """Attach a local PDF or arXiv HTML file as the paper's full text ("Attach PDF…")."""
        if paper := self._paper_or_bell():
            self.full_text.ask_attach(paper)

    def action_copy_reference(self) -> None:
        """Copy "Title - link or id" (one line per marked paper when some are marked)."""
        from reader.ui import copy_open_export as sharing

        papers = self.paper_list.marked_papers()
        if not papers and (paper := self._paper_or_bell()):
            papers = [paper]
        if papers:
            self.say(sharing.copy_references(self.app, papers))

    def action_open_link(self) -> None:
        """Open the abstract page locally; over SSH, copy the link instead."""
        from reader.ui import copy_open_export as sharing

        if paper := self._paper_or_bell():
            self._tell(*sharing.open_link(self.app, paper))

    def action_copy_abstract(self) -> None:
        """Copy the abstract."""
        from reader.ui import copy_open_export as sharing

        if paper := self._paper_or_bell():
            self._tell(*sharing.copy_abstract(self.app, paper))
