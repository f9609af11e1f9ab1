"""Full text: quotes found again (which occurrence, across three blocks, at a block's end),
reading positions kept on disk, and attached files with their parsed copies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.fulltext import PARAGRAPH, Block, Document
from reader.core.fulltext_cache import FullTextCache, paper_stem
from reader.core.fulltext_positions import FILE_NAME, LIMIT, ReadingPositions
from reader.core.fulltext_text import block_text, locate_quote
from tests.core.pdf_maker import make_pdf

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "latexml-paper.html"
PDF = make_pdf([["1 Introduction", "", "Quokkas are small marsupials of Rottnest."]])


def _doc(*texts: str) -> Document:
    return Document(blocks=[Block(PARAGRAPH, text) for text in texts])


def _quoted(document: Document, spans: list[tuple[int, int, int]]) -> str:
    return " ".join(block_text(document.blocks[b])[start:end] for b, start, end in spans)


# Quotes ----------------------------------------------------------------------------------


def test_the_hinted_block_is_tried_first_even_the_first_one() -> None:
    document = _doc("the same sentence here.", "other words", "the same sentence here.")
    assert locate_quote(document, "same sentence", 0) == [(0, 4, 17)]
    assert locate_quote(document, "same sentence", 2) == [(2, 4, 17)]
    assert locate_quote(document, "same sentence", 3) == [(0, 4, 17)]  # past the end: any
    assert locate_quote(document, "same sentence", -1) == [(0, 4, 17)]


def test_the_first_occurrence_in_a_block_is_the_one() -> None:
    assert locate_quote(_doc("ab cd ab cd"), "ab cd") == [(0, 0, 5)]


def test_a_long_quote_is_found_at_the_occurrence_that_continues_right() -> None:
    text = "the quick brown fox jumps A. the quick brown fox jumps B. the quick brown fox jumps B."
    spans = locate_quote(_doc(text), "the quick brown fox jumps B.")
    assert spans == [(0, 29, 57)]
    overlapping = "a" * 21 + "b"
    assert locate_quote(_doc(overlapping), "a" * 20 + "b") == [(0, 1, 22)]


def test_a_quote_whose_first_block_ends_after_twenty_characters() -> None:
    document = _doc("Intro abcdefghijklmnopqrst", "uvw and more")
    quote = "abcdefghijklmnopqrst uvw"
    spans = locate_quote(document, quote)
    assert spans == [(0, 6, 26), (1, 0, 3)]
    assert _quoted(document, spans) == quote


def test_a_quote_across_three_paragraphs() -> None:
    document = _doc("It starts with alpha one.", "Beta two.", "Gamma three and more.")
    quote = "starts with alpha one. Beta two. Gamma three"
    spans = locate_quote(document, quote)
    assert spans == [(0, 3, 25), (1, 0, 9), (2, 0, 11)]
    assert _quoted(document, spans) == quote
    assert locate_quote(document, "starts with alpha one. Beta two. Gamma four") == []
    tricky = _doc("It starts with alpha one.", "Beta two.", "XGBoost three.", "\u00a0Four.")
    spans = locate_quote(tricky, "starts with alpha one. Beta two. XGBoost")
    assert spans == [(0, 3, 25), (1, 0, 9), (2, 0, 7)]
    spans = locate_quote(tricky, "starts with alpha one. Beta two. XGBoost three. \u00a0Four")
    assert spans == [(0, 3, 25), (1, 0, 9), (2, 0, 14), (3, 0, 5)]


def test_only_the_joining_space_is_skipped_between_blocks() -> None:
    document = _doc("It all ends right about here.", "XGBoost wins.")
    spans = locate_quote(document, "all ends right about here. XGBoost wins")
    assert spans == [(0, 3, 29), (1, 0, 12)]
    spaced = _doc("It all ends right about here.", "\u00a0Indented start.")
    spans = locate_quote(spaced, "all ends right about here. \u00a0Indented")
    assert spans == [(0, 3, 29), (1, 0, 9)]


# Reading positions -------------------------------------------------------------------------


def _write(folder: Path, data: object) -> None:
    (folder / FILE_NAME).write_text(json.dumps(data))


def test_only_whole_block_numbers_from_minus_one_up_are_read(tmp_path: Path) -> None:
    _write(tmp_path, {"version": 1, "positions": {"a": -1, "b": 0, "c": -2, "d": 4}})
    positions = ReadingPositions(tmp_path)
    assert [positions.get(key) for key in "abcd"] == [-1, 0, -1, 4]
    positions.remember("e", 2)
    positions.save("e")
    saved = json.loads((tmp_path / FILE_NAME).read_text())
    assert saved == {"version": 1, "positions": {"a": -1, "b": 0, "d": 4, "e": 2}}


def test_a_file_that_is_not_an_object_is_no_positions(tmp_path: Path) -> None:
    _write(tmp_path, [1, 2, 3])
    assert ReadingPositions(tmp_path).get("a") == -1
    _write(tmp_path, {"positions": [1, 2]})
    assert ReadingPositions(tmp_path).get("a") == -1


def test_saving_a_paper_again_makes_it_the_most_recent(tmp_path: Path) -> None:
    entries = {f"p{n}": n for n in range(LIMIT)}
    _write(tmp_path, {"version": 1, "positions": entries})
    positions = ReadingPositions(tmp_path)
    positions.remember("p0", 7)
    positions.save("p0")  # the oldest becomes the newest
    positions.remember("new", 1)
    positions.save("new")  # one too many: the oldest left ("p1") is forgotten
    saved = json.loads((tmp_path / FILE_NAME).read_text())["positions"]
    assert len(saved) == LIMIT
    assert saved["p0"] == 7 and saved["new"] == 1 and "p1" not in saved
    assert list(saved)[-2:] == ["p0", "new"]


# Attached files -----------------------------------------------------------------------------


def test_a_title_key_must_be_letters_and_digits() -> None:
    assert paper_stem("title:5f203d66") == "title-5f203d66"
    for bad in ("title:", "title:a-b", "title:../x"):
        with pytest.raises(ValueError) as raised:
            paper_stem(bad)
        assert str(raised.value) == f"not a paper id: {bad!r}"


def test_attached_skips_ids_that_cannot_name_a_file(tmp_path: Path) -> None:
    mine = tmp_path / "mine.pdf"
    mine.write_bytes(PDF)
    cache = FullTextCache(tmp_path / "data")
    _, copy = cache.attach("2401.00001", mine)
    assert cache.attached(["title:not a key", "2401.00001"]) == copy
    assert cache.attached(["title:not a key"]) is None


def test_an_attachment_keeps_its_parsed_copy_and_replaces_the_other_kind(tmp_path: Path) -> None:
    cache = FullTextCache(tmp_path / "data")
    page = tmp_path / "page.html"
    page.write_bytes(FIXTURE.read_bytes())
    document, html_copy = cache.attach("2401.00001", page)
    parsed = html_copy.with_name(html_copy.name + ".json")
    assert json.loads(parsed.read_bytes()) == json.loads(json.dumps(document.to_json()))
    mine = tmp_path / "mine.pdf"
    mine.write_bytes(PDF)
    document, pdf_copy = cache.attach("2401.00001", mine)
    assert not html_copy.exists() and not parsed.exists()
    pdf_parsed = pdf_copy.with_name(pdf_copy.name + ".json")
    assert json.loads(pdf_parsed.read_bytes()) == json.loads(json.dumps(document.to_json()))
    assert sorted(path.name for path in (tmp_path / "data").rglob("*") if path.is_file()) == [
        pdf_copy.name,
        pdf_parsed.name,
    ]


def test_downloaded_finds_the_html_or_the_pdf(tmp_path: Path) -> None:
    cache = FullTextCache(tmp_path)
    assert cache.downloaded("2401.00001") is None
    assert cache.downloaded("title:abc") is None  # not an arXiv id
    html_path, pdf_path = cache.paths("2401.00001")
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    pdf_path.write_bytes(PDF)
    assert cache.downloaded("2401.00001") == pdf_path
    html_path.write_bytes(FIXTURE.read_bytes())
    assert cache.downloaded("2401.00001") == html_path
    assert cache.downloaded("2401.00002") is None


def test_an_attachment_survives_a_parsed_copy_or_an_old_copy_it_cannot_touch(
    tmp_path: Path,
) -> None:
    cache = FullTextCache(tmp_path / "data")
    html_path, pdf_path = cache.attached_paths("2401.00001")
    pdf_path.parent.mkdir(parents=True)
    pdf_path.with_name(pdf_path.name + ".json").mkdir()  # the parsed copy cannot be written
    html_path.mkdir()  # the other kind cannot be removed
    mine = tmp_path / "mine.pdf"
    mine.write_bytes(PDF)
    document, copy = cache.attach("2401.00001", mine)
    assert copy == pdf_path and copy.read_bytes() == PDF
    assert "Quokkas" in document.plain_text()


def test_an_old_parsed_copy_goes_even_when_its_file_is_gone(tmp_path: Path) -> None:
    cache = FullTextCache(tmp_path / "data")
    html_path, _ = cache.attached_paths("2401.00001")
    html_path.parent.mkdir(parents=True)
    stale = html_path.with_name(html_path.name + ".json")
    stale.write_text("{}")
    mine = tmp_path / "mine.pdf"
    mine.write_bytes(PDF)
    cache.attach("2401.00001", mine)
    assert not stale.exists()
