"""Subcommands that bring papers into the library and look after its database.

``reader import``, ``reader fetch``, ``reader check`` and ``reader db check|restore``; each
prints one line per problem and returns an exit status (``reader.cli`` dispatches here).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli_output import say
from reader.core.paths import DB_ENV, short_path
from reader.core.text import plural

if TYPE_CHECKING:
    from datetime import date

    from reader.core.config import Settings
    from reader.core.formats.common import Parsed
    from reader.core.library_index import IndexUpdate

EXIT_USAGE = 2


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
    path = command_settings().database(args.db)
    state = check_database(path)
    if args.command == "check":
        say("\n".join(state.report()))
        return 0 if state.ok else 1
    if state.ok and state.exists and not args.yes:
        say(f"{path} is fine; restore the backup over it anyway? [y/N] ", end="", flush=True)
    elif not args.yes:
        say(f"Restore {path}.bak over {path}? The current file is kept. [y/N] ", end="", flush=True)
    if not args.yes and sys.stdin.readline().strip().lower() not in {"y", "yes"}:
        say("Nothing changed.")
        return 1
    try:
        moved = restore_backup(path)
    except (DatabaseError, OSError) as error:
        say(f"reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    kept = f"; the previous file is now {moved}" if moved else ""
    say(f"Restored {path} from its backup{kept}.")
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
            for problem in error.problems:  # it had records, none usable: each says why
                say(f"{path}:{problem.where}: {problem.reason}")
            say(error)  # the report (stdout): an unusable file is one of its problems
            problems += 1
            continue
        if parsed.warning:
            say(f"reader: {parsed.warning}", file=sys.stderr)  # how it was read: stderr
            problems += 1
        for problem in parsed.problems:  # the report: stdout, one line per record
            say(f"{path}:{problem.where}: {problem.reason}")
        problems += len(parsed.problems)
        say(f"{path}: {plural(len(parsed.papers), 'paper')}, {len(parsed.problems)} skipped")
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
    except OSError as error:  # a full disk, a folder it may not write in: where and why
        where = f"{error.filename}: " if error.filename else ""
        say(f"reader: {where}cannot import ({error.strerror or error})", file=sys.stderr)
        return EXIT_USAGE
    except SourceError as error:
        if len(args.files) == 1:
            say(f"reader: {error}", file=sys.stderr)
        else:
            _explain_refused_import(args.files)
        return EXIT_USAGE
    for source, copy, count in imported.files:
        say(f"imported {source} -> {short_path(copy)} ({plural(count, 'paper')})")
    for note in imported.notes:  # skipped records and encoding guesses, as the app says
        say(f"reader: {note}", file=sys.stderr)
    if imported.busy:
        say(BUSY_INDEX, file=sys.stderr)
    _say_indexed(imported.update)
    done = imported.files
    restored = restore_exported_annotations(
        [copy for _, copy, _ in done], command_settings().database(args.db)
    )
    if restored:
        say(f"restored annotations of {plural(restored, 'paper')} from reader exports")
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
            say(
                f"reader: {path}: not imported: {str(error).removeprefix(f'{path}: ')}",
                file=sys.stderr,
            )
        else:
            say(
                f"reader: {path}: {plural(count, 'paper')}, not imported (a file failed)",
                file=sys.stderr,
            )
    names = ", ".join(str(path) for path in bad)
    say(f"reader: nothing imported; fix or leave out {names}", file=sys.stderr)


def restore_exported_annotations(paths: Sequence[Path], db: Path) -> int:
    """Apply the annotations in reader JSON exports to the database; return how many."""
    from reader.core.annotations import AnnotationStore
    from reader.core.changes import Change
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


def command_settings() -> Settings:
    """Return config.toml's settings for a subcommand; each problem is a line on stderr."""
    from reader.core.config import load_settings

    settings, problems = load_settings()
    for problem in problems:
        say(f"reader: {problem}", file=sys.stderr)
    return settings


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
        say(
            f"\rfetching {args.date}: {received / 1024:,.1f} KiB",
            end="",
            file=sys.stderr,
            flush=True,
        )

    try:
        path, count = fetch_daily(args.date, progress=progress)
    except FetchError as error:
        say(f"\nreader: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        say(f"\nreader: cannot save: {error}", file=sys.stderr)
        return EXIT_USAGE
    say(file=sys.stderr)
    say(f"saved {plural(count, 'paper')} to {short_path(path)}")
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
            say(BUSY_INDEX, file=sys.stderr)
            return
        except OSError as error:
            say(f"reader: could not index the library: {error}", file=sys.stderr)
            return
    _say_indexed(update)


BUSY_INDEX = (
    "reader: another reader is building the library's index; "
    "the new papers are indexed when reader next opens the library"
)


def _say_indexed(update: IndexUpdate | None) -> None:
    if update is not None:
        how = "added to" if update.incremental else "built"
        say(f"search index {how}: {update.added:,} new, {update.total:,} papers in the library")
