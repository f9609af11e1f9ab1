"""Exports cannot be injected: CSV formulas, BibTeX fields closed early (issue 9.7, 10.2, 10.16)."""

from __future__ import annotations

import csv
import io
import re

import bibtexparser
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.export import export
from reader.core.models import Annotation, Paper


def no_annotation(paper: Paper) -> Annotation:
    return Annotation(paper.id)


def noted(paper: Paper) -> Annotation:
    return Annotation(paper.id, tags=("=cmd|' /C calc'!A0",), note="Read section 3.\nThen 4.")


_UNESCAPE = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\#": "#",
    r"\_": "_",
}
_ESCAPED = re.compile("|".join(re.escape(code) for code in _UNESCAPE))


def unescape(value: str) -> str:
    return _ESCAPED.sub(lambda match: _UNESCAPE[match.group()], value)


def test_csv_cells_that_start_a_formula_are_prefixed() -> None:
    paper = Paper(
        id="p",
        title='=HYPERLINK("http://evil","x")',
        abstract="+1 and more",
        authors=("-2+3", "@SUM(A1)"),
        links=(("URL", "\thttps://example.org"),),
    )
    rows = list(csv.DictReader(io.StringIO(export([paper], noted, "csv"))))
    row = rows[0]
    assert row["title"] == '\'=HYPERLINK("http://evil","x")'
    assert row["abstract"] == "'+1 and more"
    assert row["authors"] == "'-2+3; @SUM(A1)"
    assert row["tags"] == "'=cmd|' /C calc'!A0"
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_bibtex_link_cannot_close_its_field_and_stray_braces_balance() -> None:
    paper = Paper(
        id="p",
        title="Stray { brace and a } closing one}",
        links=(("URL", "https://github.com/a}, title = {INJECTED"),),
    )
    library = bibtexparser.parse_string(export([paper], no_annotation, "bib"))
    assert not library.failed_blocks
    (entry,) = library.entries
    fields = entry.fields_dict
    assert sorted(fields) == ["title", "url"]
    assert unescape(fields["title"].value[1:-1]) == paper.title
    assert "INJECTED" in fields["url"].value and "}" not in fields["url"].value


def test_bibtex_and_csv_carry_doi_journal_ref_and_the_publication_year() -> None:
    paper = Paper(
        id="0704.0001",
        title="Calculation of prompt diphoton production",
        arxiv_id="0704.0001",
        date="2007-04-02",
        listing_dates=("2008-11-26",),
        links=(
            ("arXiv", "https://arxiv.org/abs/0704.0001"),
            ("DOI", "https://doi.org/10.1103/PhysRevD.76.013009"),
        ),
        journal_ref="Phys.Rev.D76:013009,2007",
    )
    entry = bibtexparser.parse_string(export([paper], no_annotation, "bib")).entries[0]
    fields = entry.fields_dict
    assert fields["doi"].value == "10.1103/PhysRevD.76.013009"
    assert fields["journal"].value == "Phys.Rev.D76:013009,2007"
    assert fields["year"].value == "2007"
    row = next(csv.DictReader(io.StringIO(export([paper], no_annotation, "csv"))))
    assert row["doi"] == "10.1103/PhysRevD.76.013009"
    assert row["journal_ref"] == "Phys.Rev.D76:013009,2007"


def test_markdown_is_a_reading_log_with_abstract_link_and_note() -> None:
    paper = Paper(
        id="2401.1",
        title="A paper",
        abstract="We show that things work.",
        links=(("arXiv", "https://arxiv.org/abs/2401.1"),),
    )
    text = export([paper], noted, "md")
    assert "We show that things work." in text
    assert "<https://arxiv.org/abs/2401.1>" in text
    assert "> Read section 3.\n> Then 4." in text


_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60
).filter(lambda value: value.strip() == value and value.strip())


@settings(max_examples=300, deadline=None)
@given(
    title=_text,
    abstract=st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=80),
    authors=st.lists(_text.filter(lambda name: " and " not in f" {name} "), max_size=3),
    link=st.text(st.characters(blacklist_categories=["Cs"]), max_size=40),
    tags=st.lists(_text.filter(lambda tag: "," not in tag), max_size=3),
)
def test_every_bibtex_export_parses_back_with_its_fields_intact(
    title: str, abstract: str, authors: list[str], link: str, tags: list[str]
) -> None:
    papers = [
        Paper(
            id="x",
            title=title,
            abstract=abstract,
            authors=tuple(authors),
            links=(("URL", "https://example.org/" + link),),
        ),
        Paper(id="y", title="The next entry survives"),
    ]

    def annotation_of(paper: Paper) -> Annotation:
        return Annotation(paper.id, tags=tuple(tags))

    library = bibtexparser.parse_string(export(papers, annotation_of, "bib"))
    assert not library.failed_blocks
    assert len(library.entries) == 2
    fields = library.entries[0].fields_dict
    assert unescape(fields["title"].value[1:-1]) == title
    if abstract:
        assert unescape(fields["abstract"].value) == abstract
    if authors:
        assert unescape(fields["author"].value) == " and ".join(authors)
    if tags:
        assert unescape(fields["keywords"].value) == ", ".join(tags)
    assert "{" not in fields["url"].value and "}" not in fields["url"].value
    assert library.entries[1].fields_dict["title"].value == "{The next entry survives}"
