"""The data the app works with: papers as loaded, and the annotations a reader adds."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum


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
