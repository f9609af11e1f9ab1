"""Keep the library's search index current when files are imported or fetched.

``reader import`` and ``reader fetch`` call ``index_library`` after adding files: when
the library's previous index is on disk, the new files' papers are added to it (a paper
already there, now with another source, is replaced in place); otherwise the whole
library is indexed now, so the next launch opens it at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reader.core import index_cache
from reader.core.formats.common import Parsed
from reader.core.merge import PaperMerger
from reader.core.models import Paper
from reader.core.sources import load_sources

Progress = Callable[[int, int], None]
"""Called with (papers indexed, papers to index)."""


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


def index_library(
    before: list[Path],
    after: list[Path],
    progress: Progress | None = None,
    parsed: Mapping[Path, Parsed] | None = None,
) -> IndexUpdate | None:
    """Bring the index of the library ``after`` up to date; ``before`` were its files.

    ``parsed`` holds files already parsed (just imported), which are not read again.

    None if the library is too small to keep an index on disk (it indexes in memory
    at launch in milliseconds) or its files cannot be read.
    """
    from reader.core.search.engine import SearchEngine

    new_key = index_cache.cache_key(after, _min_bytes())
    if new_key is None or index_cache.load(new_key) is not None:
        return None
    old_key = index_cache.cache_key(before, _min_bytes()) if before else None
    cached = index_cache.load(old_key) if old_key else None
    if cached is not None and old_key is not None and index_cache.move_entry(old_key, new_key):
        old, warnings = cached
        added_files = [path for path in after if path not in before]
        report = load_sources(added_files, parsed)
        merger = PaperMerger()
        merger.add_all(old)
        merger.add_all(report.papers)
        papers = merger.papers()
        changed = [
            (number, paper)
            for number, paper in enumerate(papers[: len(old)])
            if paper != old[number]
        ]
        fresh = list(enumerate(papers))[len(old) :]
        path = index_cache.index_dir(new_key)
        engine = SearchEngine(path)
        total = len(changed) + len(fresh)

        def step(done: int) -> None:
            if progress:
                progress(done, total)

        engine.add(changed, step, replace=True)
        engine.add(fresh, lambda done: step(len(changed) + done))
        engine.close()
        index_cache.save(new_key, papers, warnings + report.warnings + report.errors)
        return IndexUpdate(len(fresh), len(changed), len(papers), True)
    return _full_build(after, new_key, progress, parsed)


def _full_build(
    paths: list[Path], key: str, progress: Progress | None, parsed: Mapping[Path, Parsed] | None
) -> IndexUpdate | None:
    from reader.core.search.engine import SearchEngine

    report = load_sources(paths, parsed)
    if not report.papers or report.errors:
        return None
    papers: list[Paper] = report.papers
    path = index_cache.index_dir(key)
    if path is None:
        return None
    engine = SearchEngine(path)
    start = engine.indexed_count()
    if start and not engine.holds(start, papers):
        engine = SearchEngine.fresh(path)
        start = 0

    def step(done: int) -> None:
        if progress:
            progress(start + done, len(papers))

    engine.add(((n, papers[n]) for n in range(start, len(papers))), step)
    engine.close()
    index_cache.save(key, papers, report.warnings)
    return IndexUpdate(len(papers) - start, 0, len(papers), False)
