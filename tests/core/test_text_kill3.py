"""text: escape sequences and controls removed, one-line and block cleaning, ids, LaTeX."""

from __future__ import annotations

import hashlib

import pytest

from reader.core.text import (
    clean_block,
    clean_line,
    collapse_whitespace,
    is_plain_line,
    is_printable,
    latex_to_unicode,
    make_paper_id,
    needs_cleaning,
    normalise_arxiv_id,
    normalise_title,
    plain_lines,
    plural,
    strip_control,
    title_key,
)


@pytest.fixture(autouse=True)
def _fresh_latex_cache() -> None:
    """latex_to_unicode remembers answers: start each test without them."""
    latex_to_unicode.cache_clear()


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("a\x1b[31mred\x1b[0m", "ared"),  # CSI with parameters
        ("a\x1b[?25lb", "ab"),  # private CSI
        ("a\x1b[1 qb", "ab"),  # CSI with an intermediate byte
        ("a\x9b2Jb", "ab"),  # 8-bit CSI
        ("a\x1b]8;;http://x\x07link\x1b]8;;\x07b", "alinkb"),  # OSC 8 ended by BEL
        ("a\x1b]0;title\x1b\\b", "ab"),  # OSC ended by ST
        ("a\x1bPq#0;1\x1b\\b", "ab"),  # DCS (sixel)
        ("a\x1b_apc\x1b\\b", "ab"),
        ("a\x1b^pm\x07b", "ab"),
        ("a\x1bXsos\x07b", "ab"),
        ("a\x9d0;t\x9cb", "ab"),  # 8-bit OSC ended by 8-bit ST
        ("a\x9d0;t\x07b", "ab"),
        ("a\x90dcs\x1b\\b", "ab"),
        ("a\x1bMb", "ab"),  # reverse index (Fe)
        ("a\x1b(Bb", "ab"),  # nF: charset
        ("a\x1b=b", "ab"),  # Fp
        ("a\x1bcb", "ab"),  # Fs: full reset
        ("ab\x1b", "ab"),  # a lone ESC
        ("a\x00b\x08c\x0bd\x0ce\x0df\x7fg\x85h", "abcdefgh"),
        ("a\u202eb\u2066c\u2069d\u202ae", "abcde"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("caf\u00e9 \u4e2d\u6587", "caf\u00e9 \u4e2d\u6587"),
    ],
)
def test_strip_control(dirty: str, clean: str) -> None:
    assert strip_control(dirty) == clean


def test_is_printable_and_plain_lines() -> None:
    assert is_printable("plain ascii") and is_printable("caf\u00e9") and is_printable("")
    assert not is_printable("tab\there") and not is_printable("del\x7f")
    assert not is_printable("\u2028") and not is_printable("\x85")
    assert plain_lines("one\ntwo\tthree") and plain_lines("")
    assert not plain_lines("one\rtwo") and not plain_lines("bell\x07")
    assert not plain_lines("caf\u00e9")  # not ASCII: each line is checked


def test_needs_cleaning_finds_what_the_cleaners_change() -> None:
    for text in ("a\x00", "a\x1f", "a\x7f", "a\x9f", "a\u2028", "a\u2029", "a\u202a", "a\u2069"):
        assert needs_cleaning(text), repr(text)
    for text in ("plain", "caf\u00e9", "\u00a0nbsp", "a\u202fb", "\u206a"):
        assert needs_cleaning(text) is None, repr(text)


def test_clean_line_makes_one_line() -> None:
    assert clean_line("plain") == "plain"
    assert clean_line("caf\u00e9 \u00a0x") == "caf\u00e9 \u00a0x"
    assert clean_line("a\tb\nc\u2028d\u2029e") == "a b c d e"
    assert clean_line("a\x1b[1mb\x07c") == "abc"
    assert clean_line("caf\u00e9\x07\n") == "caf\u00e9 "


def test_clean_block_keeps_lines() -> None:
    assert clean_block("plain") == "plain"
    assert clean_block("a\r\nb\rc\nd") == "a\nb\nc\nd"
    assert clean_block("a\u2028b\u2029c\td") == "a\nb\nc\td"
    assert clean_block("caf\u00e9\x1b[2Jx") == "caf\u00e9x"


def test_plain_lines_and_collapsing() -> None:
    assert is_plain_line("One clean line") and is_plain_line("")
    for text in ("two  spaces", " lead", "trail ", "tab\tx", "bell\x07"):
        assert not is_plain_line(text), repr(text)
    assert collapse_whitespace("  a\n  b\t c  ") == "a b c"
    assert collapse_whitespace("same text") == "same text"
    assert collapse_whitespace(" ") == ""


def test_titles_compare_normalised() -> None:
    assert normalise_title("  Caf\u0065\u0301   TITLE\n") == "caf\u00e9 title"
    assert normalise_title("Stra\u00dfe") == "strasse"
    digest = hashlib.sha256("caf\u00e9 title".encode()).hexdigest()[:12]
    assert title_key("CAF\u00c9  title") == digest and len(digest) == 12
    assert title_key("Another") != digest


@pytest.mark.parametrize(
    ("raw", "bare"),
    [
        ("2401.00001", "2401.00001"),
        ("2401.0001", "2401.0001"),
        (" arXiv:2401.00001v12 ", "2401.00001"),
        ("ARXIV:2401.00001", "2401.00001"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("math.AG/0601001", "math.AG/0601001"),
        ("2401.000011", None),
        ("2401.001", None),
        ("x2401.00001", None),
        ("2401.00001v", None),
        ("hep-th/990100", None),
        ("", None),
    ],
)
def test_normalise_arxiv_id(raw: str, bare: str | None) -> None:
    assert normalise_arxiv_id(raw) == bare


def test_paper_ids() -> None:
    assert make_paper_id("T", "arXiv:2401.00001v2") == "2401.00001"
    assert make_paper_id("T", "not an id") == f"title:{title_key('T')}"
    assert make_paper_id("T", None) == f"title:{title_key('T')}"
    assert make_paper_id("T", "", key="given") == "title:given"
    assert make_paper_id("T", "bad", key="given") == "title:given"


def test_latex_is_shown_as_unicode_when_it_looks_like_latex() -> None:
    assert latex_to_unicode(r"$\Lambda_{\alpha}$ and \'a") == "\u039b_\u03b1 and \u00e1"
    assert latex_to_unicode("Plain $5 and $10 text") == "Plain $5 and $10 text"
    assert latex_to_unicode("costs $x^2$") == "costs x^2"
    assert latex_to_unicode(r"A \emph{big}  deal") == "A big deal"
    two_lines = "line \\alpha\n\nnext"
    assert latex_to_unicode(two_lines) == "line \u03b1\n\nnext"  # a block keeps its lines


def test_long_latex_is_left_as_written() -> None:
    fits = "\\alpha " + "x" * (20_000 - len("\\alpha "))
    assert len(fits) == 20_000 and latex_to_unicode(fits).startswith("\u03b1")
    too_long = fits + "x"
    assert latex_to_unicode(too_long) == too_long


def test_plural() -> None:
    assert plural(1, "paper") == "1 paper"
    assert plural(0, "paper") == "0 papers"
    assert plural(2, "paper") == "2 papers"
    assert plural(1234, "entry", "entries") == "1,234 entries"
    assert plural(1, "entry", "entries") == "1 entry"


def _nested(depth: int) -> str:
    return "\\alpha " + "{" * depth + "x" + "}" * depth


def test_latex_nested_up_to_40_braces_is_decoded_deeper_is_left() -> None:
    assert latex_to_unicode(_nested(40)) == "\u03b1x"
    assert latex_to_unicode(_nested(41)) == _nested(41)
    # The deepest point counts, not the number of groups; a stray "}" counts nothing.
    assert latex_to_unicode("\\alpha " + "{x}" * 50) == "\u03b1" + "x" * 50
    stray = "\\alpha }}}" + "{" * 40 + "x" + "}" * 40
    assert latex_to_unicode(stray) == "\u03b1x"
    dip = "\\alpha " + "{" * 35 + "}" + "{" * 6 + "x" + "}" * 40  # 40 at the deepest
    assert latex_to_unicode(dip) == "\u03b1x"
    over = "\\alpha " + "{" * 35 + "}" + "{" * 7 + "x" + "}" * 41  # 41
    assert latex_to_unicode(over) == over
    assert latex_to_unicode("\\alpha }" + "{" * 40 + "x" + "}" * 40) == "\u03b1x"
