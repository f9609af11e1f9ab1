"""Two Library instances on one database file, driven by Hypothesis with random edits.

Each instance stands for a window: it opens tag and note dialogs from what it has in memory
(possibly stale), saves them, sets and cycles statuses, edits tags on several papers at once,
and undoes and redoes its own steps through the UndoHistory.  A model, written from the
documented semantics rather than from the code, says what the file must hold after every
step:

- tags: each save applies only the tags its user added or removed (against what the dialog
  opened with); a tag nobody touched since keeps its state, whoever set it;
- status: the last status set wins; undo puts the old status back only while the status is
  still the one this window set;
- notes: a note saved from a base that is no longer what is stored keeps the stored text as
  a marked conflict copy, so no text another window saved is ever dropped unseen;
- undo and redo reverse exactly the tags, status and note their step changed.

Every acknowledged change of the other instance is therefore in the file unless a later
step (of either window) changed that same tag or field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
)

from reader.core.annotations import AnnotationStore
from reader.core.changes import CONFLICT_MARK, Applied
from reader.core.history import Edit, Step, UndoHistory
from reader.core.library import Library
from reader.core.models import Paper, Status

PAPERS = tuple(Paper(f"p{number}", f"Paper {number}") for number in range(2))
TAGS = ("x", "y", "z", "X")  # "X" is "x" in another case: the same tag
WHO = ("a", "b")
CYCLE = (Status.UNREAD, Status.READING, Status.READ)

papers = st.sampled_from(PAPERS)
windows = st.sampled_from(WHO)
tag_lists = st.lists(st.sampled_from(TAGS), max_size=3, unique=True)


def keys(tags: tuple[str, ...] | list[str]) -> frozenset[str]:
    return frozenset(tag.casefold() for tag in tags)


@dataclass
class Expected:
    """What the model says is stored for one paper."""

    tags: set[str] = field(default_factory=set)
    status: Status = Status.UNREAD
    note: str = ""


@dataclass(frozen=True)
class Effect:
    """What one edit changed, as the model saw it: the model's own undo information."""

    paper_id: str
    added: frozenset[str]
    removed: frozenset[str]
    status: tuple[Status, Status] | None
    note: tuple[str, str] | None


@dataclass
class Window:
    library: Library
    history: UndoHistory = field(default_factory=UndoHistory)
    undo: list[list[Effect]] = field(default_factory=list)
    redo: list[list[Effect]] = field(default_factory=list)
    tag_dialog: tuple[Paper, tuple[str, ...]] | None = None
    note_dialog: tuple[Paper, str] | None = None


class TwoLibraries(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._folder = TemporaryDirectory(prefix="reader-two-libraries-")
        self.db = Path(self._folder.name) / "annotations.json"
        self.windows = {
            who: Window(Library(list(PAPERS), AnnotationStore.open(self.db), who)) for who in WHO
        }
        self.expected = {paper.id: Expected() for paper in PAPERS}
        self.notes_written = 0

    def teardown(self) -> None:
        self._folder.cleanup()

    # The model --------------------------------------------------------------------------

    def _model_tags(self, paper_id: str, add: frozenset[str], remove: frozenset[str]) -> Effect:
        state = self.expected[paper_id]
        before = set(state.tags)
        state.tags = (state.tags - remove) | add
        added, removed = frozenset(state.tags - before), frozenset(before - state.tags)
        return Effect(paper_id, added, removed, None, None)

    def _model_status(self, paper_id: str, status: Status, only_if: Status | None) -> Effect:
        state = self.expected[paper_id]
        before = state.status
        if only_if is None or state.status is only_if:
            state.status = status
        changed = (before, state.status) if before is not state.status else None
        return Effect(paper_id, frozenset(), frozenset(), changed, None)

    def _model_note(self, paper_id: str, note: str, base: str, applied: Applied) -> Effect:
        """Check the stored note against the rule for notes and remember it."""
        state = self.expected[paper_id]
        stored = state.note
        result = applied.after.note
        if stored in (base, note) or not stored.strip():
            assert result == note, (result, note)
            assert not applied.conflict
        else:
            # Changed elsewhere since the editor opened: both texts are kept, marked.
            assert applied.conflict
            assert result.startswith(note.rstrip("\n")), (result, note)
            assert CONFLICT_MARK in result
            assert result.endswith(stored), (result, stored)
        state.note = result
        changed = (stored, result) if stored != result else None
        return Effect(paper_id, frozenset(), frozenset(), None, changed)

    @staticmethod
    def _merge(effects: list[Effect]) -> list[Effect]:
        return [e for e in effects if e.added or e.removed or e.status or e.note]

    def _record(self, window: Window, label: str, edits: list[Edit], effects: list[Effect]) -> None:
        """Record a step the way the Annotator does: only edits that changed something."""
        changed = tuple(edit for edit in edits if edit.applied.changed)
        effects = self._merge(effects)
        assert [e.paper.id for e in changed] == [e.paper_id for e in effects], (changed, effects)
        if changed:
            window.history.record(Step(label, changed))
            window.undo.append(effects)
            window.redo.clear()

    # Rules ------------------------------------------------------------------------------

    @rule(who=windows)
    def refresh(self, who: str) -> None:
        """The window's poller notices the other window's writes."""
        self.windows[who].library.store.refresh()

    @rule(who=windows, paper=papers)
    def open_tag_dialog(self, who: str, paper: Paper) -> None:
        window = self.windows[who]
        window.tag_dialog = (paper, window.library.annotation(paper).tags)

    @precondition(lambda self: any(w.tag_dialog for w in self.windows.values()))
    @rule(data=st.data(), tags=tag_lists, polled=st.booleans())
    def save_tag_dialog(self, data: st.DataObject, tags: list[str], polled: bool) -> None:
        who = data.draw(st.sampled_from([w for w in WHO if self.windows[w].tag_dialog]))
        window = self.windows[who]
        if polled:  # the window's poller usually reloads while a dialog is open
            window.library.store.refresh()
        assert window.tag_dialog is not None
        paper, base = window.tag_dialog
        window.tag_dialog = None
        applied = window.library.set_tags(paper, tuple(tags), base=base)
        effect = self._model_tags(paper.id, keys(tags) - keys(base), keys(base) - keys(tags))
        self._record(window, "tags", [Edit(paper, applied)], [effect])

    @rule(who=windows, chosen=st.sets(papers, min_size=1), add=tag_lists, remove=tag_lists)
    def bulk_tags(self, who: str, chosen: set[Paper], add: list[str], remove: list[str]) -> None:
        window = self.windows[who]
        add_keys, remove_keys = keys(add), keys(remove) - keys(add)
        # The same tag in two cases in one change is passed as is: the store folds it.
        add_tags = tuple(add)
        remove_tags = tuple(tag for tag in remove if tag.casefold() in remove_keys)
        edits, effects = [], []
        for paper in sorted(chosen, key=lambda paper: paper.id):
            change = window.library.change(paper, add_tags=add_tags, remove_tags=remove_tags)
            edits.append(Edit(paper, window.library.apply(change)))
            effects.append(self._model_tags(paper.id, add_keys, remove_keys))
        self._record(window, "tags", edits, effects)

    @rule(who=windows, paper=papers, status=st.sampled_from(CYCLE))
    def set_status(self, who: str, paper: Paper, status: Status) -> None:
        window = self.windows[who]
        applied = window.library.set_status(paper, status)
        effect = self._model_status(paper.id, status, None)
        self._record(window, "status", [Edit(paper, applied)], [effect])

    @rule(who=windows, paper=papers)
    def cycle_status(self, who: str, paper: Paper) -> None:
        window = self.windows[who]
        applied = window.library.cycle_status(paper)
        current = self.expected[paper.id].status
        following = CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)]
        effect = self._model_status(paper.id, following, None)
        self._record(window, "status", [Edit(paper, applied)], [effect])

    @rule(who=windows, paper=papers)
    def open_note_editor(self, who: str, paper: Paper) -> None:
        window = self.windows[who]
        window.note_dialog = (paper, window.library.annotation(paper).note)

    @precondition(lambda self: any(w.note_dialog for w in self.windows.values()))
    @rule(
        data=st.data(),
        how=st.sampled_from(["new", "append", "clear", "same"]),
        polled=st.booleans(),
    )
    def save_note(self, data: st.DataObject, how: str, polled: bool) -> None:
        who = data.draw(st.sampled_from([w for w in WHO if self.windows[w].note_dialog]))
        window = self.windows[who]
        if polled:
            window.library.store.refresh()
        assert window.note_dialog is not None
        paper, base = window.note_dialog
        window.note_dialog = None
        self.notes_written += 1
        text = f"{who}-note-{self.notes_written}"
        note = {"new": text, "append": f"{base}\n{text}", "clear": "", "same": base}[how]
        if note == base:
            return  # the editor closed unchanged: the UI saves nothing
        applied = window.library.set_note(paper, note, base=base)
        effect = self._model_note(paper.id, note, base, applied)
        self._record(window, "note", [Edit(paper, applied)], [effect])

    @precondition(lambda self: any(w.undo for w in self.windows.values()))
    @rule(data=st.data())
    def undo(self, data: st.DataObject) -> None:
        who = data.draw(st.sampled_from([w for w in WHO if self.windows[w].undo]))
        window = self.windows[who]
        step = window.history.take_undo()
        assert step is not None
        opposite = self._replay(window, step, window.undo.pop())
        window.history.undone(opposite[0])
        window.redo.append(opposite[1])

    @precondition(lambda self: any(w.redo for w in self.windows.values()))
    @rule(data=st.data())
    def redo(self, data: st.DataObject) -> None:
        who = data.draw(st.sampled_from([w for w in WHO if self.windows[w].redo]))
        window = self.windows[who]
        step = window.history.take_redo()
        assert step is not None
        opposite = self._replay(window, step, window.redo.pop())
        window.history.redone(opposite[0])
        window.undo.append(opposite[1])

    def _replay(
        self, window: Window, step: Step, effects: list[Effect]
    ) -> tuple[Step, list[Effect]]:
        """Apply the step's inverse as the Annotator does; the model reverses its effects."""
        assert [edit.paper.id for edit in step.edits] == [effect.paper_id for effect in effects]
        edits, reversed_effects = [], []
        for edit, effect in zip(step.edits, effects, strict=True):
            applied = window.library.apply(edit.applied.inverse())
            edits.append(Edit(edit.paper, applied))
            parts = [self._model_tags(effect.paper_id, effect.removed, effect.added)]
            if effect.status is not None:
                before, after = effect.status
                parts.append(self._model_status(effect.paper_id, before, only_if=after))
            if effect.note is not None:
                before_note, after_note = effect.note
                parts.append(self._model_note(effect.paper_id, before_note, after_note, applied))
            reversed_effects.append(
                Effect(
                    effect.paper_id,
                    parts[0].added,
                    parts[0].removed,
                    next((part.status for part in parts[1:] if part.status), None),
                    next((part.note for part in parts[1:] if part.note), None),
                )
            )
        return Step(step.label, tuple(edits)), reversed_effects

    # What must hold after every step ----------------------------------------------------

    @invariant()
    def the_file_holds_every_change_nobody_changed_since(self) -> None:
        data = json.loads(self.db.read_text(encoding="utf-8"))
        records = {record["id"]: record for record in data.get("annotations", {}).values()}
        for paper_id, expected in self.expected.items():
            record = records.get(paper_id, {})
            assert keys(record.get("tags", [])) == expected.tags, (paper_id, record)
            assert len(record.get("tags", [])) == len(expected.tags)  # no case duplicates
            assert record.get("status", "unread") == expected.status.value, (paper_id, record)
            assert record.get("note", "") == expected.note, (paper_id, record)


TwoLibraries.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_two_libraries_on_one_database = TwoLibraries.TestCase
