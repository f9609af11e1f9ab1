"""UndoHistory: the session's annotation changes, as steps that can be undone and redone."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.applied import Applied
from reader.core.models import Paper
from reader.core.text import plural


@dataclass(frozen=True, slots=True)
class Edit:
    """One change this window made to one paper, as it was applied on disk.

    Undo applies ``applied.inverse()``: the delta that takes back this change only, so a
    change another window made to the same paper in between is kept.
    """

    paper: Paper
    applied: Applied


@dataclass(frozen=True, slots=True)
class Step:
    """What one user action changed (one paper, or many for a bulk action)."""

    label: str
    edits: tuple[Edit, ...]

    def describe(self) -> str:
        """Return e.g. ``tags on "Title"`` or ``status on 12 papers``."""
        if len(self.edits) == 1:
            title = self.edits[0].paper.title
            short = title if len(title) <= 50 else title[:49] + "…"
            return f'{self.label} on "{short}"'
        return f"{self.label} on {plural(len(self.edits), 'paper')}"


class UndoHistory:
    """Two stacks of steps; recording a new step clears what could be redone."""

    def __init__(self, limit: int = 1000) -> None:
        self.limit = limit
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    def record(self, step: Step) -> None:
        """Remember a new change; it starts a new branch, so redo is cleared."""
        self._push(self._undo, step)
        self._redo.clear()

    def take_undo(self) -> Step | None:
        """Remove and return the step to undo next."""
        return self._undo.pop() if self._undo else None

    def take_redo(self) -> Step | None:
        """Remove and return the step to redo next."""
        return self._redo.pop() if self._redo else None

    def undone(self, step: Step) -> None:
        """Note that ``step`` was undone, so it can be redone."""
        self._push(self._redo, step)

    def redone(self, step: Step) -> None:
        """Note that ``step`` was redone, so it can be undone again."""
        self._push(self._undo, step)

    def _push(self, stack: list[Step], step: Step) -> None:
        stack.append(step)
        del stack[: -self.limit]
