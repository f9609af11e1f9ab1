"""Remembered state (state.json) and how paths are shortened in messages (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core import paths
from reader.core.paths import short_path
from reader.core.state import load_state, not_shown_before, remember, state_path


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "reader"


def test_the_state_file_lives_in_the_data_folder(data_home: Path) -> None:
    assert state_path() == data_home / "state.json"
    assert load_state() == {}
    remember("theme", "reader-light")
    assert json.loads((data_home / "state.json").read_text()) == {"theme": "reader-light"}
    assert load_state() == {"theme": "reader-light"}


def test_remember_keeps_the_other_values_and_writes_readable_json(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    remember("theme", "dark", path)
    remember("split", 40, path)
    remember("theme", "light", path)
    assert load_state(path) == {"theme": "light", "split": 40}
    assert path.read_text() == '{\n  "theme": "light",\n  "split": 40\n}'


@pytest.mark.parametrize("content", [b"{broken", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_an_unreadable_state_is_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(content)
    assert load_state(path) == {}
    remember("theme", "dark", path)  # and is replaced by a good one
    assert load_state(path) == {"theme": "dark"}


def test_a_state_that_cannot_be_read_or_written_is_no_error(tmp_path: Path) -> None:
    folder = tmp_path / "state.json"
    folder.mkdir()
    assert load_state(folder) == {}
    blocker = tmp_path / "file"
    blocker.write_text("x")
    remember("theme", "dark", blocker / "state.json")  # its folder is a file: ignored
    assert blocker.read_text() == "x"


@pytest.mark.parametrize("content", [b"precious content\n", b"[1, 2]", b"{broken", b""])
def test_a_symlink_to_a_file_that_is_not_state_is_never_written_through(
    tmp_path: Path, content: bytes
) -> None:
    # A hostile tester linked state.json to another file: reader wrote its state over it.
    precious = tmp_path / "precious.txt"
    precious.write_bytes(content)
    state = tmp_path / "state.json"
    state.symlink_to(precious)
    remember("theme", "x", state)
    assert precious.read_bytes() == content and state.is_symlink()
    assert load_state(state) == {}
    precious.write_bytes(b'{"split": 40}')  # a state file: written through the link
    remember("theme", "x", state)
    assert json.loads(precious.read_text()) == {"split": 40, "theme": "x"}


def test_warnings_show_once_per_change(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    first = ["skipped 1 from a.bib", "skipped 2 from b.json"]
    assert not_shown_before(first, path) == first
    assert not_shown_before(first, path) == []
    assert not_shown_before(list(reversed(first)), path) == []
    changed = ["skipped 2 from b.json", "skipped 3 from c.txt"]
    assert not_shown_before(changed, path) == ["skipped 3 from c.txt"]
    assert load_state(path)["warnings_shown"] == changed
    assert not_shown_before([], path) == []
    assert not_shown_before(first, path) == first


def test_warnings_shown_are_stored_only_when_they_change(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"warnings_shown": ["w"], "other": 1}')  # as another version wrote it
    assert not_shown_before(["w"], path) == []
    assert path.read_text() == '{"warnings_shown": ["w"], "other": 1}'  # not rewritten
    assert not_shown_before(["v"], path) == ["v"]
    assert load_state(path) == {"warnings_shown": ["v"], "other": 1}


def test_a_damaged_warnings_list_shows_everything(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text('{"warnings_shown": "w"}')
    assert not_shown_before(["w"], path) == ["w"]
    assert not_shown_before(["w"], path) == []


@pytest.mark.parametrize("shown", ["[[]]", '[{"a": 1}, null, 5, "w"]'])
def test_a_warnings_list_of_other_things_is_no_error(tmp_path: Path, shown: str) -> None:
    # A hostile tester's hand-edited list of lists stopped every start (unhashable type).
    path = tmp_path / "state.json"
    path.write_text(f'{{"warnings_shown": {shown}}}')
    expected = [] if '"w"' in shown else ["w"]
    assert not_shown_before(["w"], path) == expected
    assert not_shown_before(["w"], path) == []


def test_a_state_or_config_file_that_is_a_fifo_never_blocks_the_start(tmp_path: Path) -> None:
    # A hostile tester made state.json and config.toml FIFOs: the start waited forever.
    import os

    from reader.core.config import Settings, load_settings

    state, config = tmp_path / "state.json", tmp_path / "config.toml"
    os.mkfifo(state)
    os.mkfifo(config)
    assert load_state(state) == {}
    remember("theme", "x", state)  # not written over: not a file reader made
    assert state.is_fifo()
    settings, problems = load_settings(config)
    assert settings == Settings()
    assert problems == [f"{config}: not a regular file; using defaults"]


# --- short paths in messages ------------------------------------------------------------


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: Path("/home/ada")))
    return "/home/ada"


def test_the_home_folder_becomes_a_tilde(home: str) -> None:
    assert short_path("/home/ada") == "~"
    assert short_path(Path("/home/ada/notes/db.json")) == "~/notes/db.json"
    assert short_path("/home/adam/db.json") == "/home/adam/db.json"
    assert short_path("/srv/home/ada/db.json") == "/srv/home/ada/db.json"


def test_a_root_home_is_not_shortened(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: Path("/")))
    assert short_path("/etc/reader/db.json") == "/etc/reader/db.json"
    assert short_path("/") == "/"


def test_long_paths_lose_whole_folders_from_the_start(home: str) -> None:
    exactly = "/srv/" + "x" * 55
    assert len(exactly) == 60 and short_path(exactly) == exactly
    assert short_path("/a/bb/ccc/dddd/name.txt", width=15) == "…/dddd/name.txt"
    assert short_path("/a/bb/ccc/dddd/name.txt", width=14) == "…/name.txt"
    assert short_path("/a/bb/ccc/dddd/name.txt", width=23) == "/a/bb/ccc/dddd/name.txt"
    assert short_path("/a/bb/ccc/dddd/name.txt", width=22) == "…/bb/ccc/dddd/name.txt"
    assert short_path("/home/ada/" + "f" * 30 + "/g/h.txt", width=12) == "…/g/h.txt"
    long_name = "/srv/" + "n" * 70
    assert short_path(long_name) == "…/" + "n" * 70  # a name is never cut
    spaced = "/srv/my folder/" + "a b " * 9 + "/end file.txt"
    assert short_path(spaced) == "…/" + "a b " * 9 + "/end file.txt"


def test_shipped_folders_are_found_or_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert paths.bundled_sample().is_file()
    assert paths.bundled_sample().name == "trending-papers.txt"
    monkeypatch.setattr(paths, "_PACKAGE_DIR", tmp_path / "pkg")
    with pytest.raises(FileNotFoundError) as raised:
        paths.shipped_dir("themes")
    assert str(raised.value) == "reader is missing its themes/ folder (broken install?)"
    (tmp_path / "themes").mkdir()
    assert paths.shipped_dir("themes") == tmp_path / "themes"
    (tmp_path / "pkg" / "themes").mkdir(parents=True)
    assert paths.shipped_dir("themes") == tmp_path / "pkg" / "themes"


def test_the_database_path_follows_the_environment(
    data_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("READER_DB", raising=False)
    assert paths.default_db_path() == data_home / "annotations.json"
    monkeypatch.setenv("READER_DB", "")
    assert paths.default_db_path() == data_home / "annotations.json"
    monkeypatch.setenv("READER_DB", "~/notes.json")
    assert paths.default_db_path() == Path.home() / "notes.json"
