"""LibraryBuilder: papers streamed from their files into a library's index as they are read.

``reader import`` and ``reader fetch`` bring the library's index up to date through it.
Each paper is merged as PaperMerger merges (the same arXiv id, else the same title key
unless both have different arXiv ids) and written to the index at once; the writer is
committed every COMMIT_EVERY writes.  A million-record file is never held in memory:
only the list's columns (id, title, title key, date, upvotes) and, while the library is
smaller than LAZY_FROM papers, the papers themselves, plus the papers written since the
last commit.  A paper repeating one already listed (from another file, or earlier in the
same one) is merged into it and its document replaced in place.

A build resumes: positions below ``skip`` were committed by an interrupted run and are
not written again; the files are read again for the columns, and repeats are merged
again (merging twice gives the same paper).  If the committed documents turn out to be
another list of papers, ``Mismatch`` is raised and the caller starts afresh.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from reader.core import index_cache
from reader.core.merge import merge_papers
from reader.core.models import Paper
from reader.core.paper_table import COLUMNS, date_number, upvotes_value

if TYPE_CHECKING:
    from reader.core.search.engine import Batch, SearchEngine

PROGRESS_EVERY = 1_000


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
        self.dates = array("i")
        self.upvotes = array("i")
        self._by_id: dict[str, int] = {}
        self._by_title: dict[str, int] = {}
        self.papers: list[Paper] | None = []
        """Every paper, while there are fewer than LAZY_FROM (then None)."""
        self._pending: dict[int, Paper] = {}
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
            self.dates = array("i", base.dates.tolist())
            self.upvotes = array("i", base.upvotes.tolist())
            self.papers = None
        else:
            for paper in base:
                self._append(paper)
        for position, (paper_id, key) in enumerate(
            zip(self.texts["id"], self.texts["title_key"], strict=True)
        ):
            self._by_id[paper_id] = position
            self._by_title.setdefault(key, position)

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

    def _current(self, position: int) -> Paper:
        """Return the paper listed at ``position`` (from memory, else the index)."""
        if self.papers is not None:
            return self.papers[position]
        pending = self._pending.get(position)
        if pending is not None:
            return pending
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
        from reader.core.search import engine

        read = 0
        for paper in papers:
            self.add(batch, paper)
            read += 1
            if self._since_commit >= engine.COMMIT_EVERY:
                self.commit(batch)
            if progress is not None and read % PROGRESS_EVERY == 0:
                progress(read)
        if progress is not None:
            progress(read)
        return read

    def add(self, batch: Batch, paper: Paper) -> None:
        """Merge one paper into the list and write what changed."""
        slot = self._by_id.get(paper.id)
        if slot is None:
            by_title = self._by_title.get(paper.title_key)
            # Same title: the same paper unless both have (different) arXiv ids.
            if by_title is not None and not (paper.arxiv_id and self._current(by_title).arxiv_id):
                slot = by_title
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
            current = self._current(slot)
            paper = merge_papers(current, paper)
            if paper != current:
                self._set(slot, paper)
                batch.replace(slot, paper)
                self._written(slot, paper)
                if slot < self._base:
                    self._updated.add(slot)
        self._by_id[paper.id] = slot
        self._by_title.setdefault(paper.title_key, slot)

    def _written(self, slot: int, paper: Paper) -> None:
        self._since_commit += 1
        self._pending[slot] = paper  # readable again before it is committed

    def commit(self, batch: Batch) -> None:
        """Commit what was written: durable, and readable from the index."""
        batch.commit()
        self._pending.clear()
        self._since_commit = 0

    def finish(self, batch: Batch) -> None:
        """Commit the last writes; a resumed build must have reached what was committed."""
        if self.count < self._skip:
            raise Mismatch("fewer papers than the index holds")
        if self._since_commit or not self._skip:
            self.commit(batch)

    def save(self, key: str, warnings: list[str]) -> None:
        """Write the cache entry's papers (or columns) and mark it finished."""
        if self.papers is not None:
            index_cache.save(key, self.papers, warnings)
        else:
            index_cache.save_columns(key, self.texts, self.dates, self.upvotes, warnings)
