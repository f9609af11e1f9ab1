"""The annotations database's layout, its schema version, and migrations between versions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.core.storage import DatabaseError, NewerDatabase, Tables

SCHEMA_VERSION = 1
"""The version this code writes. Older files are migrated on open; newer ones refused."""
ANNOTATIONS_TABLE = "annotations"
META_TABLE = "_meta"
VIEWS_TABLE = "views"
DAMAGED_TABLE = "_damaged"
"""Records that cannot be used, set aside on load (kept in the file, skipped by the app)."""

Migration = Callable[[Tables], None]
MIGRATIONS: dict[int, Migration] = {}
"""``MIGRATIONS[n]`` turns a version-n database into version n + 1, in place."""


def now_iso() -> str:
    """Return the current UTC time as an ISO 8601 string with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def meta_record(data: Tables) -> dict[str, Any] | None:
    """Return the database's metadata record, if it has one."""
    meta = data.get(META_TABLE) or {}
    record = next(iter(meta.values()), None)
    return record if isinstance(record, dict) else None


def new_database() -> Tables:
    """Return the contents of a new, empty database."""
    meta = {"schema": SCHEMA_VERSION, "app": "reader", "created": now_iso()}
    return {META_TABLE: {"1": meta}, ANNOTATIONS_TABLE: {}}


def schema_version(data: Tables, path: Path) -> int:
    """Return the schema version of ``data``; raise if it is not a reader database."""
    record = meta_record(data)
    schema = record.get("schema") if record else None
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 0:
        raise DatabaseError(f"{path}: not a reader annotations database (no schema version)")
    return schema


def validate(data: Tables, path: Path) -> int:
    """Check that ``data`` is a database this version can use; return its schema version."""
    schema = schema_version(data, path)
    if schema > SCHEMA_VERSION:
        raise NewerDatabase(
            f"{path}: written by a newer reader (schema {schema}); upgrade reader "
            f"(this version reads up to schema {SCHEMA_VERSION})"
        )
    for doc_id, doc in (data.get(ANNOTATIONS_TABLE) or {}).items():
        if not isinstance(doc.get("id"), str) or not doc["id"]:
            raise DatabaseError(f"{path}: annotation record {doc_id} has no paper id")
    return schema


def migrate(data: Tables, path: Path) -> int:
    """Bring ``data`` up to SCHEMA_VERSION in place; return the version it had."""
    original = schema = validate(data, path)
    while schema < SCHEMA_VERSION:
        step = MIGRATIONS.get(schema)
        if step is None:
            raise DatabaseError(f"{path}: no migration from schema {schema}; cannot open")
        step(data)
        schema += 1
    if original != SCHEMA_VERSION:
        record = meta_record(data)
        assert record is not None
        record["schema"] = SCHEMA_VERSION
        record["migrated"] = f"{original} -> {SCHEMA_VERSION} at {now_iso()}"
    return original


def _annotation_problem(doc: dict[str, Any]) -> str | None:
    """Return why an annotation record cannot be used, or None if it can."""
    if not isinstance(doc.get("id"), str) or not doc["id"]:
        return "no paper id"
    for name in ("title", "title_key", "status", "note", "created", "updated"):
        value = doc.get(name)
        if value is not None and not isinstance(value, str):
            return f"{name} is a {type(value).__name__}, not text"
    tags = doc.get("tags")
    if tags is not None and not isinstance(tags, list):
        return f"tags is a {type(tags).__name__}, not a list"
    if tags and not all(isinstance(tag, str) for tag in tags):
        return "tags holds something that is not text"
    return None


def set_aside_damaged(data: Tables) -> None:
    """Move records the app cannot use into DAMAGED_TABLE, each with the reason, in place.

    A record with a non-numeric id, a record that is not an object, or an annotation with
    fields of the wrong type would crash the app or TinyDB; it is kept in the file, not
    deleted, and ``reader db check`` reports it.
    """
    damaged = data.get(DAMAGED_TABLE)
    if not isinstance(damaged, dict):
        damaged = {}
    moved: list[dict[str, Any]] = []
    for table_name, table in data.items():
        if table_name == DAMAGED_TABLE:
            continue
        for doc_id in list(table):
            doc = table[doc_id]
            if not isinstance(doc, dict):
                reason: str | None = f"record is a {type(doc).__name__}, not an object"
            elif not str(doc_id).isdigit():
                reason = "record id is not a number"
            elif table_name == ANNOTATIONS_TABLE:
                reason = _annotation_problem(doc)
            elif table_name == VIEWS_TABLE and not (
                isinstance(doc.get("name"), str) and isinstance(doc.get("query"), str)
            ):
                reason = "a view needs a name and a query"
            else:
                reason = None
            if reason is not None:
                del table[doc_id]
                moved.append(
                    {"table": table_name, "id": str(doc_id), "reason": reason, "record": doc}
                )
    if moved:
        numbers = [int(key) for key in damaged if str(key).isdigit()]
        start = max(numbers, default=0) + 1
        for offset, entry in enumerate(moved):
            damaged[str(start + offset)] = entry
        data[DAMAGED_TABLE] = damaged


def damaged_records(data: Tables) -> list[str]:
    """Return one line per record set aside as damaged: ``table record ID: reason``."""
    lines = []
    for entry in (data.get(DAMAGED_TABLE) or {}).values():
        if isinstance(entry, dict):
            lines.append(f"{entry.get('table')} record {entry.get('id')}: {entry.get('reason')}")
    return lines
