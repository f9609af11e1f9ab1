"""arXiv snapshot records: each field's type rules, dates, and skip-and-continue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.formats import arxiv
from reader.core.formats.arxiv import created_date, parse_snapshot, parse_snapshot_record
from reader.core.formats.common import BytesText, Problem


def _record(**fields: object) -> dict[str, object]:
    return {"id": "2401.00001", "title": "T", **fields}


def _paper(**fields: object):  # type: ignore[no-untyped-def]
    paper, reason = parse_snapshot_record(_record(**fields), "s.jsonl")
    assert reason is None
    return paper


def test_the_date_is_the_first_version_and_the_listing_date_too() -> None:
    versions = [
        {"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"},
        {"version": "v2", "created": "Tue, 24 Jul 2007 20:10:27 GMT"},
    ]
    paper = _paper(versions=versions, update_date="2008-11-13")
    assert paper.date == paper.listing_date == "2007-04-02"
    assert paper.listing_dates == ("2007-04-02",) and paper.update_date == "2008-11-13"
    fallback = _paper(update_date="2008-11-13")
    assert fallback.date == fallback.listing_date == "2008-11-13"


@pytest.mark.parametrize(
    ("versions", "date"),
    [
        ([{"created": "Mon, 2 Apr 2007 19:18:42 GMT"}], "2007-04-02"),
        ([{"created": "2007-04-02T19:18:42Z"}], "2007-04-02"),  # not RFC 2822: ISO is read
        ([{"created": "someday"}], None),
        ([{"created": 5}], None),
        ([{"version": "v1"}], None),
        (["v1"], None),
        ([], None),
        ({"created": "Mon, 2 Apr 2007 19:18:42 GMT"}, None),
        (None, None),
    ],
)
def test_created_date(versions: object, date: str | None) -> None:
    assert created_date(versions) == date


def test_fields_of_the_wrong_type_are_left_out_not_fatal() -> None:
    paper = _paper(abstract=["x"], **{"journal-ref": 5}, categories=["cs.CL"])
    assert paper.abstract == "" and paper.journal_ref is None and paper.keywords == ()
    assert _paper(id=2401.12345).arxiv_id is None  # a number is not an id (2401.10 loses a 0)
    assert _paper(id=" ").arxiv_id is None
    full = _paper(abstract="  An\n abstract ", **{"journal-ref": "Phys. Rev. D 76"})
    assert full.abstract == "An abstract" and full.journal_ref == "Phys. Rev. D 76"


def test_a_record_that_raises_is_skipped_and_reading_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = arxiv.build_paper  # type: ignore[attr-defined]

    def build_paper(**fields: object):  # type: ignore[no-untyped-def]
        if fields["title"] == "Bad":
            raise ValueError("bad\nvalue")
        return real(**fields)  # type: ignore[arg-type]

    monkeypatch.setattr(arxiv, "build_paper", build_paper)
    lines = [json.dumps({"title": title}) for title in ("One", "Bad", "Two", "Bad", "Three")]
    parsed = parse_snapshot(Path("s.jsonl"), BytesText("\n".join(lines).encode()))
    assert [paper.title for paper in parsed.papers] == ["One", "Two", "Three"]
    assert parsed.problems == [Problem("2", "bad value"), Problem("4", "bad value")]


def test_bad_lines_are_named_and_blank_lines_skipped() -> None:
    text = '\n{"title": "One"}\n  \n{oops\n[1]\n{"title": ""}\n{"title": "Two"}\n'
    parsed = parse_snapshot(Path("s.jsonl"), BytesText(text.encode()))
    assert [paper.title for paper in parsed.papers] == ["One", "Two"]
    assert [(p.where, p.reason.split(" (")[0]) for p in parsed.problems] == [
        ("4", "not valid JSON"),
        ("5", "not an object but list"),
        ("6", "no title"),
    ]


@pytest.mark.parametrize(
    ("raw_id", "arxiv_id"),
    [
        ("http://arxiv.org/abs/2401.00001v2", "2401.00001"),
        ("http://mirror.org/abs/old/abs/2401.00002", "2401.00002"),  # the last /abs/ counts
        ("2401.00003", None),  # only an abstract-page URL names the id
        ("http://arxiv.org/pdf/2401.00004", None),
    ],
)
def test_an_atom_entry_id_is_read_after_the_last_abs(raw_id: str, arxiv_id: str | None) -> None:
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<entry><id>{raw_id}</id><title>T</title></entry></feed>"
    )
    (paper,) = arxiv.parse_atom(Path("f.xml"), BytesText(feed.encode())).papers
    assert paper.arxiv_id == arxiv_id


ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"


def _feed(*entries: str) -> BytesText:
    body = "".join(f"<entry>{entry}</entry>" for entry in entries)
    return BytesText(f'<feed xmlns="{ATOM}" xmlns:arxiv="{ARXIV}">{body}</feed>'.encode())


def test_atom_authors_and_categories_are_the_entrys_own() -> None:
    entry = (
        "<title>T</title><author><name>Ada</name></author>"
        "<contributor><name>An Editor</name></contributor>"
        '<arxiv:primary_category term="cs.LG"/>'
        '<category term="cs.LG"/><category term="stat.ML"/>'
    )
    (paper,) = arxiv.parse_atom(Path("f.xml"), _feed(entry)).papers
    assert paper.authors == ("Ada",)
    assert paper.keywords == ("cs.LG", "stat.ML")


def test_an_atom_entry_that_raises_is_skipped_and_reading_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = arxiv.build_paper  # type: ignore[attr-defined]

    def build_paper(**fields: object):  # type: ignore[no-untyped-def]
        if fields["title"] == "Bad":
            raise TypeError("bad\tvalue")
        return real(**fields)  # type: ignore[arg-type]

    monkeypatch.setattr(arxiv, "build_paper", build_paper)
    titles = ("One", "Bad", "Two", "Bad")
    parsed = arxiv.parse_atom(Path("f.xml"), _feed(*(f"<title>{t}</title>" for t in titles)))
    assert [paper.title for paper in parsed.papers] == ["One", "Two"]
    assert parsed.problems == [Problem("entry 2", "bad value"), Problem("entry 4", "bad value")]
