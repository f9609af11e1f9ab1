"""Search results and what matched, for the UI to list and highlight (no heavy imports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.core.record import FrozenRecord

if TYPE_CHECKING:
    from reader.core.term_match import TermMatch as TermMatch


class SearchResult(FrozenRecord):
    """Papers that match a query, best first, and what matched (for highlighting)."""

    __slots__ = ("error", "indices", "query", "terms")
    query: str
    indices: Sequence[int]
    """Positions in the library's paper list, best first."""
    terms: tuple[TermMatch, ...]
    error: str | None
    """Why the query could not be used (shown under the search bar); indices then empty."""

    def __init__(
        self,
        query: str,
        indices: Sequence[int],
        terms: tuple[TermMatch, ...] = (),
        error: str | None = None,
    ) -> None:
        _set = object.__setattr__
        _set(self, "query", query)
        _set(self, "indices", indices)
        _set(self, "terms", terms)
        _set(self, "error", error)

    def __len__(self) -> int:
        return len(self.indices)


def highlight_spans(text: str, terms: Sequence[TermMatch]) -> list[tuple[int, int]]:
    """Return (start, end) character spans of ``text`` that the search terms matched."""
    if not terms:
        return []
    from reader.core.tokens import iter_token_spans  # loaded with the first query

    spans = [
        (start, end)
        for start, end, token in iter_token_spans(text)
        if any(term.matches(token) for term in terms)
    ]
    return spans


def __getattr__(name: str) -> object:
    """Return TermMatch from term_match.py, built with the first query, not at start."""
    if name == "TermMatch":
        from reader.core.term_match import TermMatch

        return TermMatch
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
