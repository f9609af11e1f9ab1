"""Opens a paper's full text in the reading view: from the cache, else downloaded in a worker.

It gets what it needs through its constructor (the library, the annotator, the app's
worker and screen functions) and reports with messages; it never imports the app.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import get_current_worker

from reader.core.changes import Change
from reader.core.library import Library
from reader.core.models import Highlight, Paper
from reader.ui.annotator import Annotator
from reader.ui.messages import Say

if TYPE_CHECKING:
    # The reading view, its parsers and the download code load when a full text is
    # first opened, not on the way to the app's first paint.
    from reader.core.fulltext import Document
    from reader.core.fulltext_cache import FullTextCache
    from reader.core.fulltext_positions import ReadingPositions
    from reader.ui.screens.fulltext import Anchor, FullTextScreen


class FullTextOpener:
    """``f``: the reading view for the paper under the cursor; highlights saved as deltas."""

    def __init__(
        self,
        library: Library,
        annotator: Annotator,
        data_dir: Path,
        *,
        run_worker: Callable[..., Any],
        push_screen: Callable[..., Any],
        call_from_thread: Callable[..., Any],
        post: Callable[[Message], object],
    ) -> None:
        self.library = library
        self.annotator = annotator
        self.data_dir = data_dir
        self._run_worker = run_worker
        self._push_screen = push_screen
        self._call_from_thread = call_from_thread
        self._post = post
        self._papers: dict[str, Paper] = {}

    @cached_property
    def cache(self) -> FullTextCache:
        """Downloaded and attached full texts (built when first used)."""
        from reader.core.fulltext_cache import FullTextCache

        return FullTextCache(self.data_dir)

    @cached_property
    def positions(self) -> ReadingPositions:
        """Where each paper was left (block index), across launches."""
        from reader.core.fulltext_positions import ReadingPositions

        return ReadingPositions(self.data_dir)

    def anchors(self, paper: Paper) -> list[Anchor]:
        """Return the paper's saved highlights as anchors for the view."""
        from reader.ui.screens.fulltext import Anchor

        return [
            Anchor(item.quote, item.section, item.block, item.offset)
            for item in self.library.annotation(paper).highlights
        ]

    def _ids(self, paper: Paper) -> list[str]:
        """Return the ids a file may be attached under: the paper's and its title's."""
        return list(dict.fromkeys([paper.id, f"title:{paper.title_key}"]))

    def _view(self, paper: Paper, document: Document | None) -> FullTextScreen:
        from reader.ui.screens.fulltext import FullTextScreen

        self._papers[paper.id] = paper
        position = self.positions.get(paper.id)
        if position < 0:  # read while known by its title only, matched since
            position = self.positions.get(f"title:{paper.title_key}")
        screen = FullTextScreen(
            document,
            paper.display_title,
            paper.id,
            position=position,
            highlights=self.anchors(paper),
        )
        self._push_screen(screen)
        return screen

    def open(self, paper: Paper) -> None:
        """Show the paper's full text: an attached file, else the download (cached or not).

        A file already here is read in a worker and the view opens with it (one layout,
        one paint); a download opens the view at once, with its progress.
        """
        local = self.cache.attached(self._ids(paper))
        if local is None and paper.arxiv_id:
            local = self.cache.downloaded(paper.arxiv_id)
        if local is None and not paper.arxiv_id:
            self._post(
                Say(
                    "No arXiv id for this paper yet (it is matched in the background, "
                    "or run 'reader resolve'); ctrl+p Attach PDF… reads a file you have",
                    "warning",
                )
            )
            return
        if local is None:
            self._download(paper)
            return
        found = local
        from reader.core.fulltext import NotFullText
        from reader.core.fulltext_cache import load_parsed

        def read() -> None:
            try:
                document = load_parsed(found)
            except (NotFullText, OSError, ValueError):  # unusable copy: fetch it again
                if paper.arxiv_id:
                    self._call_from_thread(self._download, paper)
                else:
                    self._post(Say(f"{found}: not a readable full text", "warning"))
                return
            self._call_from_thread(self._view, paper, document)

        self._run_worker(read, thread=True, exclusive=True, group="fulltext", name="fulltext")

    def _download(self, paper: Paper) -> None:
        from reader.core.fulltext import NotFullText
        from reader.core.fulltext_net import NetError

        screen = self._view(paper, None)

        def progress(what: str, received: int, total: int | None) -> None:
            size = f"{received / 1024:,.0f} KiB" + (f" of {total / 1024:,.0f}" if total else "")
            self._call_from_thread(screen.set_status, f"downloading {what}: {size}")

        def load() -> None:
            worker = get_current_worker()
            try:
                assert paper.arxiv_id is not None
                document = self.cache.fetch(
                    paper.arxiv_id, progress, stop=lambda: worker.is_cancelled
                )
            except (NetError, NotFullText, OSError, ValueError) as error:
                if not worker.is_cancelled:  # else the app is gone: nobody to tell
                    self._call_from_thread(screen.show_problem, str(error))
                return
            self._call_from_thread(screen.show_document, document)

        self._run_worker(load, thread=True, exclusive=True, group="fulltext", name="fulltext")

    def ask_attach(self, paper: Paper) -> None:
        """Ask for a file to attach ("Attach PDF…"), then attach it (see ``attach``)."""
        from reader.ui.screens.attach_dialog import AttachDialog

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.attach(paper, path)

        self._push_screen(AttachDialog(paper.display_title), chosen)

    def attach(self, paper: Paper, source: Path) -> None:
        """Copy a local PDF or HTML file in as the paper's full text, then show it.

        Checked and copied in a worker; the user's file is only read.  A file that is
        not a paper gets one line: the file and the reason.
        """
        from reader.core.fulltext import NotFullText

        def copy() -> None:
            try:
                document, _ = self.cache.attach(paper.id, source)
            except (NotFullText, OSError, ValueError) as error:
                reason = error.strerror if isinstance(error, OSError) else None
                self._post(Say(f"{source}: {reason or error}", "warning", 10))
                return
            self._call_from_thread(self._attached, paper, source, document)

        self._run_worker(copy, thread=True, exclusive=True, group="fulltext", name="attach")

    def _attached(self, paper: Paper, source: Path, document: Document) -> None:
        self._view(paper, document)
        self._post(Say(f"Attached {source.name}: f opens it again"))

    def closed(self, message: FullTextScreen.Closed) -> None:
        """Remember where the reader left a paper (written off the UI thread)."""
        paper_id = message.paper_id
        if not paper_id or not self.positions.remember(paper_id, message.block):
            return

        def failed(problem: str) -> None:
            self._post(Say(f"Reading position not saved: {problem}", "warning"))

        self.annotator.saver.submit(lambda: self.positions.save(paper_id), lambda _: None, failed)

    def save_highlight(self, message: FullTextScreen.HighlightRequested) -> None:
        """Save a highlight through the save queue (undoable like any annotation)."""
        paper = self._papers.get(message.paper_id)
        if paper is None:
            return
        anchor = message.anchor
        highlight = Highlight(
            id=secrets.token_hex(6),
            quote=anchor.quote,
            section=anchor.section,
            block=anchor.block,
            offset=anchor.offset,
            note=message.note,
            created=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        change = Change(paper.id, paper.title, paper.title_key, add_highlights=(highlight,))
        self.annotator.save(paper, change, "highlight", "Highlight saved")
