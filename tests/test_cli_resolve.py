"""``reader resolve`` on the bundled sample against a stand-in server; ``reader read``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.core.library import open_library
from reader.core.paths import bundled_sample
from reader.core.sources import load_sources
from tests.core.stand_in import send, stand_in

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "latexml-paper.html"


def test_resolve_matches_known_titles_and_refuses_near_misses(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The bundled sample's 80 titles at 3 requests a second would take a minute.
    monkeypatch.setattr("reader.core.fulltext_net.RateLimit.wait", lambda self: None)
    titles = [paper.title for paper in load_sources([bundled_sample()]).papers]
    exact, near = titles[0], titles[1]

    def search(handler: Any, query: dict[str, list[str]]) -> None:
        asked = query["q"][0]
        items = []
        if asked == exact:
            items = [
                {
                    "paper": {
                        "id": "2501.00001",
                        "title": exact.upper(),
                        "upvotes": 42,
                        "authors": [{"name": "Ada Lovelace"}],
                    }
                }
            ]
        elif asked == near:
            items = [{"paper": {"id": "2501.00002", "title": near + " 2"}}]
        send(handler, 200, json.dumps(items).encode())

    with stand_in() as server:
        server.routes["/api/papers/search"] = search
        server.routes["/api/query"] = lambda h, q: send(
            h, 200, b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>'
        )
        monkeypatch.setenv("READER_HF_API", server.url)
        monkeypatch.setenv("READER_ARXIV_API", server.url)
        assert main(["resolve"]) == 0
    out = capsys.readouterr()
    count = len(titles)
    assert out.out.strip() == f"matched 1 of {count}; {count - 1} not found"
    assert f"{count}/{count}" in out.err
    db = Path(os.environ["READER_DB"])
    library = open_library([], db, use_cache=False)
    by_title = {paper.title: paper for paper in library.papers}
    matched = by_title[exact]
    assert matched.id == "2501.00001" and matched.upvotes == 42
    assert matched.authors == ("Ada Lovelace",)
    assert ("arXiv", "https://arxiv.org/abs/2501.00001") in matched.links
    assert by_title[near].arxiv_id is None


def test_resolve_false_keeps_the_network_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("resolve = false\n")
    monkeypatch.setenv("READER_CONFIG", str(config))
    with stand_in() as server:
        monkeypatch.setenv("READER_HF_API", server.url)
        assert main(["resolve"]) == 2
        assert server.requests == []
    assert "resolve = false" in capsys.readouterr().err


def test_read_prints_a_local_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", "--plain", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert "2.1  Kernels" in out and "[1] A. Vaswani" in out


def test_read_refuses_a_file_that_is_not_a_paper(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x.html").write_text("<html><body>No HTML for 1234.5678</body></html>")
    assert main(["read", str(tmp_path / "x.html")]) == 2
    assert "x.html" in capsys.readouterr().err


def test_read_with_paper_attaches_a_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.core.fulltext_cache import FullTextCache

    mine = tmp_path / "Downloads" / "paper.html"
    mine.parent.mkdir()
    mine.write_bytes(FIXTURE.read_bytes())
    first = load_sources([bundled_sample()]).papers[0]
    assert main(["read", "--plain", "--paper", first.title[:20], str(mine)]) == 0
    out = capsys.readouterr()
    assert "attached" in out.err and first.title in out.err
    assert "2.1  Kernels" in out.out
    db = Path(os.environ["READER_DB"])
    copy = FullTextCache(db.parent).attached([first.id])
    assert copy is not None and copy.read_bytes() == mine.read_bytes() and mine.exists()


def test_read_with_paper_refuses_bad_files_and_unknown_papers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just notes\n")
    first = load_sources([bundled_sample()]).papers[0]
    assert main(["read", "--paper", first.title[:20], str(notes)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line == f"reader: {notes}: neither a PDF nor an HTML page"
    assert main(["read", "--paper", "no such paper at all", str(FIXTURE)]) == 2
    assert "no paper 'no such paper at all'" in capsys.readouterr().err
    missing = tmp_path / "missing.pdf"
    assert main(["read", str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"reader: {missing}: No such file or directory"


def test_a_title_start_several_papers_share_is_refused_with_them_listed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A new user's `reader read FILE --paper a` attached the file to the first title
    # starting with "a", without a word.
    from reader.core.fulltext_cache import FullTextCache

    papers = load_sources([bundled_sample()]).papers
    sharing = [p for p in papers if p.title.casefold().startswith("a")]
    assert len(sharing) > 1
    assert main(["read", "--paper", "a", str(FIXTURE)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    many = "5+" if len(sharing) > 5 else str(len(sharing))
    assert lines[0] == (
        f"reader: 'a' starts {many} titles in the library; give more of the title, or the arXiv id:"
    )
    assert lines[1].endswith(sharing[0].title) and len(lines) == 1 + min(5, len(sharing))
    db = Path(os.environ["READER_DB"])
    assert FullTextCache(db.parent).attached([p.id for p in papers]) is None  # nothing attached
    assert main(["similar", "a"]) == 2
    assert "give more of the title" in capsys.readouterr().err
    unique = sharing[0].title[:30]
    assert main(["similar", unique, "-n", "1"]) == 0
    assert capsys.readouterr().out.startswith(f"similar to: {sharing[0].title}")
