"""Config and keymaps, user themes, bulk actions, export from the app, palette, stats."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from reader.cli import main, make_app
from reader.core.config import load_settings
from reader.core.models import SortMode, Status
from reader.ui.screens.dialogs import TagsDialog
from reader.ui.screens.export_dialog import ExportDialog
from reader.ui.screens.help import HelpScreen, TextScreen
from tests.ui.conftest import AppPilot
from tests.ui.helpers import notifications, screen_segments, screen_text, settle, stored

SIZE = (100, 30)


def write_config(text: str) -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "reader" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_config_path_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config-path"]) == 0
    assert capsys.readouterr().out.strip().endswith("reader/config.toml")


def test_settings_load_and_bad_keys_are_named() -> None:
    path = write_config(
        'theme = "reader-light"\ndefault_sort = "date"\nopen_marks_reading = "yes"\n'
        'status_cycle = ["unread", "read"]\ncolour = "red"\n[keys]\n"app.tags" = "T"\n'
    )
    settings, problems = load_settings(path)
    assert settings.theme == "reader-light" and settings.default_sort is SortMode.DATE
    assert settings.status_cycle == (Status.UNREAD, Status.READ)
    assert settings.open_marks_reading is False  # invalid value: default kept
    assert settings.keys == {"app.tags": "T"}
    assert len(problems) == 2
    _, sort_problem = load_settings(write_config('default_sort = "dates"\n'))
    assert sort_problem == [
        f"{path}: default_sort must be one of relevance, date, title, status, upvotes, "
        "not 'dates'; using the default"
    ]
    assert any("open_marks_reading must be true or false" in p for p in problems)
    assert any("unknown setting 'colour'" in p for p in problems)
    write_config("this is = not toml [")
    assert "not valid TOML" in load_settings(path)[1][0]


async def test_config_applies_in_the_app_and_problems_are_shown(db_path: Path) -> None:
    write_config(
        'default_sort = "title"\nopen_marks_reading = true\nstatus_cycle = ["unread", "read"]\n'
        'default_sort_typo = 1\n[keys]\n"app.tags" = "T"\n"list.down" = "j,down,ctrl+n"\n'
        '"app.nope" = "z"\n'
    )
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = notifications(app)
        assert "unknown setting 'default_sort_typo'" in text
        assert "'app.nope' is not a key binding id" in text
        assert "sorted by title" in screen_text(app)
        first = app.current_paper
        await pilot.press("ctrl+n")
        assert app.current_paper is not first  # remapped key works
        await pilot.press("t")  # no longer the tags key
        await pilot.pause()
        assert not isinstance(app.screen, TagsDialog)
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, TagsDialog)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = screen_text(app)
        assert "j / ↓ / ctrl+n" in help_text
        await pilot.resize_terminal(100, 120)
        await pilot.pause()
        assert re.search(r"│ T +Edit the paper's tags", screen_text(app))
        await pilot.resize_terminal(*SIZE)
        await pilot.press("escape", "s")
        await settle(pilot)
        paper = app.current_paper
        assert paper is not None
        assert stored(db_path)[paper.id]["status"] == "read"  # cycle unread -> read
        await pilot.press("k", "enter")
        await settle(pilot)
        current = app.current_paper
        assert current is not None
        assert stored(db_path)[current.id]["status"] == "reading"


async def test_user_theme_overrides_and_bad_theme_is_named(db_path: Path) -> None:
    themes = Path(os.environ["XDG_CONFIG_HOME"]) / "reader" / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.toml").write_text('name = "mine"\nprimary = "#ff0000"\ndark = false\n')
    (themes / "broken.toml").write_text('name = "broken"\nprimary = "not-a-colour"\n')
    app = make_app(db_path=db_path, theme="mine")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "mine" and "mine" in app.available_themes
        assert "broken.toml: field 'primary' is not a colour" in notifications(app)
        assert "reader-high-contrast" in app.available_themes


async def test_theme_choice_is_remembered(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "reader-high-contrast"
        await pilot.pause()
    again = make_app(db_path=db_path)
    assert again.theme == "reader-high-contrast"


async def test_bulk_mark_tag_status_and_one_step_undo(app_pilot: AppPilot, db_path: Path) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    papers = app.library.papers
    await pilot.press("v", "v", "space")
    assert len(app.paper_list.marked) == 3
    assert "3 marked" in screen_text(app)
    await pilot.press("t")
    await pilot.pause()
    assert isinstance(app.screen, TagsDialog)
    await pilot.press(*"bulk", "enter")
    await settle(pilot)
    assert all(stored(db_path)[p.id]["tags"] == ["bulk"] for p in papers[:3])
    await pilot.press("r")
    await settle(pilot)
    assert all(stored(db_path)[p.id]["status"] == "read" for p in papers[:3])
    await pilot.press("u")
    await settle(pilot)
    assert all(stored(db_path)[p.id]["status"] == "unread" for p in papers[:3])
    assert "Undid status on 3 papers" in notifications(app)
    await pilot.press("y")
    assert app.clipboard.count("\n") == 2
    await pilot.press("escape")
    assert not app.paper_list.marked
    await pilot.press("slash", *"tiny", "enter", "V")
    assert len(app.paper_list.marked) == 6
    await pilot.press("V")
    assert not app.paper_list.marked


async def test_export_from_the_app_goes_to_export_dir_with_normal_permissions(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "exports" / "reading"  # created on first use
    write_config(f'export_dir = "{folder}"\n')
    previous = os.umask(0o022)
    try:
        app = make_app(db_path=db_path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("slash", *"tiny", "enter", "x")
            await pilot.pause()
            assert isinstance(app.screen, ExportDialog)
            await pilot.press("b")
            await settle(pilot)
    finally:
        os.umask(previous)
    assert not list(tmp_path.glob("reader-export-*"))  # not where the app was started
    (written,) = folder.glob("reader-export-*.bib")
    assert written.read_text().count("@misc{") == 6
    assert written.stat().st_mode & 0o777 == 0o644
    assert f"Exported 6 papers to {written}" in notifications(app)


async def test_palette_go_to_paper_filter_by_tag_and_stats(app_pilot: AppPilot) -> None:

    app, pilot = app_pilot
    await settle(pilot)
    app.library.set_tags(app.library.papers[5], ("gem",))
    commands = {command.title: command for command in app.get_system_commands(app.screen)}
    commands["Go to paper…"].callback()
    await pilot.pause()
    await pilot.press(*"tinystories")
    await pilot.pause(0.5)
    await pilot.press("enter")
    await settle(pilot)
    assert app.current_paper is not None and app.current_paper.title.startswith("TinyStories")
    commands["Filter by tag…"].callback()
    await pilot.pause()
    assert "gem (1)" in screen_text(app)
    await pilot.press("enter")
    await settle(pilot)
    assert app.search_bar.value == "tag:gem" and len(app.result) == 1
    commands["Show statistics"].callback()
    await pilot.pause()
    assert isinstance(app.screen, TextScreen)
    assert "#gem" in screen_text(app) and "80 papers" in screen_text(app)


def test_stats_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--db", str(tmp_path / "db.json")]) == 0
    out = capsys.readouterr().out
    assert "80 papers" in out and "unread" in out and "No tags yet." in out


async def test_no_color_keeps_status_and_highlight_distinguishable(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(db_path=db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "j", "r")
        await pilot.press("slash", *"sam", "enter")
        await settle(pilot)
        highlighted = [
            segment.text
            for segment in screen_segments(app)
            if segment.style and segment.style.bold and segment.style.underline
        ]
        assert "SAM" in highlighted  # bold+underline, not colour alone
