"""LibraryBuilder: papers streamed from their files into a library's index as they are read.

``reader import`` and ``reader fetch`` bring the library's index up to date through it.
Each paper is merged as PaperMerger merges (merge.SamePaper: the same id, else the same
title key unless both have different arXiv ids) and written to the index at once; the writer is
committed every COMMIT_EVERY writes.  A million-record file is never held in memory:
only the list's columns (id, title, title key, date, upvotes) and, while the library is
smaller than LAZY_FROM papers, the papers themselves, plus the papers written since the
last commit.  A paper repeating one already listed (from another file, or earlier in the
same one) is merged into it and its document replaced in place.

The writer commits every COMMIT_EVERY writes with one indexing thread and a heap large
enough for a segment of 250,000 papers: a million papers make four segments, which
tantivy's merge policy leaves alone (merging them again would cost as much CPU as a
third of the build).  A repeat of a paper written since the last commit is read from
the last RECENT papers kept here, else the writer commits first and it is read back.

A build resumes: positions below ``skip`` were committed by an interrupted run and are
not written again; the files are read again for the columns, and repeats are merged
again (merging twice gives the same paper).  If the committed documents turn out to be
another list of papers, ``Mismatch`` is raised and the caller starts afresh.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from reader.core import index_cache
from reader.core.merge import SamePaper, merge_papers
from reader.core.models import Paper
from reader.core.paper_table import COLUMNS, date_number, upvotes_value

if TYPE_CHECKING:
    from reader.core.search.engine import Batch, SearchEngine

PROGRESS_EVERY = 1_000
COMMIT_EVERY = 250_000
"""Writes per commit: a crash loses at most this many (about 25 s of work)."""
WRITER_THREADS = 1
"""The parser's thread and one indexing thread keep two cores busy."""
HEAP_BYTES = 512_000_000
RECENT = 2_000
"""Papers written lately kept in memory, for repeats that follow closely."""


class Mismatch(Exception):
    """The committed documents of a resumed build are not the papers read now."""


class LibraryBuilder:
    """Merges papers into a library's list and index, one at a time (see the module)."""

    def __init__(
        self,
        engine: SearchEngine,
        base: Sequence[Paper] = (),
        skip: int = 0,
    ) -> None:
        self._engine = engine
        self._skip = skip
        self.texts: dict[str, list[str]] = {name: [] for name in COLUMNS}
        self.dates = array("i")  # pragma: no mutate (dates are >= 0: "I" holds them alike)
        self.upvotes = array("i")
        self._same = SamePaper()
        self.papers: list[Paper] | None = []
        """Every paper, while there are fewer than LAZY_FROM (then None)."""
        self._recent: OrderedDict[int, Paper] = OrderedDict()
        self._since_commit = 0
        self.added = 0
        self._updated: set[int] = set()
        self._base = len(base)
        self._seed(base)

    @property
    def count(self) -> int:
        """How many papers the list holds."""
        return len(self.texts["id"])

    @property
    def updated(self) -> int:
        """How many papers of ``base`` changed (they gained another file's record)."""
        return len(self._updated)

    def _seed(self, base: Sequence[Paper]) -> None:
        from reader.core.paper_table import PaperTable

        if isinstance(base, PaperTable):  # a huge library: its columns, not its papers
            for name in COLUMNS:
                self.texts[name] = list(base.column(name))
            self.dates = array("i", base.dates.tolist())  # pragma: no mutate (as in __init__)
            self.upvotes = array("i", base.upvotes.tolist())
            self._same.note_columns(self.texts["id"], self.texts["title_key"])
            self.papers = None
        else:
            for position, paper in enumerate(base):
                self._append(paper)
                self._same.note(position, paper)

    def _append(self, paper: Paper) -> None:
        for name, column in self.texts.items():
            column.append(str(getattr(paper, name)))
        self.dates.append(date_number(paper))
        self.upvotes.append(upvotes_value(paper))
        if self.papers is not None:
            if len(self.papers) + 1 >= index_cache.LAZY_FROM:
                self.papers = None  # a huge library: its papers live in the index
            else:
                self.papers.append(paper)

    def _set(self, position: int, paper: Paper) -> None:
        for name, column in self.texts.items():
            column[position] = str(getattr(paper, name))
        self.dates[position] = date_number(paper)
        self.upvotes[position] = upvotes_value(paper)
        if self.papers is not None:
            self.papers[position] = paper

    def _current(self, batch: Batch, position: int) -> Paper:
        """Return the paper listed at ``position`` (from memory, else the index)."""
        if self.papers is not None:
            return self.papers[position]
        recent = self._recent.get(position)
        if recent is not None:
            return recent
        if self._since_commit:
            self.commit(batch)  # written lately but no longer kept: read it back
        stored = self._engine.paper(position)
        if stored is None:  # committed documents are missing: not the list we think
            raise Mismatch(f"no document at {position}")
        return stored

    def _check(self, position: int, paper: Paper) -> None:
        """In a resumed build, check a committed document is the paper read now."""
        stored = self._engine.paper(position)
        if stored is None or (stored.id != paper.id and stored.title_key != paper.title_key):
            raise Mismatch(f"another paper at {position}")

    def add_all(
        self,
        batch: Batch,
        papers: Iterable[Paper],
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Merge and write every paper of ``papers``; return how many were read."""
        read = 0
        for paper in papers:
            self.add(batch, paper)
            read += 1
            if self._since_commit >= COMMIT_EVERY:
                self.commit(batch)
            if progress is not None and read % PROGRESS_EVERY == 0:
                progress(read)
        if progress is not None:
            progress(read)
        return read

    def add(self, batch: Batch, paper: Paper) -> None:
        """Merge one paper into the list and write what changed."""
        slot = self._same.slot(paper)
        if slot is None:
            slot = self.count
            self._append(paper)
            if slot < self._skip:
                if slot in (0, self._skip - 1):
                    self._check(slot, paper)
            else:
                batch.add(slot, paper)
                self._written(slot, paper)
                self.added += 1
        else:
            current = self._current(batch, slot)
            paper = merge_papers(current, paper)
            if paper != current:
                self._set(slot, paper)
                batch.replace(slot, paper)
                self._written(slot, paper)
                if slot < self._base:
                    self._updated.add(slot)
        self._same.note(slot, paper)

    def _written(self, slot: int, paper: Paper) -> None:
        self._since_commit += 1
        if self.papers is None:  # else every paper is at hand
            self._recent[slot] = paper
            self._recent.move_to_end(slot)
            if len(self._recent) > RECENT:
                self._recent.popitem(last=False)  # pragma: no mutate (last=None is False too)

    def commit(self, batch: Batch) -> None:
        """Commit what was written: durable, and readable from the index."""
        batch.commit()
        self._since_commit = 0

    def finish(self, batch: Batch) -> None:
        """Commit the last writes; a resumed build must have reached what was committed."""
        if self.count < self._skip:
            raise Mismatch("fewer papers than the index holds")
        if self._since_commit:
            self.commit(batch)

    def save(self, key: str, warnings: list[str]) -> None:
        """Write the cache entry's papers (or columns) and mark it finished."""
        if self.papers is not None:
            index_cache.save(key, self.papers, warnings)
        else:
            index_cache.save_columns(key, self.texts, self.dates, self.upvotes, warnings)
