"""The Hugging Face trending-papers page as copied from a browser into plain text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from reader.core.formats.common import Parsed, TextSource, build_paper
from reader.core.models import Paper
from reader.core.record import Record
from reader.core.text import collapse_whitespace

_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE_LINE = re.compile(
    rf"^(?:(?ai:(?:{_MONTHS})[a-z]*)\.?\s+\d{{1,2}}(?ai:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+(?ai:(?:{_MONTHS})[a-z]*)\.?(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2})$"
)
"""Month names and day suffixes in any case, ASCII only (``(?ai:)``): Unicode case
folding would also take the long s (U+017F) for ``s`` and cost twice the compile on every start."""
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

_HEADER_MAX = max(len(line) for line in _HEADER_LINES)
"""No longer line is chrome: casefolding never shortens text (every character folds to one
or more), so an abstract is not casefolded to be compared."""


def is_chrome(line: str) -> bool:
    """Return True for the page chrome a copy picks up (``Subscribe``, ``Trending Papers``)."""
    return len(line) <= _HEADER_MAX and line.casefold() in _HEADER_LINES


def is_date_line(line: str) -> bool:
    """Return True for listing-date lines such as ``Mar 13`` or ``Mar 13, 2024``."""
    return bool(_DATE_LINE.match(line.strip()))


class _Page:
    """The state of one pass over the page: papers so far and where the structure broke."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.papers: list[Paper] = []
        self.listing_date: str | None = None
        self.title: str | None = None
        self.title_date: str | None = None
        self.abstract: list[str] = []
        self.breaks: list[tuple[int, str]] = []

    def flush(self) -> None:
        if self.title is not None:
            self.papers.append(
                build_paper(
                    title=self.title,
                    abstract=" ".join(self.abstract),
                    source=self.source,
                    listing_date=self.title_date,
                )
            )
        self.title, self.abstract = None, []


# Where the parser is: between papers (chrome, dates, blank lines), after a title line
# (a blank line must follow), before an abstract (the line after that blank; empty when
# it is blank too), after an abstract (a blank line must follow).
_BETWEEN, _AFTER_TITLE, _ABSTRACT, _AFTER_ABSTRACT = range(4)


def parse_trending_lines(lines: Iterable[str], source: str = "") -> tuple[list[Paper], str | None]:
    """Parse trending pages by their structure; return papers and a warning if it broke.

    After the page chrome (``new``, ``Subscribe`` ...) and a date line such as ``Mar 13``
    each paper is: title line, blank line, abstract line (possibly empty), blank line.
    Date lines and chrome may recur (several pages pasted one after another); a date
    applies to the papers below it.  Where a line breaks that structure it is read as
    best fits (a line right after a title is its abstract, one right after an abstract
    continues it) and the warning names the first such line.
    """
    page = _Page(source)
    state = _BETWEEN
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if state == _BETWEEN:
            if not line or is_chrome(line):
                continue
            if is_date_line(line):
                page.listing_date = collapse_whitespace(line)
                continue
            page.title, page.title_date = collapse_whitespace(line), page.listing_date
            state = _AFTER_TITLE
        elif state == _AFTER_TITLE:
            if line:
                page.breaks.append((number, "expected a blank line after the title"))
                page.abstract.append(line)
                state = _AFTER_ABSTRACT
            else:
                state = _ABSTRACT
        elif state == _ABSTRACT:
            if not line:
                page.flush()  # an empty abstract
                state = _BETWEEN
            elif is_date_line(line) or is_chrome(line):
                page.breaks.append((number, "expected an abstract (or a blank line)"))
                page.flush()
                if is_date_line(line):
                    page.listing_date = collapse_whitespace(line)
                state = _BETWEEN
            else:
                page.abstract.append(line)
                state = _AFTER_ABSTRACT
        elif line:  # _AFTER_ABSTRACT
            page.breaks.append((number, "expected a blank line after the abstract"))
            page.abstract.append(line)
        else:
            page.flush()
            state = _BETWEEN
    page.flush()
    warning = None
    if page.breaks:
        number, reason = page.breaks[0]
        more = f" ({len(page.breaks) - 1} more such lines)" if len(page.breaks) > 1 else ""
        warning = f"{source}:{number}: the page's structure breaks here: {reason}{more}"
    return page.papers, warning


def parse_trending(path: Path, text: TextSource) -> Parsed:
    """Parse a trending page file (the format registry's entry point)."""
    papers, warning = parse_trending_lines(text, str(path))
    return Parsed(papers, warning=warning)


class ParsedPage(Record):
    """Papers found on one or more pasted pages, and the structure warning if any."""

    __slots__ = ("papers", "warning")
    papers: list[Paper]
    warning: str | None

    def __init__(self, papers: list[Paper] | None = None, warning: str | None = None) -> None:
        self.papers = [] if papers is None else papers
        self.warning = warning


def parse_trending_page(text: str | Iterable[str], source: str = "") -> ParsedPage:
    """Parse trending pages given as a string or an iterable of lines (see above)."""
    lines = text.split("\n") if isinstance(text, str) else text
    papers, warning = parse_trending_lines(lines, source)
    return ParsedPage(papers, warning)
