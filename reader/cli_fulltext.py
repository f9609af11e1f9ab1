"""``reader resolve`` (match titles to arXiv records) and ``reader read FILE`` (full text)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

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
        print(f"reader: {problem}", file=sys.stderr)
    if not settings.resolve:
        print("reader: matching is off (resolve = false in config.toml)", file=sys.stderr)
        return EXIT_USAGE
    db = settings.database(args.db)
    try:
        library = open_library(list(args.files), db, read_only=True, use_cache=False)
    except LibraryError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    store = ResolveStore(db.parent)
    if store.problem:
        print(f"reader: {store.problem}", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        print(f"\rmatching [{bar}] {done}/{total}", end="", file=sys.stderr, flush=True)

    try:
        report = Resolver(store).resolve(library.papers, progress)
    except OSError as error:
        print(f"\nreader: cannot save {store.path}: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(file=sys.stderr)
    print(report.summary())
    return 0 if report.offline is None else 1


def read_main(argv: Sequence[str]) -> int:
    """Run ``reader read FILE``: show a local full text (HTML or PDF) in the reading view."""
    from reader.core.fulltext import NotFullText
    from reader.core.fulltext_cache import load_file

    parser = argparse.ArgumentParser(
        prog="reader read",
        description="Read a paper's full text from a local arXiv HTML page or PDF.",
    )
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument(
        "--plain", action="store_true", help="print the text instead of opening the view"
    )
    args = parser.parse_args(argv)
    try:
        document = load_file(args.file)
    except (NotFullText, OSError) as error:
        print(f"reader: {args.file}: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.plain or not sys.stdout.isatty():
        from reader.core.fulltext_text import document_lines

        for line in document_lines(document, 100):
            print(line)
        return 0
    from reader.ui.screens.fulltext import FullTextApp

    FullTextApp(document, args.file.name).run()
    return 0
