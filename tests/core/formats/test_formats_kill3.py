"""The format registry: what the first bytes of a file say it is, and the parsers named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.formats import FORMAT_PARSERS, FORMATS, detect_format, load_parser
from reader.core.formats.arxiv import parse_atom, parse_snapshot
from reader.core.formats.bibtex import parse_bibtex
from reader.core.formats.hf_daily import parse_hf_daily
from reader.core.formats.reader_json import parse_reader_file
from reader.core.formats.trending import parse_trending


def test_every_format_names_its_parser() -> None:
    assert FORMATS == ("trending", "hf-daily", "arxiv-jsonl", "atom", "bibtex", "reader-json")
    assert tuple(FORMAT_PARSERS) == FORMATS
    assert load_parser("trending") is parse_trending
    assert load_parser("hf-daily") is parse_hf_daily
    assert load_parser("arxiv-jsonl") is parse_snapshot
    assert load_parser("atom") is parse_atom
    assert load_parser("bibtex") is parse_bibtex
    assert load_parser("reader-json") is parse_reader_file
    with pytest.raises(KeyError):
        load_parser("csv")


@pytest.mark.parametrize(
    "lead", [b"\xef\xbb\xbf", b" ", b"\t", b"\r", b"\n", b"\xef\xbb\xbf\r\n \t"]
)
def test_a_bom_and_blank_space_before_the_content_are_skipped(lead: bytes) -> None:
    assert detect_format(lead + b"[1]") == "hf-daily"
    assert detect_format(lead + b"<feed/>") == "atom"
    assert detect_format(lead + b"@misc{x, title={t}}") == "bibtex"
    assert detect_format(lead + b'{"id": "1", "abstract": "a"}') == "arxiv-jsonl"


def _padded_export(width: int) -> bytes:
    """An object whose ``"reader_export"`` key ends at byte ``width``."""
    key = b'"reader_export"'
    return b"{" + b" " * (width - 1 - len(key)) + key + b': 1, "papers": []}'


def test_the_export_key_counts_within_the_first_200_bytes() -> None:
    assert detect_format(_padded_export(200)) == "reader-json"
    assert detect_format(_padded_export(201)) == "hf-daily"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'{"id": "1", "title": "x"}   \n{"id": "2"}', "arxiv-jsonl"),
        (b'{"id": "1", "title": "x"}\r\n{"id": "2"}', "arxiv-jsonl"),
        (b'{"id": "1", "title": "x"}', "arxiv-jsonl"),
        (b'{"title": "x", "abstract": "y"}\n', "arxiv-jsonl"),
        (b'{"title": "x", "summary": "y"}\n{"id": "2"}', "hf-daily"),
        (b'{"papers": [\n{"id": "1"}]}', "hf-daily"),
        (b'{"x": 1} {"id": "1"}\n', "arxiv-jsonl"),
    ],
)
def test_json_lines_need_a_whole_first_object_with_an_id_or_abstract(
    head: bytes, kind: str
) -> None:
    assert detect_format(head) == kind


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'"a string"', "hf-daily"),
        (b'"a string"  \n', "hf-daily"),
        (b'"unclosed', "trending"),
        (b'"quoted" title\n', "trending"),
        (b'"a"\n\n"b"', "trending"),
    ],
)
def test_a_bare_json_string_is_json_and_a_quoted_title_is_not(head: bytes, kind: str) -> None:
    assert detect_format(head) == kind


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"@misc{x, title={t}}", "bibtex"),
        (b"@comment nothing", "bibtex"),  # starts with @: read (and explained) as BibTeX
        (b"Notes\n@Article{x, title={t}}", "bibtex"),
        (b"Notes\n@MISC{x, title={t}}", "bibtex"),
        (b"Notes\n@inproceedings{x, title={t}}", "trending"),
        (b"\x0c\n@inproceedings{x, title={t}}", "bibtex"),  # only a form feed before the @
        (b"Notes\n@article x\nno braces", "trending"),
        (b"Notes @article{x, title={t}}", "trending"),
        (b"A title\n\n" + b"x" * 5000 + b"\n@article{x, title={t}}", "trending"),
    ],
)
def test_bibtex_is_an_entry_at_the_start_of_a_line(head: bytes, kind: str) -> None:
    assert detect_format(head) == kind


def test_the_bibtex_hints_must_be_in_the_first_4096_bytes() -> None:
    entry = b"\n@article{x, title={t}}"
    within = b"Notes {" + b"x" * (4096 - len(b"Notes {") - 2)  # "\n@" ends at byte 4096
    assert len(within + b"\n@") == 4096
    assert detect_format(within + entry) == "bibtex"
    assert detect_format(within + b"y" + entry) == "trending"
    # The "{" too: the last of the first 4096 bytes, or the next one.
    brace = b"Notes\n@ " + b"x" * (4095 - len(b"Notes\n@ "))
    assert detect_format(brace + b"{" + entry) == "bibtex"
    assert detect_format(brace + b"y{" + entry) == "trending"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'{"id": "2401.00001", "title": "' + b"long " * 20_000, "arxiv-jsonl"),
        (b'{ "id" :"2401.00001", "title": "' + b"long " * 20_000, "arxiv-jsonl"),
        (b'{"title": "' + b"long " * 20_000, "hf-daily"),  # not a snapshot's first key
        (b'{"id": 7, "title": "' + b"long " * 20_000, "hf-daily"),  # ids are text there
        (b'{"id": "x"\n{"id": "y"}', "hf-daily"),  # a whole first line that is no record
    ],
)
def test_a_first_record_longer_than_the_head_is_named_by_its_id_key(head: bytes, kind: str) -> None:
    assert detect_format(head) == kind


def test_an_arxiv_snapshot_whose_first_record_is_huge_is_read_whole(tmp_path: Path) -> None:
    """Its first line did not fit the 64 KB head: the file was refused as one bad JSON."""
    from reader.core.sources import parse_file

    first = {"id": "2401.00001", "title": "Big " + "word " * 20_000, "abstract": "a"}
    second = {"id": "2401.00002", "title": "Small", "abstract": "b"}
    source = tmp_path / "snapshot.jsonl"
    source.write_text(f"{json.dumps(first)}\nnot json\n{json.dumps(second)}\n")
    parsed = parse_file(source)
    assert [paper.arxiv_id for paper in parsed.papers] == ["2401.00001", "2401.00002"]
    assert len(parsed.papers[0].title) == len(first["title"].strip())
    assert [problem.where for problem in parsed.problems] == ["2"]
