"""What reader remembers between runs (the last theme chosen, its colours), in state.json."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import orjson

from reader.core.atomic import atomic_write_bytes
from reader.core.paths import user_data_dir


def state_path() -> Path:
    """Return the state file's path (beside the default database)."""
    return user_data_dir() / "state.json"


def load_state(path: Path | None = None) -> dict[str, Any]:
    """Return the remembered values ({} if none or unreadable)."""
    path = path or state_path()
    try:
        if not path.is_file():  # a FIFO would block the start forever
            return {}
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(key: str, value: Any, path: Path | None = None) -> None:
    """Store one value (atomically); failures are ignored: this is a convenience.

    A symlink there is followed only to a state file (a JSON object): another file it
    leads to is left as it is.  A damaged state file of reader's own is replaced.
    """
    path = path or state_path()
    if path.is_symlink() and path.exists() and not _is_state(path):
        return
    data = load_state(path)
    data[key] = value
    with contextlib.suppress(OSError):
        atomic_write_bytes(path, orjson.dumps(data, option=orjson.OPT_INDENT_2))


def _is_state(path: Path) -> bool:
    try:
        return path.is_file() and isinstance(orjson.loads(path.read_bytes()), dict)
    except (OSError, orjson.JSONDecodeError):
        return False


def not_shown_before(warnings: list[str], path: Path | None = None) -> list[str]:
    """Return the warnings not shown at the last start, and remember these as shown.

    A file's warning ("skipped 1 from FILE (reader check FILE lists them)") then shows
    once per change of the file, not on every launch.
    """
    previous = load_state(path).get("warnings_shown")
    # Only lines count: a hand-edited list of lists must not stop the start.
    seen = (
        {line for line in previous if isinstance(line, str)}
        if isinstance(previous, list)
        else set()
    )
    if list(warnings) != previous:
        remember("warnings_shown", list(warnings), path)
    return [warning for warning in warnings if warning not in seen]
