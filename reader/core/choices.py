"""Matching for pickers (palette lists of titles, tags, views): linear, bounded, predictable.

Textual's stock fuzzy matcher explores every way a query's letters can spread over a text,
which is exponential in the text's length: a 516-character title with a run of ``e`` took
over 30 s and a 100 KB title exhausted memory.  Here every query word must appear in the
first ``MATCH_CHARS`` characters of the text (case-insensitively), which costs one substring
search per word, and the score prefers word starts, earlier matches and shorter texts.
"""

from __future__ import annotations

MATCH_CHARS = 300
"""Only this much of a text takes part in matching (titles are rarely longer)."""


def match_choice(query: str, text: str) -> tuple[float, list[tuple[int, int]]] | None:
    """Return (score in 0..1, matched spans) if every word of ``query`` is in ``text``.

    An empty query matches everything with score 1 and no spans.
    """
    words = query.casefold().split()
    if not words:
        return 1.0, []
    haystack = text[:MATCH_CHARS].casefold()
    if len(haystack) != len(text[:MATCH_CHARS]):
        haystack = text[:MATCH_CHARS].lower()  # keep offsets aligned with the text shown
    spans: list[tuple[int, int]] = []
    score = 0.0
    for word in words[:20]:
        start = _best_start(haystack, word)
        if start < 0:
            return None
        spans.append((start, start + len(word)))
        at_word_start = start == 0 or not haystack[start - 1].isalnum()
        score += (2.0 if at_word_start else 1.0) / (1.0 + start / 40)
    score /= 2.0 * len(words[:20])
    return min(1.0, score / (1.0 + len(text) / 400)), sorted(spans)


def _best_start(haystack: str, word: str) -> int:
    """Return where ``word`` starts a word in ``haystack``, else its first place (-1: none)."""
    first = haystack.find(word)
    position = first
    while position > 0:
        if not haystack[position - 1].isalnum():
            return position
        position = haystack.find(word, position + 1)
    return first
