"""Backups, health checks and restores of the annotations database."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reader.core.atomic import atomic_write_bytes
from reader.core.schema import ANNOTATIONS_TABLE, schema_version, validate
from reader.core.storage import AtomicJSONStorage, DatabaseError


def backup_path(path: Path) -> Path:
    """Return where the last good copy of the database at ``path`` is kept."""
    return path.with_name(path.name + ".bak")


def save_backup(path: Path, suffix: str = ".bak") -> None:
    """Copy the database (which just loaded cleanly) to its backup, atomically.

    Errors are swallowed: a missing backup must never stop the user from working.
    """
    target = path.with_name(path.name + suffix)
    with contextlib.suppress(OSError):
        data = path.read_bytes()
        if not target.exists() or target.read_bytes() != data:
            atomic_write_bytes(target, data)


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
                f"{self.path}: OK, {self.annotations} annotated papers, schema {self.schema}"
            )
        else:
            lines.append(f"{self.problem}")
        if self.backup_annotations is not None:
            lines.append(f"{backup}: OK, {self.backup_annotations} annotated papers")
        elif self.backup_problem:
            lines.append(f"{backup}: {self.backup_problem}")
        if not self.ok:
            if self.backup_annotations is not None:
                lines.append("Run 'reader db restore' to put the backup in place.")
            else:
                lines.append("No usable backup: move the file aside to start a new database.")
        return lines


def _inspect(path: Path) -> tuple[int, int]:
    """Return (annotation count, schema) of a database file, or raise DatabaseError."""
    data = AtomicJSONStorage(path).read()
    if data is None:
        raise DatabaseError(f"{path}: no such file")
    validate(data, path)
    return len(data.get(ANNOTATIONS_TABLE) or {}), schema_version(data, path)


def check_database(path: Path) -> DatabaseState:
    """Inspect a database and its backup without writing anything."""
    backup = backup_path(path)
    backup_problem: str | None = None
    backup_count: int | None = None
    if backup.exists():
        try:
            backup_count, _ = _inspect(backup)
        except DatabaseError as error:
            backup_problem = str(error).removeprefix(f"{backup}: ")
    else:
        backup_problem = "no backup yet"
    if not path.exists():
        return DatabaseState(
            path, False, None, backup_problem=backup_problem, backup_annotations=backup_count
        )
    try:
        count, schema = _inspect(path)
    except DatabaseError as error:
        return DatabaseState(
            path, True, str(error), backup_problem=backup_problem, backup_annotations=backup_count
        )
    return DatabaseState(path, True, None, count, schema, backup_problem, backup_count)


def recovery_hint(path: Path) -> str:
    """Return the advice to append to a one-line 'cannot open the database' message."""
    if backup_path(path).exists():
        return "run 'reader db check' to see why, 'reader db restore' to restore the backup"
    return "move the file aside to start a new database"


def restore_backup(path: Path, now: datetime | None = None) -> Path | None:
    """Put the backup in place of the database; return where the old file was moved.

    The backup is checked first; the current file, if any, is kept beside it with a
    timestamp (``annotations.json.broken-20261128-101500``), never deleted.
    """
    backup = backup_path(path)
    if not backup.exists():
        raise DatabaseError(f"{backup}: no backup to restore")
    _inspect(backup)
    moved: Path | None = None
    if path.exists():
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        moved = path.with_name(f"{path.name}.broken-{stamp}")
        path.rename(moved)
    atomic_write_bytes(path, backup.read_bytes())
    return moved
