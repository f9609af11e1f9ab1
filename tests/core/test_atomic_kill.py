"""Export targets: one-line refusals and a FIFO fed more than its buffer holds."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reader.core.atomic import TargetError, check_output, write_output


def test_a_path_through_a_file_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("mine")
    target = tmp_path / "notes.md" / "out.md"
    for attempt in (check_output, lambda path: write_output(path, b"x")):
        with pytest.raises(TargetError) as caught:
            attempt(target)
        assert str(caught.value) == f"{target}: cannot use (Not a directory)"
    assert (tmp_path / "notes.md").read_text() == "mine"


def test_a_fifo_gets_all_of_a_large_export(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there
    os.set_blocking(reader, True)
    # A writer held open for the whole test: without it the reader sees end-of-file (no
    # writer yet) if it starts before write_output opens the FIFO, stops, and the 2 MB
    # write then blocks forever.
    keeper = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    received = bytearray()
    data = bytes(range(256)) * 8192  # 2 MB, far more than a pipe buffers

    def drain() -> None:
        while len(received) < len(data) and (chunk := os.read(reader, 65536)):
            received.extend(chunk)

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    try:
        write_output(fifo, data)
    finally:
        thread.join(30)
        os.close(keeper)
        os.close(reader)
    assert bytes(received) == data
    assert fifo.is_fifo()  # written into, not replaced


def test_a_fifo_nobody_reads_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(TargetError) as caught:
        write_output(fifo, b"x")
    assert str(caught.value) == f"{fifo}: cannot write (nobody is reading it)"
