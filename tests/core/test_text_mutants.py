"""LaTeX display limits by brace depth, and ids as a person sees them (issue 14)."""

from __future__ import annotations

from reader.core.text import latex_to_unicode, shown_id

ALPHA = "\\alpha"


def test_latex_nested_up_to_40_braces_is_shown_decoded() -> None:
    assert latex_to_unicode(ALPHA + "{" * 40 + "x" + "}" * 40) == "\u03b1x"
    deep = ALPHA + "{" * 41 + "x" + "}" * 41
    assert latex_to_unicode(deep) == deep  # too deep to decode safely: as written


def test_brace_depth_counts_open_braces_not_all_braces() -> None:
    many = "{a}" * 50 + ALPHA
    assert latex_to_unicode(many) == "a" * 50 + "\u03b1"
    # Closing one brace and opening two reaches 41.
    deeper = ALPHA + "{" * 40 + "}" + "{{" + "x" + "}" * 41
    assert latex_to_unicode(deeper) == deeper
    back = ALPHA + "{" * 40 + "}" * 40 + "{" * 40 + "y" + "}" * 40
    assert latex_to_unicode(back) == "\u03b1y"


def test_title_ids_are_not_shown() -> None:
    assert shown_id("title:0123456789ab") == ""
    assert shown_id("2401.00001") == "2401.00001"
    assert shown_id("hep-th/9901001") == "hep-th/9901001"
    assert shown_id("Title:x") == "Title:x"
