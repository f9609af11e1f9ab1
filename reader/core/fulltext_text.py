"""A Document laid out as lines for a given width, and its sentences (for highlights)."""

from __future__ import annotations

import re
from typing import NamedTuple

from reader.core.fulltext import (
    CAPTION,
    EQUATION,
    FOOTNOTE,
    HEADING,
    ITEM,
    PAGE,
    REFERENCE,
    Block,
    Document,
)

TITLE = "title"
META = "meta"
BLANK = "blank"


class Line(NamedTuple):
    """One screen line: its text, what it shows, and where it comes from."""

    text: str
    kind: str
    block: int = -1
    """Index of the block in ``Document.blocks`` (-1: title, authors, abstract)."""
    start: int = 0
    """Offset in the block's display text where this line starts."""


def block_text(block: Block) -> str:
    """Return a block as shown (headings with their number, equations with theirs)."""
    if block.kind == HEADING and block.number:
        return f"{block.number}  {block.text}"
    if block.kind == EQUATION and block.number:
        return f"{block.text}    {block.number}"
    if block.kind == FOOTNOTE and block.number:
        return f"[{block.number}] {block.text}"
    if block.kind == PAGE:
        return f"— {block.text} —"
    return block.text


_INDENT = {ITEM: "  ", EQUATION: "    ", CAPTION: "  ", FOOTNOTE: "  ", REFERENCE: ""}


def _wrap(text: str, width: int, indent: str) -> list[tuple[str, int]]:
    """Wrap ``text`` greedily at spaces; return (line, offset of its first character).

    Hand-written rather than textwrap: block text has single spaces already (cleaned at
    parse time), and this is about ten times faster, which a 50-page paper needs.
    """
    usable = max(width - len(indent), 10)
    # Equivalent as "<": a text of exactly ``usable`` characters is one line either way.
    if len(text) <= usable:  # pragma: no mutate
        return [(indent + text, 0)] if text else []
    out: list[tuple[str, int]] = []
    start = 0
    length = len(text)
    while start < length:
        if text[start] == " ":
            start += 1
            continue
        end = start + usable
        if end >= length:
            out.append((indent + text[start:], start))
            break
        # Equivalent with no lower bound: a space before ``start`` is caught just below.
        cut = text.rfind(" ", start, end + 1)  # pragma: no mutate
        # One word longer than the line: break it ("<" is equivalent: ``text[start]`` is
        # never a space here, so the space found is never at ``start``).
        if cut <= start:  # pragma: no mutate
            cut = end
        out.append((indent + text[start:cut], start))
        start = cut
    return out


def layout(document: Document, width: int) -> list[Line]:
    """Return the document as lines of at most ``width`` characters."""
    lines: list[Line] = []
    if document.title:
        lines.extend(Line(text, TITLE) for text, _ in _wrap(document.title, width, ""))
    if document.authors:
        authors = ", ".join(document.authors)
        lines.extend(Line(text, META) for text, _ in _wrap(authors, width, ""))
    if document.abstract:
        lines.append(Line("", BLANK))
        lines.append(Line("Abstract", HEADING))
        for paragraph in document.abstract.split("\n\n"):
            lines.extend(Line(text, META) for text, _ in _wrap(paragraph, width, ""))
    for index, block in enumerate(document.blocks):
        text = block_text(block)
        if block.kind == HEADING or block.kind == PAGE or (lines and block.kind != ITEM):
            lines.append(Line("", BLANK, index))
        indent = _INDENT.get(block.kind, "")
        lines.extend(
            Line(piece, block.kind, index, start) for piece, start in _wrap(text, width, indent)
        )
    return lines


def document_lines(document: Document, width: int) -> list[str]:
    """Return the laid-out text (``reader read --plain``)."""
    return [line.text for line in layout(document, width)]


# The closing quotes and brackets after the end mark belong to the sentence they close.
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"')\]]*)\s+(?=[A-Z0-9\[(\"'])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence of ``text``."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end(1)))
        start = match.end()
    # Equivalent as "<=": a match always leaves text after it, so ``start == len(text)``
    # only for the empty text, whose one span (0, 0) the fallback below gives too.
    if start < len(text):  # pragma: no mutate
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def locate_quote(document: Document, quote: str, hint: int = -1) -> list[tuple[int, int, int]]:
    """Return where a highlight's quote is, as (block, start, end) spans of display text.

    A quote made across paragraphs was joined with single spaces (headings left out), so it
    is followed block by block from where it starts. The block it was made in (``hint``) is
    tried first, then every block (the text may have moved after a re-download). Empty if
    the quote is no longer in the document.
    """
    blocks = document.blocks
    if not quote:
        return []
    order = [hint] if 0 <= hint < len(blocks) else []
    order += [index for index in range(len(blocks)) if index != hint]
    needle = quote[: min(len(quote), 20)]
    for index in order:
        text = block_text(blocks[index])
        start = text.find(needle)
        while start >= 0:
            spans = _follow(blocks, index, start, quote)
            if spans:
                return spans
            start = text.find(needle, start + 1)
    # A quote whose first block ends within its first characters: that block's end is
    # the start of the quote (the needle above crossed the break between blocks).
    for index in order:
        text = block_text(blocks[index])
        for length in range(1, len(needle)):
            if text.endswith(needle[:length]):
                spans = _follow(blocks, index, len(text) - length, quote)
                if spans:
                    return spans
    return []


def _follow(blocks: list[Block], index: int, start: int, quote: str) -> list[tuple[int, int, int]]:
    """Return the spans of ``quote`` read from block ``index`` at ``start`` on, or []."""
    text = block_text(blocks[index])
    rest = text[start:]
    if rest.startswith(quote):
        return [(index, start, start + len(quote))]
    if not quote.startswith(rest):
        return []
    spans = [(index, start, len(text))]
    remaining = quote[len(rest) :].lstrip(" ")
    for later in range(index + 1, len(blocks)):
        if blocks[later].kind == HEADING:
            continue  # headings are not part of a quote
        text = block_text(blocks[later])
        if text.startswith(remaining):
            spans.append((later, 0, len(remaining)))
            return spans
        if not remaining.startswith(text):
            return []
        spans.append((later, 0, len(text)))
        remaining = remaining[len(text) :].lstrip(" ")
        if not remaining:
            return spans
    return []
