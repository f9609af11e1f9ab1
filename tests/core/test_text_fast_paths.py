"""The fast paths of text cleaning answer exactly as the slow ones they stand in for."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from reader.core.formats.common import clean
from reader.core.text import (
    collapse_whitespace,
    is_plain_line,
    is_printable,
    normalise_title,
    plain_lines,
    strip_control,
)

# ASCII with every control, and some text beyond it (C1 controls, bidi, separators).
_TEXT = st.text(
    st.one_of(
        st.characters(max_codepoint=0x7F),
        st.sampled_from("\x85\x9b\u00e9\u2028\u202e\u2066\ufeff"),
    )
)


@given(_TEXT)
def test_is_printable_is_str_isprintable(text: str) -> None:
    assert is_printable(text) is text.isprintable()


def test_is_printable_on_each_ascii_character() -> None:
    for code in range(128):
        char = chr(code)
        assert is_printable(f"a{char}b") is f"a{char}b".isprintable(), code


@given(_TEXT)
def test_a_chunk_of_plain_lines_needs_no_line_stripped(text: str) -> None:
    if plain_lines(text):
        assert all(strip_control(line) == line for line in text.split("\n"))
    if text.isascii() and all(strip_control(line) == line for line in text.split("\n")):
        assert plain_lines(text.replace("\r", ""))


@given(_TEXT)
def test_a_plain_line_is_what_the_cleaners_leave_unchanged(text: str) -> None:
    unchanged = collapse_whitespace(strip_control(text)) == text
    assert is_plain_line(text) is unchanged or (unchanged and not is_printable(text))
    assert clean(text) == collapse_whitespace(strip_control(text))


def test_a_text_checked_again_gets_the_same_answer() -> None:
    """The last printable text is remembered: the same string asked again, and others."""
    printable, control = "An abstract.", "An\x07abstract."
    assert is_printable(printable) and is_printable(printable)
    assert not is_printable(control) and not is_printable(control)
    assert is_printable(printable) and not is_printable(control)
    wide = "Caf\u00e9 \u2013"
    assert is_printable(wide) and is_printable(wide) and not is_printable("\u2028")


def test_each_control_of_a_chunk_is_found() -> None:
    for code in (*range(0x20), 0x7F):
        chunk = f"title\n\nabstract {chr(code)} text\n"
        assert plain_lines(chunk) is (chr(code) in "\t\n"), code


@given(_TEXT)
def test_an_ascii_title_compares_as_the_unicode_rules_say(text: str) -> None:
    """ASCII titles skip NFC and casefold (lower() is the same there)."""
    expected = collapse_whitespace(unicodedata.normalize("NFC", text).casefold())
    assert normalise_title(text) == expected


def test_every_ascii_letter_folds_as_lower_does() -> None:
    letters = "".join(map(chr, range(128)))
    assert normalise_title(f"A {letters}") == collapse_whitespace(f"a {letters}".casefold())
