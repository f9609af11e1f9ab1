"""Reading source files: one exact line per unusable file, line endings, warnings (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.sources import SourceError, TextLines, load_sources, parse_file


def _error(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        parse_file(path)
    return str(caught.value)


def test_unusable_files_are_one_exact_line(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    assert _error(missing) == f"{missing}: no such file"
    assert _error(tmp_path) == f"{tmp_path}: is a directory, not a file"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b" \n\t\n")
    assert _error(empty) == f"{empty}: file is empty"
    binary = tmp_path / "binary.dat"
    binary.write_bytes(b"PK\x00\x01")
    assert _error(binary) == f"{binary}: looks like a binary file (contains NUL bytes), not text"
    late = tmp_path / "late.txt"
    late.write_bytes(b"A title\n" * 10_000 + b"x\x00y\n")
    assert _error(late) == f"{late}: looks like a binary file (contains NUL bytes), not text"


def test_a_file_with_no_papers_says_how_it_was_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"title": ""}, 3]))
    assert (
        _error(bad)
        == f"{bad}: no papers found (read as hf-daily; 2 records skipped, line 1: no title)"
    )
    chrome = tmp_path / "chrome.txt"
    chrome.write_text("Trending Papers\nSubscribe\n")
    assert _error(chrome) == f"{chrome}: no papers found (read as trending)"


def test_line_endings_bom_and_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"\xef\xbb\xbffirst\r\nsecond\rthird\n\x1b[31mfourth\x07\n")
    assert list(TextLines(path)) == ["first", "second", "third", "fourth"]
    assert TextLines(path).head.startswith(b"\xef\xbb\xbf")
    later = tmp_path / "later.txt"
    later.write_bytes(b"a\n\xef\xbb\xbfb\n")
    assert list(TextLines(later)) == ["a", "\ufeffb"]


def test_load_sources_reports_skips_errors_and_warnings(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps([{"title": "One"}, {"title": ""}, {"title": "Two"}]))
    bad = tmp_path / "bad.txt"
    bad.write_text("")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"Caf\xe9 title\n")
    report = load_sources([good, bad, latin, good])
    assert [paper.title for paper in report.papers] == ["One", "Two", "Café title"]
    assert report.errors == [f"{bad}: file is empty"]
    skipped = f"loaded 2 papers, skipped 1 from {good} (reader check {good} lists them)"
    assert report.warnings == [
        skipped,
        f"{latin}: not UTF-8; read as cp1252 (detected)",
        skipped,
    ]
    assert report.papers[0].sources == (str(good),)
