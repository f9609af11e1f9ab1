"""Config, remembered state and undo history: exact values and whole messages (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.changes import Applied, Change
from reader.core.config import Settings, config_dir, config_path, load_settings
from reader.core.history import Edit, Step, UndoHistory
from reader.core.models import Annotation, Paper, SortMode, Status
from reader.core.state import load_state, remember


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = _config(
        tmp_path,
        'db = "~/papers/a.json"\ntheme = "reader-light"\ndefault_sort = "date"\n'
        'open_marks_reading = true\nstatus_cycle = ["read", "unread"]\n'
        '[keys]\n"app.tags" = "T"\n"list.down" = "j,down"\n',
    )
    settings, problems = load_settings(path)
    assert problems == []
    assert settings == Settings(
        db=Path("~/papers/a.json").expanduser(),
        theme="reader-light",
        default_sort=SortMode.DATE,
        open_marks_reading=True,
        status_cycle=(Status.READ, Status.UNREAD),
        keys={"app.tags": "T", "list.down": "j,down"},
    )


def test_defaults() -> None:
    settings = Settings()
    assert settings.db is None and settings.theme is None
    assert settings.default_sort is SortMode.RELEVANCE and settings.open_marks_reading is False
    assert settings.status_cycle == (Status.UNREAD, Status.READING, Status.READ)
    assert settings.keys == {}


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            'default_sort = "newest"',
            "default_sort must be one of relevance, date, title, status, upvotes, not 'newest'",
        ),
        ("open_marks_reading = 1", "open_marks_reading must be true or false"),
        ('theme = ""', "theme must be a non-empty string"),
        ("theme = 3", "theme must be a non-empty string"),
        ("db = false", "db must be a non-empty string"),
        ("status_cycle = []", 'status_cycle must be a list such as ["unread", "reading", "read"]'),
        (
            'status_cycle = "read"',
            'status_cycle must be a list such as ["unread", "reading", "read"]',
        ),
        ('status_cycle = ["read", "read"]', "status_cycle lists a status twice"),
        (
            'status_cycle = ["done"]',
            "status_cycle must be one of unread, reading, read, not 'done'",
        ),
        ('keys = "j"', 'keys must be a table of binding id = "keys"'),
        ('[keys]\n"list.down" = " "', 'keys list.down must be a string of keys such as "j,down"'),
        ('[keys]\n"list.down" = 1', 'keys list.down must be a string of keys such as "j,down"'),
    ],
)
def test_each_bad_value_is_one_whole_line_and_keeps_the_default(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = _config(tmp_path, line + "\n")
    settings, problems = load_settings(path)
    assert problems == [f"{path}: {problem}; using the default"]
    assert settings.default_sort is SortMode.RELEVANCE and settings.keys == {}


def test_an_unknown_key_is_ignored_and_the_rest_applies(tmp_path: Path) -> None:
    path = _config(tmp_path, 'colour = "red"\ndefault_sort = "title"\n')
    settings, problems = load_settings(path)
    assert problems == [
        f"{path}: unknown setting 'colour' (known: db, theme, default_sort, "
        "open_marks_reading, status_cycle, export_dir, keys, resolve); ignored"
    ]
    assert settings.default_sort is SortMode.TITLE


def test_unreadable_and_invalid_files_fall_back_to_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "missing.toml") == (Settings(), [])
    broken = _config(tmp_path, "theme = \n")
    settings, problems = load_settings(broken)
    assert settings == Settings() and len(problems) == 1
    assert problems[0].startswith(f"{broken}: not valid TOML (")
    assert problems[0].endswith("); using defaults")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe theme")
    settings, problems = load_settings(binary)
    assert settings == Settings() and problems[0].startswith(f"{binary}: cannot read (")
    assert problems[0].endswith("); using defaults")


def test_config_path_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "conf" / "mine.toml"))
    assert config_path() == tmp_path / "conf" / "mine.toml"
    assert config_dir() == tmp_path / "conf"
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "mine.toml").write_text('default_sort = "upvotes"\n')
    assert load_settings()[0].default_sort is SortMode.UPVOTES
    monkeypatch.delenv("READER_CONFIG")
    assert config_path() == config_dir() / "config.toml"
    assert config_dir() == tmp_path / "xdg-config" / "reader"


def test_state_is_remembered_and_broken_state_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state.json"
    assert load_state(path) == {}
    remember("theme", "dark", path)
    remember("count", 2, path)
    assert load_state(path) == {"theme": "dark", "count": 2}
    path.write_text("[1, 2]")
    assert load_state(path) == {}
    path.write_text("{broken")
    assert load_state(path) == {}
    remember("theme", "light", path)
    assert load_state(path) == {"theme": "light"}


def test_state_defaults_to_the_user_data_folder(tmp_path: Path) -> None:
    remember("theme", "x")
    assert load_state() == {"theme": "x"}
    assert (tmp_path / "xdg-data" / "reader" / "state.json").exists()


def test_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.core.paths import bundled_sample, default_db_path, shipped_dir, user_data_dir

    assert user_data_dir() == tmp_path / "xdg-data" / "reader"
    assert default_db_path() == tmp_path / "env-db" / "annotations.json"
    monkeypatch.delenv("READER_DB")
    assert default_db_path() == tmp_path / "xdg-data" / "reader" / "annotations.json"
    monkeypatch.setenv("READER_DB", "~/x.json")
    assert default_db_path() == Path.home() / "x.json"
    assert bundled_sample().name == "trending-papers.txt" and bundled_sample().is_file()
    assert (shipped_dir("themes")).is_dir()
    with pytest.raises(FileNotFoundError) as caught:
        shipped_dir("nothing-here")
    assert str(caught.value) == "reader is missing its nothing-here/ folder (broken install?)"


def test_remember_ignores_an_unwritable_place(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    remember("theme", "x", blocker / "state.json")  # parent is a file: silently skipped
    assert load_state(blocker / "state.json") == {}


def _step(label: str, *titles: str) -> Step:
    edits = tuple(
        Edit(
            Paper(id=t, title=t),
            Applied(Change(t, status=Status.READ), Annotation(t), Annotation(t, Status.READ)),
        )
        for t in titles
    )
    return Step(label, edits)


def test_step_descriptions() -> None:
    assert _step("tags", "Short").describe() == 'tags on "Short"'
    exact = "x" * 50
    assert _step("note", exact).describe() == f'note on "{exact}"'
    long = "y" * 51
    assert _step("note", long).describe() == f'note on "{"y" * 49}…"'
    assert _step("status", "a", "b", "c").describe() == "status on 3 papers"


def test_undo_and_redo_stacks() -> None:
    history = UndoHistory()
    assert history.take_undo() is None and history.take_redo() is None
    one, two = _step("a", "p"), _step("b", "q")
    history.record(one)
    history.record(two)
    assert history.take_undo() is two
    history.undone(two)
    assert history.take_redo() is two
    history.redone(two)
    assert history.take_undo() is two
    history.undone(two)
    history.record(_step("c", "r"))  # a new change clears redo
    assert history.take_redo() is None
    assert history.take_undo().label == "c"  # type: ignore[union-attr]
    assert history.take_undo() is one
    assert history.take_undo() is None


def test_history_keeps_only_the_newest_steps() -> None:
    history = UndoHistory(limit=2)
    steps = [_step(str(n), "p") for n in range(3)]
    for step in steps:
        history.record(step)
    assert [history.take_undo(), history.take_undo(), history.take_undo()] == [
        steps[2],
        steps[1],
        None,
    ]
    for step in steps:
        history.undone(step)
    assert history.take_redo() is steps[2] and history.take_redo() is steps[1]
    assert history.take_redo() is None
    assert UndoHistory().limit == 1000
