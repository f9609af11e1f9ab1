"""Parse the Hugging Face trending-papers page as copied from a browser into plain text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from reader.core.models import Paper
from reader.core.text import collapse_whitespace, make_paper_id, title_key

_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE_LINE = re.compile(
    rf"^(?:(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\.?(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2})$",
    re.IGNORECASE,
)
# Page chrome that the copy picks up; compared casefolded.
_HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "byak and the research community",
        "trending papers",
        "daily papers",
    }
)
_ABSTRACT_MIN_CHARS = 250
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?$")


@dataclass(slots=True)
class ParsedPage:
    """Papers found on one or more pasted pages."""

    papers: list[Paper] = field(default_factory=list)


def is_date_line(line: str) -> bool:
    """Return True for listing-date lines such as ``Mar 13`` or ``Mar 13, 2024``."""
    return bool(_DATE_LINE.match(line.strip()))


def _looks_like_abstract(text: str) -> bool:
    """Tell an abstract paragraph from a title line that follows a title."""
    if len(text) >= _ABSTRACT_MIN_CHARS:
        return True
    return bool(_SENTENCE_END.search(text)) and len(text.split()) >= 20


def _blocks(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Split lines into blank-line separated blocks, with the first line number of each."""
    current: list[str] = []
    start = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            if current:
                yield start, current
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        yield start, current


def parse_trending_page(text: str | Iterable[str], source: str = "") -> ParsedPage:
    """Parse one or more trending pages pasted as text.

    The layout is: page chrome (``new``, ``Subscribe`` ...), a date line such as ``Mar 13``,
    then papers, each a title line and an abstract paragraph, separated by blank lines.
    Date lines may recur (several pages pasted one after another) and apply to the papers
    below them.  A title with no abstract is still a paper.  ``text`` (a string or an
    iterable of lines, for streaming) must already be free of control characters.
    """
    page = ParsedPage()
    listing_date: str | None = None
    pending: tuple[str, str | None] | None = None  # (title, listing date)

    def flush(abstract: str = "") -> None:
        nonlocal pending
        if pending is not None:
            title, date = pending
            key = title_key(title)
            page.papers.append(
                Paper(
                    id=make_paper_id(title, key=key),
                    title=title,
                    abstract=abstract,
                    listing_date=date,
                    source=source,
                    title_key=key,
                    listing_dates=(date,) if date else (),
                    sources=(source,),
                )
            )
        pending = None

    lines_in = text.split("\n") if isinstance(text, str) else text
    for _number, lines in _blocks(lines_in):
        # A block may hold chrome, a date, a title and its abstract on consecutive lines.
        rest = list(lines)
        while rest:
            line = rest.pop(0)
            if line.casefold() in _HEADER_LINES:
                continue
            if is_date_line(line):
                flush()
                listing_date = collapse_whitespace(line)
                continue
            if pending is not None and _looks_like_abstract(line):
                flush(collapse_whitespace(" ".join([line, *rest])))
                rest = []
                continue
            flush()
            pending = (collapse_whitespace(line), listing_date)
            if rest:
                # Title directly followed by its abstract without a blank line.
                flush(collapse_whitespace(" ".join(rest)))
                rest = []
    flush()
    return page
