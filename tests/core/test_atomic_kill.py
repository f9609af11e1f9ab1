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
    received = bytearray()
    done = threading.Event()

    def drain() -> None:
        # A read before the writer opens the FIFO gives end-of-file at once: keep reading
        # until the export has been written (else the writer blocks on a full pipe).
        while True:
            chunk = os.read(reader, 65536)
            if chunk:
                received.extend(chunk)
            elif done.is_set():
                return
            else:
                done.wait(0.01)

    data = bytes(range(256)) * 8192  # 2 MB, far more than a pipe buffers
    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    try:
        write_output(fifo, data)
    finally:
        done.set()
        thread.join(30)
        os.close(reader)
    assert bytes(received) == data
    assert fifo.is_fifo()  # written into, not replaced


def test_a_fifo_nobody_reads_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(TargetError) as caught:
        write_output(fifo, b"x")
    assert str(caught.value) == f"{fifo}: cannot write (nobody is reading it)"
