"""Load theme files (TOML) from the shipped ``themes/`` folder as Textual themes."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from textual.theme import Theme

from reader.core.paths import shipped_dir
from reader.core.record import Record

COLOUR_SLOTS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "warning",
    "error",
    "success",
    "boost",
)
DEFAULT_THEME = "reader-dark"
APP_VARIABLES = {
    "reader-highlight-foreground": "black",
    "reader-highlight-background": "yellow",
    "reader-mark-unread": "ansi_bright_black",
    "reader-mark-reading": "ansi_yellow",
    "reader-mark-read": "ansi_green",
    "reader-tag": "ansi_magenta",
}
"""The app's own theme variables with fallbacks for themes that do not set them."""


def _is_colour(value: str) -> bool:
    from textual.color import Color, ColorParseError

    if value == "ansi_default":
        return True
    try:
        Color.parse(value)
    except ColorParseError:
        return False
    return True


class ThemeFileError(Exception):
    """A theme file that cannot be used; the message names the file and the field."""


def read_theme_data(path: Path, raw: bytes | None = None) -> dict[str, Any]:
    """Read one theme file (or its bytes ``raw``); return its checked fields."""
    import tomllib  # ~9 M instructions: not imported by a start that remembers its theme

    try:
        text = path.read_text(encoding="utf-8") if raw is None else raw.decode("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise ThemeFileError(f"{path}: cannot read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ThemeFileError(f"{path}: not valid TOML ({error})") from None
    return check_theme_data(data, str(path))


def check_theme_data(data: dict[str, Any], where: str) -> dict[str, Any]:
    """Return ``data`` if it makes a theme; else raise ThemeFileError naming ``where``."""
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ThemeFileError(f"{where}: field 'name' is missing")
    if not isinstance(data.get("primary"), str):
        raise ThemeFileError(f"{where}: field 'primary' is missing")
    for slot in COLOUR_SLOTS:
        value = data.get(slot)
        if value is not None and not isinstance(value, str):
            raise ThemeFileError(f"{where}: field '{slot}' must be a colour string")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(value, str) for value in variables.values()
    ):
        raise ThemeFileError(f"{where}: field 'variables' must map names to strings")
    for flag in ("dark", "ansi"):
        if not isinstance(data.get(flag, flag == "dark"), bool):
            raise ThemeFileError(f"{where}: field '{flag}' must be true or false")
    for slot in ("primary", *COLOUR_SLOTS, *variables):
        value = data.get(slot) if slot in data else variables.get(slot)
        if isinstance(value, str) and slot.endswith("text-style"):
            continue
        if isinstance(value, str) and not _is_colour(value):
            raise ThemeFileError(f"{where}: field {slot!r} is not a colour ({value!r})")
    return data


def theme_from_data(data: dict[str, Any]) -> Theme:
    """Return the Theme of checked theme fields (check_theme_data)."""
    return Theme(
        name=data["name"],
        dark=data.get("dark", True),
        ansi=data.get("ansi", False),
        variables=dict(data.get("variables", {})),
        primary=data["primary"],
        secondary=data.get("secondary"),
        accent=data.get("accent"),
        foreground=data.get("foreground"),
        background=data.get("background"),
        surface=data.get("surface"),
        panel=data.get("panel"),
        warning=data.get("warning"),
        error=data.get("error"),
        success=data.get("success"),
        boost=data.get("boost"),
    )


def load_theme_file(path: Path) -> Theme:
    """Read one theme file into a Theme."""
    return theme_from_data(read_theme_data(path))


def all_themes() -> tuple[list[Theme], list[str]]:
    """Return shipped themes plus the user's (config folder's themes/; same name wins)."""
    from reader.core.config import config_dir

    themes, problems = load_themes()
    user_folder = config_dir() / "themes"
    if user_folder.is_dir():
        user_themes, user_problems = load_themes(user_folder)
        names = {theme.name for theme in user_themes}
        themes = [theme for theme in themes if theme.name not in names] + user_themes
        problems += user_problems
    return themes, problems


class StartThemes(Record):
    """What start_themes found.

    The themes to register, their problems, whether that is every theme, and the record
    to remember for the next start (None: nothing new to remember).
    """

    __slots__ = ("complete", "problems", "remember", "themes")
    themes: list[Theme]
    problems: list[str]
    complete: bool
    remember: dict[str, Any] | None

    def __init__(
        self,
        themes: list[Theme],
        problems: list[str],
        complete: bool,
        remember: dict[str, Any] | None = None,
    ) -> None:
        self.themes, self.problems = themes, problems
        self.complete, self.remember = complete, remember


def start_themes(name: str, remembered: object = None) -> StartThemes:
    """Return the themes to register at start (see StartThemes).

    With no user themes folder only the shipped file of theme ``name`` is used, and the
    rest wait for ``all_themes`` (the theme picker, an unknown name).  ``remembered`` is
    the record a start stored (``theme_record``): while it matches the file's bytes and
    its fields are as stored, the fields are used without parsing the file, which spares
    start-up tomllib's import (~9 M instructions).  A user folder, or a name with no
    shipped file of its own, reads every theme now, so a broken user theme is reported at
    start as before.
    """
    from reader.core.config import config_dir

    path = shipped_dir("themes") / f"{name}.toml"
    if not (config_dir() / "themes").is_dir() and path.is_file():
        with contextlib.suppress(OSError, ThemeFileError):  # read with the others, which say why
            raw = path.read_bytes()
            data, record = _remembered_fields(remembered, path, raw), None
            if data is None:
                data = read_theme_data(path, raw)
                record = theme_record(path, raw, data)
            if data["name"] == name:
                return StartThemes([theme_from_data(data)], [], False, record)
    themes, problems = all_themes()
    return StartThemes(themes, problems, True)


def theme_record(path: Path, raw: bytes, fields: dict[str, Any]) -> dict[str, Any]:
    """Return what a start remembers of a theme file: its path, fields and their check.

    The check is a SHA-256 of the file's bytes and the fields: a changed file, or fields
    edited by hand in state.json, no longer match it, and the file is read again.
    """
    return {"file": str(path), "check": _check(raw, fields), "fields": fields}


def _check(raw: bytes, fields: dict[str, Any]) -> str:
    import orjson

    from reader.core.text import sha256_hex

    return sha256_hex(raw + b"\0" + orjson.dumps(fields, option=orjson.OPT_SORT_KEYS))


def _remembered_fields(remembered: object, path: Path, raw: bytes) -> dict[str, Any] | None:
    """Return the remembered theme fields if they are of this file's bytes and sound."""
    if not isinstance(remembered, dict) or remembered.get("file") != str(path):
        return None
    fields = remembered.get("fields")
    if not isinstance(fields, dict) or remembered.get("check") != _check(raw, fields):
        return None
    try:
        return check_theme_data(fields, "remembered theme")
    except ThemeFileError:
        return None


def load_themes(folder: Path | None = None) -> tuple[list[Theme], list[str]]:
    """Load every ``*.toml`` theme in ``folder`` (default: the shipped themes).

    Returns the themes that loaded and one message per file that did not.
    """
    folder = folder or shipped_dir("themes")
    themes: list[Theme] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            themes.append(load_theme_file(path))
        except ThemeFileError as error:
            problems.append(str(error))
    return themes, problems
