"""The trending page: its structure, each way it breaks, and the one warning naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.formats.common import BytesText
from reader.core.formats.trending import (
    is_date_line,
    parse_trending,
    parse_trending_lines,
    parse_trending_page,
)

CHROME = [
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "byAK and the research community",
    "Trending Papers",
    "Daily Papers",
]


def _papers(lines: list[str]) -> list[tuple[str, str, str | None]]:
    papers, _ = parse_trending_lines(lines, "p.txt")
    return [(paper.title, paper.abstract, paper.listing_date) for paper in papers]


@pytest.mark.parametrize("chrome", [*CHROME, "SUBSCRIBE", "  New  "])
def test_page_chrome_is_never_a_paper(chrome: str) -> None:
    lines = [chrome, "", "Mar 13", chrome, "", "Title", "", "Abstract", ""]
    assert _papers(lines) == [("Title", "Abstract", "Mar 13")]


@pytest.mark.parametrize(
    "line",
    [
        "Mar 1st",
        "Mar 2nd",
        "Mar 3rd",
        "Sept 4th",
        "Dec. 31",
        "December 31, 2024",
        "31 Dec.",
        "1 Jan, 2024",
        "jan 5",
    ],
)
def test_date_lines(line: str) -> None:
    assert is_date_line(line)
    assert _papers([line, "", "T", "", "A", ""]) == [("T", "A", " ".join(line.split()))]


@pytest.mark.parametrize("line", ["Mar 13 2024 x", "Mar 1th2", "123 Mar", "2024-03-133", "Mon 13"])
def test_lines_that_only_look_like_dates(line: str) -> None:
    assert not is_date_line(line)


def test_a_date_line_is_collapsed_and_applies_until_the_next() -> None:
    lines = ["Mar   13", "", "One", "", "A", "", "Two", "", "B", "", "14 Mar", "", "Three", ""]
    assert _papers(lines) == [
        ("One", "A", "Mar 13"),
        ("Two", "B", "Mar 13"),
        ("Three", "", "14 Mar"),
    ]


def test_a_date_or_chrome_where_the_abstract_belongs_ends_the_paper() -> None:
    lines = ["Mar 13", "", "One", "", "Mar 14", "", "Two", "", "new", "", "Three", "", "C", ""]
    papers, warning = parse_trending_lines(lines, "p.txt")
    assert [(p.title, p.abstract, p.listing_date) for p in papers] == [
        ("One", "", "Mar 13"),
        ("Two", "", "Mar 14"),
        ("Three", "C", "Mar 14"),
    ]
    assert warning == (
        "p.txt:5: the page's structure breaks here: expected an abstract (or a blank line)"
        " (1 more such lines)"
    )


def test_each_break_is_counted_and_the_first_named() -> None:
    lines = ["Title A", "Abstract A", "more A", "even more A", "", "Title B", "", "B", "x", ""]
    papers, warning = parse_trending_lines(lines, "p.txt")
    assert [(p.title, p.abstract) for p in papers] == [
        ("Title A", "Abstract A more A even more A"),
        ("Title B", "B x"),
    ]
    assert warning == (
        "p.txt:2: the page's structure breaks here: expected a blank line after the title"
        " (3 more such lines)"
    )


def test_one_break_has_no_count() -> None:
    _, warning = parse_trending_lines(["T", "", "A", "B", ""], "p.txt")
    assert warning == (
        "p.txt:4: the page's structure breaks here: expected a blank line after the abstract"
    )
    assert parse_trending_lines(["T", "", "A", "", "U", "", "", ""], "p.txt")[1] is None


def test_blank_lines_between_papers_and_a_last_paper_without_a_blank() -> None:
    lines = ["", "  ", "One", "  ", "  A one  ", "", "", "", "Two", "", "B"]
    assert _papers(lines) == [("One", "A one", None), ("Two", "B", None)]


def test_the_page_entry_points_give_the_same_papers() -> None:
    text = "Mar 13\n\nOne\n\nA\n\nTwo\nB\n"
    page = parse_trending_page(text, "s.txt")
    lines = parse_trending_page(text.split("\n"), "s.txt")
    parsed = parse_trending(Path("s.txt"), BytesText(text.encode()))
    assert [p.title for p in page.papers] == [p.title for p in lines.papers] == ["One", "Two"]
    assert [p.title for p in parsed.papers] == ["One", "Two"]
    assert page.papers[1].abstract == "B" and page.papers[0].sources == ("s.txt",)
    expected = "s.txt:8: the page's structure breaks here: expected a blank line after the title"
    assert page.warning == lines.warning == parsed.warning == expected
    assert parsed.problems == []


def test_a_page_without_a_source_name_has_an_empty_source() -> None:
    page = parse_trending_page("T\n\nA\nmore\n")
    assert page.papers[0].source == "" and page.papers[0].sources == ()
    assert (
        page.warning
        == ":4: the page's structure breaks here: expected a blank line after the abstract"
    )
