"""PaperMerger: one entry per paper, however many sources list it.

Two records are the same paper when they share an arXiv id (versions ignored: ids are
normalised without ``vN``), or, when one lacks an id, the same normalised title.  The
merged entry keeps every author, link, keyword, listing date and source, the highest
upvotes, the earliest publication date, and the arXiv id when any record has one, so
annotations made while a paper was known only by its title follow it (the store also
matches on the title key).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from reader.core.models import Paper

T = TypeVar("T")


def _union(first: tuple[T, ...], second: tuple[T, ...]) -> tuple[T, ...]:
    seen = set(first)
    extra: list[T] = []
    for item in second:
        if item not in seen:
            seen.add(item)
            extra.append(item)
    return first + tuple(extra)


def _union_names(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    seen = {name.casefold() for name in first}
    extra = []
    for name in second:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            extra.append(name)
    return first + tuple(extra)


def _larger(first: int | None, second: int | None) -> int | None:
    values = [value for value in (first, second) if value is not None]
    return max(values) if values else None


def _earlier(first: str | None, second: str | None) -> str | None:
    """Return the earlier of two ISO dates (or years, or months).

    Of two that agree (2024, 2024-03-14) the more precise: a paper's publication date is
    the earliest any source gives.
    """
    if not first or not second:
        return first or second
    if second.startswith(first) or first.startswith(second):
        return max(first, second, key=len)
    return min(first, second)


def merge_papers(kept: Paper, other: Paper) -> Paper:
    """Return ``kept`` completed with what ``other`` knows."""
    primary, secondary = (kept, other) if kept.arxiv_id or not other.arxiv_id else (other, kept)
    urls = {url for _, url in primary.links}
    links = primary.links + tuple(link for link in secondary.links if link[1] not in urls)
    dates = _union(kept.listing_dates, other.listing_dates)
    return primary.replace(
        abstract=max(primary.abstract, secondary.abstract, key=len),
        authors=_union_names(primary.authors, secondary.authors),
        links=links,
        upvotes=_larger(primary.upvotes, secondary.upvotes),
        comments=_larger(primary.comments, secondary.comments),
        keywords=_union_names(primary.keywords, secondary.keywords),
        listing_dates=dates,
        listing_date=dates[0] if dates else None,
        # The earliest, whichever file came first: a snapshot record without versions
        # dates itself by its last update (2024-06-10 where Hugging Face says 2024-03-14).
        date=_earlier(primary.date, secondary.date),
        doi=primary.doi or secondary.doi,
        journal_ref=primary.journal_ref or secondary.journal_ref,
        update_date=max(primary.update_date or "", secondary.update_date or "") or None,
        sources=_union(kept.sources, other.sources),
        source=kept.source,
    )


class SamePaper:
    """Which listed paper a new record is: the rule PaperMerger and the streamed import share.

    The same id, else the same title key unless both records have (different) arXiv ids.
    The caller assigns positions and tells ``note`` what is listed where.
    """

    def __init__(self) -> None:
        self._by_id: dict[str, int] = {}
        self._by_title: dict[str, int] = {}
        self._arxiv = bytearray()
        """1 where the listed paper has an arXiv id."""

    def slot(self, paper: Paper) -> int | None:
        """Return the position of the listed paper ``paper`` is a record of, or None."""
        slot = self._by_id.get(paper.id)
        if slot is None:
            by_title = self._by_title.get(paper.title_key)
            if by_title is not None and not (paper.arxiv_id and self._arxiv[by_title]):
                slot = by_title
        return slot

    def note(self, slot: int, paper: Paper) -> None:
        """Remember that ``paper`` is listed at ``slot`` (a new last one, or merged)."""
        has_arxiv = paper.arxiv_id is not None
        if slot == len(self._arxiv):
            self._arxiv.append(has_arxiv)
        else:
            self._arxiv[slot] = has_arxiv
        self._by_id[paper.id] = slot
        self._by_title.setdefault(paper.title_key, slot)

    def note_columns(self, ids: list[str], title_keys: list[str]) -> None:
        """Remember a whole list from its columns.

        Papers without an arXiv id have ``title:...`` ids (text.make_paper_id).
        """
        pairs = zip(ids, title_keys, strict=True)  # pragma: no mutate (columns: one length)
        for position, (paper_id, key) in enumerate(pairs):
            self._arxiv.append(not paper_id.startswith("title:"))
            self._by_id[paper_id] = position
            self._by_title.setdefault(key, position)


class PaperMerger:
    """Collects papers in first-seen order, merging records of the same paper."""

    def __init__(self) -> None:
        self._papers: list[Paper] = []
        self._same = SamePaper()

    def add_all(self, papers: Iterable[Paper]) -> None:
        """Add papers one by one."""
        for paper in papers:
            self.add(paper)

    def add(self, paper: Paper) -> None:
        """Add a paper, merging it into an earlier record of the same paper if any."""
        slot = self._same.slot(paper)
        if slot is None:
            slot = len(self._papers)
            self._papers.append(paper)
        else:
            paper = merge_papers(self._papers[slot], paper)
            self._papers[slot] = paper
        self._same.note(slot, paper)

    def papers(self) -> list[Paper]:
        """Return the merged papers in the order they were first seen."""
        return list(self._papers)
