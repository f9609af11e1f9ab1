"""An on-disk cache of parsed papers and their search index, keyed by the source files.

The key is a hash of each source's path, size and modification time (plus this code's
cache format), so a cache entry is used only for exactly the files it was built from.
An entry is a folder holding ``index/`` (the tantivy index, committed in segments while
it is built, so an interrupted build resumes), then, once the build finished, the papers
(``papers.jsonl``, or for a huge library the list's columns, see PaperTable) and
``done.json``, which marks the entry finished.

Safety: the cache writes only in a folder it created (marked with ROOT_MARKER; inside
``$READER_CACHE`` if that is empty, else in a subfolder of its own), each entry carries
ENTRY_MARKER naming it, and only such folders are ever deleted (``_discard``).
Everything loaded is checked; a damaged entry is discarded and rebuilt.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson
import platformdirs

from reader import __version__
from reader.core.codecs import paper_from_row, paper_to_row
from reader.core.models import Paper
from reader.core.paths import APP_NAME

FORMAT = 7  # 7: the index's cased field (smart case); 6: PaperTable dates at their precision
KEEP_ENTRIES = 4
ROOT_MARKER = ".reader-cache-root"
"""Written in a cache folder reader created: only there are entries ever made or removed."""
_ROOT_TEXT = b"reader index cache\n"
"""What ROOT_MARKER says to someone who opens it (only its presence counts)."""
ENTRY_MARKER = ".reader-cache-entry"
"""Written in each entry (holding its key): only folders carrying it are ever deleted."""
OWN_SUBFOLDER = "reader-index-cache"
"""Used inside ``$READER_CACHE`` when that folder already holds other files."""
LAZY_FROM = 50_000
"""From this many papers an entry keeps only the list's columns (see PaperTable), so a
cached launch maps them instead of reading every paper; the rest of a paper is read from
the index's document store when shown."""


class _BadEntry(ValueError):
    """A cache entry whose contents do not hold together."""


def cache_root() -> Path:
    """Return the folder holding cache entries (``$READER_CACHE`` overrides it)."""
    override = os.environ.get("READER_CACHE")
    if override:
        return Path(override)
    # appauthor only matters on Windows: no test on Linux can tell False from None.
    base = platformdirs.user_cache_dir(APP_NAME, appauthor=False)  # pragma: no mutate
    return Path(base) / "index"


def _claim(folder: Path) -> bool:
    """Make ``folder`` reader's cache folder if it is missing or empty; True if it is ours."""
    if (folder / ROOT_MARKER).is_file():
        return True
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.iterdir()):
            return False  # someone else's folder: never write or delete there
        (folder / ROOT_MARKER).write_bytes(_ROOT_TEXT)
    except OSError:
        return False
    return True


def own_root() -> Path | None:
    """Return the folder reader keeps entries in, one it created; None if there is none.

    ``$READER_CACHE`` may name a folder that holds other people's files: then the cache
    lives in a subfolder it creates, and nothing outside it is ever touched.
    """
    base = cache_root()
    if _claim(base):
        return base
    sub = base / OWN_SUBFOLDER
    return sub if _claim(sub) else None


def _mark(folder: Path, key: str) -> None:
    """Mark ``folder`` as entry ``key`` (the marker holds the folder's name, as bytes)."""
    (folder / ENTRY_MARKER).write_bytes(os.fsencode(key))


def _is_entry(folder: Path) -> bool:
    """Return True if ``folder`` is an entry this cache wrote (its marker names it)."""
    try:
        marker = (folder / ENTRY_MARKER).read_bytes().strip()  # bytes: any content is safe
    except OSError:
        return False
    return folder.is_dir() and not folder.is_symlink() and marker == os.fsencode(folder.name)


def _discard(folder: Path) -> None:
    """Delete ``folder`` if, and only if, it is an entry this cache wrote."""
    if _is_entry(folder):
        shutil.rmtree(folder, ignore_errors=True)


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
    import hashlib  # here: a start below min_bytes (most) never pays its import

    return hashlib.sha256(orjson.dumps(parts)).hexdigest()[:32]


def entry_dir(key: str) -> Path | None:
    """Return the folder of entry ``key``, made (and marked) if new; None if unusable."""
    root = own_root()
    if root is None:
        return None
    entry = root / key
    try:
        if not entry.exists():
            entry.mkdir()
            _mark(entry, key)
    except OSError:
        return None
    return entry if _is_entry(entry) else None


def index_dir(key: str) -> Path | None:
    """Return where entry ``key`` keeps its search index (created if new)."""
    entry = entry_dir(key)
    return entry / "index" if entry is not None else None


def discard(key: str) -> None:
    """Forget entry ``key`` (its index turned out damaged): it is built again."""
    root = own_root()
    if root is not None:
        _discard(root / key)


def move_entry(old: str, new: str) -> bool:
    """Re-key entry ``old`` as ``new`` (the library gained files); return success.

    Its papers are dropped first, so until ``save`` the entry counts as unfinished.
    """
    root = own_root()
    if root is None or not _is_entry(root / old) or (root / new).exists():
        return False
    source, target = root / old, root / new
    try:
        (source / "done.json").unlink(missing_ok=True)
        _mark(source, new)
        source.rename(target)
    except OSError:
        return False
    return True


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
        _finish(entry, kind, len(papers), warnings)


def save_columns(
    key: str,
    texts: dict[str, list[str]],
    dates: Sequence[int],
    upvotes: Sequence[int],
    warnings: list[str],
) -> None:
    """Write a huge entry's list columns given as values (an import streamed its papers)."""
    entry = entry_dir(key)
    if entry is None:
        return
    from reader.core.paper_table import write_column_values

    with contextlib.suppress(OSError):
        write_column_values(entry / "columns", texts, dates, upvotes)
        _finish(entry, "columns", len(dates), warnings)


def _finish(entry: Path, kind: str, count: int, warnings: list[str]) -> None:
    done = {"kind": kind, "papers": count, "warnings": warnings}
    _replace(entry / "done.json", orjson.dumps(done))
    if kind == "columns":  # the library grew past LAZY_FROM: its rows are no longer read
        (entry / "papers.jsonl").unlink(missing_ok=True)  # written by _write_rows, here
    _evict(entry.parent, keep=entry)


def _write_rows(entry: Path, papers: Iterable[Paper]) -> None:
    # The temp file's name is never read: it is renamed into place, or removed.
    handle, temp = tempfile.mkstemp(dir=entry, prefix=".papers-")  # pragma: no mutate
    try:
        with os.fdopen(handle, "wb") as out:
            for paper in papers:  # a line each: loading never holds the whole file
                out.write(orjson.dumps(paper_to_row(paper)) + b"\n")
        os.replace(temp, entry / "papers.jsonl")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _replace(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def _evict(root: Path, keep: Path) -> None:
    """Keep the KEEP_ENTRIES most recently used entries; only entries this cache wrote."""
    entries = sorted(
        (entry for entry in root.iterdir() if entry != keep and _is_entry(entry)),
        key=lambda entry: entry.stat().st_mtime,
        reverse=True,
    )
    for old in entries[KEEP_ENTRIES - 1 :]:
        _discard(old)


_SEGMENT_FILES = ("fast", "fieldnorm", "idx", "pos", "store", "term")


def _indexed(index: Path) -> int:
    """Return how many documents tantivy's ``meta.json`` lists, checking their files exist.

    Read without tantivy (which loads in the search worker); raises _BadEntry if the
    index cannot be whole.
    """
    meta = orjson.loads((index / "meta.json").read_bytes())
    segments = meta.get("segments") if isinstance(meta, dict) else None
    if not isinstance(segments, list):
        raise _BadEntry("index without segments")
    count = 0
    for segment in segments:
        name = str(segment["segment_id"]).replace("-", "")
        if not all((index / f"{name}.{kind}").is_file() for kind in _SEGMENT_FILES):
            raise _BadEntry("index segment files are missing")
        deletes = segment.get("deletes") or {}
        count += int(segment["max_doc"]) - int(deletes.get("num_deleted_docs", 0))
    return count


def load(key: str) -> tuple[Sequence[Paper], list[str]] | None:
    """Return (papers, warnings) of a finished entry, or None if absent or unusable.

    Everything loaded is checked (paper fields, counts, column arrays); a damaged entry
    is discarded, so the caller rebuilds it.  Papers of a large entry come as a
    PaperTable: the library sets where it reads whole papers from (its index).  The
    index itself is checked when opened (see Library.build_index).
    """
    root = own_root()
    if root is None or not _is_entry(root / key):
        return None
    entry = root / key
    if not (entry / "done.json").is_file():
        return None  # still being built (or interrupted): the build resumes
    try:
        return _load_entry(entry)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        _discard(entry)
        return None


def _load_entry(entry: Path) -> tuple[Sequence[Paper], list[str]]:
    done = orjson.loads((entry / "done.json").read_bytes())
    if not isinstance(done, dict) or type(done.get("papers")) is not int:
        raise _BadEntry("done.json is not an entry's summary")
    warnings = done["warnings"]
    if not isinstance(warnings, list) or not all(type(w) is str for w in warnings):
        raise _BadEntry("warnings are not a list of text")
    papers: Sequence[Paper]
    if done["kind"] == "columns":
        from reader.core.paper_table import PaperTable

        papers = PaperTable(entry / "columns")  # checks its arrays
    elif done["kind"] == "rows":
        with (entry / "papers.jsonl").open("rb") as handle:
            # Paper checks every field's type (TypeError, ValueError: the entry is discarded).
            papers = [paper_from_row(orjson.loads(line)) for line in handle]
    else:
        raise _BadEntry("unknown kind of entry")
    if len(papers) != done["papers"]:
        raise _BadEntry("the papers were cut")
    if _indexed(entry / "index") < len(papers):
        raise _BadEntry("the index lacks papers")
    os.utime(entry)  # most recently used
    return papers, warnings
