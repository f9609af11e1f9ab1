"""Text hygiene shared by every parser: control characters, normalisation, stable ids."""

from __future__ import annotations

import contextlib
import importlib
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

# The patterns are compiled when first used, not at import: compiling them (character
# classes over Unicode ranges) cost ~13 M instructions on the way to the first paint,
# where clean text (the common case) needs none but the arXiv id's.


@cache
def _escape_sequence() -> re.Pattern[str]:
    # ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/PM/APC/SOS strings
    # (terminated by BEL or ST), and two-character escapes.  The 8-bit C1 forms
    # (0x9b CSI, 0x9d OSC ...) are covered by the control-character class below.
    return re.compile(
        r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI (7- and 8-bit)
        r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit OSC/DCS/...
        r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, DCS, SOS, PM, APC
        r"|\x1b[@-Z\\-_]"  # other two-character escapes (Fe)
        r"|\x1b[ -/]*[0-~]?"  # nF / Fp / Fs escapes, or a lone ESC
    )


@cache
def _escape_start() -> re.Pattern[str]:
    return re.compile(r"[\x1b\x90\x98\x9b\x9d\x9e\x9f]")


@cache
def _control_chars() -> re.Pattern[str]:
    # C0 controls except tab and newline, DEL, the C1 range, and the bidirectional
    # embedding/override/isolate controls that can make text display in another order
    # than it reads (U+202A-U+202E, U+2066-U+2069).
    return re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@cache
def _line_breaks() -> re.Pattern[str]:
    # Tab and newline, and the Unicode line/paragraph separators, for one-line fields
    # (titles, names, links, tags) where they become a space.
    return re.compile(r"[\t\n\u2028\u2029]")


@cache
def _arxiv_id() -> re.Pattern[str]:
    return re.compile(
        r"^(?:arxiv:)?(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$",
        re.IGNORECASE,
    )


_ASCII_CONTROLS = bytes(range(0x20)) + b"\x7f"

_last_printable = [""]  # pragma: no mutate (any printable text is as good a start)
"""The text ``is_printable`` last found printable: a parser checks a field (to clean it)
and the model checks the same string again, so that second check is one identity test.
Only a printable str is kept here, and strs do not change, so a hit is always right."""


def is_printable(text: str) -> bool:
    """Return ``text.isprintable()``, three times faster for ASCII text (most paper text).

    Every text a parser reads passes this check two or three times (the line, the
    field, the model), so at 100,000 abstracts it is a second of CPU.  ASCII is
    printable when it holds no C0 control and no DEL; ``isascii`` is O(1) on a str.
    """
    if text is _last_printable[0]:
        return True
    if text.isascii():
        encoded = text.encode("ascii")
        printable = len(encoded.translate(None, _ASCII_CONTROLS)) == len(encoded)
    else:
        printable = text.isprintable()
    if printable:
        _last_printable[0] = text
    return printable


_LINE_CONTROLS = tuple(chr(code) for code in (*range(0x20), 0x7F) if chr(code) not in "\t\n")


def plain_lines(text: str) -> bool:
    """Tell whether ``strip_control`` leaves every line of ``text`` as it is.

    True for ASCII text whose only controls are tabs and newlines (checked at once for
    a whole chunk of a file); False means "check each line".  One search per control
    character: on a 256 KiB chunk each is a memchr, together six times faster than one
    pass that looks every character up in a table.
    """
    if not text.isascii():
        return False
    return not any(control in text for control in _LINE_CONTROLS)


def strip_control(text: str) -> str:
    """Remove terminal escape sequences and control characters, keeping tab and newline.

    Carriage returns are control characters too: callers normalise line endings first.
    """
    if is_printable(text):  # the common case, checked in C: nothing to strip
        return text
    if _escape_start().search(text):
        text = _escape_sequence().sub("", text)
    return _control_chars().sub("", text)


def visible_controls(text: str) -> str:
    """Return ``text`` with each control character shown as an escape (ESC as 4 characters).

    For a terminal: file names and arguments echoed by the command line are not paper
    text, so they are shown, not stripped, and none reaches the terminal as a control.
    Tab and newline are kept.
    """
    if is_printable(text):
        return text
    return _control_chars().sub(lambda match: ascii(match.group())[1:-1], text)


def shell_word(text: str) -> str:
    """Return ``text`` quoted for a POSIX shell; control characters as ANSI-C escapes.

    A command a message suggests can then be pasted as it is shown.
    """
    import shlex

    any_control = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    if any_control.search(text) is None:
        return shlex.quote(text)
    escaped = text.replace("\\", "\\\\").replace("'", "\\'")
    return "$'" + any_control.sub(lambda match: ascii(match.group())[1:-1], escaped) + "'"


@cache
def _needs_cleaning() -> re.Pattern[str]:
    # Anything clean_line or clean_block would change: most text has none (a fast path).
    return re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def needs_cleaning(text: str) -> re.Match[str] | None:
    """Return a match when ``text`` holds anything the cleaners would change, else None."""
    return _needs_cleaning().search(text)


def clean_line(text: str) -> str:
    """Return ``text`` as one line: controls stripped, line breaks and tabs made spaces."""
    if is_printable(text) or needs_cleaning(text) is None:
        return text
    text = strip_control(text)
    line_breaks = _line_breaks()
    return line_breaks.sub(" ", text) if line_breaks.search(text) else text


def clean_block(text: str) -> str:
    """Return multi-line text (notes, abstracts) with controls stripped, newlines kept."""
    if is_printable(text) or needs_cleaning(text) is None:
        return text
    text = strip_control(text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\u2028", "\n").replace("\u2029", "\n")


def is_plain_line(text: str) -> bool:
    """Tell whether ``text`` is one clean line, left unchanged by the cleaners.

    ``collapse_whitespace`` and ``strip_control`` both return such text as it is: no
    control, no run of spaces, no space at either end.
    """
    return "  " not in text and is_printable(text) and text[:1] != " " and text[-1:] != " "


def collapse_whitespace(text: str) -> str:
    """Join hard-wrapped lines and runs of spaces into single spaces."""
    if is_plain_line(text):
        return text
    return " ".join(text.split())


def normalise_title(title: str) -> str:
    """Return the comparison form of a title: NFC, casefolded, whitespace collapsed."""
    if title.isascii():  # NFC leaves ASCII as it is, and casefolds it as lower() does
        return collapse_whitespace(title.lower())
    return collapse_whitespace(unicodedata.normalize("NFC", title).casefold())


@cache
def _sha256() -> Callable[[bytes], Any]:
    """Return CPython's own SHA-256 constructor.

    hashlib's import (OpenSSL and every algorithm) costs ~5 M instructions on the way to
    the first paint, where each paper's title key needs only this one; the module is
    ``_sha256`` up to Python 3.11 and ``_sha2`` from 3.12 (hashlib if neither is there).
    """
    for name in ("_sha256", "_sha2"):
        with contextlib.suppress(ImportError):
            constructor: Callable[[bytes], Any] = importlib.import_module(name).sha256
            return constructor
    from hashlib import sha256  # pragma: no cover - an interpreter without either

    return sha256  # pragma: no cover


def sha256_hex(data: bytes) -> str:
    """Return the SHA-256 of ``data`` in hex, without hashlib's import (see _sha256)."""
    digest: str = _sha256()(data).hexdigest()
    return digest


def title_key(title: str) -> str:
    """Return a short, stable hash of the normalised title (SHA-256, its first 12 hex)."""
    digest: str = _sha256()(normalise_title(title).encode("utf-8")).hexdigest()
    return digest[:12]


def normalise_arxiv_id(raw: str) -> str | None:
    """Return the bare arXiv id (no ``arXiv:`` prefix, no version) or None if not one."""
    match = _arxiv_id().match(raw.strip())
    return match.group("id") if match else None


def make_paper_id(title: str, arxiv_id: str | None = None, key: str | None = None) -> str:
    """Return the stable id of a paper: its arXiv id when known, else ``title:<hash>``.

    ``key`` is the title's ``title_key`` if the caller already has it.
    """
    if arxiv_id:
        normalised = normalise_arxiv_id(arxiv_id)
        if normalised:
            return normalised
    return f"title:{key or title_key(title)}"


# LaTeX shown as Unicode: only text that looks like LaTeX goes through pylatexenc, and
# only when it is small and shallow enough to be decoded quickly (pylatexenc recurses
# per brace level: 3,000 nested groups overflow the stack).
_LATEX_HINT = re.compile(r"\\[A-Za-z'`\"^~=.&%$#_{}]|\$[^$]*[\\^_{}][^$]*\$")
_LATEX_MAX_CHARS = 20_000
_LATEX_MAX_DEPTH = 40
_latex_decoder: Any = None


def _brace_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth = max(depth - 1, 0)
    return deepest


@lru_cache(maxsize=4096)
def latex_to_unicode(text: str) -> str:
    r"""Return simple LaTeX (``$\Lambda_{\alpha}$``, ``\'a``) as readable Unicode.

    Text without LaTeX, or too long or deeply nested to decode safely, is returned as is;
    so is anything pylatexenc cannot handle.  The source text stays the paper's data
    (search and export use it); this is for display.
    """
    if len(text) > _LATEX_MAX_CHARS or not _LATEX_HINT.search(text):
        return text
    if "{" in text and _brace_depth(text) > _LATEX_MAX_DEPTH:
        return text
    global _latex_decoder
    try:
        if _latex_decoder is None:
            from pylatexenc.latex2text import LatexNodes2Text

            _latex_decoder = LatexNodes2Text()
        decoded = str(_latex_decoder.latex_to_text(text))
    except (Exception, RecursionError):
        return text
    return collapse_whitespace(strip_control(decoded)) if "\n" not in text else decoded


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """Return ``1 paper`` or ``2 papers`` (``nouns`` for irregular plurals)."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def shown_id(paper_id: str) -> str:
    """Return a paper id as a person may see it: "" for the internal ``title:<hash>``."""
    return "" if paper_id.startswith("title:") else paper_id
