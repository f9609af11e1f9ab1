"""Where a saved highlight is drawn: its quote found again, across paragraphs too."""

from __future__ import annotations

from reader.core.fulltext import CAPTION, HEADING, PARAGRAPH, Block, Document
from reader.core.fulltext_text import block_text, locate_quote

DOC = Document(
    blocks=[
        Block(HEADING, "Results", level=1, number="5"),
        Block(PARAGRAPH, "Deep inside, as shown in Figure 1."),
        Block(CAPTION, "Figure 1: Runtime against sequence length n."),
        Block(HEADING, "Discussion", level=1, number="6"),
        Block(PARAGRAPH, "Section 6 paragraph 1. More words follow here."),
        Block(PARAGRAPH, "Section 6 paragraph 2. And the end."),
        Block(PARAGRAPH, "Deep inside, as shown in Figure 1."),
    ]
)


def quoted(spans: list[tuple[int, int, int]]) -> str:
    return " ".join(block_text(DOC.blocks[b])[start:end] for b, start, end in spans)


def test_a_quote_inside_one_paragraph_is_one_span() -> None:
    assert locate_quote(DOC, "as shown in Figure 1.", 1) == [(1, 13, 34)]


def test_a_quote_starting_in_a_short_paragraph_continues_into_the_next() -> None:
    # The first block is shorter than 40 characters: the old lookup found nothing to draw.
    quote = "Deep inside, as shown in Figure 1. Figure 1: Runtime against sequence length n."
    spans = locate_quote(DOC, quote, 1)
    assert spans == [(1, 0, 34), (2, 0, 44)]
    assert quoted(spans) == quote


def test_a_quote_across_paragraphs_skips_the_headings_between_and_ends_mid_block() -> None:
    quote = "More words follow here. Section 6 paragraph 2."
    spans = locate_quote(DOC, quote, 4)
    assert spans == [(4, 23, 46), (5, 0, 22)]
    assert quoted(spans) == quote
    across_heading = "against sequence length n. Section 6 paragraph 1."
    assert locate_quote(DOC, across_heading, 2) == [(2, 18, 44), (4, 0, 22)]


def test_the_block_it_was_made_in_comes_first_then_anywhere() -> None:
    sentence = "Deep inside, as shown in Figure 1."
    assert locate_quote(DOC, sentence, 6) == [(6, 0, 34)]
    assert locate_quote(DOC, sentence, 1) == [(1, 0, 34)]
    assert locate_quote(DOC, sentence, 99) == [(1, 0, 34)]  # moved: the first place it is


def test_a_quote_no_longer_in_the_text_is_not_drawn() -> None:
    assert locate_quote(DOC, "Section 6 paragraph 1. Different words", 4) == []
    assert locate_quote(DOC, "nowhere at all", 1) == []
    assert locate_quote(DOC, "", 1) == []
    # It starts right but the document ends before the quote does.
    assert locate_quote(DOC, "Deep inside, as shown in Figure 1. Then more", 6) == []


def test_a_quote_whose_first_paragraph_ends_within_its_first_characters_is_found() -> None:
    # The lookup searched for the quote's first 20 characters, which here cross the break.
    document = Document(
        blocks=[
            Block(PARAGRAPH, "Intro. Alpha one."),
            Block(HEADING, "Two", level=1, number="2"),
            Block(PARAGRAPH, "Beta two. Gamma."),
        ]
    )
    assert locate_quote(document, "Alpha one. Beta two.", 0) == [(0, 7, 17), (2, 0, 9)]
    assert locate_quote(document, "one. Beta two. Gamma.", 2) == [(0, 13, 17), (2, 0, 16)]
    assert locate_quote(document, ". Beta", 0) == [(0, 16, 17), (2, 0, 4)]
    assert locate_quote(document, "Alpha one. Delta", 0) == []
