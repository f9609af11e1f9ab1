"""Property tests: every parser, on generated and mutated input, fails only as SourceError.

Each example is written to a file and read through ``parse_file`` (format detection,
decoding, the format's parser, Paper construction).  Whatever the bytes, the result is
either papers whose text holds no control characters, or one SourceError line naming
the file; and it comes back quickly (Hypothesis' deadline).
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.models import Paper
from reader.core.sources import SourceError, parse_file
from tests.conftest import FIXTURES

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FUZZ = settings(
    max_examples=120,
    deadline=3000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TRENDING = b"new\n\nMar 13\n\nA Title\n\nAn abstract.\n\nB Title\n\n\nC Title\n\nMore.\n"
READER_JSON = json.dumps(
    {
        "reader_export": 1,
        "papers": [
            {"id": "2401.00001", "title": "One", "authors": ["A"], "links": [["a", "b"]]},
            {"title": "Two", "annotation": {"tags": ["x"], "note": "n", "status": "read"}},
        ],
    }
).encode()
SEEDS = {
    "trending": TRENDING,
    "hf-daily": (FIXTURES / "hf-daily.json").read_bytes(),
    "arxiv-jsonl": (FIXTURES / "arxiv-snapshot.jsonl").read_bytes(),
    "atom": (FIXTURES / "arxiv-api.xml").read_bytes(),
    "bibtex": (FIXTURES / "references.bib").read_bytes(),
    "reader-json": READER_JSON,
}


def check(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input"
        path.write_bytes(data)
        try:
            parsed = parse_file(path)
        except SourceError as error:
            message = str(error)
            assert str(path) in message and "\n" not in message
            return
        for paper in parsed.papers:
            assert_clean(paper)
        for problem in parsed.problems:
            assert "\n" not in problem.reason and not CONTROL.search(problem.reason)
        assert parsed.warning is None or "\n" not in parsed.warning


def assert_clean(paper: Paper) -> None:
    one_line = [paper.title, paper.id, *paper.authors, *paper.keywords]
    one_line += [part for link in paper.links for part in link]
    for value in one_line:
        assert not CONTROL.search(value) and "\n" not in value, value
    assert not CONTROL.search(paper.abstract)
    assert paper.title


# Mutations of a seed: byte flips, truncation, insertion of hostile fragments.
HOSTILE = [
    b"\x1b]52;c;SGVsbG8=\x07",
    b"\x1b[2J",
    b"\x00",
    b"\xff\xfe",
    b"\xe9",
    b"9" * 400,
    b"[" * 200,
    b"{" * 200,
    b"\\textbf{" * 300,
    b'"',
    b"\n\n",
    b"@misc{",
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    "\u202e\u2066".encode(),
    b"-1e999",
    b"true",
    b"null",
]


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            fragment = draw(st.sampled_from(HOSTILE) | st.binary(max_size=16))
            data[at:at] = fragment
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 32))]
    return bytes(data)


def _fuzz_format(name: str) -> None:
    @FUZZ
    @given(data=mutated(SEEDS[name]))
    def run(data: bytes) -> None:
        check(data)

    run()


def test_fuzz_trending() -> None:
    _fuzz_format("trending")


def test_fuzz_hf_daily() -> None:
    _fuzz_format("hf-daily")


def test_fuzz_arxiv_jsonl() -> None:
    _fuzz_format("arxiv-jsonl")


def test_fuzz_atom() -> None:
    _fuzz_format("atom")


def test_fuzz_bibtex() -> None:
    _fuzz_format("bibtex")


def test_fuzz_reader_json() -> None:
    _fuzz_format("reader-json")


# Generated JSON values in the places of fields: type swaps, huge numbers, deep nesting.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.just(10**400),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(
            [
                "id",
                "title",
                "summary",
                "abstract",
                "authors",
                "authors_parsed",
                "versions",
                "upvotes",
                "numComments",
                "ai_keywords",
                "githubRepo",
                "links",
                "keywords",
                "categories",
                "doi",
                "publishedAt",
                "update_date",
                "annotation",
                "title_key",
                "journal-ref",
            ]
        ),
        json_values,
        max_size=8,
    ),
    title=st.text(max_size=40),
    shape=st.sampled_from(["hf-nested", "hf-top", "jsonl", "reader"]),
)
def test_fuzz_json_records_with_swapped_types(
    fields: dict[str, object], title: str, shape: str
) -> None:
    record = {"title": title, **fields}
    if shape == "hf-nested":
        text = json.dumps([{"paper": record}, {"paper": {"id": "2401.00001", "title": "Ok"}}])
    elif shape == "hf-top":
        text = json.dumps([record, {"title": "Ok"}])
    elif shape == "jsonl":
        text = json.dumps({"id": "1", "title": "Ok"}) + "\n" + json.dumps(record) + "\n"
    else:
        text = json.dumps({"reader_export": 1, "papers": [{"title": "Ok"}, record]})
    check(text.encode())


@FUZZ
@given(st.text(max_size=300))
def test_fuzz_trending_text(text: str) -> None:
    check(("Mar 13\n\n" + text).encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(st.binary(max_size=300))
def test_fuzz_any_bytes(data: bytes) -> None:
    check(data)
