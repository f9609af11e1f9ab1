"""arXiv: a feed read in bounded chunks, whole error lines, and where papers say they came from."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from reader.core.formats.arxiv import parse_atom, parse_snapshot
from reader.core.formats.common import BytesText, Problem, SourceError

FEED = "http://www.w3.org/2005/Atom"


def feed(*titles: str) -> bytes:
    body = "".join(f"<entry><title>{title}</title></entry>\n" for title in titles)
    return f'<feed xmlns="{FEED}">\n{body}</feed>\n'.encode()


class RecordingStream(io.RawIOBase):
    """A stream that notes how much each read asks for."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.asked: list[object] = []

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        self.asked.append(size)
        return self._data.read(size)


class RecordedText(BytesText):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.opened = RecordingStream(data)

    def stream(self) -> io.RawIOBase:
        return self.opened


def test_a_feed_is_read_in_bounded_chunks_never_whole() -> None:
    titles = [f"Paper {n} on sparse attention" for n in range(3000)]  # ~150 kB
    source = RecordedText(feed(*titles))
    parsed = parse_atom(Path("feed.xml"), source)
    assert [paper.title for paper in parsed.papers] == titles and parsed.problems == []
    sizes = source.opened.asked
    assert len(sizes) > 1
    assert all(isinstance(size, int) and 0 < size <= 1 << 20 for size in sizes), sizes


def test_a_declared_encoding_after_a_byte_order_mark_that_python_lacks_is_one_line() -> None:
    data = b'\xef\xbb\xbf<?xml version="1.0" encoding="x-unknown"?>' + feed("A")
    with pytest.raises(SourceError) as raised:
        parse_atom(Path("feed.xml"), BytesText(data))
    assert str(raised.value) == "feed.xml: not valid XML (unknown encoding: x-unknown)"


def test_an_error_after_entries_is_a_problem_on_its_line() -> None:
    data = feed("A", "B").replace(b"</feed>", b"<entry><title>C</oops></entry></feed>")
    parsed = parse_atom(Path("feed.xml"), BytesText(data))
    assert [paper.title for paper in parsed.papers] == ["A", "B"]
    assert parsed.problems == [Problem("4", "not valid XML (mismatched tag: line 4, column 17)")]


def test_an_untitled_entry_says_so_and_the_next_is_read() -> None:
    parsed = parse_atom(Path("feed.xml"), BytesText(feed("A", "", "C")))
    assert [paper.title for paper in parsed.papers] == ["A", "C"]
    assert parsed.problems == [Problem("entry 2", "no title")]


def test_snapshot_papers_name_their_file() -> None:
    line = b'{"id": "2401.00001", "title": "Sparse attention"}\n'
    parsed = parse_snapshot(Path("data/snapshot.jsonl"), BytesText(line))
    assert [paper.source for paper in parsed.papers] == ["data/snapshot.jsonl"]
