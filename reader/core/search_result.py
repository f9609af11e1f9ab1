"""Search results and what matched, for the UI to list and highlight (no heavy imports)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.tokens import iter_token_spans


@dataclass(frozen=True, slots=True)
class TermMatch:
    """The vocabulary words that one query word matched."""

    word: str
    fuzzy: frozenset[str] = frozenset()
    prefix: bool = True
    """False for exact terms ('word, phrases): only the whole word matches."""
    typos: int = 0
    """Edits (a transposition counts one) a whole word may be away and still match."""

    def matches(self, token: str) -> bool:
        """Return True if ``token`` (casefolded) is one of the words this term found."""
        if self.prefix:
            if token.startswith(self.word) or token in self.fuzzy:
                return True
            # No typos allowed leaves only the word itself, which startswith() took above.
            return self.typos > 0 and _within(token, self.word, self.typos)  # pragma: no mutate
        return token == self.word


def _within(token: str, word: str, typos: int) -> bool:
    if abs(len(token) - len(word)) > typos:
        return False
    from rapidfuzz.distance import OSA  # the highlighter's only use of rapidfuzz

    # The cutoff only stops counting early: the comparison gives the same answer without it.
    return OSA.distance(token, word, score_cutoff=typos) <= typos  # pragma: no mutate


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Papers that match a query, best first, and what matched (for highlighting)."""

    query: str
    indices: Sequence[int]
    """Positions in the library's paper list, best first."""
    terms: tuple[TermMatch, ...] = ()
    error: str | None = None
    """Why the query could not be used (shown under the search bar); indices then empty."""

    def __len__(self) -> int:
        return len(self.indices)


def highlight_spans(text: str, terms: Sequence[TermMatch]) -> list[tuple[int, int]]:
    """Return (start, end) character spans of ``text`` that the search terms matched."""
    if not terms:
        return []
    spans = [
        (start, end)
        for start, end, token in iter_token_spans(text)
        if any(term.matches(token) for term in terms)
    ]
    return spans
