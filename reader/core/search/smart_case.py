"""Smart case: a query word with a capital asks for that case.

A paper found by such a word in any case is kept if one of its words (or camelCase parts,
as the index splits them: "TinyStories" -> Tiny, Stories) starts with the word as typed,
or none starts with it in another case: ``Agent`` turns away papers with only ``agent``,
not the typo matches of ``Agnet`` or ``Transfomer`` (found in any case).

Two ways to the same answer.  An index whose documents store their paper (a library that
keeps only its list's columns) also holds the words as written (the ``cased`` field), and
``case_rule`` is a query clause on it: no paper is read.  Elsewhere the list holds every
paper and ``has_case`` checks each hit's text: indexing the words twice would cost every
build half as much CPU again.
"""

from __future__ import annotations

import re

import tantivy

from reader.core.models import Paper
from reader.core.query import Node, positive_terms
from reader.core.search.documents import TEXT_FIELDS
from reader.core.search.translate import regex_literal

_WORD = re.compile(r"[^\W_]+")
_LOWER_UPPER = re.compile(r"[a-z][A-Z]")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
_Q = tantivy.Query
_MUST, _SHOULD, _MUST_NOT = tantivy.Occur.Must, tantivy.Occur.Should, tantivy.Occur.MustNot


def cased_words(node: Node) -> list[str]:
    """Return the query's words with a capital, each once."""
    words = (
        word
        for term in positive_terms(node)
        if term.case_sensitive
        for word in _WORD.findall(term.text)
        if word != word.lower()  # "GPT-4": not 4, which has no case (the field keeps no 4)
    )
    return list(dict.fromkeys(words))


def case_rule(schema: tantivy.Schema, word: str) -> tantivy.Query:
    """Return the papers smart case turns away for ``word``, from the ``cased`` field."""
    lower = regex_literal(word.lower()) + ".*"
    other = [(_SHOULD, _Q.regex_query(schema, field, lower)) for field in TEXT_FIELDS]
    typed = _Q.regex_query(schema, "cased", regex_literal(word) + ".*")
    return _Q.boolean_query([(_MUST, _Q.boolean_query(other)), (_MUST_NOT, typed)])


def has_case(paper: Paper, words: list[str]) -> bool:
    """Return True if smart case keeps ``paper`` for every one of ``words``."""
    text = f"{paper.title}\n{paper.abstract}\n{', '.join(paper.authors)}"
    lowered = ""
    for word in words:
        if _as_typed(text, word):
            continue  # most hits: no need to lower the text
        lowered = lowered or text.lower()
        if len(lowered) != len(text):  # a capital lowering to two characters (İ)
            if not _keeps_by_words(text, word):
                return False
        elif _in_other_case(text, lowered, word):
            return False
    return True


def _as_typed(text: str, word: str) -> bool:
    """Return True if a word or camelCase part of ``text`` starts with ``word``."""
    return _at_a_part(text, text, word)


def _in_other_case(text: str, lowered: str, word: str) -> bool:
    """Return True if a word or camelCase part starts with ``word`` in another case.

    Each place the word is in any case (a fast literal search of the lowered text) counts
    if a word or part starts there.
    """
    return _at_a_part(text, lowered, word.lower())


def _at_a_part(text: str, searched: str, wanted: str) -> bool:
    """Return True if ``wanted`` is where a word or camelCase part of ``text`` starts.

    ``searched`` is ``text`` or its lowered copy (the same places, character for character).
    """
    start = searched.find(wanted)
    while start >= 0:
        if _starts_part(text, start, len(wanted)):
            return True
        start = searched.find(wanted, start + 1)
    return False


def _starts_part(text: str, start: int, size: int) -> bool:
    """Return True if ``size`` word characters at ``start`` begin a word or camelCase part."""
    if start == 0 or not text[start - 1].isalnum():
        return True  # a word's start: the word holds them all (they are word characters)
    if not (text[start - 1] in _ASCII_LOWER and text[start] in _ASCII_UPPER):
        return False
    # A camelCase part ends before the next lowercase-capital pair.
    return _LOWER_UPPER.search(text, start, start + size) is None


def _keeps_by_words(text: str, word: str) -> bool:
    words = _WORD.findall(text)
    words += [part for found in words for part in _CAMEL_BOUNDARY.split(found)]
    if any(found.startswith(word) for found in words):
        return True  # pragma: no mutate (equivalent: called only when _as_typed found none)
    lower = word.lower()
    return not any(found.lower().startswith(lower) for found in words)


_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
