"""Text hygiene shared by every parser: control characters, normalisation, stable ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/PM/APC/SOS strings
# (terminated by BEL or ST), and two-character escapes; and their 8-bit C1 forms
# (0x9b CSI, 0x9d OSC ...), whose parameters go with them.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS...
    r"|\x1b[@-Z\\-_]"  # other two-character escapes (Fe)
    r"|\x1b[ -/]*[0-~]?"  # nF / Fp / Fs escapes, or a lone ESC
)
_STARTS_SEQUENCE = re.compile(r"[\x1b\x90\x98\x9b\x9d\x9e\x9f]")
# C0 controls except tab and newline, DEL, and the C1 range.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ARXIV_ID = re.compile(
    r"^(?:arxiv:)?(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$",
    re.IGNORECASE,
)


def strip_control(text: str) -> str:
    """Remove terminal escape sequences and control characters, keeping tab and newline.

    Carriage returns are control characters too: callers normalise line endings first.
    """
    if text.isprintable() or not _CONTROL_CHARS.search(text):
        return text  # the common case: one scan, no copy
    if _STARTS_SEQUENCE.search(text):
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL_CHARS.sub("", text)


def collapse_whitespace(text: str) -> str:
    """Join hard-wrapped lines and runs of spaces into single spaces."""
    return " ".join(text.split())


def normalise_title(title: str) -> str:
    """Return the comparison form of a title: NFC, casefolded, whitespace collapsed."""
    return collapse_whitespace(unicodedata.normalize("NFC", title).casefold())


def title_key(title: str) -> str:
    """Return a short, stable hash of the normalised title."""
    digest = hashlib.sha256(normalise_title(title).encode("utf-8")).hexdigest()
    return digest[:12]


def normalise_arxiv_id(raw: str) -> str | None:
    """Return the bare arXiv id (no ``arXiv:`` prefix, no version) or None if not one."""
    match = _ARXIV_ID.match(raw.strip())
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


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """Return ``1 paper`` or ``2 papers`` (``nouns`` for irregular plurals)."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"
