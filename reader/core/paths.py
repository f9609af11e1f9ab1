"""Where reader's files live: the user's database, and data shipped with the package."""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

APP_NAME = "reader"
DB_ENV = "READER_DB"
SAMPLE_NAME = "trending-papers.txt"
MATCHES_NAME = "resolved.json"
"""The stored arXiv matches, next to the annotations database."""
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def user_data_dir() -> Path:
    """Return the per-user data folder (platformdirs)."""
    # appauthor only matters on Windows: no test on Linux can tell False from None.
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))  # pragma: no mutate


def default_db_path() -> Path:
    """Return the database path: ``$READER_DB`` if set, else the user data folder's."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return user_data_dir() / "annotations.json"


def shipped_dir(name: str) -> Path:
    """Return a data folder shipped with reader (``themes``, ``sample_data``).

    An installed wheel carries them inside the package; a source checkout (editable
    install) has them at the top level of the repository.
    """
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"reader is missing its {name}/ folder (broken install?)")


def bundled_sample() -> Path:
    """Return the path of the bundled sample trending page."""
    return shipped_dir("sample_data") / SAMPLE_NAME


def short_path(path: Path | str, width: int = 60) -> str:
    """Return ``path`` shortened for a message: the home folder as ``~``.

    If still longer than ``width``, its start becomes an ellipsis at a folder boundary:
    never broken mid-name, so a terminal or --help never wraps it inside a word.
    """
    text = str(path)
    home = str(Path.home())
    if home != "/" and (text == home or text.startswith(home + os.sep)):
        text = "~" + text[len(home) :]
    if len(text) <= width:
        return text
    parts = text.split(os.sep)
    kept = parts[-1]
    for part in reversed(parts[:-1]):
        if len(part) + len(kept) + 3 > width:
            break
        kept = f"{part}{os.sep}{kept}"
    return f"…{os.sep}{kept}"


def short_paths(text: str, width: int = 36) -> str:
    """Return ``text`` with every absolute path in it shortened as ``short_path`` does.

    For toasts: a notification about 36 columns wide (an 80-column terminal) would
    otherwise break a long path in the middle of a name.
    """
    # An absolute path: compiled at the first toast (re caches it), not at start.
    absolute = r"(?<![\w~.:/])/[^\s:;,()'\"]+"
    return re.sub(absolute, lambda match: short_path(match.group(), width), text)
