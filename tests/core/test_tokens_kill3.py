"""tokens: words, their camelCase parts and where they are, as search and highlighting use them."""

from __future__ import annotations

import pytest

from reader.core.tokens import camel_parts, first_word_tokens, iter_token_spans, tokens


def test_token_spans_point_at_the_words_and_their_parts() -> None:
    text = "The TinyStories dataset, GPT4All_v2 and naïveBayes."
    spans = list(iter_token_spans(text))
    assert spans == [
        (0, 3, "the"),
        (4, 15, "tinystories"),
        (4, 8, "tiny"),
        (8, 15, "stories"),
        (16, 23, "dataset"),
        (25, 32, "gpt4all"),  # a digit before a capital is no step: one token
        (33, 35, "v2"),
        (36, 39, "and"),
        (40, 50, "naïvebayes"),
        (40, 45, "naïve"),
        (45, 50, "bayes"),
    ]
    for start, end, token in spans:
        assert text[start:end].casefold() == token


def test_words_without_a_lower_to_capital_step_have_no_parts() -> None:
    assert list(iter_token_spans("NASA lower Title")) == [
        (0, 4, "nasa"),
        (5, 10, "lower"),
        (11, 16, "title"),
    ]
    assert list(iter_token_spans("")) == []
    assert list(iter_token_spans("-- __ !!")) == []


def test_tokens_are_the_distinct_span_tokens() -> None:
    for text in (
        "The TinyStories dataset, GPT4All_v2 and naïveBayes.",
        "plain words only words",
        "mixedCase MixedCase mixedcase",
        "ÉcoleNormale straße",
        "",
    ):
        assert tokens(text) == {token for _, _, token in iter_token_spans(text)}, text
    assert tokens("Straße STRASSE") == {"strasse"}  # casefolded, not lowercased


def test_first_word_tokens() -> None:
    assert first_word_tokens("TinyStories: how small") == {"tinystories", "tiny", "stories"}
    assert first_word_tokens("  -- Hello world") == {"hello"}
    assert first_word_tokens("--") == set()


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("TinyStories", ["Tiny", "Stories"]),
        ("the TinyStories and LoRA", ["Tiny", "Stories", "Lo", "RA"]),
        ("aB", ["a", "B"]),
        ("x aB", ["a", "B"]),
        ("aB x", ["a", "B"]),
        ("fooBar-bazQux", ["foo", "Bar", "baz", "Qux"]),
        ("word2Vec", []),  # a digit then a capital: no camelCase step
        ("iPhone iPad", ["i", "Phone", "i", "Pad"]),
        ("NASA plain lower", []),
        ("", []),
        ("naïveBayes and TinyStories", ["naïve", "Bayes", "Tiny", "Stories"]),
        ("Über TinyStories", ["Tiny", "Stories"]),
        ("éaBcD eFg", ["éa", "Bc", "D", "e", "Fg"]),
        ("ÉcoleNormale", ["École", "Normale"]),
    ],
)
def test_camel_parts(text: str, parts: list[str]) -> None:
    assert camel_parts(text) == parts
