"""AnnotationStore: tags, notes and reading status, saved at once and keyed by paper id."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.core.atomic import TEMP_SUFFIX, real_path, remove_stale_temp_files, temp_prefix
from reader.core.changes import (
    Change,
    annotation_from_record,
    apply_to_record,
)
from reader.core.models import Annotation
from reader.core.record import FrozenRecord
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

if TYPE_CHECKING:
    from filelock import FileLock
    from tinydb.table import Table

    from reader.core.applied import Applied


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
        self._annotations_table: Table | None = None  # TinyDB's, made at the first write
        # filelock loads at the first write (see _lock_file): a plain read needs no lock, as
        # every write replaces the file atomically, and the first paint never writes.
        self._file_lock: FileLock | None = None
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
        if store._nothing_to_write():  # the usual start: read, no lock (nor filelock) needed
            store._sync()
            return store
        from reader.core.recovery import save_backup  # backups: only when one is written

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

    def _nothing_to_write(self) -> bool:
        """Return True if opening under the lock would write nothing: no lock is needed.

        That is a current database whose backup holds the same bytes, with no temp files a
        killed writer left.  Writes replace the file atomically, so this read (without the
        lock) sees one whole database; anything else takes the locked path in ``open``.
        """
        path = self.path
        if any(path.parent.glob(f"{temp_prefix(path)}*{TEMP_SUFFIX}")):
            return False  # remove_stale_temp_files has work: under the lock
        data = self._storage.read()
        if data is None or schema_version(data, path) < SCHEMA_VERSION:
            return False  # to create or migrate
        backup = path.with_name(path.name + ".bak")
        try:  # save_backup would return at once (this very check) after its own read
            return backup.read_bytes() == path.read_bytes()
        except OSError:
            return False

    def _locked(self) -> _StoreLock:
        return _StoreLock(self)

    @property
    def _table(self) -> Table:
        """TinyDB's annotations table, made (and tinydb imported) at the first write.

        Reads never need it: they come from the storage, and the first paint only reads.
        """
        if self._annotations_table is None:
            from tinydb import TinyDB

            database = TinyDB(storage=lambda: self._storage)
            # cache_size is no mutate: TinyDB caches only search results and the store
            # never searches.
            self._annotations_table = database.table(  # pragma: no mutate
                ANNOTATIONS_TABLE, cache_size=0
            )
        return self._annotations_table

    def _lock_file(self) -> FileLock:
        """Return the cross-process file lock, made (and filelock imported) at first use."""
        if self._file_lock is None:
            from filelock import FileLock

            # No mutate: every acquire passes its own timeout (see _StoreLock), not this one.
            self._file_lock = FileLock(  # pragma: no mutate
                str(self.path) + ".lock", timeout=self.lock_timeout
            )
        return self._file_lock

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
            annotation = annotation_from_record(record)
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
                conflict = apply_to_record(record, change, stamp)
                doc_id = max(self._doc_ids.values(), default=0) + 1
                from tinydb.table import Document

                self._table.insert(Document(record, doc_id=doc_id))
            else:

                def update(document: MutableMapping[Any, Any]) -> None:
                    nonlocal conflict
                    conflict = apply_to_record(document, change, stamp)
                    record.update(document)

                self._table.update(update, doc_ids=[doc_id])
            after = self._remember(doc_id, record, old_id)
            from reader.core.applied import Applied  # built at the first write

            return Applied(change, before, after, conflict)

    def _remember(
        self, doc_id: int, record: Mapping[str, Any], replaced_id: str | None
    ) -> Annotation:
        """Update the in-memory view with one record this instance just wrote."""
        annotation = annotation_from_record(record)
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


class SavedView(FrozenRecord):
    """A named search query."""

    __slots__ = ("name", "query")
    name: str
    query: str

    def __init__(self, name: str, query: str) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "query", query)


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
        from filelock import Timeout

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
        from filelock import Timeout

        file_lock = self.store._lock_file()
        deadline = time.monotonic() + self.store.lock_timeout
        while True:
            left = deadline - time.monotonic()
            try:
                file_lock.acquire(timeout=max(0.0, min(0.1, left)))
                return
            except Timeout:
                if left <= 0 or self.store.give_up.is_set():
                    raise

    def __exit__(self, *exc: object) -> None:
        self.store._lock_file().release()
        self.store._mutex.release()
