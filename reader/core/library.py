"""Library: the one API the UI uses, joining loaded papers, search and annotations."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from reader.core import index_cache
from reader.core.annotations import AnnotationStore, SavedView
from reader.core.changes import Change, ChangeFields, set_delta, tag_key
from reader.core.library_search import LibrarySearch
from reader.core.models import STATUS_CYCLE, Annotation, Paper, SortMode, Status
from reader.core.paths import MATCHES_NAME, bundled_sample
from reader.core.sources import load_sources
from reader.core.text import plural, strip_control

if TYPE_CHECKING:  # numpy and the engine load in the search worker, after the first paint
    from reader.core.applied import Applied
    from reader.core.config import Settings
    from reader.core.paper_table import PaperTable


CACHE_FROM_BYTES = 2_000_000
"""Sources of at least this size (about 1,000 papers) are cached on disk once indexed."""


class LibraryError(Exception):
    """The library cannot open at all; the message is one line for the user."""


_SHOWN = (
    "papers",
    "store",
    "label",
    "warnings",
    "sort",
    "status_cycle",
    "index_progress",
    "indexed",
    "cache_key",
    "from_cache",
    "from_files",
)
"""The fields ``repr`` shows, in order; the private ones after them are compared too."""
_COMPARED = (
    *_SHOWN,
    "_engine",
    "_ready",
    "_index_rate",
    "_tail_checked",
    "_index_lock",
    "_positions",
    "_static_ranks",
)


class Library(LibrarySearch):
    """Papers from the chosen sources, their annotations, and a search index over them.

    A plain class with the behaviour of the dataclass it was (``__init__``, ``__repr__``,
    ``__eq__``, unhashable): defining a dataclass compiles its methods before the first paint.
    """

    papers: Sequence[Paper]
    """A list, or for a huge cached library a PaperTable (titles here, the rest on demand)."""
    store: AnnotationStore
    label: str
    """What was opened, for the header (for example ``Bundled sample: trending-papers.txt``)."""
    warnings: list[str]
    sort: SortMode
    status_cycle: tuple[Status, ...]
    index_progress: float
    """How far the search index build has got, 0..1 (for the header)."""
    indexed: int
    """How many papers the index holds so far (for the header's rate and time left)."""
    cache_key: str | None
    """Key of the cache entry holding the index (None: the index lives in memory)."""
    from_cache: bool
    from_files: int | None
    """How many of ``papers`` come from the files (the cache keeps those); the rest are
    annotated papers listed from their annotation records (see reader.core.annotated)."""
    _index_lock: threading.RLock
    """Re-entrant: a huge library's papers are read from the index (fetch -> build_index),
    also while build_index itself holds the lock (re-indexing them in memory)."""

    __hash__ = None  # type: ignore[assignment]  # it changes: unhashable, as the dataclass

    def __init__(
        self,
        papers: Sequence[Paper],
        store: AnnotationStore,
        label: str,
        warnings: list[str] | None = None,
        sort: SortMode = SortMode.RELEVANCE,
        status_cycle: tuple[Status, ...] = STATUS_CYCLE,
        index_progress: float = 0.0,
        indexed: int = 0,
        cache_key: str | None = None,
        from_cache: bool = False,
        from_files: int | None = None,
    ) -> None:
        self.papers = papers
        self.store = store
        # File names reach the header and the warnings: they are text from outside too.
        self.label = strip_control(label)
        self.warnings = [strip_control(warning) for warning in warnings or ()]
        self.sort = sort
        self.status_cycle = status_cycle
        self.index_progress = index_progress
        self.indexed = indexed
        self.cache_key = cache_key
        self.from_cache = from_cache
        self.from_files = from_files
        self._engine = None
        self._ready = False
        self._index_rate = 0.0
        self._tail_checked = False
        self._index_lock = threading.RLock()
        self._positions = None
        self._static_ranks = {}
        if not isinstance(self.papers, list):  # a PaperTable: read whole papers from the index
            from reader.core.paper_table import PaperTable

            if isinstance(self.papers, PaperTable):
                self.papers.fetch = self._stored_paper
                self._engine = self.papers.engine

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _SHOWN)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return all(getattr(self, name) == getattr(other, name) for name in _COMPARED)
        return NotImplemented

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

    def change(self, paper: Paper, **fields: Unpack[ChangeFields]) -> Change:
        """Return a Change for ``paper`` carrying its title, so the record is readable."""
        return Change(paper.id, paper.title, paper.title_key, **fields)

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
        return self.apply(self.tags_change(paper, tags, start))

    def tags_change(self, paper: Paper, tags: tuple[str, ...], base: tuple[str, ...]) -> Change:
        """Return the delta that takes ``paper`` from the tags ``base`` to ``tags``."""
        added, removed = set_delta(base, tags, tag_key)
        return self.change(paper, add_tags=added, remove_tags=removed)

    def set_note(self, paper: Paper, note: str, base: str | None = None) -> Applied:
        """Save a paper's note edited from ``base`` (what the editor opened with).

        If another window changed the note meanwhile, both texts are kept (``conflict``).
        """
        return self.apply(self.change(paper, note=note, note_base=base))

    def tag_counts(self) -> Counter[str]:
        """Every tag in use, with counts."""
        return self.store.tag_counts()


def open_configured(
    paths: list[Path],
    settings: Settings,
    *,
    db: Path | None = None,
    read_only: bool = False,
) -> Library:
    """Open the library as the app and every subcommand do (the one opener).

    ``settings`` (config.toml) decide the database (after ``db``, the --db flag, and
    ``$READER_DB``), the sort and the status cycle, so ``reader stats`` and ``reader
    export`` count and order the papers the app shows.
    """
    library = open_library(paths, settings.database(db), read_only=read_only)
    library.sort = settings.default_sort
    library.status_cycle = settings.status_cycle
    return library


def open_library(
    paths: list[Path], db_path: Path, *, use_cache: bool = True, read_only: bool = False
) -> Library:
    """Load ``paths`` (the bundled sample if empty) and open the annotations database.

    Raises LibraryError if no file could be used or the database is unusable.  Files that
    fail while others load become warnings.  ``read_only`` (stats, export) never creates
    or backs up the database.
    """
    from reader.core.library_folder import library_files
    from reader.core.pending import apply_kept
    from reader.core.storage import DatabaseBusy, DatabaseError, DatabaseLocked

    in_library = [] if paths else library_files()
    sources = paths or in_library or [bundled_sample()]
    try:
        store = AnnotationStore.open(db_path, read_only=read_only)
    except DatabaseLocked as error:
        # At the start nothing was edited: "not saved" would alarm for nothing.
        reason = str(error).removesuffix("; not saved")
        raise LibraryError(
            f"{reason}; nothing was changed, start reader again in a moment"
        ) from None
    except DatabaseBusy as error:  # the lock file cannot be made: a read-only folder
        reason = str(error).removesuffix("; not saved")
        raise LibraryError(
            f"{reason}; nothing was changed: reader needs to write in "
            f"{db_path.parent} (reader stats, "
            "reader export read without writing)"
        ) from None
    except DatabaseError as error:
        from reader.core.recovery import describe_open_error  # not on a clean start's path

        raise LibraryError(describe_open_error(error, db_path)) from None
    kept = "" if read_only else apply_kept(store)  # changes a busy database made wait
    if in_library:
        label = f"Library: {len(in_library)} file{'s' if len(in_library) != 1 else ''}"
    elif not paths:
        label = f"Bundled sample: {sources[0].name}"
    elif len(paths) == 1:
        label = paths[0].name
    else:
        label = f"{len(paths)} files"
    matches = db_path.parent / MATCHES_NAME
    keyed = [*sources, matches] if matches.is_file() else sources
    key = index_cache.cache_key(keyed, CACHE_FROM_BYTES) if use_cache else None
    cached = _load_cached(key) if key else None
    if cached is not None:
        papers, warnings = cached
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
        papers, warnings = report.papers, report.warnings + report.errors
        report_errors = report.errors
        if report_errors and len(paths) > 1:  # the header counts the files that opened
            label = f"{len(paths) - len(report_errors)} of {len(paths)} files"
        # Stored arXiv matches merge in before indexing (and caching: resolved.json is
        # part of the cache key, so a new match gives a new entry).
        papers = _with_matches(papers, db_path.parent)
    if kept:
        warnings = [kept, *warnings]
    from_files = len(papers)
    if not paths:
        papers, carried = _with_annotated(papers, store, include_sample=bool(in_library))
        if carried:
            warnings = [*warnings, carried]
    if not papers:
        raise LibraryError(report_errors[0] if report_errors else "no papers to show")
    cache_it = key if key and not report_errors else None
    library = Library(papers, store, label, warnings, cache_key=cache_it, from_files=from_files)
    if cached is not None:
        library.from_cache = True
        library._ready = True  # the engine opens (memory-mapped) on the first query
        library.index_progress = 1.0
        library.indexed = len(papers)
    return library


def _load_cached(key: str) -> tuple[Sequence[Paper], list[str]] | None:
    """Return a finished cache entry's papers and warnings; a huge one opens its index."""
    from reader.core.paper_table import PaperTable

    cached = index_cache.load(key)
    if cached is None or not isinstance(cached[0], PaperTable):
        return cached
    from reader.core.search.engine import SearchEngine

    try:  # its papers live in the index: it must open now
        cached[0].engine = SearchEngine(index_cache.index_dir(key))
    except ValueError:  # damaged beyond what load() checks: parse the files again
        index_cache.discard(key)
        return None
    return cached


def _known_to(
    table: PaperTable, store: AnnotationStore, sample: Sequence[Paper]
) -> tuple[set[str], set[str]]:
    """Return which annotated or sample papers' ids and title keys ``table`` holds."""
    assert table.engine is not None
    ids = {*store.annotations, *(paper.id for paper in sample)}
    keys = {store.stored_paper(paper_id)[1] for paper_id in store.annotations}
    keys |= {paper.title_key for paper in sample}
    engine, size = table.engine, len(table)  # the files' papers (annotated ones follow)
    return (
        {paper_id for paper_id in ids if engine.has("pid", paper_id.casefold(), size)},
        {key for key in keys if key and engine.has("tkey", key, size)},
    )


def _with_matches(papers: list[Paper], data_dir: Path) -> list[Paper]:
    """Return the papers with their stored arXiv matches merged in."""
    if not (data_dir / MATCHES_NAME).is_file():  # before the import: most starts have none
        return papers
    from reader.core.resolve import ResolveStore

    store = ResolveStore(data_dir)
    taken = {paper.id for paper in papers}
    merged = []
    for paper in papers:
        found = store.apply(paper)
        # A match naming a paper already listed under its id is left out: no twins.
        merged.append(found if found.id not in taken else paper)
        taken.add(found.id)
    return merged


def _with_annotated(
    papers: Sequence[Paper], store: AnnotationStore, *, include_sample: bool
) -> tuple[Sequence[Paper], str]:
    """Add the annotated papers ``papers`` lack; return them and a line saying so (or "")."""
    from reader.core.annotated import keep_annotated, sample_papers
    from reader.core.paper_table import PaperTable

    sample = sample_papers() if include_sample else ()
    everything: Sequence[Paper]
    if isinstance(papers, PaperTable):  # ask its index, rather than read a million papers
        known = _known_to(papers, store, sample)
        extra, from_sample, rebuilt = keep_annotated([], store, sample, known)
        # Equivalent mutant (no mutate): extending a fresh table by no papers leaves it as is.
        everything = papers.extended(extra) if extra else papers  # pragma: no mutate
    else:
        everything, from_sample, rebuilt = keep_annotated(list(papers), store, sample)
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
