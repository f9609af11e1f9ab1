"""Paper construction: every field comes out the same whether or not another field was dirty.

Paper takes a fast path when all its text is already clean; these tests put one dirty or
untrimmed value in one field at a time, so a fast path that skips a field shows.
"""

from __future__ import annotations

import pytest

from reader.core.models import (
    PAPER_FIELDS,
    Annotation,
    Highlight,
    LoadReport,
    Paper,
    Status,
    highlights_from_json,
)
from reader.core.text import title_key

CLEAN: dict[str, object] = {
    "id": "2401.00001",
    "title": "A Title",
    "abstract": "An abstract.",
    "listing_date": "Mar 13",
    "source": "daily.json",
    "title_key": "k1",
    "arxiv_id": "2401.00001",
    "authors": ("Ada", "Alan"),
    "links": (("arXiv", "https://arxiv.org/abs/2401.00001"),),
    "date": "2024-01-02",
    "upvotes": 3,
    "keywords": ("cs.CL",),
    "comments": 1,
    "listing_dates": ("Mar 13",),
    "sources": ("daily.json",),
    "doi": "10.1/x",
    "journal_ref": "Nature",
    "update_date": "2024-02-03",
}


def _paper(**changes: object) -> Paper:
    return Paper(**{**CLEAN, **changes})  # type: ignore[arg-type]


def test_a_clean_paper_is_kept_as_given() -> None:
    paper = _paper()
    assert {name: getattr(paper, name) for name in PAPER_FIELDS} == CLEAN


@pytest.mark.parametrize("title", ["A Title", "Zero\u200bwidth", "Caf\u00e9 \u2013 \u00e9t\u00e9"])
def test_a_clean_paper_keeps_the_very_values_it_was_given(title: str) -> None:
    """Clean text is not copied: a large library shares its tuples instead of rebuilding them."""
    values = {**CLEAN, "title": title}
    paper = Paper(**values)  # type: ignore[arg-type]
    for name in ("authors", "keywords", "listing_dates", "sources", "links"):
        assert getattr(paper, name) is values[name], name
    empty = Paper(id="x", title=title, source="s")
    assert empty.authors == () and empty.links == ()
    dirty = _paper(title=title + "\x07")
    assert dirty.title == title and dirty.authors == CLEAN["authors"]


@pytest.mark.parametrize(
    ("name", "given", "kept"),
    [
        ("title", " A Title ", "A Title"),
        ("title", "A\tTitle", "A Title"),
        ("title", "A\u2028Title", "A Title"),
        ("title", "A\x1b[1mTitle", "ATitle"),
        ("abstract", "An\x07 abstract.", "An abstract."),
        ("abstract", "Line\r\nnext\u2029end", "Line\nnext\nend"),
        ("source", " daily.json ", "daily.json"),
        ("source", "daily\x00.json", "daily.json"),
        ("listing_date", " Mar 13", "Mar 13"),
        ("listing_date", "", None),
        ("listing_date", "Mar\x0b 13", "Mar 13"),
        ("arxiv_id", "", None),
        ("arxiv_id", "2401.00001 ", "2401.00001"),
        ("date", "2024-01-02 ", "2024-01-02"),
        ("date", "", None),
        ("doi", " 10.1/x", "10.1/x"),
        ("doi", "", None),
        ("doi", "\x1b", None),
        ("journal_ref", "Nature ", "Nature"),
        ("journal_ref", "", None),
        ("journal_ref", "Na\nture", "Na ture"),
        ("update_date", " 2024-02-03", "2024-02-03"),
        ("update_date", "", None),
        ("authors", ("Ada ", " Alan"), ("Ada", "Alan")),
        ("authors", ("Ada", ""), ("Ada",)),
        ("authors", ("Ada", "\x07"), ("Ada",)),
        ("authors", ["Ada", "Alan"], ("Ada", "Alan")),
        ("keywords", (" cs.CL",), ("cs.CL",)),
        ("keywords", ("cs.CL", ""), ("cs.CL",)),
        ("keywords", ["cs\u202e.CL"], ("cs.CL",)),
        ("listing_dates", ("Mar 13 ",), ("Mar 13",)),
        ("listing_dates", ("Mar 13", ""), ("Mar 13",)),
        ("sources", (" daily.json",), ("daily.json",)),
        ("sources", ("daily.json", ""), ("daily.json",)),
        ("sources", ["daily.json"], ("daily.json",)),
        ("links", ((" arXiv", "https://a/b"),), (("arXiv", "https://a/b"),)),
        ("links", (("arXiv ", "https://a/b"),), (("arXiv", "https://a/b"),)),
        ("links", (("arXiv", " https://a/b"),), (("arXiv", "https://a/b"),)),
        ("links", (("arXiv", "https://a/b "),), (("arXiv", "https://a/b"),)),
        ("links", (("PDF", ""), ("arXiv", "https://a/b")), (("arXiv", "https://a/b"),)),
        ("links", (("PDF", "\x07"),), ()),
        ("links", (["arXiv", "https://a/b"],), (("arXiv", "https://a/b"),)),
        ("links", [("arXiv", "https://a/b")], (("arXiv", "https://a/b"),)),
        ("links", (("ar\tXiv", "https://a/b"),), (("ar Xiv", "https://a/b"),)),
    ],
)
def test_one_untidy_field_is_cleaned_and_the_rest_kept(
    name: str, given: object, kept: object
) -> None:
    paper = _paper(**{name: given})
    assert getattr(paper, name) == kept
    others = {key: getattr(paper, key) for key in PAPER_FIELDS if key != name}
    assert others == {key: value for key, value in CLEAN.items() if key != name}


def test_ids_and_title_keys_come_from_the_title_when_missing() -> None:
    paper = _paper(id="", title_key="", arxiv_id=None)
    assert paper.title_key == title_key("A Title") and paper.id == f"title:{paper.title_key}"
    with_arxiv = _paper(id="", title_key=" ")
    assert with_arxiv.id == "2401.00001" and with_arxiv.title_key == title_key("A Title")
    dirty = _paper(id=" x\x07y ", title_key=" k2 ")
    assert (dirty.id, dirty.title_key) == ("xy", "k2")
    untitled = Paper(id="", title="")
    assert untitled.title == "" and untitled.id == f"title:{title_key('')}"


def test_counts_are_checked_on_every_path() -> None:
    for extra in ({}, {"title": "dirty\x07"}):
        with pytest.raises(TypeError) as caught:
            _paper(upvotes="3", **extra)
        assert str(caught.value) == "upvotes is str, not a whole number"
        with pytest.raises(ValueError) as raised:
            _paper(comments=-1, **extra)
        assert str(raised.value) == "comments is out of range"
    assert _paper(upvotes=None, comments=None).upvotes is None


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("abstract", None, "abstract is NoneType, not text"),
        ("source", 3, "source is int, not text"),
        ("doi", 10, "doi is int, not text"),
        ("keywords", "cs", "keywords is str, not a list"),
        ("keywords", (1,), "keywords is int, not text"),
        ("listing_dates", None, "listing_dates is NoneType, not a list"),
        ("sources", ("s", None), "sources is NoneType, not text"),
        ("links", None, "links is NoneType, not a list"),
        ("links", (("a", "b", "c"),), "a link is not a (label, url) pair"),
        ("links", (("a", 1),), "link is int, not text"),
        ("links", ((None, "u"),), "link label is NoneType, not text"),
        ("title_key", 5, "title_key is int, not text"),
        ("id", None, "id is NoneType, not text"),
    ],
)
def test_a_wrong_type_is_named_in_one_line(name: str, value: object, message: str) -> None:
    with pytest.raises(TypeError) as caught:
        _paper(**{name: value})
    assert str(caught.value) == message


def test_main_link_and_display_text() -> None:
    assert _paper().main_link == "https://arxiv.org/abs/2401.00001"
    assert _paper(links=()).main_link is None
    latex = _paper(title=r"The $\alpha$ test", abstract=r"About \'etudes")
    assert latex.title == r"The $\alpha$ test" and latex.display_title == "The \u03b1 test"
    assert latex.abstract == r"About \'etudes" and latex.display_abstract == "About \u00e9tudes"


def test_highlights_read_back_skipping_damaged_ones() -> None:
    good = Highlight(id="h1", quote="q", section="S", block=1, offset=2, note="n", created="c")
    assert Highlight.from_json(good.to_json()) == good
    assert highlights_from_json([good.to_json(), {"id": "h2"}, "x", None, good.to_json()]) == (
        good,
        good,
    )
    assert highlights_from_json({"id": "h1"}) == () and highlights_from_json(None) == ()
    sparse = Highlight.from_json({"id": "h3", "quote": "q", "section": None, "note": None})
    assert (sparse.section, sparse.block, sparse.offset, sparse.note) == ("", -1, 0, "")
    assert sparse.created is None
    assert Highlight(id="h4", quote="q", created=5).created is None  # type: ignore[arg-type]
    with pytest.raises(TypeError) as caught:
        Highlight.from_json(["h1"])
    assert str(caught.value) == "a highlight is list, not an object"
    with pytest.raises(ValueError) as raised:
        Highlight(id="\x07", quote="q")
    assert str(raised.value) == "a highlight needs an id and a quote"


def test_annotations_keep_only_real_highlights_and_text_timestamps() -> None:
    highlight = Highlight(id="h1", quote="q")
    annotation = Annotation(
        "p",
        highlights=[highlight, "x"],  # type: ignore[arg-type]
        created=" 2024 ",
        updated="",
        status_changed=3,  # type: ignore[arg-type]
    )
    assert annotation.highlights == (highlight,)
    assert (annotation.created, annotation.updated, annotation.status_changed) == (
        "2024",
        None,
        None,
    )
    assert not annotation.is_empty
    with pytest.raises(TypeError) as caught:
        Annotation("p", highlights=None)  # type: ignore[arg-type]
    assert str(caught.value) == "highlights is NoneType, not a list"
    assert Annotation("p", Status.UNREAD, (), "").is_empty


def test_a_load_report_starts_empty_and_separate() -> None:
    first, second = LoadReport(), LoadReport()
    first.papers.append(_paper())
    first.warnings.append("w")
    first.errors.append("e")
    assert (second.papers, second.warnings, second.errors) == ([], [], [])
