"""Full-text layout: block labels, wrapping, blank lines, indents, sentences (issue 14).

The reading screen and ``reader read --plain`` show exactly these lines, and highlights map
back to the text through ``Line.block`` and ``Line.start``, so both are pinned here.
"""

from __future__ import annotations

import pytest

from reader.core.fulltext import (
    CAPTION,
    EQUATION,
    FOOTNOTE,
    HEADING,
    ITEM,
    PAGE,
    PARAGRAPH,
    REFERENCE,
    Block,
    Document,
)
from reader.core.fulltext_text import (
    BLANK,
    META,
    TITLE,
    Line,
    block_text,
    document_lines,
    layout,
    sentences,
)


def test_block_labels_show_numbers_the_way_papers_write_them() -> None:
    assert block_text(Block(HEADING, "Method", level=1, number="3.1")) == "3.1  Method"
    assert block_text(Block(HEADING, "Method", level=1)) == "Method"
    assert block_text(Block(EQUATION, "x = y", number="(2)")) == "x = y    (2)"
    assert block_text(Block(EQUATION, "x = y")) == "x = y"
    assert block_text(Block(FOOTNOTE, "See the appendix.", number="4")) == "[4] See the appendix."
    assert block_text(Block(FOOTNOTE, "See the appendix.")) == "See the appendix."
    assert block_text(Block(PAGE, "12")) == "— 12 —"
    # Numbers mean nothing on other kinds.
    assert block_text(Block(PARAGRAPH, "Text.", number="7")) == "Text."
    assert block_text(Block(ITEM, "Point.", number="7")) == "Point."


def paragraph_lines(text: str, width: int) -> list[tuple[str, int]]:
    document = Document(blocks=[Block(PARAGRAPH, text)])
    return [(line.text, line.start) for line in layout(document, width)]


def test_wrapping_breaks_at_the_last_space_that_fits_and_records_offsets() -> None:
    text = "xxxxx yyyyy zzzzz"
    assert paragraph_lines(text, 10) == [("xxxxx", 0), ("yyyyy", 6), ("zzzzz", 12)]
    # A space exactly at the width is a break point: the line is full.
    assert paragraph_lines("aaaaaaaaaa bbbbbbbbbb", 10) == [("aaaaaaaaaa", 0), ("bbbbbbbbbb", 11)]
    # A rest that exactly fills the width stays one line.
    assert paragraph_lines("aa bbbbbbbbbb", 10) == [("aa", 0), ("bbbbbbbbbb", 3)]
    assert paragraph_lines("aaaa bbbbb", 10) == [("aaaa bbbbb", 0)]
    assert paragraph_lines("xxxxxxxx yyyy zzzzz", 10) == [("xxxxxxxx", 0), ("yyyy zzzzz", 9)]
    # A trailing space (an abstract paragraph, a title) ends the text, not the layout.
    assert paragraph_lines("aaaaaaaaaa ", 10) == [("aaaaaaaaaa", 0)]
    assert paragraph_lines("aaaa bbbbbb", 10) == [("aaaa", 0), ("bbbbbb", 5)]


def test_a_word_longer_than_the_line_is_cut() -> None:
    assert paragraph_lines("a" * 25, 10) == [("a" * 10, 0), ("a" * 10, 10), ("a" * 5, 20)]
    assert paragraph_lines("ab " + "c" * 12, 10) == [("ab", 0), ("c" * 10, 3), ("cc", 13)]


def test_lines_never_get_narrower_than_ten_characters() -> None:
    assert paragraph_lines("aaaa bbbbb cc", 3) == [("aaaa bbbbb", 0), ("cc", 11)]
    assert paragraph_lines("abcdefghij", 1) == [("abcdefghij", 0)]
    assert paragraph_lines("abcdefghijk", 1) == [("abcdefghij", 0), ("k", 10)]
    # The indent is taken from the width, but the text still gets ten columns.
    item = layout(Document(blocks=[Block(ITEM, "aaaa bbbbb cc")]), 4)
    assert [line.text for line in item] == ["  aaaa bbbbb", "  cc"]


@pytest.mark.parametrize(
    ("kind", "indent"),
    [(ITEM, "  "), (EQUATION, "    "), (CAPTION, "  "), (FOOTNOTE, "  "), (REFERENCE, "")],
)
def test_every_wrapped_line_of_a_block_carries_its_indent(kind: str, indent: str) -> None:
    document = Document(blocks=[Block(kind, "alpha beta gamma delta")])
    lines = layout(document, 12 + len(indent))
    assert lines == [
        Line(indent + "alpha beta", kind, 0, 0),
        Line(indent + "gamma delta", kind, 0, 11),
    ]


def test_the_head_of_the_document_then_its_blocks() -> None:
    document = Document(
        title="A Long Title For Wrapping",
        authors=["Ada Lovelace", "Alan Turing"],
        abstract="First paragraph.\n\nSecond one.",
        blocks=[
            Block(HEADING, "Intro", level=1, number="1"),
            Block(PARAGRAPH, "Body text."),
            Block(ITEM, "one"),
            Block(ITEM, "two"),
            Block(EQUATION, "e = mc^2", number="(1)"),
            Block(PAGE, "2"),
            Block(REFERENCE, "[1] A. Author. A paper."),
        ],
    )
    assert layout(document, 20) == [
        Line("A Long Title For", TITLE),
        Line("Wrapping", TITLE, -1, 0),
        Line("Ada Lovelace, Alan", META),
        Line("Turing", META),
        Line("", BLANK),
        Line("Abstract", HEADING),
        Line("First paragraph.", META),
        Line("Second one.", META),
        Line("", BLANK, 0),
        Line("1  Intro", HEADING, 0, 0),
        Line("", BLANK, 1),
        Line("Body text.", PARAGRAPH, 1, 0),
        Line("  one", ITEM, 2, 0),
        Line("  two", ITEM, 3, 0),
        Line("", BLANK, 4),
        Line("    e = mc^2    (1)", EQUATION, 4, 0),
        Line("", BLANK, 5),
        Line("— 2 —", PAGE, 5, 0),
        Line("", BLANK, 6),
        Line("[1] A. Author. A", REFERENCE, 6, 0),
        Line("paper.", REFERENCE, 6, 17),
    ]
    assert document_lines(document, 20) == [line.text for line in layout(document, 20)]
    assert document_lines(document, 20)[-1] == "paper."


def test_only_headings_and_pages_get_a_blank_line_at_the_very_top() -> None:
    assert layout(Document(blocks=[Block(PARAGRAPH, "p")]), 40) == [Line("p", PARAGRAPH, 0, 0)]
    assert layout(Document(blocks=[Block(ITEM, "i"), Block(ITEM, "j")]), 40) == [
        Line("  i", ITEM, 0, 0),
        Line("  j", ITEM, 1, 0),
    ]
    assert layout(Document(blocks=[Block(HEADING, "H")]), 40) == [
        Line("", BLANK, 0),
        Line("H", HEADING, 0, 0),
    ]
    assert layout(Document(blocks=[Block(PAGE, "1")]), 40) == [
        Line("", BLANK, 0),
        Line("— 1 —", PAGE, 0, 0),
    ]
    # An item after a paragraph follows it directly (a list continues its lead-in).
    assert layout(Document(blocks=[Block(PARAGRAPH, "p"), Block(ITEM, "i")]), 40) == [
        Line("p", PARAGRAPH, 0, 0),
        Line("  i", ITEM, 1, 0),
    ]


def test_empty_parts_make_no_lines() -> None:
    assert layout(Document(), 40) == []
    assert document_lines(Document(), 40) == []
    # An empty block still separates, but shows no text line.
    assert layout(Document(title="T", blocks=[Block(PARAGRAPH, "")]), 40) == [
        Line("T", TITLE),
        Line("", BLANK, 0),
    ]


def test_sentences_split_after_end_marks_before_a_capital_digit_or_quote() -> None:
    text = 'One. Two! "Three?" (Four.) 5 is a number. [6] ref. e.g. lower stays.'

    def pieces(value: str) -> list[str]:
        return [value[a:b] for a, b in sentences(value)]

    assert pieces(text) == [
        "One.",
        "Two!",
        '"Three?"',
        "(Four.)",
        "5 is a number.",
        "[6] ref. e.g. lower stays.",
    ]
    assert pieces("It ended.\" Then 'quoted' went on.") == [
        'It ended."',
        "Then 'quoted' went on.",
    ]
    assert pieces("Tail.)]  Next") == ["Tail.)]", "Next"]
    assert sentences("No end mark") == [(0, 11)]
    assert sentences("") == [(0, 0)]
    assert sentences("A. B") == [(0, 2), (3, 4)]
