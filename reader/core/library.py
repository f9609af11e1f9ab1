"""Library: the one API the UI uses, joining loaded papers, search and annotations."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core import index_cache
from reader.core.annotations import AnnotationStore, Applied, Change, SavedView
from reader.core.models import Annotation, Paper, SortMode, Status
from reader.core.paths import bundled_sample
from reader.core.query import Filter
from reader.core.search_result import SearchResult
from reader.core.sources import load_sources
from reader.core.text import plural, strip_control

if TYPE_CHECKING:  # numpy and the index load in the search worker, after the first paint
    import numpy as np
    import numpy.typing as npt

    from reader.core.search import BoolArray, SearchIndex
    from reader.core.sorting import IntArray


CACHE_FROM_BYTES = 2_000_000
"""Sources of at least this size (about 1,000 papers) are cached on disk once indexed."""


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
    sort: SortMode = SortMode.RELEVANCE
    status_cycle: tuple[Status, ...] = (Status.UNREAD, Status.READING, Status.READ)
    index_progress: float = 0.0
    """How far the search index build has got, 0..1 (for the header)."""
    cache_key: str | None = None
    """Key under which the parsed papers and index are cached once built (None: no cache)."""
    from_cache: bool = False
    _index: SearchIndex | None = field(default=None, repr=False)
    _index_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _position: dict[str, int] = field(default_factory=dict, repr=False)
    _static_ranks: dict[SortMode, IntArray | None] = field(default_factory=dict, repr=False)
    _columns: dict[str, npt.NDArray[np.str_]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # File names reach the header and the warnings: they are text from outside too.
        self.label = strip_control(self.label)
        self.warnings = [strip_control(warning) for warning in self.warnings]
        self._position = {paper.id: number for number, paper in enumerate(self.papers)}
        for number, paper in enumerate(self.papers):
            # Annotations made while a paper was known only by its title still count.
            self._position.setdefault(f"title:{paper.title_key}", number)

    @property
    def index_ready(self) -> bool:
        """True once the search index has been built."""
        return self._index is not None

    def build_index(self) -> SearchIndex:
        """Build the search index (slow for large libraries: call from a worker)."""
        from reader.core.search import SearchIndex  # rapidfuzz: off the start-up path

        def progress(done: float) -> None:
            self.index_progress = done

        with self._index_lock:
            if self._index is None:
                self._index = SearchIndex.build(self.papers, progress)
                self.index_progress = 1.0
                if self.cache_key:
                    index_cache.save(self.cache_key, self.papers, self.warnings, self._index.data)
            return self._index

    def search(self, query: str) -> SearchResult:
        """Return the papers matching ``query``, best first, ties in the active sort.

        Builds the index first if needed.  Tag and status filters read the annotations
        as they are now, so results follow every change without re-indexing.
        """
        return self.build_index().search(query, self, self._sort_rank())

    def _sort_rank(self) -> IntArray | None:
        from reader.core.sorting import static_rank, status_rank

        if self.sort is SortMode.STATUS:
            return status_rank(self._status_codes())
        if self.sort not in self._static_ranks:
            self._static_ranks[self.sort] = static_rank(self.sort, self.papers)
        return self._static_ranks[self.sort]

    def _status_codes(self) -> IntArray:
        from reader.core.sorting import status_codes

        return status_codes(len(self.papers), self.store.annotations, self._position)

    def _column(self, name: str) -> npt.NDArray[np.str_]:
        import numpy as np

        if name not in self._columns:
            if name == "date":
                values = [paper.date or "" for paper in self.papers]
            else:
                values = [paper.id.casefold() for paper in self.papers]
            self._columns[name] = np.array(values, dtype=str)
        return self._columns[name]

    def filter_mask(self, condition: Filter) -> BoolArray:
        """Answer tag:, status:, id: and date: for every paper (see FilterProvider)."""
        import numpy as np

        size = len(self.papers)
        if condition.field == "date":
            dates = self._column("date")
            mask: BoolArray = np.not_equal(dates, "")
            if condition.low:
                mask &= dates >= condition.low
            if condition.high:
                mask &= dates <= condition.high
            return mask
        if condition.field == "id":
            wanted = condition.value.casefold().removeprefix("arxiv:")
            found: BoolArray = np.char.startswith(self._column("id"), wanted)
            return found
        if condition.field == "status":
            from reader.core.sorting import STATUS_CODE

            by_status: BoolArray = self._status_codes() == STATUS_CODE[Status(condition.value)]
            return by_status
        mask = np.zeros(size, dtype=bool)
        wanted = condition.value.casefold()
        prefix = wanted.endswith("*")
        wanted = wanted.rstrip("*")
        for paper_id, annotation in self.store.annotations.items():
            index = self._position.get(paper_id)
            if index is None:
                continue
            folded = [tag.casefold() for tag in annotation.tags]
            if any(tag.startswith(wanted) if prefix else tag == wanted for tag in folded):
                mask[index] = True
        return mask

    def views(self) -> list[SavedView]:
        """Return the saved searches."""
        return self.store.views

    def save_view(self, name: str, query: str) -> list[SavedView]:
        """Name the current query; stored with the annotations."""
        return self.store.save_view(name, query)

    def delete_view(self, name: str) -> list[SavedView]:
        """Forget a saved search."""
        return self.store.delete_view(name)

    def count(self, query: str) -> int:
        """Return how many papers ``query`` lists now (for saved views' live counts)."""
        return len(self.search(query))

    def annotation(self, paper: Paper) -> Annotation:
        """Return what the reader has recorded for ``paper``."""
        return self.store.get(paper.id, paper.title_key)

    def change(self, paper: Paper, **fields: object) -> Change:
        """Return a Change for ``paper`` carrying its title, so the record is readable."""
        return Change(paper.id, paper.title, paper.title_key, **fields)  # type: ignore[arg-type]

    def apply(self, change: Change) -> Applied:
        """Apply one delta to the freshest file; returns once it is on disk."""
        return self.store.apply_delta(change)

    def set_status(self, paper: Paper, status: Status) -> Applied:
        """Save a new reading status; returns once it is on disk."""
        return self.apply(self.change(paper, status=status))

    def cycle_status(self, paper: Paper) -> Applied:
        """Move the status one step along the cycle (unread -> reading -> read) and save it."""
        return self.apply(self.change(paper, cycle_status=True, cycle=self.status_cycle))

    def set_tags(
        self, paper: Paper, tags: tuple[str, ...], base: tuple[str, ...] | None = None
    ) -> Applied:
        """Save a paper's tags as the delta from ``base``, the tags the user started from.

        Only the tags the user added or removed change: a tag another window added since
        the dialog opened stays.  Without ``base``, the delta is taken from the tags now.
        """
        start = self.annotation(paper).tags if base is None else base
        before = {tag.casefold(): tag for tag in start}
        after = {tag.casefold(): tag for tag in tags}
        added = tuple(tag for key, tag in after.items() if key not in before)
        removed = tuple(tag for key, tag in before.items() if key not in after)
        return self.apply(self.change(paper, add_tags=added, remove_tags=removed))

    def set_note(self, paper: Paper, note: str, base: str | None = None) -> Applied:
        """Save a paper's note edited from ``base`` (what the editor opened with).

        If another window changed the note meanwhile, both texts are kept (``conflict``).
        """
        return self.apply(self.change(paper, note=note, note_base=base))

    def tag_counts(self) -> Counter[str]:
        """Every tag in use, with counts."""
        return self.store.tag_counts()


def open_library(
    paths: list[Path], db_path: Path, *, use_cache: bool = True, read_only: bool = False
) -> Library:
    """Load ``paths`` (the bundled sample if empty) and open the annotations database.

    Raises LibraryError if no file could be used or the database is unusable.  Files that
    fail while others load become warnings.  ``read_only`` (stats, export) never creates
    or backs up the database.
    """
    from reader.core.library_folder import library_files
    from reader.core.recovery import describe_open_error
    from reader.core.storage import DatabaseError, DatabaseLocked

    in_library = [] if paths else library_files()
    sources = paths or in_library or [bundled_sample()]
    try:
        store = AnnotationStore.open(db_path, read_only=read_only)
    except DatabaseLocked as error:
        raise LibraryError(str(error)) from None
    except DatabaseError as error:
        raise LibraryError(describe_open_error(error, db_path)) from None
    if in_library:
        label = f"Library: {len(in_library)} file{'s' if len(in_library) != 1 else ''}"
    elif not paths:
        label = f"Bundled sample: {sources[0].name}"
    elif len(paths) == 1:
        label = paths[0].name
    else:
        label = f"{len(paths)} files"
    key = index_cache.cache_key(sources, CACHE_FROM_BYTES) if use_cache else None
    cached = index_cache.load(key) if key else None
    if cached is not None:
        papers, warnings, data = cached
        report_errors: list[str] = []
    else:
        report = load_sources(sources)
        if not report.papers and in_library:  # an empty library file never stops the app
            fallback = load_sources([bundled_sample()])
            fallback.warnings[:0] = [
                f"the library ({plural(len(in_library), 'file')}) has no papers yet; "
                "showing the bundled sample",
                *report.warnings,
                *report.errors,
            ]
            report, label, key = fallback, f"Bundled sample: {bundled_sample().name}", None
        papers, warnings, data = report.papers, report.warnings + report.errors, None
        report_errors = report.errors
    if not paths:
        papers, carried = _with_annotated(papers, store, include_sample=bool(in_library))
        if carried:
            warnings = [*warnings, carried]
    if not papers:
        raise LibraryError(report_errors[0] if report_errors else "no papers to show")
    if data is not None and len(papers) == len(cached[0] if cached else ()):
        from reader.core.search import SearchIndex

        library = Library(papers, store, label, warnings, cache_key=None, from_cache=True)
        library._index = SearchIndex(papers, data)
        library.index_progress = 1.0
        return library
    cache_it = key if key and not report_errors and data is None else None
    return Library(papers, store, label, warnings, cache_key=cache_it, from_cache=data is not None)


def _with_annotated(
    papers: list[Paper], store: AnnotationStore, *, include_sample: bool
) -> tuple[list[Paper], str]:
    """Add the annotated papers ``papers`` lack; return them and a line saying so (or "")."""
    from reader.core.annotated import keep_annotated, sample_papers

    everything, from_sample, rebuilt = keep_annotated(
        papers, store, sample_papers() if include_sample else ()
    )
    parts = []
    if from_sample:
        parts.append(f"{plural(from_sample, 'annotated paper')} of the bundled sample")
    if rebuilt:
        parts.append(f"{plural(rebuilt, 'annotated paper')} whose file is no longer loaded")
    line = f"Kept {' and '.join(parts)} in the list" if parts else ""
    # Said once, and again only when the numbers change: not a warning on every launch.
    from reader.core.state import load_state, remember

    if line and load_state().get("kept_annotated") != [from_sample, rebuilt]:
        remember("kept_annotated", [from_sample, rebuilt])
        return everything, line
    return everything, ""
