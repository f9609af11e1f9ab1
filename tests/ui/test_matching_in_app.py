"""Background matching in the app (issue 12, part 1) against a loopback stand-in."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from reader.cli import make_app
from reader.core.paths import bundled_sample
from reader.core.sources import load_sources
from reader.ui.widgets.library_header import LibraryHeader
from reader.ui.widgets.reading_pane import ReadingPane
from tests.core.stand_in import send, stand_in
from tests.ui.helpers import notifications, screen_text, settle

TITLES = [paper.title for paper in load_sources([bundled_sample()]).papers]
EXACT, NEAR, ON_ARXIV, SLOW = TITLES[0], TITLES[1], TITLES[2], TITLES[3]
EMPTY_FEED = b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>'


def header(app: Any) -> str:
    return str(app.query_one(LibraryHeader).render())


def pane(app: Any) -> str:
    return "\n".join(str(part.render()) for part in app.query_one(ReadingPane).query(Static))


async def test_titles_are_matched_in_the_background(
    matching: None, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    go_on = threading.Event()

    def search(handler: Any, query: dict[str, list[str]]) -> None:
        asked = query["q"][0]
        items: list[Any] = []
        if asked == EXACT:
            items = [
                {
                    "paper": {
                        "id": "2501.00001",
                        "title": EXACT.upper() + ".",
                        "upvotes": 42,
                        "authors": [{"name": "Ada Lovelace"}, {"name": "Alan Turing"}],
                    }
                }
            ]
        elif asked == NEAR:  # another paper of a series: never taken
            items = [{"paper": {"id": "2501.00002", "title": NEAR + " 2", "upvotes": 9}}]
        elif asked == SLOW:
            go_on.wait(10)
        send(handler, 200, json.dumps(items).encode())

    def arxiv(handler: Any, query: dict[str, list[str]]) -> None:
        if ON_ARXIV in query["search_query"][0]:
            feed = (
                '<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
                "<id>http://arxiv.org/abs/2402.00003v2</id>"
                f"<title>{ON_ARXIV}</title><summary>S.</summary>"
                "<published>2024-02-01T00:00:00Z</published>"
                "<author><name>Grace Hopper</name></author></entry></feed>"
            )
            send(handler, 200, feed.encode())
        else:
            send(handler, 200, EMPTY_FEED)

    with stand_in() as server:
        server.routes["/api/papers/search"] = search
        server.routes["/api/query"] = arxiv
        monkeypatch.setenv("READER_HF_API", server.url)
        monkeypatch.setenv("READER_ARXIV_API", server.url)
        app = make_app(db_path=db_path)
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(100):  # the fourth title waits for the test
                await pilot.pause(0.02)
                if "matching 3/" in header(app):
                    break
            assert f"matching 3/{len(TITLES)}" in header(app)
            # Matches show while the run goes on; keys still act.
            assert app.library.papers[0].arxiv_id == "2501.00001"
            await pilot.press("j", "k")
            go_on.set()
            await settle(pilot)
            assert "matching" not in header(app)
            first, near, third = app.library.papers[:3]
            assert first.title == EXACT and first.id == "2501.00001"
            assert first.authors == ("Ada Lovelace", "Alan Turing") and first.upvotes == 42
            assert near.arxiv_id is None  # the near-miss was refused
            assert third.id == "2402.00003" and third.authors == ("Grace Hopper",)
            shown = pane(app)
            assert "Ada Lovelace" in shown and "2501.00001" in shown
            assert "42" in shown
            app.go_to_paper(2)
            await settle(pilot)
            assert "Grace Hopper" in pane(app)
            app.go_to_paper(0)
            await pilot.press("o")  # no browser here: the link is copied
            await settle(pilot)
            assert app.clipboard == "https://arxiv.org/abs/2501.00001"
            await pilot.press("y")
            await settle(pilot)
            assert app.clipboard == f"{EXACT} - https://arxiv.org/abs/2501.00001"
            assert "arXiv records: matched 2 of" in notifications(app)
            screen = screen_text(app)
            assert "Ada Lovelace" in screen
    stored = json.loads((db_path.parent / "resolved.json").read_text())["titles"]
    assert len(stored) == len(TITLES)
    # The next launch uses the stored matches without asking anyone (offline here).
    app = make_app(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.library.papers[0].id == "2501.00001"
        assert "matching" not in header(app)
        assert "arXiv matching paused" not in notifications(app)


async def test_offline_says_one_quiet_line_and_asks_once(matching: None, db_path: Path) -> None:
    app = make_app(db_path=db_path)  # the services point at a closed port
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        said = [line for line in app.confirmations if "arXiv matching paused" in line]
        assert len(said) == 1
        assert f"{len(TITLES)} titles left: " in said[0]
        # The host says what could not be reached; the query URL filled the line and cut it.
        assert "left: cannot reach 127.0.0.1:" in said[0] and "http" not in said[0]
        assert "cannot reach 127.0.0.1:" in screen_text(app)
        assert "Errno" not in said[0]  # the OS's detail would be cut at 80 columns
        assert not [n for n in app._notifications if "arXiv" in n.message]  # no toast
        assert "matching" not in header(app)
        await pilot.press("j")
        await settle(pilot)
    assert not (db_path.parent / "resolved.json").exists()  # nothing recorded as not found


async def test_resolve_false_asks_nobody(
    matching: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("resolve = false\n")
    monkeypatch.setenv("READER_CONFIG", str(config))
    with stand_in() as server:
        monkeypatch.setenv("READER_HF_API", server.url)
        app = make_app(db_path=db_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.pause(0.2)
        assert server.requests == []
