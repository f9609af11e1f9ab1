"""Hugging Face daily papers: where each field is read from, and what makes an item unusable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.formats.common import BytesText, Problem
from reader.core.formats.hf_daily import parse_hf_daily, parse_item


def _item(**fields: object):  # type: ignore[no-untyped-def]
    paper, reason = parse_item(fields, "d.json")
    assert reason is None, reason
    return paper


def test_the_nested_paper_wins_and_empty_values_fall_back_to_the_item() -> None:
    paper = _item(
        paper={
            "id": "2401.00001",
            "title": "Nested",
            "summary": "",
            "authors": [],
            "upvotes": None,
            "githubRepo": "https://github.com/n/n",
        },
        title="Top",
        summary="Top summary",
        authors=[{"name": "Ada"}, "Alan", {"x": 1}, 3],
        upvotes=4,
        githubRepo="https://github.com/t/t",
        projectPage="http://project.org",
        numComments=2,
    )
    assert paper.title == "Nested" and paper.abstract == "Top summary"
    assert paper.authors == ("Ada", "Alan", "3") and paper.upvotes == 4 and paper.comments == 2
    assert paper.links == (
        ("arXiv", "https://arxiv.org/abs/2401.00001"),
        ("PDF", "https://arxiv.org/pdf/2401.00001"),
        ("GitHub", "https://github.com/n/n"),
        ("Project page", "http://project.org"),
    )


def test_only_web_links_are_kept() -> None:
    paper = _item(title="T", githubRepo="javascript:alert(1)", projectPage="ftp://x.org")
    assert paper.links == ()


def test_dates_the_listing_date_is_the_items() -> None:
    both = _item(title="T", publishedAt="2024-03-15T00:00:00Z", paper={"publishedAt": "2024-03-14"})
    assert (both.date, both.listing_date) == ("2024-03-14", "2024-03-15")
    paper_only = _item(title="T", paper={"publishedAt": "2024-03-14T10:00:00Z"})
    assert (paper_only.date, paper_only.listing_date) == ("2024-03-14", "2024-03-14")
    none = _item(title="T", publishedAt="soon")
    assert (none.date, none.listing_date, none.listing_dates) == (None, None, ())


def test_keywords_only_from_a_list() -> None:
    assert _item(title="T", ai_keywords=["llm", "LLM", "", "agents"]).keywords == ("llm", "agents")
    assert _item(title="T", ai_keywords="llm, agents").keywords == ()
    assert _item(title="T", paper={"ai_keywords": ["x"]}, ai_keywords=["y"]).keywords == ("x",)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": "T", "upvotes": "many"}, "upvotes is not a count: 'many'"),
        ({"title": "T", "upvotes": -1}, "upvotes is not a count: '-1'"),
        ({"title": "T", "numComments": 1.5}, "numComments is not a count: '1.5'"),
        ({"title": "T", "numComments": "x" * 50}, f"numComments is not a count: {'x' * 20!r}"),
        ({"title": "  "}, "no title"),
        ({"paper": {"title": ["x"]}}, "no title"),
    ],
)
def test_unusable_items_say_why(fields: dict[str, object], reason: str) -> None:
    assert parse_item(fields, "d.json") == (None, reason)


@pytest.mark.parametrize(("item", "kind"), [([1], "list"), ("x", "str"), (None, "NoneType")])
def test_an_item_that_is_not_an_object(item: object, kind: str) -> None:
    assert parse_item(item, "d.json") == (None, f"not an object but {kind}")


def test_counts_as_digit_strings_are_counts() -> None:
    paper = _item(title="T", upvotes="12", numComments="0")
    assert (paper.upvotes, paper.comments) == (12, 0)


def test_bad_items_are_skipped_with_their_lines_and_reading_goes_on() -> None:
    items = [{"title": "One"}, {"title": "T", "upvotes": "x"}, 5, {"title": "Two"}]
    text = "[\n" + ",\n".join(json.dumps(item) for item in items) + "\n]"
    parsed = parse_hf_daily(Path("d.json"), text.encode())
    assert [paper.title for paper in parsed.papers] == ["One", "Two"]
    assert parsed.problems == [
        Problem("3", "upvotes is not a count: 'x'"),
        Problem("4", "not an object but int"),
    ]
    again = parse_hf_daily(Path("d.json"), BytesText(text.encode()))
    assert again.problems == parsed.problems
