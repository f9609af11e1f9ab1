"""The data the app works with: papers as loaded, and the annotations a reader adds."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum

from reader.core.text import (
    clean_block,
    clean_line,
    is_printable,
    latex_to_unicode,
    make_paper_id,
    needs_cleaning,
    title_key,
)


class Status(StrEnum):
    """Where a reader is with a paper."""

    UNREAD = "unread"
    READING = "reading"
    READ = "read"

    @property
    def mark(self) -> str:
        """A one-character mark that tells the statuses apart without colour."""
        return {"unread": "·", "reading": "◐", "read": "✓"}[self.value]


STATUS_CYCLE: tuple[Status, ...] = (Status.UNREAD, Status.READING, Status.READ)
"""The statuses ``s`` steps through unless config.toml's ``status_cycle`` says otherwise."""


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
    doi: str | None = None
    """The DOI without a resolver prefix, for example ``10.1103/PhysRevD.76.013009``."""
    journal_ref: str | None = None
    """Where the paper was published (arXiv's ``journal-ref``)."""
    update_date: str | None = None
    """The source's last-updated date (ISO), kept apart from the publication ``date``."""

    def __post_init__(self) -> None:
        """Check types and clean every text field: the one boundary all paper text passes.

        Terminal controls (ESC sequences, C0 but newline/tab, DEL, C1, bidi overrides)
        are removed from every field whatever the format; one-line fields lose newlines
        too.  A paper without a title key or id gets them from its title, as any paper.
        Wrong types raise TypeError, which parsers report as a skipped record.
        """
        setter = object.__setattr__
        if not self._is_clean():
            setter(self, "title", _line(self.title, "title"))
            setter(self, "abstract", _block(self.abstract, "abstract"))
            for name in _OPTIONAL_LINES:
                value = getattr(self, name)
                if value is not None:
                    setter(self, name, _line(value, name) or None)
            setter(self, "source", _line(self.source, "source"))
            for name in _LINE_TUPLES:
                setter(self, name, _lines(getattr(self, name), name))
            setter(self, "links", _links(self.links))
        for name in ("upvotes", "comments"):
            setter(self, name, _count(getattr(self, name), name))
        title = self.title
        key = _line(self.title_key, "title_key") or title_key(title)
        setter(self, "title_key", key)
        setter(self, "arxiv_id", self.arxiv_id or None)
        setter(self, "id", _line(self.id, "id") or make_paper_id(title, self.arxiv_id, key=key))

    @property
    def main_link(self) -> str | None:
        """The link to open or cite: the first one (the arXiv abstract page when known)."""
        return self.links[0][1] if self.links else None

    def _is_clean(self) -> bool:
        """Tell whether every text field is already clean (the common case, checked at once).

        One pass over the fields and one check of their joined text: every paper of a
        file passes here, so it is written for speed.
        """
        texts = [self.title, self.abstract, self.source]
        for values in (self.authors, self.keywords, self.listing_dates, self.sources):
            if type(values) is not tuple or not all(values):
                return False
            texts += values
        if type(self.links) is not tuple:
            return False
        for link in self.links:
            if type(link) is not tuple or len(link) != 2 or not link[1]:
                return False
            texts += link
        optional = [getattr(self, name) for name in _OPTIONAL_LINES]
        texts += [value for value in optional if value is not None]
        try:
            # Any separator gives the same verdict (the checks are per character): marked.
            joined = "\x20".join(texts)  # pragma: no mutate
        except TypeError:
            return False
        clean = is_printable(joined) or needs_cleaning(joined) is None
        return clean and not _has_edge_space(self, optional)

    @property
    def display_title(self) -> str:
        """The title with simple LaTeX shown as Unicode (``title`` keeps the source)."""
        return latex_to_unicode(self.title)

    @property
    def display_abstract(self) -> str:
        """The abstract with simple LaTeX shown as Unicode (``abstract`` keeps the source)."""
        return latex_to_unicode(self.abstract)


_OPTIONAL_LINES = (
    "listing_date",
    "arxiv_id",
    "date",
    "doi",
    "journal_ref",
    "update_date",
)
_LINE_TUPLES = ("authors", "keywords", "listing_dates", "sources")
_MAX_COUNT = 10**12


def _has_edge_space(paper: Paper, optional: list[str | None]) -> bool:
    """Tell whether a one-line field has edge spaces, or is empty but not None.

    The source, list items and links only need the edge check: an empty source is
    clean, and empty items and urls were refused by ``_is_clean`` already.
    """
    for value in (paper.title, *paper.authors, *paper.keywords, *optional):
        if value is not None and (not value or value[0] == " " or value[-1] == " "):
            return True
    for value in (paper.source, *paper.listing_dates, *paper.sources):
        if value[:1] == " " or value[-1:] == " ":
            return True
    for label, url in paper.links:
        if label[:1] == " " or label[-1:] == " " or url[0] == " " or url[-1] == " ":
            return True
    return False


def _line(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} is {type(value).__name__}, not text")
    return clean_line(value).strip()


def _block(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} is {type(value).__name__}, not text")
    return clean_block(value)


def _lines(values: object, name: str) -> tuple[str, ...]:
    if not isinstance(values, tuple | list):
        raise TypeError(f"{name} is {type(values).__name__}, not a list")
    cleaned = tuple([_line(value, name) for value in values])
    return cleaned if all(cleaned) else tuple(value for value in cleaned if value)


def _links(values: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(values, tuple | list):
        raise TypeError(f"links is {type(values).__name__}, not a list")
    links = []
    for link in values:
        if not isinstance(link, tuple | list) or len(link) != 2:
            raise TypeError("a link is not a (label, url) pair")
        label, url = _line(link[0], "link label"), _line(link[1], "link")
        if url:
            links.append((label, url))
    return tuple(links)


def _count(value: object, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} is {type(value).__name__}, not a whole number")
    if not 0 <= value <= _MAX_COUNT:
        raise ValueError(f"{name} is out of range")
    return value


PAPER_FIELDS: tuple[str, ...] = tuple(item.name for item in fields(Paper))
"""Every field of Paper, in order (for caches and exports)."""


@dataclass(frozen=True, slots=True)
class Highlight:
    """A passage the reader marked in a paper's full text, with an optional note.

    Anchored by the quoted text, its section and its position (block, offset), so it is
    found again after a re-download even if the position moved.
    """

    id: str
    quote: str
    section: str = ""
    block: int = -1
    offset: int = 0
    note: str = ""
    created: str | None = None

    def __post_init__(self) -> None:
        """Check types and clean the text (a note keeps its newlines)."""
        setter = object.__setattr__
        setter(self, "id", _line(self.id, "highlight id"))
        setter(self, "quote", _line(self.quote, "quote"))
        setter(self, "section", _line(self.section, "section"))
        setter(self, "note", _block(self.note, "highlight note"))
        for name in ("block", "offset"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"highlight {name} is {type(value).__name__}, not a number")
        if not self.id or not self.quote:
            raise ValueError("a highlight needs an id and a quote")
        if not isinstance(self.created, str):
            setter(self, "created", None)

    def to_json(self) -> dict[str, object]:
        """Return the stored (and exported) form."""
        return {
            "id": self.id,
            "quote": self.quote,
            "section": self.section,
            "block": self.block,
            "offset": self.offset,
            "note": self.note,
            "created": self.created,
        }

    @classmethod
    def from_json(cls, data: object) -> Highlight:
        """Read the stored form (raises TypeError or ValueError when damaged)."""
        if not isinstance(data, dict):
            raise TypeError(f"a highlight is {type(data).__name__}, not an object")
        return cls(
            id=data.get("id"),  # type: ignore[arg-type]
            quote=data.get("quote"),  # type: ignore[arg-type]
            section=data.get("section") or "",
            block=data.get("block", -1),
            offset=data.get("offset", 0),
            note=data.get("note") or "",
            created=data.get("created"),
        )


def highlights_from_json(values: object) -> tuple[Highlight, ...]:
    """Read a stored list of highlights, skipping damaged ones (never losing the rest)."""
    if not isinstance(values, list):
        return ()
    found = []
    for value in values:
        try:
            found.append(Highlight.from_json(value))
        except (TypeError, ValueError):
            continue
    return tuple(found)


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
    highlights: tuple[Highlight, ...] = ()

    def __post_init__(self) -> None:
        """Check types and clean the text (controls removed; notes keep their newlines)."""
        setter = object.__setattr__
        setter(self, "paper_id", _line(self.paper_id, "paper id"))
        setter(self, "status", Status(self.status))
        setter(self, "tags", _lines(self.tags, "tags"))
        setter(self, "note", _block(self.note, "note"))
        if not isinstance(self.highlights, tuple | list):
            raise TypeError(f"highlights is {type(self.highlights).__name__}, not a list")
        setter(self, "highlights", tuple(h for h in self.highlights if isinstance(h, Highlight)))
        for name in ("created", "updated", "status_changed"):
            value = getattr(self, name)
            # Timestamps are informative: a damaged one is dropped, not fatal.
            setter(self, name, (_line(value, name) or None) if isinstance(value, str) else None)

    @property
    def is_empty(self) -> bool:
        """True when nothing has been recorded for the paper."""
        return (
            self.status is Status.UNREAD and not self.tags and not self.note and not self.highlights
        )


@dataclass(slots=True)
class LoadReport:
    """What happened while loading sources: papers found, and problems worth telling."""

    papers: list[Paper] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Problems the app shows but can live with (one line each)."""
    errors: list[str] = field(default_factory=list)
    """Files that could not be used at all (one line each, naming the file)."""
