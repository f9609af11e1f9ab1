"""``reader resolve`` (match titles to arXiv records) and ``reader read FILE`` (full text)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reader.cli_output import say

EXIT_USAGE = 2


def resolve_main(argv: Sequence[str]) -> int:
    """Run ``reader resolve [FILE...]``: look up every title without an arXiv id."""
    from reader.core.config import load_settings
    from reader.core.library import LibraryError, open_library
    from reader.core.resolve import Resolver, ResolveStore

    parser = argparse.ArgumentParser(
        prog="reader resolve",
        description="Match every paper known only by its title to its arXiv record "
        "(Hugging Face paper search, then the arXiv API; exact titles only). Matches are "
        "kept in resolved.json next to the database; a title that found nothing is asked "
        "again after a week. $READER_HF_API and $READER_ARXIV_API set other servers.",
    )
    parser.add_argument("files", metavar="FILE", nargs="*", type=Path)
    parser.add_argument("--db", type=Path, help="annotations database")
    args = parser.parse_args(argv)
    settings, problems = load_settings()
    for problem in problems:
        say(f"reader: {problem}", file=sys.stderr)
    if not settings.resolve:
        say("reader: matching is off (resolve = false in config.toml)", file=sys.stderr)
        return EXIT_USAGE
    db = settings.database(args.db)
    try:
        library = open_library(list(args.files), db, read_only=True, use_cache=False)
    except LibraryError as error:
        say(f"reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    store = ResolveStore(db.parent)
    if store.problem:
        say(f"reader: {store.problem}", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        print(f"\rmatching [{bar}] {done}/{total}", end="", file=sys.stderr, flush=True)

    try:
        report = Resolver(store).resolve(library.papers, progress)
    except OSError as error:
        say(f"\nreader: cannot save {store.path}: {error}", file=sys.stderr)
        return EXIT_USAGE
    say(file=sys.stderr)
    say(report.summary())
    return 0 if report.offline is None else 1


def _reason(error: Exception) -> str:
    """Return an error's reason without the file name (the caller puts it first)."""
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def read_main(argv: Sequence[str]) -> int:
    """Run ``reader read FILE [--paper ID]``: show a local full text (HTML or PDF)."""
    from reader.core.fulltext import Document, NotFullText
    from reader.core.fulltext_cache import FullTextCache, load_file

    parser = argparse.ArgumentParser(
        prog="reader read",
        description="Read a paper's full text from a local arXiv HTML page or PDF. With "
        "--paper, the file is also attached to that paper of your library (copied into "
        "the full-text cache, never moved): f in the app then opens it, highlights and all.",
    )
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument(
        "--paper", metavar="ID", help="attach to this paper (arXiv id or title start)"
    )
    parser.add_argument("--db", type=Path, help="annotations database (with --paper)")
    parser.add_argument(
        "--plain", action="store_true", help="print the text instead of opening the view"
    )
    args = parser.parse_args(argv)
    title = args.file.name
    document: Document
    if args.paper is None:
        try:
            document = load_file(args.file)
        except (NotFullText, OSError) as error:
            say(f"reader: {args.file}: {_reason(error)}", file=sys.stderr)
            return EXIT_USAGE
    else:
        from reader.core.config import load_settings
        from reader.core.library import LibraryError, open_library

        settings, problems = load_settings()
        for problem in problems:
            say(f"reader: {problem}", file=sys.stderr)
        db = settings.database(args.db)
        try:
            library = open_library([], db, read_only=True, use_cache=False)
        except LibraryError as error:
            say(f"reader: {error}", file=sys.stderr)
            return EXIT_USAGE
        from reader.cli_papers import one_paper

        paper = one_paper(library, args.paper, "the library")
        if paper is None:
            return EXIT_USAGE
        try:
            document, _ = FullTextCache(db.parent).attach(paper.id, args.file)
        except (NotFullText, OSError, ValueError) as error:
            say(f"reader: {args.file}: {_reason(error)}", file=sys.stderr)
            return EXIT_USAGE
        title = paper.display_title
        say(f"reader: attached {args.file} to {title!r}", file=sys.stderr)
    if args.plain or not sys.stdout.isatty():
        from reader.core.fulltext_text import document_lines

        for line in document_lines(document, 100):
            say(line)
        return 0
    from reader.ui.screens.fulltext import FullTextApp

    FullTextApp(document, title, attached=args.paper is not None).run()
    return 0
