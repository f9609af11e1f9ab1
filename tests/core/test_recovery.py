"""Backups, `reader db check` / `reader db restore`, and schema migration."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core import schema
from reader.core.annotations import AnnotationStore
from reader.core.changes import Change
from reader.core.recovery import backup_path, check_database, restore_backup
from reader.core.storage import DatabaseError, Tables


def reader_db(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "db", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_clean_open_keeps_a_backup_of_the_last_good_file(db_path: Path) -> None:
    store = AnnotationStore.open(db_path)
    store.apply(Change("p", note="first"))
    AnnotationStore.open(db_path)
    assert backup_path(db_path).read_bytes() == db_path.read_bytes()


def test_check_reports_good_and_broken(db_path: Path) -> None:
    AnnotationStore.open(db_path).apply(Change("p", note="x"))
    AnnotationStore.open(db_path)
    ok = reader_db("check", "--db", str(db_path))
    assert ok.returncode == 0 and "OK, 1 annotated paper, schema 1" in ok.stdout
    db_path.write_bytes(b"[]")
    broken = reader_db("check", "--db", str(db_path))
    assert broken.returncode == 1
    assert "not an annotations database (top level is a list)" in broken.stdout
    assert "reader db restore" in broken.stdout
    assert db_path.read_bytes() == b"[]"


def test_restore_asks_then_puts_the_backup_back(db_path: Path) -> None:
    AnnotationStore.open(db_path).apply(Change("p", note="keep me"))
    AnnotationStore.open(db_path)  # backup now holds the note
    db_path.write_bytes(b'{"_meta": {"1": {"sch')  # truncated
    declined = reader_db("restore", "--db", str(db_path), stdin="n\n")
    assert declined.returncode == 1 and db_path.read_bytes() == b'{"_meta": {"1": {"sch'
    accepted = reader_db("restore", "--db", str(db_path), stdin="y\n")
    assert accepted.returncode == 0, accepted.stderr
    assert AnnotationStore.open(db_path).get("p").note == "keep me"
    moved = [p for p in db_path.parent.iterdir() if ".broken-" in p.name]
    assert len(moved) == 1 and moved[0].read_bytes() == b'{"_meta": {"1": {"sch'


def test_restore_refuses_a_broken_backup(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"garbage")
    backup_path(db_path).write_bytes(b"also garbage")
    with pytest.raises(DatabaseError):
        restore_backup(db_path)
    assert db_path.read_bytes() == b"garbage"
    assert not check_database(db_path).ok


def test_opening_a_broken_database_names_the_way_out(db_path: Path) -> None:
    from reader.core.library import LibraryError, open_library

    AnnotationStore.open(db_path)
    db_path.write_bytes(b"{}")
    with pytest.raises(LibraryError) as caught:
        open_library([], db_path)
    assert "reader db restore" in str(caught.value) and str(db_path) in str(caught.value)


def test_older_schema_is_migrated_and_kept(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path.parent.mkdir(parents=True)
    old = {
        "_meta": {"1": {"schema": 1}},
        "annotations": {"1": {"id": "p", "tags": ["a"], "note": "n", "status": "read"}},
    }
    db_path.write_text(json.dumps(old))

    def add_flag(data: Tables) -> None:
        for record in data["annotations"].values():
            record["migrated_flag"] = True

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setattr("reader.core.annotations.SCHEMA_VERSION", 2)
    monkeypatch.setattr(schema, "MIGRATIONS", {1: add_flag})
    store = AnnotationStore.open(db_path)
    assert store.get("p").tags == ("a",)
    data = json.loads(db_path.read_text())
    assert data["_meta"]["1"]["schema"] == 2
    assert data["annotations"]["1"]["migrated_flag"] is True
    kept = db_path.with_name(db_path.name + ".schema1.bak")
    assert json.loads(kept.read_text()) == old


def test_a_symlink_loop_as_the_database_is_one_line_everywhere(tmp_path: Path) -> None:
    # A hostile tester's --db l1 (l1 -> l2 -> l1) gave a traceback, and db check said
    # "no database yet".
    from reader.core.storage import DatabaseError

    (tmp_path / "l1").symlink_to(tmp_path / "l2")
    (tmp_path / "l2").symlink_to(tmp_path / "l1")
    with pytest.raises(DatabaseError) as raised:
        AnnotationStore.open(tmp_path / "l1")
    assert "cannot use (Too many levels of symbolic links)" in str(raised.value)
    state = check_database(tmp_path / "l1")
    assert state.exists and not state.ok
    assert state.report()[0].endswith("cannot use (Too many levels of symbolic links)")
    assert (tmp_path / "l1").is_symlink() and (tmp_path / "l2").is_symlink()  # untouched


def test_a_rescued_copy_never_shrinks_the_backup(tmp_path: Path) -> None:
    from reader.core.recovery import dated_backups, rescue

    db = tmp_path / "annotations.json"
    store = AnnotationStore.open(db)
    for n in range(3):
        store.apply(Change(f"p{n}", add_tags=("t",)))
    AnnotationStore.open(db)  # the backup now holds three annotated papers
    one = json.loads(db.read_text())
    one["annotations"] = dict(list(one["annotations"].items())[:1])
    assert rescue(db, one).startswith("annotations.json.bak-")  # fewer: a dated copy
    assert len(json.loads(backup_path(db).read_text())["annotations"]) == 3
    assert len(json.loads(dated_backups(db)[-1].read_text())["annotations"]) == 1
    four = json.loads(db.read_text())
    key, first = next(iter(four["annotations"].items()))
    four["annotations"][key + "9"] = {**first, "paper_id": "p9"}
    assert rescue(db, four) == "annotations.json.bak"  # more: the backup, the old one dated
    assert len(json.loads(backup_path(db).read_text())["annotations"]) == 4
    assert len(json.loads(dated_backups(db)[-1].read_text())["annotations"]) == 3
