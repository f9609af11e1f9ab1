"""Paper file formats, recognised from their content rather than the file name.

trending  the Hugging Face trending page copied as text (several pages may follow each other)
hf-daily  Hugging Face daily-papers API JSON
arxiv-jsonl  the arXiv metadata snapshot, one JSON object per line (streamed)
atom      the arXiv API's Atom XML
bibtex    .bib files
reader-json  reader's own JSON export (papers and annotations)
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from reader.core.formats.common import Parser

FORMAT_PARSERS: dict[str, str] = {
    "trending": "reader.core.formats.trending:parse_trending",
    "hf-daily": "reader.core.formats.hf_daily:parse_hf_daily",
    "arxiv-jsonl": "reader.core.formats.arxiv:parse_snapshot",
    "atom": "reader.core.formats.arxiv:parse_atom",
    "bibtex": "reader.core.formats.bibtex:parse_bibtex",
    "reader-json": "reader.core.formats.reader_json:parse_reader_file",
}
"""The one declaration of the formats: name -> ``module:function`` of its parser.

Every parser takes ``(path, text)`` (a ``TextSource``: lines, or a UTF-8 byte stream)
and returns ``Parsed``; the module is imported only when a file of that format is read.
"""

FORMATS = tuple(FORMAT_PARSERS)

_ARXIV_RECORD_START = re.compile(rb'\{\s*"id"\s*:\s*"')
"""How an arXiv snapshot line begins (its first key is the paper's id)."""


def load_parser(kind: str) -> Parser:
    """Import and return the parser of a format named in FORMAT_PARSERS."""
    module, _, name = FORMAT_PARSERS[kind].partition(":")
    return cast("Parser", getattr(import_module(module), name))


def detect_format(head: bytes) -> str:
    """Name the format of a file from its first bytes."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"["):
        return "hf-daily"
    if text.startswith(b"{"):
        if b'"reader_export"' in text[:200]:
            return "reader-json"
        first_line, newline, _ = text.partition(b"\n")
        first_line = first_line.strip()
        if first_line.endswith(b"}") and (b'"abstract"' in first_line or b'"id"' in first_line):
            return "arxiv-jsonl"
        if not newline and _ARXIV_RECORD_START.match(first_line):
            return "arxiv-jsonl"  # a first record longer than the head: its "id" key shows
        return "hf-daily"  # a JSON object: checked (and explained) by the daily-papers parser
    if text.startswith(b'"') and text.rstrip().endswith(b'"') and b"\n\n" not in text:
        return "hf-daily"  # a bare JSON string: the JSON parser explains the shape wanted
    if text.startswith(b"<"):
        return "atom"
    if text.startswith(b"@") or (b"\n@" in text[:4096] and b"{" in text[:4096]):
        start = text.lstrip()
        if start.startswith(b"@") or b"@article{" in text.lower() or b"@misc{" in text.lower():
            return "bibtex"
    return "trending"
