"""The annotations database's layout, its schema version, and migrations between versions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.core.storage import DatabaseError, Tables

SCHEMA_VERSION = 1
"""The version this code writes. Older files are migrated on open; newer ones refused."""
ANNOTATIONS_TABLE = "annotations"
META_TABLE = "_meta"
VIEWS_TABLE = "views"

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
        raise DatabaseError(
            f"{path}: written by a newer reader (schema {schema}, this version reads "
            f"up to {SCHEMA_VERSION}); upgrade reader to open it"
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
