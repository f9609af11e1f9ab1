"""What every format parser shares: the result type, problems, and building a Paper."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.core.models import Paper
from reader.core.text import (
    collapse_whitespace,
    make_paper_id,
    normalise_arxiv_id,
    strip_control,
    title_key,
)


class SourceError(Exception):
    """A file that cannot be used at all; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One record that was skipped: where (line, or record number for JSON) and why."""

    where: str
    """``12`` for line 12, or ``record 3`` for the third JSON item."""
    reason: str


@dataclass(slots=True)
class Parsed:
    """Papers read from one file, with the records skipped and an optional warning."""

    papers: list[Paper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warning: str | None = None


def clean(value: object) -> str:
    """Return a field as one line of plain text: controls removed, wrapping undone."""
    if value is None:
        return ""
    return collapse_whitespace(strip_control(str(value)))


def names(values: Iterable[object]) -> tuple[str, ...]:
    """Return cleaned, non-empty author names in order, without repeats."""
    seen: set[str] = set()
    result = []
    for value in values:
        name = clean(value)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return tuple(result)


def arxiv_links(arxiv_id: str | None) -> tuple[tuple[str, str], ...]:
    """Return the arXiv abstract page and PDF links of an arXiv id."""
    if not arxiv_id:
        return ()
    return (
        ("arXiv", f"https://arxiv.org/abs/{arxiv_id}"),
        ("PDF", f"https://arxiv.org/pdf/{arxiv_id}"),
    )


def iso_date(value: object) -> str | None:
    """Return ``YYYY-MM-DD`` from an ISO date or timestamp, else None."""
    text = clean(value)
    if len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        return text[:10]
    return None


def build_paper(
    *,
    title: str,
    abstract: str = "",
    source: str,
    arxiv_id: str | None = None,
    authors: tuple[str, ...] = (),
    links: tuple[tuple[str, str], ...] = (),
    date: str | None = None,
    listing_date: str | None = None,
    upvotes: int | None = None,
    keywords: tuple[str, ...] = (),
    comments: int | None = None,
) -> Paper:
    """Build a Paper with its stable id; text fields are cleaned here."""
    title = clean(title)
    bare_id = normalise_arxiv_id(arxiv_id) if arxiv_id else None
    key = title_key(title)
    listing = listing_date or date
    return Paper(
        id=make_paper_id(title, bare_id, key=key),
        title=title,
        abstract=clean(abstract),
        listing_date=listing,
        source=source,
        title_key=key,
        arxiv_id=bare_id,
        authors=authors,
        links=(*arxiv_links(bare_id), *links),
        date=date,
        upvotes=upvotes,
        keywords=keywords,
        comments=comments,
        listing_dates=(listing,) if listing else (),
        sources=(source,),
    )


def as_int(value: object) -> int | None:
    """Return an int for numbers and numeric strings, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None
