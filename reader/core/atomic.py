"""Atomic file replacement: a reader of the path sees the old bytes or the new, never a mix."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def temp_prefix(path: Path) -> str:
    """Return the name prefix of temp files written next to ``path``."""
    return f".{path.name}."


def fsync_directory(directory: Path) -> None:
    """Flush a directory entry (the rename) to disk where the platform allows it."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: temp file, flush, fsync, rename, fsync folder.

    On any failure the temp file is removed, the exception propagates and ``path`` keeps
    its previous bytes.  An existing file's permission bits are kept.
    """
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=directory, prefix=temp_prefix(path), suffix=TEMP_SUFFIX)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_directory(directory)


def remove_stale_temp_files(path: Path) -> int:
    """Delete temp files a killed writer left next to ``path``; return how many.

    Call it only while holding the database lock, so another live writer's temp file
    is never removed from under it.
    """
    removed = 0
    if not path.parent.is_dir():
        return 0
    for candidate in path.parent.glob(f"{temp_prefix(path)}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed += 1
    return removed
