"""Query language: boundaries, combinations and exact error messages (issue 14).

Each test pins behaviour a plausible bug would change: a phrase swallowing the word after it,
December or leap days, open-start ranges, and where an error points.
"""

import sys
from collections.abc import Iterator

import pytest

from reader.core.query import (
    And,
    Filter,
    Not,
    Or,
    QueryError,
    Term,
    date_bounds,
    parse_query,
    positive_terms,
    reads_annotations,
)


def test_a_phrase_then_a_word_are_two_terms() -> None:
    assert parse_query('"a phrase" word') == And((Term("a phrase", "phrase"), Term("word")))
    assert parse_query('word "a phrase"') == And((Term("word"), Term("a phrase", "phrase")))
    assert parse_query('"one""two"') == And((Term("one", "phrase"), Term("two", "phrase")))
    assert parse_query('"  padded  " x') == And((Term("padded", "phrase"), Term("x")))


def test_a_blank_phrase_is_ignored() -> None:
    assert parse_query('"   "') is None
    assert parse_query('"" x') == Term("x")


def test_a_field_phrase_then_a_word() -> None:
    assert parse_query('ti:"two words" rest') == And(
        (Term("two words", "phrase", "title"), Term("rest"))
    )
    assert parse_query('abs:"x y"') == Term("x y", "phrase", "abstract")
    assert parse_query('au:"Le Cun"') == Term("Le Cun", "phrase", "author")


def test_field_names_ignore_case_but_values_keep_it() -> None:
    assert parse_query("TI:LoRA") == Term("LoRA", field="title")
    assert parse_query("Tag:LLM") == Filter("tag", "LLM")
    with pytest.raises(QueryError) as caught:
        parse_query("unknown:x")
    assert str(caught.value) == (
        "unknown field unknown: (fields are ti: abs: au: cat: tag: status: id: date: has: "
        "full: in:)"
    )
    assert parse_query("au:'Hinton") == Term("Hinton", "exact", "author")
    assert parse_query("ti:'") == Term("'", "word", "title")


def test_status_prefixes_and_case() -> None:
    assert parse_query("status:READ") == Filter("status", "read")
    assert parse_query("status:Reading") == Filter("status", "reading")
    assert parse_query("status:u") == Filter("status", "unread")
    assert parse_query("status:readi") == Filter("status", "reading")


@pytest.mark.parametrize("value", ["r", "re", "rea"])
def test_an_ambiguous_status_prefix_is_an_error(value: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(f"x status:{value}")
    assert str(caught.value) == f"status: expects unread, reading, read, not {value!r}"
    assert caught.value.position == 2


def test_operators_need_a_word_after_them() -> None:
    # A lone "-" or "!" followed by a space is a word, not a negation.
    assert parse_query("a - b") == And((Term("a"), Term("-"), Term("b")))
    assert parse_query("a -") == And((Term("a"), Term("-")))
    assert parse_query("!") == Term("!")
    assert parse_query("--x") == Not(Not(Term("x")))
    assert parse_query("a-b") == Term("a-b")
    assert parse_query("x^y 'z'") == And((Term("x^y"), Term("z'", "exact")))


def test_special_characters_end_a_word() -> None:
    assert parse_query("a(b)") == And((Term("a"), Term("b")))
    assert parse_query("a|b") == Or((Term("a"), Term("b")))
    assert parse_query('a"b"') == And((Term("a"), Term("b", "phrase")))


def test_or_binds_looser_than_and() -> None:
    assert parse_query("a b | c") == Or((And((Term("a"), Term("b"))), Term("c")))
    assert parse_query("a | b | c") == Or((Term("a"), Term("b"), Term("c")))
    assert parse_query("(a)") == Term("a")
    assert parse_query("((a b))") == And((Term("a"), Term("b")))
    assert parse_query("-(a) b") == And((Not(Term("a")), Term("b")))


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [
        ("2024-12", "2024-12-01", "2024-12-31"),
        ("2024-01", "2024-01-01", "2024-01-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2023-02", "2023-02-01", "2023-02-28"),
        ("2024-3", "2024-03-01", "2024-03-31"),
        ("2024-12-31", "2024-12-31", "2024-12-31"),
        ("2024-01-01", "2024-01-01", "2024-01-01"),
        ("2024-02-29", "2024-02-29", "2024-02-29"),
        ("2024-4-7", "2024-04-07", "2024-04-07"),
        ("0999", "0999-01-01", "0999-12-31"),
    ],
)
def test_date_bounds_cover_whole_months_and_days(value: str, low: str, high: str) -> None:
    assert date_bounds(value, 0) == (low, high)
    assert parse_query(f"date:{value}") == Filter("date", value, low, high)


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [
        (">2024-12", "2025-01-01", None),
        (">2024-12-31", "2025-01-01", None),
        (">2024", "2025-01-01", None),
        (">=2024-12-31", "2024-12-31", None),
        ("<2024-03-01", None, "2024-02-29"),
        ("<2024-01", None, "2023-12-31"),
        ("<=2024-12", None, "2024-12-31"),
        ("<=2024", None, "2024-12-31"),
        ("..2024-04", None, "2024-04-30"),
        ("..2024-12-31", None, "2024-12-31"),
        ("2024-12..", "2024-12-01", None),
        ("2024-03-01..2024-03-01", "2024-03-01", "2024-03-01"),
        ("2024-02..2024-02", "2024-02-01", "2024-02-29"),
        ("2023-12-31..2024-01-01", "2023-12-31", "2024-01-01"),
    ],
)
def test_date_comparisons_and_open_ranges(value: str, low: str | None, high: str | None) -> None:
    assert parse_query(f"date:{value}") == Filter("date", value, low=low, high=high)


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("(tiny", "missing )", 0),
        ("a (b c", "missing )", 2),
        ("a (", "missing )", 2),
        ("tiny)", "unmatched )", 4),
        ("(a))", "unmatched )", 3),
        ("x ()", "empty group", 3),
        ("a |", "| needs something on both sides", 2),
        ("a | | b", "| needs something on both sides", 2),
        ("(a |)", "| needs something on both sides", 3),
        ("x | a", None, None),
        ("| a", "| needs something on both sides", 0),
        ("(| a)", "| needs something on both sides", 1),
        ('x "open', 'missing closing " for the phrase', 2),
        ('ti:"open', 'missing closing " for the phrase', 3),
        ("a tag:", "tag: needs a value", 2),
        ("ti:", "title: needs a value", 0),
        ("a -)", "- or ! needs something to exclude", 2),
        ("-|a", "- or ! needs something to exclude", 0),
        ("x date:soon", "date: expects YYYY, YYYY-MM or YYYY-MM-DD, not 'soon'", 2),
        ("date:24-01", "date: expects YYYY, YYYY-MM or YYYY-MM-DD, not '24-01'", 0),
        ("date:2024-01-", "date: expects YYYY, YYYY-MM or YYYY-MM-DD, not '2024-01-'", 0),
        ("date:2024-13", "date: month 13 is not 1-12", 0),
        ("date:2024-00", "date: month 0 is not 1-12", 0),
        ("date:2024-01-00", "date: day 0 is not in 2024-01", 0),
        ("date:2024-04-31", "date: day 31 is not in 2024-04", 0),
        ("date:2023-02-29", "date: day 29 is not in 2023-02", 0),
        ("date:2024-12-32", "date: day 32 is not in 2024-12", 0),
        ("a date:..", "date: a range needs at least one end, e.g. 2024-03..", 2),
        ("date:>soon", "date: expects YYYY, YYYY-MM or YYYY-MM-DD, not 'soon'", 0),
        ("date:2024..x", "date: expects YYYY, YYYY-MM or YYYY-MM-DD, not 'x'", 0),
        ("date:2024-05..2024-01", "date: range 2024-05..2024-01 ends before it starts", 0),
        (
            "date:2024-03-02..2024-03-01",
            "date: range 2024-03-02..2024-03-01 ends before it starts",
            0,
        ),
        ("a ^", "^ needs a word right after it", 2),
        ("'", "' needs a word right after it", 0),
    ],
)
def test_errors_are_one_exact_line_pointing_at_the_culprit(
    query: str, message: str | None, position: int | None
) -> None:
    if message is None:
        assert parse_query(query) == Or((Term("x"), Term("a")))
        return
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert str(caught.value) == message
    assert caught.value.position == position
    assert isinstance(caught.value, ValueError)


def test_an_empty_query_inside_text_is_an_empty_group_at_the_end() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query("()")
    assert (str(caught.value), caught.value.position) == ("empty group", 1)


def test_positive_terms_skip_filters_and_negations_but_keep_alternatives() -> None:
    node = parse_query('tag:x (a | ti:"b c") -d status:read ^e')
    assert positive_terms(node) == [
        Term("a"),
        Term("b c", "phrase", "title"),
        Term("e", "start"),
    ]
    assert positive_terms(None) == []
    assert positive_terms(Filter("tag", "x")) == []
    assert positive_terms(Term("x")) == [Term("x")]


def test_reads_annotations_looks_inside_every_branch() -> None:
    assert reads_annotations("-tag:x")
    assert reads_annotations("a (b | status:read)")
    assert reads_annotations("(a | b) tag:x")
    assert not reads_annotations("id:2401.00001 date:2024")
    assert not reads_annotations("ti:tag au:status")
    assert not reads_annotations("-a (b | c)")
    assert not reads_annotations("")


def test_smart_case_is_per_term() -> None:
    assert Term("Lo").case_sensitive
    assert not Term("lo-1").case_sensitive
    assert Term("x", field="title") != Term("x")


def test_one_character_exact_and_start_words() -> None:
    assert parse_query("'a ^b") == And((Term("a", "exact"), Term("b", "start")))
    assert parse_query("ti:'a") == Term("a", "exact", "title")


def test_a_range_splits_at_its_first_dots_and_errors_point_at_the_filter() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query("date:2024...2025")
    assert str(caught.value) == "date: expects YYYY, YYYY-MM or YYYY-MM-DD, not '.2025'"
    with pytest.raises(QueryError) as caught:
        parse_query("a date:2024-13..")
    assert (str(caught.value), caught.value.position) == ("date: month 13 is not 1-12", 2)
    with pytest.raises(QueryError) as caught:
        parse_query("a b date:>=2024-00")
    assert (str(caught.value), caught.value.position) == ("date: month 0 is not 1-12", 4)


@pytest.fixture
def deep_stack() -> Iterator[None]:
    """Room for mutation testing's wrappers, which add frames to every call."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))
    yield
    sys.setrecursionlimit(limit)


@pytest.mark.usefixtures("deep_stack")
def test_nesting_is_limited_to_a_hundred_levels() -> None:
    deepest = "(" * 100 + "a" + ")" * 100
    assert parse_query(deepest) == Term("a")
    with pytest.raises(QueryError) as caught:
        parse_query("x " + "(" * 101 + "a" + ")" * 101)
    assert (str(caught.value), caught.value.position) == ("nested more than 100 levels deep", 102)
    negated = parse_query("-" * 100 + "a")
    for _ in range(100):
        assert isinstance(negated, Not)
        negated = negated.node
    assert negated == Term("a")
    with pytest.raises(QueryError) as caught:
        parse_query("-" * 101 + "a")
    assert (str(caught.value), caught.value.position) == ("nested more than 100 levels deep", 100)
    # Depth is counted per branch: many groups side by side are fine.
    siblings = parse_query(" ".join(["(-a)"] * 150))
    assert isinstance(siblings, And) and len(siblings.nodes) == 150


def test_only_dash_and_bang_negate() -> None:
    assert parse_query("Xray") == Term("Xray")
    assert parse_query("-ray") == Not(Term("ray"))


@pytest.mark.usefixtures("deep_stack")
def test_depth_goes_back_to_zero_after_each_group() -> None:
    deepest = "(" * 100 + "a" + ")" * 100
    assert parse_query(f"(b) {deepest}") == And((Term("b"), Term("a")))
    with pytest.raises(QueryError) as caught:
        parse_query("(b) " + "(" * 101 + "a" + ")" * 101)
    assert str(caught.value) == "nested more than 100 levels deep"
