import pytest

from reader.core.query import (
    And,
    Filter,
    Not,
    Or,
    QueryError,
    Term,
    parse_query,
    positive_terms,
)


def test_words_side_by_side_are_and() -> None:
    assert parse_query("small language") == And((Term("small"), Term("language")))
    assert parse_query("   ") is None


def test_every_operator() -> None:
    assert parse_query("'lora") == Term("lora", "exact")
    assert parse_query('"a phrase"') == Term("a phrase", "phrase")
    assert parse_query("^sam") == Term("sam", "start")
    assert parse_query("-survey") == Not(Term("survey"))
    assert parse_query("!survey") == Not(Term("survey"))
    assert parse_query("a | b") == Or((Term("a"), Term("b")))
    assert parse_query("a OR b") == Or((Term("a"), Term("b")))
    assert parse_query("a or b") == And((Term("a"), Term("or"), Term("b")))


def test_fields_and_aliases() -> None:
    assert parse_query("ti:x title:x") == And((Term("x", field="title"),) * 2)
    assert parse_query("abs:x abstract:x") == And((Term("x", field="abstract"),) * 2)
    assert parse_query("au:hinton author:hinton") == And((Term("hinton", field="author"),) * 2)
    assert parse_query('ti:"two words"') == Term("two words", "phrase", "title")
    assert parse_query("ti:'exact") == Term("exact", "exact", "title")
    assert parse_query("tag:llm") == Filter("tag", "llm")
    assert parse_query("status:unread") == Filter("status", "unread")
    assert parse_query("status:read") == Filter("status", "read")
    assert parse_query("status:un") == Filter("status", "unread")
    assert parse_query("id:2403.01234") == Filter("id", "2403.01234")
    assert parse_query("SAM-CLIP: merging") == And((Term("SAM-CLIP:"), Term("merging")))


def test_dates() -> None:
    assert parse_query("date:2024-03..2024-04") == Filter(
        "date", "2024-03..2024-04", "2024-03-01", "2024-04-30"
    )
    assert parse_query("date:2024") == Filter("date", "2024", "2024-01-01", "2024-12-31")
    assert parse_query("date:>2024-02") == Filter("date", ">2024-02", low="2024-03-01")
    assert parse_query("date:>=2024-02") == Filter("date", ">=2024-02", low="2024-02-01")
    assert parse_query("date:<2024-02-10") == Filter("date", "<2024-02-10", high="2024-02-09")
    assert parse_query("date:<=2024-02") == Filter("date", "<=2024-02", high="2024-02-29")
    assert parse_query("date:2024-03..") == Filter("date", "2024-03..", low="2024-03-01")


def test_nesting_and_the_example() -> None:
    node = parse_query("tag:llm status:unread (distil | prune) -survey")
    assert node == And(
        (
            Filter("tag", "llm"),
            Filter("status", "unread"),
            Or((Term("distil"), Term("prune"))),
            Not(Term("survey")),
        )
    )
    deep = parse_query("!(a | (b c)) d")
    assert deep == And((Not(Or((Term("a"), And((Term("b"), Term("c")))))), Term("d")))
    assert [t.text for t in positive_terms(deep)] == ["d"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("(tiny", "missing )"),
        ("tiny)", "unmatched )"),
        ("()", "empty group"),
        ("a |", "| needs something on both sides"),
        ("| a", "| needs something on both sides"),
        ('"open', 'missing closing "'),
        ("tag:", "tag: needs a value"),
        ("status:maybe", "status: expects unread, reading, read"),
        ("date:soon", "date: expects YYYY"),
        ("date:2024-13", "month 13"),
        ("date:2024-02-30", "day 30"),
        ("date:2024-05..2024-01", "ends before it starts"),
        ("^", "needs a word"),
    ],
)
def test_malformed_queries_give_clear_errors(query: str, message: str) -> None:
    with pytest.raises(
        QueryError,
        match=message.replace("(", r"\(")
        .replace(")", r"\)")
        .replace("|", r"\|")
        .replace("^", r"\^"),
    ):
        parse_query(query)


def test_smart_case_flag() -> None:
    assert Term("LoRA").case_sensitive and not Term("lora").case_sensitive


def test_reads_annotations() -> None:
    from reader.core.query import reads_annotations

    assert reads_annotations("tag:llm model") and reads_annotations("a | -status:read")
    assert not reads_annotations("small language") and not reads_annotations("date:2024")
    assert not reads_annotations("(broken")
