"""Load theme files (TOML) from the shipped ``themes/`` folder as Textual themes."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.theme import Theme

from reader.core.paths import shipped_dir

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


def load_theme_file(path: Path) -> Theme:
    """Read one theme file into a Theme."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ThemeFileError(f"{path}: cannot read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ThemeFileError(f"{path}: not valid TOML ({error})") from None
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ThemeFileError(f"{path}: field 'name' is missing")
    if not isinstance(data.get("primary"), str):
        raise ThemeFileError(f"{path}: field 'primary' is missing")
    for slot in COLOUR_SLOTS:
        value = data.get(slot)
        if value is not None and not isinstance(value, str):
            raise ThemeFileError(f"{path}: field '{slot}' must be a colour string")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(value, str) for value in variables.values()
    ):
        raise ThemeFileError(f"{path}: field 'variables' must map names to strings")
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeFileError(f"{path}: field 'dark' must be true or false")
    ansi = data.get("ansi", False)
    if not isinstance(ansi, bool):
        raise ThemeFileError(f"{path}: field 'ansi' must be true or false")
    for slot in ("primary", *COLOUR_SLOTS, *variables):
        value = data.get(slot) if slot in data else variables.get(slot)
        if isinstance(value, str) and slot.endswith("text-style"):
            continue
        if isinstance(value, str) and not _is_colour(value):
            raise ThemeFileError(f"{path}: field {slot!r} is not a colour ({value!r})")
    return Theme(
        name=name,
        dark=dark,
        ansi=ansi,
        variables=dict(variables),
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


def start_themes(name: str) -> tuple[list[Theme], list[str], bool]:
    """Return the themes to register at start, their problems, and whether that is all.

    With no user themes folder, only the shipped file of theme ``name`` is read (each file
    read costs ~3 M instructions before the first paint, tomllib's import ~9 M); the rest
    wait for ``all_themes`` (the theme picker, an unknown name).  A user folder, or a name
    with no shipped file of its own, reads every theme now, so a broken user theme is
    reported at start as before.
    """
    from reader.core.config import config_dir

    path = shipped_dir("themes") / f"{name}.toml"
    if not (config_dir() / "themes").is_dir() and path.is_file():
        try:
            theme = load_theme_file(path)
        except ThemeFileError:
            pass  # read with the others, which report it
        else:
            if theme.name == name:
                return [theme], [], False
    themes, problems = all_themes()
    return themes, problems, True


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
