"""Date sorting compares dates at the precision they have (issue 10.3)."""

from __future__ import annotations

from reader.core.formats.common import build_paper
from reader.core.models import SortMode
from reader.core.sorting import static_rank


def test_year_only_dates_sort_as_that_year_and_undated_last() -> None:
    papers = [
        build_paper(title="Undated", source="x"),
        build_paper(title="Old", source="x", date="2007-04-02"),
        build_paper(title="Year only", source="x", listing_date="2024"),
        build_paper(title="Listed without a year", source="x", listing_date="Mar 13"),
        build_paper(title="Spring", source="x", date="2024-03-15"),
        build_paper(title="Last year", source="x", date="2023-12-31"),
    ]
    ranks = static_rank(SortMode.DATE, papers)
    assert ranks is not None
    ordered = [paper.title for _, paper in sorted(zip(ranks, papers, strict=True))]
    assert ordered == [
        "Spring",
        "Year only",
        "Last year",
        "Old",
        "Undated",
        "Listed without a year",
    ]
