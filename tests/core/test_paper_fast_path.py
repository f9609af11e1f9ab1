"""Paper's fast path (clean values kept as given) gives what cleaning every field gives.

The reference below cleans each field by the documented rules, with no fast path: one-line
fields lose controls and line breaks and are trimmed, the abstract keeps its newlines,
empty list items and links without a url are dropped, and a missing title key or id comes
from the title.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.models import PAPER_FIELDS, Paper
from reader.core.text import clean_block, clean_line, make_paper_id, title_key

# Spaces and separators of every kind, controls, the "|" the fast path joins fields with.
_CHARS = st.sampled_from("ab |.\u00e9\u3000\u00a0\u2028\u202e\x07\t\n\x1b[")
_TEXT = st.text(_CHARS, max_size=8)
_OPTIONAL = st.none() | _TEXT
_ITEMS = st.lists(_TEXT, max_size=3).flatmap(lambda items: st.sampled_from([items, tuple(items)]))
_LINKS = st.lists(st.tuples(_TEXT, _TEXT), max_size=2).map(tuple)
_OPTIONAL_NAMES = ("listing_date", "arxiv_id", "date", "doi", "journal_ref", "update_date")


def _line(value: str) -> str:
    return clean_line(value).strip()


def _reference(values: dict[str, object]) -> dict[str, object]:
    text = {name: value for name, value in values.items() if isinstance(value, str)}
    title = _line(text["title"])
    expected: dict[str, object] = {"title": title, "abstract": clean_block(text["abstract"])}
    for name in _OPTIONAL_NAMES:
        value = values[name]
        expected[name] = None if value is None else _line(str(value)) or None
    expected["source"] = _line(text["source"])
    for name in ("authors", "keywords", "listing_dates", "sources"):
        items = values[name]
        assert isinstance(items, list | tuple)
        expected[name] = tuple(line for line in map(_line, items) if line)
    links = values["links"]
    assert isinstance(links, tuple)
    expected["links"] = tuple((_line(label), _line(url)) for label, url in links if _line(url))
    expected["upvotes"] = expected["comments"] = None
    key = _line(text["title_key"]) or title_key(title)
    expected["title_key"] = key
    arxiv_id = expected["arxiv_id"]
    assert arxiv_id is None or isinstance(arxiv_id, str)
    expected["id"] = _line(text["id"]) or make_paper_id(title, arxiv_id, key=key)
    return expected


@given(
    st.fixed_dictionaries(
        {
            "id": _TEXT,
            "title": _TEXT,
            "abstract": _TEXT,
            "source": _TEXT,
            "title_key": _TEXT,
            **{name: _OPTIONAL for name in _OPTIONAL_NAMES},
            "authors": _ITEMS,
            "keywords": _ITEMS,
            "listing_dates": _ITEMS,
            "sources": _ITEMS,
            "links": _LINKS,
        }
    )
)
def test_every_field_is_what_cleaning_it_gives(values: dict[str, object]) -> None:
    paper = Paper(**values)  # type: ignore[arg-type]
    assert {name: getattr(paper, name) for name in PAPER_FIELDS} == _reference(values)


def test_whitespace_beyond_ascii_is_trimmed_when_the_rest_is_clean() -> None:
    """A title's ideographic space was kept when every other field was clean."""
    assert Paper(id="x", title="\u3000Title", source="s").title == "Title"
    assert Paper(id="x\u00a0", title="T").id == "x"
    assert Paper(id="x", title="T", title_key="\u2003k").title_key == "k"
    clean = Paper(id="x", title="Caf\u00e9", source="s", authors=("\u00c9mile",))
    assert (clean.title, clean.authors) == ("Caf\u00e9", ("\u00c9mile",))


def test_a_bar_beside_a_space_inside_a_field_is_kept() -> None:
    """The fast path joins fields with "|": a field holding " | " is still kept whole."""
    paper = Paper(id="a | b", title="x |y", source="s| ", authors=("| A",), links=(("L", "u"),))
    assert (paper.id, paper.title, paper.source, paper.authors) == ("a | b", "x |y", "s|", ("| A",))


def test_a_clean_paper_without_id_or_key_keeps_its_tuples() -> None:
    """An empty id or title key is filled in from the title: not a reason to rebuild."""
    authors, sources = ("Ada",), ("s",)
    paper = Paper(id="", title="T", title_key="", authors=authors, sources=sources)
    assert paper.authors is authors and paper.sources is sources
    assert paper.title_key == title_key("T") and paper.id == f"title:{paper.title_key}"


def test_an_abstract_beyond_ascii_that_needs_no_cleaning_keeps_the_tuples() -> None:
    authors = ("Ada",)
    paper = Paper(id="x", title="T", abstract="zero\u200bwidth \u00e9", authors=authors)
    assert paper.authors is authors and paper.abstract == "zero\u200bwidth \u00e9"


def test_an_edge_space_of_the_first_or_last_one_line_field_is_trimmed() -> None:
    """The id comes first in the joined check and the last link's url last."""
    assert Paper(id=" x", title="T", source="s").id == "x"
    assert Paper(id="x", title="T", source="s", title_key="k ").title_key == "k"
    link = Paper(id="x", title="T", links=(("L", "u "),))
    assert link.links == (("L", "u"),)
