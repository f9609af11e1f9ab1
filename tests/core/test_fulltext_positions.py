"""Reading positions kept across launches (issue 12, part 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core import fulltext_positions
from reader.core.fulltext_positions import ReadingPositions


def test_positions_round_trip_and_two_windows_keep_each_others(tmp_path: Path) -> None:
    first, second = ReadingPositions(tmp_path), ReadingPositions(tmp_path)
    assert first.get("2401.00001") == -1
    assert first.remember("2401.00001", 12)
    assert not first.remember("2401.00001", 12)  # unchanged: nothing to write
    first.save("2401.00001")
    assert second.get("2401.00001") == 12  # read on first use
    second.remember("2401.00002", 3)
    second.save("2401.00002")
    first.remember("2401.00001", 20)
    first.save("2401.00001")  # re-reads the file: the other window's position stays
    fresh = ReadingPositions(tmp_path)
    assert (fresh.get("2401.00001"), fresh.get("2401.00002")) == (20, 3)


def test_a_damaged_file_or_bad_entries_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / fulltext_positions.FILE_NAME
    path.write_text("{not json")
    assert ReadingPositions(tmp_path).get("x") == -1
    path.write_text(json.dumps({"positions": {"a": 4, "b": "7", "c": True, "d": -5}}))
    positions = ReadingPositions(tmp_path)
    assert [positions.get(key) for key in "abcd"] == [4, -1, -1, -1]


def test_only_the_most_recent_papers_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fulltext_positions, "LIMIT", 3)
    positions = ReadingPositions(tmp_path)
    for number in range(5):
        positions.remember(f"p{number}", number)
        positions.save(f"p{number}")
    stored = json.loads((tmp_path / fulltext_positions.FILE_NAME).read_text())["positions"]
    assert stored == {"p2": 2, "p3": 3, "p4": 4}
