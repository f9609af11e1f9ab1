"""Translate a parsed query (reader.core.query) into one tantivy query.

Scores are tiers, so ranking does not depend on BM25's scale: for each query word the
best of its matches counts (title 3, abstract 1, authors 0.4; exact 1, prefix 0.75,
typos 0.5), a title starting with the word adds 0.5, and a small
BM25 share of exact matches orders papers within a tier.  Tag and status filters come
from the annotations as sets of library positions (``doc`` field), so they stay exact
and follow every edit without re-indexing.
"""

from __future__ import annotations

import re
from typing import Protocol

import numpy as np
import tantivy

from reader.core.arrays import BoolArray
from reader.core.query import And, Filter, Node, Not, Or, Term
from reader.core.search_result import TermMatch

WEIGHTS = {"title": 3.0, "abstract": 1.0, "author": 0.4}
EXACT, PREFIX, TYPO = 1.0, 0.75, 0.5
LEAD_BONUS = 0.5
SHORT_PREFIX = 3
"""Words shorter than this match as a prefix in titles only (elsewhere whole words): the
first letters typed would otherwise gather most of the abstracts' vocabulary."""
BM25_SHARE = 0.001
START_SCORE = WEIGHTS["title"] * EXACT
"""What ``^word`` scores: an exact word in the title."""
_WORD = re.compile(r"[^\W_]+")
_Q = tantivy.Query
_MUST, _SHOULD, _MUST_NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot


def max_typos(word: str) -> int:
    """Return how many edits (transpositions count one) a query word may be from a word."""
    if len(word) >= 8:
        return 2
    if len(word) >= 4:
        return 1
    return 0


class FilterProvider(Protocol):
    """Answers the annotation filters (tag:, status:) for every paper at once."""

    def filter_mask(self, condition: Filter) -> BoolArray:
        """Return a boolean array over the papers: True where ``condition`` holds."""
        ...


def regex_literal(text: str) -> str:
    """Return ``text`` as a tantivy (Rust) regex matching it literally."""
    return "".join(char if char.isalnum() else f"\\x{{{ord(char):X}}}" for char in text)


class Translator:
    """Builds the tantivy query for one search, collecting what each word matched."""

    def __init__(self, schema: tantivy.Schema, filters: FilterProvider, size: int) -> None:
        self.schema = schema
        self.filters = filters
        self.size = size
        self.matches: list[TermMatch] = []

    def translate(self, node: Node) -> tantivy.Query:
        """Return the query for ``node``."""
        return self._node(node, collect=True)

    def _node(self, node: Node, collect: bool) -> tantivy.Query:
        if isinstance(node, Term):
            return self._term(node, collect)
        if isinstance(node, Filter):
            return _Q.const_score_query(self._filter(node), 0.0)
        if isinstance(node, Not):
            inner = self._node(node.node, collect=False)
            return _Q.const_score_query(
                _Q.boolean_query([(_MUST, _Q.all_query()), (_MUST_NOT, inner)]), 0.0
            )
        children = [self._node(child, collect) for child in node.nodes]
        if isinstance(node, And):
            return _Q.boolean_query([(_MUST, child) for child in children])
        assert isinstance(node, Or)
        return _Q.disjunction_max_query(children)

    # Text ------------------------------------------------------------------------------

    def _term(self, term: Term, collect: bool) -> tantivy.Query:
        fields = (term.field,) if term.field else tuple(WEIGHTS)
        if term.kind == "phrase":
            words = _WORD.findall(term.text.casefold())
        else:
            words = list(dict.fromkeys(_WORD.findall(term.text.casefold())))
        if not words:
            # No word (punctuation only) rules nothing out; any score shifts every paper alike.
            return _Q.const_score_query(_Q.all_query(), 0.0)  # pragma: no mutate
        parts: list[tuple[tantivy.Occur, tantivy.Query]] = []
        if term.kind == "phrase" and len(words) > 1:
            parts.append((_MUST, self._phrase(words, fields)))
            if collect:
                self.matches.extend(TermMatch(word, prefix=False) for word in words)
        else:
            for word in words:
                parts.append((_MUST, self._word(word, fields, term.kind)))
                if collect:
                    typos = max_typos(word) if term.kind == "word" else 0
                    prefix = term.kind in ("word", "start")
                    self.matches.append(TermMatch(word, prefix=prefix, typos=typos))
        return _Q.boolean_query(parts)  # all must match (of one: that one, with its score)

    def _prefix(self, field: str, word: str) -> tantivy.Query:
        return _Q.regex_query(self.schema, field, regex_literal(word) + ".*")

    def _word(self, word: str, fields: tuple[str, ...], kind: str) -> tantivy.Query:
        if kind == "start":
            return _Q.const_score_query(self._prefix("lead", word), START_SCORE)
        tiers: list[tantivy.Query] = []
        bm25: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for field in fields:
            weight = WEIGHTS[field]
            exact = _Q.term_query(self.schema, field, word)
            # EXACT is 1.0: "weight / EXACT" is the same number.
            tiers.append(_Q.const_score_query(exact, weight * EXACT))  # pragma: no mutate
            bm25.append((_SHOULD, _Q.boost_query(exact, BM25_SHARE * weight)))
            if kind != "word" or (len(word) < SHORT_PREFIX and field != "title"):
                continue
            tiers.append(_Q.const_score_query(self._prefix(field, word), weight * PREFIX))
            typos = max_typos(word)
            if typos:  # one automaton per field: up to two edits count as one tier
                # Not as a prefix ("modl" does not find "modelling"): tantivy's default.
                fuzzy = _Q.fuzzy_term_query(self.schema, field, word, typos, True)
                tiers.append(_Q.const_score_query(fuzzy, weight * TYPO))
        best = _Q.disjunction_max_query(tiers)
        clauses = [(_MUST, best), *bm25]
        if kind == "word" and "title" in fields:
            lead = _Q.const_score_query(self._prefix("lead", word), LEAD_BONUS)
            clauses.append((_SHOULD, lead))
        return _Q.boolean_query(clauses)

    def _phrase(self, words: list[str], fields: tuple[str, ...]) -> tantivy.Query:
        found = [
            _Q.const_score_query(
                # EXACT is 1.0: "/ EXACT" is the same number.
                _Q.phrase_query(self.schema, field, list(words)),
                WEIGHTS[field] * EXACT,  # pragma: no mutate
            )
            for field in fields
        ]
        return _Q.disjunction_max_query(found)  # the best field (of one: that one)

    # Filters ---------------------------------------------------------------------------

    def _filter(self, condition: Filter) -> tantivy.Query:
        if condition.field == "date":
            low = int(condition.low.replace("-", "")) if condition.low else None
            high = int(condition.high.replace("-", "")) if condition.high else None
            return _Q.range_query(self.schema, "date", tantivy.FieldType.Unsigned, low, high)
        if condition.field == "id":
            wanted = condition.value.casefold().removeprefix("arxiv:")
            return self._prefix("pid", wanted)
        if condition.field == "cat":
            wanted = condition.value.casefold()
            if wanted.endswith("*"):
                # "wanted" is casefolded: stripping capital X's as well changes nothing.
                return self._prefix("cat", wanted.rstrip("*"))  # pragma: no mutate
            return _Q.term_query(self.schema, "cat", wanted)
        return self._positions(self.filters.filter_mask(condition))

    def _positions(self, mask: BoolArray) -> tantivy.Query:
        """Return a query for library positions (or for all but the complement, if smaller)."""
        chosen = np.flatnonzero(mask)
        if len(chosen) == 0:
            return _Q.empty_query()
        # Which of the two equal queries is built changes only speed, not the papers found.
        if len(chosen) * 2 <= len(mask):  # pragma: no mutate
            return _Q.term_set_query(self.schema, "doc", chosen.tolist())
        others = np.flatnonzero(~mask)
        if len(others) == 0:
            return _Q.all_query()
        excluded = _Q.term_set_query(self.schema, "doc", others.tolist())
        return _Q.boolean_query([(_MUST, _Q.all_query()), (_MUST_NOT, excluded)])
