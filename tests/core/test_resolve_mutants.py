"""Title matching, field by field: stored matches, both services' answers, the run (issue 14).

The services are stand-ins: a ``get`` function for the parsers, a loopback server for the
runs (what the user sees is the report and what is on disk).
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from reader.core.formats.common import build_paper
from reader.core.models import Paper
from reader.core.resolve import (
    Match,
    Resolver,
    ResolveReport,
    ResolveStore,
    match_form,
    search_arxiv,
    search_hf,
)
from tests.core import arxiv_answers as answers
from tests.core.stand_in import StandIn, answer, silent

FOUND = Match(
    "2401.00001",
    "Sparse Attention Is Enough: Straße",
    ("Ada Lovelace", "Alan Turing"),
    "2024-01-02",
    0,
    "An abstract.",
    1700000000.5,
)


def hf_item(arxiv_id: str, title: str, upvotes: int = 7) -> dict[str, object]:
    return answers.hf_item(arxiv_id, title, upvotes, summary="What it found.")


def atom(*entries: tuple[str, str]) -> bytes:
    return answers.atom(*entries, summary="Summary.")


def trending(title: str) -> Paper:
    return build_paper(title=title, source="trending.txt", listing_date="Mar 13")


class Recorder:
    """A ``get`` that answers one body and remembers the URLs asked."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return self.body


# --- the stored form -------------------------------------------------------------------


def test_a_match_round_trips_through_its_stored_form() -> None:
    assert FOUND.to_json() == {
        "arxiv_id": "2401.00001",
        "title": "Sparse Attention Is Enough: Straße",
        "authors": ["Ada Lovelace", "Alan Turing"],
        "date": "2024-01-02",
        "upvotes": 0,
        "abstract": "An abstract.",
        "checked": 1700000000.5,
    }
    assert Match.from_json(json.loads(json.dumps(FOUND.to_json()))) == FOUND
    assert Match.from_json({"arxiv_id": None, "checked": 5}) == Match(None, checked=5.0)


def test_damaged_stored_fields_fall_back_one_by_one() -> None:
    damaged = {
        "arxiv_id": "",
        "title": None,
        "authors": None,
        "date": "yesterday",
        "upvotes": -3,
        "abstract": None,
        "checked": "soon",
    }
    assert Match.from_json(damaged) == Match(None, "", (), None, None, "", 0.0)
    assert Match.from_json({"arxiv_id": "2401.00001", "upvotes": True}) == Match(
        "2401.00001", upvotes=True
    )  # bool is an int to Python: harmless, kept as stored
    assert Match.from_json({"arxiv_id": "2401.00001", "upvotes": "7"}) == Match("2401.00001")
    assert Match.from_json({}) == Match(None)
    assert Match.from_json(["2401.00001"]) is None
    assert Match.from_json({"authors": 5}) is None  # not a list: the entry is dropped


def test_a_match_becomes_a_paper_to_merge() -> None:
    paper = FOUND.as_paper("Given Title")
    assert paper is not None
    assert paper.title == FOUND.title and paper.arxiv_id == "2401.00001"
    assert paper.abstract == "An abstract." and paper.authors == FOUND.authors
    assert paper.date == "2024-01-02" and paper.upvotes == 0
    assert paper.source == "arXiv match"
    untitled = Match("2401.00002").as_paper("Given Title")
    assert untitled is not None and untitled.title == "Given Title"
    assert Match(None, "A title").as_paper("Given Title") is None


def test_the_store_file_keeps_matches_by_title_form(tmp_path: Path) -> None:
    store = ResolveStore(tmp_path)
    store.put("Sparse Attention Is Enough: Straße.", FOUND)
    store.put("Nothing Here", Match(None, checked=3.0))
    store.save()
    text = (tmp_path / "resolved.json").read_text(encoding="utf-8")
    assert "Straße" in text  # readable UTF-8, not \u escapes
    assert len(text.splitlines()) > 10  # indented: one field a line
    assert json.loads(text) == {
        "version": 1,
        "titles": {
            match_form("Sparse Attention Is Enough: Straße"): FOUND.to_json(),
            "nothing here": Match(None, checked=3.0).to_json(),
        },
    }
    again = ResolveStore(tmp_path)
    assert again.problem is None
    assert again.get("sparse attention is enough: STRASSE") == FOUND
    assert again.get("Nothing here!") == Match(None, checked=3.0)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"[1, 2]", "not a reader match file; ignored"),
        (b'{"titles": [1]}', "not a reader match file; ignored"),
        (b'{"version": 1}', "not a reader match file; ignored"),
    ],
)
def test_a_store_of_the_wrong_shape_is_ignored_with_one_line(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    (tmp_path / "resolved.json").write_bytes(content)
    store = ResolveStore(tmp_path)
    assert store.problem == f"{tmp_path / 'resolved.json'}: {problem}"
    assert store.needs_lookup("anything")


def test_damaged_entries_are_skipped_and_the_rest_kept(tmp_path: Path) -> None:
    titles = {"good one": FOUND.to_json(), "bad one": [1], "worse": {"authors": 3}}
    (tmp_path / "resolved.json").write_text(json.dumps({"version": 1, "titles": titles}))
    store = ResolveStore(tmp_path)
    assert store.problem is None
    assert store.get("Good One") == FOUND
    assert store.get("bad one") is None and store.needs_lookup("bad one")


def test_applying_a_match_keeps_what_annotations_follow(tmp_path: Path) -> None:
    store = ResolveStore(tmp_path)
    paper = trending("Sparse Attention Is Enough: Straße.")
    store.put(paper.title, FOUND)
    merged = store.apply(paper)
    assert merged.arxiv_id == "2401.00001" and merged.id == "2401.00001"
    assert merged.title == paper.title and merged.title_key == paper.title_key
    assert merged.source == "trending.txt" and merged.sources == paper.sources
    assert merged.authors == FOUND.authors and merged.abstract == "An abstract."
    assert merged.date == "2024-01-02" and merged.listing_date == "Mar 13"
    # A match stored without its title merges just the same.
    store.put("Untitled Match", Match("2401.00003", ""))
    assert store.apply(trending("Untitled Match")).arxiv_id == "2401.00003"
    # Nothing found, nothing stored, or an id already known: the paper as it was.
    store.put("Not Found", Match(None, checked=1.0))
    assert store.apply(trending("Not Found")) == trending("Not Found")
    assert store.apply(trending("Never Asked")) == trending("Never Asked")
    known = build_paper(title=paper.title, source="x.json", arxiv_id="2402.00002")
    assert store.apply(known) is known


# --- what the services answer ----------------------------------------------------------


def test_hugging_face_is_asked_for_the_quoted_title(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READER_HF_API", raising=False)
    get = Recorder(b"[]")
    assert search_hf("Cats & Dogs: 100%?", get) is None
    assert get.urls == [
        "https://huggingface.co/api/papers/search?q=" + urllib.parse.quote("Cats & Dogs: 100%?")
    ]
    monkeypatch.setenv("READER_HF_API", "http://127.0.0.1:9/")
    search_hf("x", get)
    assert get.urls[-1] == "http://127.0.0.1:9/api/papers/search?q=x"


@pytest.mark.parametrize("wrap", [lambda items: items, lambda items: {"papers": items}])
def test_hugging_face_answers_as_a_list_or_under_papers(wrap) -> None:  # type: ignore[no-untyped-def]
    title = "Sparse Attention Is Enough"
    body = json.dumps(wrap([hf_item("2401.99999", "Sparse"), hf_item("2401.00001", title)]))
    assert search_hf(title + ".", Recorder(body.encode())) == Match(
        "2401.00001",
        title,
        ("Ada Lovelace", "Alan Turing"),
        "2024-01-02",
        7,
        "What it found.",
    )


def test_hugging_face_answers_under_results_too() -> None:
    body = json.dumps({"results": [hf_item("2401.00001", "Title")]}).encode()
    found = search_hf("Title", Recorder(body))
    assert found is not None and found.arxiv_id == "2401.00001"
    empty = json.dumps({"papers": [], "results": [hf_item("2401.00001", "Title")]}).encode()
    found = search_hf("Title", Recorder(empty))
    assert found is not None and found.arxiv_id == "2401.00001"


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"5", b'"text"', b'{"other": []}', b'{"papers": 5}', b"null"]
)
def test_hugging_face_answers_without_papers_find_nothing(body: bytes) -> None:
    assert search_hf("Title", Recorder(body)) is None


def test_broken_hugging_face_items_are_skipped_not_the_rest() -> None:
    items = [5, {"paper": "x"}, {"paper": {"id": "2401.00005"}}, hf_item("2401.00001", "Title")]
    found = search_hf("Title", Recorder(json.dumps(items).encode()))
    assert found is not None and found.arxiv_id == "2401.00001"


def test_only_the_first_fifty_hugging_face_results_are_read() -> None:
    items = [hf_item(f"2401.{n:05d}", f"Other {n}") for n in range(50)]
    late = json.dumps([*items, hf_item("2401.99999", "Title")]).encode()
    assert search_hf("Title", Recorder(late)) is None
    early = json.dumps([*items[:49], hf_item("2401.99999", "Title")]).encode()
    found = search_hf("Title", Recorder(early))
    assert found is not None and found.arxiv_id == "2401.99999"


def test_arxiv_is_asked_for_the_title_phrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READER_ARXIV_API", raising=False)
    get = Recorder(atom())
    assert search_arxiv('The "Best" Paper', get) is None
    query = urllib.parse.quote('ti:"The  Best  Paper"')
    assert get.urls == [f"https://export.arxiv.org/api/query?search_query={query}&max_results=5"]


def test_an_exact_arxiv_answer_is_a_match_without_upvotes() -> None:
    body = atom(("2305.00001", "Deep Nets for Dogs"), ("2305.00002", "Deep  Nets\n for Cats"))
    assert search_arxiv("deep nets for cats", Recorder(body)) == Match(
        "2305.00002", "Deep Nets for Cats", ("Grace Hopper",), "2023-05-06", None, "Summary."
    )


@pytest.mark.parametrize("body", [b"", b"<not xml", b"<html><body>busy</body></html>"])
def test_arxiv_answers_that_are_not_a_feed_find_nothing(body: bytes) -> None:
    assert search_arxiv("Deep Nets for Cats", Recorder(body)) is None


# --- a run -----------------------------------------------------------------------------


def fast(store: ResolveStore) -> Resolver:
    return Resolver(store, per_second=1000, timeout=1.0, deadline=2.0)


def hf_knows(server: StandIn, *titles: str) -> None:
    items = [hf_item(f"2401.{n:05d}", title) for n, title in enumerate(titles, 1)]
    server.routes["/api/papers/search"] = answer(json.dumps(items).encode())
    server.routes["/api/query"] = answer(atom())


def test_a_run_counts_matches_and_reports_progress(server: StandIn, tmp_path: Path) -> None:
    hf_knows(server, "Found One", "Found Two")
    store = ResolveStore(tmp_path)
    seen: list[tuple[int, int]] = []
    papers = [
        trending("Found One"),
        build_paper(title="Has an id", source="x", arxiv_id="2402.00002"),
        trending("Missing"),
        trending("Found Two"),
    ]
    report = fast(store).resolve(papers, progress=lambda done, total: seen.append((done, total)))
    assert report == ResolveReport(asked=3, matched=2, not_found=1, failed=0, offline=None)
    assert report.summary() == "matched 2 of 3; 1 not found"
    assert seen == [(1, 3), (2, 3), (3, 3)]
    # Asked again: answered from the store, counted the same.
    server.requests.clear()
    again = fast(ResolveStore(tmp_path)).resolve(papers)
    assert again == report and server.requests == []


def test_stopping_counts_the_rest_as_not_asked(server: StandIn, tmp_path: Path) -> None:
    hf_knows(server, "Paper 0")
    seen: list[tuple[int, int]] = []

    def stop() -> bool:  # asked between titles (and between a download's chunks)
        return len(seen) >= 2

    papers = [trending(f"Paper {n}") for n in range(5)]
    resolver = fast(ResolveStore(tmp_path))
    report = resolver.resolve(papers, progress=lambda d, t: seen.append((d, t)), stop=stop)
    assert report == ResolveReport(asked=5, matched=1, not_found=1, failed=3, offline="stopped")
    assert report.summary() == "matched 1 of 5; 1 not found; 3 not asked (stopped)"
    assert seen == [(1, 5), (2, 5)]
    assert fast(ResolveStore(tmp_path)).resolve(papers, stop=lambda: True) == ResolveReport(
        asked=5, failed=5, offline="stopped"
    )


def test_a_failure_midway_stops_asking_and_keeps_what_was_found(
    server: StandIn, tmp_path: Path
) -> None:
    hf_knows(server, "Paper 0")
    store = ResolveStore(tmp_path)
    fast(store).resolve([trending("Paper 0")])
    server.routes["/api/papers/search"] = answer(b"busy", status=503)
    seen: list[tuple[int, int]] = []
    papers = [trending(f"Paper {n}") for n in (1, 0, 2, 3)]
    stopped: list[int] = []

    def stop() -> bool:
        stopped.append(1)
        return False

    report = fast(store).resolve(papers, progress=lambda d, t: seen.append((d, t)), stop=stop)
    url = f"{server.url}/api/papers/search?q=Paper%201"
    assert report.offline == f"{url}: HTTP 503 Service Unavailable"
    assert report.summary() == f"matched 1 of 4; 0 not found; 3 not asked ({report.offline})"
    assert (report.matched, report.not_found, report.failed) == (1, 0, 3)
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert len(server.requests) == 2  # one for Paper 0 earlier, one that failed
    # Stopping after a failure keeps the failure as the reason.
    report = fast(store).resolve(papers, stop=lambda: len(server.requests) > 2)
    assert report.offline is not None and report.offline.endswith("HTTP 503 Service Unavailable")
    assert report.failed == 4  # the one that failed, then the three left when stopped


@pytest.mark.parametrize("status", [400, 404, 410])
def test_the_services_no_such_thing_is_not_found(
    server: StandIn, tmp_path: Path, status: int
) -> None:
    server.routes["/api/papers/search"] = answer(b"", status=status)
    server.routes["/api/query"] = answer(b"", status=status)
    store = ResolveStore(tmp_path)
    report = fast(store).resolve([trending("Missing")])
    assert report.summary() == "matched 0 of 1; 1 not found"
    assert not store.needs_lookup("Missing")


def test_other_client_errors_stop_the_run(server: StandIn, tmp_path: Path) -> None:
    server.routes["/api/papers/search"] = answer(b"", status=401)
    store = ResolveStore(tmp_path)
    report = fast(store).resolve([trending("Missing")])
    assert report.failed == 1 and "HTTP 401" in (report.offline or "")
    assert store.needs_lookup("Missing")


def test_an_answer_over_two_megabytes_is_refused(server: StandIn, tmp_path: Path) -> None:
    server.routes["/api/papers/search"] = answer(b" " * 2_500_000)
    report = fast(ResolveStore(tmp_path)).resolve([trending("Big")])
    assert report.failed == 1
    assert (report.offline or "").endswith("the answer is larger than 2 MB")


def test_each_wait_for_an_answer_is_bounded(server: StandIn, tmp_path: Path) -> None:
    server.routes["/api/papers/search"] = silent(2)
    resolver = Resolver(ResolveStore(tmp_path), per_second=1000, timeout=0.3, deadline=10.0)
    report = resolver.resolve([trending("Slow")])
    assert report.failed == 1
    assert (report.offline or "").endswith("no answer within 0.3 s")
