"""The UI-free core of reader: models, parsing, search and storage.

Nothing under ``reader.core`` imports textual or rich; a test enforces it.
"""

from typing import TYPE_CHECKING

from reader.core.annotations import AnnotationStore
from reader.core.changes import Change, parse_tags
from reader.core.library import Library, LibraryError, open_library
from reader.core.models import Annotation, LoadReport, Paper, Status
from reader.core.search_result import SearchResult, highlight_spans
from reader.core.storage import DatabaseError

if TYPE_CHECKING:
    from reader.core.term_match import TermMatch

__all__ = [
    "Annotation",
    "AnnotationStore",
    "Change",
    "DatabaseError",
    "Library",
    "LibraryError",
    "LoadReport",
    "Paper",
    "SearchResult",
    "Status",
    "TermMatch",
    "highlight_spans",
    "open_library",
    "parse_tags",
]


def __getattr__(name: str) -> object:
    """Return TermMatch, built with the first query (term_match.py), not at start."""
    if name == "TermMatch":
        from reader.core.term_match import TermMatch

        return TermMatch
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
