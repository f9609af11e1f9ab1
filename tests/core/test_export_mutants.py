"""Exports of papers that have authors, links and DOIs, checked line by line (issue 14).

The bundled sample has no authors or links, so the Markdown link/author lines, CSV list cells
and BibTeX key suffixes never ran.  Here the exact output is the contract.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.core.export import (
    cite_key,
    export,
    latex_escape,
    record,
    to_bibtex,
    to_csv,
    to_json,
    to_markdown,
)
from reader.core.models import PAPER_FIELDS, Annotation, Paper, Status
from reader.core.sources import parse_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

FULL = Paper(
    id="2403.09611",
    title="SAM-CLIP: Merging Models",
    abstract="Merges {two} models & more.",
    listing_date="2024-03-15",
    source="hf.json",
    title_key="k",
    arxiv_id="2403.09611",
    authors=("Haoxiang Wang", "Ada Lovelace"),
    links=(
        ("arXiv", "https://arxiv.org/abs/2403.09611"),
        ("DOI", "https://doi.org/10.1/x"),
    ),
    date="2024-03-14",
    upvotes=12,
    keywords=("vision", "distillation"),
    comments=3,
    listing_dates=("2024-03-15", "2024-03-16"),
    sources=("hf.json", "arxiv.jsonl"),
)
BARE = Paper(id="title:abc", title="On the Bare Paper")

NOTES = {
    FULL.id: Annotation(
        FULL.id,
        Status.READING,
        ("vision", "to-read"),
        "First line\n\nthird line",
        "2024-03-20T10:00:00+00:00",
        "2024-03-21T10:00:00+00:00",
        "2024-03-21T10:00:00+00:00",
    ),
}


def annotation_of(paper: Paper) -> Annotation:
    return NOTES.get(paper.id, Annotation(paper.id))


def test_markdown_is_exactly_the_reading_log() -> None:
    text = to_markdown([FULL, BARE], annotation_of, "tag:vision")
    head, body = text.split("\n---\n", 1)
    exported = head.split("\n")[2]
    assert exported.startswith('exported: "') and exported.endswith('+00:00"')
    stamp = datetime.fromisoformat(json.loads(exported.split(": ", 1)[1]))
    assert abs((datetime.now(UTC) - stamp).total_seconds()) < 60
    assert head.split("\n")[:2] + head.split("\n")[3:] == [
        "---",
        'title: "Reading log"',
        'query: "tag:vision"',
        "papers: 2",
        'tags: ["to-read","vision"]',
    ]
    assert body == "\n".join(
        [
            "",
            "# Reading log",
            "",
            "## SAM-CLIP: Merging Models",
            "",
            "- Link: <https://arxiv.org/abs/2403.09611>",
            "- Authors: Haoxiang Wang, Ada Lovelace",
            "- Date: 2024-03-14",
            "- DOI: [10.1/x](https://doi.org/10.1/x)",
            "- Status: reading",
            "- Tags: #vision #to-read",
            "- arXiv: `2403.09611`",
            "",
            "**Note**",
            "",
            "> First line",
            ">",
            "> third line",
            "",
            "**Abstract**",
            "",
            "Merges {two} models & more.",
            "",
            "## On the Bare Paper",
            "",
            "- Status: unread",
            "",
        ]
    )
    assert (
        export([FULL, BARE], annotation_of, "md", "tag:vision").split("\n")[3:]
        == (text.split("\n")[3:])
    )


def test_markdown_of_nothing_still_has_front_matter() -> None:
    lines = to_markdown([], annotation_of).split("\n")
    assert lines[3:] == ['query: ""', "papers: 0", "tags: []", "---", "", "# Reading log", ""]


def test_bibtex_entries_are_exact() -> None:
    text = to_bibtex([FULL, BARE], annotation_of)
    assert text == (
        "@misc{wang2024samclip,\n"
        "  title = {{SAM-CLIP: Merging Models}},\n"
        "  author = {Haoxiang Wang and Ada Lovelace},\n"
        "  year = {2024},\n"
        "  eprint = {2403.09611},\n"
        "  archivePrefix = {arXiv},\n"
        "  doi = {10.1/x},\n"
        "  url = {https://arxiv.org/abs/2403.09611},\n"
        r"  abstract = {Merges \textbraceleft{}two\textbraceright{} models \& more.}," + "\n"
        "  keywords = {vision, to-read}\n"
        "}\n"
        "\n"
        "@misc{anonbare,\n"
        "  title = {{On the Bare Paper}}\n"
        "}\n"
    )
    assert export([FULL, BARE], annotation_of, "bib") == text


def test_bibtex_keys_get_letter_suffixes_then_numbers() -> None:
    papers = [Paper(id=f"p{n}", title="Same Title", authors=("Jo Doe",)) for n in range(29)]
    text = to_bibtex(papers, annotation_of)
    keys = [line[len("@misc{") : -1] for line in text.splitlines() if line.startswith("@misc{")]
    assert keys[:4] == ["doesame", "doesamea", "doesameb", "doesamec"]
    assert keys[26:] == ["doesamez", "doesame27", "doesame28"]
    assert len(set(keys)) == 29


@pytest.mark.parametrize(
    ("paper", "key"),
    [
        (
            Paper(id="a", title="A Study", authors=("Jörg Müller",), date="2024-01-02"),
            "muller2024study",
        ),
        (Paper(id="a", title="Deep", authors=("Plato",)), "platodeep"),
        (Paper(id="a", title="The Of And", authors=("X Y",)), "ypaper"),
        (Paper(id="a", title="!!! Go", authors=("李",)), "anongo"),
        (Paper(id="a", title="Be Do Is Are With To Real"), "anonreal"),
        (Paper(id="a", title="X", listing_dates=("Mar 13", "2023-05-01")), "anon2023x"),
        (Paper(id="a", title="X", listing_date="2022-01-01"), "anon2022x"),
        (Paper(id="a", title="X", listing_date="Mar 13"), "anonx"),
        (Paper(id="a", title="X", arxiv_id="2105.00001"), "anon2021x"),
        (Paper(id="a", title="X", arxiv_id="hep-th/9901001"), "anonx"),
        (Paper(id="a", title="X", date="2020-01-01", arxiv_id="2105.00001"), "anon2020x"),
        (Paper(id="a", title="An Ode", authors=("Ann Lee-Smith Jr",)), "jrode"),
    ],
)
def test_cite_key_parts(paper: Paper, key: str) -> None:
    assert cite_key(paper) == key


def test_latex_escape_covers_every_special() -> None:
    assert latex_escape(r"\{}&%$#_~^") == (
        r"\textbackslash{}\textbraceleft{}\textbraceright{}\&\%\$\#\_"
        r"\textasciitilde{}\textasciicircum{}"
    )
    assert latex_escape("plain text") == "plain text"


def test_csv_cells_join_lists_and_pairs() -> None:
    text = to_csv([FULL, BARE], annotation_of)
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert header[: len(PAPER_FIELDS)] == list(PAPER_FIELDS)
    assert header[len(PAPER_FIELDS) :] == [
        "status",
        "tags",
        "note",
        "created",
        "updated",
        "status_changed",
    ]
    full = dict(zip(header, rows[1], strict=True))
    assert full["authors"] == "Haoxiang Wang; Ada Lovelace"
    assert full["links"] == ("arXiv https://arxiv.org/abs/2403.09611; DOI https://doi.org/10.1/x")
    assert full["upvotes"] == "12" and full["comments"] == "3"
    assert full["listing_dates"] == "2024-03-15; 2024-03-16"
    assert full["tags"] == "vision; to-read" and full["status"] == "reading"
    assert full["note"] == "First line\n\nthird line"
    assert full["status_changed"] == "2024-03-21T10:00:00+00:00"
    bare = dict(zip(header, rows[2], strict=True))
    assert bare["upvotes"] == "" and bare["date"] == "" and bare["links"] == ""
    assert bare["status"] == "unread" and bare["created"] == "" and bare["tags"] == ""
    assert len(rows) == 3
    assert export([FULL, BARE], annotation_of, "csv") == text


def test_json_record_holds_every_field_as_plain_values() -> None:
    data = record(FULL, NOTES[FULL.id])
    assert list(data) == [*PAPER_FIELDS, "annotation"]
    assert data["links"] == [
        ["arXiv", "https://arxiv.org/abs/2403.09611"],
        ["DOI", "https://doi.org/10.1/x"],
    ]
    assert data["authors"] == ["Haoxiang Wang", "Ada Lovelace"]
    assert data["annotation"] == {
        "status": "reading",
        "tags": ["vision", "to-read"],
        "note": "First line\n\nthird line",
        "created": "2024-03-20T10:00:00+00:00",
        "updated": "2024-03-21T10:00:00+00:00",
        "status_changed": "2024-03-21T10:00:00+00:00",
    }


def test_json_document_shape() -> None:
    text = to_json([FULL, BARE], annotation_of, "q")
    assert text.endswith("}\n") and text.startswith('{\n  "reader_export": 1,')
    document = json.loads(text)
    assert list(document) == ["reader_export", "exported", "query", "papers"]
    assert document["query"] == "q" and len(document["papers"]) == 2
    assert document["papers"][1]["annotation"]["status"] == "unread"
    assert export([FULL], annotation_of, "json")  # default query
    assert json.loads(export([FULL], annotation_of, "json"))["query"] == ""


def test_unknown_format_is_one_line() -> None:
    with pytest.raises(ValueError) as caught:
        export([FULL], annotation_of, "pdf")
    assert str(caught.value) == "unknown export format 'pdf'; use one of md, bib, csv, json"


@pytest.mark.parametrize("name", ["hf-daily.json", "arxiv-snapshot.jsonl", "references.bib"])
def test_exports_of_parsed_fixtures_carry_authors_and_links(name: str) -> None:
    papers = parse_file(FIXTURES / name).papers
    with_authors = [paper for paper in papers if paper.authors and paper.links]
    assert with_authors
    markdown = to_markdown(papers, annotation_of)
    for paper in with_authors:
        assert f"- Authors: {', '.join(paper.authors)}" in markdown
        assert f"- Link: <{paper.links[0][1]}>" in markdown
    rows = list(csv.DictReader(io.StringIO(to_csv(papers, annotation_of))))
    assert [row["id"] for row in rows] == [paper.id for paper in papers]
    for row, paper in zip(rows, papers, strict=True):
        assert row["authors"] == "; ".join(paper.authors)
        assert row["links"] == "; ".join(f"{label} {url}" for label, url in paper.links)
    bib = to_bibtex(papers, annotation_of)
    assert bib.count("@misc{") == len(papers)
    for paper in with_authors:
        assert f"  url = {{{paper.links[0][1]}}}" in bib


def test_doi_links_reach_every_export() -> None:
    papers = parse_file(FIXTURES / "arxiv-snapshot.jsonl").papers
    diphoton = next(paper for paper in papers if paper.arxiv_id == "0704.0001")
    assert ("DOI", "https://doi.org/10.1103/PhysRevD.76.013009") in diphoton.links
    row = next(csv.DictReader(io.StringIO(to_csv([diphoton], annotation_of))))
    assert "DOI https://doi.org/10.1103/PhysRevD.76.013009" in row["links"]
    document = json.loads(to_json([diphoton], annotation_of))
    assert ["DOI", "https://doi.org/10.1103/PhysRevD.76.013009"] in document["papers"][0]["links"]
