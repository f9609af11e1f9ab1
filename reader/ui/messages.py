"""Messages sent up to the app: small dataclasses, named for what happened or is asked for.

Widgets post them to themselves (they bubble to the app); helpers that are not widgets
(Annotator, Searcher, the palette's commands, exports) get the app's ``post_message`` through
their constructor and post with it, from the UI thread or a worker thread alike
(``post_message`` is thread-safe).  The app handles each in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.notifications import SeverityLevel

from reader.core import Paper, SearchResult
from reader.core.models import SortMode


@dataclass
class PaperSelected(Message):
    """The cursor in the paper list moved to a paper (None: the list is empty)."""

    paper: Paper | None


@dataclass
class PaperOpened(Message):
    """The reader asked to read a paper (Enter or ``l`` in the list)."""

    paper: Paper


@dataclass
class MarksChanged(Message):
    """Papers were marked or unmarked for a bulk action."""


@dataclass
class Say(Message):
    """Tell the reader something in one line (plain text: it may quote paper text)."""

    text: str
    severity: SeverityLevel = "information"
    timeout: float = 4


@dataclass
class AnnotationsChanged(Message):
    """Annotations of ``papers`` are on disk (all papers if empty): redraw what shows them."""

    papers: list[Paper]
    reveal: bool = False
    """Scroll the reading pane to the annotation (after editing a note)."""


@dataclass
class BackRequested(Message):
    """Esc in the list with nothing marked: leave a similar-papers view, if one shows."""


@dataclass
class ListRequested(Message):
    """Esc or h in the reading pane: back to the paper list, out of the full-screen view."""


@dataclass
class SearchFinished(Message):
    """A search worker finished; ``generation`` tells whether a newer query superseded it."""

    result: SearchResult
    generation: int


@dataclass
class QueryRequested(Message):
    """Show the papers of ``query`` (a saved view, a palette filter)."""

    query: str


@dataclass
class PaperRequested(Message):
    """Move the cursor to paper ``index`` of the library (the palette's Go to paper)."""

    index: int


@dataclass
class SortRequested(Message):
    """Order the list by ``mode`` (the palette's sort entries)."""

    mode: SortMode


@dataclass
class ActionRequested(Message):
    """Run the app action ``action`` (the palette's entry for a key binding)."""

    action: str
