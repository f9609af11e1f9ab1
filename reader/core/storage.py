"""A TinyDB storage that writes atomically and re-reads the file only when it has changed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson

from reader.core.atomic import TargetError, atomic_write_bytes, real_path


class DatabaseError(Exception):
    """The annotations database cannot be used; the message is one line naming the file."""


class NewerDatabase(DatabaseError):
    """The database was written by a newer reader; moving it aside would be wrong."""


class DatabaseBusy(DatabaseError):
    """A save failed for a reason that can pass; the same change can be tried again.

    The lock held elsewhere, a full disk, an I/O error: nothing was written.
    """


class DatabaseLocked(DatabaseBusy):
    """Another process held the database lock for too long; nothing was written."""


class DatabaseUnreadable(DatabaseBusy):
    """The database, read before in this session, cannot be read now (emptied, not JSON).

    Nothing is written over it (it may be a file the user is repairing), and a change
    waits as for a busy database: tried again, and kept at quit, until it reads again.
    """


Tables = dict[str, dict[str, dict[str, Any]]]
_Stamp = tuple[int, int, int]


def _stamp(path: Path) -> _Stamp | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def check_shape(data: object, path: Path) -> Tables:
    """Return ``data`` if it has TinyDB's shape (tables of documents), else raise.

    Damaged records inside a table are not fatal: they are set aside (see
    ``schema.set_aside_damaged``) so one bad record never stops the app.
    """
    from reader.core.schema import set_aside_damaged  # schema imports this module

    if not isinstance(data, dict):
        kind = type(data).__name__
        raise DatabaseError(f"{path}: not an annotations database (top level is a {kind})")
    for table_name, table in data.items():
        if not isinstance(table, dict):
            raise DatabaseError(f"{path}: not an annotations database (table {table_name!r})")
    set_aside_damaged(data)
    return data


class AtomicJSONStorage:
    """JSON storage for TinyDB with crash-safe writes.

    Every write replaces the file atomically (see ``atomic_write_bytes``), so a crash leaves
    either the old or the new database.  Reads are served from memory until the file's
    mtime, size or inode changes, which is how another process's writes are noticed.
    It has the interface of TinyDB's ``Storage`` (read, write, close) without deriving from
    it, so tinydb loads only at the first write (the store's reads never go through it).
    """

    def __init__(self, path: str | os.PathLike[str], **_: object) -> None:
        self.path = real_path(Path(path))
        """The real file: a database reached through a symlink is read and written there."""
        self._cache: Tables | None = None
        self._stamp: _Stamp | None = None
        self.generation = 0
        """Bumped whenever the data was (re)read from disk rather than from memory."""
        self._in_use = False
        """True once read or written in this session: a file going bad after is waited for."""
        self._rescued = ""
        """The backup the last good copy went to when the file went bad ("": none yet)."""

    def changed_on_disk(self) -> bool:
        """Return True if the file differs from what this storage last read or wrote."""
        try:
            return _stamp(self.path) != self._stamp
        except OSError:  # a symlink loop, a folder it may not enter: reading says why
            return True

    def read(self) -> Tables | None:
        """Return the whole database, or None if the file does not exist (and never did)."""
        bad = self._bad
        try:
            stamp = _stamp(self.path)
        except OSError as error:  # a symlink loop: one line, not a traceback
            raise bad(f"{self.path}: cannot use ({error.strerror or error})") from None
        if stamp is None:
            # Deleted while in use: keep serving what was last read or written, so the
            # next save writes the whole database back rather than a fragment.
            return self._cache
        if self._cache is not None and stamp == self._stamp:
            return self._cache
        if not self.path.is_file():  # a FIFO would block the read forever, a folder fails
            raise bad(f"{self.path}: not a regular file; not an annotations database")
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise bad(f"{self.path}: cannot read ({error.strerror or error})") from None
        if not raw.strip():
            raise bad(f"{self.path}: database file is empty (truncated?)")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise bad(f"{self.path}: not valid JSON ({error})") from None
        try:
            shaped = check_shape(data, self.path)
        except DatabaseError as error:
            if not self._in_use:
                raise  # at the start: as it is (a newer database is told apart)
            raise bad(str(error)) from None
        self._rescued = ""
        self._cache = shaped
        self._stamp = stamp
        self.generation += 1
        self._in_use = True
        return self._cache

    def _bad(self, message: str) -> DatabaseError:
        """Return the error for a database that cannot be read.

        At the start a DatabaseError.  Read or written before in this session, it went bad
        while in use: a DatabaseUnreadable (changes wait for it), and the last good copy
        this session had is kept as a backup first (recovery.rescue), once, so that
        ``reader db restore`` brings back what the session saved.
        """
        if not self._in_use:
            return DatabaseError(message)
        if self._cache is not None and not self._rescued:
            from reader.core.recovery import rescue  # recovery imports this module

            self._rescued = rescue(self.path, self._cache)
        if self._rescued:
            message += f"; the last good copy is kept as {self._rescued}"
        return DatabaseUnreadable(message)

    def write(self, data: Tables) -> None:
        """Replace the file with ``data`` atomically; on failure the old file is untouched.

        The file always carries its schema header: if it was deleted while the app ran,
        TinyDB hands over only the tables it touched, and the header is added back.
        """
        from reader.core.schema import META_TABLE, new_database  # schema imports this module

        if not data.get(META_TABLE):
            data = {**data, META_TABLE: new_database()[META_TABLE]}
        try:
            payload = orjson.dumps(data)
        except TypeError as error:  # a value JSON cannot hold: a bug, never a half-write
            raise DatabaseError(f"{self.path}: could not save ({error})") from None
        try:
            atomic_write_bytes(self.path, payload)
        except TargetError as error:
            self._cache, self._stamp = None, None
            raise DatabaseError(f"{error}; not saved") from None
        except OSError as error:  # a full disk, a quota, an I/O error: worth another try
            self._cache, self._stamp = None, None
            reason = error.strerror or str(error)
            raise DatabaseBusy(f"{self.path}: could not save ({reason})") from None
        except BaseException:
            self._cache, self._stamp = None, None
            raise
        self._cache = data
        self._stamp = _stamp(self.path)
        self._in_use = True

    def close(self) -> None:
        """Nothing to release: files are opened only for the length of a read or write."""
