"""LazyHits: a query's hits as library positions, fetched from tantivy a page at a time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import tantivy

if TYPE_CHECKING:
    from reader.core.search.engine import SearchEngine

FIRST_PAGE = 200
"""Hits fetched with a query; more are fetched as the list is scrolled."""


class LazyHits(Sequence[int]):
    """A query's hits, best first, as library positions: fetched a page at a time.

    A broad query at a million papers matches most of them; the list shows a screenful,
    so only the pages read are fetched.  Equal scores follow the library's order: a
    fetched page keeps back its last (possibly cut) group of equal scores until a
    larger fetch holds all of it.  Queries with nothing to score (filters only) are
    read in library order directly.
    """

    def __init__(self, engine: SearchEngine, query: tantivy.Query, *, scored: bool) -> None:
        self._engine = engine
        self._searcher = engine._searcher
        self._query = query
        self._scored = scored
        # Not mutated here and in the paging sizes below: they change only speed (every hit
        # is still found, in order); these two are set by _fetch and _take before use.
        self._loaded: list[int] = []  # pragma: no mutate
        self._fetched = 0  # pragma: no mutate
        first = self._fetch(FIRST_PAGE, count=True)
        self._count = int(getattr(first, "count", 0) or 0)  # (missing from the stubs)
        self._take(first.hits)

    def _fetch(self, limit: int, count: bool = False) -> tantivy.SearchResult:
        self._fetched = limit
        if self._scored:
            return self._searcher.search(self._query, limit, count=count)
        return self._searcher.search(
            self._query, limit, count=count, order_by_field="doc", order=tantivy.Order.Asc
        )

    def _take(self, hits: list[tuple[Any, Any]]) -> None:
        if not self._scored:
            self._loaded = [int(hit[0]) for hit in hits]
            return
        values = self._searcher.fast_field_values("doc", [hit[1] for hit in hits])
        ranked = sorted(
            (-round(float(hit[0]), 3), int(value))
            for hit, value in zip(hits, values, strict=True)
            if value is not None
        )
        if len(hits) < self._count and ranked:  # the last score group may be cut short
            boundary = ranked[-1][0]
            ranked = [item for item in ranked if item[0] != boundary]
        self._loaded = [position for _, position in ranked]

    def _load(self, needed: int) -> None:
        while len(self._loaded) < min(needed, self._count) and self._fetched < self._count:
            limit = min(self._count, max(needed + 1, 2 * self._fetched))  # pragma: no mutate
            self._take(self._fetch(limit).hits)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, slice):
            return [self[number] for number in range(*item.indices(self._count))]
        number = item + self._count if item < 0 else item
        if not 0 <= number < self._count:
            raise IndexError(item)
        self._load(number + 1)  # pragma: no mutate - loading one more changes only speed
        return self._loaded[number]

    def __iter__(self) -> Iterator[int]:
        self._load(self._count)
        return iter(list(self._loaded))

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int) or value < 0:
            return False
        if value in self._loaded:
            return True
        if len(self._loaded) >= self._count:  # pragma: no mutate
            return False
        one = tantivy.Query.term_query(self._engine.schema, "doc", value)
        both = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self._query), (tantivy.Occur.Must, one)]
        )
        # The count is always there (count=True is also the default) and ignores the limit.
        found = self._searcher.search(both, 1, count=True)  # pragma: no mutate
        return bool(getattr(found, "count", 0))  # pragma: no mutate

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        """Return where paper ``value`` is listed (fetching only if it is listed at all)."""
        if value not in self:
            raise ValueError(value)
        # Loading on once it is found, or once all are loaded (it is then found), is the same.
        while value not in self._loaded and len(self._loaded) < self._count:  # pragma: no mutate
            self._load(max(len(self._loaded), self._fetched) * 2 + 1)  # pragma: no mutate
        return self._loaded.index(value, start, stop if stop is not None else len(self._loaded))
