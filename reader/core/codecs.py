"""Papers and annotations to and from plain JSON values: one codec for every file that stores them.

The index cache and the search index's document store keep papers as rows (a list in
``PAPER_FIELDS`` order); reader's JSON export writes them as objects and ``reader import``
reads those back.  All of them go through these functions, so a field added to ``Paper`` or
``Annotation`` is written and read back one way everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reader.core.models import PAPER_FIELDS, Annotation, Paper, Status, highlights_from_json

TEXT_LIST_FIELDS = ("authors", "keywords", "listing_dates", "sources")
"""Paper fields holding a tuple of text (JSON arrays when stored)."""


def paper_to_row(paper: Paper) -> list[Any]:
    """Return a paper as a JSON-able row, its fields in ``PAPER_FIELDS`` order."""
    return [getattr(paper, name) for name in PAPER_FIELDS]


def paper_from_row(row: list[Any]) -> Paper:
    """Return the paper a ``paper_to_row`` row was made from."""
    return paper_from_plain(dict(zip(PAPER_FIELDS, row, strict=True)))


def paper_to_plain(paper: Paper) -> dict[str, Any]:
    """Return every field of a paper as plain JSON values (tuples become lists)."""
    return {name: _plain(getattr(paper, name)) for name in PAPER_FIELDS}


def paper_from_plain(values: Mapping[str, Any]) -> Paper:
    """Build a Paper from plain values (arrays as lists; a missing or null array is empty).

    Paper checks and cleans every field and raises TypeError or ValueError for a value of the
    wrong type: a string where a list belongs is refused, never split into characters.
    """
    fields = dict(values)
    for name in (*TEXT_LIST_FIELDS, "links"):
        if name in fields and fields[name] is None:
            del fields[name]
    for name in TEXT_LIST_FIELDS:
        if type(fields.get(name)) is list:
            fields[name] = tuple(fields[name])
    links = fields.get("links")
    if type(links) is list:
        fields["links"] = tuple(tuple(link) if type(link) is list else link for link in links)
    return Paper(**fields)


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def annotation_to_plain(annotation: Annotation) -> dict[str, Any]:
    """Return what the reader recorded for a paper as plain JSON values (no paper id)."""
    data: dict[str, Any] = {
        "status": annotation.status.value,
        "tags": list(annotation.tags),
        "note": annotation.note,
        "created": annotation.created,
        "updated": annotation.updated,
        "status_changed": annotation.status_changed,
    }
    if annotation.highlights:
        data["highlights"] = [item.to_json() for item in annotation.highlights]
    return data


def annotation_from_plain(paper_id: str, data: Mapping[str, Any]) -> Annotation:
    """Read back what ``annotation_to_plain`` wrote; ValueError for an unknown status."""
    try:
        status = Status(data.get("status", "unread"))
    except ValueError:
        raise ValueError(f"unknown status {str(data.get('status'))[:40]!r}") from None
    return Annotation(
        paper_id,
        status,
        data.get("tags") or (),
        data.get("note") or "",
        data.get("created"),
        data.get("updated"),
        data.get("status_changed"),
        highlights_from_json(data.get("highlights")),
    )
