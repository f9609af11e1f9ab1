"""reader's own JSON export, read back: papers with every field, and their annotations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.core.codecs import annotation_from_plain, paper_from_plain
from reader.core.formats.common import (
    Parsed,
    TextSource,
    json_records,
    record_problem,
)
from reader.core.models import PAPER_FIELDS, Annotation, Paper

EXPECTED = 'expected a reader export: {"reader_export": 1, "papers": [...]}'


def paper_from_record(data: Any) -> Paper:
    """Return the Paper an exported record describes; TypeError/ValueError if unusable.

    Types are checked and text cleaned by Paper itself; a record without ``id`` or
    ``title_key`` gets them from its title and arXiv id, as any paper does.
    """
    if not isinstance(data, dict):
        raise TypeError(f"not an object but {type(data).__name__}")
    values: dict[str, Any] = {name: data[name] for name in PAPER_FIELDS if name in data}
    title = values.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("no title")
    for name in ("abstract", "source", "title_key", "id"):
        if values.get(name) is None:
            values[name] = ""
    paper = paper_from_plain(values)
    if not paper.title:
        raise ValueError("no title")  # nothing left once control characters are gone
    return paper


def annotation_from_record(paper_id: str, data: Any) -> Annotation | None:
    """Return the annotation in an exported record, or None if it has none."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise TypeError(f"annotation is {type(data).__name__}, not an object")
    return annotation_from_plain(paper_id, data)


def read_export(path: Path, text: TextSource) -> tuple[Parsed, dict[str, Annotation]]:
    """Parse an export, streaming; return the papers and the annotations by paper id."""
    parsed = Parsed()
    annotations: dict[str, Annotation] = {}
    for number, item in enumerate(json_records(path, text, "papers", EXPECTED, parsed), 1):
        try:
            paper = paper_from_record(item)
        except (ValueError, TypeError, RecursionError) as error:
            parsed.problems.append(record_problem(f"record {number}", error))
            continue
        parsed.papers.append(paper)  # a bad annotation does not cost the paper
        record = item if isinstance(item, dict) else {}
        try:
            annotation = annotation_from_record(paper.id, record.get("annotation"))
        except (ValueError, TypeError, RecursionError) as error:
            parsed.problems.append(record_problem(f"record {number}: annotation", error))
            continue
        if annotation is not None and not annotation.is_empty:
            annotations[paper.id] = annotation
    return parsed, annotations


def parse_reader_file(path: Path, text: TextSource) -> Parsed:
    """Parse an export's papers (the registry's entry point; annotations are dropped)."""
    return read_export(path, text)[0]


def parse_reader_json(
    path: Path, data: bytes | None = None
) -> tuple[Parsed, dict[str, Annotation]]:
    """Parse the export at ``path`` (``data`` is ignored: the file is streamed)."""
    from reader.core.sources import TextLines

    return read_export(path, TextLines(path))
