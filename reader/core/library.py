"""Library: the one API the UI uses, joining loaded papers, search and annotations."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.annotations import AnnotationStore, Change
from reader.core.matches import SearchResult
from reader.core.models import Annotation, Paper, Status
from reader.core.paths import bundled_sample
from reader.core.sources import load_sources

if TYPE_CHECKING:
    from reader.core.search import SearchIndex


class LibraryError(Exception):
    """The library cannot open at all; the message is one line for the user."""


@dataclass
class Library:
    """Papers from the chosen sources, their annotations, and a search index over them."""

    papers: list[Paper]
    store: AnnotationStore
    label: str
    """What was opened, for the header (for example ``Bundled sample: trending-papers.txt``)."""
    warnings: list[str] = field(default_factory=list)
    _index: SearchIndex | None = field(default=None, repr=False)
    _index_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def index_ready(self) -> bool:
        """True once the search index has been built."""
        return self._index is not None

    def build_index(self) -> SearchIndex:
        """Build the search index (slow for large libraries: call from a worker)."""
        from reader.core.search import SearchIndex  # numpy: imported off the start-up path

        with self._index_lock:
            if self._index is None:
                self._index = SearchIndex(self.papers)
            return self._index

    def search(self, query: str) -> SearchResult:
        """Return the papers matching ``query`` best first; builds the index if needed."""
        return self.build_index().search(query)

    def annotation(self, paper: Paper) -> Annotation:
        """Return what the reader has recorded for ``paper``."""
        return self.store.get(paper.id, paper.title_key)

    def change(self, paper: Paper, **fields: object) -> Change:
        """Return a Change for ``paper`` carrying its title, so the record is readable."""
        return Change(paper.id, paper.title, paper.title_key, **fields)  # type: ignore[arg-type]

    def set_status(self, paper: Paper, status: Status) -> Annotation:
        """Save a new reading status; returns once it is on disk."""
        return self.store.apply(self.change(paper, status=status))

    def cycle_status(self, paper: Paper) -> Annotation:
        """Move the status one step (unread -> reading -> read -> unread) and save it."""
        return self.store.apply(self.change(paper, cycle_status=True))

    def set_tags(self, paper: Paper, tags: tuple[str, ...]) -> Annotation:
        """Save a paper's tags as the delta from what it has now."""
        before = {tag.casefold(): tag for tag in self.annotation(paper).tags}
        after = {tag.casefold(): tag for tag in tags}
        added = tuple(tag for key, tag in after.items() if key not in before)
        removed = tuple(tag for key, tag in before.items() if key not in after)
        return self.store.apply(self.change(paper, add_tags=added, remove_tags=removed))

    def set_note(self, paper: Paper, note: str) -> Annotation:
        """Save a paper's note."""
        return self.store.apply(self.change(paper, note=note))

    def restore(self, paper: Paper, target: Annotation) -> Annotation:
        """Save whatever it takes to bring the paper's annotation back to ``target``.

        Used by undo and redo; expressed as a delta against the current annotation, so
        changes another instance made to other fields are kept.
        """
        current = self.annotation(paper)
        before = {tag.casefold(): tag for tag in current.tags}
        after = {tag.casefold(): tag for tag in target.tags}
        return self.store.apply(
            self.change(
                paper,
                status=target.status if target.status != current.status else None,
                add_tags=tuple(tag for key, tag in after.items() if key not in before),
                remove_tags=tuple(tag for key, tag in before.items() if key not in after),
                note=target.note if target.note != current.note else None,
            )
        )

    def tag_counts(self) -> Counter[str]:
        """Every tag in use, with counts."""
        return self.store.tag_counts()


def open_library(paths: list[Path], db_path: Path) -> Library:
    """Load ``paths`` (the bundled sample if empty) and open the annotations database.

    Raises LibraryError if no file could be used or the database is unusable.  Files that
    fail while others load become warnings.
    """
    from reader.core.recovery import recovery_hint
    from reader.core.storage import DatabaseError, DatabaseLocked

    sources = paths or [bundled_sample()]
    report = load_sources(sources)
    if not report.papers:
        raise LibraryError(report.errors[0] if report.errors else "no papers to show")
    try:
        store = AnnotationStore.open(db_path)
    except DatabaseLocked as error:
        raise LibraryError(str(error)) from None
    except DatabaseError as error:
        raise LibraryError(f"{error}; {recovery_hint(db_path)}") from None
    if not paths:
        label = f"Bundled sample: {sources[0].name}"
    elif len(paths) == 1:
        label = paths[0].name
    else:
        label = f"{len(paths)} files"
    return Library(report.papers, store, label, report.warnings + report.errors)
