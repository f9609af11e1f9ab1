"""The data the app works with: papers as loaded, and the annotations a reader adds."""

from __future__ import annotations

from enum import StrEnum

from reader.core.record import FrozenRecord, Record
from reader.core.text import (
    clean_block,
    clean_line,
    is_printable,
    latex_to_unicode,
    make_paper_id,
    needs_cleaning,
)
from reader.core.text import title_key as make_title_key


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


class Paper(FrozenRecord):
    """One paper as read from a source file; its text is never changed by annotating."""

    __slots__ = (
        "abstract",
        "arxiv_id",
        "authors",
        "comments",
        "date",
        "doi",
        "id",
        "journal_ref",
        "keywords",
        "links",
        "listing_date",
        "listing_dates",
        "source",
        "sources",
        "title",
        "title_key",
        "update_date",
        "upvotes",
    )
    id: str
    """Stable id: the arXiv id when the source has one, else ``title:<hash>``."""
    title: str
    abstract: str
    listing_date: str | None
    """The listing date as written in the source, for example ``Mar 13``."""
    source: str
    """The file the paper was read from."""
    title_key: str
    """Hash of the normalised title, so annotations follow a paper that later gains an id."""
    arxiv_id: str | None
    authors: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    """(label, url) pairs."""
    date: str | None
    """Listing or publication date as ISO ``YYYY-MM-DD`` when the year is known."""
    upvotes: int | None
    keywords: tuple[str, ...]
    """arXiv categories and keywords (Hugging Face's ai_keywords)."""
    comments: int | None
    listing_dates: tuple[str, ...]
    """Every listing date the paper was seen with, across sources."""
    sources: tuple[str, ...]
    """Every file the paper came from (after merging)."""
    doi: str | None
    """The DOI without a resolver prefix, for example ``10.1103/PhysRevD.76.013009``."""
    journal_ref: str | None
    """Where the paper was published (arXiv's ``journal-ref``)."""
    update_date: str | None
    """The source's last-updated date (ISO), kept apart from the publication ``date``."""

    def __init__(
        self,
        id: str,
        title: str,
        abstract: str = "",
        listing_date: str | None = None,
        source: str = "",
        title_key: str = "",
        arxiv_id: str | None = None,
        authors: tuple[str, ...] = (),
        links: tuple[tuple[str, str], ...] = (),
        date: str | None = None,
        upvotes: int | None = None,
        keywords: tuple[str, ...] = (),
        comments: int | None = None,
        listing_dates: tuple[str, ...] = (),
        sources: tuple[str, ...] = (),
        doi: str | None = None,
        journal_ref: str | None = None,
        update_date: str | None = None,
    ) -> None:
        """Check types and clean every text field: the one boundary all paper text passes.

        Terminal controls (ESC sequences, C0 but newline/tab, DEL, C1, bidi overrides)
        are removed from every field whatever the format; one-line fields lose newlines
        too.  A paper without a title key or id gets them from its title, as any paper.
        Wrong types raise TypeError, which parsers report as a skipped record.

        Every paper of a file passes here, so it is written for speed: clean values (the
        common case, checked at once) are kept as given, and each field is set once.
        """
        optional = (listing_date, arxiv_id, date, doi, journal_ref, update_date)
        lines: list[object] = [id, title, source, title_key]
        clean = bool(title)
        for value in optional:
            if value is not None:
                clean = clean and value != ""
                lines.append(value)
        clean = clean and _clean_as_given(
            abstract, lines, authors, keywords, listing_dates, sources, links
        )
        if not clean:
            title = _line(title, "title")
            abstract = _block(abstract, "abstract")
            listing_date, arxiv_id, date, doi, journal_ref, update_date = [
                None if value is None else _line(value, name) or None
                for name, value in zip(_OPTIONAL_LINES, optional, strict=True)
            ]
            source = _line(source, "source")
            authors = _lines(authors, "authors")
            keywords = _lines(keywords, "keywords")
            listing_dates = _lines(listing_dates, "listing_dates")
            sources = _lines(sources, "sources")
            links = _links(links)
        if upvotes is not None:
            upvotes = _count(upvotes, "upvotes")
        if comments is not None:
            comments = _count(comments, "comments")
        if not clean:
            title_key = _line(title_key, "title_key")
            id = _line(id, "id")
        title_key = title_key or make_title_key(title)
        arxiv_id = arxiv_id or None
        _set_id(self, id or make_paper_id(title, arxiv_id, key=title_key))
        _set_title(self, title)
        _set_abstract(self, abstract)
        _set_listing_date(self, listing_date)
        _set_source(self, source)
        _set_title_key(self, title_key)
        _set_arxiv_id(self, arxiv_id)
        _set_authors(self, authors)
        _set_links(self, links)
        _set_date(self, date)
        _set_upvotes(self, upvotes)
        _set_keywords(self, keywords)
        _set_comments(self, comments)
        _set_listing_dates(self, listing_dates)
        _set_sources(self, sources)
        _set_doi(self, doi)
        _set_journal_ref(self, journal_ref)
        _set_update_date(self, update_date)

    @property
    def main_link(self) -> str | None:
        """The link to open or cite: the first one (the arXiv abstract page when known)."""
        return self.links[0][1] if self.links else None

    @property
    def display_title(self) -> str:
        """The title with simple LaTeX shown as Unicode (``title`` keeps the source)."""
        return latex_to_unicode(self.title)

    @property
    def display_abstract(self) -> str:
        """The abstract with simple LaTeX shown as Unicode (``abstract`` keeps the source)."""
        return latex_to_unicode(self.abstract)

    @property
    def display_authors(self) -> tuple[str, ...]:
        r"""The authors with simple LaTeX as Unicode (``Bal\'azs`` -> Balázs)."""
        return tuple(latex_to_unicode(name) for name in self.authors)


_OPTIONAL_LINES = (
    "listing_date",
    "arxiv_id",
    "date",
    "doi",
    "journal_ref",
    "update_date",
)
_MAX_COUNT = 10**12

# Each field's slot, set directly: object.__setattr__ per field (a frozen dataclass's own
# __init__) is twice as slow, and every paper of a file is built here.
(
    _set_id,
    _set_title,
    _set_abstract,
    _set_listing_date,
    _set_source,
    _set_title_key,
    _set_arxiv_id,
    _set_authors,
    _set_links,
    _set_date,
    _set_upvotes,
    _set_keywords,
    _set_comments,
    _set_listing_dates,
    _set_sources,
    _set_doi,
    _set_journal_ref,
    _set_update_date,
) = [getattr(Paper, name).__set__ for name in Paper._fields]


def _clean_as_given(
    abstract: object,
    lines: list[object],
    authors: object,
    keywords: object,
    listing_dates: object,
    sources: object,
    links: object,
) -> bool:
    """Tell whether every text field is already clean, so the values are kept as given.

    ``lines`` holds the one-line fields (id, title, source, title key and the optional
    ones that are not None); the list items and link texts are added to it.  Clean means:
    tuples of non-empty items, links as (label, url) pairs with a url, no character the
    cleaners change, and no whitespace at either end of a one-line field.  For ASCII the
    ends are checked at once on the fields joined by ``|``: an edge space sits beside a
    ``|`` (a space beside a ``|`` inside a field only means the slow path, which gives
    the same values).
    """
    if not (type(authors) is type(keywords) is type(listing_dates) is type(sources) is tuple):
        return False
    if type(links) is not tuple:
        return False
    for values in (authors, keywords, listing_dates, sources):
        if not all(values):
            return False
        lines += values
    for link in links:
        if type(link) is not tuple or len(link) != 2 or not link[1]:
            return False
        lines += link
    try:
        joined = "|".join(lines)  # type: ignore[arg-type]
    except TypeError:
        return False
    if type(abstract) is not str:
        return False
    if joined.isascii():  # then a space is the only whitespace that is not a control
        if " |" in joined or "| " in joined or joined[0] == " " or joined[-1] == " ":
            return False
    elif any(value != value.strip() for value in lines):  # type: ignore[attr-defined]
        return False
    # The checks are per character: a field is clean when none of its characters is one
    # the cleaners change (the fast ASCII check first, as most text is ASCII).
    return (is_printable(abstract) or needs_cleaning(abstract) is None) and (
        is_printable(joined) or needs_cleaning(joined) is None
    )


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


PAPER_FIELDS: tuple[str, ...] = Paper._fields
"""Every field of Paper, in order (for caches and exports)."""


class Highlight(FrozenRecord):
    """A passage the reader marked in a paper's full text, with an optional note.

    Anchored by the quoted text, its section and its position (block, offset), so it is
    found again after a re-download even if the position moved.
    """

    __slots__ = ("block", "created", "id", "note", "offset", "quote", "section")
    id: str
    quote: str
    section: str
    block: int
    offset: int
    note: str
    created: str | None

    def __init__(
        self,
        id: str,
        quote: str,
        section: str = "",
        block: int = -1,
        offset: int = 0,
        note: str = "",
        created: str | None = None,
    ) -> None:
        """Check types and clean the text (a note keeps its newlines)."""
        setter = object.__setattr__
        setter(self, "id", _line(id, "highlight id"))
        setter(self, "quote", _line(quote, "quote"))
        setter(self, "section", _line(section, "section"))
        setter(self, "block", block)
        setter(self, "offset", offset)
        setter(self, "note", _block(note, "highlight note"))
        setter(self, "created", created)
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


class Annotation(FrozenRecord):
    """What a reader has added to one paper."""

    __slots__ = (
        "created",
        "highlights",
        "note",
        "paper_id",
        "status",
        "status_changed",
        "tags",
        "updated",
    )
    paper_id: str
    status: Status
    tags: tuple[str, ...]
    note: str
    created: str | None
    updated: str | None
    status_changed: str | None
    highlights: tuple[Highlight, ...]

    def __init__(
        self,
        paper_id: str,
        status: Status = Status.UNREAD,
        tags: tuple[str, ...] = (),
        note: str = "",
        created: str | None = None,
        updated: str | None = None,
        status_changed: str | None = None,
        highlights: tuple[Highlight, ...] = (),
    ) -> None:
        """Check types and clean the text (controls removed; notes keep their newlines)."""
        setter = object.__setattr__
        setter(self, "paper_id", _line(paper_id, "paper id"))
        setter(self, "status", Status(status))
        setter(self, "tags", _lines(tags, "tags"))
        setter(self, "note", _block(note, "note"))
        if not isinstance(highlights, tuple | list):
            raise TypeError(f"highlights is {type(highlights).__name__}, not a list")
        setter(self, "highlights", tuple(h for h in highlights if isinstance(h, Highlight)))
        for name, value in (
            ("created", created),
            ("updated", updated),
            ("status_changed", status_changed),
        ):
            # Timestamps are informative: a damaged one is dropped, not fatal.
            setter(self, name, (_line(value, name) or None) if isinstance(value, str) else None)

    @property
    def is_empty(self) -> bool:
        """True when nothing has been recorded for the paper."""
        return (
            self.status is Status.UNREAD and not self.tags and not self.note and not self.highlights
        )


class LoadReport(Record):
    """What happened while loading sources: papers found, and problems worth telling."""

    __slots__ = ("errors", "papers", "warnings")
    papers: list[Paper]
    warnings: list[str]
    """Problems the app shows but can live with (one line each)."""
    errors: list[str]
    """Files that could not be used at all (one line each, naming the file)."""

    def __init__(
        self,
        papers: list[Paper] | None = None,
        warnings: list[str] | None = None,
        errors: list[str] | None = None,
    ) -> None:
        self.papers = [] if papers is None else papers
        self.warnings = [] if warnings is None else warnings
        self.errors = [] if errors is None else errors
