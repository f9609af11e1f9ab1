"""Read paper files from disk into papers, turning every problem into one readable line."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from reader.core.formats import detect_format
from reader.core.formats.common import Parsed, SourceError
from reader.core.merge import PaperMerger
from reader.core.models import LoadReport
from reader.core.text import strip_control
from reader.core.trending import parse_trending_page

__all__ = ["SourceError", "TextLines", "load_sources", "parse_file", "read_text"]

_SNIFF_BYTES = 64 * 1024


class TextLines:
    r"""A text file's lines, decoded and cleaned one at a time (never the whole file at once).

    UTF-8 with or without BOM; ``\n``, ``\r\n`` or ``\r`` line ends; terminal control
    characters removed.  Invalid UTF-8 becomes replacement characters and sets
    ``warning``.  Raises SourceError for a missing, unreadable, empty or binary file
    (at open for most, while reading for a NUL byte late in the file).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warning: str | None = None
        try:
            if path.is_dir():
                raise SourceError(f"{path}: is a directory, not a file")
            with path.open("rb") as handle:
                head = handle.read(_SNIFF_BYTES)
        except FileNotFoundError:
            raise SourceError(f"{path}: no such file") from None
        except PermissionError:
            raise SourceError(f"{path}: permission denied") from None
        except OSError as error:
            raise SourceError(f"{path}: cannot read ({error.strerror or error})") from None
        if b"\x00" in head:
            raise SourceError(f"{path}: looks like a binary file (contains NUL bytes), not text")
        if not head.strip():
            raise SourceError(f"{path}: file is empty")
        self.head = head

    def __iter__(self) -> Iterator[str]:
        offset = 0
        first = True
        try:
            with self.path.open("rb") as handle:
                for raw in handle:
                    if b"\x00" in raw:
                        raise SourceError(
                            f"{self.path}: looks like a binary file (contains NUL bytes), not text"
                        )
                    text = self._decode(raw, offset)
                    offset += len(raw)
                    if first:
                        text = text.removeprefix("\ufeff")
                        first = False
                    text = text.rstrip("\r\n")
                    for line in text.split("\r") if "\r" in text else (text,):
                        yield strip_control(line)
        except OSError as error:
            raise SourceError(f"{self.path}: cannot read ({error.strerror or error})") from None

    def _decode(self, raw: bytes, offset: int) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            if self.warning is None:
                self.warning = (
                    f"{self.path}: invalid UTF-8 at byte {offset + error.start}; "
                    "undecodable bytes are shown as \N{REPLACEMENT CHARACTER}"
                )
            return raw.decode("utf-8", errors="replace")


def read_text(path: Path) -> str:
    """Return a whole text file, decoded and cleaned as TextLines does (small files)."""
    return "\n".join(TextLines(path))


def parse_file(path: Path) -> Parsed:
    """Parse one file in whatever supported format it holds.

    Raises SourceError if the file is unusable or holds no papers; skipped records are
    in ``problems``.
    """
    lines = TextLines(path)
    kind = detect_format(lines.head)
    # Parsers are imported for the format at hand only: bibtexparser, pylatexenc and
    # defusedxml stay off the start-up path of a plain trending page.
    if kind == "hf-daily":
        from reader.core.formats.hf_daily import parse_hf_daily

        parsed = parse_hf_daily(path, _utf8(path, _read_bytes(path), lines))
    elif kind == "arxiv-jsonl":
        from reader.core.formats.arxiv import parse_snapshot

        parsed = parse_snapshot(path, lines)
    elif kind == "atom":
        from reader.core.formats.arxiv import parse_atom

        parsed = parse_atom(path, _utf8(path, _read_bytes(path), lines))
    elif kind == "reader-json":
        from reader.core.formats.reader_json import parse_reader_json

        parsed = parse_reader_json(path, _utf8(path, _read_bytes(path), lines))[0]
    elif kind == "bibtex":
        from reader.core.formats.bibtex import parse_bibtex

        parsed = parse_bibtex(path, "\n".join(lines))
    else:
        page = parse_trending_page(lines, source=str(path))
        parsed = Parsed(page.papers)
    if lines.warning:
        parsed.warning = lines.warning
    if not parsed.papers:
        detail = f"; {len(parsed.problems)} records skipped" if parsed.problems else ""
        raise SourceError(f"{path}: no papers found (read as {kind}{detail})")
    return parsed


def _utf8(path: Path, data: bytes, lines: TextLines) -> bytes:
    """Return ``data`` as valid UTF-8, replacing bad bytes (and warning) if needed."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        lines.warning = (
            f"{path}: invalid UTF-8 at byte {error.start}; "
            "undecodable bytes are shown as \N{REPLACEMENT CHARACTER}"
        )
        return data.decode("utf-8", errors="replace").encode("utf-8")
    return data


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: cannot read ({error.strerror or error})") from None


def load_sources(paths: list[Path], known: Mapping[Path, Parsed] | None = None) -> LoadReport:
    """Load papers from every path, merging the same paper from several sources.

    Files that cannot be used end up in ``errors``; the caller decides whether that is
    fatal (all failed) or a warning (some failed).  Skipped records become one warning
    per file: ``loaded N papers, skipped M from FILE``.  ``known`` holds files already
    parsed (by path), which are not read again.
    """
    report = LoadReport()
    merger = PaperMerger()
    for path in paths:
        try:
            parsed = known[path] if known and path in known else parse_file(path)
        except SourceError as error:
            report.errors.append(str(error))
            continue
        if parsed.warning:
            report.warnings.append(parsed.warning)
        if parsed.problems:
            report.warnings.append(
                f"loaded {len(parsed.papers)} papers, skipped {len(parsed.problems)} from {path} "
                f"(reader check {path} lists them)"
            )
        merger.add_all(parsed.papers)
    report.papers = merger.papers()
    return report
