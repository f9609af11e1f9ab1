"""Hugging Face daily-papers API JSON: a list of items with a nested ``paper`` object."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.core.formats.common import (
    Parsed,
    Problem,
    TextSource,
    as_int,
    as_text,
    build_paper,
    clean,
    iso_date,
    json_records,
    names,
    record_problem,
)
from reader.core.formats.json_lines import name_lines

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
    counts = {}
    for name, value in (
        ("upvotes", _field(item, paper, "upvotes")),
        ("numComments", item.get("numComments")),
    ):
        counts[name] = as_int(value)
        if value is not None and counts[name] is None:
            return None, f"{name} is not a count: {clean(str(value))[:20]!r}"
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
        upvotes=counts["upvotes"],
        keywords=names(keywords) if isinstance(keywords, list) else (),
        comments=counts["numComments"],
    ), None


def parse_hf_daily(path: Path, text: TextSource | bytes) -> Parsed:
    """Parse the daily-papers JSON (a list, or an object with a ``papers`` list), streaming."""
    parsed = Parsed()
    text = as_text(text)
    items = json_records(path, text, "papers", EXPECTED, parsed)
    for number, item in enumerate(items, 1):
        try:
            paper, reason = parse_item(item, str(path))
        except (ValueError, TypeError, RecursionError) as error:
            parsed.problems.append(record_problem(f"record {number}", error))
            continue
        if paper is None:
            parsed.problems.append(Problem(f"record {number}", reason or "unusable"))
        else:
            parsed.papers.append(paper)
    name_lines(parsed, text, "papers")  # FILE:LINE for each bad record (a second pass)
    return parsed
