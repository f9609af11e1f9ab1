from pathlib import Path

import pytest

from reader.cli import make_app
from reader.core.paths import shipped_dir
from reader.ui.themes import ThemeFileError, load_theme_file, load_themes


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
