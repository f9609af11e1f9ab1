"""text: LaTeX nested deeper than the decoder's limit stays as written; shown ids."""

from __future__ import annotations

import pytest

from reader.core.text import latex_to_unicode, shown_id

LIMIT = 40  # braces nested this deep are still decoded


def _nested(depth: int, before: str = "") -> str:
    return rf"\alpha {before}" + "{" * depth + "x" + "}" * depth


@pytest.mark.parametrize(
    "text",
    [
        _nested(LIMIT),
        r"\alpha " + "{x}" * (LIMIT + 5),  # many groups, none deep
        r"\alpha }}}" + "{" * LIMIT + "x" + "}" * LIMIT,  # stray closing braces count nothing
    ],
)
def test_latex_up_to_the_nesting_limit_is_decoded(text: str) -> None:
    decoded = latex_to_unicode(text)
    alpha = "\N{GREEK SMALL LETTER ALPHA}"
    assert decoded.startswith(alpha) and "{" not in decoded and decoded.strip(alpha + "x ") == ""


@pytest.mark.parametrize(
    "text",
    [
        _nested(LIMIT + 1),
        # 35 deep, one closed, 7 more opened: 41 at the deepest.
        r"\alpha " + "{" * 35 + "}" + "{" * 7 + "x" + "}" * 41,
    ],
)
def test_latex_nested_past_the_limit_is_left_as_written(text: str) -> None:
    assert latex_to_unicode(text) == text


def test_shown_id_hides_only_internal_title_ids() -> None:
    assert shown_id("title:3f2a9c") == ""
    assert shown_id("2401.00001") == "2401.00001"
    assert shown_id("Title:notes") == "Title:notes"  # a BibTeX key, not ours
