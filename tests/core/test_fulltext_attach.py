"""Attaching a local PDF or HTML file as a paper's full text (issue 12, part 3)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.fulltext import NotFullText
from reader.core.fulltext_cache import FullTextCache, ids_containing, load_file, stem_id
from tests.core.pdf_maker import make_pdf

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "latexml-paper.html"
PDF = make_pdf([["1 Introduction", "", "Quokkas are small marsupials of Rottnest."]])


def test_an_attached_pdf_is_copied_never_moved_and_wins_over_a_download(
    tmp_path: Path,
) -> None:
    mine = tmp_path / "mine.pdf"
    mine.write_bytes(PDF)
    cache = FullTextCache(tmp_path / "data")
    html_path, _ = cache.paths("2401.00001")
    html_path.parent.mkdir(parents=True)
    html_path.write_bytes(FIXTURE.read_bytes())  # a download from earlier
    document, copy = cache.attach("2401.00001", mine)
    assert document.origin == "pdf" and "Quokkas" in document.plain_text()
    assert mine.read_bytes() == PDF and copy.read_bytes() == PDF and copy != mine
    assert cache.attached(["2401.00001"]) == copy
    assert html_path.read_bytes() == FIXTURE.read_bytes()  # the download stays
    assert ids_containing(tmp_path / "data", "quokkas") == {"2401.00001"}
    # Attaching an HTML page instead replaces reader's own earlier copy, not the user's.
    page = tmp_path / "page.html"
    page.write_bytes(FIXTURE.read_bytes())
    _, second = cache.attach("2401.00001", page)
    assert not copy.exists() and page.exists() and cache.attached(["2401.00001"]) == second


def test_a_title_only_paper_gets_its_own_file_found_again_by_id(tmp_path: Path) -> None:
    mine = tmp_path / "mine.pdf"
    mine.write_bytes(PDF)
    cache = FullTextCache(tmp_path)
    _, copy = cache.attach("title:5f203d666209", mine)
    assert stem_id(copy.name.removesuffix(".pdf")) == "title:5f203d666209"
    assert ids_containing(tmp_path, "rottnest") == {"title:5f203d666209"}
    assert cache.attached(["2501.00001", "title:5f203d666209"]) == copy


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_text("just some notes\n"), "not a PDF"),
        (lambda p: p.write_bytes(b"%PDF-1.4 broken"), "not a readable PDF"),
        (lambda p: p.write_text("<html><body>No HTML for 1234.5678</body></html>"), "no HTML"),
        (lambda p: p.mkdir(), "a folder"),
        (lambda p: os.mkfifo(p), "not a regular file"),
        (lambda p: None, "No such file"),
    ],
)
def test_bad_files_are_refused_with_a_reason_and_nothing_written(
    tmp_path: Path, make: Callable[[Path], object], reason: str
) -> None:
    bad = tmp_path / "bad.pdf"
    make(bad)
    cache = FullTextCache(tmp_path / "data")
    with pytest.raises((NotFullText, OSError), match=reason):
        cache.attach("2401.00001", bad)
    assert not cache.folder.exists() or not any(cache.folder.iterdir())


def test_a_file_over_the_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.core.fulltext_cache as module

    big = tmp_path / "big.pdf"
    big.write_bytes(PDF)
    monkeypatch.setattr(module, "MAX_BYTES", 100)
    with pytest.raises(NotFullText, match="larger than"):
        module.read_local(big, module.MAX_BYTES)
    assert load_file(FIXTURE).origin == "html"
