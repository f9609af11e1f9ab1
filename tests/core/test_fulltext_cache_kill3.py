"""fulltext_cache: a chosen local file's checks (folder, FIFO, the size cap at its edge, a
file whose size the system does not know) and telling a PDF from an HTML page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.fulltext import NotFullText
from reader.core.fulltext_cache import parse_bytes, read_local

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "latexml-paper.html"


def _refusal(path: Path, max_bytes: int = 1000) -> str:
    with pytest.raises(NotFullText) as raised:
        read_local(path, max_bytes)
    return str(raised.value)


def test_a_folder_or_a_fifo_is_refused_in_one_line(tmp_path: Path) -> None:
    assert _refusal(tmp_path) == "a folder, not a file"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert _refusal(fifo) == "not a regular file (a FIFO or a device?)"


def test_a_file_of_exactly_the_cap_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "paper.html"
    path.write_bytes(b"x" * 1000)
    assert read_local(path, 1000) == b"x" * 1000
    path.write_bytes(b"x" * 1001)
    assert _refusal(path) == "larger than 0.001 MB"


def test_a_file_larger_than_it_says_is_cut_at_the_cap() -> None:
    status = Path("/proc/self/status")  # its size is 0 until read
    if not status.is_file() or status.stat().st_size:
        pytest.skip("needs a file whose size the system reports as 0")
    assert _refusal(status, 10) == "larger than 1e-05 MB"


def test_the_pdf_signature_counts_in_the_first_kilobyte_only() -> None:
    late = b" " * 1020 + b"%PDF-1.4 rest"
    with pytest.raises(NotFullText) as raised:
        parse_bytes(late)
    assert str(raised.value) == "neither a PDF nor an HTML page"
    with pytest.raises(NotFullText) as raised:
        parse_bytes(late, "paper.PDF")
    assert str(raised.value) == "not a PDF (no %PDF- signature)"


def test_html_after_a_byte_order_mark_or_blank_lines_is_html() -> None:
    page = FIXTURE.read_bytes()
    assert parse_bytes(b"\xef\xbb\xbf" + page).origin == "html"
    assert parse_bytes(b"\r\n \t\n" + page).origin == "html"
    with pytest.raises(NotFullText) as raised:
        parse_bytes(b"X" + page)
    assert str(raised.value) == "neither a PDF nor an HTML page"
