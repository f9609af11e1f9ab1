"""Confirmations go to a status line; a file's warning shows once per change (issue 10.20)."""

from __future__ import annotations

from pathlib import Path

from reader.cli import make_app
from reader.ui.widgets.status_line import StatusLine
from tests.ui.helpers import screen_text, settle


async def test_confirmations_go_to_the_status_line_not_over_the_text(db_path: Path) -> None:
    app = make_app(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")  # mark read
        await settle(pilot)
        assert not app._notifications  # no toast over the reading pane
        assert app.query_one(StatusLine).display
        assert app.confirmations and app.confirmations[-1].startswith("Marked")
        assert app.confirmations[-1] in screen_text(app)
        assert "^p" in screen_text(app).split("\n")[-2] + screen_text(app).split("\n")[-1]


async def test_a_file_warning_shows_once_until_the_file_changes(
    db_path: Path, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    good = "@article{a, title={A good one}, year={2024}}\n"
    bib.write_text(good + "@article{b, year={2020}}\n")  # no title: skipped

    async def warnings() -> str:
        app = make_app([bib], db_path=db_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            return "\n".join(n.message for n in app._notifications)

    first = await warnings()
    assert "skipped 1" in first and f"reader check {bib}" in first
    assert "skipped" not in await warnings()  # the next launch: not again
    bib.write_text(good + "@article{b, year={2020}}\n@article{c, year={2021}}\n")
    assert "skipped 2" in await warnings()  # the file changed: said again
