"""reader's own JSON export, read back: papers with every field, and their annotations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from reader.core.formats.common import Parsed, Problem, SourceError
from reader.core.models import Annotation, Paper, Status
from reader.core.text import collapse_whitespace, make_paper_id, strip_control, title_key

_TUPLES = ("authors", "keywords", "listing_dates", "sources")


def _paper(data: dict[str, Any]) -> Paper:
    """Build a Paper from an exported record; Paper checks every field's type and cleans it."""
    values: dict[str, Any] = {name: data.get(name) for name in Paper.__dataclass_fields__}
    for name in _TUPLES:
        values[name] = values[name] or ()
    values["links"] = values["links"] or ()
    title = values["title"]
    if not isinstance(title, str) or not collapse_whitespace(strip_control(title)):
        raise ValueError("needs a title")
    # Records written by hand or by another tool may lack the derived fields: derive them as
    # for any paper, so that two such records never collapse into one.
    if not isinstance(values["title_key"], str) or not values["title_key"]:
        values["title_key"] = title_key(title)
    arxiv_id = values["arxiv_id"] if isinstance(values["arxiv_id"], str) else None
    if not isinstance(values["id"], str) or not values["id"].strip():
        values["id"] = make_paper_id(title, arxiv_id, values["title_key"])
    values["abstract"] = values["abstract"] or ""
    values["source"] = values["source"] or ""
    return Paper(**values)


def _annotation(paper_id: str, data: Any) -> Annotation | None:
    if not isinstance(data, dict):
        return None
    return Annotation(
        paper_id,
        Status(data.get("status", "unread")),
        tuple(data.get("tags") or ()),
        str(data.get("note") or ""),
        data.get("created"),
        data.get("updated"),
        data.get("status_changed"),
    )


def parse_reader_json(path: Path, data: bytes) -> tuple[Parsed, dict[str, Annotation]]:
    """Parse an export; return the papers and the annotations by paper id."""
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise SourceError(f"{path}: not valid JSON ({error})") from None
    papers = document.get("papers") if isinstance(document, dict) else None
    if not isinstance(papers, list):
        raise SourceError(f"{path}: expected a reader export with a list of papers")
    parsed = Parsed()
    annotations: dict[str, Annotation] = {}
    for number, item in enumerate(papers, start=1):
        try:
            paper = _paper(item)
            annotation = _annotation(paper.id, item.get("annotation"))
        except (ValueError, TypeError, AttributeError) as error:
            parsed.problems.append(Problem(f"record {number}", str(error)))
            continue
        parsed.papers.append(paper)
        if annotation is not None and not annotation.is_empty:
            annotations[paper.id] = annotation
    return parsed, annotations
