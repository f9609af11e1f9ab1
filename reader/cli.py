"""Command line: ``reader [FILE ...]`` opens the app; errors are one line, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader import __version__
from reader.core.paths import DB_ENV, default_db_path, short_path
from reader.core.text import plural

if TYPE_CHECKING:
    from datetime import date

    from reader.core.config import Settings
    from reader.core.formats.common import Parsed
    from reader.core.library import Library
    from reader.core.library_index import IndexUpdate
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
    names = ", ".join(sorted(app.reader_themes))
    if theme is not None and theme not in app.available_themes:  # themes are read once, here
        raise StartupError(f"unknown theme {theme!r}; available: {names}")
    if theme is None and settings.theme and settings.theme not in app.available_themes:
        app.add_problem(
            f"{short_path(config_path())}: theme {settings.theme!r} is not a theme "
            f"(available: {names}); using the default"
        )
    return app


def build_db_parser() -> argparse.ArgumentParser:
    """Return the parser of ``reader db``: check and restore the annotations database."""
    parser = argparse.ArgumentParser(
        prog="reader db",
        description="Check the annotations database, or restore its last good backup.",
    )
    parser.add_argument(
        "command",
        choices=["check", "restore"],
        help="check: report the state; restore: put the .bak copy in place",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        help=f"database file (default: ${DB_ENV}, else the user data folder)",
    )
    parser.add_argument("--yes", action="store_true", help="restore without asking")
    return parser


def db_main(argv: Sequence[str]) -> int:
    """Run ``reader db check|restore``; return the exit status."""
    from reader.core.recovery import check_database, restore_backup
    from reader.core.storage import DatabaseError

    args = build_db_parser().parse_args(argv)
    path = _settings().database(args.db)
    state = check_database(path)
    if args.command == "check":
        print("\n".join(state.report()))
        return 0 if state.ok else 1
    if state.ok and state.exists and not args.yes:
        print(f"{path} is fine; restore the backup over it anyway? [y/N] ", end="", flush=True)
    elif not args.yes:
        print(
            f"Restore {path}.bak over {path}? The current file is kept. [y/N] ", end="", flush=True
        )
    if not args.yes and sys.stdin.readline().strip().lower() not in {"y", "yes"}:
        print("Nothing changed.")
        return 1
    try:
        moved = restore_backup(path)
    except (DatabaseError, OSError) as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    kept = f"; the previous file is now {moved}" if moved else ""
    print(f"Restored {path} from its backup{kept}.")
    return 0


def check_main(argv: Sequence[str]) -> int:
    """Run ``reader check FILE...``: every problem as ``FILE:WHERE: reason``."""
    from reader.core.sources import SourceError, parse_file

    parser = argparse.ArgumentParser(
        prog="reader check", description="Report every record that reader would skip."
    )
    parser.add_argument("files", metavar="FILE", nargs="+", type=Path)
    args = parser.parse_args(argv)
    problems = 0
    for path in args.files:
        try:
            parsed = parse_file(path)
        except SourceError as error:
            print(error)  # the report (stdout): an unusable file is one of its problems
            problems += 1
            continue
        if parsed.warning:
            print(f"reader: {parsed.warning}", file=sys.stderr)  # how it was read: stderr
            problems += 1
        for problem in parsed.problems:  # the report: stdout, one line per record
            print(f"{path}:{problem.where}: {problem.reason}")
        problems += len(parsed.problems)
        print(f"{path}: {plural(len(parsed.papers), 'paper')}, {len(parsed.problems)} skipped")
    return 1 if problems else 0


def import_main(argv: Sequence[str]) -> int:
    """Run ``reader import FILE...``: copy files into the library folder."""
    from reader.core.library_folder import library_dir
    from reader.core.sources import SourceError

    parser = argparse.ArgumentParser(
        prog="reader import",
        description=f"Copy paper files into the library ({library_dir()}); plain "
        "'reader' then opens them all.",
    )
    parser.add_argument("files", metavar="FILE", nargs="+", type=Path)
    parser.add_argument("--db", type=Path, help="database to restore exported annotations to")
    args = parser.parse_args(argv)
    from reader.core.library_index import import_and_index
    from reader.ui.progress_bar import progress_bar

    try:
        with progress_bar("importing", "papers") as progress:
            imported = import_and_index(args.files, progress)
    except (SourceError, OSError) as error:
        if len(args.files) == 1:
            print(f"reader: {error}", file=sys.stderr)
        else:
            _explain_refused_import(args.files)
        return EXIT_USAGE
    for source, copy, count in imported.files:
        print(f"imported {source} -> {short_path(copy)} ({plural(count, 'paper')})")
    if imported.busy:
        print(BUSY_INDEX, file=sys.stderr)
    _say_indexed(imported.update)
    done = imported.files
    restored = restore_exported_annotations(
        [copy for _, copy, _ in done], _settings().database(args.db)
    )
    if restored:
        print(f"restored annotations of {plural(restored, 'paper')} from reader exports")
    return 0


def _explain_refused_import(paths: Sequence[Path]) -> None:
    """Say what happened to each file of a refused ``reader import`` (nothing is copied)."""
    from reader.core.library_folder import check_exported_annotations
    from reader.core.sources import SourceError, parse_file

    bad = []
    for path in paths:
        try:
            count = len(parse_file(path).papers)
            check_exported_annotations(path)
        except (SourceError, OSError) as error:
            bad.append(path)
            print(
                f"reader: {path}: not imported: {str(error).removeprefix(f'{path}: ')}",
                file=sys.stderr,
            )
        else:
            print(
                f"reader: {path}: {plural(count, 'paper')}, not imported (a file failed)",
                file=sys.stderr,
            )
    names = ", ".join(str(path) for path in bad)
    print(f"reader: nothing imported; fix or leave out {names}", file=sys.stderr)


def restore_exported_annotations(paths: Sequence[Path], db: Path) -> int:
    """Apply the annotations in reader JSON exports to the database; return how many."""
    from reader.core.annotations import AnnotationStore, Change
    from reader.core.formats import detect_format
    from reader.core.formats.reader_json import parse_reader_json

    restored = 0
    store: AnnotationStore | None = None
    for path in paths:
        with path.open("rb") as handle:
            head = handle.read(65536)
        if detect_format(head) != "reader-json":
            continue
        parsed, annotations = parse_reader_json(path)  # streamed
        store = store or AnnotationStore.open(db)
        for paper in parsed.papers:
            annotation = annotations.get(paper.id)
            if annotation is None:
                continue
            current = store.get(paper.id, paper.title_key)
            store.apply(
                Change(
                    paper.id,
                    paper.title,
                    paper.title_key,
                    status=annotation.status,
                    add_tags=annotation.tags,
                    note=annotation.note if annotation.note != current.note else None,
                    # The note in the database is kept as a conflict copy, never dropped.
                    note_base="",
                    add_highlights=annotation.highlights,
                )
            )
            restored += 1
    return restored


def _settings() -> Settings:
    """Return config.toml's settings for a subcommand; each problem is a line on stderr."""
    from reader.core.config import load_settings

    settings, problems = load_settings()
    for problem in problems:
        print(f"reader: {problem}", file=sys.stderr)
    return settings


def _open_for_command(files: Sequence[Path], db: Path | None) -> Library | None:
    """Open a library for a subcommand as the app does (config.toml's db, sort, cycle).

    Print the one-line error and return None if it cannot open.
    """
    from reader.core.library import LibraryError, open_configured

    try:  # subcommands only read: they never create or back up a database
        return open_configured(list(files), _settings(), db=db, read_only=True)
    except LibraryError as error:
        print(f"reader: {error}", file=sys.stderr)
        return None


def export_main(argv: Sequence[str]) -> int:
    """Run ``reader export``: write the papers a query lists, with annotations."""
    from reader.core.export import FORMATS, export

    parser = argparse.ArgumentParser(
        prog="reader export",
        description="Export papers and their annotations: md (Obsidian reading log), bib, "
        "csv or json (which 'reader import' reads back).",
    )
    parser.add_argument(
        "files",
        metavar="FILE",
        nargs="*",
        type=Path,
        help="paper files (default: the library, or the bundled sample)",
    )
    parser.add_argument("--format", choices=FORMATS, default="md", help="default: md")
    parser.add_argument("--query", default="", help="only the papers this search lists")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file to write ('-' or none: stdout); a symlink is followed, a FIFO written to",
    )
    parser.add_argument("--db", type=Path, help="annotations database")
    args = parser.parse_args(argv)
    if args.output not in (None, "-"):
        from reader.core.atomic import TargetError, check_output

        try:  # before any work: a wrong -o creates nothing
            check_output(args.output)  # the text as typed: a trailing / means a folder
        except TargetError as error:
            print(f"reader: {error}", file=sys.stderr)
            return EXIT_USAGE
    library = _open_for_command(args.files, args.db)
    if library is None:
        return EXIT_USAGE
    result = library.search(args.query)
    if result.error:
        print(f"reader: query {args.query!r}: {result.error}", file=sys.stderr)
        return EXIT_USAGE
    papers = [library.papers[index] for index in result.indices]
    text = export(papers, library.annotation, args.format, args.query)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    from reader.core.atomic import TargetError, write_output

    try:
        write_output(Path(args.output), text.encode("utf-8"))
    except TargetError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"reader: {args.output}: cannot write ({error.strerror or error})", file=sys.stderr)
        return EXIT_USAGE
    print(f"exported {plural(len(papers), 'paper')} to {args.output}", file=sys.stderr)
    return 0


def _iso_date(text: str) -> date:
    """Parse ``--date``; argparse turns the ValueError into one usage line."""
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text} (want YYYY-MM-DD)") from None


def fetch_main(argv: Sequence[str]) -> int:
    """Run ``reader fetch [--date D]``: download a day of Hugging Face daily papers."""
    from datetime import date

    from reader.core.library_folder import HF_API_ENV, FetchError, fetch_daily

    parser = argparse.ArgumentParser(
        prog="reader fetch",
        description="Download the Hugging Face daily papers of a date into the library "
        f"(${HF_API_ENV} sets another server). Fetching a date again replaces its file.",
    )
    parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        type=_iso_date,
        default=date.today(),
        help="the day to fetch (default: today)",
    )
    args = parser.parse_args(argv)
    from reader.core.library_folder import library_files

    before = library_files()

    def progress(received: int) -> None:
        print(
            f"\rfetching {args.date}: {received / 1024:,.1f} KiB",
            end="",
            file=sys.stderr,
            flush=True,
        )

    try:
        path, count = fetch_daily(args.date, progress=progress)
    except FetchError as error:
        print(f"\nreader: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"\nreader: cannot save: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(file=sys.stderr)
    print(f"saved {plural(count, 'paper')} to {short_path(path)}")
    index_library_with_progress(before)
    return 0


def index_library_with_progress(
    before: list[Path], parsed: Mapping[Path, Parsed] | None = None
) -> None:
    """Add the library's new papers to its search index, with a progress bar."""
    from reader.core.library_folder import library_files
    from reader.core.library_index import index_library
    from reader.core.search.engine import IndexBusy
    from reader.ui.progress_bar import progress_bar

    with progress_bar("indexing", "papers") as progress:
        try:
            update = index_library(before, library_files(), progress, parsed)
        except IndexBusy:
            print(BUSY_INDEX, file=sys.stderr)
            return
        except OSError as error:
            print(f"reader: could not index the library: {error}", file=sys.stderr)
            return
    _say_indexed(update)


BUSY_INDEX = (
    "reader: another reader is building the library's index; "
    "the new papers are indexed when reader next opens the library"
)


def _say_indexed(update: IndexUpdate | None) -> None:
    if update is not None:
        how = "added to" if update.incremental else "built"
        print(f"search index {how}: {update.added:,} new, {update.total:,} papers in the library")


def stats_main(argv: Sequence[str]) -> int:
    """Run ``reader stats``: papers by status, tags, papers read lately."""
    from reader.core.stats import reading_stats

    parser = argparse.ArgumentParser(prog="reader stats", description="Reading statistics.")
    parser.add_argument("files", metavar="FILE", nargs="*", type=Path)
    parser.add_argument("--db", type=Path, help="annotations database")
    args = parser.parse_args(argv)
    library = _open_for_command(args.files, args.db)
    if library is None:
        return EXIT_USAGE
    print("\n".join(reading_stats(library).lines()))
    return 0


def _resolve_main(argv: Sequence[str]) -> int:
    from reader.cli_fulltext import resolve_main

    return resolve_main(argv)


def _read_main(argv: Sequence[str]) -> int:
    from reader.cli_fulltext import read_main

    return read_main(argv)


def similar_main(argv: Sequence[str]) -> int:
    """Run ``reader similar ID``: the papers most like one paper (title and abstract)."""
    parser = argparse.ArgumentParser(
        prog="reader similar",
        description="List the papers most like paper ID (its arXiv id, or the start of "
        "its title), by title and abstract, best first.",
    )
    parser.add_argument("paper", metavar="ID", help="arXiv id (e.g. 2403.01234) or title start")
    parser.add_argument("files", metavar="FILE", nargs="*", type=Path)
    parser.add_argument("--db", type=Path, help="annotations database")
    parser.add_argument("-n", type=int, default=20, help="how many (default 20)")
    args = parser.parse_args(argv)
    library = _open_for_command(args.files, args.db)
    if library is None:
        return EXIT_USAGE
    paper = library.find(args.paper)
    if paper is None:
        print(f"reader: no paper {args.paper!r} in {library.label}", file=sys.stderr)
        return EXIT_USAGE
    print(f"similar to: {paper.title}")
    for other in library.similar(paper, max(1, args.n)):
        print(f"{other.arxiv_id or '-':<12} {other.title}")
    return 0


SUBCOMMANDS = {
    "db": db_main,
    "check": check_main,
    "import": import_main,
    "fetch": fetch_main,
    "export": export_main,
    "stats": stats_main,
    "similar": similar_main,
    "resolve": _resolve_main,
    "read": _read_main,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] and argv[0] in SUBCOMMANDS:
        return SUBCOMMANDS[argv[0]](argv[1:])
    args = build_parser().parse_args(argv)
    if args.config_path:
        from reader.core.config import config_path

        print(config_path())
        return 0
    try:
        app = make_app(args.files, db_path=args.db, theme=args.theme)
    except StartupError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    app.run()
    if app.saver.exit_message:  # changes the busy database kept waiting: where they are
        print(f"reader: {app.saver.exit_message}", file=sys.stderr)
    return 0
