"""Keep the library's search index current when files are imported or fetched.

``reader import`` and ``reader fetch`` call ``index_library`` after adding files: when
the library's previous index is on disk, the new files' papers are added to it (a paper
already there, now with another source, is replaced in place); otherwise the whole
library is indexed now, so the next launch opens it at once.  Papers stream from the
files into the index (``LibraryBuilder``): a huge file is never held in memory, and an
interrupted build continues where its last commit left it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core import index_cache
from reader.core.formats.common import Parsed, SourceError
from reader.core.index_build import HEAP_BYTES, WRITER_THREADS, LibraryBuilder, Mismatch
from reader.core.sources import PaperStream, file_notes

if TYPE_CHECKING:
    from reader.core.models import Paper
    from reader.core.search.engine import SearchEngine

Progress = Callable[[int, int], None]
"""Called with (papers read, papers to read: estimated from the bytes read so far)."""


@dataclass(frozen=True, slots=True)
class IndexUpdate:
    """What ``index_library`` did."""

    added: int
    updated: int
    total: int
    incremental: bool


def _min_bytes() -> int:
    from reader.core import library

    return library.CACHE_FROM_BYTES


class _Failed(Exception):
    """A file of a build turned out unusable (its SourceError and path)."""

    def __init__(self, path: Path, error: SourceError) -> None:
        super().__init__(str(error))  # pragma: no mutate (never shown: error is re-raised)
        self.path = path
        self.error = error


class _Feed:
    """One file's papers for a build: already parsed, or a stream read as it goes."""

    def __init__(self, path: Path, source: Parsed | PaperStream | None) -> None:
        self.path = path
        self.source = source if source is not None else PaperStream(path)
        self.read = 0  # pragma: no mutate (step sets it before done reads it)

    def papers(self) -> Iterable[Paper]:
        return self.source.papers if isinstance(self.source, Parsed) else self.source

    def weight(self) -> int:
        source = self.source
        if isinstance(source, Parsed):
            return len(source.papers)
        return max(1, source.size)  # pragma: no mutate (a file opens only if it has text)

    def done(self) -> float:
        """How much of the file has been read, 0..1."""
        source = self.source
        if isinstance(source, Parsed):
            return self.read / max(1, len(source.papers))
        size = max(1, source.size)  # pragma: no mutate (as in weight)
        return min(1.0, source.consumed / size)

    def notes(self) -> list[str]:
        source = self.source
        if isinstance(source, Parsed):
            return file_notes(self.path, len(source.papers), source.problems, source.warning)
        return source.notes()


def _run(
    builder: LibraryBuilder,
    engine: SearchEngine,
    feeds: list[_Feed],
    progress: Progress | None,
) -> list[str]:
    """Stream every feed through ``builder``; return the files' warnings."""
    total_weight = max(1, sum(feed.weight() for feed in feeds))
    finished = 0.0
    done_before = 0
    notes: list[str] = []
    with engine.batch(HEAP_BYTES, WRITER_THREADS) as batch:
        for feed in feeds:

            def step(
                read: int, feed: _Feed = feed, before: int = done_before, whole: float = finished
            ) -> None:
                feed.read = read
                if progress is None:
                    return
                done = before + read
                fraction = (whole + feed.weight() * feed.done()) / total_weight
                progress(done, max(done, round(done / fraction)) if fraction > 0 else done)

            try:
                done_before += builder.add_all(batch, feed.papers(), step)
            except SourceError as error:
                raise _Failed(feed.path, error) from None
            finished += feed.weight()
            notes += feed.notes()
        builder.finish(batch)
    return notes


def index_library(
    before: list[Path],
    after: list[Path],
    progress: Progress | None = None,
    parsed: Mapping[Path, Parsed | PaperStream] | None = None,
) -> IndexUpdate | None:
    """Bring the index of the library ``after`` up to date; ``before`` were its files.

    ``parsed`` holds files already parsed or opened (just imported), by their path in the
    library.  A SourceError from one of those (a file unusable part-way) discards the
    unfinished index and is raised; a file of ``before`` that cannot be read means no
    index is kept (None), as for a library too small to keep an index on disk (it
    indexes in memory at launch in milliseconds).
    """
    from reader.core.search.engine import SearchEngine

    new_key = index_cache.cache_key(after, _min_bytes())
    if new_key is None or index_cache.load(new_key) is not None:
        return None
    known = parsed or {}
    # Equivalent without the guard or the threshold: no entry of fewer bytes was kept.
    old_key = index_cache.cache_key(before, _min_bytes()) if before else None  # pragma: no mutate
    cached = index_cache.load(old_key) if old_key else None
    engine: list[SearchEngine] = []  # the one opened, closed on failure
    try:
        if cached is not None and old_key is not None and index_cache.move_entry(old_key, new_key):
            old, warnings = cached
            feeds = [_Feed(path, known.get(path)) for path in after if path not in before]
            engine.append(SearchEngine(index_cache.index_dir(new_key)))
            if not engine[0].stores_papers():  # built by a launch, reading the list: an
                # import may grow the library past LAZY_FROM, whose next launch reads papers
                # from the index, so it is built again with them (a small library: seconds).
                engine[0].close()
                return _full_build(after, new_key, progress, known, engine)
            # The annotated papers a launch indexed after the files' ones (set_tail) would
            # share positions with the papers added now: they go, and the next launch
            # indexes them again after the new ones.
            engine[0].set_tail(len(old), ())
            builder = LibraryBuilder(engine[0], old)
            notes = _run(builder, engine[0], feeds, progress)
            engine[0].close()
            builder.save(new_key, warnings + notes)
            return IndexUpdate(builder.added, builder.updated, builder.count, True)
        return _full_build(after, new_key, progress, known, engine)
    except (SourceError, _Failed) as error:
        for opened in engine:
            opened.close()
        index_cache.discard(new_key)  # built from a file that turned out unusable
        if isinstance(error, _Failed) and error.path in known:
            raise error.error from None
        return None


def _full_build(
    paths: list[Path],
    key: str,
    progress: Progress | None,
    known: Mapping[Path, Parsed | PaperStream],
    opened: list[SearchEngine],
) -> IndexUpdate | None:
    from reader.core.search.engine import SearchEngine

    path = index_cache.index_dir(key)
    if path is None:
        return None
    feeds = [_Feed(file, known.get(file)) for file in paths]
    engine = SearchEngine(path)
    opened.append(engine)
    start = engine.indexed_count()
    try:
        builder = LibraryBuilder(engine, skip=start)
        notes = _run(builder, engine, feeds, progress)
    except Mismatch:  # the committed documents are another list: start again
        engine.close()  # uncommitted writes dropped, the writer's lock released
        engine = SearchEngine.fresh(path)
        opened.append(engine)
        start = 0
        builder = LibraryBuilder(engine)
        notes = _run(builder, engine, feeds, progress)
    engine.close()
    builder.save(key, notes)
    return IndexUpdate(builder.count - start, 0, builder.count, False)


@dataclass(frozen=True, slots=True)
class Imported:
    """What ``import_and_index`` did: each file's copy and papers, and the index update."""

    files: list[tuple[Path, Path, int]]
    """(file, its copy in the library, papers)."""
    update: IndexUpdate | None
    busy: bool
    """Another reader held the index: the new papers are indexed at its next launch."""
    notes: list[str]
    """Each file's encoding warning and skipped records (``loaded N, skipped M from F``)."""


def import_and_index(
    paths: list[Path], progress: Progress | None = None, folder: Path | None = None
) -> Imported:
    """Copy files into the library and index their papers as they are read (one pass).

    Each file is sniffed first (SourceError at once for a missing, binary or empty one),
    then copied, then streamed into the library's index.  If a file turns out unusable
    part-way, the copies this call made are removed and SourceError is raised: nothing
    is imported.  Killed part-way, the copies stay and the index keeps its committed
    papers: the next ``reader import`` or launch continues the build.
    """
    from reader.core.library_folder import (
        check_exported_annotations,
        copy_into,
        library_dir,
        library_files,
    )
    from reader.core.search.engine import IndexBusy

    folder = folder or library_dir()
    streams = [PaperStream(path) for path in paths]
    for path in paths:
        check_exported_annotations(path)
    before = library_files(folder)
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    copies: list[Path] = []
    known: dict[Path, PaperStream] = {}
    busy = False
    update = None
    try:
        for path, stream in zip(paths, streams, strict=True):  # pragma: no mutate (one length)
            copy, new = copy_into(path, folder)
            copies.append(copy)
            known[copy] = stream
            if new:
                made.append(copy)
        try:
            update = index_library(before, library_files(folder), progress, known)
        except IndexBusy:
            busy = True
        counts = [stream.check() for stream in streams]  # files the index did not read
    except SourceError:
        for copy in made:  # this call made them: nothing imported
            copy.unlink(missing_ok=True)
        raise
    files = list(zip(paths, copies, counts, strict=True))  # pragma: no mutate (one length)
    return Imported(files, update, busy, [note for stream in streams for note in stream.notes()])
