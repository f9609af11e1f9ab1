"""Messages shorten paths: the home folder as ``~`` (never ``/`` itself), long paths cut at a
folder boundary, and every absolute path inside a toast's text (issue 14's survivors)."""

from __future__ import annotations

import pytest

from reader.core.paths import short_path, short_paths

LONG = "/srv/data/projects/reader/2024/ab.txt"  # 37 characters: one over a toast's 36


def test_a_home_of_root_is_not_written_as_a_tilde(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/")
    assert short_path("/etc/hosts") == "/etc/hosts"
    assert short_path("/") == "/"


def test_a_home_folder_becomes_a_tilde(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/ada")
    assert short_path("/home/ada/notes.json") == "~/notes.json"
    assert short_path("/home/adam/notes.json") == "/home/adam/notes.json"


def test_every_absolute_path_in_a_text_is_cut_at_36_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOME", "/home/ada")
    assert len(LONG) == 37
    assert short_paths(f"saved to {LONG}: done") == (
        "saved to …/data/projects/reader/2024/ab.txt: done"
    )
    assert short_paths(f"{LONG} and {LONG}") == (
        "…/data/projects/reader/2024/ab.txt and …/data/projects/reader/2024/ab.txt"
    )
    assert short_paths(f"at {LONG[:-1]}") == f"at {LONG[:-1]}"  # 36 fits
    assert short_paths(f"x {LONG}", width=37) == f"x {LONG}"


def test_relative_paths_and_addresses_are_left_as_they_are() -> None:
    text = "keep ./x/y, a/b and https://example.org/a/very/long/address/of/many/parts/x"
    assert short_paths(text) == text
