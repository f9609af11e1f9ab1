"""A paper's full text as a structured document, from arXiv's LaTeXML HTML or a PDF.

The HTML is parsed with selectolax (lexbor: a real, fast HTML5 parser, never regex);
the PDF with pypdf (BSD licence).  Every text passes the same cleaning as paper fields:
it is data, shown as plain text, never as markup.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reader.core.text import clean_block, clean_line, collapse_whitespace, latex_to_unicode

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"
EQUATION = "equation"
CAPTION = "caption"
FOOTNOTE = "footnote"
REFERENCE = "reference"
PAGE = "page"


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the document: a heading, a paragraph, an equation, a caption..."""

    kind: str
    text: str
    level: int = 0
    """Heading depth: 1 section, 2 subsection, 3 deeper."""
    number: str = ""
    """The heading's or equation's number as the paper writes it (``3.1``, ``(2)``)."""


@dataclass(slots=True)
class Document:
    """A paper's full text."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    abstract: str = ""
    blocks: list[Block] = field(default_factory=list)
    origin: str = "html"
    """``html`` or ``pdf``."""

    def outline(self) -> list[tuple[int, Block]]:
        """Return (block index, heading) for every heading, in order."""
        return [(i, block) for i, block in enumerate(self.blocks) if block.kind == HEADING]

    def to_json(self) -> dict[str, Any]:
        """Return the parsed form kept next to a download (opening it skips parsing)."""
        return {
            "version": 1,
            "title": self.title,
            "authors": self.authors,
            "abstract": self.abstract,
            "origin": self.origin,
            "blocks": [[b.kind, b.text, b.level, b.number] for b in self.blocks],
        }

    @classmethod
    def from_json(cls, data: Any) -> Document:
        """Read the parsed form back (raises ValueError if it is not one)."""
        if not isinstance(data, dict) or data.get("version") != 1:
            raise ValueError("not a parsed full text")
        try:
            blocks = [
                # Block text keeps its inner spacing (an equation group's "a=b  c=d"),
                # so highlight offsets found in the parsed page still hold when reopened.
                Block(
                    _clean(str(kind)),
                    clean_line(str(text)).strip(),
                    int(level),
                    _clean(str(number)),
                )
                for kind, text, level, number in data["blocks"]
            ]
            return cls(
                title=_clean(str(data["title"])),
                authors=[_clean(str(name)) for name in data["authors"]],
                abstract=clean_block(str(data["abstract"])),
                blocks=blocks,
                origin=str(data["origin"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"damaged parsed full text ({error})") from None

    def plain_text(self) -> str:
        """Return the whole text (for ``full:`` search)."""
        parts = [self.title, *self.authors, self.abstract]
        parts.extend(block.text for block in self.blocks)
        return "\n".join(parts)


class NotFullText(Exception):
    """The answer is not a usable full text (arXiv's "No HTML" stub, an error page)."""


def _clean(text: str) -> str:
    return collapse_whitespace(clean_line(text)).strip()


_SIMPLE_MATH_MAX = 200
# Fractions, roots, matrices and multi-character sub/superscripts lose their grouping
# as flat Unicode ("e^x_iy_i"): those stay LaTeX, which a reader can parse.
_COMPLEX_MATH = re.compile(
    r"\\(?:frac|dfrac|tfrac|sqrt|begin|binom|over|choose|left|right|overset|underset)"
    r"|[_^]\{[^{}]{2,}"
)
_MACRO_AFTER_WORD = re.compile(r"(?<=[A-Za-z0-9])(?=\\[A-Za-z])")


def math_text(alttext: str) -> str:
    """Return an equation's LaTeX as Unicode when simple, else the LaTeX source."""
    source = _clean(alttext)
    if not source or len(source) > _SIMPLE_MATH_MAX:
        return source
    if "\\" not in source and not re.search(r"[\^_{}]", source):
        return source
    if _COMPLEX_MATH.search(source):
        return source
    shown = latex_to_unicode(f"${_MACRO_AFTER_WORD.sub(' ', source)}$")
    if shown.startswith("$") or "\\" in shown or not shown.strip():
        return source
    return _clean(shown)


# --- LaTeXML HTML -------------------------------------------------------------------

_SKIP_TAGS = frozenset({"script", "style", "nav", "header", "footer", "button", "svg", "img"})
_SKIP_CLASSES = ("ltx_page_header", "ltx_page_footer", "ltx_authors", "ltx_abstract")
_HEADING_TAGS = {"h1": 1, "h2": 1, "h3": 2, "h4": 3, "h5": 3, "h6": 3}
_MAX_BLOCKS = 200_000


def _classes(node: Any) -> list[str]:
    return (node.attributes.get("class") or "").split()


def _has(node: Any, name: str) -> bool:
    return name in _classes(node)


def is_no_html(body: bytes) -> bool:
    """Tell whether arXiv answered with its "No HTML" stub or a conversion error page."""
    head = body[:200_000]
    return (
        b"No HTML for" in head
        or b"ltx_document" not in head
        or b"Conversion to HTML had a Fatal error" in head
    )


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.footnotes: list[Block] = []

    def add(self, block: Block) -> None:
        if block.text and len(self.blocks) < _MAX_BLOCKS:
            self.blocks.append(block)

    def inline(self, node: Any) -> str:
        """Return a paragraph's text: math as readable text, footnotes moved out."""
        parts: list[str] = []
        self._inline(node, parts)
        return _clean("".join(parts))

    def _inline(self, node: Any, parts: list[str]) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                parts.append(child.text_content or "")
            elif tag == "math":
                parts.append(math_text(child.attributes.get("alttext") or child.text()))
            elif tag in _SKIP_TAGS:
                continue
            elif _has(child, "ltx_tag"):
                if not _has(child, "ltx_tag_note"):
                    parts.append(f"{child.text()} ")
            elif _has(child, "ltx_note") and (
                _has(child, "ltx_role_footnote") or _has(child, "ltx_role_footnotetext")
            ):
                mark = child.css_first(".ltx_note_mark")
                number = _clean(mark.text()) if mark is not None else ""
                parts.append(f"[{number}]" if number else "")
                content = child.css_first(".ltx_note_content")
                if content is not None:
                    inner: list[str] = []
                    for sub in content.iter(include_text=True):
                        if sub.tag != "-text" and (
                            _has(sub, "ltx_note_mark") or _has(sub, "ltx_tag_note")
                        ):
                            continue
                        if sub.tag == "-text":
                            inner.append(sub.text_content or "")
                        elif sub.tag == "math":
                            inner.append(math_text(sub.attributes.get("alttext") or ""))
                        else:
                            self._inline(sub, inner)
                    self.footnotes.append(Block(FOOTNOTE, _clean("".join(inner)), number=number))
            else:
                if tag in ("br",):
                    parts.append(" ")
                    continue
                self._inline(child, parts)

    def walk(self, node: Any) -> None:
        for child in node.iter(include_text=False):
            self.visit(child)

    def visit(self, node: Any) -> None:
        tag = node.tag
        if tag in _SKIP_TAGS or tag in ("-text", "-comment"):
            return
        classes = _classes(node)
        if any(name in classes for name in _SKIP_CLASSES) or "ltx_title_document" in classes:
            return
        if tag in _HEADING_TAGS:
            self.heading(node, _HEADING_TAGS[tag])
        elif tag == "figure" or "ltx_figure" in classes or "ltx_table" in classes:
            caption = node.css_first("figcaption")
            if caption is not None:
                self.add(Block(CAPTION, self.inline(caption)))
            # Sub-figures and tables inside keep their own captions; their text is
            # not read as paragraphs (table cells are layout, not prose).
        elif "ltx_bibitem" in classes:
            self.add(Block(REFERENCE, self.inline(node)))
        elif "ltx_equation" in classes or "ltx_equationgroup" in classes:
            self.equation(node)
        elif tag == "li" or "ltx_item" in classes:
            self.add(Block(ITEM, self.inline(node)))
        elif tag == "p" or "ltx_p" in classes:
            self.add(Block(PARAGRAPH, self.inline(node)))
        elif tag == "math":
            self.add(Block(EQUATION, math_text(node.attributes.get("alttext") or "")))
        else:
            self.walk(node)

    def heading(self, node: Any, level: int) -> None:
        tag_node = node.css_first(".ltx_tag")
        number = _clean(tag_node.text()).rstrip(".") if tag_node is not None else ""
        parts: list[str] = []
        for child in node.iter(include_text=True):
            if child.tag != "-text" and _has(child, "ltx_tag"):
                continue
            if child.tag == "-text":
                parts.append(child.text_content or "")
            elif child.tag == "math":
                parts.append(math_text(child.attributes.get("alttext") or ""))
            else:
                self._inline(child, parts)
        self.add(Block(HEADING, _clean("".join(parts)), level=level, number=number))

    def equation(self, node: Any) -> None:
        maths = [math_text(item.attributes.get("alttext") or "") for item in node.css("math")]
        tag_node = node.css_first(".ltx_tag_equation") or node.css_first(".ltx_tag")
        number = _clean(tag_node.text()) if tag_node is not None else ""
        text = "  ".join(item for item in maths if item)
        self.add(Block(EQUATION, text, number=number))


def parse_html(data: bytes | str) -> Document:
    """Parse arXiv's LaTeXML HTML into a Document (raises NotFullText for a stub)."""
    from selectolax.lexbor import LexborHTMLParser

    body = data.encode("utf-8", "replace") if isinstance(data, str) else data
    if is_no_html(body):
        raise NotFullText("arXiv has no HTML version of this paper")
    tree = LexborHTMLParser(body.decode("utf-8", "replace"))
    root = tree.css_first("article") or tree.css_first(".ltx_document") or tree.body
    if root is None:
        raise NotFullText("the page has no document")
    document = Document(origin="html")
    builder = _Builder()
    title = root.css_first(".ltx_title_document") or tree.css_first("h1")
    if title is not None:
        document.title = builder.inline(title)
    for author in root.css(".ltx_authors .ltx_personname"):
        name = _clean(author.text(separator=" ").split("\n")[0])
        if name:
            document.authors.append(name)
    abstract = root.css_first(".ltx_abstract")
    if abstract is not None:
        paragraphs = [builder.inline(p) for p in abstract.css("p")]
        document.abstract = "\n\n".join(p for p in paragraphs if p)
    builder.walk(root)
    document.blocks = builder.blocks
    if builder.footnotes:
        document.blocks.append(Block(HEADING, "Footnotes", level=1))
        document.blocks.extend(builder.footnotes)
    if not document.blocks and not document.abstract:
        raise NotFullText("the page holds no text")
    return document


# --- PDF ----------------------------------------------------------------------------

_PDF_HEADING = re.compile(
    r"^(?P<number>(?:\d{1,2}(?:\.\d{1,2}){0,2}|[A-H]\.\d{1,2}))\.?\s+"
    r"(?P<title>[A-Z][^.!?]{1,80})$"
)
_PDF_NAMED = re.compile(
    r"^(Abstract|Introduction|Related Work|Conclusions?|References|Bibliography|"
    r"Acknowledge?ments?|Appendix)$",
    re.IGNORECASE,
)


def _pdf_paragraphs(text: str) -> Iterator[str]:
    """Yield paragraphs: blank lines or a short line ending a sentence end one."""
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if current:
                yield " ".join(current)
                current = []
            continue
        if _PDF_HEADING.match(line) or _PDF_NAMED.match(line):
            if current:
                yield " ".join(current)
                current = []
            yield line
            continue
        if current and current[-1].endswith("-") and line[:1].islower():
            current[-1] = current[-1][:-1] + line
        else:
            current.append(line)
        if len(line) < 45 and line.endswith((".", ":", "?", "!")):
            yield " ".join(current)
            current = []
    if current:
        yield " ".join(current)


def parse_pdf(data: bytes) -> Document:
    """Extract a PDF's text into pages and paragraphs with a best-effort outline."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = list(reader.pages)
    except (PyPdfError, ValueError, OSError, KeyError, TypeError) as error:
        raise NotFullText(f"not a readable PDF ({error})") from None
    document = Document(origin="pdf")
    try:
        title = reader.metadata.title if reader.metadata else None
    except (PyPdfError, ValueError, KeyError, TypeError):
        title = None
    document.title = _clean(str(title)) if title else ""
    in_references = False
    for number, page in enumerate(pages, 1):
        try:
            text = page.extract_text() or ""
        except (PyPdfError, ValueError, KeyError, TypeError, RecursionError):
            text = ""
        document.blocks.append(Block(PAGE, f"Page {number}", number=str(number)))
        for paragraph in _pdf_paragraphs(text):
            paragraph = _clean(paragraph)
            if not paragraph:
                continue
            match = _PDF_HEADING.match(paragraph)
            if match:
                level = match.group("number").count(".") + 1
                in_references = False
                document.blocks.append(
                    Block(HEADING, match.group("title"), level=level, number=match["number"])
                )
            elif _PDF_NAMED.match(paragraph):
                document.blocks.append(Block(HEADING, paragraph, level=1))
                in_references = paragraph.casefold() in ("references", "bibliography")
            else:
                kind = REFERENCE if in_references else PARAGRAPH
                document.blocks.append(Block(kind, paragraph))
    if not any(block.kind != PAGE for block in document.blocks):
        raise NotFullText("the PDF has no extractable text (scanned?)")
    return document
