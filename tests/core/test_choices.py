"""Picker matching is linear in the text: long titles cannot hang the palette."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.choices import MATCH_CHARS, match_choice


def test_every_word_must_appear_and_spans_point_at_them() -> None:
    found = match_choice("tiny stor", "TinyStories: How Small Can Language Models Be")
    assert found is not None
    score, spans = found
    assert 0 < score <= 1 and spans == [(0, 4), (4, 8)]
    assert match_choice("tiny zebra", "TinyStories") is None
    assert match_choice("", "anything") == (1.0, [])


def test_word_starts_rank_above_inner_matches() -> None:
    start = match_choice("net", "Net gains in learning")
    inner = match_choice("net", "Magnetic fields in learn")
    assert start is not None and inner is not None and start[0] > inner[0]


def test_hostile_titles_answer_at_once() -> None:
    hostile = ["e" * 516, "e" * 100_000, ("ab" * 50_000) + "x"]
    begun = time.perf_counter()
    for title in hostile:
        match_choice("eeeeeee eeeeeeeeeeeee x", title)
        match_choice("a b a b a b a b a b a b", title)
    # Textual's matcher took over 30 s on the first title alone; this is milliseconds.
    assert time.perf_counter() - begun < 1.0


def test_text_past_the_matching_window_is_not_searched() -> None:
    assert match_choice("needle", "x" * MATCH_CHARS + " needle") is None


@settings(max_examples=200, deadline=200)
@given(st.text(max_size=30), st.text(max_size=2000))
def test_any_query_and_text_give_a_match_or_none(query: str, text: str) -> None:
    found = match_choice(query, text)
    if found is not None:
        score, spans = found
        assert 0 <= score <= 1
        assert all(0 <= start <= end <= len(text) for start, end in spans)
