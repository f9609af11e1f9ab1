"""PaperTable: a huge library's papers without holding them all in memory.

The list needs each paper's id, title and the sort columns; those live in compact arrays
(UTF-8 blobs with offsets, numbers in numpy arrays, memory-mapped from the cache entry).
Everything else (abstract, authors, links, ...) is read from the search engine's document
store when a paper is shown, with a small cache for the rows on screen.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from reader.core.dates import date_parts
from reader.core.models import Paper, SortMode

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from reader.core.search.engine import SearchEngine

_KEEP = 512
COLUMNS = ("id", "title", "title_key")


class _Strings:
    """Strings stored as one UTF-8 blob and an offsets array."""

    def __init__(self, blob: Any, offsets: npt.NDArray[np.int64]) -> None:
        self.blob = blob
        self.offsets = offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, index: int) -> str:
        start, end = int(self.offsets[index]), int(self.offsets[index + 1])
        # Equivalent as "UTF-8" here and below: codec names ignore case.
        return bytes(self.blob[start:end]).decode("utf-8")  # pragma: no mutate

    def __iter__(self) -> Iterator[str]:
        blob = bytes(self.blob)
        offsets = self.offsets.tolist()
        for start, end in pairwise(offsets):
            yield blob[start:end].decode("utf-8")  # pragma: no mutate


_INT32_MAX = 2**31 - 1


def write_columns(folder: Path, papers: Sequence[Paper]) -> None:
    """Write the list's columns of ``papers`` into ``folder`` (made if needed)."""
    write_column_values(
        folder,
        {name: [str(getattr(paper, name)) for paper in papers] for name in COLUMNS},
        [date_number(paper) for paper in papers],
        [upvotes_value(paper) for paper in papers],
    )


def upvotes_value(paper: Paper) -> int:
    """Return the paper's upvotes as the upvotes column keeps them (-1: none)."""
    # Counts past int32 (a hostile file) rank with the largest rather than stop the cache.
    return -1 if paper.upvotes is None else min(paper.upvotes, _INT32_MAX)


def write_column_values(
    folder: Path, texts: dict[str, list[str]], dates: Sequence[int], upvotes: Sequence[int]
) -> None:
    """Write columns given as values: ``texts`` by name (COLUMNS), then the sort columns.

    ``reader import`` keeps only these values while it streams a huge file's papers.
    """
    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    for name in COLUMNS:
        # Equivalent as "UTF-8" (codec names ignore case).
        encoded = [text.encode("utf-8") for text in texts[name]]  # pragma: no mutate
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(item) for item in encoded], out=offsets[1:])
        (folder / f"{name}.bin").write_bytes(b"".join(encoded))
        np.save(folder / f"{name}.offsets.npy", offsets)
    np.save(folder / "date.npy", np.asarray(dates, dtype=np.int32))
    np.save(folder / "upvotes.npy", np.asarray(upvotes, dtype=np.int32))


def date_number(paper: Paper) -> int:
    """Return the paper's date as YYYYMMDD, an unknown month or day as 00; 0 when undated.

    Newest first by this number is dates.date_key's order: a year after its dated papers.
    """
    year, month, day = (*date_parts(paper), 0, 0, 0)[:3]
    return year * 10000 + month * 100 + day  # pragma: no mutate (other weights: same order)


def _mapped(path: Path) -> Any:
    """Memory-map a saved array (numpy refuses object arrays there: allow_pickle is moot)."""
    import numpy as np

    return np.load(path, mmap_mode="r", allow_pickle=False)  # pragma: no mutate


class PaperTable(Sequence[Paper]):
    """The papers of a cache entry: ids, titles and sort columns here, the rest on demand."""

    def __init__(self, folder: Path) -> None:
        import mmap

        self._strings: dict[str, _Strings] = {}
        for name in COLUMNS:
            offsets = _mapped(folder / f"{name}.offsets.npy")
            path = folder / f"{name}.bin"
            if path.stat().st_size:
                with path.open("rb") as handle:
                    blob: Any = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            else:
                blob = b""
            self._strings[name] = _Strings(blob, offsets)
        self.dates = _mapped(folder / "date.npy")
        self.upvotes = _mapped(folder / "upvotes.npy")
        self._size = len(self._strings["id"])
        self._check()
        self.fetch: Callable[[int], Paper | None] | None = None
        """Reads a whole paper from the document store (set by the library)."""
        self._recent: OrderedDict[int, Paper] = OrderedDict()
        self._extra: list[Paper] = []
        self.engine: SearchEngine | None = None  # pragma: no mutate (set by open_library)
        """The index the table's papers are stored in (set by open_library)."""

    @property
    def extra(self) -> list[Paper]:
        """The papers listed after the table's own (see ``extended``)."""
        return self._extra

    def extended(self, papers: Sequence[Paper]) -> PaperTable:
        """Return this table with ``papers`` listed after its own (kept in memory)."""
        self._extra = list(papers)
        return self

    def _check(self) -> None:
        """Raise ValueError unless the columns hold together (a damaged cache entry)."""
        import numpy as np

        for name, strings in self._strings.items():
            offsets = strings.offsets
            if offsets.dtype != np.int64 or offsets.ndim != 1 or len(offsets) != self._size + 1:
                raise ValueError(f"{name} offsets of the wrong shape")
            if len(offsets) and (offsets[0] != 0 or offsets[-1] != len(strings.blob)):
                raise ValueError(f"{name} offsets do not fit the text")
            if bool(np.any(np.diff(offsets) < 0)):
                raise ValueError(f"{name} offsets out of order")
        for array in (self.dates, self.upvotes):
            if array.dtype != np.int32 or array.shape != (self._size,):
                raise ValueError("sort columns of the wrong shape")

    def __len__(self) -> int:
        return self._size + len(self._extra)

    def rank(self, mode: SortMode) -> npt.NDArray[np.int32] | None:
        """Return each paper's rank in sort ``mode`` (as sorting.static_rank does)."""
        import numpy as np

        if mode is SortMode.DATE:  # newest first; undated (0) last, in library order
            keys = -self.dates.astype(np.int64)
        elif mode is SortMode.UPVOTES:  # most first; unknown last
            keys = -self.upvotes.astype(np.int64)  # pragma: no mutate
        elif mode is SortMode.TITLE:
            titles = [title.casefold() for title in self._strings["title"]]
            order = sorted(range(len(titles)), key=titles.__getitem__)
            ranks = np.empty(len(titles), dtype=np.int32)
            ranks[order] = np.arange(len(titles), dtype=np.int32)  # pragma: no mutate
            return ranks
        else:
            return None
        ranks = np.empty(len(keys), dtype=np.int32)
        # Equivalent: kind="STABLE" (numpy ignores case); arange's dtype (cast on store).
        positions = np.argsort(keys, kind="stable")  # pragma: no mutate
        ranks[positions] = np.arange(len(keys), dtype=np.int32)  # pragma: no mutate
        return ranks

    def column(self, name: str) -> _Strings:
        """Return the ``id``, ``title`` or ``title_key`` column."""
        return self._strings[name]

    def _paper(self, index: int) -> Paper:
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index >= self._size:
            return self._extra[index - self._size]
        paper = self._recent.get(index)
        if paper is not None:
            self._recent.move_to_end(index)
            return paper
        paper = self.fetch(index) if self.fetch is not None else None
        if paper is None:  # not in the store (yet): what the list needs
            paper = Paper(
                id=self._strings["id"][index],
                title=self._strings["title"][index],
                title_key=self._strings["title_key"][index],
            )
        self._recent[index] = paper
        if len(self._recent) > _KEEP:
            self._recent.popitem(last=False)  # pragma: no mutate (last=None is False too)
        return paper

    @overload
    def __getitem__(self, index: int) -> Paper: ...

    @overload
    def __getitem__(self, index: slice) -> list[Paper]: ...

    def __getitem__(self, index: int | slice) -> Paper | list[Paper]:
        if isinstance(index, slice):
            return [self._paper(number) for number in range(*index.indices(len(self)))]
        return self._paper(index)

    def __iter__(self) -> Iterator[Paper]:
        for number in range(len(self)):
            yield self._paper(number)
