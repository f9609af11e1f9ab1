"""BibTeX: fields of an entry, and the line of each skipped entry in files read in batches."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest

from reader.core.formats import bibtex
from reader.core.formats.bibtex import parse_bibtex
from reader.core.formats.common import BytesText, Parsed, Problem

BATCH = 20  # lines per batch here (a batch ends before the next "@" line); 2,000 in use


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bibtex, "_BATCH_LINES", BATCH)


def _parse(text: str) -> Parsed:
    return parse_bibtex(Path("refs.bib"), BytesText(text.encode()))


def _entries(count: int, journal: str = "") -> list[str]:
    return [f"@misc{{k{n}, title = {{T {n}}}{journal}}}" for n in range(count)]


def test_skipped_entries_are_named_by_their_line_in_every_batch() -> None:
    lines = _entries(2 * BATCH + 30)
    lines[10] = "@misc{bad0, author = {x}}"
    lines[BATCH + 15] = "@misc{bad1, author = {x}}"
    lines[2 * BATCH + 7] = "@misc{bad2, author = {x}}"
    parsed = _parse("\n".join(lines) + "\n")
    assert parsed.problems == [
        Problem("11", "entry 'bad0' has no title"),
        Problem(str(BATCH + 16), "entry 'bad1' has no title"),
        Problem(str(2 * BATCH + 8), "entry 'bad2' has no title"),
    ]
    assert len(parsed.papers) == 2 * BATCH + 30 - 3
    assert parsed.papers[-1].title == f"T {2 * BATCH + 29}"


@pytest.mark.parametrize("strings", [1, 2, 3])
def test_string_macros_carry_over_and_keep_the_lines_right(strings: int) -> None:
    macros = [f"@string{{v{n} = {{Venue {n}}}}}" for n in range(strings)]
    lines = [*macros, "", *_entries(BATCH + 10, journal=f", journal = v{strings - 1}")]
    bad = len(macros) + 1 + BATCH + 5  # an index in the second batch
    lines[bad] = "@misc{bad, author = {x}}"
    lines[5] = "@misc{early, author = {x}}"
    parsed = _parse("\n".join(lines) + "\n")
    assert parsed.problems == [
        Problem("6", "entry 'early' has no title"),
        Problem(str(bad + 1), "entry 'bad' has no title"),
    ]
    assert {paper.journal_ref for paper in parsed.papers} == {f"Venue {strings - 1}"}


def test_an_entry_across_the_batch_size_stays_whole() -> None:
    lines = _entries(BATCH - 2)
    lines += ["@misc{long,", "  title = {Long", "  Title},", "  year = {2020}", "}"]
    lines += ["@misc{after, author = {x}}", *_entries(3)]
    parsed = _parse("\n".join(lines))
    long = parsed.papers[BATCH - 2]
    assert (long.title, long.listing_date) == ("Long Title", "2020")
    assert parsed.problems == [Problem(str(BATCH + 4), "entry 'after' has no title")]
    assert len(parsed.papers) == BATCH + 2


def test_a_broken_block_is_a_problem_and_reading_goes_on() -> None:
    text = (
        "@misc{one, title = {One}}\n@misc{broken, title = {unclosed\n\n@misc{two, title = {Two}}\n"
    )
    parsed = _parse(text)
    assert [paper.title for paper in parsed.papers] == ["One", "Two"]
    assert parsed.problems == [
        Problem(
            "2",
            "Unexpected block start: `@misc`. Was still looking for field-value closing `}`",
        )
    ]


def test_a_block_aborted_at_its_key_says_what_was_expected() -> None:
    parsed = _parse("@misc{one, title = {One}}\n@misc{two\n title = {Two}}\n")
    assert parsed.problems == [Problem("2", "Expected comma after entry key, but found =")]


def test_a_long_key_is_cut_in_the_message() -> None:
    key = "k" * 100
    parsed = _parse(f"@misc{{{key}, author = {{x}}}}\n")
    assert parsed.problems == [Problem("1", f"entry {'k' * 80!r} has no title")]


@pytest.mark.parametrize(
    ("fields", "arxiv_id"),
    [
        ("eprint = {2401.00001}", "2401.00001"),
        ("eprint = {2401.00001}, archivePrefix = {ArXiv}", "2401.00001"),
        ("eprint = {2401.00001}, eprinttype = {arxiv}", "2401.00001"),
        ("eprint = {2401.00001}, eprinttype = {pubmed}", None),
        ("eprint = {2401.00001}, archiveprefix = {arXiv}, eprinttype = {pubmed}", "2401.00001"),
        ("url = {https://arxiv.org/abs/2402.00002v3}", "2402.00002"),
        ("url = {http://arxiv.org/pdf/2402.00003.pdf}", "2402.00003"),
        ("url = {https://arxiv.org/abs/2402.00004?context=cs}", "2402.00004"),
        ("eprint = {2401.00001}, url = {https://arxiv.org/abs/2402.00002}", "2401.00001"),
        ("url = {https://example.org/arxiv.org/abs/x/y}", None),
    ],
)
def test_the_arxiv_id_from_eprint_or_url(fields: str, arxiv_id: str | None) -> None:
    (paper,) = _parse(f"@misc{{k, title = {{T}}, {fields}}}").papers
    assert paper.arxiv_id == arxiv_id


def test_every_field_of_an_entry() -> None:
    text = (
        "@Article{k,\n"
        "  TITLE = {{BERT}: Pre-training of {D}eep\n   Transformers},\n"
        '  Author = {Devlin, Jacob and  Ming-Wei Chang\n and {\\"O}zt{\\"u}rk, Ay{\\c{s}}e},\n'
        "  abstract = {We introduce \\emph{BERT}.},\n"
        "  doi = {https://doi.org/10.18653/v1/N19-1423},\n"
        "  url = {http://example.org/bert},\n"
        "  year = {2019},\n"
        "  keywords = {nlp, Transformers,, NLP},\n"
        "  journal = {NAACL},\n"
        "}\n"
    )
    (paper,) = _parse(text).papers
    assert paper.title == "BERT: Pre-training of Deep Transformers"
    assert paper.authors == ("Jacob Devlin", "Ming-Wei Chang", "Ay\u015fe \u00d6zt\u00fcrk")
    assert paper.abstract == "We introduce BERT."
    assert paper.doi == "10.18653/v1/N19-1423"
    assert paper.links == (
        ("URL", "http://example.org/bert"),
        ("DOI", "https://doi.org/10.18653/v1/N19-1423"),
    )
    assert paper.listing_date == "2019" and paper.listing_dates == ("2019",)
    assert paper.keywords == ("nlp", "Transformers")
    assert paper.journal_ref == "NAACL" and paper.source == "refs.bib"
    assert paper.arxiv_id is None and paper.id.startswith("title:")


def test_missing_fields_are_empty_and_odd_urls_are_not_links() -> None:
    (paper,) = _parse("@misc{k, title = {T}, url = {ftp://x.org/p}}").papers
    assert paper.links == () and paper.authors == () and paper.keywords == ()
    assert paper.listing_date is None and paper.doi is None and paper.journal_ref is None
    assert paper.abstract == ""


def test_a_failed_block_gives_the_parsers_reason_in_one_line() -> None:
    parsed = _parse("@misc{one, title = {One}}\n@misc{dup, title = {A}, title = {B}}\n")
    assert [paper.title for paper in parsed.papers] == ["One"]
    assert parsed.problems == [
        Problem(
            "2",
            "Duplicate field keys on entry: 'title'. Note: The entry (containing duplicates)"
            " is available as `failed_block.ignore_error_block`",
        )
    ]


def test_a_batch_the_parser_cannot_read_is_one_problem_and_the_next_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = bibtexparser.parse_string

    def parse_string(text: str):  # type: ignore[no-untyped-def]
        if "k3," in text:
            raise ValueError("broken\nbatch")
        return real(text)

    monkeypatch.setattr(bibtexparser, "parse_string", parse_string)
    lines = _entries(BATCH * 3)
    parsed = _parse("\n".join(lines))
    assert parsed.problems == [Problem("1", "broken batch")]
    assert len(parsed.papers) == 2 * BATCH and parsed.papers[0].title == f"T {BATCH}"


def test_an_entry_that_raises_is_skipped_and_reading_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = bibtex.build_paper  # type: ignore[attr-defined]

    def build_paper(**fields: object):  # type: ignore[no-untyped-def]
        if fields["title"] == "Bad":
            raise ValueError("bad\tvalue")
        return real(**fields)  # type: ignore[arg-type]

    monkeypatch.setattr(bibtex, "build_paper", build_paper)
    text = (
        "@misc{a, title={A}}\n@misc{b, title={Bad}}\n\n@misc{c, title={C}}\n@misc{d, title={Bad}}"
    )
    parsed = _parse(text)
    assert [paper.title for paper in parsed.papers] == ["A", "C"]
    assert parsed.problems == [Problem("2", "bad value"), Problem("5", "bad value")]


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Ada Lovelace", "Ada Lovelace"),
        ("Lovelace, Ada", "Ada Lovelace"),
        ("Smith, Jr., John", "John Smith Jr."),
        ("de la Fontaine, Jean", "Jean de la Fontaine"),
        ("Plato,", "Plato"),
    ],
)
def test_the_three_bibtex_name_forms_read_first_name_first(author: str, expected: str) -> None:
    """``Last, First`` and ``Last, Jr, First`` are reordered; a suffix stays after the name."""
    (paper,) = _parse(f"@misc{{k, title = {{T}}, author = {{{author} and Bo Li}}}}\n").papers
    assert paper.authors == (expected, "Bo Li")


class _Failed:
    """A library holding one failed block (what bibtexparser gives for a broken block)."""

    def __init__(self, error: Exception, start_line: int) -> None:
        from bibtexparser.model import ParsingFailedBlock

        self.failed_blocks = [ParsingFailedBlock(error, start_line, "@misc{x")]
        self.entries: list[object] = []
        self.strings: list[object] = []


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (ValueError(""), "cannot be parsed"),
        (ValueError("  \n"), "cannot be parsed"),
        (ValueError("x" * 300), "x" * 200),
        (ValueError("first line\nsecond line"), "first line"),
    ],
)
def test_a_failed_block_without_a_reason_or_a_long_one_gives_one_short_line(
    monkeypatch: pytest.MonkeyPatch, error: Exception, reason: str
) -> None:
    monkeypatch.setattr(bibtexparser, "parse_string", lambda text: _Failed(error, 2))
    assert _parse("@misc{x\n").problems == [Problem("3", reason)]


def test_a_block_broken_on_the_first_line_is_line_1_in_every_batch() -> None:
    parsed = _parse("@misc{broken, title = {unclosed\n")
    assert [problem.where for problem in parsed.problems] == ["1"]
    lines = _entries(BATCH + 5)
    lines[BATCH + 2] = "@misc{broken, title = {unclosed"
    parsed = _parse("\n".join(lines) + "\n")
    assert [problem.where for problem in parsed.problems] == [str(BATCH + 3)]
    assert len(parsed.papers) == BATCH + 4  # only the broken entry is lost
