"""Settings from ``config.toml``: typed, documented, and forgiving of mistakes.

Every problem (an unknown key, a value of the wrong kind) becomes one line naming the
key, and that key keeps its default; the rest of the file still applies.

    db = "~/papers/annotations.json"
    theme = "reader-light"
    default_sort = "date"          # relevance, date, title, status, upvotes
    open_marks_reading = true      # Enter on an unread paper marks it "reading"
    status_cycle = ["unread", "reading", "read"]

    [keys]                         # binding id = keys (see the help screen, ?)
    "app.tags" = "T"
    "list.down" = "j,down,ctrl+n"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from reader.core.models import SortMode, Status

CONFIG_ENV = "READER_CONFIG"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a user can set in config.toml."""

    db: Path | None = None
    """The annotations database file (else ``$READER_DB`` or the user data folder)."""
    theme: str | None = None
    """Colour theme by name (a shipped one, or one in the config folder's themes/)."""
    default_sort: SortMode = SortMode.RELEVANCE
    """How the list is ordered at start-up."""
    open_marks_reading: bool = False
    """Whether opening an unread paper (Enter) marks it "reading"."""
    status_cycle: tuple[Status, ...] = (Status.UNREAD, Status.READING, Status.READ)
    """The statuses ``s`` steps through, in order."""
    keys: dict[str, str] = field(default_factory=dict)
    """Key overrides: binding id -> comma-separated keys (applied with App.set_keymap)."""


def config_dir() -> Path:
    """Return the folder of config.toml and user themes."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser().parent
    # appauthor only matters on Windows: no test on Linux can tell False from None.
    return Path(platformdirs.user_config_dir("reader", appauthor=False))  # pragma: no mutate


def config_path() -> Path:
    """Return the path of config.toml (``$READER_CONFIG`` overrides it)."""
    override = os.environ.get(CONFIG_ENV)
    return Path(override).expanduser() if override else config_dir() / "config.toml"


def _choice(kind: type[SortMode] | type[Status], value: Any) -> Any:
    """Return ``kind(value)``, or explain the allowed values."""
    allowed = [member.value for member in kind]
    if value not in allowed:
        raise ValueError(f"must be one of {', '.join(allowed)}, not {value!r}")
    return kind(value)


def _sort(value: Any) -> SortMode:
    return _choice(SortMode, value)  # type: ignore[no-any-return]


def _status_cycle(value: Any) -> tuple[Status, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError('must be a list such as ["unread", "reading", "read"]')
    cycle = tuple(_choice(Status, item) for item in value)
    if len(set(cycle)) != len(cycle):
        raise ValueError("lists a status twice")
    return cycle


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("must be a non-empty string")
    return value


def _keys(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError('must be a table of binding id = "keys"')
    for name, keys in value.items():
        if not isinstance(keys, str) or not keys.strip():
            raise ValueError(f'{name} must be a string of keys such as "j,down"')
    return {str(name): str(keys) for name, keys in value.items()}


_PARSERS = {
    "db": lambda value: Path(_text(value)).expanduser(),
    "theme": _text,
    "default_sort": _sort,
    "open_marks_reading": _boolean,
    "status_cycle": _status_cycle,
    "keys": _keys,
}


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """Read config.toml; return the settings and one line per problem found."""
    path = path or config_path()
    if not path.exists():
        return Settings(), []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return Settings(), [f"{path}: cannot read ({error}); using defaults"]
    except tomllib.TOMLDecodeError as error:
        return Settings(), [f"{path}: not valid TOML ({error}); using defaults"]
    values: dict[str, Any] = {}
    problems = []
    for key, raw in data.items():
        parser = _PARSERS.get(key)
        if parser is None:
            known = ", ".join(_PARSERS)
            problems.append(f"{path}: unknown setting {key!r} (known: {known}); ignored")
            continue
        try:
            values[key] = parser(raw)
        except ValueError as error:
            problems.append(f"{path}: {key} {error}; using the default")
    return Settings(**values), problems
