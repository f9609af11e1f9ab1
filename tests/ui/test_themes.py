from pathlib import Path
from typing import Any

import pytest

from reader.cli import make_app
from reader.core.paths import shipped_dir
from reader.core.state import load_state, remember
from reader.ui.themes import (
    ThemeFileError,
    load_theme_file,
    load_themes,
    read_theme_data,
    theme_record,
)


def test_shipped_themes_load() -> None:
    themes, problems = load_themes()
    names = {theme.name: theme for theme in themes}
    assert problems == []
    assert names["reader-dark"].dark and not names["reader-light"].dark
    assert shipped_dir("themes").name == "themes"


def test_invalid_theme_file_names_the_field(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('name = "x"\nprimary = 3\n')
    (tmp_path / "good.toml").write_text('name = "good"\nprimary = "#ff0000"\n')
    themes, problems = load_themes(tmp_path)
    assert [theme.name for theme in themes] == ["good"]
    assert len(problems) == 1 and "bad.toml" in problems[0] and "primary" in problems[0]
    (tmp_path / "broken.toml").write_text("name = ")
    with pytest.raises(ThemeFileError, match="not valid TOML"):
        load_theme_file(tmp_path / "broken.toml")


async def test_theme_option_applies(tmp_path: Path) -> None:
    app = make_app(db_path=tmp_path / "db.json", theme="reader-light")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "reader-light" and not app.current_theme.dark


def _counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import reader.ui.themes as themes

    read: list[str] = []
    real = themes.read_theme_data

    def counting(path: Path, raw: bytes | None = None) -> dict[str, Any]:
        read.append(path.name)
        return real(path, raw)

    monkeypatch.setattr(themes, "read_theme_data", counting)
    return read


def test_start_reads_only_the_chosen_themes_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 11: each theme file read before the first paint costs time; the others wait.
    read = _counting_reads(monkeypatch)
    app = make_app(db_path=tmp_path / "db.json")
    assert read == ["reader-dark.toml"] and app.theme == "reader-dark"
    assert app.current_theme.name == "reader-dark" and read == ["reader-dark.toml"]
    # Choosing another (the palette's theme picker sets app.theme) reads the rest, once.
    app.theme = "reader-light"
    assert app.current_theme.name == "reader-light"
    assert sorted(set(read)) == sorted(path.name for path in shipped_dir("themes").glob("*.toml"))
    assert sorted(app.reader_themes) == [
        "reader-ansi16",
        "reader-dark",
        "reader-high-contrast",
        "reader-light",
    ]
    assert len(read) == 5  # reader-dark.toml again with the others, never a third time


async def test_theme_picker_lists_every_shipped_theme(tmp_path: Path) -> None:
    app = make_app(db_path=tmp_path / "db.json", theme="reader-light")
    async with app.run_test() as pilot:
        await pilot.pause()
        from textual.theme import ThemeProvider

        provider = ThemeProvider(app.screen)
        names = [name for name, _ in provider.commands]
        assert {"reader-dark", "reader-light", "reader-high-contrast", "reader-ansi16"} <= set(
            names
        )
        assert "textual-dark" in names


async def test_the_panes_title_and_details_take_the_themes_colours(tmp_path: Path) -> None:
    # Title and details are one widget whose colours ($text, $text-muted) are resolved
    # over the pane's background: a new theme resolves them again (light text on a dark
    # theme, dark text on a light one).
    app = make_app(db_path=tmp_path / "db.json", theme="reader-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()

        def title_and_details() -> list[tuple[float, float, bool | None]]:
            head = app.query_one("#pane-head")
            found = []
            for y in (0, 1):
                segment = next(part for part in head.render_line(y) if part.text.strip())
                style = segment.style
                assert style is not None and style.color and style.bgcolor
                fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
                found.append((sum(fg) / 3, sum(bg) / 3, style.bold))
            return found

        (title_fg, bg, bold), (details_fg, _, details_bold) = title_and_details()
        assert title_fg > details_fg > bg and bold and not details_bold
        app.theme = "reader-light"
        await pilot.pause()
        (title_fg, bg, bold), (details_fg, _, details_bold) = title_and_details()
        assert title_fg < details_fg < bg and bold and not details_bold


async def test_a_start_uses_the_theme_remembered_while_its_file_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 11: parsing the theme file imports tomllib (~9 M instructions of the first
    # paint); its checked fields are remembered with a check of the file's bytes instead.
    read = _counting_reads(monkeypatch)
    app = make_app(db_path=tmp_path / "db.json", theme="reader-light")
    async with app.run_test() as pilot:
        await pilot.pause()
    assert read == ["reader-light.toml"]
    record = load_state()["theme_file"]
    path = shipped_dir("themes") / "reader-light.toml"
    raw = path.read_bytes()
    assert record == theme_record(path, raw, read_theme_data(path))
    assert record["fields"]["name"] == "reader-light"
    assert record["fields"]["primary"] == load_theme_file(path).primary
    read.clear()

    # The next start parses no file: the remembered fields make the theme.
    fields = {**record["fields"], "primary": "#123456"}  # to tell them from the file's
    remember("theme_file", theme_record(path, raw, fields))
    app = make_app(db_path=tmp_path / "db.json", theme="reader-light")
    assert read == [] and app.current_theme.primary == "#123456"
    assert app.current_theme.dark is False

    # Fields edited by hand (a hostile tester made every colour black), a changed file,
    # another file, fields that do not make a theme: the file is read.
    for changed in (
        {**record, "fields": {**record["fields"], "primary": "#000000"}},
        theme_record(path, raw + b"\n# edited", record["fields"]),
        {**theme_record(path, raw, record["fields"]), "file": str(path.with_name("x.toml"))},
        theme_record(path, raw, {**record["fields"], "primary": "not a colour"}),
        theme_record(path, raw, {**record["fields"], "variables": ["x"]}),
        {**record, "fields": "reader-light"},
        "reader-light",
    ):
        remember("theme_file", changed)
        read.clear()
        app = make_app(db_path=tmp_path / "db.json", theme="reader-light")
        assert read == ["reader-light.toml"], changed
        assert app.current_theme.primary == load_theme_file(path).primary
    read.clear()
    app = make_app(db_path=tmp_path / "db.json", theme="reader-dark")
    assert read == ["reader-dark.toml"] and app.current_theme.name == "reader-dark"
