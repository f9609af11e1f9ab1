"""A plain scan over the papers in memory: answers queries while the index is being built.

Words match at the start of a word (or of a camelCase part), exactly or as a prefix;
typo matching waits for the index.  The scan reads titles first (and yields what it
found), then the abstracts and authors of the papers the titles did not settle, yielding
partial results every few thousand papers so the list fills as it goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from reader.core.models import Paper
from reader.core.query import And, Filter, Node, Not, Or, QueryError, Term, parse_query
from reader.core.search_result import SearchResult, TermMatch
from reader.core.tokens import camel_parts

if TYPE_CHECKING:  # numpy loads with the masks, not with the scan
    from reader.core.arrays import BoolArray

YIELD_EVERY = 20_000
_WORD = re.compile(r"[^\W_]+")
Texts = dict[str, str]
Test = Callable[[Paper, Texts, int], bool]


class MaskProvider(Protocol):
    """The annotation filters (tag:, status:) as a yes/no per library position."""

    def filter_mask(self, condition: Filter) -> BoolArray:
        """Return a boolean array over the papers."""
        ...


def _texts(paper: Paper, fields: tuple[str, ...]) -> Texts:
    found: Texts = {}
    for name in fields:
        if name == "title":
            raw = paper.title
        elif name == "abstract":
            raw = paper.abstract
        else:
            raw = ", ".join(paper.authors)
        parts = camel_parts(raw)
        # A line of no parts would add only a newline, which no word pattern can match.
        text = f"{raw}\n{' '.join(parts)}" if parts else raw  # pragma: no mutate
        found[name] = text
        found[name + "_folded"] = text.casefold()
    return found


def _word_pattern(word: str, whole: bool) -> re.Pattern[str]:
    end = r"(?![^\W_])" if whole else ""
    return re.compile(r"(?<![^\W_])" + re.escape(word) + end)


class _Compiler:
    def __init__(self, masks: MaskProvider, fields: tuple[str, ...]) -> None:
        self.masks = masks
        self.fields = fields
        self.matches: list[TermMatch] = []

    def compile(self, node: Node, collect: bool = True) -> Test:
        if isinstance(node, Term):
            return self._term(node, collect)
        if isinstance(node, Filter):
            return self._filter(node)
        if isinstance(node, Not):
            # A negated word is not highlighted (None here would be as false as False).
            inner = self.compile(node.node, collect=False)  # pragma: no mutate
            return lambda paper, texts, position: not inner(paper, texts, position)
        children = [self.compile(child, collect) for child in node.nodes]
        if isinstance(node, And):
            return lambda paper, texts, position: all(
                child(paper, texts, position) for child in children
            )
        assert isinstance(node, Or)
        return lambda paper, texts, position: any(
            child(paper, texts, position) for child in children
        )

    def _term(self, term: Term, collect: bool) -> Test:
        fields = tuple(
            f for f in ((term.field,) if term.field else self.fields) if f in self.fields
        )
        folded = term.text.casefold()
        if term.kind == "phrase":
            words = _WORD.findall(folded)
            patterns = [
                re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![^\W_])")
            ]
        else:
            words = list(dict.fromkeys(_WORD.findall(folded)))
            patterns = [_word_pattern(word, term.kind == "exact") for word in words]
        if collect:
            prefix = term.kind in ("word", "start")
            self.matches.extend(TermMatch(word, prefix=prefix) for word in words)
        cased = [
            re.compile(r"(?:(?<![^\W_])|(?<=[a-z]))" + re.escape(word))
            for word in _WORD.findall(term.text)
            if not word.islower()
        ]
        if term.kind == "start":
            starts = [re.compile(r"[\W_]*" + re.escape(word)) for word in words]
            return lambda paper, texts, position: all(
                pattern.match(paper.title.casefold()) for pattern in starts
            )

        def test(paper: Paper, texts: Texts, position: int) -> bool:
            if not fields:
                return False
            if not all(
                any(pattern.search(texts[name + "_folded"]) for name in fields)
                for pattern in patterns
            ):
                return False
            return all(any(pattern.search(texts[name]) for name in fields) for pattern in cased)

        return test

    def _filter(self, condition: Filter) -> Test:
        if condition.field == "date":
            # Any text from U+FFFF on sorts after every ISO date.
            low, high = condition.low or "", condition.high or "\uffff"  # pragma: no mutate

            def in_range(paper: Paper, texts: Texts, position: int) -> bool:
                date = paper.date
                return low <= date <= high if date else False

            return in_range
        if condition.field == "id":
            wanted = condition.value.casefold().removeprefix("arxiv:")
            return lambda paper, texts, position: paper.id.casefold().startswith(wanted)
        if condition.field == "cat":
            wanted = condition.value.casefold()
            if wanted.endswith("*"):
                stem = wanted.rstrip("*")  # pragma: no mutate - casefolded: no capital X to strip
                return lambda paper, texts, position: any(
                    keyword.casefold().startswith(stem) for keyword in paper.keywords
                )
            return lambda paper, texts, position: any(
                keyword.casefold() == wanted for keyword in paper.keywords
            )
        mask = self.masks.filter_mask(condition)
        return lambda paper, texts, position: bool(mask[position])


def scan_search(papers: Sequence[Paper], query: str, masks: MaskProvider) -> Iterator[SearchResult]:
    """Yield ever more complete results for ``query``: title matches first, then the rest.

    The last result yielded is complete.  A malformed query yields one result carrying
    the error.
    """
    try:
        node = parse_query(query)
    except QueryError as error:
        yield SearchResult(query, [], (), str(error))
        return
    if node is None:
        yield SearchResult(query, range(len(papers)))
        return
    by_title = _Compiler(masks, ("title",))
    title_test = by_title.compile(node)
    everywhere = _Compiler(masks, ("title", "abstract", "author"))
    full_test = everywhere.compile(node)
    terms = tuple(everywhere.matches)
    if _negates(node):  # a title pass alone cannot tell that the abstract rules it out
        title_test = _both(title_test, full_test)
    found: list[int] = []
    in_title: set[int] = set()
    for position, paper in enumerate(papers):
        if title_test(paper, _texts(paper, ("title",)), position):
            found.append(position)
            in_title.add(position)
        if position % YIELD_EVERY == YIELD_EVERY - 1:
            yield SearchResult(query, list(found), terms)
    yield SearchResult(query, list(found), terms)
    fields = ("title", "abstract", "author")
    for position, paper in enumerate(papers):
        if position not in in_title and full_test(paper, _texts(paper, fields), position):
            found.append(position)
        if position % YIELD_EVERY == YIELD_EVERY - 1:
            yield SearchResult(query, list(found), terms)
    yield SearchResult(query, found, terms)


def _negates(node: Node) -> bool:
    if isinstance(node, Not):
        return True
    if isinstance(node, (And, Or)):
        return any(_negates(child) for child in node.nodes)
    # Checking a title match against every field as well finds the same papers (slower).
    return False  # pragma: no mutate


def _both(first: Test, second: Test) -> Test:
    fields = ("title", "abstract", "author")
    return lambda paper, texts, position: (
        first(paper, texts, position) and second(paper, _texts(paper, fields), position)
    )
