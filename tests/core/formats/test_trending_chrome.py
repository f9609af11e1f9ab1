"""Page chrome in a copied trending page: recognised by content, never an abstract."""

from __future__ import annotations

from reader.core.formats.trending import is_chrome, parse_trending_page

LONGEST = "Get trending papers in your email inbox!"


def test_every_chrome_line_is_recognised_in_any_case() -> None:
    for line in [
        "new",
        "NEW",
        "Subscribe",
        "byAK and the research community",
        "Trending Papers",
        "DAILY PAPERS",
        LONGEST,
        LONGEST.upper(),
    ]:
        assert is_chrome(line), line


def test_the_longest_chrome_line_is_chrome_and_one_character_more_is_not() -> None:
    assert is_chrome(LONGEST)
    assert not is_chrome(LONGEST + "!")
    assert not is_chrome(" " + LONGEST)
    assert not is_chrome("Subscribe now")
    assert not is_chrome("")


def test_chrome_between_papers_is_skipped_and_in_place_of_an_abstract_is_a_break() -> None:
    page = "\n".join(
        [
            "Trending Papers",
            "Mar 13",
            "First title",
            "",
            "First abstract.",
            "",
            "Subscribe",
            "Second title",
            "",
            "SUBSCRIBE",
            "Third title",
            "",
            "Third abstract.",
            "",
        ]
    )
    parsed = parse_trending_page(page, "page.txt")
    assert [(p.title, p.abstract) for p in parsed.papers] == [
        ("First title", "First abstract."),
        ("Second title", ""),
        ("Third title", "Third abstract."),
    ]
    assert parsed.warning == (
        "page.txt:10: the page's structure breaks here: expected an abstract (or a blank line)"
    )


def test_a_long_abstract_that_starts_like_chrome_stays_the_abstract() -> None:
    abstract = "Subscribe " + "word " * 400
    page = f"A title\n\n{abstract.strip()}\n"
    parsed = parse_trending_page(page, "page.txt")
    assert [p.abstract for p in parsed.papers] == [abstract.strip()]
    assert parsed.warning is None
