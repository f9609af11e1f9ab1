"""Subcommands that read the library: ``reader export``, ``reader stats``, ``reader similar``.

Each opens the library as the app does (config.toml's database, sort and cycle) but only
reads it, and returns an exit status (``reader.cli`` dispatches here).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli_library import EXIT_USAGE, command_settings
from reader.cli_output import say
from reader.core.text import plural

if TYPE_CHECKING:
    from reader.core.library import Library


def _open_for_command(files: Sequence[Path], db: Path | None) -> Library | None:
    """Open a library for a subcommand as the app does (config.toml's db, sort, cycle).

    Print the one-line error and return None if it cannot open.
    """
    from reader.core.library import LibraryError, open_configured

    try:  # subcommands only read: they never create or back up a database
        return open_configured(list(files), command_settings(), db=db, read_only=True)
    except LibraryError as error:
        say(f"reader: {error}", file=sys.stderr)
        return None


def _reader_file(target: Path, library: Library) -> str:
    """Name what ``target`` is if it is a file an export must never replace, else "".

    A tester's ``reader export -o annotations.json`` replaced the database with an export.
    """
    from reader.core.atomic import real_path
    from reader.core.pending import fallback_journal_path, journal_path

    db = real_path(library.store.path)
    real = real_path(target)
    # The database, its backups (.bak, dated, per schema) and its lock file.
    if real == db or (real.parent == db.parent and real.name.startswith(f"{db.name}.")):
        return "the annotations database or one of its backups"
    if real in (journal_path(db), fallback_journal_path(db)):
        return "the changes kept for the next start"
    return ""


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
            say(f"reader: {error}", file=sys.stderr)
            return EXIT_USAGE
    library = _open_for_command(args.files, args.db)
    if library is None:
        return EXIT_USAGE
    if args.output not in (None, "-") and (kept := _reader_file(Path(args.output), library)):
        say(f"reader: {args.output}: is {kept}; export to another file", file=sys.stderr)
        return EXIT_USAGE
    result = library.search(args.query)
    if result.error:
        say(f"reader: query {args.query!r}: {result.error}", file=sys.stderr)
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
        say(f"reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        say(f"reader: {args.output}: cannot write ({error.strerror or error})", file=sys.stderr)
        return EXIT_USAGE
    say(f"exported {plural(len(papers), 'paper')} to {args.output}", file=sys.stderr)
    return 0


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
    say("\n".join(reading_stats(library).lines()))
    return 0


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
    from reader.cli_papers import one_paper

    paper = one_paper(library, args.paper, library.label)
    if paper is None:
        return EXIT_USAGE
    say(f"similar to: {paper.title}")
    for other in library.similar(paper, max(1, args.n)):
        say(f"{other.arxiv_id or '-':<12} {other.title}")
    return 0
