"""Export papers with their annotations: Markdown (Obsidian), BibTeX, CSV and JSON.

The JSON export is also an import format: ``reader import`` reads it back, papers and
annotations, without loss.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson

from reader.core.codecs import annotation_to_plain, paper_to_plain
from reader.core.models import PAPER_FIELDS, Annotation, Paper
from reader.core.text import shown_id

FORMATS = ("md", "bib", "csv", "json")
EXPORT_MARKER = "reader_export"
ANNOTATION_FIELDS = ("status", "tags", "note", "created", "updated", "status_changed")
AnnotationOf = Callable[[Paper], Annotation]


def export(papers: Sequence[Paper], annotation_of: AnnotationOf, fmt: str, query: str = "") -> str:
    """Return the export of ``papers`` in ``fmt`` (one of FORMATS)."""
    if fmt == "md":
        return to_markdown(papers, annotation_of, query)
    if fmt == "bib":
        return to_bibtex(papers, annotation_of)
    if fmt == "csv":
        return to_csv(papers, annotation_of)
    if fmt == "json":
        return to_json(papers, annotation_of, query)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


_DOI_LINK = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\..+)$", re.IGNORECASE)


def doi_of(paper: Paper) -> str:
    """Return the paper's DOI: its own field, else the one in a doi.org link."""
    if paper.doi:
        return paper.doi
    for _, url in paper.links:
        match = _DOI_LINK.match(url)
        if match:
            return match.group(1)
    return ""


def _yaml(value: object) -> str:
    """Return a YAML scalar or flow list (JSON quoting is valid YAML and escapes all)."""
    return orjson.dumps(value).decode()


# Markdown -----------------------------------------------------------------------------------


def to_markdown(papers: Sequence[Paper], annotation_of: AnnotationOf, query: str = "") -> str:
    """Return a reading log: YAML front matter (Obsidian reads it), a section per paper."""
    tags = sorted({tag for paper in papers for tag in annotation_of(paper).tags})
    lines = [
        "---",
        f"title: {_yaml('Reading log')}",
        f"exported: {_yaml(datetime.now(UTC).isoformat(timespec='seconds'))}",
        f"query: {_yaml(query)}",
        f"papers: {len(papers)}",
        f"tags: {_yaml(tags)}",
        "---",
        "",
        "# Reading log",
        "",
    ]
    for paper in papers:
        annotation = annotation_of(paper)
        lines.append(f"## {_md_line(paper.title)}")
        lines.append("")
        link = paper.main_link or ""
        if link:
            lines.append(f"- Link: <{link}>")
        if paper.authors:
            lines.append(f"- Authors: {_md_line(', '.join(paper.authors))}")
        if paper.date or paper.listing_date:
            lines.append(f"- Date: {paper.date or paper.listing_date}")
        doi = doi_of(paper)
        if doi:
            lines.append(f"- DOI: [{doi}](https://doi.org/{doi})")
        if paper.journal_ref:
            lines.append(f"- Published in: {_md_line(paper.journal_ref)}")
        lines.append(f"- Status: {annotation.status.value}")
        if annotation.tags:
            lines.append("- Tags: " + " ".join(f"#{tag}" for tag in annotation.tags))
        if paper.arxiv_id:
            lines.append(f"- arXiv: `{paper.arxiv_id}`")
        if annotation.note:
            lines += ["", "**Note**", ""]
            lines += [f"> {line}" if line else ">" for line in annotation.note.splitlines()]
        lines += _highlights_markdown(annotation)
        if paper.abstract:
            lines += ["", "**Abstract**", "", paper.abstract.strip()]
        lines.append("")
    return "\n".join(lines)


def _highlights_markdown(annotation: Annotation) -> list[str]:
    """Each highlight as a quote (with its section), its note inside the same quote."""
    if not annotation.highlights:
        return []
    lines = ["", "**Highlights**"]
    for item in annotation.highlights:
        lines += ["", f"> {_md_line(item.quote)}"]
        if item.section:
            lines.append(f"> — {_md_line(item.section)}")
        for number, line in enumerate(item.note.splitlines()):
            if number == 0:
                lines += [">", f"> **Note:** {line}"]
            else:
                lines.append(f"> {line}" if line else ">")
    return lines


def _md_line(text: str) -> str:
    """Keep a heading or list item on one line whatever the text holds."""
    return " ".join(text.split())


# BibTeX -------------------------------------------------------------------------------------

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    # Not \{ and \}: BibTeX counts braces even after a backslash, so a stray brace would
    # unbalance the entry (and could end a field early).  These keep every brace paired.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile("|".join(re.escape(char) for char in _LATEX_SPECIALS))


def latex_escape(text: str) -> str:
    """Escape characters LaTeX would read as commands, so the .bib compiles.

    The result never holds a brace that is not part of a ``{}`` pair, so no value can
    close its field early (``https://a}, title = {INJECTED``) or unbalance the entry.
    """
    return _SPECIAL.sub(lambda match: _LATEX_SPECIALS[match.group()], text)


def verbatim_escape(url: str) -> str:
    """Make a URL or DOI safe inside a verbatim BibTeX field.

    Braces, backslashes, spaces and control characters are percent-encoded, which names
    the same resource and can never close the field.
    """
    return "".join(
        f"%{ord(char):02X}" if char in "{}\\" or char.isspace() or ord(char) < 32 else char
        for char in url
    )


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _year(paper: Paper) -> str:
    """Return the publication year, from the paper's date (the first version's, for arXiv)."""
    for value in (paper.date, *paper.listing_dates, paper.listing_date):
        if value and re.match(r"\d{4}(?!\d)", value):
            return value[:4]
    if paper.arxiv_id and re.match(r"\d{4}\.", paper.arxiv_id):
        return "20" + paper.arxiv_id[:2]
    return ""


_STOP = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "is", "are", "be", "do"}


def cite_key(paper: Paper) -> str:
    """``lastname2024firstword``: first author's last name, year, first real title word."""
    last = _ascii_word(paper.authors[0].split()[-1]) if paper.authors else "anon"
    words = [_ascii_word(word) for word in paper.title.split()]
    first = next((word for word in words if word and word not in _STOP), "paper")
    return f"{last or 'anon'}{_year(paper)}{first}"


def to_bibtex(papers: Sequence[Paper], annotation_of: AnnotationOf) -> str:
    """``@misc`` entries with eprint, archivePrefix, url and abstract; keys unique."""
    used: dict[str, int] = {}
    entries = []
    for paper in papers:
        base = cite_key(paper)
        count = used.get(base, 0)
        used[base] = count + 1
        key = base if count == 0 else f"{base}{chr(ord('a') + count - 1) if count <= 26 else count}"
        fields = [("title", "{" + latex_escape(paper.title) + "}")]
        if paper.authors:
            fields.append(("author", " and ".join(latex_escape(name) for name in paper.authors)))
        if _year(paper):
            fields.append(("year", _year(paper)))
        if paper.arxiv_id:
            fields += [("eprint", latex_escape(paper.arxiv_id)), ("archivePrefix", "arXiv")]
        doi = doi_of(paper)
        if doi:
            fields.append(("doi", verbatim_escape(doi)))
        if paper.journal_ref:
            fields.append(("journal", latex_escape(paper.journal_ref)))
        link = paper.main_link or ""
        if link:
            fields.append(("url", verbatim_escape(link)))
        if paper.abstract:
            fields.append(("abstract", latex_escape(paper.abstract)))
        annotation = annotation_of(paper)
        if annotation.tags:
            fields.append(("keywords", latex_escape(", ".join(annotation.tags))))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@misc{{{key},\n{body}\n}}\n")
    return "\n".join(entries)


# CSV and JSON -------------------------------------------------------------------------------


def record(paper: Paper, annotation: Annotation) -> dict[str, Any]:
    """Every field of a paper plus its annotation, as plain JSON-able values."""
    return {**paper_to_plain(paper), "annotation": annotation_to_plain(annotation)}


def to_json(papers: Sequence[Paper], annotation_of: AnnotationOf, query: str = "") -> str:
    """Return a JSON document that ``reader import`` reads back without loss."""
    document = {
        EXPORT_MARKER: 1,
        "exported": datetime.now(UTC).isoformat(timespec="seconds"),
        "query": query,
        "papers": [record(paper, annotation_of(paper)) for paper in papers],
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"


def to_csv(papers: Sequence[Paper], annotation_of: AnnotationOf) -> str:
    """One row per paper: every field and annotation; lists joined with '; '."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*PAPER_FIELDS, *ANNOTATION_FIELDS])
    for paper in papers:
        data = record(paper, annotation_of(paper))
        annotation = data.pop("annotation")
        data["doi"] = doi_of(paper)
        data["id"] = shown_id(paper.id)  # title:<hash> is internal, never shown
        row = [_cell(data[name]) for name in PAPER_FIELDS]
        row += [_cell(annotation[name]) for name in ANNOTATION_FIELDS]
        writer.writerow(row)
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """Return a CSV cell; one a spreadsheet would run as a formula gets a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, list):
        text = "; ".join(
            " ".join(str(part) for part in item) if isinstance(item, list) else str(item)
            for item in value
        )
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
