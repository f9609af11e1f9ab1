"""Split text into search tokens; shared by indexing, querying and highlighting."""

from __future__ import annotations

import re
from collections.abc import Iterator

_WORD = re.compile(r"[^\W_]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
_LOWER_UPPER = re.compile(r"[a-z][A-Z]")
_CAMEL_WORD = re.compile(r"\b[^\W_]*[a-z][A-Z][^\W_]*")


def iter_token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, token) for every word, and for the parts of camelCase words.

    ``TinyStories`` yields ``tinystories`` and also ``tiny`` and ``stories``, so either
    part finds it.  Tokens are casefolded.
    """
    for match in _WORD.finditer(text):
        word = match.group()
        start = match.start()
        yield start, match.end(), word.casefold()
        if not word.islower() and _CAMEL_BOUNDARY.search(word):
            offset = start
            for part in _CAMEL_BOUNDARY.split(word):
                yield offset, offset + len(part), part.casefold()
                offset += len(part)


def tokens(text: str) -> set[str]:
    """Return the distinct tokens of ``text``, as ``iter_token_spans`` would give them."""
    result = set(_WORD.findall(text.casefold()))
    if not _LOWER_UPPER.search(text):
        return result
    for word in _CAMEL_WORD.findall(text):
        result.update(part.casefold() for part in _CAMEL_BOUNDARY.split(word))
    return result


def first_word_tokens(text: str) -> set[str]:
    """Return the tokens of the first word of ``text`` (for title-start matches)."""
    match = _WORD.search(text)
    return tokens(match.group()) if match else set()


_ASCII_CASES = (
    bytes(
        ord("a")
        if chr(code).islower()
        else ord("A")
        if chr(code).isupper()
        else ord("0")
        if chr(code).isdigit()
        else ord(" ")
        for code in range(128)
    )
    + b" " * 128
)
"""Maps each ASCII byte to its kind: lowercase a, capital A, digit 0, anything else space."""


def camel_parts(text: str) -> list[str]:
    """Return the parts of the camelCase words of ``text`` ("TinyStories" -> Tiny, Stories).

    Indexing calls this for every title and abstract, so ASCII text (most of it) is
    scanned with bytes operations: a byte per character, lowercase-then-capital found
    with one substring search.
    """
    if not text.isascii():
        return _camel_parts_unicode(text)
    kinds = text.encode("ascii").translate(_ASCII_CASES)
    parts: list[str] = []
    found = kinds.find(b"aA")
    while found >= 0:
        start = kinds.rfind(b" ", 0, found) + 1
        end = kinds.find(b" ", found)
        end = len(kinds) if end < 0 else end
        parts.extend(_CAMEL_BOUNDARY.split(text[start:end]))
        found = kinds.find(b"aA", end)
    return parts


def _camel_parts_unicode(text: str) -> list[str]:
    parts: list[str] = []
    end = 0
    for boundary in _LOWER_UPPER.finditer(text):
        if boundary.start() < end:
            continue  # another boundary of a word already split
        start = boundary.start()
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        end = boundary.end()
        while end < len(text) and text[end].isalnum():
            end += 1
        parts.extend(_CAMEL_BOUNDARY.split(text[start:end]))
    return parts
