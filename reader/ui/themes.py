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
    return Theme(
        name=name,
        dark=dark,
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
    )


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
