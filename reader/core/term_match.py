"""TermMatch: the vocabulary words one query word matched (for highlighting).

Its own module (re-exported by search_result.py and reader.core) so that the first paint,
which lists every paper for no query, does not build the dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass


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
