"""Messages the widgets send up to the app (small dataclasses, named for what happened)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.core import Paper


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
    """Papers were marked or unmarked for a bulk action; ``count`` are marked now."""

    count: int
