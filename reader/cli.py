"""Command line: ``reader [FILE ...]`` opens the app; errors are one line, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__
from reader.core.paths import DB_ENV, default_db_path

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

EXIT_USAGE = 2


class StartupError(Exception):
    """The app cannot start; the message is one line for stderr."""


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (its help documents every option)."""
    parser = argparse.ArgumentParser(
        prog="reader",
        description=(
            "Read, search and annotate research papers in the terminal. With no FILE, "
            "opens the bundled sample of Hugging Face trending papers."
        ),
        epilog=(
            f"The annotations database defaults to {default_db_path()} "
            f"(set {DB_ENV} or --db to use another). Press ? in the app for every key."
        ),
    )
    parser.add_argument(
        "files",
        metavar="FILE",
        nargs="*",
        type=Path,
        help="trending-papers pages saved as text; several may be given",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        help=f"annotations database file (default: ${DB_ENV}, else the user data folder)",
    )
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="colour theme, e.g. reader-dark (default) or reader-light",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def make_app(
    files: Sequence[Path] = (), *, db_path: Path | None = None, theme: str | None = None
) -> ReaderApp:
    """Build the app for ``files`` (the bundled sample if none); shared by CLI and tests.

    Raises StartupError with a one-line message if nothing can be opened.
    """
    from reader.core.library import LibraryError, open_library
    from reader.ui.app import ReaderApp
    from reader.ui.themes import DEFAULT_THEME, load_themes

    try:
        library = open_library(list(files), db_path or default_db_path())
    except LibraryError as error:
        raise StartupError(str(error)) from None
    if theme is not None:
        from textual.theme import BUILTIN_THEMES

        names = sorted(loaded.name for loaded in load_themes()[0])
        if theme not in names and theme not in BUILTIN_THEMES:
            raise StartupError(f"unknown theme {theme!r}; available: {', '.join(names)}")
    return ReaderApp(library, theme=theme or DEFAULT_THEME)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        app = make_app(args.files, db_path=args.db, theme=args.theme)
    except StartupError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    app.run()
    return 0
