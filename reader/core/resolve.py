"""Match papers known only by title to their arXiv records (Hugging Face, then arXiv).

A result is taken only when its title is the paper's title: the same normalised form
(as paper ids use), allowing nothing but a trailing punctuation, case or whitespace
change.  A near-miss ("Orca" for "Orca 2") is never taken.  Matches, and titles that
found nothing, are kept in ``resolved.json`` in the data folder (written atomically),
so they hold offline; a title that found nothing is asked again after a week.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reader.core.atomic import atomic_write_bytes
from reader.core.formats.common import BytesText, SourceError, build_paper, iso_date, names
from reader.core.formats.hf_daily import parse_item
from reader.core.fulltext_net import (
    ARXIV_API_ENV,
    HF_API_ENV,
    NetError,
    RateLimit,
    base_url,
    http_get,
)
from reader.core.merge import merge_papers
from reader.core.models import Paper
from reader.core.paths import MATCHES_NAME
from reader.core.text import normalise_title

RETRY_AFTER = 7 * 24 * 3600.0
_TRAILING = " \t.,;:!?\u2026-"
_MAX_ANSWER = 2_000_000


def match_form(title: str) -> str:
    """Return the form two titles must share to be the same paper."""
    return normalise_title(title).rstrip(_TRAILING)


def same_title(first: str, second: str) -> bool:
    """Tell whether two titles name the same paper (exact, modulo trailing punctuation)."""
    return bool(match_form(first)) and match_form(first) == match_form(second)


@dataclass(frozen=True, slots=True)
class Match:
    """What a lookup found for one title (``arxiv_id`` None: nothing found)."""

    arxiv_id: str | None
    title: str = ""
    authors: tuple[str, ...] = ()
    date: str | None = None
    upvotes: int | None = None
    abstract: str = ""
    checked: float = 0.0
    """When the title was looked up (seconds since the epoch)."""

    def to_json(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "arxiv_id": self.arxiv_id,
            "title": self.title,
            "authors": list(self.authors),
            "date": self.date,
            "upvotes": self.upvotes,
            "abstract": self.abstract,
            "checked": self.checked,
        }

    @classmethod
    def from_json(cls, data: Any) -> Match | None:
        """Return a Match from its stored form, or None if damaged."""
        if not isinstance(data, dict):
            return None
        try:
            arxiv_id = data.get("arxiv_id")
            upvotes = data.get("upvotes")
            checked = data.get("checked")
            return cls(
                arxiv_id=str(arxiv_id) if arxiv_id else None,
                title=str(data.get("title") or ""),
                authors=names(data.get("authors") or []),
                date=iso_date(data.get("date")),
                upvotes=upvotes if isinstance(upvotes, int) and upvotes >= 0 else None,
                abstract=str(data.get("abstract") or ""),
                checked=float(checked) if isinstance(checked, int | float) else 0.0,
            )
        except (TypeError, ValueError):
            return None

    def as_paper(self, title: str) -> Paper | None:
        """Return the match as a paper to merge, or None when nothing was found."""
        if not self.arxiv_id:
            return None
        return build_paper(
            title=self.title or title,
            abstract=self.abstract,
            source="arXiv match",
            arxiv_id=self.arxiv_id,
            authors=self.authors,
            date=self.date,
            upvotes=self.upvotes,
        )


class ResolveStore:
    """``resolved.json``: matches keyed by normalised title, written atomically."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / MATCHES_NAME
        self._mine: dict[str, Match] = {}
        """What this session looked up: written over whatever the file holds then."""
        self._matches, self.problem = self._load()
        """``problem``: why the file was not used when opened (one line), else None."""

    def _load(self) -> tuple[dict[str, Match], str | None]:
        """Return the file's matches, and why it could not be used (None if it could)."""
        try:
            data = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return {}, None
        except (OSError, ValueError) as error:
            return {}, f"{self.path}: unreadable ({error}); matching starts afresh"
        entries = data.get("titles") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            return {}, f"{self.path}: not a reader match file; ignored"
        matches = {}
        for key, value in entries.items():
            match = Match.from_json(value)
            if match is not None:
                matches[str(key)] = match
        return matches, None

    def get(self, title: str) -> Match | None:
        """Return the stored match for a title."""
        return self._matches.get(match_form(title))

    def needs_lookup(self, title: str, now: float | None = None) -> bool:
        """Tell whether a title must be looked up (never asked, or nothing found a week ago)."""
        match = self.get(title)
        if match is None:
            return True
        if match.arxiv_id:
            return False
        return (now if now is not None else time.time()) - match.checked >= RETRY_AFTER

    def put(self, title: str, match: Match) -> None:
        """Record a lookup's result (call save() to write)."""
        self._matches[match_form(title)] = match
        self._mine[match_form(title)] = match

    def save(self) -> None:
        """Write the file atomically, this session's lookups over what it holds now.

        So lookups another window (or ``reader resolve``) saved meanwhile are kept.
        """
        self._matches = {**self._matches, **self._load()[0], **self._mine}
        data = {"version": 1, "titles": {k: v.to_json() for k, v in self._matches.items()}}
        atomic_write_bytes(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode())

    def apply(self, paper: Paper) -> Paper:
        """Return the paper merged with its stored match (unchanged if none)."""
        if paper.arxiv_id:
            return paper
        match = self.get(paper.title)
        return with_match(paper, match) if match else paper


def with_match(paper: Paper, match: Match) -> Paper:
    """Return ``paper`` merged with what was found for it (unchanged if nothing was)."""
    # The title is only a stand-in for a match without one: the paper's own is kept below.
    found = match.as_paper(paper.title)  # pragma: no mutate
    if found is None or paper.arxiv_id:
        return paper
    merged = merge_papers(paper, found)
    # The paper keeps its own title and title key: its annotations follow it.
    return merged.replace(
        title=paper.title,
        title_key=paper.title_key,
        sources=paper.sources,  # (merging keeps the paper's own source)
    )


def _hf_items(body: bytes) -> list[Any]:
    data = json.loads(body)
    if isinstance(data, dict):
        data = data.get("papers") or data.get("results") or []
    return data if isinstance(data, list) else []


def search_hf(title: str, get: Callable[[str], bytes]) -> Match | None:
    """Ask the Hugging Face paper search; return an exact match or None."""
    query = urllib.parse.quote(title)
    body = get(f"{base_url(HF_API_ENV, 'https://huggingface.co')}/api/papers/search?q={query}")
    try:
        items = _hf_items(body)
    except ValueError:
        return None
    for item in items[:50]:
        try:
            # The source label goes no further than the paper: a Match does not keep it.
            paper, _ = parse_item(item, "Hugging Face")  # pragma: no mutate
        except (TypeError, ValueError, RecursionError):
            continue
        if paper is not None and paper.arxiv_id and same_title(paper.title, title):
            return Match(
                paper.arxiv_id,
                paper.title,
                paper.authors,
                paper.date,
                paper.upvotes,
                paper.abstract,
            )
    return None


def search_arxiv(title: str, get: Callable[[str], bytes]) -> Match | None:
    """Ask the arXiv API for the title; return an exact match or None."""
    from reader.core.formats.arxiv import parse_atom

    phrase = title.replace('"', " ")
    query = urllib.parse.quote(f'ti:"{phrase}"')
    base = base_url(ARXIV_API_ENV, "https://export.arxiv.org")
    body = get(f"{base}/api/query?search_query={query}&max_results=5")
    try:
        # The label names the answer in parse_atom's papers and problems, which a Match
        # and this function drop.
        parsed = parse_atom(Path("arXiv API"), BytesText(body))  # pragma: no mutate
    except SourceError:
        return None
    for paper in parsed.papers:
        if paper.arxiv_id and same_title(paper.title, title):
            return Match(
                paper.arxiv_id, paper.title, paper.authors, paper.date, None, paper.abstract
            )
    return None


@dataclass(slots=True)
class ResolveReport:
    """How matching went."""

    asked: int = 0
    matched: int = 0
    not_found: int = 0
    failed: int = 0
    offline: str | None = None
    """The first network failure, when matching stopped early (one line)."""

    def summary(self) -> str:
        """Return ``matched 71 of 80; 9 not found`` (plus failures)."""
        text = f"matched {self.matched} of {self.asked}; {self.not_found} not found"
        if self.failed:
            text += f"; {self.failed} not asked ({self.offline})"
        return text


class Resolver:
    """Looks titles up, a few requests a second, stopping at the first network failure."""

    def __init__(
        self,
        store: ResolveStore,
        *,
        per_second: float = 3.0,
        timeout: float = 8.0,
        deadline: float = 20.0,
        save_every: float = 2.0,
    ) -> None:
        self.store = store
        self._save_every = save_every
        self._limit = RateLimit(per_second)
        self._stop: Callable[[], bool] | None = None
        self._timeout = timeout
        self._deadline = deadline

    def _get(self, url: str) -> bytes:
        self._limit.wait()
        try:
            return http_get(
                url,
                timeout=self._timeout,
                deadline=self._deadline,
                max_bytes=_MAX_ANSWER,
                stop=self._stop,
            ).body
        except NetError as error:
            if error.status in (400, 404, 410):  # the service's "no such thing"
                # Any answer the parsers refuse finds nothing, as the empty one does.
                return b""  # pragma: no mutate
            raise

    def lookup(self, title: str) -> Match:
        """Return what the services say about a title (raises NetError when unreachable)."""
        match = search_hf(title, self._get)
        if match is None:
            match = search_arxiv(title, self._get)
        return replace(match or Match(None), checked=time.time())

    def resolve(
        self,
        papers: Iterable[Paper],
        progress: Callable[[int, int], None] | None = None,
        stop: Callable[[], bool] | None = None,
        found: Callable[[Paper, Match], None] | None = None,
    ) -> ResolveReport:
        """Look up every paper without an arXiv id that needs it, saving as it goes.

        Answers are written every ``save_every`` seconds and at the end (a crash loses
        at most those: they are asked again).  ``found`` is called with each paper a
        lookup matched.
        A network failure (offline, timeout, 5xx) stops the run: the rest are counted
        as not asked and nothing is recorded for them, so no retry storm and no lie.
        """
        todo = [paper for paper in papers if not paper.arxiv_id]
        report = ResolveReport(asked=len(todo))
        self._stop = stop
        self._resolve(todo, report, progress, stop, found)
        return report

    def _resolve(
        self,
        todo: list[Paper],
        report: ResolveReport,
        progress: Callable[[int, int], None] | None,
        stop: Callable[[], bool] | None,
        found: Callable[[Paper, Match], None] | None,
    ) -> None:
        # None would be as false; True (a save with nothing new) is pinned by a test.
        unsaved = False  # pragma: no mutate
        last_save = time.monotonic()
        try:
            for done, paper in enumerate(todo, 1):
                if stop is not None and stop():
                    report.failed += len(todo) - done + 1
                    report.offline = report.offline or "stopped"
                    return
                if report.offline is None and self.store.needs_lookup(paper.title):
                    try:
                        match = self.lookup(paper.title)
                    except NetError as error:
                        report.offline = str(error)
                        report.failed = 1  # the first failure: none failed before it
                        if progress:
                            progress(done, len(todo))
                        continue
                    self.store.put(paper.title, match)
                    unsaved = True
                    if time.monotonic() - last_save >= self._save_every:
                        self.store.save()
                        unsaved, last_save = False, time.monotonic()
                    if found is not None and match.arxiv_id:
                        found(paper, match)
                elif report.offline is not None and self.store.needs_lookup(paper.title):
                    # After a failure only titles that still need asking are "not asked":
                    # one already matched counts as matched, whatever its place in the list.
                    report.failed += 1
                    if progress:
                        progress(done, len(todo))
                    continue
                stored = self.store.get(paper.title)
                if stored is not None and stored.arxiv_id:
                    report.matched += 1
                else:
                    report.not_found += 1
                if progress:
                    progress(done, len(todo))
        finally:  # what was found is kept, also when a save or a callback fails
            if unsaved:
                self.store.save()
