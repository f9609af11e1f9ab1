"""Atomic file replacement: a reader of the path sees the old bytes or the new, never a mix."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".tmp"
FOLDER_ENDINGS = ("/", os.sep)
"""A typed name ending so names a folder: "/" everywhere, and the platform's own separator."""


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


class TargetError(OSError):
    """The path cannot be replaced (a folder, FIFO, device...); the message is one line."""


def real_path(path: Path) -> Path:
    """Return ``path`` with every symlink followed (a dangling link gives its target)."""
    return Path(os.path.realpath(path))


def check_replaceable(path: Path) -> None:
    """Raise TargetError unless ``path`` is missing or a regular file (after symlinks)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise TargetError(f"{path}: cannot use ({error.strerror or error})") from None
    if stat.S_ISDIR(mode):
        raise TargetError(f"{path}: is a folder; give a file name")
    if not stat.S_ISREG(mode):
        raise TargetError(f"{path}: not a regular file (FIFO, device or socket); not replaced")


def atomic_write_bytes(path: Path, data: bytes, *, make_parents: bool = True) -> None:
    """Write ``data`` to ``path`` atomically: temp file, flush, fsync, rename, fsync folder.

    Symlinks are followed: the real file is replaced and the link kept.  Anything but a
    regular file (a folder, FIFO, device) is refused with TargetError, never replaced.
    On any failure the temp file is removed, the exception propagates and ``path`` keeps
    its previous bytes.  An existing file's permission bits are kept.
    """
    _atomic_write(path, lambda handle: handle.write(data), make_parents)


def atomic_copy(source: Path, path: Path, *, make_parents: bool = True) -> None:
    """Copy the file ``source`` to ``path`` atomically, as ``atomic_write_bytes`` writes.

    The bytes stream through in chunks: a 2 GB paper file is never held in memory.
    """
    with source.open("rb") as reader:

        def copy(handle: BinaryIO) -> None:
            # Any chunk size streams the same bytes (the size changes memory, not results).
            shutil.copyfileobj(reader, handle, 1 << 20)  # pragma: no mutate

        _atomic_write(path, copy, make_parents)


def _atomic_write(path: Path, write: Callable[[BinaryIO], object], make_parents: bool) -> None:
    path = real_path(path)
    check_replaceable(path)
    directory = path.parent
    if make_parents:
        directory.mkdir(parents=True, exist_ok=True)
    elif not directory.is_dir():
        raise TargetError(f"{directory}: no such folder (not created)")
    fd, temp_name = tempfile.mkstemp(dir=directory, prefix=temp_prefix(path), suffix=TEMP_SUFFIX)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
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


def check_output(target: str | Path) -> None:
    """Raise TargetError (one line) if an export could not be written to ``target``.

    A missing file in an existing folder, a regular file, a FIFO or a character device
    (after symlinks) is fine; a folder, another kind of file or a missing folder is not.
    A name typed with a trailing slash means a folder even if nothing is there yet (Path
    would drop the slash and write a file of that name, or replace the file ``x`` for ``x/``).
    """
    if isinstance(target, str) and target.endswith(FOLDER_ENDINGS):
        raise TargetError(f"{target}: names a folder (ends with /); give a file name")
    path = Path(target)
    real = real_path(path)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise TargetError(
                f"{path}: folder {real.parent} does not exist (not created)"
            ) from None
        return
    except OSError as error:
        raise TargetError(f"{path}: cannot use ({error.strerror or error})") from None
    if stat.S_ISDIR(mode):
        raise TargetError(f"{path}: is a folder; give a file name")
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        raise TargetError(f"{path}: not a regular file, FIFO or device; not replaced")


def write_output(target: str | Path, data: bytes) -> None:
    """Write an export to ``target``: ``-`` is stdout, a FIFO or device is written to in place.

    A regular file (or a symlink to one) is replaced atomically; a folder, a missing
    folder or a FIFO nobody reads raise TargetError with a one-line message.
    """
    if str(target) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    check_output(Path(target))
    path = real_path(Path(target))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = 0  # pragma: no mutate (any mode that is not a FIFO or device)
    except OSError as error:  # check_output said so first: only a race gets here
        problem = error.strerror or error  # pragma: no mutate
        raise TargetError(f"{target}: cannot use ({problem})") from None  # pragma: no mutate
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        try:  # non-blocking: a FIFO nobody reads fails at once, a device never waits
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as error:
            reason = "nobody is reading it" if stat.S_ISFIFO(mode) else error.strerror
            raise TargetError(f"{target}: cannot write ({reason})") from None
        try:
            os.set_blocking(fd, True)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        return
    atomic_write_bytes(path, data, make_parents=False)  # pragma: no mutate (checked above)
    if mode == 0:  # a new export is the user's document: the usual permissions, not 0600
        # Read the umask (there is no getter), then put it back at once: the value set
        # for that moment is never used, so any other value behaves the same.
        umask = os.umask(0o022)  # pragma: no mutate
        os.umask(umask)
        with contextlib.suppress(OSError):
            os.chmod(path, 0o666 & ~umask)
