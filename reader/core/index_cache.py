"""An on-disk cache of parsed papers and their search index, keyed by the source files.

The key is a hash of each source's path, size and modification time (plus this code's
cache format), so a cache entry is used only for exactly the files it was built from.
Arrays are stored as ``.npy`` files and memory-mapped on load, so a cached launch of
10^5 papers reads papers and vocabulary and maps the rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
import platformdirs

from reader import __version__
from reader.core.models import PAPER_FIELDS, Paper

if TYPE_CHECKING:
    from reader.core.index_build import IndexData

FORMAT = 3
KEEP_ENTRIES = 4


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


def save(key: str, papers: Sequence[Paper], warnings: list[str], data: IndexData) -> None:
    """Write an entry atomically (a folder renamed into place); errors are ignored."""
    import numpy as np

    root = cache_root()
    with contextlib.suppress(OSError):
        root.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(dir=root, prefix=".building-"))
        try:
            with (temp / "papers.jsonl").open("wb") as handle:
                handle.write(orjson.dumps(warnings) + b"\n")
                for paper in papers:  # a line each: loading never holds the whole file
                    handle.write(orjson.dumps(_paper_row(paper)) + b"\n")
            (temp / "vocab.txt").write_text("\n".join(data.vocab), encoding="utf-8")
            (temp / "cased.txt").write_text("\n".join(data.cased_vocab), encoding="utf-8")
            for name in data.offsets:
                np.save(temp / f"offsets-{name}.npy", data.offsets[name])
                np.save(temp / f"docs-{name}.npy", data.docs[name])
            target = root / key
            if target.exists():
                shutil.rmtree(target, ignore_errors=True)
            temp.rename(target)
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        _evict(root)


def _evict(root: Path) -> None:
    entries = sorted(
        (entry for entry in root.iterdir() if entry.is_dir() and not entry.name.startswith(".")),
        key=lambda entry: entry.stat().st_mtime,
        reverse=True,
    )
    for old in entries[KEEP_ENTRIES:]:
        shutil.rmtree(old, ignore_errors=True)


def load(key: str) -> tuple[list[Paper], list[str], IndexData] | None:
    """Return (papers, warnings, index data) for ``key``, or None if absent or unreadable."""
    import numpy as np

    from reader.core.index_build import IndexData

    entry = cache_root() / key
    try:
        with (entry / "papers.jsonl").open("rb") as handle:
            warnings = orjson.loads(handle.readline())
            papers = [_paper_from_row(orjson.loads(line)) for line in handle]
        vocab_text = (entry / "vocab.txt").read_text(encoding="utf-8")
        cased_text = (entry / "cased.txt").read_text(encoding="utf-8")
        offsets = {}
        docs = {}
        for path in entry.glob("offsets-*.npy"):
            name = path.stem.removeprefix("offsets-")
            offsets[name] = np.load(path, mmap_mode="r")
            docs[name] = np.load(entry / f"docs-{name}.npy", mmap_mode="r")
        os.utime(entry)  # most recently used
    except (OSError, ValueError, KeyError, TypeError):
        return None
    vocab = vocab_text.split("\n") if vocab_text else []
    cased = cased_text.split("\n") if cased_text else []
    return papers, [str(w) for w in warnings], IndexData(vocab, cased, offsets, docs)
