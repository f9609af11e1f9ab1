"""Changes not saved when reader closed: kept beside the database for the next start.

When the database stays locked by another reader (or the disk is full) while the app
quits, the changes still waiting are not dropped: they are written, as deltas, to a small
journal (``annotations-pending.json`` beside ``annotations.json``, or in the user's state
folder when that cannot be written; atomically and under its own lock, so two windows
closing at once both keep theirs).  The next start that
opens the database for writing applies them in order, as any change is applied, and says
so in one line.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from reader.core.annotations import AnnotationStore
from reader.core.atomic import atomic_write_bytes, real_path
from reader.core.changes import Change
from reader.core.models import Highlight, Status
from reader.core.storage import DatabaseError
from reader.core.text import plural

if TYPE_CHECKING:
    from filelock import FileLock

Entry = dict[str, Any]
"""One kept change, as JSON: ``{"op": "change", ...}``, ``{"op": "save_view", ...}``..."""

JOURNAL_LOCK_TIMEOUT = 2.0


class JournalError(Exception):
    """The journal could not be written; the message is one line naming the file."""


def journal_path(db_path: Path) -> Path:
    """Return where changes kept for the database at ``db_path`` wait for the next start.

    Not ``annotations.json.*``: the database's stale-temp-file sweep must never touch the
    journal's temp files.
    """
    db_path = real_path(db_path)
    return db_path.with_name(f"{db_path.stem}-pending.json")


def fallback_journal_path(db_path: Path) -> Path:
    """Return where the journal goes when it cannot go beside the database.

    A full disk or a read-only folder refuses the journal as it refused the save: the
    user's state folder (``$XDG_STATE_HOME/reader``, usually on another disk than a
    database given with --db) keeps it then, named for the database's real path.
    """
    import platformdirs

    from reader.core.text import sha256_hex

    db_path = real_path(db_path)
    digest = sha256_hex(str(db_path).encode("utf-8", "surrogateescape"))[:12]
    # appauthor only matters on Windows: no test on Linux can tell False from None.
    folder = Path(platformdirs.user_state_dir("reader", appauthor=False))  # pragma: no mutate
    return folder / "pending" / f"{db_path.stem}-{digest}-pending.json"


def change_entry(change: Change) -> Entry:
    """Return the journal form of one annotation change."""
    return {
        "op": "change",
        "paper_id": change.paper_id,
        "title": change.title,
        "title_key": change.title_key,
        "status": change.status.value if change.status else None,
        "cycle_status": change.cycle_status,
        "cycle": [status.value for status in change.cycle],
        "add_tags": list(change.add_tags),
        "remove_tags": list(change.remove_tags),
        "note": change.note,
        "note_base": change.note_base,
        "status_base": change.status_base.value if change.status_base else None,
        "add_highlights": [highlight.to_json() for highlight in change.add_highlights],
        "remove_highlights": list(change.remove_highlights),
    }


def view_entry(op: str, name: str, query: str = "") -> Entry:
    """Return the journal form of saving (``save_view``) or deleting (``delete_view``) a view."""
    return {"op": op, "name": name, "query": query}


def _text(entry: Entry, key: str, *, optional: bool = False) -> Any:
    value = entry.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key} is not text")
    return value


def _texts(entry: Entry, key: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{key} is not a list of text")
    return tuple(value)


def _status(value: object) -> Status | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("a status is not text")
    return Status(value)  # ValueError if not a status  # ValueError if not a status


def change_from_entry(entry: Entry) -> Change:
    """Read one kept change back (raises ValueError or TypeError if it is damaged)."""
    cycle = tuple(Status(value) for value in _texts(entry, "cycle"))
    return Change(
        _text(entry, "paper_id"),
        _text(entry, "title"),
        _text(entry, "title_key"),
        status=_status(entry.get("status")),
        cycle_status=entry.get("cycle_status") is True,
        **({"cycle": cycle} if cycle else {}),
        add_tags=_texts(entry, "add_tags"),
        remove_tags=_texts(entry, "remove_tags"),
        note=_text(entry, "note", optional=True),
        note_base=_text(entry, "note_base", optional=True),
        status_base=_status(entry.get("status_base")),
        add_highlights=tuple(
            Highlight.from_json(item) for item in entry.get("add_highlights") or []
        ),
        remove_highlights=_texts(entry, "remove_highlights"),
    )


def apply_entry(store: AnnotationStore, entry: Entry) -> None:
    """Apply one kept change to the database (DatabaseError if it cannot be saved now)."""
    if not isinstance(entry, dict):
        raise TypeError("a kept change is not an object")
    op = entry.get("op")
    if op == "change":
        store.apply_delta(change_from_entry(entry))
    elif op == "save_view":
        store.save_view(_text(entry, "name"), _text(entry, "query"))
    elif op == "delete_view":
        store.delete_view(_text(entry, "name"))
    else:
        raise ValueError(f"unknown kind of change {op!r}")


def _read(path: Path) -> list[Any]:
    """Return the entries in the journal at ``path`` (ValueError if it is damaged)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    data = orjson.loads(raw)  # orjson.JSONDecodeError is a ValueError
    if not isinstance(data, dict) or not isinstance(data.get("changes"), list):
        raise ValueError("not a list of kept changes")
    return list(data["changes"])


def _write(path: Path, entries: Sequence[Any]) -> None:
    if entries:
        atomic_write_bytes(path, orjson.dumps({"version": 1, "changes": list(entries)}))
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _lock(path: Path) -> FileLock:
    from filelock import FileLock  # only when a journal is written or found: not at start

    return FileLock(str(path) + ".lock", timeout=JOURNAL_LOCK_TIMEOUT)


def keep(db_path: Path, entries: Sequence[Entry]) -> Path:
    """Append ``entries`` to the journal of ``db_path`` (atomically); return its path.

    Beside the database, else (a full disk, a read-only folder) in the user's state folder
    (``fallback_journal_path``).  Raises JournalError (one line) if neither can be written.
    A damaged journal already there is set aside under a unique name, never overwritten.
    """
    try:
        return _keep_in(journal_path(db_path), entries)
    except JournalError as error:
        first = error
    fallback = fallback_journal_path(db_path)
    try:
        fallback.parent.mkdir(parents=True, exist_ok=True)
        return _keep_in(fallback, entries)
    except OSError as error:
        raise JournalError(f"{first}; {fallback}: could not write ({error.strerror})") from None
    except JournalError as error:
        raise JournalError(f"{first}; {error}") from None


def _keep_in(path: Path, entries: Sequence[Entry]) -> Path:
    from filelock import Timeout

    try:
        with _lock(path):
            try:
                earlier = _read(path)
            except ValueError:
                from reader.core.recovery import unique_sibling

                path.rename(unique_sibling(path, "broken"))
                earlier = []
            _write(path, [*earlier, *entries])
    except Timeout:
        raise JournalError(f"{path}: locked by another reader; not written") from None
    except OSError as error:
        raise JournalError(f"{path}: could not write ({error.strerror or error})") from None
    return path


def apply_kept(store: AnnotationStore) -> str:
    """Apply the changes kept from an earlier session; return one line saying so ("" if none).

    Applied changes leave the journal; if the database is busy again, the rest stay for the
    next start.  A damaged journal or entry is set aside under a unique name, never lost.
    """
    said = []
    for path in (journal_path(store.path), fallback_journal_path(store.path)):
        if path.is_file():
            said.append(_apply_from(store, path))
    return "; ".join(said)


def _apply_from(store: AnnotationStore, path: Path) -> str:
    from filelock import Timeout

    try:
        with _lock(path):
            return _apply_locked(store, path)
    except Timeout:
        return f"{path}: changes kept from an earlier session wait (another reader has it)"
    except OSError as error:
        return f"{path}: changes kept from an earlier session not applied ({error.strerror})"


def _apply_locked(store: AnnotationStore, path: Path) -> str:
    from reader.core.recovery import unique_sibling  # loads only when a journal is found

    try:
        entries = _read(path)
    except ValueError as error:
        moved = unique_sibling(path, "broken")
        path.rename(moved)
        return f"{path}: kept changes could not be read ({error}); set aside as {moved.name}"
    applied, damaged = 0, list[Any]()
    for number, entry in enumerate(entries):
        try:
            apply_entry(store, entry)
        except DatabaseError as error:
            _write(path, [*damaged, *entries[number:]])
            waiting = len(entries) - number
            return (
                f"Applied {plural(applied, 'change')} kept from an earlier session; "
                f"{waiting} still kept in {path.name} ({error})"
            )
        except (TypeError, ValueError, KeyError):
            damaged.append(entry)
        else:
            applied += 1
    when = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M:%S")
    line = (
        f"Saved {plural(applied, 'change')} kept when reader closed at {when} "
        "(they could not be saved then)"
    )
    if damaged:
        moved = unique_sibling(path, "broken")
        _write(moved, damaged)
        line += f"; {plural(len(damaged), 'damaged change')} set aside in {moved.name}"
    _write(path, [])  # pragma: no mutate (None and [] both leave no entries: the file goes)
    return line
