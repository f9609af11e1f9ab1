"""Database files: storage, schema, backups, check and restore, atomic writes (issue 14).

The messages here are shown to a user whose database will not open, so whole lines are
the contract.
"""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from reader.core.annotations import AnnotationStore
from reader.core.atomic import atomic_write_bytes, remove_stale_temp_files, temp_prefix
from reader.core.changes import Change
from reader.core.recovery import (
    DatabaseState,
    backup_path,
    check_database,
    recovery_hint,
    restore_backup,
    save_backup,
)
from reader.core.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    migrate,
    new_database,
    schema_version,
    validate,
)
from reader.core.storage import AtomicJSONStorage, DatabaseError, Tables, check_shape

P = Path("/x/db.json")


def _error(call: object, *args: object) -> str:
    with pytest.raises(DatabaseError) as caught:
        call(*args)  # type: ignore[operator]
    return str(caught.value)


def test_check_shape_messages() -> None:
    assert _error(check_shape, [], P) == f"{P}: not an annotations database (top level is a list)"
    assert _error(check_shape, {"t": 1}, P) == f"{P}: not an annotations database (table 't')"
    damaged = check_shape({"t": {"1": 2, "x": {}, "3": {}}}, P)
    assert damaged["t"] == {"3": {}}
    assert [(e["id"], e["reason"]) for e in damaged["_damaged"].values()] == [
        ("1", "record is a int, not an object"),
        ("x", "record id is not a number"),
    ]
    good = {"t": {"1": {}, "22": {"a": 1}}, "empty": {}}
    assert check_shape(good, P) is good


def test_schema_messages() -> None:
    message = f"{P}: not a reader annotations database (no schema version)"
    for meta in (
        {},
        {"1": "x"},
        {"1": {"schema": "1"}},
        {"1": {"schema": True}},
        {"1": {"schema": -1}},
    ):
        assert _error(schema_version, {"_meta": meta}, P) == message
    assert _error(schema_version, {}, P) == message
    assert schema_version({"_meta": {"1": {"schema": 0}}}, P) == 0
    newer = {"_meta": {"1": {"schema": SCHEMA_VERSION + 1}}}
    assert _error(validate, newer, P) == (
        f"{P}: written by a newer reader (schema {SCHEMA_VERSION + 1}); upgrade reader "
        f"(this version reads up to schema {SCHEMA_VERSION})"
    )
    no_id = {"_meta": {"1": {"schema": 1}}, "annotations": {"1": {"id": "a"}, "7": {"id": ""}}}
    assert _error(validate, no_id, P) == f"{P}: annotation record 7 has no paper id"
    assert validate({"_meta": {"1": {"schema": 1}}, "annotations": {"1": {"id": "a"}}}, P) == 1


def test_new_database_layout() -> None:
    data = new_database()
    assert set(data) == {"_meta", "annotations"} and data["annotations"] == {}
    meta = data["_meta"]["1"]
    assert meta["schema"] == SCHEMA_VERSION and meta["app"] == "reader"
    assert datetime.fromisoformat(meta["created"]).utcoffset() is not None


def test_migrate_runs_each_step_and_records_it(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setitem(MIGRATIONS, 0, lambda data: calls.append(0))
    data: Tables = {"_meta": {"1": {"schema": 0}}, "annotations": {}}
    assert migrate(data, P) == 0 and calls == [0]
    meta = data["_meta"]["1"]
    assert meta["schema"] == SCHEMA_VERSION
    assert meta["migrated"].startswith(f"0 -> {SCHEMA_VERSION} at ")
    current = {"_meta": {"1": {"schema": SCHEMA_VERSION}}}
    assert migrate(current, P) == SCHEMA_VERSION and "migrated" not in current["_meta"]["1"]
    monkeypatch.delitem(MIGRATIONS, 0)
    assert _error(migrate, {"_meta": {"1": {"schema": 0}}}, P) == (
        f"{P}: no migration from schema 0; cannot open"
    )


def test_storage_reads_only_when_the_file_changed(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    assert storage.read() is None and storage.generation == 0
    assert storage.changed_on_disk() is False
    path.write_text('{"t": {"1": {"a": 1}}}')
    assert storage.changed_on_disk() is True
    first = storage.read()
    assert first == {"t": {"1": {"a": 1}}} and storage.generation == 1
    assert storage.read() is first and storage.generation == 1
    assert storage.changed_on_disk() is False
    meta = new_database()["_meta"]
    storage.write({"_meta": meta, "t": {"1": {"a": 2}}})
    assert storage.generation == 1 and not storage.changed_on_disk()
    assert json.loads(path.read_text()) == {"_meta": meta, "t": {"1": {"a": 2}}}
    other = AtomicJSONStorage(path)
    other.write({"_meta": meta, "t": {"1": {"a": 3}, "2": {"b": 1}}})
    assert storage.changed_on_disk()
    expected = {"_meta": meta, "t": {"1": {"a": 3}, "2": {"b": 1}}}
    assert storage.read() == expected and storage.generation == 2
    path.unlink()  # deleted while in use: what was last read is still served
    assert storage.read() == expected
    assert AtomicJSONStorage(path).read() is None
    storage.close()


def test_a_write_without_the_header_gets_it_back(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    AtomicJSONStorage(path).write({"annotations": {}})
    written = json.loads(path.read_text())
    assert written["_meta"]["1"]["schema"] == SCHEMA_VERSION and written["annotations"] == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"  \n", "database file is empty (truncated?)"),
        (b"[]", "not an annotations database (top level is a list)"),
    ],
)
def test_storage_read_messages(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(content)
    assert _error(AtomicJSONStorage(path).read) == f"{path}: {message}"


def test_storage_bad_json_and_unwritable_values(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"{nope")
    assert _error(AtomicJSONStorage(path).read).startswith(f"{path}: not valid JSON (")
    storage = AtomicJSONStorage(path)
    message = _error(storage.write, {"t": {"1": {"bad": {1, 2}}}})
    assert message.startswith(f"{path}: could not save (") and path.read_bytes() == b"{nope"
    directory = tmp_path / "is-a-dir"
    directory.mkdir()
    assert _error(AtomicJSONStorage(directory).read) == (
        f"{directory}: not a regular file; not an annotations database"
    )


def test_a_failed_write_forgets_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    storage.write({"_meta": {"1": {"schema": 1}}, "t": {"1": {"a": 1}}})

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    assert _error(storage.write, {"t": {}}) == f"{path}: could not save (No space left on device)"
    monkeypatch.undo()
    assert storage.changed_on_disk()  # nothing cached: the next read goes to the file
    assert storage.read() == {"_meta": {"1": {"schema": 1}}, "t": {"1": {"a": 1}}}

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        storage.write({"t": {}})
    monkeypatch.undo()
    assert storage.changed_on_disk()


def test_atomic_write_keeps_mode_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "file.json"
    atomic_write_bytes(path, b"one")
    assert path.read_bytes() == b"one"
    path.chmod(0o600)
    atomic_write_bytes(path, b"two")
    assert path.read_bytes() == b"two" and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["file.json"]
    assert temp_prefix(path) == ".file.json."


def test_atomic_write_failure_removes_the_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"old")

    def boom(*_: object) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write_bytes(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["f"]


def test_stale_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    assert remove_stale_temp_files(tmp_path / "missing" / "db.json") == 0
    for name in (".db.json.a.tmp", ".db.json.b.tmp", ".other.json.c.tmp", ".db.json.d.txt"):
        (tmp_path / name).write_text("x")
    assert remove_stale_temp_files(path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [".db.json.d.txt", ".other.json.c.tmp"]


def test_save_backup_only_rewrites_when_different(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    save_backup(path)  # no database: nothing, no error
    assert not backup_path(path).exists()
    path.write_text("one")
    save_backup(path)
    assert backup_path(path) == tmp_path / "db.json.bak"
    assert backup_path(path).read_text() == "one"
    before = backup_path(path).stat().st_mtime_ns
    save_backup(path)
    assert backup_path(path).stat().st_mtime_ns == before
    path.write_text("two")
    save_backup(path, ".schema0.bak")
    assert (tmp_path / "db.json.schema0.bak").read_text() == "two"
    assert backup_path(path).read_text() == "one"


def _database(path: Path, count: int) -> None:
    store = AnnotationStore.open(path)
    for number in range(count):
        store.apply(Change(f"p{number}", note="n"))


def test_check_reports_every_case(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    bak = backup_path(path)
    missing = check_database(path)
    assert missing == DatabaseState(path, False, None, backup_problem="no backup yet")
    assert missing.ok and missing.report() == [
        f"{path}: no database yet (it is created on first start)",
        f"{bak}: no backup yet",
    ]
    _database(path, 2)
    good = check_database(path)
    assert good.ok and good.annotations == 2 and good.schema == 1
    assert good.report() == [
        f"{path}: OK, 2 annotated papers, schema 1",
        f"{bak}: OK, 0 annotated papers",
    ]
    path.write_text("[]")
    broken = check_database(path)
    assert not broken.ok and broken.exists
    assert broken.report() == [
        f"{path}: not an annotations database (top level is a list)",
        f"{bak}: OK, 0 annotated papers",
        "Run 'reader db restore' to put the backup in place.",
    ]
    bak.write_text("")
    both = check_database(path)
    assert both.backup_annotations is None
    assert both.report() == [
        f"{path}: not an annotations database (top level is a list)",
        f"{bak}: database file is empty (truncated?)",
        "No usable backup: move the file aside to start a new database.",
    ]
    bak.unlink()
    assert check_database(path).report()[1:] == [
        f"{bak}: no backup yet",
        "No usable backup: move the file aside to start a new database.",
    ]


def test_recovery_hint_and_restore(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    assert recovery_hint(path) == "move the file aside to start a new database"
    assert _error(restore_backup, path) == f"{backup_path(path)}: no backup to restore"
    _database(path, 1)
    AnnotationStore.open(path)  # refreshes the backup: it now holds p0
    assert recovery_hint(path) == (
        "run 'reader db check' to see why, 'reader db restore' to restore the backup"
    )
    good = path.read_bytes()
    path.write_text("garbage")
    moved = restore_backup(path, datetime(2026, 11, 28, 10, 15, 0))
    assert moved == tmp_path / "db.json.broken-20261128-101500"
    assert moved.read_text() == "garbage" and path.read_bytes() == good
    path.unlink()
    assert restore_backup(path) is None and path.read_bytes() == good
    backup_path(path).write_text("[]")
    assert _error(restore_backup, path).startswith(f"{backup_path(path)}: not an annotations")
    assert path.read_bytes() == good


def test_report_lists_dated_backups_damaged_records_and_newer_files(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    bak = backup_path(path)
    dated_good = tmp_path / "db.json.bak-20240101-000000"
    dated_bad = tmp_path / "db.json.bak-20240102-000000"
    state = DatabaseState(
        path,
        True,
        None,
        3,
        1,
        "no backup yet",
        None,
        ("annotations record 7: no paper id",),
        ((dated_good, 2), (dated_bad, None)),
    )
    assert state.report() == [
        f"{path}: OK, 3 annotated papers, schema 1",
        f"{bak}: no backup yet",
        f"{dated_good}: dated backup, 2 annotated papers",
        f"{dated_bad}: dated backup, unusable",
        f"{path}: annotations record 7: no paper id (skipped; kept in the file)",
    ]
    newer = DatabaseState(path, True, f"{path}: written by a newer reader (schema 9); upgrade")
    assert newer.report() == [f"{path}: written by a newer reader (schema 9); upgrade"]


def test_check_counts_dated_backups_and_damaged_records(tmp_path: Path) -> None:
    from reader.core.recovery import dated_backups, describe_open_error, unique_sibling
    from reader.core.storage import NewerDatabase

    path = tmp_path / "db.json"
    _database(path, 1)
    dated = tmp_path / "db.json.bak-20240101-000000"
    dated.write_bytes(path.read_bytes())
    (tmp_path / "db.json.bak-20240101-000001.tmp").write_text("x")
    (tmp_path / "db.json.bak-folder").mkdir()
    assert dated_backups(path) == [dated]
    data = json.loads(path.read_text())
    data["annotations"]["9"] = {"id": ""}
    path.write_text(json.dumps(data))
    state = check_database(path)
    assert state.dated == ((dated, 1),) and state.annotations == 1
    assert state.damaged == ("annotations record 9: no paper id",)
    when = datetime(2026, 1, 2, 3, 4, 5)
    first = unique_sibling(path, "broken", when)
    assert first == tmp_path / "db.json.broken-20260102-030405"
    first.write_text("taken")
    assert unique_sibling(path, "broken", when) == tmp_path / "db.json.broken-20260102-030405-2"
    assert describe_open_error(NewerDatabase("x: newer"), path) == "x: newer"
    assert describe_open_error(DatabaseError("x: bad"), path) == (
        "x: bad; run 'reader db check' to see why, 'reader db restore' to restore the backup"
    )
