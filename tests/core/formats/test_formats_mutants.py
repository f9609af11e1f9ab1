"""Parsers skip a bad record and carry on; every field of a good one arrives (issue 14).

A ``continue`` turned into ``break``, a dropped DOI or Atom abstract, or ``forbid_dtd``
switched off all survived the earlier tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.sources import SourceError, parse_file


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _jsonl(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


GOOD = {
    "id": "2401.00001",
    "title": "First  Good\n Paper",
    "abstract": "  An abstract\nover lines. ",
    "authors": "A. One, B. Two and C. Three",
    "doi": "10.1000/abc extra words",
    "categories": "cs.LG stat.ML",
    "update_date": "2024-01-05",
    "versions": [{"version": "v1", "created": "Mon, 1 Jan 2024 10:00:00 GMT"}],
}


def test_snapshot_skips_bad_lines_and_carries_on(tmp_path: Path) -> None:
    text = _jsonl(
        GOOD,
        "{not json",
        "",
        ["an", "array"],
        {"id": "2401.00003", "title": ""},
        {"id": "2401.00004", "title": "Last Paper", "authors_parsed": [["Doe", "Jane", ""]]},
    )
    parsed = parse_file(_write(tmp_path, "snap.jsonl", text))
    assert [paper.title for paper in parsed.papers] == ["First Good Paper", "Last Paper"]
    assert [problem.where for problem in parsed.problems] == ["2", "4", "5"]
    assert parsed.problems[1].reason == "not an object but list"
    assert parsed.problems[2].reason == "no title"
    assert parsed.problems[0].reason.startswith("not valid JSON (")


def test_snapshot_record_fields(tmp_path: Path) -> None:
    parsed = parse_file(_write(tmp_path, "snap.jsonl", _jsonl(GOOD)))
    (paper,) = parsed.papers
    assert paper.id == paper.arxiv_id == "2401.00001"
    assert paper.abstract == "An abstract over lines."
    assert paper.authors == ("A. One", "B. Two", "C. Three")
    assert paper.links == (
        ("arXiv", "https://arxiv.org/abs/2401.00001"),
        ("PDF", "https://arxiv.org/pdf/2401.00001"),
        ("DOI", "https://doi.org/10.1000/abc"),
    )
    assert paper.keywords == ("cs.LG", "stat.ML")
    assert paper.date == paper.listing_date == "2024-01-01"  # the first version
    assert paper.update_date == "2024-01-05" and paper.doi == "10.1000/abc"
    assert paper.sources == (str(tmp_path / "snap.jsonl"),)


def test_snapshot_parsed_author_names_win_over_the_string(tmp_path: Path) -> None:
    record = {
        **GOOD,
        "authors_parsed": [["Lovelace", "Ada", ""], ["Turing", "", "Jr"], "junk", ["Solo"]],
    }
    (paper,) = parse_file(_write(tmp_path, "snap.jsonl", _jsonl(record))).papers
    assert paper.authors == ("Ada Lovelace", "Turing", "Solo")


def test_snapshot_author_string_naming_more_people_wins(tmp_path: Path) -> None:
    # A new user saw two of four authors: the record's authors_parsed was cut short.
    record = {
        **GOOD,
        "authors": "C. Bal\\'azs, E. L. Berger, P. M. Nadolsky and C.-P. Yuan",
        "authors_parsed": [["Bal\\'azs", "C.", ""], ["Berger", "E. L.", ""]],
    }
    (paper,) = parse_file(_write(tmp_path, "snap.jsonl", _jsonl(record))).papers
    assert paper.authors == ("C. Bal\\'azs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan")
    record["authors"] = "C. Balazs and E. L. Berger"  # as many: the parsed names stay
    (same,) = parse_file(_write(tmp_path, "snap2.jsonl", _jsonl(record))).papers
    assert same.authors == ("C. Bal\\'azs", "E. L. Berger")


def test_snapshot_without_update_date_uses_the_first_version(tmp_path: Path) -> None:
    record = {key: value for key, value in GOOD.items() if key != "update_date"}
    record["versions"] = [
        {"version": "v1", "created": "Mon, 1 Jan 2024 10:00:00 GMT"},
        {"version": "v2", "created": "Tue, 5 Mar 2024 10:00:00 GMT"},
    ]
    (paper,) = parse_file(_write(tmp_path, "snap.jsonl", _jsonl(record))).papers
    assert paper.date == paper.listing_date == "2024-01-01" and paper.update_date is None
    record["versions"] = []
    (bare,) = parse_file(_write(tmp_path, "snap2.jsonl", _jsonl(record))).papers
    assert bare.listing_date is None and bare.date is None


def test_snapshot_record_without_id_or_optional_fields(tmp_path: Path) -> None:
    record = {"title": "Only a title", "abstract": None, "doi": None, "categories": ""}
    (paper,) = parse_file(_write(tmp_path, "snap.jsonl", _jsonl(record))).papers
    assert paper.arxiv_id is None and paper.id.startswith("title:")
    assert paper.links == () and paper.keywords == () and paper.abstract == ""
    assert paper.authors == ()


ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry>
    <id>http://arxiv.org/abs/2305.07759v2</id>
    <published>2023-05-12T17:59:59Z</published>
    <title>TinyStories:
  How Small</title>
    <summary>  Language <b>models</b> are
tools.</summary>
    <author><name>Ronen Eldan</name></author>
    <author><name>Yuanzhi Li</name></author>
    <author><name></name></author>
    <arxiv:doi>10.48550/arXiv.2305.07759</arxiv:doi>
    <category term="cs.CL"/>
    <category term="cs.AI"/>
    <category/>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2401.00002v1</id>
    <title> </title>
  </entry>
  <entry>
    <id>urn:other:1</id>
    <title>No arXiv id</title>
  </entry>
</feed>
"""


def test_atom_entries_every_field_and_skip_and_continue(tmp_path: Path) -> None:
    parsed = parse_file(_write(tmp_path, "feed.xml", ATOM))
    first, last = parsed.papers
    assert first.id == first.arxiv_id == "2305.07759"
    assert first.title == "TinyStories: How Small"
    assert first.abstract == "Language models are tools."
    assert first.authors == ("Ronen Eldan", "Yuanzhi Li")
    assert first.keywords == ("cs.CL", "cs.AI")
    assert first.date == first.listing_date == "2023-05-12"
    assert first.links[-1] == ("DOI", "https://doi.org/10.48550/arXiv.2305.07759")
    assert first.links[0] == ("arXiv", "https://arxiv.org/abs/2305.07759")
    assert last.title == "No arXiv id" and last.arxiv_id is None and last.links == ()
    assert last.date is None and last.abstract == "" and last.authors == ()
    assert [(p.where, p.reason) for p in parsed.problems] == [("entry 2", "no title")]


def test_atom_with_a_dtd_is_refused_even_without_entities(tmp_path: Path) -> None:
    text = ATOM.replace("<feed ", "<!DOCTYPE feed [<!ELEMENT feed ANY>]>\n<feed ", 1)
    path = _write(tmp_path, "dtd.xml", text)
    with pytest.raises(SourceError) as caught:
        parse_file(path)
    assert str(caught.value) == f"{path}: refused unsafe XML (DTDForbidden)"


def test_atom_errors_are_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "other.xml", "<rss><channel/></rss>")
    with pytest.raises(SourceError) as caught:
        parse_file(path)
    assert str(caught.value) == (f"{path}: expected an arXiv Atom <feed>, found <rss>")
    broken = _write(
        tmp_path, "broken.xml", "<feed xmlns='http://www.w3.org/2005/Atom'><entry></feed>"
    )
    with pytest.raises(SourceError) as caught:
        parse_file(broken)
    assert str(caught.value).startswith(f"{broken}: not valid XML (")


def test_hf_items_skip_and_continue_with_every_field(tmp_path: Path) -> None:
    items = [
        "junk",
        {
            "paper": {
                "id": "2402.00001v3",
                "title": "Nested",
                "upvotes": "7",
                "authors": [{"name": "A B"}, "C D", {"nope": 1}],
                "githubRepo": "ftp://not-http",
                "projectPage": "http://p.example",
                "publishedAt": "2024-02-01T00:00:00Z",
                "ai_keywords": ["x", "X", "y"],
            },
            "numComments": 4,
        },
        {"paper": "not a dict", "title": "Top", "upvotes": True, "ai_keywords": "str"},
        {"title": ""},
        {"title": "Last", "paper": {"title": "", "summary": []}, "summary": "S"},
    ]
    one_per_line = "[\n" + ",\n".join(json.dumps(item) for item in items) + "\n]"
    parsed = parse_file(_write(tmp_path, "hf.json", one_per_line))
    nested, last = parsed.papers
    assert nested.id == "2402.00001" and nested.upvotes == 7 and nested.comments == 4
    assert nested.authors == ("A B", "C D")
    assert nested.links[-1] == ("Project page", "http://p.example")
    assert ("GitHub", "ftp://not-http") not in nested.links
    assert nested.keywords == ("x", "y")
    assert nested.date == nested.listing_date == "2024-02-01"
    assert last.abstract == "S"
    assert [(p.where, p.reason) for p in parsed.problems] == [
        ("2", "not an object but str"),  # record N starts on line N + 1
        ("4", "upvotes is not a count: 'True'"),
        ("5", "no title"),
    ]


def test_hf_wrapper_object_with_papers(tmp_path: Path) -> None:
    data = {"papers": [{"title": "Wrapped"}]}
    parsed = parse_file(_write(tmp_path, "hf.json", json.dumps(data)))
    assert [paper.title for paper in parsed.papers] == ["Wrapped"]


def test_bibtex_skips_bad_entries_and_carries_on(tmp_path: Path) -> None:
    text = (
        '@misc{first, title = {First}, author = {M{\\"u}ller, J{\\"o}rg and Smith, Anna},\n'
        "  doi = {10.1/x}, url = {https://example.org/p}, year = {2023},\n"
        "  keywords = {a, b ,, a}}\n\n"
        "@misc{notitle, author = {Nobody}}\n\n"
        "@misc{second, title = {Second}, eprint = {2401.00009v2}, archivePrefix = {arXiv}}\n\n"
        "@misc{third, title = {Third}, url = {https://arxiv.org/pdf/2402.00001v1.pdf}}\n\n"
        "@misc{fourth, title = {Fourth}, eprint = {hep/1}, archivePrefix = {other}}\n"
    )
    parsed = parse_file(_write(tmp_path, "refs.bib", text))
    first, second, third, fourth = parsed.papers
    assert first.authors == ("Jörg Müller", "Anna Smith")
    assert first.links == (("URL", "https://example.org/p"), ("DOI", "https://doi.org/10.1/x"))
    assert first.listing_date == "2023" and first.keywords == ("a", "b")
    assert second.arxiv_id == "2401.00009"
    assert third.arxiv_id == "2402.00001"
    assert ("URL", "https://arxiv.org/pdf/2402.00001v1.pdf") not in third.links
    assert fourth.arxiv_id is None
    assert [(p.where, p.reason) for p in parsed.problems] == [("5", "entry 'notitle' has no title")]
