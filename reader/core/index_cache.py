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

FORMAT = 4
KEEP_ENTRIES = 4
ROOT_MARKER = ".reader-cache-root"
"""Written in a cache folder reader created: only there are entries ever made or removed."""
ENTRY_MARKER = ".reader-cache-entry"
"""Written in each entry (holding its key): only folders carrying it are ever deleted."""
OWN_SUBFOLDER = "reader-index-cache"
"""Used inside ``$READER_CACHE`` when that folder already holds other files."""


class _BadEntry(ValueError):
    """A cache entry whose contents do not hold together."""


def cache_root() -> Path:
    """Return the folder holding cache entries (``$READER_CACHE`` overrides it)."""
    override = os.environ.get("READER_CACHE")
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir("reader", appauthor=False)) / "index"


def _claim(folder: Path) -> bool:
    """Make ``folder`` reader's cache folder if it is missing or empty; True if it is ours."""
    if (folder / ROOT_MARKER).is_file():
        return True
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.iterdir()):
            return False  # someone else's folder: never write or delete there
        (folder / ROOT_MARKER).write_text("reader index cache\n", encoding="utf-8")
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


def _is_entry(folder: Path) -> bool:
    """Return True if ``folder`` is an entry this cache wrote (its marker names it)."""
    try:
        marker = (folder / ENTRY_MARKER).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return folder.is_dir() and not folder.is_symlink() and marker == folder.name


def _discard(folder: Path) -> None:
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

    root = own_root()
    if root is None:
        return
    with contextlib.suppress(OSError):
        temp = Path(tempfile.mkdtemp(dir=root, prefix=".building-"))
        try:
            (temp / ENTRY_MARKER).write_text(key, encoding="utf-8")
            with (temp / "papers.jsonl").open("wb") as handle:
                handle.write(orjson.dumps(warnings) + b"\n")
                for paper in papers:  # a line each: loading never holds the whole file
                    handle.write(orjson.dumps(_paper_row(paper)) + b"\n")
            (temp / "vocab.txt").write_text("\n".join(data.vocab), encoding="utf-8")
            (temp / "cased.txt").write_text("\n".join(data.cased_vocab), encoding="utf-8")
            for name in data.offsets:
                np.save(temp / f"offsets-{name}.npy", data.offsets[name])
                np.save(temp / f"docs-{name}.npy", data.docs[name])
            manifest = {
                "papers": len(papers),
                "vocab": len(data.vocab),
                "cased": len(data.cased_vocab),
                "fields": sorted(data.offsets),
            }
            (temp / "manifest.json").write_bytes(orjson.dumps(manifest))
            target = root / key
            if target.exists():
                if not _is_entry(target):
                    return  # not ours: leave it alone, cache nothing
                shutil.rmtree(target, ignore_errors=True)
            temp.rename(target)
        finally:
            shutil.rmtree(temp, ignore_errors=True)
        _evict(root)


def _evict(root: Path) -> None:
    """Keep the KEEP_ENTRIES most recently used entries; only entries this cache wrote."""
    entries = sorted(
        (entry for entry in root.iterdir() if not entry.name.startswith(".") and _is_entry(entry)),
        key=lambda entry: entry.stat().st_mtime,
        reverse=True,
    )
    for old in entries[KEEP_ENTRIES:]:
        _discard(old)


_TEXT = ("id", "title", "abstract", "source", "title_key")
_OPTIONAL_TEXT = ("listing_date", "arxiv_id", "date", "doi", "journal_ref", "update_date")
_OPTIONAL_INT = ("upvotes", "comments")
_TEXTS = ("authors", "keywords", "listing_dates", "sources")
_AT = {name: PAPER_FIELDS.index(name) for name in PAPER_FIELDS}
_TEXT_AT = tuple(_AT[name] for name in _TEXT)
_OPTIONAL_TEXT_AT = tuple(_AT[name] for name in _OPTIONAL_TEXT)
_OPTIONAL_INT_AT = tuple(_AT[name] for name in _OPTIONAL_INT)
_TEXTS_AT = tuple(_AT[name] for name in _TEXTS)
_LINKS_AT = _AT["links"]


def _check_row(row: object) -> list[Any]:
    """Return ``row`` if it is a paper row of this format's shape, else raise _BadEntry."""
    if type(row) is not list or len(row) != len(PAPER_FIELDS):
        raise _BadEntry("paper row of the wrong length")
    for at in _TEXT_AT:
        if type(row[at]) is not str:
            raise _BadEntry(f"{PAPER_FIELDS[at]} is not text")
    for at in _OPTIONAL_TEXT_AT:
        if row[at] is not None and type(row[at]) is not str:
            raise _BadEntry(f"{PAPER_FIELDS[at]} is not text")
    for at in _OPTIONAL_INT_AT:
        if row[at] is not None and type(row[at]) is not int:
            raise _BadEntry(f"{PAPER_FIELDS[at]} is not a number")
    for at in _TEXTS_AT:
        items = row[at]
        if type(items) is not list or not all(type(item) is str for item in items):
            raise _BadEntry(f"{PAPER_FIELDS[at]} is not a list of text")
    links = row[_LINKS_AT]
    if type(links) is not list or not all(
        type(link) is list and len(link) == 2 and type(link[0]) is str and type(link[1]) is str
        for link in links
    ):
        raise _BadEntry("links are not (label, url) pairs")
    return row


def _check_postings(offsets: Any, docs: Any, words: int, papers: int) -> None:
    """Raise _BadEntry unless these are CSR arrays over ``words`` words and ``papers`` papers."""
    import numpy as np

    for array in (offsets, docs):
        if array.dtype != np.int32 or array.ndim != 1:
            raise _BadEntry("index arrays of the wrong type")
    if len(offsets) != words + 1 or (words >= 0 and len(offsets) and offsets[0] != 0):
        raise _BadEntry("index offsets do not match the vocabulary")
    if offsets[-1] != len(docs) or (len(offsets) > 1 and bool(np.any(np.diff(offsets) < 0))):
        raise _BadEntry("index offsets out of order")
    if len(docs) and (int(docs.min()) < 0 or int(docs.max()) >= papers):
        raise _BadEntry("index refers to papers that do not exist")


def load(key: str) -> tuple[list[Paper], list[str], IndexData] | None:
    """Return (papers, warnings, index data) for ``key``, or None if absent or unusable.

    Everything loaded is checked (paper fields, counts, array types and ranges); a
    damaged entry is discarded, so the caller rebuilds it.
    """
    root = own_root()
    if root is None or not _is_entry(root / key):
        return None
    entry = root / key
    try:
        return _load_entry(entry)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        _discard(entry)
        return None


def _load_entry(entry: Path) -> tuple[list[Paper], list[str], IndexData]:
    import numpy as np

    from reader.core.index_build import CASED_FIELD, FOLDED_FIELDS, IndexData

    manifest = orjson.loads((entry / "manifest.json").read_bytes())
    if not isinstance(manifest, dict):
        raise _BadEntry("manifest is not an object")
    with (entry / "papers.jsonl").open("rb") as handle:
        warnings = orjson.loads(handle.readline())
        if not isinstance(warnings, list):
            raise _BadEntry("warnings are not a list")
        papers = [_paper_from_row(_check_row(orjson.loads(line))) for line in handle]
    if len(papers) != manifest["papers"]:
        raise _BadEntry("papers.jsonl was cut")
    vocab_text = (entry / "vocab.txt").read_text(encoding="utf-8")
    cased_text = (entry / "cased.txt").read_text(encoding="utf-8")
    vocab = vocab_text.split("\n") if vocab_text else []
    cased = cased_text.split("\n") if cased_text else []
    if len(vocab) != manifest["vocab"] or len(cased) != manifest["cased"]:
        raise _BadEntry("vocabulary was cut")
    offsets = {}
    docs = {}
    for name in (*FOLDED_FIELDS, CASED_FIELD):
        offsets[name] = np.load(entry / f"offsets-{name}.npy", mmap_mode="r", allow_pickle=False)
        docs[name] = np.load(entry / f"docs-{name}.npy", mmap_mode="r", allow_pickle=False)
        words = len(cased) if name == CASED_FIELD else len(vocab)
        _check_postings(offsets[name], docs[name], words, len(papers))
    os.utime(entry)  # most recently used
    return papers, [str(w) for w in warnings], IndexData(vocab, cased, offsets, docs)
