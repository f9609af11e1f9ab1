"""Messages sent up to the app: small classes, named for what happened or is asked for.

Widgets post them to themselves (they bubble to the app); helpers that are not widgets
(Annotator, Searcher, the palette's commands, exports) get the app's ``post_message`` through
their constructor and post with it, from the UI thread or a worker thread alike
(``post_message`` is thread-safe).  The app handles each in one place.

They are plain classes, not dataclasses: a dataclass generates and compiles its methods'
source as it is defined, and these are all defined on the way to the first paint.
"""

from __future__ import annotations

from textual.message import Message
from textual.notifications import SeverityLevel

from reader.core import Paper, SearchResult
from reader.core.models import SortMode


class PaperSelected(Message):
    """The cursor in the paper list moved to a paper (None: the list is empty)."""

    def __init__(self, paper: Paper | None) -> None:
        self.paper = paper
        super().__init__()


class PaperOpened(Message):
    """The reader asked to read a paper (Enter or ``l`` in the list)."""

    def __init__(self, paper: Paper) -> None:
        self.paper = paper
        super().__init__()


class MarksChanged(Message):
    """Papers were marked or unmarked for a bulk action."""


class Say(Message):
    """Tell the reader something in one line (plain text: it may quote paper text)."""

    def __init__(
        self, text: str, severity: SeverityLevel = "information", timeout: float = 4
    ) -> None:
        self.text = text
        self.severity = severity
        self.timeout = timeout
        super().__init__()


class AnnotationsChanged(Message):
    """Annotations of ``papers`` are on disk (all papers if empty): redraw what shows them."""

    def __init__(self, papers: list[Paper], reveal: bool = False) -> None:
        self.papers = papers
        self.reveal = reveal
        """Scroll the reading pane to the annotation (after editing a note)."""
        super().__init__()


class BackRequested(Message):
    """Esc in the list with nothing marked: leave a similar-papers view, if one shows."""


class ListRequested(Message):
    """Esc or h in the reading pane: back to the paper list, out of the full-screen view."""


class SearchFinished(Message):
    """A search worker finished; ``generation`` tells whether a newer query superseded it."""

    def __init__(self, result: SearchResult, generation: int) -> None:
        self.result = result
        self.generation = generation
        super().__init__()


class QueryRequested(Message):
    """Show the papers of ``query`` (a saved view, a palette filter)."""

    def __init__(self, query: str) -> None:
        self.query = query
        super().__init__()


class PaperRequested(Message):
    """Move the cursor to paper ``index`` of the library (the palette's Go to paper)."""

    def __init__(self, index: int) -> None:
        self.index = index
        super().__init__()


class SortRequested(Message):
    """Order the list by ``mode`` (the palette's sort entries)."""

    def __init__(self, mode: SortMode) -> None:
        self.mode = mode
        super().__init__()


class ActionRequested(Message):
    """Run the app action ``action`` (the palette's entry for a key binding)."""

    def __init__(self, action: str) -> None:
        self.action = action
        super().__init__()
