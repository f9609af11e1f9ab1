"""config.toml's default_sort sorts the list at start; S puts the cursor on top (issue 10)."""

from __future__ import annotations

import os
from pathlib import Path

from reader.cli import make_app
from tests.ui.helpers import screen_text, settle


def write_config(text: str) -> None:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "reader" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


async def test_default_sort_date_sorts_the_list_at_start(db_path: Path, tmp_path: Path) -> None:
    write_config('default_sort = "date"\n')
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "".join(
            f"@article{{k{year}, title={{Paper of {year}}}, year={{{year}}}}}\n"
            for year in (2007, 2024, 2015)
        )
    )
    app = make_app([bib], db_path=db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = [app.library.papers[index].title for index in app.result.indices]
        assert shown == ["Paper of 2024", "Paper of 2015", "Paper of 2007"]
        assert app.current_paper is not None and app.current_paper.title == "Paper of 2024"


async def test_changing_the_sort_puts_the_cursor_on_the_first_paper(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "j", "j")
        await pilot.press("S")
        await settle(pilot)
        assert app.paper_list.cursor == 0
        assert app.current_paper is app.library.papers[app.result.indices[0]]


async def test_header_says_one_paper(db_path: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.bib"
    one.write_text("@article{a, title={Only one}, year={2024}}\n")
    app = make_app([one], db_path=db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "1 of 1 paper " in text and "1 papers" not in text


async def test_escape_in_the_list_clears_marks_then_the_kept_filter(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    app.library.save_view("tiny ones", "tiny")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "esc" not in screen_text(app).split("\n")[-1].lower()  # nothing to clear
        await pilot.press("1")
        await settle(pilot)
        assert "6 of 80 papers" in screen_text(app)
        assert "Clear" in screen_text(app).split("\n")[-1]  # the footer says Esc clears
        await pilot.press("space")  # mark one: Esc clears the marks first
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert not app.paper_list.marked and "6 of 80 papers" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "80 of 80 papers" in screen_text(app) and app.search_bar.value == ""


async def test_palette_lists_annotated_papers_not_in_library(db_path: Path, tmp_path: Path) -> None:
    import shutil

    from tests.conftest import FIXTURES

    page = tmp_path / "page.bib"
    shutil.copy(FIXTURES / "references.bib", page)
    from reader.core.library import open_library

    first = open_library([page], db_path)
    first.set_tags(first.papers[0], ("keep",))
    page.unlink()
    app = make_app(db_path=db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        commands = {command.title: command for command in app.get_system_commands(app.screen)}
        commands["Annotated, not in library"].callback()
        await settle(pilot)
        assert app.search_bar.value == "-in:library"
        assert [app.library.papers[i].id for i in app.result.indices] == [first.papers[0].id]
        assert first.papers[0].title[:30] in screen_text(app)
