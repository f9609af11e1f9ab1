r"""BibTeX files, read with bibtexparser (LaTeX escapes such as {\\"u} become characters)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import bibtexparser
from pylatexenc.latex2text import LatexNodes2Text

from reader.core.formats.common import Parsed, Problem, build_paper, clean, names

_ARXIV_IN_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s/?#]+?)(?:\.pdf)?(?:[?#]|$)")
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


_decoder: LatexNodes2Text | None = None


def _braces(text: str) -> str:
    """Return a field as plain text: LaTeX escapes decoded, grouping braces removed.

    Only values with a backslash go through pylatexenc (bibtexparser's LaTeX
    middleware decodes every field and made 10,000 entries take 49 s instead of 0.7 s).
    """
    global _decoder
    if "\\" in text:
        if _decoder is None:
            _decoder = LatexNodes2Text()
        text = _decoder.latex_to_text(text)
    return clean(text.replace("{", "").replace("}", ""))


def parse_bibtex(path: Path, text: str) -> Parsed:
    """Parse BibTeX ``text``; entries without a title, and broken blocks, are problems."""
    library = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    parsed = Parsed()
    for block in library.failed_blocks:
        reason = str(getattr(block, "error", "")).splitlines()[0:1] or ["cannot be parsed"]
        parsed.problems.append(Problem(str((block.start_line or 0) + 1), _braces(reason[0])))
    for entry in library.entries:
        fields = {key.lower(): str(entry[key]) for key in entry.fields_dict}
        title = _braces(str(fields.get("title", "")))
        line = str((entry.start_line or 0) + 1)
        if not title:
            parsed.problems.append(Problem(line, f"entry {entry.key!r} has no title"))
            continue
        arxiv_id = None
        prefix = str(fields.get("archiveprefix", fields.get("eprinttype", ""))).lower()
        if fields.get("eprint") and (prefix in ("", "arxiv")):
            arxiv_id = _braces(str(fields["eprint"]))
        url = _braces(str(fields.get("url", "")))
        match = _ARXIV_IN_URL.search(url)
        if arxiv_id is None and match:
            arxiv_id = match.group(1)
        links = []
        if url.startswith(("http://", "https://")) and not match:
            links.append(("URL", url))
        if fields.get("doi"):
            links.append(("DOI", f"https://doi.org/{_braces(str(fields['doi']))}"))
        year = _braces(str(fields.get("year", "")))
        authors = _braces(str(fields.get("author", "")))
        parsed.papers.append(
            build_paper(
                title=title,
                abstract=_braces(str(fields.get("abstract", ""))),
                source=str(path),
                arxiv_id=arxiv_id,
                authors=names(_reorder(name) for name in re.split(r"\s+and\s+", authors) if name),
                links=tuple(links),
                listing_date=year or None,
                keywords=names(_braces(str(fields.get("keywords", ""))).split(",")),
            )
        )
    return parsed


def _reorder(name: str) -> str:
    """``Müller, J.`` becomes ``J. Müller``."""
    if "," in name:
        last, _, first = name.partition(",")
        return f"{first.strip()} {last.strip()}".strip()
    return name.strip()
