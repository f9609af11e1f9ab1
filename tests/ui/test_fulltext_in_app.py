"""``f`` in the app: the full text from a stand-in arXiv, highlights saved, offline after."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from reader.cli import make_app
from reader.ui.app import ReaderApp
from reader.ui.screens.fulltext import DocumentView, FullTextScreen
from tests.core.stand_in import answer, stand_in
from tests.ui.helpers import notifications, screen_text, settle, stored

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HTML = (FIXTURES / "latexml-paper.html").read_bytes()


async def open_full_text(app: ReaderApp, pilot: Pilot[None]) -> None:
    await settle(pilot)
    app.go_to_paper(next(i for i, p in enumerate(app.library.papers) if p.id == "0704.0001"))
    await pilot.press("f")
    await settle(pilot)
    await pilot.pause(0.2)
    await settle(pilot)


async def test_f_reads_the_paper_saves_highlights_and_works_offline(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with stand_in() as server:
        server.routes["/html/0704.0001"] = answer(HTML, kind="text/html")
        monkeypatch.setenv("READER_ARXIV", server.url)
        app = make_app([FIXTURES / "arxiv-snapshot.jsonl"], db_path=db_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_full_text(app, pilot)
            assert isinstance(app.screen, FullTextScreen)
            assert "Sparse Attention Is Enough" in screen_text(app)
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert "1  Introduction" in screen_text(app).splitlines()[1]
            # n / and s belong to the view here, not to the list's note/search/status.
            await pilot.press("slash", *"kernel", "enter", "n")
            await pilot.pause()
            assert len(app.screen.query_one(DocumentView).matches) >= 2
            await pilot.press("g", "right_square_bracket", "v", "H", *"mine", "enter")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, FullTextScreen)
            assert "Highlight saved" in notifications(app)
    (record,) = [r for r in stored(db_path).values() if r["id"] == "0704.0001"]
    (highlight,) = record["highlights"]
    assert highlight["note"] == "mine" and highlight["section"] == "1  Introduction"
    assert highlight["quote"].startswith("Transformers (Vaswani et al., 2017)")
    # Offline now: the cached copy opens, and the highlight is drawn again.
    monkeypatch.setenv("READER_ARXIV", "http://127.0.0.1:9")
    app = make_app([FIXTURES / "arxiv-snapshot.jsonl"], db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_text(app, pilot)
        view = app.screen.query_one(DocumentView)
        assert view.highlights
        # It reopens where it was left (the highlighted section), across the restart.
        assert screen_text(app).splitlines()[1].strip().startswith("1  Introduction")


async def test_f_on_a_paper_without_an_id_says_so(db_path: Path) -> None:
    app = make_app(db_path=db_path)  # the bundled sample: titles only
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert not isinstance(app.screen, FullTextScreen)
        assert "No arXiv id" in notifications(app)


async def test_the_reading_pane_lists_highlights_as_plain_text(db_path: Path) -> None:
    from reader.core.annotations import AnnotationStore
    from reader.core.changes import Change
    from reader.core.models import Highlight

    mark = Highlight("h1", "A [bold]quoted[/bold] passage.", "2  Method", 3, 0, "my note")
    AnnotationStore.open(db_path).apply_delta(Change("0704.0001", add_highlights=(mark,)))
    app = make_app([FIXTURES / "arxiv-snapshot.jsonl"], db_path=db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.go_to_paper(next(i for i, p in enumerate(app.library.papers) if p.id == "0704.0001"))
        await settle(pilot)
        text = str(app.reading_pane.query_one("#pane-annotation").render())
        assert "A [bold]quoted[/bold] passage." in text and "my note" in text


async def test_the_reading_position_survives_a_restart(db_path: Path) -> None:
    from reader.core.fulltext_cache import FullTextCache

    html_path, _ = FullTextCache(db_path.parent).paths("0704.0001")
    html_path.parent.mkdir(parents=True)
    html_path.write_bytes(HTML)  # downloaded earlier: opens offline
    app = make_app([FIXTURES / "arxiv-snapshot.jsonl"], db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_text(app, pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        top = screen_text(app).splitlines()[1]
        assert top.strip().startswith("2")  # the second section
        await pilot.press("escape")
        await settle(pilot)
    assert (db_path.parent / "reading-positions.json").is_file()
    app = make_app([FIXTURES / "arxiv-snapshot.jsonl"], db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_text(app, pilot)
        assert screen_text(app).splitlines()[1] == top


async def test_attach_pdf_from_the_palette_reads_a_copy(db_path: Path, tmp_path: Path) -> None:
    from reader.ui.screens.attach_dialog import AttachDialog
    from tests.core.pdf_maker import make_pdf

    mine = tmp_path / "paper.pdf"
    mine.write_bytes(make_pdf([["1 Introduction", "", "Quokkas live on Rottnest Island."]]))
    notes = tmp_path / "notes.txt"
    notes.write_text("just notes\n")
    app = make_app(db_path=db_path)  # the bundled sample: titles only, no arXiv ids
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Attach PDF", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AttachDialog)
        await pilot.press(*str(tmp_path / "nothing.pdf"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, AttachDialog)  # says why, stays open
        problem = str(app.screen.query_one("#attach-problem").render())
        assert problem == f"{tmp_path / 'nothing.pdf'}: no such file"
        app.screen.query_one("#attach-path", Input).value = str(notes)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FullTextScreen)
        assert f"{notes}: neither a PDF nor an HTML page" in notifications(app)
        await pilot.press("ctrl+p", *"Attach PDF", "enter")
        await settle(pilot)
        await pilot.press(*str(mine), "enter")
        await settle(pilot)
        assert isinstance(app.screen, FullTextScreen)
        assert "Quokkas live on Rottnest Island." in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f")  # the attached copy opens again, though no arXiv id
        await settle(pilot)
        assert isinstance(app.screen, FullTextScreen)
        assert "Quokkas" in screen_text(app)
    assert mine.is_file() and notes.is_file()  # the user's files are only read
    copies = list((db_path.parent / "fulltext").glob("*.attached.pdf"))
    assert len(copies) == 1 and copies[0].read_bytes() == mine.read_bytes()


async def test_an_attached_paper_keeps_its_file_and_place_once_matched(
    db_path: Path, tmp_path: Path
) -> None:
    from reader.core.resolve import Match, ResolveStore
    from tests.core.pdf_maker import make_pdf

    pages = [
        [f"{n} Section {n}", "", *(f"Line {n}.{row} of the text." for row in range(40))]
        for n in range(1, 4)
    ]
    mine = tmp_path / "paper.pdf"
    mine.write_bytes(make_pdf(pages))
    app = make_app(db_path=db_path)  # the bundled sample: titles only
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        paper = app.current_paper
        assert paper is not None
        app.main_screen.full_text.attach(paper, mine)
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        top = screen_text(app).splitlines()[1]
        assert "Section 2" in top
        await pilot.press("escape")
        await settle(pilot)
    store = ResolveStore(db_path.parent)  # the title is matched to arXiv since
    store.put(paper.title, Match("2501.00009", paper.title, ("Ada Lovelace",)))
    store.save()
    app = make_app(db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.current_paper is not None and app.current_paper.id == "2501.00009"
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FullTextScreen)
        assert screen_text(app).splitlines()[1] == top


async def test_no_full_text_anywhere_says_why_in_the_body_and_what_to_do(db_path: Path) -> None:
    # The services point at a closed port (tests/conftest.py): no HTML, no PDF.
    app = make_app([FIXTURES / "arxiv-snapshot.jsonl"], db_path=db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_full_text(app, pilot)
        for _ in range(300):  # a refused connection answers at once; a loaded CI is slow
            if app.screen.query("#fulltext-problem"):
                break
            await pilot.pause(0.1)
        await settle(pilot)  # mounted is not yet drawn: let the screen catch up
        await pilot.pause(0.1)
        text = screen_text(app)
        assert "No full text  (Esc back)" in text
        assert "Cannot show the full text: " in text
        assert "offline?" in text and "ctrl+p Attach" in text and "reads it." in text  # wrapped
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, FullTextScreen)
