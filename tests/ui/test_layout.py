"""A layout made for reading (issue 10.19): whole titles, columns, z, < and >."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from reader.cli import make_app
from reader.core.state import load_state
from tests.ui.helpers import screen_text, settle


async def test_a_70_character_title_shows_whole_at_120_columns(
    db_path: Path, tmp_path: Path
) -> None:
    title = "A Seventy Character Title About Small Language Models for Mobile Health"[:70]
    assert len(title) == 70
    bib = tmp_path / "one.bib"
    bib.write_text(f"@article{{a, title={{{title}}}, year={{2024}}}}\n")
    app = make_app([bib], db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = [line for line in screen_text(app).splitlines() if title in line]
        assert rows  # whole, in the list (and the pane)
        assert any("2024" in line for line in rows)  # the date column beside it


async def test_columns_stay_aligned(db_path: Path) -> None:
    from tests.conftest import FIXTURES

    app = make_app([FIXTURES / "hf-daily.json"], db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = [line for line in screen_text(app).splitlines() if line.startswith(" · ")]
        assert len(lines) == 2 and all("▲" in line for line in lines)
        assert len({line.index("▲") for line in lines}) == 1  # one column, row after row
        assert len({line.index("20") for line in lines}) == 1  # the dates too


async def test_z_reads_full_screen_and_j_k_step_papers(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        papers = app.library.papers
        await pilot.press("j")
        assert app.current_paper is papers[1]  # j moves the list's cursor as before
        await pilot.press("z")
        await pilot.pause()
        assert not app.paper_list.display or app.paper_list.region.height == 0
        assert papers[1].title[:40] in screen_text(app)
        await pilot.press("j")
        await pilot.pause()
        assert app.current_paper is papers[2] and papers[2].title[:40] in screen_text(app)
        await pilot.press("k", "k")
        await pilot.pause()
        assert app.current_paper is papers[0]
        await pilot.press("z")
        await pilot.pause()
        assert app.paper_list.region.height > 0 and app.focused is app.paper_list


async def test_esc_leaves_the_full_screen_view_as_its_key_bar_says(db_path: Path) -> None:
    # A tester pressed Esc ("esc Back to list" on the key bar) in the full-screen view: focus
    # went to the search bar and the list stayed hidden; only z brought it back.
    app = make_app(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("z")
        await pilot.pause()
        assert app.paper_list.region.height == 0 and "Back to list" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.paper_list.region.height > 0 and app.focused is app.paper_list
        await pilot.press("z", "h")  # h is the other key of the same binding
        await pilot.pause()
        assert app.paper_list.region.height > 0 and app.focused is app.paper_list
        await pilot.press("enter")  # the pane beside the list: Esc goes back to the list
        await pilot.pause()
        assert app.screen.focused is app.reading_pane
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.paper_list and app.paper_list.region.height > 0


async def test_split_moves_with_angle_brackets_and_is_remembered(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        before = app.paper_list.region.width
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert app.paper_list.region.width > before
        assert load_state().get("split") == 55
    again = make_app(db_path=db_path)
    async with again.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert again.paper_list.region.width > before


async def test_footer_is_not_clipped_at_80x24(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "^p" in footer and "▏" not in footer[-3:]


def test_the_first_paper_is_laid_out_whole_when_the_app_runs_as_the_cli_runs_it(
    db_path: Path,
) -> None:
    # App.run (the CLI's path, not run_test) used to paint the first paper before the
    # screen's widgets were mounted: the title lost its second line and the abstract all
    # but its first, until something redrew the pane.
    app = make_app(db_path=db_path)
    seen: list[str] = []

    async def look(pilot: Pilot[object]) -> None:
        await settle(pilot)
        seen.append(screen_text(app))
        app.exit()

    app.run(headless=True, auto_pilot=look, size=(80, 24))
    (text,) = seen
    assert "Understanding" in text and "From: trending-papers.txt" in text
    assert "CLIP and Segment Anything Model (SAM), is expanding rapidly." in text
