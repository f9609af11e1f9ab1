"""AnnotationStore: tags, notes and reading status, saved at once and keyed by paper id."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict, TypeVar

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Document

from reader.core.atomic import real_path, remove_stale_temp_files
from reader.core.models import STATUS_CYCLE, Annotation, Highlight, Status, highlights_from_json
from reader.core.recovery import save_backup
from reader.core.schema import (
    ANNOTATIONS_TABLE,
    SCHEMA_VERSION,
    VIEWS_TABLE,
    migrate,
    new_database,
    now_iso,
    schema_version,
    validate,
)
from reader.core.storage import AtomicJSONStorage, DatabaseBusy, DatabaseLocked

T = TypeVar("T")

_TAG_SEPARATORS = re.compile(r"[,\s]+")


def parse_tags(text: str) -> tuple[str, ...]:
    """Split comma- or space-separated tags, dropping blanks and case-insensitive repeats."""
    seen: set[str] = set()
    tags: list[str] = []
    for tag in _TAG_SEPARATORS.split(text):
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tuple(tags)


@dataclass(frozen=True, slots=True)
class Change:
    """One edit to one paper's annotation, expressed as a delta.

    Deltas (tags added and removed rather than the whole list) let two instances edit the
    same database: each applies only what its user changed to the freshest copy on disk.
    """

    paper_id: str
    title: str = ""
    title_key: str = ""
    status: Status | None = None
    cycle_status: bool = False
    """Move the stored status one step along the cycle (ignored if ``status`` is set)."""
    cycle: tuple[Status, ...] = STATUS_CYCLE
    """The status cycle ``cycle_status`` follows (configurable)."""
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()
    note: str | None = None
    note_base: str | None = None
    """The note the user started editing from.  If the stored note changed meanwhile (another
    window), neither text is dropped: the new note is kept with the other one appended as a
    marked conflict copy."""
    status_base: Status | None = None
    """Apply ``status`` only while the stored status is still this (undo uses it, so that undoing
    a status change never overrides a newer change made in another window)."""
    add_highlights: tuple[Highlight, ...] = ()
    remove_highlights: tuple[str, ...] = ()
    """Ids of highlights to remove (a highlight is added or removed whole, by its id)."""


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


@dataclass(frozen=True, slots=True)
class Applied:
    """What one Change did to the stored annotation, read under the lock."""

    change: Change
    before: Annotation
    after: Annotation
    conflict: bool = False
    """True when a note was changed elsewhere too and a conflict copy was appended."""

    @property
    def changed(self) -> bool:
        """True if the stored annotation differs (timestamps aside)."""
        return (
            self.before.status,
            self.before.tags,
            self.before.note,
            self.before.highlights,
        ) != (self.after.status, self.after.tags, self.after.note, self.after.highlights)

    def inverse(self) -> Change:
        """Return the delta that takes back exactly this change and nothing else.

        Tags this change added are removed and tags it removed come back; the status and the
        note go back only while they are still what this change made them, so a later change
        from another window survives an undo.
        """
        put_back, take_back = set_delta(self.after.tags, self.before.tags, tag_key)
        status_changed = self.before.status != self.after.status
        note_changed = self.before.note != self.after.note
        return Change(
            self.after.paper_id,
            self.change.title,
            self.change.title_key,
            status=self.before.status if status_changed else None,
            status_base=self.after.status if status_changed else None,
            add_tags=put_back,
            remove_tags=take_back,
            note=self.before.note if note_changed else None,
            note_base=self.after.note if note_changed else None,
            **_highlights_inverse(self.before.highlights, self.after.highlights),
        )


def _highlights_inverse(
    before: tuple[Highlight, ...], after: tuple[Highlight, ...]
) -> dict[str, Any]:
    """Highlights a change added are removed by id; those it removed come back."""
    before_ids = {item.id for item in before}
    after_ids = {item.id for item in after}
    return {
        "add_highlights": tuple(item for item in before if item.id not in after_ids),
        "remove_highlights": tuple(item.id for item in after if item.id not in before_ids),
    }


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


def _annotation_from_record(record: Mapping[str, Any]) -> Annotation:
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


def _apply_to_record(record: MutableMapping[str, Any], change: Change, stamp: str) -> bool:
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
        status = next_status(_annotation_from_record(record).status, change.cycle)
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


def _title_of(record: Mapping[str, Any]) -> tuple[str, str]:
    title, key = record.get("title"), record.get("title_key")
    return (title if isinstance(title, str) else "", key if isinstance(key, str) else "")


class AnnotationStore:
    """Annotations in a TinyDB file, written atomically under a lock, keyed by paper id.

    Reads are answered from memory.  ``apply`` takes the file lock, re-reads the file if
    another process changed it, applies the delta, and writes the whole file atomically
    before returning: when it returns, the change is on disk.
    """

    def __init__(self, path: Path, *, lock_timeout: float = 5.0) -> None:
        path = self.path = real_path(path)  # a symlinked database: write and lock the real file
        self.lock_timeout = lock_timeout
        self._storage = AtomicJSONStorage(path)
        self._db = TinyDB(storage=lambda: self._storage)
        # cache_size is no mutate: TinyDB caches only search results and the store never searches.
        self._table = self._db.table(ANNOTATIONS_TABLE, cache_size=0)  # pragma: no mutate
        # No mutate: every acquire passes its own timeout (see _StoreLock), not this one.
        self._file_lock = FileLock(str(path) + ".lock", timeout=lock_timeout)  # pragma: no mutate
        self._mutex = threading.RLock()
        self.give_up = threading.Event()
        """Set when the app closes: a save waiting for the lock fails at once (it is kept)."""
        # No mutate: any value no storage generation (0 and up) equals will do; and _doc_ids
        # is rebuilt by _sync before apply_delta first reads it.
        self._seen_generation = -1  # pragma: no mutate
        self._by_id: dict[str, Annotation] = {}
        self._doc_ids: dict[str, int] = {}  # pragma: no mutate
        self._id_by_title_key: dict[str, str] = {}
        self._titles: dict[str, tuple[str, str]] = {}
        self._views: list[SavedView] = []

    @classmethod
    def open(
        cls, path: Path, *, lock_timeout: float = 5.0, read_only: bool = False
    ) -> AnnotationStore:
        """Open the database at ``path``, creating it if missing.

        Raises DatabaseError (one line naming the file) if the file exists but is not a
        usable annotations database; such a file is never written to.  A database from
        an older version is migrated (its old form kept as ``.schemaN.bak``); a clean
        open refreshes the ``.bak`` copy of the last good database.  ``read_only`` (for
        commands that only read) creates, migrates and backs up nothing.
        """
        store = cls(path, lock_timeout=lock_timeout)
        path = store.path
        if read_only:  # stats, export: never create, migrate or back up a database
            if store._storage.read() is not None:
                store._sync()
            return store
        with store._locked():
            remove_stale_temp_files(path)
            data = store._storage.read()
            if data is None:
                store._storage.write(new_database())
            elif (old := schema_version(data, path)) < SCHEMA_VERSION:
                # No mutate: it cannot raise here (an older schema, and records without an
                # id were set aside on read); kept in case a migration ever needs it.
                validate(data, path)  # pragma: no mutate
                save_backup(path, f".schema{old}.bak")
                migrate(data, path)
                store._storage.write(data)
            store._sync()
            save_backup(path)
        return store

    def _locked(self) -> _StoreLock:
        return _StoreLock(self)

    def _sync(self) -> None:
        """Rebuild the in-memory view if the storage read new data from disk."""
        data = self._storage.read() or {}
        if self._storage.generation == self._seen_generation:
            return
        validate(data, self.path)
        by_id: dict[str, Annotation] = {}
        doc_ids: dict[str, int] = {}
        by_title_key: dict[str, str] = {}
        titles: dict[str, tuple[str, str]] = {}
        for doc_id, record in (data.get(ANNOTATIONS_TABLE) or {}).items():
            annotation = _annotation_from_record(record)
            by_id[annotation.paper_id] = annotation
            doc_ids[annotation.paper_id] = int(doc_id)
            if record.get("title_key"):
                by_title_key[str(record["title_key"])] = annotation.paper_id
            titles[annotation.paper_id] = _title_of(record)
        self._by_id, self._doc_ids, self._id_by_title_key = by_id, doc_ids, by_title_key
        self._titles = titles
        self._views = [
            SavedView(str(view["name"]), str(view["query"]))
            for _, view in sorted((data.get(VIEWS_TABLE) or {}).items(), key=lambda kv: int(kv[0]))
            if isinstance(view.get("name"), str) and isinstance(view.get("query"), str)
        ]
        self._seen_generation = self._storage.generation

    def get(self, paper_id: str, title_key: str = "") -> Annotation:
        """Return the annotation of a paper (an empty one if it has none)."""
        found = self._by_id.get(paper_id)
        if found is None and title_key:
            old_id = self._id_by_title_key.get(title_key)
            found = self._by_id.get(old_id) if old_id else None
        return found if found is not None else Annotation(paper_id)

    @property
    def annotations(self) -> Mapping[str, Annotation]:
        """Every stored annotation by paper id."""
        return self._by_id

    def tag_counts(self) -> Counter[str]:
        """Return every tag in use with the number of papers carrying it."""
        counts: Counter[str] = Counter()
        for annotation in self._by_id.values():
            counts.update(annotation.tags)
        return counts

    @property
    def views(self) -> list[SavedView]:
        """Saved searches, in the order they were first saved."""
        return list(self._views)

    def save_view(self, name: str, query: str) -> list[SavedView]:
        """Save (or replace) a named search; return the views."""
        return self._write_views(lambda views: _replace_view(views, name, query))

    def delete_view(self, name: str) -> list[SavedView]:
        """Forget a named search; return the views."""
        return self._write_views(lambda views: [v for v in views if v.name != name])

    def _write_views(self, edit: Callable[[list[SavedView]], list[SavedView]]) -> list[SavedView]:
        with self._locked():
            self._sync()
            data = self._storage.read() or new_database()
            views = edit(list(self._views))
            data[VIEWS_TABLE] = {
                str(number): {"name": view.name, "query": view.query}
                for number, view in enumerate(views, start=1)
            }
            self._storage.write(data)
            self._views = views
            return list(views)

    def changed_on_disk(self) -> bool:
        """Return True if another process wrote the file since this store last saw it."""
        return self._storage.changed_on_disk()

    def refresh(self) -> bool:
        """Re-read the file if another process changed it; return True if it did."""
        with self._mutex:
            if not self._storage.changed_on_disk():
                return False
            self._sync()
            return True

    def apply(self, change: Change) -> Annotation:
        """Apply one change and write it to disk before returning the new annotation.

        Raises DatabaseError if the lock cannot be had or the file cannot be written; the
        file on disk is then unchanged.
        """
        return self.apply_delta(change).after

    def apply_delta(self, change: Change) -> Applied:
        """Apply one change under the lock to the freshest file; return before and after.

        ``before`` is read from the file as it is under the lock, so ``Applied.inverse()``
        takes back exactly this change even when another instance wrote in between.
        """
        with self._locked():
            self._sync()
            doc_id = self._doc_ids.get(change.paper_id)
            old_id: str | None = None
            if doc_id is None and change.title_key:
                old_id = self._id_by_title_key.get(change.title_key)
                doc_id = self._doc_ids.get(old_id) if old_id else None
            before = self._by_id.get(old_id or change.paper_id) or Annotation(change.paper_id)
            stamp = now_iso()
            record: dict[str, Any] = {}
            conflict = False
            if doc_id is None:
                conflict = _apply_to_record(record, change, stamp)
                doc_id = max(self._doc_ids.values(), default=0) + 1
                self._table.insert(Document(record, doc_id=doc_id))
            else:

                def update(document: MutableMapping[Any, Any]) -> None:
                    nonlocal conflict
                    conflict = _apply_to_record(document, change, stamp)
                    record.update(document)

                self._table.update(update, doc_ids=[doc_id])
            after = self._remember(doc_id, record, old_id)
            return Applied(change, before, after, conflict)

    def _remember(
        self, doc_id: int, record: Mapping[str, Any], replaced_id: str | None
    ) -> Annotation:
        """Update the in-memory view with one record this instance just wrote."""
        annotation = _annotation_from_record(record)
        if replaced_id and replaced_id != annotation.paper_id:
            self._by_id.pop(replaced_id, None)
            self._doc_ids.pop(replaced_id, None)
        self._by_id[annotation.paper_id] = annotation
        self._doc_ids[annotation.paper_id] = doc_id
        if record.get("title_key"):
            self._id_by_title_key[str(record["title_key"])] = annotation.paper_id
        self._titles[annotation.paper_id] = _title_of(record)
        return annotation

    def stored_paper(self, paper_id: str) -> tuple[str, str]:
        """Return the title and title key saved with a paper's annotation ("" if none)."""
        return self._titles.get(paper_id, ("", ""))


@dataclass(frozen=True, slots=True)
class SavedView:
    """A named search query."""

    name: str
    query: str


def _replace_view(views: list[SavedView], name: str, query: str) -> list[SavedView]:
    for number, view in enumerate(views):
        if view.name == name:
            views[number] = SavedView(name, query)
            return views
    return [*views, SavedView(name, query)]


class _StoreLock:
    """Thread mutex plus the cross-process file lock, as one context manager."""

    def __init__(self, store: AnnotationStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        self.store._mutex.acquire()
        try:
            self._acquire_file_lock()
        except Timeout:
            self.store._mutex.release()
            raise DatabaseLocked(
                f"{self.store.path}: could not get the lock within "
                f"{self.store.lock_timeout:g} s (another reader is saving?); not saved"
            ) from None
        except OSError as error:
            self.store._mutex.release()
            raise DatabaseBusy(  # ENOSPC or EIO creating the lock file can pass
                f"{self.store.path}: cannot lock ({error.strerror or error}); not saved"
            ) from None

    def _acquire_file_lock(self) -> None:
        """Wait up to ``lock_timeout`` for the file lock, in short steps.

        ``give_up`` (set when the app closes) ends the wait at once.
        """
        deadline = time.monotonic() + self.store.lock_timeout
        while True:
            left = deadline - time.monotonic()
            try:
                self.store._file_lock.acquire(timeout=max(0.0, min(0.1, left)))
                return
            except Timeout:
                if left <= 0 or self.store.give_up.is_set():
                    raise

    def __exit__(self, *exc: object) -> None:
        self.store._file_lock.release()
        self.store._mutex.release()
