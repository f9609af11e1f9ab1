"""Backups and health checks, state by state (issue 14, third pass)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from reader.core.recovery import DatabaseState, check_database, save_backup

NOW = datetime(2026, 11, 28, 10, 15, 0)


def _database(path: Path, *ids: str) -> bytes:
    records = {str(n): {"id": paper_id} for n, paper_id in enumerate(ids, start=1)}
    data = json.dumps({"_meta": {"1": {"schema": 1}}, "annotations": records}).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def test_a_replaced_backup_is_kept_as_a_dated_copy(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    backup = tmp_path / "annotations.json.bak"
    old = _database(backup, "a")
    new = _database(db, "a", "b")
    save_backup(db, now=NOW)
    assert backup.read_bytes() == new
    assert (tmp_path / "annotations.json.bak-20261128-101500").read_bytes() == old


def test_a_backup_as_big_as_the_database_is_replaced(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    backup = tmp_path / "annotations.json.bak"
    old = _database(backup, "a")
    new = _database(db, "b")
    save_backup(db, now=NOW)
    assert backup.read_bytes() == new
    assert (tmp_path / "annotations.json.bak-20261128-101500").read_bytes() == old


def test_a_missing_database_still_reports_its_backups(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    _database(tmp_path / "annotations.json.bak", "a", "b")
    dated = tmp_path / "annotations.json.bak-20261128-101500"
    _database(dated, "a")
    assert check_database(db) == DatabaseState(
        db, False, None, backup_annotations=2, dated=((dated, 1),)
    )


def test_a_broken_database_still_reports_its_backups(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    db.write_text("{not json")
    _database(tmp_path / "annotations.json.bak", "a")
    dated = tmp_path / "annotations.json.bak-20261128-101500"
    _database(dated, "a", "b", "c")
    state = check_database(db)
    assert state.exists and state.problem is not None
    assert state.problem.startswith(f"{db}: not valid JSON (")
    assert (state.backup_problem, state.backup_annotations, state.dated) == (
        None,
        1,
        ((dated, 3),),
    )


def test_a_healthy_database_and_backup_have_no_problem(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    _database(db, "a")
    _database(tmp_path / "annotations.json.bak", "a")
    assert check_database(db) == DatabaseState(db, True, None, 1, 1, None, 1)


def test_a_newer_database_is_named_in_its_problem(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    db.write_text(json.dumps({"_meta": {"1": {"schema": 9}}, "annotations": {}}))
    assert check_database(db).problem == (
        f"{db}: written by a newer reader (schema 9); upgrade reader "
        "(this version reads up to schema 1)"
    )
