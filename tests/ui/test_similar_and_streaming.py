"""Similar papers (m, Esc back, palette) and search while the index is being built."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.core.annotations import AnnotationStore
from reader.core.library import Library
from reader.core.models import Paper
from reader.core.search.engine import SearchEngine
from reader.ui.app import ReaderApp
from tests.ui.conftest import AppPilot
from tests.ui.helpers import screen_text, settle

SIZE = (120, 30)


async def test_m_lists_similar_papers_and_esc_comes_back(app_pilot: AppPilot) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    await pilot.press("slash", *"language", "enter")
    await settle(pilot)
    before = list(app.result.indices)
    await pilot.press("j", "j")
    paper = app.current_paper
    assert paper is not None
    await pilot.press("m")
    await settle(pilot)
    assert app.result.query == f"similar to: {paper.title}"
    assert "similar to: " in screen_text(app)
    listed = [app.library.papers[i] for i in app.result.indices]
    assert listed and paper not in listed
    await pilot.press("j", "m")  # similar to a similar paper: Esc goes back one step
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)
    assert app.result.query == f"similar to: {paper.title}"
    await pilot.press("escape")
    await settle(pilot)
    assert list(app.result.indices) == before and app.current_paper is paper
    assert app.search_bar.value == "language"
    await pilot.press("escape")  # no view left: Esc clears the kept filter (issue 10.12)
    await settle(pilot)
    assert app.search_bar.value == "" and len(app.result) == len(app.library.papers)


async def test_similar_is_in_the_palette(app_pilot: AppPilot) -> None:
    app, pilot = app_pilot
    await settle(pilot)
    titles = {command.title: command for command in app.get_system_commands(app.screen)}
    assert "Similar (m)" in titles
    titles["Similar (m)"].callback()
    await settle(pilot)
    assert app.result.query.startswith("similar to: ")


async def test_search_during_the_build_streams_a_scan_then_uses_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    papers = [
        Paper(id=f"p{n}", title=f"Paper {n} on topic {n % 50}", abstract=f"about agents {n % 7}")
        for n in range(6_000)
    ]
    papers[4321] = Paper(id="p4321", title="Transformer circuits", abstract="heads")
    release = threading.Event()
    original = Library.build_index

    def slow_build(self: Library) -> SearchEngine:
        release.wait(20)
        return original(self)

    monkeypatch.setattr(Library, "build_index", slow_build)
    library = Library(papers, AnnotationStore.open(tmp_path / "db.json"), "generated")
    app = ReaderApp(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "indexing 0%" in screen_text(app)
        await pilot.press("slash", *"transformer")
        for _ in range(100):  # the scan's answer arrives while the build waits
            await pilot.pause(0.05)
            if app.result.query == "transformer":
                break
        assert not library.index_ready
        assert [library.papers[i].id for i in app.result.indices] == ["p4321"]
        await pilot.press(*["backspace"] * 11, *"trasnformer")  # a typo: the scan misses it
        for _ in range(100):
            await pilot.pause(0.05)
            if app.result.query == "trasnformer":
                break
        assert len(app.result) == 0 and not library.index_ready
        release.set()
        for _ in range(200):  # once built, the query is asked of the index again
            await pilot.pause(0.05)
            if library.index_ready and len(app.result):
                break
        assert [library.papers[i].id for i in app.result.indices] == ["p4321"]
        assert "indexing" not in screen_text(app)
