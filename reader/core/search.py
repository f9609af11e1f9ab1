"""Fuzzy search over titles and abstracts through an inverted index.

Scoring every paper per keystroke cannot keep up past a few thousand papers, so the index
maps each word of the vocabulary to the papers that contain it (CSR arrays, one per field).
A query word is matched against the vocabulary, which is far smaller than the corpus:
exactly, as a prefix (one contiguous range of the sorted vocabulary), and with typos
(rapidfuzz's Levenshtein distance).  Only the papers those words point to are scored.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from reader.core.matches import SearchResult, TermMatch
from reader.core.models import Paper
from reader.core.tokens import first_word_tokens, query_words, tokens

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]

# How much a kind of match is worth, before the field weight.
EXACT, PREFIX, ONE_TYPO, TWO_TYPOS = 1.0, 0.75, 0.6, 0.45
TITLE_WEIGHT, ABSTRACT_WEIGHT, LEAD_BONUS = 2.0, 1.0, 0.5
_PREFIX_END = "\U0010ffff"


def max_typos(word: str) -> int:
    """Return how many edits a query word may be away from a vocabulary word."""
    if len(word) >= 8:
        return 2
    if len(word) >= 4:
        return 1
    return 0


@dataclass(slots=True)
class _Postings:
    """Papers containing each vocabulary word, in vocabulary order (CSR layout)."""

    offsets: IntArray
    docs: IntArray

    def range(self, lo: int, hi: int) -> IntArray:
        return self.docs[self.offsets[lo] : self.offsets[hi]]


@dataclass(slots=True)
class _Field:
    name: str
    weight: float
    postings: _Postings = field(init=False)


def _build_postings(per_doc: list[set[str]], rank: dict[str, int], vocab_size: int) -> _Postings:
    counts = [len(doc_tokens) for doc_tokens in per_doc]
    total = sum(counts)
    token_ids = np.fromiter(
        (rank[token] for doc_tokens in per_doc for token in doc_tokens),
        dtype=np.int32,
        count=total,
    )
    doc_ids = np.repeat(np.arange(len(per_doc), dtype=np.int32), counts)
    order = np.argsort(token_ids, kind="stable")
    offsets = np.zeros(vocab_size + 1, dtype=np.int32)
    np.cumsum(np.bincount(token_ids, minlength=vocab_size), out=offsets[1:])
    return _Postings(offsets=offsets, docs=doc_ids[order])


class SearchIndex:
    """An inverted index over the titles and abstracts of a fixed list of papers."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.size = len(papers)
        title_tokens = [tokens(paper.title) for paper in papers]
        abstract_tokens = [tokens(paper.abstract) for paper in papers]
        lead_tokens = [first_word_tokens(paper.title) for paper in papers]
        vocabulary: set[str] = set()
        for group in (title_tokens, abstract_tokens):
            for doc_tokens in group:
                vocabulary.update(doc_tokens)
        self.vocab: list[str] = sorted(vocabulary)
        rank = {token: position for position, token in enumerate(self.vocab)}
        self._rank = rank
        self._fields = (
            (TITLE_WEIGHT, _build_postings(title_tokens, rank, len(self.vocab))),
            (ABSTRACT_WEIGHT, _build_postings(abstract_tokens, rank, len(self.vocab))),
            (LEAD_BONUS, _build_postings(lead_tokens, rank, len(self.vocab))),
        )
        self._fuzzy = lru_cache(maxsize=512)(self._fuzzy_uncached)

    def _fuzzy_uncached(self, word: str) -> tuple[tuple[int, int], ...]:
        """Return (vocabulary position, edits) of words within ``max_typos`` of ``word``."""
        limit = max_typos(word)
        if not limit:
            return ()
        found = process.extract(
            word,
            self.vocab,
            scorer=Levenshtein.distance,
            score_cutoff=limit,
            limit=None,
        )
        return tuple((position, int(edits)) for _, edits, position in found if edits > 0)

    def _term_scores(self, word: str) -> tuple[FloatArray, TermMatch]:
        scores = np.zeros(self.size, dtype=np.float32)
        lo = bisect_left(self.vocab, word)
        hi = bisect_left(self.vocab, word + _PREFIX_END, lo)
        exact = lo if lo < len(self.vocab) and self.vocab[lo] == word else None
        fuzzy = [
            (position, edits) for position, edits in self._fuzzy(word) if not lo <= position < hi
        ]
        lead = np.zeros(self.size, dtype=np.float32)
        for weight, postings in self._fields:
            target = lead if weight == LEAD_BONUS else scores
            for position, edits in fuzzy:
                value = weight * (ONE_TYPO if edits == 1 else TWO_TYPOS)
                docs = postings.range(position, position + 1)
                target[docs] = np.maximum(target[docs], value)
            if hi > lo:
                docs = postings.range(lo, hi)
                target[docs] = np.maximum(target[docs], weight * PREFIX)
            if exact is not None:
                docs = postings.range(exact, exact + 1)
                target[docs] = np.maximum(target[docs], weight * EXACT)
        scores[scores > 0] += lead[scores > 0]
        match = TermMatch(word, frozenset(self.vocab[position] for position, _ in fuzzy))
        return scores, match

    def search(self, query: str) -> SearchResult:
        """Return the papers matching every word of ``query``, best first.

        A word matches a paper if the paper's title or abstract has that word, a word that
        starts with it, or a word within a few typos.  Title matches count double, exact
        above prefix above typo; ties keep source order.  An empty query lists every paper
        in source order.
        """
        words = query_words(query)
        if not words:
            return SearchResult(query, range(self.size))
        total = np.zeros(self.size, dtype=np.float32)
        keep = np.ones(self.size, dtype=bool)
        matches = []
        for word in words:
            scores, match = self._term_scores(word)
            total += scores
            keep &= scores > 0
            matches.append(match)
        candidates = np.flatnonzero(keep)
        order = np.lexsort((candidates, -total[candidates]))
        return SearchResult(query, candidates[order].tolist(), tuple(matches))
