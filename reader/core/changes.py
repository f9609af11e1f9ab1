"""Change: one edit to one paper's annotation, its inverse, and how it merges into the store.

Edits are deltas (tags added and removed, the status it was changed from, the note it was
based on), so two windows saving edits to one paper merge instead of overwriting each other.
``apply_to_record`` applies one to a stored record; ``AnnotationStore`` (annotations.py)
does so under its lock.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from reader.core.models import STATUS_CYCLE, Annotation, Highlight, Status, highlights_from_json
from reader.core.record import FrozenRecord

if TYPE_CHECKING:
    from reader.core.applied import Applied as Applied

T = TypeVar("T")


def parse_tags(text: str) -> tuple[str, ...]:
    """Split comma- or space-separated tags, dropping blanks and case-insensitive repeats."""
    seen: set[str] = set()
    tags: list[str] = []
    for tag in re.split(r"[,\s]+", text):  # compiled at the first edit (re caches it)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tuple(tags)


class Change(FrozenRecord):
    """One edit to one paper's annotation, expressed as a delta.

    Deltas (tags added and removed rather than the whole list) let two instances edit the
    same database: each applies only what its user changed to the freshest copy on disk.
    """

    __slots__ = (
        "add_highlights",
        "add_tags",
        "cycle",
        "cycle_status",
        "note",
        "note_base",
        "paper_id",
        "remove_highlights",
        "remove_tags",
        "status",
        "status_base",
        "title",
        "title_key",
    )
    paper_id: str
    title: str
    title_key: str
    status: Status | None
    cycle_status: bool
    """Move the stored status one step along the cycle (ignored if ``status`` is set)."""
    cycle: tuple[Status, ...]
    """The status cycle ``cycle_status`` follows (configurable)."""
    add_tags: tuple[str, ...]
    remove_tags: tuple[str, ...]
    note: str | None
    note_base: str | None
    """The note the user started editing from.  If the stored note changed meanwhile (another
    window), neither text is dropped: the new note is kept with the other one appended as a
    marked conflict copy."""
    status_base: Status | None
    """Apply ``status`` only while the stored status is still this (undo uses it, so that undoing
    a status change never overrides a newer change made in another window)."""
    add_highlights: tuple[Highlight, ...]
    remove_highlights: tuple[str, ...]
    """Ids of highlights to remove (a highlight is added or removed whole, by its id)."""

    def __init__(
        self,
        paper_id: str,
        title: str = "",
        title_key: str = "",
        status: Status | None = None,
        cycle_status: bool = False,
        cycle: tuple[Status, ...] = STATUS_CYCLE,
        add_tags: tuple[str, ...] = (),
        remove_tags: tuple[str, ...] = (),
        note: str | None = None,
        note_base: str | None = None,
        status_base: Status | None = None,
        add_highlights: tuple[Highlight, ...] = (),
        remove_highlights: tuple[str, ...] = (),
    ) -> None:
        _set = object.__setattr__
        _set(self, "paper_id", paper_id)
        _set(self, "title", title)
        _set(self, "title_key", title_key)
        _set(self, "status", status)
        _set(self, "cycle_status", cycle_status)
        _set(self, "cycle", cycle)
        _set(self, "add_tags", add_tags)
        _set(self, "remove_tags", remove_tags)
        _set(self, "note", note)
        _set(self, "note_base", note_base)
        _set(self, "status_base", status_base)
        _set(self, "add_highlights", add_highlights)
        _set(self, "remove_highlights", remove_highlights)


class ChangeFields(TypedDict, total=False):
    """The fields of a Change a caller may set (mypy checks them against Change itself)."""

    status: Status | None
    cycle_status: bool
    cycle: tuple[Status, ...]
    add_tags: tuple[str, ...]
    remove_tags: tuple[str, ...]
    note: str | None
    note_base: str | None
    status_base: Status | None
    add_highlights: tuple[Highlight, ...]
    remove_highlights: tuple[str, ...]


def tag_key(tag: str) -> str:
    """Tags compare case-insensitively: ``LLM`` and ``llm`` are one tag."""
    return tag.casefold()


def set_delta(
    before: Sequence[T], after: Sequence[T], key: Callable[[T], Hashable]
) -> tuple[tuple[T, ...], tuple[T, ...]]:
    """Return the items ``after`` adds to ``before`` and the items it removes, by ``key``.

    This is what a dialog saves: the difference between what it opened with and what the
    user left, never the whole list.  Tags pass ``tag_key``; a field of items with ids
    (highlights, say) passes ``lambda item: item.id``.
    """
    before_keys = {key(item) for item in before}
    after_keys = {key(item) for item in after}
    added = tuple(item for item in after if key(item) not in before_keys)
    removed = tuple(item for item in before if key(item) not in after_keys)
    return _unique(added, key), _unique(removed, key)


def merge_set(
    stored: Sequence[T],
    add: Sequence[T],
    remove: Sequence[T],
    key: Callable[[T], Hashable],
) -> list[T]:
    """Apply one delta to the stored items: drop ``remove``, append ``add`` not yet there.

    Items nobody named stay as they are, in their order: another window's items survive.
    An item added twice (``x`` and ``X`` for tags) is stored once.
    """
    removed = {key(item) for item in remove}
    items = [item for item in stored if key(item) not in removed]
    present = {key(item) for item in items}
    for item in add:
        if key(item) not in present:
            present.add(key(item))
            items.append(item)
    return items


def _unique(items: tuple[T, ...], key: Callable[[T], Hashable]) -> tuple[T, ...]:
    seen: set[Hashable] = set()
    kept = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return tuple(kept)


CONFLICT_MARK = "--- conflict copy"
"""Starts the line that separates a note from the other window's version appended to it."""


def merge_note(new: str, stored: str, base: str | None, stamp: str) -> tuple[str, bool]:
    """Return the note to store and whether both texts had to be kept.

    ``base`` is what the user started from: if the stored note still equals it (or equals the
    new text), the new note simply replaces it.  Otherwise another window changed it meanwhile
    and its text is appended below a marked line, never dropped.
    """
    if base is None or stored in (base, new) or not stored.strip():
        return new, False
    copy = f"{CONFLICT_MARK} ({stamp}): this note was also changed in another window ---"
    body = new.rstrip("\n")
    return (f"{body}\n\n{copy}\n{stored}" if body else f"{copy}\n{stored}"), True


def next_status(current: Status, cycle: tuple[Status, ...]) -> Status:
    """Return the status after ``current`` in ``cycle`` (its first if ``current`` is not in it)."""
    if current not in cycle:
        return cycle[0]
    return cycle[(cycle.index(current) + 1) % len(cycle)]


def annotation_from_record(record: Mapping[str, Any]) -> Annotation:
    """Return the Annotation a stored record holds (unknown or wrong-typed values as defaults)."""
    try:
        # Equivalent mutants (no mutate): any other default is not a status and so is unread too.
        status = Status(record.get("status", "unread"))  # pragma: no mutate
    except ValueError:
        status = Status.UNREAD
    tags = record.get("tags") or []
    return Annotation(
        paper_id=str(record["id"]),
        status=status,
        tags=tuple(str(tag) for tag in tags if isinstance(tag, str)),
        note=str(record.get("note") or ""),
        created=record.get("created"),
        updated=record.get("updated"),
        status_changed=record.get("status_changed"),
        highlights=highlights_from_json(record.get("highlights")),
    )


def apply_to_record(record: MutableMapping[str, Any], change: Change, stamp: str) -> bool:
    """Apply ``change`` to a stored record; return True if a note conflict copy was kept."""
    record["id"] = change.paper_id
    if change.title:
        record["title"] = change.title
    if change.title_key:
        record["title_key"] = change.title_key
    record.setdefault("created", stamp)
    record.setdefault("status", Status.UNREAD.value)
    status = change.status
    if status is None and change.cycle_status:
        status = next_status(annotation_from_record(record).status, change.cycle)
    if change.status_base is not None and record["status"] != change.status_base.value:
        status = None  # changed elsewhere since: the newer status stays
    if status is not None and status.value != record["status"]:
        record["status"] = status.value
        record["status_changed"] = stamp
    if change.add_tags or change.remove_tags:
        stored_tags = record.get("tags")
        tags = (
            [tag for tag in stored_tags if isinstance(tag, str)]
            if isinstance(stored_tags, list)
            else []
        )
        record["tags"] = merge_set(tags, change.add_tags, change.remove_tags, tag_key)
    if change.add_highlights or change.remove_highlights:
        _apply_highlights(record, change)
    conflict = False
    if change.note is not None:
        stored = record.get("note")
        stored = stored if isinstance(stored, str) else ""
        record["note"], conflict = merge_note(change.note, stored, change.note_base, stamp)
    record["updated"] = stamp
    return conflict


def _apply_highlights(record: MutableMapping[str, Any], change: Change) -> None:
    """Remove highlights by id and add new ones (an id already stored is not added twice)."""
    removed = set(change.remove_highlights)
    stored = record.get("highlights")
    kept = [
        item
        for item in (stored if isinstance(stored, list) else [])
        if not (isinstance(item, dict) and item.get("id") in removed)
    ]
    present = {item.get("id") for item in kept if isinstance(item, dict)}
    kept += [item.to_json() for item in change.add_highlights if item.id not in present]
    record["highlights"] = kept


def __getattr__(name: str) -> object:
    """Return Applied from applied.py, where it is built at the first write, not at start."""
    if name == "Applied":
        from reader.core.applied import Applied

        return Applied
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
