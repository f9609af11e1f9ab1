"""Paper dates at the precision they have: a year, a month or a day.

No numpy here: the list draws dates on the path to the first paint.
"""

from __future__ import annotations

import re

from reader.core.models import Paper

_DATE_PARTS = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def date_parts(paper: Paper) -> tuple[int, ...]:
    """Return (year[, month[, day]]) as far as the paper's date is known, else ()."""
    for value in (paper.date, paper.listing_date):
        match = _DATE_PARTS.fullmatch(value.strip()) if value else None
        if match:
            return tuple(int(part) for part in match.groups() if part is not None)
    return ()


def date_key(paper: Paper) -> tuple[bool, int, int, int]:
    """Return the sort key for newest first, each date at the precision it has.

    A year-only date sorts as that year (after that year's fully dated papers), a month
    as that month; undated papers last.
    """
    parts = date_parts(paper)
    if not parts:
        return (True, 0, 0, 0)  # pragma: no mutate (dated keys are negative: any sorts last)
    year, month, day = (*parts, 0, 0)[:3]
    return (False, -year, -month, -day)
