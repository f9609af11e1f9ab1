"""Read paper files from disk into papers, turning every problem into one readable line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.core.models import LoadReport, Paper
from reader.core.text import strip_control
from reader.core.trending import parse_trending_page

_MAX_BYTES = 512 * 1024 * 1024


class SourceError(Exception):
    """A file that cannot be used at all; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A file's text, ready to parse, plus a warning if decoding had to guess."""

    text: str
    warning: str | None = None


def read_text(path: Path) -> DecodedText:
    """Read a text file: UTF-8 (BOM allowed), any line endings, controls removed.

    Raises SourceError for a missing, unreadable, empty or binary file.  Invalid UTF-8 is
    decoded with replacement characters and reported as a warning, since the rest of such a
    file is usually readable.
    """
    try:
        if path.is_dir():
            raise SourceError(f"{path}: is a directory, not a file")
        size = path.stat().st_size
        if size > _MAX_BYTES:
            raise SourceError(f"{path}: too large ({size // (1024 * 1024)} MiB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied") from None
    except OSError as error:
        raise SourceError(f"{path}: cannot read ({error.strerror or error})") from None
    if not data.strip():
        raise SourceError(f"{path}: file is empty")
    if b"\x00" in data:
        raise SourceError(f"{path}: looks like a binary file (contains NUL bytes), not text")
    warning = None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = data.decode("utf-8-sig", errors="replace")
        warning = (
            f"{path}: invalid UTF-8 at byte {error.start}; "
            "undecodable bytes are shown as \N{REPLACEMENT CHARACTER}"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return DecodedText(strip_control(text), warning)


def parse_file(path: Path) -> tuple[list[Paper], str | None]:
    """Parse one file into papers; return them with an optional warning."""
    decoded = read_text(path)
    page = parse_trending_page(decoded.text, source=str(path))
    if not page.papers:
        raise SourceError(f"{path}: no papers found (expected a trending-papers page as text)")
    return page.papers, decoded.warning


def load_sources(paths: list[Path]) -> LoadReport:
    """Load papers from every path, in order, dropping repeats of the same paper id.

    Files that cannot be used end up in ``errors``; the caller decides whether that is
    fatal (all failed) or a warning (some failed).
    """
    report = LoadReport()
    seen: set[str] = set()
    for path in paths:
        try:
            papers, warning = parse_file(path)
        except SourceError as error:
            report.errors.append(str(error))
            continue
        if warning:
            report.warnings.append(warning)
        for paper in papers:
            if paper.id not in seen:
                seen.add(paper.id)
                report.papers.append(paper)
    return report
