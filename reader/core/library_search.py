"""LibrarySearch: the search half of Library: its index, queries, filters and similar papers.

Kept apart from the annotations half (library.py); Library inherits it.  The index is
built (or resumed) in a worker; until it holds every paper, a large library answers by a
plain scan.  Tag and status filters are read from the annotations at query time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from reader.core import index_cache
from reader.core.annotations import AnnotationStore
from reader.core.models import Paper, SortMode, Status
from reader.core.search_result import SearchResult

if TYPE_CHECKING:  # numpy and the engine load in the search worker, after the first paint
    from reader.core.arrays import BoolArray, IntArray
    from reader.core.query import Filter
    from reader.core.search.engine import SearchEngine

SCAN_FROM = 5_000
"""Libraries at least this large answer queries by a plain scan while their index builds;
smaller ones build their (in-memory) index on the first query: it takes milliseconds."""


class LibrarySearch:
    """Search over ``papers``; the fields are Library's (a dataclass)."""

    papers: Sequence[Paper]
    store: AnnotationStore
    warnings: list[str]
    sort: SortMode
    index_progress: float
    indexed: int
    cache_key: str | None
    from_cache: bool
    from_files: int | None
    _engine: SearchEngine | None
    _ready: bool
    _index_rate: float
    _tail_checked: bool
    _index_lock: threading.RLock
    _positions: dict[str, int] | None
    _static_ranks: dict[SortMode, IntArray | None]

    def _stores(self, in_memory: bool) -> bool:
        """Return whether the index must store each paper (SearchEngine's ``store``).

        An index kept on disk for a library of LAZY_FROM papers or more does, as its next
        launch keeps only the list's columns (index_cache.save); this launch still reads
        papers from its list.
        """
        return not in_memory and len(self.papers) >= index_cache.LAZY_FROM

    def _stored_paper(self, position: int) -> Paper | None:
        return self.build_index().paper(position)

    @property
    def _position(self) -> dict[str, int]:
        """Each paper's position by id (and by ``title:<key>``); made on first use."""
        if self._positions is None:
            from reader.core.paper_table import PaperTable

            if isinstance(self.papers, PaperTable):
                extra = self.papers.extra
                ids: Iterable[str] = [*self.papers.column("id"), *(p.id for p in extra)]
                keys: Iterable[str] = [
                    *self.papers.column("title_key"),
                    *(p.title_key for p in extra),
                ]
            else:
                ids = [paper.id for paper in self.papers]
                keys = [paper.title_key for paper in self.papers]
            positions = {paper_id: number for number, paper_id in enumerate(ids)}
            for number, key in enumerate(keys):
                # Annotations made while a paper was known only by its title still count.
                positions.setdefault(f"title:{key}", number)
            self._positions = positions
        return self._positions

    def index_status(self) -> str:
        """Return the build's progress for the header: ``indexing 40% · 31,000/s · 3 s left``."""
        if self._ready:
            return ""
        text = f"indexing {self.index_progress:.0%}"
        if self._index_rate > 0:
            left = (len(self.papers) - self.indexed) / self._index_rate
            text += f" · {self._index_rate:,.0f}/s · {left:,.0f} s left"
        return text

    @property
    def index_ready(self) -> bool:
        """True once the search index holds every paper."""
        return self._ready

    def build_index(self) -> SearchEngine:
        """Build the search index, or finish one a crash interrupted (call from a worker).

        Documents are committed in segments as they are added, so quitting or crashing
        part-way keeps what was done and the next launch continues from there.
        """
        from reader.core.search.engine import IndexBusy, SearchEngine, commit_interval

        with self._index_lock:
            if self._engine is None:
                path = index_cache.index_dir(self.cache_key) if self.cache_key else None
                store = self._stores(path is None)
                try:
                    self._engine = SearchEngine(path, self.papers, store=store)
                except ValueError:  # a damaged index (the papers are in memory): build again
                    assert self.cache_key is not None
                    index_cache.discard(self.cache_key)
                    path = index_cache.index_dir(self.cache_key)
                    self._engine = SearchEngine(path, self.papers, store=store)
                    self._ready = self.from_cache = False
            if self._ready:
                if self.from_cache and not self._tail_checked and self.from_files is not None:
                    self._tail_checked = True
                    self._set_tail(self._engine)
                return self._engine
            engine = self._engine
            start = engine.indexed_count()
            if start and not engine.holds(start, self.papers):  # another list: start again
                engine = self._engine = SearchEngine.fresh(
                    engine.path, engine.memory, store=engine.store
                )
                start = 0
            total = max(1, len(self.papers))

            began = time.monotonic()

            def progress(done: int) -> None:
                self.indexed = start + done
                self.index_progress = (start + done) / total
                self._index_rate = done / max(1e-6, time.monotonic() - began)

            progress(0)
            papers = self.papers
            try:
                left = range(start, len(papers))
                every = commit_interval(len(left))  # a crash keeps each third done
                engine.add(((n, papers[n]) for n in left), progress, every=every)
            except IndexBusy:  # another window is building this index: build ours in memory
                start = 0
                engine = self._engine = SearchEngine(None, self.papers)
                self.cache_key = None
                engine.add(enumerate(papers), progress)
            engine.close()
            self._ready = True
            self.index_progress = 1.0
            if self.cache_key:
                files = self.papers[: self.from_files] if self.from_files else self.papers
                index_cache.save(self.cache_key, files, self.warnings)
            return engine

    def _set_tail(self, engine: SearchEngine) -> None:
        """Index the annotated papers listed after the files' ones, if they changed."""
        from reader.core.search.engine import IndexBusy

        assert self.from_files is not None
        try:
            engine.set_tail(self.from_files, self.papers[self.from_files :])
        except IndexBusy:  # another window holds the index: search it in memory here
            self._engine = self._memory_engine()

    def _memory_engine(self) -> SearchEngine:
        from reader.core.search.engine import SearchEngine

        engine = SearchEngine(None, self.papers)
        engine.add(enumerate(self.papers))
        self.cache_key = None
        return engine

    def search(self, query: str) -> SearchResult:
        """Return the papers matching ``query``, best first, ties in the active sort.

        While a large library's index is being built this is a plain scan (complete, but
        without typo matching); a small library builds its index first.  Tag and status
        filters read the annotations as they are now, so results follow every change
        without re-indexing.
        """
        if self.answers_by_scan:
            *_, last = self.scan(query)
            return last
        engine = self.build_index()
        return engine.search(query, self, len(self.papers), self._sort_rank())

    def scan(self, query: str) -> Iterator[SearchResult]:
        """Answer ``query`` without the index: partial results as they come, titles first."""
        from reader.core.search.scan import scan_search

        return scan_search(self.papers, query, self)

    def empty_hint(self, query: str) -> str | None:
        """Say why ``query`` finding nothing is no surprise: it asks what no paper has.

        A trending page copied as text has no categories and no publication dates, and a
        new user's cat:cs.CL or date:2024 there just said "No papers match".  Only once
        the index is ready (its answer is a lookup); None otherwise, or if some paper has.
        """
        from reader.core.query import QueryError, filter_fields, parse_query

        engine = self._engine
        if not self._ready or engine is None:
            return None
        try:
            fields = filter_fields(parse_query(query))
        except QueryError:
            return None
        for field, line in _NOTHING_HAS:
            if field in fields and not engine.has_any(field):
                return line
        return None

    def find_all(self, wanted: str, limit: int = 6) -> list[Paper]:
        """Return the paper with id ``wanted``, else up to ``limit`` whose titles start with it.

        More than one: a command asks for more of the title rather than take the first.
        """
        key = wanted.strip().casefold().removeprefix("arxiv:")
        position = self._position.get(key)  # pragma: no mutate (a fast path: the scan agrees)
        if position is None:
            position = next(
                (n for n, paper in enumerate(self.papers) if paper.id.casefold() == key), None
            )
        if position is not None:
            return [self.papers[position]]
        starting = (paper for paper in self.papers if paper.title.casefold().startswith(key))
        return list(islice(starting, limit))

    def find(self, wanted: str) -> Paper | None:
        """Return the paper with id ``wanted``, else the first whose title starts with it."""
        found = self.find_all(wanted, limit=1)
        return found[0] if found else None

    @property
    def answers_by_scan(self) -> bool:
        """True while queries are answered by a plain scan (a large index still building)."""
        return not self._ready and len(self.papers) >= SCAN_FROM

    def titles(self) -> Iterable[str]:
        """Every paper's title, in list order (a huge library's from its title column)."""
        from reader.core.paper_table import PaperTable

        if isinstance(self.papers, PaperTable):
            return [*self.papers.column("title"), *(paper.title for paper in self.papers.extra)]
        return [paper.title for paper in self.papers]

    def position(self, paper: Paper) -> int | None:
        """Return where ``paper`` is in ``papers`` (None if it is not)."""
        return self._position.get(paper.id)

    def similar_indices(self, paper: Paper, limit: int = 50) -> list[int]:
        """Return the positions of the papers most like ``paper``, best first, not it.

        More-like-this over title and abstract; waits for the index (call from a worker).
        """
        position = self._position.get(paper.id)
        if position is None:
            return []
        return self.build_index().similar(position, limit)

    def similar(self, paper: Paper, limit: int = 50) -> list[Paper]:
        """Return the papers most like ``paper`` (title and abstract), best first, not it."""
        return [self.papers[number] for number in self.similar_indices(paper, limit)]

    def _sort_rank(self) -> IntArray | None:
        from reader.core.sorting import static_rank, status_rank

        if self.sort is SortMode.STATUS:
            return status_rank(self._status_codes())
        if self.sort not in self._static_ranks:
            from reader.core.paper_table import PaperTable

            if isinstance(self.papers, PaperTable):
                self._static_ranks[self.sort] = self.papers.rank(self.sort)
            else:
                self._static_ranks[self.sort] = static_rank(self.sort, self.papers)
        return self._static_ranks[self.sort]

    def _status_codes(self) -> IntArray:
        from reader.core.sorting import status_codes

        return status_codes(len(self.papers), self.store.annotations, self._position)

    def _fulltext_mask(self, condition: Filter, mask: BoolArray) -> BoolArray:
        """Answer has:highlights and full:word (papers whose cached full text has it)."""
        if condition.field == "has":
            chosen = [pid for pid, note in self.store.annotations.items() if note.highlights]
        else:
            from reader.core.fulltext_cache import ids_containing

            chosen = list(ids_containing(self.store.path.parent, condition.value))
        for paper_id in chosen:
            index = self._position.get(paper_id)
            if index is not None:
                mask[index] = True
        return mask

    def filter_mask(self, condition: Filter) -> BoolArray:
        """Answer tag:, status: and in: for every paper (see FilterProvider)."""
        import numpy as np

        if condition.field == "in":  # in:library: loaded from a file, not kept from a record
            from reader.core.annotated import NOT_IN_LIBRARY
            from reader.core.paper_table import PaperTable

            papers = self.papers
            listed: Sequence[Paper] = papers
            kept: BoolArray = np.ones(len(papers), dtype=bool)
            if isinstance(papers, PaperTable):  # its columns are the files' papers: only
                listed = papers.extra  # the annotated ones after them are read (in memory)
            start = len(papers) - len(listed)
            kept[start:] = [paper.source != NOT_IN_LIBRARY for paper in listed]
            return kept
        if condition.field == "status":
            from reader.core.sorting import STATUS_CODE

            by_status: BoolArray = self._status_codes() == STATUS_CODE[Status(condition.value)]
            return by_status
        mask = np.zeros(len(self.papers), dtype=bool)
        if condition.field in ("has", "full"):
            return self._fulltext_mask(condition, mask)
        wanted = condition.value.casefold()
        prefix = wanted.endswith("*")
        wanted = wanted.rstrip("*")  # pragma: no mutate - casefolded: no capital X to strip
        for paper_id, annotation in self.store.annotations.items():
            index = self._position.get(paper_id)
            if index is None:
                continue
            folded = [tag.casefold() for tag in annotation.tags]
            if any(tag.startswith(wanted) if prefix else tag == wanted for tag in folded):
                mask[index] = True
        return mask

    def replace_paper(self, old: Paper, new: Paper) -> bool:
        """Put ``new`` where ``old`` is listed (a title matched to its arXiv record).

        Safe from a worker thread: the list slot is swapped in one step and the index
        updated under its lock.  Refused (False) when ``old`` is not listed, ``new``'s id
        already names another listed paper (no twins), or the papers live in a huge
        library's index (they change at its next launch).
        """
        from reader.core.search.engine import IndexBusy

        if not isinstance(self.papers, list):
            return False
        with self._index_lock:
            position = self._position.get(old.id)
            taken = self._position.get(new.id)
            if position is None or (taken is not None and taken != position):
                return False
            if self._ready:  # else the build indexes it (it holds this lock while it runs)
                try:  # a cached index opens on first use: before any query, open it now
                    self.build_index().replace_at(position, new)
                except IndexBusy:  # another window holds the index on disk
                    self.papers[position] = new
                    self._engine = self._memory_engine()
            self.papers[position] = new
            self._position[new.id] = position  # the old id still finds it (annotations)
            self._static_ranks.clear()
        return True


_NOTHING_HAS = (
    (
        "cat",
        "No paper here has categories: arXiv listings and Hugging Face JSON carry them, "
        "a trending page copied as text does not.",
    ),
    (
        "date",
        "No paper here has a publication date: a trending page copied as text gives only "
        "the day it was listed (Mar 13), with no year.",
    ),
)
