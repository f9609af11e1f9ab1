"""Settings from ``config.toml``: typed, documented, and forgiving of mistakes.

Every problem (an unknown key, a value of the wrong kind) becomes one line naming the
key, and that key keeps its default; the rest of the file still applies.

    db = "~/papers/annotations.json"
    theme = "reader-light"
    default_sort = "date"          # relevance, date, title, status, upvotes
    open_marks_reading = true      # Enter on an unread paper marks it "reading"
    status_cycle = ["unread", "reading", "read"]
    export_dir = "~/Documents/papers"  # where x in the app writes exports
    resolve = true                 # match titles to arXiv records over the network

    [keys]                         # binding id = keys (see the help screen, ?)
    "app.tags" = "T"
    "list.down" = "j,down,ctrl+n"
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from reader.core.models import STATUS_CYCLE, SortMode, Status
from reader.core.paths import DB_ENV, default_db_path
from reader.core.record import FrozenRecord

CONFIG_ENV = "READER_CONFIG"


Parser = Callable[[Any], Any]


_Choice = TypeVar("_Choice", SortMode, Status)


def _choice(kind: type[_Choice], value: Any) -> _Choice:
    """Return ``kind(value)``, or explain the allowed values."""
    allowed = [member.value for member in kind]
    if value not in allowed:
        raise ValueError(f"must be one of {', '.join(allowed)}, not {value!r}")
    return kind(value)


def _sort(value: Any) -> SortMode:
    return _choice(SortMode, value)


def _path(value: Any) -> Path:
    return Path(_text(value)).expanduser()


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


class Settings(FrozenRecord):
    """What a user can set in config.toml.

    The known keys are the fields, with their defaults in ``__init__``; ``PARSERS`` below
    names the function that checks each one's value (``setting_parsers`` returns it).
    """

    __slots__ = (
        "db",
        "default_sort",
        "export_dir",
        "keys",
        "open_marks_reading",
        "resolve",
        "status_cycle",
        "theme",
    )
    db: Path | None
    """The annotations database file (else ``$READER_DB`` or the user data folder)."""
    theme: str | None
    """Colour theme by name (a shipped one, or one in the config folder's themes/)."""
    default_sort: SortMode
    """How the list is ordered at start-up (and in ``reader export``)."""
    open_marks_reading: bool
    """Whether opening an unread paper (Enter) marks it "reading"."""
    status_cycle: tuple[Status, ...]
    """The statuses ``s`` steps through, in order."""
    export_dir: Path | None
    """Where ``x`` in the app writes exports (else the user's documents folder)."""
    keys: dict[str, str]
    """Key overrides: binding id -> comma-separated keys (applied with App.set_keymap)."""
    resolve: bool
    """Whether titles are matched to arXiv records over the network (false: never)."""

    def __init__(
        self,
        db: Path | None = None,
        theme: str | None = None,
        default_sort: SortMode = SortMode.RELEVANCE,
        open_marks_reading: bool = False,
        status_cycle: tuple[Status, ...] = STATUS_CYCLE,
        export_dir: Path | None = None,
        keys: dict[str, str] | None = None,
        resolve: bool = True,
    ) -> None:
        _set = object.__setattr__
        _set(self, "db", db)
        _set(self, "theme", theme)
        _set(self, "default_sort", default_sort)
        _set(self, "open_marks_reading", open_marks_reading)
        _set(self, "status_cycle", status_cycle)
        _set(self, "export_dir", export_dir)
        _set(self, "keys", {} if keys is None else keys)
        _set(self, "resolve", resolve)

    def database(self, flag: Path | None = None) -> Path:
        """Return the database to open: ``--db``, else ``$READER_DB``, else ``db``.

        Else the user data folder's: the same order for the app and every subcommand.
        """
        if flag is not None:
            return flag
        if os.environ.get(DB_ENV) or self.db is None:
            return default_db_path()
        return self.db

    def export_folder(self) -> Path:
        """Return the folder for the app's exports (not created here)."""
        if self.export_dir is not None:
            return self.export_dir
        return Path(platformdirs.user_documents_dir())


PARSERS: dict[str, Parser] = {
    "db": _path,
    "theme": _text,
    "default_sort": _sort,
    "open_marks_reading": _boolean,
    "status_cycle": _status_cycle,
    "export_dir": _path,
    "keys": _keys,
    "resolve": _boolean,
}
"""Each field of Settings, in order, with the function that checks a config.toml value."""
assert tuple(PARSERS) == Settings._fields  # pragma: no mutate (one entry per field)


def setting_parsers() -> dict[str, Parser]:
    """Return each config.toml key with the function that checks its value."""
    return dict(PARSERS)


def config_dir() -> Path:
    """Return the folder of config.toml and user themes."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser().parent
    return Path(platformdirs.user_config_dir("reader", appauthor=False))


def config_path() -> Path:
    """Return the path of config.toml (``$READER_CONFIG`` overrides it)."""
    override = os.environ.get(CONFIG_ENV)
    return Path(override).expanduser() if override else config_dir() / "config.toml"


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """Read config.toml; return the settings and one line per problem found."""
    path = path or config_path()
    if not path.exists():
        return Settings(), []
    if not path.is_file():  # a FIFO would block the start forever; a folder cannot be read
        return Settings(), [f"{path}: not a regular file; using defaults"]
    import tomllib  # only when there is a file to read: not on the start-up path otherwise

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return Settings(), [f"{path}: cannot read ({error}); using defaults"]
    except tomllib.TOMLDecodeError as error:
        return Settings(), [f"{path}: not valid TOML ({error}); using defaults"]
    values: dict[str, Any] = {}
    problems = []
    parsers = setting_parsers()
    for key, raw in data.items():
        parser = parsers.get(key)
        if parser is None:
            known = ", ".join(parsers)
            problems.append(f"{path}: unknown setting {key!r} (known: {known}); ignored")
            continue
        try:
            values[key] = parser(raw)
        except ValueError as error:
            problems.append(f"{path}: {key} {error}; using the default")
    return Settings(**values), problems
