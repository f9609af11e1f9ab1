"""arXiv Atom feeds field by field, and how a broken feed is reported (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.formats.arxiv import parse_atom
from reader.core.formats.common import BytesText, Problem, SourceError

FEED = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"


def feed(*entries: str, head: str = "") -> bytes:
    body = "".join(f"<entry>{entry}</entry>" for entry in entries)
    return f'{head}<feed xmlns="{FEED}" xmlns:arxiv="{ARXIV}">{body}</feed>'.encode()


FULL = (
    "<id>http://arxiv.org/abs/2401.00001v2</id>"
    "<updated>2024-02-03T10:00:00Z</updated><published>2024-01-02T09:00:00Z</published>"
    "<title>Sparse\n  Attention</title><summary>An abstract.</summary>"
    "<author><name>Ada Lovelace</name></author><author><name>Alan Turing</name></author>"
    "<author><name>ada lovelace</name></author>"
    '<category term="cs.LG"/><category term="stat.ML"/><category term=""/>'
    "<arxiv:doi>10.1000/xyz123</arxiv:doi><arxiv:journal_ref>J. Tests 1 (2024)</arxiv:journal_ref>"
)


def test_every_field_of_an_entry_is_read() -> None:
    parsed = parse_atom(Path("feed.xml"), BytesText(feed(FULL)))
    assert parsed.problems == []
    (paper,) = parsed.papers
    assert paper.arxiv_id == "2401.00001" and paper.id == "2401.00001"
    assert paper.title == "Sparse Attention" and paper.abstract == "An abstract."
    assert paper.authors == ("Ada Lovelace", "Alan Turing")
    assert paper.keywords == ("cs.LG", "stat.ML")
    assert paper.date == "2024-01-02" and paper.update_date == "2024-02-03"
    assert paper.doi == "10.1000/xyz123" and paper.journal_ref == "J. Tests 1 (2024)"
    assert ("DOI", "https://doi.org/10.1000/xyz123") in paper.links
    assert paper.source == "feed.xml"


def test_an_entry_without_an_abs_link_has_no_arxiv_id() -> None:
    parsed = parse_atom(Path("f"), BytesText(feed("<id>urn:x:2401.00001</id><title>T</title>")))
    (paper,) = parsed.papers
    assert paper.arxiv_id is None and paper.id.startswith("title:")
    assert paper.doi is None and paper.journal_ref is None and paper.update_date is None


def test_untitled_entries_are_skipped_and_counted_by_number() -> None:
    parsed = parse_atom(
        Path("f"), BytesText(feed("<title>A</title>", "<id>x</id>", "<title>C</title>"))
    )
    assert [paper.title for paper in parsed.papers] == ["A", "C"]
    assert parsed.problems == [Problem("entry 2", "no title")]


def test_a_feed_cut_short_keeps_its_entries_and_names_the_line() -> None:
    data = feed("<title>A</title>").replace(b"</feed>", b"\n\n<entry><title>B</title>")
    parsed = parse_atom(Path("f"), BytesText(data))
    assert [paper.title for paper in parsed.papers] == ["A"]
    (problem,) = parsed.problems
    assert problem.where == "3"
    assert problem.reason.startswith("not valid XML (no element found: line 3")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<feed", "feed.xml: not valid XML (unclosed token: line 1, column 0)"),
        (b"<html><body/></html>", "feed.xml: expected an arXiv Atom <feed>, found <html>"),
        (
            f'<feed xmlns="{FEED}"><entry>'.encode(),
            "feed.xml: not valid XML (no element found: line 1, column 49)",
        ),
    ],
)
def test_a_file_that_is_no_feed_is_one_line(data: bytes, message: str) -> None:
    with pytest.raises(SourceError) as raised:
        parse_atom(Path("feed.xml"), BytesText(data))
    assert str(raised.value) == message


def test_a_long_foreign_root_tag_is_cut() -> None:
    with pytest.raises(SourceError) as raised:
        parse_atom(Path("f"), BytesText(f"<{'x' * 100}/>".encode()))
    assert str(raised.value) == f"f: expected an arXiv Atom <feed>, found <{'x' * 80}>"


def test_a_declared_encoding_is_read_as_the_utf8_it_arrives_in() -> None:
    head = '<?xml version="1.0" encoding="ISO-8859-1"?>'
    parsed = parse_atom(Path("f"), BytesText(feed("<title>Café</title>", head=head)))
    assert [paper.title for paper in parsed.papers] == ["Café"]
    unknown = '<?xml version="1.0" encoding="x-unknown-codec"?>'
    parsed = parse_atom(Path("f"), BytesText(feed("<title>Café</title>", head=unknown)))
    assert [paper.title for paper in parsed.papers] == ["Café"]


def test_control_bytes_are_dropped_not_fatal() -> None:
    parsed = parse_atom(Path("f"), BytesText(feed("<title>A\x01B\x0bC</title>")))
    assert [paper.title for paper in parsed.papers] == ["ABC"]


HOSTILE = "Atom Hostile \x1b]52;c;aGVsbG8=\x07 \x1b[2J\x1b[31mRED\x1b[0m \x1bPdcs\x1b\\evil\x1b(B"


def test_escape_sequences_in_a_feed_go_whole_as_in_every_other_format(tmp_path: Path) -> None:
    import json

    from reader.core.sources import parse_file

    atom = tmp_path / "feed.xml"
    atom.write_bytes(
        feed(
            f"<id>http://arxiv.org/abs/2401.00001v1</id><title>{HOSTILE}</title>"
            f"<summary>{HOSTILE}</summary><author><name>Ada {HOSTILE}</name></author>"
            "<published>2024-01-02T09:00:00Z</published>"
        )
    )
    lines = tmp_path / "same.jsonl"
    record = {"id": "2401.00001", "title": HOSTILE, "abstract": HOSTILE}
    record["authors"] = f"Ada {HOSTILE}"
    lines.write_text(json.dumps(record) + "\n")
    (from_atom,) = parse_file(atom).papers
    (from_lines,) = parse_file(lines).papers
    assert from_atom.title == from_lines.title == "Atom Hostile RED evil"
    assert from_atom.abstract == from_lines.abstract
    assert from_atom.authors == from_lines.authors
