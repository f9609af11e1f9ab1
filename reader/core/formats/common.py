"""What every format parser shares: the result type, problems, and building a Paper."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from reader.core.models import Paper
from reader.core.record import FrozenRecord, Record
from reader.core.text import (
    collapse_whitespace,
    is_plain_line,
    normalise_arxiv_id,
    strip_control,
    title_key,
)


class SourceError(Exception):
    """A file that cannot be used at all; the message names the file and the problem.

    ``problems`` are the records it skipped, when it had records but none was usable
    (``reader check`` lists them).
    """

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class Problem(FrozenRecord):
    """One record that was skipped: where (line, or record number for JSON) and why."""

    __slots__ = ("reason", "where")
    where: str
    """``12`` for line 12, or ``record 3`` for the third JSON item."""
    reason: str

    def __init__(self, where: str, reason: str) -> None:
        object.__setattr__(self, "where", where)
        object.__setattr__(self, "reason", reason)


class Parsed(Record):
    """Papers read from one file, with the records skipped and an optional warning."""

    __slots__ = ("papers", "problems", "warning")
    papers: list[Paper]
    problems: list[Problem]
    warning: str | None

    def __init__(
        self,
        papers: list[Paper] | None = None,
        problems: list[Problem] | None = None,
        warning: str | None = None,
    ) -> None:
        self.papers = [] if papers is None else papers
        self.problems = [] if problems is None else problems
        self.warning = warning


class TextSource(Protocol):
    """An opened text file: its lines (decoded, controls removed) or a UTF-8 stream."""

    def __iter__(self) -> Iterator[str]:
        """Yield the text's lines."""
        ...

    def stream(self) -> io.RawIOBase:
        """Return the text as a readable stream of UTF-8 bytes."""
        ...


class BytesText:
    """A TextSource over bytes already in memory (an answer just downloaded)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __iter__(self) -> Iterator[str]:
        """Yield the lines, decoded as UTF-8 (bad bytes replaced)."""
        # pragma below: "utf-8" is bytes.decode's default codec, and codec names ignore case.
        text = self.data.decode("utf-8", errors="replace")  # pragma: no mutate
        text = text.removeprefix("\ufeff")
        yield from text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def stream(self) -> io.RawIOBase:
        """Return the bytes as a stream."""
        return io.BytesIO(self.data)  # type: ignore[return-value]


def as_text(text: TextSource | bytes) -> TextSource:
    """Return ``text`` as a TextSource (bytes are wrapped)."""
    return BytesText(text) if isinstance(text, bytes) else text


Parser = Callable[[Path, TextSource], Parsed]


def clean(value: object) -> str:
    """Return a field as one line of plain text: controls removed, wrapping undone.

    Only text and numbers are text: a list, object or boolean where text belongs is "".
    """
    if type(value) is str and is_plain_line(value):  # most text: nothing to change
        return value
    if value is None or isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return collapse_whitespace(strip_control(str(value)))


def names(values: Iterable[object]) -> tuple[str, ...]:
    """Return cleaned, non-empty author names in order, without repeats."""
    seen: set[str] = set()
    result = []
    for value in values:
        name = clean(value)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return tuple(result)


def arxiv_links(arxiv_id: str | None) -> tuple[tuple[str, str], ...]:
    """Return the arXiv abstract page and PDF links of an arXiv id."""
    if not arxiv_id:
        return ()
    return (
        ("arXiv", f"https://arxiv.org/abs/{arxiv_id}"),
        ("PDF", f"https://arxiv.org/pdf/{arxiv_id}"),
    )


def iso_date(value: object) -> str | None:
    """Return ``YYYY-MM-DD`` from an ISO date or timestamp, else None (interned: few repeat)."""
    text = clean(value)
    if len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        return sys.intern(text[:10])
    return None


def build_paper(
    *,
    title: str,
    abstract: str = "",
    source: str,
    arxiv_id: str | None = None,
    authors: tuple[str, ...] = (),
    links: tuple[tuple[str, str], ...] = (),
    date: str | None = None,
    listing_date: str | None = None,
    upvotes: int | None = None,
    keywords: tuple[str, ...] = (),
    comments: int | None = None,
    doi: str | None = None,
    journal_ref: str | None = None,
    update_date: str | None = None,
) -> Paper:
    """Build a Paper with its stable id; text fields are cleaned here.

    Every paper of a file is built here: the work is done once (the id from the bare
    arXiv id or the title key already at hand; absent fields are not cleaned).
    """
    title = clean(title)
    bare_id = normalise_arxiv_id(arxiv_id) if arxiv_id else None
    key = title_key(title)
    listing = listing_date or date
    return Paper(
        id=bare_id or f"title:{key}",  # what make_paper_id gives, without a second match
        title=title,
        abstract=clean(abstract),
        listing_date=listing,
        source=source,
        title_key=key,
        arxiv_id=bare_id,
        authors=authors,
        links=(*arxiv_links(bare_id), *links) if bare_id else tuple(links),
        date=date,
        upvotes=upvotes,
        keywords=keywords,
        comments=comments,
        listing_dates=(listing,) if listing else (),
        sources=(source,),
        doi=None if doi is None else clean(doi) or None,
        journal_ref=None if journal_ref is None else clean(journal_ref) or None,
        update_date=update_date,
    )


_MAX_COUNT = 10**12


def as_int(value: object) -> int | None:
    """Return a count for whole numbers and ASCII-digit strings in a sane range, else None.

    ``"²"`` (a digit to ``str.isdigit`` but not to ``int``), floats, 5,000-digit numbers
    and negative counts are not counts.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= 13):
            return None
        value = int(text)
    if isinstance(value, int) and 0 <= value <= _MAX_COUNT:
        return value
    return None


def doi_link(doi: str | None) -> tuple[tuple[str, str], ...]:
    """Return the resolver link of a DOI (none for an empty one)."""
    return (("DOI", f"https://doi.org/{doi}"),) if doi else ()


def first_doi(value: object) -> str | None:
    """Return the first DOI of a field that may hold several, without a resolver prefix."""
    text = clean(value)
    for prefix in ("https://doi.org/", "http://doi.org/", "http://dx.doi.org/", "doi:"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
    return text.split()[0] if text else None


def record_problem(where: str, error: BaseException) -> Problem:
    """Describe a record that raised while being read, in one line."""
    if isinstance(error, RecursionError):
        return Problem(where, "nested too deeply")
    reason = clean(str(error)) or type(error).__name__
    return Problem(where, reason[:200])


MAX_DEPTH = 64
"""JSON nested deeper than this is not a paper record (and would exhaust memory)."""


def _guarded(events: Iterator[tuple[str, str, object]]) -> Iterator[tuple[str, str, object]]:
    depth = 0
    for prefix, event, value in events:
        if event in ("start_map", "start_array"):
            depth += 1
            if depth > MAX_DEPTH:
                raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
        elif event in ("end_map", "end_array"):
            depth -= 1
        yield prefix, event, value


def json_records(
    path: Path, text: TextSource, list_key: str, expected: str, parsed: Parsed
) -> Iterator[object]:
    """Yield the items of a JSON list, streaming (ijson): the top level or ``list_key``.

    The top level may be the list itself or an object holding it under ``list_key``.
    A syntax error after some items ends the list with a problem naming the item; one
    before any item, or a document of another shape, raises SourceError (``expected``
    says which shape is wanted).
    """
    import ijson

    guarded = False
    count = 0
    while True:
        stream = _ShortNumbers(text.stream(), watch_depth=not guarded)
        try:
            head = stream.read(_PEEK)
        except _TooDeep:
            stream, guarded = _ShortNumbers(text.stream()), True
            head = stream.read(_PEEK)
        first = head.lstrip(b" \t\r\n")[:1]
        rest = io.BufferedReader(_Prepend(head, stream))
        if first == b"[":
            prefix = "item"
        elif first == b"{":
            prefix = f"{list_key}.item"
        else:
            shape = {b'"': "str", b"": "nothing"}.get(first, "number or literal")
            raise SourceError(f"{path}: {expected}; found a JSON {shape}")
        # ijson's C parser builds a prefix string per nesting level: deep nesting costs
        # memory quadratic in depth.  Documents are watched for it at C speed (in
        # _ShortNumbers) and, if found, read again through a Python-level depth guard.
        events = _guarded(ijson.parse(rest, buf_size=256, use_float=True)) if guarded else rest
        seen = 0
        try:
            for item in ijson.items(events, prefix, use_float=True):
                seen += 1
                if seen > count:
                    count = seen
                    yield item
        except _TooDeep:
            guarded = True
            continue
        except (ijson.JSONError, ValueError, OverflowError) as error:
            reason = clean(str(error).splitlines()[0] if str(error) else type(error).__name__)
            if count == 0:
                raise SourceError(f"{path}: not valid JSON ({reason})") from None
            parsed.problems.append(Problem(f"record {count + 1}", f"not valid JSON ({reason})"))
            return
        break
    if count == 0 and first == b"{" and not _has_list(path, text, list_key):
        raise SourceError(f"{path}: {expected}; found a JSON object without a {list_key!r} list")


class _TooDeep(Exception):
    """Raised by the stream when it sees nesting deeper than MAX_DEPTH."""


_BRACKETS = bytes.maketrans(b"[]{}", b"()()")
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
_DEEP_RUN = b"(" * (MAX_DEPTH + 1)


_PEEK = 4096
_LONG_DIGITS = re.compile(rb"\d{19,}")
_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)
_LONG_RUN = b"0" * 19


def _cut_long_numbers(data: bytes) -> bytes:
    # Most blocks have no long digit run: a C-speed check before the regex.
    if _LONG_RUN not in data.translate(_DIGITS_AS_ZERO):
        return data
    return _LONG_DIGITS.sub(lambda match: match.group()[:_KEEP_DIGITS], data)


_KEEP_DIGITS = 18


class _ShortNumbers(io.RawIOBase):
    """Cut runs of more than 18 digits to 18, so a 5,000-digit number is one bad value.

    ijson's C parser stops the whole document at an integer beyond 64 bits; cut, such a
    number becomes too large to be a count and only its record is affected (a run of 19+
    digits inside a string is cut too: no paper text has one).
    """

    def __init__(self, stream: io.RawIOBase, watch_depth: bool = False) -> None:
        self._stream = stream
        self._carry = b""
        self._dropping = False
        self._pending = b""
        self._at = 0
        self._watch = watch_depth
        self._open = 0  # opening brackets not closed at the end of the last block

    def _check_depth(self, data: bytes) -> None:
        """Raise _TooDeep for more than MAX_DEPTH brackets opened with none closed between.

        Brackets inside strings count too: a false alarm only means the slower guarded
        reading, never a wrong result.
        """
        mapped = data.translate(_BRACKETS, _NOT_BRACKETS)  # only brackets, as ( and )
        lead = len(mapped) - len(mapped.lstrip(b"("))
        if self._open + lead > MAX_DEPTH or _DEEP_RUN in mapped:
            raise _TooDeep
        trail = len(mapped) - len(mapped.rstrip(b"("))
        self._open = self._open + lead if trail == len(mapped) else trail

    def read(self, size: int = -1) -> bytes:
        if self._at >= len(self._pending):
            self._pending, self._at = self._next_block(), 0
        if size is None or size < 0:
            size = len(self._pending)
        data = self._pending[self._at : self._at + size]
        self._at += len(data)
        return data

    def _next_block(self) -> bytes:
        while True:
            data = self._stream.read(1 << 20) or b""
            if not data:
                carry, self._carry = self._carry, b""
                return _cut_long_numbers(carry)
            if self._dropping:
                data = data.lstrip(b"0123456789")
                if not data:
                    continue
                self._dropping = False
            if self._watch:
                self._check_depth(data)
            data = self._carry + data
            self._carry = b""
            body = data.rstrip(b"0123456789")
            if len(body) < len(data):
                run = data[len(body) :]
                data = body
                if len(run) > _KEEP_DIGITS:
                    data += run[:_KEEP_DIGITS]
                    self._dropping = True
                else:
                    self._carry = run
            data = _cut_long_numbers(data)
            if data:
                return data

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)


class _Prepend(io.RawIOBase):
    """A stream that gives ``head`` first, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: io.RawIOBase) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(target), len(self._head))
            target[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        return self._stream.readinto(target) or 0


def _has_list(path: Path, text: TextSource, list_key: str) -> bool:
    """Tell whether the top-level object holds a list under ``list_key`` (an empty one)."""
    import ijson

    try:
        for prefix, event, _ in _guarded(ijson.parse(text.stream())):
            if prefix == list_key and event in ("start_array", "start_map", "string", "number"):
                return event == "start_array"
    except (ijson.JSONError, ValueError, OverflowError):
        return False
    return False
