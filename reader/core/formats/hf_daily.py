"""Hugging Face daily-papers API JSON: a list of items with a nested ``paper`` object."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from reader.core.formats.common import (
    Parsed,
    Problem,
    SourceError,
    as_int,
    build_paper,
    clean,
    iso_date,
    names,
)

EXPECTED = (
    "expected the Hugging Face daily-papers JSON: a list of items like "
    '{"paper": {"id", "title", "summary", ...}}'
)


def _field(item: dict[str, Any], paper: dict[str, Any], name: str) -> Any:
    """Return a field from the nested paper, else from the item's top level."""
    value = paper.get(name)
    return item.get(name) if value in (None, "", []) else value


def _authors(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return names(author.get("name") if isinstance(author, dict) else author for author in value)


def parse_item(item: Any, source: str) -> tuple[Any, str | None]:
    """Return (paper, None) or (None, reason) for one daily-papers item."""
    if not isinstance(item, dict):
        return None, f"not an object but {type(item).__name__}"
    nested = item.get("paper")
    paper: dict[str, Any] = nested if isinstance(nested, dict) else {}
    title = clean(_field(item, paper, "title"))
    if not title:
        return None, "no title"
    links = []
    for label, name in (("GitHub", "githubRepo"), ("Project page", "projectPage")):
        url = clean(_field(item, paper, name))
        if url.startswith(("http://", "https://")):
            links.append((label, url))
    keywords = _field(item, paper, "ai_keywords")
    published = iso_date(_field(item, paper, "publishedAt"))
    return build_paper(
        title=title,
        abstract=_field(item, paper, "summary") or "",
        source=source,
        arxiv_id=clean(_field(item, paper, "id")) or None,
        authors=_authors(_field(item, paper, "authors")),
        links=tuple(links),
        date=published,
        listing_date=iso_date(item.get("publishedAt")) or published,
        upvotes=as_int(_field(item, paper, "upvotes")),
        keywords=names(keywords) if isinstance(keywords, list) else (),
        comments=as_int(item.get("numComments")),
    ), None


def parse_hf_daily(path: Path, data: bytes) -> Parsed:
    """Parse the daily-papers JSON in ``data`` (read from ``path``)."""
    try:
        items = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise SourceError(f"{path}: not valid JSON ({error})") from None
    if isinstance(items, dict) and isinstance(items.get("papers"), list):
        items = items["papers"]
    if not isinstance(items, list):
        raise SourceError(f"{path}: {EXPECTED}; found a JSON {type(items).__name__}")
    parsed = Parsed()
    for number, item in enumerate(items, start=1):
        paper, reason = parse_item(item, str(path))
        if paper is None:
            parsed.problems.append(Problem(f"record {number}", reason or "unusable"))
        else:
            parsed.papers.append(paper)
    return parsed
