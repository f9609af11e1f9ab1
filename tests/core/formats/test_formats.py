"""Every supported format on its own fixtures, malformed records included."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.formats import detect_format
from reader.core.sources import SourceError, parse_file
from tests.conftest import FIXTURES


def test_formats_are_recognised_by_content_not_name(tmp_path: Path) -> None:
    for name, kind in [
        ("hf-daily.json", "hf-daily"),
        ("arxiv-snapshot.jsonl", "arxiv-jsonl"),
        ("arxiv-api.xml", "atom"),
        ("references.bib", "bibtex"),
        ("markup.txt", "trending"),
    ]:
        data = (FIXTURES / name).read_bytes()
        assert detect_format(data[:65536]) == kind
        renamed = tmp_path / f"{kind}.dat"  # a misleading name changes nothing
        renamed.write_bytes(data)
        assert [p.title for p in parse_file(renamed).papers] == [
            p.title for p in parse_file(FIXTURES / name).papers
        ]


def test_hf_daily_json_nested_and_top_level_fields() -> None:
    parsed = parse_file(FIXTURES / "hf-daily.json")
    sam, top = parsed.papers
    assert sam.id == "2403.09611" and sam.arxiv_id == "2403.09611"
    assert sam.authors == ("Haoxiang Wang", "Pavan Kumar Anasosalu Vasu")
    assert sam.upvotes == 12 and sam.comments == 3
    assert sam.date == "2024-03-14" and sam.listing_date == "2024-03-15"
    assert ("GitHub", "https://github.com/apple/ml-sam-clip") in sam.links
    assert ("arXiv", "https://arxiv.org/abs/2403.09611") in sam.links
    assert sam.keywords == ("vision foundation models", "distillation")
    assert "\n" not in sam.abstract
    assert top.id == "2501.00001"  # version suffix dropped
    assert top.title == "Top-level Title [MASK] Only"
    assert top.abstract.startswith("A summary given at the top level")
    assert ("Project page", "https://example.org/project") in top.links
    assert [(p.where, p.reason) for p in parsed.problems] == [
        ("26", "no title"),  # FILE:LINE: the line where the bad record starts
        ("27", "not an object but str"),
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"papers": 3}', "expected the Hugging Face daily-papers JSON"),
        (b'"just a string"', "found a JSON str"),
        (
            b"[1, 2",
            "no papers found .read as hf-daily; 3 records skipped, line 1: not an object but int",
        ),
        (b"{1", "not valid JSON"),
    ],
)
def test_hf_json_of_the_wrong_shape_says_which_shape(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=expected):
        parse_file(path)


def test_arxiv_snapshot_unwraps_lines_keeps_latex_and_skips_bad_lines() -> None:
    parsed = parse_file(FIXTURES / "arxiv-snapshot.jsonl")
    first, second, sam = parsed.papers
    assert first.title == (
        "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    )
    assert first.authors == ("C. Bal\\'azs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan")
    assert first.keywords == ("hep-ph",)
    # Published when first submitted (versions[0].created), not when last updated.
    assert first.date == "2007-04-02" and first.listing_date == "2007-04-02"
    assert first.update_date == "2008-11-13"
    assert first.doi == "10.1103/PhysRevD.76.013009"
    assert first.journal_ref == "Phys.Rev.D76:013009,2007"
    assert ("DOI", "https://doi.org/10.1103/PhysRevD.76.013009") in first.links
    assert second.date == "2008-12-13"  # no versions: the update date is all there is
    assert "$\\mathbb{Z}[[q]]$" in second.abstract and "\n" not in second.abstract
    assert second.authors == ("Ileana Streinu", "Louis Theran")
    assert sam.id == "2403.09611"
    assert [p.where for p in parsed.problems] == ["3", "4", "5"]


def test_arxiv_snapshot_is_streamed(tmp_path: Path) -> None:
    import tracemalloc

    line = (FIXTURES / "arxiv-snapshot.jsonl").read_text().splitlines()[1]
    path = tmp_path / "big.jsonl"
    with path.open("w") as handle:
        for number in range(20_000):
            handle.write(line.replace("0704.0002", f"0704.{number:05d}") + "\n")
    tracemalloc.start()
    parsed = parse_file(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(parsed.papers) == 20_000
    assert peak < 3 * path.stat().st_size  # never the whole file plus copies of it


def test_latex_stays_searchable(tmp_path: Path) -> None:
    from reader.core.library import open_library

    library = open_library([FIXTURES / "arxiv-snapshot.jsonl"], tmp_path / "db.json")
    hits = library.search("mathbb")
    assert [library.papers[i].id for i in hits.indices] == ["0704.0002"]


def test_atom_feed() -> None:
    parsed = parse_file(FIXTURES / "arxiv-api.xml")
    (tiny,) = parsed.papers
    assert tiny.id == "2305.07759"
    assert (
        tiny.title
        == "TinyStories: How Small Can Language Models Be and Still Speak Coherent English?"
    )
    assert tiny.authors == ("Ronen Eldan", "Yuanzhi Li")
    assert tiny.date == "2023-05-12" and tiny.keywords == ("cs.CL",)
    assert [(p.where, p.reason) for p in parsed.problems] == [("entry 2", "no title")]


def test_xml_entity_bomb_is_refused() -> None:
    with pytest.raises(SourceError, match="refused unsafe XML"):
        parse_file(FIXTURES / "bomb.xml")


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text("<rss><channel>no</channel></rss>")
    with pytest.raises(SourceError, match="expected an arXiv Atom <feed>"):
        parse_file(path)


@pytest.mark.parametrize("start", ["<html><body>", "\ufeff <!DOCTYPE html>\n<html>"])
def test_a_web_page_is_refused_with_the_command_that_reads_it(tmp_path: Path, start: str) -> None:
    # A new user's arXiv HTML page was refused as "unsafe XML (DTDForbidden)".
    path = tmp_path / "paper.html"
    path.write_text(f"{start}<p>A paper</p></body></html>")
    with pytest.raises(SourceError) as raised:
        parse_file(path)
    assert str(raised.value) == (
        f"{path}: a web page, not a list of papers (a paper's full text opens with "
        f"reader read {path})"
    )


@pytest.mark.parametrize("name", ["page.json", "page.bib", "page.txt"])
def test_files_are_read_by_their_content_whatever_their_name(tmp_path: Path, name: str) -> None:
    # The README's promise: a trending page saved as .json is still a trending page.
    path = tmp_path / name
    path.write_text("Mar 13\n\nA Title\n\nIts abstract.\n")
    assert [p.title for p in parse_file(path).papers] == ["A Title"]


def test_bibtex_with_latex_escapes_eprint_and_url() -> None:
    parsed = parse_file(FIXTURES / "references.bib")
    mueller, distilling = parsed.papers
    assert mueller.title == "Über Müller's Tiny Models"
    assert mueller.authors == ("Jörg Müller", "Anna Smith")
    assert mueller.id == "2403.01234" and mueller.abstract == "We study café LaTeX escapes."
    assert ("DOI", "https://doi.org/10.1000/xyz123") in mueller.links
    assert mueller.listing_date == "2024"
    assert distilling.id == "2305.02301"  # from the arxiv.org URL
    reasons = sorted(p.reason for p in parsed.problems)
    assert "entry 'notitle' has no title" in reasons and len(reasons) == 2


def test_several_trending_pages_pasted_together(tmp_path: Path, sample_path: Path) -> None:
    text = sample_path.read_text()
    second = text.replace("Mar 13", "Mar 14, 2024").replace("SAM-CLIP:", "SAM-CLIP 2:")
    path = tmp_path / "two-days.txt"
    path.write_text(text + "\n\n" + second)
    papers = parse_file(path).papers
    assert len(papers) == 160
    assert papers[80].title.startswith("SAM-CLIP 2:") and papers[80].listing_date == "Mar 14, 2024"


def test_latin1_json_and_xml_are_detected_with_a_warning(tmp_path: Path) -> None:
    json_file = tmp_path / "bad.json"
    json_file.write_bytes(b'[{"paper": {"id": "2401.00001", "title": "Caf\xe9"}}]')
    parsed = parse_file(json_file)
    assert parsed.papers[0].title == "Caf\xe9" and "read as cp1252" in (parsed.warning or "")
    xml_file = tmp_path / "bad.xml"
    xml_file.write_bytes(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Caf\xe9</title></entry></feed>'
    )
    parsed = parse_file(xml_file)
    assert parsed.papers[0].title == "Caf\xe9" and "read as cp1252" in (parsed.warning or "")
