"""Command line: ``reader [FILE ...]`` opens the app; errors are one line, never a traceback.

The subcommands live in ``cli_library`` (import, fetch, check, db), ``cli_query`` (export,
stats, similar) and ``cli_fulltext`` (resolve, read), each imported only when it runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__
from reader.cli_output import say
from reader.core.paths import DB_ENV, default_db_path, short_path

if TYPE_CHECKING:
    import argparse

    from reader.ui.app import ReaderApp

EXIT_USAGE = 2
EXIT_PIPE = 141
"""A closed pipe (``reader stats | head -1``): 128 + SIGPIPE, as a Unix tool ends."""


class StartupError(Exception):
    """The app cannot start; the message is one line for stderr."""


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (its help documents every option)."""
    import argparse  # only the command line parses arguments: not on make_app's path

    parser = argparse.ArgumentParser(
        prog="reader",
        description=(
            "Read, search and annotate research papers in the terminal. With no FILE, "
            "opens the library (see 'reader import' and 'reader fetch'), or the bundled "
            "sample of Hugging Face trending papers while the library is empty. Other "
            "commands (each has --help): reader check FILE..., reader import FILE..., "
            "reader fetch [--date YYYY-MM-DD], reader export, reader stats, reader similar ID, "
            "reader resolve [FILE...], reader read FILE.pdf|FILE.html, "
            "reader db check|restore."
        ),
        epilog=(
            f"The annotations database defaults to {short_path(default_db_path())} "
            f"(set {DB_ENV} or --db to use another). 'reader db check' and 'reader db "
            "restore' inspect and recover it. Press ? in the app for every key."
        ),
    )
    parser.add_argument(
        "files",
        metavar="FILE",
        nargs="*",
        type=Path,
        help="paper files: trending page text, HF daily-papers JSON, arXiv snapshot JSONL, "
        "arXiv Atom XML or BibTeX (recognised by content); several may be given",
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
        help="colour theme: reader-dark (default), reader-light, reader-high-contrast, "
        "reader-ansi16, or one of yours",
    )
    parser.add_argument(
        "--config-path",
        action="store_true",
        help="print where config.toml is read from, and exit",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def make_app(
    files: Sequence[Path] = (), *, db_path: Path | None = None, theme: str | None = None
) -> ReaderApp:
    """Build the app for ``files`` (the library or bundled sample if none).

    Shared by the CLI and the tests.  Settings come from config.toml; a flag wins over
    ``$READER_DB`` and the config file.  Raises StartupError (one line) if nothing opens.
    """
    from reader.ui import gc_pause

    gc_pause.pause()  # the app resumes collecting after its first paint
    try:
        return _make_app(files, db_path=db_path, theme=theme)
    except BaseException:
        gc_pause.resume()
        raise


def _make_app(files: Sequence[Path], *, db_path: Path | None, theme: str | None) -> ReaderApp:
    from reader.core.config import config_path, load_settings
    from reader.core.library import LibraryError, open_configured
    from reader.core.state import load_state
    from reader.ui.app import ReaderApp
    from reader.ui.themes import DEFAULT_THEME

    settings, problems = load_settings()
    try:
        library = open_configured(list(files), settings, db=db_path)
    except LibraryError as error:
        raise StartupError(str(error)) from None
    remembered = load_state().get("theme")
    chosen = theme or settings.theme or (remembered if isinstance(remembered, str) else None)
    app = ReaderApp(library, theme=chosen or DEFAULT_THEME, settings=settings, problems=problems)
    # The chosen theme's file was read; the others are read only to name them here.
    if theme is not None and not app.has_theme(theme):
        names = ", ".join(sorted(app.reader_themes))
        raise StartupError(f"unknown theme {theme!r}; available: {names}")
    if theme is None and settings.theme and not app.has_theme(settings.theme):
        names = ", ".join(sorted(app.reader_themes))
        app.add_problem(
            f"{short_path(config_path())}: theme {settings.theme!r} is not a theme "
            f"(available: {names}); using the default"
        )
    return app


SUBCOMMANDS = {
    "db": ("reader.cli_library", "db_main"),
    "check": ("reader.cli_library", "check_main"),
    "import": ("reader.cli_library", "import_main"),
    "fetch": ("reader.cli_library", "fetch_main"),
    "export": ("reader.cli_query", "export_main"),
    "stats": ("reader.cli_query", "stats_main"),
    "similar": ("reader.cli_query", "similar_main"),
    "resolve": ("reader.cli_fulltext", "resolve_main"),
    "read": ("reader.cli_fulltext", "read_main"),
}
"""Each subcommand's module and function, imported only when that subcommand runs."""


def run_subcommand(name: str, argv: Sequence[str]) -> int:
    """Run subcommand ``name`` with ``argv``; return its exit status."""
    module, function = SUBCOMMANDS[name]
    command: Callable[[Sequence[str]], int] = getattr(import_module(module), function)
    try:
        status = command(argv)
        sys.stdout.flush()  # a reader that has gone shows here, not as a traceback at exit
    except BrokenPipeError:
        # ``| head`` read what it wanted and closed the pipe: stop quietly.  Whatever is
        # still buffered goes nowhere, so the flush at exit cannot fail again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] and argv[0] in SUBCOMMANDS:
        return run_subcommand(argv[0], argv[1:])
    args = build_parser().parse_args(argv)
    if args.config_path:
        from reader.core.config import config_path

        say(config_path())
        return 0
    try:
        app = make_app(args.files, db_path=args.db, theme=args.theme)
    except StartupError as error:
        say(f"reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    app.run()
    if app.saver.exit_message:  # changes the busy database kept waiting: where they are
        say(f"reader: {app.saver.exit_message}", file=sys.stderr)
    if app.return_code:  # ended by a signal (128 + its number): kept what waited, said so
        return app.return_code
    return 1 if app.saver.lost else 0  # a change neither saved nor kept: say so to scripts
