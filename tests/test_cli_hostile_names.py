"""The command line echoes hostile file names with their control characters made visible."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.sources import file_notes
from reader.core.text import shell_word, visible_controls

OSC52 = "\x1b]52;c;aGVsbG8=\x07"


def test_check_shows_a_file_names_escape_sequences_instead_of_sending_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = tmp_path / f"evil{OSC52}\x1b[31mname\u202e.bib"
    evil.write_text("@misc{a, title={One}}\n@misc{b, author={x}}\n")
    missing = tmp_path / "gone\x1b[2J.bib"
    assert main(["check", str(evil), str(missing)]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out and "\u202e" not in out
    shown = f"{tmp_path}/evil\\x1b]52;c;aGVsbG8=\\x07\\x1b[31mname\\u202e.bib"
    assert out.splitlines() == [
        f"{shown}:2: entry 'b' has no title",
        f"{shown}: 1 paper, 1 skipped",
        f"{tmp_path}/gone\\x1b[2J.bib: no such file",
    ]


def test_check_lists_why_each_record_was_skipped_when_none_was_usable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "daily.json"
    path.write_text(json.dumps([{"title": ""}, 3]))
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:1: no title",
        f"{path}:1: not an object but int",
        f"{path}: no papers found (read as hf-daily; 2 records skipped, line 1: no title)",
    ]


def test_visible_controls_keeps_text_tab_and_newline() -> None:
    assert visible_controls("plain ünïcode\tand\nlines") == "plain ünïcode\tand\nlines"
    assert visible_controls("a\x1b[2Jb\x9bc\x7f\r") == "a\\x1b[2Jb\\x9bc\\x7f\\r"


@pytest.mark.parametrize(
    "name",
    ["plain.txt", "with space.bib", "it's.txt", f"evil{OSC52}\x1b[31m\u202e\\.bib", "a\nb\t"],
)
def test_a_suggested_command_pastes_back_to_the_same_file_name(name: str) -> None:
    word = shell_word(name)
    assert visible_controls(word) == word  # nothing raw reaches the terminal
    echoed = subprocess.run(
        ["bash", "-c", f"printf %s {word}"], capture_output=True, text=True, check=True
    )
    assert echoed.stdout == name


def test_the_skipped_records_hint_names_the_file_as_a_shell_word(tmp_path: Path) -> None:
    path = tmp_path / f"my refs{OSC52}.bib"
    (note,) = file_notes(path, 3, [object()], None)  # type: ignore[list-item]
    assert note.endswith(f"(reader check {shell_word(str(path))} lists them)")
    assert "\x1b" not in note and "'" in note
