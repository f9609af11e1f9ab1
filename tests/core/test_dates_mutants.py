"""Date sorting at each date's precision: day, then month, then year; undated last."""

from __future__ import annotations

from reader.core.dates import date_key, date_parts
from reader.core.models import Paper


def paper(n: int, date: str | None = None, listing: str | None = None) -> Paper:
    return Paper(id=f"2401.{n:05d}", title=f"T{n}", date=date, listing_date=listing)


def newest_first(papers: list[Paper]) -> list[str]:
    return [p.id[-1] for p in sorted(papers, key=date_key)]


def test_a_month_sorts_after_its_days_and_a_year_after_its_months() -> None:
    papers = [
        paper(1, "2023"),
        paper(2, "2023-01"),
        paper(3, "2023-01-01"),
        paper(4),
        paper(5, "2022-12-31"),
        paper(6, "2023-02-01"),
    ]
    assert newest_first(papers) == ["6", "3", "2", "1", "5", "4"]


def test_the_listing_date_counts_when_there_is_no_date() -> None:
    assert date_parts(paper(1, None, " 2024-3-5 ")) == (2024, 3, 5)
    assert date_parts(paper(1, "Mar 13", "2024")) == (2024,)
    assert date_parts(paper(1, None, "Mar 13")) == ()
    assert newest_first([paper(1, None, "Mar 13"), paper(2, None, "2020")]) == ["2", "1"]
