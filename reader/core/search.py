"""SearchIndex: the query language evaluated over an inverted index, fast at 10^5 papers.

Scoring every paper per keystroke cannot keep up past a few thousand papers, so the index
maps each word of the vocabulary to the papers that contain it (CSR arrays, one per field).
A query word is matched against the vocabulary, which is far smaller than the corpus:
exactly, as a prefix (one contiguous range of the sorted vocabulary), and with typos
(rapidfuzz's Levenshtein distance over the words of similar length that share the first
letter).  Only the papers those words point to are scored, with numpy.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from reader.core.index_build import CASED_FIELD, IndexData, build_index_data
from reader.core.models import Paper
from reader.core.query import And, Filter, Node, Not, Or, QueryError, Term, parse_query
from reader.core.search_result import SearchResult, TermMatch
from reader.core.tokens import query_words

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]

# What a kind of match is worth, before the field weight.
EXACT, PREFIX, ONE_TYPO, TWO_TYPOS = 1.0, 0.75, 0.6, 0.45
WEIGHTS = {"title": 2.0, "abstract": 1.0, "author": 1.0}
LEAD_BONUS = 0.5
_PREFIX_END = "\U0010ffff"


def max_typos(word: str) -> int:
    """Return how many edits a query word may be away from a vocabulary word."""
    if len(word) >= 8:
        return 2
    if len(word) >= 4:
        return 1
    return 0


class FilterProvider(Protocol):
    """Answers the yes/no filters (tag:, status:, id:, date:) for every paper at once."""

    def filter_mask(self, condition: Filter) -> BoolArray:
        """Return a boolean array over the papers: True where ``condition`` holds."""
        ...


@dataclass(slots=True)
class _Postings:
    """Papers containing each vocabulary word, in vocabulary order (CSR layout)."""

    offsets: IntArray
    docs: IntArray

    def range(self, lo: int, hi: int) -> IntArray:
        return self.docs[self.offsets[lo] : self.offsets[hi]]


def _field_text(paper: Paper, field: str) -> str:
    if field == "title":
        return paper.title
    if field == "abstract":
        return paper.abstract
    return ", ".join(paper.authors)


class SearchIndex:
    """An inverted index over the titles, abstracts and authors of a fixed list of papers."""

    def __init__(self, papers: Sequence[Paper], data: IndexData) -> None:
        self.papers = papers
        self.size = len(papers)
        self.data = data
        self.vocab = data.vocab
        self.cased_vocab = data.cased_vocab
        self._lengths = np.fromiter((len(word) for word in self.vocab), np.int32, len(self.vocab))
        self._postings = {
            name: _Postings(data.offsets[name], data.docs[name]) for name in data.offsets
        }
        self._cased = self._postings[CASED_FIELD]
        self._fuzzy = lru_cache(maxsize=1024)(self._fuzzy_uncached)
        self._word_scores = lru_cache(maxsize=64)(self._word_scores_uncached)

    @classmethod
    def build(
        cls, papers: Sequence[Paper], progress: Callable[[float], None] | None = None
    ) -> SearchIndex:
        """Tokenise ``papers`` and build their index (seconds for 10^5 papers)."""
        return cls(papers, build_index_data(papers, progress))

    # Vocabulary -----------------------------------------------------------------------

    def _prefix_range(self, word: str) -> tuple[int, int]:
        lo = bisect_left(self.vocab, word)
        return lo, bisect_left(self.vocab, word + _PREFIX_END, lo)

    def _exact(self, word: str) -> int | None:
        lo = bisect_left(self.vocab, word)
        return lo if lo < len(self.vocab) and self.vocab[lo] == word else None

    def _fuzzy_uncached(self, word: str) -> tuple[tuple[int, int], ...]:
        """Return (vocabulary position, edits) of words within ``max_typos`` of ``word``.

        Only words that share the first letter and have a similar length are compared,
        which keeps this under a millisecond with hundreds of thousands of words.
        """
        limit = max_typos(word)
        if not limit:
            return ()
        lo, hi = self._prefix_range(word[0])
        lengths = self._lengths[lo:hi]
        near = np.flatnonzero(np.abs(lengths.astype(np.int32) - len(word)) <= limit) + lo
        choices = [self.vocab[position] for position in near.tolist()]
        found = process.extract(
            word, choices, scorer=Levenshtein.distance, score_cutoff=limit, limit=None
        )
        return tuple((int(near[index]), int(edits)) for _, edits, index in found if edits > 0)

    # Scoring --------------------------------------------------------------------------

    def _word_scores_uncached(
        self, word: str, fields: tuple[str, ...], kind: str
    ) -> tuple[FloatArray, TermMatch]:
        """Score every paper for one casefolded query word (cached: typing repeats them)."""
        scores = np.zeros(self.size, dtype=np.float32)
        if kind == "start":
            lo, hi = self._prefix_range(word)
            scores[self._postings["lead"].range(lo, hi)] = WEIGHTS["title"] * EXACT
            return scores, TermMatch(word)
        exact = self._exact(word)
        lo, hi = self._prefix_range(word) if kind == "word" else (0, 0)
        fuzzy = [
            (position, edits)
            for position, edits in (self._fuzzy(word) if kind == "word" else ())
            if not lo <= position < hi
        ]
        for name in fields:
            postings, weight = self._postings[name], WEIGHTS[name]
            for position, edits in fuzzy:
                docs = postings.range(position, position + 1)
                value = weight * (ONE_TYPO if edits == 1 else TWO_TYPOS)
                scores[docs] = np.maximum(scores[docs], value)
            if hi > lo:
                docs = postings.range(lo, hi)
                hit = np.zeros(self.size, dtype=bool)
                hit[docs] = True
                scores[hit] = np.maximum(scores[hit], weight * PREFIX)
            if exact is not None:
                docs = postings.range(exact, exact + 1)
                scores[docs] = np.maximum(scores[docs], weight * EXACT)
        if "title" in fields and kind == "word":
            lead = np.zeros(self.size, dtype=bool)
            lead[self._postings["lead"].range(lo, hi)] = True
            scores[lead & (scores > 0)] += LEAD_BONUS
        match = TermMatch(word, frozenset(self.vocab[p] for p, _ in fuzzy), kind == "word")
        return scores, match

    def _term(self, term: Term, matches: list[TermMatch] | None) -> tuple[BoolArray, FloatArray]:
        fields = (term.field,) if term.field else tuple(WEIGHTS)
        words = query_words(term.text)
        total = np.zeros(self.size, dtype=np.float32)
        keep = np.ones(self.size, dtype=bool)
        kind = "exact" if term.kind == "phrase" else term.kind
        for word in words:
            scores, match = self._word_scores(word, fields, kind)
            total += scores
            keep &= scores > 0
            if matches is not None:
                matches.append(match)
        if term.kind == "phrase" and len(words) > 1:
            keep &= self._verify(keep, fields, _phrase_pattern(term.text))
        if term.case_sensitive:
            keep &= self._with_case(term.text)
        return keep, np.where(keep, total, 0).astype(np.float32)

    def _with_case(self, text: str) -> BoolArray:
        """Papers containing every capitalised word of ``text`` in that exact case (prefix)."""
        keep = np.ones(self.size, dtype=bool)
        for word in re.findall(r"[^\W_]+", text):
            if word.islower():
                continue
            lo = bisect_left(self.cased_vocab, word)
            hi = bisect_left(self.cased_vocab, word + _PREFIX_END, lo)
            found = np.zeros(self.size, dtype=bool)
            found[self._cased.range(lo, hi)] = True
            keep &= found
        return keep

    def _verify(
        self, keep: BoolArray, fields: tuple[str, ...], pattern: re.Pattern[str]
    ) -> BoolArray:
        """Check candidates' text with a regex (phrases, exact case); only candidates."""
        result = np.zeros(self.size, dtype=bool)
        for index in np.flatnonzero(keep).tolist():
            paper = self.papers[index]
            result[index] = any(pattern.search(_field_text(paper, name)) for name in fields)
        return result

    def _evaluate(
        self, node: Node, filters: FilterProvider, matches: list[TermMatch] | None
    ) -> tuple[BoolArray, FloatArray]:
        if isinstance(node, Term):
            return self._term(node, matches)
        if isinstance(node, Filter):
            return filters.filter_mask(node), np.zeros(self.size, dtype=np.float32)
        if isinstance(node, Not):
            keep, _ = self._evaluate(node.node, filters, None)
            return ~keep, np.zeros(self.size, dtype=np.float32)
        parts = [self._evaluate(child, filters, matches) for child in node.nodes]
        if isinstance(node, And):
            keep = np.logical_and.reduce([part[0] for part in parts])
            total = np.sum([part[1] for part in parts], axis=0, dtype=np.float32)
        else:
            assert isinstance(node, Or)
            keep = np.logical_or.reduce([part[0] for part in parts])
            total = np.max([part[1] for part in parts], axis=0)
        return keep, np.where(keep, total, 0).astype(np.float32)

    def search(
        self, query: str, filters: FilterProvider, sort_rank: IntArray | None = None
    ) -> SearchResult:
        """Return the papers matching ``query``, best first.

        Better matches come first (title above abstract, exact above prefix above typo,
        fewer typos first); ties follow ``sort_rank`` (each paper's position in the active
        sort), then source order.  A malformed query returns an empty result carrying
        the error.
        """
        try:
            node = parse_query(query)
        except QueryError as error:
            return SearchResult(query, [], (), str(error))
        if node is None:
            if sort_rank is None:
                return SearchResult(query, range(self.size))
            return SearchResult(query, np.argsort(sort_rank, kind="stable").tolist())
        matches: list[TermMatch] = []
        keep, total = self._evaluate(node, filters, matches)
        candidates = np.flatnonzero(keep)
        keys: list[npt.NDArray[np.generic]] = [candidates]
        if sort_rank is not None:
            keys.append(sort_rank[candidates])
        keys.append(-np.round(total[candidates], 3))
        order = np.lexsort(keys)
        return SearchResult(query, candidates[order].tolist(), tuple(matches))


def _phrase_pattern(text: str) -> re.Pattern[str]:
    words = text.split()
    return re.compile(r"\b" + r"\W+".join(re.escape(word) for word in words), re.IGNORECASE)
