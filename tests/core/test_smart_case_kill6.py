"""Smart case on a paper's own text (has_case): which papers a capitalised word keeps.

A paper is kept for ``Net`` if a word or camelCase part of its title, abstract or authors
starts with ``Net`` as typed, or if none starts with it in another case.  Each test reads
the answer at one kind of place in the text.
"""

from __future__ import annotations

from reader.core.models import Paper
from reader.core.search.smart_case import has_case


def paper(title: str, abstract: str = "", authors: tuple[str, ...] = ()) -> Paper:
    return Paper(id="1", title=title, abstract=abstract, authors=authors)


def test_a_later_author_name_is_a_word_of_its_own() -> None:
    # "Bob" as typed is only the second author's first name; "bob" starts the abstract.
    notes = paper("Notes", "bob wrote this", ("Ann Lee", "Bob Smith"))
    assert has_case(notes, ["Bob"])


def test_every_word_must_keep_the_paper_not_only_the_first() -> None:
    agents = paper("Agent tools", "bob helps")
    assert not has_case(agents, ["Agent", "Bob"])  # "Agent" as typed, "Bob" only as "bob"
    assert not has_case(agents, ["Bob", "Agent"])


def test_a_word_in_another_case_turns_away_the_shortest_paper() -> None:
    # The whole text is "go" and two empty fields: lowering it is still searched.
    assert not has_case(paper("go"), ["Go"])
    assert has_case(paper("Go"), ["Go"])


def test_a_word_start_between_two_word_inner_places_keeps_the_paper() -> None:
    # "Net" inside "UNet" starts no part (U is a capital); the middle "Net" is a word.
    assert has_case(paper("UNet beats Net and UNet++"), ["Net"])


def test_the_first_place_in_another_case_turns_the_paper_away() -> None:
    # "net" starts the title; the later "UNet" holds "Net" but starts no part there.
    assert not has_case(paper("net gains over UNet"), ["Net"])


def test_a_middle_place_in_another_case_turns_the_paper_away() -> None:
    # Only the middle "net" starts a word; both "UNet" are inside words.
    assert not has_case(paper("UNet and net and UNet"), ["Net"])


def test_a_camel_part_overlapping_an_earlier_place_counts() -> None:
    # "AA" in any case is at 1 ("aA", inside a word) and at 2 (the part "Aa" of "baAa").
    assert not has_case(paper("baAa"), ["AA"])


def test_the_text_start_is_a_word_start_whatever_ends_the_text() -> None:
    # The text ends with a lowercase letter (the author), not a space: "net" still starts it.
    assert not has_case(paper("net gains", authors=("Ann Lee",)), ["Net"])


def test_a_camel_part_is_judged_by_its_own_letters_not_the_rest() -> None:
    # "Net" is the part of "ResNet" as typed; "McLee" later has a camel pair of its own.
    assert has_case(paper("ResNet vs net", authors=("Ann McLee",)), ["Net"])


def test_a_camel_word_in_another_case_turns_away_when_lowering_changes_length() -> None:
    # "İ" lowers to two characters, so the text is split into words; "resNet" is
    # "ResNet" in another case, as a whole word though not as a part.
    assert not has_case(paper("İstanbul resNet"), ["ResNet"])
    assert has_case(paper("İstanbul ResNet and resNet"), ["ResNet"])


def test_a_camel_part_after_a_short_first_part_keeps_the_paper() -> None:
    # "LeNet": "Net" follows the lowercase "e" (the part "Le" is two letters long).
    assert has_case(paper("LeNet beats net"), ["Net"])
