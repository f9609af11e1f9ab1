"""Exports: the date line, highlight quotes, verbatim URLs and hidden internal ids."""

from __future__ import annotations

import csv
import io

from reader.core.export import to_csv, to_markdown, verbatim_escape
from reader.core.models import Annotation, Highlight, Paper


def _unannotated(paper: Paper) -> Annotation:
    return Annotation(paper.id)


def test_markdown_gives_the_date_or_else_the_listing_date() -> None:
    dated = Paper(id="2401.00001", title="Dated", date="2024-03-15")
    listed = Paper(id="2401.00002", title="Listed", listing_date="Mar 13")
    neither = Paper(id="2401.00003", title="Neither")
    text = to_markdown([dated, listed, neither], _unannotated)
    assert "\n- Date: 2024-03-15\n" in text and "\n- Date: Mar 13\n" in text
    assert text.count("- Date:") == 2


def test_markdown_highlights_quote_section_and_note_paragraphs() -> None:
    paper = Paper(id="2401.00001", title="Marked")
    mark = Highlight(id="h1", quote="a key passage", section="2 Method", note="first\n\nthird")
    text = to_markdown([paper], lambda _: Annotation(paper.id, highlights=(mark,)))
    expected = "\n".join(
        [
            "- Status: unread",
            "",
            "**Highlights**",
            "",
            "> a key passage",
            "> — 2 Method",
            ">",
            "> **Note:** first",
            ">",
            "> third",
            "",
        ]
    )
    assert expected in text


def test_verbatim_escape_encodes_what_could_end_the_field_only() -> None:
    assert verbatim_escape("https://x.org/a b{X}\\y\tz") == "https://x.org/a%20b%7BX%7D%5Cy%09z"
    assert verbatim_escape("https://example.org/X_Y-1.pdf?q=A&b=!") == (
        "https://example.org/X_Y-1.pdf?q=A&b=!"
    )


def test_csv_hides_internal_title_ids() -> None:
    titled = Paper(id="", title="Known only by title")
    assert titled.id.startswith("title:")
    rows = list(csv.DictReader(io.StringIO(to_csv([titled], _unannotated))))
    assert rows[0]["id"] == "" and rows[0]["title"] == "Known only by title"
