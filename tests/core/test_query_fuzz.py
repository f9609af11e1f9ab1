"""The query parser on any input: a query or QueryError, never another exception (issue 9)."""

from __future__ import annotations

import time

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.core.query import QueryError, parse_query

# Pieces of the query language, so generated strings reach deep into the parser.
_PIECES = st.sampled_from(
    [
        "tag:",
        "status:",
        "id:",
        "date:",
        "title:",
        "author:",
        "abstract:",
        "^",
        "-",
        "!",
        "|",
        "(",
        ")",
        '"',
        " ",
        "..",
        "2024",
        "-13-45",
        "read",
        "unread",
        "x",
        "é",
        "\u0000",
        "\n",
        "\\",
        ":",
        "*",
        "date:2024-02-30",
        "date:..",
        "date:2025..2024",
    ]
)
_QUERIES = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40).map("".join),
)


@settings(max_examples=1500, deadline=None)
@given(_QUERIES)
@example("(" * 5000)
@example("-" * 5000 + "x")
@example('"' * 4001)
@example("a | " * 2000 + "b")
def test_any_string_is_a_query_or_a_query_error_quickly(text: str) -> None:
    started = time.perf_counter()
    try:
        parse_query(text)
    except QueryError as error:
        assert str(error)
    assert time.perf_counter() - started < 1.0
