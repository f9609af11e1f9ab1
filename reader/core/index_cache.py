"""An on-disk cache of parsed papers and their search index, keyed by the source files.

The key is a hash of each source's path, size and modification time (plus this code's
cache format), so a cache entry is used only for exactly the files it was built from.
An entry is a folder holding ``index/`` (the tantivy index, committed in segments while
it is built, so an interrupted build resumes) and, once the build finished,
``papers.jsonl`` (the parsed papers: a later launch skips parsing).  Every entry holds a
marker file saying the cache made it; only such folders are ever deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson
import platformdirs

from reader import __version__
from reader.core.models import PAPER_FIELDS, Paper

FORMAT = 5
KEEP_ENTRIES = 4
MARKER = ".reader-cache-entry"
"""Written first into every entry: the cache deletes only folders that carry it."""


def cache_root() -> Path:
    """Return the folder holding cache entries (``$READER_CACHE`` overrides it)."""
    override = os.environ.get("READER_CACHE")
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir("reader", appauthor=False)) / "index"


def cache_key(paths: Sequence[Path], min_bytes: int = 0) -> str | None:
    """Return the cache key for these source files.

    None if one cannot be read, or if together they are smaller than ``min_bytes``
    (small libraries parse faster than a cache loads).
    """
    parts: list[Any] = [FORMAT, __version__]
    total = 0
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            return None
        total += stat.st_size
        parts.append([str(path.resolve()), stat.st_size, stat.st_mtime_ns])
    if total < min_bytes:
        return None
    return hashlib.sha256(orjson.dumps(parts)).hexdigest()[:32]


def _paper_row(paper: Paper) -> list[Any]:
    return [getattr(paper, name) for name in PAPER_FIELDS]


def _paper_from_row(row: list[Any]) -> Paper:
    values = dict(zip(PAPER_FIELDS, row, strict=True))
    values["authors"] = tuple(values["authors"])
    values["links"] = tuple(tuple(link) for link in values["links"])
    for name in ("keywords", "listing_dates", "sources"):
        values[name] = tuple(values[name])
    return Paper(**values)


def _is_ours(entry: Path) -> bool:
    return entry.is_dir() and not entry.is_symlink() and (entry / MARKER).is_file()


def remove_entry(entry: Path) -> None:
    """Delete a cache entry, but only one the cache itself created (it carries MARKER)."""
    if _is_ours(entry):
        shutil.rmtree(entry, ignore_errors=True)


def entry_dir(key: str) -> Path | None:
    """Return the folder of entry ``key``, made (and marked) if new; None if unusable."""
    entry = cache_root() / key
    try:
        if not entry.exists():
            entry.mkdir(parents=True)
            (entry / MARKER).write_bytes(b"")
    except OSError:
        return None
    return entry if _is_ours(entry) else None


def move_entry(old: str, new: str) -> bool:
    """Re-key entry ``old`` as ``new`` (the library gained files); return success.

    Its papers list is dropped first, so until ``save`` the entry counts as unfinished.
    """
    source, target = cache_root() / old, cache_root() / new
    if not _is_ours(source) or target.exists():
        return False
    try:
        (source / "done.json").unlink(missing_ok=True)
        source.rename(target)
    except OSError:
        return False
    return True


def index_dir(key: str) -> Path | None:
    """Return where entry ``key`` keeps its search index (created if new)."""
    entry = entry_dir(key)
    return entry / "index" if entry is not None else None


LAZY_FROM = 50_000
"""From this many papers an entry keeps only the list's columns (see PaperTable), so a
cached launch maps them instead of reading every paper; the rest of a paper is read from
the index's document store when shown."""


def save(key: str, papers: Sequence[Paper], warnings: list[str]) -> None:
    """Write the entry's papers, then ``done.json`` which marks it finished; errors ignored."""
    entry = entry_dir(key)
    if entry is None:
        return
    with contextlib.suppress(OSError):
        if len(papers) >= LAZY_FROM:
            from reader.core.paper_table import write_columns

            write_columns(entry / "columns", papers)
            kind = "columns"
        else:
            _write_rows(entry, papers)
            kind = "rows"
        _replace(entry / "done.json", orjson.dumps({"kind": kind, "warnings": warnings}))
        _evict(cache_root(), keep=entry)


def _write_rows(entry: Path, papers: Iterable[Paper]) -> None:
    handle, temp = tempfile.mkstemp(dir=entry, prefix=".papers-")
    try:
        with os.fdopen(handle, "wb") as out:
            for paper in papers:  # a line each: loading never holds the whole file
                out.write(orjson.dumps(_paper_row(paper)) + b"\n")
        os.replace(temp, entry / "papers.jsonl")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _replace(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def _evict(root: Path, keep: Path) -> None:
    entries = sorted(
        (entry for entry in root.iterdir() if entry != keep and _is_ours(entry)),
        key=lambda entry: entry.stat().st_mtime,
        reverse=True,
    )
    for old in entries[KEEP_ENTRIES - 1 :]:
        remove_entry(old)


def load(key: str) -> tuple[Sequence[Paper], list[str]] | None:
    """Return (papers, warnings) of a finished entry (its index is complete), or None.

    Papers of a large entry come as a PaperTable: the library sets where it reads whole
    papers from (its index's document store).
    """
    entry = cache_root() / key
    if not _is_ours(entry):
        return None
    try:
        done = orjson.loads((entry / "done.json").read_bytes())
        warnings = [str(warning) for warning in done["warnings"]]
        papers: Sequence[Paper]
        if done["kind"] == "columns":
            from reader.core.paper_table import PaperTable

            papers = PaperTable(entry / "columns")
        else:
            with (entry / "papers.jsonl").open("rb") as handle:
                papers = [_paper_from_row(orjson.loads(line)) for line in handle]
        if not (entry / "index" / "meta.json").is_file():
            return None
        os.utime(entry)  # most recently used
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return papers, warnings
