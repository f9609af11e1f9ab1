"""arXiv sources: the metadata snapshot as JSON Lines (streamed), and the API's Atom XML."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeTree

from reader.core.formats.common import (
    Parsed,
    Problem,
    SourceError,
    build_paper,
    clean,
    iso_date,
    names,
)

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"


def split_authors(text: str) -> tuple[str, ...]:
    """Split the snapshot's author string (``A, B and C``) into names."""
    text = clean(text).replace(" and ", ", ")
    return names(part for part in text.split(","))


def parse_snapshot_record(record: Any, source: str) -> tuple[Any, str | None]:
    """Return (paper, None) or (None, reason) for one snapshot record."""
    if not isinstance(record, dict):
        return None, f"not an object but {type(record).__name__}"
    title = clean(record.get("title"))
    if not title:
        return None, "no title"
    parsed_names = record.get("authors_parsed")
    if isinstance(parsed_names, list) and parsed_names:
        authors = names(
            " ".join(part for part in reversed(entry[:2]) if part)
            for entry in parsed_names
            if isinstance(entry, list)
        )
    else:
        authors = split_authors(str(record.get("authors") or ""))
    links = []
    doi = clean(record.get("doi"))
    if doi:
        links.append(("DOI", f"https://doi.org/{doi.split()[0]}"))
    categories = clean(record.get("categories"))
    versions = record.get("versions")
    first = versions[0].get("created") if isinstance(versions, list) and versions else None
    date = iso_date(record.get("update_date"))
    return build_paper(
        title=title,
        abstract=str(record.get("abstract") or ""),
        source=source,
        arxiv_id=clean(record.get("id")) or None,
        authors=authors,
        links=tuple(links),
        date=date,
        listing_date=date or (clean(first) or None),
        keywords=tuple(categories.split()) if categories else (),
    ), None


def parse_snapshot(path: Path, lines: Iterable[str]) -> Parsed:
    """Parse the arXiv metadata snapshot, one JSON object per line, streaming."""
    parsed = Parsed()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            parsed.problems.append(Problem(str(number), f"not valid JSON ({error})"))
            continue
        paper, reason = parse_snapshot_record(record, str(path))
        if paper is None:
            parsed.problems.append(Problem(str(number), reason or "unusable"))
        else:
            parsed.papers.append(paper)
    return parsed


def _text(entry: Any, tag: str) -> str:
    node = entry.find(tag)
    return clean("".join(node.itertext())) if node is not None else ""


def parse_atom(path: Path, data: bytes) -> Parsed:
    """Parse an arXiv API Atom feed; entity tricks (billion laughs, XXE) are refused."""
    try:
        root = SafeTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise SourceError(f"{path}: refused unsafe XML ({type(error).__name__})") from None
    except SafeTree.ParseError as error:
        raise SourceError(f"{path}: not valid XML ({error})") from None
    if root.tag != f"{_ATOM}feed":
        raise SourceError(f"{path}: expected an arXiv Atom <feed>, found <{root.tag}>")
    parsed = Parsed()
    for number, entry in enumerate(root.iter(f"{_ATOM}entry"), start=1):
        title = _text(entry, f"{_ATOM}title")
        raw_id = _text(entry, f"{_ATOM}id")
        if not title:
            parsed.problems.append(Problem(f"entry {number}", "no title"))
            continue
        arxiv_id = raw_id.rsplit("/abs/", 1)[-1] if "/abs/" in raw_id else None
        categories = tuple(
            clean(node.get("term")) for node in entry.iter(f"{_ATOM}category") if node.get("term")
        )
        links = []
        doi = _text(entry, f"{_ARXIV}doi")
        if doi:
            links.append(("DOI", f"https://doi.org/{doi}"))
        published = iso_date(_text(entry, f"{_ATOM}published"))
        parsed.papers.append(
            build_paper(
                title=title,
                abstract=_text(entry, f"{_ATOM}summary"),
                source=str(path),
                arxiv_id=arxiv_id,
                authors=names(
                    _text(author, f"{_ATOM}name") for author in entry.iter(f"{_ATOM}author")
                ),
                links=tuple(links),
                date=published,
                keywords=categories,
            )
        )
    return parsed
