"""The UI-free core of reader: models, parsing, search and storage.

Nothing under ``reader.core`` imports textual or rich; a test enforces it.
"""

from reader.core.annotations import AnnotationStore
from reader.core.changes import Change, parse_tags
from reader.core.library import Library, LibraryError, open_library
from reader.core.models import Annotation, LoadReport, Paper, Status
from reader.core.search_result import SearchResult, TermMatch, highlight_spans
from reader.core.storage import DatabaseError

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
