r"""BibTeX files, read with bibtexparser (LaTeX escapes such as {\\"u} become characters)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bibtexparser

from reader.core.formats.common import (
    Parsed,
    Problem,
    TextSource,
    build_paper,
    clean,
    doi_link,
    first_doi,
    names,
    record_problem,
)
from reader.core.models import Paper
from reader.core.text import latex_to_unicode

_ARXIV_IN_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s/?#]+?)(?:\.pdf)?(?:[?#]|$)")
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


def _braces(text: str) -> str:
    """Return a field as plain text: LaTeX escapes decoded, grouping braces removed.

    Only values with a backslash go through pylatexenc (bibtexparser's LaTeX
    middleware decodes every field and made 10,000 entries take 49 s instead of 0.7 s).
    """
    if "\\" in text:
        text = latex_to_unicode(text)
    return clean(text.replace("{", "").replace("}", ""))


_BATCH_LINES = 2000


def _batches(lines: Iterator[str]) -> Iterator[tuple[int, str]]:
    """Yield (first line number, text) batches that end between entries (``@`` lines)."""
    batch: list[str] = []
    start = 1
    for number, line in enumerate(lines, start=1):
        if len(batch) >= _BATCH_LINES and line.lstrip().startswith("@"):
            yield start, "\n".join(batch)
            batch, start = [], number
        batch.append(line)
    if batch:
        yield start, "\n".join(batch)


_STRING_BLOCK = re.compile(r"^\s*@string\s*[{(]", re.IGNORECASE | re.MULTILINE)


def parse_bibtex(path: Path, text: TextSource) -> Parsed:
    """Parse BibTeX entry by entry (in batches of about 2,000 lines, streaming).

    Entries without a title, broken blocks and entries that cannot be decoded are
    problems; ``@string`` macros carry over to later batches.
    """
    parsed = Parsed()
    strings: list[str] = []
    for start, chunk in _batches(iter(text)):
        prelude = "\n".join(strings)
        offset = start - 1 - (prelude.count("\n") + 1 if prelude else 0)
        try:
            library = bibtexparser.parse_string(f"{prelude}\n{chunk}" if prelude else chunk)
        except (ValueError, TypeError, IndexError, KeyError, RecursionError) as error:
            parsed.problems.append(record_problem(str(start), error))
            continue
        for block in library.failed_blocks:
            # An aborted block's exception has no message: its reason is an attribute.
            reason = getattr(block.error, "abort_reason", None) or block.error
            error_lines = str(reason).strip().splitlines()
            where = str((block.start_line or 0) + 1 + offset)
            text_reason = clean(error_lines[0] if error_lines else "") or "cannot be parsed"
            parsed.problems.append(Problem(where, text_reason[:200]))
        if _STRING_BLOCK.search(chunk):
            strings.extend(str(block.raw) for block in library.strings)
        for entry in library.entries:
            line = str((entry.start_line or 0) + 1 + offset)
            try:
                paper = _entry_paper(entry, str(path))
            except (ValueError, TypeError, RecursionError) as error:
                parsed.problems.append(record_problem(line, error))
                continue
            if isinstance(paper, str):  # why the entry is not a paper
                parsed.problems.append(Problem(line, paper))
            else:
                parsed.papers.append(paper)
    return parsed


def _entry_paper(entry: Any, source: str) -> Paper | str:
    """Return the entry's paper, or why it is not one."""
    fields = {key.lower(): str(entry[key]) for key in entry.fields_dict}
    title = _braces(fields.get("title", ""))
    if not title:
        return f"entry {clean(entry.key)[:80]!r} has no title"
    arxiv_id = None
    prefix = fields.get("archiveprefix", fields.get("eprinttype", "")).lower()
    if fields.get("eprint") and (prefix in ("", "arxiv")):
        arxiv_id = _braces(fields["eprint"])
    url = _braces(fields.get("url", ""))
    match = _ARXIV_IN_URL.search(url)
    if arxiv_id is None and match:
        arxiv_id = match.group(1)
    doi = first_doi(_braces(fields.get("doi", "")))
    links = []
    if url.startswith(("http://", "https://")) and not match:
        links.append(("URL", url))
    year = _braces(fields.get("year", ""))
    authors = _braces(fields.get("author", ""))
    return build_paper(
        title=title,
        abstract=_braces(fields.get("abstract", "")),
        source=source,
        arxiv_id=arxiv_id,
        authors=names(_reorder(name) for name in re.split(r"\s+and\s+", authors) if name),
        links=(*links, *doi_link(doi)),
        listing_date=year or None,
        keywords=names(_braces(fields.get("keywords", "")).split(",")),
        doi=doi,
        journal_ref=_braces(fields.get("journal", "")) or None,
    )


def _reorder(name: str) -> str:
    """``Müller, J.`` becomes ``J. Müller``; ``Smith, Jr., John`` becomes ``John Smith Jr.``.

    BibTeX's three name forms: ``First Last``, ``Last, First`` and ``Last, Jr, First``.
    """
    parts = [part.strip() for part in name.split(",", 2)]
    if len(parts) == 3:
        last, suffix, first = parts
        return " ".join(part for part in (first, last, suffix) if part)
    if len(parts) == 2:
        last, first = parts
        return " ".join(part for part in (first, last) if part)
    return name.strip()
