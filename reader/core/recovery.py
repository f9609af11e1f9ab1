"""Backups, health checks and restores of the annotations database."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reader.core.atomic import atomic_write_bytes, real_path
from reader.core.schema import (
    ANNOTATIONS_TABLE,
    damaged_records,
    schema_version,
    validate,
)
from reader.core.storage import AtomicJSONStorage, DatabaseError, NewerDatabase
from reader.core.text import plural

KEEP_DATED = 5
"""How many dated backups (``annotations.json.bak-20261128-101500``) are kept."""


def backup_path(path: Path) -> Path:
    """Return where the last good copy of the database at ``path`` is kept."""
    path = real_path(path)
    return path.with_name(path.name + ".bak")


def _stamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S")


def unique_sibling(path: Path, label: str, now: datetime | None = None) -> Path:
    """Return an unused name ``<name>.<label>-<stamp>`` beside ``path`` (``-2``... if taken)."""
    base = f"{path.name}.{label}-{_stamp(now)}"
    candidate = path.with_name(base)
    number = 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = path.with_name(f"{base}-{number}")
    return candidate


def dated_backups(path: Path) -> list[Path]:
    """Return the dated backups of the database at ``path``, oldest first."""
    path = real_path(path)
    found = [
        candidate
        for candidate in path.parent.glob(f"{path.name}.bak-*")
        if candidate.is_file() and not candidate.name.endswith(".tmp")
    ]
    return sorted(found, key=lambda candidate: (candidate.stat().st_mtime_ns, candidate.name))


def _count(path: Path) -> int | None:
    """Return the annotation count of a database file, or None if it is unusable."""
    try:
        return _inspect(path)[0]
    except (DatabaseError, OSError):
        return None


def save_backup(path: Path, suffix: str = ".bak", now: datetime | None = None) -> None:
    """Copy the database (which just loaded cleanly) to its backup, atomically.

    Backups never shrink: a usable backup holding more annotations than the database is
    kept as it is (the database is then kept as a dated backup instead).  A backup that
    is replaced is first kept as a dated copy; the last KEEP_DATED dated copies are kept.
    Errors are swallowed: a missing backup must never stop the user from working.
    """
    path = real_path(path)
    target = path.with_name(path.name + suffix)
    with contextlib.suppress(OSError):
        data = path.read_bytes()
        if target.exists() and target.read_bytes() == data:
            return
        if suffix != ".bak" or not target.exists():
            atomic_write_bytes(target, data)
            return
        kept, current = _count(target), _count(path)
        if current is None:
            return
        if kept is not None and kept > current:
            if current:  # keep the bigger backup; this state too, unless it is empty
                _save_dated(path, data, now)
            return
        if kept:  # the replaced backup stays as a dated copy (an empty one is not worth it)
            _save_dated(path, target.read_bytes(), now)
        atomic_write_bytes(target, data)


def rescue(path: Path, tables: dict[str, Any], now: datetime | None = None) -> str:
    """Keep ``tables``, the database as this session last read or wrote it, as a backup.

    Called once the database itself went bad (overwritten, emptied) while reader ran:
    ``reader db restore`` then brings back what the session had saved, not only what the
    start's backup held.  Backups never shrink: a backup holding more annotations stays,
    and ``tables`` become a dated backup instead.  Returns the file's name ("" if none).
    """
    import orjson

    path = real_path(path)
    target = backup_path(path)
    data = orjson.dumps(tables)
    count = len(tables.get(ANNOTATIONS_TABLE) or {})
    with contextlib.suppress(OSError):
        kept = _count(target) if target.exists() else None
        if kept is not None and kept > count:
            _save_dated(path, data, now)
            return dated_backups(path)[-1].name
        if kept:  # the backup it replaces stays as a dated copy
            _save_dated(path, target.read_bytes(), now)
        atomic_write_bytes(target, data)
        return target.name
    return ""


def _save_dated(path: Path, data: bytes, now: datetime | None) -> None:
    """Keep ``data`` as a dated backup unless the newest already holds it; prune old ones."""
    existing = dated_backups(path)
    if existing and existing[-1].read_bytes() == data:
        return
    atomic_write_bytes(unique_sibling(path, "bak", now), data)
    for old in dated_backups(path)[:-KEEP_DATED]:
        with contextlib.suppress(OSError):
            old.unlink()


@dataclass(frozen=True, slots=True)
class DatabaseState:
    """What ``reader db check`` reports about one database file."""

    path: Path
    exists: bool
    problem: str | None
    annotations: int = 0
    schema: int | None = None
    backup_problem: str | None = None
    backup_annotations: int | None = None
    damaged: tuple[str, ...] = ()
    """Records set aside because they cannot be used (``table record ID: reason``)."""
    dated: tuple[tuple[Path, int | None], ...] = ()
    """Dated backups, oldest first, with their annotation counts (None: unusable)."""

    @property
    def ok(self) -> bool:
        """True if the database is usable (or does not exist yet)."""
        return self.problem is None

    def report(self) -> list[str]:
        """Return the human-readable lines of the report."""
        backup = backup_path(self.path)
        lines = []
        if not self.exists:
            lines.append(f"{self.path}: no database yet (it is created on first start)")
        elif self.ok:
            lines.append(
                f"{self.path}: OK, {plural(self.annotations, 'annotated paper')}, "
                f"schema {self.schema}"
            )
        else:
            lines.append(f"{self.problem}")
        if self.backup_annotations is not None:
            lines.append(f"{backup}: OK, {plural(self.backup_annotations, 'annotated paper')}")
        elif self.backup_problem:
            lines.append(f"{backup}: {self.backup_problem}")
        for copy, count in self.dated:
            lines.append(
                f"{copy}: dated backup, "
                + (plural(count, "annotated paper") if count is not None else "unusable")
            )
        for problem in self.damaged:
            lines.append(f"{self.path}: {problem} (skipped; kept in the file)")
        newer = bool(self.problem and "written by a newer reader" in self.problem)
        if not self.ok and not newer:  # a newer file needs a newer reader, not a restore
            if self.backup_annotations is not None:
                lines.append("Run 'reader db restore' to put the backup in place.")
            else:
                lines.append("No usable backup: move the file aside to start a new database.")
        return lines


def _inspect(path: Path) -> tuple[int, int, list[str]]:
    """Return (annotation count, schema, damaged records) of a database, or raise."""
    data = AtomicJSONStorage(path).read()
    if data is None:
        raise DatabaseError(f"{path}: no such file")
    validate(data, path)
    return len(data.get(ANNOTATIONS_TABLE) or {}), schema_version(data, path), damaged_records(data)


def check_database(path: Path) -> DatabaseState:
    """Inspect a database and its backups without writing anything."""
    path = real_path(path)
    backup = backup_path(path)
    dated = tuple((copy, _count(copy)) for copy in dated_backups(path))
    backup_problem: str | None = None
    backup_count: int | None = None
    if backup.exists():
        try:
            backup_count = _inspect(backup)[0]
        except DatabaseError as error:
            backup_problem = str(error).removeprefix(f"{backup}: ")
    else:
        backup_problem = "no backup yet"
    if not os.path.lexists(path):  # a symlink loop exists (and says why it is unusable)
        return DatabaseState(
            path,
            False,
            None,
            backup_problem=backup_problem,
            backup_annotations=backup_count,
            dated=dated,
        )
    try:
        count, schema, damaged = _inspect(path)
    except DatabaseError as error:
        return DatabaseState(
            path,
            True,
            str(error),
            backup_problem=backup_problem,
            backup_annotations=backup_count,
            dated=dated,
        )
    return DatabaseState(
        path, True, None, count, schema, backup_problem, backup_count, tuple(damaged), dated
    )


def recovery_hint(path: Path) -> str:
    """Return the advice to append to a one-line 'cannot open the database' message."""
    if backup_path(path).exists():
        return "run 'reader db check' to see why, 'reader db restore' to restore the backup"
    return "move the file aside to start a new database"


def describe_open_error(error: DatabaseError, path: Path) -> str:
    """Return the one line for a database that cannot be opened, with the right advice."""
    if isinstance(error, NewerDatabase):
        return str(error)  # moving it aside or restoring an old backup would be wrong
    return f"{error}; {recovery_hint(path)}"


def restore_backup(path: Path, now: datetime | None = None) -> Path | None:
    """Put the backup in place of the database; return where the old file was moved.

    The backup is checked first; the current file, if any, is kept beside it with a
    timestamp (``annotations.json.broken-20261128-101500``), never deleted.
    """
    path = real_path(path)
    backup = backup_path(path)
    if not backup.exists():
        raise DatabaseError(f"{backup}: no backup to restore")
    _inspect(backup)
    moved: Path | None = None
    if path.exists():
        moved = unique_sibling(path, "broken", now)
        path.rename(moved)
    atomic_write_bytes(path, backup.read_bytes())
    return moved
