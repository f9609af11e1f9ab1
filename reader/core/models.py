"""The data the app works with: papers as loaded, and the annotations a reader adds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from enum import StrEnum

from reader.core.text import strip_control


class Status(StrEnum):
    """Where a reader is with a paper."""

    UNREAD = "unread"
    READING = "reading"
    READ = "read"

    @property
    def mark(self) -> str:
        """A one-character mark that tells the statuses apart without colour."""
        return {"unread": "·", "reading": "◐", "read": "✓"}[self.value]


class SortMode(StrEnum):
    """How the list is ordered (after match quality, when there is a query)."""

    RELEVANCE = "relevance"
    DATE = "date"
    TITLE = "title"
    STATUS = "status"
    UPVOTES = "upvotes"

    def next(self) -> SortMode:
        """Return the next mode in the cycle."""
        modes = list(SortMode)
        return modes[(modes.index(self) + 1) % len(modes)]


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper as read from a source file; its text is never changed by annotating."""

    id: str
    """Stable id: the arXiv id when the source has one, else ``title:<hash>``."""
    title: str
    abstract: str = ""
    listing_date: str | None = None
    """The listing date as written in the source, for example ``Mar 13``."""
    source: str = ""
    """The file the paper was read from."""
    title_key: str = ""
    """Hash of the normalised title, so annotations follow a paper that later gains an id."""
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    """(label, url) pairs."""
    date: str | None = None
    """Listing or publication date as ISO ``YYYY-MM-DD`` when the year is known."""
    upvotes: int | None = None
    keywords: tuple[str, ...] = ()
    """arXiv categories and keywords (Hugging Face's ai_keywords)."""
    comments: int | None = None
    listing_dates: tuple[str, ...] = ()
    """Every listing date the paper was seen with, across sources."""
    sources: tuple[str, ...] = ()
    """Every file the paper came from (after merging)."""
    doi: str = ""
    """The DOI (``10.1145/...``), when the source gives one."""
    journal_ref: str = ""
    """arXiv's journal-ref: where the paper was published, when the source says."""

    def __post_init__(self) -> None:
        # The one boundary every paper passes, whatever its format: text is data, never a
        # terminal instruction, so escape sequences and control characters go here.  Most
        # papers are clean: one pass over all their text tells, the slow path cleans.
        if not _all_clean_text(self):
            self._clean()
        for name in ("upvotes", "comments"):
            value = getattr(self, name)
            if value is not None and (type(value) is not int or not -(2**62) < value < 2**62):
                raise ValueError(f"{name} must be a whole number")

    def _clean(self) -> None:
        for name in _PAPER_TEXT:
            _set(self, name, _text(getattr(self, name), name))
        for name in _PAPER_OPTIONAL_TEXT:
            value = getattr(self, name)
            _set(self, name, None if value is None else _text(value, name) or None)
        for name in _PAPER_TEXTS:
            items = _sequence(getattr(self, name), name)
            _set(self, name, tuple(_text(item, name) for item in items))
        links = []
        for link in _sequence(self.links, "links"):
            pair = _sequence(link, "links")
            if len(pair) != 2:
                raise ValueError("links must be (label, url) pairs")
            links.append((_text(pair[0], "links"), _text(pair[1], "links")))
        _set(self, "links", tuple(links))


_PAPER_TEXT = ("id", "title", "abstract", "source", "title_key")
_PAPER_OPTIONAL_TEXT = ("listing_date", "arxiv_id", "date")
_PAPER_TEXTS = ("authors", "keywords", "listing_dates", "sources")


def _all_clean_text(paper: Paper) -> bool:
    """Return True if every text field is already clean text of the right shape."""
    if not (
        type(paper.authors) is tuple
        and type(paper.keywords) is tuple
        and type(paper.listing_dates) is tuple
        and type(paper.sources) is tuple
        and type(paper.links) is tuple
        and all(type(link) is tuple and len(link) == 2 for link in paper.links)
    ):
        return False
    parts = [
        paper.id,
        paper.title,
        paper.abstract,
        paper.source,
        paper.title_key,
        *paper.authors,
        *paper.keywords,
        *paper.listing_dates,
        *paper.sources,
        *(part for link in paper.links for part in link),
    ]
    parts.extend(value for value in (paper.listing_date, paper.arxiv_id, paper.date) if value)
    if paper.listing_date == "" or paper.arxiv_id == "" or paper.date == "":
        return False  # empty optional text becomes None
    try:
        joined = "".join(parts)
    except TypeError:
        return False
    return joined.isprintable() or not _CONTROL.search(joined)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _set(instance: object, name: str, value: object) -> None:
    object.__setattr__(instance, name, value)


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, not {type(value).__name__}")
    return strip_control(value)


def _sequence(value: object, name: str) -> tuple[object, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, tuple | list):
        raise ValueError(f"{name} must be a list")
    return tuple(value)


PAPER_FIELDS: tuple[str, ...] = tuple(item.name for item in fields(Paper))
"""Every field of Paper, in order (for caches and exports)."""


@dataclass(frozen=True, slots=True)
class Annotation:
    """What a reader has added to one paper."""

    paper_id: str
    status: Status = Status.UNREAD
    tags: tuple[str, ...] = ()
    note: str = ""
    created: str | None = None
    updated: str | None = None
    status_changed: str | None = None

    def __post_init__(self) -> None:
        _set(self, "paper_id", _text(self.paper_id, "id"))
        _set(self, "status", Status(self.status))
        _set(self, "tags", tuple(_text(tag, "tags") for tag in _sequence(self.tags, "tags")))
        _set(self, "note", _text(self.note, "note"))
        for name in ("created", "updated", "status_changed"):
            value = getattr(self, name)
            _set(self, name, value if isinstance(value, str) else None)

    @property
    def is_empty(self) -> bool:
        """True when nothing has been recorded for the paper."""
        return self.status is Status.UNREAD and not self.tags and not self.note


@dataclass(slots=True)
class LoadReport:
    """What happened while loading sources: papers found, and problems worth telling."""

    papers: list[Paper] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Problems the app shows but can live with (one line each)."""
    errors: list[str] = field(default_factory=list)
    """Files that could not be used at all (one line each, naming the file)."""
