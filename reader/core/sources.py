"""Read paper files from disk into papers, turning every problem into one readable line."""

from __future__ import annotations

import codecs
import io
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from reader.core.formats import detect_format, load_parser
from reader.core.formats.common import Parsed, Problem, SourceError
from reader.core.merge import PaperMerger
from reader.core.models import LoadReport, Paper
from reader.core.text import plain_lines, plural, shell_word, strip_control, visible_controls

__all__ = ["PaperStream", "SourceError", "TextLines", "load_sources", "parse_file"]

_SNIFF_BYTES = 64 * 1024
_CHUNK = 256 * 1024
MAX_LINE = 16 * 1024 * 1024
"""A longer line is not a line of a paper file (a binary or damaged file)."""
_BINARY = "looks like a binary file (contains NUL bytes), not text"


class TextLines:
    r"""A paper file opened for reading: sniffed at once, then read streaming.

    Only regular files are opened (a FIFO, device or directory is refused before any
    read, so nothing blocks); a NUL byte in the first 64 KiB means binary.  Text is
    UTF-8 (BOM or not) unless the first bytes say otherwise: then charset-normalizer
    names the encoding and ``warning`` says which was used; replacement characters
    only when that fails.  Iterating gives lines (``\n``, ``\r\n`` or ``\r`` ends,
    controls removed); ``stream()`` gives the text re-encoded as UTF-8 for the JSON
    and XML parsers.  Both read in 256 KiB chunks and refuse a NUL byte met later.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warning: str | None = None
        try:
            status = os.stat(path)
            mode = status.st_mode
            if stat.S_ISDIR(mode):
                raise SourceError(f"{path}: is a directory, not a file")
            if not stat.S_ISREG(mode):
                raise SourceError(f"{path}: is not a regular file ({_kind(mode)}); not read")
            with path.open("rb") as handle:
                head = handle.read(_SNIFF_BYTES)
        except FileNotFoundError:
            raise SourceError(f"{path}: no such file") from None
        except PermissionError:
            raise SourceError(f"{path}: permission denied") from None
        except OSError as error:
            raise SourceError(f"{path}: cannot read ({error.strerror or error})") from None
        self.encoding = _encoding_of(head)
        if b"\x00" in head and not self.encoding.startswith("utf_16"):
            raise SourceError(f"{path}: {_BINARY}")
        if not head.strip():
            raise SourceError(f"{path}: file is empty")
        if self.encoding != "utf-8":
            self.warning = f"{path}: not UTF-8; read as {self.encoding} (detected)"
        self.head = head if self.encoding == "utf-8" else _reencode(head, self.encoding)
        self.size = status.st_size
        """The file's size when opened (for progress)."""
        self.consumed = 0
        """Bytes read so far by the current pass (for progress)."""

    def chunks(self) -> Iterator[str]:
        """Yield the file's text in decoded chunks (BOM removed, NUL refused)."""
        decoder = codecs.getincrementaldecoder(self.encoding)(errors="strict")
        offset = 0
        first = True
        try:
            with self.path.open("rb") as handle:
                while True:
                    raw = handle.read(_CHUNK)
                    if b"\x00" in raw and not self.encoding.startswith("utf_16"):
                        raise SourceError(f"{self.path}: {_BINARY}")
                    text = self._decode(decoder, raw, offset, final=not raw)
                    offset += len(raw)
                    self.consumed = offset
                    if first and text:
                        text = text.removeprefix("\ufeff")
                        first = False
                    if text:
                        yield text
                    if not raw:
                        return
        except OSError as error:
            raise SourceError(f"{self.path}: cannot read ({error.strerror or error})") from None

    def _decode(
        self, decoder: codecs.IncrementalDecoder, raw: bytes, offset: int, final: bool
    ) -> str:
        try:
            return str(decoder.decode(raw, final))
        except UnicodeDecodeError as error:
            if self.warning is None:
                self.warning = (
                    f"{self.path}: invalid {self.encoding.upper()} at byte {offset + error.start}; "
                    "undecodable bytes are shown as \N{REPLACEMENT CHARACTER}"
                )
            decoder.reset()
            decoder.errors = "replace"
            return str(decoder.decode(raw, final))

    def __iter__(self) -> Iterator[str]:
        carry = ""
        for text in self.chunks():
            buffer = carry + text
            held = ""
            if buffer.endswith("\r"):
                buffer, held = buffer[:-1], "\r"
            if "\r" in buffer:
                buffer = buffer.replace("\r\n", "\n").replace("\r", "\n")
            lines = buffer.split("\n")
            carry = lines.pop() + held
            if len(carry) > MAX_LINE:
                raise SourceError(f"{self.path}: a line longer than 16 MiB; not a paper file")
            if plain_lines(buffer):  # the common case: one check for the whole chunk
                yield from lines
                continue
            for line in lines:
                yield strip_control(line)
        carry = carry.rstrip("\r")
        if carry:
            yield strip_control(carry)

    def stream(self) -> io.RawIOBase:
        """Return the text as a binary stream of UTF-8 for the streaming JSON/XML parsers."""
        return _Utf8Stream(self.chunks())


class _Utf8Stream(io.RawIOBase):
    """A readable binary stream over decoded text chunks."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks
        self._buffer = b""  # pragma: no mutate (None is as empty to ``while not``)

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            # Decoded text holds no lone surrogate, and UTF-8 is the default codec: marked.
            self._buffer = chunk.encode("utf-8", errors="replace")  # pragma: no mutate
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(_CHUNK), b""))
        buffer = bytearray(size)
        count = self.readinto(buffer)
        return bytes(buffer[:count])


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"  # pragma: no mutate (unreachable on Linux: every kind is named above)


def _encoding_of(head: bytes) -> str:
    """Return the codec name to read a file with, from its first bytes."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf_16"
    if b"\x00" in head:
        return "utf-8"  # binary: refused by the caller
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    from charset_normalizer import from_bytes

    results = from_bytes(head)
    best = results.best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return "utf-8"  # detection failed: UTF-8 with replacement characters
    # Short Western text fits several single-byte code pages equally well; among those
    # equally good, Windows-1252 (a superset of Latin-1 for text) is by far the likeliest.
    for result in results:
        same = (result.chaos, result.coherence) == (best.chaos, best.coherence)
        if same and "cp1252" in result.could_be_from_charset:
            return "cp1252"
    return str(best.encoding)


def _reencode(head: bytes, encoding: str) -> bytes:
    text = head.decode(encoding, errors="replace")
    # Decoded text holds no lone surrogate, and UTF-8 is the default codec: marked.
    return text.encode("utf-8", errors="replace")  # pragma: no mutate


def parse_file(path: Path) -> Parsed:
    """Parse one file in whatever supported format it holds.

    Raises SourceError (the only error that leaves a parser) if the file is unusable or
    holds no papers; skipped records are in ``problems``.
    """
    stream = PaperStream(path)
    parsed = Parsed(list(stream), stream.problems, stream.warning)
    return parsed


_PARSER_BUGS = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError)


def _check_kind(path: Path, kind: str, head: bytes) -> None:
    """Refuse, in one line, a web page: it is a paper's full text, not a list of papers.

    Sniffed as XML, an arXiv HTML page was refused as "unsafe XML (DTDForbidden)".  Other
    files are read by their content whatever their name (a trending page saved as .json
    too), as the README says.
    """
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if kind == "atom" and (start.startswith(b"<!doctype html") or start.startswith(b"<html")):
        raise SourceError(
            f"{path}: a web page, not a list of papers (a paper's full text opens with "
            f"reader read {shell_word(str(path))})"
        )


class PaperStream:
    """One file's papers as they are read, for indexing a huge file without holding it.

    Opening sniffs the file (SourceError at once for a missing, binary, empty or special
    file).  Iterating yields its papers: an arXiv snapshot line by line, other formats
    once parsed; each pass reads the file again.  After a pass ``problems`` lists the
    skipped records and ``warning`` the encoding or format warning; a pass that finds no
    papers, or a file that turns unusable part-way, raises SourceError.  ``consumed`` /
    ``size`` tell how far reading has got.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = TextLines(path)
        self.kind = detect_format(self.lines.head)
        _check_kind(path, self.kind, self.lines.head)
        self.problems: list[Problem] = []
        self.warning: str | None = None
        self.count = 0
        """Papers yielded by the current pass."""
        self.complete = False
        """True once a pass has read the whole file."""

    @property
    def size(self) -> int:
        """The file's size in bytes."""
        return self.lines.size

    @property
    def consumed(self) -> int:
        """Bytes read so far by the current pass."""
        return self.lines.consumed

    def __iter__(self) -> Iterator[Paper]:
        path, kind = self.path, self.kind
        self.problems.clear()
        self.count = 0
        try:
            if kind == "arxiv-jsonl":  # streamed: indexed as it is read
                from reader.core.formats.arxiv import iter_snapshot

                papers: Iterable[Paper] = iter_snapshot(path, self.lines, self.problems)
                warning = None
            else:
                # Parsers are imported for the format at hand only: bibtexparser, pylatexenc
                # and defusedxml stay off the start-up path of a plain trending page.
                parsed = load_parser(kind)(path, self.lines)
                papers, warning = parsed.papers, parsed.warning
                self.problems[:] = parsed.problems
            for paper in papers:
                self.count += 1
                yield paper
        except SourceError:
            raise
        except RecursionError:
            raise SourceError(f"{path}: nested too deeply to read (as {kind})") from None
        except (
            ValueError,
            TypeError,
            KeyError,
            IndexError,
            AttributeError,
            OverflowError,
        ) as error:
            # A parser bug or an input no record-level check foresaw: still one line.
            raise SourceError(
                f"{path}: cannot be read as {kind} ({type(error).__name__})"
            ) from None
        warnings = [text for text in (self.lines.warning, warning) if text]
        self.warning = "; ".join(warnings) or None
        if not self.count:
            detail = ""
            if self.problems:
                first = self.problems[0]
                where = f"line {first.where}" if first.where.isdigit() else first.where
                skipped = plural(len(self.problems), "record")
                detail = f"; {skipped} skipped, {where}: {first.reason}"
            raise SourceError(f"{path}: no papers found (read as {kind}{detail})", self.problems)
        self.complete = True

    def check(self) -> int:
        """Read the file through unless a pass already did; return its number of papers."""
        if not self.complete:
            for _ in self:
                pass
        return self.count

    def notes(self) -> list[str]:
        """Return the lines worth telling about the last pass (see ``file_notes``)."""
        return file_notes(self.path, self.count, self.problems, self.warning)


def file_notes(path: Path, count: int, problems: list[Problem], warning: str | None) -> list[str]:
    """Return a file's warning and ``loaded N papers, skipped M from FILE`` if it skipped any."""
    notes = [warning] if warning else []
    if problems:
        notes.append(
            f"loaded {plural(count, 'paper')}, skipped {len(problems)} from "
            f"{visible_controls(str(path))} "
            f"(reader check {shell_word(str(path))} lists them)"
        )
    return notes


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
        report.warnings += file_notes(path, len(parsed.papers), parsed.problems, parsed.warning)
        merger.add_all(parsed.papers)
    report.papers = merger.papers()
    return report
